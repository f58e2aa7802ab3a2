/* cgidump: see LICENSE (ISC). */
/*
 * serve.c: FastCGI and SCGI modes (DESIGN.md "Modes").
 *
 * A small parent listens and accepts; a child per connection speaks
 * the protocol (at most CGIDUMP_MAX_CHILDREN of them: past that a new
 * connection waits in the listen queue); and each request runs in a
 * process of its own, forked from the child, exactly as CGI mode runs
 * one: the server's parameters are its environment, its standard
 * streams are pipes (FastCGI) or the connection itself (SCGI), and it
 * collects, fences, sandboxes itself and answers as in CGI mode.  A
 * request that crashes, stalls or is aborted takes its own process
 * with it and nothing else.
 *
 * Every problem is one line on the daemon's standard error.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "transport.h"

#define CONN_READ	65536
#define OUT_HIGH	(256 * 1024)	/* records queued: stop reading */
#define PIPE_READ	32768
#define LINGER_BYTES	(1024 * 1024)	/* SCGI: unread body, drained */
#define IDLE_YIELD_S	1	/* idle this long: closed for a waiter */

static const struct serve_conf	*conf;
static const char		*listen_name;
static volatile sig_atomic_t	 got_term, got_chld, got_usr1;

static void	serve_log(const char *, ...)
		    __attribute__((format(printf, 1, 2)));

/* One line on stderr, in one write(2) so that lines do not mix. */
static void
serve_log(const char *fmt, ...)
{
	char	 line[512];
	va_list	 ap;
	int	 n;

	n = snprintf(line, sizeof(line), "cgidump[%ld]: ", (long)getpid());
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n = (int)strlen(line);
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, (size_t)n);
}

static void
on_signal(int sig)
{
	if (sig == SIGCHLD)
		got_chld = 1;
	else if (sig == SIGUSR1)
		got_usr1 = 1;
	else
		got_term = 1;
}

static void
catch(int sig)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* What a request's process starts with: no handler and no mask of ours. */
static void
signals_default(void)
{
	sigset_t	 none;

	signal(SIGCHLD, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static void
nonblock(int fd)
{
	int	 fl = fcntl(fd, F_GETFL);

	if (fl != -1)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* Whether fd is a listening stream socket (FCGI_LISTENSOCK_FILENO). */
int
serve_listening(int fd)
{
	int		 v = 0, type = 0;
	socklen_t	 len = sizeof(v);

	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == -1 ||
	    v == 0)
		return 0;
	len = sizeof(type);
	return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
	    type == SOCK_STREAM;
}

#if STATIC_BUILD
/*
 * Static glibc's getpwnam(3) needs NSS modules at run time: a static
 * build reads the files, as process.c does for the names it shows.
 */
static int
file_id(const char *path, const char *name, unsigned long *id)
{
	FILE	*f;
	char	 line[1024], *p, *end;
	size_t	 n = strlen(name);
	int	 found = 0;

	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, name, n) != 0 || line[n] != ':' ||
		    (p = strchr(line + n + 1, ':')) == NULL)
			continue;
		errno = 0;
		*id = strtoul(p + 1, &end, 10);
		found = end != p + 1 && *end == ':' && errno == 0;
	}
	fclose(f);
	return found;
}

static int
user_id(const char *name, uid_t *uid)
{
	unsigned long	 id;

	if (!file_id("/etc/passwd", name, &id))
		return 0;
	*uid = (uid_t)id;
	return 1;
}

static int
group_id(const char *name, gid_t *gid)
{
	unsigned long	 id;

	if (!file_id("/etc/group", name, &id))
		return 0;
	*gid = (gid_t)id;
	return 1;
}
#else
static int
user_id(const char *name, uid_t *uid)
{
	struct passwd	*pw;

	if ((pw = getpwnam(name)) == NULL)
		return 0;
	*uid = pw->pw_uid;
	return 1;
}

static int
group_id(const char *name, gid_t *gid)
{
	struct group	*gr;

	if ((gr = getgrnam(name)) == NULL)
		return 0;
	*gid = gr->gr_gid;
	return 1;
}
#endif

/* --socket-mode and --socket-owner, on the socket just bound. */
static int
unix_perms(const char *path)
{
	char		*end, *user, *group;
	uid_t		 uid = (uid_t)-1;
	gid_t		 gid = (gid_t)-1;
	unsigned long	 mode;

	if (conf->sock_mode != NULL) {
		errno = 0;
		mode = strtoul(conf->sock_mode, &end, 8);
		if (errno != 0 || *end != '\0' || end == conf->sock_mode ||
		    mode > 07777) {
			serve_log("--socket-mode %s: not an octal mode",
			    conf->sock_mode);
			return -1;
		}
		if (chmod(path, (mode_t)mode) == -1) {
			serve_log("chmod %s: %s", path, strerror(errno));
			return -1;
		}
	}
	if (conf->sock_owner == NULL)
		return 0;
	user = xstrdup(conf->sock_owner);
	if ((group = strchr(user, ':')) != NULL)
		*group++ = '\0';
	if (*user != '\0') {
		if (!user_id(user, &uid)) {
			serve_log("--socket-owner: no user %s", user);
			free(user);
			return -1;
		}
	}
	if (group != NULL && *group != '\0') {
		if (!group_id(group, &gid)) {
			serve_log("--socket-owner: no group %s", group);
			free(user);
			return -1;
		}
	}
	free(user);
	if (chown(path, uid, gid) == -1) {
		serve_log("chown %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * unix:/path.  A socket file left by a daemon that is gone is
 * replaced; one that a process still listens on, or a file that is
 * not a socket, is not touched.
 */
static int
listen_unix(const char *path)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path) || *path == '\0') {
		serve_log("unix:%s: a socket path is 1 to %zu bytes", path,
		    sizeof(sun.sun_path) - 1);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1) {
		serve_log("socket: %s", strerror(errno));
		return -1;
	}
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			serve_log("%s exists and is not a socket: not replaced",
			    path);
			close(fd);
			return -1;
		}
		if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
			serve_log("%s: another process listens there", path);
			close(fd);
			return -1;
		}
		close(fd);
		unlink(path);
		if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1) {
			serve_log("socket: %s", strerror(errno));
			return -1;
		}
	}
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		serve_log("bind %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (unix_perms(path) == -1) {
		unlink(path);
		close(fd);
		return -1;
	}
	return fd;
}

/* A bound stream socket for sa, or -1 with errno set. */
static int
bind_to(const struct sockaddr *sa, socklen_t len)
{
	int	 fd, on = 1, e;

	if ((fd = socket(sa->sa_family, SOCK_STREAM, 0)) == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, sa, len) == 0)
		return fd;
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

#if STATIC_BUILD
/*
 * Static glibc's getaddrinfo(3) needs NSS modules at run time: a
 * static build takes numeric addresses, and localhost.
 */
static int
bind_host(const char *addr, const char *host, const char *port)
{
	struct sockaddr_in	 s4;
	struct sockaddr_in6	 s6;
	uint64_t		 n;
	int			 fd;

	if (!parse_u64(port, strlen(port), &n) || n > 65535) {
		serve_log("%s: the port is a number up to 65535", addr);
		return -1;
	}
	if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	memset(&s4, 0, sizeof(s4));
	memset(&s6, 0, sizeof(s6));
	if (inet_pton(AF_INET, host, &s4.sin_addr) == 1) {
		s4.sin_family = AF_INET;
		s4.sin_port = htons((uint16_t)n);
		fd = bind_to((struct sockaddr *)&s4, sizeof(s4));
	} else if (inet_pton(AF_INET6, host, &s6.sin6_addr) == 1) {
		s6.sin6_family = AF_INET6;
		s6.sin6_port = htons((uint16_t)n);
		fd = bind_to((struct sockaddr *)&s6, sizeof(s6));
	} else {
		serve_log("%s: a static build takes a numeric address or "
		    "localhost, not a name to look up", addr);
		return -1;
	}
	if (fd == -1)
		serve_log("bind %s: %s", addr, strerror(errno));
	return fd;
}
#else
static int
bind_host(const char *addr, const char *host, const char *port)
{
	struct addrinfo	 hints, *res, *ai;
	int		 fd = -1, e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((e = getaddrinfo(host, port, &hints, &res)) != 0) {
		serve_log("%s: %s", addr, gai_strerror(e));
		return -1;
	}
	for (ai = res; ai != NULL && fd == -1; ai = ai->ai_next)
		fd = bind_to(ai->ai_addr, ai->ai_addrlen);
	if (fd == -1)
		serve_log("bind %s: %s", addr, strerror(errno));
	freeaddrinfo(res);
	return fd;
}
#endif

/* HOST:PORT or [V6]:PORT. */
static int
listen_inet(const char *addr)
{
	char	*host, *port;
	int	 fd;

	host = xstrdup(addr);
	if (*host == '[') {
		port = strstr(host, "]:");
		if (port != NULL) {
			*port = '\0';
			port += 2;
		}
		memmove(host, host + 1, strlen(host));
	} else if ((port = strrchr(host, ':')) != NULL)
		*port++ = '\0';
	if (port == NULL || *port == '\0' || *host == '\0') {
		serve_log("%s: give unix:/path, HOST:PORT or [V6]:PORT", addr);
		free(host);
		return -1;
	}
	fd = bind_host(addr, host, port);
	free(host);
	return fd;
}

static int
listen_on(const char *addr)
{
	int	 fd;

	fd = strncmp(addr, "unix:", 5) == 0 ? listen_unix(addr + 5) :
	    listen_inet(addr);
	if (fd != -1 && listen(fd, SOMAXCONN) == -1) {
		serve_log("listen %s: %s", addr, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * The parameters of one request: "NAME=VALUE" packed in one buffer,
 * by offset until the buffer stops growing.
 */
struct params {
	struct buf	 bytes;
	size_t		*off, *lens;
	size_t		 n, cap;
};

static void
params_add(void *arg, const char *name, size_t nlen, const char *value,
    size_t vlen)
{
	struct params	*p = arg;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->off = xreallocarray(p->off, p->cap, sizeof(*p->off));
		p->lens = xreallocarray(p->lens, p->cap, sizeof(*p->lens));
	}
	p->off[p->n] = p->bytes.len;
	p->lens[p->n] = nlen + 1 + vlen;
	buf_add(&p->bytes, name, nlen);
	buf_addc(&p->bytes, '=');
	buf_add(&p->bytes, value, vlen);
	buf_addc(&p->bytes, '\0');
	p->n++;
}

static void
params_free(struct params *p)
{
	buf_free(&p->bytes);
	free(p->off);
	free(p->lens);
	memset(p, 0, sizeof(*p));
}

/*
 * Fork the process that runs one request with fds 0, 1 and 2 as
 * given; -1 when fork fails.  It never returns in the new process.
 */
static pid_t
request_fork(struct params *p, const struct transport_facts *facts,
    const int fds[3], const int *closing, size_t nclosing)
{
	struct served	 s;
	char		**v;
	size_t		 i;
	pid_t		 pid;

	if ((pid = fork()) != 0) {
		if (pid == -1)
			serve_log("fork: %s", strerror(errno));
		return pid;
	}
	for (i = 0; i < 3; i++)
		if (fds[i] != (int)i && dup2(fds[i], (int)i) == -1)
			_exit(1);
	for (i = 0; i < nclosing; i++)
		if (closing[i] > 2)
			close(closing[i]);
	signals_default();
	v = xcalloc(p->n + 1, sizeof(*v));
	for (i = 0; i < p->n; i++)
		v[i] = p->bytes.p + p->off[i];
	s.params = v;
	s.lens = p->lens;
	s.n = p->n;
	s.facts = *facts;
	exit(conf->run(&s));
}

/* A wait status as a word for the log. */
static void
status_log(pid_t pid, int st, const char *what)
{
	if (WIFSIGNALED(st))
		serve_log("%s (pid %ld) ended by signal %d", what, (long)pid,
		    WTERMSIG(st));
	else if (WIFEXITED(st) && WEXITSTATUS(st) != 0 &&
	    WEXITSTATUS(st) != 1)
		serve_log("%s (pid %ld) exited %d", what, (long)pid,
		    WEXITSTATUS(st));
}

/*
 * After the answer, what is left unread of the request (SCGI's body
 * the process did not read, FastCGI records past an error or past the
 * body the request read) is read and dropped, bounded, before the
 * close: a socket closed with bytes unread is reset, and the reset can
 * destroy the answer still in flight to the server; one closed while
 * the server still writes breaks that write.  The server sees the end
 * of the answer at once (SHUT_WR) and may take up to CGIDUMP_TIMEOUT
 * (10 s when that is off) between writes.
 */
static void
linger(int fd)
{
	char		 b[CONN_READ];
	struct pollfd	 pfd;
	size_t		 total = 0;
	ssize_t		 n;
	int		 ms = 10000;

	if (conf->timeout > 0 && conf->timeout < 10)
		ms = (int)conf->timeout * 1000;
	shutdown(fd, SHUT_WR);
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (total < LINGER_BYTES && poll(&pfd, 1, ms) > 0) {
		if ((n = read(fd, b, sizeof(b))) <= 0)
			break;
		total += (size_t)n;
	}
}

/* ---- FastCGI: one connection ---- */

enum phase	{ PH_IDLE, PH_PARAMS, PH_RUNNING };

struct fconn {
	int		 fd;
	struct buf	 out;		/* records not yet written */
	size_t		 outoff;
	time_t		 opened, last_in, last_out;
	int		 eof;		/* the server closed its side */
	int		 closing;	/* close once out is written */
	int		 unread;	/* the server may still be sending */
	uint64_t	 requests;
	struct deadline	 yield;		/* idle from its last answer written */
	/* the request on it, one at a time (FCGI_MPXS_CONNS is 0) */
	enum phase	 phase;
	unsigned	 id;
	int		 keep_conn;
	time_t		 began;
	struct fcgi_pairs pairs;
	struct params	 params;
	pid_t		 pid;
	int		 in, pout, perr;	/* pipe ends, -1 closed */
	struct buf	 pending;		/* STDIN bytes for in */
	size_t		 pendoff;
	int		 stdin_eof;
	int		 sent_out, sent_err;
	int		 aborted;
	struct fcgi	 rec;		/* last: fconn_new() leaves its content be */
};

/*
 * A connection's state, zeroed but for the record parser's 64 KiB of
 * content, which is always written before it is read: calloc would
 * write every page of it, 16 page faults for each connection (on a
 * machine where a fault traps to the hypervisor, a tenth of what a
 * request through a new connection costs) for a PARAMS record that
 * needs one.
 */
static struct fconn *
fconn_new(int fd)
{
	struct fconn	*c = xreallocarray(NULL, 1, sizeof(*c));

	memset(c, 0, offsetof(struct fconn, rec));
	fcgi_init(&c->rec);
	c->fd = fd;
	return c;
}

static void
emit(struct fconn *c, int type, unsigned id, const char *p, size_t len)
{
	unsigned char	 h[FCGI_HEADER_LEN];
	size_t		 n;

	/*
	 * The server's silence (conn_stalled) counts from when an answer
	 * waits for it: a kept connection idle in its pool longer than
	 * CGIDUMP_TIMEOUT had its next answer cut before the first write.
	 */
	if (c->outoff == c->out.len)
		c->last_out = time(NULL);
	do {
		n = len < FCGI_CONTENT_MAX ? len : FCGI_CONTENT_MAX;
		fcgi_header(h, type, id, n, 0);
		buf_add(&c->out, (const char *)h, sizeof(h));
		buf_add(&c->out, p, n);
		p += n;
		len -= n;
	} while (len > 0);
}

static void
end_request(struct fconn *c, unsigned id, uint32_t app, int pstatus)
{
	char	 b[8];

	b[0] = (char)(app >> 24);
	b[1] = (char)(app >> 16);
	b[2] = (char)(app >> 8);
	b[3] = (char)app;
	b[4] = (char)pstatus;
	b[5] = b[6] = b[7] = 0;
	emit(c, FCGI_END_REQUEST, id, b, sizeof(b));
}

/* A CGI answer of cgidump's own, when the request's process gave none. */
static void
answer_error(struct fconn *c, int status, const char *reason,
    const char *why)
{
	struct buf	 b = { NULL, 0, 0 };

	buf_addf(&b, "Status: %d %s\r\nContent-Type: text/plain; "
	    "charset=utf-8\r\nCache-Control: no-store\r\n\r\ncgidump: %s\n",
	    status, reason, why);
	emit(c, FCGI_STDOUT, c->id, b.p, b.len);
	c->sent_out = 1;
	buf_free(&b);
}

static void
pipe_close(int *fd)
{
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}

/* Bytes wait on fd (or its end): closed now, it would be reset. */
static int
readable(int fd)
{
	struct pollfd	 pfd;

	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

static void
request_reset(struct fconn *c)
{
	fcgi_pairs_free(&c->pairs);
	params_free(&c->params);
	buf_free(&c->pending);
	c->pendoff = 0;
	c->phase = PH_IDLE;
	c->id = 0;
	c->pid = 0;
	pipe_close(&c->in);
	pipe_close(&c->pout);
	pipe_close(&c->perr);
	c->stdin_eof = c->sent_out = c->sent_err = c->aborted = 0;
	c->last_in = time(NULL);
	deadline_start(&c->yield, IDLE_YIELD_S);
}

/* The end of a request: its streams closed, END_REQUEST. */
static void
request_end(struct fconn *c, uint32_t app)
{
	emit(c, FCGI_STDOUT, c->id, "", 0);
	if (c->sent_err)
		emit(c, FCGI_STDERR, c->id, "", 0);
	end_request(c, c->id, app, FCGI_REQUEST_COMPLETE);
	if (!c->keep_conn || got_term)
		c->closing = 1;
	request_reset(c);
}

static void
request_start(struct fconn *c)
{
	struct transport_facts	 facts;
	int			 in[2], out[2], err[2], fds[3], closing[7];

	if (pipe(in) == -1 || pipe(out) == -1 || pipe(err) == -1) {
		serve_log("pipe: %s", strerror(errno));
		answer_error(c, 503, "Service Unavailable", "out of "
		    "descriptors: see the daemon's log");
		request_end(c, 1);
		return;
	}
	facts.name = "fastcgi";
	facts.listen = listen_name;
	facts.request = ++c->requests;
	facts.id = c->id;
	facts.keep_conn = c->keep_conn;
	fds[0] = in[0];
	fds[1] = out[1];
	fds[2] = err[1];
	closing[0] = c->fd;
	closing[1] = in[0];
	closing[2] = in[1];
	closing[3] = out[0];
	closing[4] = out[1];
	closing[5] = err[0];
	closing[6] = err[1];
	c->pid = request_fork(&c->params, &facts, fds, closing, 7);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	c->in = in[1];
	c->pout = out[0];
	c->perr = err[0];
	if (c->pid == -1) {
		pipe_close(&c->in);
		pipe_close(&c->pout);
		pipe_close(&c->perr);
		answer_error(c, 503, "Service Unavailable", "could not fork: "
		    "see the daemon's log");
		request_end(c, 1);
		return;
	}
	nonblock(c->in);
	nonblock(c->pout);
	nonblock(c->perr);
	c->phase = PH_RUNNING;
}

/* GET_VALUES: the three this responder knows, the rest left out. */
static void
get_value(void *arg, const char *name, size_t nlen, const char *value,
    size_t vlen)
{
	struct buf	*b = arg;
	char		 n[24];

	(void)value;
	(void)vlen;
	if (nlen == 14 && memcmp(name, "FCGI_MAX_CONNS", 14) == 0)
		snprintf(n, sizeof(n), "%llu",
		    (unsigned long long)conf->max_children);
	else if (nlen == 13 && memcmp(name, "FCGI_MAX_REQS", 13) == 0)
		snprintf(n, sizeof(n), "%llu",
		    (unsigned long long)conf->max_children);
	else if (nlen == 15 && memcmp(name, "FCGI_MPXS_CONNS", 15) == 0)
		snprintf(n, sizeof(n), "0");
	else
		return;
	fcgi_pair_add(b, name, nlen, n, strlen(n));
}

static void
management(struct fconn *c, const struct fcgi_record *r)
{
	struct fcgi_pairs	 q;
	struct buf		 b = { NULL, 0, 0 };
	char			 u[8];

	if (r->type == FCGI_GET_VALUES) {
		fcgi_pairs_init(&q, FCGI_CONTENT_MAX);
		if (fcgi_pairs_feed(&q, r->content, r->len, get_value, &b) == 0 &&
		    fcgi_pairs_end(&q) == 0)
			emit(c, FCGI_GET_VALUES_RESULT, 0, b.p != NULL ? b.p :
			    "", b.len);
		else
			serve_log("a bad FCGI_GET_VALUES: %s", q.err);
		fcgi_pairs_free(&q);
		buf_free(&b);
		return;
	}
	memset(u, 0, sizeof(u));
	u[0] = (char)r->type;
	emit(c, FCGI_UNKNOWN_TYPE, 0, u, sizeof(u));
}

static void
begin(struct fconn *c, const struct fcgi_record *r)
{
	int	 role, flags;

	if (r->len < 8) {
		serve_log("FCGI_BEGIN_REQUEST of %zu bytes, not 8: connection "
		    "closed", r->len);
		c->closing = 1;
		return;
	}
	role = (unsigned char)r->content[0] << 8 |
	    (unsigned char)r->content[1];
	flags = (unsigned char)r->content[2];
	if (c->phase != PH_IDLE) {
		if (r->id != c->id) {
			end_request(c, r->id, 0, FCGI_CANT_MPX_CONN);
			return;
		}
		/* Its records could not be told from the running one's. */
		serve_log("FCGI_BEGIN_REQUEST for request %u, which is "
		    "already under way: connection closed", r->id);
		c->eof = c->closing = 1;
		c->stdin_eof = 0;
		return;
	}
	if (role != FCGI_RESPONDER) {
		serve_log("role %d asked for: cgidump is a responder only",
		    role);
		end_request(c, r->id, 0, FCGI_UNKNOWN_ROLE);
		if (!(flags & FCGI_KEEP_CONN))
			c->closing = 1;
		return;
	}
	c->phase = PH_PARAMS;
	c->id = r->id;
	c->keep_conn = flags & FCGI_KEEP_CONN;
	c->began = time(NULL);
	fcgi_pairs_init(&c->pairs, SERVE_PARAMS_MAX);
}

static void
params(struct fconn *c, const struct fcgi_record *r)
{
	if (c->phase != PH_PARAMS)
		return;
	if (r->len > 0) {
		if (fcgi_pairs_feed(&c->pairs, r->content, r->len,
		    params_add, &c->params) == 0)
			return;
	} else if (fcgi_pairs_end(&c->pairs) == 0) {
		request_start(c);
		return;
	}
	serve_log("request %u: bad parameters: %s", c->id, c->pairs.err);
	answer_error(c, 500, "Internal Server Error", "the server's "
	    "parameters for this request could not be read (see the "
	    "daemon's log): they are at most 1 MiB of FastCGI name-value "
	    "pairs");
	c->keep_conn = 0;
	c->unread = 1;
	request_end(c, 1);
}

static void
stdin_data(struct fconn *c, const struct fcgi_record *r)
{
	if (c->phase == PH_PARAMS) {
		serve_log("request %u: FCGI_STDIN before the parameters "
		    "ended", c->id);
		answer_error(c, 500, "Internal Server Error", "the server "
		    "sent the body before the end of the parameters");
		c->keep_conn = 0;
		c->unread = 1;
		request_end(c, 1);
		return;
	}
	if (c->phase != PH_RUNNING || c->stdin_eof)
		return;
	if (r->len == 0) {
		c->stdin_eof = 1;
		if (c->pendoff == c->pending.len)
			pipe_close(&c->in);
	} else if (c->in != -1)
		buf_add(&c->pending, r->content, r->len);
}

static void
on_record(void *arg, const struct fcgi_record *r)
{
	struct fconn	*c = arg;

	c->last_in = time(NULL);
	if (r->id == FCGI_NULL_REQUEST_ID) {
		management(c, r);
		return;
	}
	if (r->type == FCGI_BEGIN_REQUEST) {
		begin(c, r);
		return;
	}
	/* The spec: records of a request that is not active are ignored. */
	if (c->phase == PH_IDLE || r->id != c->id)
		return;
	switch (r->type) {
	case FCGI_PARAMS:
		params(c, r);
		break;
	case FCGI_STDIN:
		stdin_data(c, r);
		break;
	case FCGI_ABORT_REQUEST:
		if (c->phase == PH_RUNNING) {
			kill(c->pid, SIGKILL);
			c->aborted = 1;
		} else {
			c->keep_conn = c->keep_conn && !got_term;
			request_end(c, 0);
		}
		break;
	default:
		break;	/* FCGI_DATA is a filter's; others are not ours */
	}
}

/* Bytes from the server, into the record parser. */
static void
conn_read(struct fconn *c)
{
	char	 b[CONN_READ];
	ssize_t	 n;

	n = read(c->fd, b, sizeof(b));
	if (n > 0)
		c->last_in = time(NULL);
	if (n == -1) {
		if (errno != EAGAIN && errno != EINTR) {
			serve_log("reading the connection: %s",
			    strerror(errno));
			c->eof = 1;
		}
		return;
	}
	if (n == 0) {
		c->eof = 1;
		return;
	}
	if (fcgi_feed(&c->rec, b, (size_t)n, on_record, c) == -1) {
		if (c->requests == 0 && c->phase == PH_IDLE && n >= 4 &&
		    (memcmp(b, "GET ", 4) == 0 || memcmp(b, "POST", 4) == 0 ||
		    memcmp(b, "HEAD", 4) == 0)) {
			static const char http[] = "HTTP/1.0 400 Bad Request"
			    "\r\nContent-Type: text/plain\r\n\r\ncgidump: "
			    "this socket speaks FastCGI, not HTTP\n";

			serve_log("a client spoke HTTP to the FastCGI socket "
			    "(nginx: fastcgi_pass, not proxy_pass)");
			buf_add(&c->out, http, sizeof(http) - 1);
			c->unread = 1;
		} else
			serve_log("not FastCGI: %s; connection closed",
			    c->rec.err);
		c->closing = 1;
		c->eof = 1;
	}
}

static void
conn_write(struct fconn *c)
{
	ssize_t	 n;

	while (c->outoff < c->out.len) {
		n = write(c->fd, c->out.p + c->outoff, c->out.len - c->outoff);
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			/*
			 * The server closed first: nginx does after the
			 * header of a HEAD answer, and when its client is
			 * gone.  Its choice, not a problem to log.
			 */
			if (errno != EPIPE && errno != ECONNRESET)
				serve_log("writing the connection: %s",
				    strerror(errno));
			c->eof = 1;
			c->closing = 1;
			c->out.len = c->outoff = 0;
			return;
		}
		c->outoff += (size_t)n;
		c->last_out = time(NULL);
	}
	c->out.len = c->outoff = 0;
	/* Its END_REQUEST written: the server may know it idle from now. */
	if (c->phase == PH_IDLE)
		deadline_start(&c->yield, IDLE_YIELD_S);
}

static void
stdin_write(struct fconn *c)
{
	ssize_t	 n;

	n = write(c->in, c->pending.p + c->pendoff,
	    c->pending.len - c->pendoff);
	if (n == -1) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		/* EPIPE: the request is done reading; the rest is dropped. */
		pipe_close(&c->in);
		c->pending.len = c->pendoff = 0;
		return;
	}
	c->pendoff += (size_t)n;
	if (c->pendoff == c->pending.len) {
		c->pending.len = c->pendoff = 0;
		if (c->stdin_eof)
			pipe_close(&c->in);
	}
}

/* The request's stdout or stderr, into STDOUT or STDERR records. */
static void
pipe_read(struct fconn *c, int *fd, int type)
{
	char	 b[PIPE_READ];
	ssize_t	 n;

	n = read(*fd, b, sizeof(b));
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		pipe_close(fd);
		return;
	}
	emit(c, type, c->id, b, (size_t)n);
	if (type == FCGI_STDOUT)
		c->sent_out = 1;
	else
		c->sent_err = 1;
}

/* Both pipes closed: the request's process is done, or nearly. */
static void
request_reap(struct fconn *c)
{
	int	 st = 0;
	uint32_t app;

	while (waitpid(c->pid, &st, 0) == -1 && errno == EINTR)
		continue;
	if (WIFEXITED(st))
		app = (uint32_t)WEXITSTATUS(st);
	else
		app = 128 + (uint32_t)WTERMSIG(st);
	/*
	 * A request that read its CONTENT_LENGTH answers before the
	 * server's empty STDIN record; a busy server (Caddy under load)
	 * is still writing it.  Closed unread, the connection would break
	 * that write, and the server would drop the answer for a 502.
	 */
	if (!c->stdin_eof)
		c->unread = 1;
	if (c->aborted) {
		request_end(c, app);
		return;
	}
	status_log(c->pid, st, "a request's process");
	if (!c->sent_out)
		answer_error(c, 500, "Internal Server Error", "the request's "
		    "process ended without an answer (see the daemon's log)");
	request_end(c, app);
}

/*
 * What a connection may not do: keep a child waiting for parameters
 * past the deadline or for bytes past the timeout, sit idle between
 * requests past the deadline, or stop reading what it asked for.
 */
static int
conn_stalled(struct fconn *c, time_t now)
{
	if (c->outoff < c->out.len && conf->timeout > 0 &&
	    (uint64_t)(now - c->last_out) > conf->timeout) {
		serve_log("the server read nothing for %llu s: connection "
		    "closed", (unsigned long long)conf->timeout);
		return 1;
	}
	if (c->phase == PH_PARAMS && ((conf->timeout > 0 &&
	    (uint64_t)(now - c->last_in) > conf->timeout) ||
	    (conf->deadline > 0 &&
	    (uint64_t)(now - c->began) > conf->deadline))) {
		serve_log("request %u: its parameters did not come in time: "
		    "connection closed", c->id);
		return 1;
	}
	/* The request's own limits end it long before this. */
	if (c->phase == PH_RUNNING && conf->deadline > 0 &&
	    (uint64_t)(now - c->began) > 2 * conf->deadline + 60) {
		serve_log("request %u ran past twice CGIDUMP_DEADLINE: "
		    "killed", c->id);
		return 1;
	}
	if (c->phase == PH_IDLE && !fcgi_idle(&c->rec) && conf->timeout > 0 &&
	    (uint64_t)(now - c->last_in) > conf->timeout) {
		serve_log("a record did not come whole in time: connection "
		    "closed");
		return 1;
	}
	if (c->phase == PH_IDLE && c->outoff == c->out.len) {
		if (c->requests == 0 && conf->timeout > 0 &&
		    (uint64_t)(now - c->opened) > conf->timeout)
			return 1;
		if (conf->deadline > 0 &&
		    (uint64_t)(now - c->last_in) > conf->deadline)
			return 1;
	}
	return 0;
}

/*
 * SIGUSR1 (the parent is full, a connection waits): whether a kept
 * connection idle between requests closes now.  Only once it has been
 * idle IDLE_YIELD_S and nothing has come: nginx reuses the connection it
 * used last, and one closed just as it sends the next request there is
 * that request's 502.  Idle counts from when the answer is written:
 * until then the server has not seen it end; and a record half come in
 * is a request on its way.  Before that, *timeout_ms is cut to wake
 * then; past it, readable or still writing, it is left as it is: one
 * of 0 would spin, and conn_stalled must go on cutting a server that
 * reads nothing.
 */
static int
yield_now(struct fconn *c, int *timeout_ms)
{
	int	 left = c->yield.set ? deadline_ms(&c->yield) : 0;

	if (left > 0) {
		if (left < *timeout_ms)
			*timeout_ms = left;
		return 0;
	}
	return c->outoff == c->out.len && fcgi_idle(&c->rec) &&
	    !readable(c->fd);
}

static int
fcgi_conn(int fd)
{
	struct fconn	*c;
	struct pollfd	 pfd[4];
	nfds_t		 n;
	int		 i_conn, i_in, i_out, i_err, timeout_ms;

	c = fconn_new(fd);
	c->in = c->pout = c->perr = -1;
	c->opened = c->last_in = c->last_out = time(NULL);
	nonblock(fd);
	for (;;) {
		if (c->phase == PH_RUNNING && c->pout == -1 && c->perr == -1)
			request_reap(c);
		/*
		 * SIGUSR1 (the parent is full, a connection waits) and
		 * SIGTERM close a kept connection idle between requests; a
		 * new one has its first request on the way (closed unread,
		 * it would be reset and the server would answer 502): it is
		 * answered, and closed after that (request_end), or after
		 * CGIDUMP_TIMEOUT when nothing comes.  SIGUSR1's, once
		 * idle a while (yield_now).
		 */
		timeout_ms = 1000;
		if (c->phase == PH_IDLE && c->requests > 0 &&
		    (got_term || (got_usr1 && yield_now(c, &timeout_ms))))
			c->closing = 1;
		if ((c->closing || c->eof) && c->outoff == c->out.len &&
		    c->phase == PH_IDLE)
			break;
		n = 0;
		i_conn = i_in = i_out = i_err = -1;
		pfd[n].fd = fd;
		pfd[n].events = 0;
		if (!c->eof && !c->closing && c->pendoff == c->pending.len)
			pfd[n].events |= POLLIN;
		if (c->outoff < c->out.len)
			pfd[n].events |= POLLOUT;
		if (pfd[n].events == 0)
			pfd[n].fd = -1;		/* a hang-up would wake us */
		i_conn = (int)n++;
		if (c->in != -1 && c->pendoff < c->pending.len) {
			pfd[n].fd = c->in;
			pfd[n].events = POLLOUT;
			i_in = (int)n++;
		}
		if (c->out.len - c->outoff < OUT_HIGH) {
			if (c->pout != -1) {
				pfd[n].fd = c->pout;
				pfd[n].events = POLLIN;
				i_out = (int)n++;
			}
			if (c->perr != -1) {
				pfd[n].fd = c->perr;
				pfd[n].events = POLLIN;
				i_err = (int)n++;
			}
		}
		if (poll(pfd, n, timeout_ms) == -1) {
			if (errno == EINTR)
				continue;
			serve_log("poll: %s", strerror(errno));
			break;
		}
		if (pfd[i_conn].revents & POLLOUT)
			conn_write(c);
		if (!c->eof && !c->closing &&
		    pfd[i_conn].revents & (POLLIN | POLLHUP | POLLERR))
			conn_read(c);
		if (i_in != -1 && pfd[i_in].revents)
			stdin_write(c);
		if (i_out != -1 && pfd[i_out].revents)
			pipe_read(c, &c->pout, FCGI_STDOUT);
		if (i_err != -1 && pfd[i_err].revents)
			pipe_read(c, &c->perr, FCGI_STDERR);
		if (conn_stalled(c, time(NULL)))
			break;
		/*
		 * The server closed the connection before the whole body
		 * came: it gave up on the request, and so do we.  With the
		 * body in, the answer may still be read (a half-close).
		 */
		if (c->eof && (c->phase == PH_PARAMS ||
		    (c->phase == PH_RUNNING && !c->stdin_eof)))
			break;
	}
	if (c->phase == PH_RUNNING) {
		kill(c->pid, SIGKILL);
		while (waitpid(c->pid, NULL, 0) == -1 && errno == EINTR)
			continue;
	}
	if (c->unread && c->outoff == c->out.len)
		linger(fd);
	close(fd);
	request_reset(c);
	buf_free(&c->out);
	free(c);
	return 0;
}

/* ---- SCGI: one connection, one request ---- */

/* An answer of cgidump's own to a connection that sent no request. */
static void
scgi_refuse(int fd, const char *why)
{
	char	 b[512];
	int	 n;

	n = snprintf(b, sizeof(b), "Status: 400 Bad Request\r\nContent-Type: "
	    "text/plain; charset=utf-8\r\n\r\ncgidump: not an SCGI request: "
	    "%s\n", why);
	(void)!write(fd, b, (size_t)n);
}

/*
 * The header block, read no further than its comma, so that the body
 * is left on the connection for the request's process.
 */
static int
scgi_read(int fd, struct scgi *s)
{
	char		 b[CONN_READ];
	struct pollfd	 pfd;
	time_t		 start = time(NULL), last = start, now;
	size_t		 want;
	ssize_t		 n;

	pfd.fd = fd;
	pfd.events = POLLIN;
	while (s->state != SCGI_DONE) {
		now = time(NULL);
		if ((conf->timeout > 0 && (uint64_t)(now - last) >
		    conf->timeout) || (conf->deadline > 0 &&
		    (uint64_t)(now - start) > conf->deadline)) {
			serve_log("an SCGI header did not come in time: "
			    "connection closed");
			return -1;
		}
		if (poll(&pfd, 1, 1000) <= 0)
			continue;
		want = scgi_want(s);
		if (want > sizeof(b))
			want = sizeof(b);
		n = read(fd, b, want);
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			if (n == -1)
				serve_log("reading the connection: %s",
				    strerror(errno));
			else if (s->state != SCGI_LENGTH || s->digits > 0)
				serve_log("the connection ended inside an "
				    "SCGI header");
			return -1;
		}
		last = now;
		if (scgi_feed(s, b, (size_t)n) == -1) {
			serve_log("not SCGI: %s", s->err);
			scgi_refuse(fd, s->err);
			return -1;
		}
	}
	return 0;
}

static int
scgi_conn(int fd)
{
	struct scgi		 s;
	struct params		 p;
	struct transport_facts	 facts;
	int			 fds[3] = { fd, fd, STDERR_FILENO };
	int			 st;
	pid_t			 pid;

	memset(&p, 0, sizeof(p));
	scgi_init(&s, SERVE_PARAMS_MAX);
	if (scgi_read(fd, &s) == -1)
		return 0;
	if (scgi_pairs(&s, params_add, &p) == -1) {
		serve_log("a bad SCGI header: %s", s.err);
		scgi_refuse(fd, s.err);
		return 0;
	}
	facts.name = "scgi";
	facts.listen = listen_name;
	facts.request = 1;
	facts.id = 0;
	facts.keep_conn = 0;
	if ((pid = request_fork(&p, &facts, fds, &fd, 1)) == -1) {
		scgi_refuse(fd, "could not fork (see the daemon's log)");
		return 0;
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR) {
			st = 0;
			break;
		}
	status_log(pid, st, "a request's process");
	linger(fd);
	scgi_free(&s);
	params_free(&p);
	close(fd);
	return 0;
}

/* ---- the parent ---- */

struct children {
	pid_t		*pid;
	size_t		 n, max;
};

static void
reap(struct children *ch)
{
	pid_t	 pid;
	size_t	 i;
	int	 st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		status_log(pid, st, "a connection's process");
		for (i = 0; i < ch->n; i++)
			if (ch->pid[i] == pid) {
				ch->pid[i] = ch->pid[--ch->n];
				break;
			}
	}
}

static void
children_signal(struct children *ch, int sig)
{
	size_t	 i;

	for (i = 0; i < ch->n; i++)
		kill(ch->pid[i], sig);
}

static void
conn_fork(struct children *ch, int lfd, int fd)
{
	pid_t	 pid;

	if ((pid = fork()) == -1) {
		serve_log("fork: %s: connection closed", strerror(errno));
		close(fd);
		return;
	}
	if (pid == 0) {
		close(lfd);
		/* fd 0 listened (FCGI_LISTENSOCK_FILENO): keep 0-2 taken */
		if (lfd <= STDERR_FILENO &&
		    open("/dev/null", O_RDONLY) != lfd)
			_exit(1);
		if (conf->transport == TR_SCGI) {
			int	 fl = fcntl(fd, F_GETFL);

			/* BSD's accept(2) passes O_NONBLOCK on */
			if (fl != -1)
				fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
		}
		catch(SIGTERM);
		catch(SIGINT);
		catch(SIGUSR1);
		signal(SIGCHLD, SIG_DFL);
		{
			sigset_t	 none;

			sigemptyset(&none);
			sigprocmask(SIG_SETMASK, &none, NULL);
		}
		exit(conf->transport == TR_FASTCGI ? fcgi_conn(fd) :
		    scgi_conn(fd));
	}
	ch->pid[ch->n++] = pid;
	close(fd);
}

/*
 * Descriptors above 2 that whoever started the daemon left open (a
 * shell's, a supervisor's, a pipe to a log) would be inherited by
 * every connection's and request's process, where the sandbox lets no
 * new one be made but any inherited one be used: they are closed
 * before the socket is made.  Up to the descriptor limit, at most 64 Ki.
 */
static void
fds_close_inherited(void)
{
	struct rlimit	 rl;
	rlim_t		 max = 1024, fd;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		max = rl.rlim_cur;
	if (max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		close((int)fd);
}

/* Wait for a connection, a child's end or a signal. */
static int
wait_listen(int lfd, const sigset_t *open)
{
	fd_set	 r;

	FD_ZERO(&r);
	FD_SET(lfd, &r);
	return pselect(lfd + 1, &r, NULL, NULL, NULL, open);
}

int
serve(const struct serve_conf *c)
{
	struct children	 ch;
	sigset_t	 block, open;
	struct stat	 st;
	int		 lfd, fd, pressed = 0;
	dev_t		 dev = 0;
	ino_t		 ino = 0;

	conf = c;
	listen_name = c->addr != NULL ? c->addr : "fd 0";
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	/* a connection's process catches it; until then it waits */
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &open);
	sigdelset(&open, SIGCHLD);
	sigdelset(&open, SIGTERM);
	sigdelset(&open, SIGINT);
	sigdelset(&open, SIGHUP);
	sigaddset(&open, SIGUSR1);
	catch(SIGCHLD);
	catch(SIGTERM);
	catch(SIGINT);
	catch(SIGHUP);
	signal(SIGPIPE, SIG_IGN);

	fds_close_inherited();
	if (c->addr == NULL)
		lfd = FCGI_LISTENSOCK_FILENO;
	else if ((lfd = listen_on(c->addr)) == -1)
		return 1;
	if (c->addr != NULL && strncmp(c->addr, "unix:", 5) == 0 &&
	    stat(c->addr + 5, &st) == 0) {
		dev = st.st_dev;
		ino = st.st_ino;
	}
	nonblock(lfd);
	ch.max = c->max_children;
	ch.n = 0;
	ch.pid = xcalloc(ch.max, sizeof(*ch.pid));
	serve_log("%s on %s, up to %llu connections at once",
	    c->transport == TR_FASTCGI ? "FastCGI" : "SCGI", listen_name,
	    (unsigned long long)ch.max);

	while (!got_term) {
		got_chld = 0;
		reap(&ch);
		if (ch.n < ch.max)
			pressed = 0;
		if (ch.n >= ch.max && pressed) {
			/* Full, and the idle ones told: wait for an end. */
			sigsuspend(&open);
			continue;
		}
		if (wait_listen(lfd, &open) == -1) {
			if (errno != EINTR) {
				serve_log("pselect: %s", strerror(errno));
				break;
			}
			continue;
		}
		if (ch.n >= ch.max) {
			/*
			 * A connection waits and every child is busy or
			 * idle on a kept connection: the idle ones close.
			 */
			children_signal(&ch, SIGUSR1);
			pressed = 1;
			continue;
		}
		if ((fd = accept(lfd, NULL, NULL)) == -1) {
			if (errno != EAGAIN && errno != EINTR &&
			    errno != ECONNABORTED) {
				serve_log("accept: %s", strerror(errno));
				if (errno == EMFILE || errno == ENFILE)
					sigsuspend(&open);
			}
			continue;
		}
		conn_fork(&ch, lfd, fd);
	}

	/* SIGTERM: no new connection; the ones in flight finish. */
	close(lfd);
	if (dev != 0 || ino != 0) {
		if (stat(c->addr + 5, &st) == 0 && st.st_dev == dev &&
		    st.st_ino == ino)
			unlink(c->addr + 5);
	}
	children_signal(&ch, SIGTERM);
	while (ch.n > 0) {
		got_chld = 0;
		reap(&ch);
		if (ch.n > 0)
			sigsuspend(&open);
	}
	serve_log("stopped");
	free(ch.pid);
	return 0;
}
