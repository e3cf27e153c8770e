/*
 * Build configuration shared by the kernel and user programs.
 *
 * The knobs keep seL4's CONFIG_* names so that seL4 programs see the same
 * configuration they would see under seL4's build system (which generates
 * this file; we write it once by hand and let -D override any knob).
 *
 * Two kinds of knobs:
 *
 *   Numbers (CONFIG_NUM_PRIORITIES, ...): always defined.  Override with
 *   -DCONFIG_NUM_PRIORITIES=128.
 *
 *   Booleans follow seL4's convention: an ON option is defined as 1, an OFF
 *   option is NOT DEFINED AT ALL, because seL4 programs test them with
 *   `#ifdef CONFIG_X`.  Turn one on with -DCONFIG_X=1 (or -DCONFIG_X) and
 *   off with -DCONFIG_X=0: this header #undefs a boolean given as 0, so the
 *   #ifdef tests stay right.  Include this header before testing any knob.
 *
 *   How to test a boolean:
 *     in the preprocessor:   #ifdef CONFIG_X   or   #if config_set(CONFIG_X)
 *     in a C expression:     if (config_set(CONFIG_X)) { ... }
 *   config_set(CONFIG_X) expands to the token 1 when CONFIG_X is defined as
 *   1 and to 0 when it is not defined (the name comes from seL4's kernel).
 *   Plain `if (CONFIG_X)` does not compile for an OFF option, so use
 *   config_set() in C code.
 */
#pragma once

/*
 * config_set(CONFIG_X): 1 if CONFIG_X is defined to 1, else 0.
 * How it works: pasting the option's value onto CONFIG_SET_PROBE_ gives
 * CONFIG_SET_PROBE_1 for an ON option, which expands to "~, 1" and so puts
 * a 1 in the second argument position of config_set_pick_().  Any other
 * spelling (an undefined name stays a name) leaves the 0 there.
 */
#define CONFIG_SET_PROBE_1 ~, 1
#define config_set(option) config_set_value_(option)
#define config_set_value_(value) config_set_second_(CONFIG_SET_PROBE_##value)
#define config_set_second_(...) config_set_pick_(__VA_ARGS__, 0, ~)
#define config_set_pick_(first, second, ...) second

/* ------------------------------------------------------------------ */
/* Platform facts: Mica targets x86-64 pc99 only.  Not meant to change. */
#define CONFIG_ARCH_X86 1
#define CONFIG_ARCH_X86_64 1
#define CONFIG_X86_64 1
#define CONFIG_PLAT_PC99 1
#define CONFIG_WORD_SIZE 64
#define CONFIG_HAVE_FPU 1
#define CONFIG_FXSAVE 1
#define CONFIG_XSAVE_SIZE 576
#define CONFIG_FSGSBASE_MSR 1
#define CONFIG_SYSCALL 1 /* user entry by the `syscall` instruction */
#define CONFIG_LIB_SEL4_INLINE_INVOCATIONS 1
/* Not supported, so never defined: CONFIG_ARCH_IA32, CONFIG_IOMMU,
 * CONFIG_VTX, CONFIG_X86_64_VTX_64BIT_GUESTS, CONFIG_ENABLE_SMP_SUPPORT,
 * CONFIG_ENABLE_BENCHMARKS, CONFIG_BENCHMARK_TRACK_UTILISATION,
 * CONFIG_DANGEROUS_CODE_INJECTION, CONFIG_KERNEL_X86_DANGEROUS_MSR,
 * CONFIG_SYSENTER. */

/* ------------------------------------------------------------------ */
/* Boolean knobs, default ON. */
#ifndef CONFIG_PRINTING
#define CONFIG_PRINTING 1
#elif !CONFIG_PRINTING
#undef CONFIG_PRINTING
#endif

#ifndef CONFIG_DEBUG_BUILD
#define CONFIG_DEBUG_BUILD 1
#elif !CONFIG_DEBUG_BUILD
#undef CONFIG_DEBUG_BUILD
#endif

#ifndef CONFIG_FASTPATH
#define CONFIG_FASTPATH 1
#elif !CONFIG_FASTPATH
#undef CONFIG_FASTPATH
#endif

/* 1 GiB pages (seL4_X64_HugePageObject). */
#ifndef CONFIG_HUGE_PAGE
#define CONFIG_HUGE_PAGE 1
#elif !CONFIG_HUGE_PAGE
#undef CONFIG_HUGE_PAGE
#endif

/* The seL4_SetTLSBase syscall exists. */
#ifndef CONFIG_SET_TLS_BASE_SELF
#define CONFIG_SET_TLS_BASE_SELF 1
#elif !CONFIG_SET_TLS_BASE_SELF
#undef CONFIG_SET_TLS_BASE_SELF
#endif

/* ANSI colours in the kernel's userError lines (seL4 KernelColourPrinting). */
#ifndef CONFIG_COLOUR_PRINTING
#define CONFIG_COLOUR_PRINTING 1
#elif !CONFIG_COLOUR_PRINTING
#undef CONFIG_COLOUR_PRINTING
#endif

/* ------------------------------------------------------------------ */
/* Boolean knobs, default OFF: only ever defined by -DCONFIG_X=1. */

/* Breakpoint/single-step invocations; shifts invocation labels. */
#if defined(CONFIG_HARDWARE_DEBUG_API) && !CONFIG_HARDWARE_DEBUG_API
#undef CONFIG_HARDWARE_DEBUG_API
#endif

/* Mixed-criticality kernel: not implemented yet. */
#if defined(CONFIG_KERNEL_MCS) && !CONFIG_KERNEL_MCS
#undef CONFIG_KERNEL_MCS
#endif
#ifdef CONFIG_KERNEL_MCS
#error "Mica does not implement the MCS kernel API yet"
#endif

/* ------------------------------------------------------------------ */
/* Numeric knobs. */
#ifndef CONFIG_NUM_DOMAINS
#define CONFIG_NUM_DOMAINS 1
#endif

#ifndef CONFIG_NUM_PRIORITIES
#define CONFIG_NUM_PRIORITIES 256
#endif

/* log2 of the number of slots in the root task's CNode. */
#ifndef CONFIG_ROOT_CNODE_SIZE_BITS
#define CONFIG_ROOT_CNODE_SIZE_BITS 16
#endif

/* Timer ticks per time slice. */
#ifndef CONFIG_TIME_SLICE
#define CONFIG_TIME_SLICE 5
#endif

#ifndef CONFIG_TIMER_TICK_MS
#define CONFIG_TIMER_TICK_MS 2
#endif

/* Most objects one Untyped_Retype may create. */
#ifndef CONFIG_RETYPE_FAN_OUT_LIMIT
#define CONFIG_RETYPE_FAN_OUT_LIMIT 256
#endif

#ifndef CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230
#endif

/* Stack words printed for an unhandled fault. */
#ifndef CONFIG_USER_STACK_TRACE_LENGTH
#define CONFIG_USER_STACK_TRACE_LENGTH 16
#endif

#ifndef CONFIG_MAX_NUM_NODES
#define CONFIG_MAX_NUM_NODES 1
#endif
#if CONFIG_MAX_NUM_NODES != 1
#error "Mica runs on one core only"
#endif
