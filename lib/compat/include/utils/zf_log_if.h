/*
 * <utils/zf_log_if.h>: log only when a condition holds.  The message gets
 * the prefix "[Cond failed: <condition text>]" and a tab-indented second line.
 */
#pragma once

#include <utils/zf_log.h>

#define ZF_LOGD_IF(cond, fmt, ...) \
    if (cond) { ZF_LOGD("[Cond failed: %s]\n\t" fmt, #cond, ##__VA_ARGS__); }
#define ZF_LOGI_IF(cond, fmt, ...) \
    if (cond) { ZF_LOGI("[Cond failed: %s]\n\t" fmt, #cond, ##__VA_ARGS__); }
#define ZF_LOGW_IF(cond, fmt, ...) \
    if (cond) { ZF_LOGW("[Cond failed: %s]\n\t" fmt, #cond, ##__VA_ARGS__); }
#define ZF_LOGE_IF(cond, fmt, ...) \
    if (cond) { ZF_LOGE("[Cond failed: %s]\n\t" fmt, #cond, ##__VA_ARGS__); }
#define ZF_LOGF_IF(cond, fmt, ...) \
    if (cond) { ZF_LOGF("[Cond failed: %s]\n\t" fmt, #cond, ##__VA_ARGS__); }
