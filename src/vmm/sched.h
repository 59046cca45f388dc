/* The scheduler: places vCPUs on host threads. */
#ifndef STRATO_VMM_SCHED_H
#define STRATO_VMM_SCHED_H

#include <stdint.h>

struct vm;
struct vcpu_ctx;

int sched_start(struct vm *vm, void *(*vcpu_main)(void *));
void sched_join(struct vm *vm);
/* The vCPU waits for an interrupt (WFI): sleep until woken or until the
 * guest clock reaches deadline (timebase ticks, UINT64_MAX = none). */
void sched_wait(struct vcpu_ctx *c, uint64_t deadline);
/* A stopped hart (SBI HSM) waits here until started or the VM stops. */
void sched_park(struct vcpu_ctx *c);
/* Something changed for this vCPU (interrupt line, IPI, stop request). */
void sched_wake(struct vcpu_ctx *c);

#endif
