/* Host cross-check of the benchmark kernels: builds with the host compiler
 * and prints each kernel's checksum next to the expected one, so that the
 * table in kernels.c can be checked (or regenerated) without any RISC-V
 * emulator.  See bench/README.md. */
#include <stdio.h>
#include <inttypes.h>
#include "bench.h"

int main(void)
{
        int bad = 0;

        for (unsigned i = 0; i < n_kernels; i++) {
                uint64_t s = kernels[i].fn();
                int ok = s == kernels[i].expect;

                bad += !ok;
                printf("%-8s checksum=0x%016" PRIx64 " %s\n", kernels[i].name,
                       s, ok ? "ok" : "BAD");
        }
        printf("result: %s\n", bad ? "FAIL" : "pass");
        return bad != 0;
}
