/* strato CPU benchmark, bare-metal driver: runs every kernel once, then
 * prints through the HTIF console
 *
 *     instret=<instructions retired from _start to the end of the last kernel>
 *     minstret: start=<minstret at _start> end=<minstret after the last kernel>
 *     <kernel> checksum=0x<16 hex> ok|BAD insns=<minstret delta>
 *     ...
 *     result: pass|FAIL (<n> bad)
 *
 * and exits (HTIF) with 0 when every checksum is right, else with 1 + the
 * index of the first wrong kernel.  Exceptions exit with 128 + mcause
 * (crt.S). */
#include "bench.h"

extern volatile uint64_t tohost, fromhost;
void bench_exit(unsigned code) __attribute__((noreturn));

static inline uint64_t read_minstret(void)
{
        uint64_t v;
        __asm__ volatile("csrr %0, minstret" : "=r"(v));
        return v;
}

/* HTIF console, device 1 command 1: one character per request; the host
 * clears tohost when it has taken it. */
static void putch(char c)
{
        while (tohost != 0)
                ;
        tohost = (1ULL << 56) | (1ULL << 48) | (unsigned char)c;
        while (tohost != 0)
                ;
        fromhost = 0;
}

static void puts_(const char *s)
{
        while (*s)
                putch(*s++);
}

static void put_dec(uint64_t v)
{
        char buf[24];
        int i = 0;

        do {
                buf[i++] = (char)('0' + v % 10);
                v /= 10;
        } while (v);
        while (i)
                putch(buf[--i]);
}

static void put_hex16(uint64_t v)
{
        for (int sh = 60; sh >= 0; sh -= 4)
                putch("0123456789abcdef"[(v >> sh) & 15]);
}

#define MAX_KERNELS 32

/* instret is minstret(end) - minstret(_start): on a machine that starts
 * minstret at 0 on reset that is the plain minstret value; QEMU counts from
 * an arbitrary point (and its reset vector), hence the difference. */
int bench_main(uint64_t minstret_start)
{
        uint64_t sum[MAX_KERNELS], insns[MAX_KERNELS];
        unsigned n = n_kernels < MAX_KERNELS ? n_kernels : MAX_KERNELS;
        unsigned bad = 0, first_bad = 0;
        uint64_t t0, t1, total;

        t0 = read_minstret();
        for (unsigned i = 0; i < n; i++) {
                sum[i] = kernels[i].fn();
                t1 = read_minstret();
                insns[i] = t1 - t0;
                t0 = t1;
        }
        total = read_minstret();

        puts_("instret=");
        put_dec(total - minstret_start);
        puts_("\nminstret: start=");
        put_dec(minstret_start);
        puts_(" end=");
        put_dec(total);
        putch('\n');
        for (unsigned i = 0; i < n; i++) {
                int ok = sum[i] == kernels[i].expect;

                if (!ok && bad++ == 0)
                        first_bad = i + 1;
                puts_(kernels[i].name);
                puts_(" checksum=0x");
                put_hex16(sum[i]);
                puts_(ok ? " ok" : " BAD");
                puts_(" insns=");
                put_dec(insns[i]);
                putch('\n');
        }
        if (bad) {
                puts_("result: FAIL (");
                put_dec(bad);
                puts_(" bad)\n");
        } else {
                puts_("result: pass\n");
        }
        return (int)first_bad;
}
