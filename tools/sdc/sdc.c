/*
 * sdc: the system-description compiler (see sdc.h and
 * docs/system-descriptions.md).
 *
 *   sdc symbols DESCRIPTION OUTDIR          cspace_<program>.c/.h per program
 *   sdc image DESCRIPTION OUT PROGRAM=ELF..  the loader's system image
 *   sdc show DESCRIPTION                    print each program's CSpace layout
 *
 * Exit status 0 on success, 1 after an error message, 2 for bad usage.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdc.h"

/* Print an error line; returns false so callers can `return sdc_error(...)`. */
bool sdc_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "sdc: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    return false;
}

/* malloc that never returns NULL. */
void *sdc_alloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "sdc: out of memory\n");
        exit(1);
    }
    return p;
}

/* realloc that never returns NULL. */
void *sdc_grow(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "sdc: out of memory\n");
        exit(1);
    }
    return p;
}

/* Print the usage text; returns the usage exit status. */
static int usage(void)
{
    fprintf(stderr, "usage: sdc symbols DESCRIPTION OUTDIR\n"
                    "       sdc image DESCRIPTION OUT PROGRAM=ELF...\n"
                    "       sdc show DESCRIPTION\n");
    return 2;
}

/* The rights letters of a cap ("RWGP" order, "-" for none). */
static const char *rights_text(unsigned rights, char buf[8])
{
    static const char letters[] = "RWGP";
    int n = 0;
    for (int i = 0; i < 4; i++) {
        if (rights & (1u << i)) {
            buf[n++] = letters[i];
        }
    }
    if (n == 0) {
        buf[n++] = '-';
    }
    buf[n] = '\0';
    return buf;
}

/* `sdc show`: one line per slot of every program: slot, symbol, object, rights, badge/guard. */
static void show(const struct sdc_system *sys)
{
    printf("system %s: %d program%s\n", sys->name, sys->n_programs, sys->n_programs == 1 ? "" : "s");
    for (int i = 0; i < sys->n_programs; i++) {
        const struct sdc_program *p = &sys->programs[i];
        printf("program %s: CNode %s (%d bits), thread %s, priority %d, mcp %d\n", p->name,
               sys->objects[p->cnode].name, p->cnode_bits, sys->objects[p->tcb].name, p->priority,
               p->mcp);
        for (int j = 0; j < p->n_entries; j++) {
            const struct sdc_entry *e = &p->entries[j];
            char r[8];
            if (e->obj < 0) {
                printf("  %4u %-40s (empty)\n", e->slot, e->symbol);
                continue;
            }
            printf("  %4u %-40s %-20s %s", e->slot, e->symbol, sys->objects[e->obj].name,
                   rights_text(e->rights, r));
            if (e->has_badge) {
                printf(" badge=0x%llx", (unsigned long long)e->badge);
            }
            if (sys->objects[e->obj].kind == SYSOBJ_CNODE) {
                printf(" guard=0x%llx guard_size=%d", (unsigned long long)e->guard, e->guard_size);
            }
            printf("\n");
        }
        printf("  %4u %-40s %s\n", p->self_tcb_slot, "(own TCB)", sys->objects[p->tcb].name);
    }
}

/* Match PROGRAM=ELF arguments to the programs, in program order; false on a mismatch. */
static bool match_elfs(const struct sdc_system *sys, int argc, char **argv, const char **paths)
{
    for (int i = 0; i < sys->n_programs; i++) {
        const char *name = sys->programs[i].name;
        paths[i] = NULL;
        for (int a = 0; a < argc; a++) {
            size_t n = strlen(name);
            if (strncmp(argv[a], name, n) == 0 && argv[a][n] == '=') {
                paths[i] = argv[a] + n + 1;
            }
        }
        if (paths[i] == NULL) {
            return sdc_error("no ELF given for program %s (add %s=FILE)", name, name);
        }
    }
    for (int a = 0; a < argc; a++) {
        bool known = false;
        for (int i = 0; i < sys->n_programs && !known; i++) {
            size_t n = strlen(sys->programs[i].name);
            known = strncmp(argv[a], sys->programs[i].name, n) == 0 && argv[a][n] == '=';
        }
        if (!known) {
            return sdc_error("%s does not name a program of the system", argv[a]);
        }
    }
    return true;
}

/* Parse the command line, then parse, lay out and write what was asked for. */
int main(int argc, char **argv)
{
    if (argc < 3) {
        return usage();
    }
    const char *cmd = argv[1];
    struct sdc_system sys;
    if ((strcmp(cmd, "symbols") == 0 && argc != 4) || (strcmp(cmd, "image") == 0 && argc < 5) ||
        (strcmp(cmd, "show") == 0 && argc != 3)) {
        return usage();
    }
    if (!sdc_parse(argv[2], &sys) || !sdc_layout(&sys)) {
        return 1;
    }
    if (strcmp(cmd, "symbols") == 0) {
        return sdc_write_symbols(&sys, argv[3]) ? 0 : 1;
    }
    if (strcmp(cmd, "show") == 0) {
        show(&sys);
        return 0;
    }
    if (strcmp(cmd, "image") == 0) {
        const char **paths = sdc_alloc((size_t)sys.n_programs * sizeof(*paths));
        if (!match_elfs(&sys, argc - 4, argv + 4, paths)) {
            return 1;
        }
        return sdc_write_image(&sys, paths, argv[3]) ? 0 : 1;
    }
    return usage();
}
