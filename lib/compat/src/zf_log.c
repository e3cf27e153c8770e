/*
 * The output side of <utils/zf_log.h>: one line per message on stderr in
 * seL4's libutils format, "<func>@<file basename>:<line> <message>".  As in
 * libutils the line is built in a 256-byte buffer first (longer messages
 * are cut), and a fatal message ends in abort().
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utils/zf_log.h>

#define ZF_LOG_BUF_SZ 256

int _zf_log_output_lvl = 0;

/* Change the lowest level that prints at run time. */
void zf_log_set_output_level(const int lvl)
{
    _zf_log_output_lvl = lvl;
}

/* The part of path after its last '/' or '\\'. */
static const char *base_name(const char *path)
{
    const char *name = path;
    for (const char *p = path; *p != '\0'; p++) {
        if (*p == '/' || *p == '\\') {
            name = p + 1;
        }
    }
    return name;
}

/* Format and print one message; abort() after a fatal one. */
void _zf_log_write_d(const char *const func, const char *const file, const unsigned line,
                     const int lvl, const char *const tag, const char *const fmt, ...)
{
    char buf[ZF_LOG_BUF_SZ];
    size_t room = sizeof(buf) - 1; /* keep one byte for the newline */
    int n = snprintf(buf, room, "%s%s%s@%s:%u ", tag ? tag : "", tag ? " " : "", func,
                     base_name(file), line);
    size_t used = n < 0 ? 0 : (size_t)n >= room ? room - 1 : (size_t)n;
    va_list ap;
    va_start(ap, fmt);
    n = vsnprintf(buf + used, room - used, fmt, ap);
    va_end(ap);
    used += n < 0 ? 0 : (size_t)n >= room - used ? room - used - 1 : (size_t)n;
    buf[used] = '\n';
    fwrite(buf, 1, used + 1, stderr);
    if (lvl == ZF_LOG_FATAL) {
        abort();
    }
}
