/* HTIF (host-target interface) of the RISC-V test suites: tohost/fromhost
 * words in RAM, trapped by the engine as MMIO. */
#ifndef STRATO_DEVICES_HTIF_H
#define STRATO_DEVICES_HTIF_H

#include <stdint.h>

#include "devices/bus.h"

struct htif {
    uint8_t *tohost;        /* host pointers to the two words in guest RAM */
    uint8_t *fromhost;      /* may be NULL */
    void (*exit)(void *opaque, unsigned code);
    void (*putc)(void *opaque, uint8_t ch);
    void *opaque;
};
/* map ops at tohost's address with length 8 (and fromhost's likewise) */
extern const struct device_ops htif_tohost_ops;
extern const struct device_ops htif_fromhost_ops;

#endif
