/* PLIC as in the RISC-V PLIC specification v1.0.0: per-source priority and
 * gateway (level-triggered: a source becomes pending when its line is high
 * and it is neither pending nor in service), per-context enables, threshold
 * and claim/complete.  A context's interrupt output drives MEIP or SEIP in
 * its hart's lines whenever some enabled pending source has a priority above
 * the context's threshold. */
#include "devices/plic.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define WORDS (PLIC_NUM_SOURCES / 32)

struct plic_ctx {
    uint32_t enable[WORDS];
    uint32_t threshold;
    bool out;
};

struct plic {
    pthread_mutex_t lock;
    struct irq_harts h;
    unsigned nctx;
    uint32_t priority[PLIC_NUM_SOURCES];
    uint32_t level[WORDS];
    uint32_t pending[WORDS];
    uint32_t claimed[WORDS];
    struct plic_ctx *ctx;
};

struct plic *plic_create(const struct irq_harts *harts)
{
    struct plic *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    pthread_mutex_init(&p->lock, NULL);
    p->h = *harts;
    p->nctx = harts->n * 2;
    p->ctx = calloc(p->nctx, sizeof(*p->ctx));
    p->h.lines = calloc(harts->n, sizeof(*p->h.lines));
    if (!p->ctx || !p->h.lines) {
        plic_destroy(p);
        return NULL;
    }
    memcpy(p->h.lines, harts->lines, harts->n * sizeof(*p->h.lines));
    return p;
}

void plic_destroy(struct plic *p)
{
    if (!p)
        return;
    pthread_mutex_destroy(&p->lock);
    free(p->ctx);
    free(p->h.lines);
    free(p);
}

static bool bit(const uint32_t *v, unsigned i)
{
    return (v[i / 32] >> (i % 32)) & 1;
}

static void setbit(uint32_t *v, unsigned i, bool on)
{
    if (on)
        v[i / 32] |= 1u << (i % 32);
    else
        v[i / 32] &= ~(1u << (i % 32));
}

/* the highest-priority enabled pending source above threshold (lowest ID wins ties) */
static unsigned best(const struct plic *p, unsigned c)
{
    unsigned id = 0;
    uint32_t prio = p->ctx[c].threshold;
    for (unsigned w = 0; w < WORDS; w++) {
        uint32_t m = p->pending[w] & p->ctx[c].enable[w];
        while (m) {
            unsigned s = w * 32 + (unsigned)__builtin_ctz(m);
            m &= m - 1;
            if (p->priority[s] > prio) {
                prio = p->priority[s];
                id = s;
            }
        }
    }
    return id;
}

/* recompute every context's output; called with the lock held */
static void update(struct plic *p)
{
    for (unsigned c = 0; c < p->nctx; c++) {
        bool out = best(p, c) != 0;
        if (out == p->ctx[c].out)
            continue;
        p->ctx[c].out = out;
        unsigned hart = c / 2;
        vcpu_irq_set_level(p->h.lines[hart], (c & 1) ? IRQ_S_EXT : IRQ_M_EXT, out);
        p->h.wake(p->h.opaque, hart);
    }
}

void plic_set_irq(struct plic *p, unsigned source, bool level)
{
    if (source == 0 || source >= PLIC_NUM_SOURCES)
        return;
    pthread_mutex_lock(&p->lock);
    setbit(p->level, source, level);
    if (level && !bit(p->claimed, source))
        setbit(p->pending, source, true);
    update(p);
    pthread_mutex_unlock(&p->lock);
}

static bool plic_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct plic *p = dev;
    if (size != 4 || (off & 3))
        return false;
    uint32_t v = 0;
    pthread_mutex_lock(&p->lock);
    if (off < 0x1000) {
        unsigned s = (unsigned)(off / 4);
        v = s < PLIC_NUM_SOURCES ? p->priority[s] : 0;
    } else if (off < 0x2000) {
        unsigned w = (unsigned)((off - 0x1000) / 4);
        v = w < WORDS ? p->pending[w] : 0;
    } else if (off < 0x200000) {
        unsigned c = (unsigned)((off - 0x2000) / 0x80), w = (unsigned)((off - 0x2000) % 0x80) / 4;
        v = (c < p->nctx && w < WORDS) ? p->ctx[c].enable[w] : 0;
    } else {
        unsigned c = (unsigned)((off - 0x200000) / 0x1000), reg = (unsigned)((off - 0x200000) % 0x1000);
        if (c < p->nctx && reg == 0) {
            v = p->ctx[c].threshold;
        } else if (c < p->nctx && reg == 4) { /* claim */
            unsigned id = best(p, c);
            if (id) {
                setbit(p->pending, id, false);
                setbit(p->claimed, id, true);
                update(p);
            }
            v = id;
        }
    }
    pthread_mutex_unlock(&p->lock);
    *val = v;
    return true;
}

static bool plic_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct plic *p = dev;
    uint32_t v = (uint32_t)val;
    if (size != 4 || (off & 3))
        return false;
    pthread_mutex_lock(&p->lock);
    if (off < 0x1000) {
        unsigned s = (unsigned)(off / 4);
        if (s > 0 && s < PLIC_NUM_SOURCES)
            p->priority[s] = v & 7; /* 3 priority bits */
    } else if (off >= 0x2000 && off < 0x200000) {
        unsigned c = (unsigned)((off - 0x2000) / 0x80), w = (unsigned)((off - 0x2000) % 0x80) / 4;
        if (c < p->nctx && w < WORDS)
            p->ctx[c].enable[w] = w == 0 ? v & ~1u : v; /* source 0 does not exist */
    } else if (off >= 0x200000) {
        unsigned c = (unsigned)((off - 0x200000) / 0x1000), reg = (unsigned)((off - 0x200000) % 0x1000);
        if (c < p->nctx && reg == 0) {
            p->ctx[c].threshold = v & 7;
        } else if (c < p->nctx && reg == 4) { /* complete */
            if (v > 0 && v < PLIC_NUM_SOURCES && bit(p->ctx[c].enable, v) && bit(p->claimed, v)) {
                setbit(p->claimed, v, false);
                if (bit(p->level, v)) /* still asserted: pending again */
                    setbit(p->pending, v, true);
            }
        }
    }
    update(p);
    pthread_mutex_unlock(&p->lock);
    return true;
}

const struct device_ops plic_ops = {
    .name = "plic",
    .read = plic_read,
    .write = plic_write,
};
