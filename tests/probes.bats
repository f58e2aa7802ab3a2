#!/usr/bin/env bats
# /stream and /stderr: the endpoints that test the server itself (the
# "common problems" of Python's cgi documentation).

load helpers

# A /stream run writing into a FIFO, read on fd 8; $STREAM_PID is its
# timeout(1), alive as long as cgidump is.  Waits for line 1.
start_stream() {
	local line
	mkfifo "$BATS_TEST_TMPDIR/stream"
	timeout "$TMO" env -i "${BASE_ENV[@]}" PATH_INFO=/stream "$CGIDUMP" \
	    >"$BATS_TEST_TMPDIR/stream" &
	STREAM_PID=$!
	exec 8<"$BATS_TEST_TMPDIR/stream"
	while IFS= read -r line <&8; do
		case $line in "line 1 of 10"*) return 0 ;; esac
	done
	return 1
}

@test "/stream: ten lines, each flushed as it is written" {
	# Order, not milliseconds: line 1 arrives while cgidump still has
	# nine pauses ahead, so it was flushed, not buffered to the end.
	start_stream
	kill -0 "$STREAM_PID"
	cat <&8 >"$BATS_TEST_TMPDIR/rest"
	wait "$STREAM_PID"
	[ "$(grep -c '^line [0-9]* of 10' "$BATS_TEST_TMPDIR/rest")" -eq 9 ]
	[ "$(tail -n 1 "$BATS_TEST_TMPDIR/rest")" = done ]
}

@test "/stream: the response says what to look for, as text/plain" {
	cgi PATH_INFO=/stream
	[ "$(header Status)" = "200 OK" ]
	[ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
	grep -q 'curl -N' "$OUT"
	grep -q 'buffers' "$OUT"
	[ "$(grep -c '^line [0-9]* of 10, written at +[0-9.]* s$' "$OUT")" -eq 10 ]
	[ "$(tail -n 1 "$OUT")" = done ]
}

@test "/stream: its own two seconds do not count against CGIDUMP_DEADLINE" {
	cgi PATH_INFO=/stream CGIDUMP_DEADLINE=1
	[ "$status" -eq 0 ]
	[ "$(grep -c '^line [0-9]* of 10, written at' "$OUT")" -eq 10 ]
	[ "$(tail -n 1 "$OUT")" = done ]
	[ ! -s "$BATS_TEST_TMPDIR/stderr" ]
}

@test "/stream: HEAD answers at once with headers only" {
	# At once: a HEAD started after a GET's first line is answered
	# while that GET still pauses (order, not milliseconds).
	start_stream
	cgi PATH_INFO=/stream REQUEST_METHOD=HEAD
	kill -0 "$STREAM_PID"
	[ "$(header Status)" = "200 OK" ]
	[ ! -s "$OUT" ]
	cat <&8 >/dev/null
	wait "$STREAM_PID"
}

@test "/stream: an nph- program streams with its own status line" {
	local d
	d=$(mktemp -d)
	cp "$CGIDUMP" "$d/nph-cgidump"
	CGIDUMP=$d/nph-cgidump cgi PATH_INFO=/stream
	head -n 1 "$RAW" | grep -q $'^HTTP/1.1 200 OK\r$'
	[ "$(grep -c '^line ' "$OUT")" -eq 10 ]
	rm -rf "$d"
}

@test "/stderr: one unique marker on stderr, the same one in the page" {
	local m1 m2
	cgi PATH_INFO=/stderr
	[ "$(header Status)" = "200 OK" ]
	[ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
	[ "$(grep -c . "$BATS_TEST_TMPDIR/stderr")" -eq 1 ]
	m1=$(grep -o 'cgidump-stderr-[0-9]*-[0-9]*-[0-9a-f]\{16\}' "$BATS_TEST_TMPDIR/stderr")
	[ -n "$m1" ]
	grep -qF "$m1" "$OUT"
	grep -q 'error log\|ErrorLog' "$OUT"
	cgi PATH_INFO=/stderr
	m2=$(grep -o 'cgidump-stderr-[0-9]*-[0-9]*-[0-9a-f]\{16\}' "$BATS_TEST_TMPDIR/stderr")
	[ "$m1" != "$m2" ]
}

@test "/stderr: a stderr whose reader is gone does not cut the answer" {
	# a closed stdout ends cgidump (limits.bats); a closed error log must not
	run timeout 20 bash -c 'exec 3> >(exec true); sleep 1
	    env -i GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/stderr "$0" 2>&3; echo "exit $?"' "$CGIDUMP"
	[ "${lines[-1]}" = "exit 0" ]
	[[ "$output" == *"Search the server's logs for cgidump-stderr-"* ]]
}

@test "/stderr: HEAD writes nothing anywhere; other endpoints write nothing to stderr" {
	cgi PATH_INFO=/stderr REQUEST_METHOD=HEAD
	[ ! -s "$OUT" ]
	[ ! -s "$BATS_TEST_TMPDIR/stderr" ]
	local p
	for p in /html /json /text /check; do
		cgi PATH_INFO=$p
		[ ! -s "$BATS_TEST_TMPDIR/stderr" ]
	done
}
