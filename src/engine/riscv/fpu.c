/* F and D extensions (unprivileged spec chapters 13 and 14).
 *
 * The fast path computes on the host's SSE unit: while a vCPU runs, MXCSR
 * holds the guest's dynamic rounding mode and accumulates the guest's
 * exception flags, which map one to one onto fflags (x86 detects tininess
 * after rounding, as RISC-V does).  What x86 cannot do is done here by hand:
 * canonical NaNs, NaN-boxing, fmin/fmax, comparisons' flags, float->int
 * saturation, and FMA's invalid flag for inf*0+qNaN.  RMM, which x86 has no
 * mode for, goes to the software implementation in softfp.c.
 *
 * This file is compiled with -frounding-math so that the compiler does not
 * assume the default rounding mode; FP_BARRIER pins each operation between
 * the MXCSR writes that surround it when a static rounding mode differs from
 * the dynamic one.
 */
#include "engine/riscv/fpu.h"

#include <immintrin.h>
#include <math.h>
#include <string.h>

#include "engine/riscv/decode.h"
#include "engine/riscv/hart.h"
#include "engine/riscv/softfp.h"

#define FP_BARRIER(v) __asm__ volatile("" : "+x"(v))

#define QNAN_S 0x7fc00000u
#define QNAN_D 0x7ff8000000000000ull
#define BOX (0xffffffff00000000ull)

enum { RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4 };
enum { FF_NX = 1, FF_UF = 2, FF_OF = 4, FF_DZ = 8, FF_NV = 16 };

/* MXCSR: flags in bits 0-5 (IE DE ZE OE UE PE), masks 7-12, RC 13-14 */
#define MXCSR_FLAGS 0x3fu
#define MXCSR_MASKS 0x1f80u
static const unsigned rc_bits[4] = {[RNE] = 0x0000, [RTZ] = 0x6000, [RDN] = 0x2000, [RUP] = 0x4000};

static uint32_t mxcsr_to_fflags(unsigned m)
{
    uint32_t f = 0;
    if (m & 0x01) f |= FF_NV;
    if (m & 0x04) f |= FF_DZ;
    if (m & 0x08) f |= FF_OF;
    if (m & 0x10) f |= FF_UF;
    if (m & 0x20) f |= FF_NX;
    return f;
}

static inline unsigned hw_rm(const struct hart *h)
{
    return h->frm <= RUP ? h->frm : RNE;
}

void fpu_init(struct hart *h)
{
    h->frm = 0;
    h->fflags = 0;
}

void fpu_enter(struct hart *h)
{
    h->host_mxcsr = _mm_getcsr();
    _mm_setcsr(MXCSR_MASKS | rc_bits[hw_rm(h)]); /* no FTZ/DAZ, flags clear */
}

static void fold_flags(struct hart *h)
{
    unsigned m = _mm_getcsr();
    if (m & MXCSR_FLAGS) {
        h->fflags |= mxcsr_to_fflags(m);
        _mm_setcsr(m & ~MXCSR_FLAGS);
    }
}

void fpu_leave(struct hart *h)
{
    fold_flags(h);
    _mm_setcsr(h->host_mxcsr);
}

uint32_t hart_fflags(struct hart *h)
{
    fold_flags(h);
    return h->fflags;
}

void fpu_set_fflags(struct hart *h, uint32_t flags)
{
    _mm_setcsr(_mm_getcsr() & ~MXCSR_FLAGS);
    h->fflags = flags;
}

void fpu_set_frm(struct hart *h, uint32_t rm)
{
    h->frm = rm;
    _mm_setcsr((_mm_getcsr() & ~0x6000u) | rc_bits[hw_rm(h)]);
}

/* ---- value helpers ---- */

static inline float f32(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static inline double f64(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static inline uint32_t b32(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static inline uint64_t b64(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }

/* NaN-boxing (§13.2): a single read from a register whose upper half is not
 * all ones is the canonical NaN */
static inline uint32_t unbox(uint64_t v) { return (v >> 32) == 0xffffffffu ? (uint32_t)v : QNAN_S; }
static inline uint64_t box(uint32_t v) { return BOX | v; }

static inline bool isnan32(uint32_t b) { return (b & 0x7fffffff) > 0x7f800000; }
static inline bool isnan64(uint64_t b) { return (b & ~(1ull << 63)) > 0x7ff0000000000000ull; }
static inline bool issnan32(uint32_t b) { return isnan32(b) && !(b & 0x00400000); }
static inline bool issnan64(uint64_t b) { return isnan64(b) && !(b & 0x0008000000000000ull); }
static inline bool isinf32(uint32_t b) { return (b & 0x7fffffff) == 0x7f800000; }
static inline bool isinf64(uint64_t b) { return (b & ~(1ull << 63)) == 0x7ff0000000000000ull; }
static inline bool iszero32(uint32_t b) { return (b & 0x7fffffff) == 0; }
static inline bool iszero64(uint64_t b) { return (b & ~(1ull << 63)) == 0; }

static inline uint32_t canon32(uint32_t b) { return isnan32(b) ? QNAN_S : b; }
static inline uint64_t canon64(uint64_t b) { return isnan64(b) ? QNAN_D : b; }

/* Switch MXCSR's rounding mode for one operation if the static mode differs. */
struct rmsave { unsigned saved; bool switched; };
static inline struct rmsave rm_begin(struct hart *h, unsigned rm)
{
    struct rmsave s = {0, false};
    if (rm != hw_rm(h)) {
        s.saved = _mm_getcsr();
        s.switched = true;
        _mm_setcsr((s.saved & ~0x6000u) | rc_bits[rm]);
    }
    return s;
}
static inline void rm_end(struct rmsave s)
{
    if (s.switched) {
        unsigned now = _mm_getcsr();
        _mm_setcsr((s.saved & ~MXCSR_FLAGS) | (now & MXCSR_FLAGS));
    }
}

static uint32_t fclass32(uint32_t b)
{
    bool neg = b >> 31;
    uint32_t exp = (b >> 23) & 0xff, frac = b & 0x7fffff;
    if (exp == 0xff) {
        if (frac == 0) return neg ? 1u << 0 : 1u << 7;
        return (frac & 0x400000) ? 1u << 9 : 1u << 8;
    }
    if (exp == 0) {
        if (frac == 0) return neg ? 1u << 3 : 1u << 4;
        return neg ? 1u << 2 : 1u << 5;
    }
    return neg ? 1u << 1 : 1u << 6;
}

static uint32_t fclass64(uint64_t b)
{
    bool neg = b >> 63;
    uint64_t exp = (b >> 52) & 0x7ff, frac = b & ((1ull << 52) - 1);
    if (exp == 0x7ff) {
        if (frac == 0) return neg ? 1u << 0 : 1u << 7;
        return (frac & (1ull << 51)) ? 1u << 9 : 1u << 8;
    }
    if (exp == 0) {
        if (frac == 0) return neg ? 1u << 3 : 1u << 4;
        return neg ? 1u << 2 : 1u << 5;
    }
    return neg ? 1u << 1 : 1u << 6;
}

/* Round to an integral value in mode rm, exactly (no flags). */
static double round_int(double x, unsigned rm)
{
    switch (rm) {
    case RTZ: return trunc(x);
    case RDN: return floor(x);
    case RUP: return ceil(x);
    case RMM: return round(x);
    default: {
        double r = round(x); /* ties away; fix ties to even */
        if (fabs(r - x) == 0.5)
            r = 2.0 * round(x / 2.0);
        return r;
    }
    }
}

/* float -> integer with RISC-V saturation (§13.7, Table 13.4).  x is exact
 * in double for both precisions. */
static int64_t cvt_to_int(struct hart *h, double x, bool is_nan, unsigned rm, bool is_signed, int bits)
{
    double lo, hi; /* valid range of the rounded value: [lo, hi) */
    int64_t min, max;
    if (bits == 32) {
        lo = is_signed ? -2147483648.0 : 0.0;
        hi = is_signed ? 2147483648.0 : 4294967296.0;
        min = is_signed ? INT32_MIN : 0;
        max = is_signed ? INT32_MAX : (int64_t)(int32_t)UINT32_MAX; /* sign-extended */
    } else {
        lo = is_signed ? -9223372036854775808.0 : 0.0;
        hi = is_signed ? 9223372036854775808.0 : 18446744073709551616.0;
        min = is_signed ? INT64_MIN : 0;
        max = is_signed ? INT64_MAX : (int64_t)UINT64_MAX;
    }
    if (is_nan) {
        h->fflags |= FF_NV;
        return max;
    }
    /* libm's floor/ceil/round may raise inexact in MXCSR: keep it out of fflags */
    unsigned saved = _mm_getcsr();
    double r = round_int(x, rm);
    _mm_setcsr(saved);
    if (r >= hi) {
        h->fflags |= FF_NV;
        return max;
    }
    if (r < lo) {
        h->fflags |= FF_NV;
        return min;
    }
    if (r != x)
        h->fflags |= FF_NX;
    if (bits == 32)
        return is_signed ? (int64_t)(int32_t)r : (int64_t)(int32_t)(uint32_t)r;
    return is_signed ? (int64_t)r : (int64_t)(uint64_t)r;
}

/* ---- the operations ---- */

#define RS1 h->f[i->rs1]
#define RS2 h->f[i->rs2]
#define RS3 h->f[i->rs3]
#define FRD h->f[i->rd]
#define XRD h->x[i->rd]

static uint32_t minmax32(struct hart *h, uint32_t a, uint32_t b, bool max)
{
    if (issnan32(a) || issnan32(b))
        h->fflags |= FF_NV;
    if (isnan32(a) && isnan32(b)) return QNAN_S;
    if (isnan32(a)) return b;
    if (isnan32(b)) return a;
    if (iszero32(a) && iszero32(b))
        return max ? (a & b) : (a | b); /* -0 < +0 */
    bool lt = f32(a) < f32(b);
    return (lt != max) ? a : b;
}

static uint64_t minmax64(struct hart *h, uint64_t a, uint64_t b, bool max)
{
    if (issnan64(a) || issnan64(b))
        h->fflags |= FF_NV;
    if (isnan64(a) && isnan64(b)) return QNAN_D;
    if (isnan64(a)) return b;
    if (isnan64(b)) return a;
    if (iszero64(a) && iszero64(b))
        return max ? (a & b) : (a | b);
    bool lt = f64(a) < f64(b);
    return (lt != max) ? a : b;
}

/* feq is quiet (NV only for sNaN); flt/fle signal on any NaN */
static uint64_t cmp32(struct hart *h, uint32_t a, uint32_t b, int kind)
{
    if (isnan32(a) || isnan32(b)) {
        if (kind != 0 || issnan32(a) || issnan32(b))
            h->fflags |= FF_NV;
        return 0;
    }
    float x = f32(a), y = f32(b);
    return kind == 0 ? x == y : kind == 1 ? x < y : x <= y;
}

static uint64_t cmp64(struct hart *h, uint64_t a, uint64_t b, int kind)
{
    if (isnan64(a) || isnan64(b)) {
        if (kind != 0 || issnan64(a) || issnan64(b))
            h->fflags |= FF_NV;
        return 0;
    }
    double x = f64(a), y = f64(b);
    return kind == 0 ? x == y : kind == 1 ? x < y : x <= y;
}

static uint32_t fma32(struct hart *h, uint32_t a, uint32_t b, uint32_t c, unsigned rm)
{
    /* RISC-V requires NV for inf*0 even with a quiet-NaN addend; x86 does not raise it */
    if ((isinf32(a) && iszero32(b)) || (iszero32(a) && isinf32(b))) {
        h->fflags |= FF_NV;
        return QNAN_S;
    }
    if (rm == RMM) {
        unsigned fl = 0;
        uint32_t r = sf32_fma(a, b, c, SF_RMM, &fl);
        h->fflags |= fl;
        return r;
    }
    float x = f32(a), y = f32(b), z = f32(c);
    struct rmsave s = rm_begin(h, rm);
    FP_BARRIER(x);
    float r = fmaf(x, y, z);
    FP_BARRIER(r);
    rm_end(s);
    return canon32(b32(r));
}

static uint64_t fma64(struct hart *h, uint64_t a, uint64_t b, uint64_t c, unsigned rm)
{
    if ((isinf64(a) && iszero64(b)) || (iszero64(a) && isinf64(b))) {
        h->fflags |= FF_NV;
        return QNAN_D;
    }
    if (rm == RMM) {
        unsigned fl = 0;
        uint64_t r = sf64_fma(a, b, c, SF_RMM, &fl);
        h->fflags |= fl;
        return r;
    }
    double x = f64(a), y = f64(b), z = f64(c);
    struct rmsave s = rm_begin(h, rm);
    FP_BARRIER(x);
    double r = fma(x, y, z);
    FP_BARRIER(r);
    rm_end(s);
    return canon64(b64(r));
}

enum { ADD, SUB, MUL, DIV, SQRT };

static uint32_t arith32(struct hart *h, int op, uint32_t a, uint32_t b, unsigned rm)
{
    if (rm == RMM) {
        unsigned fl = 0;
        uint32_t r;
        switch (op) {
        case ADD: r = sf32_add(a, b, SF_RMM, &fl); break;
        case SUB: r = sf32_sub(a, b, SF_RMM, &fl); break;
        case MUL: r = sf32_mul(a, b, SF_RMM, &fl); break;
        case DIV: r = sf32_div(a, b, SF_RMM, &fl); break;
        default: r = sf32_sqrt(a, SF_RMM, &fl); break;
        }
        h->fflags |= fl;
        return r;
    }
    float x = f32(a), y = f32(b), r;
    struct rmsave s = rm_begin(h, rm);
    FP_BARRIER(x);
    FP_BARRIER(y);
    switch (op) {
    case ADD: r = x + y; break;
    case SUB: r = x - y; break;
    case MUL: r = x * y; break;
    case DIV: r = x / y; break;
    default: r = sqrtf(x); break;
    }
    FP_BARRIER(r);
    rm_end(s);
    return canon32(b32(r));
}

static uint64_t arith64(struct hart *h, int op, uint64_t a, uint64_t b, unsigned rm)
{
    if (rm == RMM) {
        unsigned fl = 0;
        uint64_t r;
        switch (op) {
        case ADD: r = sf64_add(a, b, SF_RMM, &fl); break;
        case SUB: r = sf64_sub(a, b, SF_RMM, &fl); break;
        case MUL: r = sf64_mul(a, b, SF_RMM, &fl); break;
        case DIV: r = sf64_div(a, b, SF_RMM, &fl); break;
        default: r = sf64_sqrt(a, SF_RMM, &fl); break;
        }
        h->fflags |= fl;
        return r;
    }
    double x = f64(a), y = f64(b), r;
    struct rmsave s = rm_begin(h, rm);
    FP_BARRIER(x);
    FP_BARRIER(y);
    switch (op) {
    case ADD: r = x + y; break;
    case SUB: r = x - y; break;
    case MUL: r = x * y; break;
    case DIV: r = x / y; break;
    default: r = sqrt(x); break;
    }
    FP_BARRIER(r);
    rm_end(s);
    return canon64(b64(r));
}

/* integer -> float; kind: 0 = int32, 1 = uint32, 2 = int64, 3 = uint64 */
static uint32_t from_int32(struct hart *h, uint64_t v, int kind, unsigned rm)
{
    if (rm == RMM) {
        unsigned fl = 0;
        uint32_t r;
        switch (kind) {
        case 0: r = sf32_from_i32((int32_t)v, SF_RMM, &fl); break;
        case 1: r = sf32_from_u32((uint32_t)v, SF_RMM, &fl); break;
        case 2: r = sf32_from_i64((int64_t)v, SF_RMM, &fl); break;
        default: r = sf32_from_u64(v, SF_RMM, &fl); break;
        }
        h->fflags |= fl;
        return r;
    }
    float r;
    struct rmsave s = rm_begin(h, rm);
    FP_BARRIER(v);
    switch (kind) {
    case 0: r = (float)(int32_t)v; break;
    case 1: r = (float)(uint32_t)v; break;
    case 2: r = (float)(int64_t)v; break;
    default: r = (float)v; break;
    }
    FP_BARRIER(r);
    rm_end(s);
    return b32(r);
}

static uint64_t from_int64(struct hart *h, uint64_t v, int kind, unsigned rm)
{
    if (rm == RMM) {
        unsigned fl = 0;
        uint64_t r;
        switch (kind) {
        case 0: r = sf64_from_i32((int32_t)v, SF_RMM, &fl); break;
        case 1: r = sf64_from_u32((uint32_t)v, SF_RMM, &fl); break;
        case 2: r = sf64_from_i64((int64_t)v, SF_RMM, &fl); break;
        default: r = sf64_from_u64(v, SF_RMM, &fl); break;
        }
        h->fflags |= fl;
        return r;
    }
    double r;
    struct rmsave s = rm_begin(h, rm);
    FP_BARRIER(v);
    switch (kind) {
    case 0: r = (double)(int32_t)v; break;
    case 1: r = (double)(uint32_t)v; break;
    case 2: r = (double)(int64_t)v; break;
    default: r = (double)v; break;
    }
    FP_BARRIER(r);
    rm_end(s);
    return b64(r);
}

static uint32_t d_to_s(struct hart *h, uint64_t a, unsigned rm)
{
    if (rm == RMM) {
        unsigned fl = 0;
        uint32_t r = sf64_to_f32(a, SF_RMM, &fl);
        h->fflags |= fl;
        return r;
    }
    double x = f64(a);
    struct rmsave s = rm_begin(h, rm);
    FP_BARRIER(x);
    float r = (float)x;
    FP_BARRIER(r);
    rm_end(s);
    return canon32(b32(r));
}

static uint64_t s_to_d(struct hart *h, uint32_t a)
{
    if (issnan32(a))
        h->fflags |= FF_NV;
    if (isnan32(a))
        return QNAN_D;
    return b64((double)f32(a)); /* exact */
}

int fpu_exec(struct hart *h, const struct insn *i)
{
    unsigned rm = i->rm == 7 ? h->frm : i->rm;
    if (rm > RMM)
        return EXC_ILLEGAL;
    h->mstatus |= MS_FS;

    switch (i->op) {
    case OP_FADD_S: FRD = box(arith32(h, ADD, unbox(RS1), unbox(RS2), rm)); break;
    case OP_FSUB_S: FRD = box(arith32(h, SUB, unbox(RS1), unbox(RS2), rm)); break;
    case OP_FMUL_S: FRD = box(arith32(h, MUL, unbox(RS1), unbox(RS2), rm)); break;
    case OP_FDIV_S: FRD = box(arith32(h, DIV, unbox(RS1), unbox(RS2), rm)); break;
    case OP_FSQRT_S: FRD = box(arith32(h, SQRT, unbox(RS1), 0, rm)); break;
    case OP_FADD_D: FRD = arith64(h, ADD, RS1, RS2, rm); break;
    case OP_FSUB_D: FRD = arith64(h, SUB, RS1, RS2, rm); break;
    case OP_FMUL_D: FRD = arith64(h, MUL, RS1, RS2, rm); break;
    case OP_FDIV_D: FRD = arith64(h, DIV, RS1, RS2, rm); break;
    case OP_FSQRT_D: FRD = arith64(h, SQRT, RS1, 0, rm); break;

    /* fmsub = a*b-c, fnmsub = -(a*b)+c, fnmadd = -(a*b)-c: negate inputs (exact) */
    case OP_FMADD_S: FRD = box(fma32(h, unbox(RS1), unbox(RS2), unbox(RS3), rm)); break;
    case OP_FMSUB_S: FRD = box(fma32(h, unbox(RS1), unbox(RS2), unbox(RS3) ^ 0x80000000u, rm)); break;
    case OP_FNMSUB_S: FRD = box(fma32(h, unbox(RS1) ^ 0x80000000u, unbox(RS2), unbox(RS3), rm)); break;
    case OP_FNMADD_S:
        FRD = box(fma32(h, unbox(RS1) ^ 0x80000000u, unbox(RS2), unbox(RS3) ^ 0x80000000u, rm));
        break;
    case OP_FMADD_D: FRD = fma64(h, RS1, RS2, RS3, rm); break;
    case OP_FMSUB_D: FRD = fma64(h, RS1, RS2, RS3 ^ (1ull << 63), rm); break;
    case OP_FNMSUB_D: FRD = fma64(h, RS1 ^ (1ull << 63), RS2, RS3, rm); break;
    case OP_FNMADD_D: FRD = fma64(h, RS1 ^ (1ull << 63), RS2, RS3 ^ (1ull << 63), rm); break;

    case OP_FSGNJ_S: FRD = box((unbox(RS1) & 0x7fffffffu) | (unbox(RS2) & 0x80000000u)); break;
    case OP_FSGNJN_S: FRD = box((unbox(RS1) & 0x7fffffffu) | (~unbox(RS2) & 0x80000000u)); break;
    case OP_FSGNJX_S: FRD = box(unbox(RS1) ^ (unbox(RS2) & 0x80000000u)); break;
    case OP_FSGNJ_D: FRD = (RS1 & ~(1ull << 63)) | (RS2 & (1ull << 63)); break;
    case OP_FSGNJN_D: FRD = (RS1 & ~(1ull << 63)) | (~RS2 & (1ull << 63)); break;
    case OP_FSGNJX_D: FRD = RS1 ^ (RS2 & (1ull << 63)); break;

    case OP_FMIN_S: FRD = box(minmax32(h, unbox(RS1), unbox(RS2), false)); break;
    case OP_FMAX_S: FRD = box(minmax32(h, unbox(RS1), unbox(RS2), true)); break;
    case OP_FMIN_D: FRD = minmax64(h, RS1, RS2, false); break;
    case OP_FMAX_D: FRD = minmax64(h, RS1, RS2, true); break;

    case OP_FEQ_S: XRD = cmp32(h, unbox(RS1), unbox(RS2), 0); break;
    case OP_FLT_S: XRD = cmp32(h, unbox(RS1), unbox(RS2), 1); break;
    case OP_FLE_S: XRD = cmp32(h, unbox(RS1), unbox(RS2), 2); break;
    case OP_FEQ_D: XRD = cmp64(h, RS1, RS2, 0); break;
    case OP_FLT_D: XRD = cmp64(h, RS1, RS2, 1); break;
    case OP_FLE_D: XRD = cmp64(h, RS1, RS2, 2); break;
    case OP_FCLASS_S: XRD = fclass32(unbox(RS1)); break;
    case OP_FCLASS_D: XRD = fclass64(RS1); break;

    case OP_FCVT_W_S: case OP_FCVT_WU_S: case OP_FCVT_L_S: case OP_FCVT_LU_S: {
        uint32_t a = unbox(RS1);
        int k = i->op - OP_FCVT_W_S;
        XRD = (uint64_t)cvt_to_int(h, (double)f32(a), isnan32(a), rm, !(k & 1), k < 2 ? 32 : 64);
        break;
    }
    case OP_FCVT_W_D: case OP_FCVT_WU_D: case OP_FCVT_L_D: case OP_FCVT_LU_D: {
        uint64_t a = RS1;
        int k = i->op - OP_FCVT_W_D;
        XRD = (uint64_t)cvt_to_int(h, f64(a), isnan64(a), rm, !(k & 1), k < 2 ? 32 : 64);
        break;
    }
    case OP_FCVT_S_W: case OP_FCVT_S_WU: case OP_FCVT_S_L: case OP_FCVT_S_LU:
        FRD = box(from_int32(h, h->x[i->rs1], i->op - OP_FCVT_S_W, rm));
        break;
    case OP_FCVT_D_W: case OP_FCVT_D_WU: case OP_FCVT_D_L: case OP_FCVT_D_LU:
        FRD = from_int64(h, h->x[i->rs1], i->op - OP_FCVT_D_W, rm);
        break;
    case OP_FCVT_S_D: FRD = box(d_to_s(h, RS1, rm)); break;
    case OP_FCVT_D_S: FRD = s_to_d(h, unbox(RS1)); break;
    default:
        return EXC_ILLEGAL;
    }
    return 0;
}
