/* cgidump: see LICENSE (ISC). */
/*
 * check.c: the server-setup verdicts, one row of check_table per check
 * id (DESIGN.md "The JSON model"), walked by checks_run(), which adds
 * exactly one verdict per row, whatever the outcome, so that a reader
 * sees what was verified as well as what is wrong.
 *
 * A judge is pure: it reads the model, writes its message and returns
 * its level.  A message says what is wrong, why it matters and how to
 * fix it.  The judges of the process and the files it runs from are in
 * hostcheck.c.  Only a CGI run (GATEWAY_INTERFACE set) says anything
 * about a server; a local run is judged on its process, its
 * environment and whatever request it fakes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dump.h"

/* RFC 9110 §5.6.2 token characters. */
static int
is_token(struct bytes b)
{
	static const char	 delims[] = "\"(),/:;<=>?@[\\]{}";
	size_t			 i;

	for (i = 0; i < b.len; i++)
		if (b.p[i] <= ' ' || b.p[i] >= 127 ||
		    memchr(delims, b.p[i], sizeof(delims) - 1) != NULL)
			return 0;
	return b.len > 0;
}

/*
 * The verdict of a check that problems decide: the first of the worst,
 * and what its check says about it; lead goes before one that is not a
 * limit's doing.  -1 when the check has none.
 */
static int
judge_by_problems(const struct dump *d, enum check_id id, const char *lead,
    struct buf *msg)
{
	const struct problem	*p;
	size_t			 n;

	if ((p = problem_worst(d, id, &n)) == NULL)
		return -1;
	buf_addf(msg, "%s%s%s.", p->cause == CAUSE_LIMIT ? "" : lead,
	    p->message, n > 1 ? " (and more)" : "");
	if (p->advice != NULL)
		buf_addf(msg, " %s", p->advice);
	return (int)p->level;
}

/*
 * RFC 3875 §4.1: the meta-variables a server MUST set, whether they
 * have the form the RFC gives, and the one conditional rule that is
 * checkable from here (§4.1.6: no PATH_TRANSLATED without PATH_INFO).
 */
static enum level
judge_meta_variables(const struct dump *d, struct buf *msg)
{
	static const char *const must[] = {
		"GATEWAY_INTERFACE", "QUERY_STRING", "REMOTE_ADDR",
		"REQUEST_METHOD", "SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT",
		"SERVER_PROTOCOL", "SERVER_SOFTWARE", NULL
	};
	static const char *const nonempty[] = {
		"GATEWAY_INTERFACE", "REMOTE_ADDR", "REQUEST_METHOD",
		"SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL",
		"SERVER_SOFTWARE", NULL
	};
	struct buf	 unset = { 0 }, bad = { 0 };
	struct bytes	 v;
	enum level	 level = LEVEL_OK;
	size_t		 i;

	/* A local run is one because GATEWAY_INTERFACE is unset. */
	for (i = d->mode == MODE_CGI ? 0 : 1; must[i] != NULL; i++)
		if (env_setness(d, must[i]) == VAR_UNSET)
			buf_list(&unset, must[i], NULL);
	for (i = 0; nonempty[i] != NULL; i++)
		if (env_setness(d, nonempty[i]) == VAR_EMPTY)
			buf_list(&bad, nonempty[i], "empty");
	v = env_get(d, "GATEWAY_INTERFACE");
	if (v.len > 0 && !bytes_prefix(v, "CGI/1."))
		buf_list(&bad, "GATEWAY_INTERFACE", "not CGI/1.x, §4.1.4");
	v = env_get(d, "REQUEST_METHOD");
	if (v.len > 0 && !is_token(v))
		buf_list(&bad, "REQUEST_METHOD", "not a token, §4.1.12");
	v = env_get(d, "SERVER_PORT");
	if (v.len > 0 && !is_digits(v.p, v.len))
		buf_list(&bad, "SERVER_PORT", "not digits, §4.1.15");
	v = env_get(d, "SERVER_PROTOCOL");
	if (v.len > 0 && !bytes_eq(v, "INCLUDED") &&
	    !(v.len >= 5 && ascii_ieqn(v.p, "HTTP/", 5)))
		buf_list(&bad, "SERVER_PROTOCOL", "not HTTP/x.y, §4.1.16");
	if (env_setness(d, "PATH_INFO") != VAR_SET &&
	    env_setness(d, "PATH_TRANSLATED") == VAR_SET)
		buf_list(&bad, "PATH_TRANSLATED", "set without PATH_INFO, "
		    "§4.1.6");
	if (unset.len > 0) {
		buf_addf(msg, "the server did not set %s%s%s. RFC 3875 §4.1 "
		    "says a server MUST set them (QUERY_STRING empty when the "
		    "URL has no query); CGI programs and libraries read them "
		    "without checking. Use the server's own CGI module (Apache "
		    "mod_cgi/mod_cgid, lighttpd mod_cgi) or, with nginx and "
		    "fcgiwrap, `include fastcgi_params;` in the location.",
		    buf_str(&unset),
		    bad.len > 0 ? "; also wrong: " : "",
		    bad.len > 0 ? buf_str(&bad) : "");
		level = LEVEL_FAIL;
	} else if (bad.len > 0) {
		buf_addf(msg, "set, but with values RFC 3875 §4.1 does not "
		    "allow: %s. Programs that trust these values may "
		    "misbehave; look for a setenv or fastcgi_param line that "
		    "overrides them.", buf_str(&bad));
		level = LEVEL_WARN;
	} else
		buf_addf(msg, "every meta-variable RFC 3875 §4.1 requires is "
		    "set, in the form it gives (GATEWAY_INTERFACE, "
		    "QUERY_STRING, REMOTE_ADDR, REQUEST_METHOD, SCRIPT_NAME, "
		    "SERVER_NAME, SERVER_PORT, SERVER_PROTOCOL, "
		    "SERVER_SOFTWARE)");
	buf_free(&unset);
	buf_free(&bad);
	return level;
}

/*
 * A POST, PUT or PATCH that names a Content-Type but comes with no
 * length: a body the server passed on without saying how long it is.
 */
static const char *
body_method_without_length(const struct dump *d)
{
	static const char *const methods[] = { "POST", "PUT", "PATCH", NULL };
	const struct request	*r = &d->req;
	size_t			 i;

	if (r->has_length || r->to_eof || r->content_type.len == 0)
		return NULL;
	for (i = 0; methods[i] != NULL; i++)
		if (bytes_eq(r->method, methods[i]))
			return methods[i];
	return NULL;
}

/* RFC 3875 §4.1.2 and §4.2: CONTENT_LENGTH and the body agree. */
static enum level
judge_body_length(const struct dump *d, struct buf *msg)
{
	const struct request	*r = &d->req;
	const char		*method;
	int			 level;

	if ((level = judge_by_problems(d, CK_BODY_LENGTH, "", msg)) >= 0)
		return (enum level)level;
	if (r->has_length) {
		buf_addf(msg, "CONTENT_LENGTH %llu and the body agree: %llu "
		    "bytes were read", (unsigned long long)r->length,
		    (unsigned long long)r->body_bytes);
		return LEVEL_OK;
	}
	if ((method = body_method_without_length(d)) != NULL) {
		buf_addf(msg, "a %s with a Content-Type but no CONTENT_LENGTH "
		    "and no Transfer-Encoding: if it had a body (a chunked "
		    "upload, say), the server passed it on without saying so, "
		    "and it was not read. mini_httpd and Python's http.server "
		    "do this with chunked requests.", method);
		return LEVEL_WARN;
	}
	if (r->content_length.p != NULL)
		buf_addf(msg, "CONTENT_LENGTH is set but empty: taken as no "
		    "body (RFC 3875 §4.1.2 would leave it unset; nginx's "
		    "fastcgi_params and Python's http.server send it empty)");
	else
		buf_addf(msg, "no body: CONTENT_LENGTH is unset, and the request "
		    "did not say it was chunked");
	return LEVEL_OK;
}

/* CVE-2016-5385 and its family: a Proxy: header as HTTP_PROXY. */
static enum level
judge_httpoxy(const struct dump *d, struct buf *msg)
{
	if (env_setness(d, "HTTP_PROXY") != VAR_UNSET) {
		buf_addf(msg, "HTTP_PROXY is set: the server passes a client's "
		    "Proxy: header into the environment, and HTTP libraries "
		    "take HTTP_PROXY as the proxy for their own outgoing "
		    "requests (httpoxy, CVE-2016-5385). Drop the header: nginx "
		    "`fastcgi_param HTTP_PROXY \"\";`, Apache `RequestHeader "
		    "unset Proxy early`, or a proxy in front that removes it.");
		return LEVEL_FAIL;
	}
	buf_addf(msg, "HTTP_PROXY is not set. Send a Proxy: header (curl -H "
	    "'Proxy: x') to see whether the server would pass one.");
	return LEVEL_OK;
}

/* A limit cut the form, or the body could not be parsed. */
static enum level
judge_form_parse(const struct dump *d, struct buf *msg)
{
	int	 level;

	level = judge_by_problems(d, CK_FORM_PARSE, "the form could not be "
	    "parsed fully: ", msg);
	if (level >= 0)
		return (enum level)level;
	if (d->form.n > 0)
		buf_addf(msg, "%zu form field%s parsed, nothing left over",
		    d->form.n, d->form.n == 1 ? "" : "s");
	else
		buf_addf(msg, "no form fields, and nothing that failed to "
		    "parse");
	return LEVEL_OK;
}

/* CVE-2021-23336: parsers disagree on ';' as a separator. */
static enum level
judge_query_semicolon(const struct dump *d, struct buf *msg)
{
	struct bytes	 q = d->req.query_string;

	if (q.p != NULL && memchr(q.p, ';', q.len) != NULL) {
		buf_addf(msg, "QUERY_STRING holds a ';'. This program splits "
		    "only on '&' (the URL standard), as Python 3.10 and later "
		    "do, but older parsers and some caches also split on ';' "
		    "and see other fields (web cache poisoning, "
		    "CVE-2021-23336). Encode it as %%3B.");
		return LEVEL_WARN;
	}
	buf_addf(msg, "no ';' in QUERY_STRING, so every parser splits it the "
	    "same way");
	return LEVEL_OK;
}

/*
 * RFC 3875 §4.4: a GET or HEAD whose query has no unencoded '=' is a
 * search string; its '+'-separated words, each URL-decoded, MAY become
 * the arguments (the server MUST give none if it cannot give them all).
 * Apache backslash-escapes shell characters in them (a "system-defined
 * encoding" the RFC allows): ignore backslashes before comparing.
 */
static int
word_is(const char *q, size_t len, const char *arg)
{
	struct buf	 w = { 0 };
	size_t		 i;
	int		 same;

	buf_unescape(&w, q, len);
	for (i = 0; *arg != '\0' || i < w.len; arg++, i++) {
		if (*arg == '\\' && arg[1] != '\0')
			arg++;
		if (*arg == '\0' || i >= w.len || *arg != w.p[i])
			break;
	}
	same = *arg == '\0' && i == w.len;
	buf_free(&w);
	return same;
}

static enum level
judge_isindex_argv(const struct dump *d, struct buf *msg)
{
	struct bytes	 q = d->req.query_string, m = d->req.method, rest, w;
	int		 n = 0, nargs = d->argc - 1, ok = 1;

	if (nargs < 0)
		nargs = 0;
	if (d->transport.name != NULL) {
		buf_addf(msg, "%s passes no command-line arguments: those "
		    "shown are cgidump's own", d->transport.name);
		return LEVEL_SKIP;
	}
	if (q.p == NULL || q.len == 0 || memchr(q.p, '=', q.len) != NULL ||
	    !(bytes_eq(m, "GET") || bytes_eq(m, "HEAD"))) {
		if (nargs == 0) {
			buf_addf(msg, "no command-line arguments, as RFC 3875 "
			    "§4.4 wants for a request that is not an ISINDEX "
			    "query");
			return LEVEL_OK;
		}
		buf_addf(msg, "the server passed %d command-line argument%s, "
		    "but this is not an ISINDEX query (a GET or HEAD whose "
		    "query has no '='): RFC 3875 §4.4 allows arguments only "
		    "for those (Python's http.server passes one, empty, for a "
		    "URL without a query). A program that takes its arguments "
		    "as options can be steered by the URL.", nargs,
		    nargs == 1 ? "" : "s");
		return LEVEL_WARN;
	}
	if (nargs == 0) {
		buf_addf(msg, "an ISINDEX query, and the server passed no "
		    "arguments for it, which RFC 3875 §4.4 allows (lighttpd, "
		    "nginx and busybox never do)");
		return LEVEL_OK;
	}
	for (rest = q; ok && bytes_next(&rest, '+', &w); n++)
		ok = n < nargs && word_is(w.p, w.len, d->argv[n + 1]);
	if (ok && n == nargs) {
		buf_addf(msg, "an ISINDEX query, passed as %d argument%s: one "
		    "per '+'-separated word, URL-decoded, as RFC 3875 §4.4 "
		    "says", nargs, nargs == 1 ? "" : "s");
		return LEVEL_OK;
	}
	buf_addf(msg, "an ISINDEX query (no '=' in it), but the %d argument%s "
	    "the server passed %s not its '+'-separated words, URL-decoded, "
	    "one each (RFC 3875 §4.4); Python's http.server passes them as "
	    "one argument. Programs that read ISINDEX words from argv get "
	    "them wrong.", nargs, nargs == 1 ? "" : "s",
	    nargs == 1 ? "is" : "are");
	return LEVEL_WARN;
}

/*
 * RFC 3875 §4.1.18: the server SHOULD NOT pass authentication headers,
 * nor those already in CONTENT_LENGTH and CONTENT_TYPE, as HTTP_*.
 * nginx (fastcgi_params passes every header) and lighttpd copy
 * Content-Type and Content-Length on every POST: a byte-exact copy
 * is harmless and said at ok; a copy that differs is two answers to
 * one question, and a program that reads the other one reads another
 * body (request smuggling, parser confusion).
 */
static enum level
judge_header_variables(const struct dump *d, struct buf *msg)
{
	static const char *const creds[] = {
		"HTTP_AUTHORIZATION", "HTTP_PROXY_AUTHORIZATION", NULL
	};
	static const char *const copies[][2] = {
		{ "HTTP_CONTENT_LENGTH", "CONTENT_LENGTH" },
		{ "HTTP_CONTENT_TYPE", "CONTENT_TYPE" },
	};
	struct buf		 cred = { 0 }, same = { 0 }, differ = { 0 };
	const struct envvar	*h, *c;
	enum level		 level = LEVEL_OK;
	size_t			 i, j, nsame;

	for (i = 0; creds[i] != NULL; i++)
		if (env_setness(d, creds[i]) == VAR_SET)
			buf_list(&cred, creds[i], NULL);
	/* Every copy: lighttpd passes a Content_Length header as a second
	 * HTTP_CONTENT_LENGTH besides its own copy of Content-Length. */
	for (i = 0; i < sizeof(copies) / sizeof(copies[0]); i++) {
		c = env_find(d, copies[i][1]);
		nsame = 0;
		for (j = 0; j < d->nenv; j++) {
			h = &d->env[j];
			if (!bytes_eq(h->name, copies[i][0]))
				continue;
			if (c != NULL && h->value.p != NULL &&
			    bytes_cmp(h->value, c->value) == 0) {
				nsame++;
				continue;
			}
			if (differ.len > 0)
				buf_addf(&differ, "; ");
			buf_addf(&differ, "%s is ", copies[i][0]);
			buf_env_value(&differ, h);
			buf_addf(&differ, " but %s is ", copies[i][1]);
			buf_env_value(&differ, c);
		}
		if (nsame > 0)
			buf_list(&same, copies[i][0], NULL);
	}
	if (differ.len > 0) {
		buf_addf(msg, "a header copy differs from the variable it "
		    "copies: %s. The server turned a second header (such as "
		    "Content_Length, which lighttpd and busybox httpd pass as "
		    "HTTP_CONTENT_LENGTH) into it, and a program or library "
		    "that reads the HTTP_ one reads another body length or "
		    "type than the server used: request smuggling or parser "
		    "confusion. Only CONTENT_LENGTH and CONTENT_TYPE count. "
		    "Drop the header: lighttpd `setenv.set-request-header += "
		    "( \"Content_Length\" => \"\" )` (an empty value removes "
		    "it; needs mod_setenv); Apache and nginx drop header names "
		    "with '_' unless told otherwise (nginx: remove "
		    "`underscores_in_headers on`); busybox httpd has no "
		    "setting for it: put a proxy in front that drops them.",
		    buf_str(&differ));
		level = LEVEL_FAIL;
	}
	if (cred.len > 0) {
		buf_addf(msg, "%sthe server passed %s: RFC 3875 §4.1.18 says it "
		    "SHOULD NOT pass credentials, which every program it runs "
		    "can read. If a program here does its own authentication "
		    "it needs them and there is nothing to fix. Otherwise: "
		    "Apache passes Authorization only with `CGIPassAuth On` "
		    "(remove it, and any SetEnvIf or RewriteRule that copies "
		    "the header); nginx: `fastcgi_param HTTP_AUTHORIZATION "
		    "\"\";` passes it empty, which this check accepts; "
		    "lighttpd: `setenv.set-request-header += ( "
		    "\"Authorization\" => \"\" )` (needs mod_setenv).",
		    level != LEVEL_OK ? " Also, " : "", buf_str(&cred));
		if (level == LEVEL_OK)
			level = LEVEL_WARN;
	}
	if (same.len > 0)
		buf_addf(msg, "%s%s %s a byte-for-byte copy of the variable "
		    "without HTTP_ (nginx and lighttpd pass the Content-Type "
		    "and Content-Length headers that way too): RFC 3875 "
		    "§4.1.18 says SHOULD NOT, but an identical copy is "
		    "harmless, and there is nothing to fix.",
		    msg->len > 0 ? " Note: " : "", buf_str(&same),
		    strchr(buf_str(&same), ',') != NULL ? "are each" : "is");
	if (msg->len == 0)
		buf_addf(msg, "no Authorization, Proxy-Authorization, "
		    "Content-Length or Content-Type header copied into HTTP_* "
		    "variables (RFC 3875 §4.1.18)");
	buf_free(&cred);
	buf_free(&same);
	buf_free(&differ);
	return level;
}

/*
 * A variable in environ more than once: nginx passes a fastcgi_param
 * given twice (SCRIPT_NAME in fastcgi_params and again in a location)
 * twice.  getenv(3) returns the first (glibc, musl and the BSDs walk
 * environ from its start); a program that walks environ itself may
 * keep another, so two programs disagree on one request.
 */
static enum level
judge_duplicate_variables(const struct dump *d, struct buf *msg)
{
	struct buf	 dup = { 0 };
	size_t		 i, j, n = 0;
	/* FastCGI and SCGI: env.c keeps the parameters in the server's order. */
	const char	*where = d->transport.name != NULL ?
			    "the server's parameters" : "the environment";
	const char	*order = d->transport.name != NULL ? "parameter" :
			    "environ";

	for (i = 0; i < d->nenv; i = j) {
		for (j = i + 1; j < d->nenv &&
		    bytes_cmp(d->env[i].name, d->env[j].name) == 0; j++)
			continue;
		if (j - i < 2)
			continue;
		/* env.c's env_cmp keeps equal names in environ order. */
		if (n++ > 0)
			buf_addf(&dup, "; ");
		buf_quote(&dup, d->env[i].name.p, d->env[i].name.len,
		    QUOTE_MAX);
		buf_addf(&dup, " %zu times: ", j - i);
		for (; i < j; i++) {
			buf_env_value(&dup, &d->env[i]);
			buf_addf(&dup, "%s", i + 1 < j ? ", " : "");
		}
	}
	if (n == 0) {
		buf_addf(msg, "no variable is in %s more than once", where);
		return LEVEL_OK;
	}
	buf_addf(msg, "%s in %s more than once: %s (values in %s "
	    "order). %s, so programs disagree on this request. "
	    "The server passes the variable twice: with nginx, a "
	    "fastcgi_param line that repeats one the included "
	    "fastcgi_params already sets (SCRIPT_NAME, say); delete the "
	    "repeated line. Elsewhere, look for a line in the server's "
	    "configuration that sets a variable the server sets itself.",
	    n == 1 ? "a variable is" : "variables are", where, buf_str(&dup),
	    order, d->transport.name != NULL ? "Which one an application "
	    "sees is up to its FastCGI or SCGI library (libfcgi's "
	    "FCGX_GetParam returns the first); another may keep a later one" :
	    "A program using getenv(3) sees the first of each (glibc, musl "
	    "and the BSDs); one that walks environ itself may keep a later "
	    "one");
	buf_free(&dup);
	return LEVEL_WARN;
}

/* RFC 9112 §7.1 framing passed as the body (busybox, mini_httpd, Python). */
static enum level
judge_chunk_framing(const struct dump *d, struct buf *msg)
{
	if (d->req.chunk_framing) {
		buf_addf(msg, "the body on stdin is still in chunked transfer "
		    "coding (RFC 9112 §7.1), with no CONTENT_LENGTH: the server "
		    "did not decode it, which RFC 3875 §4.2 requires. busybox "
		    "httpd, mini_httpd and Python's http.server do this; every "
		    "CGI program then reads chunk sizes as data. Put a server "
		    "that decodes (Apache, lighttpd, nginx) in front.");
		return LEVEL_FAIL;
	}
	if (d->req.to_eof && d->req.body_bytes > 0)
		buf_addf(msg, "a chunked request, decoded by the server before "
		    "the program saw it");
	else if (d->req.to_eof)
		buf_addf(msg, "a chunked request, but no body arrived to judge "
		    "(see body-length)");
	else
		buf_addf(msg, "no chunked framing on stdin");
	return LEVEL_OK;
}

/* cgi-server-survey.md: mini_httpd and Python hand over the socket. */
static enum level
judge_stdin_socket(const struct dump *d, struct buf *msg)
{
	if (d->transport.name != NULL) {
		buf_addf(msg, "the body comes %s, CONTENT_LENGTH bytes: stdin "
		    "is not the client's connection",
		    strcmp(d->transport.name, "scgi") == 0 ?
		    "on the server's SCGI connection" : "in FastCGI records");
		return LEVEL_SKIP;
	}
	if (strcmp(d->req.stdin_kind, "socket") == 0) {
		buf_addf(msg, "stdin is a socket, most likely the client's "
		    "connection (mini_httpd and Python's http.server do this). "
		    "It never reaches end of file while the client waits, so a "
		    "CGI program that reads to the end instead of "
		    "CONTENT_LENGTH bytes hangs until the client gives up.");
		return LEVEL_WARN;
	}
	if (strcmp(d->req.stdin_kind, "unix-socket") == 0)
		buf_addf(msg, "stdin is a local (AF_UNIX) socket to the server, "
		    "as Apache's mod_cgid gives, not the client's connection: "
		    "it ends with the body");
	else
		buf_addf(msg, "stdin is a %s, not a socket: reading to its end "
		    "cannot hang on the client", d->req.stdin_kind);
	return LEVEL_OK;
}

/*
 * A shell's variables in a CGI's environment mean the server passes its
 * own environment on (nginx + fcgiwrap, busybox httpd, Python's
 * http.server): whatever secrets it was started with too.  HOME, USER,
 * LOGNAME and SHELL do not count: systemd sets them for a service with
 * User=, such as Debian's fcgiwrap.service.
 */
static enum level
judge_server_environment(const struct dump *d, struct buf *msg)
{
	static const char *const shell[] = {
		"PWD", "OLDPWD", "SHLVL",
		"TERM", "MAIL", "HISTFILE", "DISPLAY", "SSH_CLIENT",
		"SSH_CONNECTION", "SSH_TTY", "SSH_AUTH_SOCK", "SUDO_USER",
		"SUDO_COMMAND", "LS_COLORS", "XDG_RUNTIME_DIR",
		"XDG_SESSION_ID", "TMUX", "STY", "_", NULL
	};
	struct buf	 set = { 0 };
	enum level	 level = LEVEL_OK;

	env_set_names(d, shell, &set);
	if (set.len > 0) {
		buf_addf(msg, "variables of an interactive shell are in the "
		    "environment: %s. The server passes on the environment it "
		    "was started with (nginx's fcgiwrap, busybox httpd and "
		    "Python's http.server do), so every CGI program sees "
		    "whatever was in it, secrets included. Start the server "
		    "from a clean environment (env -i, or a service manager).",
		    buf_str(&set));
		level = LEVEL_WARN;
	} else
		buf_addf(msg, "none of an interactive shell's variables (PWD, "
		    "SHLVL, TERM, SSH_*, SUDO_*, ...) are in the environment");
	buf_free(&set);
	return level;
}

/* Who may see the dump (DESIGN.md "Who may see it"). */
static enum level
judge_access_control(const struct dump *d, struct buf *msg)
{
	struct buf	 set = { 0 };
	enum level	 level = LEVEL_OK;

	env_set_names(d, fence_settings, &set);
	if (set.len > 0)
		buf_addf(msg, "this dump is fenced in by %s", buf_str(&set));
	else {
		buf_addf(msg, "anyone who can reach this URL sees this dump: "
		    "paths, versions, users and the server's environment. Set "
		    "CGIDUMP_ALLOW, CGIDUMP_TOKEN or CGIDUMP_EXPIRES in the "
		    "server's configuration: Apache `SetEnv CGIDUMP_ALLOW "
		    "\"127.0.0.1,::1\"`; nginx `fastcgi_param CGIDUMP_ALLOW "
		    "\"127.0.0.1,::1\";`; lighttpd `setenv.add-environment += "
		    "( \"CGIDUMP_ALLOW\" => \"127.0.0.1,::1\" )` (needs "
		    "mod_setenv; `+=`, since a second `=` stops lighttpd). Or "
		    "remove the program when done.");
		level = LEVEL_WARN;
	}
	buf_free(&set);
	return level;
}

/* CGIDUMP_REVEAL on a server shows every visitor the secrets. */
static enum level
judge_secrets(const struct dump *d, struct buf *msg)
{
	if (d->mode == MODE_CGI && d->reveal) {
		buf_addf(msg, "CGIDUMP_REVEAL=1: cookie values, Authorization "
		    "and secret-looking variables are shown to whoever loads "
		    "this page, scripts on the same site included. Remove it "
		    "when done.");
		return LEVEL_WARN;
	}
	if (d->reveal)
		buf_addf(msg, "secrets are shown, as asked for this local run");
	else
		buf_addf(msg, "cookie values, Authorization and secret-looking "
		    "variables are hidden");
	return LEVEL_OK;
}

/* A CGIDUMP_* setting this program could not use. */
static enum level
judge_config(const struct dump *d, struct buf *msg)
{
	int	 level;

	level = judge_by_problems(d, CK_CONFIG, "a CGIDUMP_* setting is "
	    "wrong: ", msg);
	if (level >= 0)
		return (enum level)level;
	buf_addf(msg, "every CGIDUMP_* setting given is valid");
	return LEVEL_OK;
}

/* In the order the verdicts are listed; the ids are a stable interface. */
const struct check_row check_table[CK__MAX] = {
	[CK_META_VARIABLES] = { "meta-variables", WHEN_REQUEST, NULL,
	    judge_meta_variables },
	[CK_BODY_LENGTH] = { "body-length", WHEN_ALWAYS, NULL,
	    judge_body_length },
	[CK_HTTPOXY] = { "httpoxy", WHEN_REQUEST, NULL,
	    judge_httpoxy },
	[CK_PRIVILEGES] = { "privileges", WHEN_ALWAYS, NULL,
	    judge_privileges },
	[CK_FORM_PARSE] = { "form-parse", WHEN_ALWAYS, NULL,
	    judge_form_parse },
	[CK_QUERY_SEMICOLON] = { "query-semicolon", WHEN_ALWAYS, NULL,
	    judge_query_semicolon },
	[CK_ISINDEX_ARGV] = { "isindex-argv", WHEN_CGI,
	    "in a local run the arguments are cgidump's own options",
	    judge_isindex_argv },
	[CK_HEADER_VARIABLES] = { "header-variables", WHEN_REQUEST, NULL,
	    judge_header_variables },
	[CK_DUPLICATE_VARIABLES] = { "duplicate-variables", WHEN_ALWAYS, NULL,
	    judge_duplicate_variables },
	[CK_LIBRARY_VARIABLES] = { "library-variables", WHEN_ALWAYS, NULL,
	    judge_library_variables },
	[CK_SCRIPT_PERMISSIONS] = { "script-permissions", WHEN_ALWAYS, NULL,
	    judge_script_permissions },
	[CK_PATH] = { "path", WHEN_ALWAYS, NULL,
	    judge_path },
	[CK_WORKING_DIRECTORY] = { "working-directory", WHEN_CGI,
	    "a local run works where it was started",
	    judge_working_directory },
	[CK_CHUNK_FRAMING] = { "chunk-framing", WHEN_ALWAYS, NULL,
	    judge_chunk_framing },
	[CK_STDIN_SOCKET] = { "stdin-socket", WHEN_ALWAYS, NULL,
	    judge_stdin_socket },
	[CK_SERVER_ENVIRONMENT] = { "server-environment", WHEN_REQUEST, NULL,
	    judge_server_environment },
	[CK_ACCESS_CONTROL] = { "access-control", WHEN_CGI,
	    "a local run is seen only by whoever ran it",
	    judge_access_control },
	[CK_SECRETS] = { "secrets", WHEN_ALWAYS, NULL,
	    judge_secrets },
	[CK_CONFIG] = { "config", WHEN_ALWAYS, NULL,
	    judge_config },
	[CK_SCRIPT_VARIABLES] = { "script-variables", WHEN_REQUEST, NULL,
	    judge_script_variables },
	[CK_FIX_PATHINFO] = { "fix-pathinfo", WHEN_REQUEST, NULL,
	    judge_fix_pathinfo },
};

const char *
check_name(enum check_id id)
{
	return id < CK__MAX ? check_table[id].name : "unknown";
}

/*
 * A check of what a server hands over needs a request: a CGI run, or a
 * local run that fakes one (REQUEST_METHOD set).
 */
static int
has_request(const struct dump *d)
{
	return d->mode == MODE_CGI || d->req.method.p != NULL;
}

/* Exactly one verdict per row, "not judged" ones included. */
void
checks_run(struct dump *d)
{
	struct buf	 msg = { 0 };
	enum level	 level;
	size_t		 i;

	for (i = 0; i < CK__MAX; i++) {
		const struct check_row	*row = &check_table[i];

		msg.len = 0;
		/* DESIGN.md: "not judged here" is a skip, counted apart. */
		level = LEVEL_SKIP;
		if (row->when == WHEN_REQUEST && !has_request(d))
			buf_addf(&msg, "not judged: a local run with no request "
			    "(set REQUEST_METHOD and the variables a server sets "
			    "to fake one)");
		else if (row->when == WHEN_CGI && d->mode != MODE_CGI)
			buf_addf(&msg, "not judged: %s", row->local);
		else
			level = row->judge(d, &msg);
		check_add(d, (enum check_id)i, level, buf_str(&msg));
	}
	buf_free(&msg);
}
