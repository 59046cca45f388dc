/* Goldfish RTC ("google,goldfish-rtc"): the host's wall clock. */
#ifndef STRATO_DEVICES_RTC_GOLDFISH_H
#define STRATO_DEVICES_RTC_GOLDFISH_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/bus.h"

#define RTC_SIZE 0x1000

struct rtc_goldfish;
struct rtc_goldfish *rtc_create(void (*set_irq)(void *opaque, bool level), void *opaque);
void rtc_destroy(struct rtc_goldfish *r);
/* The event loop calls this when the alarm time may have come. */
void rtc_poll(struct rtc_goldfish *r);
/* ns until the armed alarm fires, or -1 */
int64_t rtc_alarm_in_ns(struct rtc_goldfish *r);
extern const struct device_ops rtc_ops;

#endif
