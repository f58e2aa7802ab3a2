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
hv(struct out *o, const char *p, size_t len)
{
	out_puts(o, "<span class=\"v\">");
	out_html(o, p, len);
	out_puts(o, "</span>");
	if (len == 0)
		out_puts(o, " <span class=\"note\">(empty)</span>");
}

/* cgidump's own words in a span: a note (unset, hidden) or a tag. */
static void
hnote(struct out *o, const char *word)
{
	out_strs(o, "<span class=\"note\">", word, "</span>", NULL);
}

static void
htag(struct out *o, const char *word)
{
	out_strs(o, "<span class=\"tag\">", word, "</span>", NULL);
}

/* DESIGN.md "Secrets": a hidden value shows only its length. */
static void
hhidden(struct out *o, size_t len)
{
	out_puts(o, "<span class=\"note\">hidden (");
	out_u64(o, len);
	out_puts(o, " bytes)</span>");
}

static void
hbytes(struct out *o, struct bytes b)
{
	if (b.p == NULL)
		out_puts(o, "<span class=\"note\">unset</span>");
	else
		hv(o, b.p, b.len);
}

static void
hstr(struct out *o, const char *s)
{
	if (s == NULL)
		out_puts(o, "<span class=\"note\">unknown</span>");
	else
		hv(o, s, strlen(s));
}

/* A size of a body, a file or a limit: "1.2 MiB (1,234,567 bytes)". */
static void
html_size(struct out *o, uint64_t n)
{
	struct buf	 b = { NULL, 0, 0 };

	size_human(&b, n);
	out_html(o, b.p, b.len);
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
html_message(struct out *o, const char *s)
{
	const char	*q;
	size_t		 len = strlen(s), i = 0, j, start = 0;
	int		 quoted = 0;

	while (i < len) {
		/* Only a backslash, a quote or a backtick matters. */
		if ((i += strcspn(s + i, "\\\"`")) == len)
			break;
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
		out_html(o, s + start, i - start);
		out_puts(o, "<code>");
		out_html(o, s + i + 1, j - i - 1);
		out_puts(o, "</code>");
		i = start = j + 1;
	}
	out_html(o, s + start, len - start);
}

static void
section(struct out *o, enum section_id s)
{
	out_strs(o, "<section id=\"", sections[s].id, "\">\n<h2>",
	    sections[s].title, "</h2>\n", NULL);
}

static void
html_check_items(struct out *o, const struct dump *d, enum level level)
{
	size_t	 i;

	for (i = 0; i < d->nchecks; i++) {
		if (d->checks[i].level != level)
			continue;
		out_strs(o, "<li id=\"check-", check_name(d->checks[i].id),
		    "\"><span class=\"lvl lvl-", level_name(level), "\">",
		    level == LEVEL_FAIL ? "FAIL" : level == LEVEL_WARN ?
		    "WARN" : level == LEVEL_SKIP ? "SKIP" : "OK",
		    "</span> <code>", check_name(d->checks[i].id),
		    "</code> <span class=\"msg\">", NULL);
		html_message(o, d->checks[i].message);
		out_puts(o, "</span></li>\n");
	}
}

/*
 * The verdicts, worst first.  The level is a word as well as a colour,
 * for print and for readers who do not see the colour.
 */
static void
html_checks(struct out *o, const struct dump *d)
{
	size_t	 nfail, nwarn, nok, nskip;

	if (!section_shown(d, SEC_CHECKS))
		return;
	nfail = checks_count(d, LEVEL_FAIL);
	nwarn = checks_count(d, LEVEL_WARN);
	nok = checks_count(d, LEVEL_OK);
	nskip = checks_count(d, LEVEL_SKIP);
	section(o, SEC_CHECKS);
	out_printf(o, "<p class=\"verdict\">%s: %zu failed, %zu with a "
	    "warning, %zu ok, %zu not judged%s</p>\n",
	    nfail > 0 || (d->strict && nwarn > 0) ? "Something is wrong" :
	    nwarn > 0 ? "Nothing fails, but look at the warnings" :
	    "All is well",
	    nfail, nwarn, nok, nskip,
	    d->strict ? " (strict: a warning counts as a failure)" : "");
	if (nfail + nwarn > 0) {
		out_puts(o, "<ul class=\"checks\">\n");
		html_check_items(o, d, LEVEL_FAIL);
		html_check_items(o, d, LEVEL_WARN);
		out_puts(o, "</ul>\n");
	}
	/* What passed is one click away: the problems come first. */
	if (nok > 0) {
		out_printf(o, "<details>\n<summary>%zu check%s passed</summary>\n"
		    "<ul class=\"checks\">\n", nok, nok == 1 ? "" : "s");
		html_check_items(o, d, LEVEL_OK);
		out_puts(o, "</ul>\n</details>\n");
	}
	/* DESIGN.md: a skip is counted apart, never folded into ok. */
	if (nskip > 0) {
		out_printf(o, "<details>\n<summary>%zu check%s not judged "
		    "here</summary>\n<ul class=\"checks\">\n", nskip,
		    nskip == 1 ? "" : "s");
		html_check_items(o, d, LEVEL_SKIP);
		out_puts(o, "</ul>\n</details>\n");
	}
	out_puts(o, "</section>\n");
}

static void
html_problems(struct out *o, const struct dump *d)
{
	size_t	 i;

	if (!section_shown(d, SEC_PROBLEMS))
		return;
	out_strs(o, "<section id=\"", sections[SEC_PROBLEMS].id,
	    "\" class=\"problems\">\n<h2>", sections[SEC_PROBLEMS].title,
	    "</h2>\n<ul class=\"plain\">\n", NULL);
	for (i = 0; i < d->problems.n; i++) {
		const struct problem	*p = &d->problems.v[i];

		out_strs(o, "<li><code>", check_name(p->check), "</code> ", NULL);
		html_message(o, p->message);
		out_puts(o, "</li>\n");
	}
	out_puts(o, "</ul>\n</section>\n");
}

static void
html_preview(struct out *o, const struct preview *pv)
{
	size_t	 i;

	if (preview_is_binary(pv)) {
		/* In groups of 8 bytes, so that it wraps between them. */
		out_puts(o, "<code>");
		for (i = 0; i < pv->len; i += 8) {
			if (i > 0)
				out_putc(o, ' ');
			out_hex(o, pv->p + i, pv->len - i < 8 ? pv->len - i : 8);
		}
		out_puts(o, "</code> <span class=\"note\">(hex)</span>");
	} else
		hv(o, (const char *)pv->p, pv->len);
}

static void
html_file(struct out *o, const struct field_part *pt)
{
	out_puts(o, "<span class=\"tag\">file</span> ");
	if (!pt->has_filename)
		hnote(o, word_no_filename);
	else
		hv(o, pt->filename.p, pt->filename.len);
	if (pt->filename_star)
		out_strs(o, " <span class=\"note\">", word_from_star, "</span>",
		    NULL);
	out_puts(o, " <span class=\"meta\">");
	html_size(o, pt->size);
	out_puts(o, ",</span> ");
	if (pt->has_type)
		hv(o, pt->content_type.p, pt->content_type.len);
	else
		hnote(o, word_no_type);
	if (pt->nested)
		htag(o, word_nested);
	out_puts(o, "<br><span class=\"meta\">sha256</span> <code>");
	out_hex(o, pt->sha256, sizeof(pt->sha256));
	out_puts(o, "</code><br><span class=\"meta\">preview</span> ");
	html_preview(o, &pt->preview);
}

/* A multipart part's headers as received, each on a line of its own. */
static void
html_part_headers(struct out *o, const struct field_headers *fh)
{
	size_t	 i;

	for (i = 0; fh != NULL && i < fh->n; i++) {
		out_puts(o, "<br><span class=\"meta\">header</span> ");
		hv(o, fh->v[i].name.p, fh->v[i].name.len);
		out_puts(o, ": ");
		if (fh->v[i].redacted)
			hhidden(o, fh->v[i].value.len);
		else
			hv(o, fh->v[i].value.p, fh->v[i].value.len);
	}
}

static void
html_form(struct out *o, const struct form *form)
{
	const struct field	 *fl, *prev = NULL;
	uint32_t		 *order;
	const struct field_part	 *pt;
	struct bytes		  name, value;
	size_t			  i;

	section(o, SEC_FORM);
	if (form->n == 0) {
		out_puts(o, "<p>No form fields.</p>\n</section>\n");
		return;
	}
	order = form_order(form);
	out_puts(o, "<dl>\n");
	for (i = 0; i < form->n; i++) {
		fl = &form->v[order[i]];
		pt = field_part(form, fl);
		name = field_name(fl);
		value = field_value(fl);
		if (prev == NULL || !field_same_name(prev, fl)) {
			if (i > 0)
				out_puts(o, "</ul></dd>\n");
			out_puts(o, "<dt>");
			if (name.len == 0)
				out_puts(o, "<span class=\"note\">(empty name)</span>");
			else
				hv(o, name.p, name.len);
			out_puts(o, "</dt>\n<dd><ul class=\"plain\">\n");
		}
		out_puts(o, "<li>");
		if (pt != NULL && pt->is_file)
			html_file(o, pt);
		else if (fl->redacted)
			hhidden(o, value.len);
		else
			hv(o, value.p, value.len);
		htag(o, source_name(fl->source));
		if (fl->truncated && pt != NULL && pt->size > value.len)
			out_printf(o, "<span class=\"tag\">%s: %" PRIu64 " bytes "
			    "received</span>", word_truncated, pt->size);
		else if (fl->truncated)
			htag(o, word_truncated);
		if (pt != NULL && pt->incomplete)
			htag(o, word_incomplete);
		if (pt != NULL)
			html_part_headers(o, pt->headers);
		out_puts(o, "</li>\n");
		prev = fl;
	}
	out_puts(o, "</ul></dd>\n</dl>\n</section>\n");
	free(order);
}

static void
html_env(struct out *o, const struct dump *d)
{
	size_t	 i, j;

	section(o, SEC_ENV);
	out_puts(o, "<dl>\n");
	for (i = 0; i < d->nenv; i++) {
		const struct envvar	*e = &d->env[i];

		out_puts(o, "<dt>");
		hv(o, e->name.p, e->name.len);
		out_puts(o, "</dt><dd>");
		if (e->value.p == NULL)
			hnote(o, word_no_equals);
		else if (e->redact == RED_NONE)
			hv(o, e->value.p, e->value.len);
		else
			hhidden(o, e->value.len);
		if (e->redact == RED_COOKIE) {
			out_printf(o, " <span class=\"note\">%zu cookie%s:</span>",
			    e->ncookies, e->ncookies == 1 ? "" : "s");
			for (j = 0; j < e->ncookies; j++) {
				out_putc(o, ' ');
				hv(o, e->cookies[j].p, e->cookies[j].len);
			}
		}
		out_puts(o, "</dd>\n");
	}
	out_puts(o, "</dl>\n</section>\n");
}

static void
var_list(struct out *o, const struct dump *d, const char *const *names)
{
	size_t	 i;

	out_puts(o, "<ul class=\"vars\">\n");
	for (i = 0; names[i] != NULL; i++)
		out_strs(o, "<li><code>", names[i], "</code><span class=\"tag\">",
		    setness_name(env_setness(d, names[i])), "</span></li>\n",
		    NULL);
	out_puts(o, "</ul>\n");
}

static void
html_cgi_vars(struct out *o, const struct dump *d)
{
	section(o, SEC_VARIABLES);
	var_list(o, d, cgi_variables);
	out_puts(o, "<p>In addition, HTTP headers sent by the server may be passed "
	    "in the environment as well. Here are some common variable "
	    "names:</p>\n");
	var_list(o, d, cgi_header_variables);
	out_puts(o, "</section>\n");
}

static void
html_request(struct out *o, const struct request *r)
{
	section(o, SEC_REQUEST);
	out_puts(o, "<dl>\n<dt>Method</dt><dd>");
	hbytes(o, r->method);
	out_puts(o, "</dd>\n<dt>Query string</dt><dd>");
	if (r->query_redacted)
		hhidden(o, r->query_string.len);
	else
		hbytes(o, r->query_string);
	if (r->query_from_argv)
		out_puts(o, "<span class=\"tag\">from the command line</span>");
	out_puts(o, "</dd>\n<dt>Content type</dt><dd>");
	hbytes(o, r->content_type);
	out_puts(o, "</dd>\n<dt>Content length</dt><dd>");
	if (r->has_length)
		html_size(o, r->length);
	else {
		hbytes(o, r->content_length);
		if (r->content_length.p != NULL)
			out_puts(o, " <span class=\"note\">(not a length)</span>");
	}
	out_puts(o, "</dd>\n<dt>Body read</dt><dd>");
	html_size(o, r->body_bytes);
	out_putc(o, ' ');
	htag(o, body_end_name(r->body_end));
	out_strs(o, r->to_eof ? " to the end: no CONTENT_LENGTH" : "",
	    r->chunk_framing ? ", raw chunked framing decoded" : "",
	    "</dd>\n<dt>Standard input</dt><dd>", r->stdin_kind, "</dd>\n",
	    NULL);
	if (r->trailing_bytes > 0) {
		out_puts(o, "<dt>Not read</dt><dd>");
		html_size(o, r->trailing_bytes);
		out_puts(o, " more were waiting on stdin</dd>\n");
	}
	out_puts(o, "</dl>\n</section>\n");
}

static void
html_limit(struct out *o, int inf, uint64_t v, const char *unit)
{
	if (inf)
		out_puts(o, "unlimited");
	else if (strcmp(unit, "bytes") == 0)
		html_size(o, v);
	else {
		out_u64(o, v);
		out_strs(o, " ", unit, NULL);
	}
}

static void
id_line(struct out *o, const char *label, long id, const char *name)
{
	out_printf(o, "<dt>%s</dt><dd>%ld ", label, id);
	hstr(o, name);
	out_puts(o, "</dd>\n");
}

static void
html_process(struct out *o, const struct dump *d)
{
	const struct process *p = &d->proc;
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;

	section(o, SEC_PROCESS);
	out_puts(o, "<dl>\n");
	if (d->transport.name != NULL) {
		transport_line(&b, &d->transport);
		out_puts(o, "<dt>served by</dt><dd>");
		out_html(o, b.p, b.len);
		out_puts(o, "</dd>\n");
		b.len = 0;
	}
	id_line(o, "uid", (long)p->uid, p->user);
	id_line(o, "euid", (long)p->euid, p->euser);
	id_line(o, "gid", (long)p->gid, p->group);
	id_line(o, "egid", (long)p->egid, p->egroup);
	out_puts(o, "<dt>groups</dt><dd>");
	if (p->ngroups == 0)
		out_puts(o, "<span class=\"note\">none</span>");
	for (i = 0; i < p->ngroups; i++) {
		out_printf(o, "%s%ld ", i ? ", " : "", (long)p->groups[i].gid);
		hstr(o, p->groups[i].name);
	}
	out_printf(o, "</dd>\n<dt>names from</dt><dd>%s</dd>", p->names_from !=
	    NULL ? p->names_from : "nss");
	out_printf(o, "\n<dt>umask</dt><dd>%04o</dd>\n"
	    "<dt>pid</dt><dd>%ld</dd>\n<dt>ppid</dt><dd>%ld</dd>\n"
	    "<dt>hostname</dt><dd>", (unsigned)p->umask, (long)p->pid,
	    (long)p->ppid);
	hstr(o, p->hostname);
	out_strs(o, "</dd>\n<dt>time</dt><dd>", p->time_utc,
	    " <span class=\"note\">(local ", p->time_local, ")</span></dd>\n",
	    NULL);
	for (i = 0; i < 3; i++) {
		const struct rlim	*r = &p->rlimits[i];

		out_strs(o, "<dt>", r->label, "</dt><dd>", NULL);
		if (!r->ok)
			out_puts(o, "<span class=\"note\">unknown</span>");
		else {
			out_puts(o, "soft ");
			html_limit(o, r->soft_inf, r->soft, r->unit);
			out_puts(o, ", hard ");
			html_limit(o, r->hard_inf, r->hard, r->unit);
		}
		out_puts(o, "</dd>\n");
	}
	sandbox_describe(&p->sandbox, &b);
	out_puts(o, "<dt>sandbox</dt><dd>");
	out_html(o, b.p, b.len);
	if (p->sha256 != NULL)
		out_printf(o, "</dd>\n<dt>sha256</dt><dd>%s", p->sha256);
	out_puts(o, "</dd>\n</dl>\n</section>\n");
	buf_free(&b);
}

static void
html_body(struct out *o, const struct body *b)
{
	if (!b->present)
		return;
	section(o, SEC_BODY);
	out_puts(o, "<dl>\n<dt>size</dt><dd>");
	html_size(o, b->size);
	out_puts(o, "</dd>\n<dt>sha256</dt><dd><code>");
	out_hex(o, b->sha256, sizeof(b->sha256));
	out_puts(o, "</code></dd>\n<dt>preview</dt><dd>");
	html_preview(o, &b->preview);
	out_puts(o, "</dd>\n</dl>\n</section>\n");
}

static void
html_limits(struct out *o, const struct dump *d)
{
	size_t	 i;

	section(o, SEC_LIMITS);
	out_puts(o, "<dl>\n");
	for (i = 0; i < LIM__MAX; i++) {
		out_strs(o, "<dt><code>", d->limits[i].var, "</code></dt><dd>",
		    NULL);
		html_limit(o, d->limits[i].value == 0, d->limits[i].value,
		    d->limits[i].unit);
		out_puts(o, "</dd>\n");
	}
	out_puts(o, "</dl>\n</section>\n");
}

/*
 * Under the verdicts: what arrived, in one line, and in a local run
 * as root the note on why privileges fails there.
 */
static void
html_arrived(struct out *o, const struct dump *d)
{
	struct buf	 b = { NULL, 0, 0 };

	out_puts(o, "<p class=\"arrived\"><span class=\"meta\">Arrived:</span> ");
	if (d->req.method.p == NULL)
		out_puts(o, "<span class=\"note\">no REQUEST_METHOD</span>");
	else
		hv(o, d->req.method.p, d->req.method.len);
	out_puts(o, " \xc2\xb7 ");
	arrived_describe(d, &b);
	out_html(o, b.p, b.len);
	out_puts(o, "</p>\n");
	b.len = 0;
	if (root_note(d, &b)) {
		out_puts(o, "<p class=\"note\">Note: ");
		html_message(o, buf_str(&b));
		out_puts(o, "</p>\n");
	}
	buf_free(&b);
}

static void
html_nav(struct out *o, const struct dump *d)
{
	size_t	 i;

	out_puts(o, "<nav>\n<ul>\n");
	for (i = 0; i < SEC__MAX; i++)
		if (section_shown(d, (enum section_id)i))
			out_strs(o, "<li><a href=\"#", sections[i].id, "\">",
			    sections[i].nav, "</a></li>\n", NULL);
	out_puts(o, "</ul>\n</nav>\n");
}

void
render_html(struct out *o, const struct dump *d)
{
	size_t	 i;

	out_strs(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
	    "<title>cgidump: what the server handed this CGI program</title>\n"
	    "<style>", html_style, "</style>\n</head>\n<body>\n<header>\n"
	    "<h1>cgidump</h1>\n"
	    "<p>What the server handed this CGI program, ", d->proc.time_utc,
	    ", on ", NULL);
	hstr(o, d->proc.hostname);
	out_puts(o, ".</p>\n");
	html_nav(o, d);
	out_puts(o, "</header>\n<main>\n");
	html_checks(o, d);
	html_arrived(o, d);
	html_problems(o, d);
	section(o, SEC_CWD);
	out_puts(o, "<p>");
	if (d->cwd != NULL)
		hv(o, d->cwd, strlen(d->cwd));
	else {
		out_puts(o, "<span class=\"note\">unknown: getcwd failed: ");
		out_html(o, strerror(d->cwd_errno),
		    strlen(strerror(d->cwd_errno)));
		out_puts(o, "</span>");
	}
	out_puts(o, "</p>\n</section>\n");
	section(o, SEC_ARGV);
	out_puts(o, "<ol start=\"0\">\n");
	for (i = 0; i < (size_t)d->argc; i++) {
		out_puts(o, "<li>");
		hv(o, d->argv[i], strlen(d->argv[i]));
		out_puts(o, "</li>\n");
	}
	out_puts(o, "</ol>\n</section>\n");
	html_form(o, &d->form);
	html_env(o, d);
	html_cgi_vars(o, d);
	html_request(o, &d->req);
	html_body(o, &d->body);
	html_limits(o, d);
	html_process(o, d);
	out_puts(o, "</main>\n<footer>\n<p class=\"note\">cgidump " CGIDUMP_VERSION
	    "</p>\n</footer>\n</body>\n</html>\n");
}
