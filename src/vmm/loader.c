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

/* An image file, open and checked: a regular file of 1..max bytes. */
struct image_file {
    const char *path;
    int fd;
    uint64_t size;
};

static int image_open(const char *path, uint64_t max, const char *where, struct image_file *f,
                      char *err, unsigned errlen)
{
    /* O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer;
     * it has no effect on the regular file that is all we accept */
    f->path = path;
    f->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (f->fd < 0) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(f->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "'%s' is not a regular file", path);
    } else if (st.st_size == 0) {
        snprintf(err, errlen, "'%s' is empty", path);
    } else if ((uint64_t)st.st_size > max) {
        /* the size is checked before a byte is read: a huge (or sparse)
         * file costs neither memory nor time */
        snprintf(err, errlen, "'%s' (%llu bytes) does not fit in %s (at most %llu bytes here)",
                 path, (unsigned long long)st.st_size, where, (unsigned long long)max);
    } else {
        f->size = (uint64_t)st.st_size;
        return 0;
    }
    close(f->fd);
    return -1;
}

/* len bytes at off, straight to dst (guest RAM or a small buffer); the
 * caller has checked that they lie inside the file. */
static int image_read(const struct image_file *f, void *dst, uint64_t len, uint64_t off, char *err,
                      unsigned errlen)
{
    uint8_t *d = dst;
    while (len > 0) {
        ssize_t n = pread(f->fd, d, len > (1u << 30) ? (1u << 30) : (size_t)len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            /* the file shrank under us, or the disk failed */
            snprintf(err, errlen, "cannot read '%s': %s", f->path, n < 0 ? strerror(errno) : "short read");
            return -1;
        }
        d += n;
        off += (uint64_t)n;
        len -= (uint64_t)n;
    }
    return 0;
}

static void image_close(struct image_file *f)
{
    close(f->fd);
}

uint8_t *loader_read_file(const char *path, uint64_t max, const char *where, uint64_t *size,
                          char *err, unsigned errlen)
{
    struct image_file f;
    if (image_open(path, max, where, &f, err, errlen))
        return NULL;
    uint8_t *buf = malloc((size_t)f.size);
    if (!buf)
        snprintf(err, errlen, "'%s': out of memory", path);
    else if (image_read(&f, buf, f.size, 0, err, errlen))
        free(buf), buf = NULL;
    image_close(&f);
    *size = f.size;
    return buf;
}

/* A part of the file into a new buffer (ELF headers and tables, which are
 * never bigger than the file, itself no bigger than guest RAM). */
static void *image_read_alloc(const struct image_file *f, uint64_t len, uint64_t off, char *err,
                              unsigned errlen)
{
    void *p = malloc(len ? (size_t)len : 1);
    if (!p) {
        snprintf(err, errlen, "'%s': out of memory", f->path);
        return NULL;
    }
    if (image_read(f, p, len, off, err, errlen)) {
        free(p);
        return NULL;
    }
    return p;
}

static bool range_ok(uint64_t off, uint64_t len, uint64_t total)
{
    return off <= total && len <= total - off;
}

/* HTIF: the tohost/fromhost symbols, if there is a symbol table. */
static void find_htif_symbols(const struct image_file *f, const Elf64_Ehdr *eh,
                              struct loaded_image *img)
{
    uint64_t size = f->size;
    char err[8];
    if (eh->e_shentsize != sizeof(Elf64_Shdr) ||
        !range_ok(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), size))
        return;
    Elf64_Shdr *sh = image_read_alloc(f, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), eh->e_shoff,
                                      err, sizeof(err));
    if (!sh)
        return;
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_entsize != sizeof(Elf64_Sym) ||
            sh[i].sh_link >= eh->e_shnum || !range_ok(sh[i].sh_offset, sh[i].sh_size, size))
            continue;
        const Elf64_Shdr *strh = &sh[sh[i].sh_link];
        if (!range_ok(strh->sh_offset, strh->sh_size, size))
            continue;
        uint64_t nsym = sh[i].sh_size / sizeof(Elf64_Sym);
        Elf64_Sym *sym = image_read_alloc(f, nsym * sizeof(Elf64_Sym), sh[i].sh_offset, err,
                                          sizeof(err));
        char *strtab = image_read_alloc(f, strh->sh_size, strh->sh_offset, err, sizeof(err));
        for (uint64_t k = 0; sym && strtab && k < nsym; k++) {
            if (sym[k].st_name >= strh->sh_size)
                continue;
            const char *name = strtab + sym[k].st_name;
            size_t maxlen = strh->sh_size - sym[k].st_name;
            if (strnlen(name, maxlen) == maxlen)
                continue;
            if (!strcmp(name, "tohost"))
                img->tohost = sym[k].st_value;
            else if (!strcmp(name, "fromhost"))
                img->fromhost = sym[k].st_value;
        }
        free(sym);
        free(strtab);
    }
    free(sh);
}

static int load_elf(const struct image_file *f, uint8_t *ram, uint64_t ram_base, uint64_t ram_size,
                    struct loaded_image *img, char *err, unsigned errlen)
{
    const char *path = f->path;
    uint64_t size = f->size;
    Elf64_Ehdr eh;
    if (size < sizeof(eh)) {
        snprintf(err, errlen, "'%s': truncated ELF header", path);
        return -1;
    }
    if (image_read(f, &eh, sizeof(eh), 0, err, errlen))
        return -1;
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
    Elf64_Phdr *phs = image_read_alloc(f, (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr), eh.e_phoff,
                                       err, errlen);
    if (!phs)
        return -1;
    img->low = UINT64_MAX;
    img->high = 0;
    unsigned loaded = 0;
    int r = 0;
    for (unsigned i = 0; i < eh.e_phnum && !r; i++) {
        const Elf64_Phdr *ph = &phs[i];
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        if (ph->p_filesz > ph->p_memsz || !range_ok(ph->p_offset, ph->p_filesz, size)) {
            snprintf(err, errlen, "'%s': corrupt ELF segment %u", path, i);
            r = -1;
            break;
        }
        if (ph->p_paddr < ram_base || !range_ok(ph->p_paddr - ram_base, ph->p_memsz, ram_size)) {
            snprintf(err, errlen,
                     "'%s': segment %u at %#llx-%#llx is outside guest RAM (%#llx-%#llx)", path, i,
                     (unsigned long long)ph->p_paddr, (unsigned long long)(ph->p_paddr + ph->p_memsz),
                     (unsigned long long)ram_base, (unsigned long long)(ram_base + ram_size));
            r = -1;
            break;
        }
        uint8_t *dst = ram + (ph->p_paddr - ram_base);
        r = image_read(f, dst, ph->p_filesz, ph->p_offset, err, errlen);
        memset(dst + ph->p_filesz, 0, ph->p_memsz - ph->p_filesz);
        if (ph->p_paddr < img->low)
            img->low = ph->p_paddr;
        if (ph->p_paddr + ph->p_memsz > img->high)
            img->high = ph->p_paddr + ph->p_memsz;
        loaded++;
    }
    free(phs);
    if (r)
        return -1;
    if (!loaded) {
        snprintf(err, errlen, "'%s': ELF file has nothing to load", path);
        return -1;
    }
    img->entry = eh.e_entry;
    img->tohost = img->fromhost = 0;
    find_htif_symbols(f, &eh, img);
    return 0;
}

int loader_load_bios(const char *path, uint8_t *ram, uint64_t ram_base, uint64_t ram_size,
                     uint64_t flat_base, struct loaded_image *img, char *err, unsigned errlen)
{
    struct image_file f;
    if (image_open(path, ram_size, "guest RAM", &f, err, errlen))
        return -1;
    int r;
    uint8_t magic[SELFMAG];
    memset(img, 0, sizeof(*img));
    if (f.size >= SELFMAG && image_read(&f, magic, SELFMAG, 0, err, errlen)) {
        r = -1;
    } else if (f.size >= SELFMAG && !memcmp(magic, ELFMAG, SELFMAG)) {
        r = load_elf(&f, ram, ram_base, ram_size, img, err, errlen);
    } else if (flat_base < ram_base || !range_ok(flat_base - ram_base, f.size, ram_size)) {
        snprintf(err, errlen, "'%s' (%llu bytes) does not fit in guest RAM at %#llx", path,
                 (unsigned long long)f.size, (unsigned long long)flat_base);
        r = -1;
    } else {
        r = image_read(&f, ram + (flat_base - ram_base), f.size, 0, err, errlen);
        img->entry = flat_base;
        img->low = flat_base;
        img->high = flat_base + f.size;
    }
    image_close(&f);
    return r;
}

int loader_load_kernel(const char *path, uint8_t *ram, uint64_t ram_base, uint64_t ram_size,
                       uint64_t addr, uint64_t *end, char *err, unsigned errlen)
{
    struct image_file f;
    if (image_open(path, ram_size, "guest RAM", &f, err, errlen))
        return -1;
    /* header: code0, code1, text_offset, image_size, flags, version, res1, res2,
     * magic "RISCV\0\0\0" (deprecated), magic2 "RSC\x05" at 56 */
    uint8_t hdr[64];
    uint64_t image_size = 0;
    int r = -1;
    if (f.size >= sizeof(hdr) && image_read(&f, hdr, sizeof(hdr), 0, err, errlen))
        goto out;
    if (f.size < sizeof(hdr) || (memcmp(hdr + 48, "RISCV\0\0\0", 8) && memcmp(hdr + 56, "RSC\x05", 4))) {
        snprintf(err, errlen, "'%s' is not a RISC-V Linux kernel Image (no RISC-V image header)",
                 path);
        goto out;
    }
    memcpy(&image_size, hdr + 16, 8);
    if (image_size < f.size)
        image_size = f.size;
    if (addr < ram_base || !range_ok(addr - ram_base, image_size, ram_size)) {
        snprintf(err, errlen, "kernel '%s' needs %llu MiB at %#llx: more than guest RAM holds", path,
                 (unsigned long long)(image_size >> 20), (unsigned long long)addr);
        goto out;
    }
    r = image_read(&f, ram + (addr - ram_base), f.size, 0, err, errlen);
    *end = addr + image_size;
out:
    image_close(&f);
    return r;
}

int loader_load_high(const char *path, const char *what, uint8_t *ram, uint64_t ram_base,
                     uint64_t floor, uint64_t top, uint64_t *addr, uint64_t *size, char *err,
                     unsigned errlen)
{
    struct image_file f;
    if (image_open(path, top - ram_base, "guest RAM", &f, err, errlen)) {
        char why[256];
        snprintf(why, sizeof(why), "%s", err);
        snprintf(err, errlen, "%s %s", what, why);
        return -1;
    }
    uint64_t n = f.size;
    uint64_t at = top >= n ? (top - n) & ~0xfffULL : 0;
    int r = -1;
    if (top < n || at < floor)
        snprintf(err, errlen, "%s '%s' (%llu MiB) does not fit in guest RAM beside the kernel", what,
                 path, (unsigned long long)(n >> 20));
    else
        r = image_read(&f, ram + (at - ram_base), n, 0, err, errlen);
    image_close(&f);
    if (r == 0) {
        *addr = at;
        *size = n;
    }
    return r;
}
