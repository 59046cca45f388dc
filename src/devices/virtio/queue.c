/* Split virtqueues (virtio spec §2.7): reading descriptor chains from guest
 * memory, giving buffers back, and deciding when to interrupt.
 *
 * The guest owns this memory and may change it at any moment, so every
 * descriptor is copied once and checked on the copy: index in range, chain
 * no longer than the queue, no nested indirect tables, device-readable
 * buffers before device-writable ones, every buffer inside guest RAM.  Any
 * violation fails the device (DEVICE_NEEDS_RESET) instead of being trusted.
 */
#include <stdio.h>
#include <string.h>

#include "devices/virtio/virtio.h"
#include "engine/engine.h"

#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_DESC_F_INDIRECT 4
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

struct vdesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};

static uint8_t *gpa(const struct guest_ram *r, uint64_t addr, uint64_t len)
{
    if (addr < r->base || addr - r->base > r->size || len > r->size - (addr - r->base))
        return NULL;
    return r->host + (addr - r->base);
}

static uint16_t load16(const uint8_t *p)
{
    return __atomic_load_n((const uint16_t *)(const void *)p, __ATOMIC_ACQUIRE);
}

static void store16(uint8_t *p, uint16_t v)
{
    __atomic_store_n((uint16_t *)(void *)p, v, __ATOMIC_RELEASE);
}

/* ring layout: avail = flags, idx, ring[num], used_event;
 *              used  = flags, idx, ring[num] of {id, len}, avail_event */
static uint8_t *avail_idx_p(struct virtio_dev *d, struct virtq *q)
{
    return gpa(&d->ram, q->avail + 2, 2);
}

bool virtq_has_work(struct virtio_dev *d, unsigned qi)
{
    struct virtq *q = &d->vq[qi];
    if (!q->ready || d->broken)
        return false;
    uint8_t *p = avail_idx_p(d, q);
    return p && load16(p) != q->last_avail;
}

/* After the queue runs dry, tell the driver (EVENT_IDX) which avail index
 * should make it notify us next. */
static void set_avail_event(struct virtio_dev *d, struct virtq *q)
{
    uint8_t *p = gpa(&d->ram, q->used + 4 + 8ULL * q->num, 2);
    if (p) {
        store16(p, q->last_avail);
        engine_mem_written(d->ram.emem, q->used + 4 + 8ULL * q->num, 2);
    }
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static int add_seg(struct virtio_dev *d, struct virtq_elem *e, const struct vdesc *v)
{
    if (v->len == 0)
        return 0; /* nothing to transfer; harmless */
    uint8_t *p = gpa(&d->ram, v->addr, v->len);
    if (!p) {
        virtio_fail(d, "descriptor buffer outside guest RAM");
        return -1;
    }
    if (v->flags & VIRTQ_DESC_F_WRITE) {
        if (e->n_in == VIRTQ_MAX_SEGS) {
            virtio_fail(d, "too many descriptors in a chain");
            return -1;
        }
        e->in[e->n_in].iov_base = p;
        e->in[e->n_in].iov_len = v->len;
        e->in_gpa[e->n_in] = v->addr;
        e->n_in++;
        e->in_len += v->len;
    } else {
        if (e->n_in) {
            virtio_fail(d, "device-readable descriptor after a device-writable one");
            return -1;
        }
        if (e->n_out == VIRTQ_MAX_SEGS) {
            virtio_fail(d, "too many descriptors in a chain");
            return -1;
        }
        e->out[e->n_out].iov_base = p;
        e->out[e->n_out].iov_len = v->len;
        e->n_out++;
        e->out_len += v->len;
    }
    return 0;
}

static int read_desc(struct virtio_dev *d, uint64_t table, uint32_t size, uint32_t i, struct vdesc *v)
{
    uint8_t *p = i < size ? gpa(&d->ram, table + 16ULL * i, 16) : NULL;
    if (!p) {
        virtio_fail(d, "descriptor index out of range");
        return -1;
    }
    memcpy(&v->addr, p, 8);
    memcpy(&v->len, p + 8, 4);
    memcpy(&v->flags, p + 12, 2);
    memcpy(&v->next, p + 14, 2);
    return 0;
}

/* An indirect table (§2.7.5.3): its own chain, no further indirection. */
static int walk_indirect(struct virtio_dev *d, struct virtq_elem *e, const struct vdesc *outer)
{
    if (outer->len == 0 || outer->len % 16 || outer->len / 16 > VIRTQ_MAX_SEGS) {
        virtio_fail(d, "indirect descriptor table of bad length");
        return -1;
    }
    if (!gpa(&d->ram, outer->addr, outer->len)) {
        virtio_fail(d, "indirect descriptor table outside guest RAM");
        return -1;
    }
    uint32_t size = outer->len / 16, i = 0;
    for (uint32_t count = 0;; count++) {
        struct vdesc v;
        if (count >= size) {
            virtio_fail(d, "indirect descriptor chain loops");
            return -1;
        }
        if (read_desc(d, outer->addr, size, i, &v))
            return -1;
        if (v.flags & VIRTQ_DESC_F_INDIRECT) {
            virtio_fail(d, "nested indirect descriptor");
            return -1;
        }
        if (add_seg(d, e, &v))
            return -1;
        if (!(v.flags & VIRTQ_DESC_F_NEXT))
            return 0;
        i = v.next;
    }
}

int virtq_pop(struct virtio_dev *d, unsigned qi, struct virtq_elem *e)
{
    struct virtq *q = &d->vq[qi];
    if (!q->ready || d->broken || !(d->status & VIRTIO_STATUS_DRIVER_OK))
        return 0;
    uint8_t *idxp = avail_idx_p(d, q);
    if (!idxp) {
        virtio_fail(d, "available ring outside guest RAM");
        return -1;
    }
    uint16_t avail = load16(idxp);
    if (avail == q->last_avail) {
        if (!virtio_has(d, VIRTIO_F_EVENT_IDX))
            return 0;
        set_avail_event(d, q);
        avail = load16(idxp);
        if (avail == q->last_avail)
            return 0;
    }
    if ((uint16_t)(avail - q->last_avail) > q->num) {
        virtio_fail(d, "available index moved by more than the queue size");
        return -1;
    }
    uint8_t *slot = gpa(&d->ram, q->avail + 4 + 2ULL * (q->last_avail % q->num), 2);
    if (!slot) {
        virtio_fail(d, "available ring outside guest RAM");
        return -1;
    }
    uint16_t head;
    memcpy(&head, slot, 2);
    q->last_avail++;

    e->head = head;
    e->n_out = e->n_in = 0;
    e->out_len = e->in_len = 0;
    uint32_t i = head;
    for (uint32_t count = 0;; count++) {
        struct vdesc v;
        if (count >= q->num) {
            virtio_fail(d, "descriptor chain longer than the queue (a loop?)");
            return -1;
        }
        if (read_desc(d, q->desc, q->num, i, &v))
            return -1;
        if (v.flags & VIRTQ_DESC_F_INDIRECT) {
            if (!virtio_has(d, VIRTIO_F_INDIRECT_DESC) || (v.flags & VIRTQ_DESC_F_NEXT)) {
                virtio_fail(d, "indirect descriptor not allowed here");
                return -1;
            }
            if (walk_indirect(d, e, &v))
                return -1;
            return 1;
        }
        if (add_seg(d, e, &v))
            return -1;
        if (!(v.flags & VIRTQ_DESC_F_NEXT))
            return 1;
        i = v.next;
    }
}

/* Write one used element at used_idx (not yet visible to the driver). */
static bool put_used(struct virtio_dev *d, struct virtq *q, const struct virtq_elem *e,
                     uint32_t written)
{
    uint64_t at = q->used + 4 + 8ULL * (q->used_idx % q->num);
    uint8_t *p = gpa(&d->ram, at, 8);
    if (!p) {
        virtio_fail(d, "used ring outside guest RAM");
        return false;
    }
    /* the buffers the device wrote may hold code the guest will run: all of
     * them, since `written` need not describe where (blk's status byte is last) */
    for (unsigned k = 0; k < e->n_in; k++)
        engine_mem_written(d->ram.emem, e->in_gpa[k], e->in[k].iov_len);
    uint32_t id = e->head;
    memcpy(p, &id, 4);
    memcpy(p + 4, &written, 4);
    engine_mem_written(d->ram.emem, at, 8);
    q->used_idx++;
    return true;
}

/* Make the used elements written so far visible (release: elements first). */
static void publish_used(struct virtio_dev *d, struct virtq *q)
{
    uint8_t *idxp = gpa(&d->ram, q->used + 2, 2);
    if (!idxp) {
        virtio_fail(d, "used ring outside guest RAM");
        return;
    }
    store16(idxp, q->used_idx);
    engine_mem_written(d->ram.emem, q->used + 2, 2);
}

void virtq_push(struct virtio_dev *d, unsigned qi, const struct virtq_elem *e, uint32_t written)
{
    struct virtq *q = &d->vq[qi];
    if (!q->ready || d->broken)
        return;
    if (put_used(d, q, e, written))
        publish_used(d, q);
}

void virtq_push_many(struct virtio_dev *d, unsigned qi, struct virtq_elem *const *e,
                     const uint32_t *written, unsigned n)
{
    struct virtq *q = &d->vq[qi];
    if (!q->ready || d->broken || n == 0)
        return;
    for (unsigned i = 0; i < n; i++)
        if (!put_used(d, q, e[i], written[i]))
            return;
    publish_used(d, q);
}

void virtq_unpop(struct virtio_dev *d, unsigned qi, unsigned n)
{
    d->vq[qi].last_avail -= (uint16_t)n;
}

void virtq_notify(struct virtio_dev *d, unsigned qi)
{
    struct virtq *q = &d->vq[qi];
    if (!q->ready || d->broken)
        return;
    __atomic_thread_fence(__ATOMIC_SEQ_CST); /* used idx before reading the driver's wishes */
    bool need;
    if (virtio_has(d, VIRTIO_F_EVENT_IDX)) {
        uint8_t *p = gpa(&d->ram, q->avail + 4 + 2ULL * q->num, 2);
        uint16_t event = p ? load16(p) : 0;
        uint16_t old = q->signalled, new = q->used_idx;
        /* vring_need_event (§2.7.10): notify if event is in (old, new] */
        need = !q->signalled_valid || (uint16_t)(new - event - 1) < (uint16_t)(new - old);
        q->signalled = new;
        q->signalled_valid = true;
    } else {
        uint8_t *p = gpa(&d->ram, q->avail, 2);
        need = !p || !(load16(p) & VIRTQ_AVAIL_F_NO_INTERRUPT);
    }
    if (need) {
        d->isr |= 1;
        d->set_irq(d->irq_opaque, true);
    }
}

size_t virtq_copy_to_in(struct virtio_dev *d, const struct virtq_elem *e, size_t offset,
                        const void *src, size_t len)
{
    const uint8_t *s = src;
    size_t done = 0;
    (void)d;
    for (unsigned k = 0; k < e->n_in && done < len; k++) {
        size_t seg = e->in[k].iov_len;
        if (offset >= seg) {
            offset -= seg;
            continue;
        }
        size_t n = seg - offset < len - done ? seg - offset : len - done;
        memcpy((uint8_t *)e->in[k].iov_base + offset, s + done, n);
        done += n;
        offset = 0;
    }
    return done;
}

size_t virtq_copy_from_out(const struct virtq_elem *e, size_t offset, void *dst, size_t len)
{
    uint8_t *t = dst;
    size_t done = 0;
    for (unsigned k = 0; k < e->n_out && done < len; k++) {
        size_t seg = e->out[k].iov_len;
        if (offset >= seg) {
            offset -= seg;
            continue;
        }
        size_t n = seg - offset < len - done ? seg - offset : len - done;
        memcpy(t + done, (const uint8_t *)e->out[k].iov_base + offset, n);
        done += n;
        offset = 0;
    }
    return done;
}
