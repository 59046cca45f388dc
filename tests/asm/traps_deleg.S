# Trap delegation: medeleg sends exceptions from U and S to S-mode (scause,
# sepc, stval, sstatus.SPP/SPIE/SIE); exceptions not delegated go to M and
# leave the S CSRs alone; M-mode traps are never delegated even with every
# medeleg bit set; sret semantics (SIE <- SPIE, SPIE <- 1, SPP <- U, mode <-
# SPP); vectored stvec takes exceptions at the base.
#include "env.h"
        .option norvc

#define SSTATUS_SIE  (1 << 1)
#define SSTATUS_SPIE (1 << 5)
#define SSTATUS_SPP  (1 << 8)

TEST_BEGIN
        USE_MTRAP
        PMP_ALLOW_ALL
        USE_STRAP
        csrw mie, x0
        csrw mideleg, x0
        li t0, (1 << 8) | (1 << 2) | (1 << 3)    /* U ecall, illegal, breakpoint */
        csrw medeleg, t0
        csrr a0, medeleg
        CHECKR(1, a0, t0)

        /* ---- ecall from U, delegated: handled in S ---- */
        EXPECT(1f)
        ENTER_U(2f)
2:      ecall
        j __test_fail
1:      /* now in S-mode */
        CHECK(2, TRAP_CAUSE, 8)
        la t0, 2b
        CHECKR(3, TRAP_EPC, t0)
        CHECK(4, TRAP_TVAL, 0)
        andi a0, TRAP_STATUS, SSTATUS_SPP
        CHECK(5, a0, 0)
        /* illegal instruction in S, delegated: stays in S, SPP = S */
        EXPECT(1f)
2:      .word 0xffffffff
        j __test_fail
1:      CHECK(6, TRAP_CAUSE, 2)
        la t0, 2b
        CHECKR(7, TRAP_EPC, t0)
        li t0, 0xffffffff
        CHECKR(8, TRAP_TVAL, t0)
        andi a0, TRAP_STATUS, SSTATUS_SPP
        CHECK(9, a0, SSTATUS_SPP)
        /* S accessing an M CSR: illegal, delegated here too */
        EXPECT(1f)
2:      csrr a0, mscratch
        j __test_fail
1:      CHECK(10, TRAP_CAUSE, 2)
        li t0, 0x34002573                 /* csrr a0, mscratch */
        CHECKR(11, TRAP_TVAL, t0)
        /* sstatus stack: SIE = 1 before the trap -> SPIE = 1, SIE = 0 */
        csrsi sstatus, SSTATUS_SIE        /* nothing enabled in sie */
        EXPECT(1f)
2:      ebreak
        j __test_fail
1:      CHECK(12, TRAP_CAUSE, 3)
        la t0, 2b
        CHECKR(13, TRAP_EPC, t0)
        andi a0, TRAP_STATUS, SSTATUS_SIE
        CHECK(14, a0, 0)
        andi a0, TRAP_STATUS, SSTATUS_SPIE
        CHECK(15, a0, SSTATUS_SPIE)
        /* the capture handler came back with SIE = 0 */
        csrr a0, sstatus
        andi a0, a0, SSTATUS_SIE
        CHECK(16, a0, 0)

        /* ---- sret S -> S: SIE <- SPIE, SPIE <- 1, SPP <- U ---- */
        csrci sstatus, SSTATUS_SIE
        li t0, SSTATUS_SPIE | SSTATUS_SPP
        csrs sstatus, t0
        la t0, 1f
        csrw sepc, t0
        sret
        j __test_fail
1:      csrr a0, sstatus
        andi a1, a0, SSTATUS_SIE
        CHECK(17, a1, SSTATUS_SIE)
        andi a1, a0, SSTATUS_SPIE
        CHECK(18, a1, SSTATUS_SPIE)
        andi a1, a0, SSTATUS_SPP
        CHECK(19, a1, 0)
        li t0, SSTATUS_SPP
        csrs sstatus, t0
        li t0, SSTATUS_SPIE
        csrc sstatus, t0
        la t0, 1f
        csrw sepc, t0
        sret
1:      csrr a0, sstatus
        andi a1, a0, SSTATUS_SIE
        CHECK(20, a1, 0)
        andi a1, a0, SSTATUS_SPIE
        CHECK(21, a1, SSTATUS_SPIE)
        /* ---- sret S -> U: U can't read sstatus (delegated illegal) ---- */
        EXPECT(1f)
        S_ENTER_U(2f)
2:      csrr a0, sstatus
        j __test_fail
1:      CHECK(22, TRAP_CAUSE, 2)
        andi a0, TRAP_STATUS, SSTATUS_SPP
        CHECK(23, a0, 0)
        la t0, 2b
        CHECKR(24, TRAP_EPC, t0)

        /* ---- ecall from S is not delegated: goes to M with cause 9 ---- */
        EXPECT(1f)
2:      ecall
        j __test_fail
1:      /* back in M */
        CHECK(25, TRAP_CAUSE, 9)
        la t0, 2b
        CHECKR(26, TRAP_EPC, t0)
        li t0, 1 << 11
        li t1, 3 << 11
        and a0, TRAP_STATUS, t1
        CHECKR(27, a0, t0)                /* MPP = S */

        /* ---- a trap taken in M leaves scause/sepc/stval alone ---- */
        csrw medeleg, x0
        li t0, 0x5a5a
        csrw scause, t0
        csrw sepc, t0
        csrw stval, t0
        EXPECT(1f)
        ENTER_U(2f)
2:      .word 0xffffffff
        j __test_fail
1:      CHECK(28, TRAP_CAUSE, 2)
        csrr a0, scause
        CHECK(29, a0, 0x5a5a)
        csrr a0, sepc
        CHECK(30, a0, 0x5a5a)
        csrr a0, stval
        CHECK(31, a0, 0x5a5a)

        /* ---- M-mode traps are never delegated ---- */
        li t0, -1
        csrw medeleg, t0
        EXPECT_TRAP(32, 11, ecall)
        EXPECT_TRAP(33, 2, .word 0xffffffff)
        EXPECT_TRAP(34, 3, ebreak)
        csrr a0, scause
        CHECK(35, a0, 0x5a5a)
        /* but with everything delegated, U's and S's exceptions go to S */
        li t0, 1 << 3                     /* mie.MSIE, for the way back */
        csrw mie, t0
        EXPECT(1f)
        ENTER_U(2f)
2:      ecall
        j __test_fail
1:      CHECK(36, TRAP_CAUSE, 8)          /* in S */
        EXPECT(1f)
2:      ecall
        j __test_fail
1:      CHECK(37, TRAP_CAUSE, 9)          /* S ecall delegated: still in S */
        la t0, 2b
        CHECKR(38, TRAP_EPC, t0)
        /* leave S through a machine software interrupt (never delegated) */
        EXPECT(1f)
        li t0, 0x2000000                  /* CLINT msip */
        li t1, 1
        sw t1, 0(t0)
2:      j 2b
1:      li t0, 0x8000000000000003
        CHECKR(39, TRAP_CAUSE, t0)
        li t0, 0x2000000
        sw x0, 0(t0)
        csrw mie, x0
        csrw medeleg, x0

        /* ---- vectored stvec: exceptions at the base ---- */
        li t0, 1 << 8
        csrw medeleg, t0
        la t0, svec
        ori t0, t0, 1
        csrw stvec, t0
        csrr a0, stvec
        CHECKR(40, a0, t0)
        EXPECT(1f)
        ENTER_U(2f)
2:      ecall
        j __test_fail
1:      CHECK(41, TRAP_CAUSE, 8)
        CHECK(42, a5, 0xabc)              /* came through svec entry 0 */
        EXPECT(1f)
        ecall                             /* S -> M */
1:      CHECK(43, TRAP_CAUSE, 9)

        TEST_PASS

        .align 6
svec:   j svec0
        .rept 15
        j __unexpected_trap
        .endr
svec0:  li a5, 0xabc
        j __s_trap
TEST_END
