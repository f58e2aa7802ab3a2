/*
 * model.c: the words for the model's states, shared by every renderer
 * so that HTML, text and JSON name things alike, and the error list.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"

const char *
body_end_name(enum body_end e)
{
	switch (e) {
	case BODY_DONE:
		return "complete";
	case BODY_SHORT:
		return "short";
	case BODY_TIMEOUT:
		return "timeout";
	case BODY_ERROR:
		return "error";
	case BODY_LIMIT:
		return "limit";
	default:
		return "none";
	}
}

const char *
source_name(enum source s)
{
	return s == SRC_QUERY ? "query" : "body";
}

const char *
setness_name(enum setness s)
{
	switch (s) {
	case VAR_SET:
		return "set";
	case VAR_EMPTY:
		return "empty";
	default:
		return "unset";
	}
}

const char *
level_name(enum level l)
{
	switch (l) {
	case LEVEL_FAIL:
		return "fail";
	case LEVEL_WARN:
		return "warn";
	default:
		return "ok";
	}
}

void
dump_error(struct dump *d, const char *id, const char *fmt, ...)
{
	va_list	 ap;

	d->errors = xreallocarray(d->errors, d->nerrors + 1,
	    sizeof(*d->errors));
	va_start(ap, fmt);
	d->errors[d->nerrors].message = xvasprintf(fmt, ap);
	va_end(ap);
	d->errors[d->nerrors].id = id;
	d->nerrors++;
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
