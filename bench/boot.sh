#!/bin/bash
# Boot benchmark: the Debian riscv64 kernel with an initramfs whose /init
# powers off at once, on strato and on QEMU (-M virt, Debian's OpenSBI),
# interleaved over several rounds.  Prints each median and the ratios.
#   bench/boot.sh [--rounds N]
set -u
cd "$(dirname "$0")/.."
ROUNDS=5
while [ $# -gt 0 ]; do
	case $1 in
	--rounds) ROUNDS=$2; shift 2 ;;
	*) echo "usage: $0 [--rounds N]" >&2; exit 2 ;;
	esac
done
STRATO=${STRATO:-build/strato}
QEMU=${QEMU:-qemu-system-riscv64}
[ -x "$STRATO" ] || make -s "$STRATO" || exit 1
command -v "$QEMU" >/dev/null || { echo "boot.sh: $QEMU not found (apt-get install qemu-system-misc)" >&2; exit 1; }

KERNEL=$(scripts/guest path Image) || exit 1
INITRD=$(scripts/guest path initramfs-poweroff) || exit 1
FW=$(scripts/guest path fw_jump) || exit 1
APPEND="console=ttyS0"
MEM=512M
LOG=build/bench/boot
mkdir -p "$LOG"

# time_run NAME CMD...: seconds to exit, or "fail"
time_run() {
	local name=$1
	shift
	local t0 t1
	t0=$(date +%s.%N)
	if timeout 120 "$@" </dev/null >"$LOG/$name.log" 2>&1 &&
		grep -q 'init ready (poweroff image)' "$LOG/$name.log"; then
		t1=$(date +%s.%N)
		echo "$t1 - $t0" | bc -l
	else
		echo fail
	fi
}

median() {
	sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "fail"; else if (NR % 2) printf "%.3f\n", a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'
}

declare -a S_DIRECT S_FW S_INTERP Q
for r in $(seq 1 "$ROUNDS"); do
	S_DIRECT+=("$(time_run strato-direct "$STRATO" run --kernel "$KERNEL" --initrd "$INITRD" --append "$APPEND" --mem "$MEM")")
	S_INTERP+=("$(time_run strato-interp "$STRATO" run --engine interp --kernel "$KERNEL" --initrd "$INITRD" --append "$APPEND" --mem "$MEM")")
	Q+=("$(time_run qemu "$QEMU" -M virt -m "$MEM" -nographic -bios "$FW" -kernel "$KERNEL" -initrd "$INITRD" -append "$APPEND")")
	S_FW+=("$(time_run strato-firmware "$STRATO" run --firmware "$FW" --kernel "$KERNEL" --initrd "$INITRD" --append "$APPEND" --mem "$MEM")")
	echo "round $r: strato direct ${S_DIRECT[-1]} s (interpreter ${S_INTERP[-1]} s), strato+OpenSBI ${S_FW[-1]} s, qemu+OpenSBI ${Q[-1]} s"
done

for v in "${S_DIRECT[@]}" "${S_INTERP[@]}" "${S_FW[@]}" "${Q[@]}"; do
	[ "$v" = fail ] && { echo "boot.sh: a run failed; see $LOG/*.log" >&2; exit 1; }
done
sd=$(printf '%s\n' "${S_DIRECT[@]}" | median)
sf=$(printf '%s\n' "${S_FW[@]}" | median)
si=$(printf '%s\n' "${S_INTERP[@]}" | median)
q=$(printf '%s\n' "${Q[@]}" | median)
echo
echo "kernel: $(basename "$KERNEL") $(stat -c %s "$KERNEL") bytes; initramfs: poweroff at once; $MEM; 1 hart"
printf 'strato, direct boot (strato is the SBI):  median %s s\n' "$sd"
printf 'strato, OpenSBI fw_jump:                  median %s s\n' "$sf"
printf 'strato, direct boot, --engine interp:     median %s s\n' "$si"
printf 'qemu-system-riscv64 -M virt, OpenSBI:     median %s s\n' "$q"
printf 'ratio strato direct / qemu:   %.2f\n' "$(echo "$sd / $q" | bc -l)"
printf 'ratio strato OpenSBI / qemu:  %.2f\n' "$(echo "$sf / $q" | bc -l)"
printf 'ratio strato interpreter / qemu (direct boot):  %.2f\n' "$(echo "$si / $q" | bc -l)"
