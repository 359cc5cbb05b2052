#include "CShims.h"

#include <sys/prctl.h>

long cshim_DTLSv1_get_timeout_ms(SSL *ssl) {
    struct timeval tv;
    if (DTLSv1_get_timeout(ssl, &tv) != 1) return -1;   // no timer armed
    return (long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}
long cshim_DTLSv1_handle_timeout(SSL *ssl) { return DTLSv1_handle_timeout(ssl); }
long cshim_BIO_get_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }
long cshim_SSL_set_mtu(SSL *ssl, long mtu) { return SSL_set_mtu(ssl, mtu); }
long cshim_SSL_CTX_set_options(SSL_CTX *ctx, long options) { return (long)SSL_CTX_set_options(ctx, options); }
long cshim_SSL_set_options(SSL *ssl, long options) { return (long)SSL_set_options(ssl, options); }
long cshim_SSL_OP_NO_QUERY_MTU(void) { return (long)SSL_OP_NO_QUERY_MTU; }
long cshim_SSL_OP_NO_TICKET(void) { return (long)SSL_OP_NO_TICKET; }
long cshim_SSL_OP_NO_RENEGOTIATION(void) { return (long)SSL_OP_NO_RENEGOTIATION; }

int cshim_opus_set_bitrate(OpusEncoder *enc, int bitrate) { return opus_encoder_ctl(enc, OPUS_SET_BITRATE(bitrate)); }
int cshim_opus_set_complexity(OpusEncoder *enc, int c) { return opus_encoder_ctl(enc, OPUS_SET_COMPLEXITY(c)); }
int cshim_opus_set_inband_fec(OpusEncoder *enc, int on) { return opus_encoder_ctl(enc, OPUS_SET_INBAND_FEC(on)); }
int cshim_opus_set_packet_loss_perc(OpusEncoder *enc, int p) { return opus_encoder_ctl(enc, OPUS_SET_PACKET_LOSS_PERC(p)); }
int cshim_opus_set_signal_voice(OpusEncoder *enc) { return opus_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)); }
int cshim_opus_set_dtx(OpusEncoder *enc, int on) { return opus_encoder_ctl(enc, OPUS_SET_DTX(on)); }
int cshim_opus_set_max_bandwidth(OpusEncoder *enc, int bandwidth) {
    return opus_encoder_ctl(enc, OPUS_SET_MAX_BANDWIDTH(bandwidth));
}
int cshim_opus_get_lookahead(OpusEncoder *enc, int *samples) { return opus_encoder_ctl(enc, OPUS_GET_LOOKAHEAD(samples)); }

void cshim_name_this_thread(const char *name) { prctl(PR_SET_NAME, name, 0, 0, 0); }
