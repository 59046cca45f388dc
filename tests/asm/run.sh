#!/bin/sh
# Build and run the bare-metal assembly tests in tests/asm.
#
# usage: tests/asm/run.sh [--qemu] [--strato PATH] [--engine jit|interp]
#                         [--build-dir DIR] [names...]
#
#   --qemu          run on qemu-system-riscv64 -M spike (the reference) instead
#                   of strato; tests marked "# strato-only: <reason>" are skipped
#   --strato PATH   the strato binary (default build/strato)
#   --engine E      jit (default: every block translated at its first run) or
#                   interp (the interpreter alone)
#   --build-dir DIR where the .elf files go (default build/tests/asm)
#   names           tests to run (file names with or without .S); default: all
#
# Each test exits with status 0 on success, N when its check number N failed
# (1..231), 232 + mcause on an unplanned exception (1000 + mcause mod 256),
# 76 + cause on an unplanned interrupt taken in M, 176 + scause on one taken
# by the S-mode capture handler.  Prints one line per test and exits
# non-zero if any test failed.  Tests with a line "# strato-only: <reason>"
# are skipped under --qemu (QEMU 7.2 lacks the feature or differs).

set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

mode=strato
strato="$root/build/strato"
builddir="$root/build/tests/asm"
timeout_s=${TEST_TIMEOUT:-20}
names=""
engine=jit

while [ $# -gt 0 ]; do
    case "$1" in
        --qemu) mode=qemu ;;
        --strato) shift; strato="$1" ;;
        --strato=*) strato="${1#--strato=}" ;;
        --engine) shift; engine="$1" ;;
        --build-dir) shift; builddir="$1" ;;
        --build-dir=*) builddir="${1#--build-dir=}" ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
        *) names="$names $1" ;;
    esac
    shift
done

CC=${CC_RISCV:-riscv64-unknown-elf-gcc}
QEMU=${QEMU:-qemu-system-riscv64}
CFLAGS="-march=rv64gc_zba_zbb_zbs_zicbom_zicboz -mabi=lp64d -nostdlib -nostartfiles -static -mcmodel=medany"

if [ -z "$names" ]; then
    for f in "$here"/*.S; do
        names="$names $(basename "$f" .S)"
    done
fi

if [ "$mode" = strato ] && [ ! -x "$strato" ]; then
    echo "run.sh: no strato binary at $strato (build it, or use --qemu)" >&2
    exit 2
fi

mkdir -p "$builddir" || exit 2

pass=0; fail=0; skip=0; failed=""

explain() {
    # $1: exit status -> short hint
    if [ "$1" -eq 124 ]; then echo "timeout"
    elif [ "$1" -ge 232 ]; then echo "unplanned exception, mcause $(($1 - 232))"
    elif [ "$1" -ge 76 ] && [ "$1" -le 91 ]; then
        echo "check $1, or unplanned interrupt $(($1 - 76))"
    else echo "check $1"
    fi
}

for name in $names; do
    name=$(basename "$name" .S)
    src="$here/$name.S"
    elf="$builddir/$name.elf"
    if [ ! -f "$src" ]; then
        echo "FAIL $name (no such test)"
        fail=$((fail + 1)); failed="$failed $name"; continue
    fi
    if [ "$mode" = qemu ] && grep -q '^# strato-only:' "$src"; then
        echo "SKIP $name ($(sed -n 's/^# strato-only: *//p' "$src" | head -n 1))"
        skip=$((skip + 1)); continue
    fi
    if ! $CC $CFLAGS -I"$root/tests/bare" -T "$root/tests/bare/link.ld" \
            -Wl,--no-warn-rwx-segments "$src" -o "$elf" 2> "$builddir/$name.log"; then
        echo "FAIL $name (build failed, see $builddir/$name.log)"
        fail=$((fail + 1)); failed="$failed $name"; continue
    fi
    if [ "$mode" = qemu ]; then
        timeout "$timeout_s" "$QEMU" -M spike -bios none -kernel "$elf" \
            -nographic -monitor none -serial none < /dev/null > "$builddir/$name.out" 2>&1
    else
        # the JIT translates every block at its first run (--jit-hot 1), so
        # these tests run on translated code, not on the interpreter
        if [ "$engine" = jit ]; then eargs="--engine jit --jit-hot 1"; else eargs="--engine interp"; fi
        timeout "$timeout_s" "$strato" run $eargs --bios "$elf" \
            < /dev/null > "$builddir/$name.out" 2>&1
    fi
    rc=$?
    if [ "$rc" -eq 0 ]; then
        echo "PASS $name"
        pass=$((pass + 1))
    else
        echo "FAIL $name (exit $rc: $(explain "$rc"))"
        fail=$((fail + 1)); failed="$failed $name"
    fi
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] || { echo "failed:$failed"; exit 1; }
exit 0
