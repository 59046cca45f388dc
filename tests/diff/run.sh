#!/usr/bin/env bash
# Differential test of strato's CPU against QEMU.
#
#   tests/diff/run.sh [--count N] [--seed S] [--batch B] [--strato PATH]
#                     [--ref-only] [--first F] [--jobs J] [--timeout SECS]
#                     [--inject INDEX] [--misaligned] [--keep] [--engine jit|interp]
#
# Generates N random instruction sequences (tests/diff/gen.c) in batches of B,
# builds each batch twice -- a static Linux ELF (crt_linux.S) and a bare-metal
# M-mode ELF (crt_bare.S) -- and runs the Linux one on qemu-riscv64 (the
# reference) and the bare one on strato (`strato run --bios`; with --ref-only
# on qemu-system-riscv64 -M spike instead, which checks the harness itself).
# Every sequence prints "seq <index> <hash of its final state>"; any difference
# is reported with the full final state from both sides and the sequence's
# assembly.  Exit status 0 only if every sequence matches (1: mismatch,
# 2: set-up error).  Sequence I depends only on (seed, I), so
# --seed S --first I --count 1 replays one sequence alone.
#
#   --count N       number of sequences (default 10000)
#   --seed S        random seed (default 1)
#   --first F       index of the first sequence (default 0)
#   --batch B       sequences per ELF (default 500); batches run in parallel
#   --jobs J        parallel batches (default: number of CPUs)
#   --strato PATH   the strato binary (default build/strato)
#   --engine E      jit (default: every block translated at its first run) or
#                   interp
#   --ref-only      run the bare ELF on qemu-system-riscv64 -M spike instead of
#                   strato, and check QEMU itself with qemu_corners.c
#   --timeout SECS  limit for one run of one batch (default 120)
#   --inject INDEX  add a deliberate difference to sequence INDEX in the bare
#                   build only (shows that a mismatch is caught and reported)
#   --misaligned    also generate misaligned non-atomic loads/stores
#   --keep          keep the work directory after a successful run
#
# Work files: build/tests/diff/run-<seed>/.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
src=$root/tests/diff

count=10000
seed=1
first_seq=0
batch=500
strato=$root/build/strato
ref_only=0
jobs=$(nproc 2>/dev/null || echo 2)
timeout_s=120
inject=-1
misaligned=0
keep=0
engine=jit

orig_args=("$@")
usage() {
    sed -n '2,/^set -e/p' "${BASH_SOURCE[0]}" | sed -e '/^set -e/d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
        --count) count=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --first) first_seq=$2; shift 2 ;;
        --batch) batch=$2; shift 2 ;;
        --strato) strato=$2; shift 2 ;;
        --engine) engine=$2; shift 2 ;;
        --ref-only) ref_only=1; shift ;;
        --jobs) jobs=$2; shift 2 ;;
        --timeout) timeout_s=$2; shift 2 ;;
        --inject) inject=$2; shift 2 ;;
        --misaligned) misaligned=1; shift ;;
        --keep) keep=1; shift ;;
        -h|--help) usage ;;
        *) echo "run.sh: unknown argument '$1'" >&2; usage ;;
    esac
done
for v in "$count" "$seed" "$first_seq" "$batch" "$jobs" "$timeout_s"; do
    case $v in ''|*[!0-9]*) echo "run.sh: '$v' is not a number" >&2; exit 2 ;; esac
done
[ "$batch" -gt 0 ] && [ "$jobs" -gt 0 ] || { echo "run.sh: --batch and --jobs must be > 0" >&2; exit 2; }

# ---------------------------------------------------------------- tools
pick() { for c in "$@"; do command -v "$c" >/dev/null 2>&1 && { echo "$c"; return 0; }; done; return 1; }
cc_host=$(pick "${CC:-cc}" cc gcc) || { echo "run.sh: no host C compiler" >&2; exit 2; }
cc_rv=$(pick riscv64-unknown-elf-gcc riscv64-linux-gnu-gcc) || { echo "run.sh: no RISC-V gcc" >&2; exit 2; }
cc_linux=$(pick riscv64-linux-gnu-gcc riscv64-unknown-elf-gcc)
qemu_user=$(pick qemu-riscv64) || { echo "run.sh: qemu-riscv64 not found (apt-get install qemu-user)" >&2; exit 2; }
march=rv64gc_zba_zbb_zbs
# QEMU 7.2 enables Zba/Zbb/Zbs by default; say so explicitly anyway
qemu_cpu="rv64,zba=true,zbb=true,zbs=true"

if [ "$ref_only" = 1 ]; then
    qemu_sys=$(pick qemu-system-riscv64) || { echo "run.sh: qemu-system-riscv64 not found" >&2; exit 2; }
    dut_name="qemu-system-riscv64 -M spike"
else
    if [ ! -x "$strato" ]; then
        echo "run.sh: $strato not found or not executable (build it, or use --strato PATH / --ref-only)" >&2
        exit 2
    fi
    strato=$(cd "$(dirname "$strato")" && pwd)/$(basename "$strato")
    dut_name=$strato
fi

work=$root/build/tests/diff/run-$seed
rm -rf "$work"
mkdir -p "$work"

# ---------------------------------------------------------------- build
start=$(date +%s.%N)
gen=$root/build/tests/diff/gen
if [ ! -x "$gen" ] || [ "$src/gen.c" -nt "$gen" ]; then
    "$cc_host" -O2 -std=c17 -Wall -Wextra -Werror -o "$gen.tmp.$$" "$src/gen.c"
    mv -f "$gen.tmp.$$" "$gen"
fi
asflags=(-march=$march -mabi=lp64d)
for f in harness crt_linux crt_bare; do
    "$cc_rv" "${asflags[@]}" -c "$src/$f.S" -o "$work/$f.o"
done

gen_flags=()
[ "$inject" != -1 ] && gen_flags+=(-i "$inject")
[ "$misaligned" = 1 ] && gen_flags+=(-m)

# build_run NAME GEN-ARGS...: NAME.s -> NAME.linux.elf, NAME.bare.elf;
# NAME.ref / NAME.dut hold stdout, NAME.*.err stderr, NAME.*.rc the status
build_run() {
    local name=$1; shift
    "$gen" "$@" "${gen_flags[@]}" -o "$work/$name.s"
    "$cc_rv" "${asflags[@]}" -c "$work/$name.s" -o "$work/$name.o"
    "$cc_linux" -nostdlib -static -Wl,--no-relax -o "$work/$name.linux.elf" \
        "$work/crt_linux.o" "$work/harness.o" "$work/$name.o"
    "$cc_rv" -nostdlib -static -Wl,--no-relax -Wl,--no-warn-rwx-segments -T "$root/tests/bare/link.ld" \
        -o "$work/$name.bare.elf" "$work/crt_bare.o" "$work/harness.o" "$work/$name.o"
    local rc=0
    timeout "$timeout_s" "$qemu_user" -cpu "$qemu_cpu" "$work/$name.linux.elf" \
        >"$work/$name.ref" 2>"$work/$name.ref.err" </dev/null || rc=$?
    echo "$rc" >"$work/$name.ref.rc"
    rc=0
    if [ "$ref_only" = 1 ]; then
        timeout "$timeout_s" "$qemu_sys" -M spike -cpu "$qemu_cpu" -bios none \
            -kernel "$work/$name.bare.elf" -nographic \
            >"$work/$name.dut" 2>"$work/$name.dut.err" </dev/null || rc=$?
    else
        timeout "$timeout_s" "$strato" run $engine_args --bios "$work/$name.bare.elf" \
            >"$work/$name.dut.raw" 2>"$work/$name.dut.err" </dev/null || rc=$?
        # a runaway run can print without end: the comparison needs the start
        head -c 4194304 "$work/$name.dut.raw" | tr -d '\r' >"$work/$name.dut"
    fi
    echo "$rc" >"$work/$name.dut.rc"
}

case $engine in
    jit) engine_args="--engine jit --jit-hot 1" ;;
    interp) engine_args="--engine interp" ;;
    *) echo "run.sh: --engine is jit or interp" >&2; exit 2 ;;
esac
nb=$(( (count + batch - 1) / batch ))
export -f build_run
export gen work cc_rv cc_linux qemu_user qemu_cpu ref_only strato timeout_s root engine_args
export qemu_sys="${qemu_sys:-}"
# arrays cannot be exported: pass them flattened
export asflags_s="${asflags[*]}" gen_flags_s="${gen_flags[*]}"
run_batch() {
    local b=$1 first n
    read -r -a asflags <<<"$asflags_s"
    read -r -a gen_flags <<<"$gen_flags_s"
    first=$(( first_seq + b * batch ))
    n=$(( first_seq + count - first < batch ? first_seq + count - first : batch ))
    build_run "b$b" -s "$seed" -f "$first" -n "$n"
}
export -f run_batch
export seed batch count first_seq

if [ "$ref_only" = 1 ]; then
    # the reference itself: QEMU against hand-derived F/D corner cases and
    # models of M/Zba/Zbb/Zbs (tests/diff/qemu_corners.c)
    corners=$root/build/tests/diff/qemu_corners
    if { [ -x "$corners" ] && [ "$corners" -nt "$src/qemu_corners.c" ]; } ||
        "$cc_linux" -O1 -static -march=rv64gc -o "$corners" "$src/qemu_corners.c" 2>"$work/qemu_corners.err"; then
        if ! "$qemu_user" -cpu "$qemu_cpu" "$corners" >"$work/qemu_corners.out" 2>&1; then
            cat "$work/qemu_corners.out"
            echo "diff: $qemu_user deviates from the RISC-V spec in the corners above;" \
                "exclude them from tests/diff/gen.c" >&2
            exit 2
        fi
        grep -v 'corner checks passed' "$work/qemu_corners.out" | sed 's/^/diff: qemu_corners: /' || true
        echo "diff: qemu_corners: $(tail -n 1 "$work/qemu_corners.out")"
    else
        echo "diff: note: could not build qemu_corners.c with $cc_linux (no RISC-V libc?), skipped"
    fi
fi

echo "diff: $count sequences, seed $seed, $nb batches of $batch, reference $qemu_user, under test: $dut_name"
if ! seq 0 $((nb - 1)) | xargs -P "$jobs" -I{} bash -c 'run_batch "$1"' _ {}; then
    echo "diff: building or running a batch failed" >&2
    exit 2
fi

# ---------------------------------------------------------------- compare
# first mismatch: batch, index (or the batch whose run went wrong)
bad_index=-1
bad_batch=-1
nfail=0
rm -f "$work/bad.list"
for ((b = 0; b < nb; b++)); do
    first=$(( first_seq + b * batch ))
    n=$(( first_seq + count - first < batch ? first_seq + count - first : batch ))
    refrc=$(cat "$work/b$b.ref.rc")
    if [ "$refrc" != 0 ] || [ "$(grep -c '^seq ' "$work/b$b.ref")" != "$n" ]; then
        echo "diff: the reference run of batch $b failed (status $refrc) -- a harness bug:" >&2
        tail -n 5 "$work/b$b.ref.err" "$work/b$b.ref" >&2
        exit 2
    fi
    # per-sequence comparison; sequences missing on the DUT side count as failed
    res=$(awk -v first="$first" -v n="$n" '
        FNR == NR { if ($1 == "seq") ref[$2] = $3; next }
        $1 == "seq" { dut[$2] = $3 }
        END {
            bad = 0; firstbad = -1
            for (i = first; i < first + n; i++)
                if (!(i in dut) || dut[i] != ref[i]) {
                    bad++
                    if (firstbad < 0) firstbad = i
                    print i >> badfile
                }
            print bad, firstbad
        }' badfile="$work/bad.list" "$work/b$b.ref" "$work/b$b.dut")
    set -- $res
    dutrc=$(cat "$work/b$b.dut.rc")
    if [ "$1" != 0 ] || [ "$dutrc" != 0 ]; then
        nfail=$((nfail + $1))
        if [ "$bad_batch" = -1 ]; then
            bad_batch=$b
            bad_index=$2
            if [ "$1" = 0 ]; then
                echo "diff: batch $b: all hashes match but the run under test exited with status $dutrc" >&2
            fi
        fi
    fi
done

elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
if [ "$bad_batch" = -1 ]; then
    echo "diff: $count passed, 0 failed"
    echo "diff: seed $seed, all $count sequences match (${elapsed}s)"
    [ "$keep" = 1 ] || rm -rf "$work"
    exit 0
fi

# ---------------------------------------------------------------- report
b=$bad_batch
echo "diff: MISMATCH -- seed $seed, batch $b, first bad sequence $bad_index ($nfail bad in all)"
if [ -s "$work/bad.list" ]; then
    echo "diff: bad sequences: $(head -n 30 "$work/bad.list" | tr '\n' ' ')$([ "$nfail" -gt 30 ] && echo "...")"
    echo "diff: one alone: tests/diff/run.sh --seed $seed --first INDEX --count 1$([ "$ref_only" = 1 ] && echo " --ref-only")"
fi
echo "diff: replay: tests/diff/run.sh$(printf ' %q' "${orig_args[@]}")"
dut_extra=$(grep -v '^seq ' "$work/b$b.dut" | head -n 20 || true)
if [ -n "$dut_extra" ] || [ -s "$work/b$b.dut.err" ]; then
    echo "--- other output of the run under test (batch $b, status $(cat "$work/b$b.dut.rc")):"
    [ -n "$dut_extra" ] && printf '%s\n' "$dut_extra"
    tail -n 20 "$work/b$b.dut.err"
fi
if [ "$bad_index" -ge 0 ]; then
    build_run v -s "$seed" -v "$bad_index" || true
    echo "--- final state of sequence $bad_index: reference (qemu-riscv64) vs under test ($dut_name)"
    awk '
        FNR == NR { if (NF == 2) { ref[$1] = $2; order[++n] = $1 } ; next }
        NF == 2 { dut[$1] = $2; nd++ }
        END {
            if (nd == 0)
                print "(the run under test printed no state for this sequence; reference state:)"
            printf "%-8s %-16s %-16s\n", "", "reference", nd ? "under test" : ""
            for (i = 1; i <= n; i++) {
                k = order[i]
                if (nd == 0) { printf "%-8s %-16s\n", k, ref[k]; continue }
                d = (k in dut) ? dut[k] : "(missing)"
                printf "%-8s %-16s %-16s%s\n", k, ref[k], d, d == ref[k] ? "" : "   <-- differs"
            }
        }' "$work/v.ref" "$work/v.dut"
    grep '^seq ' "$work/v.ref" | sed 's/^/reference:  /'
    grep '^seq ' "$work/v.dut" | sed 's/^/under test: /' || echo "under test: no hash line (status $(cat "$work/v.dut.rc"))"
    if [ -n "$(grep '^seq ' "$work/v.ref")" ] && [ "$(grep '^seq ' "$work/v.ref")" = "$(grep '^seq ' "$work/v.dut" || true)" ]; then
        echo "note: run alone, sequence $bad_index matches: the mismatch depends on the sequences" \
            "run before it in batch $b ($work/b$b.s, .dut, .ref)"
    fi
    grep -v '^seq \|^[a-z]*[0-9+]* *[0-9a-f]\{16\}$' "$work/v.dut" | head -n 10 || true
    # a trap report names mepc: show the code around it
    mepc=$(sed -n 's/^TRAP .*mepc=\([0-9a-f]*\).*/\1/p' "$work/v.dut" | head -n 1)
    objdump=$(pick riscv64-unknown-elf-objdump riscv64-linux-gnu-objdump || true)
    if [ -n "$mepc" ] && [ -n "$objdump" ]; then
        echo "--- code around mepc 0x$mepc in $work/v.bare.elf:"
        lo=$(printf '0x%x' $((0x$mepc - 24))); hi=$(printf '0x%x' $((0x$mepc + 12)))
        "$objdump" -d --start-address="$lo" --stop-address="$hi" "$work/v.bare.elf" | sed -n '/^ *[0-9a-f]*:/p'
    fi
    echo "--- sequence $bad_index (from $work/v.s):"
    sed -n "/^# --- seq $bad_index begin/,/^# --- seq $bad_index end/p" "$work/v.s" |
        grep -v '^\s*\.dword\|^\s*\.pushsection\|^\s*\.popsection\|^\s*\.balign\|^\.Ld'
fi
echo "diff: $((count - nfail)) passed, $nfail failed"
echo "diff: work files kept in $work"
exit 1
