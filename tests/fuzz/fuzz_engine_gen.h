/* The structure-aware half of fuzz_engine: turns fuzz input into valid
 * RISC-V code and state in guest RAM.
 *
 * Raw bytes as code almost never get past the first illegal instruction,
 * so the input instead drives a generator.  A header record lays out page
 * tables (Sv39, with Sv48/Sv57 tops over the same tree), the starting mode
 * and CSR state; every later record picks an instruction template from a
 * weighted table and fills its registers and immediates from the input.
 * Addresses come from base registers preloaded with places worth reaching
 * (a data page, the last word before a page boundary, a read-only page, an
 * unmapped hole, MMIO, a megapage alias, the page tables themselves), and
 * branches only jump forward to the start of a later record, so the code
 * ends.  Generated trap handlers skip the faulting instruction, switch
 * mode on ecall (x28 names the mode) and recover from fetch faults, so one
 * fault does not end the program.
 *
 * Register convention of the generated code:
 *   x1..x15   destinations (and any source)
 *   x16..x25  base addresses, written only by the header (see gen_bases)
 *   x26, x27  the S-mode handler's scratch
 *   x28       the mode an ecall asks the handlers for
 *   x29       templates' temporary (CSR values, loop counters) and every
 *             code address (auipc, links, xepc): never a store base, so
 *             random stores do not rewrite the code
 *   x30, x31  the M-mode handler's scratch
 */
#ifndef STRATO_FUZZ_ENGINE_GEN_H
#define STRATO_FUZZ_ENGINE_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../unit/rv_encode.h"

/* ---- guest layout ---- */

#define RAM_BASE 0x80000000ULL
#define RAM_PAGES 32
#define RAM_SIZE (RAM_PAGES * 4096ULL)
#define PG(i) (RAM_BASE + 4096ULL * (i))

enum {
    P_MH = 0,    /* M handler (mtvec) and the exit stub */
    P_SH = 1,    /* S handler (stvec) */
    P_CODE = 2,  /* generated code, N_CODE pages */
    N_CODE = 10,
    P_D0 = 12,   /* data, read-write */
    P_D1 = 13,   /* data, read-write, right after D0 */
    P_RO = 14,   /* read-only (or execute-only) */
    P_HOLE = 15, /* not mapped (or mapped wrongly) */
    P_USER = 16, /* U=1 inside the S-mode tree */
    P_ROOT = 17, /* Sv39 root */
    P_L1 = 18,
    P_L0 = 19,
    P_TOP48 = 20, /* Sv48 root: [0] -> P_ROOT */
    P_TOP57 = 21, /* Sv57 root: [0] -> P_TOP48 */
};

/* Virtual aliases of RAM.  The identity map is in 4 KiB pages (root[2] ->
 * L1[0] -> L0); ALIAS_U is a U=1 gigapage over RAM (root[3]), where U-mode
 * code and data live; ALIAS_MEGA a 2 MiB megapage over RAM (L1[1]), past
 * whose first RAM_SIZE bytes accesses become MMIO. */
#define ALIAS_BIT 0x40000000ULL
#define ALIAS_U (RAM_BASE | ALIAS_BIT)
#define ALIAS_MEGA (RAM_BASE + 0x200000ULL)
#define MMIO_UART 0x10000000ULL
/* the exit stub stores FINISH_VALUE here; the harness stops on it */
#define FINISH_ADDR 0x100000ULL
#define FINISH_VALUE 0x5555
#define EXIT_STUB (PG(P_MH) + 0x800)
#define CODE_LO PG(P_CODE)
#define CODE_HI PG(P_CODE + N_CODE)

/* PTE bits (privileged spec §4.3.1) */
#define PTE_V 0x01u
#define PTE_R 0x02u
#define PTE_W 0x04u
#define PTE_X 0x08u
#define PTE_U 0x10u
#define PTE_G 0x20u
#define PTE_A 0x40u
#define PTE_D 0x80u

/* mstatus bits */
#define ST_SIE (1ULL << 1)
#define ST_MIE (1ULL << 3)
#define ST_SPIE (1ULL << 5)
#define ST_MPIE (1ULL << 7)
#define ST_SPP (1ULL << 8)
#define ST_MPP_SHIFT 11
#define ST_FS_SHIFT 13
#define ST_MPRV (1ULL << 17)
#define ST_SUM (1ULL << 18)
#define ST_MXR (1ULL << 19)
#define ST_TVM (1ULL << 20)
#define ST_TW (1ULL << 21)
#define ST_TSR (1ULL << 22)

/* registers of the convention above */
enum { R_BASE0 = 16, N_BASE = 10, R_MODE = 28, R_TMP = 29 };
enum { R_MT0 = 30, R_MT1 = 31, R_ST0 = 26, R_ST1 = 27 };
/* a destination the templates may clobber for addresses */
enum { R_ADDR = 15, R_ADDR2 = 14 };

/* What the harness sets before the first instruction. */
struct gen_state {
    unsigned priv;          /* 0 U, 1 S, 3 M */
    bool sbi_exits;
    unsigned max_satp_mode; /* vcpu_config.max_satp_mode */
    uint64_t pc;
    uint64_t x[32], f[32];
    uint64_t mstatus, medeleg, mideleg, mie, mtvec, stvec, satp;
    uint64_t menvcfg, mcounteren, scounteren, stimecmp, frm;
    uint64_t pmpcfg0, pmpcfg2, pmpaddr[16];
    uint64_t timecmp[2];    /* CLINT mtimecmp, SBI timer */
    uint64_t irq_level;     /* device lines up at the start */
    uint64_t trap_base, trap_len; /* RAM made MMIO (engine_mem_trap_range), len 0: none */
    uint64_t seed;          /* the harness's answers to exits */
    bool two_harts;         /* a second hart runs the same program on the same memory */
};

/* ---- input ----
 *
 * libFuzzer starts with inputs of a few bytes and lets them grow slowly,
 * so the format has to make a whole program out of a short input: the
 * header is read backwards from the end of the input (overlapping the
 * records when the input is short, missing bytes read as 0), records
 * forwards from the start, and once the input runs out, records go on
 * from a generator seeded by the header, up to a count the header picks.
 * Longer inputs then control more of the program. */

struct gen {
    uint8_t *ram;
    const uint8_t *data;
    size_t size;
    size_t pos;    /* next record byte */
    size_t tail;   /* header bytes left, read from data[tail - 1] down */
    bool hdr;      /* reading the header */
    uint64_t fill; /* record bytes past the end of the input */
    uint32_t at;   /* next code byte, as an offset into RAM */
    uint32_t end;  /* where records stop (room for the terminator stays) */
    uint64_t rng;
    unsigned satp_mode; /* the generator's guess of the paging mode in force */
    /* forward jumps waiting for the start of a later record */
    struct fixup {
        uint32_t at, base; /* the instruction, and the pc its offset is from */
        uint32_t insn;
        uint8_t kind, left;
    } fix[16];
    unsigned nfix;
};

enum { FIX_B, FIX_J, FIX_I }; /* branch, jal, jalr (I-type offset) */

/* room for the largest record: the record loop stops this far from the
 * end of the code pages */
#define MAX_RECORD 192

/* xorshift64*: fills data, continues records, answers exits */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545f4914f6cdd1dULL;
}

static unsigned next_byte(struct gen *g)
{
    if (g->hdr)
        return g->tail ? g->data[--g->tail] : 0;
    if (g->pos < g->size)
        return g->data[g->pos++];
    return (unsigned)(rng_next(&g->fill) >> 56);
}

static uint64_t in_bytes(struct gen *g, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)next_byte(g) << (8 * i);
    return v;
}
static unsigned in8(struct gen *g) { return (unsigned)in_bytes(g, 1); }
static unsigned in16(struct gen *g) { return (unsigned)in_bytes(g, 2); }
static uint64_t in64(struct gen *g) { return in_bytes(g, 8); }

/* ---- emission ---- */

static void put32(struct gen *g, uint32_t off, uint32_t w)
{
    memcpy(g->ram + off, &w, 4);
}

/* The record loop leaves MAX_RECORD bytes, so this check only guards. */
static void emit(struct gen *g, uint32_t w)
{
    if (g->at + 4 > RAM_SIZE)
        return;
    put32(g, g->at, w);
    g->at += 4;
}

static void emit16(struct gen *g, uint16_t h)
{
    if (g->at + 2 > RAM_SIZE)
        return;
    memcpy(g->ram + g->at, &h, 2);
    g->at += 2;
}

#define NOP ADDI(0, 0, 0)
#define C_NOP 0x0001u

static uint32_t enc_r4(unsigned op, unsigned fmt, unsigned rd, unsigned rm, unsigned rs1,
                       unsigned rs2, unsigned rs3)
{
    return (rs3 << 27) | (fmt << 25) | (rs2 << 20) | (rs1 << 15) | (rm << 12) | (rd << 7) | op;
}

static uint32_t enc_amo(unsigned f5, unsigned aqrl, unsigned rs2, unsigned rs1, unsigned f3,
                        unsigned rd)
{
    return (f5 << 27) | (aqrl << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | 0x2f;
}

static uint32_t enc_csr(unsigned f3, unsigned rd, unsigned csr, unsigned rs1)
{
    return enc_i((int32_t)csr, rs1, f3, rd, 0x73);
}

static int32_t sext12(uint64_t v)
{
    return (int32_t)(v & 0xfff) - (int32_t)((v & 0x800) << 1);
}

/* li: lui/addiw for 32-bit values, else the upper part shifted into place
 * (as assemblers do); at most 8 instructions. */
static void emit_li(struct gen *g, unsigned rd, uint64_t v)
{
    int64_t s = (int64_t)v;
    if (s >= INT32_MIN && s <= INT32_MAX) {
        int32_t lo = sext12(v);
        uint32_t hi = (uint32_t)((uint64_t)(s - lo) >> 12) & 0xfffff;
        if (hi) {
            emit(g, LUI(rd, hi));
            if (lo)
                emit(g, enc_i(lo, rd, 0, rd, 0x1b)); /* addiw */
        } else {
            emit(g, ADDI(rd, 0, lo));
        }
        return;
    }
    int32_t lo = sext12(v);
    uint64_t hi = v - (uint64_t)(int64_t)lo;
    unsigned sh = (unsigned)__builtin_ctzll(hi);
    emit_li(g, rd, (uint64_t)((int64_t)hi >> sh));
    emit(g, enc_i((int32_t)sh, rd, 1, rd, 0x13)); /* slli */
    if (lo)
        emit(g, ADDI(rd, rd, lo));
}

static uint32_t branch_bits(unsigned kind, uint32_t insn, int32_t off)
{
    switch (kind) {
    case FIX_B: return (insn & 0x01fff07fu) | (enc_b(off, 0, 0, 0) & ~0x7fu);
    case FIX_J: return (insn & 0xfffu) | (enc_j(off, 0) & ~0xfffu);
    default: return (insn & 0xfffffu) | ((uint32_t)off << 20);
    }
}

/* A forward jump to the start of the `left`-th record from now. */
static void emit_fwd(struct gen *g, unsigned kind, uint32_t insn, uint32_t base, unsigned left)
{
    if (g->nfix == sizeof(g->fix) / sizeof(g->fix[0])) {
        emit(g, NOP);
        return;
    }
    struct fixup *f = &g->fix[g->nfix++];
    f->at = g->at;
    f->base = base;
    f->insn = insn;
    f->kind = (uint8_t)kind;
    f->left = (uint8_t)left;
    emit(g, insn);
}

/* Called at each record start (all = true at the end): lands the jumps due. */
static void land_fixups(struct gen *g, bool all)
{
    unsigned k = 0;
    for (unsigned i = 0; i < g->nfix; i++) {
        struct fixup *f = &g->fix[i];
        if (all || --f->left == 0)
            put32(g, f->at, branch_bits(f->kind, f->insn, (int32_t)(g->at - f->base)));
        else
            g->fix[k++] = *f;
    }
    g->nfix = k;
}

/* ---- a tiny assembler with labels, for the handlers ---- */

struct lasm {
    struct gen *g;
    uint32_t lab[16];
    struct { uint32_t at; uint32_t insn; uint8_t kind, lab; } fx[32];
    unsigned nfx;
};

static void l_here(struct lasm *a, unsigned lab) { a->lab[lab] = a->g->at; }

static void l_jump(struct lasm *a, unsigned kind, uint32_t insn, unsigned lab)
{
    a->fx[a->nfx].at = a->g->at;
    a->fx[a->nfx].insn = insn;
    a->fx[a->nfx].kind = (uint8_t)kind;
    a->fx[a->nfx].lab = (uint8_t)lab;
    a->nfx++;
    emit(a->g, insn);
}

static void l_resolve(struct lasm *a)
{
    for (unsigned i = 0; i < a->nfx; i++) {
        int32_t off = (int32_t)(a->lab[a->fx[i].lab] - a->fx[i].at);
        put32(a->g, a->fx[i].at, branch_bits(a->fx[i].kind, a->fx[i].insn, off));
    }
}

#define BLT(rs1, rs2, imm) enc_b(imm, rs2, rs1, 4)
#define BLTU(rs1, rs2, imm) enc_b(imm, rs2, rs1, 6)
#define BGEU(rs1, rs2, imm) enc_b(imm, rs2, rs1, 7)
#define ANDI(rd, rs1, imm) enc_i(imm, rs1, 7, rd, 0x13)
#define SLLI(rd, rs1, sh) enc_i(sh, rs1, 1, rd, 0x13)
#define SRLI(rd, rs1, sh) enc_i(sh, rs1, 5, rd, 0x13)
#define SLL(rd, rs1, rs2) enc_r(0, rs2, rs1, 1, rd, 0x33)
#define CSRR(rd, csr) enc_csr(2, rd, csr, 0)
#define CSRW(csr, rs) enc_csr(1, 0, csr, rs)
#define CSRS(csr, rs) enc_csr(2, 0, csr, rs)
#define CSRC(csr, rs) enc_csr(3, 0, csr, rs)

/* Both handlers: exceptions skip the instruction (all generated code is
 * 4-byte aligned, compressed instructions come in pairs with a c.nop); an
 * ecall switches to the mode in x28; a fetch fault continues in the
 * handler's own mode if the pc is in the code, else at the exit stub;
 * an interrupt disables itself in xie (and clears it in xip) so it cannot
 * storm.  `t0`, `t1`: the handler's scratch registers. */
enum { L_EXC, L_IRQ, L_IRQ_GO, L_FETCH, L_EXIT, L_NORM, L_RET, L_SKIP };

static void gen_handler(struct gen *g, bool m)
{
    unsigned t0 = m ? R_MT0 : R_ST0, t1 = m ? R_MT1 : R_ST1;
    unsigned cause = m ? 0x342 : 0x142, epc = m ? 0x341 : 0x141, status = m ? 0x300 : 0x100;
    unsigned ie = m ? 0x304 : 0x104, ip = m ? 0x344 : 0x144;
    uint32_t xret = m ? MRET : SRET;
    struct lasm a = {.g = g};
    uint32_t base = g->at;

    /* vector table: 0 exceptions, 1..11 interrupts */
    l_jump(&a, FIX_J, JAL(0, 0), L_EXC);
    for (int i = 1; i < 12; i++)
        l_jump(&a, FIX_J, JAL(0, 0), L_IRQ);
    g->at = base + 0x40;

    l_here(&a, L_EXC);
    emit(g, CSRR(t1, cause));
    l_jump(&a, FIX_B, BLT(t1, 0, 0), L_IRQ_GO);
    emit(g, ADDI(t0, t1, -1));
    l_jump(&a, FIX_B, BEQ(t0, 0, 0), L_FETCH);
    emit(g, ADDI(t0, t1, -12));
    l_jump(&a, FIX_B, BEQ(t0, 0, 0), L_FETCH);
    /* an all-zero instruction: the code lost its way into empty memory,
     * where skipping would walk a page one trap at a time */
    emit(g, ADDI(t0, t1, -2));
    l_jump(&a, FIX_B, BNE(t0, 0, 0), L_SKIP);
    emit(g, CSRR(t0, m ? 0x343 : 0x143));
    l_jump(&a, FIX_B, BEQ(t0, 0, 0), L_EXIT);
    l_here(&a, L_SKIP);
    if (m) {
        /* an exception inside the S handler (its sret under TSR, its own
         * fault): that handler cannot work, so M ends the program */
        emit(g, CSRR(t0, epc));
        emit(g, SRLI(t0, t0, 12));
        emit_li(g, t1, PG(P_SH) >> 12);
        l_jump(&a, FIX_B, BEQ(t0, t1, 0), L_EXIT);
        emit(g, CSRR(t1, cause));
    }
    emit(g, CSRR(t0, epc));
    emit(g, ADDI(t0, t0, 4));
    emit(g, CSRW(epc, t0));
    if (m) {
        /* ecall from U, S or M (causes 8, 9, 11): MPP <- x28 */
        emit(g, ANDI(t0, t1, -4));
        emit(g, ADDI(t0, t0, -8));
        l_jump(&a, FIX_B, BNE(t0, 0, 0), L_NORM);
        emit(g, LUI(t0, 2));
        emit(g, ADDI(t0, t0, -2048)); /* MPP mask 0x1800 */
        emit(g, CSRC(status, t0));
        emit(g, ANDI(t0, R_MODE, 3));
        emit(g, SLLI(t0, t0, ST_MPP_SHIFT));
        emit(g, CSRS(status, t0));
    } else {
        /* only an ecall from U switches: going S -> U would need to know
         * whether U runs at the alias, and S cannot always read satp */
        emit(g, ADDI(t0, t1, -8));
        l_jump(&a, FIX_B, BNE(t0, 0, 0), L_NORM);
        emit(g, ADDI(t0, 0, 0x100));
        emit(g, CSRC(status, t0));
        emit(g, ANDI(t0, R_MODE, 1));
        emit(g, SLLI(t0, t0, 8));
        emit(g, CSRS(status, t0));
    }
    l_jump(&a, FIX_J, JAL(0, 0), L_NORM);

    /* fetch fault: retry the instruction in this mode (it has not run), or
     * give up if this mode could not fetch it either */
    l_here(&a, L_FETCH);
    emit(g, CSRR(t0, status));
    if (m) {
        emit(g, SRLI(t0, t0, ST_MPP_SHIFT));
        emit(g, ANDI(t0, t0, 3));
        emit(g, ADDI(t0, t0, -3));
        l_jump(&a, FIX_B, BEQ(t0, 0, 0), L_EXIT);
        emit(g, LUI(t0, 2));
        emit(g, ADDI(t0, t0, -2048));
    } else {
        emit(g, ANDI(t0, t0, 0x100));
        l_jump(&a, FIX_B, BNE(t0, 0, 0), L_EXIT);
        emit(g, ADDI(t0, 0, 0x100));
    }
    emit(g, CSRS(status, t0));
    emit(g, LUI(t0, ALIAS_BIT >> 12));
    emit(g, CSRC(epc, t0));
    emit(g, CSRR(t0, epc));
    emit_li(g, t1, CODE_LO);
    l_jump(&a, FIX_B, BLTU(t0, t1, 0), L_EXIT);
    emit_li(g, t1, CODE_HI);
    l_jump(&a, FIX_B, BGEU(t0, t1, 0), L_EXIT);
    l_jump(&a, FIX_J, JAL(0, 0), L_NORM);

    l_here(&a, L_EXIT);
    emit_li(g, t0, EXIT_STUB);
    emit(g, CSRW(epc, t0));
    if (m) {
        emit(g, LUI(t0, 2));
        emit(g, ADDI(t0, t0, -2048));
    } else {
        emit(g, ADDI(t0, 0, 0x100));
    }
    emit(g, CSRS(status, t0));

    /* U code runs at the U alias when paging is on, everything else at the
     * identity addresses */
    l_here(&a, L_NORM);
    emit(g, CSRR(t1, status));
    if (m) {
        emit(g, SRLI(t1, t1, ST_MPP_SHIFT));
        emit(g, ANDI(t1, t1, 3));
        emit(g, LUI(t0, ALIAS_BIT >> 12));
        emit(g, CSRC(epc, t0));
        l_jump(&a, FIX_B, BNE(t1, 0, 0), L_RET);
        emit(g, CSRR(t1, 0x180));
        emit(g, SRLI(t1, t1, 60));
        l_jump(&a, FIX_B, BEQ(t1, 0, 0), L_RET);
        emit(g, CSRS(epc, t0));
    } else {
        emit(g, ANDI(t1, t1, 0x100));
        l_jump(&a, FIX_B, BEQ(t1, 0, 0), L_RET);
        emit(g, LUI(t0, ALIAS_BIT >> 12));
        emit(g, CSRC(epc, t0));
    }
    l_here(&a, L_RET);
    emit(g, xret);
    /* xret trapped (TSR) and was skipped: end the program */
    emit(g, JAL(0, (int32_t)(EXIT_STUB - RAM_BASE) - (int32_t)g->at));

    l_here(&a, L_IRQ);
    emit(g, CSRR(t1, cause));
    l_here(&a, L_IRQ_GO);
    emit(g, ANDI(t1, t1, 63));
    emit(g, ADDI(t0, 0, 1));
    emit(g, SLL(t0, t0, t1));
    emit(g, CSRC(ie, t0));
    emit(g, CSRC(ip, t0));
    emit(g, xret);
    emit(g, JAL(0, (int32_t)(EXIT_STUB - RAM_BASE) - (int32_t)g->at));
    l_resolve(&a);
}

/* The end of every program: FINISH_VALUE to FINISH_ADDR, which the
 * harness takes as the end; if that faults, again with MPRV off, then
 * after an ecall up to M.  If all fail, a WFI at STUB_WFI ends it too. */
#define STUB_WFI (EXIT_STUB + 0x80)
static void gen_exit_stub(struct gen *g)
{
    g->at = (uint32_t)(EXIT_STUB - RAM_BASE);
    for (int k = 0; k < 3; k++) {
        if (k == 1) {
            emit(g, LUI(R_MT0, (1u << 17) >> 12));
            emit(g, CSRC(0x300, R_MT0));
        } else if (k == 2) {
            emit(g, ADDI(R_MODE, 0, 3));
            emit(g, ECALL);
        }
        /* a trap in between may have changed x30/x31: set them each time */
        emit_li(g, R_MT0, FINISH_ADDR);
        emit_li(g, R_MT1, FINISH_VALUE);
        emit(g, SW(R_MT1, R_MT0, 0));
    }
    emit(g, JAL(0, (int32_t)(STUB_WFI - RAM_BASE) - (int32_t)g->at));
    g->at = (uint32_t)(STUB_WFI - RAM_BASE);
    emit(g, WFI);
    emit(g, JAL(0, -4));
}

/* ---- page tables ---- */

static uint64_t pte(uint64_t pa, unsigned flags)
{
    return ((pa >> 12) << 10) | flags;
}

static void set_pte(struct gen *g, unsigned table, unsigned idx, uint64_t v)
{
    memcpy(g->ram + 4096 * table + 8 * idx, &v, 8);
}

static uint64_t get_pte(struct gen *g, unsigned table, unsigned idx)
{
    uint64_t v;
    memcpy(&v, g->ram + 4096 * table + 8 * idx, 8);
    return v;
}

/* The PTEs that header patches and the PTE template may rewrite. */
static const struct { uint8_t table, idx; } pte_slots[] = {
    {P_L0, P_D0}, {P_L0, P_D1}, {P_L0, P_RO}, {P_L0, P_HOLE}, {P_L0, P_USER},
    {P_L0, P_L0}, {P_L1, 1}, {P_ROOT, 0}, {P_ROOT, 3}, {P_L0, P_CODE},
    {P_L0, P_CODE + 1}, {P_L1, 0}, {P_ROOT, 2}, {P_L0, P_SH}, {P_L0, P_ROOT}, {P_TOP48, 0},
};
#define N_PTE_SLOTS (sizeof(pte_slots) / sizeof(pte_slots[0]))

/* A/D policy: 0 none (the engine sets them), 1 both, 2 A only, 3 random */
static unsigned ad_bits(struct gen *g, unsigned policy)
{
    switch (policy) {
    case 0: return 0;
    case 1: return PTE_A | PTE_D;
    case 2: return PTE_A;
    default: return (unsigned)rng_next(&g->rng) & (PTE_A | PTE_D);
    }
}

/* flags: A/D policy (2 bits), writable code, execute-only RO page, hole
 * variant (2 bits); rare: bits 8-10 all set = a misaligned megapage, bits
 * 11-13 all set = a U=1 device gigapage (S then reaches FINISH_ADDR only
 * with SUM), bits 6-7 both set = one code page (bits 14-15 pick it) not
 * executable, so S code runs into a fetch fault (recovered in M) and an
 * instruction straddling into it faults on its second half */
static void gen_page_tables(struct gen *g, unsigned flags)
{
    unsigned ad = flags & 3;
    unsigned code_w = (flags & 4) ? PTE_W : 0;
    unsigned i;

    for (i = P_MH; i <= P_SH; i++)
        set_pte(g, P_L0, i, pte(PG(i), PTE_V | PTE_R | PTE_X | ad_bits(g, ad)));
    unsigned nx = (flags & 0xc0) == 0xc0 ? P_CODE + 1 + (flags >> 14) : 0;
    for (i = P_CODE; i < P_CODE + N_CODE; i++)
        set_pte(g, P_L0, i,
                pte(PG(i), PTE_V | PTE_R | (i == nx ? 0 : PTE_X) | code_w | ad_bits(g, ad)));
    for (i = P_D0; i <= P_D1; i++)
        set_pte(g, P_L0, i, pte(PG(i), PTE_V | PTE_R | PTE_W | ad_bits(g, ad)));
    /* execute-only makes loads depend on MXR */
    set_pte(g, P_L0, P_RO, pte(PG(P_RO), PTE_V | ((flags & 8) ? PTE_X : PTE_R) | ad_bits(g, ad)));
    switch ((flags >> 4) & 3) {
    case 0: break;                                                           /* V = 0 */
    case 1: set_pte(g, P_L0, P_HOLE, pte(PG(P_HOLE), PTE_V | PTE_W)); break; /* W without R */
    case 2: /* PBMT (Svpbmt is not implemented) */
        set_pte(g, P_L0, P_HOLE, pte(PG(P_HOLE), PTE_V | PTE_R) | (1ULL << 61));
        break;
    default: set_pte(g, P_L0, P_HOLE, pte(PG(P_D0), PTE_V)); break;   /* a pointer at level 0 */
    }
    set_pte(g, P_L0, P_USER,
            pte(PG(P_USER), PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | ad_bits(g, ad)));
    for (i = P_ROOT; i <= P_TOP57; i++)
        set_pte(g, P_L0, i, pte(PG(i), PTE_V | PTE_R | PTE_W | ad_bits(g, ad)));

    set_pte(g, P_L1, 0, pte(PG(P_L0), PTE_V));
    /* the megapage: misaligned when its PPN is not a multiple of 512 */
    set_pte(g, P_L1, 1, pte(RAM_BASE + ((flags & 0x700) == 0x700 ? 4096 : 0),
                            PTE_V | PTE_R | PTE_W | PTE_X | ad_bits(g, ad)));
    /* gigapage over the devices (MMIO_UART, FINISH_ADDR), sometimes U */
    unsigned dev_u = (flags & 0x3800) == 0x3800 ? PTE_U : 0;
    set_pte(g, P_ROOT, 0, pte(0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | dev_u));
    set_pte(g, P_ROOT, 2, pte(PG(P_L1), PTE_V));
    set_pte(g, P_ROOT, 3, pte(RAM_BASE, PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D));
    set_pte(g, P_TOP48, 0, pte(PG(P_ROOT), PTE_V));
    set_pte(g, P_TOP57, 0, pte(PG(P_TOP48), PTE_V));
}

static uint64_t satp_for(unsigned mode)
{
    unsigned root = mode == 8 ? P_ROOT : mode == 9 ? P_TOP48 : P_TOP57;
    return ((uint64_t)mode << 60) | (PG(root) >> 12);
}

/* ---- data ---- */

static const uint64_t fp_specials[] = {
    0x0000000000000000ULL, 0x8000000000000000ULL, 0x3ff0000000000000ULL, 0xbff0000000000000ULL,
    0x7ff0000000000000ULL, 0xfff0000000000000ULL, 0x7ff8000000000000ULL, 0x7ff4000000000000ULL,
    0x0000000000000001ULL, 0x000fffffffffffffULL, 0x0010000000000000ULL, 0x7fefffffffffffffULL,
    0x43e0000000000000ULL, 0xc3e0000000000000ULL, 0x41e0000000000000ULL, 0x3fe0000000000000ULL,
    0x4004000000000000ULL, 0xffffffff00000000ULL, 0xffffffff80000000ULL, 0xffffffff3f800000ULL,
    0xffffffff7f800000ULL, 0xffffffff7fc00000ULL, 0xffffffff7fa00000ULL, 0xffffffff00000001ULL,
    0xffffffff7f7fffffULL, 0xffffffff4f000000ULL, 0xffffffff5f000000ULL, 0xffffffff3f000000ULL,
    0xffffffff3fc00000ULL, 0x000000003f800000ULL, 0xffffffffcf000000ULL, 0xffffffff00800000ULL,
};
#define N_FP_SPECIALS (sizeof(fp_specials) / sizeof(fp_specials[0]))

/* Integer values worth having in registers and memory. */
static uint64_t interesting(struct gen *g)
{
    uint64_t r = rng_next(&g->rng);
    switch (r & 15) {
    case 0: return 0;
    case 1: return ~0ULL;
    case 2: return 1ULL << 63;
    case 3: return (1ULL << 63) - 1;
    case 4: return (uint64_t)(int64_t)(int32_t)(r >> 32);
    case 5: return (r >> 32) & 0xff;
    case 6: return 0xffffffff80000000ULL; /* not 0x80000000: the M handler's page */
    case 7: return fp_specials[(r >> 8) % N_FP_SPECIALS];
    case 8: return PG(P_D0) + ((r >> 8) & 0xff8);
    default: return r;
    }
}

static void fill_page(struct gen *g, unsigned page)
{
    for (unsigned i = 0; i < 512; i++) {
        uint64_t v = interesting(g);
        memcpy(g->ram + 4096 * page + 8 * i, &v, 8);
    }
    /* the FP specials where loads from the base registers land */
    memcpy(g->ram + 4096 * page + 0x800, fp_specials, sizeof(fp_specials));
}

/* ---- operand choices ---- */

static unsigned pick_rd(struct gen *g) { return 1 + in8(g) % 15; }

static unsigned pick_rs(struct gen *g)
{
    unsigned b = in8(g);
    return b < 176 ? 1 + b % 15 : b < 232 ? R_BASE0 + b % N_BASE : b % 32;
}

static unsigned pick_base(struct gen *g)
{
    unsigned b = in8(g);
    return b < 208 ? R_BASE0 + b % N_BASE : b < 216 ? 0 : 1 + b % 15;
}

/* mostly aligned offsets near the base, some odd ones, a few anywhere */
static int32_t pick_off(struct gen *g, unsigned size)
{
    unsigned b = in8(g);
    if (b < 160)
        return (int32_t)((int)(in8(g) & 0x3f) - 16) * (int32_t)size;
    if (b < 232)
        return (int32_t)(b & 15) - 8;
    return sext12(in16(g));
}

/* ---- instruction templates ---- */

static const struct { uint8_t f7, f3, op; } alu_r[] = {
    {0x00, 0, 0x33}, {0x20, 0, 0x33}, {0x00, 1, 0x33}, {0x00, 2, 0x33}, {0x00, 3, 0x33},
    {0x00, 4, 0x33}, {0x00, 5, 0x33}, {0x20, 5, 0x33}, {0x00, 6, 0x33}, {0x00, 7, 0x33},
    {0x01, 0, 0x33}, {0x01, 1, 0x33}, {0x01, 2, 0x33}, {0x01, 3, 0x33}, {0x01, 4, 0x33},
    {0x01, 5, 0x33}, {0x01, 6, 0x33}, {0x01, 7, 0x33}, {0x20, 4, 0x33}, {0x20, 6, 0x33},
    {0x20, 7, 0x33}, {0x10, 2, 0x33}, {0x10, 4, 0x33}, {0x10, 6, 0x33}, {0x05, 4, 0x33},
    {0x05, 5, 0x33}, {0x05, 6, 0x33}, {0x05, 7, 0x33}, {0x30, 1, 0x33}, {0x30, 5, 0x33},
    {0x14, 1, 0x33}, {0x24, 1, 0x33}, {0x24, 5, 0x33}, {0x34, 1, 0x33},
    {0x00, 0, 0x3b}, {0x20, 0, 0x3b}, {0x00, 1, 0x3b}, {0x00, 5, 0x3b}, {0x20, 5, 0x3b},
    {0x01, 0, 0x3b}, {0x01, 4, 0x3b}, {0x01, 5, 0x3b}, {0x01, 6, 0x3b}, {0x01, 7, 0x3b},
    {0x04, 0, 0x3b}, {0x10, 2, 0x3b}, {0x10, 4, 0x3b}, {0x10, 6, 0x3b}, {0x30, 1, 0x3b},
    {0x30, 5, 0x3b},
};

static uint32_t gen_alu_r(struct gen *g)
{
    unsigned k = in8(g) % (sizeof(alu_r) / sizeof(alu_r[0]));
    unsigned rd = pick_rd(g), rs1 = pick_rs(g), rs2 = pick_rs(g);
    return enc_r(alu_r[k].f7, rs2, rs1, alu_r[k].f3, rd, alu_r[k].op);
}

/* OP-IMM and OP-IMM-32, including the shifts and Zbb/Zbs immediates */
static uint32_t gen_alu_i(struct gen *g)
{
    unsigned k = in8(g) % 24, rd = pick_rd(g), rs1 = pick_rs(g);
    int32_t imm = sext12(in16(g));
    unsigned sh = (unsigned)imm & 63;
    static const uint16_t unary[] = {0x600, 0x601, 0x602, 0x604, 0x605};
    switch (k) {
    case 0: case 1: case 2: case 3: case 4: case 5: {
        static const uint8_t f3[6] = {0, 2, 3, 4, 6, 7};
        return enc_i(imm, rs1, f3[k], rd, 0x13);
    }
    case 6: return enc_i((int32_t)sh, rs1, 1, rd, 0x13);           /* slli */
    case 7: return enc_i((int32_t)sh, rs1, 5, rd, 0x13);           /* srli */
    case 8: return enc_i((int32_t)(0x400 | sh), rs1, 5, rd, 0x13); /* srai */
    case 9: return enc_i((int32_t)(0x600 | sh), rs1, 5, rd, 0x13); /* rori */
    case 10: return enc_i((int32_t)(0x280 | sh), rs1, 1, rd, 0x13); /* bseti */
    case 11: return enc_i((int32_t)(0x480 | sh), rs1, 1, rd, 0x13); /* bclri */
    case 12: return enc_i((int32_t)(0x680 | sh), rs1, 1, rd, 0x13); /* binvi */
    case 13: return enc_i((int32_t)(0x480 | sh), rs1, 5, rd, 0x13); /* bexti */
    case 14: return enc_i(unary[(unsigned)imm % 5], rs1, 1, rd, 0x13);
    case 15: return enc_i(0x287, rs1, 5, rd, 0x13);                 /* orc.b */
    case 16: return enc_i(0x6b8, rs1, 5, rd, 0x13);                 /* rev8 */
    case 17: return enc_i(imm, rs1, 0, rd, 0x1b);                   /* addiw */
    case 18: return enc_i((int32_t)(sh & 31), rs1, 1, rd, 0x1b);    /* slliw */
    case 19: return enc_i((int32_t)(sh & 31), rs1, 5, rd, 0x1b);    /* srliw */
    case 20: return enc_i((int32_t)(0x400 | (sh & 31)), rs1, 5, rd, 0x1b); /* sraiw */
    case 21: return enc_i((int32_t)(0x600 | (sh & 31)), rs1, 5, rd, 0x1b); /* roriw */
    case 22: return enc_i((int32_t)(0x080 | sh), rs1, 1, rd, 0x1b);        /* slli.uw */
    default: return enc_i(unary[(unsigned)imm % 3], rs1, 1, rd, 0x1b);     /* clzw ctzw cpopw */
    }
}

static uint32_t gen_load(struct gen *g)
{
    static const uint8_t size[7] = {1, 2, 4, 8, 1, 2, 4};
    unsigned f3 = in8(g) % 7, rd = pick_rd(g), rs1 = pick_base(g);
    return enc_i(pick_off(g, size[f3]), rs1, f3, rd, 0x03);
}

static uint32_t gen_store(struct gen *g)
{
    unsigned f3 = in8(g) & 3, rs2 = pick_rs(g), rs1 = pick_base(g);
    return enc_s(pick_off(g, 1u << f3), rs2, rs1, f3, 0x23);
}

static uint32_t gen_fls(struct gen *g)
{
    unsigned k = in8(g) & 3, fr = in8(g) & 31, rs1 = pick_base(g);
    unsigned f3 = 2 + (k & 1);
    int32_t off = pick_off(g, 4 << (k & 1));
    return k < 2 ? enc_i(off, rs1, f3, fr, 0x07) : enc_s(off, fr, rs1, f3, 0x27);
}

/* rounding mode: mostly dynamic, sometimes static, rarely reserved */
static unsigned pick_rm(struct gen *g)
{
    unsigned b = in8(g);
    return b < 112 ? 7 : b < 248 ? b % 5 : 5 + (b & 1);
}

/* OP-FP: f7, f3 (8: the rounding mode), rs2 (32: a register), and which
 * of rd/rs1 are integer registers */
static const struct { uint8_t f7, f3, rs2, xrd, xrs1; } fp_ops[] = {
    {0x00, 8, 32, 0, 0}, {0x01, 8, 32, 0, 0}, {0x04, 8, 32, 0, 0}, {0x05, 8, 32, 0, 0},
    {0x08, 8, 32, 0, 0}, {0x09, 8, 32, 0, 0}, {0x0c, 8, 32, 0, 0}, {0x0d, 8, 32, 0, 0},
    {0x2c, 8, 0, 0, 0}, {0x2d, 8, 0, 0, 0},
    {0x10, 0, 32, 0, 0}, {0x10, 1, 32, 0, 0}, {0x10, 2, 32, 0, 0},
    {0x11, 0, 32, 0, 0}, {0x11, 1, 32, 0, 0}, {0x11, 2, 32, 0, 0},
    {0x14, 0, 32, 0, 0}, {0x14, 1, 32, 0, 0}, {0x15, 0, 32, 0, 0}, {0x15, 1, 32, 0, 0},
    {0x20, 8, 1, 0, 0}, {0x21, 8, 0, 0, 0},
    {0x50, 0, 32, 1, 0}, {0x50, 1, 32, 1, 0}, {0x50, 2, 32, 1, 0},
    {0x51, 0, 32, 1, 0}, {0x51, 1, 32, 1, 0}, {0x51, 2, 32, 1, 0},
    {0x60, 8, 0, 1, 0}, {0x60, 8, 1, 1, 0}, {0x60, 8, 2, 1, 0}, {0x60, 8, 3, 1, 0},
    {0x61, 8, 0, 1, 0}, {0x61, 8, 1, 1, 0}, {0x61, 8, 2, 1, 0}, {0x61, 8, 3, 1, 0},
    {0x68, 8, 0, 0, 1}, {0x68, 8, 1, 0, 1}, {0x68, 8, 2, 0, 1}, {0x68, 8, 3, 0, 1},
    {0x69, 8, 0, 0, 1}, {0x69, 8, 1, 0, 1}, {0x69, 8, 2, 0, 1}, {0x69, 8, 3, 0, 1},
    {0x70, 0, 0, 1, 0}, {0x70, 1, 0, 1, 0}, {0x71, 0, 0, 1, 0}, {0x71, 1, 0, 1, 0},
    {0x78, 0, 0, 0, 1}, {0x79, 0, 0, 0, 1},
};

static uint32_t gen_fp(struct gen *g)
{
    unsigned k = in8(g) % (sizeof(fp_ops) / sizeof(fp_ops[0]));
    unsigned rd = fp_ops[k].xrd ? pick_rd(g) : in8(g) & 31;
    unsigned rs1 = fp_ops[k].xrs1 ? pick_rs(g) : in8(g) & 31;
    unsigned rs2 = fp_ops[k].rs2 == 32 ? in8(g) & 31 : fp_ops[k].rs2;
    unsigned f3 = fp_ops[k].f3 == 8 ? pick_rm(g) : fp_ops[k].f3;
    return enc_r(fp_ops[k].f7, rs2, rs1, f3, rd, 0x53);
}

static uint32_t gen_fma(struct gen *g)
{
    static const uint8_t ops[4] = {0x43, 0x47, 0x4b, 0x4f};
    unsigned b = in8(g);
    unsigned fmt = (b & 0x3c) ? (b >> 2) & 1 : 2 + ((b >> 6) & 1); /* 2, 3: reserved formats */
    unsigned rd = in8(g) & 31, rm = pick_rm(g), rs1 = in8(g) & 31, rs2 = in8(g) & 31;
    return enc_r4(ops[b & 3], fmt, rd, rm, rs1, rs2, in8(g) & 31);
}

/* A 16-bit instruction that cannot jump (c.j, c.beqz, c.bnez, c.jr and
 * c.jalr become c.nop) and only writes x0..x15 (rd bit 4 cleared).  Low
 * bits 11 would start a 32-bit instruction: those become quadrant 2. */
static uint16_t c_safe(uint16_t c)
{
    if ((c & 3) == 3)
        c ^= 1;
    unsigned q = c & 3, f3 = c >> 13;
    if (q == 1 && f3 >= 5)
        return C_NOP;
    if (q == 2 && f3 == 4 && ((c >> 2) & 31) == 0 && ((c >> 7) & 31) != 0)
        return C_NOP;
    if ((q == 1 && f3 <= 3) || (q == 2 && f3 <= 4))
        c &= (uint16_t)~(1u << 11);
    return c;
}

/* Raw bits with the control flow taken out (jumps anywhere, and xRET to
 * whatever xepc holds, could loop) and x16..x31 kept as they are. */
static uint32_t safe32(uint32_t w)
{
    if ((w & 3) != 3)
        return c_safe((uint16_t)w) | (uint32_t)c_safe((uint16_t)(w >> 16)) << 16;
    unsigned op = w & 0x7f;
    if (op == 0x63 || op == 0x67 || op == 0x6f || w == MRET || w == SRET)
        return NOP;
    /* integer destinations of the usual formats */
    if (op == 0x13 || op == 0x1b || op == 0x33 || op == 0x3b || op == 0x03 || op == 0x37 ||
        op == 0x17 || op == 0x2f || op == 0x73 || op == 0x53)
        w &= ~(1u << 11);
    return w;
}

/* one instruction that neither jumps nor faults much, for loop bodies,
 * straddling and self-modification */
static uint32_t gen_simple(struct gen *g)
{
    switch (in8(g) & 3) {
    case 0: return gen_alu_r(g);
    case 1: return gen_alu_i(g);
    case 2: return gen_load(g);
    default: return gen_fp(g);
    }
}

/* CSRs worth writing, reading and being refused */
static const uint16_t csrs[] = {
    0x300, 0x100, 0x180, 0x305, 0x105, 0x341, 0x141, 0x342, 0x142, 0x343, 0x143, 0x340,
    0x140, 0x30a, 0x10a, 0x14d, 0x3a0, 0x3a1, 0x3a2, 0x3b0, 0x3b1, 0x3bf, 0x001, 0x002,
    0x003, 0x306, 0x106, 0x320, 0xc00, 0xc01, 0xc02, 0xc03, 0xb00, 0xb02, 0xb03, 0x323,
    0x302, 0x303, 0x304, 0x344, 0x104, 0x144, 0x301, 0xf11, 0xf14, 0xf15, 0x7a0, 0x7a1,
    0x7a4, 0x5a8, 0x600, 0x3c0,
};

/* mstatus bits: each common one half the time, the disruptive ones rarely */
static uint64_t status_bits(struct gen *g)
{
    static const uint64_t common[] = {
        ST_SIE, ST_MIE, ST_SPIE, ST_MPIE, ST_SPP, 1ULL << ST_MPP_SHIFT, 2ULL << ST_MPP_SHIFT,
        1ULL << ST_FS_SHIFT, 2ULL << ST_FS_SHIFT, ST_SUM, ST_MXR, 1ULL << 32, 1ULL << 63,
    };
    static const uint64_t rare[] = {ST_MPRV, ST_TVM, ST_TW, ST_TSR};
    unsigned c = in16(g), r = in8(g);
    uint64_t v = 0;
    for (unsigned i = 0; i < sizeof(common) / sizeof(common[0]); i++)
        if ((c >> i) & 1)
            v |= common[i];
    if ((r & 7) == 7)
        v |= rare[(r >> 3) & 3];
    return v;
}

/* Delegated fetch faults loop forever once the S handler itself cannot be
 * fetched (a broken root, a rewritten PTE): only one value in 64 keeps
 * them. */
static uint64_t deleg_mask(unsigned v)
{
    return (v >> 10) == 0x3f ? v : v & ~((1u << 1) | (1u << 12));
}

static uint64_t csr_value(struct gen *g, unsigned csr)
{
    switch (csr) {
    case 0x300: case 0x100: return status_bits(g);
    case 0x180: {
        unsigned b = in8(g);
        static const unsigned modes[8] = {0, 8, 8, 9, 10, 8, 7, 15};
        unsigned mode = modes[b & 7];
        uint64_t v = mode >= 8 && mode <= 10 ? satp_for(mode)
                                             : ((uint64_t)mode << 60) | (PG(P_ROOT) >> 12);
        if ((b & 7) == 5)
            v = (8ULL << 60) | (PG(P_D0) >> 12); /* a data page as the root */
        if (b & 8)
            v |= (uint64_t)in16(g) << 44; /* an ASID */
        return v;
    }
    case 0x305: case 0x105: {
        /* its own handler, direct or vectored, or a reserved mode (WARL:
         * the old mode stays); the other handler would trap in a loop */
        unsigned b = in8(g);
        return PG(csr == 0x305 ? P_MH : P_SH) | ((b & 0x0c) == 0x0c ? b & 3 : b & 1);
    }
    case 0x341: case 0x141: return PG(P_CODE) + (in16(g) & 0x7fff);
    case 0x30a: case 0x10a: {
        unsigned b = in8(g);
        return (b & 0xf1) | ((uint64_t)((b >> 1) & 1) << 63);
    }
    case 0x14d: {
        uint64_t v = in16(g);
        return v << (in8(g) & 15);
    }
    case 0x001: case 0x002: case 0x003: return in8(g);
    case 0x306: case 0x106: case 0x320: return in8(g) & 7;
    case 0x302: return deleg_mask(in16(g));
    case 0x3a0: case 0x3a2: {
        /* locked entries bind M too: one that matches everything without
         * X ends every run in a fetch-fault loop, so L stays rare */
        uint64_t v = in64(g);
        return in8(g) == 0xff ? v : v & ~0x8080808080808080ULL;
    }
    case 0x303: case 0x304: case 0x344: case 0x104: case 0x144: return (uint64_t)in16(g) & 0xaaa;
    default: return in64(g);
    }
}

/* csrrw/s/c through x29, or the immediate forms; rd x0 or a destination */
static void gen_csr(struct gen *g)
{
    unsigned b = in8(g), csr;
    if ((b & 0xc7) == 0xc0)
        csr = in16(g) & 0xfff; /* any number: most are refused */
    else
        csr = csrs[in8(g) % (sizeof(csrs) / sizeof(csrs[0]))];
    unsigned f3 = 1 + b % 3, rd = (b & 8) ? pick_rd(g) : 0;
    /* these hold code addresses */
    bool code = csr == 0x305 || csr == 0x105 || csr == 0x341 || csr == 0x141 || csr == 0x343 ||
                csr == 0x143;
    if (code && rd)
        rd = R_TMP;
    if (csr == 0x305 || csr == 0x105) {
        /* set and clear, or a small immediate, would send traps to an
         * address with no handler: every trap after that loops */
        emit_li(g, R_TMP, csr_value(g, csr));
        emit(g, enc_csr(1, rd, csr, R_TMP));
        return;
    }
    if ((b & 0x30) == 0x20) {
        emit(g, enc_csr(f3 + 4, rd, csr, in8(g) & 31));
        return;
    }
    if ((b & 0x30) == 0x30) { /* a plain read: csrrs rd, csr, x0 */
        rd = pick_rd(g);
        emit(g, enc_csr(2, code ? R_TMP : rd, csr, 0));
        return;
    }
    emit_li(g, R_TMP, csr_value(g, csr));
    emit(g, enc_csr(f3, rd, csr, R_TMP));
}

static void gen_satp(struct gen *g, unsigned max_mode)
{
    unsigned b = in8(g);
    static const unsigned modes[4] = {0, 8, 9, 10};
    unsigned mode = modes[b & 3];
    uint64_t v = mode ? satp_for(mode) : 0;
    if (b & 4)
        v |= (uint64_t)(b >> 3) << 44;
    emit_li(g, R_TMP, v);
    emit(g, enc_csr(1, (b & 0x80) ? pick_rd(g) : 0, 0x180, R_TMP));
    if (mode <= max_mode)
        g->satp_mode = mode;
    if (in8(g) & 1)
        emit(g, SFENCE_VMA(0, 0));
}

/* PMP entry i over a region, with permissions, after clearing its byte */
static void gen_pmp(struct gen *g)
{
    static const uint8_t entries[5] = {1, 2, 3, 7, 14};
    unsigned b = in8(g), i = entries[b % 5];
    unsigned c = in8(g);
    static const uint8_t pages[6] = {P_D0, P_RO, P_HOLE, P_CODE, P_L0, P_USER};
    uint64_t pa = PG(pages[(c >> 5) % 6]);
    unsigned a = (c >> 3) & 3; /* OFF TOR NA4 NAPOT */
    uint64_t addr = a == 3 ? (pa >> 2) | 0x1ff : a == 2 ? (pa + 0x800) >> 2 : (pa + 4096) >> 2;
    if ((b & 0xe0) == 0xe0)
        addr = in64(g);
    unsigned cfg = (c & 7) | (a << 3) | ((in8(g) == 0xff) ? 0x80 : 0); /* L rarely */
    emit_li(g, R_TMP, addr);
    emit(g, CSRW(0x3b0 + i, R_TMP));
    unsigned reg = 0x3a0 + (i / 8) * 2, sh = 8 * (i % 8);
    emit_li(g, R_TMP, 0xffULL << sh);
    emit(g, CSRC(reg, R_TMP));
    emit_li(g, R_TMP, (uint64_t)cfg << sh);
    emit(g, CSRS(reg, R_TMP));
}

static void gen_amo(struct gen *g)
{
    static const uint8_t f5[9] = {0x00, 0x01, 0x04, 0x08, 0x0c, 0x10, 0x14, 0x18, 0x1c};
    unsigned b = in8(g), base = pick_base(g), rs1 = base;
    if (b & 0x80) { /* an offset through R_ADDR, mostly aligned */
        int32_t off = (int32_t)(in8(g) & 0x3f) * 8 - 256 + ((b & 0x40) ? (int32_t)(b & 7) : 0);
        emit(g, ADDI(R_ADDR, base, off));
        rs1 = R_ADDR;
    }
    unsigned aqrl = in8(g) & 3, rs2 = pick_rs(g);
    emit(g, enc_amo(f5[b % 9], aqrl, rs2, rs1, 2 + ((b >> 4) & 1), pick_rd(g)));
}

/* lr; something or nothing; sc, sometimes to another address or size */
static void gen_lrsc(struct gen *g)
{
    unsigned b = in8(g), base = pick_base(g), rd = pick_rd(g), w = 2 + (b & 1);
    emit(g, ADDI(R_ADDR, base, (int32_t)(in8(g) & 0x1f) * 8));
    emit(g, enc_amo(0x02, (b >> 1) & 3, 0, R_ADDR, w, rd));
    switch ((b >> 3) & 7) {
    case 0: emit(g, gen_alu_r(g)); break;
    case 1: emit(g, enc_s(0, pick_rs(g), R_ADDR, w, 0x23)); break; /* a store to the word */
    case 2: emit(g, ECALL); break; /* a trap drops the reservation */
    case 3: emit(g, ADDI(R_ADDR, R_ADDR, 8)); break;
    default: break;
    }
    unsigned rs2 = pick_rs(g);
    emit(g, enc_amo(0x03, (b >> 6) & 3, rs2, R_ADDR, (b & 4) ? 5 - w : w, pick_rd(g)));
}

static void gen_branch(struct gen *g)
{
    unsigned b = in8(g), left = 1 + (b >> 5) % 4;
    if ((b & 0x1f) == 0x1e) {
        /* c.jr / c.jalr x29 to just past themselves (c.jalr links in x1,
         * a code address, which is cleared at once) */
        emit(g, AUIPC(R_TMP, 0));
        emit(g, ADDI(R_TMP, R_TMP, 12));
        emit16(g, (uint16_t)(0x8002 | ((b & 0x20) ? 0x1000 : 0) | (R_TMP << 7)));
        emit16(g, C_NOP);
        if (b & 0x20)
            emit(g, ADDI(1, 0, 0));
        return;
    }
    switch (b & 7) {
    case 6:
        emit_fwd(g, FIX_J, JAL((b & 8) ? R_TMP : 0, 0), g->at, left);
        return;
    case 7: {
        uint32_t base = g->at;
        emit(g, AUIPC(R_TMP, 0));
        emit_fwd(g, FIX_I, JALR((b & 8) ? R_TMP : 0, R_TMP, 0), base, left);
        return;
    }
    default: {
        static const uint8_t f3[6] = {0, 1, 4, 5, 6, 7};
        unsigned rs1 = pick_rs(g), rs2 = pick_rs(g);
        emit_fwd(g, FIX_B, enc_b(0, rs2, rs1, f3[b & 7]), g->at, left);
    }
    }
}

/* a short loop whose counter is masked each time round: even a jump into
 * its middle runs at most 16 times */
static void gen_loop(struct gen *g)
{
    unsigned n = 1 + in8(g) % 15;
    emit(g, ADDI(R_TMP, 0, (int32_t)n));
    uint32_t top = g->at;
    unsigned k = in8(g) & 3;
    if (k == 1) {
        unsigned rs2 = pick_rs(g);
        emit(g, enc_amo(0, 0, rs2, R_BASE0, 3, pick_rd(g)));
    } else {
        emit(g, k == 0 ? gen_store(g) : gen_simple(g));
    }
    emit(g, ADDI(R_TMP, R_TMP, -1));
    emit(g, ANDI(R_TMP, R_TMP, 15));
    emit(g, BNE(R_TMP, 0, (int32_t)top - (int32_t)g->at));
}

/* xRET to the next instruction in a chosen mode; U at the alias if the
 * generator believes paging is on (a wrong guess is a fetch fault the
 * handler recovers from) */
static void gen_xret(struct gen *g)
{
    unsigned b = in8(g), mode = (b >> 1) & 3;
    bool m = b & 1;
    if (m) {
        emit(g, LUI(R_ADDR, 2));
        emit(g, ADDI(R_ADDR, R_ADDR, -2048));
        emit(g, CSRC(0x300, R_ADDR));
        emit(g, ADDI(R_ADDR, 0, (int32_t)mode));
        emit(g, SLLI(R_ADDR, R_ADDR, ST_MPP_SHIFT));
        emit(g, CSRS(0x300, R_ADDR));
    } else {
        mode &= 1;
        emit(g, ADDI(R_ADDR, 0, 0x100));
        emit(g, mode ? CSRS(0x100, R_ADDR) : CSRC(0x100, R_ADDR));
    }
    bool alias = mode == 0 && (g->satp_mode != 0) != ((b & 0x70) == 0x70);
    uint32_t a = g->at;
    emit(g, AUIPC(R_TMP, 0));
    emit(g, LUI(R_ADDR, ALIAS_BIT >> 12));
    emit(g, alias ? enc_r(0, R_ADDR, R_TMP, 6, R_TMP, 0x33)      /* or */
                  : enc_r(0x20, R_ADDR, R_TMP, 7, R_TMP, 0x33)); /* andn */
    emit(g, ADDI(R_TMP, R_TMP, (int32_t)(g->at + 12 - a)));
    emit(g, CSRW(m ? 0x341 : 0x141, R_TMP));
    emit(g, m ? MRET : SRET);
}

static void gen_sys(struct gen *g)
{
    unsigned b = in8(g);
    switch (b % 10) {
    case 0: emit(g, ECALL); break;
    case 1: emit(g, EBREAK); break;
    case 2: emit16(g, 0x9002); emit16(g, C_NOP); break; /* c.ebreak */
    case 3: emit(g, WFI); break;
    case 4: emit(g, enc_i((int32_t)in8(g), 0, 0, 0, 0x0f)); break; /* fence pred, succ */
    case 5: emit(g, 0x8330000fu); break;                           /* fence.tso */
    case 6: emit(g, 0x0100000fu); break;                           /* pause */
    case 7: emit(g, FENCE_I); break;
    case 8: emit(g, 0x00004073u); break;                           /* SYSTEM funct3 4: illegal */
    default: emit(g, 0xffffffffu); break;                          /* all-ones: illegal */
    }
}

static void gen_sfence(struct gen *g)
{
    unsigned b = in8(g);
    unsigned rs1 = (b & 3) == 0 ? 0 : (b & 3) == 1 ? pick_rd(g) : pick_base(g);
    emit(g, SFENCE_VMA(rs1, (b & 4) ? pick_rd(g) : 0));
}

/* the virtual address a PTE slot maps (for sfence.vma with an address) */
static uint64_t slot_va(unsigned k)
{
    switch (pte_slots[k].table) {
    case P_L0: return RAM_BASE + 4096ULL * pte_slots[k].idx;
    case P_L1: return RAM_BASE + 0x200000ULL * pte_slots[k].idx;
    case P_ROOT: return 0x40000000ULL * pte_slots[k].idx;
    default: return 0;
    }
}

/* A new PTE for slot k.  Data VAs may move to any data or page-table
 * page, never onto code or handlers (stores there make runaway code); code
 * and handler VAs keep their page (a data page as code is a walk through
 * garbage), only their flags change. */
static uint64_t new_pte(struct gen *g, uint64_t old, unsigned k)
{
    unsigned b = in8(g);
    bool code = pte_slots[k].table == P_L0 && pte_slots[k].idx < P_D0;
    switch (b & 3) {
    case 0: return old ^ (in8(g) & 0xff);                   /* flip flags */
    case 1: {
        uint64_t pa = code ? ((old >> 10) << 12) : PG(P_D0 + in8(g) % (RAM_PAGES - P_D0));
        return pte(pa, in8(g));
    }
    case 2: return old & ~(uint64_t)(PTE_A | PTE_D);        /* the engine sets them again */
    default: return old | (1ULL << (54 + (b >> 2) % 10));  /* reserved, PBMT or N */
    }
}

/* Rewrite a PTE from the guest, then maybe sfence.vma (all, by address,
 * or by ASID): stale TLB entries until then are the point. */
static void gen_pte(struct gen *g)
{
    unsigned k = in8(g) % N_PTE_SLOTS;
    uint64_t addr = PG(pte_slots[k].table) + 8 * pte_slots[k].idx;
    emit_li(g, R_TMP, new_pte(g, get_pte(g, pte_slots[k].table, pte_slots[k].idx), k));
    emit_li(g, R_ADDR, addr);
    unsigned b = in8(g);
    emit(g, (b & 0x10) ? SW(R_TMP, R_ADDR, 0) : SD(R_TMP, R_ADDR, 0));
    switch (b & 3) {
    case 0: break;
    case 1: emit(g, SFENCE_VMA(0, 0)); break;
    case 2:
        emit_li(g, R_ADDR2, slot_va(k) + ((b >> 2) & 3) * 0x400);
        emit(g, SFENCE_VMA(R_ADDR2, (b & 0x20) ? R_ADDR : 0));
        break;
    default: emit(g, SFENCE_VMA(0, R_ADDR)); break;
    }
}

/* Store a new instruction (or part of one) over the one just ahead,
 * through the page this code runs from or through the megapage alias of
 * it, with or without fence.i. */
static void gen_smc(struct gen *g)
{
    unsigned b = in8(g);
    uint32_t orig = gen_simple(g), repl = (b & 0x40) ? safe32((uint32_t)in64(g)) : gen_simple(g);
    unsigned size = (b & 3) == 3 ? 4 : 1u << (b & 3);
    uint32_t mask = size == 4 ? ~0u : (1u << (8 * size)) - 1;
    uint32_t merged = (orig & ~mask) | (repl & mask), result = safe32(merged);
    if (result != merged) /* a partial store cannot make it safe: store it all */
        size = 4;
    uint32_t a = g->at;
    emit(g, AUIPC(R_TMP, 0));
    if (b & 4) { /* the same code through another virtual page */
        emit(g, LUI(R_ADDR2, (uint32_t)((ALIAS_MEGA - RAM_BASE) >> 12)));
        emit(g, ADD(R_TMP, R_TMP, R_ADDR2));
    }
    emit_li(g, R_ADDR, result);
    uint32_t target = g->at + 4 + ((b & 8) ? 4 : 0);
    static const uint8_t f3[5] = {0, 0, 1, 0, 2};
    emit(g, enc_s((int32_t)(target - a), R_ADDR, R_TMP, f3[size], 0x23));
    if (b & 8)
        emit(g, FENCE_I);
    emit(g, orig);
}

static void gen_cbo(struct gen *g)
{
    static const uint16_t ops[4] = {0, 1, 2, 4};
    unsigned b = in8(g);
    emit(g, enc_i(ops[b & 3], pick_base(g), 2, 0, 0x0f));
}

/* rs1' (x8..x15) gets a base first; the c.nop after keeps 4-byte alignment */
static void gen_compressed(struct gen *g)
{
    unsigned b = in8(g);
    if (b & 1)
        emit(g, ADDI(8 + ((b >> 1) & 7), pick_base(g), (int32_t)(b >> 4) * 8 - 64));
    if (b & 0x10)
        emit(g, ADDI(2, pick_base(g), 0)); /* sp for the sp-relative forms */
    emit16(g, c_safe((uint16_t)in16(g)));
    emit16(g, C_NOP);
}

/* a 32-bit instruction at an odd halfword, across a page boundary when
 * the code is near one (jumping over the rest of the page if need be) */
static void gen_straddle(struct gen *g)
{
    uint32_t ins = gen_simple(g);
    uint32_t in_page = g->at & 0xfff;
    if (in_page >= 0xc00 && in_page < 0xffc && g->at + (0xffc - in_page) + MAX_RECORD <= g->end) {
        emit(g, JAL(0, (int32_t)(0xffc - in_page)));
        g->at += 0xffc - in_page - 4;
    }
    emit16(g, C_NOP);
    emit(g, ins);
    emit16(g, C_NOP);
}

/* make an interrupt pending and enabled: SSIP, STIP or SEIP through
 * mip/sip, mie/sie and the global enables */
static void gen_intr(struct gen *g)
{
    unsigned b = in8(g);
    static const uint8_t irq[3] = {1, 5, 9};
    unsigned bit = irq[b % 3];
    bool s = b & 0x10;
    emit(g, ADDI(R_TMP, 0, 1 << bit));
    if (b & 0x20)
        emit(g, CSRS(s ? 0x144 : 0x344, R_TMP));
    if (b & 0x40)
        emit(g, CSRS(s ? 0x104 : 0x304, R_TMP));
    if (b & 0x80)
        emit(g, CSRS(0x303, R_TMP)); /* mideleg */
    emit(g, enc_csr(6, 0, s ? 0x100 : 0x300, (b & 8) ? 0x2 : 0xa)); /* csrsi xstatus, SIE|MIE */
    if ((b & 7) == 7)
        emit(g, WFI);
}

/* Sstc: stimecmp a little after now, with STCE and STIE on */
static void gen_timer(struct gen *g)
{
    unsigned b = in8(g);
    if (b & 1) {
        emit_li(g, R_TMP, 1ULL << 63);
        emit(g, CSRS(0x30a, R_TMP));
    }
    emit(g, CSRR(R_TMP, 0xc01));
    emit(g, ADDI(R_TMP, R_TMP, (int32_t)(in8(g) * 4) - 64));
    emit(g, CSRW(0x14d, R_TMP));
    if (b & 2) {
        emit(g, ADDI(R_TMP, 0, 1 << 5));
        emit(g, CSRS((b & 4) ? 0x104 : 0x304, R_TMP));
    }
    if (b & 8) { /* mcounteren.TM: S may reach stimecmp */
        emit(g, ADDI(R_TMP, 0, 2));
        emit(g, CSRS(0x306, R_TMP));
    }
}

/* data accesses of M translated as MPP (MPRV), then MPRV off again */
static void gen_mprv(struct gen *g)
{
    unsigned b = in8(g);
    emit_li(g, R_TMP, ST_MPRV | (3ULL << ST_MPP_SHIFT));
    emit(g, CSRC(0x300, R_TMP));
    emit_li(g, R_TMP, ST_MPRV | ((uint64_t)(b & 3) << ST_MPP_SHIFT) | ((b & 4) ? ST_SUM : 0) |
                          ((b & 8) ? ST_MXR : 0));
    emit(g, CSRS(0x300, R_TMP));
    emit(g, (b & 0x10) ? gen_store(g) : gen_load(g));
    emit(g, LUI(R_TMP, (uint32_t)(ST_MPRV >> 12)));
    emit(g, CSRC(0x300, R_TMP));
}

/* a destination register gets an address worth trying as a base */
static void gen_rebase(struct gen *g)
{
    unsigned b = in8(g);
    uint64_t v;
    switch (b % 12) {
    case 0: v = 1ULL << 38; break;                         /* not canonical for Sv39 */
    case 1: v = 1ULL << 47; break;                         /* not canonical for Sv48 */
    case 2: v = 0xffffffffc0000000ULL; break;              /* canonical, unmapped top */
    case 3: v = ALIAS_MEGA + RAM_SIZE + 0x100; break;      /* megapage past RAM: MMIO */
    case 4: v = ALIAS_MEGA + 0x200000; break;              /* past the megapage */
    case 5: v = 0x2000000; break;                          /* CLINT */
    case 6: v = 0x10001000; break;                         /* virtio */
    case 7: v = ALIAS_U + 4096ULL * (P_D0 + in8(g) % (RAM_PAGES - P_D0)); break;
    case 8: v = RAM_BASE - 4; break;                       /* straddles the start of RAM */
    case 9: v = RAM_BASE + RAM_SIZE - 4; break;            /* straddles its end */
    case 10: v = PG(P_L0); break;
    default: v = PG(P_D0 + in8(g) % (RAM_PAGES - P_D0)); v += in16(g) & 0xfff; break;
    }
    emit_li(g, pick_rd(g), v);
}

/* ---- the program ---- */

enum {
    T_ALU_R, T_ALU_I, T_LUI, T_LOAD, T_STORE, T_FLS, T_FP, T_FMA, T_AMO, T_LRSC, T_CSR,
    T_COUNTER, T_BRANCH, T_LOOP, T_MODE, T_XRET, T_SYS, T_SFENCE, T_PTE, T_SMC, T_CBO,
    T_COMP, T_STRADDLE, T_RAW, T_INTR, T_TIMER, T_PMP, T_SATP, T_MPRV, T_REBASE, T_N
};

static const uint8_t weights[T_N] = {
    [T_ALU_R] = 18, [T_ALU_I] = 14, [T_LUI] = 3, [T_LOAD] = 18, [T_STORE] = 16, [T_FLS] = 8,
    [T_FP] = 16, [T_FMA] = 5, [T_AMO] = 10, [T_LRSC] = 6, [T_CSR] = 24, [T_COUNTER] = 4,
    [T_BRANCH] = 10, [T_LOOP] = 4, [T_MODE] = 8, [T_XRET] = 6, [T_SYS] = 8, [T_SFENCE] = 6,
    [T_PTE] = 8, [T_SMC] = 6, [T_CBO] = 4, [T_COMP] = 8, [T_STRADDLE] = 3, [T_RAW] = 3,
    [T_INTR] = 6, [T_TIMER] = 4, [T_PMP] = 4, [T_SATP] = 6, [T_MPRV] = 3, [T_REBASE] = 5,
};

static unsigned pick_template(struct gen *g)
{
    unsigned total = 0;
    for (unsigned t = 0; t < T_N; t++)
        total += weights[t];
    unsigned s = in8(g) * total / 256;
    for (unsigned t = 0; t < T_N; t++) {
        if (s < weights[t])
            return t;
        s -= weights[t];
    }
    return T_ALU_R;
}

static void gen_record(struct gen *g, unsigned max_mode)
{
    switch (pick_template(g)) {
    case T_ALU_R: emit(g, gen_alu_r(g)); break;
    case T_ALU_I: emit(g, gen_alu_i(g)); break;
    case T_LUI: {
        unsigned b = in8(g), imm = (unsigned)in_bytes(g, 3) & 0xfffff;
        emit(g, enc_u(imm, pick_rd(g), (b & 1) ? 0x17 : 0x37));
        break;
    }
    case T_LOAD: emit(g, gen_load(g)); break;
    case T_STORE: emit(g, gen_store(g)); break;
    case T_FLS: emit(g, gen_fls(g)); break;
    case T_FP: emit(g, gen_fp(g)); break;
    case T_FMA: emit(g, gen_fma(g)); break;
    case T_AMO: gen_amo(g); break;
    case T_LRSC: gen_lrsc(g); break;
    case T_CSR: gen_csr(g); break;
    case T_COUNTER: {
        static const uint16_t c[6] = {0xc00, 0xc01, 0xc02, 0xc03, 0xb00, 0xb02};
        emit(g, CSRR(pick_rd(g), c[in8(g) % 6]));
        break;
    }
    case T_BRANCH: gen_branch(g); break;
    case T_LOOP: gen_loop(g); break;
    case T_MODE:
        emit(g, ADDI(R_MODE, 0, (int32_t)(in8(g) & 3)));
        emit(g, ECALL);
        break;
    case T_XRET: gen_xret(g); break;
    case T_SYS: gen_sys(g); break;
    case T_SFENCE: gen_sfence(g); break;
    case T_PTE: gen_pte(g); break;
    case T_SMC: gen_smc(g); break;
    case T_CBO: gen_cbo(g); break;
    case T_COMP: gen_compressed(g); break;
    case T_STRADDLE: gen_straddle(g); break;
    case T_RAW: emit(g, safe32((uint32_t)in_bytes(g, 4))); break;
    case T_INTR: gen_intr(g); break;
    case T_TIMER: gen_timer(g); break;
    case T_PMP: gen_pmp(g); break;
    case T_SATP: gen_satp(g, max_mode); break;
    case T_MPRV: gen_mprv(g); break;
    default: gen_rebase(g); break;
    }
}

/* Go up to M (or S, where ecall is delegated or an SBI call), then to the
 * exit stub. */
static void gen_terminator(struct gen *g)
{
    emit(g, ADDI(R_MODE, 0, 3));
    emit(g, ECALL);
    emit(g, ADDI(R_MODE, 0, 1));
    emit(g, ECALL);
    emit(g, JAL(0, (int32_t)(EXIT_STUB - RAM_BASE) - (int32_t)g->at));
}

static void gen_bases(struct gen_state *s)
{
    s->x[16] = PG(P_D0) + 0x800;
    s->x[17] = PG(P_D1) - 4;    /* D0 -> D1: both mapped */
    s->x[18] = PG(P_HOLE) - 4;  /* RO -> hole */
    s->x[19] = PG(P_RO) + 0x800;
    s->x[20] = MMIO_UART;
    s->x[21] = PG(P_HOLE) + 0x800;
    s->x[22] = ALIAS_U + (PG(P_D0) - RAM_BASE) + 0x800;
    s->x[23] = ALIAS_MEGA + (PG(P_D1) - RAM_BASE) + 0x800;
    s->x[24] = PG(P_ROOT);
    s->x[25] = PG(P_USER) + 0x800;
}

static uint64_t timer_delta(unsigned b)
{
    return b == 0xff ? UINT64_MAX : (uint64_t)b * 64;
}

/* Header, then records until the input is used up and the header's count
 * is reached, or the code pages are full. */
static void gen_program(const uint8_t *data, size_t size, uint8_t *ram, struct gen_state *s)
{
    struct gen g0 = {.ram = ram, .data = data, .size = size, .tail = size, .hdr = true}, *g = &g0;
    memset(s, 0, sizeof(*s));

    unsigned h0 = in8(g), pt = in16(g), st0 = in8(g), st1 = in16(g), st2 = in8(g);
    static const unsigned privs[4] = {0, 1, 3, 3};
    static const unsigned maxm[4] = {0, 8, 9, 10};
    s->priv = privs[h0 & 3];
    unsigned mode = (h0 >> 2) & 3 ? 7 + ((h0 >> 2) & 3) : 0;
    s->sbi_exits = h0 & 0x10;
    s->max_satp_mode = maxm[(h0 >> 5) & 3];
    unsigned max_mode = s->max_satp_mode ? s->max_satp_mode : 10;
    g->satp_mode = mode <= max_mode ? mode : 0;
    s->satp = mode ? satp_for(mode) : 0;

    unsigned fs = st0 & 7;
    s->mstatus = (uint64_t)(fs == 0 ? 0 : fs < 3 ? fs : 3) << ST_FS_SHIFT;
    s->mstatus |= ((st0 & 0x08) ? ST_SIE : 0) | ((st0 & 0x10) ? ST_MIE : 0) |
                  ((st0 & 0x20) ? ST_SUM : 0) | ((st0 & 0x40) ? ST_MXR : 0) |
                  ((st0 & 0x80) ? ST_SPIE : 0);
    /* the disruptive bits, one in 16 each */
    s->mstatus |= ((st1 & 0xf) == 0xf ? ST_TVM : 0) | ((st1 & 0xf0) == 0xf0 ? ST_TW : 0) |
                  ((st1 & 0xf00) == 0xf00 ? ST_TSR : 0) | ((st1 & 0xf000) == 0xf000 ? ST_MPRV : 0);
    s->mstatus |= ((uint64_t)(st2 & 3) << ST_MPP_SHIFT) | ((st2 & 4) ? ST_MPIE : 0) |
                  ((st2 & 8) ? ST_SPP : 0);
    s->menvcfg = ((st2 & 0x10) ? 1ULL << 63 : 0) | ((st2 & 0x20) ? 0x80 : 0) |
                 ((st2 & 0x40) ? 0x40 : 0) | ((st2 & 0x80) ? 0x10 : 0);
    s->medeleg = deleg_mask(in16(g));
    if (s->mstatus & ST_TSR)
        s->medeleg &= ~(1ULL << 2); /* S handler's sret -> illegal -> S handler: a loop */
    unsigned b = in8(g);
    s->mideleg = ((b & 1) ? 2 : 0) | ((b & 2) ? 0x20 : 0) | ((b & 4) ? 0x200 : 0);
    s->irq_level = ((b & 0x40) ? 1ULL << 9 : 0) | ((b & 0x80) ? 1ULL << 11 : 0);
    bool vec_m = b & 8, vec_s = b & 0x10;
    bool trap_d1 = b & 0x20;
    b = in8(g);
    s->mie = ((b & 1) ? 2 : 0) | ((b & 2) ? 8 : 0) | ((b & 4) ? 0x20 : 0) | ((b & 8) ? 0x80 : 0) |
             ((b & 0x10) ? 0x200 : 0) | ((b & 0x20) ? 0x800 : 0);
    unsigned pmp_policy = b >> 6;
    s->timecmp[0] = timer_delta(in8(g));
    s->timecmp[1] = timer_delta(in8(g));
    s->stimecmp = timer_delta(in8(g));
    b = in8(g);
    s->mcounteren = b & 7;
    s->scounteren = (b >> 3) & 7;
    s->frm = (b >> 5) & 7;
    unsigned pmp_detail = in8(g);
    if (pmp_policy == 3 && (pmp_detail & 0x38) != 0x38)
        pmp_policy = 0; /* no PMP at all (S and U reach nothing) stays rare */
    if (pmp_policy == 3) /* S could not fetch its handler either: a loop */
        s->medeleg &= ~((1ULL << 1) | (1ULL << 12));
    b = in8(g);
    s->x[R_MODE] = b & 3;
    s->two_harts = (b & 0x1c) == 0x1c;
    s->seed = in64(g) | 1;
    g->rng = s->seed * 0x9e3779b97f4a7c15ULL | 1;
    g->fill = s->seed * 0xd1b54a32d192ed03ULL | 1;
    unsigned nrec = 24 + 8 * (in8(g) & 63);

    /* PMP: entry 0, locked and so first for M too, keeps even M from
     * writing the handlers (a wild store there makes every later trap
     * loop); entry 15 lets S and U reach everything unless policy 3; entry
     * 1 restricts a page (NAPOT) or a range below one (TOR) */
    static const uint8_t pmp_pages[4] = {P_D0, P_RO, P_CODE, P_HOLE};
    uint64_t pa = PG(pmp_pages[(pmp_detail >> 4) & 3]);
    if (pmp_policy != 3) {
        s->pmpaddr[0] = (PG(P_MH) >> 2) | 0x3ff; /* NAPOT, pages P_MH and P_SH */
        s->pmpcfg0 = 0x9d;                      /* L, NAPOT, R, X */
        s->pmpaddr[15] = (1ULL << 54) - 1;
        s->pmpcfg2 = 0x1fULL << 56;
    }
    if (pmp_policy == 1) {
        s->pmpaddr[1] = (pa >> 2) | 0x1ff;
        unsigned lock = (pmp_detail & 0xc8) == 0xc8 ? 0x80 : 0;
        s->pmpcfg0 |= (uint64_t)(0x18 | (pmp_detail & 7) | lock) << 8;
    } else if (pmp_policy == 2) {
        s->pmpaddr[1] = (pa + 4096) >> 2;
        s->pmpcfg0 |= (uint64_t)(0x08 | (pmp_detail & 7)) << 8;
    }

    gen_page_tables(g, pt);
    /* header patches to single PTEs */
    for (unsigned n = in8(g) & 3; n; n--) {
        unsigned k = in8(g) % N_PTE_SLOTS;
        set_pte(g, pte_slots[k].table, pte_slots[k].idx,
                new_pte(g, get_pte(g, pte_slots[k].table, pte_slots[k].idx), k));
    }
    g->hdr = false;
    if (trap_d1) {
        s->trap_base = PG(P_D1) + 0x800;
        s->trap_len = 0x100;
    }

    fill_page(g, P_D0);
    fill_page(g, P_D1);
    fill_page(g, P_RO);
    fill_page(g, P_HOLE);
    fill_page(g, P_USER);

    g->at = (uint32_t)(PG(P_MH) - RAM_BASE);
    gen_handler(g, true);
    gen_exit_stub(g);
    g->at = (uint32_t)(PG(P_SH) - RAM_BASE);
    gen_handler(g, false);
    s->mtvec = PG(P_MH) | vec_m;
    s->stvec = PG(P_SH) | vec_s;

    for (unsigned i = 1; i < 16; i++)
        s->x[i] = interesting(g);
    s->x[2] = PG(P_D1) + 0x400;
    gen_bases(s);
    for (unsigned i = 0; i < 32; i++)
        s->f[i] = fp_specials[rng_next(&g->rng) % N_FP_SPECIALS];

    g->at = (uint32_t)(CODE_LO - RAM_BASE);
    g->end = (uint32_t)(CODE_HI - RAM_BASE) - 64;
    s->pc = CODE_LO | (s->priv == 0 && g->satp_mode ? ALIAS_BIT : 0);
    for (unsigned k = 0; (g->pos < g->size || k < nrec) && g->at + MAX_RECORD <= g->end; k++) {
        land_fixups(g, false);
        gen_record(g, max_mode);
    }
    land_fixups(g, true);
    gen_terminator(g);
}

#endif
