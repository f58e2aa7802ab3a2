#!/usr/bin/env bats
# Output formats, how they are chosen, and the response headers
# (DESIGN.md "Output formats").

load helpers

ctype() {
	header Content-Type
}

@test "no PATH_INFO and no Accept: HTML" {
	cgi
	[ "$status" -eq 0 ]
	[ "$(ctype)" = "text/html; charset=utf-8" ]
	head -n 1 "$OUT" | grep -qx '<!DOCTYPE html>'
}

@test "PATH_INFO /html, /text and /json choose the format" {
	cgi PATH_INFO=/html
	[ "$(ctype)" = "text/html; charset=utf-8" ]
	grep -q '<html lang="en">' "$OUT"
	cgi PATH_INFO=/text
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	head -n 1 "$OUT" | grep -q '^cgidump .*: what the server handed this CGI program$'
	cgi PATH_INFO=/json
	[ "$(ctype)" = "application/json" ]
	jq -e '.mode == "cgi"' "$OUT"
}

@test "only the last PATH_INFO segment counts, and it wins over Accept" {
	cgi PATH_INFO=/some/where/json HTTP_ACCEPT=text/html
	[ "$(ctype)" = "application/json" ]
	cgi PATH_INFO=/json/extra HTTP_ACCEPT=text/plain
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	# Case-blind, one trailing slash ignored (tests/endpoints.bats).
	cgi PATH_INFO=/json/ HTTP_ACCEPT=text/plain
	[ "$(ctype)" = "application/json" ]
	cgi PATH_INFO=/JSON
	[ "$(ctype)" = "application/json" ]
	cgi PATH_INFO=/json// HTTP_ACCEPT=text/plain
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
}

@test "Accept chooses the format when PATH_INFO does not" {
	cgi HTTP_ACCEPT=application/json
	[ "$(ctype)" = "application/json" ]
	cgi HTTP_ACCEPT=text/plain
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	cgi HTTP_ACCEPT='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
	[ "$(ctype)" = "text/html; charset=utf-8" ]
	cgi HTTP_ACCEPT='*/*'
	[ "$(ctype)" = "text/html; charset=utf-8" ]
	cgi HTTP_ACCEPT='image/png'
	[ "$(ctype)" = "text/html; charset=utf-8" ]
}

@test "Accept q-values are honoured" {
	cgi HTTP_ACCEPT='text/html;q=0.5, application/json;q=0.9'
	[ "$(ctype)" = "application/json" ]
	cgi HTTP_ACCEPT='application/json;q=0.1, text/plain;q=0.2'
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	cgi HTTP_ACCEPT='text/plain; q=1.0, text/html ; q=0.999'
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	cgi HTTP_ACCEPT='Application/JSON; Q=1'
	[ "$(ctype)" = "application/json" ]
}

@test "q=0 refuses a format; a more specific range overrides a wildcard" {
	cgi HTTP_ACCEPT='*/*, text/html;q=0'
	[ "$(ctype)" = "application/json" ]
	cgi HTTP_ACCEPT='text/*;q=0.3, text/plain;q=0.4, */*;q=0.1'
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	# axios and many clients: JSON, then plain, then anything
	cgi HTTP_ACCEPT='application/json, text/plain, */*'
	[ "$(ctype)" = "application/json" ]
}

@test "Accept ranges with parameters our formats lack do not name them" {
	cgi HTTP_ACCEPT='text/html;level=1;q=0, */*'
	[ "$(ctype)" = "text/html; charset=utf-8" ]
	cgi HTTP_ACCEPT='application/json;profile=x, text/plain;q=0.5'
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	cgi HTTP_ACCEPT='text/plain;charset=UTF-8, text/html;q=0.5'
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	cgi HTTP_ACCEPT='application/json;q=0.5;ext=1, text/plain;q=0.4'
	[ "$(ctype)" = "application/json" ]
}

@test "a malformed Accept falls back to HTML" {
	for a in ';;;' ',,,' 'application/json;q=2' 'application/json;q=abc' \
	    'application/json;q=0.1234' '' 'text/plain;q=-1'; do
		cgi HTTP_ACCEPT="$a"
		[ "$status" -eq 0 ]
		[ "$(ctype)" = "text/html; charset=utf-8" ]
	done
}

@test "/replay answers 200 with a sh script to download (tests/replay.bats has the rest)" {
	local p
	for p in /replay /x/replay /REPLAY/; do
		cgi PATH_INFO=$p
		[ "$(header Status)" = "200 OK" ]
		[ "$(ctype)" = "text/plain; charset=utf-8" ]
		[ "$(header Content-Disposition)" = 'attachment; filename="request.sh"' ]
		head -n 1 "$OUT" | grep -qx '#!/bin/sh'
		[ "$(header Cache-Control)" = no-store ]
	done
	cgi PATH_INFO=/replay REQUEST_METHOD=HEAD
	[ "$(header Status)" = "200 OK" ]
	[ ! -s "$OUT" ]
}

@test "every response carries the security headers" {
	local p
	for p in /html /text /json; do
		cgi PATH_INFO=$p
		[ "$(header Cache-Control)" = no-store ]
		[ "$(header X-Content-Type-Options)" = nosniff ]
		[ "$(header X-Robots-Tag)" = "noindex, nofollow" ]
		[ "$(header Referrer-Policy)" = no-referrer ]
		[ "$(header X-Frame-Options)" = DENY ]
		header Content-Security-Policy | grep -q "^default-src 'none';"
		! header Content-Security-Policy | grep -qi "script-src"
		! header Content-Security-Policy | grep -q "unsafe-inline"
		[ "$(header Status)" = "200 OK" ]
	done
}

@test "the CSP allows exactly the page's own stylesheet, by hash" {
	cgi
	local hash
	# the <style> element's text, byte-exact, as the browser hashes it
	hash=$(perl -0777 -ne 'print $1 if /<style>(.*?)<\/style>/s' "$OUT" |
	    openssl dgst -sha256 -binary | base64)
	[ -n "$hash" ]
	header Content-Security-Policy | grep -qF "style-src 'sha256-$hash'"
}

@test "header lines end in CRLF and the block in an empty line" {
	cgi PATH_INFO=/text
	head -n 1 "$RAW" | grep -q $'^Status: 200 OK\r$'
	# every header line, and the empty line after them, ends in CRLF
	[ "$(head -n "$(($(wc -l <"$HDR") + 1))" "$RAW" | grep -vc $'\r$')" -eq 0 ]
	[ "$(awk '/^\r$/{print NR; exit}' "$RAW")" -eq "$(($(wc -l <"$HDR") + 1))" ]
}

@test "HEAD answers the headers only" {
	local p
	for p in /html /text /json ''; do
		cgi REQUEST_METHOD=HEAD PATH_INFO=$p
		[ "$status" -eq 0 ]
		[ -s "$HDR" ]
		[ ! -s "$OUT" ]
		[ "$(header Status)" = "200 OK" ]
	done
	cgi REQUEST_METHOD=HEAD PATH_INFO=/json
	[ "$(ctype)" = "application/json" ]
}

@test "a program named nph-* writes a full status line from SERVER_PROTOCOL" {
	ln -s "$CGIDUMP" "$BATS_TEST_TMPDIR/nph-cgidump"
	CGIDUMP=$BATS_TEST_TMPDIR/nph-cgidump cgi PATH_INFO=/text
	head -n 1 "$RAW" | grep -q $'^HTTP/1.1 200 OK\r$'
	! grep -q '^Status:' "$HDR"
	grep -q '^Date: ' "$HDR"
	grep -qx 'Connection: close' "$HDR"
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	CGIDUMP=$BATS_TEST_TMPDIR/nph-cgidump cgi SERVER_PROTOCOL=HTTP/1.0
	head -n 1 "$RAW" | grep -q $'^HTTP/1.0 200 OK\r$'
}

@test "nph: a SERVER_PROTOCOL it does not know never reaches the status line" {
	ln -s "$CGIDUMP" "$BATS_TEST_TMPDIR/nph-cgidump"
	CGIDUMP=$BATS_TEST_TMPDIR/nph-cgidump cgi \
	    SERVER_PROTOCOL=$'HTTP/1.1\r\nSet-Cookie: x=1'
	head -n 1 "$RAW" | grep -q $'^HTTP/1.0 200 OK\r$'
	! grep -qi 'set-cookie' "$HDR"
	CGIDUMP=$BATS_TEST_TMPDIR/nph-cgidump cgi SERVER_PROTOCOL=INCLUDED
	head -n 1 "$RAW" | grep -q $'^HTTP/1.0 200 OK\r$'
}

@test "a program not named nph-* answers with Status:" {
	ln -s "$CGIDUMP" "$BATS_TEST_TMPDIR/dump-nph"
	CGIDUMP=$BATS_TEST_TMPDIR/dump-nph cgi
	head -n 1 "$RAW" | grep -q $'^Status: 200 OK\r$'
}

@test "nothing from the request reaches a header" {
	cgi PATH_INFO=$'/json\r\nX-Evil: 1' HTTP_ACCEPT=$'text/plain\r\nX-Evil: 2' \
	    QUERY_STRING='a=%0d%0aX-Evil:%203'
	! grep -qi 'x-evil' "$HDR"
	[ "$(wc -l <"$HDR")" -eq 8 ]
}

@test "the JSON model has every top-level key from the start" {
	cgi_json
	jq -e 'has("version") and has("mode") and has("request") and has("form")
	    and has("body") and has("environment") and has("argv") and has("cwd")
	    and has("process") and has("limits") and has("checks") and has("errors")' "$OUT"
	jq -e '.version == "1.1.0" and (.checks | type == "array")
	    and (.errors | type == "array") and (.limits | type == "object")' "$OUT"
	jq -e '.request | has("method") and has("query_string") and has("content_type")
	    and has("content_length") and has("body_bytes")' "$OUT"
}

@test "HTML, text and JSON carry the same facts" {
	local q='alpha=one&beta=tw%C3%B6'
	cgi_json QUERY_STRING="$q" HTTP_X_PROBE=probe-value
	jq -e '.form[1].value == "twö"' "$OUT"
	cgi PATH_INFO=/text QUERY_STRING="$q" HTTP_X_PROBE=probe-value
	grep -qF 'beta = "twö" (query)' "$OUT"
	grep -qF 'HTTP_X_PROBE = "probe-value"' "$OUT"
	cgi PATH_INFO=/html QUERY_STRING="$q" HTTP_X_PROBE=probe-value
	grep -qF '<span class="v">twö</span>' "$OUT"
	grep -qF '<dt><span class="v">HTTP_X_PROBE</span></dt><dd><span class="v">probe-value</span></dd>' "$OUT"
}

@test "the HTML page is a whole HTML5 document with lang, charset, viewport and title" {
	cgi
	grep -q '^<html lang="en">$' "$OUT"
	grep -q '^<meta charset="utf-8">$' "$OUT"
	grep -q '<meta name="viewport" content="width=device-width, initial-scale=1">' "$OUT"
	grep -q '^<title>.*</title>$' "$OUT"
	tail -n 1 "$OUT" | grep -qx '</html>'
	! grep -qi '<script' "$OUT"
	grep -q '@media print' "$OUT"
	grep -q '@media (max-width:40rem)' "$OUT"
}

@test "the HTML page has Python's sections in Python's order and wording" {
	cgi
	run grep -o '<h2>[^<]*</h2>' "$OUT"
	# The verdicts come first (issue 4); then Python's sections.
	[ "${lines[0]}" = "<h2>Server Setup Checks</h2>" ]
	[ "${lines[1]}" = "<h2>Current Working Directory</h2>" ]
	[ "${lines[2]}" = "<h2>Command Line Arguments</h2>" ]
	[ "${lines[3]}" = "<h2>Form Contents</h2>" ]
	[ "${lines[4]}" = "<h2>Shell Environment</h2>" ]
	[ "${lines[5]}" = "<h2>These environment variables could have been set</h2>" ]
	[ "${lines[6]}" = "<h2>Request</h2>" ]
	[ "${lines[7]}" = "<h2>Limits</h2>" ]
	[ "${lines[8]}" = "<h2>Process</h2>" ]
}

@test "/check answers JSON to a client that prefers it, with the same status" {
	cgi PATH_INFO=/check HTTP_PROXY=x
	[ "$(header Status)" = "500 Internal Server Error" ]
	cgi PATH_INFO=/check HTTP_PROXY=x HTTP_ACCEPT=application/json
	[ "$(header Status)" = "500 Internal Server Error" ]
	[ "$(ctype)" = "application/json" ]
	json_ok "$OUT"
	jq -e '.worst == "fail" and .version == "1.1.0"
	    and (.counts | add) == (.checks | length)
	    and any(.checks[]; .id == "httpoxy" and .level == "fail")' "$OUT"
	# The status is the text /check's: both from the same verdicts.
	cgi PATH_INFO=/check
	local want
	want=$(header Status)
	cgi PATH_INFO=/check HTTP_ACCEPT='text/html;q=0.5, application/json'
	[ "$(header Status)" = "$want" ]
	[ "$(ctype)" = "application/json" ]
	json_ok "$OUT"
	# RFC 9110 q-values: JSON only when preferred.
	cgi PATH_INFO=/check HTTP_ACCEPT='text/plain, application/json;q=0.5'
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	head -n 1 "$OUT" | grep -q '^cgidump checks: '
	cgi PATH_INFO=/check HTTP_ACCEPT='*/*'
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	cgi PATH_INFO=/check HTTP_ACCEPT='application/json;q=0'
	[ "$(ctype)" = "text/plain; charset=utf-8" ]
	# HEAD: the headers only.
	cgi PATH_INFO=/check REQUEST_METHOD=HEAD HTTP_ACCEPT=application/json
	[ "$(ctype)" = "application/json" ]
	[ ! -s "$OUT" ]
}

@test "HTML shows a message's \`code\` as <code>, escaped inside; text and JSON keep the backticks" {
	cgi PATH_INFO=/html HTTP_PROXY=x
	grep -F 'id="check-httpoxy"' "$OUT" >"$BATS_TEST_TMPDIR/li"
	grep -qF 'nginx <code>fastcgi_param HTTP_PROXY &quot;&quot;;</code>, Apache <code>RequestHeader unset Proxy early</code>, or' "$BATS_TEST_TMPDIR/li"
	! grep -qF '`' "$BATS_TEST_TMPDIR/li"
	cgi PATH_INFO=/text HTTP_PROXY=x
	grep -qF 'nginx `fastcgi_param HTTP_PROXY "";`, Apache `RequestHeader unset Proxy early`, or' "$OUT"
	cgi_json HTTP_PROXY=x
	jq -e '.checks[] | select(.id == "httpoxy") | .message |
	    contains("nginx `fastcgi_param HTTP_PROXY \"\";`, Apache `RequestHeader unset Proxy early`")' "$OUT"
}

@test "HTML: a backtick in a quoted request value, or an odd one, stays a backtick" {
	# PATH is quoted in the path verdict: " `x` y" must not become code,
	# nor a \" inside it end the quoting early.
	cgi PATH_INFO=/html 'PATH=/usr/bin:/bin: `x` y\"`z` w`'
	grep -F 'id="check-path"' "$OUT" >"$BATS_TEST_TMPDIR/li"
	grep -qF 'PATH &quot;/usr/bin:/bin: `x` y\\\&quot;`z` w`&quot;' "$BATS_TEST_TMPDIR/li"
	! grep -qF '<code>x</code>' "$BATS_TEST_TMPDIR/li"
	! grep -qF '<code>z</code>' "$BATS_TEST_TMPDIR/li"
	# and the code of the verdict after it still is code
	cgi PATH_INFO=/html 'PATH=/bin:`x' HTTP_PROXY=x
	grep -F 'id="check-httpoxy"' "$OUT" | grep -qF '<code>RequestHeader unset Proxy early</code>'
}

# musl's stdio writes with writev(2): both are counted.
@test "each format's answer, header block and all, reaches the server in one write(2); a 404's and HEAD's too; /stderr's line before it" {
	[ -z "${CGIDUMP_SANITIZED:-}" ] ||
	    skip "LeakSanitizer cannot run under strace (ptrace); the other builds count"
	require strace
	local st=$BATS_TEST_TMPDIR/st p
	local -a RUNAS=(strace -qq -e trace=write,writev -o "$st")
	for p in /html /text /json /check /chek /stderr; do
		cgi PATH_INFO="$p"
		[ "$status" -eq 0 ]
		[ "$(grep -cE '^writev?\(1,' "$st")" = 1 ] || { echo "$p:"; cat "$st"; return 1; }
		grep -qE '^writev?\(1, .*Status: ' "$st"
	done
	# /stderr: the line is out before the answer (mini_httpd puts
	# the two in one stream, the line first)
	[ "$(grep -oE '^writev?\([12],' "$st" | tr -d v | tr '\n' ' ')" = 'write(2, write(1, ' ] ||
	    { cat "$st"; return 1; }
	cgi PATH_INFO=/json REQUEST_METHOD=HEAD
	[ "$(grep -cE '^writev?\(1,' "$st")" = 1 ]
	[ "$(tail -c 4 "$RAW" | od -An -c | tr -d ' ')" = '\r\n\r\n' ]
}

@test "a write that fails is told, in CGI and local mode, and the exit status is 1" {
	run --separate-stderr bash -c 'env -i GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/html "$0" >/dev/full; echo "rc=$?"' "$CGIDUMP"
	[ "$output" = rc=1 ]
	[ "$stderr" = "cgidump: output failed: No space left on device" ]
	run --separate-stderr bash -c '"$0" -f json >/dev/full; echo "rc=$?"' "$CGIDUMP"
	[ "$output" = rc=1 ]
	[ "$stderr" = "cgidump: writing the dump failed: No space left on device" ]
}
