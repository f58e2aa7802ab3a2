/* cgidump: see LICENSE (ISC). */
/*
 * tests/fuzz/multipart.c: libFuzzer harness for the multipart parser.
 * The body (boundary XyZ123, small limits so that they are hit) is
 * parsed whole and again in pieces of random sizes seeded by its first
 * byte; both must give the same form, the same cut and the same
 * problems: checks, causes, levels, advice and messages, and the count
 * of those dropped.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/parse.h"

static char *
parse(const char *p, size_t len, unsigned seed, size_t *outlen)
{
	static struct multipart	 m;
	struct form		 f;
	size_t			 at, n, i;
	char			*out = NULL;
	FILE			*o;

	form_init(&f, 40, 16384);
	multipart_init(&m, &f, "XyZ123", 6, 512, 3);
	srand(seed);
	for (at = 0; at < len; at += n) {
		n = seed == 0 ? len - at : 1 + (size_t)rand() % 97;
		if (n > len - at)
			n = len - at;
		multipart_feed(&m, p + at, n);
	}
	multipart_finish(&m, CAUSE_REQUEST);
	if ((o = open_memstream(&out, outlen)) == NULL)
		abort();
	json_form(o, &f);
	json_problems(o, &f.problems);
	for (i = 0; i < f.problems.n; i++)
		fprintf(o, "|%d|%s", (int)f.problems.v[i].level,
		    f.problems.v[i].advice);
	fprintf(o, "|%llu|%d", (unsigned long long)f.problems.dropped,
	    (int)f.cut);
	fclose(o);
	form_free(&f);
	return out;
}

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	size_t	 l1, l2;
	char	*a, *b;

	if (len == 0)
		return 0;
	a = parse((const char *)data + 1, len - 1, 0, &l1);
	b = parse((const char *)data + 1, len - 1, 1u + data[0], &l2);
	if (l1 != l2 || memcmp(a, b, l1) != 0)
		abort();
	free(a);
	free(b);
	return 0;
}
