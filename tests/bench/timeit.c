/* cgidump: see LICENSE (ISC). */
/*
 * tests/bench/timeit.c: make bench's own timer, for when hyperfine is
 * not installed and for what hyperfine cannot do (feed a body through
 * a pipe, as a web server does).
 *
 *	timeit [-n runs] [-w warmups] [-p file] cmd [arg ...] [-- cmd ...]
 *
 * Runs the commands in turn, A B A B ..., so that the machine's drift
 * (other builds, frequency changes) falls on each alike, and prints a
 * line per command: the median, lowest and highest wall time of its
 * runs in seconds and its largest peak RSS in KiB (getrusage, the
 * figure GNU time's %M shows).  Each command is executed directly,
 * with this program's environment and any NAME=value words that begin
 * it (set for that command alone), standard output to /dev/null and
 * standard input /dev/null, or with -p a pipe that a child of this
 * program fills with the bytes of file, as a server hands a CGI its
 * request body.  The clock runs from before the fork to the command's
 * exit.  A command that fails (not exit 0) stops the run: exit 1.
 */
/* wait4(2), for the peak RSS of one child, is BSD, not POSIX. */
#define _DEFAULT_SOURCE 1

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAXCMDS	8

struct cmd {
	char	**argv;
	double	 *secs;
	long	  maxrss;	/* KiB */
};

static void
die(const char *what)
{
	perror(what);
	exit(2);
}

static double
now(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		die("clock_gettime");
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Copy file into fd as cat would; the reader may stop early (EPIPE). */
static void
feed(const char *file, int fd)
{
	static char	 buf[128 * 1024];
	ssize_t		 n, w, off;
	int		 in;

	if ((in = open(file, O_RDONLY)) == -1)
		die(file);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		for (off = 0; off < n; off += w)
			if ((w = write(fd, buf + off, n - off)) == -1)
				_exit(errno == EPIPE ? 0 : 1);
	_exit(n == 0 ? 0 : 1);
}

/* One run of c: its wall time, or -1 when it did not exit 0. */
static double
run(struct cmd *c, const char *file)
{
	struct rusage	 ru;
	char		**av;
	double		 t0, t;
	pid_t		 pid, feeder = -1;
	int		 p[2], status, in, null;

	t0 = now();
	if (file != NULL) {
		if (pipe(p) == -1)
			die("pipe");
		if ((feeder = fork()) == -1)
			die("fork");
		if (feeder == 0) {
			close(p[0]);
			feed(file, p[1]);
		}
		close(p[1]);
		in = p[0];
	} else if ((in = open("/dev/null", O_RDONLY)) == -1)
		die("/dev/null");
	if ((pid = fork()) == -1)
		die("fork");
	if (pid == 0) {
		if ((null = open("/dev/null", O_WRONLY)) == -1)
			_exit(127);
		dup2(in, 0);
		dup2(null, 1);
		for (av = c->argv; strchr(*av, '=') != NULL; av++)
			if (putenv(*av) != 0)
				_exit(127);
		execvp(av[0], av);
		perror(av[0]);
		_exit(127);
	}
	close(in);
	if (wait4(pid, &status, 0, &ru) == -1)
		die("wait4");
	t = now() - t0;
	if (feeder != -1 && waitpid(feeder, NULL, 0) == -1)
		die("waitpid");
	if (ru.ru_maxrss > c->maxrss)
		c->maxrss = ru.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "timeit: %s: %s %d\n", c->argv[0],
		    WIFEXITED(status) ? "exit" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return -1;
	}
	return t;
}

static int
cmpd(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
usage(void)
{
	fprintf(stderr, "usage: timeit [-n runs] [-w warmups] [-p file] "
	    "cmd [arg ...] [-- cmd ...]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct cmd	 cmds[MAXCMDS];
	const char	*file = NULL;
	double		 t, med;
	long		 runs = 11, warm = 0;
	int		 ch, i, n = 0, r;
	char		*end, **a;

	while ((ch = getopt(argc, argv, "+n:w:p:")) != -1) {
		switch (ch) {
		case 'n':
			runs = strtol(optarg, &end, 10);
			if (*end != '\0' || runs < 1 || runs > 100000)
				usage();
			break;
		case 'w':
			warm = strtol(optarg, &end, 10);
			if (*end != '\0' || warm < 0 || warm > 100000)
				usage();
			break;
		case 'p':
			file = optarg;
			break;
		default:
			usage();
		}
	}
	argv += optind;
	if (*argv == NULL)
		usage();
	/* Split the rest on "--" into commands. */
	while (*argv != NULL) {
		if (n == MAXCMDS)
			usage();
		cmds[n].argv = argv;
		cmds[n].maxrss = 0;
		if ((cmds[n].secs = calloc(runs, sizeof(double))) == NULL)
			die("calloc");
		while (*argv != NULL && strcmp(*argv, "--") != 0)
			argv++;
		if (*argv != NULL)
			*argv++ = NULL;
		for (a = cmds[n].argv; *a != NULL && strchr(*a, '=') != NULL; a++)
			continue;
		if (*a == NULL)
			usage();
		n++;
	}
	/* A reader that stops early must not kill the feeder's parent. */
	signal(SIGPIPE, SIG_IGN);
	for (r = -warm; r < runs; r++)
		for (i = 0; i < n; i++) {
			if ((t = run(&cmds[i], file)) < 0)
				return 1;
			if (r >= 0)
				cmds[i].secs[r] = t;
		}
	for (i = 0; i < n; i++) {
		qsort(cmds[i].secs, runs, sizeof(double), cmpd);
		med = runs % 2 ? cmds[i].secs[runs / 2] :
		    (cmds[i].secs[runs / 2 - 1] + cmds[i].secs[runs / 2]) / 2;
		printf("%.6f %.6f %.6f %ld\n", med, cmds[i].secs[0],
		    cmds[i].secs[runs - 1], cmds[i].maxrss);
	}
	return 0;
}
