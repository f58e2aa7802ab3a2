/* cgidump: see LICENSE (ISC). */
/*
 * host.c: the facts about the files the program runs from, collected
 * once, before any body byte is read: the program file the server runs
 * and its directory, whether the working directory is that directory,
 * each directory of PATH and LD_LIBRARY_PATH, the file SCRIPT_FILENAME
 * names, and the random marker /stderr writes.  hostcheck.c judges them without a system call; after
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
fact_of(const struct stat *st, struct filefact *ff)
{
	ff->found = 1;
	ff->mode = st->st_mode & 07777;
	ff->uid = st->st_uid;
}

/* st: where the stat(2) is kept, for the caller that compares it. */
static int
file_fact(const char *path, struct filefact *ff, struct stat *st)
{
	memset(ff, 0, sizeof(*ff));
	if (stat(path, st) != 0)
		return 0;
	fact_of(st, ff);
	return 1;
}

/*
 * The kernel's own path of the running executable: a readlink(2) of
 * /proc/self/exe is already canonical, where realpath(3) would walk it
 * one component at a time.  A program file deleted since it started
 * reads as "path (deleted)", which stat(2) then does not find.
 */
static char *
exe_path(void)
{
	size_t	 size = 256;
	ssize_t	 n;
	char	*p = NULL;

	for (;;) {
		p = xreallocarray(p, size, 1);
		if ((n = readlink("/proc/self/exe", p, size)) == -1)
			break;
		if ((size_t)n < size) {
			p[n] = '\0';
			return p;
		}
		if (size > 1024 * 1024)
			break;
		size *= 2;
	}
	free(p);
	return NULL;
}

/*
 * The program file the server runs: SCRIPT_FILENAME when the server
 * names one that exists, else the running executable.  Its facts come
 * with it (st), from the stat(2) that found it; *sf_errno is that
 * stat's of SCRIPT_FILENAME (0 found, -1 not tried), which
 * script_collect would otherwise repeat.
 */
static void
program_find(struct dump *d, struct host *h, struct stat *st, int *sf_errno)
{
	struct bytes	 sf = env_get(d, "SCRIPT_FILENAME");
	char		*p;

	if (d->mode == MODE_CGI && sf.p != NULL && sf.len > 0 &&
	    memchr(sf.p, '\0', sf.len) == NULL) {
		p = xasprintf("%.*s", (int)(sf.len > INT_MAX ? INT_MAX :
		    sf.len), sf.p);
		if (stat(p, st) == 0) {
			*sf_errno = 0;
			h->program = p;
			h->program_from = "SCRIPT_FILENAME";
			fact_of(st, &h->program_st);
			return;
		}
		*sf_errno = errno;
		free(p);
	}
	if ((p = exe_path()) != NULL && stat(p, st) == 0) {
		h->program = p;
		h->program_from = "/proc/self/exe";
		fact_of(st, &h->program_st);
		return;
	}
	free(p);
	if (d->argc > 0 && d->argv[0] != NULL &&
	    strchr(d->argv[0], '/') != NULL &&
	    (h->program = realpath(d->argv[0], NULL)) != NULL) {
		h->program_from = "argv[0]";
		file_fact(h->program, &h->program_st, st);
	}
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

/*
 * RFC 3875 §7.2: on Unix the working directory SHOULD be the script's.
 * The same directory is the same device and inode, whatever the names
 * (links, "..", a bind mount); when getcwd(3)'s answer, which is
 * canonical, is the directory's very name, no stat(2) is needed.
 * dirst: the directory's stat(2); dirok: whether it succeeded.
 */
static void
cwd_compare(const struct dump *d, struct host *h, const char *dir,
    const struct stat *dirst, int dirok, int direrr)
{
	struct stat	 st;

	if (d->cwd == NULL)
		return;
	if (dirok && strcmp(dir, d->cwd) == 0) {
		h->cwd = CWD_SAME;
		return;
	}
	if (!dirok || stat(".", &st) != 0) {
		h->cwd = CWD_UNRESOLVED;
		h->cwd_unresolved = !dirok ? "the program's directory" :
		    "the working directory";
		h->cwd_error = xstrdup(strerror(!dirok ? direrr : errno));
		return;
	}
	h->cwd = st.st_dev == dirst->st_dev && st.st_ino == dirst->st_ino ?
	    CWD_SAME : CWD_OTHER;
}

static void
dir_fact(struct host *h, const char *p, size_t len)
{
	struct dirfact	*df;
	struct stat	 st;
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
		file_fact(df->path, &df->st, &st);
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

/*
 * Leading parts of a missing SCRIPT_FILENAME looked at, at most: each
 * costs a stat(2), and a path of more components than this names no
 * script anyone has.
 */
#define SCRIPT_WALK_MAX	64

/*
 * Apache's mod_proxy_fcgi sends SCRIPT_FILENAME as
 * "proxy:fcgi://host:port/path" (ProxyFCGIBackendType FPM, its
 * default), and PHP-FPM takes the path from it: so is it looked at.
 */
static struct bytes
script_path(struct bytes sf)
{
	const char	*p, *end;

	if (sf.p == NULL || sf.len < 6 || !ascii_ieqn(sf.p, "proxy:", 6))
		return sf;
	end = sf.p + sf.len;
	for (p = sf.p + 6; p + 3 <= end && memcmp(p, "://", 3) != 0; p++)
		continue;
	if (p + 3 > end)
		return sf;
	for (p += 3; p < end && *p != '/'; p++)
		continue;
	sf.len = (size_t)(end - p);
	sf.p = p;
	return sf;
}

/*
 * PHP's cgi.fix_pathinfo=1 (its default), given a SCRIPT_FILENAME that
 * does not exist, cuts it at its last '/' until what is left is a
 * regular file, and runs that: the leading part it would run, or NULL.
 */
static char *
script_runs(const char *path)
{
	struct stat	 st;
	char		*p = xstrdup(path), *slash;
	int		 n;

	for (n = 0; n < SCRIPT_WALK_MAX &&
	    (slash = strrchr(p, '/')) != NULL && slash != p; n++) {
		*slash = '\0';
		if (stat(p, &st) == 0) {
			if (S_ISREG(st.st_mode))
				return p;
			break;
		}
	}
	free(p);
	return NULL;
}

/*
 * The file SCRIPT_FILENAME names, in every mode: a judge (fix-pathinfo)
 * asks whether it is there, and what PHP would run if it is not.
 */
static void
script_collect(struct dump *d, struct script_file *sf, int sf_errno)
{
	struct bytes	 raw = env_get(d, "SCRIPT_FILENAME");
	struct bytes	 v = script_path(raw);
	struct stat	 st;

	memset(sf, 0, sizeof(*sf));
	if (v.p == NULL || v.len == 0 || v.p[0] != '/' || v.len > PATH_MAX ||
	    memchr(v.p, '\0', v.len) != NULL)
		return;
	sf->path = xasprintf("%.*s", (int)v.len, v.p);
	/* program_find looked at this very path already */
	if (v.p != raw.p || sf_errno == -1)
		sf_errno = stat(sf->path, &st) == 0 ? 0 : errno;
	if (sf_errno == 0) {
		sf->fact = SCRIPT_FOUND;
		return;
	}
	sf->fact = SCRIPT_MISSING;
	sf->error = xstrdup(strerror(sf_errno));
	sf->runs = script_runs(sf->path);
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
	struct stat	 st;
	char		*dir;
	size_t		 i;
	int		 dirok, direrr, sf_errno = -1;

	if (d->cwd == NULL)
		h->cwd_error = xstrdup(strerror(d->cwd_errno));
	program_find(d, h, &st, &sf_errno);
	if (h->program != NULL) {
		dir = dir_of(h->program);
		dirok = file_fact(dir, &h->dir_st, &st);
		direrr = errno;
		if (d->mode == MODE_CGI)
			cwd_compare(d, h, dir, &st, dirok, direrr);
		free(dir);
	}
	dirs_collect(h, env_get(d, "PATH"));
	for (i = 0; i < d->nenv; i++)
		if (bytes_eq(d->env[i].name, "LD_LIBRARY_PATH"))
			dirs_collect(h, d->env[i].value);
	script_collect(d, &h->script, sf_errno);
	if (marker)
		marker_make(h->marker, sizeof(h->marker));
}
