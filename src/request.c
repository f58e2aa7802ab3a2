/* cgidump: see LICENSE (ISC). */
/*
 * request.c: the request as the server described it (collect), and its
 * body handed to the parser its Content-Type names (parse).
 *
 * RFC 3875 §4.1.2 and §4.2: the body is CONTENT_LENGTH bytes, and
 * CONTENT_LENGTH is 1*digit.  Anything else is reported, not guessed.
 * Without a CONTENT_LENGTH a body is read only when the request says it
 * was chunked: Apache then passes the decoded body to the end of file,
 * while busybox httpd, mini_httpd and Python's http.server pass the raw
 * chunked framing (cgi-server-survey.md).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect.h"
#include "parse.h"

/* What body-length says about each problem of the body. */
#define ADVICE_LENGTH	"A CGI program that trusts CONTENT_LENGTH waits for " \
	"bytes that never come or reads the wrong thing."
#define ADVICE_FRAMING	"The server passed a chunked body as it came (see " \
	"chunk-framing)."
#define ADVICE_TO_EOF	"RFC 3875 §4.1.2 says the server MUST set " \
	"CONTENT_LENGTH (Apache passes a chunked body without it, to be read " \
	"to the end of file), and programs that follow the RFC see no body. " \
	"lighttpd and nginx set it; so do clients that send Content-Length."
#define ADVICE_MAX_BODY	"That is this program's own limit, not a server " \
	"problem; raise CGIDUMP_MAX_BODY to see all of it."
#define ADVICE_DEADLINE	"A client that sends this slowly holds a CGI " \
	"process for as long as it likes. That is this program's own limit; " \
	"raise CGIDUMP_DEADLINE if uploads this slow are real."
#define ADVICE_EMPTY	"The request says its body is chunked, but not one " \
	"byte of it arrived on stdin: the client sent an empty body, or the " \
	"server dropped it (busybox httpd passes only what came with the " \
	"request headers, so programs behind it cannot take chunked uploads)."

/* Media type of a Content-Type value, without parameters or case. */
static int
media_type_is(struct bytes ct, const char *type)
{
	struct bytes	 mt = ct;
	const char	*semi;

	if (ct.p == NULL)
		return 0;
	if ((semi = memchr(ct.p, ';', ct.len)) != NULL)
		mt.len = (size_t)(semi - ct.p);
	mt = bytes_trim(mt);
	return mt.p == ct.p && mt.len == strlen(type) &&
	    ascii_ieqn(mt.p, type, mt.len);
}

/* The parser a Content-Type names; tests/feed.c asks the same. */
enum body_kind
body_kind(struct bytes content_type)
{
	if (media_type_is(content_type, "application/x-www-form-urlencoded"))
		return BODY_URLENCODED;
	if (media_type_is(content_type, "multipart/form-data"))
		return BODY_MULTIPART;
	return BODY_OPAQUE;
}

/*
 * RFC 9112 §6.1: Transfer-Encoding is a list of codings, and the body
 * is chunked only when "chunked" (any case) is the last of them.
 */
static int
says_chunked(struct bytes te)
{
	struct bytes	 last;
	const char	*p;

	if (te.p == NULL)
		return 0;
	for (p = te.p + te.len; p > te.p && p[-1] != ','; p--)
		continue;
	last.p = p;
	last.len = (size_t)(te.p + te.len - p);
	last = bytes_trim(last);
	return last.len == 7 && ascii_ieqn(last.p, "chunked", 7);
}

void
request_collect(struct dump *d, const char *query, int stdin_closed)
{
	struct request	*r = &d->req;
	char		*q;

	r->stdin_kind = stdin_closed ? "closed" : stdin_kind(STDIN_FILENO);
	r->method = env_get(d, "REQUEST_METHOD");
	r->query_string = env_get(d, "QUERY_STRING");
	if (r->query_string.p == NULL && query != NULL) {
		r->query_string.p = query;
		r->query_string.len = strlen(query);
		r->query_from_argv = 1;
	}
	r->content_type = env_get(d, "CONTENT_TYPE");
	r->content_length = env_get(d, "CONTENT_LENGTH");
	if (r->content_length.p == NULL || r->content_length.len == 0) {
		r->to_eof = says_chunked(env_get(d, "HTTP_TRANSFER_ENCODING"));
		return;
	}
	if (parse_u64(r->content_length.p, r->content_length.len, &r->length)) {
		r->has_length = 1;
		return;
	}
	q = quote_value(r->content_length.p, r->content_length.len, QUOTE_MAX);
	problem_add(&d->problems, CK_BODY_LENGTH, CAUSE_REQUEST, LEVEL_FAIL,
	    ADVICE_LENGTH, "CONTENT_LENGTH %s is not a plain decimal number "
	    "(RFC 3875 §4.1.2): the body was not read", q);
	free(q);
}

static void
sink_urlenc(void *arg, const char *p, size_t len)
{
	urlenc_feed(arg, p, len);
}

static void
sink_multipart(void *arg, const char *p, size_t len)
{
	multipart_feed(arg, p, len);
}

struct opaque {
	struct body	*body;
	struct sha256	 sha;
};

static void
sink_opaque(void *arg, const char *p, size_t len)
{
	struct opaque	*o = arg;

	sha256_update(&o->sha, p, len);
	o->body->size += len;
	preview_add(&o->body->preview, p, len);
}

/*
 * What happened to the body, as problems of body-length: each one's
 * message, cause and the level it gives the check are decided here,
 * together, once.
 */
static void
body_problems(struct dump *d)
{
	struct problems	*ps = &d->problems;
	struct request	*r = &d->req;
	unsigned long long len = r->length, got = r->body_bytes;
	unsigned long long deadline = d->limits[LIM_DEADLINE].value;
	const char	*advice = r->chunk_framing ? ADVICE_FRAMING :
			    ADVICE_LENGTH;

	switch (r->body_end) {
	case BODY_SHORT:
		if (r->chunk_framing)
			problem_add(ps, CK_BODY_LENGTH, CAUSE_REQUEST,
			    LEVEL_FAIL, advice, "stdin ended after %llu "
			    "bytes, before the last chunk of the chunked "
			    "framing", got);
		else
			problem_add(ps, CK_BODY_LENGTH, CAUSE_REQUEST,
			    LEVEL_FAIL, advice, "CONTENT_LENGTH is %llu but "
			    "stdin ended after %llu bytes%s", len, got,
			    strcmp(r->stdin_kind, "closed") == 0 ?
			    " (stdin was closed)" : "");
		break;
	case BODY_TIMEOUT:
		/* CGIDUMP_TIMEOUT only bounds the wait: the stall is not ours. */
		problem_add(ps, CK_BODY_LENGTH, CAUSE_REQUEST, LEVEL_FAIL,
		    advice, "no bytes came on stdin for %llu seconds "
		    "(CGIDUMP_TIMEOUT): %llu bytes were read%s",
		    (unsigned long long)d->limits[LIM_TIMEOUT].value, got,
		    r->to_eof ? ", waiting for the end of a chunked body" : "");
		break;
	case BODY_DEADLINE:
		/*
		 * Our own limit, but unlike CGIDUMP_MAX_BODY it cut a body
		 * that had not come: the page is not the whole request.
		 */
		if (r->to_eof)
			problem_add(ps, CK_BODY_LENGTH, CAUSE_LIMIT,
			    LEVEL_FAIL, ADVICE_DEADLINE, "the body was still "
			    "coming when CGIDUMP_DEADLINE (%llu seconds) "
			    "passed: %llu bytes had arrived, of a chunked body "
			    "without a length", deadline, got);
		else
			problem_add(ps, CK_BODY_LENGTH, CAUSE_LIMIT,
			    LEVEL_FAIL, ADVICE_DEADLINE, "the body was still "
			    "coming when CGIDUMP_DEADLINE (%llu seconds) "
			    "passed: %llu of the %llu bytes of CONTENT_LENGTH "
			    "had arrived", deadline, got, len);
		break;
	case BODY_BAD_FRAMING:
		problem_add(ps, CK_BODY_LENGTH, CAUSE_REQUEST, LEVEL_FAIL,
		    advice, "the chunked framing on stdin is malformed after "
		    "%llu bytes (RFC 9112 §7.1)", got);
		break;
	case BODY_READ_ERROR:
		problem_add(ps, CK_BODY_LENGTH, CAUSE_REQUEST, LEVEL_FAIL,
		    advice, "reading stdin failed after %llu bytes: %s", got,
		    strerror(r->read_errno));
		break;
	case BODY_LIMIT:
		problem_add(ps, CK_BODY_LENGTH, CAUSE_LIMIT, LEVEL_WARN,
		    ADVICE_MAX_BODY, "the body is longer than CGIDUMP_MAX_BODY: "
		    "only the first %llu bytes were read", got);
		break;
	default:
		break;
	}
	/*
	 * No length: a server that decoded the chunks and passed them to
	 * the end of file (Apache) breaks only RFC 3875's MUST, while raw
	 * framing (busybox, mini_httpd, Python) breaks every program.
	 */
	if (r->to_eof && r->body_end != BODY_NONE)
		problem_add(ps, CK_BODY_LENGTH, CAUSE_REQUEST,
		    r->chunk_framing && r->body_end != BODY_LIMIT ?
		    LEVEL_FAIL : LEVEL_WARN,
		    r->chunk_framing ? ADVICE_FRAMING : got == 0 &&
		    r->body_end == BODY_DONE ? ADVICE_EMPTY : ADVICE_TO_EOF,
		    "there is no CONTENT_LENGTH: the chunked body was read %s "
		    "(%llu bytes on stdin)", r->chunk_framing ? "by decoding "
		    "the raw chunked framing the server passed on" :
		    r->body_end == BODY_DONE ? "to the end of file" :
		    "without a length", got);
	if (r->trailing_bytes > 0 && r->has_length)
		problem_add(ps, CK_BODY_LENGTH, CAUSE_REQUEST, LEVEL_FAIL,
		    advice, "%llu more bytes were waiting on stdin after the "
		    "CONTENT_LENGTH of %llu: the body is longer than its length "
		    "says; they were not read (RFC 3875 §4.2)",
		    (unsigned long long)r->trailing_bytes, len);
	else if (r->trailing_bytes > 0)
		problem_add(ps, CK_BODY_LENGTH, CAUSE_REQUEST, LEVEL_FAIL,
		    advice, "%llu bytes were waiting on stdin but there is no "
		    "%sCONTENT_LENGTH: they were not read (RFC 3875 §4.2)",
		    (unsigned long long)r->trailing_bytes,
		    r->content_length.len > 0 ? "valid " : "");
}

/* The form's problems follow the body's; a limit's cut comes last. */
static void
form_problems(struct dump *d)
{
	struct form		*f = &d->form;
	const struct limit	*l = &d->limits[f->cut == CUT_FIELDS ?
				    LIM_FIELDS : LIM_FORM];

	problems_append(&d->problems, &f->problems);
	if (f->cut != CUT_NONE)
		problem_add(&d->problems, CK_FORM_PARSE, CAUSE_LIMIT,
		    LEVEL_WARN, LIMIT_ADVICE, "%s (%llu) was reached: the form "
		    "is shown up to that point", l->var,
		    (unsigned long long)l->value);
}

static void
read_opaque(struct dump *d)
{
	struct opaque	 o;

	memset(&o, 0, sizeof(o));
	o.body = &d->body;
	sha256_init(&o.sha);
	body_read(STDIN_FILENO, &d->req, d->limits, sink_opaque, &o);
	if (d->req.body_end != BODY_NONE) {
		d->body.present = 1;
		sha256_final(&o.sha, d->body.sha256);
	}
}

static void
read_multipart(struct dump *d)
{
	struct header		 ct;
	struct multipart	*m;
	const char		*b;
	size_t			 blen;

	header_parse(&ct, d->req.content_type.p, d->req.content_type.len);
	if (!multipart_boundary(&ct, &b, &blen, &d->form)) {
		header_free(&ct);
		read_opaque(d);
		return;
	}
	m = xcalloc(1, sizeof(*m));
	multipart_init(m, &d->form, b, blen, d->limits[LIM_HEADER].value,
	    d->limits[LIM_DEPTH].value);
	header_free(&ct);
	body_read(STDIN_FILENO, &d->req, d->limits, sink_multipart, m);
	/* A body cut by CGIDUMP_MAX_BODY or _DEADLINE ends early: our doing. */
	if (d->req.body_end != BODY_NONE)
		multipart_finish(m, d->req.body_end == BODY_LIMIT ||
		    d->req.body_end == BODY_DEADLINE ? CAUSE_LIMIT :
		    CAUSE_REQUEST);
	else
		multipart_free(m);
	free(m);
}

/* Query string fields first, then the body's (DESIGN.md). */
void
request_parse(struct dump *d)
{
	struct urlenc	 u;
	struct request	*r = &d->req;

	form_init(&d->form, d->limits[LIM_FIELDS].value,
	    d->limits[LIM_FORM].value);
	if (r->query_string.p != NULL) {
		urlenc_init(&u, &d->form, SRC_QUERY);
		urlenc_feed(&u, r->query_string.p, r->query_string.len);
		urlenc_finish(&u);
	}
	switch (body_kind(r->content_type)) {
	case BODY_URLENCODED:
		urlenc_init(&u, &d->form, SRC_BODY);
		body_read(STDIN_FILENO, r, d->limits, sink_urlenc, &u);
		urlenc_finish(&u);
		break;
	case BODY_MULTIPART:
		read_multipart(d);
		break;
	default:
		read_opaque(d);
		break;
	}
	body_problems(d);
	form_problems(d);
	request_redact(d);
}

/*
 * /replay: the body as it came to sink, not to a parser, under the
 * same timeout and deadline, and cut at CGIDUMP_MAX_REPLAY when that
 * is below CGIDUMP_MAX_BODY.  With raw, chunked framing passed on by
 * the server goes to sink as it came (the sh form reproduces stdin);
 * without, decoded (the curl form sends the body again).
 */
void
request_copy(struct dump *d, int raw, void (*sink)(void *, const char *,
    size_t), void *arg)
{
	struct limit	 lim[LIM__MAX];
	uint64_t	 rep = d->limits[LIM_REPLAY].value;

	memcpy(lim, d->limits, sizeof(lim));
	if (rep != 0 && (lim[LIM_BODY].value == 0 ||
	    rep < lim[LIM_BODY].value))
		lim[LIM_BODY].value = rep;
	d->req.keep_framing = raw;
	body_read(STDIN_FILENO, &d->req, lim, sink, arg);
}
