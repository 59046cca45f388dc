/* virtio-blk (virtio spec §5.2). */
#ifndef STRATO_DEVICES_VIRTIO_BLK_H
#define STRATO_DEVICES_VIRTIO_BLK_H

#include "backends/disk.h"
#include "devices/virtio/virtio.h"

struct virtio_blk;
/* Takes ownership of the open disk. */
struct virtio_blk *virtio_blk_create(struct disk *disk, const char *serial);
void virtio_blk_destroy(struct virtio_blk *b);
extern const struct virtio_ops virtio_blk_ops;
/* per-disk feature bits to add to the device (VIRTIO_BLK_F_RO) */
uint64_t virtio_blk_features(const struct virtio_blk *b);

#endif
