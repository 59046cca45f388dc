/* The seam between the VMM and a vCPU engine (DESIGN.md §1).
 *
 * Like the KVM API (KVM_RUN + struct kvm_run), the VMM drives a vCPU with
 * vcpu_run() and reads why it stopped from v->exit.  The engine owns the
 * architectural state and the guest-visible trap model; it knows nothing of
 * devices.  Everything the VMM must do on the guest's behalf (an access to a
 * device, a hypercall, an idle hart) comes back as an exit.
 *
 * Shared state that other threads touch (interrupt lines, guest RAM) is the
 * only other channel, and it is explicit: struct vcpu_irq_lines and
 * struct engine_mem.
 */
#ifndef STRATO_ENGINE_H
#define STRATO_ENGINE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vcpu_exit_reason {
    EXIT_NONE = 0,
    EXIT_MMIO,      /* load/store outside RAM: the VMM's bus completes it */
    EXIT_SBI,       /* ecall from S-mode while the VMM is the SBI (hypercall) */
    EXIT_WFI,       /* the hart waits for an interrupt: the scheduler may sleep */
    EXIT_SHUTDOWN,  /* the hart cannot continue (reserved; the RISC-V engine never stops itself) */
    EXIT_INTERRUPT, /* the host asked the vCPU to stop (vcpu_irq_kick) */
    EXIT_ERROR,     /* engine failure (not a guest fault: those are guest traps) */
    EXIT_REASON_COUNT
};

struct vcpu_exit {
    enum vcpu_exit_reason reason;
    union {
        /* For a load, the VMM stores the value read in data (zero-extended);
         * the engine finishes the instruction on the next vcpu_run.  A VMM
         * that cannot complete the access sets `fault`: the guest then takes
         * an access-fault exception instead. */
        struct vcpu_mmio {
            uint64_t addr;
            uint64_t data;
            uint8_t size;
            bool is_write;
            bool fault;
        } mmio;
        /* a7 = ext, a6 = fid, a0..a5 = args; the VMM fills ret_error (a0)
         * and ret_value (a1) before resuming. */
        struct vcpu_sbi {
            uint64_t ext, fid, args[6];
            int64_t ret_error, ret_value;
        } sbi;
        /* Earliest time (timebase ticks) at which a timer the engine knows of
         * (the CLINT comparators in the irq lines, Sstc's stimecmp) makes an
         * interrupt pending that is enabled in mie; UINT64_MAX if none. */
        struct {
            uint64_t deadline;
        } wfi;
        struct {
            char msg[120];
        } error;
    };
};

/* Interrupt lines of one hart, shared memory between devices (any thread)
 * and the engine (polls them between blocks of guest instructions). */
struct vcpu_irq_lines {
    _Atomic uint64_t level;       /* level-triggered mip bits: MSIP, MEIP, SEIP */
    _Atomic uint64_t set;         /* one-shot requests: set these software mip bits (SSIP, STIP) ... */
    _Atomic uint64_t timecmp[2];  /* [0] CLINT mtimecmp -> MTIP, [1] SBI timer -> STIP */
    _Atomic uint64_t tlb_flushes; /* counts VCPU_REQ_TLB_FLUSH requests carried out */
    /* guest time at which vcpu_run returns EXIT_INTERRUPT (a scheduler's time
     * slice); UINT64_MAX = never.  Checked every few thousand instructions. */
    _Atomic uint64_t preempt_at;
};
#define VCPU_REQ_EXIT (1ULL << 63)    /* ... or, in `set`, ask the vCPU to exit (EXIT_INTERRUPT) */
#define VCPU_REQ_RECHECK (1ULL << 62) /* ... or to resample timecmp now (a comparator moved) */
#define VCPU_REQ_TLB_FLUSH (1ULL << 61) /* ... or to flush its TLB before its next instruction */
#define VCPU_REQ_MASK (VCPU_REQ_EXIT | VCPU_REQ_RECHECK | VCPU_REQ_TLB_FLUSH)

/* mip/mie bit numbers (privileged spec §3.1.9) */
enum {
    IRQ_S_SOFT = 1, IRQ_M_SOFT = 3, IRQ_S_TIMER = 5, IRQ_M_TIMER = 7,
    IRQ_S_EXT = 9, IRQ_M_EXT = 11,
};

/* Guest physical memory as the engine sees it: one RAM range backed by host
 * memory; every other address is MMIO (an exit).  Shared by all vCPUs of a VM. */
struct engine_mem;
struct engine_mem *engine_mem_create(uint64_t ram_base, uint64_t ram_size, uint8_t *host);
void engine_mem_destroy(struct engine_mem *m);
/* Make accesses to [gpa, gpa+len) inside RAM exit as MMIO (e.g. HTIF tohost). */
int engine_mem_trap_range(struct engine_mem *m, uint64_t gpa, uint64_t len);
/* The VMM (a device's DMA) wrote guest RAM: drop decoded code for it. */
void engine_mem_written(struct engine_mem *m, uint64_t gpa, uint64_t len);

/* Overhead counters, per vCPU, owned by the engine (the VMM counts exits). */
struct vcpu_stats {
    uint64_t instret;
    uint64_t exceptions[32];   /* guest traps taken, by exception cause */
    uint64_t interrupts[16];   /* guest interrupts taken, by cause */
    uint64_t tlb_misses;       /* software-TLB misses (page walks or fills) */
    uint64_t blocks_decoded;   /* decoded-block cache misses */
    uint64_t code_flushes;     /* decoded blocks dropped because their page was written */
    uint64_t arena_size;       /* decoded-block arena: its current size in bytes */
    uint64_t arena_flushes;    /* decoded-block arena full: resized and flushed */
    uint64_t arena_trims;      /* decoded-block arena handed back after an idle second */
    uint64_t jit_blocks;       /* blocks translated to host code */
    uint64_t jit_bytes;        /* host code they became */
    uint64_t jit_resumes;      /* translated runs that left to the interpreter mid-block */
    uint64_t jit_flushes;      /* translation cache full: everything dropped */
    uint64_t jit_links;        /* block exits patched to jump straight to their successor */
    uint64_t jit_region_blocks; /* blocks translated into another block's translation (its region) */
    uint64_t jit_slow_calls;   /* translated loads and stores that called the TLB-miss slow path */
};

struct vcpu_config {
    unsigned hartid;
    struct engine_mem *mem;
    struct vcpu_irq_lines *irq;
    /* ecall from S-mode exits (EXIT_SBI) instead of trapping to M-mode: the
     * VMM is the SBI implementation (direct kernel boot, as KVM does). */
    bool sbi_exits;
    /* instructions between checks of the clock and of preempt_at (0: 8192);
     * small values make runs short for tests and fuzzing */
    unsigned check_interval;
    /* largest paging mode satp accepts: 8 = Sv39, 9 = Sv48, 10 = Sv57 (0: Sv57) */
    unsigned max_satp_mode;
    /* translate hot code to host code (jit/); ignored where the host has no
     * translator (engine_has_jit()) */
    bool jit;
    /* runs of a block before it is translated (0: JIT_HOT); 1 translates
     * everything at once, for tests */
    unsigned jit_hot;
    /* guest time in timebase ticks (10 MHz), from the VMM's clock */
    uint64_t (*read_time)(void *opaque);
    void *time_opaque;
};

struct vcpu {
    struct vcpu_exit exit;  /* why the last vcpu_run returned */
    void *engine;           /* engine-private state */
};

struct vcpu *vcpu_create(const struct vcpu_config *cfg);
void vcpu_destroy(struct vcpu *v);
/* Runs until an exit; returns 0, or -errno on a host error. */
int vcpu_run(struct vcpu *v);

/* Register access for the VMM (loader, SBI HSM, debugging), cf. KVM_SET_ONE_REG.
 * The vCPU must not be running. */
enum {
    VCPU_REG_X0 = 0,        /* .. VCPU_REG_X0 + 31 */
    VCPU_REG_F0 = 32,       /* .. VCPU_REG_F0 + 31 */
    VCPU_REG_PC = 64,
    VCPU_REG_PRIV = 65,     /* 0 = U, 1 = S, 3 = M */
    VCPU_REG_CSR = 0x1000,  /* + CSR number */
};
int vcpu_get_reg(struct vcpu *v, unsigned id, uint64_t *val);
int vcpu_set_reg(struct vcpu *v, unsigned id, uint64_t val);
const struct vcpu_stats *vcpu_stats(struct vcpu *v);

/* The ISA as implemented, for the device tree (e.g. "rv64imafdc_zicsr_..."). */
const char *engine_isa_string(void);
/* whether this build can translate guest code to host code (vcpu_config.jit) */
bool engine_has_jit(void);
/* The same, as the list of extension names for riscv,isa-extensions. */
extern const char *const engine_isa_extensions[];

/* Ask a vCPU (running on any thread) to return EXIT_INTERRUPT soon. */
static inline void vcpu_irq_kick(struct vcpu_irq_lines *l)
{
    atomic_fetch_or_explicit(&l->set, VCPU_REQ_EXIT, memory_order_release);
}

/* Device side of the lines; the caller then wakes the hart if it sleeps. */
static inline void vcpu_irq_set_level(struct vcpu_irq_lines *l, unsigned irq, bool on)
{
    if (on)
        atomic_fetch_or_explicit(&l->level, 1ULL << irq, memory_order_release);
    else
        atomic_fetch_and_explicit(&l->level, ~(1ULL << irq), memory_order_release);
}

static inline void vcpu_irq_set_timecmp(struct vcpu_irq_lines *l, unsigned which, uint64_t value)
{
    atomic_store_explicit(&l->timecmp[which], value, memory_order_release);
    atomic_fetch_or_explicit(&l->set, VCPU_REQ_RECHECK, memory_order_release);
}

/* Ask the hart to flush its TLB (a remote SFENCE.VMA).  The request is
 * carried out before the hart executes another instruction; tlb_flushes
 * then moves past the value read before the request. */
static inline void vcpu_irq_request_tlb_flush(struct vcpu_irq_lines *l)
{
    atomic_fetch_or_explicit(&l->set, VCPU_REQ_TLB_FLUSH, memory_order_seq_cst);
}

/* Set a software-writable mip bit (SSIP for an IPI) on the hart. */
static inline void vcpu_irq_post(struct vcpu_irq_lines *l, unsigned irq)
{
    atomic_fetch_or_explicit(&l->set, 1ULL << irq, memory_order_release);
}

#endif
