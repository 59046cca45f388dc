#!/bin/bash
# Guest CPU work on the small busybox guest (Debian's kernel and initramfs), on
# strato and on QEMU in the same run: the quick version of bench/debian.sh's CPU
# columns, booting in seconds instead of a minute.  One vCPU, 512 MiB, the
# programs and data on a read-only ext4 disk (virtio-blk).  Each piece of work is
# timed from the host through the console (a marker printed when it ends):
#   sha256   busybox sha256sum of 32 MiB (read once untimed, so it is cached)
#   gzip     busybox gzip -6 of the same 32 MiB
#   cpu      bench/work/cpu.c, static (integer hashing, random memory reads,
#            branchy loops, floating point): the same kernels as debian.sh's cpu
#   sort     busybox sort of 200k lines (library code, strings, malloc)
# Ratios strato/QEMU are printed last (below 1: strato is faster).
#   bench/work.sh [--rounds R] [--interp] [--only strato]
# --interp also runs strato with --engine interp.  STRATO, QEMU override the
# binaries.  Times are printed, never judged.
set -u
cd "$(dirname "$0")/.."
ROUNDS=1
INTERP=0
ONLY=
while [ $# -gt 0 ]; do
	case $1 in
	--rounds) ROUNDS=$2; shift 2 ;;
	--interp) INTERP=1; shift ;;
	--only) ONLY=$2; shift 2 ;;
	*) echo "usage: $0 [--rounds R] [--interp] [--only strato]" >&2; exit 2 ;;
	esac
done
STRATO=${STRATO:-build/strato}
QEMU=${QEMU:-qemu-system-riscv64}
CROSS_CC=${CROSS_CC:-riscv64-linux-gnu-gcc}
WORK=build/bench/work
die() { echo "work.sh: $*" >&2; [ -n "${PID:-}" ] && kill -9 "$PID" 2>/dev/null; exit 1; }
command -v "$QEMU" >/dev/null || [ "$ONLY" = strato ] ||
	die "$QEMU not found (apt-get install qemu-system-misc)"
command -v "$CROSS_CC" >/dev/null || die "$CROSS_CC not found (apt-get install gcc-riscv64-linux-gnu)"
[ -x "$STRATO" ] || make -s "$STRATO" || exit 1
KERNEL=$(scripts/guest path Image) || exit 1
INITRD=$(scripts/guest path initramfs) || exit 1
FW=$(scripts/guest path fw_jump) || exit 1

# the disk: the CPU program and 32 MiB of data (the cross compiler's own files:
# real code and text, the same bytes for both machines in a run)
rm -rf "$WORK/disk"
mkdir -p "$WORK/disk"
"$CROSS_CC" -static -O2 -o "$WORK/disk/cpu" bench/work/cpu.c || die "$CROSS_CC bench/work/cpu.c failed"
find /usr/lib/gcc-cross /usr/riscv64-linux-gnu /usr/bin -type f 2>/dev/null | sort |
	xargs cat 2>/dev/null | head -c 33554432 >"$WORK/disk/data"
[ "$(stat -c %s "$WORK/disk/data")" = 33554432 ] || die "cannot gather 32 MiB of data"
seq 200000 | awk '{print ($1 * 7919) % 200003, "line", $1}' >"$WORK/disk/lines"
mkfs.ext4 -q -F -E root_owner=0:0 -d "$WORK/disk" "$WORK/work.ext4" 96M >/dev/null 2>&1 ||
	die "mkfs.ext4 -d $WORK/disk failed"

. bench/console.sh

measure() { # NAME COMMAND...: prints "sha256 gzip cpu sort"
	local name=$1 h z c s
	shift
	start "$name" "$@"
	expect '^strato-guest: init ready' 300
	send 'mkdir -p /mnt && mount -t ext4 -o ro /dev/vda /mnt && cat /mnt/* >/dev/null; echo @M""-done'
	expect '^@M-done' 300
	h=$(timed SHA 'sha256sum /mnt/data >/dev/null' 600)
	z=$(timed GZ 'gzip -6 -c /mnt/data >/dev/null' 600)
	c=$(timed CPU '/mnt/cpu >/dev/null' 600)
	s=$(timed SORT 'sort -n /mnt/lines >/dev/null' 600)
	kill "$PID" 2>/dev/null
	wait "$PID" 2>/dev/null
	exec 3>&-
	PID=
	echo "$h $z $c $s"
}

NAMES="sha256 gzip cpu sort"
DISKARGS=(--disk "$WORK/work.ext4,ro")
declare -a S Q I
for r in $(seq 1 "$ROUNDS"); do
	s=$(measure strato "$STRATO" run --kernel "$KERNEL" --initrd "$INITRD" --mem 512M "${DISKARGS[@]}") || exit 1
	S+=("$s")
	line="round $r: strato [$s]"
	if [ "$INTERP" = 1 ]; then
		i=$(measure strato-interp "$STRATO" run --engine interp --kernel "$KERNEL" --initrd "$INITRD" \
			--mem 512M "${DISKARGS[@]}") || exit 1
		I+=("$i")
		line="$line  interp [$i]"
	fi
	if [ "$ONLY" != strato ]; then
		q=$(measure qemu "$QEMU" -M virt -m 512M -nographic -bios "$FW" -kernel "$KERNEL" \
			-initrd "$INITRD" -append console=ttyS0 \
			-drive "file=$WORK/work.ext4,format=raw,if=none,id=hd0,readonly=on" \
			-device virtio-blk-device,drive=hd0) || exit 1
		Q+=("$q")
		line="$line  qemu [$q]"
	fi
	echo "$line  ($NAMES, seconds)"
done
[ "$ONLY" = strato ] && exit 0

ratios work
