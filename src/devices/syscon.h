/* The SiFive test device ("sifive,test1"): poweroff, reboot, fail. */
#ifndef STRATO_DEVICES_SYSCON_H
#define STRATO_DEVICES_SYSCON_H

#include "devices/bus.h"

#define SYSCON_SIZE 0x1000

enum syscon_event { SYSCON_POWEROFF, SYSCON_REBOOT, SYSCON_FAIL };

struct syscon {
    void (*event)(void *opaque, enum syscon_event ev, unsigned code);
    void *opaque;
};
extern const struct device_ops syscon_ops;

#endif
