# Mica: one Makefile for the kernel, the user side, the tests and QEMU.
#
#   make          build the kernel, libraries, the demo system and the test images
#   make run      boot the demo system in QEMU (serial on this terminal; Ctrl-a x quits)
#   make test     build everything and run every test; last line "N passed, N failed"
#   make gdb      boot halted with QEMU's gdb stub and print the gdb command line
#   make clean    remove build/
#
# Knobs: CPU=<qemu -cpu model>, QEMU_TIMEOUT=<s>, EXTRA_CFLAGS (e.g. -DCONFIG_NUM_DOMAINS=4).

ARCH        ?= x86_64
BUILD       ?= build
CC          := gcc
LD          := ld
OBJCOPY     := objcopy
QEMU        ?= qemu-system-x86_64
# seL4's own simulation CPU model (DESIGN §1); `make CPU=max` for the other one.
CPU         ?= Nehalem,-vme,+pdpe1gb,-xsave,-xsaveopt,-xsavec,-fsgsbase,-invpcid,+syscall,+lm
QEMU_MEM    ?= 3G
QEMU_BASE   := $(QEMU) -machine pc -accel tcg -cpu $(CPU) -m $(QEMU_MEM) -no-reboot \
               -device isa-debug-exit,iobase=0xf4,iosize=0x04
QEMU_TIMEOUT ?= 120
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
WARN        := -Wall -Wextra -Werror
COMMON      := -std=gnu11 -g -O2 -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
               -ffreestanding -nostdinc -isystem $(GCC_INCLUDE) -Ilibsel4/include $(EXTRA_CFLAGS)

# ---- kernel --------------------------------------------------------------------------
KERNEL_CFLAGS := $(COMMON) $(WARN) -mcmodel=kernel -mno-red-zone -mno-mmx -mno-sse -mno-sse2 \
                 -mno-80387 -fno-pic -Ikernel/arch/$(ARCH) -MMD -MP
KERNEL_SRCS   := $(wildcard kernel/api/*.c kernel/core/*.c kernel/object/*.c kernel/fastpath/*.c \
                 kernel/arch/$(ARCH)/*.c kernel/arch/$(ARCH)/*.S)
KERNEL_OBJS   := $(patsubst %,$(BUILD)/%.o,$(KERNEL_SRCS))
KERNEL_ELF    := $(BUILD)/kernel/mica.elf
KERNEL_LDFLAGS := -n -nostdlib -z max-page-size=0x1000 --no-warn-rwx-segments \
                  -T kernel/arch/$(ARCH)/linker.ld

# ---- user side -----------------------------------------------------------------------
USER_CFLAGS  := $(COMMON) $(WARN) -isystem lib/libc/include -isystem lib/compat/include -MMD -MP
USER_LDFLAGS := -static -nostdlib -no-pie -Wl,-z,max-page-size=0x1000 -Wl,--build-id=none
LIBSEL4_OBJS := $(patsubst %,$(BUILD)/%.o,$(wildcard libsel4/src/*.c))
LIBC_OBJS    := $(patsubst %,$(BUILD)/%.o,$(wildcard lib/libc/*.c))
CRT_OBJS     := $(BUILD)/lib/crt/crt0.S.o $(BUILD)/lib/crt/runtime.c.o $(BUILD)/lib/crt/sel4runtime.c.o
# Entry of a program the system loader starts (crt0.S is the root task's).
CRT_PROCESS  := $(BUILD)/lib/crt/crt0_process.S.o
# seL4 library compatibility: utils/, sel4utils/, sel4platsupport/ ... (lib/compat).
COMPAT_OBJS  := $(patsubst %,$(BUILD)/%.o,$(wildcard lib/compat/src/*.c))
USER_LIBS    := $(BUILD)/lib/libmica.a $(BUILD)/lib/libcompat.a $(BUILD)/lib/libsel4.a

# Root-task images: name -> sources
DEMO_ELF        := $(BUILD)/loader/loader.elf
SYSTEST_SRCS    := $(wildcard tests/system/suite/*.c)
SYSTEST_ELF     := $(BUILD)/tests/system/systest.elf
BOOTTEST_SRCS   := $(wildcard tests/system/boot/*.c)
BOOTTEST_ELFS   := $(patsubst tests/system/boot/%.c,$(BUILD)/tests/system/boot/%.elf,$(BOOTTEST_SRCS))
COMPAT_TEST_ELF := $(BUILD)/lib/compat/test/compat_test.elf
FUZZ_ELF        := $(BUILD)/tests/system/fuzz/fuzz.elf

# ---- host side -----------------------------------------------------------------------
HOST_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all $(WARN) \
               -Itests/host -Ilibsel4/include -Ikernel/arch/$(ARCH)
QRUN        := $(BUILD)/tools/qrun
HOSTTEST    := $(BUILD)/tests/host/hosttests

.PHONY: all deps kernel user run test gdb clean host-tests ninja-vars bench nofastpath soak fuzz-host domains debugapi
all: kernel user $(QRUN) $(HOSTTEST) nofastpath domains debugapi

# Kernel and suite with four domains (DOMAINS0000/0005/9999 need more than one; tests/run_all.sh).
domains: | deps
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/domains EXTRA_CFLAGS="$(EXTRA_CFLAGS) -DCONFIG_NUM_DOMAINS=4" \
	    $(BUILD)/domains/kernel/mica.elf $(BUILD)/domains/tests/system/systest.elf

# Kernel and suite with seL4's hardware debug API (breakpoints.c; tests/debug_api.sh).
debugapi: | deps
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/debugapi \
	    EXTRA_CFLAGS="$(EXTRA_CFLAGS) -DCONFIG_HARDWARE_DEBUG_API=1" \
	    $(BUILD)/debugapi/kernel/mica.elf $(BUILD)/debugapi/tests/system/systest.elf

# The same kernel without the IPC fastpath: the system suite runs on both (tests/run_all.sh).
nofastpath: | deps
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/nofastpath EXTRA_CFLAGS="$(EXTRA_CFLAGS) -DCONFIG_FASTPATH=0" \
	    $(BUILD)/nofastpath/kernel/mica.elf

deps:
	@sh tools/deps.sh

kernel: $(KERNEL_ELF)
user: $(DEMO_ELF) $(SYSTEST_ELF) $(BOOTTEST_ELFS) $(COMPAT_TEST_ELF) $(FUZZ_ELF)

$(BUILD)/kernel/%.c.o: kernel/%.c | deps
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel/%.S.o: kernel/%.S | deps
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

# The fastpath never returns to its caller (it leaves the kernel or tail-calls the slowpath):
# its callee-saved registers need no saving.
$(BUILD)/kernel/fastpath/%.c.o: KERNEL_CFLAGS += -fcall-used-rbx -fcall-used-r12 \
    -fcall-used-r13 -fcall-used-r14 -fcall-used-r15

$(KERNEL_ELF): $(KERNEL_OBJS) kernel/arch/$(ARCH)/linker.ld
	@echo "  LD      $@"
	$(Q)$(LD) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS)
	$(Q)nm -n $@ > $(BUILD)/kernel/mica.sym

$(BUILD)/%.c.o: %.c | deps
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

$(BUILD)/%.S.o: %.S | deps
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

$(BUILD)/lib/libmica.a: $(LIBC_OBJS) $(CRT_OBJS)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/lib/libcompat.a: $(COMPAT_OBJS)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/lib/libsel4.a: $(LIBSEL4_OBJS)
	@rm -f $@
	$(Q)ar rcs $@ $^

# A root task: crt0 first, then its objects, then the libraries (twice: they use each other).
define link_root_task
	@echo "  LD      $@"; $(CC) $(USER_LDFLAGS) -o $@ $(BUILD)/lib/crt/crt0.S.o $(1) \
	    -Wl,--start-group $(USER_LIBS) -Wl,--end-group -lgcc
endef

# A program the system loader starts: crt0_process first (argc/argv/auxv on the stack).
define link_process
	@echo "  LD      $@"; $(CC) $(USER_LDFLAGS) -o $@ $(CRT_PROCESS) $(1) \
	    -Wl,--start-group $(USER_LIBS) -Wl,--end-group -lgcc
endef

# ---- the system loader and the demo system it boots (docs/system-descriptions.md) ------
# sdc compiles a description into cspace_<program>.c (linked into the program) and, with
# the programs' ELFs, into the image that system_blob.S links into the loader.
SDC         := $(BUILD)/tools/sdc
LOADER_OBJS := $(patsubst %,$(BUILD)/%.o,$(wildcard loader/*.c))
DEMO_DIR    := $(BUILD)/loader/demo
DEMO_IMAGE  := $(DEMO_DIR)/system.img

$(SDC): $(wildcard tools/sdc/*.c tools/sdc/*.h) loader/sysimage.h lib/libc/include/mica/startup.h | deps
	@mkdir -p $(@D)
	@echo "  HOSTCC  tools/sdc"
	$(Q)$(CC) -std=gnu11 -O2 $(WARN) -o $@ $(wildcard tools/sdc/*.c)

$(DEMO_DIR)/gen/cspace_hello.c: loader/demo/demo.system $(SDC)
	@mkdir -p $(@D)
	@echo "  SDC     $<"
	$(Q)$(SDC) symbols $< $(@D) && touch $@

$(DEMO_DIR)/gen/cspace_hello.c.o: $(DEMO_DIR)/gen/cspace_hello.c
	@echo "  CC      $<"
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

$(DEMO_DIR)/hello.elf: $(BUILD)/loader/demo/hello.c.o $(DEMO_DIR)/gen/cspace_hello.c.o $(CRT_PROCESS) \
                       $(USER_LIBS)
	$(call link_process,$(filter-out $(CRT_PROCESS),$(filter %.o,$^)))

$(DEMO_IMAGE): loader/demo/demo.system $(DEMO_DIR)/hello.elf $(SDC)
	@echo "  SDC     $@"
	$(Q)$(SDC) image $< $@ hello=$(DEMO_DIR)/hello.elf

$(BUILD)/loader/system_blob.S.o: loader/system_blob.S $(DEMO_IMAGE)
	@mkdir -p $(@D)
	$(Q)$(CC) $(USER_CFLAGS) -DMICA_SYSTEM_IMAGE='"$(DEMO_IMAGE)"' -c $< -o $@

$(DEMO_ELF): $(LOADER_OBJS) $(BUILD)/loader/system_blob.S.o $(USER_LIBS)
	$(call link_root_task,$(filter %.o,$^))

$(SYSTEST_ELF): $(patsubst %,$(BUILD)/%.o,$(SYSTEST_SRCS)) $(USER_LIBS)
	$(call link_root_task,$(filter %.o,$^))

$(BUILD)/tests/system/boot/%.elf: $(BUILD)/tests/system/boot/%.c.o $(USER_LIBS)
	$(call link_root_task,$<)

# The seL4 compatibility headers (lib/compat): compiled with -Werror, run by tests/tutorials.sh.
$(COMPAT_TEST_ELF): $(patsubst %,$(BUILD)/%.o,$(wildcard lib/compat/test/*.c)) $(USER_LIBS)
	$(call link_root_task,$(filter %.o,$^))

# ---- benchmarks: a kernel with CONFIG_ENABLE_BENCHMARKS and the bench root task ----
BENCH_ELF := $(BUILD)/bench/bench.elf
$(BENCH_ELF): $(patsubst %,$(BUILD)/%.o,$(wildcard bench/*.c)) $(USER_LIBS)
	$(call link_root_task,$(filter %.o,$^))

# `make bench`: the same sources built into $(BUILD)/benchmark with benchmarks enabled, run
# under -icount shift=0 (the TSC counts guest instructions) and under KVM when it works.
bench: $(QRUN) | deps
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/benchmark \
	    EXTRA_CFLAGS="$(EXTRA_CFLAGS) -DCONFIG_ENABLE_BENCHMARKS=1 -DCONFIG_CHECK_INVARIANTS=0" \
	    $(BUILD)/benchmark/kernel/mica.elf $(BUILD)/benchmark/bench/bench.elf
	@bash bench/run.sh "$(BUILD)/benchmark" "$(QEMU) -machine pc -cpu $(CPU) -m $(QEMU_MEM) -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04" "$(QRUN)"

# ---- the syscall fuzzer (tests/system/fuzz/README.md): a root task; make soak, make fuzz-host ----
$(FUZZ_ELF): $(patsubst %,$(BUILD)/%.o,$(wildcard tests/system/fuzz/*.c tests/system/fuzz/*.S)) $(USER_LIBS)
	$(call link_root_task,$(filter %.o,$^))
# Fuzz-thread code runs with whatever FPU state its thread left behind: no SSE in it.
$(BUILD)/tests/system/fuzz/fuzzer.c.o $(BUILD)/tests/system/fuzz/fuzzer_typed.c.o: USER_CFLAGS += -mgeneral-regs-only

# `make soak`: the long fuzz run (>= 10,000,000 invocations); FUZZ_SEED=... picks the seed.
soak: kernel $(FUZZ_ELF) $(QRUN)
	@bash tests/system/fuzz/run.sh --soak $(if $(FUZZ_SEED),--seed $(FUZZ_SEED)) "$(BUILD)" "$(QEMU_BASE)"

# `make fuzz-host`: libFuzzer on the CSpace lookup, the derivation tree and the ELF checks.
fuzz-host: | deps
	@bash tests/host/fuzz/run.sh "$(BUILD)"

# ---- host tools and tests ------------------------------------------------------------
$(QRUN): tools/qrun.c | deps
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	$(Q)$(CC) -std=gnu11 -O2 $(WARN) -o $@ $<

# Host unit tests: pure kernel and library code compiled for the host under ASan/UBSan.
HOST_UNDER_TEST := kernel/core/boot_regions.c kernel/core/elf.c kernel/api/printf.c kernel/core/cspace.c \
                   kernel/core/cdt.c kernel/object/objecttype.c kernel/core/thread.c kernel/object/endpoint.c \
                   kernel/object/domain.c kernel/object/notification.c kernel/core/ipc.c kernel/core/invariants.c \
                   tests/host/kernel_stubs.c \
                   $(filter-out lib/libc/console_sel4.c,$(wildcard lib/libc/*.c))
$(HOSTTEST): tests/host/harness.c $(wildcard tests/host/test_*.c) $(HOST_UNDER_TEST) \
             $(wildcard tests/host/*.h) $(wildcard kernel/include/*.h) | deps
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(CC) $(HOST_CFLAGS) -DMICA_HOST_TEST -o $@ tests/host/harness.c $(wildcard tests/host/test_*.c) \
	    $(HOST_UNDER_TEST)

host-tests: $(HOSTTEST)
	$(HOSTTEST)

# ---- running -------------------------------------------------------------------------
# seL4_DebugHalt ends QEMU through isa-debug-exit, whose exit status is 1 for a clean halt.
run: $(KERNEL_ELF) $(DEMO_ELF)
	$(Q)$(QEMU_BASE) -nographic -kernel $(KERNEL_ELF) -initrd $(DEMO_ELF) || [ $$? -eq 1 ]

gdb: $(KERNEL_ELF) $(DEMO_ELF)
	@echo "QEMU is waiting for gdb on localhost:1234. In another terminal run:"
	@echo "  gdb $(KERNEL_ELF) -ex 'target remote localhost:1234'"
	@echo "(user symbols: add-symbol-file $(DEMO_ELF)). Quit QEMU with Ctrl-a x."
	$(QEMU_BASE) -nographic -S -gdb tcp:127.0.0.1:1234 -kernel $(KERNEL_ELF) -initrd $(DEMO_ELF)

test: all
	@bash tests/run_all.sh "$(BUILD)" "$(QEMU_BASE)" "$(QEMU_TIMEOUT)"

clean:
	rm -rf $(BUILD)

# The flags and source lists the tutorials' build.ninja uses (tools/tutorial/gen-ninja.sh):
# one "NAME<tab>VALUE" line each, so both builds compile with the same flags.
ninja-vars:
	@printf '%s\t%s\n' CC "$(CC)" LD "$(LD)" QEMU_BASE "$(QEMU_BASE)" WARN "$(WARN)" \
	    KERNEL_CFLAGS "$(KERNEL_CFLAGS)" KERNEL_LDFLAGS "$(KERNEL_LDFLAGS)" \
	    KERNEL_SRCS "$(KERNEL_SRCS)" USER_CFLAGS "$(USER_CFLAGS)" USER_LDFLAGS "$(USER_LDFLAGS)" \
	    LIBSEL4_SRCS "$(wildcard libsel4/src/*.c)" LIBC_SRCS "$(wildcard lib/libc/*.c)" \
	    CRT_SRCS "$(patsubst $(BUILD)/%.o,%,$(CRT_OBJS))" COMPAT_SRCS "$(wildcard lib/compat/src/*.c)" \
	    CRT_PROCESS_SRC "$(patsubst $(BUILD)/%.o,%,$(CRT_PROCESS))" \
	    LOADER_SRCS "$(wildcard loader/*.c)" SDC_SRCS "$(wildcard tools/sdc/*.c)" \
	    QRUN_SRC tools/qrun.c

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
.SECONDARY:
