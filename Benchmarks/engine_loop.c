/* Reference for `make bench`: the engine benchmark's workload as a minimal C loop.
 *
 * N devices each sync every 900 s + U(-30 s, 30 s); the first sync of each device is
 * at U(0, 900 s). One event per sync, for 24 simulated hours; draws come from GSL's
 * mt19937. The future-event set is either a binary heap keyed on (time, sequence)
 * (`heap`, the default) or a calendar queue with sorted buckets (Brown 1988) that
 * returns exactly the heap's order (`calendar`). Both print a checksum of the event
 * sequence, so that any implementation of the workload can show it ran the same events.
 * Prints: devices events seconds events_per_s base_rss_kib peak_rss_kib checksum
 * Build: gcc -O2 engine_loop.c -o engine_loop $(pkg-config --cflags --libs gsl)
 * Usage: engine_loop DEVICES [heap|calendar] [HORIZON_S] [SEED]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

typedef struct {
    double time;
    uint64_t seq;
    uint32_t device;
} entry;

static inline int precedes(const entry *a, const entry *b) {
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

/* ---- binary heap ---- */
static entry *heap;
static size_t heap_size;

static void heap_push(entry e) {
    size_t hole = heap_size++;
    while (hole > 0) {
        size_t parent = (hole - 1) / 2;
        if (!precedes(&e, &heap[parent])) break;
        heap[hole] = heap[parent];
        hole = parent;
    }
    heap[hole] = e;
}

static entry heap_pop(void) {
    entry top = heap[0];
    entry last = heap[--heap_size];
    size_t n = heap_size, hole = 0;
    for (;;) {
        size_t child = 2 * hole + 1;
        if (child >= n) break;
        if (child + 1 < n && precedes(&heap[child + 1], &heap[child])) child++;
        if (!precedes(&heap[child], &last)) break;
        heap[hole] = heap[child];
        hole = child;
    }
    if (n > 0) heap[hole] = last;
    return top;
}

/* ---- calendar queue (Brown 1988): buckets of sorted singly linked nodes ---- */
typedef struct {
    entry e;
    int32_t next;
} node;

static node *nodes;
static int32_t free_list = -1, node_count;
static int32_t *heads;
static size_t nbuckets, cal_size;
static double width, inv_width;
static int64_t cur_day;
/* The next node found by cal_first_time, valid until the queue changes (-1: none). */
static int32_t cached = -1;
static int64_t cached_day;

static inline int64_t day_of(double t) { return (int64_t)(t * inv_width); }

static void cal_link(int32_t n) {
    size_t b = (size_t)(day_of(nodes[n].e.time) & (int64_t)(nbuckets - 1));
    int32_t *p = &heads[b];
    while (*p >= 0 && !precedes(&nodes[n].e, &nodes[*p].e)) p = &nodes[*p].next;
    nodes[n].next = *p;
    *p = n;
}

static void cal_resize(size_t buckets) {
    /* Width: three times the mean gap of up to 64 earliest events (Brown's rule). */
    int32_t *live = malloc(sizeof(int32_t) * (cal_size ? cal_size : 1));
    size_t k = 0;
    for (size_t b = 0; b < nbuckets; b++)
        for (int32_t p = heads[b]; p >= 0; p = nodes[p].next) live[k++] = p;
    double early[64];
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        double t = nodes[live[i]].e.time;
        if (m < 64) { size_t j = m++; while (j > 0 && early[j - 1] > t) { early[j] = early[j - 1]; j--; } early[j] = t; }
        else if (t < early[63]) { size_t j = 63; while (j > 0 && early[j - 1] > t) { early[j] = early[j - 1]; j--; } early[j] = t; }
    }
    if (m > 1 && early[m - 1] > early[0]) { width = 3 * (early[m - 1] - early[0]) / (double)(m - 1); inv_width = 1 / width; }
    free(heads);
    nbuckets = buckets;
    heads = malloc(sizeof(int32_t) * nbuckets);
    memset(heads, 0xff, sizeof(int32_t) * nbuckets);
    cur_day = m ? day_of(early[0]) : 0;
    for (size_t i = 0; i < k; i++) cal_link(live[i]);
    free(live);
}

static void cal_push(entry e) {
    int32_t n;
    cached = -1;
    if (free_list >= 0) { n = free_list; free_list = nodes[n].next; } else n = node_count++;
    nodes[n].e = e;
    int64_t d = day_of(e.time);
    if (cal_size == 0 || d < cur_day) cur_day = d;
    cal_link(n);
    if (++cal_size > 2 * nbuckets) cal_resize(2 * nbuckets);
}

/* The next node and its day, from cur_day on; a year without events jumps to the minimum. */
static int32_t cal_next(int64_t *day) {
    int64_t d = cur_day;
    for (size_t i = 0; i < nbuckets; i++, d++) {
        int32_t h = heads[d & (int64_t)(nbuckets - 1)];
        if (h >= 0 && day_of(nodes[h].e.time) == d) { *day = d; return h; }
    }
    int32_t best = -1;
    for (size_t b = 0; b < nbuckets; b++)
        if (heads[b] >= 0 && (best < 0 || precedes(&nodes[heads[b]].e, &nodes[best].e))) best = heads[b];
    *day = day_of(nodes[best].e.time);
    return best;
}

static entry cal_pop(void) {
    int64_t d = cached_day;
    int32_t n = cached >= 0 ? cached : cal_next(&d);
    cached = -1;
    heads[d & (int64_t)(nbuckets - 1)] = nodes[n].next;
    cur_day = d;
    entry e = nodes[n].e;
    nodes[n].next = free_list;
    free_list = n;
    if (--cal_size < nbuckets / 2 && nbuckets > 16) cal_resize(nbuckets / 2);
    return e;
}

static double cal_first_time(void) {
    if (cal_size == 0) return INFINITY;
    if (cached < 0) cached = cal_next(&cached_day);
    return nodes[cached].e.time;
}

static long max_rss_kib(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: engine_loop DEVICES [heap|calendar] [HORIZON_S] [SEED]\n");
        return 2;
    }
    size_t devices = strtoul(argv[1], NULL, 10);
    int calendar = argc > 2 && strcmp(argv[2], "calendar") == 0;
    if (argc > 2 && !calendar && strcmp(argv[2], "heap") != 0) {
        fprintf(stderr, "engine_loop: the queue is heap or calendar, not %s\n", argv[2]);
        return 2;
    }
    double horizon = argc > 3 ? strtod(argv[3], NULL) : 86400.0;
    unsigned long seed = argc > 4 ? strtoul(argv[4], NULL, 10) : 1;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    long base = max_rss_kib();

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint64_t seq = 0, events = 0, checksum = 14695981039346656037ULL;
    if (calendar) {
        nodes = malloc(sizeof(node) * (devices + 1));
        nbuckets = 16;
        heads = malloc(sizeof(int32_t) * nbuckets);
        memset(heads, 0xff, sizeof(int32_t) * nbuckets);
        width = 1; inv_width = 1;
    } else {
        heap = malloc(devices * sizeof(entry));
    }
    for (size_t d = 0; d < devices; d++) {
        entry e = {gsl_ran_flat(rng, 0, 900), seq++, (uint32_t)d};
        if (calendar) cal_push(e); else heap_push(e);
    }
    for (;;) {
        double first = calendar ? cal_first_time() : (heap_size ? heap[0].time : INFINITY);
        if (!(first <= horizon)) break;
        entry e = calendar ? cal_pop() : heap_pop();
        events++;
        checksum = (checksum ^ e.device) * 1099511628211ULL;
        entry next = {e.time + (900 + gsl_ran_flat(rng, -30, 30)), seq++, e.device};
        if (calendar) cal_push(next); else heap_push(next);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%zu %llu %.6f %.0f %ld %ld %016llx\n", devices, (unsigned long long)events, seconds,
           events / seconds, base, max_rss_kib(), (unsigned long long)checksum);
    gsl_rng_free(rng);
    return 0;
}
