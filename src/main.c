/* cgidump: see LICENSE (ISC). */
/*
 * main.c: the only file that knows the modes, the options and the order
 * of the stages: collect, guard, parse, check, render.
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
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgi.h"
#include "collect.h"
#include "transport.h"

extern char	**environ;

static void
usage(FILE *f)
{
	fputs("usage: cgidump [-f html|text|json] [--check [--strict] "
	    "[--quiet]]\n"
	    "               [--reveal] [query-string]\n"
	    "       cgidump --replay[=curl] [--reveal] [query-string]\n"
	    "       cgidump --fastcgi addr | --scgi addr [--reveal]\n"
	    "               [--socket-mode mode] [--socket-owner user[:group]]\n"
	    "       cgidump -h | -V\n"
	    "\n"
	    "Shows what a web server hands a CGI program.  Installed in a\n"
	    "cgi-bin (GATEWAY_INTERFACE set) it answers the request; run from\n"
	    "a shell it dumps the environment as a faked request, e.g.\n"
	    "  cgidump 'name=Joe+Blow&addr=At+Home'\n"
	    "  REQUEST_METHOD=POST CONTENT_LENGTH=7 \\\n"
	    "    CONTENT_TYPE=application/x-www-form-urlencoded cgidump <body\n"
	    "\n"
	    "  -f, --format FMT  html, text (the default) or json; with --check\n"
	    "                    text or json\n"
	    "      --check       print only the server-setup verdicts (ok, warn,\n"
	    "                    fail, and skip: not judged here); exit 1 when\n"
	    "                    one fails\n"
	    "      --strict      with --check, a warning fails too\n"
	    "      --quiet       with --check, print only the summary and the\n"
	    "                    warn and fail verdicts\n"
	    "      --reveal      show secrets (cookies, Authorization, ...)\n"
	    "      --replay      write a sh script that runs a CGI program with\n"
	    "                    this (faked) request: sh request.sh [-C]\n"
	    "                    [NAME=VALUE...] [PROGRAM [ARGS...]]; =curl:\n"
	    "                    the curl command that sends it to a server\n"
	    "      --list-checks list the check ids, and when each is judged\n"
	    "      --fastcgi addr, --scgi addr\n"
	    "                    serve FastCGI or SCGI on unix:/path, host:port\n"
	    "                    or [v6addr]:port, answering each request as CGI\n"
	    "                    mode would; FastCGI with no option when fd 0\n"
	    "                    is a listening socket (spawn-fcgi, lighttpd)\n"
	    "      --socket-mode mode, --socket-owner user[:group]\n"
	    "                    a unix socket's permissions (octal) and owner\n"
	    "  -h, --help        this help\n"
	    "  -V, --version     the version\n"
	    "\n"
	    "The query string argument is used only when QUERY_STRING is unset;\n"
	    "with both, cgidump refuses to choose.\n"
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
	const char	*fmt_arg;	/* -f as given, NULL without */
	int		 check;
	int		 strict;
	int		 quiet;
	int		 reveal;
	enum replay_form replay;
	const char	*query;		/* positional query string */
	struct serve_conf serve;	/* --fastcgi, --scgi */
};

/* --list-checks: every check id, and when it is judged. */
static void
list_checks(void)
{
	static const char *const when[] = {
		[WHEN_ALWAYS] = "always",
		[WHEN_REQUEST] = "request",
		[WHEN_CGI] = "cgi"
	};
	size_t	 i;

	for (i = 0; i < CK__MAX; i++)
		printf("%-20s %s\n", check_table[i].name,
		    when[check_table[i].when]);
}

/* An option that would be ignored is an error: the user meant it. */
static void
options_conflict(const struct options *o)
{
	if (o->strict && !o->check)
		usage_error("--strict applies only to --check: add --check, "
		    "or drop --strict", NULL);
	if (o->quiet && !o->check)
		usage_error("--quiet applies only to --check: add --check, "
		    "or drop --quiet", NULL);
	if (o->check && o->fmt == FMT_HTML)
		usage_error("--check prints text or json, not html:",
		    o->fmt_arg);
	if (o->replay != REPLAY_NONE && (o->check || o->fmt_arg != NULL))
		usage_error("--replay writes a script: drop --check and -f",
		    NULL);
	if ((o->serve.sock_mode != NULL || o->serve.sock_owner != NULL) &&
	    (o->serve.addr == NULL || strncmp(o->serve.addr, "unix:", 5) != 0))
		usage_error("--socket-mode and --socket-owner apply only to "
		    "--fastcgi or --scgi with a unix:/path", NULL);
	if (o->serve.transport != 0 && (o->check || o->fmt_arg != NULL ||
	    o->replay != REPLAY_NONE || o->query != NULL))
		usage_error("a server's requests choose their format and "
		    "endpoint: --fastcgi and --scgi take only --reveal and "
		    "the socket options", NULL);
}

/*
 * --fastcgi ADDR, --scgi ADDR (or =ADDR), --socket-mode, --socket-owner:
 * whether argv[*i] is one, taking its argument.
 */
static int
daemon_option(int argc, char **argv, int *i, struct serve_conf *c)
{
	static const char *const names[] = {
		"--fastcgi", "--scgi", "--socket-mode", "--socket-owner", NULL
	};
	const char	*a = argv[*i], *v;
	size_t		 k, len;

	for (k = 0; names[k] != NULL; k++) {
		len = strlen(names[k]);
		if (strncmp(a, names[k], len) == 0 &&
		    (a[len] == '\0' || a[len] == '='))
			break;
	}
	if (names[k] == NULL)
		return 0;
	if (a[len] == '=')
		v = a + len + 1;
	else if (++*i == argc)
		usage_error("missing argument after", a);
	else
		v = argv[*i];
	if (k <= 1) {
		if (c->transport != 0)
			usage_error("one of --fastcgi and --scgi, once:", a);
		c->transport = k == 0 ? TR_FASTCGI : TR_SCGI;
		c->addr = v;
	} else if (k == 2)
		c->sock_mode = v;
	else
		c->sock_owner = v;
	return 1;
}

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
		else if (strcmp(a, "--replay") == 0 ||
		    strcmp(a, "--replay=sh") == 0)
			o->replay = REPLAY_SH;
		else if (strcmp(a, "--replay=curl") == 0)
			o->replay = REPLAY_CURL;
		else if (strncmp(a, "--replay=", 9) == 0)
			usage_error("unknown replay form (sh or curl):", a + 9);
		else if (strcmp(a, "--check") == 0)
			o->check = 1;
		else if (strcmp(a, "--strict") == 0)
			o->strict = 1;
		else if (strcmp(a, "--quiet") == 0)
			o->quiet = 1;
		else if (daemon_option(argc, argv, &i, &o->serve))
			continue;
		else if (strcmp(a, "--list-checks") == 0) {
			list_checks();
			exit(0);
		}
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
		if (fmt != NULL)
			o->fmt_arg = fmt;
	}
	options_conflict(o);
}

/*
 * A closed descriptor 0, 1 or 2 would be handed to the next open(2)
 * (getpwuid() opening /etc/passwd, say), and the "body" read from it.
 * One poll(2) asks about all three: POSIX gives a closed one POLLNVAL,
 * and with no events asked for it waits for nothing.
 */
static int
fds_sanitize(void)
{
	struct pollfd	 pfd[3];
	int		 fd, closed0 = 0;

	for (fd = 0; fd <= 2; fd++) {
		pfd[fd].fd = fd;
		pfd[fd].events = 0;
		pfd[fd].revents = 0;
	}
	while (poll(pfd, 3, 0) == -1)
		if (errno != EINTR && errno != EAGAIN)
			_exit(1);
	for (fd = 0; fd <= 2; fd++)
		if (pfd[fd].revents & POLLNVAL) {
			if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) !=
			    fd)
				_exit(1);
			if (fd == 0)
				closed0 = 1;
		}
	return closed0;
}

/*
 * /replay and --replay: the body is not parsed but written into the
 * script as it is read (render_replay.c), and nothing is judged.
 */
static void
replay(struct dump *d, enum replay_form form)
{
	struct replay	 r;

	if (d->mode == MODE_CGI && !cgi_replay_start(d))
		return;
	replay_begin(stdout, d, form, &r);
	request_copy(d, form == REPLAY_SH, replay_body, &r);
	replay_end(d, &r);
	if (d->mode == MODE_CGI)
		cgi_done();
	else if (stdout_failed())
		fprintf(stderr, "cgidump: writing the script failed: %s\n",
		    strerror(errno));
}

/*
 * Everything after the environment is in: one CGI request, or a local
 * run.  In FastCGI and SCGI modes each request's process runs it too.
 */
static int
run(struct dump *d, struct options *o, int stdin_closed)
{
	struct refusal		 refusal;
	struct out		 out;
	int			 status = 0;

	/*
	 * DESIGN.md "Modes": the argument is used only when QUERY_STRING
	 * is unset.  With both, one would be dropped without a word.
	 */
	if (o->query != NULL && env_get(d, "QUERY_STRING").p != NULL)
		usage_error("QUERY_STRING is set (even empty, it would win "
		    "over the query-string argument): unset QUERY_STRING, or "
		    "drop the argument", NULL);
	d->reveal = o->reveal;
	d->strict = o->strict;
	d->quiet = o->quiet;
	settings_read(d);
	env_redact(d);

	/* guard: a refused request is answered before anything else */
	if (d->mode == MODE_CGI && access_refused(d, time(NULL), &refusal)) {
		cgi_refuse(d, &refusal);
		free(refusal.message);
		return stdout_failed();
	}

	/* collect: every fact that needs the system, before the body */
	process_collect(d);
	host_collect(d, d->mode == MODE_CGI &&
	    cgi_endpoint(env_get(d, "PATH_INFO")) == EP_STDERR);
	request_collect(d, d->mode == MODE_LOCAL ? o->query : NULL,
	    stdin_closed);

	/* guard: nothing from here on opens a file, a socket, a process or
	 * a signal handler */
	if (d->mode == MODE_CGI)
		cgi_prepare(d);
	sandbox_enter(d);

	if (d->mode == MODE_CGI)
		o->replay = cgi_replay_form(d);
	if (o->replay != REPLAY_NONE) {
		replay(d, o->replay);
		return stdout_failed();
	}

	/* read and parse, check, render */
	request_parse(d);
	checks_run(d);
	if (d->mode == MODE_CGI)
		cgi_answer(d);
	else {
		out_begin(&out, stdout);
		if (!o->check)
			render(&out, d, o->fmt);
		else if (o->fmt == FMT_JSON)
			json_checks(&out, d);
		else
			text_checks(&out, d);
		out_end(&out);
		if (o->check)
			status = checks_worst(d) == LEVEL_FAIL ? 1 : 0;
	}

	if (stdout_failed()) {
		if (d->mode == MODE_LOCAL)
			fprintf(stderr, "cgidump: writing the dump failed: "
			    "%s\n", strerror(errno));
		return 1;
	}
	return status;
}

/* FastCGI and SCGI: what each request's process is started with. */
static struct {
	int		 argc;
	char	       **argv;
	int		 reveal;
} daemon;

static int
served(const struct served *s)
{
	static struct dump	 d;
	struct options		 o = { FMT_TEXT, NULL, 0, 0, 0, 0, REPLAY_NONE,
				    NULL, { 0, NULL, NULL, NULL, 0, 0, 0,
				    NULL } };

	d.argc = daemon.argc;
	d.argv = daemon.argv;
	env_collect_params(&d, s->params, s->lens, s->n);
	env_collect_conf(&d, environ);
	d.mode = MODE_CGI;
	d.transport = s->facts;
	o.reveal = daemon.reveal;
	return run(&d, &o, 0);
}

/*
 * The daemon's own settings: its limits bound a connection that
 * stalls, and its problems are logged once, at the start.
 */
static int
daemon_start(struct options *o, int argc, char **argv)
{
	static struct dump d;
	struct bytes	 v;
	uint64_t	 n = SERVE_CHILDREN;
	size_t		 i;

	env_collect(&d, environ);
	settings_read(&d);
	for (i = 0; i < d.problems.n; i++)
		fprintf(stderr, "cgidump: %s\n", d.problems.v[i].message);
	v = env_get(&d, "CGIDUMP_MAX_CHILDREN");
	if (v.p != NULL && (!parse_u64(v.p, v.len, &n) || n == 0 ||
	    n > 4096)) {
		fputs("cgidump: CGIDUMP_MAX_CHILDREN is a number of "
		    "connections from 1 to 4096\n", stderr);
		return 2;
	}
	o->serve.max_children = n;
	o->serve.timeout = d.limits[LIM_TIMEOUT].value;
	o->serve.deadline = d.limits[LIM_DEADLINE].value;
	o->serve.run = served;
	/*
	 * The time zone, read once here: each request's process, forked
	 * from this one, finds it read (libc reads /etc/localtime the
	 * first time a process asks, and again only when TZ changes),
	 * instead of opening and parsing the file for every request.
	 */
	tzset();
	daemon.argc = argc;
	daemon.argv = argv;
	daemon.reveal = o->reveal;
	return serve(&o->serve);
}

int
main(int argc, char *argv[])
{
	static struct dump	 d;
	struct options		 o = { FMT_TEXT, NULL, 0, 0, 0, 0, REPLAY_NONE,
				    NULL, { 0, NULL, NULL, NULL, 0, 0, 0,
				    NULL } };
	int			 stdin_closed;
	static char		 outbuf[65536];

	stdin_closed = fds_sanitize();
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));

	/* collect: the environment and the settings */
	d.argc = argc;
	d.argv = argv;
	env_collect(&d, environ);
	d.mode = env_get(&d, "GATEWAY_INTERFACE").p != NULL ?
	    MODE_CGI : MODE_LOCAL;
	/*
	 * A reader gone is a write error to report, not a death by
	 * signal.  CGI mode's handler is installed before the answer or
	 * the refusal (cgi_prepare).
	 */
	if (d.mode == MODE_LOCAL) {
		signal(SIGPIPE, SIG_IGN);
		parse_options(argc, argv, &o);
		/* FCGI_LISTENSOCK_FILENO: started by a server to serve */
		if (o.serve.transport == 0 && !stdin_closed &&
		    serve_listening(FCGI_LISTENSOCK_FILENO))
			o.serve.transport = TR_FASTCGI;
		if (o.serve.transport != 0)
			return daemon_start(&o, argc, argv);
	}
	return run(&d, &o, stdin_closed);
}
