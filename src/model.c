/* cgidump: see LICENSE (ISC). */
/*
 * model.c: the model's queries, used by judges and renderers alike
 * (which variables are set, the fields by name, the problems and the
 * verdicts), and the words for its states, shared by every renderer so
 * that HTML, text and JSON name things alike.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"

/* Python's cgi.print_environ_usage(), in its order. */
const char *const cgi_variables[] = {
	"AUTH_TYPE", "CONTENT_LENGTH", "CONTENT_TYPE", "DATE_GMT",
	"DATE_LOCAL", "DOCUMENT_NAME", "DOCUMENT_ROOT", "DOCUMENT_URI",
	"GATEWAY_INTERFACE", "LAST_MODIFIED", "PATH", "PATH_INFO",
	"PATH_TRANSLATED", "QUERY_STRING", "REMOTE_ADDR", "REMOTE_HOST",
	"REMOTE_IDENT", "REMOTE_USER", "REQUEST_METHOD", "SCRIPT_NAME",
	"SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "SERVER_ROOT",
	"SERVER_SOFTWARE", NULL
};

const char *const cgi_header_variables[] = {
	"HTTP_ACCEPT", "HTTP_CONNECTION", "HTTP_HOST", "HTTP_PRAGMA",
	"HTTP_REFERER", "HTTP_USER_AGENT", NULL
};

const char word_no_equals[] = "(entry has no \"=\")";
const char word_no_filename[] = "(no filename)";
const char word_no_type[] = "no content type";
const char word_incomplete[] = "incomplete: the body ended inside it";
const char word_truncated[] = "truncated by a limit";
const char word_nested[] = "in a multipart/mixed part";
const char word_from_star[] = "(from filename*, RFC 5987)";

const struct section sections[SEC__MAX] = {
	[SEC_CHECKS] = { "checks", "Server Setup Checks", "Checks" },
	[SEC_PROBLEMS] = { "problems", "Problems with this request",
	    "Problems" },
	[SEC_CWD] = { "cwd", "Current Working Directory",
	    "Working directory" },
	[SEC_ARGV] = { "argv", "Command Line Arguments", "Arguments" },
	[SEC_FORM] = { "form", "Form Contents", "Form" },
	[SEC_ENV] = { "environment", "Shell Environment", "Environment" },
	[SEC_VARIABLES] = { "variables",
	    "These environment variables could have been set",
	    "CGI variables" },
	[SEC_REQUEST] = { "request", "Request", "Request" },
	[SEC_BODY] = { "body", "Body", "Body" },
	[SEC_LIMITS] = { "limits", "Limits", "Limits" },
	[SEC_PROCESS] = { "process", "Process", "Process" },
};

/* The sections that have something to show: the rest are left out. */
int
section_shown(const struct dump *d, enum section_id s)
{
	switch (s) {
	case SEC_CHECKS:
		return d->nchecks > 0;
	case SEC_PROBLEMS:
		return d->problems.n > 0;
	case SEC_BODY:
		return d->body.present;
	default:
		return 1;
	}
}

/* The index of the first entry named key in a sorted list. */
static size_t
env_index(const struct envvar *env, size_t n, struct bytes key)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (bytes_cmp(env[mid].name, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t
env_first(const struct dump *d, struct bytes key)
{
	return env_index(d->env, d->nenv, key);
}

/*
 * First entry named name, in environ order, as getenv(3) would.  In
 * FastCGI and SCGI modes a setting the server's parameters do not
 * give comes from cgidump's own environment.
 */
const struct envvar *
env_find(const struct dump *d, const char *name)
{
	struct bytes	 key = bytes_of(name);
	size_t		 i;

	for (i = env_first(d, key); i < d->nenv &&
	    bytes_cmp(d->env[i].name, key) == 0; i++)
		if (d->env[i].value.p != NULL)
			return &d->env[i];
	if (d->nconf == 0 || strncmp(name, "CGIDUMP_", 8) != 0)
		return NULL;
	for (i = env_index(d->conf, d->nconf, key); i < d->nconf &&
	    bytes_cmp(d->conf[i].name, key) == 0; i++)
		if (d->conf[i].value.p != NULL)
			return &d->conf[i];
	return NULL;
}

struct bytes
env_get(const struct dump *d, const char *name)
{
	const struct envvar	*e = env_find(d, name);
	struct bytes		 none = { NULL, 0 };

	return e != NULL ? e->value : none;
}

enum setness
env_setness(const struct dump *d, const char *name)
{
	struct bytes	 v = env_get(d, name);

	if (v.p == NULL)
		return VAR_UNSET;
	return v.len == 0 ? VAR_EMPTY : VAR_SET;
}

/*
 * Whether name is in the environment more than once with different
 * values (nginx passes a fastcgi_param given twice twice): which one a
 * program sees then depends on how it looks.
 */
int
env_conflicts(const struct dump *d, const char *name)
{
	struct bytes		 key = bytes_of(name);
	const struct envvar	*first = env_find(d, name);
	size_t			 i;

	for (i = env_first(d, key); first != NULL && i < d->nenv &&
	    bytes_cmp(d->env[i].name, key) == 0; i++)
		if (d->env[i].value.p != NULL &&
		    bytes_cmp(d->env[i].value, first->value) != 0)
			return 1;
	return 0;
}

/* Lists in b those of names that are set, empty or not. */
void
env_set_names(const struct dump *d, const char *const *names, struct buf *b)
{
	size_t	 i;

	for (i = 0; names[i] != NULL; i++)
		if (env_setness(d, names[i]) != VAR_UNSET)
			buf_list(b, names[i], NULL);
}

/* A field's name, in the form's arena. */
struct bytes
field_name(const struct field *fl)
{
	struct bytes	 b = { fl->bytes, fl->namelen };

	return b;
}

/* A field's value (what is kept of it): right after its name. */
struct bytes
field_value(const struct field *fl)
{
	struct bytes	 b = { NULL, fl->valuelen };

	if (fl->bytes != NULL)
		b.p = fl->bytes + fl->namelen;
	return b;
}

/* A multipart part's own state; NULL for a query or urlencoded field. */
const struct field_part *
field_part(const struct form *f, const struct field *fl)
{
	return fl->part == 0 ? NULL : &f->parts[fl->part - 1];
}

/* Byte order of the names of fields i and j of f. */
static int
name_cmp(const struct form *f, uint32_t i, uint32_t j)
{
	return bytes_cmp(field_name(&f->v[i]), field_name(&f->v[j]));
}

/*
 * Merge sort of v's n indices by name.  Not qsort(3): glibc's takes a
 * copy of the array, and a quicksort could be made quadratic by the
 * request.  This one takes n log n comparisons at worst, but only
 * about n when the fields came in order or under one name (each merge
 * first asks whether its halves are already in order), and tmp, half
 * of n, for the left half of each merge.  It is stable: among fields
 * of one name, arrival order stays.
 */
static void
order_sort(const struct form *f, uint32_t *v, size_t n, uint32_t *tmp)
{
	size_t	 h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	order_sort(f, v, h, tmp);
	order_sort(f, v + h, n - h, tmp);
	if (name_cmp(f, v[h - 1], v[h]) <= 0)
		return;
	memcpy(tmp, v, h * sizeof(*v));
	/* The left half from tmp, the right in place: k never passes j. */
	while (i < h && j < n)
		v[k++] = name_cmp(f, tmp[i], v[j]) <= 0 ? tmp[i++] : v[j++];
	while (i < h)
		v[k++] = tmp[i++];
}

/*
 * The indices of the fields in f->v sorted by name, as Python's
 * print_form() showed them, with arrival order kept among fields of
 * one name so that they can be shown as one group.  The records stay
 * where they are.  The caller frees the array.
 */
uint32_t *
form_order(const struct form *f)
{
	uint32_t	*v = xreallocarray(NULL, f->n ? f->n : 1, sizeof(*v));
	uint32_t	*tmp = xreallocarray(NULL, f->n / 2 + 1, sizeof(*tmp));
	size_t		 i;

	mem_prefault(v, f->n * sizeof(*v));
	mem_prefault(tmp, (f->n / 2 + 1) * sizeof(*tmp));
	/* form.c keeps f->n within 32 bits. */
	for (i = 0; i < f->n; i++)
		v[i] = (uint32_t)i;
	order_sort(f, v, f->n, tmp);
	free(tmp);
	return v;
}

/* Two fields belong to one group: the same name. */
int
field_same_name(const struct field *a, const struct field *b)
{
	return bytes_cmp(field_name(a), field_name(b)) == 0;
}

void
problem_vadd(struct problems *ps, enum check_id check, enum cause cause,
    enum level level, const char *advice, const char *fmt, va_list ap)
{
	struct problem	*p;

	/*
	 * A body of a million bad parts must not make a million messages,
	 * but the worst of those not kept still decides their check.
	 */
	if (ps->max != 0 && ps->n >= ps->max) {
		if (ps->dropped++ == 0 || level > ps->worst_dropped.level) {
			ps->worst_dropped.check = check;
			ps->worst_dropped.cause = cause;
			ps->worst_dropped.level = level;
			ps->worst_dropped.advice = advice;
		}
		return;
	}
	ps->v = xreallocarray(ps->v, ps->n + 1, sizeof(*ps->v));
	p = &ps->v[ps->n++];
	p->check = check;
	p->cause = cause;
	p->level = level;
	p->advice = advice;
	p->message = xvasprintf(fmt, ap);
}

void
problem_add(struct problems *ps, enum check_id check, enum cause cause,
    enum level level, const char *advice, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	problem_vadd(ps, check, cause, level, advice, fmt, ap);
	va_end(ap);
}

/*
 * Moves the problems of from to the end of to.  Those from did not
 * keep are counted in one problem of their own, which has the check,
 * cause and level of the worst of them.
 */
void
problems_append(struct problems *to, struct problems *from)
{
	const struct problem	*w = &from->worst_dropped;
	size_t			 i;

	for (i = 0; i < from->n; i++) {
		to->v = xreallocarray(to->v, to->n + 1, sizeof(*to->v));
		to->v[to->n++] = from->v[i];
	}
	if (from->dropped > 0)
		problem_add(to, w->check, w->cause, w->level, w->advice,
		    "%llu more problems of the form were found and are not "
		    "listed", (unsigned long long)from->dropped);
	free(from->v);
	memset(from, 0, sizeof(*from));
}

void
problems_free(struct problems *ps)
{
	size_t	 i;

	for (i = 0; i < ps->n; i++)
		free(ps->v[i].message);
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

/*
 * The first of the worst problems that belong to check, and in *n how
 * many belong to it; NULL when none does.
 */
const struct problem *
problem_worst(const struct dump *d, enum check_id check, size_t *n)
{
	const struct problem	*worst = NULL;
	size_t			 i;

	*n = 0;
	for (i = 0; i < d->problems.n; i++) {
		const struct problem	*p = &d->problems.v[i];

		if (p->check != check)
			continue;
		(*n)++;
		if (worst == NULL || p->level > worst->level)
			worst = p;
	}
	return worst;
}

void
check_add(struct dump *d, enum check_id id, enum level level,
    const char *message)
{
	if (d->nchecks % 16 == 0)
		d->checks = xreallocarray(d->checks, d->nchecks + 16,
		    sizeof(*d->checks));
	d->checks[d->nchecks].id = id;
	d->checks[d->nchecks].level = level;
	d->checks[d->nchecks].message = xstrdup(message);
	d->nchecks++;
}

const struct check *
check_find(const struct dump *d, enum check_id id)
{
	size_t	 i;

	for (i = 0; i < d->nchecks; i++)
		if (d->checks[i].id == id)
			return &d->checks[i];
	return NULL;
}

/*
 * The worst level; with strict, a warning counts as a failure.  A skip
 * (not judged) is no level of the setup: it is never the worst, and
 * when every check is one the worst is ok.
 */
enum level
checks_worst(const struct dump *d)
{
	enum level	 worst = LEVEL_OK;
	size_t		 i;

	for (i = 0; i < d->nchecks; i++)
		if (d->checks[i].level > worst)
			worst = d->checks[i].level;
	if (d->strict && worst == LEVEL_WARN)
		worst = LEVEL_FAIL;
	return worst;
}

size_t
checks_count(const struct dump *d, enum level level)
{
	size_t	 i, n = 0;

	for (i = 0; i < d->nchecks; i++)
		if (d->checks[i].level == level)
			n++;
	return n;
}

const char *
body_end_name(enum body_end e)
{
	switch (e) {
	case BODY_DONE:
		return "complete";
	case BODY_SHORT:
		return "short";
	case BODY_TIMEOUT:
		return "timeout";
	case BODY_DEADLINE:
		return "deadline";
	case BODY_READ_ERROR:
	case BODY_BAD_FRAMING:
		return "error";
	case BODY_LIMIT:
		return "limit";
	default:
		return "none";
	}
}

const char *
source_name(enum source s)
{
	return s == SRC_QUERY ? "query" : "body";
}

const char *
setness_name(enum setness s)
{
	switch (s) {
	case VAR_SET:
		return "set";
	case VAR_EMPTY:
		return "empty";
	default:
		return "unset";
	}
}

const char *
level_name(enum level l)
{
	switch (l) {
	case LEVEL_FAIL:
		return "fail";
	case LEVEL_WARN:
		return "warn";
	case LEVEL_SKIP:
		return "skip";
	default:
		return "ok";
	}
}

const char *
cause_name(enum cause c)
{
	switch (c) {
	case CAUSE_LIMIT:
		return "limit";
	default:
		return "request";
	}
}

/* The first PREVIEW_MAX bytes of something streamed. */
void
preview_add(struct preview *pv, const char *p, size_t len)
{
	size_t	 n = sizeof(pv->p) - pv->len;

	if (n > len)
		n = len;
	memcpy(pv->p + pv->len, p, n);
	pv->len += n;
}
/* Bytes from i on start a character the preview's end cut short. */
static int
cut_at_end(const struct preview *pv, size_t i)
{
	size_t	 need, j;

	if (pv->len < sizeof(pv->p))
		return 0;
	if (pv->p[i] >= 0xc2 && pv->p[i] <= 0xdf)
		need = 2;
	else if (pv->p[i] >= 0xe0 && pv->p[i] <= 0xef)
		need = 3;
	else if (pv->p[i] >= 0xf0 && pv->p[i] <= 0xf4)
		need = 4;
	else
		return 0;
	if (pv->len - i >= need)
		return 0;
	for (j = i + 1; j < pv->len; j++)
		if ((pv->p[j] & 0xc0) != 0x80)
			return 0;
	return 1;
}

/*
 * Binary, to be shown in hex: a NUL, a control other than tab, CR and
 * LF, or bytes that are not UTF-8 (a character cut by the end of the
 * preview does not count).
 */
int
preview_is_binary(const struct preview *pv)
{
	size_t		 i = 0, n;
	uint32_t	 cp;

	while (i < pv->len) {
		if ((n = utf8_valid(pv->p + i, pv->len - i, &cp)) == 0)
			return !cut_at_end(pv, i);
		if (cp < 0x20 && cp != '\t' && cp != '\r' && cp != '\n')
			return 1;
		if (cp == 0x7f)
			return 1;
		i += n;
	}
	return 0;
}

/*
 * The sandbox in one line for the human formats: "on: seccomp filter
 * (27 system calls), no new privileges; no new files, CPU 90 s, address
 * space 112 MiB", or "off: built with --disable-sandbox; ...".
 */
void
sandbox_describe(const struct sandbox *sb, struct buf *b)
{
	if (sb->method == NULL)
		buf_addf(b, "not entered");
	else if (sb->active && strcmp(sb->method, "seccomp") == 0)
		buf_addf(b, "on: seccomp filter (%zu system calls), "
		    "no new privileges", sb->syscalls);
	else if (sb->active)
		buf_addf(b, "on: %s(\"stdio\")", sb->method);
	else
		buf_addf(b, "off: %s", sb->note[0] != '\0' ? sb->note :
		    "no reason known");
	if (sb->nofile)
		buf_addf(b, "; no new files");
	if (sb->cpu != 0)
		buf_addf(b, "; CPU %" PRIu64 " s", sb->cpu);
	if (sb->as != 0) {
		buf_addf(b, "; address space ");
		size_human(b, sb->as);
	}
}

/*
 * What arrived, after the method, for the line under the verdicts:
 * "1.2 MiB (1,234,567 bytes) of 1,234,567 announced, complete · 3
 * fields, 1 file".  Only cgidump's words and numbers: no request byte.
 */
void
arrived_describe(const struct dump *d, struct buf *b)
{
	const struct request	*r = &d->req;
	size_t			 i, nfiles = 0;

	if (r->body_end == BODY_NONE && r->body_bytes == 0)
		buf_addf(b, "no body");
	else {
		size_human(b, r->body_bytes);
		if (r->has_length) {
			buf_addf(b, " of ");
			buf_grouped(b, r->length);
			buf_addf(b, " announced");
		} else
			buf_addf(b, " with no CONTENT_LENGTH");
		if (r->body_end == BODY_DONE)
			buf_addf(b, ", complete");
		else
			buf_addf(b, ", incomplete (%s)",
			    body_end_name(r->body_end));
	}
	if (!r->has_length && r->content_length.p != NULL)
		buf_addf(b, ", CONTENT_LENGTH is not a length");
	if (r->trailing_bytes > 0) {
		buf_addf(b, ", ");
		size_human(b, r->trailing_bytes);
		buf_addf(b, " more waiting on stdin, not read");
	}
	for (i = 0; i < d->form.n; i++)
		nfiles += d->form.v[i].part != 0 &&
		    field_part(&d->form, &d->form.v[i])->is_file;
	buf_addf(b, " \xc2\xb7 %zu field%s, %zu file%s", d->form.n - nfiles,
	    d->form.n - nfiles == 1 ? "" : "s", nfiles, nfiles == 1 ? "" : "s");
	if (d->form.cut != CUT_NONE)
		buf_addf(b, " (a limit cut the form short)");
}

/* A path a shell takes as one word, unquoted, inside '...' too. */
static int
sh_plain(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || byte_in(*s, "/._+,:@%-")))
			return 0;
	return 1;
}

/*
 * The local-run note for the human formats, `code` in backticks
 * (render_html.c shows it as code), or nothing.  A first run as root
 * fails privileges, rightly: say that it is meant, and how to see it
 * pass.  Returns whether there is a note.
 */
int
root_note(const struct dump *d, struct buf *b)
{
	const char	*prog = "/path/to/cgidump";

	if (d->mode != MODE_LOCAL || (d->proc.uid != 0 && d->proc.euid != 0))
		return 0;
	if (d->host.program != NULL && sh_plain(d->host.program))
		prog = d->host.program;
	buf_addf(b, "run as root, `privileges` fails by design: a CGI "
	    "program must not run as root. To see it pass, run it as an "
	    "ordinary user: `su nobody -s /bin/sh -c '%s --check'`, or on "
	    "Linux `setpriv --reuid=65534 --regid=65534 --clear-groups %s "
	    "--check` (%sthat user must be able to reach the program: a "
	    "copy in /tmp will do).", prog, prog, prog == d->host.program ?
	    "" : "with cgidump's path; ");
	return 1;
}

/* FastCGI and SCGI: how this request came, as one line. */
void
transport_line(struct buf *b, const struct transport_facts *t)
{
	buf_addf(b, "%s on %s, request %llu on its connection",
	    strcmp(t->name, "fastcgi") == 0 ? "FastCGI" : "SCGI", t->listen,
	    (unsigned long long)t->request);
	if (strcmp(t->name, "fastcgi") == 0)
		buf_addf(b, " (request id %u, %s)", t->id, t->keep_conn ?
		    "FCGI_KEEP_CONN: the server keeps it open" :
		    "closed after the answer");
}

/*
 * A variable's value for a message: quoted, or only its length when
 * the Environment section hides it (DESIGN.md "Secrets": the same
 * decision, env.c's, never a partial value).
 */
void
buf_env_value(struct buf *b, const struct envvar *e)
{
	if (e == NULL || e->value.p == NULL)
		buf_addf(b, "%s", e == NULL ? "unset" : word_no_equals);
	else if (e->redact != RED_NONE)
		buf_addf(b, "hidden (%zu bytes)", e->value.len);
	else
		buf_quote(b, e->value.p, e->value.len, QUOTE_MAX);
}
