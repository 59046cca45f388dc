#!/bin/bash
# virtio-blk tests: what the guest syncs is on the host image (after poweroff,
# and after strato is killed right after the sync), read-only disks refuse
# writes, and a writable image cannot be opened by a second VM.
#   tests/disk/run.sh [--strato PATH]
set -u
cd "$(dirname "$0")/../.."
while [ $# -gt 0 ]; do
	case $1 in
	--strato) STRATO=$2; shift 2 ;;
	*) echo "usage: $0 [--strato PATH]" >&2; exit 2 ;;
	esac
done
WORK=build/tests/disk
. tests/boot/lib.sh
rm -f "$WORK"/*.img

KERNEL=$(scripts/guest path Image) || exit 1
INITRD=$(scripts/guest path initramfs) || exit 1
passed=0

pass() {
	echo "PASS $CURRENT_TEST"
	passed=$((passed + 1))
}

new_ext4() { # PATH
	truncate -s 64M "$1" && mkfs.ext4 -q -F -L strato "$1" || fail "mkfs.ext4 $1"
}

file_on_image() { # IMAGE PATH-IN-FS -> content on stdout
	debugfs -R "cat $2" "$1" 2>/dev/null
}

# 1. A file written and synced in the guest is intact on the host image after
#    poweroff; the image's checksum of a larger file matches the guest's.
IMG=$WORK/sync.img
new_ext4 "$IMG"
vm_start sync-poweroff --kernel "$KERNEL" --initrd "$INITRD" --disk "$IMG"
vm_expect '^strato-guest: init ready'
vm_send 'mkdir -p /mnt && mount /dev/vda /mnt && echo "strato-disk-test $(cat /sys/block/vda/serial)" > /mnt/hello.txt && dd if=/dev/urandom of=/mnt/big bs=64k count=64 2>/dev/null && sync && echo S-$(md5sum < /mnt/big | cut -c1-32)-S'
vm_expect '^S-[0-9a-f]{32}-S'
guest_md5=$(grep -a -o '^S-[0-9a-f]*' "$VM_LOG" | head -n1)
guest_md5=${guest_md5#S-}
vm_send 'umount /mnt; poweroff'
vm_wait 60
[ "$VM_STATUS" -eq 0 ] || fail "poweroff gave status $VM_STATUS"
[ "$(file_on_image "$IMG" /hello.txt)" = "strato-disk-test strato-vda" ] ||
	fail "hello.txt on the image: '$(file_on_image "$IMG" /hello.txt)'"
debugfs -R "dump /big $WORK/big.out" "$IMG" >/dev/null 2>&1
[ "$(md5sum <"$WORK/big.out" | cut -c1-32)" = "$guest_md5" ] || fail "/big differs from the guest's"
pass

# 2. Killed with SIGKILL right after the guest's sync returned: nothing
#    flushed is lost.  The file system is not unmounted, so check the file
#    through a journal-replaying copy (e2fsck) as a real crash would need.
IMG=$WORK/kill.img
new_ext4 "$IMG"
vm_start sync-sigkill --kernel "$KERNEL" --initrd "$INITRD" --disk "$IMG"
vm_expect '^strato-guest: init ready'
vm_send 'mkdir -p /mnt && mount /dev/vda /mnt && seq 1 20000 > /mnt/numbers.txt && sync && echo SYNCED-$(md5sum < /mnt/numbers.txt | cut -c1-32)'
vm_expect '^SYNCED-[0-9a-f]{32}'
kill -9 "$VM_PID"
vm_wait 10
[ "$VM_STATUS" -eq 137 ] || fail "strato was not killed (status $VM_STATUS)"
e2fsck -fy "$IMG" >/dev/null 2>&1
want=$(grep -a -o '^SYNCED-[0-9a-f]*' "$VM_LOG" | head -n1)
want=${want#SYNCED-}
got=$(file_on_image "$IMG" /numbers.txt | md5sum | cut -c1-32)
[ "$got" = "$want" ] || fail "numbers.txt after SIGKILL: md5 $got, the guest had $want"
pass

# 3. A read-only disk: Linux sees it read-only (VIRTIO_BLK_F_RO) and a raw
#    write fails; the image is unchanged.  (Linux does not let blockdev --setrw
#    override the disk's flag, so the device's own IOERR answer to a write is
#    checked in tests/unit/test_virtq.c.)
IMG=$WORK/ro.img
new_ext4 "$IMG"
before=$(md5sum <"$IMG")
vm_start read-only --kernel "$KERNEL" --initrd "$INITRD" --disk "$IMG,ro"
vm_expect '^strato-guest: init ready'
vm_send 'echo R-$(cat /sys/block/vda/ro)-R'
vm_expect '^R-1-R'
vm_send 'blockdev --setrw /dev/vda; dd if=/dev/zero of=/dev/vda bs=4096 count=1 oflag=direct conv=fsync 2>&1 | head -n1; echo W-$?-W'
vm_expect '^W-[0-9]+-W'
grep -aiq "error writing '/dev/vda'" "$VM_LOG" || fail "the guest's write to a read-only disk did not fail"
vm_send 'poweroff'
vm_wait 60
[ "$(md5sum <"$IMG")" = "$before" ] || fail "the read-only image changed"
pass

# 4. Two VMs on one writable image: the second is refused with one line.
IMG=$WORK/shared.img
new_ext4 "$IMG"
vm_start lock-first --kernel "$KERNEL" --initrd "$INITRD" --disk "$IMG"
vm_expect 'Run /init as init process'
second=$("$STRATO" run --kernel "$KERNEL" --initrd "$INITRD" --disk "$IMG" </dev/null 2>&1 >/dev/null)
status=$?
[ "$status" -eq 1 ] || fail "the second VM got status $status, expected 1"
printf '%s\n' "$second" | grep -q "in use by another VM" || fail "second VM said: $second"
second_ro=$("$STRATO" run --kernel "$KERNEL" --initrd "$INITRD" --disk "$IMG,ro" </dev/null 2>&1 >/dev/null)
[ $? -eq 1 ] || fail "a read-only open of an image in use for writing was allowed"
kill -9 "$VM_PID"
vm_wait 10
echo "    second VM: $second"
echo "    read-only second VM: $second_ro"
pass

echo "disk: $passed passed"
