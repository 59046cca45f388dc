/* F and D: arithmetic on the host's SSE unit with the guest's rounding mode
 * and exception flags kept in MXCSR while the guest runs; RMM (which x86
 * lacks) and the cases where x86 and RISC-V disagree go through softfp.c. */
#ifndef STRATO_RISCV_FPU_H
#define STRATO_RISCV_FPU_H

#include <stdint.h>

struct hart;
struct insn;

void fpu_init(struct hart *h);
/* vcpu_run brackets guest execution with these: MXCSR holds guest state in between */
void fpu_enter(struct hart *h);
void fpu_leave(struct hart *h);
void fpu_set_fflags(struct hart *h, uint32_t flags);
void fpu_set_frm(struct hart *h, uint32_t rm);

/* Every F/D operation except loads, stores and moves.  Returns 0 or
 * EXC_ILLEGAL (reserved rounding mode). */
int fpu_exec(struct hart *h, const struct insn *i);

#endif
