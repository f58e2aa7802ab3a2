/* cgidump: see LICENSE (ISC). */
/*
 * tests/fuzz/scgi.c: libFuzzer harness for the SCGI parser
 * (src/scgi.c).  The connection's bytes (the input after its first
 * byte) are read as serve.c would, at most scgi_want bytes a read, in
 * reads of random sizes seeded by the first byte, and again in one
 * call with all of them: both must take the same bytes, end in the
 * same state and give the same headers or the same error.  No read
 * may go past the netstring: a done one has taken exactly its
 * digits, ':', its block and ','.  Headers are NUL-terminated, the
 * first is CONTENT_LENGTH, and the block is within the bound.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/transport.h"

#define SCGI_MAX	512

struct run {
	struct buf	 out;
	size_t		 n;
};

static void
header_seen(void *arg, const char *n, size_t nlen, const char *v,
    size_t vlen)
{
	struct run	*r = arg;

	if (n[nlen] != '\0' || v[vlen] != '\0' || nlen == 0 ||
	    memchr(n, '\0', nlen) != NULL || memchr(v, '\0', vlen) != NULL ||
	    (r->n++ == 0 && (nlen != 14 || memcmp(n, "CONTENT_LENGTH", 14))))
		abort();
	buf_add(&r->out, n, nlen);
	buf_addc(&r->out, '=');
	buf_add(&r->out, v, vlen);
	buf_addc(&r->out, '\n');
}

/* A done netstring took digits ':' block ',' and nothing more. */
static void
netstring_check(const struct scgi *s, const char *p, size_t used)
{
	size_t	 d = 0;

	while (d < used && p[d] >= '0' && p[d] <= '9')
		d++;
	if (d == 0 || (d > 1 && p[0] == '0') || s->len > SCGI_MAX ||
	    used != d + 1 + s->len + 1 || p[d] != ':' ||
	    p[used - 1] != ',' || s->hdr.len != s->len ||
	    memcmp(s->hdr.p == NULL ? "" : s->hdr.p, p + d + 1, s->len) != 0)
		abort();
}

static char *
parse(const char *p, size_t len, unsigned seed, size_t *outlen)
{
	struct scgi	 s;
	struct run	 r;
	size_t		 at = 0, n, want;
	long		 took = 0;
	int		 rc;

	memset(&r, 0, sizeof(r));
	scgi_init(&s, SCGI_MAX);
	srand(seed);
	if (seed == 0)
		took = scgi_feed(&s, p, len);
	else
		while (at < len && (want = scgi_want(&s)) > 0) {
			if (want > SCGI_MAX + 2)
				abort();
			n = 1 + (size_t)rand() % 97;
			if (n > want)
				n = want;
			if (n > len - at)
				n = len - at;
			if ((took = scgi_feed(&s, p + at, n)) == -1)
				break;
			if (took == 0 || (size_t)took > n)
				abort();
			at += (size_t)took;
		}
	if (seed != 0 && took != -1)
		took = (long)at;
	if ((took == -1) != (s.state == SCGI_BAD) ||
	    (s.state == SCGI_BAD && s.err == NULL))
		abort();
	buf_addf(&r.out, "took %ld state %d %s\n", took, (int)s.state,
	    s.err ? s.err : "");
	if (s.state == SCGI_DONE) {
		netstring_check(&s, p, (size_t)took);
		rc = scgi_pairs(&s, header_seen, &r);
		if ((rc == -1) != (s.err != NULL) || (rc == -1 && r.n != 0))
			abort();
		buf_addf(&r.out, "pairs %d %s\n", rc, s.err ? s.err : "");
	}
	scgi_free(&s);
	*outlen = r.out.len;
	return r.out.p;
}

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	size_t	 l1, l2;
	char	*a, *b;

	if (len == 0)
		return 0;
	a = parse((const char *)data + 1, len - 1, 0, &l1);
	b = parse((const char *)data + 1, len - 1, 1u + data[0], &l2);
	if (l1 != l2 || memcmp(a, b, l1) != 0)
		abort();
	free(a);
	free(b);
	return 0;
}
