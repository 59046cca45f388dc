/* Software IEEE-754 arithmetic with RISC-V semantics (see softfp.h).
 *
 * Every operation is written once, for a format described by struct fmt,
 * and works on exact integer significands: an operand is sign * sig * 2^exp
 * with an integer sig.  Each operation computes its exact result (or one
 * that differs from it only below a sticky bit) as a 128-bit integer times a
 * power of two and hands it to round_pack(), the only place that rounds.
 */
#include "engine/riscv/softfp.h"

__extension__ typedef unsigned __int128 u128; /* __extension__: quiet under -Wpedantic */

struct fmt {
    int mbits; /* stored fraction bits */
    int ebits; /* exponent field bits */
    int bias;
};

static const struct fmt F32 = {23, 8, 127};
static const struct fmt F64 = {52, 11, 1023};

enum cls { C_ZERO, C_FIN, C_INF, C_QNAN, C_SNAN };

/* An unpacked operand; for C_FIN its value is (-1)^sign * sig * 2^exp. */
struct unp {
    int cls;
    int sign;
    int exp;
    uint64_t sig;
};

static uint64_t emax_field(const struct fmt *f) { return ((uint64_t)1 << f->ebits) - 1; }

static uint64_t pack(const struct fmt *f, int sign, uint64_t efield, uint64_t frac)
{
    /* frac == 1 << mbits with efield 0 (a subnormal rounded up to the
     * smallest normal) lands in the exponent field as 1, as it should. */
    return ((uint64_t)sign << (f->mbits + f->ebits)) + (efield << f->mbits) + frac;
}

static uint64_t inf_of(const struct fmt *f, int sign) { return pack(f, sign, emax_field(f), 0); }
static uint64_t zero_of(const struct fmt *f, int sign) { return pack(f, sign, 0, 0); }

static uint64_t canon_nan(const struct fmt *f)
{
    return pack(f, 0, emax_field(f), (uint64_t)1 << (f->mbits - 1));
}

static struct unp unpack(const struct fmt *f, uint64_t x)
{
    struct unp u;
    uint64_t fmask = ((uint64_t)1 << f->mbits) - 1;
    uint64_t e = (x >> f->mbits) & emax_field(f);
    uint64_t m = x & fmask;

    u.sign = (int)((x >> (f->mbits + f->ebits)) & 1);
    u.exp = 0;
    u.sig = 0;
    if (e == emax_field(f)) {
        if (m == 0)
            u.cls = C_INF;
        else
            u.cls = (m >> (f->mbits - 1)) ? C_QNAN : C_SNAN;
    } else if (e == 0) {
        /* subnormals share the exponent of the smallest normal */
        u.cls = m ? C_FIN : C_ZERO;
        u.sig = m;
        u.exp = 1 - f->bias - f->mbits;
    } else {
        u.cls = C_FIN;
        u.sig = m | ((uint64_t)1 << f->mbits);
        u.exp = (int)e - f->bias - f->mbits;
    }
    return u;
}

static bool is_nan(const struct unp *u) { return u->cls == C_QNAN || u->cls == C_SNAN; }

static int clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

/* Whether to add one unit to a truncated magnitude whose discarded part is
 * rb, where half is the value of half a unit. */
static bool round_incr(uint64_t rb, uint64_t half, bool odd, int sign, int rm)
{
    switch (rm) {
    case SF_RTZ:
        return false;
    case SF_RDN:
        return sign && rb;
    case SF_RUP:
        return !sign && rb;
    case SF_RMM:
        return rb >= half;
    default: /* SF_RNE */
        return rb > half || (rb == half && odd);
    }
}

static uint64_t overflow(const struct fmt *f, int sign, int rm, unsigned *fl)
{
    *fl |= SF_OF | SF_NX;
    /* Nearest modes overflow to infinity; a directed mode only in its own
     * direction, otherwise to the largest finite value. */
    bool to_inf = rm == SF_RNE || rm == SF_RMM || (rm == SF_RUP && !sign) || (rm == SF_RDN && sign);
    if (to_inf)
        return inf_of(f, sign);
    return pack(f, sign, emax_field(f) - 1, ((uint64_t)1 << f->mbits) - 1);
}

/* Round (-1)^sign * sig * 2^exp to format f.  sig must be non-zero; a caller
 * that dropped low-order bits must have OR-ed them into bit 0 (sticky) and
 * kept at least two bits below the final rounding position. */
static uint64_t round_pack(const struct fmt *f, int sign, int exp, u128 sig, int rm, unsigned *fl)
{
    /* Bring the leading one to bit 62 of a 64-bit word: bit 63 stays free
     * for the carry out of rounding, and 62 - mbits >= 10 guard bits remain
     * below the significand.  Bits shifted out become the sticky bit. */
    int msb = 127 - clz128(sig);
    uint64_t s;
    if (msb > 62) {
        int sh = msb - 62;
        s = (uint64_t)(sig >> sh) | (uint64_t)((sig & (((u128)1 << sh) - 1)) != 0);
        exp += sh;
    } else {
        s = (uint64_t)sig << (62 - msb);
        exp -= 62 - msb;
    }

    int E = exp + 62 + f->bias; /* biased exponent the result has if normal */
    int rsh = 62 - f->mbits;    /* bits of s below the significand */
    uint64_t rmask = ((uint64_t)1 << rsh) - 1, rhalf = (uint64_t)1 << (rsh - 1);

    if (E >= 1) {
        uint64_t m = s >> rsh, rb = s & rmask;
        m += round_incr(rb, rhalf, m & 1, sign, rm);
        if (m >> (f->mbits + 1)) { /* 1.11..1 rounded up to 10.0 */
            m >>= 1;
            E++;
        }
        if ((uint64_t)E >= emax_field(f))
            return overflow(f, sign, rm, fl);
        if (rb)
            *fl |= SF_NX;
        return pack(f, sign, (uint64_t)E, m & (((uint64_t)1 << f->mbits) - 1));
    }

    /* Below the normal range.  RISC-V detects tininess after rounding: the
     * result is tiny unless rounding to full precision with an unbounded
     * exponent would have reached 2^emin, which only a value already in the
     * top binade below it (E == 0) can do. */
    bool tiny = true;
    if (E == 0) {
        uint64_t m = s >> rsh, rb = s & rmask;
        m += round_incr(rb, rhalf, m & 1, sign, rm);
        tiny = !(m >> (f->mbits + 1));
    }

    /* Subnormal precision: 1 - E fewer bits than a normal. */
    int sh = rsh + 1 - E;
    uint64_t m, rb, half;
    if (sh >= 64) {
        /* Below half the smallest subnormal (s < 2^63), but not zero. */
        m = 0;
        rb = 1;
        half = 2;
    } else {
        m = s >> sh;
        rb = s & (((uint64_t)1 << sh) - 1);
        half = (uint64_t)1 << (sh - 1);
    }
    m += round_incr(rb, half, m & 1, sign, rm);
    if (rb) {
        *fl |= SF_NX;
        if (tiny)
            *fl |= SF_UF;
    }
    /* m == 1 << mbits (rounded up to the smallest normal) packs correctly */
    return pack(f, sign, 0, m);
}

/* NaN result of an operation with a NaN operand: canonical, NV if any of
 * the operands is signaling. */
static uint64_t nan_result(const struct fmt *f, const struct unp *a, const struct unp *b,
                           const struct unp *c, unsigned *fl)
{
    if (a->cls == C_SNAN || (b && b->cls == C_SNAN) || (c && c->cls == C_SNAN))
        *fl |= SF_NV;
    return canon_nan(f);
}

static uint64_t invalid(const struct fmt *f, unsigned *fl)
{
    *fl |= SF_NV;
    return canon_nan(f);
}

/* Shift the leading one of a non-zero x (below 2^126) to bit 125. */
static void norm125(u128 *x, int *exp)
{
    int sh = 125 - (127 - clz128(*x));
    *x <<= sh;
    *exp -= sh;
}

/* Round (-1)^sx * X * 2^ex + (-1)^sy * Y * 2^ey, both non-zero and X, Y below
 * 2^107 (a double product at most).  Shared by add/sub and fma. */
static uint64_t add_finite(const struct fmt *f, int sx, int ex, u128 X, int sy, int ey, u128 Y,
                           int rm, unsigned *fl)
{
    /* With both leading ones at bit 125 the low 19 bits of each are zero, so
     * aligning by up to 19 bits is exact; a larger shift leaves Y below 2^106
     * against X >= 2^125, so the sum keeps its leading one at bit 124 or
     * above and the bits lost from Y can be folded into a sticky bit. */
    norm125(&X, &ex);
    norm125(&Y, &ey);
    if (ey > ex || (ey == ex && Y > X)) { /* make x the larger magnitude */
        u128 t = X;
        X = Y;
        Y = t;
        int ti = ex;
        ex = ey;
        ey = ti;
        ti = sx;
        sx = sy;
        sy = ti;
    }
    int d = ex - ey;
    if (d >= 128)
        Y = 1;
    else if (d > 0)
        Y = (Y >> d) | (u128)((Y & (((u128)1 << d) - 1)) != 0);

    u128 R = sx == sy ? X + Y : X - Y;
    if (R == 0) /* exact cancellation: +0, or -0 when rounding down */
        return zero_of(f, rm == SF_RDN);
    return round_pack(f, sx, ex, R, rm, fl);
}

static uint64_t g_add(const struct fmt *f, uint64_t a, uint64_t b, int negb, int rm, unsigned *fl)
{
    struct unp x = unpack(f, a), y = unpack(f, b);
    if (is_nan(&x) || is_nan(&y))
        return nan_result(f, &x, &y, 0, fl);
    y.sign ^= negb;
    b ^= (uint64_t)negb << (f->mbits + f->ebits);

    if (x.cls == C_INF) {
        if (y.cls == C_INF && x.sign != y.sign)
            return invalid(f, fl);
        return a;
    }
    if (y.cls == C_INF)
        return b;
    if (x.cls == C_ZERO && y.cls == C_ZERO) /* same signs keep it; else +0 (-0 in RDN) */
        return zero_of(f, x.sign == y.sign ? x.sign : rm == SF_RDN);
    if (x.cls == C_ZERO)
        return b;
    if (y.cls == C_ZERO)
        return a;
    return add_finite(f, x.sign, x.exp, x.sig, y.sign, y.exp, y.sig, rm, fl);
}

static uint64_t g_mul(const struct fmt *f, uint64_t a, uint64_t b, int rm, unsigned *fl)
{
    struct unp x = unpack(f, a), y = unpack(f, b);
    if (is_nan(&x) || is_nan(&y))
        return nan_result(f, &x, &y, 0, fl);
    int s = x.sign ^ y.sign;
    if ((x.cls == C_INF && y.cls == C_ZERO) || (x.cls == C_ZERO && y.cls == C_INF))
        return invalid(f, fl);
    if (x.cls == C_INF || y.cls == C_INF)
        return inf_of(f, s);
    if (x.cls == C_ZERO || y.cls == C_ZERO)
        return zero_of(f, s);
    return round_pack(f, s, x.exp + y.exp, (u128)x.sig * y.sig, rm, fl);
}

static uint64_t g_div(const struct fmt *f, uint64_t a, uint64_t b, int rm, unsigned *fl)
{
    struct unp x = unpack(f, a), y = unpack(f, b);
    if (is_nan(&x) || is_nan(&y))
        return nan_result(f, &x, &y, 0, fl);
    int s = x.sign ^ y.sign;
    if (x.cls == C_INF)
        return y.cls == C_INF ? invalid(f, fl) : inf_of(f, s);
    if (y.cls == C_INF)
        return zero_of(f, s);
    if (y.cls == C_ZERO) {
        if (x.cls == C_ZERO)
            return invalid(f, fl);
        *fl |= SF_DZ;
        return inf_of(f, s);
    }
    if (x.cls == C_ZERO)
        return zero_of(f, s);

    /* Both significands with their top bit at 63: (X << 64) / Y then has 64
     * or 65 significant bits, far more than the 53 + 2 rounding needs, and a
     * non-zero remainder is exactly what the sticky bit stands for. */
    int lx = __builtin_clzll(x.sig), ly = __builtin_clzll(y.sig);
    uint64_t X = x.sig << lx, Y = y.sig << ly;
    u128 n = (u128)X << 64;
    u128 q = n / Y;
    q |= (u128)(n - q * Y != 0);
    return round_pack(f, s, (x.exp - lx) - (y.exp - ly) - 64, q, rm, fl);
}

/* floor(sqrt(n)) for n < 2^126, digit by digit (two bits of n per result
 * bit); *inexact says whether a remainder was left. */
static uint64_t isqrt128(u128 n, bool *inexact)
{
    u128 res = 0, bit = (u128)1 << 124;
    while (bit > n)
        bit >>= 2;
    while (bit) {
        if (n >= res + bit) {
            n -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    *inexact = n != 0;
    return (uint64_t)res;
}

static uint64_t g_sqrt(const struct fmt *f, uint64_t a, int rm, unsigned *fl)
{
    struct unp x = unpack(f, a);
    if (is_nan(&x))
        return nan_result(f, &x, 0, 0, fl);
    if (x.cls == C_ZERO) /* sqrt(-0) = -0 */
        return a;
    if (x.sign)
        return invalid(f, fl);
    if (x.cls == C_INF)
        return a;

    /* Leading one at bit 124 or 125, whichever leaves an even exponent to
     * halve: the root then has 63 significant bits. */
    u128 n = x.sig;
    int sh = 124 - (127 - clz128(n));
    if ((x.exp - sh) & 1)
        sh++;
    n <<= sh;
    bool inexact;
    uint64_t r = isqrt128(n, &inexact);
    return round_pack(f, 0, (x.exp - sh) / 2, r | inexact, rm, fl);
}

static uint64_t g_fma(const struct fmt *f, uint64_t a, uint64_t b, uint64_t c, int rm, unsigned *fl)
{
    struct unp x = unpack(f, a), y = unpack(f, b), z = unpack(f, c);
    if (x.cls == C_SNAN || y.cls == C_SNAN || z.cls == C_SNAN)
        *fl |= SF_NV;
    /* RISC-V: inf*0 is invalid whatever the addend, even a quiet NaN. */
    if ((x.cls == C_INF && y.cls == C_ZERO) || (x.cls == C_ZERO && y.cls == C_INF))
        return invalid(f, fl);
    if (is_nan(&x) || is_nan(&y) || is_nan(&z))
        return canon_nan(f);

    int ps = x.sign ^ y.sign;
    if (x.cls == C_INF || y.cls == C_INF) {
        if (z.cls == C_INF && z.sign != ps)
            return invalid(f, fl);
        return inf_of(f, ps);
    }
    if (z.cls == C_INF)
        return c;
    if (x.cls == C_ZERO || y.cls == C_ZERO) {
        if (z.cls == C_ZERO) /* signed-zero sum rule, as for add */
            return zero_of(f, ps == z.sign ? ps : rm == SF_RDN);
        return c;
    }
    u128 p = (u128)x.sig * y.sig; /* exact, below 2^106 */
    if (z.cls == C_ZERO)
        return round_pack(f, ps, x.exp + y.exp, p, rm, fl);
    return add_finite(f, ps, x.exp + y.exp, p, z.sign, z.exp, z.sig, rm, fl);
}

static uint64_t g_cvt(const struct fmt *to, const struct fmt *from, uint64_t a, int rm, unsigned *fl)
{
    struct unp x = unpack(from, a);
    if (is_nan(&x))
        return nan_result(to, &x, 0, 0, fl);
    if (x.cls == C_INF)
        return inf_of(to, x.sign);
    if (x.cls == C_ZERO)
        return zero_of(to, x.sign);
    return round_pack(to, x.sign, x.exp, x.sig, rm, fl);
}

/* Float to integer.  maxpos is the largest result, maxneg the magnitude of
 * the most negative one (0 for unsigned).  Returns the two's-complement bit
 * pattern; the caller narrows it. */
static uint64_t g_to_int(const struct fmt *f, uint64_t a, int rm, unsigned *fl, uint64_t maxpos,
                         uint64_t maxneg)
{
    struct unp x = unpack(f, a);
    if (is_nan(&x)) { /* RISC-V: NaN converts like +inf */
        *fl |= SF_NV;
        return maxpos;
    }
    if (x.cls == C_ZERO)
        return 0;

    u128 mag;
    bool inexact = false;
    if (x.cls == C_INF || x.exp > 64) {
        mag = (u128)1 << 65; /* out of every range */
    } else if (x.exp >= 0) {
        mag = (u128)x.sig << x.exp;
    } else {
        int sh = -x.exp;
        uint64_t m, rb, half;
        if (sh >= 64) { /* sig < 2^53: below one half */
            m = 0;
            rb = 1;
            half = 2;
        } else {
            m = x.sig >> sh;
            rb = x.sig & (((uint64_t)1 << sh) - 1);
            half = (uint64_t)1 << (sh - 1);
        }
        m += round_incr(rb, half, m & 1, x.sign, rm);
        inexact = rb != 0;
        mag = m;
    }

    /* Out of range is invalid and never also inexact.  A negative value
     * that rounds to 0 is in range even for unsigned destinations. */
    if (mag > (x.sign ? maxneg : maxpos)) {
        *fl |= SF_NV;
        return x.sign ? 0 - maxneg : maxpos;
    }
    if (inexact)
        *fl |= SF_NX;
    return x.sign ? 0 - (uint64_t)mag : (uint64_t)mag;
}

static uint64_t g_from_int(const struct fmt *f, int sign, uint64_t mag, int rm, unsigned *fl)
{
    if (mag == 0)
        return zero_of(f, 0);
    return round_pack(f, sign, 0, mag, rm, fl);
}

/* Magnitude of a signed value, safe for the most negative one. */
static uint64_t umag(int64_t v) { return v < 0 ? 0 - (uint64_t)v : (uint64_t)v; }

uint32_t sf32_add(uint32_t a, uint32_t b, int rm, unsigned *flags)
{
    return (uint32_t)g_add(&F32, a, b, 0, rm, flags);
}
uint32_t sf32_sub(uint32_t a, uint32_t b, int rm, unsigned *flags)
{
    return (uint32_t)g_add(&F32, a, b, 1, rm, flags);
}
uint32_t sf32_mul(uint32_t a, uint32_t b, int rm, unsigned *flags)
{
    return (uint32_t)g_mul(&F32, a, b, rm, flags);
}
uint32_t sf32_div(uint32_t a, uint32_t b, int rm, unsigned *flags)
{
    return (uint32_t)g_div(&F32, a, b, rm, flags);
}
uint32_t sf32_sqrt(uint32_t a, int rm, unsigned *flags) { return (uint32_t)g_sqrt(&F32, a, rm, flags); }
uint32_t sf32_fma(uint32_t a, uint32_t b, uint32_t c, int rm, unsigned *flags)
{
    return (uint32_t)g_fma(&F32, a, b, c, rm, flags);
}

uint64_t sf64_add(uint64_t a, uint64_t b, int rm, unsigned *flags) { return g_add(&F64, a, b, 0, rm, flags); }
uint64_t sf64_sub(uint64_t a, uint64_t b, int rm, unsigned *flags) { return g_add(&F64, a, b, 1, rm, flags); }
uint64_t sf64_mul(uint64_t a, uint64_t b, int rm, unsigned *flags) { return g_mul(&F64, a, b, rm, flags); }
uint64_t sf64_div(uint64_t a, uint64_t b, int rm, unsigned *flags) { return g_div(&F64, a, b, rm, flags); }
uint64_t sf64_sqrt(uint64_t a, int rm, unsigned *flags) { return g_sqrt(&F64, a, rm, flags); }
uint64_t sf64_fma(uint64_t a, uint64_t b, uint64_t c, int rm, unsigned *flags)
{
    return g_fma(&F64, a, b, c, rm, flags);
}

uint64_t sf32_to_f64(uint32_t a, unsigned *flags) { return g_cvt(&F64, &F32, a, SF_RNE, flags); }
uint32_t sf64_to_f32(uint64_t a, int rm, unsigned *flags) { return (uint32_t)g_cvt(&F32, &F64, a, rm, flags); }

int32_t sf32_to_i32(uint32_t a, int rm, unsigned *flags)
{
    return (int32_t)(uint32_t)g_to_int(&F32, a, rm, flags, INT32_MAX, (uint64_t)1 << 31);
}
uint32_t sf32_to_u32(uint32_t a, int rm, unsigned *flags)
{
    return (uint32_t)g_to_int(&F32, a, rm, flags, UINT32_MAX, 0);
}
int64_t sf32_to_i64(uint32_t a, int rm, unsigned *flags)
{
    return (int64_t)g_to_int(&F32, a, rm, flags, INT64_MAX, (uint64_t)1 << 63);
}
uint64_t sf32_to_u64(uint32_t a, int rm, unsigned *flags)
{
    return g_to_int(&F32, a, rm, flags, UINT64_MAX, 0);
}
int32_t sf64_to_i32(uint64_t a, int rm, unsigned *flags)
{
    return (int32_t)(uint32_t)g_to_int(&F64, a, rm, flags, INT32_MAX, (uint64_t)1 << 31);
}
uint32_t sf64_to_u32(uint64_t a, int rm, unsigned *flags)
{
    return (uint32_t)g_to_int(&F64, a, rm, flags, UINT32_MAX, 0);
}
int64_t sf64_to_i64(uint64_t a, int rm, unsigned *flags)
{
    return (int64_t)g_to_int(&F64, a, rm, flags, INT64_MAX, (uint64_t)1 << 63);
}
uint64_t sf64_to_u64(uint64_t a, int rm, unsigned *flags)
{
    return g_to_int(&F64, a, rm, flags, UINT64_MAX, 0);
}

uint32_t sf32_from_i32(int32_t v, int rm, unsigned *flags)
{
    return (uint32_t)g_from_int(&F32, v < 0, umag(v), rm, flags);
}
uint32_t sf32_from_u32(uint32_t v, int rm, unsigned *flags)
{
    return (uint32_t)g_from_int(&F32, 0, v, rm, flags);
}
uint32_t sf32_from_i64(int64_t v, int rm, unsigned *flags)
{
    return (uint32_t)g_from_int(&F32, v < 0, umag(v), rm, flags);
}
uint32_t sf32_from_u64(uint64_t v, int rm, unsigned *flags)
{
    return (uint32_t)g_from_int(&F32, 0, v, rm, flags);
}
uint64_t sf64_from_i32(int32_t v, int rm, unsigned *flags) { return g_from_int(&F64, v < 0, umag(v), rm, flags); }
uint64_t sf64_from_u32(uint32_t v, int rm, unsigned *flags) { return g_from_int(&F64, 0, v, rm, flags); }
uint64_t sf64_from_i64(int64_t v, int rm, unsigned *flags) { return g_from_int(&F64, v < 0, umag(v), rm, flags); }
uint64_t sf64_from_u64(uint64_t v, int rm, unsigned *flags) { return g_from_int(&F64, 0, v, rm, flags); }
