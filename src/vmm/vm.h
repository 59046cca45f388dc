/* One virtual machine: its memory map, devices, vCPUs and lifecycle. */
#ifndef STRATO_VMM_VM_H
#define STRATO_VMM_VM_H

#include <signal.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "devices/htif.h"
#include "devices/syscon.h"
#include "devices/virtio/net.h"
#include "vmm/sched.h"
#include "engine/engine.h"

/* strato's exit status (documented in --help and README) */
enum vm_exit_status {
    VM_EXIT_POWEROFF = 0,   /* the guest powered off */
    VM_EXIT_HOST_ERROR = 1, /* bad command line, unreadable image, host failure */
    VM_EXIT_REBOOT = 2,     /* the guest asked for a reboot */
    VM_EXIT_PANIC = 3,      /* the guest crashed (SBI reset for a system failure) */
    VM_EXIT_STOPPED = 4,    /* stopped from the host: Ctrl-A x, SIGINT, SIGTERM, SIGHUP */
};

/* The platform memory map (DESIGN.md §3, QEMU virt's addresses) */
#define VIRT_TEST_BASE   0x00100000ULL
#define VIRT_RTC_BASE    0x00101000ULL
#define VIRT_CLINT_BASE  0x02000000ULL
#define VIRT_PLIC_BASE   0x0c000000ULL
#define VIRT_UART0_BASE  0x10000000ULL
#define VIRT_VIRTIO_BASE 0x10001000ULL
#define VIRT_RAM_BASE    0x80000000ULL
/* PLIC sources */
#define VIRT_VIRTIO_IRQ  1   /* 1..8: virtio-mmio slots */
#define VIRT_UART0_IRQ   10
#define VIRT_RTC_IRQ     11

#define VM_MAX_DISKS 8
#define VM_MAX_VIRTIO 8   /* virtio-mmio slots: 0x10001000 + n * 0x1000, PLIC source 1 + n */

struct disk_options {
    const char *path;
    const char *serial;   /* virtio-blk get-id; default "strato-vdX" */
    bool readonly;
};

struct vm_options {
    uint64_t mem_size;
    unsigned ncpus;
    const char *bios;     /* bare-metal ELF or flat binary, M-mode, no device tree needed */
    const char *kernel;   /* Linux Image */
    const char *initrd;
    const char *append;
    const char *firmware; /* M-mode firmware (OpenSBI fw_jump/fw_dynamic) */
    const char *dtb;      /* use this device tree instead of the generated one */
    const char *dump_dtb; /* write the device tree here and exit */
    unsigned mmu;         /* largest paging mode: 39, 48 or 57 */
    bool interp;          /* --engine interp: no binary translation */
    unsigned jit_hot;     /* --jit-hot: runs of a block before translation (0: default) */
    unsigned vcpu_threads; /* host threads for the vCPUs; 0 = one per vCPU */
    struct disk_options disks[VM_MAX_DISKS];
    unsigned ndisks;
    bool virtio_console;  /* the console is hvc0 (virtio-console), not the UART */
    struct net_options net;
    bool stats;
};

struct vm;
struct virtio_ops;
struct virtio_dev;
struct virtio_net;

enum hsm_state { HSM_STARTED = 0, HSM_STOPPED = 1, HSM_START_PENDING = 2, HSM_STOP_PENDING = 3 };

/* SBI extensions counted by --stats */
enum { SBI_STAT_LEGACY, SBI_STAT_BASE, SBI_STAT_TIME, SBI_STAT_IPI, SBI_STAT_RFENCE,
       SBI_STAT_HSM, SBI_STAT_SRST, SBI_STAT_DBCN, SBI_STAT_OTHER, SBI_STAT_N };

struct vcpu_ctx {
    struct vm *vm;
    unsigned id;
    struct vcpu *vcpu;
    struct vcpu_irq_lines lines;
    pthread_t thread;
    /* scheduler (sched.c): 1:1, a sleeping vCPU waits on cond; M:N, sstate
     * and deadline under the scheduler's lock */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool wake;
    int sstate;
    uint64_t deadline;
    _Atomic bool in_guest;       /* inside vcpu_run (remote fences wait for it) */
    _Atomic int hsm;             /* enum hsm_state */
    uint64_t exits[EXIT_REASON_COUNT];
    uint64_t sbi_calls[SBI_STAT_N];
};

struct vm {
    struct vm_options opt;
    uint64_t ram_base, ram_size;
    uint8_t *ram;
    struct engine_mem *emem;
    struct bus *bus;
    unsigned ncpus;
    struct vcpu_ctx *cpus;
    struct sched sched;
    uint64_t clock_start_ns;
    uint64_t initrd_start, initrd_size;

    _Atomic bool stopping;
    int exit_status;
    pthread_mutex_t stop_lock;

    struct evloop *loop;
    struct console *console;
    struct uart16550 *uart;
    struct aclint *clint;
    struct plic *plic;
    struct rtc_goldfish *rtc;
    struct syscon syscon;
    struct htif htif;
    int signal_fd;

    /* paravirtual devices, one per virtio-mmio slot */
    struct virtio_dev *virtio[VM_MAX_VIRTIO];
    unsigned nvirtio;
    struct virtio_blk *blk[VM_MAX_DISKS];
    struct virtio_rng *rng;
    struct virtio_console *vcon;
    struct virtio_dev *vcon_dev;
    struct virtio_net *net; /* the network device and its backend */
};

/* The signals that stop a VM (its event loop takes them through a signalfd,
 * so every thread must have them blocked). */
void vm_termination_signals(sigset_t *set);
/* Creates the VM; NULL after printing one error line. */
struct vm *vm_create(const struct vm_options *opt);
void vm_destroy(struct vm *vm);
/* Runs the VM until it stops; returns the exit status. */
int vm_run(struct vm *vm);
/* Ask every vCPU to stop; the first status reported wins. */
void vm_stop(struct vm *vm, int status);
uint64_t vm_time(struct vm *vm);
void vm_print_stats(struct vm *vm);
/* Put a virtio device in the next virtio-mmio slot; NULL with a message in err. */
struct virtio_dev *vm_add_virtio(struct vm *vm, const struct virtio_ops *ops, void *priv,
                                 uint64_t extra_features, char *err, unsigned errlen);
/* Guest-physical RAM as host memory, or NULL if [gpa, gpa+len) is not all RAM. */
uint8_t *vm_ram_ptr(struct vm *vm, uint64_t gpa, uint64_t len);

#endif
