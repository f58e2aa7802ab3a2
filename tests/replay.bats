#!/usr/bin/env bats
# /replay and --replay (issue 13): the request as a POSIX sh script
# that runs a CGI program with exactly its variables and body, and
# with ?as=curl the curl command that sends it again.  Every request
# fixture goes round the trip (captured, replayed into cgidump itself,
# the same dump); hostile values and bodies come back byte for byte and
# run nothing; the scripts pass shellcheck and run under dash and bash.

load helpers

FIX=$BATS_TEST_DIRNAME/fixtures

setup() {
	# the scripts run under dash and bash; python3 shows what arrived
	require dash
	require python3
	SCRIPT=$BATS_TEST_TMPDIR/request.sh
	# Scripts run here, so that a file an injection made would show.
	RUNDIR=$BATS_TEST_TMPDIR/run
	mkdir -p "$RUNDIR"
}

# capture [VAR=value ...]: /replay's script for the request, in $SCRIPT.
capture() {
	cgi PATH_INFO=/replay "$@"
	[ "$status" -eq 0 ]
	[ "$(header Status)" = "200 OK" ]
	cp "$OUT" "$SCRIPT"
}

# replay_run SHELL [ARGS...]: the script under SHELL in $RUNDIR, with an
# environment of the caller's own that must not leak in; stdout in
# $ROUT, stderr in $RERR.
replay_run() {
	local sh=$1
	shift
	ROUT=$BATS_TEST_TMPDIR/replayed
	RERR=$BATS_TEST_TMPDIR/replayed.err
	status=0
	(cd "$RUNDIR" && exec timeout "$TMO" env -i PATH=/usr/bin:/bin \
	    LEAK=should-not-arrive "$sh" "$SCRIPT" "$@") >"$ROUT" 2>"$RERR" ||
	    status=$?
}

# replayed_json SHELL: the script run with ./cgidump at PATH_INFO=/json,
# the dump's body in $OUT.
replayed_json() {
	replay_run "$1" PATH_INFO=/json "$CGIDUMP"
	[ "$status" -eq 0 ] || { cat "$RERR"; return 1; }
	_split_response "$ROUT"
	json_ok "$OUT"
}

# same_dump A B [trailing]: two JSON dumps that describe the same
# request.  How stdin reached the program (a file in the tests, a pipe
# in the replay) and argv[0] may differ; nothing else the request
# decides.  With trailing, bytes past CONTENT_LENGTH were waiting in
# A: cgidump never reads them (RFC 3875 §4.2), the script says so, and
# B lacks them.
same_dump() {
	local f='{request: (.request | del(.stdin)), form, body, errors,
	    environment, cgi_variables, argv: .argv[1:]}'
	if [ -n "${3:-}" ]; then
		f="$f"' | .request |= del(.bytes_after_body) | .errors |=
		    map(select(.message | test("were waiting on stdin") | not))'
	fi
	diff <(jq -S "$f" "$1") <(jq -S "$f" "$2")
}

fixture_body() {
	if [ -f "$1/body.gz" ]; then gzip -dc "$1/body.gz"; else cat "$1/body"; fi
}

@test "/replay answers a sh script to download, 200, with the usual headers" {
	capture
	[ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
	[ "$(header Content-Disposition)" = 'attachment; filename="request.sh"' ]
	[ "$(header Cache-Control)" = no-store ]
	[ "$(header X-Content-Type-Options)" = nosniff ]
	head -n 1 "$SCRIPT" | grep -qx '#!/bin/sh'
	cgi PATH_INFO=/x/REPLAY/
	head -n 1 "$OUT" | grep -qx '#!/bin/sh'
	cgi PATH_INFO=/replay REQUEST_METHOD=HEAD
	[ "$(header Status)" = "200 OK" ]
	[ "$(header Content-Disposition)" = 'attachment; filename="request.sh"' ]
	[ ! -s "$OUT" ]
}

@test "every request fixture goes round the trip: captured, replayed into cgidump, the same dump" {
	local d envs n=0 bad=0 t=0 trailing
	for d in "$FIX"/*/; do
		d=${d%/}
		mapfile -t envs <"$d/env"
		fixture_body "$d" >"$BATS_TEST_TMPDIR/stdin"
		# tiny-parts-100000 is 5.3 MiB: past the default CGIDUMP_MAX_REPLAY
		envs+=(CGIDUMP_MAX_REPLAY=8M)
		STDIN=$BATS_TEST_TMPDIR/stdin cgi PATH_INFO=/json "${envs[@]}"
		cp "$OUT" "$BATS_TEST_TMPDIR/original.json"
		STDIN=$BATS_TEST_TMPDIR/stdin capture "${envs[@]}"
		replayed_json dash
		trailing=
		if grep -q '^# [0-9]* more bytes were waiting on stdin' "$SCRIPT"; then
			trailing=1
			jq -e '.request.bytes_after_body > 0' "$BATS_TEST_TMPDIR/original.json"
			t=$((t + 1))
		fi
		if ! same_dump "$BATS_TEST_TMPDIR/original.json" "$OUT" $trailing; then
			echo "differs: ${d##*/}"
			bad=$((bad + 1))
		fi
		n=$((n + 1))
	done
	echo "$n fixtures, $t with bytes past the body"
	[ "$n" -ge 60 ]
	[ "$t" -lt 10 ]
	[ "$bad" -eq 0 ]
}

@test "the scripts pass shellcheck and run the same under dash and bash" {
	local d sh
	require shellcheck
	for d in curl-mixed binary-value chunked-raw-framing nul-in-names; do
		mapfile -t envs <"$FIX/$d/env"
		fixture_body "$FIX/$d" >"$BATS_TEST_TMPDIR/stdin"
		STDIN=$BATS_TEST_TMPDIR/stdin capture "${envs[@]}" HTTP_X_E=$'\e[31m\r' -- 'a b' "c'd"
		shellcheck -s sh "$SCRIPT"
		cgi PATH_INFO=/replay QUERY_STRING=as=curl "${envs[@]}" HTTP_X_E=$'\e[31m'
		shellcheck -s sh "$OUT"
		replayed_json dash
		cp "$OUT" "$BATS_TEST_TMPDIR/dash.json"
		replayed_json bash
		same_dump "$BATS_TEST_TMPDIR/dash.json" "$OUT"
		jq -e '.argv[1:] == ["a b", "c'\''d"]' "$OUT"
	done
}

# Values that would run something if a quote were missing, or an
# eval, or an unquoted expansion, or a printf format with them in it.
INJECT=(
	'$(touch pwned)'
	'`touch pwned`'
	"'; touch pwned; '"
	'"; touch pwned; "'
	'\'
	'%s%n%d%%\n\0101'
	$'line1\nline2\n'
	'-n'
	'${PATH:?x}$HOME*?[a]~'
	$'\\\'\'\\'
)

@test "injection: hostile variables come back byte for byte and run nothing" {
	local v i=0 vars=()
	for v in "${INJECT[@]}"; do
		vars+=("HTTP_X_I$i=$v")
		i=$((i + 1))
	done
	capture "${vars[@]}" QUERY_STRING='$(touch pwned)' -- '$(touch pwned)' '`touch pwned`'
	for v in "${INJECT[@]}" '$(touch pwned)' x; do
		printf '%s\0' "$v"
	done >"$BATS_TEST_TMPDIR/want"
	for sh in dash bash; do
		replay_run "$sh" python3 -c 'import os, sys
e = os.environb
for i in range(int(sys.argv[1])):
	sys.stdout.buffer.write(e[b"HTTP_X_I%d" % i] + b"\0")
sys.stdout.buffer.write(e[b"QUERY_STRING"] + b"\0")
sys.stdout.buffer.write(os.fsencode(sys.argv[2]) + b"\0")
if b"LEAK" in e:
	sys.stdout.buffer.write(b"leaked")' "${#INJECT[@]}" x
		[ "$status" -eq 0 ] || { cat "$RERR"; return 1; }
		cmp "$BATS_TEST_TMPDIR/want" "$ROUT"
		[ -z "$(ls -A "$RUNDIR")" ]
		[ ! -e pwned ]
	done
	# argv as captured, with PROGRAM alone
	printf '#!/usr/bin/python3\nimport os, sys\nfor a in sys.argv[1:]: sys.stdout.buffer.write(os.fsencode(a) + b"\\0")\n' >"$BATS_TEST_TMPDIR/args"
	chmod +x "$BATS_TEST_TMPDIR/args"
	replay_run sh "$BATS_TEST_TMPDIR/args"
	cmp <(printf '%s\0' '$(touch pwned)' '`touch pwned`') "$ROUT"
	[ -z "$(ls -A "$RUNDIR")" ]
}

@test "injection: a hostile body comes back byte for byte and runs nothing" {
	local v
	STDIN=$BATS_TEST_TMPDIR/stdin
	for v in "${INJECT[@]}"; do printf '%s' "$v"; done >"$STDIN"
	printf '\x00\x01\x7f\x80\xff\r\n\e[2J-%%\\' >>"$STDIN"
	head -c 3000 /dev/urandom >>"$STDIN"
	capture REQUEST_METHOD=POST CONTENT_TYPE=application/octet-stream \
	    CONTENT_LENGTH="$(wc -c <"$STDIN")"
	for sh in dash bash; do
		replay_run "$sh" cat
		[ "$status" -eq 0 ]
		cmp "$STDIN" "$ROUT"
		[ -z "$(ls -A "$RUNDIR")" ]
	done
	# The script itself shows no byte a terminal would act on.
	! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f-\xff]' "$SCRIPT"
}

@test "property: random bytes in variables, arguments and bodies round-trip through sh" {
	local i sh
	printf '%s\n' '#!/usr/bin/python3' 'import os, sys' \
	    'sys.stdout.buffer.write(os.environb[b"HTTP_X_R"] + b"\0" +' \
	    '    os.fsencode(sys.argv[1]) + b"\0" + sys.stdin.buffer.read())' \
	    >"$BATS_TEST_TMPDIR/check"
	chmod +x "$BATS_TEST_TMPDIR/check"
	for i in $(seq 1 20); do
		# NUL cannot be in environ or argv
		head -c 300 /dev/urandom | tr -d '\0' | head -c 200 >"$BATS_TEST_TMPDIR/v"
		head -c $((i * 997)) /dev/urandom >"$BATS_TEST_TMPDIR/stdin"
		STDIN=$BATS_TEST_TMPDIR/stdin capture REQUEST_METHOD=PUT \
		    CONTENT_LENGTH=$((i * 997)) "HTTP_X_R=$(cat "$BATS_TEST_TMPDIR/v"; echo .)" \
		    -- "$(cat "$BATS_TEST_TMPDIR/v"; echo .)"
		{ cat "$BATS_TEST_TMPDIR/v"; printf '.\0'; cat "$BATS_TEST_TMPDIR/v"
		  printf '.\0'; cat "$BATS_TEST_TMPDIR/stdin"; } >"$BATS_TEST_TMPDIR/want"
		for sh in dash bash; do
			replay_run "$sh" "$BATS_TEST_TMPDIR/check"
			[ "$status" -eq 0 ] || { cat "$RERR"; return 1; }
			cmp "$BATS_TEST_TMPDIR/want" "$ROUT" || { echo "round $i, $sh"; return 1; }
		done
	done
}

@test "without PROGRAM the script runs cgidump from PATH, which shows /text" {
	capture QUERY_STRING='a=1'
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	ln -s "$CGIDUMP" "$BATS_TEST_TMPDIR/bin/cgidump"
	ROUT=$BATS_TEST_TMPDIR/replayed
	(cd "$RUNDIR" && env -i PATH="$BATS_TEST_TMPDIR/bin:/usr/bin:/bin" \
	    timeout "$TMO" sh "$SCRIPT") >"$ROUT"
	_split_response "$ROUT"
	[ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
	grep -q 'what the server handed this CGI program' "$OUT"
	replay_run sh
	[ "$status" -eq 127 ]
	grep -q 'no cgidump in PATH' "$RERR"
}

@test "the server's arguments are passed when no ARGS are, and -C changes to the original directory" {
	mkdir -p "$BATS_TEST_TMPDIR/orig"
	CWD=$BATS_TEST_TMPDIR/orig capture QUERY_STRING='foo+bar' -- foo bar
	grep -qF "# Working directory: \"$BATS_TEST_TMPDIR/orig\"" "$SCRIPT"
	grep -qF '# argv[1]: "foo"' "$SCRIPT"
	replay_run sh PATH_INFO=/json "$CGIDUMP"
	_split_response "$ROUT"
	jq -e '.argv[1:] == ["foo", "bar"]' "$OUT"
	jq -e --arg d "$RUNDIR" '.cwd == $d' "$OUT"
	replay_run sh -C PATH_INFO=/json "$CGIDUMP"
	_split_response "$ROUT"
	jq -e --arg d "$BATS_TEST_TMPDIR/orig" '.cwd == $d' "$OUT"
	replay_run sh "$(command -v printf)" '%s|' x
	[ "$(cat "$ROUT")" = 'x|' ]
	replay_run sh X_NEW=1 PATH_INFO=/x printenv X_NEW PATH_INFO
	[ "$(cat "$ROUT")" = $'1\n/x' ]
}

@test "secrets stay redacted: a placeholder and a comment, the cookie names kept; CGIDUMP_REVEAL=1 keeps them" {
	capture HTTP_AUTHORIZATION='Basic c2VjcmV0' HTTP_COOKIE='sid=s3cr3t; theme=dark' \
	    DB_PASSWORD=hunter2
	! grep -qE 'c2VjcmV0|s3cr3t|hunter2|dark' "$SCRIPT"
	grep -qF '# Redacted (a placeholder instead of the value): "HTTP_AUTHORIZATION"' "$SCRIPT"
	grep -qF '# Redacted (a placeholder instead of the value): "DB_PASSWORD"' "$SCRIPT"
	grep -qF '# Redacted (the cookie names kept, each value a placeholder): "HTTP_COOKIE"' "$SCRIPT"
	replay_run sh printenv HTTP_COOKIE
	[ "$(cat "$ROUT")" = 'sid=<redacted by cgidump>; theme=<redacted by cgidump>' ]
	replay_run sh printenv DB_PASSWORD
	[ "$(cat "$ROUT")" = '<redacted by cgidump>' ]
	capture HTTP_COOKIE='sid=s3cr3t' CGIDUMP_REVEAL=1
	replay_run sh printenv HTTP_COOKIE
	[ "$(cat "$ROUT")" = 'sid=s3cr3t' ]
}

@test "variables that act on the replaying machine (LD_*, DYLD_*, BASH_FUNC_*, BASH_ENV) are kept, with a warning" {
	capture LD_LIBRARY_PATH=/nonexistent/lib 'BASH_FUNC_f%%=() { echo owned; }' \
	    BASH_ENV=/nonexistent/env DYLD_INSERT_LIBRARIES=/x.dylib LDAP_URI=ldap://x
	grep -qF '# Careful: this one acts on the machine the script runs on (the dynamic loader, or bash), set as it came: "LD_LIBRARY_PATH"' "$SCRIPT"
	grep -qF 'set as it came: "BASH_FUNC_f%%"' "$SCRIPT"
	grep -qF 'set as it came: "BASH_ENV"' "$SCRIPT"
	grep -qF 'set as it came: "DYLD_INSERT_LIBRARIES"' "$SCRIPT"
	# LDAP_ only looks like the loader's prefix
	! grep -qF 'set as it came: "LDAP_URI"' "$SCRIPT"
	# still exact: the replay sets them
	replay_run sh printenv LD_LIBRARY_PATH
	[ "$(cat "$ROUT")" = /nonexistent/lib ]
}

@test "secrets stay redacted in the curl form too: headers, and a query string with a URL password" {
	cgi PATH_INFO=/replay QUERY_STRING='as=curl&u=https://bob:hunter2@example.org/' \
	    HTTP_AUTHORIZATION='Basic c2VjcmV0' HTTP_COOKIE='sid=s3cr3t'
	! grep -qE 'c2VjcmV0|s3cr3t|hunter2' "$OUT"
	grep -qxF $'\t'"--header 'Authorization: <redacted by cgidump>' \\" "$OUT"
	grep -qxF $'\t'"--header 'Cookie: sid=<redacted by cgidump>' \\" "$OUT"
	grep -qxF "cgidump_url='http://localhost/cgi-bin/cgidump/json?%3Credacted%20by%20cgidump%3E'" "$OUT"
	grep -qxF '# Redacted (a placeholder instead of the value): "QUERY_STRING"' "$OUT"
}

@test "CGIDUMP_MAX_REPLAY cuts the body with a comment, CONTENT_LENGTH kept: the replay shows the same short body" {
	STDIN=$BATS_TEST_TMPDIR/stdin
	head -c 10000 /dev/urandom >"$STDIN"
	capture REQUEST_METHOD=PUT CONTENT_LENGTH=10000 CGIDUMP_MAX_REPLAY=4K
	grep -qF '# The body is not complete: only the first 4096 bytes are here: the body is longer than CGIDUMP_MAX_REPLAY (CONTENT_LENGTH is kept as it was).' "$SCRIPT"
	replay_run sh cat
	[ "$status" -eq 0 ]
	cmp <(head -c 4096 "$STDIN") "$ROUT"
	grep -q 'request.sh: the body is not complete' "$RERR"
	replayed_json sh
	jq -e '.request | .content_length == 10000 and .body_bytes == 4096 and .body_end == "short"' "$OUT"
	jq -e '.limits.max_replay == 4096' "$OUT"
	# CGIDUMP_MAX_BODY below it cuts first, and says so
	capture REQUEST_METHOD=PUT CONTENT_LENGTH=10000 CGIDUMP_MAX_BODY=1000
	grep -qF 'longer than CGIDUMP_MAX_BODY' "$SCRIPT"
	replay_run sh cat
	[ "$(wc -c <"$ROUT")" -eq 1000 ]
}

@test "a 4 MiB body (the default limit) replays whole, and a larger one is cut at 4 MiB" {
	STDIN=$BATS_TEST_TMPDIR/stdin
	head -c 4194304 /dev/urandom >"$STDIN"
	capture REQUEST_METHOD=PUT CONTENT_LENGTH=4194304
	! grep -q 'not complete' "$SCRIPT"
	replay_run dash cat
	cmp "$STDIN" "$ROUT"
	head -c 100 /dev/urandom >>"$STDIN"
	capture REQUEST_METHOD=PUT CONTENT_LENGTH=4194404
	grep -q 'only the first 4194304 bytes' "$SCRIPT"
}

@test "raw chunked framing passed on by the server is replayed as it came" {
	local d=$FIX/chunked-raw-framing
	mapfile -t envs <"$d/env"
	fixture_body "$d" >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin capture "${envs[@]}"
	replay_run sh cat
	cmp "$BATS_TEST_TMPDIR/stdin" "$ROUT"
}

@test "--replay: the same script for a faked request in local mode" {
	STDIN=$BATS_TEST_TMPDIR/stdin
	printf 'a=1&b=2' >"$STDIN"
	timeout "$TMO" env -i PATH=/usr/bin:/bin REQUEST_METHOD=POST CONTENT_LENGTH=7 \
	    CONTENT_TYPE=application/x-www-form-urlencoded "$CGIDUMP" --replay 'q=%24x' \
	    <"$STDIN" >"$SCRIPT"
	head -n 1 "$SCRIPT" | grep -qx '#!/bin/sh'
	grep -qF '# Captured by cgidump' "$SCRIPT"
	grep -qF 'local mode' "$SCRIPT"
	replay_run dash "$CGIDUMP" -f json
	[ "$status" -eq 0 ]
	jq -e '[.form[] | [.name, .value, .source]] == [["q", "$x", "query"],
	    ["a", "1", "body"], ["b", "2", "body"]]' "$ROUT"
	timeout "$TMO" env -i PATH=/usr/bin:/bin "$CGIDUMP" --replay=curl >"$SCRIPT"
	grep -q '^cgidump_body | curl \|^curl ' "$SCRIPT"
	run "$CGIDUMP" --replay --check
	[ "$status" -eq 2 ]
	run "$CGIDUMP" --replay=zsh
	[ "$status" -eq 2 ]
}

@test "?as=curl: the curl command, URL rebuilt from the variables, /replay as /json, headers from HTTP_*" {
	cgi PATH_INFO=/replay QUERY_STRING='as=curl&q=%20x' HTTP_HOST=example.org:8080 \
	    HTTPS=on HTTP_USER_AGENT=ua/1 HTTP_X_FORWARDED_FOR=10.0.0.1 \
	    HTTP_ACCEPT_LANGUAGE=de REQUEST_METHOD=DELETE
	[ "$(header Content-Disposition)" = 'attachment; filename="request.sh"' ]
	grep -qxF "cgidump_url='https://example.org:8080/cgi-bin/cgidump/json?q=%20x'" "$OUT"
	grep -qxF "curl --globoff --path-as-is --request 'DELETE' \\" "$OUT"
	grep -qxF $'\t'"--header 'User-Agent: ua/1' \\" "$OUT"
	grep -qxF $'\t'"--header 'X-Forwarded-For: 10.0.0.1' \\" "$OUT"
	grep -qxF $'\t'"--header 'Accept-Language: de' \\" "$OUT"
	grep -qxF $'\t'"--header 'Accept:' \\" "$OUT"
	grep -q "^# Header names are rebuilt from HTTP_\* (RFC 3875 §4.1.18)" "$OUT"
	! grep -qi 'Host:' "$OUT"
}

# A server of the test's own: cgidump behind python3's http.server CGI
# handler is too different; curl is pointed at a shell "server" instead
# that answers with what curl sent.
@test "?as=curl: the command sends the same method, headers and body (checked against a listener)" {
	require curl
	STDIN=$BATS_TEST_TMPDIR/stdin
	printf -- '--B\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n' >"$STDIN"
	head -c 5000 /dev/urandom >>"$STDIN"
	printf -- '\r\n--B--\r\n' >>"$STDIN"
	cgi PATH_INFO=/replay QUERY_STRING=as=curl REQUEST_METHOD=POST \
	    CONTENT_TYPE='multipart/form-data; boundary=B' CONTENT_LENGTH="$(wc -c <"$STDIN")" \
	    HTTP_X_TEST="\$(touch pwned)'"
	cp "$OUT" "$SCRIPT"
	python3 - "$BATS_TEST_TMPDIR" <<'EOF' &
import http.server, sys, os
d = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers["Content-Length"])
        open(d + "/got.body", "wb").write(self.rfile.read(n))
        open(d + "/got.head", "w").write(self.command + " " + self.path + "\n" + str(self.headers))
        self.send_response(200)
        self.end_headers()
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(d + "/port", "w").write(str(s.server_address[1]))
s.handle_request()
EOF
	local i=0
	while [ ! -s "$BATS_TEST_TMPDIR/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	replay_run sh "http://127.0.0.1:$(cat "$BATS_TEST_TMPDIR/port")/cgi-bin/cgidump/json" -sS
	wait
	[ "$status" -eq 0 ] || { cat "$RERR"; return 1; }
	cmp "$STDIN" "$BATS_TEST_TMPDIR/got.body"
	grep -qx 'POST /cgi-bin/cgidump/json' "$BATS_TEST_TMPDIR/got.head"
	grep -qxF 'Content-Type: multipart/form-data; boundary=B' "$BATS_TEST_TMPDIR/got.head"
	grep -qxF "X-Test: \$(touch pwned)'" "$BATS_TEST_TMPDIR/got.head"
	! grep -qi '^User-Agent:' "$BATS_TEST_TMPDIR/got.head"
	[ -z "$(ls -A "$RUNDIR")" ]
}
