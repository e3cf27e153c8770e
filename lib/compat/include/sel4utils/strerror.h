/*
 * <sel4utils/strerror.h>: names of seL4 error codes and fault labels.
 */
#pragma once

/* "seL4_InvalidCapability" for 2, and so on; "Unknown error" when out of range. */
const char *sel4_strerror(int errcode);

/* "seL4_Fault_CapFault" for 1, and so on; "Unknown Fault" when out of range. */
const char *sel4_strfault(int faultlabel);

extern char *sel4_errlist[];
extern char *sel4_faultlist[];

/* Print "seL4 Error: <name>, function F, file F, line N: str" and abort(), unless e is seL4_NoError. */
#define sel4_error(e, str) \
    ((e == seL4_NoError) ? (void)0 : __sel4_error(e, __FILE__, __func__, __LINE__, str))

void __sel4_error(int, const char *, const char *, int, char *);
