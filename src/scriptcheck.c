/* cgidump: see LICENSE (ISC). */
/*
 * scriptcheck.c: verdicts about the parameters that tell a responder
 * which script to run and how the URL splits around it: SCRIPT_NAME,
 * PATH_INFO, SCRIPT_FILENAME, DOCUMENT_ROOT, REQUEST_URI, HTTPS and
 * REQUEST_SCHEME (script-variables), and the cgi.fix_pathinfo trap
 * (fix-pathinfo).  A FastCGI server hands them to an application that
 * finds its script by them; a CGI server has found the program itself,
 * and of these RFC 3875 requires only SCRIPT_NAME and PATH_INFO.
 *
 * Pure judges, like hostcheck.c's: whether SCRIPT_FILENAME's file
 * exists is host.c's fact.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "dump.h"

/* What a judge found, by level, each a sentence; ok: a "; " list. */
struct findings {
	struct buf	 fail, warn, note, ok;
};

static void
say(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
say(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	if (b->len > 0)
		buf_addc(b, ' ');
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

static void
verified(struct findings *f, const char *what)
{
	if (f->ok.len > 0)
		buf_puts(&f->ok, "; ");
	buf_puts(&f->ok, what);
}

/* The message and level: failures, then warnings, then notes. */
static enum level
findings_end(struct findings *f, struct buf *msg)
{
	enum level	 level = LEVEL_OK;

	if (f->fail.len > 0) {
		buf_add(msg, f->fail.p, f->fail.len);
		level = LEVEL_FAIL;
	}
	if (f->warn.len > 0) {
		say(msg, "%s%s", level != LEVEL_OK ? "Also: " : "",
		    buf_str(&f->warn));
		if (level == LEVEL_OK)
			level = LEVEL_WARN;
	}
	if (level == LEVEL_OK)
		buf_addf(msg, "%s.", f->ok.len > 0 ? buf_str(&f->ok) :
		    "nothing to compare");
	if (f->note.len > 0)
		say(msg, "Note: %s", buf_str(&f->note));
	buf_free(&f->fail);
	buf_free(&f->warn);
	buf_free(&f->note);
	buf_free(&f->ok);
	return level;
}

static int
is_fastcgi(const struct dump *d)
{
	return d->transport.name != NULL &&
	    strcmp(d->transport.name, "fastcgi") == 0;
}

/* A variable's value quoted for a message, or hidden (buf_env_value). */
static void
quote_var(struct buf *b, const struct dump *d, const char *name)
{
	buf_env_value(b, env_find(d, name));
}

/*
 * The path of a request target (RFC 9112 §3.2): an origin-form one up
 * to its '?', an absolute-form one's after the authority.  p NULL: no
 * path ("*", or something that is not a URI).
 */
static struct bytes
uri_path(struct bytes u)
{
	struct bytes	 none = { NULL, 0 };
	const char	*q, *end;
	size_t		 i;

	if (u.p == NULL)
		return none;
	if ((q = memchr(u.p, '?', u.len)) != NULL)
		u.len = (size_t)(q - u.p);
	if (u.len > 0 && u.p[0] == '/')
		return u;
	for (i = 0; i + 3 <= u.len && memcmp(u.p + i, "://", 3) != 0; i++)
		if (!byte_in(u.p[i], "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-."))
			return none;
	if (i == 0 || i + 3 > u.len)
		return none;
	end = u.p + u.len;
	for (q = u.p + i + 3; q < end && *q != '/'; q++)
		continue;
	if (q == end)
		return none;
	u.len = (size_t)(end - q);
	u.p = q;
	return u;
}

/*
 * RFC 3986 §5.2.4: the path without "." and ".." segments, and without
 * empty ones (nginx merge_slashes, Apache MergeSlashes): the path a
 * server maps to a script.  p starts with '/'.
 */
static void
path_normalize(struct buf *out, struct bytes p)
{
	struct bytes	 rest = { p.p + 1, p.len - 1 }, seg;
	int		 dir = 0;
	char		*slash;

	while (bytes_next(&rest, '/', &seg)) {
		dir = seg.len == 0 || bytes_eq(seg, ".") || bytes_eq(seg, "..");
		if (bytes_eq(seg, "..")) {
			buf_str(out);
			if ((slash = strrchr(out->p, '/')) != NULL)
				out->len = (size_t)(slash - out->p);
		} else if (!dir) {
			buf_addc(out, '/');
			buf_add(out, seg.p, seg.len);
		}
	}
	if (dir || out->len == 0)
		buf_addc(out, '/');
}

/*
 * sn is a leading part of path that ends where a segment does; rest:
 * the path after it.
 */
static int
script_prefix(struct bytes path, struct bytes sn, struct bytes *rest)
{
	if (path.len < sn.len || (sn.len > 0 &&
	    memcmp(path.p, sn.p, sn.len) != 0))
		return 0;
	if (path.len > sn.len && path.p[sn.len] != '/' &&
	    (sn.len == 0 || sn.p[sn.len - 1] != '/'))
		return 0;
	rest->p = path.p + sn.len;
	rest->len = path.len - sn.len;
	return 1;
}

/*
 * SCRIPT_NAME and PATH_INFO against REQUEST_URI's path, decoded (the
 * two are not URL-encoded: RFC 3875 §4.1.5, §4.1.13), as it came and
 * normalized, since servers split the normalized one.
 */
static void
split_judge(const struct dump *d, struct findings *f)
{
	struct bytes	 path, sn = env_get(d, "SCRIPT_NAME"), rest = { "", 0 };
	struct bytes	 pi;
	struct buf	 dec = { 0 }, norm = { 0 }, *try[2];
	size_t		 i;
	int		 prefix = 0;

	pi = env_get(d, "PATH_INFO");
	if (pi.p == NULL)
		pi.p = "";
	path = uri_path(env_get(d, "REQUEST_URI"));
	if (sn.p == NULL || path.p == NULL) {
		if (sn.p != NULL && env_setness(d, "REQUEST_URI") == VAR_SET)
			say(&f->note, "REQUEST_URI has no path (it is \"*\" or "
			    "not a URI), so SCRIPT_NAME and PATH_INFO are not "
			    "compared with it.");
		return;
	}
	buf_unescape(&dec, path.p, path.len);
	buf_str(&dec);
	path_normalize(&norm, (struct bytes){ dec.p, dec.len });
	try[0] = &dec;
	try[1] = &norm;
	for (i = 0; i < 2; i++) {
		path.p = try[i]->p;
		path.len = try[i]->len;
		if (!script_prefix(path, sn, &rest))
			continue;
		prefix = 1;
		if (rest.len == pi.len && memcmp(rest.p, pi.p, pi.len) == 0)
			break;
	}
	if (!prefix) {
		buf_addf(&f->warn, "%sSCRIPT_NAME ", f->warn.len ? " " : "");
		quote_var(&f->warn, d, "SCRIPT_NAME");
		buf_addf(&f->warn, " does not begin the path of REQUEST_URI ");
		quote_var(&f->warn, d, "REQUEST_URI");
		buf_addf(&f->warn, " (URL-decoded): the server rewrote the "
		    "URL (an internal redirect, `try_files $uri /index.php`, "
		    "mod_rewrite) or sets SCRIPT_NAME itself. Behind a "
		    "rewrite that is expected; otherwise applications that "
		    "build links from SCRIPT_NAME point elsewhere: nginx "
		    "`fastcgi_param SCRIPT_NAME $fastcgi_script_name;` (as "
		    "fastcgi_params has it).");
	} else if (i == 2) {
		buf_addf(&f->warn, "%sPATH_INFO ", f->warn.len ? " " : "");
		quote_var(&f->warn, d, "PATH_INFO");
		buf_addf(&f->warn, " is not the rest of REQUEST_URI's path "
		    "after SCRIPT_NAME, ");
		buf_quote(&f->warn, rest.p, rest.len, QUOTE_MAX);
		buf_addf(&f->warn, ": the server split the URL wrongly, and "
		    "an application routes on the wrong path. nginx: "
		    "`fastcgi_split_path_info ^(.+?\\.php)(/.*)$;` and "
		    "`fastcgi_param PATH_INFO $fastcgi_path_info;` (after a "
		    "try_files, which empties $fastcgi_path_info, keep it "
		    "first: `set $path_info $fastcgi_path_info;`), and "
		    "SCRIPT_NAME from $fastcgi_script_name.");
	} else
		verified(f, "SCRIPT_NAME and PATH_INFO split REQUEST_URI's "
		    "path");
	buf_free(&dec);
	buf_free(&norm);
}

/* path starts with dir, where a path segment starts. */
static int
dir_holds(struct bytes dir, struct bytes path)
{
	while (dir.len > 1 && dir.p[dir.len - 1] == '/')
		dir.len--;
	return path.len > dir.len && memcmp(path.p, dir.p, dir.len) == 0 &&
	    (path.p[dir.len] == '/' || dir.p[dir.len - 1] == '/');
}

/* SCRIPT_FILENAME and DOCUMENT_ROOT: common extensions, not RFC 3875. */
static void
file_judge(const struct dump *d, struct findings *f)
{
	struct bytes	 sf = env_get(d, "SCRIPT_FILENAME");
	struct bytes	 sn = env_get(d, "SCRIPT_NAME");
	struct bytes	 dr = env_get(d, "DOCUMENT_ROOT");

	if (sf.len == 0 && is_fastcgi(d))
		say(&f->warn, "SCRIPT_FILENAME is %s: a FastCGI responder "
		    "finds the script to run by it (PHP-FPM answers \"Primary "
		    "script unknown\"). nginx: `fastcgi_param SCRIPT_FILENAME "
		    "$document_root$fastcgi_script_name;` (Debian's "
		    "fastcgi_params lacks it; fastcgi.conf has it); Apache "
		    "mod_proxy_fcgi and lighttpd set it.",
		    sf.p == NULL ? "unset" : "empty");
	else if (sf.len == 0)
		say(&f->note, "SCRIPT_FILENAME is %s (not in RFC 3875, but "
		    "Apache, lighttpd and nginx's fastcgi.conf set it; "
		    "php-cgi needs it).", sf.p == NULL ? "unset" : "empty");
	else if (sn.len > 0 && (sf.len < sn.len ||
	    memcmp(sf.p + sf.len - sn.len, sn.p, sn.len) != 0))
		say(&f->note, "SCRIPT_FILENAME does not end in SCRIPT_NAME, "
		    "as it does with nginx's "
		    "`$document_root$fastcgi_script_name`; a ScriptAlias, an "
		    "nginx alias or Apache's \"proxy:fcgi://\" form maps "
		    "them otherwise.");
	else
		verified(f, "SCRIPT_FILENAME ends in SCRIPT_NAME");
	if (dr.len == 0)
		say(&f->note, "DOCUMENT_ROOT is %s (not in RFC 3875; nginx's "
		    "fastcgi_params and Apache set it).", dr.p == NULL ?
		    "unset" : "empty");
	else if (sf.len > 0 && dir_holds(dr, sf))
		verified(f, "SCRIPT_FILENAME is under DOCUMENT_ROOT");
	else if (sf.len > 0)
		say(&f->note, "SCRIPT_FILENAME is not under DOCUMENT_ROOT (a "
		    "ScriptAlias or an alias maps it elsewhere).");
	if (env_setness(d, "REQUEST_URI") != VAR_SET)
		say(&f->note, "REQUEST_URI is %s (not in RFC 3875, but "
		    "Apache, lighttpd and nginx's fastcgi_params set it, and "
		    "the routers of most web applications read it): nginx "
		    "`fastcgi_param REQUEST_URI $request_uri;`.",
		    env_setness(d, "REQUEST_URI") == VAR_UNSET ? "unset" :
		    "empty");
}

/*
 * HTTPS (on when set, not empty and not "off", as PHP reads it) and
 * REQUEST_SCHEME: two answers to whether the client used TLS.  Neither
 * set is no answer: behind a proxy that ends TLS it cannot be known.
 */
static void
tls_judge(const struct dump *d, struct findings *f)
{
	struct bytes	 h = env_get(d, "HTTPS"), s = env_get(d, "REQUEST_SCHEME");
	int		 on = h.len > 0 && !(h.len == 3 &&
			    ascii_ieqn(h.p, "off", 3));
	int		 https = s.len == 5 && ascii_ieqn(s.p, "https", 5);
	int		 http = s.len == 4 && ascii_ieqn(s.p, "http", 4);

	if (s.p != NULL && !https && !http) {
		buf_addf(&f->warn, "%sREQUEST_SCHEME is ", f->warn.len ? " " :
		    "");
		quote_var(&f->warn, d, "REQUEST_SCHEME");
		buf_addf(&f->warn, ", neither http nor https: applications "
		    "that build URLs from it build broken ones. nginx: "
		    "`fastcgi_param REQUEST_SCHEME $scheme;`.");
	} else if ((on && http) || (h.p != NULL && !on && https)) {
		buf_addf(&f->fail, "%sHTTPS is ", f->fail.len ? " " : "");
		quote_var(&f->fail, d, "HTTPS");
		buf_addf(&f->fail, " but REQUEST_SCHEME is ");
		quote_var(&f->fail, d, "REQUEST_SCHEME");
		buf_addf(&f->fail, ": the server says both that the client "
		    "used TLS and that it did not. Applications that read one "
		    "redirect forever or send Secure cookies over plain HTTP. "
		    "Set both from the connection: nginx `fastcgi_param "
		    "HTTPS $https if_not_empty;` and `fastcgi_param "
		    "REQUEST_SCHEME $scheme;` (fastcgi_params has both); "
		    "behind a proxy that ends TLS, set both from its "
		    "X-Forwarded-Proto, never one alone.");
	} else if (h.p == NULL && https)
		say(&f->warn, "REQUEST_SCHEME is https but HTTPS is unset: "
		    "applications that test HTTPS (PHP's $_SERVER['HTTPS'], "
		    "most frameworks) take the request for plain HTTP, "
		    "redirect it to itself or build http:// links. nginx: "
		    "`fastcgi_param HTTPS $https if_not_empty;` (as "
		    "fastcgi_params has it).");
	else if (h.p == NULL && s.p == NULL)
		say(&f->note, "Neither HTTPS nor REQUEST_SCHEME is set, so "
		    "whether the client used TLS cannot be told from here.");
	else
		verified(f, "HTTPS and REQUEST_SCHEME agree");
}

/*
 * What a responder needs to find its script and its URL, and whether
 * the server's answers agree with each other.
 */
enum level
judge_script_variables(const struct dump *d, struct buf *msg)
{
	struct findings	 f;

	memset(&f, 0, sizeof(f));
	split_judge(d, &f);
	file_judge(d, &f);
	tls_judge(d, &f);
	return findings_end(&f, msg);
}

/*
 * The suffixes of scripts that a server's location sends to an
 * interpreter: PHP's (php-fpm's default security.limit_extensions is
 * .php .phar, and distributions map .php3 to .php7 and .phtml), Perl's,
 * Python's and CGI's.
 */
static int
script_suffix(struct bytes path)
{
	static const char *const sfx[] = {
		".php", ".php3", ".php4", ".php5", ".php7", ".phtml",
		".phar", ".pl", ".py", ".cgi", NULL
	};
	struct bytes	 seg = last_segment(path);
	size_t		 i, n;

	for (i = 0; sfx[i] != NULL; i++) {
		n = strlen(sfx[i]);
		if (seg.len > n && ascii_ieqn(seg.p + seg.len - n, sfx[i], n))
			return 1;
	}
	return 0;
}

/* The URL path, decoded: REQUEST_URI's, else SCRIPT_NAME + PATH_INFO. */
static void
url_path(const struct dump *d, struct buf *b)
{
	struct bytes	 p = uri_path(env_get(d, "REQUEST_URI"));
	struct bytes	 sn = env_get(d, "SCRIPT_NAME"), pi = env_get(d,
			    "PATH_INFO");

	if (p.p != NULL)
		buf_unescape(b, p.p, p.len);
	else {
		buf_add(b, sn.p, sn.len);
		buf_add(b, pi.p, pi.len);
	}
}

static const char fix_pathinfo_fix[] = "nginx: `try_files "
    "$fastcgi_script_name =404;` in the location that passes scripts "
    "on (Debian's snippets/fastcgi-php.conf has it); PHP: "
    "`cgi.fix_pathinfo=0` in php.ini, and keep PHP-FPM's "
    "`security.limit_extensions = .php`.";

/*
 * The cgi.fix_pathinfo trap: the server passes a URL on without
 * checking that its script exists, and PHP (cgi.fix_pathinfo=1, the
 * default) then runs the longest leading part of SCRIPT_FILENAME that
 * is a file, so that /uploads/evil.jpg/x.php runs an uploaded image.
 */
enum level
judge_fix_pathinfo(const struct dump *d, struct buf *msg)
{
	const struct script_file *sf = &d->host.script;
	struct buf		 url = { 0 };
	int			 suffix;

	if (sf->fact == SCRIPT_NONE) {
		buf_addf(msg, "SCRIPT_FILENAME names no absolute path, so "
		    "there is no file to look for (see script-variables)");
		return LEVEL_OK;
	}
	if (sf->fact == SCRIPT_FOUND) {
		buf_addf(msg, "SCRIPT_FILENAME names a file that exists. "
		    "Request a script that does not, such as "
		    "/uploads/x.jpg/y.php, through the same location to see "
		    "whether the server passes it on");
		return LEVEL_OK;
	}
	if (sf->runs != NULL) {
		buf_addf(msg, "SCRIPT_FILENAME ");
		buf_quote(msg, sf->path, strlen(sf->path), QUOTE_MAX);
		buf_addf(msg, " does not exist, but its leading part ");
		buf_quote(msg, sf->runs, strlen(sf->runs), QUOTE_MAX);
		buf_addf(msg, " is a file: PHP with cgi.fix_pathinfo=1 (its "
		    "default) runs that file as the script, so a file anyone "
		    "could upload (an image with PHP in it) runs as code. %s",
		    fix_pathinfo_fix);
		return LEVEL_WARN;
	}
	url_path(d, &url);
	suffix = script_suffix((struct bytes){ url.p, url.len });
	buf_free(&url);
	if (suffix || env_setness(d, "PATH_INFO") != VAR_SET) {
		buf_addf(msg, "SCRIPT_FILENAME ");
		buf_quote(msg, sf->path, strlen(sf->path), QUOTE_MAX);
		buf_addf(msg, " does not exist (%s), yet the server passed "
		    "the request on%s: it does not check that a script "
		    "exists before a responder runs it. With PHP's "
		    "cgi.fix_pathinfo=1 (its default), /uploads/evil.jpg/x.php "
		    "then runs an uploaded evil.jpg as PHP. If this location "
		    "only ever reaches a program that ignores SCRIPT_FILENAME "
		    "(as cgidump does), there is nothing to fix. %s",
		    sf->error, suffix ? " for a URL that ends like "
		    "a script's" : " with no PATH_INFO", fix_pathinfo_fix);
		return LEVEL_WARN;
	}
	buf_addf(msg, "SCRIPT_FILENAME ");
	buf_quote(msg, sf->path, strlen(sf->path), QUOTE_MAX);
	buf_addf(msg, " does not exist, and no leading part of it is a "
	    "file; the server split PATH_INFO off a URL that does not end "
	    "like a script's. A responder that runs scripts answers "
	    "\"Primary script unknown\" (PHP-FPM), with nothing for "
	    "cgi.fix_pathinfo to find");
	return LEVEL_OK;
}
