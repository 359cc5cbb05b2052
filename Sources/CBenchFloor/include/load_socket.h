// UDP receive with the kernel's arrival time, for `gateway-bench load`: its media threads
// drain each socket once per 20 ms pacing slot, so the time a packet is read says little;
// the time the kernel queued it (SO_TIMESTAMPNS) is when it really arrived.
#ifndef CBENCHFLOOR_LOAD_SOCKET_H
#define CBENCHFLOOR_LOAD_SOCKET_H

#include <stddef.h>
#include <stdint.h>

// Asks the kernel to stamp every datagram queued on `fd` (SO_TIMESTAMPNS). Returns 0, or -1
// with errno.
int load_socket_enable_timestamps(int fd);

// Reads one datagram from `fd` without blocking. `*arrival_ns` gets the kernel's receive
// time on CLOCK_REALTIME in nanoseconds, or 0 when the datagram carries none. Returns the
// datagram's length (truncated to `capacity`), or -1 with errno (EAGAIN when none is queued).
long load_socket_receive(int fd, uint8_t *buffer, size_t capacity, int64_t *arrival_ns);

#endif
