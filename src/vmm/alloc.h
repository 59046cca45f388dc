/* Host resources for VMs: guest RAM. */
#ifndef STRATO_VMM_ALLOC_H
#define STRATO_VMM_ALLOC_H

#include <stdint.h>

/* Guest RAM: anonymous, MAP_NORESERVE, touched lazily.  Returns NULL and
 * fills err (one line) on failure. */
uint8_t *alloc_guest_ram(uint64_t size, char *err, unsigned errlen);
void free_guest_ram(uint8_t *ram, uint64_t size);
uint64_t alloc_host_ram_bytes(void);

#endif
