/* cgidump: see LICENSE (ISC). */
/*
 * hostcheck.c: verdicts about the process and the files it runs from:
 * who it runs as, what steers the libraries it loads, who can change
 * the program and the commands it would run, and where it runs.  These
 * are judged in every mode: a local run judges the user and the shell
 * it was started from.
 *
 * Pure judges of facts that process.c and host.c collected before the
 * body was read: nothing here calls the system, so that they can be
 * tested with hand-made facts (tests/unit.c).
 */
#include "config.h"

#include "dump.h"

/* POSIX <sys/stat.h> fixes these values: S_IWGRP and S_IWOTH. */
#define MODE_GROUP_WRITE	0020
#define MODE_OTHER_WRITE	0002

static const char *
local_note(const struct dump *d)
{
	return d->mode == MODE_LOCAL ? " (a local run: the user you ran it "
	    "as)" : "";
}

/* Who besides the owner may write: fail, warn or ok. */
static enum level
writable_level(const struct filefact *ff)
{
	if (!ff->found)
		return LEVEL_OK;
	if (ff->mode & MODE_OTHER_WRITE)
		return LEVEL_FAIL;
	if (ff->mode & MODE_GROUP_WRITE)
		return LEVEL_WARN;
	return LEVEL_OK;
}

static const struct dirfact *
dir_find(const struct host *h, struct bytes entry)
{
	size_t	 i;

	for (i = 0; i < h->ndirs; i++)
		if (bytes_eq(entry, h->dirs[i].path))
			return &h->dirs[i];
	return NULL;
}

/*
 * A colon-separated list of directories: the worst of its entries, and
 * in bad those that others control (relative: the current directory;
 * or writable by others).
 */
static enum level
dirs_judge(const struct host *h, struct bytes list, struct buf *bad)
{
	enum level		 worst = LEVEL_OK, l;
	const struct dirfact	*df;
	struct bytes		 entry;
	struct buf		 q = { 0 };

	while (bytes_next(&list, ':', &entry)) {
		l = LEVEL_OK;
		q.len = 0;
		buf_quote(&q, entry.p, entry.len, QUOTE_MAX);
		if (entry.len == 0 || entry.p[0] != '/') {
			l = LEVEL_WARN;
			buf_list(bad, buf_str(&q), "relative: the current "
			    "directory");
		} else if ((df = dir_find(h, entry)) == NULL) {
			l = LEVEL_WARN;
			buf_list(bad, buf_str(&q), "not looked at: too many "
			    "directories");
		} else if ((l = writable_level(&df->st)) != LEVEL_OK)
			buf_list(bad, buf_str(&q), l == LEVEL_FAIL ?
			    "writable by every user" : "writable by its group");
		if (l > worst)
			worst = l;
	}
	buf_free(&q);
	return worst;
}

/* Running as root, or with privileges it was not started with. */
enum level
judge_privileges(const struct dump *d, struct buf *msg)
{
	const struct process	*p = &d->proc;
	size_t			 i;
	int			 rootgroup = 0;

	for (i = 0; i < p->ngroups; i++)
		if (p->groups[i].gid == 0)
			rootgroup = 1;
	if (p->uid == 0 || p->euid == 0) {
		buf_addf(msg, "runs as root%s: any flaw in any CGI program is "
		    "then a flaw of the whole machine. A server started as "
		    "root without a user setting runs CGI programs as root: "
		    "set lighttpd `server.username = \"www-data\"`, busybox httpd "
		    "and mini_httpd `-u www-data`, Apache `User www-data`, and "
		    "run fcgiwrap as www-data (Debian's fcgiwrap.service "
		    "does).", local_note(d));
		return LEVEL_FAIL;
	}
	if (p->uid != p->euid || p->gid != p->egid) {
		buf_addf(msg, "runs set-user-ID or set-group-ID (uid %ld euid "
		    "%ld, gid %ld egid %ld): the program file has the set-uid "
		    "or set-gid bit. Remove it (chmod u-s,g-s); use suexec if "
		    "programs must run as their owners.", (long)p->uid,
		    (long)p->euid, (long)p->gid, (long)p->egid);
		return LEVEL_FAIL;
	}
	if (p->egid == 0 || rootgroup) {
		buf_addf(msg, "runs with the root group (gid 0)%s: files "
		    "writable by group root are writable by every CGI "
		    "program. Run CGI programs with their own group.",
		    local_note(d));
		return LEVEL_WARN;
	}
	buf_addf(msg, "runs as uid %ld (%s), gid %ld: not root, not "
	    "set-user-ID or set-group-ID%s", (long)p->euid,
	    p->euser != NULL ? p->euser : "no name", (long)p->egid,
	    local_note(d));
	return LEVEL_OK;
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
	return bytes_prefix(e->name, "BASH_FUNC_") || bytes_in(e->name, names);
}

static int
is_function(const struct envvar *e)
{
	return bytes_prefix(e->value, "() {");
}

/*
 * mini_httpd sets LD_LIBRARY_PATH=/usr/local/lib:/usr/lib for every
 * program: absolute directories no one else can write steer nothing.
 */
static int
harmless_library_path(const struct dump *d, const struct envvar *e)
{
	struct buf	 bad = { 0 };
	enum level	 l;

	if (!bytes_eq(e->name, "LD_LIBRARY_PATH") || e->value.p == NULL ||
	    e->value.len == 0 || is_function(e))
		return 0;
	l = dirs_judge(&d->host, e->value, &bad);
	buf_free(&bad);
	return l == LEVEL_OK;
}

enum level
judge_library_variables(const struct dump *d, struct buf *msg)
{
	struct buf	 set = { 0 }, q = { 0 };
	size_t		 i;

	for (i = 0; i < d->nenv; i++) {
		const struct envvar	*e = &d->env[i];

		if (!steers_libraries(e) && !is_function(e))
			continue;
		if (harmless_library_path(d, e))
			continue;
		q.len = 0;
		buf_quote(&q, e->name.p, e->name.len, QUOTE_MAX);
		buf_list(&set, buf_str(&q), is_function(e) ?
		    "a value starting \"() {\"" : NULL);
	}
	buf_free(&q);
	if (set.len == 0) {
		buf_addf(msg, "no LD_PRELOAD, LD_LIBRARY_PATH, PERL5OPT, "
		    "PYTHONPATH, NODE_OPTIONS, BASH_FUNC_* or other variable "
		    "that steers what code is loaded, and no value starting "
		    "\"() {\"");
		return LEVEL_OK;
	}
	buf_addf(msg, "variables that make the dynamic linker or an "
	    "interpreter load other code are set: %s. Every program started "
	    "from here obeys them; a value starting \"() {\" is an exported "
	    "bash function, which an unpatched bash runs (Shellshock, "
	    "CVE-2014-6271). Unless you set them on purpose, find where they "
	    "come from (the server's environment, a SetEnv, a header).",
	    buf_str(&set));
	buf_free(&set);
	return LEVEL_WARN;
}

enum level
judge_script_permissions(const struct dump *d, struct buf *msg)
{
	const struct host	*h = &d->host;
	enum level		 fl, dl;
	struct buf		 qb = { 0 };
	const char		*q;

	if (h->program == NULL || !h->program_st.found) {
		buf_addf(msg, "not judged: the program file could not be "
		    "found (no SCRIPT_FILENAME, no /proc/self/exe)");
		return LEVEL_SKIP;
	}
	fl = writable_level(&h->program_st);
	dl = writable_level(&h->dir_st);
	buf_quote(&qb, h->program, bytes_of(h->program).len, 256);
	q = buf_str(&qb);
	if (fl != LEVEL_OK || dl != LEVEL_OK)
		buf_addf(msg, "the program %s %s (mode %03o, directory mode "
		    "%03o): whoever can write it can replace it with a program "
		    "of their own, which the server then runs for every "
		    "visitor. chmod go-w the file and its directory.", q,
		    (fl == LEVEL_FAIL || dl == LEVEL_FAIL) ?
		    "or its directory is writable by every user" :
		    "or its directory is writable by its group",
		    (unsigned)h->program_st.mode, (unsigned)h->dir_st.mode);
	else if (h->program_st.uid != 0 && h->program_st.uid != d->proc.euid)
		buf_addf(msg, "the program %s belongs to uid %ld, neither root "
		    "nor the user it runs as (uid %ld): that user can change "
		    "it. Install it as root (install -m 0755).", q,
		    (long)h->program_st.uid, (long)d->proc.euid);
	else
		buf_addf(msg, "the program %s and its directory are writable "
		    "by no one but %s", q, h->program_st.uid == 0 ? "root" :
		    "the user it runs as");
	buf_free(&qb);
	if (fl != LEVEL_OK || dl != LEVEL_OK)
		return fl > dl ? fl : dl;
	return h->program_st.uid != 0 && h->program_st.uid != d->proc.euid ?
	    LEVEL_WARN : LEVEL_OK;
}

/*
 * PATH decides which program a bare command name runs: an entry that
 * others can write, or a relative one (the current directory, which
 * for a CGI is a web directory), lets someone else choose.
 */
enum level
judge_path(const struct dump *d, struct buf *msg)
{
	struct bytes	 path = env_get(d, "PATH");
	struct buf	 bad = { 0 };
	struct buf	 qb = { 0 };
	enum level	 worst;

	if (path.p == NULL && d->transport.name != NULL) {
		buf_addf(msg, "not judged: the server's %s parameters hold no "
		    "PATH, as is usual; a responder runs with its own "
		    "environment's", d->transport.name);
		return LEVEL_SKIP;
	}
	if (path.p == NULL) {
		buf_addf(msg, "PATH is unset: a program that runs a command by "
		    "name (system(3), popen(3), a shell script) finds nothing, "
		    "or a default that differs between libcs. lighttpd passes "
		    "no PATH; add one with `setenv.add-environment += ( "
		    "\"PATH\" => \"/usr/bin:/bin\" )` (needs mod_setenv; "
		    "`+=`, since a second `setenv.add-environment =` stops "
		    "lighttpd with \"Duplicate config variable\"); Apache: "
		    "`SetEnv PATH /usr/bin:/bin`; nginx: `fastcgi_param PATH "
		    "/usr/bin:/bin;`.");
		return LEVEL_WARN;
	}
	worst = dirs_judge(&d->host, path, &bad);
	buf_quote(&qb, path.p, path.len, 256);
	if (worst != LEVEL_OK)
		buf_addf(msg, "PATH %s has entries others control: %s. A "
		    "command run by name may then be someone else's program. "
		    "Set PATH to root-owned directories only, e.g. "
		    "/usr/bin:/bin.", buf_str(&qb), buf_str(&bad));
	else
		buf_addf(msg, "PATH %s holds only absolute directories that no "
		    "one but their owner can write", buf_str(&qb));
	buf_free(&qb);
	buf_free(&bad);
	return worst;
}

/* RFC 3875 §7.2: on Unix the working directory SHOULD be the script's. */
enum level
judge_working_directory(const struct dump *d, struct buf *msg)
{
	const struct host	*h = &d->host;
	struct buf		 q = { 0 };

	if (d->transport.name != NULL) {
		buf_addf(msg, "not judged: in %s mode the working directory "
		    "is the daemon's, where it was started; the server does "
		    "not choose it", d->transport.name);
		return LEVEL_SKIP;
	}
	if (d->cwd == NULL) {
		buf_addf(msg, "the working directory cannot be read (getcwd: "
		    "%s); programs that open files by relative name fail. RFC "
		    "3875 §7.2: it SHOULD be the directory that holds the "
		    "program.", h->cwd_error != NULL ? h->cwd_error : "failed");
		return LEVEL_WARN;
	}
	switch (h->cwd) {
	case CWD_UNRESOLVED:
		buf_addf(msg, "not judged: %s cannot be resolved (%s)",
		    h->cwd_unresolved, h->cwd_error);
		return LEVEL_SKIP;
	case CWD_SAME:
	case CWD_OTHER:
		break;
	default:
		buf_addf(msg, "not judged: the program file could not be "
		    "found");
		return LEVEL_SKIP;
	}
	buf_quote(&q, d->cwd, bytes_of(d->cwd).len, 256);
	if (h->cwd == CWD_OTHER)
		buf_addf(msg, "the program runs in %s, not in the directory "
		    "that holds it; RFC 3875 §7.2 says it SHOULD be the latter, "
		    "and programs that open files by relative name (templates, "
		    "configuration) do not find them. Python's http.server "
		    "does this.", buf_str(&q));
	else
		buf_addf(msg, "the program runs in the directory that holds "
		    "it, %s, as RFC 3875 §7.2 says", buf_str(&q));
	buf_free(&q);
	return h->cwd == CWD_OTHER ? LEVEL_WARN : LEVEL_OK;
}
