# C extension (RV64C): every compressed instruction, written with explicit
# c. mnemonics so that the encodings really are 16 bits: stack-pointer and
# register-based loads/stores incl. FP ones, immediates and their sign
# extension, shifts with shamt >= 32, the register-register ALU ops incl.
# W forms, jumps and branches and their link values (pc + 2), c.ebreak,
# mixing 16- and 32-bit instructions at 2-byte alignment, and a 32-bit
# instruction straddling a page boundary.
#include "env.h"
        .option rvc

TEST_BEGIN
        USE_MTRAP
        FP_ENABLE
        la sp, cstack_top

        /* ---- c.li, c.lui, c.addi, c.addiw, c.nop ---- */
        c.li a0, 0
        CHECK(1, a0, 0)
        c.li a0, 31
        CHECK(2, a0, 31)
        c.li a0, -32
        CHECK(3, a0, -32)
        c.li t3, -1                      /* any rd */
        CHECK(4, t3, -1)
        c.lui a1, 1
        CHECK(5, a1, 0x1000)
        c.lui a1, 31
        CHECK(6, a1, 0x1f000)
        c.lui a1, 0xfffff                /* imm -1: sign-extended */
        CHECK(7, a1, 0xfffffffffffff000)
        c.lui a1, 0xfffe0                /* most negative */
        CHECK(8, a1, 0xfffffffffffe0000)
        c.li a0, 5
        c.addi a0, 31
        CHECK(9, a0, 36)
        c.addi a0, -32
        CHECK(10, a0, 4)
        li t2, 0x7fffffffffffffff
        c.addi t2, 1
        CHECK(11, t2, 0x8000000000000000)
        li a2, 0x7fffffff
        c.addiw a2, 1
        CHECK(12, a2, 0xffffffff80000000)
        li a2, 0x1234567800000000
        c.addiw a2, -1
        CHECK(13, a2, -1)
        li a2, 0xffffffff80000000
        c.addiw a2, 0                    /* sext.w */
        CHECK(14, a2, 0xffffffff80000000)
        li a2, 0x0000000180000000
        c.addiw a2, 0
        CHECK(15, a2, 0xffffffff80000000)
        c.li a0, 9
        c.nop
        CHECK(16, a0, 9)

        /* ---- c.addi16sp, c.addi4spn ---- */
        mv s2, sp
        c.addi16sp sp, -512
        sub a0, s2, sp
        CHECK(17, a0, 512)
        c.addi16sp sp, 496
        sub a0, s2, sp
        CHECK(18, a0, 16)
        c.addi16sp sp, 16
        CHECKR(19, sp, s2)
        c.addi4spn a0, sp, 4
        sub a0, a0, sp
        CHECK(20, a0, 4)
        c.addi4spn a5, sp, 1020
        sub a5, a5, sp
        CHECK(21, a5, 1020)
        c.addi4spn s0, sp, 256
        sub s0, s0, sp
        CHECK(22, s0, 256)

        /* ---- c.mv, c.add ---- */
        li t0, 0x1234567890
        c.mv t4, t0
        CHECK(23, t4, 0x1234567890)
        li t1, -0x1234567890
        c.add t4, t1
        CHECK(24, t4, 0)
        li a7, 0x7fffffffffffffff
        li s5, 1
        c.add a7, s5
        CHECK(25, a7, 0x8000000000000000)
        c.mv ra, a7
        CHECKR(26, ra, a7)

        /* ---- shifts and c.andi ---- */
        li a3, 1
        c.slli a3, 63
        CHECK(27, a3, 0x8000000000000000)
        li t5, 0x00000000ffffffff
        c.slli t5, 32
        CHECK(28, t5, 0xffffffff00000000)
        c.slli t5, 1
        CHECK(29, t5, 0xfffffffe00000000)
        li a4, 0x8000000000000000
        c.srli a4, 63
        CHECK(30, a4, 1)
        li a4, -1
        c.srli a4, 32
        CHECK(31, a4, 0xffffffff)
        li a4, 0x8000000000000000
        c.srai a4, 63
        CHECK(32, a4, -1)
        li a4, 0x8000000000000000
        c.srai a4, 32
        CHECK(33, a4, 0xffffffff80000000)
        li a4, 0x4000000000000010
        c.srai a4, 4
        CHECK(34, a4, 0x0400000000000001)
        li a5, 0xffffffffffffffff
        c.andi a5, -32                   /* sign-extended immediate */
        CHECK(35, a5, 0xffffffffffffffe0)
        li a5, 0x1234
        c.andi a5, 31
        CHECK(36, a5, 0x14)
        li a5, 0x1234
        c.andi a5, 0
        CHECK(37, a5, 0)

        /* ---- c.sub / xor / or / and / subw / addw ---- */
        li s0, 100
        li s1, 142
        c.sub s0, s1
        CHECK(38, s0, -42)
        li a0, 0xff00ff00ff00ff00
        li a1, 0x0ff00ff00ff00ff0
        c.xor a0, a1
        CHECK(39, a0, 0xf0f0f0f0f0f0f0f0)
        li a0, 0xff00ff00ff00ff00
        c.or a0, a1
        CHECK(40, a0, 0xfff0fff0fff0fff0)
        li a0, 0xff00ff00ff00ff00
        c.and a0, a1
        CHECK(41, a0, 0x0f000f000f000f00)
        li a2, 0x0000000080000000
        li a3, 1
        c.subw a2, a3
        CHECK(42, a2, 0x7fffffff)
        li a2, 0x1200000000000000
        c.subw a2, a3
        CHECK(43, a2, -1)
        li a4, 0x7fffffff
        li a5, 0x7fffffff
        c.addw a4, a5
        CHECK(44, a4, -2)
        li a4, 0xffffffff00000005
        li a5, 0x00000001fffffffb
        c.addw a4, a5
        CHECK(45, a4, 0)

        /* ---- loads and stores, register based ---- */
        la s0, cdata
        c.lw a0, 0(s0)
        CHECK(46, a0, 0xffffffff89abcdef)
        c.lw a1, 4(s0)
        CHECK(47, a1, 0x01234567)
        c.ld a2, 0(s0)
        CHECK(48, a2, 0x0123456789abcdef)
        c.ld a3, 8(s0)
        CHECK(49, a3, 0xfedcba9876543210)
        c.lw a4, 124(s0)                 /* largest c.lw offset */
        CHECK(50, a4, 0x7c7c7c7c)
        c.ld a5, 248(s0)                 /* largest c.ld offset */
        CHECK(51, a5, 0xfcfcfcfc00000000)
        li s1, 0x1111111122222222
        c.sw s1, 16(s0)
        ld a0, 16(s0)
        CHECK(52, a0, 0x5555555522222222)
        c.sd s1, 24(s0)
        ld a0, 24(s0)
        CHECK(53, a0, 0x1111111122222222)
        c.fld fa0, 0(s0)
        fmv.x.d a0, fa0
        CHECK(54, a0, 0x0123456789abcdef)
        c.fsd fa0, 32(s0)
        ld a1, 32(s0)
        CHECK(55, a1, 0x0123456789abcdef)
        c.fld fa5, 248(s0)
        c.fsd fa5, 40(s0)
        ld a1, 40(s0)
        CHECK(56, a1, 0xfcfcfcfc00000000)

        /* ---- loads and stores, sp based ---- */
        mv s3, sp
        la sp, cdata
        c.lwsp t0, 0(sp)
        CHECK(57, t0, 0xffffffff89abcdef)
        c.lwsp t0, 252(sp)               /* largest c.lwsp offset */
        CHECK(58, t0, 0xfffffffffcfcfcfc)
        c.ldsp t1, 8(sp)
        CHECK(59, t1, 0xfedcba9876543210)
        c.ldsp t1, 504(sp)               /* largest c.ldsp offset */
        CHECK(60, t1, 0x1f81f81f81f81f8)
        li t2, 0x0a0b0c0d0e0f1011
        c.swsp t2, 48(sp)
        c.sdsp t2, 56(sp)
        c.sdsp t2, 504(sp)
        c.swsp t2, 252(sp)
        c.fldsp ft3, 8(sp)
        c.fsdsp ft3, 64(sp)
        c.fldsp ft4, 504(sp)
        mv sp, s3
        la s0, cdata
        ld a0, 48(s0)
        CHECK(61, a0, 0x555555550e0f1011)
        ld a0, 56(s0)
        CHECK(62, a0, 0x0a0b0c0d0e0f1011)
        ld a0, 504(s0)
        CHECK(63, a0, 0x0a0b0c0d0e0f1011)
        lwu a0, 252(s0)
        CHECK(64, a0, 0x0e0f1011)
        ld a0, 64(s0)
        CHECK(65, a0, 0xfedcba9876543210)
        fmv.x.d a0, ft4
        CHECK(66, a0, 0x0a0b0c0d0e0f1011)

        /* ---- c.j, c.jr, c.jalr, c.beqz, c.bnez ---- */
        li TESTNUM, 67
        c.j 1f
        j __test_fail
1:      la t0, 1f
        li TESTNUM, 68
        c.jr t0
        j __test_fail
1:      la t0, 1f
        li TESTNUM, 69
        c.jalr t0
2:      j __test_fail
1:      la a0, 2b                        /* link = address of c.jalr + 2 */
        CHECKR(70, ra, a0)
        addi a1, a0, -2
        la a2, 2b
        addi a2, a2, -2
        CHECKR(71, a1, a2)
        /* c.jalr with rs1 == ra: target is the old ra */
        la ra, 1f
        c.jalr ra
2:      j __test_fail
1:      la a0, 2b
        CHECKR(72, ra, a0)
        /* branches */
        li s1, 0
        li TESTNUM, 73
        c.beqz s1, 1f
        j __test_fail
1:      li TESTNUM, 74
        c.bnez s1, __test_fail_near
        li s1, 0x100000000               /* nonzero only above bit 31 */
        li TESTNUM, 75
        c.beqz s1, __test_fail_near
        c.bnez s1, 1f
        j __test_fail
1:      /* a backward c.bnez loop */
        li a0, 6
        li a1, 0
1:      c.addi a1, 2
        c.addi a0, -1
        c.bnez a0, 1b
        CHECK(76, a1, 12)
        /* c.j backwards */
        li a2, 0
        j 3f
2:      c.addi a2, 1
        c.j 4f
3:      c.j 2b
4:      CHECK(77, a2, 1)

        /* ---- c.ebreak: breakpoint, mepc = its address ---- */
        EXPECT_TRAP(78, 3, c.ebreak)
        /* resumed after a 2-byte trap: mepc + 2 is the next instruction */
        lhu a0, 0(TRAP_EPC)
        CHECK(79, a0, 0x9002)

        /* ---- 32-bit instructions at 2-byte (not 4-byte) alignment ---- */
        .balign 4
        c.nop
        li TESTNUM, 80
        .option push
        .option norvc
        addi a0, x0, 0x123               /* at an address = 2 mod 4 */
        jal ra, 1f
        .option pop
2:      j __test_fail
1:      CHECK(81, a0, 0x123)
        la a1, 2b
        CHECKR(82, ra, a1)
        andi a1, a1, 3
        CHECK(83, a1, 2)

        /* ---- a 32-bit instruction straddling a page boundary ---- */
        la t0, straddle
        jalr ra, t0
        CHECK(84, a0, 0x55a5)

        TEST_PASS

__test_fail_near:
        j __test_fail

        /* the lui straddles: its first half ends one page, the second
         * half starts the next */
        .balign 4096
        .skip 4096 - 4
straddle:
        c.li a0, 0
        .option push
        .option norvc
        lui a0, 0x5                      /* bytes 4094..4097 of the block */
        addi a0, a0, 0x5a5
        .option pop
        c.jr ra

        .data
        .align 6
cdata:  .dword 0x0123456789abcdef, 0xfedcba9876543210
        .dword 0x5555555555555555, 0, 0, 0, 0x5555555555555555, 0
        .fill 7, 8, 0
        .dword 0x7c7c7c7c00000000       /* offset 120: word at 124 */
        .fill 15, 8, 0
        .dword 0xfcfcfcfc00000000       /* offset 248: word at 252 */
        .fill 30, 8, 0
        .dword 0x01f81f81f81f81f8       /* offset 496 */
        .dword 0x01f81f81f81f81f8       /* offset 504 */
        .align 6
        .space 1024
cstack_top:
TEST_END
