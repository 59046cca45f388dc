/* The system bus: guest-physical address -> device (DESIGN.md §1).
 *
 * A device is a few callbacks on an address range; it never sees a vCPU.
 * Devices serialise their own state (each holds a lock where it needs one):
 * the bus is read-only once the VM runs, so lookups take no lock.
 */
#ifndef STRATO_DEVICES_BUS_H
#define STRATO_DEVICES_BUS_H

#include <stdbool.h>
#include <stdint.h>

struct device_ops {
    const char *name;
    /* size is 1, 2, 4 or 8; offset is relative to the mapped base.  Return
     * false to refuse the access (the guest gets an access fault). */
    bool (*read)(void *dev, uint64_t offset, unsigned size, uint64_t *value);
    bool (*write)(void *dev, uint64_t offset, unsigned size, uint64_t value);
};

struct bus;

struct bus *bus_create(void);
void bus_destroy(struct bus *bus);
int bus_map(struct bus *bus, uint64_t base, uint64_t len, const struct device_ops *ops, void *dev);
/* false: no device there, or the device refused (access fault) */
bool bus_access(struct bus *bus, uint64_t addr, unsigned size, bool is_write, uint64_t *data);

#endif
