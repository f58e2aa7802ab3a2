/* cgidump: see LICENSE (ISC). */
/* sha256.h: SHA-256 (FIPS 180-4), fed in pieces (sha256.c). */
#ifndef SHA256_H
#define SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t	 h[8];
	uint64_t	 len;
	unsigned char	 block[64];
	size_t		 used;
};

void	 sha256_init(struct sha256 *);
void	 sha256_update(struct sha256 *, const void *, size_t);
void	 sha256_final(struct sha256 *, unsigned char[32]);

/*
 * Which code hashes: "sha-ni" (x86-64 SHA extensions), "armv8" (ARMv8
 * SHA2 instructions) or "portable", the first this CPU runs unless
 * sha256_use() named one.  sha256_use() returns 0, changing nothing,
 * for a name this build or this CPU does not have.
 */
const char	*sha256_impl(void);
int		 sha256_use(const char *);

#endif /* !SHA256_H */
