// The block-cipher and MAC steps of SRTP (RFC 3711, RFC 7714) on OpenSSL's libcrypto, with
// every context made once per session so protecting or unprotecting a packet allocates
// nothing. The packet framing, indices and replay checks are Swift (Sources/WebRTC/SRTP).
//
// HMAC-SHA1 uses the SHA1_* functions, deprecated in OpenSSL 3 but plain structs: an HMAC
// key is its inner and outer hash states after the padded key (RFC 2104 §2), copied by
// value per packet. OpenSSL 3.0's own HMAC re-initialisation duplicates a digest context
// on the heap for every message.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include "CShims.h"

#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/sha.h>
#include <string.h>

EVP_CIPHER_CTX *cshim_aes128_context(int gcm, int encrypt, const uint8_t *key) {
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx) return NULL;
    const EVP_CIPHER *cipher = gcm ? EVP_aes_128_gcm() : EVP_aes_128_ctr();
    if (EVP_CipherInit_ex(ctx, cipher, NULL, key, NULL, encrypt) != 1) {
        EVP_CIPHER_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

void cshim_cipher_context_free(EVP_CIPHER_CTX *ctx) { EVP_CIPHER_CTX_free(ctx); }

int cshim_aes_ctr_xor(EVP_CIPHER_CTX *ctx, const uint8_t *iv, uint8_t *data, int length) {
    int written = 0;
    if (EVP_CipherInit_ex(ctx, NULL, NULL, NULL, iv, -1) != 1) return 0;
    if (length > 0 && EVP_CipherUpdate(ctx, data, &written, data, length) != 1) return 0;
    return 1;
}

int cshim_aes_gcm_seal(EVP_CIPHER_CTX *ctx, const uint8_t *iv, const uint8_t *aad, int aad_length,
                       uint8_t *data, int length, uint8_t *tag) {
    int written = 0;
    if (EVP_EncryptInit_ex(ctx, NULL, NULL, NULL, iv) != 1) return 0;
    if (EVP_EncryptUpdate(ctx, NULL, &written, aad, aad_length) != 1) return 0;
    if (length > 0 && EVP_EncryptUpdate(ctx, data, &written, data, length) != 1) return 0;
    if (EVP_EncryptFinal_ex(ctx, data + length, &written) != 1) return 0;
    // The tag as a parameter, not through EVP_CIPHER_CTX_ctrl: OpenSSL 3 turns each ctrl
    // call into a parameter array it builds and searches by name, a quarter of a seal.
    OSSL_PARAM params[2] = {
        OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, 16),
        OSSL_PARAM_construct_end(),
    };
    return EVP_CIPHER_CTX_get_params(ctx, params) == 1;
}

int cshim_aes_gcm_open(EVP_CIPHER_CTX *ctx, const uint8_t *iv, const uint8_t *aad, int aad_length,
                       uint8_t *data, int length, const uint8_t *tag) {
    int written = 0;
    if (EVP_DecryptInit_ex(ctx, NULL, NULL, NULL, iv) != 1) return 0;
    if (EVP_DecryptUpdate(ctx, NULL, &written, aad, aad_length) != 1) return 0;
    if (length > 0 && EVP_DecryptUpdate(ctx, data, &written, data, length) != 1) return 0;
    OSSL_PARAM params[2] = {
        OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, (void *)tag, 16),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_CIPHER_CTX_set_params(ctx, params) != 1) return 0;
    return EVP_DecryptFinal_ex(ctx, data + length, &written) == 1;
}

struct cshim_hmac_sha1_key {
    SHA_CTX inner;
    SHA_CTX outer;
};

size_t cshim_hmac_sha1_size(void) { return sizeof(struct cshim_hmac_sha1_key); }

void cshim_hmac_sha1_init(cshim_hmac_sha1_key *hmac, const uint8_t *key, size_t length) {
    uint8_t block[SHA_CBLOCK];
    uint8_t pad[SHA_CBLOCK];
    memset(block, 0, sizeof block);
    if (length > SHA_CBLOCK) {
        SHA1(key, length, block);
    } else {
        memcpy(block, key, length);
    }
    for (int i = 0; i < SHA_CBLOCK; i++) pad[i] = block[i] ^ 0x36;
    SHA1_Init(&hmac->inner);
    SHA1_Update(&hmac->inner, pad, SHA_CBLOCK);
    for (int i = 0; i < SHA_CBLOCK; i++) pad[i] = block[i] ^ 0x5c;
    SHA1_Init(&hmac->outer);
    SHA1_Update(&hmac->outer, pad, SHA_CBLOCK);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
}

void cshim_hmac_sha1_clear(cshim_hmac_sha1_key *hmac) { OPENSSL_cleanse(hmac, sizeof *hmac); }

void cshim_hmac_sha1_digest(const cshim_hmac_sha1_key *hmac, const uint8_t *first, size_t first_length,
                     const uint8_t *second, size_t second_length, uint8_t *digest) {
    SHA_CTX context = hmac->inner;
    uint8_t inner[SHA_DIGEST_LENGTH];
    SHA1_Update(&context, first, first_length);
    if (second_length > 0) SHA1_Update(&context, second, second_length);
    SHA1_Final(inner, &context);
    context = hmac->outer;
    SHA1_Update(&context, inner, sizeof inner);
    SHA1_Final(digest, &context);
}
