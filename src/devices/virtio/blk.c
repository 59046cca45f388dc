/* virtio-blk (virtio spec §5.2): read, write, flush, discard, write-zeroes
 * and get-id, done synchronously on the vCPU thread that kicked the queue.
 * The device has a volatile write cache (VIRTIO_BLK_F_FLUSH): the guest's
 * flush is an fdatasync of the image. */
#include "devices/virtio/blk.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define VIRTIO_BLK_F_SEG_MAX (1ULL << 2)
#define VIRTIO_BLK_F_RO (1ULL << 5)
#define VIRTIO_BLK_F_BLK_SIZE (1ULL << 6)
#define VIRTIO_BLK_F_FLUSH (1ULL << 9)
#define VIRTIO_BLK_F_DISCARD (1ULL << 13)
#define VIRTIO_BLK_F_WRITE_ZEROES (1ULL << 14)

enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8, T_DISCARD = 11, T_WRITE_ZEROES = 13 };
enum { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };
enum { QUEUE_SIZE = 256, SEG_MAX = 254, DISCARD_SEG_MAX = 32 };
#define MAX_DISCARD_SECTORS (1u << 22)

struct virtio_blk {
    struct disk disk;
    char serial[20];
    struct virtq_elem e;
    struct iovec scratch[VIRTQ_MAX_SEGS];
};

struct virtio_blk *virtio_blk_create(struct disk *disk, const char *serial)
{
    struct virtio_blk *b = calloc(1, sizeof(*b));
    if (!b)
        return NULL;
    b->disk = *disk;
    size_t n = strlen(serial); /* 20 bytes, NUL-terminated only if shorter */
    memcpy(b->serial, serial, n < sizeof(b->serial) ? n : sizeof(b->serial));
    return b;
}

void virtio_blk_destroy(struct virtio_blk *b)
{
    if (!b)
        return;
    disk_close(&b->disk);
    free(b);
}

uint64_t virtio_blk_features(const struct virtio_blk *b)
{
    return b->disk.readonly ? VIRTIO_BLK_F_RO : 0;
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

static void blk_config_read(struct virtio_dev *d, uint32_t off, uint8_t *buf, unsigned len)
{
    struct virtio_blk *b = d->priv;
    uint8_t cfg[64] = {0};
    uint64_t capacity = b->disk.size / 512;
    memcpy(cfg + 0, &capacity, 8);
    put32(cfg + 12, SEG_MAX);                 /* seg_max */
    put32(cfg + 20, 512);                     /* blk_size */
    put32(cfg + 36, MAX_DISCARD_SECTORS);     /* max_discard_sectors */
    put32(cfg + 40, DISCARD_SEG_MAX);         /* max_discard_seg */
    put32(cfg + 44, 8);                       /* discard_sector_alignment (4 KiB) */
    put32(cfg + 48, MAX_DISCARD_SECTORS);     /* max_write_zeroes_sectors */
    put32(cfg + 52, DISCARD_SEG_MAX);         /* max_write_zeroes_seg */
    cfg[56] = 1;                              /* write_zeroes_may_unmap */
    if (off < sizeof(cfg))
        memcpy(buf, cfg + off, len <= sizeof(cfg) - off ? len : sizeof(cfg) - off);
}

/* The data buffers of a request: everything but the 16-byte header (out)
 * and the status byte (the last byte of the in-buffers). */
static int data_iov(struct virtio_blk *b, const struct virtq_elem *e, bool in, size_t *len)
{
    int n = 0;
    size_t total = 0;
    if (in) {
        size_t want = e->in_len - 1;
        for (unsigned k = 0; k < e->n_in && total < want; k++) {
            size_t l = e->in[k].iov_len < want - total ? e->in[k].iov_len : want - total;
            b->scratch[n].iov_base = e->in[k].iov_base;
            b->scratch[n].iov_len = l;
            n++;
            total += l;
        }
    } else {
        size_t skip = 16;
        for (unsigned k = 0; k < e->n_out; k++) {
            size_t l = e->out[k].iov_len;
            if (skip >= l) {
                skip -= l;
                continue;
            }
            b->scratch[n].iov_base = (uint8_t *)e->out[k].iov_base + skip;
            b->scratch[n].iov_len = l - skip;
            total += l - skip;
            skip = 0;
            n++;
        }
    }
    *len = total;
    return n;
}

static uint8_t do_ranges(struct virtio_blk *b, const struct virtq_elem *e, bool zeroes)
{
    size_t len = e->out_len - 16;
    if (len == 0 || len % 16 || len / 16 > DISCARD_SEG_MAX)
        return S_IOERR;
    for (size_t off = 16; off < e->out_len; off += 16) {
        uint8_t seg[16];
        virtq_copy_from_out(e, off, seg, 16);
        uint64_t sector;
        uint32_t num, flags;
        memcpy(&sector, seg, 8);
        memcpy(&num, seg + 8, 4);
        memcpy(&flags, seg + 12, 4);
        if (num > MAX_DISCARD_SECTORS || sector > b->disk.size / 512 ||
            num > b->disk.size / 512 - sector || (flags & ~1u) || (!zeroes && flags))
            return S_IOERR;
        int r = zeroes ? disk_write_zeroes(&b->disk, sector * 512, (uint64_t)num * 512, flags & 1)
                       : disk_discard(&b->disk, sector * 512, (uint64_t)num * 512);
        if (r == -EOPNOTSUPP)
            return S_UNSUPP;
        if (r)
            return S_IOERR;
    }
    return S_OK;
}

static uint8_t do_request(struct virtio_blk *b, const struct virtq_elem *e, uint32_t *written)
{
    uint8_t hdr[16];
    uint32_t type;
    uint64_t sector;
    virtq_copy_from_out(e, 0, hdr, 16);
    memcpy(&type, hdr, 4);
    memcpy(&sector, hdr + 8, 8);
    size_t len;
    int n, r;

    switch (type) {
    case T_IN:
        n = data_iov(b, e, true, &len);
        if (len % 512 || sector > b->disk.size / 512 || len > b->disk.size - sector * 512)
            return S_IOERR;
        r = disk_readv(&b->disk, sector * 512, b->scratch, n);
        if (r)
            return S_IOERR;
        *written = (uint32_t)len;
        return S_OK;
    case T_OUT:
        if (b->disk.readonly)
            return S_IOERR;
        n = data_iov(b, e, false, &len);
        if (len % 512 || sector > b->disk.size / 512 || len > b->disk.size - sector * 512)
            return S_IOERR;
        return disk_writev(&b->disk, sector * 512, b->scratch, n) ? S_IOERR : S_OK;
    case T_FLUSH:
        return disk_flush(&b->disk) ? S_IOERR : S_OK;
    case T_GET_ID:
        if (e->in_len < 1 + sizeof(b->serial))
            return S_IOERR;
        *written = (uint32_t)virtq_copy_to_in(NULL, e, 0, b->serial, sizeof(b->serial));
        return S_OK;
    case T_DISCARD:
    case T_WRITE_ZEROES:
        if (b->disk.readonly)
            return S_IOERR;
        return do_ranges(b, e, type == T_WRITE_ZEROES);
    default:
        return S_UNSUPP;
    }
}

static void blk_notify(struct virtio_dev *d, unsigned q)
{
    struct virtio_blk *b = d->priv;
    int r;
    bool any = false;
    while ((r = virtq_pop(d, q, &b->e)) == 1) {
        struct virtq_elem *e = &b->e;
        uint32_t written = 0;
        uint8_t status;
        /* a request has a 16-byte header it can read and a status byte it can write */
        if (e->out_len < 16 || e->in_len < 1)
            status = S_IOERR;
        else
            status = do_request(b, e, &written);
        virtq_copy_to_in(d, e, e->in_len - 1, &status, 1);
        virtq_push(d, q, e, written + 1);
        any = true;
    }
    if (any)
        virtq_notify(d, q);
}

const struct virtio_ops virtio_blk_ops = {
    .name = "virtio-blk",
    .device_id = 2,
    .num_queues = 1,
    .queue_max = QUEUE_SIZE,
    .features = VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_FLUSH |
                VIRTIO_BLK_F_DISCARD | VIRTIO_BLK_F_WRITE_ZEROES,
    .config_size = 64,
    .config_read = blk_config_read,
    .notify = blk_notify,
};
