/* cgidump: see LICENSE (ISC). */
/*
 * render_html.c: the model as one HTML5 page, in the order and wording
 * of Python's cgi.test(), followed by what that page did not show.
 *
 * No script, no external resource: the one stylesheet is inline and
 * its hash is the only style the Content-Security-Policy allows.
 * Every value from outside goes through html_escape() inside a
 * <span class="v">; what is not in one (unset, empty, hidden) is
 * cgidump speaking.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"

const char html_style[] =
":root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#59636e;"
"--line:#d1d9e0;--code:#f6f8fa;--bad:#b3261e;--badbg:#fdecea}\n"
"@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;"
"--muted:#9198a1;--line:#3d444d;--code:#151b23;--bad:#ff7b72;"
"--badbg:#2d1214}}\n"
"*{box-sizing:border-box}\n"
"body{margin:0 auto;max-width:75rem;padding:.75rem 1rem 2rem;"
"font:1rem/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
"color:var(--fg);background:var(--bg)}\n"
"h1{font-size:1.5rem;margin:.5rem 0 0}\n"
"h2{font-size:1.15rem;margin:1.75rem 0 .5rem;padding-bottom:.2rem;"
"border-bottom:1px solid var(--line)}\n"
"p{margin:.25rem 0}\n"
"nav ul{display:flex;flex-wrap:wrap;gap:.1rem 1rem;margin:.75rem 0;"
"padding:0;list-style:none;font-size:.9rem}\n"
"a{color:inherit}\n"
"code,.v{font:.875rem/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,"
"\"Liberation Mono\",monospace}\n"
"code{overflow-wrap:anywhere}\n"
".v{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--code);"
"border-radius:3px;padding:0 .2rem}\n"
"dl{display:grid;grid-template-columns:minmax(9rem,16rem) minmax(0,1fr);"
"column-gap:1rem;margin:0}\n"
"dt,dd{padding:.2rem 0;border-bottom:1px solid var(--line)}\n"
"dt{font-weight:600;overflow-wrap:anywhere}\n"
"dt .v{background:none;padding:0;font-weight:600}\n"
"dd{margin:0;min-width:0}\n"
"ul.plain{list-style:none;margin:0;padding:0}\n"
"dd ul.plain>li+li{margin-top:.35rem;padding-top:.35rem;"
"border-top:1px dashed var(--line)}\n"
".meta{font-size:.875rem;color:var(--muted)}\n"
"ul.vars{columns:15rem;list-style:none;margin:0;padding:0}\n"
".x{color:var(--bad);font-weight:700}\n"
".note{color:var(--muted);font-style:italic}\n"
".tag{font-size:.75rem;color:var(--muted);border:1px solid var(--line);"
"border-radius:3px;padding:0 .3rem;margin-left:.4rem;white-space:nowrap}\n"
"ul.checks{list-style:none;margin:0;padding:0}\n"
"ul.checks li{display:grid;grid-template-columns:3.5rem 12rem minmax(0,1fr);"
"column-gap:.75rem;padding:.3rem 0;border-bottom:1px solid var(--line)}\n"
".lvl{font:700 .75rem/1.6 ui-monospace,monospace;text-align:center;"
"border-radius:3px;align-self:start;border:1px solid}\n"
".lvl-fail{color:#fff;background:#b3261e;border-color:#b3261e}\n"
".lvl-warn{color:#3d2a00;background:#ffd666;border-color:#b58100}\n"
".lvl-ok{color:#0b5d1e;background:none;border-color:#2e8540}\n"
".lvl-skip{color:var(--muted);background:none;border-color:var(--muted);"
"border-style:dashed;font-weight:400}\n"
".verdict{font-weight:600}\n"
"summary{cursor:pointer;padding:.3rem 0;color:var(--muted)}\n"
"@media (prefers-color-scheme:dark){.lvl-ok{color:#7ee2a8}}\n"
"@media (max-width:40rem){ul.checks li{grid-template-columns:3.5rem "
"minmax(0,1fr)}ul.checks .msg{grid-column:1/-1}}\n"
".problems{border-left:4px solid var(--bad);background:var(--badbg);"
"padding:.25rem 1rem .5rem}\n"
"@media (max-width:40rem){dl{grid-template-columns:minmax(0,1fr)}"
"dt{border-bottom:none;padding-bottom:0}dd{margin-left:.75rem}}\n"
"@media print{nav{display:none}body{max-width:none;font-size:10pt;"
"color:#000;background:#fff}.v{background:none}h2{break-after:avoid}"
"dt,dd,li{break-inside:avoid}}\n";

/*
 * CSP3 §2.3.1 hash-source for the Content-Security-Policy: the base64
 * SHA-256 of html_style, fixed here rather than computed per request.
 * Edit the two together: tests/unit.c (area "csp") and
 * tests/formats.bats hash the stylesheet again and fail on a stale
 * value; `tests/unit csp` then prints the hash it computed.
 */
const char html_style_sha256[] = "IMdBDDHqX//lf3LfHNNWhp884uw4UgJJt6c2YzJ7tdo=";

static void
hv(FILE *f, const char *p, size_t len)
{
	fputs("<span class=\"v\">", f);
	html_escape(f, p, len);
	fputs("</span>", f);
	if (len == 0)
		fputs(" <span class=\"note\">(empty)</span>", f);
}

/* cgidump's own words in a span: a note (unset, hidden) or a tag. */
static void
hnote(FILE *f, const char *word)
{
	strs_out(f, "<span class=\"note\">", word, "</span>", NULL);
}

static void
htag(FILE *f, const char *word)
{
	strs_out(f, "<span class=\"tag\">", word, "</span>", NULL);
}

/* DESIGN.md "Secrets": a hidden value shows only its length. */
static void
hhidden(FILE *f, size_t len)
{
	fputs("<span class=\"note\">hidden (", f);
	u64_out(f, len);
	fputs(" bytes)</span>", f);
}

static void
hbytes(FILE *f, struct bytes b)
{
	if (b.p == NULL)
		fputs("<span class=\"note\">unset</span>", f);
	else
		hv(f, b.p, b.len);
}

static void
hstr(FILE *f, const char *s)
{
	if (s == NULL)
		fputs("<span class=\"note\">unknown</span>", f);
	else
		hv(f, s, strlen(s));
}

/* A size of a body, a file or a limit: "1.2 MiB (1,234,567 bytes)". */
static void
html_size(FILE *f, uint64_t n)
{
	struct buf	 b = { NULL, 0, 0 };

	size_human(&b, n);
	html_escape(f, b.p, b.len);
	buf_free(&b);
}

/*
 * A message of cgidump's (a verdict, a problem, a note): what it puts
 * in `backticks` is code, shown as <code>, escaped inside.  A span
 * opens at a backtick that starts the message or follows a space or
 * '(', and closes at the next backtick, which ends the message or is
 * followed by a space or punctuation.  A request value the message
 * quotes (quote_value(): "...", with \" inside) holds no span, so its
 * backticks cannot pass for cgidump's; those and any other backtick
 * (an odd one) stay as they are.  The words are not changed: text and
 * JSON keep the backticks.
 */
static void
html_message(FILE *f, const char *s)
{
	const char	*q;
	size_t		 len = strlen(s), i = 0, j, start = 0;
	int		 quoted = 0;

	while (i < len) {
		if (quoted && s[i] == '\\') {
			i += i + 1 < len ? 2 : 1;
			continue;
		}
		if (s[i] == '"')
			quoted = !quoted;
		if (s[i] != '`' || quoted ||
		    (i > 0 && !byte_in(s[i - 1], " ("))) {
			i++;
			continue;
		}
		if ((q = memchr(s + i + 1, '`', len - i - 1)) == NULL)
			break;
		j = (size_t)(q - s);
		if (j == i + 1 ||
		    (j + 1 < len && !byte_in(s[j + 1], " .,;:)!?'\""))) {
			i++;
			continue;
		}
		html_escape(f, s + start, i - start);
		fputs("<code>", f);
		html_escape(f, s + i + 1, j - i - 1);
		fputs("</code>", f);
		i = start = j + 1;
	}
	html_escape(f, s + start, len - start);
}

static void
section(FILE *f, enum section_id s)
{
	strs_out(f, "<section id=\"", sections[s].id, "\">\n<h2>",
	    sections[s].title, "</h2>\n", NULL);
}

static void
html_check_items(FILE *f, const struct dump *d, enum level level)
{
	size_t	 i;

	for (i = 0; i < d->nchecks; i++) {
		if (d->checks[i].level != level)
			continue;
		strs_out(f, "<li id=\"check-", check_name(d->checks[i].id),
		    "\"><span class=\"lvl lvl-", level_name(level), "\">",
		    level == LEVEL_FAIL ? "FAIL" : level == LEVEL_WARN ?
		    "WARN" : level == LEVEL_SKIP ? "SKIP" : "OK",
		    "</span> <code>", check_name(d->checks[i].id),
		    "</code> <span class=\"msg\">", NULL);
		html_message(f, d->checks[i].message);
		fputs("</span></li>\n", f);
	}
}

/*
 * The verdicts, worst first.  The level is a word as well as a colour,
 * for print and for readers who do not see the colour.
 */
static void
html_checks(FILE *f, const struct dump *d)
{
	size_t	 nfail, nwarn, nok, nskip;

	if (!section_shown(d, SEC_CHECKS))
		return;
	nfail = checks_count(d, LEVEL_FAIL);
	nwarn = checks_count(d, LEVEL_WARN);
	nok = checks_count(d, LEVEL_OK);
	nskip = checks_count(d, LEVEL_SKIP);
	section(f, SEC_CHECKS);
	fprintf(f, "<p class=\"verdict\">%s: %zu failed, %zu with a "
	    "warning, %zu ok, %zu not judged%s</p>\n",
	    nfail > 0 || (d->strict && nwarn > 0) ? "Something is wrong" :
	    nwarn > 0 ? "Nothing fails, but look at the warnings" :
	    "All is well",
	    nfail, nwarn, nok, nskip,
	    d->strict ? " (strict: a warning counts as a failure)" : "");
	if (nfail + nwarn > 0) {
		fputs("<ul class=\"checks\">\n", f);
		html_check_items(f, d, LEVEL_FAIL);
		html_check_items(f, d, LEVEL_WARN);
		fputs("</ul>\n", f);
	}
	/* What passed is one click away: the problems come first. */
	if (nok > 0) {
		fprintf(f, "<details>\n<summary>%zu check%s passed</summary>\n"
		    "<ul class=\"checks\">\n", nok, nok == 1 ? "" : "s");
		html_check_items(f, d, LEVEL_OK);
		fputs("</ul>\n</details>\n", f);
	}
	/* DESIGN.md: a skip is counted apart, never folded into ok. */
	if (nskip > 0) {
		fprintf(f, "<details>\n<summary>%zu check%s not judged "
		    "here</summary>\n<ul class=\"checks\">\n", nskip,
		    nskip == 1 ? "" : "s");
		html_check_items(f, d, LEVEL_SKIP);
		fputs("</ul>\n</details>\n", f);
	}
	fputs("</section>\n", f);
}

static void
html_problems(FILE *f, const struct dump *d)
{
	size_t	 i;

	if (!section_shown(d, SEC_PROBLEMS))
		return;
	strs_out(f, "<section id=\"", sections[SEC_PROBLEMS].id,
	    "\" class=\"problems\">\n<h2>", sections[SEC_PROBLEMS].title,
	    "</h2>\n<ul class=\"plain\">\n", NULL);
	for (i = 0; i < d->problems.n; i++) {
		const struct problem	*p = &d->problems.v[i];

		strs_out(f, "<li><code>", check_name(p->check), "</code> ", NULL);
		html_message(f, p->message);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n</section>\n", f);
}

static void
html_preview(FILE *f, const struct preview *pv)
{
	size_t	 i;

	if (preview_is_binary(pv)) {
		/* In groups of 8 bytes, so that it wraps between them. */
		fputs("<code>", f);
		for (i = 0; i < pv->len; i += 8) {
			if (i > 0)
				putc(' ', f);
			hex_out(f, pv->p + i, pv->len - i < 8 ? pv->len - i : 8);
		}
		fputs("</code> <span class=\"note\">(hex)</span>", f);
	} else
		hv(f, (const char *)pv->p, pv->len);
}

static void
html_file(FILE *f, const struct field_part *pt)
{
	fputs("<span class=\"tag\">file</span> ", f);
	if (!pt->has_filename)
		hnote(f, word_no_filename);
	else
		hv(f, pt->filename.p, pt->filename.len);
	if (pt->filename_star)
		strs_out(f, " <span class=\"note\">", word_from_star, "</span>",
		    NULL);
	fputs(" <span class=\"meta\">", f);
	html_size(f, pt->size);
	fputs(",</span> ", f);
	if (pt->has_type)
		hv(f, pt->content_type.p, pt->content_type.len);
	else
		hnote(f, word_no_type);
	if (pt->nested)
		htag(f, word_nested);
	fputs("<br><span class=\"meta\">sha256</span> <code>", f);
	hex_out(f, pt->sha256, sizeof(pt->sha256));
	fputs("</code><br><span class=\"meta\">preview</span> ", f);
	html_preview(f, &pt->preview);
}

/* A multipart part's headers as received, each on a line of its own. */
static void
html_part_headers(FILE *f, const struct field_headers *fh)
{
	size_t	 i;

	for (i = 0; fh != NULL && i < fh->n; i++) {
		fputs("<br><span class=\"meta\">header</span> ", f);
		hv(f, fh->v[i].name.p, fh->v[i].name.len);
		fputs(": ", f);
		if (fh->v[i].redacted)
			hhidden(f, fh->v[i].value.len);
		else
			hv(f, fh->v[i].value.p, fh->v[i].value.len);
	}
}

static void
html_form(FILE *f, const struct form *form)
{
	const struct field	 *fl, *prev = NULL;
	uint32_t		 *order;
	const struct field_part	 *pt;
	struct bytes		  name, value;
	size_t			  i;

	section(f, SEC_FORM);
	if (form->n == 0) {
		fputs("<p>No form fields.</p>\n</section>\n", f);
		return;
	}
	order = form_order(form);
	fputs("<dl>\n", f);
	for (i = 0; i < form->n; i++) {
		fl = &form->v[order[i]];
		pt = field_part(form, fl);
		name = field_name(fl);
		value = field_value(fl);
		if (prev == NULL || !field_same_name(prev, fl)) {
			if (i > 0)
				fputs("</ul></dd>\n", f);
			fputs("<dt>", f);
			if (name.len == 0)
				fputs("<span class=\"note\">(empty name)</span>",
				    f);
			else
				hv(f, name.p, name.len);
			fputs("</dt>\n<dd><ul class=\"plain\">\n", f);
		}
		fputs("<li>", f);
		if (pt != NULL && pt->is_file)
			html_file(f, pt);
		else if (fl->redacted)
			hhidden(f, value.len);
		else
			hv(f, value.p, value.len);
		htag(f, source_name(fl->source));
		if (fl->truncated && pt != NULL && pt->size > value.len)
			fprintf(f, "<span class=\"tag\">%s: %" PRIu64 " bytes "
			    "received</span>", word_truncated, pt->size);
		else if (fl->truncated)
			htag(f, word_truncated);
		if (pt != NULL && pt->incomplete)
			htag(f, word_incomplete);
		if (pt != NULL)
			html_part_headers(f, pt->headers);
		fputs("</li>\n", f);
		prev = fl;
	}
	fputs("</ul></dd>\n</dl>\n</section>\n", f);
	free(order);
}

static void
html_env(FILE *f, const struct dump *d)
{
	size_t	 i, j;

	section(f, SEC_ENV);
	fputs("<dl>\n", f);
	for (i = 0; i < d->nenv; i++) {
		const struct envvar	*e = &d->env[i];

		fputs("<dt>", f);
		hv(f, e->name.p, e->name.len);
		fputs("</dt><dd>", f);
		if (e->value.p == NULL)
			hnote(f, word_no_equals);
		else if (e->redact == RED_NONE)
			hv(f, e->value.p, e->value.len);
		else
			hhidden(f, e->value.len);
		if (e->redact == RED_COOKIE) {
			fprintf(f, " <span class=\"note\">%zu cookie%s:</span>",
			    e->ncookies, e->ncookies == 1 ? "" : "s");
			for (j = 0; j < e->ncookies; j++) {
				putc(' ', f);
				hv(f, e->cookies[j].p, e->cookies[j].len);
			}
		}
		fputs("</dd>\n", f);
	}
	fputs("</dl>\n</section>\n", f);
}

static void
var_list(FILE *f, const struct dump *d, const char *const *names)
{
	size_t	 i;

	fputs("<ul class=\"vars\">\n", f);
	for (i = 0; names[i] != NULL; i++)
		strs_out(f, "<li><code>", names[i], "</code><span class=\"tag\">",
		    setness_name(env_setness(d, names[i])), "</span></li>\n",
		    NULL);
	fputs("</ul>\n", f);
}

static void
html_cgi_vars(FILE *f, const struct dump *d)
{
	section(f, SEC_VARIABLES);
	var_list(f, d, cgi_variables);
	fputs("<p>In addition, HTTP headers sent by the server may be passed "
	    "in the environment as well. Here are some common variable "
	    "names:</p>\n", f);
	var_list(f, d, cgi_header_variables);
	fputs("</section>\n", f);
}

static void
html_request(FILE *f, const struct request *r)
{
	section(f, SEC_REQUEST);
	fputs("<dl>\n<dt>Method</dt><dd>", f);
	hbytes(f, r->method);
	fputs("</dd>\n<dt>Query string</dt><dd>", f);
	if (r->query_redacted)
		hhidden(f, r->query_string.len);
	else
		hbytes(f, r->query_string);
	if (r->query_from_argv)
		fputs("<span class=\"tag\">from the command line</span>", f);
	fputs("</dd>\n<dt>Content type</dt><dd>", f);
	hbytes(f, r->content_type);
	fputs("</dd>\n<dt>Content length</dt><dd>", f);
	if (r->has_length)
		html_size(f, r->length);
	else {
		hbytes(f, r->content_length);
		if (r->content_length.p != NULL)
			fputs(" <span class=\"note\">(not a length)</span>", f);
	}
	fputs("</dd>\n<dt>Body read</dt><dd>", f);
	html_size(f, r->body_bytes);
	putc(' ', f);
	htag(f, body_end_name(r->body_end));
	strs_out(f, r->to_eof ? " to the end: no CONTENT_LENGTH" : "",
	    r->chunk_framing ? ", raw chunked framing decoded" : "",
	    "</dd>\n<dt>Standard input</dt><dd>", r->stdin_kind, "</dd>\n",
	    NULL);
	if (r->trailing_bytes > 0) {
		fputs("<dt>Not read</dt><dd>", f);
		html_size(f, r->trailing_bytes);
		fputs(" more were waiting on stdin</dd>\n", f);
	}
	fputs("</dl>\n</section>\n", f);
}

static void
html_limit(FILE *f, int inf, uint64_t v, const char *unit)
{
	if (inf)
		fputs("unlimited", f);
	else if (strcmp(unit, "bytes") == 0)
		html_size(f, v);
	else {
		u64_out(f, v);
		strs_out(f, " ", unit, NULL);
	}
}

static void
id_line(FILE *f, const char *label, long id, const char *name)
{
	fprintf(f, "<dt>%s</dt><dd>%ld ", label, id);
	hstr(f, name);
	fputs("</dd>\n", f);
}

static void
html_process(FILE *f, const struct process *p)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;

	section(f, SEC_PROCESS);
	fputs("<dl>\n", f);
	id_line(f, "uid", (long)p->uid, p->user);
	id_line(f, "euid", (long)p->euid, p->euser);
	id_line(f, "gid", (long)p->gid, p->group);
	id_line(f, "egid", (long)p->egid, p->egroup);
	fputs("<dt>groups</dt><dd>", f);
	if (p->ngroups == 0)
		fputs("<span class=\"note\">none</span>", f);
	for (i = 0; i < p->ngroups; i++) {
		fprintf(f, "%s%ld ", i ? ", " : "", (long)p->groups[i].gid);
		hstr(f, p->groups[i].name);
	}
	fprintf(f, "</dd>\n<dt>names from</dt><dd>%s</dd>", p->names_from !=
	    NULL ? p->names_from : "nss");
	fprintf(f, "\n<dt>umask</dt><dd>%04o</dd>\n"
	    "<dt>pid</dt><dd>%ld</dd>\n<dt>ppid</dt><dd>%ld</dd>\n"
	    "<dt>hostname</dt><dd>", (unsigned)p->umask, (long)p->pid,
	    (long)p->ppid);
	hstr(f, p->hostname);
	strs_out(f, "</dd>\n<dt>time</dt><dd>", p->time_utc,
	    " <span class=\"note\">(local ", p->time_local, ")</span></dd>\n",
	    NULL);
	for (i = 0; i < 3; i++) {
		const struct rlim	*r = &p->rlimits[i];

		strs_out(f, "<dt>", r->label, "</dt><dd>", NULL);
		if (!r->ok)
			fputs("<span class=\"note\">unknown</span>", f);
		else {
			fputs("soft ", f);
			html_limit(f, r->soft_inf, r->soft, r->unit);
			fputs(", hard ", f);
			html_limit(f, r->hard_inf, r->hard, r->unit);
		}
		fputs("</dd>\n", f);
	}
	sandbox_describe(&p->sandbox, &b);
	fputs("<dt>sandbox</dt><dd>", f);
	html_escape(f, b.p, b.len);
	if (p->sha256 != NULL)
		fprintf(f, "</dd>\n<dt>sha256</dt><dd>%s", p->sha256);
	fputs("</dd>\n</dl>\n</section>\n", f);
	buf_free(&b);
}

static void
html_body(FILE *f, const struct body *b)
{
	if (!b->present)
		return;
	section(f, SEC_BODY);
	fputs("<dl>\n<dt>size</dt><dd>", f);
	html_size(f, b->size);
	fputs("</dd>\n<dt>sha256</dt><dd><code>", f);
	hex_out(f, b->sha256, sizeof(b->sha256));
	fputs("</code></dd>\n<dt>preview</dt><dd>", f);
	html_preview(f, &b->preview);
	fputs("</dd>\n</dl>\n</section>\n", f);
}

static void
html_limits(FILE *f, const struct dump *d)
{
	size_t	 i;

	section(f, SEC_LIMITS);
	fputs("<dl>\n", f);
	for (i = 0; i < LIM__MAX; i++) {
		strs_out(f, "<dt><code>", d->limits[i].var, "</code></dt><dd>",
		    NULL);
		html_limit(f, d->limits[i].value == 0, d->limits[i].value,
		    d->limits[i].unit);
		fputs("</dd>\n", f);
	}
	fputs("</dl>\n</section>\n", f);
}

/*
 * Under the verdicts: what arrived, in one line, and in a local run
 * as root the note on why privileges fails there.
 */
static void
html_arrived(FILE *f, const struct dump *d)
{
	struct buf	 b = { NULL, 0, 0 };

	fputs("<p class=\"arrived\"><span class=\"meta\">Arrived:</span> ",
	    f);
	if (d->req.method.p == NULL)
		fputs("<span class=\"note\">no REQUEST_METHOD</span>", f);
	else
		hv(f, d->req.method.p, d->req.method.len);
	fputs(" \xc2\xb7 ", f);
	arrived_describe(d, &b);
	html_escape(f, b.p, b.len);
	fputs("</p>\n", f);
	b.len = 0;
	if (root_note(d, &b)) {
		fputs("<p class=\"note\">Note: ", f);
		html_message(f, buf_str(&b));
		fputs("</p>\n", f);
	}
	buf_free(&b);
}

static void
html_nav(FILE *f, const struct dump *d)
{
	size_t	 i;

	fputs("<nav>\n<ul>\n", f);
	for (i = 0; i < SEC__MAX; i++)
		if (section_shown(d, (enum section_id)i))
			strs_out(f, "<li><a href=\"#", sections[i].id, "\">",
			    sections[i].nav, "</a></li>\n", NULL);
	fputs("</ul>\n</nav>\n", f);
}

void
render_html(FILE *f, const struct dump *d)
{
	size_t	 i;

	strs_out(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
	    "<title>cgidump: what the server handed this CGI program</title>\n"
	    "<style>", html_style, "</style>\n</head>\n<body>\n<header>\n"
	    "<h1>cgidump</h1>\n"
	    "<p>What the server handed this CGI program, ", d->proc.time_utc,
	    ", on ", NULL);
	hstr(f, d->proc.hostname);
	fputs(".</p>\n", f);
	html_nav(f, d);
	fputs("</header>\n<main>\n", f);
	html_checks(f, d);
	html_arrived(f, d);
	html_problems(f, d);
	section(f, SEC_CWD);
	fputs("<p>", f);
	if (d->cwd != NULL)
		hv(f, d->cwd, strlen(d->cwd));
	else {
		fputs("<span class=\"note\">unknown: getcwd failed: ", f);
		html_escape(f, strerror(d->cwd_errno),
		    strlen(strerror(d->cwd_errno)));
		fputs("</span>", f);
	}
	fputs("</p>\n</section>\n", f);
	section(f, SEC_ARGV);
	fputs("<ol start=\"0\">\n", f);
	for (i = 0; i < (size_t)d->argc; i++) {
		fputs("<li>", f);
		hv(f, d->argv[i], strlen(d->argv[i]));
		fputs("</li>\n", f);
	}
	fputs("</ol>\n</section>\n", f);
	html_form(f, &d->form);
	html_env(f, d);
	html_cgi_vars(f, d);
	html_request(f, &d->req);
	html_body(f, &d->body);
	html_limits(f, d);
	html_process(f, &d->proc);
	fputs("</main>\n<footer>\n<p class=\"note\">cgidump " CGIDUMP_VERSION
	    "</p>\n</footer>\n</body>\n</html>\n", f);
}
