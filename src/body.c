/* cgidump: see LICENSE (ISC). */
/*
 * body.c: reading the request body from standard input.
 *
 * RFC 3875 §4.2: the server supplies CONTENT_LENGTH bytes on stdin and
 * "the script MUST NOT attempt to read more than CONTENT_LENGTH bytes,
 * even if more data is available".  Some servers (mini_httpd, Python's
 * http.server) hand over the client socket itself, which never reaches
 * end of file while the client waits for the answer, so reading to EOF
 * would hang: read exactly the length, and give up after a bounded
 * wait for bytes that do not come.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#if HAVE_FIONREAD
#include <sys/ioctl.h>
#endif

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "parse.h"

/*
 * Wait until fd is readable, at most timeout seconds (0: no bound) and
 * never past the deadline.  BODY_NONE when it is, else BODY_TIMEOUT,
 * BODY_DEADLINE, or BODY_READ_ERROR when poll(2) failed (errno says why).
 */
static enum body_end
wait_readable(int fd, uint64_t timeout, const struct deadline *dl)
{
	struct pollfd	 pfd;
	int		 ms, left, rc, by_deadline;

	for (;;) {
		if (timeout == 0)
			ms = -1;
		else if (timeout > INT_MAX / 1000)
			ms = INT_MAX;	/* some 24 days: still a bound */
		else
			ms = (int)timeout * 1000;
		by_deadline = 0;
		if (dl->set) {
			if ((left = deadline_ms(dl)) == 0)
				return BODY_DEADLINE;
			if (ms == -1 || left < ms) {
				ms = left;
				by_deadline = 1;
			}
		}
		pfd.fd = fd;
		pfd.events = POLLIN;
		if ((rc = poll(&pfd, 1, ms)) == -1 && errno == EINTR)
			continue;
		/* A wait that cannot be bounded must not become a read that
		 * blocks for ever: the caller reports errno. */
		if (rc == -1)
			return BODY_READ_ERROR;
		/* POLLHUP, POLLERR, POLLNVAL: let read(2) say what happened. */
		if (rc != 0)
			return BODY_NONE;
		return by_deadline ? BODY_DEADLINE : BODY_TIMEOUT;
	}
}

/*
 * Whether a read from fd may wait.  A regular file's never does (its
 * end is an end of file), so no poll(2) goes before it; the deadline
 * is still kept, on the clock.  A pipe's or a socket's may, even right
 * after a read that filled the buffer (the writer may have stopped at
 * just that many bytes): without poll(2), or O_NONBLOCK on a file
 * description the server shares, a read there could outlast
 * CGIDUMP_TIMEOUT and CGIDUMP_DEADLINE.
 */
static int
read_may_wait(int fd)
{
	struct stat	 st;

	return fstat(fd, &st) == -1 || !S_ISREG(st.st_mode);
}

/*
 * How many bytes are waiting on fd, without reading them: the body
 * must not be read past CONTENT_LENGTH, but the reader should learn
 * that the length was shorter than what the client sent.
 */
static uint64_t
bytes_waiting(int fd)
{
	struct stat	 st;
	off_t		 pos;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((pos = lseek(fd, 0, SEEK_CUR)) == -1 || st.st_size <= pos)
			return 0;
		return (uint64_t)(st.st_size - pos);
	}
#if HAVE_FIONREAD
	{
		int	 n = 0;

		if (ioctl(fd, FIONREAD, &n) == 0 && n > 0)
			return (uint64_t)n;
	}
#endif
	return 0;
}

/*
 * A network socket is most likely the client's own connection
 * (mini_httpd, Python's http.server); a local one leads to the server
 * (Apache's mod_cgid), which ends the body as a pipe would.
 */
static const char *
socket_kind(int fd)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof(ss);

	memset(&ss, 0, sizeof(ss));
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0 &&
	    ss.ss_family == AF_UNIX)
		return "unix-socket";
	return "socket";
}

/* What standard input is: servers differ (cgi-server-survey.md). */
const char *
stdin_kind(int fd)
{
	struct stat	 st;

	if (fstat(fd, &st) == -1)
		return "closed";
	if (S_ISFIFO(st.st_mode))
		return "pipe";
	if (S_ISSOCK(st.st_mode))
		return socket_kind(fd);
	if (S_ISREG(st.st_mode))
		return "file";
	if (S_ISCHR(st.st_mode))
		return isatty(fd) ? "tty" : "device";
	return "other";
}

/*
 * RFC 9112 §7.1 chunked framing, for servers that pass it through
 * (busybox httpd, mini_httpd, Python's http.server): decoded, so that
 * reading stops at the last chunk instead of waiting for an end of
 * file that a client socket never gives.  The grammar is in parse.h.
 */
void
dechunk_init(struct dechunk *c, body_sink sink, void *arg)
{
	memset(c, 0, sizeof(*c));
	c->sink = sink;
	c->arg = arg;
}

/*
 * Bytes that start with chunk-size CRLF or chunk-size ";".
 * XXX: a guess, for servers that pass chunked framing on without
 * saying so (no CONTENT_LENGTH, Transfer-Encoding: chunked): a decoded
 * body that happens to start with hex digits and a line end is taken
 * for framing.  RFC 3875 gives the program no way to know better.
 */
int
dechunk_looks_chunked(const char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < len && i < 64 && hex_value(p[i]) >= 0; i++)
		continue;
	return i > 0 && i < len && (p[i] == ';' || p[i] == '\r' ||
	    p[i] == '\n');
}

void
dechunk_feed(struct dechunk *c, const char *p, size_t len)
{
	size_t	 i, n;
	int	 h;

	for (i = 0; i < len && c->state < CH_DONE; i++) {
		switch (c->state) {
		case CH_SIZE:
			/* Leading zeros are allowed, 2^64 is not. */
			if ((h = hex_value(p[i])) >= 0 && c->left >> 60 == 0) {
				c->left = c->left << 4 | (uint64_t)h;
				c->digits = 1;
			} else if (c->digits > 0 && (p[i] == ';' ||
			    p[i] == '\r' || p[i] == ' ' || p[i] == '\t'))
				c->state = CH_EXT;
			else if (c->digits > 0 && p[i] == '\n')
				c->state = c->left ? CH_DATA : CH_TRAILER;
			else
				c->state = CH_BAD;
			break;
		case CH_EXT:
			if (p[i] == '\n')
				c->state = c->left ? CH_DATA : CH_TRAILER;
			break;
		case CH_DATA:
			n = len - i;
			if (n > c->left)
				n = (size_t)c->left;
			c->sink(c->arg, p + i, n);
			c->left -= n;
			i += n - 1;
			if (c->left == 0)
				c->state = CH_DATA_CR;
			break;
		case CH_DATA_CR:
			if (p[i] == '\r') {
				c->state = CH_DATA_LF;
				break;
			}
			/* FALLTHROUGH */
		case CH_DATA_LF:
			c->state = p[i] == '\n' ? CH_SIZE : CH_BAD;
			c->digits = 0;
			break;
		case CH_TRAILER:
			if (p[i] == '\n')
				c->state = CH_DONE;
			else if (p[i] != '\r')
				c->state = CH_TRAILER_LINE;
			break;
		case CH_TRAILER_LINE:
			if (p[i] == '\n')
				c->state = CH_TRAILER;
			break;
		default:
			break;
		}
	}
}

static void
dechunk_sink(void *arg, const char *p, size_t len)
{
	dechunk_feed(arg, p, len);
}

/* With keep_framing the framing is decoded only to learn its end. */
static void
discard_sink(void *arg, const char *p, size_t len)
{
	(void)arg;
	(void)p;
	(void)len;
}

/*
 * Read the body from fd and hand it to sink as it comes: exactly
 * req->length bytes, or with req->to_eof (no CONTENT_LENGTH, chunked)
 * up to the end of file or of the chunked framing.  The limits (lim,
 * indexed by LIM_*; 0: none) bound it: at most CGIDUMP_MAX_BODY bytes,
 * CGIDUMP_TIMEOUT seconds of silence and CGIDUMP_DEADLINE seconds in
 * all.  Records how it ended in req.  With req->keep_framing (/replay,
 * which reproduces stdin as it came) raw chunked framing reaches the
 * sink as it is, and is decoded only to find where it ends.
 */
void
body_read(int fd, struct request *req, const struct limit *lim,
    body_sink sink, void *arg)
{
	char		 buf[65536];
	uint64_t	 want, max = lim[LIM_BODY].value;
	uint64_t	 timeout = lim[LIM_TIMEOUT].value;
	size_t		 ask;
	ssize_t		 got;
	struct dechunk	 dc;
	struct deadline	 dl;
	enum body_end	 waited;
	int		 may_wait;

	req->body_end = BODY_NONE;
	if (!req->to_eof && (!req->has_length || req->length == 0)) {
		req->trailing_bytes = bytes_waiting(fd);
		return;
	}
	want = req->to_eof ? UINT64_MAX : req->length;
	if (max != 0 && want > max)
		want = max;
	dechunk_init(&dc, req->keep_framing ? discard_sink : sink, arg);
	deadline_start(&dl, lim[LIM_DEADLINE].value);
	may_wait = read_may_wait(fd);
	while (req->body_bytes < want) {
		if (!may_wait) {
			if (dl.set && deadline_ms(&dl) == 0) {
				req->body_end = BODY_DEADLINE;
				return;
			}
		} else if ((waited = wait_readable(fd, timeout, &dl)) !=
		    BODY_NONE) {
			if (waited == BODY_READ_ERROR)
				req->read_errno = errno;
			req->body_end = waited;
			return;
		}
		ask = sizeof(buf);
		if (want - req->body_bytes < ask)
			ask = (size_t)(want - req->body_bytes);
		got = read(fd, buf, ask);
		if (got == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got == -1) {
			req->read_errno = errno;
			req->body_end = BODY_READ_ERROR;
			return;
		}
		if (got == 0) {
			req->body_end = req->to_eof && !req->chunk_framing ?
			    BODY_DONE : BODY_SHORT;
			return;
		}
		if (req->to_eof && req->body_bytes == 0 &&
		    dechunk_looks_chunked(buf, (size_t)got)) {
			req->chunk_framing = 1;
			if (!req->keep_framing) {
				sink = dechunk_sink;
				arg = &dc;
			}
		}
		req->body_bytes += (uint64_t)got;
		sink(arg, buf, (size_t)got);
		if (req->chunk_framing && req->keep_framing)
			dechunk_feed(&dc, buf, (size_t)got);
		if (req->chunk_framing && dc.state >= CH_DONE) {
			req->body_end = dc.state == CH_DONE ? BODY_DONE :
			    BODY_BAD_FRAMING;
			return;
		}
	}
	/*
	 * Read to the end: a body of exactly the limit is complete.  The
	 * deadline bounds this wait too; past it, more may have come.
	 */
	if (req->to_eof && !req->chunk_framing &&
	    wait_readable(fd, timeout, &dl) == BODY_NONE &&
	    read(fd, buf, 1) == 0) {
		req->body_end = BODY_DONE;
		return;
	}
	if (req->to_eof || want < req->length) {
		req->body_end = BODY_LIMIT;
		return;
	}
	req->body_end = BODY_DONE;
	req->trailing_bytes = bytes_waiting(fd);
}
