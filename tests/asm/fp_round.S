# F/D rounding modes and fcsr: every static rounding mode (rne, rtz, rdn,
# rup, rmm) on divisions, ties, overflow (inf or max-finite), underflow (zero
# or min-subnormal), the sign of an exact zero, fused multiply-add, square
# root and conversions; the same through frm with dynamic rounding; fcsr as
# frm:fflags, field widths, flags accruing; reserved rounding modes (static
# 5/6, dynamic with frm = 5/6/7) illegal, while instructions without a
# rounding mode still run.
#include "env.h"
#include "fp.h"
        .option norvc

TEST_BEGIN
        USE_MTRAP
        FP_ENABLE
        /* ---- static rounding mode rne ---- */
        S2(1, fdiv.s, 0x3f800000, 0x40400000, 0x3eaaaaab, NX, rne)
        S2(2, fdiv.s, 0xbf800000, 0x40400000, 0xbeaaaaab, NX, rne)
        S2(3, fadd.s, 0x3f800000, 0x33800000, 0x3f800000, NX, rne)
        S2(4, fadd.s, 0xbf800000, 0xb3800000, 0xbf800000, NX, rne)
        S2(5, fadd.s, 0x7f7fffff, 0x7f7fffff, 0x7f800000, OF|NX, rne)
        S2(6, fmul.s, 0xff7fffff, 0x40000000, 0xff800000, OF|NX, rne)
        S2(7, fmul.s, 0x0d800000, 0x0d800000, 0x00000000, UF|NX, rne)
        S2(8, fmul.s, 0x8d800000, 0x0d800000, 0x80000000, UF|NX, rne)
        S2(9, fsub.s, 0x3f800000, 0x3f800000, 0x00000000, 0, rne)
        D2(10, fdiv.d, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, NX, rne)
        D1(11, fsqrt.d, 0x4000000000000000, 0x3ff6a09e667f3bcd, NX, rne)
        D3(12, fmadd.d, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, 0x3cc0000000000000, NX, rne)
        S2I(13, fcvt.w.s, 0x3fc00000, 0x0000000000000002, NX, rne)
        S2I(14, fcvt.w.s, 0xbfc00000, 0xfffffffffffffffe, NX, rne)
        S2I(15, fcvt.w.s, 0x40200000, 0x0000000000000002, NX, rne)
        S2I(16, fcvt.w.s, 0xc0200000, 0xfffffffffffffffe, NX, rne)
        S2I(17, fcvt.w.s, 0xbf000000, 0x0000000000000000, NX, rne)
        D2I(18, fcvt.l.d, 0xc004000000000000, 0xfffffffffffffffe, NX, rne)
        I2S(19, fcvt.s.w, 0x0000000001000001, 0x4b800000, NX, rne)
        I2S(20, fcvt.s.w, 0xfffffffffefffffd, 0xcb800002, NX, rne)
        I2D(21, fcvt.d.l, 0x0020000000000001, 0x4340000000000000, NX, rne)
        D2S(22, 0x3fb999999999999a, 0x3dcccccd, NX, rne)
        /* ---- static rounding mode rtz ---- */
        S2(23, fdiv.s, 0x3f800000, 0x40400000, 0x3eaaaaaa, NX, rtz)
        S2(24, fdiv.s, 0xbf800000, 0x40400000, 0xbeaaaaaa, NX, rtz)
        S2(25, fadd.s, 0x3f800000, 0x33800000, 0x3f800000, NX, rtz)
        S2(26, fadd.s, 0xbf800000, 0xb3800000, 0xbf800000, NX, rtz)
        S2(27, fadd.s, 0x7f7fffff, 0x7f7fffff, 0x7f7fffff, OF|NX, rtz)
        S2(28, fmul.s, 0xff7fffff, 0x40000000, 0xff7fffff, OF|NX, rtz)
        S2(29, fmul.s, 0x0d800000, 0x0d800000, 0x00000000, UF|NX, rtz)
        S2(30, fmul.s, 0x8d800000, 0x0d800000, 0x80000000, UF|NX, rtz)
        S2(31, fsub.s, 0x3f800000, 0x3f800000, 0x00000000, 0, rtz)
        D2(32, fdiv.d, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, NX, rtz)
        D1(33, fsqrt.d, 0x4000000000000000, 0x3ff6a09e667f3bcc, NX, rtz)
        D3(34, fmadd.d, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, 0x3cc0000000000000, NX, rtz)
        S2I(35, fcvt.w.s, 0x3fc00000, 0x0000000000000001, NX, rtz)
        S2I(36, fcvt.w.s, 0xbfc00000, 0xffffffffffffffff, NX, rtz)
        S2I(37, fcvt.w.s, 0x40200000, 0x0000000000000002, NX, rtz)
        S2I(38, fcvt.w.s, 0xc0200000, 0xfffffffffffffffe, NX, rtz)
        S2I(39, fcvt.w.s, 0xbf000000, 0x0000000000000000, NX, rtz)
        D2I(40, fcvt.l.d, 0xc004000000000000, 0xfffffffffffffffe, NX, rtz)
        I2S(41, fcvt.s.w, 0x0000000001000001, 0x4b800000, NX, rtz)
        I2S(42, fcvt.s.w, 0xfffffffffefffffd, 0xcb800001, NX, rtz)
        I2D(43, fcvt.d.l, 0x0020000000000001, 0x4340000000000000, NX, rtz)
        D2S(44, 0x3fb999999999999a, 0x3dcccccc, NX, rtz)
        /* ---- static rounding mode rdn ---- */
        S2(45, fdiv.s, 0x3f800000, 0x40400000, 0x3eaaaaaa, NX, rdn)
        S2(46, fdiv.s, 0xbf800000, 0x40400000, 0xbeaaaaab, NX, rdn)
        S2(47, fadd.s, 0x3f800000, 0x33800000, 0x3f800000, NX, rdn)
        S2(48, fadd.s, 0xbf800000, 0xb3800000, 0xbf800001, NX, rdn)
        S2(49, fadd.s, 0x7f7fffff, 0x7f7fffff, 0x7f7fffff, OF|NX, rdn)
        S2(50, fmul.s, 0xff7fffff, 0x40000000, 0xff800000, OF|NX, rdn)
        S2(51, fmul.s, 0x0d800000, 0x0d800000, 0x00000000, UF|NX, rdn)
        S2(52, fmul.s, 0x8d800000, 0x0d800000, 0x80000001, UF|NX, rdn)
        S2(53, fsub.s, 0x3f800000, 0x3f800000, 0x80000000, 0, rdn)
        D2(54, fdiv.d, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, NX, rdn)
        D1(55, fsqrt.d, 0x4000000000000000, 0x3ff6a09e667f3bcc, NX, rdn)
        D3(56, fmadd.d, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, 0x3cc0000000000000, NX, rdn)
        S2I(57, fcvt.w.s, 0x3fc00000, 0x0000000000000001, NX, rdn)
        S2I(58, fcvt.w.s, 0xbfc00000, 0xfffffffffffffffe, NX, rdn)
        S2I(59, fcvt.w.s, 0x40200000, 0x0000000000000002, NX, rdn)
        S2I(60, fcvt.w.s, 0xc0200000, 0xfffffffffffffffd, NX, rdn)
        S2I(61, fcvt.w.s, 0xbf000000, 0xffffffffffffffff, NX, rdn)
        D2I(62, fcvt.l.d, 0xc004000000000000, 0xfffffffffffffffd, NX, rdn)
        I2S(63, fcvt.s.w, 0x0000000001000001, 0x4b800000, NX, rdn)
        I2S(64, fcvt.s.w, 0xfffffffffefffffd, 0xcb800002, NX, rdn)
        I2D(65, fcvt.d.l, 0x0020000000000001, 0x4340000000000000, NX, rdn)
        D2S(66, 0x3fb999999999999a, 0x3dcccccc, NX, rdn)
        /* ---- static rounding mode rup ---- */
        S2(67, fdiv.s, 0x3f800000, 0x40400000, 0x3eaaaaab, NX, rup)
        S2(68, fdiv.s, 0xbf800000, 0x40400000, 0xbeaaaaaa, NX, rup)
        S2(69, fadd.s, 0x3f800000, 0x33800000, 0x3f800001, NX, rup)
        S2(70, fadd.s, 0xbf800000, 0xb3800000, 0xbf800000, NX, rup)
        S2(71, fadd.s, 0x7f7fffff, 0x7f7fffff, 0x7f800000, OF|NX, rup)
        S2(72, fmul.s, 0xff7fffff, 0x40000000, 0xff7fffff, OF|NX, rup)
        S2(73, fmul.s, 0x0d800000, 0x0d800000, 0x00000001, UF|NX, rup)
        S2(74, fmul.s, 0x8d800000, 0x0d800000, 0x80000000, UF|NX, rup)
        S2(75, fsub.s, 0x3f800000, 0x3f800000, 0x00000000, 0, rup)
        D2(76, fdiv.d, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555556, NX, rup)
        D1(77, fsqrt.d, 0x4000000000000000, 0x3ff6a09e667f3bcd, NX, rup)
        D3(78, fmadd.d, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, 0x3cc0000000000001, NX, rup)
        S2I(79, fcvt.w.s, 0x3fc00000, 0x0000000000000002, NX, rup)
        S2I(80, fcvt.w.s, 0xbfc00000, 0xffffffffffffffff, NX, rup)
        S2I(81, fcvt.w.s, 0x40200000, 0x0000000000000003, NX, rup)
        S2I(82, fcvt.w.s, 0xc0200000, 0xfffffffffffffffe, NX, rup)
        S2I(83, fcvt.w.s, 0xbf000000, 0x0000000000000000, NX, rup)
        D2I(84, fcvt.l.d, 0xc004000000000000, 0xfffffffffffffffe, NX, rup)
        I2S(85, fcvt.s.w, 0x0000000001000001, 0x4b800001, NX, rup)
        I2S(86, fcvt.s.w, 0xfffffffffefffffd, 0xcb800001, NX, rup)
        I2D(87, fcvt.d.l, 0x0020000000000001, 0x4340000000000001, NX, rup)
        D2S(88, 0x3fb999999999999a, 0x3dcccccd, NX, rup)
        /* ---- static rounding mode rmm ---- */
        S2(89, fdiv.s, 0x3f800000, 0x40400000, 0x3eaaaaab, NX, rmm)
        S2(90, fdiv.s, 0xbf800000, 0x40400000, 0xbeaaaaab, NX, rmm)
        S2(91, fadd.s, 0x3f800000, 0x33800000, 0x3f800001, NX, rmm)
        S2(92, fadd.s, 0xbf800000, 0xb3800000, 0xbf800001, NX, rmm)
        S2(93, fadd.s, 0x7f7fffff, 0x7f7fffff, 0x7f800000, OF|NX, rmm)
        S2(94, fmul.s, 0xff7fffff, 0x40000000, 0xff800000, OF|NX, rmm)
        S2(95, fmul.s, 0x0d800000, 0x0d800000, 0x00000000, UF|NX, rmm)
        S2(96, fmul.s, 0x8d800000, 0x0d800000, 0x80000000, UF|NX, rmm)
        S2(97, fsub.s, 0x3f800000, 0x3f800000, 0x00000000, 0, rmm)
        D2(98, fdiv.d, 0x3ff0000000000000, 0x4008000000000000, 0x3fd5555555555555, NX, rmm)
        D1(99, fsqrt.d, 0x4000000000000000, 0x3ff6a09e667f3bcd, NX, rmm)
        D3(100, fmadd.d, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, 0x3cc0000000000001, NX, rmm)
        S2I(101, fcvt.w.s, 0x3fc00000, 0x0000000000000002, NX, rmm)
        S2I(102, fcvt.w.s, 0xbfc00000, 0xfffffffffffffffe, NX, rmm)
        S2I(103, fcvt.w.s, 0x40200000, 0x0000000000000003, NX, rmm)
        S2I(104, fcvt.w.s, 0xc0200000, 0xfffffffffffffffd, NX, rmm)
        S2I(105, fcvt.w.s, 0xbf000000, 0xffffffffffffffff, NX, rmm)
        D2I(106, fcvt.l.d, 0xc004000000000000, 0xfffffffffffffffd, NX, rmm)
        I2S(107, fcvt.s.w, 0x0000000001000001, 0x4b800001, NX, rmm)
        I2S(108, fcvt.s.w, 0xfffffffffefffffd, 0xcb800002, NX, rmm)
        I2D(109, fcvt.d.l, 0x0020000000000001, 0x4340000000000001, NX, rmm)
        D2S(110, 0x3fb999999999999a, 0x3dcccccd, NX, rmm)
        /* ---- dynamic rounding: frm = rne ---- */
        csrwi frm, 0
        S2(111, fdiv.s, 0x3f800000, 0x40400000, 0x3eaaaaab, NX)
        S2(112, fdiv.s, 0xbf800000, 0x40400000, 0xbeaaaaab, NX)
        S2(113, fsub.s, 0x3f800000, 0x3f800000, 0x00000000, 0)
        D3(114, fmadd.d, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, 0x3cc0000000000000, NX)
        S2I(115, fcvt.w.s, 0xc0200000, 0xfffffffffffffffe, NX)
        I2D(116, fcvt.d.l, 0x0020000000000001, 0x4340000000000000, NX)
        D2S(117, 0x3fb999999999999a, 0x3dcccccd, NX)
        csrr a0, frm
        CHECK(118, a0, 0)
        /* ---- dynamic rounding: frm = rtz ---- */
        csrwi frm, 1
        S2(119, fdiv.s, 0x3f800000, 0x40400000, 0x3eaaaaaa, NX)
        S2(120, fdiv.s, 0xbf800000, 0x40400000, 0xbeaaaaaa, NX)
        S2(121, fsub.s, 0x3f800000, 0x3f800000, 0x00000000, 0)
        D3(122, fmadd.d, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, 0x3cc0000000000000, NX)
        S2I(123, fcvt.w.s, 0xc0200000, 0xfffffffffffffffe, NX)
        I2D(124, fcvt.d.l, 0x0020000000000001, 0x4340000000000000, NX)
        D2S(125, 0x3fb999999999999a, 0x3dcccccc, NX)
        csrr a0, frm
        CHECK(126, a0, 1)
        /* ---- dynamic rounding: frm = rdn ---- */
        csrwi frm, 2
        S2(127, fdiv.s, 0x3f800000, 0x40400000, 0x3eaaaaaa, NX)
        S2(128, fdiv.s, 0xbf800000, 0x40400000, 0xbeaaaaab, NX)
        S2(129, fsub.s, 0x3f800000, 0x3f800000, 0x80000000, 0)
        D3(130, fmadd.d, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, 0x3cc0000000000000, NX)
        S2I(131, fcvt.w.s, 0xc0200000, 0xfffffffffffffffd, NX)
        I2D(132, fcvt.d.l, 0x0020000000000001, 0x4340000000000000, NX)
        D2S(133, 0x3fb999999999999a, 0x3dcccccc, NX)
        csrr a0, frm
        CHECK(134, a0, 2)
        /* ---- dynamic rounding: frm = rup ---- */
        csrwi frm, 3
        S2(135, fdiv.s, 0x3f800000, 0x40400000, 0x3eaaaaab, NX)
        S2(136, fdiv.s, 0xbf800000, 0x40400000, 0xbeaaaaaa, NX)
        S2(137, fsub.s, 0x3f800000, 0x3f800000, 0x00000000, 0)
        D3(138, fmadd.d, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, 0x3cc0000000000001, NX)
        S2I(139, fcvt.w.s, 0xc0200000, 0xfffffffffffffffe, NX)
        I2D(140, fcvt.d.l, 0x0020000000000001, 0x4340000000000001, NX)
        D2S(141, 0x3fb999999999999a, 0x3dcccccd, NX)
        csrr a0, frm
        CHECK(142, a0, 3)
        /* ---- dynamic rounding: frm = rmm ---- */
        csrwi frm, 4
        S2(143, fdiv.s, 0x3f800000, 0x40400000, 0x3eaaaaab, NX)
        S2(144, fdiv.s, 0xbf800000, 0x40400000, 0xbeaaaaab, NX)
        S2(145, fsub.s, 0x3f800000, 0x3f800000, 0x00000000, 0)
        D3(146, fmadd.d, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000, 0x3cc0000000000001, NX)
        S2I(147, fcvt.w.s, 0xc0200000, 0xfffffffffffffffd, NX)
        I2D(148, fcvt.d.l, 0x0020000000000001, 0x4340000000000001, NX)
        D2S(149, 0x3fb999999999999a, 0x3dcccccd, NX)
        csrr a0, frm
        CHECK(150, a0, 4)

        /* ---- fcsr = frm << 5 | fflags ---- */
        csrw fcsr, x0
        li t0, 0xff
        csrw fcsr, t0
        csrr a0, fcsr
        CHECK(160, a0, 0xff)
        csrr a0, frm
        CHECK(161, a0, 7)
        csrr a0, fflags
        CHECK(162, a0, 0x1f)
        li t0, -1                                /* bits above 7 read zero */
        csrw fcsr, t0
        csrr a0, fcsr
        CHECK(163, a0, 0xff)
        csrwi fflags, 0
        csrr a0, fcsr
        CHECK(164, a0, 0xe0)                     /* frm untouched */
        li t0, -1
        csrw fflags, t0                          /* only 5 bits */
        csrr a0, fflags
        CHECK(165, a0, 0x1f)
        csrwi frm, 2
        csrr a0, fcsr
        CHECK(166, a0, 0x5f)                     /* fflags untouched */
        li t0, 0x1d                              /* frm is 3 bits */
        csrw frm, t0
        csrr a0, frm
        CHECK(167, a0, 5)
        csrrwi a0, fflags, 0x3
        CHECK(168, a0, 0x1f)
        csrr a0, fcsr
        CHECK(169, a0, 0xa3)
        csrw fcsr, x0

        /* ---- flags accrue ---- */
        LDS(fa1, 0x3f800000)
        LDS(fa2, 0x00000000)
        LDS(fa3, 0x40400000)
        fdiv.s fa0, fa1, fa2                     /* DZ */
        fdiv.s fa0, fa1, fa3                     /* NX */
        fdiv.s fa0, fa2, fa2                     /* NV */
        csrr a0, fflags
        CHECK(170, a0, DZ | NX | NV)
        fadd.s fa0, fa1, fa1                     /* exact: flags stay */
        csrr a0, fflags
        CHECK(171, a0, DZ | NX | NV)
        csrci fflags, NX
        csrr a0, fflags
        CHECK(172, a0, DZ | NV)
        csrsi fflags, OF
        csrr a0, fflags
        CHECK(173, a0, DZ | NV | OF)
        /* a trapping FP instruction doesn't touch the flags */
        csrwi fflags, 0
        csrwi frm, 7
        EXPECT_TRAP(174, 2, fdiv.s fa0, fa1, fa2)
        csrr a0, fflags
        CHECK(175, a0, 0)

        /* ---- reserved rounding modes ---- */
        csrwi frm, 0
        /* fadd.s fa0, fa1, fa2 with rm = 5 and 6 */
        EXPECT_TRAP(176, 2, .word 0x00c5d553)
        CHECK(177, TRAP_TVAL, 0x00c5d553)
        EXPECT_TRAP(178, 2, .word 0x00c5e553)
        /* fcvt.w.d a0, fa1 with rm = 5 */
        EXPECT_TRAP(179, 2, .word 0xc205d553)
        /* dynamic with frm = 5, 6, 7 */
        csrwi frm, 5
        EXPECT_TRAP(180, 2, fadd.s fa0, fa1, fa2)
        csrwi frm, 6
        EXPECT_TRAP(181, 2, fmul.d fa0, fa1, fa2)
        csrwi frm, 7
        EXPECT_TRAP(182, 2, fcvt.w.s a0, fa1)
        EXPECT_TRAP(183, 2, fmadd.s fa0, fa1, fa2, fa3)
        EXPECT_TRAP(184, 2, fsqrt.d fa0, fa1)
        /* a static mode works whatever frm holds */
        fdiv.s fa0, fa1, fa3, rtz
        CHKS(185, fa0, 0x3eaaaaaa)
        /* no rounding mode: fine with a bad frm */
        fsgnj.s fa0, fa1, fa3
        fmin.s fa0, fa1, fa3
        feq.s a0, fa1, fa1
        CHECK(186, a0, 1)
        fclass.s a0, fa1
        CHECK(187, a0, 0x40)
        fmv.x.w a0, fa1
        flw fa0, 0(sp)
        csrwi frm, 0

        TEST_PASS
TEST_END
