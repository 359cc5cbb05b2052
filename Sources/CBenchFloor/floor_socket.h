// A UDP socket of the C floors (udp_floor.c, relay_floor.c), bound to a port the kernel
// picks on 127.0.0.1.
#ifndef CBENCHFLOOR_FLOOR_SOCKET_H
#define CBENCHFLOOR_FLOOR_SOCKET_H

#include <netinet/in.h>

// Non-blocking, with a `receive_buffer`-byte receive buffer; `*address` gets where it is
// bound. Returns the descriptor, or -1 with errno.
int floor_bound_socket(struct sockaddr_in *address, int receive_buffer);

#endif
