/* SBI: strato's hypercall interface (RISC-V Supervisor Binary Interface
 * spec v2.0).  In direct kernel boot the guest's S-mode runs on top of the
 * VMM the way a KVM guest does: its ecalls exit to here instead of trapping
 * into M-mode firmware.  Implemented: BASE, TIME, IPI, RFENCE, HSM, SRST, DBCN
 * and the legacy console/timer/shutdown calls; anything else answers
 * SBI_ERR_NOT_SUPPORTED. */
#include "vmm/sbi.h"

#include <sched.h>
#include <string.h>

#include "backends/console.h"
#include "vmm/sched.h"
#include "vmm/vm.h"

enum {
    SBI_SUCCESS = 0, SBI_ERR_FAILED = -1, SBI_ERR_NOT_SUPPORTED = -2,
    SBI_ERR_INVALID_PARAM = -3, SBI_ERR_DENIED = -4, SBI_ERR_INVALID_ADDRESS = -5,
    SBI_ERR_ALREADY_AVAILABLE = -6, SBI_ERR_ALREADY_STARTED = -7, SBI_ERR_ALREADY_STOPPED = -8,
};

enum {
    EXT_BASE = 0x10, EXT_TIME = 0x54494d45, EXT_IPI = 0x735049, EXT_RFENCE = 0x52464e43,
    EXT_HSM = 0x48534d, EXT_SRST = 0x53525354, EXT_DBCN = 0x4442434e,
};

#define SBI_SPEC_VERSION (2u << 24) /* v2.0 */
/* Not a registered implementation ID (the spec lists those it knows); chosen
 * well above them so that nobody mistakes strato for another implementation. */
#define SBI_IMPL_ID 0x5354
#define SBI_IMPL_VERSION 1

static void ret(struct vcpu_sbi *call, int64_t err, int64_t val)
{
    call->ret_error = err;
    call->ret_value = val;
}

/* Iterate the harts named by (hart_mask, hart_mask_base) (SBI spec §3.1). */
static int for_harts(struct vm *vm, uint64_t mask, uint64_t base,
                     void (*fn)(struct vm *vm, struct vcpu_ctx *target, void *arg), void *arg)
{
    if (base == UINT64_MAX) { /* all harts */
        for (unsigned i = 0; i < vm->ncpus; i++)
            fn(vm, &vm->cpus[i], arg);
        return SBI_SUCCESS;
    }
    for (unsigned b = 0; b < 64; b++) {
        if (!((mask >> b) & 1))
            continue;
        if (base + b >= vm->ncpus || base + b < base)
            return SBI_ERR_INVALID_PARAM;
    }
    for (unsigned b = 0; b < 64; b++)
        if ((mask >> b) & 1)
            fn(vm, &vm->cpus[base + b], arg);
    return SBI_SUCCESS;
}

static void send_ipi(struct vm *vm, struct vcpu_ctx *t, void *arg)
{
    (void)vm;
    (void)arg;
    vcpu_irq_post(&t->lines, IRQ_S_SOFT);
    sched_wake(t);
}

/* A remote SFENCE.VMA completes before the call returns: a hart running guest
 * code carries the request out at its next block boundary; one that is not
 * running will before it runs again. */
static void remote_sfence(struct vm *vm, struct vcpu_ctx *t, void *arg)
{
    struct vcpu_ctx *self = arg;
    uint64_t before = atomic_load(&t->lines.tlb_flushes);
    vcpu_irq_request_tlb_flush(&t->lines);
    if (t == self)
        return; /* done on this hart's next vcpu_run, before any instruction */
    sched_wake(t);
    while (atomic_load(&t->in_guest) && atomic_load(&t->lines.tlb_flushes) == before &&
           !atomic_load(&vm->stopping))
        sched_yield();
}

static void noop(struct vm *vm, struct vcpu_ctx *t, void *arg)
{
    /* FENCE.I: decoded code is kept coherent with every store (block.c) */
    (void)vm;
    (void)t;
    (void)arg;
}

static bool ext_supported(uint64_t ext)
{
    switch (ext) {
    case EXT_BASE: case EXT_TIME: case EXT_IPI: case EXT_RFENCE: case EXT_HSM: case EXT_SRST:
    case EXT_DBCN: case 0x00: case 0x01: case 0x02: case 0x08:
        return true;
    default:
        return false;
    }
}

/* How a hart enters S-mode after hart_start or a non-retentive suspend
 * (SBI §9.1, §9.4): satp = 0, sstatus.SIE = 0, a0 = hartid, a1 = opaque. */
static void enter_supervisor(struct vcpu *v, uint64_t pc, uint64_t hartid, uint64_t opaque)
{
    uint64_t sstatus = 0;
    vcpu_set_reg(v, VCPU_REG_PRIV, 1);
    vcpu_set_reg(v, VCPU_REG_CSR + 0x180, 0);
    vcpu_get_reg(v, VCPU_REG_CSR + 0x100, &sstatus);
    vcpu_set_reg(v, VCPU_REG_CSR + 0x100, sstatus & ~2ULL);
    /* a new PC also drops the completion of the ecall in flight */
    vcpu_set_reg(v, VCPU_REG_PC, pc);
    vcpu_set_reg(v, VCPU_REG_X0 + 10, hartid);
    vcpu_set_reg(v, VCPU_REG_X0 + 11, opaque);
}

/* A hart may start (or resume) at addr: guest RAM, and aligned for an
 * instruction (IALIGN = 16 with C).  Anything else is SBI_ERR_INVALID_ADDRESS
 * (SBI spec v2.0, §9.1 and §9.4). */
static bool start_addr_ok(struct vm *vm, uint64_t addr)
{
    return (addr & 1) == 0 && vm_ram_ptr(vm, addr, 2) != NULL;
}

static void hsm_start(struct vm *vm, struct vcpu_sbi *call)
{
    uint64_t hartid = call->args[0];
    if (hartid >= vm->ncpus) {
        ret(call, SBI_ERR_INVALID_PARAM, 0);
        return;
    }
    if (!start_addr_ok(vm, call->args[1])) {
        ret(call, SBI_ERR_INVALID_ADDRESS, 0);
        return;
    }
    struct vcpu_ctx *t = &vm->cpus[hartid];
    pthread_mutex_lock(&t->lock);
    if (atomic_load(&t->hsm) != HSM_STOPPED) {
        pthread_mutex_unlock(&t->lock);
        ret(call, SBI_ERR_ALREADY_AVAILABLE, 0);
        return;
    }
    /* the target is parked outside vcpu_run: its registers are ours to set */
    enter_supervisor(t->vcpu, call->args[1], hartid, call->args[2]);
    atomic_store(&t->hsm, HSM_STARTED);
    pthread_mutex_unlock(&t->lock);
    sched_wake(t);
    ret(call, SBI_SUCCESS, 0);
}

static void hsm(struct vm *vm, struct vcpu_ctx *c, struct vcpu_sbi *call)
{
    switch (call->fid) {
    case 0: /* hart_start */
        hsm_start(vm, call);
        return;
    case 1: /* hart_stop: the dispatcher parks this hart; no return on success */
        atomic_store(&c->hsm, HSM_STOPPED);
        ret(call, SBI_SUCCESS, 0);
        return;
    case 2: /* hart_get_status */
        if (call->args[0] >= vm->ncpus) {
            ret(call, SBI_ERR_INVALID_PARAM, 0);
            return;
        }
        ret(call, SBI_SUCCESS, atomic_load(&vm->cpus[call->args[0]].hsm));
        return;
    case 3: { /* hart_suspend */
        uint32_t type = (uint32_t)call->args[0];
        if (type == 0) { /* retentive: like WFI; returning at once is a spurious wakeup */
            ret(call, SBI_SUCCESS, 0);
            return;
        }
        if (type == 0x80000000u) { /* non-retentive: resume at resume_addr */
            if (!start_addr_ok(vm, call->args[1])) {
                ret(call, SBI_ERR_INVALID_ADDRESS, 0);
                return;
            }
            enter_supervisor(c->vcpu, call->args[1], c->id, call->args[2]);
            return;
        }
        ret(call, SBI_ERR_INVALID_PARAM, 0);
        return;
    }
    default:
        ret(call, SBI_ERR_NOT_SUPPORTED, 0);
    }
}

static void dbcn(struct vm *vm, struct vcpu_sbi *call)
{
    uint64_t n = call->args[0], addr = call->args[1]; /* args[2]: high bits, 0 on RV64 */
    switch (call->fid) {
    case 0: { /* console_write */
        uint8_t *p = vm_ram_ptr(vm, addr, n ? n : 1);
        if (call->args[2] || !p) {
            ret(call, SBI_ERR_INVALID_PARAM, 0);
            return;
        }
        console_write(p, n);
        ret(call, SBI_SUCCESS, (int64_t)n);
        return;
    }
    case 1: { /* console_read */
        uint8_t *p = vm_ram_ptr(vm, addr, n ? n : 1);
        if (call->args[2] || !p) {
            ret(call, SBI_ERR_INVALID_PARAM, 0);
            return;
        }
        size_t got = vm->console ? console_read(vm->console, p, n) : 0;
        engine_mem_written(vm->emem, addr, got);
        ret(call, SBI_SUCCESS, (int64_t)got);
        return;
    }
    case 2: { /* console_write_byte */
        uint8_t ch = (uint8_t)call->args[0];
        console_write(&ch, 1);
        ret(call, SBI_SUCCESS, 0);
        return;
    }
    default:
        ret(call, SBI_ERR_NOT_SUPPORTED, 0);
    }
}

static unsigned stat_index(uint64_t ext)
{
    switch (ext) {
    case EXT_BASE: return SBI_STAT_BASE;
    case EXT_TIME: return SBI_STAT_TIME;
    case EXT_IPI: return SBI_STAT_IPI;
    case EXT_RFENCE: return SBI_STAT_RFENCE;
    case EXT_HSM: return SBI_STAT_HSM;
    case EXT_SRST: return SBI_STAT_SRST;
    case EXT_DBCN: return SBI_STAT_DBCN;
    default: return ext < 0x10 ? SBI_STAT_LEGACY : SBI_STAT_OTHER;
    }
}

void sbi_call(struct vm *vm, struct vcpu_ctx *c, struct vcpu_sbi *call)
{
    uint64_t *a = call->args;
    c->sbi_calls[stat_index(call->ext)]++;

    switch (call->ext) {
    case EXT_BASE:
        switch (call->fid) {
        case 0: ret(call, SBI_SUCCESS, SBI_SPEC_VERSION); return;
        case 1: ret(call, SBI_SUCCESS, SBI_IMPL_ID); return;
        case 2: ret(call, SBI_SUCCESS, SBI_IMPL_VERSION); return;
        case 3: ret(call, SBI_SUCCESS, ext_supported(a[0])); return;
        case 4: case 5: case 6: ret(call, SBI_SUCCESS, 0); return; /* mvendorid, marchid, mimpid */
        }
        break;
    case EXT_TIME:
        if (call->fid == 0) { /* set_timer: also clears the pending timer interrupt */
            vcpu_irq_set_timecmp(&c->lines, 1, a[0]);
            ret(call, SBI_SUCCESS, 0);
            return;
        }
        break;
    case EXT_IPI:
        if (call->fid == 0) {
            ret(call, for_harts(vm, a[0], a[1], send_ipi, NULL), 0);
            return;
        }
        break;
    case EXT_RFENCE:
        switch (call->fid) {
        case 0: /* remote_fence_i */
            ret(call, for_harts(vm, a[0], a[1], noop, NULL), 0);
            return;
        case 1: case 2: /* remote_sfence_vma, _asid: the TLB is flushed whole */
            ret(call, for_harts(vm, a[0], a[1], remote_sfence, c), 0);
            return;
        }
        break; /* the hypervisor fences need the H extension */
    case EXT_HSM:
        hsm(vm, c, call);
        return;
    case EXT_SRST:
        if (call->fid == 0) {
            uint32_t type = (uint32_t)a[0], reason = (uint32_t)a[1];
            if (type > 2 || (reason > 1 && reason < 0xf0000000u)) {
                ret(call, SBI_ERR_INVALID_PARAM, 0);
                return;
            }
            if (reason == 1)
                vm_stop(vm, VM_EXIT_PANIC);
            else
                vm_stop(vm, type == 0 ? VM_EXIT_POWEROFF : VM_EXIT_REBOOT);
            ret(call, SBI_SUCCESS, 0);
            return;
        }
        break;
    case EXT_DBCN:
        dbcn(vm, call);
        return;
    /* legacy extensions (SBI v0.1): the result is in a0 only */
    case 0x00:
        vcpu_irq_set_timecmp(&c->lines, 1, a[0]);
        ret(call, 0, (int64_t)a[1]);
        return;
    case 0x01: {
        uint8_t ch = (uint8_t)a[0];
        console_write(&ch, 1);
        ret(call, 0, (int64_t)a[1]);
        return;
    }
    case 0x02: {
        uint8_t ch;
        int64_t v = vm->console && console_read(vm->console, &ch, 1) ? ch : -1;
        ret(call, v, (int64_t)a[1]);
        return;
    }
    case 0x08:
        vm_stop(vm, VM_EXIT_POWEROFF);
        ret(call, 0, (int64_t)a[1]);
        return;
    default:
        break;
    }
    ret(call, SBI_ERR_NOT_SUPPORTED, 0);
}
