/* The interpreter: runs decoded blocks until the VMM is needed.
 *
 * Dispatch is direct-threaded: each decoded instruction carries the address
 * of its handler (GCC and Clang's "labels as values"), one indirect jump per
 * guest instruction.  Between blocks the loop checks, with a few loads, for
 * pending interrupts and host requests; timers are sampled every few thousand
 * instructions (cfg.check_interval).  Guest RAM accesses that hit the
 * software TLB never leave this function.
 */
#include <stdatomic.h>
#include <string.h>

#include "engine/riscv/block_impl.h"
#include "engine/riscv/csr.h"
#include "engine/riscv/decode.h"
#include "engine/riscv/fpu.h"
#include "engine/riscv/hart.h"

/* ---- memory slow paths ---- */

enum { MEM_OK = 0, MEM_MMIO = -1 }; /* otherwise exception cause + 1 */

static void mmio_exit(struct hart *h, uint64_t pa, unsigned size, bool is_write, uint64_t data)
{
    struct vcpu_exit *e = &h->vcpu->exit;
    e->reason = EXIT_MMIO;
    e->mmio.addr = pa;
    e->mmio.size = (uint8_t)size;
    e->mmio.is_write = is_write;
    e->mmio.data = data;
    e->mmio.fault = false;
}

/* An access that crosses a page: both halves must be RAM.  A fault on the
 * second half reports that half's address in xtval (privileged spec §4.1.9:
 * "the portion of the access that caused the fault"): an OS resolves the
 * fault for the page xtval names, so naming the first page again would make
 * it return to the same fault forever. */
static int cross_page(struct hart *h, uint64_t va, unsigned size, int acc, uint8_t *buf, bool write)
{
    unsigned first = 4096 - (unsigned)(va & 0xfff);
    uint8_t *p1, *p2;
    uint64_t pa1, pa2;
    int r = mmu_access_host(h, va, first, acc, &pa1, &p1);
    if (r == MMU_MMIO)
        return (acc == ACC_W ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS) + 1;
    if (r != MMU_OK)
        return r;
    h->fault_va = va + first;
    r = mmu_access_host(h, va + first, size - first, acc, &pa2, &p2);
    if (r == MMU_MMIO)
        return (acc == ACC_W ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS) + 1;
    if (r != MMU_OK)
        return r;
    if (write) {
        memcpy(p1, buf, first);
        memcpy(p2, buf + first, size - first);
        code_written(h->mem, pa1, first);
        code_written(h->mem, pa2, size - first);
    } else {
        memcpy(buf, p1, first);
        memcpy(buf + first, p2, size - first);
    }
    return MEM_OK;
}

int __attribute__((noinline)) hart_load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
    uint8_t buf[8] = {0};
    h->fault_va = va;
    if ((va & 0xfff) + size > 4096) {
        int r = cross_page(h, va, size, ACC_R, buf, false);
        if (r)
            return r;
        memcpy(val, buf, 8);
        return MEM_OK;
    }
    uint64_t pa;
    uint8_t *host;
    int r = mmu_access_host(h, va, size, ACC_R, &pa, &host);
    if (r == MMU_MMIO) {
        mmio_exit(h, pa, size, false, 0);
        return MEM_MMIO;
    }
    if (r != MMU_OK)
        return r;
    memcpy(buf, host, size);
    memcpy(val, buf, 8);
    return MEM_OK;
}

int __attribute__((noinline)) hart_store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
    uint8_t buf[8];
    memcpy(buf, &val, 8);
    h->fault_va = va;
    if ((va & 0xfff) + size > 4096)
        return cross_page(h, va, size, ACC_W, buf, true);
    uint64_t pa;
    uint8_t *host;
    int r = mmu_access_host(h, va, size, ACC_W, &pa, &host);
    if (r == MMU_MMIO) {
        mmio_exit(h, pa, size, true, val);
        return MEM_MMIO;
    }
    if (r != MMU_OK)
        return r;
    memcpy(host, buf, size);
    code_written(h->mem, pa, size);
    return MEM_OK;
}

/* Host pointer for an atomic access or a cache-block zero (aligned, never
 * MMIO, never crossing); *pa is 0 when the TLB's fast mapping served it (never
 * of a code page), else the page walk's result for code_written(). */
static int amo_host(struct hart *h, uint64_t va, unsigned size, int acc, uint8_t **host, uint64_t *pa)
{
    struct tlb_entry *e = acc == ACC_W ? &h->tlb_w[(va >> 12) & (TLB_SIZE - 1)]
                                       : &h->tlb_r[(va >> 12) & (TLB_SIZE - 1)];
    if (likely(e->tag == tlb_tag(va))) {
        *host = (uint8_t *)(uintptr_t)(va + e->addend);
        *pa = 0;
        return MEM_OK;
    }
    int r = mmu_access_host(h, va, size, acc, pa, host);
    if (r == MMU_MMIO) /* atomics to devices are not supported (PMA): access fault */
        return (acc == ACC_W ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS) + 1;
    return r;
}

static uint64_t host_to_pa(struct hart *h, const uint8_t *host)
{
    return (uint64_t)(host - h->mem->host) + h->mem->ram_base;
}

/* ---- the AMOs (atomic across host threads: x86 locked instructions) ---- */

static uint64_t amo32(unsigned op, uint32_t *p, uint32_t v)
{
    uint32_t old;
    switch (op) {
    case OP_AMOSWAP_W: return (uint64_t)(int64_t)(int32_t)__atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
    case OP_AMOADD_W: return (uint64_t)(int64_t)(int32_t)__atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
    case OP_AMOXOR_W: return (uint64_t)(int64_t)(int32_t)__atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);
    case OP_AMOAND_W: return (uint64_t)(int64_t)(int32_t)__atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
    case OP_AMOOR_W: return (uint64_t)(int64_t)(int32_t)__atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
    default:
        break;
    }
    old = __atomic_load_n(p, __ATOMIC_RELAXED);
    for (;;) {
        uint32_t n;
        switch (op) {
        case OP_AMOMIN_W: n = (int32_t)old < (int32_t)v ? old : v; break;
        case OP_AMOMAX_W: n = (int32_t)old > (int32_t)v ? old : v; break;
        case OP_AMOMINU_W: n = old < v ? old : v; break;
        default: n = old > v ? old : v; break;
        }
        if (__atomic_compare_exchange_n(p, &old, n, true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            return (uint64_t)(int64_t)(int32_t)old;
    }
}

static uint64_t amo64(unsigned op, uint64_t *p, uint64_t v)
{
    uint64_t old;
    switch (op) {
    case OP_AMOSWAP_D: return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
    case OP_AMOADD_D: return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
    case OP_AMOXOR_D: return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);
    case OP_AMOAND_D: return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
    case OP_AMOOR_D: return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
    default:
        break;
    }
    old = __atomic_load_n(p, __ATOMIC_RELAXED);
    for (;;) {
        uint64_t n;
        switch (op) {
        case OP_AMOMIN_D: n = (int64_t)old < (int64_t)v ? old : v; break;
        case OP_AMOMAX_D: n = (int64_t)old > (int64_t)v ? old : v; break;
        case OP_AMOMINU_D: n = old < v ? old : v; break;
        default: n = old > v ? old : v; break;
        }
        if (__atomic_compare_exchange_n(p, &old, n, true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            return old;
    }
}

/* ---- cache-block operations (Zicbom, Zicboz) ---- */

static bool cbo_allowed(const struct hart *h, uint64_t menv_bits, uint64_t senv_bits)
{
    if (h->priv == PRIV_M)
        return true;
    if (!(h->menvcfg & menv_bits))
        return false;
    return h->priv == PRIV_S || (h->senvcfg & senv_bits);
}

/* returns 0, EXC_ILLEGAL + 1, or a fault cause + 1 */
static int cbo(struct hart *h, unsigned op, uint64_t va)
{
    va &= ~63ULL; /* 64-byte cache blocks (riscv,cbo*-block-size) */
    if (op == OP_CBO_ZERO) {
        if (!cbo_allowed(h, ENVCFG_CBZE, ENVCFG_CBZE))
            return EXC_ILLEGAL + 1;
        /* Linux clears pages with it: the TLB's fast write mappings first */
        uint64_t pa;
        uint8_t *host;
        int r = amo_host(h, va, 64, ACC_W, &host, &pa);
        if (r)
            return r;
        memset(host, 0, 64);
        if (pa)
            code_written(h->mem, pa, 64);
        return 0;
    }
    uint64_t need = op == OP_CBO_INVAL ? ENVCFG_CBIE : ENVCFG_CBCFE;
    if (!cbo_allowed(h, need, need))
        return EXC_ILLEGAL + 1;
    /* Memory is coherent: nothing to write back.  The access still needs
     * read or write permission, else a store/AMO fault. */
    uint64_t pa;
    uint8_t *host;
    int r = mmu_access_host(h, va, 64, ACC_R, &pa, &host);
    if (r == MMU_OK || r == MMU_MMIO)
        return 0;
    r = mmu_access_host(h, va, 64, ACC_W, &pa, &host);
    if (r == MMU_OK || r == MMU_MMIO)
        return 0;
    return r == EXC_LOAD_PAGE + 1 ? EXC_STORE_PAGE + 1 : r == EXC_LOAD_ACCESS + 1 ? EXC_STORE_ACCESS + 1 : r;
}

/* ---- between blocks ---- */

/* Returns true when the vCPU must exit. */
static bool __attribute__((noinline)) slow_check(struct hart *h)
{
    uint64_t req = atomic_load_explicit(&h->irq->set, memory_order_acquire);
    if (req & VCPU_REQ_EXIT) {
        atomic_fetch_and_explicit(&h->irq->set, ~VCPU_REQ_EXIT, memory_order_acq_rel);
        h->vcpu->exit.reason = EXIT_INTERRUPT;
        return true;
    }
    if (req & VCPU_REQ_TLB_FLUSH) {
        atomic_fetch_and_explicit(&h->irq->set, ~VCPU_REQ_TLB_FLUSH, memory_order_acq_rel);
        tlb_flush_all(h);
        atomic_fetch_add_explicit(&h->irq->tlb_flushes, 1, memory_order_release);
    }
    if (h->budget <= 0 || (req & VCPU_REQ_RECHECK)) {
        if (req & VCPU_REQ_RECHECK)
            atomic_fetch_and_explicit(&h->irq->set, ~VCPU_REQ_RECHECK, memory_order_acq_rel);
        h->budget = h->cfg.check_interval ? h->cfg.check_interval : 8192;
        uint64_t now = hart_time(h);
        hart_update_timers(h, now);
        if (now >= atomic_load_explicit(&h->irq->preempt_at, memory_order_relaxed)) {
            h->vcpu->exit.reason = EXIT_INTERRUPT; /* the time slice is over */
            return true;
        }
        tlb_catch_up_code_pages(h); /* pages other harts started decoding */
    }
    hart_check_interrupts(h);
    return false;
}

static inline bool irq_maybe(struct hart *h)
{
    uint64_t lines = atomic_load_explicit(&h->irq->level, memory_order_relaxed) |
                     atomic_load_explicit(&h->irq->set, memory_order_relaxed);
    return ((lines | h->mip | h->mip_timer) & (h->mie | VCPU_REQ_MASK)) != 0;
}

/* ---- the interpreter ---- */

const void *const *rv_handlers;

int hart_execute(struct hart *h)
{
    static const void *const labels[OP_COUNT] = {
#define L(name) [OP_##name] = &&L_##name,
        L(ILLEGAL) L(END)
        L(LUI) L(AUIPC) L(JAL) L(JALR) L(BEQ) L(BNE) L(BLT) L(BGE) L(BLTU) L(BGEU)
        L(LB) L(LH) L(LW) L(LD) L(LBU) L(LHU) L(LWU) L(SB) L(SH) L(SW) L(SD)
        L(ADDI) L(SLTI) L(SLTIU) L(XORI) L(ORI) L(ANDI) L(SLLI) L(SRLI) L(SRAI)
        L(ADD) L(SUB) L(SLL) L(SLT) L(SLTU) L(XOR) L(SRL) L(SRA) L(OR) L(AND)
        L(ADDIW) L(SLLIW) L(SRLIW) L(SRAIW) L(ADDW) L(SUBW) L(SLLW) L(SRLW) L(SRAW)
        L(FENCE) L(FENCE_I) L(ECALL) L(EBREAK) L(MRET) L(SRET) L(WFI) L(SFENCE_VMA)
        L(CSRRW) L(CSRRS) L(CSRRC) L(CSRRWI) L(CSRRSI) L(CSRRCI)
        L(MUL) L(MULH) L(MULHSU) L(MULHU) L(DIV) L(DIVU) L(REM) L(REMU)
        L(MULW) L(DIVW) L(DIVUW) L(REMW) L(REMUW)
        L(LR_W) L(SC_W) L(LR_D) L(SC_D)
        L(FLW) L(FSW) L(FLD) L(FSD)
        L(FMV_X_W) L(FMV_W_X) L(FMV_X_D) L(FMV_D_X)
        L(ADD_UW) L(SH1ADD) L(SH2ADD) L(SH3ADD) L(SH1ADD_UW) L(SH2ADD_UW) L(SH3ADD_UW)
        L(SLLI_UW)
        L(ANDN) L(ORN) L(XNOR) L(CLZ) L(CLZW) L(CTZ) L(CTZW) L(CPOP) L(CPOPW)
        L(MAX) L(MAXU) L(MIN) L(MINU) L(SEXT_B) L(SEXT_H) L(ZEXT_H)
        L(ROL) L(ROLW) L(ROR) L(RORW) L(RORI) L(RORIW) L(ORC_B) L(REV8)
        L(BCLR) L(BCLRI) L(BEXT) L(BEXTI) L(BINV) L(BINVI) L(BSET) L(BSETI)
        L(CBO_CLEAN) L(CBO_FLUSH) L(CBO_INVAL) L(CBO_ZERO)
        L(LI) L(MV)
#undef L
#define AMO(name) [OP_##name] = &&L_AMO_W,
        AMO(AMOSWAP_W) AMO(AMOADD_W) AMO(AMOXOR_W) AMO(AMOAND_W) AMO(AMOOR_W)
        AMO(AMOMIN_W) AMO(AMOMAX_W) AMO(AMOMINU_W) AMO(AMOMAXU_W)
#undef AMO
#define AMO(name) [OP_##name] = &&L_AMO_D,
        AMO(AMOSWAP_D) AMO(AMOADD_D) AMO(AMOXOR_D) AMO(AMOAND_D) AMO(AMOOR_D)
        AMO(AMOMIN_D) AMO(AMOMAX_D) AMO(AMOMINU_D) AMO(AMOMAXU_D)
#undef AMO
#define FP(name) [OP_##name] = &&L_FPU,
        FP(FMADD_S) FP(FMSUB_S) FP(FNMSUB_S) FP(FNMADD_S)
        FP(FMADD_D) FP(FMSUB_D) FP(FNMSUB_D) FP(FNMADD_D)
        FP(FADD_S) FP(FSUB_S) FP(FMUL_S) FP(FDIV_S) FP(FSQRT_S)
        FP(FADD_D) FP(FSUB_D) FP(FMUL_D) FP(FDIV_D) FP(FSQRT_D)
        FP(FSGNJ_S) FP(FSGNJN_S) FP(FSGNJX_S) FP(FMIN_S) FP(FMAX_S)
        FP(FSGNJ_D) FP(FSGNJN_D) FP(FSGNJX_D) FP(FMIN_D) FP(FMAX_D)
        FP(FEQ_S) FP(FLT_S) FP(FLE_S) FP(FCLASS_S) FP(FEQ_D) FP(FLT_D) FP(FLE_D) FP(FCLASS_D)
        FP(FCVT_W_S) FP(FCVT_WU_S) FP(FCVT_L_S) FP(FCVT_LU_S)
        FP(FCVT_W_D) FP(FCVT_WU_D) FP(FCVT_L_D) FP(FCVT_LU_D)
        FP(FCVT_S_W) FP(FCVT_S_WU) FP(FCVT_S_L) FP(FCVT_S_LU)
        FP(FCVT_D_W) FP(FCVT_D_WU) FP(FCVT_D_L) FP(FCVT_D_LU)
        FP(FCVT_S_D) FP(FCVT_D_S)
#undef FP
    };
    if (!h) { /* start-up: check every operation has a handler, publish the table */
        for (unsigned i = 0; i < OP_COUNT; i++)
            if (!labels[i])
                return -(int)i - 1;
        rv_handlers = labels;
        return 0;
    }

    uint64_t *const x = h->x;
    struct engine_mem *const mem = h->mem;
    const struct insn *ip;
    struct block *b;
    uint64_t bpc;
    uint64_t cause, tval;
    struct jcache_entry *link = NULL; /* the successor slot of the block just left */

#define DISPATCH() goto *ip->handler
#define NEXT() do { ip++; DISPATCH(); } while (0)
#define RD x[ip->rd]
#define RS1 x[ip->rs1]
#define RS2 x[ip->rs2]
#define IMM ((int64_t)ip->imm)
#define PC_HERE (bpc + ip->pcoff)
#define PC_NEXT (bpc + ip->pcoff + ip->len)
#define SEXT32(v) ((uint64_t)(int64_t)(int32_t)(v))
#define RAISE(c, t) do { cause = (c); tval = (t); goto raise; } while (0)
#define JUMP(target) do { h->pc = (target); goto next_block; } while (0)
/* block exits that remember their successor (slot 0: taken / the one exit) */
/* Only a successor on the block's own page is remembered there: a page's
 * mapping may change (sfence.vma of that page) with only its jump-cache
 * entries dropped, and a slot naming a block on another page would then go
 * stale.  Other exits use the jump cache. */
#define CHAIN(slot, target)                                                        \
    do {                                                                          \
        h->pc = (target);                                                         \
        link = ((h->pc ^ bpc) >> 12) == 0 ? &b->succ[slot] : NULL;                \
        goto next_block;                                                          \
    } while (0)
#define BRANCH(cond) do { if (cond) CHAIN(0, bpc + IMM); else CHAIN(1, PC_NEXT); } while (0)
#define FS_CHECK() do { if (unlikely(!(h->mstatus & MS_FS))) goto illegal; } while (0)

/* RAM loads and stores: one compare against the TLB, else the slow path */
#define LOAD(T, conv, sgn)                                                           \
    do {                                                                          \
        uint64_t va_ = RS1 + IMM;                                                 \
        const struct tlb_entry *e_ = &h->tlb_r[(va_ >> 12) & (TLB_SIZE - 1)];     \
        if (likely(e_->tag == tlb_tag(va_) && (va_ & 0xfff) <= 4096 - sizeof(T))) { \
            T v_;                                                                 \
            memcpy(&v_, (const void *)(uintptr_t)(va_ + e_->addend), sizeof(T));  \
            RD = conv(v_);                                                        \
            NEXT();                                                               \
        }                                                                         \
        uint64_t val_;                                                            \
        int r_ = hart_load_slow(h, va_, sizeof(T), &val_);                        \
        if (r_ == MEM_OK) {                                                       \
            T v_;                                                                 \
            memcpy(&v_, &val_, sizeof(T));                                        \
            RD = conv(v_);                                                        \
            NEXT();                                                               \
        }                                                                         \
        if (r_ == MEM_MMIO) {                                                     \
            h->pend = PEND_LOAD;                                                  \
            h->pend_signed = (sgn);                                               \
            h->pend_va = va_;                                                     \
            goto mmio_exit;                                                       \
        }                                                                         \
        RAISE((uint64_t)(r_ - 1), h->fault_va);                                   \
    } while (0)
#define STORE(T, value)                                                           \
    do {                                                                          \
        uint64_t va_ = RS1 + IMM;                                                 \
        struct tlb_entry *e_ = &h->tlb_w[(va_ >> 12) & (TLB_SIZE - 1)];           \
        T v_ = (T)(value);                                                        \
        if (likely(e_->tag == tlb_tag(va_) && (va_ & 0xfff) <= 4096 - sizeof(T))) { \
            memcpy((void *)(uintptr_t)(va_ + e_->addend), &v_, sizeof(T));        \
            NEXT();                                                               \
        }                                                                         \
        int r_ = hart_store_slow(h, va_, sizeof(T), (uint64_t)v_);                \
        if (r_ == MEM_OK)                                                         \
            NEXT();                                                               \
        if (r_ == MEM_MMIO) {                                                     \
            h->pend = PEND_STORE;                                                 \
            h->pend_va = va_;                                                     \
            goto mmio_exit;                                                       \
        }                                                                         \
        RAISE((uint64_t)(r_ - 1), h->fault_va);                                   \
    } while (0)
#define ID(v) ((uint64_t)(v))
#define SX(v) ((uint64_t)(int64_t)(v))

next_block:
    if (unlikely(h->budget <= 0 || irq_maybe(h))) {
        link = NULL; /* an interrupt may take us elsewhere */
        if (slow_check(h))
            return 0;
    }
    bpc = h->pc;
    /* code written anywhere (this hart, another, DMA) since we last looked:
     * cached block pointers are not re-validated, so drop them all */
    if (unlikely(atomic_load_explicit(&mem->code_inval_epoch, memory_order_acquire) != h->inval_seen)) {
        h->inval_seen = atomic_load_explicit(&mem->code_inval_epoch, memory_order_acquire);
        jc_invalidate(h);
    }
    if (link && link->pc == bpc && (link->tb & ~(uintptr_t)JC_PTR_MASK) == h->jc_tag) {
        b = (struct block *)(link->tb & JC_PTR_MASK); /* chained */
    } else {
        struct jcache_entry *j = &h->jc[(bpc >> 1) & (JC_SIZE - 1)];
        if (likely(j->pc == bpc && (j->tb & ~(uintptr_t)JC_PTR_MASK) == h->jc_tag)) {
            b = (struct block *)(j->tb & JC_PTR_MASK);
        } else {
            uintptr_t tag = h->jc_tag;
            b = block_lookup(h, bpc, &cause, &tval);
            if (unlikely(!b)) {
                /* a fetch fault counts as an instruction for the time checks:
                 * a guest whose trap vector faults must stay preemptible */
                h->budget--;
                link = NULL;
                hart_trap(h, cause, tval);
                goto next_block;
            }
            if (tag != h->jc_tag) /* the block cache was emptied: `link` points into it */
                link = NULL;
        }
        if (link) {
            link->pc = bpc;
            link->tb = h->jc_tag | (uintptr_t)b;
            link->jit = b->jit;
        }
    }
    link = NULL;
    h->stats.instret += b->n;
    h->budget -= b->n;
    ip = b->insns;
#if STRATO_JIT
    if (!b->jit && h->cfg.jit && !b->jit_declined && ++b->hits >= h->cfg.jit_hot) {
        bool full;
        if (!jit_translate(h, b, &full))
            h->jit_full = full; /* flushed at the next block lookup */
    }
    if (b->jit) {
        int64_t budget = h->budget;
        uintptr_t r = ((jit_fn)b->jit)(h, bpc);
        /* chained blocks count themselves in the budget alone */
        h->stats.instret += (uint64_t)(budget - h->budget);
        if (r == 0) { /* one or more blocks ran to their end: h->pc is set */
            link = h->jit_link;
            goto next_block;
        }
        /* the interpreter takes over mid-block, maybe in a chained block */
        b = h->jit_block;
        bpc = h->jit_bpc;
        ip = (const struct insn *)r;
        h->stats.jit_resumes++;
    }
#endif
    DISPATCH();

raise:
    /* an instruction in the middle of the block faulted: it and the rest of
     * the block did not retire */
    h->stats.instret -= (uint64_t)(b->n - (ip - b->insns));
    h->pc = PC_HERE;
    hart_trap(h, cause, tval);
    goto next_block;

illegal:
    {
        uint32_t raw = ip->op == OP_ILLEGAL ? (uint32_t)ip->imm : fetch_raw(h, PC_HERE);
        RAISE(EXC_ILLEGAL, raw);
    }

mmio_exit:
    h->stats.instret -= (uint64_t)(b->n - (ip - b->insns));
    h->pc = PC_HERE;
    h->pend_rd = ip->rd;
    h->pend_len = ip->len;
    switch (ip->op) {
    case OP_LB: case OP_LBU: case OP_SB: h->pend_size = 1; break;
    case OP_LH: case OP_LHU: case OP_SH: h->pend_size = 2; break;
    case OP_LW: case OP_LWU: case OP_SW: case OP_FLW: case OP_FSW: h->pend_size = 4; break;
    default: h->pend_size = 8; break;
    }
    return 0;

L_ILLEGAL: goto illegal;
L_END: CHAIN(0, PC_HERE);

/* ---- RV64I ---- */
L_LUI: RD = SX(ip->imm); NEXT();
L_AUIPC: RD = bpc + IMM; NEXT();
L_JAL: RD = PC_NEXT; CHAIN(0, bpc + IMM);
L_JALR: {
    uint64_t t = (RS1 + IMM) & ~1ULL;
    RD = PC_NEXT;
    CHAIN(0, t); /* the last target: right for most calls through a pointer */
}
L_BEQ: BRANCH(RS1 == RS2);
L_BNE: BRANCH(RS1 != RS2);
L_BLT: BRANCH((int64_t)RS1 < (int64_t)RS2);
L_BGE: BRANCH((int64_t)RS1 >= (int64_t)RS2);
L_BLTU: BRANCH(RS1 < RS2);
L_BGEU: BRANCH(RS1 >= RS2);

L_LB: LOAD(int8_t, SX, true);
L_LH: LOAD(int16_t, SX, true);
L_LW: LOAD(int32_t, SX, true);
L_LD: LOAD(uint64_t, ID, false);
L_LBU: LOAD(uint8_t, ID, false);
L_LHU: LOAD(uint16_t, ID, false);
L_LWU: LOAD(uint32_t, ID, false);
L_SB: STORE(uint8_t, RS2);
L_SH: STORE(uint16_t, RS2);
L_SW: STORE(uint32_t, RS2);
L_SD: STORE(uint64_t, RS2);

L_LI: RD = SX(ip->imm); NEXT();
L_MV: RD = RS1; NEXT();
L_ADDI: RD = RS1 + IMM; NEXT();
L_SLTI: RD = (int64_t)RS1 < IMM; NEXT();
L_SLTIU: RD = RS1 < (uint64_t)IMM; NEXT();
L_XORI: RD = RS1 ^ (uint64_t)IMM; NEXT();
L_ORI: RD = RS1 | (uint64_t)IMM; NEXT();
L_ANDI: RD = RS1 & (uint64_t)IMM; NEXT();
L_SLLI: RD = RS1 << ip->imm; NEXT();
L_SRLI: RD = RS1 >> ip->imm; NEXT();
L_SRAI: RD = (uint64_t)((int64_t)RS1 >> ip->imm); NEXT();
L_ADD: RD = RS1 + RS2; NEXT();
L_SUB: RD = RS1 - RS2; NEXT();
L_SLL: RD = RS1 << (RS2 & 63); NEXT();
L_SLT: RD = (int64_t)RS1 < (int64_t)RS2; NEXT();
L_SLTU: RD = RS1 < RS2; NEXT();
L_XOR: RD = RS1 ^ RS2; NEXT();
L_SRL: RD = RS1 >> (RS2 & 63); NEXT();
L_SRA: RD = (uint64_t)((int64_t)RS1 >> (RS2 & 63)); NEXT();
L_OR: RD = RS1 | RS2; NEXT();
L_AND: RD = RS1 & RS2; NEXT();
L_ADDIW: RD = SEXT32(RS1 + IMM); NEXT();
L_SLLIW: RD = SEXT32((uint32_t)RS1 << ip->imm); NEXT();
L_SRLIW: RD = SEXT32((uint32_t)RS1 >> ip->imm); NEXT();
L_SRAIW: RD = SEXT32((int32_t)RS1 >> ip->imm); NEXT();
L_ADDW: RD = SEXT32(RS1 + RS2); NEXT();
L_SUBW: RD = SEXT32(RS1 - RS2); NEXT();
L_SLLW: RD = SEXT32((uint32_t)RS1 << (RS2 & 31)); NEXT();
L_SRLW: RD = SEXT32((uint32_t)RS1 >> (RS2 & 31)); NEXT();
L_SRAW: RD = SEXT32((int32_t)RS1 >> (RS2 & 31)); NEXT();

/* ---- M ---- */
L_MUL: RD = RS1 * RS2; NEXT();
L_MULH: RD = (uint64_t)(((__int128)(int64_t)RS1 * (__int128)(int64_t)RS2) >> 64); NEXT();
L_MULHSU: RD = (uint64_t)(((__int128)(int64_t)RS1 * (__int128)(unsigned __int128)RS2) >> 64); NEXT();
L_MULHU: RD = (uint64_t)(((unsigned __int128)RS1 * RS2) >> 64); NEXT();
L_DIV: {
    int64_t a = (int64_t)RS1, d = (int64_t)RS2;
    RD = d == 0 ? ~0ULL : (a == INT64_MIN && d == -1) ? (uint64_t)a : (uint64_t)(a / d);
    NEXT();
}
L_DIVU: RD = RS2 == 0 ? ~0ULL : RS1 / RS2; NEXT();
L_REM: {
    int64_t a = (int64_t)RS1, d = (int64_t)RS2;
    RD = d == 0 ? (uint64_t)a : (a == INT64_MIN && d == -1) ? 0 : (uint64_t)(a % d);
    NEXT();
}
L_REMU: RD = RS2 == 0 ? RS1 : RS1 % RS2; NEXT();
L_MULW: RD = SEXT32((uint32_t)RS1 * (uint32_t)RS2); NEXT();
L_DIVW: {
    int32_t a = (int32_t)RS1, d = (int32_t)RS2;
    RD = d == 0 ? ~0ULL : (a == INT32_MIN && d == -1) ? SEXT32(a) : SEXT32(a / d);
    NEXT();
}
L_DIVUW: {
    uint32_t a = (uint32_t)RS1, d = (uint32_t)RS2;
    RD = d == 0 ? ~0ULL : SEXT32(a / d);
    NEXT();
}
L_REMW: {
    int32_t a = (int32_t)RS1, d = (int32_t)RS2;
    RD = d == 0 ? SEXT32(a) : (a == INT32_MIN && d == -1) ? 0 : SEXT32(a % d);
    NEXT();
}
L_REMUW: {
    uint32_t a = (uint32_t)RS1, d = (uint32_t)RS2;
    RD = d == 0 ? SEXT32(a) : SEXT32(a % d);
    NEXT();
}

/* ---- A ---- */
L_LR_W: L_LR_D: {
    unsigned size = ip->op == OP_LR_W ? 4 : 8;
    uint64_t va = RS1, pa;
    uint8_t *host;
    if (va & (size - 1))
        RAISE(EXC_LOAD_MISALIGNED, va);
    int r = amo_host(h, va, size, ACC_R, &host, &pa);
    if (r)
        RAISE((uint64_t)(r - 1), va);
    if (size == 4) {
        uint32_t v = __atomic_load_n((uint32_t *)host, __ATOMIC_ACQUIRE);
        h->resv_val = v;
        RD = SEXT32(v);
    } else {
        uint64_t v = __atomic_load_n((uint64_t *)host, __ATOMIC_ACQUIRE);
        h->resv_val = v;
        RD = v;
    }
    h->resv_addr = host_to_pa(h, host);
    h->resv_valid = true;
    NEXT();
}
L_SC_W: L_SC_D: {
    /* The reservation is the value LR saw: SC succeeds if memory still
     * holds it (a compare-and-swap, atomic against all host threads). */
    unsigned size = ip->op == OP_SC_W ? 4 : 8;
    uint64_t va = RS1, pa;
    uint8_t *host;
    if (va & (size - 1))
        RAISE(EXC_STORE_MISALIGNED, va);
    int r = amo_host(h, va, size, ACC_W, &host, &pa);
    if (r)
        RAISE((uint64_t)(r - 1), va);
    bool ok = false;
    if (h->resv_valid && h->resv_addr == host_to_pa(h, host)) {
        if (size == 4) {
            uint32_t expect = (uint32_t)h->resv_val;
            ok = __atomic_compare_exchange_n((uint32_t *)host, &expect, (uint32_t)RS2, false,
                                             __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
        } else {
            uint64_t expect = h->resv_val;
            ok = __atomic_compare_exchange_n((uint64_t *)host, &expect, RS2, false,
                                             __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
        }
        if (ok && pa)
            code_written(mem, pa, size);
    }
    h->resv_valid = false;
    RD = !ok;
    NEXT();
}
L_AMO_W: {
    uint64_t va = RS1, pa;
    uint8_t *host;
    if (va & 3)
        RAISE(EXC_STORE_MISALIGNED, va);
    int r = amo_host(h, va, 4, ACC_W, &host, &pa);
    if (r)
        RAISE((uint64_t)(r - 1), va);
    RD = amo32(ip->op, (uint32_t *)host, (uint32_t)RS2);
    if (pa)
        code_written(mem, pa, 4);
    NEXT();
}
L_AMO_D: {
    uint64_t va = RS1, pa;
    uint8_t *host;
    if (va & 7)
        RAISE(EXC_STORE_MISALIGNED, va);
    int r = amo_host(h, va, 8, ACC_W, &host, &pa);
    if (r)
        RAISE((uint64_t)(r - 1), va);
    RD = amo64(ip->op, (uint64_t *)host, RS2);
    if (pa)
        code_written(mem, pa, 8);
    NEXT();
}

/* ---- F, D ---- */
L_FLW: {
    FS_CHECK();
    uint64_t va = RS1 + IMM, val;
    const struct tlb_entry *e = &h->tlb_r[(va >> 12) & (TLB_SIZE - 1)];
    uint32_t v;
    if (likely(e->tag == tlb_tag(va) && (va & 0xfff) <= 4092)) {
        memcpy(&v, (const void *)(uintptr_t)(va + e->addend), 4);
    } else {
        int r = hart_load_slow(h, va, 4, &val);
        if (r == MEM_MMIO) {
            h->pend = PEND_FLOAD;
            h->pend_va = va;
            goto mmio_exit;
        }
        if (r)
            RAISE((uint64_t)(r - 1), h->fault_va);
        v = (uint32_t)val;
    }
    h->f[ip->rd] = 0xffffffff00000000ULL | v;
    h->mstatus |= MS_FS;
    NEXT();
}
L_FLD: {
    FS_CHECK();
    uint64_t va = RS1 + IMM, v;
    const struct tlb_entry *e = &h->tlb_r[(va >> 12) & (TLB_SIZE - 1)];
    if (likely(e->tag == tlb_tag(va) && (va & 0xfff) <= 4088)) {
        memcpy(&v, (const void *)(uintptr_t)(va + e->addend), 8);
    } else {
        int r = hart_load_slow(h, va, 8, &v);
        if (r == MEM_MMIO) {
            h->pend = PEND_FLOAD;
            h->pend_va = va;
            goto mmio_exit;
        }
        if (r)
            RAISE((uint64_t)(r - 1), h->fault_va);
    }
    h->f[ip->rd] = v;
    h->mstatus |= MS_FS;
    NEXT();
}
L_FSW: FS_CHECK(); STORE(uint32_t, h->f[ip->rs2]);
L_FSD: FS_CHECK(); STORE(uint64_t, h->f[ip->rs2]);
L_FMV_X_W: FS_CHECK(); RD = SEXT32(h->f[ip->rs1]); NEXT();
L_FMV_X_D: FS_CHECK(); RD = h->f[ip->rs1]; NEXT();
L_FMV_W_X: FS_CHECK(); h->f[ip->rd] = 0xffffffff00000000ULL | (uint32_t)RS1; h->mstatus |= MS_FS; NEXT();
L_FMV_D_X: FS_CHECK(); h->f[ip->rd] = RS1; h->mstatus |= MS_FS; NEXT();
L_FPU:
    FS_CHECK();
    if (unlikely(fpu_exec(h, ip)))
        goto illegal;
    NEXT();

/* ---- Zba ---- */
L_ADD_UW: RD = RS2 + (uint32_t)RS1; NEXT();
L_SH1ADD: RD = RS2 + (RS1 << 1); NEXT();
L_SH2ADD: RD = RS2 + (RS1 << 2); NEXT();
L_SH3ADD: RD = RS2 + (RS1 << 3); NEXT();
L_SH1ADD_UW: RD = RS2 + ((uint64_t)(uint32_t)RS1 << 1); NEXT();
L_SH2ADD_UW: RD = RS2 + ((uint64_t)(uint32_t)RS1 << 2); NEXT();
L_SH3ADD_UW: RD = RS2 + ((uint64_t)(uint32_t)RS1 << 3); NEXT();
L_SLLI_UW: RD = (uint64_t)(uint32_t)RS1 << ip->imm; NEXT();

/* ---- Zbb ---- */
L_ANDN: RD = RS1 & ~RS2; NEXT();
L_ORN: RD = RS1 | ~RS2; NEXT();
L_XNOR: RD = ~(RS1 ^ RS2); NEXT();
L_CLZ: RD = RS1 ? (uint64_t)__builtin_clzll(RS1) : 64; NEXT();
L_CLZW: RD = (uint32_t)RS1 ? (uint64_t)__builtin_clz((uint32_t)RS1) : 32; NEXT();
L_CTZ: RD = RS1 ? (uint64_t)__builtin_ctzll(RS1) : 64; NEXT();
L_CTZW: RD = (uint32_t)RS1 ? (uint64_t)__builtin_ctz((uint32_t)RS1) : 32; NEXT();
L_CPOP: RD = (uint64_t)__builtin_popcountll(RS1); NEXT();
L_CPOPW: RD = (uint64_t)__builtin_popcount((uint32_t)RS1); NEXT();
L_MAX: RD = (int64_t)RS1 > (int64_t)RS2 ? RS1 : RS2; NEXT();
L_MAXU: RD = RS1 > RS2 ? RS1 : RS2; NEXT();
L_MIN: RD = (int64_t)RS1 < (int64_t)RS2 ? RS1 : RS2; NEXT();
L_MINU: RD = RS1 < RS2 ? RS1 : RS2; NEXT();
L_SEXT_B: RD = SX((int8_t)RS1); NEXT();
L_SEXT_H: RD = SX((int16_t)RS1); NEXT();
L_ZEXT_H: RD = (uint16_t)RS1; NEXT();
L_ROL: { unsigned s = RS2 & 63; RD = (RS1 << s) | (RS1 >> ((64 - s) & 63)); NEXT(); }
L_ROR: { unsigned s = RS2 & 63; RD = (RS1 >> s) | (RS1 << ((64 - s) & 63)); NEXT(); }
L_RORI: { unsigned s = (unsigned)ip->imm; RD = (RS1 >> s) | (RS1 << ((64 - s) & 63)); NEXT(); }
L_ROLW: { uint32_t v = (uint32_t)RS1; unsigned s = RS2 & 31; RD = SEXT32((v << s) | (v >> ((32 - s) & 31))); NEXT(); }
L_RORW: { uint32_t v = (uint32_t)RS1; unsigned s = RS2 & 31; RD = SEXT32((v >> s) | (v << ((32 - s) & 31))); NEXT(); }
L_RORIW: { uint32_t v = (uint32_t)RS1; unsigned s = (unsigned)ip->imm; RD = SEXT32((v >> s) | (v << ((32 - s) & 31))); NEXT(); }
L_ORC_B: {
    uint64_t v = RS1, r = 0;
    for (int k = 0; k < 8; k++)
        if ((v >> (8 * k)) & 0xff)
            r |= 0xffULL << (8 * k);
    RD = r;
    NEXT();
}
L_REV8: RD = __builtin_bswap64(RS1); NEXT();

/* ---- Zbs ---- */
L_BCLR: RD = RS1 & ~(1ULL << (RS2 & 63)); NEXT();
L_BCLRI: RD = RS1 & ~(1ULL << ip->imm); NEXT();
L_BEXT: RD = (RS1 >> (RS2 & 63)) & 1; NEXT();
L_BEXTI: RD = (RS1 >> ip->imm) & 1; NEXT();
L_BINV: RD = RS1 ^ (1ULL << (RS2 & 63)); NEXT();
L_BINVI: RD = RS1 ^ (1ULL << ip->imm); NEXT();
L_BSET: RD = RS1 | (1ULL << (RS2 & 63)); NEXT();
L_BSETI: RD = RS1 | (1ULL << ip->imm); NEXT();

/* ---- Zicbom, Zicboz ---- */
L_CBO_CLEAN: L_CBO_FLUSH: L_CBO_INVAL: L_CBO_ZERO: {
    uint64_t va = RS1;
    int r = cbo(h, ip->op, va);
    if (r == EXC_ILLEGAL + 1)
        goto illegal;
    if (r)
        RAISE((uint64_t)(r - 1), va);
    NEXT();
}

/* ---- system ---- */
L_FENCE:
    /* x86-64 is TSO: only store->load ordering needs a real barrier (FENCE
     * with a write in the predecessor set and a read in the successor set).
     * Everything else is ordered by the host already; the compiler barrier
     * keeps this thread's guest accesses in program order. */
    if ((ip->aux & 0x50) && (ip->aux & 0x0a))
        atomic_thread_fence(memory_order_seq_cst);
    else
        atomic_signal_fence(memory_order_seq_cst);
    NEXT();
L_FENCE_I:
    /* stores already invalidate decoded code (see block.c); drop fast write
     * mappings another hart's decoding may have made stale */
    h->budget = 0;
    JUMP(PC_NEXT);
L_ECALL:
    if (h->priv == PRIV_S && h->cfg.sbi_exits) {
        struct vcpu_exit *e = &h->vcpu->exit;
        e->reason = EXIT_SBI;
        e->sbi.ext = x[17];
        e->sbi.fid = x[16];
        for (int k = 0; k < 6; k++)
            e->sbi.args[k] = x[10 + k];
        e->sbi.ret_error = -2; /* SBI_ERR_NOT_SUPPORTED unless the VMM answers */
        e->sbi.ret_value = 0;
        h->pend = PEND_SBI;
        h->stats.instret -= 1;
        h->pc = PC_HERE;
        return 0;
    }
    RAISE(h->priv == PRIV_U ? EXC_ECALL_U : h->priv == PRIV_S ? EXC_ECALL_S : EXC_ECALL_M, 0);
L_EBREAK:
    RAISE(EXC_BREAKPOINT, PC_HERE);
L_MRET:
    if (h->priv < PRIV_M)
        goto illegal;
    hart_mret(h);
    goto next_block;
L_SRET:
    if (h->priv < PRIV_S || (h->priv == PRIV_S && (h->mstatus & MS_TSR)))
        goto illegal;
    hart_sret(h);
    goto next_block;
L_WFI:
    if (h->priv == PRIV_U || (h->priv == PRIV_S && (h->mstatus & MS_TW)))
        goto illegal;
    h->pc = PC_NEXT;
    h->wfi_time = hart_time(h);
    hart_update_timers(h, h->wfi_time);
    if (hart_pending_irqs(h) & h->mie)
        goto next_block; /* an enabled interrupt is already pending: no wait */
    h->vcpu->exit.reason = EXIT_WFI;
    h->vcpu->exit.wfi.deadline = hart_timer_deadline(h);
    return 0;
L_SFENCE_VMA:
    if (h->priv == PRIV_U || (h->priv == PRIV_S && (h->mstatus & MS_TVM)))
        goto illegal;
    /* The TLB is not ASID-tagged: flush the page (or all) in every context. */
    if (ip->rs1 == 0)
        tlb_flush_all(h);
    else
        tlb_flush_page(h, RS1);
    JUMP(PC_NEXT);

L_CSRRW: L_CSRRS: L_CSRRC: L_CSRRWI: L_CSRRSI: L_CSRRCI: {
    unsigned op = ip->op, csr = ip->aux;
    bool imm = op >= OP_CSRRWI;
    uint64_t src = imm ? ip->rs1 : RS1;
    bool is_rw = op == OP_CSRRW || op == OP_CSRRWI;
    bool do_write = is_rw || ip->rs1 != 0;
    bool do_read = !is_rw || ip->rd != 32;
    uint64_t old = 0;
    if (do_read && csr_read(h, csr, &old))
        goto illegal;
    if (do_write) {
        /* privileged spec §3.1.9: only the software-writable SEIP bit takes
         * part in the read-modify-write of mip, not the PLIC's line OR'ed in
         * (which would otherwise be latched as a phantom software SEIP) */
        uint64_t base = csr != CSR_MIP ? old : (old & ~MIP_SEIP) | (h->mip & MIP_SEIP);
        uint64_t v = is_rw ? src : (op == OP_CSRRS || op == OP_CSRRSI) ? base | src : base & ~src;
        if (csr_write(h, csr, v))
            goto illegal;
    }
    RD = old;
    JUMP(PC_NEXT);
}
}
