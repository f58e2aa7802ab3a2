/* cgidump: see LICENSE (ISC). */
/*
 * tests/fuzz/accept.c: libFuzzer harness for the choice of format from
 * the Accept header (cgi_format, and accept_pick under it) and of the
 * endpoint from PATH_INFO (cgi_endpoint).
 *
 * The input as HTTP_ACCEPT, with no PATH_INFO, must give one of the
 * three formats.  RFC 9110 §12.5.1: a type that no range matches is not
 * acceptable, and q=0 means not acceptable, so the range of any type
 * with q=0, added after the others or before them (their order means
 * nothing), rules out only what was out already: the choice must stay
 * the same.  (Where equally specific ranges repeat, the code keeps the
 * highest weight, so the added one never lowers another's.)  A format
 * named by PATH_INFO wins over any Accept.
 *
 * The input as PATH_INFO must give the endpoint its last segment names
 * (case-blind, one trailing '/' dropped), else 404 for a segment at
 * most one edit from a name (a byte inserted, deleted or changed, or
 * two adjacent ones swapped: an optimal string alignment distance of
 * 1, found here by its own table), else the dump; and, without Accept,
 * the format it names, else HTML.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cgi.h"

#define ANY_Q0	"*/*;q=0"

static const struct {
	const char	*name;
	enum endpoint	 ep;
} endpoints[] = {
	{ "check", EP_CHECK }, { "stream", EP_STREAM },
	{ "stderr", EP_STDERR }, { "replay", EP_REPLAY }
};

static const struct {
	const char	*name;
	enum format	 fmt;
} formats[] = {
	{ "html", FMT_HTML }, { "json", FMT_JSON }, { "text", FMT_TEXT }
};

static enum format
format_of(const char *p, size_t len)
{
	struct bytes	 none = { NULL, 0 }, accept = { p, len };
	enum format	 fmt = cgi_format(none, accept);

	if (fmt != FMT_HTML && fmt != FMT_TEXT && fmt != FMT_JSON)
		abort();
	return fmt;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
same(struct bytes seg, const char *name)
{
	size_t	 i;

	if (seg.len != strlen(name))
		return 0;
	for (i = 0; i < seg.len; i++)
		if (lower((unsigned char)seg.p[i]) != name[i])
			return 0;
	return 1;
}

/* Optimal string alignment distance of seg and name is at most 1. */
static int
near(struct bytes seg, const char *name)
{
	size_t	 n = strlen(name), i, j, d[9][9], c, v;

	if (seg.len > n + 1 || seg.len + 1 < n || seg.len > 8 || n > 8)
		return 0;
	for (i = 0; i <= seg.len; i++)
		d[i][0] = i;
	for (j = 0; j <= n; j++)
		d[0][j] = j;
	for (i = 1; i <= seg.len; i++)
		for (j = 1; j <= n; j++) {
			c = lower((unsigned char)seg.p[i - 1]) != name[j - 1];
			v = d[i - 1][j - 1] + c;
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && c &&
			    lower((unsigned char)seg.p[i - 1]) == name[j - 2] &&
			    lower((unsigned char)seg.p[i - 2]) == name[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[seg.len][n] <= 1;
}

/*
 * What follows the last '/', one trailing '/' aside, found here again,
 * not with last_segment.
 */
static struct bytes
segment(const char *p, size_t len)
{
	struct bytes	 seg;
	size_t		 i;

	if (len > 0 && p[len - 1] == '/')
		len--;
	for (i = len; i > 0 && p[i - 1] != '/'; i--)
		continue;
	seg.p = p + i;
	seg.len = len - i;
	return seg;
}

static void
path_info(const char *p, size_t len)
{
	struct bytes	 pi = { p, len }, none = { NULL, 0 };
	struct bytes	 seg = segment(p, len);
	enum endpoint	 want_ep = EP_DUMP;
	enum format	 want_fmt = FMT_HTML;
	size_t		 i;
	int		 exact = 0, miss = 0;

	for (i = 0; i < sizeof(endpoints) / sizeof(endpoints[0]); i++) {
		if (same(seg, endpoints[i].name)) {
			want_ep = endpoints[i].ep;
			exact = 1;
		}
		miss |= near(seg, endpoints[i].name);
	}
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (same(seg, formats[i].name)) {
			want_fmt = formats[i].fmt;
			exact = 1;
		}
		miss |= near(seg, formats[i].name);
	}
	if (!exact && miss)
		want_ep = EP_NOT_FOUND;
	if (cgi_endpoint(pi) != want_ep)
		abort();
	if (cgi_format(pi, none) != want_fmt)
		abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	const char	*in = (const char *)data;
	size_t		 alen = sizeof(ANY_Q0) - 1 + 2;
	struct bytes	 json = bytes_of("/cgi-bin/cgidump/json");
	struct bytes	 accept = { in, len };
	enum format	 fmt;
	char		*more;

	fmt = format_of(in, len);
	if ((more = malloc(len + alen)) == NULL)
		abort();
	/* The range of any type with q=0, after the others... */
	memcpy(more, in, len);
	memcpy(more + len, ", " ANY_Q0, alen);
	if (format_of(more, len + alen) != fmt)
		abort();
	/* ...and before them. */
	memcpy(more, ANY_Q0 ", ", alen);
	memcpy(more + alen, in, len);
	if (format_of(more, len + alen) != fmt)
		abort();
	free(more);
	if (cgi_format(json, accept) != FMT_JSON)
		abort();
	path_info(in, len);
	return 0;
}
