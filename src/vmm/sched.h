/* The scheduler: places vCPUs on host threads (policy in sched.c). */
#ifndef STRATO_VMM_SCHED_H
#define STRATO_VMM_SCHED_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define SCHED_MAX 64

struct vm;
struct vcpu_ctx;

struct sched {
    bool mton;                 /* N vCPUs on fewer threads */
    unsigned nthreads;
    pthread_t threads[SCHED_MAX];
    pthread_mutex_t lock;      /* M:N: the run queue and every vCPU's sstate */
    pthread_cond_t cond;
    struct vcpu_ctx *runq[SCHED_MAX];
    unsigned head, count;
};

/* threads = 0: one thread per vCPU */
void sched_init(struct vm *vm, unsigned threads);
void sched_destroy(struct vm *vm);
int sched_start(struct vm *vm);
void sched_join(struct vm *vm);
/* Something changed for this vCPU (interrupt line, IPI, HSM start, stop
 * request): if it sleeps in WFI or is parked, it becomes runnable. */
void sched_wake(struct vcpu_ctx *c);

#endif
