/* libFuzzer target: a hostile guest driver (and a busy network) against
 * virtio-net.  Built and run by make fuzz-smoke / make fuzz (clang, ASan+UBSan).
 *
 * The input is a program: byte 0 picks the features the driver takes; then
 * operations until the input runs out: write a descriptor (any address,
 * length up to 96 KiB, any flags and next) into the receive or transmit
 * table, publish a head, move an avail index anywhere, kick a queue, a frame
 * from the backend (any length up to 70000 bytes), the event loop's tick,
 * raw RAM writes, a device reset and restart, config-space reads.
 *
 * Guest RAM is one malloc of exactly RAM_SIZE bytes, so AddressSanitizer
 * reports any access outside it.  After every operation the target checks
 * what must hold: frames handed to the backend are whole Ethernet frames no
 * larger than NET_MAX_FRAME, the device holds no buffer between operations
 * (each one it took is used or put back), and the interrupt line follows
 * the interrupt status register.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/evloop.h"
#include "backends/net_backend.h"
#include "devices/virtio/net.h"
#include "devices/virtio/virtio.h"
#include "engine/engine.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE 0x20000ULL /* 128 KiB */
#define QSIZE 16
#define RING(q, k) (RAM_BASE + 0x1000ULL * (3 * (q) + (k))) /* k: 0 desc, 1 avail, 2 used */

#define CHECK(c)                                                                \
    do {                                                                        \
        if (!(c)) {                                                             \
            fprintf(stderr, "CHECK failed: %s (%s:%d)\n", #c, __FILE__, __LINE__); \
            abort();                                                            \
        }                                                                       \
    } while (0)

static uint8_t *ram;
static struct engine_mem *mem;
static struct evloop *loop;
static struct virtio_dev dev;
static struct virtio_net *net;
static struct net_backend backend;
static bool irq;
static uint8_t frame_src[70000];

static bool fake_send(struct net_backend *b, const uint8_t *frame, size_t len)
{
    (void)b;
    CHECK(len >= 14 && len <= NET_MAX_FRAME);
    volatile uint8_t x = frame[0] ^ frame[len - 1]; /* the whole frame is readable */
    (void)x;
    return true;
}

static void fake_resume(struct net_backend *b)
{
    (void)b;
}

static void fake_destroy(struct net_backend *b)
{
    (void)b;
}

static const struct net_backend_ops fake_ops = {"fuzz", fake_send, fake_resume, fake_destroy};

static void set_irq(void *opaque, bool level)
{
    (void)opaque;
    irq = level;
}

static void wr(uint64_t off, uint32_t v)
{
    virtio_mmio_ops.write(&dev, off, 4, v);
}

static uint32_t rd(uint64_t off, unsigned size)
{
    uint64_t v = 0;
    virtio_mmio_ops.read(&dev, off, size, &v);
    return (uint32_t)v;
}

struct input {
    const uint8_t *p;
    size_t n;
};

static uint64_t take(struct input *in, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++) {
        v |= (uint64_t)(in->n ? *in->p : 0) << (8 * i);
        if (in->n) {
            in->p++;
            in->n--;
        }
    }
    return v;
}

static void start(uint64_t features)
{
    wr(0x070, 0);
    memset(ram, 0, 0x6000); /* fresh rings */
    wr(0x070, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(0x024, 0);
    wr(0x020, (uint32_t)features);
    wr(0x024, 1);
    wr(0x020, 1); /* VERSION_1 */
    wr(0x070, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    for (unsigned q = 0; q < 2; q++) {
        wr(0x030, q);
        wr(0x038, QSIZE);
        wr(0x080, (uint32_t)RING(q, 0));
        wr(0x084, 0);
        wr(0x090, (uint32_t)RING(q, 1));
        wr(0x094, 0);
        wr(0x0a0, (uint32_t)RING(q, 2));
        wr(0x0a4, 0);
        wr(0x044, 1);
    }
    wr(0x070, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
                  VIRTIO_STATUS_DRIVER_OK);
}

static uint16_t get16(uint64_t gpa)
{
    uint16_t v;
    memcpy(&v, ram + (gpa - RAM_BASE), 2);
    return v;
}

static void put16(uint64_t gpa, uint16_t v)
{
    memcpy(ram + (gpa - RAM_BASE), &v, 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ram) {
        ram = malloc(RAM_SIZE);
        mem = engine_mem_create(RAM_BASE, RAM_SIZE, ram);
        loop = evloop_create();
        for (size_t i = 0; i < sizeof(frame_src); i++)
            frame_src[i] = (uint8_t)(i * 31 + 7);
        CHECK(ram && mem && loop);
    }
    memset(ram, 0, RAM_SIZE);
    static const uint8_t mac[6] = {0x52, 0x54, 0, 0, 0, 1};
    net = virtio_net_create(loop, mac);
    CHECK(net);
    struct input in = {data, size};
    uint8_t cfg = (uint8_t)take(&in, 1);
    backend.ops = &fake_ops;
    backend.mtu = (cfg & 0x80) ? 65520 : 0;
    backend.checksums_valid = cfg & 0x40;
    struct guest_ram gr = {ram, RAM_BASE, RAM_SIZE, mem};
    virtio_init(&dev, &virtio_net_ops, net, &gr, set_irq, NULL, 0x10001000);
    dev.features |= virtio_net_features(&backend);
    virtio_net_attach(net, &dev, &backend);
    struct net_peer peer = virtio_net_peer(net);
    /* CSUM, GUEST_CSUM, MTU, MRG_RXBUF, EVENT_IDX, INDIRECT_DESC as the input says */
    uint64_t features = (cfg & 1) | (cfg & 2) | (cfg & 4 ? 1u << 3 : 0) | (cfg & 8 ? 1u << 15 : 0) |
                        (cfg & 16 ? 1u << 29 : 0) | (cfg & 32 ? 1u << 28 : 0) | (1u << 5);
    start(features);

    while (in.n) {
        unsigned op = (unsigned)take(&in, 1) % 10, q = op & 1;
        switch (op >> 1) {
        case 0: { /* a descriptor */
            unsigned i = (unsigned)take(&in, 1) % QSIZE;
            uint64_t addr = RAM_BASE + (take(&in, 3) % (RAM_SIZE + 0x100)) - 0x40;
            uint32_t len = (uint32_t)(take(&in, 3) % 0x18000);
            uint16_t flags = (uint16_t)(take(&in, 1) & 7), next = (uint16_t)take(&in, 1);
            uint8_t *p = ram + (RING(q, 0) - RAM_BASE) + 16 * i;
            memcpy(p, &addr, 8);
            memcpy(p + 8, &len, 4);
            memcpy(p + 12, &flags, 2);
            memcpy(p + 14, &next, 2);
            break;
        }
        case 1: { /* publish a head, or move the index anywhere */
            uint8_t b = (uint8_t)take(&in, 1);
            uint16_t idx = get16(RING(q, 1) + 2);
            if (b & 0x80) {
                put16(RING(q, 1) + 2, (uint16_t)(idx + (b & 0x7f)));
            } else {
                put16(RING(q, 1) + 4 + 2 * (idx % QSIZE), b % QSIZE);
                put16(RING(q, 1) + 2, (uint16_t)(idx + 1));
            }
            break;
        }
        case 2: /* kick, then the loop's work */
            wr(0x050, q);
            virtio_net_tick(net);
            break;
        case 3: { /* a frame from the network */
            size_t len = (size_t)take(&in, 3) % sizeof(frame_src);
            if (q)
                len %= 1600;
            peer.receive(peer.opaque, frame_src + (take(&in, 1) % 64), len - (len >= 64 ? 64 : len));
            if (take(&in, 1) & 1)
                virtio_net_tick(net);
            break;
        }
        case 4: { /* the guest scribbles, resets, reads config */
            unsigned what = (unsigned)take(&in, 1);
            if (what < 200) {
                uint64_t off = take(&in, 3) % RAM_SIZE;
                ram[off] = (uint8_t)take(&in, 1);
            } else if (what < 220) {
                start(features);
            } else if (what < 230) {
                wr(0x064, rd(0x060, 4)); /* interrupt ack */
            } else {
                (void)rd(0x100 + (what & 7), 1 + (what & 1));
            }
            break;
        }
        }
        /* between operations the device holds no buffer: every one it took
         * was given back (or put back, for a frame that must wait) */
        if (!dev.broken)
            for (unsigned k = 0; k < 2; k++)
                CHECK(dev.vq[k].used_idx == dev.vq[k].last_avail);
        CHECK(irq == (dev.isr != 0));
    }
    virtio_net_destroy(net);
    virtio_destroy(&dev);
    return 0;
}
