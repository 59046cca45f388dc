/* Start-up code of the CPU benchmark program (bare metal, M-mode, hart 0).
 *
 * Link this object FIRST: its .bss holds __bss_start, so that it opens the
 * output .bss section of tests/bare/link.ld (which defines no bss symbols of
 * its own; it only gives _end, page aligned, after .bss).
 *
 * Exit codes (HTIF tohost = (code << 1) | 1):
 *   0              all checksums correct
 *   1..63          bench_main() result (see main.c)
 *   128 + mcause   unexpected exception
 *   192 + cause    unexpected interrupt
 */

        .section .text.init, "ax", @progbits
        .align  6
        .globl  _start
_start:
        csrr    s1, minstret            /* first thing: instructions so far */
        la      t0, trap_entry
        csrw    mtvec, t0
        csrw    mie, zero               /* no interrupts wanted */

        /* floating point unit on: mstatus.FS = Initial, fcsr cleared */
        li      t0, (1 << 13)
        csrs    mstatus, t0
        csrwi   fcsr, 0

        la      sp, __stack_top
        mv      s0, zero

        /* zero .bss (from our marker to _end; both 8-byte aligned).  The ELF
         * loader normally does this already; do not rely on it. */
        la      t0, __bss_start
        la      t1, _end
1:      bgeu    t0, t1, 2f
        sd      zero, 0(t0)
        addi    t0, t0, 8
        j       1b
2:
        mv      a0, s1
        call    bench_main              /* bench_main(minstret at _start) */
        j       bench_exit              /* a0 = exit code */

        .align  2
trap_entry:
        csrr    t0, mcause
        bltz    t0, 1f
        addi    a0, t0, 128
        j       bench_exit
1:      slli    t0, t0, 1
        srli    t0, t0, 1
        addi    a0, t0, 192
        j       bench_exit

/* void bench_exit(unsigned code) __attribute__((noreturn)); */
        .text
        .align  2
        .globl  bench_exit
bench_exit:
        fence
        slli    a0, a0, 1
        ori     a0, a0, 1
        la      t0, tohost
1:      sd      a0, 0(t0)
        j       1b

/* HTIF mailbox: found by name (QEMU reads the ELF symbols). */
        .section .tohost, "aw", @progbits
        .align  6
        .globl  tohost
tohost: .dword  0
        .size   tohost, 8
        .align  6
        .globl  fromhost
fromhost:
        .dword  0
        .size   fromhost, 8

        .bss
        .align  6
        .globl  __bss_start
__bss_start:
        .align  4
        .space  65536
        .globl  __stack_top
__stack_top:
