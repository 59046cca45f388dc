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
    /* 2 MiB-aligned and, where the host has transparent huge pages, backed
     * by them as the guest touches it (QEMU does the same): a guest's random
     * accesses over a large working set otherwise miss the host's TLB on
     * nearly every access.  The mapping is made 2 MiB larger and trimmed. */
    const uint64_t huge = 2u << 20;
    if (size > UINT64_MAX - huge) {
        snprintf(err, errlen, "guest memory size is too large");
        return NULL;
    }
    uint64_t len = size + huge;
    uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                      -1, 0);
    if (p == MAP_FAILED) {
        snprintf(err, errlen, "cannot map %llu MiB of guest memory: %s",
                 (unsigned long long)(size >> 20), strerror(errno));
        return NULL;
    }
    uint8_t *ram = (uint8_t *)(((uintptr_t)p + huge - 1) & ~(uintptr_t)(huge - 1));
    if (ram > p)
        munmap(p, (size_t)(ram - p));
    if (p + len > ram + size)
        munmap(ram + size, (size_t)(p + len - (ram + size)));
    madvise(ram, size, MADV_HUGEPAGE); /* advice only: fine where THP is off */
    return ram;
}

void free_guest_ram(uint8_t *ram, uint64_t size)
{
    if (ram)
        munmap(ram, size);
}

/* What this process holds in host memory (now, and at its peak), and how
 * much of it is the guest's RAM: the rest is the VMM's own cost (code, device
 * state, decoded-code caches, thread stacks).  mincore() reports the guest pages that are
 * resident; it takes a page-aligned start, which the mapping is. */
int alloc_host_usage(const uint8_t *ram, uint64_t size, uint64_t *rss, uint64_t *peak,
                     uint64_t *guest)
{
    FILE *f = fopen("/proc/self/status", "r");
    unsigned long long hwm = 0, res = 0, v;
    char line[128];
    int n = 0;
    while (f && fgets(line, sizeof(line), f)) {
        if (sscanf(line, "VmHWM: %llu kB", &v) == 1)
            hwm = v, n++;
        else if (sscanf(line, "VmRSS: %llu kB", &v) == 1)
            res = v, n++;
    }
    if (f)
        fclose(f);
    if (n != 2)
        return -1;
    uint64_t page = 4096, count = 0;
    unsigned char vec[4096];
    for (uint64_t off = 0; off < size; off += sizeof(vec) * page) {
        uint64_t len = size - off < sizeof(vec) * page ? size - off : sizeof(vec) * page;
        if (mincore((void *)(ram + off), len, vec) != 0)
            return -1;
        for (uint64_t i = 0; i < (len + page - 1) / page; i++)
            count += vec[i] & 1;
    }
    *rss = (uint64_t)res << 10;
    *peak = (uint64_t)hwm << 10;
    *guest = count * page;
    return 0;
}
