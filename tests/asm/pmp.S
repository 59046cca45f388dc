# PMP: 16 entries; pmpaddr0..15, pmpcfg0 and pmpcfg2 read/write, pmpcfg1 /
# pmpcfg3 illegal on RV64; TOR, NA4 and NAPOT regions enforced for S and U
# (access faults: fetch 1, load 5, store/AMO 7, mtval = address), the
# lowest-numbered matching entry wins, an access matching only part of an
# entry fails, an S/U access matching no entry fails; M-mode ignores
# unlocked entries but obeys locked ones; locked entries (and the pmpaddr
# below a locked TOR entry) are read-only.  (AMO access faults: see
# rv64a_faults.S; all entries OFF: pmp_none.S.)
#include "env.h"
        .option norvc

#define R 0x01
#define W 0x02
#define X 0x04
#define TOR   0x08
#define NA4   0x10
#define NAPOT 0x18
#define L 0x80
/* byte i of a pmpcfg register */
#define CFG(i, v) ((v) << (8 * (i)))

#define S_OK(n, insn...)                                        \
        li TESTNUM, n; EXPECT(8f); ENTER_S(7f);                 \
7:      insn; ecall; j __test_fail;                             \
8:      li t6, 9; bne TRAP_CAUSE, t6, __test_fail
#define U_OK(n, insn...)                                        \
        li TESTNUM, n; EXPECT(8f); ENTER_U(7f);                 \
7:      insn; ecall; j __test_fail;                             \
8:      li t6, 8; bne TRAP_CAUSE, t6, __test_fail
/* ..._FAULT(n, cause, addr_reg, insn): insn faults, mtval = addr_reg */
#define S_FAULT(n, cause, areg, insn...)                        \
        li TESTNUM, n; EXPECT(8f); ENTER_S(7f);                 \
7:      insn; j __test_fail;                                    \
8:      li t6, cause; bne TRAP_CAUSE, t6, __test_fail;          \
        bne TRAP_TVAL, areg, __test_fail
#define U_FAULT(n, cause, areg, insn...)                        \
        li TESTNUM, n; EXPECT(8f); ENTER_U(7f);                 \
7:      insn; j __test_fail;                                    \
8:      li t6, cause; bne TRAP_CAUSE, t6, __test_fail;          \
        bne TRAP_TVAL, areg, __test_fail
#define NAPOT_ADDR(rd, base, size) \
        la rd, base; srli rd, rd, 2; ori rd, rd, ((size) / 8) - 1

TEST_BEGIN
        USE_MTRAP
        csrw medeleg, x0
        csrw mie, x0
        csrw satp, x0

        /* ---- the CSRs ---- */
        li t0, 0x000123456789abc0
        csrw pmpaddr0, t0
        addi t0, t0, 1
        csrw pmpaddr1, t0
        addi t0, t0, 1
        csrw pmpaddr2, t0
        addi t0, t0, 1
        csrw pmpaddr3, t0
        addi t0, t0, 1
        csrw pmpaddr4, t0
        addi t0, t0, 1
        csrw pmpaddr5, t0
        addi t0, t0, 1
        csrw pmpaddr6, t0
        addi t0, t0, 1
        csrw pmpaddr7, t0
        addi t0, t0, 1
        csrw pmpaddr8, t0
        addi t0, t0, 1
        csrw pmpaddr9, t0
        addi t0, t0, 1
        csrw pmpaddr10, t0
        addi t0, t0, 1
        csrw pmpaddr11, t0
        addi t0, t0, 1
        csrw pmpaddr12, t0
        addi t0, t0, 1
        csrw pmpaddr13, t0
        addi t0, t0, 1
        csrw pmpaddr14, t0
        addi t0, t0, 1
        csrw pmpaddr15, t0
        csrr a0, pmpaddr0
        CHECK(1, a0, 0x000123456789abc0)
        csrr a0, pmpaddr1
        CHECK(2, a0, 0x000123456789abc1)
        csrr a0, pmpaddr2
        CHECK(3, a0, 0x000123456789abc2)
        csrr a0, pmpaddr3
        CHECK(4, a0, 0x000123456789abc3)
        csrr a0, pmpaddr4
        CHECK(5, a0, 0x000123456789abc4)
        csrr a0, pmpaddr5
        CHECK(6, a0, 0x000123456789abc5)
        csrr a0, pmpaddr6
        CHECK(7, a0, 0x000123456789abc6)
        csrr a0, pmpaddr7
        CHECK(8, a0, 0x000123456789abc7)
        csrr a0, pmpaddr8
        CHECK(9, a0, 0x000123456789abc8)
        csrr a0, pmpaddr9
        CHECK(10, a0, 0x000123456789abc9)
        csrr a0, pmpaddr10
        CHECK(11, a0, 0x000123456789abca)
        csrr a0, pmpaddr11
        CHECK(12, a0, 0x000123456789abcb)
        csrr a0, pmpaddr12
        CHECK(13, a0, 0x000123456789abcc)
        csrr a0, pmpaddr13
        CHECK(14, a0, 0x000123456789abcd)
        csrr a0, pmpaddr14
        CHECK(15, a0, 0x000123456789abce)
        csrr a0, pmpaddr15
        CHECK(16, a0, 0x000123456789abcf)
        /* all 54 address bits, granularity 4 bytes: NAPOT of everything */
        li t0, 0x003fffffffffffff
        csrw pmpaddr3, t0
        csrr a0, pmpaddr3
        CHECKR(17, a0, t0)
        /* pmpcfg0 / pmpcfg2 (entries OFF, so nothing is enforced yet) */
        li t0, 0x0103050701030507
        csrw pmpcfg0, t0
        csrr a0, pmpcfg0
        CHECKR(18, a0, t0)
        li t0, 0x0507010305070103
        csrw pmpcfg2, t0
        csrr a0, pmpcfg2
        CHECKR(19, a0, t0)
        csrw pmpcfg0, x0
        csrw pmpcfg2, x0
        csrr a0, pmpcfg0
        CHECK(20, a0, 0)
        /* the odd-numbered pmpcfg registers don't exist on RV64 */
        EXPECT_TRAP(21, 2, csrr a0, 0x3a1)
        EXPECT_TRAP(22, 2, csrw 0x3a3, x0)
        /* S can't access them (one entry lets S run at all) */
        PMP_ALLOW_ALL
        EXPECT(1f)
        ENTER_S(2f)
2:      csrr a0, pmpcfg0
        j __test_fail
1:      CHECK(23, TRAP_CAUSE, 2)
        la t0, 2b
        CHECKR(100, TRAP_EPC, t0)

        /* ---- regions ----
         *  0: NA4   na4_word                        (no access)
         *  1: NAPOT napot_buf, 64 bytes             R W
         *  2: NAPOT napot_buf, 64 bytes             R W X (shadowed by 1)
         *  3: OFF   pmpaddr3 = tor_buf              (base of 4)
         *  4: TOR   [tor_buf, tor_buf + 64)         R
         *  5: OFF   pmpaddr5 = 0                    (base of 6)
         *  6: TOR   [0, hole)                       R W X
         *  7: OFF   pmpaddr7 = hole_end             (base of 8)
         *  8: TOR   [hole_end, 2^56 - 4)            R W X
         * so [hole, hole_end) matches no entry. */
        la t0, na4_word
        srli t0, t0, 2
        csrw pmpaddr0, t0
        NAPOT_ADDR(t0, napot_buf, 64)
        csrw pmpaddr1, t0
        csrw pmpaddr2, t0
        la t0, tor_buf
        srli t0, t0, 2
        csrw pmpaddr3, t0
        addi t0, t0, 64 / 4
        csrw pmpaddr4, t0
        csrw pmpaddr5, x0
        la t0, hole
        srli t0, t0, 2
        csrw pmpaddr6, t0
        la t0, hole_end
        srli t0, t0, 2
        csrw pmpaddr7, t0
        li t0, 0x003fffffffffffff
        csrw pmpaddr8, t0
        li t0, CFG(0, NA4) | CFG(1, NAPOT | R | W) | CFG(2, NAPOT | R | W | X) | CFG(4, TOR | R) | CFG(6, TOR | R | W | X)
        csrw pmpcfg0, t0
        csrr a0, pmpcfg0
        CHECKR(24, a0, t0)
        li t0, CFG(0, TOR | R | W | X)
        csrw pmpcfg2, t0
        sfence.vma
        la s0, na4_word
        la s1, napot_buf
        la s2, tor_buf
        la s3, hole
        la s4, lock_word

        /* ---- NA4: exactly those 4 bytes ---- */
        S_FAULT(25, 5, s0, lw a0, 0(s0))
        U_FAULT(26, 7, s0, sw zero, 0(s0))
        U_FAULT(27, 5, s0, lr.w a0, (s0))
        S_OK(28, lw a0, -4(s0); lw a1, 4(s0))
        CHECK(29, a0, 0x44444444)
        CHECK(30, a1, 0x66666666)
        /* an aligned doubleword with half of it in the NA4 word fails */
        addi s5, s0, -4
        S_FAULT(31, 5, s5, ld a0, 0(s5))

        /* ---- NAPOT, and the lowest-numbered entry wins ---- */
        S_OK(32, ld a0, 0(s1); li t0, 0x7777; sd t0, 56(s1); ld a1, 56(s1))
        CHECK(33, a1, 0x7777)
        U_OK(34, ld a0, 0(s1))
        U_FAULT(35, 1, s1, jalr ra, s1)   /* entry 1 (no X) beats entry 2 */
        S_FAULT(36, 1, s1, jalr ra, s1)
        addi s5, s1, 64                   /* just past it: entry 6, RWX */
        S_OK(37, ld a0, 0(s5); sd a0, 0(s5))

        /* ---- TOR ---- */
        S_OK(38, ld a0, 0(s2); ld a1, 56(s2))
        CHECK(39, a0, 0x7070707070707070)
        CHECK(40, a1, 0x7070707070707070)
        S_FAULT(41, 7, s2, sd zero, 0(s2))
        addi s5, s2, 56
        U_FAULT(42, 7, s5, sd zero, 0(s5))
        U_FAULT(44, 1, s2, jalr ra, s2)
        addi s5, s2, 64                   /* the TOR top is exclusive */
        U_OK(45, sd zero, 0(s5))
        addi s5, s2, -8                   /* and the base inclusive */
        U_OK(46, sd zero, 0(s5))

        /* ---- no entry matches: S/U fail ---- */
        S_FAULT(47, 5, s3, ld a0, 0(s3))
        U_FAULT(48, 7, s3, sd zero, 0(s3))
        la s5, hole_code
        U_FAULT(49, 1, s5, jalr ra, s5)
        la s5, hole_end
        addi s5, s5, -8
        S_FAULT(50, 5, s5, ld a0, 0(s5))
        la s5, hole_end
        S_OK(51, ld a0, 0(s5))
        la s5, hole
        addi s5, s5, -8
        S_OK(52, ld a0, 0(s5))

        /* ---- M-mode ignores unlocked entries ---- */
        lw a0, 0(s0)
        CHECK(53, a0, 0x55555555)
        sd zero, 0(s2)
        ld a0, 0(s3)
        CHECK(54, a0, 0x1234)
        sw zero, 0(s0)
        jalr ra, s1
        CHECK(55, a0, 0x66)
        la t0, hole_code
        jalr ra, t0
        CHECK(56, a0, 0x68)

        /* ---- locked entries (in the hole: no other entry matches) ----
         *  9: NA4 lock_word, L R             (M can read, can't write)
         * 10: OFF pmpaddr10 = lockt_buf      (base of 11, locked by 11)
         * 11: TOR [lockt_buf, lockt_buf + 16), L R W  (no X) */
        la t0, lock_word
        srli t0, t0, 2
        csrw pmpaddr9, t0
        la t0, lockt_buf
        srli t0, t0, 2
        csrw pmpaddr10, t0
        addi t0, t0, 16 / 4
        csrw pmpaddr11, t0
        li t0, CFG(0, TOR | R | W | X) | CFG(1, NA4 | R | L) | CFG(3, TOR | R | W | L)
        csrw pmpcfg2, t0
        sfence.vma
        csrr a0, pmpcfg2
        CHECKR(57, a0, t0)
        lw a0, 0(s4)
        CHECK(58, a0, 0x10c4ed)
        EXPECT_TRAP(59, 7, sw zero, 0(s4))
        CHECKR(60, TRAP_TVAL, s4)
        S_FAULT(61, 7, s4, sw zero, 0(s4))
        U_OK(62, lw a0, 0(s4))
        CHECK(63, a0, 0x10c4ed)
        /* M fetch from a locked region without X */
        la s5, lockt_buf
        li TESTNUM, 64
        EXPECT(1f)
        jalr ra, s5
        j __test_fail
1:      CHECK(64, TRAP_CAUSE, 1)
        CHECKR(65, TRAP_TVAL, s5)
        CHECKR(101, TRAP_EPC, s5)
        ld a0, 0(s5)                      /* readable, writable */
        sd a0, 8(s5)
        /* locked entries can't be changed ... */
        li t0, 0
        csrw pmpaddr9, t0
        csrr a0, pmpaddr9
        srli t1, s4, 2
        CHECKR(66, a0, t1)
        csrw pmpaddr11, t0
        csrr a0, pmpaddr11
        srli t1, s5, 2
        addi t1, t1, 4
        CHECKR(67, a0, t1)
        /* ... nor the base of a locked TOR entry */
        csrw pmpaddr10, t0
        csrr a0, pmpaddr10
        srli t1, s5, 2
        CHECKR(68, a0, t1)
        /* cfg: the locked bytes keep their value, the others change */
        li t0, CFG(0, TOR | R | W | X) | CFG(1, NA4 | R | W | X) | CFG(2, NA4 | R) | CFG(3, NAPOT | R) | CFG(4, NA4 | R | W)
        csrw pmpcfg2, t0
        csrr a0, pmpcfg2
        li t1, CFG(0, TOR | R | W | X) | CFG(1, NA4 | R | L) | CFG(2, NA4 | R) | CFG(3, TOR | R | W | L) | CFG(4, NA4 | R | W)
        CHECKR(69, a0, t1)
        /* still enforced */
        EXPECT_TRAP(70, 7, sw zero, 0(s4))
        /* unlocked entries stay writable */
        li t0, 0x1234
        csrw pmpaddr12, t0
        csrr a0, pmpaddr12
        CHECK(71, a0, 0x1234)

        TEST_PASS

        .data
        .balign 64
tor_buf:    .rept 8
            .dword 0x7070707070707070
            .endr
            .fill 8, 8, 0
        .balign 64
napot_buf:  li a0, 0x66
            ret
            .balign 64
            .fill 8, 8, 0
        .balign 8
            .word 0x44444444
na4_word:   .word 0x55555555
            .word 0x66666666
        .balign 4096
            .fill 8, 8, 0
hole:       .dword 0x1234
hole_code:  li a0, 0x68
            ret
        /* inside the hole, so that only the locked entries match */
        .balign 8
lock_word:  .word 0x10c4ed
        .balign 16
lockt_buf:  ret
            .balign 16
        .balign 4096
hole_end:   .dword 0
TEST_END
