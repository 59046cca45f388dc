/* The virtio-mmio transport, version 2 (virtio spec §4.2.2): feature
 * negotiation, device status and reset, queue setup, notifications and the
 * interrupt status register. */
#include <stdio.h>
#include <string.h>

#include "devices/virtio/virtio.h"

#define VIRTIO_MMIO_MAGIC 0x74726976 /* "virt" */
#define VIRTIO_VENDOR_ID 0x4f525453  /* "STRO" */

enum {
    REG_MAGIC = 0x000, REG_VERSION = 0x004, REG_DEVICE_ID = 0x008, REG_VENDOR_ID = 0x00c,
    REG_DEVICE_FEATURES = 0x010, REG_DEVICE_FEATURES_SEL = 0x014,
    REG_DRIVER_FEATURES = 0x020, REG_DRIVER_FEATURES_SEL = 0x024,
    REG_QUEUE_SEL = 0x030, REG_QUEUE_NUM_MAX = 0x034, REG_QUEUE_NUM = 0x038,
    REG_QUEUE_READY = 0x044, REG_QUEUE_NOTIFY = 0x050,
    REG_INTERRUPT_STATUS = 0x060, REG_INTERRUPT_ACK = 0x064, REG_STATUS = 0x070,
    REG_QUEUE_DESC_LOW = 0x080, REG_QUEUE_DESC_HIGH = 0x084,
    REG_QUEUE_DRIVER_LOW = 0x090, REG_QUEUE_DRIVER_HIGH = 0x094,
    REG_QUEUE_DEVICE_LOW = 0x0a0, REG_QUEUE_DEVICE_HIGH = 0x0a4,
    REG_SHM_SEL = 0x0ac, REG_SHM_LEN_LOW = 0x0b0, REG_SHM_LEN_HIGH = 0x0b4,
    REG_SHM_BASE_LOW = 0x0b8, REG_SHM_BASE_HIGH = 0x0bc,
    REG_CONFIG_GENERATION = 0x0fc, REG_CONFIG = 0x100,
};

static uint64_t all_features(const struct virtio_dev *d)
{
    return d->features | VIRTIO_F_VERSION_1 | VIRTIO_F_INDIRECT_DESC | VIRTIO_F_EVENT_IDX;
}

bool virtio_has(const struct virtio_dev *d, uint64_t feature)
{
    return (d->driver_features & feature) != 0;
}

bool virtio_running(const struct virtio_dev *d)
{
    return (d->status & VIRTIO_STATUS_DRIVER_OK) && !d->broken;
}

void virtio_init(struct virtio_dev *d, const struct virtio_ops *ops, void *priv,
                 const struct guest_ram *ram, void (*set_irq)(void *opaque, bool level),
                 void *irq_opaque, uint64_t base)
{
    memset(d, 0, sizeof(*d));
    pthread_mutex_init(&d->lock, NULL);
    d->ops = ops;
    d->features = ops->features;
    d->priv = priv;
    d->ram = *ram;
    d->set_irq = set_irq;
    d->irq_opaque = irq_opaque;
    snprintf(d->label, sizeof(d->label), "%s@%llx", ops->name, (unsigned long long)base);
    for (unsigned i = 0; i < VIRTQ_MAX_QUEUES; i++)
        d->vq[i].num_max = i < ops->num_queues ? ops->queue_max : 0;
}

void virtio_destroy(struct virtio_dev *d)
{
    pthread_mutex_destroy(&d->lock);
}

void virtio_fail(struct virtio_dev *d, const char *why)
{
    if (d->broken)
        return;
    d->broken = true;
    fprintf(stderr, "strato: %s: %s: device needs reset\n", d->label, why);
    if (d->status & VIRTIO_STATUS_DRIVER_OK) {
        d->status |= VIRTIO_STATUS_NEEDS_RESET;
        d->isr |= 2; /* configuration change: the driver reads the status */
        d->set_irq(d->irq_opaque, true);
    }
}

void virtio_config_changed(struct virtio_dev *d)
{
    d->config_generation++;
    if (d->status & VIRTIO_STATUS_DRIVER_OK) {
        d->isr |= 2;
        d->set_irq(d->irq_opaque, true);
    }
}

static void reset(struct virtio_dev *d)
{
    if (d->ops->reset)
        d->ops->reset(d);
    d->status = 0;
    d->driver_features = 0;
    d->dev_features_sel = d->drv_features_sel = d->queue_sel = 0;
    d->isr = 0;
    d->broken = false;
    for (unsigned i = 0; i < VIRTQ_MAX_QUEUES; i++) {
        uint16_t max = d->vq[i].num_max;
        memset(&d->vq[i], 0, sizeof(d->vq[i]));
        d->vq[i].num_max = max;
    }
    d->set_irq(d->irq_opaque, false);
}

static struct virtq *cur_queue(struct virtio_dev *d)
{
    return d->queue_sel < VIRTQ_MAX_QUEUES && d->vq[d->queue_sel].num_max ? &d->vq[d->queue_sel] : NULL;
}

/* QueueReady = 1: the rings must be where the spec allows (§2.7: alignment
 * 16/2/4, sizes a power of two up to QueueNumMax) and inside guest RAM. */
static void queue_enable(struct virtio_dev *d, struct virtq *q)
{
    uint64_t n = q->num;
    if (n == 0 || n > q->num_max || (n & (n - 1)) || (q->desc & 15) || (q->avail & 1) ||
        (q->used & 3)) {
        virtio_fail(d, "queue set up with a bad size or alignment");
        return;
    }
    const struct guest_ram *r = &d->ram;
    uint64_t spans[3][2] = {{q->desc, 16 * n}, {q->avail, 6 + 2 * n}, {q->used, 6 + 8 * n}};
    for (int k = 0; k < 3; k++) {
        uint64_t a = spans[k][0], len = spans[k][1];
        if (a < r->base || a - r->base > r->size || len > r->size - (a - r->base)) {
            virtio_fail(d, "queue rings outside guest RAM");
            return;
        }
    }
    q->last_avail = 0;
    q->used_idx = 0;
    q->signalled_valid = false;
    q->ready = true;
}

static void set_status(struct virtio_dev *d, uint32_t v)
{
    if (v == 0) {
        reset(d);
        return;
    }
    uint32_t old = d->status;
    if ((v & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK)) {
        /* §3.1.1: the driver may only accept offered features; 1.x needs VERSION_1 */
        if ((d->driver_features & ~all_features(d)) || !(d->driver_features & VIRTIO_F_VERSION_1))
            v &= ~(uint32_t)VIRTIO_STATUS_FEATURES_OK;
    }
    d->status = (v & 0xff & ~(uint32_t)VIRTIO_STATUS_NEEDS_RESET) | (old & VIRTIO_STATUS_NEEDS_RESET);
    if ((v & VIRTIO_STATUS_DRIVER_OK) && !(old & VIRTIO_STATUS_DRIVER_OK)) {
        /* broken before DRIVER_OK (bad rings at QueueReady): report it, or the driver waits forever */
        if (d->broken && !(d->status & VIRTIO_STATUS_NEEDS_RESET)) {
            d->status |= VIRTIO_STATUS_NEEDS_RESET;
            d->isr |= 2;
            d->set_irq(d->irq_opaque, true);
        }
        if (d->ops->start)
            d->ops->start(d);
    }
}

static bool mmio_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct virtio_dev *d = dev;
    if (off >= REG_CONFIG) {
        uint32_t co = (uint32_t)(off - REG_CONFIG);
        uint8_t buf[8] = {0};
        if (size > 8 || co >= d->ops->config_size || size > d->ops->config_size - co)
            return false;
        pthread_mutex_lock(&d->lock);
        if (d->ops->config_read)
            d->ops->config_read(d, co, buf, size);
        pthread_mutex_unlock(&d->lock);
        uint64_t v = 0;
        memcpy(&v, buf, size);
        *val = v;
        return true;
    }
    if (size != 4 || (off & 3))
        return false;
    pthread_mutex_lock(&d->lock);
    struct virtq *q = cur_queue(d);
    uint64_t v = 0;
    switch (off) {
    case REG_MAGIC: v = VIRTIO_MMIO_MAGIC; break;
    case REG_VERSION: v = 2; break;
    case REG_DEVICE_ID: v = d->ops->device_id; break;
    case REG_VENDOR_ID: v = VIRTIO_VENDOR_ID; break;
    case REG_DEVICE_FEATURES:
        v = d->dev_features_sel < 2 ? (uint32_t)(all_features(d) >> (32 * d->dev_features_sel)) : 0;
        break;
    case REG_QUEUE_NUM_MAX: v = q ? q->num_max : 0; break;
    case REG_QUEUE_READY: v = q ? q->ready : 0; break;
    case REG_INTERRUPT_STATUS: v = d->isr; break;
    case REG_STATUS: v = d->status; break;
    case REG_SHM_LEN_LOW: case REG_SHM_LEN_HIGH: v = 0xffffffff; break; /* no shared memory */
    case REG_SHM_BASE_LOW: case REG_SHM_BASE_HIGH: v = 0xffffffff; break;
    case REG_CONFIG_GENERATION: v = d->config_generation; break;
    case REG_QUEUE_NUM: v = q ? q->num : 0; break;
    case REG_QUEUE_DESC_LOW: v = q ? (uint32_t)q->desc : 0; break;
    case REG_QUEUE_DESC_HIGH: v = q ? (uint32_t)(q->desc >> 32) : 0; break;
    case REG_QUEUE_DRIVER_LOW: v = q ? (uint32_t)q->avail : 0; break;
    case REG_QUEUE_DRIVER_HIGH: v = q ? (uint32_t)(q->avail >> 32) : 0; break;
    case REG_QUEUE_DEVICE_LOW: v = q ? (uint32_t)q->used : 0; break;
    case REG_QUEUE_DEVICE_HIGH: v = q ? (uint32_t)(q->used >> 32) : 0; break;
    default: v = 0; break; /* write-only and reserved registers read as zero */
    }
    pthread_mutex_unlock(&d->lock);
    *val = v;
    return true;
}

static void set_half(uint64_t *r, bool high, uint32_t v)
{
    *r = high ? (*r & 0xffffffffULL) | ((uint64_t)v << 32) : (*r & ~0xffffffffULL) | v;
}

static bool mmio_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct virtio_dev *d = dev;
    if (off >= REG_CONFIG) {
        uint32_t co = (uint32_t)(off - REG_CONFIG);
        uint8_t buf[8];
        if (size > 8 || co >= d->ops->config_size || size > d->ops->config_size - co)
            return false;
        memcpy(buf, &val, size);
        pthread_mutex_lock(&d->lock);
        if (d->ops->config_write)
            d->ops->config_write(d, co, buf, size);
        pthread_mutex_unlock(&d->lock);
        return true;
    }
    if (size != 4 || (off & 3))
        return false;
    uint32_t v = (uint32_t)val;
    pthread_mutex_lock(&d->lock);
    struct virtq *q = cur_queue(d);
    /* queue registers may only change while the queue is not ready (§4.2.3.2) */
    bool q_ok = q && !q->ready;
    switch (off) {
    case REG_DEVICE_FEATURES_SEL: d->dev_features_sel = v; break;
    case REG_DRIVER_FEATURES_SEL: d->drv_features_sel = v; break;
    case REG_DRIVER_FEATURES:
        if (!(d->status & VIRTIO_STATUS_FEATURES_OK) && d->drv_features_sel < 2) {
            uint64_t f = d->driver_features;
            set_half(&f, d->drv_features_sel == 1, v);
            d->driver_features = f;
        }
        break;
    case REG_QUEUE_SEL: d->queue_sel = v; break;
    case REG_QUEUE_NUM: if (q_ok) q->num = (uint16_t)(v <= 0xffff ? v : 0); break;
    case REG_QUEUE_READY:
        if (q && v == 1 && !q->ready)
            queue_enable(d, q);
        else if (q && v == 0)
            q->ready = false;
        break;
    case REG_QUEUE_NOTIFY:
        if (v < d->ops->num_queues && d->vq[v].ready && virtio_running(d) && d->ops->notify)
            d->ops->notify(d, v);
        break;
    case REG_INTERRUPT_ACK:
        d->isr &= ~v;
        if (!d->isr)
            d->set_irq(d->irq_opaque, false);
        break;
    case REG_STATUS: set_status(d, v); break;
    case REG_QUEUE_DESC_LOW: if (q_ok) set_half(&q->desc, false, v); break;
    case REG_QUEUE_DESC_HIGH: if (q_ok) set_half(&q->desc, true, v); break;
    case REG_QUEUE_DRIVER_LOW: if (q_ok) set_half(&q->avail, false, v); break;
    case REG_QUEUE_DRIVER_HIGH: if (q_ok) set_half(&q->avail, true, v); break;
    case REG_QUEUE_DEVICE_LOW: if (q_ok) set_half(&q->used, false, v); break;
    case REG_QUEUE_DEVICE_HIGH: if (q_ok) set_half(&q->used, true, v); break;
    default: break;
    }
    pthread_mutex_unlock(&d->lock);
    return true;
}

const struct device_ops virtio_mmio_ops = {
    .name = "virtio-mmio",
    .read = mmio_read,
    .write = mmio_write,
};
