/* cgidump: see LICENSE (ISC). */
/*
 * tests/bench/fcgifloor.c: the floor tests/bench/fastcgi-load.sh
 * measures the daemon against (issue 14), as envcgi.c is make bench's
 * for CGI: the least a FastCGI responder that shows its parameters can
 * do.  For each request it reads the records, skips the body, and
 * answers a Content-Type header and each parameter on a line; nothing
 * else: no checks, no hash, no sandbox, no process per request.
 *
 *	fcgifloor SOCKET [PROCESSES]
 *
 * It listens on the Unix socket SOCKET and forks PROCESSES (default 64)
 * that each accept a connection and answer request after request on it
 * until the server closes it, so that a server's kept connections never
 * wait for one.  It ends on SIGTERM (each process does).  Not hostile
 * input safe beyond what a benchmark needs: records are bounded by the
 * protocol's 16-bit lengths, and anything it does not expect closes the
 * connection.
 */
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BEGIN_REQUEST	1
#define ABORT_REQUEST	2
#define END_REQUEST	3
#define PARAMS		4
#define STDIN		5
#define STDOUT		6
#define KEEP_CONN	1

struct conn {
	int		 fd;
	unsigned char	 in[65536 + 8 + 255];
	size_t		 have, off;
	char		 out[65536];
	size_t		 used;
};

/* Exactly len bytes of the connection, buffered: 0 at its end. */
static int
conn_get(struct conn *c, unsigned char *p, size_t len)
{
	ssize_t	 n;

	while (c->have - c->off < len) {
		if (c->off > 0) {
			memmove(c->in, c->in + c->off, c->have - c->off);
			c->have -= c->off;
			c->off = 0;
		}
		n = read(c->fd, c->in + c->have, sizeof(c->in) - c->have);
		if (n <= 0)
			return 0;
		c->have += (size_t)n;
	}
	memcpy(p, c->in + c->off, len);
	c->off += len;
	return 1;
}

static int
put_all(int fd, const void *p, size_t len)
{
	const char	*b = p;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(fd, b, len)) <= 0)
			return 0;
		b += n;
		len -= (size_t)n;
	}
	return 1;
}

static void
header(unsigned char *h, int type, unsigned id, size_t len)
{
	h[0] = 1;
	h[1] = (unsigned char)type;
	h[2] = (unsigned char)(id >> 8);
	h[3] = (unsigned char)id;
	h[4] = (unsigned char)(len >> 8);
	h[5] = (unsigned char)len;
	h[6] = 0;
	h[7] = 0;
}

/* The answer so far as one STDOUT record (at most 65535 bytes). */
static int
out_flush(struct conn *c, unsigned id)
{
	unsigned char	 h[8];

	if (c->used == 0)
		return 1;
	header(h, STDOUT, id, c->used);
	if (!put_all(c->fd, h, 8) || !put_all(c->fd, c->out, c->used))
		return 0;
	c->used = 0;
	return 1;
}

static int
out_add(struct conn *c, unsigned id, const void *p, size_t len)
{
	const char	*b = p;
	size_t		 n;

	while (len > 0) {
		if (c->used == 65535 && !out_flush(c, id))
			return 0;
		n = 65535 - c->used;
		if (n > len)
			n = len;
		memcpy(c->out + c->used, b, n);
		c->used += n;
		b += n;
		len -= n;
	}
	return 1;
}

/* One name-value pair's length (FastCGI 1.0 §3.4): 1 or 4 bytes. */
static size_t
pair_len(const unsigned char **p, const unsigned char *end)
{
	size_t	 n;

	if (*p >= end)
		return (size_t)-1;
	if (**p < 0x80)
		return *(*p)++;
	if (end - *p < 4)
		return (size_t)-1;
	n = ((size_t)((*p)[0] & 0x7f) << 24) | ((size_t)(*p)[1] << 16) |
	    ((size_t)(*p)[2] << 8) | (*p)[3];
	*p += 4;
	return n;
}

/*
 * The parameters, each "name=value\n" into the answer.  A pair split
 * across two PARAMS records is not joined: nginx sends whole pairs
 * unless one is longer than a record, which the benchmark's are not.
 */
static int
params_show(struct conn *c, unsigned id, const unsigned char *p, size_t len)
{
	const unsigned char	*end = p + len;
	size_t			 nl, vl;

	while (p < end) {
		nl = pair_len(&p, end);
		vl = pair_len(&p, end);
		if (nl == (size_t)-1 || vl == (size_t)-1 ||
		    nl > (size_t)(end - p) || vl > (size_t)(end - p) - nl)
			return 0;
		if (!out_add(c, id, p, nl) || !out_add(c, id, "=", 1) ||
		    !out_add(c, id, p + nl, vl) || !out_add(c, id, "\n", 1))
			return 0;
		p += nl + vl;
	}
	return 1;
}

/* Requests on one connection until it ends or is not kept. */
static void
serve(struct conn *c)
{
	static const char	 head[] = "Content-Type: text/plain\r\n\r\n";
	unsigned char		 h[8], body[65535 + 255], end[16];
	unsigned		 id = 0, keep = 0;
	size_t			 len;
	int			 type, done;

	c->have = c->off = c->used = 0;
	while (conn_get(c, h, 8)) {
		type = h[1];
		len = ((size_t)h[4] << 8) | h[5];
		if (h[0] != 1 || !conn_get(c, body, len + h[6]))
			return;
		done = 0;
		switch (type) {
		case BEGIN_REQUEST:
			id = ((unsigned)h[2] << 8) | h[3];
			keep = len >= 3 && (body[2] & KEEP_CONN);
			if (!out_add(c, id, head, sizeof(head) - 1))
				return;
			break;
		case PARAMS:
			if (len > 0 && !params_show(c, id, body, len))
				return;
			break;
		case STDIN:
			done = len == 0;
			break;
		case ABORT_REQUEST:
			return;
		default:
			break;
		}
		if (!done)
			continue;
		if (!out_flush(c, id))
			return;
		header(end, STDOUT, id, 0);
		header(end + 8, END_REQUEST, id, 8);
		memset(body, 0, 8);	/* app status 0, FCGI_REQUEST_COMPLETE */
		if (!put_all(c->fd, end, 16) || !put_all(c->fd, body, 8) ||
		    !keep)
			return;
	}
}

int
main(int argc, char **argv)
{
	struct sockaddr_un	 sun;
	struct conn		*c;
	int			 lfd, i, procs;

	if (argc < 2 || argc > 3 ||
	    strlen(argv[1]) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "usage: fcgifloor SOCKET [PROCESSES]\n");
		return 2;
	}
	procs = argc == 3 ? atoi(argv[2]) : 64;
	if (procs < 1 || procs > 1024) {
		fprintf(stderr, "fcgifloor: PROCESSES: 1 to 1024\n");
		return 2;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, argv[1]);
	(void)unlink(argv[1]);
	if ((lfd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(lfd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(lfd, 1024) == -1) {
		perror("fcgifloor: listen");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < procs; i++) {
		switch (fork()) {
		case -1:
			perror("fcgifloor: fork");
			return 1;
		case 0:
			if ((c = malloc(sizeof(*c))) == NULL)
				return 1;
			for (;;) {
				if ((c->fd = accept(lfd, NULL, NULL)) == -1)
					continue;
				serve(c);
				close(c->fd);
			}
		default:
			break;
		}
	}
	/* The parent waits; SIGTERM to the group ends every process. */
	while (wait(NULL) > 0)
		;
	return 0;
}
