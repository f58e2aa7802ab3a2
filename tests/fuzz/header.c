/*
 * tests/fuzz/header.c: libFuzzer harness for the header-parameter
 * parser and the RFC 5987 decoder, with the escapers on what they give.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/dump.h"

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	struct header	 h;
	struct buf	 out = { NULL, 0, 0 };
	const char	*b;
	size_t		 i, blen;
	struct form	 f;
	FILE		*devnull = fopen("/dev/null", "w");

	memset(&f, 0, sizeof(f));
	header_parse(&h, (const char *)data, len);
	for (i = 0; i < h.n; i++) {
		rfc5987_decode(&out, h.v[i].value.p, h.v[i].value.len);
		html_escape(devnull, out.p, out.len);
		json_string(devnull, h.v[i].value.p, h.v[i].value.len);
		text_escape(devnull, h.v[i].name.p, h.v[i].name.len,
		    TEXT_QUOTED);
	}
	if (multipart_boundary(&h, &b, &blen, &f) &&
	    (blen == 0 || blen > BOUNDARY_MAX))
		abort();
	(void)header_get(&h, "filename");
	header_free(&h);
	buf_free(&out);
	form_free(&f);
	fclose(devnull);
	return 0;
}
