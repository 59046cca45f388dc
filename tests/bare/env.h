/* Bare-metal test environment (M-mode, HTIF exit).
 *
 * A test program includes this header, puts its code between TEST_BEGIN and
 * TEST_END, and reports with TEST_PASS / TEST_FAIL.  The exit code reaches the
 * host through the HTIF tohost convention: a store of (code << 1) | 1 ends the
 * run, strato (and QEMU -M spike) exit with status `code`; 0 means pass.
 * TESTNUM (gp) holds the number of the current check, so a failing run exits
 * with the number of the check that failed.
 */
#ifndef STRATO_TEST_ENV_H
#define STRATO_TEST_ENV_H

#define TESTNUM gp

#define TEST_BEGIN                                   \
        .section .text.init;                         \
        .align 6;                                    \
        .globl _start;                               \
_start:                                              \
        la t0, __unexpected_trap;                    \
        csrw mtvec, t0;                              \
        la sp, __stack_top;                          \
        li TESTNUM, 0;                               \
        j __test_main;                               \
        .align 2;                                    \
__unexpected_trap:                                   \
        /* any trap the test did not plan for fails with 1000 + mcause */ \
        csrr t0, mcause;                             \
        bltz t0, 1f;                                 \
        addi TESTNUM, t0, 1000;                      \
        j __test_fail;                               \
1:      slli t0, t0, 1;                              \
        srli t0, t0, 1;                              \
        addi TESTNUM, t0, 1100;                      \
        j __test_fail;                               \
        .text;                                       \
__test_main:

#define TEST_PASS                                    \
        fence;                                       \
        li a0, 1;                                    \
        la t0, tohost;                               \
        sd a0, 0(t0);                                \
1:      j 1b;

#define TEST_FAIL                                    \
__test_fail:                                         \
        fence;                                       \
        /* the exit status is 8 bits wide: a code whose low 8 bits are  \
         * zero would read as a pass, so report it as 255 */            \
        andi a0, TESTNUM, 0xff;                      \
        bnez a0, 2f;                                 \
        li TESTNUM, 255;                             \
2:      slli a0, TESTNUM, 1;                         \
        ori a0, a0, 1;                               \
        la t0, tohost;                               \
        sd a0, 0(t0);                                \
1:      j 1b;

#define TEST_END                                     \
        .text;                                       \
        TEST_FAIL                                    \
        TRAP_HANDLERS                                \
        .section .tohost, "aw", @progbits;           \
        .align 6;                                    \
        .globl tohost;                               \
tohost: .dword 0;                                    \
        .size tohost, 8;                             \
        .align 6;                                    \
        .globl fromhost;                             \
fromhost: .dword 0;                                  \
        .size fromhost, 8;                           \
        .bss;                                        \
        .align 4;                                    \
        .space 8192;                                 \
__stack_top:

/* ------------------------------------------------------------------------
 * Helpers for the tests under tests/asm.
 *
 * Check numbers must stay within 1..231 in a file: the exit status is 8 bits,
 * and an unexpected exception exits with 1000 + mcause, which the shell sees
 * as 232 + mcause.  (An unexpected interrupt exits with 1100 + cause, seen as
 * 76 + cause.)
 * ------------------------------------------------------------------------ */

/* CHECK(n, reg, val): check n fails unless reg == val (val: any li constant).
 * Clobbers t6. */
#ifndef CHECK
#define CHECK(n, reg, val)                           \
        li TESTNUM, n;                               \
        li t6, val;                                  \
        bne reg, t6, __test_fail;
#endif

/* CHECKR(n, reg1, reg2): check n fails unless reg1 == reg2. */
#ifndef CHECKR
#define CHECKR(n, reg1, reg2)                        \
        li TESTNUM, n;                               \
        bne reg1, reg2, __test_fail;
#endif

/* FAILIF(n, br, r1, r2): check n fails if "br r1, r2" is taken,
 * e.g. FAILIF(3, bltu, a0, a1) fails when a0 < a1 unsigned. */
#define FAILIF(n, br, r1, r2)                        \
        li TESTNUM, n;                               \
        br r1, r2, __test_fail;

/* ---- planned traps --------------------------------------------------------
 * The capture handlers record the trap in s7..s10 and continue at the address
 * held in s11, which they clear (so a second, unplanned trap still fails):
 *   M handler (__m_trap, install with USE_MTRAP): s7 = mstatus, s8 = mcause,
 *     s9 = mepc, s10 = mtval at the trap; continues in M-mode through an mret
 *     with MPP = M and MPIE = 0, so with mstatus.MIE = 0 (and afterwards
 *     MPP = U, MPIE = 1).
 *   S handler (__s_trap, install with USE_STRAP): s7 = sstatus, s8 = scause,
 *     s9 = sepc, s10 = stval; continues in S-mode with sstatus.SIE = 0.
 * With s11 == 0 a trap is unplanned and fails with 1000 + mcause (M handler)
 * or 1200 + scause (S handler, seen as 176 + scause).
 * EXPECT(label) arms the handler: the next trap continues at label. */
#define TRAP_STATUS s7
#define TRAP_CAUSE  s8
#define TRAP_EPC    s9
#define TRAP_TVAL   s10
#define TRAP_RESUME s11

#define USE_MTRAP                                    \
        la t0, __m_trap;                             \
        csrw mtvec, t0;

#define USE_STRAP                                    \
        la t0, __s_trap;                             \
        csrw stvec, t0;

#define EXPECT(label)                                \
        la TRAP_RESUME, label;

/* EXPECT_TRAP(n, cause, insn...): check n: the instruction traps with cause
 * in M-mode (mepc = its address).  Needs USE_MTRAP. */
#define EXPECT_TRAP(n, cause, insn...)               \
        li TESTNUM, n;                               \
        la TRAP_RESUME, 8f;                          \
7:      insn;                                        \
        j __test_fail;                               \
8:      li t6, cause;                                \
        bne TRAP_CAUSE, t6, __test_fail;             \
        la t6, 7b;                                   \
        bne TRAP_EPC, t6, __test_fail;

/* ---- privilege changes (from M-mode) --------------------------------------
 * ENTER_S(label) / ENTER_U(label): mret to label in S / U mode, with
 * mstatus.MPIE cleared first (so MIE = 0 afterwards; M-mode interrupts are
 * taken in S/U anyway when enabled in mie).  Clobbers t0. */
#define ENTER_MODE(mpp, label)                       \
        li t0, (3 << 11) | (1 << 7);                 \
        csrc mstatus, t0;                            \
        li t0, (mpp) << 11;                          \
        csrs mstatus, t0;                            \
        la t0, label;                                \
        csrw mepc, t0;                               \
        mret;
#define ENTER_S(label) ENTER_MODE(1, label)
#define ENTER_U(label) ENTER_MODE(0, label)

/* From S-mode: sret to label in U-mode.  Clobbers t0. */
#define S_ENTER_U(label)                             \
        li t0, 1 << 8;                               \
        csrc sstatus, t0;                            \
        la t0, label;                                \
        csrw sepc, t0;                               \
        sret;

/* One PMP entry (entry 0, NAPOT over all of memory, RWX) so that S and U
 * mode may access memory at all: with PMP implemented and no entry matching,
 * S/U accesses fail.  Clobbers t0. */
#define PMP_ALLOW_ALL                                \
        li t0, -1;                                   \
        csrw pmpaddr0, t0;                           \
        li t0, 0x1f;                                 \
        csrw pmpcfg0, t0;

/* mstatus.FS = Initial, fcsr = 0.  Clobbers t0. */
#define FP_ENABLE                                    \
        li t0, 1 << 13;                              \
        csrs mstatus, t0;                            \
        csrwi fcsr, 0;

#define TRAP_HANDLERS                                \
        .align 2;                                    \
__m_trap:                                            \
        bnez TRAP_RESUME, 1f;                        \
        j __unexpected_trap;                         \
1:      csrr TRAP_STATUS, mstatus;                   \
        csrr TRAP_CAUSE, mcause;                     \
        csrr TRAP_EPC, mepc;                         \
        csrr TRAP_TVAL, mtval;                       \
        csrw mepc, TRAP_RESUME;                      \
        li TRAP_RESUME, 3 << 11;                     \
        csrs mstatus, TRAP_RESUME;                   \
        li TRAP_RESUME, 1 << 7;                      \
        csrc mstatus, TRAP_RESUME;                   \
        li TRAP_RESUME, 0;                           \
        mret;                                        \
        .align 2;                                    \
__s_trap:                                            \
        bnez TRAP_RESUME, 1f;                        \
        csrr TESTNUM, scause;                        \
        addi TESTNUM, TESTNUM, 1200;                 \
        j __s_fail;                                  \
1:      csrr TRAP_STATUS, sstatus;                   \
        csrr TRAP_CAUSE, scause;                     \
        csrr TRAP_EPC, sepc;                         \
        csrr TRAP_TVAL, stval;                       \
        csrw sepc, TRAP_RESUME;                      \
        li TRAP_RESUME, 1 << 8;                      \
        csrs sstatus, TRAP_RESUME;                   \
        li TRAP_RESUME, 1 << 5;                      \
        csrc sstatus, TRAP_RESUME;                   \
        li TRAP_RESUME, 0;                           \
        sret;                                        \
__s_fail:                                            \
        la t0, __test_fail;                          \
        jr t0;

#endif
