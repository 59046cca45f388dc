/*
 * pingpong: two threads pass a token back and forth ROUNDS times through a
 * pthread mutex and two condition variables (futex waits and wakes across
 * harts: IPIs, a sleeping hart woken by another).  Each side checks that the
 * token carries the sequence number it expects, so a lost or duplicated
 * hand-over is caught; a lost wake-up shows as a hang, which the watchdog
 * turns into a failure after TIMEOUT seconds.
 *
 *   pingpong [ROUNDS [TIMEOUT]]      (defaults: 5000 rounds, 120 s)
 *
 * Output: "pingpong: OK <rounds>" and exit 0, or "pingpong: FAIL ..." and exit 1.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond[2] = { PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER };
static int turn;       /* whose turn: 0 (ping) or 1 (pong) */
static long token;     /* incremented by each side at each hand-over */
static long rounds = 5000;
static long errors[2];

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "pingpong: FAIL timeout (a lost wake-up?)\n";
	ssize_t r = write(1, msg, sizeof msg - 1);
	(void)r;
	_exit(1);
}

static void *player(void *arg)
{
	int me = (int)(long)arg, other = !me;

	for (long i = 0; i < rounds; i++) {
		pthread_mutex_lock(&lock);
		while (turn != me)
			pthread_cond_wait(&cond[me], &lock);
		/* ping sees 0, 2, 4, ...; pong sees 1, 3, 5, ... */
		long want = 2 * i + me;
		if (token != want) {
			if (errors[me]++ < 5)
				printf("pingpong: FAIL player %d round %ld: token %ld, expected %ld\n",
				       me, i, token, want);
			token = want;
		}
		token++;
		turn = other;
		pthread_cond_signal(&cond[other]);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long timeout = 120;
	char *end;

	if (argc > 3) {
		fprintf(stderr, "usage: pingpong [ROUNDS [TIMEOUT]]\n");
		return 2;
	}
	if (argc > 1) {
		rounds = strtol(argv[1], &end, 0);
		if (*end || rounds < 1) {
			fprintf(stderr, "pingpong: bad round count '%s'\n", argv[1]);
			return 2;
		}
	}
	if (argc > 2) {
		timeout = strtol(argv[2], &end, 0);
		if (*end || timeout < 1) {
			fprintf(stderr, "pingpong: bad timeout '%s'\n", argv[2]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, on_alarm);
	alarm((unsigned)timeout);

	pthread_t t[2];
	for (long i = 0; i < 2; i++) {
		int e = pthread_create(&t[i], NULL, player, (void *)i);
		if (e) {
			fprintf(stderr, "pingpong: pthread_create: %s\n", strerror(e));
			return 2;
		}
	}
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	alarm(0);

	if (errors[0] || errors[1] || token != 2 * rounds) {
		printf("pingpong: FAIL %ld rounds: token %ld (expected %ld), %ld+%ld bad hand-overs\n",
		       rounds, token, 2 * rounds, errors[0], errors[1]);
		return 1;
	}
	printf("pingpong: OK %ld\n", rounds);
	return 0;
}
