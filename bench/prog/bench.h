/* strato CPU benchmark: kernels shared by the bare-metal program (main.c)
 * and the host cross-check driver (host.c).  Plain portable C: every kernel
 * must give the same checksum on any IEEE-754 machine, so no undefined or
 * implementation-defined behaviour, no FP contraction (build with
 * -ffp-contract=off; fused multiply-adds are written out as __builtin_fma),
 * no float -> int conversion out of range, no division by zero. */
#ifndef STRATO_BENCH_H
#define STRATO_BENCH_H

#include <stdint.h>
#include <stddef.h>

typedef uint64_t (*kernel_fn)(void);

struct kernel {
        const char *name;
        kernel_fn fn;
        uint64_t expect;        /* checksum of a correct run */
};

extern const struct kernel kernels[];
extern const unsigned n_kernels;

#endif
