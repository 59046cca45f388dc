/* The translator's code memory, one per hart (no locking, like the block
 * arena).  W^X: the code is written through one mapping of a memfd and run
 * through another, so no page is ever writable and executable at once.  The
 * size is fixed; when it is full, every block and translation is dropped and
 * translation starts again (block_flush_all), which also hands the pages
 * back to the host. */
#include "engine/riscv/jit/jit.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#if STRATO_JIT

enum { JIT_CACHE_SIZE = 16 << 20 };

int jit_cache_init(struct jit_cache *c)
{
    c->rw = c->rx = NULL;
    c->fd = memfd_create("strato-jit", MFD_CLOEXEC);
    if (c->fd < 0)
        return -1;
    if (ftruncate(c->fd, JIT_CACHE_SIZE) != 0)
        goto fail;
    void *rw = mmap(NULL, JIT_CACHE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);
    if (rw == MAP_FAILED)
        goto fail;
    void *rx = mmap(NULL, JIT_CACHE_SIZE, PROT_READ | PROT_EXEC, MAP_SHARED, c->fd, 0);
    if (rx == MAP_FAILED) {
        munmap(rw, JIT_CACHE_SIZE);
        goto fail;
    }
    c->rw = rw;
    c->rx = rx;
    c->size = JIT_CACHE_SIZE;
    c->used = c->touched = 0;
    return 0;
fail:
    close(c->fd);
    c->fd = -1;
    return -1;
}

void jit_cache_free(struct jit_cache *c)
{
    if (c->rw)
        munmap(c->rw, c->size);
    if (c->rx)
        munmap(c->rx, c->size);
    if (c->fd >= 0)
        close(c->fd);
    c->rw = c->rx = NULL;
    c->fd = -1;
}

void jit_cache_reset(struct jit_cache *c)
{
    if (c->fd < 0)
        return;
    /* shared memory is only freed by punching it out of the file */
    if (c->touched)
        fallocate(c->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, (off_t)c->touched);
    c->used = c->touched = 0;
}

#endif
