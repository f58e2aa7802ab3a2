/* cgidump: see LICENSE (ISC). */
/*
 * escape.c: the only way a byte from outside reaches the output, one
 * function per target.
 *
 * Bytes are read as UTF-8 (RFC 3629).  What a reader could not see, or
 * what could act on the reader's terminal or browser, is made visible:
 *
 *	C0 controls, DEL, bytes that are not	\xNN (marked in HTML),
 *	valid UTF-8				U+FFFD in JSON
 *	C1 controls, bidirectional and		\uXXXX (marked in HTML),
 *	invisible format characters,		\uXXXX in JSON
 *	noncharacters
 *
 * so that a value cannot drive a terminal (ESC, CSI), reorder what is
 * shown around it (U+202E), or pass as something it is not.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"

/*
 * RFC 3629 §4: the length of the well-formed sequence at p (1..4) and
 * its code point, or 0 when the byte at p does not start one.
 * Overlong forms, surrogates and values past U+10FFFF are ill-formed.
 */
size_t
utf8_valid(const unsigned char *p, size_t len, uint32_t *cp)
{
	uint32_t	 c;
	size_t		 n, i;

	if (len == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

/* A code point that is valid but must not be shown as itself. */
static int
hidden_cp(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9f) ||		/* C1 controls */
	    c == 0x00ad || c == 0x034f ||		/* soft hyphen, CGJ */
	    c == 0x115f || c == 0x1160 ||		/* Hangul fillers */
	    c == 0x3164 || c == 0xffa0 ||
	    c == 0x180e ||				/* Mongolian vowel sep. */
	    (c >= 0xe0000 && c <= 0xe007f) ||		/* tag characters */
	    c == 0x061c ||				/* Arabic letter mark */
	    (c >= 0x200b && c <= 0x200f) ||		/* zero width, LRM, RLM */
	    (c >= 0x2028 && c <= 0x202e) ||		/* separators, embeddings */
	    (c >= 0x2060 && c <= 0x2064) ||		/* word joiner, invisibles */
	    (c >= 0x2066 && c <= 0x2069) ||		/* isolates */
	    c == 0xfeff ||				/* BOM, ZWNBSP */
	    (c >= 0xfff9 && c <= 0xfffb) ||		/* interlinear annotation */
	    (c >= 0xfdd0 && c <= 0xfdef) ||		/* noncharacters */
	    (c & 0xfffe) == 0xfffe;
}

/* One unit of input: a character to copy, or something to escape. */
enum unit { U_PLAIN, U_BYTE, U_CP };

static enum unit
next_unit(const unsigned char *p, size_t len, size_t *n, uint32_t *cp)
{
	if ((*n = utf8_valid(p, len, cp)) == 0) {
		*n = 1;
		*cp = p[0];
		return U_BYTE;
	}
	if (*cp < 0x20 || *cp == 0x7f)
		return U_BYTE;
	return hidden_cp(*cp) ? U_CP : U_PLAIN;
}

/*
 * The length of the run at p of printable ASCII bytes outside special:
 * they go out as they are, in one write.
 */
static size_t
plain_run(const unsigned char *p, size_t len, const char *special)
{
	size_t	 n;

	for (n = 0; n < len; n++)
		if (p[n] < 0x20 || p[n] >= 0x7f || byte_in(p[n], special))
			break;
	return n;
}

static void
cp_escape(FILE *f, uint32_t cp)
{
	if (cp > 0xffff)
		fprintf(f, "\\U%08x", (unsigned)cp);
	else
		fprintf(f, "\\u%04x", (unsigned)cp);
}

/*
 * HTML text (HTML5 §13.1.2.6), not attribute values (the markup it
 * adds has quotes): & < > " ' as
 * references; escapes in a <span class="x"> so that a value holding
 * the four characters "\x1b" cannot pass for an escape.  A line feed
 * is also kept as a line break for pre-wrap text.
 */
void
html_escape(FILE *f, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;
	uint32_t		 cp;
	enum unit		 u;
	int			 marked = 0;

	while (i < len) {
		if (!marked && (n = plain_run(p + i, len - i, "&<>\"'")) > 0) {
			fwrite(p + i, 1, n, f);
			i += n;
			continue;
		}
		u = next_unit(p + i, len - i, &n, &cp);
		if (u != U_PLAIN && !marked)
			fputs("<span class=\"x\">", f);
		else if (u == U_PLAIN && marked)
			fputs("</span>", f);
		marked = u != U_PLAIN;
		if (u == U_BYTE)
			fprintf(f, "\\x%02X%s", (unsigned)cp,
			    cp == '\n' && i + n < len ? "\n" : "");
		else if (u == U_CP)
			cp_escape(f, cp);
		else if (cp == '&')
			fputs("&amp;", f);
		else if (cp == '<')
			fputs("&lt;", f);
		else if (cp == '>')
			fputs("&gt;", f);
		else if (cp == '"')
			fputs("&quot;", f);
		else if (cp == '\'')
			fputs("&#39;", f);
		else
			fwrite(p + i, 1, n, f);
		i += n;
	}
	if (marked)
		fputs("</span>", f);
}

/*
 * A JSON string with its quotes (RFC 8259 §7).  Control characters are
 * escaped as the RFC requires; bytes that are not UTF-8 become U+FFFD
 * (RFC 8259 §8.1: JSON text exchanged between systems MUST be UTF-8).
 */
void
json_string(FILE *f, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;
	uint32_t		 cp;
	enum unit		 u;

	putc('"', f);
	while (i < len) {
		if ((n = plain_run(p + i, len - i, "\"\\")) > 0) {
			fwrite(p + i, 1, n, f);
			i += n;
			continue;
		}
		u = next_unit(p + i, len - i, &n, &cp);
		if (u == U_BYTE && n == 1 && cp >= 0x80)
			fputs("\\ufffd", f);
		else if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", (int)cp);
		else if (cp == '\n')
			fputs("\\n", f);
		else if (cp == '\r')
			fputs("\\r", f);
		else if (cp == '\t')
			fputs("\\t", f);
		else if (u == U_BYTE || (u == U_CP && cp <= 0xffff))
			fprintf(f, "\\u%04x", (unsigned)cp);
		else
			fwrite(p + i, 1, n, f);
		i += n;
	}
	putc('"', f);
}

/*
 * Terminal text, so that no byte can reach the terminal as a control
 * (ESC, CSI, BEL, CR).  TEXT_QUOTED is the inside of a C string
 * literal: backslash and double quote are escaped too, so that between
 * quotes an escape cannot be forged.  TEXT_PLAIN is for cgidump's own
 * messages, whose request bytes quote_value() has already escaped.
 */
void
text_escape(FILE *f, const char *s, size_t len, enum text_mode mode)
{
	int	 quoted = mode == TEXT_QUOTED;

	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;
	uint32_t		 cp;
	enum unit		 u;

	while (i < len) {
		if ((n = plain_run(p + i, len - i, quoted ? "\"\\" : "")) > 0) {
			fwrite(p + i, 1, n, f);
			i += n;
			continue;
		}
		u = next_unit(p + i, len - i, &n, &cp);
		if (u == U_BYTE)
			fprintf(f, "\\x%02X", (unsigned)cp);
		else if (u == U_CP)
			cp_escape(f, cp);
		else if (quoted && (cp == '"' || cp == '\\'))
			fprintf(f, "\\%c", (int)cp);
		else
			fwrite(p + i, 1, n, f);
		i += n;
	}
}

void
hex_out(FILE *f, const unsigned char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		fprintf(f, "%02x", p[i]);
}

/*
 * A request value to quote inside cgidump's own message: between
 * double quotes, escaped as TEXT_QUOTED, and cut after max bytes at a
 * character boundary.  The caller frees it.
 */
char *
quote_value(const char *p, size_t len, size_t max)
{
	char		*out = NULL;
	size_t		 size = 0, cut = 0, n;
	uint32_t	 cp;
	FILE		*m;

	while (cut < len && cut < max) {
		if ((n = utf8_valid((const unsigned char *)p + cut, len - cut,
		    &cp)) == 0)
			n = 1;
		if (cut + n > max)
			break;
		cut += n;
	}
	if ((m = open_memstream(&out, &size)) == NULL)
		return xstrdup("\"...\"");
	putc('"', m);
	text_escape(m, p, cut, TEXT_QUOTED);
	fputs(cut < len ? "\"..." : "\"", m);
	if (fclose(m) != 0 || out == NULL)
		return xstrdup("\"...\"");
	return out;
}

/* quote_value(), appended to b. */
void
buf_quote(struct buf *b, const char *p, size_t len, size_t max)
{
	char	*q = quote_value(p, len, max);

	buf_add(b, q, strlen(q));
	free(q);
}
