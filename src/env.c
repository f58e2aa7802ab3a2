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

#include "dump.h"

/* Python's cgi.print_environ_usage(), in its order. */
const char *const cgi_variables[] = {
	"AUTH_TYPE", "CONTENT_LENGTH", "CONTENT_TYPE", "DATE_GMT",
	"DATE_LOCAL", "DOCUMENT_NAME", "DOCUMENT_ROOT", "DOCUMENT_URI",
	"GATEWAY_INTERFACE", "LAST_MODIFIED", "PATH", "PATH_INFO",
	"PATH_TRANSLATED", "QUERY_STRING", "REMOTE_ADDR", "REMOTE_HOST",
	"REMOTE_IDENT", "REMOTE_USER", "REQUEST_METHOD", "SCRIPT_NAME",
	"SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "SERVER_ROOT",
	"SERVER_SOFTWARE", NULL
};

const char *const cgi_header_variables[] = {
	"HTTP_ACCEPT", "HTTP_CONNECTION", "HTTP_HOST", "HTTP_PRAGMA",
	"HTTP_REFERER", "HTTP_USER_AGENT", NULL
};

/* Every setting cgidump reads from the administrator's environment. */
const char *const cgidump_settings[] = {
	"CGIDUMP_MAX_BODY", "CGIDUMP_MAX_FIELDS", "CGIDUMP_MAX_FORM",
	"CGIDUMP_MAX_HEADER", "CGIDUMP_MAX_DEPTH", "CGIDUMP_TIMEOUT",
	"CGIDUMP_REVEAL", "CGIDUMP_STRICT", "CGIDUMP_ALLOW", "CGIDUMP_TOKEN",
	"CGIDUMP_EXPIRES", NULL
};

/* The ones that fence the dump in (DESIGN.md "Who may see it"). */
const char *const fence_settings[] = {
	"CGIDUMP_ALLOW", "CGIDUMP_TOKEN", "CGIDUMP_EXPIRES", NULL
};

/* Name parts that suggest a secret (DESIGN.md "Secrets"). */
static const char *const secret_words[] = {
	"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "KEY",
	"CREDENTIAL", "PRIVATE", "AUTHORIZATION", "SIGNATURE", NULL
};

/* Whole '_'-separated parts that do: DB_PASS, SMTP_PW, MYSQL_PWD. */
static const char *const secret_parts[] = { "PASS", "PW", "PWD", NULL };

/* The shell's working directories, which PWD would catch. */
static const char *const not_secret[] = { "PWD", "OLDPWD", NULL };

static int
upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static int
has_word(const char *name, size_t len, const char *word)
{
	size_t	 wl = strlen(word), i, j;

	for (i = 0; i + wl <= len; i++) {
		for (j = 0; j < wl; j++)
			if (upper((unsigned char)name[i + j]) != word[j])
				break;
		if (j == wl)
			return 1;
	}
	return 0;
}

static int
has_part(const char *name, size_t len, const char *part)
{
	size_t	 pl = strlen(part), i = 0, j, end;

	while (i <= len) {
		for (end = i; end < len && name[end] != '_'; end++)
			continue;
		if (end - i == pl) {
			for (j = 0; j < pl; j++)
				if (upper((unsigned char)name[i + j]) != part[j])
					break;
			if (j == pl)
				return 1;
		}
		i = end + 1;
	}
	return 0;
}

int
env_is_secret(const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; not_secret[i] != NULL; i++)
		if (len == strlen(not_secret[i]) &&
		    memcmp(name, not_secret[i], len) == 0)
			return 0;
	for (i = 0; secret_words[i] != NULL; i++)
		if (has_word(name, len, secret_words[i]))
			return 1;
	for (i = 0; secret_parts[i] != NULL; i++)
		if (has_part(name, len, secret_parts[i]))
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
static void
cookie_names(struct envvar *e)
{
	const char	*p = e->value.p, *end = p + e->value.len;
	const char	*s, *q;

	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == ';'))
			p++;
		if (p == end)
			break;
		for (s = p; p < end && *p != ';'; p++)
			continue;
		if ((q = memchr(s, '=', (size_t)(p - s))) == NULL)
			q = p;
		while (q > s && (q[-1] == ' ' || q[-1] == '\t'))
			q--;
		e->cookies = xreallocarray(e->cookies, e->ncookies + 1,
		    sizeof(*e->cookies));
		e->cookies[e->ncookies].p = s;
		e->cookies[e->ncookies].len = (size_t)(q - s);
		e->ncookies++;
	}
}

static int
name_cmp(struct bytes a, struct bytes b)
{
	size_t	 n = a.len < b.len ? a.len : b.len;
	int	 c = memcmp(a.p, b.p, n);

	if (c != 0)
		return c;
	return a.len < b.len ? -1 : a.len > b.len;
}

static int
env_cmp(const void *a, const void *b)
{
	const struct envvar	*x = a, *y = b;
	int			 c = name_cmp(x->name, y->name);

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
	return (e->name.len > 5 && memcmp(e->name.p, "HTTP_", 5) == 0) ||
	    bytes_in(e->name, names);
}

static void
classify(struct envvar *e)
{
	if (e->value.p == NULL)
		return;
	if (e->name.len == 11 && memcmp(e->name.p, "HTTP_COOKIE", 11) == 0) {
		e->redact = RED_COOKIE;
		cookie_names(e);
	} else if (env_is_secret(e->name.p, e->name.len) ||
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

/* The index of the first entry named name in the sorted list. */
static size_t
env_first(const struct dump *d, struct bytes key)
{
	size_t	 lo = 0, hi = d->nenv, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (name_cmp(d->env[mid].name, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* First entry named name, in environ order, as getenv(3) would. */
static const struct envvar *
env_find(const struct dump *d, const char *name)
{
	struct bytes	 key = { name, strlen(name) };
	size_t		 i;

	for (i = env_first(d, key); i < d->nenv &&
	    name_cmp(d->env[i].name, key) == 0; i++)
		if (d->env[i].value.p != NULL)
			return &d->env[i];
	return NULL;
}

/*
 * Whether name is in the environment more than once with different
 * values (nginx passes a fastcgi_param given twice twice): which one a
 * program sees then depends on how it looks.
 */
int
env_conflicts(const struct dump *d, const char *name)
{
	struct bytes	 key = { name, strlen(name) };
	const struct envvar *first = env_find(d, name);
	size_t		 i;

	for (i = env_first(d, key); first != NULL && i < d->nenv &&
	    name_cmp(d->env[i].name, key) == 0; i++)
		if (d->env[i].value.p != NULL &&
		    (d->env[i].value.len != first->value.len ||
		    memcmp(d->env[i].value.p, first->value.p,
		    first->value.len) != 0))
			return 1;
	return 0;
}

/* A CGIDUMP_* name that is none of cgidump_settings: most likely a typo. */
int
setting_unknown(struct bytes name)
{
	return name.len >= 8 && memcmp(name.p, "CGIDUMP_", 8) == 0 &&
	    !bytes_in(name, cgidump_settings);
}

/* An unknown setting whose name reads like a fence: CGIDUMP_ALLOWED. */
int
setting_like_fence(struct bytes name)
{
	static const char *const words[] = {
		"ALLOW", "DENY", "TOKEN", "EXPIR", NULL
	};
	size_t	 i;

	if (!setting_unknown(name))
		return 0;
	for (i = 0; words[i] != NULL; i++)
		if (has_word(name.p, name.len, words[i]))
			return 1;
	return 0;
}

struct bytes
env_get(const struct dump *d, const char *name)
{
	const struct envvar	*e = env_find(d, name);
	struct bytes		 none = { NULL, 0 };

	return e != NULL ? e->value : none;
}

enum setness
env_setness(const struct dump *d, const char *name)
{
	struct bytes	 v = env_get(d, name);

	if (v.p == NULL)
		return VAR_UNSET;
	return v.len == 0 ? VAR_EMPTY : VAR_SET;
}
