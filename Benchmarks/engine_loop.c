/* Reference for `make bench`: the engine benchmark's workload as a minimal C loop.
 *
 * N devices each sync every 900 s + U(-30 s, 30 s); the first sync of each device is
 * at U(0, 900 s). One event per sync, for 24 simulated hours. The future-event set is
 * a binary heap keyed on (time, sequence); draws come from GSL's mt19937.
 * Prints: devices events seconds events_per_s base_rss_kib peak_rss_kib
 * Build: gcc -O2 engine_loop.c -o engine_loop $(pkg-config --cflags --libs gsl)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

typedef struct {
    double time;
    uint64_t seq;
    uint32_t device;
} entry;

static entry *heap;
static size_t heap_size;

static inline int precedes(const entry *a, const entry *b) {
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static void push(entry e) {
    size_t hole = heap_size++;
    while (hole > 0) {
        size_t parent = (hole - 1) / 2;
        if (!precedes(&e, &heap[parent])) break;
        heap[hole] = heap[parent];
        hole = parent;
    }
    heap[hole] = e;
}

static entry pop(void) {
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

static long max_rss_kib(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: engine_loop DEVICES [HORIZON_S] [SEED]\n");
        return 2;
    }
    size_t devices = strtoul(argv[1], NULL, 10);
    double horizon = argc > 2 ? strtod(argv[2], NULL) : 86400.0;
    unsigned long seed = argc > 3 ? strtoul(argv[3], NULL, 10) : 1;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    long base = max_rss_kib();

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    heap = malloc(devices * sizeof(entry));
    uint64_t seq = 0, events = 0;
    for (size_t d = 0; d < devices; d++) {
        entry e = {gsl_ran_flat(rng, 0, 900), seq++, (uint32_t)d};
        push(e);
    }
    while (heap_size > 0 && heap[0].time <= horizon) {
        entry e = pop();
        events++;
        entry next = {e.time + 900 + gsl_ran_flat(rng, -30, 30), seq++, e.device};
        push(next);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%zu %llu %.6f %.0f %ld %ld\n", devices, (unsigned long long)events, seconds,
           events / seconds, base, max_rss_kib());
    free(heap);
    gsl_rng_free(rng);
    return 0;
}
