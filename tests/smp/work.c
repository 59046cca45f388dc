/*
 * work: a parallel CPU-bound workload for bench/smp.sh.  THREADS threads each
 * do the same fixed amount of integer work -- UNITS units of a prime sieve
 * over 128 Ki numbers (byte stores and loads, branches) and 64 Ki rounds of a
 * 64-bit hash mix (mul, shifts, xors) -- with no sharing between threads, so
 * on N idle harts N threads should take as long as one.
 *
 *   work [THREADS [UNITS]]          (defaults: 1 thread, 40 units)
 *
 * Prints, measured inside the guest with clock_gettime(CLOCK_MONOTONIC) from
 * the moment all threads are released until the last one finishes:
 *   work: threads=T units=U elapsed=S.SSSSSS checksum=0x...
 * and exits 0; exits 1 if a sieve gives the wrong prime count.  The checksum
 * of thread t depends only on t, so it is the same on any machine.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SIEVE_N (1u << 17)
#define SIEVE_PRIMES 12251u /* primes below 131072 */
#define HASH_ROUNDS (1u << 16)

struct job {
	pthread_t tid;
	unsigned index;
	uint64_t sum;
	int bad;
	unsigned char sieve[SIEVE_N];
};

static long units = 40;
static pthread_barrier_t start;

static unsigned sieve(unsigned char *s)
{
	unsigned count = 0;
	memset(s, 1, SIEVE_N);
	s[0] = s[1] = 0;
	for (unsigned i = 2; i * i < SIEVE_N; i++)
		if (s[i])
			for (unsigned j = i * i; j < SIEVE_N; j += i)
				s[j] = 0;
	for (unsigned i = 0; i < SIEVE_N; i++)
		count += s[i];
	return count;
}

static uint64_t mix(uint64_t h, uint64_t x)
{
	h ^= x;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 29;
	return h;
}

static void *worker(void *arg)
{
	struct job *j = arg;
	uint64_t h = 0x9e3779b97f4a7c15ull * (j->index + 1);

	pthread_barrier_wait(&start);
	for (long u = 0; u < units; u++) {
		unsigned primes = sieve(j->sieve);
		if (primes != SIEVE_PRIMES)
			j->bad = 1;
		/* fold a few sieve bytes in, so the sieve's result is used */
		h = mix(h, primes + j->sieve[(h >> 7) % SIEVE_N]);
		uint64_t x = h | 1;
		for (unsigned r = 0; r < HASH_ROUNDS; r++) {
			x ^= x << 13; /* xorshift64 */
			x ^= x >> 7;
			x ^= x << 17;
			h = mix(h, x + r);
		}
	}
	j->sum = h;
	return NULL;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	long nthreads = 1;
	char *end;

	if (argc > 3) {
		fprintf(stderr, "usage: work [THREADS [UNITS]]\n");
		return 2;
	}
	if (argc > 1) {
		nthreads = strtol(argv[1], &end, 0);
		if (*end || nthreads < 1 || nthreads > 256) {
			fprintf(stderr, "work: bad thread count '%s'\n", argv[1]);
			return 2;
		}
	}
	if (argc > 2) {
		units = strtol(argv[2], &end, 0);
		if (*end || units < 1) {
			fprintf(stderr, "work: bad unit count '%s'\n", argv[2]);
			return 2;
		}
	}
	struct job *jobs = calloc((size_t)nthreads, sizeof *jobs);
	/* the main thread is the barrier's last member: the clock starts when
	 * every worker is ready */
	if (!jobs || pthread_barrier_init(&start, NULL, (unsigned)nthreads + 1) != 0) {
		fprintf(stderr, "work: out of memory\n");
		return 2;
	}
	for (long t = 0; t < nthreads; t++) {
		jobs[t].index = (unsigned)t;
		if (pthread_create(&jobs[t].tid, NULL, worker, &jobs[t]) != 0) {
			fprintf(stderr, "work: pthread_create failed\n");
			return 2;
		}
	}
	pthread_barrier_wait(&start);
	double t0 = now();
	for (long t = 0; t < nthreads; t++)
		pthread_join(jobs[t].tid, NULL);
	double elapsed = now() - t0;

	uint64_t sum = 0;
	int bad = 0;
	for (long t = 0; t < nthreads; t++) {
		sum = mix(sum, jobs[t].sum);
		bad |= jobs[t].bad;
	}
	printf("work: threads=%ld units=%ld elapsed=%.6f checksum=0x%016" PRIx64 "%s\n", nthreads,
	       units, elapsed, sum, bad ? " FAIL (wrong prime count)" : "");
	return bad;
}
