/* cgidump: see LICENSE (ISC). */
/*
 * mem.c: allocation that cannot fail silently, growable buffers, and
 * one helper for each small job on bytes (trim, digits, case-blind
 * compare, ordering, last path segment, comma lists).  Every stage
 * uses these; none has its own.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dump.h"

#if HAVE_MADVISE && defined(__linux__)
/* sys/mman.h shows it only to _DEFAULT_SOURCE; configure declared it too. */
int	madvise(void *, size_t, int);
#define USE_PREFAULT	1
/* Linux 5.14's value (include/uapi/asm-generic/mman-common.h). */
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23
#endif
#else
#define USE_PREFAULT	0
#endif

/*
 * Running out of memory is "the program cannot work" (STYLE.md): the
 * limits keep every request far below it, so there is no page to save.
 * A CGI that dies before its headers makes the server answer 500.
 */
static void
nomem(void)
{
	static const char msg[] = "cgidump: out of memory\n";

	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(1);
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n ? n : 1, size ? size : 1)) == NULL)
		nomem();
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	void	*p;

	if (size != 0 && n > SIZE_MAX / size)
		nomem();
	if ((p = realloc(old, n * size != 0 ? n * size : 1)) == NULL)
		nomem();
	return p;
}

char *
xstrdup(const char *s)
{
	size_t	 len = strlen(s);
	char	*p = xcalloc(1, len + 1);

	memcpy(p, s, len);
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	struct buf	 b = { NULL, 0, 0 };

	buf_vaddf(&b, fmt, ap);
	buf_str(&b);
	return b.p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

/* Room for more bytes than b has: its capacity doubled until they fit. */
void
buf_grow(struct buf *b, size_t more)
{
	size_t	 cap;

	if (more > SIZE_MAX - b->len)
		nomem();
	if (b->len + more <= b->cap)
		return;
	cap = b->cap ? b->cap : 16;
	while (cap < b->len + more) {
		if (cap > SIZE_MAX / 2)
			nomem();
		cap *= 2;
	}
	b->p = xreallocarray(b->p, cap, 1);
	b->cap = cap;
}

/* A number in decimal, as printf's %llu would write it. */
void
buf_u64(struct buf *b, uint64_t v)
{
	char	 d[20];

	buf_add(b, d, u64_digits(d, v));
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

/*
 * printf(3) at the end of b, formatted once when the room it has (at
 * least 128 bytes more) is enough, as it is for nearly every message:
 * measuring first would format each twice.
 */
void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 ap2;
	int	 len;

	buf_reserve(b, 128);
	va_copy(ap2, ap);
	len = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap2);
	va_end(ap2);
	if (len < 0)
		nomem();
	if ((size_t)len >= b->cap - b->len) {
		buf_reserve(b, (size_t)len + 1);
		(void)vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)len;
}

void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/*
 * Touch pages before they are written, in one system call rather than
 * a page fault each: where a form of a million fields fills 50 MiB,
 * the faults were a third of its time on a virtual machine whose every
 * fault traps to the hypervisor (12,800 of them, ~7 us each), and
 * populating the same pages in the kernel costs a fraction of that.
 * Linux 5.14's MADV_POPULATE_WRITE; an older kernel refuses it
 * (EINVAL), and elsewhere this does nothing: the pages then fault in
 * one by one as they are written, as they always did.  Only whole
 * pages inside [p, p + len) are touched: nothing outside the caller's
 * memory.  Below PREFAULT_MIN the call would cost what it saves.
 */
#define PREFAULT_MIN	(64 * 1024)

void
mem_prefault(void *p, size_t len)
{
#if USE_PREFAULT
	long		 pg = sysconf(_SC_PAGESIZE);
	uintptr_t	 a = (uintptr_t)p, e = a + len;

	if (len < PREFAULT_MIN || pg <= 0 || e < a)
		return;
	a = (a + (uintptr_t)pg - 1) & ~((uintptr_t)pg - 1);
	e &= ~((uintptr_t)pg - 1);
	if (e > a)
		(void)madvise((void *)a, e - a, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)len;
#endif
}

/*
 * The arena's chunks: the first small, so that a form of a few fields
 * does not reserve much more than it holds; each next one twice the
 * last, up to ARENA_CHUNK_MAX, so that a million short fields take a
 * few dozen allocations.  A chunk past the first is prefaulted: the
 * form that filled the last one is likely to fill most of it.
 */
#define ARENA_CHUNK	65536
#define ARENA_CHUNK_MAX	(1024 * 1024)

/*
 * Room for more bytes after the open string; returns where the open
 * string starts now.  *moved is how many bytes it left behind when it
 * had to move to a new chunk (its old copy stays allocated, and the
 * caller counts it): it moves only when it shares a chunk with closed
 * strings, so less than that chunk's size a time.  A string alone in
 * its chunk grows the chunk instead, leaving nothing behind.
 */
char *
arena_reserve(struct arena *a, size_t more, size_t *moved)
{
	struct arena_chunk	*c = a->top;
	size_t			 need, size = ARENA_CHUNK;

	*moved = 0;
	if (c != NULL && c->size - c->used - a->openlen >= more)
		return c->p + c->used;
	if (more > SIZE_MAX - a->openlen)
		nomem();
	need = a->openlen + more;
	if (c != NULL && c->used == 0)
		size = c->size;
	else if (c != NULL)
		size = c->size < ARENA_CHUNK_MAX / 2 ? c->size * 2 :
		    ARENA_CHUNK_MAX;
	while (size < need) {
		if (size > (SIZE_MAX - sizeof(*c)) / 2)
			nomem();
		size *= 2;
	}
	if (c != NULL && c->used == 0) {
		c = xreallocarray(c, 1, sizeof(*c) + size);
		c->size = size;
		a->top = c;
		return c->p;
	}
	c = xreallocarray(NULL, 1, sizeof(*c) + size);
	if (a->top != NULL)
		mem_prefault(c->p, size < ARENA_CHUNK_MAX ? size :
		    ARENA_CHUNK_MAX);
	c->prev = a->top;
	c->size = size;
	c->used = 0;
	if (a->openlen > 0) {
		memcpy(c->p, a->top->p + a->top->used, a->openlen);
		*moved = a->openlen;
	}
	a->top = c;
	return c->p;
}

/* n bytes written where arena_reserve() made room now belong to the open string. */
void
arena_commit(struct arena *a, size_t n)
{
	a->openlen += n;
}

/* The open string is complete: the next one starts after it. */
void
arena_close(struct arena *a)
{
	if (a->top != NULL)
		a->top->used += a->openlen;
	a->openlen = 0;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk	*c, *prev;

	for (c = a->top; c != NULL; c = prev) {
		prev = c->prev;
		free(c);
	}
	a->top = NULL;
	a->openlen = 0;
}

struct bytes
bytes_of(const char *s)
{
	struct bytes	 b = { s, s != NULL ? strlen(s) : 0 };

	return b;
}

int
bytes_eq(struct bytes b, const char *s)
{
	size_t	 len;

	/* Most calls differ at the first byte: s is not measured then. */
	if (b.p == NULL || (b.len > 0 && b.p[0] != s[0]))
		return 0;
	len = strlen(s);
	return b.len == len && memcmp(b.p, s, len) == 0;
}

/* The value of a hexadecimal digit, or -1. */
int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The first n bytes of a and b are equal, ignoring ASCII case. */
int
ascii_ieqn(const char *a, const char *b, size_t n)
{
	size_t	 i;
	int	 x, y;

	for (i = 0; i < n; i++) {
		x = (unsigned char)a[i];
		y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return 1;
}

/*
 * a and b are the same but for at most one edit, ASCII case aside: a
 * byte inserted, deleted or changed, or two adjacent bytes swapped
 * (CGIDMP, CGIDUUMP, CGIDNMP and CGIDUPM are each one from CGIDUMP).
 */
int
one_edit(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t	 i, n;

	if (alen < blen)
		return one_edit(b, blen, a, alen);
	if (alen - blen > 1)
		return 0;
	for (i = 0; i < blen && ascii_ieqn(a + i, b + i, 1); i++)
		continue;
	if (i == blen)
		return 1;
	n = blen - i;
	if (alen > blen)
		return ascii_ieqn(a + i + 1, b + i, n);
	if (ascii_ieqn(a + i + 1, b + i + 1, n - 1))
		return 1;
	return n >= 2 && ascii_ieqn(a + i, b + i + 1, 1) &&
	    ascii_ieqn(a + i + 1, b + i, 1) &&
	    ascii_ieqn(a + i + 2, b + i + 2, n - 2);
}

/* At least one byte, and only ASCII decimal digits. */
int
is_digits(const char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return len > 0;
}

/*
 * Plain decimal digits only, at least one, no sign, no space, no
 * overflow: RFC 3875 §4.1.2 CONTENT_LENGTH = 1*digit.  Returns 0 and
 * leaves *out alone on anything else.
 */
int
parse_u64(const char *p, size_t len, uint64_t *out)
{
	uint64_t	 v = 0;
	size_t		 i;

	if (!is_digits(p, len))
		return 0;
	for (i = 0; i < len; i++) {
		if (v > (UINT64_MAX - (uint64_t)(p[i] - '0')) / 10)
			return 0;
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	*out = v;
	return 1;
}

/* Whether b is one of the strings of a NULL-terminated list. */
int
bytes_in(struct bytes b, const char *const *list)
{
	size_t	 i;

	/* The first byte rules out most strings before they are measured. */
	for (i = 0; list[i] != NULL; i++)
		if ((b.len == 0 || b.p[0] == list[i][0]) &&
		    b.len == strlen(list[i]) && memcmp(b.p, list[i], b.len) == 0)
			return 1;
	return 0;
}

/* b starts with s. */
int
bytes_prefix(struct bytes b, const char *s)
{
	size_t	 len;

	/* Most calls differ at the first byte: s is not measured then. */
	if (b.p == NULL || (s[0] != '\0' && (b.len == 0 || b.p[0] != s[0])))
		return 0;
	len = strlen(s);
	return b.len >= len && memcmp(b.p, s, len) == 0;
}

/* Byte order, a shorter string first among equal beginnings. */
int
bytes_cmp(struct bytes a, struct bytes b)
{
	size_t	 n = a.len < b.len ? a.len : b.len;
	int	 c;

	/* Sorting and looking up names: most pairs differ at once. */
	if (n > 0 && a.p[0] != b.p[0])
		return (unsigned char)a.p[0] < (unsigned char)b.p[0] ? -1 : 1;
	c = n > 0 ? memcmp(a.p, b.p, n) : 0;
	if (c != 0)
		return c;
	return a.len < b.len ? -1 : a.len > b.len;
}

/* word occurs somewhere in b, ignoring ASCII case. */
int
bytes_icontains(struct bytes b, const char *word)
{
	size_t	 wl = strlen(word), i;

	for (i = 0; b.p != NULL && i + wl <= b.len; i++)
		if (ascii_ieqn(b.p + i, word, wl))
			return 1;
	return 0;
}

/* One of the words of a NULL-terminated list occurs in b, in any case. */
int
bytes_icontains_any(struct bytes b, const char *const *words)
{
	size_t	 i;

	for (i = 0; words[i] != NULL; i++)
		if (bytes_icontains(b, words[i]))
			return 1;
	return 0;
}

/*
 * c is one of the bytes of set.  Not strchr(set, c), which also finds
 * the NUL that ends set: a NUL from the request is never in a set.
 */
int
byte_in(int c, const char *set)
{
	return memchr(set, (unsigned char)c, strlen(set)) != NULL;
}

/* Without the bytes of set around it. */
struct bytes
bytes_strip(struct bytes b, const char *set)
{
	while (b.len > 0 && byte_in(b.p[0], set)) {
		b.p++;
		b.len--;
	}
	while (b.len > 0 && byte_in(b.p[b.len - 1], set))
		b.len--;
	return b;
}

/* Without the spaces and tabs around it: RFC 9110 §5.6.3 OWS. */
struct bytes
bytes_trim(struct bytes b)
{
	return bytes_strip(b, " \t");
}

/* What follows the last '/' (all of it without one); empty for NULL. */
struct bytes
last_segment(struct bytes path)
{
	struct bytes	 seg = { "", 0 };
	const char	*p;

	if (path.p == NULL)
		return seg;
	for (p = path.p + path.len; p > path.p && p[-1] != '/'; p--)
		continue;
	seg.p = p;
	seg.len = (size_t)(path.p + path.len - p);
	return seg;
}

/*
 * The next item of a list separated by sep, into *item; 0 when there is
 * none left.  Empty items count ("a::b" has three), and so does the one
 * empty item of an empty list; a NULL list has none.
 */
int
bytes_next(struct bytes *rest, char sep, struct bytes *item)
{
	const char	*c;

	if (rest->p == NULL)
		return 0;
	*item = *rest;
	if ((c = memchr(rest->p, sep, rest->len)) == NULL) {
		rest->p = NULL;
		rest->len = 0;
		return 1;
	}
	item->len = (size_t)(c - rest->p);
	rest->len -= item->len + 1;
	rest->p = c + 1;
	return 1;
}

/*
 * URL percent-decoding (RFC 3986 §2.1), appended to b: an invalid '%'
 * sequence is kept as it is, '+' is left alone (it is a space only in
 * a form).
 */
void
buf_unescape(struct buf *b, const char *p, size_t len)
{
	size_t	 i;
	int	 hi, lo;

	for (i = 0; i < len; i++) {
		if (p[i] == '%' && len - i > 2 &&
		    (hi = hex_value(p[i + 1])) >= 0 &&
		    (lo = hex_value(p[i + 2])) >= 0) {
			buf_addc(b, (char)(hi * 16 + lo));
			i += 2;
		} else
			buf_addc(b, p[i]);
	}
}

/* Appends "item (why)" to a comma-separated list in b. */
void
buf_list(struct buf *b, const char *item, const char *why)
{
	if (b->len > 0)
		buf_add(b, ", ", 2);
	buf_add(b, item, strlen(item));
	if (why != NULL) {
		buf_add(b, " (", 2);
		buf_add(b, why, strlen(why));
		buf_addc(b, ')');
	}
}

/* The buffer as a C string (it gains a NUL, not counted in len). */
const char *
buf_str(struct buf *b)
{
	buf_addc(b, '\0');
	b->len--;
	return b->p;
}

/*
 * n in decimal at the start of d (no NUL), as printf's %llu: its
 * length.  UINT64_MAX has 20 digits.
 */
size_t
u64_digits(char d[20], uint64_t n)
{
	char	 r[20];
	size_t	 len = 0, i;

	do {
		r[len++] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	for (i = 0; i < len; i++)
		d[i] = r[len - 1 - i];
	return len;
}

/* A count with its thousands grouped, as people read it: "1,234,567". */
void
buf_grouped(struct buf *b, uint64_t n)
{
	char	 d[20];
	size_t	 len, i;

	len = u64_digits(d, n);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf_addc(b, ',');
		buf_addc(b, d[i]);
	}
}

/*
 * A size for the human formats: "1.2 MiB (1,234,567 bytes)" in powers
 * of 1024 (IEC 80000-13 names), rounded to a tenth, with the exact
 * bytes beside it; under 1 KiB the bytes alone, shown once.  JSON
 * keeps the number.
 */
void
size_human(struct buf *b, uint64_t n)
{
	static const char *const units[] = {
		"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"
	};
	uint64_t	 unit = 1024, whole, tenths;
	size_t		 u = 0;
	char		 d[20];

	if (n >= 1024) {
		while (u + 1 < sizeof(units) / sizeof(units[0]) &&
		    n / unit >= 1024) {
			unit *= 1024;
			u++;
		}
		/* n % unit < 2^60, so ten times it cannot overflow. */
		whole = n / unit;
		tenths = (n % unit * 10 + unit / 2) / unit;
		if (tenths == 10) {
			whole++;
			tenths = 0;
		}
		/* 1023.96 KiB rounds to 1024.0 KiB: say 1.0 MiB. */
		if (whole == 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
			whole = 1;
			u++;
		}
		/* "%llu.%llu %s (": tenths is one digit, 0..9. */
		buf_add(b, d, u64_digits(d, whole));
		buf_addc(b, '.');
		buf_addc(b, (char)('0' + tenths));
		buf_addc(b, ' ');
		buf_add(b, units[u], strlen(units[u]));
		buf_add(b, " (", 2);
	}
	buf_grouped(b, n);
	buf_add(b, " bytes", 6);
	if (n >= 1024)
		buf_addc(b, ')');
}

/*
 * A deadline on the monotonic clock, so that setting the system's time
 * neither ends it early nor lifts it.
 */
void
deadline_start(struct deadline *dl, uint64_t seconds)
{
	memset(dl, 0, sizeof(*dl));
	if (seconds == 0 || clock_gettime(CLOCK_MONOTONIC, &dl->at) == -1)
		return;
	if (seconds > INT_MAX)
		seconds = INT_MAX;	/* some 68 years: still a bound */
	dl->at.tv_sec += (time_t)seconds;
	dl->set = 1;
}

/* Milliseconds left, rounded up; 0 once the deadline has passed. */
int
deadline_ms(const struct deadline *dl)
{
	struct timespec	 now;
	int64_t		 ns;

	if (clock_gettime(CLOCK_MONOTONIC, &now) == -1)
		return 0;
	ns = ((int64_t)dl->at.tv_sec - (int64_t)now.tv_sec) * 1000000000 +
	    (dl->at.tv_nsec - now.tv_nsec);
	if (ns <= 0)
		return 0;
	if (ns / 1000000 >= INT_MAX)
		return INT_MAX;
	return (int)((ns + 999999) / 1000000);
}
