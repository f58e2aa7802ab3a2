/* cgidump: see LICENSE (ISC). */
/*
 * parse.h: the parsers of client bytes and their state.  Each is a
 * state machine fed chunks of any size (feed(state, buf, len)), so that
 * it streams, and can be fuzzed and tested with fixtures; none prints,
 * none reads the environment.  They add to the model only through the
 * form (form.c): fields, and problems typed where they are found.
 */
#ifndef PARSE_H
#define PARSE_H

#include "dump.h"
#include "sha256.h"

/*
 * form.c: fields and what bounds them.  What a field costs of
 * CGIDUMP_MAX_FORM besides its bytes is what it takes in memory: its
 * record (24 bytes on LP64); its name and value take their length in
 * the form's arena, with no allocation of their own.  A multipart
 * part's field also takes its part state, in one array with the
 * others'.
 */
#define BUF_ALLOC_MIN	32	/* malloc(3)'s smallest chunk, with its header */
#define FIELD_COST	sizeof(struct field)
#define PART_COST	sizeof(struct field_part)
/*
 * A part's headers (struct field_headers) cost CGIDUMP_MAX_FORM what
 * their one allocation takes: the list's head, a slot for each header,
 * their bytes, and malloc(3)'s own header, counted as BUF_ALLOC_MIN.
 * Measured by GNU time's peak RSS: 1,000,000 parts with three short
 * headers take 522 bytes a part, 528 counted; at CGIDUMP_MAX_FORM=8M,
 * 9.5 MiB.
 */
#define HEADERS_COST	(sizeof(struct field_headers) + BUF_ALLOC_MIN)
#define HEADER_COST(h)	(sizeof(struct part_header) + (h)->name.len + \
			(h)->value.len)
#define FORM_PROBLEMS_MAX	100	/* kept; the rest are counted */
#define LIMIT_ADVICE	"That is this program's own limit, not a server " \
			"problem; raise it to see what it cut."
void		 form_init(struct form *, uint64_t, uint64_t);
struct field	*form_field_new(struct form *, enum source);
struct field	*form_part_new(struct form *);
struct field_part *form_part(struct form *, struct field *);
char		*form_room(struct form *, struct field *, size_t, size_t *);
void		 form_took(struct form *, struct field *, size_t, size_t);
void		 form_full(struct form *, struct field *);
int		 form_hold(struct form *, struct field *, int, const char *,
		    size_t);
int		 form_hold_buf(struct form *, struct field *, struct buf *,
		    const char *, size_t);
int		 form_headers(struct form *, struct field *,
		    const struct part_header *, size_t);
void		 form_problem(struct form *, enum cause, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
void		 form_oddity(struct form *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 form_free(struct form *);

/* request.c: which parser a Content-Type names */
enum body_kind	{ BODY_URLENCODED, BODY_MULTIPART, BODY_OPAQUE };
enum body_kind	 body_kind(struct bytes);

/* body.c: the body on stdin, and raw chunked framing */
typedef void	(*body_sink)(void *, const char *, size_t);
void		 body_read(int, struct request *, const struct limit *,
		    body_sink, void *);
const char	*stdin_kind(int);

/*
 * RFC 9112 §7.1 chunked framing, for servers that pass it through:
 *	chunked-body = *chunk last-chunk trailer-section CRLF
 *	chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 */
enum chunk_state {
	CH_SIZE, CH_EXT, CH_DATA, CH_DATA_CR, CH_DATA_LF, CH_TRAILER,
	CH_TRAILER_LINE, CH_DONE, CH_BAD
};
struct dechunk {
	enum chunk_state	 state;
	uint64_t		 left;		/* of this chunk's data */
	int			 digits;	/* a size digit was seen */
	body_sink		 sink;		/* where chunk data goes */
	void			*arg;
};
void		 dechunk_init(struct dechunk *, body_sink, void *);
int		 dechunk_looks_chunked(const char *, size_t);
void		 dechunk_feed(struct dechunk *, const char *, size_t);

/* header.c: a header value with parameters */
#define HEADER_PARAMS_MAX	32	/* kept, besides those a form needs */
struct hparam {
	struct buf	 name;		/* lower case */
	struct buf	 value;
};
struct header {
	struct buf	 value;		/* before the first ';' */
	struct hparam	*v;
	size_t		 n;
	size_t		 ignored;	/* parameters past HEADER_PARAMS_MAX */
	size_t		 odd;		/* values neither token nor quoted */
	struct buf	 odd_name;	/* the first of those's name */
};
void		 header_parse(struct header *, const char *, size_t);
const struct buf *header_get(const struct header *, const char *);
int		 header_is(const struct header *, const char *);
void		 header_free(struct header *);
int		 rfc5987_decode(struct buf *, const char *, size_t);

/* env.c: the cookie names of an HTTP_COOKIE value */
void		 cookie_names(struct envvar *);

/* urlencoded.c */
struct urlenc {
	struct form	*form;
	enum source	 source;
	int		 invalue;	/* past the '=' */
	int		 pct;		/* 0, 1 ('%' seen) or 2 ('%' and a digit) */
	char		 hex1;
	struct field	*cur;		/* the current segment's field */
};
void		 urlenc_init(struct urlenc *, struct form *, enum source);
void		 urlenc_feed(struct urlenc *, const char *, size_t);
void		 urlenc_finish(struct urlenc *);

/* multipart.c */
#define BOUNDARY_MAX	70	/* RFC 2046 §5.1.1 */
struct mp_level {
	char		 delim[2 + BOUNDARY_MAX + 1];	/* "--" boundary */
	size_t		 dlen;
	struct buf	 name;		/* the field a nested part is under */
};
enum mp_state {
	MP_PREAMBLE, MP_PAD, MP_HEADERS, MP_BODY, MP_SKIP, MP_EPILOGUE,
	MP_STOP
};
struct multipart {
	struct form	*form;
	enum mp_state	 state;
	int		 bol;		/* work[0] starts a line */
	int		 pad_cr;	/* MP_PAD: a CR, the LF must follow */
	int		 pad_junk;	/* MP_PAD: the line goes on, ignored */
	int		 opened;	/* a part of the body's own level began */
	uint64_t	 stray[2];	/* bytes of preamble, epilogue, no part */
	int		 inked;		/* one of those is not blank */
	int		 sbol;		/* the next of those starts a line */
	char		 seen[2 + BOUNDARY_MAX + 1];	/* a "--" line there */
	size_t		 seenlen;
	int		 seen_state;	/* 0 looking, 1 reading it, 2 done */
	struct mp_level	*lv;		/* lv[0] the body's, then nested */
	size_t		 depth;		/* levels in use */
	uint64_t	 max_header;
	uint64_t	 max_depth;
	struct buf	 hdr;		/* the current part's header bytes */
	size_t		 linestart;	/* where its current line starts */
	struct field	*cur;		/* the part being read */
	struct sha256	 sha;
	char		 work[65536 + 512];
	size_t		 wlen;
};
int		 multipart_boundary(const struct header *, const char **,
		    size_t *, struct form *);
void		 multipart_init(struct multipart *, struct form *,
		    const char *, size_t, uint64_t, uint64_t);
void		 multipart_feed(struct multipart *, const char *, size_t);
void		 multipart_finish(struct multipart *, enum cause);
void		 multipart_free(struct multipart *);

#endif /* !PARSE_H */
