/* The guest-visible trap model: exception and interrupt entry, delegation,
 * xRET, and the interrupt-pending computation (privileged spec §3.1.6-3.1.9,
 * §3.3.2, §4.1.1). */
#include "engine/riscv/hart.h"

/* Which TLB context a privilege level uses for data and for fetch. */
void hart_update_mode(struct hart *h)
{
    unsigned dpriv = h->priv;
    if (h->priv == PRIV_M && (h->mstatus & MS_MPRV))
        dpriv = (unsigned)((h->mstatus & MS_MPP) >> 11);
    unsigned dctx = dpriv == PRIV_M ? TLBCTX_M
                  : dpriv == PRIV_U ? TLBCTX_U
                  : (h->mstatus & MS_SUM) ? TLBCTX_SUM : TLBCTX_S;
    unsigned ictx = h->priv == PRIV_M ? TLBCTX_M : h->priv == PRIV_U ? TLBCTX_U : TLBCTX_S;
    h->dctx = dctx;
    h->ictx = ictx;
    jc_set_tag(h);
    h->tlb_r = h->tlb[dctx][ACC_R];
    h->tlb_w = h->tlb[dctx][ACC_W];
    h->tlb_x = h->tlb[ictx][ACC_X];
}

void hart_trap(struct hart *h, uint64_t cause, uint64_t tval)
{
    bool irq = cause >> 63;
    unsigned code = (unsigned)(cause & 63);
    uint64_t deleg = irq ? h->mideleg : h->medeleg;

    if (irq)
        h->stats.interrupts[code & 15]++;
    else
        h->stats.exceptions[code & 31]++;
    h->resv_valid = false;

    if (h->priv <= PRIV_S && ((deleg >> code) & 1)) {
        h->scause = cause;
        h->sepc = h->pc;
        h->stval = tval;
        uint64_t s = h->mstatus;
        s = (s & ~MS_SPIE) | ((s & MS_SIE) ? MS_SPIE : 0);
        s = (s & ~MS_SPP) | (h->priv == PRIV_S ? MS_SPP : 0);
        s &= ~MS_SIE;
        h->mstatus = s;
        h->priv = PRIV_S;
        uint64_t base = h->stvec & ~3ULL;
        h->pc = (irq && (h->stvec & 1)) ? base + 4 * code : base;
    } else {
        h->mcause = cause;
        h->mepc = h->pc;
        h->mtval = tval;
        uint64_t s = h->mstatus;
        s = (s & ~MS_MPIE) | ((s & MS_MIE) ? MS_MPIE : 0);
        s = (s & ~MS_MPP) | ((uint64_t)h->priv << 11);
        s &= ~MS_MIE;
        h->mstatus = s;
        h->priv = PRIV_M;
        uint64_t base = h->mtvec & ~3ULL;
        h->pc = (irq && (h->mtvec & 1)) ? base + 4 * code : base;
    }
    hart_update_mode(h);
}

void hart_mret(struct hart *h)
{
    uint64_t s = h->mstatus;
    unsigned mpp = (unsigned)((s & MS_MPP) >> 11);
    s = (s & ~MS_MIE) | ((s & MS_MPIE) ? MS_MIE : 0);
    s |= MS_MPIE;
    s &= ~MS_MPP; /* MPP <- least-privileged mode (U) */
    if (mpp != PRIV_M)
        s &= ~MS_MPRV;
    h->mstatus = s;
    h->priv = mpp;
    h->pc = h->mepc;
    h->resv_valid = false;
    hart_update_mode(h);
}

void hart_sret(struct hart *h)
{
    uint64_t s = h->mstatus;
    unsigned spp = (s & MS_SPP) ? PRIV_S : PRIV_U;
    s = (s & ~MS_SIE) | ((s & MS_SPIE) ? MS_SIE : 0);
    s |= MS_SPIE;
    s &= ~MS_SPP;
    s &= ~MS_MPRV; /* SRET always returns below M */
    h->mstatus = s;
    h->priv = spp;
    h->pc = h->sepc;
    h->resv_valid = false;
    hart_update_mode(h);
}

uint64_t hart_time(struct hart *h)
{
    return h->cfg.read_time(h->cfg.time_opaque);
}

/* MTIP and STIP as the comparators say at `now` (§3.2.1, Sstc). */
void hart_update_timers(struct hart *h, uint64_t now)
{
    uint64_t t = 0;
    if (now >= atomic_load_explicit(&h->irq->timecmp[0], memory_order_relaxed))
        t |= MIP_MTIP;
    if (now >= atomic_load_explicit(&h->irq->timecmp[1], memory_order_relaxed))
        t |= MIP_STIP;
    if ((h->menvcfg & ENVCFG_STCE) && now >= h->stimecmp)
        t |= MIP_STIP;
    h->mip_timer = t;
}

uint64_t hart_timer_deadline(struct hart *h)
{
    uint64_t d = UINT64_MAX, v;
    if (h->mie & MIP_MTIP) {
        v = atomic_load_explicit(&h->irq->timecmp[0], memory_order_relaxed);
        d = v < d ? v : d;
    }
    if (h->mie & MIP_STIP) {
        v = atomic_load_explicit(&h->irq->timecmp[1], memory_order_relaxed);
        d = v < d ? v : d;
        if (h->menvcfg & ENVCFG_STCE)
            d = h->stimecmp < d ? h->stimecmp : d;
    }
    return d;
}

/* mip as software reads it: software bits, device lines, timers. */
uint64_t hart_pending_irqs(struct hart *h)
{
    uint64_t req = atomic_load_explicit(&h->irq->set, memory_order_acquire);
    if (req & (MIP_SSIP | MIP_STIP | MIP_SEIP)) {
        req = atomic_fetch_and_explicit(&h->irq->set, VCPU_REQ_MASK, memory_order_acq_rel);
        h->mip |= req & (MIP_SSIP | MIP_STIP | MIP_SEIP);
    }
    return h->mip | h->mip_timer | atomic_load_explicit(&h->irq->level, memory_order_acquire);
}

/* Take the highest-priority pending, enabled interrupt, if any (§3.1.9). */
bool hart_check_interrupts(struct hart *h)
{
    uint64_t pending = hart_pending_irqs(h) & h->mie;
    if (!pending)
        return false;
    uint64_t m = pending & ~h->mideleg;
    uint64_t s = pending & h->mideleg;
    bool m_on = h->priv < PRIV_M || (h->mstatus & MS_MIE);
    bool s_on = h->priv < PRIV_S || (h->priv == PRIV_S && (h->mstatus & MS_SIE));
    uint64_t take = m_on && m ? m : (s_on && s ? s : 0);
    if (!take)
        return false;
    static const int order[] = {IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER};
    for (unsigned i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        if (take & (1ULL << order[i])) {
            hart_trap(h, (1ULL << 63) | (uint64_t)order[i], 0);
            return true;
        }
    }
    return false;
}
