// What the kernel's UDP path costs per datagram on this machine, with nothing else in the
// way: the floor under any relay that moves media through ordinary UDP sockets
// (docs/performance.md, "What the kernel's UDP path costs"). Loopback, as `gateway-bench
// load` runs: a send also delivers the datagram into the receiving socket.
#ifndef CBENCHFLOOR_UDP_FLOOR_H
#define CBENCHFLOOR_UDP_FLOOR_H

// Thread CPU per datagram, microseconds.
typedef struct {
    double sendto;            // sendto(), one destination after another
    double send_connected;    // send() on a socket connect()ed to its destination
    double sendmmsg;          // sendmmsg() of `batch` datagrams to `batch` destinations
    double recvfrom;          // recvfrom() of one waiting datagram
    double recvmmsg;          // recvmmsg() of `batch` datagrams waiting on one socket
} udp_floor_result;

// Binds `destinations` receiving sockets on 127.0.0.1 (and as many connected senders),
// then for `rounds` rounds sends one `payload`-byte datagram to each and reads it back,
// each way of sending and receiving in turn. Returns 0, or an errno value.
int udp_floor_measure(int destinations, int rounds, int batch, int payload, udp_floor_result *result);

#endif
