/* The allocator: host memory for guest RAM.  One anonymous mapping per VM
 * with MAP_NORESERVE, so a VM costs what its guest touches.  Requests larger
 * than the host's physical memory are refused up front: overcommitting a
 * guest's RAM beyond the machine is never what the user meant. */
#include "vmm/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>

uint64_t alloc_host_ram_bytes(void)
{
    struct sysinfo si;
    if (sysinfo(&si) != 0)
        return 0;
    return (uint64_t)si.totalram * si.mem_unit;
}

uint8_t *alloc_guest_ram(uint64_t size, char *err, unsigned errlen)
{
    uint64_t host = alloc_host_ram_bytes();
    if (size == 0) {
        snprintf(err, errlen, "guest memory size must be greater than zero");
        return NULL;
    }
    if (host && size > host) {
        snprintf(err, errlen, "guest memory of %llu MiB exceeds the host's %llu MiB",
                 (unsigned long long)(size >> 20), (unsigned long long)(host >> 20));
        return NULL;
    }
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) {
        snprintf(err, errlen, "cannot map %llu MiB of guest memory: %s",
                 (unsigned long long)(size >> 20), strerror(errno));
        return NULL;
    }
    return p;
}

void free_guest_ram(uint8_t *ram, uint64_t size)
{
    if (ram)
        munmap(ram, size);
}
