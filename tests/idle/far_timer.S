# An idle hart whose only enabled timer is set far in the future: WFI must
# sleep until something else wakes it (here: strato being stopped), not wake
# at once.  A deadline near 2^64 ticks overflowed the scheduler's conversion
# to host time and landed in the past, so every WFI returned at once and the
# "idle" guest burned a host CPU (issue 9, item 1).
#   with FAR_M: mtimecmp (CLINT) = 0xfffffffffffffffe, MTIE only, WFI in M
#   without:    Sstc stimecmp = 0x7fffffffffffffff, STIE only, WFI in S
#include "env.h"

#define CLINT_MTIMECMP 0x2004000
#define stimecmp 0x14d

TEST_BEGIN
        PMP_ALLOW_ALL
        csrw mideleg, x0
#ifdef FAR_M
        li t0, CLINT_MTIMECMP
        li t1, 0xfffffffffffffffe
        sd t1, 0(t0)
        li t0, 1 << 7                     /* MTIE */
        csrw mie, t0
1:      wfi
        j 1b
#else
        li t0, 1 << 63                    /* menvcfg.STCE */
        csrs menvcfg, t0
        csrwi mcounteren, 2               /* TM */
        li t0, 0x7fffffffffffffff
        csrw stimecmp, t0
        li t0, 1 << 5                     /* STIE */
        csrw mie, t0
        ENTER_S(2f)
2:      wfi
        j 2b
#endif
TEST_END
