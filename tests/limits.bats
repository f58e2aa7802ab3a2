#!/usr/bin/env bats
# The program's own limits (DESIGN.md "Limits and bad input"): each is
# shown with its default in every format, a malformed one is reported
# and the default kept, and CGIDUMP_MAX_FIELDS, CGIDUMP_MAX_FORM and
# CGIDUMP_MAX_BODY let exactly N through, cut at N+1 and say so, while
# far below the defaults nothing is cut.  The limits a parser applies
# where it parses are with it: CGIDUMP_MAX_HEADER in multipart.bats,
# CGIDUMP_TIMEOUT and the body's CGIDUMP_DEADLINE in body.bats; their
# verdicts are in checks.bats.

load helpers

@test "every limit is shown in every format, with its default" {
	cgi_json
	jq -e '.limits == {"max_body":2147483648,"max_fields":20000,"max_form":8388608,
	    "max_header":16384,"max_depth":4,"timeout":10,"deadline":60,
	    "max_replay":4194304}' "$OUT"
	cgi PATH_INFO=/text
	for v in CGIDUMP_MAX_BODY CGIDUMP_MAX_FIELDS CGIDUMP_MAX_FORM CGIDUMP_MAX_HEADER \
	    CGIDUMP_MAX_DEPTH CGIDUMP_TIMEOUT CGIDUMP_DEADLINE CGIDUMP_MAX_REPLAY; do
		grep -q "^$v " "$OUT"
	done
	grep -qE '^CGIDUMP_MAX_DEPTH +4 levels$' "$OUT"
	grep -qE '^CGIDUMP_DEADLINE +60 seconds$' "$OUT"
	cgi PATH_INFO=/html CGIDUMP_MAX_HEADER=99
	grep -qF '<dt><code>CGIDUMP_MAX_HEADER</code></dt><dd>99 bytes</dd>' "$OUT"
	grep -qF '<dt><code>CGIDUMP_DEADLINE</code></dt><dd>60 seconds</dd>' "$OUT"
}

@test "CGIDUMP_DEADLINE: set, 0 (none) and malformed, like the other limits" {
	cgi_json CGIDUMP_DEADLINE=7
	[ "$(jqo .limits.deadline)" -eq 7 ]
	[ "$(jqo '.errors | length')" -eq 0 ]
	cgi_json CGIDUMP_DEADLINE=0
	[ "$(jqo .limits.deadline)" = null ]
	cgi PATH_INFO=/text CGIDUMP_DEADLINE=0
	grep -qE '^CGIDUMP_DEADLINE +unlimited$' "$OUT"
	cgi_json CGIDUMP_DEADLINE=1m
	[ "$(jqo .limits.deadline)" -eq 60 ]
	[[ "$(jqo '.errors[0].message')" == *'CGIDUMP_DEADLINE="1m" is not a number'* ]]
}

@test "a malformed limit is reported and the default kept" {
	cgi_json CGIDUMP_MAX_FIELDS=lots QUERY_STRING='a=1'
	[ "$(jqo .limits.max_fields)" -eq 20000 ]
	[ "$(jqo '.errors[0].id')" = config ]
	[[ "$(jqo '.errors[0].message')" == *'CGIDUMP_MAX_FIELDS="lots" is not a number'* ]]
}

# A urlencoded POST in $STDIN whose page is megabytes: far more than
# a pipe and stdio's buffer hold, so that writing it waits for a reader.
big_answer() {
	STDIN=$BATS_TEST_TMPDIR/stdin
	seq 20000 | sed 's/.*/f&=vvvvvvvvvvvvvvvvvvvv/' | paste -sd '&' | tr -d '\n' >"$STDIN"
	BIG_ENV=(REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded
	    CONTENT_LENGTH="$(wc -c <"$STDIN")")
}

@test "CGIDUMP_DEADLINE: a reader that stops taking the answer ends it, with one line on stderr" {
	big_answer
	local fifo=$BATS_TEST_TMPDIR/out rc=0
	mkfifo "$fifo"
	exec 4<>"$fifo"		# a reader that never reads
	_base_env
	timeout 20 env -i "${BASE[@]}" "${BIG_ENV[@]}" PATH_INFO=/html CGIDUMP_DEADLINE=2 \
	    "$CGIDUMP" <"$STDIN" >"$fifo" 2>"$BATS_TEST_TMPDIR/stderr" || rc=$?
	exec 4>&-
	_no_sanitizer_report
	echo "exit $rc"
	# It ended by itself (124: the hang guard had to end it).
	[ "$rc" -ne 0 ]
	[ "$rc" -ne 124 ]
	[ "$(cat "$BATS_TEST_TMPDIR/stderr")" = "cgidump: output stuck: the answer was not taken within 2 s (CGIDUMP_DEADLINE); gave up" ]
}

@test "CGIDUMP_DEADLINE: a stuck reader that holds stderr too still ends the process" {
	# a server may hand stdout and stderr out as one connection
	big_answer
	local fifo=$BATS_TEST_TMPDIR/out rc=0
	mkfifo "$fifo"
	exec 4<>"$fifo"
	_base_env
	timeout 20 env -i "${BASE[@]}" "${BIG_ENV[@]}" PATH_INFO=/html CGIDUMP_DEADLINE=1 \
	    "$CGIDUMP" <"$STDIN" >"$fifo" 2>&1 || rc=$?
	exec 4>&-
	echo "exit $rc"
	# 1, its own: not 124, the hang guard's.
	[ "$rc" -eq 1 ]
}

@test "a reader that goes at once: one line on stderr, a nonzero exit, no crash" {
	big_answer
	_base_env
	local reader
	for reader in 'head -c 10' true; do
		run timeout 20 bash -c 'env -i "${@:3}" "$0" <"$1" 2>"$2" | '"$reader"' >/dev/null
		    echo "${PIPESTATUS[0]}"' "$CGIDUMP" "$STDIN" "$BATS_TEST_TMPDIR/stderr" \
		    "${BASE[@]}" "${BIG_ENV[@]}" PATH_INFO=/html
		_no_sanitizer_report
		echo "$reader: exit $output"
		# not 0, not a timeout, not killed by a signal (128 + n)
		[ "$status" -eq 0 ]
		[ "$output" -ge 1 ]
		[ "$output" -lt 124 ]
		[ "$(cat "$BATS_TEST_TMPDIR/stderr")" = "cgidump: output closed: Broken pipe" ]
	done
}

@test "10,000 query fields are all shown" {
	local q i
	q=$(seq 0 9999 | sed 's/.*/f&=v&/' | paste -sd '&')
	cgi_json QUERY_STRING="$q"
	[ "$(nfields)" -eq 10000 ]
	[ "$(jqo '.form[9999].value')" = v9999 ]
	[ "$(jqo '.errors | length')" -eq 0 ]
	cgi PATH_INFO=/html QUERY_STRING="$q"
	[ "$status" -eq 0 ]
	[ "$(grep -c '<span class="tag">query</span>' "$OUT")" -eq 10000 ]
	tail -n 1 "$OUT" | grep -qx '</html>'
}

@test "CGIDUMP_MAX_FIELDS: N fields pass, field N+1 is cut and reported" {
	cgi_json CGIDUMP_MAX_FIELDS=3 QUERY_STRING='a=1&b=2&c=3'
	[ "$(nfields)" -eq 3 ]
	[ "$(jqo '.errors | length')" -eq 0 ]
	[ "$(jqo .limits.max_fields)" -eq 3 ]
	cgi_json CGIDUMP_MAX_FIELDS=3 QUERY_STRING='a=1&b=2&c=3&d=4'
	[ "$(nfields)" -eq 3 ]
	[ "$(jqo '.errors[0].id')" = form-parse ]
	[[ "$(jqo '.errors[0].message')" == *"CGIDUMP_MAX_FIELDS (3)"* ]]
}

@test "CGIDUMP_MAX_FIELDS=0 means no limit, and is shown as such" {
	cgi_json CGIDUMP_MAX_FIELDS=0 QUERY_STRING='a=1'
	[ "$(jqo .limits.max_fields)" = null ]
	cgi PATH_INFO=/text CGIDUMP_MAX_FIELDS=0
	grep -qE '^CGIDUMP_MAX_FIELDS +unlimited$' "$OUT"
}

# field_cost: what a field costs of CGIDUMP_MAX_FORM besides its name
# and value, as the program counts it: of 100,000 bytes, empty fields
# take floor(100000 / cost) (which gives the cost back while it is
# between 10 and 300: fewer than the 10,000 fields offered, and enough
# of them that the rounding goes away).
field_cost() {
	cgi_json CGIDUMP_MAX_FORM=100000 QUERY_STRING="$(printf '=&%.0s' $(seq 10000))"
	[ "$(jqo '.errors[0].id')" = form-parse ] || return 1
	echo $((100000 / $(nfields)))
}

@test "CGIDUMP_MAX_FORM counts what a field really takes in memory" {
	local c n
	c=$(field_cost)
	# a field's record (24 bytes on a 64-bit libc, 20 on a 32-bit one):
	# its name and value are in the form's arena, with no malloc each
	echo "cost $c"
	[ "$c" -ge 16 ]
	[ "$c" -le 48 ]
	# 1,000,000 fields "a=b" in 8 MiB: cut at the count that cost gives
	STDIN=$BATS_TEST_TMPDIR/stdin
	yes a=b | head -n 1000000 | paste -sd '&' | tr -d '\n' >"$STDIN"
	cgi_json CGIDUMP_MAX_FIELDS=0 CGIDUMP_MAX_FORM=8388608 REQUEST_METHOD=POST \
	    CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH="$(wc -c <"$STDIN")"
	n=$(nfields)
	echo "$n fields"
	# (one more when the last to start had no room left for its bytes)
	[ "$n" -ge $((8388608 / (c + 2))) ]
	[ "$n" -le $((8388608 / (c + 2) + 1)) ]
	[ "$(jqo '.errors[0].id')" = form-parse ]
	[[ "$(jqo '.errors[0].message')" == *"CGIDUMP_MAX_FORM (8388608)"* ]]
}

@test "CGIDUMP_MAX_FORM=8M keeps the peak memory near 8 MiB, however many fields" {
	require /usr/bin/time
	STDIN=$BATS_TEST_TMPDIR/stdin
	yes a=b | head -n 1000000 | paste -sd '&' | tr -d '\n' >"$STDIN"
	run /usr/bin/time -f '%M' -o "$BATS_TEST_TMPDIR/rss" env -i GATEWAY_INTERFACE=CGI/1.1 \
	    PATH_INFO=/json REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded \
	    CGIDUMP_MAX_FIELDS=0 CGIDUMP_MAX_FORM=8388608 \
	    CONTENT_LENGTH="$(wc -c <"$STDIN")" "$CGIDUMP" <"$STDIN"
	[ "$status" -eq 0 ]
	echo "peak $(cat "$BATS_TEST_TMPDIR/rss") KiB"
	# within twice the limit (sanitizer builds take more)
	[ "$(cat "$BATS_TEST_TMPDIR/rss")" -lt 16384 ] || [ -n "${CGIDUMP_SANITIZED:-}" ]
}

@test "CGIDUMP_MAX_FORM: N bytes pass, byte N+1 is cut" {
	local c
	c=$(field_cost)
	# each field costs c bytes, plus its name and value:
	# a=23 is c + 3 bytes, b=4 is c + 2 bytes
	cgi_json CGIDUMP_MAX_FORM=$((2 * c + 5)) QUERY_STRING='a=23&b=4'
	[ "$(jqo '.errors | length')" -eq 0 ]
	[ "$(value b)" = 4 ]
	cgi_json CGIDUMP_MAX_FORM=$((2 * c + 4)) QUERY_STRING='a=23&b=4'
	[ "$(jqo '.errors[0].id')" = form-parse ]
	[ "$(jqo '.form[1].truncated')" = true ]
	[ "$(jqo '.form[1].name')" = b ]
	[ "$(jqo '.form[1].value')" = "" ]
}

@test "memory stays bounded by CGIDUMP_MAX_FORM even with no field limit" {
	# 2 MB of empty fields: each costs what a field takes (field_cost,
	# above) of a 64 KiB limit
	local c
	c=$(field_cost)
	head -c 2000000 /dev/zero | tr '\0' '&' | sed 's/&&/=\&/g' >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin
	cgi_json CGIDUMP_MAX_FIELDS=0 CGIDUMP_MAX_FORM=65536 REQUEST_METHOD=POST \
	    CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=2000000
	[ "$(nfields)" -ge $((65536 / c - 1)) ]
	[ "$(nfields)" -le $((65536 / c)) ]
	[ "$(jqo '.errors[0].id')" = form-parse ]
	[[ "$(jqo '.errors[0].message')" == *CGIDUMP_MAX_FORM* ]]
}

@test "CGIDUMP_MAX_BODY: the body is read up to the limit and the cut reported" {
	body_file 'a=1&b=2'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=7 CGIDUMP_MAX_BODY=7 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(jqo '.errors | length')" -eq 0 ]
	[ "$(nfields)" -eq 2 ]
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=7 CGIDUMP_MAX_BODY=6 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(jqo .request.body_end)" = limit ]
	[ "$(jqo .request.body_bytes)" -eq 6 ]
	[ "$(jqo '.errors[0].id')" = body-length ]
	[ "$(value b)" = "" ]
}

@test "CGIDUMP_MAX_BODY bounds a body without a length too" {
	body_file 'a=1&b=2&c=3'
	cgi_json REQUEST_METHOD=POST HTTP_TRANSFER_ENCODING=chunked CGIDUMP_MAX_BODY=7 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(jqo .request.body_end)" = limit ]
	[ "$(jqo .request.body_bytes)" -eq 7 ]
	[ "$(jqo '.form | length')" -eq 2 ]
}

@test "a body without a length exactly CGIDUMP_MAX_BODY long is complete, not cut" {
	body_file 'a=1&b=2'
	cgi_json REQUEST_METHOD=POST HTTP_TRANSFER_ENCODING=chunked CGIDUMP_MAX_BODY=7 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(jqo .request.body_end)" = complete ]
	[ "$(jqo '.form | length')" -eq 2 ]
	body_file 'a=1&b=22'
	cgi_json REQUEST_METHOD=POST HTTP_TRANSFER_ENCODING=chunked CGIDUMP_MAX_BODY=7 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(jqo .request.body_end)" = limit ]
}

@test "size limits take K, M and G suffixes (powers of 1024); other limits and bad sizes are reported" {
	cgi_json CGIDUMP_MAX_FORM=24M CGIDUMP_MAX_HEADER=16k CGIDUMP_MAX_BODY=1G
	[ "$(jq -r .limits.max_form "$OUT")" = 25165824 ]
	[ "$(jq -r .limits.max_header "$OUT")" = 16384 ]
	[ "$(jq -r .limits.max_body "$OUT")" = 1073741824 ]
	[ "$(jq '.errors | length' "$OUT")" = 0 ]
	cgi_json CGIDUMP_MAX_FORM=17179869184G CGIDUMP_TIMEOUT=3K
	[ "$(jq -r .limits.max_form "$OUT")" = 8388608 ]
	[ "$(jq -r .limits.timeout "$OUT")" = 10 ]
	jq -e '[.errors[].message] | any(startswith("CGIDUMP_MAX_FORM=\"17179869184G\" is not a number of bytes"))' "$OUT"
	jq -e '[.errors[].message] | any(startswith("CGIDUMP_TIMEOUT=\"3K\" is not a number;"))' "$OUT"
}
