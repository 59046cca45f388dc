# F/D conversions and moves: fcvt.{w,wu,l,lu}.{s,d} with rounding, NaN and
# +-inf, out-of-range saturation and NV (results of .w/.wu sign-extended),
# fcvt.{s,d}.{w,wu,l,lu} incl. inexact ones, fcvt.s.d (rounding, overflow,
# underflow, NaN -> canonical) and fcvt.d.s (exact, sNaN -> NV), sign
# injection with NaN payloads kept, fmv.x.w sign extension, NaN-boxing of
# fmv.w.x/flw/single results, and single-precision operations reading an
# improperly NaN-boxed register as the canonical NaN (fsgnj* too), while
# fmv.x.w / fsw move the low 32 bits as they are.
#include "env.h"
#include "fp.h"
        .option norvc

TEST_BEGIN
        USE_MTRAP
        FP_ENABLE
        la s0, fpbuf
        /* ---- single: to integer: rounding, saturation, NaN / inf ---- */
        S2I(1, fcvt.w.s, 0x3fc00000, 0x0000000000000002, NX)
        S2I(2, fcvt.w.s, 0xbfc00000, 0xfffffffffffffffe, NX)
        S2I(3, fcvt.w.s, 0x40200000, 0x0000000000000002, NX)
        S2I(4, fcvt.w.s, 0xc0200000, 0xfffffffffffffffe, NX)
        S2I(5, fcvt.w.s, 0x3fc00000, 0x0000000000000001, NX, rtz)
        S2I(6, fcvt.w.s, 0xbfc00000, 0xffffffffffffffff, NX, rtz)
        S2I(7, fcvt.w.s, 0x4f000000, 0x000000007fffffff, NV)
        S2I(8, fcvt.w.s, 0xcf000000, 0xffffffff80000000, 0)
        S2I(9, fcvt.w.s, 0xcf000001, 0xffffffff80000000, NV)
        S2I(10, fcvt.w.s, 0x7fc00000, 0x000000007fffffff, NV)
        S2I(11, fcvt.w.s, 0xffc00000, 0x000000007fffffff, NV)
        S2I(12, fcvt.w.s, 0x7f800000, 0x000000007fffffff, NV)
        S2I(13, fcvt.w.s, 0xff800000, 0xffffffff80000000, NV)
        S2I(14, fcvt.w.s, 0x80000000, 0x0000000000000000, 0)
        S2I(15, fcvt.w.s, 0x3f000000, 0x0000000000000000, NX)
        S2I(16, fcvt.w.s, 0x3ff33333, 0x0000000000000001, NX, rtz)
        S2I(17, fcvt.wu.s, 0x4f32d05e, 0xffffffffb2d05e00, 0)
        S2I(18, fcvt.wu.s, 0xbf800000, 0x0000000000000000, NV)
        S2I(19, fcvt.wu.s, 0xbf000000, 0x0000000000000000, NX)
        S2I(20, fcvt.wu.s, 0x4f800000, 0xffffffffffffffff, NV)
        S2I(21, fcvt.wu.s, 0x7fc00000, 0xffffffffffffffff, NV)
        S2I(22, fcvt.wu.s, 0xff800000, 0x0000000000000000, NV)
        S2I(23, fcvt.wu.s, 0x3ff33333, 0x0000000000000002, NX, rup)
        S2I(24, fcvt.wu.s, 0xbe99999a, 0x0000000000000000, NX, rtz)
        S2I(25, fcvt.l.s, 0x5f000000, 0x7fffffffffffffff, NV)
        S2I(26, fcvt.l.s, 0xdf000000, 0x8000000000000000, 0)
        S2I(27, fcvt.l.s, 0x501502f9, 0x00000002540be400, 0)
        S2I(28, fcvt.l.s, 0x7fc00000, 0x7fffffffffffffff, NV)
        S2I(29, fcvt.l.s, 0xff800000, 0x8000000000000000, NV)
        S2I(30, fcvt.l.s, 0xc0200000, 0xfffffffffffffffd, NX, rmm)
        S2I(31, fcvt.l.s, 0x4f800000, 0x0000000100000000, 0)
        S2I(32, fcvt.lu.s, 0xbf800000, 0x0000000000000000, NV)
        S2I(33, fcvt.lu.s, 0x5f800000, 0xffffffffffffffff, NV)
        S2I(34, fcvt.lu.s, 0x3ff33333, 0x0000000000000001, NX, rtz)
        S2I(35, fcvt.lu.s, 0x5f000000, 0x8000000000000000, 0)
        S2I(36, fcvt.lu.s, 0x7f800001, 0xffffffffffffffff, NV)
        S2I(37, fcvt.lu.s, 0x7f800000, 0xffffffffffffffff, NV)
        /* ---- single: from integer ---- */
        I2S(38, fcvt.s.w, 0x0000000000000001, 0x3f800000, 0)
        I2S(39, fcvt.s.w, 0xffffffffffffffff, 0xbf800000, 0)
        I2S(40, fcvt.s.w, 0x000000007fffffff, 0x4f000000, NX)
        I2S(41, fcvt.s.w, 0x0000000080000000, 0xcf000000, 0)
        I2S(42, fcvt.s.w, 0x0000000001000001, 0x4b800000, NX)
        I2S(43, fcvt.s.w, 0xffffffff00000005, 0x40a00000, 0)
        I2S(44, fcvt.s.w, 0x0000000001000003, 0x4b800002, NX)
        I2S(45, fcvt.s.w, 0x0000000000000000, 0x00000000, 0)
        I2S(46, fcvt.s.wu, 0x00000000ffffffff, 0x4f800000, NX)
        I2S(47, fcvt.s.wu, 0x0000000080000000, 0x4f000000, 0)
        I2S(48, fcvt.s.wu, 0x12345678ffffff01, 0x4f7fffff, NX)
        I2S(49, fcvt.s.wu, 0x0000000000000007, 0x40e00000, 0)
        I2S(50, fcvt.s.l, 0xffffffffffffffff, 0xbf800000, 0)
        I2S(51, fcvt.s.l, 0x7fffffffffffffff, 0x5f000000, NX)
        I2S(52, fcvt.s.l, 0x8000000000000000, 0xdf000000, 0)
        I2S(53, fcvt.s.l, 0x0020000000000001, 0x5a000000, NX)
        I2S(54, fcvt.s.l, 0x0000000000003039, 0x4640e400, 0)
        I2S(55, fcvt.s.lu, 0xffffffffffffffff, 0x5f800000, NX)
        I2S(56, fcvt.s.lu, 0x8000000000000000, 0x5f000000, 0)
        I2S(57, fcvt.s.lu, 0x0020000000000001, 0x5a000000, NX)
        I2S(58, fcvt.s.lu, 0x4000000000000080, 0x5e800000, NX)
        /* ---- single: sign injection (no canonicalisation of NaNs) ---- */
        S2(59, fsgnj.s, 0x3f800000, 0xc0000000, 0xbf800000, 0)
        S2(60, fsgnj.s, 0xbf800000, 0xc0000000, 0xbf800000, 0)
        S2(61, fsgnj.s, 0xbf800000, 0x40000000, 0x3f800000, 0)
        S2(62, fsgnj.s, 0x7fc12345, 0x80000000, 0xffc12345, 0)
        S2(63, fsgnj.s, 0x7f800001, 0xbf800000, 0xff800001, 0)
        S2(64, fsgnjn.s, 0x3f800000, 0xc0000000, 0x3f800000, 0)
        S2(65, fsgnjn.s, 0xbf800000, 0xc0000000, 0x3f800000, 0)
        S2(66, fsgnjn.s, 0xbf800000, 0x40000000, 0xbf800000, 0)
        S2(67, fsgnjn.s, 0x7fc12345, 0x80000000, 0x7fc12345, 0)
        S2(68, fsgnjn.s, 0x7f800001, 0xbf800000, 0x7f800001, 0)
        S2(69, fsgnjx.s, 0x3f800000, 0xc0000000, 0xbf800000, 0)
        S2(70, fsgnjx.s, 0xbf800000, 0xc0000000, 0x3f800000, 0)
        S2(71, fsgnjx.s, 0xbf800000, 0x40000000, 0xbf800000, 0)
        S2(72, fsgnjx.s, 0x7fc12345, 0x80000000, 0xffc12345, 0)
        S2(73, fsgnjx.s, 0x7f800001, 0xbf800000, 0xff800001, 0)
        /* ---- double: to integer: rounding, saturation, NaN / inf ---- */
        D2I(74, fcvt.w.d, 0x3ff8000000000000, 0x0000000000000002, NX)
        D2I(75, fcvt.w.d, 0xbff8000000000000, 0xfffffffffffffffe, NX)
        D2I(76, fcvt.w.d, 0x4004000000000000, 0x0000000000000002, NX)
        D2I(77, fcvt.w.d, 0xc004000000000000, 0xfffffffffffffffe, NX)
        D2I(78, fcvt.w.d, 0x3ff8000000000000, 0x0000000000000001, NX, rtz)
        D2I(79, fcvt.w.d, 0xbff8000000000000, 0xffffffffffffffff, NX, rtz)
        D2I(80, fcvt.w.d, 0x41e0000000000000, 0x000000007fffffff, NV)
        D2I(81, fcvt.w.d, 0xc1e0000000000000, 0xffffffff80000000, 0)
        D2I(82, fcvt.w.d, 0xc1e0000000200000, 0xffffffff80000000, NV)
        D2I(83, fcvt.w.d, 0x7ff8000000000000, 0x000000007fffffff, NV)
        D2I(84, fcvt.w.d, 0xfff8000000000000, 0x000000007fffffff, NV)
        D2I(85, fcvt.w.d, 0x7ff0000000000000, 0x000000007fffffff, NV)
        D2I(86, fcvt.w.d, 0xfff0000000000000, 0xffffffff80000000, NV)
        D2I(87, fcvt.w.d, 0x8000000000000000, 0x0000000000000000, 0)
        D2I(88, fcvt.w.d, 0x3fe0000000000000, 0x0000000000000000, NX)
        D2I(89, fcvt.w.d, 0x3ffe666666666666, 0x0000000000000001, NX, rtz)
        D2I(90, fcvt.wu.d, 0x41e65a0bc0000000, 0xffffffffb2d05e00, 0)
        D2I(91, fcvt.wu.d, 0xbff0000000000000, 0x0000000000000000, NV)
        D2I(92, fcvt.wu.d, 0xbfe0000000000000, 0x0000000000000000, NX)
        D2I(93, fcvt.wu.d, 0x41f0000000000000, 0xffffffffffffffff, NV)
        D2I(94, fcvt.wu.d, 0x7ff8000000000000, 0xffffffffffffffff, NV)
        D2I(95, fcvt.wu.d, 0xfff0000000000000, 0x0000000000000000, NV)
        D2I(96, fcvt.wu.d, 0x3ffe666666666666, 0x0000000000000002, NX, rup)
        D2I(97, fcvt.wu.d, 0xbfd3333333333333, 0x0000000000000000, NX, rtz)
        D2I(98, fcvt.l.d, 0x43e0000000000000, 0x7fffffffffffffff, NV)
        D2I(99, fcvt.l.d, 0xc3e0000000000000, 0x8000000000000000, 0)
        D2I(100, fcvt.l.d, 0x4202a05f20000000, 0x00000002540be400, 0)
        D2I(101, fcvt.l.d, 0x7ff8000000000000, 0x7fffffffffffffff, NV)
        D2I(102, fcvt.l.d, 0xfff0000000000000, 0x8000000000000000, NV)
        D2I(103, fcvt.l.d, 0xc004000000000000, 0xfffffffffffffffd, NX, rmm)
        D2I(104, fcvt.l.d, 0x41f0000000000000, 0x0000000100000000, 0)
        D2I(105, fcvt.lu.d, 0xbff0000000000000, 0x0000000000000000, NV)
        D2I(106, fcvt.lu.d, 0x43f0000000000000, 0xffffffffffffffff, NV)
        D2I(107, fcvt.lu.d, 0x3ffe666666666666, 0x0000000000000001, NX, rtz)
        D2I(108, fcvt.lu.d, 0x43e0000000000000, 0x8000000000000000, 0)
        D2I(109, fcvt.lu.d, 0x7ff0000000000001, 0xffffffffffffffff, NV)
        D2I(110, fcvt.lu.d, 0x7ff0000000000000, 0xffffffffffffffff, NV)
        /* ---- double: from integer ---- */
        I2D(111, fcvt.d.w, 0x0000000000000001, 0x3ff0000000000000, 0)
        I2D(112, fcvt.d.w, 0xffffffffffffffff, 0xbff0000000000000, 0)
        I2D(113, fcvt.d.w, 0x000000007fffffff, 0x41dfffffffc00000, 0)
        I2D(114, fcvt.d.w, 0x0000000080000000, 0xc1e0000000000000, 0)
        I2D(115, fcvt.d.w, 0x0000000001000001, 0x4170000010000000, 0)
        I2D(116, fcvt.d.w, 0xffffffff00000005, 0x4014000000000000, 0)
        I2D(117, fcvt.d.w, 0x0000000001000003, 0x4170000030000000, 0)
        I2D(118, fcvt.d.w, 0x0000000000000000, 0x0000000000000000, 0)
        I2D(119, fcvt.d.wu, 0x00000000ffffffff, 0x41efffffffe00000, 0)
        I2D(120, fcvt.d.wu, 0x0000000080000000, 0x41e0000000000000, 0)
        I2D(121, fcvt.d.wu, 0x12345678ffffff01, 0x41efffffe0200000, 0)
        I2D(122, fcvt.d.wu, 0x0000000000000007, 0x401c000000000000, 0)
        I2D(123, fcvt.d.l, 0xffffffffffffffff, 0xbff0000000000000, 0)
        I2D(124, fcvt.d.l, 0x7fffffffffffffff, 0x43e0000000000000, NX)
        I2D(125, fcvt.d.l, 0x8000000000000000, 0xc3e0000000000000, 0)
        I2D(126, fcvt.d.l, 0x0020000000000001, 0x4340000000000000, NX)
        I2D(127, fcvt.d.l, 0x0000000000003039, 0x40c81c8000000000, 0)
        I2D(128, fcvt.d.lu, 0xffffffffffffffff, 0x43f0000000000000, NX)
        I2D(129, fcvt.d.lu, 0x8000000000000000, 0x43e0000000000000, 0)
        I2D(130, fcvt.d.lu, 0x0020000000000001, 0x4340000000000000, NX)
        I2D(131, fcvt.d.lu, 0x4000000000000080, 0x43d0000000000000, NX)
        /* ---- double: sign injection (no canonicalisation of NaNs) ---- */
        D2(132, fsgnj.d, 0x3ff0000000000000, 0xc000000000000000, 0xbff0000000000000, 0)
        D2(133, fsgnj.d, 0xbff0000000000000, 0xc000000000000000, 0xbff0000000000000, 0)
        D2(134, fsgnj.d, 0xbff0000000000000, 0x4000000000000000, 0x3ff0000000000000, 0)
        D2(135, fsgnj.d, 0x7ff8000000012345, 0x8000000000000000, 0xfff8000000012345, 0)
        D2(136, fsgnj.d, 0x7ff0000000000001, 0xbff0000000000000, 0xfff0000000000001, 0)
        D2(137, fsgnjn.d, 0x3ff0000000000000, 0xc000000000000000, 0x3ff0000000000000, 0)
        D2(138, fsgnjn.d, 0xbff0000000000000, 0xc000000000000000, 0x3ff0000000000000, 0)
        D2(139, fsgnjn.d, 0xbff0000000000000, 0x4000000000000000, 0xbff0000000000000, 0)
        D2(140, fsgnjn.d, 0x7ff8000000012345, 0x8000000000000000, 0x7ff8000000012345, 0)
        D2(141, fsgnjn.d, 0x7ff0000000000001, 0xbff0000000000000, 0x7ff0000000000001, 0)
        D2(142, fsgnjx.d, 0x3ff0000000000000, 0xc000000000000000, 0xbff0000000000000, 0)
        D2(143, fsgnjx.d, 0xbff0000000000000, 0xc000000000000000, 0x3ff0000000000000, 0)
        D2(144, fsgnjx.d, 0xbff0000000000000, 0x4000000000000000, 0xbff0000000000000, 0)
        D2(145, fsgnjx.d, 0x7ff8000000012345, 0x8000000000000000, 0xfff8000000012345, 0)
        D2(146, fsgnjx.d, 0x7ff0000000000001, 0xbff0000000000000, 0xfff0000000000001, 0)
        /* ---- double -> single ---- */
        D2S(147, 0x3ff0000000000000, 0x3f800000, 0)
        D2S(148, 0x3fb999999999999a, 0x3dcccccd, NX)
        D2S(149, 0x7fefffffffffffff, 0x7f800000, OF|NX)
        D2S(150, 0x358dee7a4ad4b81f, 0x00000000, UF|NX)
        D2S(151, 0x3730000000000000, 0x00000200, 0)
        D2S(152, 0xb6a8000000000000, 0x80000002, UF|NX)
        D2S(153, 0x8000000000000000, 0x80000000, 0)
        D2S(154, 0x7ff8000000012345, 0x7fc00000, 0)
        D2S(155, 0x7ff0000000000001, 0x7fc00000, NV)
        D2S(156, 0xfff0000000000000, 0xff800000, 0)
        D2S(157, 0xc00c000000000000, 0xc0600000, 0)
        D2S(158, 0x3fb999999999999a, 0x3dcccccc, NX, rtz)
        D2S(159, 0x3fb999999999999a, 0x3dcccccd, NX, rup)
        D2S(160, 0x3fb999999999999a, 0x3dcccccc, NX, rdn)
        D2S(161, 0x3fb999999999999a, 0x3dcccccd, NX, rmm)
        D2S(162, 0x7fefffffffffffff, 0x7f7fffff, OF|NX, rtz)
        /* ---- single -> double (exact) ---- */
        S2D(163, 0x3f800000, 0x3ff0000000000000, 0)
        S2D(164, 0x3dcccccd, 0x3fb99999a0000000, 0)
        S2D(165, 0x00000001, 0x36a0000000000000, 0)
        S2D(166, 0x7f800001, 0x7ff8000000000000, NV)
        S2D(167, 0x7fc12345, 0x7ff8000000000000, 0)
        S2D(168, 0xff800000, 0xfff0000000000000, 0)
        S2D(169, 0x80000000, 0x8000000000000000, 0)
        S2D(170, 0x7f7fffff, 0x47efffffe0000000, 0)

        /* ---- moves ---- */
        li t0, 0x80000000
        fmv.w.x fa0, t0
        fmv.x.w a0, fa0
        CHECK(171, a0, 0xffffffff80000000)       /* sign-extended */
        fmv.x.d a0, fa0
        CHECK(172, a0, 0xffffffff80000000)       /* NaN-boxed */
        li t0, 0x123456787fffffff                /* upper bits ignored */
        fmv.w.x fa0, t0
        fmv.x.d a0, fa0
        CHECK(173, a0, 0xffffffff7fffffff)
        fmv.x.w a0, fa0
        CHECK(174, a0, 0x7fffffff)
        /* flw NaN-boxes */
        li t0, 0x11111111bf800000
        sd t0, 0(s0)
        flw fa0, 0(s0)
        fmv.x.d a0, fa0
        CHECK(175, a0, 0xffffffffbf800000)
        /* single-precision results are NaN-boxed */
        fadd.s fa1, fa0, fa0
        fmv.x.d a0, fa1
        CHECK(176, a0, 0xffffffffc0000000)
        li t0, 0x3ff0000000000000
        fmv.d.x fa1, t0
        fcvt.s.d fa1, fa1
        fmv.x.d a0, fa1
        CHECK(177, a0, 0xffffffff3f800000)
        /* 64-bit moves leave even a signaling NaN alone, no flags */
        csrwi fflags, 0
        li t0, 0x7ff0000000000001
        fmv.d.x fa0, t0
        fsd fa0, 8(s0)
        ld a0, 8(s0)
        CHECK(178, a0, 0x7ff0000000000001)
        fld fa1, 8(s0)
        fmv.x.d a0, fa1
        CHECK(179, a0, 0x7ff0000000000001)
        li t0, 0xffffffff7f800001                /* boxed single sNaN */
        fmv.d.x fa0, t0
        fsw fa0, 16(s0)
        lwu a0, 16(s0)
        CHECK(180, a0, 0x7f800001)
        CHKFL(181, 0)

        /* ---- NaN-boxing: improperly boxed inputs read as canonical NaN ---- */
        li t0, 0x000000003f800000                /* 1.0f, not boxed */
        fmv.d.x fa1, t0
        li t0, 0xffffffff3f800000                /* 1.0f, boxed */
        fmv.d.x fa2, t0
        li t0, 0xfffffffe3f800000                /* one upper bit clear */
        fmv.d.x fa3, t0
        li t0, 0xffffffffbf800000                /* -1.0f, boxed */
        fmv.d.x fa4, t0
        csrwi fflags, 0
        fadd.s fa0, fa2, fa2
        CHKS(182, fa0, 0x40000000)
        fadd.s fa0, fa1, fa2
        CHKS(183, fa0, 0x7fc00000)
        CHKFL(183, 0)                            /* a quiet NaN: no NV */
        fmul.s fa0, fa2, fa3
        CHKS(184, fa0, 0x7fc00000)
        fsgnj.s fa0, fa1, fa2
        fmv.x.d a0, fa0
        CHECK(185, a0, 0xffffffff7fc00000)
        fsgnj.s fa0, fa1, fa4
        fmv.x.d a0, fa0
        CHECK(186, a0, 0xffffffffffc00000)
        fsgnjn.s fa0, fa1, fa1
        fmv.x.d a0, fa0
        CHECK(187, a0, 0xffffffffffc00000)
        fsgnjx.s fa0, fa1, fa4
        fmv.x.d a0, fa0
        CHECK(188, a0, 0xffffffffffc00000)
        fsgnj.s fa0, fa4, fa1                    /* sign of the canonical NaN: + */
        fmv.x.d a0, fa0
        CHECK(189, a0, 0xffffffff3f800000)
        fsgnjx.s fa0, fa3, fa3
        fmv.x.d a0, fa0
        CHECK(190, a0, 0xffffffff7fc00000)
        /* transfers do not look at the boxing */
        fmv.x.w a0, fa1
        CHECK(191, a0, 0x3f800000)
        fsw fa3, 24(s0)
        lwu a0, 24(s0)
        CHECK(192, a0, 0x3f800000)
        /* everything else does */
        csrwi fflags, 0
        fclass.s a0, fa1
        CHECK(193, a0, 0x200)
        fcvt.d.s fa0, fa1
        CHKD(194, fa0, 0x7ff8000000000000)
        feq.s a0, fa1, fa1
        CHECK(195, a0, 0)
        CHKFL(195, 0)
        flt.s a0, fa1, fa2
        CHECK(196, a0, 0)
        CHKFL(196, NV)
        csrwi fflags, 0
        fcvt.w.s a0, fa3
        CHECK(197, a0, 0x7fffffff)
        CHKFL(197, NV)
        csrwi fflags, 0
        fmin.s fa0, fa1, fa4
        CHKS(198, fa0, 0xbf800000)
        CHKFL(198, 0)
        fmadd.s fa0, fa2, fa2, fa1
        CHKS(199, fa0, 0x7fc00000)
        fsqrt.s fa0, fa3
        CHKS(200, fa0, 0x7fc00000)
        fcvt.l.s a0, fa1
        li t0, 0x7fffffffffffffff
        CHECKR(201, a0, t0)
        /* double operations use all 64 bits of the same register */
        fmv.x.d a0, fa1
        CHECK(202, a0, 0x000000003f800000)
        fadd.d fa0, fa1, fa1
        CHKD(203, fa0, 0x000000007f000000)

        /* ---- x0 as destination: nothing written, flags still raised ---- */
        LDS(fa1, 0x7fc00000)
        csrwi fflags, 0
        fcvt.w.s x0, fa1
        CHKFL(204, NV)
        fmv.x.w x0, fa1
        feq.s x0, fa1, fa1
        fclass.d x0, fa1
        fcvt.l.d x0, fa1
        CHECK(205, x0, 0)
        li t0, 0x3ff8000000000000
        fmv.d.x fa1, t0
        csrwi fflags, 0
        fcvt.w.d x0, fa1                         /* 1.5: inexact */
        CHKFL(206, NX)
        CHECK(207, x0, 0)

        TEST_PASS

        .data
        .balign 8
fpbuf:  .dword 0, 0, 0, 0
TEST_END
