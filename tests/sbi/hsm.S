# SBI HSM address checks, run as the S-mode "kernel" of a direct boot (strato
# is the SBI): hart_start and a non-retentive hart_suspend refuse a start
# address that is misaligned or not RAM with SBI_ERR_INVALID_ADDRESS (SBI
# v2.0 §9.1, §9.4); an unknown hart is SBI_ERR_INVALID_PARAM.  Ends with SBI
# system reset: shutdown (status 0) when every check passed, or a system
# failure (status 3) after printing "F<n>" for the failing check n.
        .option norvc
        .section .text
        .globl _start
_start:
        j start                 /* code0 */
        .word 0                 /* code1 */
        .dword 0                /* text_offset */
        .dword 0x10000          /* image_size */
        .dword 0                /* flags */
        .word 2                 /* version */
        .word 0
        .dword 0
        .ascii "RISCV\0\0\0"    /* magic (deprecated) */
        .ascii "RSC\x05"        /* magic2 */
        .word 0

#define EXT_HSM 0x48534d
#define EXT_SRST 0x53525354
#define EXT_DBCN 0x4442434e
#define ERR_INVALID_PARAM -3
#define ERR_INVALID_ADDRESS -5

/* CALL(n, ext, fid, a0, a1, a2, want): the SBI error in a0 must be want */
#define CALL(n, ext, fid, x0, x1, x2, want)                     \
        li s1, n; li a7, ext; li a6, fid;                       \
        li a0, x0; li a1, x1; li a2, x2; ecall;                 \
        li t0, want; bne a0, t0, fail

start:
        la s0, start
        CALL(1, EXT_HSM, 0, 1, 0x80200001, 0, ERR_INVALID_ADDRESS)   /* misaligned */
        CALL(2, EXT_HSM, 0, 1, 0x80200003, 0, ERR_INVALID_ADDRESS)
        CALL(3, EXT_HSM, 0, 1, 0x10, 0, ERR_INVALID_ADDRESS)         /* not RAM */
        CALL(4, EXT_HSM, 0, 7, 0x80200000, 0, ERR_INVALID_PARAM)     /* no hart 7 */
        CALL(5, EXT_HSM, 3, 0x80000000, 0x80200001, 0, ERR_INVALID_ADDRESS)
        CALL(6, EXT_HSM, 3, 0x80000000, 0x10, 0, ERR_INVALID_ADDRESS)
        /* hart 1 is still stopped */
        li s1, 7; li a7, EXT_HSM; li a6, 2; li a0, 1; ecall
        bnez a0, fail
        li t0, 1                                                     /* SBI_HSM_STATE_STOPPED */
        bne a1, t0, fail
        /* all passed: shutdown */
        li a7, EXT_SRST; li a6, 0; li a0, 0; li a1, 0; ecall
1:      j 1b
fail:   /* "FAIL <n>" on the console (DBCN write_byte), then a system failure */
        li a7, EXT_DBCN; li a6, 2; li a0, 'F'; ecall
        li a7, EXT_DBCN; li a6, 2; addi a0, s1, '0'; ecall
        li a7, EXT_DBCN; li a6, 2; li a0, '\n'; ecall
        li a7, EXT_SRST; li a6, 0; li a0, 0; li a1, 1; ecall
2:      j 2b
