#!/bin/sh
# Idle guests cost no host CPU: a hart whose only timer is set to a far-future
# value sleeps in WFI until strato is stopped.  And a guest whose console output
# nobody reads can still be stopped.  Counted in WFI exits (--stats),
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

# A UART flood into a pipe that is open but never read: SIGTERM still ends
# strato, with status 4, and it says how much output was lost.
name=blocked-console
if $CC $CFLAGS -Itests/bare -T tests/bare/link.ld -Wl,--no-warn-rwx-segments -o "$W/flood.elf" tests/idle/flood.S; then
	rm -f "$W/out.fifo"
	mkfifo "$W/out.fifo"
	exec 5<>"$W/out.fifo" # a reader that never reads
	"$STRATO" run --bios "$W/flood.elf" >"$W/out.fifo" 2>"$W/$name.log" &
	pid=$!
	sleep 1
	kill -TERM "$pid" 2>/dev/null
	waited=0
	while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do
		sleep 0.1
		waited=$((waited + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -9 "$pid"
		wait "$pid" 2>/dev/null
		echo "FAIL $name: strato still running 10 s after SIGTERM"
		failed=$((failed + 1))
	else
		wait "$pid"
		status=$?
		if [ "$status" -eq 4 ] && grep -q 'console output lost' "$W/$name.log"; then
			echo "PASS $name: stopped by SIGTERM ($(grep 'lost' "$W/$name.log"))"
			passed=$((passed + 1))
		else
			echo "FAIL $name: status $status (want 4) and a line on lost output:"
			sed 's/^/    /' "$W/$name.log" | tail -n 5
			failed=$((failed + 1))
		fi
	fi
	exec 5<&-
	rm -f "$W/out.fifo"
else
	echo "FAIL $name: cannot build"
	failed=$((failed + 1))
fi
# An idle Linux guest costs the host the RAM it touched and little more:
# strato's own resident memory (--stats, "host memory") stays under 8 MiB once
# the guest has sat idle for a while (the decoded-code arena alone could hold
# 16 MiB).  Firecracker's published VMM overhead is under 5 MiB.
name=idle-memory
if KERNEL=$(scripts/guest path Image) && INITRD=$(scripts/guest path initramfs); then
	rm -f "$W/in.fifo"
	mkfifo "$W/in.fifo"
	exec 7<>"$W/in.fifo" # a console input that stays open and silent
	"$STRATO" run --kernel "$KERNEL" --initrd "$INITRD" --mem 256M --net none --stats \
		<&7 >"$W/$name.log" 2>&1 &
	pid=$!
	waited=0
	until grep -q 'init ready' "$W/$name.log" || [ "$waited" -ge 600 ]; do
		sleep 0.2
		waited=$((waited + 1))
	done
	sleep 25 # idle for two whole 10 s accounting windows, however long the boot took
	kill -TERM "$pid" 2>/dev/null
	wait "$pid"
	exec 7<&-
	rm -f "$W/in.fifo"
	own=$(sed -n "s/.*host memory:.* \([0-9]*\) KiB strato's own.*/\1/p" "$W/$name.log")
	if [ -n "$own" ] && [ "$own" -lt 8192 ]; then
		echo "PASS $name: $own KiB of strato's own beside the guest's RAM"; passed=$((passed + 1))
	else
		echo "FAIL $name: ${own:-no} KiB of strato's own memory (want under 8192)"
		sed 's/^/    /' "$W/$name.log" | grep -v '^    \[' | tail -n 8
		failed=$((failed + 1))
	fi
else
	echo "FAIL $name: no busybox guest (scripts/guest)"
	failed=$((failed + 1))
fi
echo "idle: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
