/* strato CPU benchmark kernels.
 *
 * Each kernel is deterministic (fixed seeds, exact IEEE-754 arithmetic) and
 * returns a 64-bit checksum of everything it computed; main.c / host.c
 * compare it with the `expect` column of the table at the end of this file.
 * Sizes are tuned so that the whole set runs about 300 million RV64GC
 * instructions (per-kernel counts are printed by the bare-metal program). */
#include "bench.h"

/* ------------------------------------------------------------------------
 * shared helpers
 * --------------------------------------------------------------------- */

/* xorshift64* generator: cheap, full period, good enough for test data. */
static uint64_t rng_state;

static void rng_seed(uint64_t s)
{
        rng_state = s ? s : 0x853c49e6748fea9bULL;
}

static uint64_t rng_next(void)
{
        uint64_t x = rng_state;

        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        rng_state = x;
        return x * 0x2545f4914f6cdd1dULL;
}

/* uniform double in [0, 1) with 53 random bits */
static double rng_unit(void)
{
        return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
}

/* order-dependent checksum accumulation */
static uint64_t fold(uint64_t h, uint64_t v)
{
        h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        h *= 0x100000001b3ULL;
        return h ^ (h >> 31);
}

static uint64_t dbits(double d)
{
        union { double d; uint64_t u; } c = { .d = d };
        return c.u;
}

static uint32_t fbits(float f)
{
        union { float f; uint32_t u; } c = { .f = f };
        return c.u;
}

/* ------------------------------------------------------------------------
 * crc32: table-driven and bitwise CRC-32 (reflected polynomial 0xEDB88320)
 * over a 64 KiB buffer: byte loads, table lookups, shifts, xors.
 * --------------------------------------------------------------------- */

#define CRC_BUF    (64 * 1024)
#define CRC_PASSES 48
#define CRC_BITWISE_BYTES (16 * 1024)

static uint32_t crc_tab[256];
static uint8_t crc_buf[CRC_BUF];

static void crc_make_table(void)
{
        for (uint32_t i = 0; i < 256; i++) {
                uint32_t c = i;
                for (int k = 0; k < 8; k++)
                        c = (c & 1) ? (c >> 1) ^ 0xedb88320u : c >> 1;
                crc_tab[i] = c;
        }
}

static uint32_t crc_update(uint32_t crc, const uint8_t *p, size_t n)
{
        crc = ~crc;
        while (n--)
                crc = crc_tab[(crc ^ *p++) & 0xff] ^ (crc >> 8);
        return ~crc;
}

static uint32_t crc_bitwise(uint32_t crc, const uint8_t *p, size_t n)
{
        crc = ~crc;
        while (n--) {
                crc ^= *p++;
                for (int k = 0; k < 8; k++)
                        crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
        }
        return ~crc;
}

static uint64_t k_crc32(void)
{
        static const uint8_t check[9] = { '1', '2', '3', '4', '5', '6', '7', '8', '9' };
        uint64_t h = 0;
        uint32_t crc = 0;

        crc_make_table();
        /* the standard check value of CRC-32 is 0xcbf43926 */
        h = fold(h, crc_update(0, check, 9) ^ 0xcbf43926u);
        h = fold(h, crc_bitwise(0, check, 9) ^ 0xcbf43926u);

        rng_seed(0x1234567);
        for (size_t i = 0; i < CRC_BUF; i += 8) {
                uint64_t r = rng_next();
                for (int k = 0; k < 8; k++)
                        crc_buf[i + k] = (uint8_t)(r >> (8 * k));
        }
        for (int pass = 0; pass < CRC_PASSES; pass++) {
                crc = crc_update(crc, crc_buf, CRC_BUF);
                crc_buf[(pass * 7919u) % CRC_BUF] ^= (uint8_t)crc;
                h = fold(h, crc);
        }
        /* both implementations must agree */
        uint32_t a = crc_update(crc, crc_buf, CRC_BITWISE_BYTES);
        uint32_t b = crc_bitwise(crc, crc_buf, CRC_BITWISE_BYTES);
        h = fold(h, a);
        h = fold(h, a ^ b);
        return h;
}

/* ------------------------------------------------------------------------
 * primes: Miller-Rabin (bases 2, 7, 61: exact below 4.7e9) over a range of
 * 32-bit odd numbers, after trial division; then a sum of Euclid gcds.
 * 64-bit multiply, divide and remainder heavy.
 * --------------------------------------------------------------------- */

#define PRIME_BASE  3000000001u
#define PRIME_COUNT 120000u     /* odd candidates */
#define GCD_N       200u

static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m)
{
        uint64_t r = 1;

        b %= m;
        while (e) {
                if (e & 1)
                        r = r * b % m;
                b = b * b % m;
                e >>= 1;
        }
        return r;
}

static int mr_witness(uint64_t a, uint64_t n)
{
        uint64_t d = n - 1;
        int s = 0;

        while ((d & 1) == 0) {
                d >>= 1;
                s++;
        }
        uint64_t x = powmod(a, d, n);
        if (x == 1 || x == n - 1)
                return 0;
        for (int i = 1; i < s; i++) {
                x = x * x % n;
                if (x == n - 1)
                        return 0;
        }
        return 1;       /* n is composite */
}

static int is_prime32(uint64_t n)
{
        static const uint8_t small[] = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37 };
        static const uint8_t bases[] = { 2, 7, 61 };

        if (n < 2)
                return 0;
        for (unsigned i = 0; i < sizeof small; i++) {
                if (n == small[i])
                        return 1;
                if (n % small[i] == 0)
                        return 0;
        }
        for (unsigned i = 0; i < sizeof bases; i++)
                if (bases[i] % n != 0 && mr_witness(bases[i], n))
                        return 0;
        return 1;
}

static uint64_t gcd64(uint64_t a, uint64_t b)
{
        while (b) {
                uint64_t t = a % b;
                a = b;
                b = t;
        }
        return a;
}

static uint64_t k_primes(void)
{
        uint64_t h = 0, count = 0, last = 0, sum = 0;

        /* known small values: there are 25 primes below 100 */
        for (uint64_t n = 0; n < 100; n++)
                count += is_prime32(n);
        h = fold(h, count);

        count = 0;
        for (uint64_t k = 0; k < PRIME_COUNT; k++) {
                uint64_t n = PRIME_BASE + 2 * k;
                if (is_prime32(n)) {
                        count++;
                        sum += n ^ last;
                        last = n;
                }
        }
        h = fold(h, count);
        h = fold(h, sum);
        h = fold(h, last);

        uint64_t g = 0;
        for (uint64_t i = 1; i <= GCD_N; i++)
                for (uint64_t j = 1; j <= GCD_N; j++)
                        g += gcd64(i * 7919 + j, j * 104729 + i);
        h = fold(h, g);
        return h;
}

/* ------------------------------------------------------------------------
 * sort: quicksort (median of three, Hoare partition, insertion sort below
 * 16 elements) of 8192 32-bit keys, on random, few-distinct, sorted and
 * reversed inputs; each result is checked for order.
 * --------------------------------------------------------------------- */

#define SORT_N      8192
#define SORT_ROUNDS 25

static uint32_t sort_a[SORT_N];

static void insertion_sort(uint32_t *a, size_t n)
{
        for (size_t i = 1; i < n; i++) {
                uint32_t v = a[i];
                size_t j = i;
                while (j > 0 && a[j - 1] > v) {
                        a[j] = a[j - 1];
                        j--;
                }
                a[j] = v;
        }
}

static void swap_u32(uint32_t *a, uint32_t *b)
{
        uint32_t t = *a;
        *a = *b;
        *b = t;
}

static void quick_sort(uint32_t *a, size_t n)
{
        while (n > 16) {
                size_t m = n / 2, i = 0, j = n - 1;

                /* a[0] <= a[m] <= a[n-1]: the ends act as sentinels */
                if (a[m] < a[0])
                        swap_u32(&a[m], &a[0]);
                if (a[n - 1] < a[m]) {
                        swap_u32(&a[n - 1], &a[m]);
                        if (a[m] < a[0])
                                swap_u32(&a[m], &a[0]);
                }
                uint32_t p = a[m];
                for (;;) {
                        do
                                i++;
                        while (a[i] < p);
                        do
                                j--;
                        while (p < a[j]);
                        if (i >= j)
                                break;
                        swap_u32(&a[i], &a[j]);
                }
                /* [0, j] <= p <= [j+1, n): recurse into the smaller part */
                size_t left = j + 1;
                if (left < n - left) {
                        quick_sort(a, left);
                        a += left;
                        n -= left;
                } else {
                        quick_sort(a + left, n - left);
                        n = left;
                }
        }
        insertion_sort(a, n);
}

static uint64_t k_sort(void)
{
        uint64_t h = 0;

        rng_seed(0xfeedface);
        for (int round = 0; round < SORT_ROUNDS; round++) {
                int kind = round % 5;   /* 0,1,2: random; 3: few distinct; 4: runs */

                for (size_t i = 0; i < SORT_N; i++) {
                        uint32_t r = (uint32_t)(rng_next() >> 32);
                        if (kind == 3)
                                r &= 0x3f;
                        else if (kind == 4)
                                r = (i & 1024) ? (uint32_t)(SORT_N - i) : (uint32_t)i * 3 + (r & 7);
                        sort_a[i] = r;
                }
                quick_sort(sort_a, SORT_N);

                uint64_t unordered = 0, s = 0;
                for (size_t i = 0; i < SORT_N; i++) {
                        if (i && sort_a[i - 1] > sort_a[i])
                                unordered++;
                        s = s * 31 + sort_a[i];
                }
                h = fold(h, s);
                h = fold(h, unordered);
        }
        return h;
}

/* ------------------------------------------------------------------------
 * interp: a small register-machine bytecode interpreter (switch dispatch,
 * indirect jumps) running a sieve of Eratosthenes and a Collatz-length
 * search written in its bytecode.
 * --------------------------------------------------------------------- */

enum {
        V_HALT, V_LI, V_MOV, V_ADD, V_ADDI, V_SUB, V_MUL, V_AND, V_ANDI,
        V_XOR, V_SHRI, V_SHLI, V_LD, V_ST, V_BEQ, V_BNE, V_BLT, V_BGE, V_JMP,
};

struct vins {
        uint8_t op, a, b, c;
        int32_t imm;
};

#define VM_MEM   32768          /* words, power of two */
#define VM_CODE  128
#define SIEVE_N  32000
#define COLLATZ_N 3000

static struct vins vm_code[VM_CODE];
static unsigned vm_len;
static uint32_t vm_mem[VM_MEM];

static unsigned vm_emit(int op, int a, int b, int c, int32_t imm)
{
        struct vins *i = &vm_code[vm_len];

        i->op = (uint8_t)op;
        i->a = (uint8_t)a;
        i->b = (uint8_t)b;
        i->c = (uint8_t)c;
        i->imm = imm;
        return vm_len++;
}

static unsigned vm_here(void)
{
        return vm_len;
}

static void vm_patch(unsigned at, unsigned target)
{
        vm_code[at].imm = (int32_t)target;
}

static uint64_t vm_run(uint64_t *r, uint64_t *steps)
{
        const struct vins *pc = vm_code;
        uint64_t n = 0;

        for (;;) {
                const struct vins *i = pc++;
                n++;
                switch (i->op) {
                case V_HALT:
                        *steps = n;
                        return r[1];
                case V_LI:   r[i->a] = (uint64_t)(int64_t)i->imm; break;
                case V_MOV:  r[i->a] = r[i->b]; break;
                case V_ADD:  r[i->a] = r[i->b] + r[i->c]; break;
                case V_ADDI: r[i->a] = r[i->b] + (uint64_t)(int64_t)i->imm; break;
                case V_SUB:  r[i->a] = r[i->b] - r[i->c]; break;
                case V_MUL:  r[i->a] = r[i->b] * r[i->c]; break;
                case V_AND:  r[i->a] = r[i->b] & r[i->c]; break;
                case V_ANDI: r[i->a] = r[i->b] & (uint64_t)(int64_t)i->imm; break;
                case V_XOR:  r[i->a] = r[i->b] ^ r[i->c]; break;
                case V_SHRI: r[i->a] = r[i->b] >> (i->imm & 63); break;
                case V_SHLI: r[i->a] = r[i->b] << (i->imm & 63); break;
                case V_LD:
                        r[i->a] = vm_mem[(r[i->b] + (uint64_t)(int64_t)i->imm) & (VM_MEM - 1)];
                        break;
                case V_ST:
                        vm_mem[(r[i->b] + (uint64_t)(int64_t)i->imm) & (VM_MEM - 1)] = (uint32_t)r[i->a];
                        break;
                case V_BEQ: if (r[i->a] == r[i->b]) pc = vm_code + i->imm; break;
                case V_BNE: if (r[i->a] != r[i->b]) pc = vm_code + i->imm; break;
                case V_BLT: if (r[i->a] < r[i->b]) pc = vm_code + i->imm; break;
                case V_BGE: if (r[i->a] >= r[i->b]) pc = vm_code + i->imm; break;
                case V_JMP: pc = vm_code + i->imm; break;
                default:
                        *steps = n;
                        return ~0ULL;
                }
        }
}

/* r0 is kept zero by the programs, r3 holds 1. */
static void vm_prog_sieve(void)
{
        unsigned loop, outer, inner, next, done, cnt, skip;

        vm_len = 0;
        vm_emit(V_LI, 0, 0, 0, 0);
        vm_emit(V_LI, 3, 0, 0, 1);
        vm_emit(V_LI, 2, 0, 0, SIEVE_N);
        /* clear mem[0, N) */
        vm_emit(V_LI, 4, 0, 0, 0);
        loop = vm_here();
        vm_emit(V_ST, 0, 4, 0, 0);
        vm_emit(V_ADDI, 4, 4, 0, 1);
        vm_emit(V_BLT, 4, 2, 0, (int32_t)loop);
        /* for (i = 2; i * i < N; i++) if (!mem[i]) for (j = i*i; j < N; j += i) mem[j] = 1 */
        vm_emit(V_LI, 1, 0, 0, 2);
        outer = vm_here();
        vm_emit(V_MUL, 5, 1, 1, 0);
        done = vm_emit(V_BGE, 5, 2, 0, -1);
        vm_emit(V_LD, 6, 1, 0, 0);
        next = vm_emit(V_BNE, 6, 0, 0, -1);
        inner = vm_here();
        vm_emit(V_ST, 3, 5, 0, 0);
        vm_emit(V_ADD, 5, 5, 1, 0);
        vm_emit(V_BLT, 5, 2, 0, (int32_t)inner);
        vm_patch(next, vm_here());
        vm_emit(V_ADDI, 1, 1, 0, 1);
        vm_emit(V_JMP, 0, 0, 0, (int32_t)outer);
        vm_patch(done, vm_here());
        /* r7 = count, r8 = sum of primes, r9 = xor of primes shifted */
        vm_emit(V_LI, 7, 0, 0, 0);
        vm_emit(V_LI, 8, 0, 0, 0);
        vm_emit(V_LI, 9, 0, 0, 0);
        vm_emit(V_LI, 1, 0, 0, 2);
        cnt = vm_here();
        vm_emit(V_LD, 6, 1, 0, 0);
        skip = vm_emit(V_BNE, 6, 0, 0, -1);
        vm_emit(V_ADDI, 7, 7, 0, 1);
        vm_emit(V_ADD, 8, 8, 1, 0);
        vm_emit(V_SHLI, 10, 9, 0, 5);
        vm_emit(V_XOR, 9, 10, 1, 0);
        vm_patch(skip, vm_here());
        vm_emit(V_ADDI, 1, 1, 0, 1);
        vm_emit(V_BLT, 1, 2, 0, (int32_t)cnt);
        vm_emit(V_ADD, 1, 7, 8, 0);
        vm_emit(V_HALT, 0, 0, 0, 0);
}

static void vm_prog_collatz(void)
{
        unsigned outer, loop, odd, endc, nomax;

        vm_len = 0;
        vm_emit(V_LI, 0, 0, 0, 0);
        vm_emit(V_LI, 3, 0, 0, 1);
        vm_emit(V_LI, 11, 0, 0, 3);
        vm_emit(V_LI, 2, 0, 0, COLLATZ_N);
        vm_emit(V_LI, 1, 0, 0, 1);      /* n */
        vm_emit(V_LI, 9, 0, 0, 0);      /* total steps */
        vm_emit(V_LI, 10, 0, 0, 0);     /* longest */
        vm_emit(V_LI, 12, 0, 0, 0);     /* n of longest */
        outer = vm_here();
        vm_emit(V_MOV, 4, 1, 0, 0);
        vm_emit(V_LI, 5, 0, 0, 0);
        loop = vm_here();
        endc = vm_emit(V_BEQ, 4, 3, 0, -1);
        vm_emit(V_ANDI, 6, 4, 0, 1);
        vm_emit(V_ADDI, 5, 5, 0, 1);
        odd = vm_emit(V_BNE, 6, 0, 0, -1);
        vm_emit(V_SHRI, 4, 4, 0, 1);
        vm_emit(V_JMP, 0, 0, 0, (int32_t)loop);
        vm_patch(odd, vm_here());
        vm_emit(V_MUL, 4, 4, 11, 0);
        vm_emit(V_ADD, 4, 4, 3, 0);
        vm_emit(V_JMP, 0, 0, 0, (int32_t)loop);
        vm_patch(endc, vm_here());
        vm_emit(V_ADD, 9, 9, 5, 0);
        vm_emit(V_ST, 5, 1, 0, 0);      /* mem[n] = steps */
        nomax = vm_emit(V_BGE, 10, 5, 0, -1);
        vm_emit(V_MOV, 10, 5, 0, 0);
        vm_emit(V_MOV, 12, 1, 0, 0);
        vm_patch(nomax, vm_here());
        vm_emit(V_ADDI, 1, 1, 0, 1);
        vm_emit(V_BLT, 1, 2, 0, (int32_t)outer);
        vm_emit(V_SHLI, 1, 12, 0, 32);
        vm_emit(V_XOR, 1, 1, 10, 0);
        vm_emit(V_HALT, 0, 0, 0, 0);
}

static uint64_t k_interp(void)
{
        uint64_t r[16], steps, h = 0;

        for (int p = 0; p < 2; p++) {
                for (int i = 0; i < 16; i++)
                        r[i] = 0;
                if (p == 0)
                        vm_prog_sieve();
                else
                        vm_prog_collatz();
                h = fold(h, vm_run(r, &steps));
                h = fold(h, steps);
                for (int i = 0; i < 16; i++)
                        h = fold(h, r[i]);
                uint64_t m = 0;
                for (unsigned i = 0; i < VM_MEM; i++)
                        m = m * 131 + vm_mem[i];
                h = fold(h, m);
        }
        return h;
}

/* ------------------------------------------------------------------------
 * words: generate pseudo text from syllables, split it into words, count
 * them in an open-addressing hash table (string compare on hit), then pick
 * the most frequent words.  Byte handling, calls, struct accesses.
 * --------------------------------------------------------------------- */

#define TEXT_LEN    (224 * 1024)
#define WORD_SLOTS  8192        /* power of two */
#define POOL_BYTES  (64 * 1024)
#define WORD_ROUNDS 2

struct word {
        uint32_t hash;
        uint32_t count;
        uint32_t off;           /* into word_pool */
        uint16_t len;
        uint16_t first;         /* text position / 16 of the first sight */
};

static char text[TEXT_LEN];
static struct word words[WORD_SLOTS];
static char word_pool[POOL_BYTES];
static unsigned pool_used, n_words;

static const char *const syllables[16] = {
        "ka", "to", "ri", "men", "sa", "lo", "de", "qui",
        "an", "el", "or", "us", "phy", "ne", "ba", "stru",
};

static size_t gen_text(char *t, size_t cap)
{
        size_t n = 0;
        int sentence_start = 1;

        while (n + 32 < cap) {
                uint64_t r = rng_next();
                /* 1-3 syllables, favouring two; low syllable numbers more often */
                int ns = 1 + (int)((r & 3) == 3 ? 2 : (r & 3) == 0 ? 0 : 1);
                r >>= 2;
                for (int s = 0; s < ns; s++) {
                        unsigned idx = (unsigned)(r & 15) & (unsigned)((r >> 4) & 15);
                        if ((r >> 8) & 1)
                                idx = (unsigned)(r & 15);
                        r >>= 9;
                        const char *p = syllables[idx];
                        while (*p) {
                                char c = *p++;
                                if (sentence_start)
                                        c = (char)(c - 'a' + 'A');
                                sentence_start = 0;
                                t[n++] = c;
                        }
                }
                switch (r & 15) {
                case 0:
                        t[n++] = '.';
                        t[n++] = '\n';
                        sentence_start = 1;
                        break;
                case 1:
                        t[n++] = ',';
                        t[n++] = ' ';
                        break;
                default:
                        t[n++] = ' ';
                        break;
                }
        }
        t[n] = 0;
        return n;
}

static int is_letter(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
        return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static int same_word(const char *a, const char *b, unsigned len)
{
        for (unsigned i = 0; i < len; i++)
                if (a[i] != b[i])
                        return 0;
        return 1;
}

static void count_word(const char *w, unsigned len, uint32_t hash, size_t pos)
{
        unsigned slot = hash & (WORD_SLOTS - 1);

        for (;;) {
                struct word *e = &words[slot];
                if (e->count == 0) {
                        if (pool_used + len > POOL_BYTES || n_words >= WORD_SLOTS / 2)
                                return;         /* table full: ignore */
                        e->hash = hash;
                        e->count = 1;
                        e->off = pool_used;
                        e->len = (uint16_t)len;
                        e->first = (uint16_t)(pos >> 4);
                        for (unsigned i = 0; i < len; i++)
                                word_pool[pool_used++] = w[i];
                        n_words++;
                        return;
                }
                if (e->hash == hash && e->len == len && same_word(&word_pool[e->off], w, len)) {
                        e->count++;
                        return;
                }
                slot = (slot + 1) & (WORD_SLOTS - 1);
        }
}

static uint64_t k_words(void)
{
        uint64_t h = 0;
        char w[64];

        rng_seed(0xabcdef12345ULL);
        for (int round = 0; round < WORD_ROUNDS; round++) {
                size_t n = gen_text(text, TEXT_LEN);
                uint64_t total = 0, sentences = 0;

                for (unsigned i = 0; i < WORD_SLOTS; i++)
                        words[i].count = 0;
                pool_used = 0;
                n_words = 0;

                size_t i = 0;
                while (i < n) {
                        while (i < n && !is_letter(text[i])) {
                                sentences += text[i] == '.';
                                i++;
                        }
                        if (i >= n)
                                break;
                        unsigned len = 0;
                        uint32_t hash = 2166136261u;
                        size_t start = i;
                        while (i < n && is_letter(text[i])) {
                                char c = lower(text[i++]);
                                if (len < sizeof w)
                                        w[len++] = c;
                                hash = (hash ^ (uint8_t)c) * 16777619u;
                        }
                        count_word(w, len, hash, start);
                        total++;
                }
                h = fold(h, total);
                h = fold(h, sentences);
                h = fold(h, n_words);
                h = fold(h, pool_used);

                /* the eight most frequent words (ties: earliest first sight) */
                for (int k = 0; k < 8; k++) {
                        int best = -1;
                        for (unsigned s = 0; s < WORD_SLOTS; s++) {
                                const struct word *e = &words[s];
                                if (e->count == 0)
                                        continue;
                                if (best < 0 || e->count > words[best].count ||
                                    (e->count == words[best].count && e->first < words[best].first))
                                        best = (int)s;
                        }
                        if (best < 0)
                                break;
                        struct word *e = &words[best];
                        uint64_t sh = 0;
                        for (unsigned c = 0; c < e->len; c++)
                                sh = sh * 257 + (uint8_t)word_pool[e->off + c];
                        h = fold(h, sh);
                        h = fold(h, e->count);
                        e->count = 0;
                }
        }
        return h;
}

/* ------------------------------------------------------------------------
 * memory: fill, streaming copy (both directions), byte copy at odd offsets,
 * large-stride gather and a random pointer chase over a 4 MiB buffer.
 * --------------------------------------------------------------------- */

#define MEM_WORDS   (512 * 1024)        /* 4 MiB of uint64_t */
#define MEM_COPIES  8
#define CHASE_NODES (256 * 1024)        /* uint32_t: 1 MiB */
#define CHASE_STEPS (1024 * 1024)

static uint64_t membuf[MEM_WORDS];

static uint64_t k_memory(void)
{
        uint64_t h = 0, s = 0;
        const size_t half = MEM_WORDS / 2;
        uint64_t *lo = membuf, *hi = membuf + half;

        /* fill */
        for (size_t i = 0; i < MEM_WORDS; i++)
                membuf[i] = i * 0x9e3779b97f4a7c15ULL;

        /* streaming copies, alternating direction, with a modify on the way back */
        for (int pass = 0; pass < MEM_COPIES; pass++) {
                if (pass & 1) {
                        for (size_t i = 0; i < half; i++)
                                lo[i] = hi[i] + (uint64_t)pass;
                } else {
                        for (size_t i = 0; i < half; i++)
                                hi[i] = lo[i];
                }
        }
        for (size_t i = 0; i < MEM_WORDS; i += 4096)
                s = s * 3 + membuf[i];
        h = fold(h, s);

        /* byte copy between odd offsets (unaligned for word copies) */
        {
                const uint8_t *src = (const uint8_t *)lo + 3;
                uint8_t *dst = (uint8_t *)hi + 5;
                for (size_t i = 0; i < 512 * 1024; i++)
                        dst[i] = (uint8_t)(src[i] + 1);
                s = 0;
                for (size_t i = 0; i < 512 * 1024; i += 509)
                        s = s * 7 + dst[i];
                h = fold(h, s);
        }

        /* 32-bit and 16-bit accesses: a strided read-modify-write */
        {
                uint32_t *w = (uint32_t *)membuf;
                uint16_t *q = (uint16_t *)membuf;
                for (size_t i = 0; i < 2 * MEM_WORDS; i += 3)
                        w[i] ^= (uint32_t)i;
                for (size_t i = 0; i < 4 * MEM_WORDS; i += 5)
                        q[i] += (uint16_t)i;
        }

        /* gather: a full permutation with a stride of ~32 KiB (odd step) */
        s = 0;
        for (size_t k = 0, idx = 0; k < MEM_WORDS; k++) {
                s += membuf[idx] ^ k;
                idx = (idx + 4099) & (MEM_WORDS - 1);
        }
        h = fold(h, s);

        /* pointer chase through one random cycle (Sattolo's shuffle) */
        {
                uint32_t *next = (uint32_t *)membuf;
                rng_seed(0x5eed5eedULL);
                for (uint32_t i = 0; i < CHASE_NODES; i++)
                        next[i] = i;
                for (uint32_t i = CHASE_NODES - 1; i > 0; i--) {
                        uint32_t j = (uint32_t)(rng_next() % i);
                        uint32_t t = next[i];
                        next[i] = next[j];
                        next[j] = t;
                }
                uint32_t x = 0;
                s = 0;
                for (uint32_t k = 0; k < CHASE_STEPS; k++) {
                        x = next[x];
                        s += x;
                }
                h = fold(h, s);
                h = fold(h, x);
        }
        return h;
}

/* ------------------------------------------------------------------------
 * branch: data-dependent branches: a nested classifier over random bytes,
 * a lexer-like state machine, and binary searches in a sorted table.
 * --------------------------------------------------------------------- */

#define BR_BYTES    (64 * 1024)
#define BR_PASSES   10
#define BS_TABLE    65536
#define BS_LOOKUPS  150000

static uint8_t br_data[BR_BYTES];
static uint32_t bs_table[BS_TABLE];

static uint64_t k_branch(void)
{
        uint64_t h = 0;

        rng_seed(0xb4a2c4);
        for (size_t i = 0; i < BR_BYTES; i += 8) {
                uint64_t r = rng_next();
                for (int k = 0; k < 8; k++)
                        br_data[i + k] = (uint8_t)(r >> (8 * k));
        }

        /* classifier */
        uint64_t a = 0, b = 0, c = 0, d = 0;
        for (int pass = 0; pass < BR_PASSES; pass++) {
                for (size_t i = 0; i < BR_BYTES; i++) {
                        unsigned x = br_data[i] ^ (unsigned)pass;
                        if (x & 1) {
                                if (x & 2)
                                        a += x >> 2;
                                else
                                        b ^= x << (i & 7);
                        } else if (x < 96) {
                                if (x % 3 == 0)
                                        c++;
                                else
                                        d += 5;
                        } else if (x > 200) {
                                a -= 3;
                        } else {
                                d ^= i;
                        }
                }
        }
        h = fold(h, a);
        h = fold(h, b);
        h = fold(h, c);
        h = fold(h, d);

        /* state machine: numbers, identifiers, operators, blanks */
        {
                enum { S_BLANK, S_NUM, S_IDENT, S_OP } st = S_BLANK;
                uint64_t nums = 0, idents = 0, ops = 0, value = 0, vsum = 0;
                for (int pass = 0; pass < 2; pass++) {
                        for (size_t i = 0; i < BR_BYTES; i++) {
                                unsigned x = br_data[i] % 40u;
                                int cls = x < 10 ? 0 : x < 30 ? 1 : x < 35 ? 2 : 3;
                                switch (st) {
                                case S_NUM:
                                        if (cls == 0) {
                                                value = value * 10 + x;
                                                continue;
                                        }
                                        vsum += value;
                                        break;
                                case S_IDENT:
                                        if (cls <= 1)
                                                continue;
                                        break;
                                default:
                                        break;
                                }
                                switch (cls) {
                                case 0: st = S_NUM; value = x; nums++; break;
                                case 1: st = S_IDENT; idents++; break;
                                case 2: st = S_OP; ops++; break;
                                default: st = S_BLANK; break;
                                }
                        }
                }
                h = fold(h, nums);
                h = fold(h, idents);
                h = fold(h, ops);
                h = fold(h, vsum);
        }

        /* binary search (lower bound) */
        {
                uint32_t v = 0;
                for (size_t i = 0; i < BS_TABLE; i++) {
                        v += 1 + (uint32_t)(rng_next() & 63);
                        bs_table[i] = v;
                }
                uint64_t found = 0, possum = 0;
                for (size_t k = 0; k < BS_LOOKUPS; k++) {
                        uint32_t key = (uint32_t)(rng_next() % (v + 1));
                        size_t lo = 0, hi = BS_TABLE;
                        while (lo < hi) {
                                size_t mid = (lo + hi) / 2;
                                if (bs_table[mid] < key)
                                        lo = mid + 1;
                                else
                                        hi = mid;
                        }
                        if (lo < BS_TABLE && bs_table[lo] == key)
                                found++;
                        possum += lo;
                }
                h = fold(h, found);
                h = fold(h, possum);
        }
        return h;
}

/* ------------------------------------------------------------------------
 * nbody (double): gravitational n-body, all pairs, with sqrt and division
 * per pair, leapfrog-ish update, energy at the end.
 * --------------------------------------------------------------------- */

#define NB_BODIES 24
#define NB_STEPS  2900

struct body {
        double x, y, z, vx, vy, vz, m;
};

static struct body bodies[NB_BODIES];

static double nb_energy(void)
{
        double e = 0.0;

        for (int i = 0; i < NB_BODIES; i++) {
                const struct body *b = &bodies[i];
                e += 0.5 * b->m * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
                for (int j = i + 1; j < NB_BODIES; j++) {
                        const struct body *c = &bodies[j];
                        double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
                        e -= b->m * c->m / __builtin_sqrt(dx * dx + dy * dy + dz * dz + 0.01);
                }
        }
        return e;
}

static uint64_t k_nbody(void)
{
        const double dt = 0.001;
        uint64_t h = 0;

        rng_seed(0x0b0d1e5ULL);
        for (int i = 0; i < NB_BODIES; i++) {
                struct body *b = &bodies[i];
                b->x = rng_unit() * 2.0 - 1.0;
                b->y = rng_unit() * 2.0 - 1.0;
                b->z = rng_unit() * 2.0 - 1.0;
                b->vx = (rng_unit() - 0.5) * 0.1;
                b->vy = (rng_unit() - 0.5) * 0.1;
                b->vz = (rng_unit() - 0.5) * 0.1;
                b->m = 0.01 + rng_unit() * 0.09;
        }
        h = fold(h, dbits(nb_energy()));

        for (int step = 0; step < NB_STEPS; step++) {
                for (int i = 0; i < NB_BODIES; i++) {
                        struct body *b = &bodies[i];
                        for (int j = i + 1; j < NB_BODIES; j++) {
                                struct body *c = &bodies[j];
                                double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
                                double d2 = dx * dx + dy * dy + dz * dz + 0.01;
                                double mag = dt / (d2 * __builtin_sqrt(d2));
                                double mb = b->m * mag, mc = c->m * mag;
                                b->vx -= dx * mc;
                                b->vy -= dy * mc;
                                b->vz -= dz * mc;
                                c->vx += dx * mb;
                                c->vy += dy * mb;
                                c->vz += dz * mb;
                        }
                }
                for (int i = 0; i < NB_BODIES; i++) {
                        struct body *b = &bodies[i];
                        b->x += dt * b->vx;
                        b->y += dt * b->vy;
                        b->z += dt * b->vz;
                }
        }
        h = fold(h, dbits(nb_energy()));
        for (int i = 0; i < NB_BODIES; i++) {
                h = fold(h, dbits(bodies[i].x));
                h = fold(h, dbits(bodies[i].vy));
        }
        return h;
}

/* ------------------------------------------------------------------------
 * matmul: dense matrix products, 64x64 double with fused multiply-add and
 * 64x64 single precision with separate multiply and add (and one with
 * fmaf), conversions between the two.
 * --------------------------------------------------------------------- */

#define MM_N     64
#define MM_REPS  10

static double ma[MM_N][MM_N], mb[MM_N][MM_N], mc[MM_N][MM_N];
static float fa[MM_N][MM_N], fb[MM_N][MM_N], fc[MM_N][MM_N];

static uint64_t k_matmul(void)
{
        uint64_t h = 0;

        rng_seed(0x3a7e1c5ULL);
        for (int i = 0; i < MM_N; i++)
                for (int j = 0; j < MM_N; j++) {
                        ma[i][j] = rng_unit() - 0.5;
                        mb[i][j] = rng_unit() - 0.5;
                        fa[i][j] = (float)(rng_unit() - 0.5);
                        fb[i][j] = (float)(rng_unit() - 0.5);
                }

        for (int rep = 0; rep < MM_REPS; rep++) {
                /* double, i-j-k with fused multiply-add */
                for (int i = 0; i < MM_N; i++)
                        for (int j = 0; j < MM_N; j++) {
                                double acc = 0.0;
                                for (int k = 0; k < MM_N; k++)
                                        acc = __builtin_fma(ma[i][k], mb[k][j], acc);
                                mc[i][j] = acc;
                        }
                /* single, i-k-j with separate multiply and add */
                for (int i = 0; i < MM_N; i++) {
                        for (int j = 0; j < MM_N; j++)
                                fc[i][j] = 0.0f;
                        for (int k = 0; k < MM_N; k++) {
                                float aik = fa[i][k];
                                for (int j = 0; j < MM_N; j++)
                                        fc[i][j] = fc[i][j] + aik * fb[k][j];
                        }
                }
                uint64_t s = 0;
                for (int i = 0; i < MM_N; i++)
                        for (int j = 0; j < MM_N; j++)
                                s = s * 3 + (dbits(mc[i][j]) ^ fbits(fc[i][j]));
                h = fold(h, s);
                /* feed back: scaled result becomes the next left operand */
                for (int i = 0; i < MM_N; i++)
                        for (int j = 0; j < MM_N; j++) {
                                ma[i][j] = mc[i][j] * 0.125 + (double)fc[i][j] * 0.25;
                                fa[i][j] = __builtin_fmaf((float)mc[i][j], 0.25f, fc[i][j] * 0.125f);
                        }
        }
        return h;
}

/* ------------------------------------------------------------------------
 * mandel (single): Mandelbrot set escape counts over a 264x198 grid, the
 * inner loop in float: multiply, add, compare, data-dependent exit.
 * --------------------------------------------------------------------- */

#define MB_W     264
#define MB_H     198
#define MB_ITERS 256

static uint64_t k_mandel(void)
{
        uint64_t h = 0, total = 0;

        for (int py = 0; py < MB_H; py++) {
                float ci = -1.2f + (float)py * (2.4f / (float)MB_H);
                uint64_t row = 0;
                for (int px = 0; px < MB_W; px++) {
                        float cr = -2.2f + (float)px * (3.2f / (float)MB_W);
                        float zr = 0.0f, zi = 0.0f, zr2 = 0.0f, zi2 = 0.0f;
                        int it = 0;
                        while (it < MB_ITERS && zr2 + zi2 <= 4.0f) {
                                zi = 2.0f * zr * zi + ci;
                                zr = zr2 - zi2 + cr;
                                zr2 = zr * zr;
                                zi2 = zi * zi;
                                it++;
                        }
                        row = row * 263 + (uint64_t)it;
                        total += (uint64_t)it;
                }
                h = fold(h, row);
        }
        h = fold(h, total);
        return h;
}

/* ------------------------------------------------------------------------
 * divsqrt: division and square root in double and single: Newton cube
 * roots (double), vector normalisation (single), harmonic-style sums,
 * int <-> float conversions.
 * --------------------------------------------------------------------- */

#define DS_N 216000

static uint64_t k_divsqrt(void)
{
        uint64_t h = 0;
        double sd = 0.0, cube = 0.0;
        float sf = 0.0f;
        int64_t isum = 0;

        for (int i = 1; i <= DS_N; i++) {
                double x = (double)i;
                sd += __builtin_sqrt(x) / (x + 0.5);

                /* cube root of x by Newton's method, from a crude guess */
                double y = x < 8.0 ? 1.0 : x < 1000.0 ? 5.0 : 30.0;
                for (int k = 0; k < 6; k++)
                        y = y - (y * y * y - x) / (3.0 * y * y);
                cube += y;
        }
        h = fold(h, dbits(sd));
        h = fold(h, dbits(cube));

        rng_seed(0xd1f50f7ULL);
        for (int i = 0; i < DS_N; i++) {
                uint64_t r = rng_next();
                float vx = (float)(int32_t)(r & 0xffff) - 32768.0f;
                float vy = (float)(int32_t)((r >> 16) & 0xffff) - 32768.0f;
                float vz = (float)(int32_t)((r >> 32) & 0xffff) + 1.0f;
                float len = __builtin_sqrtf(vx * vx + vy * vy + vz * vz);
                vx /= len;
                vy /= len;
                vz /= len;
                sf += vx * 0.5f + vy * 0.25f + vz;
                isum += (int32_t)(vx * 1000.0f) - (int32_t)(vy * 1000.0f) + (int64_t)(vz * 1e6f);
        }
        h = fold(h, fbits(sf));
        h = fold(h, (uint64_t)isum);
        return h;
}

/* ------------------------------------------------------------------------
 * table: checksums of a correct run (cross-checked natively, bench/prog/host.c)
 * --------------------------------------------------------------------- */

const struct kernel kernels[] = {
        { "crc32",   k_crc32,   0x8e0941b1245b20d9ULL },
        { "primes",  k_primes,  0x08a8ed3b08ae417cULL },
        { "sort",    k_sort,    0xc9a6dda6a2678e39ULL },
        { "interp",  k_interp,  0x8b8319ca0fb0d888ULL },
        { "words",   k_words,   0x1264ea739f401a06ULL },
        { "memory",  k_memory,  0xf676f10d8c90e41eULL },
        { "branch",  k_branch,  0xfa7bd30ea43e04bcULL },
        { "nbody",   k_nbody,   0x02d14f5a2f60bf6fULL },
        { "matmul",  k_matmul,  0x6336d8a50ec7be80ULL },
        { "mandel",  k_mandel,  0x45486db49bdfa754ULL },
        { "divsqrt", k_divsqrt, 0xbd6f419eb9f084c9ULL },
};

const unsigned n_kernels = sizeof kernels / sizeof kernels[0];
