# A extension: lr/sc (success, failure on a second sc, sc without lr, failed
# sc leaves memory alone, .w sign extension), every AMO in .w and .d form
# (old value returned in rd, sign-extended for .w; only the addressed word
# written; upper bits of rs2 ignored by .w; signed/unsigned min/max), aq/rl
# variants, rd = x0, misaligned lr raising load address-misaligned (cause 4).
#include "env.h"
        .option norvc

/* AMO(n, insn, memory before, rs2, expected rd, expected memory dword) */
#define AMO(n, insn, before, src, rd, after)                    \
        la a3, amobuf; li t0, before; sd t0, 0(a3);             \
        li a2, src; insn a0, a2, (a3); CHECK(n, a0, rd);        \
        ld a1, 0(a3); CHECK(n + 1, a1, after)

TEST_BEGIN
        USE_MTRAP
        la s0, lrbuf

        /* ---- sc with no reservation ever made fails, memory untouched ---- */
        li t0, 0x1111
        sd t0, 0(s0)
        li t1, 0x2222
        sc.d a0, t1, (s0)
        FAILIF(150, beq, a0, x0)
        ld a1, 0(s0)
        CHECK(151, a1, 0x1111)
        sc.w a0, t1, (s0)
        FAILIF(152, beq, a0, x0)
        ld a1, 0(s0)
        CHECK(153, a1, 0x1111)

        /* ---- lr.d / sc.d ---- */
        li t0, 0x8000000000000001
        sd t0, 0(s0)
        lr.d a0, (s0)
        CHECK(154, a0, 0x8000000000000001)
        li t1, 0x123456789
        sc.d a1, t1, (s0)
        CHECK(155, a1, 0)
        ld a2, 0(s0)
        CHECK(156, a2, 0x123456789)
        /* the reservation is gone after an sc */
        li t1, 0x999
        sc.d a1, t1, (s0)
        FAILIF(157, beq, a1, x0)
        ld a2, 0(s0)
        CHECK(158, a2, 0x123456789)

        /* ---- lr.w / sc.w: sign extension, only 32 bits written ---- */
        li t0, 0xaaaaaaaa80000000
        sd t0, 0(s0)
        lr.w a0, (s0)
        CHECK(159, a0, 0xffffffff80000000)
        li t1, 0xffffffff7fffffff
        sc.w a1, t1, (s0)
        CHECK(160, a1, 0)
        ld a2, 0(s0)
        CHECK(161, a2, 0xaaaaaaaa7fffffff)
        sc.w a1, t1, (s0)
        FAILIF(162, beq, a1, x0)
        /* lr.w on the upper word */
        addi s1, s0, 4
        lr.w a0, (s1)
        CHECK(163, a0, 0xffffffffaaaaaaaa)
        li t1, 0x00000000000000cc
        sc.w a1, t1, (s1)
        CHECK(164, a1, 0)
        ld a2, 0(s0)
        CHECK(165, a2, 0x000000cc7fffffff)
        /* aq/rl forms */
        lr.d.aq a0, (s0)
        li t1, 77
        sc.d.rl a1, t1, (s0)
        CHECK(166, a1, 0)
        lr.w.aqrl a0, (s0)
        CHECK(167, a0, 77)
        li t1, 78
        sc.w.aqrl a1, t1, (s0)
        CHECK(168, a1, 0)
        ld a2, 0(s0)
        CHECK(169, a2, 78)
        /* a store by the same hart between lr and sc to another line does
         * not matter; the sc's own rd may be x0 (then only memory shows it) */
        lr.d a0, (s0)
        li t1, 79
        sc.d x0, t1, (s0)
        ld a2, 0(s0)
        CHECK(170, a2, 79)
        CHECK(171, x0, 0)
        /* lr into x0 still sets a reservation */
        lr.d x0, (s0)
        li t1, 80
        sc.d a1, t1, (s0)
        CHECK(172, a1, 0)
        ld a2, 0(s0)
        CHECK(173, a2, 80)

        /* ---- a trap or an xRET between lr and sc makes the sc fail
         * (the spec allows either; strato and QEMU both fail it) ---- */
        li t0, 0x31
        sd t0, 0(s0)
        lr.d a0, (s0)
        EXPECT(1f)
        ecall                          /* trap, resumes at 1f through mret */
1:      li t1, 0x32
        sc.d a1, t1, (s0)
        FAILIF(174, beq, a1, x0)
        ld a2, 0(s0)
        CHECK(175, a2, 0x31)
        /* an mret alone (M to M) */
        li t0, 3 << 11
        csrs mstatus, t0
        lr.d a0, (s0)
        la t0, 1f
        csrw mepc, t0
        mret
1:      li t1, 0x33
        sc.d a1, t1, (s0)
        FAILIF(176, beq, a1, x0)
        ld a2, 0(s0)
        CHECK(177, a2, 0x31)
        /* a trap whose handler returns without an xRET */
        la t0, skip_handler
        csrw mtvec, t0
        lr.w a0, (s0)
        ecall
        li t1, 0x34
        sc.w a1, t1, (s0)
        FAILIF(178, beq, a1, x0)
        ld a2, 0(s0)
        CHECK(179, a2, 0x31)
        USE_MTRAP
        /* and with nothing in between it still works */
        lr.w a0, (s0)
        li t1, 0x35
        sc.w a1, t1, (s0)
        CHECK(180, a1, 0)
        ld a2, 0(s0)
        CHECK(181, a2, 0x35)

        /* ---- AMOs ---- */
        AMO(1, amoswap.w, 0x5a5a5a5a12345678, 0x0bad000087654321, 0x0000000012345678, 0x5a5a5a5a87654321)
        AMO(3, amoswap.w, 0x5a5a5a5a00000000, 0x0bad0000ffffffff, 0x0000000000000000, 0x5a5a5a5affffffff)
        AMO(5, amoadd.w, 0x5a5a5a5a7fffffff, 0x0bad000000000001, 0x000000007fffffff, 0x5a5a5a5a80000000)
        AMO(7, amoadd.w, 0x5a5a5a5affffffff, 0x0bad000000000001, 0xffffffffffffffff, 0x5a5a5a5a00000000)
        AMO(9, amoadd.w, 0x5a5a5a5afffffffe, 0x0bad000000000003, 0xfffffffffffffffe, 0x5a5a5a5a00000001)
        AMO(11, amoxor.w, 0x5a5a5a5aff00ff00, 0x0bad00000ff00ff0, 0xffffffffff00ff00, 0x5a5a5a5af0f0f0f0)
        AMO(13, amoand.w, 0x5a5a5a5aff00ff00, 0x0bad00000ff00ff0, 0xffffffffff00ff00, 0x5a5a5a5a0f000f00)
        AMO(15, amoand.w, 0x5a5a5a5affffffff, 0x0bad000080000000, 0xffffffffffffffff, 0x5a5a5a5a80000000)
        AMO(17, amoor.w, 0x5a5a5a5aff00ff00, 0x0bad00000ff00ff0, 0xffffffffff00ff00, 0x5a5a5a5afff0fff0)
        AMO(19, amoor.w, 0x5a5a5a5a00000000, 0x0bad000080000000, 0x0000000000000000, 0x5a5a5a5a80000000)
        AMO(21, amomin.w, 0x5a5a5a5a80000000, 0x0bad000000000001, 0xffffffff80000000, 0x5a5a5a5a80000000)
        AMO(23, amomin.w, 0x5a5a5a5a00000005, 0x0bad0000fffffffd, 0x0000000000000005, 0x5a5a5a5afffffffd)
        AMO(25, amomin.w, 0x5a5a5a5a00000000, 0x0bad0000ffffffff, 0x0000000000000000, 0x5a5a5a5affffffff)
        AMO(27, amomax.w, 0x5a5a5a5a80000000, 0x0bad000000000001, 0xffffffff80000000, 0x5a5a5a5a00000001)
        AMO(29, amomax.w, 0x5a5a5a5a00000005, 0x0bad0000fffffffd, 0x0000000000000005, 0x5a5a5a5a00000005)
        AMO(31, amomax.w, 0x5a5a5a5a00000000, 0x0bad0000ffffffff, 0x0000000000000000, 0x5a5a5a5a00000000)
        AMO(33, amominu.w, 0x5a5a5a5a80000000, 0x0bad000000000001, 0xffffffff80000000, 0x5a5a5a5a00000001)
        AMO(35, amominu.w, 0x5a5a5a5a00000005, 0x0bad0000fffffffd, 0x0000000000000005, 0x5a5a5a5a00000005)
        AMO(37, amominu.w, 0x5a5a5a5a00000001, 0x0bad0000ffffffff, 0x0000000000000001, 0x5a5a5a5a00000001)
        AMO(39, amomaxu.w, 0x5a5a5a5a80000000, 0x0bad000000000001, 0xffffffff80000000, 0x5a5a5a5a80000000)
        AMO(41, amomaxu.w, 0x5a5a5a5a00000005, 0x0bad0000fffffffd, 0x0000000000000005, 0x5a5a5a5afffffffd)
        AMO(43, amomaxu.w, 0x5a5a5a5a00000001, 0x0bad0000ffffffff, 0x0000000000000001, 0x5a5a5a5affffffff)
        AMO(45, amoswap.d, 0x0000000012345678, 0x0000000087654321, 0x0000000012345678, 0x0000000087654321)
        AMO(47, amoswap.d, 0x0000000000000000, 0xffffffffffffffff, 0x0000000000000000, 0xffffffffffffffff)
        AMO(49, amoadd.d, 0x000000007fffffff, 0x0000000000000001, 0x000000007fffffff, 0x0000000080000000)
        AMO(51, amoadd.d, 0xffffffffffffffff, 0x0000000000000001, 0xffffffffffffffff, 0x0000000000000000)
        AMO(53, amoadd.d, 0x00000000fffffffe, 0x0000000000000003, 0x00000000fffffffe, 0x0000000100000001)
        AMO(55, amoxor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xf0f0f0f0f0f0f0f0)
        AMO(57, amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f000f000f000f00)
        AMO(59, amoand.d, 0xffffffffffffffff, 0x0000000080000000, 0xffffffffffffffff, 0x0000000080000000)
        AMO(61, amoor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xfff0fff0fff0fff0)
        AMO(63, amoor.d, 0x0000000000000000, 0x0000000080000000, 0x0000000000000000, 0x0000000080000000)
        AMO(65, amomin.d, 0x0000000080000000, 0x0000000000000001, 0x0000000080000000, 0x0000000000000001)
        AMO(67, amomin.d, 0x0000000000000005, 0xfffffffffffffffd, 0x0000000000000005, 0xfffffffffffffffd)
        AMO(69, amomin.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000)
        AMO(71, amomax.d, 0x0000000080000000, 0x0000000000000001, 0x0000000080000000, 0x0000000080000000)
        AMO(73, amomax.d, 0x0000000000000005, 0xfffffffffffffffd, 0x0000000000000005, 0x0000000000000005)
        AMO(75, amomax.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
        AMO(77, amominu.d, 0x0000000080000000, 0x0000000000000001, 0x0000000080000000, 0x0000000000000001)
        AMO(79, amominu.d, 0x0000000000000005, 0xfffffffffffffffd, 0x0000000000000005, 0x0000000000000005)
        AMO(81, amominu.d, 0xffffffff00000001, 0x00000000ffffffff, 0xffffffff00000001, 0x00000000ffffffff)
        AMO(83, amomaxu.d, 0x0000000080000000, 0x0000000000000001, 0x0000000080000000, 0x0000000080000000)
        AMO(85, amomaxu.d, 0x0000000000000005, 0xfffffffffffffffd, 0x0000000000000005, 0xfffffffffffffffd)
        AMO(87, amomaxu.d, 0xffffffff00000001, 0x00000000ffffffff, 0xffffffff00000001, 0xffffffff00000001)
        /* .w on the upper word of a dword */
        la a3, amobuf
        li t0, 0x00000005fffffff0
        sd t0, 0(a3)
        addi a4, a3, 4
        li a2, -6
        amoadd.w a0, a2, (a4)
        CHECK(100, a0, 5)
        ld a1, 0(a3)
        CHECK(101, a1, 0xfffffffffffffff0)
        li a2, 0x7fffffff
        amomax.w a0, a2, (a4)
        CHECK(102, a0, -1)
        ld a1, 0(a3)
        CHECK(103, a1, 0x7ffffffffffffff0)
        /* rd = x0: memory still updated */
        li t0, 40
        sd t0, 0(a3)
        li a2, 2
        amoadd.d x0, a2, (a3)
        ld a1, 0(a3)
        CHECK(104, a1, 42)
        /* rd == rs2 */
        li a2, 8
        amoswap.d a2, a2, (a3)
        CHECK(105, a2, 42)
        ld a1, 0(a3)
        CHECK(106, a1, 8)
        /* aq / rl / aqrl variants */
        li a2, 1
        amoadd.d.aq a0, a2, (a3)
        amoadd.d.rl a0, a2, (a3)
        amoadd.d.aqrl a0, a2, (a3)
        amoor.w.aqrl a0, a2, (a3)
        CHECK(107, a0, 11)
        ld a1, 0(a3)
        CHECK(108, a1, 11)

        /* ---- misaligned lr: load address-misaligned, mtval = address ---- */
        la s1, lrbuf
        addi s1, s1, 4
        EXPECT_TRAP(110, 4, lr.d a0, (s1))
        CHECKR(111, TRAP_TVAL, s1)
        la s1, lrbuf
        addi s1, s1, 2
        EXPECT_TRAP(112, 4, lr.w a0, (s1))
        CHECKR(113, TRAP_TVAL, s1)
        addi s1, s1, -1
        EXPECT_TRAP(114, 4, lr.d a0, (s1))
        CHECKR(115, TRAP_TVAL, s1)

        TEST_PASS

        /* trap handler that continues after the trapping (4-byte) insn
         * without an mret */
        .align 2
skip_handler:
        csrr t0, mepc
        addi t0, t0, 4
        jr t0

        .data
        .align 6
lrbuf:  .dword 0, 0
        .align 6
amobuf: .dword 0, 0x6666666666666666
TEST_END
