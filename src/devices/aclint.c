/* ACLINT in the SiFive CLINT layout (RISC-V ACLINT spec §2-3; the layout
 * QEMU virt and OpenSBI know): msip[hart] at 0x0, mtimecmp[hart] at 0x4000,
 * mtime at 0xbff8.  MSIP drives mip.MSIP through the hart's lines; mtimecmp
 * is the MTIP comparator the engine evaluates against its clock. */
#include "devices/aclint.h"

#include <stdlib.h>

struct aclint {
    struct irq_harts h;
    _Atomic uint32_t *msip;
};

struct aclint *aclint_create(unsigned nharts, const struct irq_harts *harts)
{
    struct aclint *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->h = *harts;
    c->h.n = nharts;
    c->msip = calloc(nharts, sizeof(*c->msip));
    c->h.lines = calloc(nharts, sizeof(*c->h.lines));
    if (!c->msip || !c->h.lines) {
        aclint_destroy(c);
        return NULL;
    }
    for (unsigned i = 0; i < nharts; i++)
        c->h.lines[i] = harts->lines[i];
    for (unsigned i = 0; i < nharts; i++)
        vcpu_irq_set_timecmp(c->h.lines[i], 0, UINT64_MAX);
    return c;
}

void aclint_destroy(struct aclint *c)
{
    if (!c)
        return;
    free((void *)c->msip);
    free(c->h.lines);
    free(c);
}

static bool aclint_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct aclint *c = dev;
    if (off < 0x4000) {
        unsigned hart = (unsigned)(off / 4);
        if (size != 4 || (off & 3))
            return false;
        *val = hart < c->h.n ? atomic_load(&c->msip[hart]) : 0;
        return true;
    }
    if (off >= 0x4000 && off < 0xbff8) {
        unsigned hart = (unsigned)((off - 0x4000) / 8);
        if (hart >= c->h.n) {
            *val = 0;
            return true;
        }
        uint64_t v = atomic_load(&c->h.lines[hart]->timecmp[0]);
        if (size == 8 && !(off & 7))
            *val = v;
        else if (size == 4 && !(off & 3))
            *val = (uint32_t)(v >> ((off & 4) * 8));
        else
            return false;
        return true;
    }
    if (off >= 0xbff8 && off < 0xc000) {
        uint64_t t = c->h.time(c->h.opaque);
        if (size == 8 && off == 0xbff8)
            *val = t;
        else if (size == 4 && !(off & 3))
            *val = (uint32_t)(t >> ((off & 4) * 8));
        else
            return false;
        return true;
    }
    *val = 0;
    return true;
}

static bool aclint_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct aclint *c = dev;
    if (off < 0x4000) {
        unsigned hart = (unsigned)(off / 4);
        if (size != 4 || (off & 3))
            return false;
        if (hart < c->h.n) {
            atomic_store(&c->msip[hart], (uint32_t)(val & 1));
            vcpu_irq_set_level(c->h.lines[hart], IRQ_M_SOFT, val & 1);
            c->h.wake(c->h.opaque, hart);
        }
        return true;
    }
    if (off >= 0x4000 && off < 0xbff8) {
        unsigned hart = (unsigned)((off - 0x4000) / 8);
        if (hart >= c->h.n)
            return true;
        _Atomic uint64_t *cmp = &c->h.lines[hart]->timecmp[0];
        uint64_t v;
        if (size == 8 && !(off & 7)) {
            v = val;
        } else if (size == 4 && !(off & 3)) {
            unsigned sh = (unsigned)(off & 4) * 8;
            uint64_t old = atomic_load(cmp);
            v = (old & ~(0xffffffffULL << sh)) | ((val & 0xffffffffULL) << sh);
        } else {
            return false;
        }
        vcpu_irq_set_timecmp(c->h.lines[hart], 0, v);
        c->h.wake(c->h.opaque, hart);
        return true;
    }
    return true; /* mtime is read-only here; other offsets are reserved */
}

const struct device_ops aclint_ops = {
    .name = "aclint",
    .read = aclint_read,
    .write = aclint_write,
};
