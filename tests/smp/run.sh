#!/bin/bash
# SMP tests: the stock Debian riscv64 kernel on strato with 4 vCPUs, running
# multi-threaded guest programs (tests/smp/*.c, cross-compiled here) from a
# read-only ext4 disk, driven through the console.
#   tests/smp/run.sh [--strato PATH]
#
# 1. counters, pingpong and work pass under qemu-riscv64 (user mode), and a
#    deliberately wrong expected total makes counters fail (the test of the test)
# 2. --cpus 4: nproc and /proc/cpuinfo see 4 harts; counters (4 threads) and
#    pingpong pass; hart 3 goes offline (online 0-2, nproc 3) and back (0-3),
#    runs a task pinned to it, and counters still pass; poweroff gives status 0
# 3. --cpus 4 --vcpu-threads 1 (the M:N scheduler), when strato has the option:
#    the same programs, every hart pinned to, hart 3 offline and back
#
# Work files: build/tests/smp/ (bin/, the disk image smp.ext4, one log per VM).
set -u
cd "$(dirname "$0")/../.."
while [ $# -gt 0 ]; do
	case $1 in
	--strato) STRATO=$2; shift 2 ;;
	*) echo "usage: $0 [--strato PATH]" >&2; exit 2 ;;
	esac
done
WORK=build/tests/smp
. tests/boot/lib.sh

QEMU_USER=${QEMU_USER:-qemu-riscv64}
passed=0

pass() {
	echo "PASS $CURRENT_TEST"
	passed=$((passed + 1))
}

# --- build the guest programs and the disk image -----------------------------

tests/smp/build.sh "$WORK" || { echo "FAIL build: tests/smp/build.sh $WORK"; exit 1; }
IMG=$WORK/smp.ext4
echo "built: $WORK/bin/{counters,pingpong,work} and $IMG"

# --- 1. the programs under qemu-riscv64 (user mode) --------------------------

# expect_user NAME STATUS PATTERN PROG ARGS...: PROG exits STATUS and prints PATTERN
expect_user() {
	local name=$1 want=$2 pattern=$3 out rc
	shift 3
	out=$(timeout 120 "$QEMU_USER" "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | head -n 3 | sed 's/^/    /'
	[ "$rc" -eq "$want" ] || { echo "FAIL $name: exit status $rc, expected $want"; exit 1; }
	printf '%s\n' "$out" | grep -Eq -- "$pattern" || { echo "FAIL $name: no /$pattern/"; exit 1; }
}

if command -v "$QEMU_USER" >/dev/null 2>&1; then
	CURRENT_TEST=qemu-user
	echo "---- $CURRENT_TEST: the programs under $QEMU_USER"
	B=$WORK/bin
	expect_user counters 0 '^counters: OK threads=4 iters=200000 ' "$B/counters" 4
	expect_user counters-1 0 '^counters: OK threads=1 ' "$B/counters" 1 50000
	# a wrong expected total must fail, in both directions
	expect_user counters-bias 1 '^counters: FAIL amo_w=' "$B/counters" 4 20000 1
	expect_user counters-bias- 1 '^counters: FAIL .*lrsc_d=' "$B/counters" 2 20000 -1
	expect_user pingpong 0 '^pingpong: OK 5000$' "$B/pingpong" 5000
	# a hand-over that never comes is a failure, not a hang
	expect_user pingpong-timeout 1 '^pingpong: FAIL timeout' "$B/pingpong" 100000000 1
	expect_user work 0 '^work: threads=2 units=4 elapsed=[0-9.]+ checksum=0x[0-9a-f]{16}$' "$B/work" 2 4
	pass
else
	echo "SKIP qemu-user: $QEMU_USER not found (apt-get install qemu-user)"
fi

# --- the guest ----------------------------------------------------------------

KERNEL=$(scripts/guest path Image) || exit 1
INITRD=$(scripts/guest path initramfs) || exit 1

# guest_run TAG COMMAND [TIMEOUT]: runs COMMAND at the guest's shell and waits
# for it; its exit status is in $GUEST_RC and what it printed in $GUEST_OUT
guest_run() {
	local tag=$1 cmd=$2 timeout=${3:-120} from waited=0
	from=$(($(wc -l <"$VM_LOG") + 1))
	vm_send "$cmd; echo $tag-\$?-$tag"
	# only what the guest printed after this command counts
	while ! tail -n +"$from" "$VM_LOG" | grep -aEq "^$tag-[0-9]+-$tag"; do
		kill -0 "$VM_PID" 2>/dev/null || fail "strato exited while running '$cmd'"
		[ "$waited" -lt $((timeout * 5)) ] || fail "'$cmd' did not finish within ${timeout}s"
		sleep 0.2
		waited=$((waited + 1))
	done
	GUEST_OUT=$(tail -n +"$from" "$VM_LOG" | tr -d '\r')
	GUEST_RC=$(printf '%s\n' "$GUEST_OUT" | sed -n "s/^$tag-\([0-9]*\)-$tag\$/\1/p" | head -n1)
}

# guest_ok TAG COMMAND PATTERN [TIMEOUT]: COMMAND exits 0 and prints PATTERN
guest_ok() {
	guest_run "$1" "$2" "${4:-120}"
	[ "$GUEST_RC" = 0 ] || fail "'$2' gave status $GUEST_RC"
	[ -n "$3" ] || return 0
	printf '%s\n' "$GUEST_OUT" | grep -Eq -- "$3" || fail "'$2' printed no /$3/"
	printf '%s\n' "$GUEST_OUT" | grep -E -- "$3" | head -n1 | sed 's/^/    guest: /'
}

# guest_value TAG EXPRESSION: the value the guest's shell gives EXPRESSION
guest_value() {
	guest_ok "$1" "echo \"$1=[$2]\"" "^$1=\[.*\]"
	GUEST_VALUE=$(printf '%s\n' "$GUEST_OUT" | sed -n "s/^$1=\[\(.*\)\]\$/\1/p" | head -n1)
}

# expect_value TAG EXPRESSION WANT
expect_value() {
	guest_value "$1" "$2"
	[ "$GUEST_VALUE" = "$3" ] || fail "'$2' is '$GUEST_VALUE' in the guest, expected '$3'"
}

guest_boot() {
	vm_expect 'Run /init as init process' 300
	vm_expect '^strato-guest: init ready' 300
	guest_ok mnt 'mkdir -p /mnt && mount -t ext4 -o ro /dev/vda /mnt && ls /mnt' 'counters'
}

# soft lockups, RCU stalls, oopses: reported in every case, fatal for the tests
check_kernel_log() {
	local bad
	bad=$(grep -a -E 'soft lockup|rcu_sched self-detected|rcu: INFO|RCU stall|stalls on CPUs|BUG:|Oops|WARNING:|Kernel panic|hung_task|blocked for more than' "$VM_LOG" | head -n 5)
	[ -z "$bad" ] || fail "the kernel complained: $(printf '%s' "$bad" | tr -d '\r' | tr '\n' '|')"
}

# --- 2. four vCPUs, one host thread each ------------------------------------------

vm_start cpus4 --kernel "$KERNEL" --initrd "$INITRD" --cpus 4 --disk "$IMG,ro"
guest_boot
expect_value nproc '$(nproc)' 4
expect_value cpuinfo '$(grep -c ^processor /proc/cpuinfo)' 4
expect_value harts '$(awk '"'"'$1 == "hart" && $2 == ":" {printf "%s", $3}'"'"' /proc/cpuinfo)' 0123
expect_value online '$(cat /sys/devices/system/cpu/online)' 0-3
guest_ok counters '/mnt/counters 4' '^counters: OK threads=4 iters=200000 ' 600
# the same failure the host saw: a wrong expected total fails in the guest too
guest_run counters-bias '/mnt/counters 4 1000 1' 120
[ "$GUEST_RC" = 1 ] || fail "counters with a wrong expected total gave status $GUEST_RC, expected 1"
printf '%s\n' "$GUEST_OUT" | grep -q '^counters: FAIL amo_w=' || fail "counters printed no FAIL line"
guest_ok pingpong '/mnt/pingpong 5000' '^pingpong: OK 5000$' 600
guest_ok work '/mnt/work 4 2' '^work: threads=4 units=2 .*checksum=0x[0-9a-f]+$' 600
# every hart runs tasks pinned to it ('processor' is field 39 of /proc/PID/stat)
for c in 0 1 2 3; do
	expect_value on$c "\$(taskset -c $c cat /proc/self/stat | cut -d' ' -f39)" $c
done

# hart 3 offline (SBI HSM hart_stop) and back (hart_start)
guest_ok off3 'echo 0 > /sys/devices/system/cpu/cpu3/online' ''
expect_value online-off '$(cat /sys/devices/system/cpu/online)' 0-2
expect_value offline-off '$(cat /sys/devices/system/cpu/offline)' 3
expect_value nproc-off '$(nproc)' 3
guest_run pin-off 'taskset -c 3 true' 60
[ "$GUEST_RC" != 0 ] || fail "a task could be pinned to the offline hart 3"
guest_ok counters-off '/mnt/counters 4 50000' '^counters: OK threads=4 iters=50000 ' 600
guest_ok on3 'echo 1 > /sys/devices/system/cpu/cpu3/online' ''
expect_value online-on '$(cat /sys/devices/system/cpu/online)' 0-3
expect_value nproc-on '$(nproc)' 4
expect_value on3-again "\$(taskset -c 3 cat /proc/self/stat | cut -d' ' -f39)" 3
guest_ok counters-on '/mnt/counters 4' '^counters: OK threads=4 iters=200000 ' 600
guest_ok pingpong-on '/mnt/pingpong 5000' '^pingpong: OK 5000$' 600

check_kernel_log
vm_send 'poweroff'
vm_wait 60
[ "$VM_STATUS" -eq 0 ] || fail "poweroff gave status $VM_STATUS, expected 0"
pass

# --- 3. four vCPUs on one host thread (M:N scheduler) ----------------------------

if "$STRATO" run --help 2>&1 | grep -q -- '--vcpu-threads'; then
	vm_start vcpu-threads1 --kernel "$KERNEL" --initrd "$INITRD" --cpus 4 --vcpu-threads 1 --disk "$IMG,ro"
	guest_boot
	expect_value nproc '$(nproc)' 4
	guest_ok counters '/mnt/counters 4' '^counters: OK threads=4 iters=200000 ' 600
	guest_ok pingpong '/mnt/pingpong 5000' '^pingpong: OK 5000$' 600
	for c in 0 1 2 3; do
		expect_value on$c "\$(taskset -c $c cat /proc/self/stat | cut -d' ' -f39)" $c
	done
	# a parked hart leaves the run queue and comes back to it
	guest_ok off3 'echo 0 > /sys/devices/system/cpu/cpu3/online' ''
	expect_value online-off '$(cat /sys/devices/system/cpu/online)' 0-2
	guest_ok on3 'echo 1 > /sys/devices/system/cpu/cpu3/online' ''
	expect_value online-on '$(cat /sys/devices/system/cpu/online)' 0-3
	guest_ok counters-on '/mnt/counters 4' '^counters: OK threads=4 iters=200000 ' 600
	check_kernel_log
	vm_send 'poweroff'
	vm_wait 60
	[ "$VM_STATUS" -eq 0 ] || fail "poweroff gave status $VM_STATUS, expected 0"
	pass
else
	echo "SKIP vcpu-threads1: '$STRATO run --help' lists no --vcpu-threads (the M:N scheduler is not there yet)"
fi

echo "smp: $passed passed"
