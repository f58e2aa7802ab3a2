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

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/*
 * What a byte is to the escapers, so that the common case (a byte that
 * goes out as it is) costs one look-up:
 *
 *	X_CTRL	C0 control or DEL: always escaped
 *	X_HIGH	part of a UTF-8 sequence: valid or not, hidden or not
 *	X_HTML	& < > " ': references in HTML
 *	X_QUOTE	" \: backslashed in JSON and between text quotes
 */
#define X_CTRL	0x01
#define X_HIGH	0x02
#define X_HTML	0x04
#define X_QUOTE	0x08

#define C	X_CTRL
#define H	X_HIGH
static const unsigned char byte_class[256] = {
	C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,	/* 0x00 */
	C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,	/* 0x10 */
	['"'] = X_HTML | X_QUOTE, ['&'] = X_HTML, ['\''] = X_HTML,
	['<'] = X_HTML, ['>'] = X_HTML, ['\\'] = X_QUOTE,
	[0x7f] = C,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,	/* 0x80 */
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,	/* 0xc0 */
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
};
#undef C
#undef H

/* The classes each target does not copy as they are. */
#define STOP_HTML	(X_CTRL | X_HIGH | X_HTML)
#define STOP_JSON	(X_CTRL | X_HIGH | X_QUOTE)
#define STOP_QUOTED	(X_CTRL | X_HIGH | X_QUOTE)
#define STOP_PLAIN	(X_CTRL | X_HIGH)

/* errno of a write of out_spill() to standard output that failed */
static int	 spill_errno;

/*
 * The answer's buffer goes to its stream in one write (dump.h, struct
 * out); out_end() also frees it.  One begun on standard output
 * (out_begin) is written with write(2), after what stdio still holds:
 * through stdio it would first be copied into stdio's buffer, as many
 * pages again to fault in.  Once a write has failed, no other is
 * tried.  -1: this write or an earlier one failed.
 */
int
out_spill(struct out *o)
{
	const char	*p = o->b.p;
	size_t		 left = o->b.len;
	ssize_t		 n;

	o->b.len = 0;
	if (o->f == NULL || left == 0)
		return 0;
	if (!o->direct)
		return fwrite(p, 1, left, o->f) == left ? 0 : -1;
	if (spill_errno != 0)
		return -1;
	if (fflush(o->f) == EOF) {
		spill_errno = errno;
		return -1;
	}
	while (left > 0) {
		if ((n = write(STDOUT_FILENO, p, left)) > 0) {
			p += n;
			left -= (size_t)n;
		} else if (n == 0 || errno != EINTR) {
			spill_errno = n == 0 ? EIO : errno;
			return -1;
		}
	}
	return 0;
}

/*
 * The buffer for an answer to f, of the size it is written in, so
 * that it does not grow a page at a time.
 */
void
out_begin(struct out *o, FILE *f)
{
	memset(o, 0, sizeof(*o));
	o->f = f;
	o->direct = f == stdout;
	buf_reserve(&o->b, OUT_SPILL);
}

/*
 * Whether all that went to standard output, through stdio or through
 * out_spill(), got there; errno says why not.
 */
int
stdout_failed(void)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		return 1;
	if (spill_errno != 0) {
		errno = spill_errno;
		return 1;
	}
	return 0;
}

void
out_end(struct out *o)
{
	out_spill(o);
	buf_free(&o->b);
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
 * The length of the run at p that goes out as it is, in one write:
 * bytes of no class in stop, and well-formed UTF-8 that shows as
 * itself.  Only where a byte >= 0x80 appears is UTF-8 decoded.
 */
static size_t
plain_run(const unsigned char *p, size_t len, unsigned int stop)
{
	size_t		 n = 0, k;
	uint32_t	 cp;

	while (n < len) {
		if ((byte_class[p[n]] & stop) == 0)
			n++;
		else if (p[n] >= 0x80 &&
		    (k = utf8_valid(p + n, len - n, &cp)) > 0 && !hidden_cp(cp))
			n += k;
		else
			break;
	}
	return n;
}

/*
 * A backslash escape of v in ndigits hex digits: "\x1B" (upper case,
 * as cgidump has always shown a byte), "\u202e", "\U000e0001".
 */
static void
hex_escape(struct out *o, char kind, uint32_t v, int ndigits)
{
	const char	*digits = kind == 'x' ? "0123456789ABCDEF" :
			    "0123456789abcdef";
	char		 s[10];
	int		 i;

	s[0] = '\\';
	s[1] = kind;
	for (i = 0; i < ndigits; i++)
		s[2 + i] = digits[v >> (4 * (ndigits - 1 - i)) & 0xf];
	out_write(o, s, 2 + (size_t)ndigits);
}

static void
cp_escape(struct out *o, uint32_t cp)
{
	if (cp > 0xffff)
		hex_escape(o, 'U', cp, 8);
	else
		hex_escape(o, 'u', cp, 4);
}

/*
 * The five characters that plain_run() leaves to it: named references
 * (HTML5 §13.5), and &#39; for the apostrophe, which HTML4 had no name for.
 */
static const char *
html_reference(uint32_t c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	default:
		return "&#39;";
	}
}

/* Open or close the span that marks escapes, where that changes. */
static void
html_mark(struct out *o, int *marked, int on)
{
	static const char	 open[] = "<span class=\"x\">", close[] = "</span>";

	if (on && !*marked)
		out_write(o, open, sizeof(open) - 1);
	else if (!on && *marked)
		out_write(o, close, sizeof(close) - 1);
	*marked = on;
}

/*
 * HTML text (HTML5 §13.1.2.6), not attribute values (the markup it
 * adds has quotes): & < > " ' as
 * references; escapes in a <span class="x"> so that a value holding
 * the four characters "\x1b" cannot pass for an escape.  A line feed
 * is also kept as a line break for pre-wrap text.
 */
void
out_html(struct out *o, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	const char		*ref;
	size_t			 i = 0, n;
	uint32_t		 cp;
	enum unit		 u;
	int			 marked = 0;

	while (i < len) {
		if ((n = plain_run(p + i, len - i, STOP_HTML)) > 0) {
			html_mark(o, &marked, 0);
			out_write(o, (const char *)p + i, n);
		} else if ((u = next_unit(p + i, len - i, &n, &cp)) ==
		    U_PLAIN) {
			html_mark(o, &marked, 0);
			ref = html_reference(cp);
			out_write(o, ref, strlen(ref));
		} else {
			html_mark(o, &marked, 1);
			if (u == U_CP)
				cp_escape(o, cp);
			else {
				hex_escape(o, 'x', cp, 2);
				if (cp == '\n' && i + n < len)
					out_write(o, "\n", 1);
			}
		}
		i += n;
	}
	html_mark(o, &marked, 0);
}

/* out_html() straight to a stream, as the other escapers have it. */
void
html_escape(FILE *f, const char *s, size_t len)
{
	struct out	 o = { f, { NULL, 0, 0 }, 0 };

	out_html(&o, s, len);
	out_end(&o);
}

/*
 * A JSON string with its quotes (RFC 8259 §7).  Control characters are
 * escaped as the RFC requires; bytes that are not UTF-8 become U+FFFD
 * (RFC 8259 §8.1: JSON text exchanged between systems MUST be UTF-8).
 */
void
out_json(struct out *o, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;
	uint32_t		 cp;
	enum unit		 u;

	out_write(o, "\"", 1);
	while (i < len) {
		if ((n = plain_run(p + i, len - i, STOP_JSON)) > 0) {
			out_write(o, (const char *)p + i, n);
			i += n;
			continue;
		}
		u = next_unit(p + i, len - i, &n, &cp);
		if (u == U_BYTE && cp >= 0x80)
			out_write(o, "\\ufffd", 6);
		else if (cp == '"')
			out_write(o, "\\\"", 2);
		else if (cp == '\\')
			out_write(o, "\\\\", 2);
		else if (cp == '\n')
			out_write(o, "\\n", 2);
		else if (cp == '\r')
			out_write(o, "\\r", 2);
		else if (cp == '\t')
			out_write(o, "\\t", 2);
		else if (cp <= 0xffff)
			hex_escape(o, 'u', cp, 4);
		else
			/* Past the BMP \u would need a surrogate pair. */
			out_write(o, (const char *)p + i, n);
		i += n;
	}
	out_write(o, "\"", 1);
}

void
json_string(FILE *f, const char *s, size_t len)
{
	struct out	 o = { f, { NULL, 0, 0 }, 0 };

	out_json(&o, s, len);
	out_end(&o);
}

void
out_text(struct out *o, const char *s, size_t len,
    enum text_mode mode)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned int		 stop;
	size_t			 i = 0, n;
	uint32_t		 cp;
	enum unit		 u;

	stop = mode == TEXT_QUOTED ? STOP_QUOTED : STOP_PLAIN;
	while (i < len) {
		if ((n = plain_run(p + i, len - i, stop)) > 0) {
			out_write(o, (const char *)p + i, n);
			i += n;
			continue;
		}
		u = next_unit(p + i, len - i, &n, &cp);
		if (u == U_BYTE)
			hex_escape(o, 'x', cp, 2);
		else if (u == U_CP)
			cp_escape(o, cp);
		else {
			/* TEXT_QUOTED's " and \ */
			out_write(o, "\\", 1);
			out_write(o, (const char *)p + i, 1);
		}
		i += n;
	}
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
	struct out	 o = { f, { NULL, 0, 0 }, 0 };

	out_text(&o, s, len, mode);
	out_end(&o);
}

/* Bytes as lower-case hex pairs (a SHA-256, a binary preview). */
void
out_hex(struct out *o, const unsigned char *p, size_t len)
{
	static const char	 digits[] = "0123456789abcdef";
	char			 s[64];
	size_t			 i, n = 0;

	for (i = 0; i < len; i++) {
		if (n == sizeof(s)) {
			out_write(o, s, n);
			n = 0;
		}
		s[n++] = digits[p[i] >> 4];
		s[n++] = digits[p[i] & 0xf];
	}
	out_write(o, s, n);
}

void
hex_out(FILE *f, const unsigned char *p, size_t len)
{
	struct out	 o = { f, { NULL, 0, 0 }, 0 };

	out_hex(&o, p, len);
	out_end(&o);
}

/*
 * cgidump's own strings, one after the other up to a NULL: the
 * constant pieces of the markup around what the escapers write, at
 * the cost of a copy each and no format to interpret.
 */
void
strs_out(FILE *f, ...)
{
	va_list		 ap;
	const char	*s;

	va_start(ap, f);
	while ((s = va_arg(ap, const char *)) != NULL)
		fputs(s, f);
	va_end(ap);
}

void
out_strs(struct out *o, ...)
{
	va_list		 ap;
	const char	*s;

	va_start(ap, o);
	while ((s = va_arg(ap, const char *)) != NULL)
		out_puts(o, s);
	va_end(ap);
}

/* printf(3) into the buffer, for the few numbers in octal or signed. */
void
out_printf(struct out *o, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vaddf(&o->b, fmt, ap);
	va_end(ap);
	if (o->b.len >= OUT_SPILL && o->f != NULL)
		out_spill(o);
}

/* A number in decimal, as printf's %llu would write it. */
void
out_u64(struct out *o, uint64_t v)
{
	char	 s[20];

	out_write(o, s, u64_digits(s, v));
}

void
u64_out(FILE *f, uint64_t v)
{
	char	 s[20];

	fwrite(s, 1, u64_digits(s, v), f);
}

/*
 * A request value to quote inside cgidump's own message: between
 * double quotes, escaped as TEXT_QUOTED, and cut after max bytes at a
 * character boundary.  The caller frees it.
 */
char *
quote_value(const char *p, size_t len, size_t max)
{
	struct buf	 b = { NULL, 0, 0 };

	buf_quote(&b, p, len, max);
	buf_str(&b);
	return b.p;
}

/* quote_value(), appended to b. */
void
buf_quote(struct buf *b, const char *p, size_t len, size_t max)
{
	struct out	 o = { NULL, *b, 0 };
	size_t		 cut = 0, n;
	uint32_t	 cp;

	while (cut < len && cut < max) {
		if ((n = utf8_valid((const unsigned char *)p + cut, len - cut,
		    &cp)) == 0)
			n = 1;
		if (cut + n > max)
			break;
		cut += n;
	}
	out_putc(&o, '"');
	out_text(&o, p, cut, TEXT_QUOTED);
	out_putc(&o, '"');
	if (cut < len)
		out_write(&o, "...", 3);
	*b = o.b;
}

/*
 * POSIX sh (XCU §2.2.2): inside single quotes every byte but the quote
 * itself stands for itself, so a word is one quoted run, a quote
 * written as '\''.  The script is shown on terminals too (curl without
 * -o), so the bytes text_escape() would not show as they are (C0
 * controls but tab and line feed, DEL, bytes that are not UTF-8, and
 * the hidden code points: bidirectional overrides could reorder the
 * script a reader sees) are not written raw: each becomes a quoted
 * expansion of a variable the script sets to that byte first
 * (sh_byte_defs), "${cgidump_b033}".  No NUL: environ and argv hold
 * C strings, and the body goes through sh_printf_line().
 */
static int
sh_plain(const unsigned char *p, size_t len, size_t *n)
{
	uint32_t	 cp;

	if (p[0] == '\t' || p[0] == '\n') {
		*n = 1;
		return 1;
	}
	return next_unit(p, len, n, &cp) == U_PLAIN;
}

/* Mark in set (256 bits) the bytes that sh_word() would write by name. */
void
sh_unsafe(const char *s, size_t len, unsigned char set[32])
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, j;

	while (i < len) {
		if (!sh_plain(p + i, len - i, &n))
			for (j = 0; j < n; j++)
				set[p[i + j] >> 3] |= 1u << (p[i + j] & 7);
		i += n;
	}
}

static void
sh_byte_name(FILE *f, unsigned char c)
{
	fprintf(f, "cgidump_b%03o", c);
}

/* The variables sh_word() names, for the bytes in set: one line each. */
void
sh_byte_defs(FILE *f, const unsigned char set[32])
{
	unsigned int	 c;

	for (c = 1; c < 256; c++) {
		if ((set[c >> 3] & (1u << (c & 7))) == 0)
			continue;
		sh_byte_name(f, (unsigned char)c);
		/* $(...) drops trailing line feeds; none is ever named. */
		fprintf(f, "=$(printf '\\%03o')\n", c);
	}
}

/*
 * One sh word that expands to exactly the bytes s (len of them), with
 * nothing in it that the shell could execute or split: single-quoted
 * runs, and double-quoted expansions of the byte variables.
 */
void
sh_word(FILE *f, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, j;
	int			 open = 0;

	if (len == 0) {
		fputs("''", f);
		return;
	}
	while (i < len) {
		if (!sh_plain(p + i, len - i, &n)) {
			if (open)
				putc('\'', f);
			open = 0;
			for (j = 0; j < n; j++) {
				fputs("\"${", f);
				sh_byte_name(f, p[i + j]);
				fputs("}\"", f);
			}
		} else if (p[i] == '\'') {
			fputs(open ? "'\\'" : "\\'", f);
			open = 0;
		} else {
			if (!open)
				putc('\'', f);
			open = 1;
			fwrite(p + i, 1, n, f);
		}
		i += n;
	}
	if (open)
		putc('\'', f);
}

/*
 * One printf(1) command (no line end: the caller may redirect it)
 * that writes exactly the bytes s: the format in
 * single quotes, every byte that is not printable ASCII as a three
 * digit octal escape (XCU printf: "\ddd", one to three digits; always
 * three, so that a digit after it is not taken in), % as %%, the
 * backslash as \\, the quote as \047, and a leading '-' as \055 so
 * that no shell takes the format for an option.
 */
void
sh_printf_line(FILE *f, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;

	fputs("printf '", f);
	for (i = 0; i < len; i++) {
		if (p[i] == '%')
			fputs("%%", f);
		else if (p[i] == '\\')
			fputs("\\\\", f);
		else if (p[i] < 0x20 || p[i] >= 0x7f || p[i] == '\'' ||
		    (i == 0 && p[i] == '-'))
			fprintf(f, "\\%03o", p[i]);
		else
			putc(p[i], f);
	}
	putc('\'', f);
}
