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

#include "dump.h"

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

/*
 * RFC 9112 §6.1: Transfer-Encoding is a list of codings, and the body
 * is chunked only when "chunked" (any case) is the last of them.
 */
static int
says_chunked(struct bytes te)
{
	const char	*p, *end;

	if (te.p == NULL)
		return 0;
	end = te.p + te.len;
	while (end > te.p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	for (p = end; p > te.p && p[-1] != ',' && p[-1] != ' ' &&
	    p[-1] != '\t'; p--)
		continue;
	if (end - p != 7 || !ascii_ieqn(p, "chunked", 7))
		return 0;
	while (p > te.p && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	return p == te.p || p[-1] == ',';
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
	dump_error(d, "body-length", "CONTENT_LENGTH %s is not a plain "
	    "decimal number (RFC 3875 §4.1.2): the body was not read", q);
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

static void
body_report(struct dump *d)
{
	struct request	*r = &d->req;
	unsigned long long len = r->length, got = r->body_bytes;

	switch (r->body_end) {
	case BODY_SHORT:
		if (r->chunk_framing)
			dump_error(d, "body-length", "stdin ended after %llu "
			    "bytes, before the last chunk of the chunked "
			    "framing", got);
		else
			dump_error(d, "body-length", "CONTENT_LENGTH is %llu "
			    "but stdin ended after %llu bytes%s", len, got,
			    strcmp(r->stdin_kind, "closed") == 0 ?
			    " (stdin was closed)" : "");
		break;
	case BODY_TIMEOUT:
		dump_error(d, "body-length", "no bytes came on stdin for %llu "
		    "seconds (CGIDUMP_TIMEOUT): %llu bytes were read%s",
		    (unsigned long long)d->limits[LIM_TIMEOUT].value, got,
		    r->to_eof ? ", waiting for the end of a chunked body" : "");
		break;
	case BODY_ERROR:
		if (r->chunk_framing && r->read_errno == 0)
			dump_error(d, "body-length", "the chunked framing on "
			    "stdin is malformed after %llu bytes (RFC 9112 "
			    "§7.1)", got);
		else
			dump_error(d, "body-length", "reading stdin failed "
			    "after %llu bytes: %s", got,
			    strerror(r->read_errno));
		break;
	case BODY_LIMIT:
		dump_error(d, "body-length", "the body is longer than "
		    "CGIDUMP_MAX_BODY: only the first %llu bytes were read", got);
		break;
	default:
		break;
	}
	if (r->to_eof && r->body_end != BODY_NONE)
		dump_error(d, "body-length", "there is no CONTENT_LENGTH: the "
		    "chunked body was read %s (%llu bytes on stdin)",
		    r->chunk_framing ? "by decoding the raw chunked framing "
		    "the server passed on" : r->body_end == BODY_DONE ?
		    "to the end of file" : "without a length", got);
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
}

static void
form_report(struct dump *d)
{
	struct form	*f = &d->form;
	size_t		 i;

	for (i = 0; i < f->nerrors; i++)
		dump_error(d, f->errors[i].id, "%s", f->errors[i].message);
	if (f->errors_dropped > 0)
		dump_error(d, "form-parse", "%llu more problems of the form "
		    "were found and are not listed", (unsigned long long)
		    f->errors_dropped);
	if (f->cut != NULL)
		dump_error(d, "form-parse", "%s (%llu) was reached: the form "
		    "is shown up to that point", f->cut,
		    (unsigned long long)d->limits[strcmp(f->cut,
		    "CGIDUMP_MAX_FIELDS") == 0 ? LIM_FIELDS : LIM_FORM].value);
}

static void
read_opaque(struct dump *d)
{
	struct opaque	 o;

	memset(&o, 0, sizeof(o));
	o.body = &d->body;
	sha256_init(&o.sha);
	body_read(STDIN_FILENO, &d->req, d->limits[LIM_BODY].value,
	    d->limits[LIM_TIMEOUT].value, sink_opaque, &o);
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
	uint64_t		 before;

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
	body_read(STDIN_FILENO, &d->req, d->limits[LIM_BODY].value,
	    d->limits[LIM_TIMEOUT].value, sink_multipart, m);
	if (d->req.body_end != BODY_NONE) {
		before = d->form.nerrors + d->form.errors_dropped;
		multipart_finish(m);
		/* A body cut by CGIDUMP_MAX_BODY ends early: our doing. */
		if (d->req.body_end == BODY_LIMIT)
			d->form.limit_errors += d->form.nerrors +
			    d->form.errors_dropped - before;
	} else
		multipart_free(m);
	free(m);
}

/* Query string fields first, then the body's (DESIGN.md). */
void
request_parse(struct dump *d)
{
	struct urlenc	 u;
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
		    d->limits[LIM_TIMEOUT].value, sink_urlenc, &u);
		urlenc_finish(&u);
	} else if (media_type_is(r->content_type, "multipart/form-data"))
		read_multipart(d);
	else
		read_opaque(d);
	body_report(d);
	form_report(d);
}
