/* Control and status registers: access rules and side effects
 * (privileged spec §2 and the CSR descriptions of §3 and §4; Zicntr, Sstc,
 * Zicbom/Zicboz envcfg bits).  Returns 0 or EXC_ILLEGAL. */
#include "engine/riscv/csr.h"


#include "engine/riscv/fpu.h"
#include "engine/riscv/hart.h"

#define MSTATUS_WMASK (MS_SIE | MS_MIE | MS_SPIE | MS_MPIE | MS_SPP | MS_MPP | MS_FS | MS_MPRV | \
                       MS_SUM | MS_MXR | MS_TVM | MS_TW | MS_TSR)
#define SSTATUS_MASK (MS_SIE | MS_SPIE | MS_SPP | MS_FS | MS_SUM | MS_MXR | MS_UXL | MS_SD)
#define SSTATUS_WMASK (MS_SIE | MS_SPIE | MS_SPP | MS_FS | MS_SUM | MS_MXR)
#define DELEG_EXC_MASK ((1ULL << EXC_INSN_MISALIGNED) | (1ULL << EXC_INSN_ACCESS) |          \
                        (1ULL << EXC_ILLEGAL) | (1ULL << EXC_BREAKPOINT) |                    \
                        (1ULL << EXC_LOAD_MISALIGNED) | (1ULL << EXC_LOAD_ACCESS) |           \
                        (1ULL << EXC_STORE_MISALIGNED) | (1ULL << EXC_STORE_ACCESS) |         \
                        (1ULL << EXC_ECALL_U) | (1ULL << EXC_ECALL_S) |                       \
                        (1ULL << EXC_INSN_PAGE) | (1ULL << EXC_LOAD_PAGE) |                   \
                        (1ULL << EXC_STORE_PAGE))
#define S_IRQS (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define ALL_IRQS (S_IRQS | MIP_MSIP | MIP_MTIP | MIP_MEIP)
#define MENVCFG_WMASK (ENVCFG_FIOM | ENVCFG_CBIE | ENVCFG_CBCFE | ENVCFG_CBZE | ENVCFG_STCE)
#define SENVCFG_WMASK (ENVCFG_FIOM | ENVCFG_CBIE | ENVCFG_CBCFE | ENVCFG_CBZE)

#define MISA_VALUE ((2ULL << 62) | (1u << ('A' - 'A')) | (1u << ('C' - 'A')) | \
                    (1u << ('D' - 'A')) | (1u << ('F' - 'A')) | (1u << ('I' - 'A')) |  \
                    (1u << ('M' - 'A')) | (1u << ('S' - 'A')) | (1u << ('U' - 'A')))

static uint64_t mstatus_read(const struct hart *h)
{
    uint64_t s = h->mstatus;
    if ((s & MS_FS) == MS_FS)
        s |= MS_SD;
    return s;
}

/* Instructions retired before the current one (CSR instructions end their
 * block, and a block's count is added when it starts). */
static uint64_t retired(const struct hart *h)
{
    return h->stats.instret - 1;
}

static uint64_t counter_value(const struct hart *h, unsigned which)
{
    if (which == 0)
        return (h->mcountinhibit & 1) ? h->cycle_frozen : retired(h) + h->cycle_offset;
    return (h->mcountinhibit & 4) ? h->instret_frozen : retired(h) + h->instret_offset;
}

static void counter_write(struct hart *h, unsigned which, uint64_t v)
{
    /* "the write is done instead of the increment": the next instruction reads v */
    if (which == 0) {
        h->cycle_offset = v - (retired(h) + 1);
        h->cycle_frozen = v;
    } else {
        h->instret_offset = v - (retired(h) + 1);
        h->instret_frozen = v;
    }
}

/* Counter CSRs from S and U are gated by mcounteren and scounteren (§3.1.11). */
static bool counter_allowed(const struct hart *h, unsigned idx)
{
    if (h->priv == PRIV_M)
        return true;
    if (!((h->mcounteren >> idx) & 1))
        return false;
    if (h->priv == PRIV_U && !((h->scounteren >> idx) & 1))
        return false;
    return true;
}

static void pmpcfg_write(struct hart *h, unsigned reg, uint64_t v)
{
    for (unsigned k = 0; k < 8; k++) {
        unsigned i = reg * 4 + k; /* pmpcfg0 holds entries 0..7, pmpcfg2 8..15 */
        if (i >= PMP_N || (h->pmpcfg[i] & 0x80))
            continue;
        uint8_t c = (uint8_t)(v >> (8 * k)) & 0x9f; /* bits 6:5 are reserved */
        if ((c & 3) == 2)
            c &= (uint8_t)~2; /* R=0, W=1 is reserved: WARL to W=0 */
        h->pmpcfg[i] = c;
    }
    pmp_update(h);
    tlb_flush_all(h);
}

static void pmpaddr_write(struct hart *h, unsigned i, uint64_t v)
{
    if (i >= PMP_N || (h->pmpcfg[i] & 0x80))
        return;
    /* a locked TOR entry also locks the address below it */
    if (i + 1 < PMP_N && (h->pmpcfg[i + 1] & 0x80) && ((h->pmpcfg[i + 1] & 0x18) >> 3) == 1)
        return;
    h->pmpaddr[i] = v & ((1ULL << 54) - 1);
    tlb_flush_all(h);
}

static void mstatus_write(struct hart *h, uint64_t v)
{
    uint64_t old = h->mstatus;
    uint64_t n = (old & ~MSTATUS_WMASK) | (v & MSTATUS_WMASK);
    if (((n & MS_MPP) >> 11) == 2)
        n = (n & ~MS_MPP) | (old & MS_MPP); /* MPP = 2 (H) is not a legal value */
    h->mstatus = n;
    if ((old ^ n) & MS_MXR)
        tlb_flush_all(h);
    hart_update_mode(h);
}

static int fs_check(struct hart *h)
{
    return (h->mstatus & MS_FS) ? 0 : EXC_ILLEGAL;
}

int csr_read(struct hart *h, unsigned csr, uint64_t *val)
{
    if (((csr >> 8) & 3) > h->priv)
        return EXC_ILLEGAL;

    if (csr >= CSR_CYCLE && csr <= CSR_HPMCOUNTER31) {
        unsigned idx = csr - CSR_CYCLE;
        if (!counter_allowed(h, idx))
            return EXC_ILLEGAL;
        *val = idx == 0 ? counter_value(h, 0) : idx == 1 ? hart_time(h) : idx == 2 ? counter_value(h, 1) : 0;
        return 0;
    }
    if (csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) {
        *val = 0;
        return 0;
    }
    if (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31) {
        *val = 0;
        return 0;
    }
    if (csr >= CSR_PMPCFG0 && csr <= CSR_PMPCFG0 + 15) {
        unsigned reg = csr - CSR_PMPCFG0;
        if (reg & 1)
            return EXC_ILLEGAL; /* RV64 has only the even pmpcfg registers */
        uint64_t v = 0;
        for (unsigned k = 0; k < 8; k++) {
            unsigned i = reg * 4 + k;
            if (i < PMP_N)
                v |= (uint64_t)h->pmpcfg[i] << (8 * k);
        }
        *val = v;
        return 0;
    }
    if (csr >= CSR_PMPADDR0 && csr <= CSR_PMPADDR0 + 63) {
        unsigned i = csr - CSR_PMPADDR0;
        uint64_t v = i < PMP_N ? h->pmpaddr[i] : 0;
        /* NA4/NAPOT/TOR with G=0: pmpaddr reads back as written */
        *val = v;
        return 0;
    }

    switch (csr) {
    case CSR_FFLAGS:
        if (fs_check(h)) return EXC_ILLEGAL;
        *val = hart_fflags(h);
        return 0;
    case CSR_FRM:
        if (fs_check(h)) return EXC_ILLEGAL;
        *val = h->frm;
        return 0;
    case CSR_FCSR:
        if (fs_check(h)) return EXC_ILLEGAL;
        *val = (h->frm << 5) | hart_fflags(h);
        return 0;
    case CSR_SSTATUS: *val = mstatus_read(h) & SSTATUS_MASK; return 0;
    case CSR_SIE: *val = h->mie & h->mideleg; return 0;
    case CSR_STVEC: *val = h->stvec; return 0;
    case CSR_SCOUNTEREN: *val = h->scounteren; return 0;
    case CSR_SENVCFG: *val = h->senvcfg; return 0;
    case CSR_SSCRATCH: *val = h->sscratch; return 0;
    case CSR_SEPC: *val = h->sepc; return 0;
    case CSR_SCAUSE: *val = h->scause; return 0;
    case CSR_STVAL: *val = h->stval; return 0;
    case CSR_SIP: *val = hart_pending_irqs(h) & h->mideleg; return 0;
    case CSR_STIMECMP:
        if (h->priv < PRIV_M && (!(h->menvcfg & ENVCFG_STCE) || !(h->mcounteren & 2)))
            return EXC_ILLEGAL;
        *val = h->stimecmp;
        return 0;
    case CSR_SATP:
        if (h->priv == PRIV_S && (h->mstatus & MS_TVM))
            return EXC_ILLEGAL;
        *val = h->satp;
        return 0;
    case CSR_MVENDORID: case CSR_MARCHID: case CSR_MIMPID: case CSR_MCONFIGPTR:
        *val = 0;
        return 0;
    case CSR_MHARTID: *val = h->cfg.hartid; return 0;
    case CSR_MSTATUS: *val = mstatus_read(h); return 0;
    case CSR_MISA: *val = MISA_VALUE; return 0;
    case CSR_MEDELEG: *val = h->medeleg; return 0;
    case CSR_MIDELEG: *val = h->mideleg; return 0;
    case CSR_MIE: *val = h->mie; return 0;
    case CSR_MTVEC: *val = h->mtvec; return 0;
    case CSR_MCOUNTEREN: *val = h->mcounteren; return 0;
    case CSR_MENVCFG: *val = h->menvcfg; return 0;
    case CSR_MCOUNTINHIBIT: *val = h->mcountinhibit; return 0;
    case CSR_MSCRATCH: *val = h->mscratch; return 0;
    case CSR_MEPC: *val = h->mepc; return 0;
    case CSR_MCAUSE: *val = h->mcause; return 0;
    case CSR_MTVAL: *val = h->mtval; return 0;
    case CSR_MIP: *val = hart_pending_irqs(h); return 0;
    case CSR_MCYCLE: *val = counter_value(h, 0); return 0;
    case CSR_MINSTRET: *val = counter_value(h, 1); return 0;
    /* Sdtrig with no triggers: tselect stays 0, tdata1.type = 0 ("no
     * trigger here"), tinfo = 1 (Debug spec §5.7), so software that probes
     * for triggers finds none instead of trapping */
    case CSR_TSELECT: case CSR_TDATA1: case CSR_TDATA2: case CSR_TDATA3:
        *val = 0;
        return 0;
    case CSR_TINFO: *val = 1; return 0;
    default:
        return EXC_ILLEGAL;
    }
}

int csr_write(struct hart *h, unsigned csr, uint64_t v)
{
    if (((csr >> 8) & 3) > h->priv || (csr >> 10) == 3)
        return EXC_ILLEGAL;

    if (csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31)
        return 0; /* hardwired to zero */
    if (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31)
        return 0;
    if (csr >= CSR_PMPCFG0 && csr <= CSR_PMPCFG0 + 15) {
        unsigned reg = csr - CSR_PMPCFG0;
        if (reg & 1)
            return EXC_ILLEGAL;
        pmpcfg_write(h, reg, v);
        return 0;
    }
    if (csr >= CSR_PMPADDR0 && csr <= CSR_PMPADDR0 + 63) {
        pmpaddr_write(h, csr - CSR_PMPADDR0, v);
        return 0;
    }

    switch (csr) {
    case CSR_FFLAGS:
        if (fs_check(h)) return EXC_ILLEGAL;
        fpu_set_fflags(h, (uint32_t)v & 0x1f);
        h->mstatus |= MS_FS;
        return 0;
    case CSR_FRM:
        if (fs_check(h)) return EXC_ILLEGAL;
        fpu_set_frm(h, (uint32_t)v & 7);
        h->mstatus |= MS_FS;
        return 0;
    case CSR_FCSR:
        if (fs_check(h)) return EXC_ILLEGAL;
        fpu_set_fflags(h, (uint32_t)v & 0x1f);
        fpu_set_frm(h, (uint32_t)(v >> 5) & 7);
        h->mstatus |= MS_FS;
        return 0;
    case CSR_SSTATUS:
        mstatus_write(h, (h->mstatus & ~SSTATUS_WMASK) | (v & SSTATUS_WMASK));
        return 0;
    case CSR_SIE:
        h->mie = (h->mie & ~h->mideleg) | (v & h->mideleg & S_IRQS);
        return 0;
    case CSR_STVEC:
        h->stvec = (v & 3) >= 2 ? (v & ~3ULL) | (h->stvec & 3) : v;
        return 0;
    case CSR_SCOUNTEREN: h->scounteren = v & 0xffffffff; return 0;
    case CSR_SENVCFG: {
        uint64_t n = v & SENVCFG_WMASK;
        if ((n & ENVCFG_CBIE) == (2ULL << 4))
            n &= ~ENVCFG_CBIE;
        h->senvcfg = n;
        return 0;
    }
    case CSR_SSCRATCH: h->sscratch = v; return 0;
    case CSR_SEPC: h->sepc = v & ~1ULL; return 0;
    case CSR_SCAUSE: h->scause = v; return 0;
    case CSR_STVAL: h->stval = v; return 0;
    case CSR_SIP:
        /* only SSIP is writable through sip, and only if delegated */
        h->mip = (h->mip & ~(h->mideleg & MIP_SSIP)) | (v & h->mideleg & MIP_SSIP);
        return 0;
    case CSR_STIMECMP:
        if (h->priv < PRIV_M && (!(h->menvcfg & ENVCFG_STCE) || !(h->mcounteren & 2)))
            return EXC_ILLEGAL;
        h->stimecmp = v;
        hart_update_timers(h, hart_time(h));
        return 0;
    case CSR_SATP: {
        if (h->priv == PRIV_S && (h->mstatus & MS_TVM))
            return EXC_ILLEGAL;
        unsigned mode = (unsigned)(v >> 60);
        unsigned max = h->cfg.max_satp_mode ? h->cfg.max_satp_mode : 10;
        if (mode != 0 && (mode < 8 || mode > max))
            return 0; /* unsupported MODE: the whole write has no effect */
        /* 16 ASID bits, 44 PPN bits; the TLB is not ASID-tagged, so any
         * change of satp flushes it */
        h->satp = v & ((0xfULL << 60) | (0xffffULL << 44) | ((1ULL << 44) - 1));
        tlb_flush_all(h);
        return 0;
    }
    case CSR_MSTATUS: mstatus_write(h, v); return 0;
    case CSR_MISA: return 0; /* read-only */
    case CSR_MEDELEG: h->medeleg = v & DELEG_EXC_MASK; return 0;
    case CSR_MIDELEG: h->mideleg = v & S_IRQS; return 0;
    case CSR_MIE: h->mie = v & ALL_IRQS; return 0;
    case CSR_MTVEC:
        h->mtvec = (v & 3) >= 2 ? (v & ~3ULL) | (h->mtvec & 3) : v;
        return 0;
    case CSR_MCOUNTEREN: h->mcounteren = v & 0xffffffff; return 0;
    case CSR_MENVCFG: {
        uint64_t n = v & MENVCFG_WMASK;
        if ((n & ENVCFG_CBIE) == (2ULL << 4))
            n &= ~ENVCFG_CBIE;
        h->menvcfg = n;
        hart_update_timers(h, hart_time(h));
        return 0;
    }
    case CSR_MCOUNTINHIBIT: {
        uint64_t n = v & 5; /* CY and IR; no hpm counters */
        if ((n & 1) && !(h->mcountinhibit & 1))
            h->cycle_frozen = counter_value(h, 0);
        if (!(n & 1) && (h->mcountinhibit & 1))
            h->cycle_offset = h->cycle_frozen - (retired(h) + 1);
        if ((n & 4) && !(h->mcountinhibit & 4))
            h->instret_frozen = counter_value(h, 1);
        if (!(n & 4) && (h->mcountinhibit & 4))
            h->instret_offset = h->instret_frozen - (retired(h) + 1);
        h->mcountinhibit = n;
        return 0;
    }
    case CSR_MSCRATCH: h->mscratch = v; return 0;
    case CSR_MEPC: h->mepc = v & ~1ULL; return 0;
    case CSR_MCAUSE: h->mcause = v; return 0;
    case CSR_MTVAL: h->mtval = v; return 0;
    case CSR_MIP: {
        uint64_t wmask = MIP_SSIP | MIP_SEIP | ((h->menvcfg & ENVCFG_STCE) ? 0 : MIP_STIP);
        h->mip = (h->mip & ~wmask) | (v & wmask);
        return 0;
    }
    case CSR_MCYCLE: counter_write(h, 0, v); return 0;
    case CSR_MINSTRET: counter_write(h, 1, v); return 0;
    case CSR_TSELECT: case CSR_TDATA1: case CSR_TDATA2: case CSR_TDATA3:
        return 0; /* no triggers: writes are ignored */
    case CSR_MVENDORID: case CSR_MARCHID: case CSR_MIMPID: case CSR_MHARTID: case CSR_MCONFIGPTR:
        return EXC_ILLEGAL; /* read-only (caught above), kept for clarity */
    default:
        return EXC_ILLEGAL;
    }
}
