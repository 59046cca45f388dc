# Interrupt priority: with MSI, MTI, SEI, SSI and STI all pending and enabled
# at once they are taken in the order MSI, MTI, SEI, SSI, STI (causes 3, 7,
# 9, 1, 5), from M-mode and from U-mode; interrupts destined for M are taken
# before those delegated to S, whatever their causes.
# strato-only: QEMU 7.2 without AIA takes the lowest-numbered pending interrupt first (1, 3, 5, 7, 9)
#include "env.h"
        .option norvc

#define CLINT_MSIP     0x2000000
#define CLINT_MTIMECMP 0x2004000
#define MIP_SSIP (1 << 1)
#define MIP_MSIP (1 << 3)
#define MIP_STIP (1 << 5)
#define MIP_MTIP (1 << 7)
#define MIP_SEIP (1 << 9)
#define ALL5 (MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP | MIP_STIP)

#define WAIT_MIP(n, bits)                                       \
        li TESTNUM, n; li t2, 1000000; li t3, bits;             \
1:      csrr t1, mip; and t1, t1, t3; beq t1, t3, 2f;           \
        addi t2, t2, -1; bnez t2, 1b; j __test_fail; 2:

/* make all five pending (with nothing enabled yet) */
#define RAISE_ALL                                               \
        li t0, CLINT_MSIP; li t1, 1; sw t1, 0(t0);              \
        li t0, CLINT_MTIMECMP; sd zero, 0(t0);                  \
        li t0, MIP_SEIP | MIP_SSIP | MIP_STIP; csrs mip, t0

/* s6: log of causes, 4 bits each, newest lowest; s2..s5 handler scratch */
TEST_BEGIN
        USE_MTRAP
        PMP_ALLOW_ALL
        csrw mie, x0
        csrw mideleg, x0
        csrw medeleg, x0
        csrci mstatus, 8

        /* ---- all in M, taken from M-mode ---- */
        la t0, mvec
        ori t0, t0, 1
        csrw mtvec, t0
        li s6, 0
        RAISE_ALL
        WAIT_MIP(1, ALL5)
        li t0, ALL5
        csrw mie, t0
        csrsi mstatus, 8                  /* all five taken here */
        csrci mstatus, 8
        CHECK(2, s6, 0x37915)
        csrr a0, mip
        andi a0, a0, ALL5
        CHECK(3, a0, 0)

        /* ---- taken from U-mode ---- */
        csrw mie, x0
        li s6, 0
        RAISE_ALL
        WAIT_MIP(4, ALL5)
        li t0, ALL5
        csrw mie, t0
        li s7, 0
        ENTER_U(1f)
1:      ecall                             /* after the five interrupts */
3:      CHECK(5, s7, 8)
        CHECK(6, s6, 0x37915)

        /* ---- M-destined before S-destined: SSI delegated, STI not;
         * in S-mode with SIE = 1, STI (cause 5, to M) goes first ---- */
        csrw mie, x0
        li t0, MIP_SSIP
        csrw mideleg, t0
        la t0, svec
        ori t0, t0, 1
        csrw stvec, t0
        li s6, 0
        li t0, MIP_SSIP | MIP_STIP
        csrs mip, t0
        csrw mie, t0
        li t0, 1 << 1
        csrs mstatus, t0                  /* SIE = 1 */
        ENTER_S(1f)
1:      ecall                             /* both taken before this */
3:      CHECK(7, s7, 9)
        CHECK(8, s6, 0x51)                /* M's STI, then S's SSI */
        csrw mideleg, x0
        csrw mie, x0

        TEST_PASS

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
mv0:    /* the ecalls at "1:" above: continue at the "3:" after them, in M */
        csrr s7, mcause
        csrr s4, mepc
        addi s4, s4, 4
        csrw mepc, s4
        li s4, 3 << 11
        csrs mstatus, s4
        li s4, 1 << 7
        csrc mstatus, s4
        mret
mv1:    li s2, 1
        li s4, MIP_SSIP
        csrc mip, s4
        j mv_common
mv3:    li s2, 3
        li s4, CLINT_MSIP
        sw zero, 0(s4)
        li s4, MIP_MSIP
1:      csrr s5, mip                      /* until the CLINT lets go */
        and s5, s5, s4
        bnez s5, 1b
        j mv_common
mv5:    li s2, 5
        li s4, MIP_STIP
        csrc mip, s4
        j mv_common
mv7:    li s2, 7
        li s4, CLINT_MTIMECMP
        li s5, -1
        sd s5, 0(s4)
        li s4, MIP_MTIP
1:      csrr s5, mip
        and s5, s5, s4
        bnez s5, 1b
        j mv_common
mv9:    li s2, 9
        li s4, MIP_SEIP
        csrc mip, s4
mv_common:
        csrr s3, mcause
        bgez s3, __unexpected_trap
        slli s4, s3, 1
        srli s4, s4, 1
        bne s4, s2, __unexpected_trap
        slli s6, s6, 4
        or s6, s6, s2
        mret

        .align 8
svec:   j __unexpected_trap
        j sv1
        .rept 14
        j __unexpected_trap
        .endr
sv1:    csrr s3, scause
        li s4, 0x8000000000000001
        bne s3, s4, __unexpected_trap
        li s4, MIP_SSIP
        csrc sip, s4
        slli s6, s6, 4
        ori s6, s6, 1
        sret
TEST_END
