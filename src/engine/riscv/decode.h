/* Decoded instructions.
 *
 * Guest code is decoded once into straight-line blocks of `struct insn`
 * (block.c) and executed from there (interp.c).  Compressed instructions are
 * expanded to the operation of their 32-bit equivalent at decode time, so the
 * interpreter sees one form per operation.
 */
#ifndef STRATO_RISCV_DECODE_H
#define STRATO_RISCV_DECODE_H

#include <stdint.h>

/* Every operation the interpreter knows.  X(name) */
#define RV_OPS(X)                                                              \
    X(ILLEGAL) X(END)                                                          \
    /* RV64I */                                                                \
    X(LUI) X(AUIPC) X(JAL) X(JALR)                                             \
    X(BEQ) X(BNE) X(BLT) X(BGE) X(BLTU) X(BGEU)                                \
    X(LB) X(LH) X(LW) X(LD) X(LBU) X(LHU) X(LWU)                               \
    X(SB) X(SH) X(SW) X(SD)                                                    \
    X(ADDI) X(SLTI) X(SLTIU) X(XORI) X(ORI) X(ANDI) X(SLLI) X(SRLI) X(SRAI)    \
    X(ADD) X(SUB) X(SLL) X(SLT) X(SLTU) X(XOR) X(SRL) X(SRA) X(OR) X(AND)      \
    X(ADDIW) X(SLLIW) X(SRLIW) X(SRAIW)                                        \
    X(ADDW) X(SUBW) X(SLLW) X(SRLW) X(SRAW)                                    \
    X(FENCE) X(FENCE_I) X(ECALL) X(EBREAK) X(MRET) X(SRET) X(WFI)              \
    X(SFENCE_VMA)                                                              \
    X(CSRRW) X(CSRRS) X(CSRRC) X(CSRRWI) X(CSRRSI) X(CSRRCI)                   \
    /* M */                                                                    \
    X(MUL) X(MULH) X(MULHSU) X(MULHU) X(DIV) X(DIVU) X(REM) X(REMU)            \
    X(MULW) X(DIVW) X(DIVUW) X(REMW) X(REMUW)                                  \
    /* A */                                                                    \
    X(LR_W) X(SC_W) X(AMOSWAP_W) X(AMOADD_W) X(AMOXOR_W) X(AMOAND_W)           \
    X(AMOOR_W) X(AMOMIN_W) X(AMOMAX_W) X(AMOMINU_W) X(AMOMAXU_W)               \
    X(LR_D) X(SC_D) X(AMOSWAP_D) X(AMOADD_D) X(AMOXOR_D) X(AMOAND_D)           \
    X(AMOOR_D) X(AMOMIN_D) X(AMOMAX_D) X(AMOMINU_D) X(AMOMAXU_D)               \
    /* F, D */                                                                 \
    X(FLW) X(FSW) X(FLD) X(FSD)                                                \
    X(FMADD_S) X(FMSUB_S) X(FNMSUB_S) X(FNMADD_S)                              \
    X(FMADD_D) X(FMSUB_D) X(FNMSUB_D) X(FNMADD_D)                              \
    X(FADD_S) X(FSUB_S) X(FMUL_S) X(FDIV_S) X(FSQRT_S)                         \
    X(FADD_D) X(FSUB_D) X(FMUL_D) X(FDIV_D) X(FSQRT_D)                         \
    X(FSGNJ_S) X(FSGNJN_S) X(FSGNJX_S) X(FMIN_S) X(FMAX_S)                     \
    X(FSGNJ_D) X(FSGNJN_D) X(FSGNJX_D) X(FMIN_D) X(FMAX_D)                     \
    X(FEQ_S) X(FLT_S) X(FLE_S) X(FCLASS_S)                                     \
    X(FEQ_D) X(FLT_D) X(FLE_D) X(FCLASS_D)                                     \
    X(FCVT_W_S) X(FCVT_WU_S) X(FCVT_L_S) X(FCVT_LU_S)                          \
    X(FCVT_W_D) X(FCVT_WU_D) X(FCVT_L_D) X(FCVT_LU_D)                          \
    X(FCVT_S_W) X(FCVT_S_WU) X(FCVT_S_L) X(FCVT_S_LU)                          \
    X(FCVT_D_W) X(FCVT_D_WU) X(FCVT_D_L) X(FCVT_D_LU)                          \
    X(FCVT_S_D) X(FCVT_D_S)                                                    \
    X(FMV_X_W) X(FMV_W_X) X(FMV_X_D) X(FMV_D_X)                                \
    /* Zba */                                                                  \
    X(ADD_UW) X(SH1ADD) X(SH2ADD) X(SH3ADD)                                    \
    X(SH1ADD_UW) X(SH2ADD_UW) X(SH3ADD_UW) X(SLLI_UW)                          \
    /* Zbb */                                                                  \
    X(ANDN) X(ORN) X(XNOR) X(CLZ) X(CLZW) X(CTZ) X(CTZW) X(CPOP) X(CPOPW)      \
    X(MAX) X(MAXU) X(MIN) X(MINU) X(SEXT_B) X(SEXT_H) X(ZEXT_H)                \
    X(ROL) X(ROLW) X(ROR) X(RORW) X(RORI) X(RORIW) X(ORC_B) X(REV8)            \
    /* Zbs */                                                                  \
    X(BCLR) X(BCLRI) X(BEXT) X(BEXTI) X(BINV) X(BINVI) X(BSET) X(BSETI)        \
    /* Zicbom, Zicboz */                                                       \
    X(CBO_CLEAN) X(CBO_FLUSH) X(CBO_INVAL) X(CBO_ZERO)                         \
    /* decode-time specialisations */                                          \
    X(LI) X(MV)

enum rv_op {
#define RV_OP_ENUM(name) OP_##name,
    RV_OPS(RV_OP_ENUM)
#undef RV_OP_ENUM
    OP_COUNT
};

extern const char *const rv_op_names[OP_COUNT];

/* 24 bytes.  rd == 0 is stored as 32 (a sink register) so that no
 * operation needs a special case for x0.  For PC-relative operations imm
 * already includes pcoff: the target is (block pc + imm). */
struct insn {
    const void *handler; /* the interpreter's code for op (direct threading) */
    uint16_t op;
    uint8_t rd, rs1, rs2, rs3;
    uint8_t len;    /* 2 or 4 */
    uint8_t rm;     /* FP rounding mode field; AMO/fence ordering bits */
    uint16_t pcoff; /* byte offset of this instruction from the block start */
    uint16_t aux;   /* CSR number */
    int32_t imm;
};

/* Decode one instruction (raw: 16 or 32 bits; len from the low bits).
 * Fills every field but pcoff; imm is not yet pc-adjusted.
 * An undecodable instruction becomes OP_ILLEGAL with the bits in imm. */
int rv_insn_len(uint32_t raw);
void rv_decode(uint32_t raw, struct insn *out);
/* operations after which a block must end (control flow, system, CSR) */
int rv_op_ends_block(unsigned op);
/* operations whose imm is PC-relative */
int rv_op_pcrel(unsigned op);

#endif
