/* Engine unit tests: small programs run through the public vCPU interface
 * (engine/engine.h), checking register values, exits and the trap model.
 * Every test runs twice: on the interpreter, and with the translator on and
 * translating each block at its first run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/engine.h"
#include "rv_encode.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (4ULL << 20)

enum { A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, T0 = 5, T1 = 6, T2 = 7, SP = 2, RA = 1 };
enum {
    CSR_MSTATUS = 0x300, CSR_MEDELEG = 0x302, CSR_MIE = 0x304, CSR_MTVEC = 0x305,
    CSR_MEPC = 0x341, CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343, CSR_MIP = 0x344,
    CSR_SATP = 0x180, CSR_FFLAGS = 0x001, CSR_MINSTRET = 0xb02, CSR_PMPCFG0 = 0x3a0,
    CSR_PMPADDR0 = 0x3b0, CSR_STVEC = 0x105, CSR_SCAUSE = 0x142,
};

static bool g_jit; /* this pass runs on the translator */

struct env {
    uint8_t *ram;
    struct engine_mem *mem;
    struct vcpu_irq_lines lines;
    struct vcpu *v;
    uint64_t now, tick; /* the clock advances by tick on every read */
};

static uint64_t fake_time(void *o)
{
    struct env *e = o;
    return e->now += e->tick;
}

static struct env *env_new(bool sbi_exits)
{
    struct env *e = calloc(1, sizeof(*e));
    assert_non_null(e);
    e->ram = calloc(1, RAM_SIZE);
    assert_non_null(e->ram);
    e->mem = engine_mem_create(RAM_BASE, RAM_SIZE, e->ram);
    assert_non_null(e->mem);
    atomic_store(&e->lines.timecmp[0], UINT64_MAX);
    atomic_store(&e->lines.timecmp[1], UINT64_MAX);
    atomic_store(&e->lines.preempt_at, UINT64_MAX);
    struct vcpu_config cfg = {
        .hartid = 0, .mem = e->mem, .irq = &e->lines, .sbi_exits = sbi_exits,
        .read_time = fake_time, .time_opaque = e,
        .jit = g_jit && engine_has_jit(), .jit_hot = 1,
    };
    e->v = vcpu_create(&cfg);
    assert_non_null(e->v);
    vcpu_set_reg(e->v, VCPU_REG_PC, RAM_BASE);
    /* traps land on a WFI at 0x80100000 so a test sees them as EXIT_WFI */
    uint32_t wfi = WFI;
    memcpy(e->ram + 0x100000, &wfi, 4);
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_MTVEC, RAM_BASE + 0x100000);
    return e;
}

static void env_free(struct env *e)
{
    vcpu_destroy(e->v);
    engine_mem_destroy(e->mem);
    free(e->ram);
    free(e);
}

static void put(struct env *e, uint64_t addr, const uint32_t *code, size_t n)
{
    memcpy(e->ram + (addr - RAM_BASE), code, n * 4);
    engine_mem_written(e->mem, addr, n * 4);
}

static uint64_t reg(struct env *e, unsigned id)
{
    uint64_t v = 0;
    assert_int_equal(vcpu_get_reg(e->v, id, &v), 0);
    return v;
}

static uint64_t csr(struct env *e, unsigned n)
{
    return reg(e, VCPU_REG_CSR + n);
}

static enum vcpu_exit_reason run(struct env *e)
{
    assert_int_equal(vcpu_run(e->v), 0);
    return e->v->exit.reason;
}

#define PROG(e, ...)                                                     \
    do {                                                                 \
        const uint32_t code_[] = {__VA_ARGS__};                          \
        put(e, RAM_BASE, code_, sizeof(code_) / sizeof(code_[0]));       \
    } while (0)

static void enter_s_mode(struct env *e, uint64_t satp);

static void test_alu_and_x0(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    PROG(e, ADDI(A0, 0, 100), ADDI(A1, 0, -3), ADD(A2, A0, A1), SUB(A3, A1, A0),
         ADDI(0, 0, 55), ADD(T0, 0, 0), MUL(T1, A1, A0), DIV(T2, A0, 0), WFI);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(reg(e, A2), 97);
    assert_int_equal((int64_t)reg(e, A3), -103);
    assert_int_equal(reg(e, 0), 0);
    assert_int_equal(reg(e, T0), 0);
    assert_int_equal((int64_t)reg(e, T1), -300);
    assert_int_equal(reg(e, T2), UINT64_MAX); /* division by zero: all ones */
    assert_int_equal(reg(e, VCPU_REG_PC), RAM_BASE + 9 * 4);
    env_free(e);
}

static void test_loads_stores(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    /* lui sign-extends on RV64 */
    PROG(e, LUI(A0, 0x80002), WFI);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(reg(e, A0), 0xffffffff80002000ULL);
    env_free(e);

    e = env_new(false);
    /* the same with a0 = 0x80002000 (lui + slli trick avoided: use addi on x0 and shifts) */
    PROG(e, ADDI(A0, 0, 1), enc_i(31, A0, 1, A0, 0x13) /* slli a0,a0,31 */, ADDI(T1, 0, 2),
         enc_i(12, T1, 1, T1, 0x13) /* slli t1,t1,12 */, ADD(A0, A0, T1), ADDI(A1, 0, -2),
         SD(A1, A0, 0), LW(A2, A0, 0), LBU(A3, A0, 1), LD(T0, A0, 3), WFI);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(reg(e, A0), RAM_BASE + 0x2000);
    assert_int_equal(reg(e, A2), UINT64_MAX - 1);
    assert_int_equal(reg(e, A3), 0xff);
    assert_int_equal(reg(e, T0), 0x000000ffffffffffULL); /* misaligned load handled */
    uint64_t m;
    memcpy(&m, e->ram + 0x2000, 8);
    assert_int_equal(m, UINT64_MAX - 1);
    env_free(e);
}

static void test_mmio_exit_and_completion(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    /* a0 = 0x10000000; lw a1, 4(a0); sb a1, 0(a0) */
    PROG(e, LUI(A0, 0x10000), LW(A1, A0, 4), SB(A1, A0, 0), WFI);
    assert_int_equal(run(e), EXIT_MMIO);
    struct vcpu_exit *x = &e->v->exit;
    assert_int_equal(x->mmio.addr, 0x10000004);
    assert_int_equal(x->mmio.size, 4);
    assert_false(x->mmio.is_write);
    x->mmio.data = 0xfffffff0; /* the device answers; lw sign-extends */
    assert_int_equal(run(e), EXIT_MMIO);
    assert_int_equal((int64_t)reg(e, A1), -16);
    assert_true(x->mmio.is_write);
    assert_int_equal(x->mmio.addr, 0x10000000);
    assert_int_equal(x->mmio.size, 1);
    assert_int_equal(x->mmio.data, 0xf0);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(csr(e, CSR_MINSTRET), 4); /* lui, lw, sb, wfi */
    env_free(e);
}

static void test_mmio_fault_is_access_fault(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    PROG(e, LUI(A0, 0x10000), LW(A1, A0, 0), WFI);
    assert_int_equal(run(e), EXIT_MMIO);
    e->v->exit.mmio.fault = true; /* nothing at that address */
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(csr(e, CSR_MCAUSE), 5);
    assert_int_equal(csr(e, CSR_MEPC), RAM_BASE + 4);
    assert_int_equal(csr(e, CSR_MTVAL), 0x10000000);
    env_free(e);
}

static void test_illegal_instruction(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    PROG(e, ADDI(A0, 0, 1), 0xffffffffu, WFI);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(csr(e, CSR_MCAUSE), 2);
    assert_int_equal(csr(e, CSR_MEPC), RAM_BASE + 4);
    assert_int_equal(csr(e, CSR_MTVAL), 0xffffffff);
    assert_int_equal(reg(e, A0), 1);
    assert_int_equal(vcpu_stats(e->v)->exceptions[2], 1); /* counted for --stats */
    assert_int_equal(vcpu_stats(e->v)->exceptions[11], 0);
    /* a CSR that does not exist is illegal too, with the instruction as tval */
    e->v->exit.reason = EXIT_NONE;
    vcpu_set_reg(e->v, VCPU_REG_PC, RAM_BASE + 0x200);
    const uint32_t bad_csr[] = {CSRRS(A0, 0x7c0, 0), WFI};
    put(e, RAM_BASE + 0x200, bad_csr, 2);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(csr(e, CSR_MCAUSE), 2);
    assert_int_equal(csr(e, CSR_MTVAL), CSRRS(A0, 0x7c0, 0));
    env_free(e);
}

static void test_ecall_breakpoint(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    PROG(e, ECALL);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(csr(e, CSR_MCAUSE), 11);
    assert_int_equal(csr(e, CSR_MTVAL), 0);
    env_free(e);

    e = env_new(false);
    PROG(e, ADDI(A0, 0, 0), EBREAK);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(csr(e, CSR_MCAUSE), 3);
    assert_int_equal(csr(e, CSR_MTVAL), RAM_BASE + 4);
    env_free(e);
}

static void test_sbi_exit(void **state)
{
    (void)state;
    struct env *e = env_new(true);
    enter_s_mode(e, 0);
    PROG(e, ADDI(17, 0, 0x10), ADDI(16, 0, 3), ADDI(A0, 0, 7), ECALL, ADDI(A2, A0, 0), WFI);
    assert_int_equal(run(e), EXIT_SBI);
    struct vcpu_exit *x = &e->v->exit;
    assert_int_equal(x->sbi.ext, 0x10);
    assert_int_equal(x->sbi.fid, 3);
    assert_int_equal(x->sbi.args[0], 7);
    x->sbi.ret_error = 0;
    x->sbi.ret_value = 42;
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(reg(e, A0), 0);
    assert_int_equal(reg(e, A1), 42);
    assert_int_equal(reg(e, A2), 0);
    assert_int_equal(reg(e, VCPU_REG_PC), RAM_BASE + 6 * 4);
    env_free(e);
}

static void test_self_modifying_code(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    /* run a block once, then overwrite one of its instructions and run it again */
    const uint32_t sub[] = {ADDI(A0, A0, 1), JALR(0, RA, 0)};
    put(e, RAM_BASE + 0x1000, sub, 2);
    vcpu_set_reg(e->v, VCPU_REG_X0 + A1, ADDI(A0, A0, 100));
    vcpu_set_reg(e->v, VCPU_REG_X0 + A2, RAM_BASE + 0x1000);
    PROG(e, JAL(RA, 0x1000), SW(A1, A2, 0), FENCE_I, JAL(RA, 0x1000 - 12), WFI);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(reg(e, A0), 101);
    env_free(e);
}

/* Sv39: identity map of RAM with a 1 GiB superpage for S-mode, plus one 4 KiB
 * page at VA 0x40000000 -> RAM_BASE+0x3000, U=0, R/W. */
static void build_sv39(struct env *e, uint64_t leaf_flags);

/* code the VMM writes into guest RAM (DMA) replaces what ran there before,
 * translated or not */
static void test_code_written_by_dma(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    PROG(e, ADDI(A0, A0, 1), ADDI(A0, A0, 2), WFI);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(reg(e, A0), 3);
    PROG(e, ADDI(A0, A0, 10), ADDI(A0, A0, 20), WFI);
    vcpu_set_reg(e->v, VCPU_REG_PC, RAM_BASE);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(reg(e, A0), 33);
    env_free(e);
}

/* a page fault in the middle of a long block: the instructions before it
 * retired, those after it did not, mepc and mtval name the load */
static void test_page_fault_mid_block(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    build_sv39(e, 0x43); /* VA 0x40000000 read-only */
    enter_s_mode(e, (8ULL << 60) | ((RAM_BASE + 0x10000) >> 12));
    /* the first pass reads the page (fills the TLB), the second stores: fault */
    PROG(e, LUI(A0, 0x40000), ADDI(A3, 0, 1), ADDI(A3, A3, 1), LD(A1, A0, 8), ADDI(A3, A3, 1),
         ADDI(A4, A3, 5), SD(A1, A0, 16), ADDI(A5, 0, 7), ADDI(A3, A3, 100), WFI);
    uint64_t minstret0 = csr(e, CSR_MINSTRET);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(csr(e, CSR_MCAUSE), 15);
    assert_int_equal(csr(e, CSR_MTVAL), 0x40000010);
    assert_int_equal(csr(e, CSR_MEPC), RAM_BASE + 24);
    assert_int_equal(reg(e, A3), 3);
    assert_int_equal(reg(e, A4), 8);
    assert_int_equal(reg(e, A5), 0);
    /* six instructions retired before the fault, then the handler's WFI */
    assert_int_equal(csr(e, CSR_MINSTRET) - minstret0, 7);
    env_free(e);
}

static void build_sv39(struct env *e, uint64_t leaf_flags)
{
    uint64_t root = RAM_BASE + 0x10000, l1 = RAM_BASE + 0x11000, l0 = RAM_BASE + 0x12000;
    uint64_t *r = (uint64_t *)(e->ram + (root - RAM_BASE));
    uint64_t *p1 = (uint64_t *)(e->ram + (l1 - RAM_BASE));
    uint64_t *p0 = (uint64_t *)(e->ram + (l0 - RAM_BASE));
    r[2] = ((RAM_BASE >> 12) << 10) | 0xcf;  /* VA 0x80000000: 1 GiB, RWX, A, D */
    r[1] = ((l1 >> 12) << 10) | 0x01;        /* VA 0x40000000: table */
    p1[0] = ((l0 >> 12) << 10) | 0x01;
    p0[0] = (((RAM_BASE + 0x3000) >> 12) << 10) | leaf_flags;
}

static void enter_s_mode(struct env *e, uint64_t satp)
{
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_SATP, satp);
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_PMPADDR0, ~0ULL >> 10); /* allow all, as firmware does */
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_PMPCFG0, 0x1f);
    vcpu_set_reg(e->v, VCPU_REG_PRIV, 1);
}

static void test_sv39_translation_and_ad_bits(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    build_sv39(e, 0x07); /* V R W, A=0 D=0 */
    enter_s_mode(e, (8ULL << 60) | ((RAM_BASE + 0x10000) >> 12));
    memcpy(e->ram + 0x3008, &(uint64_t){0x1122334455667788ULL}, 8);
    /* a0 = 0x40000000; ld a1, 8(a0); sd a1, 16(a0) */
    PROG(e, LUI(A0, 0x40000), LD(A1, A0, 8), SD(A1, A0, 16), WFI);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(reg(e, A1), 0x1122334455667788ULL);
    uint64_t v, pte;
    memcpy(&v, e->ram + 0x3010, 8);
    assert_int_equal(v, 0x1122334455667788ULL);
    memcpy(&pte, e->ram + 0x12000, 8);
    assert_int_equal(pte & 0xc0, 0xc0); /* hardware set A and D */
    env_free(e);
}

static void test_sv39_page_fault(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    build_sv39(e, 0x43); /* V R A: read-only */
    enter_s_mode(e, (8ULL << 60) | ((RAM_BASE + 0x10000) >> 12));
    PROG(e, LUI(A0, 0x40000), LD(A1, A0, 8), SD(A1, A0, 24), WFI);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(csr(e, CSR_MCAUSE), 15); /* store page fault */
    assert_int_equal(csr(e, CSR_MTVAL), 0x40000018);
    assert_int_equal(csr(e, CSR_MEPC), RAM_BASE + 8);
    assert_int_equal(reg(e, VCPU_REG_PRIV), 3);
    assert_int_equal((csr(e, CSR_MSTATUS) >> 11) & 3, 1); /* MPP = S */
    env_free(e);
}

/* MMIO through a page mapping: the exit has the physical address, a fault
 * the device reports gives the guest the virtual one in xtval */
static void test_mmio_through_page_table(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    build_sv39(e, 0xc7);
    uint64_t *p0 = (uint64_t *)(e->ram + 0x12000);
    p0[1] = ((0x10000000ULL >> 12) << 10) | 0xc7; /* VA 0x40001000 -> the UART */
    enter_s_mode(e, (8ULL << 60) | ((RAM_BASE + 0x10000) >> 12));
    PROG(e, LUI(A0, 0x40001), LBU(A1, A0, 5), LBU(A2, A0, 6), WFI);
    assert_int_equal(run(e), EXIT_MMIO);
    assert_int_equal(e->v->exit.mmio.addr, 0x10000005);
    e->v->exit.mmio.data = 0x60;
    assert_int_equal(run(e), EXIT_MMIO);
    assert_int_equal(reg(e, A1), 0x60);
    e->v->exit.mmio.fault = true;
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(csr(e, CSR_MCAUSE), 5);
    assert_int_equal(csr(e, CSR_MTVAL), 0x40001006);
    env_free(e);
}

static void test_pmp_denies_s_mode_without_entries(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    vcpu_set_reg(e->v, VCPU_REG_PRIV, 1); /* S-mode, no PMP entry: every access fails */
    PROG(e, ADDI(A0, 0, 1), WFI);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(csr(e, CSR_MCAUSE), 1); /* instruction access fault */
    assert_int_equal(csr(e, CSR_MTVAL), RAM_BASE);
    env_free(e);
}

static void test_timer_interrupt(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_MIE, 1 << 7);
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_MSTATUS, 1 << 3);
    atomic_store(&e->lines.timecmp[0], 1000);
    e->now = 10;
    /* the handler masks the interrupt before waiting, or WFI would return at once */
    const uint32_t handler[] = {CSRRW(0, CSR_MIE, 0), WFI};
    put(e, RAM_BASE + 0x100100, handler, 2);
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_MTVEC, RAM_BASE + 0x100100);
    PROG(e, ADDI(A0, 0, 1), WFI, ADDI(A0, 0, 2), WFI);
    /* the first WFI waits until 1000: the exit says so */
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(e->v->exit.wfi.deadline, 1000);
    assert_int_equal(reg(e, VCPU_REG_PC), RAM_BASE + 8);
    e->now = 1000;
    assert_int_equal(run(e), EXIT_WFI); /* interrupt taken, handler's WFI */
    assert_int_equal(csr(e, CSR_MCAUSE), (1ULL << 63) | 7);
    assert_int_equal(csr(e, CSR_MEPC), RAM_BASE + 8);
    assert_int_equal(reg(e, A0), 1);
    assert_true(csr(e, CSR_MIP) & (1 << 7));
    env_free(e);
}

/* A loop of two blocks, which the translator makes one region (internal
 * jumps with the guest registers held): many time-budget expiries inside it
 * leave and re-enter it, and the counts and instret stay exact. */
/* T1 = n (set_t1), then A (RAM_BASE + 4): t0++, t1--, to the WFI when
 * t1 is 0; B (RAM_BASE + 16): a2 += 3, back to A */
static void put_region_loop(struct env *e, uint32_t set_t1)
{
    const uint32_t code[] = {
        set_t1, ADDI(T0, T0, 1), ADDI(T1, T1, -1), BEQ(T1, 0, 12), ADDI(A2, A2, 3), JAL(0, -16), WFI,
    };
    put(e, RAM_BASE, code, 7);
}

static void test_region_loop_counts(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    put_region_loop(e, ADDI(T1, 0, 2000));
    uint64_t minstret0 = csr(e, CSR_MINSTRET);
    for (int i = 0; i < 3; i++) { /* three passes: the loop's blocks are decoded, then a region */
        vcpu_set_reg(e->v, VCPU_REG_PC, RAM_BASE);
        assert_int_equal(run(e), EXIT_WFI);
    }
    assert_int_equal(reg(e, T0), 3 * 2000);
    assert_int_equal(reg(e, A2), 3 * 3 * 1999);
    /* per pass: the first ADDI, 3 per A, 2 per B (one fewer), the WFI */
    assert_int_equal(csr(e, CSR_MINSTRET) - minstret0, 3 * (1 + 3 * 2000 + 2 * 1999 + 1));
    if (g_jit && engine_has_jit())
        assert_true(vcpu_stats(e->v)->jit_region_blocks > 0); /* the test tested regions */
    env_free(e);
}

/* A timer interrupt taken while the region runs: at a block boundary, with
 * the registers of that boundary */
static void test_region_loop_interrupt(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    e->tick = 1;
    put_region_loop(e, ADDI(T1, 0, 2000));
    vcpu_set_reg(e->v, VCPU_REG_PC, RAM_BASE);
    assert_int_equal(run(e), EXIT_WFI); /* decoded and translated */
    const uint32_t handler[] = {CSRRW(0, CSR_MIE, 0), WFI};
    put(e, RAM_BASE + 0x100100, handler, 2);
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_MTVEC, RAM_BASE + 0x100100);
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_MIE, 1 << 7);
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_MSTATUS, 1 << 3);
    vcpu_set_reg(e->v, VCPU_REG_X0 + T0, 0);
    vcpu_set_reg(e->v, VCPU_REG_X0 + A2, 0);
    atomic_store(&e->lines.timecmp[0], e->now + 5); /* some time slices later */
    put_region_loop(e, LUI(T1, 0x1e8)); /* 1998848 times */
    vcpu_set_reg(e->v, VCPU_REG_PC, RAM_BASE);
    assert_int_equal(run(e), EXIT_WFI); /* the handler's */
    assert_int_equal(csr(e, CSR_MCAUSE), (1ULL << 63) | 7);
    uint64_t at = csr(e, CSR_MEPC), t0 = reg(e, T0);
    assert_true(t0 > 0 && t0 < 0x1e8000);
    assert_int_equal(t0 + reg(e, T1), 0x1e8000);
    if (at == RAM_BASE + 4)
        assert_int_equal(reg(e, A2), 3 * t0);
    else if (at == RAM_BASE + 16)
        assert_int_equal(reg(e, A2), 3 * (t0 - 1));
    else
        fail_msg("interrupted at %#llx, not at a block of the loop", (unsigned long long)at);
    env_free(e);
}

static void test_time_slice_exits(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    PROG(e, JAL(0, 0)); /* an endless loop: only the slice ends it */
    e->now = 500;
    atomic_store(&e->lines.preempt_at, 400);
    assert_int_equal(run(e), EXIT_INTERRUPT);
    env_free(e);
}

/* csrrc/csrrs on mip must not latch the PLIC's SEIP line into the software
 * SEIP bit (privileged spec 3.1.9); a latched bit is an endless interrupt storm */
static void test_mip_rmw_does_not_latch_seip(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    vcpu_irq_set_level(&e->lines, IRQ_S_EXT, true);
    vcpu_set_reg(e->v, VCPU_REG_X0 + T0, 1 << 1); /* SSIP */
    PROG(e, CSRRS(A0, CSR_MIP, 0), CSRRC(0, CSR_MIP, T0), WFI);
    assert_int_equal(run(e), EXIT_WFI);
    assert_true(reg(e, A0) & (1 << 9)); /* the line shows in mip */
    vcpu_irq_set_level(&e->lines, IRQ_S_EXT, false);
    assert_int_equal(csr(e, CSR_MIP) & (1 << 9), 0); /* and goes with it */
    env_free(e);
}

/* a trap vector that cannot be fetched is an endless fault loop for the
 * guest, but the host must still be able to take the vCPU back */
static void test_fetch_fault_loop_is_preemptible(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_MTVEC, 0x1000); /* not RAM */
    PROG(e, 0xffffffffu);
    e->tick = 1;
    atomic_store(&e->lines.preempt_at, 100);
    assert_int_equal(run(e), EXIT_INTERRUPT);
    assert_int_equal(csr(e, CSR_MCAUSE), 1); /* instruction access fault, again and again */
    env_free(e);
}

/* The decoded-block arena is sized to the code the guest keeps running. */
enum { CODE_AT = 0x10000 };

/* `blocks` blocks of two instructions (addi t0; jal to the next), run `iters` times */
static void put_block_loop(struct env *e, unsigned blocks, unsigned iters)
{
    uint32_t *code = calloc(blocks * 2 + 5, 4);
    assert_non_null(code);
    code[0] = ADDI(T1, 0, (int)iters);
    for (unsigned i = 0; i < blocks; i++) {
        code[1 + 2 * i] = ADDI(T0, T0, 1);
        code[2 + 2 * i] = JAL(0, 4);
    }
    code[1 + 2 * blocks] = ADDI(T1, T1, -1);
    code[2 + 2 * blocks] = BEQ(T1, 0, 8);
    code[3 + 2 * blocks] = JAL(0, -(int)(8 * blocks + 8));
    code[4 + 2 * blocks] = WFI;
    put(e, RAM_BASE + CODE_AT, code, blocks * 2 + 5);
    free(code);
    vcpu_set_reg(e->v, VCPU_REG_PC, RAM_BASE + CODE_AT);
    atomic_store(&e->lines.timecmp[0], 1000); /* a near timer: no idle trim at the WFI */
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_MIE, 1 << 7);
}

static void test_block_arena_grows_to_hot_code(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    /* 16384 blocks run 100 times: more than 2 MiB decoded, again and again */
    put_block_loop(e, 16384, 100);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(reg(e, T0), 16384 * 100);
    const struct vcpu_stats *s = vcpu_stats(e->v);
    assert_int_equal(s->arena_size, 4 << 20); /* grew from 1 MiB until the loop fit */
    assert_in_range(s->arena_flushes, 3, 10); /* a 1 MiB arena would flush ~230 times */
    env_free(e);
}

static void test_block_arena_stays_small_for_code_run_once(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    /* 32768 blocks run once: 4.5 MiB decoded, none of it again */
    put_block_loop(e, 32768, 1);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(reg(e, T0), 32768);
    const struct vcpu_stats *s = vcpu_stats(e->v);
    assert_int_equal(s->arena_size, 1 << 20);
    assert_true(s->arena_flushes >= 4);
    env_free(e);
}

/* An idle vCPU hands its decoded code back: at once when its WFI waits for
 * no timer, or once it spent 90% of a 10 s window waiting. */
static void test_block_arena_given_back_when_idle(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    PROG(e, ADDI(A0, 0, 1), WFI, ADDI(A0, 0, 2), WFI, ADDI(A0, 0, 3), WFI);
    assert_int_equal(run(e), EXIT_WFI); /* no timer enabled: a wait without end */
    assert_int_equal(vcpu_stats(e->v)->arena_trims, 1);
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_MIE, 1 << 7);
    atomic_store(&e->lines.timecmp[0], e->now + 1000);
    assert_int_equal(run(e), EXIT_WFI); /* a near timer: kept */
    assert_int_equal(reg(e, A0), 2);
    assert_int_equal(vcpu_stats(e->v)->arena_trims, 1);
    e->now += 110000000; /* 11 s later, still waiting: given back at wake-up */
    atomic_store(&e->lines.timecmp[0], e->now + 1000);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(reg(e, A0), 3);
    assert_int_equal(vcpu_stats(e->v)->arena_trims, 2);
    env_free(e);
}

/* After an idle hart gave its TLB back (zeroed entries), an access whose last
 * byte wraps past the top of the address space must still miss the TLB: the
 * translator tests the page of the last byte, which wraps to page 0. */
static void test_wrapping_access_after_idle(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    PROG(e, WFI, ADDI(A0, 0, -3), LD(A1, A0, 0), WFI);
    assert_int_equal(run(e), EXIT_WFI); /* no timer: the TLB is given back */
    assert_int_equal(vcpu_stats(e->v)->arena_trims, 1);
    assert_int_equal(run(e), EXIT_WFI); /* the trap handler's */
    assert_int_equal(csr(e, CSR_MCAUSE), 5); /* load access fault: no memory there */
    assert_int_equal(csr(e, CSR_MTVAL), 0xfffffffffffffffdULL);
    env_free(e);
}

/* Consecutive accesses through one base register land on two virtual pages
 * mapped to physical pages apart: each must reach its own memory, with the
 * TLB cold (slow paths) and warm.  (A translator that reused the first
 * access's TLB entry for the second without its tag test would not.) */
static void test_same_base_accesses_across_pages(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    build_sv39(e, 0xc7); /* VA 0x40000000 -> RAM + 0x3000, RW, A, D */
    uint64_t *p0 = (uint64_t *)(e->ram + 0x12000);
    p0[1] = (((RAM_BASE + 0x5000) >> 12) << 10) | 0xc7; /* VA 0x40001000 -> RAM + 0x5000 */
    enter_s_mode(e, (8ULL << 60) | ((RAM_BASE + 0x10000) >> 12));
    uint64_t a = 0x3ff8, b = 0x5008; /* the two words' RAM offsets */
    memcpy(e->ram + a, &(uint64_t){0x1111111111111111ULL}, 8);
    memcpy(e->ram + b, &(uint64_t){0x2222222222222222ULL}, 8);
    /* a0 = 0x40000ff8: the two words swap places */
    PROG(e, LUI(A0, 0x40001), ADDI(A0, A0, -8), LD(A1, A0, 0), LD(A2, A0, 16), SD(A2, A0, 0),
         SD(A1, A0, 16), LD(A3, A0, 16), LD(A4, A0, 0), WFI);
    for (int pass = 0; pass < 3; pass++) { /* cold TLB (slow paths), then hits */
        vcpu_set_reg(e->v, VCPU_REG_PC, RAM_BASE);
        assert_int_equal(run(e), EXIT_WFI);
        uint64_t x = pass % 2 ? 0x2222222222222222ULL : 0x1111111111111111ULL;
        uint64_t y = pass % 2 ? 0x1111111111111111ULL : 0x2222222222222222ULL;
        assert_int_equal(reg(e, A1), x);
        assert_int_equal(reg(e, A2), y);
        assert_int_equal(reg(e, A3), x); /* swapped in memory */
        assert_int_equal(reg(e, A4), y);
    }
    env_free(e);
}

/* Misaligned accesses on a warm TLB: inside one page they are served by
 * the fast path (translated code retries a misaligned access's TLB test
 * with its last byte's page before calling the slow path); across two
 * virtual pages mapped apart, each byte still reaches its own memory.  The
 * accesses run twice in a loop: cold, then warm (a WFI gives the TLB back). */
static void test_misaligned_accesses(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    build_sv39(e, 0xc7); /* VA 0x40000000 -> RAM + 0x3000 */
    uint64_t *p0 = (uint64_t *)(e->ram + 0x12000);
    p0[1] = (((RAM_BASE + 0x5000) >> 12) << 10) | 0xc7; /* VA 0x40001000 -> RAM + 0x5000 */
    enter_s_mode(e, (8ULL << 60) | ((RAM_BASE + 0x10000) >> 12));
    for (unsigned i = 0; i < 0x30; i++) {
        e->ram[0x3fd0 + i] = (uint8_t)(0x10 + i); /* VA 0x40000fd0.. */
        e->ram[0x5000 + i] = (uint8_t)(0x80 + i); /* VA 0x40001000.. */
    }
    /* a0 = 0x40000ff0; a1: 8 bytes at +1 (one page); a2: 8 bytes at +12
     * (4 on each page); a1 stored at +0x22 (page 1); 0x55667788 at +14
     * (2 bytes on each page, 2 of those a2 reads in the next iteration) */
    PROG(e, ADDI(T1, 0, 2), LUI(A0, 0x40001), ADDI(A0, A0, -16), LD(A1, A0, 1), LD(A2, A0, 12),
         SD(A1, A0, 0x22), LUI(T0, 0x55667), ADDI(T0, T0, 0x788), SW(T0, A0, 14), ADDI(T1, T1, -1),
         BNE(T1, 0, -36), WFI);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(reg(e, T1), 0);
    assert_int_equal(reg(e, A1), 0x3837363534333231ULL);
    assert_int_equal(reg(e, A2), 0x8382556677883d3cULL);
    uint64_t v;
    memcpy(&v, e->ram + 0x5012, 8);
    assert_int_equal(v, 0x3837363534333231ULL);
    static const uint8_t sw[] = {0x3c, 0x3d, 0x88, 0x77, 0x66, 0x55, 0x82, 0x83};
    assert_memory_equal(e->ram + 0x3ffc, sw, 4);
    assert_memory_equal(e->ram + 0x5000, sw + 4, 4);
    /* all four miss the cold TLB; warm, only the two crossing ones */
    if (g_jit && engine_has_jit())
        assert_int_equal(vcpu_stats(e->v)->jit_slow_calls, 4 + 2);
    env_free(e);
}

static void test_kick_exits(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    PROG(e, JAL(0, 0)); /* an endless loop */
    vcpu_irq_kick(&e->lines);
    assert_int_equal(run(e), EXIT_INTERRUPT);
    assert_int_equal(reg(e, VCPU_REG_PC), RAM_BASE);
    env_free(e);
}

static void test_fp_flags_and_conversions(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_MSTATUS, 1ULL << 13); /* FS = initial */
    uint64_t one = 0x3ff0000000000000ULL;
    vcpu_set_reg(e->v, VCPU_REG_X0 + A0, one);
    vcpu_set_reg(e->v, VCPU_REG_X0 + A1, 0x7ff8000000000001ULL); /* a quiet NaN with payload */
    /* f1 = 1.0; f2 = 1.0 + 1.0; f3 = 1.0f / 0.0f; a2 = fcvt.w.d(NaN) */
    PROG(e, FMV_D_X(1, A0), FADD_D(2, 1, 1, 7), FMV_W_X(4, 0), FMV_W_X(5, 0), FDIV_S(3, 4, 5, 7), FMV_D_X(6, A1), FCVT_W_D(A2, 6, 1),
         FADD_D(7, 6, 1, 0), FMV_X_D(A3, 7), WFI);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(reg(e, VCPU_REG_F0 + 2), 0x4000000000000000ULL);
    /* 0/0 in single: invalid, canonical NaN boxed */
    assert_int_equal(reg(e, VCPU_REG_F0 + 3), 0xffffffff7fc00000ULL);
    assert_int_equal(reg(e, A2), 0x7fffffff); /* NaN -> max int */
    assert_int_equal(reg(e, A3), 0x7ff8000000000000ULL); /* canonical, payload dropped */
    assert_int_equal(csr(e, CSR_FFLAGS), 0x10); /* NV only */
    assert_int_equal((csr(e, CSR_MSTATUS) >> 13) & 3, 3); /* FS dirty */
    env_free(e);
}

static void test_lr_sc_amo(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    vcpu_set_reg(e->v, VCPU_REG_X0 + A0, RAM_BASE + 0x2000);
    vcpu_set_reg(e->v, VCPU_REG_X0 + A2, 77);
    /* lr; sc succeeds (0); sc again fails (1); amoadd.w returns old */
    PROG(e, LR_D(A1, A0), SC_D(A3, A0, A2), SC_D(T0, A0, A2), ADDI(T2, 0, 5),
         AMOADD_W(T1, A0, T2), WFI);
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(reg(e, A3), 0);
    assert_int_equal(reg(e, T0), 1);
    assert_int_equal(reg(e, T1), 77);
    uint64_t v;
    memcpy(&v, e->ram + 0x2000, 8);
    assert_int_equal(v, 82);
    env_free(e);
}

static void test_delegated_trap_to_s(void **state)
{
    (void)state;
    struct env *e = env_new(false);
    enter_s_mode(e, 0);
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_MEDELEG, 1 << 2);
    uint32_t wfi = WFI;
    memcpy(e->ram + 0x200000, &wfi, 4);
    vcpu_set_reg(e->v, VCPU_REG_CSR + CSR_STVEC, RAM_BASE + 0x200000);
    PROG(e, 0, WFI); /* 0x00000000 is illegal (c.unimp) */
    /* S-mode WFI at the handler: legal (TW = 0) */
    assert_int_equal(run(e), EXIT_WFI);
    assert_int_equal(csr(e, CSR_SCAUSE), 2);
    assert_int_equal(reg(e, VCPU_REG_PRIV), 1);
    assert_int_equal(reg(e, VCPU_REG_PC), RAM_BASE + 0x200004);
    env_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_written_by_dma),
        cmocka_unit_test(test_page_fault_mid_block),
        cmocka_unit_test(test_alu_and_x0),
        cmocka_unit_test(test_loads_stores),
        cmocka_unit_test(test_mmio_exit_and_completion),
        cmocka_unit_test(test_mmio_fault_is_access_fault),
        cmocka_unit_test(test_illegal_instruction),
        cmocka_unit_test(test_ecall_breakpoint),
        cmocka_unit_test(test_sbi_exit),
        cmocka_unit_test(test_self_modifying_code),
        cmocka_unit_test(test_sv39_translation_and_ad_bits),
        cmocka_unit_test(test_sv39_page_fault),
        cmocka_unit_test(test_mmio_through_page_table),
        cmocka_unit_test(test_pmp_denies_s_mode_without_entries),
        cmocka_unit_test(test_timer_interrupt),
        cmocka_unit_test(test_kick_exits),
        cmocka_unit_test(test_block_arena_grows_to_hot_code),
        cmocka_unit_test(test_block_arena_stays_small_for_code_run_once),
        cmocka_unit_test(test_block_arena_given_back_when_idle),
        cmocka_unit_test(test_wrapping_access_after_idle),
        cmocka_unit_test(test_same_base_accesses_across_pages),
        cmocka_unit_test(test_misaligned_accesses),
        cmocka_unit_test(test_region_loop_counts),
        cmocka_unit_test(test_region_loop_interrupt),
        cmocka_unit_test(test_fetch_fault_loop_is_preemptible),
        cmocka_unit_test(test_mip_rmw_does_not_latch_seip),
        cmocka_unit_test(test_time_slice_exits),
        cmocka_unit_test(test_fp_flags_and_conversions),
        cmocka_unit_test(test_lr_sc_amo),
        cmocka_unit_test(test_delegated_trap_to_s),
    };
    int failed = cmocka_run_group_tests_name("interpreter", tests, NULL, NULL);
    if (engine_has_jit()) {
        g_jit = true;
        failed += cmocka_run_group_tests_name("translator", tests, NULL, NULL);
    }
    return failed;
}
