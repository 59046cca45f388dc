/* Disk backend: raw images with positional I/O.  What the guest flushes
 * reaches the disk (fdatasync); writes before that sit in the host's page
 * cache, which outlives strato if it is killed. */
#include "backends/disk.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

int disk_open(struct disk *d, const char *path, bool readonly, char *err, unsigned errlen)
{
    memset(d, 0, sizeof(*d));
    d->fd = -1;
    d->readonly = readonly;
    snprintf(d->path, sizeof(d->path), "%s", path);
    /* O_NONBLOCK: a FIFO must not block the open (it is refused below) */
    int fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open disk '%s'%s: %s", path, readonly ? "" : " for writing",
                 strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))) {
        snprintf(err, errlen, "disk '%s' is not a regular file or block device", path);
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    uint64_t size = (uint64_t)st.st_size;
    if (S_ISBLK(st.st_mode) && ioctl(fd, BLKGETSIZE64, &size) != 0) {
        snprintf(err, errlen, "cannot get the size of disk '%s': %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (size < 512) {
        snprintf(err, errlen, "disk '%s' is smaller than one 512-byte sector", path);
        close(fd);
        return -1;
    }
    /* Open file description locks belong to this open, so two VMs (or two
     * disks of one VM) on the same image see each other. */
    struct flock fl = {.l_type = readonly ? F_RDLCK : F_WRLCK, .l_whence = SEEK_SET};
    if (fcntl(fd, F_OFD_SETLK, &fl) != 0) {
        if (errno == EAGAIN || errno == EACCES)
            snprintf(err, errlen, "disk '%s' is in use by another VM (locked%s)", path,
                     readonly ? " for writing" : "");
        else
            snprintf(err, errlen, "cannot lock disk '%s': %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    d->fd = fd;
    d->size = size & ~511ULL;
    return 0;
}

void disk_close(struct disk *d)
{
    if (d->fd >= 0)
        close(d->fd);
    d->fd = -1;
}

static int xfer(struct disk *d, uint64_t off, const struct iovec *iov, int n, bool write)
{
    struct iovec local[64];
    while (n > 0) {
        int chunk = n > 64 ? 64 : n;
        memcpy(local, iov, (size_t)chunk * sizeof(*iov));
        size_t want = 0;
        for (int i = 0; i < chunk; i++)
            want += local[i].iov_len;
        struct iovec *v = local;
        int vn = chunk;
        while (want) {
            ssize_t r = write ? pwritev(d->fd, v, vn, (off_t)off) : preadv(d->fd, v, vn, (off_t)off);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0)
                return -errno;
            if (r == 0)
                return -EIO;
            off += (uint64_t)r;
            want -= (size_t)r;
            while (vn && (size_t)r >= v->iov_len) {
                r -= (ssize_t)v->iov_len;
                v++;
                vn--;
            }
            if (vn && r) {
                v->iov_base = (uint8_t *)v->iov_base + r;
                v->iov_len -= (size_t)r;
            }
        }
        iov += chunk;
        n -= chunk;
    }
    return 0;
}

int disk_readv(struct disk *d, uint64_t off, const struct iovec *iov, int n)
{
    return xfer(d, off, iov, n, false);
}

int disk_writev(struct disk *d, uint64_t off, const struct iovec *iov, int n)
{
    if (d->readonly)
        return -EROFS;
    return xfer(d, off, iov, n, true);
}

int disk_flush(struct disk *d)
{
    if (d->readonly)
        return 0;
    return fdatasync(d->fd) ? -errno : 0;
}

int disk_discard(struct disk *d, uint64_t off, uint64_t len)
{
    if (d->readonly)
        return -EROFS;
    if (fallocate(d->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len))
        return errno == EOPNOTSUPP || errno == ENOSYS ? -EOPNOTSUPP : -errno;
    return 0;
}

int disk_write_zeroes(struct disk *d, uint64_t off, uint64_t len, bool may_unmap)
{
    if (d->readonly)
        return -EROFS;
    if (may_unmap &&
        fallocate(d->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) == 0)
        return 0;
    if (fallocate(d->fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) == 0)
        return 0;
    /* the host cannot: write zeroes by hand */
    static const uint8_t zeros[65536];
    while (len) {
        size_t n = len < sizeof(zeros) ? (size_t)len : sizeof(zeros);
        struct iovec v = {(void *)zeros, n};
        int r = xfer(d, off, &v, 1, true);
        if (r)
            return r;
        off += n;
        len -= n;
    }
    return 0;
}
