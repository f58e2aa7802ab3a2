/* cgidump: see LICENSE (ISC). */
/*
 * render_text.c: the model as plain text for a terminal or a log.
 *
 * Every value from outside is printed in double quotes through
 * text_escape(), so that what is not quoted (unset, (empty), hidden)
 * is cgidump speaking, and no byte can drive the terminal.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"

static void
heading(struct out *o, enum section_id s)
{
	out_strs(o, "\n== ", sections[s].title, " ==\n", NULL);
}

/* s, then spaces to width columns, as printf's %-*s. */
static void
tpadded(struct out *o, const char *s, size_t width)
{
	size_t	 len = strlen(s);

	out_puts(o, s);
	for (; len < width; len++)
		out_putc(o, ' ');
}

/* DESIGN.md "Secrets": a hidden value shows only its length. */
static void
thidden(struct out *o, size_t len)
{
	out_puts(o, "hidden (");
	out_u64(o, len);
	out_puts(o, " bytes)");
}

static void
quoted(struct out *o, const char *p, size_t len)
{
	out_putc(o, '"');
	out_text(o, p, len, TEXT_QUOTED);
	out_putc(o, '"');
}

/*
 * A name: bare when it is made of characters that cannot be mistaken
 * for cgidump's own words, else quoted.  So "" is the empty name, and
 * a name of spaces or one that reads "(empty)" cannot pass for
 * anything else.
 */
static void
tname(struct out *o, const char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z') ||
		    (p[i] >= '0' && p[i] <= '9') ||
		    byte_in(p[i], "_-.:/@[]")))
			break;
	if (len > 0 && i == len)
		out_write(o, p, len);
	else
		quoted(o, p, len);
}

static void
tbytes(struct out *o, struct bytes b)
{
	if (b.p == NULL)
		out_puts(o, "unset");
	else
		quoted(o, b.p, b.len);
}

static void
tstr(struct out *o, const char *s)
{
	if (s == NULL)
		out_puts(o, "unknown");
	else
		quoted(o, s, strlen(s));
}

/* A size of a body, a file or a limit: "1.2 MiB (1,234,567 bytes)". */
static void
text_size(struct out *o, uint64_t n)
{
	struct buf	 b = { NULL, 0, 0 };

	size_human(&b, n);
	out_write(o, b.p, b.len);
	buf_free(&b);
}

static void
text_problems(struct out *o, const struct dump *d)
{
	size_t	 i;

	if (!section_shown(d, SEC_PROBLEMS))
		return;
	heading(o, SEC_PROBLEMS);
	for (i = 0; i < d->problems.n; i++) {
		const struct problem	*p = &d->problems.v[i];

		out_strs(o, "[", check_name(p->check), "] ", NULL);
		out_text(o, p->message, strlen(p->message), TEXT_PLAIN);
		out_putc(o, '\n');
	}
}

static void
text_preview(struct out *o, const char *label, const struct preview *pv)
{
	out_puts(o, label);
	if (preview_is_binary(pv)) {
		out_puts(o, "hex ");
		out_hex(o, pv->p, pv->len);
	} else
		quoted(o, (const char *)pv->p, pv->len);
	out_putc(o, '\n');
}

/* An uploaded file: a line, then its fingerprint and first bytes. */
static void
text_file(struct out *o, const struct field *fl, const struct field_part *pt)
{
	out_puts(o, "file ");
	if (!pt->has_filename)
		out_puts(o, word_no_filename);
	else
		quoted(o, pt->filename.p, pt->filename.len);
	if (pt->filename_star)
		out_strs(o, " ", word_from_star, NULL);
	out_puts(o, ", ");
	text_size(o, pt->size);
	out_puts(o, ", ");
	if (pt->has_type)
		quoted(o, pt->content_type.p, pt->content_type.len);
	else
		out_puts(o, word_no_type);
	out_strs(o, " (", source_name(fl->source), ")", NULL);
	if (pt->nested)
		out_strs(o, " [", word_nested, "]", NULL);
	if (pt->incomplete)
		out_strs(o, " [", word_incomplete, "]", NULL);
	if (fl->truncated)
		out_strs(o, " [", word_truncated, "]", NULL);
	out_puts(o, "\n    sha256 ");
	out_hex(o, pt->sha256, sizeof(pt->sha256));
	out_putc(o, '\n');
	text_preview(o, "    preview ", &pt->preview);
}

/*
 * A multipart part's headers as received, under the part: the name
 * bare when it cannot be taken for anything else, the value quoted.
 */
static void
text_part_headers(struct out *o, const struct field_headers *fh)
{
	size_t	 i;

	for (i = 0; fh != NULL && i < fh->n; i++) {
		out_puts(o, "    header ");
		tname(o, fh->v[i].name.p, fh->v[i].name.len);
		out_puts(o, ": ");
		if (fh->v[i].redacted)
			thidden(o, fh->v[i].value.len);
		else
			quoted(o, fh->v[i].value.p, fh->v[i].value.len);
		out_putc(o, '\n');
	}
}

static void
text_form(struct out *o, const struct form *form)
{
	const struct field	 *fl, *prev = NULL;
	uint32_t		 *order;
	const struct field_part	 *pt;
	struct bytes		  name, value;
	size_t			  i;

	heading(o, SEC_FORM);
	if (form->n == 0) {
		out_puts(o, "No form fields.\n");
		return;
	}
	order = form_order(form);
	for (i = 0; i < form->n; i++) {
		fl = &form->v[order[i]];
		pt = field_part(form, fl);
		name = field_name(fl);
		value = field_value(fl);
		/* A repeated name: its values follow, indented. */
		if (prev != NULL && field_same_name(prev, fl))
			out_puts(o, "  = ");
		else {
			tname(o, name.p, name.len);
			out_puts(o, " = ");
		}
		if (pt != NULL && pt->is_file)
			text_file(o, fl, pt);
		else {
			if (fl->redacted)
				thidden(o, value.len);
			else
				quoted(o, value.p, value.len);
			out_strs(o, " (", source_name(fl->source), ")", NULL);
			if (fl->truncated && pt != NULL && pt->size > value.len)
				out_printf(o, " [%s: %" PRIu64 " bytes received]",
				    word_truncated, pt->size);
			else if (fl->truncated)
				out_strs(o, " [", word_truncated, "]", NULL);
			if (pt != NULL && pt->incomplete)
				out_strs(o, " [", word_incomplete, "]", NULL);
			out_putc(o, '\n');
		}
		if (pt != NULL)
			text_part_headers(o, pt->headers);
		prev = fl;
	}
	free(order);
}

static void
text_env(struct out *o, const struct dump *d)
{
	size_t	 i, j;

	heading(o, SEC_ENV);
	for (i = 0; i < d->nenv; i++) {
		const struct envvar	*e = &d->env[i];

		tname(o, e->name.p, e->name.len);
		if (e->value.p == NULL) {
			out_strs(o, " ", word_no_equals, "\n", NULL);
			continue;
		}
		out_puts(o, " = ");
		if (e->redact == RED_NONE) {
			quoted(o, e->value.p, e->value.len);
			if (e->value.len == 0)
				out_puts(o, " (empty)");
		} else
			thidden(o, e->value.len);
		if (e->redact == RED_COOKIE) {
			out_printf(o, ", %zu cookie%s:", e->ncookies,
			    e->ncookies == 1 ? "" : "s");
			for (j = 0; j < e->ncookies; j++) {
				out_putc(o, ' ');
				quoted(o, e->cookies[j].p, e->cookies[j].len);
			}
		}
		out_putc(o, '\n');
	}
}

static void
text_cgi_vars(struct out *o, const struct dump *d)
{
	size_t	 i;

	heading(o, SEC_VARIABLES);
	for (i = 0; cgi_variables[i] != NULL; i++) {
		tpadded(o, cgi_variables[i], 20);
		out_strs(o, " ", setness_name(env_setness(d, cgi_variables[i])),
		    "\n", NULL);
	}
	out_puts(o, "In addition, HTTP headers sent by the server may be passed "
	    "in the environment\nas well. Here are some common variable "
	    "names:\n");
	for (i = 0; cgi_header_variables[i] != NULL; i++) {
		tpadded(o, cgi_header_variables[i], 20);
		out_strs(o, " ",
		    setness_name(env_setness(d, cgi_header_variables[i])),
		    "\n", NULL);
	}
}

static void
text_request(struct out *o, const struct request *r)
{
	heading(o, SEC_REQUEST);
	out_puts(o, "method:          ");
	tbytes(o, r->method);
	out_puts(o, "\nquery string:    ");
	if (r->query_redacted)
		thidden(o, r->query_string.len);
	else
		tbytes(o, r->query_string);
	if (r->query_from_argv)
		out_puts(o, " (from the command line)");
	out_puts(o, "\ncontent type:    ");
	tbytes(o, r->content_type);
	out_puts(o, "\ncontent length:  ");
	if (r->has_length)
		text_size(o, r->length);
	else {
		tbytes(o, r->content_length);
		if (r->content_length.p != NULL)
			out_puts(o, " (not a length)");
	}
	out_puts(o, "\nbody read:       ");
	text_size(o, r->body_bytes);
	out_strs(o, ", ", body_end_name(r->body_end),
	    r->to_eof ? ", to the end: no CONTENT_LENGTH" : "",
	    r->chunk_framing ? ", raw chunked framing decoded" : "",
	    "\nstdin:           ", r->stdin_kind, "\n", NULL);
	if (r->trailing_bytes > 0) {
		out_puts(o, "not read:        ");
		text_size(o, r->trailing_bytes);
		out_puts(o, " more were waiting on stdin\n");
	}
}

static void
text_limit(struct out *o, int inf, uint64_t v, const char *unit)
{
	if (inf)
		out_puts(o, "unlimited");
	else if (strcmp(unit, "bytes") == 0)
		text_size(o, v);
	else {
		out_u64(o, v);
		out_strs(o, " ", unit, NULL);
	}
}

static void
text_process(struct out *o, const struct dump *d)
{
	const struct process *p = &d->proc;
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;

	heading(o, SEC_PROCESS);
	if (d->transport.name != NULL) {
		transport_line(&b, &d->transport);
		out_puts(o, "served by:       ");
		out_text(o, b.p, b.len, TEXT_PLAIN);
		out_putc(o, '\n');
		b.len = 0;
	}
	out_printf(o, "uid:             %ld ", (long)p->uid);
	tstr(o, p->user);
	out_printf(o, "\neuid:            %ld ", (long)p->euid);
	tstr(o, p->euser);
	out_printf(o, "\ngid:             %ld ", (long)p->gid);
	tstr(o, p->group);
	out_printf(o, "\negid:            %ld ", (long)p->egid);
	tstr(o, p->egroup);
	out_puts(o, "\ngroups:          ");
	if (p->ngroups == 0)
		out_puts(o, "none");
	for (i = 0; i < p->ngroups; i++) {
		out_printf(o, "%s%ld ", i ? ", " : "", (long)p->groups[i].gid);
		tstr(o, p->groups[i].name);
	}
	out_printf(o, "\nnames from:      %s", p->names_from != NULL ?
	    p->names_from : "nss");
	out_printf(o, "\numask:           %04o\npid:             %ld\n"
	    "ppid:            %ld\nhostname:        ", (unsigned)p->umask,
	    (long)p->pid, (long)p->ppid);
	tstr(o, p->hostname);
	out_strs(o, "\ntime:            ", p->time_utc, " (local ",
	    p->time_local, ")\n", NULL);
	for (i = 0; i < 3; i++) {
		char	 label[32];

		snprintf(label, sizeof(label), "%s:", p->rlimits[i].label);
		tpadded(o, label, 16);
		out_puts(o, " soft ");
		if (!p->rlimits[i].ok) {
			out_puts(o, "unknown\n");
			continue;
		}
		text_limit(o, p->rlimits[i].soft_inf, p->rlimits[i].soft,
		    p->rlimits[i].unit);
		out_puts(o, ", hard ");
		text_limit(o, p->rlimits[i].hard_inf, p->rlimits[i].hard,
		    p->rlimits[i].unit);
		out_putc(o, '\n');
	}
	sandbox_describe(&p->sandbox, &b);
	out_puts(o, "sandbox:         ");
	out_write(o, b.p, b.len);
	out_putc(o, '\n');
	if (p->sha256 != NULL)
		out_printf(o, "sha256:          %s\n", p->sha256);
	buf_free(&b);
}

/*
 * Under the verdicts: what arrived, in one line, and in a local run
 * as root the note on why privileges fails there.
 */
static void
text_arrived(struct out *o, const struct dump *d)
{
	struct buf	 b = { NULL, 0, 0 };

	out_puts(o, "\narrived: ");
	if (d->req.method.p == NULL)
		out_puts(o, "no REQUEST_METHOD");
	else
		tname(o, d->req.method.p, d->req.method.len);
	out_puts(o, " \xc2\xb7 ");
	arrived_describe(d, &b);
	out_write(o, b.p, b.len);
	out_putc(o, '\n');
	b.len = 0;
	if (root_note(d, &b)) {
		out_puts(o, "note: ");
		out_write(o, b.p, b.len);
		out_putc(o, '\n');
	}
	buf_free(&b);
}

/*
 * The verdicts, worst first, one per line: "fail httpoxy: ...", the
 * ones not judged last.  The /check endpoint and --check print just
 * this; --quiet (d->quiet) keeps the summary and the warn and fail
 * lines, the ones that ask for something to be done.
 */
void
text_checks(struct out *o, const struct dump *d)
{
	static const enum level	 order[] = {
		LEVEL_FAIL, LEVEL_WARN, LEVEL_OK, LEVEL_SKIP
	};
	size_t			 i, j;

	out_printf(o, "cgidump checks: %zu fail, %zu warn, %zu ok, %zu skip%s\n",
	    checks_count(d, LEVEL_FAIL), checks_count(d, LEVEL_WARN),
	    checks_count(d, LEVEL_OK), checks_count(d, LEVEL_SKIP),
	    d->strict ? " (strict: a warning fails)" : "");
	for (j = 0; j < sizeof(order) / sizeof(order[0]); j++) {
		if (d->quiet && order[j] < LEVEL_WARN)
			continue;
		for (i = 0; i < d->nchecks; i++) {
			if (d->checks[i].level != order[j])
				continue;
			tpadded(o, level_name(order[j]), 4);
			out_strs(o, " ", check_name(d->checks[i].id), ": ", NULL);
			out_text(o, d->checks[i].message,
			    strlen(d->checks[i].message), TEXT_PLAIN);
			out_putc(o, '\n');
		}
	}
}

void
render_text(struct out *o, const struct dump *d)
{
	size_t	 i;

	out_puts(o, "cgidump " CGIDUMP_VERSION ": what the server handed this CGI "
	    "program\n");
	if (section_shown(d, SEC_CHECKS)) {
		heading(o, SEC_CHECKS);
		text_checks(o, d);
	}
	text_arrived(o, d);
	text_problems(o, d);
	heading(o, SEC_CWD);
	if (d->cwd != NULL)
		quoted(o, d->cwd, strlen(d->cwd));
	else
		out_strs(o, "unknown: getcwd failed: ", strerror(d->cwd_errno),
		    NULL);
	out_putc(o, '\n');
	heading(o, SEC_ARGV);
	for (i = 0; i < (size_t)d->argc; i++) {
		out_puts(o, "argv[");
		out_u64(o, i);
		out_puts(o, "] = ");
		quoted(o, d->argv[i], strlen(d->argv[i]));
		out_putc(o, '\n');
	}
	text_form(o, &d->form);
	text_env(o, d);
	text_cgi_vars(o, d);
	text_request(o, &d->req);
	if (section_shown(d, SEC_BODY)) {
		heading(o, SEC_BODY);
		out_puts(o, "size:            ");
		text_size(o, d->body.size);
		out_puts(o, "\nsha256:          ");
		out_hex(o, d->body.sha256, sizeof(d->body.sha256));
		out_putc(o, '\n');
		text_preview(o, "preview:         ", &d->body.preview);
	}
	heading(o, SEC_LIMITS);
	for (i = 0; i < LIM__MAX; i++) {
		tpadded(o, d->limits[i].var, 20);
		out_putc(o, ' ');
		text_limit(o, d->limits[i].value == 0, d->limits[i].value,
		    d->limits[i].unit);
		out_putc(o, '\n');
	}
	text_process(o, d);
}
