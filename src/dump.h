/*
 * dump.h: the model at the middle of cgidump.
 *
 * collect (env.c, process.c, body.c) fills it, the parsers
 * (urlencoded.c) add fields to it, and the renderers (render_*.c)
 * read it.  It is plain data: nothing here does I/O.
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
#include <sys/types.h>

#define CGIDUMP_VERSION	"0.1.0"
#define MODEL_VERSION	"1.0.0"	/* the JSON model's version: scripts depend on it */

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

struct field {
	struct buf	 name;
	struct buf	 value;		/* what is kept of it */
	enum source	 source;
	int		 truncated;	/* a limit cut this field short */
	uint64_t	 size;		/* bytes received (multipart) */
	/* A file: a multipart part with a filename parameter. */
	int		 is_file;
	int		 has_filename;	/* a filename parameter, even "" */
	struct buf	 filename;	/* as received, or from filename* */
	int		 filename_star;	/* from RFC 5987 filename* */
	int		 has_type;
	struct buf	 content_type;
	unsigned char	 sha256[32];
	struct preview	 preview;
	int		 nested;	/* inside a multipart/mixed part */
	int		 incomplete;	/* its closing boundary never came */
};

/* A limit: 0 means none (DESIGN.md "Limits and bad input"). */
struct limit {
	const char	*var;		/* CGIDUMP_MAX_BODY, ... */
	const char	*key;		/* its JSON key: max_body, ... */
	uint64_t	 value;
	const char	*unit;		/* "bytes", "fields", "seconds", ... */
};

enum limit_id {
	LIM_BODY, LIM_FIELDS, LIM_FORM, LIM_HEADER, LIM_DEPTH, LIM_TIMEOUT,
	LIM__MAX
};

struct error;

/* What one field costs of CGIDUMP_MAX_FORM besides its bytes. */
#define FIELD_COST	64

/*
 * Form fields and what bounds them.  The parsers add to this and
 * nothing else; main.c turns a cut into an error entry.
 */
struct form {
	struct field	*v;
	size_t		 n;
	size_t		 cap;
	uint64_t	 max_fields;	/* 0: none */
	uint64_t	 max_bytes;	/* names and values held; 0: none */
	uint64_t	 bytes;		/* names and values held so far */
	const char	*cut;		/* NULL, or which limit stopped parsing */
	uint64_t	 limit_errors;	/* errors that are a limit's doing,
					   kept or dropped */
	struct error	*errors;	/* what the parsers found wrong */
	size_t		 nerrors;
	uint64_t	 errors_dropped;	/* past FORM_ERRORS_MAX */
};
#define FORM_ERRORS_MAX	100

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
	BODY_DONE,	/* exactly CONTENT_LENGTH bytes */
	BODY_SHORT,	/* end of file before CONTENT_LENGTH bytes */
	BODY_TIMEOUT,	/* no progress for CGIDUMP_TIMEOUT seconds */
	BODY_ERROR,	/* read(2) failed */
	BODY_LIMIT	/* CGIDUMP_MAX_BODY reached */
};

struct request {
	struct bytes	 method;
	struct bytes	 query_string;
	int		 query_from_argv;	/* local mode's positional one */
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

struct process {
	uid_t		 uid, euid;
	gid_t		 gid, egid;
	char		*user, *euser;		/* NULL: no name */
	char		*group, *egroup;
	struct procgroup *groups;
	size_t		 ngroups;
	mode_t		 umask;
	pid_t		 pid, ppid;
	char		*hostname;
	char		 time_utc[32];
	char		 time_local[48];
	struct rlim	 rlimits[3];
};

/* A problem with the request, reported and survived (STYLE.md "Errors"). */
struct error {
	const char	*id;		/* stable: body-length, form-parse, config */
	char		*message;	/* may quote request bytes: escape it */
};

/* A server-setup verdict (check.c, hostcheck.c). */
enum level	{ LEVEL_OK, LEVEL_WARN, LEVEL_FAIL };

struct check {
	const char	*id;
	enum level	 level;
	char		*message;
};

struct dump {
	enum mode	 mode;
	int		 reveal;
	int		 strict;		/* a warning fails --check, /check */
	int		 argc;
	char	       **argv;
	char		*cwd;			/* NULL: getcwd failed */
	int		 cwd_errno;
	struct envvar	*env;			/* sorted by name, stable */
	size_t		 nenv;
	struct request	 req;
	struct form	 form;
	struct body	 body;
	struct process	 proc;
	struct limit	 limits[LIM__MAX];
	struct check	*checks;
	size_t		 nchecks;
	struct error	*errors;
	size_t		 nerrors;
};

/* The CGI variables Python's print_environ_usage() listed. */
extern const char *const cgi_variables[];
extern const char *const cgi_header_variables[];
extern const char *const cgidump_settings[];
extern const char *const fence_settings[];

/* mem.c */
void		*xcalloc(size_t, size_t);
void		*xreallocarray(void *, size_t, size_t);
char		*xstrdup(const char *);
char		*xasprintf(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
char		*xvasprintf(const char *, va_list)
		    __attribute__((format(printf, 1, 0)));
void		 buf_add(struct buf *, const char *, size_t);
void		 buf_addc(struct buf *, char);
void		 buf_free(struct buf *);
void		 buf_list(struct buf *, const char *, const char *);
const char	*buf_str(struct buf *);
int		 bytes_eq(struct bytes, const char *);
int		 bytes_in(struct bytes, const char *const *);
int		 ascii_ieqn(const char *, const char *, size_t);
int		 hex_value(char);
int		 parse_u64(const char *, size_t, uint64_t *);

/* sha256.c */
struct sha256 {
	uint32_t	 h[8];
	uint64_t	 len;
	unsigned char	 block[64];
	size_t		 used;
};
void		 sha256_init(struct sha256 *);
void		 sha256_update(struct sha256 *, const void *, size_t);
void		 sha256_final(struct sha256 *, unsigned char[32]);

/* env.c */
void		 env_collect(struct dump *, char **);
void		 env_redact(struct dump *);
struct bytes	 env_get(const struct dump *, const char *);
enum setness	 env_setness(const struct dump *, const char *);
int		 env_conflicts(const struct dump *, const char *);
int		 setting_unknown(struct bytes);
int		 setting_like_fence(struct bytes);
int		 env_is_secret(const char *, size_t);

/* process.c */
void		 process_collect(struct process *);

/* model.c */
void		 dump_error(struct dump *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
void		 error_add(struct error **, size_t *, const char *,
		    const char *, va_list) __attribute__((format(printf, 4, 0)));
void		 form_error(struct form *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 preview_add(struct preview *, const char *, size_t);
int		 preview_is_binary(const struct preview *);
const char	*body_end_name(enum body_end);
const char	*source_name(enum source);
const char	*setness_name(enum setness);
const char	*level_name(enum level);
const struct field **form_sorted(const struct form *);
int		 field_same_name(const struct field *, const struct field *);

/* request.c */
void		 request_collect(struct dump *, const char *, int);
void		 request_parse(struct dump *);

/* body.c */
typedef void	(*body_sink)(void *, const char *, size_t);
void		 body_read(int, struct request *, uint64_t, uint64_t,
		    body_sink, void *);
const char	*stdin_kind(int);

/* header.c */
struct hparam {
	struct buf	 name;		/* lower case */
	struct buf	 value;
};
struct header {
	struct buf	 value;		/* before the first ';' */
	struct hparam	*v;
	size_t		 n;
};
void		 header_parse(struct header *, const char *, size_t);
const struct buf *header_get(const struct header *, const char *);
int		 header_is(const struct header *, const char *);
void		 header_free(struct header *);
int		 rfc5987_decode(struct buf *, const char *, size_t);

/* urlencoded.c */
struct urlenc {
	struct form	*form;
	enum source	 source;
	int		 invalue;	/* past the '=' */
	int		 pct;		/* 0, 1 ('%' seen) or 2 ('%' and a digit) */
	char		 hex1;
	int		 started;	/* the current segment has a byte */
	struct field	*cur;
};
void		 urlenc_init(struct urlenc *, struct form *, enum source);
void		 urlenc_feed(struct urlenc *, const char *, size_t);
void		 urlenc_finish(struct urlenc *);
void		 form_free(struct form *);
struct field	*form_field_new(struct form *, enum source);
int		 form_hold(struct form *, struct field *, struct buf *,
		    const char *, size_t);

/* multipart.c */
#define BOUNDARY_MAX	70	/* RFC 2046 §5.1.1 */
struct mp_level {
	char		 delim[2 + BOUNDARY_MAX + 1];	/* "--" boundary */
	size_t		 dlen;
	struct buf	 name;		/* the field a nested part is under */
};
enum mp_state {
	MP_PREAMBLE, MP_HEADERS, MP_BODY, MP_SKIP, MP_EPILOGUE, MP_STOP
};
struct multipart {
	struct form	*form;
	enum mp_state	 state;
	int		 bol;		/* work[0] starts a line */
	struct mp_level	*lv;		/* lv[0] the body's, then nested */
	size_t		 depth;		/* levels in use */
	uint64_t	 max_header;
	uint64_t	 max_depth;
	struct buf	 hdr;		/* the current part's header bytes */
	size_t		 linestart;	/* where its current line starts */
	struct field	*cur;		/* the part being read */
	struct sha256	 sha;
	int		 seen_delim;	/* a boundary was ever found */
	char		 work[65536 + 512];
	size_t		 wlen;
};
int		 multipart_boundary(const struct header *, const char **,
		    size_t *, struct form *);
void		 multipart_init(struct multipart *, struct form *,
		    const char *, size_t, uint64_t, uint64_t);
void		 multipart_feed(struct multipart *, const char *, size_t);
void		 multipart_finish(struct multipart *);
void		 multipart_free(struct multipart *);

/* escape.c: the only way request bytes reach output */
void		 html_escape(FILE *, const char *, size_t);
void		 json_string(FILE *, const char *, size_t);
enum text_mode	{ TEXT_PLAIN, TEXT_QUOTED };
void		 text_escape(FILE *, const char *, size_t, enum text_mode);
char		*quote_value(const char *, size_t, size_t);
#define QUOTE_MAX	64	/* bytes of a bad value a message quotes */
void		 hex_out(FILE *, const unsigned char *, size_t);
size_t		 utf8_valid(const unsigned char *, size_t, uint32_t *);

/* render_*.c: pure functions of the model */
void		 render_html(FILE *, const struct dump *);
void		 render_text(FILE *, const struct dump *);
void		 render_json(FILE *, const struct dump *);
void		 json_form(FILE *, const struct form *);
void		 text_checks(FILE *, const struct dump *);

/* check.c, hostcheck.c: the server-setup verdicts */
void		 checks_run(struct dump *);
void		 check_add(struct dump *, const char *, enum level,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
enum level	 checks_worst(const struct dump *);
size_t		 checks_count(const struct dump *, enum level);
void		 hostcheck_privileges(struct dump *);
void		 hostcheck_library_variables(struct dump *);
char		*hostcheck_program(const struct dump *);
void		 hostcheck_script(struct dump *, const char *);
void		 hostcheck_path(struct dump *);
void		 hostcheck_working_directory(struct dump *, const char *);

/* access.c: who may see the dump */
struct refusal {
	int		 status;	/* 403 or 410 */
	const char	*reason;
	char		*message;	/* names a setting, never a value */
};
int		 access_refused(const struct dump *, time_t, struct refusal *);

/* cgi.c: the response around the page */
struct response {
	int		 status;
	const char	*reason;
	const char	*content_type;
	int		 nph;		/* write a full HTTP status line */
	struct bytes	 protocol;	/* SERVER_PROTOCOL */
};
enum endpoint	{ EP_DUMP, EP_CHECK, EP_STREAM, EP_STDERR, EP_REPLAY };
enum format	 cgi_format(struct bytes, struct bytes);
enum endpoint	 cgi_endpoint(struct bytes);
void		 cgi_headers(FILE *, const struct response *);
const char	*format_name(enum format);
const char	*format_type(enum format);

/* probe.c: the endpoints that test the server */
void		 probe_stream(FILE *, int);
void		 probe_stderr(FILE *, const struct dump *);

/* render_html.c: the page's one stylesheet (its hash goes in the CSP) */
extern const char html_style[];

#endif /* !DUMP_H */
