/* A small x86-64 instruction encoder for the translator: just the forms it
 * uses (Intel SDM vol. 2, chapter 2: REX prefixes, ModRM, SIB).  Writes go
 * to a bounded buffer; running out sets `full`, and the translation is then
 * abandoned, so no check is needed after each instruction. */
#ifndef STRATO_RISCV_JIT_X86EMIT_H
#define STRATO_RISCV_JIT_X86EMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum x86reg {
    RAX = 0, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
    R8, R9, R10, R11, R12, R13, R14, R15,
};

/* condition codes (the low nibble of Jcc/SETcc) */
enum x86cc {
    CC_B = 2, CC_AE = 3, CC_E = 4, CC_NE = 5, CC_BE = 6, CC_A = 7,
    CC_L = 0xc, CC_GE = 0xd, CC_LE = 0xe, CC_G = 0xf,
};

/* ALU operations: the /digit of opcodes 0x81/0x83, and (op << 3) | 1 / | 3
 * are the register forms */
enum x86alu { ALU_ADD = 0, ALU_OR = 1, ALU_AND = 4, ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7 };
enum x86shift { SH_ROL = 0, SH_ROR = 1, SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };

struct emitter {
    uint8_t *p, *end;
    bool full;
};

static inline void emit_byte(struct emitter *e, uint8_t b)
{
    if (e->p < e->end)
        *e->p++ = b;
    else
        e->full = true;
}

static inline void emit_u32(struct emitter *e, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        emit_byte(e, (uint8_t)(v >> (8 * i)));
}

static inline void emit_u64(struct emitter *e, uint64_t v)
{
    emit_u32(e, (uint32_t)v);
    emit_u32(e, (uint32_t)(v >> 32));
}

/* REX with W for 64-bit operands; `force` for byte registers above BL */
static inline void emit_rex(struct emitter *e, bool w, unsigned reg, unsigned index, unsigned base,
                            bool force)
{
    uint8_t rex = (uint8_t)(0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0) | ((index & 8) ? 2 : 0) |
                            ((base & 8) ? 1 : 0));
    if (rex != 0x40 || force)
        emit_byte(e, rex);
}

/* ModRM (+SIB, disp) for [base + disp]; no RIP-relative, no index */
static inline void emit_modrm_mem(struct emitter *e, unsigned reg, unsigned base, int32_t disp)
{
    unsigned mod = disp == 0 && (base & 7) != RBP ? 0 : (disp >= -128 && disp <= 127 ? 1 : 2);
    emit_byte(e, (uint8_t)(mod << 6 | (reg & 7) << 3 | (base & 7)));
    if ((base & 7) == RSP)
        emit_byte(e, 0x24); /* SIB: base only */
    if (mod == 1)
        emit_byte(e, (uint8_t)(int8_t)disp);
    else if (mod == 2)
        emit_u32(e, (uint32_t)disp);
}

static inline void emit_modrm_reg(struct emitter *e, unsigned reg, unsigned rm)
{
    emit_byte(e, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7)));
}

/* op r, [base+disp] / op [base+disp], r with a one- or two-byte opcode */
static inline void emit_op_mem(struct emitter *e, bool w, const uint8_t *op, unsigned n,
                               unsigned reg, unsigned base, int32_t disp)
{
    emit_rex(e, w, reg, 0, base, false);
    for (unsigned i = 0; i < n; i++)
        emit_byte(e, op[i]);
    emit_modrm_mem(e, reg, base, disp);
}

/* ModRM, SIB, disp for [base + index + disp] (scale 1; index is never RSP) */
static inline void emit_modrm_mem_idx(struct emitter *e, unsigned reg, unsigned base,
                                      unsigned index, int32_t disp)
{
    /* base RBP or R13 with mod 0 would mean "no base" */
    unsigned mod = disp == 0 && (base & 7) != RBP ? 0 : (disp >= -128 && disp <= 127 ? 1 : 2);
    emit_byte(e, (uint8_t)(mod << 6 | (reg & 7) << 3 | 4));
    emit_byte(e, (uint8_t)((index & 7) << 3 | (base & 7)));
    if (mod == 1)
        emit_byte(e, (uint8_t)(int8_t)disp);
    else if (mod == 2)
        emit_u32(e, (uint32_t)disp);
}

/* op r, [base + index + disp] */
static inline void emit_op_mem_idx(struct emitter *e, bool w, const uint8_t *op, unsigned n,
                                   unsigned reg, unsigned base, unsigned index, int32_t disp)
{
    emit_rex(e, w, reg, index, base, false);
    for (unsigned i = 0; i < n; i++)
        emit_byte(e, op[i]);
    emit_modrm_mem_idx(e, reg, base, index, disp);
}

static inline void emit_op_reg(struct emitter *e, bool w, const uint8_t *op, unsigned n,
                               unsigned reg, unsigned rm)
{
    emit_rex(e, w, reg, 0, rm, false);
    for (unsigned i = 0; i < n; i++)
        emit_byte(e, op[i]);
    emit_modrm_reg(e, reg, rm);
}

/* mov r64, [base+disp] */
static inline void x86_load64(struct emitter *e, unsigned r, unsigned base, int32_t disp)
{
    emit_op_mem(e, true, (const uint8_t[]){0x8b}, 1, r, base, disp);
}

/* mov r64, [base+index+disp] */
static inline void x86_load64_idx(struct emitter *e, unsigned r, unsigned base, unsigned index,
                                  int32_t disp)
{
    emit_op_mem_idx(e, true, (const uint8_t[]){0x8b}, 1, r, base, index, disp);
}

/* mov [base+disp], r64 */
static inline void x86_store64(struct emitter *e, unsigned base, int32_t disp, unsigned r)
{
    emit_op_mem(e, true, (const uint8_t[]){0x89}, 1, r, base, disp);
}

/* mov dst, src (64-bit) */
static inline void x86_mov(struct emitter *e, unsigned dst, unsigned src)
{
    emit_op_reg(e, true, (const uint8_t[]){0x89}, 1, src, dst);
}

/* mov r32, r32 (zero-extends) */
static inline void x86_mov32(struct emitter *e, unsigned dst, unsigned src)
{
    emit_op_reg(e, false, (const uint8_t[]){0x89}, 1, src, dst);
}

/* mov r64, imm (the shortest form) */
static inline void x86_mov_imm(struct emitter *e, unsigned r, uint64_t imm)
{
    if (imm <= 0xffffffffULL) { /* mov r32, imm32 zero-extends */
        emit_rex(e, false, 0, 0, r, false);
        emit_byte(e, (uint8_t)(0xb8 + (r & 7)));
        emit_u32(e, (uint32_t)imm);
    } else if ((int64_t)imm >= INT32_MIN && (int64_t)imm <= INT32_MAX) {
        emit_rex(e, true, 0, 0, r, false);
        emit_byte(e, 0xc7);
        emit_modrm_reg(e, 0, r);
        emit_u32(e, (uint32_t)imm);
    } else {
        emit_rex(e, true, 0, 0, r, false);
        emit_byte(e, (uint8_t)(0xb8 + (r & 7)));
        emit_u64(e, imm);
    }
}

/* op dst, src (64-bit, or 32-bit when !w) */
static inline void x86_alu(struct emitter *e, enum x86alu op, unsigned dst, unsigned src, bool w)
{
    emit_op_reg(e, w, (const uint8_t[]){(uint8_t)(op << 3 | 1)}, 1, src, dst);
}

/* op r, [base+disp] */
static inline void x86_alu_mem(struct emitter *e, enum x86alu op, unsigned r, unsigned base,
                               int32_t disp, bool w)
{
    emit_op_mem(e, w, (const uint8_t[]){(uint8_t)(op << 3 | 3)}, 1, r, base, disp);
}

/* op r, [base+index+disp] */
static inline void x86_alu_mem_idx(struct emitter *e, enum x86alu op, unsigned r, unsigned base,
                                   unsigned index, int32_t disp, bool w)
{
    emit_op_mem_idx(e, w, (const uint8_t[]){(uint8_t)(op << 3 | 3)}, 1, r, base, index, disp);
}

/* op [base+disp], imm32 (sign-extended; a qword when w, else a dword) */
static inline void x86_alu_mem_imm_w(struct emitter *e, enum x86alu op, unsigned base, int32_t disp,
                                     int32_t imm, bool w)
{
    emit_rex(e, w, 0, 0, base, false);
    bool small = imm >= -128 && imm <= 127;
    emit_byte(e, small ? 0x83 : 0x81);
    emit_modrm_mem(e, op, base, disp);
    if (small)
        emit_byte(e, (uint8_t)(int8_t)imm);
    else
        emit_u32(e, (uint32_t)imm);
}

/* op qword [base+disp], imm32 */
static inline void x86_alu_mem_imm(struct emitter *e, enum x86alu op, unsigned base, int32_t disp,
                                   int32_t imm)
{
    x86_alu_mem_imm_w(e, op, base, disp, imm, true);
}

/* test a, b (64-bit) */
static inline void x86_test(struct emitter *e, unsigned a, unsigned b)
{
    emit_op_reg(e, true, (const uint8_t[]){0x85}, 1, b, a);
}

/* call r64 */
static inline void x86_call_reg(struct emitter *e, unsigned r)
{
    emit_rex(e, false, 0, 0, r, false);
    emit_byte(e, 0xff);
    emit_modrm_reg(e, 2, r);
}

/* test qword [base+disp], imm32 */
static inline void x86_test_mem_imm(struct emitter *e, unsigned base, int32_t disp, int32_t imm)
{
    emit_rex(e, true, 0, 0, base, false);
    emit_byte(e, 0xf7);
    emit_modrm_mem(e, 0, base, disp);
    emit_u32(e, (uint32_t)imm);
}

/* jmp r64 */
static inline void x86_jmp_reg(struct emitter *e, unsigned r)
{
    emit_rex(e, false, 0, 0, r, false);
    emit_byte(e, 0xff);
    emit_modrm_reg(e, 4, r);
}

/* op r, imm32 (sign-extended) */
static inline void x86_alu_imm(struct emitter *e, enum x86alu op, unsigned r, int32_t imm, bool w)
{
    emit_rex(e, w, 0, 0, r, false);
    if (imm >= -128 && imm <= 127) {
        emit_byte(e, 0x83);
        emit_modrm_reg(e, op, r);
        emit_byte(e, (uint8_t)(int8_t)imm);
    } else {
        emit_byte(e, 0x81);
        emit_modrm_reg(e, op, r);
        emit_u32(e, (uint32_t)imm);
    }
}

/* shift r by an immediate, or by CL (count < 0) */
static inline void x86_shift(struct emitter *e, enum x86shift op, unsigned r, int count, bool w)
{
    emit_rex(e, w, 0, 0, r, false);
    if (count < 0) {
        emit_byte(e, 0xd3);
        emit_modrm_reg(e, op, r);
    } else {
        emit_byte(e, 0xc1);
        emit_modrm_reg(e, op, r);
        emit_byte(e, (uint8_t)count);
    }
}

/* imul dst, src (64-bit, or 32-bit) */
static inline void x86_imul(struct emitter *e, unsigned dst, unsigned src, bool w)
{
    emit_op_reg(e, w, (const uint8_t[]){0x0f, 0xaf}, 2, dst, src);
}

/* movsxd dst, src32 */
static inline void x86_movsxd(struct emitter *e, unsigned dst, unsigned src)
{
    emit_op_reg(e, true, (const uint8_t[]){0x63}, 1, dst, src);
}

/* setcc r8 (rax..rbx only) + movzx r32, r8 */
static inline void x86_setcc(struct emitter *e, enum x86cc cc, unsigned r)
{
    emit_rex(e, false, 0, 0, r, r >= RSP);
    emit_byte(e, 0x0f);
    emit_byte(e, (uint8_t)(0x90 | cc));
    emit_modrm_reg(e, 0, r);
    emit_rex(e, false, r, 0, r, r >= RSP);
    emit_byte(e, 0x0f);
    emit_byte(e, 0xb6);
    emit_modrm_reg(e, r, r);
}

/* loads of 1, 2, 4, 8 bytes from [base], sign- or zero-extended to 64 bits */
static inline void x86_load_sized(struct emitter *e, unsigned r, unsigned base, unsigned size,
                                  bool sign)
{
    switch (size) {
    case 1: emit_op_mem(e, sign, (const uint8_t[]){0x0f, sign ? 0xbe : 0xb6}, 2, r, base, 0); break;
    case 2: emit_op_mem(e, sign, (const uint8_t[]){0x0f, sign ? 0xbf : 0xb7}, 2, r, base, 0); break;
    case 4:
        if (sign)
            emit_op_mem(e, true, (const uint8_t[]){0x63}, 1, r, base, 0);
        else
            emit_op_mem(e, false, (const uint8_t[]){0x8b}, 1, r, base, 0);
        break;
    default: emit_op_mem(e, true, (const uint8_t[]){0x8b}, 1, r, base, 0); break;
    }
}

/* stores of 1, 2, 4, 8 bytes of r to [base] */
static inline void x86_store_sized(struct emitter *e, unsigned base, unsigned r, unsigned size)
{
    switch (size) {
    case 1:
        emit_rex(e, false, r, 0, base, r >= RSP);
        emit_byte(e, 0x88);
        emit_modrm_mem(e, r, base, 0);
        break;
    case 2:
        emit_byte(e, 0x66);
        emit_op_mem(e, false, (const uint8_t[]){0x89}, 1, r, base, 0);
        break;
    case 4: emit_op_mem(e, false, (const uint8_t[]){0x89}, 1, r, base, 0); break;
    default: emit_op_mem(e, true, (const uint8_t[]){0x89}, 1, r, base, 0); break;
    }
}

/* loads of 1, 2, 4, 8 bytes from [base + index], zero- or sign-extended to
 * 64 bits (the guest access's host address as a sum: the add is in the
 * address generation, off the critical path) */
static inline void x86_load_sized_idx(struct emitter *e, unsigned r, unsigned base, unsigned index,
                                      unsigned size, bool sign)
{
    switch (size) {
    case 1: emit_op_mem_idx(e, sign, (const uint8_t[]){0x0f, sign ? 0xbe : 0xb6}, 2, r, base, index, 0); break;
    case 2: emit_op_mem_idx(e, sign, (const uint8_t[]){0x0f, sign ? 0xbf : 0xb7}, 2, r, base, index, 0); break;
    case 4:
        if (sign)
            emit_op_mem_idx(e, true, (const uint8_t[]){0x63}, 1, r, base, index, 0);
        else
            emit_op_mem_idx(e, false, (const uint8_t[]){0x8b}, 1, r, base, index, 0);
        break;
    default: emit_op_mem_idx(e, true, (const uint8_t[]){0x8b}, 1, r, base, index, 0); break;
    }
}

/* stores of 1, 2, 4, 8 bytes of r to [base + index] */
static inline void x86_store_sized_idx(struct emitter *e, unsigned base, unsigned index, unsigned r,
                                       unsigned size)
{
    switch (size) {
    case 1:
        emit_rex(e, false, r, index, base, r >= RSP);
        emit_byte(e, 0x88);
        emit_modrm_mem_idx(e, r, base, index, 0);
        break;
    case 2:
        emit_byte(e, 0x66);
        emit_op_mem_idx(e, false, (const uint8_t[]){0x89}, 1, r, base, index, 0);
        break;
    case 4: emit_op_mem_idx(e, false, (const uint8_t[]){0x89}, 1, r, base, index, 0); break;
    default: emit_op_mem_idx(e, true, (const uint8_t[]){0x89}, 1, r, base, index, 0); break;
    }
}

/* jcc rel32 / jmp rel32 with the displacement left to patch; returns where
 * the displacement is */
static inline uint8_t *x86_jcc_fwd(struct emitter *e, enum x86cc cc)
{
    emit_byte(e, 0x0f);
    emit_byte(e, (uint8_t)(0x80 | cc));
    uint8_t *at = e->p;
    emit_u32(e, 0);
    return at;
}

static inline uint8_t *x86_jmp_fwd(struct emitter *e)
{
    emit_byte(e, 0xe9);
    uint8_t *at = e->p;
    emit_u32(e, 0);
    return at;
}

/* point a rel32 at `target` (both in the same buffer); nothing once the
 * buffer overflowed (the translation is abandoned) */
static inline void x86_patch(const struct emitter *e, uint8_t *at, const uint8_t *target)
{
    if (e->full || !at)
        return;
    int32_t rel = (int32_t)(target - (at + 4));
    memcpy(at, &rel, 4);
}

/* one-operand group-3 ops on r (F7 /digit): 2 not, 3 neg, 4 mul, 5 imul,
 * 6 div, 7 idiv */
enum x86grp3 { G3_NOT = 2, G3_NEG = 3, G3_MUL = 4, G3_IMUL = 5, G3_DIV = 6, G3_IDIV = 7 };
static inline void x86_grp3(struct emitter *e, enum x86grp3 op, unsigned r, bool w)
{
    emit_op_reg(e, w, (const uint8_t[]){0xf7}, 1, op, r);
}

/* cqo (w) / cdq: sign-extend RAX into RDX */
static inline void x86_cqo(struct emitter *e, bool w)
{
    if (w)
        emit_byte(e, 0x48);
    emit_byte(e, 0x99);
}

/* cmovcc dst, src (64-bit) */
static inline void x86_cmov(struct emitter *e, enum x86cc cc, unsigned dst, unsigned src)
{
    emit_op_reg(e, true, (const uint8_t[]){0x0f, (uint8_t)(0x40 | cc)}, 2, dst, src);
}

/* bsf / bsr dst, src (64-bit or 32-bit); dst is unchanged when src is 0 on
 * every x86-64 implementation, but callers test for 0 first anyway */
static inline void x86_bsf(struct emitter *e, unsigned dst, unsigned src, bool w)
{
    emit_op_reg(e, w, (const uint8_t[]){0x0f, 0xbc}, 2, dst, src);
}

static inline void x86_bsr(struct emitter *e, unsigned dst, unsigned src, bool w)
{
    emit_op_reg(e, w, (const uint8_t[]){0x0f, 0xbd}, 2, dst, src);
}

/* movsx r64, r8 / r16 and movzx r32, r16 */
static inline void x86_movsx8(struct emitter *e, unsigned dst, unsigned src)
{
    emit_rex(e, true, dst, 0, src, true);
    emit_byte(e, 0x0f);
    emit_byte(e, 0xbe);
    emit_modrm_reg(e, dst, src);
}

static inline void x86_movsx16(struct emitter *e, unsigned dst, unsigned src)
{
    emit_op_reg(e, true, (const uint8_t[]){0x0f, 0xbf}, 2, dst, src);
}

static inline void x86_movzx16(struct emitter *e, unsigned dst, unsigned src)
{
    emit_op_reg(e, false, (const uint8_t[]){0x0f, 0xb7}, 2, dst, src);
}

/* bswap r64 */
static inline void x86_bswap(struct emitter *e, unsigned r)
{
    emit_rex(e, true, 0, 0, r, false);
    emit_byte(e, 0x0f);
    emit_byte(e, (uint8_t)(0xc8 + (r & 7)));
}

/* SSE2 (baseline x86-64): movq xmm, r64 / movq r64, xmm; pxor, pcmpeqb */
static inline void x86_movq_to_xmm(struct emitter *e, unsigned xmm, unsigned r)
{
    emit_byte(e, 0x66);
    emit_op_reg(e, true, (const uint8_t[]){0x0f, 0x6e}, 2, xmm, r);
}

static inline void x86_movq_from_xmm(struct emitter *e, unsigned r, unsigned xmm)
{
    emit_byte(e, 0x66);
    emit_op_reg(e, true, (const uint8_t[]){0x0f, 0x7e}, 2, xmm, r);
}

static inline void x86_sse2(struct emitter *e, uint8_t op, unsigned dst, unsigned src)
{
    emit_byte(e, 0x66);
    emit_op_reg(e, false, (const uint8_t[]){0x0f, op}, 2, dst, src);
}
enum { SSE_PXOR = 0xef, SSE_PCMPEQB = 0x74 };

/* scalar SSE with a memory operand: prefix (0xf2 sd, 0xf3 ss, 0x66, or 0
 * for none) 0f op xmm, [base+disp] */
static inline void x86_sse_mem(struct emitter *e, uint8_t prefix, uint8_t op, unsigned xmm,
                               unsigned base, int32_t disp)
{
    if (prefix)
        emit_byte(e, prefix);
    emit_op_mem(e, false, (const uint8_t[]){0x0f, op}, 2, xmm, base, disp);
}
enum {
    SSE_LOAD = 0x10, SSE_STORE = 0x11, SSE_SQRT = 0x51, SSE_ADD = 0x58, SSE_MUL = 0x59,
    SSE_SUB = 0x5c, SSE_DIV = 0x5e, SSE_UCOMI = 0x2e, SSE_COMI = 0x2f,
};

/* ucomisd / ucomiss xmm, xmm */
static inline void x86_ucomi(struct emitter *e, bool dbl, unsigned a, unsigned b)
{
    if (dbl)
        emit_byte(e, 0x66);
    emit_op_reg(e, false, (const uint8_t[]){0x0f, SSE_UCOMI}, 2, a, b);
}

/* cvtsi2sd xmm, r64 */
static inline void x86_cvtsi2sd(struct emitter *e, unsigned xmm, unsigned r)
{
    emit_byte(e, 0xf2);
    emit_op_reg(e, true, (const uint8_t[]){0x0f, 0x2a}, 2, xmm, r);
}

/* mov dword [base+disp], imm32 */
static inline void x86_store32_imm(struct emitter *e, unsigned base, int32_t disp, int32_t imm)
{
    emit_op_mem(e, false, (const uint8_t[]){0xc7}, 1, 0, base, disp);
    emit_u32(e, (uint32_t)imm);
}

/* movdqu [base+disp], xmm */
static inline void x86_movdqu_store(struct emitter *e, unsigned base, int32_t disp, unsigned xmm)
{
    emit_byte(e, 0xf3);
    emit_op_mem(e, false, (const uint8_t[]){0x0f, 0x7f}, 2, xmm, base, disp);
}

/* mfence */
static inline void x86_mfence(struct emitter *e)
{
    emit_byte(e, 0x0f);
    emit_byte(e, 0xae);
    emit_byte(e, 0xf0);
}

static inline void x86_push(struct emitter *e, unsigned r)
{
    emit_rex(e, false, 0, 0, r, false);
    emit_byte(e, (uint8_t)(0x50 + (r & 7)));
}

static inline void x86_pop(struct emitter *e, unsigned r)
{
    emit_rex(e, false, 0, 0, r, false);
    emit_byte(e, (uint8_t)(0x58 + (r & 7)));
}

static inline void x86_ret(struct emitter *e)
{
    emit_byte(e, 0xc3);
}

#endif
