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

#endif /* !SHA256_H */
