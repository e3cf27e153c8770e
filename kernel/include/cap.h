/*
 * Capabilities: two words, with seL4's cap tags (seL4-abi.md §1.6) so that
 * seL4_DebugCapIdentify returns the tag as is.  The bit layout is ours:
 *
 *   word 0: [63:59] tag  [58:0] per type          word 1: per type
 *
 *   untyped       w0: isDevice[58] sizeBits[57:52] freeIndex[43:0]   w1: pptr
 *   endpoint,     w0: rights[55:52] pptr[47:0]                        w1: badge
 *   notification
 *   reply         w0: master[57] canGrant[56] tcb pptr[47:0]
 *   cnode         w0: radix[58:53] guardSize[52:47] pptr>>5 [42:0]    w1: guard
 *   thread        w0: tcb pptr[47:0]
 *   zombie        w0: type[58:52] slots pptr[47:0]                    w1: number
 *   irq_handler                                                        w1: irq
 *   frame         w0: size[58:57] rights[56:55] device[54]            w1: pptr
 *                     asid[53:38] mapped vaddr>>12 [34:0]
 *   page_table,   w0: asid[53:38] mapped vaddr>>12 [34:0]             w1: pptr
 *   page_directory, pdpt, pml4 (asid only)
 *   asid_pool     w0: asid base[15:0]                                 w1: pptr
 *   io_port       w0: first port[31:16] last port[15:0]
 *
 * A pptr field of 48 bits is sign-extended when read (kernel-window pointers).
 * asid == 0 means "not mapped" (ASID 0 is never handed out).
 */
#pragma once

#include "types.h"

typedef struct cap {
    word_t words[2];
} cap_t;

enum cap_tag {
    cap_null_cap = 0,
    cap_frame_cap = 1,
    cap_untyped_cap = 2,
    cap_page_table_cap = 3,
    cap_endpoint_cap = 4,
    cap_page_directory_cap = 5,
    cap_notification_cap = 6,
    cap_pdpt_cap = 7,
    cap_reply_cap = 8,
    cap_pml4_cap = 9,
    cap_cnode_cap = 10,
    cap_asid_control_cap = 11,
    cap_thread_cap = 12,
    cap_asid_pool_cap = 13,
    cap_irq_control_cap = 14,
    cap_io_space_cap = 15,
    cap_irq_handler_cap = 16,
    cap_zombie_cap = 18,
    cap_io_port_cap = 19,
    cap_domain_cap = 20,
    cap_io_port_control_cap = 31,
};

/* Rights bits, as seL4_CapRights_t: bit0 Write, bit1 Read, bit2 Grant, bit3 GrantReply. */
#define CAP_RIGHT_WRITE 1u
#define CAP_RIGHT_READ 2u
#define CAP_RIGHT_GRANT 4u
#define CAP_RIGHT_GRANT_REPLY 8u
#define CAP_RIGHTS_ALL 0xfu

/* Frame sizes as stored in a frame cap. */
enum frame_size { FRAME_4K = 0, FRAME_2M = 1, FRAME_1G = 2 };

static inline word_t cap_field(cap_t c, int w, int lo, int bits)
{
    return (c.words[w] >> lo) & MASK(bits);
}

static inline void cap_set_field(cap_t *c, int w, int lo, int bits, word_t v)
{
    c->words[w] = (c->words[w] & ~(MASK(bits) << lo)) | ((v & MASK(bits)) << lo);
}

/* Sign-extend a 48-bit pointer field. */
static inline word_t cap_sext48(word_t v)
{
    return (word_t)(((sword_t)(v << 16)) >> 16);
}

static inline enum cap_tag cap_get_type(cap_t c)
{
    return (enum cap_tag)(c.words[0] >> 59);
}

static inline cap_t cap_new(enum cap_tag tag)
{
    cap_t c = {{(word_t)tag << 59, 0}};
    return c;
}

static inline cap_t cap_null_cap_new(void)
{
    return cap_new(cap_null_cap);
}

static inline bool cap_is_null(cap_t c)
{
    return cap_get_type(c) == cap_null_cap;
}

/* ---- pointer in w0[47:0] (endpoint, notification, reply, thread, zombie) ---- */
static inline word_t cap_ptr48(cap_t c)
{
    return cap_sext48(c.words[0] & MASK(48));
}

static inline cap_t cap_with_ptr48(enum cap_tag tag, word_t ptr)
{
    cap_t c = cap_new(tag);
    c.words[0] |= ptr & MASK(48);
    return c;
}

/* ---- untyped ---- */
static inline cap_t cap_untyped_cap_new(word_t ptr, word_t size_bits, bool is_device,
                                        word_t free_index)
{
    cap_t c = cap_new(cap_untyped_cap);
    cap_set_field(&c, 0, 58, 1, is_device);
    cap_set_field(&c, 0, 52, 6, size_bits);
    cap_set_field(&c, 0, 0, 44, free_index);
    c.words[1] = ptr;
    return c;
}
static inline word_t cap_untyped_ptr(cap_t c) { return c.words[1]; }
static inline word_t cap_untyped_size_bits(cap_t c) { return cap_field(c, 0, 52, 6); }
static inline bool cap_untyped_is_device(cap_t c) { return cap_field(c, 0, 58, 1); }
static inline word_t cap_untyped_free_index(cap_t c) { return cap_field(c, 0, 0, 44); }
static inline void cap_untyped_set_free_index(cap_t *c, word_t i) { cap_set_field(c, 0, 0, 44, i); }

/* ---- endpoint / notification ---- */
static inline cap_t cap_endpoint_cap_new(word_t ptr, word_t badge, word_t rights)
{
    cap_t c = cap_with_ptr48(cap_endpoint_cap, ptr);
    cap_set_field(&c, 0, 52, 4, rights);
    c.words[1] = badge;
    return c;
}
static inline cap_t cap_notification_cap_new(word_t ptr, word_t badge, word_t rights)
{
    cap_t c = cap_endpoint_cap_new(ptr, badge, rights);
    cap_set_field(&c, 0, 59, 5, cap_notification_cap);
    return c;
}
static inline word_t cap_ep_rights(cap_t c) { return cap_field(c, 0, 52, 4); }
static inline word_t cap_ep_badge(cap_t c) { return c.words[1]; }
static inline void cap_ep_set_rights(cap_t *c, word_t r) { cap_set_field(c, 0, 52, 4, r); }
static inline void cap_ep_set_badge(cap_t *c, word_t b) { c->words[1] = b; }

/* ---- reply ---- */
static inline cap_t cap_reply_cap_new(word_t tcb, bool master, bool can_grant)
{
    cap_t c = cap_with_ptr48(cap_reply_cap, tcb);
    cap_set_field(&c, 0, 57, 1, master);
    cap_set_field(&c, 0, 56, 1, can_grant);
    return c;
}
static inline bool cap_reply_master(cap_t c) { return cap_field(c, 0, 57, 1); }
static inline bool cap_reply_can_grant(cap_t c) { return cap_field(c, 0, 56, 1); }
static inline void cap_reply_set_can_grant(cap_t *c, bool g) { cap_set_field(c, 0, 56, 1, g); }

/* ---- cnode ---- */
static inline cap_t cap_cnode_cap_new(word_t ptr, word_t radix, word_t guard_size, word_t guard)
{
    cap_t c = cap_new(cap_cnode_cap);
    cap_set_field(&c, 0, 53, 6, radix);
    cap_set_field(&c, 0, 47, 6, guard_size);
    cap_set_field(&c, 0, 0, 43, (ptr & MASK(48)) >> 5);
    c.words[1] = guard;
    return c;
}
static inline word_t cap_cnode_ptr(cap_t c) { return cap_sext48(cap_field(c, 0, 0, 43) << 5); }
static inline word_t cap_cnode_radix(cap_t c) { return cap_field(c, 0, 53, 6); }
static inline word_t cap_cnode_guard_size(cap_t c) { return cap_field(c, 0, 47, 6); }
static inline word_t cap_cnode_guard(cap_t c) { return c.words[1]; }
static inline void cap_cnode_set_guard(cap_t *c, word_t guard_size, word_t guard)
{
    cap_set_field(c, 0, 47, 6, guard_size);
    c->words[1] = guard;
}

/* ---- thread ---- */
static inline cap_t cap_thread_cap_new(word_t tcb) { return cap_with_ptr48(cap_thread_cap, tcb); }

/* ---- frames and paging structures (pptr in w1) ---- */
static inline cap_t cap_vm_cap_new(enum cap_tag tag, word_t ptr, word_t asid, word_t vaddr)
{
    cap_t c = cap_new(tag);
    cap_set_field(&c, 0, 38, 16, asid);
    cap_set_field(&c, 0, 0, 35, vaddr >> 12);
    c.words[1] = ptr;
    return c;
}
static inline cap_t cap_frame_cap_new(word_t ptr, enum frame_size size, word_t rights,
                                      bool is_device, word_t asid, word_t vaddr)
{
    cap_t c = cap_vm_cap_new(cap_frame_cap, ptr, asid, vaddr);
    cap_set_field(&c, 0, 57, 2, size);
    cap_set_field(&c, 0, 55, 2, rights);
    cap_set_field(&c, 0, 54, 1, is_device);
    return c;
}
static inline word_t cap_vm_ptr(cap_t c) { return c.words[1]; }
static inline word_t cap_vm_asid(cap_t c) { return cap_field(c, 0, 38, 16); }
static inline word_t cap_vm_vaddr(cap_t c) { return cap_field(c, 0, 0, 35) << 12; }
static inline enum frame_size cap_frame_size(cap_t c) { return (enum frame_size)cap_field(c, 0, 57, 2); }
static inline word_t cap_frame_rights(cap_t c) { return cap_field(c, 0, 55, 2); }
static inline bool cap_frame_is_device(cap_t c) { return cap_field(c, 0, 54, 1); }
static inline void cap_frame_set_rights(cap_t *c, word_t r) { cap_set_field(c, 0, 55, 2, r); }
/* Forget the mapping recorded in a frame or paging-structure cap. */
static inline void cap_vm_set_mapping(cap_t *c, word_t asid, word_t vaddr)
{
    cap_set_field(c, 0, 38, 16, asid);
    cap_set_field(c, 0, 0, 35, vaddr >> 12);
}
static inline word_t cap_asid_pool_base(cap_t c) { return cap_field(c, 0, 0, 16); }
static inline word_t cap_io_port_first(cap_t c) { return cap_field(c, 0, 16, 16); }
static inline word_t cap_io_port_last(cap_t c) { return cap_field(c, 0, 0, 16); }

/* ---- zombie: a CNode or TCB being deleted, `number` slots still to clear ---- */
#define ZOMBIE_TYPE_TCB 64 /* otherwise the type is the CNode radix */
static inline cap_t cap_zombie_cap_new(word_t slots_ptr, word_t type, word_t number)
{
    cap_t c = cap_with_ptr48(cap_zombie_cap, slots_ptr);
    cap_set_field(&c, 0, 52, 7, type);
    c.words[1] = number;
    return c;
}
static inline word_t cap_zombie_type(cap_t c) { return cap_field(c, 0, 52, 7); }
static inline word_t cap_zombie_number(cap_t c) { return c.words[1]; }

/* ---- irq handler ---- */
static inline cap_t cap_irq_handler_cap_new(word_t irq)
{
    cap_t c = cap_new(cap_irq_handler_cap);
    c.words[1] = irq;
    return c;
}

/* ---- asid pool ---- */
static inline cap_t cap_asid_pool_cap_new(word_t ptr, word_t asid_base)
{
    cap_t c = cap_new(cap_asid_pool_cap);
    cap_set_field(&c, 0, 0, 16, asid_base);
    c.words[1] = ptr;
    return c;
}

/* ---- io port ---- */
static inline cap_t cap_io_port_cap_new(word_t first, word_t last)
{
    cap_t c = cap_new(cap_io_port_cap);
    cap_set_field(&c, 0, 16, 16, first);
    cap_set_field(&c, 0, 0, 16, last);
    return c;
}
