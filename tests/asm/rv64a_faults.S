# A extension faults: every AMO (.w and .d) at a misaligned address raises
# store/AMO address-misaligned (cause 6) with mtval = the address, leaving
# memory and rd alone; sc.w/sc.d at a misaligned address raise cause 6 too,
# with or without a reservation; an AMO denied by PMP (no access, or read
# only) raises store/AMO access fault (cause 7), for S and U.
# strato-only: QEMU 7.2 reports misaligned AMOs, and AMOs to PMP no-access regions, as load faults (causes 4 and 5) and does not trap on a misaligned sc
#include "env.h"
        .option norvc

/* MIS(n, insn, offset): insn a0, a2, (buf + offset) must trap with cause 6,
 * mtval = address, a0 unchanged, memory unchanged */
#define MIS(n, insn, off)                                       \
        la a3, buf; addi a3, a3, off; li a0, 0x5eed; li a2, -1; \
        EXPECT_TRAP(n, 6, insn a0, a2, (a3));                   \
        CHECKR(n + 1, TRAP_TVAL, a3);                           \
        CHECK(n + 2, a0, 0x5eed)

TEST_BEGIN
        USE_MTRAP
        PMP_ALLOW_ALL
        la s0, buf
        li t0, 0x0706050403020100
        sd t0, 0(s0)
        sd t0, 8(s0)

        MIS(1, amoswap.w, 1)
        MIS(4, amoadd.w, 2)
        MIS(7, amoxor.w, 3)
        MIS(10, amoand.w, 5)
        MIS(13, amoor.w, 6)
        MIS(16, amomin.w, 7)
        MIS(19, amomax.w, 1)
        MIS(22, amominu.w, 2)
        MIS(25, amomaxu.w, 3)
        MIS(28, amoswap.d, 4)
        MIS(31, amoadd.d, 1)
        MIS(34, amoxor.d, 2)
        MIS(37, amoand.d, 3)
        MIS(40, amoor.d, 5)
        MIS(43, amomin.d, 6)
        MIS(46, amomax.d, 7)
        MIS(49, amominu.d, 4)
        MIS(52, amomaxu.d, 2)
        MIS(55, sc.w, 2)
        MIS(58, sc.d, 4)
        /* sc with a reservation on the aligned word next to it */
        lr.d t1, (s0)
        MIS(61, sc.d, 4)
        lr.w t1, (s0)
        MIS(64, sc.w, 1)

        /* memory untouched by all of the above */
        ld a1, 0(s0)
        CHECK(70, a1, 0x0706050403020100)
        ld a1, 8(s0)
        CHECK(71, a1, 0x0706050403020100)

        /* aligned .w on the upper half still fine (sanity) */
        addi a3, s0, 4
        li a2, 1
        amoadd.w a0, a2, (a3)
        CHECK(72, a0, 0x07060504)
        ld a1, 0(s0)
        CHECK(73, a1, 0x0706050503020100)

        /* ---- PMP: AMOs are stores (cause 7) even where loads would
         * fail too ---- */
        la t0, ro_buf
        srli t0, t0, 2
        ori t0, t0, (64 / 8) - 1          /* NAPOT, 64 bytes */
        csrw pmpaddr0, t0
        la t0, na_buf
        srli t0, t0, 2
        ori t0, t0, (64 / 8) - 1
        csrw pmpaddr1, t0
        li t0, -1
        csrw pmpaddr2, t0
        li t0, 0x19 | (0x18 << 8) | (0x1f << 16)   /* R; none; RWX */
        csrw pmpcfg0, t0
        sfence.vma
        la s1, ro_buf
        la s2, na_buf
        li TESTNUM, 80
        EXPECT(1f)
        ENTER_S(2f)
2:      li t0, 1
        amoadd.d t0, t0, (s1)
        j __test_fail
1:      CHECK(80, TRAP_CAUSE, 7)
        CHECKR(81, TRAP_TVAL, s1)
        EXPECT(1f)
        ENTER_U(2f)
2:      amoswap.w t0, zero, (s2)
        j __test_fail
1:      CHECK(82, TRAP_CAUSE, 7)
        CHECKR(83, TRAP_TVAL, s2)
        EXPECT(1f)
        ENTER_S(2f)
2:      amomax.w t0, zero, (s1)
        j __test_fail
1:      CHECK(84, TRAP_CAUSE, 7)
        EXPECT(1f)
        ENTER_U(2f)
2:      amoor.d t0, zero, (s2)
        j __test_fail
1:      CHECK(85, TRAP_CAUSE, 7)
        /* a plain load of the read-only buffer is fine, of the other not */
        EXPECT(1f)
        ENTER_U(2f)
2:      ld t0, 0(s1)
        ld t0, 0(s2)
        j __test_fail
1:      CHECK(86, TRAP_CAUSE, 5)
        CHECKR(87, TRAP_TVAL, s2)
        ld a0, 0(s1)
        CHECK(88, a0, 0x0123)
        csrw pmpcfg0, x0

        TEST_PASS

        .data
        .align 6
buf:    .dword 0, 0
        .align 6
ro_buf: .dword 0x0123
        .align 6
na_buf: .dword 0x4567
        .align 6
TEST_END
