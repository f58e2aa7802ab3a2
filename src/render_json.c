/* cgidump: see LICENSE (ISC). */
/*
 * render_json.c: the model as JSON (DESIGN.md "The JSON model").
 * Scripts depend on this shape: add keys, never rename or remove one.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dump.h"

static void
jbytes(struct out *o, struct bytes b)
{
	if (b.p == NULL)
		out_puts(o, "null");
	else
		out_json(o, b.p, b.len);
}

static void
jstr(struct out *o, const char *s)
{
	if (s == NULL)
		out_puts(o, "null");
	else
		out_json(o, s, strlen(s));
}

/* DESIGN.md "Secrets": in place of a value, its length alone. */
static void
jredacted(struct out *o, size_t len)
{
	out_puts(o, ",\"redacted\":true,\"length\":");
	out_u64(o, len);
}

static void
json_request(struct out *o, const struct request *r)
{
	out_puts(o, "{\"method\":");
	jbytes(o, r->method);
	/* Hidden as QUERY_STRING is: null, and a length (keys only added). */
	out_puts(o, ",\"query_string\":");
	if (r->query_redacted) {
		out_puts(o, "null,\"query_string_redacted\":true"
		    ",\"query_string_length\":");
		out_u64(o, r->query_string.len);
	} else
		jbytes(o, r->query_string);
	if (r->query_from_argv)
		out_puts(o, ",\"query_string_from\":\"argv\"");
	out_puts(o, ",\"content_type\":");
	jbytes(o, r->content_type);
	out_puts(o, ",\"content_length\":");
	if (r->has_length)
		out_u64(o, r->length);
	else
		out_puts(o, "null");
	out_puts(o, ",\"content_length_raw\":");
	jbytes(o, r->content_length);
	/*
	 * RFC 7493 §2.2: readers that hold numbers as doubles (JavaScript,
	 * jq 1.6) round integers past 2^53, so the length also goes as a
	 * string: exact for any reader, and null when there is none.
	 */
	out_puts(o, ",\"content_length_digits\":");
	if (r->has_length) {
		out_putc(o, '"');
		out_u64(o, r->length);
		out_putc(o, '"');
	} else
		out_puts(o, "null");
	out_puts(o, ",\"body_bytes\":");
	out_u64(o, r->body_bytes);
	out_strs(o, ",\"body_end\":\"", body_end_name(r->body_end),
	    "\",\"bytes_after_body\":", NULL);
	out_u64(o, r->trailing_bytes);
	out_strs(o, ",\"stdin\":\"", r->stdin_kind, "\",\"read_to_eof\":",
	    r->to_eof ? "true" : "false", ",\"chunk_framing\":",
	    r->chunk_framing ? "true" : "false", "}", NULL);
}

/* "preview" as text, or "preview_hex" when it is binary. */
static void
json_preview(struct out *o, const struct preview *pv)
{
	if (preview_is_binary(pv)) {
		out_puts(o, ",\"preview_hex\":\"");
		out_hex(o, pv->p, pv->len);
		out_putc(o, '"');
	} else {
		out_puts(o, ",\"preview\":");
		out_json(o, (const char *)pv->p, pv->len);
	}
}

static void
json_file(struct out *o, const struct field_part *pt)
{
	out_puts(o, ",\"filename\":");
	if (pt->has_filename)
		out_json(o, pt->filename.p, pt->filename.len);
	else
		out_puts(o, "null");
	out_puts(o, ",\"content_type\":");
	if (pt->has_type)
		out_json(o, pt->content_type.p, pt->content_type.len);
	else
		out_puts(o, "null");
	out_puts(o, ",\"size\":");
	out_u64(o, pt->size);
	out_puts(o, ",\"sha256\":\"");
	out_hex(o, pt->sha256, sizeof(pt->sha256));
	out_putc(o, '"');
	json_preview(o, &pt->preview);
	if (pt->filename_star)
		out_puts(o, ",\"filename_rfc5987\":true");
	if (pt->nested)
		out_puts(o, ",\"nested\":true");
}

/* A multipart part's headers, as received: none for query fields. */
static void
json_part_headers(struct out *o, const struct field_headers *fh)
{
	size_t	 i;

	if (fh == NULL)
		return;
	out_puts(o, ",\"headers\":[");
	for (i = 0; i < fh->n; i++) {
		out_puts(o, i ? ",{\"name\":" : "{\"name\":");
		out_json(o, fh->v[i].name.p, fh->v[i].name.len);
		if (fh->v[i].redacted)
			/* DESIGN.md "Secrets": a length, never a partial value. */
			jredacted(o, fh->v[i].value.len);
		else {
			out_puts(o, ",\"value\":");
			out_json(o, fh->v[i].value.p, fh->v[i].value.len);
		}
		out_putc(o, '}');
	}
	out_putc(o, ']');
}

static void
json_form_to(struct out *o, const struct form *form)
{
	size_t	 i;

	out_putc(o, '[');
	for (i = 0; i < form->n; i++) {
		const struct field	*fl = &form->v[i];
		const struct field_part	*pt = field_part(form, fl);
		struct bytes		 name = field_name(fl);
		struct bytes		 value = field_value(fl);

		out_puts(o, i ? ",\n  {\"name\":" : "\n  {\"name\":");
		out_json(o, name.p, name.len);
		out_strs(o, ",\"source\":\"", source_name(fl->source), "\"",
		    NULL);
		if (pt != NULL && pt->is_file)
			json_file(o, pt);
		else if (fl->redacted)
			/* DESIGN.md "Secrets": a length, never a partial value. */
			jredacted(o, value.len);
		else {
			out_puts(o, ",\"value\":");
			out_json(o, value.p, value.len);
			if (pt != NULL && pt->size > value.len) {
				out_puts(o, ",\"size\":");
				out_u64(o, pt->size);
			}
		}
		if (pt != NULL)
			json_part_headers(o, pt->headers);
		if (fl->truncated)
			out_puts(o, ",\"truncated\":true");
		if (pt != NULL && pt->incomplete)
			out_puts(o, ",\"incomplete\":true");
		out_putc(o, '}');
	}
	out_putc(o, ']');
}

static void
json_env(struct out *o, const struct dump *d)
{
	size_t	 i, j;

	out_putc(o, '[');
	for (i = 0; i < d->nenv; i++) {
		const struct envvar	*e = &d->env[i];

		out_puts(o, i ? ",\n  {\"name\":" : "\n  {\"name\":");
		out_json(o, e->name.p, e->name.len);
		if (e->redact == RED_NONE) {
			out_puts(o, ",\"value\":");
			jbytes(o, e->value);
		} else
			jredacted(o, e->value.len);
		if (e->redact == RED_COOKIE) {
			out_puts(o, ",\"cookie_names\":[");
			for (j = 0; j < e->ncookies; j++) {
				if (j)
					out_putc(o, ',');
				jbytes(o, e->cookies[j]);
			}
			out_putc(o, ']');
		}
		out_putc(o, '}');
	}
	out_putc(o, ']');
}

static void
json_cgi_vars(struct out *o, const struct dump *d)
{
	const char *const	*lists[] = { cgi_variables, cgi_header_variables };
	size_t			 l, i;
	int			 first = 1;

	out_putc(o, '[');
	for (l = 0; l < 2; l++)
		for (i = 0; lists[l][i] != NULL; i++) {
			out_puts(o, first ? "{\"name\":" : ",{\"name\":");
			jstr(o, lists[l][i]);
			out_strs(o, ",\"state\":\"",
			    setness_name(env_setness(d, lists[l][i])), "\"}",
			    NULL);
			first = 0;
		}
	out_putc(o, ']');
}

static void
json_limit(struct out *o, uint64_t v)
{
	if (v == 0)
		out_puts(o, "null");
	else
		out_u64(o, v);
}

/* process.sandbox: what sandbox.c took away; null where it did not. */
static void
json_sandbox(struct out *o, const struct sandbox *sb)
{
	out_puts(o, "{\"method\":");
	jstr(o, sb->method != NULL ? sb->method : "none");
	out_strs(o, ",\"active\":", sb->active ? "true" : "false",
	    ",\"no_new_privs\":", sb->no_new_privs ? "true" : "false",
	    ",\"syscalls\":", NULL);
	json_limit(o, sb->syscalls);
	out_strs(o, ",\"no_new_files\":", sb->nofile ? "true" : "false",
	    ",\"cpu_seconds\":", NULL);
	json_limit(o, sb->cpu);
	out_puts(o, ",\"address_space\":");
	json_limit(o, sb->as);
	out_puts(o, ",\"note\":");
	jstr(o, sb->note[0] != '\0' ? sb->note : NULL);
	out_putc(o, '}');
}

static void
json_process(struct out *o, const struct process *p)
{
	size_t	 i;

	out_printf(o, "{\"uid\":%ld,\"euid\":%ld,\"gid\":%ld,\"egid\":%ld",
	    (long)p->uid, (long)p->euid, (long)p->gid, (long)p->egid);
	out_puts(o, ",\"user\":");
	jstr(o, p->user);
	out_puts(o, ",\"euser\":");
	jstr(o, p->euser);
	out_puts(o, ",\"group\":");
	jstr(o, p->group);
	out_puts(o, ",\"egroup\":");
	jstr(o, p->egroup);
	out_puts(o, ",\"groups\":[");
	for (i = 0; i < p->ngroups; i++) {
		out_printf(o, "%s{\"gid\":%ld,\"name\":", i ? "," : "",
		    (long)p->groups[i].gid);
		jstr(o, p->groups[i].name);
		out_putc(o, '}');
	}
	out_puts(o, "],\"names_from\":");
	jstr(o, p->names_from);
	out_printf(o, ",\"umask\":\"%04o\",\"pid\":%ld,\"ppid\":%ld",
	    (unsigned)p->umask, (long)p->pid, (long)p->ppid);
	out_puts(o, ",\"hostname\":");
	jstr(o, p->hostname);
	out_puts(o, ",\"time\":");
	jstr(o, p->time_utc);
	out_puts(o, ",\"time_local\":");
	jstr(o, p->time_local);
	out_puts(o, ",\"rlimits\":{");
	for (i = 0; i < 3; i++) {
		const struct rlim	*r = &p->rlimits[i];

		out_strs(o, i ? ",\"" : "\"", r->name, "\":", NULL);
		if (!r->ok) {
			out_puts(o, "null");
			continue;
		}
		out_puts(o, "{\"soft\":");
		json_limit(o, r->soft_inf ? 0 : r->soft);
		out_puts(o, ",\"hard\":");
		json_limit(o, r->hard_inf ? 0 : r->hard);
		out_putc(o, '}');
	}
	out_puts(o, "},\"sandbox\":");
	json_sandbox(o, &p->sandbox);
	out_puts(o, ",\"sha256\":");
	jstr(o, p->sha256);
	out_putc(o, '}');
}

/* The problems found, each with the check it belongs to and its cause. */
static void
json_problems_to(struct out *o, const struct problems *ps)
{
	size_t	 i;

	out_putc(o, '[');
	for (i = 0; i < ps->n; i++) {
		out_strs(o, i ? ",\n  {\"id\":\"" : "\n  {\"id\":\"",
		    check_name(ps->v[i].check), "\",\"cause\":\"",
		    cause_name(ps->v[i].cause), "\",\"message\":", NULL);
		jstr(o, ps->v[i].message);
		out_putc(o, '}');
	}
	out_putc(o, ']');
}

static void
json_filefact(struct out *o, const char *key, const struct filefact *ff)
{
	out_strs(o, ",\"", key, "\":", NULL);
	if (ff->found)
		out_printf(o, "{\"mode\":\"%04o\",\"uid\":%ld}",
		    (unsigned)ff->mode, (long)ff->uid);
	else
		out_puts(o, "null");
}

/* The facts about the files it runs from, as the judges saw them. */
static void
json_host(struct out *o, const struct host *h)
{
	size_t	 i;

	out_puts(o, "{\"program\":");
	jstr(o, h->program);
	out_puts(o, ",\"program_from\":");
	jstr(o, h->program_from);
	json_filefact(o, "program_file", &h->program_st);
	json_filefact(o, "program_directory", &h->dir_st);
	out_puts(o, ",\"cwd_is_program_directory\":");
	out_puts(o, h->cwd == CWD_SAME ? "true" : h->cwd == CWD_OTHER ? "false" :
	    "null");
	out_puts(o, ",\"directories\":[");
	for (i = 0; i < h->ndirs; i++) {
		out_puts(o, i ? ",{\"path\":" : "{\"path\":");
		jstr(o, h->dirs[i].path);
		out_strs(o, ",\"relative\":", h->dirs[i].relative ? "true" :
		    "false", NULL);
		json_filefact(o, "file", &h->dirs[i].st);
		out_putc(o, '}');
	}
	out_puts(o, "],\"script_file\":");
	if (h->script.fact == SCRIPT_NONE) {
		out_puts(o, "null}");
		return;
	}
	out_puts(o, "{\"path\":");
	jstr(o, h->script.path);
	out_strs(o, ",\"found\":", h->script.fact == SCRIPT_FOUND ? "true" :
	    "false", ",\"error\":", NULL);
	jstr(o, h->script.error);
	out_puts(o, ",\"fix_pathinfo_runs\":");
	jstr(o, h->script.runs);
	out_puts(o, "}}");
}

/* The verdicts; with quiet, only those at warn or fail. */
static void
json_check_list(struct out *o, const struct dump *d, int quiet)
{
	size_t	 i, n = 0;

	out_putc(o, '[');
	for (i = 0; i < d->nchecks; i++) {
		if (quiet && d->checks[i].level < LEVEL_WARN)
			continue;
		out_strs(o, n++ ? ",\n  {\"id\":\"" : "\n  {\"id\":\"",
		    check_name(d->checks[i].id), "\",\"level\":\"",
		    level_name(d->checks[i].level), "\",\"message\":", NULL);
		jstr(o, d->checks[i].message);
		out_putc(o, '}');
	}
	out_putc(o, ']');
}

/*
 * --check -f json, and /check for a client that prefers JSON: the
 * verdicts alone.  "worst" is the level that decides the exit status
 * and the HTTP status (with strict, a warning makes it fail), "counts"
 * has every level, skip included, whatever --quiet leaves out.
 */
void
json_checks(struct out *o, const struct dump *d)
{
	static const enum level	 levels[] = {
		LEVEL_OK, LEVEL_WARN, LEVEL_FAIL, LEVEL_SKIP
	};
	size_t			 i;

	out_strs(o, "{\"version\":\"" MODEL_VERSION "\",\"worst\":\"",
	    level_name(checks_worst(d)), "\",\"strict\":",
	    d->strict ? "true" : "false", ",\"counts\":{", NULL);
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		out_strs(o, i ? ",\"" : "\"", level_name(levels[i]), "\":", NULL);
		out_u64(o, checks_count(d, levels[i]));
	}
	out_puts(o, "},\n\"checks\":");
	json_check_list(o, d, d->quiet);
	out_puts(o, "}\n");
}

void
render_json(struct out *o, const struct dump *d)
{
	const struct transport_facts *t = &d->transport;
	size_t	 i;

	out_strs(o, "{\"version\":\"" MODEL_VERSION "\",\"program\":"
	    "\"cgidump " CGIDUMP_VERSION "\",\"mode\":\"",
	    t->name != NULL ? t->name : d->mode == MODE_CGI ? "cgi" : "local",
	    "\"", NULL);
	if (t->name != NULL) {
		out_puts(o, ",\"transport\":{\"listen\":");
		out_json(o, t->listen, strlen(t->listen));
		out_puts(o, ",\"request\":");
		out_u64(o, t->request);
		if (strcmp(t->name, "fastcgi") == 0) {
			out_puts(o, ",\"request_id\":");
			out_u64(o, t->id);
			out_strs(o, ",\"keep_conn\":",
			    t->keep_conn ? "true" : "false", NULL);
		}
		out_putc(o, '}');
	}
	out_puts(o, ",\n\"request\":");
	json_request(o, &d->req);
	out_puts(o, ",\n\"form\":");
	json_form_to(o, &d->form);
	out_puts(o, ",\n\"body\":");
	if (d->body.present) {
		out_puts(o, "{\"size\":");
		out_u64(o, d->body.size);
		out_puts(o, ",\"sha256\":\"");
		out_hex(o, d->body.sha256, sizeof(d->body.sha256));
		out_putc(o, '"');
		json_preview(o, &d->body.preview);
		out_putc(o, '}');
	} else
		out_puts(o, "null");
	out_puts(o, ",\n\"environment\":");
	json_env(o, d);
	out_puts(o, ",\n\"cgi_variables\":");
	json_cgi_vars(o, d);
	out_puts(o, ",\n\"argv\":[");
	for (i = 0; i < (size_t)d->argc; i++) {
		if (i)
			out_putc(o, ',');
		jstr(o, d->argv[i]);
	}
	out_puts(o, "],\n\"cwd\":");
	jstr(o, d->cwd);
	out_puts(o, ",\"cwd_error\":");
	jstr(o, d->cwd == NULL ? strerror(d->cwd_errno) : NULL);
	out_puts(o, ",\n\"process\":");
	json_process(o, &d->proc);
	out_puts(o, ",\n\"host\":");
	json_host(o, &d->host);
	out_puts(o, ",\n\"limits\":{");
	for (i = 0; i < LIM__MAX; i++) {
		out_strs(o, i ? ",\"" : "\"", d->limits[i].key, "\":", NULL);
		json_limit(o, d->limits[i].value);
	}
	out_puts(o, "},\n\"checks\":");
	json_check_list(o, d, 0);
	out_puts(o, ",\n\"errors\":");
	json_problems_to(o, &d->problems);
	out_puts(o, "}\n");
}

void
json_form(FILE *f, const struct form *form)
{
	struct out	 o = { f, { NULL, 0, 0 }, 0 };

	json_form_to(&o, form);
	out_end(&o);
}

void
json_problems(FILE *f, const struct problems *ps)
{
	struct out	 o = { f, { NULL, 0, 0 }, 0 };

	json_problems_to(&o, ps);
	out_end(&o);
}
