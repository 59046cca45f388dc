/* Instruction decoder: RV64GC + Zba/Zbb/Zbs + Zicbom/Zicboz + Zicsr/Zifencei.
 * Encodings from the RISC-V unprivileged spec (chapter 34, "RV32/64G
 * Instruction Set Listings"; chapter 16 for RVC) and the privileged spec
 * (chapter 2 and the SYSTEM opcode table). */
#include "engine/riscv/decode.h"

#include <string.h>

const char *const rv_op_names[OP_COUNT] = {
#define RV_OP_NAME(name) #name,
    RV_OPS(RV_OP_NAME)
#undef RV_OP_NAME
};

int rv_insn_len(uint32_t raw)
{
    return (raw & 3) == 3 ? 4 : 2;
}

static inline uint32_t bits(uint32_t x, int hi, int lo)
{
    return (x >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static inline int32_t sext(uint32_t x, int width)
{
    return (int32_t)(x << (32 - width)) >> (32 - width);
}

static inline uint8_t reg(uint32_t r)
{
    return r == 0 ? 32 : (uint8_t)r; /* writes to x0 land in the sink */
}

static void set(struct insn *d, unsigned op, uint32_t rd, uint32_t rs1, uint32_t rs2, int32_t imm)
{
    d->op = (uint16_t)op;
    d->rd = reg(rd);
    d->rs1 = (uint8_t)rs1;
    d->rs2 = (uint8_t)rs2;
    d->imm = imm;
}

static void illegal(struct insn *d, uint32_t raw)
{
    d->op = OP_ILLEGAL;
    d->rd = 32;
    d->rs1 = d->rs2 = d->rs3 = 0;
    d->imm = (int32_t)raw;
}

/* rounding-mode field: 5 and 6 are reserved encodings (7 = dynamic is
 * checked against frm when the instruction executes) */
static int rm_ok(uint32_t rm)
{
    return rm != 5 && rm != 6;
}

static void decode_fp(uint32_t raw, struct insn *d)
{
    uint32_t rd = bits(raw, 11, 7), rs1 = bits(raw, 19, 15), rs2 = bits(raw, 24, 20);
    uint32_t f3 = bits(raw, 14, 12), f7 = bits(raw, 31, 25);
    unsigned op = OP_ILLEGAL;
    int uses_rm = 1;

    switch (f7) {
    case 0x00: op = OP_FADD_S; break;
    case 0x01: op = OP_FADD_D; break;
    case 0x04: op = OP_FSUB_S; break;
    case 0x05: op = OP_FSUB_D; break;
    case 0x08: op = OP_FMUL_S; break;
    case 0x09: op = OP_FMUL_D; break;
    case 0x0c: op = OP_FDIV_S; break;
    case 0x0d: op = OP_FDIV_D; break;
    case 0x2c: if (rs2 == 0) op = OP_FSQRT_S; break;
    case 0x2d: if (rs2 == 0) op = OP_FSQRT_D; break;
    case 0x10: case 0x11: {
        static const unsigned s[3] = {OP_FSGNJ_S, OP_FSGNJN_S, OP_FSGNJX_S};
        static const unsigned dd[3] = {OP_FSGNJ_D, OP_FSGNJN_D, OP_FSGNJX_D};
        if (f3 < 3) op = f7 & 1 ? dd[f3] : s[f3];
        uses_rm = 0;
        break;
    }
    case 0x14: case 0x15:
        if (f3 < 2) op = (f7 & 1) ? (f3 ? OP_FMAX_D : OP_FMIN_D) : (f3 ? OP_FMAX_S : OP_FMIN_S);
        uses_rm = 0;
        break;
    case 0x20: if (rs2 == 1) op = OP_FCVT_S_D; break;
    case 0x21: if (rs2 == 0) op = OP_FCVT_D_S; break;
    case 0x50: case 0x51: {
        static const unsigned s[3] = {OP_FLE_S, OP_FLT_S, OP_FEQ_S};
        static const unsigned dd[3] = {OP_FLE_D, OP_FLT_D, OP_FEQ_D};
        if (f3 < 3) op = f7 & 1 ? dd[f3] : s[f3];
        uses_rm = 0;
        break;
    }
    case 0x60: case 0x61: {
        static const unsigned s[4] = {OP_FCVT_W_S, OP_FCVT_WU_S, OP_FCVT_L_S, OP_FCVT_LU_S};
        static const unsigned dd[4] = {OP_FCVT_W_D, OP_FCVT_WU_D, OP_FCVT_L_D, OP_FCVT_LU_D};
        if (rs2 < 4) op = f7 & 1 ? dd[rs2] : s[rs2];
        break;
    }
    case 0x68: case 0x69: {
        static const unsigned s[4] = {OP_FCVT_S_W, OP_FCVT_S_WU, OP_FCVT_S_L, OP_FCVT_S_LU};
        static const unsigned dd[4] = {OP_FCVT_D_W, OP_FCVT_D_WU, OP_FCVT_D_L, OP_FCVT_D_LU};
        if (rs2 < 4) op = f7 & 1 ? dd[rs2] : s[rs2];
        break;
    }
    case 0x70: case 0x71:
        if (rs2 == 0 && f3 == 0) op = f7 & 1 ? OP_FMV_X_D : OP_FMV_X_W;
        else if (rs2 == 0 && f3 == 1) op = f7 & 1 ? OP_FCLASS_D : OP_FCLASS_S;
        uses_rm = 0;
        break;
    case 0x78: case 0x79:
        if (rs2 == 0 && f3 == 0) op = f7 & 1 ? OP_FMV_D_X : OP_FMV_W_X;
        uses_rm = 0;
        break;
    default:
        break;
    }
    if (op == OP_ILLEGAL || (uses_rm && !rm_ok(f3))) {
        illegal(d, raw);
        return;
    }
    set(d, op, rd, rs1, rs2, 0);
    d->rm = (uint8_t)f3;
}

static void decode_op_imm(uint32_t raw, struct insn *d)
{
    uint32_t rd = bits(raw, 11, 7), rs1 = bits(raw, 19, 15), f3 = bits(raw, 14, 12);
    int32_t imm = (int32_t)raw >> 20;
    uint32_t imm12 = bits(raw, 31, 20), f6 = bits(raw, 31, 26), sh = bits(raw, 25, 20);

    switch (f3) {
    case 0: /* with rd = 0 (nop and hints) the result goes to the sink */
        set(d, rs1 == 0 ? OP_LI : (imm == 0 ? OP_MV : OP_ADDI), rd, rs1, 0, imm);
        return;
    case 2: set(d, OP_SLTI, rd, rs1, 0, imm); return;
    case 3: set(d, OP_SLTIU, rd, rs1, 0, imm); return;
    case 4: set(d, OP_XORI, rd, rs1, 0, imm); return;
    case 6: set(d, OP_ORI, rd, rs1, 0, imm); return;
    case 7: set(d, OP_ANDI, rd, rs1, 0, imm); return;
    case 1:
        if (f6 == 0x00) { set(d, OP_SLLI, rd, rs1, 0, (int32_t)sh); return; }
        if (f6 == 0x0a) { set(d, OP_BSETI, rd, rs1, 0, (int32_t)sh); return; }
        if (f6 == 0x12) { set(d, OP_BCLRI, rd, rs1, 0, (int32_t)sh); return; }
        if (f6 == 0x1a) { set(d, OP_BINVI, rd, rs1, 0, (int32_t)sh); return; }
        switch (imm12) {
        case 0x600: set(d, OP_CLZ, rd, rs1, 0, 0); return;
        case 0x601: set(d, OP_CTZ, rd, rs1, 0, 0); return;
        case 0x602: set(d, OP_CPOP, rd, rs1, 0, 0); return;
        case 0x604: set(d, OP_SEXT_B, rd, rs1, 0, 0); return;
        case 0x605: set(d, OP_SEXT_H, rd, rs1, 0, 0); return;
        }
        break;
    case 5:
        if (f6 == 0x00) { set(d, OP_SRLI, rd, rs1, 0, (int32_t)sh); return; }
        if (f6 == 0x10) { set(d, OP_SRAI, rd, rs1, 0, (int32_t)sh); return; }
        if (f6 == 0x18) { set(d, OP_RORI, rd, rs1, 0, (int32_t)sh); return; }
        if (f6 == 0x12) { set(d, OP_BEXTI, rd, rs1, 0, (int32_t)sh); return; }
        if (imm12 == 0x287) { set(d, OP_ORC_B, rd, rs1, 0, 0); return; }
        if (imm12 == 0x6b8) { set(d, OP_REV8, rd, rs1, 0, 0); return; }
        break;
    }
    illegal(d, raw);
}

static void decode_op_imm32(uint32_t raw, struct insn *d)
{
    uint32_t rd = bits(raw, 11, 7), rs1 = bits(raw, 19, 15), f3 = bits(raw, 14, 12);
    uint32_t f7 = bits(raw, 31, 25), sh5 = bits(raw, 24, 20), imm12 = bits(raw, 31, 20);

    switch (f3) {
    case 0: set(d, OP_ADDIW, rd, rs1, 0, (int32_t)raw >> 20); return;
    case 1:
        if (f7 == 0x00) { set(d, OP_SLLIW, rd, rs1, 0, (int32_t)sh5); return; }
        if (bits(raw, 31, 26) == 0x02) { set(d, OP_SLLI_UW, rd, rs1, 0, (int32_t)bits(raw, 25, 20)); return; }
        if (imm12 == 0x600) { set(d, OP_CLZW, rd, rs1, 0, 0); return; }
        if (imm12 == 0x601) { set(d, OP_CTZW, rd, rs1, 0, 0); return; }
        if (imm12 == 0x602) { set(d, OP_CPOPW, rd, rs1, 0, 0); return; }
        break;
    case 5:
        if (f7 == 0x00) { set(d, OP_SRLIW, rd, rs1, 0, (int32_t)sh5); return; }
        if (f7 == 0x20) { set(d, OP_SRAIW, rd, rs1, 0, (int32_t)sh5); return; }
        if (f7 == 0x30) { set(d, OP_RORIW, rd, rs1, 0, (int32_t)sh5); return; }
        break;
    }
    illegal(d, raw);
}

static void decode_op(uint32_t raw, struct insn *d)
{
    uint32_t rd = bits(raw, 11, 7), rs1 = bits(raw, 19, 15), rs2 = bits(raw, 24, 20);
    uint32_t f3 = bits(raw, 14, 12), f7 = bits(raw, 31, 25);
    unsigned op = OP_ILLEGAL;

    switch (f7) {
    case 0x00: {
        static const unsigned t[8] = {OP_ADD, OP_SLL, OP_SLT, OP_SLTU, OP_XOR, OP_SRL, OP_OR, OP_AND};
        op = t[f3];
        break;
    }
    case 0x20: {
        static const unsigned t[8] = {OP_SUB, 0, 0, 0, OP_XNOR, OP_SRA, OP_ORN, OP_ANDN};
        op = t[f3];
        break;
    }
    case 0x01: {
        static const unsigned t[8] = {OP_MUL, OP_MULH, OP_MULHSU, OP_MULHU, OP_DIV, OP_DIVU, OP_REM, OP_REMU};
        op = t[f3];
        break;
    }
    case 0x10: {
        static const unsigned t[8] = {0, 0, OP_SH1ADD, 0, OP_SH2ADD, 0, OP_SH3ADD, 0};
        op = t[f3];
        break;
    }
    case 0x05: {
        static const unsigned t[8] = {0, 0, 0, 0, OP_MIN, OP_MINU, OP_MAX, OP_MAXU};
        op = t[f3];
        break;
    }
    case 0x30: op = f3 == 1 ? OP_ROL : f3 == 5 ? OP_ROR : OP_ILLEGAL; break;
    case 0x14: op = f3 == 1 ? OP_BSET : OP_ILLEGAL; break;
    case 0x24: op = f3 == 1 ? OP_BCLR : f3 == 5 ? OP_BEXT : OP_ILLEGAL; break;
    case 0x34: op = f3 == 1 ? OP_BINV : OP_ILLEGAL; break;
    }
    if (op == OP_ILLEGAL)
        illegal(d, raw);
    else
        set(d, op, rd, rs1, rs2, 0);
}

static void decode_op32(uint32_t raw, struct insn *d)
{
    uint32_t rd = bits(raw, 11, 7), rs1 = bits(raw, 19, 15), rs2 = bits(raw, 24, 20);
    uint32_t f3 = bits(raw, 14, 12), f7 = bits(raw, 31, 25);
    unsigned op = OP_ILLEGAL;

    switch (f7) {
    case 0x00: op = f3 == 0 ? OP_ADDW : f3 == 1 ? OP_SLLW : f3 == 5 ? OP_SRLW : OP_ILLEGAL; break;
    case 0x20: op = f3 == 0 ? OP_SUBW : f3 == 5 ? OP_SRAW : OP_ILLEGAL; break;
    case 0x01: {
        static const unsigned t[8] = {OP_MULW, 0, 0, 0, OP_DIVW, OP_DIVUW, OP_REMW, OP_REMUW};
        op = t[f3];
        break;
    }
    case 0x04:
        if (f3 == 0) op = OP_ADD_UW;
        else if (f3 == 4 && rs2 == 0) op = OP_ZEXT_H;
        break;
    case 0x10: {
        static const unsigned t[8] = {0, 0, OP_SH1ADD_UW, 0, OP_SH2ADD_UW, 0, OP_SH3ADD_UW, 0};
        op = t[f3];
        break;
    }
    case 0x30: op = f3 == 1 ? OP_ROLW : f3 == 5 ? OP_RORW : OP_ILLEGAL; break;
    }
    if (op == OP_ILLEGAL)
        illegal(d, raw);
    else
        set(d, op, rd, rs1, rs2, 0);
}

static void decode_amo(uint32_t raw, struct insn *d)
{
    uint32_t rd = bits(raw, 11, 7), rs1 = bits(raw, 19, 15), rs2 = bits(raw, 24, 20);
    uint32_t f3 = bits(raw, 14, 12), f5 = bits(raw, 31, 27);
    static const unsigned w[32] = {
        [0x00] = OP_AMOADD_W, [0x01] = OP_AMOSWAP_W, [0x02] = OP_LR_W, [0x03] = OP_SC_W,
        [0x04] = OP_AMOXOR_W, [0x08] = OP_AMOOR_W, [0x0c] = OP_AMOAND_W, [0x10] = OP_AMOMIN_W,
        [0x14] = OP_AMOMAX_W, [0x18] = OP_AMOMINU_W, [0x1c] = OP_AMOMAXU_W,
    };
    static const unsigned dw[32] = {
        [0x00] = OP_AMOADD_D, [0x01] = OP_AMOSWAP_D, [0x02] = OP_LR_D, [0x03] = OP_SC_D,
        [0x04] = OP_AMOXOR_D, [0x08] = OP_AMOOR_D, [0x0c] = OP_AMOAND_D, [0x10] = OP_AMOMIN_D,
        [0x14] = OP_AMOMAX_D, [0x18] = OP_AMOMINU_D, [0x1c] = OP_AMOMAXU_D,
    };
    unsigned op = f3 == 2 ? w[f5] : f3 == 3 ? dw[f5] : 0;
    if (op == 0 || ((op == OP_LR_W || op == OP_LR_D) && rs2 != 0)) {
        illegal(d, raw);
        return;
    }
    set(d, op, rd, rs1, rs2, 0);
    d->rm = (uint8_t)bits(raw, 26, 25); /* aq, rl */
}

static void decode_system(uint32_t raw, struct insn *d)
{
    uint32_t rd = bits(raw, 11, 7), rs1 = bits(raw, 19, 15), rs2 = bits(raw, 24, 20);
    uint32_t f3 = bits(raw, 14, 12);

    if (f3 == 0) {
        switch (raw) {
        case 0x00000073: set(d, OP_ECALL, 0, 0, 0, 0); return;
        case 0x00100073: set(d, OP_EBREAK, 0, 0, 0, 0); return;
        case 0x30200073: set(d, OP_MRET, 0, 0, 0, 0); return;
        case 0x10200073: set(d, OP_SRET, 0, 0, 0, 0); return;
        case 0x10500073: set(d, OP_WFI, 0, 0, 0, 0); return;
        }
        if (bits(raw, 31, 25) == 0x09 && rd == 0) {
            set(d, OP_SFENCE_VMA, 0, rs1, rs2, 0);
            return;
        }
        illegal(d, raw);
        return;
    }
    if (f3 == 4) {
        illegal(d, raw);
        return;
    }
    static const unsigned t[8] = {0, OP_CSRRW, OP_CSRRS, OP_CSRRC, 0, OP_CSRRWI, OP_CSRRSI, OP_CSRRCI};
    set(d, t[f3], rd, rs1, 0, 0);
    d->aux = (uint16_t)bits(raw, 31, 20);
}

static void decode32(uint32_t raw, struct insn *d)
{
    uint32_t rd = bits(raw, 11, 7), rs1 = bits(raw, 19, 15), rs2 = bits(raw, 24, 20);
    uint32_t f3 = bits(raw, 14, 12);
    int32_t imm_i = (int32_t)raw >> 20;
    int32_t imm_s = (int32_t)(((uint32_t)((int32_t)raw >> 25) << 5) | bits(raw, 11, 7));
    int32_t imm_b = (sext(bits(raw, 31, 31), 1) * 4096) | (int32_t)(bits(raw, 7, 7) << 11) |
                    (int32_t)(bits(raw, 30, 25) << 5) | (int32_t)(bits(raw, 11, 8) << 1);
    int32_t imm_u = (int32_t)(raw & 0xfffff000u);
    int32_t imm_j = (sext(bits(raw, 31, 31), 1) * (1 << 20)) | (int32_t)(bits(raw, 19, 12) << 12) |
                    (int32_t)(bits(raw, 20, 20) << 11) | (int32_t)(bits(raw, 30, 21) << 1);

    d->len = 4;
    switch (raw & 0x7f) {
    case 0x37: set(d, OP_LUI, rd, 0, 0, imm_u); return;
    case 0x17: set(d, OP_AUIPC, rd, 0, 0, imm_u); return;
    case 0x6f: set(d, OP_JAL, rd, 0, 0, imm_j); return;
    case 0x67:
        if (f3 == 0) { set(d, OP_JALR, rd, rs1, 0, imm_i); return; }
        break;
    case 0x63: {
        static const unsigned t[8] = {OP_BEQ, OP_BNE, 0, 0, OP_BLT, OP_BGE, OP_BLTU, OP_BGEU};
        if (t[f3]) { set(d, t[f3], 0, rs1, rs2, imm_b); return; }
        break;
    }
    case 0x03: {
        static const unsigned t[8] = {OP_LB, OP_LH, OP_LW, OP_LD, OP_LBU, OP_LHU, OP_LWU, 0};
        if (t[f3]) { set(d, t[f3], rd, rs1, 0, imm_i); return; }
        break;
    }
    case 0x23: {
        static const unsigned t[8] = {OP_SB, OP_SH, OP_SW, OP_SD, 0, 0, 0, 0};
        if (t[f3]) { set(d, t[f3], 0, rs1, rs2, imm_s); return; }
        break;
    }
    case 0x07:
        if (f3 == 2) { set(d, OP_FLW, 0, rs1, 0, imm_i); d->rd = (uint8_t)rd; return; }
        if (f3 == 3) { set(d, OP_FLD, 0, rs1, 0, imm_i); d->rd = (uint8_t)rd; return; }
        break;
    case 0x27:
        if (f3 == 2) { set(d, OP_FSW, 0, rs1, rs2, imm_s); return; }
        if (f3 == 3) { set(d, OP_FSD, 0, rs1, rs2, imm_s); return; }
        break;
    case 0x13: decode_op_imm(raw, d); return;
    case 0x1b: decode_op_imm32(raw, d); return;
    case 0x33: decode_op(raw, d); return;
    case 0x3b: decode_op32(raw, d); return;
    case 0x2f: decode_amo(raw, d); return;
    case 0x0f:
        if (f3 == 0) { set(d, OP_FENCE, 0, 0, 0, 0); d->aux = (uint16_t)bits(raw, 31, 20); return; }
        if (f3 == 1) { set(d, OP_FENCE_I, 0, 0, 0, 0); return; }
        if (f3 == 2 && rd == 0) {
            switch (bits(raw, 31, 20)) {
            case 0: set(d, OP_CBO_INVAL, 0, rs1, 0, 0); return;
            case 1: set(d, OP_CBO_CLEAN, 0, rs1, 0, 0); return;
            case 2: set(d, OP_CBO_FLUSH, 0, rs1, 0, 0); return;
            case 4: set(d, OP_CBO_ZERO, 0, rs1, 0, 0); return;
            }
        }
        break;
    case 0x73: decode_system(raw, d); return;
    case 0x43: case 0x47: case 0x4b: case 0x4f: {
        static const unsigned s[4] = {OP_FMADD_S, OP_FMSUB_S, OP_FNMSUB_S, OP_FNMADD_S};
        static const unsigned dd[4] = {OP_FMADD_D, OP_FMSUB_D, OP_FNMSUB_D, OP_FNMADD_D};
        uint32_t fmt = bits(raw, 26, 25), k = bits(raw, 3, 2);
        if (fmt > 1 || !rm_ok(f3))
            break;
        set(d, fmt ? dd[k] : s[k], 0, rs1, rs2, 0);
        d->rd = (uint8_t)rd;
        d->rs3 = (uint8_t)bits(raw, 31, 27);
        d->rm = (uint8_t)f3;
        return;
    }
    case 0x53:
        decode_fp(raw, d);
        /* FP destinations are f registers: no x0 sink, except for the ops
         * that write an integer register */
        switch (d->op) {
        case OP_FEQ_S: case OP_FLT_S: case OP_FLE_S: case OP_FCLASS_S:
        case OP_FEQ_D: case OP_FLT_D: case OP_FLE_D: case OP_FCLASS_D:
        case OP_FCVT_W_S: case OP_FCVT_WU_S: case OP_FCVT_L_S: case OP_FCVT_LU_S:
        case OP_FCVT_W_D: case OP_FCVT_WU_D: case OP_FCVT_L_D: case OP_FCVT_LU_D:
        case OP_FMV_X_W: case OP_FMV_X_D: case OP_ILLEGAL:
            break;
        default:
            d->rd = (uint8_t)rd;
        }
        return;
    }
    illegal(d, raw);
}

/* RVC: expand to the 32-bit operation (unprivileged spec, chapter 16). */
static void decode16(uint32_t raw, struct insn *d)
{
    uint32_t f3 = bits(raw, 15, 13);
    uint32_t rdp = 8 + bits(raw, 4, 2), rs1p = 8 + bits(raw, 9, 7);
    uint32_t rd = bits(raw, 11, 7), rs2 = bits(raw, 6, 2);
    int32_t imm6 = sext((bits(raw, 12, 12) << 5) | bits(raw, 6, 2), 6);

    d->len = 2;
    switch (raw & 3) {
    case 0:
        switch (f3) {
        case 0: { /* c.addi4spn */
            uint32_t u = (bits(raw, 12, 11) << 4) | (bits(raw, 10, 7) << 6) |
                         (bits(raw, 6, 6) << 2) | (bits(raw, 5, 5) << 3);
            if (u == 0)
                break;
            set(d, OP_ADDI, rdp, 2, 0, (int32_t)u);
            return;
        }
        case 1: case 3: case 5: case 7: { /* c.fld c.ld c.fsd c.sd */
            int32_t u = (int32_t)((bits(raw, 12, 10) << 3) | (bits(raw, 6, 5) << 6));
            if (f3 == 1) { set(d, OP_FLD, 0, rs1p, 0, u); d->rd = (uint8_t)rdp; }
            else if (f3 == 3) set(d, OP_LD, rdp, rs1p, 0, u);
            else set(d, f3 == 5 ? OP_FSD : OP_SD, 0, rs1p, rdp, u);
            return;
        }
        case 2: case 6: { /* c.lw c.sw */
            int32_t u = (int32_t)((bits(raw, 12, 10) << 3) | (bits(raw, 6, 6) << 2) |
                                  (bits(raw, 5, 5) << 6));
            if (f3 == 2) set(d, OP_LW, rdp, rs1p, 0, u);
            else set(d, OP_SW, 0, rs1p, rdp, u);
            return;
        }
        }
        break;
    case 1:
        switch (f3) {
        case 0: /* c.addi (c.nop when rd = 0: its result goes to the sink) */
            set(d, OP_ADDI, rd, rd, 0, imm6);
            return;
        case 1: /* c.addiw */
            if (rd == 0)
                break;
            set(d, OP_ADDIW, rd, rd, 0, imm6);
            return;
        case 2: /* c.li */
            set(d, OP_LI, rd, 0, 0, imm6);
            return;
        case 3:
            if (rd == 2) { /* c.addi16sp */
                int32_t v = sext((bits(raw, 12, 12) << 9) | (bits(raw, 6, 6) << 4) |
                                 (bits(raw, 5, 5) << 6) | (bits(raw, 4, 3) << 7) |
                                 (bits(raw, 2, 2) << 5), 10);
                if (v == 0)
                    break;
                set(d, OP_ADDI, 2, 2, 0, v);
                return;
            }
            if (imm6 == 0)
                break;
            set(d, OP_LUI, rd, 0, 0, (int32_t)((uint32_t)imm6 << 12)); /* c.lui */
            return;
        case 4: {
            uint32_t sh = (bits(raw, 12, 12) << 5) | bits(raw, 6, 2);
            switch (bits(raw, 11, 10)) {
            case 0: set(d, OP_SRLI, rs1p, rs1p, 0, (int32_t)sh); return;
            case 1: set(d, OP_SRAI, rs1p, rs1p, 0, (int32_t)sh); return;
            case 2: set(d, OP_ANDI, rs1p, rs1p, 0, imm6); return;
            case 3: {
                static const unsigned t[8] = {OP_SUB, OP_XOR, OP_OR, OP_AND, OP_SUBW, OP_ADDW, 0, 0};
                unsigned op = t[(bits(raw, 12, 12) << 2) | bits(raw, 6, 5)];
                if (!op)
                    break;
                set(d, op, rs1p, rs1p, rdp, 0);
                return;
            }
            }
            break;
        }
        case 5: { /* c.j */
            int32_t v = sext((bits(raw, 12, 12) << 11) | (bits(raw, 11, 11) << 4) |
                             (bits(raw, 10, 9) << 8) | (bits(raw, 8, 8) << 10) |
                             (bits(raw, 7, 7) << 6) | (bits(raw, 6, 6) << 7) |
                             (bits(raw, 5, 3) << 1) | (bits(raw, 2, 2) << 5), 12);
            set(d, OP_JAL, 0, 0, 0, v);
            return;
        }
        case 6: case 7: { /* c.beqz c.bnez */
            int32_t v = sext((bits(raw, 12, 12) << 8) | (bits(raw, 11, 10) << 3) |
                             (bits(raw, 6, 5) << 6) | (bits(raw, 4, 3) << 1) |
                             (bits(raw, 2, 2) << 5), 9);
            set(d, f3 == 6 ? OP_BEQ : OP_BNE, 0, rs1p, 0, v);
            return;
        }
        }
        break;
    case 2:
        switch (f3) {
        case 0: { /* c.slli */
            uint32_t sh = (bits(raw, 12, 12) << 5) | bits(raw, 6, 2);
            set(d, OP_SLLI, rd, rd, 0, (int32_t)sh);
            return;
        }
        case 1: case 3: { /* c.fldsp c.ldsp */
            int32_t u = (int32_t)((bits(raw, 12, 12) << 5) | (bits(raw, 6, 5) << 3) |
                                  (bits(raw, 4, 2) << 6));
            if (f3 == 1) { set(d, OP_FLD, 0, 2, 0, u); d->rd = (uint8_t)rd; return; }
            if (rd == 0)
                break;
            set(d, OP_LD, rd, 2, 0, u);
            return;
        }
        case 2: { /* c.lwsp */
            int32_t u = (int32_t)((bits(raw, 12, 12) << 5) | (bits(raw, 6, 4) << 2) |
                                  (bits(raw, 3, 2) << 6));
            if (rd == 0)
                break;
            set(d, OP_LW, rd, 2, 0, u);
            return;
        }
        case 4:
            if (bits(raw, 12, 12) == 0) {
                if (rs2 == 0) {
                    if (rd == 0)
                        break;
                    set(d, OP_JALR, 0, rd, 0, 0); /* c.jr */
                } else {
                    set(d, OP_MV, rd, rs2, 0, 0); /* c.mv */
                }
                return;
            }
            if (rs2 == 0) {
                if (rd == 0)
                    set(d, OP_EBREAK, 0, 0, 0, 0);
                else
                    set(d, OP_JALR, 1, rd, 0, 0); /* c.jalr */
                return;
            }
            set(d, OP_ADD, rd, rd, rs2, 0);
            return;
        case 5: case 7: { /* c.fsdsp c.sdsp */
            int32_t u = (int32_t)((bits(raw, 12, 10) << 3) | (bits(raw, 9, 7) << 6));
            set(d, f3 == 5 ? OP_FSD : OP_SD, 0, 2, rs2, u);
            return;
        }
        case 6: { /* c.swsp */
            int32_t u = (int32_t)((bits(raw, 12, 9) << 2) | (bits(raw, 8, 7) << 6));
            set(d, OP_SW, 0, 2, rs2, u);
            return;
        }
        }
        break;
    }
    illegal(d, raw & 0xffff);
}

void rv_decode(uint32_t raw, struct insn *d)
{
    memset(d, 0, sizeof(*d));
    if ((raw & 3) == 3) {
        if ((raw & 0x1c) == 0x1c) { /* 48-bit and longer encodings: none implemented */
            d->len = 4;
            illegal(d, raw);
            return;
        }
        decode32(raw, d);
    } else {
        decode16(raw & 0xffff, d);
    }
}

int rv_op_ends_block(unsigned op)
{
    switch (op) {
    case OP_JAL: case OP_JALR: case OP_BEQ: case OP_BNE: case OP_BLT: case OP_BGE:
    case OP_BLTU: case OP_BGEU: case OP_ECALL: case OP_EBREAK: case OP_MRET: case OP_SRET:
    case OP_WFI: case OP_SFENCE_VMA: case OP_FENCE_I: case OP_ILLEGAL:
    case OP_CSRRW: case OP_CSRRS: case OP_CSRRC: case OP_CSRRWI: case OP_CSRRSI: case OP_CSRRCI:
        return 1;
    default:
        return 0;
    }
}

int rv_op_pcrel(unsigned op)
{
    switch (op) {
    case OP_AUIPC: case OP_JAL: case OP_BEQ: case OP_BNE: case OP_BLT: case OP_BGE:
    case OP_BLTU: case OP_BGEU:
        return 1;
    default:
        return 0;
    }
}
