/* Goldfish RTC unit tests: the guest sets the clock to any 64-bit value, and
 * reads it back; alarms far away stay finite.  Run under ASan+UBSan too, where
 * a signed overflow on the way (issue 9, item 2) aborts the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "devices/rtc_goldfish.h"

static void no_irq(void *opaque, bool level)
{
    (void)opaque;
    (void)level;
}

static uint64_t rd(struct rtc_goldfish *r, uint64_t off)
{
    uint64_t v = 0;
    assert_true(rtc_ops.read(r, off, 4, &v));
    return v;
}

static void wr(struct rtc_goldfish *r, uint64_t off, uint64_t v)
{
    assert_true(rtc_ops.write(r, off, 4, v));
}

static uint64_t read_time(struct rtc_goldfish *r)
{
    uint64_t lo = rd(r, 0x00); /* TIME_LOW latches TIME_HIGH */
    return rd(r, 0x04) << 32 | lo;
}

/* The clock set to t reads back t plus the little time that passed. */
static void set_and_check(struct rtc_goldfish *r, uint64_t t)
{
    wr(r, 0x04, t >> 32);
    wr(r, 0x00, (uint32_t)t);
    uint64_t got = read_time(r);
    assert_true(got - t < 1000000000ULL); /* modulo 2^64: within a second after t */
}

static void test_set_any_time(void **state)
{
    (void)state;
    struct rtc_goldfish *r = rtc_create(no_irq, NULL);
    assert_non_null(r);
    /* the host's time first: about now */
    uint64_t t = read_time(r);
    assert_true(t > 1600000000ULL * 1000000000ULL);
    set_and_check(r, 0x8800000000000000ULL); /* the campaign's value */
    set_and_check(r, 0);
    set_and_check(r, UINT64_MAX);
    set_and_check(r, 0x7fffffffffffffffULL);
    set_and_check(r, 1700000000ULL * 1000000000ULL);
    rtc_destroy(r);
}

static void test_far_alarm(void **state)
{
    (void)state;
    struct rtc_goldfish *r = rtc_create(no_irq, NULL);
    assert_non_null(r);
    set_and_check(r, 0);
    wr(r, 0x0c, 0xffffffff); /* ALARM_HIGH */
    wr(r, 0x08, 0xffffffff); /* ALARM_LOW arms it */
    assert_int_equal(rd(r, 0x18), 1);
    int64_t ns = rtc_alarm_in_ns(r);
    assert_true(ns > 0); /* far away, and not wrapped negative */
    wr(r, 0x14, 1); /* CLEAR_ALARM */
    assert_int_equal(rtc_alarm_in_ns(r), -1);
    rtc_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_any_time),
        cmocka_unit_test(test_far_alarm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
