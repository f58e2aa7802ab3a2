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
 * How many more slots of size bytes to reserve, cap being what would
 * double: never more than the limits could still fill, so that empty
 * slots, too, stay within CGIDUMP_MAX_FORM.
 */
static size_t
form_slots(const struct form *f, size_t n, size_t cap, size_t size)
{
	uint64_t	 fit;

	if (f->max_bytes != 0 && f->bytes <= f->max_bytes &&
	    (fit = (f->max_bytes - f->bytes) / size) < cap - n)
		cap = n + (size_t)fit;
	if (f->max_fields != 0 && f->max_fields < cap)
		cap = (size_t)f->max_fields;
	return cap;
}

/* Room for one more field in f->v. */
static void
form_grow(struct form *f)
{
	f->cap = form_slots(f, f->n, f->cap ? f->cap * 2 : 16, FIELD_COST);
	f->v = xreallocarray(f->v, f->cap, sizeof(*f->v));
}

/*
 * Records are prefaulted (mem.c) ahead of their fields a window at a
 * time: one system call for a window rather than a page fault for
 * every 170 records, and never more than a window beyond the fields
 * there are (the array's doubling reserves memory; this touches only
 * what is about to be written).
 */
#define READY_WINDOW	(1024 * 1024 / sizeof(struct field))

static void
form_ready(struct form *f)
{
	size_t	 w = f->cap - f->n < READY_WINDOW ? f->cap - f->n :
		    READY_WINDOW;

	mem_prefault(&f->v[f->n], w * sizeof(*f->v));
	f->ready = f->n + w;
}

/* A limit says no more fields, with cost bytes more besides theirs. */
static int
form_no_room(struct form *f, uint64_t cost)
{
	if (f->cut != CUT_NONE)
		return 1;
	/*
	 * Past 2^32 - 1 fields (96 GiB of records) with the limits off,
	 * cut too: model.c sorts 32-bit indices of fields.
	 */
	if ((f->max_fields != 0 && f->n >= f->max_fields) ||
	    f->n >= FORM_FIELDS_MAX) {
		f->cut = CUT_FIELDS;
		return 1;
	}
	if (f->max_bytes != 0 && (f->bytes > f->max_bytes ||
	    f->max_bytes - f->bytes < cost)) {
		f->cut = CUT_FORM;
		return 1;
	}
	return 0;
}

static struct field *
form_add(struct form *f, enum source source)
{
	struct field	*fl;

	/* The last field's bytes are complete: the next start after them. */
	arena_close(&f->arena);
	if (f->n == f->cap)
		form_grow(f);
	if (f->n >= f->ready)
		form_ready(f);
	f->bytes += FIELD_COST;
	fl = &f->v[f->n++];
	memset(fl, 0, sizeof(*fl));
	fl->source = (unsigned char)source;
	return fl;
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
	if (form_no_room(f, FIELD_COST))
		return NULL;
	return form_add(f, source);
}

/*
 * Start a multipart part's field, with its part state (PART_COST more
 * of CGIDUMP_MAX_FORM), unless a limit says no more.
 */
struct field *
form_part_new(struct form *f)
{
	struct field	*fl;

	if (form_no_room(f, FIELD_COST + PART_COST))
		return NULL;
	if (f->nparts >= FIELD_BYTES_MAX) {
		f->cut = CUT_FIELDS;
		return NULL;
	}
	fl = form_add(f, SRC_BODY);
	if (f->nparts == f->partcap) {
		f->partcap = form_slots(f, f->nparts,
		    f->partcap ? f->partcap * 2 : 16, PART_COST);
		f->parts = xreallocarray(f->parts, f->partcap,
		    sizeof(*f->parts));
	}
	f->bytes += PART_COST;
	memset(&f->parts[f->nparts], 0, sizeof(f->parts[f->nparts]));
	fl->part = (uint32_t)++f->nparts;
	return fl;
}

/* The part state of fl, a multipart part's field. */
struct field_part *
form_part(struct form *f, struct field *fl)
{
	return &f->parts[fl->part - 1];
}

/*
 * Room for up to want more bytes of fl's name or value: fl is the
 * newest field, its bytes the arena's open string.  Returns where they
 * go; *room is how many CGIDUMP_MAX_FORM and FIELD_BYTES_MAX allow (0:
 * none, and nothing is reserved).  A move of the open string to a new
 * chunk leaves its old copy behind, which is counted too: that is
 * what the field took.
 */
char *
form_room(struct form *f, struct field *fl, size_t want, size_t *room)
{
	uint64_t	 left = FIELD_BYTES_MAX - ((uint64_t)fl->namelen +
			    fl->valuelen);
	size_t		 moved;
	char		*p;

	if (f->max_bytes != 0)
		left = f->bytes >= f->max_bytes ? 0 :
		    f->max_bytes - f->bytes < left ? f->max_bytes - f->bytes :
		    left;
	*room = left < want ? (size_t)left : want;
	if (*room == 0)
		return NULL;
	p = arena_reserve(&f->arena, *room, &moved);
	f->bytes += moved;
	if (f->max_bytes != 0 && moved > 0)
		*room = f->bytes >= f->max_bytes ? 0 :
		    f->max_bytes - f->bytes < *room ?
		    (size_t)(f->max_bytes - f->bytes) : *room;
	fl->bytes = p;
	return p + fl->namelen + fl->valuelen;
}

/*
 * Of the room form_room() gave, name bytes of fl's name and then value
 * bytes of its value were written.  A name grows only while there is
 * no value yet: name and value follow one another in the arena.
 */
void
form_took(struct form *f, struct field *fl, size_t name, size_t value)
{
	arena_commit(&f->arena, name + value);
	fl->namelen += (uint32_t)name;
	fl->valuelen += (uint32_t)value;
	f->bytes += name + value;
	if (fl->namelen == 0 && fl->valuelen == 0)
		fl->bytes = NULL;
}

/*
 * A byte of fl did not fit.  CGIDUMP_MAX_FORM cuts the form there;
 * FIELD_BYTES_MAX only this field, whose further bytes are dropped.
 */
void
form_full(struct form *f, struct field *fl)
{
	if (f->max_bytes != 0 && f->bytes >= f->max_bytes)
		f->cut = CUT_FORM;
	else if (!fl->truncated)
		form_problem(f, CAUSE_LIMIT, "a field's name and value are "
		    "longer than %llu bytes together: what followed was "
		    "dropped", (unsigned long long)FIELD_BYTES_MAX);
	fl->truncated = 1;
}

/*
 * Keep len bytes of fl's name (invalue 0) or value as far as the
 * limits allow.  Returns 0 when a limit cut them: fl is then marked
 * truncated (and the form cut, if it was CGIDUMP_MAX_FORM).
 */
int
form_hold(struct form *f, struct field *fl, int invalue, const char *p,
    size_t len)
{
	size_t	 room;
	char	*dst;

	if (len == 0)
		return 1;
	if ((dst = form_room(f, fl, len, &room)) != NULL) {
		memcpy(dst, p, room);
		form_took(f, fl, invalue ? 0 : room, invalue ? room : 0);
	}
	if (room == len)
		return 1;
	form_full(f, fl);
	return 0;
}

/*
 * Keep len bytes in b, a string of fl's part (its filename or content
 * type), as far as CGIDUMP_MAX_FORM allows.  Returns 0 when the limit
 * cut them: fl is then marked truncated and the form cut.
 */
int
form_hold_buf(struct form *f, struct field *fl, struct buf *b,
    const char *p, size_t len)
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
	struct field_part	*pt = form_part(f, fl);
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
		pt->headers = fh;
		f->bytes += cost;
	}
	if (k == n && pt->headers != NULL)
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

	for (i = 0; i < f->nparts; i++) {
		buf_free(&f->parts[i].filename);
		buf_free(&f->parts[i].content_type);
		free(f->parts[i].headers);
	}
	arena_free(&f->arena);
	problems_free(&f->problems);
	free(f->parts);
	free(f->v);
	memset(f, 0, sizeof(*f));
}
