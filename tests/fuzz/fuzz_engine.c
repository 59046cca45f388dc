/* libFuzzer target: arbitrary guest code against the vCPU engine.
 *
 * The input is the first part of guest RAM (code and data), run from
 * 0x80000000 in a privilege mode and with CSR state the input's first bytes
 * choose: page tables, PMP, delegation and FP enables are whatever the bytes
 * make of them.  MMIO exits are answered (or refused) from the input, SBI
 * exits too; a fake clock advances on every read so the time slice always
 * ends the run.  Whatever the code does must end in guest-visible traps and
 * exits: any crash, sanitizer report or hang is a bug in the engine.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (64 * 1024)

struct fz {
    uint64_t now;
};

static uint64_t fake_time(void *o)
{
    struct fz *f = o;
    return f->now += 97;
}

static uint64_t take(const uint8_t **p, size_t *n, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes && *n; i++, (*p)++, (*n)--)
        v |= (uint64_t)**p << (8 * i);
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *p = data;
    size_t n = size;
    /* header: priv, sbi mode, satp, mstatus, medeleg, mideleg, mie, pmp */
    unsigned priv = (unsigned)take(&p, &n, 1) % 4;
    bool sbi = take(&p, &n, 1) & 1;
    uint64_t satp_lo = take(&p, &n, 2), mstatus = take(&p, &n, 8);
    uint64_t medeleg = take(&p, &n, 2), mideleg = take(&p, &n, 2), mie = take(&p, &n, 2);
    uint64_t pmpcfg = take(&p, &n, 1), mtvec_off = take(&p, &n, 2) & (RAM_SIZE - 4);

    uint8_t *ram = calloc(1, RAM_SIZE);
    if (!ram)
        return 0;
    memcpy(ram, p, n < RAM_SIZE ? n : RAM_SIZE);
    struct engine_mem *mem = engine_mem_create(RAM_BASE, RAM_SIZE, ram);
    struct vcpu_irq_lines lines;
    memset(&lines, 0, sizeof(lines));
    atomic_store(&lines.timecmp[0], RAM_BASE ^ mstatus);
    atomic_store(&lines.timecmp[1], UINT64_MAX);
    struct fz f = {0};
    atomic_store(&lines.preempt_at, 2000); /* about 20 checks of 256 instructions */
    struct vcpu_config cfg = {
        .mem = mem, .irq = &lines, .sbi_exits = sbi, .read_time = fake_time, .time_opaque = &f,
        .check_interval = 256,
    };
    struct vcpu *v = vcpu_create(&cfg);
    if (!v || !mem)
        abort();

    /* modes: 0 U, 1 S, 2 -> M, 3 M */
    vcpu_set_reg(v, VCPU_REG_PC, RAM_BASE);
    vcpu_set_reg(v, VCPU_REG_CSR + 0x305, RAM_BASE + mtvec_off);      /* mtvec */
    vcpu_set_reg(v, VCPU_REG_CSR + 0x105, RAM_BASE + (mtvec_off ^ 0x800)); /* stvec */
    vcpu_set_reg(v, VCPU_REG_CSR + 0x300, mstatus);
    vcpu_set_reg(v, VCPU_REG_CSR + 0x302, medeleg);
    vcpu_set_reg(v, VCPU_REG_CSR + 0x303, mideleg);
    vcpu_set_reg(v, VCPU_REG_CSR + 0x304, mie);
    vcpu_set_reg(v, VCPU_REG_CSR + 0x3b0, ~0ULL >> 10);
    vcpu_set_reg(v, VCPU_REG_CSR + 0x3a0, pmpcfg);
    vcpu_set_reg(v, VCPU_REG_CSR + 0x180,
                 ((uint64_t)(8 + (satp_lo & 3)) << 60) | ((RAM_BASE >> 12) + ((satp_lo >> 2) & 15)));
    if (!(satp_lo & 0x8000))
        vcpu_set_reg(v, VCPU_REG_CSR + 0x180, 0);
    vcpu_set_reg(v, VCPU_REG_PRIV, priv == 2 ? 3 : priv);

    for (int exits = 0; exits < 64; exits++) {
        if (vcpu_run(v))
            abort();
        struct vcpu_exit *e = &v->exit;
        if (e->reason == EXIT_INTERRUPT || e->reason == EXIT_ERROR || e->reason == EXIT_SHUTDOWN)
            break;
        if (e->reason == EXIT_MMIO) {
            uint64_t a = take(&p, &n, 2);
            e->mmio.data = a * 0x9e3779b97f4a7c15ULL;
            e->mmio.fault = (a & 7) == 0;
        } else if (e->reason == EXIT_SBI) {
            e->sbi.ret_error = (int64_t)take(&p, &n, 1) - 8;
            e->sbi.ret_value = (int64_t)e->sbi.args[0];
        } else if (e->reason == EXIT_WFI) {
            /* the host's scheduler would sleep; an interrupt or none */
            if (take(&p, &n, 1) & 1)
                vcpu_irq_set_level(&lines, IRQ_S_EXT, true);
            else
                vcpu_irq_post(&lines, IRQ_S_SOFT);
        }
    }
    vcpu_destroy(v);
    engine_mem_destroy(mem);
    free(ram);
    return 0;
}
