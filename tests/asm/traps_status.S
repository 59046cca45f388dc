# Status registers: mstatus.FS = Off makes FP instructions and fcsr/frm/
# fflags accesses illegal; writing FP state sets FS = Dirty and SD; SD is
# read-only; sstatus is a restricted view of mstatus; sie/sip are views of
# mie/mip masked by mideleg; misa reports RV64 with I, M, A, F, D, C, S, U;
# mhartid = 0; UXL/SXL read 64-bit.
#include "env.h"
        .option norvc

#define MSTATUS_FS   (3 << 13)
#define FS_INITIAL   (1 << 13)
#define FS_CLEAN     (2 << 13)
#define FS_DIRTY     (3 << 13)
#define MSTATUS_SD   (1 << 63)

/* FP_ILLEGAL(n, insn): with FS = Off, insn traps with cause 2 and mtval =
 * its bits */
#define FP_ILLEGAL(n, insn...)                                  \
        EXPECT_TRAP(n, 2, insn);                                \
        lwu t6, 0(TRAP_EPC); bne TRAP_TVAL, t6, __test_fail

/* FS_AFTER(n, start, insn, expected): set FS = start, run insn, check FS */
#define FS_AFTER(n, start, expect, insn...)                     \
        li t0, MSTATUS_FS; csrc mstatus, t0;                    \
        li t0, start; csrs mstatus, t0;                         \
        insn;                                                   \
        csrr a0, mstatus; li t0, MSTATUS_FS; and a0, a0, t0;    \
        CHECK(n, a0, expect)

/* wait (boundedly) until mip & bit == want; check n fails if never */
#define WAIT_MIP(n, bit, want)                                  \
        li TESTNUM, n; li t2, 1000000;                          \
1:      csrr t1, mip; andi t1, t1, bit; li t3, want;            \
        beq t1, t3, 2f; addi t2, t2, -1; bnez t2, 1b;           \
        j __test_fail; 2:

TEST_BEGIN
        USE_MTRAP
        PMP_ALLOW_ALL

        /* ---- misa, mhartid, XLEN fields ---- */
        csrr a0, misa
        srli a1, a0, 62
        CHECK(1, a1, 2)                   /* MXL = 64 */
        li t0, (1 << 0) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20)
        and a1, a0, t0
        CHECKR(2, a1, t0)                 /* A C D F I M S U */
        li t0, (1 << 21) | (1 << 23) | (1 << 1) | (1 << 4) | (1 << 16) | (1 << 13) | (1 << 22)
        and a1, a0, t0
        CHECK(3, a1, 0)                   /* no V, X, B, E, Q, N, W */
        csrr a0, mhartid
        CHECK(4, a0, 0)
        csrr a0, mstatus
        srli a1, a0, 32
        andi a1, a1, 0xf
        CHECK(5, a1, 0xa)                 /* SXL = UXL = 2 */
        csrr a0, sstatus
        srli a1, a0, 32
        andi a1, a1, 0xf
        CHECK(6, a1, 0x2)                 /* sstatus shows UXL only */

        /* ---- FS = Off ---- */
        li t0, MSTATUS_FS
        csrc mstatus, t0
        FP_ILLEGAL(7, fadd.s ft0, ft1, ft2)
        FP_ILLEGAL(8, fadd.d ft0, ft1, ft2)
        FP_ILLEGAL(9, fmv.x.w a0, ft0)
        FP_ILLEGAL(10, fmv.d.x ft0, a0)
        FP_ILLEGAL(11, fld ft0, 0(sp))
        FP_ILLEGAL(12, fsw ft0, 0(sp))
        FP_ILLEGAL(13, csrr a0, fcsr)
        FP_ILLEGAL(14, csrr a0, frm)
        FP_ILLEGAL(15, csrw fflags, x0)
        FP_ILLEGAL(16, fcvt.w.s a0, ft0)
        FP_ILLEGAL(17, fmadd.d ft0, ft1, ft2, ft3)
        FP_ILLEGAL(18, fclass.s a0, ft0)
        /* compressed FP loads too (mtval = the 16 bits) */
        EXPECT_TRAP(19, 2, .half 0x2002; .half 0x0001)   /* c.fldsp ft0, 0(sp) */
        CHECK(20, TRAP_TVAL, 0x2002)
        /* FS stays Off after those */
        csrr a0, mstatus
        li t0, MSTATUS_FS
        and a0, a0, t0
        CHECK(21, a0, 0)
        /* and the SD bit is read-only: still 0 */
        li t0, MSTATUS_SD
        csrs mstatus, t0
        csrr a0, mstatus
        srli a0, a0, 63
        CHECK(22, a0, 0)
        /* in S-mode too */
        EXPECT(1f)
        ENTER_S(2f)
2:      fmv.w.x ft0, x0
        j __test_fail
1:      CHECK(23, TRAP_CAUSE, 2)

        /* ---- writing FP state dirties FS, SD follows ---- */
        FS_AFTER(24, FS_INITIAL, FS_DIRTY, fmv.w.x ft0, x0)
        csrr a0, mstatus
        srli a0, a0, 63
        CHECK(25, a0, 1)                  /* SD */
        csrr a0, sstatus
        srli a0, a0, 63
        CHECK(26, a0, 1)                  /* SD in sstatus too */
        FS_AFTER(27, FS_CLEAN, FS_DIRTY, fadd.d ft1, ft2, ft3)
        FS_AFTER(28, FS_CLEAN, FS_DIRTY, fld ft4, 0(sp))
        FS_AFTER(29, FS_CLEAN, FS_DIRTY, csrwi fflags, 1)
        FS_AFTER(30, FS_INITIAL, FS_DIRTY, csrw frm, x0)
        FS_AFTER(31, FS_CLEAN, FS_DIRTY, fcvt.s.w ft5, a0)
        /* FS written as Clean reads back Clean, SD = 0 */
        FS_AFTER(32, FS_CLEAN, FS_CLEAN, nop)
        csrr a0, mstatus
        srli a0, a0, 63
        CHECK(33, a0, 0)
        /* the Dirty state is visible and clearable via sstatus */
        FS_AFTER(34, FS_DIRTY, FS_DIRTY, nop)
        li t0, MSTATUS_FS
        csrc sstatus, t0
        csrr a0, mstatus
        and a1, a0, t0
        CHECK(35, a1, 0)
        srli a0, a0, 63
        CHECK(36, a0, 0)
        li t0, FS_INITIAL
        csrs sstatus, t0
        csrr a0, mstatus
        li t0, MSTATUS_FS
        and a0, a0, t0
        CHECK(37, a0, FS_INITIAL)

        /* ---- sstatus is a view of mstatus ---- */
        li t0, (3 << 11) | (1 << 7) | (1 << 3) | (1 << 17) | (1 << 20) | (1 << 21) | (1 << 22)
        csrs mstatus, t0                  /* MPP MPIE MIE MPRV TVM TW TSR */
        csrr a0, sstatus
        and a1, a0, t0
        CHECK(38, a1, 0)                  /* none of them visible */
        csrw mie, x0
        li t1, -1
        csrw sstatus, t1                  /* can't change them either */
        csrr a0, mstatus
        and a1, a0, t0
        CHECKR(39, a1, t0)
        /* ... but S fields written via sstatus land in mstatus */
        li t1, (1 << 1) | (1 << 5) | (1 << 8) | (1 << 18) | (1 << 19)
        and a1, a0, t1                    /* SIE SPIE SPP SUM MXR */
        CHECKR(40, a1, t1)
        csrc sstatus, t1
        csrr a0, mstatus
        and a1, a0, t1
        CHECK(41, a1, 0)
        li t2, (1 << 1) | (1 << 8)
        csrs mstatus, t2
        csrr a0, sstatus
        and a1, a0, t1
        CHECKR(42, a1, t2)
        csrc mstatus, t0
        csrc mstatus, t2
        li t0, MSTATUS_FS
        csrc mstatus, t0
        li t0, FS_INITIAL
        csrs mstatus, t0

        /* ---- sie / sip: views masked by mideleg ---- */
        csrw mideleg, x0
        li t0, 0x222                      /* SSIE STIE SEIE */
        csrw mie, t0
        csrr a0, sie
        CHECK(43, a0, 0)
        csrw mideleg, t0
        csrr a0, mideleg
        li t1, 0xaaa                      /* (QEMU: H adds VS bits) */
        and a0, a0, t1
        CHECK(44, a0, 0x222)
        csrr a0, sie
        CHECK(45, a0, 0x222)
        li t1, 0x20                       /* mideleg STIP only */
        csrw mideleg, t1
        csrr a0, sie
        CHECK(46, a0, 0x20)
        /* writing sie changes only delegated bits of mie */
        csrw sie, x0
        csrr a0, mie
        CHECK(47, a0, 0x202)
        li t0, 0x222
        csrw mideleg, t0
        csrw sie, t0
        csrr a0, mie
        CHECK(48, a0, 0x222)
        csrw sie, x0
        csrr a0, mie
        CHECK(49, a0, 0)
        /* machine bits can't be set through sie */
        li t0, 0x888
        csrs sie, t0
        csrr a0, mie
        CHECK(50, a0, 0)
        /* sip.SSIP: pending set by M in mip, seen in sip when delegated */
        csrw mideleg, x0
        li t0, 2
        csrs mip, t0
        csrr a0, sip
        andi a0, a0, 0x222
        CHECK(51, a0, 0)
        csrw mideleg, t0
        csrr a0, sip
        andi a0, a0, 0x222
        CHECK(52, a0, 2)
        csrc sip, t0                      /* S may clear SSIP */
        csrr a0, mip
        andi a0, a0, 2
        CHECK(53, a0, 0)
        csrs sip, t0                      /* and set it */
        csrr a0, mip
        andi a0, a0, 2
        CHECK(54, a0, 2)
        csrc mip, t0
        /* not delegated: writing sip does nothing */
        csrw mideleg, x0
        csrs sip, t0
        csrr a0, mip
        andi a0, a0, 2
        CHECK(55, a0, 0)
        /* MSIP in mip is read-only (driven by the CLINT's msip, which
         * reaches mip after a short while: wait for it, boundedly) */
        li t0, 0x2000000
        sw x0, 0(t0)                      /* msip = 0 */
        WAIT_MIP(60, 0x8, 0)
        li t0, 0x8
        csrs mip, t0
        csrr a0, mip
        andi a0, a0, 0x8
        CHECK(56, a0, 0)
        li t0, 0x2000000
        li t1, 1
        sw t1, 0(t0)
        WAIT_MIP(57, 0x8, 0x8)
        li t0, 0x8
        csrc mip, t0
        csrr a0, mip
        andi a0, a0, 0x8
        CHECK(58, a0, 0x8)
        li t0, 0x2000000
        sw x0, 0(t0)
        WAIT_MIP(59, 0x8, 0)

        TEST_PASS
TEST_END
