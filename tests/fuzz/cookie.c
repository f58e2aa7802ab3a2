/* cgidump: see LICENSE (ISC). */
/*
 * tests/fuzz/cookie.c: libFuzzer harness for cookie_names, which lists
 * the names in an HTTP_COOKIE value so that the dump can show them and
 * hide the values (RFC 6265 §4.2.1: cookie-pair *( ";" SP cookie-pair )).
 * The input is the value.  Each ';'-separated piece with a byte other
 * than space and tab gives one name, in order: what comes before the
 * piece's first '=', without the spaces and tabs around it, lying in
 * the piece's bytes; and for a piece without '=' (RFC 6265bis §5.6: a
 * nameless cookie, all of it a value) the empty name, so that none of
 * its bytes is ever listed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/parse.h"

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The piece [s, e) gives name c: check it. */
static void
piece_name_ok(const char *s, const char *e, const struct bytes *c)
{
	const char	*eq = memchr(s, '=', (size_t)(e - s));
	const char	*ns = s, *ne;

	if (c->p < s || c->p > e || c->len > (size_t)(e - c->p))
		abort();
	if (eq == NULL) {
		if (c->len != 0)
			abort();
		return;
	}
	ne = eq;
	while (ns < ne && is_blank(*ns))
		ns++;
	while (ne > ns && is_blank(ne[-1]))
		ne--;
	if (c->len != (size_t)(ne - ns) || (c->len > 0 && c->p != ns))
		abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	struct envvar	 e;
	const char	*v = (const char *)data, *end = v + len;
	const char	*s, *p;
	size_t		 n = 0;
	int		 filled;

	memset(&e, 0, sizeof(e));
	e.name = bytes_of("HTTP_COOKIE");
	e.value.p = v;
	e.value.len = len;
	e.redact = RED_COOKIE;
	cookie_names(&e);
	for (s = v; s <= end; s = p + 1) {
		filled = 0;
		for (p = s; p < end && *p != ';'; p++)
			if (!is_blank(*p))
				filled = 1;
		if (filled) {
			if (n == e.ncookies)
				abort();
			piece_name_ok(s, p, &e.cookies[n++]);
		}
		if (p == end)
			break;
	}
	if (n != e.ncookies)
		abort();
	free(e.cookies);
	return 0;
}
