#!/usr/bin/env bats
# /stream and /stderr: the endpoints that test the server itself (the
# "common problems" of Python's cgi documentation).

load helpers

@test "/stream: ten lines, 200 ms apart, each flushed as it is written" {
	local t0 first last n=0 line
	t0=$(date +%s%N)
	while IFS= read -r line; do
		case $line in
		"line 1 of 10"*) first=$(( ($(date +%s%N) - t0) / 1000000 )) ;;
		"line 10 of 10"*) last=$(( ($(date +%s%N) - t0) / 1000000 )) ;;
		esac
		n=$((n + 1))
	done < <(timeout "$TMO" env -i "${BASE_ENV[@]}" PATH_INFO=/stream "$CGIDUMP")
	# Flushed one by one: the first line is here long before the last.
	# (Wide margins: this is about buffering, not about speed.)
	[ -n "$first" ]
	[ -n "$last" ]
	[ "$first" -lt 1200 ]
	[ "$last" -ge 1800 ]
	[ $((last - first)) -ge 1000 ]
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
	local t0 ms
	t0=$(date +%s%N)
	cgi PATH_INFO=/stream REQUEST_METHOD=HEAD
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ "$(header Status)" = "200 OK" ]
	[ ! -s "$OUT" ]
	[ "$ms" -lt 1500 ]
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
