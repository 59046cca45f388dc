# Zicbom / Zicboz (64-byte cache blocks): cbo.zero zeroes exactly the block
# holding the address (bytes around it unchanged), from any offset in the
# block; cbo.clean / cbo.flush / cbo.inval leave data alone in M-mode; in S
# and U they are illegal unless enabled: menvcfg.CBZE (bit 7) for cbo.zero,
# CBCFE (bit 6) for clean/flush, CBIE (bits 5:4, 01 = flush, 11 = inval)
# for inval, and for U also the same fields of senvcfg; cbo.zero needs
# write permission (PMP: store access fault).
# strato-only: QEMU 7.2's spike machine CPU does not enable Zicbom/Zicboz (cbo.* are illegal instructions there)
#include "env.h"
        .option norvc

#define CBIE_FLUSH (1 << 4)
#define CBIE_INVAL (3 << 4)
#define CBCFE (1 << 6)
#define CBZE  (1 << 7)

#define S_ILL(n, insn...)                                       \
        li TESTNUM, n; EXPECT(8f); ENTER_S(7f);                 \
7:      insn; j __test_fail;                                    \
8:      li t6, 2; bne TRAP_CAUSE, t6, __test_fail;              \
        lwu t6, 0(TRAP_EPC); bne TRAP_TVAL, t6, __test_fail
#define U_ILL(n, insn...)                                       \
        li TESTNUM, n; EXPECT(8f); ENTER_U(7f);                 \
7:      insn; j __test_fail;                                    \
8:      li t6, 2; bne TRAP_CAUSE, t6, __test_fail
#define S_OK(n, insn...)                                        \
        li TESTNUM, n; EXPECT(8f); ENTER_S(7f);                 \
7:      insn; ecall; j __test_fail;                             \
8:      li t6, 9; bne TRAP_CAUSE, t6, __test_fail
#define U_OK(n, insn...)                                        \
        li TESTNUM, n; EXPECT(8f); ENTER_U(7f);                 \
7:      insn; ecall; j __test_fail;                             \
8:      li t6, 8; bne TRAP_CAUSE, t6, __test_fail

/* fill the 3 blocks at s0 (192 bytes) with 0x5a */
#define FILL                                                    \
        li t0, 0x5a5a5a5a5a5a5a5a; mv t1, s0; addi t2, s0, 192; \
1:      sd t0, 0(t1); addi t1, t1, 8; bltu t1, t2, 1b
/* a0 = OR of the middle block's dwords, a1 = AND of the outer blocks' */
#define SCAN                                                    \
        li a0, 0; li a1, -1; mv t1, s0; addi t2, s0, 192;       \
        addi t3, s0, 64; addi t4, s0, 128;                      \
1:      ld t0, 0(t1); bltu t1, t3, 2f; bgeu t1, t4, 2f;         \
        or a0, a0, t0; j 3f;                                    \
2:      and a1, a1, t0;                                         \
3:      addi t1, t1, 8; bltu t1, t2, 1b
#define UNTOUCHED(n)                                            \
        SCAN; CHECK(n, a1, 0x5a5a5a5a5a5a5a5a);                 \
        CHECK(n, a0, 0x5a5a5a5a5a5a5a5a)
#define ZEROED(n)                                               \
        SCAN; CHECK(n, a1, 0x5a5a5a5a5a5a5a5a); CHECK(n, a0, 0)

TEST_BEGIN
        USE_MTRAP
        PMP_ALLOW_ALL
        csrw medeleg, x0
        csrw menvcfg, x0
        csrw senvcfg, x0
        la s0, blocks                     /* 64-byte aligned */
        addi s1, s0, 64                   /* the middle block */

        /* ---- M-mode ---- */
        FILL
        cbo.zero (s1)
        ZEROED(1)
        FILL
        addi t0, s1, 37                   /* any byte of the block */
        cbo.zero (t0)
        ZEROED(2)
        FILL
        addi t0, s1, 63
        cbo.zero (t0)
        ZEROED(3)
        FILL
        addi t0, s1, 64                   /* first byte of the next block */
        cbo.zero (t0)
        SCAN
        CHECK(4, a0, 0x5a5a5a5a5a5a5a5a)
        ld a2, 128(s0)
        CHECK(5, a2, 0)
        FILL
        cbo.clean (s1)
        cbo.flush (s1)
        cbo.inval (s1)
        addi t0, s1, 8
        cbo.inval (t0)
        UNTOUCHED(6)

        /* ---- the enables ---- */
        li t0, CBZE | CBCFE | CBIE_INVAL
        csrw menvcfg, t0
        csrr a0, menvcfg
        andi a0, a0, 0xf0
        CHECK(7, a0, 0xf0)
        csrw senvcfg, t0
        csrr a0, senvcfg
        andi a0, a0, 0xf0
        CHECK(8, a0, 0xf0)
        csrw menvcfg, x0
        csrw senvcfg, x0

        /* ---- S-mode ---- */
        S_ILL(9, cbo.zero (s1))
        S_ILL(10, cbo.clean (s1))
        S_ILL(11, cbo.flush (s1))
        S_ILL(12, cbo.inval (s1))
        li t0, CBZE
        csrw menvcfg, t0
        FILL
        S_OK(13, cbo.zero (s1))
        ZEROED(14)
        S_ILL(15, cbo.clean (s1))
        li t0, CBCFE
        csrw menvcfg, t0
        S_ILL(16, cbo.zero (s1))
        S_OK(17, cbo.clean (s1); cbo.flush (s1))
        S_ILL(18, cbo.inval (s1))
        li t0, CBIE_FLUSH
        csrw menvcfg, t0
        FILL
        S_OK(19, cbo.inval (s1))          /* done as a flush: data stays */
        UNTOUCHED(20)
        S_ILL(21, cbo.flush (s1))
        li t0, CBIE_INVAL
        csrw menvcfg, t0
        S_OK(22, cbo.inval (s1))

        /* ---- U-mode: menvcfg and senvcfg both ---- */
        li t0, CBZE | CBCFE | CBIE_INVAL
        csrw menvcfg, t0
        csrw senvcfg, x0
        U_ILL(23, cbo.zero (s1))
        U_ILL(24, cbo.clean (s1))
        U_ILL(25, cbo.flush (s1))
        U_ILL(26, cbo.inval (s1))
        li t0, CBZE | CBCFE | CBIE_INVAL
        csrw senvcfg, t0
        FILL
        U_OK(27, cbo.inval (s1); cbo.clean (s1); cbo.flush (s1); cbo.zero (s1))
        ZEROED(28)
        csrw menvcfg, x0
        U_ILL(29, cbo.zero (s1))
        U_ILL(30, cbo.flush (s1))
        U_ILL(31, cbo.inval (s1))
        li t0, CBZE
        csrw menvcfg, t0
        li t0, CBCFE | CBIE_INVAL
        csrw senvcfg, t0
        U_ILL(32, cbo.zero (s1))

        /* ---- cbo.zero is a store for PMP ---- */
        li t0, CBZE
        csrw menvcfg, t0
        /* entry 0: the blocks, read-only; entry 1: everything else */
        srli t0, s0, 2
        ori t0, t0, (256 / 8) - 1         /* NAPOT, 256 bytes */
        csrw pmpaddr0, t0
        li t0, -1
        csrw pmpaddr1, t0
        li t0, 0x19 | (0x1f << 8)
        csrw pmpcfg0, t0
        sfence.vma
        FILL
        li TESTNUM, 33
        EXPECT(1f)
        ENTER_S(2f)
2:      cbo.zero (s1)
        j __test_fail
1:      CHECK(33, TRAP_CAUSE, 7)
        CHECKR(35, TRAP_TVAL, s1)         /* the address in rs1 */
        UNTOUCHED(34)
        PMP_ALLOW_ALL
        sfence.vma
        csrw menvcfg, x0
        csrw senvcfg, x0

        TEST_PASS

        .data
        .balign 256
blocks: .space 256
TEST_END
