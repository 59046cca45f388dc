#!/usr/bin/env bash
# Differential fuzzing of strato's CPU against QEMU: runs tests/diff/run.sh on
# fresh random seeds until a mismatch or until the time is up.
#
#   tests/diff/fuzz.sh [--seconds T] [--count N] [other run.sh options]
#
#   --seconds T   stop starting new runs after T seconds (default 300)
#   --count N     sequences per run (default 10000)
# Other options (--strato PATH, --engine jit|interp, --ref-only, --batch B, --jobs J,
# --misaligned, --timeout S) are passed to run.sh.  On a mismatch the run.sh report is
# printed with the seed and the command that replays it, and the exit status
# is 1; 0 means no mismatch was found.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=300
count=10000
pass=()
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) seconds=$2; shift 2 ;;
        --count) count=$2; shift 2 ;;
        --seed) echo "fuzz.sh: seeds are chosen at random; use run.sh --seed to replay one" >&2; exit 2 ;;
        --ref-only|--misaligned|--keep) pass+=("$1"); shift ;;
        --strato|--engine|--batch|--jobs|--timeout|--inject) pass+=("$1" "$2"); shift 2 ;;
        -h|--help) sed -n '2,/^set -e/p' "${BASH_SOURCE[0]}" | sed -e '/^set -e/d' -e 's/^# \{0,1\}//' >&2; exit 2 ;;
        *) echo "fuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
case $seconds$count in ''|*[!0-9]*) echo "fuzz.sh: --seconds and --count take numbers" >&2; exit 2 ;; esac

log=$root/build/tests/diff/fuzz.log
mkdir -p "$(dirname "$log")"
deadline=$((SECONDS + seconds))
runs=0
while [ "$SECONDS" -lt "$deadline" ]; do
    seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' \n')
    rc=0
    "$root/tests/diff/run.sh" --seed "$seed" --count "$count" "${pass[@]}" >"$log" 2>&1 || rc=$?
    if [ "$rc" != 0 ]; then
        cat "$log"
        if [ "$rc" = 1 ]; then
            echo "fuzz: MISMATCH with seed $seed after $runs clean runs"
        else
            echo "fuzz: run.sh failed (status $rc) with seed $seed after $runs clean runs"
        fi
        echo "fuzz: replay: tests/diff/run.sh --seed $seed --count $count ${pass[*]}"
        exit 1
    fi
    runs=$((runs + 1))
    echo "fuzz: seed $seed: $count sequences match ($(tail -n 1 "$log" | sed -n 's/.*(\(.*\))$/\1/p'))"
done
echo "fuzz: $runs runs, $((runs * count)) sequences, no mismatch"
