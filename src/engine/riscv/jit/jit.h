/* The binary translator: hot decoded blocks become x86-64 code.
 *
 * Tiered under the interpreter.  A block that ran JIT_HOT times is
 * translated, as far as the translator knows its instructions, together with
 * its region: the blocks on the same page its static exits reach that are
 * decoded already, between which the translation jumps with the guest
 * registers held in host registers.  The rest of a block, every rare
 * instruction, every fault and every MMIO access stay with the interpreter,
 * which resumes at the instruction the translation stopped at.  (A load or
 * store that misses the TLB calls the interpreter's slow path and stays in
 * the translation when that succeeds.)  Wherever a translation can stop,
 * the guest state in struct hart is exact, so exceptions are exactly the
 * interpreter's.
 *
 * Translated code is called as  uintptr_t fn(struct hart *h, uint64_t bpc)
 * with bpc the virtual PC of the block, after the caller counted the block's
 * instructions (instret, budget).  While it runs, the time budget lives in
 * R15 and each block counts itself there (a decrement and a branch: when it
 * runs out, the code returns to the dispatcher, which makes the
 * interpreter's between-block checks; the dispatcher derives instret from
 * it).  A block end goes on to the successor's translation: directly, once
 * patched, for a successor on the same page; else through the successor
 * slot or the jump cache when they name a translated block (the shared
 * block-end code).  That block's second entry point (JIT_CHAIN_ENTRY bytes
 * in) counts its instructions itself.  Otherwise it returns:
 *   0: a block ended, h->pc is the next PC and h->jit_link the successor
 *      slot (or jump-cache entry) to fill for next time, or NULL;
 *   else the address of the struct insn the interpreter resumes at, in
 *      block h->jit_block run at virtual PC h->jit_bpc.
 */
#ifndef STRATO_RISCV_JIT_H
#define STRATO_RISCV_JIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* the translator emits x86-64; elsewhere only the interpreter runs */
#if defined(__x86_64__)
#define STRATO_JIT 1
#else
#define STRATO_JIT 0
#endif

struct hart;
struct block;

enum { JIT_CHAIN_ENTRY = 39 };
enum { JIT_HOT = 32 }; /* runs of a block before it is translated */

typedef uintptr_t (*jit_fn)(struct hart *h, uint64_t bpc);

/* jit/cache.c: per-hart code memory, never writable and executable at once
 * (one memfd mapped twice) and bounded */
struct jit_cache {
    uint8_t *rw, *rx;
    int fd;
    size_t size, used, touched;
    /* offsets of the shared block-end code (valid when used > 0): the
     * checks for an exit through a successor slot or the jump cache, and
     * the same for an exit that can be linked directly */
    size_t chain_stub, link_stub;
};
int jit_cache_init(struct jit_cache *c);
void jit_cache_free(struct jit_cache *c);
/* drop every translation and give the memory back */
void jit_cache_reset(struct jit_cache *c);

/* jit/translate.c: translate b, set b->jit; false if the translator
 * declined (then b is interpreted for good) or the cache is full (then
 * *full is set and the caller flushes) */
bool jit_translate(struct hart *h, struct block *b, bool *full);

#endif
