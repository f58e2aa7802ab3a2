/*
 * main.c: the only file that knows the modes, the options and the order
 * of the stages: collect, parse, (check,) render.
 *
 * CGI mode when GATEWAY_INTERFACE is set (RFC 3875 §4.1.4); local mode
 * otherwise.  In CGI mode argv is shown and never parsed: a server
 * passes the words of an ISINDEX query as arguments (RFC 3875 §4.4),
 * and "?--reveal" must not become an option.  Configuration then comes
 * only from CGIDUMP_* variables, which a client cannot set (its headers
 * arrive as HTTP_*).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dump.h"

extern char	**environ;

static const struct limit limit_defaults[LIM__MAX] = {
	[LIM_BODY] = { "CGIDUMP_MAX_BODY", "max_body", 2147483648u, "bytes" },
	[LIM_FIELDS] = { "CGIDUMP_MAX_FIELDS", "max_fields", 20000, "fields" },
	[LIM_FORM] = { "CGIDUMP_MAX_FORM", "max_form", 8388608, "bytes" },
	[LIM_HEADER] = { "CGIDUMP_MAX_HEADER", "max_header", 16384, "bytes" },
	[LIM_DEPTH] = { "CGIDUMP_MAX_DEPTH", "max_depth", 4, "levels" },
	[LIM_TIMEOUT] = { "CGIDUMP_TIMEOUT", "timeout", 10, "seconds" },
};


static void
usage(FILE *f)
{
	fputs("usage: cgidump [-f html|text|json] [--check [--strict]] "
	    "[--reveal]\n"
	    "               [query-string]\n"
	    "       cgidump -h | -V\n"
	    "\n"
	    "Shows what a web server hands a CGI program.  Installed in a\n"
	    "cgi-bin (GATEWAY_INTERFACE set) it answers the request; run from\n"
	    "a shell it dumps the environment as a faked request, e.g.\n"
	    "  cgidump 'name=Joe+Blow&addr=At+Home'\n"
	    "  REQUEST_METHOD=POST CONTENT_LENGTH=7 \\\n"
	    "    CONTENT_TYPE=application/x-www-form-urlencoded cgidump <body\n"
	    "\n"
	    "  -f, --format FMT  html, text (the default) or json\n"
	    "      --check       print only the server-setup verdicts; exit 1\n"
	    "                    when one fails\n"
	    "      --strict      with --check, a warning fails too\n"
	    "      --reveal      show secrets (cookies, Authorization, ...)\n"
	    "  -h, --help        this help\n"
	    "  -V, --version     the version\n"
	    "\n"
	    "See cgidump(1) for the CGIDUMP_* variables.\n", f);
}

/* A one-line complaint about the command line, and exit 2. */
static void
usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "cgidump: %s", what);
	if (arg != NULL) {
		fputs(" '", stderr);
		text_escape(stderr, arg, strlen(arg), TEXT_PLAIN);
		putc('\'', stderr);
	}
	fputs(" (cgidump -h lists the options)\n", stderr);
	exit(2);
}

static int
parse_format(const char *s, enum format *fmt)
{
	if (strcmp(s, "html") == 0)
		*fmt = FMT_HTML;
	else if (strcmp(s, "text") == 0)
		*fmt = FMT_TEXT;
	else if (strcmp(s, "json") == 0)
		*fmt = FMT_JSON;
	else
		return 0;
	return 1;
}

struct options {
	enum format	 fmt;
	int		 check;
	int		 strict;
	int		 reveal;
	const char	*query;		/* positional query string */
};

static void
parse_options(int argc, char **argv, struct options *o)
{
	const char	*fmt;
	int		 i, done = 0;

	for (i = 1; i < argc; i++) {
		const char	*a = argv[i];

		fmt = NULL;
		if (done || a[0] != '-' || a[1] == '\0') {
			if (o->query != NULL)
				usage_error("more than one query string:", a);
			o->query = a;
		} else if (strcmp(a, "--") == 0)
			done = 1;
		else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			exit(0);
		} else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("cgidump %s\n", CGIDUMP_VERSION);
			exit(0);
		} else if (strcmp(a, "--reveal") == 0)
			o->reveal = 1;
		else if (strcmp(a, "--check") == 0)
			o->check = 1;
		else if (strcmp(a, "--strict") == 0)
			o->strict = 1;
		else if (strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) {
			if (++i == argc)
				usage_error("missing format after", a);
			fmt = argv[i];
		} else if (strncmp(a, "-f", 2) == 0)
			fmt = a + 2;
		else if (strncmp(a, "--format=", 9) == 0)
			fmt = a + 9;
		else
			usage_error("unknown option", a);
		if (fmt != NULL && !parse_format(fmt, &o->fmt))
			usage_error("unknown format (html, text or json):", fmt);
	}
}

/*
 * A CGIDUMP_* setting from the administrator's environment.  A bad one
 * is reported and the default kept: a typo must not lift a limit.
 */
static void
limits_configure(struct dump *d)
{
	struct bytes	 v;
	uint64_t	 n;
	size_t		 i;
	char		*q;

	for (i = 0; i < LIM__MAX; i++) {
		d->limits[i] = limit_defaults[i];
		v = env_get(d, d->limits[i].var);
		if (v.p == NULL)
			continue;
		if (parse_u64(v.p, v.len, &n)) {
			d->limits[i].value = n;
			continue;
		}
		q = quote_value(v.p, v.len, QUOTE_MAX);
		dump_error(d, "config", "%s=%s is not a number; the default, "
		    "%llu, applies", d->limits[i].var, q,
		    (unsigned long long)d->limits[i].value);
		free(q);
	}
}

/*
 * A yes-or-no CGIDUMP_* setting: 1 turns it on, 0 or empty leaves it as
 * the command line set it, anything else is reported and ignored.
 */
static void
flag_configure(struct dump *d, const char *var, int *flag)
{
	struct bytes	 v = env_get(d, var);

	if (v.p == NULL || bytes_eq(v, "0") || bytes_eq(v, ""))
		return;
	if (bytes_eq(v, "1"))
		*flag = 1;
	else
		dump_error(d, "config", "%s must be 1 or 0%s", var,
		    *flag ? "" : "; it stays off");
}

/* A CGIDUMP_* name cgidump does not know is most likely a typo. */
static void
settings_check(struct dump *d)
{
	size_t	 i;
	char	*q;

	for (i = 0; i < d->nenv; i++) {
		const struct envvar	*e = &d->env[i];

		if (!setting_unknown(e->name))
			continue;
		q = quote_value(e->name.p, e->name.len, QUOTE_MAX);
		dump_error(d, "config", "%s is not a setting cgidump knows "
		    "(a typo?); it is ignored", q);
		free(q);
	}
}

static void
cwd_collect(struct dump *d)
{
	size_t	 size = 256;
	char	*p = NULL;

	for (;;) {
		p = xreallocarray(p, size, 1);
		if (getcwd(p, size) != NULL) {
			d->cwd = p;
			return;
		}
		if (errno != ERANGE || size > 1024 * 1024)
			break;
		size *= 2;
	}
	d->cwd_errno = errno;
	free(p);
}

/*
 * A closed descriptor 0, 1 or 2 would be handed to the next open(2)
 * (getpwuid() opening /etc/passwd, say), and the "body" read from it.
 */
static int
fds_sanitize(void)
{
	int	 fd, closed0 = 0;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
			if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) !=
			    fd)
				_exit(1);
			if (fd == 0)
				closed0 = 1;
		}
	return closed0;
}

/* RFC 3875 §5: a program named nph-* answers with a full HTTP header. */
static int
is_nph(const struct dump *d)
{
	struct bytes	 name = { NULL, 0 };
	const char	*base;

	if (d->argc > 0 && d->argv[0] != NULL) {
		name.p = d->argv[0];
		name.len = strlen(d->argv[0]);
	} else
		name = env_get(d, "SCRIPT_NAME");
	if (name.p == NULL)
		return 0;
	for (base = name.p + name.len; base > name.p && base[-1] != '/'; base--)
		continue;
	return (size_t)(name.p + name.len - base) >= 4 &&
	    strncmp(base, "nph-", 4) == 0;
}

static void
render(FILE *f, const struct dump *d, enum format fmt)
{
	switch (fmt) {
	case FMT_JSON:
		render_json(f, d);
		break;
	case FMT_TEXT:
		render_text(f, d);
		break;
	default:
		render_html(f, d);
		break;
	}
}

/* A 200 response for this request, as plain HTML until told otherwise. */
static void
response_init(struct response *resp, const struct dump *d)
{
	memset(resp, 0, sizeof(*resp));
	resp->status = 200;
	resp->reason = "OK";
	resp->content_type = format_type(FMT_HTML);
	resp->nph = is_nph(d);
	resp->protocol = env_get(d, "SERVER_PROTOCOL");
}

/* A short plain-text refusal, the same whatever format was asked for. */
static void
answer_refusal(const struct dump *d, const struct refusal *r)
{
	struct response	 resp;

	response_init(&resp, d);
	resp.status = r->status;
	resp.reason = r->reason;
	resp.content_type = format_type(FMT_TEXT);
	cgi_headers(stdout, &resp);
	if (!bytes_eq(d->req.method, "HEAD"))
		printf("%d %s\ncgidump: %s.\n", r->status, r->reason,
		    r->message);
}

/* CGI mode: the response, by endpoint and format. */
static void
answer(const struct dump *d)
{
	struct response	 resp;
	enum endpoint	 ep = cgi_endpoint(env_get(d, "PATH_INFO"));
	enum format	 fmt = cgi_format(env_get(d, "PATH_INFO"),
			    env_get(d, "HTTP_ACCEPT"));

	response_init(&resp, d);
	resp.content_type = format_type(ep == EP_DUMP ? fmt : FMT_TEXT);
	if (ep == EP_CHECK && checks_worst(d) == LEVEL_FAIL) {
		/* So that `curl -f .../check` fails a deployment. */
		resp.status = 500;
		resp.reason = "Internal Server Error";
	} else if (ep == EP_REPLAY) {
		resp.status = 501;
		resp.reason = "Not Implemented";
	}
	cgi_headers(stdout, &resp);
	/* RFC 9110 §9.3.2: HEAD is GET without the content. */
	if (bytes_eq(d->req.method, "HEAD"))
		return;
	switch (ep) {
	case EP_CHECK:
		text_checks(stdout, d);
		break;
	case EP_STREAM:
		probe_stream(stdout, resp.nph);
		break;
	case EP_STDERR:
		probe_stderr(stdout, d);
		break;
	case EP_REPLAY:
		printf("cgidump %s does not implement /replay yet.\n",
		    CGIDUMP_VERSION);
		break;
	default:
		render(stdout, d, fmt);
		break;
	}
}

int
main(int argc, char *argv[])
{
	static struct dump	 d;
	struct options		 o = { FMT_TEXT, 0, 0, 0, NULL };
	struct refusal		 refusal;
	int			 stdin_closed, status = 0;
	static char		 outbuf[65536];

	stdin_closed = fds_sanitize();
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));

	d.argc = argc;
	d.argv = argv;
	env_collect(&d, environ);
	d.mode = env_get(&d, "GATEWAY_INTERFACE").p != NULL ?
	    MODE_CGI : MODE_LOCAL;
	if (d.mode == MODE_LOCAL)
		parse_options(argc, argv, &o);
	d.reveal = o.reveal;
	d.strict = o.strict;
	flag_configure(&d, "CGIDUMP_REVEAL", &d.reveal);
	flag_configure(&d, "CGIDUMP_STRICT", &d.strict);
	env_redact(&d);
	limits_configure(&d);
	settings_check(&d);

	/* A refused request is answered before its body is read. */
	if (d.mode == MODE_CGI && access_refused(&d, time(NULL), &refusal)) {
		d.req.method = env_get(&d, "REQUEST_METHOD");
		answer_refusal(&d, &refusal);
		free(refusal.message);
		return fflush(stdout) == EOF ? 1 : 0;
	}

	cwd_collect(&d);
	process_collect(&d.proc);
	request_collect(&d, d.mode == MODE_LOCAL ? o.query : NULL,
	    stdin_closed);
	request_parse(&d);
	checks_run(&d);

	if (d.mode == MODE_CGI)
		answer(&d);
	else if (o.check) {
		text_checks(stdout, &d);
		status = checks_worst(&d) == LEVEL_FAIL ? 1 : 0;
	} else
		render(stdout, &d, o.fmt);

	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (d.mode == MODE_LOCAL)
			fprintf(stderr, "cgidump: writing the dump failed: "
			    "%s\n", strerror(errno));
		return 1;
	}
	return status;
}
