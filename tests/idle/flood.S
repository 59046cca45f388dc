# A guest that floods the 16550 UART with output forever.  With stdout a
# pipe nobody reads, strato must still stop on SIGTERM: console output may
# never block a vCPU (issue 9, item 6).
#include "env.h"

#define UART_THR 0x10000000

TEST_BEGIN
        li t0, UART_THR
        li t1, 'x'
1:      sb t1, 0(t0)
        j 1b
TEST_END
