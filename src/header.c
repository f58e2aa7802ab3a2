/* cgidump: see LICENSE (ISC). */
/*
 * header.c: a header value with parameters, as Content-Type and
 * Content-Disposition carry them, parsed as Python's cgi.parse_header()
 * did (DESIGN.md "Parsing semantics"):
 *
 *	header = value *( ";" param )
 *	param  = name [ "=" ( token / quoted-string ) ]
 *
 * A ";" inside a quoted string does not separate.  Names are
 * case-insensitive (kept in lower case), the last of a repeated name
 * wins, values are trimmed, and a quoted value loses its quotes.
 * XXX: RFC 9110 §5.6.4 unescapes any quoted-pair; only \\ and \" are
 * unescaped here, as Python did, because browsers on Windows have sent
 * paths such as "C:\Users\x.txt" unescaped, and those backslashes must
 * survive.
 *
 * RFC 5987 ext-value (filename*=UTF-8''%e2%82%ac.txt) is decoded by
 * rfc5987_decode(); RFC 7578 §4.2 says senders must not use it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parse.h"

#define HEADER_PARAMS_MAX	32

/*
 * [*p, *end) without the whitespace around it: a CR or LF too, which
 * only a malformed part header leaves in a value.
 */
static void
trim(const char **p, const char **end)
{
	struct bytes	 b = { *p, (size_t)(*end - *p) };

	b = bytes_strip(b, " \t\r\n");
	*p = b.p;
	*end = b.p + b.len;
}

/* The end of the parameter that starts at p: a ';' outside quotes. */
static const char *
param_end(const char *p, const char *end)
{
	int	 quoted = 0;

	for (; p < end; p++) {
		if (quoted && *p == '\\' && p + 1 < end)
			p++;
		else if (*p == '"')
			quoted = !quoted;
		else if (*p == ';' && !quoted)
			break;
	}
	return p;
}

static void
unquote(struct buf *out, const char *p, const char *end)
{
	if (end - p >= 2 && p[0] == '"' && end[-1] == '"') {
		for (p++, end--; p < end; p++) {
			if (*p == '\\' && p + 1 < end &&
			    (p[1] == '\\' || p[1] == '"'))
				p++;
			buf_addc(out, *p);
		}
	} else
		buf_add(out, p, (size_t)(end - p));
}

static void
param_add(struct header *h, const char *name, const char *nend,
    const char *val, const char *vend)
{
	struct hparam	*hp = NULL;
	size_t		 i, len = (size_t)(nend - name);

	for (i = 0; i < h->n; i++)
		if (h->v[i].name.len == len &&
		    ascii_ieqn(h->v[i].name.p, name, len))
			hp = &h->v[i];
	if (hp == NULL) {
		/* No form needs more: a longer list would cost n^2. */
		if (h->n >= HEADER_PARAMS_MAX)
			return;
		h->v = xreallocarray(h->v, h->n + 1, sizeof(*h->v));
		hp = &h->v[h->n++];
		memset(hp, 0, sizeof(*hp));
		for (i = 0; i < len; i++)
			buf_addc(&hp->name, name[i] >= 'A' && name[i] <= 'Z' ?
			    (char)(name[i] - 'A' + 'a') : name[i]);
	} else
		hp->value.len = 0;	/* the last one wins */
	unquote(&hp->value, val, vend);
}

void
header_parse(struct header *h, const char *p, size_t len)
{
	const char	*end = p + len, *e, *s, *eq, *ne, *v, *ve;

	memset(h, 0, sizeof(*h));
	e = param_end(p, end);
	s = p;
	trim(&s, &e);
	buf_add(&h->value, s, (size_t)(e - s));
	for (p = param_end(p, end); p < end; p = e) {
		s = p + 1;
		e = param_end(s, end);
		if ((eq = memchr(s, '=', (size_t)(e - s))) == NULL)
			continue;
		ne = eq;
		trim(&s, &ne);
		v = eq + 1;
		ve = e;
		trim(&v, &ve);
		param_add(h, s, ne, v, ve);
	}
}

const struct buf *
header_get(const struct header *h, const char *name)
{
	size_t	 i, len = strlen(name);

	for (i = 0; i < h->n; i++)
		if (h->v[i].name.len == len &&
		    memcmp(h->v[i].name.p, name, len) == 0)
			return &h->v[i].value;
	return NULL;
}

/* The header's value, without parameters, is type (any case). */
int
header_is(const struct header *h, const char *type)
{
	size_t	 len = strlen(type);

	return h->value.len == len && ascii_ieqn(h->value.p, type, len);
}

void
header_free(struct header *h)
{
	size_t	 i;

	buf_free(&h->value);
	for (i = 0; i < h->n; i++) {
		buf_free(&h->v[i].name);
		buf_free(&h->v[i].value);
	}
	free(h->v);
	memset(h, 0, sizeof(*h));
}

/*
 * RFC 5987 §3.2.1: ext-value = charset "'" [ language ] "'" value-chars,
 * value-chars percent-encoded.  UTF-8 is kept as it is, ISO-8859-1 is
 * turned into UTF-8; another charset leaves the bytes as they are.
 * Returns 0 when the value is not of that form (out is then empty).
 */
int
rfc5987_decode(struct buf *out, const char *p, size_t len)
{
	const char	*end, *q1, *q2;
	int		 latin1, hi, lo;
	unsigned char	 c;

	out->len = 0;
	if (len == 0)
		return 0;
	end = p + len;
	if ((q1 = memchr(p, '\'', len)) == NULL ||
	    (q2 = memchr(q1 + 1, '\'', (size_t)(end - q1 - 1))) == NULL)
		return 0;
	latin1 = (q1 - p == 10 && ascii_ieqn(p, "iso-8859-1", 10));
	for (p = q2 + 1; p < end; p++) {
		c = (unsigned char)*p;
		if (c == '%' && end - p >= 3 && (hi = hex_value(p[1])) >= 0 &&
		    (lo = hex_value(p[2])) >= 0) {
			c = (unsigned char)(hi << 4 | lo);
			p += 2;
		}
		if (latin1 && c >= 0x80) {
			buf_addc(out, (char)(0xc0 | c >> 6));
			buf_addc(out, (char)(0x80 | (c & 0x3f)));
		} else
			buf_addc(out, (char)c);
	}
	return 1;
}
