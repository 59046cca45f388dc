/* Placing images in guest RAM: ELF and flat binaries (later: kernel Image,
 * initrd, device tree). */
#ifndef STRATO_VMM_LOADER_H
#define STRATO_VMM_LOADER_H

#include <stdbool.h>
#include <stdint.h>

struct loaded_image {
    uint64_t entry;
    uint64_t low, high;     /* guest-physical extent written */
    uint64_t tohost, fromhost; /* HTIF symbols, 0 if absent */
};

/* Reads a whole regular file of at most max bytes (checked before reading)
 * into a new buffer (the images themselves are read straight into guest RAM);
 * `where` names what max is, for the error message;
 * NULL with a one-line message in err on failure. */
uint8_t *loader_read_file(const char *path, uint64_t max, const char *where, uint64_t *size,
                          char *err, unsigned errlen);
/* An ELF64 RISC-V executable, or else a flat binary placed at flat_base. */
int loader_load_bios(const char *path, uint8_t *ram, uint64_t ram_base, uint64_t ram_size,
                     uint64_t flat_base, struct loaded_image *img, char *err, unsigned errlen);


/* A RISC-V Linux Image (Documentation/arch/riscv/boot-image-header.rst):
 * checks the header and copies it to `addr`; *end receives the end of the
 * memory the kernel claims (image_size). */
int loader_load_kernel(const char *path, uint8_t *ram, uint64_t ram_base, uint64_t ram_size,
                       uint64_t addr, uint64_t *end, char *err, unsigned errlen);
/* Any file placed at the highest 4 KiB-aligned address at or below `top` that
 * does not go below `floor`. */
int loader_load_high(const char *path, const char *what, uint8_t *ram, uint64_t ram_base,
                     uint64_t floor, uint64_t top, uint64_t *addr, uint64_t *size, char *err,
                     unsigned errlen);

#endif
