/* Helpers for the F/D tests (fp_*.S).  Operands are given as bit patterns;
 * each case checks the result bits and the exact fflags under one check
 * number.  Scratch: t0, t6, a0, a1, fa0..fa3. */

#define NV 0x10
#define DZ 0x08
#define OF 0x04
#define UF 0x02
#define NX 0x01

#define LDS(freg, bits) li t0, bits; fmv.w.x freg, t0
#define LDD(freg, bits) li t0, bits; fmv.d.x freg, t0

/* checks: single results are read with fmv.x.w, which sign-extends */
#define CHKS(n, freg, bits)                                     \
        li TESTNUM, n; fmv.x.w a0, freg; li t6, bits;           \
        addiw t6, t6, 0; bne a0, t6, __test_fail
#define CHKD(n, freg, bits)                                     \
        li TESTNUM, n; fmv.x.d a0, freg; li t6, bits;           \
        bne a0, t6, __test_fail
#define CHKFL(n, fl)                                            \
        li TESTNUM, n; csrr a1, fflags; li t6, fl;              \
        bne a1, t6, __test_fail

/* S1/S2/S3 (D1/D2/D3) run "insn fa0, fa1[, fa2[, fa3]][, rm]" on fresh flags.
 * The optional last argument is a static rounding mode, e.g. rtz. */
#define S1(n, op, a, res, fl, rm...)                            \
        LDS(fa1, a); csrwi fflags, 0; op fa0, fa1 , ## rm;          \
        CHKS(n, fa0, res); CHKFL(n, fl)
#define S2(n, op, a, b, res, fl, rm...)                         \
        LDS(fa1, a); LDS(fa2, b); csrwi fflags, 0;              \
        op fa0, fa1, fa2 , ## rm; CHKS(n, fa0, res); CHKFL(n, fl)
#define S3(n, op, a, b, c, res, fl, rm...)                      \
        LDS(fa1, a); LDS(fa2, b); LDS(fa3, c); csrwi fflags, 0; \
        op fa0, fa1, fa2, fa3 , ## rm; CHKS(n, fa0, res); CHKFL(n, fl)
#define D1(n, op, a, res, fl, rm...)                            \
        LDD(fa1, a); csrwi fflags, 0; op fa0, fa1 , ## rm;          \
        CHKD(n, fa0, res); CHKFL(n, fl)
#define D2(n, op, a, b, res, fl, rm...)                         \
        LDD(fa1, a); LDD(fa2, b); csrwi fflags, 0;              \
        op fa0, fa1, fa2 , ## rm; CHKD(n, fa0, res); CHKFL(n, fl)
#define D3(n, op, a, b, c, res, fl, rm...)                      \
        LDD(fa1, a); LDD(fa2, b); LDD(fa3, c); csrwi fflags, 0; \
        op fa0, fa1, fa2, fa3 , ## rm; CHKD(n, fa0, res); CHKFL(n, fl)
/* compare / classify: integer result in a0 */
#define SCMP(n, op, a, b, res, fl)                              \
        LDS(fa1, a); LDS(fa2, b); csrwi fflags, 0;              \
        op a0, fa1, fa2; CHECK(n, a0, res); CHKFL(n, fl)
#define DCMP(n, op, a, b, res, fl)                              \
        LDD(fa1, a); LDD(fa2, b); csrwi fflags, 0;              \
        op a0, fa1, fa2; CHECK(n, a0, res); CHKFL(n, fl)
#define SCLASS(n, a, res)                                       \
        LDS(fa1, a); csrwi fflags, 0; fclass.s a0, fa1;         \
        CHECK(n, a0, res); CHKFL(n, 0)
#define DCLASS(n, a, res)                                       \
        LDD(fa1, a); csrwi fflags, 0; fclass.d a0, fa1;         \
        CHECK(n, a0, res); CHKFL(n, 0)
/* conversions to integer: a0 = op(fa1) */
#define S2I(n, op, a, res, fl, rm...)                           \
        LDS(fa1, a); csrwi fflags, 0; op a0, fa1 , ## rm;           \
        CHECK(n, a0, res); CHKFL(n, fl)
#define D2I(n, op, a, res, fl, rm...)                           \
        LDD(fa1, a); csrwi fflags, 0; op a0, fa1 , ## rm;           \
        CHECK(n, a0, res); CHKFL(n, fl)
/* conversions from integer: fa0 = op(a1) */
#define I2S(n, op, i, res, fl, rm...)                           \
        li a1, i; csrwi fflags, 0; op fa0, a1 , ## rm;              \
        CHKS(n, fa0, res); CHKFL(n, fl)
#define I2D(n, op, i, res, fl, rm...)                           \
        li a1, i; csrwi fflags, 0; op fa0, a1 , ## rm;              \
        CHKD(n, fa0, res); CHKFL(n, fl)
/* double -> single and back */
#define D2S(n, a, res, fl, rm...)                               \
        LDD(fa1, a); csrwi fflags, 0; fcvt.s.d fa0, fa1 , ## rm;    \
        CHKS(n, fa0, res); CHKFL(n, fl)
#define S2D(n, a, res, fl)                                      \
        LDS(fa1, a); csrwi fflags, 0; fcvt.d.s fa0, fa1;        \
        CHKD(n, fa0, res); CHKFL(n, fl)
