# MMU, Sv57: 5-level page tables built in memory by M-mode; 4 KiB pages,
# 2 MiB and 1 GiB pages, 512 GiB and 256 TiB pages; R/W/X/U permission faults
# (causes 12/13/15, mtval = the virtual address), SUM, MXR, execute-only
# pages, misaligned superpages, reserved PTE encodings (W without R, bits
# 54/60/61/63), a non-leaf PTE at the last level, non-canonical addresses,
# hardware A/D updates, MPRV with MPP = S/U/M, sfence.vma after PTE changes,
# satp ignoring writes of unsupported modes.  Body: mmu_body.h.
#include "env.h"
        .option norvc

#define LEVELS 5
#define SATP_MODE 10
#define NONCANON1 0x0100000000000000
#define NONCANON2 0xfe00000000000000
#include "mmu_body.h"
