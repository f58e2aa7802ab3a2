/* cgidump: see LICENSE (ISC). */
/*
 * env.c: the environment snapshot, and which values are secrets.
 *
 * The snapshot points into environ (never copied, never changed) and
 * is sorted by name; duplicates are kept, in environ order, because a
 * server that passes a variable twice (nginx with SCRIPT_NAME set in
 * two places) is something the reader must see.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "parse.h"

/* Name parts that suggest a secret (DESIGN.md "Secrets"). */
static const char *const secret_words[] = {
	"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "KEY",
	"CREDENTIAL", "PRIVATE", "AUTHORIZATION", "SIGNATURE", NULL
};

/* Whole '_'-separated parts that do: DB_PASS, SMTP_PW, MYSQL_PWD. */
static const char *const secret_parts[] = { "PASS", "PW", "PWD", NULL };

/* The shell's working directories, which PWD would catch. */
static const char *const not_secret[] = { "PWD", "OLDPWD", NULL };

/* A whole '_'-separated part of name is part, in any case. */
static int
has_part(struct bytes name, const char *part)
{
	size_t	 pl = strlen(part), i = 0, end;

	while (i <= name.len) {
		for (end = i; end < name.len && name.p[end] != '_'; end++)
			continue;
		if (end - i == pl && ascii_ieqn(name.p + i, part, pl))
			return 1;
		i = end + 1;
	}
	return 0;
}

static int
is_secret_name(struct bytes name)
{
	size_t	 i;

	if (bytes_in(name, not_secret))
		return 0;
	if (bytes_icontains_any(name, secret_words))
		return 1;
	for (i = 0; secret_parts[i] != NULL; i++)
		if (has_part(name, secret_parts[i]))
			return 1;
	return 0;
}

/*
 * RFC 3986 §3.2.1: "user:password@" in a URL's authority, as in
 * DATABASE_URL=postgres://app:hunter2@db/app.  Whatever the variable's
 * name, such a value holds a password.
 */
static int
has_url_password(const char *v, size_t len)
{
	size_t	 i, j;

	for (i = 0; i + 3 <= len; i++) {
		if (memcmp(v + i, "://", 3) != 0)
			continue;
		for (j = i + 3; j < len; j++) {
			if (v[j] == '/' || v[j] == '?' || v[j] == '#')
				break;
			if (v[j] == '@') {
				if (memchr(v + i + 3, ':', j - i - 3) != NULL)
					return 1;
				break;
			}
		}
	}
	return 0;
}

/* RFC 6265 §4.2.1: cookie-string = cookie-pair *( ";" SP cookie-pair ) */
void
cookie_names(struct envvar *e)
{
	const char	*p = e->value.p, *end = p + e->value.len;
	const char	*s, *q;
	struct bytes	 name;

	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == ';'))
			p++;
		if (p == end)
			break;
		for (s = p; p < end && *p != ';'; p++)
			continue;
		if ((q = memchr(s, '=', (size_t)(p - s))) == NULL)
			q = p;
		name.p = s;
		name.len = (size_t)(q - s);
		e->cookies = xreallocarray(e->cookies, e->ncookies + 1,
		    sizeof(*e->cookies));
		e->cookies[e->ncookies++] = bytes_trim(name);
	}
}

static int
env_cmp(const void *a, const void *b)
{
	const struct envvar	*x = a, *y = b;
	int			 c = bytes_cmp(x->name, y->name);

	/* qsort is not stable: environ order breaks ties. */
	if (c == 0)
		c = x->order < y->order ? -1 : x->order > y->order;
	return c;
}

/*
 * The client's own bytes: the form and the Request section show them
 * anyway, so hiding a URL with a password in them would hide nothing.
 */
static int
from_request(const struct envvar *e)
{
	static const char *const names[] = {
		"QUERY_STRING", "REQUEST_URI", "PATH_INFO", "PATH_TRANSLATED",
		"SCRIPT_URI", "SCRIPT_URL", "DOCUMENT_URI", NULL
	};
	return bytes_prefix(e->name, "HTTP_") || bytes_in(e->name, names);
}

static void
classify(struct envvar *e)
{
	if (e->value.p == NULL)
		return;
	if (bytes_eq(e->name, "HTTP_COOKIE")) {
		e->redact = RED_COOKIE;
		cookie_names(e);
	} else if (is_secret_name(e->name) ||
	    (!from_request(e) && has_url_password(e->value.p, e->value.len)))
		e->redact = RED_LENGTH;
}

void
env_collect(struct dump *d, char **envp)
{
	size_t		 n, i;
	const char	*eq;

	for (n = 0; envp != NULL && envp[n] != NULL; n++)
		continue;
	d->env = xcalloc(n, sizeof(*d->env));
	for (i = 0; i < n; i++) {
		struct envvar	*e = &d->env[i];
		size_t		 len = strlen(envp[i]);

		e->name.p = envp[i];
		e->order = i;
		if ((eq = memchr(envp[i], '=', len)) != NULL) {
			e->name.len = (size_t)(eq - envp[i]);
			e->value.p = eq + 1;
			e->value.len = len - e->name.len - 1;
		} else
			e->name.len = len;
	}
	d->nenv = n;
	qsort(d->env, n, sizeof(*d->env), env_cmp);
}

/*
 * DESIGN.md "Secrets": decide what is hidden, once, before anything is
 * rendered; renderers only obey e->redact.
 */
void
env_redact(struct dump *d)
{
	size_t	 i;

	if (d->reveal)
		return;
	for (i = 0; i < d->nenv; i++)
		classify(&d->env[i]);
}
