// The floor under relayed calls with the traffic `gateway-bench load` makes: relay threads
// that do nothing but move each datagram to the other leg (optionally removing or adding
// SRTP with libsrtp2), fed by a generator thread that paces every call's packets at 20 ms
// in both directions. What they cost per call-second is what any relay on the kernel's UDP
// sockets (epoll, recvfrom, sendto) costs on this machine before doing any work of its own
// (docs/performance.md, "What the kernel's UDP path costs").
#ifndef CBENCHFLOOR_RELAY_FLOOR_H
#define CBENCHFLOOR_RELAY_FLOOR_H

// What the relay does to the browser's side of each call.
typedef enum {
    relay_floor_plain = 0,    // nothing: the datagrams as they came (the kernel alone)
    relay_floor_libsrtp = 1,  // SRTP with libsrtp2 (srtp_unprotect, srtp_protect)
    relay_floor_aes_gcm = 2,  // RFC 7714's AES-GCM through the gateway's own OpenSSL calls
                              // (CShims' cshim_aes_gcm_open/seal): no replay or rollover
                              // bookkeeping, the least SRTP can cost here
} relay_floor_crypto;

typedef struct {
    double relay_cpu_seconds;   // the relay threads' CPU time over the window, summed
    double window_seconds;      // the window's wall-clock length
    long relayed;               // datagrams the relay moved in the window
    long sent;                  // datagrams the generator sent in the window, both directions
    long received;              // datagrams back at the generator in the window
    long lost;                  // sent over the whole run and never back at the generator
    double generator_max_late_ms;  // the generator's worst wake-up past a 1 ms slot
} relay_floor_result;

// Runs `calls` relayed calls over 127.0.0.1 (four sockets each: the browser's, the relay's
// two, the phone's), dealt to `threads` relay threads, for `warmup` seconds and then a
// `seconds` window, `payload`-byte RTP
// payloads every 20 ms each way in 1 ms slots as the load generator sends them. Unless
// `crypto` is plain, the browser's side is SRTP with AES-GCM (RFC 7714): the relay opens
// what the browser sends and seals what goes to it, as a gateway relaying Opus does.
// Returns 0, or an errno value.
int relay_floor_measure(int calls, int threads, double warmup, double seconds, int payload,
                        relay_floor_crypto crypto, relay_floor_result *result);

#endif
