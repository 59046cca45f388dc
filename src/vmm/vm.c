/* One VM: builds the memory map and the devices, loads the images, creates
 * the vCPUs, runs them on the scheduler, and tears everything down. */
#include "vmm/vm.h"

#include <errno.h>
#include <fcntl.h>
#include <libfdt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "backends/console.h"
#include "backends/evloop.h"
#include "devices/aclint.h"
#include "devices/bus.h"
#include "devices/plic.h"
#include "devices/rtc_goldfish.h"
#include "devices/uart16550.h"
#include "devices/virtio/blk.h"
#include "backends/net_slirp.h"
#include "backends/net_tap.h"
#include "devices/virtio/console.h"
#include "devices/virtio/rng.h"
#include "vmm/alloc.h"
#include "vmm/fdt.h"
#include "vmm/loader.h"
#include "vmm/sched.h"

#define KERNEL_OFFSET 0x200000ULL /* RV64 kernels are loaded 2 MiB into RAM */
#define FDT_MAX (64 * 1024)

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Guest time: the host monotonic clock at 10 MHz, zero at VM creation. */
uint64_t vm_time(struct vm *vm)
{
    return (mono_ns() - vm->clock_start_ns) / 100;
}

uint8_t *vm_ram_ptr(struct vm *vm, uint64_t gpa, uint64_t len)
{
    if (gpa < vm->ram_base || gpa - vm->ram_base > vm->ram_size ||
        len > vm->ram_size - (gpa - vm->ram_base))
        return NULL;
    return vm->ram + (gpa - vm->ram_base);
}

static uint64_t time_cb(void *opaque)
{
    return vm_time(opaque);
}

static void wake_cb(void *opaque, unsigned hart)
{
    struct vm *vm = opaque;
    if (hart < vm->ncpus)
        sched_wake(&vm->cpus[hart]);
}

void vm_stop(struct vm *vm, int status)
{
    pthread_mutex_lock(&vm->stop_lock);
    if (!atomic_load(&vm->stopping)) {
        vm->exit_status = status;
        atomic_store(&vm->stopping, true);
    }
    pthread_mutex_unlock(&vm->stop_lock);
    for (unsigned i = 0; i < vm->ncpus; i++) {
        vcpu_irq_kick(&vm->cpus[i].lines);
        sched_wake(&vm->cpus[i]);
    }
}

/* ---- device glue ---- */

/* A bare-metal program's exit code as a process status: a non-zero code that
 * is a multiple of 256 would read as success in 8 bits, so it becomes 255. */
static int program_status(unsigned code)
{
    return code == 0 ? 0 : (code & 0xff) ? (int)(code & 0xff) : 255;
}

static void syscon_event(void *opaque, enum syscon_event ev, unsigned code)
{
    struct vm *vm = opaque;
    switch (ev) {
    case SYSCON_POWEROFF: vm_stop(vm, VM_EXIT_POWEROFF); break;
    case SYSCON_REBOOT: vm_stop(vm, VM_EXIT_REBOOT); break;
    case SYSCON_FAIL: vm_stop(vm, program_status(code)); break;
    }
}

static void htif_exit(void *opaque, unsigned code)
{
    vm_stop(opaque, program_status(code));
}

static void htif_putc(void *opaque, uint8_t ch)
{
    (void)opaque;
    console_write(&ch, 1);
}

static void uart_tx(void *opaque, const uint8_t *buf, size_t len)
{
    (void)opaque;
    console_write(buf, len);
}

static void uart_irq(void *opaque, bool level)
{
    struct vm *vm = opaque;
    plic_set_irq(vm->plic, VIRT_UART0_IRQ, level);
}

static void uart_space(void *opaque)
{
    struct vm *vm = opaque;
    if (vm->console)
        console_rx_space(vm->console);
}

static size_t console_deliver(void *opaque, const uint8_t *buf, size_t len)
{
    struct vm *vm = opaque;
    if (vm->vcon_dev)
        return virtio_console_receive(vm->vcon_dev, buf, len);
    return uart_receive(vm->uart, buf, len);
}

static void console_quit(void *opaque)
{
    vm_stop(opaque, VM_EXIT_STOPPED);
}

/* a virtio-mmio slot: the transport plus the PLIC source its interrupt drives */
struct virtio_slot {
    struct virtio_dev dev;
    struct vm *vm;
    unsigned source;
};

static void virtio_irq(void *opaque, bool level)
{
    struct virtio_slot *s = opaque;
    plic_set_irq(s->vm->plic, s->source, level);
}

struct virtio_dev *vm_add_virtio(struct vm *vm, const struct virtio_ops *ops, void *priv,
                                 uint64_t extra_features, char *err, unsigned errlen)
{
    if (vm->nvirtio == VM_MAX_VIRTIO) {
        snprintf(err, errlen, "too many virtio devices (at most %d)", VM_MAX_VIRTIO);
        return NULL;
    }
    struct virtio_slot *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    unsigned n = vm->nvirtio;
    uint64_t base = VIRT_VIRTIO_BASE + 0x1000ULL * n;
    struct guest_ram ram = {vm->ram, vm->ram_base, vm->ram_size, vm->emem};
    s->vm = vm;
    s->source = VIRT_VIRTIO_IRQ + n;
    virtio_init(&s->dev, ops, priv, &ram, virtio_irq, s, base);
    s->dev.features |= extra_features;
    if (bus_map(vm->bus, base, 0x1000, &virtio_mmio_ops, &s->dev)) {
        free(s);
        snprintf(err, errlen, "cannot map virtio slot %u", n);
        return NULL;
    }
    vm->virtio[vm->nvirtio++] = &s->dev;
    return &s->dev;
}

static void vcon_tx(void *opaque, const uint8_t *buf, size_t len)
{
    (void)opaque;
    console_write(buf, len);
}

/* virtio-net and its host backend (slirp or tap), all on the event loop */
static int create_net(struct vm *vm, const struct net_options *o, char *err, unsigned errlen)
{
    if (o->kind == NET_NONE)
        return 0;
    static const uint8_t default_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    struct virtio_net *n = virtio_net_create(vm->loop, o->mac_set ? o->mac : default_mac);
    if (!n) {
        snprintf(err, errlen, "virtio-net: out of memory");
        return -1;
    }
    struct net_peer peer = virtio_net_peer(n);
    /* (a failure below leaves the backend's callbacks registered with the
     * event loop, which never starts then: the VM is not created) */
    struct net_backend *b = o->kind == NET_TAP
                                ? net_tap_create(vm->loop, o->ifname, &peer, err, errlen)
                                : net_slirp_create(vm->loop, o->fwd, o->nfwd, o->mtu, &peer, err, errlen);
    if (!b) {
        virtio_net_destroy(n);
        return -1;
    }
    struct virtio_dev *d = vm_add_virtio(vm, &virtio_net_ops, n, virtio_net_features(b), err, errlen);
    virtio_net_attach(n, d, b);
    if (!d || evloop_add_tick(vm->loop, virtio_net_tick, NULL, n)) {
        if (d)
            snprintf(err, errlen, "virtio-net: the event loop has no room for it");
        virtio_net_destroy(n);
        return -1;
    }
    vm->net = n;
    return 0;
}

/* the paravirtual devices: disks first (vda, vdb, ... in order), then the
 * others; bare-metal programs get none */
static int create_virtio(struct vm *vm, char *err, unsigned errlen)
{
    for (unsigned i = 0; i < vm->opt.ndisks; i++) {
        const struct disk_options *o = &vm->opt.disks[i];
        struct disk disk;
        if (disk_open(&disk, o->path, o->readonly, err, errlen))
            return -1;
        char serial[24];
        snprintf(serial, sizeof(serial), "strato-vd%c", 'a' + i);
        vm->blk[i] = virtio_blk_create(&disk, o->serial ? o->serial : serial);
        if (!vm->blk[i]) {
            disk_close(&disk);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        if (!vm_add_virtio(vm, &virtio_blk_ops, vm->blk[i], virtio_blk_features(vm->blk[i]), err,
                           errlen))
            return -1;
    }
    if (create_net(vm, &vm->opt.net, err, errlen))
        return -1;
    vm->rng = virtio_rng_create();
    if (!vm->rng || !vm_add_virtio(vm, &virtio_rng_ops, vm->rng, 0, err, errlen))
        return -1;
    if (vm->opt.virtio_console) {
        struct virtio_console_host h = {vcon_tx, uart_space, vm};
        vm->vcon = virtio_console_create(&h);
        if (!vm->vcon)
            return -1;
        vm->vcon_dev = vm_add_virtio(vm, &virtio_console_ops, vm->vcon, 0, err, errlen);
        if (!vm->vcon_dev)
            return -1;
    }
    return 0;
}

static void rtc_irq(void *opaque, bool level)
{
    struct vm *vm = opaque;
    plic_set_irq(vm->plic, VIRT_RTC_IRQ, level);
}

static void rtc_tick(void *opaque)
{
    struct vm *vm = opaque;
    rtc_poll(vm->rtc);
}

static int64_t rtc_timeout(void *opaque)
{
    struct vm *vm = opaque;
    int64_t ns = rtc_alarm_in_ns(vm->rtc);
    /* an alarm years away (any 64-bit value the guest wrote) is looked at
     * again in a day: no overflow on the way to milliseconds */
    const int64_t day_ns = 86400LL * 1000000000LL;
    return ns < 0 ? -1 : ((ns < day_ns ? ns : day_ns) + 999999) / 1000000;
}

static void on_signal(void *opaque, uint32_t events)
{
    struct vm *vm = opaque;
    struct signalfd_siginfo si;
    (void)events;
    if (read(vm->signal_fd, &si, sizeof(si)) != sizeof(si))
        return;
    console_restore_terminal();
    fprintf(stderr, "\nstrato: terminated by signal %u (%s)\n", si.ssi_signo,
            strsignal((int)si.ssi_signo));
    vm_stop(vm, VM_EXIT_STOPPED);
}

void vm_termination_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
    sigaddset(set, SIGQUIT);
}

/* ---- construction ---- */

static void *fail(struct vm *vm, const char *msg)
{
    if (msg)
        fprintf(stderr, "strato: %s\n", msg);
    vm_destroy(vm);
    return NULL;
}

static int create_vcpus(struct vm *vm, bool sbi_exits)
{
    for (unsigned i = 0; i < vm->ncpus; i++) {
        struct vcpu_ctx *c = &vm->cpus[i];
        c->vm = vm;
        c->id = i;
        pthread_mutex_init(&c->lock, NULL);
        atomic_store(&c->lines.timecmp[0], UINT64_MAX);
        atomic_store(&c->lines.timecmp[1], UINT64_MAX);
        atomic_store(&c->lines.preempt_at, UINT64_MAX);
        struct vcpu_config cfg = {
            .hartid = i,
            .mem = vm->emem,
            .irq = &c->lines,
            .sbi_exits = sbi_exits,
            .max_satp_mode = vm->opt.mmu == 39 ? 8 : vm->opt.mmu == 48 ? 9 : 10,
            .jit = !vm->opt.interp && engine_has_jit(),
            .jit_hot = vm->opt.jit_hot,
            .read_time = time_cb,
            .time_opaque = vm,
        };
        c->vcpu = vcpu_create(&cfg);
        if (!c->vcpu)
            return -1;
    }
    return 0;
}

static int create_devices(struct vm *vm)
{
    struct vcpu_irq_lines *lines[64];
    for (unsigned i = 0; i < vm->ncpus; i++)
        lines[i] = &vm->cpus[i].lines;
    struct irq_harts harts = {vm->ncpus, lines, wake_cb, time_cb, vm};

    vm->loop = evloop_create();
    vm->clint = aclint_create(vm->ncpus, &harts);
    vm->plic = plic_create(&harts);
    struct uart_host uh = {.tx = uart_tx, .rx_space = uart_space, .set_irq = uart_irq, .opaque = vm};
    vm->uart = uart_create(&uh);
    vm->rtc = rtc_create(rtc_irq, vm);
    vm->syscon.event = syscon_event;
    vm->syscon.opaque = vm;
    if (!vm->loop || !vm->clint || !vm->plic || !vm->uart || !vm->rtc)
        return -1;
    if (bus_map(vm->bus, VIRT_TEST_BASE, SYSCON_SIZE, &syscon_ops, &vm->syscon) ||
        bus_map(vm->bus, VIRT_RTC_BASE, RTC_SIZE, &rtc_ops, vm->rtc) ||
        bus_map(vm->bus, VIRT_CLINT_BASE, ACLINT_SIZE, &aclint_ops, vm->clint) ||
        bus_map(vm->bus, VIRT_PLIC_BASE, PLIC_SIZE, &plic_ops, vm->plic) ||
        bus_map(vm->bus, VIRT_UART0_BASE, UART_SIZE, &uart_ops, vm->uart))
        return -1;

    struct console_sink sink = {console_deliver, console_quit, vm};
    vm->console = console_create(vm->loop, &sink);
    if (!vm->console)
        return -1;
    evloop_add_tick(vm->loop, rtc_tick, rtc_timeout, vm);

    sigset_t set;
    vm_termination_signals(&set);
    vm->signal_fd = signalfd(-1, &set, SFD_CLOEXEC);
    if (vm->signal_fd >= 0)
        evloop_add_fd(vm->loop, vm->signal_fd, POLLIN, on_signal, vm);
    return 0;
}

/* bare-metal program: M-mode at its entry on every hart, HTIF if it has tohost */
static int boot_bios(struct vm *vm, char *err, unsigned errlen)
{
    struct loaded_image img;
    if (loader_load_bios(vm->opt.bios, vm->ram, vm->ram_base, vm->ram_size, vm->ram_base, &img, err,
                         errlen))
        return -1;
    if (img.tohost) {
        uint64_t th = img.tohost, fh = img.fromhost;
        if (!vm_ram_ptr(vm, th, 8) || (fh && !vm_ram_ptr(vm, fh, 8))) {
            snprintf(err, errlen, "the ELF file's tohost/fromhost symbols are outside guest RAM");
            return -1;
        }
        vm->htif.tohost = vm_ram_ptr(vm, th, 8);
        vm->htif.fromhost = fh ? vm_ram_ptr(vm, fh, 8) : NULL;
        vm->htif.exit = htif_exit;
        vm->htif.putc = htif_putc;
        vm->htif.opaque = vm;
        if (engine_mem_trap_range(vm->emem, th, 8) ||
            bus_map(vm->bus, th, 8, &htif_tohost_ops, &vm->htif) ||
            (fh && (engine_mem_trap_range(vm->emem, fh, 8) ||
                    bus_map(vm->bus, fh, 8, &htif_fromhost_ops, &vm->htif)))) {
            snprintf(err, errlen, "cannot map the HTIF tohost/fromhost words");
            return -1;
        }
    }
    for (unsigned i = 0; i < vm->ncpus; i++) {
        struct vcpu *v = vm->cpus[i].vcpu;
        vcpu_set_reg(v, VCPU_REG_PC, img.entry);
        vcpu_set_reg(v, VCPU_REG_PRIV, 3);
        vcpu_set_reg(v, VCPU_REG_X0 + 10, i);
        vcpu_set_reg(v, VCPU_REG_X0 + 11, 0);
    }
    return 0;
}

/* The device tree: generated, or the user's with /chosen filled in. */
static int make_fdt(struct vm *vm, void *buf, char *err, unsigned errlen)
{
    if (!vm->opt.dtb) {
        int r = fdt_build(vm, buf, FDT_MAX);
        if (r) {
            snprintf(err, errlen, "cannot build the device tree: %s", fdt_strerror(r));
            return -1;
        }
        return 0;
    }
    uint64_t size;
    uint8_t *f = loader_read_file(vm->opt.dtb, FDT_MAX, "the device tree buffer", &size, err, errlen);
    if (!f)
        return -1;
    int r = size >= sizeof(struct fdt_header) ? fdt_check_header(f) : -FDT_ERR_TRUNCATED;
    if (!r && fdt_totalsize(f) > size)
        r = -FDT_ERR_TRUNCATED;
    if (!r)
        r = fdt_open_into(f, buf, FDT_MAX);
    free(f);
    int chosen = r ? r : fdt_path_offset(buf, "/chosen");
    if (chosen == -FDT_ERR_NOTFOUND)
        chosen = fdt_add_subnode(buf, 0, "chosen");
    r = chosen < 0 ? chosen : 0;
    if (!r && vm->opt.append)
        r = fdt_setprop_string(buf, chosen, "bootargs", vm->opt.append);
    if (!r && vm->initrd_size) {
        r = fdt_setprop_u64(buf, chosen, "linux,initrd-start", vm->initrd_start);
        if (!r)
            r = fdt_setprop_u64(buf, chosen, "linux,initrd-end", vm->initrd_start + vm->initrd_size);
    }
    if (!r)
        r = fdt_pack(buf);
    if (r) {
        snprintf(err, errlen, "'%s' is not a usable device tree blob: %s", vm->opt.dtb,
                 fdt_strerror(r));
        return -1;
    }
    return 0;
}

/* OpenSBI's fw_dynamic handoff (docs/firmware/fw_dynamic.md) */
struct fw_dynamic_info {
    uint64_t magic, version, next_addr, next_mode, options, boot_hart;
};

/* Linux: the kernel 2 MiB into RAM, the device tree in the top 2 MiB-aligned
 * slot, the initrd just below it.  Direct boot starts hart 0 in S-mode with
 * the VMM as SBI; firmware boot starts every hart in M-mode in the firmware. */
static int boot_linux(struct vm *vm, char *err, unsigned errlen)
{
    const struct vm_options *o = &vm->opt;
    uint64_t ram_end = vm->ram_base + vm->ram_size;
    uint64_t kernel_addr = vm->ram_base + KERNEL_OFFSET, kernel_end;

    if (vm->ram_size < KERNEL_OFFSET + (4ULL << 20)) {
        snprintf(err, errlen, "--mem %llu KiB is too small to boot Linux",
                 (unsigned long long)(vm->ram_size >> 10));
        return -1;
    }
    if (o->firmware) {
        struct loaded_image fw;
        if (loader_load_bios(o->firmware, vm->ram, vm->ram_base, vm->ram_size, vm->ram_base, &fw,
                             err, errlen))
            return -1;
        if (fw.low < vm->ram_base || fw.high > kernel_addr || fw.entry != vm->ram_base) {
            snprintf(err, errlen,
                     "firmware '%s' must load at %#llx and end below the kernel at %#llx",
                     o->firmware, (unsigned long long)vm->ram_base, (unsigned long long)kernel_addr);
            return -1;
        }
    }
    if (loader_load_kernel(o->kernel, vm->ram, vm->ram_base, vm->ram_size, kernel_addr, &kernel_end,
                           err, errlen))
        return -1;

    uint64_t fdt_addr = (ram_end - FDT_MAX) & ~((2ULL << 20) - 1);
    if (fdt_addr < kernel_end) {
        snprintf(err, errlen, "--mem is too small for this kernel (%llu MiB of it) and a device tree",
                 (unsigned long long)((kernel_end - vm->ram_base) >> 20));
        return -1;
    }
    if (o->initrd && loader_load_high(o->initrd, "initrd", vm->ram, vm->ram_base, kernel_end,
                                      fdt_addr, &vm->initrd_start, &vm->initrd_size, err, errlen))
        return -1;

    uint8_t *fdt = vm_ram_ptr(vm, fdt_addr, FDT_MAX);
    if (make_fdt(vm, fdt, err, errlen))
        return -1;
    if (o->dump_dtb) {
        FILE *f = fopen(o->dump_dtb, "wb");
        /* fclose is called exactly once, whether the write failed or not
         * (a second fclose of a failed stream is a double free) */
        bool ok = f && fwrite(fdt, fdt_totalsize(fdt), 1, f) == 1;
        int saved = errno;
        if (f && fclose(f) != 0 && ok) {
            ok = false;
            saved = errno;
        }
        if (!ok) {
            snprintf(err, errlen, "cannot write '%s': %s", o->dump_dtb, strerror(saved));
            return -1;
        }
        return 1;
    }

    if (o->firmware) {
        uint64_t info_addr = fdt_addr + ((fdt_totalsize(fdt) + 0xfff) & ~0xfffULL);
        struct fw_dynamic_info info = {
            .magic = 0x4942534f, .version = 2, .next_addr = kernel_addr, .next_mode = 1,
            .options = 0, .boot_hart = 0,
        };
        memcpy(vm_ram_ptr(vm, info_addr, sizeof(info)), &info, sizeof(info));
        for (unsigned i = 0; i < vm->ncpus; i++) {
            struct vcpu *v = vm->cpus[i].vcpu;
            vcpu_set_reg(v, VCPU_REG_PC, vm->ram_base);
            vcpu_set_reg(v, VCPU_REG_PRIV, 3);
            vcpu_set_reg(v, VCPU_REG_X0 + 10, i);
            vcpu_set_reg(v, VCPU_REG_X0 + 11, fdt_addr);
            vcpu_set_reg(v, VCPU_REG_X0 + 12, info_addr);
        }
        return 0;
    }

    /* Direct boot: what firmware would have set up before entering S-mode.
     * There is no M-mode software, so every trap goes to S (all delegable
     * exceptions and the S interrupts delegated), S may read the counters,
     * and PMP allows everything. */
    for (unsigned i = 0; i < vm->ncpus; i++) {
        struct vcpu *v = vm->cpus[i].vcpu;
        vcpu_set_reg(v, VCPU_REG_CSR + 0x302, 0xb3ff);            /* medeleg */
        vcpu_set_reg(v, VCPU_REG_CSR + 0x303, 0x222);             /* mideleg: SSI STI SEI */
        vcpu_set_reg(v, VCPU_REG_CSR + 0x306, 7);                 /* mcounteren: CY TM IR */
        /* scounteren: TM, as Linux's SBI PMU driver would set it (strato's SBI has no
         * PMU, so nothing else does): user space reads time (vDSO clock_gettime) */
        vcpu_set_reg(v, VCPU_REG_CSR + 0x106, 2);
        vcpu_set_reg(v, VCPU_REG_CSR + 0x30a,                     /* menvcfg: STCE CBZE CBCFE CBIE */
                     (1ULL << 63) | (1 << 7) | (1 << 6) | (1 << 4));
        vcpu_set_reg(v, VCPU_REG_CSR + 0x3b0, ~0ULL >> 10);       /* pmpaddr0: all memory */
        vcpu_set_reg(v, VCPU_REG_CSR + 0x3a0, 0x1f);              /* pmpcfg0: NAPOT RWX */
        vcpu_set_reg(v, VCPU_REG_PRIV, 1);
        atomic_store(&vm->cpus[i].hsm, i == 0 ? HSM_STARTED : HSM_STOPPED);
    }
    struct vcpu *boot = vm->cpus[0].vcpu;
    vcpu_set_reg(boot, VCPU_REG_PC, kernel_addr);
    vcpu_set_reg(boot, VCPU_REG_X0 + 10, 0);
    vcpu_set_reg(boot, VCPU_REG_X0 + 11, fdt_addr);
    return 0;
}

struct vm *vm_create(const struct vm_options *opt)
{
    char err[320];
    struct vm *vm = calloc(1, sizeof(*vm));
    if (!vm) {
        fprintf(stderr, "strato: out of memory\n");
        return NULL;
    }
    vm->opt = *opt;
    vm->ncpus = opt->ncpus;
    vm->ram_base = VIRT_RAM_BASE;
    vm->ram_size = opt->mem_size;
    vm->clock_start_ns = mono_ns();
    vm->exit_status = VM_EXIT_POWEROFF;
    vm->signal_fd = -1;
    pthread_mutex_init(&vm->stop_lock, NULL);

    vm->ram = alloc_guest_ram(vm->ram_size, err, sizeof(err));
    if (!vm->ram)
        return fail(vm, err);
    vm->emem = engine_mem_create(vm->ram_base, vm->ram_size, vm->ram);
    vm->bus = bus_create();
    vm->cpus = calloc(vm->ncpus, sizeof(*vm->cpus));
    if (!vm->emem || !vm->bus || !vm->cpus)
        return fail(vm, "out of memory");

    /* the VMM is the SBI unless the guest brings its own M-mode software */
    bool sbi_exits = !opt->bios && !opt->firmware;
    sched_init(vm, opt->vcpu_threads);
    if (create_vcpus(vm, sbi_exits))
        return fail(vm, "cannot create the vCPUs");
    if (create_devices(vm))
        return fail(vm, "cannot create the devices");

    if (!opt->bios && create_virtio(vm, err, sizeof(err)))
        return fail(vm, err);
    int r = opt->bios ? boot_bios(vm, err, sizeof(err)) : boot_linux(vm, err, sizeof(err));
    if (r < 0)
        return fail(vm, err);
    if (r > 0) { /* --dump-dtb: done */
        vm->exit_status = VM_EXIT_POWEROFF;
        atomic_store(&vm->stopping, true);
    }
    return vm;
}

void vm_destroy(struct vm *vm)
{
    if (!vm)
        return;
    if (vm->loop)
        evloop_stop(vm->loop);
    console_destroy(vm->console);
    if (vm->cpus) {
        for (unsigned i = 0; i < vm->ncpus; i++) {
            if (!vm->cpus[i].vm)
                continue;
            vcpu_destroy(vm->cpus[i].vcpu);
            pthread_mutex_destroy(&vm->cpus[i].lock);
            pthread_cond_destroy(&vm->cpus[i].cond);
        }
        free(vm->cpus);
        sched_destroy(vm);
    }
    if (vm->net)
        virtio_net_destroy(vm->net);
    evloop_destroy(vm->loop);
    for (unsigned i = 0; i < vm->nvirtio; i++) {
        virtio_destroy(vm->virtio[i]);
        free(vm->virtio[i]); /* the slot: dev is its first member */
    }
    for (unsigned i = 0; i < VM_MAX_DISKS; i++)
        virtio_blk_destroy(vm->blk[i]);
    virtio_rng_destroy(vm->rng);
    virtio_console_destroy(vm->vcon);
    if (vm->signal_fd >= 0)
        close(vm->signal_fd);
    uart_destroy(vm->uart);
    rtc_destroy(vm->rtc);
    plic_destroy(vm->plic);
    aclint_destroy(vm->clint);
    bus_destroy(vm->bus);
    engine_mem_destroy(vm->emem);
    free_guest_ram(vm->ram, vm->ram_size);
    pthread_mutex_destroy(&vm->stop_lock);
    free(vm);
}

int vm_run(struct vm *vm)
{
    if (atomic_load(&vm->stopping))
        return vm->exit_status; /* nothing to run (--dump-dtb) */
    if (evloop_start(vm->loop)) {
        fprintf(stderr, "strato: cannot start the event loop thread\n");
        return VM_EXIT_HOST_ERROR;
    }
    if (sched_start(vm))
        return VM_EXIT_HOST_ERROR;
    sched_join(vm);
    evloop_stop(vm->loop);
    return vm->exit_status;
}

void vm_print_stats(struct vm *vm)
{
    static const char *const exit_names[EXIT_REASON_COUNT] = {
        "none", "mmio", "sbi", "wfi", "shutdown", "interrupt", "error",
    };
    static const char *const exc_names[16] = {
        "insn-misaligned", "insn-access", "illegal-insn", "breakpoint", "load-misaligned",
        "load-access", "store-misaligned", "store-access", "ecall-u", "ecall-s", "10", "ecall-m",
        "insn-page", "load-page", "14", "store-page",
    };
    static const char *const irq_names[16] = {
        "0", "s-soft", "2", "m-soft", "4", "s-timer", "6", "m-timer", "8", "s-ext", "10", "m-ext",
    };
    static const char *const sbi_names[SBI_STAT_N] = {
        "legacy", "base", "time", "ipi", "rfence", "hsm", "srst", "dbcn", "other",
    };
    FILE *o = stderr;
    fprintf(o, "strato: statistics\n");
    uint64_t rss, peak, guest;
    if (alloc_host_usage(vm->ram, vm->ram_size, &rss, &peak, &guest) == 0)
        fprintf(o, "  host memory: %llu KiB resident (peak %llu KiB), %llu KiB of it guest RAM, "
                   "%llu KiB strato's own\n",
                (unsigned long long)(rss >> 10), (unsigned long long)(peak >> 10),
                (unsigned long long)(guest >> 10),
                (unsigned long long)((rss > guest ? rss - guest : 0) >> 10));
    for (unsigned i = 0; i < vm->ncpus; i++) {
        struct vcpu_ctx *c = &vm->cpus[i];
        const struct vcpu_stats *s = vcpu_stats(c->vcpu);
        fprintf(o, "  vcpu%u: %llu instructions, %llu TLB misses, %llu blocks decoded, %llu invalidated\n",
                i, (unsigned long long)s->instret, (unsigned long long)s->tlb_misses,
                (unsigned long long)s->blocks_decoded, (unsigned long long)s->code_flushes);
        fprintf(o, "    block arena: %llu KiB, %llu flushes when full, %llu given back when idle\n",
                (unsigned long long)(s->arena_size >> 10), (unsigned long long)s->arena_flushes,
                (unsigned long long)s->arena_trims);
        if (!vm->opt.interp && engine_has_jit())
            fprintf(o, "    jit: %llu blocks translated, %llu KiB of host code, %llu left to the "
                       "interpreter mid-block, %llu cache flushes, %llu direct links, %llu blocks "
                       "in regions, %llu TLB-miss slow-path calls\n",
                    (unsigned long long)s->jit_blocks, (unsigned long long)(s->jit_bytes >> 10),
                    (unsigned long long)s->jit_resumes, (unsigned long long)s->jit_flushes,
                    (unsigned long long)s->jit_links, (unsigned long long)s->jit_region_blocks,
                    (unsigned long long)s->jit_slow_calls);
        fprintf(o, "    exits:");
        for (unsigned r = 1; r < EXIT_REASON_COUNT; r++)
            if (c->exits[r])
                fprintf(o, " %s=%llu", exit_names[r], (unsigned long long)c->exits[r]);
        fprintf(o, "\n    sbi:");
        for (unsigned k = 0; k < SBI_STAT_N; k++)
            if (c->sbi_calls[k])
                fprintf(o, " %s=%llu", sbi_names[k], (unsigned long long)c->sbi_calls[k]);
        fprintf(o, "\n    traps:");
        for (unsigned k = 0; k < 16; k++)
            if (s->exceptions[k])
                fprintf(o, " %s=%llu", exc_names[k], (unsigned long long)s->exceptions[k]);
        for (unsigned k = 0; k < 16; k++)
            if (s->interrupts[k])
                fprintf(o, " %s=%llu", irq_names[k] ? irq_names[k] : "?", (unsigned long long)s->interrupts[k]);
        fprintf(o, "\n");
    }
    if (vm->net)
        virtio_net_print_stats(vm->net, o);
}
