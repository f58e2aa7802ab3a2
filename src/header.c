/* cgidump: see LICENSE (ISC). */
/*
 * header.c: a header value with parameters, as Content-Type and
 * Content-Disposition carry them, parsed as Python's cgi.parse_header()
 * did (DESIGN.md "Parsing semantics"), with RFC 2045 §5.1's token rule
 * where Python counts quotes:
 *
 *	header = value *( ";" param )
 *	param  = name [ "=" ( token / quoted-string ) ]
 *
 * A ";" inside a quoted string does not separate.  Names are
 * case-insensitive (kept in lower case), the last of a repeated name
 * wins, values are trimmed, and a quoted value loses its quotes.  At
 * most HEADER_PARAMS_MAX names are kept, besides name, filename,
 * filename* and boundary; the rest are counted.
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

/* Space, tab, CR or LF: what trim() takes off. */
static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * A quoted string starting at the '"' at p: where it ends, past its
 * closing quote, or NULL when it runs to the end unclosed.
 */
static const char *
quoted_end(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\' && p + 1 < end)
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
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

/* The parameters a form cannot do without, kept past the cap. */
static int
param_needed(const char *name, size_t len)
{
	static const char *const needed[] = {
		"name", "filename", "filename*", "boundary", NULL
	};
	size_t	 i;

	for (i = 0; needed[i] != NULL; i++)
		if (strlen(needed[i]) == len && ascii_ieqn(name, needed[i], len))
			return 1;
	return 0;
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
		/*
		 * No form needs more, and a longer list would cost n^2;
		 * the four a form is read by are kept whatever comes first.
		 */
		if (h->n >= HEADER_PARAMS_MAX && !param_needed(name, len)) {
			h->ignored++;
			return;
		}
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

/* A value that is neither a token nor a quoted string: the first named. */
static void
param_odd(struct header *h, const char *name, const char *nend)
{
	if (h->odd++ == 0)
		buf_add(&h->odd_name, name, (size_t)(nend - name));
}

/*
 * One parameter, from p (past its ';') to end: its name, then "=" and
 * a value (RFC 7578 §4.2 and RFC 2045 §5.1):
 *
 *	value = token / quoted-string
 *
 * A quoted string is one only when it starts the value, and runs to its
 * closing quote, ';' and all; a token runs to the next ';'.  A '"' in a
 * token, bytes after a quoted string (kept, quotes and all, as Python
 * keeps them), or a quoted string never closed are odd: parsers that
 * count quotes across the header split it elsewhere (to some,
 * name=a"b; filename="x" is one value), so they are read by these
 * rules and noted.  A parameter without "=" is skipped, as Python's
 * cgi.parse_header() does.  Returns where the parameter ends: at its
 * ';' or the end.
 */
static const char *
param_parse(struct header *h, const char *p, const char *end)
{
	const char	*s = p, *ne, *v, *ve, *e;
	int		 odd = 0;

	while (p < end && *p != '=' && *p != ';')
		p++;
	if (p == end || *p == ';')
		return p;
	ne = p;
	trim(&s, &ne);
	for (v = p + 1; v < end && is_blank(*v); v++)
		continue;
	if (v < end && *v == '"') {
		if ((e = quoted_end(v, end)) == NULL) {
			e = end;
			odd = 1;
		}
		for (; e < end && *e != ';'; e++)
			if (!is_blank(*e))
				odd = 1;
	} else {
		for (e = v; e < end && *e != ';'; e++)
			if (*e == '"')
				odd = 1;
	}
	ve = e;
	trim(&v, &ve);
	param_add(h, s, ne, v, ve);
	if (odd)
		param_odd(h, s, ne);
	return e;
}

void
header_parse(struct header *h, const char *p, size_t len)
{
	const char	*end = p + len, *e, *s;

	memset(h, 0, sizeof(*h));
	for (e = p; e < end && *e != ';'; e++)
		continue;
	s = p;
	p = e;
	trim(&s, &e);
	buf_add(&h->value, s, (size_t)(e - s));
	while (p < end)
		p = param_parse(h, p + 1, end);
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
	buf_free(&h->odd_name);
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
