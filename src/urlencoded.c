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

/*
 * A piece of a segment (no '&' in it), decoded straight into the
 * current field's bytes in the form's arena: name bytes up to its
 * first '=', value bytes after.  Decoding never makes bytes longer,
 * so the room for the piece and for a '%' and digit left over from
 * the last one is room for all it gives.  The state is kept in locals
 * while the bytes are written: a store through dst could otherwise
 * change it, as far as the compiler knows, and be read back each byte.
 */
static void
decode_piece(struct urlenc *u, const char *p, size_t len)
{
	struct form	*f = u->form;
	size_t		 i, k = 0, room, name = 0;
	int		 pct = u->pct, invalue = u->invalue, h;
	char		*dst, c, hex1 = u->hex1;

	if (u->cur == NULL && (u->cur = form_field_new(f, u->source)) == NULL)
		return;
	dst = form_room(f, u->cur, len + 2, &room);
	for (i = 0; i < len; i++) {
		c = p[i];
		/* Most bytes stand for themselves ('+' for a space): first. */
		if (pct == 0 && c != '%' && (c != '=' || invalue)) {
			if (k == room)
				break;
			dst[k++] = c == '+' ? ' ' : c;
			continue;
		}
		if (pct == 2 && (h = hex_value(c)) >= 0) {
			pct = 0;
			if (k == room)
				break;
			dst[k++] = (char)(hex_value(hex1) << 4 | h);
			continue;
		}
		if (pct == 1 && hex_value(c) >= 0) {
			hex1 = c;
			pct = 2;
			continue;
		}
		/* A '%' that did not start an escape stands for itself. */
		if (pct > 0) {
			if (k == room)
				break;
			dst[k++] = '%';
			if (pct == 2) {
				if (k == room)
					break;
				dst[k++] = hex1;
			}
			pct = 0;
		}
		if (c == '%')
			pct = 1;
		else if (c == '=' && !invalue) {
			invalue = 1;
			name = k;
		} else {
			if (k == room)
				break;
			dst[k++] = c == '+' ? ' ' : c;
		}
	}
	if (u->invalue)
		name = 0;
	else if (!invalue)
		name = k;
	u->pct = pct;
	u->invalue = invalue;
	u->hex1 = hex1;
	form_took(f, u->cur, name, k - name);
	if (i < len)
		form_full(f, u->cur);
}

/* A '%' (and a digit) left at the end of a segment stands for itself. */
static void
flush_pct(struct urlenc *u)
{
	char	 pending[2] = { '%', u->hex1 };

	if (u->pct > 0 && u->cur != NULL && u->form->cut == CUT_NONE)
		form_hold(u->form, u->cur, u->invalue, pending,
		    (size_t)u->pct);
	u->pct = 0;
}

/* "&&": no bytes, no field.  "=" alone is a field with an empty name. */
static void
end_segment(struct urlenc *u)
{
	flush_pct(u);
	u->cur = NULL;
	u->invalue = 0;
}

void
urlenc_feed(struct urlenc *u, const char *p, size_t len)
{
	const char	*amp;
	size_t		 n;

	while (len > 0 && u->form->cut == CUT_NONE) {
		amp = memchr(p, '&', len);
		n = amp != NULL ? (size_t)(amp - p) : len;
		if (n > 0)
			decode_piece(u, p, n);
		if (amp != NULL) {
			end_segment(u);
			n++;
		}
		p += n;
		len -= n;
	}
}

void
urlenc_finish(struct urlenc *u)
{
	end_segment(u);
}
