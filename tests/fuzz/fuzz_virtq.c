/* libFuzzer target: a hostile guest driver against the virtio-mmio transport,
 * the split virtqueue code and the requests of virtio-blk, virtio-rng and
 * virtio-console.
 *
 * The input is a small program.  Byte 0 picks the device; then comes a
 * driver-style set-up (reset, feature negotiation, queue sizes and ring
 * addresses, DRIVER_OK) whose parameters come from the input, bad ones
 * included; then operations until the input runs out: write descriptors
 * (into the queue's table or anywhere, for indirect tables), publish heads,
 * move the avail index, kick, build whole requests, raw register accesses,
 * raw RAM writes, device resets, console input.
 *
 * Guest RAM is one malloc of exactly RAM_SIZE bytes, so AddressSanitizer
 * reports any host access outside it.  After every operation the target
 * checks what must always hold: a broken device that the driver started
 * shows DEVICE_NEEDS_RESET, a healthy queue has given back every request it
 * took, the interrupt line matches the interrupt status, and console output
 * lies inside guest RAM.
 *
 * make fuzz-smoke (20 s, part of make test) and make fuzz (FUZZ_SECONDS)
 * build and run it; tests/fuzz/make_seeds.sh writes the seed inputs.  The
 * runs close stderr (the device logs a line per broken queue), so replay a
 * failing input to see the message of a failed CHECK:
 *   build/fuzz/fuzz_virtq build/fuzz/crash-...
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "backends/disk.h"
#include "devices/virtio/blk.h"
#include "devices/virtio/console.h"
#include "devices/virtio/rng.h"
#include "devices/virtio/virtio.h"
#include "engine/engine.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE 0x10000ULL           /* 64 KiB */
#define DATA_AREA 0x8000ULL           /* buffers live in the upper half */
#define DISK_BYTES (16 * 512 + 300)   /* a partial last sector is not part of the disk */
#define MMIO_BASE 0x10001000ULL
#define MMIO_SPAN 0x1000              /* what the bus maps per device */

/* virtio-mmio registers (virtio spec §4.2.2) */
enum {
    R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008,
    R_DEV_FEATURES = 0x010, R_DEV_FEATURES_SEL = 0x014,
    R_DRV_FEATURES = 0x020, R_DRV_FEATURES_SEL = 0x024,
    R_QUEUE_SEL = 0x030, R_QUEUE_NUM_MAX = 0x034, R_QUEUE_NUM = 0x038,
    R_QUEUE_READY = 0x044, R_QUEUE_NOTIFY = 0x050,
    R_INT_STATUS = 0x060, R_INT_ACK = 0x064, R_STATUS = 0x070,
    R_DESC_LO = 0x080, R_DESC_HI = 0x084, R_DRIVER_LO = 0x090, R_DRIVER_HI = 0x094,
    R_DEVICE_LO = 0x0a0, R_DEVICE_HI = 0x0a4,
};

enum { D_F_NEXT = 1, D_F_WRITE = 2, D_F_INDIRECT = 4 };
enum { DEV_BLK, DEV_BLK_RO, DEV_RNG, DEV_CONSOLE, DEV_KINDS };

/* ---- the input ---- */

struct input {
    const uint8_t *p;
    size_t n;
};

static uint8_t u8(struct input *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

static uint16_t u16(struct input *in)
{
    uint16_t lo = u8(in);
    return (uint16_t)(lo | (uint16_t)u8(in) << 8);
}

static uint32_t u32(struct input *in)
{
    uint32_t lo = u16(in);
    return lo | (uint32_t)u16(in) << 16;
}

static uint64_t u64(struct input *in)
{
    uint64_t lo = u32(in);
    return lo | (uint64_t)u32(in) << 32;
}

/* ---- the machine: guest RAM, disk image, device ---- */

static uint8_t *ram;            /* exactly RAM_SIZE bytes */
static struct engine_mem *emem;
static int disk_fd = -1;
static char disk_path[64];
static uint8_t disk_pattern[DISK_BYTES];

struct gq {                     /* the driver's view of one queue */
    uint16_t num;
    uint64_t desc, avail, used;
    uint16_t avail_idx;
};

struct fz {
    int kind;
    struct virtio_dev dev;
    void *priv;
    unsigned nq;
    struct gq q[VIRTQ_MAX_QUEUES];
    bool irq_level;
    bool rx_wanted;
    uint64_t tx_sum;
    uint64_t bump;              /* next free offset in the data area */
};

/* noinline: the stack trace names the failed CHECK's line (libFuzzer runs
 * with stderr closed, so the message shows only when replaying an input) */
__attribute__((noinline, noreturn)) static void die(const char *what)
{
    fprintf(stderr, "fuzz_virtq: %s\n", what);
    abort();
}

#define CHECK(cond)                                                             \
    do {                                                                        \
        if (!(cond))                                                            \
            die("check failed: " #cond);                                        \
    } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ram = malloc(RAM_SIZE);
    if (!ram)
        die("out of memory");
    emem = engine_mem_create(RAM_BASE, RAM_SIZE, ram);
    if (!emem)
        die("engine_mem_create failed");
    /* the disk image: an anonymous file, opened again by path for each input
     * (a fresh open file description, so the OFD lock is taken and dropped) */
    disk_fd = memfd_create("strato-fuzz-disk", MFD_CLOEXEC);
    if (disk_fd < 0)
        die("memfd_create failed");
    snprintf(disk_path, sizeof(disk_path), "/proc/self/fd/%d", disk_fd);
    for (size_t i = 0; i < DISK_BYTES; i++)
        disk_pattern[i] = (uint8_t)(i * 7 + i / 512);
    return 0;
}

static void set_irq(void *opaque, bool level)
{
    ((struct fz *)opaque)->irq_level = level;
}

static void con_tx(void *opaque, const uint8_t *buf, size_t len)
{
    struct fz *f = opaque;
    /* the device hands out guest buffers only */
    CHECK(buf >= ram && len <= RAM_SIZE && (size_t)(buf - ram) <= RAM_SIZE - len);
    for (size_t i = 0; i < len; i++)
        f->tx_sum += buf[i];
}

static void con_rx_space(void *opaque)
{
    ((struct fz *)opaque)->rx_wanted = true; /* the device lock is held: no receive here */
}

static uint32_t rd(struct fz *f, uint64_t off)
{
    uint64_t v = 0;
    if (!virtio_mmio_ops.read(&f->dev, off, 4, &v))
        return 0xdeadbeef;
    return (uint32_t)v;
}

static void wr(struct fz *f, uint64_t off, uint32_t v)
{
    virtio_mmio_ops.write(&f->dev, off, 4, v);
}

static void wr64(struct fz *f, uint64_t lo_reg, uint64_t v)
{
    wr(f, lo_reg, (uint32_t)v);
    wr(f, lo_reg + 4, (uint32_t)(v >> 32));
}

static bool in_ram(uint64_t a, uint64_t len)
{
    return a >= RAM_BASE && a - RAM_BASE <= RAM_SIZE && len <= RAM_SIZE - (a - RAM_BASE);
}

/* the guest writes its own memory (where it has some) */
static void poke(uint64_t a, const void *src, size_t len)
{
    if (in_ram(a, len))
        memcpy(ram + (a - RAM_BASE), src, len);
}

static void poke16(uint64_t a, uint16_t v) { poke(a, &v, 2); }

/* A guest-physical address: mostly in RAM, sometimes at its edges or
 * anywhere; aligned to `align` unless the input says otherwise. */
static uint64_t pick_addr(struct input *in, uint64_t align)
{
    uint8_t mode = u8(in);
    uint64_t a;
    switch (mode & 3) {
    case 0:
    case 1:
        a = RAM_BASE + u16(in);
        break;
    case 2: {
        uint64_t edge = mode & 4 ? RAM_BASE + RAM_SIZE : RAM_BASE;
        a = edge + (uint64_t)(int64_t)(int8_t)u8(in);
        break;
    }
    default:
        a = u64(in);
        break;
    }
    if (!(mode & 8))
        a &= ~(align - 1);
    return a;
}

static uint32_t pick_len(struct input *in)
{
    uint8_t mode = u8(in);
    switch (mode & 3) {
    case 0: return mode >> 2;
    case 1: return u8(in);
    case 2: return u16(in);
    default: return u32(in);
    }
}

/* A descriptor index: mostly in range of the queue, sometimes anything. */
static uint16_t pick_index(struct input *in, const struct gq *q)
{
    uint16_t v = u16(in);
    if (v & 0x8000 || q->num == 0)
        return v;
    return (uint16_t)(v % q->num);
}

static struct gq *pick_queue(struct fz *f, struct input *in, unsigned *qi)
{
    *qi = u8(in) % f->nq;
    return &f->q[*qi];
}

static void put_desc(uint64_t at, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
    uint8_t d[16];
    memcpy(d, &addr, 8);
    memcpy(d + 8, &len, 4);
    memcpy(d + 12, &flags, 2);
    memcpy(d + 14, &next, 2);
    poke(at, d, 16);
}

/* publish a head in the avail ring and move the index on */
static void push_head(struct gq *q, uint16_t head)
{
    if (q->num)
        poke16(q->avail + 4 + 2ULL * (q->avail_idx % q->num), head);
    q->avail_idx++;
    poke16(q->avail + 2, q->avail_idx);
}

/* ---- set-up, as a driver does it (virtio spec §3.1.1) ---- */

static bool queue_is_valid(const struct gq *q, uint16_t max)
{
    uint64_t n = q->num;
    return n && n <= max && !(n & (n - 1)) && !(q->desc & 15) && !(q->avail & 1) && !(q->used & 3) &&
           in_ram(q->desc, 16 * n) && in_ram(q->avail, 6 + 2 * n) && in_ram(q->used, 6 + 8 * n);
}

/* after QueueReady = 1: a bad queue is refused and breaks the device; a good
 * one on a healthy device comes up */
static void check_enable(struct fz *f, unsigned qi, bool valid, bool was_broken)
{
    wr(f, R_QUEUE_SEL, qi);
    uint32_t ready = rd(f, R_QUEUE_READY);
    if (!valid)
        CHECK(ready == 0 && f->dev.broken);
    else if (!was_broken)
        CHECK(ready == 1 && !f->dev.broken);
}

static void setup(struct fz *f, struct input *in)
{
    uint8_t flags = u8(in);
    wr(f, R_STATUS, 0);
    CHECK(rd(f, R_STATUS) == 0 && !f->irq_level);
    CHECK(rd(f, R_MAGIC) == 0x74726976 && rd(f, R_VERSION) == 2);
    CHECK(rd(f, R_DEVICE_ID) == f->dev.ops->device_id);
    wr(f, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    wr(f, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);

    wr(f, R_DEV_FEATURES_SEL, 0);
    uint64_t offered = rd(f, R_DEV_FEATURES);
    wr(f, R_DEV_FEATURES_SEL, 1);
    offered |= (uint64_t)rd(f, R_DEV_FEATURES) << 32;
    CHECK(offered & VIRTIO_F_VERSION_1);
    uint64_t want = VIRTIO_F_VERSION_1 | (offered & 0xffffff);
    if (flags & 1)
        want |= VIRTIO_F_EVENT_IDX;
    if (flags & 2)
        want |= VIRTIO_F_INDIRECT_DESC;
    if (flags & 4)
        want = u64(in); /* anything, offered or not */
    wr(f, R_DRV_FEATURES_SEL, 0);
    wr(f, R_DRV_FEATURES, (uint32_t)want);
    wr(f, R_DRV_FEATURES_SEL, 1);
    wr(f, R_DRV_FEATURES, (uint32_t)(want >> 32));
    uint32_t status = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;
    if (!(flags & 8)) {
        status |= VIRTIO_STATUS_FEATURES_OK;
        wr(f, R_STATUS, status);
        bool acceptable = !(want & ~offered) && (want & VIRTIO_F_VERSION_1);
        CHECK(!!(rd(f, R_STATUS) & VIRTIO_STATUS_FEATURES_OK) == acceptable);
        if (!acceptable)
            status &= ~(uint32_t)VIRTIO_STATUS_FEATURES_OK;
    }

    bool all_valid = true;
    for (unsigned i = 0; i < f->nq; i++) {
        struct gq *q = &f->q[i];
        uint8_t qf = u8(in);
        wr(f, R_QUEUE_SEL, i);
        uint32_t max = rd(f, R_QUEUE_NUM_MAX);
        CHECK(max == f->dev.ops->queue_max && rd(f, R_QUEUE_READY) == 0);
        memset(q, 0, sizeof(*q));
        q->num = qf & 1 ? u16(in) : (uint16_t)(max >> (u8(in) % 8));
        if (qf & 2) {
            q->desc = pick_addr(in, 16);
            q->avail = pick_addr(in, 2);
            q->used = pick_addr(in, 4);
        } else { /* the usual layout, queue i at 16 KiB * i */
            q->desc = RAM_BASE + 0x4000ULL * i;
            q->avail = q->desc + 16ULL * q->num;
            q->used = (q->avail + 6 + 2ULL * q->num + 3) & ~3ULL;
        }
        wr(f, R_QUEUE_NUM, q->num);
        wr64(f, R_DESC_LO, q->desc);
        wr64(f, R_DRIVER_LO, q->avail);
        wr64(f, R_DEVICE_LO, q->used);
        CHECK(rd(f, R_QUEUE_NUM) == q->num);
        CHECK((rd(f, R_DESC_LO) | (uint64_t)rd(f, R_DESC_HI) << 32) == q->desc);
        CHECK((rd(f, R_DRIVER_LO) | (uint64_t)rd(f, R_DRIVER_HI) << 32) == q->avail);
        CHECK((rd(f, R_DEVICE_LO) | (uint64_t)rd(f, R_DEVICE_HI) << 32) == q->used);
        if (!(qf & 4)) {
            /* a driver zeroes the rings it hands over */
            if (in_ram(q->avail, 4))
                memset(ram + (q->avail - RAM_BASE), 0, 4);
            if (in_ram(q->used, 4))
                memset(ram + (q->used - RAM_BASE), 0, 4);
            bool was_broken = f->dev.broken;
            wr(f, R_QUEUE_READY, 1);
            bool valid = queue_is_valid(q, (uint16_t)max);
            all_valid = all_valid && valid;
            check_enable(f, i, valid, was_broken);
        }
    }
    if (!(flags & 16)) {
        wr(f, R_STATUS, status | VIRTIO_STATUS_DRIVER_OK);
        uint32_t st = rd(f, R_STATUS);
        CHECK(st & VIRTIO_STATUS_DRIVER_OK);
        /* bad rings must be reported once the driver looks */
        CHECK(!!(st & VIRTIO_STATUS_NEEDS_RESET) == !all_valid);
    }
}

/* ---- invariants ---- */

static void check(struct fz *f)
{
    struct virtio_dev *d = &f->dev;
    uint32_t st = rd(f, R_STATUS);
    if (d->broken && (st & VIRTIO_STATUS_DRIVER_OK))
        CHECK(st & VIRTIO_STATUS_NEEDS_RESET);
    if (!d->broken)
        CHECK(!(st & VIRTIO_STATUS_NEEDS_RESET));
    CHECK((d->isr != 0) == f->irq_level);
    CHECK(rd(f, R_INT_STATUS) == d->isr);
    if (!d->broken)
        for (unsigned i = 0; i < f->nq; i++)
            if (d->vq[i].ready) /* every request taken was given back */
                CHECK(d->vq[i].last_avail == d->vq[i].used_idx);
}

/* ---- operations ---- */

static uint64_t alloc_buf(struct fz *f, uint32_t len)
{
    if (len > RAM_SIZE - DATA_AREA)
        len = RAM_SIZE - DATA_AREA;
    if (f->bump + len > RAM_SIZE)
        f->bump = DATA_AREA;
    uint64_t a = RAM_BASE + f->bump;
    f->bump = (f->bump + len + 15) & ~15ULL;
    return a;
}

/* A whole request: a chain of buffers in the data area, shaped like a
 * virtio-blk request (header, data, status byte) or free-form, direct or
 * through an indirect table; then published and kicked. */
static void build_request(struct fz *f, struct input *in)
{
    unsigned qi;
    struct gq *q = pick_queue(f, in, &qi);
    uint8_t shape = u8(in);
    unsigned nseg = 1 + u8(in) % 6;
    uint64_t addr[8];
    uint32_t len[8];
    uint16_t flg[8];
    unsigned n = 0;
    if (shape & 1) { /* blk: header, data, status */
        static const uint32_t types[] = {0, 1, 4, 8, 11, 13, 2};
        uint8_t hdr[16] = {0};
        uint8_t t = u8(in);
        uint32_t type = t < 0xf0 ? types[t % 7] : u32(in);
        uint64_t sector = t & 0x80 ? u64(in) : u8(in) % 20;
        memcpy(hdr, &type, 4);
        memcpy(hdr + 8, &sector, 8);
        addr[n] = alloc_buf(f, 16);
        len[n] = 16;
        flg[n++] = 0;
        poke(addr[0], hdr, 16);
        for (unsigned s = 0; s + 2 < nseg + 1 && n < 7; s++) {
            uint8_t b = u8(in);
            len[n] = b & 0x80 ? 512u * (1 + (b & 3)) : b & 0x40 ? (uint32_t)(b & 0x3f) : 16;
            addr[n] = alloc_buf(f, len[n]);
            /* reads fill buffers; every other request carries data to the device */
            flg[n] = type == 0 || type == 8 ? D_F_WRITE : 0;
            if (b & 0x20)
                flg[n] ^= D_F_WRITE;
            if ((type == 11 || type == 13) && len[n] == 16) { /* a discard / write-zeroes range */
                uint64_t sec = u8(in) % 20;
                uint32_t num = u8(in) % 8, fl = b & 0x10 ? u32(in) : (uint32_t)(b & 1);
                poke(addr[n], &sec, 8);
                poke(addr[n] + 8, &num, 4);
                poke(addr[n] + 12, &fl, 4);
            } else {
                for (uint32_t k = 0; k < len[n] && k < 64; k++)
                    poke(addr[n] + k, &(uint8_t){(uint8_t)(k + b)}, 1);
            }
            n++;
        }
        addr[n] = alloc_buf(f, 1);
        len[n] = 1;
        flg[n++] = D_F_WRITE;
    } else {
        for (unsigned s = 0; s < nseg; s++) {
            uint8_t b = u8(in);
            len[n] = b & 0x80 ? (uint32_t)u16(in) % 4096 : (uint32_t)(b & 0x3f);
            addr[n] = b & 0x40 ? pick_addr(in, 1) : alloc_buf(f, len[n]);
            flg[n++] = b & 0x20 ? D_F_WRITE : 0;
        }
    }
    uint16_t head = q->num ? (uint16_t)(u8(in) % q->num) : 0;
    if (shape & 2) { /* through an indirect table */
        uint64_t table = alloc_buf(f, 16 * n);
        for (unsigned k = 0; k < n; k++)
            put_desc(table + 16 * k, addr[k], len[k], (uint16_t)(flg[k] | (k + 1 < n ? D_F_NEXT : 0)),
                     (uint16_t)(k + 1));
        put_desc(q->desc + 16ULL * head, table, 16 * n, D_F_INDIRECT, 0);
    } else {
        for (unsigned k = 0; k < n; k++) {
            uint16_t at = q->num ? (uint16_t)((head + k) % q->num) : 0;
            uint16_t next = q->num ? (uint16_t)((head + k + 1) % q->num) : 0;
            put_desc(q->desc + 16ULL * at, addr[k], len[k],
                     (uint16_t)(flg[k] | (k + 1 < n ? D_F_NEXT : 0)), next);
        }
    }
    push_head(q, head);
    if (!(shape & 4))
        wr(f, R_QUEUE_NOTIFY, qi);
}

static void op(struct fz *f, struct input *in)
{
    uint8_t o = u8(in);
    unsigned qi;
    struct gq *q;
    switch ((o & 0x7f) % 14) { /* the top bit modifies some operations */
    case 0: { /* a descriptor in the queue's table */
        q = pick_queue(f, in, &qi);
        uint16_t i = pick_index(in, q);
        uint64_t a = pick_addr(in, 1);
        uint32_t len = pick_len(in);
        uint16_t fl = u8(in);
        uint16_t next = pick_index(in, q);
        put_desc(q->desc + 16ULL * i, a, len, o & 0x80 ? fl : fl & 7, next);
        break;
    }
    case 1: { /* a descriptor anywhere (an indirect table) */
        if (o & 0x80) { /* or a whole long table, published: segment limits */
            q = pick_queue(f, in, &qi);
            uint64_t table = pick_addr(in, 16);
            uint32_t n = 1 + u16(in) % 1100;
            uint8_t wmask = u8(in);
            for (uint32_t k = 0; k < n; k++)
                put_desc(table + 16ULL * k, RAM_BASE + DATA_AREA + (k & 0x7fff), 1 + (k & 7),
                         (uint16_t)((k + 1 < n ? D_F_NEXT : 0) | (k >= wmask ? D_F_WRITE : 0)),
                         (uint16_t)(k + 1));
            uint16_t head = pick_index(in, q);
            put_desc(q->desc + 16ULL * head, table, 16 * n, D_F_INDIRECT, 0);
            push_head(q, head);
            break;
        }
        uint64_t at = pick_addr(in, 16);
        uint64_t a = pick_addr(in, 1);
        uint32_t len = pick_len(in);
        uint16_t fl = u8(in);
        uint16_t next = u8(in);
        put_desc(at, a, len, fl & 7, next);
        break;
    }
    case 2: /* publish a head */
        q = pick_queue(f, in, &qi);
        push_head(q, pick_index(in, q));
        break;
    case 3: /* move the avail index anywhere */
        q = pick_queue(f, in, &qi);
        q->avail_idx = o & 0x80 ? u16(in) : (uint16_t)(q->avail_idx + (int8_t)u8(in));
        poke16(q->avail + 2, q->avail_idx);
        break;
    case 4: /* kick */
        wr(f, R_QUEUE_NOTIFY, o & 0x80 ? u32(in) : u8(in) % f->nq);
        break;
    case 5: { /* any register write, any size */
        uint64_t off = u16(in) % MMIO_SPAN;
        unsigned size = 1u << (u8(in) % 4);
        virtio_mmio_ops.write(&f->dev, off, size, u64(in));
        break;
    }
    case 6: { /* any register read, any size */
        uint64_t off = u16(in) % MMIO_SPAN, v;
        unsigned size = 1u << (u8(in) % 4);
        virtio_mmio_ops.read(&f->dev, off, size, &v);
        break;
    }
    case 7: { /* the guest scribbles on its RAM (rings included) */
        uint64_t a = pick_addr(in, 1);
        uint8_t buf[32];
        size_t n = u8(in) % sizeof(buf);
        for (size_t k = 0; k < n; k++)
            buf[k] = u8(in);
        poke(a, buf, n);
        break;
    }
    case 8: /* reset and set up again */
        setup(f, in);
        break;
    case 9: { /* host input for the console (or for nothing) */
        uint8_t buf[64];
        size_t n = u8(in) % sizeof(buf);
        for (size_t k = 0; k < n; k++)
            buf[k] = u8(in);
        if (f->kind == DEV_CONSOLE) {
            size_t took = virtio_console_receive(&f->dev, buf, n);
            CHECK(took <= n);
        }
        break;
    }
    case 10:
        build_request(f, in);
        break;
    case 11: /* acknowledge interrupts */
        wr(f, R_INT_ACK, o & 0x80 ? u32(in) : rd(f, R_INT_STATUS));
        break;
    case 12: /* avail flags or used_event */
        q = pick_queue(f, in, &qi);
        poke16(o & 0x80 ? q->avail : q->avail + 4 + 2ULL * q->num, u16(in));
        break;
    default: { /* take a queue down and bring it up elsewhere */
        q = pick_queue(f, in, &qi);
        wr(f, R_QUEUE_SEL, qi);
        wr(f, R_QUEUE_READY, 0);
        q->num = o & 0x80 ? u16(in) : (uint16_t)(f->dev.ops->queue_max >> (u8(in) % 8));
        q->desc = pick_addr(in, 16);
        q->avail = pick_addr(in, 2);
        q->used = pick_addr(in, 4);
        q->avail_idx = 0;
        wr(f, R_QUEUE_NUM, q->num);
        wr64(f, R_DESC_LO, q->desc);
        wr64(f, R_DRIVER_LO, q->avail);
        wr64(f, R_DEVICE_LO, q->used);
        poke16(q->avail + 2, 0);
        bool was_broken = f->dev.broken;
        wr(f, R_QUEUE_READY, 1);
        check_enable(f, qi, queue_is_valid(q, f->dev.ops->queue_max), was_broken);
        break;
    }
    }
    if (f->rx_wanted && f->kind == DEV_CONSOLE) {
        f->rx_wanted = false;
        static const uint8_t hello[] = "hello from the host\n";
        virtio_console_receive(&f->dev, hello, sizeof(hello) - 1);
    }
    check(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = {data, size};
    static struct fz f;
    memset(&f, 0, sizeof(f));
    memset(ram, 0, RAM_SIZE);
    f.kind = u8(&in) % DEV_KINDS;
    f.bump = DATA_AREA;
    struct guest_ram gr = {ram, RAM_BASE, RAM_SIZE, emem};
    const struct virtio_ops *ops;
    uint64_t extra = 0;
    switch (f.kind) {
    case DEV_BLK:
    case DEV_BLK_RO: {
        if (ftruncate(disk_fd, 0) || pwrite(disk_fd, disk_pattern, DISK_BYTES, 0) != DISK_BYTES)
            die("cannot write the disk image");
        struct disk dk;
        char err[256];
        if (disk_open(&dk, disk_path, f.kind == DEV_BLK_RO, err, sizeof(err)))
            die(err);
        struct virtio_blk *b = virtio_blk_create(&dk, "fuzz-serial-0123456789");
        if (!b)
            die("virtio_blk_create failed");
        f.priv = b;
        ops = &virtio_blk_ops;
        extra = virtio_blk_features(b);
        break;
    }
    case DEV_RNG:
        f.priv = virtio_rng_create();
        ops = &virtio_rng_ops;
        break;
    default: {
        struct virtio_console_host h = {con_tx, con_rx_space, &f};
        f.priv = virtio_console_create(&h);
        ops = &virtio_console_ops;
        break;
    }
    }
    if (!f.priv)
        die("cannot create the device");
    virtio_init(&f.dev, ops, f.priv, &gr, set_irq, &f, MMIO_BASE);
    f.dev.features |= extra;
    f.nq = ops->num_queues;

    setup(&f, &in);
    check(&f);
    while (in.n)
        op(&f, &in);

    virtio_destroy(&f.dev);
    switch (f.kind) {
    case DEV_BLK:
    case DEV_BLK_RO: virtio_blk_destroy(f.priv); break;
    case DEV_RNG: virtio_rng_destroy(f.priv); break;
    default: virtio_console_destroy(f.priv); break;
    }
    return 0;
}
