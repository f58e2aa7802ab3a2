/* cgidump: see LICENSE (ISC). */
/*
 * access.c: who may see the dump (DESIGN.md "Who may see it").
 *
 * The administrator fences the dump in with CGIDUMP_ALLOW (addresses
 * and CIDR ranges matched against REMOTE_ADDR), CGIDUMP_TOKEN (to be
 * sent in an X-Cgidump-Token header) and CGIDUMP_EXPIRES (a UTC date
 * or date-time).  A setting that cannot be read refuses every request:
 * a typo must not open the fence.  A refusal names the setting that
 * refused, never a value from the environment or the request.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "cgi.h"
#include "sha256.h"

/* An address as IPv6; IPv4 as ::ffff:a.b.c.d (RFC 4291 §2.5.5.2). */
struct addr {
	unsigned char	 b[16];
};

static int
addr_parse(const char *s, size_t len, struct addr *a, int *v4)
{
	char		 tmp[INET6_ADDRSTRLEN + 1];
	unsigned char	 b4[4];

	if (len == 0 || len >= sizeof(tmp) || memchr(s, '\0', len) != NULL)
		return 0;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (inet_pton(AF_INET, tmp, b4) == 1) {
		memset(a->b, 0, 10);
		a->b[10] = a->b[11] = 0xff;
		memcpy(a->b + 12, b4, 4);
		*v4 = 1;
		return 1;
	}
	*v4 = 0;
	return inet_pton(AF_INET6, tmp, a->b) == 1;
}

/* No bit of a is set past its first bits. */
static int
host_bits_clear(const struct addr *a, unsigned bits)
{
	unsigned	 i;

	for (i = bits; i < 128; i++)
		if (a->b[i / 8] & (0x80 >> (i % 8)))
			return 0;
	return 1;
}

/* The first bits of a and b are the same. */
static int
prefix_match(const struct addr *a, const struct addr *b, unsigned bits)
{
	unsigned	 whole = bits / 8, rest = bits % 8;
	unsigned char	 mask;

	if (memcmp(a->b, b->b, whole) != 0)
		return 0;
	if (rest == 0)
		return 1;
	mask = (unsigned char)(0xff << (8 - rest));
	return (a->b[whole] & mask) == (b->b[whole] & mask);
}

/*
 * One entry of CGIDUMP_ALLOW: an address, or address/bits.  Returns -1
 * when it is malformed, else whether it holds the client.
 */
static int
allow_entry(const char *p, size_t len, const struct addr *client)
{
	const char	*slash = memchr(p, '/', len);
	struct addr	 net;
	uint64_t	 bits;
	int		 v4;
	size_t		 alen = slash != NULL ? (size_t)(slash - p) : len;

	if (!addr_parse(p, alen, &net, &v4))
		return -1;
	bits = 128;
	if (slash != NULL) {
		if (!parse_u64(slash + 1, len - alen - 1, &bits) ||
		    len - alen - 1 > 3 || bits > (v4 ? 32u : 128u))
			return -1;
		if (v4)
			bits += 96;
		/*
		 * 10.1.2.3/8, or ::ffff:10.0.0.0/8 (an IPv4 prefix written
		 * as IPv6, which would hold far more than meant): say so
		 * rather than guess what was meant.
		 */
		if (!host_bits_clear(&net, (unsigned)bits))
			return -1;
	}
	return client != NULL && prefix_match(&net, client, (unsigned)bits);
}

/* 1 allowed, 0 not, -1 CGIDUMP_ALLOW is malformed. */
static int
allow_match(struct bytes allow, struct bytes remote, size_t *bad_entry)
{
	struct addr	 client;
	struct bytes	 entry;
	int		 v4, known, hit = 0, r;
	size_t		 n = 0, zone;

	/* RFC 4007 §11: a scope zone ("%eth0") is not part of the address. */
	for (zone = 0; remote.p != NULL && zone < remote.len &&
	    remote.p[zone] != '%'; zone++)
		continue;
	known = remote.p != NULL && addr_parse(remote.p, zone, &client, &v4);
	while (bytes_next(&allow, ',', &entry)) {
		n++;
		entry = bytes_trim(entry);
		if ((r = allow_entry(entry.p, entry.len, known ? &client :
		    NULL)) < 0) {
			*bad_entry = n;
			return -1;
		}
		hit |= r;
	}
	return hit;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant). */
static long long
days_from_civil(long long y, unsigned m, unsigned d)
{
	long long	 era;
	unsigned	 yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

/* Exactly n decimal digits, n at most 4. */
static int
digits(const char *p, size_t n, unsigned *v)
{
	uint64_t	 u;

	if (!parse_u64(p, n, &u))
		return 0;
	*v = (unsigned)u;
	return 1;
}

/*
 * CGIDUMP_EXPIRES: YYYY-MM-DD (the dump works through that day, UTC)
 * or YYYY-MM-DDTHH:MM[:SS][Z] (until that moment, UTC; a space may
 * stand for the T).  Sets *when to the first second it is gone.
 */
static int
expires_parse(struct bytes v, long long *when)
{
	static const unsigned mdays[] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	const char	*p = v.p;
	size_t		 len = v.len;
	unsigned	 y, mo, d, h = 0, mi = 0, s = 0;
	int		 leap, dateonly = len == 10;

	/* A Z belongs to a time of day, not to a bare date. */
	if (len > 11 && (p[len - 1] == 'Z' || p[len - 1] == 'z'))
		len--;
	if (!(len == 10 || len == 16 || len == 19) ||
	    !digits(p, 4, &y) || p[4] != '-' || !digits(p + 5, 2, &mo) ||
	    p[7] != '-' || !digits(p + 8, 2, &d))
		return 0;
	if (len > 10 && ((p[10] != 'T' && p[10] != 't' && p[10] != ' ') ||
	    !digits(p + 11, 2, &h) || p[13] != ':' ||
	    !digits(p + 14, 2, &mi)))
		return 0;
	if (len == 19 && (p[16] != ':' || !digits(p + 17, 2, &s)))
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !leap) || h > 23 || mi > 59 || s > 59)
		return 0;
	*when = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
	if (dateonly)
		*when += 86400;
	return 1;
}

/* Equal, in a time that does not depend on where they differ. */
static int
token_equal(struct bytes want, struct bytes got)
{
	struct sha256	 s;
	unsigned char	 a[32], b[32], diff = 0;
	size_t		 i;

	/* Hashing first makes the time independent of the lengths too. */
	sha256_init(&s);
	sha256_update(&s, want.p, want.len);
	sha256_final(&s, a);
	sha256_init(&s);
	if (got.p != NULL)
		sha256_update(&s, got.p, got.len);
	sha256_final(&s, b);
	for (i = 0; i < sizeof(a); i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

static int	refuse(struct refusal *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static int
refuse(struct refusal *r, int status, const char *fmt, ...)
{
	va_list	 ap;

	r->status = status;
	r->reason = status == 410 ? "Gone" : "Forbidden";
	va_start(ap, fmt);
	r->message = xvasprintf(fmt, ap);
	va_end(ap);
	return 1;
}

/*
 * A name meant for cgidump that is none of its settings
 * (settings.c): a misspelt fence must not leave the dump open, and
 * which setting was misspelt cannot be known for sure.
 */
static int
refuse_misspelt(const struct dump *d, struct refusal *r)
{
	const char	*meant;
	char		*q;
	size_t		 i;

	for (i = 0; i < d->nenv; i++) {
		if (!setting_misspelt(d->env[i].name, &meant))
			continue;
		q = quote_value(d->env[i].name.p, d->env[i].name.len,
		    QUOTE_MAX);
		refuse(r, 403, "%s is not a setting cgidump knows (a "
		    "typo%s%s?), so every request is refused until the "
		    "server's configuration is fixed", q,
		    meant != NULL ? " for " : "", meant != NULL ? meant : "");
		free(q);
		return 1;
	}
	return 0;
}

/*
 * Apache's REDIRECT_ copy of a fence that is not set itself: the
 * fence was set for the URL before an internal redirect, not for this
 * one, which would be open.
 */
static int
refuse_redirected(const struct dump *d, struct refusal *r)
{
	struct bytes	 base;
	char		*q;
	size_t		 i, f;

	for (i = 0; i < d->nenv; i++) {
		base = redirect_base(d->env[i].name);
		if (base.len == d->env[i].name.len)
			continue;
		for (f = 0; fence_settings[f] != NULL; f++) {
			if (!bytes_eq(base, fence_settings[f]) ||
			    env_get(d, fence_settings[f]).p != NULL)
				continue;
			q = quote_value(d->env[i].name.p, d->env[i].name.len,
			    QUOTE_MAX);
			refuse(r, 403, "%s is set but %s is not: the fence was "
			    "set for the URL before an internal redirect, not "
			    "for this one, so every request is refused until "
			    "the server's configuration is fixed", q,
			    fence_settings[f]);
			free(q);
			return 1;
		}
	}
	return 0;
}

/*
 * A CGIDUMP_EXPIRES that expires_parse() does not take.  The message
 * names every form it takes, exactly (tests/access.bats tries each
 * one), with the value as given, escaped.
 */
static int
refuse_expires(struct refusal *r, struct bytes v)
{
	char	*q;

	q = quote_value(v.p, v.len, QUOTE_MAX);
	refuse(r, 403, "CGIDUMP_EXPIRES is malformed: %s is not a date it "
	    "reads; it takes a UTC date or date-time, one of `2026-12-31` "
	    "(through that day), `2026-12-31T23:59`, `2026-12-31T23:59:59`, "
	    "`2026-12-31T23:59Z`, `2026-12-31T23:59:59Z` or "
	    "`2026-12-31 23:59:59` (a space for the T), so every request is "
	    "refused until the server's configuration is fixed", q);
	free(q);
	return 1;
}

/*
 * Whether this request may see anything.  Returns 1 and fills r when
 * it may not.  Malformed settings come first: they refuse everyone.
 */
int
access_refused(const struct dump *d, time_t now, struct refusal *r)
{
	struct bytes	 allow = env_get(d, "CGIDUMP_ALLOW");
	struct bytes	 token = env_get(d, "CGIDUMP_TOKEN");
	struct bytes	 expires = env_get(d, "CGIDUMP_EXPIRES");
	long long	 when = 0;
	size_t		 i;
	size_t		 bad = 0;
	int		 allowed = 1;

	if (refuse_misspelt(d, r) || refuse_redirected(d, r))
		return 1;
	for (i = 0; fence_settings[i] != NULL; i++)
		if (env_conflicts(d, fence_settings[i]))
			return refuse(r, 403, "%s is set more than once, with "
			    "different values, so every request is refused "
			    "until the server's configuration is fixed",
			    fence_settings[i]);
	if (allow.p != NULL &&
	    (allowed = allow_match(allow, env_get(d, "REMOTE_ADDR"),
	    &bad)) < 0)
		return refuse(r, 403, "CGIDUMP_ALLOW is malformed (entry %zu "
		    "is not an address or a CIDR range with no bits set past "
		    "its prefix), so every request is refused until the "
		    "server's configuration is fixed", bad);
	if (token.p != NULL && token.len == 0)
		return refuse(r, 403, "CGIDUMP_TOKEN is empty, so every "
		    "request is refused until the server's configuration is "
		    "fixed");
	if (expires.p != NULL && !expires_parse(expires, &when))
		return refuse_expires(r, expires);
	if (expires.p != NULL && (long long)now >= when)
		return refuse(r, 410, "this dump has expired "
		    "(CGIDUMP_EXPIRES); the administrator can remove it");
	if (!allowed)
		return refuse(r, 403, "this client's address may not see the "
		    "dump (CGIDUMP_ALLOW)");
	if (token.p != NULL &&
	    !token_equal(token, env_get(d, "HTTP_X_CGIDUMP_TOKEN")))
		return refuse(r, 403, "this request needs the right "
		    "X-Cgidump-Token header (CGIDUMP_TOKEN)");
	return 0;
}
