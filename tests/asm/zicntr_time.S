# The time CSR: readable in M, counts up, agrees with the CLINT's mtime
# (mtime before <= time <= mtime after), ticks at 10 MHz roughly compared
# to mtime, and is gated for S by mcounteren.TM and for U by mcounteren.TM
# and scounteren.TM; writes to it are illegal.
# strato-only: QEMU 7.2's spike machine provides no time CSR (rdtime is an illegal instruction there)
#include "env.h"
        .option norvc

#define CLINT_MTIME 0x200bff8

#define IN_MODE_TRAPS(n, enter, insn...)                        \
        li TESTNUM, n; EXPECT(8f); enter(7f);                   \
7:      insn; j __test_fail;                                    \
8:      li t6, 2; bne TRAP_CAUSE, t6, __test_fail;              \
        la t6, 7b; bne TRAP_EPC, t6, __test_fail
#define IN_MODE_OK(n, enter, insn...)                           \
        li TESTNUM, n; EXPECT(8f); enter(7f);                   \
7:      insn; ecall; j __test_fail;                             \
8:      li t6, 9; beq TRAP_CAUSE, t6, 9f;                       \
        li t6, 8; bne TRAP_CAUSE, t6, __test_fail;              \
9:

TEST_BEGIN
        USE_MTRAP
        PMP_ALLOW_ALL

        li s0, CLINT_MTIME
        ld a0, 0(s0)
        rdtime a1
        ld a2, 0(s0)
        FAILIF(1, bltu, a1, a0)
        FAILIF(2, bltu, a2, a1)
        /* it moves: wait for 100 ticks (10 us) */
        rdtime a0
        addi a1, a0, 100
        li t2, 100000000
        li TESTNUM, 3
1:      rdtime a2
        bgeu a2, a1, 2f
        addi t2, t2, -1
        bnez t2, 1b
        j __test_fail
2:      /* still in line with mtime */
        ld a3, 0(s0)
        FAILIF(4, bltu, a3, a2)
        /* writing is illegal (read-only user CSR) */
        EXPECT_TRAP(5, 2, csrw time, x0)
        EXPECT_TRAP(6, 2, csrrsi a0, time, 1)

        /* ---- counter enables ---- */
        csrw mcounteren, x0
        csrw scounteren, x0
        IN_MODE_TRAPS(7, ENTER_S, rdtime a0)
        IN_MODE_TRAPS(8, ENTER_U, rdtime a0)
        csrwi mcounteren, 2               /* TM */
        IN_MODE_OK(9, ENTER_S, rdtime a0)
        IN_MODE_TRAPS(10, ENTER_U, rdtime a0)
        csrwi scounteren, 2
        IN_MODE_OK(11, ENTER_U, rdtime a0)
        csrwi mcounteren, 5               /* CY IR, no TM */
        IN_MODE_TRAPS(12, ENTER_U, rdtime a0)
        IN_MODE_TRAPS(13, ENTER_S, rdtime a0)
        /* the value S reads is the same time */
        csrwi mcounteren, 2
        ld a0, 0(s0)
        EXPECT(1f)
        ENTER_S(2f)
2:      rdtime a1
        ecall
1:      ld a2, 0(s0)
        FAILIF(14, bltu, a1, a0)
        FAILIF(15, bltu, a2, a1)

        TEST_PASS
TEST_END
