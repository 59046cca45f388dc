#!/bin/bash
# The real Debian 13 guest (scripts/guest debian: systemd, udev, sshd, python3,
# gcc, ifupdown) on 1 and 2 vCPUs, 2 GiB, virtio disk and network, driven through
# the serial console as a user would:
#   - boots to a login prompt and logs in as root;
#   - systemd reaches 'running' with no failed unit;
#   - the kernel log has no error or warning beyond the known list below;
#   - python3 hashes 50 MB (the value is checked against the host's);
#   - gcc compiles and runs a program; apt installs a package built in the guest;
#   - ssh reaches the guest through a host port forward (2 vCPUs);
#   - poweroff ends strato with status 0 and the disk passes e2fsck -n.
# Each run boots a copy of the image, so the user's disk is never touched.
#   tests/debian/run.sh [--strato PATH] [--cpus "1 2"]
set -u
cd "$(dirname "$0")/../.."
CPUS_LIST="1 2"
while [ $# -gt 0 ]; do
	case $1 in
	--strato) STRATO=$2; shift 2 ;;
	--cpus) CPUS_LIST=$2; shift 2 ;;
	*) echo "usage: $0 [--strato PATH] [--cpus \"1 2\"]" >&2; exit 2 ;;
	esac
done
WORK=${WORK:-build/tests/debian}
. tests/boot/lib.sh
PATH=$PATH:/usr/sbin:/sbin

KERNEL=$(scripts/guest path debian-Image) || exit 1
INITRD=$(scripts/guest path debian-initrd) || exit 1
DISK=$(scripts/guest path debian-disk) || exit 1
KEY=$(scripts/guest path debian-ssh-key) || exit 1
BOOT_TIMEOUT=${DEBIAN_BOOT_TIMEOUT:-900}
passed=0
failed=0

# (the seconds each step took are printed for information, never checked)
STEP_T0=$SECONDS
pass() {
	echo "PASS $CURRENT_TEST: $* ($((SECONDS - STEP_T0)) s)"
	passed=$((passed + 1))
	STEP_T0=$SECONDS
}

# a free TCP port on the loopback for the ssh forward
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# run CMD in the guest's root shell; its output is wanted between the markers
# (the command line's own echo spells them differently, so it never matches)
guest_value() { # NAME CMD [TIMEOUT]
	vm_send "echo \"@$1\"=\$($2)=\"$1@\""
	vm_expect "^@$1=.*=$1@" "${3:-300}"
	grep -a -o "^@$1=.*=$1@" "$VM_LOG" | tail -n 1 | sed "s/^@$1=//; s/=$1@\$//"
}

# Kernel messages at warning level or worse that are allowed: none but the one
# that measures host load rather than the guest (QEMU prints it too on a busy host).
KNOWN_DMESG='hrtimer: interrupt took [0-9]+ ns'

debian_run() { # CPUS
	local n=$1 port disk=$WORK/disk-$1.img
	port=$(free_port)
	rm -f "$disk"
	cp --sparse=always "$DISK" "$disk" || fail "cannot copy $DISK"
	vm_start "debian-${n}cpu" --kernel "$KERNEL" --initrd "$INITRD" --disk "$disk" \
		--append "root=/dev/vda rw console=ttyS0" --cpus "$n" --mem 2G \
		--net "user,hostfwd=tcp:127.0.0.1:$port-:22"
	STEP_T0=$SECONDS
	vm_expect 'login: *$' "$BOOT_TIMEOUT"
	pass "boots to a login prompt"
	sleep 1
	vm_send root
	vm_expect 'root@strato-debian:~# ' 120
	vm_send 'export TERM=dumb SYSTEMD_PAGER= SYSTEMD_COLORS=0'

	local state
	state=$(guest_value STATE 'systemctl is-system-running --wait' "$BOOT_TIMEOUT")
	if [ "$state" != running ]; then
		vm_send 'systemctl --failed --no-legend --plain | cat'
		sleep 5
		fail "systemctl is-system-running says '$state', not 'running'"
	fi
	local nfailed
	nfailed=$(guest_value FAILED 'systemctl --failed --no-legend --plain | wc -l')
	[ "$nfailed" = 0 ] || fail "$nfailed failed units"
	pass "systemd running, no failed units"

	vm_send 'dmesg --level=emerg,alert,crit,err,warn | sed "s/^/KMSG: /"; echo "DMESG""-END"'
	vm_expect '^DMESG-END' 120
	local bad
	bad=$(grep -a '^KMSG: ' "$VM_LOG" | grep -Ev "$KNOWN_DMESG" || true)
	[ -z "$bad" ] || fail "kernel errors or warnings: $bad"
	pass "no unexpected kernel errors or warnings"

	local want got
	want=$(python3 -c 'import hashlib; print(hashlib.sha256(b"x"*50000000).hexdigest())')
	got=$(guest_value SHA "python3 -c 'import hashlib; print(hashlib.sha256(b\"x\"*50000000).hexdigest())'" 600)
	[ "$got" = "$want" ] || fail "python3 sha256 of 50 MB gave '$got', expected $want"
	pass "python3 hashes 50 MB"

	vm_send "echo 'int printf(const char *, ...); int main(void) { printf(\"%d\\n\", 6 * 7); return 0; }' >/tmp/t.c"
	got=$(guest_value GCC 'gcc -O2 -o /tmp/t /tmp/t.c && /tmp/t' 600)
	[ "$got" = 42 ] || fail "gcc-built program printed '$got', expected 42"
	pass "gcc compiles and runs a program"

	# a package built in the guest installs through apt, offline
	vm_send 'mkdir -p /tmp/hello/DEBIAN /tmp/hello/usr/bin && cd /tmp'
	vm_send "printf 'Package: strato-hello\\nVersion: 1.0\\nArchitecture: all\\nMaintainer: strato <root@localhost>\\nDescription: test package\\n' >/tmp/hello/DEBIAN/control"
	vm_send "printf '#!/bin/sh\\necho hello-from-a-deb\\n' >/tmp/hello/usr/bin/strato-hello && chmod 755 /tmp/hello/usr/bin/strato-hello"
	got=$(guest_value APT 'dpkg-deb -b /tmp/hello /tmp/hello.deb >/dev/null && apt-get install -y -q ./hello.deb >/tmp/apt.log 2>&1 && strato-hello' 600)
	[ "$got" = hello-from-a-deb ] || fail "apt-get install ./hello.deb: '$got'"
	vm_send 'cd'
	pass "apt-get installs a local package"

	if [ "$n" -ge 2 ]; then
		got=$(timeout 120 ssh -i "$KEY" -p "$port" -o BatchMode=yes -o StrictHostKeyChecking=no \
			-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR root@127.0.0.1 \
			'uname -m; systemctl is-system-running' 2>&1 | tr '\n' ' ')
		[ "$got" = "riscv64 running " ] || fail "ssh through the forward: '$got'"
		pass "ssh -p $port root@127.0.0.1 through the port forward"
	fi

	vm_send 'poweroff'
	vm_wait 300
	[ "$VM_STATUS" -eq 0 ] || fail "poweroff gave status $VM_STATUS, expected 0"
	e2fsck -n -f "$disk" >"$WORK/e2fsck-$n.log" 2>&1 ||
		fail "e2fsck -n after poweroff: $(tail -n 3 "$WORK/e2fsck-$n.log")"
	pass "poweroff exits 0, the disk is clean"
	rm -f "$disk"
}

for n in $CPUS_LIST; do
	debian_run "$n"
done
echo "$passed passed, $failed failed"
