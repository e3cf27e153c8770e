/*
 * Mica libc: malloc over a fixed static arena, first fit on an address-ordered free list with
 * coalescing on free.  Every block starts with a 16-byte header holding its size, so payloads
 * are 16-byte aligned.  Exhaustion returns NULL with errno ENOMEM.  Not thread safe.
 *
 *   arena: | hdr | payload ... | hdr | payload ... | hdr (free) ... | ...
 */
#include "include/errno.h"
#include "internal.h"

#ifndef MICA_HOST_TEST
#include "include/stdlib.h"
#endif

#ifndef MICA_HEAP_BYTES
#define MICA_HEAP_BYTES (1u << 20)
#endif

#define CHUNK_ALIGN 16
#define CHUNK_MIN (2 * CHUNK_ALIGN) /* a header and the smallest payload */

/* Header in front of every block.  Invariant: size is a multiple of CHUNK_ALIGN, and the free
 * list is sorted by address with no two free chunks adjacent (free merges them). */
struct chunk {
    size_t size;        /* bytes, header included */
    struct chunk *next; /* next free chunk by address; unused while allocated */
};

_Static_assert(sizeof(struct chunk) == CHUNK_ALIGN, "header keeps payloads aligned");

static _Alignas(CHUNK_ALIGN) unsigned char arena[MICA_HEAP_BYTES];
static struct chunk *free_list;
static int arena_ready;

/* Make the whole arena one free chunk on first use. */
static void arena_init(void)
{
    if (!arena_ready) {
        free_list = (struct chunk *)arena;
        free_list->size = sizeof(arena) & ~(size_t)(CHUNK_ALIGN - 1);
        free_list->next = NULL;
        arena_ready = 1;
    }
}

/* Cut chunk c down to size bytes, returning the tail as a new unlinked chunk, or NULL if the
 * tail would be too small to hold a block. */
static struct chunk *split(struct chunk *c, size_t size)
{
    if (c->size - size < CHUNK_MIN) {
        return NULL;
    }
    struct chunk *tail = (struct chunk *)((unsigned char *)c + size);
    tail->size = c->size - size;
    c->size = size;
    return tail;
}

/* Allocate n bytes (at least one), 16-byte aligned; NULL with ENOMEM when nothing fits. */
void *mica_malloc(size_t n)
{
    arena_init();
    if (n > sizeof(arena)) {
        mica_errno = ENOMEM;
        return NULL;
    }
    size_t need = ((n ? n : 1) + CHUNK_ALIGN - 1) / CHUNK_ALIGN * CHUNK_ALIGN + CHUNK_ALIGN;
    for (struct chunk **link = &free_list; *link; link = &(*link)->next) {
        struct chunk *c = *link;
        if (c->size >= need) {
            struct chunk *tail = split(c, need);
            if (tail) {
                tail->next = c->next;
                *link = tail;
            } else {
                *link = c->next;
            }
            return c + 1;
        }
    }
    mica_errno = ENOMEM;
    return NULL;
}

/* Return a block to the free list, merging it with free neighbours.  free(NULL) does nothing. */
void mica_free(void *p)
{
    if (!p) {
        return;
    }
    struct chunk *c = (struct chunk *)p - 1;
    struct chunk *prev = NULL, *next = free_list;
    while (next && next < c) {
        prev = next;
        next = next->next;
    }
    c->next = next;
    if (next && (unsigned char *)c + c->size == (unsigned char *)next) {
        c->size += next->size;
        c->next = next->next;
    }
    if (!prev) {
        free_list = c;
    } else if ((unsigned char *)prev + prev->size == (unsigned char *)c) {
        prev->size += c->size;
        prev->next = c->next;
    } else {
        prev->next = c;
    }
}

/* Allocate n * size zeroed bytes; NULL with ENOMEM on overflow or exhaustion. */
void *mica_calloc(size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size) {
        mica_errno = ENOMEM;
        return NULL;
    }
    void *p = mica_malloc(n * size);
    if (p) {
        mica_memset(p, 0, n * size);
    }
    return p;
}

/* Resize a block, in place when it shrinks, else by moving it.  On failure returns NULL and
 * leaves the old block alone.  realloc(NULL, n) is malloc(n). */
void *mica_realloc(void *p, size_t n)
{
    if (!p) {
        return mica_malloc(n);
    }
    struct chunk *c = (struct chunk *)p - 1;
    size_t have = c->size - CHUNK_ALIGN;
    if (n <= have) {
        size_t keep = ((n ? n : 1) + CHUNK_ALIGN - 1) / CHUNK_ALIGN * CHUNK_ALIGN + CHUNK_ALIGN;
        struct chunk *tail = split(c, keep);
        if (tail) {
            mica_free(tail + 1);
        }
        return p;
    }
    void *q = mica_malloc(n);
    if (q) {
        mica_memcpy(q, p, have);
        mica_free(p);
    }
    return q;
}

MICA_EXPORT(malloc, mica_malloc);
MICA_EXPORT(free, mica_free);
MICA_EXPORT(calloc, mica_calloc);
MICA_EXPORT(realloc, mica_realloc);
