#!/usr/bin/env bash
# strato CPU benchmark: guest MIPS of strato next to QEMU TCG.
#
# Builds bench/prog (a bare-metal RV64GC program, see bench/README.md) into
# build/bench/prog.elf, then runs it R times on strato and on
# qemu-system-riscv64 -M spike, interleaved, and prints the median wall time
# of each, the guest instruction count (minstret printed by the program under
# strato), both MIPS figures and, last, the ratio strato_time/qemu_time.
#
# usage: bench/mips.sh [--rounds R] [--timeout S] [--build-only] [--engine jit|interp]
# environment: STRATO (default build/strato), QEMU (qemu-system-riscv64),
#              CROSS (riscv64-unknown-elf-)
#
# Exit status: 0 when both ran and verified their checksums; 1 when strato is
# missing or failed (QEMU's numbers are still printed); 2 when QEMU failed or
# is missing; 3 on a build or usage error.  Times are reported, never judged.

set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 3

STRATO=${STRATO:-build/strato}
QEMU=${QEMU:-qemu-system-riscv64}
CROSS=${CROSS:-riscv64-unknown-elf-}
ROUNDS=3
TIMEOUT=300
BUILD_ONLY=0
ENGINE=jit

usage() {
        sed -n '2,17s/^# \{0,1\}//p' "$0"
}

while [ $# -gt 0 ]; do
        case "$1" in
        --rounds) ROUNDS=${2:-}; shift 2 || { usage; exit 3; } ;;
        --rounds=*) ROUNDS=${1#*=}; shift ;;
        --timeout) TIMEOUT=${2:-}; shift 2 || { usage; exit 3; } ;;
        --timeout=*) TIMEOUT=${1#*=}; shift ;;
        --build-only) BUILD_ONLY=1; shift ;;
        --engine) ENGINE=${2:-}; shift 2 || { usage; exit 3; } ;;
        -h|--help) usage; exit 0 ;;
        *) echo "mips.sh: unknown argument '$1'" >&2; usage >&2; exit 3 ;;
        esac
done
case "$ROUNDS" in ''|*[!0-9]*|0) echo "mips.sh: --rounds needs a positive integer" >&2; exit 3 ;; esac
case "$TIMEOUT" in ''|*[!0-9]*|0) echo "mips.sh: --timeout needs a positive integer (seconds)" >&2; exit 3 ;; esac

OUT=build/bench
ELF=$OUT/prog.elf
SRC=bench/prog

# ---------------------------------------------------------------- build
# -ffp-contract=off: no implicit fused multiply-add, so the FP checksums are
#   the same on every IEEE machine (the kernels use __builtin_fma explicitly);
# -fno-tree-loop-distribute-patterns: keep the copy/fill loops as written
#   instead of calls to memcpy/memset.
CFLAGS="-O2 -march=rv64gc -mabi=lp64d -mcmodel=medany -ffreestanding -nostdlib
        -nostartfiles -static -ffp-contract=off -fno-math-errno
        -fno-strict-aliasing -fno-tree-loop-distribute-patterns -Wall -Wextra"

build() {
        mkdir -p "$OUT" || return 1
        if ! command -v "${CROSS}gcc" >/dev/null 2>&1; then
                echo "mips.sh: ${CROSS}gcc not found (apt-get install gcc-riscv64-unknown-elf)" >&2
                return 1
        fi
        local objs="" s o
        # crt.o first: it opens .bss (see crt.S)
        for s in crt.S main.c kernels.c lib.c; do
                o=$OUT/${s%.*}.o
                # shellcheck disable=SC2086
                "${CROSS}gcc" $CFLAGS -c -o "$o" "$SRC/$s" || return 1
                objs="$objs $o"
        done
        # shellcheck disable=SC2086
        "${CROSS}gcc" $CFLAGS -T tests/bare/link.ld -Wl,--no-warn-rwx-segments \
                -o "$ELF" $objs || return 1
}

if ! build; then
        echo "mips.sh: building $ELF failed" >&2
        exit 3
fi
echo "built $ELF"
[ "$BUILD_ONLY" = 1 ] && exit 0

# ---------------------------------------------------------------- running
LOG=$OUT/logs
mkdir -p "$LOG"

now() { date +%s.%N; }

# run_timed LOGFILE CMD... -> sets RUN_RC and RUN_TIME (seconds)
run_timed() {
        local log=$1 t0 t1
        shift
        t0=$(now)
        timeout -k 5 "$TIMEOUT" "$@" >"$log" 2>&1 </dev/null
        RUN_RC=$?
        t1=$(now)
        RUN_TIME=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}

# verdict LOGFILE RC -> empty when the run is good, else why not
verdict() {
        local log=$1 rc=$2
        if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
                echo "timed out after ${TIMEOUT} s"
        elif grep -q ' BAD ' "$log"; then
                echo "wrong checksums ($(grep -c ' BAD ' "$log") kernels), exit status $rc"
        elif [ "$rc" != 0 ]; then
                echo "exit status $rc"
        elif ! grep -q '^result: pass' "$log"; then
                echo "exit status 0 but no 'result: pass' line in the output"
        fi
}

median() {
        printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
                END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2];
                      else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

instret_of() {
        sed -n 's/^instret=\([0-9][0-9]*\).*/\1/p' "$1" | head -n 1
}

STRATO_OK=1
STRATO_WHY=""
if [ ! -x "$STRATO" ]; then
        STRATO_OK=0
        STRATO_WHY="$STRATO not found or not executable (build strato first, or set STRATO=...)"
fi
QEMU_OK=1
QEMU_WHY=""
if ! command -v "$QEMU" >/dev/null 2>&1; then
        QEMU_OK=0
        QEMU_WHY="$QEMU not found"
fi

STRATO_CMD=("$STRATO" run --engine "$ENGINE" --bios "$ELF")
QEMU_CMD=("$QEMU" -M spike -bios none -kernel "$ELF" -nographic)

echo "strato: ${STRATO_CMD[*]}"
echo "qemu:   ${QEMU_CMD[*]}"
echo "rounds: $ROUNDS (interleaved), timeout ${TIMEOUT} s per run, logs in $LOG/"

STRATO_TIMES=()
QEMU_TIMES=()
STRATO_INSTRET=""

run_strato() {
        local log=$LOG/strato.$1.log why n
        run_timed "$log" "${STRATO_CMD[@]}"
        why=$(verdict "$log" "$RUN_RC")
        if [ -n "$why" ]; then
                STRATO_OK=0
                STRATO_WHY="run $1: $why (log: $log)"
                echo "  strato FAILED: $why; last lines of its output:"
                tail -n 15 "$log" | sed 's/^/    | /'
                return
        fi
        STRATO_TIMES+=("$RUN_TIME")
        n=$(instret_of "$log")
        if [ -z "$STRATO_INSTRET" ]; then
                STRATO_INSTRET=$n
        elif [ "$n" != "$STRATO_INSTRET" ]; then
                echo "  note: strato instret differs between runs ($STRATO_INSTRET, then $n)"
        fi
        printf '  strato %8.3f s   instret=%s\n' "$RUN_TIME" "$n"
}

run_qemu() {
        local log=$LOG/qemu.$1.log why
        run_timed "$log" "${QEMU_CMD[@]}"
        why=$(verdict "$log" "$RUN_RC")
        if [ -n "$why" ]; then
                QEMU_OK=0
                QEMU_WHY="run $1: $why (log: $log)"
                echo "  qemu FAILED: $why; last lines of its output:"
                tail -n 15 "$log" | sed 's/^/    | /'
                return
        fi
        QEMU_TIMES+=("$RUN_TIME")
        printf '  qemu   %8.3f s\n' "$RUN_TIME"
}

for ((r = 1; r <= ROUNDS; r++)); do
        echo "round $r/$ROUNDS"
        # alternate which one goes first, so neither always runs on a warm host
        if ((r % 2)); then
                [ "$STRATO_OK" = 1 ] && run_strato "$r"
                [ "$QEMU_OK" = 1 ] && run_qemu "$r"
        else
                [ "$QEMU_OK" = 1 ] && run_qemu "$r"
                [ "$STRATO_OK" = 1 ] && run_strato "$r"
        fi
done

# Exact instruction count from QEMU with -icount shift=0 (one untimed run):
# a cross-check of strato's minstret, and the count to use if strato failed.
QEMU_EXACT=""
if [ "$QEMU_OK" = 1 ]; then
        run_timed "$LOG/qemu.icount.log" "${QEMU_CMD[@]}" -icount shift=0
        [ -z "$(verdict "$LOG/qemu.icount.log" "$RUN_RC")" ] &&
                QEMU_EXACT=$(instret_of "$LOG/qemu.icount.log")
fi

# ---------------------------------------------------------------- report
echo
echo "== strato CPU benchmark ($ELF, median of $ROUNDS) =="
[ "$STRATO_OK" = 1 ] || echo "strato: FAILED: $STRATO_WHY"
[ "$QEMU_OK" = 1 ] || echo "qemu: FAILED: $QEMU_WHY"

ST=""; QT=""
[ "$STRATO_OK" = 1 ] && [ ${#STRATO_TIMES[@]} -gt 0 ] && ST=$(median "${STRATO_TIMES[@]}")
[ "$QEMU_OK" = 1 ] && [ ${#QEMU_TIMES[@]} -gt 0 ] && QT=$(median "${QEMU_TIMES[@]}")

if [ -n "$ST" ] && [ -n "$STRATO_INSTRET" ]; then
        INSNS=$STRATO_INSTRET
        SRC_NOTE="minstret printed by the program under strato"
elif [ -n "$QEMU_EXACT" ]; then
        INSNS=$QEMU_EXACT
        SRC_NOTE="minstret under QEMU -icount shift=0, strato gave none"
else
        INSNS=""
fi

mips() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.1f", n / t / 1e6 }'; }

secs() { if [ -n "$1" ]; then echo "$1 s"; else echo "n/a"; fi; }

printf 'strato time (median):  %s\n' "$(secs "$ST")"
printf 'qemu time (median):    %s\n' "$(secs "$QT")"
if [ -n "$INSNS" ]; then
        printf 'guest instructions:    %s (%s)\n' "$INSNS" "$SRC_NOTE"
        if [ -n "$QEMU_EXACT" ] && [ "$QEMU_EXACT" != "$INSNS" ]; then
                printf '  note: QEMU -icount counts %s (%+d)\n' "$QEMU_EXACT" "$((QEMU_EXACT - INSNS))"
        fi
else
        printf 'guest instructions:    n/a\n'
fi
if [ -n "$ST" ] && [ -n "$INSNS" ]; then
        printf 'strato MIPS:           %s\n' "$(mips "$INSNS" "$ST")"
else
        printf 'strato MIPS:           n/a\n'
fi
if [ -n "$QT" ] && [ -n "$INSNS" ]; then
        printf 'qemu MIPS:             %s\n' "$(mips "$INSNS" "$QT")"
else
        printf 'qemu MIPS:             n/a\n'
fi
if [ -n "$ST" ] && [ -n "$QT" ]; then
        printf 'ratio strato_time/qemu_time: %s\n' \
                "$(awk -v a="$ST" -v b="$QT" 'BEGIN { printf "%.2f", a / b }')"
else
        printf 'ratio strato_time/qemu_time: n/a\n'
fi

[ "$QEMU_OK" = 1 ] || exit 2
[ "$STRATO_OK" = 1 ] || exit 1
exit 0
