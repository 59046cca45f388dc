/* The dispatcher: every exit of a vCPU goes to its handler here.  This loop
 * is the "trap-and-emulate" of the textbook: the engine runs the guest until
 * it needs the VMM, the VMM emulates what was asked, the guest continues. */
#include "vmm/dispatch.h"

#include <stdio.h>
#include <string.h>

#include "devices/bus.h"
#include "vmm/sbi.h"
#include "vmm/sched.h"
#include "vmm/vm.h"

void *dispatch_vcpu_main(void *arg)
{
    struct vcpu_ctx *c = arg;
    struct vm *vm = c->vm;
    struct vcpu *v = c->vcpu;

    while (!atomic_load_explicit(&vm->stopping, memory_order_acquire)) {
        if (atomic_load(&c->hsm) == HSM_STOPPED) { /* SBI HSM: parked until hart_start */
            sched_park(c);
            continue;
        }
        atomic_store(&c->in_guest, true);
        int r = vcpu_run(v);
        atomic_store(&c->in_guest, false);
        if (r) {
            fprintf(stderr, "strato: vCPU %u: engine error: %s\n", c->id, strerror(-r));
            vm_stop(vm, VM_EXIT_HOST_ERROR);
            break;
        }
        struct vcpu_exit *e = &v->exit;
        c->exits[e->reason]++;
        switch (e->reason) {
        case EXIT_MMIO:
            /* emulated devices; an access nothing claims is a guest access fault */
            e->mmio.fault = !bus_access(vm->bus, e->mmio.addr, e->mmio.size, e->mmio.is_write,
                                        &e->mmio.data);
            break;
        case EXIT_SBI:
            sbi_call(vm, c, &e->sbi);
            break;
        case EXIT_WFI:
            sched_wait(c, e->wfi.deadline);
            break;
        case EXIT_INTERRUPT:
            break; /* the loop condition decides */
        case EXIT_SHUTDOWN:
            vm_stop(vm, VM_EXIT_POWEROFF);
            break;
        case EXIT_ERROR:
        default:
            fprintf(stderr, "strato: vCPU %u: %s\n", c->id,
                    e->reason == EXIT_ERROR ? e->error.msg : "unknown exit");
            vm_stop(vm, VM_EXIT_HOST_ERROR);
            break;
        }
    }
    return NULL;
}
