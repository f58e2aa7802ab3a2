/* cgidump: see LICENSE (ISC). */
/*
 * render_replay.c: /replay, the request as a POSIX sh script that makes
 * it again (DESIGN.md "Output formats"), and with ?as=curl as a curl(1)
 * command that sends it to another server.
 *
 * The script runs PROGRAM under env -i with every variable of the
 * request and the body on its standard input.  Every byte reaches the
 * shell through escape.c's sh_word() and sh_printf_line(): single
 * quotes, quoted expansions and printf formats, never eval nor an
 * unquoted expansion, so that no value or body byte can run anything.
 * Secrets stay hidden as the dump hides them (env.c decided, once):
 * a placeholder stands in for the value, and a comment says so.
 *
 * The body is not held: main.c reads it through replay_body(), which
 * writes a printf command per line of the body (at most REPLAY_LINE
 * bytes) into a file the script makes, and replay_end() then writes
 * what follows it.  What comes before the body replay_begin() writes
 * from the model alone.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dump.h"

static const char placeholder[] = "<redacted by cgidump>";

/* Every $ and ` in the words is meant as itself (SC2016 asks). */
static const char shellcheck_note[] = "# shellcheck disable=SC2016\n";

/*
 * The variables in the order of environ (env -i sets them in that
 * order), so that the program sees the order the server gave.
 */
static int
order_cmp(const void *a, const void *b)
{
	const struct envvar	*x = *(const struct envvar *const *)a;
	const struct envvar	*y = *(const struct envvar *const *)b;

	return x->order < y->order ? -1 : x->order > y->order;
}

static const struct envvar **
env_in_order(const struct dump *d)
{
	const struct envvar	**v;
	size_t			  i;

	v = xcalloc(d->nenv + 1, sizeof(*v));
	for (i = 0; i < d->nenv; i++)
		v[i] = &d->env[i];
	qsort(v, d->nenv, sizeof(*v), order_cmp);
	return v;
}

/* Whether env -i can set e: a name, and a value after an '='. */
static int
env_settable(const struct envvar *e)
{
	return e->name.len > 0 && e->value.p != NULL;
}

/* A comment line: "# " and then cgidump's words, escaped bytes. */
static void
comment_quoted(FILE *f, const char *what, struct bytes b)
{
	fprintf(f, "# %s", what);
	if (b.p == NULL)
		fputs("(none)", f);
	else {
		putc('"', f);
		text_escape(f, b.p, b.len, TEXT_QUOTED);
		putc('"', f);
	}
	putc('\n', f);
}

/*
 * The value a variable is set to, appended to b: itself, or for a
 * hidden one the placeholder (a cookie header keeps its cookie names,
 * so that a program looking for one finds it, with the placeholder as
 * its value).
 */
static void
value_bytes(struct buf *b, const struct envvar *e)
{
	size_t	 i;

	if (e->redact == RED_NONE) {
		buf_add(b, e->value.p, e->value.len);
		return;
	}
	if (e->redact == RED_COOKIE && e->ncookies > 0) {
		for (i = 0; i < e->ncookies; i++) {
			if (i > 0)
				buf_add(b, "; ", 2);
			buf_add(b, e->cookies[i].p, e->cookies[i].len);
			buf_addc(b, '=');
			buf_add(b, placeholder, sizeof(placeholder) - 1);
		}
		return;
	}
	buf_add(b, placeholder, sizeof(placeholder) - 1);
}

/* NAME=value (sep "=") or Name: value (sep ": ") as one sh word. */
static void
pair_word(FILE *f, struct bytes name, const char *sep, const struct envvar *e)
{
	struct buf	 b = { NULL, 0, 0 };

	buf_add(&b, name.p, name.len);
	buf_add(&b, sep, strlen(sep));
	value_bytes(&b, e);
	sh_word(f, b.p, b.len);
	buf_free(&b);
}

/*
 * PATH_INFO with its last segment, when that names /replay, as to: a
 * script run with cgidump itself, or a curl command sent to another
 * cgidump, wants a dump back, not another script.  0 when it does not.
 */
static int
path_info_as(struct bytes pi, const char *to, struct buf *out)
{
	struct bytes	 p = pi, seg;

	if (p.p == NULL)
		return 0;
	if (p.len > 0 && p.p[p.len - 1] == '/')
		p.len--;
	seg = last_segment(p);
	if (seg.len != 6 || !ascii_ieqn(seg.p, "replay", 6))
		return 0;
	buf_add(out, p.p, (size_t)(seg.p - p.p));
	buf_add(out, to, strlen(to));
	return 1;
}

/* The bytes of every word replay_begin() will write, for sh_byte_defs. */
static void
mark_unsafe(const struct dump *d, unsigned char set[32])
{
	size_t	 i, j;

	for (i = 0; i < d->nenv; i++) {
		const struct envvar	*e = &d->env[i];

		if (!env_settable(e))
			continue;
		sh_unsafe(e->name.p, e->name.len, set);
		if (e->redact == RED_NONE)
			sh_unsafe(e->value.p, e->value.len, set);
		for (j = 0; e->redact == RED_COOKIE && j < e->ncookies; j++)
			sh_unsafe(e->cookies[j].p, e->cookies[j].len, set);
	}
	for (i = 1; i < (size_t)d->argc; i++)
		sh_unsafe(d->argv[i], strlen(d->argv[i]), set);
	if (d->cwd != NULL)
		sh_unsafe(d->cwd, strlen(d->cwd), set);
	if (d->req.query_from_argv)
		sh_unsafe(d->req.query_string.p, d->req.query_string.len, set);
}

/* What the script says about where the request came from. */
static void
about_origin(FILE *f, const struct dump *d)
{
	char	 label[32];
	int	 i;

	fprintf(f, "# Captured by cgidump %s in %s mode", CGIDUMP_VERSION,
	    d->mode == MODE_CGI ? "CGI" : "local");
	if (d->proc.time_utc[0] != '\0')
		fprintf(f, " at %s", d->proc.time_utc);
	if (d->proc.hostname != NULL) {
		fputs(" on ", f);
		text_escape(f, d->proc.hostname, strlen(d->proc.hostname),
		    TEXT_PLAIN);
	}
	fputs(".\n", f);
	for (i = 0; i < d->argc; i++) {
		snprintf(label, sizeof(label), "argv[%d]: ", i);
		comment_quoted(f, label, bytes_of(d->argv[i]));
	}
	comment_quoted(f, "Working directory: ", d->cwd == NULL ?
	    (struct bytes){ NULL, 0 } : bytes_of(d->cwd));
}

/*
 * Variables that act on the machine the script runs on, not only on
 * the program: the dynamic loader's (glibc's LD_, macOS's DYLD_), and
 * bash's exported functions, which a bash run by PROGRAM would define
 * (Shellshock, CVE-2014-6271, was one).  The script keeps them, as it
 * keeps everything, but says so: a captured request can come from a
 * server that is not the reader's own.
 */
static const char *const steering[] = { "LD_", "DYLD_", "BASH_FUNC_" };

static int
steers_machine(struct bytes name)
{
	size_t	 i;

	for (i = 0; i < sizeof(steering) / sizeof(steering[0]); i++)
		if (bytes_prefix(name, steering[i]))
			return 1;
	return bytes_eq(name, "BASH_ENV");
}

/* The comments about what is not exactly as it came. */
static void
about_losses(FILE *f, const struct dump *d)
{
	size_t	 i;

	for (i = 0; i < d->nenv; i++) {
		const struct envvar	*e = &d->env[i];

		if (env_settable(e) && steers_machine(e->name))
			comment_quoted(f, "Careful: this one acts on the "
			    "machine the script runs on (the dynamic loader, "
			    "or bash), set as it came: ", e->name);

		if (!env_settable(e))
			comment_quoted(f, e->name.len == 0 ?
			    "Not set (env(1) cannot set a variable without a "
			    "name): " : "Not set (an environment entry without "
			    "'=', which env(1) cannot make): ", e->name);
		else if (e->redact == RED_COOKIE)
			comment_quoted(f, "Redacted (the cookie names kept, "
			    "each value a placeholder): ", e->name);
		else if (e->redact != RED_NONE)
			comment_quoted(f, "Redacted (a placeholder instead "
			    "of the value): ", e->name);
		if (i > 0 && env_settable(e) && env_settable(&d->env[i - 1]) &&
		    bytes_cmp(e->name, d->env[i - 1].name) == 0)
			comment_quoted(f, "Given more than once: env(1) sets "
			    "only the last of ", e->name);
	}
	for (i = 0; i < d->nenv; i++)
		if (d->env[i].redact != RED_NONE) {
			fputs("# (CGIDUMP_REVEAL=1 in the server's "
			    "configuration, or --reveal locally, keeps the "
			    "values.)\n", f);
			break;
		}
}

/* The arguments the server passed (RFC 3875 §4.4), as words. */
static void
argv_words(FILE *f, const struct dump *d)
{
	int	 i;

	for (i = 1; d->mode == MODE_CGI && i < d->argc; i++) {
		putc(' ', f);
		sh_word(f, d->argv[i], strlen(d->argv[i]));
	}
}

/* Resolve $1 in the caller's PATH, absolute before a cd. */
static const char sh_resolve[] =
    "\tcase $1 in\n"
    "\t/*)\n"
    "\t\t;;\n"
    "\t*/*)\n"
    "\t\tcgidump_prog=$PWD/$1\n"
    "\t\tshift\n"
    "\t\tset -- \"$cgidump_prog\" \"$@\"\n"
    "\t\t;;\n"
    "\t*)\n"
    "\t\tif ! cgidump_prog=$(command -v \"$1\"); then\n"
    "\t\t\techo \"request.sh: $1: not found\" >&2\n"
    "\t\t\texit 127\n"
    "\t\tfi\n"
    "\t\tshift\n"
    "\t\tset -- \"$cgidump_prog\" \"$@\"\n"
    "\t\t;;\n"
    "\tesac\n";

/*
 * Move the first $cgidump_k words of the positional parameters to the
 * end (a function would have its own).
 */
static const char sh_rotate[] =
    "\tcgidump_i=0\n"
    "\twhile [ \"$cgidump_i\" -lt \"$cgidump_k\" ]; do\n"
    "\t\tset -- \"$@\" \"$1\"\n"
    "\t\tshift\n"
    "\t\tcgidump_i=$((cgidump_i + 1))\n"
    "\tdone\n";

/*
 * The script's words: [-C] [NAME=VALUE...] [PROGRAM [ARGS...]].  -C
 * changes to the original working directory.  NAME=VALUE words go to
 * env(1) after the captured ones, so they add or replace variables.
 * PROGRAM is resolved in the caller's PATH (env -i would look in the
 * captured one) and made absolute before a cd; without ARGS it gets
 * the original arguments; without PROGRAM it is cgidump.  POSIX sh
 * has no arrays: the words are rotated in "$@", so that nothing is
 * ever split or expanded again.
 */
static void
sh_preamble(FILE *f, const struct dump *d)
{
	struct buf	 pi = { NULL, 0, 0 };
	int		 args = d->mode == MODE_CGI && d->argc > 1;

	fputs("cgidump_cd=\n"
	    "if [ \"${1-}\" = -C ]; then\n"
	    "\tcgidump_cd=1\n"
	    "\tshift\n"
	    "fi\n"
	    "cgidump_n=0\n"
	    "for cgidump_w in \"$@\"; do\n"
	    "\tcase $cgidump_w in\n"
	    "\t*=*) cgidump_n=$((cgidump_n + 1)) ;;\n"
	    "\t*) break ;;\n"
	    "\tesac\n"
	    "done\n"
	    "cgidump_m=$(($# - cgidump_n))\n", f);
	fputs("if [ \"$cgidump_m\" -eq 0 ]; then\n"
	    "\tif ! cgidump_prog=$(command -v cgidump); then\n"
	    "\t\techo 'request.sh: no cgidump in PATH: name a PROGRAM' >&2\n"
	    "\t\texit 127\n"
	    "\tfi\n", f);
	if (path_info_as(env_get(d, "PATH_INFO"), "text", &pi)) {
		fputs("\t# PATH_INFO asked for /replay: cgidump shows "
		    "/text instead.\n"
		    "\tset -- 'PATH_INFO='", f);
		sh_word(f, pi.p, pi.len);
		fputs(" \"$@\" \"$cgidump_prog\"", f);
	} else
		fputs("\tset -- \"$@\" \"$cgidump_prog\"", f);
	buf_free(&pi);
	argv_words(f, d);
	fputs("\nelse\n", f);
	fputs("\t# PROGRAM first, to resolve it, then the words after "
	    "the variables again.\n"
	    "\tcgidump_k=$cgidump_n\n", f);
	fputs(sh_rotate, f);
	fputs(sh_resolve, f);
	if (args) {
		fputs("\tif [ \"$cgidump_m\" -eq 1 ]; then\n"
		    "\t\t# The arguments the server passed (RFC 3875 "
		    "§4.4).\n"
		    "\t\tcgidump_prog=$1\n"
		    "\t\tshift\n"
		    "\t\tset -- \"$cgidump_prog\"", f);
		argv_words(f, d);
		fprintf(f, " \"$@\"\n"
		    "\t\tcgidump_m=$((cgidump_m + %d))\n"
		    "\tfi\n", d->argc - 1);
	}
	fputs("\tcgidump_k=$cgidump_m\n", f);
	fputs(sh_rotate, f);
	fputs("fi\n"
	    "if [ -n \"$cgidump_cd\" ]; then\n", f);
	if (d->cwd != NULL) {
		fputs("\tcd ", f);
		sh_word(f, d->cwd, strlen(d->cwd));
		fputs(" || exit 1\n", f);
	} else
		fputs("\techo 'request.sh: the working directory was not "
		    "known' >&2\n"
		    "\texit 1\n", f);
	fputs("fi\n", f);
}

/*
 * Whether the request has a body to read (request.c reads one then): a
 * length, or a chunked body without one.  A POST with
 * CONTENT_LENGTH=0 has an empty one.
 */
static int
has_body(const struct dump *d)
{
	return d->req.has_length || d->req.to_eof;
}

/*
 * The body goes into a file of a fresh directory, one printf command
 * a line: the shell runs each as it reads it, so that neither it nor
 * cgidump holds the body whole (a function or a here-document would be
 * parsed whole).  mkdir(1) fails on a name that exists, so the
 * directory is the script's own; only its umask is changed, in a
 * subshell, not the program's.
 */
static void
body_open(FILE *f, const struct dump *d)
{
	if (!has_body(d))
		return;
	fputs("cgidump_dir=${TMPDIR:-/tmp}/request.sh.$$\n"
	    "(umask 077 && mkdir \"$cgidump_dir\") || exit 1\n"
	    "trap 'rm -f \"$cgidump_dir/body\"; rmdir \"$cgidump_dir\"' "
	    "EXIT\n"
	    "trap 'exit 1' HUP INT TERM\n"
	    "exec 3>\"$cgidump_dir/body\"\n", f);
}

/* The usage the script's head comment gives. */
static void
sh_usage(FILE *f, const struct dump *d)
{
	fputs("#\n"
	    "#\tsh request.sh [-C] [NAME=VALUE...] [PROGRAM [ARGS...]]\n"
	    "#\n"
	    "# runs PROGRAM under env -i with exactly the variables below "
	    "and the\n"
	    "# body on its standard input; without PROGRAM, cgidump from "
	    "PATH.\n", f);
	if (d->mode == MODE_CGI && d->argc > 1)
		fputs("# Without ARGS, PROGRAM gets the arguments the server "
		    "passed.\n", f);
	fputs("# NAME=VALUE adds a variable or changes one (as env(1) "
	    "does), e.g.\n"
	    "#\tsh request.sh PATH_INFO=/json ./cgidump\n"
	    "# -C first changes to the original working directory.\n", f);
}

/*
 * The head of the sh script: what it is, where the request came from,
 * what is not exactly as it came, the byte variables, the options,
 * and the opening of the body's function.
 */
static void
sh_begin(FILE *f, const struct dump *d)
{
	unsigned char	 set[32];

	memset(set, 0, sizeof(set));
	mark_unsafe(d, set);
	fputs("#!/bin/sh\n"
	    "# request.sh: a CGI request as cgidump received it, to run "
	    "again.\n", f);
	sh_usage(f, d);
	fputs("#\n", f);
	about_origin(f, d);
	about_losses(f, d);
	if (d->req.query_from_argv)
		fputs("# QUERY_STRING: the query string of cgidump's "
		    "command line.\n", f);
	fputs(shellcheck_note, f);
	fputs("set -u\n", f);
	sh_byte_defs(f, set);
	sh_preamble(f, d);
	body_open(f, d);
}

/* The env -i command line, after the body's function. */
static void
sh_run(FILE *f, const struct dump *d)
{
	const struct envvar	**v = env_in_order(d);
	size_t			  i;

	/* stdin a pipe, as most servers give it, not a file */
	if (has_body(d))
		fputs("# shellcheck disable=SC2002\n"
		    "cat \"$cgidump_dir/body\" | env -i \\\n", f);
	else
		fputs(": | env -i \\\n", f);
	for (i = 0; i < d->nenv; i++) {
		if (!env_settable(v[i]))
			continue;
		putc('\t', f);
		pair_word(f, v[i]->name, "=", v[i]);
		fputs(" \\\n", f);
	}
	if (d->req.query_from_argv) {
		fputs("\t'QUERY_STRING='", f);
		sh_word(f, d->req.query_string.p, d->req.query_string.len);
		fputs(" \\\n", f);
	}
	fputs("\t\"$@\"\n", f);
	free(v);
}

/*
 * How reading the body ended, where it is not the whole of it: a
 * comment, and a line on stderr when the script runs, so that the
 * replay shows the same symptom and says why.
 */
static const char *const body_cut[] = {
	[BODY_SHORT] = "stdin ended before CONTENT_LENGTH",
	[BODY_TIMEOUT] = "no bytes came for CGIDUMP_TIMEOUT seconds",
	[BODY_DEADLINE] = "the body was still coming at CGIDUMP_DEADLINE",
	[BODY_READ_ERROR] = "reading stdin failed",
	[BODY_BAD_FRAMING] = "the chunked framing on stdin is malformed",
	[BODY_LIMIT] = NULL		/* says which limit */
};

static void
body_note(FILE *f, const struct dump *d, const struct replay *r)
{
	const struct request	*q = &d->req;
	unsigned long long	 got = q->body_bytes;
	char			*msg = NULL;
	int			 err = q->body_end == BODY_READ_ERROR;

	if (q->body_end == BODY_LIMIT)
		msg = xasprintf("only the first %llu bytes are here: the body "
		    "is longer than %s (CONTENT_LENGTH is kept as it was)",
		    got, r->cut_by);
	else if ((size_t)q->body_end < sizeof(body_cut) / sizeof(body_cut[0]) &&
	    body_cut[q->body_end] != NULL)
		msg = xasprintf("%s, after %llu bytes%s%s",
		    body_cut[q->body_end], got, err ? ": " : "",
		    err ? strerror(q->read_errno) : "");
	if (q->trailing_bytes > 0)
		fprintf(f, "# %llu more bytes were waiting on stdin after the "
		    "body CONTENT_LENGTH gives:\n"
		    "# not read (RFC 3875 §4.2), so not here.\n",
		    (unsigned long long)q->trailing_bytes);
	if (msg == NULL)
		return;
	fprintf(f, "# The body is not complete: %s.\n", msg);
	fputs("echo 'request.sh: the body is not complete:' ", f);
	sh_word(f, msg, strlen(msg));
	fputs(" >&2\n", f);
	free(msg);
}

/* RFC 3875 §4.1.18: HTTP_ACCEPT_LANGUAGE was Accept-Language. */
static int
header_name(struct bytes var, struct buf *out)
{
	size_t	 i;
	int	 start = 1;
	char	 c;

	if (var.len <= 5)
		return 0;
	for (i = 5; i < var.len; i++) {
		c = var.p[i];
		if (c == '_') {
			buf_addc(out, '-');
			start = 1;
			continue;
		}
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9')))
			return 0;
		if (c >= 'A' && c <= 'Z' && !start)
			c = (char)(c - 'A' + 'a');
		else if (c >= 'a' && c <= 'z' && start)
			c = (char)(c - 'a' + 'A');
		buf_addc(out, c);
		start = 0;
	}
	return 1;
}

/* The headers curl makes itself, and the one the URL gives. */
static const char *const curl_managed[] = {
	"HTTP_HOST", "HTTP_CONTENT_LENGTH", "HTTP_CONTENT_TYPE",
	"HTTP_CONNECTION", "HTTP_KEEP_ALIVE", "HTTP_TE", "HTTP_UPGRADE",
	"HTTP_PROXY_CONNECTION", NULL
};

/* The defaults curl adds that the request had not. */
static const struct {
	const char	*var;
	const char	*header;
} curl_defaults[] = {
	{ "HTTP_USER_AGENT", "User-Agent:" }, { "HTTP_ACCEPT", "Accept:" },
	{ "HTTP_EXPECT", "Expect:" }
};

/*
 * RFC 3986 §3.3, §3.4: the bytes a URL carries as they are; the rest
 * percent-encoded.  A path from the variables is decoded (a '%' in it
 * was %25), a query string is not.
 */
static void
url_encode(struct buf *b, struct bytes s, int query)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 i;
	unsigned char		 c;

	for (i = 0; i < s.len; i++) {
		c = (unsigned char)s.p[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') ||
		    byte_in(c, "-._~!$&'()*+,;=:@/") ||
		    (query && byte_in(c, "%?"))) {
			buf_addc(b, (char)c);
			continue;
		}
		buf_addc(b, '%');
		buf_addc(b, hex[c >> 4]);
		buf_addc(b, hex[c & 0xf]);
	}
}

/*
 * A variable's value as the dump would show it: the placeholder for a
 * hidden one (a URL with a password in QUERY_STRING, say), so that no
 * word of the curl form gives away what the sh form hides.
 */
static struct bytes
shown_get(const struct dump *d, const char *name)
{
	const struct envvar	*e = env_find(d, name);
	struct bytes		 none = { NULL, 0 };

	if (e == NULL)
		return none;
	if (e->redact != RED_NONE)
		return bytes_of(placeholder);
	return e->value;
}

/* The URL the request was sent to, as the variables tell it. */
static int
curl_url(const struct dump *d, struct buf *url)
{
	struct bytes	 https = env_get(d, "HTTPS");
	struct bytes	 scheme = env_get(d, "REQUEST_SCHEME");
	struct bytes	 host = shown_get(d, "HTTP_HOST");
	struct bytes	 port = shown_get(d, "SERVER_PORT");
	struct bytes	 qs = shown_get(d, "QUERY_STRING"), item;
	struct buf	 pi = { NULL, 0, 0 };
	int		 tls, changed, first = 1;

	tls = (https.len == 2 && ascii_ieqn(https.p, "on", 2)) ||
	    bytes_eq(https, "1") || bytes_eq(scheme, "https");
	buf_add(url, tls ? "https://" : "http://", tls ? 8 : 7);
	if (host.p == NULL || host.len == 0) {
		host = shown_get(d, "SERVER_NAME");
		if (host.p == NULL || host.len == 0)
			host = bytes_of("localhost");
		buf_add(url, host.p, host.len);
		if (port.len > 0 && !bytes_eq(port, tls ? "443" : "80")) {
			buf_addc(url, ':');
			buf_add(url, port.p, port.len);
		}
	} else
		buf_add(url, host.p, host.len);
	url_encode(url, shown_get(d, "SCRIPT_NAME"), 0);
	if ((changed = path_info_as(shown_get(d, "PATH_INFO"), "json", &pi)))
		url_encode(url, (struct bytes){ pi.p, pi.len }, 0);
	else
		url_encode(url, shown_get(d, "PATH_INFO"), 0);
	buf_free(&pi);
	if (qs.p == NULL && d->req.query_from_argv)
		qs = d->req.query_string;
	while (qs.p != NULL && qs.len > 0 && bytes_next(&qs, '&', &item)) {
		if (changed && bytes_eq(item, "as=curl"))
			continue;
		buf_addc(url, first ? '?' : '&');
		url_encode(url, item, 1);
		first = 0;
	}
	return changed;
}

static void
header_word(FILE *f, const char *name, struct bytes value)
{
	struct buf	 h = { NULL, 0, 0 };

	buf_add(&h, name, strlen(name));
	buf_add(&h, ": ", 2);
	buf_add(&h, value.p, value.len);
	fputs("\t--header ", f);
	sh_word(f, h.p, h.len);
	fputs(" \\\n", f);
	buf_free(&h);
}

/* Every header curl is to send, from the HTTP_* variables. */
static void
curl_headers(FILE *f, const struct dump *d)
{
	const struct envvar	**v = env_in_order(d);
	struct buf		  name = { NULL, 0, 0 };
	size_t			  i;

	if (d->req.content_type.p != NULL)
		header_word(f, "Content-Type", shown_get(d, "CONTENT_TYPE"));
	else
		fputs("\t--header 'Content-Type:' \\\n", f);
	for (i = 0; i < sizeof(curl_defaults) / sizeof(curl_defaults[0]); i++)
		if (env_get(d, curl_defaults[i].var).p == NULL)
			fprintf(f, "\t--header '%s' \\\n",
			    curl_defaults[i].header);
	for (i = 0; i < d->nenv; i++) {
		const struct envvar	*e = v[i];

		if (!env_settable(e) || !bytes_prefix(e->name, "HTTP_") ||
		    bytes_in(e->name, curl_managed))
			continue;
		name.len = 0;
		if (!header_name(e->name, &name) ||
		    memchr(e->value.p, '\r', e->value.len) != NULL ||
		    memchr(e->value.p, '\n', e->value.len) != NULL)
			continue;
		buf_str(&name);
		fputs("\t--header ", f);
		pair_word(f, (struct bytes){ name.p, name.len }, ": ", e);
		fputs(" \\\n", f);
	}
	buf_free(&name);
	free(v);
}

/* The variables besides HTTP_* that words of the curl form hold. */
static const char *const curl_words[] = {
	"HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME", "PATH_INFO",
	"QUERY_STRING", "CONTENT_TYPE", "REQUEST_METHOD", NULL
};

/* What the curl form says it cannot send as it came. */
static void
curl_losses(FILE *f, const struct dump *d)
{
	struct buf		 name = { NULL, 0, 0 };
	const struct envvar	*e;
	size_t			 i;

	fputs("# Header names are rebuilt from HTTP_* (RFC 3875 §4.1.18): "
	    "'_' as '-', each\n"
	    "# word capitalised; a name that had '_' or other case arrives "
	    "changed, and\n"
	    "# a server may have dropped headers (Apache drops names with "
	    "'_') or joined\n"
	    "# repeated ones.  Host comes from the URL; Content-Length, "
	    "Connection and\n"
	    "# the like are curl's.\n", f);
	for (i = 0; i < d->nenv; i++) {
		e = &d->env[i];
		if (!env_settable(e) || !bytes_prefix(e->name, "HTTP_") ||
		    bytes_in(e->name, curl_managed))
			continue;
		name.len = 0;
		if (!header_name(e->name, &name))
			comment_quoted(f, "Not sent (not a header name): ",
			    e->name);
		else if (memchr(e->value.p, '\r', e->value.len) != NULL ||
		    memchr(e->value.p, '\n', e->value.len) != NULL)
			comment_quoted(f, "Not sent (a line break in the "
			    "value): ", e->name);
		else if (e->redact != RED_NONE)
			comment_quoted(f, "Redacted (a placeholder instead of "
			    "the value): ", e->name);
	}
	buf_free(&name);
	for (i = 0; curl_words[i] != NULL; i++)
		if ((e = env_find(d, curl_words[i])) != NULL &&
		    e->redact != RED_NONE)
			comment_quoted(f, "Redacted (a placeholder instead of "
			    "the value): ", e->name);
	if (d->req.has_length)
		fprintf(f, "# curl sets Content-Length to the bytes it sends; "
		    "CONTENT_LENGTH was %llu.\n",
		    (unsigned long long)d->req.length);
}

/*
 * The head of the curl form: the URL (the first argument replaces
 * it), and the opening of the body's function.
 */
static void
curl_begin(FILE *f, const struct dump *d)
{
	struct buf	 url = { NULL, 0, 0 };
	int		 changed;

	changed = curl_url(d, &url);
	fputs("#!/bin/sh\n"
	    "# request.sh: a CGI request as cgidump received it, as the "
	    "curl(1) command\n"
	    "# that sends it again:\n"
	    "#\n"
	    "#\tsh request.sh [URL] [CURL-OPTIONS...]\n"
	    "#\n"
	    "# URL is by default the one rebuilt from the variables", f);
	if (changed)
		fputs(",\n# with /replay as /json (and no as=curl) so that "
		    "cgidump answers its dump", f);
	fputs(".\n#\n", f);
	about_origin(f, d);
	curl_losses(f, d);
	fputs(shellcheck_note, f);
	fputs("set -u\n", f);
	/* Only these words can hold request bytes. */
	{
		unsigned char	 set[32];

		memset(set, 0, sizeof(set));
		mark_unsafe(d, set);
		sh_unsafe(url.p, url.len, set);
		sh_byte_defs(f, set);
	}
	fputs("cgidump_url=", f);
	sh_word(f, url.p, url.len);
	fputs("\n"
	    "case ${1--} in\n"
	    "-*)\n"
	    "\t;;\n"
	    "*)\n"
	    "\tcgidump_url=$1\n"
	    "\tshift\n"
	    "\t;;\n"
	    "esac\n", f);
	body_open(f, d);
	buf_free(&url);
}


static void
curl_run(FILE *f, const struct dump *d)
{
	struct bytes	 m = shown_get(d, "REQUEST_METHOD");

	fputs("curl --globoff --path-as-is", f);
	if (bytes_eq(env_get(d, "SERVER_PROTOCOL"), "HTTP/1.0"))
		fputs(" --http1.0", f);
	if (bytes_eq(m, "HEAD"))
		fputs(" --head", f);
	else if (m.p != NULL && m.len > 0) {
		fputs(" --request ", f);
		sh_word(f, m.p, m.len);
	}
	fputs(" \\\n", f);
	curl_headers(f, d);
	if (has_body(d))
		fputs("\t--data-binary \"@$cgidump_dir/body\" \\\n", f);
	fputs("\t\"$@\" --url \"$cgidump_url\"\n", f);
}

void
replay_begin(FILE *f, const struct dump *d, enum replay_form form,
    struct replay *r)
{
	uint64_t	 body = d->limits[LIM_BODY].value;
	uint64_t	 rep = d->limits[LIM_REPLAY].value;

	memset(r, 0, sizeof(*r));
	r->f = f;
	r->form = form;
	r->cut_by = rep != 0 && (body == 0 || rep < body) ?
	    "CGIDUMP_MAX_REPLAY" : "CGIDUMP_MAX_BODY";
	if (form == REPLAY_CURL)
		curl_begin(f, d);
	else
		sh_begin(f, d);
}

/* The body's bytes as they come: a printf line per line. */
void
replay_body(void *arg, const char *p, size_t len)
{
	struct replay	*r = arg;
	size_t		 n;
	const char	*nl;

	while (len > 0) {
		n = REPLAY_LINE - r->len;
		if (n > len)
			n = len;
		if ((nl = memchr(p, '\n', n)) != NULL)
			n = (size_t)(nl - p) + 1;
		memcpy(r->line + r->len, p, n);
		r->len += n;
		p += n;
		len -= n;
		if (r->len == REPLAY_LINE || r->line[r->len - 1] == '\n') {
			sh_printf_line(r->f, r->line, r->len);
			fputs(" >&3\n", r->f);
			r->len = 0;
		}
	}
}

void
replay_end(const struct dump *d, struct replay *r)
{
	FILE	*f = r->f;

	if (r->len > 0) {
		sh_printf_line(f, r->line, r->len);
		fputs(" >&3\n", f);
	}
	r->len = 0;
	if (has_body(d))
		fputs("exec 3>&-\n", f);
	body_note(f, d, r);
	if (r->form == REPLAY_CURL)
		curl_run(f, d);
	else
		sh_run(f, d);
}
