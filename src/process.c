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
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collect.h"

#ifndef HOST_NAME_MAX
#define HOST_NAME_MAX 255
#endif

static char *
user_name(uid_t uid)
{
	struct passwd	*pw = getpwuid(uid);

	return pw != NULL && pw->pw_name != NULL ? xstrdup(pw->pw_name) : NULL;
}

static char *
group_name(gid_t gid)
{
	struct group	*gr = getgrgid(gid);

	return gr != NULL && gr->gr_name != NULL ? xstrdup(gr->gr_name) : NULL;
}

static void
groups_collect(struct process *p)
{
	gid_t	*gids;
	int	 n, i;

	if ((n = getgroups(0, NULL)) <= 0)
		return;
	gids = xcalloc((size_t)n, sizeof(*gids));
	if ((n = getgroups(n, gids)) > 0) {
		p->groups = xcalloc((size_t)n, sizeof(*p->groups));
		for (i = 0; i < n; i++) {
			p->groups[i].gid = gids[i];
			p->groups[i].name = group_name(gids[i]);
		}
		p->ngroups = (size_t)n;
	}
	free(gids);
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

	p->uid = getuid();
	p->euid = geteuid();
	p->gid = getgid();
	p->egid = getegid();
	p->user = user_name(p->uid);
	p->euser = user_name(p->euid);
	p->group = group_name(p->gid);
	p->egroup = group_name(p->egid);
	groups_collect(p);
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
	rlimit_collect(&p->rlimits[0], "nofile", "open files", "files",
	    RLIMIT_NOFILE);
	rlimit_collect(&p->rlimits[1], "cpu", "cpu time", "seconds",
	    RLIMIT_CPU);
#ifdef RLIMIT_AS
	rlimit_collect(&p->rlimits[2], "as", "address space", "bytes",
	    RLIMIT_AS);
#else
	rlimit_collect(&p->rlimits[2], "data", "data size", "bytes",
	    RLIMIT_DATA);
#endif
}
