/*
 * counters: N threads increment shared counters at the same time, through
 *   - AMOs        (__atomic_fetch_add: amoadd.w / amoadd.d),
 *   - LR/SC loops (inline asm: lr.w/sc.w and lr.d/sc.d, retried on failure),
 *   - a pthread mutex around plain read-modify-writes,
 * and checks that every total is exact.  A lost update anywhere (a broken
 * reservation, an AMO that is not atomic across harts, a mutex that lets two
 * threads in) makes a total come out short.
 *
 *   counters [THREADS [ITERS [BIAS]]]
 *
 * THREADS (default 4) threads each do ITERS (default 200000) increments of
 * every counter.  BIAS (default 0) is added to every expected total: a
 * non-zero BIAS must make the program fail (the test of the test).
 *
 * Output: "counters: OK <totals>" and exit 0, or "counters: FAIL ..." and exit 1.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if !defined(__riscv) || __riscv_xlen != 64
#error "counters.c is a RISC-V 64 guest program"
#endif

/* each counter on its own 64-byte line, as a real program would lay them out
 * (and so that the LR/SC reservations of different counters do not overlap) */
struct counters {
	_Alignas(64) uint32_t amo_w;
	_Alignas(64) uint64_t amo_d;
	_Alignas(64) uint32_t lrsc_w;
	_Alignas(64) uint64_t lrsc_d;
	_Alignas(64) uint64_t lrsc_d_aqrl;
	_Alignas(64) uint64_t mutex_a;
	uint64_t mutex_b; /* always equal to mutex_a outside the lock */
};

static struct counters C;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;
static long iters = 200000;
static uint64_t lrsc_retries; /* sc failures, summed over the threads */
static uint64_t mutex_torn;   /* mutex_a != mutex_b seen under the lock */

static inline unsigned lrsc_add_w(uint32_t *p, uint32_t v)
{
	uint32_t old, new;
	unsigned fails = 0, rc;
	__asm__ volatile("1:	lr.w	%[old], (%[p])\n"
			 "	addw	%[new], %[old], %[v]\n"
			 "	sc.w	%[rc], %[new], (%[p])\n"
			 "	beqz	%[rc], 2f\n"
			 "	addiw	%[f], %[f], 1\n"
			 "	j	1b\n"
			 "2:\n"
			 : [old] "=&r"(old), [new] "=&r"(new), [rc] "=&r"(rc), [f] "+r"(fails)
			 : [p] "r"(p), [v] "r"(v)
			 : "memory");
	return fails;
}

static inline unsigned lrsc_add_d(uint64_t *p, uint64_t v)
{
	uint64_t old, new;
	unsigned fails = 0, rc;
	__asm__ volatile("1:	lr.d	%[old], (%[p])\n"
			 "	add	%[new], %[old], %[v]\n"
			 "	sc.d	%[rc], %[new], (%[p])\n"
			 "	beqz	%[rc], 2f\n"
			 "	addiw	%[f], %[f], 1\n"
			 "	j	1b\n"
			 "2:\n"
			 : [old] "=&r"(old), [new] "=&r"(new), [rc] "=&r"(rc), [f] "+r"(fails)
			 : [p] "r"(p), [v] "r"(v)
			 : "memory");
	return fails;
}

/* the acquire/release form Linux and glibc use for locks */
static inline unsigned lrsc_add_d_aqrl(uint64_t *p, uint64_t v)
{
	uint64_t old, new;
	unsigned fails = 0, rc;
	__asm__ volatile("1:	lr.d.aq	%[old], (%[p])\n"
			 "	add	%[new], %[old], %[v]\n"
			 "	sc.d.rl	%[rc], %[new], (%[p])\n"
			 "	beqz	%[rc], 2f\n"
			 "	addiw	%[f], %[f], 1\n"
			 "	j	1b\n"
			 "2:\n"
			 : [old] "=&r"(old), [new] "=&r"(new), [rc] "=&r"(rc), [f] "+r"(fails)
			 : [p] "r"(p), [v] "r"(v)
			 : "memory");
	return fails;
}

static void *worker(void *arg)
{
	(void)arg;
	uint64_t retries = 0, torn = 0;

	pthread_barrier_wait(&start);
	for (long i = 0; i < iters; i++) {
		__atomic_fetch_add(&C.amo_w, 1u, __ATOMIC_RELAXED);
		__atomic_fetch_add(&C.amo_d, 1u, __ATOMIC_SEQ_CST);
		retries += lrsc_add_w(&C.lrsc_w, 1);
		retries += lrsc_add_d(&C.lrsc_d, 1);
		retries += lrsc_add_d_aqrl(&C.lrsc_d_aqrl, 1);
		/* the mutex is taken every 4th iteration: it is by far the
		 * slowest of the three (a futex syscall when contended) */
		if ((i & 3) == 0) {
			pthread_mutex_lock(&lock);
			uint64_t a = C.mutex_a;
			if (a != C.mutex_b)
				torn++;
			/* a deliberately non-atomic update: two plain stores */
			C.mutex_a = a + 1;
			__asm__ volatile("" ::: "memory");
			C.mutex_b = a + 1;
			pthread_mutex_unlock(&lock);
		}
	}
	__atomic_fetch_add(&lrsc_retries, retries, __ATOMIC_RELAXED);
	__atomic_fetch_add(&mutex_torn, torn, __ATOMIC_RELAXED);
	return NULL;
}

static long arg_long(const char *s, const char *what, long min)
{
	char *end;
	long v = strtol(s, &end, 0);
	if (*s == '\0' || *end != '\0' || v < min) {
		fprintf(stderr, "counters: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long nthreads = 4, bias = 0;

	if (argc > 4) {
		fprintf(stderr, "usage: counters [THREADS [ITERS [BIAS]]]\n");
		return 2;
	}
	if (argc > 1)
		nthreads = arg_long(argv[1], "thread count", 1);
	if (argc > 2)
		iters = arg_long(argv[2], "iteration count", 1);
	if (argc > 3)
		bias = arg_long(argv[3], "bias", -1000000);
	if (nthreads > 256 || (uint64_t)nthreads * (uint64_t)iters > UINT32_MAX) {
		fprintf(stderr, "counters: THREADS*ITERS too large for the 32-bit counters\n");
		return 2;
	}

	pthread_t *tid = calloc((size_t)nthreads, sizeof *tid);
	if (!tid || pthread_barrier_init(&start, NULL, (unsigned)nthreads) != 0) {
		fprintf(stderr, "counters: out of memory\n");
		return 2;
	}
	for (long t = 0; t < nthreads; t++) {
		int e = pthread_create(&tid[t], NULL, worker, NULL);
		if (e) {
			fprintf(stderr, "counters: pthread_create: %s\n", strerror(e));
			return 2;
		}
	}
	for (long t = 0; t < nthreads; t++)
		pthread_join(tid[t], NULL);

	uint64_t n = (uint64_t)nthreads * (uint64_t)iters + (uint64_t)bias;
	uint64_t nm = (uint64_t)nthreads * (uint64_t)((iters + 3) / 4) + (uint64_t)bias;
	struct {
		const char *name;
		uint64_t got, want;
	} r[] = {
		{ "amo_w", C.amo_w, (uint32_t)n },
		{ "amo_d", C.amo_d, n },
		{ "lrsc_w", C.lrsc_w, (uint32_t)n },
		{ "lrsc_d", C.lrsc_d, n },
		{ "lrsc_d_aqrl", C.lrsc_d_aqrl, n },
		{ "mutex", C.mutex_a, nm },
		{ "mutex_b", C.mutex_b, nm },
	};
	int bad = 0;
	char totals[512];
	size_t len = 0;
	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
		len += (size_t)snprintf(totals + len, sizeof totals - len, "%s%s=%" PRIu64,
					i ? " " : "", r[i].name, r[i].got);
		if (r[i].got != r[i].want) {
			printf("counters: FAIL %s=%" PRIu64 " expected %" PRIu64 " (lost %" PRId64 ")\n",
			       r[i].name, r[i].got, r[i].want, (int64_t)(r[i].want - r[i].got));
			bad = 1;
		}
	}
	if (mutex_torn) {
		printf("counters: FAIL %" PRIu64 " torn updates seen under the mutex\n", mutex_torn);
		bad = 1;
	}
	if (bad) {
		printf("counters: FAIL threads=%ld iters=%ld %s\n", nthreads, iters, totals);
		return 1;
	}
	printf("counters: OK threads=%ld iters=%ld %s sc_retries=%" PRIu64 "\n", nthreads, iters,
	       totals, lrsc_retries);
	return 0;
}
