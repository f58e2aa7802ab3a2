/* cgidump: see LICENSE (ISC). */
/*
 * settings.c: the CGIDUMP_* settings of the administrator's
 * environment: the limits, the flags, and names that are none of them.
 *
 * A client cannot set these (its headers arrive as HTTP_*).  A bad
 * value is reported and the default kept: a typo must not lift a limit
 * or turn a flag on.  The fences (CGIDUMP_ALLOW, _TOKEN, _EXPIRES) are
 * read by access.c, which refuses every request when one is wrong.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "sha256.h"

static const struct limit limit_defaults[LIM__MAX] = {
	[LIM_BODY] = { "CGIDUMP_MAX_BODY", "max_body", 2147483648u, "bytes" },
	[LIM_FIELDS] = { "CGIDUMP_MAX_FIELDS", "max_fields", 20000, "fields" },
	[LIM_FORM] = { "CGIDUMP_MAX_FORM", "max_form", 8388608, "bytes" },
	[LIM_HEADER] = { "CGIDUMP_MAX_HEADER", "max_header", 16384, "bytes" },
	[LIM_DEPTH] = { "CGIDUMP_MAX_DEPTH", "max_depth", 4, "levels" },
	[LIM_TIMEOUT] = { "CGIDUMP_TIMEOUT", "timeout", 10, "seconds" },
	[LIM_DEADLINE] = { "CGIDUMP_DEADLINE", "deadline", 60, "seconds" },
	/* What /replay writes of a body: the script holds 1 to 4 times it. */
	[LIM_REPLAY] = { "CGIDUMP_MAX_REPLAY", "max_replay", 4194304, "bytes" },
};

/* Every setting cgidump reads from the administrator's environment. */
static const char *const cgidump_settings[] = {
	"CGIDUMP_MAX_BODY", "CGIDUMP_MAX_FIELDS", "CGIDUMP_MAX_FORM",
	"CGIDUMP_MAX_HEADER", "CGIDUMP_MAX_DEPTH", "CGIDUMP_TIMEOUT",
	"CGIDUMP_DEADLINE",
	"CGIDUMP_REVEAL", "CGIDUMP_STRICT", "CGIDUMP_ALLOW", "CGIDUMP_TOKEN",
	"CGIDUMP_EXPIRES", "CGIDUMP_SHA256", "CGIDUMP_MAX_CHILDREN", NULL
};

/* The ones that fence the dump in (DESIGN.md "Who may see it"). */
const char *const fence_settings[] = {
	"CGIDUMP_ALLOW", "CGIDUMP_TOKEN", "CGIDUMP_EXPIRES", NULL
};

static void	config_problem(struct dump *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
config_problem(struct dump *d, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	problem_vadd(&d->problems, CK_CONFIG, CAUSE_LIMIT, LEVEL_WARN,
	    "Fix it where the server's configuration sets it.", fmt, ap);
	va_end(ap);
}

/*
 * Misspelt settings.  A typo must not open a fence (DESIGN.md "Who may
 * see it"), and a near spelling of the prefix is as likely a typo as a
 * near spelling of the rest, so every name meant for cgidump that is
 * none of its settings, spelt exactly, refuses every request
 * (access.c).  A name is meant for cgidump when, without '_', '-' and
 * case, it starts with CGIDUMP or with a spelling one edit from it
 * (CGI_DUMP_, cgidump_, CGIDMP_).  No variable of a server or a shell
 * does; a client's headers all start with HTTP_.
 */
#define SQUEEZED_MAX	64
#define MEANT_BYTES	8	/* CGIDUMP and one byte inserted */

/* A name without '_' and '-': CGI_DUMP-ALLOW is CGIDUMPALLOW. */
struct squeezed {
	char	 p[SQUEEZED_MAX];
	size_t	 len;
	int	 whole;		/* not cut at max */
};

/* name squeezed, up to max bytes (SQUEEZED_MAX at most). */
static void
squeeze(struct bytes name, struct squeezed *s, size_t max)
{
	size_t	 i;

	s->len = 0;
	s->whole = 1;
	for (i = 0; i < name.len; i++) {
		if (name.p[i] == '_' || name.p[i] == '-')
			continue;
		if (s->len == max) {
			s->whole = 0;
			break;
		}
		s->p[s->len++] = name.p[i];
	}
}

/* A byte is C or G, in either case. */
static int
is_c_or_g(char c)
{
	return c == 'C' || c == 'c' || c == 'G' || c == 'g';
}

/*
 * Every name in the environment is judged, twice, so most are ruled
 * out by the first two bytes of the squeezed name alone: one edit
 * changes, drops, adds or swaps at most one of CGIDUMP's first two,
 * so a name one edit from it has a C or a G in them.
 */
static int
may_be_meant(const struct squeezed *s)
{
	return s->len == 2 && (is_c_or_g(s->p[0]) || is_c_or_g(s->p[1]));
}

/*
 * The squeezed name's first 6 to MEANT_BYTES bytes are one edit from
 * CGIDUMP.  They are all it needs: the rest is squeezed only then.
 */
static int
meant_for_cgidump(const struct squeezed *s)
{
	size_t	 k;

	for (k = 6; k <= MEANT_BYTES && k <= s->len; k++)
		if (one_edit(s->p, k, "CGIDUMP", 7))
			return 1;
	return 0;
}

/*
 * Every setting, by name, one at a time: cgidump_settings and the
 * limits' own names, so that a limit added to limit_defaults is known.
 */
static const char *
setting_name(size_t i)
{
	size_t	 n;

	for (n = 0; cgidump_settings[n] != NULL; n++)
		continue;
	if (i < n)
		return cgidump_settings[i];
	return i - n < LIM__MAX ? limit_defaults[i - n].var : NULL;
}

/* The setting name is one edit from, if any. */
static const char *
setting_near(const struct squeezed *s)
{
	struct squeezed	 k;
	const char	*name;
	size_t		 i;

	for (i = 0; s->whole && (name = setting_name(i)) != NULL; i++) {
		squeeze(bytes_of(name), &k, SQUEEZED_MAX);
		if (one_edit(s->p, s->len, k.p, k.len))
			return name;
	}
	return NULL;
}

/*
 * A name meant for cgidump that is none of its settings.  Apache's
 * REDIRECT_ copies are judged by the name under the prefixes.  *meant
 * is the setting it is one edit from, or NULL.
 */
int
setting_misspelt(struct bytes name, const char **meant)
{
	struct squeezed	 s;
	const char	*known;
	size_t		 i;

	name = redirect_base(name);
	squeeze(name, &s, 2);
	if (!may_be_meant(&s))
		return 0;
	squeeze(name, &s, MEANT_BYTES);
	if (!meant_for_cgidump(&s))
		return 0;
	for (i = 0; (known = setting_name(i)) != NULL; i++)
		if (bytes_eq(name, known))
			return 0;
	/* Scripts name the program's path so (tests/servers/lib.bash). */
	if (name.len == 7 && ascii_ieqn(name.p, "CGIDUMP", 7))
		return 0;
	squeeze(name, &s, SQUEEZED_MAX);
	*meant = setting_near(&s);
	return 1;
}

/*
 * A size: digits, then optionally K, M or G, powers of 1024 (DESIGN.md
 * "Limits"), in either case.  0 when it is none or does not fit.
 */
static int
parse_size(const char *p, size_t len, uint64_t *n)
{
	unsigned	 shift = 0;

	if (len > 1)
		switch (p[len - 1]) {
		case 'K': case 'k': shift = 10; break;
		case 'M': case 'm': shift = 20; break;
		case 'G': case 'g': shift = 30; break;
		}
	if (!parse_u64(p, shift != 0 ? len - 1 : len, n))
		return 0;
	if (shift != 0 && *n > (UINT64_MAX >> shift))
		return 0;
	*n <<= shift;
	return 1;
}

static void
limits_read(struct dump *d)
{
	struct bytes	 v;
	uint64_t	 n;
	size_t		 i;
	char		*q;

	for (i = 0; i < LIM__MAX; i++) {
		d->limits[i] = limit_defaults[i];
		v = env_get(d, d->limits[i].var);
		if (v.p == NULL)
			continue;
		if (strcmp(d->limits[i].unit, "bytes") == 0 ?
		    parse_size(v.p, v.len, &n) : parse_u64(v.p, v.len, &n)) {
			d->limits[i].value = n;
			continue;
		}
		q = quote_value(v.p, v.len, QUOTE_MAX);
		config_problem(d, "%s=%s is not a number%s; the default, %llu, "
		    "applies", d->limits[i].var, q,
		    strcmp(d->limits[i].unit, "bytes") == 0 ?
		    " of bytes (digits, then K, M or G for powers of 1024)" :
		    "", (unsigned long long)d->limits[i].value);
		free(q);
	}
}

/*
 * A yes-or-no setting: 1 turns it on, 0 or empty leaves it as the
 * command line set it, anything else is reported and ignored.
 */
static void
flag_read(struct dump *d, const char *var, int *flag)
{
	struct bytes	 v = env_get(d, var);

	if (v.p == NULL || bytes_eq(v, "0") || bytes_eq(v, ""))
		return;
	if (bytes_eq(v, "1"))
		*flag = 1;
	else
		config_problem(d, "%s must be 1 or 0%s", var,
		    *flag ? "" : "; it stays off");
}

/*
 * A misspelt setting is reported; in CGI mode access.c also refuses
 * every request, and locally, where there is no fence, the dump goes on.
 */
static void
unknown_read(struct dump *d)
{
	const char	*meant;
	size_t		 i;
	char		*q;

	for (i = 0; i < d->nenv; i++) {
		if (!setting_misspelt(d->env[i].name, &meant))
			continue;
		q = quote_value(d->env[i].name.p, d->env[i].name.len,
		    QUOTE_MAX);
		if (meant != NULL)
			config_problem(d, "%s is not a setting cgidump knows "
			    "(a typo for %s?); it is ignored", q, meant);
		else
			config_problem(d, "%s is not a setting cgidump knows "
			    "(a typo?); it is ignored", q);
		free(q);
	}
}

/*
 * CGIDUMP_SHA256=portable: the portable SHA-256 code even where the CPU
 * has instructions for it, for tests and diagnosis (sha256.c).  The
 * Process section says which code hashed.
 */
static void
sha256_read(struct dump *d)
{
	struct bytes	 v = env_get(d, "CGIDUMP_SHA256");

	if (v.p != NULL && bytes_eq(v, "portable"))
		sha256_use("portable");
	else if (v.p != NULL && !bytes_eq(v, ""))
		config_problem(d, "CGIDUMP_SHA256 can only be portable; the "
		    "%s code stays in use", sha256_impl());
	d->proc.sha256 = sha256_impl();
}

/* The flags may already be on from the command line (local mode). */
void
settings_read(struct dump *d)
{
	flag_read(d, "CGIDUMP_REVEAL", &d->reveal);
	flag_read(d, "CGIDUMP_STRICT", &d->strict);
	limits_read(d);
	sha256_read(d);
	unknown_read(d);
}
