// See include/udp_floor.h. Each figure is the calling thread's CPU time
// (CLOCK_THREAD_CPUTIME_ID) around a whole loop of the calls being measured, never around
// one call: reading a thread's CPU clock is itself a system call. On loopback the kernel
// delivers a sent datagram into its destination socket within the send call, so a send's
// figure holds both the sending and the receiving side of the network stack.
#define _GNU_SOURCE
#include "udp_floor.h"
#include "floor_socket.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

// Room for the batch of datagrams the recvmmsg measurement leaves waiting on one socket.
enum { RECEIVE_BUFFER = 1 << 20 };

static double thread_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

// Reads the one datagram waiting on each socket; returns the time it took.
static double receive_each(const int *fds, int count, char *buffer) {
    double start = thread_seconds();
    for (int i = 0; i < count; i++) {
        struct sockaddr_in from;
        socklen_t length = sizeof from;
        recvfrom(fds[i], buffer, 2048, 0, (struct sockaddr *)&from, &length);
    }
    return thread_seconds() - start;
}

int udp_floor_measure(int destinations, int rounds, int batch, int payload, udp_floor_result *result) {
    if (destinations < 1 || rounds < 1 || batch < 1 || batch > destinations || payload < 1 || payload > 1400)
        return EINVAL;
    int error = 0;
    int *receivers = calloc((size_t)destinations, sizeof(int));
    int *senders = calloc((size_t)destinations, sizeof(int));
    struct sockaddr_in *addresses = calloc((size_t)destinations, sizeof(struct sockaddr_in));
    struct mmsghdr *messages = calloc((size_t)batch, sizeof(struct mmsghdr));
    struct iovec *vectors = calloc((size_t)batch, sizeof(struct iovec));
    char *buffers = calloc((size_t)batch, 2048);
    struct sockaddr_in *sources = calloc((size_t)batch, sizeof(struct sockaddr_in));
    char data[2048];
    memset(data, 0x5A, sizeof data);
    struct sockaddr_in own;
    int sender = -1;
    if (!receivers || !senders || !addresses || !messages || !vectors || !buffers || !sources) {
        error = ENOMEM;
        goto release;   // no socket is open yet
    }
    for (int i = 0; i < destinations; i++) receivers[i] = senders[i] = -1;
    sender = floor_bound_socket(&own, RECEIVE_BUFFER);
    if (sender < 0) { error = errno; goto done; }
    for (int i = 0; i < destinations; i++) {
        struct sockaddr_in local;
        receivers[i] = floor_bound_socket(&addresses[i], RECEIVE_BUFFER);
        senders[i] = floor_bound_socket(&local, RECEIVE_BUFFER);
        if (receivers[i] < 0 || senders[i] < 0
            || connect(senders[i], (struct sockaddr *)&addresses[i], sizeof addresses[i]) != 0) {
            error = errno ? errno : EIO;
            goto done;
        }
    }
    double sendto_s = 0, connected_s = 0, sendmmsg_s = 0, recvfrom_s = 0, recvmmsg_s = 0;
    long recvmmsg_count = 0;
    for (int round = 0; round < rounds; round++) {
        // sendto, then recvfrom: one datagram for every destination.
        double start = thread_seconds();
        for (int i = 0; i < destinations; i++)
            sendto(sender, data, (size_t)payload, 0, (struct sockaddr *)&addresses[i], sizeof addresses[i]);
        sendto_s += thread_seconds() - start;
        recvfrom_s += receive_each(receivers, destinations, buffers);
        // send on connected sockets.
        start = thread_seconds();
        for (int i = 0; i < destinations; i++) send(senders[i], data, (size_t)payload, 0);
        connected_s += thread_seconds() - start;
        receive_each(receivers, destinations, buffers);
        // sendmmsg in batches, each message to another destination; the message headers are
        // written before the clock starts.
        for (int first = 0; first + batch <= destinations; first += batch) {
            for (int k = 0; k < batch; k++) {
                vectors[k].iov_base = data;
                vectors[k].iov_len = (size_t)payload;
                memset(&messages[k], 0, sizeof messages[k]);
                messages[k].msg_hdr.msg_iov = &vectors[k];
                messages[k].msg_hdr.msg_iovlen = 1;
                messages[k].msg_hdr.msg_name = &addresses[first + k];
                messages[k].msg_hdr.msg_namelen = sizeof addresses[first + k];
            }
            start = thread_seconds();
            sendmmsg(sender, messages, (unsigned)batch, 0);
            sendmmsg_s += thread_seconds() - start;
            receive_each(receivers + first, batch, buffers);
        }
        // recvmmsg: `batch` datagrams waiting on one socket, read at once.
        int target = receivers[round % destinations];
        struct sockaddr_in *address = &addresses[round % destinations];
        for (int k = 0; k < batch; k++) sendto(sender, data, (size_t)payload, 0, (struct sockaddr *)address, sizeof *address);
        for (int k = 0; k < batch; k++) {
            vectors[k].iov_base = buffers + (size_t)k * 2048;
            vectors[k].iov_len = 2048;
            memset(&messages[k], 0, sizeof messages[k]);
            messages[k].msg_hdr.msg_iov = &vectors[k];
            messages[k].msg_hdr.msg_iovlen = 1;
            messages[k].msg_hdr.msg_name = &sources[k];
            messages[k].msg_hdr.msg_namelen = sizeof sources[k];
        }
        start = thread_seconds();
        int got = recvmmsg(target, messages, (unsigned)batch, MSG_DONTWAIT, NULL);
        recvmmsg_s += thread_seconds() - start;
        if (got > 0) recvmmsg_count += got;
    }
    double sent = (double)destinations * rounds;
    result->sendto = sendto_s / sent * 1e6;
    result->send_connected = connected_s / sent * 1e6;
    result->sendmmsg = sendmmsg_s / ((double)(destinations / batch) * batch * rounds) * 1e6;
    result->recvfrom = recvfrom_s / sent * 1e6;
    result->recvmmsg = recvmmsg_count > 0 ? recvmmsg_s / (double)recvmmsg_count * 1e6 : 0;
done:
    if (sender >= 0) close(sender);
    for (int i = 0; i < destinations; i++) {
        if (receivers[i] >= 0) close(receivers[i]);
        if (senders[i] >= 0) close(senders[i]);
    }
release:
    free(receivers);
    free(senders);
    free(addresses);
    free(messages);
    free(vectors);
    free(buffers);
    free(sources);
    return error;
}
