/* cgidump: see LICENSE (ISC). */
/*
 * multipart.c: multipart/form-data (RFC 7578; RFC 2046 §5.1), a state
 * machine fed chunks of any size.
 *
 *	body      = preamble 1*( delimiter CRLF part ) close epilogue
 *	delimiter = CRLF "--" boundary, then transport padding (LWSP)
 *	close     = CRLF "--" boundary "--"
 *	part      = headers CRLF data
 *
 * A boundary "MUST NOT appear inside any of the encapsulated parts, on
 * a line by itself or as the prefix of any line" (RFC 2046 §5.1.1), so
 * a line that is "--" boundary and then transport padding is a
 * delimiter line however long the padding is, and whatever follows it:
 * nothing of that line is held.  At the end of the body a delimiter
 * needs no line end (nor the second '-' of a close): it still ends the
 * part before it.
 *
 * XXX: a bare LF is taken for CRLF (RFC 2046 wants CRLF), as Python
 * and browsers' own parsers do: hand-made bodies use LF.  Only a window
 * of the body is held (work[], a chunk plus the start of a delimiter
 * that may continue in the next chunk): parts are streamed, a file
 * costs its SHA-256 state and a preview, never its bytes.  A part whose
 * Content-Type is itself multipart (multipart/mixed, several files in
 * one field, RFC 2388 §4.2) opens a new level, up to CGIDUMP_MAX_DEPTH;
 * a delimiter of any open level ends the parts inside it, so that one
 * unclosed inner part cannot swallow the rest of the body.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parse.h"

enum dres { D_NONE, D_MORE, D_FOUND };

/* How a delimiter line goes on after its boundary. */
enum dkind {
	DK_LINE,	/* CRLF, or the body's end: a part follows */
	DK_PAD,		/* transport padding: MP_PAD reads the rest */
	DK_CLOSE	/* "--": the level's close delimiter */
};

/*
 * What header.c noted about a header of the request or of a part:
 * parameters past HEADER_PARAMS_MAX, and values that are neither a
 * token nor a quoted string.
 */
static void
header_problems(struct form *f, const struct header *h, const char *what)
{
	char	*q;

	if (h->ignored > 0)
		form_oddity(f, "%s has more than %d parameters: %zu were "
		    "ignored (name, filename, filename* and boundary are read "
		    "wherever they are)", what, HEADER_PARAMS_MAX, h->ignored);
	if (h->odd > 0) {
		q = quote_value(h->odd_name.p, h->odd_name.len, QUOTE_MAX);
		form_oddity(f, "%s parameter %s%s is neither a token nor a "
		    "quoted string (RFC 2045 §5.1): it was read up to the "
		    "next ';', a quote counting only at the start of a value",
		    what, q, h->odd > 1 ? " (and others)" : "");
		free(q);
	}
}

/* RFC 2046 §5.1.1: bcharsnospace and space. */
static int
bchar_ok(char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return 1;
	switch (c) {
	case '\'': case '(': case ')': case '+': case '_': case ',':
	case '-': case '.': case '/': case ':': case '=': case '?': case ' ':
		return 1;
	default:
		return 0;
	}
}

/*
 * The boundary of a multipart Content-Type: 1 to 70 characters from
 * RFC 2046's set, not ending in a space.  Returns 0, with the reason
 * given to the form, when there is none to parse with.
 */
static int
boundary_of(const struct header *ct, const char **b, size_t *len,
    struct form *f)
{
	const struct buf	*bp = header_get(ct, "boundary");
	size_t			 i;

	if (bp == NULL || bp->len == 0) {
		form_problem(f, CAUSE_REQUEST, "the multipart Content-Type "
		    "has %s boundary parameter (RFC 2046 §5.1.1): the body was "
		    "not parsed", bp == NULL ? "no" : "an empty");
		return 0;
	}
	if (bp->len > BOUNDARY_MAX) {
		form_problem(f, CAUSE_REQUEST, "the multipart boundary has "
		    "%zu characters, more than the 70 RFC 2046 §5.1.1 allows: "
		    "the body was not parsed", bp->len);
		return 0;
	}
	for (i = 0; i < bp->len; i++)
		if (!bchar_ok(bp->p[i]))
			break;
	if (i < bp->len || bp->p[bp->len - 1] == ' ') {
		form_problem(f, CAUSE_REQUEST, "the multipart boundary has a "
		    "character RFC 2046 §5.1.1 does not allow: the body was not "
		    "parsed");
		return 0;
	}
	*b = bp->p;
	*len = bp->len;
	return 1;
}

/* The body's boundary, and what its Content-Type has that is odd. */
int
multipart_boundary(const struct header *ct, const char **b, size_t *len,
    struct form *f)
{
	header_problems(f, ct, "the request's Content-Type");
	return boundary_of(ct, b, len, f);
}

static void
level_push(struct multipart *m, const char *b, size_t blen,
    const char *name, size_t namelen)
{
	struct mp_level	*l;

	m->lv = xreallocarray(m->lv, m->depth + 1, sizeof(*m->lv));
	l = &m->lv[m->depth++];
	memset(l, 0, sizeof(*l));
	memcpy(l->delim, "--", 2);
	memcpy(l->delim + 2, b, blen);
	l->dlen = blen + 2;
	buf_add(&l->name, name, namelen);
}

static void
levels_pop(struct multipart *m, size_t keep)
{
	while (m->depth > keep)
		buf_free(&m->lv[--m->depth].name);
}

void
multipart_init(struct multipart *m, struct form *f, const char *b,
    size_t blen, uint64_t max_header, uint64_t max_depth)
{
	memset(m, 0, sizeof(*m));
	m->form = f;
	m->max_header = max_header;
	m->max_depth = max_depth;
	m->state = MP_PREAMBLE;
	m->bol = 1;
	m->sbol = 1;
	level_push(m, b, blen, "", 0);
}

/*
 * Does the line at w[at] start with level l's delimiter, and how does
 * it go on?  D_MORE: it may, once more bytes come; final says none
 * will, and then a delimiter at the very end (with a lone '-' or CR
 * after it, or nothing) ends its part.  *next is past what the match
 * used: the boundary and its CRLF, its first padding byte or its "--".
 */
static enum dres
match_level(const struct mp_level *l, const char *w, size_t len, size_t at,
    int final, enum dkind *kind, size_t *next)
{
	size_t	 rem = len - at, i = at + l->dlen;

	if (memcmp(w + at, l->delim, rem < l->dlen ? rem : l->dlen) != 0)
		return D_NONE;
	if (rem < l->dlen)
		return final ? D_NONE : D_MORE;
	*kind = DK_LINE;
	*next = len;
	if (i == len)
		return final ? D_FOUND : D_MORE;
	switch (w[i]) {
	case '\n':
		*next = i + 1;
		return D_FOUND;
	case '\r':
		if (i + 1 == len)
			return final ? D_FOUND : D_MORE;
		*next = i + 2;
		return w[i + 1] == '\n' ? D_FOUND : D_NONE;
	case ' ':
	case '\t':
		*kind = DK_PAD;
		*next = i + 1;
		return D_FOUND;
	case '-':
		if (i + 1 == len)
			return final ? D_FOUND : D_MORE;
		*kind = DK_CLOSE;
		*next = i + 2;
		return w[i + 1] == '-' ? D_FOUND : D_NONE;
	default:
		return D_NONE;
	}
}

/*
 * Is the line starting at w[at] a delimiter of an open level?  The
 * innermost level is tried first, and one that may still match once
 * more bytes come goes before an outer one that does.  A match with
 * padding ("--B x") gives way to a longer boundary that also matches
 * (an outer "B x").
 */
static enum dres
match_at(const struct multipart *m, const char *w, size_t len, size_t at,
    int final, size_t *lvl, enum dkind *kind, size_t *next)
{
	size_t		 k, n, pad = 0, padnext = 0;
	enum dkind	 dk;
	enum dres	 r;
	int		 more = 0, havepad = 0;

	for (k = m->depth; k-- > 0;) {
		r = match_level(&m->lv[k], w, len, at, final, &dk, &n);
		if (r == D_MORE)
			more = 1;
		if (r != D_FOUND)
			continue;
		if (havepad && m->lv[k].dlen <= m->lv[pad].dlen)
			continue;
		if (more)
			return D_MORE;
		if (dk != DK_PAD) {
			*lvl = k;
			*kind = dk;
			*next = n;
			return D_FOUND;
		}
		havepad = 1;
		pad = k;
		padnext = n;
	}
	if (more)
		return D_MORE;
	if (!havepad)
		return D_NONE;
	*lvl = pad;
	*kind = DK_PAD;
	*next = padnext;
	return D_FOUND;
}

/*
 * The first delimiter line in w, or the first line that may become one:
 * *at is where that line starts.
 */
static enum dres
find_delim(const struct multipart *m, const char *w, size_t len, int final,
    size_t *at, size_t *lvl, enum dkind *kind, size_t *next)
{
	const char	*q;
	size_t		 pos = 0;
	enum dres	 r;

	if (m->bol && (r = match_at(m, w, len, 0, final, lvl, kind,
	    next)) != D_NONE) {
		*at = 0;
		return r;
	}
	while ((q = memchr(w + pos, '\n', len - pos)) != NULL) {
		pos = (size_t)(q - w) + 1;
		/*
		 * RFC 2046 §5.1.1: every delimiter line begins "--".  Most
		 * lines of a file's bytes do not, and their first two
		 * bytes say so without a compare of the whole delimiter.
		 */
		if ((pos < len && w[pos] != '-') ||
		    (pos + 1 < len && w[pos + 1] != '-'))
			continue;
		if ((r = match_at(m, w, len, pos, final, lvl, kind, next)) !=
		    D_NONE) {
			*at = pos;
			return r;
		}
	}
	return D_NONE;
}

/*
 * Preamble and epilogue of the body's own level while no part has
 * begun: their bytes are counted, whether one is not blank is noted,
 * and the first line that starts with "--" is kept (up to a boundary's
 * length), to tell what the client sent instead of parts.
 */
static void
stray_data(struct multipart *m, const char *p, size_t n, int epilogue)
{
	size_t	 i;
	char	 c;

	for (i = 0; i < n; i++) {
		c = p[i];
		m->stray[epilogue]++;
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			m->inked = 1;
		if (m->seen_state == 2)
			continue;
		if (m->sbol) {
			m->seenlen = 0;
			m->seen_state = c == '-';
		}
		m->sbol = c == '\n';
		if (m->seen_state != 1)
			continue;
		if ((m->seenlen < 2 ? c == '-' : bchar_ok(c)) &&
		    m->seenlen < sizeof(m->seen) - 1)
			m->seen[m->seenlen++] = c;
		else
			m->seen_state = m->seenlen > 2 ? 2 : 0;
	}
}

/* Data of the part being read; skipped parts go nowhere. */
static void
part_data(struct multipart *m, const char *p, size_t n)
{
	struct field		*fl = m->cur;
	struct field_part	*pt;

	if (m->state == MP_PREAMBLE && m->depth == 1 && n > 0)
		stray_data(m, p, n, 0);
	if (m->state != MP_BODY || fl == NULL || n == 0)
		return;
	pt = form_part(m->form, fl);
	pt->size += n;
	if (pt->is_file) {
		sha256_update(&m->sha, p, n);
		preview_add(&pt->preview, p, n);
	} else
		form_hold(m->form, fl, 1, p, n);
}

static void
part_end(struct multipart *m)
{
	struct field_part	*pt;

	if (m->cur != NULL && (pt = form_part(m->form, m->cur))->is_file)
		sha256_final(&m->sha, pt->sha256);
	m->cur = NULL;
}

static void
delimiter(struct multipart *m, size_t k, enum dkind kind)
{
	/* An outer boundary ends an inner part: it never got its own. */
	if (m->state == MP_BODY && m->cur != NULL && k + 1 < m->depth)
		form_part(m->form, m->cur)->incomplete = 1;
	if (m->state == MP_BODY)
		part_end(m);
	if (k + 1 < m->depth)
		form_problem(m->form, CAUSE_REQUEST, "a nested multipart "
		    "part was not closed before the boundary of the part "
		    "around it");
	levels_pop(m, k + 1);
	m->bol = 0;
	m->hdr.len = 0;
	m->linestart = 0;
	if (kind != DK_CLOSE) {
		if (k == 0)
			m->opened = 1;
		m->state = kind == DK_PAD ? MP_PAD : MP_HEADERS;
		m->pad_cr = m->pad_junk = 0;
		return;
	}
	if (k == 0) {
		/* The close delimiter's line is the epilogue's start. */
		m->state = MP_EPILOGUE;
		m->sbol = 0;
		return;
	}
	/* The rest of the outer part is the inner one's epilogue. */
	levels_pop(m, k);
	m->state = MP_SKIP;
}

/* RFC 7578 §4.8: a part header's name, ignoring case, is name. */
static int
header_is_named(struct bytes b, const char *name)
{
	size_t	 len = strlen(name);

	return b.len == len && ascii_ieqn(b.p, name, len);
}

struct part_headers {
	struct header	 cd;		/* Content-Disposition */
	struct header	 ct;		/* Content-Type */
	int		 has_cd, has_ct;
	struct bytes	 type;		/* the Content-Type's whole value */
	struct buf	 text;		/* the lines unfolded, LF-separated */
	struct part_header *v;		/* every header, into text */
	size_t		 n;
};

/*
 * The header block's lines, unfolded (RFC 5322 §2.2.3: a line starting
 * with a space or tab goes on the one before; its CRLF or LF is taken
 * out, the space kept), one after another in ph->text, each ended by
 * an LF: no unfolded line holds one.  Empty lines are left out.
 */
static void
headers_unfold(const struct buf *hdr, struct part_headers *ph)
{
	const char	*p = hdr->p, *end = hdr->p + hdr->len, *e;
	size_t		 len, start;

	while (p < end) {
		start = ph->text.len;
		do {
			if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
				e = end;
			len = (size_t)(e - p);
			if (len > 0 && p[len - 1] == '\r')
				len--;
			buf_add(&ph->text, p, len);
			p = e < end ? e + 1 : end;
		} while (p < end && (*p == ' ' || *p == '\t'));
		if (ph->text.len > start)
			buf_addc(&ph->text, '\n');
	}
}

/*
 * Split the header block into headers, every one kept as received for
 * the dump, and pick the two RFC 7578 §4.2-4.4 gives meaning to (the
 * first of each).  A line without a colon is no header: it is reported.
 */
static void
headers_parse(struct multipart *m, struct part_headers *ph)
{
	const char	*p, *end, *e, *colon;
	struct bytes	 name, value;
	size_t		 nlines;
	int		 nocolon = 0;
	char		*q;

	memset(ph, 0, sizeof(*ph));
	headers_unfold(&m->hdr, ph);
	if (ph->text.len == 0)
		return;
	p = ph->text.p;
	end = p + ph->text.len;
	for (nlines = 0, e = p; (e = memchr(e, '\n',
	    (size_t)(end - e))) != NULL; e++)
		nlines++;
	ph->v = xreallocarray(NULL, nlines, sizeof(*ph->v));
	for (; p < end; p = e + 1) {
		e = memchr(p, '\n', (size_t)(end - p));
		if ((colon = memchr(p, ':', (size_t)(e - p))) == NULL) {
			if (nocolon++)
				continue;
			/* DESIGN.md "Secrets": a client's URL password too. */
			if (url_password_in(p, (size_t)(e - p), 0))
				form_problem(m->form, CAUSE_REQUEST, "a part "
				    "header has no colon and was ignored (%zu "
				    "bytes, not shown: it holds a URL with a "
				    "password)", (size_t)(e - p));
			else {
				q = quote_value(p, (size_t)(e - p), QUOTE_MAX);
				form_problem(m->form, CAUSE_REQUEST, "a part "
				    "header has no colon and was ignored: %s",
				    q);
				free(q);
			}
			continue;
		}
		name.p = p;
		name.len = (size_t)(colon - p);
		value.p = colon + 1;
		value.len = (size_t)(e - value.p);
		value = bytes_trim(value);
		ph->v[ph->n].name = name;
		ph->v[ph->n++].value = value;
		if (!ph->has_cd && header_is_named(name,
		    "content-disposition")) {
			header_parse(&ph->cd, value.p, value.len);
			header_problems(m->form, &ph->cd,
			    "a part's Content-Disposition");
			ph->has_cd = 1;
		} else if (!ph->has_ct && header_is_named(name,
		    "content-type")) {
			header_parse(&ph->ct, value.p, value.len);
			header_problems(m->form, &ph->ct,
			    "a part's Content-Type");
			ph->has_ct = 1;
			ph->type = value;
		}
	}
}

static void
part_headers_free(struct part_headers *ph)
{
	header_free(&ph->cd);
	header_free(&ph->ct);
	buf_free(&ph->text);
	free(ph->v);
}

/* Whether a level around this part already ends at boundary b. */
static int
boundary_in_use(const struct multipart *m, const char *b, size_t blen)
{
	size_t	 k;

	for (k = 0; k < m->depth; k++)
		if (m->lv[k].dlen == blen + 2 &&
		    memcmp(m->lv[k].delim + 2, b, blen) == 0)
			return 1;
	return 0;
}

/* A nested multipart part: a new level, unless CGIDUMP_MAX_DEPTH says no. */
static int
part_nested(struct multipart *m, const struct part_headers *ph,
    const char *name, size_t namelen)
{
	const char	*b;
	size_t		 blen;

	if (!ph->has_ct || ph->ct.value.len < 10 ||
	    !ascii_ieqn(ph->ct.value.p, "multipart/", 10) ||
	    header_get(&ph->ct, "boundary") == NULL)
		return 0;
	if (!boundary_of(&ph->ct, &b, &blen, m->form)) {
		m->state = MP_SKIP;
		return 1;
	}
	if (boundary_in_use(m, b, blen)) {
		/*
		 * RFC 2046 §5.1.1: a boundary must not appear inside the
		 * parts it encloses.  Which level a delimiter would end is
		 * then a guess, and parsers guess differently (Python's cgi
		 * ends the outer one): the part is skipped, as the outer
		 * level reads it, and the guess is reported.
		 */
		form_problem(m->form, CAUSE_REQUEST, "a nested multipart "
		    "part reuses the boundary of a part around it, so its "
		    "delimiters end the outer part (RFC 2046 §5.1.1): the "
		    "part was skipped");
		m->state = MP_SKIP;
		return 1;
	}
	if (m->max_depth != 0 && m->depth >= m->max_depth) {
		form_problem(m->form, CAUSE_LIMIT, "multipart parts nested "
		    "deeper than CGIDUMP_MAX_DEPTH (%llu): the part was skipped",
		    (unsigned long long)m->max_depth);
		m->state = MP_SKIP;
		return 1;
	}
	level_push(m, b, blen, name, namelen);
	m->state = MP_PREAMBLE;
	m->bol = 1;
	return 1;
}

/* The headers are complete: start the part they describe. */
static void
part_begin(struct multipart *m)
{
	struct part_headers	 ph;
	const struct buf	*name = NULL, *fn, *fns;
	struct buf		 decoded = { NULL, 0, 0 };
	struct field		*fl;
	struct field_part	*pt;
	int			 nested = m->depth > 1, star = 0;

	headers_parse(m, &ph);
	m->state = MP_SKIP;
	m->bol = 1;
	if (nested)
		name = &m->lv[m->depth - 1].name;
	else if (!ph.has_cd)
		form_problem(m->form, CAUSE_REQUEST, "a part without "
		    "Content-Disposition was skipped (RFC 7578 §4.2)");
	else if ((name = header_get(&ph.cd, "name")) == NULL)
		form_problem(m->form, CAUSE_REQUEST, "a part without a name "
		    "was skipped (RFC 7578 §4.2)");
	if (name == NULL || part_nested(m, &ph, name->p, name->len)) {
		part_headers_free(&ph);
		return;
	}
	m->state = MP_BODY;
	if ((fl = m->cur = form_part_new(m->form)) == NULL) {
		part_headers_free(&ph);
		return;
	}
	pt = form_part(m->form, fl);
	pt->nested = nested;
	form_hold(m->form, fl, 0, name->p, name->len);
	fn = ph.has_cd ? header_get(&ph.cd, "filename") : NULL;
	fns = ph.has_cd ? header_get(&ph.cd, "filename*") : NULL;
	if (fns != NULL && rfc5987_decode(&decoded, fns->p, fns->len)) {
		fn = &decoded;
		star = 1;
	}
	/* RFC 7578 §4.2: a filename parameter, even empty, makes a file. */
	if (fn != NULL || nested) {
		pt->is_file = 1;
		pt->filename_star = star;
		if (fn != NULL) {
			pt->has_filename = 1;
			form_hold_buf(m->form, fl, &pt->filename, fn->p,
			    fn->len);
		}
		sha256_init(&m->sha);
	}
	if (ph.has_ct) {
		pt->has_type = 1;
		form_hold_buf(m->form, fl, &pt->content_type, ph.type.p,
		    ph.type.len);
	}
	form_headers(m->form, fl, ph.v, ph.n);
	buf_free(&decoded);
	part_headers_free(&ph);
}

static void
header_limit(struct multipart *m)
{
	form_problem(m->form, CAUSE_LIMIT, "a part's headers are longer than "
	    "CGIDUMP_MAX_HEADER (%llu bytes): the part was skipped",
	    (unsigned long long)m->max_header);
	m->state = MP_SKIP;
}

/*
 * Header bytes, line by line, until the empty line.  A line that is a
 * delimiter ends a part that never finished its headers; it is told
 * from its first bytes, before it is held, so *more says when those
 * have yet to come.  Returns the bytes used.
 */
static size_t
headers(struct multipart *m, const char *w, size_t len, int final,
    int *more)
{
	const char	*q;
	size_t		 used = 0, n, lvl, next, ll;
	enum dkind	 kind;
	enum dres	 r;

	*more = 0;
	while (used < len) {
		if (m->hdr.len == m->linestart) {
			r = match_at(m, w, len, used, final, &lvl, &kind,
			    &next);
			if (r == D_MORE) {
				*more = 1;
				return used;
			}
			if (r == D_FOUND) {
				/*
				 * The next part is not lost, even when this
				 * line takes the headers past the limit.
				 */
				if (m->max_header != 0 && m->hdr.len +
				    (next - used) > m->max_header)
					header_limit(m);
				else
					form_problem(m->form, CAUSE_REQUEST,
					    "a part's headers were not ended "
					    "by an empty line: the part was "
					    "skipped");
				delimiter(m, lvl, kind);
				return next;
			}
		}
		q = memchr(w + used, '\n', len - used);
		n = q != NULL ? (size_t)(q - (w + used)) + 1 : len - used;
		if (m->max_header != 0 && m->hdr.len + n > m->max_header) {
			header_limit(m);
			m->bol = q != NULL;
			return used + n;
		}
		buf_add(&m->hdr, w + used, n);
		used += n;
		if (q == NULL)
			break;
		ll = m->hdr.len - m->linestart;
		if (ll == 1 || (ll == 2 && m->hdr.p[m->linestart] == '\r')) {
			m->hdr.len = m->linestart;
			part_begin(m);
			return used;
		}
		m->linestart = m->hdr.len;
	}
	return used;
}

/*
 * RFC 2046 §5.1.1: the rest of a delimiter line, transport padding
 * (spaces and tabs, as many as come) and CRLF or LF.  None of it is
 * held.  Anything else there is still on the delimiter's line: it is
 * skipped and reported.  Returns the bytes used.
 */
static size_t
padding(struct multipart *m, const char *w, size_t len)
{
	size_t	 i;
	char	 c;

	for (i = 0; i < len; i++) {
		c = w[i];
		if (c == '\n') {
			m->state = MP_HEADERS;
			return i + 1;
		}
		if (m->pad_junk)
			continue;
		if (m->pad_cr || (c != ' ' && c != '\t' && c != '\r')) {
			m->pad_junk = 1;
			form_problem(m->form, CAUSE_REQUEST, "a delimiter line "
			    "has more than transport padding after its "
			    "boundary: the rest of the line was ignored (RFC "
			    "2046 §5.1.1)");
		} else if (c == '\r')
			m->pad_cr = 1;
	}
	return len;
}

/* Use what can be decided in w; returns how many bytes that was. */
static size_t
process(struct multipart *m, const char *w, size_t len, int final)
{
	size_t		 pos = 0, at, lvl, next, dend, keep;
	enum dkind	 kind;
	enum dres	 r;
	int		 more;

	while (pos < len) {
		switch (m->state) {
		case MP_EPILOGUE:
			if (m->depth == 1 && !m->opened)
				stray_data(m, w + pos, len - pos, 1);
			return len;
		case MP_STOP:
			return len;
		case MP_PAD:
			pos += padding(m, w + pos, len - pos);
			continue;
		case MP_HEADERS:
			pos += headers(m, w + pos, len - pos, final, &more);
			if (more)
				return pos;
			continue;
		default:
			break;
		}
		r = find_delim(m, w + pos, len - pos, final, &at, &lvl, &kind,
		    &next);
		if (r != D_NONE) {
			/* The CRLF before "--" belongs to the delimiter. */
			dend = at;
			if (dend > 0 && w[pos + dend - 1] == '\n')
				dend--;
			if (dend > 0 && w[pos + dend - 1] == '\r')
				dend--;
			part_data(m, w + pos, dend);
			if (r == D_MORE) {
				if (dend > 0)
					m->bol = 0;
				return pos + dend;
			}
			delimiter(m, lvl, kind);
			pos += next;
			continue;
		}
		/* Keep a last CR: it may start the next delimiter. */
		keep = !final && w[len - 1] == '\r';
		part_data(m, w + pos, len - pos - keep);
		if (len - pos - keep > 0)
			m->bol = 0;
		return len - keep;
	}
	return pos;
}

/*
 * The caller's bytes are used where they lie, and a part's data hashed
 * from the caller's buffer, never copied.  Only what process() cannot
 * decide yet is held in work[]: the start of a line that may be a
 * delimiter (a boundary's length and a line end at most) or a last CR.
 * What comes next is added to it MP_TOPUP bytes at a time, only until
 * the held bytes are used.
 */
#define MP_TOPUP	512

void
multipart_feed(struct multipart *m, const char *p, size_t len)
{
	size_t	 n, used, held;

	while (len > 0) {
		if (m->wlen == 0) {
			used = process(m, p, len, 0);
			p += used;
			len -= used;
			n = len < sizeof(m->work) ? len : sizeof(m->work);
			memcpy(m->work, p, n);
			m->wlen = n;
			p += n;
			len -= n;
			continue;
		}
		held = m->wlen;
		n = sizeof(m->work) - m->wlen;
		if (n > len)
			n = len;
		if (n > MP_TOPUP)
			n = MP_TOPUP;
		memcpy(m->work + m->wlen, p, n);
		m->wlen += n;
		used = process(m, m->work, m->wlen, 0);
		if (used >= held) {
			/* The rest of work[] is still in p: go on from there. */
			p += used - held;
			len -= used - held;
			m->wlen = 0;
			continue;
		}
		memmove(m->work, m->work + used, m->wlen - used);
		m->wlen -= used;
		p += n;
		len -= n;
	}
}

/*
 * The first line like a boundary that came instead of parts, for a
 * message: "" when none did.
 */
static char *
stray_seen(const struct multipart *m)
{
	const struct mp_level	*l = &m->lv[0];
	char			*q, *out;

	if (m->seen_state == 0 || m->seenlen <= 2)
		return xstrdup("");
	q = quote_value(m->seen, m->seenlen, sizeof(m->seen));
	if (m->seenlen >= l->dlen && memcmp(m->seen, l->delim, l->dlen) == 0)
		out = xasprintf("; a line %s there looks like a part's "
		    "delimiter", q);
	else
		out = xasprintf("; the client may have used another boundary "
		    "than the Content-Type's: a line %s looks like one", q);
	free(q);
	return out;
}

/*
 * RFC 2046 §5.1.1 wants a part at least.  A close delimiter alone is
 * what browsers send for a form with nothing to send; one with bytes
 * around it and no part is a body whose parts went unread: the client
 * used another boundary, or closed before it began.
 */
static void
no_part(struct multipart *m)
{
	const char	*delim = m->lv[0].delim;
	int		 dlen = (int)m->lv[0].dlen;
	struct buf	 what = { NULL, 0, 0 };
	char		*seen;

	if (m->opened || !m->inked)
		return;
	if (m->stray[0] > 0)
		buf_addf(&what, "the %llu bytes before it",
		    (unsigned long long)m->stray[0]);
	if (m->stray[1] > 0)
		buf_addf(&what, "%sthe %llu bytes after it",
		    m->stray[0] > 0 ? " and " : "",
		    (unsigned long long)m->stray[1]);
	seen = stray_seen(m);
	form_problem(m->form, CAUSE_REQUEST, "the closing boundary \"%.*s--\" "
	    "came before any part (RFC 2046 §5.1.1 wants one at least): "
	    "there are no parts, and %.*s were ignored%s", dlen, delim,
	    (int)what.len, what.p, seen);
	buf_free(&what);
	free(seen);
}

/*
 * The body has ended.  cause says whose doing an early end is: the
 * request's, or CGIDUMP_MAX_BODY's when that limit stopped the read.
 */
void
multipart_finish(struct multipart *m, enum cause cause)
{
	const char	*delim = m->lv[0].delim;
	int		 dlen = (int)m->lv[0].dlen;
	char		*seen;

	process(m, m->work, m->wlen, 1);
	m->wlen = 0;
	switch (m->state) {
	case MP_EPILOGUE:
		no_part(m);
		break;
	case MP_PREAMBLE:
		if (m->depth == 1) {
			seen = stray_seen(m);
			form_problem(m->form, cause, "no boundary \"%.*s\" "
			    "was found in %llu bytes: there are no parts%s",
			    dlen, delim, (unsigned long long)m->stray[0],
			    *seen != '\0' ? seen : "; the Content-Type's "
			    "boundary may not be the one the client used");
			free(seen);
			break;
		}
		/* FALLTHROUGH */
	default:
		if (m->state == MP_BODY && m->cur != NULL)
			form_part(m->form, m->cur)->incomplete = 1;
		part_end(m);
		form_problem(m->form, cause, "the body ended before its closing "
		    "boundary \"%.*s--\": the last part may be incomplete",
		    dlen, delim);
		break;
	}
	multipart_free(m);
}

/* Let go of the levels and headers; also when nothing was fed. */
void
multipart_free(struct multipart *m)
{
	levels_pop(m, 0);
	free(m->lv);
	m->lv = NULL;
	buf_free(&m->hdr);
	m->state = MP_STOP;
}
