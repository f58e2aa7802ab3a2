/* cgidump: see LICENSE (ISC). */
/*
 * form.c: the form fields, and what bounds them.  Both parsers add to
 * the form only through these, so that the limits hold the same way
 * for a query string, a urlencoded body and a multipart body.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

#define ODD_ADVICE	"The form was read by the RFC's rules, but other " \
			"parsers may read it otherwise: a client bug, or " \
			"someone probing for such differences."

void
form_init(struct form *f, uint64_t max_fields, uint64_t max_bytes)
{
	memset(f, 0, sizeof(*f));
	f->max_fields = max_fields;
	f->max_bytes = max_bytes;
	f->problems.max = FORM_PROBLEMS_MAX;
}

/*
 * Room for one more field in f->v.  Doubling would leave up to half
 * the slots empty, uncounted: never reserve more than the limits could
 * still fill, so that the slots, too, stay within CGIDUMP_MAX_FORM.
 */
static void
form_grow(struct form *f)
{
	size_t		 cap = f->cap ? f->cap * 2 : 16;
	uint64_t	 fit;

	if (f->max_bytes != 0 &&
	    (fit = (f->max_bytes - f->bytes) / FIELD_COST) < cap - f->n)
		cap = f->n + (size_t)fit;
	if (f->max_fields != 0 && f->max_fields < cap)
		cap = (size_t)f->max_fields;
	f->v = xreallocarray(f->v, cap, sizeof(*f->v));
	f->cap = cap;
}

/*
 * Start a field, unless a limit says no more.  A field costs
 * FIELD_COST bytes of CGIDUMP_MAX_FORM besides its name and value, what
 * it really takes in memory, so that memory stays bounded by that
 * limit alone, even with CGIDUMP_MAX_FIELDS=0 and a body of "&=&=&=...".
 */
struct field *
form_field_new(struct form *f, enum source source)
{
	if (f->cut != CUT_NONE)
		return NULL;
	if (f->max_fields != 0 && f->n >= f->max_fields) {
		f->cut = CUT_FIELDS;
		return NULL;
	}
	if (f->max_bytes != 0 && (f->bytes > f->max_bytes ||
	    f->max_bytes - f->bytes < FIELD_COST)) {
		f->cut = CUT_FORM;
		return NULL;
	}
	if (f->n == f->cap)
		form_grow(f);
	f->bytes += FIELD_COST;
	memset(&f->v[f->n], 0, sizeof(f->v[f->n]));
	f->v[f->n].source = source;
	return &f->v[f->n++];
}

/*
 * Keep len bytes of fl in b (its name, value, filename...) as far as
 * CGIDUMP_MAX_FORM allows.  Returns 0 when the limit cut them: fl is
 * then marked truncated and the form cut.
 */
int
form_hold(struct form *f, struct field *fl, struct buf *b, const char *p,
    size_t len)
{
	size_t	 room = len;

	if (f->max_bytes != 0) {
		room = f->bytes >= f->max_bytes ? 0 :
		    f->max_bytes - f->bytes < len ?
		    (size_t)(f->max_bytes - f->bytes) : len;
	}
	buf_add(b, p, room);
	f->bytes += room;
	if (room == len)
		return 1;
	f->cut = CUT_FORM;
	fl->truncated = 1;
	return 0;
}

/*
 * Keep the n headers of fl's part, h (pointing into the parser's
 * bytes), with fl, as far as CGIDUMP_MAX_FORM allows: in one
 * allocation that costs what it takes (HEADERS_COST, HEADER_COST), so
 * that a million tiny parts with headers stay bounded by that limit.
 * A part without headers gets an empty list: it still is a part.
 * Only whole headers are kept, the first that fit.  Returns 0 when
 * the limit cut them: fl is then marked truncated and the form cut.
 */
int
form_headers(struct form *f, struct field *fl, const struct part_header *h,
    size_t n)
{
	struct field_headers	*fh;
	uint64_t		 room, cost = HEADERS_COST;
	size_t			 i, k, bytes = 0;
	char			*p;

	room = f->max_bytes == 0 ? UINT64_MAX : f->bytes >= f->max_bytes ?
	    0 : f->max_bytes - f->bytes;
	for (k = 0; cost <= room && k < n &&
	    HEADER_COST(&h[k]) <= room - cost; k++) {
		cost += HEADER_COST(&h[k]);
		bytes += h[k].name.len + h[k].value.len;
	}
	if (cost <= room) {
		fh = xcalloc(1, sizeof(*fh) + k * sizeof(fh->v[0]) + bytes);
		p = (char *)&fh->v[k];
		for (i = 0; i < k; i++) {
			fh->v[i].name.p = p;
			fh->v[i].name.len = h[i].name.len;
			memcpy(p, h[i].name.p, h[i].name.len);
			p += h[i].name.len;
			fh->v[i].value.p = p;
			fh->v[i].value.len = h[i].value.len;
			memcpy(p, h[i].value.p, h[i].value.len);
			p += h[i].value.len;
		}
		fh->n = k;
		fl->headers = fh;
		f->bytes += cost;
	}
	if (k == n && fl->headers != NULL)
		return 1;
	f->cut = CUT_FORM;
	fl->truncated = 1;
	return 0;
}

/*
 * A problem of the form: the request's makes form-parse fail, one of
 * cgidump's own limits makes it warn.
 */
void
form_problem(struct form *f, enum cause cause, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	if (cause == CAUSE_REQUEST)
		problem_vadd(&f->problems, CK_FORM_PARSE, cause, LEVEL_FAIL,
		    "A client bug, or a server or proxy that changed the body on "
		    "the way (see Problems with this request).", fmt, ap);
	else
		problem_vadd(&f->problems, CK_FORM_PARSE, cause, LEVEL_WARN,
		    LIMIT_ADVICE, fmt, ap);
	va_end(ap);
}

/*
 * A request problem that loses nothing, but that parsers may take
 * differently (a header parameter that is neither token nor quoted
 * string, more parameters than are kept): form-parse warns, where
 * form_problem() fails for the request's.
 */
void
form_oddity(struct form *f, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	problem_vadd(&f->problems, CK_FORM_PARSE, CAUSE_REQUEST, LEVEL_WARN,
	    ODD_ADVICE, fmt, ap);
	va_end(ap);
}

void
form_free(struct form *f)
{
	size_t	 i;

	for (i = 0; i < f->n; i++) {
		buf_free(&f->v[i].name);
		buf_free(&f->v[i].value);
		buf_free(&f->v[i].filename);
		buf_free(&f->v[i].content_type);
		free(f->v[i].headers);
	}
	problems_free(&f->problems);
	free(f->v);
	memset(f, 0, sizeof(*f));
}
