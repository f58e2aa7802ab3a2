/* cgidump: see LICENSE (ISC). */
/*
 * host.c: the facts about the files the program runs from, collected
 * once, before any body byte is read: the program file the server runs
 * and its directory, whether the working directory is that directory,
 * each directory of PATH and LD_LIBRARY_PATH, and the random marker
 * /stderr writes.  hostcheck.c judges them without a system call; after
 * this nothing needs the file system or a new file descriptor.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "collect.h"

/*
 * Directories past this many, in PATH and LD_LIBRARY_PATH together, are
 * not looked at (no sane environment names as many); hostcheck.c warns
 * about each one it finds no fact for.
 */
#define DIRS_MAX	1024

static void
file_fact(const char *path, struct filefact *ff)
{
	struct stat	 st;

	memset(ff, 0, sizeof(*ff));
	if (stat(path, &st) != 0)
		return;
	ff->found = 1;
	ff->mode = st.st_mode & 07777;
	ff->uid = st.st_uid;
}

/*
 * The program file the server runs: SCRIPT_FILENAME when the server
 * names one that exists, else the running executable.
 */
static void
program_find(struct dump *d, struct host *h)
{
	struct bytes	 sf = env_get(d, "SCRIPT_FILENAME");
	char		*p;
	struct stat	 st;

	if (d->mode == MODE_CGI && sf.p != NULL && sf.len > 0 &&
	    memchr(sf.p, '\0', sf.len) == NULL) {
		p = xasprintf("%.*s", (int)(sf.len > INT_MAX ? INT_MAX :
		    sf.len), sf.p);
		if (stat(p, &st) == 0) {
			h->program = p;
			h->program_from = "SCRIPT_FILENAME";
			return;
		}
		free(p);
	}
	if ((h->program = realpath("/proc/self/exe", NULL)) != NULL)
		h->program_from = "/proc/self/exe";
	else if (d->argc > 0 && d->argv[0] != NULL &&
	    strchr(d->argv[0], '/') != NULL &&
	    (h->program = realpath(d->argv[0], NULL)) != NULL)
		h->program_from = "argv[0]";
}

static char *
dir_of(const char *path)
{
	char	*dir = xstrdup(path), *slash = strrchr(dir, '/');

	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	else {
		free(dir);
		dir = xstrdup(".");
	}
	return dir;
}

/* RFC 3875 §7.2: on Unix the working directory SHOULD be the script's. */
static void
cwd_compare(const struct dump *d, struct host *h, const char *dir)
{
	char	*rdir, *rcwd;

	if (d->cwd == NULL)
		return;
	rdir = realpath(dir, NULL);
	rcwd = rdir != NULL ? realpath(d->cwd, NULL) : NULL;
	if (rdir == NULL || rcwd == NULL) {
		h->cwd = CWD_UNRESOLVED;
		h->cwd_unresolved = rdir == NULL ? "the program's directory" :
		    "the working directory";
		h->cwd_error = xstrdup(strerror(errno));
	} else
		h->cwd = strcmp(rdir, rcwd) == 0 ? CWD_SAME : CWD_OTHER;
	free(rcwd);
	free(rdir);
}

static void
dir_fact(struct host *h, const char *p, size_t len)
{
	struct dirfact	*df;
	size_t		 i;

	for (i = 0; i < h->ndirs; i++)
		if (strlen(h->dirs[i].path) == len &&
		    memcmp(h->dirs[i].path, p, len) == 0)
			return;
	if (h->ndirs >= DIRS_MAX || memchr(p, '\0', len) != NULL)
		return;
	h->dirs = xreallocarray(h->dirs, h->ndirs + 1, sizeof(*h->dirs));
	df = &h->dirs[h->ndirs++];
	memset(df, 0, sizeof(*df));
	df->path = xasprintf("%.*s", (int)len, p);
	df->relative = len == 0 || p[0] != '/';
	if (!df->relative)
		file_fact(df->path, &df->st);
}

/* Each entry of a colon-separated list of directories. */
static void
dirs_collect(struct host *h, struct bytes list)
{
	struct bytes	 entry;

	if (list.len > INT_MAX)
		return;
	while (bytes_next(&list, ':', &entry))
		dir_fact(h, entry.p, entry.len);
}

/* Eight random bytes as hex, or the time and pid if none can be had. */
static void
marker_make(char *out, size_t size)
{
	unsigned char	 r[8];
	struct timespec	 t;
	int		 fd;
	size_t		 i;

	clock_gettime(CLOCK_REALTIME, &t);
	if ((fd = open("/dev/urandom", O_RDONLY)) == -1 ||
	    read(fd, r, sizeof(r)) != (ssize_t)sizeof(r)) {
		for (i = 0; i < sizeof(r); i++)
			r[i] = (unsigned char)((unsigned long)t.tv_nsec >>
			    (i * 3) ^ (unsigned long)getpid() >> i);
	}
	if (fd != -1)
		close(fd);
	snprintf(out, size, "cgidump-stderr-%lld-%ld-"
	    "%02x%02x%02x%02x%02x%02x%02x%02x", (long long)t.tv_sec,
	    (long)getpid(), r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
}

/* marker: the answer is /stderr's, which needs one. */
void
host_collect(struct dump *d, int marker)
{
	struct host	*h = &d->host;
	char		*dir;
	size_t		 i;

	if (d->cwd == NULL)
		h->cwd_error = xstrdup(strerror(d->cwd_errno));
	program_find(d, h);
	if (h->program != NULL) {
		file_fact(h->program, &h->program_st);
		dir = dir_of(h->program);
		file_fact(dir, &h->dir_st);
		if (d->mode == MODE_CGI)
			cwd_compare(d, h, dir);
		free(dir);
	}
	dirs_collect(h, env_get(d, "PATH"));
	for (i = 0; i < d->nenv; i++)
		if (bytes_eq(d->env[i].name, "LD_LIBRARY_PATH"))
			dirs_collect(h, d->env[i].value);
	if (marker)
		marker_make(h->marker, sizeof(h->marker));
}
