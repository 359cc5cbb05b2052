// See allocation_probe.c: a library preloaded into gatewayd by `gateway-bench load`.
#ifndef CALLOCATIONPROBE_ALLOCATION_PROBE_H
#define CALLOCATIONPROBE_ALLOCATION_PROBE_H

#include <stdint.h>

// Allocations counted in this process so far.
uint64_t allocation_probe_count(void);

#endif
