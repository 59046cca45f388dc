/* virtio-rng (virtio spec §5.4): entropy from the host's getrandom(). */
#ifndef STRATO_DEVICES_VIRTIO_RNG_H
#define STRATO_DEVICES_VIRTIO_RNG_H

#include "devices/virtio/virtio.h"

struct virtio_rng;
struct virtio_rng *virtio_rng_create(void);
void virtio_rng_destroy(struct virtio_rng *r);
extern const struct virtio_ops virtio_rng_ops;

#endif
