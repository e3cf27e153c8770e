/*
 * Debug syscalls of seL4's debug+printing build: PutChar, DumpScheduler,
 * Halt, Snapshot, CapIdentify and NameThread (seL4-abi.md §1.6).
 */
#include <sel4/constants.h>
#include <sel4/syscall.h>

#include "../include/kernel.h"
#include "../include/printf.h"
#include "../include/thread.h"
#include "../include/util.h"

/* seL4_DebugDumpScheduler in seL4 16's column format (newest TCB first). */
void debug_dump_scheduler(void)
{
    bool domains = CONFIG_NUM_DOMAINS > 1;
    kprintf("Dumping all tcbs!\n");
    kprintf("%-40s   %-16s   %-18s   %-4s", "Name", "State", "IP", "Prio");
    if (domains) {
        kprintf("   %4s", "Dom");
    }
    kprintf("\n----------------------------------------------------------------------------------------"
            "%s\n",
            domains ? "-------" : "");
    for (tcb_t *t = ks_debug_tcbs; t; t = tcb_debug(t)->debug_next) {
        kprintf("%-40s   %-16s   %-18p   %4lu", tcb_name(t), thread_state_name(t->state),
                (void *)arch_get_restart_pc(t), (word_t)t->priority);
        if (domains) {
            kprintf("   %4lu", (word_t)t->domain);
        }
        kprintf("\n");
    }
}

/* SysDebugNameThread: a misconfigured system halts here, as on seL4. */
static void debug_name_thread(void)
{
    tcb_t *cur = ks_cur_thread;
    word_t cptr = tcb_reg(cur, REG_CAP);
    lookup_cap_ret_t lu = lookup_cap_and_slot(cur, cptr);
    if (cap_get_type(lu.cap) != cap_thread_cap) {
        userError("SysDebugNameThread: cap is not a TCB, halting");
        arch_halt();
    }
    word_t *buffer = arch_lookup_ipc_buffer(cur, true);
    if (!buffer) {
        userError("SysDebugNameThread: Failed to lookup IPC buffer, halting");
        arch_halt();
    }
    const char *name = (const char *)(buffer + 1);
    word_t max = seL4_MsgMaxLength * sizeof(word_t);
    if (strnlen(name, max) == max) {
        userError("SysDebugNameThread: Name too long, halting");
        arch_halt();
    }
    thread_set_name((tcb_t *)cap_ptr48(lu.cap), name);
}

/* Handle w if it is a debug syscall; returns false for any other number. */
bool handle_debug_syscall(word_t w)
{
    tcb_t *cur = ks_cur_thread;
    switch ((sword_t)w) {
    case seL4_SysDebugPutChar:
        kputchar((char)tcb_reg(cur, REG_CAP));
        return true;
    case seL4_SysDebugDumpScheduler:
        debug_dump_scheduler();
        return true;
    case seL4_SysDebugHalt:
        kprintf("Debug halt syscall from user thread %p \"%s\"\n", (void *)cur, tcb_name(cur));
        arch_halt();
    case seL4_SysDebugSnapshot:
        kprintf("Debug snapshot syscall from user thread %p \"%s\"\n", (void *)cur, tcb_name(cur));
        return true;
    case seL4_SysDebugCapIdentify: {
        lookup_cap_ret_t lu = lookup_cap_and_slot(cur, tcb_reg(cur, REG_CAP));
        tcb_set_reg(cur, REG_CAP, cap_get_type(lu.cap));
        return true;
    }
    case seL4_SysDebugNameThread:
        debug_name_thread();
        return true;
    default:
        return false;
    }
}
