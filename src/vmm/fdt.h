/* The device tree the VM is described by. */
#ifndef STRATO_VMM_FDT_H
#define STRATO_VMM_FDT_H

#include <stddef.h>

struct vm;

/* Builds the DTB into buf; returns 0 or a negative libfdt error. */
int fdt_build(const struct vm *vm, void *buf, size_t size);

#endif
