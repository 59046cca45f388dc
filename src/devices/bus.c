/* The system bus: a sorted table of address ranges, binary-searched. */
#include "devices/bus.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct region {
    uint64_t base, len;
    const struct device_ops *ops;
    void *dev;
};

struct bus {
    struct region *r;
    unsigned n, cap;
};

struct bus *bus_create(void)
{
    return calloc(1, sizeof(struct bus));
}

void bus_destroy(struct bus *bus)
{
    if (bus)
        free(bus->r);
    free(bus);
}

int bus_map(struct bus *bus, uint64_t base, uint64_t len, const struct device_ops *ops, void *dev)
{
    if (len == 0 || base + len < base)
        return -EINVAL;
    for (unsigned i = 0; i < bus->n; i++)
        if (base < bus->r[i].base + bus->r[i].len && bus->r[i].base < base + len)
            return -EEXIST;
    if (bus->n == bus->cap) {
        unsigned cap = bus->cap ? bus->cap * 2 : 16;
        struct region *r = realloc(bus->r, cap * sizeof(*r));
        if (!r)
            return -ENOMEM;
        bus->r = r;
        bus->cap = cap;
    }
    unsigned i = bus->n;
    while (i > 0 && bus->r[i - 1].base > base) {
        bus->r[i] = bus->r[i - 1];
        i--;
    }
    bus->r[i] = (struct region){base, len, ops, dev};
    bus->n++;
    return 0;
}

bool bus_access(struct bus *bus, uint64_t addr, unsigned size, bool is_write, uint64_t *data)
{
    unsigned lo = 0, hi = bus->n;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (bus->r[mid].base + bus->r[mid].len <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == bus->n)
        return false;
    struct region *r = &bus->r[lo];
    if (addr < r->base || addr + size > r->base + r->len || addr + size < addr)
        return false;
    uint64_t off = addr - r->base;
    if (is_write)
        return r->ops->write ? r->ops->write(r->dev, off, size, *data) : false;
    if (!r->ops->read)
        return false;
    *data = 0;
    return r->ops->read(r->dev, off, size, data);
}
