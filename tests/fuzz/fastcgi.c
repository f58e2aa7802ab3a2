/* cgidump: see LICENSE (ISC). */
/*
 * tests/fuzz/fastcgi.c: libFuzzer harness for the FastCGI record layer
 * and name-value pairs (src/fastcgi.c).  The stream (the input after
 * its first byte) is fed whole and in pieces of random sizes seeded by
 * the first byte; both must give the same records, the same pairs from
 * the PARAMS and GET_VALUES records (small bound, so that it is hit),
 * the same errors and the same end state.  Every record must be within
 * the stream's bytes; every pair must be NUL-terminated and, encoded
 * again with fcgi_pair_add, must parse back to itself.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/transport.h"

#define PAIRS_MAX	2048

struct run {
	struct fcgi_pairs	 pairs;
	int			 pairs_type;	/* the stream's record type */
	struct buf		 out;		/* what came, as text */
	struct buf		 again;		/* the pairs, re-encoded */
	size_t			 len;		/* the stream's length */
};

static void
pair_seen(void *arg, const char *n, size_t nlen, const char *v, size_t vlen)
{
	struct run	*r = arg;

	if (n[nlen] != '\0' || v[vlen] != '\0' ||
	    nlen + vlen + 2 > PAIRS_MAX)
		abort();
	buf_addf(&r->out, "pair %zu %zu|", nlen, vlen);
	buf_add(&r->out, n, nlen);
	buf_addc(&r->out, '|');
	buf_add(&r->out, v, vlen);
	buf_addc(&r->out, '\n');
	fcgi_pair_add(&r->again, n, nlen, v, vlen);
}

/* Records of one type of pairs feed them; an empty one ends them. */
static void
record_seen(void *arg, const struct fcgi_record *rec)
{
	struct run	*r = arg;
	int		 rc;

	if (rec->len > FCGI_CONTENT_MAX || rec->len > r->len ||
	    rec->type < 0 || rec->type > 255 || rec->id > 65535)
		abort();
	buf_addf(&r->out, "record %d %u %zu\n", rec->type, rec->id, rec->len);
	if (rec->type != FCGI_PARAMS && rec->type != FCGI_GET_VALUES)
		return;
	if (r->pairs_type != rec->type) {
		fcgi_pairs_free(&r->pairs);
		fcgi_pairs_init(&r->pairs, PAIRS_MAX);
		r->pairs_type = rec->type;
	}
	if (rec->len == 0) {
		rc = fcgi_pairs_end(&r->pairs);
		buf_addf(&r->out, "end %d %s\n", rc,
		    r->pairs.err ? r->pairs.err : "");
		r->pairs_type = 0;
		return;
	}
	rc = fcgi_pairs_feed(&r->pairs, rec->content, rec->len, pair_seen, r);
	if (rc == -1)
		buf_addf(&r->out, "bad %s\n", r->pairs.err);
}

/* The pairs encoded again parse back to the same pairs. */
static void
round_trip(struct run *r)
{
	struct fcgi_pairs	 p;
	struct run		 r2;

	memset(&r2, 0, sizeof(r2));
	fcgi_pairs_init(&p, 0);
	if (fcgi_pairs_feed(&p, r->again.p, r->again.len, pair_seen, &r2) ==
	    -1 || fcgi_pairs_end(&p) == -1 || r2.again.len != r->again.len ||
	    (r->again.len > 0 &&
	    memcmp(r2.again.p, r->again.p, r->again.len) != 0))
		abort();
	fcgi_pairs_free(&p);
	buf_free(&r2.out);
	buf_free(&r2.again);
}

static char *
parse(const char *p, size_t len, unsigned seed, size_t *outlen)
{
	static struct fcgi	 f;
	struct run		 r;
	size_t			 at, n;
	int			 rc = 0;

	memset(&r, 0, sizeof(r));
	r.len = len;
	fcgi_pairs_init(&r.pairs, PAIRS_MAX);
	fcgi_init(&f);
	srand(seed);
	for (at = 0; at < len; at += n) {
		n = seed == 0 ? len - at : 1 + (size_t)rand() % 97;
		if (n > len - at)
			n = len - at;
		if (fcgi_feed(&f, p + at, n, record_seen, &r) == -1)
			rc = -1;
		if (rc == -1 && (f.err == NULL || fcgi_idle(&f)))
			abort();
	}
	buf_addf(&r.out, "rc %d idle %d %s\n", rc, fcgi_idle(&f),
	    f.err ? f.err : "");
	round_trip(&r);
	fcgi_pairs_free(&r.pairs);
	buf_free(&r.again);
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
