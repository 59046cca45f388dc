/* One VM: builds the memory map and the devices, creates the vCPUs, runs
 * them on the scheduler, and tears everything down. */
#include "vmm/vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backends/console.h"
#include "devices/aclint.h"
#include "devices/bus.h"
#include "devices/uart16550.h"
#include "vmm/alloc.h"
#include "vmm/dispatch.h"
#include "vmm/loader.h"
#include "vmm/sched.h"

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

static int fail(struct vm *vm, const char *msg)
{
    fprintf(stderr, "strato: %s\n", msg);
    vm_destroy(vm);
    return -1;
}

struct vm *vm_create(const struct vm_options *opt)
{
    char err[256];
    struct vm *vm = calloc(1, sizeof(*vm));
    if (!vm)
        return NULL;
    vm->opt = *opt;
    vm->ncpus = opt->ncpus;
    vm->ram_base = VIRT_RAM_BASE;
    vm->ram_size = opt->mem_size;
    vm->clock_start_ns = mono_ns();
    vm->exit_status = VM_EXIT_POWEROFF;
    pthread_mutex_init(&vm->stop_lock, NULL);

    vm->ram = alloc_guest_ram(vm->ram_size, err, sizeof(err));
    if (!vm->ram) {
        fail(vm, err);
        return NULL;
    }
    vm->emem = engine_mem_create(vm->ram_base, vm->ram_size, vm->ram);
    vm->bus = bus_create();
    vm->cpus = calloc(vm->ncpus, sizeof(*vm->cpus));
    if (!vm->emem || !vm->bus || !vm->cpus) {
        fail(vm, "out of memory");
        return NULL;
    }

    /* vCPUs */
    struct vcpu_irq_lines **lines = calloc(vm->ncpus, sizeof(*lines));
    if (!lines) {
        fail(vm, "out of memory");
        return NULL;
    }
    for (unsigned i = 0; i < vm->ncpus; i++) {
        struct vcpu_ctx *c = &vm->cpus[i];
        c->vm = vm;
        c->id = i;
        pthread_mutex_init(&c->lock, NULL);
        pthread_cond_init(&c->cond, NULL);
        atomic_store(&c->lines.timecmp[0], UINT64_MAX);
        atomic_store(&c->lines.timecmp[1], UINT64_MAX);
        lines[i] = &c->lines;
        struct vcpu_config cfg = {
            .hartid = i,
            .mem = vm->emem,
            .irq = &c->lines,
            .sbi_exits = false,
            .read_time = time_cb,
            .time_opaque = vm,
        };
        c->vcpu = vcpu_create(&cfg);
        if (!c->vcpu) {
            free(lines);
            fail(vm, "cannot create vCPU");
            return NULL;
        }
    }

    /* devices */
    struct irq_harts harts = {vm->ncpus, lines, wake_cb, time_cb, vm};
    vm->clint = aclint_create(vm->ncpus, &harts);
    free(lines);
    struct uart_host uh = {.tx = uart_tx, .opaque = vm};
    vm->uart = uart_create(&uh);
    vm->syscon.event = syscon_event;
    vm->syscon.opaque = vm;
    if (!vm->clint || !vm->uart) {
        fail(vm, "out of memory");
        return NULL;
    }
    bus_map(vm->bus, VIRT_TEST_BASE, SYSCON_SIZE, &syscon_ops, &vm->syscon);
    bus_map(vm->bus, VIRT_CLINT_BASE, ACLINT_SIZE, &aclint_ops, vm->clint);
    bus_map(vm->bus, VIRT_UART0_BASE, UART_SIZE, &uart_ops, vm->uart);

    /* boot: a bare-metal program in M-mode on every hart */
    if (opt->bios) {
        struct loaded_image img;
        if (loader_load_bios(opt->bios, vm->ram, vm->ram_base, vm->ram_size, vm->ram_base, &img,
                             err, sizeof(err))) {
            fail(vm, err);
            return NULL;
        }
        if (img.tohost) {
            uint64_t th = img.tohost, fh = img.fromhost;
            if (th < vm->ram_base || th - vm->ram_base > vm->ram_size - 8 ||
                (fh && (fh < vm->ram_base || fh - vm->ram_base > vm->ram_size - 8))) {
                fail(vm, "the ELF file's tohost/fromhost symbols are outside guest RAM");
                return NULL;
            }
            vm->htif.tohost = vm->ram + (th - vm->ram_base);
            vm->htif.fromhost = fh ? vm->ram + (fh - vm->ram_base) : NULL;
            vm->htif.exit = htif_exit;
            vm->htif.putc = htif_putc;
            vm->htif.opaque = vm;
            if (engine_mem_trap_range(vm->emem, th, 8) ||
                bus_map(vm->bus, th, 8, &htif_tohost_ops, &vm->htif) ||
                (fh && (engine_mem_trap_range(vm->emem, fh, 8) ||
                        bus_map(vm->bus, fh, 8, &htif_fromhost_ops, &vm->htif)))) {
                fail(vm, "cannot map the HTIF tohost/fromhost words");
                return NULL;
            }
        }
        for (unsigned i = 0; i < vm->ncpus; i++) {
            struct vcpu *v = vm->cpus[i].vcpu;
            vcpu_set_reg(v, VCPU_REG_PC, img.entry);
            vcpu_set_reg(v, VCPU_REG_PRIV, 3);
            vcpu_set_reg(v, VCPU_REG_X0 + 10, i);
            vcpu_set_reg(v, VCPU_REG_X0 + 11, 0);
        }
    }
    return vm;
}

void vm_destroy(struct vm *vm)
{
    if (!vm)
        return;
    if (vm->cpus) {
        for (unsigned i = 0; i < vm->ncpus; i++) {
            vcpu_destroy(vm->cpus[i].vcpu);
            pthread_mutex_destroy(&vm->cpus[i].lock);
            pthread_cond_destroy(&vm->cpus[i].cond);
        }
        free(vm->cpus);
    }
    uart_destroy(vm->uart);
    aclint_destroy(vm->clint);
    bus_destroy(vm->bus);
    engine_mem_destroy(vm->emem);
    free_guest_ram(vm->ram, vm->ram_size);
    pthread_mutex_destroy(&vm->stop_lock);
    free(vm);
}

int vm_run(struct vm *vm)
{
    if (sched_start(vm, dispatch_vcpu_main))
        return VM_EXIT_HOST_ERROR;
    sched_join(vm);
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
    FILE *o = stderr;
    fprintf(o, "strato: statistics\n");
    for (unsigned i = 0; i < vm->ncpus; i++) {
        struct vcpu_ctx *c = &vm->cpus[i];
        const struct vcpu_stats *s = vcpu_stats(c->vcpu);
        fprintf(o, "  vcpu%u: %llu instructions, %llu TLB misses, %llu blocks decoded, %llu invalidated\n",
                i, (unsigned long long)s->instret, (unsigned long long)s->tlb_misses,
                (unsigned long long)s->blocks_decoded, (unsigned long long)s->code_flushes);
        fprintf(o, "    exits:");
        for (unsigned r = 1; r < EXIT_REASON_COUNT; r++)
            if (c->exits[r])
                fprintf(o, " %s=%llu", exit_names[r], (unsigned long long)c->exits[r]);
        fprintf(o, "\n    traps:");
        for (unsigned k = 0; k < 16; k++)
            if (s->exceptions[k])
                fprintf(o, " %s=%llu", exc_names[k], (unsigned long long)s->exceptions[k]);
        for (unsigned k = 0; k < 16; k++)
            if (s->interrupts[k])
                fprintf(o, " irq%u=%llu", k, (unsigned long long)s->interrupts[k]);
        fprintf(o, "\n");
    }
}
