# Zba, Zbb, Zbs: every instruction (add.uw, sh1add..sh3add and .uw forms,
# slli.uw; andn/orn/xnor, clz/ctz/cpop and W forms, max/min(u), sext.b/h,
# zext.h, rol/ror/rori and W forms, orc.b, rev8; bclr/bext/binv/bset and
# immediate forms), with shift amounts taken modulo the width, the .uw zero
# extension of the upper half, W results sign-extended, x0 as destination.
#include "env.h"
        .option norvc

#define RR(n, op, res, v1, v2)                  \
        li a1, v1; li a2, v2; op a0, a1, a2; CHECK(n, a0, res)
#define RI(n, op, res, v1, imm)                 \
        li a1, v1; op a0, a1, imm; CHECK(n, a0, res)
#define R1(n, op, res, v1)                      \
        li a1, v1; op a0, a1; CHECK(n, a0, res)

TEST_BEGIN
        /* add.uw */
        RR(1, add.uw, 0x0000000080000001, 0xffffffff80000000, 0x0000000000000001)
        RR(2, add.uw, 0x0000000000000015, 0x1234567800000005, 0x0000000000000010)
        RR(3, add.uw, 0x0000000000000000, 0xffffffffffffffff, 0xffffffff00000001)
        /* sh1add */
        RR(4, sh1add, 0x000000000000000a, 0x0000000000000003, 0x0000000000000004)
        RR(5, sh1add, 0x0000000000000002, 0x8000000000000001, 0x0000000000000000)
        RR(6, sh1add, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001)
        /* sh2add */
        RR(7, sh2add, 0x0000000000000010, 0x0000000000000003, 0x0000000000000004)
        RR(8, sh2add, 0x0000000000000004, 0x4000000000000001, 0x0000000000000000)
        RR(9, sh2add, 0xfffffffffffffffb, 0xffffffffffffffff, 0xffffffffffffffff)
        /* sh3add */
        RR(10, sh3add, 0x000000000000001c, 0x0000000000000003, 0x0000000000000004)
        RR(11, sh3add, 0x0000000000000008, 0x2000000000000001, 0x0000000000000000)
        RR(12, sh3add, 0x00000007fffffff9, 0x00000000ffffffff, 0x0000000000000001)
        /* sh1add.uw */
        RR(13, sh1add.uw, 0x0000000100000001, 0xffffffff80000000, 0x0000000000000001)
        RR(14, sh1add.uw, 0x00000000468acf12, 0x0000000123456789, 0x0000000000000000)
        /* sh2add.uw */
        RR(15, sh2add.uw, 0x0000000200000001, 0xffffffff80000000, 0x0000000000000001)
        RR(16, sh2add.uw, 0x000000008d159e24, 0x0000000123456789, 0x0000000000000000)
        /* sh3add.uw */
        RR(17, sh3add.uw, 0x0000000400000001, 0xffffffff80000000, 0x0000000000000001)
        RR(18, sh3add.uw, 0x000000001a2b3c48, 0x0000000123456789, 0xffffffff00000000)
        /* andn */
        RR(19, andn, 0xf000f000f000f000, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0)
        RR(20, andn, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000000)
        /* orn */
        RR(21, orn, 0xff0fff0fff0fff0f, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0)
        RR(22, orn, 0x0000000000000000, 0x0000000000000000, 0xffffffffffffffff)
        /* xnor */
        RR(23, xnor, 0x0f0f0f0f0f0f0f0f, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0)
        RR(24, xnor, 0xffffffffffffffff, 0x0000000000000000, 0x0000000000000000)
        /* max */
        RR(25, max, 0x0000000000000001, 0xffffffffffffffff, 0x0000000000000001)
        RR(26, max, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
        RR(27, max, 0x0000000000000005, 0x0000000000000005, 0x0000000000000005)
        /* maxu */
        RR(28, maxu, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001)
        RR(29, maxu, 0x8000000000000000, 0x8000000000000000, 0x7fffffffffffffff)
        /* min */
        RR(30, min, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001)
        RR(31, min, 0x8000000000000000, 0x8000000000000000, 0x7fffffffffffffff)
        /* minu */
        RR(32, minu, 0x0000000000000001, 0xffffffffffffffff, 0x0000000000000001)
        RR(33, minu, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
        /* rol */
        RR(34, rol, 0x123456789abcdef0, 0x0123456789abcdef, 0x0000000000000004)
        RR(35, rol, 0x0123456789abcdef, 0x0123456789abcdef, 0x0000000000000000)
        RR(36, rol, 0x0000000100000003, 0x8000000080000001, 0x0000000000000001)
        RR(37, rol, 0x123456789abcdef0, 0x0123456789abcdef, 0x0000000000000044)
        RR(38, rol, 0xf0123456789abcde, 0x0123456789abcdef, 0xfffffffffffffffc)
        /* ror */
        RR(39, ror, 0xf0123456789abcde, 0x0123456789abcdef, 0x0000000000000004)
        RR(40, ror, 0x0123456789abcdef, 0x0123456789abcdef, 0x0000000000000000)
        RR(41, ror, 0xc000000040000000, 0x8000000080000001, 0x0000000000000001)
        RR(42, ror, 0x02468acf13579bde, 0x0123456789abcdef, 0x000000000000007f)
        /* rolw */
        RR(43, rolw, 0xffffffff9abcdef8, 0x0123456789abcdef, 0x0000000000000004)
        RR(44, rolw, 0xffffffff80000000, 0x0000000080000000, 0x0000000000000000)
        RR(45, rolw, 0xffffffff80000001, 0x00000000c0000000, 0x0000000000000001)
        RR(46, rolw, 0xffffffff80000000, 0xffffffff40000000, 0x0000000000000001)
        RR(47, rolw, 0xffffffff9abcdef8, 0x0123456789abcdef, 0x0000000000000024)
        /* rorw */
        RR(48, rorw, 0xfffffffff89abcde, 0x0123456789abcdef, 0x0000000000000004)
        RR(49, rorw, 0xffffffff80000000, 0x0000000000000001, 0x0000000000000001)
        RR(50, rorw, 0x0000000000000001, 0xffffffff00000002, 0x0000000000000001)
        RR(51, rorw, 0xffffffffe0000001, 0x123456780000000f, 0x0000000000000023)
        /* bclr */
        RR(52, bclr, 0xfffffffffffffffe, 0xffffffffffffffff, 0x0000000000000000)
        RR(53, bclr, 0x7fffffffffffffff, 0xffffffffffffffff, 0x000000000000003f)
        RR(54, bclr, 0xffffffffffffffdf, 0xffffffffffffffff, 0x0000000000000045)
        RR(55, bclr, 0x0000000000000000, 0x0000000000000010, 0x0000000000000004)
        /* bset */
        RR(56, bset, 0x0000000000000001, 0x0000000000000000, 0x0000000000000000)
        RR(57, bset, 0x8000000000000000, 0x0000000000000000, 0x000000000000003f)
        RR(58, bset, 0x0000000080000000, 0x0000000000000000, 0x000000000000005f)
        RR(59, bset, 0x0000000000000010, 0x0000000000000010, 0x0000000000000004)
        /* binv */
        RR(60, binv, 0x8000000000000000, 0x0000000000000000, 0x000000000000003f)
        RR(61, binv, 0xfffffffffffffffe, 0xffffffffffffffff, 0x0000000000000000)
        RR(62, binv, 0x0123456789abcded, 0x0123456789abcdef, 0x0000000000000041)
        /* bext */
        RR(63, bext, 0x0000000000000001, 0x8000000080000001, 0x000000000000003f)
        RR(64, bext, 0x0000000000000000, 0x8000000080000001, 0x000000000000003e)
        RR(65, bext, 0x0000000000000001, 0x8000000080000001, 0x0000000000000040)
        RR(66, bext, 0x0000000000000001, 0x8000000080000001, 0x000000000000001f)
        RR(67, bext, 0x0000000000000000, 0x0123456789abcdef, 0x000000000000007f)
        /* slli.uw */
        RI(68, slli.uw, 0x0000000080000001, 0xffffffff80000001, 0)
        RI(69, slli.uw, 0x0000000100000002, 0xffffffff80000001, 1)
        RI(70, slli.uw, 0xffffffff00000000, 0xffffffffffffffff, 32)
        RI(71, slli.uw, 0x8000000000000000, 0x00000000ffffffff, 63)
        /* rori */
        RI(72, rori, 0xf0123456789abcde, 0x0123456789abcdef, 4)
        RI(73, rori, 0x02468acf13579bde, 0x0123456789abcdef, 63)
        RI(74, rori, 0x8000000180000000, 0x8000000080000001, 32)
        /* roriw */
        RI(75, roriw, 0xfffffffff89abcde, 0x0123456789abcdef, 4)
        RI(76, roriw, 0xffffffff80000000, 0x0000000000000001, 1)
        RI(77, roriw, 0x0000000000000000, 0xfedcba9800000000, 0)
        RI(78, roriw, 0x0000000000000003, 0x0000000080000001, 31)
        /* bclri */
        RI(79, bclri, 0xfffffffffffffffe, 0xffffffffffffffff, 0)
        RI(80, bclri, 0x7fffffffffffffff, 0xffffffffffffffff, 63)
        RI(81, bclri, 0xffffffff7fffffff, 0xffffffffffffffff, 31)
        /* bseti */
        RI(82, bseti, 0x0000000000000001, 0x0000000000000000, 0)
        RI(83, bseti, 0x8000000000000000, 0x0000000000000000, 63)
        RI(84, bseti, 0x0000000100000000, 0x0000000000000000, 32)
        /* binvi */
        RI(85, binvi, 0x8000000000000000, 0x0000000000000000, 63)
        RI(86, binvi, 0xfffffffdffffffff, 0xffffffffffffffff, 33)
        /* bexti */
        RI(87, bexti, 0x0000000000000001, 0x8000000080000001, 63)
        RI(88, bexti, 0x0000000000000000, 0x8000000080000001, 62)
        RI(89, bexti, 0x0000000000000001, 0x8000000080000001, 0)
        RI(90, bexti, 0x0000000000000001, 0x8000000080000001, 31)
        /* clz */
        R1(91, clz, 0x0000000000000040, 0x0000000000000000)
        R1(92, clz, 0x000000000000003f, 0x0000000000000001)
        R1(93, clz, 0x0000000000000000, 0xffffffffffffffff)
        R1(94, clz, 0x0000000000000000, 0x8000000000000000)
        R1(95, clz, 0x000000000000001f, 0x0000000100000000)
        R1(96, clz, 0x0000000000000020, 0x00000000ffffffff)
        /* clzw */
        R1(97, clzw, 0x0000000000000020, 0x0000000000000000)
        R1(98, clzw, 0x000000000000001f, 0x0000000000000001)
        R1(99, clzw, 0x0000000000000020, 0xffffffff00000000)
        R1(100, clzw, 0x0000000000000000, 0x0000000080000000)
        R1(101, clzw, 0x0000000000000010, 0x000000000000ffff)
        R1(102, clzw, 0x0000000000000017, 0xffffffff00000100)
        /* ctz */
        R1(103, ctz, 0x0000000000000040, 0x0000000000000000)
        R1(104, ctz, 0x0000000000000000, 0x0000000000000001)
        R1(105, ctz, 0x000000000000003f, 0x8000000000000000)
        R1(106, ctz, 0x0000000000000020, 0x0000000100000000)
        R1(107, ctz, 0x0000000000000000, 0xffffffffffffffff)
        /* ctzw */
        R1(108, ctzw, 0x0000000000000020, 0x0000000000000000)
        R1(109, ctzw, 0x0000000000000020, 0xffffffff00000000)
        R1(110, ctzw, 0x000000000000001f, 0x0000000080000000)
        R1(111, ctzw, 0x0000000000000010, 0x0000000000010000)
        R1(112, ctzw, 0x0000000000000020, 0x0000000100000000)
        /* cpop */
        R1(113, cpop, 0x0000000000000000, 0x0000000000000000)
        R1(114, cpop, 0x0000000000000040, 0xffffffffffffffff)
        R1(115, cpop, 0x0000000000000020, 0x0123456789abcdef)
        R1(116, cpop, 0x0000000000000002, 0x8000000000000001)
        /* cpopw */
        R1(117, cpopw, 0x0000000000000000, 0x0000000000000000)
        R1(118, cpopw, 0x0000000000000020, 0xffffffffffffffff)
        R1(119, cpopw, 0x0000000000000014, 0x0123456789abcdef)
        R1(120, cpopw, 0x0000000000000000, 0xffffffff00000000)
        R1(121, cpopw, 0x0000000000000002, 0x0000000080000001)
        /* sext.b */
        R1(122, sext.b, 0x000000000000007f, 0x000000000000007f)
        R1(123, sext.b, 0xffffffffffffff80, 0x0000000000000080)
        R1(124, sext.b, 0xffffffffffffff80, 0x1234567812345680)
        R1(125, sext.b, 0xffffffffffffffff, 0x00000000000000ff)
        /* sext.h */
        R1(126, sext.h, 0x0000000000007fff, 0x0000000000007fff)
        R1(127, sext.h, 0xffffffffffff8000, 0x0000000000008000)
        R1(128, sext.h, 0xffffffffffff8000, 0x1234567812348000)
        R1(129, sext.h, 0xffffffffffffffff, 0x000000000000ffff)
        /* zext.h */
        R1(130, zext.h, 0x0000000000008000, 0xffffffffffff8000)
        R1(131, zext.h, 0x0000000000005678, 0x0000000012345678)
        R1(132, zext.h, 0x0000000000007fff, 0x0000000000007fff)
        /* orc.b */
        R1(133, orc.b, 0x0000000000000000, 0x0000000000000000)
        R1(134, orc.b, 0xffffffffffffffff, 0x0123456789abcdef)
        R1(135, orc.b, 0xff00000000ff00ff, 0x0100000000800001)
        R1(136, orc.b, 0xffffffffffffffff, 0xffffffffffffffff)
        R1(137, orc.b, 0x0000ff000000ff00, 0x0000100000000200)
        /* rev8 */
        R1(138, rev8, 0xefcdab8967452301, 0x0123456789abcdef)
        R1(139, rev8, 0x0100000000000080, 0x8000000000000001)
        R1(140, rev8, 0x0000000000000000, 0x0000000000000000)

        /* zext.w is add.uw rd, rs, x0 */
        li a1, 0xffffffff80000000
        zext.w a0, a1
        CHECK(200, a0, 0x80000000)
        /* x0 destination */
        li a1, -1
        clz x0, a1
        andn x0, a1, x0
        rori x0, a1, 3
        sh3add x0, a1, a1
        bseti x0, x0, 5
        CHECK(201, x0, 0)
        /* aliasing */
        li a0, 0x00ff
        rol a0, a0, a0                 /* rotate by 63 (0xff & 63) */
        CHECK(202, a0, 0x800000000000007f)
        li a0, 7
        sh2add a0, a0, a0
        CHECK(203, a0, 35)
        li a0, 0x5555
        xnor a0, a0, a0
        CHECK(204, a0, -1)

        TEST_PASS
TEST_END
