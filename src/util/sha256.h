/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sha256.h - SHA-256 (OpenSSL's libcrypto underneath), as bytes or as the
 * 64 lower-case hex digits culprit prints and journals.
 *
 *	sha256_hex(buf, len, hex);            // one buffer
 *
 *	struct sha256 h;                      // streamed
 *	sha256_init(&h);
 *	sha256_update(&h, a, alen); ...
 *	sha256_final_hex(&h, hex);            // also frees; h may be re-inited
 *
 * sha256_file_hex() hashes a whole file (0, or -1 after error()).
 */
#ifndef CULPRIT_UTIL_SHA256_H
#define CULPRIT_UTIL_SHA256_H

#include <stddef.h>

#define SHA256_RAWSZ 32
#define SHA256_HEXSZ 64

struct sha256 {
	void *ctx;
};

void sha256_init(struct sha256 *h);
void sha256_update(struct sha256 *h, const void *buf, size_t len);
void sha256_final(struct sha256 *h, unsigned char md[SHA256_RAWSZ]);
void sha256_final_hex(struct sha256 *h, char out[SHA256_HEXSZ + 1]);

void sha256_raw(const void *buf, size_t len, unsigned char md[SHA256_RAWSZ]);
void sha256_hex(const void *buf, size_t len, char out[SHA256_HEXSZ + 1]);
int sha256_file_hex(int fd, const char *path, char out[SHA256_HEXSZ + 1]);

/* n bytes as 2n lower-case hex digits and a NUL */
void hex_encode(const unsigned char *bytes, size_t n, char *out);

#endif
