/* cgidump: see LICENSE (ISC). */
/*
 * tests/fuzz/chunked.c: libFuzzer harness for the decoder of raw
 * chunked framing (RFC 9112 §7.1) that body.c puts before the parsers
 * when a server passes the framing on.  The body (the input after its
 * first byte) is decoded whole, byte by byte, and in pieces of random
 * sizes seeded by the first byte: all must give the same decoded bytes
 * and the same final state.  The sink must get only bytes of the piece
 * being fed, never none, and never more in all than the body has; once
 * CH_DONE or CH_BAD the state must not change and nothing more may be
 * decoded.  A body that dechunk_looks_chunked takes for framing, with a
 * chunk-size of at most 16 hex digits, must not fail on its first line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/parse.h"

struct sink {
	char		*p;		/* the decoded bytes */
	size_t		 len;
	size_t		 max;		/* the body's length */
	const char	*from, *to;	/* the piece being fed */
};

static void
collect(void *arg, const char *p, size_t len)
{
	struct sink	*s = arg;

	if (len == 0 || p < s->from || p >= s->to ||
	    len > (size_t)(s->to - p) || len > s->max - s->len)
		abort();
	memcpy(s->p + s->len, p, len);
	s->len += len;
}

static void
feed(struct dechunk *c, struct sink *s, const char *p, size_t len)
{
	enum chunk_state	 was = c->state;
	size_t			 had = s->len;

	s->from = p;
	s->to = p + len;
	dechunk_feed(c, p, len);
	if (c->state > CH_BAD)
		abort();
	if (was >= CH_DONE && (c->state != was || s->len != had))
		abort();
}

/* seed 0: whole; 1: byte by byte; else random pieces. */
static void
decode(struct dechunk *c, struct sink *s, const char *p, size_t len,
    unsigned seed)
{
	size_t	 at, n;

	if ((s->p = malloc(len + 1)) == NULL)
		abort();
	s->len = 0;
	s->max = len;
	dechunk_init(c, collect, s);
	srand(seed);
	for (at = 0; at < len; at += n) {
		n = seed == 0 ? len - at : seed == 1 ? 1 :
		    1 + (size_t)rand() % 97;
		if (n > len - at)
			n = len - at;
		feed(c, s, p + at, n);
	}
}

static void
same(const struct dechunk *c1, const struct sink *s1,
    const struct dechunk *c2, const struct sink *s2)
{
	if (c1->state != c2->state || c1->left != c2->left ||
	    c1->digits != c2->digits || s1->len != s2->len ||
	    memcmp(s1->p, s2->p, s1->len) != 0)
		abort();
}

/* dechunk_looks_chunked said yes: the first line must not be bad. */
static void
first_line(const char *p, size_t len)
{
	struct dechunk	 c;
	struct sink	 s;
	size_t		 i;

	for (i = 0; i < len && hex_value(p[i]) >= 0; i++)
		continue;
	if (i == 0 || i > 16 || i == len)
		abort();
	decode(&c, &s, p, i + 1, 0);
	if (c.state != CH_EXT && c.state != CH_DATA && c.state != CH_TRAILER)
		abort();
	free(s.p);
}

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	const char	*p = (const char *)data + 1;
	struct dechunk	 c1, c2, c3;
	struct sink	 s1, s2, s3;
	size_t		 i;

	if (len == 0)
		return 0;
	len--;
	decode(&c1, &s1, p, len, 0);
	decode(&c2, &s2, p, len, 1);
	decode(&c3, &s3, p, len, 2u + data[0]);
	same(&c1, &s1, &c2, &s2);
	same(&c1, &s1, &c3, &s3);
	/* Done or bad is for good: the body again changes nothing. */
	if (c1.state >= CH_DONE) {
		s1.max = s1.len;
		feed(&c1, &s1, p, len);
	}
	free(s1.p);
	free(s2.p);
	free(s3.p);
	if (dechunk_looks_chunked(p, len)) {
		for (i = 0; i < len && i < 17 && hex_value(p[i]) >= 0; i++)
			continue;
		if (i <= 16)
			first_line(p, len);
	}
	return 0;
}
