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
heading(FILE *f, enum section_id s)
{
	strs_out(f, "\n== ", sections[s].title, " ==\n", NULL);
}

/* s, then spaces to width columns, as printf's %-*s. */
static void
tpadded(FILE *f, const char *s, size_t width)
{
	size_t	 len = strlen(s);

	fputs(s, f);
	for (; len < width; len++)
		putc(' ', f);
}

/* DESIGN.md "Secrets": a hidden value shows only its length. */
static void
thidden(FILE *f, size_t len)
{
	fputs("hidden (", f);
	u64_out(f, len);
	fputs(" bytes)", f);
}

static void
quoted(FILE *f, const char *p, size_t len)
{
	putc('"', f);
	text_escape(f, p, len, TEXT_QUOTED);
	putc('"', f);
}

/*
 * A name: bare when it is made of characters that cannot be mistaken
 * for cgidump's own words, else quoted.  So "" is the empty name, and
 * a name of spaces or one that reads "(empty)" cannot pass for
 * anything else.
 */
static void
tname(FILE *f, const char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z') ||
		    (p[i] >= '0' && p[i] <= '9') ||
		    byte_in(p[i], "_-.:/@[]")))
			break;
	if (len > 0 && i == len)
		fwrite(p, 1, len, f);
	else
		quoted(f, p, len);
}

static void
tbytes(FILE *f, struct bytes b)
{
	if (b.p == NULL)
		fputs("unset", f);
	else
		quoted(f, b.p, b.len);
}

static void
tstr(FILE *f, const char *s)
{
	if (s == NULL)
		fputs("unknown", f);
	else
		quoted(f, s, strlen(s));
}

/* A size of a body, a file or a limit: "1.2 MiB (1,234,567 bytes)". */
static void
text_size(FILE *f, uint64_t n)
{
	struct buf	 b = { NULL, 0, 0 };

	size_human(&b, n);
	fwrite(b.p, 1, b.len, f);
	buf_free(&b);
}

static void
text_problems(FILE *f, const struct dump *d)
{
	size_t	 i;

	if (!section_shown(d, SEC_PROBLEMS))
		return;
	heading(f, SEC_PROBLEMS);
	for (i = 0; i < d->problems.n; i++) {
		const struct problem	*p = &d->problems.v[i];

		strs_out(f, "[", check_name(p->check), "] ", NULL);
		text_escape(f, p->message, strlen(p->message), TEXT_PLAIN);
		putc('\n', f);
	}
}

static void
text_preview(FILE *f, const char *label, const struct preview *pv)
{
	fputs(label, f);
	if (preview_is_binary(pv)) {
		fputs("hex ", f);
		hex_out(f, pv->p, pv->len);
	} else
		quoted(f, (const char *)pv->p, pv->len);
	putc('\n', f);
}

/* An uploaded file: a line, then its fingerprint and first bytes. */
static void
text_file(FILE *f, const struct field *fl, const struct field_part *pt)
{
	fputs("file ", f);
	if (!pt->has_filename)
		fputs(word_no_filename, f);
	else
		quoted(f, pt->filename.p, pt->filename.len);
	if (pt->filename_star)
		strs_out(f, " ", word_from_star, NULL);
	fputs(", ", f);
	text_size(f, pt->size);
	fputs(", ", f);
	if (pt->has_type)
		quoted(f, pt->content_type.p, pt->content_type.len);
	else
		fputs(word_no_type, f);
	strs_out(f, " (", source_name(fl->source), ")", NULL);
	if (pt->nested)
		strs_out(f, " [", word_nested, "]", NULL);
	if (pt->incomplete)
		strs_out(f, " [", word_incomplete, "]", NULL);
	if (fl->truncated)
		strs_out(f, " [", word_truncated, "]", NULL);
	fputs("\n    sha256 ", f);
	hex_out(f, pt->sha256, sizeof(pt->sha256));
	putc('\n', f);
	text_preview(f, "    preview ", &pt->preview);
}

/*
 * A multipart part's headers as received, under the part: the name
 * bare when it cannot be taken for anything else, the value quoted.
 */
static void
text_part_headers(FILE *f, const struct field_headers *fh)
{
	size_t	 i;

	for (i = 0; fh != NULL && i < fh->n; i++) {
		fputs("    header ", f);
		tname(f, fh->v[i].name.p, fh->v[i].name.len);
		fputs(": ", f);
		if (fh->v[i].redacted)
			thidden(f, fh->v[i].value.len);
		else
			quoted(f, fh->v[i].value.p, fh->v[i].value.len);
		putc('\n', f);
	}
}

static void
text_form(FILE *f, const struct form *form)
{
	const struct field	 *fl, *prev = NULL;
	uint32_t		 *order;
	const struct field_part	 *pt;
	struct bytes		  name, value;
	size_t			  i;

	heading(f, SEC_FORM);
	if (form->n == 0) {
		fputs("No form fields.\n", f);
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
			fputs("  = ", f);
		else {
			tname(f, name.p, name.len);
			fputs(" = ", f);
		}
		if (pt != NULL && pt->is_file)
			text_file(f, fl, pt);
		else {
			if (fl->redacted)
				thidden(f, value.len);
			else
				quoted(f, value.p, value.len);
			strs_out(f, " (", source_name(fl->source), ")", NULL);
			if (fl->truncated && pt != NULL && pt->size > value.len)
				fprintf(f, " [%s: %" PRIu64 " bytes received]",
				    word_truncated, pt->size);
			else if (fl->truncated)
				strs_out(f, " [", word_truncated, "]", NULL);
			if (pt != NULL && pt->incomplete)
				strs_out(f, " [", word_incomplete, "]", NULL);
			putc('\n', f);
		}
		if (pt != NULL)
			text_part_headers(f, pt->headers);
		prev = fl;
	}
	free(order);
}

static void
text_env(FILE *f, const struct dump *d)
{
	size_t	 i, j;

	heading(f, SEC_ENV);
	for (i = 0; i < d->nenv; i++) {
		const struct envvar	*e = &d->env[i];

		tname(f, e->name.p, e->name.len);
		if (e->value.p == NULL) {
			strs_out(f, " ", word_no_equals, "\n", NULL);
			continue;
		}
		fputs(" = ", f);
		if (e->redact == RED_NONE) {
			quoted(f, e->value.p, e->value.len);
			if (e->value.len == 0)
				fputs(" (empty)", f);
		} else
			thidden(f, e->value.len);
		if (e->redact == RED_COOKIE) {
			fprintf(f, ", %zu cookie%s:", e->ncookies,
			    e->ncookies == 1 ? "" : "s");
			for (j = 0; j < e->ncookies; j++) {
				putc(' ', f);
				quoted(f, e->cookies[j].p, e->cookies[j].len);
			}
		}
		putc('\n', f);
	}
}

static void
text_cgi_vars(FILE *f, const struct dump *d)
{
	size_t	 i;

	heading(f, SEC_VARIABLES);
	for (i = 0; cgi_variables[i] != NULL; i++) {
		tpadded(f, cgi_variables[i], 20);
		strs_out(f, " ", setness_name(env_setness(d, cgi_variables[i])),
		    "\n", NULL);
	}
	fputs("In addition, HTTP headers sent by the server may be passed "
	    "in the environment\nas well. Here are some common variable "
	    "names:\n", f);
	for (i = 0; cgi_header_variables[i] != NULL; i++) {
		tpadded(f, cgi_header_variables[i], 20);
		strs_out(f, " ",
		    setness_name(env_setness(d, cgi_header_variables[i])),
		    "\n", NULL);
	}
}

static void
text_request(FILE *f, const struct request *r)
{
	heading(f, SEC_REQUEST);
	fputs("method:          ", f);
	tbytes(f, r->method);
	fputs("\nquery string:    ", f);
	if (r->query_redacted)
		thidden(f, r->query_string.len);
	else
		tbytes(f, r->query_string);
	if (r->query_from_argv)
		fputs(" (from the command line)", f);
	fputs("\ncontent type:    ", f);
	tbytes(f, r->content_type);
	fputs("\ncontent length:  ", f);
	if (r->has_length)
		text_size(f, r->length);
	else {
		tbytes(f, r->content_length);
		if (r->content_length.p != NULL)
			fputs(" (not a length)", f);
	}
	fputs("\nbody read:       ", f);
	text_size(f, r->body_bytes);
	strs_out(f, ", ", body_end_name(r->body_end),
	    r->to_eof ? ", to the end: no CONTENT_LENGTH" : "",
	    r->chunk_framing ? ", raw chunked framing decoded" : "",
	    "\nstdin:           ", r->stdin_kind, "\n", NULL);
	if (r->trailing_bytes > 0) {
		fputs("not read:        ", f);
		text_size(f, r->trailing_bytes);
		fputs(" more were waiting on stdin\n", f);
	}
}

static void
text_limit(FILE *f, int inf, uint64_t v, const char *unit)
{
	if (inf)
		fputs("unlimited", f);
	else if (strcmp(unit, "bytes") == 0)
		text_size(f, v);
	else {
		u64_out(f, v);
		strs_out(f, " ", unit, NULL);
	}
}

static void
text_process(FILE *f, const struct process *p)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;

	heading(f, SEC_PROCESS);
	fprintf(f, "uid:             %ld ", (long)p->uid);
	tstr(f, p->user);
	fprintf(f, "\neuid:            %ld ", (long)p->euid);
	tstr(f, p->euser);
	fprintf(f, "\ngid:             %ld ", (long)p->gid);
	tstr(f, p->group);
	fprintf(f, "\negid:            %ld ", (long)p->egid);
	tstr(f, p->egroup);
	fputs("\ngroups:          ", f);
	if (p->ngroups == 0)
		fputs("none", f);
	for (i = 0; i < p->ngroups; i++) {
		fprintf(f, "%s%ld ", i ? ", " : "", (long)p->groups[i].gid);
		tstr(f, p->groups[i].name);
	}
	fprintf(f, "\nnames from:      %s", p->names_from != NULL ?
	    p->names_from : "nss");
	fprintf(f, "\numask:           %04o\npid:             %ld\n"
	    "ppid:            %ld\nhostname:        ", (unsigned)p->umask,
	    (long)p->pid, (long)p->ppid);
	tstr(f, p->hostname);
	strs_out(f, "\ntime:            ", p->time_utc, " (local ",
	    p->time_local, ")\n", NULL);
	for (i = 0; i < 3; i++) {
		char	 label[32];

		snprintf(label, sizeof(label), "%s:", p->rlimits[i].label);
		tpadded(f, label, 16);
		fputs(" soft ", f);
		if (!p->rlimits[i].ok) {
			fputs("unknown\n", f);
			continue;
		}
		text_limit(f, p->rlimits[i].soft_inf, p->rlimits[i].soft,
		    p->rlimits[i].unit);
		fputs(", hard ", f);
		text_limit(f, p->rlimits[i].hard_inf, p->rlimits[i].hard,
		    p->rlimits[i].unit);
		putc('\n', f);
	}
	sandbox_describe(&p->sandbox, &b);
	fputs("sandbox:         ", f);
	fwrite(b.p, 1, b.len, f);
	putc('\n', f);
	if (p->sha256 != NULL)
		fprintf(f, "sha256:          %s\n", p->sha256);
	buf_free(&b);
}

/*
 * Under the verdicts: what arrived, in one line, and in a local run
 * as root the note on why privileges fails there.
 */
static void
text_arrived(FILE *f, const struct dump *d)
{
	struct buf	 b = { NULL, 0, 0 };

	fputs("\narrived: ", f);
	if (d->req.method.p == NULL)
		fputs("no REQUEST_METHOD", f);
	else
		tname(f, d->req.method.p, d->req.method.len);
	fputs(" \xc2\xb7 ", f);
	arrived_describe(d, &b);
	fwrite(b.p, 1, b.len, f);
	putc('\n', f);
	b.len = 0;
	if (root_note(d, &b)) {
		fputs("note: ", f);
		fwrite(b.p, 1, b.len, f);
		putc('\n', f);
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
text_checks(FILE *f, const struct dump *d)
{
	static const enum level	 order[] = {
		LEVEL_FAIL, LEVEL_WARN, LEVEL_OK, LEVEL_SKIP
	};
	size_t			 i, j;

	fprintf(f, "cgidump checks: %zu fail, %zu warn, %zu ok, %zu skip%s\n",
	    checks_count(d, LEVEL_FAIL), checks_count(d, LEVEL_WARN),
	    checks_count(d, LEVEL_OK), checks_count(d, LEVEL_SKIP),
	    d->strict ? " (strict: a warning fails)" : "");
	for (j = 0; j < sizeof(order) / sizeof(order[0]); j++) {
		if (d->quiet && order[j] < LEVEL_WARN)
			continue;
		for (i = 0; i < d->nchecks; i++) {
			if (d->checks[i].level != order[j])
				continue;
			tpadded(f, level_name(order[j]), 4);
			strs_out(f, " ", check_name(d->checks[i].id), ": ", NULL);
			text_escape(f, d->checks[i].message,
			    strlen(d->checks[i].message), TEXT_PLAIN);
			putc('\n', f);
		}
	}
}

void
render_text(FILE *f, const struct dump *d)
{
	size_t	 i;

	fputs("cgidump " CGIDUMP_VERSION ": what the server handed this CGI "
	    "program\n", f);
	if (section_shown(d, SEC_CHECKS)) {
		heading(f, SEC_CHECKS);
		text_checks(f, d);
	}
	text_arrived(f, d);
	text_problems(f, d);
	heading(f, SEC_CWD);
	if (d->cwd != NULL)
		quoted(f, d->cwd, strlen(d->cwd));
	else
		strs_out(f, "unknown: getcwd failed: ", strerror(d->cwd_errno),
		    NULL);
	putc('\n', f);
	heading(f, SEC_ARGV);
	for (i = 0; i < (size_t)d->argc; i++) {
		fputs("argv[", f);
		u64_out(f, i);
		fputs("] = ", f);
		quoted(f, d->argv[i], strlen(d->argv[i]));
		putc('\n', f);
	}
	text_form(f, &d->form);
	text_env(f, d);
	text_cgi_vars(f, d);
	text_request(f, &d->req);
	if (section_shown(d, SEC_BODY)) {
		heading(f, SEC_BODY);
		fputs("size:            ", f);
		text_size(f, d->body.size);
		fputs("\nsha256:          ", f);
		hex_out(f, d->body.sha256, sizeof(d->body.sha256));
		putc('\n', f);
		text_preview(f, "preview:         ", &d->body.preview);
	}
	heading(f, SEC_LIMITS);
	for (i = 0; i < LIM__MAX; i++) {
		tpadded(f, d->limits[i].var, 20);
		putc(' ', f);
		text_limit(f, d->limits[i].value == 0, d->limits[i].value,
		    d->limits[i].unit);
		putc('\n', f);
	}
	text_process(f, &d->proc);
}
