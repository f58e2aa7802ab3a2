# tests/servers/expect.bash: what each server does, as suite.bash
# expects it (measured: /work/shared/reference/cgi-server-survey.md and
# these tests).  The *_SAYS phrases end the tests' names, so a failure
# says what was expected of which server.
#
# MODE			the JSON's "mode": cgi, or fastcgi and scgi where the
#			server talks to cgidump's own daemon
# LISTEN		then the daemon's "transport"."listen": SOCK (unix:
#			and serve.sh's socket) or "fd 0" (started by the
#			server with a listening socket as its fd 0)
# SOFTWARE		a regex for SERVER_SOFTWARE
# RUNS_AS		user:group cgidump runs as when the server starts as root
# PRIVILEGES		the privileges check then
# ACCEPT		1: the Accept header reaches the program
# POST_DROPPED		1: a small POST (body in one write with the headers)
#			gets an empty reply
# POST_ARGS		curl arguments every POST needs
# POST_SAYS		what a small POST does
# HEAD_SAYS		what the server does with a CGI's body on HEAD
# CHUNKED		what a chunked request body becomes: decoded (with a
#			CONTENT_LENGTH), to-eof (decoded, no CONTENT_LENGTH),
#			raw (chunk framing, only what came in with the headers),
#			hidden (framing on stdin, no Transfer-Encoding, no length)
#			or minus-one (decoded, sent, but CONTENT_LENGTH "-1")
# ISINDEX_ARGS		argv[1:] for ?foo+bar, as JSON
#			(SOCK for "unix:" and the daemon's socket)
# ISINDEX_LEVEL		the isindex-argv check then
# PROXY_PASSED		1: a Proxy: header becomes HTTP_PROXY
# STATUS_HONOURED	1: the server answers with cgidump's Status:
# STATUS_NOTE		else where the status is, for the tests' names
# PLAIN_FAILS		the checks that fail on a plain GET, sorted
# PLAIN_SAYS		why
# SETTINGS		1: CGIDUMP_* from the configuration reach the program
# TOKEN_HEADER		1: X-Cgidump-Token reaches the program
# SETTINGS_SAYS, ALLOW_SAYS, EXPIRES_SAYS: what the access-control tests
#			expect, from SETTINGS and TOKEN_HEADER
# DROPIN		the drop-in file of contrib/ serve.sh configures the
#			server with (with password lines), if any
# STDERR_IN		where a CGI's stderr lands: a file of serve.sh's
#			directory (server.log is the server's own stderr), or
#			"answer" (in what the client gets), or "nowhere"
#			(dropped by the server)
# STDERR_LOG_SAYS	what the server's log line says around the line, if
#			anything
# STDERR_PAGE		what the /stderr page says of this server
# STDERR_SAYS		the same, for the test's name

MODE=cgi
LISTEN=SOCK
SOFTWARE=
RUNS_AS=nobody:nogroup
PRIVILEGES=ok
ACCEPT=1
POST_DROPPED=0
POST_ARGS=()
POST_SAYS="answered"
HEAD_SAYS="the server drops a CGI body"
CHUNKED=
CHUNKED_SAYS=
ISINDEX_ARGS='[]'
ISINDEX_LEVEL=ok
PROXY_PASSED=0
STATUS_HONOURED=1
STATUS_NOTE=
PLAIN_FAILS=
PLAIN_SAYS="200, no check fails"
SETTINGS=1
TOKEN_HEADER=1
SETTINGS_SAYS=
DROPIN=
STDERR_IN=server.log
STDERR_LOG_SAYS=
STDERR_PAGE="busybox httpd, Python's http.server: the server's own standard error"
STDERR_SAYS="the server's own stderr"

case $SERVER in
lighttpd)
	SOFTWARE='^lighttpd/1\.4\.'
	CHUNKED=decoded
	CHUNKED_SAYS="decoded, CONTENT_LENGTH set by lighttpd"
	DROPIN=lighttpd/50-cgidump.conf
	STDERR_PAGE="lighttpd:  its own standard error, not server.errorlog"
	STDERR_SAYS="lighttpd's own stderr, not server.errorlog"
	;;
apache-cgid|apache-cgi)
	SOFTWARE='^Apache/2\.4\.'
	CHUNKED=to-eof
	CHUNKED_SAYS="decoded by Apache but with no CONTENT_LENGTH: read to end of file, body-length warns"
	ISINDEX_ARGS='["foo","bar"]'
	DROPIN=apache/cgidump.conf
	STDERR_IN=error.log
	STDERR_PAGE="Apache:    its ErrorLog"
	STDERR_SAYS="Apache's ErrorLog"
	;;
nginx)
	SOFTWARE='^nginx/'
	CHUNKED=decoded
	CHUNKED_SAYS="decoded, CONTENT_LENGTH set by nginx"
	DROPIN=nginx/cgidump.conf
	# fcgiwrap -f, as Debian runs it.
	STDERR_IN=error.log
	STDERR_LOG_SAYS='FastCGI sent in stderr: '
	STDERR_PAGE="nginx + fcgiwrap -f (as Debian runs it): nginx's error_log, as \"FastCGI sent in stderr\""
	STDERR_SAYS="nginx's error_log, as FastCGI sent in stderr (fcgiwrap -f)"
	;;
busybox)
	SOFTWARE='^busybox httpd/'
	HEAD_SAYS="busybox sends a CGI body on HEAD, cgidump writes none"
	CHUNKED=raw
	CHUNKED_SAYS="raw chunk framing, of a large body only what came with the headers: chunk-framing fails"
	PROXY_PASSED=1
	PLAIN_FAILS=meta-variables
	PLAIN_SAYS="500, meta-variables fails: busybox sets no SERVER_NAME, SERVER_PORT"
	;;
mini_httpd)
	SOFTWARE='^mini_httpd/'
	ACCEPT=0
	POST_DROPPED=1
	POST_ARGS=(-H 'Expect: 100-continue')
	POST_SAYS="an empty reply (mini_httpd 1.30 bug) unless sent with Expect: 100-continue"
	HEAD_SAYS="mini_httpd sends a CGI body on HEAD, cgidump writes none"
	CHUNKED=hidden
	CHUNKED_SAYS="invisible: mini_httpd passes neither Transfer-Encoding nor a length"
	ISINDEX_ARGS='["foo","bar"]'
	PLAIN_FAILS=meta-variables
	PLAIN_SAYS="500, meta-variables fails: mini_httpd sets no QUERY_STRING without a query"
	# mini_httpd builds the program's environment from scratch; the
	# settings reach it through the README's wrapper script (serve.sh).
	TOKEN_HEADER=0
	STDERR_IN=answer
	STDERR_PAGE="mini_httpd: the answer to the client"
	STDERR_SAYS="the answer to the client (mini_httpd 1.30), no log"
	;;
python)
	SOFTWARE='^SimpleHTTP/.* Python/3\.'
	# http.server calls setuid(nobody) and nothing else.
	RUNS_AS=nobody:root
	PRIVILEGES=warn
	HEAD_SAYS="http.server sends a CGI body on HEAD, cgidump writes none"
	CHUNKED=hidden
	CHUNKED_SAYS="invisible: http.server passes neither Transfer-Encoding nor a length"
	ISINDEX_ARGS='["foo bar"]'
	ISINDEX_LEVEL=warn
	STATUS_HONOURED=0
	STATUS_NOTE=" (in a Status: header: http.server always answers 200)"
	# http.server passes Accept, User-Agent, Cookie and Referer only.
	TOKEN_HEADER=0
	;;
nginx-fastcgi)
	MODE=fastcgi
	# No arguments come over FastCGI: argv is the daemon's own.
	ISINDEX_ARGS='["--fastcgi","SOCK"]'
	ISINDEX_LEVEL=skip
	SOFTWARE='^nginx/'
	CHUNKED=decoded
	CHUNKED_SAYS="decoded, CONTENT_LENGTH set by nginx"
	# cgidump sends the request's stderr in FastCGI STDERR records.
	STDERR_IN=error.log
	STDERR_LOG_SAYS='FastCGI sent in stderr: '
	STDERR_PAGE="nginx:     its error_log, as \"FastCGI sent in stderr\""
	STDERR_SAYS="nginx's error_log, as FastCGI sent in stderr (STDERR records)"
	;;
nginx-scgi)
	MODE=scgi
	ISINDEX_ARGS='["--scgi","SOCK"]'
	ISINDEX_LEVEL=skip
	# SCGI has no stderr channel: the daemon's own stderr.
	STDERR_PAGE="SCGI has no channel for standard error: the line went to the standard error of the cgidump daemon itself"
	STDERR_SAYS="the cgidump daemon's own stderr (SCGI has no stderr channel)"
	SOFTWARE='^nginx/'
	CHUNKED=decoded
	CHUNKED_SAYS="decoded, CONTENT_LENGTH set by nginx"
	;;
apache-fcgi)
	MODE=fastcgi
	SOFTWARE='^Apache/2\.4\.'
	ISINDEX_ARGS='["--fastcgi","SOCK"]'
	ISINDEX_LEVEL=skip
	CHUNKED=decoded
	CHUNKED_SAYS="decoded, CONTENT_LENGTH set by mod_proxy_fcgi"
	STDERR_IN=error.log
	STDERR_LOG_SAYS="AH01071: Got error '"
	STDERR_PAGE="Apache (mod_proxy_fcgi): its ErrorLog, as \"AH01071: Got error\""
	STDERR_SAYS="Apache's ErrorLog, as AH01071 Got error (STDERR records)"
	;;
lighttpd-fastcgi)
	MODE=fastcgi
	SOFTWARE='^lighttpd/1\.4\.'
	# lighttpd starts cgidump itself (bin-path), with no arguments
	# and the socket it made as fd 0.
	LISTEN='fd 0'
	ISINDEX_ARGS='[]'
	ISINDEX_LEVEL=skip
	CHUNKED=decoded
	CHUNKED_SAYS="decoded, CONTENT_LENGTH set by lighttpd"
	# STDERR records, unlike a CGI's stderr, go to server.errorlog.
	STDERR_IN=error.log
	STDERR_LOG_SAYS='FastCGI-stderr:'
	STDERR_PAGE="lighttpd (mod_fastcgi): server.errorlog, as \"FastCGI-stderr:\""
	STDERR_SAYS="lighttpd's server.errorlog, as FastCGI-stderr (STDERR records)"
	;;
caddy-fastcgi)
	MODE=fastcgi
	SOFTWARE='^Caddy/2\.'
	ISINDEX_ARGS='["--fastcgi","SOCK"]'
	ISINDEX_LEVEL=skip
	# Caddy 2.6.2 sends Go's unknown length, -1, as CONTENT_LENGTH
	# (buffer_requests does not change it), and the body after it.
	CHUNKED=minus-one
	CHUNKED_SAYS="CONTENT_LENGTH -1 (Caddy 2.6.2), the body not read: body-length fails"
	# Caddy 2.6.2 reads FastCGI STDERR records and logs nothing of
	# them at its default level.
	STDERR_IN=nowhere
	STDERR_PAGE="Caddy 2.6: nowhere, it reads the records and logs nothing of them"
	STDERR_SAYS="nowhere: Caddy 2.6.2 drops FastCGI stderr"
	;;
h2o-fastcgi)
	MODE=fastcgi
	SOFTWARE='^h2o/2\.'
	# h2o 2.2.5's FastCGI handler passes Proxy: as HTTP_PROXY; setenv
	# HTTP_PROXY "" would hide it but leave an empty HTTP_PROXY, which
	# httpoxy fails too.
	PROXY_PASSED=1
	ISINDEX_ARGS='["--fastcgi","SOCK"]'
	ISINDEX_LEVEL=skip
	CHUNKED=decoded
	CHUNKED_SAYS="decoded, CONTENT_LENGTH set by h2o"
	STDERR_IN=error.log
	STDERR_LOG_SAYS='[lib/handler/fastcgi.c] in request:/cgi-bin/cgidump/stderr:'
	STDERR_PAGE="H2O:       its error-log, as \"[lib/handler/fastcgi.c] in request:\""
	STDERR_SAYS="h2o's error-log (STDERR records)"
	;;
esac

# Started as another user, a server runs cgidump as that user.
if [ "$(id -u)" != 0 ]; then
	RUNS_AS=$(id -un):$(id -gn)
	PRIVILEGES=ok
fi

ALLOW_SAYS="403 and no dump"
EXPIRES_SAYS="410 Gone and no dump"
if [ "$SETTINGS" = 0 ]; then
	SETTINGS_SAYS="no effect: $SERVER passes no environment of its own to the program"
	ALLOW_SAYS=$SETTINGS_SAYS
	EXPIRES_SAYS=$SETTINGS_SAYS
elif [ "$TOKEN_HEADER" = 0 ]; then
	SETTINGS_SAYS="always refused: $SERVER does not pass X-Cgidump-Token"
else
	SETTINGS_SAYS="the right token 200, a wrong or missing one 403"
fi
