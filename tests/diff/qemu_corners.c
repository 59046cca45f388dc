/* qemu_corners: checks the reference emulator (qemu-riscv64) against the
 * RISC-V F/D specification in the corners where an emulator is most likely
 * to deviate: NaN boxing, canonical NaNs, fmin/fmax of signed zeros and
 * sNaN, signalling compares, conversions of NaN/inf/out-of-range values,
 * RMM, tininess detected after rounding, FMA inf*0+qNaN, sign of exact zero
 * results.  Expected values were derived by hand from the ISA manual (F and
 * D chapters), not taken from any emulator.
 *
 * Second part: M, Zba, Zbb and Zbs on special and random operands against
 * C models of the manual's definitions.  The models use only base-ISA
 * operations (no division, no high multiply, no bit-manipulation
 * instructions: the file is compiled for plain rv64gc, the instructions under
 * test are enabled only inside their asm statements), so they do not depend
 * on the instructions they check.
 *
 * The differential test trusts QEMU; any corner that fails here must be
 * excluded from tests/diff/gen.c (with a comment naming it) and listed as a
 * known deviation here.  QEMU 7.2 (Debian 12) passes all F/D checks; its one
 * known deviation is ctzw (see ctzw_known below).  run.sh --ref-only builds
 * and runs this program:
 *
 *   riscv64-linux-gnu-gcc -O1 -static -o qemu_corners tests/diff/qemu_corners.c
 *   qemu-riscv64 ./qemu_corners
 */
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
typedef uint64_t u64;
static int fails, total;
#define BOX(x) (0xffffffff00000000ull | (uint32_t)(x))
static void check(const char *what, u64 got, unsigned gfl, u64 exp, unsigned efl) {
    total++;
    if (got != exp || gfl != efl) {
        fails++;
        printf("FAIL %-40s got %016" PRIx64 " fl %02x  want %016" PRIx64 " fl %02x\n", what, got, gfl, exp, efl);
    }
}
#define F2(name, insn) static u64 name(u64 a, u64 b, unsigned *fl) { u64 r; unsigned f; \
  asm volatile("fsflags x0\n fmv.d.x ft0,%2\n fmv.d.x ft1,%3\n " insn "\n fmv.x.d %0,ft2\n frflags %1" \
  : "=&r"(r), "=&r"(f) : "r"(a), "r"(b) : "ft0","ft1","ft2"); *fl = f; return r; }
#define F3(name, insn) static u64 name(u64 a, u64 b, u64 c, unsigned *fl) { u64 r; unsigned f; \
  asm volatile("fsflags x0\n fmv.d.x ft0,%2\n fmv.d.x ft1,%3\n fmv.d.x ft3,%4\n " insn "\n fmv.x.d %0,ft2\n frflags %1" \
  : "=&r"(r), "=&r"(f) : "r"(a), "r"(b), "r"(c) : "ft0","ft1","ft2","ft3"); *fl = f; return r; }
#define FX(name, insn) static u64 name(u64 a, unsigned *fl) { u64 r; unsigned f; \
  asm volatile("fsflags x0\n fmv.d.x ft0,%2\n " insn "\n frflags %1" \
  : "=&r"(r), "=&r"(f) : "r"(a) : "ft0"); *fl = f; return r; }
#define XF(name, insn) static u64 name(u64 a, unsigned *fl) { u64 r; unsigned f; \
  asm volatile("fsflags x0\n " insn "\n fmv.x.d %0,ft2\n frflags %1" \
  : "=&r"(r), "=&r"(f) : "r"(a) : "ft2"); *fl = f; return r; }

F2(fmin_s, "fmin.s ft2,ft0,ft1") F2(fmax_s, "fmax.s ft2,ft0,ft1")
F2(fmin_d, "fmin.d ft2,ft0,ft1") F2(fmax_d, "fmax.d ft2,ft0,ft1")
F2(fsgnj_s, "fsgnj.s ft2,ft0,ft1") F2(fsgnjn_s, "fsgnjn.s ft2,ft0,ft1") F2(fsgnjx_s, "fsgnjx.s ft2,ft0,ft1")
F2(fadd_s_rne, "fadd.s ft2,ft0,ft1,rne") F2(fadd_s_rmm, "fadd.s ft2,ft0,ft1,rmm")
F2(fadd_d_rmm, "fadd.d ft2,ft0,ft1,rmm")
F2(fmul_s_rne, "fmul.s ft2,ft0,ft1,rne") F2(fmul_d_rne, "fmul.d ft2,ft0,ft1,rne")
F2(fdiv_s, "fdiv.s ft2,ft0,ft1,rne")
F2(fsqrt_s, "fsqrt.s ft2,ft0,rne") F2(fsqrt_d, "fsqrt.d ft2,ft0,rne")
F2(fcvt_d_s, "fcvt.d.s ft2,ft0") F2(fcvt_s_d_rtz, "fcvt.s.d ft2,ft0,rtz") F2(fcvt_s_d_rne, "fcvt.s.d ft2,ft0,rne")
F2(fmvsame, "fsgnj.s ft2,ft0,ft0")
F3(fmadd_s, "fmadd.s ft2,ft0,ft1,ft3,rne") F3(fmadd_d, "fmadd.d ft2,ft0,ft1,ft3,rne")
F3(fnmadd_s, "fnmadd.s ft2,ft0,ft1,ft3,rne") F3(fnmsub_s, "fnmsub.s ft2,ft0,ft1,ft3,rne")
F3(fnmsub_s_rdn, "fnmsub.s ft2,ft0,ft1,ft3,rdn") F3(fmsub_s_rdn, "fmsub.s ft2,ft0,ft1,ft3,rdn")
FX(fclass_s, "fclass.s %0,ft0") FX(fclass_d, "fclass.d %0,ft0")
FX(fmv_x_w, "fmv.x.w %0,ft0")
FX(fcvt_w_s, "fcvt.w.s %0,ft0,rtz") FX(fcvt_wu_s, "fcvt.wu.s %0,ft0,rtz")
FX(fcvt_wu_s_rne, "fcvt.wu.s %0,ft0,rne") FX(fcvt_wu_s_rdn, "fcvt.wu.s %0,ft0,rdn")
FX(fcvt_w_s_rmm, "fcvt.w.s %0,ft0,rmm") FX(fcvt_w_s_rne, "fcvt.w.s %0,ft0,rne")
FX(fcvt_l_d, "fcvt.l.d %0,ft0,rtz") FX(fcvt_lu_d, "fcvt.lu.d %0,ft0,rtz")
FX(fcvt_w_d_rne, "fcvt.w.d %0,ft0,rne") FX(fcvt_w_d_rtz, "fcvt.w.d %0,ft0,rtz") FX(fcvt_w_d_rmm, "fcvt.w.d %0,ft0,rmm")
FX(fcvt_wu_d, "fcvt.wu.d %0,ft0,rtz") FX(fcvt_l_s, "fcvt.l.s %0,ft0,rtz") FX(fcvt_lu_s, "fcvt.lu.s %0,ft0,rtz")
FX(fcvt_l_d_rmm, "fcvt.l.d %0,ft0,rmm") FX(fcvt_lu_d_rmm, "fcvt.lu.d %0,ft0,rmm")
FX(feq_s_q, "fmv.w.x ft1,x0\n feq.s %0,ft0,ft1") FX(flt_s_q, "fmv.w.x ft1,x0\n flt.s %0,ft0,ft1")
FX(fle_s_q, "fmv.w.x ft1,x0\n fle.s %0,ft0,ft1")
XF(fcvt_s_lu, "fcvt.s.lu ft2,%2,rne") XF(fcvt_s_l_rmm, "fcvt.s.l ft2,%2,rmm") XF(fcvt_d_lu_rmm, "fcvt.d.lu ft2,%2,rmm")
XF(fcvt_s_w_rmm, "fcvt.s.w ft2,%2,rmm") XF(fcvt_d_wu, "fcvt.d.wu ft2,%2")
XF(fmv_w_x, "fmv.w.x ft2,%2")

F3(fmadd_s_rmm, "fmadd.s ft2,ft0,ft1,ft3,rmm")
F2(fcvt_s_d_rtz2, "fcvt.s.d ft2,ft0,rtz")
static u64 fsw_low(u64 a) { uint64_t m = 0; asm volatile("fmv.d.x ft0,%1\n fsw ft0,0(%0)" : : "r"(&m), "r"(a) : "ft0", "memory"); return m; }
static u64 flw_box(uint32_t v) { u64 r; asm volatile("flw ft0,0(%1)\n fmv.x.d %0,ft0" : "=r"(r) : "r"(&v) : "ft0", "memory"); return r; }

static u64 dyn_cvt(u64 a, unsigned rm, unsigned *fl) { u64 r; unsigned f;
  asm volatile("fsrm %3\n fsflags x0\n fmv.d.x ft0,%2\n fcvt.w.s %0,ft0\n frflags %1\n fsrm x0" : "=&r"(r), "=&r"(f) : "r"(a), "r"(rm) : "ft0"); *fl = f; return r; }


/* ---------------------------------------------------------------- M, Zb* */
/* (also: the F/D checks above found no deviation in QEMU 7.2) */

#define ZB ".option push\n.option arch, +zba, +zbb, +zbs\n"
#define R2(name, insn) static u64 name(u64 a, u64 b) { u64 r; \
  asm(ZB insn " %0,%1,%2\n.option pop" : "=r"(r) : "r"(a), "r"(b)); return r; }
#define R1(name, insn) static u64 name(u64 a, u64 b) { u64 r; (void)b; \
  asm(ZB insn " %0,%1\n.option pop" : "=r"(r) : "r"(a)); return r; }
#define RI(name, insn, imm) static u64 name(u64 a, u64 b) { u64 r; (void)b; \
  asm(ZB insn " %0,%1," #imm "\n.option pop" : "=r"(r) : "r"(a)); return r; }

R2(i_mulh, "mulh") R2(i_mulhsu, "mulhsu") R2(i_mulhu, "mulhu") R2(i_mulw, "mulw")
R2(i_div, "div") R2(i_divu, "divu") R2(i_rem, "rem") R2(i_remu, "remu")
R2(i_divw, "divw") R2(i_divuw, "divuw") R2(i_remw, "remw") R2(i_remuw, "remuw")
R2(i_adduw, "add.uw") R2(i_sh1add, "sh1add") R2(i_sh2add, "sh2add") R2(i_sh3add, "sh3add")
R2(i_sh1adduw, "sh1add.uw") R2(i_sh2adduw, "sh2add.uw") R2(i_sh3adduw, "sh3add.uw")
RI(i_slliuw0, "slli.uw", 0) RI(i_slliuw5, "slli.uw", 5) RI(i_slliuw32, "slli.uw", 32) RI(i_slliuw63, "slli.uw", 63)
R2(i_andn, "andn") R2(i_orn, "orn") R2(i_xnor, "xnor")
R1(i_clz, "clz") R1(i_clzw, "clzw") R1(i_ctz, "ctz") R1(i_ctzw, "ctzw") R1(i_cpop, "cpop") R1(i_cpopw, "cpopw")
R2(i_max, "max") R2(i_maxu, "maxu") R2(i_min, "min") R2(i_minu, "minu")
R1(i_sextb, "sext.b") R1(i_sexth, "sext.h") R1(i_zexth, "zext.h")
R2(i_rol, "rol") R2(i_ror, "ror") R2(i_rolw, "rolw") R2(i_rorw, "rorw")
RI(i_rori0, "rori", 0) RI(i_rori1, "rori", 1) RI(i_rori37, "rori", 37) RI(i_rori63, "rori", 63)
RI(i_roriw0, "roriw", 0) RI(i_roriw1, "roriw", 1) RI(i_roriw31, "roriw", 31)
R1(i_orcb, "orc.b") R1(i_rev8, "rev8")
R2(i_bclr, "bclr") R2(i_bext, "bext") R2(i_binv, "binv") R2(i_bset, "bset")
RI(i_bclri, "bclri", 63) RI(i_bexti, "bexti", 31) RI(i_binvi, "binvi", 32) RI(i_bseti, "bseti", 0)

static u64 sx32(u64 v) { v &= 0xffffffffull; return (v ^ 0x80000000ull) - 0x80000000ull; }
static u64 zx32(u64 v) { return v & 0xffffffffull; }
static int neg64(u64 v) { return (v >> 63) != 0; }

static u64 m_mulhu(u64 a, u64 b)
{
    u64 al = a & 0xffffffff, ah = a >> 32, bl = b & 0xffffffff, bh = b >> 32;
    u64 ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    u64 mid = (ll >> 32) + (lh & 0xffffffff) + (hl & 0xffffffff);
    return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}
static u64 m_mulh(u64 a, u64 b) { return m_mulhu(a, b) - (neg64(a) ? b : 0) - (neg64(b) ? a : 0); }
static u64 m_mulhsu(u64 a, u64 b) { return m_mulhu(a, b) - (neg64(a) ? b : 0); }
static u64 m_mulw(u64 a, u64 b) { return sx32(a * b); }

/* restoring division, d != 0 */
static u64 udiv(u64 n, u64 d, u64 *rem)
{
    u64 q = 0, r = 0;
    for (int i = 63; i >= 0; i--) {
        r = (r << 1) | ((n >> i) & 1);
        if (r >= d) { r -= d; q |= 1ull << i; }
    }
    *rem = r;
    return q;
}
static u64 m_divu(u64 a, u64 b) { u64 r; return b ? udiv(a, b, &r) : ~0ull; }
static u64 m_remu(u64 a, u64 b) { u64 r; if (!b) return a; udiv(a, b, &r); return r; }
static u64 m_div(u64 a, u64 b)
{
    if (!b) return ~0ull;
    if (a == 0x8000000000000000ull && b == ~0ull) return a;
    u64 r, q = udiv(neg64(a) ? -a : a, neg64(b) ? -b : b, &r);
    return neg64(a) != neg64(b) ? -q : q;
}
static u64 m_rem(u64 a, u64 b)
{
    if (!b) return a;
    if (a == 0x8000000000000000ull && b == ~0ull) return 0;
    u64 r;
    udiv(neg64(a) ? -a : a, neg64(b) ? -b : b, &r);
    return neg64(a) ? -r : r;
}
static u64 m_divw(u64 a, u64 b) { return sx32(m_div(sx32(a), sx32(b))); }
static u64 m_remw(u64 a, u64 b) { return sx32(m_rem(sx32(a), sx32(b))); }
static u64 m_divuw(u64 a, u64 b) { return sx32(m_divu(zx32(a), zx32(b))); }
static u64 m_remuw(u64 a, u64 b) { return sx32(m_remu(zx32(a), zx32(b))); }
static u64 m_adduw(u64 a, u64 b) { return b + zx32(a); }
static u64 m_sh1add(u64 a, u64 b) { return b + (a << 1); }
static u64 m_sh2add(u64 a, u64 b) { return b + (a << 2); }
static u64 m_sh3add(u64 a, u64 b) { return b + (a << 3); }
static u64 m_sh1adduw(u64 a, u64 b) { return b + (zx32(a) << 1); }
static u64 m_sh2adduw(u64 a, u64 b) { return b + (zx32(a) << 2); }
static u64 m_sh3adduw(u64 a, u64 b) { return b + (zx32(a) << 3); }
static u64 m_slliuw0(u64 a, u64 b) { (void)b; return zx32(a); }
static u64 m_slliuw5(u64 a, u64 b) { (void)b; return zx32(a) << 5; }
static u64 m_slliuw32(u64 a, u64 b) { (void)b; return zx32(a) << 32; }
static u64 m_slliuw63(u64 a, u64 b) { (void)b; return zx32(a) << 63; }
static u64 m_andn(u64 a, u64 b) { return a & ~b; }
static u64 m_orn(u64 a, u64 b) { return a | ~b; }
static u64 m_xnor(u64 a, u64 b) { return ~(a ^ b); }
static u64 lead0(u64 v, int bits) { u64 n = 0; for (int i = bits - 1; i >= 0 && !((v >> i) & 1); i--) n++; return n; }
static u64 trail0(u64 v, int bits) { u64 n = 0; for (int i = 0; i < bits && !((v >> i) & 1); i++) n++; return n; }
static u64 ones(u64 v, int bits) { u64 n = 0; for (int i = 0; i < bits; i++) n += (v >> i) & 1; return n; }
static u64 m_clz(u64 a, u64 b) { (void)b; return lead0(a, 64); }
static u64 m_clzw(u64 a, u64 b) { (void)b; return lead0(zx32(a), 32); }
static u64 m_ctz(u64 a, u64 b) { (void)b; return trail0(a, 64); }
static u64 m_ctzw(u64 a, u64 b) { (void)b; return trail0(a, 32); }
static u64 m_cpop(u64 a, u64 b) { (void)b; return ones(a, 64); }
static u64 m_cpopw(u64 a, u64 b) { (void)b; return ones(a, 32); }
static int slt(u64 a, u64 b) { return neg64(a) != neg64(b) ? neg64(a) : a < b; }
static u64 m_max(u64 a, u64 b) { return slt(a, b) ? b : a; }
static u64 m_min(u64 a, u64 b) { return slt(a, b) ? a : b; }
static u64 m_maxu(u64 a, u64 b) { return a < b ? b : a; }
static u64 m_minu(u64 a, u64 b) { return a < b ? a : b; }
static u64 m_sextb(u64 a, u64 b) { (void)b; return ((a & 0xff) ^ 0x80) - 0x80; }
static u64 m_sexth(u64 a, u64 b) { (void)b; return ((a & 0xffff) ^ 0x8000) - 0x8000; }
static u64 m_zexth(u64 a, u64 b) { (void)b; return a & 0xffff; }
static u64 rot64(u64 v, unsigned n) { n &= 63; return n ? (v >> n) | (v << (64 - n)) : v; }
static u64 rot32(u64 v, unsigned n) { v = zx32(v); n &= 31; return sx32(n ? (v >> n) | (v << (32 - n)) : v); }
static u64 m_ror(u64 a, u64 b) { return rot64(a, (unsigned)b); }
static u64 m_rol(u64 a, u64 b) { return rot64(a, 64 - (unsigned)(b & 63)); }
static u64 m_rorw(u64 a, u64 b) { return rot32(a, (unsigned)b); }
static u64 m_rolw(u64 a, u64 b) { return rot32(a, 32 - (unsigned)(b & 31)); }
static u64 m_rori0(u64 a, u64 b) { (void)b; return rot64(a, 0); }
static u64 m_rori1(u64 a, u64 b) { (void)b; return rot64(a, 1); }
static u64 m_rori37(u64 a, u64 b) { (void)b; return rot64(a, 37); }
static u64 m_rori63(u64 a, u64 b) { (void)b; return rot64(a, 63); }
static u64 m_roriw0(u64 a, u64 b) { (void)b; return rot32(a, 0); }
static u64 m_roriw1(u64 a, u64 b) { (void)b; return rot32(a, 1); }
static u64 m_roriw31(u64 a, u64 b) { (void)b; return rot32(a, 31); }
static u64 m_orcb(u64 a, u64 b)
{
    u64 r = 0;
    (void)b;
    for (int i = 0; i < 64; i += 8)
        if ((a >> i) & 0xff)
            r |= 0xffull << i;
    return r;
}
static u64 m_rev8(u64 a, u64 b)
{
    u64 r = 0;
    (void)b;
    for (int i = 0; i < 8; i++)
        r |= ((a >> (8 * i)) & 0xff) << (56 - 8 * i);
    return r;
}
static u64 m_bclr(u64 a, u64 b) { return a & ~(1ull << (b & 63)); }
static u64 m_bext(u64 a, u64 b) { return (a >> (b & 63)) & 1; }
static u64 m_binv(u64 a, u64 b) { return a ^ (1ull << (b & 63)); }
static u64 m_bset(u64 a, u64 b) { return a | (1ull << (b & 63)); }
static u64 m_bclri(u64 a, u64 b) { (void)b; return m_bclr(a, 63); }
static u64 m_bexti(u64 a, u64 b) { (void)b; return m_bext(a, 31); }
static u64 m_binvi(u64 a, u64 b) { (void)b; return m_binv(a, 32); }
static u64 m_bseti(u64 a, u64 b) { (void)b; return m_bset(a, 0); }

/* Known QEMU 7.2 deviation, excluded from generation in gen.c: ctzw counts
 * the trailing zeros of the whole 64-bit register when the low 32 bits are
 * zero (returns 33 for 1 << 33 instead of 32).  Fixed upstream by "target/riscv:
 * fix ctzw behavior" (QEMU 8.0). */
static int ctzw_known(u64 a) { return zx32(a) == 0 && a != 0; }

static const struct {
    const char *name;
    u64 (*insn)(u64, u64);
    u64 (*model)(u64, u64);
    int (*known)(u64);          /* operands hitting a known QEMU deviation */
} iops[] = {
#define OP(n) {#n, i_##n, m_##n, 0}
    OP(mulh), OP(mulhsu), OP(mulhu), OP(mulw), OP(div), OP(divu), OP(rem), OP(remu),
    OP(divw), OP(divuw), OP(remw), OP(remuw),
    OP(adduw), OP(sh1add), OP(sh2add), OP(sh3add), OP(sh1adduw), OP(sh2adduw), OP(sh3adduw),
    OP(slliuw0), OP(slliuw5), OP(slliuw32), OP(slliuw63),
    OP(andn), OP(orn), OP(xnor), OP(clz), OP(clzw), OP(ctz), OP(cpop), OP(cpopw),
    {"ctzw (qemu 7.2 bug)", i_ctzw, m_ctzw, ctzw_known},
    OP(max), OP(maxu), OP(min), OP(minu), OP(sextb), OP(sexth), OP(zexth),
    OP(rol), OP(ror), OP(rolw), OP(rorw), OP(rori0), OP(rori1), OP(rori37), OP(rori63),
    OP(roriw0), OP(roriw1), OP(roriw31), OP(orcb), OP(rev8),
    OP(bclr), OP(bext), OP(binv), OP(bset), OP(bclri), OP(bexti), OP(binvi), OP(bseti),
#undef OP
};

static u64 xs_state = 0x243f6a8885a308d3ull;
static u64 xs(void)
{
    xs_state ^= xs_state << 13;
    xs_state ^= xs_state >> 7;
    xs_state ^= xs_state << 17;
    return xs_state;
}

static u64 operand(void)
{
    static const u64 sp[] = {
        0, 1, 2, 3, 5, 7, 31, 32, 33, 63, 64, 0xff, 0x80, 0x7f, 0xffff, 0x8000,
        ~0ull, ~1ull, 0x8000000000000000ull, 0x7fffffffffffffffull, 0x8000000000000001ull,
        0xffffffff80000000ull, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
        0xffffffff7fffffffull, 0x00ff00ff00ff00ffull, 0x0100000000000001ull,
    };
    switch (xs() & 7) {
    case 0: case 1: return sp[xs() % (sizeof sp / sizeof sp[0])];
    case 2: return xs() & 0xffff;
    case 3: return (xs() & 0xff) << (xs() & 63);
    case 4: return sx32(xs());
    case 5: return -(xs() & 0xff);
    default: return xs();
    }
}

static void int_checks(void)
{
    for (unsigned i = 0; i < sizeof iops / sizeof iops[0]; i++) {
        int bad = 0, known = 0, known_ok = 0;
        for (int k = 0; k < 20000; k++) {
            u64 a = operand(), b = operand();
            u64 got = iops[i].insn(a, b), want = iops[i].model(a, b);
            if (iops[i].known && iops[i].known(a)) {
                /* hitting the known deviation: reported, not failed */
                if (got != want)
                    known++;
                else
                    known_ok++;
                continue;
            }
            total++;
            if (got != want) {
                fails++;
                if (bad++ < 3)
                    printf("FAIL %-10s a=%016" PRIx64 " b=%016" PRIx64 " got %016" PRIx64
                           " want %016" PRIx64 "\n", iops[i].name, a, b, got, want);
            }
        }
        if (bad)
            printf("FAIL %-10s %d of 20000 operand pairs\n", iops[i].name, bad);
        if (known)
            printf("known deviation %s: %d operands (excluded in gen.c)\n", iops[i].name, known);
        else if (known_ok)
            printf("note: known deviation %s no longer seen (%d operands): its exclusion in gen.c"
                   " can go\n", iops[i].name, known_ok);
    }
}

int main(void) {
    unsigned fl; u64 r;
    const u64 ONE = BOX(0x3f800000), TWO = BOX(0x40000000), PZ = BOX(0), NZ = BOX(0x80000000);
    const u64 QN = BOX(0x7fc00000), SN = BOX(0x7f800001), CAN = BOX(0x7fc00000), DCAN = 0x7ff8000000000000ull;
    const u64 INF = BOX(0x7f800000), NINF = BOX(0xff800000);
#define C(what, expr, exp, efl) do { r = expr; check(what, r, fl, exp, efl); } while (0)
    C("fmin.s(+0,-0)", fmin_s(PZ, NZ, &fl), NZ, 0);
    C("fmin.s(-0,+0)", fmin_s(NZ, PZ, &fl), NZ, 0);
    C("fmax.s(-0,+0)", fmax_s(NZ, PZ, &fl), PZ, 0);
    C("fmax.d(-0,+0)", fmax_d(0x8000000000000000ull, 0, &fl), 0, 0);
    C("fmin.d(+0,-0)", fmin_d(0, 0x8000000000000000ull, &fl), 0x8000000000000000ull, 0);
    C("fmin.s(sNaN,1)", fmin_s(SN, ONE, &fl), ONE, 0x10);
    C("fmax.s(1,sNaN)", fmax_s(ONE, SN, &fl), ONE, 0x10);
    C("fmin.s(qNaN,1)", fmin_s(QN, ONE, &fl), ONE, 0);
    C("fmin.s(qNaNpayload,qNaN)", fmin_s(BOX(0xffc01234), QN, &fl), CAN, 0);
    C("fmin.s(sNaN,sNaN)", fmin_s(SN, SN, &fl), CAN, 0x10);
    C("fmin.d(sNaN,2)", fmin_d(0x7ff0000000000001ull, 0x4000000000000000ull, &fl), 0x4000000000000000ull, 0x10);
    C("fmin.s(unboxed1,2)", fmin_s(0x3f800000ull, TWO, &fl), TWO, 0);
    C("fmin.s(partbox,2)", fmin_s(0xfffffffe3f800000ull, TWO, &fl), TWO, 0);
    C("fclass.s(unboxed)", fclass_s(0x3f800000ull, &fl), 0x200, 0);
    C("fclass.s(sNaN)", fclass_s(SN, &fl), 0x100, 0);
    C("fclass.s(-sub)", fclass_s(BOX(0x80000001), &fl), 0x4, 0);
    C("fclass.d(+sub)", fclass_d(1, &fl), 0x20, 0);
    C("fsgnj.s(unboxed,+1)", fsgnj_s(0x3f800000ull, ONE, &fl), CAN, 0);
    C("fsgnjn.s(unboxed,+1)", fsgnjn_s(0x3f800000ull, ONE, &fl), BOX(0xffc00000), 0);
    C("fsgnjx.s(1,unboxed)", fsgnjx_s(ONE, 0x3f800000ull, &fl), ONE, 0);
    C("fsgnj.s(1,unboxed -)", fsgnj_s(ONE, 0xbf800000ull, &fl), ONE, 0);
    C("fmv.s(unboxed)", fmvsame(0x123ull, 0, &fl), CAN, 0);
    C("fsgnj.s(sNaN,-1)", fsgnj_s(SN, BOX(0xbf800000), &fl), BOX(0xff800001), 0);
    C("fadd.s(unboxed,1)", fadd_s_rne(0x3f800000ull, ONE, &fl), CAN, 0);
    C("fadd.s(qNaNpl,1)", fadd_s_rne(BOX(0x7fc12345), ONE, &fl), CAN, 0);
    C("fadd.s(sNaN,1)", fadd_s_rne(SN, ONE, &fl), CAN, 0x10);
    C("fcvt.d.s(unboxed)", fcvt_d_s(0x3f800000ull, 0, &fl), DCAN, 0);
    C("fcvt.d.s(sNaN)", fcvt_d_s(SN, 0, &fl), DCAN, 0x10);
    C("fcvt.s.d(sNaN)", fcvt_s_d_rne(0x7ff0000000000001ull, 0, &fl), CAN, 0x10);
    C("fcvt.s.d(1e300,rtz)", fcvt_s_d_rtz(0x7e37e43c8800759cull, 0, &fl), BOX(0x7f7fffff), 0x05);
    C("fcvt.s.d(1e300,rne)", fcvt_s_d_rne(0x7e37e43c8800759cull, 0, &fl), INF, 0x05);
    C("fcvt.s.d(dmin,rne)", fcvt_s_d_rne(0x0010000000000000ull, 0, &fl), PZ, 0x03);
    C("fmv.x.w(unboxed)", fmv_x_w(0x1234567887654321ull, &fl), 0xffffffff87654321ull, 0);
    C("fmv.w.x", fmv_w_x(0x1234567887654321ull, &fl), BOX(0x87654321), 0);
    C("fcvt.w.s(NaN)", fcvt_w_s(QN, &fl), 0x7fffffff, 0x10);
    C("fcvt.w.s(-NaN)", fcvt_w_s(BOX(0xffc00000), &fl), 0x7fffffff, 0x10);
    C("fcvt.w.s(unboxed)", fcvt_w_s(0xbf800000ull, &fl), 0x7fffffff, 0x10);
    C("fcvt.w.s(+inf)", fcvt_w_s(INF, &fl), 0x7fffffff, 0x10);
    C("fcvt.w.s(-inf)", fcvt_w_s(NINF, &fl), 0xffffffff80000000ull, 0x10);
    C("fcvt.wu.s(NaN)", fcvt_wu_s(QN, &fl), ~0ull, 0x10);
    C("fcvt.wu.s(-inf)", fcvt_wu_s(NINF, &fl), 0, 0x10);
    C("fcvt.wu.s(-1)", fcvt_wu_s(BOX(0xbf800000), &fl), 0, 0x10);
    C("fcvt.wu.s(-0.5,rtz)", fcvt_wu_s(BOX(0xbf000000), &fl), 0, 0x01);
    C("fcvt.wu.s(-0.5,rne)", fcvt_wu_s_rne(BOX(0xbf000000), &fl), 0, 0x01);
    C("fcvt.wu.s(-0.5,rdn)", fcvt_wu_s_rdn(BOX(0xbf000000), &fl), 0, 0x10);
    C("fcvt.wu.s(-0)", fcvt_wu_s(NZ, &fl), 0, 0);
    C("fcvt.wu.s(3e9)", fcvt_wu_s(BOX(0x4f32d05e), &fl), 0xffffffffb2d05e00ull, 0);
    C("fcvt.wu.s(2^32)", fcvt_wu_s(BOX(0x4f800000), &fl), ~0ull, 0x10);
    C("fcvt.w.s(2.5,rmm)", fcvt_w_s_rmm(BOX(0x40200000), &fl), 3, 0x01);
    C("fcvt.w.s(-2.5,rmm)", fcvt_w_s_rmm(BOX(0xc0200000), &fl), (u64)-3, 0x01);
    C("fcvt.w.s(2.5,rne)", fcvt_w_s_rne(BOX(0x40200000), &fl), 2, 0x01);
    C("fcvt.w.s(2.5,dyn rmm)", dyn_cvt(BOX(0x40200000), 4, &fl), 3, 0x01);
    C("fcvt.w.s(2.5,dyn rup)", dyn_cvt(BOX(0x40200000), 3, &fl), 3, 0x01);
    C("fcvt.w.s(-2.5,dyn rdn)", dyn_cvt(BOX(0xc0200000), 2, &fl), (u64)-3, 0x01);
    C("fcvt.w.s(-2.5,dyn rtz)", dyn_cvt(BOX(0xc0200000), 1, &fl), (u64)-2, 0x01);
    C("fcvt.l.d(NaN)", fcvt_l_d(DCAN, &fl), 0x7fffffffffffffffull, 0x10);
    C("fcvt.l.d(-inf)", fcvt_l_d(0xfff0000000000000ull, &fl), 0x8000000000000000ull, 0x10);
    C("fcvt.l.d(-2^63)", fcvt_l_d(0xc3e0000000000000ull, &fl), 0x8000000000000000ull, 0);
    C("fcvt.l.d(2^63)", fcvt_l_d(0x43e0000000000000ull, &fl), 0x7fffffffffffffffull, 0x10);
    C("fcvt.lu.d(-inf)", fcvt_lu_d(0xfff0000000000000ull, &fl), 0, 0x10);
    C("fcvt.lu.d(2^64)", fcvt_lu_d(0x43f0000000000000ull, &fl), ~0ull, 0x10);
    C("fcvt.lu.d(NaN)", fcvt_lu_d(0x7ff0000000000001ull, &fl), ~0ull, 0x10);
    C("fcvt.l.d(-0.5,rmm)", fcvt_l_d_rmm(0xbfe0000000000000ull, &fl), (u64)-1, 0x01);
    C("fcvt.lu.d(-0.5,rmm)", fcvt_lu_d_rmm(0xbfe0000000000000ull, &fl), 0, 0x10);
    C("fcvt.lu.d(-0.4,rmm)", fcvt_lu_d_rmm(0xbfd999999999999aull, &fl), 0, 0x01);
    C("fcvt.w.d(2147483647.5,rne)", fcvt_w_d_rne(0x41dfffffffe00000ull, &fl), 0x7fffffff, 0x10);
    C("fcvt.w.d(2147483647.5,rtz)", fcvt_w_d_rtz(0x41dfffffffe00000ull, &fl), 0x7fffffff, 0x01);
    C("fcvt.w.d(-2147483648.5,rne)", fcvt_w_d_rne(0xc1e0000000100000ull, &fl), 0xffffffff80000000ull, 0x01);
    C("fcvt.w.d(-2147483648.5,rmm)", fcvt_w_d_rmm(0xc1e0000000100000ull, &fl), 0xffffffff80000000ull, 0x10);
    C("fcvt.wu.d(4294967295.5,rtz)", fcvt_wu_d(0x41effffffff00000ull, &fl), ~0ull, 0x01);
    C("fcvt.wu.d(-inf)", fcvt_wu_d(0xfff0000000000000ull, &fl), 0, 0x10);
    C("fcvt.l.s(NaN)", fcvt_l_s(QN, &fl), 0x7fffffffffffffffull, 0x10);
    C("fcvt.l.s(unboxed)", fcvt_l_s(0x0ull, &fl), 0x7fffffffffffffffull, 0x10);
    C("fcvt.lu.s(-inf)", fcvt_lu_s(NINF, &fl), 0, 0x10);
    C("fcvt.lu.s(2^63)", fcvt_lu_s(BOX(0x5f000000), &fl), 0x8000000000000000ull, 0);
    C("fcvt.s.lu(~0)", fcvt_s_lu(~0ull, &fl), BOX(0x5f800000), 0x01);
    C("fcvt.s.l(2^24+1,rmm)", fcvt_s_l_rmm(0x1000001, &fl), BOX(0x4b800001), 0x01);
    C("fcvt.s.l(-(2^24+1),rmm)", fcvt_s_l_rmm((u64)-0x1000001, &fl), BOX(0xcb800001), 0x01);
    C("fcvt.s.w(2^24+1 hi bits)", fcvt_s_w_rmm(0xdead000001000001ull, &fl), BOX(0x4b800001), 0x01);
    C("fcvt.d.lu(2^53+1,rmm)", fcvt_d_lu_rmm(0x20000000000001ull, &fl), 0x4340000000000001ull, 0x01);
    C("fcvt.d.wu(-1 hi)", fcvt_d_wu(0x12345678ffffffffull, &fl), 0x41efffffffe00000ull, 0);
    C("fadd.s(1+2^-24,rne)", fadd_s_rne(ONE, BOX(0x33800000), &fl), ONE, 0x01);
    C("fadd.s(1+2^-24,rmm)", fadd_s_rmm(ONE, BOX(0x33800000), &fl), BOX(0x3f800001), 0x01);
    C("fadd.s(-1-2^-24,rmm)", fadd_s_rmm(BOX(0xbf800000), BOX(0xb3800000), &fl), BOX(0xbf800001), 0x01);
    C("fadd.d(1+2^-53,rmm)", fadd_d_rmm(0x3ff0000000000000ull, 0x3ca0000000000000ull, &fl), 0x3ff0000000000001ull, 0x01);
    C("fadd.s(1,-1) rne", fadd_s_rne(ONE, BOX(0xbf800000), &fl), PZ, 0);
    C("fmul.s tiny-after-round", fmul_s_rne(BOX(0x3f800001), BOX(0x007fffff), &fl), BOX(0x00800000), 0x01);
    C("fmul.d tiny-after-round", fmul_d_rne(0x3ff0000000000001ull, 0x000fffffffffffffull, &fl), 0x0010000000000000ull, 0x01);
    C("fmul.s subnormal exact", fmul_s_rne(BOX(0x3f000000), BOX(0x00000002), &fl), BOX(0x00000001), 0);
    C("fmul.s subnormal inexact", fmul_s_rne(BOX(0x3f000000), BOX(0x00000003), &fl), BOX(0x00000002), 0x03);
    C("fmul.s overflow", fmul_s_rne(BOX(0x7f7fffff), TWO, &fl), INF, 0x05);
    C("fmadd.s(inf,0,qNaN)", fmadd_s(INF, PZ, QN, &fl), CAN, 0x10);
    C("fmadd.s(0,inf,qNaN)", fmadd_s(PZ, INF, QN, &fl), CAN, 0x10);
    C("fmadd.d(inf,0,qNaN)", fmadd_d(0x7ff0000000000000ull, 0, DCAN, &fl), DCAN, 0x10);
    C("fmadd.s(inf,0,1)", fmadd_s(INF, PZ, ONE, &fl), CAN, 0x10);
    C("fmadd.s(1,1,sNaN)", fmadd_s(ONE, ONE, SN, &fl), CAN, 0x10);
    C("fmadd.s(qNaN,1,1)", fmadd_s(QN, ONE, ONE, &fl), CAN, 0);
    C("fmadd.s(inf,1,-inf)", fmadd_s(INF, ONE, NINF, &fl), CAN, 0x10);
    C("fnmadd.s(1,0,0)", fnmadd_s(ONE, PZ, PZ, &fl), NZ, 0);
    C("fnmsub.s(1,0,0)", fnmsub_s(ONE, PZ, PZ, &fl), PZ, 0);
    C("fnmsub.s(1,0,0,rdn)", fnmsub_s_rdn(ONE, PZ, PZ, &fl), NZ, 0);
    C("fmsub.s(1,0,0,rdn)", fmsub_s_rdn(ONE, PZ, PZ, &fl), NZ, 0);
    C("fmsub.s(1,1,1,rdn)", fmsub_s_rdn(ONE, ONE, ONE, &fl), NZ, 0);
    C("fdiv.s(1,0)", fdiv_s(ONE, PZ, &fl), INF, 0x08);
    C("fdiv.s(1,-0)", fdiv_s(ONE, NZ, &fl), NINF, 0x08);
    C("fdiv.s(0,0)", fdiv_s(PZ, PZ, &fl), CAN, 0x10);
    C("fdiv.s(inf,0)", fdiv_s(INF, PZ, &fl), INF, 0);
    C("fsqrt.s(-0)", fsqrt_s(NZ, 0, &fl), NZ, 0);
    C("fsqrt.s(-1)", fsqrt_s(BOX(0xbf800000), 0, &fl), CAN, 0x10);
    C("fsqrt.s(-inf)", fsqrt_s(NINF, 0, &fl), CAN, 0x10);
    C("fsqrt.d(-sub)", fsqrt_d(0x8000000000000001ull, 0, &fl), DCAN, 0x10);
    C("fsqrt.s(2)", fsqrt_s(TWO, 0, &fl), BOX(0x3fb504f3), 0x01);
    C("feq.s(qNaN,0)", feq_s_q(QN, &fl), 0, 0);
    C("feq.s(sNaN,0)", feq_s_q(SN, &fl), 0, 0x10);
    C("feq.s(unboxed,0)", feq_s_q(0x0ull, &fl), 0, 0);
    C("flt.s(qNaN,0)", flt_s_q(QN, &fl), 0, 0x10);
    C("fle.s(qNaN,0)", fle_s_q(QN, &fl), 0, 0x10);
    C("fle.s(-0,+0)", fle_s_q(NZ, &fl), 1, 0);
    C("flt.s(-0,+0)", flt_s_q(NZ, &fl), 0, 0);
    C("feq.s(-0,+0)", feq_s_q(NZ, &fl), 1, 0);
    fl = 0;
    C("fsw(unboxed) stores low bits", fsw_low(0x123456789abcdef0ull), 0x9abcdef0ull, 0);
    C("fsw(boxed)", fsw_low(BOX(0x7f800001)), 0x7f800001ull, 0);
    C("flw boxes", flw_box(0x7f800001u), BOX(0x7f800001), 0);
    C("fmadd.s(1,1,2^-24,rmm)", fmadd_s_rmm(ONE, ONE, BOX(0x33800000), &fl), BOX(0x3f800001), 0x01);
    C("fmadd.s(1,1,2^-24,rne)", fmadd_s(ONE, ONE, BOX(0x33800000), &fl), ONE, 0x01);
    C("fmadd.s tiny-after-round", fmadd_s(BOX(0x3f800001), BOX(0x007fffff), PZ, &fl), BOX(0x00800000), 0x01);
    C("fmadd.s exact -0 (rne)", fmadd_s(ONE, NZ, PZ, &fl), PZ, 0);
    C("fcvt.s.d tiny-after-round", fcvt_s_d_rne(0x380ffffff0000000ull, 0, &fl), BOX(0x00800000), 0x01);
    C("fcvt.s.d tiny (rtz)", fcvt_s_d_rtz2(0x380ffffff0000000ull, 0, &fl), BOX(0x007fffff), 0x03);
    C("fcvt.s.d tiny tie", fcvt_s_d_rne(0x380fffffe0000000ull, 0, &fl), BOX(0x00800000), 0x03);
    int_checks();
    printf("%d/%d corner checks passed\n", total - fails, total);
    return fails != 0;
}
