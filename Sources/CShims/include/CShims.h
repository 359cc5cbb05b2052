// One-line wrappers for C macros and variadic functions that Swift cannot call.
#ifndef CSHIMS_H
#define CSHIMS_H

#include <openssl/ssl.h>
#include <opus/opus.h>
// The media loops' epoll and eventfd (Sources/GatewayServer/MediaIO), which Swift's Glibc
// module does not bring in.
#include <sys/epoll.h>
#include <sys/eventfd.h>

// OpenSSL macros (DTLS retransmission timer, memory BIO access).
long cshim_DTLSv1_get_timeout_ms(SSL *ssl);
long cshim_DTLSv1_handle_timeout(SSL *ssl);
long cshim_BIO_get_mem_data(BIO *bio, char **data);
long cshim_SSL_set_mtu(SSL *ssl, long mtu);
long cshim_SSL_CTX_set_options(SSL_CTX *ctx, long options);
long cshim_SSL_set_options(SSL *ssl, long options);
long cshim_SSL_OP_NO_QUERY_MTU(void);
long cshim_SSL_OP_NO_TICKET(void);
long cshim_SSL_OP_NO_RENEGOTIATION(void);

// opus_encoder_ctl / opus_decoder_ctl are variadic.
int cshim_opus_set_bitrate(OpusEncoder *enc, int bitrate);
int cshim_opus_set_complexity(OpusEncoder *enc, int complexity);
int cshim_opus_set_inband_fec(OpusEncoder *enc, int on);
int cshim_opus_set_packet_loss_perc(OpusEncoder *enc, int percent);
int cshim_opus_set_signal_voice(OpusEncoder *enc);
int cshim_opus_set_dtx(OpusEncoder *enc, int on);
int cshim_opus_set_max_bandwidth(OpusEncoder *enc, int bandwidth);
int cshim_opus_get_lookahead(OpusEncoder *enc, int *samples);

// Names the calling thread (prctl is variadic): at most 15 bytes are kept.
void cshim_name_this_thread(const char *name);

// SRTP's cipher and MAC steps (srtp_crypto.c), allocation-free per packet.
// A 128-bit AES context: GCM or counter mode (CTR), encrypting or decrypting, with its key.
EVP_CIPHER_CTX *cshim_aes128_context(int gcm, int encrypt, const uint8_t *key);
void cshim_cipher_context_free(EVP_CIPHER_CTX *ctx);
// XORs `data` with the AES-CTR keystream that starts at the 16-byte `iv`. 1 on success.
int cshim_aes_ctr_xor(EVP_CIPHER_CTX *ctx, const uint8_t *iv, uint8_t *data, int length);
// AES-GCM in place with a 12-byte IV and a 16-byte tag. `open` returns 0 when the tag fails.
int cshim_aes_gcm_seal(EVP_CIPHER_CTX *ctx, const uint8_t *iv, const uint8_t *aad, int aad_length,
                       uint8_t *data, int length, uint8_t *tag);
int cshim_aes_gcm_open(EVP_CIPHER_CTX *ctx, const uint8_t *iv, const uint8_t *aad, int aad_length,
                       uint8_t *data, int length, const uint8_t *tag);
// HMAC-SHA1 with a key prepared once; the digest (20 bytes) covers `first` then `second`.
typedef struct cshim_hmac_sha1_key cshim_hmac_sha1_key;
size_t cshim_hmac_sha1_size(void);
void cshim_hmac_sha1_init(cshim_hmac_sha1_key *hmac, const uint8_t *key, size_t length);
void cshim_hmac_sha1_clear(cshim_hmac_sha1_key *hmac);
void cshim_hmac_sha1_digest(const cshim_hmac_sha1_key *hmac, const uint8_t *first, size_t first_length,
                     const uint8_t *second, size_t second_length, uint8_t *digest);

#endif
