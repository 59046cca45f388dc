# RV64I integer computation: add/sub/logic/compare/shift (incl. W forms and
# immediates), lui, auipc, x0 as source and destination, register aliasing.
#include "env.h"
        .option norvc

/* register-register: a0 = a1 op a2 */
#define RR(n, op, res, v1, v2)                  \
        li a1, v1; li a2, v2; op a0, a1, a2; CHECK(n, a0, res)
/* register-immediate: a0 = a1 op imm */
#define RI(n, op, res, v1, imm)                 \
        li a1, v1; op a0, a1, imm; CHECK(n, a0, res)

TEST_BEGIN
        /* ---- add / addi / addw / addiw ---- */
        RR(1, add, 0, 0, 0)
        RR(2, add, 10, 3, 7)
        RR(3, add, 0, -1, 1)
        RR(4, add, 0x8000000000000000, 0x7fffffffffffffff, 1)
        RR(5, add, 0x7fffffffffffffff, 0x8000000000000000, -1)
        RR(6, add, 0x0000000100000000, 0xffffffff, 1)
        RR(7, add, -2, -1, -1)
        RI(8, addi, 2047, 0, 2047)
        RI(9, addi, -2048, 0, -2048)
        RI(10, addi, 0x7ffffffffffff800, 0x7fffffffffffffff, -2047)
        RI(11, addi, 0x8000000000000000, 0x7fffffffffffffff, 1)
        RI(12, addi, 0xffffffff, 0x100000000, -1)
        RR(13, addw, 0xffffffff80000000, 0x7fffffff, 1)
        RR(14, addw, 0, 0xffffffff, 1)
        RR(15, addw, 0x23456789, 0x123456789, 0)
        RR(16, addw, 0xfffffffffffffffe, 0x00000000ffffffff, 0x12345678ffffffff)
        RR(17, addw, 0x7fffffff, 0xffffffff80000000, -1)
        RI(18, addiw, 0xffffffff80000000, 0x7fffffff, 1)
        RI(19, addiw, -1, 0, -1)
        RI(20, addiw, 0x000007ff, 0xabcdef0000000000, 2047)
        RI(21, addiw, 0xffffffff80000000, 0x0000000080000000, 0)   /* sext.w */
        RI(22, addiw, 0x7ffff800, 0xffffffff7fffffff, -2047)

        /* ---- sub / subw ---- */
        RR(23, sub, 0, 5, 5)
        RR(24, sub, -1, 0, 1)
        RR(25, sub, 0x7fffffffffffffff, 0x8000000000000000, 1)
        RR(26, sub, 0x8000000000000000, 0, 0x8000000000000000)
        RR(27, sub, 0x8000000000000001, 0, 0x7fffffffffffffff)
        RR(28, subw, 0x7fffffff, 0x80000000, 1)
        RR(29, subw, 0xffffffff80000000, 0, 0x80000000)
        RR(30, subw, 0xffffffffffffffff, 0x100000000, 1)
        RR(31, subw, 0, 0x1234567800000005, 0x5)

        /* ---- slt / sltu / slti / sltiu ---- */
        RR(32, slt, 1, -1, 0)
        RR(33, slt, 0, 0, -1)
        RR(34, slt, 0, 5, 5)
        RR(35, slt, 1, 0x8000000000000000, 0x7fffffffffffffff)
        RR(36, sltu, 0, -1, 0)
        RR(37, sltu, 1, 0, -1)
        RR(38, sltu, 0, 7, 7)
        RR(39, sltu, 0, 0x8000000000000000, 0x7fffffffffffffff)
        RI(40, slti, 1, -2049, -2048)
        RI(41, slti, 0, -2048, -2048)
        RI(42, slti, 1, 2046, 2047)
        RI(43, slti, 0, 0x7fffffffffffffff, -1)
        RI(44, sltiu, 1, 0, 1)                      /* seqz */
        RI(45, sltiu, 0, 1, 1)
        RI(46, sltiu, 1, 0xfffffffffffffffe, -1)    /* imm sign-extends, then unsigned */
        RI(47, sltiu, 0, -1, -1)
        RI(48, sltiu, 0, 0x800, 0x7ff)
        RI(49, sltiu, 1, 0x7fe, 0x7ff)

        /* ---- and / or / xor (+ immediates) ---- */
        RR(50, and, 0x0f000f000f000f00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00)
        RR(51, or,  0xfff0fff0fff0fff0, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00)
        RR(52, xor, 0xf0f0f0f0f0f0f0f0, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00)
        RI(53, andi, 0x0ff00ff00ff00ff0, 0x0ff00ff00ff00ff0, -1)
        RI(54, andi, 0x00000000000007f0, 0x0ff00ff00ff00ff0, 0x7ff)
        RI(55, andi, 0x0ff00ff00ff00800, 0x0ff00ff00ff00ff0, -2048)
        RI(56, ori, 0xffffffffffffffff, 0x1234, -1)
        RI(57, ori, 0x0ff00ff00ff00ff5, 0x0ff00ff00ff00ff0, 0x5)
        RI(58, ori, 0xfffffffffffff800, 0, -2048)
        RI(59, xori, 0xf00ff00ff00ff00f, 0x0ff00ff00ff00ff0, -1)   /* not */
        RI(60, xori, 0xf00ff00ff00ff7f0, 0x0ff00ff00ff00ff0, -2048)
        RI(61, xori, 0x0ff00ff00ff0080f, 0x0ff00ff00ff00ff0, 0x7ff)

        /* ---- shifts, 64-bit ---- */
        RR(62, sll, 0x8000000000000000, 1, 63)
        RR(63, sll, 1, 1, 64)            /* only shamt[5:0] */
        RR(64, sll, 2, 1, 65)
        RR(65, sll, 0x123456789abcdef0, 0x0123456789abcdef, 4)
        RR(66, sll, 0x123456789abcdef0, 0x123456789abcdef0, 0xffffffffffffffc0)
        RR(67, srl, 1, 0x8000000000000000, 63)
        RR(68, srl, 0x0fffffffffffffff, -1, 4)
        RR(69, srl, -1, -1, 0)
        RR(70, srl, 0x7fffffffffffffff, -1, 0x41)
        RR(71, sra, -1, 0x8000000000000000, 63)
        RR(72, sra, 0xf800000000000000, 0x8000000000000000, 4)
        RR(73, sra, 0x0123456789abcdef, 0x0123456789abcdef, 0)
        RR(74, sra, 0x00123456789abcde, 0x0123456789abcdef, 0x7c4)
        RR(75, sra, 0xffffffffffffffff, 0xffffffff00000000, 0xff)
        RI(76, slli, 0x8000000000000000, 1, 63)
        RI(77, slli, 0x0000000100000000, 1, 32)
        RI(78, slli, 0xabcdef, 0xabcdef, 0)
        RI(79, srli, 1, 0x8000000000000000, 63)
        RI(80, srli, 0x0000000080000000, 0x8000000000000000, 32)
        RI(81, srli, 0x00000000ffffffff, -1, 32)
        RI(82, srai, -1, 0x8000000000000000, 63)
        RI(83, srai, 0xffffffff80000000, 0x8000000000000000, 32)
        RI(84, srai, 0x3fffffffffffffff, 0x7fffffffffffffff, 1)
        RI(85, srai, 0x8000000000000000, 0x8000000000000000, 0)

        /* ---- shifts, W forms: 5-bit shamt, 32-bit result sign-extended ---- */
        RR(86, sllw, 0xffffffff80000000, 1, 31)
        RR(87, sllw, 1, 1, 32)           /* only shamt[4:0] */
        RR(88, sllw, 0x0000000076543210, 0xfedcba9876543210, 0)
        RR(89, sllw, 0x0000000065432100, 0xfedcba9876543210, 4)
        RR(90, sllw, 0xffffffff87654320, 0x0000000008765432, 36)
        RR(91, srlw, 0x0000000000000001, 0x80000000, 31)
        RR(92, srlw, 0xffffffff80000000, 0x0000000080000000, 0)   /* sign-extends */
        RR(93, srlw, 0x0000000040000000, 0xffffffff80000000, 1)
        RR(94, srlw, 0x0000000000ffffff, 0x12345678ffffffff, 40)  /* shamt 8 */
        RR(95, sraw, 0xffffffffffffffff, 0x80000000, 31)
        RR(96, sraw, 0xfffffffff8000000, 0x0000000080000000, 4)
        RR(97, sraw, 0x0000000007654321, 0xfedcba9876543210, 36)
        RR(98, sraw, 0x0000000076543210, 0xfedcba9876543210, 32)
        RI(99, slliw, 0xffffffff80000000, 1, 31)
        RI(100, slliw, 0x0000000012345678, 0xff12345678, 0)
        RI(101, slliw, 0xfffffffff0000000, 0x000000000000000f, 28)
        RI(102, srliw, 1, 0x80000000, 31)
        RI(103, srliw, 0xffffffff80000000, 0x0000000080000000, 0)
        RI(104, srliw, 0x000000007fffffff, -1, 1)
        RI(105, srliw, 0x000000000000000f, 0xabcdef00f0000000, 28)
        RI(106, sraiw, -1, 0x80000000, 31)
        RI(107, sraiw, 0xfffffffff0000000, 0x0000000080000000, 3)
        RI(108, sraiw, 0x0000000007000000, 0xffffffff70000000, 4)
        RI(109, sraiw, 0x0000000012345678, 0xffffffff12345678, 0)

        /* ---- lui / auipc ---- */
        lui a0, 0
        CHECK(110, a0, 0)
        lui a0, 0x12345
        CHECK(111, a0, 0x12345000)
        lui a0, 0x80000
        CHECK(112, a0, 0xffffffff80000000)
        lui a0, 0xfffff
        CHECK(113, a0, 0xfffffffffffff000)
        lui a0, 0x7ffff
        CHECK(114, a0, 0x7ffff000)
1:      auipc a0, 0
        la a1, 1b
        CHECKR(115, a0, a1)
2:      auipc a0, 1
        la a1, 2b
        li a2, 0x1000
        add a1, a1, a2
        CHECKR(116, a0, a1)
3:      auipc a0, 0xfffff
        la a1, 3b
        li a2, -0x1000
        add a1, a1, a2
        CHECKR(117, a0, a1)
4:      auipc a0, 0x80000            /* pc - 2 GiB, sign-extended offset */
        la a1, 4b
        li a2, 0xffffffff80000000
        add a1, a1, a2
        CHECKR(118, a0, a1)
5:      auipc a0, 0x7ffff
        la a1, 5b
        li a2, 0x7ffff000
        add a1, a1, a2
        CHECKR(119, a0, a1)

        /* ---- x0 as destination: writes are discarded ---- */
        li a1, 123
        li a2, 456
        add x0, a1, a2
        CHECK(120, x0, 0)
        addi x0, a1, 1
        CHECK(121, x0, 0)
        lui x0, 0x12345
        CHECK(122, x0, 0)
        auipc x0, 0x12345
        CHECK(123, x0, 0)
        slli x0, a1, 3
        addw x0, a1, a2
        sltu x0, x0, a1
        xori x0, x0, -1
        mv a0, x0
        CHECK(124, a0, 0)
        /* ---- x0 as source ---- */
        li a1, 77
        add a0, x0, a1
        CHECK(125, a0, 77)
        sub a0, x0, a1
        CHECK(126, a0, -77)
        sltu a0, x0, a1               /* snez */
        CHECK(127, a0, 1)
        sltu a0, x0, x0
        CHECK(128, a0, 0)
        slt a0, a1, x0
        CHECK(129, a0, 0)
        subw a0, x0, a1
        CHECK(130, a0, -77)
        ori a0, x0, -1
        CHECK(131, a0, -1)
        sll a0, a1, x0
        CHECK(132, a0, 77)

        /* ---- aliasing: rd equal to a source, both sources equal ---- */
        li a0, 13
        li a1, 29
        add a0, a0, a1
        CHECK(133, a0, 42)
        li a0, 13
        sub a1, a0, a1
        CHECK(134, a1, -16)
        li a0, 0x55
        add a0, a0, a0
        CHECK(135, a0, 0xaa)
        li a0, 0x1234
        xor a0, a0, a0
        CHECK(136, a0, 0)
        li a0, 3
        sll a0, a0, a0
        CHECK(137, a0, 24)
        li a0, -5
        slt a0, a0, a0
        CHECK(138, a0, 0)
        li a0, 0x7fffffff
        addiw a0, a0, 1
        CHECK(139, a0, 0xffffffff80000000)
        li a0, 0x40
        sraw a0, a0, a0            /* shamt 0 */
        CHECK(140, a0, 0x40)

        /* ---- nop and hint-like encodings leave state alone ---- */
        li a0, 99
        nop
        addi x0, x0, 0
        CHECK(141, a0, 99)

        TEST_PASS
TEST_END
