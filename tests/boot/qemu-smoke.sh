#!/usr/bin/env bash
# tests/boot/qemu-smoke.sh — boot strato's guest images (scripts/guest) under QEMU and
# check them: the init marker, `uname -m`, the modules loaded and bound to QEMU's
# virtio-mmio devices (blk, net, rng), an ext4 disk mounted, read and written (and the
# write seen from the host), job control and ^C on the console shell, the shell
# respawned after `exit`, and `poweroff` ending QEMU with status 0.  Then it times the
# poweroff initramfs (boot to marker, boot to exit): the yardstick for strato's boots.
#
#   tests/boot/qemu-smoke.sh [--runs N] [--keep]
#
# env: QEMU (default qemu-system-riscv64), QEMU_BIOS (default: the cached trixie
# fw_jump.bin; "default" = QEMU's own OpenSBI), STRATO_CACHE (see scripts/guest),
# SMOKE_TIMEOUT (seconds per wait, default 120).  Exit status 0 when every check passed.

set -u
LC_ALL=C
export LC_ALL

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
guest=$repo/scripts/guest
QEMU=${QEMU:-qemu-system-riscv64}
TMO=${SMOKE_TIMEOUT:-120}
runs=3
keep=

while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=${2:?--runs N}; shift ;;
	--keep) keep=1 ;;
	-h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "qemu-smoke: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done

[ -n "${EPOCHREALTIME:-}" ] || { echo "qemu-smoke: needs bash 5 or later (EPOCHREALTIME)" >&2; exit 2; }
command -v "$QEMU" >/dev/null || { echo "qemu-smoke: $QEMU not found (Debian package qemu-system-misc)" >&2; exit 2; }

fails=0
pass() { printf 'ok   %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; fails=$((fails + 1)); }
secs() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); } # ms -> s

image=$("$guest" path Image) || exit 2
initrd=$("$guest" path initramfs) || exit 2
initrd_po=$("$guest" path initramfs-poweroff) || exit 2
case ${QEMU_BIOS:-} in
'') fw=$("$guest" path fw_jump) || exit 2; bios=(-bios "$fw") ;;
default) bios=() ;;
*) bios=(-bios "$QEMU_BIOS") ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/qemu-smoke.XXXXXX")
qpid=
cleanup() {
	[ -n "$qpid" ] && kill "$qpid" 2>/dev/null
	exec 3>&- 2>/dev/null
	if [ -n "$keep" ] || [ "$fails" -gt 0 ]; then
		echo "qemu-smoke: logs kept in $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

# --- a disk: ext4 with a file on it when mkfs.ext4 is here, raw zeros otherwise ---------
disk=$work/disk.img
token="strato-$$-$RANDOM"
mkdir -p "$work/diskroot"
echo "$token" >"$work/diskroot/hello.txt"
if command -v mkfs.ext4 >/dev/null 2>&1 &&
	mkfs.ext4 -q -F -L strato -d "$work/diskroot" "$disk" 32M >/dev/null 2>&1; then
	have_ext4=1
else
	have_ext4=
	truncate -s 32M "$disk"
	echo "note: no mkfs.ext4 (Debian package e2fsprogs): the ext4 check is skipped"
fi

# --- console driving (polling uses bash builtins only: forks would slow QEMU here) -----
log=$work/console.log
fifo=$work/console.in
mkfifo "$work/tick"
exec 4<>"$work/tick" # never written: `read -t` on it is a fork-free sleep
nap() { read -r -t "$1" -u 4 _ || :; }
usec() { local t=${EPOCHREALTIME/./}; echo $((10#$t)); }
ms_since() { echo $((($(usec) - $1) / 1000)); }

# console text so far, CRs dropped
console() { tr -d '\r' <"$log"; }

# wait_for GLOB [SECONDS] [FILE]: until the text of FILE (default the console) matches
wait_for() {
	local deadline=$((SECONDS + ${2:-$TMO})) f=${3:-$log} c alive
	while :; do
		alive=1 # (looked at before reading: a QEMU gone has written all it will)
		if [ -n "$qpid" ] && ! kill -0 "$qpid" 2>/dev/null; then alive=; fi
		IFS= read -r -d '' c <"$f" || :
		c=${c//$'\r'/}
		# shellcheck disable=SC2053
		[[ $c == $1 ]] && return 0
		[ -n "$alive" ] || return 1
		[ "$SECONDS" -lt "$deadline" ] || return 1
		nap 0.01
	done
}

send() { printf '%s\n' "$*" >&3; }

# run CMD: its output, between two markers the echoed command line cannot match
run() {
	local id=${EPOCHREALTIME/./} c
	send "echo @@\"\"B$id; $*; echo @@\"\"E$id"
	wait_for "*"$'\n'"@@E$id"$'\n'"*" || { echo "(no answer to: $*)"; return 1; }
	c=$(console)$'\n'
	c=${c#*$'\n'"@@B$id"$'\n'}
	c=${c%%$'\n'"@@E$id"$'\n'*}
	printf '%s\n' "$c"
}

count() { # occurrences of a line in the console
	local c n=0
	c=$'\n'$(console)
	while [[ $c == *$'\n'"$1"* ]]; do
		c=${c#*$'\n'"$1"}
		n=$((n + 1))
	done
	echo "$n"
}

# --- boot the full initramfs with QEMU's virtio-mmio devices ----------------------------
mkfifo "$fifo"
exec 3<>"$fifo"
: >"$log"
t0=$(usec)
"$QEMU" -M virt -m 512M -nographic "${bios[@]}" -kernel "$image" -initrd "$initrd" \
	-append "console=ttyS0" \
	-device virtio-rng-device \
	-drive if=none,file="$disk",format=raw,id=d -device virtio-blk-device,drive=d \
	-netdev user,id=n -device virtio-net-device,netdev=n \
	<"$fifo" >"$log" 2>&1 &
qpid=$!

if wait_for '*strato-guest: init ready*'; then
	pass "marker after $(secs "$(ms_since "$t0")") s"
else
	fail "no 'strato-guest: init ready' on the console"
	tail -n 30 "$log"
	exit 1
fi
out=$(run uname -m)
[ "$out" = riscv64 ] && pass "shell answers after $(secs "$(ms_since "$t0")") s; uname -m: riscv64" ||
	fail "uname -m printed '$out'"

out=$(run "lsmod | tail -n +2 | cut -d' ' -f1 | sort | tr '\n' ' '; echo")
miss=
for m in virtio_mmio virtio_blk virtio_net net_failover failover virtio_rng ext4 jbd2 mbcache crc16 crc32c_generic; do
	case " $out " in *" $m "*) ;; *) miss="$miss $m" ;; esac
done
[ -z "$miss" ] && pass "lsmod: $out" || fail "lsmod lacks$miss (has: $out)"
case " $out " in
*" kvm "*) pass "kvm loaded (QEMU's CPU has the H extension)" ;;
*) echo "note: kvm not loaded: $(console | grep -a 'insmod kvm' | head -n 1)" ;;
esac

out=$(run "cat /sys/block/vda/size /sys/class/misc/hw_random/rng_current; ip -o link | grep -o 'eth0: <[^>]*>'")
case $'\n'$out$'\n' in *$'\n65536\n'*) pass "virtio-blk: /dev/vda, 32 MiB" ;; *) fail "virtio-blk: no 32 MiB vda ($out)" ;; esac
case $'\n'$out in *$'\nvirtio_rng'*) pass "virtio-rng: the current hw_random" ;; *) fail "virtio-rng: not the current hw_random ($out)" ;; esac
case $'\n'$out in *$'\neth0: <'*) pass "virtio-net: eth0" ;; *) fail "virtio-net: no eth0 ($out)" ;; esac

if [ -n "$have_ext4" ]; then
	out=$(run "mkdir -p /mnt && mount -t ext4 /dev/vda /mnt && cat /mnt/hello.txt && echo from-guest-$token >/mnt/out.txt && umount /mnt && echo unmounted")
	case $out in
	*"$token"*unmounted*) pass "ext4: mounted, read hello.txt, wrote out.txt, unmounted" ;;
	*) fail "ext4 mount/read/write: $out" ;;
	esac
fi

out=$(run "sleep 30 & jobs; kill %1")
case $out in
*'[1]'*Running*) pass "job control: jobs lists the background sleep" ;;
*) fail "job control: jobs printed '$out'" ;;
esac
[[ $(console) == *'job control turned off'* ]] && fail "the shell says: job control turned off"

sid=${EPOCHREALTIME/./}
send "echo @@\"\"S$sid; sleep 100"
wait_for "*"$'\n'"@@S$sid"$'\n'"*" 10
nap 0.5
printf '\003' >&3 # ^C reaches the foreground job through the console's tty
out=$(TMO=10 run echo interrupted)
[ "$out" = interrupted ] && pass "^C interrupts a foreground sleep" || fail "^C did not stop 'sleep 100' (got: $out)"

banner=$(console | grep -a -m1 'built-in shell' || echo 'built-in shell')
before=$(count "$banner")
send exit
deadline=$((SECONDS + 30))
while [ "$(count "$banner")" -le "$before" ] && [ "$SECONDS" -lt "$deadline" ]; do nap 0.05; done
out=$(run echo respawned)
[ "$(count "$banner")" -gt "$before" ] && [ "$out" = respawned ] && pass "shell respawned after exit" ||
	fail "no new shell after exit (banners $before -> $(count "$banner"), got: $out)"

tp=$(usec)
send poweroff
deadline=$((SECONDS + TMO))
while kill -0 "$qpid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do nap 0.01; done
if kill -0 "$qpid" 2>/dev/null; then
	fail "QEMU still running $TMO s after poweroff"
else
	wait "$qpid"
	rc=$?
	qpid=
	t_off=$(ms_since "$tp")
	[ "$rc" = 0 ] && pass "poweroff: QEMU exited (status 0) $(secs "$t_off") s after the command" ||
		fail "poweroff: QEMU exit status $rc"
fi
exec 3>&-

if [ -n "$have_ext4" ] && command -v debugfs >/dev/null 2>&1; then
	got=$(debugfs -R 'cat /out.txt' "$disk" 2>/dev/null)
	[ "$got" = "from-guest-$token" ] && pass "host reads the guest's out.txt" ||
		fail "host reads out.txt as '$got'"
fi

# --- boot benchmark: the poweroff initramfs, then the full one told to stop at its marker
# bench NAME INITRD APPEND: one timed boot; sets tm (ms to the marker) and te (ms to exit)
bench() {
	local plog=$work/bench-${1// /_}.log prc
	: >"$plog"
	t0=$(usec)
	"$QEMU" -M virt -m 512M -nographic "${bios[@]}" -kernel "$image" -initrd "$2" \
		-append "$3" </dev/null >"$plog" 2>&1 &
	qpid=$!
	tm='' te=''
	wait_for '*strato-guest: init ready*' "$TMO" "$plog" && tm=$(ms_since "$t0")
	deadline=$((SECONDS + TMO))
	while kill -0 "$qpid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do nap 0.005; done
	te=$(ms_since "$t0")
	kill "$qpid" 2>/dev/null
	wait "$qpid"
	prc=$?
	qpid=
	if [ "$prc" = 0 ] && [ -n "$tm" ] && wait_for '*reboot: Power down*' 1 "$plog"; then
		pass "$1: marker $(secs "$tm") s, QEMU exit $(secs "$te") s"
	else
		fail "$1: QEMU status $prc, marker at '${tm:-never}' ms"
		tail -n 5 "$plog"
		te=
	fi
}

best_m='' best_e=''
for i in $(seq 1 "$runs"); do
	bench "poweroff image run $i" "$initrd_po" "console=ttyS0"
	[ -n "$te" ] || continue
	if [ -z "$best_e" ] || [ "$te" -lt "$best_e" ]; then best_e=$te; fi
	if [ -z "$best_m" ] || [ "$tm" -lt "$best_m" ]; then best_m=$tm; fi
done
bench "full image, strato.poweroff (modules loaded, no devices)" "$initrd" "console=ttyS0 strato.poweroff"
[ -n "$best_e" ] && echo "boot (poweroff image, best of $runs): marker $(secs "$best_m") s, exit $(secs "$best_e") s"

if [ "$fails" -gt 0 ]; then
	echo "qemu-smoke: $fails check(s) failed"
	exit 1
fi
echo "qemu-smoke: all checks passed"
