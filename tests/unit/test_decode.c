/* Decoder unit tests: fields of decoded instructions, RVC expansion,
 * reserved encodings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "engine/riscv/decode.h"
#include "rv_encode.h"

static struct insn dec(uint32_t raw)
{
    struct insn d;
    rv_decode(raw, &d);
    return d;
}

static void test_base_formats(void **state)
{
    (void)state;
    struct insn d = dec(ADDI(10, 11, -5));
    assert_int_equal(d.op, OP_ADDI);
    assert_int_equal(d.rd, 10);
    assert_int_equal(d.rs1, 11);
    assert_int_equal(d.imm, -5);
    assert_int_equal(d.len, 4);

    d = dec(ADDI(10, 0, 7)); /* li */
    assert_int_equal(d.op, OP_LI);
    d = dec(ADDI(10, 12, 0)); /* mv */
    assert_int_equal(d.op, OP_MV);

    d = dec(ADD(0, 1, 2)); /* writes to x0 go to the sink register */
    assert_int_equal(d.op, OP_ADD);
    assert_int_equal(d.rd, 32);

    d = dec(SD(7, 2, -8));
    assert_int_equal(d.op, OP_SD);
    assert_int_equal(d.rs1, 2);
    assert_int_equal(d.rs2, 7);
    assert_int_equal(d.imm, -8);

    d = dec(BEQ(1, 2, -4096));
    assert_int_equal(d.op, OP_BEQ);
    assert_int_equal(d.imm, -4096);
    d = dec(BNE(1, 2, 4094));
    assert_int_equal(d.imm, 4094);

    d = dec(JAL(1, -1048576));
    assert_int_equal(d.op, OP_JAL);
    assert_int_equal(d.imm, -1048576);
    d = dec(JAL(1, 0x7fffe));
    assert_int_equal(d.imm, 0x7fffe);

    d = dec(LUI(5, 0xfffff));
    assert_int_equal(d.op, OP_LUI);
    assert_int_equal(d.imm, (int32_t)0xfffff000);

    d = dec(CSRRW(3, 0x300, 4));
    assert_int_equal(d.op, OP_CSRRW);
    assert_int_equal(d.aux, 0x300);
    assert_int_equal(d.rs1, 4);
    assert_true(rv_op_ends_block(d.op));
}

static void test_extensions(void **state)
{
    (void)state;
    assert_int_equal(dec(MUL(1, 2, 3)).op, OP_MUL);
    assert_int_equal(dec(DIV(1, 2, 3)).op, OP_DIV);
    assert_int_equal(dec(LR_D(1, 2)).op, OP_LR_D);
    assert_int_equal(dec(SC_D(1, 2, 3)).op, OP_SC_D);
    assert_int_equal(dec(AMOADD_W(1, 2, 3)).op, OP_AMOADD_W);
    assert_int_equal(dec(0x20c5a533).op, OP_SH1ADD);    /* sh1add a0,a1,a2 */
    assert_int_equal(dec(0x60051513).op, OP_CLZ);       /* clz a0,a0 */
    assert_int_equal(dec(0x6b855513).op, OP_REV8);      /* rev8 a0,a0 */
    assert_int_equal(dec(0x28755513).op, OP_ORC_B);     /* orc.b a0,a0 */
    assert_int_equal(dec(0x0045200f).op, OP_CBO_ZERO);  /* cbo.zero (a0) */
    assert_int_equal(dec(0x0015200f).op, OP_CBO_CLEAN); /* cbo.clean (a0) */
    assert_int_equal(dec(0x0100000f).op, OP_FENCE);     /* pause */

    struct insn d = dec(FADD_D(1, 2, 3, 7));
    assert_int_equal(d.op, OP_FADD_D);
    assert_int_equal(d.rd, 1);
    assert_int_equal(d.rm, 7);
    d = dec(FADD_D(0, 2, 3, 0)); /* f0 is a real register, not the sink */
    assert_int_equal(d.rd, 0);
    d = dec(FCVT_W_D(0, 1, 1)); /* ... but an integer destination x0 is */
    assert_int_equal(d.rd, 32);

    /* fmadd.s f1, f2, f3, f4, rne */
    d = dec((4u << 27) | (0u << 25) | (3u << 20) | (2u << 15) | (0u << 12) | (1u << 7) | 0x43);
    assert_int_equal(d.op, OP_FMADD_S);
    assert_int_equal(d.rs3, 4);
}

static void test_compressed(void **state)
{
    (void)state;
    struct insn d = dec(0x4501); /* c.li a0, 0 */
    assert_int_equal(d.op, OP_LI);
    assert_int_equal(d.rd, 10);
    assert_int_equal(d.len, 2);

    d = dec(0x1141); /* c.addi sp, -16 */
    assert_int_equal(d.op, OP_ADDI);
    assert_int_equal(d.rd, 2);
    assert_int_equal(d.imm, -16);

    d = dec(0x7139); /* c.addi16sp sp, -64 */
    assert_int_equal(d.op, OP_ADDI);
    assert_int_equal(d.imm, -64);

    d = dec(0x0028); /* c.addi4spn a0, sp, 8 */
    assert_int_equal(d.op, OP_ADDI);
    assert_int_equal(d.rd, 10);
    assert_int_equal(d.rs1, 2);
    assert_int_equal(d.imm, 8);

    d = dec(0x6782); /* c.ldsp a5, 0(sp) */
    assert_int_equal(d.op, OP_LD);
    assert_int_equal(d.rd, 15);

    d = dec(0xe406); /* c.sdsp ra, 8(sp) */
    assert_int_equal(d.op, OP_SD);
    assert_int_equal(d.rs2, 1);
    assert_int_equal(d.imm, 8);

    d = dec(0x8082); /* c.jr ra (ret) */
    assert_int_equal(d.op, OP_JALR);
    assert_int_equal(d.rs1, 1);
    assert_int_equal(d.rd, 32);

    d = dec(0x9002); /* c.ebreak */
    assert_int_equal(d.op, OP_EBREAK);

    d = dec(0xbfe5); /* c.j -8 */
    assert_int_equal(d.op, OP_JAL);
    assert_int_equal(d.imm, -8);

    d = dec(0xc111); /* c.beqz a0, 4 */
    assert_int_equal(d.op, OP_BEQ);
    assert_int_equal(d.rs1, 10);
    assert_int_equal(d.imm, 4);

    d = dec(0x8d89); /* c.sub a1, a0 */
    assert_int_equal(d.op, OP_SUB);
    assert_int_equal(d.rd, 11);
    assert_int_equal(d.rs2, 10);

    d = dec(0x9d29); /* c.addw a0, a0, a0... (a0 = a0 + a0) */
    assert_int_equal(d.op, OP_ADDW);
}

static void test_reserved_encodings_are_illegal(void **state)
{
    (void)state;
    assert_int_equal(dec(0x0000).op, OP_ILLEGAL);     /* c.addi4spn with 0: defined illegal */
    assert_int_equal(dec(0x0000).imm, 0);
    assert_int_equal(dec(0x6101).op, OP_ILLEGAL);     /* c.addi16sp with imm 0 */
    assert_int_equal(dec(0x4002).op, OP_ILLEGAL);     /* c.lwsp x0 */
    assert_int_equal(dec(0x8002).op, OP_ILLEGAL);     /* c.jr x0 */
    assert_int_equal(dec(0xffffffff).op, OP_ILLEGAL); /* 64-bit+ encoding space */
    assert_int_equal(dec(FADD_D(1, 2, 3, 5)).op, OP_ILLEGAL); /* reserved rounding mode */
    assert_int_equal(dec(enc_r(0x02 << 2, 5, 1, 3, 2, 0x2f)).op, OP_ILLEGAL); /* lr with rs2 != 0 */
    assert_int_equal(dec(enc_i(0, 1, 7, 2, 0x03)).op, OP_ILLEGAL); /* load funct3 = 7 */
    assert_int_equal(dec(0x0000007f).op, OP_ILLEGAL);
    struct insn d = dec(0xdeadb00b); /* custom-0 opcode: illegal, bits kept for xtval */
    assert_int_equal(d.op, OP_ILLEGAL);
    assert_int_equal((uint32_t)d.imm, 0xdeadb00b);
    d = dec(0x0001ffff & 0xffff0000u); /* 16-bit 0x0000 in the low half is what counts */
    assert_int_equal(d.op, OP_ILLEGAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_formats),
        cmocka_unit_test(test_extensions),
        cmocka_unit_test(test_compressed),
        cmocka_unit_test(test_reserved_encodings_are_illegal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
