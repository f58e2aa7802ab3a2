#!/usr/bin/env bats
# FastCGI and SCGI modes (DESIGN.md "Modes"): cgidump --fastcgi and
# --scgi driven by tests/fcgi, a client written apart from cgidump's
# own encoder.  Each test starts its own daemon on a socket in its
# temporary directory, and stops it.

load helpers

FCGI=$BATS_TEST_DIRNAME/fcgi

# The parameters a server sends for a plain GET: what BASE_ENV gives a
# CGI, without PATH (a server does not pass its own).
PARAMS=(
	GATEWAY_INTERFACE=CGI/1.1
	REQUEST_METHOD=GET
	QUERY_STRING=
	REMOTE_ADDR=127.0.0.1
	SCRIPT_NAME=/dump
	SERVER_NAME=localhost
	SERVER_PORT=80
	SERVER_PROTOCOL=HTTP/1.1
	SERVER_SOFTWARE=test/1.0
	REQUEST_URI=/dump
)

setup() {
	[ -x "$FCGI" ] || { echo "make tests/fcgi first"; return 1; }
	SOCK=$BATS_TEST_TMPDIR/s
	LOG=$BATS_TEST_TMPDIR/log
	DPID=
}

teardown() {
	[ -z "$DPID" ] || kill "$DPID" 2>/dev/null || true
	[ -z "$DPID" ] || wait "$DPID" 2>/dev/null || true
}

# start [VAR=value ...] [-- args]: cgidump --fastcgi unix:$SOCK (or
# the args given) in a clean environment, under $WRAP (an array, such
# as strace) if set; waits for the socket.
start() {
	local i
	_split_args "$@"
	[ ${#ARGS[@]} -gt 0 ] || ARGS=(--fastcgi "unix:$SOCK")
	env -i PATH=/usr/bin:/bin DAEMON_OWN=1 "${ENVS[@]}" \
	    ${WRAP[@]+"${WRAP[@]}"} "$CGIDUMP" "${ARGS[@]}" </dev/null \
	    2>"$LOG" 3>&- &
	DPID=$!
	for i in $(seq 100); do
		grep -q 'CGI on .*, up to' "$LOG" && return 0
		kill -0 "$DPID" 2>/dev/null || break
		sleep 0.1
	done
	echo "the daemon did not start:"
	cat "$LOG"
	return 1
}

# params NAME=VALUE ...: PARAMS, a name given replacing its entry, then
# the given ones (so that a test can double a name PARAMS lacks), in
# $P.
params() {
	local v a
	P=()
	for v in "${PARAMS[@]}"; do
		for a in "$@"; do
			[ "${a%%=*}" != "${v%%=*}" ] || continue 2
		done
		P+=("$v")
	done
	P+=("$@")
}

# req [client options] [-- NAME=VALUE ...]: one request with params;
# $STDIN the body.  Leaves $HDR and $OUT, the client's exit status in
# $status.
req() {
	local -a opts=()
	if [[ " $* " == *" -- "* ]]; then
		while [ "$1" != -- ]; do
			opts+=("$1")
			shift
		done
		shift
	fi
	params "$@"
	RAW=$BATS_TEST_TMPDIR/raw
	status=0
	timeout "$TMO" "$FCGI" ${opts[@]+"${opts[@]}"} "unix:$SOCK" \
	    "${P[@]}" <"${STDIN:-/dev/null}" >"$RAW" \
	    2>"$BATS_TEST_TMPDIR/stderr" || status=$?
	_split_response "$RAW"
	_no_sanitizer_report
}

# req_json ...: req with PATH_INFO=/json; the answer must be JSON.
req_json() {
	[[ " $* " == *" -- "* ]] || set -- -- "$@"
	req "$@" PATH_INFO=/json
	[ "$status" -eq 0 ] || { echo "exit $status"; cat "$RAW"; return 1; }
	json_ok "$OUT"
}

@test "FastCGI: the Python doc example, with the mode and the transport facts" {
	require jq
	start
	req_json -- QUERY_STRING='name=Joe+Blow&addr=At+Home'
	[ "$(value name)" = "Joe Blow" ]
	[ "$(value addr)" = "At Home" ]
	[ "$(jqo .mode)" = fastcgi ]
	[ "$(jqo .transport.listen)" = "unix:$SOCK" ]
	[ "$(jqo .transport.request)" = 1 ]
	[ "$(jqo .transport.request_id)" = 1 ]
	[ "$(jqo .transport.keep_conn)" = false ]
	[ "$(header Content-Type)" = "application/json" ]
}

@test "FastCGI: the time zone is read once, by the daemon, not by each request's process, and the local time is still the zone's" {
	[ -z "${CGIDUMP_SANITIZED:-}" ] ||
	    skip "LeakSanitizer cannot run under strace (ptrace); the other builds count"
	require strace
	require jq
	require pgrep	# procps
	[ -e /etc/localtime ] || skip "no /etc/localtime here"
	local st=$BATS_TEST_TMPDIR/st d i
	local -a WRAP=(strace -f -qq -e trace=openat -o "$st")
	start
	d=$(pgrep -P "$DPID" -x cgidump)
	for i in 1 2 3; do
		req_json
		[ "$(jqo .process.time_local | sed 's/.* //')" = "$(date +%z)" ]
	done
	kill "$d"
	wait "$DPID" || true
	DPID=
	# one open in all, the daemon's own, before any request
	[ "$(grep -c '"/etc/localtime"' "$st")" = 1 ] || { cat "$st"; return 1; }
	grep -q "^$d .*\"/etc/localtime\"" "$st"
}

@test "FastCGI: every format, and the text and HTML say how the request came" {
	require jq
	start
	req -- PATH_INFO=/text
	[ "$status" -eq 0 ]
	[ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
	grep -q "^served by: *FastCGI on unix:$SOCK, request 1 on its connection" "$OUT"
	req -- PATH_INFO=/html
	[ "$(header Content-Type)" = "text/html; charset=utf-8" ]
	grep -q '<dt>served by</dt><dd>FastCGI on ' "$OUT"
	req -- PATH_INFO=/check
	grep -q '^cgidump checks: ' "$OUT"
	req -- REQUEST_METHOD=HEAD PATH_INFO=/json
	[ "$(header Content-Type)" = "application/json" ]
	[ ! -s "$OUT" ]
}

@test "FastCGI: the environment is the server's parameters, in order, doubled ones twice, none of the daemon's" {
	require jq
	start
	req_json -- DOUBLED=first DOUBLED=second 'ODD=a b$(c)'
	[ "$(jq -c '[.environment[] | select(.name == "DOUBLED") | .value]' "$OUT")" = '["first","second"]' ]
	[ "$(env_var ODD)" = 'a b$(c)' ]
	[ "$(env_var DAEMON_OWN)" = "<unset>" ]
	[ "$(env_var PATH)" = "<unset>" ]
	[ "$(check_level duplicate-variables)" = warn ]
	# the server passes no arguments: not judged
	[ "$(check_level isindex-argv)" = skip ]
	[ "$(check_level stdin-socket)" = skip ]
	# the daemon's directory and environment, not the server's choice
	[ "$(check_level working-directory)" = skip ]
	[ "$(check_level path)" = skip ]
}

@test "FastCGI: settings come from the daemon's environment, and from parameters the server sets" {
	require jq
	start CGIDUMP_TOKEN=sesame
	req -- PATH_INFO=/json
	[ "$(header Status)" = "403 Forbidden" ]
	req -- PATH_INFO=/json HTTP_X_CGIDUMP_TOKEN=sesame
	[ "$(header Status)" = "200 OK" ]
	json_ok "$OUT"
	# a parameter the server sends wins over the daemon's
	req -- PATH_INFO=/json CGIDUMP_TOKEN=other HTTP_X_CGIDUMP_TOKEN=other
	[ "$(header Status)" = "200 OK" ]
	json_ok "$OUT"
	[ "$(env_var CGIDUMP_TOKEN)" = "<redacted>" ]
	req -- PATH_INFO=/json CGIDUMP_TOKEN=other HTTP_X_CGIDUMP_TOKEN=sesame
	[ "$(header Status)" = "403 Forbidden" ]
}

@test "FastCGI: a urlencoded body in small STDIN records" {
	require jq
	start
	body_file 'a=1&b=two+words&c=%41'
	req_json -c 3 -- REQUEST_METHOD=POST CONTENT_LENGTH=21 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(value a)" = 1 ]
	[ "$(value b)" = "two words" ]
	[ "$(value c)" = A ]
	[ "$(jqo .request.body_bytes)" = 21 ]
}

@test "FastCGI: the body read before the server sends the empty STDIN record that ends it: the answer still reaches the server (Caddy under load)" {
	require jq
	start
	body_file 'a=1&b=2'
	# The request reads its CONTENT_LENGTH and answers; the connection
	# must go on reading until the stream's end, not close on a server
	# still writing (Caddy: "write: broken pipe", 502).
	req_json -w 1500 -- REQUEST_METHOD=POST CONTENT_LENGTH=7 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(value b)" = 2 ]
	[ "$(jqo .request.body_end)" = complete ]
}

@test "FastCGI: a 5 MiB upload's SHA-256 matches" {
	require jq
	start
	local f=$BATS_TEST_TMPDIR/up sum
	head -c 5242880 /dev/urandom >"$f"
	sum=$(sha256sum "$f" | cut -d' ' -f1)
	STDIN=$BATS_TEST_TMPDIR/mp
	{
		printf -- '--XyZ\r\nContent-Disposition: form-data; name="f"; filename="up.bin"\r\n'
		printf 'Content-Type: application/octet-stream\r\n\r\n'
		cat "$f"
		printf '\r\n--XyZ--\r\n'
	} >"$STDIN"
	req_json -- REQUEST_METHOD=POST CONTENT_LENGTH="$(wc -c <"$STDIN")" \
	    'CONTENT_TYPE=multipart/form-data; boundary=XyZ'
	[ "$(jqo '.form[0].size')" = 5242880 ]
	[ "$(jqo '.form[0].sha256')" = "$sum" ]
}

@test "FastCGI: FCGI_KEEP_CONN serves requests one after another on one connection" {
	require jq
	start
	req -k -n 3 -- PATH_INFO=/json
	[ "$status" -eq 0 ]
	# three answers, each with its header block
	[ "$(grep -c '^Content-Type: application/json' "$RAW")" = 3 ]
	grep -o '"request":[0-9]*,"request_id":1,"keep_conn":true' "$RAW" >"$BATS_TEST_TMPDIR/t"
	[ "$(cat "$BATS_TEST_TMPDIR/t" | tr '\n' ' ')" = '"request":1,"request_id":1,"keep_conn":true "request":2,"request_id":1,"keep_conn":true "request":3,"request_id":1,"keep_conn":true ' ]
}

@test "FastCGI: a kept connection idle longer than CGIDUMP_TIMEOUT still gets its next answer" {
	# The server's silence is timed from when an answer waits for it,
	# not from its last read of the one before: a connection idle in
	# nginx's keepalive pool had its next answer cut at once ("the
	# server read nothing for 1 s") and nginx answered 502.
	start CGIDUMP_TIMEOUT=1
	req -k -n 2 -p 2500 -- PATH_INFO=/json
	[ "$status" -eq 0 ] || { echo "exit $status"; cat "$BATS_TEST_TMPDIR/stderr"; return 1; }
	[ "$(grep -c '^Content-Type: application/json' "$RAW")" = 2 ]
	grep -q '"request":2,"request_id":1,"keep_conn":true' "$RAW"
	! grep -q 'read nothing' "$LOG"
}

# byte N: the byte N.
byte() {
	printf "\\$(printf %03o "$1")"
}

# rec TYPE ID CONTENT: one record; CONTENT is a printf format (octal
# escapes for the length bytes of pairs).
rec() {
	local len
	len=$(printf "$3" | wc -c)
	printf '\001'
	byte "$1"
	byte $(($2 >> 8))
	byte $(($2 & 255))
	byte $((len >> 8))
	byte $((len & 255))
	printf '\000\000'
	printf "$3"
}

@test "FastCGI: FCGI_GET_VALUES is answered, another management record gets FCGI_UNKNOWN_TYPE" {
	start CGIDUMP_MAX_CHILDREN=5
	{
		rec 9 0 '\016\000FCGI_MAX_CONNS\015\000FCGI_MAX_REQS\017\000FCGI_MPXS_CONNS\003\000FOO'
		rec 99 0 ''
	} >"$BATS_TEST_TMPDIR/in"
	(sleep 1; kill "$DPID") 3>&- &
	run timeout "$TMO" "$FCGI" -r "unix:$SOCK" <"$BATS_TEST_TMPDIR/in"
	echo "$output"
	[ "${lines[0]}" = "10 0 51 %0E%01FCGI_MAX_CONNS5%0D%01FCGI_MAX_REQS5%0F%01FCGI_MPXS_CONNS0" ]
	[ "${lines[1]}" = "11 0 8 c%00%00%00%00%00%00%00" ]
}

@test "FastCGI: a role other than responder gets FCGI_UNKNOWN_ROLE" {
	start
	rec 1 1 '\000\002\000\000\000\000\000\000' >"$BATS_TEST_TMPDIR/in"
	run timeout "$TMO" "$FCGI" -r "unix:$SOCK" <"$BATS_TEST_TMPDIR/in"
	echo "$output"
	[ "$output" = "3 1 8 %00%00%00%00%03%00%00%00" ]
	grep -q 'role 2 asked for' "$LOG"
}

@test "FastCGI: a second request id on a busy connection is refused, the first still answered" {
	start
	{
		rec 1 1 '\000\001\001\000\000\000\000\000'
		rec 4 1 '\016\003REQUEST_METHODGET\011\005PATH_INFO/text'
		rec 4 1 ''
		rec 1 2 '\000\001\000\000\000\000\000\000'
		rec 4 2 '\016\003REQUEST_METHODPUT'
		rec 5 1 ''
	} >"$BATS_TEST_TMPDIR/in"
	(sleep 2; kill "$DPID") 3>&- &
	run timeout "$TMO" "$FCGI" -r "unix:$SOCK" <"$BATS_TEST_TMPDIR/in"
	[[ "$output" == *$'\n3 2 8 %00%00%00%00%01%00%00%00'* ]] ||
	    [[ "$output" == '3 2 8 %00%00%00%00%01%00%00%00'* ]]
	# request 1's answer, then its END_REQUEST with FCGI_REQUEST_COMPLETE
	[[ "$output" == *'6 1 '*'cgidump'* ]]
	[[ "$output" == *$'\n3 1 8 %00%00%00%00%00%00%00%00'* ]]
	[[ "$output" != *PUT* ]]
}

@test "FastCGI: FCGI_ABORT_REQUEST ends the request, and the daemon goes on" {
	start
	# END_REQUEST with FCGI_REQUEST_COMPLETE, and the killed
	# process's status, 128 + 9
	req -a -- PATH_INFO=/stream
	[ "$status" -eq 1 ] || { echo "exit $status"; false; }
	grep -q 'application status 137' "$BATS_TEST_TMPDIR/stderr"
	req -- PATH_INFO=/text
	[ "$status" -eq 0 ]
	grep -q '^cgidump' "$OUT"
}

@test "FastCGI: /stderr's marker comes back in FCGI_STDERR records, and the page says where servers log them" {
	start
	req -- PATH_INFO=/stderr
	[ "$status" -eq 0 ]
	marker=$(grep -o 'cgidump-stderr-[A-Za-z0-9-]*' "$OUT" | head -n 1)
	[ -n "$marker" ]
	grep -q "$marker" "$BATS_TEST_TMPDIR/stderr"
	! grep -q "$marker" "$LOG"
	grep -qF "In FastCGI mode the line went to the server in FCGI_STDERR records. Search the server's logs for $marker:" "$OUT"
	grep -qF 'nginx:     its error_log, as "FastCGI sent in stderr"' "$OUT"
	# not the CGI servers' list: lighttpd's CGI stderr is not its log
	! grep -q 'not server.errorlog' "$OUT"
	! grep -q 'mini_httpd' "$OUT"
}

@test "FastCGI: /stream's lines come one by one, as the request writes them" {
	start
	req -- PATH_INFO=/stream
	[ "$status" -eq 0 ]
	[ "$(grep -c '^line ' "$OUT")" -ge 10 ] || { cat "$OUT"; false; }
}

@test "FastCGI: an nph- SCRIPT_NAME still gets a CGI header block: the server writes the status line" {
	start
	req -- SCRIPT_NAME=/nph-dump PATH_INFO=/text
	[ "$status" -eq 0 ]
	! head -n 1 "$RAW" | grep -q '^HTTP/'
	grep -q '^Content-Type: text/plain' "$HDR"
}

@test "FastCGI: started with a listening socket as fd 0 (spawn-fcgi, lighttpd bin-path), with no option" {
	require perl
	perl -MSocket -e '
		socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
		bind($s, pack_sockaddr_un($ARGV[0])) or die "bind: $!";
		listen($s, 8) or die "listen: $!";
		open(STDIN, "<&", $s) or die "dup: $!";
		close $s;
		exec { $ARGV[1] } $ARGV[1] or die "exec: $!";
	' "$SOCK" "$CGIDUMP" 2>"$LOG" 3>&- &
	DPID=$!
	for i in $(seq 50); do grep -q 'on fd 0' "$LOG" && break; sleep 0.1; done
	req_json
	[ "$(jqo .transport.listen)" = "fd 0" ]
	[ "$(jqo .mode)" = fastcgi ]
}

@test "FastCGI: SIGTERM lets a request in flight finish, removes the socket, and exits 0" {
	start
	req -- PATH_INFO=/stream &
	local rpid=$!
	sleep 0.5
	kill -TERM "$DPID"
	wait "$rpid"
	_split_response "$BATS_TEST_TMPDIR/raw"
	[ "$(grep -c '^line ' "$OUT")" -ge 10 ]
	local st=0
	wait "$DPID" || st=$?
	DPID=
	[ "$st" -eq 0 ]
	[ ! -e "$SOCK" ]
	grep -q 'stopped' "$LOG"
}

@test "FastCGI: SIGTERM answers a connection accepted before it whose request comes after" {
	start
	{
		rec 1 1 '\000\001\001\000\000\000\000\000'
		rec 4 1 '\016\003REQUEST_METHODGET\011\005PATH_INFO/text'
		rec 4 1 ''
		rec 5 1 ''
	} >"$BATS_TEST_TMPDIR/in"
	( { sleep 1; cat "$BATS_TEST_TMPDIR/in"; sleep 5; } |
	    timeout 20 "$FCGI" -r "unix:$SOCK" >"$BATS_TEST_TMPDIR/raw" ) 3>&- &
	local cpid=$!
	sleep 0.5
	kill -TERM "$DPID"
	wait "$cpid" || true
	# the answer, END_REQUEST complete, and the connection closed
	# though FCGI_KEEP_CONN asked to keep it (before the 5 s are up)
	grep -q '^6 1 .*cgidump' "$BATS_TEST_TMPDIR/raw"
	grep -q '^3 1 8 %00%00%00%00%00%00%00%00$' "$BATS_TEST_TMPDIR/raw"
	wait "$DPID"
	DPID=
}

@test "FastCGI: past CGIDUMP_MAX_CHILDREN a connection waits in the queue, and is served" {
	start CGIDUMP_MAX_CHILDREN=1
	# the first request's answer in a file of its own: req's would be
	# written by both at once (it was, under load)
	params PATH_INFO=/stream
	timeout "$TMO" "$FCGI" "unix:$SOCK" "${P[@]}" </dev/null \
	    >"$BATS_TEST_TMPDIR/first" 2>&1 &
	local rpid=$!
	sleep 0.3
	req -- PATH_INFO=/text
	[ "$status" -eq 0 ]
	grep -q '^cgidump' "$OUT"
	wait "$rpid"
	grep -q 'Status: 200' "$BATS_TEST_TMPDIR/first"
}

@test "FastCGI: an idle kept connection gives way to a waiting one at CGIDUMP_MAX_CHILDREN" {
	start CGIDUMP_MAX_CHILDREN=1
	# a client that keeps its connection open after one request
	( { rec 1 1 '\000\001\001\000\000\000\000\000'; rec 4 1 ''; rec 5 1 ''; sleep 30; } |
	    timeout 40 "$FCGI" -r "unix:$SOCK" >/dev/null ) 3>&- &
	sleep 0.5
	req -- PATH_INFO=/text
	[ "$status" -eq 0 ]
	grep -q '^cgidump' "$OUT"
}

# big_params: PARAMS for an answer of about 250 KiB, more than a
# socket holds, in $P.
big_params() {
	local a b
	a=$(head -c 100000 /dev/zero | tr '\0' a)
	b=$(head -c 50000 /dev/zero | tr '\0' b)
	params PATH_INFO=/text HTTP_X_A="$a" HTTP_X_B="$a" HTTP_X_C="$b"
}

# kept_done PID: the kept client PID, writing to $BATS_TEST_TMPDIR/kept,
# ended 0 with two answers.
kept_done() {
	local kst=0
	wait "$1" || kst=$?
	[ "$kst" -eq 0 ] || { echo "kept: exit $kst"; tail -c 300 "$BATS_TEST_TMPDIR/kept"; return 1; }
	[ "$(grep -c '^Content-Type: text/plain' "$BATS_TEST_TMPDIR/kept")" = 2 ]
}

@test "FastCGI: at CGIDUMP_MAX_CHILDREN a kept connection that has just answered is not closed at once for a waiting one" {
	start CGIDUMP_MAX_CHILDREN=1
	params PATH_INFO=/text
	# its second request 0.4 s after the first answer; the waiting
	# connection comes in between.  Closed at once for it, the second
	# request was lost (nginx: a 502 for a POST it cannot retry).
	( timeout "$TMO" "$FCGI" -k -n 2 -p 400 "unix:$SOCK" "${P[@]}" \
	    </dev/null >"$BATS_TEST_TMPDIR/kept" 2>&1 ) 3>&- &
	local kpid=$!
	sleep 0.15
	req -- PATH_INFO=/text
	[ "$status" -eq 0 ]
	grep -q '^cgidump' "$OUT"
	kept_done "$kpid"
}

@test "FastCGI: at CGIDUMP_MAX_CHILDREN a connection whose answer the server does not read is still cut after CGIDUMP_TIMEOUT for a waiting one" {
	start CGIDUMP_MAX_CHILDREN=1 CGIDUMP_TIMEOUT=2
	# an answer of about 250 KiB, more than the socket holds: it waits
	# in cgidump for a server that half-closed and reads nothing for
	# 30 s.  Readable (its end), idle past IDLE_YIELD_MS, it was given
	# a poll timeout below 0: poll waited for ever, CGIDUMP_TIMEOUT
	# never cut it, and the waiting connection was never served.
	big_params
	( timeout 40 "$FCGI" -e -d 30000 "unix:$SOCK" "${P[@]}" \
	    </dev/null >/dev/null 2>&1 ) 3>&- &
	local hpid=$!
	sleep 0.3
	TMO=15 req -- PATH_INFO=/text
	kill "$hpid" 2>/dev/null || true
	[ "$status" -eq 0 ] || { echo "exit $status"; cat "$LOG"; return 1; }
	grep -q '^cgidump' "$OUT"
	grep -q 'read nothing for 2 s' "$LOG"
}

@test "FastCGI: at CGIDUMP_MAX_CHILDREN a kept connection is idle from when its answer is written, not from when its request ended" {
	start CGIDUMP_MAX_CHILDREN=1
	# an answer of about 250 KiB, more than the socket holds, read
	# 1.5 s after the request; the second request right after it.
	# Timed from the request's end, the connection was closed for the
	# waiting one the moment its END_REQUEST was written: the server
	# had not been idle at all, and its next request was lost.
	big_params
	( timeout "$TMO" "$FCGI" -k -n 2 -d 1500 "unix:$SOCK" "${P[@]}" \
	    </dev/null >"$BATS_TEST_TMPDIR/kept" 2>&1 ) 3>&- &
	local kpid=$!
	sleep 0.3
	req -- PATH_INFO=/text
	[ "$status" -eq 0 ]
	grep -q '^cgidump' "$OUT"
	kept_done "$kpid"
}

@test "FastCGI: at CGIDUMP_MAX_CHILDREN a kept connection with a record half come in is not closed for a waiting one" {
	require perl
	start CGIDUMP_MAX_CHILDREN=1
	# the second request's first 4 bytes 0.5 s after the first answer,
	# the rest a second later (a split segment): read, the 4 bytes
	# left nothing readable, and the connection was closed idle, its
	# request half in
	perl -MSocket -MTime::HiRes=sleep -e '
		socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
		connect($s, pack_sockaddr_un($ARGV[0])) or die "connect: $!";
		sub rec { pack("CCnnCC", 1, $_[0], 1, length($_[1]), 0, 0) . $_[1] }
		my $r = rec(1, pack("nCx5", 1, 1)) .
		    rec(4, "\016\003REQUEST_METHODGET\011\005PATH_INFO/text") .
		    rec(4, "") . rec(5, "");
		sub answer { my ($b, $h, $c) = ("");
			for (;;) { read($s, $h, 8) == 8 or return 0;
				my (undef, $t, undef, $l, $p) = unpack("CCnnC", $h);
				read($s, $c, $l + $p) == $l + $p or return 0;
				return 1 if $t == 3; } }
		$SIG{PIPE} = "IGNORE";
		syswrite($s, $r); answer() or die "first: no answer";
		sleep 0.5; syswrite($s, substr($r, 0, 4));
		sleep 1; syswrite($s, substr($r, 4)) or die "second: $!";
		answer() or die "second: no answer";
		print "both\n";
	' "$SOCK" >"$BATS_TEST_TMPDIR/kept" 2>&1 3>&- &
	local kpid=$!
	sleep 0.3
	req -- PATH_INFO=/text
	[ "$status" -eq 0 ]
	grep -q '^cgidump' "$OUT"
	local kst=0
	wait "$kpid" || kst=$?
	[ "$kst" -eq 0 ] || { echo "kept: exit $kst"; cat "$BATS_TEST_TMPDIR/kept"; return 1; }
	grep -q '^both$' "$BATS_TEST_TMPDIR/kept"
}

@test "FastCGI: at CGIDUMP_MAX_CHILDREN a new connection whose request is still on its way is not closed for a waiting one" {
	start CGIDUMP_MAX_CHILDREN=1
	params PATH_INFO=/text
	# connected at once, its request sent a second later (the client
	# reads its empty body first): the parent is full meanwhile
	( sleep 1 | timeout "$TMO" "$FCGI" "unix:$SOCK" "${P[@]}" \
	    >"$BATS_TEST_TMPDIR/first" 2>&1 ) 3>&- &
	local fpid=$!
	sleep 0.3
	req -- PATH_INFO=/text
	[ "$status" -eq 0 ]
	grep -q '^cgidump' "$OUT"
	wait "$fpid"
	grep -q '^cgidump' "$BATS_TEST_TMPDIR/first"
}

@test "FastCGI: a connection that sends nothing is closed after CGIDUMP_TIMEOUT, and holds only its own child" {
	require pgrep	# procps: pgrep, pkill and ps
	start CGIDUMP_TIMEOUT=1 CGIDUMP_MAX_CHILDREN=2
	( sleep 30 | timeout 40 "$FCGI" -r "unix:$SOCK" >/dev/null ) 3>&- &
	local spid=$!
	sleep 0.3
	req -- PATH_INFO=/text
	[ "$status" -eq 0 ]
	# the stalled connection is closed by cgidump: the client sees EOF
	for i in $(seq 60); do
		[ "$(pgrep -c -P "$DPID")" -eq 0 ] && break
		sleep 0.1
	done
	[ "$(pgrep -c -P "$DPID")" -eq 0 ]
	kill "$spid" 2>/dev/null || true
}

@test "FastCGI: a killed request, a client gone mid-upload and a crashed connection leave the daemon serving" {
	require pgrep	# procps: pgrep, pkill and ps
	start
	# the client goes away in the middle of a body
	head -c 100000 /dev/zero >"$BATS_TEST_TMPDIR/half"
	{ rec 1 1 '\000\001\000\000\000\000\000\000'
	  rec 4 1 '\016\004REQUEST_METHODPOST\016\006CONTENT_LENGTH999999'
	  rec 4 1 ''
	  rec 5 1 'abcdefgh'; } >"$BATS_TEST_TMPDIR/in"
	timeout 1 "$FCGI" -r "unix:$SOCK" <"$BATS_TEST_TMPDIR/in" >/dev/null || true
	# a connection's process killed with SIGKILL while it streams
	req -- PATH_INFO=/stream &
	local rpid=$!
	sleep 0.5
	pkill -KILL -P "$DPID" || true
	wait "$rpid" || true
	grep -q 'ended by signal 9' "$LOG"
	req -- PATH_INFO=/text
	[ "$status" -eq 0 ]
	grep -q '^cgidump' "$OUT"
	# every child reaped
	sleep 0.3
	! ps -o stat= --ppid "$DPID" | grep -q Z
}

@test "FastCGI: no descriptor leaks and no zombies after many requests" {
	require pgrep	# procps: pgrep, pkill and ps
	start
	req -- PATH_INFO=/text
	local before after
	before=$(ls /proc/"$DPID"/fd | wc -l)
	for i in $(seq 30); do
		req -- PATH_INFO=/json
		[ "$status" -eq 0 ]
	done
	sleep 0.3
	after=$(ls /proc/"$DPID"/fd | wc -l)
	[ "$before" = "$after" ] || { echo "fds $before -> $after"; false; }
	! ps -o stat= --ppid "$DPID" | grep -q Z
}

@test "FastCGI: a server that closes the connection before the answer's end (nginx after a HEAD answer's header) is not logged as a problem" {
	start
	params PATH_INFO=/stream
	# the client hangs up while /stream still writes (a line a 200 ms)
	timeout 0.5 "$FCGI" "unix:$SOCK" "${P[@]}" </dev/null >/dev/null \
	    2>&1 || true
	sleep 2.5
	! grep -q 'writing the connection' "$LOG" || { cat "$LOG"; false; }
	req -- PATH_INFO=/text
	[ "$status" -eq 0 ]
	grep -q '^cgidump' "$OUT"
}

@test "FastCGI: descriptors the daemon is started with past 2 are closed, so no request's process inherits them" {
	local i
	echo a-secret >"$BATS_TEST_TMPDIR/secret"
	env -i PATH=/usr/bin:/bin "$CGIDUMP" --fastcgi "unix:$SOCK" \
	    </dev/null 2>"$LOG" 3>&- 7<"$BATS_TEST_TMPDIR/secret" &
	DPID=$!
	for i in $(seq 100); do
		grep -q 'CGI on .*, up to' "$LOG" && break
		sleep 0.1
	done
	! ls -l /proc/"$DPID"/fd | grep -q secret ||
	    { ls -l /proc/"$DPID"/fd; false; }
	[ ! -e /proc/"$DPID"/fd/7 ]
	req -- PATH_INFO=/text
	[ "$status" -eq 0 ]
	grep -q '^cgidump' "$OUT"
}

@test "FastCGI: HTTP sent to the FastCGI socket gets a plain answer and a log line" {
	start
	printf 'GET / HTTP/1.0\r\n\r\n' >"$BATS_TEST_TMPDIR/in"
	run timeout "$TMO" "$FCGI" -r "unix:$SOCK" <"$BATS_TEST_TMPDIR/in"
	grep -q 'spoke HTTP to the FastCGI socket' "$LOG"
	# not a record, so the raw client prints nothing it can parse as one
	grep -q 'fastcgi_pass, not proxy_pass' "$LOG"
}

@test "FastCGI: parameters past 1 MiB get a complete error answer" {
	start
	local big i
	local -a many=()
	big=$(head -c 110000 /dev/zero | tr '\0' x)
	for i in $(seq 10); do many+=("BIG$i=$big"); done
	req -- "${many[@]}"
	[ "$(header Status)" = "500 Internal Server Error" ]
	grep -q 'parameters' "$OUT"
	grep -q 'bad parameters' "$LOG"
}

@test "FastCGI: a stale socket file is replaced; a live one or a regular file is not" {
	start
	local first=$DPID
	run timeout 5 env -i "$CGIDUMP" --fastcgi "unix:$SOCK"
	[ "$status" -eq 1 ]
	[[ "$output" == *"another process listens there"* ]]
	kill -KILL "$first"
	wait "$first" 2>/dev/null || true
	DPID=
	[ -S "$SOCK" ]
	start
	req -- PATH_INFO=/text
	[ "$status" -eq 0 ]
	: >"$BATS_TEST_TMPDIR/plain"
	run timeout 5 env -i "$CGIDUMP" --fastcgi "unix:$BATS_TEST_TMPDIR/plain"
	[ "$status" -eq 1 ]
	[[ "$output" == *"is not a socket"* ]]
}

@test "FastCGI: --socket-owner gives the socket to a user and group (as root); an unknown one is refused" {
	[ "$(id -u)" = 0 ] || skip "chown needs root"
	getent passwd nobody >/dev/null || skip "no user nobody"
	local group
	group=$(id -gn nobody)
	start -- --fastcgi "unix:$SOCK" --socket-owner "nobody:$group"
	[ "$(stat -c %U:%G "$SOCK")" = "nobody:$group" ]
	kill "$DPID"; wait "$DPID" || true; DPID=
	run timeout 5 env -i "$CGIDUMP" --fastcgi "unix:$SOCK" --socket-owner no-such-user-here
	[ "$status" -eq 1 ]
	[[ "$output" == *"no user no-such-user-here"* ]]
	[ ! -e "$SOCK" ]
}

@test "FastCGI: --socket-mode sets the socket's mode" {
	start -- --fastcgi "unix:$SOCK" --socket-mode 0600
	[ "$(stat -c %a "$SOCK")" = 600 ]
}

@test "FastCGI and SCGI: option mistakes are refused with exit 2" {
	run env -i "$CGIDUMP" --fastcgi 127.0.0.1:9 --socket-mode 0600
	[ "$status" -eq 2 ]
	[[ "$output" == *"apply only to"* ]]
	run env -i "$CGIDUMP" --fastcgi "unix:$SOCK" -f json
	[ "$status" -eq 2 ]
	run env -i "$CGIDUMP" --fastcgi "unix:$SOCK" --scgi 127.0.0.1:9
	[ "$status" -eq 2 ]
	run env -i "$CGIDUMP" --fastcgi
	[ "$status" -eq 2 ]
	run env -i CGIDUMP_MAX_CHILDREN=0 "$CGIDUMP" --fastcgi "unix:$SOCK"
	[ "$status" -eq 2 ]
	[[ "$output" == *CGIDUMP_MAX_CHILDREN* ]]
	run timeout 5 env -i "$CGIDUMP" --fastcgi nohost
	[ "$status" -eq 1 ]
	[[ "$output" == *"HOST:PORT"* ]]
	run env -i "$CGIDUMP" -h
	[[ "$output" == *"--fastcgi addr"* ]]
}

@test "FastCGI over TCP, IPv4 and IPv6 loopback" {
	require jq
	local port=$((20000 + RANDOM % 20000))
	start -- --fastcgi "127.0.0.1:$port"
	sleep 0.3
	run timeout "$TMO" "$FCGI" "127.0.0.1:$port" "${PARAMS[@]}" PATH_INFO=/json
	[ "$status" -eq 0 ]
	[[ "$output" == *'"listen":"127.0.0.1:'$port'"'* ]]
	kill "$DPID"; wait "$DPID" || true; DPID=
	if [ -e /proc/net/if_inet6 ] && ip -6 addr show lo 2>/dev/null | grep -q '::1'; then
		start -- --fastcgi "[::1]:$port"
		sleep 0.3
		run timeout "$TMO" "$FCGI" "[::1]:$port" "${PARAMS[@]}" PATH_INFO=/json
		[ "$status" -eq 0 ]
		[[ "$output" == *'"mode":"fastcgi"'* ]]
	fi
}

# sreq [-- NAME=VALUE ...]: one SCGI request, as req.
sreq() {
	[ "${1:-}" != -- ] || shift
	params "$@"
	RAW=$BATS_TEST_TMPDIR/raw
	status=0
	timeout "$TMO" "$FCGI" -s "unix:$SOCK" "${P[@]}" \
	    <"${STDIN:-/dev/null}" >"$RAW" 2>"$BATS_TEST_TMPDIR/stderr" || status=$?
	_split_response "$RAW"
	_no_sanitizer_report
}

@test "SCGI: the Python doc example, a POST body, and the mode" {
	require jq
	start -- --scgi "unix:$SOCK"
	sreq -- QUERY_STRING='name=Joe+Blow&addr=At+Home' PATH_INFO=/json
	json_ok "$OUT"
	[ "$(value name)" = "Joe Blow" ]
	[ "$(jqo .mode)" = scgi ]
	[ "$(jqo .transport.listen)" = "unix:$SOCK" ]
	[ "$(env_var SCGI)" = 1 ]
	body_file 'x=1&y=2'
	sreq -- REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded PATH_INFO=/json
	json_ok "$OUT"
	[ "$(value y)" = 2 ]
	[ "$(check_level stdin-socket)" = skip ]
}

@test "SCGI: a 5 MiB upload's SHA-256 matches, and an unread body does not lose the answer" {
	require jq
	start -- --scgi "unix:$SOCK"
	local f=$BATS_TEST_TMPDIR/up
	head -c 5242880 /dev/urandom >"$f"
	STDIN=$f
	sreq -- REQUEST_METHOD=POST CONTENT_TYPE=application/octet-stream PATH_INFO=/json
	json_ok "$OUT"
	[ "$(jqo .body.sha256)" = "$(sha256sum "$f" | cut -d' ' -f1)" ]
	# a GET with a body nobody reads: the answer still arrives whole
	sreq -- PATH_INFO=/json
	json_ok "$OUT"
}

@test "SCGI: /stderr's marker goes to the daemon's own stderr, as the page says" {
	start -- --scgi "unix:$SOCK"
	sreq -- PATH_INFO=/stderr
	[ "$status" -eq 0 ]
	marker=$(grep -o 'cgidump-stderr-[A-Za-z0-9-]*' "$OUT" | head -n 1)
	[ -n "$marker" ]
	grep -qF "SCGI has no channel for standard error: the line went to the standard error of the cgidump daemon itself" "$OUT"
	grep -qF "Search there for $marker." "$OUT"
	! grep -q 'mini_httpd' "$OUT"
	grep -q "$marker: cgidump wrote this" "$LOG"
}

@test "SCGI: a bad netstring gets a 400 answer saying why, and a log line" {
	start -- --scgi "unix:$SOCK"
	run timeout "$TMO" perl -MSocket -e '
		socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die;
		connect($s, pack_sockaddr_un($ARGV[0])) or die "connect: $!";
		syswrite($s, "12:SCGI\0001\000xxxx\000,");
		shutdown($s, 1);
		print while <$s>;
	' "$SOCK"
	[[ "$output" == *"Status: 400 Bad Request"* ]]
	[[ "$output" == *"not an SCGI request"* ]]
	grep -q 'SCGI' "$LOG"
}
