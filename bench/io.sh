#!/bin/bash
# I/O benchmark: inside the same guest (Debian kernel, busybox initramfs) on
# strato and on QEMU, with the same virtio-mmio devices, in the same run:
#   - sequential write of 256 MiB to a virtio disk (dd, O_DIRECT),
#   - sequential read of it back (dd, O_DIRECT),
#   - guest -> host TCP throughput (bench/net.sh).
# Prints MB/s for both and the ratios.   bench/io.sh [--rounds N] [--mib M] [--no-net]
set -u
cd "$(dirname "$0")/.."
ROUNDS=1
MIB=256
NET=1
while [ $# -gt 0 ]; do
	case $1 in
	--rounds) ROUNDS=$2; shift 2 ;;
	--mib) MIB=$2; shift 2 ;;
	--no-net) NET=0; shift ;;
	*) echo "usage: $0 [--rounds N] [--mib M] [--no-net]" >&2; exit 2 ;;
	esac
done
STRATO=${STRATO:-build/strato}
QEMU=${QEMU:-qemu-system-riscv64}
[ -x "$STRATO" ] || make -s "$STRATO" || exit 1
KERNEL=$(scripts/guest path Image) || exit 1
INITRD=$(scripts/guest path initramfs) || exit 1
FW=$(scripts/guest path fw_jump) || exit 1
W=build/bench/io
mkdir -p "$W"
IMG=$W/disk.img

# The guest measures with its own clock (/proc/uptime, 10 ms steps: busybox's
# date has no %N); each result line is "IO-NAME CENTISECONDS".
GUEST_CMDS="cs() { tr -d . < /proc/uptime | cut -d' ' -f1; }; s=\$(cs); dd if=/dev/zero of=/dev/vda bs=1M count=$MIB oflag=direct 2>/dev/null; e=\$(cs); echo IO-write \$((e-s)); s=\$(cs); dd if=/dev/vda of=/dev/null bs=1M count=$MIB iflag=direct 2>/dev/null; e=\$(cs); echo IO-read \$((e-s)); poweroff"

run_guest() { # NAME CMD... -> the log in $W/NAME.log
	local name=$1
	shift
	rm -f "$IMG"
	truncate -s $((MIB + 64))M "$IMG"
	local fifo=$W/$name.in
	rm -f "$fifo"
	mkfifo "$fifo"
	timeout 600 "$@" <"$fifo" >"$W/$name.log" 2>&1 &
	local pid=$!
	exec 4>"$fifo"
	local waited=0
	until grep -aq 'strato-guest: init ready' "$W/$name.log"; do
		sleep 0.5
		waited=$((waited + 1))
		if [ $waited -gt 600 ] || ! kill -0 $pid 2>/dev/null; then
			echo "io.sh: $name did not boot; see $W/$name.log" >&2
			exec 4>&-
			return 1
		fi
	done
	printf '%s\n' "$GUEST_CMDS" >&4
	wait $pid
	exec 4>&-
	rm -f "$fifo"
}

mbps() { # NAME LOG
	local cs
	cs=$(grep -a -o "^IO-$1 [0-9]*" "$2" | tail -n1 | cut -d' ' -f2)
	[ -n "$cs" ] && [ "$cs" -gt 0 ] || { echo fail; return; }
	echo "$MIB * 1048576 / ($cs / 100) / 1000000" | bc -l | xargs printf '%.1f'
}

declare -a SW SR QW QR
for r in $(seq 1 "$ROUNDS"); do
	run_guest strato "$STRATO" run --kernel "$KERNEL" --initrd "$INITRD" --disk "$IMG" --net none || exit 1
	SW+=("$(mbps write "$W/strato.log")")
	SR+=("$(mbps read "$W/strato.log")")
	run_guest qemu "$QEMU" -M virt -m 512M -nographic -bios "$FW" -kernel "$KERNEL" -initrd "$INITRD" \
		-append console=ttyS0 -drive if=none,file="$IMG",format=raw,id=d \
		-device virtio-blk-device,drive=d || exit 1
	QW+=("$(mbps write "$W/qemu.log")")
	QR+=("$(mbps read "$W/qemu.log")")
	echo "round $r: strato write ${SW[-1]} read ${SR[-1]} MB/s; qemu write ${QW[-1]} read ${QR[-1]} MB/s"
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
sw=$(printf '%s\n' "${SW[@]}" | median)
sr=$(printf '%s\n' "${SR[@]}" | median)
qw=$(printf '%s\n' "${QW[@]}" | median)
qr=$(printf '%s\n' "${QR[@]}" | median)
echo
echo "virtio-blk, $MIB MiB sequential, 1 MiB O_DIRECT requests, raw image on the host's file system"
printf 'write: strato %s MB/s, qemu %s MB/s, ratio strato/qemu %.2f\n' "$sw" "$qw" "$(echo "$sw / $qw" | bc -l)"
printf 'read:  strato %s MB/s, qemu %s MB/s, ratio strato/qemu %.2f\n' "$sr" "$qr" "$(echo "$sr / $qr" | bc -l)"
if [ "$NET" = 1 ] && [ -x bench/net.sh ]; then
	echo
	bench/net.sh
fi
