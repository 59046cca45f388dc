#!/bin/bash
# SMP benchmark: strato and QEMU side by side, in the same run.
#
# 1. Scaling.  Boots the Debian guest with 1 vCPU and runs tests/smp/work.c
#    with 1 thread, then with 2 vCPUs and 2 threads (each thread does the same
#    fixed work), on strato and on qemu-system-riscv64 -M virt (MTTCG,
#    Debian's OpenSBI).  The time is the one the guest measures
#    (clock_gettime(CLOCK_MONOTONIC) inside work.c), the median of the rounds.
#    speedup = 2 * T(1 vCPU, 1 thread) / T(2 vCPUs, 2 threads): the gain in
#    work done per second; 2.00 is perfect scaling.  Each round also shows
#    how many host CPUs the VM process kept busy (its utime + stime over the
#    host's wall time for the command): on a loaded host, fewer than 2 free
#    CPUs cap the speedup whatever the hypervisor does.
# 2. Idle.  Boots each with 4 vCPUs, leaves the guest at its shell prompt and
#    measures the host CPU time the process uses (utime + stime from
#    /proc/PID/stat) over the idle window, as a percentage of one host CPU.
#
#   bench/smp.sh [--units N] [--rounds R] [--idle S] [--no-qemu]
#     --units N   work units per thread (default 1000; one unit is about 3.3
#                 million guest instructions)
#     --rounds R  runs of the workload per boot, median reported (default 3)
#     --idle S    length of the idle window in seconds (default 10)
#     --no-qemu   strato only
#   environment: STRATO (default build/strato), QEMU (qemu-system-riscv64)
#
# Prints; asserts nothing about time.  Exit status 1 if a VM failed to boot or
# the workload failed or gave different checksums on strato and QEMU.
# Logs: build/bench/smp/.
set -u
cd "$(dirname "$0")/.."
UNITS=1000
ROUNDS=3
IDLE=10
WITH_QEMU=1
while [ $# -gt 0 ]; do
	case $1 in
	--units) UNITS=$2; shift 2 ;;
	--rounds) ROUNDS=$2; shift 2 ;;
	--idle) IDLE=$2; shift 2 ;;
	--no-qemu) WITH_QEMU=; shift ;;
	-h | --help) sed -n '2,/^set -u/{/^set -u/d;s/^# \{0,1\}//p}' "$0"; exit 0 ;;
	*) echo "usage: $0 [--units N] [--rounds R] [--idle S] [--no-qemu]" >&2; exit 2 ;;
	esac
done
for v in "$UNITS" "$ROUNDS" "$IDLE"; do
	case $v in '' | *[!0-9]* | 0) echo "smp.sh: --units, --rounds and --idle take positive integers" >&2; exit 2 ;; esac
done
STRATO=${STRATO:-build/strato}
QEMU=${QEMU:-qemu-system-riscv64}
OUT=build/bench/smp
mkdir -p "$OUT"
[ -x "$STRATO" ] || make -s "$STRATO" || exit 1
if [ -n "$WITH_QEMU" ] && ! command -v "$QEMU" >/dev/null 2>&1; then
	echo "smp.sh: $QEMU not found (apt-get install qemu-system-misc); strato only" >&2
	WITH_QEMU=
fi
KERNEL=$(scripts/guest path Image) || exit 1
INITRD=$(scripts/guest path initramfs) || exit 1
FW=$(scripts/guest path fw_jump) || exit 1
tests/smp/build.sh "$OUT" || exit 1
IMG=$OUT/smp.ext4
APPEND="console=ttyS0"
MEM=512M
HZ=$(getconf CLK_TCK)

# --- a VM on a FIFO console ---------------------------------------------------------

VM_PID=
VM_LOG=

# vm_start NAME HYPERVISOR NCPUS: boots the guest on strato or qemu
vm_start() {
	local name=$1 hv=$2 n=$3 fifo=$OUT/$1.in
	VM_LOG=$OUT/$name.log
	rm -f "$fifo" "$VM_LOG"
	mkfifo "$fifo"
	if [ "$hv" = strato ]; then
		"$STRATO" run --kernel "$KERNEL" --initrd "$INITRD" --append "$APPEND" --mem "$MEM" \
			--cpus "$n" --disk "$IMG,ro" --net none <"$fifo" >"$VM_LOG" 2>&1 &
	else
		"$QEMU" -M virt -smp "$n" -accel tcg,thread=multi -m "$MEM" -nographic \
			-bios "$FW" -kernel "$KERNEL" -initrd "$INITRD" -append "$APPEND" \
			-drive if=none,file="$IMG",format=raw,id=d,readonly=on \
			-device virtio-blk-device,drive=d -nic none <"$fifo" >"$VM_LOG" 2>&1 &
	fi
	VM_PID=$!
	exec 3>"$fifo"
	rm -f "$fifo"
}

vm_kill() {
	[ -n "$VM_PID" ] && kill -9 "$VM_PID" 2>/dev/null && wait "$VM_PID" 2>/dev/null
	exec 3>&-
	VM_PID=
}

die() {
	echo "smp.sh: $*" >&2
	[ -n "$VM_LOG" ] && [ -f "$VM_LOG" ] && tail -n 15 "$VM_LOG" | sed 's/^/    /' >&2
	vm_kill
	exit 1
}

# vm_expect PATTERN [TIMEOUT] [FROM-LINE]
vm_expect() {
	local pattern=$1 timeout=${2:-300} from=${3:-1} waited=0
	while ! tail -n +"$from" "$VM_LOG" 2>/dev/null | grep -aEq -- "$pattern"; do
		kill -0 "$VM_PID" 2>/dev/null || die "the VM exited before printing /$pattern/ (log $VM_LOG)"
		[ "$waited" -lt $((timeout * 5)) ] || die "no /$pattern/ within ${timeout}s (log $VM_LOG)"
		sleep 0.2
		waited=$((waited + 1))
	done
}

# vm_cmd TAG COMMAND [TIMEOUT]: runs COMMAND in the guest; its output in $CMD_OUT
vm_cmd() {
	local tag=$1 from
	from=$(($(wc -l <"$VM_LOG") + 1))
	printf '%s; echo %s-$?-%s\n' "$2" "$tag" "$tag" >&3
	vm_expect "^$tag-[0-9]+-$tag" "${3:-300}" "$from"
	CMD_OUT=$(tail -n +"$from" "$VM_LOG" | tr -d '\r')
	printf '%s\n' "$CMD_OUT" | grep -q "^$tag-0-$tag" || die "'$2' failed in the guest (log $VM_LOG)"
}

vm_boot() {
	vm_start "$@"
	vm_expect '^strato-guest: init ready' 300
	vm_cmd mnt 'mkdir -p /mnt && mount -t ext4 -o ro /dev/vda /mnt' 120
}

vm_poweroff() {
	printf 'poweroff\n' >&3
	local waited=0
	while kill -0 "$VM_PID" 2>/dev/null && [ "$waited" -lt 300 ]; do
		sleep 0.2
		waited=$((waited + 1))
	done
	vm_kill
}

# cpu_ticks PID: utime + stime of the process (all its threads), in clock ticks
cpu_ticks() {
	# the command name (field 2) may hold spaces: count fields after the last ')'
	sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

median() {
	sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) printf "%.3f\n", a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# --- 1. scaling -------------------------------------------------------------------------

declare -A TIME SUM
HVS="strato"
[ -n "$WITH_QEMU" ] && HVS="strato qemu"

echo "host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "work: $UNITS units per thread, $ROUNDS rounds per boot, median of the guest-measured times"
for n in 1 2; do
	for hv in $HVS; do
		vm_boot "$hv-cpus$n" "$hv" "$n"
		times=
		for r in $(seq 1 "$ROUNDS"); do
			c0=$(cpu_ticks "$VM_PID")
			w0=$(date +%s.%N)
			vm_cmd "w$r" "/mnt/work $n $UNITS" 3600
			c1=$(cpu_ticks "$VM_PID")
			w1=$(date +%s.%N)
			line=$(printf '%s\n' "$CMD_OUT" | grep -m1 '^work: ')
			[ -n "$line" ] || die "no result from /mnt/work on $hv"
			t=$(printf '%s\n' "$line" | sed -n 's/.* elapsed=\([0-9.]*\) .*/\1/p')
			sum=$(printf '%s\n' "$line" | sed -n 's/.* checksum=\(0x[0-9a-f]*\).*/\1/p')
			times="$times $t"
			SUM[$hv,$n]=$sum
			# how many host CPUs the VM kept busy (its CPU time over the host's wall time)
			par=$(echo "($c1 - $c0) / $HZ / ($w1 - $w0)" | bc -l)
			printf '  %-6s %d vCPU, %d thread(s), round %d: %8.3f s  %s  (host CPUs busy: %.2f)\n' \
				"$hv" "$n" "$n" "$r" "$t" "$sum" "$par"
		done
		TIME[$hv,$n]=$(printf '%s\n' $times | median)
		vm_poweroff
	done
	if [ -n "$WITH_QEMU" ] && [ "${SUM[strato,$n]}" != "${SUM[qemu,$n]}" ]; then
		die "checksums differ with $n threads: strato ${SUM[strato,$n]}, qemu ${SUM[qemu,$n]}"
	fi
done

# --- 2. idle ----------------------------------------------------------------------------

declare -A IDLE_PCT
for hv in $HVS; do
	vm_boot "$hv-idle" "$hv" 4
	vm_cmd idle0 'echo idle' 60
	sleep 3 # let the boot's last work (deferred probes, the shell) settle
	t0=$(cpu_ticks "$VM_PID")
	w0=$(date +%s.%N)
	sleep "$IDLE"
	t1=$(cpu_ticks "$VM_PID")
	w1=$(date +%s.%N)
	kill -0 "$VM_PID" 2>/dev/null || die "$hv exited while idle"
	IDLE_PCT[$hv]=$(echo "($t1 - $t0) / $HZ / ($w1 - $w0) * 100" | bc -l)
	printf '  %-6s 4 vCPUs idle at the prompt: %d ticks of CPU in %.1f s\n' "$hv" \
		$((t1 - t0)) "$(echo "$w1 - $w0" | bc -l)"
	vm_poweroff
done

# --- results ------------------------------------------------------------------------------

echo
echo "guest: $(basename "$KERNEL"), busybox initramfs, $MEM; strato direct boot (strato is the SBI),"
echo "       qemu -M virt -accel tcg,thread=multi with OpenSBI fw_jump; host load average now $(cut -d' ' -f1-3 /proc/loadavg)"
for hv in $HVS; do
	printf '%-6s  1 vCPU/1 thread %8.3f s   2 vCPUs/2 threads %8.3f s   speedup %.2f (2.00 = perfect)\n' \
		"$hv" "${TIME[$hv,1]}" "${TIME[$hv,2]}" "$(echo "2 * ${TIME[$hv,1]} / ${TIME[$hv,2]}" | bc -l)"
done
for hv in $HVS; do
	printf '%-6s  idle, 4 vCPUs: %.1f %% of one host CPU over %d s\n' "$hv" "${IDLE_PCT[$hv]}" "$IDLE"
done
if [ -n "$WITH_QEMU" ]; then
	printf 'speedup strato: %.2f   speedup qemu: %.2f\n' \
		"$(echo "2 * ${TIME[strato,1]} / ${TIME[strato,2]}" | bc -l)" \
		"$(echo "2 * ${TIME[qemu,1]} / ${TIME[qemu,2]}" | bc -l)"
	printf 'ratio strato/qemu time, 1 vCPU:  %.2f\n' "$(echo "${TIME[strato,1]} / ${TIME[qemu,1]}" | bc -l)"
	printf 'ratio strato/qemu time, 2 vCPUs: %.2f\n' "$(echo "${TIME[strato,2]} / ${TIME[qemu,2]}" | bc -l)"
fi
