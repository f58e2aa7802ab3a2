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
#include <unistd.h>

#include "dump.h"

extern char	**environ;

static const struct limit limit_defaults[LIM__MAX] = {
	[LIM_BODY] = { "CGIDUMP_MAX_BODY", "max_body", 2147483648u, "bytes" },
	[LIM_FIELDS] = { "CGIDUMP_MAX_FIELDS", "max_fields", 20000, "fields" },
	[LIM_FORM] = { "CGIDUMP_MAX_FORM", "max_form", 8388608, "bytes" },
	[LIM_TIMEOUT] = { "CGIDUMP_TIMEOUT", "timeout", 10, "seconds" },
};

/* How much of a bad value an error message quotes. */
#define QUOTE_MAX	64

static void
usage(FILE *f)
{
	fputs("usage: cgidump [-f html|text|json] [--reveal] "
	    "[query-string]\n"
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

static void
reveal_configure(struct dump *d)
{
	struct bytes	 v = env_get(d, "CGIDUMP_REVEAL");

	if (v.p == NULL || bytes_eq(v, "0") || bytes_eq(v, ""))
		return;
	if (bytes_eq(v, "1"))
		d->reveal = 1;
	else
		dump_error(d, "config", "CGIDUMP_REVEAL must be 1 or 0%s",
		    d->reveal ? "" : "; secrets stay hidden");
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

/* Media type of a Content-Type value, without parameters or case. */
static int
media_type_is(struct bytes ct, const char *type)
{
	size_t	 len = strlen(type), i;

	if (ct.p == NULL || ct.len < len || !ascii_ieqn(ct.p, type, len))
		return 0;
	for (i = len; i < ct.len && (ct.p[i] == ' ' || ct.p[i] == '\t'); i++)
		continue;
	return i == ct.len || ct.p[i] == ';';
}

static void
body_sink_urlenc(void *arg, const char *p, size_t len)
{
	urlenc_feed(arg, p, len);
}

struct opaque {
	struct body	*body;
	struct sha256	 sha;
};

static void
body_sink_opaque(void *arg, const char *p, size_t len)
{
	struct opaque	*o = arg;
	struct body	*b = o->body;
	size_t		 n;

	sha256_update(&o->sha, p, len);
	b->size += len;
	if (b->previewlen < sizeof(b->preview)) {
		n = sizeof(b->preview) - b->previewlen;
		if (n > len)
			n = len;
		memcpy(b->preview + b->previewlen, p, n);
		b->previewlen += n;
	}
}

/*
 * RFC 3875 §4.1.2 and §4.2: the body is CONTENT_LENGTH bytes, and
 * CONTENT_LENGTH is 1*digit.  Anything else is reported, not guessed.
 */
static void
request_collect(struct dump *d, const char *query)
{
	struct request	*r = &d->req;
	char		*q;

	r->method = env_get(d, "REQUEST_METHOD");
	r->query_string = env_get(d, "QUERY_STRING");
	if (r->query_string.p == NULL && query != NULL) {
		r->query_string.p = query;
		r->query_string.len = strlen(query);
		r->query_from_argv = 1;
	}
	r->content_type = env_get(d, "CONTENT_TYPE");
	r->content_length = env_get(d, "CONTENT_LENGTH");
	if (r->content_length.p == NULL || r->content_length.len == 0)
		return;
	if (parse_u64(r->content_length.p, r->content_length.len, &r->length)) {
		r->has_length = 1;
		return;
	}
	q = quote_value(r->content_length.p, r->content_length.len, QUOTE_MAX);
	dump_error(d, "body-length", "CONTENT_LENGTH %s is not a plain "
	    "decimal number (RFC 3875 §4.1.2): the body was not read", q);
	free(q);
}

static void
body_report(struct dump *d)
{
	struct request	*r = &d->req;
	unsigned long long len = r->length, got = r->body_bytes;

	switch (r->body_end) {
	case BODY_SHORT:
		dump_error(d, "body-length", "CONTENT_LENGTH is %llu but "
		    "stdin ended after %llu bytes", len, got);
		break;
	case BODY_TIMEOUT:
		dump_error(d, "body-length", "no bytes came on stdin for %llu "
		    "seconds (CGIDUMP_TIMEOUT): %llu of %llu bytes were read",
		    (unsigned long long)d->limits[LIM_TIMEOUT].value, got, len);
		break;
	case BODY_ERROR:
		dump_error(d, "body-length", "reading stdin failed after %llu "
		    "of %llu bytes: %s", got, len, strerror(r->read_errno));
		break;
	case BODY_LIMIT:
		dump_error(d, "body-length", "CONTENT_LENGTH is %llu, more "
		    "than CGIDUMP_MAX_BODY: only the first %llu bytes were "
		    "read", len, got);
		break;
	default:
		break;
	}
	if (r->trailing_bytes > 0 && r->has_length)
		dump_error(d, "body-length", "%llu more bytes were waiting on "
		    "stdin after the CONTENT_LENGTH of %llu: the body is longer "
		    "than its length says; they were not read (RFC 3875 §4.2)",
		    (unsigned long long)r->trailing_bytes, len);
	else if (r->trailing_bytes > 0)
		dump_error(d, "body-length", "%llu bytes were waiting on stdin "
		    "but there is no %sCONTENT_LENGTH: they were not read "
		    "(RFC 3875 §4.2)", (unsigned long long)r->trailing_bytes,
		    r->content_length.len > 0 ? "valid " : "");
	if (d->form.cut != NULL)
		dump_error(d, "form-parse", "%s (%llu) was reached: the form "
		    "is shown up to that point", d->form.cut,
		    (unsigned long long)d->limits[strcmp(d->form.cut,
		    "CGIDUMP_MAX_FIELDS") == 0 ? LIM_FIELDS : LIM_FORM].value);
}

/* Query string fields first, then the body's (DESIGN.md). */
static void
parse_request(struct dump *d)
{
	struct urlenc	 u;
	struct opaque	 o;
	struct request	*r = &d->req;

	d->form.max_fields = d->limits[LIM_FIELDS].value;
	d->form.max_bytes = d->limits[LIM_FORM].value;
	if (r->query_string.p != NULL) {
		urlenc_init(&u, &d->form, SRC_QUERY);
		urlenc_feed(&u, r->query_string.p, r->query_string.len);
		urlenc_finish(&u);
	}
	if (media_type_is(r->content_type,
	    "application/x-www-form-urlencoded")) {
		urlenc_init(&u, &d->form, SRC_BODY);
		body_read(STDIN_FILENO, r, d->limits[LIM_BODY].value,
		    d->limits[LIM_TIMEOUT].value, body_sink_urlenc, &u);
		urlenc_finish(&u);
	} else {
		memset(&o, 0, sizeof(o));
		o.body = &d->body;
		sha256_init(&o.sha);
		body_read(STDIN_FILENO, r, d->limits[LIM_BODY].value,
		    d->limits[LIM_TIMEOUT].value, body_sink_opaque, &o);
		if (r->body_end != BODY_NONE) {
			d->body.present = 1;
			sha256_final(&o.sha, d->body.sha256);
		}
	}
	body_report(d);
}

/*
 * A closed descriptor 0, 1 or 2 would be handed to the next open(2)
 * (getpwuid() opening /etc/passwd, say), and the "body" read from it.
 */
static void
fds_sanitize(void)
{
	int	 fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
		    open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			_exit(1);
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

int
main(int argc, char *argv[])
{
	static struct dump	 d;
	struct options		 o = { FMT_TEXT, 0, NULL };
	struct response		 resp;
	const char		*missing;
	static char		 outbuf[65536];

	fds_sanitize();
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
	reveal_configure(&d);
	env_redact(&d);
	limits_configure(&d);

	cwd_collect(&d);
	process_collect(&d.proc);
	request_collect(&d, d.mode == MODE_LOCAL ? o.query : NULL);
	parse_request(&d);

	if (d.mode == MODE_CGI) {
		memset(&resp, 0, sizeof(resp));
		o.fmt = cgi_format(env_get(&d, "PATH_INFO"),
		    env_get(&d, "HTTP_ACCEPT"));
		missing = cgi_unimplemented(env_get(&d, "PATH_INFO"));
		resp.status = missing != NULL ? 501 : 200;
		resp.reason = missing != NULL ? "Not Implemented" : "OK";
		resp.content_type = missing != NULL ?
		    format_type(FMT_TEXT) : format_type(o.fmt);
		resp.nph = is_nph(&d);
		resp.protocol = env_get(&d, "SERVER_PROTOCOL");
		cgi_headers(stdout, &resp);
		/* RFC 9110 §9.3.2: HEAD is GET without the content. */
		if (bytes_eq(d.req.method, "HEAD"))
			;
		else if (missing != NULL)
			printf("cgidump %s does not implement /%s yet.\n",
			    CGIDUMP_VERSION, missing);
		else
			render(stdout, &d, o.fmt);
	} else
		render(stdout, &d, o.fmt);

	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (d.mode == MODE_LOCAL)
			fprintf(stderr, "cgidump: writing the dump failed: "
			    "%s\n", strerror(errno));
		return 1;
	}
	return 0;
}
