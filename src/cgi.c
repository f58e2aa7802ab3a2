/* cgidump: see LICENSE (ISC). */
/*
 * cgi.c: the answer in CGI mode: which endpoint and format the client
 * asked for, the refusal of one that may not see the dump, a program
 * named nph-*, and the header block (RFC 3875 §6).
 *
 * Nothing from the request reaches a header: the format is picked from
 * a fixed list, and an NPH status line names only a protocol version
 * that it recognises.  A reader that stops taking the answer, or goes,
 * ends the process with one line on stderr.
 */
#include "config.h"

#include <sys/time.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgi.h"

static const struct {
	const char	*segment;	/* last PATH_INFO segment */
	const char	*type;		/* media type it answers to in Accept */
	enum format	 fmt;
} formats[] = {
	/* In order of preference when Accept ties. */
	{ "html", "text/html", FMT_HTML },
	{ "json", "application/json", FMT_JSON },
	{ "text", "text/plain", FMT_TEXT },
};
#define NFORMATS	(sizeof(formats) / sizeof(formats[0]))

static const char *
format_type(enum format fmt)
{
	switch (fmt) {
	case FMT_JSON:
		return "application/json";
	case FMT_TEXT:
		return "text/plain; charset=utf-8";
	default:
		return "text/html; charset=utf-8";
	}
}

/*
 * RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] )
 *                          / ( "1" [ "." 0*3("0") ] ), in thousandths.
 */
static int
parse_qvalue(const char *p, size_t len)
{
	int	 q, scale = 100;
	size_t	 i;

	if (len == 0 || (p[0] != '0' && p[0] != '1'))
		return -1;
	q = (p[0] - '0') * 1000;
	if (len == 1)
		return q;
	if (p[1] != '.' || len > 5)
		return -1;
	for (i = 2; i < len; i++, scale /= 10) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		q += (p[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

/* charset=utf-8, which every format of ours has, quoted or not. */
static int
is_our_charset(struct bytes par)
{
	return (par.len == 13 && ascii_ieqn(par.p, "charset=utf-8", 13)) ||
	    (par.len == 15 && ascii_ieqn(par.p, "charset=\"utf-8\"", 15));
}

/*
 * How well the media range [p, end) matches type: 3 exactly, 2 for
 * a type with any subtype ("text" "/" "*"), 1 for any type, 0 not.
 */
static int
range_match(struct bytes range, const char *type)
{
	size_t	 tlen = strcspn(type, "/");

	if (range.len == strlen(type) && ascii_ieqn(range.p, type, range.len))
		return 3;
	if (range.len == tlen + 2 && ascii_ieqn(range.p, type, tlen + 1) &&
	    range.p[tlen + 1] == '*')
		return 2;
	return bytes_eq(range, "*/*");
}

/*
 * RFC 9110 §12.5.1: each format gets the q of the most specific range
 * that matches it.  The highest q wins; on a tie, the more specific
 * match (JSON, then any type, means JSON), then our order.
 * Returns -1 when nothing acceptable is offered.
 */
static int
accept_pick(struct bytes accept)
{
	struct bytes	 rest = accept, params, range, par;
	int		 q[NFORMATS], spec[NFORMATS], best = -1, s, qv;
	int		 other;
	size_t		 i;

	for (i = 0; i < NFORMATS; i++)
		q[i] = spec[i] = 0;
	while (bytes_next(&rest, ',', &params)) {
		bytes_next(&params, ';', &range);
		range = bytes_trim(range);
		qv = 1000;
		other = 0;
		while (qv >= 0 && bytes_next(&params, ';', &par)) {
			par = bytes_trim(par);
			if (par.len >= 2 && ascii_ieqn(par.p, "q=", 2)) {
				qv = parse_qvalue(par.p + 2, par.len - 2);
				break;	/* what follows the weight is not ours */
			}
			if (!is_our_charset(par))
				other = 1;
		}
		/*
		 * A malformed weight: ignore the range.  A range with a
		 * parameter our representations lack (text/html;level=1)
		 * does not name them (RFC 9110 §12.5.1).
		 */
		if (qv < 0 || other)
			continue;
		for (i = 0; i < NFORMATS; i++) {
			s = range_match(range, formats[i].type);
			if (s > spec[i] || (s == spec[i] && s > 0 && qv > q[i])) {
				spec[i] = s;
				q[i] = qv;
			}
		}
	}
	for (i = 0; i < NFORMATS; i++) {
		if (spec[i] == 0 || q[i] == 0)
			continue;
		if (best < 0 || q[i] > q[best] ||
		    (q[i] == q[best] && spec[i] > spec[best]))
			best = (int)i;
	}
	return best;
}

/* The endpoints that are not a format of the dump. */
static const struct {
	const char	*name;
	enum endpoint	 ep;
} endpoints[] = {
	{ "check", EP_CHECK }, { "stream", EP_STREAM },
	{ "stderr", EP_STDERR }, { "replay", EP_REPLAY }
};
#define NENDPOINTS	(sizeof(endpoints) / sizeof(endpoints[0]))

/*
 * DESIGN.md "Output formats": the last PATH_INFO segment names an
 * endpoint or a format, matched case-blind, one trailing slash
 * ignored (/check/ and /CHECK are /check; /check// is not).
 */
static struct bytes
path_segment(struct bytes path_info)
{
	if (path_info.len > 0 && path_info.p[path_info.len - 1] == '/')
		path_info.len--;
	return last_segment(path_info);
}

static int
segment_is(struct bytes seg, const char *name)
{
	return seg.len == strlen(name) && ascii_ieqn(seg.p, name, seg.len);
}

/*
 * DESIGN.md "Output formats": a last segment one edit away from an
 * endpoint or format name (one_edit(): a byte inserted, deleted or
 * changed, or two adjacent bytes swapped, so /chek, /checks, /jsn,
 * /chekc and /tex all count) is taken for a typing error, and answered
 * 404, so that `curl -f .../chek` cannot pass a deployment check.
 * The names are 4 to 6 bytes long, so a near miss has 3 to 7: a
 * segment of 1 or 2 bytes (/x, /id) never is one, nor is one that
 * differs in two places (/foo, /json2x, /stdout).  The price is that
 * a few words (/test, /next, /son) are near misses too; a segment
 * after them (/test/x) is dumped as it came.
 * The name meant, or NULL when the segment is none or an exact name.
 */
const char *
cgi_near_miss(struct bytes path_info)
{
	struct bytes	 seg = path_segment(path_info);
	size_t		 i;

	for (i = 0; i < NFORMATS; i++)
		if (segment_is(seg, formats[i].segment))
			return NULL;
	for (i = 0; i < NENDPOINTS; i++)
		if (segment_is(seg, endpoints[i].name))
			return NULL;
	for (i = 0; i < NENDPOINTS; i++)
		if (one_edit(seg.p, seg.len, endpoints[i].name,
		    strlen(endpoints[i].name)))
			return endpoints[i].name;
	for (i = 0; i < NFORMATS; i++)
		if (one_edit(seg.p, seg.len, formats[i].segment,
		    strlen(formats[i].segment)))
			return formats[i].segment;
	return NULL;
}

/* DESIGN.md "Output formats": the endpoint the last segment names. */
enum endpoint
cgi_endpoint(struct bytes path_info)
{
	struct bytes	 seg = path_segment(path_info);
	size_t		 i;

	for (i = 0; i < NENDPOINTS; i++)
		if (segment_is(seg, endpoints[i].name))
			return endpoints[i].ep;
	if (cgi_near_miss(path_info) != NULL)
		return EP_NOT_FOUND;
	return EP_DUMP;
}

/*
 * DESIGN.md "Output formats": the last PATH_INFO segment, else the
 * Accept header, else HTML.
 */
enum format
cgi_format(struct bytes path_info, struct bytes accept)
{
	struct bytes	 seg = path_segment(path_info);
	size_t		 i;
	int		 best;

	for (i = 0; i < NFORMATS; i++)
		if (segment_is(seg, formats[i].segment))
			return formats[i].fmt;
	if (accept.p != NULL && (best = accept_pick(accept)) >= 0)
		return formats[best].fmt;
	return FMT_HTML;
}

/*
 * CSP3 §2.3.1 hash-source: the page's one <style> element, and nothing
 * else, may apply; no script, image, frame or form target at all.
 */
static void
csp_out(struct out *o)
{
	out_strs(o, "Content-Security-Policy: default-src 'none'; style-src "
	    "'sha256-", html_style_sha256, "'; base-uri 'none'; "
	    "form-action 'none'; frame-ancestors 'none'\r\n", NULL);
}

/*
 * RFC 3875 §6: a CGI response header block, or with nph (§5, a program
 * named "nph-*") a complete HTTP status line and header.  The version
 * in the status line is the request's only when it is one we know.
 */
void
cgi_headers(struct out *o, const struct response *r)
{
	char		 date[64];
	time_t		 now;
	struct tm	 tm;
	const char	*proto = "HTTP/1.0";

	if (r->nph) {
		if (bytes_eq(r->protocol, "HTTP/1.1"))
			proto = "HTTP/1.1";
		out_printf(o, "%s %d %s\r\n", proto, r->status, r->reason);
		now = time(NULL);
		if (gmtime_r(&now, &tm) != NULL && strftime(date, sizeof(date),
		    "%a, %d %b %Y %H:%M:%S GMT", &tm) > 0)
			out_strs(o, "Date: ", date, "\r\n", NULL);
		out_puts(o, "Connection: close\r\n");
	} else
		out_printf(o, "Status: %d %s\r\n", r->status, r->reason);
	out_strs(o, "Content-Type: ", r->content_type, "\r\n", NULL);
	if (r->filename != NULL)
		out_strs(o, "Content-Disposition: attachment; filename=\"",
		    r->filename, "\"\r\n", NULL);
	out_puts(o, "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n");
	csp_out(o);
	out_puts(o, "X-Robots-Tag: noindex, nofollow\r\n"
	    "Referrer-Policy: no-referrer\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "\r\n");
}

/*
 * A reader that stops reading would hold the process in write(2) for
 * ever, and one that is gone would see the whole page written into a
 * broken pipe.  Not O_NONBLOCK: stdout is the server's file
 * description, shared with it.  An interval timer instead, not alarm(3):
 * aarch64 has no alarm system call, and the sandbox allows setitimer.
 * The handlers call only poll(2), write(2) and _exit(2), which are
 * async-signal-safe (POSIX.1-2017 §2.4.3); their lines are made first.
 */
struct line {
	char	 s[160];
	size_t	 len;
};
static struct line	 line_stuck, line_closed;

/*
 * Where stderr is the stuck connection too (a server may hand both
 * out as one), a write would block the handler in turn: the line goes
 * only where there is room for it.
 */
static void
line_out(const struct line *l)
{
	struct pollfd	 pfd;
	ssize_t		 n;

	pfd.fd = STDERR_FILENO;
	pfd.events = POLLOUT;
	if (poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLOUT)) {
		n = write(STDERR_FILENO, l->s, l->len);
		(void)n;		/* nowhere left to say it */
	}
}

static void
line_make(struct line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
line_make(struct line *l, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(l->s, sizeof(l->s), fmt, ap);
	va_end(ap);
	l->len = n < 0 ? 0 : (size_t)n < sizeof(l->s) ? (size_t)n :
	    sizeof(l->s) - 1;
}

static void
output_stuck(int sig)
{
	(void)sig;
	line_out(&line_stuck);
	_exit(1);
}

/*
 * SIGPIPE: a write found its reader gone (EPIPE).  A broken stderr
 * raises it too, and must not end the answer: only a stdout that
 * poll(2) sees broken or hung up does.
 */
static void
output_closed(int sig)
{
	struct pollfd	 pfd;
	int		 saved = errno;

	(void)sig;
	pfd.fd = STDOUT_FILENO;
	pfd.events = POLLOUT;
	if (poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLERR | POLLHUP))) {
		line_out(&line_closed);
		_exit(1);
	}
	errno = saved;
}

static uint64_t		 guard_secs;	/* 0: no bound */

/*
 * The answer must be taken within CGIDUMP_DEADLINE seconds (0: no
 * bound) and the time an endpoint spends on purpose (/stream's pauses
 * are not the reader's doing).  The handlers and their lines are made
 * here, before the sandbox, which allows arming the timer but not
 * installing a handler.
 */
void
cgi_prepare(const struct dump *d)
{
	struct sigaction	 sa;
	uint64_t		 secs = d->limits[LIM_DEADLINE].value;
	unsigned		 extra = 0;

	if (cgi_endpoint(env_get(d, "PATH_INFO")) == EP_STREAM)
		extra = (STREAM_LINES * STREAM_GAP_MS + 999) / 1000;
	line_make(&line_closed, "cgidump: output closed: %s\n",
	    strerror(EPIPE));
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = output_closed;
	sigaction(SIGPIPE, &sa, NULL);
	if (secs == 0)
		return;
	/* Some systems refuse more than 10^8 s (FreeBSD's itimerfix). */
	guard_secs = secs > 100000000 - extra ? 100000000 : secs + extra;
	line_make(&line_stuck, "cgidump: output stuck: the answer was not "
	    "taken within %llu s (CGIDUMP_DEADLINE); gave up\n",
	    (unsigned long long)guard_secs);
	sa.sa_handler = output_stuck;
	sigaction(SIGALRM, &sa, NULL);
}

/* Armed before the first byte of the answer. */
static void
output_guard(void)
{
	struct itimerval	 it;

	if (guard_secs == 0)
		return;
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = (time_t)guard_secs;
	setitimer(ITIMER_REAL, &it, NULL);
}

/*
 * The answer is out, or could not be: say why, once (a closed stdout
 * has most likely ended the process already).  The clock is left to
 * run: the process exits next, and a line to a stuck stderr stays
 * bounded by it.
 */
static void
output_done(void)
{
	if (stdout_failed())
		fprintf(stderr, "cgidump: output %s: %s\n", errno == EPIPE ?
		    "closed" : "failed", strerror(errno));
}

/* RFC 3875 §5: a program named nph-* answers with a full HTTP header. */
static int
is_nph(const struct dump *d)
{
	struct bytes	 name;

	/* FastCGI and SCGI answers are CGI's: the server adds the status */
	if (d->transport.name != NULL)
		return 0;
	if (d->argc > 0 && d->argv[0] != NULL)
		name = bytes_of(d->argv[0]);
	else
		name = env_get(d, "SCRIPT_NAME");
	return bytes_prefix(last_segment(name), "nph-");
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

/* The dump in one of its formats: CGI mode's and local mode's. */
void
render(struct out *o, const struct dump *d, enum format fmt)
{
	switch (fmt) {
	case FMT_JSON:
		render_json(o, d);
		break;
	case FMT_TEXT:
		render_text(o, d);
		break;
	default:
		render_html(o, d);
		break;
	}
}

/* A short plain-text refusal, the same whatever format was asked for. */
void
cgi_refuse(const struct dump *d, const struct refusal *r)
{
	struct response	 resp;
	struct out	 o;

	response_init(&resp, d);
	resp.status = r->status;
	resp.reason = r->reason;
	resp.content_type = format_type(FMT_TEXT);
	cgi_prepare(d);
	output_guard();
	out_begin(&o, stdout);
	cgi_headers(&o, &resp);
	if (!bytes_eq(env_get(d, "REQUEST_METHOD"), "HEAD"))
		out_printf(&o, "%d %s\ncgidump: %s.\n", r->status, r->reason,
		    r->message);
	out_end(&o);
	output_done();
}

/*
 * A near miss: what was asked for (escaped, and at most 7 bytes long)
 * and the name meant.
 */
static void
not_found(struct out *o, const struct dump *d)
{
	struct bytes	 pi = env_get(d, "PATH_INFO");
	struct bytes	 seg = path_segment(pi);

	out_puts(o, "404 Not Found\ncgidump: no endpoint /");
	out_text(o, seg.p, seg.len, TEXT_PLAIN);
	out_strs(o, " here; did you mean /", cgi_near_miss(pi), "?\n(A "
	    "PATH_INFO that ends in another segment, such as /", NULL);
	out_text(o, seg.p, seg.len, TEXT_PLAIN);
	out_puts(o, "/x, is shown in the dump as it came.)\n");
}

/* What follows the header block in o, by endpoint. */
static void
answer_body(struct out *o, const struct dump *d, enum endpoint ep,
    enum format fmt, int nph)
{
	switch (ep) {
	case EP_CHECK:
		if (fmt == FMT_JSON)
			json_checks(o, d);
		else
			text_checks(o, d);
		break;
	case EP_NOT_FOUND:
		not_found(o, d);
		break;
	case EP_STREAM:
		probe_stream(o, nph);
		break;
	case EP_STDERR:
		probe_stderr(o, d);
		break;
	default:
		render(o, d, fmt);
		break;
	}
}

/*
 * Which form of /replay the request asks for: ?as=curl (a pair of the
 * query string, split on '&' as forms are) for the curl command, else
 * the sh script; REPLAY_NONE for every other endpoint.
 */
enum replay_form
cgi_replay_form(const struct dump *d)
{
	struct bytes	 qs = env_get(d, "QUERY_STRING"), item;

	if (cgi_endpoint(env_get(d, "PATH_INFO")) != EP_REPLAY)
		return REPLAY_NONE;
	while (qs.p != NULL && bytes_next(&qs, '&', &item))
		if (bytes_eq(item, "as=curl"))
			return REPLAY_CURL;
	return REPLAY_SH;
}

/*
 * /replay's header block: the script is a download (request.sh).
 * Whether its content follows (not for HEAD, RFC 9110 §9.3.2); the
 * script then streams, and cgi_done() ends the answer.
 */
int
cgi_replay_start(const struct dump *d)
{
	struct response	 resp;
	struct out	 o;

	response_init(&resp, d);
	resp.content_type = format_type(FMT_TEXT);
	resp.filename = "request.sh";
	output_guard();
	out_begin(&o, stdout);
	cgi_headers(&o, &resp);
	out_end(&o);
	return !bytes_eq(d->req.method, "HEAD");
}

void
cgi_done(void)
{
	output_done();
}

/*
 * The response, by endpoint and format.  Not /replay's: its body is
 * read while the answer is written (main.c's replay(), with
 * cgi_replay_start() and cgi_done()).
 */
void
cgi_answer(const struct dump *d)
{
	struct response	 resp;
	struct out	 o;
	enum endpoint	 ep = cgi_endpoint(env_get(d, "PATH_INFO"));
	enum format	 fmt = cgi_format(env_get(d, "PATH_INFO"),
			    env_get(d, "HTTP_ACCEPT"));

	response_init(&resp, d);
	/* /check answers JSON only to a client that prefers it. */
	if (ep != EP_DUMP && !(ep == EP_CHECK && fmt == FMT_JSON))
		fmt = FMT_TEXT;
	resp.content_type = format_type(fmt);
	if (ep == EP_CHECK && checks_worst(d) == LEVEL_FAIL) {
		/* So that `curl -f .../check` fails a deployment. */
		resp.status = 500;
		resp.reason = "Internal Server Error";
	} else if (ep == EP_NOT_FOUND) {
		/* So that `curl -f .../chek` does not pass one. */
		resp.status = 404;
		resp.reason = "Not Found";
	}
	output_guard();
	out_begin(&o, stdout);
	cgi_headers(&o, &resp);
	/* RFC 9110 §9.3.2: HEAD is GET without the content. */
	if (!bytes_eq(d->req.method, "HEAD"))
		answer_body(&o, d, ep, fmt, resp.nph);
	out_end(&o);
	output_done();
}
