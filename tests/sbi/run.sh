#!/bin/sh
# SBI tests: small S-mode programs booted directly as the kernel (strato is the
# SBI).  Each ends with SBI system reset: status 0 when its checks passed.
#   tests/sbi/run.sh [--strato PATH]
set -u
cd "$(dirname "$0")/../.."
STRATO=build/strato
[ "${1:-}" = --strato ] && STRATO=$2
W=build/tests/sbi
mkdir -p "$W"
CROSS=${CROSS:-riscv64-unknown-elf-}
passed=0 failed=0
for src in tests/sbi/*.S; do
	name=$(basename "$src" .S)
	if ! ${CROSS}gcc -march=rv64gc -mabi=lp64d -nostdlib -nostartfiles -static \
		-Wl,-Ttext=0x80200000 -Wl,--no-warn-rwx-segments -o "$W/$name.elf" "$src" ||
		! ${CROSS}objcopy -O binary "$W/$name.elf" "$W/$name.bin"; then
		echo "FAIL $name: cannot build"
		failed=$((failed + 1))
		continue
	fi
	timeout 20 "$STRATO" run --kernel "$W/$name.bin" --cpus 2 --mem 64M --net none </dev/null \
		>"$W/$name.log" 2>&1
	status=$?
	if [ "$status" -eq 0 ]; then
		echo "PASS $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name: status $status (3: a check failed: $(grep -a "^F[0-9]" "$W/$name.log" | head -n 1))"
		failed=$((failed + 1))
	fi
done
echo "sbi: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
