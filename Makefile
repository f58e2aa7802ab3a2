# Makefile for cgidump: GNU make and BSD make alike.  Run ./configure
# first; it writes config.mk (compiler, flags, paths) and config.h.

include config.mk

# Everything but main.o, so that the unit tests can link it too.
LIBOBJS = src/mem.o src/model.o src/settings.o src/env.o src/process.o \
	src/host.o src/request.o src/body.o src/form.o src/urlencoded.o \
	src/header.o src/multipart.o src/sha256.o src/escape.o src/cgi.o \
	src/check.o src/hostcheck.o src/scriptcheck.o src/access.o src/probe.o \
	src/render_html.o src/render_text.o src/render_json.o \
	src/render_replay.o src/fastcgi.o src/scgi.o src/nsswitch.o
HEADERS = src/dump.h src/collect.h src/parse.h src/cgi.h src/sha256.h \
	src/transport.h
OBJS =	src/main.o src/sandbox.o src/serve.o $(LIBOBJS)

all: cgidump

cgidump: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

tests/unit: tests/unit.o tests/filter.o $(LIBOBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ tests/unit.o tests/filter.o \
	    $(LIBOBJS) $(LDLIBS)

# The sandbox with its filter shown, for tests/unit.c to run.
tests/filter.o: src/sandbox.c
	$(CC) $(CFLAGS) $(CPPFLAGS) -DSANDBOX_FILTER_TEST=1 -I. -c -o $@ src/sandbox.c

# cgidump with a sandbox that then tries open(2) and execve(2)
# (SANDBOX_ESCAPE=open|execve): tests/sandbox.bats sees it stopped.
tests/cgidump-escape: src/main.o src/serve.o tests/escape.o $(LIBOBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ src/main.o src/serve.o tests/escape.o \
	    $(LIBOBJS) $(LDLIBS)

tests/escape.o: src/sandbox.c
	$(CC) $(CFLAGS) $(CPPFLAGS) -DSANDBOX_ESCAPE_TEST=1 -I. -c -o $@ src/sandbox.c

# A FastCGI and SCGI client of its own, for tests/fastcgi.bats.
tests/fcgi: tests/fcgi.c config.h config.mk
	$(CC) $(CFLAGS) $(CPPFLAGS) -I. $(LDFLAGS) -o $@ tests/fcgi.c

tests/feed: tests/feed.o $(LIBOBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ tests/feed.o $(LIBOBJS) $(LDLIBS)

# The property test's generator (tests/property.bats): libc only.
tests/formgen: tests/formgen.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ tests/formgen.o

$(OBJS) tests/unit.o tests/feed.o tests/escape.o tests/filter.o: $(HEADERS) config.h config.mk
tests/formgen.o: config.h config.mk

.SUFFIXES: .c .o
.c.o:
	$(CC) $(CFLAGS) $(CPPFLAGS) -I. -c -o $@ $<

# The whole suite, with the tools this machine has: a suite whose tools
# are missing is skipped, with one line that says why.  It installs
# bats alone, when missing (as root with apt-get, else with npm into
# tests/.tools), and ends with the failed tests by file and name.
CHECK_DEPS = all tests/unit tests/feed tests/cgidump-escape tests/formgen \
	tests/fcgi
# TESTS picks bats files (make check TESTS=tests/unit.bats); empty: all.
TESTS =
check: $(CHECK_DEPS)
	sh tests/run.sh $(TESTS)

# What CI runs: first install, as root with apt-get, every tool every
# suite uses (tests/tools.sh: the seven servers, Chromium, ...), then
# run them all; a missing tool fails instead of skipping.
check-all: $(CHECK_DEPS)
	CGIDUMP_INSTALL=1 CGIDUMP_REQUIRE_ALL=1 sh tests/run.sh $(TESTS)

# libFuzzer harnesses for the eight parsers of client bytes (clang),
# FUZZ_SECONDS each.
FUZZ_SECONDS = 60
fuzz:
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# Issue 12's targets measured against baselines timed in the same run
# (tests/bench/run.sh; builds its own copies of this tree): one table.
# BENCH=get, upload or form (or several, quoted) runs a subset.
BENCH =
bench:
	CC="$(CC)" sh tests/bench/run.sh $(BENCH)

# Issue 14's load and faults: LOAD_COUNT requests (default 20000) through
# nginx to the FastCGI daemon, to fcgiwrap + CGI and to a minimal
# FastCGI program (the floor), and three faults
# (tests/bench/fastcgi-load.sh; it uses ./cgidump as built here).
LOAD_COUNT =
bench-fastcgi: all
	CC="$(CC)" sh tests/bench/fastcgi-load.sh $(LOAD_COUNT)

# Installed programs are stripped: STRIP=: keeps the symbols,
# STRIP=aarch64-linux-gnu-strip strips a cross build.  BINDIR and MANDIR
# follow PREFIX here too (make install PREFIX=/usr) unless ./configure
# was given them.  install-cgi puts cgidump alone into a web server's CGI
# directory, Debian's by default.
STRIP = strip
INSTALL_PROGRAM = install -m 0755
INSTALL_DATA = install -m 0644
CGIBINDIR = /usr/lib/cgi-bin

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	$(INSTALL_PROGRAM) cgidump $(DESTDIR)$(BINDIR)/cgidump
	$(STRIP) $(DESTDIR)$(BINDIR)/cgidump
	$(INSTALL_DATA) man/cgidump.1 $(DESTDIR)$(MANDIR)/man1/cgidump.1

install-cgi: all
	mkdir -p $(DESTDIR)$(CGIBINDIR)
	$(INSTALL_PROGRAM) cgidump $(DESTDIR)$(CGIBINDIR)/cgidump
	$(STRIP) $(DESTDIR)$(CGIBINDIR)/cgidump

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cgidump $(DESTDIR)$(MANDIR)/man1/cgidump.1

uninstall-cgi:
	rm -f $(DESTDIR)$(CGIBINDIR)/cgidump

clean:
	rm -f cgidump $(OBJS) tests/unit tests/unit.o tests/feed tests/feed.o \
	    tests/fcgi \
	    tests/cgidump-escape tests/escape.o tests/filter.o tests/formgen tests/formgen.o

distclean: clean
	rm -f config.h config.mk config.log
	rm -rf .kernel-include

.PHONY: all bench bench-fastcgi check check-all fuzz install install-cgi uninstall uninstall-cgi \
	clean distclean
