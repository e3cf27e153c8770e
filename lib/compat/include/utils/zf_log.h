/*
 * <utils/zf_log.h>: seL4's logging macros (ZF_LOGV .. ZF_LOGF).
 *
 * A message at or above ZF_LOG_LEVEL is written to stderr as one line,
 *
 *     <function>@<file basename>:<line> <message>
 *
 * which is the format of seL4's libutils with its build settings (no
 * time/pid prefix, no tag).  ZF_LOGF then calls abort().  Without
 * ZF_LOG_LEVEL the level is DEBUG (INFO under NDEBUG); <utils/util.h>
 * sets it to CONFIG_LIB_UTILS_DEFAULT_ZF_LOG_LEVEL (ERROR, 5) first, as
 * seL4 builds do, so that only E and F messages print.
 */
#pragma once

#include <utils/attribute.h>

#define ZF_LOG_VERBOSE 1
#define ZF_LOG_DEBUG 2
#define ZF_LOG_INFO 3
#define ZF_LOG_WARN 4
#define ZF_LOG_ERROR 5
#define ZF_LOG_FATAL 0xFFFF
#define ZF_LOG_NONE 0xFFFF

#if defined(ZF_LOG_LEVEL)
#define _ZF_LOG_LEVEL ZF_LOG_LEVEL
#elif defined(ZF_LOG_DEF_LEVEL)
#define _ZF_LOG_LEVEL ZF_LOG_DEF_LEVEL
#elif defined(NDEBUG)
#define _ZF_LOG_LEVEL ZF_LOG_INFO
#else
#define _ZF_LOG_LEVEL ZF_LOG_DEBUG
#endif

#if defined(ZF_LOG_TAG)
#define _ZF_LOG_TAG ZF_LOG_TAG
#else
#define _ZF_LOG_TAG 0
#endif

/* Lowest level that prints at run time (zf_log_set_output_level changes it). */
extern int _zf_log_output_lvl;
void zf_log_set_output_level(const int lvl);

#define ZF_LOG_ALLOW(lvl) ((lvl) >= _ZF_LOG_LEVEL)
#define ZF_LOG_OUTPUT(lvl) (ZF_LOG_ALLOW((lvl)) && (lvl) >= _zf_log_output_lvl)

/* Write one log line: "<func>@<file>:<line> <message>" (lib/compat/src/zf_log.c). */
void _zf_log_write_d(const char *const func, const char *const file, const unsigned line,
                     const int lvl, const char *const tag, const char *const fmt, ...)
    FORMAT(printf, 6, 7);

#define _ZF_LOG_IMP(lvl, tag, ...)                                                    \
    do {                                                                              \
        if (ZF_LOG_OUTPUT(lvl)) {                                                     \
            _zf_log_write_d(__func__, __FILE__, __LINE__, lvl, tag, __VA_ARGS__);     \
        }                                                                             \
    } while (0)

/* Arguments of a disabled level are still type-checked, never evaluated. */
static inline void _zf_log_unused(const int dummy, ...)
{
    (void)dummy;
}
#define _ZF_LOG_UNUSED(...)                   \
    do {                                      \
        if (0) {                              \
            _zf_log_unused(0, __VA_ARGS__);   \
        }                                     \
    } while (0)

#if ZF_LOG_ALLOW(ZF_LOG_VERBOSE)
#define ZF_LOGV(...) _ZF_LOG_IMP(ZF_LOG_VERBOSE, _ZF_LOG_TAG, __VA_ARGS__)
#else
#define ZF_LOGV(...) _ZF_LOG_UNUSED(__VA_ARGS__)
#endif
#if ZF_LOG_ALLOW(ZF_LOG_DEBUG)
#define ZF_LOGD(...) _ZF_LOG_IMP(ZF_LOG_DEBUG, _ZF_LOG_TAG, __VA_ARGS__)
#else
#define ZF_LOGD(...) _ZF_LOG_UNUSED(__VA_ARGS__)
#endif
#if ZF_LOG_ALLOW(ZF_LOG_INFO)
#define ZF_LOGI(...) _ZF_LOG_IMP(ZF_LOG_INFO, _ZF_LOG_TAG, __VA_ARGS__)
#else
#define ZF_LOGI(...) _ZF_LOG_UNUSED(__VA_ARGS__)
#endif
#if ZF_LOG_ALLOW(ZF_LOG_WARN)
#define ZF_LOGW(...) _ZF_LOG_IMP(ZF_LOG_WARN, _ZF_LOG_TAG, __VA_ARGS__)
#else
#define ZF_LOGW(...) _ZF_LOG_UNUSED(__VA_ARGS__)
#endif
#if ZF_LOG_ALLOW(ZF_LOG_ERROR)
#define ZF_LOGE(...) _ZF_LOG_IMP(ZF_LOG_ERROR, _ZF_LOG_TAG, __VA_ARGS__)
#else
#define ZF_LOGE(...) _ZF_LOG_UNUSED(__VA_ARGS__)
#endif
/* Fatal: log, then abort() (inside _zf_log_write_d); never returns. */
#define ZF_LOGF(...)                                                \
    do {                                                            \
        _ZF_LOG_IMP(ZF_LOG_FATAL, _ZF_LOG_TAG, __VA_ARGS__);        \
        __builtin_unreachable();                                    \
    } while (0)
