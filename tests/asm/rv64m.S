# M extension: mul/mulh/mulhsu/mulhu/div/divu/rem/remu and the W forms, with
# sign handling, division by zero (quotient all ones, remainder = dividend),
# signed overflow (INT_MIN / -1 = INT_MIN, remainder 0), sign extension of W
# results, upper input bits ignored by W forms, x0 destination, aliasing.
#include "env.h"
        .option norvc

#define RR(n, op, res, v1, v2)                  \
        li a1, v1; li a2, v2; op a0, a1, a2; CHECK(n, a0, res)

TEST_BEGIN
        /* ---- mul ---- */
        RR(1, mul, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000)
        RR(2, mul, 0x0000000000000015, 0x0000000000000003, 0x0000000000000007)
        RR(3, mul, 0xffffffffffffffeb, 0xfffffffffffffffd, 0x0000000000000007)
        RR(4, mul, 0x0000000000000015, 0xfffffffffffffffd, 0xfffffffffffffff9)
        RR(5, mul, 0x0000000000000001, 0x7fffffffffffffff, 0x7fffffffffffffff)
        RR(6, mul, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff)
        RR(7, mul, 0x236d88fe5618cf00, 0x123456789abcdef0, 0xfedcba9876543210)
        RR(8, mul, 0xfffffffe00000001, 0x00000000ffffffff, 0x00000000ffffffff)
        RR(9, mul, 0x0000000000000000, 0x0000000100000000, 0x0000000100000000)
        /* ---- mulh ---- */
        RR(10, mulh, 0x0000000000000000, 0x0000000000000003, 0x0000000000000007)
        RR(11, mulh, 0x0000000000000000, 0xffffffffffffffff, 0xffffffffffffffff)
        RR(12, mulh, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001)
        RR(13, mulh, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000)
        RR(14, mulh, 0x3fffffffffffffff, 0x7fffffffffffffff, 0x7fffffffffffffff)
        RR(15, mulh, 0xffeb49923cc09532, 0x123456789abcdef0, 0xfedcba9876543210)
        RR(16, mulh, 0x0000000000000000, 0x8000000000000000, 0xffffffffffffffff)
        RR(17, mulh, 0xffffffffffffffff, 0xfffffffffffffffe, 0x0000000000000003)
        /* ---- mulhu ---- */
        RR(18, mulhu, 0x0000000000000000, 0x0000000000000003, 0x0000000000000007)
        RR(19, mulhu, 0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffffffffffff)
        RR(20, mulhu, 0x0000000000000000, 0xffffffffffffffff, 0x0000000000000001)
        RR(21, mulhu, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000)
        RR(22, mulhu, 0x121fa00ad77d7422, 0x123456789abcdef0, 0xfedcba9876543210)
        RR(23, mulhu, 0x0000000000000001, 0xffffffffffffffff, 0x0000000000000002)
        /* ---- mulhsu ---- */
        RR(24, mulhsu, 0x0000000000000000, 0x0000000000000003, 0x0000000000000007)
        RR(25, mulhsu, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff)
        RR(26, mulhsu, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001)
        RR(27, mulhsu, 0xc000000000000000, 0x8000000000000000, 0x8000000000000000)
        RR(28, mulhsu, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff)
        RR(29, mulhsu, 0x121fa00ad77d7422, 0x123456789abcdef0, 0xfedcba9876543210)
        RR(30, mulhsu, 0x7ffffffffffffffe, 0x7fffffffffffffff, 0xffffffffffffffff)
        /* ---- mulw ---- */
        RR(31, mulw, 0x0000000000000015, 0x0000000000000003, 0x0000000000000007)
        RR(32, mulw, 0xffffffffffffffeb, 0xfffffffffffffffd, 0x0000000000000007)
        RR(33, mulw, 0x0000000000000001, 0x000000007fffffff, 0x000000007fffffff)
        RR(34, mulw, 0x0000000000000000, 0x0000000080000000, 0x0000000080000000)
        RR(35, mulw, 0x0000000000000000, 0x0000000000010000, 0x0000000000010000)
        RR(36, mulw, 0xffffffff80000000, 0x0000000000008000, 0x0000000000010000)
        RR(37, mulw, 0x00000000468acf12, 0x0000000123456789, 0x0000000000000002)
        RR(38, mulw, 0x000000000000000f, 0xffffffff00000003, 0x0000000000000005)
        /* ---- div ---- */
        RR(39, div, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006)
        RR(40, div, 0xfffffffffffffffd, 0xffffffffffffffec, 0x0000000000000006)
        RR(41, div, 0xfffffffffffffffd, 0x0000000000000014, 0xfffffffffffffffa)
        RR(42, div, 0x0000000000000003, 0xffffffffffffffec, 0xfffffffffffffffa)
        RR(43, div, 0x0000000000000000, 0x0000000000000000, 0x0000000000000005)
        RR(44, div, 0xffffffffffffffff, 0x0000000000000007, 0x0000000000000000)
        RR(45, div, 0xffffffffffffffff, 0xfffffffffffffff9, 0x0000000000000000)
        RR(46, div, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff)
        RR(47, div, 0x8000000000000000, 0x8000000000000000, 0x0000000000000001)
        RR(48, div, 0xc000000000000000, 0x8000000000000000, 0x0000000000000002)
        RR(49, div, 0x0000000000000000, 0xffffffffffffffff, 0x0000000000000002)
        RR(50, div, 0xffffffffffffffff, 0x0000000000000001, 0xffffffffffffffff)
        /* ---- divu ---- */
        RR(51, divu, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006)
        RR(52, divu, 0x2aaaaaaaaaaaaaa7, 0xffffffffffffffec, 0x0000000000000006)
        RR(53, divu, 0xffffffffffffffff, 0x0000000000000007, 0x0000000000000000)
        RR(54, divu, 0xffffffffffffffff, 0x0000000000000000, 0x0000000000000000)
        RR(55, divu, 0x0000000000000000, 0x8000000000000000, 0xffffffffffffffff)
        RR(56, divu, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001)
        RR(57, divu, 0x5555555555555555, 0xffffffffffffffff, 0x0000000000000003)
        /* ---- rem ---- */
        RR(58, rem, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006)
        RR(59, rem, 0xfffffffffffffffe, 0xffffffffffffffec, 0x0000000000000006)
        RR(60, rem, 0x0000000000000002, 0x0000000000000014, 0xfffffffffffffffa)
        RR(61, rem, 0xfffffffffffffffe, 0xffffffffffffffec, 0xfffffffffffffffa)
        RR(62, rem, 0x0000000000000007, 0x0000000000000007, 0x0000000000000000)
        RR(63, rem, 0xfffffffffffffff9, 0xfffffffffffffff9, 0x0000000000000000)
        RR(64, rem, 0x0000000000000000, 0x8000000000000000, 0xffffffffffffffff)
        RR(65, rem, 0xfffffffffffffffe, 0x8000000000000000, 0x0000000000000003)
        RR(66, rem, 0x0000000000000000, 0x0000000000000005, 0x0000000000000005)
        RR(67, rem, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000002)
        /* ---- remu ---- */
        RR(68, remu, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006)
        RR(69, remu, 0x0000000000000002, 0xffffffffffffffec, 0x0000000000000006)
        RR(70, remu, 0x0000000000000007, 0x0000000000000007, 0x0000000000000000)
        RR(71, remu, 0xfffffffffffffff9, 0xfffffffffffffff9, 0x0000000000000000)
        RR(72, remu, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff)
        RR(73, remu, 0x000000000000000f, 0xffffffffffffffff, 0x0000000000000010)
        /* ---- divw ---- */
        RR(74, divw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006)
        RR(75, divw, 0xfffffffffffffffd, 0xffffffffffffffec, 0x0000000000000006)
        RR(76, divw, 0xfffffffffffffffd, 0x0000000000000014, 0xfffffffffffffffa)
        RR(77, divw, 0xffffffffffffffff, 0x0000000000000007, 0x0000000000000000)
        RR(78, divw, 0xffffffff80000000, 0x0000000080000000, 0xffffffffffffffff)
        RR(79, divw, 0xffffffff80000000, 0xffffffff80000000, 0xffffffffffffffff)
        RR(80, divw, 0x0000000023456789, 0x0000000123456789, 0x0000000100000001)
        RR(81, divw, 0xffffffffc0000000, 0x0000000080000000, 0x0000000000000002)
        RR(82, divw, 0x0000000000000005, 0x7fffffff00000010, 0xffffffff00000003)
        /* ---- divuw ---- */
        RR(83, divuw, 0x0000000000000003, 0x0000000000000014, 0x0000000000000006)
        RR(84, divuw, 0x000000002aaaaaa8, 0x00000000fffffff0, 0x0000000000000006)
        RR(85, divuw, 0xffffffffffffffff, 0x0000000000000007, 0x0000000000000000)
        RR(86, divuw, 0x0000000000000000, 0x0000000080000000, 0xffffffffffffffff)
        RR(87, divuw, 0xffffffff80000000, 0xffffffff80000000, 0x0000000000000001)
        RR(88, divuw, 0x000000007fffffff, 0x00000001fffffffe, 0x0000000100000002)
        RR(89, divuw, 0xffffffffffffffff, 0x00000000ffffffff, 0x0000000000000001)
        /* ---- remw ---- */
        RR(90, remw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006)
        RR(91, remw, 0xfffffffffffffffe, 0xffffffffffffffec, 0x0000000000000006)
        RR(92, remw, 0x0000000000000002, 0x0000000000000014, 0xfffffffffffffffa)
        RR(93, remw, 0x0000000000000007, 0x0000000000000007, 0x0000000000000000)
        RR(94, remw, 0xffffffff80000000, 0xffffffff80000000, 0x0000000000000000)
        RR(95, remw, 0x0000000000000000, 0x0000000080000000, 0xffffffffffffffff)
        RR(96, remw, 0x0000000000000009, 0x0000000123456789, 0x0000000000000010)
        RR(97, remw, 0xfffffffffffffffe, 0x0000000080000000, 0x0000000000000007)
        /* ---- remuw ---- */
        RR(98, remuw, 0x0000000000000002, 0x0000000000000014, 0x0000000000000006)
        RR(99, remuw, 0x0000000000000001, 0x00000000fffffff1, 0x0000000000000010)
        RR(100, remuw, 0x0000000000000007, 0x0000000000000007, 0x0000000000000000)
        RR(101, remuw, 0xffffffff80000005, 0x0000000080000005, 0x0000000000000000)
        RR(102, remuw, 0x0000000000000003, 0x12345678ffffffff, 0xffffffff00000007)
        RR(103, remuw, 0xffffffff80000000, 0x0000000080000000, 0xffffffffffffffff)

        /* ---- x0 destination, x0 source, aliasing ---- */
        li a1, 12345
        li a2, 678
        mul x0, a1, a2
        div x0, a1, a2
        remu x0, a1, a2
        mulw x0, a1, a2
        CHECK(120, x0, 0)
        div a0, a1, x0                  /* divide by x0 = 0 */
        CHECK(121, a0, -1)
        rem a0, a1, x0
        CHECK(122, a0, 12345)
        mul a0, x0, a1
        CHECK(123, a0, 0)
        li a0, -9
        mul a0, a0, a0
        CHECK(124, a0, 81)
        li a0, 100
        li a1, 7
        div a0, a0, a1
        CHECK(125, a0, 14)
        li a0, 100
        rem a1, a0, a1
        CHECK(126, a1, 2)
        li a0, 0x8000000000000000
        mulh a0, a0, a0
        CHECK(127, a0, 0x4000000000000000)
        li a0, -1
        divu a0, a0, a0
        CHECK(128, a0, 1)

        TEST_PASS
TEST_END
