/* HTIF as the riscv-tests environments and Spike use it: a 64-bit value in
 * tohost is (device << 56) | (command << 48) | payload.
 *   device 0, command 0, payload odd:  exit with status payload >> 1
 *   device 1, command 1:               console output of the low byte
 * After a command the host clears tohost and acknowledges in fromhost.
 * A program may write tohost as two 32-bit halves, high half last. */
#include "devices/htif.h"

#include <stdio.h>
#include <string.h>

static void htif_command(struct htif *t, uint64_t v)
{
    unsigned dev = (unsigned)(v >> 56), cmd = (unsigned)((v >> 48) & 0xff);
    uint64_t payload = v & ((1ULL << 48) - 1);
    uint64_t zero = 0;
    if (v == 0)
        return;
    if (dev == 0 && cmd == 0) {
        if (payload & 1) {
            t->exit(t->opaque, (unsigned)(payload >> 1));
            return;
        }
        fprintf(stderr, "strato: htif: syscall proxy (tohost=%#llx) is not supported\n",
                (unsigned long long)v);
        t->exit(t->opaque, 1000);
        return;
    }
    if (dev == 1 && cmd == 1) {
        t->putc(t->opaque, (uint8_t)payload);
        memcpy(t->tohost, &zero, 8);
        if (t->fromhost) {
            uint64_t ack = (1ULL << 56) | (1ULL << 48) | 0x100 | (payload & 0xff);
            memcpy(t->fromhost, &ack, 8);
        }
        return;
    }
    /* device 1 command 0 (read a character) and others: acknowledge, no data */
    memcpy(t->tohost, &zero, 8);
}

static bool word_read(uint8_t *word, uint64_t off, unsigned size, uint64_t *val)
{
    if (off + size > 8)
        return false;
    *val = 0;
    memcpy(val, word + off, size);
    return true;
}

static bool tohost_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    return word_read(((struct htif *)dev)->tohost, off, size, val);
}

static bool fromhost_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    return word_read(((struct htif *)dev)->fromhost, off, size, val);
}

static bool tohost_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct htif *t = dev;
    if (off + size > 8)
        return false;
    memcpy(t->tohost + off, &val, size);
    if (off + size == 8) { /* the high word completes the command */
        uint64_t v;
        memcpy(&v, t->tohost, 8);
        htif_command(t, v);
    }
    return true;
}

static bool fromhost_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct htif *t = dev;
    if (off + size > 8)
        return false;
    memcpy(t->fromhost + off, &val, size);
    return true;
}

const struct device_ops htif_tohost_ops = {
    .name = "htif-tohost",
    .read = tohost_read,
    .write = tohost_write,
};

const struct device_ops htif_fromhost_ops = {
    .name = "htif-fromhost",
    .read = fromhost_read,
    .write = fromhost_write,
};
