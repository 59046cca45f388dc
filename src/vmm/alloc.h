/* Host resources for VMs: guest RAM, and what the host spends on a VM. */
#ifndef STRATO_VMM_ALLOC_H
#define STRATO_VMM_ALLOC_H

#include <stdint.h>

/* Guest RAM: anonymous, MAP_NORESERVE, touched lazily.  Returns NULL and
 * fills err (one line) on failure. */
uint8_t *alloc_guest_ram(uint64_t size, char *err, unsigned errlen);
void free_guest_ram(uint8_t *ram, uint64_t size);
uint64_t alloc_host_ram_bytes(void);
/* This process's resident memory, its peak, and the part that is guest RAM. */
int alloc_host_usage(const uint8_t *ram, uint64_t size, uint64_t *rss, uint64_t *peak,
                     uint64_t *guest);

#endif
