/*
 * <utils/util.h>: the everyday helpers of seL4's libutils in one include:
 * BIT, MASK, ROUND_UP, MIN/MAX, ARRAY_SIZE, attributes (UNUSED, ...),
 * builtins, time units, STACK_CALL_ALIGNMENT and the ZF_LOG* macros.
 */
#pragma once

#include <assert.h>
#include <autoconf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <utils/arith.h>
#include <utils/attribute.h>
#include <utils/builtin.h>
#include <utils/compile_time.h>
#include <utils/stack.h>
#include <utils/stringify.h>
#include <utils/time.h>

/* seL4's default libutils log level: 5 = ZF_LOG_ERROR. */
#ifndef CONFIG_LIB_UTILS_DEFAULT_ZF_LOG_LEVEL
#define CONFIG_LIB_UTILS_DEFAULT_ZF_LOG_LEVEL 5
#endif

#ifndef ZF_LOG_LEVEL
#define ZF_LOG_LEVEL CONFIG_LIB_UTILS_DEFAULT_ZF_LOG_LEVEL
#endif

#include <utils/zf_log.h>
#include <utils/zf_log_if.h>

/* Old names for ZF_LOGE and ZF_LOGI. */
#define LOG_ERROR(...) ZF_LOGE(__VA_ARGS__)
#define LOG_INFO(...) ZF_LOGI(__VA_ARGS__)
