/* cgidump: see LICENSE (ISC). */
/*
 * sandbox.c: once the facts are collected and the fences have let the
 * request in, give up everything the rest of the run does not need
 * (DESIGN.md "The sandbox").  What is left is reading standard input,
 * writing the answer, memory, the clock and exiting: a parser bug
 * that an attacker turns into running code can do no more than that.
 *
 *   - Linux: PR_SET_NO_NEW_PRIVS and a seccomp-bpf allow-list, built
 *     here from the kernel headers (no libseccomp).  A call outside it
 *     raises SIGSYS; the handler writes one line and the process dies
 *     of the signal, which the server logs.
 *   - OpenBSD: pledge("stdio").
 *   - Everywhere: no new descriptors, and CPU seconds and address space
 *     derived from the configured limits.
 *
 * `configure --disable-sandbox` builds none of it.  In a build with
 * AddressSanitizer or another sanitizer that needs threads, ptrace and
 * files at exit, configure turns the filter, the descriptor limit and
 * the address-space limit off, and the Process section says so.
 */
#include "config.h"

#include <sys/resource.h>

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if HAVE_SECCOMP
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#endif

#if HAVE_PLEDGE
/* unistd.h hides it from _XOPEN_SOURCE; the probe declared it too. */
int	pledge(const char *, const char *);
#endif

#include <fcntl.h>

#include "collect.h"

#if HAVE_SECCOMP

#if defined(__x86_64__)
#define SECCOMP_ARCH	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SECCOMP_ARCH	AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define SECCOMP_ARCH	AUDIT_ARCH_RISCV64
#elif defined(__i386__)
#define SECCOMP_ARCH	AUDIT_ARCH_I386
#endif
#endif /* HAVE_SECCOMP */

/* The filter is built where the kernel has it, for a known architecture. */
#if HAVE_SECCOMP && defined(SECCOMP_ARCH) && SANDBOX_ENABLED && \
    !SANDBOX_SANITIZER
#define USE_SECCOMP	1
#else
#define USE_SECCOMP	0
#endif

#if USE_SECCOMP

/* Linux's value; glibc's fcntl.h shows it only to _GNU_SOURCE. */
#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH	0x1000
#endif

/* x86-64 also runs x32 calls, numbered from this bit: refuse them all. */
#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif

/*
 * The allow-list: the union of what strace shows a run doing after this
 * point, in every mode, format and endpoint (tests/sandbox.bats keeps it
 * honest), each with the reason.  Names that an architecture lacks
 * (aarch64 has no poll, no open) are simply left out there.
 */
struct allowed {
	long		 nr;
	const char	*why;
};

static const struct allowed allowed[] = {
	{ SYS_read, "the body, from standard input" },
	{ SYS_write, "the answer; one line on stderr for a problem" },
#ifdef SYS_writev
	{ SYS_writev, "musl's stdio writes its buffer and the new bytes "
	    "with it" },
#endif
#ifdef SYS_poll
	{ SYS_poll, "waiting for the body with a timeout (x86-64)" },
#endif
#ifdef SYS_ppoll
	{ SYS_ppoll, "poll(2) is ppoll on aarch64 and riscv" },
#endif
#ifdef SYS_lseek
	{ SYS_lseek, "a body in a regular file: how much is left" },
#endif
#ifdef SYS_fstat
	{ SYS_fstat, "a body in a regular file: its size" },
#endif
#ifdef SYS_newfstatat
	{ SYS_newfstatat, "glibc's fstat(2) (fd 0-2 and AT_EMPTY_PATH only)" },
#endif
	{ SYS_ioctl, "FIONREAD only: bytes waiting past CONTENT_LENGTH" },
	{ SYS_brk, "malloc" },
#ifdef SYS_mmap
	{ SYS_mmap, "malloc of large blocks (never PROT_EXEC)" },
#endif
	{ SYS_munmap, "free of large blocks" },
	{ SYS_mremap, "realloc of large blocks" },
	{ SYS_madvise, "free returning memory to the kernel" },
	{ SYS_clock_gettime, "deadlines (the vDSO's fallback)" },
	{ SYS_clock_nanosleep, "the /stream probe's pauses" },
#ifdef SYS_nanosleep
	{ SYS_nanosleep, "the same pauses under musl, whose nanosleep(3) "
	    "does not go through clock_nanosleep" },
#endif
	{ SYS_setitimer, "arming the deadline for writing the answer" },
	{ SYS_rt_sigreturn, "returning from a signal handler" },
	{ SYS_rt_sigprocmask, "abort(3), if an assertion ever fails" },
	{ SYS_getpid, "abort(3) signals itself" },
	{ SYS_gettid, "abort(3) signals itself" },
	{ SYS_tgkill, "abort(3) signals itself (only this process)" },
	{ SYS_sysinfo, "qsort(3) asks for the memory size once" },
	{ SYS_exit_group, "exit" },
	{ SYS_exit, "exit" },
};

#define NALLOWED	(sizeof(allowed) / sizeof(allowed[0]))

/* The calls a compromised parser would try first, named in the report. */
static const struct allowed named[] = {
#ifdef SYS_open
	{ SYS_open, "open" },
#endif
	{ SYS_openat, "openat" },
	{ SYS_execve, "execve" },
	{ SYS_execveat, "execveat" },
	{ SYS_socket, "socket" },
	{ SYS_connect, "connect" },
	{ SYS_clone, "clone" },
#ifdef SYS_fork
	{ SYS_fork, "fork" },
#endif
	{ SYS_kill, "kill" },
	{ SYS_getppid, "getppid" },
	{ SYS_ptrace, "ptrace" },
	{ SYS_mprotect, "mprotect" },
};

#define LD_ABS(off)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define RET_K(k)	BPF_STMT(BPF_RET | BPF_K, (k))
#define JEQ_K(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JSET_K(k, t, f) BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f))
#define JGE_K(k, t, f) BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))

/* The low 32 bits of argument i (little- and big-endian alike). */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i) + 4)
#define ARG_HI(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#else
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#define ARG_HI(i) (offsetof(struct seccomp_data, args) + 8 * (i) + 4)
#endif
#define NR_OFF		offsetof(struct seccomp_data, nr)
#define ARCH_OFF	offsetof(struct seccomp_data, arch)

/*
 * Room for the filter: per allowed call a compare and its verdict, a
 * share of the tree's compares and traps, and the argument checks.
 */
#define FILTER_MAX	(3 * NALLOWED + 48)

/* Calls in a leaf of the search tree, compared one after the other. */
#define LEAF_CALLS	4

struct filter {
	struct sock_filter	 v[FILTER_MAX];
	size_t			 n;
	int			 overflow;	/* a jump too far, or no room */
	pid_t			 pid;
};

static void
emit(struct filter *f, struct sock_filter s)
{
	if (f->n < FILTER_MAX)
		f->v[f->n++] = s;
	else
		f->overflow = 1;
}

/* A jump's 8-bit offset from instruction at to instruction to. */
static uint8_t
jump_to(struct filter *f, size_t at, size_t to)
{
	if (to <= at || to - at - 1 > UINT8_MAX) {
		f->overflow = 1;
		return 0;
	}
	return (uint8_t)(to - at - 1);
}

/*
 * What follows the compare of a call's number that matched, with the
 * argument in A's place: a verdict for every path.  Most calls are
 * allowed whatever their arguments; these four only with some.
 */
static void
emit_verdict(struct filter *f, long nr)
{
	if (nr == SYS_ioctl || nr == SYS_tgkill) {
		/* The whole 64 bits of one argument equal one value. */
		int		arg = nr == SYS_ioctl ? 1 : 0;
		uint32_t	val = nr == SYS_ioctl ? (uint32_t)FIONREAD :
				    (uint32_t)f->pid;

		emit(f, (struct sock_filter)LD_ABS(ARG_HI(arg)));
		emit(f, (struct sock_filter)JEQ_K(0, 0, 2));
		emit(f, (struct sock_filter)LD_ABS(ARG_LO(arg)));
		emit(f, (struct sock_filter)JEQ_K(val, 1, 0));
		emit(f, (struct sock_filter)RET_K(SECCOMP_RET_TRAP));
		emit(f, (struct sock_filter)RET_K(SECCOMP_RET_ALLOW));
		return;
	}
#ifdef SYS_newfstatat
	if (nr == SYS_newfstatat) {
		/* newfstatat(0..2, "", st, AT_EMPTY_PATH): an fstat, never a stat. */
		emit(f, (struct sock_filter)LD_ABS(ARG_LO(3)));
		emit(f, (struct sock_filter)JEQ_K(AT_EMPTY_PATH, 0, 4));
		emit(f, (struct sock_filter)LD_ABS(ARG_HI(0)));
		emit(f, (struct sock_filter)JEQ_K(0, 0, 2));
		emit(f, (struct sock_filter)LD_ABS(ARG_LO(0)));
		emit(f, (struct sock_filter)JGE_K(3, 0, 1));
		emit(f, (struct sock_filter)RET_K(SECCOMP_RET_TRAP));
		emit(f, (struct sock_filter)RET_K(SECCOMP_RET_ALLOW));
		return;
	}
#endif
#ifdef SYS_mmap
	if (nr == SYS_mmap) {
		/* Never an executable mapping. */
		emit(f, (struct sock_filter)LD_ABS(ARG_LO(2)));
		emit(f, (struct sock_filter)JSET_K(PROT_EXEC, 0, 1));
		emit(f, (struct sock_filter)RET_K(SECCOMP_RET_TRAP));
		emit(f, (struct sock_filter)RET_K(SECCOMP_RET_ALLOW));
		return;
	}
#endif
	emit(f, (struct sock_filter)RET_K(SECCOMP_RET_ALLOW));
}

/*
 * The calls nrs[0..n), in ascending order, as a search tree on the
 * call's number in A: halves split by a JGE down to a few calls, each
 * then compared in turn, and a trap for a number that is none of
 * them.  So a call costs a handful of compares, not one per allowed
 * call; so does each number the kernel tries when the filter is
 * installed (it runs the filter on every call number to find the
 * ones always allowed).
 */
static void
emit_tree(struct filter *f, const long *nrs, size_t n)
{
	size_t	 i, mid, at;

	if (n > LEAF_CALLS) {
		mid = n / 2;
		at = f->n;
		emit(f, (struct sock_filter)JGE_K((uint32_t)nrs[mid], 0, 0));
		emit_tree(f, nrs, mid);
		if (at < f->n)
			f->v[at].jt = jump_to(f, at, f->n);
		emit_tree(f, nrs + mid, n - mid);
		return;
	}
	for (i = 0; i < n; i++) {
		at = f->n;
		emit(f, (struct sock_filter)JEQ_K((uint32_t)nrs[i], 0, 0));
		emit_verdict(f, nrs[i]);
		if (at < f->n)
			f->v[at].jf = jump_to(f, at, f->n);
	}
	emit(f, (struct sock_filter)RET_K(SECCOMP_RET_TRAP));
}

/* The filter for this process, or 0 when it could not be built. */
static size_t
filter_build(struct filter *f, pid_t pid)
{
	long	 nrs[NALLOWED], nr;
	size_t	 i, j;

	f->n = 0;
	f->overflow = 0;
	f->pid = pid;
	/* The allowed numbers in ascending order, for the tree. */
	for (i = 0; i < NALLOWED; i++) {
		nr = allowed[i].nr;
		for (j = i; j > 0 && nrs[j - 1] > nr; j--)
			nrs[j] = nrs[j - 1];
		nrs[j] = nr;
	}
	/* The architecture first: a call number means nothing without it. */
	emit(f, (struct sock_filter)LD_ABS(ARCH_OFF));
	emit(f, (struct sock_filter)JEQ_K(SECCOMP_ARCH, 1, 0));
	emit(f, (struct sock_filter)RET_K(SECCOMP_RET_KILL_PROCESS));
	emit(f, (struct sock_filter)LD_ABS(NR_OFF));
#if defined(__x86_64__)
	emit(f, (struct sock_filter)JGE_K(__X32_SYSCALL_BIT, 0, 1));
	emit(f, (struct sock_filter)RET_K(SECCOMP_RET_KILL_PROCESS));
#endif
	emit_tree(f, nrs, NALLOWED);
	return f->overflow ? 0 : f->n;
}

/* n in decimal at the end of buf; returns where it starts. */
static char *
fmt_ulong(char *end, unsigned long n)
{
	*--end = '\0';
	do
		*--end = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	return end;
}

static void
say(char **p, char *end, const char *s)
{
	while (*s != '\0' && *p < end)
		*(*p)++ = *s++;
}

/*
 * A forbidden call: one line, then the same fate for any call, since
 * SIGSYS is blocked in here and the kernel forces the default action
 * (death by SIGSYS, which the server logs) on a blocked trap.
 */
static void
on_sigsys(int sig, siginfo_t *si, void *uc)
{
	char		 line[160], num[24], *p = line;
	const char	*name = NULL;
	size_t		 i;

	(void)sig;
	(void)uc;
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (named[i].nr == si->si_syscall)
			name = named[i].why;
	say(&p, line + sizeof(line), "cgidump: sandbox: system call ");
	if (name != NULL) {
		say(&p, line + sizeof(line), name);
		say(&p, line + sizeof(line), " (");
	}
	say(&p, line + sizeof(line),
	    fmt_ulong(num + sizeof(num), (unsigned long)si->si_syscall));
	say(&p, line + sizeof(line), name != NULL ? ")" : "");
	say(&p, line + sizeof(line), " is not allowed after the request "
	    "is read; stopped\n");
	(void)!write(STDERR_FILENO, line, (size_t)(p - line));
	(void)getppid();
	_exit(159);
}

/* The filter: no new privileges first, as the kernel requires. */
static int
seccomp_enter(struct sandbox *sb, pid_t pid)
{
	static struct filter	 f;
	struct sock_fprog	 prog;
	struct sigaction	 sa;

	if (filter_build(&f, pid) == 0) {
		snprintf(sb->note, sizeof(sb->note), "the filter did not fit");
		return 0;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) == -1 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		snprintf(sb->note, sizeof(sb->note), "no_new_privs: %s",
		    strerror(errno));
		return 0;
	}
	sb->no_new_privs = 1;
	prog.len = (unsigned short)f.n;
	prog.filter = f.v;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == -1) {
		snprintf(sb->note, sizeof(sb->note), "seccomp: %s",
		    strerror(errno));
		return 0;
	}
	sb->syscalls = NALLOWED;
	return 1;
}
#endif /* USE_SECCOMP */

#if SANDBOX_ENABLED
/* CPU time is up: say so, as the server would otherwise log a signal. */
static void
on_sigxcpu(int sig)
{
	static const char msg[] = "cgidump: sandbox: CPU time limit reached; "
	    "stopped\n";

	(void)sig;
	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(1);
}

/*
 * Lower a limit to want (never raise it); 1 when it holds.  now: the
 * limit as process.c read it, not read again.
 */
static int
limit_lower(int resource, const struct rlim *now, rlim_t soft, rlim_t hard)
{
	struct rlimit	 rl;

	if (now->ok) {
		rl.rlim_cur = now->soft_inf ? RLIM_INFINITY :
		    (rlim_t)now->soft;
		rl.rlim_max = now->hard_inf ? RLIM_INFINITY :
		    (rlim_t)now->hard;
	} else if (getrlimit(resource, &rl) == -1)
		return 0;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < hard)
		hard = rl.rlim_max;
	if (soft > hard)
		soft = hard;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < soft)
		soft = rl.rlim_cur;
	rl.rlim_cur = soft;
	rl.rlim_max = hard;
	return setrlimit(resource, &rl) == 0;
}

#if !SANDBOX_SANITIZER
/*
 * The address space in use now, or 0 when it cannot be known: the
 * first number of /proc/self/statm, in pages (proc(5)).  A read(2)
 * into a small buffer, not stdio, which would fstat(2) it first.
 */
static uint64_t
vm_size(void)
{
	char		 buf[64];
	uint64_t	 pages = 0;
	long		 pagesize = sysconf(_SC_PAGESIZE);
	ssize_t		 n;
	size_t		 i;
	int		 fd;

	if (pagesize <= 0 ||
	    (fd = open("/proc/self/statm", O_RDONLY)) == -1)
		return 0;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	for (i = 0; n > 0 && i < (size_t)n && buf[i] >= '0' && buf[i] <= '9';
	    i++) {
		if (pages > (UINT64_MAX - 9) / 10)
			return 0;
		pages = pages * 10 + (uint64_t)(buf[i] - '0');
	}
	if (pages > UINT64_MAX / (uint64_t)pagesize)
		return 0;
	return pages * (uint64_t)pagesize;
}
#endif

/*
 * CPU seconds: the deadline bounds the time spent reading the body, and
 * hashing and parsing keep pace with it; past that, rendering needs a
 * few seconds at most.  Without a deadline, the body limit at a slow
 * 16 MiB of CPU per second.  Address space: what is mapped now plus the
 * form's memory four times over (realloc doubles) and 64 MiB for the
 * rest; without a form limit, none.
 */
static void
limits_enter(const struct dump *d, struct sandbox *sb)
{
	uint64_t	 deadline = d->limits[LIM_DEADLINE].value;
	uint64_t	 body = d->limits[LIM_BODY].value;
	uint64_t	 form = d->limits[LIM_FORM].value, as, cpu = 0;
	struct sigaction sa;

	if (deadline != 0)
		cpu = deadline + 30;
	else if (body != 0)
		cpu = 30 + body / (16u << 20);
	if (cpu != 0 && cpu < (uint64_t)1 << 31) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_sigxcpu;
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGXCPU, &sa, NULL) == 0 &&
		    limit_lower(RLIMIT_CPU, &d->proc.rlimits[RL_CPU],
		    (rlim_t)cpu, (rlim_t)cpu + 5))
			sb->cpu = cpu;
	}
#if !SANDBOX_SANITIZER
	if (form != 0 && form < (uint64_t)1 << 40 && (as = vm_size()) != 0) {
		as += 4 * form + (64u << 20);
		if (limit_lower(RLIMIT_AS, &d->proc.rlimits[RL_AS], (rlim_t)as,
		    (rlim_t)as))
			sb->as = as;
	}
#else
	(void)form;
	(void)as;
#endif
	/*
	 * Last, as vm_size() needed one more descriptor.  0, 1 and 2 are
	 * open (main.c saw to it), so with a limit of 3 no new descriptor
	 * can be made; poll(2) needs its count within the limit too.
	 */
#if !SANDBOX_SANITIZER
	if (limit_lower(RLIMIT_NOFILE, &d->proc.rlimits[RL_NOFILE], 3, 3))
		sb->nofile = 1;
#endif
}
#endif /* SANDBOX_ENABLED */

#if SANDBOX_ESCAPE_TEST
/*
 * Built only into tests/cgidump-escape: what an attacker's code would
 * try once it runs.  The sandbox must stop each of them.
 */
static void
escape_try(void)
{
	const char	*what = getenv("SANDBOX_ESCAPE");
	char		*argv[] = { "/bin/sh", "-c", "echo escaped", NULL };
	char		*envp[] = { NULL };
	int		 fd;

	if (what == NULL)
		return;
	if (strcmp(what, "open") == 0) {
		if ((fd = open("/etc/passwd", O_RDONLY)) != -1) {
			fputs("escaped: opened /etc/passwd\n", stderr);
			_exit(0);
		}
		fprintf(stderr, "escape: open failed: %s\n", strerror(errno));
	} else if (strcmp(what, "execve") == 0) {
		execve(argv[0], argv, envp);
		fprintf(stderr, "escape: execve failed: %s\n", strerror(errno));
	}
}
#endif

void
sandbox_enter(struct dump *d)
{
	struct sandbox	*sb = &d->proc.sandbox;

	sb->method = "none";
#if !SANDBOX_ENABLED
	snprintf(sb->note, sizeof(sb->note), "built with --disable-sandbox");
#else
	limits_enter(d, sb);
#if USE_SECCOMP
	sb->method = "seccomp";
	sb->active = seccomp_enter(sb, d->proc.pid);
#elif HAVE_PLEDGE
	sb->method = "pledge";
	if (pledge("stdio", NULL) == 0)
		sb->active = 1;
	else
		snprintf(sb->note, sizeof(sb->note), "pledge: %s",
		    strerror(errno));
#elif SANDBOX_SANITIZER
	snprintf(sb->note, sizeof(sb->note), "no system call filter in a "
	    "sanitizer build (its runtime needs threads, ptrace and files)");
#else
	snprintf(sb->note, sizeof(sb->note), "no system call filter on "
	    "this platform");
#endif
#endif
#if SANDBOX_ESCAPE_TEST
	escape_try();
#endif
}

#if SANDBOX_FILTER_TEST
/*
 * Built only into tests/unit, which runs the filter on every call
 * number: the filter made for pid (struct sock_filter each) and the
 * allowed calls' numbers; 0 where this build has no filter.
 */
size_t
sandbox_filter(const void **v, long pid, long *nrs, size_t max,
    size_t *nnrs)
{
#if USE_SECCOMP
	static struct filter	 f;
	size_t			 i;

	for (i = 0; i < NALLOWED && i < max; i++)
		nrs[i] = allowed[i].nr;
	*nnrs = i;
	*v = f.v;
	return filter_build(&f, (pid_t)pid);
#else
	(void)pid;
	(void)nrs;
	(void)max;
	*nnrs = 0;
	*v = NULL;
	return 0;
#endif
}
#endif
