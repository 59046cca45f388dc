#!/bin/bash
# Network tests: virtio-net with the stock Debian kernel, driven through the
# console.
#   1. user networking (libslirp): the guest gets 10.0.2.15 by DHCP and pings
#      the gateway; it downloads a file from an HTTP server on the host's
#      loopback (md5 compared); the host reaches an HTTP server in the guest
#      through hostfwd, for a small page and a larger random file;
#      the download again at MTU 1500 (--net user,mtu=1500);
#   2. --net none: the guest has no network interface;
#   3. tap: a tap device on the host, addresses on both sides, the guest pings
#      the host and the host fetches a page from the guest's httpd
#      (skipped with a message when a tap device cannot be created here);
#   4. a forwarded port that is already in use is refused at start.
#   tests/net/run.sh [--strato PATH]
set -u
cd "$(dirname "$0")/../.."
while [ $# -gt 0 ]; do
	case $1 in
	--strato) STRATO=$2; shift 2 ;;
	*) echo "usage: $0 [--strato PATH]" >&2; exit 2 ;;
	esac
done
WORK=build/tests/net
. tests/boot/lib.sh

KERNEL=$(scripts/guest path Image) || exit 1
INITRD=$(scripts/guest path initramfs) || exit 1
command -v python3 >/dev/null || { echo "FAIL net: python3 is needed (apt-get install python3)"; exit 1; }
command -v curl >/dev/null && HAVE_CURL=1 || HAVE_CURL=

passed=0
HTTP_PID=
TAP=
cleanup() {
	[ -n "$HTTP_PID" ] && kill "$HTTP_PID" 2>/dev/null
	[ -n "$VM_PID" ] && kill -9 "$VM_PID" 2>/dev/null
	[ -n "$TAP" ] && ip link del "$TAP" 2>/dev/null
}
trap cleanup EXIT

pass() {
	echo "PASS $CURRENT_TEST"
	passed=$((passed + 1))
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# http_get URL FILE: fetch from the host (curl, or python3 if curl is missing)
http_get() {
	if [ -n "$HAVE_CURL" ]; then
		curl -s -f --max-time 60 -o "$2" "$1"
	else
		python3 -c 'import sys, urllib.request; open(sys.argv[2], "wb").write(urllib.request.urlopen(sys.argv[1], timeout=60).read())' "$1" "$2"
	fi
}

# ---- 1. user networking ----------------------------------------------------

# the host's HTTP server, on loopback only: the guest reaches it as 10.0.2.2
SRV=$WORK/srv
rm -rf "$SRV"
mkdir -p "$SRV"
head -c 393216 /dev/urandom >"$SRV/blob"
BLOB_MD5=$(md5sum <"$SRV/blob" | cut -d' ' -f1)
HTTP_PORT=$(free_port)
python3 -m http.server --bind 127.0.0.1 --directory "$SRV" "$HTTP_PORT" >"$WORK/http.log" 2>&1 &
HTTP_PID=$!
for _ in $(seq 50); do
	http_get "http://127.0.0.1:$HTTP_PORT/blob" "$WORK/blob.check" 2>/dev/null && break
	sleep 0.1
done
cmp -s "$SRV/blob" "$WORK/blob.check" || { CURRENT_TEST=setup; fail "the host HTTP server did not start"; }

FWD_PORT=$(free_port)
UDP_PORT=$(free_port)
vm_start user --kernel "$KERNEL" --initrd "$INITRD" --stats \
	--net "user,hostfwd=tcp::$FWD_PORT-:80,hostfwd=udp:127.0.0.1:$UDP_PORT-:5555,mac=52:54:00:ab:cd:ef"
vm_expect '^strato-guest: init ready'
vm_send 'echo "MAC-$(cat /sys/class/net/eth0/address)-$(cat /sys/class/net/eth0/mtu)-"'
vm_expect '^MAC-'
# the MAC asked for, and slirp's 64 KiB MTU (virtio-net F_MTU)
grep -aq '^MAC-52:54:00:ab:cd:ef-65520-' "$VM_LOG" || fail "eth0: $(grep -a '^MAC-' "$VM_LOG" | head -n1)"
# busybox's udhcpc needs a script to apply the lease: write a small one
vm_send 'printf "#!/bin/sh\n[ \"\$1\" = bound ] || exit 0\nifconfig \$interface \$ip netmask \$subnet up\nroute add default gw \$router\necho \"LEASE-\$ip-\$router-\$dns-\"\n" >/tmp/dhcp.sh; chmod +x /tmp/dhcp.sh'
vm_send 'ifconfig eth0 up; udhcpc -i eth0 -s /tmp/dhcp.sh -q -n -t 10 -T 2'
vm_expect '^LEASE-' 90
grep -aq '^LEASE-10\.0\.2\.15-10\.0\.2\.2-10\.0\.2\.3-' "$VM_LOG" ||
	fail "unexpected lease: $(grep -a '^LEASE-' "$VM_LOG" | head -n1)"
vm_send 'ping -c 2 -W 5 10.0.2.2 >/dev/null && echo PING""-OK || echo PING""-FAILED'
vm_expect '^PING-(OK|FAILED)' 60
grep -aq '^PING-OK' "$VM_LOG" || fail "the guest cannot ping the gateway 10.0.2.2"
CURRENT_TEST=user-dhcp
pass

CURRENT_TEST=user-download
vm_send "wget -q -O /tmp/blob http://10.0.2.2:$HTTP_PORT/blob; echo \"DL-\$?-\$(md5sum </tmp/blob | cut -d' ' -f1)-\""
vm_expect '^DL-[0-9]+-' 120
grep -aq "^DL-0-$BLOB_MD5-" "$VM_LOG" ||
	fail "download through slirp: got '$(grep -a '^DL-' "$VM_LOG" | head -n1)', expected md5 $BLOB_MD5"
pass

CURRENT_TEST=user-hostfwd
TOKEN=strato-net-$RANDOM$RANDOM
vm_send "mkdir -p /tmp/www && echo $TOKEN >/tmp/www/index.html && dd if=/dev/urandom of=/tmp/www/big bs=1024 count=512 2>/dev/null && httpd -p 80 -h /tmp/www && echo \"SRV-\$(md5sum </tmp/www/big | cut -d' ' -f1)-\""
vm_expect '^SRV-[0-9a-f]+-' 60
GUEST_MD5=$(grep -a -o '^SRV-[0-9a-f]*' "$VM_LOG" | head -n1)
GUEST_MD5=${GUEST_MD5#SRV-}
page=
for _ in $(seq 20); do
	http_get "http://127.0.0.1:$FWD_PORT/index.html" "$WORK/index.html" 2>/dev/null &&
		page=$(cat "$WORK/index.html") && break
	sleep 0.5
done
[ "$page" = "$TOKEN" ] || fail "hostfwd: got '$page' from the guest's httpd, expected '$TOKEN'"
http_get "http://127.0.0.1:$FWD_PORT/big" "$WORK/big" || fail "hostfwd: cannot fetch the guest's 512 KiB file"
got=$(md5sum <"$WORK/big" | cut -d' ' -f1)
[ "$got" = "$GUEST_MD5" ] || fail "hostfwd: the guest's file has md5 $got on the host, $GUEST_MD5 in the guest"
pass

# (busybox has no UDP server to test the forwarded UDP port with: check at
# least that strato holds it)
CURRENT_TEST=user-hostfwd-udp
python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
sys.exit(1)' "$UDP_PORT" || fail "nothing listens on the forwarded UDP port $UDP_PORT"
pass

CURRENT_TEST=user-poweroff
vm_send 'poweroff'
vm_wait 60
[ "$VM_STATUS" -eq 0 ] || fail "poweroff gave status $VM_STATUS, expected 0"
grep -aq '^  virtio-net (user): rx [1-9]' "$VM_LOG" || fail "--stats printed no virtio-net counters"
pass

# the same download at Ethernet's MTU (one receive buffer per frame)
vm_start user-mtu1500 --kernel "$KERNEL" --initrd "$INITRD" --net user,mtu=1500
vm_expect '^strato-guest: init ready'
vm_send "ifconfig eth0 10.0.2.15 netmask 255.255.255.0 up && route add default gw 10.0.2.2 && echo \"MTU-\$(cat /sys/class/net/eth0/mtu)-\""
vm_expect '^MTU-'
grep -aq '^MTU-1500-' "$VM_LOG" || fail "eth0: $(grep -a '^MTU-' "$VM_LOG" | head -n1), expected MTU 1500"
vm_send "wget -q -O /tmp/blob http://10.0.2.2:$HTTP_PORT/blob; echo \"DL-\$?-\$(md5sum </tmp/blob | cut -d' ' -f1)-\""
vm_expect '^DL-[0-9]+-' 120
grep -aq "^DL-0-$BLOB_MD5-" "$VM_LOG" ||
	fail "download at MTU 1500: got '$(grep -a '^DL-' "$VM_LOG" | head -n1)', expected md5 $BLOB_MD5"
vm_send 'poweroff'
vm_wait 60
[ "$VM_STATUS" -eq 0 ] || fail "poweroff gave status $VM_STATUS, expected 0"
pass
kill "$HTTP_PID" 2>/dev/null
wait "$HTTP_PID" 2>/dev/null
HTTP_PID=

# ---- 2. --net none ----------------------------------------------------------

vm_start none --kernel "$KERNEL" --initrd "$INITRD" --net none
vm_expect '^strato-guest: init ready'
vm_send 'echo "IF-$(ls /sys/class/net | tr "\n" " ")-"'
vm_expect '^IF-'
grep -aq '^IF-lo -' "$VM_LOG" || fail "--net none: interfaces '$(grep -a '^IF-' "$VM_LOG")', expected only lo"
vm_send 'poweroff'
vm_wait 60
[ "$VM_STATUS" -eq 0 ] || fail "poweroff gave status $VM_STATUS, expected 0"
pass

# ---- 3. tap ---------------------------------------------------------------

CURRENT_TEST=tap
name=stratotap0
ip link show "$name" >/dev/null 2>&1 && name=stratotap$$
name=${name:0:15}
if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null 2>&1; then
	echo "SKIP tap: creating a tap device needs root and iproute2"
elif ! ip tuntap add dev "$name" mode tap 2>"$WORK/tap.err"; then
	echo "SKIP tap: cannot create a tap device here: $(head -n1 "$WORK/tap.err")"
else
	TAP=$name
	# a small private subnet that is unlikely to be in use on the host
	ip addr add 10.213.77.1/24 dev "$TAP" && ip link set "$TAP" up || fail "cannot configure $TAP"
	vm_start tap --kernel "$KERNEL" --initrd "$INITRD" --stats --net "tap,ifname=$TAP"
	vm_expect '^strato-guest: init ready'
	vm_send 'ifconfig eth0 10.213.77.2 netmask 255.255.255.0 up && ping -c 3 -W 5 10.213.77.1 >/dev/null && echo TAP""-PING-OK || echo TAP""-PING-FAILED'
	vm_expect '^TAP-PING-(OK|FAILED)' 60
	grep -aq '^TAP-PING-OK' "$VM_LOG" || fail "the guest cannot ping the host through $TAP"
	# and the other way: the host fetches a page from the guest's httpd
	TOKEN=strato-tap-$RANDOM$RANDOM
	vm_send "mkdir -p /tmp/www && echo $TOKEN >/tmp/www/index.html && httpd -p 80 -h /tmp/www && echo HTTPD""-UP"
	vm_expect '^HTTPD-UP'
	page=
	for _ in $(seq 20); do
		http_get "http://10.213.77.2/index.html" "$WORK/tap.html" 2>/dev/null &&
			page=$(cat "$WORK/tap.html") && break
		sleep 0.5
	done
	[ "$page" = "$TOKEN" ] || fail "the host cannot reach the guest's httpd through $TAP (got '$page')"
	vm_send 'poweroff'
	vm_wait 60
	[ "$VM_STATUS" -eq 0 ] || fail "poweroff gave status $VM_STATUS, expected 0"
	grep -aq '^  virtio-net (tap): rx [1-9]' "$VM_LOG" || fail "--stats printed no tap counters"
	pass
	ip link del "$TAP"
	TAP=
fi

# ---- 4. a forwarded port in use ------------------------------------------

CURRENT_TEST=hostfwd-in-use
PORT=$(free_port)
python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen(1); print("up", flush=True); time.sleep(30)' "$PORT" >"$WORK/holder.log" &
HOLDER=$!
for _ in $(seq 50); do grep -q up "$WORK/holder.log" && break; sleep 0.1; done
err=$(timeout 20 "$STRATO" run --kernel "$KERNEL" --initrd "$INITRD" --net "user,hostfwd=tcp::$PORT-:80" </dev/null 2>&1 >/dev/null)
status=$?
kill "$HOLDER" 2>/dev/null
wait "$HOLDER" 2>/dev/null
[ "$status" -eq 1 ] && [ "$(printf '%s\n' "$err" | grep -c .)" -eq 1 ] &&
	printf '%s' "$err" | grep -q "^strato: .*port $PORT" ||
	fail "a port in use gave status $status and '$err'"
echo "     $err"
pass

echo "net: $passed passed"
