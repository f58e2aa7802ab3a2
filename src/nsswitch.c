/* cgidump: see LICENSE (ISC). */
/*
 * nsswitch.c: whether glibc's NSS looks a database up in the files
 * first, read from /etc/nsswitch.conf as glibc 2.33 and later read it
 * (nss/nss_database.c, nss/nss_action_parse.c).
 *
 * Where passwd: and group: begin with "files" and a success there ends
 * the lookup, what /etc/passwd and /etc/group say is what NSS would
 * answer, and process.c reads them itself: one open of each instead of
 * NSS's four round trips to nscd, its second reading of this file and
 * its own reopening of the files for each id.  NSS is still asked of
 * the ids the files do not name.  nscd, which glibc asks before any
 * service, is not: its cache holds what the files said up to its
 * time-to-live ago, the files what they say now.  Anything else
 * (another service first, `files [SUCCESS=continue]`, no line, no
 * file, a line glibc would refuse) leaves every lookup to NSS.
 *
 * glibc's reading, which this follows:
 * - Lines end at a newline; a last line with none is never read.
 * - A line is blanks, a database name ending at a blank or ':', then
 *   blanks and colons, then the services.  A line with nothing after
 *   the name, not even its newline (a NUL came first), is skipped; so
 *   is one naming no database glibc knows (sudoers:, automount:, a
 *   "# comment"): there is no comment syntax, a '#' is just another
 *   character.
 * - Services are `name [STATUS=ACTION ...]` with an optional '!'
 *   before STATUS (every status but that one), each word in any case.
 *   A criterion glibc cannot parse, in the line of any database it
 *   knows, makes the whole file unusable: every NSS lookup then fails.
 * - The last line of a database is the one that counts.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "collect.h"

#define NSSWITCH_MAX	(64 * 1024)	/* longer: left to NSS */

/* The databases glibc knows (nss/databases.def). */
static const char *const	 databases[] = {
	"aliases", "ethers", "group", "group_compat", "gshadow", "hosts",
	"initgroups", "netgroup", "networks", "passwd", "passwd_compat",
	"protocols", "publickey", "rpc", "services", "shadow",
	"shadow_compat", NULL
};

enum nss_action	{ ACT_RETURN, ACT_CONTINUE, ACT_MERGE };

/* isspace(3) in the C locale, as glibc's parser sees the file. */
static int
blank(char c)
{
	return byte_in(c, ASCII_SPACE);
}

/* p[0..len) is word, in any ASCII case (glibc's criteria). */
static int
word_is(const char *p, size_t len, const char *word)
{
	return len == strlen(word) && ascii_ieqn(p, word, len);
}

/*
 * One `[...]` of criteria at *pp (past its '['), to its ']': what a
 * success does afterwards in *success.  0 when glibc would refuse it.
 */
static int
criteria_parse(const char **pp, const char *end, enum nss_action *success)
{
	const char	*p = *pp, *w;
	enum nss_action	 act;
	int		 not, is_success;

	while (p < end && blank(*p))
		p++;
	do {
		not = p < end && *p == '!';
		if (not)
			p++;
		for (w = p; p < end && !blank(*p) && *p != '=' && *p != ']';)
			p++;
		if (word_is(w, (size_t)(p - w), "SUCCESS"))
			is_success = 1;
		else if (word_is(w, (size_t)(p - w), "UNAVAIL") ||
		    word_is(w, (size_t)(p - w), "NOTFOUND") ||
		    word_is(w, (size_t)(p - w), "TRYAGAIN"))
			is_success = 0;
		else
			return 0;
		while (p < end && blank(*p))
			p++;
		if (p == end || *p != '=')
			return 0;
		p++;
		while (p < end && blank(*p))
			p++;
		for (w = p; p < end && !blank(*p) && *p != '=' && *p != ']';)
			p++;
		if (word_is(w, (size_t)(p - w), "RETURN"))
			act = ACT_RETURN;
		else if (word_is(w, (size_t)(p - w), "CONTINUE"))
			act = ACT_CONTINUE;
		else if (word_is(w, (size_t)(p - w), "MERGE"))
			act = ACT_MERGE;
		else
			return 0;
		/* "!S=A": every status but S does A; S keeps its own. */
		if (is_success != not)
			*success = act;
		while (p < end && blank(*p))
			p++;
	} while (p < end && *p != ']');
	if (p == end)
		return 0;
	*pp = p + 1;
	return 1;
}

/*
 * The services of one line, p to end: 1 when the first is "files" and
 * its success ends the lookup, 0 when not, -1 when glibc would refuse
 * the line.
 */
static int
services_parse(const char *p, const char *end)
{
	const char	*name;
	size_t		 namelen;
	enum nss_action	 success;
	int		 first = 1, files_first = 0;

	for (;;) {
		while (p < end && blank(*p))
			p++;
		for (name = p; p < end && !blank(*p) && *p != '[';)
			p++;
		if ((namelen = (size_t)(p - name)) == 0)
			return files_first;
		success = ACT_RETURN;
		while (p < end && blank(*p))
			p++;
		if (p < end && *p == '[') {
			p++;
			if (!criteria_parse(&p, end, &success))
				return -1;
		}
		if (first)
			files_first = bytes_eq((struct bytes){ name, namelen },
			    "files") && success == ACT_RETURN;
		first = 0;
	}
}

/*
 * Which of passwd and group (NSSWITCH_PASSWD, NSSWITCH_GROUP) begin in
 * the files, by the text of an nsswitch.conf of len bytes.
 */
unsigned
nsswitch_files_first(const char *text, size_t len)
{
	const char	*p = text, *end = text + len, *eol, *name, *q;
	struct bytes	 db;
	unsigned	 files = 0, bit;
	int		 r;

	while ((eol = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		/* glibc reads each line as a C string. */
		if ((q = memchr(p, '\0', (size_t)(eol - p))) == NULL)
			q = eol;
		while (p < q && blank(*p))
			p++;
		for (name = p; p < q && !blank(*p) && *p != ':';)
			p++;
		/*
		 * glibc's line keeps its newline: a name alone before it
		 * ("passwd\n") is a line of no services, on which every
		 * lookup of that database fails.  Only a NUL ends it first.
		 */
		db.p = name;
		db.len = (size_t)(p - name);
		if ((p < q || q == eol) && db.len > 0 &&
		    bytes_in(db, databases)) {
			while (p < q && (blank(*p) || *p == ':'))
				p++;
			if ((r = services_parse(p, q)) == -1)
				return 0;
			bit = bytes_eq(db, "passwd") ? NSSWITCH_PASSWD :
			    bytes_eq(db, "group") ? NSSWITCH_GROUP : 0;
			files = r ? files | bit : files & ~bit;
		}
		p = eol + 1;
	}
	return files;
}

/*
 * The same, of a file: none when it cannot be read whole (NSS then
 * falls back on defaults that depend on how glibc was built).
 */
unsigned
nsswitch_read(const char *path)
{
	static char	 buf[NSSWITCH_MAX];
	size_t		 len = 0;
	ssize_t		 got;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return 0;
	do {
		got = read(fd, buf + len, sizeof(buf) - len);
		if (got > 0)
			len += (size_t)got;
	} while ((got > 0 || (got == -1 && errno == EINTR)) &&
	    len < sizeof(buf));
	close(fd);
	if (got != 0)
		return 0;
	return nsswitch_files_first(buf, len);
}
