#!/bin/bash
# Command-line tests: every kind of bad host input gets one clear error line
# and status 1, never a crash; --help and --version tell the truth.
#   tests/cli/run.sh [--strato PATH]
set -u
cd "$(dirname "$0")/../.."
STRATO=build/strato
while [ $# -gt 0 ]; do
	case $1 in
	--strato) STRATO=$2; shift 2 ;;
	*) echo "usage: $0 [--strato PATH]" >&2; exit 2 ;;
	esac
done
W=build/tests/cli
rm -rf "$W"
mkdir -p "$W"
chmod 755 "$W"
passed=0
failed=0
AS_USER=()

# A minimal file with a valid RISC-V Image header (magic2 "RSC\x05" at 56,
# image_size at 16): enough for the loader, so these tests need no download.
fake_kernel() { # PATH IMAGE_SIZE
	python_free_header "$1" "$2"
}
python_free_header() {
	local f=$1 size=$2
	head -c 64 /dev/zero >"$f"
	printf 'RSC\005' | dd of="$f" bs=1 seek=56 conv=notrunc status=none
	printf "$(printf '%016x' "$size" | sed 's/\(..\)/\1 /g' | awk '{for(i=8;i>0;i--) printf "\\x%s", $i}')" |
		dd of="$f" bs=1 seek=16 conv=notrunc status=none
}

# expect_error NAME PATTERN -- ARGS...: status 1, exactly one line on stderr
# starting "strato: " and matching PATTERN, nothing on stdout.
expect_error() {
	local name=$1 pattern=$2
	shift 3
	local out err status
	out=$(timeout 20 "${AS_USER[@]}" "$STRATO" "$@" 2>"$W/err" </dev/null)
	status=$?
	err=$(cat "$W/err")
	local lines
	lines=$(printf '%s\n' "$err" | grep -c .)
	if [ "$status" -eq 1 ] && [ "$lines" -eq 1 ] && [ -z "$out" ] &&
		printf '%s' "$err" | grep -Eq "^strato: .*$pattern"; then
		echo "PASS $name: $err"
		passed=$((passed + 1))
	else
		echo "FAIL $name: status $status, stdout '$out', stderr:"
		printf '%s\n' "$err" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

K=$W/kernel
fake_kernel "$K" $((4 << 20))
: >"$W/empty"
head -c 100000 /dev/urandom >"$W/garbage"
mkdir -p "$W/dir"
head -c $((80 << 20)) /dev/zero >"$W/big-initrd"
# a FIFO must not block strato (open would wait for a writer forever), and a huge
# sparse file is refused by its size before a byte is read (issue 9, items 4 and 5)
rm -f "$W/fifo" "$W/huge"
mkfifo "$W/fifo"
truncate -s 6G "$W/huge"
cp "$K" "$W/unreadable"
chmod 000 "$W/unreadable"

expect_error kernel-missing "cannot open '$W/nope': No such file" -- run --kernel "$W/nope"
expect_error kernel-empty "is empty" -- run --kernel "$W/empty"
expect_error kernel-garbage "not a RISC-V Linux kernel Image" -- run --kernel "$W/garbage"
expect_error kernel-directory "not a regular file" -- run --kernel "$W/dir"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	# root reads anything: try as an unprivileged user, from a directory it can
	# reach whatever the permissions of the checkout
	T=$(mktemp -d)
	chmod 755 "$T"
	cp "$STRATO" "$T/strato"
	cp "$K" "$T/unreadable"
	chmod 000 "$T/unreadable"
	SAVED=$STRATO
	STRATO=$T/strato
	AS_USER=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
	expect_error kernel-unreadable "Permission denied" -- run --kernel "$T/unreadable"
	AS_USER=()
	STRATO=$SAVED
	rm -rf "$T"
else
	expect_error kernel-unreadable "Permission denied" -- run --kernel "$W/unreadable"
fi
expect_error kernel-too-big "more than guest RAM" -- run --kernel "$(fake_kernel "$W/k2" $((200 << 20)); echo "$W/k2")" --mem 64M
expect_error initrd-too-big "initrd .* does not fit in guest RAM" -- run --kernel "$K" --initrd "$W/big-initrd" --mem 64M
expect_error kernel-fifo "not a regular file" -- run --kernel "$W/fifo"
expect_error initrd-fifo "not a regular file" -- run --kernel "$K" --initrd "$W/fifo"
expect_error disk-fifo "not a regular file or block device" -- run --kernel "$K" --disk "$W/fifo,ro"
expect_error kernel-huge-sparse "does not fit in guest RAM" -- run --kernel "$W/huge"
expect_error bios-huge-sparse "does not fit in guest RAM" -- run --bios "$W/huge"
expect_error initrd-huge-sparse "does not fit in guest RAM" -- run --kernel "$K" --initrd "$W/huge"
expect_error initrd-missing "cannot open" -- run --kernel "$K" --initrd "$W/nope"
expect_error mem-zero "greater than zero" -- run --kernel "$K" --mem 0
expect_error mem-malformed "invalid --mem" -- run --kernel "$K" --mem 12Q
expect_error mem-beyond-host "exceeds the host" -- run --kernel "$K" --mem 900G
expect_error mem-unaligned "multiple of 4 KiB" -- run --kernel "$K" --mem 1000B
expect_error mem-too-small "too small" -- run --kernel "$K" --mem 1M
expect_error cpus-zero "invalid --cpus" -- run --kernel "$K" --cpus 0
expect_error cpus-many "invalid --cpus" -- run --kernel "$K" --cpus 65
expect_error cpus-word "invalid --cpus" -- run --kernel "$K" --cpus two
expect_error mmu-bad "invalid --mmu" -- run --kernel "$K" --mmu sv32
expect_error unknown-option "unknown option '--frobnicate'" -- run --frobnicate
expect_error missing-argument "needs an argument" -- run --kernel
expect_error stray-argument "unexpected argument 'extra'" -- run --kernel "$K" extra
expect_error unknown-command "unknown command 'fly'" -- fly
expect_error bios-garbage "does not fit in guest RAM|not for RISC-V|segment" -- run --bios "$W/big-initrd" --mem 16M
expect_error bios-wrong-arch "not for RISC-V" -- run --bios /bin/true
expect_error bios-and-kernel "does not combine" -- run --bios "$K" --kernel "$K"
expect_error guest-unknown "invalid --guest 'fedora' .debian or busybox." -- run --guest fedora
expect_error guest-and-kernel "does not combine with --kernel" -- run --guest busybox --kernel "$K"
expect_error firmware-missing "cannot open" -- run --firmware "$W/nope" --kernel "$K"
expect_error firmware-too-big "end below the kernel" -- run --firmware "$W/big-initrd" --kernel "$K"
head -c 4000 "$W/garbage" >"$W/garbage-dtb"
expect_error dtb-garbage "not a usable device tree" -- run --kernel "$K" --dtb "$W/garbage-dtb"
expect_error dtb-too-big "does not fit in the device tree buffer" -- run --kernel "$K" --dtb "$W/garbage"
expect_error dump-dtb-unwritable "cannot write" -- run --kernel "$K" --dump-dtb "$W/dir/nodir/x.dtb"
expect_error dump-dtb-full "cannot write .*No space left" -- run --kernel "$K" --dump-dtb /dev/full
expect_error net-unknown-kind "unknown kind 'bridge'" -- run --kernel "$K" --net bridge
expect_error net-empty "expected user, tap or none" -- run --kernel "$K" --net ""
expect_error net-unknown-option "unknown option 'foo' for user" -- run --kernel "$K" --net user,foo=1
expect_error net-empty-option "empty option" -- run --kernel "$K" --net user,
expect_error net-option-no-value "needs a value" -- run --kernel "$K" --net user,hostfwd
expect_error net-bad-mac "bad MAC address '52:54:00:zz:00:01'" -- run --kernel "$K" --net user,mac=52:54:00:zz:00:01
expect_error net-short-mac "bad MAC address" -- run --kernel "$K" --net user,mac=52:54:00:12:34
expect_error net-multicast-mac "not a unicast address" -- run --kernel "$K" --net user,mac=01:00:5e:00:00:01
expect_error net-duplicate-mac "mac is given twice" -- run --kernel "$K" --net user,mac=52:54:00:00:00:01,mac=52:54:00:00:00:02
expect_error net-bad-host-port "bad host port" -- run --kernel "$K" --net user,hostfwd=tcp::70000-:80
expect_error net-bad-guest-port "bad guest port" -- run --kernel "$K" --net user,hostfwd=tcp::8080-:0
expect_error net-bad-proto "protocol must be tcp or udp" -- run --kernel "$K" --net user,hostfwd=sctp::8080-:80
expect_error net-bad-hostfwd "hostfwd .tcp:8080-:80.: expected .tcp.udp.:" -- run --kernel "$K" --net user,hostfwd=tcp:8080-:80
expect_error net-bad-hostfwd-2 "hostfwd .8080:80.: .*tcp or udp" -- run --kernel "$K" --net user,hostfwd=8080:80
expect_error net-bad-host-addr "bad host address" -- run --kernel "$K" --net user,hostfwd=tcp:1.2.3:8080-:80
expect_error net-bad-guest-addr "guest address must be" -- run --kernel "$K" --net user,hostfwd=tcp::8080-192.168.1.5:80
expect_error net-duplicate-fwd "port 8080 is forwarded twice" -- run --kernel "$K" --net user,hostfwd=tcp::8080-:80,hostfwd=tcp::8080-:81
expect_error net-none-options "none takes no options" -- run --kernel "$K" --net none,mac=52:54:00:00:00:01
expect_error net-tap-no-ifname "tap needs ifname=NAME" -- run --kernel "$K" --net tap
expect_error net-tap-long-ifname "bad interface name" -- run --kernel "$K" --net tap,ifname=abcdefghijklmnop
expect_error net-tap-hostfwd "unknown option 'hostfwd' for tap" -- run --kernel "$K" --net tap,ifname=t0,hostfwd=tcp::8080-:80
expect_error net-tap-missing "no network interface 'stratonope0'" -- run --kernel "$K" --net tap,ifname=stratonope0
expect_error net-tap-not-tap "tap 'lo': cannot attach|cannot open /dev/net/tun" -- run --kernel "$K" --net tap,ifname=lo
expect_error net-mtu-small "bad mtu '576' \\(1280 to 65520\\)" -- run --kernel "$K" --net user,mtu=576
expect_error net-mtu-big "bad mtu '65521'" -- run --kernel "$K" --net user,mtu=65521
expect_error net-mtu-word "bad mtu 'big'" -- run --kernel "$K" --net user,mtu=big
expect_error net-mtu-tap "unknown option 'mtu' for tap" -- run --kernel "$K" --net tap,ifname=t0,mtu=9000

# --help lists every option the parser accepts, and nothing else
help=$("$STRATO" --help)
accepted=$(grep -o '{"[a-z-]*", ' src/main.c | sed 's/{"\([a-z-]*\)", /--\1/' | sort -u)
listed=$(printf '%s\n' "$help" | grep -oE '^ +(-h, )?--[a-z-]+' | sed 's/.*\(--[a-z-]*\)/\1/' | sort -u)
if [ "$accepted" = "$listed" ]; then
	echo "PASS help-is-complete"
	passed=$((passed + 1))
else
	echo "FAIL help-is-complete: accepted vs listed:"
	diff <(echo "$accepted") <(echo "$listed") | sed 's/^/    /'
	failed=$((failed + 1))
fi

# --dump-dtb writes a device tree that dtc can read, with what the VM has
if "$STRATO" run --kernel "$K" --cpus 3 --mem 256M --append "hello=1" --dump-dtb "$W/vm.dtb" &&
	dts=$(dtc -I dtb -O dts "$W/vm.dtb" 2>/dev/null) &&
	[ "$(printf '%s\n' "$dts" | grep -c 'device_type = "cpu"')" -eq 3 ] &&
	printf '%s\n' "$dts" | grep -q 'bootargs = "hello=1"' &&
	printf '%s\n' "$dts" | grep -q 'reg = <0x00 0x80000000 0x00 0x10000000>' &&
	printf '%s\n' "$dts" | grep -q 'riscv,isa = "rv64imafdc_'; then
	echo "PASS dump-dtb"
	passed=$((passed + 1))
else
	echo "FAIL dump-dtb"
	failed=$((failed + 1))
fi

# A termination signal stops strato during start-up too (issue 9, item 4): here
# start-up waits on the default guest's script, a stand-in that never ends.
# Status 4 within a few seconds, not a wait for the script.
T=$W/startup
rm -rf "$T"
mkdir -p "$T/build" "$T/scripts"
cp "$STRATO" "$T/build/strato"
printf '#!/bin/sh\nsleep 60\n' >"$T/scripts/guest"
chmod +x "$T/scripts/guest"
for sig in TERM INT HUP; do
	"$T/build/strato" run </dev/null >/dev/null 2>"$T/err" &
	pid=$!
	sleep 0.5
	kill -"$sig" "$pid"
	n=0
	while kill -0 "$pid" 2>/dev/null && [ "$n" -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
	if kill -0 "$pid" 2>/dev/null; then
		kill -9 "$pid"
		wait "$pid" 2>/dev/null
		echo "FAIL startup-sig$sig: strato still running 5 s after SIG$sig during start-up"
		failed=$((failed + 1))
	else
		wait "$pid"
		status=$?
		if [ "$status" -eq 4 ] && grep -q '^strato: stopped by a signal during start-up' "$T/err"; then
			echo "PASS startup-sig$sig: $(cat "$T/err")"
			passed=$((passed + 1))
		else
			echo "FAIL startup-sig$sig: status $status (want 4), stderr: $(cat "$T/err")"
			failed=$((failed + 1))
		fi
	fi
done
pkill -f "$T/scripts/guest" 2>/dev/null

# Images are read straight into guest RAM: loading a 48 MiB kernel costs the
# host the guest's 48 MiB, not a second copy in a buffer ("peak" is the
# process's high-water mark, --stats prints it at the end).
fake_kernel "$W/k48" $((48 << 20))
truncate -s 48M "$W/k48"
timeout -s TERM 2 "$STRATO" run --kernel "$W/k48" --mem 128M --net none --stats </dev/null \
	>/dev/null 2>"$W/k48.log"
line=$(grep 'host memory:' "$W/k48.log")
peak=$(printf '%s' "$line" | sed -n 's/.*(peak \([0-9]*\) KiB), \([0-9]*\) KiB of it guest RAM.*/\1/p')
guest=$(printf '%s' "$line" | sed -n 's/.*(peak \([0-9]*\) KiB), \([0-9]*\) KiB of it guest RAM.*/\2/p')
if [ -n "$peak" ] && [ -n "$guest" ] && [ "$guest" -ge $((48 << 10)) ] &&
	[ $((peak - guest)) -lt $((16 << 10)) ]; then
	echo "PASS kernel-read-into-ram: peak $peak KiB for $guest KiB of guest RAM"
	passed=$((passed + 1))
else
	echo "FAIL kernel-read-into-ram: '${line:-no host memory line}' (want peak under guest RAM + 16 MiB)"
	failed=$((failed + 1))
fi

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
