#ifndef KSCSIM_CPREFETCH_H
#define KSCSIM_CPREFETCH_H

/// Asks the processor to bring the cache line at `p` in for writing (a hint: never faults,
/// never changes results). Swift has no prefetch of its own.
static inline void kscsim_prefetch(const void *p) { __builtin_prefetch(p, 1, 3); }

#endif
