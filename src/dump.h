/* cgidump: see LICENSE (ISC). */
/*
 * dump.h: the model at the middle of cgidump, and what renderers and
 * judges need to read it.
 *
 * The collect stage (collect.h) fills it, the parsers (parse.h) add fields and problems to it, the
 * judges (check.c, hostcheck.c) add verdicts, and the renderers
 * (render_*.c) read it.  It is plain data: nothing here does I/O.
 *
 * Every string that came from outside (environment, argv, stdin) is
 * kept as bytes with a length: it may hold NUL, invalid UTF-8 or
 * control bytes, and only the escapers in escape.c may write it out.
 */
#ifndef DUMP_H
#define DUMP_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#define CGIDUMP_VERSION	"0.1.0"
#define MODEL_VERSION	"1.1.0"	/* the JSON model's version: scripts depend on it */

enum mode	{ MODE_CGI, MODE_LOCAL };
enum format	{ FMT_HTML, FMT_TEXT, FMT_JSON };
enum source	{ SRC_QUERY, SRC_BODY };
enum setness	{ VAR_UNSET, VAR_EMPTY, VAR_SET };

/* A byte string from outside: not NUL-terminated in general. */
struct bytes {
	const char	*p;	/* NULL: absent (unset), not empty */
	size_t		 len;
};

/* A growable buffer of bytes that we own. */
struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

/*
 * The server-setup checks, one per row of check.c's table.  A problem
 * found while collecting or parsing belongs to one of them.
 */
enum check_id {
	CK_META_VARIABLES, CK_BODY_LENGTH, CK_HTTPOXY, CK_PRIVILEGES,
	CK_FORM_PARSE, CK_QUERY_SEMICOLON, CK_ISINDEX_ARGV,
	CK_HEADER_VARIABLES, CK_DUPLICATE_VARIABLES, CK_LIBRARY_VARIABLES, CK_SCRIPT_PERMISSIONS,
	CK_PATH, CK_WORKING_DIRECTORY, CK_CHUNK_FRAMING, CK_STDIN_SOCKET,
	CK_SERVER_ENVIRONMENT, CK_ACCESS_CONTROL, CK_SECRETS, CK_CONFIG,
	CK_SCRIPT_VARIABLES, CK_FIX_PATHINFO,
	CK__MAX
};

/*
 * DESIGN.md "The JSON model": skip is "not judged here", and sorts
 * below ok, so that the worst of a list of levels never is a skip.
 */
enum level	{ LEVEL_SKIP, LEVEL_OK, LEVEL_WARN, LEVEL_FAIL };

/* Whose doing a problem is (STYLE.md "Errors"). */
enum cause {
	CAUSE_REQUEST,	/* the request, or the server that passed it on */
	CAUSE_LIMIT	/* cgidump's own: a limit, or a setting it cannot use */
};

/*
 * A problem with the request, reported and survived.  Its check, its
 * cause and the level it gives that check are decided where it is
 * found, next to its message, and never worked out again from the
 * words.
 */
struct problem {
	enum check_id	 check;		/* body-length, form-parse, config */
	enum cause	 cause;
	enum level	 level;
	char		*message;	/* may quote request bytes: escape it */
	const char	*advice;	/* what its check adds: why, how to fix */
};

/* Problems in the order found, with a bound on how many are kept. */
struct problems {
	struct problem	*v;
	size_t		 n;
	size_t		 max;		/* 0: no bound */
	uint64_t	 dropped;	/* past max: counted, not kept */
	struct problem	 worst_dropped;	/* the first of the worst of those */
};

/* How a value is hidden (DESIGN.md "Secrets"). */
enum redact {
	RED_NONE,	/* shown */
	RED_LENGTH,	/* only its length is shown */
	RED_COOKIE	/* cookie names shown, values hidden */
};

struct envvar {
	struct bytes	 name;
	struct bytes	 value;		/* p == NULL: the entry had no '=' */
	enum redact	 redact;	/* already takes --reveal into account */
	struct bytes	*cookies;	/* RED_COOKIE: the cookie names */
	size_t		 ncookies;
	size_t		 order;		/* its place in environ */
};

/* The first bytes of a streamed value: shown as text, or as hex. */
#define PREVIEW_MAX	64
struct preview {
	unsigned char	 p[PREVIEW_MAX];
	size_t		 len;
};

/*
 * A multipart part's headers as received, in order: each name the
 * bytes before its line's first colon, each value the rest, unfolded
 * (RFC 5322 §2.2.3), without the whitespace around it (RFC 9110 §5.5).
 * One allocation holds the list and the bytes the list points into.
 */
struct part_header {
	struct bytes	 name;
	struct bytes	 value;
	int		 redacted;	/* a URL with a password: length only */
};
struct field_headers {
	size_t			 n;
	struct part_header	 v[];	/* then their bytes */
};

/*
 * What only a multipart part has, kept apart from struct field so that
 * a query or urlencoded field costs its small record and its bytes.
 */
struct field_part {
	uint64_t	 size;		/* bytes received */
	struct field_headers *headers;	/* NULL: none kept */
	int		 is_file;	/* a part with a filename parameter */
	int		 has_filename;	/* a filename parameter, even "" */
	struct buf	 filename;	/* as received, or from filename* */
	int		 filename_star;	/* from RFC 5987 filename* */
	int		 has_type;
	struct buf	 content_type;	/* the whole value, parameters too */
	unsigned char	 sha256[32];
	struct preview	 preview;
	int		 nested;	/* inside a multipart/mixed part */
	int		 incomplete;	/* its closing boundary never came */
};

/*
 * A form field: its name and then its value, one after the other in
 * the form's arena, and a few flags.  A million urlencoded fields
 * take a million of these, so it is kept at 24 bytes: the lengths are
 * 32 bits (form.c cuts a field at FIELD_BYTES_MAX) and a multipart
 * part's own state is elsewhere, found by its index.
 */
#define FIELD_BYTES_MAX	UINT32_MAX	/* of a name and value together */
#define FORM_FIELDS_MAX	UINT32_MAX	/* fields in a form, whatever the limits */
struct field {
	const char	*bytes;		/* name, then value; NULL: none */
	uint32_t	 namelen;
	uint32_t	 valuelen;	/* what is kept of it */
	uint32_t	 part;		/* 1 + its index in form.parts; 0: none */
	unsigned char	 source;	/* enum source */
	unsigned char	 truncated;	/* a limit cut this field short */
	unsigned char	 redacted;	/* its value is hidden: only its length */
};

/*
 * Many small strings in a few big chunks (mem.c): no allocation per
 * string.  The newest string is open and grows at the end of the
 * newest chunk; when it outgrows that chunk it moves to a new one, the
 * old copy left behind.
 */
struct arena_chunk {
	struct arena_chunk	*prev;
	size_t			 size;		/* bytes in p */
	size_t			 used;		/* by closed strings */
	char			 p[];
};
struct arena {
	struct arena_chunk	*top;		/* the newest */
	size_t			 openlen;	/* at top->p + top->used */
};

/* A limit: 0 means none (DESIGN.md "Limits and bad input"). */
enum limit_id {
	LIM_BODY, LIM_FIELDS, LIM_FORM, LIM_HEADER, LIM_DEPTH, LIM_TIMEOUT,
	LIM_DEADLINE, LIM_REPLAY, LIM__MAX
};

/* What stopped the form short: zero, the value of a new form, is nothing. */
enum cut	{ CUT_NONE, CUT_FIELDS, CUT_FORM };

struct limit {
	const char	*var;		/* CGIDUMP_MAX_BODY, ... */
	const char	*key;		/* its JSON key: max_body, ... */
	uint64_t	 value;
	const char	*unit;		/* "bytes", "fields", "seconds", ... */
};

/*
 * Form fields and what bounds them.  The parsers add to this and
 * nothing else: fields, and the problems they find.
 */
struct form {
	struct field	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 ready;		/* v[n..ready) prefaulted */
	struct field_part *parts;	/* multipart's, in the fields' order */
	size_t		 nparts;
	size_t		 partcap;
	struct arena	 arena;		/* the fields' names and values */
	uint64_t	 max_fields;	/* 0: none */
	uint64_t	 max_bytes;	/* names and values held; 0: none */
	uint64_t	 bytes;		/* names and values held so far */
	enum cut	 cut;
	struct problems	 problems;
};

/* A body that is not a form: it is streamed, never held. */
struct body {
	int		 present;
	uint64_t	 size;
	unsigned char	 sha256[32];
	struct preview	 preview;
};

/* How reading stdin ended (body.c). */
enum body_end {
	BODY_NONE,	/* nothing to read */
	BODY_DONE,	/* exactly CONTENT_LENGTH bytes, or to the end */
	BODY_SHORT,	/* end of file before CONTENT_LENGTH bytes */
	BODY_TIMEOUT,	/* no progress for CGIDUMP_TIMEOUT seconds */
	BODY_DEADLINE,	/* still coming after CGIDUMP_DEADLINE seconds */
	BODY_READ_ERROR,	/* read(2) failed */
	BODY_BAD_FRAMING,	/* raw chunked framing that does not parse */
	BODY_LIMIT	/* CGIDUMP_MAX_BODY reached */
};

struct request {
	struct bytes	 method;
	struct bytes	 query_string;
	int		 query_from_argv;	/* local mode's positional one */
	int		 query_redacted;	/* hidden as QUERY_STRING is */
	struct bytes	 content_type;
	struct bytes	 content_length;	/* as the server gave it */
	int		 has_length;		/* it parsed as a number */
	uint64_t	 length;
	uint64_t	 body_bytes;		/* bytes read from stdin */
	enum body_end	 body_end;
	int		 read_errno;
	uint64_t	 trailing_bytes;	/* how many were seen waiting */
	const char	*stdin_kind;		/* pipe, socket, file, ... */
	int		 to_eof;		/* read without a length */
	int		 chunk_framing;		/* the body is raw chunks */
	int		 keep_framing;		/* the sink gets raw chunks too */
};

struct procgroup {
	gid_t	 gid;
	char	*name;		/* NULL: no name */
};

struct rlim {
	const char	*name;		/* nofile, cpu, as: its JSON key */
	const char	*label;		/* open files, cpu time, ... */
	const char	*unit;
	int		 ok;		/* getrlimit succeeded */
	int		 soft_inf, hard_inf;
	uint64_t	 soft, hard;
};

/* process.rlimits[], read once: sandbox.c lowers them from these. */
enum rlim_id	{ RL_NOFILE, RL_CPU, RL_AS };	/* RL_AS: RLIMIT_DATA without RLIMIT_AS */

/* What sandbox.c took away, for the Process section. */
struct sandbox {
	const char	*method;	/* "seccomp", "pledge" or "none" */
	int		 active;	/* the filter or pledge holds */
	int		 no_new_privs;
	size_t		 syscalls;	/* calls the seccomp filter allows */
	int		 nofile;	/* no new descriptors */
	uint64_t	 cpu, as;	/* limits set; 0: none */
	char		 note[160];	/* why it is off; "" when on */
};

struct process {
	uid_t		 uid, euid;
	gid_t		 gid, egid;
	char		*user, *euser;		/* NULL: no name */
	char		*group, *egroup;
	struct procgroup *groups;
	size_t		 ngroups;
	const char	*names_from;		/* "nss", or "files" (static) */
	mode_t		 umask;
	pid_t		 pid, ppid;
	char		*hostname;
	char		 time_utc[32];
	char		 time_local[48];
	struct rlim	 rlimits[3];	/* as the server gave them: RL_* */
	struct sandbox	 sandbox;
	const char	*sha256;	/* the SHA-256 code in use; NULL: unknown */
};

/* A file the judges ask about, looked at once by host.c. */
struct filefact {
	int		 found;		/* stat(2) succeeded */
	mode_t		 mode;		/* permission bits */
	uid_t		 uid;
};

/* One directory named in PATH or LD_LIBRARY_PATH. */
struct dirfact {
	char		*path;		/* as named */
	int		 relative;
	struct filefact	 st;
};

/* Whether the program runs in the directory that holds it. */
enum cwd_fact {
	CWD_UNKNOWN,		/* no program file, or no working directory */
	CWD_SAME,
	CWD_OTHER,
	CWD_UNRESOLVED		/* stat(2) failed: see cwd_error */
};

/*
 * The file SCRIPT_FILENAME names, in every mode: in CGI mode it is the
 * program itself, in FastCGI and SCGI modes the script the server
 * would have a responder run (fix-pathinfo).
 */
enum script_fact {
	SCRIPT_NONE,		/* unset, empty, with a NUL, or not absolute */
	SCRIPT_FOUND,		/* stat(2) found it */
	SCRIPT_MISSING		/* stat(2) did not */
};
struct script_file {
	enum script_fact fact;
	char		*path;		/* as looked at; NULL: SCRIPT_NONE */
	char		*error;		/* SCRIPT_MISSING: why stat(2) failed */
	/*
	 * SCRIPT_MISSING: the longest leading part of path that is a
	 * regular file, which PHP with cgi.fix_pathinfo=1 runs instead;
	 * NULL: none.
	 */
	char		*runs;
};

/*
 * The facts about the files the program runs from, collected before
 * any body byte is read, so that the judges (hostcheck.c) need no
 * system call and the process can be sandboxed before the body.
 */
struct host {
	char		*program;	/* NULL: it could not be found */
	const char	*program_from;	/* SCRIPT_FILENAME, /proc/self/exe, argv[0] */
	struct filefact	 program_st;
	struct filefact	 dir_st;	/* the directory that holds it */
	enum cwd_fact	 cwd;
	const char	*cwd_unresolved;	/* which one could not be resolved */
	char		*cwd_error;
	struct dirfact	*dirs;		/* PATH and LD_LIBRARY_PATH entries */
	size_t		 ndirs;
	struct script_file script;	/* SCRIPT_FILENAME's file */
	char		 marker[96];	/* what /stderr writes */
};

/* A server-setup verdict. */
struct check {
	enum check_id	 id;
	enum level	 level;
	char		*message;
};

/*
 * FastCGI and SCGI modes (serve.c): which transport answered, and how.
 * The request itself runs as in CGI mode (mode is MODE_CGI).
 */
struct transport_facts {
	const char	*name;		/* "fastcgi", "scgi"; NULL: neither */
	const char	*listen;	/* the listening address, as given */
	uint64_t	 request;	/* this request's number on its connection */
	unsigned	 id;		/* FastCGI's request id */
	int		 keep_conn;	/* FastCGI's FCGI_KEEP_CONN */
};

struct dump {
	enum mode	 mode;
	struct transport_facts transport;
	int		 reveal;
	int		 strict;		/* a warning fails --check, /check */
	int		 quiet;			/* --check --quiet: warn, fail only */
	int		 argc;
	char	       **argv;
	char		*cwd;			/* NULL: getcwd failed */
	int		 cwd_errno;
	struct envvar	*env;			/* sorted by name, stable */
	size_t		 nenv;
	/*
	 * FastCGI and SCGI: cgidump's own environment, where a CGIDUMP_*
	 * setting the server's parameters lack is looked up (env_find).
	 */
	struct envvar	*conf;
	size_t		 nconf;
	struct request	 req;
	struct form	 form;
	struct body	 body;
	struct process	 proc;
	struct host	 host;
	struct limit	 limits[LIM__MAX];
	struct check	*checks;
	size_t		 nchecks;
	struct problems	 problems;		/* settings', body's, then form's */
};

/* mem.c: allocation, buffers, and one helper for each small job */
void		*xcalloc(size_t, size_t);
void		*xreallocarray(void *, size_t, size_t);
char		*xstrdup(const char *);
char		*xasprintf(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
char		*xvasprintf(const char *, va_list)
		    __attribute__((format(printf, 1, 0)));
void		 buf_grow(struct buf *, size_t);
void		 buf_u64(struct buf *, uint64_t);
void		 buf_addf(struct buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 buf_vaddf(struct buf *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));
void		 buf_free(struct buf *);
void		 buf_list(struct buf *, const char *, const char *);
void		 buf_unescape(struct buf *, const char *, size_t);
const char	*buf_str(struct buf *);
void		 mem_prefault(void *, size_t);
char		*arena_reserve(struct arena *, size_t, size_t *);
void		 arena_commit(struct arena *, size_t);
void		 arena_close(struct arena *);
void		 arena_free(struct arena *);
struct bytes	 bytes_of(const char *);
int		 bytes_eq(struct bytes, const char *);
int		 bytes_in(struct bytes, const char *const *);
int		 bytes_prefix(struct bytes, const char *);
int		 bytes_cmp(struct bytes, struct bytes);
int		 bytes_icontains(struct bytes, const char *);
int		 bytes_icontains_any(struct bytes, const char *const *);
int		 byte_in(int, const char *);
#define ASCII_SPACE	" \t\n\v\f\r"	/* isspace(3) in the C locale */
struct bytes	 bytes_strip(struct bytes, const char *);
struct bytes	 bytes_trim(struct bytes);
struct bytes	 last_segment(struct bytes);
int		 bytes_next(struct bytes *, char, struct bytes *);
int		 ascii_ieqn(const char *, const char *, size_t);
int		 one_edit(const char *, size_t, const char *, size_t);
int		 hex_value(char);
int		 is_digits(const char *, size_t);
int		 parse_u64(const char *, size_t, uint64_t *);
size_t		 u64_digits(char [20], uint64_t);
void		 buf_grouped(struct buf *, uint64_t);
void		 size_human(struct buf *, uint64_t);

/*
 * CGIDUMP_DEADLINE bounds the whole body, however it trickles (the
 * timeout alone lets one byte a second hold the process for as long as
 * CONTENT_LENGTH allows); serve.c times a kept connection's idling.
 */
struct deadline {
	int		 set;		/* 0: none */
	struct timespec	 at;
};
void		 deadline_start(struct deadline *, uint64_t);
int		 deadline_ms(const struct deadline *);

/*
 * Every byte a renderer buffers passes here (a million fields are tens
 * of millions of calls): where there is room already, as there nearly
 * always is, it costs a copy, and a constant's strlen() is folded.
 */
static inline void
buf_reserve(struct buf *b, size_t more)
{
	if (more > b->cap - b->len)
		buf_grow(b, more);
}

static inline void
buf_add(struct buf *b, const char *p, size_t len)
{
	if (len == 0)
		return;
	buf_reserve(b, len);
	memcpy(b->p + b->len, p, len);
	b->len += len;
}

static inline void
buf_addc(struct buf *b, char c)
{
	buf_reserve(b, 1);
	b->p[b->len++] = c;
}

static inline void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/*
 * The answer on its way out (escape.c): a buffer in front of the
 * stream, written to it whenever it holds OUT_SPILL bytes.  stdio's
 * cost per call was most of the time a form of a million fields took.
 * direct (out_begin() on stdout): written with write(2), not copied
 * into stdio's buffer first.  With f NULL it only collects
 * (quote_value()).
 */
#define OUT_SPILL	65536

struct out {
	FILE		*f;
	struct buf	 b;
	int		 direct;
};

void		 out_begin(struct out *, FILE *);
int		 out_spill(struct out *);
void		 out_end(struct out *);
int		 stdout_failed(void);

static inline void
out_write(struct out *o, const char *p, size_t len)
{
	buf_add(&o->b, p, len);
	if (o->b.len >= OUT_SPILL && o->f != NULL)
		out_spill(o);
}

static inline void
out_putc(struct out *o, char c)
{
	buf_addc(&o->b, c);
	if (o->b.len >= OUT_SPILL && o->f != NULL)
		out_spill(o);
}

static inline void
out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

/* model.c: the model's queries and the words for its states */
const struct envvar *env_find(const struct dump *, const char *);
void		 transport_line(struct buf *, const struct transport_facts *);
struct bytes	 env_get(const struct dump *, const char *);
enum setness	 env_setness(const struct dump *, const char *);
int		 env_conflicts(const struct dump *, const char *);
void		 env_set_names(const struct dump *, const char *const *,
		    struct buf *);
struct bytes	 field_name(const struct field *);
struct bytes	 field_value(const struct field *);
const struct field_part *field_part(const struct form *,
		    const struct field *);
uint32_t	*form_order(const struct form *);
int		 field_same_name(const struct field *, const struct field *);
void		 problem_add(struct problems *, enum check_id, enum cause,
		    enum level, const char *, const char *, ...)
		    __attribute__((format(printf, 6, 7)));
void		 problem_vadd(struct problems *, enum check_id, enum cause,
		    enum level, const char *, const char *, va_list)
		    __attribute__((format(printf, 6, 0)));
void		 problems_append(struct problems *, struct problems *);
void		 problems_free(struct problems *);
const struct problem *problem_worst(const struct dump *, enum check_id,
		    size_t *);
void		 check_add(struct dump *, enum check_id, enum level,
		    const char *);
const struct check *check_find(const struct dump *, enum check_id);
enum level	 checks_worst(const struct dump *);
size_t		 checks_count(const struct dump *, enum level);
void		 preview_add(struct preview *, const char *, size_t);
int		 preview_is_binary(const struct preview *);
const char	*body_end_name(enum body_end);
const char	*source_name(enum source);
const char	*setness_name(enum setness);
const char	*level_name(enum level);
const char	*cause_name(enum cause);
void		 sandbox_describe(const struct sandbox *, struct buf *);
void		 arrived_describe(const struct dump *, struct buf *);
int		 root_note(const struct dump *, struct buf *);
void		 buf_env_value(struct buf *, const struct envvar *);

/* The CGI variables Python's print_environ_usage() listed. */
extern const char *const cgi_variables[];
extern const char *const cgi_header_variables[];

/*
 * The words for the states of fields, files and variables, the same
 * in both human formats (render_text.c, render_html.c).
 */
extern const char word_no_equals[];	/* an environ entry without '=' */
extern const char word_no_filename[];
extern const char word_no_type[];
extern const char word_incomplete[];
extern const char word_truncated[];
extern const char word_nested[];
extern const char word_from_star[];

/* The sections of the human formats: their ids and titles. */
enum section_id {
	SEC_CHECKS, SEC_PROBLEMS, SEC_CWD, SEC_ARGV, SEC_FORM, SEC_ENV,
	SEC_VARIABLES, SEC_REQUEST, SEC_BODY, SEC_LIMITS, SEC_PROCESS,
	SEC__MAX
};
struct section {
	const char	*id;		/* HTML id and anchor */
	const char	*title;		/* heading */
	const char	*nav;		/* short name in the HTML nav */
};
extern const struct section sections[SEC__MAX];
int		 section_shown(const struct dump *, enum section_id);

/*
 * env.c: a name under Apache's REDIRECT_ prefixes; whether bytes hold a
 * URL with "user:password@", percent-encoded or not (cut: a limit cut
 * them short)
 */
struct bytes	 redirect_base(struct bytes);
int		 url_password_in(const char *, size_t, int);

/* settings.c: the settings that fence the dump in, and their typos */
extern const char *const fence_settings[];
int		 setting_misspelt(struct bytes, const char **);

/* check.c, hostcheck.c: the server-setup verdicts */
enum check_when {
	WHEN_ALWAYS,	/* every run */
	WHEN_REQUEST,	/* a CGI run, or a local one that fakes a request */
	WHEN_CGI	/* CGI mode only */
};
struct check_row {		/* check_table[id] */
	const char	*name;
	enum check_when	 when;
	const char	*local;		/* WHEN_CGI: why a local run is not judged */
	enum level	(*judge)(const struct dump *, struct buf *);
};
extern const struct check_row check_table[CK__MAX];
const char	*check_name(enum check_id);
void		 checks_run(struct dump *);
enum level	 judge_privileges(const struct dump *, struct buf *);
enum level	 judge_library_variables(const struct dump *, struct buf *);
enum level	 judge_script_permissions(const struct dump *, struct buf *);
enum level	 judge_path(const struct dump *, struct buf *);
enum level	 judge_working_directory(const struct dump *, struct buf *);
enum level	 judge_script_variables(const struct dump *, struct buf *);
enum level	 judge_fix_pathinfo(const struct dump *, struct buf *);

/* escape.c: the only way request bytes reach output */
void		 html_escape(FILE *, const char *, size_t);
void		 out_html(struct out *, const char *, size_t);
void		 json_string(FILE *, const char *, size_t);
void		 out_json(struct out *, const char *, size_t);
enum text_mode	{ TEXT_PLAIN, TEXT_QUOTED };
void		 text_escape(FILE *, const char *, size_t, enum text_mode);
void		 out_text(struct out *, const char *, size_t, enum text_mode);
char		*quote_value(const char *, size_t, size_t);
void		 buf_quote(struct buf *, const char *, size_t, size_t);
#define QUOTE_MAX	64	/* bytes of a bad value a message quotes */
void		 hex_out(FILE *, const unsigned char *, size_t);
void		 out_hex(struct out *, const unsigned char *, size_t);
void		 out_u64(struct out *, uint64_t);
void		 out_strs(struct out *, ...) __attribute__((sentinel));
void		 out_printf(struct out *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 u64_out(FILE *, uint64_t);
void		 strs_out(FILE *, ...) __attribute__((sentinel));
size_t		 utf8_valid(const unsigned char *, size_t, uint32_t *);
void		 sh_unsafe(const char *, size_t, unsigned char [32]);
void		 sh_byte_defs(FILE *, const unsigned char [32]);
void		 sh_word(FILE *, const char *, size_t);
void		 sh_printf_line(FILE *, const char *, size_t);

/* render_*.c: pure functions of the model */
void		 render_html(struct out *, const struct dump *);
void		 render_text(struct out *, const struct dump *);
void		 render_json(struct out *, const struct dump *);
void		 json_form(FILE *, const struct form *);
void		 json_problems(FILE *, const struct problems *);
void		 json_checks(struct out *, const struct dump *);
void		 text_checks(struct out *, const struct dump *);

/*
 * render_replay.c: /replay's script, whose body comes between
 * replay_begin() and replay_end() through replay_body(), a body sink.
 */
enum replay_form	{ REPLAY_NONE, REPLAY_SH, REPLAY_CURL };
#define REPLAY_LINE	64	/* body bytes a printf line, at most */
struct replay {
	FILE		*f;
	enum replay_form form;
	const char	*cut_by;	/* the setting that cuts the body */
	char		 line[REPLAY_LINE];
	size_t		 len;
};
void		 replay_begin(FILE *, const struct dump *, enum replay_form,
		    struct replay *);
void		 replay_body(void *, const char *, size_t);
void		 replay_end(const struct dump *, struct replay *);

/* render_html.c: the page's one stylesheet and its hash for the CSP */
extern const char html_style[];
extern const char html_style_sha256[];

#endif /* !DUMP_H */
