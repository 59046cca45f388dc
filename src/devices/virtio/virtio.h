/* Paravirtual I/O: virtio 1.2 devices on the MMIO transport (version 2) with
 * split virtqueues (virtio spec §2.7, §4.2).
 *
 * A device (blk, net, console, rng) is a set of callbacks on top of the
 * transport: it reads requests from its queues with virtq_pop, which checks
 * every descriptor against guest RAM and the spec's rules, and completes them
 * with virtq_push + virtq_notify.  A malformed queue never reaches the
 * device: the transport sets DEVICE_NEEDS_RESET, logs one line and stops
 * using that device until the driver resets it.
 */
#ifndef STRATO_DEVICES_VIRTIO_H
#define STRATO_DEVICES_VIRTIO_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "devices/bus.h"

#define VIRTIO_MMIO_SIZE 0x200

/* feature bits (virtio spec §6) */
#define VIRTIO_F_INDIRECT_DESC (1ULL << 28)
#define VIRTIO_F_EVENT_IDX (1ULL << 29)
#define VIRTIO_F_VERSION_1 (1ULL << 32)

/* device status (§2.1) */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED 0x80

enum { VIRTQ_MAX_QUEUES = 8, VIRTQ_MAX_SIZE = 1024, VIRTQ_MAX_SEGS = 1024 };

/* Guest RAM as devices see it (DMA). */
struct guest_ram {
    uint8_t *host;
    uint64_t base, size;
    struct engine_mem *emem; /* told about device writes, so decoded code stays coherent */
};

struct virtq {
    uint16_t num, num_max;
    bool ready;
    uint64_t desc, avail, used; /* guest-physical addresses */
    uint16_t last_avail;        /* next avail ring entry the device consumes */
    uint16_t used_idx;          /* the device's copy of used->idx */
    uint16_t signalled;         /* used_idx at the last interrupt (EVENT_IDX) */
    bool signalled_valid;
};

/* One request: the buffers of a descriptor chain, device-readable ones
 * (out) first, then device-writable ones (in). */
struct virtq_elem {
    uint16_t head;
    unsigned n_out, n_in;
    size_t out_len, in_len;
    struct iovec out[VIRTQ_MAX_SEGS];
    struct iovec in[VIRTQ_MAX_SEGS];
    uint64_t in_gpa[VIRTQ_MAX_SEGS];
};

struct virtio_dev;

struct virtio_ops {
    const char *name;
    uint32_t device_id;
    unsigned num_queues;
    uint16_t queue_max;
    uint64_t features;       /* device-specific bits; the transport adds its own */
    uint32_t config_size;
    /* config space (little-endian bytes); called with the device lock held */
    void (*config_read)(struct virtio_dev *d, uint32_t off, uint8_t *buf, unsigned len);
    void (*config_write)(struct virtio_dev *d, uint32_t off, const uint8_t *buf, unsigned len);
    /* the driver kicked queue q (vCPU thread, device lock held) */
    void (*notify)(struct virtio_dev *d, unsigned q);
    /* DRIVER_OK was set (lock held) */
    void (*start)(struct virtio_dev *d);
    /* the driver reset the device (lock held): drop in-flight state */
    void (*reset)(struct virtio_dev *d);
};

struct virtio_dev {
    pthread_mutex_t lock;
    const struct virtio_ops *ops;
    void *priv;                 /* the device's own state */
    struct guest_ram ram;
    void (*set_irq)(void *opaque, bool level);
    void *irq_opaque;
    char label[32];             /* "virtio-blk@10001000" for messages */

    uint64_t features;          /* offered: ops->features plus per-instance bits */
    uint32_t status;
    uint64_t driver_features;
    uint32_t dev_features_sel, drv_features_sel, queue_sel;
    uint32_t isr;
    uint32_t config_generation;
    bool broken;                /* DEVICE_NEEDS_RESET was raised */
    struct virtq vq[VIRTQ_MAX_QUEUES];
};

void virtio_init(struct virtio_dev *d, const struct virtio_ops *ops, void *priv,
                 const struct guest_ram *ram, void (*set_irq)(void *opaque, bool level),
                 void *irq_opaque, uint64_t base);
void virtio_destroy(struct virtio_dev *d);
extern const struct device_ops virtio_mmio_ops;

/* True once the driver has set DRIVER_OK and the device is usable. */
bool virtio_running(const struct virtio_dev *d);
bool virtio_has(const struct virtio_dev *d, uint64_t feature);
/* Take the next request of queue q: 1 = got one, 0 = queue empty, -1 = the
 * queue is malformed (the device is now marked as needing a reset). */
int virtq_pop(struct virtio_dev *d, unsigned q, struct virtq_elem *e);
/* Give a request back to the driver with `written` bytes in its in-buffers. */
void virtq_push(struct virtio_dev *d, unsigned q, const struct virtq_elem *e, uint32_t written);
/* virtq_push for n requests at once: the driver sees all of them or none
 * (virtio-net's mergeable receive buffers). */
void virtq_push_many(struct virtio_dev *d, unsigned q, struct virtq_elem *const *e,
                     const uint32_t *written, unsigned n);
/* Put back the last n requests virtq_pop took, unused: they stay available
 * (virtio-net: a frame that did not fit in the buffers there were). */
void virtq_unpop(struct virtio_dev *d, unsigned q, unsigned n);
/* Interrupt the driver for queue q if it wants one (EVENT_IDX aware). */
void virtq_notify(struct virtio_dev *d, unsigned q);
/* Has queue q new requests? */
bool virtq_has_work(struct virtio_dev *d, unsigned q);
/* Copy into / out of a request's buffers; return bytes copied. */
size_t virtq_copy_to_in(struct virtio_dev *d, const struct virtq_elem *e, size_t offset,
                        const void *src, size_t len);
size_t virtq_copy_from_out(const struct virtq_elem *e, size_t offset, void *dst, size_t len);
/* Mark the device as needing a reset (malformed request), with one log line. */
void virtio_fail(struct virtio_dev *d, const char *why);
/* The device's configuration changed (e.g. link status). */
void virtio_config_changed(struct virtio_dev *d);

#endif
