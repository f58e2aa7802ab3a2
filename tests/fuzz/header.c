/* cgidump: see LICENSE (ISC). */
/*
 * tests/fuzz/header.c: libFuzzer harness for the header-parameter
 * parser and the RFC 5987 decoder, with the escapers on what they give.
 * A boundary it accepts is 1 to 70 bytes long; one it refuses leaves
 * exactly one problem, the request's, that fails form-parse.  Past
 * HEADER_PARAMS_MAX only the four a form needs are kept; ignored
 * parameters and odd values each add one warning.
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
	size_t		 i, blen, fails;
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
	/* The needed four are kept past the cap, and nothing else. */
	if (h.n > HEADER_PARAMS_MAX + 4 ||
	    (h.ignored > 0 && h.n < HEADER_PARAMS_MAX) ||
	    (h.odd == 0 && h.odd_name.len > 0) || h.odd_name.len > len)
		abort();
	ok = multipart_boundary(&h, &b, &blen, &f);
	if (ok && (blen == 0 || blen > BOUNDARY_MAX))
		abort();
	/*
	 * The request's: a boundary refused fails form-parse once; what is
	 * odd about the parameters only warns.
	 */
	for (i = 0, fails = 0; i < f.problems.n; i++) {
		if (f.problems.v[i].check != CK_FORM_PARSE ||
		    f.problems.v[i].cause != CAUSE_REQUEST)
			abort();
		fails += f.problems.v[i].level == LEVEL_FAIL;
	}
	if (fails != (ok ? 0 : 1) ||
	    f.problems.n != fails + (h.ignored > 0) + (h.odd > 0))
		abort();
	(void)header_get(&h, "filename");
	header_free(&h);
	buf_free(&out);
	form_free(&f);
	fclose(devnull);
	return 0;
}
