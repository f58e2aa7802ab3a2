/*
 * tests/unit.c: unit tests for the parsers and helpers that the bats
 * suites cannot reach one by one: the urlencoded parser fed in every
 * split, UTF-8 validation at its edges, SHA-256 against FIPS 180-4, and
 * a fence given twice (an environment env(1) cannot make).
 *
 * Run by tests/unit.bats; prints one line per failure and exits 1.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/dump.h"

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
		if (i)
			buf_addc(&b, '|');
		for (j = 0; j < f->v[i].name.len; j++) {
			snprintf(hex, sizeof(hex), "%02x",
			    (unsigned char)f->v[i].name.p[j]);
			buf_add(&b, hex, 2);
		}
		buf_addc(&b, '=');
		for (j = 0; j < f->v[i].value.len; j++) {
			snprintf(hex, sizeof(hex), "%02x",
			    (unsigned char)f->v[i].value.p[j]);
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
    uint64_t max_fields, uint64_t max_bytes, const char **cut)
{
	struct form	 f;
	struct urlenc	 u;
	size_t		 len = strlen(s), at = 0, i;
	char		*out;

	memset(&f, 0, sizeof(f));
	f.max_fields = max_fields;
	f.max_bytes = max_bytes;
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
	const char	*cut;
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
	const char	*cut;
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
	const char	*cut;
	char		*got;

	got = parse_split("a=1&b=2", NULL, 0, 2, 0, &cut);
	CHECK(cut == NULL && strcmp(got, "61=31|62=32") == 0, "2 of 2: %s",
	    got);
	free(got);
	got = parse_split("a=1&b=2&c", NULL, 0, 2, 0, &cut);
	CHECK(cut != NULL && strcmp(cut, "CGIDUMP_MAX_FIELDS") == 0 &&
	    strcmp(got, "61=31|62=32") == 0, "3 of 2: %s", got);
	free(got);
	/* Two fields and "a" "1" "b" "2": 2 * FIELD_COST + 4 bytes. */
	got = parse_split("a=1&b=2", NULL, 0, 0, 2 * FIELD_COST + 4, &cut);
	CHECK(cut == NULL, "exactly at the limit, cut");
	free(got);
	got = parse_split("a=1&b=23", NULL, 0, 0, 2 * FIELD_COST + 4, &cut);
	CHECK(cut != NULL && strcmp(got, "61=31|62=32!") == 0, "one over: %s",
	    got);
	free(got);
	/* A field that starts past the limit is not left half-made. */
	got = parse_split("ab&c", NULL, 0, 0, FIELD_COST + 2, &cut);
	CHECK(cut != NULL && strcmp(got, "6162=") == 0, "c past limit: %s",
	    got);
	free(got);
	/* Empty fields cost memory too: "&=&=..." stops at the limit. */
	got = parse_split("=&=&=&=&=", NULL, 0, 0, 3 * FIELD_COST, &cut);
	CHECK(cut != NULL && strcmp(got, "=|=|=") == 0, "empty fields: %s",
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

/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf"). */
static void
test_sha256(void)
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

int
main(void)
{
	test_urlenc_splits();
	test_urlenc_rules();
	test_urlenc_limits();
	test_utf8();
	test_sha256();
	test_access_duplicates();
	printf("%s: %d failure%s\n", failures ? "FAIL" : "ok", failures,
	    failures == 1 ? "" : "s");
	return failures != 0;
}
