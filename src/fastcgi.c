/* cgidump: see LICENSE (ISC). */
/*
 * fastcgi.c: the FastCGI 1.0 record layer and name-value pairs, as
 * state machines fed chunks of any size (the Open Market FastCGI
 * specification, 1996).
 *
 * Records (spec §3.3):
 *
 *	record = version type requestId(2) contentLength(2)
 *		 paddingLength reserved contentData paddingData
 *
 * with the two-byte fields big-endian.  Only version 1 exists; any
 * other is not FastCGI and ends the stream.  The record layer judges
 * nothing else: every type, known or not, and request id 0 (the
 * management records, §3.4) are handed over as they came, for serve.c
 * to answer (FCGI_UNKNOWN_TYPE is its business, not the parser's).
 *
 * Name-value pairs (spec §3.4):
 *
 *	pair   = length length name value
 *	length = %x00-7F / ( %x80-FF 3OCTET )	; 31 bits, big-endian
 *
 * A pair may span records of its stream, so the pairs parser is fed
 * the contents one after the other.  A length is only a claim: the
 * pair's buffer grows as its bytes arrive, and a claim that cannot
 * fit the stream's bound is refused before any of it is held.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "transport.h"

enum pstate { PS_NLEN, PS_VLEN, PS_NAME, PS_VALUE, PS_BAD };

void
fcgi_init(struct fcgi *f)
{
	f->hlen = 0;
	f->clen = f->plen = f->got = 0;
	f->err = NULL;
}

/* The header is whole: the record's lengths, or the version's error. */
static int
record_start(struct fcgi *f)
{
	/* Spec §3.3: "This specification documents FCGI_VERSION_1." */
	if (f->hdr[0] != FCGI_VERSION_1) {
		f->err = "FastCGI record version is not 1";
		return -1;
	}
	f->clen = (size_t)f->hdr[4] << 8 | f->hdr[5];
	f->plen = f->hdr[6];
	f->got = 0;
	return 0;
}

static void
record_deliver(struct fcgi *f, fcgi_record_fn fn, void *arg)
{
	struct fcgi_record	 r;

	r.type = f->hdr[1];
	r.id = (unsigned)f->hdr[2] << 8 | f->hdr[3];
	r.content = f->content;
	r.len = f->clen;
	f->hlen = 0;
	fn(arg, &r);
}

/*
 * Returns 0, or -1 once the stream is bad.  fn gets each record whose
 * content and padding are in, content pointing into f: it may not
 * feed f itself, and the content is gone when it returns.
 */
int
fcgi_feed(struct fcgi *f, const char *p, size_t len, fcgi_record_fn fn,
    void *arg)
{
	size_t	 n, want;

	if (f->err != NULL)
		return -1;
	while (len > 0) {
		if (f->hlen < FCGI_HEADER_LEN) {
			n = FCGI_HEADER_LEN - f->hlen;
			if (n > len)
				n = len;
			memcpy(f->hdr + f->hlen, p, n);
			f->hlen += n;
			p += n;
			len -= n;
			if (f->hlen < FCGI_HEADER_LEN)
				break;
			if (record_start(f) == -1)
				return -1;
		} else {
			want = f->clen + f->plen - f->got;
			n = want < len ? want : len;
			if (f->got < f->clen) {
				if (n > f->clen - f->got)
					n = f->clen - f->got;
				memcpy(f->content + f->got, p, n);
			}
			f->got += n;
			p += n;
			len -= n;
		}
		/* An empty record is whole with its header. */
		if (f->got == f->clen + f->plen)
			record_deliver(f, fn, arg);
	}
	return 0;
}

int
fcgi_idle(const struct fcgi *f)
{
	return f->err == NULL && f->hlen == 0;
}

void
fcgi_pairs_init(struct fcgi_pairs *s, uint64_t max)
{
	memset(s, 0, sizeof(*s));
	s->state = PS_NLEN;
	s->max = max;
}

static int
pairs_fail(struct fcgi_pairs *s, const char *why)
{
	s->state = PS_BAD;
	s->err = why;
	buf_free(&s->pair);
	return -1;
}

/*
 * One byte of a length: returns 1 when the length is whole in *out,
 * 0 when more bytes are to come.
 */
static int
length_byte(struct fcgi_pairs *s, unsigned char c, uint32_t *out)
{
	s->lbuf[s->llen++] = c;
	if (s->llen == 1 && (c & 0x80) == 0) {
		*out = c;
		s->llen = 0;
		return 1;
	}
	if (s->llen < 4)
		return 0;
	*out = (uint32_t)(s->lbuf[0] & 0x7f) << 24 |
	    (uint32_t)s->lbuf[1] << 16 | (uint32_t)s->lbuf[2] << 8 |
	    s->lbuf[3];
	s->llen = 0;
	return 1;
}

/*
 * Both lengths are known: refuse a pair that cannot fit the bound (or
 * this machine's memory) before holding any of it.
 */
static int
pair_claim(struct fcgi_pairs *s)
{
	uint64_t	 need = (uint64_t)s->nlen + s->vlen;

	if (s->max != 0 && need > s->max - s->total)
		return pairs_fail(s, "FastCGI parameters exceed their limit");
	if (need > SIZE_MAX - 2)
		return pairs_fail(s, "FastCGI parameter too long to hold");
	s->pair.len = 0;
	return 0;
}

/* Bytes of the name or the value, up to what the length claimed. */
static size_t
pair_bytes(struct fcgi_pairs *s, const char *p, size_t len, uint32_t of)
{
	size_t	 have, n;

	have = s->state == PS_NAME ? s->pair.len : s->pair.len - s->nlen - 1;
	n = of - have;
	if (n > len)
		n = len;
	buf_add(&s->pair, p, n);
	s->total += n;
	return n;
}

static void
pair_deliver(struct fcgi_pairs *s, fcgi_pair_fn fn, void *arg)
{
	buf_addc(&s->pair, '\0');
	fn(arg, s->pair.p, s->nlen, s->pair.p + s->nlen + 1, s->vlen);
	s->pair.len = 0;
	s->state = PS_NLEN;
}

/* Returns 0, or -1 once the stream is bad. */
int
fcgi_pairs_feed(struct fcgi_pairs *s, const char *p, size_t len,
    fcgi_pair_fn fn, void *arg)
{
	size_t	 n;

	if (s->state == PS_BAD)
		return -1;
	while (len > 0) {
		switch (s->state) {
		case PS_NLEN:
		case PS_VLEN:
			if (s->max != 0 && s->total >= s->max)
				return pairs_fail(s,
				    "FastCGI parameters exceed their limit");
			s->total++;
			len--;
			if (s->state == PS_NLEN) {
				if (length_byte(s, (unsigned char)*p++,
				    &s->nlen))
					s->state = PS_VLEN;
				break;
			}
			if (!length_byte(s, (unsigned char)*p++, &s->vlen))
				break;
			if (pair_claim(s) == -1)
				return -1;
			s->state = PS_NAME;
			break;
		case PS_NAME:
			n = pair_bytes(s, p, len, s->nlen);
			p += n;
			len -= n;
			break;
		case PS_VALUE:
			n = pair_bytes(s, p, len, s->vlen);
			p += n;
			len -= n;
			break;
		default:
			return -1;
		}
		/* Either part may be empty: finish it without a byte. */
		if (s->state == PS_NAME && s->pair.len == s->nlen) {
			buf_addc(&s->pair, '\0');
			s->state = PS_VALUE;
		}
		if (s->state == PS_VALUE &&
		    s->pair.len - s->nlen - 1 == s->vlen)
			pair_deliver(s, fn, arg);
	}
	return 0;
}

/* The stream is over: a pair begun and not finished is an error. */
int
fcgi_pairs_end(struct fcgi_pairs *s)
{
	if (s->state == PS_BAD)
		return -1;
	if (s->state != PS_NLEN || s->llen != 0)
		return pairs_fail(s,
		    "FastCGI parameters end inside a name-value pair");
	return 0;
}

void
fcgi_pairs_free(struct fcgi_pairs *s)
{
	buf_free(&s->pair);
}

/*
 * The caller keeps the lengths in range (content <= FCGI_CONTENT_MAX,
 * padding <= 255, id <= 65535): each field takes its low bits only.
 */
void
fcgi_header(unsigned char h[FCGI_HEADER_LEN], int type, unsigned id,
    size_t clen, size_t plen)
{
	h[0] = FCGI_VERSION_1;
	h[1] = (unsigned char)type;
	h[2] = (unsigned char)(id >> 8);
	h[3] = (unsigned char)id;
	h[4] = (unsigned char)(clen >> 8);
	h[5] = (unsigned char)clen;
	h[6] = (unsigned char)plen;
	h[7] = 0;
}

/* Spec §3.4: one byte below 128, else four with the top bit set. */
static void
length_add(struct buf *b, size_t len)
{
	char	 l[4];

	if (len < 0x80) {
		buf_addc(b, (char)len);
		return;
	}
	l[0] = (char)(0x80 | (len >> 24 & 0x7f));
	l[1] = (char)(len >> 16 & 0xff);
	l[2] = (char)(len >> 8 & 0xff);
	l[3] = (char)(len & 0xff);
	buf_add(b, l, 4);
}

/* The caller keeps each length below 2^31, as the encoding must. */
void
fcgi_pair_add(struct buf *b, const char *name, size_t nlen,
    const char *value, size_t vlen)
{
	length_add(b, nlen);
	length_add(b, vlen);
	buf_add(b, name, nlen);
	buf_add(b, value, vlen);
}
