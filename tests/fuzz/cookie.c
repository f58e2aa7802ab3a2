/* cgidump: see LICENSE (ISC). */
/*
 * tests/fuzz/cookie.c: libFuzzer harness for cookie_names, which lists
 * the names in an HTTP_COOKIE value so that the dump can show them and
 * hide the values (RFC 6265 §4.2.1: cookie-pair *( ";" SP cookie-pair )).
 * The input is the value.  Each name must lie within the value's bytes,
 * after the one before it with a ';' between them, and hold no ';' and
 * no '=', nor a space or tab at either end; there must be one name for
 * each ';'-separated piece with a byte other than space and tab.
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

/* The ';'-separated pieces of [p, end) with a byte not blank. */
static size_t
pieces(const char *p, const char *end)
{
	size_t	 n = 0;
	int	 filled = 0;

	for (; p < end; p++) {
		if (*p == ';') {
			n += filled;
			filled = 0;
		} else if (!is_blank(*p))
			filled = 1;
	}
	return n + filled;
}

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	struct envvar		 e;
	const struct bytes	*c;
	const char		*v = (const char *)data, *end = v + len;
	const char		*after = v;	/* where the last name ended */
	size_t			 i;

	memset(&e, 0, sizeof(e));
	e.name = bytes_of("HTTP_COOKIE");
	e.value.p = v;
	e.value.len = len;
	e.redact = RED_COOKIE;
	cookie_names(&e);
	if (e.ncookies != pieces(v, end))
		abort();
	for (i = 0; i < e.ncookies; i++) {
		c = &e.cookies[i];
		if (c->p < after || c->p > end ||
		    c->len > (size_t)(end - c->p))
			abort();
		if (i > 0 && memchr(after, ';', (size_t)(c->p - after)) == NULL)
			abort();
		if (memchr(c->p, ';', c->len) != NULL ||
		    memchr(c->p, '=', c->len) != NULL)
			abort();
		if (c->len > 0 && (is_blank(c->p[0]) ||
		    is_blank(c->p[c->len - 1])))
			abort();
		after = c->p + c->len;
	}
	free(e.cookies);
	return 0;
}
