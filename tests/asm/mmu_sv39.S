# MMU, Sv39: 3-level page tables built in memory by M-mode; 4 KiB pages,
# 2 MiB and 1 GiB pages; R/W/X/U permission faults
# (causes 12/13/15, mtval = the virtual address), SUM, MXR, execute-only
# pages, misaligned superpages, reserved PTE encodings (W without R, bits
# 54/60/61/63), a non-leaf PTE at the last level, non-canonical addresses,
# hardware A/D updates, MPRV with MPP = S/U/M, sfence.vma after PTE changes,
# satp ignoring writes of unsupported modes.  Body: mmu_body.h.
#include "env.h"
        .option norvc

#define LEVELS 3
#define SATP_MODE 8
#define NONCANON1 0x0000004000000000
#define NONCANON2 0xffffff8000000000
#include "mmu_body.h"
