# Sstc: with menvcfg.STCE = 1, stimecmp (CSR 0x14d) drives mip.STIP
# (time >= stimecmp), STIP is then read-only in mip, the supervisor timer
# interrupt is delegated to S and taken there with scause
# 0x8000000000000005; S-mode access to stimecmp needs menvcfg.STCE and
# mcounteren.TM.
# strato-only: QEMU 7.2's spike machine has no time source for the hart, so Sstc (stimecmp) is not available
#include "env.h"
        .option norvc

#define stimecmp 0x14d
#define MENVCFG_STCE (1 << 63)
#define MIP_STIP (1 << 5)

#define WAIT_STIP(n, want)                                      \
        li TESTNUM, n; li t2, 1000000;                          \
1:      csrr t1, mip; andi t1, t1, MIP_STIP;                    \
        li t3, want; beq t1, t3, 2f;                            \
        addi t2, t2, -1; bnez t2, 1b; j __test_fail; 2:

TEST_BEGIN
        USE_MTRAP
        USE_STRAP
        PMP_ALLOW_ALL
        csrw mie, x0
        csrw mideleg, x0
        csrw mip, x0
        csrwi mcounteren, 2               /* TM */

        /* ---- STCE = 0: S can't touch stimecmp ---- */
        li t0, MENVCFG_STCE
        csrc menvcfg, t0
        EXPECT(1f)
        ENTER_S(2f)
2:      csrr a0, stimecmp
        j __test_fail
1:      CHECK(1, TRAP_CAUSE, 2)
        /* and M may set STIP by hand then */
        li t0, MIP_STIP
        csrs mip, t0
        csrr a0, mip
        andi a0, a0, MIP_STIP
        CHECK(2, a0, MIP_STIP)
        csrc mip, t0

        /* ---- STCE = 1 ---- */
        li t0, MENVCFG_STCE
        csrs menvcfg, t0
        csrr a0, menvcfg
        srli a0, a0, 63
        CHECK(3, a0, 1)
        li t0, -1
        csrw stimecmp, t0
        csrr a0, stimecmp
        CHECK(4, a0, -1)
        WAIT_STIP(5, 0)
        /* STIP is read-only now */
        li t0, MIP_STIP
        csrs mip, t0
        csrr a0, mip
        andi a0, a0, MIP_STIP
        CHECK(6, a0, 0)
        /* stimecmp in the past: STIP */
        csrw stimecmp, x0
        WAIT_STIP(7, MIP_STIP)
        li t0, MIP_STIP
        csrc mip, t0                      /* can't clear it either */
        csrr a0, mip
        andi a0, a0, MIP_STIP
        CHECK(8, a0, MIP_STIP)
        li t0, -1
        csrw stimecmp, t0
        WAIT_STIP(9, 0)

        /* ---- S-mode access needs mcounteren.TM ---- */
        csrw mcounteren, x0
        EXPECT(1f)
        ENTER_S(2f)
2:      csrw stimecmp, x0
        j __test_fail
1:      CHECK(10, TRAP_CAUSE, 2)
        csrwi mcounteren, 2

        /* ---- the interrupt, delegated to S ---- */
        li t0, MIP_STIP
        csrw mideleg, t0
        csrw mie, t0
        EXPECT(3f)                        /* the S handler resumes at 3f */
        ENTER_S(1f)
1:      csrsi sstatus, 2                  /* SIE */
        rdtime a0
        addi a0, a0, 200                  /* 20 us */
        csrw stimecmp, a0
2:      j 2b
3:      /* in S */
        li t0, 0x8000000000000005
        CHECKR(11, TRAP_CAUSE, t0)
        la t0, 2b
        CHECKR(12, TRAP_EPC, t0)
        rdtime a1
        FAILIF(13, bltu, a1, a0)
        csrr a2, sip
        andi a2, a2, MIP_STIP
        CHECK(14, a2, MIP_STIP)
        /* S acknowledges by moving stimecmp */
        li t0, -1
        csrw stimecmp, t0
        csrr a0, stimecmp
        CHECK(15, a0, -1)
        li TESTNUM, 16
        li t2, 1000000
1:      csrr t1, sip
        andi t1, t1, MIP_STIP
        beqz t1, 2f
        addi t2, t2, -1
        bnez t2, 1b
        j __test_fail
2:      csrsi sstatus, 2                  /* nothing pending: no trap */
        nop
        csrci sstatus, 2
        /* back to M */
        EXPECT(1f)
        ecall
1:      CHECK(17, TRAP_CAUSE, 9)

        /* ---- not delegated: the STI goes to M ---- */
        csrw mideleg, x0
        csrw stimecmp, x0
        EXPECT(1f)
        ENTER_S(2f)
2:      j 2b
1:      li t0, 0x8000000000000005
        CHECKR(18, TRAP_CAUSE, t0)
        li t0, -1
        csrw stimecmp, t0
        csrw mie, x0
        li t0, MENVCFG_STCE
        csrc menvcfg, t0

        TEST_PASS
TEST_END
