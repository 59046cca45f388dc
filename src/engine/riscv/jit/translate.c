/* The translator: a decoded block (struct block) and its region to one
 * x86-64 function.
 *
 * Generated code keeps the hart in RBX, the running block's virtual PC in
 * R12, the time budget in R15 and the software TLB's read table in RBP.  The
 * guest registers the region uses most live in host registers and are
 * written back to struct hart before
 * anything that leaves the translation or looks at struct hart, so wherever
 * the interpreter can take over, the architectural state in memory is
 * exact.  It does take over when the translation meets an instruction it
 * does not know, on a fault and on an MMIO access: the interpreter resumes
 * at that instruction and runs it its usual way.  A load or store that
 * merely misses the software TLB (or crosses a page) calls the
 * interpreter's slow path and goes on.  So exceptions, MMIO exits and
 * self-modifying code behave exactly as in the interpreter.
 */
#include <stddef.h>

#include "engine/riscv/block_impl.h"
#include "engine/riscv/decode.h"
#include "engine/riscv/fpu.h"
#include "engine/riscv/hart.h"
#include "engine/riscv/jit/jit.h"
#include "engine/riscv/jit/x86emit.h"

#if STRATO_JIT

/* A translation covers a region: its block and the blocks on the same page
 * that its static exits reach, and theirs, already decoded (so they ran),
 * up to REGION_BLOCKS blocks and REGION_INSNS instructions.  Jumps between
 * them stay inside the translation, with the guest registers held. */
enum { REGION_BLOCKS = 8, REGION_INSNS = 4 * (BLOCK_MAX_INSNS + 1) };
enum { MAX_STUBS = 2 * REGION_INSNS, MAX_EPI = 2 * REGION_INSNS + 3 * REGION_BLOCKS + MAX_STUBS };

struct tr {
    struct emitter e;
    struct hart *h;
    const struct block *b; /* the block whose instructions are being translated */
    /* exits to the interpreter, emitted after the body: where their jumps
     * are, and the instruction (of block b) they resume at */
    struct { uint8_t *at; const struct insn *ip; const struct block *b; uint32_t dirty; } stub[MAX_STUBS];
    unsigned nstub;
    /* loads and stores that missed the TLB fast path: calls to the
     * interpreter's slow path, emitted after the body, then back at `join` */
    struct slow_access {
        uint8_t *miss, *hit, *join;
        uint8_t dst; /* a load's host register for the value */
        const struct insn *ip;
        const struct block *b;
        uint32_t dirty;
        uint8_t size;
        bool sign, write;
    } slow[REGION_INSNS];
    unsigned nslow;
    /* the region: its blocks, how many instructions of each are translated,
     * where each one's code starts (after the held registers are loaded),
     * and jumps to blocks not emitted yet */
    const struct block *rb[REGION_BLOCKS];
    unsigned rn[REGION_BLOCKS], nr;
    bool loops; /* jumps inside the translation (a loop, a region) */
    uint8_t *rbody[REGION_BLOCKS];
    struct { uint8_t *at; unsigned k; } fix[2 * REGION_BLOCKS];
    unsigned nfix;
    uint8_t *epilogue_jumps[MAX_EPI];
    unsigned nepi;
    bool overflow;
    /* guest registers held in host registers within this translation
     * (0: none; guest x0 and the x0 sink are never held), and those of them
     * an instruction of the translation may write */
    uint8_t host_of[33];
    bool written[33];
    /* held registers written so far on the path being emitted (bit g):
     * what an exit must write back.  With jumps inside the translation a
     * block can be entered with any of them dirty: then `written` counts. */
    uint32_t dirty;
};

/* Host registers that hold guest registers: all the generated code does
 * not otherwise use (RAX, RCX, RDX are scratch; RBX, R12, R15 and RBP are
 * fixed: RBP holds h->tlb_r from the prologue on).  RSI and RDI are also the
 * block-end code's scratch and carry call arguments, both only after the
 * held registers were written back. */
static const uint8_t cache_regs[] = {R13, R14, RSI, RDI, R8, R9, R10, R11};

#define X(r) ((int32_t)(offsetof(struct hart, x) + 8 * (unsigned)(r)))
#define OFF(f) ((int32_t)offsetof(struct hart, f))

/* Guest registers: a translation keeps the ones its block uses most in host
 * registers, loaded at its start, and writes those back to struct hart
 * (flush_regs) before anything that leaves the translation or looks at
 * struct hart: block ends, exits to the interpreter, calls.  Every other
 * guest register lives in struct hart.  So wherever the interpreter or the
 * next block takes over, the state in memory is exact. */
static void ldx(struct tr *t, unsigned host, unsigned guest)
{
    if (guest == 0)
        x86_alu(&t->e, ALU_XOR, host, host, false); /* x0 reads as 0 */
    else if (t->host_of[guest] && t->host_of[guest] != host)
        x86_mov(&t->e, host, t->host_of[guest]);
    else if (t->host_of[guest])
        return; /* already there */
    else
        x86_load64(&t->e, host, RBX, X(guest));
}

/* the host register holding guest register g: its own if cached, else
 * `scratch` loaded with it */
static unsigned src_reg(struct tr *t, unsigned guest, unsigned scratch)
{
    if (guest != 0 && guest < 33 && t->host_of[guest])
        return t->host_of[guest];
    ldx(t, scratch, guest);
    return scratch;
}

/* where an instruction computes rd: rd's own host register when cached
 * (and not also needed as `keep`, a source read after the result is
 * started), else RAX, which stx() then stores */
static unsigned dst_reg(struct tr *t, unsigned rd, unsigned keep)
{
    if (rd != 0 && rd < 33 && t->host_of[rd] && (rd != keep || keep == 0))
        return t->host_of[rd];
    return RAX;
}

static void stx(struct tr *t, unsigned guest, unsigned host)
{
    if (guest < 33 && t->host_of[guest]) {
        t->dirty |= 1u << guest;
        if (t->host_of[guest] != host)
            x86_mov(&t->e, t->host_of[guest], host);
    } else {
        x86_store64(&t->e, RBX, X(guest), host);
    }
}

/* the held registers this translation may have changed, back to struct hart */
static void flush_regs(struct tr *t)
{
    for (unsigned g = 1; g < 32; g++)
        if (t->host_of[g] && (t->loops ? t->written[g] : (t->dirty >> g) & 1))
            x86_store64(&t->e, RBX, X(g), t->host_of[g]);
}

/* op host, guest */
static void alu_guest(struct tr *t, enum x86alu op, unsigned host, unsigned guest, bool w)
{
    if (guest == 0) {
        x86_alu_imm(&t->e, op, host, 0, w);
    } else if (t->host_of[guest]) {
        x86_alu(&t->e, op, host, t->host_of[guest], w);
    } else {
        x86_alu_mem(&t->e, op, host, RBX, X(guest), w);
    }
}

/* choose the guest registers to hold: the most used in the region's
 * instructions to be translated (at least twice, unless it loops); load
 * them */
static void cache_guest_regs(struct tr *t)
{
    unsigned uses[33] = {0};
    memset(t->written, 0, sizeof(t->written));
    for (unsigned k = 0; k < t->nr; k++)
        for (unsigned i = 0; i < t->rn[k]; i++) {
            const struct insn *ip = &t->rb[k]->insns[i];
            uses[ip->rs1]++;
            uses[ip->rs2]++;
            uses[ip->rd]++;
            /* rd may name an FP register for some operations: writing that
             * x register back as well is harmless */
            t->written[ip->rd] = true;
        }
    uses[0] = uses[32] = 0;
    /* without jumps inside, a register the block writes before it reads
     * it needs no load: until then it is not dirty, so no exit stores it.
     * Sources are rs1 and rs2 (for F/D operations those may name FP
     * registers, which at worst keeps a load); an F/D operation's rd may
     * name an FP register, so it does not count as a write. */
    bool read_first[33] = {false}, seen[33] = {false};
    for (unsigned i = 0; i < t->rn[0]; i++) {
        const struct insn *ip = &t->rb[0]->insns[i];
        read_first[ip->rs1] |= !seen[ip->rs1];
        read_first[ip->rs2] |= !seen[ip->rs2];
        seen[ip->rs1] = seen[ip->rs2] = true;
        if (ip->op < OP_FLW || ip->op > OP_FMV_D_X)
            seen[ip->rd] = true;
    }
    memset(t->host_of, 0, sizeof(t->host_of));
    t->dirty = 0;
    for (unsigned k = 0; k < sizeof(cache_regs); k++) {
        unsigned best = 0;
        for (unsigned g = 1; g < 32; g++)
            if (uses[g] > uses[best])
                best = g;
        /* in a loop one use is one per iteration: worth a register */
        if (uses[best] < (t->loops ? 1u : 2u))
            break;
        uses[best] = 0;
        t->host_of[best] = cache_regs[k];
        if (t->loops || read_first[best])
            x86_load64(&t->e, cache_regs[k], RBX, X(best));
    }
}

/* lea r, [r12 + disp]: a PC relative to the block start */
static void pc_rel(struct tr *t, unsigned r, int32_t disp)
{
    emit_op_mem(&t->e, true, (const uint8_t[]){0x8d}, 1, r, R12, disp);
}

/* jump to the epilogue with the return value already in RAX */
static void to_epilogue(struct tr *t)
{
    if (t->nepi >= sizeof(t->epilogue_jumps) / sizeof(t->epilogue_jumps[0])) {
        t->overflow = true;
        return;
    }
    t->epilogue_jumps[t->nepi++] = x86_jmp_fwd(&t->e);
}

/* a conditional exit to the interpreter at ip */
static void exit_if(struct tr *t, enum x86cc cc, const struct insn *ip)
{
    if (t->nstub >= MAX_STUBS) {
        t->overflow = true;
        return;
    }
    t->stub[t->nstub].at = x86_jcc_fwd(&t->e, cc);
    t->stub[t->nstub].ip = ip;
    t->stub[t->nstub].b = t->b;
    t->stub[t->nstub].dirty = t->dirty;
    t->nstub++;
}

static void emit_epilogue(struct emitter *e)
{
    x86_store64(e, RBX, OFF(budget), R15);
    x86_alu_imm(e, ALU_ADD, RSP, 8, true);
    x86_pop(e, R15);
    x86_pop(e, R14);
    x86_pop(e, R13);
    x86_pop(e, RBP);
    x86_pop(e, R12);
    x86_pop(e, RBX);
    x86_ret(e);
}

/* A linkable exit (end_block) is laid out as
 *     lea r12, [r12 + disp32]     the successor's PC
 *     jmp rel32                   patched to the successor's chained entry;
 *                                 first to the next instruction:
 *     mov rax, r12
 *     mov rdx, imm64              its successor slot
 *     call link_stub
 *     jmp rcx
 * and the link stub finds the jmp's displacement this far before its
 * return address. */
enum { LINK_BACK = 4 + 3 + 10 + 5 };

/* The block-end code all translations of a hart share, emitted first in its
 * code cache.  Called from a block's exit with the next PC in RAX and, in
 * RDX, the address of the slot (successor slot or jump-cache entry) that may
 * name the translated successor.  If the slot is valid (no code was written
 * since the jump cache was last made valid, same PC, current tag) and names
 * a translation, it returns that translation's chained entry in RCX (and the
 * PC in R12), and the exit jumps there: each exit keeps its own indirect
 * jump, which the host predicts far better than one shared jump.  The
 * chained entry makes the between-block check (the time budget).  The
 * `link` version also patches the exit to jump there
 * directly from now on.  Otherwise it drops its return address and returns
 * to the dispatcher (0, with the PC in h->pc and the slot in jit_link); the
 * frame is the same in every translation. */
static void emit_chain_stub(struct emitter *e, struct hart *h, bool link)
{
    uint8_t *miss[8];
    unsigned n = 0;
    /* code written since the jump cache was last made valid */
    x86_mov_imm(e, RCX, (uintptr_t)&h->mem->code_inval_epoch);
    x86_load64(e, RCX, RCX, 0);
    x86_alu_mem(e, ALU_CMP, RCX, RBX, OFF(inval_seen), true);
    miss[n++] = x86_jcc_fwd(e, CC_NE);
    /* the slot: same PC, current tag, a translated block */
    x86_alu_mem(e, ALU_CMP, RAX, RDX, (int32_t)offsetof(struct jcache_entry, pc), true);
    miss[n++] = x86_jcc_fwd(e, CC_NE);
    x86_load64(e, RCX, RDX, (int32_t)offsetof(struct jcache_entry, tb));
    x86_mov(e, RSI, RCX);
    x86_alu_mem(e, ALU_XOR, RSI, RBX, OFF(jc_tag), true);
    x86_shift(e, SH_SHR, RSI, 48, true);
    miss[n++] = x86_jcc_fwd(e, CC_NE);
    /* the translation the slot remembers; else the block's (translated
     * since the slot was made), remembered from now on */
    x86_load64(e, RSI, RDX, (int32_t)offsetof(struct jcache_entry, jit));
    x86_test(e, RSI, RSI);
    uint8_t *have = x86_jcc_fwd(e, CC_NE);
    x86_shift(e, SH_SHL, RCX, 16, true);
    x86_shift(e, SH_SHR, RCX, 16, true);
    x86_load64(e, RSI, RCX, (int32_t)offsetof(struct block, jit));
    x86_test(e, RSI, RSI);
    miss[n++] = x86_jcc_fwd(e, CC_E);
    x86_store64(e, RDX, (int32_t)offsetof(struct jcache_entry, jit), RSI);
    x86_patch(e, have, e->p);
    x86_mov(e, RCX, RSI);
    x86_mov(e, R12, RAX);
    x86_alu_imm(e, ALU_ADD, RCX, JIT_CHAIN_ENTRY, true);
    if (link) {
        /* the exit's jmp displacement, written through the writable
         * mapping: RCX - (its address + 4) */
        x86_load64(e, RSI, RSP, 0);
        x86_alu_imm(e, ALU_SUB, RSI, LINK_BACK, true);
        x86_mov(e, RDI, RCX);
        x86_alu(e, ALU_SUB, RDI, RSI, true);
        x86_alu_imm(e, ALU_SUB, RDI, 4, true);
        x86_mov_imm(e, RAX, (uint64_t)(h->jit.rw - h->jit.rx));
        x86_alu(e, ALU_ADD, RSI, RAX, true);
        x86_store_sized(e, RSI, RDI, 4);
        x86_alu_mem_imm(e, ALU_ADD, RBX, OFF(stats.jit_links), 1);
    }
    x86_ret(e);
    for (unsigned i = 0; i < n; i++)
        x86_patch(e, miss[i], e->p);
    x86_store64(e, RBX, OFF(pc), RAX);
    x86_store64(e, RBX, OFF(jit_link), RDX);
    x86_alu_imm(e, ALU_ADD, RSP, 8, true); /* the exit's return address */
    x86_mov_imm(e, RAX, 0);
    emit_epilogue(e);
}

/* back to the dispatcher at the start of the block whose PC is in R12 */
static void leave_at_r12(struct tr *t)
{
    x86_store64(&t->e, RBX, OFF(pc), R12);
    x86_mov_imm(&t->e, RAX, 0);
    x86_store64(&t->e, RBX, OFF(jit_link), RAX);
    to_epilogue(t);
}

/* The between-block check of a chained entry: a decrement of the time
 * budget and a branch (to *budget when it ran out, and the dispatcher then
 * makes next_block's checks in interp.c).  Interrupts need no test of
 * their own here: the hart's own pending bits (mip, mip_timer) and mie
 * cannot change while translated code runs (a CSR write or trap leaves it)
 * and were looked at when the dispatcher entered it; a line another thread
 * raises is seen when the budget runs out, at most check_interval
 * instructions later (8192 by default, some microseconds). */
static void entry_checks(struct tr *t, const struct block *b, uint8_t **budget)
{
    struct emitter *e = &t->e;
    x86_test(e, R15, R15);
    *budget = x86_jcc_fwd(e, CC_LE);
    x86_alu_imm(e, ALU_SUB, R15, b->n, true);
}

/* the region block at guest physical address pa, or -1 */
static int region_block(const struct tr *t, uint64_t pa)
{
    for (unsigned k = 0; k < t->nr; k++)
        if (t->rb[k]->pa == pa)
            return (int)k;
    return -1;
}

/* the block ends: the shared checks, then on to the successor */
static void chain(struct tr *t, size_t stub)
{
    emit_byte(&t->e, 0xe8); /* call rel32 */
    uint8_t *at = t->e.p;
    emit_u32(&t->e, 0);
    x86_patch(&t->e, at, t->h->jit.rw + stub);
    x86_jmp_reg(&t->e, RCX);
}

/* RDX = the jump-cache entry for the PC in RAX */
static void jc_entry_of_rax(struct tr *t)
{
    struct emitter *e = &t->e;
    _Static_assert(sizeof(struct jcache_entry) == 24, "jump-cache entries are 24 bytes");
    x86_mov(e, RDX, RAX);
    x86_shift(e, SH_SHR, RDX, 1, true);
    x86_alu_imm(e, ALU_AND, RDX, JC_SIZE - 1, false);
    x86_mov(e, RCX, RDX);
    x86_shift(e, SH_SHL, RDX, 1, true);
    x86_alu(e, ALU_ADD, RDX, RCX, true); /* * 3 */
    x86_shift(e, SH_SHL, RDX, 3, true);  /* * 8 */
    x86_alu(e, ALU_ADD, RDX, RBX, true);
    x86_alu_imm(e, ALU_ADD, RDX, OFF(jc), true);
}

/* The block ends here: the next PC is bpc + disp, its successor slot
 * succ[slot].  A successor on the same guest page as this block (which
 * does not straddle pages) is the same physical code in any address space
 * that maps this block's page (blocks are found by physical address), so
 * the exit may jump to its translation directly once it has one.  Such
 * links stay valid until the code cache is flushed: a write to the page
 * makes both blocks unreachable from the dispatcher and the jump caches,
 * and architecturally this hart need not see the new code before a
 * fence.i, an interrupt or a budget expiry, all of which leave translated
 * code. */
static void end_block(struct tr *t, int32_t disp, unsigned slot)
{
    struct emitter *e = &t->e;
    int64_t off = (int64_t)(t->b->pa & 0xfff);
    bool straddles = off + t->b->insns[t->b->n].pcoff > 4096;
    int k = straddles || off + disp < 0 || off + disp >= 4096
                ? -1 : region_block(t, (t->b->pa & ~0xfffULL) + (uint64_t)(off + disp));
    if (k >= 0) {
        /* to a block of the region (a loop, often): the checks, then its
         * code with the guest registers still held; else back to the
         * dispatcher at that block.  Every cycle through the region has an
         * edge to a block listed no later than its source: only those test
         * the budget; the others just count their target's instructions. */
        int64_t delta = (int64_t)(t->rb[k]->pa - t->b->pa);
        if (delta)
            emit_op_mem(e, true, (const uint8_t[]){0x8d}, 1, R12, R12, (int32_t)delta);
        uint8_t *budget = NULL;
        if (k <= region_block(t, t->b->pa))
            entry_checks(t, t->rb[k], &budget);
        else
            x86_alu_imm(e, ALU_SUB, R15, t->rb[k]->n, true);
        uint8_t *jmp = x86_jmp_fwd(e);
        if (t->rbody[k]) {
            x86_patch(e, jmp, t->rbody[k]);
        } else if (t->nfix < sizeof(t->fix) / sizeof(t->fix[0])) {
            t->fix[t->nfix].at = jmp;
            t->fix[t->nfix++].k = (unsigned)k;
        } else {
            t->overflow = true;
        }
        if (budget) {
            x86_patch(e, budget, e->p);
            flush_regs(t);
            leave_at_r12(t);
        }
        return;
    }
    flush_regs(t);
    if (off + disp < 0 || off + disp >= 4096) { /* another page: the jump cache */
        pc_rel(t, RAX, disp);
        jc_entry_of_rax(t);
        chain(t, t->h->jit.chain_stub);
        return;
    }
    if (straddles) {
        pc_rel(t, RAX, disp);
        x86_mov_imm(e, RDX, (uintptr_t)&t->b->succ[slot]);
        chain(t, t->h->jit.chain_stub);
        return;
    }
    uint8_t *site = e->p;
    static const uint8_t lea_r12[] = {0x4d, 0x8d, 0xa4, 0x24};
    for (unsigned i = 0; i < sizeof(lea_r12); i++)
        emit_byte(e, lea_r12[i]);
    emit_u32(e, (uint32_t)disp);
    emit_byte(e, 0xe9);
    emit_u32(e, 0);
    x86_mov(e, RAX, R12);
    emit_byte(e, 0x48); /* mov rdx, imm64: always the 10-byte form */
    emit_byte(e, 0xba);
    emit_u64(e, (uintptr_t)&t->b->succ[slot]);
    chain(t, t->h->jit.link_stub);
    if (!e->full && e->p - 2 - site != 8 + 1 + LINK_BACK)
        t->overflow = true; /* cannot happen: every encoding above has a fixed size */
}

/* The TLB in translated code.  RBP holds the data context's read table;
 * its write table follows it (hart.h: tlb[ctx][ACC_W] after tlb[ctx][ACC_R]).
 * RCX = the offset of the entry for the virtual address in RAX. */
_Static_assert(sizeof(struct tlb_entry) == 16, "TLB entries are 16 bytes");
_Static_assert(ACC_W == ACC_R + 1, "the write table follows the read table");
static int32_t tlb_disp(bool write, size_t field)
{
    return (int32_t)((write ? TLB_SIZE * sizeof(struct tlb_entry) : 0) + field);
}

static void tlb_index_of_rax(struct tr *t)
{
    x86_mov32(&t->e, RCX, RAX);
    x86_shift(&t->e, SH_SHR, RCX, 12 - 4, false);
    x86_alu_imm(&t->e, ALU_AND, RCX, (TLB_SIZE - 1) << 4, false); /* index * 16 */
}

/* flags: does the entry at RCX map the access at RAX?  The address masked
 * to its page and its alignment bits must equal the tag, a page address: a
 * misaligned access fails, and its slow path retries with tlb_last_byte() */
static void tlb_compare(struct tr *t, unsigned size, bool write)
{
    x86_mov(&t->e, RDX, RAX);
    x86_alu_imm(&t->e, ALU_AND, RDX, -4096 | (int32_t)(size - 1), true);
    x86_alu_mem_idx(&t->e, ALU_CMP, RDX, RBP, RCX, tlb_disp(write, offsetof(struct tlb_entry, tag)),
                    true);
}

/* flags: is the entry at RCX (the first byte's) tagged with the page of
 * the access's last byte, so that the access, misaligned, stays on it?  Past
 * the top of the address space the last byte wraps to page 0, looked up in
 * the last entry, which is never zeroed (mmu.c tlb_release). */
static void tlb_last_byte(struct tr *t, unsigned size, bool write)
{
    emit_op_mem(&t->e, true, (const uint8_t[]){0x8d}, 1, RDX, RAX, (int32_t)size - 1);
    x86_alu_imm(&t->e, ALU_AND, RDX, -4096, true);
    x86_alu_mem_idx(&t->e, ALU_CMP, RDX, RBP, RCX, tlb_disp(write, offsetof(struct tlb_entry, tag)),
                    true);
}

/* RAX += the entry's addend: the host address */
static void tlb_add_addend(struct tr *t, bool write)
{
    x86_alu_mem_idx(&t->e, ALU_ADD, RAX, RBP, RCX,
                    tlb_disp(write, offsetof(struct tlb_entry, addend)), true);
}

/* The host address of the access at x[rs1] + imm, or a jump to the slow
 * path (or an exit to the interpreter, without `slow`) if the TLB does not
 * map it for this access (the interpreter's fast-path test, interp.c
 * LOAD/STORE).  With `slow` (plain loads and stores) the address is RAX +
 * RDX, the access's own address generation adding the two; else RAX. */
static void tlb_fast_path(struct tr *t, const struct insn *ip, unsigned size, bool write,
                          struct slow_access *slow)
{
    struct emitter *e = &t->e;
    unsigned base = src_reg(t, ip->rs1, RAX);
    if (ip->imm != 0)
        emit_op_mem(e, true, (const uint8_t[]){0x8d}, 1, RAX, base, ip->imm); /* lea rax, [base+imm] */
    else if (base != RAX)
        x86_mov(e, RAX, base); /* a register move costs no latency */
    if (ip->op == OP_CBO_ZERO) /* the aligned block */
        x86_alu_imm(e, ALU_AND, RAX, -64, true);
    tlb_index_of_rax(t);
    tlb_compare(t, size, write);
    if (slow) {
        slow->miss = x86_jcc_fwd(e, CC_NE);
        slow->hit = e->p;
        x86_load64_idx(e, RDX, RBP, RCX, tlb_disp(write, offsetof(struct tlb_entry, addend)));
    } else {
        exit_if(t, CC_NE, ip);
        tlb_add_addend(t, write);
    }
}

static struct slow_access *new_slow(struct tr *t, const struct insn *ip, unsigned size, bool sign,
                                    bool write)
{
    if (t->nslow >= sizeof(t->slow) / sizeof(t->slow[0])) {
        t->overflow = true;
        return NULL;
    }
    struct slow_access *s = &t->slow[t->nslow++];
    *s = (struct slow_access){
        .ip = ip, .b = t->b, .dirty = t->dirty, .size = (uint8_t)size, .sign = sign, .write = write};
    return s;
}

static void load(struct tr *t, const struct insn *ip, unsigned size, bool sign)
{
    struct slow_access *s = new_slow(t, ip, size, sign, false);
    tlb_fast_path(t, ip, size, false, s);
    unsigned d = dst_reg(t, ip->rd, 0); /* straight into rd's own register */
    if (s) {
        x86_load_sized_idx(&t->e, d, RAX, RDX, size, sign);
        s->join = t->e.p;
        s->dst = (uint8_t)d;
    } else { /* no slow path left: the translation is given up (t->overflow) */
        x86_load_sized(&t->e, d, RAX, size, sign);
    }
    stx(t, ip->rd, d);
}

static void store(struct tr *t, const struct insn *ip, unsigned size)
{
    struct slow_access *s = new_slow(t, ip, size, false, true);
    tlb_fast_path(t, ip, size, true, s);
    if (s) {
        x86_store_sized_idx(&t->e, RAX, RDX, src_reg(t, ip->rs2, RCX), size);
        s->join = t->e.p;
    } else {
        x86_store_sized(&t->e, RAX, src_reg(t, ip->rs2, RCX), size);
    }
}

static void reload_guest_regs(struct tr *t);
static void resume_at(struct tr *t, const struct insn *ip);

/* The slow path of a load or store, out of line (RAX holds the virtual
 * address at both miss points): the interpreter's own slow path, called; on
 * success back into the translation (for a load, with the value extended as
 * the instruction says), else the interpreter redoes the access at this
 * instruction and raises the fault or makes the MMIO exit. */
static void emit_slow_access(struct tr *t, const struct slow_access *s)
{
    struct emitter *e = &t->e;
    x86_patch(e, s->miss, e->p);
    if (s->size > 1) { /* misaligned, maybe on one page */
        tlb_last_byte(t, s->size, s->write);
        x86_patch(e, x86_jcc_fwd(e, CC_E), s->hit);
    }
    x86_alu_mem_imm(e, ALU_ADD, RBX, OFF(stats.jit_slow_calls), 1);
    ldx(t, RCX, s->ip->rs2); /* a store's value */
    flush_regs(t); /* the callee may clobber R8-R11, RSI, RDI */
    x86_mov(e, RSI, RAX);
    x86_mov_imm(e, RDX, s->size);
    x86_mov(e, RDI, RBX);
    if (!s->write) /* the value goes to jit_val */
        emit_op_mem(e, true, (const uint8_t[]){0x8d}, 1, RCX, RBX, OFF(jit_val));
    x86_mov_imm(e, RAX, s->write ? (uintptr_t)hart_store_slow : (uintptr_t)hart_load_slow);
    x86_call_reg(e, RAX);
    reload_guest_regs(t);
    x86_alu(e, ALU_OR, RAX, RAX, false);
    uint8_t *fail = x86_jcc_fwd(e, CC_NE);
    if (!s->write) { /* its low bytes, extended as the instruction says */
        emit_op_mem(e, true, (const uint8_t[]){0x8d}, 1, RAX, RBX, OFF(jit_val));
        x86_load_sized(e, s->dst, RAX, s->size, s->sign);
    }
    uint8_t *back = x86_jmp_fwd(e);
    x86_patch(e, back, s->join);
    x86_patch(e, fail, e->p);
    resume_at(t, s->ip);
}

/* rd = d (computed where dst_reg() said), sign-extended from 32 bits for
 * the W operations (!w) */
static void put_rd(struct tr *t, const struct insn *ip, unsigned d, bool w)
{
    if (!w)
        x86_movsxd(&t->e, d, d);
    stx(t, ip->rd, d);
}

static void alu_rr(struct tr *t, const struct insn *ip, enum x86alu op, bool w)
{
    bool commutes = op == ALU_ADD || op == ALU_AND || op == ALU_OR || op == ALU_XOR;
    if (commutes && ip->rd == ip->rs2 && ip->rs1 != ip->rs2 && ip->rd < 32 && t->host_of[ip->rd]) {
        /* rd = rs1 op rd: in place, rd's register the x86 destination */
        unsigned d = t->host_of[ip->rd];
        alu_guest(t, op, d, ip->rs1, w);
        put_rd(t, ip, d, w);
        return;
    }
    unsigned d = dst_reg(t, ip->rd, ip->rs2 == ip->rs1 ? 0 : ip->rs2);
    ldx(t, d, ip->rs1);
    alu_guest(t, op, d, ip->rs2, w);
    put_rd(t, ip, d, w);
}

static void alu_ri(struct tr *t, const struct insn *ip, enum x86alu op, bool w)
{
    unsigned d = dst_reg(t, ip->rd, 0);
    if (!w && op == ALU_ADD && ip->imm == 0 && ip->rs1 != 0) { /* sext.w */
        x86_movsxd(&t->e, d, src_reg(t, ip->rs1, d));
        stx(t, ip->rd, d);
        return;
    }
    ldx(t, d, ip->rs1);
    x86_alu_imm(&t->e, op, d, ip->imm, w);
    put_rd(t, ip, d, w);
}

static void set_cmp(struct tr *t, const struct insn *ip, enum x86cc cc, bool imm)
{
    unsigned a = src_reg(t, ip->rs1, RAX);
    if (imm)
        x86_alu_imm(&t->e, ALU_CMP, a, ip->imm, true);
    else
        alu_guest(t, ALU_CMP, a, ip->rs2, true);
    x86_setcc(&t->e, cc, RAX);
    stx(t, ip->rd, RAX);
}

static void shift_ri(struct tr *t, const struct insn *ip, enum x86shift op, bool w)
{
    unsigned d = dst_reg(t, ip->rd, 0);
    ldx(t, d, ip->rs1);
    x86_shift(&t->e, op, d, ip->imm, w);
    if (!w && op == SH_SHR && ip->imm != 0) /* srliw: bit 31 is 0, and the 32-bit */
        stx(t, ip->rd, d);                  /* x86 shift cleared the upper half */
    else
        put_rd(t, ip, d, w);
}

/* x86 masks the count to 63 (64-bit) or 31 (32-bit), as RISC-V does */
static void shift_rr(struct tr *t, const struct insn *ip, enum x86shift op, bool w)
{
    ldx(t, RCX, ip->rs2);
    unsigned d = dst_reg(t, ip->rd, 0);
    ldx(t, d, ip->rs1);
    x86_shift(&t->e, op, d, -1, w);
    put_rd(t, ip, d, w);
}

static void branch(struct tr *t, const struct insn *ip, enum x86cc taken)
{
    alu_guest(t, ALU_CMP, src_reg(t, ip->rs1, RAX), ip->rs2, true);
    uint8_t *j = x86_jcc_fwd(&t->e, taken);
    end_block(t, ip->pcoff + ip->len, 1);
    x86_patch(&t->e, j, t->e.p);
    end_block(t, ip->imm, 0);
}

/* Zba: rd = (rs1 [zero-extended from 32 bits] << sh) + rs2 */
static void shadd(struct tr *t, const struct insn *ip, int sh, bool uw)
{
    ldx(t, RAX, ip->rs1);
    if (uw)
        x86_mov32(&t->e, RAX, RAX);
    if (sh)
        x86_shift(&t->e, SH_SHL, RAX, sh, true);
    if (ip->rs2)
        alu_guest(t, ALU_ADD, RAX, ip->rs2, true);
    stx(t, ip->rd, RAX);
}

/* leave to the interpreter at ip, in this block */
static void resume_at(struct tr *t, const struct insn *ip)
{
    flush_regs(t);
    x86_mov_imm(&t->e, RAX, (uintptr_t)t->b);
    x86_store64(&t->e, RBX, OFF(jit_block), RAX);
    x86_store64(&t->e, RBX, OFF(jit_bpc), R12);
    x86_mov_imm(&t->e, RAX, (uintptr_t)ip);
    to_epilogue(t);
}

/* F/D need mstatus.FS on: else the interpreter raises the illegal
 * instruction exception at ip */
static void fs_check(struct tr *t, const struct insn *ip)
{
    x86_test_mem_imm(&t->e, RBX, OFF(mstatus), (int32_t)MS_FS);
    exit_if(t, CC_E, ip);
}

/* reload the guest registers held in host registers after a call (the
 * callee may write guest registers, and clobbers the caller-saved ones),
 * and the TLB table */
static void reload_guest_regs(struct tr *t)
{
    x86_load64(&t->e, RBP, RBX, OFF(tlb_r));
    for (unsigned g = 1; g < 32; g++)
        if (t->host_of[g])
            x86_load64(&t->e, t->host_of[g], RBX, X(g));
}

static void load_fp(struct tr *t, const struct insn *ip, unsigned size)
{
    fs_check(t, ip);
    tlb_fast_path(t, ip, size, false, NULL);
    x86_load_sized(&t->e, RAX, RAX, size, false);
    if (size == 4) { /* NaN-boxed */
        x86_mov_imm(&t->e, RCX, 0xffffffff00000000ULL);
        x86_alu(&t->e, ALU_OR, RAX, RCX, true);
    }
    x86_store64(&t->e, RBX, OFF(f) + 8 * ip->rd, RAX);
    x86_alu_mem_imm(&t->e, ALU_OR, RBX, OFF(mstatus), (int32_t)MS_FS);
}

static void store_fp(struct tr *t, const struct insn *ip, unsigned size)
{
    fs_check(t, ip);
    tlb_fast_path(t, ip, size, true, NULL);
    x86_load64(&t->e, RCX, RBX, OFF(f) + 8 * ip->rs2);
    x86_store_sized(&t->e, RAX, RCX, size);
}

/* every other F/D operation: the interpreter's own fpu_exec(), called from
 * the translation (MXCSR already holds the guest's rounding mode and flags) */
static void call_fpu(struct tr *t, const struct insn *ip)
{
    struct emitter *e = &t->e;
    fs_check(t, ip);
    flush_regs(t); /* fpu_exec reads and writes x[] too */
    x86_mov(e, RDI, RBX);
    x86_mov_imm(e, RSI, (uintptr_t)ip);
    x86_mov_imm(e, RAX, (uintptr_t)fpu_exec);
    x86_call_reg(e, RAX);
    reload_guest_regs(t);
    x86_alu(e, ALU_OR, RAX, RAX, false);
    exit_if(t, CC_NE, ip); /* a reserved rounding mode: illegal, as the interpreter says */
}

#define F(r) (OFF(f) + 8 * (int32_t)(r))

/* The rounding mode an F/D operation uses must be the one MXCSR holds (the
 * dynamic mode, RNE..RUP), else the interpreter does it (another static
 * mode, RMM in software, a reserved mode raising illegal-instruction).  A
 * single-precision operand must be NaN-boxed, else the interpreter reads
 * it as the canonical NaN. */
static bool fp_guard(struct tr *t, const struct insn *ip, bool rounds, int nsingle)
{
    struct emitter *e = &t->e;
    if (ip->rm > 3 && ip->rm != 7) /* RMM or reserved: nothing emitted, the caller declines */
        return false;
    fs_check(t, ip);
    if (ip->rm == 7 || rounds) {
        x86_alu_mem_imm_w(e, ALU_CMP, RBX, OFF(frm), ip->rm == 7 ? 3 : (int32_t)ip->rm, false);
        exit_if(t, ip->rm == 7 ? CC_A : CC_NE, ip);
    }
    const uint8_t regs[2] = {ip->rs1, ip->rs2};
    for (int k = 0; k < nsingle; k++) {
        x86_alu_mem_imm_w(e, ALU_CMP, RBX, F(regs[k]) + 4, -1, false);
        exit_if(t, CC_NE, ip);
    }
    return true;
}

/* FADD, FSUB, FMUL, FDIV, FSQRT (S and D) on SSE, as fpu.c arith32/64: the
 * flags accumulate in MXCSR; a NaN result becomes the canonical NaN */
static bool fp_arith(struct tr *t, const struct insn *ip, uint8_t op, bool dbl)
{
    struct emitter *e = &t->e;
    bool sqrt = op == SSE_SQRT;
    if (!fp_guard(t, ip, true, dbl ? 0 : (sqrt ? 1 : 2)))
        return false;
    uint8_t pre = dbl ? 0xf2 : 0xf3;
    if (sqrt) {
        x86_sse_mem(e, pre, SSE_SQRT, 0, RBX, F(ip->rs1));
    } else {
        x86_sse_mem(e, pre, SSE_LOAD, 0, RBX, F(ip->rs1));
        x86_sse_mem(e, pre, op, 0, RBX, F(ip->rs2));
    }
    x86_ucomi(e, dbl, 0, 0);
    emit_byte(e, 0x7b); /* jnp: not a NaN */
    uint8_t *ok = e->p;
    emit_byte(e, 0);
    x86_mov_imm(e, RAX, dbl ? 0x7ff8000000000000ULL : 0x7fc00000u);
    x86_movq_to_xmm(e, 0, RAX);
    if (!e->full) /* (in a dry run, e->p is NULL and full is set) */
        *ok = (uint8_t)(e->p - (ok + 1));
    x86_sse_mem(e, pre, SSE_STORE, 0, RBX, F(ip->rd));
    if (!dbl)
        x86_store32_imm(e, RBX, F(ip->rd) + 4, -1); /* NaN-boxed */
    x86_alu_mem_imm(e, ALU_OR, RBX, OFF(mstatus), (int32_t)MS_FS);
    return true;
}

/* FEQ.D (quiet: UCOMISD), FLT.D, FLE.D (signalling on any NaN: COMISD),
 * as fpu.c cmp64; an unordered result is false */
static bool fp_compare(struct tr *t, const struct insn *ip)
{
    struct emitter *e = &t->e;
    fs_check(t, ip);
    if (ip->op == OP_FEQ_D) {
        x86_sse_mem(e, 0xf2, SSE_LOAD, 0, RBX, F(ip->rs1));
        x86_sse_mem(e, 0x66, SSE_UCOMI, 0, RBX, F(ip->rs2));
        x86_setcc(e, CC_E, RAX);
        emit_byte(e, 0x0f); /* setnp cl */
        emit_byte(e, 0x9b);
        emit_modrm_reg(e, 0, RCX);
        x86_alu(e, ALU_AND, RAX, RCX, false);
    } else { /* a < b as b > a, a <= b as b >= a: both false when unordered */
        x86_sse_mem(e, 0xf2, SSE_LOAD, 0, RBX, F(ip->rs2));
        x86_sse_mem(e, 0x66, SSE_COMI, 0, RBX, F(ip->rs1));
        x86_setcc(e, ip->op == OP_FLT_D ? CC_A : CC_AE, RAX);
    }
    x86_alu_mem_imm(e, ALU_OR, RBX, OFF(mstatus), (int32_t)MS_FS);
    stx(t, ip->rd, RAX);
    return true;
}

/* FCVT.D.W, FCVT.D.WU (exact), FCVT.D.L (rounded as MXCSR says) */
static bool fp_from_int(struct tr *t, const struct insn *ip)
{
    struct emitter *e = &t->e;
    if (!fp_guard(t, ip, ip->op == OP_FCVT_D_L, 0))
        return false;
    ldx(t, RAX, ip->rs1);
    if (ip->op == OP_FCVT_D_W)
        x86_movsxd(e, RAX, RAX);
    else if (ip->op == OP_FCVT_D_WU)
        x86_mov32(e, RAX, RAX);
    x86_sse2(e, SSE_PXOR, 0, 0);
    x86_cvtsi2sd(e, 0, RAX);
    x86_sse_mem(e, 0xf2, SSE_STORE, 0, RBX, F(ip->rd));
    x86_alu_mem_imm(e, ALU_OR, RBX, OFF(mstatus), (int32_t)MS_FS);
    return true;
}

/* FSGNJ.D, FSGNJN.D, FSGNJX.D (FMV.D, FNEG.D, FABS.D): bits only */
static void fp_sign(struct tr *t, const struct insn *ip)
{
    struct emitter *e = &t->e;
    fs_check(t, ip);
    x86_load64(e, RAX, RBX, F(ip->rs1));
    x86_load64(e, RCX, RBX, F(ip->rs2));
    x86_mov_imm(e, RDX, 1ULL << 63);
    if (ip->op == OP_FSGNJN_D)
        x86_grp3(e, G3_NOT, RCX, true);
    x86_alu(e, ALU_AND, RCX, RDX, true);
    if (ip->op == OP_FSGNJX_D) {
        x86_alu(e, ALU_XOR, RAX, RCX, true);
    } else {
        x86_grp3(e, G3_NOT, RDX, true);
        x86_alu(e, ALU_AND, RAX, RDX, true);
        x86_alu(e, ALU_OR, RAX, RCX, true);
    }
    x86_store64(e, RBX, F(ip->rd), RAX);
    x86_alu_mem_imm(e, ALU_OR, RBX, OFF(mstatus), (int32_t)MS_FS);
}

/* RAX = the host address of an atomic access at x[rs1] (aligned, in RAM,
 * in the TLB for `write`), else an exit: the interpreter raises the
 * misaligned or access fault, fills the TLB, or handles a code page.  The
 * TLB test of tlb_fast_path fails a misaligned address too: no test of
 * its own. */
static void atomic_address(struct tr *t, const struct insn *ip, unsigned size, bool write)
{
    ldx(t, RAX, ip->rs1);
    tlb_index_of_rax(t);
    tlb_compare(t, size, write);
    exit_if(t, CC_NE, ip);
    tlb_add_addend(t, write);
}

/* AMOs as x86 locked instructions, as interp.c amo32/amo64: XCHG, LOCK
 * XADD, or a LOCK CMPXCHG loop (which needs RSI, saved around it) */
static void amo(struct tr *t, const struct insn *ip, bool dbl)
{
    struct emitter *e = &t->e;
    unsigned op = ip->op - (dbl ? OP_AMOSWAP_D : OP_AMOSWAP_W);
    atomic_address(t, ip, dbl ? 8 : 4, true);
    x86_mov(e, RDX, RAX);
    ldx(t, RCX, ip->rs2);
    if (op == 0) { /* swap */
        emit_op_mem(e, dbl, (const uint8_t[]){0x87}, 1, RCX, RDX, 0);
        x86_mov(e, RAX, RCX);
    } else if (op == 1) { /* add */
        emit_byte(e, 0xf0);
        emit_op_mem(e, dbl, (const uint8_t[]){0x0f, 0xc1}, 2, RCX, RDX, 0);
        x86_mov(e, RAX, RCX);
    } else {
        x86_push(e, RSI);
        emit_op_mem(e, dbl, (const uint8_t[]){0x8b}, 1, RAX, RDX, 0); /* old */
        uint8_t *again = e->p;
        x86_mov(e, RSI, RAX);
        switch (op) {
        case 2: x86_alu(e, ALU_XOR, RSI, RCX, dbl); break;
        case 3: x86_alu(e, ALU_AND, RSI, RCX, dbl); break;
        case 4: x86_alu(e, ALU_OR, RSI, RCX, dbl); break;
        default: {
            /* min, max, minu, maxu: take rs2 when old is greater / less */
            static const enum x86cc take[4] = {CC_G, CC_L, CC_A, CC_B};
            x86_alu(e, ALU_CMP, RSI, RCX, dbl);
            emit_op_reg(e, dbl, (const uint8_t[]){0x0f, (uint8_t)(0x40 | take[op - 5])}, 2, RSI,
                        RCX); /* cmovcc */
            break;
        }
        }
        emit_byte(e, 0xf0);
        emit_op_mem(e, dbl, (const uint8_t[]){0x0f, 0xb1}, 2, RSI, RDX, 0); /* lock cmpxchg */
        emit_byte(e, 0x75); /* jne again: RAX holds what memory held */
        emit_byte(e, e->full ? 0 : (uint8_t)(int8_t)(again - (e->p + 1)));
        x86_pop(e, RSI);
    }
    if (!dbl)
        x86_movsxd(e, RAX, RAX);
    stx(t, ip->rd, RAX);
}

/* LR: the load, and the reservation (the physical address and the value
 * seen); SC: a compare-and-swap against that value, as interp.c does */
static void lr_sc(struct tr *t, const struct insn *ip, bool dbl, bool sc)
{
    struct emitter *e = &t->e;
    int64_t to_pa = (int64_t)t->h->mem->ram_base - (int64_t)(uintptr_t)t->h->mem->host;
    atomic_address(t, ip, dbl ? 8 : 4, sc);
    x86_mov(e, RDX, RAX);
    x86_mov_imm(e, RCX, (uint64_t)to_pa);
    x86_alu(e, ALU_ADD, RCX, RDX, true); /* the physical address */
    if (!sc) {
        emit_op_mem(e, dbl, (const uint8_t[]){0x8b}, 1, RAX, RDX, 0);
        x86_store64(e, RBX, OFF(resv_val), RAX);
        x86_store64(e, RBX, OFF(resv_addr), RCX);
        emit_op_mem(e, false, (const uint8_t[]){0xc6}, 1, 0, RBX, OFF(resv_valid)); /* mov byte, 1 */
        emit_byte(e, 1);
        if (!dbl)
            x86_movsxd(e, RAX, RAX);
        stx(t, ip->rd, RAX);
        return;
    }
    /* fails (rd = 1) without a valid reservation for this address */
    emit_op_mem(e, false, (const uint8_t[]){0x80}, 1, 7, RBX, OFF(resv_valid)); /* cmp byte, 0 */
    emit_byte(e, 0);
    uint8_t *no = x86_jcc_fwd(e, CC_E);
    x86_alu_mem(e, ALU_CMP, RCX, RBX, OFF(resv_addr), true);
    uint8_t *other = x86_jcc_fwd(e, CC_NE);
    x86_load64(e, RAX, RBX, OFF(resv_val));
    ldx(t, RCX, ip->rs2);
    emit_byte(e, 0xf0);
    emit_op_mem(e, dbl, (const uint8_t[]){0x0f, 0xb1}, 2, RCX, RDX, 0); /* lock cmpxchg */
    x86_setcc(e, CC_NE, RAX); /* 0: stored */
    uint8_t *done = x86_jmp_fwd(e);
    x86_patch(e, no, e->p);
    x86_patch(e, other, e->p);
    x86_mov_imm(e, RAX, 1);
    x86_patch(e, done, e->p);
    emit_op_mem(e, false, (const uint8_t[]){0xc6}, 1, 0, RBX, OFF(resv_valid)); /* mov byte, 0 */
    emit_byte(e, 0);
    stx(t, ip->rd, RAX);
}

/* MULH, MULHU, MULHSU: the high half of the 128-bit product (RDX after a
 * one-operand MUL/IMUL); MULHSU corrects MULHU by rs2 when rs1 < 0 */
static void mulh(struct tr *t, const struct insn *ip)
{
    struct emitter *e = &t->e;
    ldx(t, RAX, ip->rs1);
    ldx(t, RCX, ip->rs2);
    x86_grp3(e, ip->op == OP_MULH ? G3_IMUL : G3_MUL, RCX, true);
    if (ip->op == OP_MULHSU) { /* rs1 again: rd is not written yet */
        ldx(t, RAX, ip->rs1);
        x86_shift(e, SH_SAR, RAX, 63, true);
        x86_alu(e, ALU_AND, RAX, RCX, true);
        x86_alu(e, ALU_SUB, RDX, RAX, true);
    }
    stx(t, ip->rd, RDX);
}

/* DIV[U][W], REM[U][W] with RISC-V's results for a zero divisor (all ones,
 * or the dividend) and for the one signed overflow (divisor -1: the quotient
 * is the negated dividend, wrapping; the remainder 0), where x86 traps. */
static void divrem(struct tr *t, const struct insn *ip)
{
    struct emitter *e = &t->e;
    enum rv_op op = (enum rv_op)ip->op;
    bool w = !(op == OP_DIVW || op == OP_DIVUW || op == OP_REMW || op == OP_REMUW);
    bool sign = op == OP_DIV || op == OP_REM || op == OP_DIVW || op == OP_REMW;
    bool rem = op == OP_REM || op == OP_REMU || op == OP_REMW || op == OP_REMUW;
    ldx(t, RAX, ip->rs1);
    ldx(t, RCX, ip->rs2);
    x86_alu(e, ALU_OR, RCX, RCX, w); /* sets ZF from the divisor's width */
    uint8_t *zero = x86_jcc_fwd(e, CC_E);
    uint8_t *minus1 = NULL;
    if (sign) {
        x86_alu_imm(e, ALU_CMP, RCX, -1, w);
        minus1 = x86_jcc_fwd(e, CC_E);
        x86_cqo(e, w);
        x86_grp3(e, G3_IDIV, RCX, w);
    } else {
        x86_alu(e, ALU_XOR, RDX, RDX, false);
        x86_grp3(e, G3_DIV, RCX, w);
    }
    if (rem)
        x86_mov(e, RAX, RDX);
    uint8_t *done1 = x86_jmp_fwd(e), *done2 = NULL;
    if (sign) {
        x86_patch(e, minus1, e->p);
        if (rem)
            x86_alu(e, ALU_XOR, RAX, RAX, false);
        else
            x86_grp3(e, G3_NEG, RAX, w);
        done2 = x86_jmp_fwd(e);
    }
    x86_patch(e, zero, e->p);
    if (!rem)
        x86_mov_imm(e, RAX, ~0ULL); /* rem: the dividend, already in RAX */
    x86_patch(e, done1, e->p);
    x86_patch(e, done2, e->p);
    if (!w) /* 32-bit results are sign-extended */
        x86_movsxd(e, RAX, RAX);
    stx(t, ip->rd, RAX);
}

/* CLZ, CTZ (and W): BSR/BSF with the zero case (64 or 32) */
static void count_zeros(struct tr *t, const struct insn *ip, bool trailing, bool w)
{
    struct emitter *e = &t->e;
    ldx(t, RCX, ip->rs1);
    x86_mov_imm(e, RAX, w ? 64 : 32);
    x86_alu(e, ALU_OR, RCX, RCX, w);
    uint8_t *zero = x86_jcc_fwd(e, CC_E);
    if (trailing) {
        x86_bsf(e, RAX, RCX, w);
    } else {
        x86_bsr(e, RAX, RCX, w);
        x86_alu_imm(e, ALU_XOR, RAX, w ? 63 : 31, false); /* 63 - index */
    }
    x86_patch(e, zero, e->p);
    stx(t, ip->rd, RAX);
}

/* MIN, MAX, MINU, MAXU: rd = rs1 unless rs2 is the one wanted (CMOV) */
static void minmax(struct tr *t, const struct insn *ip, enum x86cc take_rs2)
{
    ldx(t, RAX, ip->rs1);
    ldx(t, RCX, ip->rs2);
    x86_alu(&t->e, ALU_CMP, RAX, RCX, true);
    x86_cmov(&t->e, take_rs2, RAX, RCX);
    stx(t, ip->rd, RAX);
}

/* ANDN, ORN, XNOR */
static void logic_not(struct tr *t, const struct insn *ip, enum x86alu op)
{
    ldx(t, RCX, ip->rs2);
    ldx(t, RAX, ip->rs1);
    if (op == ALU_XOR) {
        x86_alu(&t->e, ALU_XOR, RAX, RCX, true);
        x86_grp3(&t->e, G3_NOT, RAX, true);
    } else {
        x86_grp3(&t->e, G3_NOT, RCX, true);
        x86_alu(&t->e, op, RAX, RCX, true);
    }
    stx(t, ip->rd, RAX);
}

/* One instruction; false if the translator does not handle it, *ends if it
 * ends the block. */
static bool insn(struct tr *t, const struct insn *ip, bool *ends)
{
    struct emitter *e = &t->e;
    *ends = false;
    switch ((enum rv_op)ip->op) {
    case OP_LUI:
    case OP_LI: {
        unsigned d = dst_reg(t, ip->rd, 0);
        x86_mov_imm(e, d, (uint64_t)(int64_t)ip->imm);
        stx(t, ip->rd, d);
        return true;
    }
    case OP_AUIPC:
        pc_rel(t, RAX, ip->imm);
        stx(t, ip->rd, RAX);
        return true;
    case OP_MV:
        ldx(t, RAX, ip->rs1);
        stx(t, ip->rd, RAX);
        return true;
    case OP_ADDI: alu_ri(t, ip, ALU_ADD, true); return true;
    case OP_XORI: alu_ri(t, ip, ALU_XOR, true); return true;
    case OP_ORI: alu_ri(t, ip, ALU_OR, true); return true;
    case OP_ANDI: alu_ri(t, ip, ALU_AND, true); return true;
    case OP_ADDIW: alu_ri(t, ip, ALU_ADD, false); return true;
    case OP_SLTI: set_cmp(t, ip, CC_L, true); return true;
    case OP_SLTIU: set_cmp(t, ip, CC_B, true); return true;
    case OP_SLT: set_cmp(t, ip, CC_L, false); return true;
    case OP_SLTU: set_cmp(t, ip, CC_B, false); return true;
    case OP_SLLI: shift_ri(t, ip, SH_SHL, true); return true;
    case OP_SRLI: shift_ri(t, ip, SH_SHR, true); return true;
    case OP_SRAI: shift_ri(t, ip, SH_SAR, true); return true;
    case OP_SLLIW: shift_ri(t, ip, SH_SHL, false); return true;
    case OP_SRLIW: shift_ri(t, ip, SH_SHR, false); return true;
    case OP_SRAIW: shift_ri(t, ip, SH_SAR, false); return true;
    case OP_RORI: shift_ri(t, ip, SH_ROR, true); return true;
    case OP_RORIW: shift_ri(t, ip, SH_ROR, false); return true;
    case OP_ADD: alu_rr(t, ip, ALU_ADD, true); return true;
    case OP_SUB: alu_rr(t, ip, ALU_SUB, true); return true;
    case OP_XOR: alu_rr(t, ip, ALU_XOR, true); return true;
    case OP_OR: alu_rr(t, ip, ALU_OR, true); return true;
    case OP_AND: alu_rr(t, ip, ALU_AND, true); return true;
    case OP_ADDW: alu_rr(t, ip, ALU_ADD, false); return true;
    case OP_SUBW: alu_rr(t, ip, ALU_SUB, false); return true;
    case OP_SLL: shift_rr(t, ip, SH_SHL, true); return true;
    case OP_SRL: shift_rr(t, ip, SH_SHR, true); return true;
    case OP_SRA: shift_rr(t, ip, SH_SAR, true); return true;
    case OP_SLLW: shift_rr(t, ip, SH_SHL, false); return true;
    case OP_SRLW: shift_rr(t, ip, SH_SHR, false); return true;
    case OP_SRAW: shift_rr(t, ip, SH_SAR, false); return true;
    case OP_ROL: shift_rr(t, ip, SH_ROL, true); return true;
    case OP_ROR: shift_rr(t, ip, SH_ROR, true); return true;
    case OP_ROLW: shift_rr(t, ip, SH_ROL, false); return true;
    case OP_RORW: shift_rr(t, ip, SH_ROR, false); return true;
    case OP_MUL:
    case OP_MULW:
        ldx(t, RAX, ip->rs1);
        ldx(t, RCX, ip->rs2);
        x86_imul(e, RAX, RCX, ip->op == OP_MUL);
        if (ip->op == OP_MULW)
            x86_movsxd(e, RAX, RAX);
        stx(t, ip->rd, RAX);
        return true;
    case OP_MULH:
    case OP_MULHU:
    case OP_MULHSU: mulh(t, ip); return true;
    case OP_DIV: case OP_DIVU: case OP_REM: case OP_REMU:
    case OP_DIVW: case OP_DIVUW: case OP_REMW: case OP_REMUW: divrem(t, ip); return true;
    case OP_CLZ: count_zeros(t, ip, false, true); return true;
    case OP_CLZW: count_zeros(t, ip, false, false); return true;
    case OP_CTZ: count_zeros(t, ip, true, true); return true;
    case OP_CTZW: count_zeros(t, ip, true, false); return true;
    case OP_MIN: minmax(t, ip, CC_G); return true;   /* rs1 > rs2: take rs2 */
    case OP_MAX: minmax(t, ip, CC_L); return true;
    case OP_MINU: minmax(t, ip, CC_A); return true;
    case OP_MAXU: minmax(t, ip, CC_B); return true;
    case OP_ANDN: logic_not(t, ip, ALU_AND); return true;
    case OP_ORN: logic_not(t, ip, ALU_OR); return true;
    case OP_XNOR: logic_not(t, ip, ALU_XOR); return true;
    case OP_SEXT_B:
    case OP_SEXT_H:
    case OP_ZEXT_H:
    case OP_REV8:
        ldx(t, RCX, ip->rs1);
        if (ip->op == OP_SEXT_B)
            x86_movsx8(e, RAX, RCX);
        else if (ip->op == OP_SEXT_H)
            x86_movsx16(e, RAX, RCX);
        else if (ip->op == OP_ZEXT_H)
            x86_movzx16(e, RAX, RCX);
        else {
            x86_mov(e, RAX, RCX);
            x86_bswap(e, RAX);
        }
        stx(t, ip->rd, RAX);
        return true;
    case OP_ORC_B:
        /* bytes that are zero -> 0x00, others -> 0xff: NOT of PCMPEQB with 0 */
        ldx(t, RAX, ip->rs1);
        x86_movq_to_xmm(e, 0, RAX);
        x86_sse2(e, SSE_PXOR, 1, 1);
        x86_sse2(e, SSE_PCMPEQB, 0, 1);
        x86_movq_from_xmm(e, RAX, 0);
        x86_grp3(e, G3_NOT, RAX, true);
        stx(t, ip->rd, RAX);
        return true;
    case OP_FLW: load_fp(t, ip, 4); return true;
    case OP_FLD: load_fp(t, ip, 8); return true;
    case OP_FSW: store_fp(t, ip, 4); return true;
    case OP_FSD: store_fp(t, ip, 8); return true;
    case OP_FMV_X_D:
    case OP_FMV_X_W:
        fs_check(t, ip);
        x86_load64(e, RAX, RBX, OFF(f) + 8 * ip->rs1);
        if (ip->op == OP_FMV_X_W)
            x86_movsxd(e, RAX, RAX);
        stx(t, ip->rd, RAX);
        return true;
    case OP_FMV_D_X:
    case OP_FMV_W_X:
        fs_check(t, ip);
        ldx(t, RAX, ip->rs1);
        if (ip->op == OP_FMV_W_X) {
            x86_mov32(e, RAX, RAX);
            x86_mov_imm(e, RCX, 0xffffffff00000000ULL);
            x86_alu(e, ALU_OR, RAX, RCX, true);
        }
        x86_store64(e, RBX, OFF(f) + 8 * ip->rd, RAX);
        x86_alu_mem_imm(e, ALU_OR, RBX, OFF(mstatus), (int32_t)MS_FS);
        return true;
    case OP_CBO_ZERO: {
        /* allowed as cbo_allowed() in interp.c says, else the interpreter
         * raises the illegal-instruction exception; a TLB miss also goes
         * to the interpreter */
        x86_alu_mem_imm_w(e, ALU_CMP, RBX, OFF(priv), PRIV_M, false); /* unsigned priv */
        uint8_t *ok_m = x86_jcc_fwd(e, CC_E);
        x86_test_mem_imm(e, RBX, OFF(menvcfg), (int32_t)ENVCFG_CBZE);
        exit_if(t, CC_E, ip);
        x86_alu_mem_imm_w(e, ALU_CMP, RBX, OFF(priv), PRIV_S, false);
        uint8_t *ok_s = x86_jcc_fwd(e, CC_E);
        x86_test_mem_imm(e, RBX, OFF(senvcfg), (int32_t)ENVCFG_CBZE);
        exit_if(t, CC_E, ip);
        x86_patch(e, ok_m, e->p);
        x86_patch(e, ok_s, e->p);
        tlb_fast_path(t, ip, 64, true, NULL);
        x86_sse2(e, SSE_PXOR, 0, 0);
        for (int32_t off = 0; off < 64; off += 16)
            x86_movdqu_store(e, RAX, off, 0);
        return true;
    }
    case OP_AMOSWAP_W: case OP_AMOADD_W: case OP_AMOXOR_W: case OP_AMOAND_W: case OP_AMOOR_W:
    case OP_AMOMIN_W: case OP_AMOMAX_W: case OP_AMOMINU_W: case OP_AMOMAXU_W:
        amo(t, ip, false);
        return true;
    case OP_AMOSWAP_D: case OP_AMOADD_D: case OP_AMOXOR_D: case OP_AMOAND_D: case OP_AMOOR_D:
    case OP_AMOMIN_D: case OP_AMOMAX_D: case OP_AMOMINU_D: case OP_AMOMAXU_D:
        amo(t, ip, true);
        return true;
    case OP_LR_W: lr_sc(t, ip, false, false); return true;
    case OP_LR_D: lr_sc(t, ip, true, false); return true;
    case OP_SC_W: lr_sc(t, ip, false, true); return true;
    case OP_SC_D: lr_sc(t, ip, true, true); return true;
    case OP_FENCE:
        /* as the interpreter: only a store->load ordering needs a barrier
         * on x86-64 (TSO) */
        if ((ip->aux & 0x50) && (ip->aux & 0x0a))
            x86_mfence(e);
        return true;
    case OP_ADD_UW: shadd(t, ip, 0, true); return true;
    case OP_SH1ADD: shadd(t, ip, 1, false); return true;
    case OP_SH2ADD: shadd(t, ip, 2, false); return true;
    case OP_SH3ADD: shadd(t, ip, 3, false); return true;
    case OP_SH1ADD_UW: shadd(t, ip, 1, true); return true;
    case OP_SH2ADD_UW: shadd(t, ip, 2, true); return true;
    case OP_SH3ADD_UW: shadd(t, ip, 3, true); return true;
    case OP_SLLI_UW:
        ldx(t, RAX, ip->rs1);
        x86_mov32(e, RAX, RAX);
        x86_shift(e, SH_SHL, RAX, ip->imm, true);
        stx(t, ip->rd, RAX);
        return true;

    case OP_LB: load(t, ip, 1, true); return true;
    case OP_LH: load(t, ip, 2, true); return true;
    case OP_LW: load(t, ip, 4, true); return true;
    case OP_LD: load(t, ip, 8, false); return true;
    case OP_LBU: load(t, ip, 1, false); return true;
    case OP_LHU: load(t, ip, 2, false); return true;
    case OP_LWU: load(t, ip, 4, false); return true;
    case OP_SB: store(t, ip, 1); return true;
    case OP_SH: store(t, ip, 2); return true;
    case OP_SW: store(t, ip, 4); return true;
    case OP_SD: store(t, ip, 8); return true;

    case OP_BEQ: branch(t, ip, CC_E); *ends = true; return true;
    case OP_BNE: branch(t, ip, CC_NE); *ends = true; return true;
    case OP_BLT: branch(t, ip, CC_L); *ends = true; return true;
    case OP_BGE: branch(t, ip, CC_GE); *ends = true; return true;
    case OP_BLTU: branch(t, ip, CC_B); *ends = true; return true;
    case OP_BGEU: branch(t, ip, CC_AE); *ends = true; return true;
    case OP_JAL:
        pc_rel(t, RAX, ip->pcoff + ip->len);
        stx(t, ip->rd, RAX);
        end_block(t, ip->imm, 0);
        *ends = true;
        return true;
    case OP_JALR:
        ldx(t, RAX, ip->rs1);
        if (ip->imm)
            x86_alu_imm(e, ALU_ADD, RAX, ip->imm, true);
        x86_alu_imm(e, ALU_AND, RAX, -2, true);
        pc_rel(t, RCX, ip->pcoff + ip->len);
        stx(t, ip->rd, RCX);
        flush_regs(t);
        jc_entry_of_rax(t); /* an indirect jump: the jump cache */
        chain(t, t->h->jit.chain_stub);
        *ends = true;
        return true;
    case OP_END:
        end_block(t, ip->pcoff, 0);
        *ends = true;
        return true;
    case OP_FADD_D: if (fp_arith(t, ip, SSE_ADD, true)) return true; break;
    case OP_FSUB_D: if (fp_arith(t, ip, SSE_SUB, true)) return true; break;
    case OP_FMUL_D: if (fp_arith(t, ip, SSE_MUL, true)) return true; break;
    case OP_FDIV_D: if (fp_arith(t, ip, SSE_DIV, true)) return true; break;
    case OP_FSQRT_D: if (fp_arith(t, ip, SSE_SQRT, true)) return true; break;
    case OP_FADD_S: if (fp_arith(t, ip, SSE_ADD, false)) return true; break;
    case OP_FSUB_S: if (fp_arith(t, ip, SSE_SUB, false)) return true; break;
    case OP_FMUL_S: if (fp_arith(t, ip, SSE_MUL, false)) return true; break;
    case OP_FDIV_S: if (fp_arith(t, ip, SSE_DIV, false)) return true; break;
    case OP_FSQRT_S: if (fp_arith(t, ip, SSE_SQRT, false)) return true; break;
    case OP_FEQ_D: case OP_FLT_D: case OP_FLE_D: return fp_compare(t, ip);
    case OP_FCVT_D_W: case OP_FCVT_D_WU: case OP_FCVT_D_L:
        if (fp_from_int(t, ip))
            return true;
        break;
    case OP_FSGNJ_D: case OP_FSGNJN_D: case OP_FSGNJX_D: fp_sign(t, ip); return true;
    default:
        break;
    }
    /* the other operations the interpreter sends to fpu_exec(), and those
     * above in a rounding mode they leave to it */
    if (rv_handlers[ip->op] == rv_handlers[OP_FADD_D]) {
        call_fpu(t, ip);
        return true;
    }
    return false;
}

/* How many instructions from the block's start the translator takes: a dry
 * run of insn() that emits nothing. */
static unsigned translatable_prefix(const struct tr *t, bool *whole)
{
    static _Thread_local struct tr dry;
    dry.b = t->b;
    dry.h = t->h;
    dry.nr = 0;
    memset(dry.host_of, 0, sizeof(dry.host_of));
    unsigned n = 0;
    bool ended = false;
    while (n <= t->b->n && !ended) {
        dry.e.p = dry.e.end = NULL;
        dry.nstub = dry.nepi = dry.nslow = dry.nfix = 0;
        if (!insn(&dry, &t->b->insns[n], &ended))
            break;
        n++;
    }
    *whole = ended; /* to the block's end */
    return n;
}

/* The region of block b (see REGION_BLOCKS): breadth first along the static
 * exits of blocks translated to their end, within b's page; then only the
 * blocks from which b can be reached again stay: the loops through b.
 * (Taking every block reached costs more translation than it saves: the
 * Debian boot ran 30% longer.) */
static void find_region(struct tr *t, struct block *b)
{
    unsigned total = 0;
    bool to[REGION_BLOCKS][REGION_BLOCKS] = {{false}};
    t->nr = 0;
    t->rb[t->nr++] = b;
    for (unsigned k = 0; k < t->nr; k++) {
        const struct block *x = t->rb[k];
        t->b = x;
        bool whole;
        t->rn[k] = translatable_prefix(t, &whole);
        total += t->rn[k];
        int64_t off = (int64_t)(x->pa & 0xfff);
        if (!whole || off + x->insns[x->n].pcoff > 4096)
            continue; /* stops early, or straddles pages: no jumps inside */
        int32_t disp[2];
        unsigned nd = 0;
        const struct insn *last = x->n ? &x->insns[x->n - 1] : NULL;
        if (last && last->op >= OP_BEQ && last->op <= OP_BGEU) {
            disp[nd++] = last->imm;
            disp[nd++] = last->pcoff + last->len;
        } else if (last && last->op == OP_JAL) {
            disp[nd++] = last->imm;
        } else if (!last || !rv_op_ends_block(last->op)) {
            disp[nd++] = x->insns[x->n].pcoff; /* OP_END: on to the next */
        }
        for (unsigned i = 0; i < nd; i++) {
            if (off + disp[i] < 0 || off + disp[i] >= 4096 || t->nr == REGION_BLOCKS)
                continue;
            uint64_t pa = (x->pa & ~0xfffULL) + (uint64_t)(off + disp[i]);
            int j = region_block(t, pa);
            if (j < 0) {
                struct block *y = block_find(t->h, pa);
                if (!y || total + y->n + 1u > REGION_INSNS)
                    continue;
                j = (int)t->nr;
                t->rb[t->nr++] = y;
            }
            to[k][j] = true;
        }
    }
    /* which blocks reach b */
    bool back[REGION_BLOCKS] = {true};
    for (bool more = true; more;) {
        more = false;
        for (unsigned k = 1; k < t->nr; k++)
            for (unsigned j = 0; j < t->nr && !back[k]; j++)
                if (to[k][j] && back[j])
                    back[k] = more = true;
    }
    unsigned n = 0;
    for (unsigned k = 0; k < t->nr; k++)
        if (back[k]) {
            t->rb[n] = t->rb[k];
            t->rn[n++] = t->rn[k];
        }
    t->nr = n;
    t->loops = n > 1 || to[0][0];
}

bool jit_translate(struct hart *h, struct block *b, bool *full)
{
    struct jit_cache *c = &h->jit;
    *full = false;
    if (c->used == 0) { /* a fresh cache: the shared block-end code first */
        struct emitter se = {c->rw, c->rw + c->size, false};
        c->chain_stub = 0;
        emit_chain_stub(&se, h, false);
        while ((se.p - c->rw) & 15)
            emit_byte(&se, 0xcc);
        c->link_stub = (size_t)(se.p - c->rw);
        emit_chain_stub(&se, h, true);
        if (se.full)
            return false;
        c->used = c->touched = ((size_t)(se.p - c->rw) + 15) & ~(size_t)15;
    }
    static _Thread_local struct tr tr; /* about 70 KiB: not on the stack */
    struct tr *t = &tr;
    t->h = h;
    t->nstub = t->nepi = t->nslow = t->nfix = 0;
    t->overflow = false;
    find_region(t, b);
    if (t->rn[0] == 0) {
        b->jit_declined = true;
        return false;
    }
    memset(t->rbody, 0, sizeof(t->rbody));
    t->b = b;
    t->e.p = c->rw + c->used;
    t->e.end = c->rw + c->size;
    t->e.full = false;
    uint8_t *start = t->e.p;

    /* entry from the dispatcher (which counted the instructions), then the
     * chained entry at JIT_CHAIN_ENTRY, which counts them itself */
    x86_push(&t->e, RBX);
    x86_push(&t->e, R12);
    x86_push(&t->e, RBP);
    x86_push(&t->e, R13);
    x86_push(&t->e, R14);
    x86_push(&t->e, R15);
    x86_alu_imm(&t->e, ALU_SUB, RSP, 8, true); /* calls from here see an aligned stack */
    x86_mov(&t->e, RBX, RDI);
    x86_mov(&t->e, R12, RSI);
    x86_load64(&t->e, R15, RBX, OFF(budget));
    /* the data context's read table, the same for every translation it
     * chains to: the data context changes only in C code (traps, xRET, CSR
     * writes), which translated code reaches by an exit; after a call it is
     * loaded again all the same (reload_guest_regs) */
    x86_load64(&t->e, RBP, RBX, OFF(tlb_r));
    uint8_t *skip = x86_jmp_fwd(&t->e);
    if (t->e.p - start != JIT_CHAIN_ENTRY && !t->e.full) {
        b->jit_declined = true; /* cannot happen: the encodings above have fixed sizes */
        return false;
    }
    uint8_t *budget;
    entry_checks(t, b, &budget);
    x86_patch(&t->e, skip, t->e.p);
    cache_guest_regs(t);

    /* the region's blocks, the first one first; R12 holds the virtual PC of
     * the block running */
    for (unsigned k = 0; k < t->nr; k++) {
        const struct block *x = t->b = t->rb[k];
        /* the jump that ended the last block, if it goes to this one, goes */
        if (t->nfix && t->fix[t->nfix - 1].k == k && t->fix[t->nfix - 1].at == t->e.p - 4 &&
            t->e.p[-5] == 0xe9) {
            t->e.p -= 5;
            t->nfix--;
        }
        t->rbody[k] = t->e.p;
        unsigned done = 0;
        bool ended = false;
        for (unsigned i = 0; i <= x->n && !ended; i++) {
            uint8_t *mark = t->e.p;
            unsigned nstub = t->nstub, nepi = t->nepi, nslow = t->nslow, nfix = t->nfix;
            if (!insn(t, &x->insns[i], &ended)) {
                t->e.p = mark; /* nothing of it stays */
                t->nstub = nstub;
                t->nepi = nepi;
                t->nslow = nslow;
                t->nfix = nfix;
                break;
            }
            done++;
        }
        if (!ended) /* the interpreter goes on from the first instruction not translated */
            resume_at(t, &x->insns[done]);
    }
    for (unsigned i = 0; i < t->nfix; i++)
        x86_patch(&t->e, t->fix[i].at, t->rbody[t->fix[i].k]);
    /* a chained entry whose checks failed: the dispatcher takes this block */
    t->b = b;
    x86_patch(&t->e, budget, t->e.p);
    leave_at_r12(t);
    for (unsigned i = 0; i < t->nstub; i++) {
        x86_patch(&t->e, t->stub[i].at, t->e.p);
        t->b = t->stub[i].b;
        t->dirty = t->stub[i].dirty;
        resume_at(t, t->stub[i].ip);
    }
    for (unsigned i = 0; i < t->nslow; i++) {
        t->b = t->slow[i].b;
        t->dirty = t->slow[i].dirty;
        emit_slow_access(t, &t->slow[i]);
    }
    uint8_t *epilogue = t->e.p;
    emit_epilogue(&t->e);
    if (t->e.full) {
        *full = true;
        return false;
    }
    if (t->overflow) {
        b->jit_declined = true;
        return false;
    }
    for (unsigned i = 0; i < t->nepi; i++)
        x86_patch(&t->e, t->epilogue_jumps[i], epilogue);

    size_t len = (size_t)(t->e.p - start);
    size_t off = c->used;
    c->used = (c->used + len + 15) & ~(size_t)15;
    if (c->used > c->touched)
        c->touched = c->used;
    b->jit = c->rx + off;
    h->stats.jit_blocks++;
    h->stats.jit_region_blocks += t->nr - 1;
    h->stats.jit_bytes += len;
    return true;
}

#endif
