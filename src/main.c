/* strato: a hosted hypervisor for RISC-V virtual machines. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "vmm/vm.h"

#define STRATO_VERSION "0.1.0"

static void usage(FILE *o)
{
    fprintf(o,
            "usage: strato run [options]\n"
            "       strato --help | --version\n"
            "\n"
            "Runs a RISC-V 64 (RV64GC) virtual machine.\n"
            "\n"
            "options of 'run':\n"
            "  --bios FILE     bare-metal program (ELF, or a flat binary loaded at 0x80000000)\n"
            "                  started in M-mode on every hart; an ELF with a 'tohost' symbol\n"
            "                  may end the run through HTIF\n"
            "  --mem SIZE      guest RAM, e.g. 512M or 2G (a plain number is MiB; default 512M)\n"
            "  --cpus N        number of harts, 1 to 64 (default 1)\n"
            "  --stats         print exits, traps and TLB/decoder counters when the VM ends\n"
            "  -h, --help      this text\n"
            "\n"
            "exit status:\n"
            "  0    the guest powered off (or a bare-metal program passed)\n"
            "  1    host error: bad option, unreadable or invalid image, out of memory\n"
            "  2    the guest asked for a reboot\n"
            "  3    the guest crashed (SBI system reset with reason 'system failure')\n"
            "  N    a bare-metal program's own exit code, through HTIF tohost or the\n"
            "       SiFive test device ((N << 16) | 0x3333 at 0x100000)\n");
}

static int die(const char *fmt, const char *arg)
{
    fprintf(stderr, "strato: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    return VM_EXIT_HOST_ERROR;
}

static int cmd_run(int argc, char **argv)
{
    enum { OPT_BIOS = 256, OPT_MEM, OPT_CPUS, OPT_STATS };
    static const struct option longopts[] = {
        {"bios", required_argument, NULL, OPT_BIOS},
        {"mem", required_argument, NULL, OPT_MEM},
        {"cpus", required_argument, NULL, OPT_CPUS},
        {"stats", no_argument, NULL, OPT_STATS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct vm_options opt = {.mem_size = 512ULL << 20, .ncpus = 1};

    opterr = 0;
    optind = 1;
    for (;;) {
        int c = getopt_long(argc, argv, ":h", longopts, NULL);
        if (c == -1)
            break;
        switch (c) {
        case OPT_BIOS: opt.bios = optarg; break;
        case OPT_MEM:
            if (!parse_size(optarg, &opt.mem_size))
                return die("invalid --mem size '%s' (examples: 512M, 2G)", optarg);
            if (opt.mem_size == 0)
                return die("--mem must be greater than zero (got '%s')", optarg);
            if (opt.mem_size & 0xfff)
                return die("--mem must be a multiple of 4 KiB (got '%s')", optarg);
            break;
        case OPT_CPUS:
            if (!parse_uint(optarg, 1, 64, &opt.ncpus))
                return die("invalid --cpus '%s' (1 to 64)", optarg);
            break;
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
    if (!opt.bios)
        return die("%s", "nothing to run: give --bios FILE");

    struct vm *vm = vm_create(&opt);
    if (!vm)
        return VM_EXIT_HOST_ERROR;
    int status = vm_run(vm);
    if (opt.stats)
        vm_print_stats(vm);
    vm_destroy(vm);
    return status;
}

int main(int argc, char **argv)
{
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
