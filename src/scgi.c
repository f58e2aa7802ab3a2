/* cgidump: see LICENSE (ISC). */
/*
 * scgi.c: an SCGI request's header block, as a state machine fed
 * chunks of any size (Neil Schemenauer, SCGI: A Simple Common Gateway
 * Interface alternative, python.ca/scgi/protocol.txt).
 *
 *	request  = netstring body
 *	netstring = length ":" headers ","	; djb's netstrings
 *	length   = "0" / %x31-39 *DIGIT	; no leading zeros
 *	headers  = *header
 *	header   = name NUL value NUL
 *	name     = 1*notnull
 *	value    = *notnull
 *
 * "The first header must have the name CONTENT_LENGTH" (digits), and
 * "there must also always be a header with the name SCGI and a value
 * of 1".  The parser never takes a byte past the comma: the body
 * stays on the connection for the body reader, CONTENT_LENGTH bytes.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "transport.h"

void
scgi_init(struct scgi *s, uint64_t max)
{
	memset(s, 0, sizeof(*s));
	s->state = SCGI_LENGTH;
	s->max = max;
}

static long
scgi_fail(struct scgi *s, const char *why)
{
	s->state = SCGI_BAD;
	s->err = why;
	buf_free(&s->hdr);
	return -1;
}

/*
 * As many bytes as the shortest netstring that can still follow: with
 * no digit yet "0:,"; after the digits of n, either ":" n bytes ","
 * or more digits and a longer block.  So reading this much never
 * reads into the body, and a length's digits rarely cost a read each.
 */
size_t
scgi_want(const struct scgi *s)
{
	switch (s->state) {
	case SCGI_LENGTH:
		return s->digits == 0 ? 3 : (size_t)s->len + 2;
	case SCGI_HEADERS:
		return (size_t)(s->len - s->hdr.len) + 1;
	case SCGI_COMMA:
		return 1;
	default:
		return 0;
	}
}

/* One byte of the length, or the colon after it. */
static long
length_byte(struct scgi *s, char c)
{
	unsigned	 d;

	if (c == ':') {
		if (s->digits == 0)
			return scgi_fail(s, "SCGI length has no digits");
		s->state = s->len == 0 ? SCGI_COMMA : SCGI_HEADERS;
		return 0;
	}
	if (c < '0' || c > '9')
		return scgi_fail(s, "SCGI length is not decimal digits");
	/* djb's netstrings: "leading zeros are prohibited". */
	if (s->digits == 1 && s->len == 0)
		return scgi_fail(s, "SCGI length has a leading zero");
	d = (unsigned)(c - '0');
	/* The block and its NUL must fit in memory as well as the bound. */
	if (s->len > (SIZE_MAX - 2 - d) / 10 ||
	    (s->max != 0 && (s->max < d || s->len > (s->max - d) / 10)))
		return scgi_fail(s, "SCGI headers exceed their limit");
	s->len = s->len * 10 + d;
	s->digits++;
	return 0;
}

/*
 * Takes at most the rest of the netstring, however much it is given,
 * and returns how many bytes that was (0 once done), or -1 when the
 * netstring is bad.  The block is held as it arrives, never ahead of
 * its bytes: a length is only a claim.
 */
long
scgi_feed(struct scgi *s, const char *p, size_t len)
{
	size_t	 at = 0, n;

	if (s->state == SCGI_BAD)
		return -1;
	if (len > LONG_MAX)
		len = LONG_MAX;
	while (at < len && s->state != SCGI_DONE) {
		switch (s->state) {
		case SCGI_LENGTH:
			if (length_byte(s, p[at++]) == -1)
				return -1;
			break;
		case SCGI_HEADERS:
			n = (size_t)(s->len - s->hdr.len);
			if (n > len - at)
				n = len - at;
			buf_add(&s->hdr, p + at, n);
			at += n;
			if (s->hdr.len == s->len)
				s->state = SCGI_COMMA;
			break;
		case SCGI_COMMA:
			if (p[at++] != ',')
				return scgi_fail(s,
				    "SCGI netstring does not end with a comma");
			buf_addc(&s->hdr, '\0');
			s->hdr.len--;
			s->state = SCGI_DONE;
			break;
		default:
			return -1;
		}
	}
	return (long)at;
}

/*
 * The header at *at: name and value, each NUL-terminated in the block.
 * Returns 0 at the end, 1 with a header, -1 (err set) when the rest
 * is not one.
 */
static int
header_next(struct scgi *s, size_t *at, struct bytes *name,
    struct bytes *value)
{
	const char	*p = s->hdr.p + *at, *nul;
	size_t		 left = s->hdr.len - *at;

	if (left == 0)
		return 0;
	if ((nul = memchr(p, '\0', left)) == NULL)
		return scgi_fail(s, "SCGI headers do not end with a NUL");
	if (nul == p)
		return scgi_fail(s, "SCGI header with an empty name");
	name->p = p;
	name->len = (size_t)(nul - p);
	p = nul + 1;
	left -= name->len + 1;
	if ((nul = memchr(p, '\0', left)) == NULL)
		return scgi_fail(s, "SCGI header without a value");
	value->p = p;
	value->len = (size_t)(nul - p);
	*at += name->len + value->len + 2;
	return 1;
}

/*
 * The rules, checked over the whole block before a header is handed
 * over: the caller gets every header or none.
 *
 * XXX: the protocol forbids duplicate names; only CONTENT_LENGTH and
 * SCGI are refused twice (the body's framing, the protocol's marker).
 * Others are dumped as they came, which is what a diagnostic is for.
 */
static int
headers_check(struct scgi *s)
{
	struct bytes	 name, value;
	size_t		 at = 0, i = 0;
	int		 r, scgi = 0;

	while ((r = header_next(s, &at, &name, &value)) == 1) {
		if (i++ == 0) {
			if (!bytes_eq(name, "CONTENT_LENGTH"))
				return scgi_fail(s, "SCGI headers do not "
				    "start with CONTENT_LENGTH");
			if (!is_digits(value.p, value.len))
				return scgi_fail(s, "SCGI CONTENT_LENGTH is "
				    "not decimal digits");
		} else if (bytes_eq(name, "CONTENT_LENGTH"))
			return scgi_fail(s, "SCGI CONTENT_LENGTH twice");
		if (bytes_eq(name, "SCGI")) {
			if (scgi++)
				return scgi_fail(s, "SCGI header SCGI twice");
			if (!bytes_eq(value, "1"))
				return scgi_fail(s, "SCGI header SCGI is not 1");
		}
	}
	if (r == -1)
		return -1;
	if (i == 0)
		return scgi_fail(s, "SCGI headers do not start with "
		    "CONTENT_LENGTH");
	if (!scgi)
		return scgi_fail(s, "SCGI header SCGI is missing");
	return 0;
}

int
scgi_pairs(struct scgi *s, fcgi_pair_fn fn, void *arg)
{
	struct bytes	 name, value;
	size_t		 at = 0;

	if (s->state == SCGI_BAD)
		return -1;
	if (s->state != SCGI_DONE)
		return scgi_fail(s, "SCGI headers are incomplete");
	if (headers_check(s) == -1)
		return -1;
	while (header_next(s, &at, &name, &value) == 1)
		fn(arg, name.p, name.len, value.p, value.len);
	return 0;
}

void
scgi_free(struct scgi *s)
{
	buf_free(&s->hdr);
}
