/* Instruction encoders for unit tests (RISC-V unprivileged spec, ch. 2). */
#ifndef STRATO_TEST_RV_ENCODE_H
#define STRATO_TEST_RV_ENCODE_H

#include <stdint.h>

static inline uint32_t enc_r(uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op)
{
    return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
static inline uint32_t enc_i(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op)
{
    return ((uint32_t)imm << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
static inline uint32_t enc_s(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t op)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((u & 31) << 7) | op;
}
static inline uint32_t enc_b(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3)
{
    uint32_t u = (uint32_t)imm;
    return (((u >> 12) & 1) << 31) | (((u >> 5) & 63) << 25) | (rs2 << 20) | (rs1 << 15) |
           (f3 << 12) | (((u >> 1) & 15) << 8) | (((u >> 11) & 1) << 7) | 0x63;
}
static inline uint32_t enc_u(uint32_t imm20, uint32_t rd, uint32_t op)
{
    return (imm20 << 12) | (rd << 7) | op;
}
static inline uint32_t enc_j(int32_t imm, uint32_t rd)
{
    uint32_t u = (uint32_t)imm;
    return (((u >> 20) & 1) << 31) | (((u >> 1) & 0x3ff) << 21) | (((u >> 11) & 1) << 20) |
           (((u >> 12) & 0xff) << 12) | (rd << 7) | 0x6f;
}

#define ADDI(rd, rs1, imm) enc_i(imm, rs1, 0, rd, 0x13)
#define ADD(rd, rs1, rs2) enc_r(0, rs2, rs1, 0, rd, 0x33)
#define SUB(rd, rs1, rs2) enc_r(0x20, rs2, rs1, 0, rd, 0x33)
#define LD(rd, rs1, imm) enc_i(imm, rs1, 3, rd, 0x03)
#define LW(rd, rs1, imm) enc_i(imm, rs1, 2, rd, 0x03)
#define LBU(rd, rs1, imm) enc_i(imm, rs1, 4, rd, 0x03)
#define SD(rs2, rs1, imm) enc_s(imm, rs2, rs1, 3, 0x23)
#define SW(rs2, rs1, imm) enc_s(imm, rs2, rs1, 2, 0x23)
#define SB(rs2, rs1, imm) enc_s(imm, rs2, rs1, 0, 0x23)
#define LUI(rd, imm20) enc_u(imm20, rd, 0x37)
#define AUIPC(rd, imm20) enc_u(imm20, rd, 0x17)
#define JAL(rd, imm) enc_j(imm, rd)
#define JALR(rd, rs1, imm) enc_i(imm, rs1, 0, rd, 0x67)
#define BEQ(rs1, rs2, imm) enc_b(imm, rs2, rs1, 0)
#define BNE(rs1, rs2, imm) enc_b(imm, rs2, rs1, 1)
#define CSRRW(rd, csr, rs1) enc_i(csr, rs1, 1, rd, 0x73)
#define CSRRS(rd, csr, rs1) enc_i(csr, rs1, 2, rd, 0x73)
#define CSRRC(rd, csr, rs1) enc_i(csr, rs1, 3, rd, 0x73)
#define CSRRWI(rd, csr, zimm) enc_i(csr, zimm, 5, rd, 0x73)
#define ECALL 0x00000073u
#define EBREAK 0x00100073u
#define MRET 0x30200073u
#define SRET 0x10200073u
#define WFI 0x10500073u
#define FENCE_I 0x0000100fu
#define SFENCE_VMA(rs1, rs2) enc_r(0x09, rs2, rs1, 0, 0, 0x73)
#define MUL(rd, rs1, rs2) enc_r(1, rs2, rs1, 0, rd, 0x33)
#define DIV(rd, rs1, rs2) enc_r(1, rs2, rs1, 4, rd, 0x33)
#define LR_D(rd, rs1) enc_r(0x02 << 2, 0, rs1, 3, rd, 0x2f)
#define SC_D(rd, rs1, rs2) enc_r(0x03 << 2, rs2, rs1, 3, rd, 0x2f)
#define AMOADD_W(rd, rs1, rs2) enc_r(0x00 << 2, rs2, rs1, 2, rd, 0x2f)
#define FADD_D(rd, rs1, rs2, rm) enc_r(0x01, rs2, rs1, rm, rd, 0x53)
#define FDIV_S(rd, rs1, rs2, rm) enc_r(0x0c, rs2, rs1, rm, rd, 0x53)
#define FMV_D_X(rd, rs1) enc_r(0x79, 0, rs1, 0, rd, 0x53)
#define FMV_W_X(rd, rs1) enc_r(0x78, 0, rs1, 0, rd, 0x53)
#define FMV_X_D(rd, rs1) enc_r(0x71, 0, rs1, 0, rd, 0x53)
#define FCVT_W_D(rd, rs1, rm) enc_r(0x61, 0, rs1, rm, rd, 0x53)

#endif
