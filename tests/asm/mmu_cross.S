# MMU, Sv39, with misaligned accesses that cross a page boundary: a fault on
# the second page reports that page in mtval (privileged spec §3.1.16), the
# address an OS must fix.  Reporting the first page instead made Linux
# resolve the wrong page and return to the same fault forever (issue 14:
# Debian's python3 and systemd-journald spun in the kernel).  Body:
# mmu_body.h, plus its MMU_CROSS part.
# strato-only: QEMU 7.2 raises misaligned-access exceptions instead of splitting the access
#include "env.h"
        .option norvc

#define LEVELS 3
#define SATP_MODE 8
#define NONCANON1 0x0000004000000000
#define NONCANON2 0xffffff8000000000
#define MMU_CROSS
#include "mmu_body.h"
