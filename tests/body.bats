#!/usr/bin/env bats
# Reading the body: what stdin is, chunked requests without a length,
# and the limits, shown in every format.

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

@test "CGIDUMP_MAX_BODY bounds a body without a length too" {
	body_file 'a=1&b=2&c=3'
	cgi_json REQUEST_METHOD=POST HTTP_TRANSFER_ENCODING=chunked CGIDUMP_MAX_BODY=7 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(jqo .request.body_end)" = limit ]
	[ "$(jqo .request.body_bytes)" -eq 7 ]
	[ "$(jqo '.form | length')" -eq 2 ]
}

@test "every limit is shown in every format, with its default" {
	cgi_json
	jq -e '.limits == {"max_body":2147483648,"max_fields":20000,"max_form":8388608,
	    "max_header":16384,"max_depth":4,"timeout":10}' "$OUT"
	cgi PATH_INFO=/text
	for v in CGIDUMP_MAX_BODY CGIDUMP_MAX_FIELDS CGIDUMP_MAX_FORM CGIDUMP_MAX_HEADER \
	    CGIDUMP_MAX_DEPTH CGIDUMP_TIMEOUT; do
		grep -q "^$v " "$OUT"
	done
	grep -qE '^CGIDUMP_MAX_DEPTH +4 levels$' "$OUT"
	cgi PATH_INFO=/html CGIDUMP_MAX_HEADER=99
	grep -qF '<dt><code>CGIDUMP_MAX_HEADER</code></dt><dd>99 bytes</dd>' "$OUT"
}

@test "a faked upload from a shell: local mode reads the multipart body" {
	printf -- '--b\r\nContent-Disposition: form-data; name="f"; filename="x.txt"\r\n\r\nhello\r\n--b--\r\n' \
	    >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin
	local_json REQUEST_METHOD=POST CONTENT_TYPE='multipart/form-data; boundary=b' \
	    CONTENT_LENGTH="$(wc -c <"$STDIN")"
	[ "$(jqo '.form[0].filename')" = x.txt ]
	[ "$(jqo '.form[0].size')" -eq 5 ]
	[ "$(jqo '.form[0].sha256')" = "$(printf hello | sha256sum | cut -d' ' -f1)" ]
}

@test "a 20 MiB upload streams in bounded memory" {
	require /usr/bin/time
	local b=AaB03x
	{
		printf -- '--%s\r\nContent-Disposition: form-data; name="f"; filename="big"\r\n\r\n' $b
		head -c 20971520 /dev/zero
		printf -- '\r\n--%s--\r\n' $b
	} >"$BATS_TEST_TMPDIR/stdin"
	run /usr/bin/time -f '%M' -o "$BATS_TEST_TMPDIR/rss" env -i GATEWAY_INTERFACE=CGI/1.1 \
	    PATH_INFO=/json REQUEST_METHOD=POST CONTENT_TYPE="multipart/form-data; boundary=$b" \
	    CONTENT_LENGTH="$(wc -c <"$BATS_TEST_TMPDIR/stdin")" "$CGIDUMP" <"$BATS_TEST_TMPDIR/stdin"
	[ "$status" -eq 0 ]
	# far below the upload's size (sanitizer builds take more)
	[ "$(cat "$BATS_TEST_TMPDIR/rss")" -lt 16384 ] || [ -n "${CGIDUMP_SANITIZED:-}" ]
}

@test "a body of many bad parts lists 100 problems and counts the rest" {
	{ printf -- '--X\r\n'; for i in $(seq 300); do printf '\r\n--X\r\n'; done; } >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin
	cgi_json REQUEST_METHOD=POST CONTENT_TYPE='multipart/form-data; boundary=X' \
	    CONTENT_LENGTH="$(wc -c <"$STDIN")"
	[ "$(jqo '[.errors[] | select(.id == "form-parse")] | length')" -eq 101 ]
	[[ "$(jqo '.errors[-1].message')" == *"more problems of the form were found and are not listed"* ]]
}

# mp_body FILE: a multipart body from printf-style lines joined by CRLF.
mp_body() {
	STDIN=$BATS_TEST_TMPDIR/stdin
	printf '%s\r\n' "$@" >"$STDIN"
	MPLEN=$(wc -c <"$STDIN")
}

@test "a nested part with filename=\"\" has an empty filename, not none" {
	mp_body '--OUT' 'Content-Disposition: form-data; name="files"' \
	    'Content-Type: multipart/mixed; boundary=IN' '' \
	    '--IN' 'Content-Disposition: file; filename=""' '' 'x' \
	    '--IN' 'Content-Disposition: file' '' 'y' \
	    '--IN--' '--OUT--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN \
	    'CONTENT_TYPE=multipart/form-data; boundary=OUT'
	[ "$(jqo '.form | length')" -eq 2 ]
	[ "$(jqo '.form[0].filename')" = "" ]
	[ "$(jqo '.form[0].filename | type')" = string ]
	[ "$(jqo '.form[1].filename')" = null ]
	cgi PATH_INFO=/text REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN \
	    'CONTENT_TYPE=multipart/form-data; boundary=OUT'
	grep -q 'files = file "", 1 bytes' "$OUT"
}

@test "a NUL in a nested boundary is refused, not matched (RFC 2046 §5.1.1)" {
	mp_body '--OUT' 'Content-Disposition: form-data; name="files"'
	printf 'Content-Type: multipart/mixed; boundary="IN\0X"\r\n\r\n--IN\0X\r\nContent-Disposition: file; filename="a"\r\n\r\nx\r\n--IN\0X--\r\n--OUT--\r\n' >>"$STDIN"
	MPLEN=$(wc -c <"$STDIN")
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN \
	    'CONTENT_TYPE=multipart/form-data; boundary=OUT'
	[ "$(jqo '.form | length')" -eq 0 ]
	jq -e '[.errors[].message] | any(test("boundary"))' "$OUT"
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

@test "a delimiter that takes a part's headers past CGIDUMP_MAX_HEADER still starts the next part" {
	# 42 + 17 = 59 bytes of headers and no empty line; the delimiter
	# line brings them to 65, past the limit of 60.
	mp_body '--XX' 'Content-Disposition: form-data; name="a"' 'X-P: 1234567890' \
	    '--XX' 'Content-Disposition: form-data; name="b"' '' 'value-b' '--XX--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN \
	    'CONTENT_TYPE=multipart/form-data; boundary=XX' CGIDUMP_MAX_HEADER=60
	[ "$(jqo '.form | length')" -eq 1 ]
	[ "$(jqo '.form[0].name + "=" + .form[0].value')" = b=value-b ]
	jq -e '[.errors[].message] | any(test("CGIDUMP_MAX_HEADER"))' "$OUT"
	jq -e '.checks[] | select(.id == "form-parse") | .level == "warn"' "$OUT"
	# Fed whole, a byte at a time or in random pieces, the parser
	# decides the same.
	local ct='multipart/form-data; boundary=XX' whole
	whole=$(CGIDUMP_MAX_HEADER=60 "$BATS_TEST_DIRNAME/feed" "$ct" "$STDIN" whole)
	[[ "$whole" == *value-b* ]]
	[ "$(CGIDUMP_MAX_HEADER=60 "$BATS_TEST_DIRNAME/feed" "$ct" "$STDIN" 1)" = "$whole" ]
	[ "$(CGIDUMP_MAX_HEADER=60 "$BATS_TEST_DIRNAME/feed" "$ct" "$STDIN" random:7)" = "$whole" ]
}
