/*
 * Message transfer (seL4's doIPCTransfer family, non-MCS): message
 * registers, at most one cap per message (caps to the endpoint the message
 * travels on are unwrapped into badges), the badge register, reply caps, and
 * fault messages in both directions.
 */
#include <sel4/constants.h>
#include <sel4/shared_types.h>

#include "../include/cdt.h"
#include "../include/endpoint.h"
#include "../include/kernel.h"
#include "../include/message.h"
#include "../include/objecttype.h"
#include "../include/thread.h"
#include "../include/util.h"

#define EXTRA_CAP_BASE (seL4_MsgMaxLength + 2) /* caps_or_badges in IPC-buffer words */
#define CAP_TRANSFER_BASE (seL4_MsgMaxLength + seL4_MsgMaxExtraCaps + 2)

/* MR0..3 always; the rest only if both threads have IPC buffers.  Returns the count copied. */
static word_t copy_mrs(tcb_t *sender, const word_t *send_buf, tcb_t *receiver, word_t *recv_buf,
                       word_t n)
{
    word_t i = 0;
    for (; i < n && i < N_MSG_REGISTERS; i++) {
        tcb_set_reg(receiver, msg_registers[i], tcb_reg(sender, msg_registers[i]));
    }
    if (recv_buf && send_buf) {
        for (; i < n; i++) {
            recv_buf[i + 1] = send_buf[i + 1];
        }
    }
    return i;
}

/* The receiver's empty receive slot named by its IPC buffer's cap-transfer words, or NULL. */
static cte_t *get_receive_slot(tcb_t *receiver, const word_t *buffer)
{
    lookup_cap_ret_t root = lookup_cap_and_slot(receiver, buffer[CAP_TRANSFER_BASE]);
    if (root.status != EXCEPTION_NONE) {
        return NULL;
    }
    lookup_slot_ret_t s = lookup_slot_for_cnode_op(false, root.cap, buffer[CAP_TRANSFER_BASE + 1],
                                                   buffer[CAP_TRANSFER_BASE + 2]);
    if (s.status != EXCEPTION_NONE || !cap_is_null(s.slot->cap)) {
        return NULL;
    }
    return s.slot;
}

/* seL4's transferCaps: unwrap same-endpoint caps, move at most one other cap. */
static seL4_MessageInfo_t transfer_caps(seL4_MessageInfo_t info, endpoint_t *ep, tcb_t *receiver,
                                        word_t *recv_buf)
{
    info = seL4_MessageInfo_set_extraCaps(info, 0);
    info = seL4_MessageInfo_set_capsUnwrapped(info, 0);
    if (!current_extra_caps.excaprefs[0] || !recv_buf) {
        return info;
    }
    cte_t *dest = get_receive_slot(receiver, recv_buf);
    word_t i = 0;
    for (; i < seL4_MsgMaxExtraCaps && current_extra_caps.excaprefs[i]; i++) {
        cte_t *slot = current_extra_caps.excaprefs[i];
        cap_t cap = slot->cap;
        if (cap_get_type(cap) == cap_endpoint_cap && (endpoint_t *)cap_ptr48(cap) == ep) {
            recv_buf[EXTRA_CAP_BASE + i] = cap_ep_badge(cap);
            info = seL4_MessageInfo_set_capsUnwrapped(
                info, seL4_MessageInfo_get_capsUnwrapped(info) | BIT(i));
            continue;
        }
        if (!dest) {
            break;
        }
        derive_ret_t d = derive_cap(slot, cap);
        if (d.status != EXCEPTION_NONE || cap_is_null(d.cap)) {
            break;
        }
        cte_insert(d.cap, slot, dest);
        dest = NULL;
    }
    return seL4_MessageInfo_set_extraCaps(info, i);
}

/* An ordinary message: MRs, caps if the sender's cap had Grant, badge and info. */
static void do_normal_transfer(tcb_t *sender, word_t *send_buf, endpoint_t *ep, word_t badge,
                               bool can_grant, tcb_t *receiver, word_t *recv_buf)
{
    seL4_MessageInfo_t tag = message_info_from_word(tcb_reg(sender, REG_MSGINFO));
    current_extra_caps.excaprefs[0] = NULL;
    if (can_grant && lookup_extra_caps(sender, send_buf, tag) != EXCEPTION_NONE) {
        current_extra_caps.excaprefs[0] = NULL;
    }
    word_t sent = copy_mrs(sender, send_buf, receiver, recv_buf, seL4_MessageInfo_get_length(tag));
    tag = transfer_caps(tag, ep, receiver, recv_buf);
    tag = seL4_MessageInfo_set_length(tag, sent);
    tcb_set_reg(receiver, REG_MSGINFO, tag.words[0]);
    tcb_set_reg(receiver, REG_BADGE, badge);
}

/* A fault message: label = fault type, MRs as seL4's setMRs_fault. */
static void do_fault_transfer(word_t badge, tcb_t *sender, tcb_t *receiver, word_t *recv_buf)
{
    word_t sent = set_mrs_fault(sender, receiver, recv_buf);
    tcb_set_reg(receiver, REG_MSGINFO, seL4_MessageInfo_new(sender->fault.type, 0, 0, sent).words[0]);
    tcb_set_reg(receiver, REG_BADGE, badge);
}

void do_ipc_transfer(tcb_t *sender, endpoint_t *ep, word_t badge, bool grant, tcb_t *receiver)
{
    word_t *recv_buf = arch_lookup_ipc_buffer(receiver, true);
    if (sender->fault.type == fault_null) {
        do_normal_transfer(sender, arch_lookup_ipc_buffer(sender, false), ep, badge, grant,
                           receiver, recv_buf);
    } else {
        do_fault_transfer(badge, sender, receiver, recv_buf);
    }
}

/* Reply through `slot` (a reply cap to receiver): a message, or the answer to a fault. */
void do_reply_transfer(tcb_t *sender, tcb_t *receiver, cte_t *slot, bool grant)
{
    assert(receiver->state == ThreadState_BlockedOnReply);
    if (receiver->fault.type == fault_null) {
        do_ipc_transfer(sender, NULL, 0, grant, receiver);
        cte_delete_one(slot);
        set_thread_state(receiver, ThreadState_Running);
        possible_switch_to(receiver);
        return;
    }
    cte_delete_one(slot);
    bool restart = handle_fault_reply(receiver, sender);
    receiver->fault.type = fault_null;
    if (restart) {
        set_thread_state(receiver, ThreadState_Restart);
        possible_switch_to(receiver);
    } else {
        set_thread_state(receiver, ThreadState_Inactive);
    }
}

/* NBRecv found nothing: badge 0 says so. */
void do_nb_recv_failed_transfer(tcb_t *t)
{
    tcb_set_reg(t, REG_BADGE, 0);
}

/* A Call was received: the caller waits for the reply cap put in the receiver's caller slot. */
void setup_caller_cap(tcb_t *sender, tcb_t *receiver, bool can_grant)
{
    set_thread_state(sender, ThreadState_BlockedOnReply);
    cte_t *master = tcb_cte(sender, tcbReply);
    cte_t *caller = tcb_cte(receiver, tcbCaller);
    assert(cap_get_type(master->cap) == cap_reply_cap && cap_reply_master(master->cap));
    assert(cap_is_null(caller->cap));
    cte_insert(cap_reply_cap_new((word_t)sender, false, can_grant), master, caller);
}

/* Every Recv on an endpoint first drops an unused caller cap. */
void delete_caller_cap(tcb_t *receiver)
{
    cte_delete_one(tcb_cte(receiver, tcbCaller));
}

/* A thread's master reply cap, recreated when it is (re)started. */
void setup_reply_master(tcb_t *t)
{
    cte_t *slot = tcb_cte(t, tcbReply);
    if (cap_is_null(slot->cap)) {
        cte_write_root(slot, cap_reply_cap_new((word_t)t, true, true));
    }
}
