/*
 * hostcheck.c: verdicts about the process and the files it runs from:
 * who it runs as, what steers the libraries it loads, who can change
 * the program and the commands it would run, and where it runs.  These
 * are judged in every mode: a local run judges the user and the shell
 * it was started from.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dump.h"

static const char *
local_note(const struct dump *d)
{
	return d->mode == MODE_LOCAL ? " (a local run: the user you ran it "
	    "as)" : "";
}

/* Who besides the owner may write: fail, warn or ok. */
static enum level
writable_level(const struct stat *st)
{
	if (st->st_mode & S_IWOTH)
		return LEVEL_FAIL;
	if (st->st_mode & S_IWGRP)
		return LEVEL_WARN;
	return LEVEL_OK;
}

/*
 * A colon-separated list of directories: the worst of its entries, and
 * in bad those that others control (relative: the current directory;
 * or writable by others).
 */
static enum level
dirs_judge(struct bytes list, struct buf *bad)
{
	enum level	 worst = LEVEL_OK, l;
	const char	*p, *end, *c;
	char		*entry, *q;
	struct stat	 st;

	for (p = list.p, end = p + list.len; p <= end; p = c + 1) {
		if ((c = memchr(p, ':', (size_t)(end - p))) == NULL)
			c = end;
		entry = xasprintf("%.*s", (int)(c - p), p);
		q = quote_value(p, (size_t)(c - p), QUOTE_MAX);
		l = LEVEL_OK;
		if (entry[0] != '/') {
			l = LEVEL_WARN;
			buf_list(bad, q, "relative: the current directory");
		} else if (stat(entry, &st) == 0 &&
		    (l = writable_level(&st)) != LEVEL_OK)
			buf_list(bad, q, l == LEVEL_FAIL ?
			    "writable by every user" : "writable by its group");
		if (l > worst)
			worst = l;
		free(q);
		free(entry);
		if (c == end)
			break;
	}
	return worst;
}

/* Running as root, or with privileges it was not started with. */
void
hostcheck_privileges(struct dump *d)
{
	const struct process	*p = &d->proc;
	size_t			 i;
	int			 rootgroup = 0;

	for (i = 0; i < p->ngroups; i++)
		if (p->groups[i].gid == 0)
			rootgroup = 1;
	if (p->uid == 0 || p->euid == 0)
		check_add(d, "privileges", LEVEL_FAIL, "runs as root%s: any "
		    "flaw in any CGI program is then a flaw of the whole "
		    "machine. A server started as root without a user setting "
		    "runs CGI programs as root: set server.username in "
		    "lighttpd, -u in busybox httpd and mini_httpd, User in "
		    "Apache, and run fcgiwrap as www-data (Debian's "
		    "fcgiwrap.service does).", local_note(d));
	else if (p->uid != p->euid || p->gid != p->egid)
		check_add(d, "privileges", LEVEL_FAIL, "runs set-user-ID or "
		    "set-group-ID (uid %ld euid %ld, gid %ld egid %ld): the "
		    "program file has the set-uid or set-gid bit. Remove it "
		    "(chmod u-s,g-s); use suexec if programs must run as "
		    "their owners.", (long)p->uid, (long)p->euid,
		    (long)p->gid, (long)p->egid);
	else if (p->egid == 0 || rootgroup)
		check_add(d, "privileges", LEVEL_WARN, "runs with the root "
		    "group (gid 0)%s: files writable by group root are "
		    "writable by every CGI program. Run CGI programs with "
		    "their own group.", local_note(d));
	else
		check_add(d, "privileges", LEVEL_OK, "runs as uid %ld (%s), "
		    "gid %ld: not root, not set-user-ID or set-group-ID%s",
		    (long)p->euid, p->euser != NULL ? p->euser : "no name",
		    (long)p->egid, local_note(d));
}

/*
 * Variables that make the dynamic linker or an interpreter load code
 * of the caller's choosing, and bash's exported functions (the target
 * of Shellshock, CVE-2014-6271).
 */
static int
steers_libraries(const struct envvar *e)
{
	static const char *const names[] = {
		"LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "GCONV_PATH",
		"BASH_ENV", "ENV", "PERL5OPT", "PERL5LIB", "PERLLIB",
		"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "RUBYOPT",
		"RUBYLIB", "NODE_OPTIONS", "NODE_PATH", "JAVA_TOOL_OPTIONS",
		"_JAVA_OPTIONS", "PHPRC", "PHP_INI_SCAN_DIR", NULL
	};
	return (e->name.len > 9 && memcmp(e->name.p, "BASH_FUNC_", 10) == 0) ||
	    bytes_in(e->name, names);
}

static int
is_function(const struct envvar *e)
{
	return e->value.p != NULL && e->value.len >= 4 &&
	    memcmp(e->value.p, "() {", 4) == 0;
}

/*
 * mini_httpd sets LD_LIBRARY_PATH=/usr/local/lib:/usr/lib for every
 * program: absolute directories no one else can write steer nothing.
 */
static int
harmless_library_path(const struct envvar *e)
{
	static const char *const names[] = { "LD_LIBRARY_PATH", NULL };
	struct buf	 bad = { 0 };
	enum level	 l;

	if (!bytes_in(e->name, names) || e->value.p == NULL ||
	    e->value.len == 0 || is_function(e))
		return 0;
	l = dirs_judge(e->value, &bad);
	buf_free(&bad);
	return l == LEVEL_OK;
}

void
hostcheck_library_variables(struct dump *d)
{
	struct buf	 set = { 0 };
	size_t		 i;
	char		*q;

	for (i = 0; i < d->nenv; i++) {
		const struct envvar	*e = &d->env[i];

		if (!steers_libraries(e) && !is_function(e))
			continue;
		if (harmless_library_path(e))
			continue;
		if (set.len > 0)
			buf_add(&set, ", ", 2);
		q = quote_value(e->name.p, e->name.len, QUOTE_MAX);
		buf_add(&set, q, strlen(q));
		free(q);
		if (is_function(e))
			buf_add(&set, " (a value starting \"() {\")", 26);
	}
	if (set.len > 0)
		check_add(d, "library-variables", LEVEL_WARN, "variables that "
		    "make the dynamic linker or an interpreter load other code "
		    "are set: %s. Every program started from here obeys them; "
		    "a value starting \"() {\" is an exported bash function, "
		    "which an unpatched bash runs (Shellshock, "
		    "CVE-2014-6271). Unless you set them on purpose, find "
		    "where they come from (the server's environment, a "
		    "SetEnv, a header).", buf_str(&set));
	else
		check_add(d, "library-variables", LEVEL_OK, "no LD_PRELOAD, "
		    "LD_LIBRARY_PATH, PERL5OPT, PYTHONPATH, NODE_OPTIONS, "
		    "BASH_FUNC_* or other variable that steers what code is "
		    "loaded, and no value starting \"() {\"");
	buf_free(&set);
}

/*
 * The program file the server runs: SCRIPT_FILENAME when the server
 * names it, else the running executable; NULL when it cannot be found.
 * The caller frees it.
 */
char *
hostcheck_program(const struct dump *d)
{
	struct bytes	 sf = env_get(d, "SCRIPT_FILENAME");
	char		*p;
	struct stat	 st;

	if (d->mode == MODE_CGI && sf.p != NULL && sf.len > 0 &&
	    memchr(sf.p, '\0', sf.len) == NULL) {
		p = xasprintf("%.*s", (int)(sf.len > INT_MAX ? INT_MAX :
		    sf.len), sf.p);
		if (stat(p, &st) == 0)
			return p;
		free(p);
	}
	if ((p = realpath("/proc/self/exe", NULL)) != NULL)
		return p;
	if (d->argc > 0 && d->argv[0] != NULL && strchr(d->argv[0], '/'))
		return realpath(d->argv[0], NULL);
	return NULL;
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

void
hostcheck_script(struct dump *d, const char *path)
{
	char		*dir, *q;
	struct stat	 st, dst;
	enum level	 fl, dl, ol = LEVEL_OK;

	if (path == NULL || stat(path, &st) != 0) {
		check_add(d, "script-permissions", LEVEL_OK, "not judged: "
		    "the program file could not be found (no SCRIPT_FILENAME, "
		    "no /proc/self/exe)");
		return;
	}
	dir = dir_of(path);
	q = quote_value(path, strlen(path), 256);
	memset(&dst, 0, sizeof(dst));
	fl = writable_level(&st);
	dl = stat(dir, &dst) == 0 ? writable_level(&dst) : LEVEL_OK;
	if (st.st_uid != 0 && st.st_uid != d->proc.euid)
		ol = LEVEL_WARN;
	if (fl != LEVEL_OK || dl != LEVEL_OK)
		check_add(d, "script-permissions", fl > dl ? fl : dl, "the "
		    "program %s %s (mode %03o, directory mode %03o): whoever "
		    "can write it can replace it with a program of their own, "
		    "which the server then runs for every visitor. chmod "
		    "go-w the file and its directory.", q,
		    (fl == LEVEL_FAIL || dl == LEVEL_FAIL) ?
		    "or its directory is writable by every user" :
		    "or its directory is writable by its group",
		    (unsigned)(st.st_mode & 07777),
		    (unsigned)(dst.st_mode & 07777));
	else if (ol != LEVEL_OK)
		check_add(d, "script-permissions", LEVEL_WARN, "the program "
		    "%s belongs to uid %ld, neither root nor the user it runs "
		    "as (uid %ld): that user can change it. Install it as "
		    "root (install -m 0755).", q, (long)st.st_uid,
		    (long)d->proc.euid);
	else
		check_add(d, "script-permissions", LEVEL_OK, "the program %s "
		    "and its directory are writable by no one but %s", q,
		    st.st_uid == 0 ? "root" : "the user it runs as");
	free(q);
	free(dir);
}

/*
 * PATH decides which program a bare command name runs: an entry that
 * others can write, or a relative one (the current directory, which
 * for a CGI is a web directory), lets someone else choose.
 */
void
hostcheck_path(struct dump *d)
{
	struct bytes	 path = env_get(d, "PATH");
	struct buf	 bad = { 0 };
	enum level	 worst;
	char		*q;

	if (path.p == NULL) {
		check_add(d, "path", LEVEL_WARN, "PATH is unset: a program "
		    "that runs a command by name (system(3), popen(3), a "
		    "shell script) finds nothing, or a default that differs "
		    "between libcs. lighttpd passes no PATH; set one with "
		    "setenv.add-environment = ( \"PATH\" => \"/usr/bin:/bin\" "
		    ").");
		return;
	}
	worst = dirs_judge(path, &bad);
	q = quote_value(path.p, path.len, 256);
	if (worst != LEVEL_OK)
		check_add(d, "path", worst, "PATH %s has entries others "
		    "control: %s. A command run by name may then be someone "
		    "else's program. Set PATH to root-owned directories "
		    "only, e.g. /usr/bin:/bin.", q, buf_str(&bad));
	else
		check_add(d, "path", LEVEL_OK, "PATH %s holds only absolute "
		    "directories that no one but their owner can write", q);
	free(q);
	buf_free(&bad);
}

/* RFC 3875 §7.2: on Unix the working directory SHOULD be the script's. */
void
hostcheck_working_directory(struct dump *d, const char *path)
{
	char	*dir, *rdir, *rcwd, *q;

	if (d->mode != MODE_CGI) {
		check_add(d, "working-directory", LEVEL_OK, "not judged: a "
		    "local run works where it was started");
		return;
	}
	if (d->cwd == NULL) {
		check_add(d, "working-directory", LEVEL_WARN, "the working "
		    "directory cannot be read (getcwd: %s); programs that "
		    "open files by relative name fail. RFC 3875 §7.2: it "
		    "SHOULD be the directory that holds the program.",
		    strerror(d->cwd_errno));
		return;
	}
	if (path == NULL) {
		check_add(d, "working-directory", LEVEL_OK, "not judged: the "
		    "program file could not be found");
		return;
	}
	dir = dir_of(path);
	rdir = realpath(dir, NULL);
	rcwd = realpath(d->cwd, NULL);
	q = quote_value(d->cwd, strlen(d->cwd), 256);
	if (rdir == NULL || rcwd == NULL)
		check_add(d, "working-directory", LEVEL_OK, "not judged: %s "
		    "cannot be resolved (%s)", rdir == NULL ? "the program's "
		    "directory" : "the working directory", strerror(errno));
	else if (strcmp(rdir, rcwd) != 0)
		check_add(d, "working-directory", LEVEL_WARN, "the program "
		    "runs in %s, not in the directory that holds it; RFC 3875 "
		    "§7.2 says it SHOULD be the latter, and programs that open "
		    "files by relative name (templates, configuration) do not "
		    "find them. Python's http.server does this.", q);
	else
		check_add(d, "working-directory", LEVEL_OK, "the program runs "
		    "in the directory that holds it, %s, as RFC 3875 §7.2 "
		    "says", q);
	free(q);
	free(rcwd);
	free(rdir);
	free(dir);
}
