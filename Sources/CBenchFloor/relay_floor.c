// See include/relay_floor.h. Each relay thread is built the way a gatewayd media loop is
// (level-triggered epoll over its calls' sockets, one recvfrom per ready socket, sendto the
// other leg's peer; calls dealt to the threads in turn) with nothing else in it, so the
// difference between its cost and gatewayd's under `load` is gatewayd's own work. The
// generator is the calling thread; the relays' CPU is read through their threads' CPU
// clocks, never from inside them.
#define _GNU_SOURCE
#include "relay_floor.h"
#include "floor_srtp.h"
#include "floor_socket.h"
#include "CShims.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { SLOTS = 20, MAX_PACKET = 2048, OPUS_PT = 111, SAMPLES_PER_PACKET = 960, RECEIVE_BUFFER = 256 * 1024 };
static const uint64_t STOP_TAG = UINT64_MAX;

// One direction's SRTP: a libsrtp2 session, or an AES-GCM context with its salt.
typedef struct {
    srtp_t session;
    EVP_CIPHER_CTX *context;
    uint8_t salt[12];
} relay_cipher;

typedef struct {
    int browser, relay_browser, relay_trunk, phone;
    struct sockaddr_in browser_address, relay_browser_address, relay_trunk_address, phone_address;
    relay_cipher browser_out;             // the generator's browser, toward the relay
    relay_cipher relay_in, relay_out;     // the relay: from the browser, toward it
    uint16_t browser_seq, phone_seq;
    uint32_t browser_ts, phone_ts, browser_ssrc, phone_ssrc;
} relay_call;

typedef struct {
    relay_call *calls;      // all of them; this thread serves those its epoll watches
    relay_floor_crypto crypto;
    int epoll;
    int stop;               // an eventfd, written once to stop the thread
    _Atomic long relayed;   // written by this thread alone
    pthread_t thread;
    int started;
} relay_thread;

static int watch(int epoll, int fd, uint64_t tag) {
    struct epoll_event event = { .events = EPOLLIN, .data.u64 = tag };
    return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
}

// A direction's cipher from 28 bytes of key and salt; `sealing` for the sending side.
static int make_cipher(relay_floor_crypto crypto, relay_cipher *cipher, const uint8_t *key_salt, int sealing) {
    if (crypto == relay_floor_libsrtp) {
        cipher->session = floor_srtp_session(1, key_salt, sealing ? ssrc_any_outbound : ssrc_any_inbound, 0);
        return cipher->session != NULL;
    }
    // Both ends hold the same key, so it is the session key itself (no RFC 3711 §4.3
    // derivation to share).
    cipher->context = cshim_aes128_context(1, sealing, key_salt);
    memcpy(cipher->salt, key_salt + 16, 12);
    return cipher->context != NULL;
}

// RFC 7714 §8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt; the rollover counter stays 0
// in a window of this length.
static void gcm_iv(const relay_cipher *cipher, const uint8_t *packet, uint8_t *iv) {
    memset(iv, 0, 12);
    memcpy(iv + 2, packet + 8, 4);
    memcpy(iv + 10, packet + 2, 2);
    for (int k = 0; k < 12; k++) iv[k] ^= cipher->salt[k];
}

// Protects an RTP packet (12-byte header) of `*length` bytes in place; 0 on failure.
static int seal(relay_floor_crypto crypto, relay_cipher *cipher, uint8_t *packet, int *length) {
    switch (crypto) {
    case relay_floor_plain: return 1;
    case relay_floor_libsrtp: return srtp_protect(cipher->session, packet, length) == srtp_err_status_ok;
    case relay_floor_aes_gcm: {
        uint8_t iv[12];
        gcm_iv(cipher, packet, iv);
        if (!cshim_aes_gcm_seal(cipher->context, iv, packet, 12, packet + 12, *length - 12, packet + *length)) return 0;
        *length += 16;
        return 1;
    }
    }
    return 0;
}

// Checks and removes the protection of a packet of `*length` bytes in place; 0 on failure.
static int open_packet(relay_floor_crypto crypto, relay_cipher *cipher, uint8_t *packet, int *length) {
    switch (crypto) {
    case relay_floor_plain: return 1;
    case relay_floor_libsrtp: return srtp_unprotect(cipher->session, packet, length) == srtp_err_status_ok;
    case relay_floor_aes_gcm: {
        if (*length < 12 + 16) return 0;
        uint8_t iv[12];
        gcm_iv(cipher, packet, iv);
        int plain = *length - 16;
        if (!cshim_aes_gcm_open(cipher->context, iv, packet, 12, packet + 12, plain - 12, packet + plain)) return 0;
        *length = plain;
        return 1;
    }
    }
    return 0;
}

// Event tags: call index * 2, plus 1 for the trunk side's socket.
static void *relay_run(void *argument) {
    relay_thread *state = argument;
    cshim_name_this_thread("relay-floor");   // apart in `top -H` and profiles
    struct epoll_event events[64];
    uint8_t buffer[MAX_PACKET + 64];
    long relayed = 0;
    for (;;) {
        int ready = epoll_wait(state->epoll, events, 64, -1);
        for (int i = 0; i < ready; i++) {
            uint64_t tag = events[i].data.u64;
            if (tag == STOP_TAG) return NULL;
            relay_call *call = &state->calls[tag >> 1];
            int from_browser = (tag & 1) == 0;
            struct sockaddr_in source;
            socklen_t source_length = sizeof source;
            ssize_t got = recvfrom(from_browser ? call->relay_browser : call->relay_trunk, buffer, MAX_PACKET,
                                   MSG_DONTWAIT, (struct sockaddr *)&source, &source_length);
            if (got <= 0) continue;
            int length = (int)got;
            if (from_browser) {
                if (!open_packet(state->crypto, &call->relay_in, buffer, &length)) continue;
                sendto(call->relay_trunk, buffer, (size_t)length, MSG_DONTWAIT,
                       (struct sockaddr *)&call->phone_address, sizeof call->phone_address);
            } else {
                if (!seal(state->crypto, &call->relay_out, buffer, &length)) continue;
                sendto(call->relay_browser, buffer, (size_t)length, MSG_DONTWAIT,
                       (struct sockaddr *)&call->browser_address, sizeof call->browser_address);
            }
            atomic_store_explicit(&state->relayed, ++relayed, memory_order_relaxed);
        }
    }
}

// RFC 3550 §5.1: version 2, no padding, extension or CSRC; the payload a fixed pattern.
static int rtp_packet(uint8_t *packet, uint32_t ssrc, uint16_t sequence, uint32_t timestamp, int payload) {
    packet[0] = 0x80;
    packet[1] = OPUS_PT;
    packet[2] = (uint8_t)(sequence >> 8);
    packet[3] = (uint8_t)sequence;
    uint32_t fields[2] = { htonl(timestamp), htonl(ssrc) };
    memcpy(packet + 4, fields, 8);
    memset(packet + 12, 0x5A, (size_t)payload);
    return 12 + payload;
}

// One slot's packets: every call whose index falls in the slot sends once each way.
static long send_slot(relay_call *calls, int count, relay_floor_crypto crypto, int slot, int payload) {
    uint8_t packet[MAX_PACKET];
    long sent = 0;
    for (int i = slot; i < count; i += SLOTS) {
        relay_call *call = &calls[i];
        int length = rtp_packet(packet, call->browser_ssrc, call->browser_seq++, call->browser_ts, payload);
        call->browser_ts += SAMPLES_PER_PACKET;
        if (seal(crypto, &call->browser_out, packet, &length)) {
            if (sendto(call->browser, packet, (size_t)length, MSG_DONTWAIT, (struct sockaddr *)&call->relay_browser_address,
                       sizeof call->relay_browser_address) > 0) sent++;
        }
        length = rtp_packet(packet, call->phone_ssrc, call->phone_seq++, call->phone_ts, payload);
        call->phone_ts += SAMPLES_PER_PACKET;
        if (sendto(call->phone, packet, (size_t)length, MSG_DONTWAIT, (struct sockaddr *)&call->relay_trunk_address,
                   sizeof call->relay_trunk_address) > 0) sent++;
    }
    return sent;
}

// Reads whatever has come back to the browsers and phones; returns how many datagrams.
static long drain(int epoll, relay_call *calls) {
    struct epoll_event events[256];
    uint8_t buffer[MAX_PACKET];
    long received = 0;
    int ready;
    while ((ready = epoll_wait(epoll, events, 256, 0)) > 0) {
        for (int i = 0; i < ready; i++) {
            relay_call *call = &calls[events[i].data.u64 >> 1];
            int fd = (events[i].data.u64 & 1) ? call->phone : call->browser;
            while (recv(fd, buffer, sizeof buffer, MSG_DONTWAIT) > 0) received++;
        }
    }
    return received;
}

static double seconds_of(struct timespec time) { return (double)time.tv_sec + (double)time.tv_nsec * 1e-9; }

static struct timespec after(struct timespec start, long nanoseconds) {
    long total = start.tv_nsec + nanoseconds % 1000000000L;
    start.tv_sec += nanoseconds / 1000000000L + total / 1000000000L;
    start.tv_nsec = total % 1000000000L;
    return start;
}

static int open_call(relay_call *call, int index, relay_floor_crypto crypto, int relay_epoll, int generator_epoll) {
    call->browser = floor_bound_socket(&call->browser_address, RECEIVE_BUFFER);
    call->relay_browser = floor_bound_socket(&call->relay_browser_address, RECEIVE_BUFFER);
    call->relay_trunk = floor_bound_socket(&call->relay_trunk_address, RECEIVE_BUFFER);
    call->phone = floor_bound_socket(&call->phone_address, RECEIVE_BUFFER);
    if (call->browser < 0 || call->relay_browser < 0 || call->relay_trunk < 0 || call->phone < 0) return errno ? errno : EIO;
    if (watch(relay_epoll, call->relay_browser, (uint64_t)index * 2) != 0
        || watch(relay_epoll, call->relay_trunk, (uint64_t)index * 2 + 1) != 0
        || watch(generator_epoll, call->browser, (uint64_t)index * 2) != 0
        || watch(generator_epoll, call->phone, (uint64_t)index * 2 + 1) != 0) return errno;
    uint32_t random[2];
    if (getrandom(random, sizeof random, 0) != sizeof random) return EIO;
    call->browser_ssrc = random[0];
    call->phone_ssrc = random[1];
    if (crypto == relay_floor_plain) return 0;
    uint8_t toward_relay[28], toward_browser[28];
    if (getrandom(toward_relay, sizeof toward_relay, 0) != sizeof toward_relay
        || getrandom(toward_browser, sizeof toward_browser, 0) != sizeof toward_browser) return EIO;
    if (!make_cipher(crypto, &call->browser_out, toward_relay, 1)
        || !make_cipher(crypto, &call->relay_in, toward_relay, 0)
        || !make_cipher(crypto, &call->relay_out, toward_browser, 1)) return EIO;
    return 0;
}

static void close_call(relay_call *call) {
    int fds[4] = { call->browser, call->relay_browser, call->relay_trunk, call->phone };
    for (int k = 0; k < 4; k++) if (fds[k] >= 0) close(fds[k]);
    relay_cipher *ciphers[3] = { &call->browser_out, &call->relay_in, &call->relay_out };
    for (int k = 0; k < 3; k++) {
        if (ciphers[k]->session) srtp_dealloc(ciphers[k]->session);
        if (ciphers[k]->context) cshim_cipher_context_free(ciphers[k]->context);
    }
}

static long relayed_so_far(relay_thread *threads, int count) {
    long total = 0;
    for (int t = 0; t < count; t++) total += atomic_load_explicit(&threads[t].relayed, memory_order_relaxed);
    return total;
}

static double cpu_so_far(const clockid_t *clocks, int count) {
    double total = 0;
    for (int t = 0; t < count; t++) {
        struct timespec time;
        clock_gettime(clocks[t], &time);
        total += seconds_of(time);
    }
    return total;
}

int relay_floor_measure(int calls, int threads, double warmup, double seconds, int payload,
                        relay_floor_crypto crypto, relay_floor_result *result) {
    if (calls < 1 || threads < 1 || threads > 64 || warmup < 0 || seconds <= 0 || payload < 1 || payload > 1200)
        return EINVAL;
    // The gateway's SRTPSession may have initialised libsrtp2 already; a second srtp_init
    // reports a failure then, and srtp_create fails below if neither did.
    if (crypto == relay_floor_libsrtp) (void)srtp_init();
    relay_call *all = calloc((size_t)calls, sizeof(relay_call));
    relay_thread *relays = calloc((size_t)threads, sizeof(relay_thread));
    clockid_t clocks[64];
    int generator_epoll = epoll_create1(EPOLL_CLOEXEC);
    int error = 0, opened = 0;
    if (!all || !relays || generator_epoll < 0) {
        error = (!all || !relays) ? ENOMEM : errno;
        goto done;
    }
    for (int t = 0; t < threads; t++) {
        relays[t].calls = all;
        relays[t].crypto = crypto;
        relays[t].epoll = epoll_create1(EPOLL_CLOEXEC);
        relays[t].stop = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (relays[t].epoll < 0 || relays[t].stop < 0 || watch(relays[t].epoll, relays[t].stop, STOP_TAG) != 0) {
            error = errno;
            goto done;
        }
    }
    for (; opened < calls; opened++) {
        relay_call *call = &all[opened];
        call->browser = call->relay_browser = call->relay_trunk = call->phone = -1;
        if ((error = open_call(call, opened, crypto, relays[opened % threads].epoll, generator_epoll)) != 0) {
            opened++;
            goto done;
        }
    }
    for (int t = 0; t < threads; t++) {
        if ((error = pthread_create(&relays[t].thread, NULL, relay_run, &relays[t])) != 0) goto done;
        relays[t].started = 1;
        if ((error = pthread_getcpuclockid(relays[t].thread, &clocks[t])) != 0) goto done;
    }

    long warmup_ticks = (long)(warmup * 1000), window_ticks = (long)(seconds * 1000);
    long sent = 0, received = 0, sent_at_start = 0, received_at_start = 0, relayed_at_start = 0;
    double cpu_at_start = 0, cpu_at_end = 0;
    struct timespec start, now, wall_at_start = {0}, wall_at_end = {0};
    double worst_late = 0;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long tick = 0; tick <= warmup_ticks + window_ticks; tick++) {
        struct timespec deadline = after(start, tick * 1000000L);
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL);
        clock_gettime(CLOCK_MONOTONIC, &now);
        double late = seconds_of(now) - seconds_of(deadline);
        received += drain(generator_epoll, all);
        if (tick == warmup_ticks) {
            cpu_at_start = cpu_so_far(clocks, threads);
            wall_at_start = now;
            sent_at_start = sent;
            received_at_start = received;
            relayed_at_start = relayed_so_far(relays, threads);
        } else if (tick > warmup_ticks && late > worst_late) {
            worst_late = late;
        }
        if (tick == warmup_ticks + window_ticks) {
            cpu_at_end = cpu_so_far(clocks, threads);
            wall_at_end = now;
            result->relayed = relayed_so_far(relays, threads) - relayed_at_start;
            result->sent = sent - sent_at_start;
            result->received = received - received_at_start;
            break;
        }
        sent += send_slot(all, calls, crypto, (int)(tick % SLOTS), payload);
    }
    // What is still on its way comes back within a few milliseconds.
    for (int wait = 0; wait < 50; wait++) {
        struct timespec pause = { .tv_sec = 0, .tv_nsec = 2000000 };
        nanosleep(&pause, NULL);
        received += drain(generator_epoll, all);
    }
    result->relay_cpu_seconds = cpu_at_end - cpu_at_start;
    result->window_seconds = seconds_of(wall_at_end) - seconds_of(wall_at_start);
    result->lost = sent - received;
    result->generator_max_late_ms = worst_late * 1e3;
done:
    for (int t = 0; relays && t < threads; t++) {
        if (relays[t].started) {
            uint64_t one = 1;
            (void)!write(relays[t].stop, &one, sizeof one);
            pthread_join(relays[t].thread, NULL);
        }
        if (relays[t].epoll > 0) close(relays[t].epoll);
        if (relays[t].stop > 0) close(relays[t].stop);
    }
    for (int i = 0; i < opened; i++) close_call(&all[i]);
    free(all);
    free(relays);
    if (generator_epoll >= 0) close(generator_epoll);
    return error;
}
