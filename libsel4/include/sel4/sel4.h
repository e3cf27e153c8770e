/*
 * The seL4 user API: include this one header.
 */
#pragma once

#include <sel4/config.h>
#include <sel4/macros.h>
#include <sel4/types.h>
#include <sel4/constants.h>
#include <sel4/functions.h>
#include <sel4/syscalls.h>
#include <sel4/invocation.h>
#include <interfaces/sel4_client.h>
#include <sel4/bootinfo.h>
#include <sel4/faults.h>
