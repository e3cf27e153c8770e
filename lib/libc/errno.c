/*
 * Mica libc: errno and strerror.  The messages are musl's; numbers without an entry give musl's
 * catch-all "No error information".
 */
#include "include/errno.h"
#include "internal.h"

#ifndef MICA_HOST_TEST
#include "include/string.h"
#endif

int mica_errno;

static const struct {
    int code;
    const char *text;
} messages[] = {
    {EILSEQ, "Illegal byte sequence"},
    {EDOM, "Domain error"},
    {ERANGE, "Result not representable"},
    {ENOTTY, "Not a tty"},
    {EACCES, "Permission denied"},
    {EPERM, "Operation not permitted"},
    {ENOENT, "No such file or directory"},
    {ESRCH, "No such process"},
    {EEXIST, "File exists"},
    {EOVERFLOW, "Value too large for data type"},
    {ENOSPC, "No space left on device"},
    {ENOMEM, "Out of memory"},
    {EBUSY, "Resource busy"},
    {EINTR, "Interrupted system call"},
    {EAGAIN, "Resource temporarily unavailable"},
    {ESPIPE, "Invalid seek"},
    {EXDEV, "Cross-device link"},
    {EROFS, "Read-only file system"},
    {ENOTEMPTY, "Directory not empty"},
    {ETIMEDOUT, "Operation timed out"},
    {EPIPE, "Broken pipe"},
    {EIO, "I/O error"},
    {ENXIO, "No such device or address"},
    {ENOTBLK, "Block device required"},
    {ENODEV, "No such device"},
    {ENOTDIR, "Not a directory"},
    {EISDIR, "Is a directory"},
    {ETXTBSY, "Text file busy"},
    {ENOEXEC, "Exec format error"},
    {EINVAL, "Invalid argument"},
    {E2BIG, "Argument list too long"},
    {ELOOP, "Symbolic link loop"},
    {ENAMETOOLONG, "Filename too long"},
    {ENFILE, "Too many open files in system"},
    {EMFILE, "No file descriptors available"},
    {EBADF, "Bad file descriptor"},
    {ECHILD, "No child process"},
    {EFAULT, "Bad address"},
    {EFBIG, "File too large"},
    {EMLINK, "Too many links"},
    {ENOLCK, "No locks available"},
    {EDEADLK, "Resource deadlock would occur"},
    {ECANCELED, "Operation canceled"},
    {ENOSYS, "Function not implemented"},
    {ENOMSG, "No message of desired type"},
    {ENOTSUP, "Not supported"},
};

/* The message for error number err (never NULL; the caller must not modify it). */
char *mica_strerror(int err)
{
    for (size_t i = 0; i < sizeof(messages) / sizeof(messages[0]); i++) {
        if (messages[i].code == err) {
            return (char *)messages[i].text;
        }
    }
    return (char *)"No error information";
}

MICA_EXPORT(errno, mica_errno);
MICA_EXPORT(strerror, mica_strerror);
