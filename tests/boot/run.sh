#!/bin/bash
# Boot tests: the stock Debian riscv64 kernel on strato, in both boot flows,
# driven through the console.
#   tests/boot/run.sh [--strato PATH]
set -u
cd "$(dirname "$0")/../.."
while [ $# -gt 0 ]; do
	case $1 in
	--strato) STRATO=$2; shift 2 ;;
	*) echo "usage: $0 [--strato PATH]" >&2; exit 2 ;;
	esac
done
. tests/boot/lib.sh

KERNEL=$(scripts/guest path Image) || exit 1
INITRD=$(scripts/guest path initramfs) || exit 1
POWEROFF=$(scripts/guest path initramfs-poweroff) || exit 1
FW_JUMP=$(scripts/guest path fw_jump) || exit 1
FW_DYNAMIC=$(scripts/guest path fw_dynamic) || exit 1
passed=0

pass() {
	echo "PASS $CURRENT_TEST"
	passed=$((passed + 1))
}

# 1. Direct kernel boot (strato is the SBI): the shell answers, /proc/cpuinfo
#    shows the ISA of the device tree and the paging mode --mmu allows, the RTC
#    has the host's time, poweroff ends strato with status 0.
vm_start direct --kernel "$KERNEL" --initrd "$INITRD" --stats --mmu sv48
vm_expect 'Run /init as init process'
vm_expect '^strato-guest: init ready'
vm_send 'echo U-$(uname -m)-U'
vm_expect '^U-riscv64-U'
vm_send 'echo I-$(grep -m1 "^isa" /proc/cpuinfo | tr -d "\t ")-I'
vm_expect '^I-isa:'
isa=$(grep -a -o '^I-isa:[^-]*' "$VM_LOG" | head -n1)
for ext in rv64imafdc zicbom zicboz zicntr zicsr zifencei zihintpause zba zbb zbs sstc; do
	case $isa in
	*"$ext"*) ;;
	*) fail "/proc/cpuinfo isa '$isa' lacks $ext" ;;
	esac
done
vm_send 'echo M-$(grep -m1 "^mmu" /proc/cpuinfo | tr -d "\t ")-M'
vm_expect '^M-mmu:sv48-M'
vm_send 'echo D-$(date +%s)-D'
vm_expect '^D-[0-9]+-D'
guest=$(grep -a -o '^D-[0-9]*' "$VM_LOG" | head -n1)
guest=${guest#D-}
host=$(date +%s)
delta=$((host - guest))
[ "${delta#-}" -le 120 ] || fail "guest clock $guest vs host $host: the RTC is off by ${delta}s"
vm_send 'poweroff'
vm_wait 60
[ "$VM_STATUS" -eq 0 ] || fail "poweroff gave status $VM_STATUS, expected 0"
grep -q 'sbi:.*time=\|sbi:.*base=' "$VM_LOG" || fail "--stats printed no SBI counters"
grep -q 'exits:.*mmio=' "$VM_LOG" || fail "--stats printed no exit counters"
pass

# 2. Firmware boot through Debian's OpenSBI fw_jump, with 2 harts (the second
#    started through the firmware's HSM): reboot gives status 2.
vm_start firmware-jump --firmware "$FW_JUMP" --kernel "$KERNEL" --initrd "$INITRD" --cpus 2
vm_expect 'OpenSBI v'
vm_expect '^strato-guest: init ready' 180
vm_send 'echo U-$(uname -m)-$(nproc)-U'
vm_expect '^U-riscv64-2-U'
vm_send 'reboot'
vm_wait 60
[ "$VM_STATUS" -eq 2 ] || fail "reboot gave status $VM_STATUS, expected 2"
pass

# 3. Firmware boot through fw_dynamic (the info structure in a2), to /init.
vm_start firmware-dynamic --firmware "$FW_DYNAMIC" --kernel "$KERNEL" --initrd "$POWEROFF"
vm_expect 'OpenSBI v'
vm_expect 'Run /init as init process'
vm_expect 'init ready \(poweroff image\)'
vm_wait 60
[ "$VM_STATUS" -eq 0 ] || fail "poweroff gave status $VM_STATUS, expected 0"
pass

# 4. The console escape on a terminal: Ctrl-A x stops strato with status 4 and
#    puts the terminal back.
if command -v script >/dev/null 2>&1; then
	CURRENT_TEST=ctrl-a-x
	VM_LOG=$WORK/ctrl-a-x.log
	echo "---- $CURRENT_TEST: Ctrl-A x on a pseudo-terminal"
	(sleep 2; printf '\001x'; sleep 5) |
		script -qfec "$STRATO run --kernel '$KERNEL' --initrd '$INITRD'" /dev/null >"$VM_LOG" 2>&1
	status=$?
	[ "$status" -eq 4 ] || fail "Ctrl-A x gave status $status, expected 4"
	grep -q 'terminated (Ctrl-A x)' "$VM_LOG" || fail "no termination message"
	pass
else
	echo "SKIP ctrl-a-x: 'script' (util-linux) is not installed"
fi

# 5. The default guest (make run): with no --kernel strato attaches the cache's
#    rootfs.ext4 as vda and passes root=/dev/vda (checked in its device tree, which
#    boots nothing); the initramfs switches to the ext4 disk on virtio-blk, whose
#    init brings eth0 up with udhcpc; a file written and synced in the guest is on
#    the image after poweroff, which leaves the file system clean.  The boot uses a
#    fresh image in $WORK, never the user's persistent disk.
PATH=$PATH:/usr/sbin:/sbin # debugfs, e2fsck
CURRENT_TEST=rootfs-defaults
VM_LOG=$WORK/$CURRENT_TEST.log
echo "---- $CURRENT_TEST: strato run --dump-dtb (the default guest's arguments)"
if "$STRATO" run --guest busybox --dump-dtb "$WORK/default.dtb" >"$VM_LOG" 2>&1 &&
	"$STRATO" run --kernel "$KERNEL" --dump-dtb "$WORK/nodisk.dtb" >>"$VM_LOG" 2>&1; then
	bootargs=$(fdtget -t s "$WORK/default.dtb" /chosen bootargs 2>&1)
	[ "$bootargs" = "root=/dev/vda console=ttyS0" ] ||
		fail "the default guest's bootargs are '$bootargs', expected 'root=/dev/vda console=ttyS0'"
	n_default=$(dtc -I dtb -O dts "$WORK/default.dtb" 2>/dev/null | grep -c '"virtio,mmio"')
	n_nodisk=$(dtc -I dtb -O dts "$WORK/nodisk.dtb" 2>/dev/null | grep -c '"virtio,mmio"')
	[ "$n_default" -eq $((n_nodisk + 1)) ] ||
		fail "the default guest has $n_default virtio devices, --kernel alone $n_nodisk: no default disk"
	pass
elif grep -q 'in use by another VM' "$VM_LOG"; then
	echo "SKIP $CURRENT_TEST: the default disk is in use by a running VM"
else
	fail "strato run --dump-dtb with the default guest failed"
fi

DISK=$WORK/rootfs.ext4
rm -f "$DISK"
CURRENT_TEST=rootfs
scripts/guest -q rootfs "$DISK" || fail "scripts/guest rootfs $DISK failed"
vm_start rootfs --guest busybox --disk "$DISK" --append "root=/dev/vda"
vm_expect '^strato-guest: switching to /dev/vda' 180
vm_expect '^strato-guest: rootfs ready' 120
# (the markers are split by "" so that no echo of a wrapped command line matches)
vm_send 'echo R""-$(grep " / " /proc/mounts | cut -d" " -f1-3 | tr " " ,)-R'
vm_expect '^R-[^ ]*-R'
root=$(grep -a -o '^R-[^ ]*-R' "$VM_LOG" | head -n1)
[ "$root" = "R-/dev/vda,/,ext4-R" ] || fail "/ is not ext4 on /dev/vda: ${root#R-}"
vm_send 'if ip addr show eth0 >/dev/null 2>&1; then echo E""-yes-E; else echo E""-no-E; fi'
vm_expect '^E-(yes|no)-E'
if grep -aq '^E-no-E' "$VM_LOG"; then
	echo "SKIP $CURRENT_TEST network check: the guest has no eth0 (no virtio-net)"
else
	vm_send 'echo A""-$(ip -4 addr show eth0 | grep -o "inet [0-9./]*" | tr " " =)-A'
	vm_send 'echo D""-$(ip route | grep -o "^default via [0-9.]*" | tr " " =)-D'
	vm_send 'echo C""-$(grep -o "^nameserver [0-9.]*" /etc/resolv.conf | tr " " =)-C'
	vm_expect '^C-.*-C'
	net=$(for m in A D C; do grep -a -o "^$m-[^ ]*-$m" "$VM_LOG" | head -n1; done | tr '\n' ' ')
	case $net in
	"A-inet=10.0.2."*"/24-A D-default=via=10.0.2.2-D C-nameserver=10.0.2.3-C ") ;;
	*) fail "eth0 is not configured by udhcpc: $net" ;;
	esac
fi
token=persist-$$-$RANDOM
vm_send "echo $token >/root/strato-test; sync; echo S\"\"-synced-S"
vm_expect '^S-synced-S'
vm_send 'poweroff'
vm_wait 60
[ "$VM_STATUS" -eq 0 ] || fail "poweroff gave status $VM_STATUS, expected 0"
got=$(debugfs -R "cat /root/strato-test" "$DISK" 2>/dev/null)
[ "$got" = "$token" ] || fail "the file written in the guest is not on $DISK (debugfs read '$got')"
e2fsck -fn "$DISK" >"$WORK/rootfs.fsck" 2>&1 ||
	fail "e2fsck finds $DISK not clean after poweroff: $(sed -n 2p "$WORK/rootfs.fsck")"
rm -f "$DISK"
pass

# 6. virtio-console as the guest's console (hvc0): the shell runs on it, input
#    and output both go through the virtqueues; virtio-rng feeds /dev/hwrng.
vm_start virtio-console --kernel "$KERNEL" --initrd "$INITRD" --console virtio --append "console=hvc0" --net none
vm_expect '^strato-guest: init ready'
vm_send 'echo C-$(cat /sys/class/tty/console/active)-C'
vm_expect '^C-hvc0-C'
vm_send 'echo G-$(cat /sys/class/misc/hw_random/rng_current)-$(head -c 4096 /dev/hwrng | wc -c)-G'
vm_expect '^G-virtio_rng\.[0-9]+-4096-G'
vm_send 'poweroff'
vm_wait 60
[ "$VM_STATUS" -eq 0 ] || fail "poweroff gave status $VM_STATUS, expected 0"
pass

echo "boot: $passed passed"
