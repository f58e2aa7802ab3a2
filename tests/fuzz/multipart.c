/*
 * tests/fuzz/multipart.c: libFuzzer harness for the multipart parser.
 * The body (boundary XyZ123, small limits so that they are hit) is
 * parsed whole and again in pieces of random sizes seeded by its first
 * byte; both must give the same form and the same errors.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/dump.h"

static char *
parse(const char *p, size_t len, unsigned seed, size_t *outlen)
{
	static struct multipart	 m;
	struct form		 f;
	size_t			 at, n, i;
	char			*out = NULL;
	FILE			*o;

	memset(&f, 0, sizeof(f));
	f.max_fields = 40;
	f.max_bytes = 16384;
	multipart_init(&m, &f, "XyZ123", 6, 512, 3);
	srand(seed);
	for (at = 0; at < len; at += n) {
		n = seed == 0 ? len - at : 1 + (size_t)rand() % 97;
		if (n > len - at)
			n = len - at;
		multipart_feed(&m, p + at, n);
	}
	multipart_finish(&m);
	if ((o = open_memstream(&out, outlen)) == NULL)
		abort();
	json_form(o, &f);
	for (i = 0; i < f.nerrors; i++)
		fprintf(o, "|%s", f.errors[i].message);
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
