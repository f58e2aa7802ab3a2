#!/usr/bin/env bats
# Reading the body (src/body.c): what stdin is, CONTENT_LENGTH and how
# much is read, a body that stops coming, chunked requests without a
# length, and a body that is not a form.  Multipart bodies are in
# multipart.bats, CGIDUMP_MAX_BODY and the other limits in limits.bats.

load helpers

@test "the Request section says what stdin is: file, pipe, device, closed" {
	body_file 'a=1'
	cgi_json
	[ "$(jqo .request.stdin)" = file ]
	STDIN=/dev/null cgi_json
	[ "$(jqo .request.stdin)" = device ]
	run timeout 10 bash -c 'echo | env -i GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/json "$0" | sed "1,/^\r$/d"' "$CGIDUMP"
	[ "$(jq -r .request.stdin <<<"$output")" = pipe ]
	run timeout 10 bash -c 'env -i GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/json "$0" <&- | sed "1,/^\r$/d"' "$CGIDUMP"
	[ "$(jq -r .request.stdin <<<"$output")" = closed ]
	cgi PATH_INFO=/text
	grep -qx 'stdin:           file' "$OUT"
}

@test "CONTENT_LENGTH shorter than the body: only that much is read, and the rest is reported" {
	body_file 'a=1&b=2'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=3 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(nfields)" -eq 1 ]
	[ "$(value a)" = 1 ]
	[ "$(jqo .request.bytes_after_body)" -eq 4 ]
	[ "$(jqo '.errors[0].id')" = body-length ]
	[[ "$(jqo '.errors[0].message')" == *"4 more bytes"* ]]
}

@test "CONTENT_LENGTH shorter than a piped body: reported without reading past it" {
	run timeout 20 bash -c 'printf "a=1&b=2" | env -i GATEWAY_INTERFACE=CGI/1.1 \
	    REQUEST_METHOD=POST PATH_INFO=/json CONTENT_LENGTH=3 \
	    CONTENT_TYPE=application/x-www-form-urlencoded "$0" | sed "1,/^\r$/d"' "$CGIDUMP"
	[ "$status" -eq 0 ]
	[ "$(jq '.form | length' <<<"$output")" -eq 1 ]
	[ "$(jq -r '.errors[0].id' <<<"$output")" = body-length ]
}

@test "CONTENT_LENGTH longer than the body: what came is kept, the shortfall reported" {
	body_file 'a=1&b=2'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=100 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(nfields)" -eq 2 ]
	[ "$(jqo .request.body_end)" = short ]
	[ "$(jqo .request.body_bytes)" -eq 7 ]
	[[ "$(jqo '.errors[0].message')" == *"CONTENT_LENGTH is 100 but stdin ended after 7 bytes"* ]]
	cgi PATH_INFO=/text REQUEST_METHOD=POST CONTENT_LENGTH=100 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	grep -q '^\[body-length\] CONTENT_LENGTH is 100' "$OUT"
}

@test "CONTENT_LENGTH that is not plain digits: reported, the body not read" {
	body_file 'a=1'
	for cl in abc -3 +3 ' 3' '3 ' 3x 0x3 18446744073709551616 99999999999999999999999; do
		cgi_json REQUEST_METHOD=POST CONTENT_LENGTH="$cl" \
		    CONTENT_TYPE=application/x-www-form-urlencoded
		[ "$(jqo .request.content_length)" = null ]
		[ "$(jqo .request.content_length_raw)" = "$cl" ]
		[ "$(jqo .request.body_bytes)" -eq 0 ]
		[ "$(nfields)" -eq 0 ]
		[ "$(jqo '.errors[0].id')" = body-length ]
		[[ "$(jqo '.errors[0].message')" == *"not a plain decimal number"* ]]
	done
}

@test "the largest CONTENT_LENGTH (2^64-1) parses, and reading stops at the limit" {
	body_file 'a=1'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=18446744073709551615 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	# (jq reads numbers as doubles: look at the JSON text itself)
	grep -qF '"content_length":18446744073709551615,' "$OUT"
	[ "$(jqo .request.body_end)" = short ]
}

@test "a CONTENT_LENGTH past 2^53 stays exact for readers of doubles: content_length_digits" {
	body_file 'a=1'
	local cl
	for cl in 9007199254740993 18446744073709551615 0009007199254740993 7; do
		cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$cl \
		    CONTENT_TYPE=application/x-www-form-urlencoded
		# jq holds numbers as doubles: the string is exact, leading zeros gone
		[ "$(jqo .request.content_length_digits)" = "$(sed 's/^0*//' <<<"$cl")" ]
		[ "$(jqo .request.content_length_raw)" = "$cl" ]
	done
	[ "$(jqo .request.content_length)" -eq 7 ]
	# the number stays in the JSON text as it was, for 64-bit readers
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=9007199254740993
	grep -qF '"content_length":9007199254740993,' "$OUT"
	[ "$(jqo .request.content_length_digits)" = 9007199254740993 ]
	# no length, or not a number: null, as content_length is
	cgi_json
	[ "$(jqo .request.content_length_digits)" = null ]
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=12x
	[ "$(jqo .request.content_length_digits)" = null ]
	[ "$(jqo .request.content_length)" = null ]
}

@test "a body that stops coming: a bounded wait, then a complete page" {
	# the writer sends 3 of 10 bytes and holds the pipe open
	run timeout 20 bash -c 'exec 3< <(printf "a=1"; exec sleep 10 2>/dev/null)
	    env -i GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST PATH_INFO=/json \
	    CONTENT_LENGTH=10 CGIDUMP_TIMEOUT=1 CONTENT_TYPE=application/x-www-form-urlencoded \
	    timeout 5 "$0" <&3 | sed "1,/^\r$/d"' "$CGIDUMP"
	[ "$status" -eq 0 ]
	[ "$(jq -r .request.body_end <<<"$output")" = timeout ]
	[ "$(jq -r '.form[0].value' <<<"$output")" = 1 ]
	[[ "$(jq -r '.errors[0].message' <<<"$output")" == *"no bytes came on stdin for 1 seconds"* ]]
}

@test "a body that trickles past CGIDUMP_DEADLINE is cut there, however steadily it comes" {
	# one byte a second never trips CGIDUMP_TIMEOUT=5; the deadline, 2 s, ends it
	run timeout 20 bash -c 'exec 3< <(for i in 1 2 3 4 5 6 7 8 9 10; do printf x; sleep 1; done 2>/dev/null)
	    env -i GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST PATH_INFO=/json \
	    CONTENT_LENGTH=10 CGIDUMP_TIMEOUT=5 CGIDUMP_DEADLINE=2 \
	    CONTENT_TYPE=application/x-www-form-urlencoded timeout 15 "$0" <&3 | sed "1,/^\r$/d"' "$CGIDUMP"
	[ "$status" -eq 0 ]
	[ "$(jq -r .request.body_end <<<"$output")" = deadline ]
	[ "$(jq -r .request.body_bytes <<<"$output")" -lt 10 ]
	[ "$(jq -r '.checks[] | select(.id == "body-length") | .level' <<<"$output")" = fail ]
	# cgidump's own limit: cause "limit", and the message says which
	[ "$(jq -r '.errors[0].cause' <<<"$output")" = limit ]
	[[ "$(jq -r '.errors[0].message' <<<"$output")" == *"CGIDUMP_DEADLINE (2 seconds) passed: "[0-9]*" of the 10 bytes of CONTENT_LENGTH had arrived"* ]]
	[[ "$(jq -r '.checks[] | select(.id == "body-length") | .message' <<<"$output")" == *"raise CGIDUMP_DEADLINE"* ]]
	# what came is still parsed and shown
	[[ "$(jq -r '.form[0].name' <<<"$output")" == x* ]]
}

@test "raw chunked framing that trickles past CGIDUMP_DEADLINE is cut there too" {
	run timeout 20 bash -c 'exec 3< <(for i in 1 2 3 4 5 6 7 8 9 10; do printf "1\r\nx\r\n"; sleep 1; done 2>/dev/null)
	    env -i GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST PATH_INFO=/json \
	    HTTP_TRANSFER_ENCODING=chunked CGIDUMP_TIMEOUT=5 CGIDUMP_DEADLINE=2 \
	    CONTENT_TYPE=application/x-www-form-urlencoded timeout 15 "$0" <&3 | sed "1,/^\r$/d"' "$CGIDUMP"
	[ "$status" -eq 0 ]
	[ "$(jq -r .request.chunk_framing <<<"$output")" = true ]
	[ "$(jq -r .request.body_end <<<"$output")" = deadline ]
	[ "$(jq -r '.checks[] | select(.id == "body-length") | .level' <<<"$output")" = fail ]
	[ "$(jq -r '.errors[0].cause' <<<"$output")" = limit ]
	[[ "$(jq -r '.errors[0].message' <<<"$output")" == *"CGIDUMP_DEADLINE (2 seconds) passed"*"of a chunked body without a length"* ]]
}

@test "a multipart body cut by CGIDUMP_DEADLINE: the part is incomplete, by our limit" {
	run timeout 20 bash -c 'exec 3< <(printf -- "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx";
	    for i in 1 2 3 4 5 6 7 8 9 10; do sleep 1; printf y; done 2>/dev/null)
	    env -i GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST PATH_INFO=/json \
	    CONTENT_LENGTH=1000 CGIDUMP_TIMEOUT=5 CGIDUMP_DEADLINE=2 \
	    CONTENT_TYPE="multipart/form-data; boundary=B" timeout 15 "$0" <&3 | sed "1,/^\r$/d"' "$CGIDUMP"
	[ "$status" -eq 0 ]
	[ "$(jq -r .request.body_end <<<"$output")" = deadline ]
	[[ "$(jq -r '.form[0].value' <<<"$output")" == xy* ]]
	[ "$(jq -r '.form[0].incomplete' <<<"$output")" = true ]
	[ "$(jq -r '[.errors[] | select(.id == "form-parse") | .cause] | unique | join(" ")' <<<"$output")" = limit ]
	[ "$(jq -r '.checks[] | select(.id == "body-length") | .level' <<<"$output")" = fail ]
}

@test "the wait for the end of a body without a length is bounded by CGIDUMP_DEADLINE too" {
	# exactly CGIDUMP_MAX_BODY bytes, then the pipe stays open: is that all?
	run timeout 20 bash -c 'exec 3< <(printf "a=1&b=2"; exec sleep 15 2>/dev/null)
	    env -i GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST PATH_INFO=/json \
	    HTTP_TRANSFER_ENCODING=chunked CGIDUMP_MAX_BODY=7 CGIDUMP_TIMEOUT=12 CGIDUMP_DEADLINE=1 \
	    CONTENT_TYPE=application/x-www-form-urlencoded timeout 8 "$0" <&3 | sed "1,/^\r$/d"' "$CGIDUMP"
	[ "$status" -eq 0 ]
	[ "$(jq -r .request.body_end <<<"$output")" = limit ]
	[ "$(jq -r '.form | length' <<<"$output")" -eq 2 ]
}

@test "GET with stdin never closing (a client socket) does not wait for it" {
	# mini_httpd and python http.server hand the socket: no EOF.
	run timeout 20 bash -c 'exec 3< <(exec sleep 10 2>/dev/null)
	    env -i GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET QUERY_STRING=a=1 \
	    timeout 3 "$0" <&3 >/dev/null; echo "rc=$?"' "$CGIDUMP"
	[ "$output" = rc=0 ]
}

@test "raw chunk framing on a stdin that never ends: decoded, no wait for EOF" {
	# python http.server and mini_httpd: the client socket, raw chunks
	run timeout 20 bash -c 'exec 3< <(printf "3\r\na=1\r\n4\r\n&b=2\r\n0\r\n\r\n"; exec sleep 10 2>/dev/null)
	    env -i GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/json REQUEST_METHOD=POST \
	    HTTP_TRANSFER_ENCODING=chunked CONTENT_TYPE=application/x-www-form-urlencoded \
	    CGIDUMP_TIMEOUT=8 timeout 5 "$0" <&3 | sed "1,/^\r$/d"' "$CGIDUMP"
	[ "$status" -eq 0 ]
	[ "$(jq -r '.form[0].value + .form[1].value' <<<"$output")" = 12 ]
	[ "$(jq -r .request.chunk_framing <<<"$output")" = true ]
	[ "$(jq -r .request.body_end <<<"$output")" = complete ]
	[[ "$(jq -r '.errors[0].message' <<<"$output")" == *"decoding the raw chunked framing"* ]]
}

@test "a chunked request passed decoded without a length (Apache): read to EOF" {
	body_file 'name=Joe+Blow'
	cgi_json REQUEST_METHOD=POST HTTP_TRANSFER_ENCODING=chunked \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(jqo '.form[0].value')" = "Joe Blow" ]
	[ "$(jqo .request.read_to_eof)" = true ]
	[ "$(jqo .request.chunk_framing)" = false ]
	[[ "$(jqo '.errors[0].message')" == *"read to the end of file"* ]]
}

@test "a chunked request that never ends: a bounded wait, then a report" {
	run timeout 20 bash -c 'exec 3< <(printf "name=x"; exec sleep 10 2>/dev/null)
	    env -i GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/json REQUEST_METHOD=POST \
	    HTTP_TRANSFER_ENCODING=chunked CONTENT_TYPE=application/x-www-form-urlencoded \
	    CGIDUMP_TIMEOUT=1 timeout 5 "$0" <&3 | sed "1,/^\r$/d"' "$CGIDUMP"
	[ "$status" -eq 0 ]
	[ "$(jq -r .request.body_end <<<"$output")" = timeout ]
	[ "$(jq -r '.form[0].value' <<<"$output")" = x ]
	[[ "$(jq -r '.errors[1].message' <<<"$output")" == *"without a length"* ]]
}

@test "Transfer-Encoding: only a final chunked coding counts, not the word inside another" {
	body_file 'name=x'
	local te
	for te in chunked Chunked 'gzip, chunked' 'gzip,chunked' 'chunked '; do
		cgi_json REQUEST_METHOD=POST "HTTP_TRANSFER_ENCODING=$te" \
		    CONTENT_TYPE=application/x-www-form-urlencoded
		[ "$(jqo .request.read_to_eof)" = true ] || { echo "not chunked: '$te'"; return 1; }
	done
	for te in notchunked chunkedx 'chunked, gzip' x-chunked identity; do
		cgi_json REQUEST_METHOD=POST "HTTP_TRANSFER_ENCODING=$te" \
		    CONTENT_TYPE=application/x-www-form-urlencoded
		[ "$(jqo .request.read_to_eof)" = false ] || { echo "chunked: '$te'"; return 1; }
	done
}

@test "raw chunk sizes may have leading zeros, but not more than 64 bits" {
	body_file $'00000000000000000000003\r\na=b\r\n0000\r\n\r\n'
	cgi_json REQUEST_METHOD=POST HTTP_TRANSFER_ENCODING=chunked \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(jqo .request.chunk_framing)" = true ]
	[ "$(jqo .request.body_end)" = complete ]
	[ "$(jqo '.form[0].name + "=" + .form[0].value')" = a=b ]
	body_file $'10000000000000000\r\na=b\r\n0\r\n\r\n'
	cgi_json REQUEST_METHOD=POST HTTP_TRANSFER_ENCODING=chunked \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(jqo .request.body_end)" = error ]
	[[ "$(jqo '[.errors[].message] | join(" ")')" == *"chunked framing"*"malformed"* ]]
}

@test "a body that is not a form: size, SHA-256 and a preview" {
	printf '{"k": "v\\u0000", "n": 1}\n' >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin
	local size sum
	size=$(wc -c <"$STDIN")
	sum=$(sha256sum "$STDIN" | cut -d' ' -f1)
	cgi_json REQUEST_METHOD=POST CONTENT_TYPE=application/json \
	    CONTENT_LENGTH="$size"
	[ "$(jqo .body.size)" -eq "$size" ]
	[ "$(jqo .body.sha256)" = "$sum" ]
	[[ "$(jqo .body.preview)" == '{"k": "v\u0000"'* ]]
	[ "$(nfields)" -eq 0 ]
}
