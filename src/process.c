/* cgidump: see LICENSE (ISC). */
/*
 * process.c: who and where the program runs as.  Python's page did not
 * show this; it is the first thing an administrator needs when a CGI
 * cannot read a file ("the HTTP server executes your script as user
 * nobody", says its documentation, but which one is it here?).
 */
#include "config.h"

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#if !STATIC_BUILD
#include <grp.h>
#include <pwd.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collect.h"

#ifndef HOST_NAME_MAX
#define HOST_NAME_MAX 255
#endif

#if HAVE_GETRESUID
/* unistd.h shows them only to _GNU_SOURCE or the BSDs; the probe
 * declared them too. */
int	getresuid(uid_t *, uid_t *, uid_t *);
int	getresgid(gid_t *, gid_t *, gid_t *);
#endif

/*
 * The names of the ids the process holds.  Each distinct id is looked
 * up once: uid and euid, gid, egid and the supplementary groups mostly
 * repeat, and every NSS lookup reopens its files (or asks nscd).
 */
struct idname {
	unsigned long	 id;
	char		*name;		/* NULL: none found */
};

struct idset {
	struct idname	*v;
	size_t		 n;
};

static int
idname_cmp(const void *a, const void *b)
{
	const struct idname	*x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Sorted, each id once: ids is the list with repeats, n long. */
static void
idset_make(struct idset *s, const unsigned long *ids, size_t n)
{
	size_t	 i, j;

	s->v = xcalloc(n > 0 ? n : 1, sizeof(*s->v));
	for (i = 0; i < n; i++)
		s->v[i].id = ids[i];
	qsort(s->v, n, sizeof(*s->v), idname_cmp);
	for (i = j = 0; i < n; i++)
		if (j == 0 || s->v[j - 1].id != s->v[i].id)
			s->v[j++] = s->v[i];
	s->n = j;
}

static struct idname *
idset_find(const struct idset *s, unsigned long id)
{
	struct idname	 key;

	key.id = id;
	key.name = NULL;
	return s->n == 0 ? NULL :
	    bsearch(&key, s->v, s->n, sizeof(*s->v), idname_cmp);
}

/* A copy of the name of id, for the model; NULL when it has none. */
static char *
idset_name(const struct idset *s, unsigned long id)
{
	const struct idname	*in = idset_find(s, id);

	return in != NULL && in->name != NULL ? xstrdup(in->name) : NULL;
}

static void
idset_free(struct idset *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].name);
	free(s->v);
}

/*
 * /etc/passwd and /etc/group, read as NSS's "files" module reads them
 * (see ids_name below for when).  Both files are lines of
 * name:password:id:... (passwd(5), group(5)), and the first line with
 * an id that glibc would accept names it.  They are read in pieces of
 * IDFILE_LINE: a longer line (a group with many members) is judged by
 * its start, which holds the name and the id; IDFILE_MAX bounds the
 * whole read (/etc/passwd may be a link to /dev/zero), O_NONBLOCK the
 * wait on a FIFO.
 */
#define IDFILE_LINE	4096
#define IDFILE_MAX	(16u << 20)

/*
 * A number field as glibc's files-parse.c reads it (INT_FIELD): strtoul,
 * so blanks and a sign may come first, clamped to 32 bits, ending at a
 * ':' (2, *next past it) or the line's end (1).  0: no number there.
 */
static int
idfile_u32(const char *f, unsigned long *v, const char **next)
{
	char		*endp;
	unsigned long	 u;
	int		 saved = errno;

	u = strtoul(f, &endp, 10);
	errno = saved;
	if (endp == f || (*endp != ':' && *endp != '\0'))
		return 0;
	*v = u > 0xffffffffUL ? 0xffffffffUL : u;
	*next = *endp == ':' ? endp + 1 : endp;
	return *endp == ':' ? 2 : 1;
}

/*
 * One line, or (whole 0) the start of a longer one, read as glibc's
 * files module reads it (nss_files/files-parse.c, pwd/fgetpwent_r.c,
 * grp/fgetgrent_r.c): a C string, leading blanks skipped, '#' a
 * comment, a name starting '+' or '-' never an answer, and a passwd
 * line (passwd 1) counts only with a number for its gid too.  A start
 * counts only when its last number ends at a ':' within it.  1 when it
 * named an id.
 */
static size_t
idfile_line(struct idset *s, const char *p, size_t len, int whole,
    int passwd)
{
	char		 line[IDFILE_LINE + 1], *name, *c;
	const char	*next;
	struct idname	*in;
	unsigned long	 id, gid;
	int		 r;

	if (len > IDFILE_LINE)
		len = IDFILE_LINE;
	memcpy(line, p, len);
	line[len] = '\0';
	if (memchr(p, '\0', len) != NULL)
		whole = 1;
	for (name = line; byte_in(*name, ASCII_SPACE);)
		name++;
	if (*name == '\0' || *name == '#' || *name == '+' || *name == '-' ||
	    (c = strchr(name, ':')) == NULL)
		return 0;
	*c = '\0';
	if ((c = strchr(c + 1, ':')) == NULL ||
	    (r = idfile_u32(c + 1, &id, &next)) == 0 ||
	    (passwd && (r = idfile_u32(next, &gid, &next)) == 0) ||
	    (!whole && r != 2) ||
	    (in = idset_find(s, id)) == NULL || in->name != NULL)
		return 0;
	in->name = xstrdup(name);
	return 1;
}

/*
 * Name the ids of s from path; stops once each has a name.  A file
 * that cannot be read names none, as getpwuid(3) would then.
 */
static void
idfile_read(struct idset *s, const char *path, int passwd)
{
	char		 buf[IDFILE_LINE];
	size_t		 have = 0, left = s->n, used, total = 0;
	ssize_t		 got = -1;
	char		*nl;
	int		 fd, skipping = 0;

	if (s->n == 0 ||
	    (fd = open(path, O_RDONLY | O_NONBLOCK)) == -1)
		return;
	while (left > 0 && total < IDFILE_MAX) {
		got = read(fd, buf + have, sizeof(buf) - have);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		total += (size_t)got;
		have += (size_t)got;
		used = 0;
		while (left > 0 &&
		    (nl = memchr(buf + used, '\n', have - used)) != NULL) {
			if (!skipping)
				left -= idfile_line(s, buf + used,
				    (size_t)(nl - buf) - used, 1, passwd);
			skipping = 0;
			used = (size_t)(nl - buf) + 1;
		}
		/* A line longer than buf: its start now, the rest skipped. */
		if (used == 0 && have == sizeof(buf)) {
			if (!skipping)
				left -= idfile_line(s, buf, have, 0, passwd);
			skipping = 1;
			used = have;
		}
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	/* The last line may have no newline. */
	if (left > 0 && have > 0 && !skipping && got == 0)
		idfile_line(s, buf, have, 1, passwd);
	close(fd);
}

/* The name of one id in a file of that form (tests/unit.c tries it). */
char *
idfile_name(const char *path, unsigned long id, int passwd)
{
	struct idset	 s;
	char		*name;

	idset_make(&s, &id, 1);
	idfile_read(&s, path, passwd);
	name = idset_name(&s, id);
	idset_free(&s);
	return name;
}

/*
 * Where the names come from (process.names_from): a static build reads
 * the files alone, as static glibc could ask NSS only by loading its
 * shared modules at run time, which a chroot lacks.  A dynamic one asks
 * NSS, which has the truth (LDAP, sssd and other users besides the
 * files); where glibc's nsswitch.conf puts the files first it reads
 * them itself, as NSS would first (nsswitch.c), and asks NSS only of
 * the ids they do not name.
 */
#define FROM_FILES	1u
#define FROM_NSS	2u

/* NSS's name of one id; NULL when it has none (or there is no NSS). */
typedef const char *nss_name_fn(unsigned long);

#if STATIC_BUILD
#define NSS_USER	NULL
#define NSS_GROUP	NULL
#else
static const char *
nss_user(unsigned long id)
{
	struct passwd	*pw = getpwuid((uid_t)id);

	return pw != NULL ? pw->pw_name : NULL;
}

static const char *
nss_group(unsigned long id)
{
	struct group	*gr = getgrgid((gid_t)id);

	return gr != NULL ? gr->gr_name : NULL;
}
#define NSS_USER	nss_user
#define NSS_GROUP	nss_group
#endif

/*
 * Name the ids of s: from path first when files (passwd: whether it is
 * /etc/passwd), then from NSS those still without; which of the two
 * were asked, FROM_*.
 */
static unsigned
ids_name(struct idset *s, int files, const char *path, int passwd,
    nss_name_fn *nss)
{
	const char	*name;
	unsigned	 from = 0;
	size_t		 i;

	if (files) {
		idfile_read(s, path, passwd);
		from |= FROM_FILES;
	}
	for (i = 0; nss != NULL && i < s->n; i++)
		if (s->v[i].name == NULL) {
			from |= FROM_NSS;
			if ((name = nss(s->v[i].id)) != NULL)
				s->v[i].name = xstrdup(name);
		}
	return from;
}

/* Which databases the files name first: NSSWITCH_PASSWD, _GROUP. */
static unsigned
files_first(void)
{
#if STATIC_BUILD
	return NSSWITCH_PASSWD | NSSWITCH_GROUP;
#elif defined(__GLIBC__)
	return nsswitch_read("/etc/nsswitch.conf");
#else
	return 0;
#endif
}

/*
 * The real, effective (and, where the system tells, saved) ids: Linux
 * and the BSDs give all three in one call.
 */
static void
ids_collect(struct process *p)
{
#if HAVE_GETRESUID
	uid_t	 suid;
	gid_t	 sgid;

	if (getresuid(&p->uid, &p->euid, &suid) == 0 &&
	    getresgid(&p->gid, &p->egid, &sgid) == 0)
		return;
#endif
	p->uid = getuid();
	p->euid = geteuid();
	p->gid = getgid();
	p->egid = getegid();
}

/* The users and groups, each looked up once, and the group list. */
static void
names_collect(struct process *p)
{
	unsigned long	 uids[2], *gids;
	gid_t		*list = NULL;
	struct idset	 us, gs;
	unsigned	 files = files_first(), from;
	int		 n, i;

	uids[0] = (unsigned long)p->uid;
	uids[1] = (unsigned long)p->euid;
	idset_make(&us, uids, 2);
	from = ids_name(&us, (files & NSSWITCH_PASSWD) != 0, "/etc/passwd", 1,
	    NSS_USER);
	p->user = idset_name(&us, uids[0]);
	p->euser = idset_name(&us, uids[1]);
	idset_free(&us);

	if ((n = getgroups(0, NULL)) > 0) {
		list = xcalloc((size_t)n, sizeof(*list));
		if ((n = getgroups(n, list)) < 0)
			n = 0;
	} else
		n = 0;
	gids = xcalloc((size_t)n + 2, sizeof(*gids));
	gids[0] = (unsigned long)p->gid;
	gids[1] = (unsigned long)p->egid;
	for (i = 0; i < n; i++)
		gids[i + 2] = (unsigned long)list[i];
	idset_make(&gs, gids, (size_t)n + 2);
	from |= ids_name(&gs, (files & NSSWITCH_GROUP) != 0, "/etc/group", 0,
	    NSS_GROUP);
	p->group = idset_name(&gs, gids[0]);
	p->egroup = idset_name(&gs, gids[1]);
	if (n > 0) {
		p->groups = xcalloc((size_t)n, sizeof(*p->groups));
		for (i = 0; i < n; i++) {
			p->groups[i].gid = list[i];
			p->groups[i].name = idset_name(&gs, gids[i + 2]);
		}
		p->ngroups = (size_t)n;
	}
	idset_free(&gs);
	free(gids);
	free(list);
	p->names_from = from == FROM_FILES ? "files" : from == FROM_NSS ?
	    "nss" : "files, nss";
}

static void
rlimit_collect(struct rlim *r, const char *name, const char *label,
    const char *unit, int resource)
{
	struct rlimit	 rl;

	r->name = name;
	r->label = label;
	r->unit = unit;
	if (getrlimit(resource, &rl) == -1)
		return;
	r->ok = 1;
	r->soft_inf = rl.rlim_cur == RLIM_INFINITY;
	r->hard_inf = rl.rlim_max == RLIM_INFINITY;
	r->soft = (uint64_t)rl.rlim_cur;
	r->hard = (uint64_t)rl.rlim_max;
}

/* The working directory, however long; NULL and errno when unknown. */
static void
cwd_collect(struct dump *d)
{
	size_t	 size = 256;
	char	*p = NULL;

	for (;;) {
		p = xreallocarray(p, size, 1);
		if (getcwd(p, size) != NULL) {
			d->cwd = p;
			return;
		}
		if (errno != ERANGE || size > 1024 * 1024)
			break;
		size *= 2;
	}
	d->cwd_errno = errno;
	free(p);
}

void
process_collect(struct dump *d)
{
	struct process	*p = &d->proc;
	char		 host[HOST_NAME_MAX + 1];
	time_t		 now = time(NULL);
	struct tm	 tm;

	ids_collect(p);
	names_collect(p);
	/* umask(2) can only be read by setting it: put it back at once. */
	p->umask = umask(022);
	umask(p->umask);
	p->pid = getpid();
	p->ppid = getppid();
	memset(host, 0, sizeof(host));
	if (gethostname(host, sizeof(host) - 1) == 0)
		p->hostname = xstrdup(host);
	if (gmtime_r(&now, &tm) != NULL)
		strftime(p->time_utc, sizeof(p->time_utc),
		    "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (localtime_r(&now, &tm) != NULL)
		strftime(p->time_local, sizeof(p->time_local),
		    "%Y-%m-%d %H:%M:%S %z", &tm);
	cwd_collect(d);
	rlimit_collect(&p->rlimits[RL_NOFILE], "nofile", "open files", "files",
	    RLIMIT_NOFILE);
	rlimit_collect(&p->rlimits[RL_CPU], "cpu", "cpu time", "seconds",
	    RLIMIT_CPU);
#ifdef RLIMIT_AS
	rlimit_collect(&p->rlimits[RL_AS], "as", "address space", "bytes",
	    RLIMIT_AS);
#else
	rlimit_collect(&p->rlimits[RL_AS], "data", "data size", "bytes",
	    RLIMIT_DATA);
#endif
}
