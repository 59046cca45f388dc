/* SBI implementation (placeholder until direct kernel boot lands). */
#include "vmm/sbi.h"

#include "vmm/vm.h"

#define SBI_ERR_NOT_SUPPORTED (-2)

void sbi_call(struct vm *vm, struct vcpu_ctx *c, struct vcpu_sbi *call)
{
    (void)vm;
    (void)c;
    call->ret_error = SBI_ERR_NOT_SUPPORTED;
    call->ret_value = 0;
}
