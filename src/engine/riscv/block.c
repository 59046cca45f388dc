/* Decoded-block cache ("decode once").
 *
 * Guest code is decoded into straight-line blocks that end at a control
 * transfer, a system/CSR instruction, a page boundary or a length limit.
 * Blocks are keyed by guest physical address, so the same code mapped at
 * several virtual addresses (shared libraries, the kernel's aliases) is
 * decoded once, and they are position-independent: PC-relative immediates
 * are relative to the block start, whose virtual PC is supplied at run time.
 *
 * Each hart owns its cache (no locking).  Coherence with stores, from any
 * hart or from device DMA, goes through the page generation words of
 * engine_mem: a store to a page that holds decoded code bumps the word, and
 * a block is only used while its page's word is unchanged.  Stores to code
 * pages always take the slow path because the TLB never holds a fast write
 * mapping for them: when a page first becomes a code page, this hart drops its
 * own mappings at once and the other harts drop theirs at their next check of
 * code_epoch (a window of at most one time slice, in which only code that the
 * guest modifies while another hart starts executing it could be stale; the
 * architecture requires a FENCE.I before such code may be relied on anyway).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "engine/riscv/decode.h"
#include "engine/riscv/hart.h"
#include "engine/riscv/block_impl.h"
#include "engine/riscv/jit/jit.h"

/* The arena is sized to the code the guest keeps running.  It starts at
 * ARENA_MIN; when it fills, it doubles (up to ARENA_MAX) if the fill was
 * mostly re-decoding code that earlier fills had decoded too (the hot code
 * does not fit) and came soon enough for re-decoding to cost (refilling costs
 * about 1 ns per arena byte, an instruction about 3 ns: under ARENA_GROW_RATE
 * instructions per byte, more than ~4% of the run).  Code run once, such as
 * the kernel's init sections, fills it fast but grows nothing.  It halves when
 * a fill came so late that re-decoding costs under 0.3%.
 * "Decoded before" is tracked per guest page, in a Bloom filter of the pages
 * the fills of the last ARENA_MAX bytes decoded, so that a loop through more
 * code than the arena holds is seen however it sweeps.
 * A flush hands the arena's pages back to the host, so an idle VM costs at
 * most the current size.  The maximum is reserved once as address space only
 * (MAP_NORESERVE), which keeps the arena at one address.
 * Measured on the busybox boot (1.2 G instructions): a fixed 1 MiB arena
 * costs 4% over 16 MiB, 2 MiB costs 2%. */
enum { BLOCK_MAX = BLOCK_MAX_INSNS, HASH_BITS = 14 };
#define ARENA_MIN ((size_t)1 << 20)
#define ARENA_MAX ((size_t)16 << 20)
#define ARENA_GROW_RATE 8

int block_cache_init(struct hart *h)
{
#if STRATO_JIT
    h->jit.fd = -1;
#endif
    h->bhash = calloc(1u << HASH_BITS, sizeof(*h->bhash));
    void *a = mmap(NULL, ARENA_MAX, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    h->arena = a == MAP_FAILED ? NULL : a;
    if (!h->bhash || !h->arena)
        return -1;
    if ((uintptr_t)h->arena + ARENA_MAX > JC_PTR_MASK)
        return -1; /* jump-cache entries keep block pointers in 48 bits */
#if STRATO_JIT
    if (h->cfg.jit && jit_cache_init(&h->jit) != 0)
        return -1;
#endif
    h->arena_size = h->stats.arena_size = ARENA_MIN;
    h->arena_used = 0;
    h->arena_filled_at = h->stats.instret;
    return 0;
}

void block_cache_free(struct hart *h)
{
    free(h->bhash);
    if (h->arena)
        munmap(h->arena, ARENA_MAX);
#if STRATO_JIT
    jit_cache_free(&h->jit);
#endif
}

void jc_invalidate(struct hart *h)
{
    h->jc_gen++;
    if ((h->jc_gen & 0x1fff) == 0) /* the tag wraps: old entries could match again */
        memset(h->jc, 0, sizeof(h->jc));
    jc_set_tag(h);
}

void block_flush_all(struct hart *h)
{
    memset(h->bhash, 0, (1u << HASH_BITS) * sizeof(*h->bhash));
    /* the pages come back zero-filled on their next use */
    if (h->arena_used)
        madvise(h->arena, h->arena_used, MADV_DONTNEED);
    h->arena_used = 0;
#if STRATO_JIT
    jit_cache_reset(&h->jit);
    h->jit_full = false;
#endif
    jc_invalidate(h);
}

void block_cache_trim(struct hart *h)
{
    if (h->arena_used) {
        h->stats.arena_trims++;
        block_flush_all(h);
        tlb_release(h);
    }
}

/* The arena is full: resize it to the guest's code working set, then flush. */
static void arena_full(struct hart *h)
{
    uint64_t per_byte = (h->stats.instret - h->arena_filled_at) / h->arena_size;
    bool thrashing = h->arena_redecoded * 2 > h->arena_decoded;
    if (thrashing && per_byte < ARENA_GROW_RATE && h->arena_size < ARENA_MAX)
        h->arena_size *= 2;
    else if (per_byte > 16 * ARENA_GROW_RATE && h->arena_size > ARENA_MIN)
        h->arena_size /= 2;
    h->stats.arena_size = h->arena_size;
    h->arena_filled_at = h->stats.instret;
    h->arena_decoded = h->arena_redecoded = 0;
    h->arena_history += h->arena_size;
    for (size_t i = 0; i < sizeof(h->arena_seen[0]) / sizeof(h->arena_seen[0][0]); i++) {
        h->arena_seen[0][i] = h->arena_history > ARENA_MAX ? 0 : h->arena_seen[0][i] | h->arena_seen[1][i];
        h->arena_seen[1][i] = 0;
    }
    if (h->arena_history > ARENA_MAX)
        h->arena_history = 0;
    h->stats.arena_flushes++;
    block_flush_all(h);
}

static inline unsigned hash_pa(uint64_t pa)
{
    return (unsigned)((pa >> 1) ^ (pa >> (1 + HASH_BITS))) & ((1u << HASH_BITS) - 1);
}

/* Some hart's store (or DMA) hit [pa, pa+len): invalidate code there. */
void code_written(struct engine_mem *m, uint64_t pa, uint64_t len)
{
    if (len == 0 || !mem_is_ram(m, pa, len))
        return;
    uint64_t first = (pa - m->ram_base) >> 12, last = (pa + len - 1 - m->ram_base) >> 12;
    if (first > 0)
        first--; /* a block for an instruction straddling into `first` lives in the page before */
    for (uint64_t p = first; p <= last; p++) {
        uint32_t g = atomic_load_explicit(&m->page_gen[p], memory_order_relaxed);
        while (g & 1) {
            /* odd -> next even value: "written since decoded, no code now" */
            if (atomic_compare_exchange_weak_explicit(&m->page_gen[p], &g, g + 1,
                                                      memory_order_release, memory_order_relaxed)) {
                atomic_fetch_add_explicit(&m->code_inval_epoch, 1, memory_order_release);
                break;
            }
        }
    }
}

/* Mark a page as holding code; returns the generation blocks must match. */
static uint32_t mark_code_page(struct hart *h, uint64_t page_idx, uint8_t *host_page)
{
    struct engine_mem *m = h->mem;
    uint32_t g = atomic_load_explicit(&m->page_gen[page_idx], memory_order_acquire);
    if (g & 1)
        return g;
    g = atomic_fetch_or_explicit(&m->page_gen[page_idx], 1, memory_order_acq_rel) | 1;
    tlb_flush_host_page(h, (uintptr_t)host_page);
    while (atomic_flag_test_and_set_explicit(&m->code_lock, memory_order_acquire))
        ;
    uint64_t e = atomic_load_explicit(&m->code_epoch, memory_order_relaxed);
    atomic_store_explicit(&m->code_ring[e % 64], (uintptr_t)host_page, memory_order_relaxed);
    atomic_store_explicit(&m->code_epoch, e + 1, memory_order_release);
    atomic_flag_clear_explicit(&m->code_lock, memory_order_release);
    if (e == h->code_epoch_seen)
        h->code_epoch_seen = e + 1; /* our own mappings are already dropped */
    return g;
}

/* Translate pc for instruction fetch: host pointer or fault. */
static int fetch_host(struct hart *h, uint64_t pc, uint8_t **host, uint64_t *cause, uint64_t *tval)
{
    struct tlb_entry *e = &h->tlb_x[(pc >> 12) & (TLB_SIZE - 1)];
    if (likely(e->tag == tlb_tag(pc))) {
        *host = (uint8_t *)(uintptr_t)(pc + e->addend);
        return 0;
    }
    uint64_t pa;
    int r = mmu_access_host(h, pc, 2, ACC_X, &pa, host);
    if (r == MMU_OK)
        return 0;
    *cause = r == MMU_MMIO ? EXC_INSN_ACCESS : (uint64_t)(r - 1);
    *tval = pc;
    return -1;
}

/* The instruction bits at pc, for xtval of an illegal instruction. */
uint32_t fetch_raw(struct hart *h, uint64_t pc)
{
    uint8_t *p;
    uint64_t c, t;
    if (fetch_host(h, pc, &p, &c, &t))
        return 0;
    uint16_t lo;
    memcpy(&lo, p, 2);
    if ((lo & 3) != 3)
        return lo;
    if ((pc & 0xfff) == 0xffe) {
        uint8_t *q;
        if (fetch_host(h, pc + 2, &q, &c, &t))
            return lo;
        uint16_t hi;
        memcpy(&hi, q, 2);
        return lo | (uint32_t)hi << 16;
    }
    uint32_t raw;
    memcpy(&raw, p, 4);
    return raw;
}

static void finish_insn(struct insn *d, unsigned pcoff)
{
    d->handler = rv_handlers[d->op];
    d->pcoff = (uint16_t)pcoff;
    if (rv_op_pcrel(d->op))
        d->imm += (int32_t)pcoff;
}

struct block *block_find(struct hart *h, uint64_t pa)
{
    struct engine_mem *m = h->mem;
    if (!mem_is_ram(m, pa, 2))
        return NULL;
    uint32_t gen_now = atomic_load_explicit(&m->page_gen[(pa - m->ram_base) >> 12], memory_order_acquire);
    for (struct block *b = h->bhash[hash_pa(pa)]; b; b = b->hnext)
        if (b->pa == pa && b->pgen == gen_now)
            return b;
    return NULL;
}

struct block *block_lookup(struct hart *h, uint64_t pc, uint64_t *cause, uint64_t *tval)
{
    struct engine_mem *m = h->mem;
    uint8_t *host;
#if STRATO_JIT
    /* the translator ran out of code memory: start again with none (no
     * block is in use here; the caller drops its chaining slot) */
    if (unlikely(h->jit_full)) {
        h->stats.jit_flushes++;
        block_flush_all(h);
    }
#endif
    if (fetch_host(h, pc, &host, cause, tval))
        return NULL;
    uint64_t pa = (uint64_t)(host - m->host) + m->ram_base;
    uint64_t page_idx = (pa - m->ram_base) >> 12;
    struct jcache_entry *j = &h->jc[(pc >> 1) & (JC_SIZE - 1)];

    uint32_t gen_now = atomic_load_explicit(&m->page_gen[page_idx], memory_order_acquire);
    for (struct block **bp = &h->bhash[hash_pa(pa)], *b; (b = *bp) != NULL;) {
        if (b->pa != pa) {
            bp = &b->hnext;
            continue;
        }
        if (b->pgen != gen_now) {
            *bp = b->hnext; /* stale: its page was written since */
            h->stats.code_flushes++;
            continue;
        }
        j->pc = pc;
        j->tb = h->jc_tag | (uintptr_t)b;
        j->jit = b->jit;
        return b;
    }

    /* decode a new block */
    h->stats.blocks_decoded++;
    /* one-hash Bloom filters of the pages decoded by this fill of the arena
     * ([1]) and by the fills before it ([0]) */
    {
        unsigned bit = (unsigned)(page_idx * 0x9e3779b97f4a7c15ULL >> (64 - ARENA_SEEN_BITS));
        uint64_t mask = 1ULL << (bit & 63);
        h->arena_decoded++;
        h->arena_redecoded += (h->arena_seen[0][bit >> 6] & mask) != 0;
        h->arena_seen[1][bit >> 6] |= mask;
    }
   
    uint8_t *page = host - (pa & 0xfff);
    uint32_t pgen = mark_code_page(h, page_idx, page);
    struct insn tmp[BLOCK_MAX + 1];
    unsigned off = (unsigned)(pa & 0xfff), start = off, n = 0;

    while (n < BLOCK_MAX && off + 2 <= 4096) {
        uint16_t lo;
        memcpy(&lo, page + off, 2);
        uint32_t raw = lo;
        if ((lo & 3) == 3) {
            if (off + 4 > 4096) {
                if (n > 0)
                    break;
                /* A 32-bit instruction straddling two pages gets a block of
                 * its own.  Both pages become code pages; code_written()
                 * invalidates a page's predecessor too, so a store to the
                 * second half also drops this block. */
                uint8_t *q;
                if (fetch_host(h, pc + 2, &q, cause, tval)) {
                    *tval = pc + 2;
                    return NULL;
                }
                uint64_t pa2 = (uint64_t)(q - m->host) + m->ram_base;
                mark_code_page(h, (pa2 - m->ram_base) >> 12, q - (pa2 & 0xfff));
                pgen = atomic_load_explicit(&m->page_gen[page_idx], memory_order_acquire);
                uint16_t hi;
                memcpy(&hi, q, 2);
                raw |= (uint32_t)hi << 16;
                struct insn *d = &tmp[n++];
                rv_decode(raw, d);
                finish_insn(d, 0);
                off += 4;
                break;
            }
            uint16_t hi;
            memcpy(&hi, page + off + 2, 2);
            raw |= (uint32_t)hi << 16;
        }
        struct insn *d = &tmp[n++];
        rv_decode(raw, d);
        finish_insn(d, off - start);
        off += d->len;
        if (rv_op_ends_block(d->op))
            break;
    }
    struct insn *end = &tmp[n];
    memset(end, 0, sizeof(*end));
    end->op = OP_END;
    end->handler = rv_handlers[OP_END];
    end->pcoff = (uint16_t)(off - start);

    size_t size = sizeof(struct block) + (n + 1) * sizeof(struct insn);
    size = (size + 15) & ~(size_t)15;
    if (h->arena_used + size > h->arena_size)
        arena_full(h);
    struct block *b = (struct block *)(h->arena + h->arena_used);
    h->arena_used += size;
    b->pa = pa;
    b->pgen = pgen;
    b->page_idx = (uint32_t)page_idx;
    b->n = (uint16_t)n;
    b->hits = 0;
    b->jit_declined = false;
    b->jit = NULL;
    memset(b->succ, 0, sizeof(b->succ));
    memcpy(b->insns, tmp, (n + 1) * sizeof(struct insn));
    unsigned hb = hash_pa(pa);
    b->hnext = h->bhash[hb];
    h->bhash[hb] = b;

    j->pc = pc;
    j->tb = h->jc_tag | (uintptr_t)b;
    j->jit = NULL;
    return b;
}
