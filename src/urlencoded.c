/*
 * urlencoded.c: query strings and application/x-www-form-urlencoded
 * bodies, as a state machine fed chunks of any size.
 *
 * Grammar (WHATWG URL "application/x-www-form-urlencoded parsing", and
 * DESIGN.md "Parsing semantics"):
 *
 *	form     = [ segment ] *( "&" [ segment ] )
 *	segment  = name [ "=" value ]
 *
 * Only "&" separates: a ";" is data (CVE-2021-23336 is what happens
 * when two parsers disagree about that).  Empty segments are skipped;
 * "a" is name "a" with an empty value; "=x" has an empty name.  In
 * names and values "+" is a space and "%" HEXDIG HEXDIG a byte; any
 * other "%" is kept as it is.  Decoded bytes are kept as they are,
 * NUL and invalid UTF-8 included: the renderers show them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dump.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void
urlenc_init(struct urlenc *u, struct form *f, enum source source)
{
	memset(u, 0, sizeof(*u));
	u->form = f;
	u->source = source;
}

/*
 * Start a field, unless a limit says no more.  A field costs
 * FIELD_COST bytes of CGIDUMP_MAX_FORM besides its name and value, so
 * that memory stays bounded by that limit alone, even with
 * CGIDUMP_MAX_FIELDS=0 and a body of "&=&=&=...".
 */
static struct field *
field_new(struct urlenc *u)
{
	struct form	*f = u->form;

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
	f->v[f->n].source = u->source;
	return &f->v[f->n++];
}

/* One decoded byte into the current name or value. */
static void
emit(struct urlenc *u, char c)
{
	struct form	*f = u->form;

	if (f->cut != NULL)
		return;
	if (f->max_bytes != 0 && f->bytes >= f->max_bytes) {
		f->cut = "CGIDUMP_MAX_FORM";
		if (u->cur != NULL)
			u->cur->truncated = 1;
		return;
	}
	if (u->cur == NULL && (u->cur = field_new(u)) == NULL)
		return;
	f->bytes++;
	buf_addc(u->invalue ? &u->cur->value : &u->cur->name, c);
}

/* A '%' that did not start an escape stands for itself. */
static void
flush_pct(struct urlenc *u)
{
	if (u->pct >= 1)
		emit(u, '%');
	if (u->pct == 2)
		emit(u, u->hex1);
	u->pct = 0;
}

static void
end_segment(struct urlenc *u)
{
	flush_pct(u);
	/* "&&": no bytes, no field.  "=" alone is a field with empty name. */
	if (u->started && u->cur == NULL && u->form->cut == NULL)
		u->cur = field_new(u);
	u->cur = NULL;
	u->invalue = 0;
	u->started = 0;
}

static void
feed_byte(struct urlenc *u, char c)
{
	int	 h;

	if (u->pct == 1) {
		if ((h = hexval(c)) >= 0) {
			u->hex1 = c;
			u->pct = 2;
			return;
		}
		flush_pct(u);
	} else if (u->pct == 2) {
		if ((h = hexval(c)) >= 0) {
			u->pct = 0;
			emit(u, (char)(hexval(u->hex1) << 4 | h));
			return;
		}
		flush_pct(u);
	}
	if (c == '&') {
		end_segment(u);
		return;
	}
	u->started = 1;
	if (c == '=' && !u->invalue) {
		if (u->cur == NULL && u->form->cut == NULL)
			u->cur = field_new(u);
		u->invalue = 1;
	} else if (c == '%')
		u->pct = 1;
	else
		emit(u, c == '+' ? ' ' : c);
}

void
urlenc_feed(struct urlenc *u, const char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < len && u->form->cut == NULL; i++)
		feed_byte(u, p[i]);
}

void
urlenc_finish(struct urlenc *u)
{
	end_segment(u);
}

void
form_free(struct form *f)
{
	size_t	 i;

	for (i = 0; i < f->n; i++) {
		buf_free(&f->v[i].name);
		buf_free(&f->v[i].value);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}
