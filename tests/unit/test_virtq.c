/* Virtqueue unit tests: hand-built rings in a small guest RAM, driven through
 * the virtio-mmio registers the way a driver does.  Each class of malformed
 * queue must break the device (DEVICE_NEEDS_RESET, one log line naming the
 * problem, nothing completed); well-formed virtio-blk and virtio-rng
 * requests must complete with the right bytes and status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "backends/disk.h"
#include "devices/virtio/blk.h"
#include "devices/virtio/rng.h"
#include "devices/virtio/virtio.h"
#include "engine/engine.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE 0x10000ULL
#define DESC (RAM_BASE + 0x0000)   /* the rings of the queue under test */
#define AVAIL (RAM_BASE + 0x1000)
#define USED (RAM_BASE + 0x2000)
#define BUF (RAM_BASE + 0x8000)    /* request buffers */
#define QSIZE 8
#define DISK_SECTORS 32

enum {
    R_MAGIC = 0x000, R_DEVICE_ID = 0x008, R_DEV_FEATURES = 0x010, R_DEV_FEATURES_SEL = 0x014,
    R_DRV_FEATURES = 0x020, R_DRV_FEATURES_SEL = 0x024, R_QUEUE_SEL = 0x030,
    R_QUEUE_NUM = 0x038, R_QUEUE_READY = 0x044, R_QUEUE_NOTIFY = 0x050,
    R_INT_STATUS = 0x060, R_INT_ACK = 0x064, R_STATUS = 0x070,
    R_DESC_LO = 0x080, R_DESC_HI = 0x084, R_DRIVER_LO = 0x090, R_DRIVER_HI = 0x094,
    R_DEVICE_LO = 0x0a0, R_DEVICE_HI = 0x0a4,
};
enum { F_NEXT = 1, F_WRITE = 2, F_INDIRECT = 4 };
enum { T_IN = 0, T_OUT = 1, T_GET_ID = 8 };

struct env {
    uint8_t *ram;
    struct engine_mem *mem;
    int disk_fd;
    bool readonly;
    struct virtio_blk *blk;
    struct virtio_rng *rng;
    struct virtio_dev dev;
    bool irq;
    char log[1024];            /* what the device logged during the last kick */
};

static void set_irq(void *opaque, bool level)
{
    ((struct env *)opaque)->irq = level;
}

static uint8_t pattern(uint64_t off)
{
    return (uint8_t)(off * 13 + off / 512 + 1);
}

static uint32_t rd(struct env *e, uint64_t off)
{
    uint64_t v = 0;
    assert_true(virtio_mmio_ops.read(&e->dev, off, 4, &v));
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

static void put_desc(struct env *e, uint64_t table, unsigned i, uint64_t addr, uint32_t len,
                     uint16_t flags, uint16_t next)
{
    uint8_t *p = host(e, table + 16ULL * i);
    memcpy(p, &addr, 8);
    memcpy(p + 8, &len, 4);
    memcpy(p + 12, &flags, 2);
    memcpy(p + 14, &next, 2);
}

static uint16_t get16(struct env *e, uint64_t gpa)
{
    uint16_t v;
    memcpy(&v, host(e, gpa), 2);
    return v;
}

static void put16(struct env *e, uint64_t gpa, uint16_t v)
{
    memcpy(host(e, gpa), &v, 2);
}

static uint32_t get32(struct env *e, uint64_t gpa)
{
    uint32_t v;
    memcpy(&v, host(e, gpa), 4);
    return v;
}

/* ---- environment: RAM, a disk image, the device ---- */

static struct env *env_new(bool rng, bool readonly)
{
    struct env *e = calloc(1, sizeof(*e));
    assert_non_null(e);
    e->ram = calloc(1, RAM_SIZE);
    assert_non_null(e->ram);
    e->mem = engine_mem_create(RAM_BASE, RAM_SIZE, e->ram);
    assert_non_null(e->mem);
    e->readonly = readonly;
    struct guest_ram gr = {e->ram, RAM_BASE, RAM_SIZE, e->mem};
    if (rng) {
        e->rng = virtio_rng_create();
        assert_non_null(e->rng);
        virtio_init(&e->dev, &virtio_rng_ops, e->rng, &gr, set_irq, e, 0x10001000);
        return e;
    }
    e->disk_fd = memfd_create("test-virtq-disk", MFD_CLOEXEC);
    assert_true(e->disk_fd >= 0);
    uint8_t img[DISK_SECTORS * 512];
    for (size_t i = 0; i < sizeof(img); i++)
        img[i] = pattern(i);
    assert_int_equal(pwrite(e->disk_fd, img, sizeof(img), 0), sizeof(img));
    char path[64], err[256];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", e->disk_fd);
    struct disk dk;
    assert_int_equal(disk_open(&dk, path, readonly, err, sizeof(err)), 0);
    e->blk = virtio_blk_create(&dk, "test-serial");
    assert_non_null(e->blk);
    virtio_init(&e->dev, &virtio_blk_ops, e->blk, &gr, set_irq, e, 0x10001000);
    e->dev.features |= virtio_blk_features(e->blk);
    return e;
}

static void env_free(struct env *e)
{
    virtio_destroy(&e->dev);
    if (e->blk) {
        virtio_blk_destroy(e->blk);
        close(e->disk_fd);
    }
    virtio_rng_destroy(e->rng);
    engine_mem_destroy(e->mem);
    free(e->ram);
    free(e);
}

static int setup_blk(void **state) { *state = env_new(false, false); return 0; }
static int setup_blk_ro(void **state) { *state = env_new(false, true); return 0; }
static int setup_rng(void **state) { *state = env_new(true, false); return 0; }
static int teardown(void **state) { env_free(*state); return 0; }

/* ---- the driver side ---- */

static void negotiate(struct env *e, uint64_t extra)
{
    wr(e, R_STATUS, 0);
    assert_int_equal(rd(e, R_MAGIC), 0x74726976);
    wr(e, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(e, R_DEV_FEATURES_SEL, 1);
    assert_true(rd(e, R_DEV_FEATURES) & 1); /* VERSION_1 */
    uint64_t f = VIRTIO_F_VERSION_1 | extra;
    wr(e, R_DRV_FEATURES_SEL, 0);
    wr(e, R_DRV_FEATURES, (uint32_t)f);
    wr(e, R_DRV_FEATURES_SEL, 1);
    wr(e, R_DRV_FEATURES, (uint32_t)(f >> 32));
    wr(e, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    assert_true(rd(e, R_STATUS) & VIRTIO_STATUS_FEATURES_OK);
}

static void setup_queue(struct env *e, uint32_t num, uint64_t desc, uint64_t avail, uint64_t used)
{
    wr(e, R_QUEUE_SEL, 0);
    wr(e, R_QUEUE_NUM, num);
    wr(e, R_DESC_LO, (uint32_t)desc);
    wr(e, R_DESC_HI, (uint32_t)(desc >> 32));
    wr(e, R_DRIVER_LO, (uint32_t)avail);
    wr(e, R_DRIVER_HI, (uint32_t)(avail >> 32));
    wr(e, R_DEVICE_LO, (uint32_t)used);
    wr(e, R_DEVICE_HI, (uint32_t)(used >> 32));
    wr(e, R_QUEUE_READY, 1);
}

static void driver_ok(struct env *e)
{
    wr(e, R_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
                        VIRTIO_STATUS_DRIVER_OK);
}

/* a working device with one queue of QSIZE at DESC/AVAIL/USED */
static void start(struct env *e, uint64_t features)
{
    negotiate(e, features);
    setup_queue(e, QSIZE, DESC, AVAIL, USED);
    assert_int_equal(rd(e, R_QUEUE_READY), 1);
    driver_ok(e);
    assert_int_equal(rd(e, R_STATUS) & (VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_NEEDS_RESET),
                     VIRTIO_STATUS_DRIVER_OK);
    assert_false(e->dev.broken);
}

/* publish head at the next avail slot */
static void publish(struct env *e, uint16_t head)
{
    uint16_t idx = get16(e, AVAIL + 2);
    put16(e, AVAIL + 4 + 2 * (idx % QSIZE), head);
    put16(e, AVAIL + 2, (uint16_t)(idx + 1));
}

/* Kick queue 0 twice with the device's log lines (stderr) captured into e->log. */
static void kick_logged(struct env *e)
{
    fflush(stderr);
    int saved = dup(2), cap = memfd_create("test-virtq-log", 0);
    assert_true(saved >= 0 && cap >= 0);
    dup2(cap, 2);
    wr(e, R_QUEUE_NOTIFY, 0);
    wr(e, R_QUEUE_NOTIFY, 0); /* a second kick must not log again */
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ssize_t n = pread(cap, e->log, sizeof(e->log) - 1, 0);
    close(cap);
    e->log[n > 0 ? n : 0] = 0;
}

static unsigned lines(const char *s)
{
    unsigned n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* The device must now be broken: NEEDS_RESET shown to the driver with a
 * configuration interrupt, one line logged that names `why`, nothing given
 * back; and a reset must bring it back. */
static void assert_broken(struct env *e, const char *why)
{
    assert_true(e->dev.broken);
    uint32_t st = rd(e, R_STATUS);
    assert_true(st & VIRTIO_STATUS_DRIVER_OK);
    assert_true(st & VIRTIO_STATUS_NEEDS_RESET);
    assert_true(rd(e, R_INT_STATUS) & 2);
    assert_true(e->irq);
    assert_int_equal(get16(e, USED + 2), 0);
    assert_int_equal(lines(e->log), 1);
    assert_non_null(strstr(e->log, why));
    assert_non_null(strstr(e->log, "needs reset"));
    wr(e, R_STATUS, 0);
    assert_int_equal(rd(e, R_STATUS), 0);
    assert_false(e->dev.broken);
    assert_false(e->irq);
}

static void blk_header(struct env *e, uint64_t at, uint32_t type, uint64_t sector)
{
    uint8_t h[16] = {0};
    memcpy(h, &type, 4);
    memcpy(h + 8, &sector, 8);
    memcpy(host(e, at), h, 16);
}

/* ---- malformed queues ---- */

static void test_descriptor_loop(void **state)
{
    struct env *e = *state;
    start(e, 0);
    blk_header(e, BUF, T_OUT, 0);
    put_desc(e, DESC, 0, BUF, 16, F_NEXT, 1);
    put_desc(e, DESC, 1, BUF + 0x100, 512, F_NEXT, 0); /* back to 0 */
    publish(e, 0);
    kick_logged(e);
    assert_broken(e, "longer than the queue");
}

static void test_chain_longer_than_queue(void **state)
{
    struct env *e = *state;
    start(e, 0);
    blk_header(e, BUF, T_IN, 0);
    /* all QSIZE descriptors in a row, then on to the first again */
    put_desc(e, DESC, 0, BUF, 16, F_NEXT, 1);
    for (unsigned i = 1; i < QSIZE; i++)
        put_desc(e, DESC, i, BUF + 0x200 * i, 1, F_NEXT | F_WRITE, (uint16_t)((i + 1) % QSIZE));
    publish(e, 0);
    kick_logged(e);
    assert_broken(e, "longer than the queue");
}

static void test_indirect_loop(void **state)
{
    struct env *e = *state;
    start(e, VIRTIO_F_INDIRECT_DESC);
    uint64_t table = BUF + 0x1000;
    blk_header(e, BUF, T_IN, 0);
    put_desc(e, table, 0, BUF, 16, F_NEXT, 1);
    put_desc(e, table, 1, BUF + 0x100, 512, F_NEXT | F_WRITE, 2);
    put_desc(e, table, 2, BUF + 0x400, 1, F_NEXT | F_WRITE, 1); /* 1 -> 2 -> 1 */
    put_desc(e, DESC, 0, table, 48, F_INDIRECT, 0);
    publish(e, 0);
    kick_logged(e);
    assert_broken(e, "loops");
}

static void test_buffer_outside_ram(void **state)
{
    struct env *e = *state;
    /* across the end of RAM, then below its start */
    static const uint64_t addrs[] = {RAM_BASE + RAM_SIZE - 256, RAM_BASE - 512, UINT64_MAX - 100};
    for (unsigned k = 0; k < 3; k++) {
        memset(e->ram, 0, RAM_SIZE);
        start(e, 0);
        blk_header(e, BUF, T_IN, 0);
        put_desc(e, DESC, 0, BUF, 16, F_NEXT, 1);
        put_desc(e, DESC, 1, addrs[k], 512, F_NEXT | F_WRITE, 2);
        put_desc(e, DESC, 2, BUF + 0x400, 1, F_WRITE, 0);
        publish(e, 0);
        kick_logged(e);
        assert_broken(e, "outside guest RAM");
    }
}

static void test_readable_after_writable(void **state)
{
    struct env *e = *state;
    start(e, 0);
    blk_header(e, BUF, T_OUT, 0);
    put_desc(e, DESC, 0, BUF, 16, F_NEXT, 1);
    put_desc(e, DESC, 1, BUF + 0x400, 1, F_NEXT | F_WRITE, 2); /* status too early */
    put_desc(e, DESC, 2, BUF + 0x100, 512, 0, 0);              /* then data to write */
    publish(e, 0);
    kick_logged(e);
    assert_broken(e, "device-readable descriptor after a device-writable one");
    uint8_t sector0[512];
    assert_int_equal(pread(e->disk_fd, sector0, 512, 0), 512);
    assert_int_equal(sector0[5], pattern(5)); /* nothing was written */
}

static void test_nested_indirect(void **state)
{
    struct env *e = *state;
    start(e, VIRTIO_F_INDIRECT_DESC);
    uint64_t outer = BUF + 0x1000, inner = BUF + 0x2000;
    blk_header(e, BUF, T_IN, 0);
    put_desc(e, inner, 0, BUF, 16, 0, 0);
    put_desc(e, outer, 0, inner, 16, F_INDIRECT, 0);
    put_desc(e, DESC, 0, outer, 16, F_INDIRECT, 0);
    publish(e, 0);
    kick_logged(e);
    assert_broken(e, "nested indirect");
}

static void test_indirect_bad_length(void **state)
{
    struct env *e = *state;
    static const uint32_t lens[] = {0, 24, 16 * (VIRTQ_MAX_SEGS + 1)};
    for (unsigned k = 0; k < 3; k++) {
        memset(e->ram, 0, RAM_SIZE);
        start(e, VIRTIO_F_INDIRECT_DESC);
        put_desc(e, DESC, 0, RAM_BASE, lens[k], F_INDIRECT, 0);
        publish(e, 0);
        kick_logged(e);
        assert_broken(e, "indirect descriptor table of bad length");
    }
}

static void test_indirect_not_negotiated(void **state)
{
    struct env *e = *state;
    start(e, 0);
    uint64_t table = BUF + 0x1000;
    blk_header(e, BUF, T_IN, 0);
    put_desc(e, table, 0, BUF, 16, F_NEXT, 1);
    put_desc(e, table, 1, BUF + 0x400, 1, F_WRITE, 0);
    put_desc(e, DESC, 0, table, 32, F_INDIRECT, 0);
    publish(e, 0);
    kick_logged(e);
    assert_broken(e, "indirect descriptor not allowed");
}

static void test_too_many_segments(void **state)
{
    struct env *e = *state;
    start(e, VIRTIO_F_INDIRECT_DESC);
    /* a header, then an indirect table of VIRTQ_MAX_SEGS more readable buffers */
    uint64_t table = RAM_BASE + 0x3000;
    blk_header(e, BUF, T_OUT, 0);
    for (unsigned k = 0; k < VIRTQ_MAX_SEGS; k++)
        put_desc(e, table, k, BUF + 0x100 + k, 1, k + 1 < VIRTQ_MAX_SEGS ? F_NEXT : 0, (uint16_t)(k + 1));
    put_desc(e, DESC, 0, BUF, 16, F_NEXT, 1);
    put_desc(e, DESC, 1, table, 16 * VIRTQ_MAX_SEGS, F_INDIRECT, 0);
    publish(e, 0);
    kick_logged(e);
    assert_broken(e, "too many descriptors in a chain");
}

static void test_avail_index_jump(void **state)
{
    struct env *e = *state;
    start(e, 0);
    blk_header(e, BUF, T_IN, 0);
    put_desc(e, DESC, 0, BUF, 16, F_NEXT, 1);
    put_desc(e, DESC, 1, BUF + 0x400, 1, F_WRITE, 0);
    put16(e, AVAIL + 2, QSIZE + 1); /* more new heads than the ring holds */
    kick_logged(e);
    assert_broken(e, "moved by more than the queue size");
}

static void test_head_out_of_range(void **state)
{
    struct env *e = *state;
    start(e, 0);
    publish(e, QSIZE);
    kick_logged(e);
    assert_broken(e, "descriptor index out of range");
}

static void test_next_out_of_range(void **state)
{
    struct env *e = *state;
    start(e, 0);
    blk_header(e, BUF, T_IN, 0);
    put_desc(e, DESC, 0, BUF, 16, F_NEXT, 0xffff);
    publish(e, 0);
    kick_logged(e);
    assert_broken(e, "descriptor index out of range");
}

/* bad rings are refused at QueueReady and reported once the driver sets
 * DRIVER_OK */
static void test_rings_outside_ram(void **state)
{
    struct env *e = *state;
    static const struct { uint32_t num; uint64_t desc, avail, used; const char *why; } bad[] = {
        {QSIZE, DESC, AVAIL, RAM_BASE + RAM_SIZE - 8, "queue rings outside guest RAM"},
        {QSIZE, RAM_BASE - 0x1000, AVAIL, USED, "queue rings outside guest RAM"},
        {QSIZE, DESC, 0xfffffffffffffff0ULL, USED, "queue rings outside guest RAM"},
        {3, DESC, AVAIL, USED, "bad size or alignment"},
        {512, DESC, AVAIL, USED, "bad size or alignment"},  /* above QueueNumMax */
        {QSIZE, DESC + 8, AVAIL, USED, "bad size or alignment"},
    };
    for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        negotiate(e, 0);
        fflush(stderr);
        int saved = dup(2), cap = memfd_create("test-virtq-log", 0);
        dup2(cap, 2);
        setup_queue(e, bad[k].num, bad[k].desc, bad[k].avail, bad[k].used);
        uint32_t ready = rd(e, R_QUEUE_READY);
        uint32_t before = rd(e, R_STATUS);
        driver_ok(e);
        wr(e, R_QUEUE_NOTIFY, 0);
        fflush(stderr);
        dup2(saved, 2);
        close(saved);
        ssize_t n = pread(cap, e->log, sizeof(e->log) - 1, 0);
        close(cap);
        e->log[n > 0 ? n : 0] = 0;
        assert_int_equal(ready, 0);
        assert_false(before & VIRTIO_STATUS_NEEDS_RESET); /* not before DRIVER_OK */
        assert_broken(e, bad[k].why);
    }
}

/* ---- well-formed requests ---- */

static void test_blk_read(void **state)
{
    struct env *e = *state;
    start(e, 0);
    blk_header(e, BUF, T_IN, 3);
    memset(host(e, BUF + 0x1000), 0xee, 0x600);
    /* 1024 bytes from sector 3 in two buffers, the status byte in a third */
    put_desc(e, DESC, 2, BUF, 16, F_NEXT, 5);
    put_desc(e, DESC, 5, BUF + 0x1000, 512, F_NEXT | F_WRITE, 7);
    put_desc(e, DESC, 7, BUF + 0x1200, 512, F_NEXT | F_WRITE, 0);
    put_desc(e, DESC, 0, BUF + 0x1500, 1, F_WRITE, 0);
    publish(e, 2);
    kick_logged(e);
    assert_false(e->dev.broken);
    assert_string_equal(e->log, "");
    for (unsigned i = 0; i < 1024; i++)
        assert_int_equal(host(e, BUF + 0x1000)[i], pattern(3 * 512 + i));
    assert_int_equal(host(e, BUF + 0x1500)[0], 0); /* VIRTIO_BLK_S_OK */
    assert_int_equal(get16(e, USED + 2), 1);
    assert_int_equal(get32(e, USED + 4), 2);        /* id: the head */
    assert_int_equal(get32(e, USED + 8), 1024 + 1); /* data and status written */
    assert_int_equal(rd(e, R_INT_STATUS), 1);
    assert_true(e->irq);
    wr(e, R_INT_ACK, 1);
    assert_false(e->irq);
}

static void test_blk_read_indirect_full_chain(void **state)
{
    struct env *e = *state;
    start(e, VIRTIO_F_INDIRECT_DESC);
    /* a direct chain using every descriptor of the queue is legal */
    blk_header(e, BUF, T_IN, 1);
    put_desc(e, DESC, 0, BUF, 16, F_NEXT, 1);
    for (unsigned i = 1; i < QSIZE - 1; i++)
        put_desc(e, DESC, i, BUF + 0x1000 + 0x200 * (i - 1), 512, F_NEXT | F_WRITE, (uint16_t)(i + 1));
    put_desc(e, DESC, QSIZE - 1, BUF + 0x100, 1, F_WRITE, 0);
    publish(e, 0);
    /* and an indirect one reading sector 0 */
    uint64_t table = BUF + 0x3000;
    blk_header(e, BUF + 0x40, T_IN, 0);
    put_desc(e, table, 0, BUF + 0x40, 16, F_NEXT, 1);
    put_desc(e, table, 1, BUF + 0x4000, 512, F_NEXT | F_WRITE, 2);
    put_desc(e, table, 2, BUF + 0x101, 1, F_WRITE, 0);
    wr(e, R_QUEUE_NOTIFY, 0);
    assert_int_equal(get16(e, USED + 2), 1);
    put_desc(e, DESC, 3, table, 48, F_INDIRECT, 0); /* descriptor 3 is free again */
    publish(e, 3);
    wr(e, R_QUEUE_NOTIFY, 0);
    assert_false(e->dev.broken);
    for (unsigned i = 0; i < 512 * (QSIZE - 2); i++)
        assert_int_equal(host(e, BUF + 0x1000)[i], pattern(512 + i));
    for (unsigned i = 0; i < 512; i++)
        assert_int_equal(host(e, BUF + 0x4000)[i], pattern(i));
    assert_int_equal(host(e, BUF + 0x100)[0], 0);
    assert_int_equal(host(e, BUF + 0x101)[0], 0);
    assert_int_equal(get16(e, USED + 2), 2);
    assert_int_equal(get32(e, USED + 4 + 8), 3);
    assert_int_equal(get32(e, USED + 8 + 8), 512 + 1);
}

static void test_blk_write(void **state)
{
    struct env *e = *state;
    start(e, 0);
    blk_header(e, BUF, T_OUT, 4);
    memset(host(e, BUF + 0x1000), 0x5a, 512);
    put_desc(e, DESC, 0, BUF, 16, F_NEXT, 1);
    put_desc(e, DESC, 1, BUF + 0x1000, 512, F_NEXT, 2);
    put_desc(e, DESC, 2, BUF + 0x1500, 1, F_WRITE, 0);
    host(e, BUF + 0x1500)[0] = 0xff;
    publish(e, 0);
    wr(e, R_QUEUE_NOTIFY, 0);
    uint8_t s[512];
    assert_int_equal(pread(e->disk_fd, s, 512, 4 * 512), 512);
    for (unsigned i = 0; i < 512; i++)
        assert_int_equal(s[i], 0x5a);
    assert_int_equal(pread(e->disk_fd, s, 512, 5 * 512), 512);
    assert_int_equal(s[0], pattern(5 * 512)); /* the next sector is untouched */
    assert_int_equal(host(e, BUF + 0x1500)[0], 0);
    assert_int_equal(get32(e, USED + 8), 1); /* only the status byte written */
}

static void test_blk_write_readonly(void **state)
{
    struct env *e = *state;
    assert_true(e->readonly);
    start(e, 0);
    wr(e, R_DEV_FEATURES_SEL, 0);
    assert_true(rd(e, R_DEV_FEATURES) & (1u << 5)); /* VIRTIO_BLK_F_RO offered */
    blk_header(e, BUF, T_OUT, 4);
    memset(host(e, BUF + 0x1000), 0x5a, 512);
    put_desc(e, DESC, 0, BUF, 16, F_NEXT, 1);
    put_desc(e, DESC, 1, BUF + 0x1000, 512, F_NEXT, 2);
    put_desc(e, DESC, 2, BUF + 0x1500, 1, F_WRITE, 0);
    publish(e, 0);
    wr(e, R_QUEUE_NOTIFY, 0);
    assert_false(e->dev.broken);
    assert_int_equal(host(e, BUF + 0x1500)[0], 1); /* VIRTIO_BLK_S_IOERR */
    assert_int_equal(get16(e, USED + 2), 1);
    uint8_t s[512];
    assert_int_equal(pread(e->disk_fd, s, 512, 4 * 512), 512);
    for (unsigned i = 0; i < 512; i++)
        assert_int_equal(s[i], pattern(4 * 512 + i));
}

static void test_blk_bad_requests_are_errors_not_resets(void **state)
{
    struct env *e = *state;
    start(e, 0);
    /* beyond the end of the disk, a partial sector, an unknown type, no header */
    static const struct { uint32_t type; uint64_t sector; uint32_t len; uint32_t hdr; uint8_t status; } rq[] = {
        {T_IN, DISK_SECTORS, 512, 16, 1},
        {T_IN, DISK_SECTORS - 1, 1024, 16, 1},
        {T_IN, UINT64_MAX, 512, 16, 1},
        {T_IN, 0, 100, 16, 1},
        {77, 0, 512, 16, 2},
        {T_IN, 0, 512, 8, 1},
    };
    for (unsigned k = 0; k < sizeof(rq) / sizeof(rq[0]); k++) {
        blk_header(e, BUF, rq[k].type, rq[k].sector);
        put_desc(e, DESC, 0, BUF, rq[k].hdr, F_NEXT, 1);
        put_desc(e, DESC, 1, BUF + 0x1000, rq[k].len, F_NEXT | F_WRITE, 2);
        put_desc(e, DESC, 2, BUF + 0x1500, 1, F_WRITE, 0);
        host(e, BUF + 0x1500)[0] = 0xff;
        publish(e, 0);
        wr(e, R_QUEUE_NOTIFY, 0);
        assert_false(e->dev.broken);
        assert_int_equal(host(e, BUF + 0x1500)[0], rq[k].status);
        assert_int_equal(get16(e, USED + 2), k + 1);
    }
}

static void test_blk_get_id(void **state)
{
    struct env *e = *state;
    start(e, 0);
    blk_header(e, BUF, T_GET_ID, 0);
    put_desc(e, DESC, 0, BUF, 16, F_NEXT, 1);
    put_desc(e, DESC, 1, BUF + 0x1000, 20, F_NEXT | F_WRITE, 2);
    put_desc(e, DESC, 2, BUF + 0x1500, 1, F_WRITE, 0);
    publish(e, 0);
    wr(e, R_QUEUE_NOTIFY, 0);
    assert_int_equal(host(e, BUF + 0x1500)[0], 0);
    assert_memory_equal(host(e, BUF + 0x1000), "test-serial\0\0\0\0\0\0\0\0", 20);
}

static void test_rng_fills_buffers(void **state)
{
    struct env *e = *state;
    start(e, 0);
    memset(host(e, BUF), 0, 4096);
    put_desc(e, DESC, 0, BUF, 2048, F_NEXT | F_WRITE, 1);
    put_desc(e, DESC, 1, BUF + 2048, 2048, F_WRITE, 0);
    publish(e, 0);
    wr(e, R_QUEUE_NOTIFY, 0);
    assert_false(e->dev.broken);
    assert_int_equal(get32(e, USED + 8), 4096);
    unsigned zero = 0;
    for (unsigned i = 0; i < 4096; i++)
        zero += host(e, BUF)[i] == 0;
    assert_true(zero < 100); /* random bytes, about 16 zeroes expected */
    assert_int_equal(host(e, BUF + 4096)[0], 0);
}

/* after a failure and a reset, the same device serves requests again */
static void test_recovers_after_reset(void **state)
{
    struct env *e = *state;
    start(e, 0);
    publish(e, QSIZE + 3);
    kick_logged(e);
    assert_broken(e, "index out of range");
    memset(e->ram, 0, RAM_SIZE);
    test_blk_read(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_descriptor_loop, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_chain_longer_than_queue, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_indirect_loop, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_buffer_outside_ram, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_readable_after_writable, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_nested_indirect, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_indirect_bad_length, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_indirect_not_negotiated, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_too_many_segments, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_avail_index_jump, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_head_out_of_range, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_next_out_of_range, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_rings_outside_ram, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_blk_read, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_blk_read_indirect_full_chain, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_blk_write, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_blk_write_readonly, setup_blk_ro, teardown),
        cmocka_unit_test_setup_teardown(test_blk_bad_requests_are_errors_not_resets, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_blk_get_id, setup_blk, teardown),
        cmocka_unit_test_setup_teardown(test_rng_fills_buffers, setup_rng, teardown),
        cmocka_unit_test_setup_teardown(test_recovers_after_reset, setup_blk, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
