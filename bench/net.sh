#!/bin/bash
# Network benchmark: TCP throughput through virtio-net and user-mode
# networking (libslirp on both), with the same guest (Debian kernel, busybox
# initramfs) on strato and on qemu-system-riscv64 -M virt, in the same run:
#   - guest -> host: busybox nc sends /dev/zero to a sink on the host's
#     loopback (10.0.2.2 in the guest); the host times it, first byte to last;
#   - host -> guest: busybox wget fetches zeros from a minimal HTTP server on
#     the host's loopback into /dev/null; the host times it, from the request
#     to the guest's close (it has read everything then).
# strato runs twice: as it comes (--net user: MTU 65520) and with
# --net user,mtu=1500, the MTU of QEMU's -netdev user; both with strato's
# checksum offloads, which QEMU's user networking does not offer its guest.
# Each VM boots once and runs every round; prints the medians in MB/s and
# the ratios strato/qemu.
#   bench/net.sh [--rounds N] [--mib M]
set -u
cd "$(dirname "$0")/.."
ROUNDS=3
MIB=32
while [ $# -gt 0 ]; do
	case $1 in
	--rounds) ROUNDS=$2; shift 2 ;;
	--mib) MIB=$2; shift 2 ;;
	*) echo "usage: $0 [--rounds N] [--mib M]" >&2; exit 2 ;;
	esac
done
STRATO=${STRATO:-build/strato}
QEMU=${QEMU:-qemu-system-riscv64}
[ -x "$STRATO" ] || make -s "$STRATO" || exit 1
command -v "$QEMU" >/dev/null || { echo "net.sh: $QEMU not found (apt-get install qemu-system-misc)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "net.sh: python3 not found (apt-get install python3)" >&2; exit 1; }
KERNEL=$(scripts/guest path Image) || exit 1
INITRD=$(scripts/guest path initramfs) || exit 1
FW=$(scripts/guest path fw_jump) || exit 1
WORK=build/bench/net
mkdir -p "$WORK"
. tests/boot/lib.sh
BYTES=$((MIB * 1048576))

# The host's end of a transfer; prints "listening", then "RESULT bytes seconds":
#   sink PORT BYTES   one connection; reads BYTES bytes (or to EOF), timed from
#                     the first byte to the last
#   http PORT BYTES   one HTTP GET, answered with BYTES zero bytes; timed from
#                     the request to the guest's close (it has read them all)
cat >"$WORK/peer.py" <<'PY'
import socket, sys, time
mode, port, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(1)
print("listening", flush=True)
s.settimeout(600)
c, _ = s.accept()
c.settimeout(600)
got, t0 = 0, None
if mode == "sink":
    buf = bytearray(1 << 20)
    while got < total:
        n = c.recv_into(buf)
        if n == 0:
            break
        if t0 is None:
            t0 = time.monotonic()
        got += n
else:
    req = b""
    while b"\r\n\r\n" not in req:
        d = c.recv(4096)
        if not d:
            sys.exit("no request")
        req += d
    t0 = time.monotonic()
    c.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n"
              b"Content-Length: %d\r\n\r\n" % total)
    chunk = bytes(1 << 18)
    while got < total:
        n = min(len(chunk), total - got)
        c.sendall(chunk[:n])
        got += n
    c.shutdown(socket.SHUT_WR)
    while c.recv(4096):
        pass
t1 = time.monotonic()
c.close()
print("RESULT %d %.6f" % (got, t1 - t0), flush=True)
PY

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

PEER_PID=
trap '[ -n "$VM_PID" ] && kill -9 "$VM_PID" 2>/dev/null; [ -n "$PEER_PID" ] && kill "$PEER_PID" 2>/dev/null' EXIT

# peer MODE: start the host's end on a free port ($PORT)
peer() {
	PORT=$(free_port)
	python3 "$WORK/peer.py" "$1" "$PORT" "$BYTES" >"$WORK/peer.out" 2>&1 &
	PEER_PID=$!
	for _ in $(seq 50); do
		grep -q listening "$WORK/peer.out" && return
		sleep 0.1
	done
	fail "the host's end did not start: $(cat "$WORK/peer.out")"
}

# peer_result: wait for the host's end; MB/s into $MBPS
peer_result() {
	wait "$PEER_PID"
	PEER_PID=
	local res
	res=$(grep '^RESULT' "$WORK/peer.out")
	set -- $res
	[ "${2:-0}" -ge "$BYTES" ] || fail "the host's end got '${res:-$(tail -n1 "$WORK/peer.out")}'"
	MBPS=$(echo "$2 / $3 / 1000000" | bc -l | xargs printf '%.2f')
}

qemu_start() { # like vm_start (tests/boot/lib.sh), for QEMU
	CURRENT_TEST=$1
	shift
	VM_LOG=$WORK/$CURRENT_TEST.log
	local fifo=$WORK/$CURRENT_TEST.in
	rm -f "$fifo" "$VM_LOG"
	mkfifo "$fifo"
	"$QEMU" "$@" <"$fifo" >"$VM_LOG" 2>&1 &
	VM_PID=$!
	exec 3>"$fifo"
	rm -f "$fifo"
	echo "---- $CURRENT_TEST: $QEMU $*"
}

# measure NAME: the booted VM runs every round; fills UP_<NAME> and DOWN_<NAME>
measure() {
	local name=$1 r up
	vm_expect '^strato-guest: init ready' 300
	vm_send 'ifconfig eth0 10.0.2.15 netmask 255.255.255.0 up && route add default gw 10.0.2.2 && echo NET""-UP'
	vm_expect '^NET-UP' 60
	for r in $(seq 1 "$ROUNDS"); do
		peer sink
		vm_send "nc 10.0.2.2 $PORT </dev/zero 2>/dev/null; echo NET""-SENT-$r"
		vm_expect "^NET-SENT-$r" 600
		peer_result
		up=$MBPS
		peer http
		vm_send "wget -q -O /dev/null http://10.0.2.2:$PORT/zero; echo NET""-GOT-$r"
		vm_expect "^NET-GOT-$r" 600
		peer_result
		echo "round $r: $name guest->host $up MB/s, host->guest $MBPS MB/s"
		eval "UP_$name+=($up)"
		eval "DOWN_$name+=($MBPS)"
	done
	vm_send 'poweroff'
	vm_wait 60
}

declare -a UP_strato DOWN_strato UP_strato1500 DOWN_strato1500 UP_qemu DOWN_qemu
vm_start strato --kernel "$KERNEL" --initrd "$INITRD" --append console=ttyS0 --mem 512M --net user
measure strato
vm_start strato1500 --kernel "$KERNEL" --initrd "$INITRD" --append console=ttyS0 --mem 512M --net user,mtu=1500
measure strato1500
qemu_start qemu -M virt -m 512M -nographic -bios "$FW" -kernel "$KERNEL" -initrd "$INITRD" \
	-append console=ttyS0 -netdev user,id=n -device virtio-net-device,netdev=n
measure qemu

median() { tr ' ' '\n' | sort -n | awk 'NF {a[++n]=$1} END {print (n % 2) ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2}'; }
su=$(echo "${UP_strato[*]}" | median)
sd=$(echo "${DOWN_strato[*]}" | median)
tu=$(echo "${UP_strato1500[*]}" | median)
td=$(echo "${DOWN_strato1500[*]}" | median)
qu=$(echo "${UP_qemu[*]}" | median)
qd=$(echo "${DOWN_qemu[*]}" | median)
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
echo
echo "virtio-net + user-mode networking (libslirp) on both, $MIB MiB per transfer, median of $ROUNDS"
echo "                               guest -> host (nc)   host -> guest (wget)"
printf 'strato (MTU 65520, offloads)   %8s MB/s        %8s MB/s\n' "$su" "$sd"
printf 'strato, mtu=1500               %8s MB/s        %8s MB/s\n' "$tu" "$td"
printf 'qemu -netdev user              %8s MB/s        %8s MB/s\n' "$qu" "$qd"
printf 'ratio strato / qemu            %8s             %8s\n' "$(ratio "$su" "$qu")" "$(ratio "$sd" "$qd")"
printf 'ratio strato mtu=1500 / qemu   %8s             %8s\n' "$(ratio "$tu" "$qu")" "$(ratio "$td" "$qd")"
