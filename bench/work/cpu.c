/* The guest CPU benchmark of bench/work.sh and bench/debian.sh: integer
 * hashing (an LCG filling 16 MiB), random memory reads over it, branchy
 * Collatz loops with divisions by two, and a floating-point series. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    unsigned n = 1u << 22, x = 1, *a = malloc(n * sizeof *a);
    unsigned long s = 0;
    double d = 0;
    if (!a)
        return 1;
    for (unsigned i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        a[i] = x >> 8;
    }
    for (int r = 0; r < 8; r++)
        for (unsigned i = 0; i < n; i++)
            s += a[(i * 2654435761u) & (n - 1)];
    for (unsigned i = 0; i < n; i++) {
        unsigned v = a[i] & 0xffff;
        for (int k = 0; k < 16 && v > 1; k++)
            v = (v & 1) ? 3 * v + 1 : v / 2;
        s += v;
    }
    for (unsigned i = 1; i < 4 * n; i++)
        d += (i & 1 ? 1.0 : -1.0) / (double)i;
    printf("cpu %lu %.9f\n", s, d);
    return 0;
}
