// Counts a whole process's heap allocations by standing in for the allocator's entry points
// and passing each call on to glibc's own (the __libc_* names it exports). Two uses: linked
// into gateway-bench, whose media benchmark reads its own count around the timed loops; and
// built as a library that `gateway-bench load` preloads (LD_PRELOAD) into gatewayd, which
// then publishes its count in a file the benchmark reads.
//
// GATEWAY_ALLOCATION_PROBE names the file: at load time the library creates it, sizes it
// to two 64-bit counters and maps it shared; the reader maps the same file. Without the
// variable, or if the file cannot be made, the counts stay in the process alone.
//
// The first counter is every allocation; the second those made on gatewayd's media threads
// (the threads named `media-loop`, which carry every packet), so the benchmark can tell
// the packet path's allocations from the rest of the process's.
#include "allocation_probe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

enum { all_threads, media_threads, counter_count };

static _Atomic uint64_t local_counts[counter_count];
// Until the constructor maps the file (the loader allocates before it runs), counts go to
// `local_counts`; they are carried over when the shared counters appear.
static _Atomic(_Atomic uint64_t *) counters = local_counts;

__attribute__((constructor)) static void allocation_probe_start(void) {
    const char *path = getenv("GATEWAY_ALLOCATION_PROBE");
    if (!path || !*path) return;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return;
    size_t size = sizeof(uint64_t) * counter_count;
    if (ftruncate(fd, (off_t)size) != 0) { close(fd); return; }
    void *mapped = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (mapped == MAP_FAILED) return;
    _Atomic uint64_t *shared = mapped;
    for (int index = 0; index < counter_count; index++) atomic_store(&shared[index], atomic_load(&local_counts[index]));
    atomic_store(&counters, shared);
}

// What this thread is, read from its name at its first allocation: a media loop names its
// thread before it allocates anything.
enum thread_kind { unknown, media, other };
static _Thread_local enum thread_kind this_thread __attribute__((tls_model("initial-exec")));

static enum thread_kind classify(void) {
    char name[16] = {0};
    if (prctl(PR_GET_NAME, name, 0, 0, 0) != 0) return other;
    return strcmp(name, "media-loop") == 0 ? media : other;
}

static void count(void) {
    _Atomic uint64_t *shared = atomic_load_explicit(&counters, memory_order_relaxed);
    atomic_fetch_add_explicit(&shared[all_threads], 1, memory_order_relaxed);
    if (this_thread == unknown) this_thread = classify();
    if (this_thread == media) atomic_fetch_add_explicit(&shared[media_threads], 1, memory_order_relaxed);
}

void *malloc(size_t size) { count(); return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { count(); return __libc_calloc(n, size); }
void *realloc(void *pointer, size_t size) { count(); return __libc_realloc(pointer, size); }
void *memalign(size_t alignment, size_t size) { count(); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { count(); return __libc_memalign(alignment, size); }

int posix_memalign(void **result, size_t alignment, size_t size) {
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
    count();
    void *pointer = __libc_memalign(alignment, size);
    if (!pointer) return ENOMEM;
    *result = pointer;
    return 0;
}

uint64_t allocation_probe_count(void) {
    return atomic_load_explicit(&atomic_load_explicit(&counters, memory_order_relaxed)[all_threads], memory_order_relaxed);
}
