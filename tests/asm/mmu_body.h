/* Shared body of mmu_sv39.S, mmu_sv48.S and mmu_sv57.S.
 *
 * The including file defines LEVELS (3, 4 or 5) and SATP_MODE (8, 9, 10).
 * Page tables are built at run time by M-mode.  Every test level below the
 * top maps the same things, through table[0] of each extra top level:
 *
 *   l2[0] -> l1                 VA 0 .. 1 GiB, split further:
 *     l1[0] -> l0               4 KiB pages at VA 0x1000 .. 0x11000 (below)
 *     l1[2]  2 MiB page         VA 0x400000 -> PA 0x80400000, RW
 *     l1[3]  2 MiB page         VA 0x600000 -> PA 0x80401000 (misaligned)
 *   l2[1]  1 GiB page           VA 0x40000000 -> PA 0x80000000, RWX
 *   l2[2]  1 GiB page           VA 0x80000000 -> PA 0x80000000, RWX (identity:
 *                               S-mode code and data run here)
 *   l2[3]  1 GiB page, U        VA 0xc0000000 -> PA 0x80000000, RWX (U-mode
 *                               code runs here, at PA + 0x40000000)
 *   l2[4]  1 GiB page           VA 0x100000000 -> PA 0x80200000 (misaligned)
 * With LEVELS >= 4, l3[1] is a 512 GiB page at VA 2^39 -> PA 0, and with
 * LEVELS = 5, l4[1] is a 256 TiB page at VA 2^48 -> PA 0.
 *
 * All traps go to M (medeleg = 0), where the capture handler records them.
 */

#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_G 0x20
#define PTE_A 0x40
#define PTE_D 0x80
#define RWXAD (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define RWAD  (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)

#define SSTATUS_SUM (1 << 18)
#define SSTATUS_MXR (1 << 19)
#define MSTATUS_MPRV (1 << 17)

#define VA_RW       0x1000      /* pageA, RW */
#define VA_RO       0x2000      /* pageA, R */
#define VA_XO       0x3000      /* page_x, X only */
#define VA_NX       0x4000      /* pageA, RW, no X */
#define VA_U        0x5000      /* pageA, U RW */
#define VA_UX       0x6000      /* page_x, U RX */
#define VA_INV      0x7000      /* V = 0 */
#define VA_WO       0x8000      /* W without R: reserved */
#define VA_RSV63    0x9000      /* bit 63 (N, no Svnapot) */
#define VA_RSV61    0xa000      /* bit 61 (PBMT, with menvcfg.PBMTE = 0) */
#define VA_RSV54    0xb000      /* bit 54 */
#define VA_AD_LD    0xc000      /* pageA, RW, A = D = 0 */
#define VA_AD_ST    0xd000      /* pageA, RW, A = D = 0 */
#define VA_AD_X     0xe000      /* page_x, RX, A = 0 */
#define VA_SWAP     0xf000      /* pageA, later pageB */
#define VA_PTR0     0x10000     /* a pointer PTE at level 0 */
#define VA_RSV60    0x11000     /* bit 60 */
#define VA_D_ST     0x12000     /* pageA, RW, A = 1, D = 0 */
#define VA_CODE     0x13000     /* pageA, RWX, later pageB: code at +0x400 */
#define VA_MEGA     0x400000
#define VA_MEGA_MIS 0x600000
#define VA_GIGA     0x40000000
#define VA_GIGA_MIS 0x100000000
#define UALIAS      0x40000000  /* U code VA = PA + UALIAS */
#define MEGA_PA     0x80400000

/* PTE(table, index, pa_reg, flags): table[index] = leaf/pointer for pa_reg */
#define PTE(table, idx, pareg, flags)                           \
        srli t1, pareg, 12; slli t1, t1, 10;                    \
        li t2, flags; or t1, t1, t2;                            \
        la t3, table; li t4, (idx) * 8; add t3, t3, t4;         \
        sd t1, 0(t3)
/* address of the PTE for index idx of table, into rd */
#define PTE_ADDR(rd, table, idx)                                \
        la rd, table; li t4, (idx) * 8; add rd, rd, t4

/* S_OK(n, insns): run insns in S-mode; they must come back with the ecall
 * at their end.  S_FAULT(n, cause, va, insns): insns must trap to M with
 * that cause and mtval = va.  U_OK / U_FAULT: same in U-mode, code running
 * at its alias PA + UALIAS. */
#define S_OK(n, insn...)                                        \
        li TESTNUM, n; EXPECT(8f); ENTER_S(7f);                 \
7:      insn; ecall; j __test_fail;                             \
8:      li t6, 9; bne TRAP_CAUSE, t6, __test_fail
#define S_FAULT(n, cause, va, insn...)                          \
        li TESTNUM, n; EXPECT(8f); ENTER_S(7f);                 \
7:      insn; j __test_fail;                                    \
8:      li t6, cause; bne TRAP_CAUSE, t6, __test_fail;          \
        li t6, va; bne TRAP_TVAL, t6, __test_fail
#define ENTER_U_ALIAS(label)                                    \
        li t0, (3 << 11) | (1 << 7); csrc mstatus, t0;          \
        la t0, label; li t1, UALIAS; add t0, t0, t1;            \
        csrw mepc, t0; mret
#define U_OK(n, insn...)                                        \
        li TESTNUM, n; EXPECT(8f); ENTER_U_ALIAS(7f);           \
7:      insn; ecall; j __test_fail;                             \
8:      li t6, 8; bne TRAP_CAUSE, t6, __test_fail
#define U_FAULT(n, cause, va, insn...)                          \
        li TESTNUM, n; EXPECT(8f); ENTER_U_ALIAS(7f);           \
7:      insn; j __test_fail;                                    \
8:      li t6, cause; bne TRAP_CAUSE, t6, __test_fail;          \
        li t6, va; bne TRAP_TVAL, t6, __test_fail

#define SUM_ON  li t0, SSTATUS_SUM; csrs mstatus, t0
#define SUM_OFF li t0, SSTATUS_SUM; csrc mstatus, t0

TEST_BEGIN
        USE_MTRAP
        PMP_ALLOW_ALL
        csrw medeleg, x0
        csrw mideleg, x0
        csrw mie, x0
        csrw menvcfg, x0
        csrw satp, x0

        /* ---- build the tables ---- */
        la s0, pageA
        la s1, pageB
        la s2, page_x
        la s3, pt_l1
        la s4, pt_l0
        PTE(pt_l2, 0, s3, PTE_V)
        PTE(pt_l1, 0, s4, PTE_V)
        li s5, MEGA_PA
        PTE(pt_l1, 2, s5, RWAD)
        li s5, MEGA_PA + 0x1000
        PTE(pt_l1, 3, s5, RWAD)
        li s5, 0x80000000
        PTE(pt_l2, 1, s5, RWXAD)
        PTE(pt_l2, 2, s5, RWXAD | PTE_G)
        PTE(pt_l2, 3, s5, RWXAD | PTE_U)
        li s5, 0x80200000
        PTE(pt_l2, 4, s5, RWXAD)
        PTE(pt_l0, VA_RW >> 12, s0, RWAD)
        PTE(pt_l0, VA_RO >> 12, s0, PTE_V | PTE_R | PTE_A)
        PTE(pt_l0, VA_XO >> 12, s2, PTE_V | PTE_X | PTE_A)
        PTE(pt_l0, VA_NX >> 12, s0, RWAD)
        PTE(pt_l0, VA_U >> 12, s0, RWAD | PTE_U)
        PTE(pt_l0, VA_UX >> 12, s2, PTE_V | PTE_R | PTE_X | PTE_A | PTE_U)
        PTE(pt_l0, VA_INV >> 12, s0, RWAD & ~PTE_V)
        PTE(pt_l0, VA_WO >> 12, s0, PTE_V | PTE_W | PTE_A | PTE_D)
        PTE(pt_l0, VA_RSV63 >> 12, s0, RWAD | (1 << 63))
        PTE(pt_l0, VA_RSV61 >> 12, s0, RWAD | (1 << 61))
        PTE(pt_l0, VA_RSV54 >> 12, s0, RWAD | (1 << 54))
        PTE(pt_l0, VA_RSV60 >> 12, s0, RWAD | (1 << 60))
        PTE(pt_l0, VA_AD_LD >> 12, s0, PTE_V | PTE_R | PTE_W)
        PTE(pt_l0, VA_AD_ST >> 12, s0, PTE_V | PTE_R | PTE_W)
        PTE(pt_l0, VA_AD_X >> 12, s2, PTE_V | PTE_R | PTE_X)
        PTE(pt_l0, VA_SWAP >> 12, s0, RWAD)
        PTE(pt_l0, VA_PTR0 >> 12, s0, PTE_V)
        PTE(pt_l0, VA_D_ST >> 12, s0, PTE_V | PTE_R | PTE_W | PTE_A)
#if LEVELS >= 4
        la s3, pt_l2
        PTE(pt_l3, 0, s3, PTE_V)
        PTE(pt_l3, 1, zero, RWXAD)        /* 512 GiB page at VA 2^39 -> PA 0 */
#define TERA_VA 0x8000000000
#endif
#if LEVELS >= 5
        la s3, pt_l3
        PTE(pt_l4, 0, s3, PTE_V)
        PTE(pt_l4, 1, zero, RWXAD)        /* 256 TiB page at VA 2^48 -> PA 0 */
#define PETA_VA 0x1000000000000
#define ROOT pt_l4
#elif LEVELS == 4
#define ROOT pt_l3
#else
#define ROOT pt_l2
#endif
        /* the 2 MiB page's memory (not part of the image) */
        li t0, MEGA_PA
        li t1, 0x4d45474150414745
        sd t1, 0x100(t0)

        /* ---- satp ---- */
        la t0, ROOT
        srli t0, t0, 12
        li t1, SATP_MODE << 60
        or s6, t0, t1                     /* s6: our satp value */
        csrw satp, s6
        sfence.vma
        csrr a0, satp
        CHECKR(1, a0, s6)
        /* writes of an unsupported MODE are ignored entirely */
        li t0, (1 << 60) | 0x12345
        csrw satp, t0
        csrr a0, satp
        CHECKR(2, a0, s6)
        li t0, (11 << 60) | 0x12345
        csrw satp, t0
        csrr a0, satp
        CHECKR(3, a0, s6)
        li t0, (15 << 60)
        csrw satp, t0
        csrr a0, satp
        CHECKR(4, a0, s6)
        /* M-mode is not translated (we are still running) */
        ld a0, 0(s0)
        CHECK(5, a0, 0x1111111111111111)

        /* ---- 4 KiB pages, basic permissions ---- */
        S_OK(6, li t0, VA_RW; ld a0, 0(t0))
        CHECK(7, a0, 0x1111111111111111)
        S_OK(8, li t0, VA_RW; li t1, 0xabc; sd t1, 8(t0))
        ld a0, 8(s0)
        CHECK(9, a0, 0xabc)
        S_OK(10, li t0, VA_RO; lw a0, 8(t0))
        CHECK(11, a0, 0xabc)
        S_FAULT(12, 15, VA_RO + 16, li t0, VA_RO + 16; sd t0, 0(t0))
        S_FAULT(13, 15, VA_RO + 24, li t0, VA_RO + 24; li t1, 1; amoadd.d t1, t1, (t0))
        S_FAULT(14, 13, VA_XO + 4, li t0, VA_XO + 4; lw a0, 0(t0))
        /* MXR: execute-only becomes readable */
        li t0, SSTATUS_MXR
        csrs mstatus, t0
        S_OK(15, li t0, VA_XO; lw a0, 0(t0))
        CHECK(16, a0, 0x07700513)         /* li a0, 0x77 */
        li t0, SSTATUS_MXR
        csrc mstatus, t0
        /* execute-only page can be executed */
        S_OK(17, li a0, 0; li t0, VA_XO; jalr ra, t0)
        CHECK(18, a0, 0x77)
        /* fetch from a page without X: mepc = mtval = the address */
        S_FAULT(19, 12, VA_NX, li t0, VA_NX; jalr ra, t0)
        li t0, VA_NX
        CHECKR(20, TRAP_EPC, t0)
        /* invalid PTE */
        S_FAULT(21, 13, VA_INV + 8, li t0, VA_INV + 8; ld a0, 0(t0))
        S_FAULT(22, 15, VA_INV, li t0, VA_INV; sb t0, 0(t0))
        S_FAULT(23, 12, VA_INV, li t0, VA_INV; jalr ra, t0)

        /* ---- SUM ---- */
        S_FAULT(24, 13, VA_U, li t0, VA_U; ld a0, 0(t0))
        S_FAULT(25, 15, VA_U + 8, li t0, VA_U + 8; sd t0, 0(t0))
        SUM_ON
        S_OK(26, li t0, VA_U; ld a0, 0(t0))
        CHECK(27, a0, 0x1111111111111111)
        S_OK(28, li t0, VA_U; li t1, 0xdef; sd t1, 16(t0))
        ld a0, 16(s0)
        CHECK(29, a0, 0xdef)
        /* S never executes U pages, SUM or not */
        S_FAULT(30, 12, VA_UX, li t0, VA_UX; jalr ra, t0)
        SUM_OFF
        S_FAULT(31, 12, VA_UX, li t0, VA_UX; jalr ra, t0)

        /* ---- U-mode ---- */
        U_OK(32, li t0, VA_U; ld a0, 16(t0))
        CHECK(33, a0, 0xdef)
        U_OK(34, li t0, VA_U; li t1, 0x123; sd t1, 24(t0))
        ld a0, 24(s0)
        CHECK(35, a0, 0x123)
        U_OK(36, li a0, 0; li t0, VA_UX; jalr ra, t0)
        CHECK(37, a0, 0x77)
        U_FAULT(38, 13, VA_RW, li t0, VA_RW; ld a0, 0(t0))
        U_FAULT(39, 15, VA_RW, li t0, VA_RW; sd a0, 0(t0))
        U_FAULT(40, 12, VA_XO, li t0, VA_XO; jalr ra, t0)
        /* SUM does not let U touch S pages */
        SUM_ON
        U_FAULT(41, 13, VA_RW, li t0, VA_RW; ld a0, 0(t0))
        SUM_OFF
        /* U can't execute its own U page without X */
        U_FAULT(42, 12, VA_U, li t0, VA_U; jalr ra, t0)

        /* ---- reserved encodings ---- */
        S_FAULT(43, 13, VA_WO, li t0, VA_WO; ld a0, 0(t0))
        S_FAULT(44, 15, VA_WO, li t0, VA_WO; sd a0, 0(t0))
        S_FAULT(45, 13, VA_RSV63, li t0, VA_RSV63; ld a0, 0(t0))
        S_FAULT(46, 13, VA_RSV61, li t0, VA_RSV61; ld a0, 0(t0))
        S_FAULT(47, 15, VA_RSV54, li t0, VA_RSV54; sd a0, 0(t0))
        S_FAULT(48, 13, VA_RSV60, li t0, VA_RSV60; ld a0, 0(t0))
        /* a non-leaf PTE at the last level */
        S_FAULT(49, 13, VA_PTR0, li t0, VA_PTR0; ld a0, 0(t0))

        /* ---- superpages ---- */
        S_OK(50, li t0, VA_MEGA + 0x100; ld a0, 0(t0))
        CHECK(51, a0, 0x4d45474150414745)
        S_OK(52, li t0, VA_MEGA + 0x1ffff8; li t1, 0x5a; sd t1, 0(t0))
        li t0, MEGA_PA + 0x1ffff8
        ld a0, 0(t0)
        CHECK(53, a0, 0x5a)
        S_FAULT(54, 13, VA_MEGA_MIS, li t0, VA_MEGA_MIS; ld a0, 0(t0))
        S_FAULT(55, 13, VA_GIGA_MIS + 0x10, li t0, VA_GIGA_MIS + 0x10; ld a0, 0(t0))
        /* the 1 GiB page at VA 0x40000000 is the image again */
        la s5, pageA
        li t0, 0x80000000 - VA_GIGA
        sub s5, s5, t0                    /* pageA through the 1 GiB page */
        S_OK(56, ld a0, 0(s5))
        CHECK(57, a0, 0x1111111111111111)
        la s5, giga_code
        li t0, 0x80000000 - VA_GIGA
        sub s5, s5, t0
        S_OK(58, li a0, 0; jalr ra, s5)
        CHECK(59, a0, 0x99)
#if LEVELS >= 4
        /* a 512 GiB page: PA 0 at VA 2^39 */
        la s5, pageA
        li t0, TERA_VA
        add s5, s5, t0
        S_OK(60, ld a0, 0(s5))
        CHECK(61, a0, 0x1111111111111111)
        la s5, giga_code
        li t0, TERA_VA
        add s5, s5, t0
        S_OK(62, li a0, 0; jalr ra, s5)
        CHECK(63, a0, 0x99)
#endif
#if LEVELS >= 5
        /* a 256 TiB page: PA 0 at VA 2^48 */
        la s5, pageA
        li t0, PETA_VA
        add s5, s5, t0
        S_OK(98, sd zero, 8(s5); ld a0, 0(s5))
        CHECK(99, a0, 0x1111111111111111)
        ld a0, 8(s0)
        CHECK(100, a0, 0)
        li t0, 0xabc
        sd t0, 8(s0)
        la s5, giga_code
        li t0, PETA_VA
        add s5, s5, t0
        S_OK(101, li a0, 0; jalr ra, s5)
        CHECK(102, a0, 0x99)
#endif

        /* ---- non-canonical virtual addresses ---- */
        S_FAULT(64, 13, NONCANON1, li t0, NONCANON1; ld a0, 0(t0))
        S_FAULT(65, 15, NONCANON1, li t0, NONCANON1; sd a0, 0(t0))
        S_FAULT(66, 13, NONCANON2, li t0, NONCANON2; ld a0, 0(t0))
        S_FAULT(67, 12, NONCANON1, li t0, NONCANON1; jalr ra, t0)
        U_FAULT(68, 13, NONCANON2, li t0, NONCANON2; ld a0, 0(t0))

        /* ---- hardware A/D updates ---- */
        PTE_ADDR(s5, pt_l0, VA_AD_LD >> 12)
        S_OK(69, li t0, VA_AD_LD; ld a0, 0(t0))
        ld a0, 0(s5)
        andi a0, a0, PTE_A | PTE_D
        CHECK(70, a0, PTE_A)
        PTE_ADDR(s5, pt_l0, VA_AD_ST >> 12)
        S_OK(71, li t0, VA_AD_ST; sd zero, 32(t0))
        ld a0, 0(s5)
        andi a0, a0, PTE_A | PTE_D
        CHECK(72, a0, PTE_A | PTE_D)
        PTE_ADDR(s5, pt_l0, VA_AD_X >> 12)
        S_OK(73, li t0, VA_AD_X; jalr ra, t0)
        ld a0, 0(s5)
        andi a0, a0, PTE_A | PTE_D
        CHECK(74, a0, PTE_A)
        PTE_ADDR(s5, pt_l0, VA_D_ST >> 12)
        S_OK(75, li t0, VA_D_ST; ld a0, 0(t0))
        ld a0, 0(s5)
        andi a0, a0, PTE_D
        CHECK(76, a0, 0)                  /* a load doesn't set D */
        S_OK(77, li t0, VA_D_ST; sw zero, 40(t0))
        ld a0, 0(s5)
        andi a0, a0, PTE_D
        CHECK(78, a0, PTE_D)
        /* the rest of the PTE is unchanged */
        ld a0, 0(s5)
        srli a0, a0, 10
        srli t0, s0, 12
        CHECKR(79, a0, t0)

        /* ---- MPRV: M-mode loads/stores translated as MPP ---- */
        li t0, (3 << 11)
        csrc mstatus, t0
        li t0, (1 << 11) | MSTATUS_MPRV   /* MPP = S */
        csrs mstatus, t0
        li t0, VA_RW
        ld a0, 0(t0)
        li t1, 0x55
        sd t1, 48(t0)
        li t0, MSTATUS_MPRV
        csrc mstatus, t0
        CHECK(80, a0, 0x1111111111111111)
        ld a0, 48(s0)
        CHECK(81, a0, 0x55)
        /* MPP = S without SUM: U page faults, taken as a fault in M */
        li t0, (1 << 11) | MSTATUS_MPRV
        csrs mstatus, t0
        li t0, VA_U
        EXPECT_TRAP(82, 13, ld a0, 0(t0))
        li t0, MSTATUS_MPRV
        csrc mstatus, t0
        li t0, VA_U
        CHECKR(83, TRAP_TVAL, t0)
        /* MPP = U: only U pages */
        li t0, (3 << 11)
        csrc mstatus, t0
        li t0, MSTATUS_MPRV
        csrs mstatus, t0
        li t0, VA_U
        ld a0, 8(t0)
        li t0, VA_RW
        EXPECT_TRAP(84, 15, sd a0, 0(t0))
        li t0, MSTATUS_MPRV
        csrc mstatus, t0
        CHECK(85, a0, 0xabc)
        /* MPP = M: no translation even with MPRV */
        li t0, (3 << 11) | MSTATUS_MPRV
        csrs mstatus, t0
        ld a0, 0(s0)
        li t0, MSTATUS_MPRV
        csrc mstatus, t0
        CHECK(86, a0, 0x1111111111111111)

        /* ---- sfence.vma makes a changed PTE visible ---- */
        S_OK(87, li t0, VA_SWAP; ld a0, 0(t0))
        CHECK(88, a0, 0x1111111111111111)
        PTE(pt_l0, VA_SWAP >> 12, s1, RWAD)
        S_OK(89, sfence.vma; li t0, VA_SWAP; ld a0, 0(t0))
        CHECK(90, a0, 0x2222222222222222)
        PTE(pt_l0, VA_SWAP >> 12, s0, RWAD)
        S_OK(91, li t0, VA_SWAP; sfence.vma t0, zero; ld a0, 0(t0))
        CHECK(92, a0, 0x1111111111111111)
        /* invalidate the PTE: the page goes away */
        PTE(pt_l0, VA_SWAP >> 12, s0, 0)
        S_FAULT(93, 13, VA_SWAP, li t0, VA_SWAP; sfence.vma t0, zero; ld a0, 0(t0))
        /* an ASID-specific fence also works for a global-less mapping */
        PTE(pt_l0, VA_SWAP >> 12, s1, RWAD)
        S_OK(94, li t0, VA_SWAP; sfence.vma zero, zero; ld a0, 0(t0))
        CHECK(95, a0, 0x2222222222222222)

        /* ---- ... and a changed mapping of code: the hart must not run
         * what the old page held (jump caches, translations, links) ---- */
        li t0, 0x00100513                 /* li a0, 1 */
        sw t0, 0x400(s0)
        li t0, 0x00200513                 /* li a0, 2 */
        sw t0, 0x400(s1)
        li t0, 0x00008067                 /* ret */
        sw t0, 0x404(s0)
        sw t0, 0x404(s1)
        fence.i
        PTE(pt_l0, VA_CODE >> 12, s0, RWXAD)
        S_OK(114, sfence.vma; li t0, VA_CODE + 0x400; jalr t0; jalr t0; jalr t0)
        CHECK(115, a0, 1)
        PTE(pt_l0, VA_CODE >> 12, s1, RWXAD)
        S_OK(116, li t0, VA_CODE; sfence.vma t0, zero; li t0, VA_CODE + 0x400; jalr t0)
        CHECK(117, a0, 2)
        PTE(pt_l0, VA_CODE >> 12, s0, RWXAD)
        S_OK(118, li t0, VA_CODE + 0x1000; sfence.vma t0, zero; li t0, VA_CODE + 0x400; jalr t0)
        PTE(pt_l0, VA_CODE >> 12, s1, RWXAD)
        S_OK(119, li t0, VA_CODE; sfence.vma t0, zero; li t0, VA_CODE + 0x400; jalr t0)
        CHECK(120, a0, 2)

        /* ---- sfence.vma with an address drops the whole superpage that
         * maps it (§4.2.1), not just the 4 KiB piece at that address ---- */
        S_OK(103, li t0, VA_MEGA + 0x1100; ld a0, 0(t0))
        PTE(pt_l1, 2, zero, 0)
        S_FAULT(104, 13, VA_MEGA + 0x1100, li t0, VA_MEGA; sfence.vma t0, zero;
                li t0, VA_MEGA + 0x1100; ld a0, 0(t0))
        li s5, MEGA_PA
        PTE(pt_l1, 2, s5, RWAD)
        S_OK(105, li t0, VA_MEGA; sfence.vma t0, zero; li t0, VA_MEGA + 0x100; ld a0, 0(t0))
        CHECK(106, a0, 0x4d45474150414745)

#ifdef MMU_CROSS
        /* ---- a misaligned access across a page boundary that faults on its
         * second page reports that page's address in mtval, the portion that
         * faulted (§3.1.16): an OS that fixes the page mtval names must not
         * get the same fault back ---- */
        S_FAULT(107, 15, VA_RO, li t0, VA_RO - 4; sd t0, 0(t0))
        S_FAULT(108, 13, VA_U, li t0, VA_U - 4; ld a0, 0(t0))
        S_FAULT(109, 13, VA_U, li t0, VA_U - 2; lw a0, 0(t0))
        li t0, 1 << 13                    /* mstatus.FS = Initial */
        csrs mstatus, t0
        S_FAULT(110, 13, VA_U, li t0, VA_U - 4; fld fa0, 0(t0))
        S_FAULT(111, 15, VA_U, li t0, VA_U - 4; fsd fa0, 0(t0))
        /* the first half faulting: mtval is the access's own address */
        S_FAULT(112, 13, VA_INV + 0xffc, li t0, VA_INV + 0xffc; ld a0, 0(t0))
        /* both halves fine: the access works */
        S_OK(113, li t0, VA_RW + 0xffc; ld a0, 0(t0))
#endif

        /* ---- satp = Bare again: S is untranslated ---- */
        csrw satp, x0
        S_OK(96, ld a0, 0(s0))
        CHECK(97, a0, 0x1111111111111111)

        TEST_PASS

        /* code reached through the 1 GiB / biggest page */
giga_code:
        li a0, 0x99
        ret

        /* the code page: li a0, 0x77; ret */
        .balign 4096
page_x:
        li a0, 0x77
        ret
        .balign 4096

        .data
        .balign 4096
pageA:  .dword 0x1111111111111111
        .balign 4096
pageB:  .dword 0x2222222222222222
        .balign 4096

        .bss
        .balign 4096
pt_l0:  .space 4096
pt_l1:  .space 4096
pt_l2:  .space 4096
#if LEVELS >= 4
pt_l3:  .space 4096
#endif
#if LEVELS >= 5
pt_l4:  .space 4096
#endif
TEST_END
