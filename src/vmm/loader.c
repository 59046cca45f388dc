/* The loader: ELF and flat images into guest RAM, every offset and size
 * checked, since the file comes from the user and may be anything. */
#include "vmm/loader.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

uint8_t *loader_read_file(const char *path, uint64_t max, uint64_t *size, char *err,
                          unsigned errlen)
{
    /* O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer;
     * it has no effect on the regular file that is all we accept */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "'%s' is not a regular file", path);
        close(fd);
        return NULL;
    }
    if (st.st_size == 0) {
        snprintf(err, errlen, "'%s' is empty", path);
        close(fd);
        return NULL;
    }
    /* the size is checked before a byte is read: a huge (or sparse) file
     * costs neither memory nor time */
    if ((uint64_t)st.st_size > max) {
        snprintf(err, errlen, "'%s' (%llu bytes) does not fit in guest RAM (at most %llu bytes here)",
                 path, (unsigned long long)st.st_size, (unsigned long long)max);
        close(fd);
        return NULL;
    }
    uint8_t *buf = malloc((size_t)st.st_size);
    if (!buf) {
        snprintf(err, errlen, "'%s': out of memory", path);
        close(fd);
        return NULL;
    }
    size_t done = 0;
    while (done < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            snprintf(err, errlen, "cannot read '%s': %s", path, n < 0 ? strerror(errno) : "short read");
            free(buf);
            close(fd);
            return NULL;
        }
        done += (size_t)n;
    }
    close(fd);
    *size = (uint64_t)st.st_size;
    return buf;
}

static bool range_ok(uint64_t off, uint64_t len, uint64_t total)
{
    return off <= total && len <= total - off;
}

static int load_elf(const char *path, const uint8_t *f, uint64_t size, uint8_t *ram,
                    uint64_t ram_base, uint64_t ram_size, struct loaded_image *img, char *err,
                    unsigned errlen)
{
    Elf64_Ehdr eh;
    if (size < sizeof(eh)) {
        snprintf(err, errlen, "'%s': truncated ELF header", path);
        return -1;
    }
    memcpy(&eh, f, sizeof(eh));
    if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB) {
        snprintf(err, errlen, "'%s': not a 64-bit little-endian ELF file", path);
        return -1;
    }
    if (eh.e_machine != EM_RISCV) {
        snprintf(err, errlen, "'%s': ELF file is not for RISC-V (machine %u)", path, eh.e_machine);
        return -1;
    }
    if (eh.e_type != ET_EXEC) {
        snprintf(err, errlen, "'%s': not an executable ELF file", path);
        return -1;
    }
    if (eh.e_phentsize != sizeof(Elf64_Phdr) ||
        !range_ok(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr), size)) {
        snprintf(err, errlen, "'%s': corrupt ELF program headers", path);
        return -1;
    }
    img->low = UINT64_MAX;
    img->high = 0;
    unsigned loaded = 0;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, f + eh.e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_filesz > ph.p_memsz || !range_ok(ph.p_offset, ph.p_filesz, size)) {
            snprintf(err, errlen, "'%s': corrupt ELF segment %u", path, i);
            return -1;
        }
        if (ph.p_paddr < ram_base || !range_ok(ph.p_paddr - ram_base, ph.p_memsz, ram_size)) {
            snprintf(err, errlen,
                     "'%s': segment %u at %#llx-%#llx is outside guest RAM (%#llx-%#llx)", path, i,
                     (unsigned long long)ph.p_paddr, (unsigned long long)(ph.p_paddr + ph.p_memsz),
                     (unsigned long long)ram_base, (unsigned long long)(ram_base + ram_size));
            return -1;
        }
        uint8_t *dst = ram + (ph.p_paddr - ram_base);
        memcpy(dst, f + ph.p_offset, ph.p_filesz);
        memset(dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
        if (ph.p_paddr < img->low)
            img->low = ph.p_paddr;
        if (ph.p_paddr + ph.p_memsz > img->high)
            img->high = ph.p_paddr + ph.p_memsz;
        loaded++;
    }
    if (!loaded) {
        snprintf(err, errlen, "'%s': ELF file has nothing to load", path);
        return -1;
    }
    img->entry = eh.e_entry;

    /* HTIF: the tohost/fromhost symbols, if there is a symbol table */
    img->tohost = img->fromhost = 0;
    if (eh.e_shentsize == sizeof(Elf64_Shdr) &&
        range_ok(eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr), size)) {
        for (unsigned i = 0; i < eh.e_shnum; i++) {
            Elf64_Shdr sh, strh;
            memcpy(&sh, f + eh.e_shoff + i * sizeof(sh), sizeof(sh));
            if (sh.sh_type != SHT_SYMTAB || sh.sh_entsize != sizeof(Elf64_Sym) ||
                sh.sh_link >= eh.e_shnum || !range_ok(sh.sh_offset, sh.sh_size, size))
                continue;
            memcpy(&strh, f + eh.e_shoff + sh.sh_link * sizeof(strh), sizeof(strh));
            if (!range_ok(strh.sh_offset, strh.sh_size, size))
                continue;
            const char *strtab = (const char *)f + strh.sh_offset;
            for (uint64_t k = 0; k < sh.sh_size / sizeof(Elf64_Sym); k++) {
                Elf64_Sym sym;
                memcpy(&sym, f + sh.sh_offset + k * sizeof(sym), sizeof(sym));
                if (sym.st_name >= strh.sh_size)
                    continue;
                const char *name = strtab + sym.st_name;
                size_t maxlen = strh.sh_size - sym.st_name;
                if (strnlen(name, maxlen) == maxlen)
                    continue;
                if (!strcmp(name, "tohost"))
                    img->tohost = sym.st_value;
                else if (!strcmp(name, "fromhost"))
                    img->fromhost = sym.st_value;
            }
        }
    }
    return 0;
}

int loader_load_bios(const char *path, uint8_t *ram, uint64_t ram_base, uint64_t ram_size,
                     uint64_t flat_base, struct loaded_image *img, char *err, unsigned errlen)
{
    uint64_t size;
    uint8_t *f = loader_read_file(path, ram_size, &size, err, errlen);
    if (!f)
        return -1;
    int r;
    memset(img, 0, sizeof(*img));
    if (size >= 4 && !memcmp(f, ELFMAG, SELFMAG)) {
        r = load_elf(path, f, size, ram, ram_base, ram_size, img, err, errlen);
    } else if (flat_base < ram_base || !range_ok(flat_base - ram_base, size, ram_size)) {
        snprintf(err, errlen, "'%s' (%llu bytes) does not fit in guest RAM at %#llx", path,
                 (unsigned long long)size, (unsigned long long)flat_base);
        r = -1;
    } else {
        memcpy(ram + (flat_base - ram_base), f, size);
        img->entry = flat_base;
        img->low = flat_base;
        img->high = flat_base + size;
        r = 0;
    }
    free(f);
    return r;
}

int loader_load_kernel(const char *path, uint8_t *ram, uint64_t ram_base, uint64_t ram_size,
                       uint64_t addr, uint64_t *end, char *err, unsigned errlen)
{
    uint64_t size;
    uint8_t *f = loader_read_file(path, ram_size, &size, err, errlen);
    if (!f)
        return -1;
    /* header: code0, code1, text_offset, image_size, flags, version, res1, res2,
     * magic "RISCV\0\0\0" (deprecated), magic2 "RSC\x05" at 56 */
    uint64_t image_size = 0;
    if (size < 64 || (memcmp(f + 48, "RISCV\0\0\0", 8) && memcmp(f + 56, "RSC\x05", 4))) {
        snprintf(err, errlen, "'%s' is not a RISC-V Linux kernel Image (no RISC-V image header)",
                 path);
        free(f);
        return -1;
    }
    memcpy(&image_size, f + 16, 8);
    if (image_size < size)
        image_size = size;
    if (addr < ram_base || !range_ok(addr - ram_base, image_size, ram_size)) {
        snprintf(err, errlen, "kernel '%s' needs %llu MiB at %#llx: more than guest RAM holds", path,
                 (unsigned long long)(image_size >> 20), (unsigned long long)addr);
        free(f);
        return -1;
    }
    memcpy(ram + (addr - ram_base), f, size);
    *end = addr + image_size;
    free(f);
    return 0;
}

int loader_load_high(const char *path, const char *what, uint8_t *ram, uint64_t ram_base,
                     uint64_t floor, uint64_t top, uint64_t *addr, uint64_t *size, char *err,
                     unsigned errlen)
{
    uint64_t n;
    uint8_t *f = loader_read_file(path, top - ram_base, &n, err, errlen);
    if (!f) {
        char why[256];
        snprintf(why, sizeof(why), "%s", err);
        snprintf(err, errlen, "%s %s", what, why);
        return -1;
    }
    uint64_t at = top >= n ? (top - n) & ~0xfffULL : 0;
    if (top < n || at < floor) {
        snprintf(err, errlen, "%s '%s' (%llu MiB) does not fit in guest RAM beside the kernel", what,
                 path, (unsigned long long)(n >> 20));
        free(f);
        return -1;
    }
    memcpy(ram + (at - ram_base), f, n);
    *addr = at;
    *size = n;
    free(f);
    return 0;
}
