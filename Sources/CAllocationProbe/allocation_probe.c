// Counts a whole process's heap allocations by standing in for the allocator's entry points
// and passing each call on to glibc's own (the __libc_* names it exports). Two uses: linked
// into gateway-bench, whose media benchmark reads its own count around the timed loops; and
// built as a library that `gateway-bench load` preloads (LD_PRELOAD) into gatewayd, which
// then publishes its count in a file the benchmark reads.
//
// GATEWAY_ALLOCATION_PROBE names the file: at load time the library creates it, sizes it
// to one 64-bit counter and maps it shared; the reader maps the same file. Without the
// variable, or if the file cannot be made, the count stays in the process alone.
#include "allocation_probe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static _Atomic uint64_t local_count;
// Until the constructor maps the file (the loader allocates before it runs), counts go to
// `local_count`; they are carried over when the shared counter appears.
static _Atomic(_Atomic uint64_t *) counter = &local_count;

__attribute__((constructor)) static void allocation_probe_start(void) {
    const char *path = getenv("GATEWAY_ALLOCATION_PROBE");
    if (!path || !*path) return;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return;
    if (ftruncate(fd, sizeof(uint64_t)) != 0) { close(fd); return; }
    void *mapped = mmap(NULL, sizeof(uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (mapped == MAP_FAILED) return;
    _Atomic uint64_t *shared = mapped;
    atomic_store(shared, atomic_load(&local_count));
    atomic_store(&counter, shared);
}

static void count(void) {
    atomic_fetch_add_explicit(atomic_load_explicit(&counter, memory_order_relaxed), 1, memory_order_relaxed);
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
    return atomic_load_explicit(atomic_load_explicit(&counter, memory_order_relaxed), memory_order_relaxed);
}
