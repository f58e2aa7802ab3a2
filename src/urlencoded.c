/* cgidump: see LICENSE (ISC). */
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

#include "parse.h"

void
urlenc_init(struct urlenc *u, struct form *f, enum source source)
{
	memset(u, 0, sizeof(*u));
	u->form = f;
	u->source = source;
}

/* One decoded byte into the current name or value. */
static void
emit(struct urlenc *u, char c)
{
	struct form	*f = u->form;

	if (f->cut != CUT_NONE)
		return;
	if (u->cur == NULL && (u->cur = form_field_new(f, u->source)) == NULL)
		return;
	form_hold(f, u->cur, u->invalue ? &u->cur->value : &u->cur->name, &c, 1);
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
	if (u->started && u->cur == NULL && u->form->cut == CUT_NONE)
		u->cur = form_field_new(u->form, u->source);
	u->cur = NULL;
	u->invalue = 0;
	u->started = 0;
}

static void
feed_byte(struct urlenc *u, char c)
{
	int	 h;

	if (u->pct == 1) {
		if ((h = hex_value(c)) >= 0) {
			u->hex1 = c;
			u->pct = 2;
			return;
		}
		flush_pct(u);
	} else if (u->pct == 2) {
		if ((h = hex_value(c)) >= 0) {
			u->pct = 0;
			emit(u, (char)(hex_value(u->hex1) << 4 | h));
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
		if (u->cur == NULL && u->form->cut == CUT_NONE)
			u->cur = form_field_new(u->form, u->source);
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

	for (i = 0; i < len && u->form->cut == CUT_NONE; i++)
		feed_byte(u, p[i]);
}

void
urlenc_finish(struct urlenc *u)
{
	end_segment(u);
}
