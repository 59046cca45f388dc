/* Start-up code of the bare-metal variant of the differential test: M-mode at
 * 0x80000000 (tests/bare/link.ld), output through the HTIF console, exit
 * through HTIF.  Runs as `strato run --bios prog.elf` or
 * `qemu-system-riscv64 -M spike -bios none -kernel prog.elf -nographic`.
 *
 * HTIF: a store of (device << 56) | (command << 48) | payload to tohost is a
 * request; the host clears tohost once it has taken it (and may post a reply
 * in fromhost, which we discard).  Device 1 command 1 prints the character in
 * the payload; device 0 with payload (code << 1) | 1 ends the run with exit
 * status `code`.  QEMU finds tohost/fromhost by their ELF symbols and wants
 * both 8 bytes in size. */
        .option norvc
        .option norelax

        .section .rodata
        .balign 8
        .globl diff_env
diff_env:                       /* 1 here, 0 in the Linux variant (gen -i) */
        .dword 1
s_trap: .asciz "TRAP mcause="
s_mepc: .asciz " mepc="
s_mtval: .asciz " mtval="
s_seq:  .asciz " in seq "

        .section .text.init, "ax", @progbits
        .globl _start
_start:
        lla t0, trap
        csrw mtvec, t0
        csrwi mie, 0
        li t0, 1 << 13                  /* mstatus.FS = Initial */
        csrs mstatus, t0
        fscsr x0
        j diff_main

        .text
        .balign 4
/* any trap is a failure: report it and exit with status 3 */
trap:
        lla t0, double_trap             /* a trap while reporting: just exit */
        csrw mtvec, t0
        call diff_line_start
        lla a0, s_trap
        call diff_put_str
        csrr a0, mcause
        call diff_put_hex
        lla a0, s_mepc
        call diff_put_str
        csrr a0, mepc
        call diff_put_hex
        lla a0, s_mtval
        call diff_put_str
        csrr a0, mtval
        call diff_put_hex
        lla s1, diff_cur
        ld s1, 0(s1)
        beqz s1, 1f
        lla a0, s_seq
        call diff_put_str
        ld a0, 744(s1)                  /* sequence index, see harness.S */
        call diff_put_dec
1:      li t0, '\n'
        sb t0, 0(a1)
        addi a1, a1, 1
        call diff_flush_line
        li a0, 3
        j exit

        .balign 4
double_trap:
        li a0, 4
        j exit

/* a0 = character.  Clobbers t0, t1. */
putc:
        li t0, 0x0101000000000000       /* device 1 (console), command 1 (putc) */
        or t0, t0, a0
        lla t1, tohost
        sd t0, 0(t1)
1:      ld t0, 0(t1)
        bnez t0, 1b
        lla t1, fromhost
        sd zero, 0(t1)
        ret

/* a0 = buffer, a1 = length.  Clobbers a0-a3, t0, t1 only. */
        .globl diff_write
diff_write:
        mv a3, ra
        mv a2, a0
        add a1, a0, a1
1:      bgeu a2, a1, 2f
        lbu a0, 0(a2)
        call putc
        addi a2, a2, 1
        j 1b
2:      mv ra, a3
        ret

        .globl diff_finish
diff_finish:
        li a0, 0
/* a0 = exit status */
exit:
        slli a0, a0, 1
        ori a0, a0, 1
        fence
        lla t0, tohost
        sd a0, 0(t0)
1:      j 1b

        .section .tohost, "aw", @progbits
        .balign 64
        .globl tohost
tohost: .dword 0
        .size tohost, 8
        .balign 64
        .globl fromhost
fromhost:
        .dword 0
        .size fromhost, 8
