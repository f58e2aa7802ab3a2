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

/*
 * DESIGN.md "Secrets": which variables hold one, judged by name and by
 * value (the man page's SECURITY CONSIDERATIONS lists these tables).
 * Names and keys are compared case-blind, and the separators '_', '-'
 * and '.' do not count inside a word: SESSION_ID is SESSIONID.  The
 * words are written in upper case: a name's bytes are folded to them.
 *
 * Every variable is judged on every request, so a name is read once,
 * from left to right, each of its letters tried only against the
 * words that start with it: the words are listed by first letter
 * (issue 12).
 */
#define LETTER_WORDS	8	/* room for the words that start with a letter */

/* A word anywhere in a variable's name. */
static const char *const secret_words[26][LETTER_WORDS] = {
	['A' - 'A'] = { "AUTHORIZATION" },
	['B' - 'A'] = { "BEARER" },
	['C' - 'A'] = {
		"COOKIE",	/* HTTP_COOKIE2; HTTP_COOKIE is below */
		"CREDENTIAL" },
	['D' - 'A'] = { "DBPASS" },
	['J' - 'A'] = { "JWT" },
	['K' - 'A'] = { "KEY" },
	['P' - 'A'] = { "PASSWORD", "PASSWD", "PASSPHRASE", "PGPASS",
		"PRIVATE" },
	['S' - 'A'] = { "SECRET", "SIGNATURE",
		"SESSIONID", "SESSID" },	/* PHPSESSID, HTTP_X_SESSION_ID */
	['T' - 'A'] = { "TOKEN" },
};

/*
 * A whole part between separators: DB_PASS, SMTP_PW, MYSQL_PWD,
 * WordPress's AUTH_SALT, BASIC_AUTH, SENTRY_DSN.  Not words: BYPASS,
 * PASSENGER_*, SALTSTACK_*, AUTHOR are no secrets.
 */
static const char *const secret_parts[] = {
	"PASS", "PW", "PWD", "SALT", "AUTH", "DSN", NULL
};

/*
 * Names that a rule above catches but that are well known to hold no
 * secret: the truth is shown.  Not SESSION as a word either, for that
 * reason: SESSION_DRIVER, DBUS_SESSION_BUS_ADDRESS, DESKTOP_SESSION.
 */
static const char *const not_secret[] = {
	"PWD", "OLDPWD",		/* the shell's directories */
	"AUTH_TYPE",			/* RFC 3875 §4.1.1: Basic */
	"AUTH_USER",			/* IIS: the user's name */
	"SERVER_SIGNATURE",		/* Apache: its version, as a footer */
	"HTTP_SEC_WEBSOCKET_KEY",	/* RFC 6455 §4.1: a nonce */
	"SSL_CLIENT_A_KEY",		/* mod_ssl: algorithms, key sizes */
	"SSL_SERVER_A_KEY", "SSL_CIPHER_USEKEYSIZE",
	"SSL_CIPHER_ALGKEYSIZE",
	/*
	 * mod_ssl: the TLS session's id, sent in the clear in
	 * the handshake (RFC 5246 §7.4.1.2); resuming takes the master
	 * secret it names, which no server passes.
	 */
	"SSL_SESSION_ID",
	"SSH_AUTH_SOCK",		/* a socket's path */
	"XDG_SESSION_ID",		/* logind's session number */
	"PGPASSFILE",			/* a path */
	NULL
};

/*
 * The end of a key in a value's key=value pairs (a connection string,
 * an option list) that says the value holds a secret: Password=,
 * keyStorePassword=, AccountKey=, client_secret=, access_token=,
 * SharedAccessSignature=.  The end, not anywhere: keyStore= and
 * Password_File= name files, SharedAccessKeyName= a name.
 */
static const char *const secret_key_ends[26][LETTER_WORDS] = {
	['C' - 'A'] = { "CREDENTIAL", "CREDENTIALS" },
	['K' - 'A'] = { "KEY" },
	['P' - 'A'] = { "PASSWORD", "PASSWD", "PASSPHRASE" },
	['S' - 'A'] = { "SECRET", "SIGNATURE" },
	['T' - 'A'] = { "TOKEN" },
};

/*
 * A key's whole last part that does: ODBC's and ADO.NET's PWD=, pass=,
 * db.pass=, mysqli.default_pw=, Azure's sig=.  Whole, so that bypass=
 * and a certificate's base64 before its "=" padding are not keys.
 */
static const char *const secret_key_parts[] = {
	"PASS", "PWD", "PW", "SIG", NULL
};

/* The separators between the words and parts of a name or key. */
static int
is_separator(char c)
{
	return c == '_' || c == '-' || c == '.';
}

/* ASCII upper case only: a byte above 127 is no letter here. */
static char
ascii_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/*
 * word matches p[i..] ignoring case and separators; *end is where the
 * match ends.  p[i] is a letter, not a separator.
 */
static int
word_at(const char *p, size_t len, size_t i, const char *word,
    size_t *end)
{
	size_t	 w;

	for (w = 0; word[w] != '\0'; w++) {
		while (w > 0 && i < len && is_separator(p[i]))
			i++;
		if (i == len || ascii_upper(p[i]) != word[w])
			return 0;
		i++;
	}
	*end = i;
	return 1;
}

/* Nothing but separators in p. */
static int
only_separators(const char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!is_separator(p[i]))
			return 0;
	return 1;
}

/* The byte after p[i], separators aside, in upper case; NUL at the end. */
static char
next_letter(const char *p, size_t len, size_t i)
{
	for (i++; i < len && is_separator(p[i]); i++)
		continue;
	return i < len ? ascii_upper(p[i]) : '\0';
}

/*
 * One of words occurs in p, or with at_end, ends it (separators aside).
 * A match starts with a letter: the first of the words listed for it.
 * Every word has two letters at least, and the second rules out most
 * of them before they are compared.
 */
static int
has_word(const char *p, size_t len,
    const char *const words[26][LETTER_WORDS], int at_end)
{
	const char *const	*row;
	size_t			 i, w, end;
	char			 c, next;

	for (i = 0; i < len; i++) {
		c = ascii_upper(p[i]);
		if (c < 'A' || c > 'Z')
			continue;
		row = words[c - 'A'];
		if (row[0] == NULL)
			continue;
		next = next_letter(p, len, i);
		for (w = 0; w < LETTER_WORDS && row[w] != NULL; w++)
			if (row[w][1] == next &&
			    word_at(p, len, i, row[w], &end) &&
			    (!at_end || only_separators(p + end, len - end)))
				return 1;
	}
	return 0;
}

/* p is word, in any case. */
static int
part_is(const char *p, size_t len, const char *word)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (word[i] == '\0' || ascii_upper(p[i]) != word[i])
			return 0;
	return word[len] == '\0';
}

/*
 * One of parts is a whole part of p between separators, in any case.
 * No part is empty, and the first letter rules out most of them.
 */
static int
has_part(const char *p, size_t len, const char *const *parts)
{
	size_t	 i = 0, end, w;
	char	 c;

	while (i <= len) {
		for (end = i; end < len && !is_separator(p[end]); end++)
			continue;
		c = end > i ? ascii_upper(p[i]) : '\0';
		for (w = 0; c != '\0' && parts[w] != NULL; w++)
			if (parts[w][0] == c &&
			    part_is(p + i, end - i, parts[w]))
				return 1;
		i = end + 1;
	}
	return 0;
}

/* The last part of p, after its last separator. */
static int
last_part_is(const char *p, size_t len, const char *const *parts)
{
	size_t	 i = len;

	while (i > 0 && !is_separator(p[i - 1]))
		i--;
	return has_part(p + i, len - i, parts);
}

/*
 * Apache copies the variables of an internally redirected request
 * (mod_rewrite, ErrorDocument) under REDIRECT_, once per redirect: a
 * copy is judged by the name under the prefixes.
 */
struct bytes
redirect_base(struct bytes name)
{
	static const char	 prefix[] = "REDIRECT_";

	while (bytes_prefix(name, prefix)) {
		name.p += sizeof(prefix) - 1;
		name.len -= sizeof(prefix) - 1;
	}
	return name;
}

/* The rules first: few names match one, so few are looked up. */
static int
is_secret_name(struct bytes name)
{
	if (!has_word(name.p, name.len, secret_words, 0) &&
	    !has_part(name.p, name.len, secret_parts))
		return 0;
	return !bytes_in(name, not_secret);
}

static int
is_secret_key(const char *p, size_t len)
{
	return has_word(p, len, secret_key_ends, 1) ||
	    last_part_is(p, len, secret_key_parts);
}

/*
 * RFC 3986 §3.2.1: "user:password@" in a URL's authority, as in
 * DATABASE_URL=postgres://app:hunter2@db/app or redis://:pw@cache.
 * XXX: a '#' does not end the authority here, though RFC 3986 says it
 * does: generated passwords hold one unencoded (redis://:a#1@cache).
 * With cut set the bytes were cut short, and an authority still open
 * at their end with a ':' in it may be one whose '@' was cut off.
 */
static int
has_url_userinfo(const char *p, size_t len, int cut)
{
	const char	*q;
	size_t		 i, j;

	for (i = 0; i + 3 <= len; i++) {
		/* The next "://", found by its colon (a million form values). */
		if ((q = memchr(p + i, ':', len - 2 - i)) == NULL)
			break;
		i = (size_t)(q - p);
		if (q[1] != '/' || q[2] != '/')
			continue;
		for (j = i + 3; j < len; j++)
			if (p[j] == '/' || p[j] == '?' || p[j] == '@' ||
			    p[j] == ' ' || p[j] == '\n')
				break;
		if ((j < len && p[j] == '@') || (j == len && cut))
			if (memchr(p + i + 3, ':', j - i - 3) != NULL)
				return 1;
	}
	return 0;
}

/*
 * The same in a URL's own query, percent-encoded, as in
 * ?next=https%3A%2F%2Fu%3Apw%40host%2F (RFC 3986 §2.1): a REQUEST_URI
 * or a Referer holds it so, and the form shows it decoded once, so
 * a URL encoded twice is in the form once-encoded.  Decoded until
 * nothing changes, at most URL_DECODES times: a client's "%252525..."
 * would otherwise cost a round per level, quadratic in its length.
 */
#define URL_DECODES	4

int
url_password_in(const char *p, size_t len, int cut)
{
	struct buf	 dec = { 0 }, next = { 0 }, tmp;
	int		 found, round;

	if (has_url_userinfo(p, len, cut))
		return 1;
	if (p == NULL || memchr(p, '%', len) == NULL)
		return 0;
	buf_add(&dec, p, len);
	for (found = round = 0; !found && round < URL_DECODES &&
	    memchr(dec.p, '%', dec.len) != NULL; round++) {
		next.len = 0;
		buf_unescape(&next, dec.p, dec.len);
		if (next.len == dec.len)
			break;
		found = has_url_userinfo(next.p, next.len, cut);
		tmp = dec;
		dec = next;
		next = tmp;
	}
	buf_free(&dec);
	buf_free(&next);
	return found;
}

static int
has_url_password(struct bytes v)
{
	return url_password_in(v.p, v.len, 0);
}

static int
key_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || is_separator(c);
}

/*
 * The key before the '=' or ':' at v.p[i], into *key: the letters,
 * digits and separators before it, spaces between them allowed
 * ("Password = x"); quoted for a ':' (JSON's "password": "x").
 */
static int
key_before(struct bytes v, size_t i, struct bytes *key)
{
	size_t	 end = i, start;
	char	 quote = 0;

	while (end > 0 && (v.p[end - 1] == ' ' || v.p[end - 1] == '\t'))
		end--;
	if (end > 0 && (v.p[end - 1] == '"' || v.p[end - 1] == '\''))
		quote = v.p[--end];
	if (v.p[i] == ':' && quote == 0)
		return 0;
	for (start = end; start > 0 && key_byte(v.p[start - 1]); start--)
		continue;
	if (start == end || (quote != 0 && (start == 0 ||
	    v.p[start - 1] != quote)))
		return 0;
	key->p = v.p + start;
	key->len = end - start;
	return 1;
}

/*
 * A connection string or option list with a secret in it, as in
 * Server=db;User Id=sa;Password=x (ADO.NET, ODBC's PWD=), host=db
 * password=x (libpq), jdbc:...?user=u&password=x, JAVA_OPTS' -Dx.
 * keyStorePassword=x, SPRING_APPLICATION_JSON's {"...password":"x"}.
 */
static int
has_secret_key(struct bytes v)
{
	struct bytes	 key;
	size_t		 i;

	for (i = 0; i < v.len; i++) {
		if (v.p[i] != '=' && v.p[i] != ':')
			continue;
		/*
		 * A pair has a value after its '='.  Base64's padding, as on
		 * a certificate's last line, follows letters that may end
		 * in KEY, and is followed by '=', a line end or nothing.
		 */
		if (v.p[i] == '=' &&
		    (i + 1 == v.len || byte_in(v.p[i + 1], "=\r\n")))
			continue;
		if (key_before(v, i, &key) && is_secret_key(key.p, key.len))
			return 1;
	}
	return 0;
}

/* RFC 7468 §10, §11: a PEM private key, whatever the variable's name. */
static int
has_private_key(struct bytes v)
{
	return bytes_icontains(v, "-----BEGIN") &&
	    bytes_icontains(v, "PRIVATE KEY-----");
}

/* What in a value holds a secret, whatever the variable's name. */
static int (*const secret_values[])(struct bytes) = {
	has_secret_key, has_private_key, NULL
};

/*
 * RFC 6265 §4.2.1: cookie-string = cookie-pair *( ";" SP cookie-pair ).
 * RFC 6265bis §5.6: a cookie-pair without '=' is a cookie with an empty
 * name and that value (what a browser sends for Set-Cookie: v), so its
 * bytes are a value, never listed.
 */
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
		name.p = s;
		if ((q = memchr(s, '=', (size_t)(p - s))) == NULL)
			name.len = 0;
		else
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
 * The client's own bytes: a query, a path, its headers.  Only a URL
 * with a password hides them (README: such URLs show only their
 * length, wherever they are; the form and the Request section hide
 * them too, request_redact()).  The other value rules do not: a
 * client's own "?password=x" or "Cookie2: token=x" is what it sent,
 * shown as Python's cgi.test() shows it, and its form fields are
 * shown whatever their names (DESIGN.md "Secrets" names the
 * variables, not the form).
 */
static int
from_request(struct bytes name)
{
	static const char *const names[] = {
		"QUERY_STRING", "REQUEST_URI", "PATH_INFO", "PATH_TRANSLATED",
		"SCRIPT_URI", "SCRIPT_URL", "DOCUMENT_URI", "REQUEST_METHOD",
		"CONTENT_TYPE", "CONTENT_LENGTH", NULL
	};
	return bytes_prefix(name, "HTTP_") || bytes_in(name, names);
}

static void
classify(struct envvar *e)
{
	struct bytes	 name = redirect_base(e->name);
	size_t		 i;

	if (e->value.p == NULL)
		return;
	if (bytes_eq(name, "HTTP_COOKIE")) {
		e->redact = RED_COOKIE;
		cookie_names(e);
		return;
	}
	if (is_secret_name(name) || has_url_password(e->value)) {
		e->redact = RED_LENGTH;
		return;
	}
	if (from_request(name))
		return;
	for (i = 0; secret_values[i] != NULL; i++)
		if (secret_values[i](e->value)) {
			e->redact = RED_LENGTH;
			return;
		}
}

/*
 * A sorted snapshot of n entries "NAME=VALUE" (lens: their lengths,
 * which lets a FastCGI parameter hold a NUL; NULL: NUL-terminated,
 * and n is counted).
 */
static struct envvar *
env_snapshot(char **envp, const size_t *lens, size_t *n)
{
	struct envvar	*env;
	size_t		 i;
	const char	*eq;

	if (lens == NULL)
		for (*n = 0; envp != NULL && envp[*n] != NULL; (*n)++)
			continue;
	env = xcalloc(*n, sizeof(*env));
	for (i = 0; i < *n; i++) {
		struct envvar	*e = &env[i];
		size_t		 len = lens != NULL ? lens[i] : strlen(envp[i]);

		e->name.p = envp[i];
		e->order = i;
		if ((eq = memchr(envp[i], '=', len)) != NULL) {
			e->name.len = (size_t)(eq - envp[i]);
			e->value.p = eq + 1;
			e->value.len = len - e->name.len - 1;
		} else
			e->name.len = len;
	}
	qsort(env, *n, sizeof(*env), env_cmp);
	return env;
}

void
env_collect(struct dump *d, char **envp)
{
	d->env = env_snapshot(envp, NULL, &d->nenv);
}

/* FastCGI and SCGI: the server's parameters, of the given lengths. */
void
env_collect_params(struct dump *d, char **params, const size_t *lens,
    size_t n)
{
	d->nenv = n;
	d->env = env_snapshot(params, lens, &d->nenv);
}

/* FastCGI and SCGI: cgidump's own environment, for its settings. */
void
env_collect_conf(struct dump *d, char **envp)
{
	d->conf = env_snapshot(envp, NULL, &d->nconf);
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

/* A part's headers: each value holding a URL with a password. */
static void
part_headers_redact(struct field_headers *fh)
{
	size_t	 i;

	for (i = 0; fh != NULL && i < fh->n; i++)
		fh->v[i].redacted = url_password_in(fh->v[i].value.p,
		    fh->v[i].value.len, 0);
}

/*
 * The request's own copies of what the Environment hides: the query
 * string, and each form value holding a URL with a password (a field's
 * name and source stay shown).  Run after the form is parsed, before
 * anything is rendered.
 */
void
request_redact(struct dump *d)
{
	const struct envvar	*q = env_find(d, "QUERY_STRING");
	struct envvar		*qs = q == NULL ? NULL : &d->env[q - d->env];
	size_t			 i;

	if (d->reveal)
		return;
	if (q != NULL)
		d->req.query_redacted = q->redact != RED_NONE;
	else
		d->req.query_redacted = has_url_password(d->req.query_string);
	for (i = 0; i < d->form.n; i++) {
		struct field		*fl = &d->form.v[i];
		const struct field_part	*pt = field_part(&d->form, fl);
		struct bytes		 v = field_value(fl);

		/* A value a limit cut short may have lost its '@'. */
		if ((pt == NULL || !pt->is_file) &&
		    url_password_in(v.p, v.len, fl->truncated))
			fl->redacted = 1;
		/*
		 * The form decodes once what QUERY_STRING holds encoded:
		 * a URL encoded more often is hidden in both.
		 */
		if (fl->redacted && fl->source == SRC_QUERY) {
			d->req.query_redacted = 1;
			if (qs != NULL && qs->redact == RED_NONE)
				qs->redact = RED_LENGTH;
		}
		if (pt != NULL)
			part_headers_redact(pt->headers);
	}
}
