/* How devices reach harts: the interrupt lines of each hart (shared with the
 * engine), the guest clock, and a callback that wakes a sleeping hart. */
#ifndef STRATO_DEVICES_IRQ_H
#define STRATO_DEVICES_IRQ_H

#include "engine/engine.h"

struct irq_harts {
    unsigned n;
    struct vcpu_irq_lines **lines;
    void (*wake)(void *opaque, unsigned hart);
    uint64_t (*time)(void *opaque); /* guest time, timebase ticks */
    void *opaque;
};

#endif
