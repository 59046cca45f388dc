/* CLINT-compatible ACLINT: MSWI (msip) and MTIMER (mtimecmp, mtime). */
#ifndef STRATO_DEVICES_ACLINT_H
#define STRATO_DEVICES_ACLINT_H

#include "devices/bus.h"
#include "devices/irq.h"

#define ACLINT_SIZE 0x10000

struct aclint;
struct aclint *aclint_create(unsigned nharts, const struct irq_harts *harts);
void aclint_destroy(struct aclint *c);
extern const struct device_ops aclint_ops;

#endif
