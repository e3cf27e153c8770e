/*
 * Watchers: threads in the root's CSpace and VSpace, out of the fuzz
 * threads' reach, that check their own objects and data while the fuzz
 * threads run, and once more after the fuzz worlds are gone (watchers.c).
 * Each records rounds and its first failure; the root prints the verdicts.
 */
#pragma once

#include "root.h"

enum {
    WATCH_PINGPONG,  /* FUZZ_WATCH0001: IPC payloads and a cap transfer over a private endpoint */
    WATCH_COUNTER,   /* FUZZ_WATCH0002: notification signals counted (fuzz threads signal too) */
    WATCH_MEMORY,    /* FUZZ_WATCH0003: pattern pages and the image's read-only pages */
    WATCH_CAPS,      /* FUZZ_WATCH0004: tags and badges of a CNode of caps, the root's caps */
    WATCH_PUBLIC,    /* FUZZ_WATCH0005: a server the fuzz threads call too */
    WATCH_COUNT
};

typedef struct watch {
    const char *name;           /* FUZZ_WATCH000N */
    const char *what;           /* one line for the log */
    volatile uint64_t rounds;   /* completed checking rounds */
    volatile uint64_t foreign;  /* WATCH_PUBLIC: messages from fuzz threads */
    volatile int failed;        /* reason[] holds the first failure */
    volatile int done;          /* finished its final round after watch_stop */
    char reason[200];
} watch_t;

extern watch_t watches[WATCH_COUNT];
extern volatile int watch_stop;

/* Make the watchers' objects and start their threads; fault endpoint badges
 * BADGE_WATCHER + thread index; `done_ntfn` is signalled when one finishes. */
void watchers_start(seL4_CPtr fault_ep, seL4_CPtr done_ntfn);
/* Record a failure of watcher w (the first one counts). */
void watch_fail(unsigned w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A watcher thread faulted (badge index t): fail its watcher. */
void watchers_thread_faulted(unsigned t, seL4_Word label, seL4_Word ip, seL4_Word addr);
/* Addresses a fuzz thread may aim at: the watchers' TLS pointers. */
seL4_Word watchers_tls(unsigned i);
/* The frame cap of the exposed pattern page (fuzz threads get a read-only copy). */
seL4_CPtr watchers_pattern_frame(void);
