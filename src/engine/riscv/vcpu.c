/* The engine's public face (engine/engine.h): vCPU lifecycle, vcpu_run with
 * completion of exits, register access, guest memory description. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "engine/riscv/block_impl.h"
#include "engine/riscv/fpu.h"
#include "engine/riscv/hart.h"

const char *const engine_isa_extensions[] = {
    "i", "m", "a", "f", "d", "c", "zicsr", "zifencei", "zicntr", "zihintpause",
    "zicbom", "zicboz", "zba", "zbb", "zbs", "sstc", NULL,
};

const char *engine_isa_string(void)
{
    return "rv64imafdc_zicbom_zicboz_zicntr_zicsr_zifencei_zihintpause_zba_zbb_zbs_sstc";
}

/* ---- guest memory ---- */

bool engine_has_jit(void)
{
    return STRATO_JIT;
}

struct engine_mem *engine_mem_create(uint64_t ram_base, uint64_t ram_size, uint8_t *host)
{
    if ((ram_base & 0xfff) || (ram_size & 0xfff) || ram_size == 0)
        return NULL;
    struct engine_mem *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->ram_base = ram_base;
    m->ram_size = ram_size;
    m->host = host;
    m->page_gen = calloc(ram_size >> 12, sizeof(*m->page_gen));
    atomic_flag_clear(&m->code_lock);
    if (!m->page_gen) {
        free(m);
        return NULL;
    }
    return m;
}

void engine_mem_destroy(struct engine_mem *m)
{
    if (!m)
        return;
    free((void *)m->page_gen);
    free(m);
}

int engine_mem_trap_range(struct engine_mem *m, uint64_t gpa, uint64_t len)
{
    if (m->ntraps >= sizeof(m->traps) / sizeof(m->traps[0]))
        return -ENOSPC;
    m->traps[m->ntraps].base = gpa;
    m->traps[m->ntraps].len = len;
    m->ntraps++;
    return 0;
}

void engine_mem_written(struct engine_mem *m, uint64_t gpa, uint64_t len)
{
    code_written(m, gpa, len);
}

/* ---- vCPU ---- */

struct vcpu *vcpu_create(const struct vcpu_config *cfg)
{
    if (hart_execute(NULL) != 0) {
        fprintf(stderr, "strato: engine: interpreter op table incomplete\n");
        return NULL;
    }
    struct vcpu *v = calloc(1, sizeof(*v));
    struct hart *h = aligned_alloc(64, (sizeof(struct hart) + 63) & ~(size_t)63);
    if (!v || !h) {
        free(v);
        free(h);
        return NULL;
    }
    memset(h, 0, sizeof(*h));
    h->cfg = *cfg;
    if (!h->cfg.jit_hot)
        h->cfg.jit_hot = JIT_HOT;
    if (h->cfg.jit_hot > UINT16_MAX)
        h->cfg.jit_hot = UINT16_MAX;
    h->mem = cfg->mem;
    h->irq = cfg->irq;
    h->vcpu = v;
    v->engine = h;
    if (block_cache_init(h)) {
        block_cache_free(h);
        free(h);
        free(v);
        return NULL;
    }
    /* reset state (privileged spec §3.4) */
    h->priv = PRIV_M;
    h->mstatus = (2ULL << 32) | (2ULL << 34); /* UXL = SXL = 64 */
    h->code_epoch_seen = atomic_load(&h->mem->code_epoch);
    h->inval_seen = atomic_load(&h->mem->code_inval_epoch);
    fpu_init(h);
    h->tlb_log_n = TLB_LOG_N + 1; /* nothing is known yet: clear every entry */
    tlb_flush_all(h);
    hart_update_mode(h);
    return v;
}

void vcpu_destroy(struct vcpu *v)
{
    if (!v)
        return;
    struct hart *h = v->engine;
    block_cache_free(h);
    free(h);
    free(v);
}

const struct vcpu_stats *vcpu_stats(struct vcpu *v)
{
    return &((struct hart *)v->engine)->stats;
}

/* Finish the instruction that exited (KVM does the same on KVM_RUN). */
static void complete_pending(struct hart *h)
{
    struct vcpu_exit *e = &h->vcpu->exit;
    switch (h->pend) {
    case PEND_NONE:
        return;
    case PEND_LOAD:
    case PEND_FLOAD:
    case PEND_STORE:
        if (e->mmio.fault) {
            uint64_t cause = h->pend == PEND_STORE ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS;
            h->pend = PEND_NONE;
            hart_trap(h, cause, h->pend_va);
            return;
        }
        if (h->pend != PEND_STORE) {
            uint64_t v = e->mmio.data;
            unsigned bits = h->pend_size * 8;
            if (bits < 64) {
                v &= (1ULL << bits) - 1;
                if (h->pend == PEND_LOAD && h->pend_signed && (v >> (bits - 1)))
                    v |= ~0ULL << bits;
            }
            if (h->pend == PEND_FLOAD)
                h->f[h->pend_rd] = h->pend_size == 4 ? (0xffffffff00000000ULL | v) : v;
            else
                h->x[h->pend_rd] = v;
        }
        break;
    case PEND_SBI:
        h->x[10] = (uint64_t)e->sbi.ret_error;
        h->x[11] = (uint64_t)e->sbi.ret_value;
        h->pend_len = 4;
        break;
    }
    h->pc += h->pend_len;
    h->stats.instret++;
    h->pend = PEND_NONE;
}

/* An idle vCPU hands its decoded and translated code back to the host, so
 * idle VMs cost little memory: when it spent 90% of a window of at least
 * IDLE_WINDOW in WFI (a guest kernel wakes a few times a second even when
 * nothing happens), or when it waits for a timer far away or for none.
 * Decoding again what the next wake-up runs costs a few hundred blocks,
 * well under a millisecond.  The window is long: a guest's work moves
 * between its vCPUs, and a vCPU that is idle for a second or two now and
 * then must keep its code (with a 2 s window, bench/debian.sh's in-guest
 * workloads on 2 vCPUs ran 1.1 to 2 times slower). */
enum { IDLE_WINDOW = 100000000, IDLE_LONG_WAIT = 10000000 }; /* 10 s, 1 s of the 10 MHz timebase */

static void idle_account(struct hart *h)
{
    uint64_t now = h->cfg.read_time(h->cfg.time_opaque);
    h->idle_ticks += now - h->wfi_time;
    uint64_t window = now - h->idle_window_start;
    if (window < IDLE_WINDOW)
        return;
    if (h->idle_ticks > window - window / 10) /* more than 90% of it idle */
        block_cache_trim(h);
    h->idle_window_start = now;
    h->idle_ticks = 0;
}

int vcpu_run(struct vcpu *v)
{
    struct hart *h = v->engine;
    if (v->exit.reason == EXIT_WFI)
        idle_account(h);
    fpu_enter(h);
    complete_pending(h);
    v->exit.reason = EXIT_NONE;
    h->budget = 0; /* sample timers and requests before the first block */
    int r = hart_execute(h);
    fpu_leave(h);
    if (r)
        return r;
    if (v->exit.reason == EXIT_WFI && v->exit.wfi.deadline > h->wfi_time &&
        v->exit.wfi.deadline - h->wfi_time > IDLE_LONG_WAIT)
        block_cache_trim(h);
    if (v->exit.reason == EXIT_NONE) {
        v->exit.reason = EXIT_ERROR;
        snprintf(v->exit.error.msg, sizeof(v->exit.error.msg), "engine stopped without an exit");
    }
    return 0;
}

int vcpu_get_reg(struct vcpu *v, unsigned id, uint64_t *val)
{
    struct hart *h = v->engine;
    if (id < 32) {
        *val = id ? h->x[id] : 0;
        return 0;
    }
    if (id < 64) {
        *val = h->f[id - 32];
        return 0;
    }
    if (id == VCPU_REG_PC) {
        *val = h->pc;
        return 0;
    }
    if (id == VCPU_REG_PRIV) {
        *val = h->priv;
        return 0;
    }
    if (id >= VCPU_REG_CSR && id < VCPU_REG_CSR + 4096) {
        unsigned saved = h->priv;
        h->priv = PRIV_M;
        h->stats.instret++; /* csr_read assumes a CSR instruction in flight */
        fpu_enter(h);
        int r = csr_read(h, id - VCPU_REG_CSR, val);
        fpu_leave(h);
        h->stats.instret--;
        h->priv = saved;
        return r ? -EINVAL : 0;
    }
    return -EINVAL;
}

int vcpu_set_reg(struct vcpu *v, unsigned id, uint64_t val)
{
    struct hart *h = v->engine;
    if (id < 32) {
        if (id)
            h->x[id] = val;
        return 0;
    }
    if (id < 64) {
        h->f[id - 32] = val;
        return 0;
    }
    if (id == VCPU_REG_PC) {
        /* a new PC abandons the instruction in flight (e.g. the hart_stop
         * ecall of a hart that SBI HSM now starts elsewhere) */
        h->pc = val & ~1ULL;
        h->pend = PEND_NONE;
        return 0;
    }
    if (id == VCPU_REG_PRIV) {
        if (val != PRIV_U && val != PRIV_S && val != PRIV_M)
            return -EINVAL;
        h->priv = (unsigned)val;
        hart_update_mode(h);
        return 0;
    }
    if (id >= VCPU_REG_CSR && id < VCPU_REG_CSR + 4096) {
        unsigned saved = h->priv;
        h->priv = PRIV_M;
        h->stats.instret++;
        fpu_enter(h);
        int r = csr_write(h, id - VCPU_REG_CSR, val);
        fpu_leave(h);
        h->stats.instret--;
        h->priv = saved;
        hart_update_mode(h);
        return r ? -EINVAL : 0;
    }
    return -EINVAL;
}
