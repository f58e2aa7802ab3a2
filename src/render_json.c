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
jbytes(FILE *f, struct bytes b)
{
	if (b.p == NULL)
		fputs("null", f);
	else
		json_string(f, b.p, b.len);
}

static void
jstr(FILE *f, const char *s)
{
	if (s == NULL)
		fputs("null", f);
	else
		json_string(f, s, strlen(s));
}

/* DESIGN.md "Secrets": in place of a value, its length alone. */
static void
jredacted(FILE *f, size_t len)
{
	fputs(",\"redacted\":true,\"length\":", f);
	u64_out(f, len);
}

static void
json_request(FILE *f, const struct request *r)
{
	fputs("{\"method\":", f);
	jbytes(f, r->method);
	/* Hidden as QUERY_STRING is: null, and a length (keys only added). */
	fputs(",\"query_string\":", f);
	if (r->query_redacted) {
		fputs("null,\"query_string_redacted\":true"
		    ",\"query_string_length\":", f);
		u64_out(f, r->query_string.len);
	} else
		jbytes(f, r->query_string);
	if (r->query_from_argv)
		fputs(",\"query_string_from\":\"argv\"", f);
	fputs(",\"content_type\":", f);
	jbytes(f, r->content_type);
	fputs(",\"content_length\":", f);
	if (r->has_length)
		u64_out(f, r->length);
	else
		fputs("null", f);
	fputs(",\"content_length_raw\":", f);
	jbytes(f, r->content_length);
	/*
	 * RFC 7493 §2.2: readers that hold numbers as doubles (JavaScript,
	 * jq 1.6) round integers past 2^53, so the length also goes as a
	 * string: exact for any reader, and null when there is none.
	 */
	fputs(",\"content_length_digits\":", f);
	if (r->has_length) {
		putc('"', f);
		u64_out(f, r->length);
		putc('"', f);
	} else
		fputs("null", f);
	fputs(",\"body_bytes\":", f);
	u64_out(f, r->body_bytes);
	strs_out(f, ",\"body_end\":\"", body_end_name(r->body_end),
	    "\",\"bytes_after_body\":", NULL);
	u64_out(f, r->trailing_bytes);
	strs_out(f, ",\"stdin\":\"", r->stdin_kind, "\",\"read_to_eof\":",
	    r->to_eof ? "true" : "false", ",\"chunk_framing\":",
	    r->chunk_framing ? "true" : "false", "}", NULL);
}

/* "preview" as text, or "preview_hex" when it is binary. */
static void
json_preview(FILE *f, const struct preview *pv)
{
	if (preview_is_binary(pv)) {
		fputs(",\"preview_hex\":\"", f);
		hex_out(f, pv->p, pv->len);
		fputc('"', f);
	} else {
		fputs(",\"preview\":", f);
		json_string(f, (const char *)pv->p, pv->len);
	}
}

static void
json_file(FILE *f, const struct field_part *pt)
{
	fputs(",\"filename\":", f);
	if (pt->has_filename)
		json_string(f, pt->filename.p, pt->filename.len);
	else
		fputs("null", f);
	fputs(",\"content_type\":", f);
	if (pt->has_type)
		json_string(f, pt->content_type.p, pt->content_type.len);
	else
		fputs("null", f);
	fputs(",\"size\":", f);
	u64_out(f, pt->size);
	fputs(",\"sha256\":\"", f);
	hex_out(f, pt->sha256, sizeof(pt->sha256));
	fputc('"', f);
	json_preview(f, &pt->preview);
	if (pt->filename_star)
		fputs(",\"filename_rfc5987\":true", f);
	if (pt->nested)
		fputs(",\"nested\":true", f);
}

/* A multipart part's headers, as received: none for query fields. */
static void
json_part_headers(FILE *f, const struct field_headers *fh)
{
	size_t	 i;

	if (fh == NULL)
		return;
	fputs(",\"headers\":[", f);
	for (i = 0; i < fh->n; i++) {
		fputs(i ? ",{\"name\":" : "{\"name\":", f);
		json_string(f, fh->v[i].name.p, fh->v[i].name.len);
		if (fh->v[i].redacted)
			/* DESIGN.md "Secrets": a length, never a partial value. */
			jredacted(f, fh->v[i].value.len);
		else {
			fputs(",\"value\":", f);
			json_string(f, fh->v[i].value.p, fh->v[i].value.len);
		}
		fputc('}', f);
	}
	fputc(']', f);
}

void
json_form(FILE *f, const struct form *form)
{
	size_t	 i;

	fputc('[', f);
	for (i = 0; i < form->n; i++) {
		const struct field	*fl = &form->v[i];
		const struct field_part	*pt = field_part(form, fl);
		struct bytes		 name = field_name(fl);
		struct bytes		 value = field_value(fl);

		fputs(i ? ",\n  {\"name\":" : "\n  {\"name\":", f);
		json_string(f, name.p, name.len);
		strs_out(f, ",\"source\":\"", source_name(fl->source), "\"",
		    NULL);
		if (pt != NULL && pt->is_file)
			json_file(f, pt);
		else if (fl->redacted)
			/* DESIGN.md "Secrets": a length, never a partial value. */
			jredacted(f, value.len);
		else {
			fputs(",\"value\":", f);
			json_string(f, value.p, value.len);
			if (pt != NULL && pt->size > value.len) {
				fputs(",\"size\":", f);
				u64_out(f, pt->size);
			}
		}
		if (pt != NULL)
			json_part_headers(f, pt->headers);
		if (fl->truncated)
			fputs(",\"truncated\":true", f);
		if (pt != NULL && pt->incomplete)
			fputs(",\"incomplete\":true", f);
		fputc('}', f);
	}
	fputc(']', f);
}

static void
json_env(FILE *f, const struct dump *d)
{
	size_t	 i, j;

	fputc('[', f);
	for (i = 0; i < d->nenv; i++) {
		const struct envvar	*e = &d->env[i];

		fputs(i ? ",\n  {\"name\":" : "\n  {\"name\":", f);
		json_string(f, e->name.p, e->name.len);
		if (e->redact == RED_NONE) {
			fputs(",\"value\":", f);
			jbytes(f, e->value);
		} else
			jredacted(f, e->value.len);
		if (e->redact == RED_COOKIE) {
			fputs(",\"cookie_names\":[", f);
			for (j = 0; j < e->ncookies; j++) {
				if (j)
					fputc(',', f);
				jbytes(f, e->cookies[j]);
			}
			fputc(']', f);
		}
		fputc('}', f);
	}
	fputc(']', f);
}

static void
json_cgi_vars(FILE *f, const struct dump *d)
{
	const char *const	*lists[] = { cgi_variables, cgi_header_variables };
	size_t			 l, i;
	int			 first = 1;

	fputc('[', f);
	for (l = 0; l < 2; l++)
		for (i = 0; lists[l][i] != NULL; i++) {
			fputs(first ? "{\"name\":" : ",{\"name\":", f);
			jstr(f, lists[l][i]);
			strs_out(f, ",\"state\":\"",
			    setness_name(env_setness(d, lists[l][i])), "\"}",
			    NULL);
			first = 0;
		}
	fputc(']', f);
}

static void
json_limit(FILE *f, uint64_t v)
{
	if (v == 0)
		fputs("null", f);
	else
		u64_out(f, v);
}

/* process.sandbox: what sandbox.c took away; null where it did not. */
static void
json_sandbox(FILE *f, const struct sandbox *sb)
{
	fputs("{\"method\":", f);
	jstr(f, sb->method != NULL ? sb->method : "none");
	strs_out(f, ",\"active\":", sb->active ? "true" : "false",
	    ",\"no_new_privs\":", sb->no_new_privs ? "true" : "false",
	    ",\"syscalls\":", NULL);
	json_limit(f, sb->syscalls);
	strs_out(f, ",\"no_new_files\":", sb->nofile ? "true" : "false",
	    ",\"cpu_seconds\":", NULL);
	json_limit(f, sb->cpu);
	fputs(",\"address_space\":", f);
	json_limit(f, sb->as);
	fputs(",\"note\":", f);
	jstr(f, sb->note[0] != '\0' ? sb->note : NULL);
	fputc('}', f);
}

static void
json_process(FILE *f, const struct process *p)
{
	size_t	 i;

	fprintf(f, "{\"uid\":%ld,\"euid\":%ld,\"gid\":%ld,\"egid\":%ld",
	    (long)p->uid, (long)p->euid, (long)p->gid, (long)p->egid);
	fputs(",\"user\":", f);
	jstr(f, p->user);
	fputs(",\"euser\":", f);
	jstr(f, p->euser);
	fputs(",\"group\":", f);
	jstr(f, p->group);
	fputs(",\"egroup\":", f);
	jstr(f, p->egroup);
	fputs(",\"groups\":[", f);
	for (i = 0; i < p->ngroups; i++) {
		fprintf(f, "%s{\"gid\":%ld,\"name\":", i ? "," : "",
		    (long)p->groups[i].gid);
		jstr(f, p->groups[i].name);
		fputc('}', f);
	}
	fputs("],\"names_from\":", f);
	jstr(f, p->names_from);
	fprintf(f, ",\"umask\":\"%04o\",\"pid\":%ld,\"ppid\":%ld",
	    (unsigned)p->umask, (long)p->pid, (long)p->ppid);
	fputs(",\"hostname\":", f);
	jstr(f, p->hostname);
	fputs(",\"time\":", f);
	jstr(f, p->time_utc);
	fputs(",\"time_local\":", f);
	jstr(f, p->time_local);
	fputs(",\"rlimits\":{", f);
	for (i = 0; i < 3; i++) {
		const struct rlim	*r = &p->rlimits[i];

		strs_out(f, i ? ",\"" : "\"", r->name, "\":", NULL);
		if (!r->ok) {
			fputs("null", f);
			continue;
		}
		fputs("{\"soft\":", f);
		json_limit(f, r->soft_inf ? 0 : r->soft);
		fputs(",\"hard\":", f);
		json_limit(f, r->hard_inf ? 0 : r->hard);
		fputc('}', f);
	}
	fputs("},\"sandbox\":", f);
	json_sandbox(f, &p->sandbox);
	fputs(",\"sha256\":", f);
	jstr(f, p->sha256);
	fputc('}', f);
}

/* The problems found, each with the check it belongs to and its cause. */
void
json_problems(FILE *f, const struct problems *ps)
{
	size_t	 i;

	fputc('[', f);
	for (i = 0; i < ps->n; i++) {
		strs_out(f, i ? ",\n  {\"id\":\"" : "\n  {\"id\":\"",
		    check_name(ps->v[i].check), "\",\"cause\":\"",
		    cause_name(ps->v[i].cause), "\",\"message\":", NULL);
		jstr(f, ps->v[i].message);
		fputc('}', f);
	}
	fputc(']', f);
}

static void
json_filefact(FILE *f, const char *key, const struct filefact *ff)
{
	strs_out(f, ",\"", key, "\":", NULL);
	if (ff->found)
		fprintf(f, "{\"mode\":\"%04o\",\"uid\":%ld}",
		    (unsigned)ff->mode, (long)ff->uid);
	else
		fputs("null", f);
}

/* The facts about the files it runs from, as the judges saw them. */
static void
json_host(FILE *f, const struct host *h)
{
	size_t	 i;

	fputs("{\"program\":", f);
	jstr(f, h->program);
	fputs(",\"program_from\":", f);
	jstr(f, h->program_from);
	json_filefact(f, "program_file", &h->program_st);
	json_filefact(f, "program_directory", &h->dir_st);
	fputs(",\"cwd_is_program_directory\":", f);
	fputs(h->cwd == CWD_SAME ? "true" : h->cwd == CWD_OTHER ? "false" :
	    "null", f);
	fputs(",\"directories\":[", f);
	for (i = 0; i < h->ndirs; i++) {
		fputs(i ? ",{\"path\":" : "{\"path\":", f);
		jstr(f, h->dirs[i].path);
		strs_out(f, ",\"relative\":", h->dirs[i].relative ? "true" :
		    "false", NULL);
		json_filefact(f, "file", &h->dirs[i].st);
		fputc('}', f);
	}
	fputs("]}", f);
}

/* The verdicts; with quiet, only those at warn or fail. */
static void
json_check_list(FILE *f, const struct dump *d, int quiet)
{
	size_t	 i, n = 0;

	fputc('[', f);
	for (i = 0; i < d->nchecks; i++) {
		if (quiet && d->checks[i].level < LEVEL_WARN)
			continue;
		strs_out(f, n++ ? ",\n  {\"id\":\"" : "\n  {\"id\":\"",
		    check_name(d->checks[i].id), "\",\"level\":\"",
		    level_name(d->checks[i].level), "\",\"message\":", NULL);
		jstr(f, d->checks[i].message);
		fputc('}', f);
	}
	fputc(']', f);
}

/*
 * --check -f json, and /check for a client that prefers JSON: the
 * verdicts alone.  "worst" is the level that decides the exit status
 * and the HTTP status (with strict, a warning makes it fail), "counts"
 * has every level, skip included, whatever --quiet leaves out.
 */
void
json_checks(FILE *f, const struct dump *d)
{
	static const enum level	 levels[] = {
		LEVEL_OK, LEVEL_WARN, LEVEL_FAIL, LEVEL_SKIP
	};
	size_t			 i;

	strs_out(f, "{\"version\":\"" MODEL_VERSION "\",\"worst\":\"",
	    level_name(checks_worst(d)), "\",\"strict\":",
	    d->strict ? "true" : "false", ",\"counts\":{", NULL);
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		strs_out(f, i ? ",\"" : "\"", level_name(levels[i]), "\":", NULL);
		u64_out(f, checks_count(d, levels[i]));
	}
	fputs("},\n\"checks\":", f);
	json_check_list(f, d, d->quiet);
	fputs("}\n", f);
}

void
render_json(FILE *f, const struct dump *d)
{
	size_t	 i;

	strs_out(f, "{\"version\":\"" MODEL_VERSION "\",\"program\":"
	    "\"cgidump " CGIDUMP_VERSION "\",\"mode\":\"",
	    d->mode == MODE_CGI ? "cgi" : "local", "\",\n\"request\":", NULL);
	json_request(f, &d->req);
	fputs(",\n\"form\":", f);
	json_form(f, &d->form);
	fputs(",\n\"body\":", f);
	if (d->body.present) {
		fputs("{\"size\":", f);
		u64_out(f, d->body.size);
		fputs(",\"sha256\":\"", f);
		hex_out(f, d->body.sha256, sizeof(d->body.sha256));
		fputc('"', f);
		json_preview(f, &d->body.preview);
		fputc('}', f);
	} else
		fputs("null", f);
	fputs(",\n\"environment\":", f);
	json_env(f, d);
	fputs(",\n\"cgi_variables\":", f);
	json_cgi_vars(f, d);
	fputs(",\n\"argv\":[", f);
	for (i = 0; i < (size_t)d->argc; i++) {
		if (i)
			fputc(',', f);
		jstr(f, d->argv[i]);
	}
	fputs("],\n\"cwd\":", f);
	jstr(f, d->cwd);
	fputs(",\"cwd_error\":", f);
	jstr(f, d->cwd == NULL ? strerror(d->cwd_errno) : NULL);
	fputs(",\n\"process\":", f);
	json_process(f, &d->proc);
	fputs(",\n\"host\":", f);
	json_host(f, &d->host);
	fputs(",\n\"limits\":{", f);
	for (i = 0; i < LIM__MAX; i++) {
		strs_out(f, i ? ",\"" : "\"", d->limits[i].key, "\":", NULL);
		json_limit(f, d->limits[i].value);
	}
	fputs("},\n\"checks\":", f);
	json_check_list(f, d, 0);
	fputs(",\n\"errors\":", f);
	json_problems(f, &d->problems);
	fputs("}\n", f);
}
