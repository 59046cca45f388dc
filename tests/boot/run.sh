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

# 2. Firmware boot through Debian's OpenSBI fw_jump: reboot gives status 2.
vm_start firmware-jump --firmware "$FW_JUMP" --kernel "$KERNEL" --initrd "$INITRD"
vm_expect 'OpenSBI v'
vm_expect '^strato-guest: init ready' 180
vm_send 'echo U-$(uname -m)-U'
vm_expect '^U-riscv64-U'
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

echo "boot: $passed passed"
