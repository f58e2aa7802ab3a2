/* cgidump: see LICENSE (ISC). */
/*
 * probe.c: the two endpoints that test the server rather than show the
 * request (the "common problems" of Python's cgi documentation).
 *
 * /stream writes a line every 200 ms for 2 s, flushing each: with
 * `curl -N` the lines arrive one by one if the server streams CGI
 * output, all at once at the end if it buffers it.  /stderr writes a
 * unique marker to standard error, to be found in the server's error
 * log.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgi.h"

static double
elapsed(const struct timespec *t0)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* o holds the header block: it goes out with the first line. */
void
probe_stream(struct out *o, int nph)
{
	struct timespec	 t0, gap = { 0, STREAM_GAP_MS * 1000000L };
	int		 i;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	out_printf(o, "cgidump /stream: %d lines, one every %d ms, each "
	    "flushed.\nSeen one by one (curl -N), the server streams CGI "
	    "output; seen all at once after %.1f s, it buffers it%s.\n",
	    STREAM_LINES, STREAM_GAP_MS,
	    STREAM_LINES * STREAM_GAP_MS / 1000.0, nph ? "" :
	    " (a program named nph-cgidump bypasses the server's header "
	    "parsing, RFC 3875 §5, and on some servers its buffering)");
	if (out_spill(o) == -1)
		return;
	for (i = 1; i <= STREAM_LINES; i++) {
		nanosleep(&gap, NULL);
		out_printf(o, "line %d of %d, written at +%.2f s\n", i,
		    STREAM_LINES, elapsed(&t0));
		if (out_spill(o) == -1)
			return;
	}
	out_puts(o, "done\n");
}

/*
 * Where the line goes depends on the transport: a CGI's stderr is its
 * server's business, FastCGI carries it in STDERR records that each
 * server logs its own way, and SCGI has no channel for it (the line
 * goes to the daemon's own stderr).  Each server's word is the one
 * tests/servers found in its log.
 */
struct where {
	const char	*before, *after;	/* the marker between */
};
static const struct where	 where_cgi = {
    "Search the server's logs for ", " to learn where the standard "
    "error of CGI programs goes:\n"
    "  Apache:    its ErrorLog (Debian: /var/log/apache2/error.log)\n"
    "  lighttpd:  its own standard error, not server.errorlog "
    "(Debian: journalctl -u lighttpd)\n"
    "  nginx + fcgiwrap -f (as Debian runs it): nginx's error_log, "
    "as \"FastCGI sent in stderr\" (Debian: "
    "/var/log/nginx/error.log); fcgiwrap without -f: its own "
    "standard error\n"
    "  busybox httpd, Python's http.server: the server's own "
    "standard error\n"
    "  mini_httpd: the answer to the client (it sends a CGI's "
    "standard error there), no log\n"
    "If it is nowhere, CGI errors are lost: point the server's "
    "error log somewhere.\n" };
static const struct where	 where_fastcgi = {
    "In FastCGI mode the line went to the server in FCGI_STDERR "
    "records. Search the server's logs for ", ":\n"
    "  nginx:     its error_log, as \"FastCGI sent in stderr\" "
    "(Debian: /var/log/nginx/error.log)\n"
    "  Apache (mod_proxy_fcgi): its ErrorLog, as \"AH01071: Got "
    "error\" (Debian: /var/log/apache2/error.log)\n"
    "  lighttpd (mod_fastcgi): server.errorlog, as \"FastCGI-stderr:"
    "\"\n"
    "  H2O:       its error-log, as \"[lib/handler/fastcgi.c] in "
    "request:\"\n"
    "  Caddy 2.6: nowhere, it reads the records and logs nothing of "
    "them\n"
    "If it is nowhere, the application's errors are lost: see the "
    "server's FastCGI and error log settings.\n" };
static const struct where	 where_scgi = {
    "SCGI has no channel for standard error: the line went to the "
    "standard error of the cgidump daemon itself, where it logs its "
    "own problems (under systemd: journalctl -u UNIT; started by "
    "hand: the terminal or file it was started with). Search there "
    "for ", ".\n" };

/* The line goes to stderr before any of the answer goes out. */
void
probe_stderr(struct out *o, const struct dump *d)
{
	const char		*marker = d->host.marker;
	const struct where	*where = &where_cgi;
	char			 line[256];
	int			 n;

	if (d->transport.name != NULL && strcmp(d->transport.name,
	    "fastcgi") == 0)
		where = &where_fastcgi;
	else if (d->transport.name != NULL && strcmp(d->transport.name,
	    "scgi") == 0)
		where = &where_scgi;
	/* in one write: musl's unbuffered stderr would make it three */
	n = snprintf(line, sizeof(line), "%s: cgidump wrote this to its "
	    "standard error at %s, for /stderr\n", marker, d->proc.time_utc);
	if (n > 0 && (size_t)n < sizeof(line)) {
		fwrite(line, 1, (size_t)n, stderr);
		fflush(stderr);
	}
	out_strs(o, "cgidump wrote this line to its standard error:\n\n"
	    "  ", line, "\n", where->before, marker, where->after, NULL);
}
