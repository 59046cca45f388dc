/* SiFive test finisher: a 32-bit write of 0x5555 powers off, 0x7777 resets,
 * 0x3333 with an exit code in bits 31:16 reports failure.  Linux drives it
 * through the syscon-poweroff/syscon-reboot nodes; bare-metal tests through
 * the finisher codes. */
#include "devices/syscon.h"

static bool syscon_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    (void)dev;
    (void)off;
    (void)size;
    *val = 0;
    return true;
}

static bool syscon_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct syscon *s = dev;
    (void)size;
    if (off != 0)
        return true;
    switch (val & 0xffff) {
    case 0x5555:
        s->event(s->opaque, SYSCON_POWEROFF, 0);
        break;
    case 0x7777:
        s->event(s->opaque, SYSCON_REBOOT, 0);
        break;
    case 0x3333:
        s->event(s->opaque, SYSCON_FAIL, (unsigned)((val >> 16) & 0xffff));
        break;
    }
    return true;
}

const struct device_ops syscon_ops = {
    .name = "sifive-test",
    .read = syscon_read,
    .write = syscon_write,
};
