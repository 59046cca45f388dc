/* Platform-Level Interrupt Controller ("sifive,plic-1.0.0"). */
#ifndef STRATO_DEVICES_PLIC_H
#define STRATO_DEVICES_PLIC_H

#include <stdbool.h>

#include "devices/bus.h"
#include "devices/irq.h"

#define PLIC_SIZE 0x4000000
#define PLIC_NUM_SOURCES 64 /* source 0 is "no interrupt": 63 usable */

struct plic;
/* two contexts per hart: 2h = M-mode (MEIP), 2h+1 = S-mode (SEIP) */
struct plic *plic_create(const struct irq_harts *harts);
void plic_destroy(struct plic *p);
/* A device's interrupt line (level-triggered). */
void plic_set_irq(struct plic *p, unsigned source, bool level);
extern const struct device_ops plic_ops;

#endif
