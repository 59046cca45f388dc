#!/bin/bash
# The real Debian 13 guest (scripts/guest debian) on strato and on QEMU in the same
# run: same kernel, initrd and disk image (a fresh copy each boot), 2 GiB, N vCPUs,
# virtio disk and network, QEMU -M virt with Debian's OpenSBI fw_jump.  Times, seen
# from the host through the serial console:
#   boot     strato run / qemu start to the login prompt
#   login    root's shell prompt after typing 'root'
#   python   python3 -c 'hashlib.sha256(b"x"*50000000)'
#   gcc      gcc -O2 of a small program, and running it
#   apt      apt-cache policy (dpkg database and package lists)
#   sha256   sha256sum of 32 MiB (the first 32 MiB of the libraries, gcc and /usr/bin, cached)
#   gzip     gzip -6 of the same 32 MiB
#   cpu      bench/work/cpu.c built in the guest (gcc -O2, untimed): integer hashing,
#            random memory reads, branchy loops and floating point
#   poweroff 'poweroff' to the hypervisor's exit
# Ratios strato/QEMU are printed last (below 1: strato is faster).
#   bench/debian.sh [--cpus N] [--rounds R] [--interp]   (default 2 vCPUs, 1 round)
# --interp also runs strato with --engine interp, for the translator's gain.
set -u
cd "$(dirname "$0")/.."
CPUS=2
ROUNDS=1
INTERP=0
while [ $# -gt 0 ]; do
	case $1 in
	--cpus) CPUS=$2; shift 2 ;;
	--rounds) ROUNDS=$2; shift 2 ;;
	--interp) INTERP=1; shift ;;
	*) echo "usage: $0 [--cpus N] [--rounds R] [--interp]" >&2; exit 2 ;;
	esac
done
STRATO=${STRATO:-build/strato}
QEMU=${QEMU:-qemu-system-riscv64}
WORK=build/bench/debian
mkdir -p "$WORK"
command -v "$QEMU" >/dev/null || { echo "debian.sh: $QEMU not found (apt-get install qemu-system-misc)" >&2; exit 1; }
[ -x "$STRATO" ] || make -s "$STRATO" || exit 1
KERNEL=$(scripts/guest path debian-Image) || exit 1
INITRD=$(scripts/guest path debian-initrd) || exit 1
DISK=$(scripts/guest path debian-disk) || exit 1
FW=$(scripts/guest path fw_jump) || exit 1
APPEND="root=/dev/vda rw console=ttyS0"

die() { echo "debian.sh: $*" >&2; [ -n "${PID:-}" ] && kill -9 "$PID" 2>/dev/null; exit 1; }
. bench/console.sh

# the guest's CPU benchmark (bench/work/cpu.c), typed into the guest line by line
mapfile -t CPU_C <bench/work/cpu.c || { echo "debian.sh: cannot read bench/work/cpu.c" >&2; exit 1; }

# one boot: prints "boot login python gcc apt sha256 gzip cpu poweroff"
measure() { # NAME COMMAND...
	local name=$1 t b l p g a h z c o
	shift
	rm -f "$WORK/disk.img"
	cp --sparse=always "$DISK" "$WORK/disk.img" || die "cannot copy $DISK"
	t=$(now)
	start "$name" "$@"
	expect 'login: *$' 1200
	b=$(since "$t")
	sleep 1
	t=$(now)
	send root
	expect 'root@strato-debian:~# ' 120
	l=$(since "$t")
	send 'export TERM=dumb'
	p=$(timed PY "python3 -c 'import hashlib; hashlib.sha256(b\"x\"*50000000)'" 1200)
	send "echo 'int printf(const char *, ...); int main(void) { printf(\"%d\\n\", 6 * 7); return 0; }' >/tmp/t.c"
	g=$(timed GCC 'gcc -O2 -o /tmp/t /tmp/t.c && /tmp/t' 1200)
	a=$(timed APT 'apt-cache policy python3 >/dev/null' 600)
	send 'cat /usr/lib/riscv64-linux-gnu/* /usr/libexec/gcc/riscv64-linux-gnu/*/* /usr/bin/* 2>/dev/null | head -c 33554432 >/tmp/d; echo @D""-done'
	expect '^@D-done' 600
	h=$(timed SHA 'sha256sum /tmp/d >/dev/null' 600)
	z=$(timed GZ 'gzip -6 -c /tmp/d >/dev/null' 600)
	send 'rm -f /tmp/cpu.c'
	local line
	for line in "${CPU_C[@]}"; do
		send "echo '$line' >>/tmp/cpu.c"
	done
	send 'gcc -O2 -o /tmp/cpu /tmp/cpu.c; echo @CC""-done'
	expect '^@CC-done' 600
	c=$(timed CPU '/tmp/cpu' 1200)
	t=$(now)
	send poweroff
	local deadline=$((SECONDS + 600))
	while kill -0 "$PID" 2>/dev/null; do
		[ "$SECONDS" -lt "$deadline" ] || die "$name still running 600 s after poweroff"
		sleep 0.05
	done
	o=$(since "$t")
	wait "$PID"
	exec 3>&-
	PID=
	echo "$b $l $p $g $a $h $z $c $o"
}

NAMES="boot login python gcc apt sha256 gzip cpu poweroff"
declare -a S Q I
for r in $(seq 1 "$ROUNDS"); do
	s=$(measure strato "$STRATO" run --kernel "$KERNEL" --initrd "$INITRD" --disk "$WORK/disk.img" \
		--append "$APPEND" --cpus "$CPUS" --mem 2G --net user) || exit 1
	if [ "$INTERP" = 1 ]; then
		i=$(measure strato-interp "$STRATO" run --engine interp --kernel "$KERNEL" --initrd "$INITRD" \
			--disk "$WORK/disk.img" --append "$APPEND" --cpus "$CPUS" --mem 2G --net user) || exit 1
		I+=("$i")
		echo "round $r: strato --engine interp [$i]"
	fi
	q=$(measure qemu "$QEMU" -M virt -smp "$CPUS" -m 2G -nographic -bios "$FW" -kernel "$KERNEL" \
		-initrd "$INITRD" -append "$APPEND" \
		-drive "file=$WORK/disk.img,format=raw,if=none,id=hd0" -device virtio-blk-device,drive=hd0 \
		-netdev user,id=n0 -device virtio-net-device,netdev=n0) || exit 1
	echo "round $r: strato [$s]  qemu [$q]  ($NAMES, seconds)"
	S+=("$s")
	Q+=("$q")
done

ratios "$CPUS vCPUs"
