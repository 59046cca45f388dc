/* 16550A UART ("ns16550a"), the console of strato-virt. */
#ifndef STRATO_DEVICES_UART16550_H
#define STRATO_DEVICES_UART16550_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/bus.h"

#define UART_SIZE 0x100

struct uart_host {
    void (*tx)(void *opaque, const uint8_t *buf, size_t len); /* bytes the guest sent */
    void (*rx_space)(void *opaque);      /* the receive FIFO has room again */
    void (*set_irq)(void *opaque, bool level);
    void *opaque;
};

struct uart16550;
struct uart16550 *uart_create(const struct uart_host *host);
void uart_destroy(struct uart16550 *u);
/* Host -> guest bytes; returns how many fitted in the receive FIFO. */
size_t uart_receive(struct uart16550 *u, const uint8_t *buf, size_t len);
extern const struct device_ops uart_ops;

#endif
