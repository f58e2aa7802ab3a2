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
#include <sys/stat.h>
#if HAVE_FIONREAD
#include <sys/ioctl.h>
#endif

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <unistd.h>

#include "dump.h"

/* Wait until fd is readable: 1, or 0 after timeout seconds (0: never). */
static int
wait_readable(int fd, uint64_t timeout)
{
	struct pollfd	 pfd;
	int		 ms, rc;

	if (timeout == 0)
		ms = -1;
	else if (timeout > INT_MAX / 1000)
		ms = INT_MAX;		/* some 24 days: still a bound */
	else
		ms = (int)timeout * 1000;
	pfd.fd = fd;
	pfd.events = POLLIN;
	do
		rc = poll(&pfd, 1, ms);
	while (rc == -1 && errno == EINTR);
	/* POLLHUP, POLLERR, POLLNVAL: let read(2) say what happened. */
	return rc != 0;
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
 * Read req->length bytes (at most max, 0: no limit) from fd and hand
 * them to sink as they come.  Records how it ended in req.
 */
void
body_read(int fd, struct request *req, uint64_t max, uint64_t timeout,
    body_sink sink, void *arg)
{
	char		 buf[65536];
	uint64_t	 want;
	size_t		 ask;
	ssize_t		 got;

	req->body_end = BODY_NONE;
	if (!req->has_length || req->length == 0) {
		req->trailing_bytes = bytes_waiting(fd);
		return;
	}
	want = req->length;
	if (max != 0 && want > max)
		want = max;
	while (req->body_bytes < want) {
		if (!wait_readable(fd, timeout)) {
			req->body_end = BODY_TIMEOUT;
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
			req->body_end = BODY_ERROR;
			return;
		}
		if (got == 0) {
			req->body_end = BODY_SHORT;
			return;
		}
		req->body_bytes += (uint64_t)got;
		sink(arg, buf, (size_t)got);
	}
	if (want < req->length) {
		req->body_end = BODY_LIMIT;
		return;
	}
	req->body_end = BODY_DONE;
	req->trailing_bytes = bytes_waiting(fd);
}
