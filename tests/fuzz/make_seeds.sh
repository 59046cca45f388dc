#!/bin/sh
# Writes the handwritten seed inputs of fuzz_virtq into tests/fuzz/seeds/.
# The format is the small program fuzz_virtq.c reads:
#   device (0 blk, 1 read-only blk, 2 rng, 3 console)
#   set-up: flags (1 EVENT_IDX, 2 INDIRECT_DESC, ...), then per queue a flag
#           byte and a size shift (QueueNumMax >> shift)
#   operations: 0x0a = build a request (queue, shape, segments, ...),
#               0x00 = write a descriptor, 0x02 = publish a head, 0x83 = set
#               the avail index, 0x04 = kick, 0x09 = console input
set -e
dir=$(dirname "$0")/seeds
mkdir -p "$dir"
seed() { name=$1; shift; printf "$@" > "$dir/$name"; }

# blk: read sector 3 into two buffers (direct), then sector 1 through an indirect table
seed blk-read '\000\003\000\005\012\000\001\002\000\003\200\201\000\012\000\003\002\000\001\200\200\001'
# blk: write sector 4, get-id, flush, discard 4 sectors at 2, write-zeroes (unmap)
seed blk-write-misc '\000\001\000\005\012\000\001\002\001\004\200\200\000\012\000\001\001\003\000\124\001\012\000\001\000\002\000\002\012\000\001\001\004\000\000\002\004\003\012\000\001\001\005\000\001\002\004\004'
# read-only blk: a write must fail with IOERR
seed blk-ro-write '\001\000\000\005\012\000\001\002\001\004\200\200\000'
# rng: a 16-byte and a 512-byte writable buffer
seed rng-read '\002\000\000\003\012\000\000\001\060\240\000\002\000'
# console: a receive buffer (the host answers), output, more input
seed console-io '\003\001\000\003\000\003\012\000\000\000\060\000\012\001\000\000\010\001\012\000\004\000\060\002\011\005abcde\004\000'
# blk: a two-descriptor loop (0 -> 1 -> 0), published and kicked
seed blk-loop '\000\000\000\005\000\000\000\000\000\000\200\001\020\001\001\000\000\000\001\000\000\000\202\001\020\001\000\000\002\000\000\000\004\000'
# blk: descriptor table below guest RAM at QueueReady
seed blk-bad-rings '\000\000\002\005\002\360\000\000\020\000\000\040'
# blk: the avail index jumps far ahead
seed blk-avail-jump '\000\000\000\005\203\000\377\000\004\000'
