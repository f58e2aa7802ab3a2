/* cgidump: see LICENSE (ISC). */
/*
 * collect.h: the collect stage, which main.c runs before a body byte is
 * read: the environment and its secrets (env.c), the settings
 * (settings.c), the process and its host (process.c, host.c) and the
 * request as the server described it (request.c, which then reads and
 * parses the body).  Every fact that needs the system is gathered here,
 * so that nothing after it does.
 */
#ifndef COLLECT_H
#define COLLECT_H

#include "dump.h"

void		 env_collect(struct dump *, char **);
void		 env_collect_params(struct dump *, char **, const size_t *,
		    size_t);
void		 env_collect_conf(struct dump *, char **);
void		 env_redact(struct dump *);
void		 request_redact(struct dump *);
void		 settings_read(struct dump *);
void		 process_collect(struct dump *);
char		*idfile_name(const char *, unsigned long, int);
/* process.c's question to nsswitch.c: which databases start in files */
#define NSSWITCH_PASSWD	1u
#define NSSWITCH_GROUP	2u
unsigned	 nsswitch_files_first(const char *, size_t);
unsigned	 nsswitch_read(const char *);
void		 host_collect(struct dump *, int);
void		 request_collect(struct dump *, const char *, int);
void		 request_parse(struct dump *);
void		 request_copy(struct dump *, int,
		    void (*)(void *, const char *, size_t), void *);

/* guard: after collection, before the first body byte (sandbox.c) */
void		 sandbox_enter(struct dump *);
/* tests/unit only (SANDBOX_FILTER_TEST): the filter and its calls. */
size_t		 sandbox_filter(const void **, long, long *, size_t, size_t *);

#endif /* !COLLECT_H */
