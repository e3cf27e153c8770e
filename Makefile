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

# ---- user side -----------------------------------------------------------------------
USER_CFLAGS  := $(COMMON) $(WARN) -isystem lib/libc/include -MMD -MP
USER_LDFLAGS := -static -nostdlib -no-pie -Wl,-z,max-page-size=0x1000 -Wl,--build-id=none
LIBSEL4_OBJS := $(patsubst %,$(BUILD)/%.o,$(wildcard libsel4/src/*.c))
LIBC_OBJS    := $(patsubst %,$(BUILD)/%.o,$(wildcard lib/libc/*.c))
CRT_OBJS     := $(BUILD)/lib/crt/crt0.S.o $(BUILD)/lib/crt/runtime.c.o
USER_LIBS    := $(BUILD)/lib/libmica.a $(BUILD)/lib/libsel4.a

# Root-task images: name -> sources
DEMO_ELF        := $(BUILD)/loader/loader.elf
SYSTEST_SRCS    := $(wildcard tests/system/suite/*.c)
SYSTEST_ELF     := $(BUILD)/tests/system/systest.elf
BOOTTEST_SRCS   := $(wildcard tests/system/boot/*.c)
BOOTTEST_ELFS   := $(patsubst tests/system/boot/%.c,$(BUILD)/tests/system/boot/%.elf,$(BOOTTEST_SRCS))

# ---- host side -----------------------------------------------------------------------
HOST_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all $(WARN) \
               -Itests/host -Ilibsel4/include -Ikernel/arch/$(ARCH)
QRUN        := $(BUILD)/tools/qrun
HOSTTEST    := $(BUILD)/tests/host/hosttests

.PHONY: all deps kernel user run test gdb clean host-tests
all: kernel user $(QRUN) $(HOSTTEST)

deps:
	@sh tools/deps.sh

kernel: $(KERNEL_ELF)
user: $(DEMO_ELF) $(SYSTEST_ELF) $(BOOTTEST_ELFS)

$(BUILD)/kernel/%.c.o: kernel/%.c | deps
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel/%.S.o: kernel/%.S | deps
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

$(KERNEL_ELF): $(KERNEL_OBJS) kernel/arch/$(ARCH)/linker.ld
	@echo "  LD      $@"
	$(Q)$(LD) -n -nostdlib -z max-page-size=0x1000 --no-warn-rwx-segments \
	    -T kernel/arch/$(ARCH)/linker.ld -o $@ $(KERNEL_OBJS)
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

$(BUILD)/lib/libsel4.a: $(LIBSEL4_OBJS)
	@rm -f $@
	$(Q)ar rcs $@ $^

# A root task: crt0 first, then its objects, then the libraries (twice: they use each other).
define link_root_task
	@echo "  LD      $@"; $(CC) $(USER_LDFLAGS) -o $@ $(BUILD)/lib/crt/crt0.S.o $(1) \
	    -Wl,--start-group $(USER_LIBS) -Wl,--end-group -lgcc
endef

$(DEMO_ELF): $(patsubst %,$(BUILD)/%.o,$(wildcard loader/*.c)) $(USER_LIBS)
	$(call link_root_task,$(filter %.o,$^))

$(SYSTEST_ELF): $(patsubst %,$(BUILD)/%.o,$(SYSTEST_SRCS)) $(USER_LIBS)
	$(call link_root_task,$(filter %.o,$^))

$(BUILD)/tests/system/boot/%.elf: $(BUILD)/tests/system/boot/%.c.o $(USER_LIBS)
	$(call link_root_task,$<)

# ---- host tools and tests ------------------------------------------------------------
$(QRUN): tools/qrun.c | deps
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	$(Q)$(CC) -std=gnu11 -O2 $(WARN) -o $@ $<

# Host unit tests: pure kernel and library code compiled for the host under ASan/UBSan.
HOST_UNDER_TEST := kernel/core/boot_regions.c kernel/core/elf.c kernel/api/printf.c kernel/core/cspace.c \
                   kernel/core/cdt.c kernel/object/objecttype.c kernel/core/thread.c kernel/object/endpoint.c \
                   kernel/object/domain.c \
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

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
.SECONDARY:
