/* Memory virtualization, first stage: guest-virtual -> guest-physical through
 * the guest's own page tables (Sv39/Sv48/Sv57, privileged spec §4.3-4.6),
 * PMP (§3.7), and the software TLB that caches guest-virtual -> host for RAM.
 *
 * A TLB entry maps one 4 KiB virtual page to host memory for one translation
 * context (effective privilege + SUM) and one access type.  It is only
 * installed when the whole page is RAM, has uniform PMP permissions and (for
 * writes) holds no decoded code, so the fast path in the interpreter needs a
 * single compare.  Everything else (MMIO, PMP edges, code pages) takes the
 * slow path on every access.
 */
#include <string.h>
#include <sys/mman.h>

#include "engine/riscv/hart.h"

#define PTE_V (1ULL << 0)
#define PTE_R (1ULL << 1)
#define PTE_W (1ULL << 2)
#define PTE_X (1ULL << 3)
#define PTE_U (1ULL << 4)
#define PTE_A (1ULL << 6)
#define PTE_D (1ULL << 7)
/* bits 63 (N, Svnapot), 62:61 (PBMT, Svpbmt) and 60:54 (reserved): none of
 * these extensions is implemented, so a leaf or non-leaf PTE with any of them
 * set raises a page fault (§4.4.1). */
#define PTE_RESERVED (0x3ffULL << 54)
#define PTE_PPN(pte) (((pte) >> 10) & ((1ULL << 44) - 1))

#define PMP_R 1
#define PMP_W 2
#define PMP_X 4
#define PMP_A 0x18
#define PMP_L 0x80
enum { PMP_OFF = 0, PMP_TOR = 1, PMP_NA4 = 2, PMP_NAPOT = 3 };

static const int page_fault_cause[3] = {EXC_LOAD_PAGE, EXC_STORE_PAGE, EXC_INSN_PAGE};
static const int access_fault_cause[3] = {EXC_LOAD_ACCESS, EXC_STORE_ACCESS, EXC_INSN_ACCESS};

/* ---- PMP ---- */

static void pmp_range(const struct hart *h, int i, uint64_t *lo, uint64_t *hi)
{
    uint8_t a = (h->pmpcfg[i] & PMP_A) >> 3;
    uint64_t addr = h->pmpaddr[i];
    switch (a) {
    case PMP_TOR:
        *lo = i ? h->pmpaddr[i - 1] << 2 : 0;
        *hi = addr << 2;
        break;
    case PMP_NA4:
        *lo = addr << 2;
        *hi = *lo + 4;
        break;
    case PMP_NAPOT: {
        unsigned t = (unsigned)__builtin_ctzll(~addr); /* trailing ones */
        uint64_t size = 1ULL << (t + 3);
        *lo = (addr << 2) & ~(size - 1);
        *hi = *lo + size;
        break;
    }
    default:
        *lo = *hi = 0;
    }
}

void pmp_update(struct hart *h)
{
    h->pmp_active = false;
    for (int i = 0; i < PMP_N; i++)
        if (h->pmpcfg[i] & PMP_A)
            h->pmp_active = true;
}

/* The first entry that matches any byte decides (§3.7.1). */
bool pmp_check(struct hart *h, uint64_t pa, uint64_t len, int acc, unsigned priv)
{
    static const uint8_t need[3] = {PMP_R, PMP_W, PMP_X};
    if (!h->pmp_active)
        return priv == PRIV_M; /* 16 entries are implemented: S/U need a match */
    for (int i = 0; i < PMP_N; i++) {
        uint64_t lo, hi;
        if (!(h->pmpcfg[i] & PMP_A))
            continue;
        pmp_range(h, i, &lo, &hi);
        if (pa + len <= lo || pa >= hi)
            continue;
        if (pa < lo || pa + len > hi)
            return false; /* partial match fails */
        if (priv == PRIV_M && !(h->pmpcfg[i] & PMP_L))
            return true;
        return (h->pmpcfg[i] & need[acc]) != 0;
    }
    return priv == PRIV_M;
}

/* Can one TLB entry stand for the whole 4 KiB page under PMP? */
bool pmp_page_uniform(struct hart *h, uint64_t pa_page)
{
    if (!h->pmp_active)
        return true;
    for (int i = 0; i < PMP_N; i++) {
        uint64_t lo, hi;
        if (!(h->pmpcfg[i] & PMP_A))
            continue;
        pmp_range(h, i, &lo, &hi);
        if (pa_page + 4096 <= lo || pa_page >= hi)
            continue;
        return lo <= pa_page && hi >= pa_page + 4096;
    }
    return true;
}

/* ---- TLB ---- */

static inline struct tlb_entry *tlb_logged(struct hart *h, uint32_t k)
{
    unsigned table = k >> TLB_BITS;
    return &h->tlb[table / 3][table % 3][k & (TLB_SIZE - 1)];
}

void tlb_flush_all(struct hart *h)
{
    if (h->tlb_log_n > TLB_LOG_N) {
        for (int c = 0; c < TLBCTX_N; c++)
            for (int a = 0; a < 3; a++)
                for (int i = 0; i < TLB_SIZE; i++)
                    h->tlb[c][a][i].tag = TLB_INVALID;
    } else {
        for (unsigned i = 0; i < h->tlb_log_n; i++)
            tlb_logged(h, h->tlb_log[i])->tag = TLB_INVALID;
    }
    h->tlb_log_n = 0;
    h->tlb_super_n = 0;
    jc_invalidate(h);
}

/* zero [p, p+len): whole pages are handed back to the host (they read as
 * zeros again), the edges are cleared by hand */
static void zero_release(void *p, size_t len)
{
    uintptr_t lo = (uintptr_t)p, hi = lo + len;
    uintptr_t a = (lo + 4095) & ~(uintptr_t)4095, b = hi & ~(uintptr_t)4095;
    if (a >= b) {
        memset(p, 0, len);
        return;
    }
    memset(p, 0, a - lo);
    memset((void *)b, 0, hi - b);
    madvise((void *)a, b - a, MADV_DONTNEED);
}

/* The hart is idle: empty its TLB and jump cache and give their pages back.
 * A zeroed entry never matches: a TLB tag of 0 could only match virtual
 * page 0, which is looked up in entry 0 of a table alone, or (in translated
 * code, which tests the page of an access's last byte) an access wrapping
 * past the top of the address space, looked up in the last entry; those
 * two are made invalid.  A jump-cache tag always has bit 63 set. */
void tlb_release(struct hart *h)
{
    zero_release(h->tlb, sizeof(h->tlb));
    for (int c = 0; c < TLBCTX_N; c++)
        for (int a = 0; a < 3; a++) {
            h->tlb[c][a][0].tag = TLB_INVALID;
            h->tlb[c][a][TLB_SIZE - 1].tag = TLB_INVALID;
        }
    h->tlb_log_n = 0;
    h->tlb_super_n = 0;
    zero_release(h->jc, sizeof(h->jc));
    jc_invalidate(h);
}

/* sfence.vma with an address: the leaf that maps it may be a superpage whose
 * fragments sit under other tags, and then all of them go. */
void tlb_flush_page(struct hart *h, uint64_t va)
{
    uint64_t vpn = va >> 12;
    bool super = h->tlb_super_n > TLB_SUPER_N;
    for (unsigned i = 0; !super && i < h->tlb_super_n; i++)
        super = (vpn & ~h->tlb_super[i].mask) == h->tlb_super[i].vpn;
    if (super) {
        tlb_flush_all(h);
        return;
    }
    for (int c = 0; c < TLBCTX_N; c++)
        for (int a = 0; a < 3; a++) {
            struct tlb_entry *e = &h->tlb[c][a][vpn & (TLB_SIZE - 1)];
            if (e->tag == tlb_tag(va))
                e->tag = TLB_INVALID;
        }
    jc_invalidate_page(h, va);
}

/* Jump-cache entries for PCs on one virtual page (and for an instruction
 * straddling into it from the page before) go; the rest stay.  Linux flushes
 * one page after each page fault it handles, so dropping the whole jump cache
 * there made the hart look every block up again.  Successor slots only ever
 * name blocks on their own block's page, which such a flush leaves
 * unreachable except through the jump cache or another lookup. */
void jc_invalidate_page(struct hart *h, uint64_t va)
{
    uint64_t page = va & ~0xfffULL;
    _Static_assert(JC_SIZE >= 2048, "a page's PCs have jump-cache entries of their own");
    unsigned first = (unsigned)(page >> 1) & (JC_SIZE - 1);
    memset(&h->jc[first], 0, 2048 * sizeof(h->jc[0]));
    struct jcache_entry *prev = &h->jc[((page - 2) >> 1) & (JC_SIZE - 1)];
    if (prev->pc == page - 2)
        prev->pc = 0, prev->tb = 0;
}

static inline void tlb_drop_if_maps(struct tlb_entry *e, uintptr_t host_page)
{
    if (e->tag != TLB_INVALID && e->tag + e->addend == host_page)
        e->tag = TLB_INVALID;
}

/* Drop every fast write mapping of one host page (it now holds code). */
void tlb_flush_host_page(struct hart *h, uintptr_t host_page)
{
    if (h->tlb_log_n <= TLB_LOG_N) { /* only the entries filled since the last flush can hold it */
        for (unsigned i = 0; i < h->tlb_log_n; i++)
            if ((h->tlb_log[i] >> TLB_BITS) % 3 == ACC_W)
                tlb_drop_if_maps(tlb_logged(h, h->tlb_log[i]), host_page);
        return;
    }
    for (int c = 0; c < TLBCTX_N; c++)
        for (int i = 0; i < TLB_SIZE; i++)
            tlb_drop_if_maps(&h->tlb[c][ACC_W][i], host_page);
}

/* Other harts made pages code pages since we last looked: drop our fast
 * write mappings of those pages (or of all pages, if we fell too far behind
 * to know which). */
void tlb_catch_up_code_pages(struct hart *h)
{
    struct engine_mem *m = h->mem;
    uint64_t seen = h->code_epoch_seen;
    uint64_t now = atomic_load_explicit(&m->code_epoch, memory_order_acquire);
    if (now == seen)
        return;
    bool all = now - seen > 64;
    for (uint64_t e = seen; !all && e != now; e++)
        tlb_flush_host_page(h, atomic_load_explicit(&m->code_ring[e % 64], memory_order_relaxed));
    /* a slot we read may have been reused meanwhile: then we cannot know */
    if (all || atomic_load_explicit(&m->code_epoch, memory_order_acquire) - seen > 64) {
        for (int c = 0; c < TLBCTX_N; c++)
            for (int i = 0; i < TLB_SIZE; i++)
                h->tlb[c][ACC_W][i].tag = TLB_INVALID;
    }
    h->code_epoch_seen = now;
}

/* ---- page-table walk ---- */

static unsigned ctx_priv(unsigned ctx)
{
    return ctx == TLBCTX_M ? PRIV_M : ctx == TLBCTX_U ? PRIV_U : PRIV_S;
}

static void tlb_note_superpage(struct hart *h, uint64_t vpn, unsigned level)
{
    uint64_t mask = (1ULL << (9 * level)) - 1;
    for (unsigned i = 0; i < h->tlb_super_n && i < TLB_SUPER_N; i++)
        if (h->tlb_super[i].vpn == (vpn & ~mask) && h->tlb_super[i].mask == mask)
            return;
    if (h->tlb_super_n < TLB_SUPER_N) {
        h->tlb_super[h->tlb_super_n].vpn = vpn & ~mask;
        h->tlb_super[h->tlb_super_n].mask = mask;
    }
    if (h->tlb_super_n <= TLB_SUPER_N)
        h->tlb_super_n++;
}

/* Translate va for an access of type acc in context ctx.
 * Returns MMU_OK with *pa and the leaf's level (0: a 4 KiB page), or
 * exception cause + 1. */
int mmu_translate(struct hart *h, uint64_t va, int acc, unsigned ctx, uint64_t *pa,
                  unsigned *level)
{
    unsigned mode = (unsigned)(h->satp >> 60);
    *level = 0;
    if (ctx == TLBCTX_M || mode == 0) {
        *pa = va;
        return MMU_OK;
    }
    int levels = mode == 8 ? 3 : mode == 9 ? 4 : 5;
    int vabits = 12 + 9 * levels;
    /* bits above the virtual address width must equal its top bit */
    if ((uint64_t)((int64_t)(va << (64 - vabits)) >> (64 - vabits)) != va)
        return page_fault_cause[acc] + 1;

    struct engine_mem *m = h->mem;
    h->stats.tlb_misses++;
restart:;
    uint64_t a = (h->satp & ((1ULL << 44) - 1)) << 12;
    for (int i = levels - 1; i >= 0; i--) {
        uint64_t pte_pa = a + ((va >> (12 + 9 * i)) & 511) * 8;
        /* implicit accesses to page tables are checked by PMP as S-mode */
        if (!mem_is_ram(m, pte_pa, 8) || !pmp_check(h, pte_pa, 8, ACC_R, PRIV_S))
            return access_fault_cause[acc] + 1;
        uint64_t *ptep = (uint64_t *)(m->host + (pte_pa - m->ram_base));
        uint64_t pte = __atomic_load_n(ptep, __ATOMIC_ACQUIRE);

        if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)) || (pte & PTE_RESERVED))
            return page_fault_cause[acc] + 1;
        if (!(pte & (PTE_R | PTE_X))) {
            if (i == 0)
                return page_fault_cause[acc] + 1;
            a = PTE_PPN(pte) << 12;
            continue;
        }
        /* leaf: permissions (§4.3.1, §3.1.6.3) */
        unsigned priv = ctx_priv(ctx);
        if (priv == PRIV_U && !(pte & PTE_U))
            return page_fault_cause[acc] + 1;
        if (priv == PRIV_S && (pte & PTE_U) && (acc == ACC_X || ctx != TLBCTX_SUM))
            return page_fault_cause[acc] + 1;
        bool ok;
        if (acc == ACC_X)
            ok = pte & PTE_X;
        else if (acc == ACC_W)
            ok = pte & PTE_W;
        else
            ok = (pte & PTE_R) || ((h->mstatus & MS_MXR) && (pte & PTE_X));
        if (!ok)
            return page_fault_cause[acc] + 1;
        uint64_t ppn = PTE_PPN(pte);
        if (i > 0 && (ppn & ((1ULL << (9 * i)) - 1)))
            return page_fault_cause[acc] + 1; /* misaligned superpage */

        /* hardware A/D update, atomic with respect to other harts (§4.3.2 step 7) */
        uint64_t want = pte | PTE_A | (acc == ACC_W ? PTE_D : 0);
        if (want != pte) {
            if (!pmp_check(h, pte_pa, 8, ACC_W, PRIV_S))
                return access_fault_cause[acc] + 1;
            if (!__atomic_compare_exchange_n(ptep, &pte, want, false, __ATOMIC_ACQ_REL,
                                              __ATOMIC_ACQUIRE))
                goto restart;
            code_written(m, pte_pa, 8);
        }
        uint64_t off_mask = (1ULL << (12 + 9 * i)) - 1;
        *pa = ((ppn << 12) & ~off_mask) | (va & off_mask);
        *level = (unsigned)i;
        return MMU_OK;
    }
    return page_fault_cause[acc] + 1;
}

/* The slow path of every access: translate, check PMP, find host memory,
 * and fill the TLB when the page qualifies.  size may not cross a page.
 * Returns MMU_OK (*host set), MMU_MMIO (*pa set, no host memory), or
 * exception cause + 1. */
int mmu_access_host(struct hart *h, uint64_t va, unsigned size, int acc,
                    uint64_t *pa_out, uint8_t **host)
{
    unsigned ctx = acc == ACC_X ? h->ictx : h->dctx;
    unsigned priv = ctx_priv(ctx);
    uint64_t pa;
    unsigned level;
    int r = mmu_translate(h, va, acc, ctx, &pa, &level);
    if (r != MMU_OK)
        return r;
    *pa_out = pa;
    if (!pmp_check(h, pa, size, acc, priv))
        return access_fault_cause[acc] + 1;
    struct engine_mem *m = h->mem;
    if (!mem_is_ram(m, pa, size) || mem_is_trapped(m, pa, size)) {
        *host = NULL;
        return MMU_MMIO;
    }
    *host = m->host + (pa - m->ram_base);

    uint64_t page = pa & ~0xfffULL;
    if (!mem_is_ram(m, page, 4096) || mem_is_trapped(m, page, 4096) ||
        !pmp_page_uniform(h, page))
        return MMU_OK;
    if (acc == ACC_W &&
        (atomic_load_explicit(&m->page_gen[(page - m->ram_base) >> 12], memory_order_relaxed) & 1))
        return MMU_OK; /* code page: stores must go through code_written() */
    if (level > 0)
        tlb_note_superpage(h, va >> 12, level);
    unsigned idx = (unsigned)(va >> 12) & (TLB_SIZE - 1);
    struct tlb_entry *e = &h->tlb[ctx][acc][idx];
    if (h->tlb_log_n < TLB_LOG_N)
        h->tlb_log[h->tlb_log_n++] = ((uint32_t)(ctx * 3 + (unsigned)acc) << TLB_BITS) | idx;
    else
        h->tlb_log_n = TLB_LOG_N + 1;
    e->tag = tlb_tag(va);
    e->addend = (uintptr_t)(m->host + (page - m->ram_base)) - tlb_tag(va);
    return MMU_OK;
}
