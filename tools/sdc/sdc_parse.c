/*
 * Parsing a system description (format: docs/system-descriptions.md).
 * Line oriented: a line is a keyword, positional words and key=value
 * options; '#' starts a comment.  Lines after `program NAME` belong to that
 * program until the next `program`.  Names are only collected here; they
 * are resolved in sdc_layout.c, so objects may be used before they are
 * declared.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdc.h"

#define MAX_WORDS 16
#define MAX_LINE 1024

/* One line split into words; options are the words containing '='. */
struct line {
    const char *path;
    int number;
    char *word[MAX_WORDS];
    int n;
};

/* Report an error at the line; returns false. */
static bool fail(const struct line *l, const char *what, const char *detail)
{
    fprintf(stderr, "sdc: %s:%d: %s%s%s\n", l->path, l->number, what, detail ? ": " : "",
            detail ? detail : "");
    return false;
}

/* Split text into words at blanks, dropping a '#' comment; false if too many words. */
static bool split(char *text, struct line *l)
{
    char *hash = strchr(text, '#');
    if (hash != NULL) {
        *hash = '\0';
    }
    l->n = 0;
    for (char *p = strtok(text, " \t\r\n"); p != NULL; p = strtok(NULL, " \t\r\n")) {
        if (l->n == MAX_WORDS) {
            return fail(l, "too many words on one line", NULL);
        }
        l->word[l->n++] = p;
    }
    return true;
}

/* Parse a decimal or 0x-hexadecimal number; false if text is not one. */
static bool parse_number(const char *text, uint64_t *value)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 0);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-') {
        return false;
    }
    *value = v;
    return true;
}

/* True if text is a C identifier that fits SDC_MAX_NAME (symbols end up in C code). */
static bool is_identifier(const char *text)
{
    if (strlen(text) >= SDC_MAX_NAME || !(isalpha((unsigned char)text[0]) || text[0] == '_')) {
        return false;
    }
    for (const char *p = text; *p != '\0'; p++) {
        if (!isalnum((unsigned char)*p) && *p != '_') {
            return false;
        }
    }
    return true;
}

/* Copy word `i` of the line into out after checking it is an identifier. */
static bool take_name(const struct line *l, int i, char out[SDC_MAX_NAME], const char *what)
{
    if (i >= l->n || strchr(l->word[i], '=') != NULL) {
        return fail(l, "missing name", what);
    }
    if (!is_identifier(l->word[i])) {
        return fail(l, "not a valid C identifier", l->word[i]);
    }
    strcpy(out, l->word[i]);
    return true;
}

/* Parse "RWGP" letters into SYSCAP_* bits. */
static bool parse_rights(const struct line *l, const char *text, unsigned *rights)
{
    *rights = 0;
    for (const char *p = text; *p != '\0'; p++) {
        switch (*p) {
        case 'R': *rights |= SYSCAP_READ; break;
        case 'W': *rights |= SYSCAP_WRITE; break;
        case 'G': *rights |= SYSCAP_GRANT; break;
        case 'P': *rights |= SYSCAP_GRANT_REPLY; break;
        case '-': break;
        default: return fail(l, "rights are letters from RWGP (or - for none)", text);
        }
    }
    return true;
}

/* Options of one statement: which keys it accepts and the values found. */
struct options {
    const char *allowed; /* space-separated keys */
    uint64_t value[8];
    const char *text[8];
    bool given[8];
};

/* Index of key in o->allowed, or -1. */
static int option_index(const struct options *o, const char *key, size_t len)
{
    int i = 0;
    for (const char *p = o->allowed; *p != '\0'; i++) {
        size_t n = strcspn(p, " ");
        if (n == len && strncmp(p, key, len) == 0) {
            return i;
        }
        p += n + (p[n] == ' ');
    }
    return -1;
}

/* Collect key=value words from word `first` on; numbers are parsed when they look like one. */
static bool parse_options(const struct line *l, int first, struct options *o)
{
    for (int i = first; i < l->n; i++) {
        char *eq = strchr(l->word[i], '=');
        if (eq == NULL) {
            return fail(l, "unexpected word", l->word[i]);
        }
        int k = option_index(o, l->word[i], (size_t)(eq - l->word[i]));
        if (k < 0) {
            return fail(l, "unknown option", l->word[i]);
        }
        o->given[k] = true;
        o->text[k] = eq + 1;
        if (isdigit((unsigned char)eq[1]) && !parse_number(eq + 1, &o->value[k])) {
            return fail(l, "bad number", l->word[i]);
        }
    }
    return true;
}

/* Require option k to have been a number. */
static bool numeric(const struct line *l, const struct options *o, int k)
{
    return !o->given[k] || isdigit((unsigned char)o->text[k][0]) ||
           fail(l, "option needs a number", o->text[k]);
}

/* `object NAME KIND [size_bits=N]` */
static bool parse_object(const struct line *l, struct sdc_system *sys)
{
    char name[SDC_MAX_NAME];
    struct options o = {.allowed = "size_bits"};
    if (!take_name(l, 1, name, "object name") || l->n < 3) {
        return l->n < 3 ? fail(l, "usage", "object NAME KIND [size_bits=N]") : false;
    }
    int kind = sdc_kind_from_name(l->word[2]);
    if (kind < 0) {
        return fail(l, "unknown object kind", l->word[2]);
    }
    if (!parse_options(l, 3, &o) || !numeric(l, &o, 0)) {
        return false;
    }
    if ((kind == SYSOBJ_UNTYPED || kind == SYSOBJ_CNODE) && !o.given[0]) {
        return fail(l, "untyped and cnode objects need size_bits=N", name);
    }
    if (sdc_find_object(sys, name) >= 0) {
        return fail(l, "object declared twice", name);
    }
    sdc_add_object(sys, name, kind, o.given[0] ? (int)o.value[0] : 0, l->number);
    return true;
}

/* `program NAME [priority=N] [mcp=N] [cnode_bits=N] [fault_ep=SYMBOL|N]` */
static bool parse_program(const struct line *l, struct sdc_system *sys)
{
    struct options o = {.allowed = "priority mcp cnode_bits fault_ep"};
    sys->programs = sdc_grow(sys->programs, (size_t)(sys->n_programs + 1) * sizeof(*sys->programs));
    struct sdc_program *p = &sys->programs[sys->n_programs];
    memset(p, 0, sizeof(*p));
    if (!take_name(l, 1, p->name, "program name") || !parse_options(l, 2, &o) ||
        !numeric(l, &o, 0) || !numeric(l, &o, 1) || !numeric(l, &o, 2)) {
        return false;
    }
    p->priority = o.given[0] ? (int)o.value[0] : SDC_DEFAULT_PRIORITY;
    p->mcp = o.given[1] ? (int)o.value[1] : SDC_DEFAULT_MCP;
    p->cnode_bits = o.given[2] ? (int)o.value[2] : -1;
    if (o.given[3]) {
        snprintf(p->fault_ep, sizeof(p->fault_ep), "%s", o.text[3]);
    }
    if (p->priority > 255 || p->mcp > 255 || (o.given[2] && (p->cnode_bits < 1 || p->cnode_bits > 24))) {
        return fail(l, "priority and mcp are 0..255, cnode_bits 1..24", NULL);
    }
    p->line = l->number;
    sys->n_programs++;
    return true;
}

/* Append an entry (a slot) to the current program. */
static struct sdc_entry *new_entry(struct sdc_program *p, enum sdc_entry_type type, int line)
{
    p->entries = sdc_grow(p->entries, (size_t)(p->n_entries + 1) * sizeof(*p->entries));
    struct sdc_entry *e = &p->entries[p->n_entries++];
    memset(e, 0, sizeof(*e));
    e->type = type;
    e->rights = SYSCAP_ALL_RIGHTS;
    e->obj = -1;
    e->line = line;
    return e;
}

/* Append a region symbol to the current program. */
static struct sdc_region *new_region(struct sdc_program *p, const char *symbol, uint64_t size)
{
    p->regions = sdc_grow(p->regions, (size_t)(p->n_regions + 1) * sizeof(*p->regions));
    struct sdc_region *r = &p->regions[p->n_regions++];
    memset(r, 0, sizeof(*r));
    snprintf(r->symbol, sizeof(r->symbol), "%s", symbol);
    r->size = size;
    r->frame_obj = -1;
    return r;
}

/* `cap SYMBOL OBJECT [KIND] [rights=..] [badge=N] [guard=N] [guard_size=N]` */
static bool parse_cap(const struct line *l, struct sdc_system *sys, struct sdc_program *p)
{
    struct options o = {.allowed = "rights badge guard guard_size size_bits"};
    struct sdc_entry *e = new_entry(p, SDC_CAP, l->number);
    if (!take_name(l, 1, e->symbol, "cap symbol") || !take_name(l, 2, e->object, "object")) {
        return false;
    }
    int kind = -1;
    if (l->n > 3 && strchr(l->word[3], '=') == NULL) {
        kind = sdc_kind_from_name(l->word[3]);
        if (kind < 0) {
            return fail(l, "unknown object kind", l->word[3]);
        }
    }
    int first_option = kind < 0 ? 3 : 4;
    if (!parse_options(l, first_option, &o) || !numeric(l, &o, 1) || !numeric(l, &o, 2) ||
        !numeric(l, &o, 3) || !numeric(l, &o, 4) ||
        (o.given[0] && !parse_rights(l, o.text[0], &e->rights))) {
        return false;
    }
    int existing = sdc_find_object(sys, e->object);
    if (kind >= 0 && existing >= 0 && sys->objects[existing].kind != kind) {
        return fail(l, "object already declared with another kind", e->object);
    }
    if (kind >= 0 && existing < 0) {
        if ((kind == SYSOBJ_UNTYPED || kind == SYSOBJ_CNODE) && !o.given[4]) {
            return fail(l, "untyped and cnode objects need size_bits=N", e->object);
        }
        sdc_add_object(sys, e->object, kind, (int)o.value[4], l->number);
    }
    if (o.given[4] && kind < 0) {
        return fail(l, "size_bits=N belongs to an object declaration (give the kind)", NULL);
    }
    e->has_badge = o.given[1];
    e->badge = o.value[1];
    e->has_guard = o.given[2];
    e->guard = o.value[2];
    e->has_guard_size = o.given[3];
    e->guard_size = (int)o.value[3];
    return true;
}

/* `frame SYMBOL REGION [size=4096] [object=NAME] [rights=..]` (also `ipc_buffer`) */
static bool parse_frame(const struct line *l, struct sdc_system *sys, struct sdc_program *p)
{
    struct options o = {.allowed = "size object rights"};
    struct sdc_entry *e = new_entry(p, SDC_FRAME, l->number);
    if (!take_name(l, 1, e->symbol, "cap symbol") || !take_name(l, 2, e->region, "region symbol") ||
        !parse_options(l, 3, &o) || !numeric(l, &o, 0) ||
        (o.given[2] && !parse_rights(l, o.text[2], &e->rights))) {
        return false;
    }
    if (o.given[0] && o.value[0] != SDC_PAGE) {
        return fail(l, "frames are 4096 bytes (declare more frames for more)", NULL);
    }
    /* As capDL's helper does, the frame object is named after the cap unless given. */
    snprintf(e->object, sizeof(e->object), "%s", o.given[1] ? o.text[1] : e->symbol);
    if (o.given[1] && !is_identifier(e->object)) {
        return fail(l, "not a valid object name", e->object);
    }
    int existing = sdc_find_object(sys, e->object);
    if (existing >= 0 && sys->objects[existing].kind != SYSOBJ_FRAME) {
        return fail(l, "object is not a frame", e->object);
    }
    if (existing < 0) {
        sdc_add_object(sys, e->object, SYSOBJ_FRAME, 0, l->number);
    }
    new_region(p, e->region, SDC_PAGE);
    return true;
}

/* `stack BASE SIZE [TOP]` and `region SYMBOL SIZE`: sized symbols backed by ELF memory. */
static bool parse_region(const struct line *l, struct sdc_program *p, bool stack)
{
    char symbol[SDC_MAX_NAME], top[SDC_MAX_NAME] = "";
    uint64_t size;
    if (!take_name(l, 1, symbol, "region symbol")) {
        return false;
    }
    if (l->n < 3 || !parse_number(l->word[2], &size) || size == 0 || size % SDC_PAGE != 0) {
        return fail(l, "size must be a positive multiple of 4096", l->n < 3 ? NULL : l->word[2]);
    }
    if (l->n > (stack ? 4 : 3) || (l->n == 4 && !take_name(l, 3, top, "top symbol"))) {
        return l->n > (stack ? 4 : 3) ? fail(l, "unexpected word", l->word[l->n - 1]) : false;
    }
    struct sdc_region *r = new_region(p, symbol, size);
    snprintf(r->top, sizeof(r->top), "%s", top);
    return true;
}

/* `empty SYMBOL` */
static bool parse_empty(const struct line *l, struct sdc_program *p)
{
    struct sdc_entry *e = new_entry(p, SDC_EMPTY, l->number);
    return take_name(l, 1, e->symbol, "slot symbol") && (l->n == 2 || fail(l, "unexpected word", l->word[2]));
}

/* Dispatch one non-empty line on its keyword. */
static bool parse_line(const struct line *l, struct sdc_system *sys)
{
    const char *kw = l->word[0];
    struct sdc_program *p = sys->n_programs > 0 ? &sys->programs[sys->n_programs - 1] : NULL;
    if (strcmp(kw, "system") == 0) {
        return l->n == 2 ? (snprintf(sys->name, sizeof(sys->name), "%s", l->word[1]), true)
                         : fail(l, "usage", "system NAME");
    }
    if (strcmp(kw, "object") == 0) {
        return parse_object(l, sys);
    }
    if (strcmp(kw, "program") == 0) {
        return parse_program(l, sys);
    }
    if (p == NULL) {
        return fail(l, "this statement belongs inside a program", kw);
    }
    if (strcmp(kw, "cap") == 0) {
        return parse_cap(l, sys, p);
    }
    if (strcmp(kw, "empty") == 0) {
        return parse_empty(l, p);
    }
    if (strcmp(kw, "frame") == 0 || strcmp(kw, "ipc_buffer") == 0) {
        return parse_frame(l, sys, p);
    }
    if (strcmp(kw, "stack") == 0 || strcmp(kw, "region") == 0) {
        return parse_region(l, p, strcmp(kw, "stack") == 0);
    }
    return fail(l, "unknown statement", kw);
}

/* Read the description at path into sys (see sdc.h). */
bool sdc_parse(const char *path, struct sdc_system *sys)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return sdc_error("cannot open %s: %s", path, strerror(errno));
    }
    memset(sys, 0, sizeof(*sys));
    sys->path = path;
    char text[MAX_LINE];
    struct line l = {.path = path};
    bool ok = true;
    while (ok && fgets(text, sizeof(text), f) != NULL) {
        l.number++;
        if (strlen(text) == sizeof(text) - 1 && text[sizeof(text) - 2] != '\n') {
            ok = fail(&l, "line too long", NULL);
        } else {
            ok = split(text, &l) && (l.n == 0 || parse_line(&l, sys));
        }
    }
    fclose(f);
    if (ok && sys->n_programs == 0) {
        ok = sdc_error("%s: no program declared", path);
    }
    if (ok && sys->name[0] == '\0') {
        snprintf(sys->name, sizeof(sys->name), "%s", sys->programs[0].name);
    }
    return ok;
}
