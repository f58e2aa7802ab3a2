#!/usr/bin/env bats
# Endpoint names and format segments: matched case-blind with one
# trailing slash ignored, and a near miss answered 404, so that a typo
# cannot pass a deployment check (DESIGN.md "Output formats").

load helpers

ctype() {
	header Content-Type
}

# is_checks: the last answer is /check's (text), with the status that
# /check itself gives.
is_checks() {
	local want
	want=$(header Status)
	[ "$(ctype)" = "text/plain; charset=utf-8" ] ||
	    { echo "Content-Type $(ctype)"; return 1; }
	head -n 1 "$OUT" | grep -q '^cgidump checks: ' ||
	    { echo "not the verdicts:"; head -n 3 "$OUT"; return 1; }
	cgi PATH_INFO=/check
	[ "$(header Status)" = "$want" ] ||
	    { echo "status $want, /check says $(header Status)"; return 1; }
}

# near_miss PATH MEANT: PATH_INFO=PATH answers 404 naming /MEANT.
near_miss() {
	cgi PATH_INFO="$1"
	[ "$(header Status)" = "404 Not Found" ] ||
	    { echo "$1: $(header Status)"; return 1; }
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	grep -q "did you mean /$2?" "$OUT" ||
	    { echo "$1: no /$2 in:"; cat "$OUT"; return 1; }
}

# dumped PATH: PATH_INFO=PATH answers 200 with the dump, PATH in it.
dumped() {
	cgi PATH_INFO="$1" HTTP_ACCEPT=application/json
	[ "$(header Status)" = "200 OK" ] ||
	    { echo "$1: $(header Status)"; cat "$OUT"; return 1; }
	json_ok "$OUT"
	[ "$(env_var PATH_INFO)" = "$1" ]
}

@test "/check/, /CHECK and /Check are /check, not the HTML page" {
	cgi PATH_INFO=/check/
	is_checks
	cgi PATH_INFO=/CHECK
	is_checks
	cgi PATH_INFO=/Check
	is_checks
	cgi PATH_INFO=/some/where/cHeCk/
	is_checks
	# A failing check fails every spelling of it.
	cgi PATH_INFO=/CHECK/ HTTP_PROXY=x
	[ "$(header Status)" = "500 Internal Server Error" ]
}

@test "format segments are case-blind, one trailing slash ignored" {
	cgi PATH_INFO=/TEXT HTTP_ACCEPT=application/json
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	cgi PATH_INFO=/Text/ HTTP_ACCEPT=application/json
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	cgi PATH_INFO=/Json/ HTTP_ACCEPT=text/html
	[ "$(ctype)" = "application/json" ]
	json_ok "$OUT"
	cgi PATH_INFO=/HTML/ HTTP_ACCEPT=application/json
	[ "$(ctype)" = "text/html; charset=utf-8" ]
	# Only one slash: /json// ends in an empty segment, and Accept decides.
	cgi PATH_INFO=/json// HTTP_ACCEPT=text/plain
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	[ "$(header Status)" = "200 OK" ]
}

@test "a near miss of an endpoint or format answers 404 naming it" {
	near_miss /chek check
	near_miss /CHEK/ check
	near_miss /checks check
	near_miss /a/b/chec check
	near_miss /stram stream
	near_miss /stderrr stderr
	near_miss /relay replay
	near_miss /jsn json
	near_miss /jsonn json
	near_miss /htm html
	near_miss /tex text
	near_miss /txt text
	grep -q '^cgidump: no endpoint /txt here; did you mean /text?$' "$OUT"
}

@test "two adjacent bytes swapped are a near miss too (/chekc, /sjon)" {
	near_miss /chekc check
	near_miss /sjon json
	near_miss /Stdrer stderr
}

@test "a near miss has the usual safety headers and a short complete body" {
	cgi PATH_INFO=/chek
	[ "$(header Cache-Control)" = no-store ]
	[ "$(header X-Content-Type-Options)" = nosniff ]
	header Content-Security-Policy | grep -q "default-src 'none'"
	header X-Robots-Tag | grep -q noindex
	[ "$(head -n 1 "$OUT")" = "404 Not Found" ]
	[ "$(wc -l <"$OUT")" -eq 3 ]
	# The body ends in a newline: complete.
	[ "$(tail -c 1 "$OUT" | od -An -c | tr -d ' ')" = '\n' ]
	! grep -q '<html' "$OUT"
}

@test "a near miss: HEAD gets headers only, nph- a full status line" {
	cgi PATH_INFO=/chek REQUEST_METHOD=HEAD
	[ "$(header Status)" = "404 Not Found" ]
	[ ! -s "$OUT" ]
	cp "$CGIDUMP" "$BATS_TEST_TMPDIR/nph-cgidump"
	CGIDUMP=$BATS_TEST_TMPDIR/nph-cgidump cgi PATH_INFO=/jsn
	head -n 1 "$RAW" | grep -q $'^HTTP/1.1 404 Not Found\r$'
	grep -q '^Connection: close$' "$HDR"
	grep -q 'did you mean /json?' "$OUT"
}

@test "a near miss's own bytes are escaped in the 404 body" {
	near_miss $'/che\x01k' check
	grep -qF 'no endpoint /che\x01k here' "$OUT"
	! LC_ALL=C grep -q $'\x01' "$OUT"
}

@test "ordinary PATH_INFO is not a near miss: it is dumped as it came" {
	dumped /foo
	dumped /x
	dumped /id
	dumped /stdout
	dumped /checkout
	dumped /index.html
	dumped /test/x
	dumped /chek/x
	dumped /check//
	dumped /users/42/
}
