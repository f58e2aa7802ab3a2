#!/usr/bin/env bats
# Server-setup verdicts (issue 4, DESIGN.md "The JSON model": checks).
#
# Each check is judged on a request that makes it ok and on one that
# makes it warn or fail, and every time in all five places a verdict
# shows: JSON, text, HTML, the /check endpoint (its status) and a local
# --check run (its exit code).

load helpers

setup_file() {
	# The program runs as nobody when the suite runs as root, or the
	# privileges check would fail every request; so it lives where
	# nobody can reach it.
	CD=$(mktemp -d /tmp/cgidump-checks.XXXXXX)
	chmod 755 "$CD"
	cp "${CGIDUMP:-$BATS_TEST_DIRNAME/../cgidump}" "$CD/cgidump"
	chmod 755 "$CD/cgidump"
	# No env(1) can put a name in environ twice, as nginx + fcgiwrap do:
	# dupenv runs cgidump with DUP_ADD's lines (NAME=value) appended to
	# its environment, duplicates and all.
	cat >"$CD/dupenv" <<-EOF
	#!/usr/bin/python3
	import os, sys
	env = [(k, v) for k, v in os.environ.items() if k != "DUP_ADD"]
	env += [tuple(l.split("=", 1)) for l in
	    os.environ.get("DUP_ADD", "").split("\\n") if l]
	class Env:
	    def keys(self): return [k for k, v in env]
	    def values(self): return [v for k, v in env]
	    def __len__(self): return len(env)
	    def __getitem__(self, k): raise KeyError(k)
	os.execve("$CD/cgidump", sys.argv, Env())
	EOF
	chmod 755 "$CD/dupenv"
	export CD
}

teardown_file() {
	rm -rf "$CD"
}

setup() {
	CGIDUMP=$CD/cgidump
	RUNAS=()
	if [ "$(id -u)" = 0 ]; then
		RUNAS=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	fi
}

# REQUEST_URI for the endpoint $1 (each run of judge has its own
# PATH_INFO): REQUEST_URI_AT with '@' standing for the endpoint's name;
# a local run, which has no PATH_INFO, gets it without "/@".
_uri() {
	URI=()
	[ -z "${REQUEST_URI_AT:-}" ] && return
	if [ -n "$1" ]; then
		URI=("REQUEST_URI=${REQUEST_URI_AT//@/$1}")
	else
		URI=("REQUEST_URI=${REQUEST_URI_AT//\/@/}")
	fi
}

# judge ID LEVEL [VAR=value ...] [-- args]: check ID has LEVEL in every
# place.  LOCAL_LEVEL (default LEVEL) is what a local --check run with
# the same variables, less GATEWAY_INTERFACE, says of it.
judge() {
	local id=$1 want=$2 json worst code
	local -a vars
	shift 2
	_split_args "$@"
	_uri ''
	vars=(${URI[@]+"${URI[@]}"} ${ENVS[@]+"${ENVS[@]}"})
	_uri json
	cgi_json ${URI[@]+"${URI[@]}"} "$@"
	json=$BATS_TEST_TMPDIR/judge.json
	cp "$OUT" "$json"
	[ "$(check_level "$id" "$json")" = "$want" ] ||
	    { echo "JSON: $id is $(check_level "$id" "$json"), not $want"; jq .checks "$json"; return 1; }
	jq -e --arg id "$id" '.checks[] | select(.id == $id) |
	    .message | length > 20' "$json" >/dev/null

	_uri text
	cgi PATH_INFO=/text ${URI[@]+"${URI[@]}"} "$@"
	grep -q "^$(printf '%-4s' "$want") $id: " "$OUT" ||
	    { echo "text: no '$want $id' line"; grep " $id: " "$OUT"; return 1; }
	_uri html
	cgi PATH_INFO=/html ${URI[@]+"${URI[@]}"} "$@"
	grep -q "<li id=\"check-$id\"><span class=\"lvl lvl-$want\">" "$OUT" ||
	    { echo "HTML: no $want $id"; grep "check-$id" "$OUT"; return 1; }

	_uri check
	cgi PATH_INFO=/check ${URI[@]+"${URI[@]}"} "$@"
	worst=$(jq -r '[.checks[].level] | if index("fail") then "fail" else "ok" end' "$json")
	code=200
	[ "$worst" = fail ] && code=500
	[ "$(header Status | cut -d' ' -f1)" = "$code" ] ||
	    { echo "/check: $(header Status), want $code"; cat "$OUT"; return 1; }
	grep -q "^$(printf '%-4s' "$want") $id: " "$OUT"
	[ "$want" != fail ] || [ "$code" = 500 ]

	# Locally the arguments would be options: only the variables.
	local_check "${LOCAL_LEVEL:-$want}" "$id" ${vars[@]+"${vars[@]}"}
}

# local_check LEVEL ID [VAR=value ...] [-- args]: cgidump --check from a
# shell: the verdict line, and exit 1 exactly when something fails.
local_check() {
	local want=$1 id=$2 rc=0
	shift 2
	_split_args "$@"
	UNSET="${UNSET:-} GATEWAY_INTERFACE" _base_env
	_exec env -i "${BASE[@]}" "${ENVS[@]}" "$CGIDUMP" --check "${ARGS[@]}" \
	    >"$BATS_TEST_TMPDIR/local" 2>"$BATS_TEST_TMPDIR/stderr" || rc=$?
	_no_sanitizer_report
	grep -q "^$(printf '%-4s' "$want") $id: " "$BATS_TEST_TMPDIR/local" ||
	    { echo "--check: no '$want $id' line"; cat "$BATS_TEST_TMPDIR/local"; return 1; }
	if grep -q '^fail ' "$BATS_TEST_TMPDIR/local"; then
		[ "$rc" -eq 1 ] || { echo "--check exit $rc with a failure"; return 1; }
	else
		[ "$rc" -eq 0 ] || { echo "--check exit $rc without a failure"; cat "$BATS_TEST_TMPDIR/local"; return 1; }
	fi
}

@test "every check is run on every request, once, in a stable order" {
	cgi_json
	run jq -r '.checks[].id' "$OUT"
	[ "${#lines[@]}" -eq 21 ]
	[ "$(printf '%s\n' "${lines[@]}" | sort -u | wc -l)" -eq 21 ]
	[ "${lines[0]}" = meta-variables ]
	[ "${lines[1]}" = body-length ]
	[ "${lines[2]}" = httpoxy ]
	[ "${lines[3]}" = privileges ]
	[ "${lines[4]}" = form-parse ]
	jq -e '[.checks[].level] - ["ok","warn","fail"] == []' "$OUT"
}

@test "a clean request as an unprivileged user: /check answers 200" {
	cgi PATH_INFO=/check CGIDUMP_TOKEN=t HTTP_X_CGIDUMP_TOKEN=t
	[ "$(header Status)" = "200 OK" ]
	[ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
	grep -q '^cgidump checks: 0 fail, [0-9]* warn, [0-9]* ok, [0-9]* skip$' "$OUT"
	! grep -q '^fail ' "$OUT"
	# Worst first: no ok line comes before a warn line.
	awk '/^ok /{ok=1} /^warn /&&ok{exit 1}' "$OUT"
}

@test "meta-variables: ok, fail when one is unset, warn when malformed" {
	judge meta-variables ok
	UNSET=SERVER_NAME judge meta-variables fail
	UNSET=QUERY_STRING judge meta-variables fail
	cgi_json
	UNSET=REMOTE_ADDR cgi_json
	jq -e '.checks[] | select(.id == "meta-variables") | .message | test("REMOTE_ADDR")' "$OUT"
	# Set but empty: still a CGI run (RFC 3875 §4.1.4 wants CGI/1.1).
	cgi_json GATEWAY_INTERFACE=
	[ "$(check_level meta-variables)" = warn ]
	judge meta-variables warn SERVER_PORT=eighty
	judge meta-variables warn SERVER_PROTOCOL=SPDY
	judge meta-variables warn REQUEST_METHOD='GE T'
	# RFC 3875 §4.1.6; PATH_INFO picks the format, so Accept does here.
	cgi HTTP_ACCEPT=application/json PATH_TRANSLATED=/var/www/x
	[ "$(check_level meta-variables)" = warn ]
	cgi HTTP_ACCEPT=application/json PATH_INFO=/x PATH_TRANSLATED=/var/www/x
	[ "$(check_level meta-variables)" = ok ]
}

@test "meta-variables: a local run without a request is not judged" {
	local_run --check
	[[ "$output" == *"skip meta-variables: not judged"* ]]
	[[ "$output" == *"skip httpoxy: not judged"* ]]
}

@test "body-length: ok, fail when short or not digits, warn without a length" {
	body_file 'a=b'
	judge body-length ok REQUEST_METHOD=POST CONTENT_LENGTH=3 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	judge body-length fail REQUEST_METHOD=POST CONTENT_LENGTH=10 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	judge body-length fail REQUEST_METHOD=POST CONTENT_LENGTH=3x
	# More bytes than CONTENT_LENGTH says: the length is wrong too.
	body_file 'a=b&c=d'
	judge body-length fail REQUEST_METHOD=POST CONTENT_LENGTH=3 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	jq -e '.checks[] | select(.id == "body-length") | .message | test("4 more bytes")' "$BATS_TEST_TMPDIR/judge.json"
	body_file 'a=b'
	# Apache: a chunked body, decoded, with no CONTENT_LENGTH.
	judge body-length warn REQUEST_METHOD=POST HTTP_TRANSFER_ENCODING=chunked \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	# The administrator's own limit cut it: a warning, not a failure.
	judge body-length warn REQUEST_METHOD=POST CONTENT_LENGTH=3 CGIDUMP_MAX_BODY=2
	# busybox httpd: chunked, but nothing of the body arrived.
	STDIN=
	judge body-length warn REQUEST_METHOD=POST HTTP_TRANSFER_ENCODING=chunked \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	jq -e '.checks[] | select(.id == "body-length") | .message | test("dropped")' "$BATS_TEST_TMPDIR/judge.json"
	jq -e '.checks[] | select(.id == "chunk-framing") | .message | test("no body arrived")' "$BATS_TEST_TMPDIR/judge.json"
	# mini_httpd, Python: a chunked POST arrives with no length and no
	# Transfer-Encoding at all.
	judge body-length warn REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded
	judge body-length warn REQUEST_METHOD=PUT CONTENT_TYPE=text/plain CONTENT_LENGTH=
	# Python invents a Content-Type for a GET: no body is expected.
	judge body-length ok CONTENT_TYPE=text/plain CONTENT_LENGTH=
}

@test "httpoxy: ok without HTTP_PROXY, fail with it (CVE-2016-5385)" {
	judge httpoxy ok
	LOCAL_LEVEL=fail judge httpoxy fail HTTP_PROXY=http://evil.example:3128
	judge httpoxy fail HTTP_PROXY=
	# A shell's HTTP_PROXY does not count when there is no request.
	run timeout "$TMO" env -i PATH=/usr/bin:/bin HTTP_PROXY=x "$CGIDUMP" --check
	[[ "$output" == *"skip httpoxy: not judged"* ]]
}

@test "privileges: ok as an unprivileged user, fail as root" {
	judge privileges ok
	[ "$(id -u)" = 0 ] || skip "only root can run it as root"
	RUNAS=()
	judge privileges fail
	jq -e '.checks[] | select(.id == "privileges") | .message | test("root")' "$BATS_TEST_TMPDIR/judge.json"
}

@test "form-parse: ok, fail on a broken body, warn when a limit cuts it" {
	judge form-parse ok QUERY_STRING='a=1&b=2'
	body_file $'--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'
	judge form-parse fail REQUEST_METHOD=POST CONTENT_LENGTH=$(wc -c <"$STDIN") \
	    'CONTENT_TYPE=multipart/form-data; boundary=XX'
	# A body cut by CGIDUMP_MAX_BODY ends before its closing boundary:
	# the program's own doing, a warning.
	body_file $'--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\nsome value here\r\n--XX--\r\n'
	judge form-parse warn REQUEST_METHOD=POST CONTENT_LENGTH=$(wc -c <"$STDIN") \
	    'CONTENT_TYPE=multipart/form-data; boundary=XX' CGIDUMP_MAX_BODY=60
	# CGIDUMP_MAX_HEADER and CGIDUMP_MAX_DEPTH are limits too: warnings.
	body_file $'--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue\r\n--XX--\r\n'
	judge form-parse warn REQUEST_METHOD=POST CONTENT_LENGTH=$(wc -c <"$STDIN") \
	    'CONTENT_TYPE=multipart/form-data; boundary=XX' CGIDUMP_MAX_HEADER=10
	STDIN=
	judge form-parse warn QUERY_STRING='a=1&b=2&c=3' CGIDUMP_MAX_FIELDS=2
}

@test "query-semicolon: ok with &, warn with ; (CVE-2021-23336)" {
	judge query-semicolon ok QUERY_STRING='a=1&b=2'
	judge query-semicolon warn QUERY_STRING='a=1;b=2'
	judge query-semicolon ok QUERY_STRING='a=1%3Bb=2'
}

@test "isindex-argv: RFC 3875 §4.4 words, none, one joined argument, arguments without ISINDEX" {
	LOCAL_LEVEL=skip judge isindex-argv ok QUERY_STRING='foo+bar%21' -- foo 'bar!'
	LOCAL_LEVEL=skip judge isindex-argv ok QUERY_STRING='foo+bar'
	# Apache backslash-escapes shell characters: a system-defined encoding.
	LOCAL_LEVEL=skip judge isindex-argv ok QUERY_STRING='a%3Bb' -- 'a\;b'
	# Python's http.server: the words as one argument.
	LOCAL_LEVEL=skip judge isindex-argv warn QUERY_STRING='foo+bar' -- 'foo bar'
	LOCAL_LEVEL=skip judge isindex-argv warn QUERY_STRING='a=1' -- a=1
	LOCAL_LEVEL=skip judge isindex-argv warn REQUEST_METHOD=POST QUERY_STRING=foo -- foo
	LOCAL_LEVEL=skip judge isindex-argv ok QUERY_STRING='a=1'
}

@test "header-variables: ok, warn on credentials, ok on identical copies, fail when a copy differs" {
	judge header-variables ok
	judge header-variables warn HTTP_AUTHORIZATION='Basic dXNlcjpwYXNz'
	! grep -q dXNlcjpwYXNz "$BATS_TEST_TMPDIR/judge.json"
	judge header-variables warn HTTP_PROXY_AUTHORIZATION=x
	# nginx's fastcgi_param HTTP_AUTHORIZATION "": no credential.
	judge header-variables ok HTTP_AUTHORIZATION=
	# nginx and lighttpd copy the real headers on every POST: the same
	# values, harmless, so CGIDUMP_STRICT=1 does not fail every POST.
	body_file 'a=b'
	judge header-variables ok REQUEST_METHOD=POST CONTENT_LENGTH=3 HTTP_CONTENT_LENGTH=3 \
	    CONTENT_TYPE=text/plain HTTP_CONTENT_TYPE=text/plain
	jq -e '.checks[] | select(.id == "header-variables") | .message |
	    test("HTTP_CONTENT_LENGTH, HTTP_CONTENT_TYPE are each a byte-for-byte copy.*harmless")' \
	    "$BATS_TEST_TMPDIR/judge.json"
	cgi PATH_INFO=/check REQUEST_METHOD=POST CONTENT_LENGTH=3 HTTP_CONTENT_LENGTH=3 \
	    CONTENT_TYPE=text/plain HTTP_CONTENT_TYPE=text/plain CGIDUMP_STRICT=1 \
	    CGIDUMP_ALLOW=127.0.0.1
	grep -q '^ok   header-variables: ' "$OUT"
	# lighttpd and busybox: a "Content_Length: 999" header; both values said.
	judge header-variables fail REQUEST_METHOD=POST CONTENT_LENGTH=3 HTTP_CONTENT_LENGTH=999
	jq -e '.checks[] | select(.id == "header-variables") | .message |
	    test("HTTP_CONTENT_LENGTH is \"999\" but CONTENT_LENGTH is \"3\".*smuggling")' \
	    "$BATS_TEST_TMPDIR/judge.json"
	judge header-variables fail REQUEST_METHOD=POST CONTENT_LENGTH=3 \
	    CONTENT_TYPE=text/plain HTTP_CONTENT_TYPE=text/html
	jq -e '.checks[] | select(.id == "header-variables") | .message |
	    test("HTTP_CONTENT_TYPE is \"text/html\" but CONTENT_TYPE is \"text/plain\"")' \
	    "$BATS_TEST_TMPDIR/judge.json"
	judge header-variables fail HTTP_CONTENT_TYPE=text/html
	jq -e '.checks[] | select(.id == "header-variables") | .message |
	    test("CONTENT_TYPE is unset")' "$BATS_TEST_TMPDIR/judge.json"
	# lighttpd passes its own copy and the Content_Length one: two
	# HTTP_CONTENT_LENGTH, the first equal; the second still fails.
	CGIDUMP=$CD/dupenv judge header-variables fail DUP_ADD=HTTP_CONTENT_LENGTH=999 \
	    REQUEST_METHOD=POST CONTENT_LENGTH=3 HTTP_CONTENT_LENGTH=3
}

@test "duplicate-variables: ok, warn on a variable twice, with every value in environ order" {
	judge duplicate-variables ok
	# nginx: SCRIPT_NAME from fastcgi_params, and again from a location.
	CGIDUMP=$CD/dupenv judge duplicate-variables warn DUP_ADD=SCRIPT_NAME=/cgi-bin/other
	jq -e '.checks[] | select(.id == "duplicate-variables") | .message |
	    test("\"SCRIPT_NAME\" 2 times: \"/cgi-bin/cgidump\", \"/cgi-bin/other\" \\(values in environ order\\).*getenv\\(3\\) sees the first")' \
	    "$BATS_TEST_TMPDIR/judge.json"
	# Every format shows both copies, in environ order.
	CGIDUMP=$CD/dupenv cgi_json DUP_ADD=SCRIPT_NAME=/cgi-bin/other
	[ "$(env_var -j SCRIPT_NAME | paste -sd ' ' -)" = \
	    '{"name":"SCRIPT_NAME","value":"/cgi-bin/cgidump"} {"name":"SCRIPT_NAME","value":"/cgi-bin/other"}' ]
	CGIDUMP=$CD/dupenv cgi PATH_INFO=/text DUP_ADD=SCRIPT_NAME=/cgi-bin/other
	[ "$(grep '^SCRIPT_NAME = ' "$OUT" | paste -sd ' ' -)" = \
	    'SCRIPT_NAME = "/cgi-bin/cgidump" SCRIPT_NAME = "/cgi-bin/other"' ]
	CGIDUMP=$CD/dupenv cgi PATH_INFO=/html DUP_ADD=SCRIPT_NAME=/cgi-bin/other
	[ "$(sed 's/<[^>]*>/ /g' "$OUT" | grep -o 'SCRIPT_NAME */cgi-bin/[a-z]*' | tr -s ' ' | paste -sd ' ' -)" = \
	    'SCRIPT_NAME /cgi-bin/cgidump SCRIPT_NAME /cgi-bin/other' ]
	# A hidden variable is shown by its lengths only, as in the Environment.
	CGIDUMP=$CD/dupenv judge duplicate-variables warn DB_PASSWORD=secret1 \
	    DUP_ADD=$'DB_PASSWORD=hunter22\nDB_PASSWORD=x'
	jq -e '.checks[] | select(.id == "duplicate-variables") | .message |
	    test("\"DB_PASSWORD\" 3 times: hidden \\(7 bytes\\), hidden \\(8 bytes\\), hidden \\(1 bytes\\)")' \
	    "$BATS_TEST_TMPDIR/judge.json"
	! grep -q 'hunter22\|secret1' "$BATS_TEST_TMPDIR/judge.json"
	cgi PATH_INFO=/text DB_PASSWORD=secret1
	! grep -q 'hunter22\|secret1' "$OUT"
}

@test "library-variables: ok, warn on LD_PRELOAD, PERL5OPT, BASH_FUNC_ and '() {' values" {
	judge library-variables ok
	judge library-variables warn LD_PRELOAD=/tmp/evil.so
	judge library-variables warn PERL5OPT=-Mevil
	judge library-variables warn 'BASH_FUNC_ls%%=() { :; }'
	judge library-variables warn 'HTTP_USER_AGENT=() { :;}; /bin/id'
	judge library-variables ok 'HTTP_USER_AGENT=curl (x) {'
	# mini_httpd sets one for every program: root's directories only.
	judge library-variables ok LD_LIBRARY_PATH=/usr/local/lib:/usr/lib
	judge library-variables warn LD_LIBRARY_PATH=lib:/usr/lib
	mkdir -m 777 "$CD/lib"
	chmod 777 "$CD/lib"
	judge library-variables warn LD_LIBRARY_PATH="/usr/lib:$CD/lib"
}

@test "script-permissions: ok, fail when anyone can write it, warn for its group" {
	cp "$CD/cgidump" "$CD/world"
	chmod 757 "$CD/world"
	cp "$CD/cgidump" "$CD/group"
	chmod 775 "$CD/group"
	judge script-permissions ok SCRIPT_FILENAME="$CD/cgidump"
	LOCAL_LEVEL=ok judge script-permissions fail SCRIPT_FILENAME="$CD/world"
	LOCAL_LEVEL=ok judge script-permissions warn SCRIPT_FILENAME="$CD/group"
	# Run from a world-writable directory, judged locally too.
	mkdir -m 777 "$CD/open"
	cp "$CD/cgidump" "$CD/open/cgidump"
	CGIDUMP=$CD/open/cgidump judge script-permissions fail
}

@test "script-permissions: warn when another user owns it" {
	[ "$(id -u)" = 0 ] || skip "only root can give a file away"
	cp "$CD/cgidump" "$CD/daemon"
	chown daemon "$CD/daemon"
	LOCAL_LEVEL=ok judge script-permissions warn SCRIPT_FILENAME="$CD/daemon"
}

@test "path: ok, warn when unset or relative, fail when anyone can write an entry" {
	judge path ok
	UNSET=PATH judge path warn
	judge path warn PATH=bin:/usr/bin:/bin
	judge path warn PATH=/usr/bin::/bin
	mkdir -m 777 "$CD/bin"
	chmod 777 "$CD/bin"
	judge path fail PATH="/usr/bin:$CD/bin"
	jq -e '.checks[] | select(.id == "path") | .message | test("every user")' "$BATS_TEST_TMPDIR/judge.json"
}

@test "working-directory: ok in the program's directory, warn elsewhere (RFC 3875 §7.2)" {
	CWD=$CD LOCAL_LEVEL=skip judge working-directory ok SCRIPT_FILENAME="$CD/cgidump"
	CWD=/ LOCAL_LEVEL=skip judge working-directory warn SCRIPT_FILENAME="$CD/cgidump"
}

@test "chunk-framing: ok, fail when the raw framing reaches stdin" {
	judge chunk-framing ok
	body_file $'3\r\na=b\r\n0\r\n\r\n'
	judge chunk-framing fail REQUEST_METHOD=POST HTTP_TRANSFER_ENCODING=chunked \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	jq -e '.form[0].name == "a" and .form[0].value == "b"' "$BATS_TEST_TMPDIR/judge.json"
}

@test "stdin-socket: ok on a pipe or file, warn on a socket (mini_httpd, Python)" {
	require perl
	body_file 'a=b'
	judge stdin-socket ok REQUEST_METHOD=POST CONTENT_LENGTH=3
	STDIN_SOCKET=1 judge stdin-socket warn REQUEST_METHOD=POST CONTENT_LENGTH=3 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	jq -e '.request.stdin == "socket" and .form[0].value == "b"' "$BATS_TEST_TMPDIR/judge.json"
	# Apache's mod_cgid: a local socket to the server, which does end.
	SOCKET_KIND=unix STDIN_SOCKET=1 judge stdin-socket ok REQUEST_METHOD=POST \
	    CONTENT_LENGTH=3 CONTENT_TYPE=application/x-www-form-urlencoded
	jq -e '.request.stdin == "unix-socket" and .form[0].value == "b"' "$BATS_TEST_TMPDIR/judge.json"
}

@test "server-environment: ok, warn when a login's variables leak in" {
	judge server-environment ok
	judge server-environment warn PWD=/root SHLVL=2 TERM=xterm
	jq -e '.checks[] | select(.id == "server-environment") | .message |
	    test("PWD") and test("SHLVL")' "$BATS_TEST_TMPDIR/judge.json"
	# systemd sets these for a service with User= (Debian's fcgiwrap).
	judge server-environment ok HOME=/var/www USER=www-data LOGNAME=www-data SHELL=/usr/sbin/nologin
}

@test "access-control: warn when anyone may look, ok when fenced in" {
	LOCAL_LEVEL=skip judge access-control warn
	LOCAL_LEVEL=skip judge access-control ok CGIDUMP_ALLOW=127.0.0.1
	LOCAL_LEVEL=skip judge access-control ok CGIDUMP_TOKEN=s3cret HTTP_X_CGIDUMP_TOKEN=s3cret
	! grep -q s3cret "$BATS_TEST_TMPDIR/judge.json"
}

@test "secrets: ok when hidden, warn when a server reveals them" {
	judge secrets ok
	LOCAL_LEVEL=ok judge secrets warn CGIDUMP_REVEAL=1
}

@test "config: ok, warn when a CGIDUMP_ setting is wrong" {
	judge config ok
	judge config warn CGIDUMP_MAX_BODY=lots
	judge config warn CGIDUMP_STRICT=yes
}

@test "strict: CGIDUMP_STRICT=1 and --strict make a warning fail" {
	cgi PATH_INFO=/check QUERY_STRING='a;b'
	[ "$(header Status)" = "200 OK" ]
	cgi PATH_INFO=/check QUERY_STRING='a;b' CGIDUMP_STRICT=1
	[ "$(header Status)" = "500 Internal Server Error" ]
	grep -q '^cgidump checks: 0 fail, [1-9][0-9]* warn, [0-9]* ok, [0-9]* skip (strict: a warning fails)$' "$OUT"
	# A client cannot make it strict: its headers arrive as HTTP_*.
	cgi PATH_INFO=/check QUERY_STRING='a;b' HTTP_CGIDUMP_STRICT=1
	[ "$(header Status)" = "200 OK" ]
	local_check warn query-semicolon REQUEST_METHOD=GET QUERY_STRING='a;b' \
	    CGIDUMP_TOKEN=x
	local rc=0
	_exec env -i PATH=/usr/bin:/bin QUERY_STRING='a;b' "$CGIDUMP" --check --strict \
	    >/dev/null 2>&1 || rc=$?
	[ "$rc" -eq 1 ]
}

@test "/check: HEAD gets the status and no body; nph- gets a status line" {
	cgi PATH_INFO=/check REQUEST_METHOD=HEAD HTTP_PROXY=x
	[ "$(header Status)" = "500 Internal Server Error" ]
	[ ! -s "$OUT" ]
	cp "$CD/cgidump" "$CD/nph-cgidump"
	CGIDUMP=$CD/nph-cgidump cgi PATH_INFO=/check HTTP_PROXY=x
	head -n 1 "$RAW" | grep -q $'^HTTP/1.1 500 Internal Server Error\r$'
}

@test "--check: exit 0 without a failure, 1 with one, 2 on a usage error" {
	local_check ok httpoxy REQUEST_METHOD=GET
	local_check fail httpoxy REQUEST_METHOD=GET HTTP_PROXY=x
	local_run --check --nonsense
	[ "$status" -eq 2 ]
}

@test "a faked local request is judged like a CGI one" {
	UNSET="QUERY_STRING REMOTE_ADDR SCRIPT_NAME SERVER_NAME SERVER_PORT SERVER_PROTOCOL SERVER_SOFTWARE" \
	    local_check fail meta-variables REQUEST_METHOD=GET
	local_check ok meta-variables REQUEST_METHOD=GET QUERY_STRING= \
	    REMOTE_ADDR=127.0.0.1 SCRIPT_NAME=/cgi-bin/cgidump SERVER_NAME=localhost \
	    SERVER_PORT=80 SERVER_PROTOCOL=HTTP/1.1 SERVER_SOFTWARE=test
}

@test "the text dump and the HTML page show the verdicts first, worst first" {
	cgi PATH_INFO=/text HTTP_PROXY=x QUERY_STRING='a;b'
	[ "$(sed -n 3p "$OUT")" = "== Server Setup Checks ==" ]
	[ "$(sed -n 5p "$OUT" | cut -d' ' -f1,2)" = "fail httpoxy:" ]
	[ "$(sed -n 6p "$OUT" | cut -d' ' -f1)" = "warn" ]
	cgi PATH_INFO=/html HTTP_PROXY=x QUERY_STRING='a;b'
	grep -q '<p class="verdict">Something is wrong: 1 failed, [0-9]* with a warning, [0-9]* ok, 0 not judged</p>' "$OUT"
	[ "$(grep -o 'class="lvl lvl-[a-z]*">[A-Z]*<' "$OUT" | head -n 1)" = 'class="lvl lvl-fail">FAIL<' ]
	grep -q '<a href="#checks">Checks</a>' "$OUT"
	CWD=$CD cgi PATH_INFO=/html CGIDUMP_TOKEN=t HTTP_X_CGIDUMP_TOKEN=t \
	    SCRIPT_FILENAME="$CD/cgidump"
	grep -q '<p class="verdict">All is well: 0 failed, 0 with a warning, [0-9]* ok, 0 not judged</p>' "$OUT"
}

@test "a verdict quoting request bytes escapes them in every format" {
	cgi_json 'SERVER_PORT=<b>"x"</b>' 'PATH=<i>:/bin'
	jq -e '.checks[] | select(.id == "path") | .message | test("<i>")' "$OUT"
	cgi PATH_INFO=/html 'PATH=<i>:/bin'
	! grep -q '<i>' "$OUT"
	grep -q '&lt;i&gt;' "$OUT"
	cgi PATH_INFO=/text $'PATH=\e[31m:/bin'
	! grep -q $'\e' "$OUT"
}

@test "form-parse: a client's mistake beside a limit's cut fails, and blames the client, not the limit" {
	# A nested multipart part that CGIDUMP_MAX_DEPTH=1 skips, then a
	# part with no name: the limit is cgidump's doing, the nameless
	# part the client's.
	printf -- '--B\r\nContent-Disposition: form-data; name="n"\r\nContent-Type: multipart/mixed; boundary=C\r\n\r\n--C\r\nContent-Disposition: file; filename="a.txt"\r\n\r\nA\r\n--C--\r\n--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--\r\n' >"$BATS_TEST_TMPDIR/b"
	STDIN=$BATS_TEST_TMPDIR/b
	judge form-parse fail REQUEST_METHOD=POST CGIDUMP_MAX_DEPTH=1 \
	    CONTENT_TYPE='multipart/form-data; boundary=B' \
	    CONTENT_LENGTH="$(wc -c <"$BATS_TEST_TMPDIR/b")"
	jq -e '.checks[] | select(.id == "form-parse") | .message |
	    test("without a name") and (test("CGIDUMP_MAX_DEPTH") | not)' \
	    "$BATS_TEST_TMPDIR/judge.json"
	# Each problem says whose doing it is.
	jq -e '[.errors[] | {cause, m: .message[0:20]}] == [
	    {"cause": "limit", "m": "multipart parts nest"},
	    {"cause": "request", "m": "a part without a nam"}]' \
	    "$BATS_TEST_TMPDIR/judge.json"
	# The limit alone is only a warning, and says whose limit it is.
	printf -- '--B\r\nContent-Disposition: form-data; name="n"\r\nContent-Type: multipart/mixed; boundary=C\r\n\r\n--C\r\nContent-Disposition: file; filename="a.txt"\r\n\r\nA\r\n--C--\r\n--B--\r\n' >"$BATS_TEST_TMPDIR/b"
	judge form-parse warn REQUEST_METHOD=POST CGIDUMP_MAX_DEPTH=1 \
	    CONTENT_TYPE='multipart/form-data; boundary=B' \
	    CONTENT_LENGTH="$(wc -c <"$BATS_TEST_TMPDIR/b")"
	jq -e '.checks[] | select(.id == "form-parse") | .message |
	    test("CGIDUMP_MAX_DEPTH") and test("own limit")' "$BATS_TEST_TMPDIR/judge.json"
}

@test "every error says its cause: the request's, or cgidump's own (a limit or a setting)" {
	body_file 'a=1&b=2&c=3'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=100 CGIDUMP_MAX_FIELDS=1 \
	    CGIDUMP_TIMEOUT=x CONTENT_TYPE=application/x-www-form-urlencoded
	jq -e '[.errors[] | "\(.id) \(.cause)"] ==
	    ["config limit", "body-length request", "form-parse limit"]' "$OUT"
}

@test "--list-checks names every check the dump judges, once each" {
	local_run --list-checks
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -gt 0 ]
	cgi_json
	[ "$(jqo '[.checks[].id] | join(" ")')" = "$(printf '%s\n' "${lines[@]}" | awk '{ print $1 }' | tr '\n' ' ' | sed 's/ $//')" ]
	printf '%s\n' "${lines[@]}" | grep -qx 'isindex-argv *cgi'
	printf '%s\n' "${lines[@]}" | grep -qx 'httpoxy *request'
	printf '%s\n' "${lines[@]}" | grep -qx 'privileges *always'
}

@test "form-parse: a client's mistake past the 100 problems kept still fails the check" {
	# 105 nested parts that CGIDUMP_MAX_DEPTH=1 skips fill the list;
	# the nameless part after them is only counted, and must still count.
	local i b=$BATS_TEST_TMPDIR/b
	: >"$b"
	for i in $(seq 105); do
		printf -- '--B\r\nContent-Disposition: form-data; name="n%d"\r\nContent-Type: multipart/mixed; boundary=C\r\n\r\n--C--\r\n' "$i" >>"$b"
	done
	printf -- '--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--\r\n' >>"$b"
	STDIN=$b
	judge form-parse fail REQUEST_METHOD=POST CGIDUMP_MAX_DEPTH=1 \
	    CONTENT_TYPE='multipart/form-data; boundary=B' CONTENT_LENGTH="$(wc -c <"$b")"
	jq -e '.errors[-1] | .cause == "request" and
	    (.message | test("6 more problems"))' "$BATS_TEST_TMPDIR/judge.json"
}

@test "body-length: raw chunked framing cut by CGIDUMP_MAX_BODY warns about the limit; chunk-framing fails" {
	local i b=$BATS_TEST_TMPDIR/b
	: >"$b"
	for i in $(seq 20); do printf '10\r\nxxxxxxxxxxxxxxxx\r\n' >>"$b"; done
	printf '0\r\n\r\n' >>"$b"
	STDIN=$b
	judge body-length warn REQUEST_METHOD=POST CONTENT_TYPE=text/plain \
	    HTTP_TRANSFER_ENCODING=chunked CGIDUMP_MAX_BODY=50
	jq -e '.checks[] | select(.id == "body-length") | .message |
	    test("^the body is longer than CGIDUMP_MAX_BODY")' "$BATS_TEST_TMPDIR/judge.json"
	[ "$(check_level chunk-framing "$BATS_TEST_TMPDIR/judge.json")" = fail ]
}

@test "CGIDUMP_ALLOW with a trailing CR is malformed, not trimmed into a match" {
	cgi CGIDUMP_ALLOW=$'127.0.0.1\r'
	[ "$(header Status)" = "403 Forbidden" ]
}

@test "skip: a verdict not judged here has level skip, counted apart from ok" {
	local_run --check
	grep -q '^cgidump checks: [0-9]* fail, [0-9]* warn, [0-9]* ok, [1-9][0-9]* skip$' "$BATS_TEST_TMPDIR/local.out"
	grep -q '^skip access-control: not judged: ' "$BATS_TEST_TMPDIR/local.out"
	! grep -q '^ok   .*not judged' "$BATS_TEST_TMPDIR/local.out"
	# Listed after the ok ones.
	awk '/^skip /{s=1} /^ok /&&s{exit 1}' "$BATS_TEST_TMPDIR/local.out"
	local_json
	jq -e '[.checks[] | select(.message | startswith("not judged"))] | length > 0
	    and all(.level == "skip")' "$OUT"
	jq -e '[.checks[] | select(.level == "skip")] | all(.message | startswith("not judged"))' "$OUT"
	local_run -f html
	grep -q '<li id="check-access-control"><span class="lvl lvl-skip">SKIP</span>' "$BATS_TEST_TMPDIR/local.out"
	grep -Eq '<p class="verdict">[^<]*, [0-9]+ ok, [1-9][0-9]* not judged</p>' "$BATS_TEST_TMPDIR/local.out"
	grep -Eq '<summary>[1-9][0-9]* checks? not judged here</summary>' "$BATS_TEST_TMPDIR/local.out"
	grep -q '\.lvl-skip{' "$BATS_TEST_TMPDIR/local.out"
}

@test "skip: a skip never fails --strict, and the worst ignores it" {
	run --separate-stderr timeout "$TMO" ${RUNAS[@]+"${RUNAS[@]}"} env -i PATH=/usr/bin:/bin \
	    "$CGIDUMP" --check --strict
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^"cgidump checks: 0 fail, 0 warn, "[0-9]+" ok, "[1-9][0-9]*" skip (strict: a warning fails)"$ ]]
	run --separate-stderr timeout "$TMO" ${RUNAS[@]+"${RUNAS[@]}"} env -i PATH=/usr/bin:/bin \
	    "$CGIDUMP" --check --strict -f json
	[ "$status" -eq 0 ]
	jq -e '.worst == "ok" and .strict == true and .counts.skip > 0' <<<"$output"
}

@test "--check -f json: the verdicts as JSON, with the worst and every count" {
	local n
	n=$("$CGIDUMP" --list-checks | wc -l)
	local_run --check -f json
	[ "$status" -le 1 ]
	json_ok "$BATS_TEST_TMPDIR/local.out"
	jq -e 'keys == ["checks","counts","strict","version","worst"]' "$BATS_TEST_TMPDIR/local.out"
	jq -e '.counts.skip > 0' "$BATS_TEST_TMPDIR/local.out"
	jq -e --argjson n "$n" '.version == "1.1.0"
	    and (.counts | keys == ["fail","ok","skip","warn"])
	    and (.counts | add) == (.checks | length) and (.checks | length) == $n
	    and (.checks | all(keys == ["id","level","message"]))
	    and .counts.skip == ([.checks[] | select(.level == "skip")] | length)' "$BATS_TEST_TMPDIR/local.out"
	# The exit status follows "worst".
	run --separate-stderr timeout "$TMO" ${RUNAS[@]+"${RUNAS[@]}"} env -i PATH=/usr/bin:/bin \
	    REQUEST_METHOD=GET HTTP_PROXY=x "$CGIDUMP" --check -f json
	[ "$status" -eq 1 ]
	jq -e '.worst == "fail" and .counts.fail >= 1
	    and any(.checks[]; .id == "httpoxy" and .level == "fail")' <<<"$output"
}

@test "--check --quiet: the summary and the warn and fail verdicts only" {
	local n
	n=$("$CGIDUMP" --list-checks | wc -l)
	run --separate-stderr timeout "$TMO" ${RUNAS[@]+"${RUNAS[@]}"} env -i PATH=/usr/bin:/bin \
	    REQUEST_METHOD=GET HTTP_PROXY=x QUERY_STRING='a;b' "$CGIDUMP" --check --quiet
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == "cgidump checks: "*" skip" ]]
	printf '%s\n' "$output" | grep -q '^fail httpoxy: '
	printf '%s\n' "$output" | grep -q '^warn query-semicolon: '
	! printf '%s\n' "$output" | grep -q '^ok '
	! printf '%s\n' "$output" | grep -q '^skip '
	run --separate-stderr timeout "$TMO" ${RUNAS[@]+"${RUNAS[@]}"} env -i PATH=/usr/bin:/bin \
	    REQUEST_METHOD=GET HTTP_PROXY=x "$CGIDUMP" --check --quiet -f json
	[ "$status" -eq 1 ]
	jq -e --argjson n "$n" '(.checks | length) >= 1 and (.checks | all(.level == "warn" or .level == "fail"))
	    and (.counts | add) == $n' <<<"$output"
}

@test "every lighttpd line a verdict suggests loads beside the README's fence line (lighttpd -tt)" {
	require lighttpd
	local conf=$BATS_TEST_TMPDIR/lighttpd.conf msgs=$BATS_TEST_TMPDIR/msgs
	: >"$msgs"
	cgi_json
	jq -r '.checks[] | select(.id == "access-control") | .message' "$OUT" >>"$msgs"
	UNSET=PATH cgi_json
	jq -r '.checks[] | select(.id == "path") | .message' "$OUT" >>"$msgs"
	body_file 'a=b'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=3 HTTP_CONTENT_LENGTH=999 HTTP_AUTHORIZATION=x
	jq -r '.checks[] | select(.id == "header-variables") | .message' "$OUT" >>"$msgs"
	# The fixes are the backquoted lighttpd settings: three kinds, four lines.
	grep -o '`setenv\.[^`]* ( [^`]*`' "$msgs" | tr -d '`' >"$BATS_TEST_TMPDIR/fixes"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/fixes")" -eq 4 ]
	! grep -v '+= (' "$BATS_TEST_TMPDIR/fixes"
	{
		echo "server.document-root = \"$BATS_TEST_TMPDIR\""
		echo 'server.port = 8080'
		# The README's lines for lighttpd, as an administrator has them.
		grep -E '^    (server\.modules|setenv\.add-environment) ' "$BATS_TEST_DIRNAME/../README" | sed 's/^    //'
		cat "$BATS_TEST_TMPDIR/fixes"
	} >"$conf"
	grep -q '^setenv.add-environment = ' "$conf"
	run lighttpd -tt -f "$conf"
	[ "$status" -eq 0 ] || { echo "$output"; cat "$conf"; return 1; }
}

# The message of check $1 in the last judge's JSON matches regex $2.
says() {
	jq -e --arg id "$1" --arg re "$2" '.checks[] | select(.id == $id) |
	    .message | test($re)' "$BATS_TEST_TMPDIR/judge.json" >/dev/null ||
	    { echo "$1 does not say /$2/:"; jq --arg id "$1" '.checks[] |
	    select(.id == $id) | .message' "$BATS_TEST_TMPDIR/judge.json"; return 1; }
}

@test "script-variables: ok when SCRIPT_NAME and PATH_INFO split REQUEST_URI and the rest agree" {
	REQUEST_URI_AT='/cgi-bin/cgidump/@?a=b' judge script-variables ok \
	    HTTPS=on REQUEST_SCHEME=https DOCUMENT_ROOT=/srv/www \
	    SCRIPT_FILENAME=/srv/www/cgi-bin/cgidump
	says script-variables "^SCRIPT_NAME and PATH_INFO split REQUEST_URI's path; SCRIPT_FILENAME ends in SCRIPT_NAME; SCRIPT_FILENAME is under DOCUMENT_ROOT; HTTPS and REQUEST_SCHEME agree\\.$"
	# Decoded, and normalized as servers do before they split.
	REQUEST_URI_AT='/cgi-bin//./x/../cgi%64ump/@' judge script-variables ok
	says script-variables "^SCRIPT_NAME and PATH_INFO split"
	# An absolute-form request target: its path.
	REQUEST_URI_AT='http://localhost:8080/cgi-bin/cgidump/@' judge script-variables ok
	says script-variables "^SCRIPT_NAME and PATH_INFO split"
}

@test "script-variables: what RFC 3875 does not require is only a note in CGI mode" {
	judge script-variables ok
	says script-variables "Note: .*SCRIPT_FILENAME is unset .*DOCUMENT_ROOT is unset .*REQUEST_URI is unset .*Neither HTTPS nor REQUEST_SCHEME is set"
	# A ScriptAlias maps SCRIPT_NAME outside DOCUMENT_ROOT.
	REQUEST_URI_AT='/cgi-bin/cgidump/@' judge script-variables ok \
	    DOCUMENT_ROOT=/var/www/html SCRIPT_FILENAME=/usr/local/libexec/cgidump
	says script-variables "Note: SCRIPT_FILENAME does not end in SCRIPT_NAME.* SCRIPT_FILENAME is not under DOCUMENT_ROOT"
}

@test "script-variables: warn when PATH_INFO is not the rest of the path, or SCRIPT_NAME does not begin it" {
	REQUEST_URI_AT='/cgi-bin/cgidump/extra/@' judge script-variables warn
	says script-variables '^PATH_INFO "/json" is not the rest of REQUEST_URI.s path after SCRIPT_NAME, "/extra/json".*fastcgi_split_path_info'
	# A front controller: the URL was rewritten to the script.
	judge script-variables warn REQUEST_URI=/blog/post/1
	says script-variables '^SCRIPT_NAME "/cgi-bin/cgidump" does not begin the path of REQUEST_URI "/blog/post/1"'
	# Not a prefix at a segment boundary.
	REQUEST_URI_AT='/cgi-bin/cgidumpx/@' judge script-variables warn
	# A request byte in the message is escaped like any other.
	judge script-variables warn REQUEST_URI=$'/a\x01"b'
	says script-variables 'REQUEST_URI "/a\\x01\\"b"'
}

@test "script-variables: HTTPS and REQUEST_SCHEME: fail when they contradict, warn on https without HTTPS" {
	judge script-variables fail HTTPS=on REQUEST_SCHEME=http
	says script-variables '^HTTPS is "on" but REQUEST_SCHEME is "http": .*fastcgi_param HTTPS \$https if_not_empty;'
	judge script-variables fail HTTPS=off REQUEST_SCHEME=HTTPS
	judge script-variables warn REQUEST_SCHEME=https
	says script-variables "^REQUEST_SCHEME is https but HTTPS is unset"
	judge script-variables warn REQUEST_SCHEME=gopher
	# Behind a proxy that ends TLS both say plain HTTP: nothing to know.
	judge script-variables ok HTTPS=off REQUEST_SCHEME=http
	judge script-variables ok HTTPS=on
}

@test "fix-pathinfo: ok when SCRIPT_FILENAME is unset or exists (Apache's proxy:fcgi:// form too)" {
	judge fix-pathinfo ok
	says fix-pathinfo "^SCRIPT_FILENAME names no absolute path"
	judge fix-pathinfo ok SCRIPT_FILENAME="$CD/cgidump"
	says fix-pathinfo "^SCRIPT_FILENAME names a file that exists"
	judge fix-pathinfo ok SCRIPT_FILENAME="proxy:fcgi://127.0.0.1:9000$CD/cgidump"
	[ "$(jq -c .host.script_file "$BATS_TEST_TMPDIR/judge.json")" = \
	    "{\"path\":\"$CD/cgidump\",\"found\":true,\"error\":null,\"fix_pathinfo_runs\":null}" ]
	cgi_json
	[ "$(jqo -c .host.script_file)" = null ]
}

@test "fix-pathinfo: SCRIPT_FILENAME is looked at once, for the program's facts and the judge alike" {
	[ -z "${CGIDUMP_SANITIZED:-}" ] ||
	    skip "LeakSanitizer cannot run under strace (ptrace); the other builds count"
	require strace
	local f
	local -a RUNAS=(strace -f -qq -o "$BATS_TEST_TMPDIR/st")
	for f in "$CD/cgidump" "$CD/gone/x.php"; do
		cgi_json SCRIPT_FILENAME="$f"
		[ "$(grep -F "\"$f\"" "$BATS_TEST_TMPDIR/st" | grep -c stat)" = 1 ] ||
		    { echo "$f:"; cat "$BATS_TEST_TMPDIR/st"; return 1; }
	done
	# and the facts are as before: the program found, the script missing
	[ "$(jqo -c .host.script_file)" = \
	    "{\"path\":\"$CD/gone/x.php\",\"found\":false,\"error\":\"No such file or directory\",\"fix_pathinfo_runs\":null}" ]
}

@test "fix-pathinfo: warn when PHP's cgi.fix_pathinfo would run a leading part of a missing SCRIPT_FILENAME" {
	mkdir -p "$CD/up"
	printf 'GIF89a<?php ?>' >"$CD/up/evil.jpg"
	chmod -R a+rX "$CD/up"
	judge fix-pathinfo warn SCRIPT_FILENAME="$CD/up/evil.jpg/x.php"
	says fix-pathinfo "^SCRIPT_FILENAME \"$CD/up/evil.jpg/x.php\" does not exist, but its leading part \"$CD/up/evil.jpg\" is a file: PHP with cgi.fix_pathinfo=1 .*try_files \\\$fastcgi_script_name =404;"
	[ "$(jq -c .host.script_file "$BATS_TEST_TMPDIR/judge.json")" = \
	    "{\"path\":\"$CD/up/evil.jpg/x.php\",\"found\":false,\"error\":\"Not a directory\",\"fix_pathinfo_runs\":\"$CD/up/evil.jpg\"}" ]
	# A directory is not a script: PHP walks past it.
	LOCAL_LEVEL=warn REQUEST_URI_AT='/cgi-bin/cgidump/@' judge fix-pathinfo ok \
	    SCRIPT_FILENAME="$CD/up/none/x"
}

@test "fix-pathinfo: warn when a missing script is passed on for a .php URL or without PATH_INFO" {
	judge fix-pathinfo warn SCRIPT_FILENAME="$CD/nope.php" REQUEST_URI=/nope.ph%70
	says fix-pathinfo "^SCRIPT_FILENAME \"$CD/nope.php\" does not exist \\(No such file or directory\\), yet the server passed the request on for a URL that ends like a script's"
	# Without PATH_INFO (no endpoint in the URL: the HTML page).
	cgi SCRIPT_FILENAME="$CD/nope"
	grep -q '<li id="check-fix-pathinfo"><span class="lvl lvl-warn">' "$OUT"
	grep -q 'with no PATH_INFO: it does not check that a script exists' "$OUT"
	local_check warn fix-pathinfo SCRIPT_FILENAME="$CD/nope"
	# A split PATH_INFO off a URL that names no script: nothing to walk.
	LOCAL_LEVEL=warn REQUEST_URI_AT='/cgidump/@' judge fix-pathinfo ok \
	    SCRIPT_FILENAME="$CD/nope"
	says fix-pathinfo "no leading part of it is a file"
}
