/* cgidump: see LICENSE (ISC). */
/*
 * sha256.c: SHA-256 (FIPS 180-4 §6.2), streaming: a body is
 * fingerprinted as it passes, never held.
 *
 * Uploads run at the speed of this code, so where the CPU has SHA-256
 * instructions they do the rounds: the x86-64 SHA extensions, ARMv8's
 * SHA2.  Each is one function built for its target with the compiler's
 * intrinsics (no assembly) and used only when the CPU says it has
 * them, asked once; the portable code is the fallback everywhere else.
 * Every one of them works on the same state (h[0..7], FIPS 180-4's
 * H0..H7), whole 64-byte blocks at a time straight from the caller's
 * bytes: only a partial block is copied.
 */
#include "config.h"

#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define SHA256_X86	1
#include <immintrin.h>
#if HAVE_X86_PLATFORM
#include <sys/platform/x86.h>
#else
#include <cpuid.h>
#endif
#endif

/*
 * clang before 16 declares the ARMv8 SHA2 intrinsics only when the
 * whole file is built for them; gcc declares them for a function
 * built so.  Getting the CPU's features from the auxiliary vector is
 * Linux's way.
 */
#if defined(__aarch64__) && defined(__GNUC__) && defined(__linux__) && \
    (!defined(__clang__) || defined(__ARM_FEATURE_SHA2) || \
    defined(__ARM_FEATURE_CRYPTO))
#include <sys/auxv.h>
#include <arm_neon.h>
#ifdef HWCAP_SHA2
#define SHA256_ARMV8	1
#endif
#endif

#include "sha256.h"

/* §4.2.2: the constants K0..K63. */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b,
	0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
	0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
	0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152,
	0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
	0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
	0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

/*
 * §4.1.2 functions.  The big sigmas nest their rotations (ROTR 2, 13,
 * 22 is ROTR 2 of ROTR 11 of ROTR 9, each xored with x): the same
 * value in fewer moves.
 */
#define ROR(x, n)	(((x) >> (n)) | ((x) << (32 - (n))))
#define CH(x, y, z)	((z) ^ ((x) & ((y) ^ (z))))
#define BSIG0(x)	ROR(ROR(ROR(x, 9) ^ (x), 11) ^ (x), 2)
#define BSIG1(x)	ROR(ROR(ROR(x, 14) ^ (x), 5) ^ (x), 6)
#define SSIG0(x)	(ROR(x, 7) ^ ROR(x, 18) ^ ((x) >> 3))
#define SSIG1(x)	(ROR(x, 17) ^ ROR(x, 19) ^ ((x) >> 10))

/*
 * §6.2.2 step 3, round t + i, with the schedule's W[t + i] in w[i]: a
 * window of 16 words, where with sched step 1 first makes W[t + i]
 * out of the W[t + i - 16] it replaces.  The working variables move by
 * renaming instead of by assignment: sixteen rounds in a row bring
 * them back to their names.  Maj(a, b, c) is b ^ ((a ^ b) & (b ^ c)),
 * and this round's a ^ b is the next one's b ^ c: ab and bc trade
 * places (x and y) from round to round.
 */
#define ROUND(a, b, c, d, e, f, g, h, i, sched, ab, bc) do {		\
	if (sched)							\
		w[i] += SSIG1(w[((i) + 14) & 15]) + w[((i) + 9) & 15] +	\
		    SSIG0(w[((i) + 1) & 15]);				\
	t1 = (h) + BSIG1(e) + CH(e, f, g) + K[t + (i)] + w[i];		\
	(d) += t1;							\
	(ab) = (a) ^ (b);						\
	(h) = t1 + BSIG0(a) + ((b) ^ ((ab) & (bc)));			\
} while (0)

#define ROUNDS16(sched) do {						\
	ROUND(a, b, c, d, e, f, g, h, 0, sched, x, y);			\
	ROUND(h, a, b, c, d, e, f, g, 1, sched, y, x);			\
	ROUND(g, h, a, b, c, d, e, f, 2, sched, x, y);			\
	ROUND(f, g, h, a, b, c, d, e, 3, sched, y, x);			\
	ROUND(e, f, g, h, a, b, c, d, 4, sched, x, y);			\
	ROUND(d, e, f, g, h, a, b, c, 5, sched, y, x);			\
	ROUND(c, d, e, f, g, h, a, b, 6, sched, x, y);			\
	ROUND(b, c, d, e, f, g, h, a, 7, sched, y, x);			\
	ROUND(a, b, c, d, e, f, g, h, 8, sched, x, y);			\
	ROUND(h, a, b, c, d, e, f, g, 9, sched, y, x);			\
	ROUND(g, h, a, b, c, d, e, f, 10, sched, x, y);			\
	ROUND(f, g, h, a, b, c, d, e, 11, sched, y, x);			\
	ROUND(e, f, g, h, a, b, c, d, 12, sched, x, y);			\
	ROUND(d, e, f, g, h, a, b, c, 13, sched, y, x);			\
	ROUND(c, d, e, f, g, h, a, b, 14, sched, x, y);			\
	ROUND(b, c, d, e, f, g, h, a, 15, sched, y, x);			\
} while (0)

/* §6.2.2 on n blocks. */
static void
portable_blocks(uint32_t st[8], const unsigned char *p, size_t n)
{
	uint32_t	 w[16], a, b, c, d, e, f, g, h, t1, x, y;
	int		 i, t;

	for (; n > 0; n--, p += 64) {
		/* §5.2.1, §3.1: the block's words are big-endian. */
		for (i = 0; i < 16; i++)
			w[i] = (uint32_t)p[4 * i] << 24 |
			    (uint32_t)p[4 * i + 1] << 16 |
			    (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
		a = st[0]; b = st[1]; c = st[2]; d = st[3];
		e = st[4]; f = st[5]; g = st[6]; h = st[7];
		y = b ^ c;	/* bc of round 0 */
		t = 0;
		ROUNDS16(0);
		for (t = 16; t < 64; t += 16)
			ROUNDS16(1);
		st[0] += a; st[1] += b; st[2] += c; st[3] += d;
		st[4] += e; st[5] += f; st[6] += g; st[7] += h;
	}
}

#if SHA256_X86
/*
 * The SHA extensions (CPUID leaf 7, EBX bit 29), and SSSE3 and SSE4.1
 * for the shuffles around them (leaf 1, ECX bits 9 and 19): Intel SDM
 * vol. 2A, CPUID.  glibc asked the CPU at start-up and keeps the
 * answers (sys/platform/x86.h, glibc 2.33); asking again costs: in a
 * virtual machine each CPUID traps to the hypervisor, measured at
 * ~7 us here, as much as a tenth of a whole GET's own work.
 */
static int
shani_usable(void)
{
#if HAVE_X86_PLATFORM
	return CPU_FEATURE_ACTIVE(SSSE3) && CPU_FEATURE_ACTIVE(SSE4_1) &&
	    CPU_FEATURE_ACTIVE(SHA);
#else
	unsigned int	 a, b, c, d;

	if (__get_cpuid_max(0, NULL) < 7)
		return 0;
	__cpuid(1, a, b, c, d);
	if ((c & 1u << 9) == 0 || (c & 1u << 19) == 0)
		return 0;
	__cpuid_count(7, 0, a, b, c, d);
	return (b & 1u << 29) != 0;
#endif
}

/*
 * The rounds four at a time, two per SHA256RNDS2 (Intel, "Intel SHA
 * Extensions", 2013).  m0..m3 hold the schedule's words four by four:
 * group k uses W[4k..4k+3]; SHA256MSG2 completes the next four words
 * (MORE), SHA256MSG1 starts the four after those (START).  Written out
 * group by group, as the words rotate through the four registers by
 * name.
 */
#define GROUP(k, m) do {						\
	wk = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)&K[4 * (k)])); \
	s1 = _mm_sha256rnds2_epu32(s1, s0, wk);				\
	s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(wk, 0x0e)); \
} while (0)
#define MORE(next, m, prev)						\
	(next = _mm_sha256msg2_epu32(_mm_add_epi32(next,		\
	    _mm_alignr_epi8(m, prev, 4)), m))
#define START(prev, m)	(prev = _mm_sha256msg1_epu32(prev, m))

__attribute__((target("sha,sse4.1,ssse3")))
static void
shani_blocks(uint32_t st[8], const unsigned char *p, size_t n)
{
	const __m128i	 bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
			    0x0405060700010203ULL);
	__m128i		 s0, s1, abef, cdgh, m0, m1, m2, m3, wk, t;

	/* The instructions keep the state as ABEF and CDGH. */
	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&st[0]),
	    0xb1);					/* CDAB */
	s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&st[4]),
	    0x1b);					/* EFGH */
	s0 = _mm_alignr_epi8(t, s1, 8);			/* ABEF */
	s1 = _mm_blend_epi16(s1, t, 0xf0);		/* CDGH */
	for (; n > 0; n--, p += 64) {
		abef = s0;
		cdgh = s1;
		m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p),
		    bswap);
		m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)
		    (p + 16)), bswap);
		m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)
		    (p + 32)), bswap);
		m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)
		    (p + 48)), bswap);
		GROUP(0, m0);
		GROUP(1, m1); START(m0, m1);
		GROUP(2, m2); START(m1, m2);
		GROUP(3, m3); MORE(m0, m3, m2); START(m2, m3);
		GROUP(4, m0); MORE(m1, m0, m3); START(m3, m0);
		GROUP(5, m1); MORE(m2, m1, m0); START(m0, m1);
		GROUP(6, m2); MORE(m3, m2, m1); START(m1, m2);
		GROUP(7, m3); MORE(m0, m3, m2); START(m2, m3);
		GROUP(8, m0); MORE(m1, m0, m3); START(m3, m0);
		GROUP(9, m1); MORE(m2, m1, m0); START(m0, m1);
		GROUP(10, m2); MORE(m3, m2, m1); START(m1, m2);
		GROUP(11, m3); MORE(m0, m3, m2); START(m2, m3);
		GROUP(12, m0); MORE(m1, m0, m3); START(m3, m0);
		GROUP(13, m1); MORE(m2, m1, m0);
		GROUP(14, m2); MORE(m3, m2, m1);
		GROUP(15, m3);
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}
	t = _mm_shuffle_epi32(s0, 0x1b);		/* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xb1);		/* DCHG */
	_mm_storeu_si128((__m128i *)&st[0],
	    _mm_blend_epi16(t, s1, 0xf0));		/* DCBA */
	_mm_storeu_si128((__m128i *)&st[4],
	    _mm_alignr_epi8(s1, t, 8));			/* HGFE */
}

#undef GROUP
#undef MORE
#undef START
#endif /* SHA256_X86 */

#if SHA256_ARMV8
/* Linux hands the CPU's features in the auxiliary vector. */
static int
armv8_usable(void)
{
	return (getauxval(AT_HWCAP) & HWCAP_SHA2) != 0;
}

/*
 * Four rounds per SHA256H and SHA256H2 (Arm ARM, "SHA256H"); the state
 * stays ABCD and EFGH.  m0..m3 hold the schedule's words four by four:
 * group k uses W[4k..4k+3], then SHA256SU0 and SHA256SU1 make
 * W[4k+16..4k+19] in their place (MORE).  Written out group by group,
 * as the words rotate through the four registers by name.
 */
#define GROUP(k, m) do {						\
	wk = vaddq_u32(m, vld1q_u32(&K[4 * (k)]));			\
	t = s0;								\
	s0 = vsha256hq_u32(s0, s1, wk);					\
	s1 = vsha256h2q_u32(s1, t, wk);					\
} while (0)
#define MORE(m, m1, m2, m3)						\
	(m = vsha256su1q_u32(vsha256su0q_u32(m, m1), m2, m3))

/* clang names the feature without gcc's '+'. */
#ifdef __clang__
__attribute__((target("crypto")))
#else
__attribute__((target("+crypto")))
#endif
static void
armv8_blocks(uint32_t st[8], const unsigned char *p, size_t n)
{
	uint32x4_t	 s0, s1, abcd, efgh, m0, m1, m2, m3, wk, t;

	s0 = vld1q_u32(&st[0]);
	s1 = vld1q_u32(&st[4]);
	for (; n > 0; n--, p += 64) {
		abcd = s0;
		efgh = s1;
		m0 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p)));
		m1 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 16)));
		m2 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 32)));
		m3 = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 48)));
		GROUP(0, m0); MORE(m0, m1, m2, m3);
		GROUP(1, m1); MORE(m1, m2, m3, m0);
		GROUP(2, m2); MORE(m2, m3, m0, m1);
		GROUP(3, m3); MORE(m3, m0, m1, m2);
		GROUP(4, m0); MORE(m0, m1, m2, m3);
		GROUP(5, m1); MORE(m1, m2, m3, m0);
		GROUP(6, m2); MORE(m2, m3, m0, m1);
		GROUP(7, m3); MORE(m3, m0, m1, m2);
		GROUP(8, m0); MORE(m0, m1, m2, m3);
		GROUP(9, m1); MORE(m1, m2, m3, m0);
		GROUP(10, m2); MORE(m2, m3, m0, m1);
		GROUP(11, m3); MORE(m3, m0, m1, m2);
		GROUP(12, m0);
		GROUP(13, m1);
		GROUP(14, m2);
		GROUP(15, m3);
		s0 = vaddq_u32(s0, abcd);
		s1 = vaddq_u32(s1, efgh);
	}
	vst1q_u32(&st[0], s0);
	vst1q_u32(&st[4], s1);
}

#undef GROUP
#undef MORE
#endif /* SHA256_ARMV8 */

static const struct impl {
	const char	*name;
	int		(*usable)(void);	/* NULL: everywhere */
	void		(*blocks)(uint32_t[8], const unsigned char *, size_t);
} impls[] = {
#if SHA256_X86
	{ "sha-ni", shani_usable, shani_blocks },
#endif
#if SHA256_ARMV8
	{ "armv8", armv8_usable, armv8_blocks },
#endif
	{ "portable", NULL, portable_blocks },
};

#define NIMPLS	(sizeof(impls) / sizeof(impls[0]))

static const struct impl	*impl;	/* NULL: not chosen yet */

/* The first this CPU runs; the portable code runs everywhere. */
static const struct impl *
impl_chosen(void)
{
	size_t	 i;

	for (i = 0; impl == NULL && i < NIMPLS; i++)
		if (impls[i].usable == NULL || impls[i].usable())
			impl = &impls[i];
	return impl;
}

const char *
sha256_impl(void)
{
	return impl_chosen()->name;
}

int
sha256_use(const char *name)
{
	size_t	 i;

	for (i = 0; i < NIMPLS; i++)
		if (strcmp(impls[i].name, name) == 0 &&
		    (impls[i].usable == NULL || impls[i].usable())) {
			impl = &impls[i];
			return 1;
		}
	return 0;
}

void
sha256_init(struct sha256 *s)
{
	static const uint32_t	 iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};

	memcpy(s->h, iv, sizeof(iv));
	s->len = 0;
	s->used = 0;
	impl_chosen();
}

void
sha256_update(struct sha256 *s, const void *data, size_t len)
{
	const unsigned char	*p = data;
	size_t			 n;

	if (len == 0)
		return;
	s->len += len;
	if (s->used > 0) {
		n = 64 - s->used < len ? 64 - s->used : len;
		memcpy(s->block + s->used, p, n);
		s->used += n;
		p += n;
		len -= n;
		if (s->used < 64)
			return;
		impl->blocks(s->h, s->block, 1);
		s->used = 0;
	}
	if ((n = len / 64) > 0) {
		impl->blocks(s->h, p, n);
		p += n * 64;
		len -= n * 64;
	}
	memcpy(s->block, p, len);
	s->used = len;
}

void
sha256_final(struct sha256 *s, unsigned char out[32])
{
	uint64_t	 bits = s->len * 8;
	int		 i;

	/* §5.1.1: a 1 bit, zeros, the length in bits as 64 bits. */
	s->block[s->used++] = 0x80;
	if (s->used > 56) {
		memset(s->block + s->used, 0, 64 - s->used);
		impl->blocks(s->h, s->block, 1);
		s->used = 0;
	}
	memset(s->block + s->used, 0, 56 - s->used);
	for (i = 0; i < 8; i++)
		s->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	impl->blocks(s->h, s->block, 1);
	for (i = 0; i < 32; i++)
		out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}
