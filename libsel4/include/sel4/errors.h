/*
 * seL4_Error: the label of the kernel's reply to a failed invocation.
 * SEL4_ERROR_LIST(X) calls X(name, value) once per error, in value order,
 * for building name tables (e.g. `#define E(n, v) [v] = #n,`).
 */
#pragma once

#define SEL4_ERROR_LIST(X)          \
    X(seL4_NoError, 0)              \
    X(seL4_InvalidArgument, 1)      \
    X(seL4_InvalidCapability, 2)    \
    X(seL4_IllegalOperation, 3)     \
    X(seL4_RangeError, 4)           \
    X(seL4_AlignmentError, 5)       \
    X(seL4_FailedLookup, 6)         \
    X(seL4_TruncatedMessage, 7)     \
    X(seL4_DeleteFirst, 8)          \
    X(seL4_RevokeFirst, 9)          \
    X(seL4_NotEnoughMemory, 10)

#define SEL4_ERROR_ENUMERATOR_(name, value) name = value,

typedef enum {
    SEL4_ERROR_LIST(SEL4_ERROR_ENUMERATOR_)
    seL4_NumErrors /* count; always last */
} seL4_Error;

#undef SEL4_ERROR_ENUMERATOR_
