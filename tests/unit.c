/* cgidump: see LICENSE (ISC). */
/*
 * tests/unit.c: unit tests for the parsers, helpers and judges that the
 * bats suites cannot reach one by one: the urlencoded parser fed in
 * every split, UTF-8 validation at its edges, SHA-256 against FIPS
 * 180-4 (each code the CPU runs, and each against the portable one),
 * a fence given twice (an environment env(1) cannot make), the
 * host judges on hand-made facts (no chmod, no root), the check
 * table's one verdict per row, the CSP's stylesheet hash, what each
 * escaper makes of each class of byte, numbers written by hand, and a
 * static build's reader of /etc/passwd and /etc/group on odd files,
 * the secret and misspelt-setting rules against their old code, and
 * the FastCGI and SCGI parsers in every split and at their bounds,
 * the sandbox's system call filter on every call number, and the
 * form's memory (arena chunks, prefaulting).
 *
 *	unit [area]	areas: urlencoded utf8 sha256 access hostcheck checks
 *			csp escape sh numbers idfile nsswitch secrets fastcgi
 *			scgi filter memory
 *
 * Run by tests/unit.bats, one test per area; prints one line per
 * failure and exits 1.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/utsname.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/parse.h"
#include "../src/cgi.h"
#include "../src/collect.h"
#include "../src/transport.h"

static int	 failures;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		failures++;						\
		printf("FAIL %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		putchar('\n');						\
	}								\
} while (0)

/* The form as one string: name=value pairs joined by '|', bytes as hex. */
static char *
form_string(const struct form *f)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 hex[4];
	size_t		 i, j;

	for (i = 0; i < f->n; i++) {
		struct bytes	 name = field_name(&f->v[i]);
		struct bytes	 value = field_value(&f->v[i]);

		if (i)
			buf_addc(&b, '|');
		for (j = 0; j < name.len; j++) {
			snprintf(hex, sizeof(hex), "%02x",
			    (unsigned char)name.p[j]);
			buf_add(&b, hex, 2);
		}
		buf_addc(&b, '=');
		for (j = 0; j < value.len; j++) {
			snprintf(hex, sizeof(hex), "%02x",
			    (unsigned char)value.p[j]);
			buf_add(&b, hex, 2);
		}
		if (f->v[i].truncated)
			buf_add(&b, "!", 1);
	}
	buf_addc(&b, '\0');
	return b.p;
}

/* Parse s fed in pieces cut at every offset in cuts (ascending). */
static char *
parse_split(const char *s, const size_t *cuts, size_t ncuts,
    uint64_t max_fields, uint64_t max_bytes, enum cut *cut)
{
	struct form	 f;
	struct urlenc	 u;
	size_t		 len = strlen(s), at = 0, i;
	char		*out;

	form_init(&f, max_fields, max_bytes);
	urlenc_init(&u, &f, SRC_QUERY);
	for (i = 0; i < ncuts; i++) {
		urlenc_feed(&u, s + at, cuts[i] - at);
		at = cuts[i];
	}
	urlenc_feed(&u, s + at, len - at);
	urlenc_finish(&u);
	out = form_string(&f);
	*cut = f.cut;
	form_free(&f);
	return out;
}

static const char *const corpus[] = {
	"", "&", "&&", "=", "==", "a", "a=", "=a", "a=b", "a=b=c", "a&b",
	"a=1&&b=2&", "%", "%%", "%4", "%41", "%%41", "%4g", "%g4", "a%=b",
	"a=%", "a=%2", "+%2B+", "%00", "a%00b=c%00d", "%C3%A9=%FF", ";a=1;b",
	"a=1;b=2&c=3", "name=Joe+Blow&addr=At+Home", "%E2%80%AE&%ZZ=%z%",
	"x=%3D%26%25", "&=&a=&=b&", "%%%%", "a=%41%42%4", NULL
};

/* Every split of every corpus string gives the one-shot result. */
static void
test_urlenc_splits(void)
{
	size_t		 i, len, c1, c2, cuts[2];
	enum cut	 cut;
	char		*whole, *split;

	for (i = 0; corpus[i] != NULL; i++) {
		len = strlen(corpus[i]);
		whole = parse_split(corpus[i], NULL, 0, 0, 0, &cut);
		for (c1 = 0; c1 <= len; c1++)
			for (c2 = c1; c2 <= len; c2++) {
				cuts[0] = c1;
				cuts[1] = c2;
				split = parse_split(corpus[i], cuts, 2, 0, 0,
				    &cut);
				CHECK(strcmp(whole, split) == 0,
				    "\"%s\" cut at %zu,%zu: %s, whole: %s",
				    corpus[i], c1, c2, split, whole);
				free(split);
			}
		free(whole);
	}
}

static void
expect(const char *in, const char *want)
{
	enum cut	 cut;
	char		*got = parse_split(in, NULL, 0, 0, 0, &cut);

	CHECK(strcmp(got, want) == 0, "\"%s\": got %s, want %s", in, got,
	    want);
	free(got);
}

/* DESIGN.md "Parsing semantics", one rule at a time (hex bytes). */
static void
test_urlenc_rules(void)
{
	expect("", "");
	expect("&&", "");
	expect("a", "61=");
	expect("=", "=");
	expect("=x", "=78");
	expect("a=b=c", "61=623d63");
	expect("a+b=c+d", "612062=632064");
	expect("%41=%61", "41=61");
	expect("%4=%", "2534=25");
	expect("%%41", "2541=");
	expect("a=1;b=2", "61=313b623d32");
	expect("%00=%00", "00=00");
	expect("a=1&a=2", "61=31|61=32");
}

static void
test_urlenc_limits(void)
{
	enum cut	 cut;
	char		*got;

	got = parse_split("a=1&b=2", NULL, 0, 2, 0, &cut);
	CHECK(cut == CUT_NONE && strcmp(got, "61=31|62=32") == 0, "2 of 2: %s",
	    got);
	free(got);
	got = parse_split("a=1&b=2&c", NULL, 0, 2, 0, &cut);
	CHECK(cut == CUT_FIELDS &&
	    strcmp(got, "61=31|62=32") == 0, "3 of 2: %s", got);
	free(got);
	/* Two fields and "a" "1" "b" "2": 2 * FIELD_COST + 4 bytes. */
	got = parse_split("a=1&b=2", NULL, 0, 0, 2 * FIELD_COST + 4, &cut);
	CHECK(cut == CUT_NONE, "exactly at the limit, cut");
	free(got);
	got = parse_split("a=1&b=23", NULL, 0, 0, 2 * FIELD_COST + 4, &cut);
	CHECK(cut == CUT_FORM && strcmp(got, "61=31|62=32!") == 0, "one over: %s",
	    got);
	free(got);
	/* A field that starts past the limit is not left half-made. */
	got = parse_split("ab&c", NULL, 0, 0, FIELD_COST + 2, &cut);
	CHECK(cut == CUT_FORM && strcmp(got, "6162=") == 0, "c past limit: %s",
	    got);
	free(got);
	/* Empty fields cost memory too: "&=&=..." stops at the limit. */
	got = parse_split("=&=&=&=&=", NULL, 0, 0, 3 * FIELD_COST, &cut);
	CHECK(cut == CUT_FORM && strcmp(got, "=|=|=") == 0, "empty fields: %s",
	    got);
	free(got);
}

static void
utf8_case(const char *bytes, size_t len, size_t want, uint32_t wantcp)
{
	uint32_t	 cp = 0;
	size_t		 n = utf8_valid((const unsigned char *)bytes, len, &cp);

	CHECK(n == want && (want == 0 || cp == wantcp),
	    "utf8 %02x...: got %zu U+%04X, want %zu U+%04X",
	    (unsigned char)bytes[0], n, (unsigned)cp, want, (unsigned)wantcp);
}

/* RFC 3629 §4 and the Unicode standard's table 3-7. */
static void
test_utf8(void)
{
	utf8_case("A", 1, 1, 0x41);
	utf8_case("\x7f", 1, 1, 0x7f);
	utf8_case("\xc2\x80", 2, 2, 0x80);
	utf8_case("\xdf\xbf", 2, 2, 0x7ff);
	utf8_case("\xe0\xa0\x80", 3, 3, 0x800);
	utf8_case("\xed\x9f\xbf", 3, 3, 0xd7ff);
	utf8_case("\xee\x80\x80", 3, 3, 0xe000);
	utf8_case("\xef\xbf\xbf", 3, 3, 0xffff);
	utf8_case("\xf0\x90\x80\x80", 4, 4, 0x10000);
	utf8_case("\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff);
	utf8_case("\x80", 1, 0, 0);			/* lone continuation */
	utf8_case("\xc0\x80", 2, 0, 0);			/* overlong NUL */
	utf8_case("\xc1\xbf", 2, 0, 0);			/* overlong */
	utf8_case("\xe0\x9f\xbf", 3, 0, 0);		/* overlong */
	utf8_case("\xed\xa0\x80", 3, 0, 0);		/* surrogate D800 */
	utf8_case("\xed\xbf\xbf", 3, 0, 0);		/* surrogate DFFF */
	utf8_case("\xf0\x8f\xbf\xbf", 4, 0, 0);		/* overlong */
	utf8_case("\xf4\x90\x80\x80", 4, 0, 0);		/* > U+10FFFF */
	utf8_case("\xf5\x80\x80\x80", 4, 0, 0);
	utf8_case("\xff", 1, 0, 0);
	utf8_case("\xe2\x82", 2, 0, 0);			/* truncated */
	utf8_case("\xe2\x28\xa1", 3, 0, 0);		/* bad continuation */
}

static void
sha_case(const char *in, size_t len, size_t step, const char *want)
{
	struct sha256	 s;
	unsigned char	 md[32];
	char		 hex[65];
	size_t		 i, n;

	sha256_init(&s);
	for (i = 0; i < len; i += n) {
		n = len - i < step ? len - i : step;
		sha256_update(&s, in + i, n);
	}
	sha256_final(&s, md);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	CHECK(strcmp(hex, want) == 0, "sha256 of %zu bytes in steps of %zu: %s",
	    len, step, hex);
}

/* Every SHA-256 code sha256.c has; the ones not here are skipped. */
static const char *const sha_impls[] = { "portable", "sha-ni", "armv8" };

#define NSHA	(sizeof(sha_impls) / sizeof(sha_impls[0]))

/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf"). */
static void
sha_vectors(void)
{
	static const char abc448[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const size_t steps[] = { 1, 3, 63, 64, 65, 1000000 };
	char		*million;
	size_t		 i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		sha_case("", 0, steps[i], "e3b0c44298fc1c149afbf4c8996fb924"
		    "27ae41e4649b934ca495991b7852b855");
		sha_case("abc", 3, steps[i], "ba7816bf8f01cfea414140de5dae2223"
		    "b00361a396177a9cb410ff61f20015ad");
		sha_case(abc448, 56, steps[i], "248d6a61d20638b8e5c026930c3e6039"
		    "a33ce45964ff2167f6ecedd419db06c1");
	}
	million = malloc(1000000);
	memset(million, 'a', 1000000);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (steps[i] >= 63)
			sha_case(million, 1000000, steps[i],
			    "cdc76e5c9914fb9281a1c7e284d73e67"
			    "f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

/*
 * The CSP's style-src hash is a constant next to the stylesheet
 * (render_html.c): it must be the base64 SHA-256 of html_style as it
 * is now, so that an edit of one without the other fails here.
 */
static void
test_csp(void)
{
	static const char	 b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct sha256		 s;
	unsigned char		 md[33] = { 0 };
	char			 got[45];
	size_t			 i, o = 0;
	uint32_t		 v;

	sha256_init(&s);
	sha256_update(&s, html_style, strlen(html_style));
	sha256_final(&s, md);
	/* RFC 4648 §4: 32 bytes are 10 groups of 3 and one of 2 ("="). */
	for (i = 0; i < 33; i += 3) {
		v = (uint32_t)md[i] << 16 | (uint32_t)md[i + 1] << 8 | md[i + 2];
		got[o++] = b64[v >> 18];
		got[o++] = b64[v >> 12 & 63];
		got[o++] = b64[v >> 6 & 63];
		got[o++] = b64[v & 63];
	}
	got[43] = '=';
	got[44] = '\0';
	CHECK(strcmp(got, html_style_sha256) == 0,
	    "html_style_sha256 is %s, the stylesheet hashes to %s",
	    html_style_sha256, got);
}

/*
 * What each escaper makes of s, read back from a temporary file (the
 * escapers write to a FILE *).
 */
enum esc { ESC_HTML, ESC_JSON, ESC_TEXT, ESC_PLAIN, ESC_QUOTE, ESC_SH,
	ESC_PRINTF, ESC_SHDEFS };

static void
esc_case(enum esc e, const char *s, size_t len, const char *want)
{
	char	 got[256];
	char	*q;
	FILE	*f;
	size_t	 n;

	if ((f = tmpfile()) == NULL) {
		CHECK(0, "tmpfile failed");
		return;
	}
	if (e == ESC_HTML)
		html_escape(f, s, len);
	else if (e == ESC_JSON)
		json_string(f, s, len);
	else if (e == ESC_TEXT)
		text_escape(f, s, len, TEXT_QUOTED);
	else if (e == ESC_PLAIN)
		text_escape(f, s, len, TEXT_PLAIN);
	else if (e == ESC_SH)
		sh_word(f, s, len);
	else if (e == ESC_PRINTF)
		sh_printf_line(f, s, len);
	else if (e == ESC_SHDEFS) {
		unsigned char	 set[32] = { 0 };

		sh_unsafe(s, len, set);
		sh_byte_defs(f, set);
	} else {
		q = quote_value(s, len, 8);
		fputs(q, f);
		free(q);
	}
	rewind(f);
	n = fread(got, 1, sizeof(got) - 1, f);
	got[n] = '\0';
	fclose(f);
	CHECK(n == strlen(want) && memcmp(got, want, n) == 0,
	    "escaper %d of \"%s\": got \"%s\", want \"%s\"", (int)e, s, got,
	    want);
}

#define ESC(e, s, want)	esc_case((e), (s), sizeof(s) - 1, (want))

/*
 * Each class of byte the escapers' table tells apart, in each target:
 * plain runs, the five HTML characters, " and \, C0 controls and DEL,
 * bytes that are not UTF-8, hidden code points in and past the BMP,
 * visible UTF-8 copied as it is, and quote_value()'s cut.
 */
static void
test_escape(void)
{
	ESC(ESC_HTML, "a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	ESC(ESC_HTML, "\xc3\xa9\\x", "\xc3\xa9\\x");
	ESC(ESC_HTML, "a\x1b\x7f" "b", "a<span class=\"x\">\\x1B\\x7F</span>b");
	ESC(ESC_HTML, "a\nb\n", "a<span class=\"x\">\\x0A\n</span>b"
	    "<span class=\"x\">\\x0A</span>");
	ESC(ESC_HTML, "\xff&\xe2\x80\xae", "<span class=\"x\">\\xFF</span>&amp;"
	    "<span class=\"x\">\\u202e</span>");
	ESC(ESC_HTML, "\xf3\xa0\x80\x81", "<span class=\"x\">\\U000e0001</span>");
	ESC(ESC_JSON, "a\"b\\c/<&'", "\"a\\\"b\\\\c/<&'\"");
	ESC(ESC_JSON, "\n\r\t\x01\x7f", "\"\\n\\r\\t\\u0001\\u007f\"");
	ESC(ESC_JSON, "\xc0\x80\xe2\x80\x8b\xc3\xa9", "\"\\ufffd\\ufffd\\u200b\xc3\xa9\"");
	ESC(ESC_JSON, "\xf3\xa0\x80\x81", "\"\xf3\xa0\x80\x81\"");
	ESC(ESC_TEXT, "a\"\\<\x1b[\xc2\x85\xc3\xa9", "a\\\"\\\\<\\x1B[\\u0085\xc3\xa9");
	ESC(ESC_PLAIN, "a\"\\\r\xed\xa0\x80", "a\"\\\\x0D\\xED\\xA0\\x80");
	ESC(ESC_QUOTE, "ab\"cd", "\"ab\\\"cd\"");
	ESC(ESC_QUOTE, "abcdefg\xc3\xa9", "\"abcdefg\"...");
	ESC(ESC_QUOTE, "", "\"\"");
}

/*
 * The sh quoting of replay scripts: single quotes around everything,
 * the quote itself as '\'', the bytes a terminal would act on (and
 * hidden code points) as quoted expansions of the byte variables, and
 * printf formats with %, \, ' and a leading - escaped.  That the
 * shell reads them back exactly is replay.bats's property test.
 */
static void
test_sh(void)
{
	ESC(ESC_SH, "", "''");
	ESC(ESC_SH, "abc", "'abc'");
	ESC(ESC_SH, "'", "\\'");
	ESC(ESC_SH, "a'b", "'a'\\''b'");
	ESC(ESC_SH, "''", "\\'\\'");
	ESC(ESC_SH, "$(touch x) `y` \\ \"z\" %s", "'$(touch x) `y` \\ \"z\" %s'");
	ESC(ESC_SH, "a\nb\tc", "'a\nb\tc'");
	ESC(ESC_SH, "a\x1b[1mb", "'a'\"${cgidump_b033}\"'[1mb'");
	ESC(ESC_SH, "\r\xff", "\"${cgidump_b015}\"\"${cgidump_b377}\"");
	ESC(ESC_SH, "\xc3\xa9\xe2\x80\xae", "'\xc3\xa9'\"${cgidump_b342}\""
	    "\"${cgidump_b200}\"\"${cgidump_b256}\"");
	ESC(ESC_SHDEFS, "a\x1b\xff" "b\x1b\n", "cgidump_b033=$(printf '\\033')\n"
	    "cgidump_b377=$(printf '\\377')\n");
	ESC(ESC_SHDEFS, "plain\ttext\n\xc3\xa9", "");
	ESC(ESC_PRINTF, "", "printf ''");
	ESC(ESC_PRINTF, "-n 100%\\'", "printf '\\055n 100%%\\\\\\047'");
	ESC(ESC_PRINTF, "a\n\x00\xff" "1", "printf 'a\\012\\000\\3771'");
	ESC(ESC_PRINTF, "x-$(y)`z`", "printf 'x-$(y)`z`'");
}

/*
 * The numbers the renderers write by hand, against printf's, and the
 * human sizes at the edges of their units and rounding.
 */
static void
test_numbers(void)
{
	static const uint64_t	 v[] = {
		0, 9, 10, 1023, 1024, 1075, 1076, 1048575, 1048576,
		1099511627776ULL, 9999999999999999999ULL, UINT64_MAX
	};
	static const struct {
		uint64_t	 n;
		const char	*want;
	} sizes[] = {
		{ 0, "0 bytes" },
		{ 1023, "1,023 bytes" },
		{ 1024, "1.0 KiB (1,024 bytes)" },
		{ 1075, "1.0 KiB (1,075 bytes)" },
		{ 1076, "1.1 KiB (1,076 bytes)" },
		{ 1048575, "1.0 MiB (1,048,575 bytes)" },
		{ UINT64_MAX, "16.0 EiB (18,446,744,073,709,551,615 bytes)" },
	};
	struct buf	 b = { NULL, 0, 0 };
	char		 got[20], want[24];
	size_t		 i, n;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		n = u64_digits(got, v[i]);
		snprintf(want, sizeof(want), "%" PRIu64, v[i]);
		CHECK(n == strlen(want) && memcmp(got, want, n) == 0,
		    "u64_digits(%s): got %.*s", want, (int)n, got);
	}
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		b.len = 0;
		size_human(&b, sizes[i].n);
		CHECK(strcmp(buf_str(&b), sizes[i].want) == 0,
		    "size_human(%" PRIu64 "): got %s, want %s", sizes[i].n,
		    b.p, sizes[i].want);
	}
	buf_free(&b);
}

/* A literal's bytes, NULs and all: an initializer of a struct bytes. */
#define LIT(s)	{ (s), sizeof(s) - 1 }
/* The same as a value. */
#define BYTES(s)	((struct bytes)LIT(s))

/* The sign of c: bytes_cmp promises no more than memcmp does. */
static int
sign(int c)
{
	return (c > 0) - (c < 0);
}

/*
 * bytes_eq, bytes_prefix, bytes_in and bytes_cmp decide on the first
 * byte before they measure or compare the rest: the same answers at the
 * edges (empty, NULL, a NUL byte, a byte above 127).
 */
static void
test_bytes(void)
{
	static const char *const list[] = { "", "A", "AB", "\xc3", NULL };
	static const char *const nonempty[] = { "A", "AB", NULL };
	static const struct {
		struct bytes	 a, b;
		int		 want;
	} cmps[] = {
		{ LIT(""), LIT(""), 0 }, { LIT(""), LIT("A"), -1 },
		{ LIT("A"), LIT(""), 1 }, { LIT("A"), LIT("B"), -1 },
		{ LIT("AB"), LIT("A"), 1 }, { LIT("AB"), LIT("AC"), -1 },
		{ LIT("\xc3"), LIT("z"), 1 }, { LIT("\0"), LIT("A"), -1 },
		{ LIT("A\0"), LIT("A"), 1 }, { LIT("HTTP_X"), LIT("HTTP_"), 1 },
	};
	struct bytes	 none = { NULL, 0 };
	size_t		 i;

	CHECK(!bytes_eq(none, ""), "bytes_eq(NULL, \"\")");
	CHECK(bytes_eq(BYTES(""), ""), "bytes_eq(\"\", \"\")");
	CHECK(!bytes_eq(BYTES("\0"), ""), "bytes_eq(\"\\0\", \"\")");
	CHECK(!bytes_eq(BYTES(""), "A"), "bytes_eq(\"\", \"A\")");
	CHECK(!bytes_eq(BYTES("A"), "AB"), "bytes_eq(\"A\", \"AB\")");
	CHECK(!bytes_eq(BYTES("AB"), "A"), "bytes_eq(\"AB\", \"A\")");
	CHECK(bytes_eq(BYTES("AB"), "AB"), "bytes_eq(\"AB\", \"AB\")");
	CHECK(!bytes_eq(BYTES("AB"), "AC"), "bytes_eq(\"AB\", \"AC\")");

	CHECK(!bytes_prefix(none, ""), "bytes_prefix(NULL, \"\")");
	CHECK(bytes_prefix(BYTES(""), ""), "bytes_prefix(\"\", \"\")");
	CHECK(bytes_prefix(BYTES("A"), ""), "bytes_prefix(\"A\", \"\")");
	CHECK(!bytes_prefix(BYTES(""), "A"), "bytes_prefix(\"\", \"A\")");
	CHECK(!bytes_prefix(BYTES("H"), "HTTP_"), "bytes_prefix(H, HTTP_)");
	CHECK(bytes_prefix(BYTES("HTTP_"), "HTTP_"),
	    "bytes_prefix(HTTP_, HTTP_)");
	CHECK(!bytes_prefix(BYTES("HTTPS"), "HTTP_"),
	    "bytes_prefix(HTTPS, HTTP_)");
	CHECK(!bytes_prefix(BYTES("\0TTP_"), "HTTP_"),
	    "bytes_prefix(\"\\0TTP_\", HTTP_)");

	CHECK(bytes_in(BYTES(""), list), "bytes_in(\"\", list)");
	CHECK(!bytes_in(BYTES(""), nonempty), "bytes_in(\"\", nonempty)");
	CHECK(!bytes_in(BYTES("\0"), list), "bytes_in(\"\\0\", list)");
	CHECK(bytes_in(BYTES("AB"), list), "bytes_in(\"AB\", list)");
	CHECK(!bytes_in(BYTES("ABC"), list), "bytes_in(\"ABC\", list)");
	CHECK(!bytes_in(BYTES("B"), list), "bytes_in(\"B\", list)");
	CHECK(bytes_in(BYTES("\xc3"), list), "bytes_in(\"\\xc3\", list)");

	for (i = 0; i < sizeof(cmps) / sizeof(cmps[0]); i++) {
		CHECK(sign(bytes_cmp(cmps[i].a, cmps[i].b)) == cmps[i].want,
		    "bytes_cmp, pair %zu: want %d", i, cmps[i].want);
		CHECK(sign(bytes_cmp(cmps[i].b, cmps[i].a)) == -cmps[i].want,
		    "bytes_cmp, pair %zu swapped: want %d", i, -cmps[i].want);
	}
}

/* xorshift32 (Marsaglia 2003): the same numbers from the same seed. */
static uint32_t
rng_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* SHA-256 of p with the code named impl, in pieces of random sizes. */
static void
sha_split(const char *impl, const unsigned char *p, size_t len,
    uint32_t *rng, int split, unsigned char md[32])
{
	struct sha256	 s;
	size_t		 i, n;

	sha256_use(impl);
	sha256_init(&s);
	for (i = 0; i < len; i += n) {
		n = split ? rng_next(rng) % 200 : len - i;
		if (n > len - i)
			n = len - i;
		sha256_update(&s, p + i, n);
	}
	sha256_final(&s, md);
}

/*
 * Each code against the portable one, on random bytes of every length
 * up to 4096 (a block's every offset, many blocks) given whole and in
 * random pieces.  A failure names the seed that makes it again.
 */
static void
sha_against_portable(const char *impl)
{
	const uint32_t	 seed = 0x5eed2024;
	unsigned char	 buf[4096], want[32], got[32];
	uint32_t	 rng = seed;
	size_t		 i, len;
	int		 split;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)rng_next(&rng);
	for (i = 0; i < 600; i++) {
		len = i < 130 ? i : rng_next(&rng) % (sizeof(buf) + 1);
		split = (int)(i % 2);
		sha_split("portable", buf, len, &rng, !split, want);
		sha_split(impl, buf, len, &rng, split, got);
		CHECK(memcmp(want, got, sizeof(got)) == 0, "sha256 %s and "
		    "portable differ on %zu random bytes (case %zu, seed "
		    "%#x)", impl, len, i, (unsigned)seed);
	}
}

static void
test_sha256(void)
{
	const char	*was = sha256_impl();
	size_t		 i;

	for (i = 0; i < NSHA; i++) {
		if (!sha256_use(sha_impls[i])) {
			printf("skip: no %s SHA-256 code in this build or on "
			    "this CPU\n", sha_impls[i]);
			continue;
		}
		CHECK(strcmp(sha256_impl(), sha_impls[i]) == 0, "asked for "
		    "%s, got %s", sha_impls[i], sha256_impl());
		sha_vectors();
		sha_against_portable(sha_impls[i]);
	}
	CHECK(!sha256_use("no-such-code") && sha256_use(was) &&
	    strcmp(sha256_impl(), was) == 0, "an unknown name changed the "
	    "code in use, or %s cannot come back", was);
}

/* A fence given twice with different values refuses; the same twice does not. */
static void
test_access_duplicates(void)
{
	static char	*conflict[] = {
		"REMOTE_ADDR=127.0.0.1", "CGIDUMP_ALLOW=127.0.0.1",
		"CGIDUMP_ALLOW=10.0.0.1", NULL
	};
	static char	*same[] = {
		"REMOTE_ADDR=127.0.0.1", "CGIDUMP_ALLOW=127.0.0.1",
		"CGIDUMP_ALLOW=127.0.0.1", NULL
	};
	static struct dump	 d1, d2;
	struct refusal		 r;

	memset(&r, 0, sizeof(r));
	env_collect(&d1, conflict);
	CHECK(access_refused(&d1, 0, &r) == 1 && r.status == 403 &&
	    strstr(r.message, "CGIDUMP_ALLOW is set more than once") != NULL,
	    "a conflicting duplicate CGIDUMP_ALLOW is not refused");
	free(r.message);
	free(d1.env);
	env_collect(&d2, same);
	CHECK(access_refused(&d2, 0, &r) == 0,
	    "the same CGIDUMP_ALLOW twice is refused");
	free(d2.env);
}

/* A dump of a CGI run whose host facts the test makes by hand. */
static void
host_dump(struct dump *d, char **env)
{
	memset(d, 0, sizeof(*d));
	d->mode = MODE_CGI;
	env_collect(d, env);
	d->proc.euid = 33;
	d->host.program = "/srv/cgi-bin/cgidump";
	d->host.program_st.found = 1;
	d->host.program_st.mode = 0755;
	d->host.dir_st.found = 1;
	d->host.dir_st.mode = 0755;
	d->cwd = "/srv/cgi-bin";
	d->host.cwd = CWD_SAME;
}

static enum level
judged(const struct dump *d, enum level (*judge)(const struct dump *,
    struct buf *), const char *want, const char *what)
{
	struct buf	 msg = { 0 };
	enum level	 l = judge(d, &msg);

	CHECK(want == NULL || strstr(buf_str(&msg), want) != NULL,
	    "%s: \"%s\" lacks \"%s\"", what, buf_str(&msg), want);
	buf_free(&msg);
	return l;
}

/* hostcheck.c's judges, on facts made by hand. */
static void
test_hostcheck(void)
{
	static char	*env[] = { "PATH=/usr/bin:/bin", NULL };
	static char	*relative[] = { "PATH=/usr/bin:.:bin", NULL };
	static char	*nopath[] = { "X=1", NULL };
	static char	*ldpath[] = {
		"LD_LIBRARY_PATH=/usr/local/lib:/usr/lib", NULL
	};
	static struct dirfact	 dirs[2];
	struct dump		 d;

	host_dump(&d, env);
	CHECK(judged(&d, judge_script_permissions, "writable by no one but "
	    "root", "0755") == LEVEL_OK, "mode 0755 owned by root is not ok");
	d.host.program_st.mode = 0775;
	CHECK(judged(&d, judge_script_permissions, "writable by its group",
	    "0775") == LEVEL_WARN, "a group-writable program does not warn");
	d.host.program_st.mode = 0755;
	d.host.dir_st.mode = 0777;
	CHECK(judged(&d, judge_script_permissions, "directory mode 777",
	    "dir 0777") == LEVEL_FAIL,
	    "a world-writable directory does not fail");
	d.host.dir_st.mode = 0755;
	d.host.program_st.uid = 1000;
	CHECK(judged(&d, judge_script_permissions, "belongs to uid 1000",
	    "uid 1000") == LEVEL_WARN, "a program of another user does "
	    "not warn");
	d.host.program = NULL;
	CHECK(judged(&d, judge_script_permissions, "not judged", "none") ==
	    LEVEL_SKIP, "no program file is not 'not judged' (skip)");
	free(d.env);

	host_dump(&d, env);
	CHECK(judged(&d, judge_working_directory, "as RFC 3875 §7.2 says",
	    "same") == LEVEL_OK, "the program's directory is not ok");
	d.host.cwd = CWD_OTHER;
	CHECK(judged(&d, judge_working_directory, "not in the directory",
	    "other") == LEVEL_WARN, "another directory does not warn");
	d.host.cwd = CWD_UNRESOLVED;
	d.host.cwd_unresolved = "the working directory";
	d.host.cwd_error = "No such file or directory";
	CHECK(judged(&d, judge_working_directory, "cannot be resolved (No "
	    "such file", "unresolved") == LEVEL_SKIP, "unresolved is not a skip");
	d.cwd = NULL;
	d.host.cwd_error = "Permission denied";
	CHECK(judged(&d, judge_working_directory, "getcwd: Permission denied",
	    "no cwd") == LEVEL_WARN, "no working directory does not warn");
	free(d.env);

	host_dump(&d, env);
	dirs[0].path = "/usr/bin";
	dirs[0].st.found = 1;
	dirs[0].st.mode = 0755;
	dirs[1].path = "/bin";
	dirs[1].st.found = 1;
	dirs[1].st.mode = 0777;
	d.host.dirs = dirs;
	d.host.ndirs = 2;
	CHECK(judged(&d, judge_path, "\"/bin\" (writable by every user)",
	    "path") == LEVEL_FAIL, "a world-writable PATH entry does not "
	    "fail");
	dirs[1].st.mode = 01775;
	CHECK(judged(&d, judge_path, "writable by its group", "path") ==
	    LEVEL_WARN, "a group-writable PATH entry does not warn");
	dirs[1].st.mode = 0755;
	CHECK(judged(&d, judge_path, "holds only absolute", "path") ==
	    LEVEL_OK, "a clean PATH is not ok");
	/* A directory host.c did not look at is not taken for a safe one. */
	d.host.ndirs = 1;
	CHECK(judged(&d, judge_path, "\"/bin\" (not looked at", "unseen") ==
	    LEVEL_WARN, "a directory without facts is ok");
	d.host.ndirs = 2;
	free(d.env);
	host_dump(&d, relative);
	d.host.dirs = dirs;
	d.host.ndirs = 2;
	CHECK(judged(&d, judge_path, "\".\" (relative", "relative") ==
	    LEVEL_WARN, "a relative PATH entry does not warn");
	free(d.env);
	host_dump(&d, nopath);
	CHECK(judged(&d, judge_path, "PATH is unset", "unset") == LEVEL_WARN,
	    "no PATH does not warn");
	free(d.env);

	/* mini_httpd's LD_LIBRARY_PATH is harmless while no one can write it. */
	host_dump(&d, ldpath);
	dirs[0].path = "/usr/local/lib";
	dirs[0].st.mode = 0755;
	dirs[1].path = "/usr/lib";
	dirs[1].st.mode = 0755;
	d.host.dirs = dirs;
	d.host.ndirs = 2;
	CHECK(judged(&d, judge_library_variables, "no LD_PRELOAD", "ld ok") ==
	    LEVEL_OK, "a root-owned LD_LIBRARY_PATH warns");
	dirs[1].st.mode = 0757;
	CHECK(judged(&d, judge_library_variables, "LD_LIBRARY_PATH",
	    "ld bad") == LEVEL_WARN, "a writable LD_LIBRARY_PATH does not "
	    "warn");
	free(d.env);

	host_dump(&d, env);
	d.proc.uid = d.proc.euid = 0;
	CHECK(judged(&d, judge_privileges, "runs as root", "root") ==
	    LEVEL_FAIL, "root does not fail");
	d.proc.uid = d.proc.euid = 33;
	d.proc.gid = d.proc.egid = 33;
	CHECK(judged(&d, judge_privileges, "not root", "www-data") ==
	    LEVEL_OK, "uid 33 is not ok");
	d.proc.euid = 0;
	CHECK(judged(&d, judge_privileges, "runs as root", "set-uid root") ==
	    LEVEL_FAIL, "set-uid root does not fail");
	free(d.env);
}

static void
verdicts_free(struct dump *d)
{
	size_t	 i;

	for (i = 0; i < d->nchecks; i++)
		free(d->checks[i].message);
	free(d->checks);
	d->checks = NULL;
	d->nchecks = 0;
}

/* One verdict per row of the table, each id once, in the table's order. */
static void
test_checks(void)
{
	static char	*env[] = {
		"GATEWAY_INTERFACE=CGI/1.1", "REQUEST_METHOD=GET", NULL
	};
	static struct dump	 d;
	size_t			 i, j;

	for (i = 0; i < CK__MAX; i++) {
		CHECK(check_table[i].judge != NULL &&
		    check_table[i].name != NULL, "check %zu has no row", i);
		CHECK(check_table[i].when != WHEN_CGI ||
		    check_table[i].local != NULL, "row %zu: no local reason", i);
		for (j = 0; j < i; j++)
			CHECK(strcmp(check_table[i].name,
			    check_table[j].name) != 0, "%s twice",
			    check_table[i].name);
	}
	host_dump(&d, env);
	d.req.stdin_kind = "pipe";
	form_init(&d.form, 0, 0);
	checks_run(&d);
	CHECK(d.nchecks == CK__MAX, "%zu verdicts for %d checks", d.nchecks,
	    CK__MAX);
	for (i = 0; i < d.nchecks && i < CK__MAX; i++)
		CHECK(d.checks[i].id == (enum check_id)i, "verdict %zu is %s",
		    i, check_name(d.checks[i].id));
	/* Problems decide their checks: the worst, whatever the order. */
	problem_add(&d.problems, CK_FORM_PARSE, CAUSE_LIMIT, LEVEL_WARN,
	    NULL, "cut by a limit");
	problem_add(&d.problems, CK_FORM_PARSE, CAUSE_REQUEST, LEVEL_FAIL,
	    NULL, "a client's mistake");
	verdicts_free(&d);
	checks_run(&d);
	CHECK(check_find(&d, CK_FORM_PARSE)->level == LEVEL_FAIL &&
	    strstr(check_find(&d, CK_FORM_PARSE)->message,
	    "a client's mistake") != NULL, "form-parse: %s",
	    check_find(&d, CK_FORM_PARSE)->message);
	verdicts_free(&d);
	problems_free(&d.problems);
	free(d.env);
}

/*
 * FastCGI and SCGI modes on hand-made parameters: what only those
 * modes decide (a missing SCRIPT_FILENAME, duplicates among the
 * parameters as env_collect_params() keeps them).
 */
static void
test_transport_checks(void)
{
	static char	*params[] = {
		"SCRIPT_NAME=/app", "GATEWAY_INTERFACE=CGI/1.1",
		"SCRIPT_NAME=/app/x", "REQUEST_METHOD=GET"
	};
	static const size_t	 lens[] = { 16, 25, 18, 18 };
	static char	*env[] = {
		"GATEWAY_INTERFACE=CGI/1.1", "REQUEST_METHOD=GET",
		"SCRIPT_NAME=/app", "REQUEST_URI=/app", NULL
	};
	static struct dump	 d;
	const struct check	*c;

	host_dump(&d, env);
	d.transport.name = "fastcgi";
	CHECK(judged(&d, judge_script_variables, "SCRIPT_FILENAME is unset: "
	    "a FastCGI responder", "fastcgi") == LEVEL_WARN,
	    "FastCGI without SCRIPT_FILENAME does not warn");
	d.transport.name = "scgi";
	CHECK(judged(&d, judge_script_variables, "Note: SCRIPT_FILENAME is "
	    "unset", "scgi") == LEVEL_OK, "SCGI without SCRIPT_FILENAME is "
	    "not ok");
	d.transport.name = NULL;
	CHECK(judged(&d, judge_script_variables, "Note: SCRIPT_FILENAME is "
	    "unset", "cgi") == LEVEL_OK, "CGI without SCRIPT_FILENAME is "
	    "not ok");
	free(d.env);

	memset(&d, 0, sizeof(d));
	d.mode = MODE_CGI;
	d.transport.name = "fastcgi";
	env_collect_params(&d, params, lens, 4);
	d.req.stdin_kind = "socket";
	form_init(&d.form, 0, 0);
	checks_run(&d);
	c = check_find(&d, CK_DUPLICATE_VARIABLES);
	CHECK(c != NULL && c->level == LEVEL_WARN && strstr(c->message,
	    "\"SCRIPT_NAME\" 2 times: \"/app\", \"/app/x\" (values in "
	    "parameter order)") != NULL && strstr(c->message, "in the "
	    "server's parameters more than once") != NULL &&
	    strstr(c->message, "FCGX_GetParam") != NULL,
	    "duplicate parameters: %s", c != NULL ? c->message : "none");
	verdicts_free(&d);
	free(d.env);
}

/* A file of lines, written to a temporary path; NULL when it cannot be. */
static char *
idfile_make(const char *content, size_t len)
{
	static char	 path[64];
	FILE		*f;

	snprintf(path, sizeof(path), "/tmp/cgidump-unit-ids.%ld",
	    (long)getpid());
	if ((f = fopen(path, "w")) == NULL)
		return NULL;
	if (fwrite(content, 1, len, f) != len) {
		fclose(f);
		return NULL;
	}
	return fclose(f) == 0 ? path : NULL;
}

/* The name of id in content, or "(none)"; the temporary file removed. */
static char *
idfile_try(const char *content, size_t len, unsigned long id, int passwd)
{
	char	*path = idfile_make(content, len), *name;

	if (path == NULL)
		return xstrdup("(cannot write the file)");
	name = idfile_name(path, id, passwd);
	unlink(path);
	return name != NULL ? name : xstrdup("(none)");
}

#define IDFILE_EXPECT_(content, id, passwd, want) do {			\
	char	*got_ = idfile_try((content), sizeof(content) - 1, (id),	\
	    (passwd));							\
	CHECK(strcmp(got_, (want)) == 0, "id %lu: %s, not %s",		\
	    (unsigned long)(id), got_, (want));				\
	free(got_);							\
} while (0)
#define IDFILE_EXPECT(content, id, want)				\
	IDFILE_EXPECT_(content, id, 0, want)
#define PASSWD_EXPECT(content, id, want)				\
	IDFILE_EXPECT_(content, id, 1, want)

/*
 * A static build's reader of /etc/passwd and /etc/group (passwd(5),
 * group(5)): the first line with the id names it, odd lines name
 * nothing, a line of any length and a file of any size cost a bounded
 * buffer.
 */
static void
test_idfile(void)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*path, *name;
	size_t		 i;

	IDFILE_EXPECT("root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33::/:\n",
	    33, "www-data");
	IDFILE_EXPECT("root:x:0:\nstaff:x:50:alice,bob\n", 50, "staff");
	IDFILE_EXPECT("a:x:7:\nb:x:7:\n", 7, "a");
	IDFILE_EXPECT("a:x:1:\nlast:x:9:", 9, "last");
	IDFILE_EXPECT("a:x:1:\nlast:x:9", 9, "last");
	IDFILE_EXPECT("+nis:x:9:\n-nis:x:9:\n#c:x:9:\nok:x:9:\n", 9, "ok");
	/*
	 * As glibc 2.36's files module answers (each checked against
	 * getpwuid/getgrgid with the text bind-mounted over the file):
	 * blanks before the name skipped, so are the lines they hide; an
	 * empty name is a name; the id is strtoul's, blanks and '+' first;
	 * a passwd line without a number for its gid names nothing; the
	 * line ends at a NUL.
	 */
	IDFILE_EXPECT(" \tsp:x:9:\n", 9, "sp");
	IDFILE_EXPECT(" +nis:x:9:\n #c:x:9:\nok:x:9:\n", 9, "ok");
	IDFILE_EXPECT(":x:9:\nok:x:9:\n", 9, "");
	IDFILE_EXPECT("plus:x:+9:\nok:x:9:\n", 9, "plus");
	IDFILE_EXPECT("blank:x: 9:\nok:x:9:\n", 9, "blank");
	IDFILE_EXPECT("mz:x:-0:\nok:x:9:\n", 0, "mz");
	IDFILE_EXPECT("after:x:9 :\nnul:x:9\0:\n", 9, "nul");
	PASSWD_EXPECT("root:x:0:0:root:/root:/bin/sh\n", 0, "root");
	PASSWD_EXPECT("four:x:0:0\n", 0, "four");
	PASSWD_EXPECT("nogid:x:0:\nbadgid:x:0:x::/:\nshort:x:0\n"
	    "crlf:x:0:0\r\nok:x:0:0::/:/bin/sh\n", 0, "ok");
	PASSWD_EXPECT("nul:x\0:0:0::/:\nok:x:0:0::/:\n", 0, "ok");
	PASSWD_EXPECT("a:0:0::/:/bin/sh\nok:x:0:0::/:\n", 0, "ok");
	IDFILE_EXPECT("bad:x:9x:\nneg:x:-9:\nbig:x:99999999999999999999999:\n",
	    9, "(none)");
	IDFILE_EXPECT("two:x\nnone\n\n\n", 0, "(none)");
	IDFILE_EXPECT("n\0ul:x:5:\nfine:x:5:\n", 5, "fine");
	IDFILE_EXPECT("a:x:12:\n", 1, "(none)");
	IDFILE_EXPECT("crlf:x:3:\r\n", 3, "crlf");
	/* A group line longer than the buffer: named by its start. */
	buf_add(&b, "small:x:1:\nhuge:x:2:", 20);
	for (i = 0; i < 100000; i++)
		buf_add(&b, "member,", 7);
	buf_add(&b, "\nafter:x:3:\n", 12);
	path = idfile_make(b.p, b.len);
	CHECK(path != NULL, "cannot write the file");
	if (path != NULL) {
		name = idfile_name(path, 2, 0);
		CHECK(name != NULL && strcmp(name, "huge") == 0, "huge: %s",
		    name != NULL ? name : "(none)");
		free(name);
		name = idfile_name(path, 3, 0);
		CHECK(name != NULL && strcmp(name, "after") == 0,
		    "after the huge line: %s", name != NULL ? name : "(none)");
		free(name);
		unlink(path);
	}
	/*
	 * A password field that ends the 4096-byte buffer leaves "123" of
	 * the id 12345 in it: neither is guessed at.
	 */
	b.len = 0;
	buf_add(&b, "cut:", 4);
	for (i = 0; i < 4088; i++)
		buf_addc(&b, 'p');
	buf_add(&b, ":12345:\n", 8);
	path = idfile_make(b.p, b.len);
	if (path != NULL) {
		static const unsigned long	 ids[] = { 1, 12, 123, 12345 };

		for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
			name = idfile_name(path, ids[i], 0);
			CHECK(name == NULL, "id %lu named %s from a cut line",
			    ids[i], name);
			free(name);
		}
		unlink(path);
	}
	buf_free(&b);
	/* No file, a directory, an endless device: no name, no hang. */
	name = idfile_name("/nonexistent/passwd", 0, 1);
	CHECK(name == NULL, "a missing file named %s", name);
	free(name);
	name = idfile_name("/", 0, 1);
	CHECK(name == NULL, "a directory named %s", name);
	free(name);
	name = idfile_name("/dev/zero", 0, 1);
	CHECK(name == NULL, "/dev/zero named %s", name);
	free(name);
}

/*
 * The secret-name rules (env.c) and the misspelt-setting fence
 * (settings.c) against their first, plainly written versions, copied
 * here as oracles: on every name tests/secrets.bats and
 * tests/access.bats use, and on names and values generated around
 * each rule's words and each setting (every single edit, case,
 * separators, digits, bytes above ASCII, REDIRECT_ prefixes), the
 * verdicts must be the same.  Making the rules faster must not change
 * what they hide or refuse.
 */
#define ORACLE_SEPARATORS	"_-."

static const char *const oracle_secret_words[] = {
	"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "KEY",
	"CREDENTIAL", "PRIVATE", "AUTHORIZATION", "SIGNATURE", "COOKIE",
	"JWT", "BEARER", "SESSIONID", "SESSID", "DBPASS", "PGPASS", NULL
};

static const char *const oracle_secret_parts[] = {
	"PASS", "PW", "PWD", "SALT", "AUTH", "DSN", NULL
};

static const char *const oracle_not_secret[] = {
	"PWD", "OLDPWD", "AUTH_TYPE", "AUTH_USER", "SERVER_SIGNATURE",
	"HTTP_SEC_WEBSOCKET_KEY", "SSL_CLIENT_A_KEY", "SSL_SERVER_A_KEY",
	"SSL_CIPHER_USEKEYSIZE", "SSL_CIPHER_ALGKEYSIZE", "SSL_SESSION_ID",
	"SSH_AUTH_SOCK", "XDG_SESSION_ID", "PGPASSFILE", NULL
};

static const char *const oracle_secret_key_ends[] = {
	"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "KEY",
	"SIGNATURE", "CREDENTIAL", "CREDENTIALS", NULL
};

static const char *const oracle_secret_key_parts[] = {
	"PASS", "PWD", "PW", "SIG", NULL
};

static int
oracle_word_at(const char *p, size_t len, size_t i, const char *word,
    size_t *end)
{
	size_t	 w;

	if (i >= len || byte_in(p[i], ORACLE_SEPARATORS))
		return 0;
	for (w = 0; word[w] != '\0'; w++) {
		while (w > 0 && i < len && byte_in(p[i], ORACLE_SEPARATORS))
			i++;
		if (i == len || !ascii_ieqn(p + i, word + w, 1))
			return 0;
		i++;
	}
	*end = i;
	return 1;
}

static int
oracle_has_word(const char *p, size_t len, const char *const *words,
    int at_end)
{
	size_t	 i, w, end, rest;

	for (w = 0; words[w] != NULL; w++)
		for (i = 0; i < len; i++) {
			if (!oracle_word_at(p, len, i, words[w], &end))
				continue;
			for (rest = end; rest < len &&
			    byte_in(p[rest], ORACLE_SEPARATORS); rest++)
				continue;
			if (!at_end || rest == len)
				return 1;
		}
	return 0;
}

static int
oracle_has_part(const char *p, size_t len, const char *const *parts)
{
	size_t	 i = 0, end, w;

	while (i <= len) {
		for (end = i; end < len &&
		    !byte_in(p[end], ORACLE_SEPARATORS); end++)
			continue;
		for (w = 0; parts[w] != NULL; w++)
			if (end - i == strlen(parts[w]) &&
			    ascii_ieqn(p + i, parts[w], end - i))
				return 1;
		i = end + 1;
	}
	return 0;
}

static int
oracle_last_part_is(const char *p, size_t len, const char *const *parts)
{
	size_t	 i = len;

	while (i > 0 && !byte_in(p[i - 1], ORACLE_SEPARATORS))
		i--;
	return oracle_has_part(p + i, len - i, parts);
}

static struct bytes
oracle_redirect_base(struct bytes name)
{
	static const char	 prefix[] = "REDIRECT_";

	while (bytes_prefix(name, prefix)) {
		name.p += sizeof(prefix) - 1;
		name.len -= sizeof(prefix) - 1;
	}
	return name;
}

static int
oracle_is_secret_name(struct bytes name)
{
	if (bytes_in(name, oracle_not_secret))
		return 0;
	return oracle_has_word(name.p, name.len, oracle_secret_words, 0) ||
	    oracle_has_part(name.p, name.len, oracle_secret_parts);
}

static int
oracle_is_secret_key(const char *p, size_t len)
{
	return oracle_has_word(p, len, oracle_secret_key_ends, 1) ||
	    oracle_last_part_is(p, len, oracle_secret_key_parts);
}

static int
oracle_has_url_userinfo(const char *p, size_t len, int cut)
{
	size_t	 i, j;

	for (i = 0; i + 3 <= len; i++) {
		if (memcmp(p + i, "://", 3) != 0)
			continue;
		for (j = i + 3; j < len; j++)
			if (p[j] == '/' || p[j] == '?' || p[j] == '@' ||
			    p[j] == ' ' || p[j] == '\n')
				break;
		if ((j < len && p[j] == '@') || (j == len && cut))
			if (memchr(p + i + 3, ':', j - i - 3) != NULL)
				return 1;
	}
	return 0;
}

static int
oracle_url_password_in(const char *p, size_t len, int cut)
{
	struct buf	 dec = { 0 }, next = { 0 }, tmp;
	size_t		 i;
	int		 hi, lo, found, round;

	if (oracle_has_url_userinfo(p, len, cut))
		return 1;
	if (p == NULL || memchr(p, '%', len) == NULL)
		return 0;
	buf_add(&dec, p, len);
	for (found = round = 0; !found && round < 4 &&
	    memchr(dec.p, '%', dec.len) != NULL; round++) {
		next.len = 0;
		for (i = 0; i < dec.len; i++) {
			if (dec.p[i] == '%' && dec.len - i > 2 &&
			    (hi = hex_value(dec.p[i + 1])) >= 0 &&
			    (lo = hex_value(dec.p[i + 2])) >= 0) {
				buf_addc(&next, (char)(hi * 16 + lo));
				i += 2;
			} else
				buf_addc(&next, dec.p[i]);
		}
		if (next.len == dec.len)
			break;
		found = oracle_has_url_userinfo(next.p, next.len, cut);
		tmp = dec;
		dec = next;
		next = tmp;
	}
	buf_free(&dec);
	buf_free(&next);
	return found;
}

static int
oracle_key_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || byte_in(c, ORACLE_SEPARATORS);
}

static int
oracle_key_before(struct bytes v, size_t i, struct bytes *key)
{
	size_t	 end = i, start;
	char	 quote = 0;

	while (end > 0 && (v.p[end - 1] == ' ' || v.p[end - 1] == '\t'))
		end--;
	if (end > 0 && (v.p[end - 1] == '"' || v.p[end - 1] == '\''))
		quote = v.p[--end];
	if (v.p[i] == ':' && quote == 0)
		return 0;
	for (start = end; start > 0 && oracle_key_byte(v.p[start - 1]);
	    start--)
		continue;
	if (start == end || (quote != 0 && (start == 0 ||
	    v.p[start - 1] != quote)))
		return 0;
	key->p = v.p + start;
	key->len = end - start;
	return 1;
}

static int
oracle_has_secret_key(struct bytes v)
{
	struct bytes	 key;
	size_t		 i;

	for (i = 0; i < v.len; i++) {
		if (v.p[i] != '=' && v.p[i] != ':')
			continue;
		if (v.p[i] == '=' &&
		    (i + 1 == v.len || byte_in(v.p[i + 1], "=\r\n")))
			continue;
		if (oracle_key_before(v, i, &key) &&
		    oracle_is_secret_key(key.p, key.len))
			return 1;
	}
	return 0;
}

static int
oracle_has_private_key(struct bytes v)
{
	return bytes_icontains(v, "-----BEGIN") &&
	    bytes_icontains(v, "PRIVATE KEY-----");
}

static int
oracle_from_request(struct bytes name)
{
	static const char *const names[] = {
		"QUERY_STRING", "REQUEST_URI", "PATH_INFO", "PATH_TRANSLATED",
		"SCRIPT_URI", "SCRIPT_URL", "DOCUMENT_URI", "REQUEST_METHOD",
		"CONTENT_TYPE", "CONTENT_LENGTH", NULL
	};
	return bytes_prefix(name, "HTTP_") || bytes_in(name, names);
}

static enum redact
oracle_classify(struct bytes name, struct bytes value)
{
	name = oracle_redirect_base(name);
	if (value.p == NULL)
		return RED_NONE;
	if (bytes_eq(name, "HTTP_COOKIE"))
		return RED_COOKIE;
	if (oracle_is_secret_name(name) ||
	    oracle_url_password_in(value.p, value.len, 0))
		return RED_LENGTH;
	if (!oracle_from_request(name) && (oracle_has_secret_key(value) ||
	    oracle_has_private_key(value)))
		return RED_LENGTH;
	return RED_NONE;
}

/* settings.c's cgidump_settings, then its limits' names. */
static const char *const oracle_settings[] = {
	"CGIDUMP_MAX_BODY", "CGIDUMP_MAX_FIELDS", "CGIDUMP_MAX_FORM",
	"CGIDUMP_MAX_HEADER", "CGIDUMP_MAX_DEPTH", "CGIDUMP_TIMEOUT",
	"CGIDUMP_DEADLINE",
	"CGIDUMP_REVEAL", "CGIDUMP_STRICT", "CGIDUMP_ALLOW", "CGIDUMP_TOKEN",
	"CGIDUMP_EXPIRES", "CGIDUMP_SHA256",
	"CGIDUMP_MAX_BODY", "CGIDUMP_MAX_FIELDS", "CGIDUMP_MAX_FORM",
	"CGIDUMP_MAX_HEADER", "CGIDUMP_MAX_DEPTH", "CGIDUMP_TIMEOUT",
	"CGIDUMP_DEADLINE", NULL
};

struct oracle_squeezed {
	char	 p[64];
	size_t	 len;
	int	 whole;
};

static void
oracle_squeeze(struct bytes name, struct oracle_squeezed *s)
{
	size_t	 i;

	s->len = 0;
	s->whole = 1;
	for (i = 0; i < name.len; i++) {
		if (byte_in(name.p[i], "_-"))
			continue;
		if (s->len == sizeof(s->p)) {
			s->whole = 0;
			break;
		}
		s->p[s->len++] = name.p[i];
	}
}

static int
oracle_meant_for_cgidump(const struct oracle_squeezed *s)
{
	size_t	 k;

	for (k = 6; k <= 8 && k <= s->len; k++)
		if (one_edit(s->p, k, "CGIDUMP", 7))
			return 1;
	return 0;
}

static const char *
oracle_setting_near(const struct oracle_squeezed *s)
{
	struct oracle_squeezed	 k;
	const char		*name;
	size_t			 i;

	for (i = 0; s->whole && (name = oracle_settings[i]) != NULL; i++) {
		oracle_squeeze(bytes_of(name), &k);
		if (one_edit(s->p, s->len, k.p, k.len))
			return name;
	}
	return NULL;
}

static int
oracle_setting_misspelt(struct bytes name, const char **meant)
{
	struct oracle_squeezed	 s;
	const char		*known;
	size_t			 i;

	name = oracle_redirect_base(name);
	for (i = 0; (known = oracle_settings[i]) != NULL; i++)
		if (bytes_eq(name, known))
			return 0;
	if (name.len == 7 && ascii_ieqn(name.p, "CGIDUMP", 7))
		return 0;
	oracle_squeeze(name, &s);
	if (!oracle_meant_for_cgidump(&s))
		return 0;
	*meant = oracle_setting_near(&s);
	return 1;
}

/* Strings, made one at a time. */
struct strings {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

static void
strings_add(struct strings *s, const char *a, const char *b,
    const char *c)
{
	struct buf	 b1 = { NULL, 0, 0 };

	buf_add(&b1, a, strlen(a));
	buf_add(&b1, b, strlen(b));
	buf_add(&b1, c, strlen(c));
	buf_addc(&b1, '\0');
	/* Doubled: a sanitizer's realloc always moves the block. */
	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 1024 : s->cap * 2;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n++] = b1.p;
}

static void
strings_free(struct strings *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* s itself and every string one edit from it, bytes from alphabet. */
static void
strings_edits(struct strings *out, const char *s, const char *alphabet)
{
	size_t	 len = strlen(s), i, a;
	char	*t = xcalloc(1, len + 2);

	strings_add(out, s, "", "");
	for (i = 0; i <= len; i++)
		for (a = 0; alphabet[a] != '\0'; a++) {
			memcpy(t, s, i);
			t[i] = alphabet[a];
			memcpy(t + i + 1, s + i, len - i + 1);
			strings_add(out, t, "", "");	/* inserted */
			if (i == len)
				continue;
			memcpy(t, s, len + 1);
			t[i] = alphabet[a];
			strings_add(out, t, "", "");	/* changed */
		}
	for (i = 0; i < len; i++) {
		memcpy(t, s, i);
		memcpy(t + i, s + i + 1, len - i);
		strings_add(out, t, "", "");		/* deleted */
		if (i + 1 == len)
			continue;
		memcpy(t, s, len + 1);
		t[i] = s[i + 1];
		t[i + 1] = s[i];
		strings_add(out, t, "", "");		/* swapped */
	}
	free(t);
}

/* s in upper case, lower case, capitalised, and alternating. */
static void
strings_cases(struct strings *out, const char *s)
{
	char	*t = xstrdup(s);
	size_t	 i, v;

	for (v = 0; v < 4; v++) {
		for (i = 0; s[i] != '\0'; i++) {
			t[i] = s[i];
			if (s[i] >= 'A' && s[i] <= 'Z' &&
			    (v == 1 || (v == 2 && i > 0) || (v == 3 && i % 2)))
				t[i] = (char)(s[i] - 'A' + 'a');
		}
		strings_add(out, t, "", "");
	}
	free(t);
}

/* Each name=value of env redacted by env_redact and by the oracle. */
static void
secrets_compare(char **env, size_t n)
{
	static struct dump	 d;
	char			**batch;
	size_t			 i, at, k;
	enum redact		 want;

	batch = xreallocarray(NULL, 1001, sizeof(*batch));
	/* The first failures are enough to see why. */
	for (at = 0; at < n && failures < 20; at += k) {
		for (k = 0; k < 1000 && at + k < n; k++)
			batch[k] = env[at + k];
		batch[k] = NULL;
		memset(&d, 0, sizeof(d));
		env_collect(&d, batch);
		env_redact(&d);
		for (i = 0; i < d.nenv; i++) {
			struct envvar	*e = &d.env[i];

			want = oracle_classify(e->name, e->value);
			CHECK(e->redact == want, "%s: redact %d, the oracle %d",
			    batch[e->order], e->redact, want);
			free(e->cookies);
		}
		free(d.env);
	}
	free(batch);
}

/* NAME=value for each of names with each of values. */
static void
secrets_cross(const struct strings *names, const char *const *values)
{
	struct strings	 env = { NULL, 0, 0 };
	size_t		 i, v;

	for (i = 0; i < names->n; i++) {
		strings_add(&env, names->v[i], "", "");	/* no '=' */
		for (v = 0; values[v] != NULL; v++)
			strings_add(&env, names->v[i], "=", values[v]);
	}
	secrets_compare(env.v, env.n);
	strings_free(&env);
}

/* Every name tests/secrets.bats and tests/access.bats set. */
static const char *const bats_names[] = {
	"APP_SECRET", "ASAN_OPTIONS", "AUTH_TYPE", "AUTH_USER", "AccountKey",
	"AccountName", "CGIDEBUG", "CGIDUMP", "CGIDUMP_ALLOW",
	"CGIDUMP_ALLOWED", "CGIDUMP_ALLOW_FROM", "CGIDUMP_ALOW",
	"CGIDUMP_DENY", "CGIDUMP_EXPIRE", "CGIDUMP_EXPIRES",
	"CGIDUMP_MAXBODY", "CGIDUMP_MAX_BODY", "CGIDUMP_MAX_DEPTH",
	"CGIDUMP_MAX_FIELDS", "CGIDUMP_MAX_FORM", "CGIDUMP_MAX_HEADER",
	"CGIDUMP_NEW_THING", "CGIDUMP_REVEAL", "CGIDUMP_STRICT",
	"CGIDUMP_TIMEOUT", "CGIDUMP_TOKEN", "CGIDUMP_TOKENS",
	"CGI_DUMP_MAX_BODY", "CGI_PATTERN", "CGI_ROOT", "CN",
	"CONTENT_LENGTH", "CONTENT_TYPE", "CONTEXT_DOCUMENT_ROOT",
	"CONTEXT_PREFIX", "ConnectionStrings__Default", "DATABASE_URL",
	"DBUS_SESSION_BUS_ADDRESS", "DB_URL", "DESKTOP_SESSION",
	"DOCUMENT_ROOT", "DOCUMENT_URI", "DefaultEndpointsProtocol",
	"Djavax.net.ssl.keyStore", "Djavax.net.ssl.keyStorePassword",
	"Djavax.net.ssl.keyStoreType", "Driver", "Endpoint",
	"EndpointSuffix", "GATEWAY_INTERFACE", "GIT_ASKPASS",
	"GIT_AUTHOR_NAME", "GIT_DUMP", "HOME", "HOMEPAGE", "HTTPS",
	"HTTP_ACCEPT", "HTTP_ACCEPT_ENCODING", "HTTP_AUTHORIZATION",
	"HTTP_CGIDUMP_ALLOW", "HTTP_CGIDUMP_REVEAL", "HTTP_CGIDUMP_TOKEN",
	"HTTP_COOKIE", "HTTP_HOST", "HTTP_KEEP_ALIVE", "HTTP_ORIGIN",
	"HTTP_PROXY_AUTHORIZATION", "HTTP_REFERER", "HTTP_SEC_FETCH_MODE",
	"HTTP_SEC_WEBSOCKET_KEY", "HTTP_USER_AGENT", "HTTP_X_CGIDUMP_ALOW",
	"HTTP_X_CGIDUMP_TOKEN", "IFS", "INVOCATION_ID", "Id",
	"JOURNAL_STREAM", "LANG", "LISTEN_FDNAMES", "LISTEN_FDS",
	"LISTEN_PID", "LOGNAME", "LS_COLORS", "MARK", "MIRROR", "O",
	"OLDPWD", "OU", "PASSENGER_APP", "PASSENGER_APP_ENV", "PATH",
	"PATH_INFO", "PATH_TRANSLATED", "PGPASSFILE", "PHP_VALUE", "PWD",
	"Passwd", "Password", "QUERY_STRING", "REDIRECT_APP_SECRET",
	"REDIRECT_CGIDUMP_ALLOW", "REDIRECT_CGIDUMP_REVEAL",
	"REDIRECT_HTTP_AUTHORIZATION", "REDIRECT_HTTP_COOKIE",
	"REDIRECT_QUERY_STRING", "REDIRECT_REDIRECT_CGIDUMP_TOKEN",
	"REDIRECT_REDIRECT_DB_PASS", "REDIRECT_REDIRECT_HTTP_COOKIE",
	"REDIRECT_SERVER_SIGNATURE", "REDIRECT_STATUS", "REDIRECT_URL",
	"REMOTE_ADDR", "REMOTE_HOST", "REMOTE_PORT", "REMOTE_USER",
	"REQUEST_METHOD", "REQUEST_SCHEME", "REQUEST_URI", "SAML_SP_PEM",
	"SCRIPT_FILENAME", "SCRIPT_NAME", "SECRET_MARK", "SERVER_ADDR",
	"SERVER_ADMIN", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL",
	"SERVER_SIGNATURE", "SERVER_SOFTWARE", "SESSION_DRIVER", "SHELL",
	"SPASSKY", "SSH_ASKPASS", "SSH_AUTH_SOCK", "SSL_CIPHER",
	"SSL_CIPHER_ALGKEYSIZE", "SSL_CIPHER_EXPORT", "SSL_CIPHER_USEKEYSIZE",
	"SSL_CLIENT_A_KEY", "SSL_CLIENT_A_SIG", "SSL_CLIENT_CERT",
	"SSL_CLIENT_CERT_CHAIN_0", "SSL_CLIENT_I_DN", "SSL_CLIENT_M_SERIAL",
	"SSL_CLIENT_S_DN", "SSL_CLIENT_S_DN_CN", "SSL_CLIENT_VERIFY",
	"SSL_CLIENT_V_REMAIN", "SSL_COMPRESS_METHOD", "SSL_HANDSHAKE_RTT",
	"SSL_PROTOCOL", "SSL_SECURE_RENEG", "SSL_SERVER_A_KEY",
	"SSL_SERVER_A_SIG", "SSL_SERVER_CERT", "SSL_SERVER_M_SERIAL",
	"SSL_SERVER_S_DN", "SSL_SERVER_V_END", "SSL_SESSION_ID",
	"SSL_SESSION_RESUMED", "SSL_TLS_SNI", "SSL_VERSION_INTERFACE",
	"SSL_VERSION_LIBRARY", "STDIN_SOCKET", "SYSTEMD_EXEC_PID",
	"Security", "Server", "SharedAccessKey", "SharedAccessKeyName",
	"Source", "TZ", "UID", "UNIQUE_ID", "UNSET", "USER", "VAR",
	"XAUTHORITY", "XDG_SESSION_ID", "XDG_SESSION_TYPE",
	"DB_PASSWORD", "mysql_passwd", "GPG_PASSPHRASE", "GITHUB_TOKEN",
	"HTTP_X_API_KEY", "AWS_SECRET_ACCESS_KEY",
	"GOOGLE_APPLICATION_CREDENTIALS", "PRIVATE_DATA", "SMTP_PASS",
	"DB_PW", "MYSQL_PWD", "JWT", "HTTP_X_JWT_ASSERTION", "BEARER",
	"HTTP_X_BEARER", "SESSION_ID", "PHPSESSID", "Shib-Session-ID",
	"DBPASS", "PGPASS", "MY_APIKEY", "MY_API_KEY", "STRIPE_API-KEY",
	"AUTH", "BASIC_AUTH", "HTTP_X_AUTH", "SENTRY_DSN", "DSN",
	"HTTP_COOKIE2", "REMEMBER_COOKIE", "AUTH_PASSWORD", "PASSWORD_SALT",
	"AUTH_SALT", "AUTH_KEY", "SECURE_AUTH_SALT", "SECURE_AUTH_KEY",
	"LOGGED_IN_SALT", "LOGGED_IN_KEY", "NONCE_SALT", "NONCE_KEY",
	"WORDPRESS_AUTH_SALT", "WORDPRESS_NONCE_KEY", "CS1", "V1",
	"cgidump_allow", "CGIDMP_ALLOW", "CGIDUUMP_TOKEN", "CGIDNMP_REVEAL",
	"CGIDUPM_STRICT", "CGI-DUMP-ALLOW", "CGIDUMP_SHA256", NULL
};

/* The rules' own words, words near them, and names of every kind. */
static const char *const secret_bases[] = {
	"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "KEY",
	"CREDENTIAL", "CREDENTIALS", "PRIVATE", "AUTHORIZATION",
	"SIGNATURE", "COOKIE", "JWT", "BEARER", "SESSIONID", "SESSID",
	"DBPASS", "PGPASS", "PASS", "PW", "PWD", "SALT", "AUTH", "DSN",
	"SIG", "PWD", "OLDPWD", "AUTH_TYPE", "AUTH_USER", "SERVER_SIGNATURE",
	"HTTP_SEC_WEBSOCKET_KEY", "SSL_CLIENT_A_KEY", "SSL_SERVER_A_KEY",
	"SSL_CIPHER_USEKEYSIZE", "SSL_CIPHER_ALGKEYSIZE", "SSL_SESSION_ID",
	"SSH_AUTH_SOCK", "XDG_SESSION_ID", "PGPASSFILE", "HTTP_COOKIE",
	"BYPASS", "PASSENGER", "SALTSTACK", "AUTHOR", "SESSION", "PASSWOR",
	"ASSWORD", "OKEN", "TOKE", "KE", "EY", "JW", "WT", "SESSI", "PWDX",
	"XPW", "PS", "P", "S", "A", "K", "", "SECRE", "ECRET", "COOKI",
	"OOKIE", "DBPAS", "BPASS", "AUTHORIZATIO", "UTHORIZATION",
	"QUERY_STRING", "REQUEST_URI", "PATH_INFO", "CONTENT_TYPE",
	"HTTP_HOST", "SERVER_NAME", "REMOTE_ADDR", "PATH", "DOCUMENT_URI",
	"SCRIPT_URI", "CGIDUMP_TOKEN", NULL
};

static const char *const name_heads[] = {
	"", "X_", "_", ".", "1", "A.B-", "REDIRECT_", "REDIRECT_REDIRECT_",
	"redirect_", "HTTP_", "PASS", "\xe9", NULL
};

static const char *const name_tails[] = {
	"", "S", "_", "-1", ".", "_ID", "FILE", "WORD", "\xf3", NULL
};

/* Values that no value rule hides, and values each rule does. */
static const char *const plain_values[] = { "v", NULL };
static const char *const rule_values[] = {
	"v", "", "password=x", "a=b", "postgres://app:hunter2@db/app",
	"-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
	"http%3A%2F%2Fu%3Ap%40h", NULL
};

/* Values as bats and servers give them. */
static const char *const bats_values[] = {
	"hunter2", "Basic dXNlcjpwYXNz", "Bearer abc.def", "/srv",
	"session=s3cr3t-value; theme=dark;  empty=; flag",
	"postgres://app:hunter2@db.internal/app", "https://example.com/a:b@c",
	"https://user@example.com/", "u=https://a:pw1@example.com/&x=1",
	"/cgi-bin/cgidump?u=https://a:pw1@example.com/&x=1",
	"https://a:pw2@example.com/", "https://a:pw3@example.com",
	"next=https%3A%2F%2Fu%3Apw4%40example.com%2F",
	"/x?next=https%3A%2F%2Fu%3Apw4%40example.com%2F",
	"u=https://a@example.com/&password=x",
	"next=http%253A%252F%252Fu%253AhunterW%2540h",
	"next=http%25253A%25252F%25252Fu%25253Ap%252540h",
	"next=http%2525253A%2525252F%2525252Fu%2525253Ap%25252540h",
	"redis://:hunter#1@cache:6379", "ftp://a:pw7@h/", "ftp://a:b",
	"<address>Apache/2.4.62 (Debian) Server at localhost Port 80</address>",
	"Server=db;User Id=sa;Password=hunter2;",
	"Server=db;User Id=sa;Password = hunter2",
	"Driver={ODBC Driver 18};Server=db;UID=sa;PWD=hunter2",
	"server=db;uid=sa;pwd=hunter2;", "Data Source=db;Passwd=hunter2",
	"host=db user=app password=hunter2 dbname=app",
	"jdbc:postgresql://db/app?user=app&password=hunter2",
	"jdbc:sqlserver://db;user=sa;password=hunter2",
	"user=app pass=hunter2", "mysql.default_pw=hunter2",
	"-Xmx1g -Djavax.net.ssl.keyStorePassword=hunter2",
	"{\"spring.datasource.password\": \"hunter2\"}",
	"PlainLoginModule required username=\"u\" password=\"hunter2\";",
	"DefaultEndpointsProtocol=https;AccountName=a;AccountKey=aHVudGVy==;"
	    "EndpointSuffix=core.windows.net",
	"Endpoint=sb://a.servicebus.windows.net/;SharedAccessKeyName=Root;"
	    "SharedAccessKey=hunter2",
	"https://a.blob.core.windows.net/c?sv=2022-11-02&sig=hunter2",
	"https://api.example.com/v1?api_key=hunter2",
	"redis://:hunter2@cache:6379/0", "amqp://app:hunter2@mq/",
	"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAhunter2\n"
	    "-----END RSA PRIVATE KEY-----\n",
	"-----begin ec private key-----", "-----BEGIN PRIVATE KEY----",
	"PRIVATE KEY----- -----BEGIN", "-----BEGIN-----BEGIN PRIVATE KEY-----",
	"Server=db;User Id=sa;Integrated Security=true",
	"-Xmx1g -Djavax.net.ssl.keyStore=/etc/ks.jks "
	    "-Djavax.net.ssl.keyStoreType=JKS",
	"Endpoint=sb://a/;SharedAccessKeyName=Root", "mode=bypass",
	"session.cookie_secure=1", "password_file=/run/secrets/db",
	"unix:path=/run/user/0/bus,guid=abc", "rs=0:di=01;34:*.tar=01;31",
	"-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUabcKey=\n"
	    "MIIBszCCAVmgAwIBAgIUabcKey==\n-----END CERTIFICATE-----",
	"postgres://app@db/app", "multipart/form-data; boundary=B; token=x",
	"dGhlIHNhbXBsZSBub25jZQ==", "CN=joe,OU=people,emailAddress=j@x",
	"detect_leaks=1:abort_on_error=1", "upload_max_filesize=10M",
	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
	"sid=abc", "a=b", "=", "==", ":", "\"\":", "'':x", "\":x", NULL
};

/* The ends of keys in values, and keys near them. */
static const char *const key_bases[] = {
	"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "KEY",
	"SIGNATURE", "CREDENTIAL", "CREDENTIALS", "PASS", "PWD", "PW", "SIG",
	"BYPASS", "PASSWORDFILE", "PASSWORD_FILE", "KEYSTORE", "keyStore",
	"SharedAccessKeyName", "AccountKey", "client_secret", "access_token",
	"db.pass", "mysqli.default_pw", "SIGN", "ASS", "WD", "EY", "", "K",
	"COOKIE", "AUTH", NULL
};

static const char *const key_heads[] = {
	"", "x_", "x.", "a b ", "a=1;", "\"", "-D", "\xe9", NULL
};

static const char *const key_tails[] = {
	"", "S", "_", ".", "_FILE", "\xf3", NULL
};

/* Where a key sits in a value: the key is put at each %. */
static const char *const key_places[][2] = {
	{ "", "=x" }, { "", " = x" }, { "", "=" }, { "", "==" },
	{ "", "=\n" }, { "", "=\r" }, { "", "=\"x\"" }, { "\"", "\": \"x\"" },
	{ "'", "': x" }, { "", ":x" }, { "\"", "\":x" }, { "'", "\":x" },
	{ "a=1;", "=y" }, { "", "\t=x" }, { "{\"", "\" : 1}" },
	{ "x ", "=y z" }, { "", "=\"" }, { "\"", "\"" }, { "", "" }, { NULL, NULL }
};

static void
test_secrets_names(void)
{
	struct strings	 names = { NULL, 0, 0 }, forms = { NULL, 0, 0 };
	struct strings	 edited = { NULL, 0, 0 };
	static const char *const seps[] = {
		"_", "-", ".", "__", "_-", "._.", " ", "0", "/", "\xc3", NULL
	};
	static const char *const few_heads[] = { "", "X", NULL };
	static const char *const few_tails[] = { "", "_X", NULL };
	static const char *const value_heads[] = {
		"", "X_", "HTTP_", "REDIRECT_", "REDIRECT_HTTP_", NULL
	};
	char		*t;
	size_t		 b, c, h, k, i, len;

	for (b = 0; bats_names[b] != NULL; b++)
		strings_add(&names, bats_names[b], "", "");
	secrets_cross(&names, bats_values);
	strings_free(&names);

	/* Each rule's words in every case, at every place in a name. */
	for (b = 0; secret_bases[b] != NULL; b++) {
		strings_cases(&forms, secret_bases[b]);
		for (c = 0; c < forms.n; c++)
			for (h = 0; name_heads[h] != NULL; h++)
				for (k = 0; name_tails[k] != NULL; k++)
					strings_add(&names, name_heads[h],
					    forms.v[c], name_tails[k]);
		strings_free(&forms);
	}
	secrets_cross(&names, plain_values);
	strings_free(&names);
	/* The value rules, where the name says who set the variable. */
	for (b = 0; secret_bases[b] != NULL; b++)
		for (h = 0; value_heads[h] != NULL; h++)
			strings_add(&names, value_heads[h], secret_bases[b], "");
	secrets_cross(&names, rule_values);
	strings_free(&names);

	/* Separators and other bytes inside the words. */
	for (b = 0; secret_bases[b] != NULL; b++) {
		len = strlen(secret_bases[b]);
		for (i = 0; i <= len; i++)
			for (c = 0; seps[c] != NULL; c++) {
				t = xcalloc(1, len + strlen(seps[c]) + 1);
				memcpy(t, secret_bases[b], i);
				strcpy(t + i, seps[c]);
				strcat(t, secret_bases[b] + i);
				for (h = 0; few_heads[h] != NULL; h++)
					for (k = 0; few_tails[k] != NULL; k++)
						strings_add(&names, few_heads[h],
						    t, few_tails[k]);
				free(t);
			}
	}
	secrets_cross(&names, plain_values);
	strings_free(&names);

	/* One edit from each word, and two words together. */
	for (b = 0; secret_bases[b] != NULL; b++)
		strings_edits(&edited, secret_bases[b], "AEKPSWx_-.9");
	for (i = 0; i < edited.n; i++)
		for (h = 0; few_heads[h] != NULL; h++)
			for (k = 0; few_tails[k] != NULL; k++)
				strings_add(&names, few_heads[h], edited.v[i],
				    few_tails[k]);
	strings_free(&edited);
	for (b = 0; b < 30; b++)
		for (c = 0; c < 30; c++)
			for (k = 0; seps[k] != NULL; k++) {
				strings_add(&names, secret_bases[b], seps[k],
				    secret_bases[c]);
				strings_add(&names, secret_bases[b], "",
				    secret_bases[c]);
			}
	secrets_cross(&names, plain_values);
	strings_free(&names);
}

static void
test_secrets_values(void)
{
	struct strings	 keys = { NULL, 0, 0 }, forms = { NULL, 0, 0 };
	struct strings	 env = { NULL, 0, 0 };
	static const char *const names[] = {
		"V", "HTTP_X", "QUERY_STRING", "REDIRECT_CONTENT_TYPE", NULL
	};
	struct buf	 v = { NULL, 0, 0 };
	size_t		 b, c, h, k, p, n;

	for (b = 0; key_bases[b] != NULL; b++) {
		strings_cases(&forms, key_bases[b]);
		for (c = 0; c < forms.n; c++)
			for (h = 0; key_heads[h] != NULL; h++)
				for (k = 0; key_tails[k] != NULL; k++)
					strings_add(&keys, key_heads[h],
					    forms.v[c], key_tails[k]);
		strings_free(&forms);
	}
	for (b = 0; b < keys.n; b++)
		for (p = 0; key_places[p][0] != NULL; p++) {
			v.len = 0;
			buf_add(&v, key_places[p][0], strlen(key_places[p][0]));
			buf_add(&v, keys.v[b], strlen(keys.v[b]));
			buf_add(&v, key_places[p][1], strlen(key_places[p][1]));
			buf_addc(&v, '\0');
			/* The request's own variables only now and then. */
			for (n = 0; names[n] != NULL && (n == 0 || p < 2); n++)
				strings_add(&env, names[n], "=", v.p);
		}
	buf_free(&v);
	strings_free(&keys);
	for (b = 0; bats_values[b] != NULL; b++)
		for (n = 0; names[n] != NULL; n++)
			strings_add(&env, names[n], "=", bats_values[b]);
	secrets_compare(env.v, env.n);
	strings_free(&env);
}

/* One name's verdict from setting_misspelt and from the oracle. */
static void
misspelt_compare(const char *name)
{
	const char	*meant = "unset", *want = "unset";
	int		 got, is;

	if (failures >= 20)
		return;		/* the first are enough to see why */
	got = setting_misspelt(bytes_of(name), &meant);
	is = oracle_setting_misspelt(bytes_of(name), &want);
	CHECK(got == is, "setting_misspelt(%s) is %d, the oracle %d", name,
	    got, is);
	if (got && is)
		CHECK((meant == NULL && want == NULL) || (meant != NULL &&
		    want != NULL && strcmp(meant, want) == 0),
		    "setting_misspelt(%s) means %s, the oracle %s", name,
		    meant != NULL ? meant : "none", want != NULL ? want : "none");
}

static void
test_misspelt(void)
{
	struct strings	 bases = { NULL, 0, 0 }, edited = { NULL, 0, 0 };
	struct strings	 twice = { NULL, 0, 0 }, forms = { NULL, 0, 0 };
	static const char *const more[] = {
		"CGIDUMP", "CGIDUMP_", "CGIDUMPX", "CGI_DUMP_ALLOW",
		"cgidump_allow", "CGIDUMP_NEW_THING", "HTTP_CGIDUMP_ALLOW",
		"GIT_DUMP", "CGIDEBUG", "CGIDUMP_MAXBODY", "XCGIDUMP",
		"GCIDUMP_TOKEN", "CIDUMP_ALLOW", "C_G_I_D_U_M_P", NULL
	};
	static const char *const heads[] = {
		"", "REDIRECT_", "REDIRECT_REDIRECT_", "redirect_",
		"REDIRECT", "X", NULL
	};
	static const char *const tails[] = {
		"", "_ALLOW", "ALLOW", "_MAX_BODY", NULL
	};
	static const struct {
		const char	*head, *repeat, *tail;
	} longs[] = {
		{ "CGIDUMP_", "X", "" }, { "CGIDUMP_", "X_", "" },
		{ "CGIDUMP_", "-", "MAX_BODY" }, { "", "_", "CGIDUMP_ALLOW" },
		{ "CGI", "_", "DUMP_ALLOW" }, { "CGIDUMP_MAX_BODY", "Y", "" },
	};
	const char	*alphabet = "ACDGIMPUXZacdgimpu_-.0\xc3 ";
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i, j, h, n;

	for (i = 0; bats_names[i] != NULL; i++)
		misspelt_compare(bats_names[i]);
	for (i = 0; i < 13; i++)
		strings_add(&bases, oracle_settings[i], "", "");
	for (i = 0; more[i] != NULL; i++)
		strings_add(&bases, more[i], "", "");

	/* Every edit of every setting, under each prefix, in each case. */
	for (i = 0; i < bases.n; i++) {
		strings_edits(&edited, bases.v[i], alphabet);
		strings_cases(&edited, bases.v[i]);
	}
	for (i = 0; i < edited.n; i++)
		for (h = 0; heads[h] != NULL; h++) {
			b.len = 0;
			buf_add(&b, heads[h], strlen(heads[h]));
			buf_add(&b, edited.v[i], strlen(edited.v[i]));
			buf_addc(&b, '\0');
			misspelt_compare(b.p);
		}
	strings_free(&edited);

	/* Two edits from CGIDUMP: no longer meant for it. */
	strings_edits(&edited, "CGIDUMP", alphabet);
	for (i = 0; i < edited.n; i++)
		strings_edits(&twice, edited.v[i], "CX_-");
	for (i = 0; i < twice.n; i++)
		for (j = 0; tails[j] != NULL; j++) {
			b.len = 0;
			buf_add(&b, twice.v[i], strlen(twice.v[i]));
			buf_add(&b, tails[j], strlen(tails[j]));
			buf_addc(&b, '\0');
			misspelt_compare(b.p);
		}
	strings_free(&twice);
	strings_free(&edited);

	/* Long names, squeezed to about SQUEEZED_MAX bytes and past it. */
	for (n = 0; n < 80; n++)
		for (j = 0; j < sizeof(longs) / sizeof(longs[0]); j++) {
			b.len = 0;
			buf_add(&b, longs[j].head, strlen(longs[j].head));
			for (i = 0; i < n; i++)
				buf_add(&b, longs[j].repeat,
				    strlen(longs[j].repeat));
			buf_add(&b, longs[j].tail, strlen(longs[j].tail));
			buf_addc(&b, '\0');
			strings_add(&forms, b.p, "", "");
		}
	/* Each edit of those near the cut. */
	for (i = 0; i < forms.n; i++) {
		n = strlen(forms.v[i]);
		if (n >= 56 && n <= 74)
			strings_edits(&edited, forms.v[i], "X_");
		else
			strings_add(&edited, forms.v[i], "", "");
		for (j = 0; j < edited.n; j++)
			misspelt_compare(edited.v[j]);
		strings_free(&edited);
	}
	strings_free(&forms);
	buf_free(&b);
	strings_free(&bases);
}

/*
 * The oracles are not wrong themselves: a few verdicts the bats tests
 * pin, so that a comparison with a broken copy cannot pass unseen.
 */
static void
test_oracles(void)
{
	const char	*meant = NULL;

	CHECK(oracle_classify(bytes_of("DB_PASS"), bytes_of("x")) ==
	    RED_LENGTH, "oracle: DB_PASS is shown");
	CHECK(oracle_classify(bytes_of("SESSION_DRIVER"), bytes_of("file")) ==
	    RED_NONE, "oracle: SESSION_DRIVER is hidden");
	CHECK(oracle_classify(bytes_of("REDIRECT_HTTP_COOKIE"),
	    bytes_of("a=b")) == RED_COOKIE, "oracle: a cookie is not one");
	CHECK(oracle_classify(bytes_of("V"), bytes_of("Passwd=x")) ==
	    RED_LENGTH, "oracle: Passwd= is shown");
	CHECK(oracle_classify(bytes_of("HTTP_V"), bytes_of("Passwd=x")) ==
	    RED_NONE, "oracle: a client's Passwd= is hidden");
	CHECK(oracle_setting_misspelt(bytes_of("CGI_DUMP_ALOW"), &meant) &&
	    meant != NULL && strcmp(meant, "CGIDUMP_ALLOW") == 0,
	    "oracle: CGI_DUMP_ALOW is not a typo for CGIDUMP_ALLOW");
	CHECK(!oracle_setting_misspelt(bytes_of("REDIRECT_CGIDUMP_TOKEN"),
	    &meant), "oracle: REDIRECT_CGIDUMP_TOKEN is misspelt");
	CHECK(!oracle_setting_misspelt(bytes_of("GIT_DUMP"), &meant),
	    "oracle: GIT_DUMP is misspelt");
}

/* DESIGN.md "Secrets" and the fence for misspelt settings, unchanged. */
static void
test_secrets(void)
{
	test_oracles();
	test_secrets_names();
	test_secrets_values();
	test_misspelt();
}

/*
 * FastCGI 1.0 and SCGI (src/fastcgi.c, src/scgi.c): what the parsers
 * hand over, written as text (bytes as hex) so that a feed in pieces
 * can be compared with the feed in one.
 */
static void
hex_add(struct buf *b, const char *p, size_t len)
{
	char	 hex[4];
	size_t	 i;

	for (i = 0; i < len; i++) {
		snprintf(hex, sizeof(hex), "%02x", (unsigned char)p[i]);
		buf_add(b, hex, 2);
	}
}

static void
record_seen(void *arg, const struct fcgi_record *r)
{
	struct buf	*b = arg;

	buf_addf(b, "%d/%u/%zu:", r->type, r->id, r->len);
	hex_add(b, r->content, r->len);
	buf_addc(b, ';');
}

/* A record as a client writes it: header, content, padding of 'P'. */
static void
record_add(struct buf *b, int version, int type, unsigned id,
    const char *content, size_t len, size_t pad)
{
	unsigned char	 h[FCGI_HEADER_LEN];
	size_t		 i;

	fcgi_header(h, type, id, len, pad);
	h[0] = (unsigned char)version;
	buf_add(b, (const char *)h, sizeof(h));
	buf_add(b, content, len);
	for (i = 0; i < pad; i++)
		buf_addc(b, 'P');
}

/* The records of p fed in pieces cut at cuts (ascending), as text. */
static char *
records_split(const char *p, size_t len, const size_t *cuts, size_t ncuts,
    int *rc, int *idle)
{
	static struct fcgi	 f;
	struct buf		 out = { NULL, 0, 0 };
	size_t			 at = 0, i, to;

	fcgi_init(&f);
	*rc = 0;
	for (i = 0; i <= ncuts; i++) {
		to = i < ncuts ? cuts[i] : len;
		if (fcgi_feed(&f, p + at, to - at, record_seen, &out) == -1)
			*rc = -1;
		at = to;
	}
	*idle = fcgi_idle(&f);
	buf_addc(&out, '\0');
	return out.p;
}

#define NRECORDS	14

/*
 * Every type (the unknown 0, 200 and 255 too), ids 0 to 65535,
 * contents of 0 to 299 bytes, paddings of 0, 7 and 255; where each
 * record ends in ends.
 */
static void
records_stream(struct buf *s, struct buf *want, size_t ends[NRECORDS])
{
	static const int	 types[NRECORDS] = { 0, FCGI_BEGIN_REQUEST,
	    FCGI_ABORT_REQUEST, FCGI_END_REQUEST, FCGI_PARAMS, FCGI_STDIN,
	    FCGI_STDOUT, FCGI_STDERR, FCGI_DATA, FCGI_GET_VALUES,
	    FCGI_GET_VALUES_RESULT, FCGI_UNKNOWN_TYPE, 200, 255 };
	static const unsigned	 ids[] = { 0, 1, 2, 256, 65535 };
	char			 content[300];
	struct fcgi_record	 r;
	size_t			 i, len, pad;

	for (i = 0; i < sizeof(content); i++)
		content[i] = (char)(i * 7);
	for (i = 0; i < NRECORDS; i++) {
		len = i % 4 == 0 ? 0 : (i * 37) % sizeof(content);
		pad = i % 3 == 0 ? 0 : i % 3 == 1 ? 7 : 255;
		record_add(s, 1, types[i], ids[i % 5], content, len, pad);
		ends[i] = s->len;
		r.type = types[i];
		r.id = ids[i % 5];
		r.content = content;
		r.len = len;
		record_seen(want, &r);
	}
	buf_addc(want, '\0');
}

/* Records in every split give what the whole stream gives. */
static void
test_fcgi_splits(void)
{
	struct buf	 s = { NULL, 0, 0 }, want = { NULL, 0, 0 };
	size_t		 ends[NRECORDS], c1, c2, cuts[2], i, *all;
	int		 rc, idle;
	char		*got;

	records_stream(&s, &want, ends);
	got = records_split(s.p, s.len, NULL, 0, &rc, &idle);
	CHECK(rc == 0 && idle && strcmp(got, want.p) == 0,
	    "whole: rc %d idle %d %s, want %s", rc, idle, got, want.p);
	free(got);
	for (c1 = 0; c1 <= s.len; c1++) {
		cuts[0] = c1;
		got = records_split(s.p, s.len, cuts, 1, &rc, &idle);
		CHECK(rc == 0 && idle && strcmp(got, want.p) == 0,
		    "cut at %zu: %s", c1, got);
		free(got);
	}
	for (c1 = 0; c1 <= 80; c1++)
		for (c2 = c1; c2 <= 80; c2++) {
			cuts[0] = c1;
			cuts[1] = c2;
			got = records_split(s.p, s.len, cuts, 2, &rc, &idle);
			CHECK(rc == 0 && strcmp(got, want.p) == 0,
			    "cut at %zu,%zu: %s", c1, c2, got);
			free(got);
		}
	all = xreallocarray(NULL, s.len, sizeof(*all));
	for (i = 0; i < s.len; i++)
		all[i] = i;
	got = records_split(s.p, s.len, all, s.len, &rc, &idle);
	CHECK(rc == 0 && idle && strcmp(got, want.p) == 0,
	    "a byte at a time: %s", got);
	free(got);
	free(all);
	/* Idle exactly between records, never inside one. */
	for (c1 = 0, i = 0; c1 <= s.len; c1++) {
		got = records_split(s.p, c1, NULL, 0, &rc, &idle);
		if (i < NRECORDS && c1 > ends[i])
			i++;
		CHECK(idle == (c1 == 0 || c1 == ends[i]),
		    "idle after %zu bytes: %d", c1, idle);
		free(got);
	}
	free(s.p);
	free(want.p);
}

static void
test_fcgi_records(void)
{
	struct buf	 s = { NULL, 0, 0 };
	unsigned char	 h[FCGI_HEADER_LEN];
	static char	 big[FCGI_CONTENT_MAX];
	int		 rc, idle, v;
	char		*got, *want;

	fcgi_header(h, FCGI_STDOUT, 0x1234, 0xabcd, 0xef);
	CHECK(memcmp(h, "\001\006\022\064\253\315\357\000", 8) == 0,
	    "fcgi_header: %02x %02x %02x %02x %02x %02x %02x %02x", h[0],
	    h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
	/* Spec §3.3: version 1 only; the first bad byte ends the stream. */
	for (v = 0; v < 256; v++) {
		if (v == 1)
			continue;
		s.len = 0;
		record_add(&s, 1, FCGI_STDIN, 1, "ab", 2, 0);
		record_add(&s, v, FCGI_STDIN, 1, "cd", 2, 0);
		record_add(&s, 1, FCGI_STDIN, 1, "ef", 2, 0);
		got = records_split(s.p, s.len, NULL, 0, &rc, &idle);
		CHECK(rc == -1 && !idle && strcmp(got, "5/1/2:6162;") == 0,
		    "version %d: rc %d idle %d %s", v, rc, idle, got);
		free(got);
	}
	{
		struct fcgi	*f = xcalloc(1, sizeof(*f));
		struct buf	 out = { NULL, 0, 0 };

		fcgi_init(f);
		record_add(&s, 1, FCGI_STDIN, 1, "gh", 2, 0);
		CHECK(fcgi_feed(f, s.p, s.len, record_seen, &out) == -1 &&
		    f->err != NULL && strstr(f->err, "version") != NULL,
		    "version error: %s", f->err ? f->err : "none");
		CHECK(fcgi_feed(f, s.p, 8, record_seen, &out) == -1 &&
		    fcgi_feed(f, s.p, 0, record_seen, &out) == -1,
		    "a bad stream stays bad");
		CHECK(out.len == 11, "records after the error: %zu", out.len);
		buf_free(&out);
		free(f);
	}
	/* The largest record: 65535 bytes of content, 255 of padding. */
	memset(big, 'c', sizeof(big));
	s.len = 0;
	record_add(&s, 1, FCGI_STDIN, 7, big, sizeof(big), 255);
	record_add(&s, 1, FCGI_STDIN, 7, "", 0, 255);
	record_add(&s, 1, FCGI_STDIN, 7, "", 0, 0);
	got = records_split(s.p, s.len, NULL, 0, &rc, &idle);
	{
		struct buf	 w = { NULL, 0, 0 };

		buf_addf(&w, "5/7/65535:");
		hex_add(&w, big, sizeof(big));
		buf_addf(&w, ";5/7/0:;5/7/0:;");
		buf_addc(&w, '\0');
		want = w.p;
	}
	CHECK(rc == 0 && idle && strcmp(got, want) == 0,
	    "largest record: rc %d, %zu bytes of text", rc, strlen(got));
	free(got);
	free(want);
	free(s.p);
}

/* A pair as text: name=value| in hex. */
static void
pair_text(struct buf *b, const char *name, size_t nlen, const char *value,
    size_t vlen)
{
	hex_add(b, name, nlen);
	buf_addc(b, '=');
	hex_add(b, value, vlen);
	buf_addc(b, '|');
}

/* What the parsers hand over, with its NULs checked. */
static void
pair_seen(void *arg, const char *name, size_t nlen, const char *value,
    size_t vlen)
{
	CHECK(name[nlen] == '\0' && value[vlen] == '\0',
	    "a pair without its NULs");
	pair_text(arg, name, nlen, value, vlen);
}

/* Pairs fed in pieces cut at cuts; rc -1 from a feed or the end. */
static char *
pairs_split(const char *p, size_t len, const size_t *cuts, size_t ncuts,
    uint64_t max, int *rc)
{
	struct fcgi_pairs	 s;
	struct buf		 out = { NULL, 0, 0 };
	size_t			 at = 0, i, to;

	fcgi_pairs_init(&s, max);
	*rc = 0;
	for (i = 0; i <= ncuts; i++) {
		to = i < ncuts ? cuts[i] : len;
		if (fcgi_pairs_feed(&s, p + at, to - at, pair_seen, &out) ==
		    -1)
			*rc = -1;
		at = to;
	}
	if (fcgi_pairs_end(&s) == -1)
		*rc = -1;
	CHECK((*rc == -1) == (s.err != NULL), "rc %d, err %s", *rc,
	    s.err ? s.err : "none");
	fcgi_pairs_free(&s);
	buf_addc(&out, '\0');
	return out.p;
}

/*
 * Lengths of 0, 1, 127 (one byte) and 128, 300 (four), NULs inside
 * names and values, a four-byte length for a three-byte name (the spec
 * allows it), and GET_VALUES' empty values (spec §4.1).  Where each
 * pair ends in ends.
 */
#define NPAIRS	10
static void
pairs_stream(struct buf *s, struct buf *want, size_t ends[NPAIRS])
{
	static const struct { const char *n; size_t nl; const char *v;
	    size_t vl; } pairs[] = {
		{ "REQUEST_METHOD", 14, "GET", 3 },
		{ "Q", 1, "", 0 },
		{ "a\0b", 3, "c\0\0d", 4 },
		{ "FCGI_MAX_CONNS", 14, "", 0 },
		{ "FCGI_MAX_REQS", 13, "", 0 },
		{ "FCGI_MPXS_CONNS", 15, "", 0 },
	};
	char	 v[300];
	size_t	 i, k = 0;

	memset(v, 'v', sizeof(v));
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		fcgi_pair_add(s, pairs[i].n, pairs[i].nl, pairs[i].v,
		    pairs[i].vl);
		ends[k++] = s->len;
		pair_text(want, pairs[i].n, pairs[i].nl, pairs[i].v,
		    pairs[i].vl);
	}
	fcgi_pair_add(s, "N", 1, v, 127);
	ends[k++] = s->len;
	pair_text(want, "N", 1, v, 127);
	fcgi_pair_add(s, v, 128, v, 300);
	ends[k++] = s->len;
	pair_text(want, v, 128, v, 300);
	buf_add(s, "\x80\0\0\x03\x01" "abcX", 9);
	ends[k++] = s->len;
	pair_text(want, "abc", 3, "X", 1);
	buf_add(s, "\0\0", 2);
	ends[k++] = s->len;
	pair_text(want, "", 0, "", 0);
	buf_addc(want, '\0');
}

static void
test_fcgi_pairs_splits(void)
{
	struct buf	 s = { NULL, 0, 0 }, want = { NULL, 0, 0 };
	size_t		 ends[NPAIRS], c1, c2, cuts[2], i;
	int		 rc;
	char		*got;

	pairs_stream(&s, &want, ends);
	CHECK(memcmp(s.p + ends[5], "\001\177N", 3) == 0 &&
	    memcmp(s.p + ends[6], "\x80\0\0\x80\x80\0\x01\x2c", 8) == 0,
	    "fcgi_pair_add's lengths at 127 and 128");
	for (c1 = 0; c1 <= s.len; c1++)
		for (c2 = c1; c2 <= s.len; c2 += c1 < 60 ? 1 : 37) {
			cuts[0] = c1;
			cuts[1] = c2;
			got = pairs_split(s.p, s.len, cuts, 2, 0, &rc);
			CHECK(rc == 0 && strcmp(got, want.p) == 0,
			    "cut at %zu,%zu: rc %d %s, want %s", c1, c2, rc,
			    got, want.p);
			free(got);
		}
	/* Stopped between pairs it ends well, inside one it does not. */
	for (c1 = 0, i = 0; c1 <= s.len; c1++) {
		got = pairs_split(s.p, c1, NULL, 0, 0, &rc);
		if (i < NPAIRS && c1 > ends[i])
			i++;
		CHECK((rc == 0) == (c1 == 0 || c1 == ends[i]),
		    "end after %zu bytes: rc %d", c1, rc);
		free(got);
	}
	/* The bound counts every byte, lengths too: exactly it is fine. */
	for (c1 = 0; c1 <= s.len; c1 += 7) {
		cuts[0] = c1;
		got = pairs_split(s.p, s.len, cuts, 1, s.len, &rc);
		CHECK(rc == 0 && strcmp(got, want.p) == 0,
		    "max %zu, cut at %zu: rc %d", s.len, c1, rc);
		free(got);
		got = pairs_split(s.p, s.len, cuts, 1, s.len - 1, &rc);
		CHECK(rc == -1, "max %zu: rc %d", s.len - 1, rc);
		free(got);
	}
	for (i = 0; i < NPAIRS; i++) {
		got = pairs_split(s.p, ends[i], NULL, 0, ends[i] - 1, &rc);
		CHECK(rc == -1, "pairs to %zu with max %zu: rc %d", ends[i],
		    ends[i] - 1, rc);
		free(got);
	}
	free(s.p);
	free(want.p);
}

/* The pairs' records' contents, fed on from a record callback. */
struct params {
	struct fcgi_pairs	 pairs;
	struct buf		 out;
	int			 rc;
};

static void
params_record(void *arg, const struct fcgi_record *r)
{
	struct params	*pp = arg;

	if (r->type != FCGI_PARAMS)
		return;
	if (fcgi_pairs_feed(&pp->pairs, r->content, r->len, pair_seen,
	    &pp->out) == -1)
		pp->rc = -1;
}

/* Pairs span records: cut into records at every place, and padded. */
static void
test_fcgi_pairs_records(void)
{
	static struct fcgi	 f;
	struct buf		 s = { NULL, 0, 0 }, want = { NULL, 0, 0 };
	struct buf		 recs = { NULL, 0, 0 };
	struct params		 pp;
	size_t			 ends[NPAIRS], c, at;

	pairs_stream(&s, &want, ends);
	for (c = 0; c <= s.len; c++) {
		recs.len = 0;
		record_add(&recs, 1, FCGI_PARAMS, 1, s.p, c, c % 9);
		record_add(&recs, 1, FCGI_STDIN, 1, "x", 1, 0);
		for (at = c; at < s.len; at += 5)
			record_add(&recs, 1, FCGI_PARAMS, 1, s.p + at,
			    s.len - at < 5 ? s.len - at : 5, 3);
		record_add(&recs, 1, FCGI_PARAMS, 1, "", 0, 0);
		memset(&pp, 0, sizeof(pp));
		fcgi_pairs_init(&pp.pairs, 1 << 20);
		fcgi_init(&f);
		if (fcgi_feed(&f, recs.p, recs.len, params_record, &pp) == -1 ||
		    fcgi_pairs_end(&pp.pairs) == -1)
			pp.rc = -1;
		buf_addc(&pp.out, '\0');
		CHECK(pp.rc == 0 && strcmp(pp.out.p, want.p) == 0,
		    "records cut at %zu: rc %d %s", c, pp.rc, pp.out.p);
		fcgi_pairs_free(&pp.pairs);
		buf_free(&pp.out);
	}
	free(recs.p);
	free(s.p);
	free(want.p);
}

/*
 * A length is a claim: 2^31-1 bytes claimed and not sent are not
 * held, whatever the bound; a claim past the bound fails at once.
 */
static void
test_fcgi_pairs_claims(void)
{
	struct fcgi_pairs	 s;
	struct buf		 out = { NULL, 0, 0 };
	char			 data[4096];
	size_t			 i;

	memset(data, 'd', sizeof(data));
	fcgi_pairs_init(&s, 0);
	CHECK(fcgi_pairs_feed(&s, "\x01\xff\xff\xff\xff" "N", 6, pair_seen,
	    &out) == 0, "a claim of 2^31-1 with no bound: %s",
	    s.err ? s.err : "");
	for (i = 0; i < 16; i++)
		(void)fcgi_pairs_feed(&s, data, sizeof(data), pair_seen, &out);
	CHECK(s.pair.cap <= 4 * (16 * sizeof(data) + 2),
	    "held %zu bytes for %zu sent", s.pair.cap, 16 * sizeof(data));
	CHECK(fcgi_pairs_end(&s) == -1 && s.err != NULL &&
	    strstr(s.err, "inside") != NULL, "the claim not met: %s",
	    s.err ? s.err : "none");
	CHECK(fcgi_pairs_feed(&s, "\0\0", 2, pair_seen, &out) == -1,
	    "a bad stream stays bad");
	fcgi_pairs_free(&s);

	fcgi_pairs_init(&s, 1 << 20);
	CHECK(fcgi_pairs_feed(&s, "\x01\xff\xff\xff\xff", 5, pair_seen,
	    &out) == -1 && s.err != NULL && strstr(s.err, "limit") != NULL &&
	    s.pair.cap == 0, "a claim past the bound: %s, %zu held",
	    s.err ? s.err : "none", s.pair.cap);
	fcgi_pairs_free(&s);

	/* Name and value at 2^31-1 each: their sum is not 32 bits. */
	fcgi_pairs_init(&s, UINT64_C(1) << 32);
	CHECK(fcgi_pairs_feed(&s, "\xff\xff\xff\xff\xff\xff\xff\xff", 8,
	    pair_seen, &out) == -1 && s.err != NULL,
	    "2^32 - 2 claimed past a bound of 2^32 - 8");
	fcgi_pairs_free(&s);
	CHECK(out.len == 0, "pairs handed over: %zu bytes", out.len);
	buf_free(&out);
}

static void
test_fastcgi(void)
{
	test_fcgi_records();
	test_fcgi_splits();
	test_fcgi_pairs_splits();
	test_fcgi_pairs_records();
	test_fcgi_pairs_claims();
}

/* What scgi_pairs hands over, and its rc and error. */
static char *
scgi_result(struct scgi *s)
{
	struct buf	 out = { NULL, 0, 0 };

	if (s->state != SCGI_DONE)
		buf_addf(&out, "state %d: %s", (int)s->state,
		    s->err ? s->err : "");
	else if (scgi_pairs(s, pair_seen, &out) == -1) {
		CHECK(out.len == 0, "pairs handed over before an error");
		out.len = 0;
		buf_addf(&out, "bad: %s", s->err ? s->err : "no err");
	}
	buf_addc(&out, '\0');
	return out.p;
}

/*
 * Feed p as a connection would: at most scgi_want bytes a read (step
 * caps it: 1 is a byte at a time), checking that no read goes past
 * the netstring's end (at netlen, or 0 for a bad one).  Returns the
 * result and sets *used to the bytes taken.
 */
static char *
scgi_run(const char *p, size_t len, size_t netlen, uint64_t max,
    size_t step, size_t *used)
{
	struct scgi	 s;
	size_t		 at = 0, n;
	long		 r = 0;
	char		*out;

	scgi_init(&s, max);
	while (at < len && (n = scgi_want(&s)) > 0) {
		if (netlen != 0)
			CHECK(n <= netlen - at, "want %zu at %zu of %zu", n,
			    at, netlen);
		if (n > step)
			n = step;
		if (n > len - at)
			n = len - at;
		if ((r = scgi_feed(&s, p + at, n)) == -1)
			break;
		CHECK(r > 0 && (size_t)r <= n, "took %ld of %zu", r, n);
		at += (size_t)r;
	}
	CHECK(s.state == SCGI_DONE || s.state == SCGI_BAD || at == len,
	    "stopped at %zu in state %d", at, (int)s.state);
	*used = at;
	out = scgi_result(&s);
	scgi_free(&s);
	return out;
}

/* The request protocol.txt shows, its block counted: 70 bytes. */
static const char scgi_example[] = "70:CONTENT_LENGTH\00027\0SCGI\0001\0"
    "REQUEST_METHOD\0POST\0REQUEST_URI\0/deepthought\0,"
    "What is the answer to life?";
#define SCGI_EXAMPLE_NET	74	/* "70:", 70 bytes, "," */

static void
test_scgi_example(void)
{
	size_t		 len = sizeof(scgi_example) - 1, used, step, c;
	struct buf	 w = { NULL, 0, 0 };
	struct scgi	 s;
	long		 r1, r2;
	char		*got;

	pair_text(&w, "CONTENT_LENGTH", 14, "27", 2);
	pair_text(&w, "SCGI", 4, "1", 1);
	pair_text(&w, "REQUEST_METHOD", 14, "POST", 4);
	pair_text(&w, "REQUEST_URI", 11, "/deepthought", 12);
	buf_addc(&w, '\0');
	CHECK(len == SCGI_EXAMPLE_NET + 27, "the example is %zu bytes", len);
	for (step = 1; step <= len; step++) {
		got = scgi_run(scgi_example, len, SCGI_EXAMPLE_NET, 70, step,
		    &used);
		CHECK(strcmp(got, w.p) == 0 && used == SCGI_EXAMPLE_NET,
		    "reads of %zu: %s, %zu bytes taken", step, got, used);
		free(got);
	}
	/* Given it all, it takes the netstring and leaves the body. */
	for (c = 0; c <= len; c++) {
		scgi_init(&s, 70);
		r1 = scgi_feed(&s, scgi_example, c);
		r2 = scgi_feed(&s, scgi_example + r1, len - (size_t)r1);
		CHECK(r1 == (long)(c < SCGI_EXAMPLE_NET ? c : SCGI_EXAMPLE_NET) &&
		    r1 + r2 == SCGI_EXAMPLE_NET && s.state == SCGI_DONE &&
		    scgi_want(&s) == 0 && scgi_feed(&s, "x", 1) == 0,
		    "cut at %zu: took %ld then %ld", c, r1, r2);
		got = scgi_result(&s);
		CHECK(strcmp(got, w.p) == 0, "cut at %zu: %s", c, got);
		free(got);
		scgi_free(&s);
	}
	/* The bound is the block's: 70 is enough, 69 is not. */
	got = scgi_run(scgi_example, len, 0, 69, len, &used);
	CHECK(strncmp(got, "state 4", 7) == 0 && used == 0,
	    "max 69: %s, %zu taken", got, used);
	free(got);
	free(w.p);
}

/* Netstrings of every length to 300: want never reads past one. */
static void
test_scgi_want(void)
{
	struct buf	 s = { NULL, 0, 0 };
	size_t		 n, net, used;
	char		*got;

	for (n = 0; n <= 300; n++) {
		s.len = 0;
		buf_addf(&s, "%zu:", n);
		while (s.len < n + (n < 10 ? 2 : n < 100 ? 3 : 4))
			buf_addc(&s, 'x');
		buf_addc(&s, ',');
		net = s.len;
		buf_add(&s, "BODY", 4);
		got = scgi_run(s.p, s.len, net, 0, s.len, &used);
		CHECK(used == net && strncmp(got, "bad:", 4) == 0,
		    "netstring of %zu: %zu of %zu taken, %s", n, used, net,
		    got);
		free(got);
	}
	free(s.p);
}

static void
scgi_expect(const char *in, size_t len, uint64_t max, const char *want)
{
	size_t	 used, step;
	char	*got;

	for (step = 1; step <= len; step += step < 4 ? 1 : len) {
		got = scgi_run(in, len, 0, max, step, &used);
		CHECK(strncmp(got, want, strlen(want)) == 0,
		    "\"%.*s\" in reads of %zu: %s, want %s", (int)len, in, step,
		    got, want);
		free(got);
	}
}

#define SE(s, max, want)	scgi_expect(s, sizeof(s) - 1, max, want)

static void
test_scgi_rules(void)
{
	struct scgi	 s;
	char		*got;

	/* djb's netstrings: digits, no leading zero, then ':' and ','. */
	SE("07:aaaaaaa,", 0, "state 4: SCGI length has a leading zero");
	SE("00:,", 0, "state 4: SCGI length has a leading zero");
	SE(":,", 0, "state 4: SCGI length has no digits");
	SE("x:,", 0, "state 4: SCGI length is not decimal");
	SE("-1:a,", 0, "state 4: SCGI length is not decimal");
	SE(" 1:a,", 0, "state 4: SCGI length is not decimal");
	SE("1 :a,", 0, "state 4: SCGI length is not decimal");
	SE("+1:a,", 0, "state 4: SCGI length is not decimal");
	SE("99999999999999999999999999:", 0, "state 4: SCGI headers exceed");
	SE("18446744073709551616:", 0, "state 4: SCGI headers exceed");
	SE("101:", 100, "state 4: SCGI headers exceed");
	SE("1000:", 100, "state 4: SCGI headers exceed");
	SE("9:", 8, "state 4: SCGI headers exceed");
	SE("0:;", 0, "state 4: SCGI netstring does not end with a comma");
	SE("0:", 0, "state 2: ");	/* not over yet */
	SE("3:a\0b", 0, "state 2: ");
	SE("4:a\0b", 0, "state 1: ");
	SE("70:CONTENT_LENGTH\00027\0SCGI\0001\0REQUEST_METHOD\0POST\0"
	    "REQUEST_URI\0/deepthought\0;", 0,
	    "state 4: SCGI netstring does not end with a comma");
	/* protocol.txt's rules for the block. */
	SE("0:,", 0, "bad: SCGI headers do not start with CONTENT_LENGTH");
	SE("7:SCGI\0001\0,", 0,
	    "bad: SCGI headers do not start with CONTENT_LENGTH");
	SE("25:SCGI\0001\0CONTENT_LENGTH\00027\0,", 0,
	    "bad: SCGI headers do not start with CONTENT_LENGTH");
	SE("23:CONTENT_LENGTH\0\0SCGI\0001\0,", 0,
	    "bad: SCGI CONTENT_LENGTH is not decimal digits");
	SE("25:CONTENT_LENGTH\0-1\0SCGI\0001\0,", 0,
	    "bad: SCGI CONTENT_LENGTH is not decimal digits");
	SE("26:CONTENT_LENGTH\0 27\0SCGI\0001\0,", 0,
	    "bad: SCGI CONTENT_LENGTH is not decimal digits");
	SE("18:CONTENT_LENGTH\00027\0,", 0, "bad: SCGI header SCGI is missing");
	SE("25:CONTENT_LENGTH\00027\0SCGI\0002\0,", 0,
	    "bad: SCGI header SCGI is not 1");
	SE("24:CONTENT_LENGTH\00027\0SCGI\0\0,", 0,
	    "bad: SCGI header SCGI is not 1");
	SE("26:CONTENT_LENGTH\00027\0SCGI\00011\0,", 0,
	    "bad: SCGI header SCGI is not 1");
	SE("32:CONTENT_LENGTH\00027\0SCGI\0001\0SCGI\0001\0,", 0,
	    "bad: SCGI header SCGI twice");
	SE("42:CONTENT_LENGTH\00027\0SCGI\0001\0CONTENT_LENGTH\0001\0,",
	    0, "bad: SCGI CONTENT_LENGTH twice");
	SE("28:CONTENT_LENGTH\00027\0SCGI\0001\0\0x\0,", 0,
	    "bad: SCGI header with an empty name");
	SE("27:CONTENT_LENGTH\00027\0SCGI\0001\0\0\0,", 0,
	    "bad: SCGI header with an empty name");
	SE("27:CONTENT_LENGTH\00027\0SCGI\0001\0x\0,", 0,
	    "bad: SCGI header without a value");
	SE("27:CONTENT_LENGTH\00027\0SCGI\0001\0xy,", 0,
	    "bad: SCGI headers do not end with a NUL");
	SE("24:CONTENT_LENGTH\00027\0SCGI\0001,", 0,
	    "bad: SCGI header without a value");
	/* Accepted: empty values, any other byte, CONTENT_LENGTH 0. */
	SE("32:CONTENT_LENGTH\0000\0SCGI\0001\0E\0\0\xff\x01\0\n\0,", 0,
	    "434f4e54454e545f4c454e475448=30|53434749=31|45=|ff01=0a|");
	/* Not done: scgi_pairs refuses, and a bad one stays bad. */
	scgi_init(&s, 0);
	(void)scgi_feed(&s, "5:ab", 4);
	got = scgi_result(&s);
	CHECK(strcmp(got, "state 1: ") == 0, "%s", got);
	free(got);
	CHECK(scgi_pairs(&s, pair_seen, NULL) == -1 && s.state == SCGI_BAD &&
	    s.err != NULL && scgi_want(&s) == 0 &&
	    scgi_feed(&s, "abc,", 4) == -1, "scgi_pairs before the comma");
	scgi_free(&s);
}

/* A block claimed and not sent is not held ahead of its bytes. */
static void
test_scgi_claims(void)
{
	struct scgi	 s;
	char		 data[4096];
	size_t		 i;

	memset(data, 'd', sizeof(data));
	scgi_init(&s, 0);
	CHECK(scgi_feed(&s, "1000000000:", 11) == 11 &&
	    s.state == SCGI_HEADERS && s.hdr.cap == 0,
	    "a claim of 1e9: state %d, %zu held", (int)s.state, s.hdr.cap);
	for (i = 0; i < 16; i++)
		(void)scgi_feed(&s, data, sizeof(data));
	CHECK(s.hdr.cap <= 4 * 16 * sizeof(data), "held %zu for %zu sent",
	    s.hdr.cap, 16 * sizeof(data));
	CHECK(scgi_want(&s) == 1000000000U - 16 * sizeof(data) + 1,
	    "want %zu", scgi_want(&s));
	scgi_free(&s);
}

static void
test_scgi(void)
{
	test_scgi_example();
	test_scgi_want();
	test_scgi_rules();
	test_scgi_claims();
}

/*
 * The sandbox's system call filter (src/sandbox.c), run here on every
 * call number with arguments at and around the four calls' rules: the
 * verdicts must be the allow-list's, whatever shape the filter has.
 * The interpreter knows only the instructions the filter may use
 * (classic BPF, seccomp(2)); any other fails the test.
 */
#if defined(__linux__)
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#define FILTER_TEST	1
#if defined(__x86_64__)
#define FILTER_ARCH	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define FILTER_ARCH	AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define FILTER_ARCH	AUDIT_ARCH_RISCV64
#elif defined(__i386__)
#define FILTER_ARCH	AUDIT_ARCH_I386
#else
#undef FILTER_TEST
#endif
#endif

#if FILTER_TEST
#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH	0x1000
#endif

/* The filter's verdict on d, or 0 when it is not a well-formed run. */
static int
filter_run(const struct sock_filter *v, size_t n,
    const struct seccomp_data *d, uint32_t *verdict)
{
	uint32_t	 a = 0;
	size_t		 pc = 0;

	while (pc < n) {
		const struct sock_filter	*s = &v[pc];

		switch (s->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (s->k % 4 != 0 || s->k > sizeof(*d) - 4)
				return 0;
			memcpy(&a, (const char *)d + s->k, 4);
			pc++;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += 1u + (a == s->k ? s->jt : s->jf);
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += 1u + (a >= s->k ? s->jt : s->jf);
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += 1u + ((a & s->k) != 0 ? s->jt : s->jf);
			break;
		case BPF_RET | BPF_K:
			*verdict = s->k;
			return 1;
		default:
			return 0;
		}
	}
	return 0;	/* ran off the end */
}

/* What the allow-list and its four rules say of nr with args. */
static uint32_t
filter_want(const struct seccomp_data *d, const long *nrs, size_t nn,
    long pid)
{
	uint64_t	 args[4];
	uint32_t	 nr = (uint32_t)d->nr;
	size_t		 i;

	for (i = 0; i < 4; i++)
		args[i] = d->args[i];

	for (i = 0; i < nn && (uint32_t)nrs[i] != nr; i++)
		;
	if (i == nn)
		return SECCOMP_RET_TRAP;
	if (nr == SYS_ioctl)
		return args[1] == FIONREAD ? SECCOMP_RET_ALLOW :
		    SECCOMP_RET_TRAP;
	if (nr == SYS_tgkill)
		return args[0] == (uint64_t)pid ? SECCOMP_RET_ALLOW :
		    SECCOMP_RET_TRAP;
#ifdef SYS_newfstatat
	if (nr == SYS_newfstatat)
		return (uint32_t)args[3] == AT_EMPTY_PATH && args[0] < 3 ?
		    SECCOMP_RET_ALLOW : SECCOMP_RET_TRAP;
#endif
#ifdef SYS_mmap
	if (nr == SYS_mmap)
		return ((uint32_t)args[2] & PROT_EXEC) == 0 ?
		    SECCOMP_RET_ALLOW : SECCOMP_RET_TRAP;
#endif
	return SECCOMP_RET_ALLOW;
}

static void
test_filter(void)
{
	const long	 pid = 4242;
	/* Arguments 0 to 3, each set tried on every call number. */
	static const uint64_t sets[][4] = {
		{ 0, 0, 0, 0 },
		{ UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX },
		{ 4242, FIONREAD, PROT_READ | PROT_WRITE, AT_EMPTY_PATH },
		{ 2, FIONREAD | ((uint64_t)1 << 32), PROT_EXEC, AT_EMPTY_PATH },
		{ 4242 | ((uint64_t)1 << 32), FIONREAD, PROT_READ | PROT_EXEC,
		    AT_EMPTY_PATH | ((uint64_t)1 << 32) },
		{ (uint64_t)1 << 32, FIONREAD + 1, (uint64_t)PROT_EXEC << 32,
		    AT_EMPTY_PATH },
		{ 3, 0, 0, AT_EMPTY_PATH },
		{ 0, 0, 0, AT_EMPTY_PATH | 1 },
	};
	struct seccomp_data	 d;
	const void		*p;
	long			 nrs[128];
	size_t			 n, nn, s;
	uint32_t		 nr, got, want;
	int			 ok;

	n = sandbox_filter(&p, pid, nrs, sizeof(nrs) / sizeof(nrs[0]), &nn);
	if (n == 0) {
		printf("skip: no system call filter in this build\n");
		return;
	}
	CHECK(nn > 0 && nn < sizeof(nrs) / sizeof(nrs[0]),
	    "%zu allowed calls", nn);
	memset(&d, 0, sizeof(d));
	d.arch = FILTER_ARCH;
	for (nr = 0; nr < 2048; nr++) {
		d.nr = (int)nr;
		for (s = 0; s < sizeof(sets) / sizeof(sets[0]); s++) {
			memcpy(d.args, sets[s], sizeof(sets[s]));
			d.args[4] = d.args[5] = s % 2 ? UINT64_MAX : 0;
			ok = filter_run(p, n, &d, &got);
			want = filter_want(&d, nrs, nn, pid);
			CHECK(ok && got == want, "call %u, argument set %zu: "
			    "%s %#x, want %#x", nr, s, ok ? "verdict" :
			    "no verdict", got, want);
		}
	}
	/* Not only the list's word: the calls an attacker wants first. */
	d.nr = SYS_read;
	CHECK(filter_run(p, n, &d, &got) && got == SECCOMP_RET_ALLOW,
	    "read(2) not allowed");
	d.nr = SYS_openat;
	CHECK(filter_run(p, n, &d, &got) && got == SECCOMP_RET_TRAP,
	    "openat(2) not trapped");
	d.nr = SYS_execve;
	CHECK(filter_run(p, n, &d, &got) && got == SECCOMP_RET_TRAP,
	    "execve(2) not trapped");
	/* Another architecture's numbers, x32's, the top of the range. */
	d.nr = SYS_read;
	d.arch = FILTER_ARCH ^ 1;
	CHECK(filter_run(p, n, &d, &got) && got == SECCOMP_RET_KILL_PROCESS,
	    "another architecture: %#x", got);
	d.arch = FILTER_ARCH;
#if defined(__x86_64__)
	d.nr = (int)(0x40000000u | SYS_read);
	CHECK(filter_run(p, n, &d, &got) && got == SECCOMP_RET_KILL_PROCESS,
	    "an x32 call: %#x", got);
#endif
	d.nr = -1;
	CHECK(filter_run(p, n, &d, &got) && got != SECCOMP_RET_ALLOW,
	    "call number -1 allowed");
}
#else
static void
test_filter(void)
{
	const void	*p;
	long		 nrs[1];
	size_t		 nn;

	(void)sandbox_filter(&p, 0, nrs, 1, &nn);
	printf("skip: no system call filter test on this platform\n");
}
#endif

struct area {
	const char	*name;
	void		(*run)(void);
};

static void
test_urlencoded(void)
{
	test_urlenc_splits();
	test_urlenc_rules();
	test_urlenc_limits();
}

/*
 * nsswitch.conf read as glibc 2.36 reads it (nss/nss_database.c,
 * nss/nss_action_parse.c): which of passwd and group begin in the
 * files with a success that ends the lookup.  Each case was checked
 * against glibc itself once, with the text bind-mounted over
 * /etc/nsswitch.conf: where this says files first, glibc answered from
 * a planted /etc/passwd before nss-systemd could.
 */
struct nsw_case {
	const char	*text;
	size_t		 len;
	unsigned	 want;
};
#define NSW(text, want)	{ text, sizeof(text) - 1, want }
#define P		NSSWITCH_PASSWD
#define G		NSSWITCH_GROUP
static const struct nsw_case	 nsw_cases[] = {
	NSW("passwd: files systemd\ngroup: files systemd\n", P | G),
	NSW("passwd:         files systemd\ngroup:          files systemd\n"
	    "shadow:         files systemd\ngshadow:        files systemd\n\n"
	    "hosts:          files dns\nnetworks:       files\n\n"
	    "protocols:      db files\nservices:       db files\n"
	    "ethers:         db files\nrpc:            db files\n\n"
	    "netgroup:       nis\n", P | G),
	NSW("passwd: systemd files\ngroup: files\n", G),
	NSW("group: files\n", G),
	/* a success that goes on, or merges, leaves it to NSS */
	NSW("passwd: files [SUCCESS=continue] systemd\n", 0),
	NSW("passwd: files [SUCCESS=merge] systemd\n", 0),
	NSW("passwd: files [!NOTFOUND=continue] systemd\n", 0),
	NSW("passwd: files [NOTFOUND=return] systemd\n", P),
	NSW("passwd: files [UNAVAIL=return] systemd\n", P),
	NSW("passwd: files [!SUCCESS=continue] systemd\n", P),
	NSW("passwd: files [success=Return] systemd\n", P),
	NSW("passwd: files [SUCCESS=continue SUCCESS=return] systemd\n", P),
	NSW("passwd: files [SUCCESS=return NOTFOUND=continue] systemd\n", P),
	NSW("passwd: files[SUCCESS=return]systemd\n", P),
	NSW("passwd: files [ SUCCESS = return ] systemd\n", P),
	NSW("passwd: files [SUCCESS=return\tNOTFOUND=return]\n", P),
	/* parsing stops at a '[' with no service before it */
	NSW("passwd: files [SUCCESS=continue] [SUCCESS=return]\n", 0),
	NSW("passwd: files [NOTFOUND=return] [bogus\n", P),
	NSW("passwd: [SUCCESS=return] files\n", 0),
	/* a criterion glibc refuses in a database it knows: all fail */
	NSW("passwd: files [SUCCES=return]\n", 0),
	NSW("passwd: files [SUCCESS=return\n", 0),
	NSW("passwd: files []\n", 0),
	NSW("passwd: files [! SUCCESS=continue]\n", 0),
	NSW("passwd: files [SUCCESS]\n", 0),
	NSW("passwd: files\ngroup: files\nhosts: files [bogus]\n", 0),
	NSW("hosts: files [NOTFOUND=maybe]\npasswd: files\n", 0),
	NSW("passwd: files\nsudoers: files [bogus]\n", P),
	/* no comments: "#passwd" is a database glibc does not know */
	NSW("#passwd: ldap\npasswd: files\n", P),
	NSW("#passwd: files\n", 0),
	NSW("passwd: files # the comment\n", P),
	NSW("passwd: files #[x]\n", 0),
	/* lines: the last one of a database counts, one with no newline never */
	NSW("passwd: files", 0),
	NSW("passwd: ldap\npasswd: files\n", P),
	NSW("passwd: files\npasswd: ldap\n", 0),
	NSW("passwd: files\npasswd: ldap", P),
	NSW("passwd: files\r\n", P),
	NSW("passwd: files\0 ldap\n", P),
	NSW("passwd: ldap\0\npasswd: files\n", P),
	NSW("", 0),
	NSW("\n\n", 0),
	/* the line's own shape */
	NSW("  \tpasswd:files\n", P),
	NSW("passwd files\n", P),
	NSW("passwd::: files\n", P),
	NSW("passwd:\n", 0),
	NSW("passwd\n", 0),
	/* a name alone is a line of no services, and replaces the first */
	NSW("passwd: files\npasswd\n", 0),
	NSW("passwd: files\ngroup: files\n  group\n", P),
	NSW("passwd: files\npasswd\0\n", P),
	NSW("passwd: filesx\n", 0),
	NSW("passwd: Files\n", 0),
	NSW("Passwd: files\n", 0),
	NSW("passwd_compat: files\ngroup_compat: files\n", 0),
	NSW("passwd: compat\ngroup: compat\n", 0),
	NSW("passwdx: files\n", 0),
};
#undef P
#undef G

static void
test_nsswitch(void)
{
	size_t		 i;
	unsigned	 got;

	for (i = 0; i < sizeof(nsw_cases) / sizeof(nsw_cases[0]); i++) {
		got = nsswitch_files_first(nsw_cases[i].text, nsw_cases[i].len);
		CHECK(got == nsw_cases[i].want, "nsswitch case %zu: %u, not %u",
		    i, got, nsw_cases[i].want);
	}
	CHECK(nsswitch_read("/nonexistent/nsswitch.conf") == 0,
	    "a missing nsswitch.conf: files first");
	CHECK(nsswitch_read("/dev/zero") == 0,
	    "an endless nsswitch.conf: files first");
}

/*
 * The form's memory (mem.c, form.c): arena chunks that grow by doubling
 * to 1 MiB keep every string whole whatever the sizes, and prefaulted
 * memory keeps its bytes and, on Linux 5.14 and later, takes no page
 * fault when written (what makes a million fields a third faster on a
 * machine where faults are dear).
 */
static long
minor_faults(void)
{
	struct rusage	 ru;

	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_minflt : -1;
}

/* Linux 5.14 or later: MADV_POPULATE_WRITE is there. */
static int
kernel_prefaults(void)
{
	struct utsname	 u;
	unsigned	 major = 0, minor = 0;

	if (uname(&u) != 0 || strcmp(u.sysname, "Linux") != 0 ||
	    sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return 0;
	return major > 5 || (major == 5 && minor >= 14);
}

static void
test_memory(void)
{
	struct arena		 a = { NULL, 0 };
	struct arena_chunk	*c;
	const size_t		 n = 200000, big = 3 * 1024 * 1024;
	size_t			 i, j, len, moved, held = 0, reserved = 0;
	char			**at, *p, *r;
	long			 f0, f1;

	/* Strings of 0..37 bytes, one of 3 MiB among them. */
	at = xcalloc(n, sizeof(*at));
	for (i = 0; i < n; i++) {
		len = i == n / 2 ? big : i % 38;
		p = arena_reserve(&a, len, &moved);
		held += moved;
		for (j = 0; j < len; j++)
			p[j] = (char)('a' + (i + j) % 26);
		arena_commit(&a, len);
		at[i] = p;
		arena_close(&a);
		held += len;
	}
	for (i = 0; i < n; i++) {
		len = i == n / 2 ? big : i % 38;
		for (j = 0; j < len && at[i][j] == (char)('a' + (i + j) % 26); j++)
			continue;
		CHECK(j == len, "arena string %zu: byte %zu of %zu differs",
		    i, j, len);
		if (j != len)
			break;
	}
	for (c = a.top; c != NULL; c = c->prev) {
		CHECK(c->size <= 1024 * 1024 || c->size >= big,
		    "an arena chunk of %zu bytes holding no big string",
		    c->size);
		reserved += c->size;
	}
	CHECK(reserved <= 2 * held + 1024 * 1024,
	    "the arena reserved %zu bytes for %zu", reserved, held);
	arena_free(&a);
	free(at);

	/* Prefaulted bytes keep their values, outside too. */
	r = xcalloc(1, 4 * 1024 * 1024);
	for (i = 0; i < 4 * 1024 * 1024; i++)
		r[i] = (char)(i % 251);
	mem_prefault(r + 1001, 3 * 1024 * 1024 + 7);
	mem_prefault(r + 5, 100);	/* less than a page: nothing */
	for (i = 0; i < 4 * 1024 * 1024 && r[i] == (char)(i % 251); i++)
		continue;
	CHECK(i == 4 * 1024 * 1024, "byte %zu changed by mem_prefault", i);
	free(r);

	/*
	 * Fresh memory, prefaulted: writing it takes (nearly) no fault.  A
	 * sanitizer's memset also writes its shadow memory, which faults.
	 */
	if (!kernel_prefaults() || SANDBOX_SANITIZER)
		return;
	r = xreallocarray(NULL, 1, 8 * 1024 * 1024);
	mem_prefault(r, 8 * 1024 * 1024);
	f0 = minor_faults();
	memset(r, 1, 8 * 1024 * 1024);
	f1 = minor_faults();
	CHECK(f0 >= 0 && f1 - f0 < 64,
	    "writing 8 MiB prefaulted took %ld page faults (2048 without)",
	    f1 - f0);
	free(r);
}

static const struct area areas[] = {
	{ "urlencoded", test_urlencoded },
	{ "utf8", test_utf8 },
	{ "sha256", test_sha256 },
	{ "access", test_access_duplicates },
	{ "hostcheck", test_hostcheck },
	{ "checks", test_checks },
	{ "transport", test_transport_checks },
	{ "csp", test_csp },
	{ "escape", test_escape },
	{ "sh", test_sh },
	{ "numbers", test_numbers },
	{ "bytes", test_bytes },
	{ "idfile", test_idfile },
	{ "nsswitch", test_nsswitch },
	{ "secrets", test_secrets },
	{ "fastcgi", test_fastcgi },
	{ "scgi", test_scgi },
	{ "filter", test_filter },
	{ "memory", test_memory },
};

int
main(int argc, char *argv[])
{
	size_t	 i, ran = 0;

	for (i = 0; i < sizeof(areas) / sizeof(areas[0]); i++)
		if (argc < 2 || strcmp(argv[1], areas[i].name) == 0) {
			areas[i].run();
			ran++;
		}
	if (ran == 0) {
		printf("FAIL: no area named %s\n", argv[1]);
		return 2;
	}
	printf("%s: %d failure%s\n", failures ? "FAIL" : "ok", failures,
	    failures == 1 ? "" : "s");
	return failures != 0;
}
