/* Statistics and output: a table line per row, and sel4bench-style JSON. */
#include <stdio.h>

#include "bench.h"

static void sort(uint64_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        uint64_t v = a[i];
        int j = i;
        for (; j > 0 && a[j - 1] > v; j--) {
            a[j] = a[j - 1];
        }
        a[j] = v;
    }
}

static double square_root(double x)
{
    double r = x > 1 ? x : 1;
    for (int i = 0; i < 60 && r > 0; i++) {
        r = 0.5 * (r + x / r);
    }
    return x > 0 ? r : 0;
}

/* Subtract the overhead (clamped at 0) from samples[ignored..n) and summarise them. */
bench_stats_t bench_compute_ignoring(uint64_t *samples, int n, int ignored, uint64_t overhead)
{
    bench_stats_t s = {0};
    uint64_t *v = samples + ignored;
    int m = n - ignored;
    for (int i = 0; i < m; i++) {
        v[i] = v[i] > overhead ? v[i] - overhead : 0;
    }
    sort(v, m);
    double sum = 0, sq = 0;
    for (int i = 0; i < m; i++) {
        sum += (double)v[i];
        sq += (double)v[i] * (double)v[i];
    }
    s.samples = m;
    s.min = v[0];
    s.max = v[m - 1];
    s.median = v[m / 2];
    s.mean = sum / m;
    double var = m > 1 ? (sq - sum * sum / m) / (m - 1) : 0;
    s.stddev = square_root(var > 0 ? var : 0);
    return s;
}

/* The same with the first BENCH_IGNORED samples dropped as warm-up. */
bench_stats_t bench_compute(uint64_t *samples, int n, uint64_t overhead)
{
    return bench_compute_ignoring(samples, n, BENCH_IGNORED, overhead);
}

/* The counter reads alone, back to back (the minimum): the overhead of rows without a syscall stub. */
uint64_t bench_counter_overhead(void)
{
    uint64_t min = ~0ull;
    for (int i = 0; i < BENCH_RUNS; i++) {
        uint64_t s = counter_before();
        uint64_t e = counter_after();
        min = e - s < min ? e - s : min;
    }
    return min;
}

/*
 * Spin until the kernel's timer tick: two counter reads further apart than a
 * loop iteration can be.  Whatever follows then has a whole tick period
 * (CONFIG_TIMER_TICK_MS = 2 ms, 2,000,000 instructions under -icount
 * shift=0) before the next interrupt, so no row has a tick inside its timed
 * regions (a tick there would add its handling to one sample only).
 */
#define TICK_GAP 100
void bench_wait_for_tick(void)
{
    uint64_t last = counter_raw();
    for (long i = 0; i < 10000000; i++) {
        uint64_t now = counter_raw();
        if (now - last > TICK_GAP) {
            return;
        }
        last = now;
    }
}

#define MAX_ROWS 48

typedef struct row {
    const char *name;       /* table label */
    const char *json;       /* sel4bench-style identifying fields */
    bench_stats_t s;
} row_t;

static row_t rows[MAX_ROWS];
static int n_rows;

/* Keep one result row for the table and the JSON. */
void bench_report(const char *name, const char *json_fields, bench_stats_t s)
{
    if (n_rows < MAX_ROWS) {
        rows[n_rows++] = (row_t){name, json_fields, s};
    }
}

/* The table, then the JSON between sel4bench's marker lines. */
void bench_print_all(void)
{
    printf("\n%-64s %8s %8s %10s %8s\n", "Benchmark", "Min", "Median", "Mean", "Stddev");
    for (int i = 0; i < n_rows; i++) {
        printf("%-64s %8lu %8lu %10.1f %8.1f\n", rows[i].name, (unsigned long)rows[i].s.min,
               (unsigned long)rows[i].s.median, rows[i].s.mean, rows[i].s.stddev);
    }
    printf("\nJSON OUTPUT\n[");
    for (int i = 0; i < n_rows; i++) {
        const bench_stats_t *s = &rows[i].s;
        printf("%s{%s, \"Min\": %lu, \"Max\": %lu, \"Mean\": %.2f, \"Stddev\": %.2f, "
               "\"Median\": %lu, \"Samples\": %d}",
               i ? ",\n " : "", rows[i].json, (unsigned long)s->min, (unsigned long)s->max, s->mean,
               s->stddev, (unsigned long)s->median, s->samples);
    }
    printf("]\nEND JSON OUTPUT\n");
}
