/* The few libc routines GCC may emit calls to even in a freestanding build
 * (structure copies, zeroing).  Built with -fno-tree-loop-distribute-patterns
 * so that these loops are not turned back into calls to themselves. */
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n)
{
        unsigned char *d = dst;
        const unsigned char *s = src;

        if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
                for (; n >= 8; n -= 8, d += 8, s += 8)
                        *(uint64_t *)d = *(const uint64_t *)s;
        }
        while (n--)
                *d++ = *s++;
        return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
        unsigned char *d = dst;
        const unsigned char *s = src;

        if (d <= s || d >= s + n)
                return memcpy(dst, src, n);
        while (n--)
                d[n] = s[n];
        return dst;
}

void *memset(void *dst, int c, size_t n)
{
        unsigned char *d = dst;

        while (n--)
                *d++ = (unsigned char)c;
        return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
        const unsigned char *p = a, *q = b;

        for (; n; n--, p++, q++)
                if (*p != *q)
                        return *p - *q;
        return 0;
}
