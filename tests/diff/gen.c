/* gen: random instruction sequences for the strato-vs-QEMU differential test.
 *
 * Writes one assembly file holding sequences FIRST .. FIRST+COUNT-1.  The
 * content of sequence I depends only on (SEED, I), so any sequence can be
 * regenerated alone (-v I) to print its full final state.
 *
 * Each sequence is
 *      <load tp with the address of its data block>
 *      <call diff_init through gp>   buffer, f0-f31, fcsr, x1 and x5-x31 from the block
 *      <20-60 random instruction units>
 *      <call diff_dump through gp>   hash (or, with -v, print) the final state
 * harness.S holds diff_init/diff_dump, crt_linux.S and crt_bare.S the I/O.
 *
 * Register conventions inside a sequence (see harness.S):
 *      sp  points at the 256-byte scratch buffer and never changes (the
 *          c.addi16sp pairs put it back at once)
 *      gp  link register of the harness calls
 *      tp  scratch of the address fix-ups below
 * These three are never written by generated instructions nor read as data,
 * and they are not part of the dumped state.
 *
 * Absolute addresses differ between the Linux and the bare-metal build, so no
 * register may hold one when the state is dumped: every value that derives
 * from an address (auipc, link registers, base registers pointing into the
 * scratch buffer) is turned back into an address-independent number right
 * after its use, by subtracting the label it refers to (via tp) or sp.
 *
 * Deliberately not generated (results that the spec leaves open or that depend
 * on the execution environment):
 *  - misaligned non-atomic loads/stores (M-mode may handle or trap them;
 *    -m enables them for an engine known to handle them in hardware)
 *  - misaligned atomics, AMOs and LR/SC outside the scratch buffer
 *  - stores, AMOs, other LR/SCs between an LR and its SC (whether a store by
 *    the same hart kills the reservation is implementation-defined), LR/SC
 *    pairs of different width or address
 *  - frm values 5-7 (dyn would then be reserved), writes of bits above the
 *    fflags/frm/fcsr fields, csrrs/csrrsi on frm
 *  - reads of cycle/time/instret and of any CSR other than fflags/frm/fcsr
 *  - HINT / reserved compressed encodings (c.addi 0, c.lui 0, c.slli 0 ...)
 *  - ecall/ebreak, jumps out of the sequence, backward branches
 * Generated on purpose: SC without a reservation (must fail and write 1),
 * rd = x0 for integer and FP-compare/convert instructions (the flags must
 * still be set), jalr targets with bit 0 set, every rounding mode including
 * rmm and dyn, NaN-boxed and improperly boxed single-precision operands.
 * QEMU 7.2 deviations from the spec (the reference must be right):
 *  - ctzw with a zero low word and a nonzero upper word (QEMU counts all 64
 *    bits; fixed in QEMU 8.0): ctzw only gets operands that avoid it, see
 *    u_int_r.
 * tests/diff/qemu_corners.c checks QEMU on the corners of F/D (NaN boxing,
 * canonical NaNs, fmin/fmax of -0/+0 and sNaN, conversions of NaN/inf/
 * out-of-range values, RMM, tininess after rounding, FMA inf*0+qNaN) against
 * hand-derived values, and M/Zba/Zbb/Zbs against C models on random
 * operands; ctzw is the only deviation it finds, so nothing else is excluded.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCRATCH 256     /* bytes in the scratch buffer (matches harness.S) */
#define NDATA 94        /* dwords in a sequence's data block (matches harness.S) */

/* ------------------------------------------------------------------ */
/* Random numbers: splitmix64, one stream per sequence.                */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* uniform in [0, n) */
static uint32_t rn(uint32_t n)
{
    return (uint32_t)(((rnd64() >> 32) * (uint64_t)n) >> 32);
}

/* uniform in [lo, hi] */
static int64_t rrange(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rnd64() % (uint64_t)(hi - lo + 1));
}

static bool pct(unsigned p)
{
    return rn(100) < p;
}

#define PICK(arr) ((arr)[rn(sizeof(arr) / sizeof((arr)[0]))])

/* ------------------------------------------------------------------ */
/* Output.                                                             */

static FILE *out;

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputc('\t', out);
    vfprintf(out, fmt, ap);
    fputc('\n', out);
    va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Values.                                                             */

static const uint32_t sp_special[] = {
    0x00000000, 0x80000000,                         /* +-0 */
    0x7f800000, 0xff800000,                         /* +-inf */
    0x7fc00000, 0xffc00000, 0x7fc00001, 0x7fffffff, /* qNaN, canonical and not */
    0x7f800001, 0xff800001, 0x7fbfffff, 0x7fa00000, /* sNaN */
    0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00400000, /* subnormal */
    0x00800000, 0x80800000, 0x00800001,             /* min normal */
    0x7f7fffff, 0xff7fffff, 0x7f7ffffe,             /* max normal */
    0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000, /* +-1, +-0.5 */
    0x3fc00000, 0xbfc00000, 0x40200000, 0xc0200000, /* +-1.5, +-2.5 */
    0x3effffff, 0x3f7fffff, 0x3f800001, 0x40000000, 0x40400000,
    0x33800000, 0x34000000, 0x4b800000, 0x4b7fffff, 0x4b000001, /* 2^-24, 2^-23, 2^24 */
    0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, /* near +-2^31 */
    0x4f7fffff, 0x4f800000, 0xbf7fffff,             /* near 2^32, -0.99 */
    0x5effffff, 0x5f000000, 0xdf000000, 0xdf000001, /* near +-2^63 */
    0x5f7fffff, 0x5f800000,                         /* near 2^64 */
};

static const uint64_t dp_special[] = {
    0x0000000000000000ull, 0x8000000000000000ull,
    0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff8000000000001ull, 0x7fffffffffffffffull,
    0x7ff0000000000001ull, 0xfff0000000000001ull, 0x7ff7ffffffffffffull, 0x7ff4000000000000ull,
    0x0000000000000001ull, 0x8000000000000001ull, 0x000fffffffffffffull, 0x800fffffffffffffull,
    0x0010000000000000ull, 0x8010000000000000ull, 0x0010000000000001ull,
    0x7fefffffffffffffull, 0xffefffffffffffffull,
    0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3fe0000000000000ull, 0xbfe0000000000000ull,
    0x3ff8000000000000ull, 0x4004000000000000ull, 0xc004000000000000ull,
    0x3fdfffffffffffffull, 0x3fefffffffffffffull, 0x3ff0000000000001ull, 0xbfefffffffffffffull,
    0x3ca0000000000000ull, 0x3cb0000000000000ull, 0x4340000000000000ull, 0x433fffffffffffffull,
    0x41dfffffffc00000ull, 0x41dfffffffe00000ull, 0x41e0000000000000ull, /* 2^31-1, +.5, 2^31 */
    0xc1e0000000000000ull, 0xc1e0000000100000ull, 0xc1e0000000200000ull, /* -2^31, -.5, -1 */
    0x41efffffffe00000ull, 0x41effffffff00000ull, 0x41f0000000000000ull, /* 2^32-1, +.5, 2^32 */
    0x43dfffffffffffffull, 0x43e0000000000000ull, 0xc3e0000000000000ull, 0xc3e0000000000001ull,
    0x43efffffffffffffull, 0x43f0000000000000ull,                         /* near 2^64 */
    0x36a0000000000000ull, 0x3810000000000000ull, 0x380fffffe0000000ull, /* single limits */
    0x47efffffe0000000ull, 0x47effffff0000000ull, 0x47f0000000000000ull,
    0x3690000000000000ull, 0xb6a8000000000000ull,
};

static const uint64_t int_special[] = {
    0, 1, 2, 3, 0xffffffffffffffffull, 0xfffffffffffffffeull,
    0x8000000000000000ull, 0x7fffffffffffffffull, 0x8000000000000001ull,
    0xffffffff80000000ull, 0x000000007fffffffull, 0x0000000080000000ull,
    0x00000000ffffffffull, 0xffffffff7fffffffull, 0x7fffffff80000000ull,
    0x0000000100000000ull, 0x00000000fffffffeull, 0xffffffff00000000ull,
    0x8000, 0xffff, 0x7fff, 0x80, 0xff, 0x7f, 0xffffffffffff8000ull,
    0x0000000001000001ull, 0x0020000000000001ull, 0xffdfffffffffffffull,
};

/* a random single with an exponent that keeps arithmetic interesting */
static uint32_t rnd_single(void)
{
    uint32_t sign = pct(40) ? 0x80000000u : 0;
    uint32_t exp;
    switch (rn(4)) {
    case 0: exp = rn(256); break;                            /* anything */
    case 1: exp = (uint32_t)rrange(127 - 8, 127 + 8); break; /* near 1 */
    case 2: exp = (uint32_t)rrange(127 + 20, 127 + 64); break; /* near int limits */
    default: exp = pct(50) ? rn(4) : 254 - rn(4); break;     /* range edges */
    }
    uint32_t man = (uint32_t)rnd64() & 0x7fffff;
    if (pct(30)) /* few significant bits: exact results and ties */
        man &= 0x7fffffu << rn(24);
    return sign | (exp << 23) | man;
}

static uint64_t rnd_double(void)
{
    uint64_t sign = pct(40) ? 0x8000000000000000ull : 0;
    uint64_t exp;
    switch (rn(4)) {
    case 0: exp = rn(2048); break;
    case 1: exp = (uint64_t)rrange(1023 - 8, 1023 + 8); break;
    case 2: exp = (uint64_t)rrange(1023 + 20, 1023 + 64); break;
    default:
        switch (rn(3)) {
        case 0: exp = rn(4); break;
        case 1: exp = 2046 - rn(4); break;
        default: exp = (uint64_t)rrange(1023 - 152, 1023 + 130); break; /* single range edges */
        }
        break;
    }
    uint64_t man = rnd64() & 0xfffffffffffffull;
    if (pct(30))
        man &= 0xfffffffffffffull << rn(53);
    return sign | (exp << 52) | man;
}

static uint64_t box(uint32_t s)
{
    return 0xffffffff00000000ull | s;
}

static uint32_t any_single(void)
{
    return pct(30) ? PICK(sp_special) : rnd_single();
}

static uint64_t any_double(void)
{
    return pct(30) ? PICK(dp_special) : rnd_double();
}

/* initial value of an f register; sets *type to 1 (single) or 2 (double) */
static uint64_t fp_value(uint8_t *type)
{
    unsigned r = rn(100);
    if (r < 48) {
        *type = 1;
        return box(any_single());
    }
    if (r < 88) {
        *type = 2;
        return any_double();
    }
    *type = 2; /* not a properly NaN-boxed single: reads as canonical NaN */
    switch (rn(4)) {
    case 0: return (uint64_t)any_single();
    case 1: return 0xfffffffe00000000ull | any_single();
    case 2: return 0x7fffffff00000000ull | any_single();
    default: return rnd64();
    }
}

static uint64_t int_value(void)
{
    unsigned r = rn(100);
    if (r < 25)
        return rnd64();
    if (r < 40)
        return (uint64_t)rrange(-20, 20);
    if (r < 52)
        return PICK(int_special);
    if (r < 62) {
        uint64_t v = 1ull << rn(64);
        return v + (uint64_t)rrange(-1, 1);
    }
    if (r < 72)
        return (uint64_t)(int64_t)(int32_t)(uint32_t)rnd64();
    if (r < 80)
        return (uint32_t)rnd64();
    if (r < 90)
        return pct(50) ? box(any_single()) : any_single();
    return any_double();
}

/* ------------------------------------------------------------------ */
/* Sequence generation state.                                          */

static unsigned cur_seq;    /* index of the sequence being generated */
static unsigned nlabel;     /* next local label number */
static uint32_t forbid;     /* x registers the current unit must neither read nor write
                               (they hold an address) */
static uint8_t ftype[32];   /* 1: f register holds a boxed single, 2: other */
static bool allow_misaligned;

static unsigned new_label(void)
{
    return nlabel++;
}

#define LBL ".L%u_%u"

/* x registers that generated code may write: x1, x5..x31 */
static int pick_rd_any(bool allow_zero)
{
    if (allow_zero && pct(2))
        return 0;
    for (;;) {
        int r = (int)rn(28);
        r = r == 0 ? 1 : r + 4;
        if (!(forbid & (1u << r)))
            return r;
    }
}

static int pick_rd(void)
{
    return pick_rd_any(true);
}

static int pick_rd_nz(void)
{
    return pick_rd_any(false);
}

static int pick_rs(void)
{
    if (pct(5))
        return 0;
    for (;;) {
        int r = (int)rn(28);
        r = r == 0 ? 1 : r + 4;
        if (!(forbid & (1u << r)))
            return r;
    }
}

static int pick_rs_nz(void)
{
    for (;;) {
        int r = (int)rn(28);
        r = r == 0 ? 1 : r + 4;
        if (!(forbid & (1u << r)))
            return r;
    }
}

/* x8..x15 for compressed forms */
static int pick_crd(void)
{
    for (;;) {
        int r = 8 + (int)rn(8);
        if (!(forbid & (1u << r)))
            return r;
    }
}

static int pick_crs(void)
{
    for (;;) {
        int r = 8 + (int)rn(8);
        if (!(forbid & (1u << r)))
            return r;
    }
}

/* f registers: prefer ones of the wanted kind so that single-precision
 * operations mostly see properly boxed inputs */
static int pick_fs(int want)
{
    if (pct(85)) {
        int cand[32], n = 0;
        for (int i = 0; i < 32; i++)
            if (ftype[i] == want)
                cand[n++] = i;
        if (n)
            return cand[rn((uint32_t)n)];
    }
    return (int)rn(32);
}

static const char *rm_name(void)
{
    static const char *const rms[] = {"rne", "rtz", "rdn", "rup", "rmm", "dyn"};
    return PICK(rms);
}

/* ", rm" or "" (omitted rounding mode means dyn) */
static const char *rm_suffix(void)
{
    static char buf[8];
    if (pct(10))
        return "";
    snprintf(buf, sizeof buf, ", %s", rm_name());
    return buf;
}

static int32_t imm12(void)
{
    switch (rn(6)) {
    case 0: { static const int32_t e[] = {-2048, 2047, -1, 0, 1, 31, 32, 63, 64}; return PICK(e); }
    case 1:
    case 2: return (int32_t)rrange(-32, 32);
    default: return (int32_t)rrange(-2048, 2047);
    }
}

/* a compressed instruction: the file is assembled with .option norvc so that
 * the assembler never compresses the other instructions on its own */
static void cemit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void cemit(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(".option rvc\n\t", out);
    vfprintf(out, fmt, ap);
    fputs("\n.option norvc\n", out);
    va_end(ap);
}

/* fix a register that holds the address of label L: make it (value - L) */
static void fix_to_label(int r, unsigned l)
{
    emit("lla tp, " LBL, cur_seq, l);
    emit("sub x%d, x%d, tp", r, r);
}

/* ------------------------------------------------------------------ */
/* Units.                                                              */

static void u_int_rr(void)
{
    static const char *const ops[] = {
        "add", "sub", "sll", "srl", "sra", "slt", "sltu", "xor", "or", "and",
        "addw", "subw", "sllw", "srlw", "sraw",
        "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu",
        "mulw", "divw", "divuw", "remw", "remuw",
        "add.uw", "sh1add", "sh2add", "sh3add", "sh1add.uw", "sh2add.uw", "sh3add.uw",
        "andn", "orn", "xnor", "max", "maxu", "min", "minu", "rol", "ror", "rolw", "rorw",
        "bclr", "bext", "binv", "bset",
    };
    emit("%s x%d, x%d, x%d", PICK(ops), pick_rd(), pick_rs(), pick_rs());
}

static void u_int_ri(void)
{
    static const char *const iops[] = {"addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"};
    static const char *const sh64[] = {"slli", "srli", "srai", "rori", "bclri", "bexti", "binvi",
                                       "bseti", "slli.uw"};
    static const char *const sh32[] = {"slliw", "srliw", "sraiw", "roriw"};
    switch (rn(3)) {
    case 0: emit("%s x%d, x%d, %d", PICK(iops), pick_rd(), pick_rs(), imm12()); break;
    case 1: emit("%s x%d, x%d, %u", PICK(sh64), pick_rd(), pick_rs(), rn(64)); break;
    default: emit("%s x%d, x%d, %u", PICK(sh32), pick_rd(), pick_rs(), rn(32)); break;
    }
}

static void u_int_r(void)
{
    static const char *const ops[] = {"clz", "clzw", "ctz", "ctzw", "cpop", "cpopw", "sext.b",
                                      "sext.h", "zext.h", "orc.b", "rev8"};
    const char *op = PICK(ops);
    int rs = pick_rs();
    if (!strcmp(op, "ctzw")) {
        /* QEMU 7.2 deviation: ctzw counts over all 64 bits when the low 32
         * bits are zero and the upper ones are not (returns 33 for 1 << 33;
         * fixed in QEMU 8.0 by "target/riscv: fix ctzw behavior", see
         * qemu_corners.c).  Give ctzw an operand whose low word is nonzero
         * (upper bits kept) or that is zero altogether. */
        int t = pick_rd_nz();
        if (pct(60))
            emit("bseti x%d, x%d, %u", t, rs, rn(32));
        else
            emit("addiw x%d, x%d, 0", t, rs);
        rs = t;
    }
    emit("%s x%d, x%d", op, pick_rd(), rs);
}

static void u_lui(void)
{
    emit("lui x%d, 0x%x", pick_rd(), pct(20) ? (pct(50) ? 0x80000u : 0x7ffffu) : rn(0x100000));
}

static void u_auipc(void)
{
    unsigned l = new_label();
    int rd = pick_rd_nz();
    fprintf(out, LBL ":\n", cur_seq, l);
    emit("auipc x%d, 0x%x", rd, rn(0x100000));
    if (pct(30))
        emit("addi x%d, x%d, %d", rd, rd, imm12());
    fix_to_label(rd, l);
}

static void u_li(void)
{
    emit("li x%d, 0x%" PRIx64, pick_rd_nz(), int_value());
}

static void u_fence(void)
{
    static const char *const f[] = {"fence", "fence rw, rw", "fence r, r", "fence w, w",
                                    "fence.i", "fence.tso", "nop"};
    emit("%s", PICK(f));
}

/* an address in the scratch buffer for an access of `size` bytes */
static unsigned buf_off(unsigned size, bool misaligned_ok)
{
    if (misaligned_ok && allow_misaligned && pct(30))
        return rn(SCRATCH - size + 1);
    return rn(SCRATCH / size) * size;
}

/* load/store of x or f registers, base sp or a temporary base register */
static void u_mem(void)
{
    static const struct { const char *op; unsigned size; char kind; } ops[] = {
        {"lb", 1, 'l'}, {"lh", 2, 'l'}, {"lw", 4, 'l'}, {"ld", 8, 'l'},
        {"lbu", 1, 'l'}, {"lhu", 2, 'l'}, {"lwu", 4, 'l'},
        {"sb", 1, 's'}, {"sh", 2, 's'}, {"sw", 4, 's'}, {"sd", 8, 's'},
        {"flw", 4, 'L'}, {"fld", 8, 'L'}, {"fsw", 4, 'S'}, {"fsd", 8, 'S'},
    };
    unsigned i = rn(sizeof ops / sizeof ops[0]);
    unsigned t = buf_off(ops[i].size, true);
    int base = -1;
    int off = (int)t;
    if (pct(50)) {
        base = pick_rd_nz();
        off = (int)rrange(-256, 256);
        emit("addi x%d, sp, %d", base, (int)t - off);
    }
    char b[8];
    snprintf(b, sizeof b, base < 0 ? "sp" : "x%d", base);
    bool base_live = base >= 0;
    switch (ops[i].kind) {
    case 'l': {
        int rd = pick_rd();
        emit("%s x%d, %d(%s)", ops[i].op, rd, off, b);
        if (rd == base)
            base_live = false;
        break;
    }
    case 's': {
        int rs;
        do
            rs = pick_rs();
        while (rs == base);
        emit("%s x%d, %d(%s)", ops[i].op, rs, off, b);
        break;
    }
    case 'L': {
        int fd = (int)rn(32);
        emit("%s f%d, %d(%s)", ops[i].op, fd, off, b);
        ftype[fd] = ops[i].size == 4 ? 1 : 2;
        break;
    }
    default:
        emit("%s f%d, %d(%s)", ops[i].op, (int)rn(32), off, b);
        break;
    }
    if (base_live)
        emit("sub x%d, x%d, sp", base, base);
}

static void u_alu_any(void);
static void u_fp(void);

static const char *aqrl(void)
{
    static const char *const o[] = {"", ".aq", ".rl", ".aqrl"};
    return PICK(o);
}

static void u_amo(void)
{
    static const char *const ops[] = {"amoswap", "amoadd", "amoxor", "amoand", "amoor",
                                      "amomin", "amomax", "amominu", "amomaxu"};
    bool d = pct(50);
    unsigned size = d ? 8 : 4;
    const char *w = d ? "d" : "w";
    int base = pick_rd_nz();
    emit("addi x%d, sp, %u", base, buf_off(size, false));
    bool base_live = true;
    unsigned kind = rn(10);
    if (kind < 6) {
        int rd = pick_rd(), rs2;
        do
            rs2 = pick_rs();
        while (rs2 == base);
        emit("%s.%s%s x%d, x%d, (x%d)", PICK(ops), w, aqrl(), rd, rs2, base);
        if (rd == base)
            base_live = false;
    } else if (kind < 9) {
        /* LR/SC pair: only register-to-register work in between */
        uint32_t saved = forbid;
        int rd;
        do
            rd = pick_rd();
        while (rd == base);
        emit("lr.%s%s x%d, (x%d)", w, aqrl(), rd, base);
        forbid |= 1u << base;
        unsigned n = rn(4);
        for (unsigned k = 0; k < n; k++) {
            if (pct(70))
                u_alu_any();
            else
                u_fp();
        }
        forbid = saved;
        int rs2;
        do
            rs2 = pick_rs();
        while (rs2 == base);
        rd = pick_rd();
        emit("sc.%s%s x%d, x%d, (x%d)", w, aqrl(), rd, rs2, base);
        if (rd == base)
            base_live = false;
    } else {
        /* SC with no reservation: must fail, rd = 1, memory unchanged */
        int rd = pick_rd(), rs2;
        do
            rs2 = pick_rs();
        while (rs2 == base);
        emit("sc.%s%s x%d, x%d, (x%d)", w, aqrl(), rd, rs2, base);
        if (rd == base)
            base_live = false;
    }
    if (base_live)
        emit("sub x%d, x%d, sp", base, base);
}

/* compressed register-register / immediate forms */
static void u_c_alu(void)
{
    switch (rn(16)) {
    case 0: {
        int v = (int)rrange(-32, 30);
        cemit("c.addi x%d, %d", pick_rd_nz(), v >= 0 ? v + 1 : v);
        break;
    }
    case 1: cemit("c.addiw x%d, %d", pick_rd_nz(), (int)rrange(-32, 31)); break;
    case 2: cemit("c.li x%d, %d", pick_rd_nz(), (int)rrange(-32, 31)); break;
    case 3: {
        unsigned v = rn(62);
        cemit("c.lui x%d, 0x%x", pick_rd_nz(), v < 31 ? v + 1 : 0xfffe0 + (v - 31));
        break;
    }
    case 4: cemit("c.slli x%d, %d", pick_rd_nz(), (int)rrange(1, 63)); break;
    case 5: cemit("c.srli x%d, %d", pick_crd(), (int)rrange(1, 63)); break;
    case 6: cemit("c.srai x%d, %d", pick_crd(), (int)rrange(1, 63)); break;
    case 7: cemit("c.andi x%d, %d", pick_crd(), (int)rrange(-32, 31)); break;
    case 8: cemit("c.mv x%d, x%d", pick_rd_nz(), pick_rs_nz()); break;
    case 9: cemit("c.add x%d, x%d", pick_rd_nz(), pick_rs_nz()); break;
    case 10: cemit("c.and x%d, x%d", pick_crd(), pick_crs()); break;
    case 11: cemit("c.or x%d, x%d", pick_crd(), pick_crs()); break;
    case 12: cemit("c.xor x%d, x%d", pick_crd(), pick_crs()); break;
    case 13: cemit("c.sub x%d, x%d", pick_crd(), pick_crs()); break;
    case 14: cemit("c.addw x%d, x%d", pick_crd(), pick_crs()); break;
    default:
        if (pct(50))
            cemit("c.subw x%d, x%d", pick_crd(), pick_crs());
        else
            cemit("c.nop");
        break;
    }
}

/* compressed loads/stores */
static void u_c_mem(void)
{
    unsigned kind = rn(4);
    if (kind == 0) {
        /* sp-relative forms */
        static const struct { const char *op; unsigned size; char k; } ops[] = {
            {"c.lwsp", 4, 'l'}, {"c.ldsp", 8, 'l'}, {"c.swsp", 4, 's'}, {"c.sdsp", 8, 's'},
            {"c.fldsp", 8, 'L'}, {"c.fsdsp", 8, 'S'},
        };
        unsigned i = rn(sizeof ops / sizeof ops[0]);
        unsigned t = buf_off(ops[i].size, false);
        switch (ops[i].k) {
        case 'l': cemit("%s x%d, %u(sp)", ops[i].op, pick_rd_nz(), t); break;
        case 's': cemit("%s x%d, %u(sp)", ops[i].op, pick_rs(), t); break;
        case 'L': {
            int fd = (int)rn(32);
            cemit("%s f%d, %u(sp)", ops[i].op, fd, t);
            ftype[fd] = 2;
            break;
        }
        default: cemit("%s f%d, %u(sp)", ops[i].op, (int)rn(32), t); break;
        }
        return;
    }
    if (kind == 1) {
        /* sp moved down and back with c.addi16sp around an sp-relative access */
        int k = -16 * (int)rrange(1, 15);
        unsigned t = buf_off(8, false);
        cemit("c.addi16sp sp, %d", k);
        switch (rn(3)) {
        case 0: cemit("c.ldsp x%d, %d(sp)", pick_rd_nz(), (int)t - k); break;
        case 1: cemit("c.sdsp x%d, %d(sp)", pick_rs(), (int)t - k); break;
        default:
            /* c.lwsp reaches 252 bytes above the moved sp */
            t = 4 * rn((unsigned)(252 + k) / 4 + 1);
            cemit("c.lwsp x%d, %d(sp)", pick_rd_nz(), (int)t - k);
            break;
        }
        cemit("c.addi16sp sp, %d", -k);
        return;
    }
    /* x8..x15-based forms, base set by addi or c.addi4spn */
    static const struct { const char *op; unsigned size; char k; } ops[] = {
        {"c.lw", 4, 'l'}, {"c.ld", 8, 'l'}, {"c.sw", 4, 's'}, {"c.sd", 8, 's'},
        {"c.fld", 8, 'L'}, {"c.fsd", 8, 'S'},
    };
    unsigned i = rn(sizeof ops / sizeof ops[0]);
    unsigned size = ops[i].size;
    unsigned t = buf_off(size, false);
    unsigned maxoff = size == 4 ? 124 : 248;
    if (maxoff > t)
        maxoff = t;
    unsigned off = rn(maxoff / size + 1) * size;
    unsigned bval = t - off;
    int base = pick_crd();
    if (bval != 0 && pct(60))
        cemit("c.addi4spn x%d, sp, %u", base, bval);
    else
        emit("addi x%d, sp, %u", base, bval);
    bool base_live = true;
    switch (ops[i].k) {
    case 'l': {
        int rd = pick_crd();
        cemit("%s x%d, %u(x%d)", ops[i].op, rd, off, base);
        if (rd == base)
            base_live = false;
        break;
    }
    case 's': {
        int rs;
        do
            rs = pick_crs();
        while (rs == base);
        cemit("%s x%d, %u(x%d)", ops[i].op, rs, off, base);
        break;
    }
    case 'L': {
        int fd = 8 + (int)rn(8);
        cemit("%s f%d, %u(x%d)", ops[i].op, fd, off, base);
        ftype[fd] = 2;
        break;
    }
    default: cemit("%s f%d, %u(x%d)", ops[i].op, 8 + (int)rn(8), off, base); break;
    }
    if (base_live)
        emit("sub x%d, x%d, sp", base, base);
}

/* c.addi4spn result used as a value: fixed up to its offset */
static void u_c_addi4spn(void)
{
    int rd = pick_crd();
    cemit("c.addi4spn x%d, sp, %u", rd, 4 * (unsigned)rrange(1, 255));
    emit("sub x%d, x%d, sp", rd, rd);
}

static void u_alu_any(void)
{
    switch (rn(10)) {
    case 0: case 1: case 2: u_int_rr(); break;
    case 3: case 4: u_int_ri(); break;
    case 5: u_int_r(); break;
    case 6: u_lui(); break;
    default: u_c_alu(); break;
    }
}

/* ------------------------------------------------------------------ */
/* Floating point.                                                     */

static void u_fp(void)
{
    static const char *const ar[] = {"fadd", "fsub", "fmul", "fdiv"};
    static const char *const fma[] = {"fmadd", "fmsub", "fnmsub", "fnmadd"};
    static const char *const mm[] = {"fmin", "fmax", "fsgnj", "fsgnjn", "fsgnjx"};
    static const char *const cmp[] = {"feq", "flt", "fle"};
    static const char *const ity[] = {"w", "wu", "l", "lu"};
    int d = pct(50) ? 2 : 1; /* 1: .s  2: .d */
    const char *p = d == 2 ? "d" : "s";
    int fd;
    switch (rn(20)) {
    case 0: case 1: case 2: case 3:
        fd = (int)rn(32);
        emit("%s.%s f%d, f%d, f%d%s", PICK(ar), p, fd, pick_fs(d), pick_fs(d), rm_suffix());
        ftype[fd] = (uint8_t)d;
        break;
    case 4:
        fd = (int)rn(32);
        emit("fsqrt.%s f%d, f%d%s", p, fd, pick_fs(d), rm_suffix());
        ftype[fd] = (uint8_t)d;
        break;
    case 5: case 6: case 7:
        fd = (int)rn(32);
        emit("%s.%s f%d, f%d, f%d, f%d%s", PICK(fma), p, fd, pick_fs(d), pick_fs(d), pick_fs(d),
             rm_suffix());
        ftype[fd] = (uint8_t)d;
        break;
    case 8: case 9: {
        fd = (int)rn(32);
        int a = pick_fs(d);
        emit("%s.%s f%d, f%d, f%d", PICK(mm), p, fd, a, pct(15) ? a : pick_fs(d));
        ftype[fd] = (uint8_t)d;
        break;
    }
    case 10:
        emit("%s.%s x%d, f%d, f%d", PICK(cmp), p, pick_rd(), pick_fs(d), pick_fs(d));
        break;
    case 11:
        emit("fclass.%s x%d, f%d", p, pick_rd(), pick_fs(d));
        break;
    case 12:
        /* fmv.x.w / fmv.x.d read whatever is there, boxed or not */
        emit("fmv.x.%s x%d, f%d", d == 2 ? "d" : "w", pick_rd(), (int)rn(32));
        break;
    case 13:
        fd = (int)rn(32);
        emit("fmv.%s.x f%d, x%d", d == 2 ? "d" : "w", fd, pick_rs());
        ftype[fd] = (uint8_t)d;
        break;
    case 14: case 15:
        emit("fcvt.%s.%s x%d, f%d%s", PICK(ity), p, pick_rd(), pick_fs(d), rm_suffix());
        break;
    case 16: case 17: {
        fd = (int)rn(32);
        const char *it = PICK(ity);
        /* int -> double of a 32-bit value is exact: no rounding-mode operand */
        bool exact = d == 2 && it[0] == 'w';
        emit("fcvt.%s.%s f%d, x%d%s", p, it, fd, pick_rs(), exact ? "" : rm_suffix());
        ftype[fd] = (uint8_t)d;
        break;
    }
    case 18:
        fd = (int)rn(32);
        if (d == 2)
            emit("fcvt.d.s f%d, f%d", fd, pick_fs(1));
        else
            emit("fcvt.s.d f%d, f%d%s", fd, pick_fs(2), rm_suffix());
        ftype[fd] = (uint8_t)d;
        break;
    default: {
        /* sign injection with itself: fmv / fneg / fabs */
        static const char *const sg[] = {"fsgnj", "fsgnjn", "fsgnjx"};
        fd = (int)rn(32);
        int a = pick_fs(d);
        emit("%s.%s f%d, f%d, f%d", PICK(sg), p, fd, a, a);
        ftype[fd] = (uint8_t)d;
        break;
    }
    }
}

/* fcsr / frm / fflags accesses; only valid frm values are ever written */
static void u_csr(void)
{
    int tmp;
    switch (rn(12)) {
    case 0: emit("frflags x%d", pick_rd()); break;
    case 1: emit("frrm x%d", pick_rd()); break;
    case 2: emit("frcsr x%d", pick_rd()); break;
    case 3: emit("fsflagsi x%d, %u", pick_rd(), rn(32)); break;
    case 4: emit("fsrmi x%d, %u", pick_rd(), rn(5)); break;
    case 5:
        tmp = pick_rd_nz();
        emit("li x%d, %u", tmp, rn(32));
        emit("fsflags x%d, x%d", pick_rd(), tmp);
        break;
    case 6:
        tmp = pick_rd_nz();
        emit("li x%d, %u", tmp, rn(5));
        emit("fsrm x%d, x%d", pick_rd(), tmp);
        break;
    case 7:
        tmp = pick_rd_nz();
        emit("li x%d, %u", tmp, rn(5) << 5 | rn(32));
        emit("fscsr x%d, x%d", pick_rd(), tmp);
        break;
    case 8: emit("csrrci x%d, frm, %u", pick_rd(), rn(8)); break;
    case 9: emit("csrr%si x%d, fflags, %u", pct(50) ? "s" : "c", pick_rd(), rn(32)); break;
    case 10:
        tmp = pick_rd_nz();
        emit("li x%d, %u", tmp, rn(32));
        emit("csrr%s x%d, fflags, x%d", pct(50) ? "s" : "c", pick_rd(), tmp);
        break;
    default:
        tmp = pick_rd_nz();
        emit("li x%d, %u", tmp, rn(32));
        emit("csrrs x%d, fcsr, x%d", pick_rd(), tmp); /* sets flag bits only */
        break;
    }
}

/* ------------------------------------------------------------------ */
/* Control flow.                                                       */

static void u_simple(void);

/* units that may sit in the shadow of a branch: short, no nested flow */
static void skipped_units(unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        u_simple();
}

static void u_flow(void)
{
    static const char *const br[] = {"beq", "bne", "blt", "bge", "bltu", "bgeu"};
    unsigned l = new_label();
    switch (rn(9)) {
    case 0: case 1: case 2: {
        int a = pick_rs(), b = pct(10) ? a : pick_rs();
        emit("%s x%d, x%d, " LBL, PICK(br), a, b, cur_seq, l);
        skipped_units(1 + rn(4));
        fprintf(out, LBL ":\n", cur_seq, l);
        break;
    }
    case 3: {
        cemit("c.%s x%d, " LBL, pct(50) ? "beqz" : "bnez", pick_crs(), cur_seq, l);
        skipped_units(1 + rn(4));
        fprintf(out, LBL ":\n", cur_seq, l);
        break;
    }
    case 4: {
        /* jal rd: link value fixed up to 0 */
        unsigned r = new_label();
        int rd = pick_rd();
        if (pct(30)) {
            cemit("c.j " LBL, cur_seq, l);
            rd = 0;
        } else {
            emit("jal x%d, " LBL, rd, cur_seq, l);
        }
        fprintf(out, LBL ":\n", cur_seq, r);
        skipped_units(rn(3));
        fprintf(out, LBL ":\n", cur_seq, l);
        if (rd)
            fix_to_label(rd, r);
        break;
    }
    case 5: case 6: {
        /* jalr rd, o(rb) with rb = L - o (+1: bit 0 of the target is dropped) */
        unsigned r = new_label();
        int rd = pick_rd(), rb = pick_rd_nz();
        int o = pct(40) ? 0 : (int)rrange(-64, 64);
        int odd = pct(30) ? 1 : 0;
        emit("lla x%d, " LBL, rb, cur_seq, l);
        if (odd - o)
            emit("addi x%d, x%d, %d", rb, rb, odd - o);
        emit("jalr x%d, %d(x%d)", rd, o, rb);
        fprintf(out, LBL ":\n", cur_seq, r);
        skipped_units(rn(3));
        fprintf(out, LBL ":\n", cur_seq, l);
        if (rb != rd)
            fix_to_label(rb, l);
        if (rd)
            fix_to_label(rd, r);
        break;
    }
    default: {
        /* c.jr / c.jalr (links in x1) */
        unsigned r = new_label();
        int rb = pick_rd_nz();
        bool link = pct(50);
        emit("lla x%d, " LBL, rb, cur_seq, l);
        cemit("c.%s x%d", link ? "jalr" : "jr", rb);
        fprintf(out, LBL ":\n", cur_seq, r);
        skipped_units(rn(3));
        fprintf(out, LBL ":\n", cur_seq, l);
        if (!link || rb != 1)
            fix_to_label(rb, l);
        if (link)
            fix_to_label(1, r);
        break;
    }
    }
}

/* short units without control flow */
static void u_simple(void)
{
    unsigned r = rn(100);
    if (r < 40)
        u_alu_any();
    else if (r < 75)
        u_fp();
    else if (r < 90)
        u_mem();
    else
        u_c_mem();
}

/* the instruction mix, in units (a unit is one instruction plus the set-up
 * and fix-up instructions it needs); per mille */
static void u_any(void)
{
    unsigned r = rn(1000);
    if (r < 170) u_int_rr();
    else if (r < 270) u_int_ri();
    else if (r < 310) u_int_r();
    else if (r < 325) u_lui();
    else if (r < 340) u_auipc();
    else if (r < 350) u_li();
    else if (r < 355) u_fence();
    else if (r < 460) u_c_alu();
    else if (r < 510) u_c_mem();
    else if (r < 515) u_c_addi4spn();
    else if (r < 600) u_mem();
    else if (r < 660) u_amo();
    else if (r < 720) u_flow();
    else if (r < 960) u_fp();
    else u_csr();
}

/* ------------------------------------------------------------------ */
/* One sequence.                                                       */

static const char *const xabi[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
    "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
    "t5", "t6",
};

static void gen_sequence(uint64_t seed, unsigned idx, bool verbose, bool inject)
{
    uint64_t data[NDATA];
    rng_state = seed ^ (0x2545f4914f6cdd1dull * (idx + 1ull));
    rnd64();
    cur_seq = idx;
    nlabel = 0;
    forbid = 0;

    for (int i = 0; i < 32; i++) /* scratch buffer */
        data[i] = pct(50) ? int_value() : rnd64();
    for (int i = 0; i < 32; i++)
        data[32 + i] = fp_value(&ftype[i]);
    data[64] = (uint64_t)rn(5) << 5; /* frm random, fflags clear */
    for (int i = 0; i < 28; i++)
        data[65 + i] = int_value();
    data[93] = idx;

    fprintf(out, "# --- seq %u begin\n", idx);
    if (verbose) {
        fprintf(out, "# initial state (seed 0x%" PRIx64 "):\n", seed);
        for (int i = 0; i < 28; i++) {
            int r = i == 0 ? 1 : i + 4;
            fprintf(out, "#   x%-2d %-4s = 0x%016" PRIx64 "\n", r, xabi[r], data[65 + i]);
        }
        for (int i = 0; i < 32; i++)
            fprintf(out, "#   f%-2d      = 0x%016" PRIx64 "\n", i, data[32 + i]);
        fprintf(out, "#   frm      = %" PRIu64 "\n", data[64] >> 5);
        for (int i = 0; i < 32; i++)
            fprintf(out, "#   mem+%03d  = 0x%016" PRIx64 "\n", 8 * i, data[i]);
    }
    fprintf(out, "\t.pushsection .rodata\n\t.balign 8\n.Ld%u:\n", idx);
    for (int i = 0; i < NDATA; i += 6) {
        fprintf(out, "\t.dword ");
        for (int j = i; j < i + 6 && j < NDATA; j++)
            fprintf(out, "%s0x%" PRIx64, j == i ? "" : ",", data[j]);
        fputc('\n', out);
    }
    fprintf(out, "\t.popsection\n");
    emit("lla tp, .Ld%u", idx);
    fprintf(out, ".Lc%u:\n", idx);
    emit("auipc gp, %%pcrel_hi(diff_init)");
    emit("jalr gp, %%pcrel_lo(.Lc%u)(gp)", idx);
    fprintf(out, "# body\n");

    unsigned n = 20 + rn(41);
    for (unsigned k = 0; k < n; k++)
        u_any();

    if (inject) {
        /* deliberate difference: x5 += diff_env (0 under Linux, 1 bare) */
        fprintf(out, "# injected difference\n");
        emit("lla tp, diff_env");
        emit("ld tp, 0(tp)");
        emit("add x5, x5, tp");
    }
    fprintf(out, "# end of body\n");
    fprintf(out, ".Le%u:\n", idx);
    emit("auipc gp, %%pcrel_hi(diff_dump)");
    emit("jalr gp, %%pcrel_lo(.Le%u)(gp)", idx);
    fprintf(out, "# --- seq %u end\n", idx);
}

/* ------------------------------------------------------------------ */

static void usage(void)
{
    fprintf(stderr,
            "usage: gen [-s SEED] [-f FIRST] [-n COUNT] [-v INDEX] [-i INDEX] [-m] [-o FILE]\n"
            "  -s SEED   random seed (default 1)\n"
            "  -f FIRST  index of the first sequence (default 0)\n"
            "  -n COUNT  number of sequences (default 500)\n"
            "  -v INDEX  only sequence INDEX, printing its full final state\n"
            "  -i INDEX  inject a difference into sequence INDEX (bare-metal build only)\n"
            "  -m        also generate misaligned non-atomic loads/stores\n"
            "  -o FILE   output file (default stdout)\n");
    exit(2);
}

static uint64_t num(const char *s)
{
    char *end;
    uint64_t v = strtoull(s, &end, 0);
    if (!*s || *end)
        usage();
    return v;
}

int main(int argc, char **argv)
{
    uint64_t seed = 1;
    unsigned first = 0, count = 500;
    long verbose = -1, inject = -1;
    const char *outname = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1] || a[2])
            usage();
        if (a[1] == 'm') {
            allow_misaligned = true;
            continue;
        }
        if (i + 1 >= argc)
            usage();
        const char *v = argv[++i];
        switch (a[1]) {
        case 's': seed = num(v); break;
        case 'f': first = (unsigned)num(v); break;
        case 'n': count = (unsigned)num(v); break;
        case 'v': verbose = (long)num(v); break;
        case 'i': inject = (long)num(v); break;
        case 'o': outname = v; break;
        default: usage();
        }
    }
    if (verbose >= 0) {
        first = (unsigned)verbose;
        count = 1;
    }
    out = stdout;
    if (outname && !(out = fopen(outname, "w"))) {
        perror(outname);
        return 1;
    }

    fprintf(out, "# strato differential test: gen -s %" PRIu64 " -f %u -n %u%s\n", seed, first,
            count, verbose >= 0 ? " (verbose)" : "");
    fprintf(out, "\t.option norvc\n\t.option norelax\n");
    fprintf(out, "\t.section .rodata\n\t.balign 8\n\t.globl diff_verbose\ndiff_verbose:\n");
    fprintf(out, "\t.dword %d\n", verbose >= 0 ? 1 : 0);
    fprintf(out, "\t.text\n\t.balign 4\n\t.globl diff_sequences\ndiff_sequences:\n");
    for (unsigned i = 0; i < count; i++)
        gen_sequence(seed, first + i, verbose >= 0, (long)(first + i) == inject);
    fprintf(out, "\tj diff_finish\n");

    if (out != stdout && fclose(out) != 0) {
        perror(outname);
        return 1;
    }
    return 0;
}
