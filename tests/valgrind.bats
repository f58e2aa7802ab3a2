#!/usr/bin/env bats
# A representative subset under valgrind's memcheck (issue 10, "What to
# build" 2): GET, a urlencoded POST, a multipart POST with a file, each
# output format and /check, and a few hostile paths, each failing on any
# report: an invalid read or write, a use of uninitialised memory, a
# definite or indirect leak.
#
# Run once per CI run: .ci/run sets CGIDUMP_VALGRIND=0 for all builds
# but gcc's, and a sanitizer build (CGIDUMP_SANITIZED=1) cannot run
# under valgrind at all.  Without valgrind this is skipped, except where
# CGIDUMP_REQUIRE_ALL says every tool must be there.

load helpers

VALGRIND=(valgrind --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect -q)

# valgrind cannot run a program under a seccomp filter (it makes system
# calls of its own that the filter stops), so the subset runs a copy of
# the same sources and flags built with --disable-sandbox.
setup_file() {
	[ -z "${CGIDUMP_SANITIZED:-}" ] || return 0
	[ "${CGIDUMP_VALGRIND:-1}" != 0 ] || return 0
	local top=$BATS_TEST_DIRNAME/.. src=$BATS_FILE_TMPDIR/src cc cflags
	mkdir -p "$src/src"
	cp "$top"/src/*.[ch] "$src/src/"
	cp -R "$top/man" "$top/configure" "$top/Makefile" "$src/"
	cc=$(sed -n 's/^CC = //p' "$top/config.mk")
	cflags=$(sed -n 's/^CFLAGS = //p' "$top/config.mk")
	(cd "$src" && ./configure --disable-sandbox CC="$cc" CFLAGS="$cflags" &&
	    make) >"$BATS_FILE_TMPDIR/build.log" 2>&1 ||
	    echo failed >"$BATS_FILE_TMPDIR/build.failed"
}

setup() {
	[ -z "${CGIDUMP_SANITIZED:-}" ] ||
	    skip "a sanitizer build checks its memory itself, and valgrind cannot run it"
	[ "${CGIDUMP_VALGRIND:-1}" != 0 ] ||
	    skip "CGIDUMP_VALGRIND=0: CI runs this subset in one build only"
	require valgrind
	[ ! -e "$BATS_FILE_TMPDIR/build.failed" ] ||
	    { cat "$BATS_FILE_TMPDIR/build.log"; return 1; }
	# The helpers run $CGIDUMP in a clean environment: make it valgrind
	# running the program (built without the sandbox).
	REAL=$BATS_FILE_TMPDIR/src/cgidump
	CGIDUMP=$BATS_TEST_TMPDIR/cgidump-under-valgrind
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "${VALGRIND[*]}" "$REAL" >"$CGIDUMP"
	chmod +x "$CGIDUMP"
	TMO=60
}

# clean: cgidump exited 0 and valgrind reported nothing.
clean() {
	[ "$status" -ne 99 ] || { echo "valgrind found errors:"; cat "$BATS_TEST_TMPDIR/stderr"; return 1; }
	[ "$status" -eq 0 ] || { echo "exit $status"; cat "$BATS_TEST_TMPDIR/stderr"; return 1; }
	! grep -E '^==[0-9]+==' "$BATS_TEST_TMPDIR/stderr"
}

mp_file() {
	STDIN=$BATS_TEST_TMPDIR/stdin
	{
		printf -- '--XyZ\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n'
		printf -- '--XyZ\r\nContent-Disposition: form-data; name="up"; filename="a.bin"\r\n'
		printf 'Content-Type: application/octet-stream\r\n\r\n'
		head -c 70000 /dev/urandom | tee "$BATS_TEST_TMPDIR/up"
		printf -- '\r\n--XyZ--\r\n'
	} >"$STDIN"
	MPLEN=$(wc -c <"$STDIN")
}

@test "valgrind: the settings catch a leak and an uninitialised read (so the subset can fail)" {
	require cc
	cat >"$BATS_TEST_TMPDIR/bad.c" <<'C'
#include <stdlib.h>
#include <stdio.h>
int
main(void)
{
	int	*p = malloc(64 * sizeof(*p));

	if (p[3] > 0)	/* never written */
		puts("x");
	p = NULL;	/* and leaked */
	return 0;
}
C
	cc -O0 -g -o "$BATS_TEST_TMPDIR/bad" "$BATS_TEST_TMPDIR/bad.c"
	run timeout 60 "${VALGRIND[@]}" "$BATS_TEST_TMPDIR/bad"
	[ "$status" -eq 99 ]
	[[ "$output" == *"uninitialised value"* ]]
	[[ "$output" == *"definitely lost"* ]]
}

@test "valgrind: GET with a query string, as HTML" {
	cgi QUERY_STRING='name=Joe+Blow&addr=At+Home&x=%E2%80%AE%00%FF'
	clean
	[ "$(header Status)" = "200 OK" ]
	tail -n 1 "$OUT" | grep -qx '</html>'
	grep -qF '<span class="v">Joe Blow</span>' "$OUT"
}

@test "valgrind: GET as text and as JSON" {
	cgi PATH_INFO=/text QUERY_STRING='a=1&b=%1B%5B31m'
	clean
	grep -qxF 'a = "1" (query)' "$OUT"
	cgi PATH_INFO=/json QUERY_STRING='a=1&b=2' HTTP_COOKIE='s=secret; t=1'
	clean
	json_ok "$OUT"
	[ "$(value b)" = 2 ]
}

@test "valgrind: /check with a failing check" {
	cgi PATH_INFO=/check HTTP_PROXY=x
	clean
	[ "$(header Status)" = "500 Internal Server Error" ]
	grep -q '^fail httpoxy: ' "$OUT"
}

@test "valgrind: a urlencoded POST with a query string" {
	body_file 'name=Joe+Blow&q=b%C3%B6dy&empty=&flag'
	cgi_json REQUEST_METHOD=POST QUERY_STRING='q=query' CONTENT_LENGTH=37 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	clean
	[ "$(value name)" = "Joe Blow" ]
	[ "$(value q 1)" = "bödy" ]
	[ "$(nfields)" -eq 5 ]
}

@test "valgrind: a multipart POST with a file, as JSON and as HTML" {
	mp_file
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN \
	    'CONTENT_TYPE=multipart/form-data; boundary=XyZ'
	clean
	[ "$(value note)" = hello ]
	[ "$(jqo '.form[1].size')" -eq 70000 ]
	[ "$(jqo '.form[1].sha256')" = "$(sha256sum <"$BATS_TEST_TMPDIR/up" | cut -d' ' -f1)" ]
	cgi PATH_INFO=/html REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN \
	    'CONTENT_TYPE=multipart/form-data; boundary=XyZ'
	clean
	grep -qF 'a.bin' "$OUT"
}

@test "valgrind: nested parts, a limit's cut, problems and a body that is not a form" {
	STDIN=$BATS_TEST_TMPDIR/stdin
	printf -- '--O\r\nContent-Disposition: form-data; name="files"\r\nContent-Type: multipart/mixed; boundary=I\r\n\r\n--I\r\nContent-Disposition: file; filename="a"\r\n\r\nA\r\n--O\r\nno header\r\n\r\n--O\r\nContent-Disposition: form-data; name="v"\r\n\r\n0123456789\r\n' >"$STDIN"
	cgi PATH_INFO=/text REQUEST_METHOD=POST CONTENT_LENGTH=1000 \
	    CGIDUMP_MAX_FORM=70 'CONTENT_TYPE=multipart/form-data; boundary=O'
	clean
	grep -q '^\[form-parse\]' "$OUT"
	grep -q '^\[body-length\]' "$OUT"
	body_file '{"json": true}'
	cgi_json REQUEST_METHOD=PUT CONTENT_TYPE=application/json CONTENT_LENGTH=14
	clean
	[ "$(jqo .body.size)" -eq 14 ]
}

@test "valgrind: raw chunk framing, decoded" {
	body_file $'3\r\na=1\r\n4;x=y\r\n&b=2\r\n0\r\nT: 1\r\n\r\n'
	cgi_json REQUEST_METHOD=POST HTTP_TRANSFER_ENCODING=chunked \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	clean
	[ "$(jqo .request.chunk_framing)" = true ]
	[ "$(value b)" = 2 ]
}

@test "valgrind: a refused request, /stderr and local mode" {
	cgi CGIDUMP_TOKEN=t HTTP_X_CGIDUMP_TOKEN=u
	clean
	[ "$(header Status)" = "403 Forbidden" ]
	cgi PATH_INFO=/stderr
	clean
	grep -q '^cgidump-stderr-' "$BATS_TEST_TMPDIR/stderr"
	run --separate-stderr timeout 60 env -i PATH=/usr/bin:/bin "$CGIDUMP" -f json 'a=1'
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(jq -r '.form[0].value' <<<"$output")" = 1 ]
}
