/*
 * Cap tags as seL4_DebugCapIdentify reports them (seL4's cap_tag_t, x86_64),
 * shared by the system suite and the fuzzer.
 */
#pragma once

enum cap_tag_value {
    TAG_NULL = 0,
    TAG_FRAME = 1,
    TAG_UNTYPED = 2,
    TAG_PAGE_TABLE = 3,
    TAG_ENDPOINT = 4,
    TAG_PAGE_DIRECTORY = 5,
    TAG_NOTIFICATION = 6,
    TAG_PDPT = 7,
    TAG_REPLY = 8,
    TAG_PML4 = 9,
    TAG_CNODE = 10,
    TAG_ASID_CONTROL = 11,
    TAG_THREAD = 12,
    TAG_ASID_POOL = 13,
    TAG_IRQ_CONTROL = 14,
    TAG_DOMAIN = 20,
    TAG_IO_PORT_CONTROL = 31,
};
