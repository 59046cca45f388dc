/* SBI, strato's hypercall interface (RISC-V SBI spec v2.0). */
#ifndef STRATO_VMM_SBI_H
#define STRATO_VMM_SBI_H

#include "engine/engine.h"

struct vm;
struct vcpu_ctx;

void sbi_call(struct vm *vm, struct vcpu_ctx *c, struct vcpu_sbi *call);

#endif
