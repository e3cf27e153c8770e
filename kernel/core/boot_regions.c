/*
 * Physical-region bookkeeping for boot: free RAM as a sorted list of
 * [start, end) ranges, allocation from it, and splitting ranges into
 * naturally aligned untyped blocks.  Pure code: host-tested.
 */
#include "../include/boot.h"

static void list_insert_at(region_list_t *l, word_t i, region_t r)
{
    for (word_t j = l->n; j > i; j--) {
        l->r[j] = l->r[j - 1];
    }
    l->r[i] = r;
    l->n++;
}

static void list_delete_at(region_list_t *l, word_t i)
{
    for (word_t j = i; j + 1 < l->n; j++) {
        l->r[j] = l->r[j + 1];
    }
    l->n--;
}

bool regions_add(region_list_t *l, paddr_t start, paddr_t end)
{
    if (start >= end) {
        return true;
    }
    word_t i = 0;
    while (i < l->n && l->r[i].end < start) {
        i++;
    }
    /* Merge every region that overlaps or touches [start, end). */
    while (i < l->n && l->r[i].start <= end) {
        start = MIN(start, l->r[i].start);
        end = MAX(end, l->r[i].end);
        list_delete_at(l, i);
    }
    if (l->n == MAX_BOOT_REGIONS) {
        return false;
    }
    list_insert_at(l, i, (region_t){start, end});
    return true;
}

bool regions_remove(region_list_t *l, paddr_t start, paddr_t end)
{
    if (start >= end) {
        return true;
    }
    for (word_t i = 0; i < l->n;) {
        region_t r = l->r[i];
        if (r.end <= start || r.start >= end) {
            i++;
            continue;
        }
        list_delete_at(l, i);
        if (r.start < start) {
            list_insert_at(l, i++, (region_t){r.start, start});
        }
        if (r.end > end) {
            if (l->n == MAX_BOOT_REGIONS) {
                return false;
            }
            list_insert_at(l, i++, (region_t){end, r.end});
        }
    }
    return true;
}

paddr_t regions_alloc(region_list_t *l, word_t size, word_t align_bits)
{
    for (word_t i = l->n; i-- > 0;) {
        region_t r = l->r[i];
        if (r.end < size) {
            continue;
        }
        paddr_t p = ROUND_DOWN(r.end - size, align_bits);
        if (p >= r.start && p != 0) {
            regions_remove(l, p, p + size);
            return p;
        }
    }
    return 0;
}

void regions_complement(const region_list_t *l, paddr_t start, paddr_t end, region_list_t *out)
{
    out->n = 0;
    paddr_t cur = start;
    for (word_t i = 0; i < l->n && cur < end; i++) {
        if (l->r[i].end <= cur) {
            continue;
        }
        if (l->r[i].start > cur) {
            regions_add(out, cur, MIN(l->r[i].start, end));
        }
        cur = MAX(cur, l->r[i].end);
    }
    if (cur < end) {
        regions_add(out, cur, end);
    }
}

word_t split_untypeds(paddr_t start, paddr_t end, word_t min_bits, word_t max_bits,
                      bool (*emit)(paddr_t p, word_t bits, void *ctx), void *ctx)
{
    word_t count = 0;
    start = ROUND_UP(start, min_bits);
    while (start < end && end - start >= BIT(min_bits)) {
        word_t bits = max_bits;
        /* Largest block that is aligned at start and fits before end. */
        while (bits > min_bits && (!IS_ALIGNED(start, bits) || end - start < BIT(bits))) {
            bits--;
        }
        if (!emit(start, bits, ctx)) {
            break;
        }
        count++;
        start += BIT(bits);
    }
    return count;
}
