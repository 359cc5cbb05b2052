// The media path of one transcoded call (Opus <-> PCMU) done straight on libsrtp2, libopus
// and spandsp, with no wrapper: the floor the gateway's own media path is measured against
// (docs/performance.md, "Media path cost"). Settings mirror the gateway's defaults.
#ifndef CBENCHFLOOR_FLOOR_H
#define CBENCHFLOOR_FLOOR_H

#include <stdint.h>

typedef struct floor_call floor_call;

// `gcm` selects SRTP_AEAD_AES_128_GCM (key and salt 16 + 12 bytes), otherwise
// SRTP_AES128_CM_SHA1_80 (16 + 14 bytes). `local_key_salt` protects what this side sends,
// `remote_key_salt` unprotects what it receives. The Opus encoder runs at 8 kHz mono with
// the given bitrate, complexity and in-band FEC (loss percentage 10 when FEC is on).
// Returns NULL when any library refuses.
floor_call *floor_call_create(int gcm, const uint8_t *local_key_salt, const uint8_t *remote_key_salt,
                              int bitrate, int complexity, int fec);
void floor_call_destroy(floor_call *call);

// Browser -> trunk: unprotects the SRTP packet in place, parses its RTP header, decodes the
// Opus payload at 8 kHz and mu-law encodes each 20 ms frame into `trunk_packet` (12-byte RTP
// header + 160 bytes, the last frame stays there). Returns the frames written, or -1.
int floor_browser_to_trunk(floor_call *call, uint8_t *packet, int length,
                           uint8_t *trunk_packet, int capacity);

// Trunk -> browser: parses the trunk RTP packet, mu-law decodes its payload, passes it
// through spandsp's loss concealer history (as the gateway does), Opus-encodes each 20 ms
// frame and writes an SRTP packet into `out`. Returns the last packet's length, or -1.
int floor_trunk_to_browser(floor_call *call, const uint8_t *trunk_packet, int length,
                           uint8_t *out, int capacity);

#endif
