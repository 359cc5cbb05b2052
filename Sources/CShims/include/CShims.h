// One-line wrappers for C macros and variadic functions that Swift cannot call.
#ifndef CSHIMS_H
#define CSHIMS_H

#include <openssl/ssl.h>
#include <opus/opus.h>

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
int cshim_opus_get_lookahead(OpusEncoder *enc, int *samples);

#endif
