#!/bin/sh
# Idle guests cost no host CPU: a hart whose only timer is set to a far-future
# value sleeps in WFI until strato is stopped.  Counted in WFI exits (--stats),
# never in wall time: a sleeping hart exits once (or a few times), a spinning
# one hundreds of thousands of times in the second the test waits.
#   tests/idle/run.sh [--strato PATH]
set -u
cd "$(dirname "$0")/../.."
STRATO=build/strato
[ "${1:-}" = --strato ] && STRATO=$2
W=build/tests/idle
mkdir -p "$W"
CC=${CC_RISCV:-riscv64-unknown-elf-gcc}
CFLAGS="-march=rv64gc -mabi=lp64d -nostdlib -nostartfiles -static -mcmodel=medany"
passed=0 failed=0

check() { # NAME DEFINES
	name=$1
	if ! $CC $CFLAGS $2 -Itests/bare -T tests/bare/link.ld -Wl,--no-warn-rwx-segments -o "$W/$name.elf" tests/idle/far_timer.S; then
		echo "FAIL $name: cannot build"; failed=$((failed + 1)); return
	fi
	timeout --preserve-status -s TERM 1 "$STRATO" run --bios "$W/$name.elf" --stats >"$W/$name.log" 2>&1
	status=$?
	wfi=$(sed -n 's/.*exits:.* wfi=\([0-9]*\).*/\1/p' "$W/$name.log" | head -n 1)
	if [ "$status" -eq 4 ] && [ -n "$wfi" ] && [ "$wfi" -le 10 ]; then
		echo "PASS $name: $wfi WFI exits in 1 s"; passed=$((passed + 1))
	else
		echo "FAIL $name: status $status (want 4, stopped by SIGTERM), ${wfi:-no} WFI exits (want at most 10)"
		sed 's/^/    /' "$W/$name.log" | tail -n 8
		failed=$((failed + 1))
	fi
}

check far-mtimecmp -DFAR_M
check far-stimecmp ""
echo "idle: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
