/* The scheduler.  Policy: one host thread per vCPU; the host kernel's
 * scheduler places the threads on physical CPUs.  A vCPU that executes WFI
 * with nothing pending sleeps on a condition variable until a device, another
 * vCPU or the VMM wakes it, or until its next timer deadline: an idle vCPU
 * costs no host CPU. */
#include "vmm/sched.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vmm/vm.h"

int sched_start(struct vm *vm, void *(*vcpu_main)(void *))
{
    for (unsigned i = 0; i < vm->ncpus; i++) {
        int r = pthread_create(&vm->cpus[i].thread, NULL, vcpu_main, &vm->cpus[i]);
        if (r) {
            fprintf(stderr, "strato: cannot start vCPU thread: %s\n", strerror(r));
            vm_stop(vm, VM_EXIT_HOST_ERROR);
            for (unsigned k = 0; k < i; k++)
                pthread_join(vm->cpus[k].thread, NULL);
            return -1;
        }
    }
    return 0;
}

void sched_join(struct vm *vm)
{
    for (unsigned i = 0; i < vm->ncpus; i++)
        pthread_join(vm->cpus[i].thread, NULL);
}

void sched_wait(struct vcpu_ctx *c, uint64_t deadline)
{
    struct vm *vm = c->vm;
    pthread_mutex_lock(&c->lock);
    while (!c->wake && !atomic_load(&vm->stopping)) {
        if (deadline == UINT64_MAX) {
            pthread_cond_wait(&c->cond, &c->lock);
            continue;
        }
        uint64_t now = vm_time(vm);
        if (now >= deadline)
            break;
        /* guest ticks are 100 ns; the condvar clock is CLOCK_MONOTONIC */
        uint64_t ns = vm->clock_start_ns + deadline * 100;
        struct timespec ts = {(time_t)(ns / 1000000000ULL), (long)(ns % 1000000000ULL)};
        int r = pthread_cond_timedwait(&c->cond, &c->lock, &ts);
        if (r == ETIMEDOUT)
            break;
    }
    c->wake = false;
    pthread_mutex_unlock(&c->lock);
}

void sched_wake(struct vcpu_ctx *c)
{
    pthread_mutex_lock(&c->lock);
    c->wake = true;
    pthread_cond_signal(&c->cond);
    pthread_mutex_unlock(&c->lock);
}

void sched_park(struct vcpu_ctx *c)
{
    pthread_mutex_lock(&c->lock);
    while (atomic_load(&c->hsm) == HSM_STOPPED && !atomic_load(&c->vm->stopping))
        pthread_cond_wait(&c->cond, &c->lock);
    c->wake = false;
    pthread_mutex_unlock(&c->lock);
}
