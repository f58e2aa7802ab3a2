/* cgidump: see LICENSE (ISC). */
/*
 * tests/feed.c: feed a body to the parser its Content-Type names, in
 * pieces of a chosen size, and print the form as JSON.  The fixture
 * tests compare what one piece, 1-byte pieces and random pieces give:
 * a streaming parser must not care where reads end.
 *
 *	feed content-type body-file whole|1|random:SEED
 *
 * Limits come from CGIDUMP_MAX_FIELDS, _FORM, _HEADER and _DEPTH in the
 * environment, with cgidump's defaults.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/parse.h"

static uint64_t
limit(const char *name, uint64_t dflt)
{
	const char	*v = getenv(name);
	uint64_t	 n;

	return v != NULL && parse_u64(v, strlen(v), &n) ? n : dflt;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*p = NULL;
	size_t	 cap = 0, n;

	*len = 0;
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	do {
		if (*len == cap)
			p = xreallocarray(p, cap = cap ? cap * 2 : 65536, 1);
		n = fread(p + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	fclose(f);
	return p;
}

int
main(int argc, char *argv[])
{
	struct form		 form;
	struct urlenc		 u;
	struct multipart	*m = NULL;
	struct header		 ct;
	const char		*b;
	char			*body;
	size_t			 len, at, n, blen;
	unsigned long		 seed = 0;
	int			 mp;

	if (argc != 4) {
		fprintf(stderr, "usage: feed content-type body whole|1|"
		    "random:SEED\n");
		return 2;
	}
	if (strncmp(argv[3], "random:", 7) == 0)
		seed = strtoul(argv[3] + 7, NULL, 10);
	body = slurp(argv[2], &len);
	form_init(&form, limit("CGIDUMP_MAX_FIELDS", 20000),
	    limit("CGIDUMP_MAX_FORM", 8388608));
	header_parse(&ct, argv[1], strlen(argv[1]));
	/* The parser cgidump would choose (request.c). */
	mp = body_kind(bytes_of(argv[1])) == BODY_MULTIPART;
	if (mp && multipart_boundary(&ct, &b, &blen, &form)) {
		m = xcalloc(1, sizeof(*m));
		multipart_init(m, &form, b, blen,
		    limit("CGIDUMP_MAX_HEADER", 16384),
		    limit("CGIDUMP_MAX_DEPTH", 4));
	} else
		urlenc_init(&u, &form, SRC_BODY);
	srand((unsigned)seed);
	for (at = 0; at < len; at += n) {
		if (strcmp(argv[3], "whole") == 0)
			n = len;
		else if (strcmp(argv[3], "1") == 0)
			n = 1;
		else
			n = 1 + (size_t)rand() % (rand() % 4 == 0 ? 4096 : 16);
		if (n > len - at)
			n = len - at;
		if (m != NULL)
			multipart_feed(m, body + at, n);
		else if (!mp)
			urlenc_feed(&u, body + at, n);
	}
	if (m != NULL)
		multipart_finish(m, CAUSE_REQUEST);
	else if (!mp)
		urlenc_finish(&u);
	printf("{\"form\":");
	json_form(stdout, &form);
	printf(",\"errors\":");
	json_problems(stdout, &form.problems);
	printf(",\"cut\":%d}\n", (int)form.cut);
	header_free(&ct);
	form_free(&form);
	free(m);
	free(body);
	return 0;
}
