/* The device tree, generated with libfdt from what the VM really has
 * (Devicetree Specification v0.4; RISC-V bindings of Linux's
 * Documentation/devicetree/bindings/riscv/cpus.yaml). */
#include "vmm/fdt.h"

#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "devices/plic.h"
#include "engine/engine.h"
#include "vmm/vm.h"

#define TRY(x)                  \
    do {                        \
        int r_ = (x);           \
        if (r_ < 0)             \
            return r_;          \
    } while (0)

static int prop_reg(void *fdt, uint64_t base, uint64_t size)
{
    fdt64_t cells[2] = {cpu_to_fdt64(base), cpu_to_fdt64(size)};
    return fdt_property(fdt, "reg", cells, sizeof(cells));
}

static int prop_strings(void *fdt, const char *name, const char *const *list)
{
    char buf[512];
    size_t len = 0;
    for (unsigned i = 0; list[i]; i++) {
        size_t n = strlen(list[i]) + 1;
        if (len + n > sizeof(buf))
            return -FDT_ERR_NOSPACE;
        memcpy(buf + len, list[i], n);
        len += n;
    }
    return fdt_property(fdt, name, buf, (int)len);
}

/* phandles: cpu N's interrupt controller is N+1, then the PLIC and the test device */
static uint32_t ph_intc(unsigned hart) { return hart + 1; }

/* interrupts-extended: two local interrupts (a, b) of every hart's controller */
static int prop_hart_irqs(void *fdt, unsigned nharts, uint32_t a, uint32_t b)
{
    fdt32_t ie[4 * 64];
    for (unsigned i = 0; i < nharts; i++) {
        ie[4 * i + 0] = cpu_to_fdt32(ph_intc(i));
        ie[4 * i + 1] = cpu_to_fdt32(a);
        ie[4 * i + 2] = cpu_to_fdt32(ph_intc(i));
        ie[4 * i + 3] = cpu_to_fdt32(b);
    }
    return fdt_property(fdt, "interrupts-extended", ie, (int)(4 * nharts * sizeof(fdt32_t)));
}

int fdt_build(const struct vm *vm, void *fdt, size_t size)
{
    const unsigned n = vm->ncpus;
    const uint32_t ph_plic = n + 1, ph_test = n + 2;
    char name[64];

    TRY(fdt_create(fdt, (int)size));
    TRY(fdt_finish_reservemap(fdt));
    TRY(fdt_begin_node(fdt, ""));
    TRY(fdt_property_cell(fdt, "#address-cells", 2));
    TRY(fdt_property_cell(fdt, "#size-cells", 2));
    TRY(fdt_property_string(fdt, "compatible", "strato,virt"));
    TRY(fdt_property_string(fdt, "model", "strato-virt"));

    /* /chosen */
    TRY(fdt_begin_node(fdt, "chosen"));
    snprintf(name, sizeof(name), "/soc/serial@%llx", (unsigned long long)VIRT_UART0_BASE);
    TRY(fdt_property_string(fdt, "stdout-path", name));
    if (vm->opt.append)
        TRY(fdt_property_string(fdt, "bootargs", vm->opt.append));
    if (vm->initrd_size) {
        TRY(fdt_property_u64(fdt, "linux,initrd-start", vm->initrd_start));
        TRY(fdt_property_u64(fdt, "linux,initrd-end", vm->initrd_start + vm->initrd_size));
    }
    TRY(fdt_end_node(fdt));

    TRY(fdt_begin_node(fdt, "aliases"));
    TRY(fdt_property_string(fdt, "serial0", name));
    TRY(fdt_end_node(fdt));

    /* /cpus */
    TRY(fdt_begin_node(fdt, "cpus"));
    TRY(fdt_property_cell(fdt, "#address-cells", 1));
    TRY(fdt_property_cell(fdt, "#size-cells", 0));
    TRY(fdt_property_cell(fdt, "timebase-frequency", 10000000));
    for (unsigned i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "cpu@%u", i);
        TRY(fdt_begin_node(fdt, name));
        TRY(fdt_property_string(fdt, "device_type", "cpu"));
        TRY(fdt_property_cell(fdt, "reg", i));
        TRY(fdt_property_string(fdt, "status", "okay"));
        TRY(fdt_property_string(fdt, "compatible", "riscv"));
        TRY(fdt_property_string(fdt, "riscv,isa", engine_isa_string()));
        TRY(fdt_property_string(fdt, "riscv,isa-base", "rv64i"));
        TRY(prop_strings(fdt, "riscv,isa-extensions", engine_isa_extensions));
        TRY(fdt_property_string(fdt, "mmu-type",
                                vm->opt.mmu == 39 ? "riscv,sv39" : vm->opt.mmu == 48 ? "riscv,sv48" : "riscv,sv57"));
        TRY(fdt_property_cell(fdt, "riscv,cbom-block-size", 64));
        TRY(fdt_property_cell(fdt, "riscv,cboz-block-size", 64));
        TRY(fdt_begin_node(fdt, "interrupt-controller"));
        TRY(fdt_property_cell(fdt, "#interrupt-cells", 1));
        TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
        TRY(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
        TRY(fdt_property_cell(fdt, "phandle", ph_intc(i)));
        TRY(fdt_end_node(fdt));
        TRY(fdt_end_node(fdt));
    }
    TRY(fdt_end_node(fdt));

    /* /memory */
    snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)vm->ram_base);
    TRY(fdt_begin_node(fdt, name));
    TRY(fdt_property_string(fdt, "device_type", "memory"));
    TRY(prop_reg(fdt, vm->ram_base, vm->ram_size));
    TRY(fdt_end_node(fdt));

    /* /soc */
    TRY(fdt_begin_node(fdt, "soc"));
    TRY(fdt_property_cell(fdt, "#address-cells", 2));
    TRY(fdt_property_cell(fdt, "#size-cells", 2));
    TRY(fdt_property_string(fdt, "compatible", "simple-bus"));
    TRY(fdt_property(fdt, "ranges", NULL, 0));

    /* CLINT: MSIP (3) and MTIP (7) of every hart */
    snprintf(name, sizeof(name), "clint@%llx", (unsigned long long)VIRT_CLINT_BASE);
    TRY(fdt_begin_node(fdt, name));
    {
        const char *const compat[] = {"sifive,clint0", "riscv,clint0", NULL};
        TRY(prop_strings(fdt, "compatible", compat));
    }
    TRY(prop_reg(fdt, VIRT_CLINT_BASE, 0x10000));
    TRY(prop_hart_irqs(fdt, n, IRQ_M_SOFT, IRQ_M_TIMER));
    TRY(fdt_end_node(fdt));

    /* PLIC: contexts 2h (MEI) and 2h+1 (SEI) */
    snprintf(name, sizeof(name), "plic@%llx", (unsigned long long)VIRT_PLIC_BASE);
    TRY(fdt_begin_node(fdt, name));
    {
        const char *const compat[] = {"sifive,plic-1.0.0", "riscv,plic0", NULL};
        TRY(prop_strings(fdt, "compatible", compat));
    }
    TRY(prop_reg(fdt, VIRT_PLIC_BASE, PLIC_SIZE));
    TRY(fdt_property_cell(fdt, "#address-cells", 0));
    TRY(fdt_property_cell(fdt, "#interrupt-cells", 1));
    TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
    TRY(fdt_property_cell(fdt, "riscv,ndev", PLIC_NUM_SOURCES - 1));
    TRY(fdt_property_cell(fdt, "phandle", ph_plic));
    TRY(prop_hart_irqs(fdt, n, IRQ_M_EXT, IRQ_S_EXT));
    TRY(fdt_end_node(fdt));

    /* UART */
    snprintf(name, sizeof(name), "serial@%llx", (unsigned long long)VIRT_UART0_BASE);
    TRY(fdt_begin_node(fdt, name));
    TRY(fdt_property_string(fdt, "compatible", "ns16550a"));
    TRY(prop_reg(fdt, VIRT_UART0_BASE, 0x100));
    TRY(fdt_property_cell(fdt, "clock-frequency", 3686400));
    TRY(fdt_property_cell(fdt, "interrupt-parent", ph_plic));
    TRY(fdt_property_cell(fdt, "interrupts", VIRT_UART0_IRQ));
    TRY(fdt_end_node(fdt));

    /* RTC */
    snprintf(name, sizeof(name), "rtc@%llx", (unsigned long long)VIRT_RTC_BASE);
    TRY(fdt_begin_node(fdt, name));
    TRY(fdt_property_string(fdt, "compatible", "google,goldfish-rtc"));
    TRY(prop_reg(fdt, VIRT_RTC_BASE, 0x1000));
    TRY(fdt_property_cell(fdt, "interrupt-parent", ph_plic));
    TRY(fdt_property_cell(fdt, "interrupts", VIRT_RTC_IRQ));
    TRY(fdt_end_node(fdt));

    /* test device, with the syscon poweroff/reboot nodes Linux drives it through */
    snprintf(name, sizeof(name), "test@%llx", (unsigned long long)VIRT_TEST_BASE);
    TRY(fdt_begin_node(fdt, name));
    {
        const char *const compat[] = {"sifive,test1", "sifive,test0", "syscon", NULL};
        TRY(prop_strings(fdt, "compatible", compat));
    }
    TRY(prop_reg(fdt, VIRT_TEST_BASE, 0x1000));
    TRY(fdt_property_cell(fdt, "phandle", ph_test));
    TRY(fdt_end_node(fdt));

    /* virtio-mmio slots that hold a device */
    for (unsigned i = 0; i < vm->nvirtio; i++) {
        uint64_t base = VIRT_VIRTIO_BASE + 0x1000ULL * i;
        snprintf(name, sizeof(name), "virtio_mmio@%llx", (unsigned long long)base);
        TRY(fdt_begin_node(fdt, name));
        TRY(fdt_property_string(fdt, "compatible", "virtio,mmio"));
        TRY(prop_reg(fdt, base, 0x1000));
        TRY(fdt_property_cell(fdt, "interrupt-parent", ph_plic));
        TRY(fdt_property_cell(fdt, "interrupts", VIRT_VIRTIO_IRQ + i));
        TRY(fdt_property(fdt, "dma-coherent", NULL, 0));
        TRY(fdt_end_node(fdt));
    }

    TRY(fdt_begin_node(fdt, "poweroff"));
    TRY(fdt_property_string(fdt, "compatible", "syscon-poweroff"));
    TRY(fdt_property_cell(fdt, "regmap", ph_test));
    TRY(fdt_property_cell(fdt, "offset", 0));
    TRY(fdt_property_cell(fdt, "value", 0x5555));
    TRY(fdt_end_node(fdt));

    TRY(fdt_begin_node(fdt, "reboot"));
    TRY(fdt_property_string(fdt, "compatible", "syscon-reboot"));
    TRY(fdt_property_cell(fdt, "regmap", ph_test));
    TRY(fdt_property_cell(fdt, "offset", 0));
    TRY(fdt_property_cell(fdt, "value", 0x7777));
    TRY(fdt_end_node(fdt));

    TRY(fdt_end_node(fdt)); /* soc */
    TRY(fdt_end_node(fdt)); /* root */
    TRY(fdt_finish(fdt));
    return 0;
}
