/* virtio-console (virtio spec §5.3): one port, hvc0 in the guest. */
#ifndef STRATO_DEVICES_VIRTIO_CONSOLE_H
#define STRATO_DEVICES_VIRTIO_CONSOLE_H

#include <stddef.h>

#include "devices/virtio/virtio.h"

struct virtio_console_host {
    void (*tx)(void *opaque, const uint8_t *buf, size_t len);
    void (*rx_space)(void *opaque); /* the driver posted receive buffers */
    void *opaque;
};

struct virtio_console;
struct virtio_console *virtio_console_create(const struct virtio_console_host *host);
void virtio_console_destroy(struct virtio_console *c);
/* Host -> guest input (any thread); returns the bytes the guest's buffers took. */
size_t virtio_console_receive(struct virtio_dev *d, const uint8_t *buf, size_t len);
extern const struct virtio_ops virtio_console_ops;

#endif
