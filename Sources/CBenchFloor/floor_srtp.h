// One libsrtp2 session for the C floors (floor.c, relay_floor.c): AES-GCM-128 (RFC 7714)
// with `gcm`, else AES-CM with HMAC-SHA1-80; `key_salt` holds 28 or 30 bytes.
#ifndef CBENCHFLOOR_FLOOR_SRTP_H
#define CBENCHFLOOR_FLOOR_SRTP_H

#include <stdint.h>
#include <srtp2/srtp.h>

srtp_t floor_srtp_session(int gcm, const uint8_t *key_salt, srtp_ssrc_type_t direction, int allow_repeat);

#endif
