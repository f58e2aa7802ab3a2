/* cgidump: see LICENSE (ISC). */
/*
 * tests/fcgi.c: a FastCGI and SCGI client for the tests, written apart
 * from cgidump's own encoder so that each checks the other.
 *
 *	fcgi [-s] [-k] [-n COUNT] [-p MS] [-d MS] [-e] [-i ID] [-c CHUNK]
 *	    [-w MS] [-a] ADDR [NAME=VALUE...]
 *	fcgi -r ADDR
 *
 * Sends one request (COUNT on one connection with -k) with the given
 * parameters and standard input as the body, in STDIN records of at
 * most CHUNK bytes; writes FCGI_STDOUT to standard output and
 * FCGI_STDERR to standard error.  Exits 0 for an END_REQUEST with
 * FCGI_REQUEST_COMPLETE and application status 0, 1 with another
 * status (said on standard error), 100 + its protocol status when that
 * is not FCGI_REQUEST_COMPLETE, 99 when the connection ends without one.
 * -w waits MS milliseconds after the body before the empty STDIN record
 * that ends it, as a busy server (Caddy under load) does.
 * -p pauses MS milliseconds between two requests on one connection, as
 * a kept connection idle in a server's pool does.
 * -d waits MS milliseconds after each request is sent before reading
 * its answer, as a server slow to read does.
 * -e shuts the client's side (a half-close) after the last request.
 * -a sends FCGI_ABORT_REQUEST after the parameters instead of a body.
 * -s speaks SCGI: the answer is copied to standard output as it comes.
 * -r sends standard input as it is and prints each record that comes
 * back as "TYPE ID LENGTH CONTENT", the content %-escaped, until the
 * server closes the connection.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int	 sock;

static void
die(const char *what)
{
	fprintf(stderr, "fcgi: %s: %s\n", what, strerror(errno));
	exit(98);
}

static int
dial(const char *addr)
{
	struct sockaddr_un	 sun;
	struct addrinfo		 hints, *res;
	char			*copy, *host, *port;
	int			 fd;

	if (strncmp(addr, "unix:", 5) == 0) {
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", addr + 5);
		if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
			die("socket");
		if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
			die(addr);
		return fd;
	}
	if ((host = copy = strdup(addr)) == NULL)
		die("strdup");
	if ((port = strrchr(host, ':')) == NULL) {
		fprintf(stderr, "fcgi: %s: no port\n", addr);
		exit(98);
	}
	*port++ = '\0';
	if (*host == '[') {
		host++;
		host[strlen(host) - 1] = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &res) != 0) {
		fprintf(stderr, "fcgi: %s: no such address\n", addr);
		exit(98);
	}
	if ((fd = socket(res->ai_family, SOCK_STREAM, 0)) == -1)
		die("socket");
	if (connect(fd, res->ai_addr, res->ai_addrlen) == -1)
		die(addr);
	freeaddrinfo(res);
	free(copy);
	return fd;
}

static void
put(const void *p, size_t len)
{
	const char	*c = p;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(sock, c, len)) == -1) {
			if (errno == EINTR)
				continue;
			die("write");
		}
		c += n;
		len -= (size_t)n;
	}
}

static void
record(int type, unsigned id, const void *p, size_t len)
{
	unsigned char	 h[8];
	static const char pad[7];
	size_t		 padding = (8 - len % 8) % 8;

	h[0] = 1;
	h[1] = (unsigned char)type;
	h[2] = (unsigned char)(id >> 8);
	h[3] = (unsigned char)id;
	h[4] = (unsigned char)(len >> 8);
	h[5] = (unsigned char)len;
	h[6] = (unsigned char)padding;
	h[7] = 0;
	put(h, 8);
	put(p, len);
	put(pad, padding);
}

/* A name-value pair's length: one byte below 128, else four. */
static size_t
nvlen(unsigned char *b, size_t n)
{
	if (n < 128) {
		b[0] = (unsigned char)n;
		return 1;
	}
	b[0] = (unsigned char)(0x80 | n >> 24);
	b[1] = (unsigned char)(n >> 16);
	b[2] = (unsigned char)(n >> 8);
	b[3] = (unsigned char)n;
	return 4;
}

static size_t
readn(void *p, size_t len)
{
	char	*c = p;
	size_t	 got = 0;
	ssize_t	 n;

	while (got < len) {
		if ((n = read(sock, c + got, len - got)) == -1) {
			if (errno == EINTR)
				continue;
			die("read");
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return got;
}

static char	*body;
static size_t	 bodylen;

static void
slurp(void)
{
	char	 b[65536];
	size_t	 n;

	while ((n = fread(b, 1, sizeof(b), stdin)) > 0) {
		if ((body = realloc(body, bodylen + n)) == NULL)
			die("realloc");
		memcpy(body + bodylen, b, n);
		bodylen += n;
	}
}

static void
params(unsigned id, int argc, char **argv)
{
	unsigned char	*b = NULL;
	size_t		 len = 0, nl, vl, i, off;
	int		 k;
	char		*eq;

	for (k = 0; k < argc; k++) {
		eq = strchr(argv[k], '=');
		nl = eq != NULL ? (size_t)(eq - argv[k]) : strlen(argv[k]);
		vl = eq != NULL ? strlen(eq + 1) : 0;
		if ((b = realloc(b, len + 8 + nl + vl)) == NULL)
			die("realloc");
		len += nvlen(b + len, nl);
		len += nvlen(b + len, vl);
		memcpy(b + len, argv[k], nl);
		len += nl;
		if (vl > 0)
			memcpy(b + len, eq + 1, vl);
		len += vl;
	}
	/* in records of at most 1000 bytes, so that pairs span them */
	for (off = 0; off < len; off += i) {
		i = len - off < 1000 ? len - off : 1000;
		record(4, id, b + off, i);
	}
	record(4, id, "", 0);
	free(b);
}

/* Read records until END_REQUEST for id; its exit code. */
static int
answer(unsigned id)
{
	unsigned char	 h[8];
	static char	 c[65536 + 256];
	size_t		 clen, plen;
	unsigned	 rid;

	for (;;) {
		if (readn(h, 8) != 8)
			return 99;
		rid = (unsigned)h[2] << 8 | h[3];
		clen = (size_t)h[4] << 8 | h[5];
		plen = h[6];
		if (readn(c, clen + plen) != clen + plen)
			return 99;
		if (h[1] == 6 && rid == id)
			fwrite(c, 1, clen, stdout);
		else if (h[1] == 7 && rid == id)
			fwrite(c, 1, clen, stderr);
		else if (h[1] == 3 && rid == id) {
			fflush(stdout);
			if (c[4] != 0)
				return 100 + (unsigned char)c[4];
			if (c[0] == 0 && c[1] == 0 && c[2] == 0 && c[3] == 0)
				return 0;
			fprintf(stderr, "fcgi: application status %lu\n",
			    (unsigned long)(unsigned char)c[0] << 24 |
			    (unsigned long)(unsigned char)c[1] << 16 |
			    (unsigned long)(unsigned char)c[2] << 8 |
			    (unsigned char)c[3]);
			return 1;
		} else
			fprintf(stderr, "fcgi: record %d for request %u\n",
			    h[1], rid);
	}
}

static void
raw(void)
{
	unsigned char	 h[8];
	static unsigned char c[65536 + 256];
	size_t		 clen, plen, i;

	slurp();
	put(body, bodylen);
	while (readn(h, 8) == 8) {
		clen = (size_t)h[4] << 8 | h[5];
		plen = h[6];
		if (readn(c, clen + plen) != clen + plen)
			break;
		printf("%d %u %zu ", h[1], (unsigned)h[2] << 8 | h[3], clen);
		for (i = 0; i < clen; i++)
			if (c[i] > 32 && c[i] < 127 && c[i] != '%')
				putchar(c[i]);
			else
				printf("%%%02X", c[i]);
		putchar('\n');
	}
}

static void
scgi(int argc, char **argv)
{
	char	 b[65536], num[32];
	size_t	 len = 0, n;
	char	*h = NULL;
	int	 k;

	slurp();
	n = (size_t)snprintf(num, sizeof(num), "%zu", bodylen);
	if ((h = malloc(32 + n)) == NULL)
		die("malloc");
	memcpy(h, "CONTENT_LENGTH", 15);
	memcpy(h + 15, num, n + 1);
	len = 15 + n + 1;
	memcpy(h + len, "SCGI\0" "1", 7);
	len += 7;
	for (k = 0; k < argc; k++) {
		char	*eq = strchr(argv[k], '=');
		size_t	 l = strlen(argv[k]);

		if ((h = realloc(h, len + l + 2)) == NULL)
			die("realloc");
		memcpy(h + len, argv[k], l + 1);
		if (eq != NULL)
			h[len + (size_t)(eq - argv[k])] = '\0';
		else
			h[len + l + 1] = '\0', l++;
		len += l + 1;
	}
	n = (size_t)snprintf(num, sizeof(num), "%zu:", len);
	put(num, n);
	put(h, len);
	put(",", 1);
	put(body, bodylen);
	while ((n = (size_t)read(sock, b, sizeof(b))) > 0 && n != (size_t)-1)
		fwrite(b, 1, n, stdout);
	free(h);
}

static void
pause_ms(long ms)
{
	struct timespec	 ts;

	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = ms % 1000 * 1000000;
	nanosleep(&ts, NULL);
}

int
main(int argc, char *argv[])
{
	int		 c, keep = 0, abort_it = 0, half = 0, status = 0;
	long		 wait_ms = 0, pause = 0, delay = 0;
	long		 count = 1, i;
	unsigned	 id = 1;
	size_t		 chunk = 65535, off, n;
	unsigned char	 begin[8];

	while ((c = getopt(argc, argv, "skn:p:d:ei:c:w:ar")) != -1)
		switch (c) {
		case 's':
			if (optind >= argc)
				return 98;
			sock = dial(argv[optind]);
			scgi(argc - optind - 1, argv + optind + 1);
			return 0;
		case 'r':
			if (optind >= argc)
				return 98;
			sock = dial(argv[optind]);
			raw();
			return 0;
		case 'k':
			keep = 1;
			break;
		case 'n':
			count = strtol(optarg, NULL, 10);
			break;
		case 'p':
			pause = strtol(optarg, NULL, 10);
			break;
		case 'd':
			delay = strtol(optarg, NULL, 10);
			break;
		case 'e':
			half = 1;
			break;
		case 'i':
			id = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'c':
			chunk = (size_t)strtoul(optarg, NULL, 10);
			if (chunk == 0 || chunk > 65535)
				chunk = 65535;
			break;
		case 'w':
			wait_ms = strtol(optarg, NULL, 10);
			break;
		case 'a':
			abort_it = 1;
			break;
		default:
			fputs("usage: fcgi [-s|-r] [-k] [-n COUNT] [-p MS] "
			    "[-d MS] [-e] [-i ID] [-c CHUNK] [-w MS] [-a] ADDR "
			    "[NAME=VALUE...]\n", stderr);
			return 98;
		}
	if (optind >= argc)
		return 98;
	sock = dial(argv[optind]);
	slurp();
	for (i = 0; i < count; i++) {
		if (i > 0)
			pause_ms(pause);
		memset(begin, 0, sizeof(begin));
		begin[1] = 1;
		begin[2] = keep;
		record(1, id, begin, sizeof(begin));
		params(id, argc - optind - 1, argv + optind + 1);
		if (abort_it)
			record(2, id, "", 0);
		else {
			for (off = 0; off < bodylen; off += n) {
				n = bodylen - off < chunk ? bodylen - off :
				    chunk;
				record(5, id, body + off, n);
			}
			pause_ms(wait_ms);
			record(5, id, "", 0);
		}
		if (half && i == count - 1)
			shutdown(sock, SHUT_WR);
		pause_ms(delay);
		status = answer(id);
		if (status >= 99)
			break;
	}
	return status;
}
