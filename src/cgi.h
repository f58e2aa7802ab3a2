/* cgidump: see LICENSE (ISC). */
/*
 * cgi.h: the answer in CGI mode (cgi.c), who may see it (access.c) and
 * the endpoints that probe the server (probe.c).
 */
#ifndef CGI_H
#define CGI_H

#include <time.h>

#include "dump.h"

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
	const char	*filename;	/* an attachment's; NULL: none */
};
enum endpoint	{ EP_DUMP, EP_CHECK, EP_STREAM, EP_STDERR, EP_REPLAY,
		  EP_NOT_FOUND };
const char	*cgi_near_miss(struct bytes);
enum format	 cgi_format(struct bytes, struct bytes);
enum endpoint	 cgi_endpoint(struct bytes);
void		 cgi_headers(struct out *, const struct response *);
void		 cgi_prepare(const struct dump *);
void		 cgi_answer(const struct dump *);
void		 cgi_refuse(const struct dump *, const struct refusal *);
enum replay_form cgi_replay_form(const struct dump *);
int		 cgi_replay_start(const struct dump *);
void		 cgi_done(void);
void		 render(struct out *, const struct dump *, enum format);

/* probe.c: the endpoints that test the server */
#define STREAM_LINES	10	/* what /stream writes, */
#define STREAM_GAP_MS	200	/* a line this often */
void		 probe_stream(struct out *, int);
void		 probe_stderr(struct out *, const struct dump *);

#endif /* !CGI_H */
