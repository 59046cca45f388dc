/* One RISC-V hart: the engine-private state behind a struct vcpu. */
#ifndef STRATO_RISCV_HART_H
#define STRATO_RISCV_HART_H

#include <stdatomic.h>
#include <stdbool.h>

#include "engine/riscv/jit/jit.h"
#include <stdint.h>

#include "engine/engine.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

enum { PRIV_U = 0, PRIV_S = 1, PRIV_M = 3 };

/* Exception causes (privileged spec, Table 3.6) */
enum {
    EXC_INSN_MISALIGNED = 0, EXC_INSN_ACCESS = 1, EXC_ILLEGAL = 2, EXC_BREAKPOINT = 3,
    EXC_LOAD_MISALIGNED = 4, EXC_LOAD_ACCESS = 5, EXC_STORE_MISALIGNED = 6,
    EXC_STORE_ACCESS = 7, EXC_ECALL_U = 8, EXC_ECALL_S = 9, EXC_ECALL_M = 11,
    EXC_INSN_PAGE = 12, EXC_LOAD_PAGE = 13, EXC_STORE_PAGE = 15,
};

/* mstatus fields */
#define MS_SIE   (1ULL << 1)
#define MS_MIE   (1ULL << 3)
#define MS_SPIE  (1ULL << 5)
#define MS_MPIE  (1ULL << 7)
#define MS_SPP   (1ULL << 8)
#define MS_MPP   (3ULL << 11)
#define MS_FS    (3ULL << 13)
#define MS_MPRV  (1ULL << 17)
#define MS_SUM   (1ULL << 18)
#define MS_MXR   (1ULL << 19)
#define MS_TVM   (1ULL << 20)
#define MS_TW    (1ULL << 21)
#define MS_TSR   (1ULL << 22)
#define MS_UXL   (3ULL << 32)
#define MS_SXL   (3ULL << 34)
#define MS_SD    (1ULL << 63)
#define MS_FS_SHIFT 13

#define MIP_SSIP (1ULL << IRQ_S_SOFT)
#define MIP_MSIP (1ULL << IRQ_M_SOFT)
#define MIP_STIP (1ULL << IRQ_S_TIMER)
#define MIP_MTIP (1ULL << IRQ_M_TIMER)
#define MIP_SEIP (1ULL << IRQ_S_EXT)
#define MIP_MEIP (1ULL << IRQ_M_EXT)

/* menvcfg / senvcfg */
#define ENVCFG_FIOM  (1ULL << 0)
#define ENVCFG_CBIE  (3ULL << 4)
#define ENVCFG_CBCFE (1ULL << 6)
#define ENVCFG_CBZE  (1ULL << 7)
#define ENVCFG_STCE  (1ULL << 63)

/* Software TLB.  One direct-mapped table per (translation context, access
 * type).  A context is the effective privilege for the access plus SUM, so a
 * trap or a toggle of sstatus.SUM (Linux does it around every user copy)
 * switches tables instead of flushing them. */
/* 4096 entries a table: a guest walking a 16 MiB array at random still hits
 * (with 256, each such access missed to a page walk).  Flushes clear only the
 * entries filled since the last flush, from a log (tlb_log), so the size costs
 * nothing at every context switch; when more were filled than the log
 * holds, they clear the tables whole. */
enum { TLB_BITS = 12, TLB_SIZE = 1 << TLB_BITS, TLB_SUPER_N = 32, TLB_LOG_N = 1024 };
enum { TLBCTX_M = 0, TLBCTX_S = 1, TLBCTX_SUM = 2, TLBCTX_U = 3, TLBCTX_N = 4 };
enum { ACC_R = 0, ACC_W = 1, ACC_X = 2 };

struct tlb_entry {
    uint64_t tag;      /* the virtual page's address (low 12 bits 0), or TLB_INVALID:
                        * translated code compares it with an address masked to
                        * its page and alignment bits in one instruction */
    uintptr_t addend;  /* host address = guest virtual address + addend */
};
#define TLB_INVALID (~0ULL)

/* the tag of the page holding virtual address va */
static inline uint64_t tlb_tag(uint64_t va)
{
    return va & ~0xfffULL;
}

/* Decoded-instruction cache: straight-line blocks keyed by physical address. */
struct insn;
struct block;

/* The jump cache: virtual PC -> block, 24 bytes an entry.  The top 16 bits
 * of `tb` tag the entry with the generation and fetch context it was made
 * in (a block pointer fits in 48 bits); jc_invalidate() moves to a new
 * generation when translations change or code was written. */
struct jcache_entry {
    uint64_t pc;
    uintptr_t tb;      /* (tag << 48) | block pointer */
    void *jit;         /* the block's translation when the entry was made, or NULL
                        * (translated code chains through it without touching
                        * the block); valid while tb is */
};
#define JC_PTR_MASK ((1ULL << 48) - 1)
enum { JC_BITS = 14, JC_SIZE = 1 << JC_BITS };
enum { ARENA_SEEN_BITS = 16 }; /* Bloom filters of pages with decoded code, 8 KiB each */

enum { PMP_N = 16 };

struct hart {
    uint64_t x[33];    /* x[32] is where writes to x0 land: decode redirects rd=0 there */
    uint64_t f[32];
    uint64_t pc;
    unsigned priv;

    /* Current translation context and its tables (recomputed by hart_update_mode). */
    struct tlb_entry *tlb_r, *tlb_w, *tlb_x;
    unsigned dctx, ictx;
    /* instructions left before the next slow check of timers and requests */
    int64_t budget;

    /* CSRs */
    uint64_t mstatus;
    uint64_t medeleg, mideleg;
    uint64_t mie, mip;          /* mip: the software-writable bits */
    uint64_t mip_timer;         /* MTIP/STIP as computed from the comparators */
    uint64_t mtvec, stvec;
    uint64_t mscratch, sscratch;
    uint64_t mepc, sepc;
    uint64_t mcause, scause;
    uint64_t mtval, stval;
    uint64_t satp;
    uint64_t mcounteren, scounteren, mcountinhibit;
    uint64_t menvcfg, senvcfg;
    uint64_t stimecmp;
    uint64_t cycle_offset, instret_offset; /* mcycle/minstret = instret + offset */
    uint64_t cycle_frozen, instret_frozen; /* values while mcountinhibit stops them */
    uint32_t fflags;            /* accumulated flags not yet folded from the host MXCSR */
    uint32_t frm;
    uint8_t pmpcfg[PMP_N];
    uint64_t pmpaddr[PMP_N];
    bool pmp_active;            /* any entry not OFF */

    /* LR/SC reservation (address, value loaded) */
    uint64_t resv_addr;
    uint64_t resv_val;
    bool resv_valid;

    /* A load or SBI call in flight across an exit */
    enum { PEND_NONE, PEND_LOAD, PEND_FLOAD, PEND_STORE, PEND_SBI } pend;
    uint8_t pend_rd, pend_size, pend_len;
    bool pend_signed;
    uint64_t pend_va;           /* the access's virtual address, for xtval if it faults */
    uint64_t fault_va;          /* xtval of a load/store slow path's fault */

    struct tlb_entry tlb[TLBCTX_N][3][TLB_SIZE];
    /* Superpage leaves the TLB holds 4 KiB fragments of, since the last full
     * flush: an sfence.vma for any address inside one must drop them all
     * (privileged spec §4.2.1).  tlb_super_n > TLB_SUPER_N: the list
     * overflowed and any address may be covered. */
    struct { uint64_t vpn, mask; } tlb_super[TLB_SUPER_N];
    unsigned tlb_super_n;
    /* entries filled since the last full flush: (table << TLB_BITS) | index,
     * table = ctx * 3 + access; tlb_log_n > TLB_LOG_N: too many to know */
    uint32_t tlb_log[TLB_LOG_N];
    unsigned tlb_log_n;

    /* decoded blocks */
    uint64_t jc_gen;
    uintptr_t jc_tag;           /* (0x8000 | (jc_gen & 0x1fff) << 2 | ictx) << 48 */
    uint64_t inval_seen;        /* engine_mem.code_inval_epoch last looked at */
    struct jcache_entry jc[JC_SIZE];
    struct block **bhash;       /* chained hash of blocks by physical address */
    uint8_t *arena;             /* bump allocator for blocks */
    size_t arena_used, arena_size; /* arena_size: the current budget */
    uint64_t arena_filled_at;   /* instret at the last arena flush */
    uint64_t wfi_time;          /* time of the last WFI */
    uint64_t idle_window_start, idle_ticks; /* time spent in WFI since the window began */
    uint64_t arena_decoded, arena_redecoded; /* blocks this fill; of them, on pages decoded before */
    uint64_t arena_history;     /* bytes of fills that arena_seen[0] covers */
    uint64_t arena_seen[2][(1u << ARENA_SEEN_BITS) / 64];
    uint64_t code_epoch_seen;

#if STRATO_JIT
    struct jit_cache jit;       /* translated code (jit/) */
    bool jit_full;              /* it filled up: flush at the next block lookup */
    /* what translated code leaves for the dispatcher (jit/jit.h) */
    struct jcache_entry *jit_link;
    struct block *jit_block;
    uint64_t jit_bpc;
    uint64_t jit_val;           /* a load's value from hart_load_slow() */
#endif

    /* host MXCSR saved while the guest runs */
    unsigned host_mxcsr;

    struct vcpu *vcpu;
    struct vcpu_config cfg;
    struct engine_mem *mem;
    struct vcpu_irq_lines *irq;
    struct vcpu_stats stats;
};

/* Guest physical memory (engine_mem), shared by the harts of a VM. */
struct engine_mem {
    uint64_t ram_base, ram_size;
    uint8_t *host;
    /* Per 4 KiB page of RAM: bit 0 = decoded code exists for the page;
     * the rest counts writes to pages that held code.  A block is valid while
     * its page's word still equals the value seen when it was decoded. */
    _Atomic uint32_t *page_gen;
    /* bumped whenever a page becomes a code page: harts then drop the fast
     * write mappings they may hold for it.  code_ring remembers which host
     * pages the last CODE_RING bumps were about (writers take code_lock), so
     * a hart that is not too far behind drops just those mappings. */
    _Atomic uint64_t code_epoch;
    /* bumped whenever decoded code is invalidated (a code page was written):
     * harts then drop their jump caches, whose hits are not re-validated */
    _Atomic uint64_t code_inval_epoch;
    _Atomic uintptr_t code_ring[64];
    atomic_flag code_lock;
    struct { uint64_t base, len; } traps[4];
    unsigned ntraps;
};

static inline bool mem_is_ram(const struct engine_mem *m, uint64_t pa, uint64_t len)
{
    return pa >= m->ram_base && pa - m->ram_base < m->ram_size &&
           len <= m->ram_size - (pa - m->ram_base);
}

static inline bool mem_is_trapped(const struct engine_mem *m, uint64_t pa, uint64_t len)
{
    for (unsigned i = 0; i < m->ntraps; i++)
        if (pa < m->traps[i].base + m->traps[i].len && m->traps[i].base < pa + len)
            return true;
    return false;
}

/* trap.c */
void hart_trap(struct hart *h, uint64_t cause, uint64_t tval);
bool hart_check_interrupts(struct hart *h);
uint64_t hart_pending_irqs(struct hart *h);
void hart_update_timers(struct hart *h, uint64_t now);
uint64_t hart_timer_deadline(struct hart *h);
void hart_update_mode(struct hart *h);
void hart_mret(struct hart *h);
void hart_sret(struct hart *h);

/* csr.c: return 0 or EXC_ILLEGAL */
int csr_read(struct hart *h, unsigned csr, uint64_t *val);
int csr_write(struct hart *h, unsigned csr, uint64_t val);
uint64_t hart_time(struct hart *h);
uint32_t hart_fflags(struct hart *h);

/* mmu.c */
enum { MMU_OK = 0, MMU_MMIO = -1 }; /* otherwise an exception cause + 1 */
int mmu_translate(struct hart *h, uint64_t va, int acc, unsigned ctx, uint64_t *pa,
                  unsigned *level);
int mmu_access_host(struct hart *h, uint64_t va, unsigned size, int acc,
                    uint64_t *pa, uint8_t **host);
void tlb_flush_all(struct hart *h);
/* an idle hart: empty TLB and jump cache, their pages given back */
void tlb_release(struct hart *h);
void tlb_flush_page(struct hart *h, uint64_t va);
void tlb_flush_host_page(struct hart *h, uintptr_t host_page);
void tlb_catch_up_code_pages(struct hart *h);
bool pmp_check(struct hart *h, uint64_t pa, uint64_t len, int acc, unsigned priv);
bool pmp_page_uniform(struct hart *h, uint64_t pa_page);
void pmp_update(struct hart *h);

/* bit 15 is always set, so a zeroed entry never matches */
static inline void jc_set_tag(struct hart *h)
{
    h->jc_tag = (uintptr_t)(0x8000 | ((h->jc_gen & 0x1fff) << 2) | h->ictx) << 48;
}

/* every jump-cache entry becomes stale (translations or code changed) */
void jc_invalidate(struct hart *h);
/* those for the PCs of one page (its mapping changed) */
void jc_invalidate_page(struct hart *h, uint64_t va);

/* block.c */
struct block *block_lookup(struct hart *h, uint64_t pc, uint64_t *cause, uint64_t *tval);
void block_flush_all(struct hart *h);
/* The hart was idle: hand the decoded-block arena back to the host. */
void block_cache_trim(struct hart *h);
void code_written(struct engine_mem *m, uint64_t pa, uint64_t len);

/* interp.c: hart_execute(NULL) checks and publishes rv_handlers, the code
 * address of each operation, which decoded instructions carry */
int hart_execute(struct hart *h);
/* The interpreter's slow paths of a RAM load or store (TLB fill, page
 * crossing), for translated code: 0 when done, else a fault or an MMIO
 * access, which the interpreter then redoes at that instruction. */
int hart_load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val);
int hart_store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val);
extern const void *const *rv_handlers;

#endif
