# RV64I control transfer: every conditional branch taken and not taken
# (signed/unsigned edge values, x0 operands, equal registers, backward
# branches), jal and jalr link values, jalr clearing bit 0 of the target,
# jalr with rd == rs1, jal/jalr with x0 as link register.
#include "env.h"
        .option norvc

/* TAKEN: the branch must go to its target; NOTTAKEN: it must fall through */
#define TAKEN(n, op, v1, v2)                                    \
        li TESTNUM, n; li a1, v1; li a2, v2;                    \
        op a1, a2, 8f; j __test_fail; 8:
#define NOTTAKEN(n, op, v1, v2)                                 \
        li TESTNUM, n; li a1, v1; li a2, v2;                    \
        op a1, a2, __test_fail

TEST_BEGIN
        TAKEN(1, beq, 0, 0)
        TAKEN(2, beq, -1, -1)
        TAKEN(3, beq, 0x8000000000000000, 0x8000000000000000)
        NOTTAKEN(4, beq, 0, 1)
        NOTTAKEN(5, beq, 0x100000000, 0)        /* differs only above bit 31 */
        NOTTAKEN(6, beq, -1, 0x7fffffffffffffff)

        TAKEN(7, bne, 0, 1)
        TAKEN(8, bne, 0x100000000, 0)
        TAKEN(9, bne, 0x8000000000000000, 0)
        NOTTAKEN(10, bne, 5, 5)
        NOTTAKEN(11, bne, -1, -1)

        TAKEN(12, blt, -1, 0)
        TAKEN(13, blt, 0x8000000000000000, 0x7fffffffffffffff)
        TAKEN(14, blt, -2, -1)
        TAKEN(15, blt, 0, 1)
        NOTTAKEN(16, blt, 0, -1)
        NOTTAKEN(17, blt, 1, 1)
        NOTTAKEN(18, blt, 0x7fffffffffffffff, 0x8000000000000000)
        NOTTAKEN(19, blt, 0x0000000080000000, 0xffffffff80000000)

        TAKEN(20, bge, 0, -1)
        TAKEN(21, bge, 1, 1)
        TAKEN(22, bge, 0x7fffffffffffffff, 0x8000000000000000)
        TAKEN(23, bge, -1, -1)
        NOTTAKEN(24, bge, -1, 0)
        NOTTAKEN(25, bge, 0x8000000000000000, 0x7fffffffffffffff)
        NOTTAKEN(26, bge, -2, -1)

        TAKEN(27, bltu, 0, -1)
        TAKEN(28, bltu, 0x7fffffffffffffff, 0x8000000000000000)
        TAKEN(29, bltu, 0xfffffffffffffffe, 0xffffffffffffffff)
        TAKEN(30, bltu, 0x00000000ffffffff, 0x0000000100000000)
        NOTTAKEN(31, bltu, -1, 0)
        NOTTAKEN(32, bltu, 3, 3)
        NOTTAKEN(33, bltu, 0x8000000000000000, 0x7fffffffffffffff)

        TAKEN(34, bgeu, -1, 0)
        TAKEN(35, bgeu, 3, 3)
        TAKEN(36, bgeu, 0x8000000000000000, 0x7fffffffffffffff)
        TAKEN(37, bgeu, 0, 0)
        NOTTAKEN(38, bgeu, 0, -1)
        NOTTAKEN(39, bgeu, 0x7fffffffffffffff, 0x8000000000000000)
        NOTTAKEN(40, bgeu, 0x00000000ffffffff, 0x0000000100000000)

        /* x0 operands and identical registers */
        li TESTNUM, 41
        beq x0, x0, 1f
        j __test_fail
1:      li TESTNUM, 42
        bne x0, x0, __test_fail
        li a1, -7
        li TESTNUM, 43
        blt a1, x0, 1f                   /* bltz */
        j __test_fail
1:      li TESTNUM, 44
        bge a1, x0, __test_fail          /* bgez not taken */
        li TESTNUM, 45
        bltu x0, a1, 1f                  /* a1 != 0 */
        j __test_fail
1:      li TESTNUM, 46
        bgeu x0, a1, __test_fail
        li TESTNUM, 47
        bge a1, a1, 1f
        j __test_fail
1:      li TESTNUM, 48
        blt a1, a1, __test_fail
        li TESTNUM, 49
        bltu a1, a1, __test_fail
        li TESTNUM, 50
        bgeu a1, a1, 1f
        j __test_fail
1:
        /* backward branches: a loop that runs 10 times */
        li a0, 0
        li a1, 10
1:      addi a0, a0, 3
        addi a1, a1, -1
        bnez a1, 1b
        CHECK(51, a0, 30)
        li a0, 0
        li a1, -5
1:      addi a0, a0, 1
        addi a1, a1, 1
        blt a1, x0, 1b
        CHECK(52, a0, 5)
        /* a branch not taken must not write anything, a taken one neither */
        li a1, 1
        li a2, 2
        beq a1, a2, __test_fail
        CHECK(53, a1, 1)
        CHECK(54, a2, 2)

        /* ---- jal ---- */
        li ra, 0
        jal ra, 1f
2:      j __test_fail
1:      la a0, 2b
        CHECKR(55, ra, a0)
        jal t1, 1f                      /* any register can link */
2:      j __test_fail
1:      la a0, 2b
        CHECKR(56, t1, a0)
        li a0, 0
        jal x0, 1f                      /* j: no link */
        j __test_fail
1:      CHECK(57, x0, 0)
        /* backward jal */
        li a0, 0
        j 3f
2:      addi a0, a0, 1
        j 4f
3:      jal a3, 2b
5:      j __test_fail
4:      CHECK(58, a0, 1)
        la a1, 5b
        CHECKR(59, a3, a1)

        /* ---- jalr ---- */
        la t0, 1f
        jalr ra, 0(t0)
2:      j __test_fail
1:      la a0, 2b
        CHECKR(60, ra, a0)
        /* target with bit 0 set: bit 0 is cleared */
        la t0, 1f
        addi t0, t0, 1
        jalr ra, 0(t0)
        j __test_fail
1:      CHECK(61, x0, 0)
        la t0, 1f
        jalr ra, 1(t0)                  /* bit 0 from the offset */
        j __test_fail
1:      CHECK(62, x0, 0)
        la t0, 1f
        addi t0, t0, 2
        jalr ra, -1(t0)                 /* (t0 - 1) & ~1 = label + 0 */
        j __test_fail
1:      CHECK(63, x0, 0)
        /* positive and negative offsets */
        la t0, 1f
        addi t0, t0, -2000
        jalr ra, 2000(t0)
        j __test_fail
1:      la t0, 1f
        addi t0, t0, 2047
        jalr ra, -2047(t0)
        j __test_fail
1:      CHECK(64, x0, 0)
        /* rd == rs1: the target uses the old value, then rd gets the link */
        la a0, 1f
        jalr a0, 0(a0)
2:      j __test_fail
1:      la a1, 2b
        CHECKR(65, a0, a1)
        /* jalr x0 (plain jump / ret) */
        la t0, 1f
        jalr x0, 0(t0)
        j __test_fail
1:      CHECK(66, x0, 0)
        /* call/ret through a subroutine that returns a value */
        li a0, 5
        jal ra, times3
        CHECK(67, a0, 15)
        la t1, times3
        jalr ra, 0(t1)
        CHECK(68, a0, 45)
        /* ret with the link register also the source of jalr ra,0(ra) */
        la ra, 1f
        jalr ra, 0(ra)
2:      j __test_fail
1:      la a1, 2b
        CHECKR(69, ra, a1)

        TEST_PASS

times3: slli a1, a0, 1
        add a0, a0, a1
        ret
TEST_END
