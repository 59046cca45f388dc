/* The scheduler: places vCPUs on host threads.
 *
 * Policy.  By default every vCPU has a host thread of its own (1:1) and the
 * host kernel's scheduler places the threads on physical CPUs.  With
 * --vcpu-threads K < N, N vCPUs share K host threads (M:N): runnable vCPUs
 * wait in one FIFO run queue; a thread runs the vCPU at its head for a time
 * slice of SLICE_MS, then puts it at the tail.  In both modes a vCPU that
 * executes WFI with nothing pending gives up its thread at once and sleeps
 * until a device, another vCPU or the VMM wakes it (sched_wake) or its next
 * timer deadline comes: an idle vCPU costs no host CPU.  A hart stopped
 * through SBI HSM is parked the same way until hart_start.
 */
#include "vmm/sched.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmm/dispatch.h"
#include "vmm/vm.h"

#define SLICE_MS 5

enum { S_RUNNING, S_RUNNABLE, S_WAITING, S_PARKED };

/* Guest ticks are 100 ns since clock_start_ns; condvars use CLOCK_MONOTONIC.
 * A deadline is a guest's comparator value: one too far to express in host
 * nanoseconds (beyond ~29,000 years) never comes, and the caller waits
 * without a timeout.  Computing it anyway would wrap into the past and turn
 * the wait into a busy loop. */
static bool deadline_to_ts(struct vm *vm, uint64_t deadline, struct timespec *ts)
{
    if (deadline > (INT64_MAX - vm->clock_start_ns) / 100)
        return false;
    uint64_t ns = vm->clock_start_ns + deadline * 100;
    ts->tv_sec = (time_t)(ns / 1000000000ULL);
    ts->tv_nsec = (long)(ns % 1000000000ULL);
    return true;
}

static void cond_init_monotonic(pthread_cond_t *c)
{
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(c, &a);
    pthread_condattr_destroy(&a);
}

/* ---- 1:1: each vCPU on its own thread ---- */

static void wait_1to1(struct vcpu_ctx *c, uint64_t deadline)
{
    struct vm *vm = c->vm;
    pthread_mutex_lock(&c->lock);
    while (!c->wake && !atomic_load(&vm->stopping)) {
        struct timespec ts;
        if (!deadline_to_ts(vm, deadline, &ts)) {
            pthread_cond_wait(&c->cond, &c->lock);
            continue;
        }
        if (vm_time(vm) >= deadline)
            break;
        if (pthread_cond_timedwait(&c->cond, &c->lock, &ts) == ETIMEDOUT)
            break;
    }
    c->wake = false;
    pthread_mutex_unlock(&c->lock);
}

static void park_1to1(struct vcpu_ctx *c)
{
    pthread_mutex_lock(&c->lock);
    while (atomic_load(&c->hsm) == HSM_STOPPED && !atomic_load(&c->vm->stopping))
        pthread_cond_wait(&c->cond, &c->lock);
    c->wake = false;
    pthread_mutex_unlock(&c->lock);
}

static void *thread_1to1(void *arg)
{
    struct vcpu_ctx *c = arg;
    for (;;) {
        uint64_t deadline = UINT64_MAX;
        switch (dispatch_run(c, &deadline)) {
        case DISPATCH_CONTINUE:
        case DISPATCH_YIELD:
            break;
        case DISPATCH_WAIT:
            wait_1to1(c, deadline);
            break;
        case DISPATCH_PARK:
            park_1to1(c);
            break;
        case DISPATCH_STOP:
            return NULL;
        }
    }
}

/* ---- M:N: vCPUs share a few threads through a run queue ---- */

static void enqueue(struct sched *s, struct vcpu_ctx *c)
{
    c->sstate = S_RUNNABLE;
    s->runq[(s->head + s->count) % SCHED_MAX] = c;
    s->count++;
    pthread_cond_signal(&s->cond);
}

static struct vcpu_ctx *dequeue(struct sched *s)
{
    if (!s->count)
        return NULL;
    struct vcpu_ctx *c = s->runq[s->head];
    s->head = (s->head + 1) % SCHED_MAX;
    s->count--;
    return c;
}

/* Wake the waiting vCPUs whose deadline has come; returns the next deadline. */
static uint64_t expire_waiters(struct vm *vm)
{
    uint64_t now = vm_time(vm), next = UINT64_MAX;
    for (unsigned i = 0; i < vm->ncpus; i++) {
        struct vcpu_ctx *c = &vm->cpus[i];
        if (c->sstate != S_WAITING)
            continue;
        if (c->deadline <= now)
            enqueue(&vm->sched, c);
        else if (c->deadline < next)
            next = c->deadline;
    }
    return next;
}

static void *thread_mton(void *arg)
{
    struct vm *vm = arg;
    struct sched *s = &vm->sched;
    pthread_mutex_lock(&s->lock);
    while (!atomic_load(&vm->stopping)) {
        uint64_t next = expire_waiters(vm);
        struct vcpu_ctx *c = dequeue(s);
        if (!c) {
            struct timespec ts;
            if (deadline_to_ts(vm, next, &ts))
                pthread_cond_timedwait(&s->cond, &s->lock, &ts);
            else
                pthread_cond_wait(&s->cond, &s->lock);
            continue;
        }
        c->sstate = S_RUNNING;
        c->wake = false;
        pthread_mutex_unlock(&s->lock);

        /* the slice: the engine returns EXIT_INTERRUPT when it is over */
        atomic_store(&c->lines.preempt_at, vm_time(vm) + SLICE_MS * 10000ULL);
        enum dispatch_action a;
        uint64_t deadline = UINT64_MAX;
        while ((a = dispatch_run(c, &deadline)) == DISPATCH_CONTINUE)
            ;
        atomic_store(&c->lines.preempt_at, UINT64_MAX);

        pthread_mutex_lock(&s->lock);
        switch (a) {
        case DISPATCH_WAIT:
            if (c->wake) { /* woken while it was deciding to sleep */
                enqueue(s, c);
            } else {
                c->sstate = S_WAITING;
                c->deadline = deadline;
            }
            break;
        case DISPATCH_PARK:
            if (atomic_load(&c->hsm) == HSM_STOPPED)
                c->sstate = S_PARKED;
            else
                enqueue(s, c);
            break;
        case DISPATCH_YIELD:
        case DISPATCH_CONTINUE:
            enqueue(s, c);
            break;
        case DISPATCH_STOP:
            c->sstate = S_PARKED;
            break;
        }
    }
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* ---- common ---- */

void sched_init(struct vm *vm, unsigned threads)
{
    struct sched *s = &vm->sched;
    memset(s, 0, sizeof(*s));
    s->mton = threads && threads < vm->ncpus;
    s->nthreads = s->mton ? threads : vm->ncpus;
    pthread_mutex_init(&s->lock, NULL);
    cond_init_monotonic(&s->cond);
    for (unsigned i = 0; i < vm->ncpus; i++)
        cond_init_monotonic(&vm->cpus[i].cond);
}

void sched_destroy(struct vm *vm)
{
    pthread_mutex_destroy(&vm->sched.lock);
    pthread_cond_destroy(&vm->sched.cond);
}

int sched_start(struct vm *vm)
{
    struct sched *s = &vm->sched;
    if (s->mton) {
        pthread_mutex_lock(&s->lock);
        for (unsigned i = 0; i < vm->ncpus; i++) {
            struct vcpu_ctx *c = &vm->cpus[i];
            if (atomic_load(&c->hsm) == HSM_STOPPED)
                c->sstate = S_PARKED;
            else
                enqueue(s, c);
        }
        pthread_mutex_unlock(&s->lock);
    }
    for (unsigned i = 0; i < s->nthreads; i++) {
        int r = s->mton ? pthread_create(&s->threads[i], NULL, thread_mton, vm)
                        : pthread_create(&s->threads[i], NULL, thread_1to1, &vm->cpus[i]);
        if (r) {
            fprintf(stderr, "strato: cannot start vCPU thread: %s\n", strerror(r));
            vm_stop(vm, VM_EXIT_HOST_ERROR);
            for (unsigned k = 0; k < i; k++)
                pthread_join(s->threads[k], NULL);
            return -1;
        }
    }
    return 0;
}

void sched_join(struct vm *vm)
{
    for (unsigned i = 0; i < vm->sched.nthreads; i++)
        pthread_join(vm->sched.threads[i], NULL);
}

void sched_wake(struct vcpu_ctx *c)
{
    struct vm *vm = c->vm;
    if (vm->sched.mton) {
        struct sched *s = &vm->sched;
        pthread_mutex_lock(&s->lock);
        if (c->sstate == S_WAITING || (c->sstate == S_PARKED && atomic_load(&c->hsm) != HSM_STOPPED))
            enqueue(s, c);
        else if (c->sstate == S_RUNNING)
            c->wake = true;
        if (atomic_load(&vm->stopping))
            pthread_cond_broadcast(&s->cond);
        pthread_mutex_unlock(&s->lock);
        return;
    }
    pthread_mutex_lock(&c->lock);
    c->wake = true;
    pthread_cond_signal(&c->cond);
    pthread_mutex_unlock(&c->lock);
}
