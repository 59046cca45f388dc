# strato — build and test.
#   make            build/strato
#   make test       every test (unit, unit under ASan+UBSan, bare-metal asm, differential)
#   make run        boot the default guest (Debian 13, 2 vCPUs, ssh on host port 2222)
#   make test-debian  the real Debian guest's tests alone (also part of make test)
#   make fuzz-diff  long differential run against qemu-riscv64
#   make fuzz       long libFuzzer runs over virtqueue parsing and virtio-net (FUZZ_SECONDS=600 each)

CC      ?= cc
BUILD   := build
CSTD    := -std=c17
WARN    := -Wall -Wextra -Werror
CPPFLAGS := -D_GNU_SOURCE -Isrc
CFLAGS  ?= -O2 -g
# libslirp's public header needs no glib, so it is linked directly (its .pc file
# would pull in glib's development package for nothing)
LDLIBS  := -lfdt -lslirp -lpthread -lm

# FP arithmetic runs on the host's SSE unit with the guest's rounding mode in
# MXCSR: the FP file must not assume the default rounding mode.
FPFLAGS := -frounding-math -fno-math-errno

SRCS := $(shell find src -name '*.c' | sort)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
OBJS := $(SRCS:%.c=$(BUILD)/obj/%.o)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
ASAN_OBJS := $(LIB_SRCS:%.c=$(BUILD)/asan/%.o)
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%)
UNIT_ASAN_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit-asan/%)

.PHONY: all test unit unit-asan asm diff cli idle sbi boot disk net smp debian test-debian run fuzz-diff fuzz-smoke fuzz clean deps bench-smp
all: $(BUILD)/strato

$(BUILD)/strato: $(OBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# the whole VMM under ASan+UBSan: the bare-metal tests run on it too
$(BUILD)/strato-asan: $(ASAN_OBJS) $(BUILD)/asan/src/main.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/src/engine/riscv/fpu.o: CFLAGS += $(FPFLAGS)
$(BUILD)/asan/src/engine/riscv/fpu.o: CFLAGS += $(FPFLAGS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) -MMD -MP -c -o $@ $<

# Unit tests (cmocka): each tests/unit/test_X.c links against every module.
$(BUILD)/tests/unit/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CPPFLAGS) $(CFLAGS) -frounding-math -o $@ $^ -lcmocka $(LDLIBS)

$(BUILD)/tests/unit-asan/%: tests/unit/%.c $(ASAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CPPFLAGS) $(CFLAGS) -frounding-math $(SANFLAGS) -o $@ $^ -lcmocka $(LDLIBS)

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; timeout 300 $$t; done

unit-asan: $(UNIT_ASAN_BINS)
	@set -e; for t in $(UNIT_ASAN_BINS); do echo "== $$t (asan+ubsan)"; \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 timeout 600 $$t; done

# the bare-metal tests on the translator (every block translated at once), on
# the interpreter, and on the translator under ASan+UBSan
asm: $(BUILD)/strato $(BUILD)/strato-asan
	tests/asm/run.sh --strato $(BUILD)/strato --engine jit
	tests/asm/run.sh --strato $(BUILD)/strato --engine interp --build-dir $(BUILD)/tests/asm-interp
	tests/asm/run.sh --strato $(BUILD)/strato-asan --engine jit --build-dir $(BUILD)/tests/asm-asan

diff: $(BUILD)/strato
	tests/diff/run.sh --strato $(BUILD)/strato --engine jit
	tests/diff/run.sh --strato $(BUILD)/strato --engine interp

cli: $(BUILD)/strato
	tests/cli/run.sh --strato $(BUILD)/strato

# a hart whose only timer is set far in the future sleeps in WFI (counted in exits)
idle: $(BUILD)/strato
	tests/idle/run.sh --strato $(BUILD)/strato

# S-mode programs booted as the kernel, against strato's SBI
sbi: $(BUILD)/strato
	tests/sbi/run.sh --strato $(BUILD)/strato

# boots the real Debian kernel (fetched into ~/.cache/strato on first use)
boot: $(BUILD)/strato
	tests/boot/run.sh --strato $(BUILD)/strato

disk: $(BUILD)/strato
	tests/disk/run.sh --strato $(BUILD)/strato

# SMP guests: threaded programs on 4 vCPUs (1:1, and M:N with --vcpu-threads 1)
smp: $(BUILD)/strato
	tests/smp/run.sh --strato $(BUILD)/strato

# the real Debian 13 guest (built by scripts/guest debian on first use): systemd,
# python3, gcc, ssh on 1 and 2 vCPUs
debian: $(BUILD)/strato
	tests/debian/run.sh --strato $(BUILD)/strato
test-debian: deps debian

bench-smp: $(BUILD)/strato
	bench/smp.sh

fuzz-diff: $(BUILD)/strato
	tests/diff/fuzz.sh --strato $(BUILD)/strato --engine jit
	tests/diff/fuzz.sh --strato $(BUILD)/strato --engine interp

# libFuzzer (clang, ASan+UBSan), built in build/fuzz/ apart from the gcc build:
#   fuzz_virtq  virtqueue and request parsing: virtio-blk, -rng, -console (tests/fuzz)
#   fuzz_net    virtio-net frames and offload headers (tests/net/fuzz_net.c)
#   fuzz_engine generated guest programs (page tables, traps, CSRs, FP, AMOs,
#               self-modifying code, two harts) against the vCPU engine, each
#               run on the interpreter and on the translator: same end state
# fuzz-smoke (in make test) runs each for FUZZ_SMOKE seconds; fuzz runs each for
# FUZZ_SECONDS.  -close_fd_mask=2 hides the devices' log lines; sanitizer
# reports still show.
FUZZ_CC := clang
FUZZ_SECONDS ?= 600
FUZZ_SMOKE ?= 15
FUZZERS := fuzz_virtq fuzz_net fuzz_engine
FUZZ_OBJS := $(LIB_SRCS:%.c=$(BUILD)/fuzz/obj/%.o)
FUZZ_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
fuzz_run = mkdir -p $(BUILD)/fuzz/$(1)-corpus && $(BUILD)/fuzz/$(1) -close_fd_mask=2 -timeout=10 \
           -max_len=4096 -artifact_prefix=$(BUILD)/fuzz/$(1)- $(BUILD)/fuzz/$(1)-corpus $(2)

$(BUILD)/fuzz/obj/src/engine/riscv/fpu.o: FUZZ_CFLAGS += $(FPFLAGS)
$(BUILD)/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CSTD) $(WARN) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(BUILD)/fuzz/fuzz_virtq: tests/fuzz/fuzz_virtq.c $(FUZZ_OBJS)
$(BUILD)/fuzz/fuzz_net: tests/net/fuzz_net.c $(FUZZ_OBJS)
$(BUILD)/fuzz/fuzz_engine: tests/fuzz/fuzz_engine.c $(FUZZ_OBJS)
$(addprefix $(BUILD)/fuzz/,$(FUZZERS)):
	$(FUZZ_CC) $(CSTD) $(WARN) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP -o $@ $(filter %.c %.o,$^) $(LDLIBS)
-include $(FUZZ_OBJS:.o=.d) $(addsuffix .d,$(addprefix $(BUILD)/fuzz/,$(FUZZERS)))

fuzz-smoke: $(addprefix $(BUILD)/fuzz/,$(FUZZERS))
	@for f in $(FUZZERS); do \
	  seeds=; [ $$f = fuzz_virtq ] && seeds=tests/fuzz/seeds; \
	  echo "== $$f, $(FUZZ_SMOKE) s (log: $(BUILD)/fuzz/$$f-smoke.log)"; \
	  mkdir -p $(BUILD)/fuzz/$$f-corpus; \
	  $(BUILD)/fuzz/$$f -close_fd_mask=2 -timeout=10 -max_len=4096 -artifact_prefix=$(BUILD)/fuzz/$$f- \
	    -max_total_time=$(FUZZ_SMOKE) -print_final_stats=1 $(BUILD)/fuzz/$$f-corpus $$seeds \
	    >$(BUILD)/fuzz/$$f-smoke.log 2>&1 || { grep -v -E '^#[0-9]+' $(BUILD)/fuzz/$$f-smoke.log; exit 1; }; \
	  grep -E 'DONE +cov|^stat::(number_of_executed_units|average_exec_per_sec)' $(BUILD)/fuzz/$$f-smoke.log; \
	done

fuzz: $(addprefix $(BUILD)/fuzz/,$(FUZZERS))
	$(call fuzz_run,fuzz_virtq,tests/fuzz/seeds) -max_total_time=$(FUZZ_SECONDS)
	$(call fuzz_run,fuzz_net,) -max_total_time=$(FUZZ_SECONDS)
	$(call fuzz_run,fuzz_engine,) -max_total_time=$(FUZZ_SECONDS)

# Network through slirp (and a tap device when one can be made)
net: $(BUILD)/strato
	tests/net/run.sh --strato $(BUILD)/strato

test: deps
	$(MAKE) all
	$(MAKE) unit unit-asan asm diff cli idle sbi boot disk net smp fuzz-smoke debian
	@echo "all tests passed"

# boots the default guest, Debian 13 (built on first use), to a login on the
# serial console; the host's port 2222 reaches the guest's sshd
run: deps $(BUILD)/strato
	$(BUILD)/strato run --cpus 2 --net user,hostfwd=tcp::2222-:22

deps:
	scripts/deps

clean:
	rm -rf $(BUILD)

-include $(OBJS:.o=.d) $(ASAN_OBJS:.o=.d) $(BUILD)/asan/src/main.d
