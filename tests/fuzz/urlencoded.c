/* cgidump: see LICENSE (ISC). */
/*
 * tests/fuzz/urlencoded.c: libFuzzer harness for the urlencoded parser.
 * The input is parsed whole and again in pieces whose sizes come from
 * its first byte; both must give the same form, the same problems and
 * the same cut.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/parse.h"

static char *
parse(const char *p, size_t len, size_t step, size_t *outlen)
{
	struct form	 f;
	struct urlenc	 u;
	size_t		 at, n;
	char		*out = NULL;
	FILE		*m;

	/* Both limits within reach: 16 fields take 16 * FIELD_COST < 8192. */
	form_init(&f, 16, 8192);
	urlenc_init(&u, &f, SRC_QUERY);
	for (at = 0; at < len; at += n) {
		n = len - at < step ? len - at : step;
		urlenc_feed(&u, p + at, n);
	}
	urlenc_finish(&u);
	if ((m = open_memstream(&out, outlen)) == NULL)
		abort();
	json_form(m, &f);
	json_problems(m, &f.problems);
	fprintf(m, "|%llu|%d", (unsigned long long)f.problems.dropped,
	    (int)f.cut);
	fclose(m);
	form_free(&f);
	return out;
}

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	size_t	 step, l1, l2;
	char	*a, *b;

	if (len == 0)
		return 0;
	step = 1 + data[0] % 7;
	a = parse((const char *)data + 1, len - 1, len, &l1);
	b = parse((const char *)data + 1, len - 1, step, &l2);
	if (l1 != l2 || memcmp(a, b, l1) != 0)
		abort();
	free(a);
	free(b);
	return 0;
}
