# Privileged details where QEMU 7.2 is wrong, or chose differently from
# strato among the choices the spec allows: ebreak sets mtval = pc; an
# mret/sret to a mode below M clears MPRV; mepc/sepc bit 0 reads zero;
# misa is exactly RV64 IMAFDCSU; a csrrs/csrrc whose rs1 is not x0 writes
# (so traps on a read-only CSR) even when the register holds zero; all of
# mhpmcounter3..31 / hpmcounter3..31 exist and read zero.
# strato-only: QEMU 7.2 sets mtval = 0 for ebreak, keeps MPRV on mret/sret, keeps mepc bit 0, adds H to misa, skips the write of csrrs/csrrc with a zero register, and has only mhpmcounter3..18
#include "env.h"
        .option norvc

#define MSTATUS_MPRV (1 << 17)

TEST_BEGIN
        USE_MTRAP
        PMP_ALLOW_ALL

        /* ---- ebreak: mtval = pc ---- */
        EXPECT_TRAP(1, 3, ebreak)
        CHECKR(2, TRAP_TVAL, TRAP_EPC)
        EXPECT_TRAP(3, 3, .half 0x9002; .half 0x0001)    /* c.ebreak */
        CHECKR(4, TRAP_TVAL, TRAP_EPC)
        EXPECT(1f)
        ENTER_U(2f)
2:      ebreak
        j __test_fail
1:      CHECK(5, TRAP_CAUSE, 3)
        la t0, 2b
        CHECKR(6, TRAP_TVAL, t0)
        /* ecall: mtval = 0 */
        li t0, 0x123
        csrw mtval, t0
        EXPECT_TRAP(7, 11, ecall)
        CHECK(8, TRAP_TVAL, 0)

        /* ---- MPRV is cleared by an xRET to a mode below M ---- */
        li t0, MSTATUS_MPRV
        csrs mstatus, t0
        EXPECT(1f)
        ENTER_S(2f)
2:      ecall
1:      li t0, MSTATUS_MPRV
        and a0, TRAP_STATUS, t0
        CHECK(9, a0, 0)
        li t0, MSTATUS_MPRV
        csrs mstatus, t0
        EXPECT(1f)
        ENTER_U(2f)
2:      ecall
1:      li t0, MSTATUS_MPRV
        and a0, TRAP_STATUS, t0
        CHECK(10, a0, 0)
        /* sret from M to U: MPRV cleared as well */
        li t0, MSTATUS_MPRV
        csrs mstatus, t0
        li t0, 1 << 8
        csrc mstatus, t0                  /* SPP = U */
        la t0, 2f
        csrw sepc, t0
        EXPECT(1f)
        sret
2:      ecall
1:      CHECK(11, TRAP_CAUSE, 8)
        li t0, MSTATUS_MPRV
        and a0, TRAP_STATUS, t0
        CHECK(12, a0, 0)
        /* mret to M keeps it */
        li t0, MSTATUS_MPRV | (3 << 11)
        csrs mstatus, t0
        la t0, 1f
        csrw mepc, t0
        mret
1:      csrr a0, mstatus
        li t0, MSTATUS_MPRV
        and a0, a0, t0
        CHECK(13, a0, MSTATUS_MPRV)
        csrc mstatus, t0

        /* ---- xepc bit 0 is always zero ---- */
        li t0, 0x80001233
        csrw mepc, t0
        csrr a0, mepc
        CHECK(14, a0, 0x80001232)
        csrw sepc, t0
        csrr a0, sepc
        CHECK(15, a0, 0x80001232)

        /* ---- misa: exactly RV64 A C D F I M S U, read-only ---- */
        csrr a0, misa
        CHECK(16, a0, 0x800000000014112d)
        csrw misa, x0
        csrr a0, misa
        CHECK(17, a0, 0x800000000014112d)

        /* ---- csrrs/csrrc with rs1 != x0 write, even a zero ---- */
        li a1, 0
        EXPECT_TRAP(18, 2, csrrs a0, cycle, a1)
        EXPECT_TRAP(19, 2, csrrc a0, instret, a1)
        EXPECT_TRAP(20, 2, csrrs a0, mhartid, a1)
        EXPECT_TRAP(21, 2, csrrc a0, mvendorid, a1)
        /* with x0 (or uimm 0) they only read */
        csrrs a0, cycle, x0
        csrrc a0, mhartid, x0
        csrrsi a0, mhartid, 0

        /* ---- hpm counters: all 29 exist in M, read zero ---- */
        csrr a0, mhpmcounter3
        csrr a1, mhpmcounter18
        or a0, a0, a1
        csrr a1, mhpmcounter19
        or a0, a0, a1
        csrr a1, mhpmcounter31
        or a0, a0, a1
        csrr a1, hpmcounter31
        or a0, a0, a1
        csrr a1, hpmcounter19
        or a0, a0, a1
        CHECK(22, a0, 0)
        csrr a0, mhpmevent31
        csrr a1, mhpmevent3
        or a0, a0, a1
        CHECK(23, a0, 0)

        TEST_PASS
TEST_END
