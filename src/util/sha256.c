// SPDX-License-Identifier: Apache-2.0
/*
 * sha256.c - SHA-256 through libcrypto's EVP interface. A failure of the
 * digest itself (no SHA-256 in the library) is a broken installation: BUG().
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>

#include "sha256.h"
#include "util.h"

void hex_encode(const unsigned char *bytes, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[bytes[i] >> 4];
		out[2 * i + 1] = hex[bytes[i] & 15];
	}
	out[2 * n] = '\0';
}

void sha256_init(struct sha256 *h)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		BUG("SHA-256 unavailable in libcrypto");
	h->ctx = ctx;
}

void sha256_update(struct sha256 *h, const void *buf, size_t len)
{
	if (!EVP_DigestUpdate(h->ctx, buf, len))
		BUG("SHA-256 update failed");
}

void sha256_final(struct sha256 *h, unsigned char md[SHA256_RAWSZ])
{
	unsigned char full[EVP_MAX_MD_SIZE];
	unsigned len = 0;

	if (!EVP_DigestFinal_ex(h->ctx, full, &len) || len != SHA256_RAWSZ)
		BUG("SHA-256 final failed");
	memcpy(md, full, SHA256_RAWSZ);
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}

void sha256_final_hex(struct sha256 *h, char out[SHA256_HEXSZ + 1])
{
	unsigned char md[SHA256_RAWSZ];

	sha256_final(h, md);
	hex_encode(md, SHA256_RAWSZ, out);
}

void sha256_raw(const void *buf, size_t len, unsigned char md[SHA256_RAWSZ])
{
	unsigned char full[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;

	if (!EVP_Digest(buf, len, full, &mdlen, EVP_sha256(), NULL) || mdlen != SHA256_RAWSZ)
		BUG("SHA-256 failed");
	memcpy(md, full, SHA256_RAWSZ);
}

void sha256_hex(const void *buf, size_t len, char out[SHA256_HEXSZ + 1])
{
	unsigned char md[SHA256_RAWSZ];

	sha256_raw(buf, len, md);
	hex_encode(md, SHA256_RAWSZ, out);
}

int sha256_file_hex(int fd, const char *path, char out[SHA256_HEXSZ + 1])
{
	struct sha256 h;
	unsigned char buf[65536];
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return error("cannot seek in %s: %s", path, strerror(errno));
	sha256_init(&h);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			sha256_final(&h, buf);
			return error("cannot read %s: %s", path, strerror(errno));
		}
		sha256_update(&h, buf, (size_t)n);
	}
	sha256_final_hex(&h, out);
	return 0;
}
