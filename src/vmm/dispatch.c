/* The dispatcher: every exit of a vCPU goes to its handler here.  This is
 * the "trap-and-emulate" of the textbook: the engine runs the guest until it
 * needs the VMM, the VMM emulates what was asked, the guest continues.  What
 * happens to the vCPU next (run on, sleep, give up its host thread) is the
 * scheduler's business (sched.c). */
#include "vmm/dispatch.h"

#include <stdio.h>
#include <string.h>

#include "devices/bus.h"
#include "vmm/sbi.h"
#include "vmm/vm.h"

enum dispatch_action dispatch_run(struct vcpu_ctx *c, uint64_t *deadline)
{
    struct vm *vm = c->vm;
    struct vcpu *v = c->vcpu;

    if (atomic_load_explicit(&vm->stopping, memory_order_acquire))
        return DISPATCH_STOP;
    if (atomic_load(&c->hsm) == HSM_STOPPED)
        return DISPATCH_PARK;
    atomic_store(&c->in_guest, true);
    int r = vcpu_run(v);
    atomic_store(&c->in_guest, false);
    if (r) {
        fprintf(stderr, "strato: vCPU %u: engine error: %s\n", c->id, strerror(-r));
        vm_stop(vm, VM_EXIT_HOST_ERROR);
        return DISPATCH_STOP;
    }
    struct vcpu_exit *e = &v->exit;
    c->exits[e->reason]++;
    switch (e->reason) {
    case EXIT_MMIO:
        /* emulated devices; an access nothing claims is a guest access fault */
        e->mmio.fault = !bus_access(vm->bus, e->mmio.addr, e->mmio.size, e->mmio.is_write,
                                    &e->mmio.data);
        return DISPATCH_CONTINUE;
    case EXIT_SBI:
        sbi_call(vm, c, &e->sbi); /* hypercalls */
        return atomic_load(&c->hsm) == HSM_STOPPED ? DISPATCH_PARK : DISPATCH_CONTINUE;
    case EXIT_WFI:
        *deadline = e->wfi.deadline;
        return DISPATCH_WAIT;
    case EXIT_INTERRUPT:
        return atomic_load(&vm->stopping) ? DISPATCH_STOP : DISPATCH_YIELD;
    case EXIT_SHUTDOWN:
        vm_stop(vm, VM_EXIT_POWEROFF);
        return DISPATCH_STOP;
    case EXIT_ERROR:
    default:
        fprintf(stderr, "strato: vCPU %u: %s\n", c->id,
                e->reason == EXIT_ERROR ? e->error.msg : "unknown exit");
        vm_stop(vm, VM_EXIT_HOST_ERROR);
        return DISPATCH_STOP;
    }
}
