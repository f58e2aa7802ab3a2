# Makefile for cgidump: GNU make and BSD make alike.  Run ./configure
# first; it writes config.mk (compiler, flags, paths) and config.h.

include config.mk

# Everything but main.o, so that the unit tests can link it too.
LIBOBJS = src/mem.o src/model.o src/settings.o src/env.o src/process.o \
	src/host.o src/request.o src/body.o src/form.o src/urlencoded.o \
	src/header.o src/multipart.o src/sha256.o src/escape.o src/cgi.o \
	src/check.o src/hostcheck.o src/access.o src/probe.o \
	src/render_html.o src/render_text.o src/render_json.o
HEADERS = src/dump.h src/collect.h src/parse.h src/cgi.h src/sha256.h
OBJS =	src/main.o $(LIBOBJS)

all: cgidump

cgidump: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

tests/unit: tests/unit.o $(LIBOBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ tests/unit.o $(LIBOBJS) $(LDLIBS)

tests/feed: tests/feed.o $(LIBOBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ tests/feed.o $(LIBOBJS) $(LDLIBS)

# The property test's generator (tests/property.bats): libc only.
tests/formgen: tests/formgen.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ tests/formgen.o

$(OBJS) tests/unit.o tests/feed.o: $(HEADERS) config.h config.mk
tests/formgen.o: config.h config.mk

.SUFFIXES: .c .o
.c.o:
	$(CC) $(CFLAGS) $(CPPFLAGS) -I. -c -o $@ $<

# The whole suite; it installs bats, jq and mandoc first when it may.
check: all tests/unit tests/feed tests/formgen
	sh tests/run.sh

# libFuzzer harnesses for the six parsers of client bytes (clang),
# FUZZ_SECONDS each.
FUZZ_SECONDS = 60
fuzz:
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	cp cgidump $(DESTDIR)$(BINDIR)/cgidump
	chmod 0755 $(DESTDIR)$(BINDIR)/cgidump
	cp man/cgidump.1 $(DESTDIR)$(MANDIR)/man1/cgidump.1
	chmod 0644 $(DESTDIR)$(MANDIR)/man1/cgidump.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cgidump $(DESTDIR)$(MANDIR)/man1/cgidump.1

clean:
	rm -f cgidump $(OBJS) tests/unit tests/unit.o tests/feed tests/feed.o \
	    tests/formgen tests/formgen.o

distclean: clean
	rm -f config.h config.mk config.log

.PHONY: all check fuzz install uninstall clean distclean
