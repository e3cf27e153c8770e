/*
 * Names for seL4 error codes and fault labels (<sel4utils/strerror.h>).
 */
#include <sel4/sel4.h>
#include <sel4utils/strerror.h>
#include <stdio.h>
#include <stdlib.h>

#define ERROR_NAME(name, value) [value] = #name,

char *sel4_errlist[] = {SEL4_ERROR_LIST(ERROR_NAME) NULL};

#define FAULT_UNKNOWN (seL4_Fault_UserException + 1)

char *sel4_faultlist[] = {
    [seL4_Fault_NullFault] = "seL4_Fault_NullFault",
    [seL4_Fault_CapFault] = "seL4_Fault_CapFault",
    [seL4_Fault_UnknownSyscall] = "seL4_Fault_UnknownSyscall",
    [seL4_Fault_UserException] = "seL4_Fault_UserException",
    [FAULT_UNKNOWN] = "Unknown Fault",
    [seL4_Fault_VMFault] = "seL4_Fault_VMFault",
};

/* The name of an seL4_Error value. */
const char *sel4_strerror(int errcode)
{
    if (errcode < 0 || errcode >= seL4_NumErrors) {
        return "Unknown error";
    }
    return sel4_errlist[errcode];
}

/* The name of a fault label, "Unknown Fault" for anything else. */
const char *sel4_strfault(int faultlabel)
{
    if (faultlabel < seL4_Fault_NullFault || faultlabel > seL4_Fault_VMFault) {
        return sel4_faultlist[FAULT_UNKNOWN];
    }
    return sel4_faultlist[faultlabel];
}

/* Target of sel4_error(): report the failed call and abort. */
void __sel4_error(int sel4_error, const char *file, const char *function, int line, char *str)
{
    fprintf(stderr, "seL4 Error: %s, function %s, file %s, line %d: %s\n",
            sel4_strerror(sel4_error), function, file, line, str);
    abort();
}
