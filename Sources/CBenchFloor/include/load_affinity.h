// CPU affinity for `gateway-bench load`, which can keep gatewayd on CPUs of its own and its
// own media threads off them. sched_setaffinity and the CPU_SET macros are not visible to Swift.
#ifndef CBENCHFLOOR_LOAD_AFFINITY_H
#define CBENCHFLOOR_LOAD_AFFINITY_H

#include <stdint.h>

// The calling thread's CPUs as a bit mask (bit n: CPU n, CPUs 0-63); 0 on error.
uint64_t load_thread_cpus(void);

// Restricts the calling thread to the CPUs of `mask` (CPUs 0-63). Returns 0, or -1 with errno.
int load_set_thread_cpus(uint64_t mask);

#endif
