#!/usr/bin/env bats
# Reading the body: what stdin is, chunked requests without a length,
# and the limits, shown in every format.  Multipart bodies are in
# multipart.bats.

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
