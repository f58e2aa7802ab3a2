#!/usr/bin/env bats
# configure, make and the usual targets, in a scratch copy of the tree.

load helpers

TOP=$BATS_TEST_DIRNAME/..

setup() {
	SRC=$BATS_TEST_TMPDIR/src
	mkdir -p "$SRC/src"
	# sources only: objects of the build under test must not come along
	cp "$TOP"/src/*.[ch] "$SRC/src/"
	cp -R "$TOP/man" "$TOP/configure" "$TOP/Makefile" "$SRC/"
	cd "$SRC"
}

@test "./configure --help explains itself and exits 0" {
	run ./configure --help
	[ "$status" -eq 0 ]
	[[ "$output" == *PREFIX* && "$output" == *MANDIR* && "$output" == *CFLAGS* ]]
}

@test "./configure rejects an unknown argument" {
	run ./configure --enable-magic
	[ "$status" -eq 1 ]
	[[ "$output" == *"unknown argument: --enable-magic"* ]]
}

@test "./configure takes CC, CFLAGS, PREFIX and MANDIR as arguments" {
	run ./configure CC=gcc CFLAGS='-O1' PREFIX=/opt/cd MANDIR=/opt/man
	[ "$status" -eq 0 ]
	grep -qx 'CC = gcc' config.mk
	grep -qx 'CFLAGS = -O1' config.mk
	grep -qx 'PREFIX = /opt/cd' config.mk
	grep -qx 'BINDIR = $(PREFIX)/bin' config.mk
	grep -qx 'MANDIR = /opt/man' config.mk
	grep -q '#define HAVE_FIONREAD' config.h
}

@test "./configure takes them from the environment and from configure.local" {
	CC=gcc PREFIX=/from/env run ./configure
	[ "$status" -eq 0 ]
	grep -qx 'PREFIX = /from/env' config.mk
	grep -qx 'MANDIR = $(PREFIX)/share/man' config.mk
	printf 'PREFIX=/from/local\n' >configure.local
	PREFIX=/from/env run ./configure
	grep -qx 'PREFIX = /from/local' config.mk
	# an argument wins over both
	run ./configure --prefix=/from/arg
	grep -qx 'PREFIX = /from/arg' config.mk
}

@test "./configure says so when the compiler does not work" {
	run ./configure CC=/nonexistent/cc
	[ "$status" -eq 1 ]
	[[ "$output" == *"/nonexistent/cc cannot build a program"* ]]
}

@test "make builds ./cgidump at the top level; make clean and distclean clean up" {
	./configure >/dev/null
	make >/dev/null
	[ -x ./cgidump ]
	./cgidump -V | grep -q '^cgidump '
	make clean >/dev/null
	[ ! -e ./cgidump ]
	[ -z "$(find src -name '*.o')" ]
	[ -e config.mk ]
	make distclean >/dev/null
	[ ! -e config.mk ]
	[ ! -e config.h ]
	[ ! -e config.log ]
}

@test "make install and uninstall honour DESTDIR, PREFIX and MANDIR" {
	./configure PREFIX=/usr MANDIR=/usr/share/man >/dev/null
	make install DESTDIR="$BATS_TEST_TMPDIR/root" >/dev/null
	[ -x "$BATS_TEST_TMPDIR/root/usr/bin/cgidump" ]
	[ -f "$BATS_TEST_TMPDIR/root/usr/share/man/man1/cgidump.1" ]
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/root/usr/bin/cgidump")" = 755 ]
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/root/usr/share/man/man1/cgidump.1")" = 644 ]
	make uninstall DESTDIR="$BATS_TEST_TMPDIR/root" >/dev/null
	[ ! -e "$BATS_TEST_TMPDIR/root/usr/bin/cgidump" ]
	[ ! -e "$BATS_TEST_TMPDIR/root/usr/share/man/man1/cgidump.1" ]
}

# stripped FILE: an ELF file without a symbol table.
stripped() {
	require readelf
	[ -f "$1" ] || { echo "no $1"; return 1; }
	readelf -S "$1" | grep -q ' \.text' || { echo "$1 is not ELF"; return 1; }
	! readelf -S "$1" | grep -q ' \.symtab' || { echo "$1 is not stripped"; return 1; }
}

# installs MAKE: make install and install-cgi into DESTDIRs, as an
# administrator types them.
installs() {
	local root=$BATS_TEST_TMPDIR/root cgi=$BATS_TEST_TMPDIR/cgi
	./configure >/dev/null
	"$1" >/dev/null
	# PREFIX on the command line moves BINDIR and MANDIR too.
	"$1" install PREFIX=/usr DESTDIR="$root" >/dev/null
	[ "$(stat -c %a "$root/usr/bin/cgidump")" = 755 ]
	stripped "$root/usr/bin/cgidump"
	[ "$(stat -c %a "$root/usr/share/man/man1/cgidump.1")" = 644 ]
	cmp "$root/usr/share/man/man1/cgidump.1" man/cgidump.1
	[ ! -e "$root/usr/local" ]
	"$root/usr/bin/cgidump" -V | grep -q '^cgidump '
	# Debian's CGI directory, by default and by name.
	"$1" install-cgi DESTDIR="$cgi" >/dev/null
	[ "$(stat -c %a "$cgi/usr/lib/cgi-bin/cgidump")" = 755 ]
	stripped "$cgi/usr/lib/cgi-bin/cgidump"
	"$1" install-cgi CGIBINDIR=/srv/www/cgi-bin DESTDIR="$cgi" >/dev/null
	stripped "$cgi/srv/www/cgi-bin/cgidump"
	"$1" uninstall-cgi CGIBINDIR=/srv/www/cgi-bin DESTDIR="$cgi" >/dev/null
	[ ! -e "$cgi/srv/www/cgi-bin/cgidump" ]
	# STRIP=: keeps the symbols.
	"$1" install STRIP=: DESTDIR="$BATS_TEST_TMPDIR/keep" >/dev/null
	readelf -S "$BATS_TEST_TMPDIR/keep/usr/local/bin/cgidump" | grep -q ' \.symtab'
}

@test "make install PREFIX=/usr and make install-cgi: stripped, mode 0755, the man page under the prefix" {
	installs make
}

# bsdmake ARGS: bmake as an administrator runs it, without the
# MAKEFLAGS of a GNU make the suite may run under (make -j2 check-all
# passes "-j2 --jobserver-auth=3,4", which bmake refuses).
bsdmake() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES bmake "$@"
}

@test "BSD make (bmake): make install and make install-cgi the same" {
	require bmake
	installs bsdmake
}

@test "warning-free under gcc with -Wall -Wextra -Wpedantic -Werror" {
	require gcc
	./configure CC=gcc CFLAGS='-O2 -std=c11 -Wall -Wextra -Wpedantic -Werror' >/dev/null
	run make
	[ "$status" -eq 0 ]
	[[ "$output" != *warning* ]]
}

@test "warning-free under clang with -Wall -Wextra -Wpedantic -Werror" {
	require clang
	./configure CC=clang CFLAGS='-O2 -std=c11 -Wall -Wextra -Wpedantic -Werror' >/dev/null
	run make
	[ "$status" -eq 0 ]
	[[ "$output" != *warning* ]]
}

@test "BSD make (bmake) builds it too" {
	require bmake
	./configure >/dev/null
	run bsdmake
	[ "$status" -eq 0 ]
	[ -x ./cgidump ]
	run bsdmake clean
	[ ! -e ./cgidump ]
}

@test "./configure --disable-sandbox builds one without, and the dump says so" {
	run ./configure --disable-sandbox
	[ "$status" -eq 0 ]
	[[ "$output" == *"sandbox: disabled"* ]]
	grep -q '^#define SANDBOX_ENABLED 0' config.h
	make >/dev/null
	run env -i GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET PATH_INFO=/json ./cgidump
	[ "$status" -eq 0 ]
	body=$(sed '1,/^\r$/d' <<<"$output")
	[ "$(jq -r .process.sandbox.method <<<"$body")" = none ]
	[ "$(jq -r .process.sandbox.active <<<"$body")" = false ]
	[ "$(jq -r .process.sandbox.note <<<"$body")" = "built with --disable-sandbox" ]
	[ "$(jq -r .process.sandbox.no_new_files <<<"$body")" = false ]
	# configure.local can say the same
	printf 'SANDBOX=no\n' >configure.local
	run ./configure
	[[ "$output" == *"sandbox: disabled"* ]]
	printf 'SANDBOX=maybe\n' >configure.local
	run ./configure
	[ "$status" -ne 0 ]
	[[ "$output" == *"SANDBOX must be yes or no"* ]]
}

# static_ok: ./cgidump is a static ELF (no INTERP program header, no
# NEEDED library), calls no NSS function (static glibc would need its
# shared modules at run time), names the user from the files and keeps
# its seccomp filter.
static_ok() {
	require readelf
	require nm
	require jq
	grep -q '^#define STATIC_BUILD 1' config.h
	readelf -lW cgidump | grep -q 'LOAD' || { echo "cgidump is not ELF"; return 1; }
	! readelf -lW cgidump | grep -q 'INTERP' || { echo "cgidump has an interpreter"; return 1; }
	! readelf -dW cgidump | grep -q 'NEEDED' || { echo "cgidump needs libraries"; return 1; }
	! nm cgidump | grep -E ' (getpwuid|getgrgid|getpwnam|getgrnam|getaddrinfo|gethostbyname)$' ||
	    { echo "cgidump calls NSS"; return 1; }
	run env -i GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET PATH_INFO=/json ./cgidump
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	body=$(sed '1,/^\r$/d' <<<"$output")
	[ "$(jq -r .process.names_from <<<"$body")" = files ]
	[ "$(jq -r .process.user <<<"$body")" = "$(id -un)" ]
	[ "$(jq -r .process.group <<<"$body")" = "$(id -gn)" ]
	[ "$(jq -r .process.sandbox.method <<<"$body")" = seccomp ]
	[ "$(jq -r .process.sandbox.active <<<"$body")" = true ]
}

@test "./configure --static builds a static binary that names users from the files, without link warnings" {
	run ./configure --static CFLAGS='-O2 -std=c11 -Wall -Wextra -Wpedantic -Werror'
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" == *"static: yes"* ]]
	grep -q '^LDFLAGS = .*-static' config.mk
	run make
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	# static glibc warns of each NSS call: "Using 'getpwuid' in statically linked ..."
	[[ "$output" != *warning* ]] || { echo "$output"; return 1; }
	static_ok
}

@test "the default build binds its functions at start-up (-z now, full RELRO); LDFLAGS given, or static, is left as given" {
	require readelf
	LDFLAGS= run ./configure
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	grep -qx 'LDFLAGS = -Wl,-z,relro -Wl,-z,now' config.mk
	run make cgidump
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	readelf -d cgidump | grep -q 'BIND_NOW'
	readelf -l cgidump | grep -q 'GNU_RELRO'
	LDFLAGS= run ./configure LDFLAGS=-g
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	grep -qx 'LDFLAGS = -g' config.mk
	LDFLAGS= run ./configure --static
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	grep -qx 'LDFLAGS = -static' config.mk
}

@test "configure.local: STATIC=yes, or LDFLAGS=-static alone, make a static build too" {
	printf 'STATIC=yes\n' >configure.local
	run ./configure
	[ "$status" -eq 0 ]
	grep -q '^#define STATIC_BUILD 1' config.h
	grep -q '^LDFLAGS = .*-static' config.mk
	printf 'LDFLAGS=-static\n' >configure.local
	run ./configure
	[ "$status" -eq 0 ]
	grep -q '^#define STATIC_BUILD 1' config.h
	rm configure.local
	run ./configure
	grep -q '^#define STATIC_BUILD 0' config.h
	! grep -q -- '-static' config.mk
	printf 'STATIC=perhaps\n' >configure.local
	run ./configure
	[ "$status" -ne 0 ]
	[[ "$output" == *"STATIC must be yes or no"* ]]
}

@test "./configure --static CC=musl-gcc: a static musl binary, its seccomp filter built from the kernel's headers" {
	require musl-gcc
	run ./configure --static CC=musl-gcc CFLAGS='-O2 -std=c11 -Wall -Wextra -Wpedantic -Werror'
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" == *"SECCOMP: yes"* ]] || { echo "$output"; return 1; }
	run make
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" != *warning* ]] || { echo "$output"; return 1; }
	static_ok
	# only the kernel's directories were put on the include path
	[ -d .kernel-include ]
	[ -z "$(find .kernel-include -mindepth 1 -maxdepth 1 ! -name linux ! -name asm ! -name asm-generic)" ]
	make distclean >/dev/null
	[ ! -e .kernel-include ]
}

@test "cross-builds for aarch64, with the seccomp filter" {
	require aarch64-linux-gnu-gcc
	run ./configure CC=aarch64-linux-gnu-gcc \
	    CFLAGS='-O2 -std=c11 -Wall -Wextra -Wpedantic -Werror'
	[ "$status" -eq 0 ]
	[[ "$output" == *"SECCOMP: yes"* ]]
	run make
	[ "$status" -eq 0 ]
	[[ "$output" != *warning* ]]
	# the filter and its SIGSYS report are compiled in
	aarch64-linux-gnu-gcc -E -dM -I. -include config.h src/sandbox.c |
	    grep -q '^#define USE_SECCOMP 1$'
	grep -qa 'is not allowed after the request is read' cgidump
}

# nojq_path: a PATH of every program this machine has but jq and mandoc,
# as on a fresh Debian with build-essential.
nojq_path() {
	local d=$BATS_TEST_TMPDIR/nojq f
	mkdir -p "$d"
	for f in /usr/local/bin/* /usr/bin/* /bin/* /usr/sbin/* /sbin/*; do
		case ${f##*/} in jq|mandoc) continue ;; esac
		[ -e "$d/${f##*/}" ] || ln -s "$f" "$d/${f##*/}"
	done
	echo "$d"
}

@test "make check without jq and mandoc: the suites that need them are skipped, one line each, the rest run" {
	local p
	p=$(nojq_path)
	run env -i PATH="$p" HOME="$HOME" CGIDUMP_HTML_DIR="$BATS_TEST_TMPDIR/html" \
	    sh "$TOP/tests/run.sh" tests/probes.bats tests/body.bats tests/docs.bats
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	grep -qx 'run.sh: skipping tests/body.bats: missing jq (Debian: apt-get install jq)' <<<"$output"
	grep -qx 'run.sh: skipping tests/docs.bats: missing mandoc (Debian: apt-get install mandoc)' <<<"$output"
	! grep -q 'skipping tests/probes.bats' <<<"$output"
	grep -q '^ok .* /stream' <<<"$output"
	grep -q "^run.sh: [1-9][0-9]* suites skipped for missing tools (listed above); make check-all" <<<"$output"
	[[ "${lines[-1]}" =~ ^[1-9][0-9]*\ passed,\ 0\ failed$ ]] || { echo "$output"; return 1; }
}

@test "make check names each failed test, file and name, before the count" {
	local f=$BATS_TEST_TMPDIR/two.bats
	printf '@test "this one passes" {\n\ttrue\n}\n@test "this one fails" {\n\tfalse\n}\n' >"$f"
	# Out of this bats run's environment (its PATH starts with bats'
	# internals), with pages of its own.
	run env -i PATH="$(tr : '\n' <<<"$PATH" | grep -v 'bats-core' | paste -sd: -)" \
	    HOME="$HOME" CGIDUMP_HTML_DIR="$BATS_TEST_TMPDIR/html" \
	    sh "$TOP/tests/run.sh" "$f"
	[ "$status" -ne 0 ]
	grep -qxF "  $f: this one fails" <<<"$output" || { echo "$output"; return 1; }
	! grep -qF ": this one passes" <<<"$output"
	[ "${lines[-1]}" = "1 passed, 1 failed" ]
}
