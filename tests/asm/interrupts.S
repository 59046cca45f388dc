# Interrupts: CLINT machine timer (MTIP follows mtime >= mtimecmp, taken when
# mstatus.MIE and mie.MTIE are set, mcause 0x8000000000000007, mepc = next
# instruction), CLINT machine software interrupt (msip), supervisor software
# interrupt set in mip by M and delegated to S (and not delegated), global
# enables per mode (M interrupts always on in S/U; delegated ones never taken
# in M; S interrupts in S need SIE, in U they don't), wfi waking on a pending
# enabled interrupt with mstatus.MIE = 0, vectored mtvec/stvec (base +
# 4 * cause), and the priority order MSI > MTI > SEI > SSI > STI.
#include "env.h"
        .option norvc

#define CLINT_MSIP     0x2000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME    0x200bff8
#define MIP_SSIP (1 << 1)
#define MIP_MSIP (1 << 3)
#define MIP_STIP (1 << 5)
#define MIP_MTIP (1 << 7)
#define MIP_SEIP (1 << 9)
#define INT(c) (0x8000000000000000 | (c))

/* registers owned by the vectored handlers: s2 (entry), s3 (mcause),
 * s4, s5 (scratch), s6 (log of causes, 4 bits each) */

#define SET_MTIMECMP(reg) li t0, CLINT_MTIMECMP; sd reg, 0(t0)
#define TIMER_OFF li t0, CLINT_MTIMECMP; li t1, -1; sd t1, 0(t0)
#define MSIP(v) li t0, CLINT_MSIP; li t1, v; sw t1, 0(t0)
/* A store to the CLINT takes effect on mip after some (short) time: wait,
 * boundedly, until mip shows (WAIT_MIP) or stops showing (WAIT_MIP_CLEAR)
 * the bit; check n fails if it never does. */
#define WAIT_MIP(n, bit)                                        \
        li TESTNUM, n; li t2, 1000000;                          \
1:      csrr t1, mip; andi t1, t1, bit; bnez t1, 2f;            \
        addi t2, t2, -1; bnez t2, 1b; j __test_fail; 2:
#define WAIT_MIP_CLEAR(n, bit)                                  \
        li TESTNUM, n; li t2, 1000000;                          \
1:      csrr t1, mip; andi t1, t1, bit; beqz t1, 2f;            \
        addi t2, t2, -1; bnez t2, 1b; j __test_fail; 2:
/* wait (boundedly) until the handlers' log s6 equals val */
#define WAIT_LOG(n, val)                                        \
        li TESTNUM, n; li t1, val; li t2, 1000000;              \
1:      beq s6, t1, 2f; addi t2, t2, -1; bnez t2, 1b;           \
        j __test_fail; 2:

TEST_BEGIN
        USE_MTRAP
        PMP_ALLOW_ALL
        csrw mie, x0
        csrw mideleg, x0
        csrw medeleg, x0
        TIMER_OFF
        MSIP(0)
        WAIT_MIP_CLEAR(107, MIP_MTIP | MIP_MSIP)
        csrw mip, x0
        csrr a0, mip
        CHECK(1, a0, 0)

        /* ---- MTIP follows mtime >= mtimecmp, no trap while MIE = 0 ---- */
        SET_MTIMECMP(x0)                  /* already reached */
        li t0, MIP_MTIP
        csrw mie, t0
        WAIT_MIP(2, MIP_MTIP)
        TIMER_OFF
        WAIT_MIP_CLEAR(3, MIP_MTIP)
        /* pending + enabled in mie, then set MIE: taken right after the
         * csrs, mepc = the next instruction */
        SET_MTIMECMP(x0)
        WAIT_MIP(100, MIP_MTIP)
        EXPECT(2f)
        csrsi mstatus, 8
1:      j __test_fail
2:      li t0, INT(7)
        CHECKR(4, TRAP_CAUSE, t0)
        la t0, 1b
        CHECKR(5, TRAP_EPC, t0)
        CHECK(6, TRAP_TVAL, 0)
        andi a0, TRAP_STATUS, 8           /* MIE was cleared at the trap */
        CHECK(7, a0, 0)
        andi a0, TRAP_STATUS, 0x80        /* MPIE = 1 */
        CHECK(8, a0, 0x80)
        TIMER_OFF
        /* a timer in the future: spin until it fires */
        li t0, CLINT_MTIME
        ld a1, 0(t0)
        addi a1, a1, 200                  /* 20 us */
        SET_MTIMECMP(a1)
        EXPECT(2f)
        csrsi mstatus, 8
1:      j 1b
2:      li t0, INT(7)
        CHECKR(9, TRAP_CAUSE, t0)
        la t0, 1b
        CHECKR(10, TRAP_EPC, t0)
        li t0, CLINT_MTIME
        ld a2, 0(t0)
        FAILIF(11, bltu, a2, a1)          /* not before mtimecmp */
        TIMER_OFF
        /* enabling mie.MTIE with MIE already set: taken after the csrw */
        csrw mie, x0
        SET_MTIMECMP(x0)
        WAIT_MIP(101, MIP_MTIP)
        csrsi mstatus, 8
        li t1, MIP_MTIP
        EXPECT(2f)
        csrw mie, t1
1:      j __test_fail
2:      la t0, 1b
        CHECKR(12, TRAP_EPC, t0)
        TIMER_OFF
        csrw mie, x0

        /* ---- machine software interrupt ---- */
        li t0, MIP_MSIP
        csrw mie, t0
        MSIP(1)
        WAIT_MIP(13, MIP_MSIP)
        EXPECT(2f)
        csrsi mstatus, 8
1:      j __test_fail
2:      li t0, INT(3)
        CHECKR(14, TRAP_CAUSE, t0)
        la t0, 1b
        CHECKR(15, TRAP_EPC, t0)
        MSIP(0)
        WAIT_MIP_CLEAR(16, MIP_MSIP)
        li t0, CLINT_MSIP
        lw a0, 0(t0)
        CHECK(17, a0, 0)

        /* ---- M interrupts are taken in S and U whatever mstatus.MIE ---- */
        MSIP(1)
        csrci mstatus, 8
        EXPECT(2f)
        ENTER_U(1f)
1:      j 1b
2:      li t0, INT(3)
        CHECKR(18, TRAP_CAUSE, t0)
        la t0, 1b
        CHECKR(19, TRAP_EPC, t0)
        li t0, 3 << 11
        and a0, TRAP_STATUS, t0
        CHECK(20, a0, 0)                  /* MPP = U */
        EXPECT(2f)
        ENTER_S(1f)
1:      j 1b
2:      li t0, INT(3)
        CHECKR(21, TRAP_CAUSE, t0)
        MSIP(0)
        csrw mie, x0

        /* ---- supervisor software interrupt, not delegated ---- */
        li t0, MIP_SSIP
        csrw mie, t0
        csrs mip, t0
        /* in M with MIE = 0: not taken; in S: taken to M */
        EXPECT(2f)
        ENTER_S(1f)
1:      j 1b
2:      li t0, INT(1)
        CHECKR(22, TRAP_CAUSE, t0)
        li t0, 1 << 11
        li t1, 3 << 11
        and a0, TRAP_STATUS, t1
        CHECKR(23, a0, t0)                /* MPP = S */
        li t0, MIP_SSIP
        csrc mip, t0

        /* ---- supervisor software interrupt, delegated to S ---- */
        USE_STRAP
        li t0, MIP_SSIP
        csrw mideleg, t0
        csrw mie, t0
        csrs mip, t0
        /* never taken in M, even with MIE = 1 */
        csrsi mstatus, 8
        nop
        nop
        csrci mstatus, 8
        /* in S with SIE = 0: not taken */
        li t0, 1 << 1
        csrc mstatus, t0
        li TESTNUM, 24
        EXPECT(3f)                        /* M-handler, if reached */
        ENTER_S(1f)
1:      nop
        nop
        csrr a0, sip
        andi a0, a0, MIP_SSIP
        CHECK(25, a0, MIP_SSIP)
        /* setting SIE: taken in S right away, scause/sepc */
        EXPECT(2f)
        csrsi sstatus, 2
4:      j __test_fail
2:      li t0, INT(1)
        CHECKR(26, TRAP_CAUSE, t0)
        la t0, 4b
        CHECKR(27, TRAP_EPC, t0)
        andi a0, TRAP_STATUS, 1 << 5      /* SPIE = 1 */
        CHECK(28, a0, 1 << 5)
        andi a0, TRAP_STATUS, 1 << 8      /* SPP = S */
        CHECK(29, a0, 1 << 8)
        /* S clears it through sip */
        li t0, MIP_SSIP
        csrc sip, t0
        csrsi sstatus, 2
        nop
        /* back to M */
        EXPECT(3f)
        ecall
        j __test_fail
3:      CHECK(30, TRAP_CAUSE, 9)
        /* in U, a delegated S interrupt is taken whatever SIE is */
        csrci mstatus, 2                  /* SIE = 0 */
        li t0, MIP_SSIP
        csrs mip, t0
        EXPECT(2f)
        ENTER_U(1f)
1:      j 1b
2:      li t0, INT(1)
        CHECKR(31, TRAP_CAUSE, t0)        /* taken in S */
        andi a0, TRAP_STATUS, 1 << 8
        CHECK(32, a0, 0)                  /* SPP = U */
        la t0, 1b
        CHECKR(33, TRAP_EPC, t0)
        li t0, MIP_SSIP
        csrc sip, t0
        EXPECT(3f)
        ecall
        j __test_fail
3:      CHECK(34, TRAP_CAUSE, 9)
        csrw mideleg, x0
        csrw mie, x0

        /* ---- wfi wakes up on a pending, enabled interrupt even with
         * mstatus.MIE = 0, and then nothing is taken ---- */
        csrci mstatus, 8
        li t0, MIP_MTIP
        csrw mie, t0
        li t0, CLINT_MTIME
        ld a1, 0(t0)
        addi a1, a1, 500                  /* 50 us */
        SET_MTIMECMP(a1)
        li TESTNUM, 35
1:      wfi
        csrr a0, mip
        andi a0, a0, MIP_MTIP
        beqz a0, 1b
        li t0, CLINT_MTIME
        ld a2, 0(t0)
        FAILIF(36, bltu, a2, a1)
        /* already pending: wfi returns */
        li t0, MIP_MSIP
        csrs mie, t0
        MSIP(1)
        li TESTNUM, 37
        wfi
        MSIP(0)
        TIMER_OFF
        csrw mie, x0

        /* ---- vectored mtvec: each interrupt at base + 4 * cause ----
         * (one source at a time; the order when several are pending
         * is in interrupts_priority.S) */
        la t0, mvec
        ori t0, t0, 1
        csrw mtvec, t0
        li s6, 0
        li t0, MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP | MIP_STIP
        csrw mie, t0
        csrsi mstatus, 8
        MSIP(1)
        WAIT_LOG(102, 0x3)
        SET_MTIMECMP(x0)
        WAIT_LOG(103, 0x37)
        li t0, MIP_SSIP
        csrs mip, t0
        WAIT_LOG(104, 0x371)
        li t0, MIP_STIP
        csrs mip, t0
        WAIT_LOG(105, 0x3715)
        li t0, MIP_SEIP
        csrs mip, t0
        WAIT_LOG(106, 0x37159)
        csrci mstatus, 8
        CHECK(39, s6, 0x37159)
        csrr a0, mip
        andi a0, a0, 0x2aa
        CHECK(40, a0, 0)
        /* taken from U-mode: the U code raises them one by one through
         * a shared flag... it can't write mip, so use the CLINT only */
        li s6, 0
        li s7, 0
        ENTER_U(1f)
1:      li t0, CLINT_MSIP
        li t1, 1
        sw t1, 0(t0)
2:      beqz s6, 2b
        li t0, CLINT_MTIMECMP
        sd zero, 0(t0)
2:      li t1, 0x37
        bne s6, t1, 2b
        ecall
3:      /* ecall lands in mvec entry 0 -> back here in M */
        CHECK(41, s6, 0x37)
        CHECK(42, s7, 8)                  /* ecall from U seen */
        USE_MTRAP
        csrw mie, x0

        /* ---- vectored stvec: delegated SSI at base + 4 ---- */
        la t0, svec
        ori t0, t0, 1
        csrw stvec, t0
        li t0, MIP_SSIP
        csrw mideleg, t0
        csrw mie, t0
        li s6, 0
        csrs mip, t0
        EXPECT(3f)
        ENTER_S(1f)
1:      csrsi sstatus, 2
        nop
        CHECK(43, s6, 1)
        ecall
        j __test_fail
3:      CHECK(44, TRAP_CAUSE, 9)
        csrw mideleg, x0
        csrw mie, x0

        TEST_PASS

        /* ---- M vectored table ---- */
        .align 8
mvec:   j mv0
        j mv1
        j mv_bad
        j mv3
        j mv_bad
        j mv5
        j mv_bad
        j mv7
        j mv_bad
        j mv9
        .rept 6
        j mv_bad
        .endr
mv_bad: j __unexpected_trap
mv0:    /* exception: only the ecall from U in the priority test */
        csrr s7, mcause
        la s4, 3b
        li t0, 3 << 11                    /* return to M */
        csrs mstatus, t0
        csrw mepc, s4
        mret
mv1:    li s2, 1
        li s4, MIP_SSIP
        csrc mip, s4
        j mv_common
mv3:    li s2, 3
        li s4, CLINT_MSIP
        sw zero, 0(s4)
        j mv_common
mv5:    li s2, 5
        li s4, MIP_STIP
        csrc mip, s4
        j mv_common
mv7:    li s2, 7
        li s4, CLINT_MTIMECMP
        li s5, -1
        sd s5, 0(s4)
        j mv_common
mv9:    li s2, 9
        li s4, MIP_SEIP
        csrc mip, s4
mv_common:
        /* the entry used must match mcause */
        csrr s3, mcause
        bgez s3, __unexpected_trap
        slli s4, s3, 1
        srli s4, s4, 1
        bne s4, s2, __unexpected_trap
        slli s6, s6, 4
        or s6, s6, s2
        mret

        /* ---- S vectored table ---- */
        .align 8
svec:   j __unexpected_trap
        j sv1
        .rept 14
        j __unexpected_trap
        .endr
sv1:    csrr s3, scause
        li s4, INT(1)
        bne s3, s4, __unexpected_trap
        li s4, MIP_SSIP
        csrc sip, s4
        li s6, 1
        sret
TEST_END
