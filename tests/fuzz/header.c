/* cgidump: see LICENSE (ISC). */
/*
 * tests/fuzz/header.c: libFuzzer harness for the header-parameter
 * parser and the RFC 5987 decoder, with the escapers on what they give.
 * A boundary it accepts is 1 to 70 bytes long; one it refuses leaves
 * exactly one problem, the request's, that fails form-parse.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/parse.h"

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	struct header	 h;
	struct buf	 out = { NULL, 0, 0 };
	const char	*b;
	size_t		 i, blen;
	int		 ok;
	struct form	 f;
	FILE		*devnull = fopen("/dev/null", "w");

	if (devnull == NULL)
		abort();
	form_init(&f, 0, 0);
	header_parse(&h, (const char *)data, len);
	for (i = 0; i < h.n; i++) {
		rfc5987_decode(&out, h.v[i].value.p, h.v[i].value.len);
		html_escape(devnull, out.p, out.len);
		json_string(devnull, h.v[i].value.p, h.v[i].value.len);
		text_escape(devnull, h.v[i].name.p, h.v[i].name.len,
		    TEXT_QUOTED);
	}
	ok = multipart_boundary(&h, &b, &blen, &f);
	if (ok && (blen == 0 || blen > BOUNDARY_MAX))
		abort();
	if (f.problems.n != (ok ? 0 : 1))
		abort();
	if (!ok && (f.problems.v[0].check != CK_FORM_PARSE ||
	    f.problems.v[0].cause != CAUSE_REQUEST ||
	    f.problems.v[0].level != LEVEL_FAIL))
		abort();
	(void)header_get(&h, "filename");
	header_free(&h);
	buf_free(&out);
	form_free(&f);
	fclose(devnull);
	return 0;
}
