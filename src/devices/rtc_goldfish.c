/* Goldfish RTC (Android emulator's "goldfish" platform, register layout as
 * Linux's drivers/rtc/rtc-goldfish.c expects): a 64-bit nanosecond count of
 * wall-clock time read low word first (the read latches the high word), an
 * alarm with an interrupt.  The guest may set the clock: that changes an
 * offset, never the host's clock. */
#include "devices/rtc_goldfish.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

enum {
    TIME_LOW = 0x00, TIME_HIGH = 0x04, ALARM_LOW = 0x08, ALARM_HIGH = 0x0c,
    IRQ_ENABLED = 0x10, CLEAR_ALARM = 0x14, ALARM_STATUS = 0x18, CLEAR_INTERRUPT = 0x1c,
};

struct rtc_goldfish {
    pthread_mutex_t lock;
    uint64_t offset;      /* guest time = host realtime + offset, modulo 2^64: any
                           * 64-bit time the guest sets is representable */
    uint32_t time_high;   /* latched by a TIME_LOW read */
    uint32_t alarm_high;
    uint64_t alarm;
    bool alarm_armed, irq_enabled, irq_pending, irq_out;
    void (*set_irq)(void *opaque, bool level);
    void *opaque;
};

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

struct rtc_goldfish *rtc_create(void (*set_irq)(void *opaque, bool level), void *opaque)
{
    struct rtc_goldfish *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    pthread_mutex_init(&r->lock, NULL);
    r->set_irq = set_irq;
    r->opaque = opaque;
    return r;
}

void rtc_destroy(struct rtc_goldfish *r)
{
    if (!r)
        return;
    pthread_mutex_destroy(&r->lock);
    free(r);
}

static uint64_t now(struct rtc_goldfish *r)
{
    return host_ns() + r->offset;
}

static void update_irq(struct rtc_goldfish *r)
{
    bool level = r->irq_enabled && r->irq_pending;
    if (level != r->irq_out) {
        r->irq_out = level;
        if (r->set_irq)
            r->set_irq(r->opaque, level);
    }
}

void rtc_poll(struct rtc_goldfish *r)
{
    pthread_mutex_lock(&r->lock);
    if (r->alarm_armed && now(r) >= r->alarm) {
        r->alarm_armed = false;
        r->irq_pending = true;
        update_irq(r);
    }
    pthread_mutex_unlock(&r->lock);
}

int64_t rtc_alarm_in_ns(struct rtc_goldfish *r)
{
    pthread_mutex_lock(&r->lock);
    int64_t d = -1;
    if (r->alarm_armed) {
        uint64_t t = now(r);
        uint64_t left = r->alarm > t ? r->alarm - t : 0;
        d = left > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)left;
    }
    pthread_mutex_unlock(&r->lock);
    return d;
}

static bool rtc_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct rtc_goldfish *r = dev;
    if (size != 4)
        return false;
    pthread_mutex_lock(&r->lock);
    switch (off) {
    case TIME_LOW: {
        uint64_t t = now(r);
        r->time_high = (uint32_t)(t >> 32);
        *val = (uint32_t)t;
        break;
    }
    case TIME_HIGH: *val = r->time_high; break;
    case ALARM_LOW: *val = (uint32_t)r->alarm; break;
    case ALARM_HIGH: *val = (uint32_t)(r->alarm >> 32); break;
    case IRQ_ENABLED: *val = r->irq_enabled; break;
    case ALARM_STATUS: *val = r->alarm_armed; break;
    default: *val = 0; break;
    }
    pthread_mutex_unlock(&r->lock);
    return true;
}

static bool rtc_write(void *dev, uint64_t off, unsigned size, uint64_t val)
{
    struct rtc_goldfish *r = dev;
    uint32_t v = (uint32_t)val;
    if (size != 4)
        return false;
    pthread_mutex_lock(&r->lock);
    switch (off) {
    case TIME_LOW: { /* high word first, as the driver writes it */
        uint64_t t = ((uint64_t)r->time_high << 32) | v;
        r->offset = t - host_ns();
        break;
    }
    case TIME_HIGH: r->time_high = v; break;
    case ALARM_HIGH: r->alarm_high = v; break;
    case ALARM_LOW: /* writing the low word arms the alarm */
        r->alarm = ((uint64_t)r->alarm_high << 32) | v;
        r->alarm_armed = true;
        if (now(r) >= r->alarm) {
            r->alarm_armed = false;
            r->irq_pending = true;
        }
        break;
    case IRQ_ENABLED: r->irq_enabled = v & 1; break;
    case CLEAR_ALARM: r->alarm_armed = false; break;
    case CLEAR_INTERRUPT: r->irq_pending = false; break;
    default: break;
    }
    update_irq(r);
    pthread_mutex_unlock(&r->lock);
    return true;
}

const struct device_ops rtc_ops = {
    .name = "rtc-goldfish",
    .read = rtc_read,
    .write = rtc_write,
};
