# RV64I loads and stores: every width, sign and zero extension, positive and
# negative offsets, stores touching only their own bytes, x0 as load
# destination and store source, rd == base register, fence / fence.tso /
# fence with explicit sets.  Only naturally aligned accesses.
#include "env.h"
        .option norvc

TEST_BEGIN
        la s0, src

        /* ---- loads with sign / zero extension ---- */
        lb a0, 0(s0)
        CHECK(1, a0, 0xffffffffffffff80)
        lbu a0, 0(s0)
        CHECK(2, a0, 0x80)
        lb a0, 1(s0)
        CHECK(3, a0, 0x7f)
        lbu a0, 1(s0)
        CHECK(4, a0, 0x7f)
        lb a0, 7(s0)
        CHECK(5, a0, 0xfffffffffffffffe)
        lbu a0, 7(s0)
        CHECK(6, a0, 0xfe)
        lh a0, 0(s0)
        CHECK(7, a0, 0x7f80)
        lh a0, 2(s0)
        CHECK(8, a0, 0xffffffffffff8001)
        lhu a0, 2(s0)
        CHECK(9, a0, 0x8001)
        lhu a0, 6(s0)
        CHECK(10, a0, 0xfedc)
        lw a0, 0(s0)
        CHECK(11, a0, 0xffffffff80017f80)
        lwu a0, 0(s0)
        CHECK(12, a0, 0x80017f80)
        lw a0, 4(s0)
        CHECK(13, a0, 0xfffffffffedc7fff)
        lw a0, 8(s0)
        CHECK(14, a0, 0x12345678)
        lwu a0, 8(s0)
        CHECK(15, a0, 0x12345678)
        ld a0, 0(s0)
        CHECK(16, a0, 0xfedc7fff80017f80)
        ld a0, 8(s0)
        CHECK(17, a0, 0x8000000012345678)
        /* negative offsets */
        addi s1, s0, 16
        ld a0, -16(s1)
        CHECK(18, a0, 0xfedc7fff80017f80)
        lbu a0, -9(s1)
        CHECK(19, a0, 0xfe)
        lh a0, -2(s1)
        CHECK(20, a0, 0xffffffffffff8000)
        lw a0, -4(s1)
        CHECK(21, a0, 0xffffffff80000000)
        /* the largest offsets: base 2047 below / 2048 above */
        la s1, far
        addi s1, s1, -2047
        ld a0, 2047(s1)
        CHECK(22, a0, 0x0123456789abcdef)
        la s1, far
        li t0, 2048
        add s1, s1, t0
        ld a0, -2048(s1)
        CHECK(23, a0, 0x0123456789abcdef)
        /* rd == base */
        la a0, src
        ld a0, 8(a0)
        CHECK(24, a0, 0x8000000012345678)
        /* load into x0: no effect on x0 */
        lw x0, 0(s0)
        ld x0, 8(s0)
        lbu x0, 7(s0)
        CHECK(25, x0, 0)

        /* ---- stores write exactly their bytes ---- */
        la s1, dst
        li t0, -1
        sd t0, 0(s1)
        sd t0, 8(s1)
        li t1, 0x0123456789abcdef
        sb t1, 3(s1)
        ld a0, 0(s1)
        CHECK(26, a0, 0xffffffffefffffff)
        sh t1, 6(s1)
        ld a0, 0(s1)
        CHECK(27, a0, 0xcdefffffefffffff)
        sw t1, 8(s1)
        ld a0, 8(s1)
        CHECK(28, a0, 0xffffffff89abcdef)
        sw x0, 12(s1)
        ld a0, 8(s1)
        CHECK(29, a0, 0x0000000089abcdef)
        sd t1, 0(s1)
        ld a0, 0(s1)
        CHECK(30, a0, 0x0123456789abcdef)
        sh x0, 0(s1)
        sb x0, 7(s1)
        ld a0, 0(s1)
        CHECK(31, a0, 0x0023456789ab0000)
        sd x0, 0(s1)
        ld a0, 0(s1)
        CHECK(32, a0, 0)
        /* neighbours untouched */
        ld a0, 16(s1)
        CHECK(33, a0, 0x5555555555555555)
        ld a0, -8(s1)
        CHECK(34, a0, 0x5555555555555555)
        /* negative store offsets */
        addi s2, s1, 16
        li t1, 0xa5
        sb t1, -1(s2)
        lbu a0, 15(s1)
        CHECK(35, a0, 0xa5)
        li t1, 0x1122334455667788
        sd t1, -16(s2)
        lw a0, 4(s1)
        CHECK(36, a0, 0x11223344)
        lh a0, 2(s1)
        CHECK(37, a0, 0x5566)
        lb a0, 0(s1)
        CHECK(38, a0, 0xffffffffffffff88)
        /* store then load round trips of each width, sign extension */
        li t1, 0x80
        sb t1, 0(s1)
        lb a0, 0(s1)
        CHECK(39, a0, -128)
        li t1, 0x12348000
        sh t1, 2(s1)
        lh a0, 2(s1)
        CHECK(40, a0, -32768)
        lhu a0, 2(s1)
        CHECK(41, a0, 0x8000)
        li t1, 0xfffffffff0000000
        sw t1, 4(s1)
        lwu a0, 4(s1)
        CHECK(42, a0, 0xf0000000)
        lw a0, 4(s1)
        CHECK(43, a0, 0xfffffffff0000000)
        /* byte-by-byte little-endian layout */
        li t1, 0x0807060504030201
        sd t1, 0(s1)
        lbu a0, 0(s1)
        CHECK(44, a0, 1)
        lbu a0, 5(s1)
        CHECK(45, a0, 6)
        lhu a0, 4(s1)
        CHECK(46, a0, 0x0605)
        lwu a0, 4(s1)
        CHECK(47, a0, 0x08070605)
        /* store data register == base register */
        la t2, dst2
        sd t2, 0(t2)
        ld a0, 0(t2)
        CHECKR(48, a0, t2)

        /* ---- fences: legal, no architectural effect here ---- */
        li a0, 7
        fence
        fence rw, rw
        fence r, r
        fence w, w
        fence iorw, iorw
        fence i, o
        fence.tso
        CHECK(49, a0, 7)

        TEST_PASS

        .data
        .align 4
src:    .byte 0x80, 0x7f, 0x01, 0x80, 0xff, 0x7f, 0xdc, 0xfe
        .dword 0x8000000012345678
        .align 4
        .dword 0x5555555555555555, 0x5555555555555555
dst:    .dword 0, 0
        .dword 0x5555555555555555
dst2:   .dword 0
        .align 4
far:    .dword 0x0123456789abcdef
TEST_END
