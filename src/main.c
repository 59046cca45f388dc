/* strato: a hosted hypervisor for RISC-V virtual machines. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backends/console.h"
#include "cli/options.h"
#include "vmm/vm.h"

#define STRATO_VERSION "0.1.0"

static void usage(FILE *o)
{
    fprintf(o,
            "usage: strato run [options]\n"
            "       strato --help | --version\n"
            "\n"
            "Runs a RISC-V 64 (RV64GC) virtual machine.  With no --kernel and no --bios it\n"
            "boots the default guest, Debian 13 (built into ~/.cache/strato on first use).\n"
            "\n"
            "options of 'run':\n"
            "  --guest debian|busybox\n"
            "                   the guest booted when no --kernel is given: 'debian' (default), a\n"
            "                   whole Debian 13 system on a persistent disk (systemd, ssh, apt,\n"
            "                   python3, gcc; login root, no password; --mem defaults to 2G), or\n"
            "                   'busybox', Debian's kernel with a small busybox system\n"
            "  --kernel FILE    Linux kernel Image (RISC-V 'Image' format)\n"
            "  --initrd FILE    initial ramdisk\n"
            "  --append STRING  kernel command line\n"
            "  --mem SIZE       guest RAM, e.g. 512M or 2G (a plain number is MiB; default 512M)\n"
            "  --cpus N         number of harts, 1 to 64 (default 1)\n"
            "  --vcpu-threads K run the harts on K host threads with time slices (default: one\n"
            "                   thread per hart); a hart waiting in WFI gives its thread up at once\n"
            "  --firmware FILE  M-mode firmware that provides SBI, loaded at 0x80000000 (e.g.\n"
            "                   OpenSBI fw_jump.bin or fw_dynamic.bin); without it strato itself\n"
            "                   is the SBI and the kernel starts in S-mode\n"
            "  --dtb FILE       device tree blob to use instead of the generated one (/chosen\n"
            "                   gets the initrd and --append)\n"
            "  --dump-dtb FILE  write the VM's device tree blob to FILE and exit\n"
            "  --bios FILE      bare-metal program (ELF, or a flat binary loaded at 0x80000000)\n"
            "                   started in M-mode on every hart; an ELF with a 'tohost' symbol\n"
            "                   may end the run through HTIF\n"
            "  --disk PATH[,ro][,serial=ID]\n"
            "                   a raw disk image as virtio-blk (repeatable: vda, vdb, ...); ro\n"
            "                   makes it read-only; the image is locked against a second VM\n"
            "  --console serial|virtio\n"
            "                   the console on stdin/stdout: the 16550 UART (ttyS0, default) or\n"
            "                   virtio-console (hvc0; boot with console=hvc0)\n"
            "  --net user[,hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT]...\n"
            "             [,mac=MAC][,mtu=N]  |  tap,ifname=NAME[,mac=MAC]  |  none\n"
            "                   virtio-net: user-mode networking through libslirp (default:\n"
            "                   DHCP, DNS and NAT; the host is 10.0.2.2; hostfwd forwards host\n"
            "                   ports to the guest; mtu 1280..65520, default 65520), an existing\n"
            "                   host tap device, or no network\n"
            "  --mmu MODE       largest paging mode of the harts: sv39, sv48 or sv57 (default)\n"
            "  --engine jit|interp\n"
            "                   how guest code runs: 'jit' (default on x86-64 hosts) translates\n"
            "                   hot code to host code, the rest is interpreted; 'interp' only\n"
            "                   interprets (the reference, and the only engine on other hosts)\n"
            "  --jit-hot N      runs of a block before it is translated (default 32); 1\n"
            "                   translates all code at once, which tests use\n"
            "  --stats          print exits, SBI calls, traps and TLB/decoder counters at the end\n"
            "  -h, --help       this text\n"
            "\n"
            "console: guest serial port on stdin/stdout.  On a terminal, stdin is raw and\n"
            "Ctrl-A starts an escape: Ctrl-A x quits, Ctrl-A h helps, Ctrl-A Ctrl-A sends Ctrl-A.\n"
            "\n"
            "environment: STRATO_CACHE  where the default guest is kept (~/.cache/strato)\n"
            "\n"
            "exit status:\n"
            "  0    the guest powered off (or a bare-metal program passed)\n"
            "  1    host error: bad option, missing or invalid image, not enough memory\n"
            "  2    the guest asked for a reboot\n"
            "  3    the guest crashed (SBI system reset with reason 'system failure')\n"
            "  4    stopped from the host: Ctrl-A x, SIGINT, SIGTERM, SIGHUP\n"
            "  N    with --bios: the program's own exit code, through HTIF tohost or the\n"
            "       SiFive test device ((N << 16) | 0x3333 at 0x100000)\n");
}

static int die(const char *fmt, const char *arg)
{
    fprintf(stderr, "strato: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    return VM_EXIT_HOST_ERROR;
}

/* The default guest comes from scripts/guest beside the binary (it fetches
 * and builds on first use, and prints the cached path). */
static char *default_image(const char *name)
{
    char exe[PATH_MAX], script[PATH_MAX + 32];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    snprintf(script, sizeof(script), "%s/../scripts/guest", exe);
    if (access(script, X_OK) != 0) {
        fprintf(stderr, "strato: no --kernel given and the default guest's script '%s' is missing\n",
                script);
        return NULL;
    }
    char cmd[PATH_MAX + 64];
    snprintf(cmd, sizeof(cmd), "'%s' path %s", script, name);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    char line[PATH_MAX];
    char *r = fgets(line, sizeof(line), p);
    int status = pclose(p);
    if (!r || status != 0) {
        fprintf(stderr, "strato: cannot get the default guest's %s (scripts/guest failed)\n", name);
        return NULL;
    }
    line[strcspn(line, "\n")] = '\0';
    return strdup(line);
}

/* "PATH[,ro][,serial=S]" (",," is a literal comma in PATH, as in QEMU) */
static int parse_disk(char *arg, struct disk_options *d)
{
    char *w = arg, *r = arg;
    memset(d, 0, sizeof(*d));
    d->path = arg;
    for (;;) {
        if (*r == ',' && r[1] == ',') {
            *w++ = ',';
            r += 2;
            continue;
        }
        if (*r == ',' || *r == '\0')
            break;
        *w++ = *r++;
    }
    bool more = *r == ',';
    *w = '\0';
    if (!*d->path)
        return die("invalid --disk '%s' (PATH[,ro][,serial=ID])", arg);
    char *opts = more ? r + 1 : NULL, *save = NULL;
    for (char *tok = opts ? strtok_r(opts, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save)) {
        if (!strcmp(tok, "ro"))
            d->readonly = true;
        else if (!strncmp(tok, "serial=", 7) && strlen(tok + 7) <= 20)
            d->serial = tok + 7;
        else
            return die("unknown --disk option '%s' (ro, serial=ID of up to 20 characters)", tok);
    }
    return 0;
}

static void fatal_signal(int sig)
{
    console_restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void startup_signal(int sig)
{
    (void)sig;
    static const char msg[] = "strato: stopped by a signal during start-up\n";
    ssize_t r = write(STDERR_FILENO, msg, sizeof(msg) - 1);
    (void)r;
    _exit(VM_EXIT_STOPPED);
}

/* The VM's event loop takes termination signals through a signalfd: they
 * must be blocked in every thread, so before the first one is made.  One
 * that came in between stays pending for the event loop. */
static void block_termination_signals(void)
{
    sigset_t set;
    vm_termination_signals(&set);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static int cmd_run(int argc, char **argv)
{
    enum { OPT_BIOS = 256, OPT_MEM, OPT_CPUS, OPT_STATS, OPT_KERNEL, OPT_INITRD, OPT_APPEND,
           OPT_FIRMWARE, OPT_DTB, OPT_DUMP_DTB, OPT_MMU, OPT_DISK, OPT_CONSOLE, OPT_NET,
           OPT_VCPU_THREADS, OPT_GUEST, OPT_ENGINE, OPT_JIT_HOT };
    static const struct option longopts[] = {
        {"kernel", required_argument, NULL, OPT_KERNEL},
        {"initrd", required_argument, NULL, OPT_INITRD},
        {"append", required_argument, NULL, OPT_APPEND},
        {"mem", required_argument, NULL, OPT_MEM},
        {"cpus", required_argument, NULL, OPT_CPUS},
        {"vcpu-threads", required_argument, NULL, OPT_VCPU_THREADS},
        {"firmware", required_argument, NULL, OPT_FIRMWARE},
        {"dtb", required_argument, NULL, OPT_DTB},
        {"dump-dtb", required_argument, NULL, OPT_DUMP_DTB},
        {"bios", required_argument, NULL, OPT_BIOS},
        {"mmu", required_argument, NULL, OPT_MMU},
        {"disk", required_argument, NULL, OPT_DISK},
        {"console", required_argument, NULL, OPT_CONSOLE},
        {"net", required_argument, NULL, OPT_NET},
        {"stats", no_argument, NULL, OPT_STATS},
        {"guest", required_argument, NULL, OPT_GUEST},
        {"engine", required_argument, NULL, OPT_ENGINE},
        {"jit-hot", required_argument, NULL, OPT_JIT_HOT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct vm_options opt = {.mem_size = 512ULL << 20, .ncpus = 1, .mmu = 57};
    bool mem_given = false, guest_given = false, debian = true;

    opterr = 0;
    optind = 1;
    for (;;) {
        int c = getopt_long(argc, argv, ":h", longopts, NULL);
        if (c == -1)
            break;
        switch (c) {
        case OPT_KERNEL: opt.kernel = optarg; break;
        case OPT_INITRD: opt.initrd = optarg; break;
        case OPT_APPEND: opt.append = optarg; break;
        case OPT_FIRMWARE: opt.firmware = optarg; break;
        case OPT_DTB: opt.dtb = optarg; break;
        case OPT_DUMP_DTB: opt.dump_dtb = optarg; break;
        case OPT_BIOS: opt.bios = optarg; break;
        case OPT_GUEST:
            if (!strcmp(optarg, "debian"))
                debian = true;
            else if (!strcmp(optarg, "busybox"))
                debian = false;
            else
                return die("invalid --guest '%s' (debian or busybox)", optarg);
            guest_given = true;
            break;
        case OPT_MEM:
            mem_given = true;
            if (!parse_size(optarg, &opt.mem_size))
                return die("invalid --mem size '%s' (examples: 512M, 2G)", optarg);
            if (opt.mem_size == 0)
                return die("--mem must be greater than zero (got '%s')", optarg);
            if (opt.mem_size & 0xfff)
                return die("--mem must be a multiple of 4 KiB (got '%s')", optarg);
            if (opt.mem_size > (1ULL << 40))
                return die("--mem '%s' is larger than the 1 TiB strato-virt can address", optarg);
            break;
        case OPT_CPUS:
            if (!parse_uint(optarg, 1, 64, &opt.ncpus))
                return die("invalid --cpus '%s' (1 to 64)", optarg);
            break;
        case OPT_VCPU_THREADS:
            if (!parse_uint(optarg, 1, 64, &opt.vcpu_threads))
                return die("invalid --vcpu-threads '%s' (1 to 64)", optarg);
            break;
        case OPT_ENGINE:
            if (!strcmp(optarg, "interp"))
                opt.interp = true;
            else if (!strcmp(optarg, "jit") && engine_has_jit())
                opt.interp = false;
            else if (!strcmp(optarg, "jit"))
                return die("--engine %s: this build has no translator for this host (use interp)", optarg);
            else
                return die("invalid --engine '%s' (jit or interp)", optarg);
            break;
        case OPT_JIT_HOT:
            if (!parse_uint(optarg, 1, 65535, &opt.jit_hot))
                return die("invalid --jit-hot '%s' (1 to 65535)", optarg);
            break;
        case OPT_MMU:
            if (!strcmp(optarg, "sv39"))
                opt.mmu = 39;
            else if (!strcmp(optarg, "sv48"))
                opt.mmu = 48;
            else if (!strcmp(optarg, "sv57"))
                opt.mmu = 57;
            else
                return die("invalid --mmu '%s' (sv39, sv48 or sv57)", optarg);
            break;
        case OPT_DISK:
            if (opt.ndisks == VM_MAX_DISKS)
                return die("too many --disk options (at most %s)", "8");
            if (parse_disk(optarg, &opt.disks[opt.ndisks]))
                return VM_EXIT_HOST_ERROR;
            opt.ndisks++;
            break;
        case OPT_CONSOLE:
            if (!strcmp(optarg, "serial"))
                opt.virtio_console = false;
            else if (!strcmp(optarg, "virtio"))
                opt.virtio_console = true;
            else
                return die("invalid --console '%s' (serial or virtio)", optarg);
            break;
        case OPT_NET: {
            char err[256];
            if (net_parse(optarg, &opt.net, err, sizeof(err)))
                return die("%s", err);
            break;
        }
        case OPT_STATS: opt.stats = true; break;
        case 'h': usage(stdout); return 0;
        case ':': return die("option '%s' needs an argument", argv[optind - 1]);
        case '?':
        default:
            return die("unknown option '%s' (see strato --help)", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return die("unexpected argument '%s' (see strato --help)", argv[optind]);
    if (opt.bios && (opt.kernel || opt.initrd || opt.firmware || opt.dtb || opt.append ||
                     opt.dump_dtb || opt.ndisks || opt.virtio_console))
        return die("%s", "--bios runs a bare-metal program: it does not combine with --kernel, "
                         "--initrd, --append, --firmware, --dtb, --dump-dtb, --disk or --console");

    if (guest_given && (opt.bios || opt.kernel))
        return die("%s", "--guest picks the default guest: it does not combine with --kernel or --bios");

    /* The default guest: a Debian kernel, its initramfs (which carries the
     * modules that reach the disk), and, unless --disk is given, a persistent
     * root disk as vda, mounted on root=/dev/vda.  'debian' is the whole
     * Debian system of scripts/guest debian, with Debian's own kernel and
     * initramfs; 'busybox' the stock kernel with strato's busybox initramfs
     * and rootfs.ext4. */
    char *def_kernel = NULL, *def_initrd = NULL, *def_disk = NULL;
    if (!opt.bios && !opt.kernel) {
        def_kernel = default_image(debian ? "debian-Image" : "Image");
        if (!def_kernel)
            return VM_EXIT_HOST_ERROR;
        opt.kernel = def_kernel;
        if (debian && !mem_given)
            opt.mem_size = 2ULL << 30;
        if (!opt.initrd) {
            def_initrd = default_image(debian ? "debian-initrd" : "initramfs");
            if (def_initrd && !opt.ndisks &&
                !(def_disk = default_image(debian ? "debian-disk" : "rootfs"))) {
                free(def_initrd);
                def_initrd = NULL;
            }
            if (!def_initrd) {
                free(def_kernel);
                return VM_EXIT_HOST_ERROR;
            }
            opt.initrd = def_initrd;
            if (def_disk) {
                opt.disks[0] = (struct disk_options){.path = def_disk};
                opt.ndisks = 1;
                if (!opt.append)
                    opt.append = opt.virtio_console ? "root=/dev/vda console=hvc0"
                                                    : "root=/dev/vda console=ttyS0";
            }
        }
    }

    block_termination_signals();
    struct vm *vm = vm_create(&opt);
    int status = VM_EXIT_HOST_ERROR;
    if (vm) {
        status = vm_run(vm);
        /* the guest's last output reaches stdout before strato ends, unless
         * nobody reads it: then it is given up after a while */
        uint64_t lost = console_flush(2000);
        if (lost)
            fprintf(stderr, "strato: %llu bytes of guest console output lost (stdout was not read)\n",
                    (unsigned long long)lost);
        if (opt.stats)
            vm_print_stats(vm);
        vm_destroy(vm);
    }
    free(def_kernel);
    free(def_initrd);
    free(def_disk);
    return status;
}

int main(int argc, char **argv)
{
    /* Until the VM exists, a termination signal ends strato at once (start-up
     * may wait on a child building the default guest); from then on the VM's
     * event loop takes them (see block_termination_signals).  A crash still
     * puts the terminal back. */
    struct sigaction sa = {.sa_handler = startup_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGSEGV, fatal_signal);
    signal(SIGBUS, fatal_signal);
    signal(SIGABRT, fatal_signal);
    signal(SIGFPE, fatal_signal);

    if (argc < 2) {
        usage(stderr);
        return VM_EXIT_HOST_ERROR;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("strato %s\n", STRATO_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "run"))
        return cmd_run(argc - 1, argv + 1);
    return die("unknown command '%s' (see strato --help)", argv[1]);
}
