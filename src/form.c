/*
 * form.c: the form fields, and what bounds them.  Both parsers add to
 * the form only through these, so that the limits hold the same way
 * for a query string, a urlencoded body and a multipart body.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"

/*
 * Start a field, unless a limit says no more.  A field costs
 * FIELD_COST bytes of CGIDUMP_MAX_FORM besides its name and value, so
 * that memory stays bounded by that limit alone, even with
 * CGIDUMP_MAX_FIELDS=0 and a body of "&=&=&=...".
 */
struct field *
form_field_new(struct form *f, enum source source)
{
	if (f->cut != NULL)
		return NULL;
	if (f->max_fields != 0 && f->n >= f->max_fields) {
		f->cut = "CGIDUMP_MAX_FIELDS";
		return NULL;
	}
	if (f->max_bytes != 0 && (f->bytes > f->max_bytes ||
	    f->max_bytes - f->bytes < FIELD_COST)) {
		f->cut = "CGIDUMP_MAX_FORM";
		return NULL;
	}
	f->bytes += FIELD_COST;
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->v = xreallocarray(f->v, f->cap, sizeof(*f->v));
	}
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
	f->cut = "CGIDUMP_MAX_FORM";
	fl->truncated = 1;
	return 0;
}

void
form_error(struct form *f, const char *fmt, ...)
{
	va_list	 ap;

	/* A body of a million bad parts must not make a million messages. */
	if (f->nerrors >= FORM_ERRORS_MAX) {
		f->errors_dropped++;
		return;
	}
	va_start(ap, fmt);
	error_add(&f->errors, &f->nerrors, "form-parse", fmt, ap);
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
	}
	for (i = 0; i < f->nerrors; i++)
		free(f->errors[i].message);
	free(f->v);
	free(f->errors);
	memset(f, 0, sizeof(*f));
}

static int
field_cmp(const void *a, const void *b)
{
	const struct field	*x = *(const struct field *const *)a;
	const struct field	*y = *(const struct field *const *)b;
	size_t			 n;
	int			 c;

	n = x->name.len < y->name.len ? x->name.len : y->name.len;
	if (n > 0 && (c = memcmp(x->name.p, y->name.p, n)) != 0)
		return c;
	if (x->name.len != y->name.len)
		return x->name.len < y->name.len ? -1 : 1;
	/* Same name: arrival order (both point into one array). */
	return x < y ? -1 : x > y;
}

/*
 * The fields sorted by name, as Python's print_form() showed them,
 * with arrival order kept among fields of one name so that they can
 * be shown as one group.  The caller frees the array.
 */
const struct field **
form_sorted(const struct form *f)
{
	const struct field	**v = xcalloc(f->n, sizeof(*v));
	size_t			  i;

	for (i = 0; i < f->n; i++)
		v[i] = &f->v[i];
	qsort(v, f->n, sizeof(*v), field_cmp);
	return v;
}

/* Two fields belong to one group: the same name. */
int
field_same_name(const struct field *a, const struct field *b)
{
	return a->name.len == b->name.len &&
	    (a->name.len == 0 || memcmp(a->name.p, b->name.p, a->name.len) == 0);
}
