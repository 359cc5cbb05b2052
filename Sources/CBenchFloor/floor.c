// The floor of the media path: each step is one call into the C library that does the
// work, with buffers fixed at creation, so what remains is the libraries' own cost.
#include "floor.h"
#include "floor_srtp.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <opus/opus.h>
#include <srtp2/srtp.h>
#include <spandsp/telephony.h>
#include <spandsp/plc.h>

enum { FRAME = 160, MAX_DECODED = 960, OPUS_PT = 111, PCMU_PT = 0, MAX_OPUS = 1276 };

struct floor_call {
    srtp_t inbound, outbound;
    OpusDecoder *decoder;
    OpusEncoder *encoder;
    plc_state_t *plc;
    int16_t decoded[MAX_DECODED];
    int16_t pcm[FRAME];
    uint8_t opus[MAX_OPUS];
    uint16_t trunk_seq, browser_seq;
    uint32_t trunk_ts, browser_ts;
};

static uint8_t ulaw_encode_table[16384];
static int16_t ulaw_decode_table[256];

// G.711 mu-law on the top 14 bits: one's complement for negatives, bias 33, clip 8159,
// the segment is the position of the top bit (ITU-T G.711 Table 2a).
static void build_tables(void) {
    for (int index = 0; index < 16384; index++) {
        int value = (int16_t)(index << 2) >> 2;
        int mask = value < 0 ? 0x7F : 0xFF;
        int magnitude = value < 0 ? ~value : value;
        if (magnitude > 8159) magnitude = 8159;
        magnitude += 33;
        int segment = 0;
        while ((magnitude >> (segment + 6)) != 0) segment++;
        ulaw_encode_table[index] = (uint8_t)(((segment << 4) | ((magnitude >> (segment + 1)) & 0x0F)) ^ mask);
    }
    for (int code = 0; code < 256; code++) {
        int u = ~code & 0xFF;
        int t = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        ulaw_decode_table[code] = (int16_t)((u & 0x80) ? (0x84 - t) : (t - 0x84));
    }
}

srtp_t floor_srtp_session(int gcm, const uint8_t *key_salt, srtp_ssrc_type_t direction, int allow_repeat) {
    srtp_policy_t policy;
    memset(&policy, 0, sizeof policy);
    if (gcm) {
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
    } else {
        srtp_crypto_policy_set_rtp_default(&policy.rtp);
        srtp_crypto_policy_set_rtcp_default(&policy.rtcp);
    }
    uint8_t key[30];
    memcpy(key, key_salt, gcm ? 28 : 30);
    policy.ssrc.type = direction;
    policy.key = key;
    policy.window_size = 1024;
    policy.allow_repeat_tx = allow_repeat;
    srtp_t session = NULL;
    return srtp_create(&session, &policy) == srtp_err_status_ok ? session : NULL;
}

floor_call *floor_call_create(int gcm, const uint8_t *local_key_salt, const uint8_t *remote_key_salt,
                              int bitrate, int complexity, int fec) {
    static int ready = 0;
    if (!ready) {
        // The gateway's SRTPSession may have initialised libsrtp2 already, and a second
        // srtp_init reports a failure then; srtp_create below fails if neither did.
        (void)srtp_init();
        build_tables();
        ready = 1;
    }
    floor_call *call = calloc(1, sizeof *call);
    if (!call) return NULL;
    int error = OPUS_OK;
    call->inbound = floor_srtp_session(gcm, remote_key_salt, ssrc_any_inbound, 0);
    call->outbound = floor_srtp_session(gcm, local_key_salt, ssrc_any_outbound, 1);
    call->decoder = opus_decoder_create(8000, 1, &error);
    call->encoder = error == OPUS_OK ? opus_encoder_create(8000, 1, OPUS_APPLICATION_VOIP, &error) : NULL;
    call->plc = plc_init(NULL);
    if (!call->inbound || !call->outbound || !call->decoder || !call->encoder || !call->plc) {
        floor_call_destroy(call);
        return NULL;
    }
    opus_encoder_ctl(call->encoder, OPUS_SET_BITRATE(bitrate));
    opus_encoder_ctl(call->encoder, OPUS_SET_COMPLEXITY(complexity));
    opus_encoder_ctl(call->encoder, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
    opus_encoder_ctl(call->encoder, OPUS_SET_INBAND_FEC(fec ? 1 : 0));
    opus_encoder_ctl(call->encoder, OPUS_SET_PACKET_LOSS_PERC(fec ? 10 : 0));
    opus_encoder_ctl(call->encoder, OPUS_SET_DTX(0));
    return call;
}

void floor_call_destroy(floor_call *call) {
    if (!call) return;
    if (call->inbound) srtp_dealloc(call->inbound);
    if (call->outbound) srtp_dealloc(call->outbound);
    if (call->decoder) opus_decoder_destroy(call->decoder);
    if (call->encoder) opus_encoder_destroy(call->encoder);
    if (call->plc) plc_free(call->plc);
    free(call);
}

// RFC 3550 §5.1: the payload follows 12 bytes, the CSRCs and any extension; padding ends it.
static int payload_bounds(const uint8_t *packet, int length, int *start, int *end) {
    if (length < 12 || (packet[0] >> 6) != 2) return -1;
    int header = 12 + 4 * (packet[0] & 0x0F);
    if (packet[0] & 0x10) {
        if (length < header + 4) return -1;
        header += 4 + 4 * ((packet[header + 2] << 8) | packet[header + 3]);
    }
    int padding = (packet[0] & 0x20) ? packet[length - 1] : 0;
    if (header + padding > length) return -1;
    *start = header;
    *end = length - padding;
    return 0;
}

static void write_header(uint8_t *out, int payload_type, uint16_t seq, uint32_t ts, uint32_t ssrc) {
    out[0] = 0x80; out[1] = (uint8_t)payload_type;
    out[2] = (uint8_t)(seq >> 8); out[3] = (uint8_t)seq;
    out[4] = (uint8_t)(ts >> 24); out[5] = (uint8_t)(ts >> 16); out[6] = (uint8_t)(ts >> 8); out[7] = (uint8_t)ts;
    out[8] = (uint8_t)(ssrc >> 24); out[9] = (uint8_t)(ssrc >> 16); out[10] = (uint8_t)(ssrc >> 8); out[11] = (uint8_t)ssrc;
}

int floor_browser_to_trunk(floor_call *call, uint8_t *packet, int length, uint8_t *trunk_packet, int capacity) {
    int plain = length, start, end;
    if (srtp_unprotect(call->inbound, packet, &plain) != srtp_err_status_ok) return -1;
    if (payload_bounds(packet, plain, &start, &end) != 0 || end <= start) return -1;
    int samples = opus_decode(call->decoder, packet + start, end - start, call->decoded, MAX_DECODED, 0);
    if (samples < 0 || capacity < 12 + FRAME) return -1;
    int frames = 0;
    for (int offset = 0; offset + FRAME <= samples; offset += FRAME, frames++) {
        write_header(trunk_packet, PCMU_PT, call->trunk_seq++, call->trunk_ts, 0x0B0B0B0B);
        call->trunk_ts += FRAME;
        for (int i = 0; i < FRAME; i++)
            trunk_packet[12 + i] = ulaw_encode_table[(uint16_t)call->decoded[offset + i] >> 2];
    }
    return frames;
}

int floor_trunk_to_browser(floor_call *call, const uint8_t *trunk_packet, int length, uint8_t *out, int capacity) {
    int start, end, written = -1;
    if (payload_bounds(trunk_packet, length, &start, &end) != 0) return -1;
    for (int offset = start; offset + FRAME <= end; offset += FRAME) {
        for (int i = 0; i < FRAME; i++) call->pcm[i] = ulaw_decode_table[trunk_packet[offset + i]];
        plc_rx(call->plc, call->pcm, FRAME);
        int bytes = opus_encode(call->encoder, call->pcm, FRAME, call->opus, MAX_OPUS);
        if (bytes < 0 || capacity < 12 + bytes + 16) return -1;
        write_header(out, OPUS_PT, call->browser_seq++, call->browser_ts, 0x0C0C0C0C);
        call->browser_ts += 960;
        memcpy(out + 12, call->opus, (size_t)bytes);
        written = 12 + bytes;
        if (srtp_protect(call->outbound, out, &written) != srtp_err_status_ok) return -1;
    }
    return written;
}
