/*
 * SCHED0006 (sel4test "Test IPC priorities for Send", non-MCS): Send
 * between threads of different priorities keeps strict priority
 * scheduling, whether the receiver is already waiting or not.  Priorities
 * are sel4test's plus one (0 is the supervisor's here):
 *   bouncer 1  answers Calls, so a higher thread can wait until every
 *              thread above the bouncer has blocked
 *   t1      2  receives the two messages
 *   spinner 3  spins, then bounces; checks nothing happened meanwhile
 *   t3      4  sends the messages
 */
#include <sel4/sel4.h>

#include "ipc_helpers.h"
#include "systest.h"

typedef struct sched6 {
    seL4_CPtr ep0, ep1;
    volatile seL4_Word step, bounces, spins;
    volatile const char *why;
} sched6_t;

static sched6_t s6;

/* sel4test's CHECK_STEP: the shared step must be n, then it advances. */
static void check_step(seL4_Word n, const char *where)
{
    if (s6.step != n && !s6.why) {
        s6.why = where;
    }
    s6.step++;
}

static void check(bool ok, const char *what)
{
    if (!ok && !s6.why) {
        s6.why = what;
    }
}

static seL4_Word bouncer(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a0, (void)a1, (void)a2, (void)a3;
    for (;;) {
        seL4_Word badge;
        seL4_MessageInfo_t tag = seL4_Recv(s6.ep0, &badge);
        s6.bounces++;
        seL4_Reply(tag);
    }
    return 0;
}

static void bounce(void)
{
    seL4_Call(s6.ep0, seL4_MessageInfo_new(0, 0, 0, 0));
}

static bool mrs_count_up(seL4_MessageInfo_t tag, seL4_Word len)
{
    if (seL4_MessageInfo_get_length(tag) != len) {
        return false;
    }
    for (seL4_Word i = 0; i < len; i++) {
        if (seL4_GetMR(i) != i) {
            return false;
        }
    }
    return true;
}

static seL4_Word receiver(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a0, (void)a1, (void)a2, (void)a3;
    seL4_Word badge;
    check_step(1, "t1 did not receive the pending send at step 1");
    seL4_MessageInfo_t tag = seL4_Recv(s6.ep1, &badge);
    check_step(3, "t1 was not given control at step 3");
    check(mrs_count_up(tag, 20), "t1: the first message is not 20 words 0..19");
    bounce();
    check_step(5, "t1 did not wait for the second send at step 5");
    tag = seL4_Recv(s6.ep1, &badge);
    check_step(8, "t1 did not get the second message at step 8");
    check(mrs_count_up(tag, 19), "t1: the second message is not 19 words 0..18");
    return 0;
}

static seL4_Word spinner(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a0, (void)a1, (void)a2, (void)a3;
    for (;;) {
        seL4_Word last = s6.step;
        for (volatile int i = 0; i < 100000; i++) {
        }
        check(last == s6.step, "a lower-priority spin saw a higher thread run");
        s6.spins++;
        bounce();
    }
    return 0;
}

static void send_counting(seL4_Word len)
{
    for (seL4_Word i = 0; i < len; i++) {
        seL4_SetMR(i, i);
    }
    seL4_Send(s6.ep1, seL4_MessageInfo_new(0, 0, 0, len));
}

static seL4_Word sender(seL4_Word a0, seL4_Word a1, seL4_Word a2, seL4_Word a3)
{
    (void)a0, (void)a1, (void)a2, (void)a3;
    check_step(0, "t3 did not start the test");
    seL4_Word spins = s6.spins, bounces = s6.bounces;
    send_counting(20); /* t1 is not waiting yet: t3 blocks */
    check_step(2, "t3 did not resume at step 2");
    check(s6.spins - spins == 1 && s6.bounces == bounces,
          "part 1: expected one spin and no bounce before t3 resumed");
    bounce();
    check(s6.spins - spins == 2 && s6.bounces - bounces == 2,
          "part 1: expected two spins and two bounces");
    check_step(4, "t3 did not get control back at step 4");
    spins = s6.spins;
    bounces = s6.bounces;
    bounce(); /* let t1 start waiting */
    check_step(6, "t3 did not resume at step 6");
    send_counting(19); /* t1 waits: the send completes, t1 does not preempt t3 */
    check_step(7, "t3 did not keep running after its send (step 7)");
    bounce();
    check_step(9, "t3 did not finish at step 9");
    check(s6.spins - spins == 2 && s6.bounces - bounces == 5,
          "part 2: expected two spins and five bounces");
    return 0;
}

IPC_TEST(SCHED0006)
{
    (void)self;
    static worker_t w0, w1, w2, w3;
    s6 = (sched6_t){0};
    TRY(new_endpoint(&s6.ep0));
    TRY(new_endpoint(&s6.ep1));
    TRY(worker_run(&w0, 1, bouncer, 0, 0, 0, 0));
    TRY(worker_run(&w1, 2, receiver, 0, 0, 0, 0));
    TRY(worker_run(&w2, 3, spinner, 0, 0, 0, 0));
    TRY(worker_run(&w3, 4, sender, 0, 0, 0, 0));
    const char *e1 = worker_join(&w1);
    const char *e3 = worker_join(&w3);
    seL4_TCB_Suspend(w2.tcb);
    seL4_TCB_Suspend(w0.tcb);
    if (e1 || e3) {
        return e1 ? e1 : e3;
    }
    if (s6.why) {
        return (const char *)s6.why;
    }
    SYSTEST_CHECK(s6.step == 10);
    return NULL;
}
