/* struct block: a decoded straight-line run of guest instructions. */
#ifndef STRATO_RISCV_BLOCK_IMPL_H
#define STRATO_RISCV_BLOCK_IMPL_H

#include <stdbool.h>
#include <stdint.h>

enum { BLOCK_MAX_INSNS = 128 }; /* instructions in a block, at most */

#include "engine/riscv/decode.h"
#include "engine/riscv/hart.h"

struct hart;

struct block {
    uint64_t pa;          /* guest physical address of the first instruction */
    struct block *hnext;  /* hash chain */
    uint32_t pgen;        /* page_gen[page_idx] when decoded; valid while equal */
    uint32_t page_idx;
    uint16_t n;           /* instructions, not counting the final OP_END */
    uint16_t hits;        /* runs while not translated (jit/) */
    bool jit_declined;    /* the translator cannot take its first instruction */
    void *jit;            /* its translation (jit_fn), or NULL */
    /* where the block's exits went last time (branch taken, not taken / the
     * one exit), tagged like jump-cache entries: block chaining without the
     * jump cache's hashing */
    struct jcache_entry succ[2];
    struct insn insns[];  /* n + 1 */
};

int block_cache_init(struct hart *h);
void block_cache_free(struct hart *h);
uint32_t fetch_raw(struct hart *h, uint64_t pc);
/* the valid block decoded at guest physical address pa, if there is one */
struct block *block_find(struct hart *h, uint64_t pa);

#endif
