/* Software IEEE-754 binary32/binary64 arithmetic with RISC-V F/D semantics.
 *
 * The engine runs F/D instructions on the host's SSE unit for the rounding
 * modes x86 has; this is the exact fallback, and the only path for RMM
 * (round to nearest, ties to max magnitude), which x86 lacks.
 *
 * Values travel as raw bit patterns.  Exception flags are OR-ed into *flags
 * using the fflags bit values, so *flags can be the guest's fflags directly.
 *
 * RISC-V semantics, as opposed to generic IEEE-754:
 *  - every NaN result is the canonical NaN (SF32_CANON_NAN / SF64_CANON_NAN);
 *  - fma raises NV for inf*0 even when the addend is a quiet NaN;
 *  - tininess is detected after rounding; UF needs tiny AND inexact;
 *  - float->int conversions saturate: NaN and +overflow give the largest
 *    value, -overflow the smallest (0 for unsigned), with NV and no NX.
 *
 * rm must be one of SF_RNE..SF_RMM: the caller decodes DYN and rejects the
 * reserved encodings (they are illegal instructions, not a rounding mode).
 */
#ifndef STRATO_SOFTFP_H
#define STRATO_SOFTFP_H

#include <stdbool.h>
#include <stdint.h>

enum { SF_RNE = 0, SF_RTZ = 1, SF_RDN = 2, SF_RUP = 3, SF_RMM = 4 };
enum { SF_NX = 1, SF_UF = 2, SF_OF = 4, SF_DZ = 8, SF_NV = 16 };

#define SF32_CANON_NAN UINT32_C(0x7fc00000)
#define SF64_CANON_NAN UINT64_C(0x7ff8000000000000)

uint32_t sf32_add(uint32_t a, uint32_t b, int rm, unsigned *flags);
uint32_t sf32_sub(uint32_t a, uint32_t b, int rm, unsigned *flags);
uint32_t sf32_mul(uint32_t a, uint32_t b, int rm, unsigned *flags);
uint32_t sf32_div(uint32_t a, uint32_t b, int rm, unsigned *flags);
uint32_t sf32_sqrt(uint32_t a, int rm, unsigned *flags);
/* a*b+c with a single rounding (fmadd.s); the other fused forms are this
 * with sign bits of the operands flipped by the caller. */
uint32_t sf32_fma(uint32_t a, uint32_t b, uint32_t c, int rm, unsigned *flags);

uint64_t sf64_add(uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t sf64_sub(uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t sf64_mul(uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t sf64_div(uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t sf64_sqrt(uint64_t a, int rm, unsigned *flags);
uint64_t sf64_fma(uint64_t a, uint64_t b, uint64_t c, int rm, unsigned *flags);

/* Widening is always exact: no rounding mode. */
uint64_t sf32_to_f64(uint32_t a, unsigned *flags);
uint32_t sf64_to_f32(uint64_t a, int rm, unsigned *flags);

int32_t sf32_to_i32(uint32_t a, int rm, unsigned *flags);
uint32_t sf32_to_u32(uint32_t a, int rm, unsigned *flags);
int64_t sf32_to_i64(uint32_t a, int rm, unsigned *flags);
uint64_t sf32_to_u64(uint32_t a, int rm, unsigned *flags);
int32_t sf64_to_i32(uint64_t a, int rm, unsigned *flags);
uint32_t sf64_to_u32(uint64_t a, int rm, unsigned *flags);
int64_t sf64_to_i64(uint64_t a, int rm, unsigned *flags);
uint64_t sf64_to_u64(uint64_t a, int rm, unsigned *flags);

uint32_t sf32_from_i32(int32_t v, int rm, unsigned *flags);
uint32_t sf32_from_u32(uint32_t v, int rm, unsigned *flags);
uint32_t sf32_from_i64(int64_t v, int rm, unsigned *flags);
uint32_t sf32_from_u64(uint64_t v, int rm, unsigned *flags);
uint64_t sf64_from_i32(int32_t v, int rm, unsigned *flags);
uint64_t sf64_from_u32(uint32_t v, int rm, unsigned *flags);
uint64_t sf64_from_i64(int64_t v, int rm, unsigned *flags);
uint64_t sf64_from_u64(uint64_t v, int rm, unsigned *flags);

#endif
