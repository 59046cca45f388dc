# PMP with every entry OFF: S- and U-mode accesses match no entry and fail
# (PMP is implemented), so the very first fetch after an mret to S or U
# raises an instruction access fault (cause 1, mepc = mtval = the target);
# M-mode is unaffected; with one entry covering memory they run.
# strato-only: QEMU 7.2 raises an illegal-instruction exception on the mret itself when no PMP entry is active
#include "env.h"
        .option norvc

TEST_BEGIN
        USE_MTRAP
        csrw pmpcfg0, x0
        csrw pmpcfg2, x0
        sfence.vma
        /* M runs fine */
        la t0, data
        ld a0, 0(t0)
        CHECK(1, a0, 0x600d)

        li TESTNUM, 2
        EXPECT(1f)
        ENTER_S(2f)
2:      ecall
        j __test_fail
1:      CHECK(3, TRAP_CAUSE, 1)
        la t0, 2b
        CHECKR(4, TRAP_EPC, t0)
        CHECKR(5, TRAP_TVAL, t0)
        li t0, 3 << 11
        and a0, TRAP_STATUS, t0
        CHECK(6, a0, 1 << 11)             /* the fault came from S */

        li TESTNUM, 7
        EXPECT(1f)
        ENTER_U(2f)
2:      ecall
        j __test_fail
1:      CHECK(8, TRAP_CAUSE, 1)
        la t0, 2b
        CHECKR(9, TRAP_TVAL, t0)

        /* one entry for everything: now S runs */
        PMP_ALLOW_ALL
        sfence.vma
        EXPECT(1f)
        ENTER_S(2f)
2:      la t0, data
        ld a0, 0(t0)
        ecall
        j __test_fail
1:      CHECK(10, TRAP_CAUSE, 9)
        CHECK(11, a0, 0x600d)

        TEST_PASS

        .data
data:   .dword 0x600d
TEST_END
