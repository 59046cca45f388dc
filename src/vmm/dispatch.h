/* The dispatcher: every exit of a vCPU goes to its handler. */
#ifndef STRATO_VMM_DISPATCH_H
#define STRATO_VMM_DISPATCH_H

#include <stdint.h>

struct vcpu_ctx;

/* What the scheduler should do with the vCPU after an exit was handled. */
enum dispatch_action {
    DISPATCH_CONTINUE, /* run it again */
    DISPATCH_WAIT,     /* WFI: wait until woken or *deadline */
    DISPATCH_YIELD,    /* its time slice is over, or the host asked it to stop */
    DISPATCH_PARK,     /* SBI HSM stopped it */
    DISPATCH_STOP,     /* the VM is stopping */
};

/* Runs the vCPU until its next exit and handles that exit. */
enum dispatch_action dispatch_run(struct vcpu_ctx *c, uint64_t *deadline);

#endif
