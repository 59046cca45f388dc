/* libFuzzer target: generated guest programs against the vCPU engine.
 *
 * The input drives a generator (fuzz_engine_gen.h) that writes valid
 * RISC-V code, page tables, trap handlers and data into guest RAM and picks
 * the starting mode and CSR state, so the fuzzer reaches the MMU, the trap
 * model, CSRs, FP, atomics and self-modifying code instead of stopping at
 * the first illegal instruction.  MMIO, SBI and WFI exits are answered from
 * a generator seed; a fake clock advances on every read so the time slice
 * always ends the run.  Sometimes a second hart runs the same program on
 * the same memory, taking turns at exits.  Whatever the code does must end
 * in guest-visible traps and exits, and leave the state with values the
 * spec allows: any crash, sanitizer report, hang or abort from
 * check_state() is a bug in the engine.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "fuzz_engine_gen.h"

struct fz {
    uint64_t now;
};

static uint64_t fake_time(void *o)
{
    struct fz *f = o;
    return f->now += 97;
}

/* about 100 checks of 256 instructions: far more than a generated program
 * needs, so only runaway code meets the limit.  It runs in steps, and a
 * step that retires nothing (a storm of fetch faults) ends it early. */
#define TIME_SLICE 10000
#define TIME_STEP 1000

static void set_csr(struct vcpu *v, unsigned csr, uint64_t val)
{
    /* a refused value (e.g. fcsr with FS off) is part of the input */
    (void)vcpu_set_reg(v, VCPU_REG_CSR + csr, val);
}

/* One hart and the host side of it, with its own clock: a second hart
 * does not shorten the first one's time slice. */
struct hart_run {
    struct vcpu *v;
    struct vcpu_irq_lines lines;
    struct fz clock;
    uint64_t instret; /* at the end of the last step */
    bool done, kicked;
};

/* The host side of a run: devices, SBI and the scheduler, answered from
 * the seed.  Returns false when this hart's run is over. */
static bool answer_exit(struct hart_run *hr, struct engine_mem *mem, uint64_t *rng)
{
    struct fz *f = &hr->clock;
    struct vcpu *v = hr->v;
    struct vcpu_irq_lines *lines = &hr->lines;
    struct vcpu_exit *e = &v->exit;
    uint64_t r = rng_next(rng);
    switch (e->reason) {
    case EXIT_MMIO:
        if (e->mmio.is_write && e->mmio.addr == FINISH_ADDR && e->mmio.data == FINISH_VALUE)
            return false;
        e->mmio.data = r;
        e->mmio.fault = (r >> 60) == 0;
        break;
    case EXIT_SBI:
        e->sbi.ret_error = (int64_t)((r >> 8) & 7) - 4;
        e->sbi.ret_value = (int64_t)e->sbi.args[0];
        break;
    case EXIT_WFI: {
        uint64_t pc;
        if (!vcpu_get_reg(v, VCPU_REG_PC, &pc) && pc == STUB_WFI + 4)
            return false; /* the exit stub could not store: it ends here */
        /* the scheduler sleeps until the deadline, or a device interrupts */
        switch (r & 3) {
        case 0:
            if (e->wfi.deadline != UINT64_MAX && e->wfi.deadline > f->now)
                f->now = e->wfi.deadline < f->now + TIME_SLICE ? e->wfi.deadline : f->now + 1000;
            break;
        case 1: vcpu_irq_set_level(lines, IRQ_S_EXT, (r >> 2) & 1); break;
        case 2: vcpu_irq_post(lines, IRQ_S_SOFT); break;
        default: vcpu_irq_set_level(lines, IRQ_M_EXT, (r >> 2) & 1); break;
        }
        break;
    }
    case EXIT_INTERRUPT:
        if (hr->kicked) {
            hr->kicked = false; /* our own kick: carry on */
            break;
        }
        if (f->now >= TIME_SLICE || vcpu_stats(v)->instret == hr->instret)
            return false; /* the time slice is over, or nothing retires */
        hr->instret = vcpu_stats(v)->instret;
        break;
    case EXIT_ERROR:
        fprintf(stderr, "engine error: %s\n", e->error.msg);
        abort();
    default:
        return false;
    }
    /* what other threads may do between two runs */
    switch ((r >> 16) & 15) {
    case 0: vcpu_irq_request_tlb_flush(lines); break;
    case 1: vcpu_irq_set_timecmp(lines, 0, f->now + ((r >> 24) & 0x3ff)); break;
    case 2: vcpu_irq_set_timecmp(lines, 1, f->now + ((r >> 24) & 0x3ff)); break;
    case 3: /* DMA rewrote a code page with the same bytes */
        engine_mem_written(mem, CODE_LO + ((r >> 24) & 0x7ffc), 4 + ((r >> 40) & 0xfff));
        break;
    case 4: /* another thread asks the vCPU to stop */
        vcpu_irq_kick(lines);
        hr->kicked = true;
        break;
    default: break;
    }
    return true;
}

static void start_hart(struct hart_run *hr, const struct gen_state *s, struct engine_mem *mem,
                       unsigned hartid, bool jit)
{
    memset(hr, 0, sizeof(*hr));
    atomic_store(&hr->lines.timecmp[0], s->timecmp[0]);
    atomic_store(&hr->lines.timecmp[1], s->timecmp[1]);
    atomic_store(&hr->lines.level, s->irq_level);
    struct vcpu_config cfg = {
        .hartid = hartid, .mem = mem, .irq = &hr->lines, .sbi_exits = s->sbi_exits,
        .read_time = fake_time, .time_opaque = &hr->clock, .check_interval = 256,
        .max_satp_mode = s->max_satp_mode,
        .jit = jit, .jit_hot = 1,
    };
    struct vcpu *v = vcpu_create(&cfg);
    if (!v)
        abort();
    hr->v = v;

    for (unsigned i = 1; i < 32; i++)
        vcpu_set_reg(v, VCPU_REG_X0 + i, s->x[i]);
    for (unsigned i = 0; i < 32; i++)
        vcpu_set_reg(v, VCPU_REG_F0 + i, s->f[i]);
    set_csr(v, 0x300, s->mstatus);
    set_csr(v, 0x302, s->medeleg);
    set_csr(v, 0x303, s->mideleg);
    set_csr(v, 0x304, s->mie);
    set_csr(v, 0x305, s->mtvec);
    set_csr(v, 0x105, s->stvec);
    set_csr(v, 0x30a, s->menvcfg);
    set_csr(v, 0x306, s->mcounteren);
    set_csr(v, 0x106, s->scounteren);
    set_csr(v, 0x14d, s->stimecmp);
    set_csr(v, 0x002, s->frm);
    /* only the entries in use: every PMP write flushes the TLB */
    for (unsigned i = 0; i < 16; i++)
        if (s->pmpaddr[i])
            set_csr(v, 0x3b0 + i, s->pmpaddr[i]);
    set_csr(v, 0x3a0, s->pmpcfg0);
    set_csr(v, 0x3a2, s->pmpcfg2);
    set_csr(v, 0x180, s->satp);
    vcpu_set_reg(v, VCPU_REG_PC, s->pc);
    vcpu_set_reg(v, VCPU_REG_PRIV, s->priv);
}

static uint64_t csr_get(struct vcpu *v, unsigned csr)
{
    uint64_t val = 0;
    (void)vcpu_get_reg(v, VCPU_REG_CSR + csr, &val);
    return val;
}

static void broken(const char *what, uint64_t val)
{
    fprintf(stderr, "engine state broken: %s = %#llx\n", what, (unsigned long long)val);
    abort();
}

/* Whatever the program did, the state must hold values the privileged spec
 * allows (WARL fields keep legal values): anything else is an engine bug. */
static void check_state(struct vcpu *v, unsigned max_satp_mode)
{
    uint64_t val;
    if (vcpu_get_reg(v, VCPU_REG_X0, &val) || val)
        broken("x0", val);
    if (vcpu_get_reg(v, VCPU_REG_PRIV, &val) || val == 2 || val > 3)
        broken("priv", val);
    if (vcpu_get_reg(v, VCPU_REG_PC, &val) || (val & 1))
        broken("pc", val);
    uint64_t ms = csr_get(v, 0x300);
    if (((ms >> 11) & 3) == 2 || ((ms >> 32) & 0xf) != 0xa)
        broken("mstatus", ms); /* MPP = 2; UXL, SXL = 64 */
    if ((ms & (1ULL << 63)) != ((((ms >> 13) & 3) == 3) ? 1ULL << 63 : 0))
        broken("mstatus.SD", ms);
    uint64_t satp = csr_get(v, 0x180);
    unsigned mode = (unsigned)(satp >> 60);
    if (mode != 0 && (mode < 8 || mode > (max_satp_mode ? max_satp_mode : 10)))
        broken("satp", satp);
    if ((csr_get(v, 0x305) & 3) > 1 || (csr_get(v, 0x105) & 3) > 1)
        broken("xtvec mode", csr_get(v, 0x305) ^ (csr_get(v, 0x105) << 2));
    if ((csr_get(v, 0x341) & 1) || (csr_get(v, 0x141) & 1))
        broken("xepc", csr_get(v, 0x341) | csr_get(v, 0x141));
    if (csr_get(v, 0x303) & ~0x222ULL)
        broken("mideleg", csr_get(v, 0x303));
    if (csr_get(v, 0x304) & ~0xaaaULL)
        broken("mie", csr_get(v, 0x304));
    if (csr_get(v, 0x302) & ((1ULL << 11) | ~0xffffULL))
        broken("medeleg", csr_get(v, 0x302)); /* ecall from M cannot be delegated */
    for (unsigned r = 0; r < 4; r += 2) {
        uint64_t cfg = csr_get(v, 0x3a0 + r);
        for (unsigned k = 0; k < 8; k++) {
            unsigned c = (cfg >> (8 * k)) & 0xff;
            if ((c & 0x60) || (c & 3) == 2)
                broken("pmpcfg", cfg); /* reserved bits; W without R */
        }
    }
    if (((ms >> 13) & 3) && csr_get(v, 0x003) > 0xff)
        broken("fcsr", csr_get(v, 0x003));
}

/* Reading the state back goes through the engine's CSR code too, and so
 * do ids it must refuse. */
static void read_back(struct vcpu *v)
{
    uint64_t sink = vcpu_stats(v)->instret, val;
    for (unsigned id = 0; id <= VCPU_REG_PRIV; id++)
        if (!vcpu_get_reg(v, id, &val))
            sink ^= val;
    static const uint16_t rd[] = {
        0x001, 0x003, 0x300, 0x100, 0x344, 0x144, 0xc00, 0xc02, 0x180, 0x7b0,
    };
    for (unsigned i = 0; i < sizeof(rd) / sizeof(rd[0]); i++)
        if (!vcpu_get_reg(v, VCPU_REG_CSR + rd[i], &val))
            sink ^= val;
    if (!vcpu_get_reg(v, VCPU_REG_PRIV + 1, &val) || !vcpu_set_reg(v, VCPU_REG_PRIV, 2) ||
        !vcpu_set_reg(v, VCPU_REG_PRIV + 1, 0) || !vcpu_set_reg(v, VCPU_REG_CSR + 0xc00, 0))
        abort(); /* the engine accepted what it must refuse */
    __asm__ volatile("" : : "r"(sink));
}

/* What a run leaves: the harts' registers and the RAM, to compare the
 * translator with the interpreter. */
struct outcome {
    uint64_t regs[2][VCPU_REG_PRIV + 1];
    uint64_t csrs[2][8];
    uint64_t instret[2];
    uint64_t ram_hash;
};

static void run_once(const uint8_t *data, size_t size, uint8_t *ram, bool jit, struct outcome *o)
{
    memset(ram, 0, RAM_SIZE);
    struct gen_state s;
    gen_program(data, size, ram, &s);

    struct engine_mem *mem = engine_mem_create(RAM_BASE, RAM_SIZE, ram);
    if (!mem)
        abort();
    if (s.trap_len && engine_mem_trap_range(mem, s.trap_base, s.trap_len))
        abort();
    struct hart_run harts[2];
    unsigned n = s.two_harts ? 2 : 1;
    for (unsigned i = 0; i < n; i++)
        start_hart(&harts[i], &s, mem, i, jit);

    /* the harts take turns, one exit each: what one writes (code, page
     * tables, reservations) the other sees at its next run */
    uint64_t rng = s.seed;
    for (int exits = 0, busy = 1; busy && exits < 1024; exits++) {
        busy = 0;
        for (unsigned i = 0; i < n; i++) {
            if (harts[i].done)
                continue;
            uint64_t step = harts[i].clock.now + TIME_STEP;
            atomic_store(&harts[i].lines.preempt_at, step < TIME_SLICE ? step : TIME_SLICE);
            if (vcpu_run(harts[i].v))
                abort();
            harts[i].done = !answer_exit(&harts[i], mem, &rng);
            busy |= !harts[i].done;
        }
    }

    static const uint16_t csrs[8] = {0x300, 0x341, 0x342, 0x343, 0x141, 0x142, 0x143, 0x180};
    memset(o, 0, sizeof(*o));
    for (unsigned i = 0; i < n; i++) {
        check_state(harts[i].v, s.max_satp_mode);
        for (unsigned id = 0; id <= VCPU_REG_PRIV; id++)
            (void)vcpu_get_reg(harts[i].v, id, &o->regs[i][id]);
        for (unsigned k = 0; k < 8; k++)
            o->csrs[i][k] = csr_get(harts[i].v, csrs[k]);
        o->instret[i] = vcpu_stats(harts[i].v)->instret;
        read_back(harts[i].v);
        vcpu_destroy(harts[i].v);
    }
    engine_mem_destroy(mem);
    uint64_t hsh = 14695981039346656037ULL; /* FNV-1a over RAM */
    for (size_t k = 0; k < RAM_SIZE; k += 8) {
        uint64_t w;
        memcpy(&w, ram + k, 8);
        hsh = (hsh ^ w) * 1099511628211ULL;
    }
    o->ram_hash = hsh;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* one buffer for all runs: a fresh one costs page faults every time */
    static uint8_t *ram;
    if (!ram && !(ram = malloc(RAM_SIZE)))
        abort();
    /* the same program on the interpreter and on the translator (every
     * block translated at once): they must leave exactly the same state */
    static struct outcome interp, jit;
    run_once(data, size, ram, false, &interp);
    if (!engine_has_jit())
        return 0;
    run_once(data, size, ram, true, &jit);
    if (memcmp(&interp, &jit, sizeof(interp)) != 0) {
        for (unsigned i = 0; i < 2; i++) {
            for (unsigned id = 0; id <= VCPU_REG_PRIV; id++)
                if (interp.regs[i][id] != jit.regs[i][id])
                    fprintf(stderr, "hart %u reg %u: interpreter %#llx, translator %#llx\n", i, id,
                            (unsigned long long)interp.regs[i][id], (unsigned long long)jit.regs[i][id]);
            for (unsigned k = 0; k < 8; k++)
                if (interp.csrs[i][k] != jit.csrs[i][k])
                    fprintf(stderr, "hart %u csr #%u: interpreter %#llx, translator %#llx\n", i, k,
                            (unsigned long long)interp.csrs[i][k], (unsigned long long)jit.csrs[i][k]);
            if (interp.instret[i] != jit.instret[i])
                fprintf(stderr, "hart %u instret: interpreter %llu, translator %llu\n", i,
                        (unsigned long long)interp.instret[i], (unsigned long long)jit.instret[i]);
        }
        if (interp.ram_hash != jit.ram_hash)
            fprintf(stderr, "RAM differs\n");
        fprintf(stderr, "the translator and the interpreter disagree\n");
        abort();
    }
    return 0;
}
