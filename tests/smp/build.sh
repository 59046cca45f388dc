#!/bin/bash
# Builds the SMP guest programs (tests/smp/*.c) with the Debian cross compiler
# and a read-only ext4 image holding them, for tests/smp/run.sh and bench/smp.sh.
#   tests/smp/build.sh OUTDIR
# Writes OUTDIR/bin/{counters,pingpong,work} and OUTDIR/smp.ext4 (the guest
# mounts it: mount -t ext4 -o ro /dev/vda /mnt).  Exit status 1 with one
# 'smp-build: ...' line on any error.
set -u
cd "$(dirname "$0")/../.."
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
OUT=$1
CROSS_CC=${CROSS_CC:-riscv64-linux-gnu-gcc}
CROSS_OBJDUMP=${CROSS_OBJDUMP:-riscv64-linux-gnu-objdump}
PROGS="counters pingpong work"

die() { echo "smp-build: $*" >&2; exit 1; }

command -v "$CROSS_CC" >/dev/null 2>&1 ||
	die "$CROSS_CC not found (apt-get install gcc-riscv64-linux-gnu)"
command -v mkfs.ext4 >/dev/null 2>&1 || die "mkfs.ext4 not found (apt-get install e2fsprogs)"
rm -rf "$OUT/bin" "$OUT/disk" "$OUT/smp.ext4"
mkdir -p "$OUT/bin" "$OUT/disk" || die "cannot create $OUT"
for p in $PROGS; do
	"$CROSS_CC" -static -O2 -Wall -Wextra -Werror -pthread -o "$OUT/bin/$p" "tests/smp/$p.c" ||
		die "$CROSS_CC tests/smp/$p.c failed"
	cp "$OUT/bin/$p" "$OUT/disk/$p" || die "cannot copy $p into $OUT/disk"
done

# the atomics in counters' worker must really be the instructions under test
# (AMOs from __atomic_fetch_add, LR/SC from the inline asm)
if command -v "$CROSS_OBJDUMP" >/dev/null 2>&1; then
	insns=$("$CROSS_OBJDUMP" -d "$OUT/bin/counters" | awk '/<worker>:/,/^$/ {print $3}' |
		grep -E '^(amoadd|lr|sc)\.' | sort -u | tr '\n' ' ')
	for i in amoadd.w amoadd.d lr.w sc.w lr.d sc.d lr.d.aq sc.d.rl; do
		case " $insns " in
		*" $i "*) ;;
		*) die "counters' worker has no $i (it has: $insns)" ;;
		esac
	done
fi

mkfs.ext4 -q -F -L strato-smp -E root_owner=0:0 -d "$OUT/disk" "$OUT/smp.ext4" 16M \
	>"$OUT/mkfs.log" 2>&1 || die "mkfs.ext4 -d $OUT/disk failed: $(tail -n 1 "$OUT/mkfs.log")"
