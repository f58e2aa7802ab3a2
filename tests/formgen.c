/* cgidump: see LICENSE (ISC). */
/*
 * tests/formgen.c: the helper of the no-loss property test
 * (tests/property.bats) and of hostile.bats.
 *
 *	formgen form SEED DIR	write a random form request into DIR:
 *				env (the request's variables, each ended
 *				by a NUL), body (stdin), payload (body
 *				without chunk framing), ctype, expect.json
 *				(every field cgidump must give back) and
 *				fN, the contents of each file, for
 *				sha256sum
 *	formgen feed SEED FILE	copy FILE to stdout in random pieces, with
 *				random short pauses between some
 *	formgen exec [-0] PROG [ENTRY ...]
 *				run PROG with exactly these environment
 *				entries (an entry need not hold an '=',
 *				names may repeat) and argv { PROG }, or
 *				with -0 an empty argv
 *
 * A form is what a real client can send: names, values and filenames
 * of any valid UTF-8, and in a third of the forms invalid UTF-8 too
 * (which JSON shows as U+FFFD, one for each such byte: expect.json says
 * so), files of random bytes, 0 to 200 KiB;
 * urlencoded (RFC 3986 percent-encoding, or raw where the syntax
 * allows) or multipart/form-data (RFC 7578, RFC 2046 §5.1: a random
 * boundary, quoted strings with \\ and \" escapes, CRLF or bare LF line
 * ends, transport padding, preamble, epilogue, folded headers,
 * filename* of RFC 5987, nested multipart/mixed), sent with a
 * CONTENT_LENGTH, chunked and decoded, or in raw chunk framing (RFC 9112
 * §7.1).  The same seed gives the same bytes everywhere: splitmix64,
 * not rand(3).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FILE_MAX	(200 * 1024)
#define FIELDS_MAX	24
#define PAUSE_BUDGET_MS	50

struct bb {
	unsigned char	*p;
	size_t		 len, cap;
};

/* One field as cgidump must show it. */
struct fld {
	struct bb	 name, value, filename, ctype;
	int		 query;		/* from QUERY_STRING */
	int		 file, has_filename, has_ctype, nested, star;
	int		 fileno;
};

struct gen {
	uint64_t	 rng;
	struct fld	 f[FIELDS_MAX * 4];
	size_t		 nf;
	int		 nfiles;
	int		 crlf;		/* 2: CRLF, 1: bare LF, 0: either */
	int		 raw;		/* names and values may hold invalid UTF-8 */
	const char	*dir;
	char		 boundary[71], inner[71];
};

static uint64_t
rnd(struct gen *g)
{
	uint64_t	 z = (g->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static size_t
rn(struct gen *g, size_t n)
{
	return n == 0 ? 0 : (size_t)(rnd(g) % n);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL) {
		perror("formgen");
		exit(2);
	}
	return p;
}

static void
bb_add(struct bb *b, const void *p, size_t n)
{
	if (n == 0 && b->p != NULL)
		return;
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	if (n > 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
bb_c(struct bb *b, int c)
{
	unsigned char	 u = (unsigned char)c;

	bb_add(b, &u, 1);
}

static void
bb_s(struct bb *b, const char *s)
{
	bb_add(b, s, strlen(s));
}

static void
bb_free(struct bb *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* A code point as UTF-8 (RFC 3629). */
static void
bb_utf8(struct bb *b, uint32_t c)
{
	if (c < 0x80)
		bb_c(b, (int)c);
	else if (c < 0x800) {
		bb_c(b, (int)(0xc0 | c >> 6));
		bb_c(b, (int)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		bb_c(b, (int)(0xe0 | c >> 12));
		bb_c(b, (int)(0x80 | (c >> 6 & 0x3f)));
		bb_c(b, (int)(0x80 | (c & 0x3f)));
	} else {
		bb_c(b, (int)(0xf0 | c >> 18));
		bb_c(b, (int)(0x80 | (c >> 12 & 0x3f)));
		bb_c(b, (int)(0x80 | (c >> 6 & 0x3f)));
		bb_c(b, (int)(0x80 | (c & 0x3f)));
	}
}

/* A multipart quoted string holds no CR or LF (RFC 5322 §3.2.4). */
#define NO_CRLF		1

/*
 * A random code point: mostly ASCII, and the characters that attacks
 * and bugs are made of: controls, NUL, C1, bidi overrides, zero width,
 * BOM, noncharacters, tags, astral planes.
 */
static uint32_t
rand_cp(struct gen *g)
{
	static const uint32_t	 odd[] = {
		0x00, 0x09, 0x0a, 0x0d, 0x1b, 0x7f, 0x85, 0x9b, 0xa0, 0xad,
		0x202e, 0x202d, 0x2066, 0x200b, 0x200d, 0x2028, 0x2060,
		0xfeff, 0xfffd, 0xfffe, 0xffff, 0xe0041, 0x1f600, 0x10ffff,
		0xd7ff, 0xe000
	};
	static const char	 punct[] = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
	size_t			 r = rn(g, 100);
	uint32_t		 c;

	if (r < 45)
		return (uint32_t)"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[rn(g, 62)];
	if (r < 65)
		return (uint32_t)(unsigned char)punct[rn(g, sizeof(punct) - 1)];
	if (r < 72)
		return (uint32_t)rn(g, 0x20);
	if (r < 80)
		return odd[rn(g, sizeof(odd) / sizeof(odd[0]))];
	if (r < 88)
		return 0x80 + (uint32_t)rn(g, 0x800 - 0x80);
	if (r < 96) {
		do
			c = 0x800 + (uint32_t)rn(g, 0x10000 - 0x800);
		while (c >= 0xd800 && c <= 0xdfff);
		return c;
	}
	return 0x10000 + (uint32_t)rn(g, 0x110000 - 0x10000);
}

/* Random valid UTF-8 of up to max characters. */
static void
rand_text(struct gen *g, struct bb *b, size_t max, int flags)
{
	static const char *const frag[] = {
		"--", "\r\n", "\r\n--", "\n--", "&", "=", "%", "%2", "%zz",
		"%25", "+", "\"", "\\", "\\\"", "<script>", "\x1b[31m",
		"; name=\"x\"", "\r\n\r\n", "Content-Disposition: form-data"
	};
	/* RFC 3629 §3, §4: lone, overlong, surrogate, too high, cut short */
	static const char *const bad[] = {
		"\x80", "\xbf", "\xff", "\xfe", "\xc0\x80", "\xc1\xbf",
		"\xe0\x80\xaf", "\xed\xa0\x80", "\xed\xbf\xbf",
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf0\x9f\x98", "\xc3",
		"\xe2\x82", "\xf8\x88\x80\x80\x80"
	};
	size_t		 n = rn(g, max + 1), i;
	const char	*s;
	uint32_t	 c;

	for (i = 0; i < n; i++) {
		if (g->raw && rn(g, 10) == 0) {
			s = bad[rn(g, sizeof(bad) / sizeof(bad[0]))];
			bb_s(b, s);
			continue;
		}
		if (rn(g, 12) == 0) {
			s = frag[rn(g, sizeof(frag) / sizeof(frag[0]))];
			if ((flags & NO_CRLF) && strpbrk(s, "\r\n") != NULL)
				continue;
			bb_s(b, s);
			continue;
		}
		c = rand_cp(g);
		if ((flags & NO_CRLF) && (c == '\r' || c == '\n'))
			continue;
		bb_utf8(b, c);
	}
}

/*
 * RFC 2046 §5.1.1: a boundary must not appear in what it encloses.
 * Break every "--boundary" in b (and in the inner boundary's, if any).
 */
static void
unbound(struct gen *g, struct bb *b)
{
	char		 d[80];
	const char	*bs[2];
	size_t		 k, i, n;

	bs[0] = g->boundary;
	bs[1] = g->inner;
	for (k = 0; k < 2; k++) {
		if (bs[k][0] == '\0')
			continue;
		n = (size_t)snprintf(d, sizeof(d), "--%s", bs[k]);
		for (i = 0; n <= b->len && i <= b->len - n; i++)
			if (memcmp(b->p + i, d, n) == 0)
				b->p[i] = '_';
	}
}

static void
rand_bytes(struct gen *g, struct bb *b, size_t n)
{
	uint64_t	 v = 0;
	size_t		 i;
	int		 mode = (int)rn(g, 4);

	for (i = 0; i < n; i++) {
		if (i % 8 == 0)
			v = rnd(g);
		/* Some files are all CR, LF and '-', a delimiter's bytes. */
		if (mode == 0)
			bb_c(b, "\r\n--\r-\n"[v & 7]);
		else
			bb_c(b, (int)(v & 0xff));
		v >>= 8;
	}
}

/* The line end the body uses here. */
static const char *
eol(struct gen *g)
{
	if (g->crlf == 2)
		return "\r\n";
	if (g->crlf == 1)
		return "\n";
	return rn(g, 2) ? "\r\n" : "\n";
}

static struct fld *
fld_new(struct gen *g)
{
	struct fld	*f;

	if (g->nf == sizeof(g->f) / sizeof(g->f[0])) {
		fprintf(stderr, "formgen: too many fields\n");
		exit(2);
	}
	f = &g->f[g->nf++];
	memset(f, 0, sizeof(*f));
	return f;
}

/*
 * Percent-encode s for a urlencoded form (WHATWG URL §5): what the
 * syntax needs always, anything else at random; a space as + or %20.
 */
static void
urlenc(struct gen *g, struct bb *out, const struct bb *s, int in_name,
    int query, int first)
{
	size_t		 i;
	unsigned char	 c;
	char		 hex[4];

	for (i = 0; i < s->len; i++) {
		c = s->p[i];
		if (c == ' ' && rn(g, 2))
			bb_c(out, '+');
		else if (c == '&' || c == '+' || c == '%' || c == ' ' ||
		    (c == '=' && in_name) || (c == '\0' && query) ||
		    (first && i == 0) || rn(g, 3) == 0) {
			snprintf(hex, sizeof(hex), rn(g, 2) ? "%%%02X" : "%%%02x",
			    c);
			bb_s(out, hex);
		} else
			bb_c(out, c);
	}
}

/*
 * n fields as name=value&..., into q; query says which they are.  The
 * first byte is escaped when it is a hex digit: a body without a length
 * that starts with one may be taken for chunk framing (body.c).
 */
static void
gen_urlencoded(struct gen *g, struct bb *q, size_t n, int query)
{
	struct fld	*f;
	size_t		 i;

	for (i = 0; i < n; i++) {
		f = fld_new(g);
		f->query = query;
		rand_text(g, &f->name, 12, 0);
		rand_text(g, &f->value, rn(g, 8) ? 40 : 2000, 0);
		if (q->len > 0 || rn(g, 8) == 0)
			bb_s(q, rn(g, 6) ? "&" : "&&");
		urlenc(g, q, &f->name, 1, query, q->len == 0);
		/* "a" alone is a = "" (an empty segment would be no field). */
		if (f->value.len > 0 || f->name.len == 0 || rn(g, 2)) {
			bb_c(q, '=');
			urlenc(g, q, &f->value, 0, query, 0);
		}
	}
	if (rn(g, 8) == 0)
		bb_c(q, '&');
}

/* RFC 2045 quoted-string: "\" and "\"" escaped, the rest as it is. */
static void
quoted(struct bb *out, const struct bb *s)
{
	size_t	 i;

	bb_c(out, '"');
	for (i = 0; i < s->len; i++) {
		if (s->p[i] == '"' || s->p[i] == '\\')
			bb_c(out, '\\');
		bb_c(out, s->p[i]);
	}
	bb_c(out, '"');
}

/* RFC 9110 §5.6.2 token: may the value go unquoted? */
static int
is_token(const struct bb *s)
{
	size_t	 i;

	if (s->len == 0)
		return 0;
	for (i = 0; i < s->len; i++)
		if (s->p[i] == '\0' || s->p[i] >= 0x80 ||
		    strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&'*+-.^_`|~",
		    s->p[i]) == NULL)
			return 0;
	return 1;
}

/* A parameter: "; name=value", spacing and case at random. */
static void
param(struct gen *g, struct bb *h, const char *name, const struct bb *v)
{
	static const char *const sep[] = { "; ", ";", " ; ", ";  " };
	size_t	 i;

	bb_s(h, sep[rn(g, 4)]);
	for (i = 0; name[i] != '\0'; i++)
		bb_c(h, rn(g, 6) == 0 && name[i] >= 'a' && name[i] <= 'z' ?
		    name[i] - 'a' + 'A' : name[i]);
	bb_c(h, '=');
	if (is_token(v) && rn(g, 2))
		bb_add(h, v->p, v->len);
	else
		quoted(h, v);
}

/* RFC 5987 ext-value: every byte but letters and digits %-encoded. */
static void
param_star(struct gen *g, struct bb *h, const struct bb *v)
{
	size_t	 i;
	char	 hex[4];

	bb_s(h, "; filename*=");
	bb_s(h, rn(g, 2) ? "UTF-8''" : "utf-8'en'");
	for (i = 0; i < v->len; i++) {
		if ((v->p[i] >= 'a' && v->p[i] <= 'z') ||
		    (v->p[i] >= '0' && v->p[i] <= '9'))
			bb_c(h, v->p[i]);
		else {
			snprintf(hex, sizeof(hex), "%%%02X", v->p[i]);
			bb_s(h, hex);
		}
	}
}

/* A header name in a random case (RFC 7578 §4.8: case-insensitive). */
static void
hname(struct gen *g, struct bb *h, const char *name)
{
	size_t	 i;
	int	 mode = (int)rn(g, 4);

	for (i = 0; name[i] != '\0'; i++) {
		if (mode == 1 && name[i] >= 'A' && name[i] <= 'Z')
			bb_c(h, name[i] - 'A' + 'a');
		else if (mode == 2 && name[i] >= 'a' && name[i] <= 'z')
			bb_c(h, name[i] - 'a' + 'A');
		else
			bb_c(h, name[i]);
	}
}

/*
 * Content-Type of a file part: cgidump keeps its whole value,
 * parameters too, without the whitespace around it.
 */
static void
file_type(struct gen *g, struct fld *f, struct bb *h)
{
	static const char *const types[][2] = {
		{ "text/plain", "" }, { "application/octet-stream", "" },
		{ "image/png", "" }, { "text/plain", "; charset=utf-8" },
		{ "application/x-foo", "; name=\"a;b\"; q=1" },
		{ "TEXT/HTML", ";charset=\"x\"" }, { "x-weird/x-type", " ;" }
	};
	size_t	 t = rn(g, sizeof(types) / sizeof(types[0]));

	if (rn(g, 3) == 0)
		return;
	f->has_ctype = 1;
	bb_s(&f->ctype, types[t][0]);
	bb_s(&f->ctype, types[t][1]);
	hname(g, h, "Content-Type");
	bb_s(h, rn(g, 4) ? ": " : ":  ");
	bb_s(h, types[t][0]);
	bb_s(h, types[t][1]);
	bb_s(h, eol(g));
}

/* Noise a part may carry: headers cgidump must ignore. */
static void
extra_headers(struct gen *g, struct bb *h)
{
	if (rn(g, 4) == 0) {
		hname(g, h, "Content-Transfer-Encoding");
		bb_s(h, ": binary");
		bb_s(h, eol(g));
	}
	if (rn(g, 6) == 0) {
		bb_s(h, "X-Junk: ");
		bb_s(h, rn(g, 2) ? "name=\"decoy\"" : "--");
		bb_s(h, eol(g));
	}
}

/* Write the file's bytes to DIR/fN, for sha256sum. */
static void
file_out(struct gen *g, struct fld *f, const struct bb *data)
{
	char	 path[4096];
	FILE	*fp;

	f->fileno = g->nfiles++;
	snprintf(path, sizeof(path), "%s/f%d", g->dir, f->fileno);
	if ((fp = fopen(path, "wb")) == NULL ||
	    fwrite(data->p == NULL ? (const unsigned char *)"" : data->p, 1,
	    data->len, fp) != data->len || fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
}

static size_t
file_size(struct gen *g)
{
	size_t	 r = rn(g, 10);

	if (r < 2)
		return rn(g, 3);
	if (r < 8)
		return rn(g, 4096);
	return rn(g, FILE_MAX + 1);
}

/* The part's data, and its line end into the next delimiter. */
static void
part_data(struct gen *g, struct bb *b, struct bb *data)
{
	unbound(g, data);
	/* a bare LF before a delimiter: a CR before it would be taken too */
	if (g->crlf != 2 && data->len > 0 && data->p[data->len - 1] == '\r')
		data->p[data->len - 1] = 'r';
	bb_add(b, data->p, data->len);
}

static void
delim(struct gen *g, struct bb *b, const char *bound, int close)
{
	static const char *const pad[] = { "", "", "", " ", "\t", "  \t " };

	bb_s(b, eol(g));
	bb_s(b, "--");
	bb_s(b, bound);
	if (close)
		bb_s(b, "--");
	bb_s(b, pad[rn(g, sizeof(pad) / sizeof(pad[0]))]);
	if (!close || rn(g, 4))
		bb_s(b, eol(g));
}

/* Preamble or epilogue: text that no parser may take for a part. */
static void
filler(struct gen *g, struct bb *b)
{
	struct bb	 t = { NULL, 0, 0 };

	if (rn(g, 2))
		return;
	bb_s(&t, "This is the preamble or epilogue");
	rand_text(g, &t, 60, 0);
	unbound(g, &t);
	bb_add(b, t.p, t.len);
	bb_free(&t);
}

static void
rand_boundary(struct gen *g, char *out)
{
	static const char	 bchars[] = "0123456789abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";
	size_t			 n = rn(g, 4) ? 10 + rn(g, 30) : 1 + rn(g, 70), i;

	for (i = 0; i < n; i++)
		out[i] = bchars[rn(g, sizeof(bchars) - 1)];
	/* RFC 2046 §5.1.1: bcharsnospace last */
	if (out[n - 1] == ' ')
		out[n - 1] = 'z';
	out[n] = '\0';
}

/* A nested multipart/mixed part: files under one name (RFC 2388 §4.2). */
static void
gen_nested(struct gen *g, struct bb *b, const struct bb *name)
{
	struct bb	 h = { NULL, 0, 0 }, data = { NULL, 0, 0 }, bs;
	struct fld	*f;
	size_t		 n = 1 + rn(g, 3), i;

	do
		rand_boundary(g, g->inner);
	while (strstr(g->inner, g->boundary) != NULL ||
	    strstr(g->boundary, g->inner) != NULL);
	hname(g, &h, "Content-Type");
	bs.p = (unsigned char *)g->inner;
	bs.len = strlen(g->inner);
	bb_s(&h, ": multipart/mixed");
	param(g, &h, "boundary", &bs);
	bb_s(&h, eol(g));
	bb_add(b, h.p, h.len);
	bb_s(b, eol(g));
	filler(g, b);
	for (i = 0; i < n; i++) {
		f = fld_new(g);
		f->file = f->nested = 1;
		bb_add(&f->name, name->p, name->len);
		delim(g, b, g->inner, 0);
		h.len = 0;
		if (rn(g, 4)) {
			f->has_filename = 1;
			rand_text(g, &f->filename, 16, NO_CRLF);
			hname(g, &h, "Content-Disposition");
			bb_s(&h, rn(g, 2) ? ": file" : ": attachment");
			param(g, &h, "filename", &f->filename);
			bb_s(&h, eol(g));
		}
		file_type(g, f, &h);
		bb_add(b, h.p, h.len);
		bb_s(b, eol(g));
		data.len = 0;
		rand_bytes(g, &data, file_size(g) / 4);
		part_data(g, b, &data);
		file_out(g, f, &data);
	}
	delim(g, b, g->inner, 1);
	filler(g, b);
	g->inner[0] = '\0';
	bb_free(&h);
	bb_free(&data);
}

/* One part of the outer body, after its delimiter. */
static void
gen_part(struct gen *g, struct bb *b)
{
	struct bb	 h = { NULL, 0, 0 }, data = { NULL, 0, 0 }, fb,
			 name = { NULL, 0, 0 };
	struct fld	*f;
	size_t		 kind = rn(g, 10);
	int		 name_first = (int)rn(g, 2);

	f = fld_new(g);
	rand_text(g, &f->name, 12, NO_CRLF);
	hname(g, &h, "Content-Disposition");
	bb_s(&h, rn(g, 5) ? ": form-data" : ":form-data ");
	if (kind >= 4 || name_first)
		param(g, &h, "name", &f->name);
	if (kind < 4) {
		f->file = f->has_filename = 1;
		rand_text(g, &f->filename, 24, NO_CRLF);
		param(g, &h, "filename", &f->filename);
		if (rn(g, 6) == 0) {
			/* RFC 5987 wins over the plain one */
			f->star = 1;
			param_star(g, &h, &f->filename);
			fb.p = (unsigned char *)"fallback.txt";
			fb.len = 12;
			param(g, &h, "filename", &fb);
		}
		if (!name_first)
			param(g, &h, "name", &f->name);
	}
	/* RFC 5322 §2.2.3 folding, between parameters */
	if (rn(g, 6) == 0) {
		bb_s(&h, eol(g));
		bb_s(&h, rn(g, 2) ? " " : "\t");
		bb_s(&h, "; x-folded=1");
	}
	bb_s(&h, eol(g));
	if (kind == 9) {
		/* nested: the field is its files */
		bb_add(&name, f->name.p, f->name.len);
		bb_free(&f->name);
		g->nf--;
		bb_add(b, h.p, h.len);
		gen_nested(g, b, &name);
		bb_free(&name);
		bb_free(&h);
		return;
	}
	if (f->file)
		file_type(g, f, &h);
	else if (rn(g, 4) == 0) {
		hname(g, &h, "Content-Type");
		bb_s(&h, ": text/plain; charset=UTF-8");
		bb_s(&h, eol(g));
	}
	extra_headers(g, &h);
	if (rn(g, 8) == 0) {
		/* only the first Content-Disposition counts */
		hname(g, &h, "Content-Disposition");
		bb_s(&h, ": form-data; name=\"decoy\"");
		bb_s(&h, eol(g));
	}
	bb_add(b, h.p, h.len);
	bb_s(b, eol(g));
	if (f->file) {
		rand_bytes(g, &data, file_size(g));
		part_data(g, b, &data);
		file_out(g, f, &data);
	} else {
		rand_text(g, &data, rn(g, 8) ? 60 : 3000, 0);
		part_data(g, b, &data);
		bb_add(&f->value, data.p, data.len);
	}
	bb_free(&h);
	bb_free(&data);
}

static void
gen_multipart(struct gen *g, struct bb *b, struct bb *ct)
{
	struct bb	 bs;
	/*
	 * At least one part: a close delimiter before any part is what
	 * issue 10's bug 3 is about, and has its own test.
	 */
	size_t		 n = 1 + rn(g, 11), i;

	rand_boundary(g, g->boundary);
	g->crlf = rn(g, 6) ? 2 : (int)rn(g, 2);
	bs.p = (unsigned char *)g->boundary;
	bs.len = strlen(g->boundary);
	bb_s(ct, rn(g, 4) ? "multipart/form-data" : "Multipart/Form-Data");
	param(g, ct, "boundary", &bs);
	/* No hex digit first: a body without a length may be taken for framing. */
	filler(g, b);
	for (i = 0; i < n; i++) {
		if (i == 0 && b->len == 0) {
			bb_s(b, "--");
			bb_s(b, g->boundary);
			bb_s(b, eol(g));
		} else
			delim(g, b, g->boundary, 0);
		gen_part(g, b);
	}
	delim(g, b, g->boundary, 1);
	filler(g, b);
}

/* RFC 9112 §7.1: the body in chunks of random sizes, extensions, trailer. */
static void
frame(struct gen *g, const struct bb *in, struct bb *out)
{
	size_t	 at = 0, n;
	char	 line[64];
	int	 lf = rn(g, 4) == 0;

	while (at < in->len) {
		n = 1 + rn(g, rn(g, 2) ? 16 : 8192);
		if (n > in->len - at)
			n = in->len - at;
		snprintf(line, sizeof(line), rn(g, 2) ? "%s%zx" : "%s%zX",
		    rn(g, 4) ? "" : "000", n);
		bb_s(out, line);
		if (rn(g, 4) == 0)
			bb_s(out, rn(g, 2) ? ";ext=1" : "; a=\"b\"");
		bb_s(out, lf ? "\n" : "\r\n");
		bb_add(out, in->p + at, n);
		bb_s(out, lf ? "\n" : "\r\n");
		at += n;
	}
	bb_s(out, "0");
	bb_s(out, lf ? "\n" : "\r\n");
	if (rn(g, 3) == 0) {
		bb_s(out, "X-Trailer: yes");
		bb_s(out, lf ? "\n" : "\r\n");
	}
	bb_s(out, lf ? "\n" : "\r\n");
}

static void
write_file(const char *dir, const char *name, const void *p, size_t n)
{
	char	 path[4096];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "wb")) == NULL || fwrite(p, 1, n, fp) != n ||
	    fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
}

/*
 * The length of the well-formed UTF-8 sequence at p (RFC 3629 §4: no
 * overlong form, no surrogate, nothing past U+10FFFF), 0 if none.
 */
static size_t
utf8_len(const unsigned char *p, size_t len)
{
	uint32_t	 c;
	size_t		 n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (len < n)
		return 0;
	c = p[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return n;
}

/*
 * A JSON string (RFC 8259 §7) as cgidump must show the bytes: each
 * byte that does not start a well-formed UTF-8 sequence as U+FFFD
 * (RFC 8259 §8.1; DESIGN.md "Parsing semantics").
 */
static void
json_str(FILE *fp, const struct bb *s)
{
	size_t	 i, n;

	putc('"', fp);
	for (i = 0; i < s->len; i += n) {
		if ((n = utf8_len(s->p + i, s->len - i)) == 0) {
			fputs("\\ufffd", fp);
			n = 1;
		} else if (s->p[i] == '"' || s->p[i] == '\\')
			fprintf(fp, "\\%c", s->p[i]);
		else if (s->p[i] < 0x20)
			fprintf(fp, "\\u%04x", s->p[i]);
		else
			fwrite(s->p + i, 1, n, fp);
	}
	putc('"', fp);
}

static void
expect_out(struct gen *g)
{
	char		 path[4096];
	FILE		*fp;
	size_t		 i;
	struct fld	*f;
	long		 size;
	FILE		*ff;

	snprintf(path, sizeof(path), "%s/expect.json", g->dir);
	if ((fp = fopen(path, "w")) == NULL) {
		perror(path);
		exit(2);
	}
	fputs("[", fp);
	for (i = 0; i < g->nf; i++) {
		f = &g->f[i];
		fputs(i ? ",\n{\"name\":" : "\n{\"name\":", fp);
		json_str(fp, &f->name);
		fprintf(fp, ",\"source\":\"%s\"", f->query ? "query" : "body");
		if (!f->file) {
			fputs(",\"value\":", fp);
			json_str(fp, &f->value);
			fputs("}", fp);
			continue;
		}
		fputs(",\"filename\":", fp);
		if (f->has_filename)
			json_str(fp, &f->filename);
		else
			fputs("null", fp);
		fputs(",\"content_type\":", fp);
		if (f->has_ctype)
			json_str(fp, &f->ctype);
		else
			fputs("null", fp);
		snprintf(path, sizeof(path), "%s/f%d", g->dir, f->fileno);
		if ((ff = fopen(path, "rb")) == NULL || fseek(ff, 0, SEEK_END) != 0 ||
		    (size = ftell(ff)) < 0) {
			perror(path);
			exit(2);
		}
		fclose(ff);
		fprintf(fp, ",\"size\":%ld,\"sha256_of\":\"f%d\","
		    "\"nested\":%s,\"star\":%s}", size, f->fileno,
		    f->nested ? "true" : "false", f->star ? "true" : "false");
	}
	fputs("\n]\n", fp);
	if (fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
}

/* What was made, for the test that the forms vary as they should. */
static void
kind_out(struct gen *g, const char *type, const char *delivery,
    size_t bytes)
{
	char	 line[256];
	int	 n;

	n = snprintf(line, sizeof(line), "{\"type\":\"%s\",\"delivery\":"
	    "\"%s\",\"eol\":\"%s\",\"raw\":%s,\"body_bytes\":%zu}\n", type,
	    delivery, g->crlf == 2 ? "crlf" : g->crlf == 1 ? "lf" : "mixed",
	    g->raw ? "true" : "false", bytes);
	write_file(g->dir, "kind", line, (size_t)n);
}

static void
env_add(struct bb *env, const char *name, const struct bb *v)
{
	bb_s(env, name);
	bb_c(env, '=');
	if (v != NULL)
		bb_add(env, v->p, v->len);
	bb_c(env, '\0');
}

static int
cmd_form(uint64_t seed, const char *dir)
{
	static struct gen	 g;
	struct bb		 env = { NULL, 0, 0 }, q = { NULL, 0, 0 },
				 body = { NULL, 0, 0 }, ct = { NULL, 0, 0 },
				 framed = { NULL, 0, 0 }, len = { NULL, 0, 0 };
	size_t			 kind, how, i;
	char			 num[32];

	memset(&g, 0, sizeof(g));
	g.rng = seed * 0x2545f4914f6cdd1dULL + 1;
	g.dir = dir;
	g.crlf = 2;
	g.raw = rn(&g, 3) == 0;
	kind = rn(&g, 10);
	how = rn(&g, 8);
	/* The query first: JSON lists it first. */
	if (kind < 2 || rn(&g, 3) == 0)
		gen_urlencoded(&g, &q, rn(&g, 12), 1);
	env_add(&env, "QUERY_STRING", &q);
	if (kind < 2) {
		bb_s(&env, "REQUEST_METHOD=GET");
		bb_c(&env, '\0');
	} else {
		bb_s(&env, "REQUEST_METHOD=POST");
		bb_c(&env, '\0');
		if (kind < 5) {
			bb_s(&ct, rn(&g, 4) ? "application/x-www-form-urlencoded" :
			    "Application/X-WWW-Form-URLEncoded; charset=UTF-8");
			gen_urlencoded(&g, &body, rn(&g, FIELDS_MAX), 0);
		} else
			gen_multipart(&g, &body, &ct);
		env_add(&env, "CONTENT_TYPE", &ct);
		if (how < 6) {
			snprintf(num, sizeof(num), "%zu", body.len);
			bb_s(&len, num);
			env_add(&env, "CONTENT_LENGTH", &len);
			bb_add(&framed, body.p, body.len);
		} else {
			bb_s(&env, "HTTP_TRANSFER_ENCODING=chunked");
			bb_c(&env, '\0');
			if (how == 7)
				frame(&g, &body, &framed);
			else
				bb_add(&framed, body.p, body.len);
		}
	}
	write_file(dir, "env", env.p, env.len);
	write_file(dir, "body", framed.p == NULL ? "" : (char *)framed.p,
	    framed.len);
	write_file(dir, "payload", body.p == NULL ? "" : (char *)body.p,
	    body.len);
	write_file(dir, "ctype", ct.p == NULL ? "" : (char *)ct.p, ct.len);
	kind_out(&g, kind < 2 ? "none" : kind < 5 ? "urlencoded" : "multipart",
	    kind < 2 ? "none" : how < 6 ? "length" : how == 7 ? "framed" :
	    "chunked", framed.len);
	expect_out(&g);
	for (i = 0; i < g.nf; i++) {
		bb_free(&g.f[i].name);
		bb_free(&g.f[i].value);
		bb_free(&g.f[i].filename);
		bb_free(&g.f[i].ctype);
	}
	bb_free(&env);
	bb_free(&q);
	bb_free(&body);
	bb_free(&ct);
	bb_free(&framed);
	bb_free(&len);
	return 0;
}

static void
pause_ms(long ms)
{
	struct timespec	 ts = { ms / 1000, ms % 1000 * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		continue;
}

static int
write_all(const unsigned char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(STDOUT_FILENO, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Pieces of 1 to 16 bytes, up to 4 KiB and up to 64 KiB, and runs of
 * single bytes; now and then a pause of a few milliseconds.  The first
 * piece holds at least 80 bytes, so that a chunk-size line arrives in
 * one read (see hostile.bats for what happens otherwise).
 */
static int
cmd_feed(uint64_t seed, const char *path)
{
	struct gen	 g;
	FILE		*fp;
	struct bb	 b = { NULL, 0, 0 };
	unsigned char	 buf[65536];
	size_t		 n, at = 0, r, k;
	long		 budget = PAUSE_BUDGET_MS, ms;

	g.rng = seed ^ 0x5deece66dULL;
	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		return 2;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		bb_add(&b, buf, n);
	fclose(fp);
	while (at < b.len) {
		r = rn(&g, 10);
		n = r < 3 ? 1 + rn(&g, 16) : r < 7 ? 1 + rn(&g, 4096) :
		    r < 9 ? 1 + rn(&g, 65536) : 0;
		if (at == 0 && n < 80)
			n = 80;
		if (n == 0) {
			for (k = 1 + rn(&g, 64); k > 0 && at < b.len; k--, at++)
				if (write_all(b.p + at, 1) == -1)
					return 1;
			continue;
		}
		if (n > b.len - at)
			n = b.len - at;
		if (write_all(b.p + at, n) == -1)
			return 1;
		at += n;
		if (budget > 0 && rn(&g, 10) == 0) {
			ms = 1 + (long)rn(&g, 20);
			pause_ms(ms);
			budget -= ms;
		}
	}
	bb_free(&b);
	return 0;
}

static int
cmd_exec(int argc, char *argv[])
{
	char	*noargs[] = { NULL }, *args[2];
	int	 empty = 0;

	if (argc > 0 && strcmp(argv[0], "-0") == 0) {
		empty = 1;
		argc--;
		argv++;
	}
	if (argc < 1)
		return 2;
	args[0] = argv[0];
	args[1] = NULL;
	execve(argv[0], empty ? noargs : args, argv + 1);
	perror(argv[0]);
	return 127;
}

int
main(int argc, char *argv[])
{
	if (argc >= 2 && strcmp(argv[1], "exec") == 0)
		return cmd_exec(argc - 2, argv + 2);
	if (argc == 4 && strcmp(argv[1], "form") == 0)
		return cmd_form(strtoull(argv[2], NULL, 10), argv[3]);
	if (argc == 4 && strcmp(argv[1], "feed") == 0)
		return cmd_feed(strtoull(argv[2], NULL, 10), argv[3]);
	fprintf(stderr, "usage: formgen form SEED DIR | feed SEED FILE | "
	    "exec [-0] PROG [ENTRY ...]\n");
	return 2;
}
