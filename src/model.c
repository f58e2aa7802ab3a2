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
error_add(struct error **v, size_t *n, const char *id, const char *fmt,
    va_list ap)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[*n].message = xvasprintf(fmt, ap);
	(*v)[*n].id = id;
	(*n)++;
}

void
dump_error(struct dump *d, const char *id, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	error_add(&d->errors, &d->nerrors, id, fmt, ap);
	va_end(ap);
}

/* The first PREVIEW_MAX bytes of something streamed. */
void
preview_add(struct preview *pv, const char *p, size_t len)
{
	size_t	 n = sizeof(pv->p) - pv->len;

	if (n > len)
		n = len;
	memcpy(pv->p + pv->len, p, n);
	pv->len += n;
}

/* Bytes from i on start a character the preview's end cut short. */
static int
cut_at_end(const struct preview *pv, size_t i)
{
	size_t	 need, j;

	if (pv->len < sizeof(pv->p))
		return 0;
	if (pv->p[i] >= 0xc2 && pv->p[i] <= 0xdf)
		need = 2;
	else if (pv->p[i] >= 0xe0 && pv->p[i] <= 0xef)
		need = 3;
	else if (pv->p[i] >= 0xf0 && pv->p[i] <= 0xf4)
		need = 4;
	else
		return 0;
	if (pv->len - i >= need)
		return 0;
	for (j = i + 1; j < pv->len; j++)
		if ((pv->p[j] & 0xc0) != 0x80)
			return 0;
	return 1;
}

/*
 * Binary, to be shown in hex: a NUL, a control other than tab, CR and
 * LF, or bytes that are not UTF-8 (a character cut by the end of the
 * preview does not count).
 */
int
preview_is_binary(const struct preview *pv)
{
	size_t		 i = 0, n;
	uint32_t	 cp;

	while (i < pv->len) {
		if ((n = utf8_valid(pv->p + i, pv->len - i, &cp)) == 0)
			return !cut_at_end(pv, i);
		if (cp < 0x20 && cp != '\t' && cp != '\r' && cp != '\n')
			return 1;
		if (cp == 0x7f)
			return 1;
		i += n;
	}
	return 0;
}
