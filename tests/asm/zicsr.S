# Zicsr / Zicntr / Zihintpause / Zifencei: csrrw/csrrs/csrrc and immediate
# forms (old value in rd, new value written, masks, rd = x0, rs1 = x0 and
# uimm = 0 not writing), read-only CSRs (reads legal, writes illegal with
# mtval = instruction), non-existent CSRs illegal, cycle and instret
# counting up, mcycle/minstret writable, pause, and fence.i making stored
# instructions visible to fetch (incl. the very next instruction and a
# 32-bit instruction replaced by two 16-bit ones).
#include "env.h"
        .option norvc

TEST_BEGIN
        USE_MTRAP

        /* ---- csrrw / csrrs / csrrc on mscratch ---- */
        li t0, 0x0123456789abcdef
        csrw mscratch, t0
        li t1, 0xfedcba9876543210
        csrrw a0, mscratch, t1
        CHECK(1, a0, 0x0123456789abcdef)
        csrr a1, mscratch
        CHECK(2, a1, 0xfedcba9876543210)
        li t1, 0x0f0f
        csrrs a0, mscratch, t1
        CHECK(3, a0, 0xfedcba9876543210)
        csrr a1, mscratch
        CHECK(4, a1, 0xfedcba9876543f1f)
        li t1, 0xff000000000000ff
        csrrc a0, mscratch, t1
        CHECK(5, a0, 0xfedcba9876543f1f)
        csrr a1, mscratch
        CHECK(6, a1, 0x00dcba9876543f00)
        /* rd == rs1: swap */
        li a0, 42
        csrrw a0, mscratch, a0
        CHECK(7, a0, 0x00dcba9876543f00)
        csrr a1, mscratch
        CHECK(8, a1, 42)
        /* rd = x0 */
        li t1, -1
        csrrw x0, mscratch, t1
        csrr a1, mscratch
        CHECK(9, a1, -1)
        li t1, 0xf0
        csrrc x0, mscratch, t1
        csrr a1, mscratch
        CHECK(10, a1, 0xffffffffffffff0f)
        csrrs x0, mscratch, t1
        csrr a1, mscratch
        CHECK(11, a1, -1)
        /* rs1 = x0: csrrs/csrrc only read */
        csrrs a0, mscratch, x0
        CHECK(12, a0, -1)
        csrrc a0, mscratch, x0
        CHECK(13, a0, -1)
        csrr a1, mscratch
        CHECK(14, a1, -1)
        /* csrrw with rs1 = x0 writes zero */
        csrrw a0, mscratch, x0
        CHECK(15, a0, -1)
        csrr a1, mscratch
        CHECK(16, a1, 0)

        /* ---- immediate forms: 5-bit zero-extended uimm ---- */
        csrrwi a0, mscratch, 31
        CHECK(17, a0, 0)
        csrr a1, mscratch
        CHECK(18, a1, 31)
        csrrci a0, mscratch, 0x15
        CHECK(19, a0, 31)
        csrr a1, mscratch
        CHECK(20, a1, 0x0a)
        csrrsi a0, mscratch, 0x10
        CHECK(21, a0, 0x0a)
        csrr a1, mscratch
        CHECK(22, a1, 0x1a)
        csrrsi a0, mscratch, 0          /* uimm 0: no write */
        CHECK(23, a0, 0x1a)
        csrrci a0, mscratch, 0
        CHECK(24, a0, 0x1a)
        csrwi mscratch, 0
        csrr a1, mscratch
        CHECK(25, a1, 0)
        li t0, -1
        csrw mscratch, t0
        csrrwi a0, mscratch, 16         /* not sign-extended */
        csrr a1, mscratch
        CHECK(26, a1, 16)

        /* ---- read-only CSRs: reads legal, writes illegal ---- */
        csrr a0, cycle
        csrrs a0, cycle, x0
        csrrc a0, instret, x0
        csrrsi a0, cycle, 0
        csrrci a0, instret, 0
        csrr a0, mhartid
        CHECK(27, a0, 0)
        csrr a0, mvendorid
        csrr a0, marchid
        csrr a0, mimpid
        EXPECT_TRAP(28, 2, csrw cycle, x0)
        li t0, 0xc0001073                /* csrrw x0, cycle, x0 */
        CHECKR(29, TRAP_TVAL, t0)
        EXPECT_TRAP(30, 2, csrrwi a0, instret, 0)
        EXPECT_TRAP(31, 2, csrrsi a0, cycle, 1)
        li t1, 1
        EXPECT_TRAP(32, 2, csrrc a0, mhartid, t1)
        EXPECT_TRAP(33, 2, csrw mhartid, x0)
        EXPECT_TRAP(34, 2, csrrs a0, mvendorid, t1)
        /* a trapping csr instruction writes no rd */
        li a0, 0x77
        EXPECT_TRAP(35, 2, csrrw a0, cycle, a0)
        CHECK(36, a0, 0x77)

        /* ---- CSRs that do not exist here ---- */
        EXPECT_TRAP(37, 2, csrr a0, 0xc80)     /* cycleh: RV32 only */
        li t0, 0xc8002573
        CHECKR(38, TRAP_TVAL, t0)
        EXPECT_TRAP(39, 2, csrr a0, 0xc82)     /* instreth */
        EXPECT_TRAP(40, 2, csrr a0, 0x7b0)     /* dcsr: debug mode only */
        EXPECT_TRAP(41, 2, csrr a0, 0x3a1)     /* pmpcfg1: RV32 only */

        /* ---- counters ---- */
        rdcycle a0
        rdinstret a1
        li t0, 200
1:      addi t0, t0, -1
        bnez t0, 1b
        rdcycle a2
        rdinstret a3
        FAILIF(42, bgeu, a0, a2)
        FAILIF(43, bgeu, a1, a3)
        sub a3, a3, a1                   /* at least the 400 loop insns */
        li t0, 400
        FAILIF(44, bltu, a3, t0)
        /* the M-mode counters are the same counters */
        csrr a0, mcycle
        csrr a1, cycle
        FAILIF(45, bltu, a1, a0)
        /* and they can be written */
        li t0, 0x100000000
        csrw mcycle, t0
        csrr a0, cycle
        FAILIF(46, bltu, a0, t0)
        li t1, 0x100100000
        FAILIF(47, bgeu, a0, t1)
        li t0, 0x200000000
        csrw minstret, t0
        csrr a0, instret
        FAILIF(48, bltu, a0, t0)
        li t1, 0x200100000
        FAILIF(49, bgeu, a0, t1)
        csrw minstret, x0
        csrr a0, minstret
        li t1, 0x100000
        FAILIF(50, bgeu, a0, t1)
        /* hpm counters read zero */
        csrr a0, hpmcounter3
        CHECK(51, a0, 0)
        csrr a0, mhpmcounter3
        CHECK(52, a0, 0)
        csrr a0, hpmcounter4
        CHECK(53, a0, 0)

        /* ---- pause (a fence hint): no architectural effect ---- */
        li a0, 1
        li a1, 2
        .option push
        .option arch, +zihintpause
        pause
        .option pop
        .word 0x0100000f                 /* pause, encoded by hand */
        CHECK(54, a0, 1)
        CHECK(55, a1, 2)

        /* ---- fence.i: self-modifying code ---- */
        la s0, smc
        jalr ra, s0
        CHECK(56, a0, 1)                 /* original: li a0, 1 */
        li t0, 0x02a00513                /* addi a0, x0, 42 */
        sw t0, 0(s0)
        fence.i
        jalr ra, s0
        CHECK(57, a0, 42)
        li t0, 0xf9c00513                /* addi a0, x0, -100 */
        sw t0, 0(s0)
        fence.i
        jalr ra, s0
        CHECK(58, a0, -100)
        /* replace one 32-bit instruction by two 16-bit ones:
         * c.li a0, 5 (0x4515); c.addi a0, 2 (0x0509) */
        li t0, 0x05094515
        sw t0, 0(s0)
        fence.i
        jalr ra, s0
        CHECK(59, a0, 7)
        /* and back */
        li t0, 0x00300513                /* addi a0, x0, 3 */
        sw t0, 0(s0)
        fence.i
        jalr ra, s0
        CHECK(60, a0, 3)
        /* modify the instruction right after the store, in the same run of
         * straight-line code */
        la t0, 1f
        li t1, 0x00900593                /* addi a1, x0, 9 */
        sw t1, 0(t0)
        fence.i
1:      addi a1, x0, 1
        CHECK(61, a1, 9)
        /* the same code once more (it stays modified) */
        li a2, 0
2:      la t0, 1f
        fence.i
1:      addi a1, x0, 1
        bnez a2, 3f
        li t1, 0x00b00593                /* addi a1, x0, 11 */
        sw t1, 0(t0)
        li a2, 1
        j 2b
3:      CHECK(62, a1, 11)
        /* loop body patched between iterations */
        li a2, 0
        li a3, 0
        la t0, 1f
        li t1, 0x00268693                /* addi a3, a3, 2 */
4:      fence.i
1:      addi a3, a3, 1
        addi a2, a2, 1
        sw t1, 0(t0)
        li t2, 3
        bne a2, t2, 4b
        CHECK(63, a3, 5)                 /* 1 + 2 + 2 */

        TEST_PASS

        .data
        .align 6
smc:    addi a0, x0, 1
        jalr x0, 0(ra)
TEST_END
