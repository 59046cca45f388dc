/* virtio-net unit tests: the device driven through the virtio-mmio registers
 * with hand-built rings in a small guest RAM, and a fake backend in place of
 * slirp or tap.  Frames must cross intact in both directions (header
 * handling, mergeable receive buffers spanning several buffers, flow
 * control with the backlog), and nothing the guest wrote may make the
 * device copy beyond a buffer: short chains, oversized frames, buffers too
 * small for the header all end in a dropped frame and a counter.  Run under
 * ASan by make unit-asan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "backends/evloop.h"
#include "backends/net_backend.h"
#include "devices/virtio/net.h"
#include "devices/virtio/virtio.h"
#include "engine/engine.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE 0x40000ULL          /* 256 KiB */
#define RXQ_DESC (RAM_BASE + 0x0000)
#define RXQ_AVAIL (RAM_BASE + 0x1000)
#define RXQ_USED (RAM_BASE + 0x2000)
#define TXQ_DESC (RAM_BASE + 0x3000)
#define TXQ_AVAIL (RAM_BASE + 0x4000)
#define TXQ_USED (RAM_BASE + 0x5000)
#define BUF (RAM_BASE + 0x8000)      /* buffers from here on */
#define QSIZE 16
#define HDR 12

enum {
    R_DEV_FEATURES = 0x010, R_DEV_FEATURES_SEL = 0x014, R_DRV_FEATURES = 0x020,
    R_DRV_FEATURES_SEL = 0x024, R_QUEUE_SEL = 0x030, R_QUEUE_NUM = 0x038, R_QUEUE_READY = 0x044,
    R_QUEUE_NOTIFY = 0x050, R_INT_STATUS = 0x060, R_STATUS = 0x070, R_DESC_LO = 0x080,
    R_DESC_HI = 0x084, R_DRIVER_LO = 0x090, R_DRIVER_HI = 0x094, R_DEVICE_LO = 0x0a0,
    R_DEVICE_HI = 0x0a4, R_CONFIG = 0x100,
};
enum { F_NEXT = 1, F_WRITE = 2 };
#define F_MRG_RXBUF (1ULL << 15)

struct sent {
    size_t len;
    uint8_t data[2048];
};

struct env {
    uint8_t *ram;
    struct engine_mem *mem;
    struct evloop *loop;
    struct virtio_net *net;
    struct virtio_dev dev;
    struct net_backend backend;
    struct net_peer peer;
    bool irq;
    unsigned nsent, resumes;
    struct sent sent[8];
    uint16_t next_desc[2];     /* per queue: the next free descriptor */
    uint64_t next_buf;
};

static struct env *the_env; /* the fake backend's callbacks find it here */

static bool fake_send(struct net_backend *b, const uint8_t *frame, size_t len)
{
    (void)b;
    struct env *e = the_env;
    if (e->nsent < 8) {
        e->sent[e->nsent].len = len;
        memcpy(e->sent[e->nsent].data, frame, len < 2048 ? len : 2048);
    }
    e->nsent++;
    return true;
}

static void fake_rx_resume(struct net_backend *b)
{
    (void)b;
    the_env->resumes++;
}

static void fake_destroy(struct net_backend *b)
{
    (void)b;
}

static const struct net_backend_ops fake_ops = {"fake", fake_send, fake_rx_resume, fake_destroy};

static void set_irq(void *opaque, bool level)
{
    ((struct env *)opaque)->irq = level;
}

static uint32_t rd(struct env *e, uint64_t off, unsigned size)
{
    uint64_t v = 0;
    assert_true(virtio_mmio_ops.read(&e->dev, off, size, &v));
    return (uint32_t)v;
}

static void wr(struct env *e, uint64_t off, uint32_t v)
{
    assert_true(virtio_mmio_ops.write(&e->dev, off, 4, v));
}

static uint8_t *host(struct env *e, uint64_t gpa)
{
    return e->ram + (gpa - RAM_BASE);
}

static uint16_t get16(struct env *e, uint64_t gpa)
{
    uint16_t v;
    memcpy(&v, host(e, gpa), 2);
    return v;
}

static uint32_t get32(struct env *e, uint64_t gpa)
{
    uint32_t v;
    memcpy(&v, host(e, gpa), 4);
    return v;
}

static void put16(struct env *e, uint64_t gpa, uint16_t v)
{
    memcpy(host(e, gpa), &v, 2);
}

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    assert_non_null(e);
    the_env = e;
    e->ram = calloc(1, RAM_SIZE);
    e->mem = engine_mem_create(RAM_BASE, RAM_SIZE, e->ram);
    e->loop = evloop_create(); /* never started: the tests run the loop's tick themselves */
    assert_true(e->ram && e->mem && e->loop);
    static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
    e->net = virtio_net_create(e->loop, mac);
    assert_non_null(e->net);
    e->backend.ops = &fake_ops;
    e->peer = virtio_net_peer(e->net);
    struct guest_ram gr = {e->ram, RAM_BASE, RAM_SIZE, e->mem};
    virtio_init(&e->dev, &virtio_net_ops, e->net, &gr, set_irq, e, 0x10001000);
    virtio_net_attach(e->net, &e->dev, &e->backend);
    e->next_buf = BUF;
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    virtio_net_destroy(e->net);
    virtio_destroy(&e->dev);
    evloop_destroy(e->loop);
    engine_mem_destroy(e->mem);
    free(e->ram);
    free(e);
    return 0;
}

/* ---- the driver side ---- */

static void setup_queue(struct env *e, unsigned q, uint64_t desc, uint64_t avail, uint64_t used)
{
    wr(e, R_QUEUE_SEL, q);
    wr(e, R_QUEUE_NUM, QSIZE);
    wr(e, R_DESC_LO, (uint32_t)desc);
    wr(e, R_DESC_HI, (uint32_t)(desc >> 32));
    wr(e, R_DRIVER_LO, (uint32_t)avail);
    wr(e, R_DRIVER_HI, (uint32_t)(avail >> 32));
    wr(e, R_DEVICE_LO, (uint32_t)used);
    wr(e, R_DEVICE_HI, (uint32_t)(used >> 32));
    wr(e, R_QUEUE_READY, 1);
}

static void start(struct env *e, uint64_t features, bool driver_ok)
{
    wr(e, R_STATUS, 0);
    memset(host(e, RXQ_DESC), 0, TXQ_USED + 0x1000 - RXQ_DESC); /* fresh rings */
    wr(e, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    uint64_t f = VIRTIO_F_VERSION_1 | features;
    wr(e, R_DRV_FEATURES_SEL, 0);
    wr(e, R_DRV_FEATURES, (uint32_t)f);
    wr(e, R_DRV_FEATURES_SEL, 1);
    wr(e, R_DRV_FEATURES, (uint32_t)(f >> 32));
    wr(e, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    assert_true(rd(e, R_STATUS, 4) & VIRTIO_STATUS_FEATURES_OK);
    setup_queue(e, 0, RXQ_DESC, RXQ_AVAIL, RXQ_USED);
    setup_queue(e, 1, TXQ_DESC, TXQ_AVAIL, TXQ_USED);
    if (driver_ok)
        wr(e, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
                            VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
    e->next_desc[0] = e->next_desc[1] = 0;
}

/* a chain on queue q of the given (gpa, len, flags) segments; returns its head */
struct seg {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
};

static uint16_t post(struct env *e, unsigned q, const struct seg *s, unsigned n)
{
    uint64_t table = q ? TXQ_DESC : RXQ_DESC, avail = q ? TXQ_AVAIL : RXQ_AVAIL;
    uint16_t head = e->next_desc[q];
    for (unsigned i = 0; i < n; i++) {
        uint16_t d = (uint16_t)((e->next_desc[q]++) % QSIZE);
        uint16_t flags = s[i].flags | (i + 1 < n ? F_NEXT : 0);
        uint16_t next = (uint16_t)((d + 1) % QSIZE);
        uint8_t *p = host(e, table + 16ULL * d);
        memcpy(p, &s[i].addr, 8);
        memcpy(p + 8, &s[i].len, 4);
        memcpy(p + 12, &flags, 2);
        memcpy(p + 14, &next, 2);
    }
    uint16_t idx = get16(e, avail + 2);
    put16(e, avail + 4 + 2 * (idx % QSIZE), (uint16_t)(head % QSIZE));
    put16(e, avail + 2, (uint16_t)(idx + 1));
    return head;
}

static uint64_t alloc_buf(struct env *e, uint32_t len)
{
    uint64_t a = e->next_buf;
    e->next_buf += (len + 15) & ~15u;
    assert_true(e->next_buf <= RAM_BASE + RAM_SIZE);
    return a;
}

/* a receive buffer of len bytes */
static uint64_t post_rx(struct env *e, uint32_t len)
{
    uint64_t a = alloc_buf(e, len);
    struct seg s = {a, len, F_WRITE};
    post(e, 0, &s, 1);
    return a;
}

static void kick(struct env *e, unsigned q)
{
    wr(e, R_QUEUE_NOTIFY, q);
    virtio_net_tick(e->net); /* what the event loop does after the wakeup */
}

/* used ring entry i of queue q */
static uint32_t used_len(struct env *e, unsigned q, unsigned i)
{
    return get32(e, (q ? TXQ_USED : RXQ_USED) + 4 + 8 * (i % QSIZE) + 4);
}

static uint16_t used_idx(struct env *e, unsigned q)
{
    return get16(e, (q ? TXQ_USED : RXQ_USED) + 2);
}

static void fill(uint8_t *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(i * 7 + seed);
}

static const struct net_stats *stats(struct env *e)
{
    return virtio_net_stats(e->net);
}

/* ---- tests ---- */

static void test_features_and_config(void **state)
{
    struct env *e = *state;
    wr(e, R_DEV_FEATURES_SEL, 0);
    uint32_t f = rd(e, R_DEV_FEATURES, 4);
    assert_true(f & (1u << 5));  /* MAC */
    assert_true(f & (1u << 15)); /* MRG_RXBUF */
    assert_true(f & (1u << 16)); /* STATUS */
    assert_true(f & 1);          /* CSUM: the device completes checksums */
    assert_false(f & (1u << 1)); /* GUEST_CSUM and MTU: only for backends that want them */
    assert_false(f & (1u << 3));
    start(e, F_MRG_RXBUF | (1ULL << 5) | (1ULL << 16), true);
    uint8_t mac[6];
    for (int i = 0; i < 6; i++)
        mac[i] = (uint8_t)rd(e, R_CONFIG + i, 1);
    static const uint8_t want[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
    assert_memory_equal(mac, want, 6);
    assert_int_equal(rd(e, R_CONFIG + 6, 2), 1); /* VIRTIO_NET_S_LINK_UP */
}

static void test_backend_features(void **state)
{
    struct env *e = *state;
    e->backend.mtu = 9000;
    e->backend.checksums_valid = true;
    e->dev.features |= virtio_net_features(&e->backend);
    wr(e, R_DEV_FEATURES_SEL, 0);
    uint32_t f = rd(e, R_DEV_FEATURES, 4);
    assert_true(f & (1u << 1)); /* GUEST_CSUM */
    assert_true(f & (1u << 3)); /* MTU */
    start(e, (1ULL << 1) | (1ULL << 3), true);
    assert_int_equal(rd(e, R_CONFIG + 10, 2), 9000);
    /* frames to the guest are marked DATA_VALID (flags bit 1) */
    uint64_t a = post_rx(e, 2048);
    kick(e, 0);
    uint8_t frame[64];
    fill(frame, sizeof(frame), 1);
    assert_true(e->peer.receive(e->peer.opaque, frame, sizeof(frame)));
    assert_int_equal(host(e, a)[0], 2);
    /* not when the driver did not take GUEST_CSUM */
    start(e, 0, true);
    a = post_rx(e, 2048);
    kick(e, 0);
    assert_true(e->peer.receive(e->peer.opaque, frame, sizeof(frame)));
    assert_int_equal(host(e, a)[0], 0);
}

/* one's complement sum of big-endian 16-bit words, the textbook way */
static uint32_t sum16(const uint8_t *p, size_t n, uint32_t sum)
{
    for (size_t i = 0; i < n; i += 2)
        sum += (uint32_t)(p[i] << 8) | (i + 1 < n ? p[i + 1] : 0);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

/* a frame with a partial checksum: header says NEEDS_CSUM, csum_start, csum_offset */
static void post_tx_csum(struct env *e, const uint8_t *frame, uint32_t len, uint16_t start,
                         uint16_t off)
{
    uint64_t h = alloc_buf(e, HDR), b = alloc_buf(e, len);
    memset(host(e, h), 0, HDR);
    host(e, h)[0] = 1; /* VIRTIO_NET_HDR_F_NEEDS_CSUM */
    memcpy(host(e, h) + 6, &start, 2);
    memcpy(host(e, h) + 8, &off, 2);
    memcpy(host(e, b), frame, len);
    struct seg s[2] = {{h, HDR, 0}, {b, len, 0}};
    post(e, 1, s, 2);
}

static void test_tx_checksum_completed(void **state)
{
    struct env *e = *state;
    start(e, 1, true); /* CSUM */
    /* Ethernet + IPv4 + TCP with an odd-length payload; the TCP checksum field
     * (offset 16 in the TCP header) holds the pseudo-header sum, as Linux leaves it */
    uint8_t f[14 + 20 + 20 + 333];
    fill(f, sizeof(f), 77);
    const uint16_t start = 34, off = 16;
    uint16_t pseudo = 0x1234;
    f[start + off] = pseudo >> 8;
    f[start + off + 1] = pseudo & 0xff;
    post_tx_csum(e, f, sizeof(f), start, off);
    kick(e, 1);
    assert_int_equal(e->nsent, 1);
    const uint8_t *g = e->sent[0].data;
    /* everything but the checksum field as it was */
    assert_memory_equal(g, f, start + off);
    assert_memory_equal(g + start + off + 2, f + start + off + 2, sizeof(f) - start - off - 2);
    /* and the segment, checksum included, plus the pseudo-header sums to all ones */
    assert_int_equal(sum16(g + start, sizeof(f) - start, pseudo), 0xffff);
    assert_int_equal(stats(e)->tx_bad, 0);

    /* a sum of zero is sent as 0xffff (0 would mean "no checksum" to UDP) */
    uint8_t u[14 + 20 + 8 + 2] = {0};
    u[14 + 20 + 8] = 0xff;
    u[14 + 20 + 9] = 0xff;
    post_tx_csum(e, u, sizeof(u), 14 + 20, 6);
    kick(e, 1);
    assert_int_equal(e->nsent, 2);
    assert_int_equal(e->sent[1].data[14 + 20 + 6], 0xff);
    assert_int_equal(e->sent[1].data[14 + 20 + 7], 0xff);
}

static void test_tx_checksum_out_of_frame(void **state)
{
    struct env *e = *state;
    start(e, 1, true);
    uint8_t f[100];
    fill(f, sizeof(f), 1);
    post_tx_csum(e, f, sizeof(f), 90, 9);    /* the field would end at 101 */
    post_tx_csum(e, f, sizeof(f), 65535, 0); /* start beyond the frame */
    post_tx_csum(e, f, sizeof(f), 0, 65535);
    post_tx_csum(e, f, sizeof(f), 90, 8);    /* the last two bytes: fine */
    kick(e, 1);
    assert_int_equal(e->nsent, 1);
    assert_int_equal(stats(e)->tx_bad, 3);
    assert_int_equal(used_idx(e, 1), 4);
}

static void test_tx_frame(void **state)
{
    struct env *e = *state;
    start(e, 0, true);
    uint64_t h = alloc_buf(e, HDR), a = alloc_buf(e, 20), b = alloc_buf(e, 80);
    fill(host(e, a), 20, 1);
    fill(host(e, b), 80, 21);
    struct seg s[3] = {{h, HDR, 0}, {a, 20, 0}, {b, 80, 0}};
    post(e, 1, s, 3);
    kick(e, 1);
    assert_int_equal(e->nsent, 1);
    assert_int_equal(e->sent[0].len, 100);
    uint8_t want[100];
    memcpy(want, host(e, a), 20);
    memcpy(want + 20, host(e, b), 80);
    assert_memory_equal(e->sent[0].data, want, 100);
    assert_int_equal(used_idx(e, 1), 1);
    assert_int_equal(used_len(e, 1, 0), 0);
    assert_true(e->irq);
    assert_int_equal(stats(e)->tx_frames, 1);
    assert_int_equal(stats(e)->tx_bytes, 100);
}

static void test_tx_malformed_dropped(void **state)
{
    struct env *e = *state;
    start(e, 0, true);
    /* shorter than the header */
    struct seg s1 = {alloc_buf(e, 8), 8, 0};
    post(e, 1, &s1, 1);
    /* a header and no Ethernet header */
    struct seg s2 = {alloc_buf(e, HDR + 4), HDR + 4, 0};
    post(e, 1, &s2, 1);
    /* a frame larger than 65535 bytes */
    uint32_t big = HDR + 65536 + 100;
    struct seg s3 = {alloc_buf(e, big), big, 0};
    post(e, 1, &s3, 1);
    /* segmentation the device never offered */
    uint64_t g = alloc_buf(e, HDR + 60);
    host(e, g)[1] = 1; /* gso_type TCPV4 */
    struct seg s4 = {g, HDR + 60, 0};
    post(e, 1, &s4, 1);
    /* only device-writable buffers */
    struct seg s5 = {alloc_buf(e, 100), 100, F_WRITE};
    post(e, 1, &s5, 1);
    kick(e, 1);
    assert_int_equal(e->nsent, 0);
    assert_int_equal(stats(e)->tx_bad, 5);
    assert_int_equal(used_idx(e, 1), 5); /* all given back */
    for (unsigned i = 0; i < 5; i++)
        assert_int_equal(used_len(e, 1, i), 0);
    assert_false(e->dev.broken); /* bad requests, not a broken queue */
}

static void test_rx_single_buffer(void **state)
{
    struct env *e = *state;
    start(e, 0, true);
    uint64_t a = post_rx(e, 2048);
    memset(host(e, a), 0xee, 2048);
    kick(e, 0);
    uint8_t frame[300];
    fill(frame, sizeof(frame), 5);
    assert_true(e->peer.receive(e->peer.opaque, frame, sizeof(frame)));
    virtio_net_tick(e->net);
    assert_int_equal(used_idx(e, 0), 1);
    assert_int_equal(used_len(e, 0, 0), HDR + 300);
    static const uint8_t hdr[HDR] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0}; /* num_buffers 1 */
    assert_memory_equal(host(e, a), hdr, HDR);
    assert_memory_equal(host(e, a) + HDR, frame, 300);
    assert_int_equal(host(e, a)[HDR + 300], 0xee); /* nothing written beyond */
    assert_true(e->irq);
    assert_int_equal(stats(e)->rx_frames, 1);
}

static void test_rx_mergeable_spans_buffers(void **state)
{
    struct env *e = *state;
    start(e, F_MRG_RXBUF, true);
    uint64_t b[5];
    for (int i = 0; i < 5; i++)
        b[i] = post_rx(e, 100);
    kick(e, 0);
    uint8_t frame[300];
    fill(frame, sizeof(frame), 9);
    assert_true(e->peer.receive(e->peer.opaque, frame, sizeof(frame)));
    virtio_net_tick(e->net);
    /* 12 + 300 bytes: 100 + 100 + 100 + 12 */
    assert_int_equal(used_idx(e, 0), 4);
    assert_int_equal(used_len(e, 0, 0), 100);
    assert_int_equal(used_len(e, 0, 1), 100);
    assert_int_equal(used_len(e, 0, 2), 100);
    assert_int_equal(used_len(e, 0, 3), 12);
    assert_int_equal(get16(e, b[0] + 10), 4); /* num_buffers */
    assert_memory_equal(host(e, b[0]) + HDR, frame, 88);
    assert_memory_equal(host(e, b[1]), frame + 88, 100);
    assert_memory_equal(host(e, b[2]), frame + 188, 100);
    assert_memory_equal(host(e, b[3]), frame + 288, 12);
    /* the fifth buffer is still available for the next frame */
    uint8_t small[40];
    fill(small, sizeof(small), 3);
    assert_true(e->peer.receive(e->peer.opaque, small, sizeof(small)));
    assert_int_equal(used_idx(e, 0), 5);
    assert_int_equal(used_len(e, 0, 4), HDR + 40);
    assert_memory_equal(host(e, b[4]) + HDR, small, 40);
}

static void test_rx_mergeable_waits_for_enough_buffers(void **state)
{
    struct env *e = *state;
    start(e, F_MRG_RXBUF, true);
    post_rx(e, 100);
    post_rx(e, 100);
    kick(e, 0);
    uint8_t frame[300];
    fill(frame, sizeof(frame), 4);
    /* 200 bytes of buffers for 312: nothing is used, the frame waits */
    assert_false(e->peer.receive(e->peer.opaque, frame, sizeof(frame)));
    virtio_net_tick(e->net);
    assert_int_equal(used_idx(e, 0), 0);
    assert_int_equal(stats(e)->rx_frames, 0);
    post_rx(e, 100);
    post_rx(e, 100);
    kick(e, 0);
    assert_int_equal(used_idx(e, 0), 4);
    assert_int_equal(stats(e)->rx_frames, 1);
    assert_int_equal(e->resumes, 1);
    assert_int_equal(get16(e, BUF + 10), 4);
}

static void test_rx_frame_larger_than_the_ring_dropped(void **state)
{
    struct env *e = *state;
    start(e, F_MRG_RXBUF, true);
    for (int i = 0; i < QSIZE; i++)
        post_rx(e, 100);
    kick(e, 0);
    /* 16 buffers of 100 bytes can never hold 12 + 2000: drop it, do not wait */
    uint8_t frame[2000];
    fill(frame, sizeof(frame), 8);
    assert_true(e->peer.receive(e->peer.opaque, frame, sizeof(frame)));
    assert_int_equal(used_idx(e, 0), QSIZE);
    for (int i = 0; i < QSIZE; i++)
        assert_int_equal(used_len(e, 0, i), 0);
    assert_int_equal(stats(e)->rx_bad_buffers, 1);
}

static void test_rx_too_small_buffers_dropped(void **state)
{
    struct env *e = *state;
    start(e, 0, true);
    uint64_t a = post_rx(e, 100); /* without MRG_RXBUF, a frame needs one buffer */
    memset(host(e, a), 0xee, 100);
    kick(e, 0);
    uint8_t frame[300];
    fill(frame, sizeof(frame), 2);
    assert_true(e->peer.receive(e->peer.opaque, frame, sizeof(frame)));
    virtio_net_tick(e->net);
    assert_int_equal(used_idx(e, 0), 1);
    assert_int_equal(used_len(e, 0, 0), 0); /* given back unused */
    assert_int_equal(host(e, a)[0], 0xee);
    assert_int_equal(stats(e)->rx_bad_buffers, 1);
    assert_int_equal(stats(e)->rx_dropped, 1);
    /* a buffer with no room for the header, even with MRG_RXBUF */
    start(e, F_MRG_RXBUF, true);
    uint64_t t = post_rx(e, 8);
    kick(e, 0);
    assert_true(e->peer.receive(e->peer.opaque, frame, 60));
    assert_int_equal(used_idx(e, 0), 1);
    assert_int_equal(used_len(e, 0, 0), 0);
    assert_int_equal(host(e, t)[0], 0);
    /* and a good buffer after them works */
    uint64_t g = post_rx(e, 2048);
    kick(e, 0);
    assert_true(e->peer.receive(e->peer.opaque, frame, 60));
    assert_int_equal(used_idx(e, 0), 2);
    assert_int_equal(used_len(e, 0, 1), HDR + 60);
    assert_memory_equal(host(e, g) + HDR, frame, 60);
}

static void test_rx_backlog_and_resume(void **state)
{
    struct env *e = *state;
    start(e, 0, true);
    uint8_t f1[100], f2[200];
    fill(f1, sizeof(f1), 1);
    fill(f2, sizeof(f2), 2);
    /* no buffers: the frames wait, the backend is told to stop */
    assert_false(e->peer.receive(e->peer.opaque, f1, sizeof(f1)));
    assert_false(e->peer.receive(e->peer.opaque, f2, sizeof(f2)));
    virtio_net_tick(e->net);
    assert_int_equal(e->resumes, 0);
    assert_int_equal(used_idx(e, 0), 0);
    /* one buffer: the first frame goes, the backend still waits */
    uint64_t a = post_rx(e, 2048);
    kick(e, 0);
    assert_int_equal(used_idx(e, 0), 1);
    assert_memory_equal(host(e, a) + HDR, f1, 100);
    assert_int_equal(e->resumes, 0);
    /* another: the backlog is empty, the backend resumes; order is kept */
    uint64_t b = post_rx(e, 2048);
    kick(e, 0);
    assert_int_equal(used_idx(e, 0), 2);
    assert_int_equal(used_len(e, 0, 1), HDR + 200);
    assert_memory_equal(host(e, b) + HDR, f2, 200);
    assert_int_equal(e->resumes, 1);
    assert_int_equal(stats(e)->rx_frames, 2);
    assert_int_equal(stats(e)->rx_dropped, 0);
}

static void test_rx_dropped_without_driver(void **state)
{
    struct env *e = *state;
    uint8_t f[100];
    fill(f, sizeof(f), 1);
    start(e, 0, false); /* queues set up, no DRIVER_OK */
    post_rx(e, 2048);
    assert_true(e->peer.receive(e->peer.opaque, f, sizeof(f)));
    virtio_net_tick(e->net);
    assert_int_equal(used_idx(e, 0), 0);
    assert_int_equal(stats(e)->rx_dropped, 1);
    /* nor frames that cannot be Ethernet or do not fit the device */
    start(e, 0, true);
    post_rx(e, 2048);
    kick(e, 0);
    assert_true(e->peer.receive(e->peer.opaque, f, 10));
    uint8_t *huge = calloc(1, 70000);
    assert_non_null(huge);
    assert_true(e->peer.receive(e->peer.opaque, huge, 70000));
    free(huge);
    assert_int_equal(used_idx(e, 0), 0);
    assert_int_equal(stats(e)->rx_dropped, 3);
}

static void test_reset_drops_backlog(void **state)
{
    struct env *e = *state;
    start(e, 0, true);
    uint8_t f[100];
    fill(f, sizeof(f), 1);
    for (int i = 0; i < 3; i++)
        assert_false(e->peer.receive(e->peer.opaque, f, sizeof(f)));
    wr(e, R_STATUS, 0);
    assert_int_equal(stats(e)->rx_dropped, 3);
    virtio_net_tick(e->net);
    assert_int_equal(e->resumes, 1); /* the backend goes on; frames are dropped until DRIVER_OK */
    start(e, 0, true);
    uint64_t a = post_rx(e, 2048);
    kick(e, 0);
    assert_int_equal(used_idx(e, 0), 0); /* nothing old comes back */
    assert_true(e->peer.receive(e->peer.opaque, f, 60));
    assert_int_equal(used_idx(e, 0), 1);
    assert_memory_equal(host(e, a) + HDR, f, 60);
}

static void test_backlog_is_bounded(void **state)
{
    struct env *e = *state;
    start(e, 0, true);
    uint8_t f[1500];
    fill(f, sizeof(f), 1);
    for (int i = 0; i < 5000; i++)
        e->peer.receive(e->peer.opaque, f, sizeof(f));
    /* 1024 frames at most wait; the rest are dropped and counted */
    assert_int_equal(stats(e)->rx_dropped, 5000 - 1024);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_features_and_config, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backend_features, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_frame, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_checksum_completed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_checksum_out_of_frame, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_malformed_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_single_buffer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_mergeable_spans_buffers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_mergeable_waits_for_enough_buffers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_frame_larger_than_the_ring_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_too_small_buffers_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_backlog_and_resume, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_dropped_without_driver, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_drops_backlog, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backlog_is_bounded, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
