/*
 * check.c: server-setup verdicts about the request, judged from what
 * the server handed over (DESIGN.md "The JSON model": the check ids).
 *
 * Each check adds exactly one verdict with a stable id, whatever the
 * outcome, so that a reader sees what was verified as well as what is
 * wrong.  A message says what is wrong, why it matters and how to fix
 * it.  The checks about the process and the files it runs from are in
 * hostcheck.c.
 *
 * Only a CGI run (GATEWAY_INTERFACE set) says anything about a server;
 * a local run is judged on its process, its environment and whatever
 * request it fakes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dump.h"

void
check_add(struct dump *d, const char *id, enum level level,
    const char *fmt, ...)
{
	va_list	 ap;

	if (d->nchecks % 16 == 0)
		d->checks = xreallocarray(d->checks, d->nchecks + 16,
		    sizeof(*d->checks));
	d->checks[d->nchecks].id = id;
	d->checks[d->nchecks].level = level;
	va_start(ap, fmt);
	d->checks[d->nchecks].message = xvasprintf(fmt, ap);
	va_end(ap);
	d->nchecks++;
}

/*
 * A check of what a server hands over needs a request: a CGI run, or a
 * local run that fakes one (REQUEST_METHOD set).  Without one it says
 * so, at level ok.
 */
static int
no_request(struct dump *d, const char *id)
{
	if (d->mode == MODE_CGI || d->req.method.p != NULL)
		return 0;
	check_add(d, id, LEVEL_OK, "not judged: a local run with no request "
	    "(set REQUEST_METHOD and the variables a server sets to fake "
	    "one)");
	return 1;
}

static int
all_digits(struct bytes b)
{
	size_t	 i;

	for (i = 0; i < b.len; i++)
		if (b.p[i] < '0' || b.p[i] > '9')
			return 0;
	return b.len > 0;
}

/* RFC 9110 §5.6.2 token characters. */
static int
is_token(struct bytes b)
{
	size_t	 i;

	for (i = 0; i < b.len; i++)
		if (b.p[i] <= ' ' || b.p[i] >= 127 ||
		    strchr("\"(),/:;<=>?@[\\]{}", b.p[i]) != NULL)
			return 0;
	return b.len > 0;
}

/* Lists in b those of names that are set, empty or not. */
static void
set_names(const struct dump *d, const char *const *names, struct buf *b)
{
	size_t	 i;

	for (i = 0; names[i] != NULL; i++)
		if (env_setness(d, names[i]) != VAR_UNSET)
			buf_list(b, names[i], NULL);
}

/*
 * RFC 3875 §4.1: the meta-variables a server MUST set, whether they
 * have the form the RFC gives, and the one conditional rule that is
 * checkable from here (§4.1.6: no PATH_TRANSLATED without PATH_INFO).
 */
static void
check_meta_variables(struct dump *d)
{
	static const char *const must[] = {
		"GATEWAY_INTERFACE", "QUERY_STRING", "REMOTE_ADDR",
		"REQUEST_METHOD", "SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT",
		"SERVER_PROTOCOL", "SERVER_SOFTWARE", NULL
	};
	static const char *const nonempty[] = {
		"GATEWAY_INTERFACE", "REMOTE_ADDR", "REQUEST_METHOD", "SERVER_NAME", "SERVER_PORT",
		"SERVER_PROTOCOL", "SERVER_SOFTWARE", NULL
	};
	struct buf	 unset = { 0 }, bad = { 0 };
	struct bytes	 v;
	size_t		 i;

	if (no_request(d, "meta-variables"))
		return;
	/* A local run is one because GATEWAY_INTERFACE is unset. */
	for (i = d->mode == MODE_CGI ? 0 : 1; must[i] != NULL; i++)
		if (env_setness(d, must[i]) == VAR_UNSET)
			buf_list(&unset, must[i], NULL);
	for (i = 0; nonempty[i] != NULL; i++)
		if (env_setness(d, nonempty[i]) == VAR_EMPTY)
			buf_list(&bad, nonempty[i], "empty");
	v = env_get(d, "GATEWAY_INTERFACE");
	if (v.len > 0 && (v.len < 6 || memcmp(v.p, "CGI/1.", 6) != 0))
		buf_list(&bad, "GATEWAY_INTERFACE", "not CGI/1.x, §4.1.4");
	v = env_get(d, "REQUEST_METHOD");
	if (v.len > 0 && !is_token(v))
		buf_list(&bad, "REQUEST_METHOD", "not a token, §4.1.12");
	v = env_get(d, "SERVER_PORT");
	if (v.len > 0 && !all_digits(v))
		buf_list(&bad, "SERVER_PORT", "not digits, §4.1.15");
	v = env_get(d, "SERVER_PROTOCOL");
	if (v.len > 0 && !bytes_eq(v, "INCLUDED") &&
	    !(v.len >= 5 && ascii_ieqn(v.p, "HTTP/", 5)))
		buf_list(&bad, "SERVER_PROTOCOL", "not HTTP/x.y, §4.1.16");
	if (env_setness(d, "PATH_INFO") != VAR_SET &&
	    env_setness(d, "PATH_TRANSLATED") == VAR_SET)
		buf_list(&bad, "PATH_TRANSLATED", "set without PATH_INFO, "
		    "§4.1.6");
	if (unset.len > 0)
		check_add(d, "meta-variables", LEVEL_FAIL, "the server did not "
		    "set %s%s%s. RFC 3875 §4.1 says a server MUST set them "
		    "(QUERY_STRING empty when the URL has no query); CGI "
		    "programs and libraries read them without checking. Use "
		    "the server's own CGI module (Apache mod_cgi/mod_cgid, "
		    "lighttpd mod_cgi) or, with nginx and fcgiwrap, include "
		    "fastcgi_params.", buf_str(&unset),
		    bad.len > 0 ? "; also wrong: " : "",
		    bad.len > 0 ? buf_str(&bad) : "");
	else if (bad.len > 0)
		check_add(d, "meta-variables", LEVEL_WARN, "set, but with "
		    "values RFC 3875 §4.1 does not allow: %s. Programs that "
		    "trust these values may misbehave; look for a setenv or "
		    "fastcgi_param line that overrides them.", buf_str(&bad));
	else
		check_add(d, "meta-variables", LEVEL_OK, "every meta-variable "
		    "RFC 3875 §4.1 requires is set, in the form it gives "
		    "(GATEWAY_INTERFACE, QUERY_STRING, REMOTE_ADDR, "
		    "REQUEST_METHOD, SCRIPT_NAME, SERVER_NAME, SERVER_PORT, "
		    "SERVER_PROTOCOL, SERVER_SOFTWARE)");
	buf_free(&unset);
	buf_free(&bad);
}

/* The first error the collect and parse stages reported with this id. */
static const char *
first_error(const struct dump *d, const char *id)
{
	size_t	 i;

	for (i = 0; i < d->nerrors; i++)
		if (strcmp(d->errors[i].id, id) == 0)
			return d->errors[i].message;
	return NULL;
}

/*
 * A POST, PUT or PATCH that names a Content-Type but comes with no
 * length: a body the server passed on without saying how long it is.
 */
static int
has_body_type(const struct dump *d)
{
	const struct request	*r = &d->req;

	return !r->has_length && !r->to_eof && r->content_type.len > 0 &&
	    (bytes_eq(r->method, "POST") || bytes_eq(r->method, "PUT") ||
	    bytes_eq(r->method, "PATCH"));
}

/* RFC 3875 §4.1.2 and §4.2: CONTENT_LENGTH and the body agree. */
static void
check_body_length(struct dump *d)
{
	const struct request	*r = &d->req;
	const char		*e = first_error(d, "body-length");
	unsigned long long	 got = r->body_bytes;

	if (e != NULL && r->body_end == BODY_LIMIT)
		check_add(d, "body-length", LEVEL_WARN, "%s. That is this "
		    "program's own limit, not a server problem; raise "
		    "CGIDUMP_MAX_BODY to see all of it.", e);
	else if (r->to_eof && got == 0 && r->body_end == BODY_DONE)
		check_add(d, "body-length", LEVEL_WARN, "the request says its "
		    "body is chunked, but not one byte of it arrived on stdin: "
		    "the client sent an empty body, or the server dropped it "
		    "(busybox httpd passes only what came with the request "
		    "headers, so programs behind it cannot take chunked "
		    "uploads).");
	else if (r->to_eof && !r->chunk_framing && r->body_end == BODY_DONE)
		check_add(d, "body-length", LEVEL_WARN, "the server passed a "
		    "%llu-byte chunked body without CONTENT_LENGTH (as Apache "
		    "does), to be read to the end of file; RFC 3875 §4.1.2 "
		    "says it MUST set CONTENT_LENGTH, and programs that follow "
		    "the RFC see no body. lighttpd and nginx set it; so do "
		    "clients that send Content-Length.", got);
	else if (e != NULL && r->chunk_framing)
		check_add(d, "body-length", LEVEL_FAIL, "%s. The server "
		    "passed a chunked body as it came (see chunk-framing).",
		    e);
	else if (e != NULL)
		check_add(d, "body-length", LEVEL_FAIL, "%s. A CGI program "
		    "that trusts CONTENT_LENGTH waits for bytes that never come "
		    "or reads the wrong thing.", e);
	else if (r->has_length)
		check_add(d, "body-length", LEVEL_OK, "CONTENT_LENGTH %llu "
		    "and the body agree: %llu bytes were read",
		    (unsigned long long)r->length, got);
	else if (has_body_type(d))
		check_add(d, "body-length", LEVEL_WARN, "a %s with a "
		    "Content-Type but no CONTENT_LENGTH and no Transfer-Encoding: "
		    "if it had a body (a chunked upload, say), the server passed "
		    "it on without saying so, and it was not read. mini_httpd "
		    "and Python's http.server do this with chunked requests.",
		    r->method.len == 3 ? "PUT" : r->method.len == 4 ? "POST" :
		    "PATCH");
	else if (r->content_length.p != NULL)
		check_add(d, "body-length", LEVEL_OK, "CONTENT_LENGTH is set "
		    "but empty: taken as no body (RFC 3875 §4.1.2 would leave "
		    "it unset; nginx's fastcgi_params and Python's http.server "
		    "send it empty)");
	else
		check_add(d, "body-length", LEVEL_OK, "no body: "
		    "CONTENT_LENGTH is unset, and the request did not say it "
		    "was chunked");
}

/* CVE-2016-5385 and its family: a Proxy: header as HTTP_PROXY. */
static void
check_httpoxy(struct dump *d)
{
	if (no_request(d, "httpoxy"))
		return;
	if (env_setness(d, "HTTP_PROXY") != VAR_UNSET)
		check_add(d, "httpoxy", LEVEL_FAIL, "HTTP_PROXY is set: the "
		    "server passes a client's Proxy: header into the "
		    "environment, and HTTP libraries take HTTP_PROXY as the "
		    "proxy for their own outgoing requests (httpoxy, "
		    "CVE-2016-5385). Drop the header: nginx `fastcgi_param "
		    "HTTP_PROXY \"\";`, Apache `RequestHeader unset Proxy "
		    "early`, or a proxy in front that removes it.");
	else
		check_add(d, "httpoxy", LEVEL_OK, "HTTP_PROXY is not set. "
		    "Send a Proxy: header (curl -H 'Proxy: x') to see whether "
		    "the server would pass one.");
}

/* A limit cut the form, or the body could not be parsed. */
static void
check_form_parse(struct dump *d)
{
	const struct form	*f = &d->form;
	unsigned long long	 n = f->nerrors + f->errors_dropped;

	if (n > f->limit_errors)
		check_add(d, "form-parse", LEVEL_FAIL, "the form could not "
		    "be parsed fully: %s%s. A client bug, or a server or proxy "
		    "that changed the body on the way (see Problems with this "
		    "request).", f->errors[0].message,
		    n > 1 ? " (and more)" : "");
	else if (f->nerrors > 0)
		check_add(d, "form-parse", LEVEL_WARN, "%s%s. That is this "
		    "program's own limit; raise it to see those parts.",
		    f->errors[0].message, n > 1 ? " (and more)" : "");
	else if (f->cut != NULL)
		check_add(d, "form-parse", LEVEL_WARN, "the form was cut "
		    "short by %s; the fields after it are not shown. That is "
		    "this program's own limit; raise it to see them.", f->cut);
	else if (f->n > 0)
		check_add(d, "form-parse", LEVEL_OK, "%zu form field%s "
		    "parsed, nothing left over", f->n, f->n == 1 ? "" : "s");
	else
		check_add(d, "form-parse", LEVEL_OK, "no form fields, and "
		    "nothing that failed to parse");
}

/* CVE-2021-23336: parsers disagree on ';' as a separator. */
static void
check_query_semicolon(struct dump *d)
{
	struct bytes	 q = d->req.query_string;

	if (q.p != NULL && memchr(q.p, ';', q.len) != NULL)
		check_add(d, "query-semicolon", LEVEL_WARN, "QUERY_STRING "
		    "holds a ';'. This program splits only on '&' (the URL "
		    "standard), as Python 3.10 and later do, but older "
		    "parsers and some caches also split on ';' and see other "
		    "fields (web cache poisoning, CVE-2021-23336). Encode it "
		    "as %%3B.");
	else
		check_add(d, "query-semicolon", LEVEL_OK, "no ';' in "
		    "QUERY_STRING, so every parser splits it the same way");
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
	int		 hi, lo, same;

	for (i = 0; i < len; i++) {
		if (q[i] == '%' && len - i > 2 &&
		    (hi = hex_value(q[i + 1])) >= 0 &&
		    (lo = hex_value(q[i + 2])) >= 0) {
			buf_addc(&w, (char)(hi * 16 + lo));
			i += 2;
		} else
			buf_addc(&w, q[i]);
	}
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

static void
check_isindex_argv(struct dump *d)
{
	struct bytes	 q = d->req.query_string, m = d->req.method;
	const char	*p, *end, *w;
	int		 n = 0, nargs = d->argc - 1, ok = 1;

	if (d->mode != MODE_CGI) {
		check_add(d, "isindex-argv", LEVEL_OK, "not judged: in a local "
		    "run the arguments are cgidump's own options");
		return;
	}
	if (nargs < 0)
		nargs = 0;
	if (q.p == NULL || q.len == 0 || memchr(q.p, '=', q.len) != NULL ||
	    !(bytes_eq(m, "GET") || bytes_eq(m, "HEAD"))) {
		if (nargs > 0)
			check_add(d, "isindex-argv", LEVEL_WARN, "the server "
			    "passed %d command-line argument%s, but this is "
			    "not an ISINDEX query (a GET or HEAD whose query "
			    "has no '='): RFC 3875 §4.4 allows arguments only "
			    "for those (Python's http.server passes one, "
			    "empty, for a URL without a query). A program "
			    "that takes its arguments as options can be "
			    "steered by the URL.", nargs, nargs == 1 ? "" : "s");
		else
			check_add(d, "isindex-argv", LEVEL_OK, "no command-line "
			    "arguments, as RFC 3875 §4.4 wants for a request "
			    "that is not an ISINDEX query");
		return;
	}
	if (nargs == 0) {
		check_add(d, "isindex-argv", LEVEL_OK, "an ISINDEX query, and "
		    "the server passed no arguments for it, which RFC 3875 "
		    "§4.4 allows (lighttpd, nginx and busybox never do)");
		return;
	}
	for (p = q.p, end = q.p + q.len; ok; p = w + 1, n++) {
		if ((w = memchr(p, '+', (size_t)(end - p))) == NULL)
			w = end;
		ok = n < nargs && word_is(p, (size_t)(w - p), d->argv[n + 1]);
		if (w == end)
			break;
	}
	if (ok && n + 1 == nargs)
		check_add(d, "isindex-argv", LEVEL_OK, "an ISINDEX query, "
		    "passed as %d argument%s: one per '+'-separated word, "
		    "URL-decoded, as RFC 3875 §4.4 says", nargs,
		    nargs == 1 ? "" : "s");
	else
		check_add(d, "isindex-argv", LEVEL_WARN, "an ISINDEX query "
		    "(no '=' in it), but the %d argument%s the server passed "
		    "%s not its '+'-separated words, URL-decoded, one each "
		    "(RFC 3875 §4.4); Python's http.server passes them as one "
		    "argument. Programs that read ISINDEX words from argv get "
		    "them wrong.", nargs, nargs == 1 ? "" : "s",
		    nargs == 1 ? "is" : "are");
}

/*
 * RFC 3875 §4.1.18: the server SHOULD NOT pass authentication headers,
 * nor those already in CONTENT_LENGTH and CONTENT_TYPE, as HTTP_*.
 */
static void
check_header_variables(struct dump *d)
{
	static const char *const names[] = {
		"HTTP_AUTHORIZATION", "HTTP_PROXY_AUTHORIZATION",
		"HTTP_CONTENT_LENGTH", "HTTP_CONTENT_TYPE", NULL
	};
	struct buf	 set = { 0 };
	struct bytes	 hl = env_get(d, "HTTP_CONTENT_LENGTH");
	struct bytes	 cl = env_get(d, "CONTENT_LENGTH");

	if (no_request(d, "header-variables"))
		return;
	set_names(d, names, &set);
	if (hl.p != NULL && (cl.p == NULL || hl.len != cl.len ||
	    memcmp(hl.p, cl.p, cl.len) != 0))
		check_add(d, "header-variables", LEVEL_FAIL, "HTTP_CONTENT_"
		    "LENGTH is set and differs from CONTENT_LENGTH: the server "
		    "turned a header like Content_Length into it (lighttpd and "
		    "busybox httpd do). A program that reads the wrong one "
		    "reads the wrong body length. Only CONTENT_LENGTH counts; "
		    "set: %s.", buf_str(&set));
	else if (set.len > 0)
		check_add(d, "header-variables", LEVEL_WARN, "the server "
		    "passed %s. RFC 3875 §4.1.18 says it SHOULD NOT pass "
		    "credentials (every program it runs can read them) nor "
		    "copies of CONTENT_LENGTH and CONTENT_TYPE. Apache passes "
		    "Authorization only with CGIPassAuth On; nginx passes "
		    "every request header, these included.", buf_str(&set));
	else
		check_add(d, "header-variables", LEVEL_OK, "no Authorization, "
		    "Proxy-Authorization, Content-Length or Content-Type "
		    "header copied into HTTP_* variables (RFC 3875 §4.1.18)");
	buf_free(&set);
}

/* RFC 9112 §7.1 framing passed as the body (busybox, mini_httpd, Python). */
static void
check_chunk_framing(struct dump *d)
{
	if (d->req.chunk_framing)
		check_add(d, "chunk-framing", LEVEL_FAIL, "the body on stdin "
		    "is still in chunked transfer coding (RFC 9112 §7.1), "
		    "with no CONTENT_LENGTH: the server did not decode it, "
		    "which RFC 3875 §4.2 requires. busybox httpd, mini_httpd "
		    "and Python's http.server do this; every CGI program "
		    "then reads chunk sizes as data. Put a server that "
		    "decodes (Apache, lighttpd, nginx) in front.");
	else if (d->req.to_eof && d->req.body_bytes > 0)
		check_add(d, "chunk-framing", LEVEL_OK, "a chunked request, "
		    "decoded by the server before the program saw it");
	else if (d->req.to_eof)
		check_add(d, "chunk-framing", LEVEL_OK, "a chunked request, "
		    "but no body arrived to judge (see body-length)");
	else
		check_add(d, "chunk-framing", LEVEL_OK, "no chunked framing "
		    "on stdin");
}

/* cgi-server-survey.md: mini_httpd and Python hand over the socket. */
static void
check_stdin_socket(struct dump *d)
{
	if (strcmp(d->req.stdin_kind, "socket") == 0)
		check_add(d, "stdin-socket", LEVEL_WARN, "stdin is a socket, "
		    "most likely the client's connection (mini_httpd and "
		    "Python's http.server do this). It never reaches end of "
		    "file while the client waits, so a CGI program that reads "
		    "to the end instead of CONTENT_LENGTH bytes hangs until "
		    "the client gives up.");
	else if (strcmp(d->req.stdin_kind, "unix-socket") == 0)
		check_add(d, "stdin-socket", LEVEL_OK, "stdin is a local "
		    "(AF_UNIX) socket to the server, as Apache's mod_cgid "
		    "gives, not the client's connection: it ends with the "
		    "body");
	else
		check_add(d, "stdin-socket", LEVEL_OK, "stdin is a %s, not a "
		    "socket: reading to its end cannot hang on the client",
		    d->req.stdin_kind);
}

/*
 * A shell's variables in a CGI's environment mean the server passes its
 * own environment on (nginx + fcgiwrap, busybox httpd, Python's
 * http.server): whatever secrets it was started with too.  HOME, USER,
 * LOGNAME and SHELL do not count: systemd sets them for a service with
 * User=, such as Debian's fcgiwrap.service.
 */
static void
check_server_environment(struct dump *d)
{
	static const char *const shell[] = {
		"PWD", "OLDPWD", "SHLVL",
		"TERM", "MAIL", "HISTFILE", "DISPLAY", "SSH_CLIENT",
		"SSH_CONNECTION", "SSH_TTY", "SSH_AUTH_SOCK", "SUDO_USER",
		"SUDO_COMMAND", "LS_COLORS", "XDG_RUNTIME_DIR",
		"XDG_SESSION_ID", "TMUX", "STY", "_", NULL
	};
	struct buf	 set = { 0 };

	if (no_request(d, "server-environment"))
		return;
	set_names(d, shell, &set);
	if (set.len > 0)
		check_add(d, "server-environment", LEVEL_WARN, "variables of "
		    "an interactive shell are in the environment: %s. The server "
		    "passes on the environment it was started with (nginx's "
		    "fcgiwrap, busybox httpd and Python's http.server do), so "
		    "every CGI program sees whatever was in it, secrets "
		    "included. Start the server from a clean environment "
		    "(env -i, or a service manager).", buf_str(&set));
	else
		check_add(d, "server-environment", LEVEL_OK, "none of an "
		    "interactive shell's variables (PWD, SHLVL, TERM, SSH_*, "
		    "SUDO_*, ...) are in the environment");
	buf_free(&set);
}

/* Who may see the dump (DESIGN.md "Who may see it"). */
static void
check_access_control(struct dump *d)
{
	struct buf	 set = { 0 };

	if (d->mode != MODE_CGI) {
		check_add(d, "access-control", LEVEL_OK, "not judged: a local "
		    "run is seen only by whoever ran it");
		return;
	}
	set_names(d, fence_settings, &set);
	if (set.len > 0)
		check_add(d, "access-control", LEVEL_OK, "this dump is fenced "
		    "in by %s", buf_str(&set));
	else
		check_add(d, "access-control", LEVEL_WARN, "anyone who can "
		    "reach this URL sees this dump: paths, versions, users and "
		    "the server's environment. Set CGIDUMP_ALLOW, CGIDUMP_TOKEN "
		    "or CGIDUMP_EXPIRES in the server's configuration, or "
		    "remove the program when done.");
	buf_free(&set);
}

/* CGIDUMP_REVEAL on a server shows every visitor the secrets. */
static void
check_secrets(struct dump *d)
{
	if (d->mode == MODE_CGI && d->reveal)
		check_add(d, "secrets", LEVEL_WARN, "CGIDUMP_REVEAL=1: cookie "
		    "values, Authorization and secret-looking variables are "
		    "shown to whoever loads this page, scripts on the same "
		    "site included. Remove it when done.");
	else if (d->reveal)
		check_add(d, "secrets", LEVEL_OK, "secrets are shown, as "
		    "asked for this local run");
	else
		check_add(d, "secrets", LEVEL_OK, "cookie values, "
		    "Authorization and secret-looking variables are hidden");
}

/* A CGIDUMP_* setting this program could not use. */
static void
check_config(struct dump *d)
{
	const char	*e = first_error(d, "config");

	if (e != NULL)
		check_add(d, "config", LEVEL_WARN, "a CGIDUMP_* setting is "
		    "wrong: %s", e);
	else
		check_add(d, "config", LEVEL_OK, "every CGIDUMP_* setting "
		    "given is valid");
}

void
checks_run(struct dump *d)
{
	char	*program = hostcheck_program(d);

	check_meta_variables(d);
	check_body_length(d);
	check_httpoxy(d);
	hostcheck_privileges(d);
	check_form_parse(d);
	check_query_semicolon(d);
	check_isindex_argv(d);
	check_header_variables(d);
	hostcheck_library_variables(d);
	hostcheck_script(d, program);
	hostcheck_path(d);
	hostcheck_working_directory(d, program);
	check_chunk_framing(d);
	check_stdin_socket(d);
	check_server_environment(d);
	check_access_control(d);
	check_secrets(d);
	check_config(d);
	free(program);
}

/* The worst level; with strict, a warning counts as a failure. */
enum level
checks_worst(const struct dump *d)
{
	enum level	 worst = LEVEL_OK;
	size_t		 i;

	for (i = 0; i < d->nchecks; i++)
		if (d->checks[i].level > worst)
			worst = d->checks[i].level;
	if (d->strict && worst == LEVEL_WARN)
		worst = LEVEL_FAIL;
	return worst;
}

size_t
checks_count(const struct dump *d, enum level level)
{
	size_t	 i, n = 0;

	for (i = 0; i < d->nchecks; i++)
		if (d->checks[i].level == level)
			n++;
	return n;
}
