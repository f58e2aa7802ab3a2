/* cgidump: see LICENSE (ISC). */
/*
 * transport.h: the FastCGI and SCGI modes.  fastcgi.c and scgi.c parse
 * what a server sends on a connection (chunk-fed state machines like
 * the body's parsers: they never read, print or exit); serve.c listens,
 * accepts, forks a child per connection and runs each request through
 * the CGI path with the server's parameters as its environment.
 */
#ifndef TRANSPORT_H
#define TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "dump.h"

/*
 * FastCGI 1.0 (the Open Market specification): a connection carries
 * records of an 8-byte header (version, type, request id, content
 * length, padding length, a reserved byte), up to 65535 bytes of
 * content and up to 255 of padding.
 */
#define FCGI_VERSION_1		1
#define FCGI_HEADER_LEN		8
#define FCGI_CONTENT_MAX	65535
#define FCGI_LISTENSOCK_FILENO	0

enum fcgi_type {
	FCGI_BEGIN_REQUEST = 1, FCGI_ABORT_REQUEST, FCGI_END_REQUEST,
	FCGI_PARAMS, FCGI_STDIN, FCGI_STDOUT, FCGI_STDERR, FCGI_DATA,
	FCGI_GET_VALUES, FCGI_GET_VALUES_RESULT, FCGI_UNKNOWN_TYPE
};
enum fcgi_role		{ FCGI_RESPONDER = 1, FCGI_AUTHORIZER, FCGI_FILTER };
enum fcgi_pstatus	{ FCGI_REQUEST_COMPLETE, FCGI_CANT_MPX_CONN,
			  FCGI_OVERLOADED, FCGI_UNKNOWN_ROLE };
#define FCGI_KEEP_CONN		1	/* BEGIN_REQUEST's flags */
#define FCGI_NULL_REQUEST_ID	0	/* management records */

/* One whole record, as fcgi_feed hands it over. */
struct fcgi_record {
	int		 type;
	unsigned	 id;
	const char	*content;
	size_t		 len;		/* <= FCGI_CONTENT_MAX */
};
typedef void	(*fcgi_record_fn)(void *, const struct fcgi_record *);

/*
 * The record layer: bytes in any pieces, whole records out.  A record
 * is delivered once its content and padding are in (at most 64 KiB
 * held).  A version other than 1 is a protocol error: fcgi_feed
 * returns -1, err says why, and every later call returns -1 too.
 */
struct fcgi {
	unsigned char	 hdr[FCGI_HEADER_LEN];
	size_t		 hlen;		/* header bytes so far */
	size_t		 clen, plen;	/* this record's content, padding */
	size_t		 got;		/* content and padding bytes so far */
	const char	*err;		/* NULL, or why the stream is bad */
	char		 content[FCGI_CONTENT_MAX];
};
void		 fcgi_init(struct fcgi *);
int		 fcgi_feed(struct fcgi *, const char *, size_t, fcgi_record_fn,
		    void *);
/* Whether the stream stopped between records (a clean end). */
int		 fcgi_idle(const struct fcgi *);

/*
 * Name-value pairs (PARAMS, GET_VALUES): each length is one byte
 * (< 128) or four with the top bit set; a pair may span records.  The
 * pairs of a stream take at most max bytes, lengths included; past
 * it, or a stream that ends inside a pair, is an error (-1, err).
 * Names and values are handed over whole and may hold any byte, NUL
 * included; each is followed by a NUL that is not counted.
 */
typedef void	(*fcgi_pair_fn)(void *, const char *, size_t, const char *,
		    size_t);
struct fcgi_pairs {
	int		 state;
	unsigned char	 lbuf[8];
	size_t		 llen;		/* length bytes so far */
	uint32_t	 nlen, vlen;
	struct buf	 pair;		/* the name, a NUL, the value, a NUL */
	uint64_t	 total;		/* bytes of the stream so far */
	uint64_t	 max;
	const char	*err;
};
void		 fcgi_pairs_init(struct fcgi_pairs *, uint64_t);
int		 fcgi_pairs_feed(struct fcgi_pairs *, const char *, size_t,
		    fcgi_pair_fn, void *);
int		 fcgi_pairs_end(struct fcgi_pairs *);
void		 fcgi_pairs_free(struct fcgi_pairs *);

/* Writing records: the header of one, and a pair in a content. */
void		 fcgi_header(unsigned char [FCGI_HEADER_LEN], int, unsigned,
		    size_t, size_t);
void		 fcgi_pair_add(struct buf *, const char *, size_t,
		    const char *, size_t);

/*
 * SCGI (Neil Schemenauer's protocol, python.ca/scgi/protocol.txt): a
 * netstring "<length>:<headers>," whose headers are NUL-terminated
 * names and values, CONTENT_LENGTH first, SCGI with the value 1 among
 * them; then the body, CONTENT_LENGTH bytes; the answer is a CGI one
 * on the same connection.
 *
 * scgi_want says how many bytes the parser can take without reading
 * into the body, so that the body is left on the connection for the
 * body reader.  The header block is at most max bytes.
 */
enum scgi_state	{ SCGI_LENGTH, SCGI_HEADERS, SCGI_COMMA, SCGI_DONE,
		  SCGI_BAD };
struct scgi {
	enum scgi_state	 state;
	uint64_t	 len;		/* the netstring's length */
	size_t		 digits;
	struct buf	 hdr;		/* the header block, then a NUL */
	uint64_t	 max;
	const char	*err;		/* SCGI_BAD: why */
};
void		 scgi_init(struct scgi *, uint64_t);
size_t		 scgi_want(const struct scgi *);
/* Takes up to scgi_want bytes; returns how many, -1 when bad. */
long		 scgi_feed(struct scgi *, const char *, size_t);
/*
 * Once SCGI_DONE: every pair in order; returns -1 (err set) when the
 * block is not pairs, CONTENT_LENGTH is not first or not digits, or
 * SCGI=1 is missing.
 */
int		 scgi_pairs(struct scgi *, fcgi_pair_fn, void *);
void		 scgi_free(struct scgi *);

/*
 * serve.c: the parent that listens and accepts, a child per connection
 * that speaks the protocol, and for FastCGI a process per request that
 * runs it as CGI mode would, its standard streams piped to the child.
 */
enum transport	{ TR_FASTCGI = 1, TR_SCGI };
#define SERVE_PARAMS_MAX	(1024 * 1024)	/* a request's parameters */
#define SERVE_CHILDREN	16		/* CGIDUMP_MAX_CHILDREN's default */

/* One request, for main.c to run. */
struct served {
	char		**params;	/* "NAME=VALUE", in the server's order */
	size_t		*lens;		/* their lengths: a value may hold NUL */
	size_t		 n;
	struct transport_facts facts;
};
struct serve_conf {
	enum transport	 transport;
	const char	*addr;		/* as given; NULL: fd 0 listens */
	const char	*sock_mode;	/* a unix socket's, octal; NULL: umask */
	const char	*sock_owner;	/* USER[:GROUP]; NULL: ours */
	uint64_t	 max_children;
	uint64_t	 timeout;	/* seconds a stalled connection may wait */
	uint64_t	 deadline;	/* seconds for a request's parameters */
	int		(*run)(const struct served *);
};
int		 serve_listening(int);
int		 serve(const struct serve_conf *);

#endif /* !TRANSPORT_H */
