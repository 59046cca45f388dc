# Privilege checks: mstatus.TVM (satp / sfence.vma illegal in S), TW (wfi
# illegal in S), TSR (sret illegal in S), wfi illegal in U, M-mode CSRs
# illegal from S, S-mode CSRs illegal from U, mcounteren / scounteren gating
# cycle / instret / hpmcounter3 for S and U.  All traps go to M here.
#include "env.h"
        .option norvc

#define MSTATUS_TVM (1 << 20)
#define MSTATUS_TW  (1 << 21)
#define MSTATUS_TSR (1 << 22)

/* IN_S(n, insn): run insn in S-mode; it must trap to M with cause 2 and
 * mtval = its bits.  OK_S(n, insn): it must not trap (ecall back to M). */
#define IN_MODE_TRAPS(n, enter, insn...)                          \
        li TESTNUM, n; EXPECT(8f); enter(7f);                   \
7:      insn; j __test_fail;                                    \
8:      li t6, 2; bne TRAP_CAUSE, t6, __test_fail;              \
        la t6, 7b; bne TRAP_EPC, t6, __test_fail;               \
        lwu t6, 0(TRAP_EPC); bne TRAP_TVAL, t6, __test_fail
#define IN_MODE_OK(n, enter, insn...)                            \
        li TESTNUM, n; EXPECT(8f); enter(7f);                   \
7:      insn; ecall; j __test_fail;                             \
8:      li t6, 9; beq TRAP_CAUSE, t6, 9f;                       \
        li t6, 8; bne TRAP_CAUSE, t6, __test_fail;              \
9:
#define S_TRAPS(n, insn...) IN_MODE_TRAPS(n, ENTER_S, insn)
#define U_TRAPS(n, insn...) IN_MODE_TRAPS(n, ENTER_U, insn)
#define S_OK(n, insn...) IN_MODE_OK(n, ENTER_S, insn)
#define U_OK(n, insn...) IN_MODE_OK(n, ENTER_U, insn)

TEST_BEGIN
        USE_MTRAP
        PMP_ALLOW_ALL
        csrw medeleg, x0
        csrw mideleg, x0
        csrw mie, x0
        csrw satp, x0

        /* ---- TVM ---- */
        S_OK(1, csrr a0, satp)
        S_OK(2, csrw satp, x0)
        S_OK(3, sfence.vma)
        S_OK(4, sfence.vma a0, x0)
        li t0, MSTATUS_TVM
        csrs mstatus, t0
        S_TRAPS(5, csrr a0, satp)
        S_TRAPS(6, csrw satp, x0)
        S_TRAPS(7, sfence.vma)
        S_TRAPS(8, sfence.vma a0, a1)
        /* M-mode is not affected */
        csrr a0, satp
        csrw satp, x0
        sfence.vma
        li t0, MSTATUS_TVM
        csrc mstatus, t0
        /* sfence.vma from U is always illegal */
        U_TRAPS(9, sfence.vma)

        /* ---- TW ---- */
        li t0, MSTATUS_TW
        csrs mstatus, t0
        S_TRAPS(10, wfi)
        U_TRAPS(11, wfi)
        li t0, MSTATUS_TW
        csrc mstatus, t0
        /* U-mode wfi is illegal even with TW = 0 */
        U_TRAPS(12, wfi)
        /* S-mode wfi with TW = 0 is legal; make it return at once: an
         * S software interrupt pending and enabled in sie, but sstatus.SIE
         * = 0 so it is not taken */
        li t0, 1 << 1
        csrs mideleg, t0
        csrs mie, t0
        csrs mip, t0
        S_OK(13, wfi)
        li t0, 1 << 1
        csrc mip, t0
        csrc mie, t0
        csrc mideleg, t0

        /* ---- TSR ---- */
        li t0, MSTATUS_TSR
        csrs mstatus, t0
        S_TRAPS(14, sret)
        /* sret in M is fine with TSR */
        li t0, 1 << 8
        csrs mstatus, t0                  /* SPP = S */
        la t0, 1f
        csrw sepc, t0
        li TESTNUM, 15
        sret                              /* to S, at 1f */
        j __test_fail
1:      EXPECT(2f)
        ecall
        j __test_fail
2:      CHECK(16, TRAP_CAUSE, 9)
        li t0, MSTATUS_TSR
        csrc mstatus, t0
        /* without TSR, sret in S is legal (to S, SPP = S) */
        li TESTNUM, 17
        EXPECT(8f)
        ENTER_S(7f)
7:      li t0, 1 << 8
        csrs sstatus, t0
        la t0, 1f
        csrw sepc, t0
        sret
        j __test_fail
1:      ecall
8:      CHECK(18, TRAP_CAUSE, 9)

        /* ---- CSR privilege ---- */
        S_TRAPS(19, csrr a0, mstatus)
        S_TRAPS(20, csrr a0, misa)
        S_TRAPS(21, csrr a0, mscratch)
        S_TRAPS(22, csrw mscratch, x0)
        S_TRAPS(23, csrr a0, mhartid)
        S_TRAPS(24, csrr a0, medeleg)
        S_TRAPS(25, csrr a0, mcycle)
        S_TRAPS(26, csrr a0, pmpaddr0)
        S_TRAPS(27, csrr a0, mtvec)
        S_OK(28, csrr a0, sstatus)
        S_OK(29, csrr a0, sscratch)
        S_OK(30, csrr a0, stvec)
        U_TRAPS(31, csrr a0, sstatus)
        U_TRAPS(32, csrr a0, sscratch)
        U_TRAPS(33, csrr a0, satp)
        U_TRAPS(34, csrr a0, mstatus)
        U_TRAPS(35, csrw sie, x0)
        U_TRAPS(36, csrr a0, scounteren)

        /* ---- counter enables ---- */
        csrw mcounteren, x0
        csrw scounteren, x0
        S_TRAPS(37, csrr a0, cycle)
        S_TRAPS(38, csrr a0, instret)
        S_TRAPS(39, csrr a0, hpmcounter3)
        U_TRAPS(40, csrr a0, cycle)
        U_TRAPS(41, csrr a0, instret)
        /* mcounteren.CY: S may read cycle, U still needs scounteren.CY */
        csrwi mcounteren, 1
        S_OK(42, csrr a0, cycle)
        S_TRAPS(43, csrr a0, instret)
        U_TRAPS(44, csrr a0, cycle)
        csrwi scounteren, 1
        U_OK(45, csrr a0, cycle)
        U_TRAPS(46, csrr a0, instret)
        /* scounteren alone is not enough */
        csrwi mcounteren, 4
        csrwi scounteren, 5
        U_TRAPS(47, csrr a0, cycle)
        U_OK(48, csrr a0, instret)
        S_OK(49, csrr a0, instret)
        S_TRAPS(50, csrr a0, cycle)
        csrwi mcounteren, 0xd
        csrwi scounteren, 0x8
        S_OK(51, csrr a0, hpmcounter3)
        U_OK(52, csrr a0, hpmcounter3)
        U_TRAPS(53, csrr a0, cycle)
        /* S reading scounteren-gated counters doesn't care about
         * scounteren */
        csrwi scounteren, 0
        S_OK(54, csrr a0, cycle)
        S_OK(55, csrr a0, instret)
        /* M ignores both */
        csrw mcounteren, x0
        csrr a0, cycle
        csrr a0, instret
        csrr a0, hpmcounter3
        /* read back: the enables are plain WARL bits */
        csrwi mcounteren, 5
        csrr a0, mcounteren
        CHECK(56, a0, 5)
        csrwi scounteren, 4
        csrr a0, scounteren
        CHECK(57, a0, 4)

        TEST_PASS
TEST_END
