/*
 * Layout: give every program its implicit objects (cnode_P, vspace_P, tcb_P
 * and the IPC-buffer frame ipc_P_obj, named as capDL's tutorial helpers name
 * them), resolve the object names the caps use, number the slots from 1 in
 * declaration order, append the cap to the program's own TCB after the
 * last slot (where capDL puts it), size each CNode to the highest slot, and
 * give CNode caps the guard that makes every CPtr resolve at depth 64.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdc.h"

static const char *const kind_names[SYSOBJ_KIND_COUNT] = {
    [SYSOBJ_UNTYPED] = "untyped",   [SYSOBJ_TCB] = "tcb",     [SYSOBJ_ENDPOINT] = "endpoint",
    [SYSOBJ_NOTIFICATION] = "notification", [SYSOBJ_CNODE] = "cnode", [SYSOBJ_FRAME] = "frame",
    [SYSOBJ_PML4] = "vspace",       [SYSOBJ_PDPT] = "pdpt",   [SYSOBJ_PD] = "pd",
    [SYSOBJ_PT] = "pt",
};

/* The description-language name of an object kind. */
const char *sdc_kind_name(int kind)
{
    return kind >= 0 && kind < SYSOBJ_KIND_COUNT ? kind_names[kind] : "?";
}

/* The kind a description names (only the kinds a description may declare), or -1. */
int sdc_kind_from_name(const char *name)
{
    for (int k = 0; k <= SYSOBJ_PML4; k++) {
        if (strcmp(name, kind_names[k]) == 0) {
            return k;
        }
    }
    return strcmp(name, "pml4") == 0 ? SYSOBJ_PML4 : -1;
}

/* Index of the object called name, or -1. */
int sdc_find_object(const struct sdc_system *sys, const char *name)
{
    for (int i = 0; i < sys->n_objects; i++) {
        if (strcmp(sys->objects[i].name, name) == 0) {
            return i;
        }
    }
    return -1;
}

/* Append an object; returns its index. */
int sdc_add_object(struct sdc_system *sys, const char *name, int kind, int size_bits, int line)
{
    sys->objects = sdc_grow(sys->objects, (size_t)(sys->n_objects + 1) * sizeof(*sys->objects));
    struct sdc_object *o = &sys->objects[sys->n_objects];
    memset(o, 0, sizeof(*o));
    snprintf(o->name, sizeof(o->name), "%s", name);
    o->kind = kind;
    o->size_bits = size_bits;
    o->line = line;
    return sys->n_objects++;
}

/* Create prefix<program>suffix as an implicit object; false if the name is taken. */
static bool implicit(struct sdc_system *sys, const struct sdc_program *p, const char *prefix,
                     const char *suffix, int kind, int *index)
{
    char name[SDC_MAX_NAME * 2];
    snprintf(name, sizeof(name), "%s%s%s", prefix, p->name, suffix);
    if (strlen(name) >= SDC_MAX_NAME) {
        return sdc_error("%s:%d: program name too long", sys->path, p->line);
    }
    if (sdc_find_object(sys, name) >= 0) {
        return sdc_error("%s:%d: object %s is the implicit %s of program %s; choose another name",
                         sys->path, sys->objects[sdc_find_object(sys, name)].line, name,
                         sdc_kind_name(kind), p->name);
    }
    *index = sdc_add_object(sys, name, kind, kind == SYSOBJ_CNODE ? -1 : 0, p->line);
    return true;
}

/* True if symbol is used twice in program p (slots, regions, tops and the fixed names). */
static bool duplicate_symbol(const struct sdc_program *p, const char *symbol, const void *self)
{
    int uses = 0;
    for (int i = 0; i < p->n_entries; i++) {
        uses += strcmp(p->entries[i].symbol, symbol) == 0 && &p->entries[i] != self;
    }
    for (int i = 0; i < p->n_regions; i++) {
        uses += strcmp(p->regions[i].symbol, symbol) == 0 && &p->regions[i] != self;
        uses += strcmp(p->regions[i].top, symbol) == 0 && p->regions[i].top != self;
    }
    return uses > 0 || strcmp(symbol, SDC_STACK_SYMBOL) == 0 ||
           strcmp(symbol, SDC_IPC_SYMBOL) == 0 || strcmp(symbol, "progname") == 0;
}

/* Resolve one entry's object and check the options fit its kind. */
static bool resolve_entry(struct sdc_system *sys, struct sdc_program *p, struct sdc_entry *e)
{
    if (duplicate_symbol(p, e->symbol, e)) {
        return sdc_error("%s:%d: symbol %s is defined twice in program %s", sys->path, e->line,
                         e->symbol, p->name);
    }
    if (e->type == SDC_EMPTY) {
        return true;
    }
    e->obj = sdc_find_object(sys, e->object);
    if (e->obj < 0) {
        return sdc_error("%s:%d: unknown object %s (declare it with `object` or give its kind)",
                         sys->path, e->line, e->object);
    }
    int kind = sys->objects[e->obj].kind;
    bool badged = kind == SYSOBJ_ENDPOINT || kind == SYSOBJ_NOTIFICATION;
    if (e->has_badge && !badged) {
        return sdc_error("%s:%d: only endpoint and notification caps have badges", sys->path, e->line);
    }
    if ((e->has_guard || e->has_guard_size) && kind != SYSOBJ_CNODE) {
        return sdc_error("%s:%d: only cnode caps have guards", sys->path, e->line);
    }
    for (int i = 0; e->type == SDC_FRAME && i < p->n_regions; i++) {
        if (strcmp(p->regions[i].symbol, e->region) == 0) {
            p->regions[i].frame_obj = e->obj;
        }
    }
    return true;
}

/* Number p's slots, add the trailing own-TCB cap, and fix its CNode size. */
static bool place_slots(struct sdc_system *sys, struct sdc_program *p)
{
    for (int i = 0; i < p->n_entries; i++) {
        p->entries[i].slot = (unsigned)i + 1;
    }
    p->self_tcb_slot = (unsigned)p->n_entries + 1;
    int bits = 1;
    while ((1u << bits) <= p->self_tcb_slot) {
        bits++;
    }
    if (p->cnode_bits < 0) {
        p->cnode_bits = bits;
    } else if (p->cnode_bits < bits) {
        return sdc_error("%s:%d: program %s needs cnode_bits=%d for its %u slots", sys->path,
                         p->line, p->name, bits, p->self_tcb_slot);
    }
    sys->objects[p->cnode].size_bits = p->cnode_bits;
    return true;
}

/* Default guards of CNode caps (guard 0, 64 - radix bits) and the fault endpoint's CPtr. */
static bool finish_caps(struct sdc_system *sys, struct sdc_program *p)
{
    for (int i = 0; i < p->n_entries; i++) {
        struct sdc_entry *e = &p->entries[i];
        if (e->obj >= 0 && sys->objects[e->obj].kind == SYSOBJ_CNODE) {
            int radix = sys->objects[e->obj].size_bits;
            if (!e->has_guard_size) {
                e->guard_size = 64 - radix;
            }
            if (e->guard_size < 0 || e->guard_size + radix > 64) {
                return sdc_error("%s:%d: guard_size + radix must be at most 64", sys->path, e->line);
            }
        }
    }
    if (p->fault_ep[0] == '\0') {
        return true;
    }
    char *end;
    p->fault_ep_cptr = strtoull(p->fault_ep, &end, 0);
    if (*end == '\0') {
        return true;
    }
    for (int i = 0; i < p->n_entries; i++) {
        if (strcmp(p->entries[i].symbol, p->fault_ep) == 0) {
            p->fault_ep_cptr = p->entries[i].slot;
            return true;
        }
    }
    return sdc_error("%s:%d: fault_ep %s is not a slot of program %s", sys->path, p->line,
                     p->fault_ep, p->name);
}

/* Add the implicit regions every program has: its 64 KiB stack and its IPC buffer. */
static void implicit_regions(struct sdc_program *p)
{
    p->regions = sdc_grow(p->regions, (size_t)(p->n_regions + 2) * sizeof(*p->regions));
    struct sdc_region *stack = &p->regions[p->n_regions++];
    memset(stack, 0, sizeof(*stack));
    strcpy(stack->symbol, SDC_STACK_SYMBOL);
    stack->size = SDC_STACK_SIZE;
    stack->frame_obj = -1;
    struct sdc_region *ipc = &p->regions[p->n_regions++];
    memset(ipc, 0, sizeof(*ipc));
    strcpy(ipc->symbol, SDC_IPC_SYMBOL);
    ipc->size = SDC_PAGE;
    ipc->frame_obj = p->ipc_frame;
}

/* Resolve and place everything (see the file comment). */
bool sdc_layout(struct sdc_system *sys)
{
    for (int i = 0; i < sys->n_programs; i++) {
        struct sdc_program *p = &sys->programs[i];
        for (int j = 0; j < i; j++) {
            if (strcmp(sys->programs[j].name, p->name) == 0) {
                return sdc_error("%s:%d: program %s declared twice", sys->path, p->line, p->name);
            }
        }
        if (!implicit(sys, p, "cnode_", "", SYSOBJ_CNODE, &p->cnode) ||
            !implicit(sys, p, "vspace_", "", SYSOBJ_PML4, &p->vspace) ||
            !implicit(sys, p, "tcb_", "", SYSOBJ_TCB, &p->tcb) ||
            !implicit(sys, p, "ipc_", "_obj", SYSOBJ_FRAME, &p->ipc_frame)) {
            return false;
        }
    }
    for (int i = 0; i < sys->n_programs; i++) {
        struct sdc_program *p = &sys->programs[i];
        for (int j = 0; j < p->n_entries; j++) {
            if (!resolve_entry(sys, p, &p->entries[j])) {
                return false;
            }
        }
        for (int j = 0; j < p->n_regions; j++) {
            if (duplicate_symbol(p, p->regions[j].symbol, &p->regions[j]) ||
                (p->regions[j].top[0] && duplicate_symbol(p, p->regions[j].top, p->regions[j].top))) {
                return sdc_error("%s: region symbol %s is defined twice in program %s", sys->path,
                                 p->regions[j].symbol, p->name);
            }
        }
        if (!place_slots(sys, p)) {
            return false;
        }
    }
    for (int i = 0; i < sys->n_programs; i++) {
        if (!finish_caps(sys, &sys->programs[i])) {
            return false;
        }
        implicit_regions(&sys->programs[i]);
    }
    return true;
}
