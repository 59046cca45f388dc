/* Start-up code of the Linux user-mode variant of the differential test,
 * run as `qemu-riscv64 prog`: output through write(1, ...), exit through
 * exit(0).  The state set-up, sequences and dump live in harness.S and in the
 * generated file; see harness.S for the register conventions. */
        .option norvc
        .option norelax

        .section .rodata
        .balign 8
        .globl diff_env
diff_env:                       /* 0 here, 1 in the bare-metal variant (gen -i) */
        .dword 0

        .text
        .balign 4
        .globl _start
_start:
        fscsr x0
        j diff_main

/* a0 = buffer, a1 = length.  Clobbers a0-a2, a7, t0, t1 only. */
        .globl diff_write
diff_write:
        mv t0, a0
        mv t1, a1
1:      beqz t1, 2f
        li a0, 1                        /* stdout */
        mv a1, t0
        mv a2, t1
        li a7, 64                       /* write */
        ecall
        blez a0, 3f
        add t0, t0, a0
        sub t1, t1, a0
        j 1b
2:      ret
3:      li a0, 2
        li a7, 93                       /* exit */
        ecall

        .globl diff_finish
diff_finish:
        li a0, 0
        li a7, 93                       /* exit */
        ecall
1:      j 1b
