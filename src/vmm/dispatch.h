/* The dispatcher: the loop each vCPU thread runs. */
#ifndef STRATO_VMM_DISPATCH_H
#define STRATO_VMM_DISPATCH_H

void *dispatch_vcpu_main(void *vcpu_ctx);

#endif
