# Traps, basic: ecall from M/S/U (causes 11/9/8, mtval 0), ebreak (cause 3),
# illegal instructions (cause 2, mtval = the instruction bits, 16 bits for
# compressed ones), mepc values, the mstatus MIE/MPIE/MPP stack on a trap
# and on mret, MPRV cleared by an mret to a lower mode, xRET from lower
# modes illegal, direct and vectored mtvec for exceptions.
#include "env.h"
        .option norvc

#define MSTATUS_MIE  (1 << 3)
#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_MPP  (3 << 11)
#define MSTATUS_MPRV (1 << 17)

TEST_BEGIN
        USE_MTRAP
        PMP_ALLOW_ALL

        /* ---- ecall from M ---- */
        EXPECT_TRAP(1, 11, ecall)
        CHECK(2, TRAP_TVAL, 0)
        /* MPP = M at the trap, MIE = 0 */
        li t0, MSTATUS_MPP
        and a0, TRAP_STATUS, t0
        CHECK(3, a0, MSTATUS_MPP)
        andi a0, TRAP_STATUS, MSTATUS_MIE
        CHECK(4, a0, 0)

        /* ---- ebreak ---- */
        EXPECT_TRAP(5, 3, ebreak)
        /* c.ebreak (16-bit) */
        EXPECT_TRAP(6, 3, .half 0x9002; .half 0x0001)

        /* ---- illegal instructions and mtval ---- */
        EXPECT_TRAP(7, 2, .word 0xffffffff)
        li t0, 0xffffffff
        CHECKR(8, TRAP_TVAL, t0)
        EXPECT_TRAP(9, 2, .word 0x0000000b)      /* custom-0 opcode */
        CHECK(10, TRAP_TVAL, 0x0000000b)
        EXPECT_TRAP(11, 2, .word 0x8000707f)     /* opcode 0x7f: >= 80-bit insn space */
        /* all-zero 16 bits: defined illegal; mtval = 0 (the 16 bits) */
        EXPECT_TRAP(12, 2, .half 0x0000; .half 0x0001)
        CHECK(13, TRAP_TVAL, 0)
        /* reserved compressed encodings: mtval has just the 16 bits */
        EXPECT_TRAP(14, 2, .half 0x6081; .half 0x0001)   /* c.lui ra, 0 */
        CHECK(15, TRAP_TVAL, 0x6081)
        EXPECT_TRAP(16, 2, .half 0x0004; .half 0x0001)   /* c.addi4spn, imm 0 */
        CHECK(17, TRAP_TVAL, 0x0004)
        EXPECT_TRAP(18, 2, .half 0x8002; .half 0x0001)   /* c.jr x0 */
        CHECK(19, TRAP_TVAL, 0x8002)
        EXPECT_TRAP(20, 2, .half 0x4002; .half 0x0001)   /* c.lwsp x0 */
        CHECK(21, TRAP_TVAL, 0x4002)
        EXPECT_TRAP(22, 2, .half 0x6002; .half 0x0001)   /* c.ldsp x0 */
        CHECK(23, TRAP_TVAL, 0x6002)
        EXPECT_TRAP(24, 2, .half 0x6101; .half 0x0001)   /* c.addi16sp 0 */
        CHECK(25, TRAP_TVAL, 0x6101)
        /* illegal in the middle of otherwise valid code: rd untouched */
        li a0, 5
        EXPECT_TRAP(26, 2, .word 0x0200050b)     /* custom-0 with rd = a0 */
        CHECK(27, a0, 5)

        /* ---- ecall from S and U, MPP recorded ---- */
        EXPECT(1f)
        ENTER_S(2f)
2:      ecall
3:      j __test_fail
1:      CHECK(28, TRAP_CAUSE, 9)
        la t0, 2b
        CHECKR(29, TRAP_EPC, t0)
        CHECK(30, TRAP_TVAL, 0)
        li t0, MSTATUS_MPP
        and a0, TRAP_STATUS, t0
        CHECK(31, a0, 1 << 11)
        EXPECT(1f)
        ENTER_U(2f)
2:      ecall
        j __test_fail
1:      CHECK(32, TRAP_CAUSE, 8)
        la t0, 2b
        CHECKR(33, TRAP_EPC, t0)
        li t0, MSTATUS_MPP
        and a0, TRAP_STATUS, t0
        CHECK(34, a0, 0)
        /* ebreak and illegal instruction from U: same causes, in M */
        EXPECT(1f)
        ENTER_U(2f)
2:      ebreak
        j __test_fail
1:      CHECK(35, TRAP_CAUSE, 3)
        la t0, 2b
        CHECKR(36, TRAP_EPC, t0)
        EXPECT(1f)
        ENTER_U(2f)
2:      .word 0xffffffff
        j __test_fail
1:      CHECK(37, TRAP_CAUSE, 2)
        li t0, 0xffffffff
        CHECKR(38, TRAP_TVAL, t0)

        /* ---- mstatus stack on a trap: MPIE <- MIE, MIE <- 0 ---- */
        csrsi mstatus, MSTATUS_MIE       /* no interrupt is enabled in mie */
        csrw mie, x0
        EXPECT(1f)
        ecall
1:      andi a0, TRAP_STATUS, MSTATUS_MIE
        CHECK(39, a0, 0)
        andi a0, TRAP_STATUS, MSTATUS_MPIE
        CHECK(40, a0, MSTATUS_MPIE)
        /* the capture handler came back with MIE = 0 */
        csrr a0, mstatus
        andi a0, a0, MSTATUS_MIE
        CHECK(41, a0, 0)
        EXPECT(1f)
        ecall
1:      andi a0, TRAP_STATUS, MSTATUS_MPIE
        CHECK(42, a0, 0)

        /* ---- mret: MIE <- MPIE, MPIE <- 1, MPP <- U, to MPP's mode ---- */
        li t0, MSTATUS_MPP
        csrs mstatus, t0                 /* MPP = M */
        li t0, MSTATUS_MPIE
        csrs mstatus, t0
        csrci mstatus, MSTATUS_MIE
        la t0, 1f
        csrw mepc, t0
        mret
        j __test_fail
1:      csrr a0, mstatus
        andi a1, a0, MSTATUS_MIE
        CHECK(43, a1, MSTATUS_MIE)
        andi a1, a0, MSTATUS_MPIE
        CHECK(44, a1, MSTATUS_MPIE)
        li t0, MSTATUS_MPP
        and a1, a0, t0
        CHECK(45, a1, 0)                 /* least-privileged mode: U */
        /* MPIE = 0 -> MIE = 0, MPIE still set to 1 */
        li t0, MSTATUS_MPP
        csrs mstatus, t0
        li t0, MSTATUS_MPIE
        csrc mstatus, t0
        csrsi mstatus, MSTATUS_MIE
        la t0, 1f
        csrw mepc, t0
        mret
1:      csrr a0, mstatus
        andi a1, a0, MSTATUS_MIE
        CHECK(46, a1, 0)
        andi a1, a0, MSTATUS_MPIE
        CHECK(47, a1, MSTATUS_MPIE)
        /* mret to S: the mode really is S (mstatus is not accessible,
         * sstatus is).  (MPRV being cleared: see traps_strict.S) */
        EXPECT(1f)
        ENTER_S(2f)
2:      csrr a0, sstatus
        csrr a0, mstatus                 /* illegal in S */
        j __test_fail
1:      CHECK(48, TRAP_CAUSE, 2)
        li t0, MSTATUS_MPRV
        and a0, TRAP_STATUS, t0
        CHECK(49, a0, 0)
        li t0, MSTATUS_MPP
        and a0, TRAP_STATUS, t0
        CHECK(50, a0, 1 << 11)
        /* mret to M keeps MPRV */
        li t0, MSTATUS_MPRV | MSTATUS_MPP
        csrs mstatus, t0
        la t0, 1f
        csrw mepc, t0
        mret
1:      csrr a0, mstatus
        li t0, MSTATUS_MPRV
        and a0, a0, t0
        CHECK(51, a0, MSTATUS_MPRV)
        li t0, MSTATUS_MPRV
        csrc mstatus, t0

        /* ---- xRET from less-privileged modes ---- */
        EXPECT(1f)
        ENTER_U(2f)
2:      mret
        j __test_fail
1:      CHECK(53, TRAP_CAUSE, 2)
        CHECK(54, TRAP_TVAL, 0x30200073)
        EXPECT(1f)
        ENTER_S(2f)
2:      mret
        j __test_fail
1:      CHECK(55, TRAP_CAUSE, 2)
        EXPECT(1f)
        ENTER_U(2f)
2:      sret
        j __test_fail
1:      CHECK(56, TRAP_CAUSE, 2)
        CHECK(57, TRAP_TVAL, 0x10200073)

        /* ---- vectored mtvec: exceptions still go to the base ---- */
        la t0, vec_table
        ori t0, t0, 1
        csrw mtvec, t0
        csrr a0, mtvec
        CHECKR(58, a0, t0)
        li a0, 0
        ecall
        CHECK(59, a0, 0x11)              /* vec_table entry 0 ran */
        li a0, 0
        ebreak
        CHECK(60, a0, 0x11)
        USE_MTRAP
        csrr a0, mtvec
        andi a0, a0, 3
        CHECK(61, a0, 0)

        /* ---- mcause and mepc are plain read/write registers too ---- */
        li t0, 0x8000000000000005
        csrw mcause, t0
        csrr a0, mcause
        CHECKR(62, a0, t0)
        li t0, 0x1234
        csrw mtval, t0
        csrr a0, mtval
        CHECK(63, a0, 0x1234)

        TEST_PASS

        /* vectored table: entry 0 (exceptions) skips the trapping
         * instruction; no other entry is expected */
        .align 6
vec_table:
        j vec_exc
        .rept 15
        j __unexpected_trap
        .endr
vec_exc:
        li a0, 0x11
        csrr t0, mepc
        addi t0, t0, 4
        csrw mepc, t0
        mret
TEST_END
