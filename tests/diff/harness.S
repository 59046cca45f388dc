/* Differential test harness: state set-up and dump around each generated
 * sequence.  Linked into both test programs (crt_linux.S / crt_bare.S give the
 * start-up code and the output routine diff_write).
 *
 * A generated sequence (gen.c) looks like
 *      lla  tp, <data block>
 *      call diff_init  (link in gp)
 *      <body>
 *      call diff_dump  (link in gp)
 * and inside it sp points at the scratch buffer, gp and tp are reserved.
 *
 * Data block of a sequence (NDATA = 94 dwords, see gen.c):
 *      0    .. 255     initial scratch buffer
 *      256  .. 511     f0 .. f31 (raw 64-bit patterns)
 *      512             fcsr
 *      520  .. 743     x1, x5 .. x31
 *      744             sequence index
 *
 * Dumped state (diff_save, 744 bytes, hashed with FNV-1a 64 byte by byte):
 *      0    .. 223     x1, x5 .. x31
 *      224  .. 479     f0 .. f31
 *      480             fcsr (frm and fflags)
 *      488  .. 743     scratch buffer
 * Without -v each sequence prints "seq <index> <hash, 16 hex digits>"; with -v
 * (diff_verbose != 0) the whole state is printed first, one item per line.
 */
        .option norvc
        .option norelax

#define SCRATCH_SIZE 256
#define SAVE_SIZE    744

        .bss
        .balign 64
        .globl diff_scratch
diff_scratch:
        .space SCRATCH_SIZE
        .balign 64
diff_save:
        .space SAVE_SIZE
        .balign 8
        .globl diff_cur
diff_cur:                       /* data block of the running sequence, 0 before the first */
        .space 8
diff_line:
        .space 256

        .section .rodata
xregs:                          /* register numbers in dump order */
        .byte 1, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19
        .byte 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
s_seq:  .asciz "seq "
s_fcsr: .asciz "fcsr"
s_mem:  .asciz "mem+"
s_nl:   .asciz "\n"

        .text
        .balign 4

/* entered from the start-up code; never returns (the generated code ends with
 * a jump to diff_finish) */
        .globl diff_main
diff_main:
        lla t0, diff_cur
        sd zero, 0(t0)
        lla sp, diff_scratch
        j diff_sequences

/* tp = data block; returns through gp with the whole state loaded */
        .globl diff_init
diff_init:
        lla t0, diff_cur
        sd tp, 0(t0)
        li t0, 0
        li t3, SCRATCH_SIZE
1:      add t1, tp, t0
        ld t2, 0(t1)
        add t1, sp, t0
        sd t2, 0(t1)
        addi t0, t0, 8
        bltu t0, t3, 1b
        .set .Loff, 256
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        fld f\n, .Loff(tp)
        .set .Loff, .Loff + 8
        .endr
        ld t0, 512(tp)
        fscsr t0
        ld x1, 520(tp)
        .set .Loff, 528
        .irp n, 5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        ld x\n, .Loff(tp)
        .set .Loff, .Loff + 8
        .endr
        jr gp

/* saves, hashes and prints the state; returns through gp */
        .globl diff_dump
diff_dump:
        lla tp, diff_save
        sd x1, 0(tp)
        .set .Loff, 8
        .irp n, 5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        sd x\n, .Loff(tp)
        .set .Loff, .Loff + 8
        .endr
        .set .Loff, 224
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        fsd f\n, .Loff(tp)
        .set .Loff, .Loff + 8
        .endr
        frcsr t0
        sd t0, 480(tp)
        li t0, 0
        li t3, SCRATCH_SIZE
1:      add t1, sp, t0
        ld t2, 0(t1)
        add t1, tp, t0
        sd t2, 488(t1)
        addi t0, t0, 8
        bltu t0, t3, 1b

        /* FNV-1a, 64 bit, over the SAVE_SIZE bytes */
        li s0, 0xcbf29ce484222325
        li t3, 0x100000001b3
        mv t0, tp
        addi t1, tp, SAVE_SIZE
2:      lbu t2, 0(t0)
        xor s0, s0, t2
        mul s0, s0, t3
        addi t0, t0, 1
        bltu t0, t1, 2b

        mv s1, tp                       /* s1 = diff_save */
        lla t0, diff_cur
        ld t0, 0(t0)
        ld s2, 744(t0)                  /* s2 = sequence index */
        lla t0, diff_verbose
        ld t0, 0(t0)
        beqz t0, .Lhashline

        /* verbose: x registers */
        li s3, 0
.Lvx:   lla a1, diff_line
        li a0, 'x'
        sb a0, 0(a1)
        addi a1, a1, 1
        lla t0, xregs
        add t0, t0, s3
        lbu a0, 0(t0)
        call diff_put_dec
        slli t0, s3, 3
        add t0, s1, t0
        ld a0, 0(t0)
        call .Lvalue_line
        addi s3, s3, 1
        li t0, 28
        bltu s3, t0, .Lvx
        /* f registers */
        li s3, 0
.Lvf:   lla a1, diff_line
        li a0, 'f'
        sb a0, 0(a1)
        addi a1, a1, 1
        mv a0, s3
        call diff_put_dec
        slli t0, s3, 3
        add t0, s1, t0
        ld a0, 224(t0)
        call .Lvalue_line
        addi s3, s3, 1
        li t0, 32
        bltu s3, t0, .Lvf
        /* fcsr */
        lla a1, diff_line
        lla a0, s_fcsr
        call diff_put_str
        ld a0, 480(s1)
        call .Lvalue_line
        /* scratch buffer, one dword a line */
        li s3, 0
.Lvm:   lla a1, diff_line
        lla a0, s_mem
        call diff_put_str
        mv a0, s3
        call diff_put_dec
        add t0, s1, s3
        ld a0, 488(t0)
        call .Lvalue_line
        addi s3, s3, 8
        li t0, SCRATCH_SIZE
        bltu s3, t0, .Lvm

.Lhashline:
        lla a1, diff_line
        lla a0, s_seq
        call diff_put_str
        mv a0, s2
        call diff_put_dec
        li a0, ' '
        sb a0, 0(a1)
        addi a1, a1, 1
        mv a0, s0
        call diff_put_hex
        call .Lend_line
        jr gp

/* a1 = end of a name in diff_line, a0 = value: pad the name to 8 columns,
 * append the value in hex and print the line */
.Lvalue_line:
        mv s4, ra
        mv t1, a0
        lla t0, diff_line
        addi t0, t0, 8
        li t2, ' '
1:      sb t2, 0(a1)
        addi a1, a1, 1
        bltu a1, t0, 1b
        mv a0, t1
        call diff_put_hex
        mv ra, s4
        /* fall through */
/* a1 = end of the text in diff_line: append a newline and print the line */
.Lend_line:
        li t0, '\n'
        sb t0, 0(a1)
        addi a1, a1, 1
        lla a0, diff_line
        sub a1, a1, a0
        tail diff_write

/* a0 = NUL-terminated string, a1 = destination: copies, a1 = end */
        .globl diff_put_str
diff_put_str:
1:      lbu t0, 0(a0)
        beqz t0, 2f
        sb t0, 0(a1)
        addi a0, a0, 1
        addi a1, a1, 1
        j 1b
2:      ret

/* a0 = value, a1 = destination: 16 hex digits, a1 = end */
        .globl diff_put_hex
diff_put_hex:
        li t1, 60
1:      srl t0, a0, t1
        andi t0, t0, 15
        addi t0, t0, '0'
        li t2, '9'
        bleu t0, t2, 2f
        addi t0, t0, 'a' - '0' - 10
2:      sb t0, 0(a1)
        addi a1, a1, 1
        addi t1, t1, -4
        bgez t1, 1b
        ret

/* a0 = unsigned value, a1 = destination: decimal, a1 = end */
        .globl diff_put_dec
diff_put_dec:
        /* count the digits */
        mv t0, a0
        li t1, 10
        mv t2, a1
1:      divu t0, t0, t1
        addi t2, t2, 1
        bnez t0, 1b
        mv t0, t2                       /* end */
2:      remu t3, a0, t1
        divu a0, a0, t1
        addi t3, t3, '0'
        addi t2, t2, -1
        sb t3, 0(t2)
        bnez a0, 2b
        mv a1, t0
        ret

/* a1 = end of the text in diff_line: print it (no newline added) */
        .globl diff_flush_line
diff_flush_line:
        lla a0, diff_line
        sub a1, a1, a0
        tail diff_write

/* a1 = start of the line buffer, for start-up code that prints its own lines */
        .globl diff_line_start
diff_line_start:
        lla a1, diff_line
        ret
