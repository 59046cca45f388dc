/* Disk images: the host side of virtio-blk.  Raw files (or block devices),
 * locked against a second writer. */
#ifndef STRATO_BACKENDS_DISK_H
#define STRATO_BACKENDS_DISK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

struct disk {
    int fd;
    bool readonly;
    uint64_t size;   /* bytes */
    char path[256];
};

/* Opens and locks (OFD lock: shared for read-only, exclusive for writable);
 * -1 with a one-line message in err. */
int disk_open(struct disk *d, const char *path, bool readonly, char *err, unsigned errlen);
void disk_close(struct disk *d);
/* 0 or -errno; a short transfer (beyond the end) is -EIO */
int disk_readv(struct disk *d, uint64_t off, const struct iovec *iov, int n);
int disk_writev(struct disk *d, uint64_t off, const struct iovec *iov, int n);
int disk_flush(struct disk *d);
/* Deallocate (discard) or zero a range; -EOPNOTSUPP when the host file
 * system cannot. */
int disk_discard(struct disk *d, uint64_t off, uint64_t len);
int disk_write_zeroes(struct disk *d, uint64_t off, uint64_t len, bool may_unmap);

#endif
