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

#include <stdlib.h>
#include <string.h>

#include "collect.h"

static const struct limit limit_defaults[LIM__MAX] = {
	[LIM_BODY] = { "CGIDUMP_MAX_BODY", "max_body", 2147483648u, "bytes" },
	[LIM_FIELDS] = { "CGIDUMP_MAX_FIELDS", "max_fields", 20000, "fields" },
	[LIM_FORM] = { "CGIDUMP_MAX_FORM", "max_form", 8388608, "bytes" },
	[LIM_HEADER] = { "CGIDUMP_MAX_HEADER", "max_header", 16384, "bytes" },
	[LIM_DEPTH] = { "CGIDUMP_MAX_DEPTH", "max_depth", 4, "levels" },
	[LIM_TIMEOUT] = { "CGIDUMP_TIMEOUT", "timeout", 10, "seconds" },
	[LIM_DEADLINE] = { "CGIDUMP_DEADLINE", "deadline", 60, "seconds" },
};

/* Every setting cgidump reads from the administrator's environment. */
static const char *const cgidump_settings[] = {
	"CGIDUMP_MAX_BODY", "CGIDUMP_MAX_FIELDS", "CGIDUMP_MAX_FORM",
	"CGIDUMP_MAX_HEADER", "CGIDUMP_MAX_DEPTH", "CGIDUMP_TIMEOUT",
	"CGIDUMP_DEADLINE",
	"CGIDUMP_REVEAL", "CGIDUMP_STRICT", "CGIDUMP_ALLOW", "CGIDUMP_TOKEN",
	"CGIDUMP_EXPIRES", NULL
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

/* A CGIDUMP_* name that is none of cgidump_settings: most likely a typo. */
static int
setting_unknown(struct bytes name)
{
	return bytes_prefix(name, "CGIDUMP_") &&
	    !bytes_in(name, cgidump_settings);
}

/* An unknown setting whose name reads like a fence: CGIDUMP_ALLOWED. */
int
setting_like_fence(struct bytes name)
{
	static const char *const words[] = {
		"ALLOW", "DENY", "TOKEN", "EXPIR", NULL
	};
	return setting_unknown(name) && bytes_icontains_any(name, words);
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
		if (parse_u64(v.p, v.len, &n)) {
			d->limits[i].value = n;
			continue;
		}
		q = quote_value(v.p, v.len, QUOTE_MAX);
		config_problem(d, "%s=%s is not a number; the default, %llu, "
		    "applies", d->limits[i].var, q,
		    (unsigned long long)d->limits[i].value);
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

static void
unknown_read(struct dump *d)
{
	size_t	 i;
	char	*q;

	for (i = 0; i < d->nenv; i++) {
		if (!setting_unknown(d->env[i].name))
			continue;
		q = quote_value(d->env[i].name.p, d->env[i].name.len,
		    QUOTE_MAX);
		config_problem(d, "%s is not a setting cgidump knows (a "
		    "typo?); it is ignored", q);
		free(q);
	}
}

/* The flags may already be on from the command line (local mode). */
void
settings_read(struct dump *d)
{
	flag_read(d, "CGIDUMP_REVEAL", &d->reveal);
	flag_read(d, "CGIDUMP_STRICT", &d->strict);
	limits_read(d);
	unknown_read(d);
}
