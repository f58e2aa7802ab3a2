#!/usr/bin/env bats
# multipart/form-data bodies (src/multipart.c, DESIGN.md "Parsing
# semantics"): uploads from a shell and in bounded memory, nested
# multipart/mixed parts, malformed boundaries and parts, and how the
# parser reports and recovers from what it cannot take.  Running every
# request fixture (many of them multipart) is in fixtures.bats.

load helpers

# mp_body LINE...: a multipart body in $STDIN from these lines, each
# ended by CRLF; its length in $MPLEN.
mp_body() {
	STDIN=$BATS_TEST_TMPDIR/stdin
	printf '%s\r\n' "$@" >"$STDIN"
	MPLEN=$(wc -c <"$STDIN")
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

# pieces_agree CT: tests/feed parses $STDIN the same whole, a byte at a
# time and in random pieces; the whole one's JSON is left in $FED.
pieces_agree() {
	local mode
	FED=$BATS_TEST_TMPDIR/fed
	"$BATS_TEST_DIRNAME/feed" "$1" "$STDIN" whole >"$FED"
	for mode in 1 random:1 random:2 random:3 random:4 random:5; do
		"$BATS_TEST_DIRNAME/feed" "$1" "$STDIN" $mode |
		    cmp -s - "$FED" || { echo "differs in $mode pieces"; return 1; }
	done
}

@test "a delimiter at the very end of the body ends the part: no boundary bytes in the value" {
	local end nl sum ct='multipart/form-data; boundary=B'
	sum=$(printf Larry | sha256sum | cut -d' ' -f1)
	STDIN=$BATS_TEST_TMPDIR/stdin
	# RFC 2046 §5.1.1: the line end before "--B" belongs to the
	# delimiter, with or without padding, a lone '-' or a last CR.
	for nl in '\r\n' '\n'; do
		for end in '' '-' ' ' '\r' ' \t ' ' \r'; do
			printf -- "--B${nl}Content-Disposition: form-data; name=\"a\"${nl}${nl}Larry${nl}--B${end}" >"$STDIN"
			cgi_json REQUEST_METHOD=POST CONTENT_TYPE="$ct" \
			    CONTENT_LENGTH="$(wc -c <"$STDIN")"
			[ "$(value a)" = Larry ] || { echo "ending '$nl' '$end': $(value a)"; return 1; }
			[ "$(jqo '.form[0].incomplete')" = null ]
			# The close delimiter never came: that is still said.
			jq -e '[.errors[].message] | any(test("ended before its closing boundary"))' "$OUT"
			[ "$(check_level form-parse)" = fail ]
			pieces_agree "$ct"
			jq -e '.form[0].value == "Larry"' "$FED"
			# A file's size and SHA-256 are its own bytes' alone.
			printf -- "--B${nl}Content-Disposition: form-data; name=\"f\"; filename=\"f\"${nl}${nl}Larry${nl}--B${end}" >"$STDIN"
			cgi_json REQUEST_METHOD=POST CONTENT_TYPE="$ct" \
			    CONTENT_LENGTH="$(wc -c <"$STDIN")"
			[ "$(jqo '.form[0].size')" -eq 5 ]
			[ "$(jqo '.form[0].sha256')" = "$sum" ]
			pieces_agree "$ct"
			jq -e '.form[0].size == 5' "$FED"
		done
	done
}

@test "transport padding of any length after a delimiter is taken, in any pieces, never merging parts" {
	local pad ct='multipart/form-data; boundary=B'
	for pad in 65 1000 300000; do
		{
			printf -- '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nA\r\n--B'
			head -c "$pad" /dev/zero | tr '\0' ' '
			printf -- '\t\r\nContent-Disposition: form-data; name="b"\r\n\r\nBB\r\n--B--'
			head -c "$pad" /dev/zero | tr '\0' '\t'
			printf '\r\n'
		} >"$BATS_TEST_TMPDIR/stdin"
		STDIN=$BATS_TEST_TMPDIR/stdin
		cgi_json REQUEST_METHOD=POST CONTENT_TYPE="$ct" \
		    CONTENT_LENGTH="$(wc -c <"$STDIN")"
		[ "$(nfields)" -eq 2 ] || { echo "padding $pad: $(jqo -c .form)"; return 1; }
		[ "$(value a)" = A ]
		[ "$(value b)" = BB ]
		[ "$(check_level form-parse)" = ok ]
		pieces_agree "$ct"
		jq -e '(.form | length) == 2 and .errors == []' "$FED"
	done
}

@test "a delimiter line with more than padding after its boundary still ends the part, and that is reported" {
	local ct='multipart/form-data; boundary=B'
	{
		printf -- '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nA\r\n--B'
		head -c 100 /dev/zero | tr '\0' ' '
		printf -- 'x--B\r\nContent-Disposition: form-data; name="b"\r\n\r\nBB\r\n--B--\r\n'
	} >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin
	cgi_json REQUEST_METHOD=POST CONTENT_TYPE="$ct" CONTENT_LENGTH="$(wc -c <"$STDIN")"
	[ "$(value a)" = A ]
	[ "$(value b)" = BB ]
	jq -e '[.errors[].message] | any(test("more than transport padding"))' "$OUT"
	[ "$(check_level form-parse)" = fail ]
	pieces_agree "$ct"
}

@test "a close delimiter before any part is reported, not judged 'no form fields'" {
	local ct='multipart/form-data; boundary=B'
	mp_body '--B--' '--B' 'Content-Disposition: form-data; name="a"' '' 'A' '--B--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN CONTENT_TYPE="$ct"
	[ "$(nfields)" -eq 0 ]
	[ "$(check_level form-parse)" = fail ]
	jq -e '[.errors[].message] | any(test("closing boundary \"--B--\" came before any part") and test("bytes after it were ignored"))' "$OUT"
	pieces_agree "$ct"
	jq -e '.errors | length == 1' "$FED"
	# A preamble holding parts of another boundary, then the close:
	# the client's boundary is named.
	mp_body '--X' 'Content-Disposition: form-data; name="a"' '' 'A' '--X--' '--B--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN CONTENT_TYPE="$ct"
	[ "$(nfields)" -eq 0 ]
	[ "$(check_level form-parse)" = fail ]
	jq -e '[.errors[].message] | any(test("came before any part") and test("another boundary") and test("\"--X\""))' "$OUT"
	pieces_agree "$ct"
	# What browsers send for a form with nothing in it stays ok.
	mp_body '--B--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN CONTENT_TYPE="$ct"
	[ "$(check_level form-parse)" = ok ]
	[ "$(jqo '.errors | length')" -eq 0 ]
}

@test "a body of parts with another boundary fails and names the boundary it has" {
	local ct='multipart/form-data; boundary=B'
	mp_body '--X' 'Content-Disposition: form-data; name="a"' '' 'A' '--X--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN CONTENT_TYPE="$ct"
	[ "$(check_level form-parse)" = fail ]
	jq -e '[.errors[].message] | any(test("no boundary \"--B\" was found") and test("a line \"--X\" looks like one"))' "$OUT"
	pieces_agree "$ct"
}

@test "more than 32 header parameters: name, filename and boundary are still read, and the rest is reported" {
	local junk32 junk40 i
	junk32=$(for i in $(seq 32); do printf 'p%d=x; ' "$i"; done)
	junk40=$(for i in $(seq 40); do printf 'p%d=x; ' "$i"; done)
	# 32 junk parameters before name and filename (the issue's case)
	mp_body '--B' "Content-Disposition: form-data; ${junk32}name=\"up\"; filename=\"evil.exe\"" '' 'MZ' '--B--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN 'CONTENT_TYPE=multipart/form-data; boundary=B'
	[ "$(jqo '.form[0].name + " " + .form[0].filename')" = "up evil.exe" ]
	[ "$(check_level form-parse)" = ok ]
	# 40: 8 are dropped, and that is said
	mp_body '--B' "Content-Disposition: form-data; ${junk40}name=\"up\"; filename=\"evil.exe\"" '' 'MZ' '--B--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN 'CONTENT_TYPE=multipart/form-data; boundary=B'
	[ "$(jqo '.form[0].name + " " + .form[0].filename')" = "up evil.exe" ]
	[ "$(jqo '.form[0].size')" -eq 2 ]
	jq -e '[.errors[].message] | any(test("a part.s Content-Disposition has more than 32 parameters: 8 were ignored"))' "$OUT"
	[ "$(check_level form-parse)" = warn ]
	pieces_agree 'multipart/form-data; boundary=B'
	# ... and before the request's boundary
	mp_body '--B' 'Content-Disposition: form-data; name="a"' '' 'A' '--B--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN "CONTENT_TYPE=multipart/form-data; ${junk40}boundary=B"
	[ "$(value a)" = A ]
	jq -e '[.errors[].message] | any(test("request.s Content-Type has more than 32 parameters"))' "$OUT"
	[ "$(check_level form-parse)" = warn ]
}

@test "a quote inside a token does not open a quoted string: name=a\\\"b; filename=\"x.txt\" is a file, and odd" {
	local ct='multipart/form-data; boundary=B'
	# Python's cgi.parse_header gives name 'a\"b' and filename x.txt.
	mp_body '--B' 'Content-Disposition: form-data; name=a\"b; filename="x.txt"' '' 'A' '--B--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN CONTENT_TYPE="$ct"
	[ "$(jqo '.form[0].name')" = 'a\"b' ]
	[ "$(jqo '.form[0].filename')" = x.txt ]
	[ "$(jqo '.form[0].size')" -eq 1 ]
	jq -e '[.errors[].message] | any(test("Content-Disposition parameter \"name\" is neither a token nor a quoted string"))' "$OUT"
	[ "$(check_level form-parse)" = warn ]
	# A bare quote in a token (RFC 2045 §5.1 has none) ends at ';' too.
	mp_body '--B' 'Content-Disposition: form-data; name=a"b; filename="x.txt"' '' 'A' '--B--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN CONTENT_TYPE="$ct"
	[ "$(jqo '.form[0].name + " " + .form[0].filename')" = 'a"b x.txt' ]
	[ "$(check_level form-parse)" = warn ]
	pieces_agree "$ct"
}

# Issue 11: a part's headers as received, in every format.
@test "part headers: every one comes back in order, as received, and a file's content_type keeps its parameters" {
	local ct='multipart/form-data; boundary=B'
	mp_body '--B' 'Content-Disposition: form-data; name="f"; filename="a.txt"' \
	    'Content-Type:  text/plain; charset=utf-8 ' 'Content-Transfer-Encoding: binary' \
	    'Content-ID: <p1@example.org>' '' 'hello' \
	    '--B' 'content-disposition: form-data; name="v"' \
	    'Content-Type: text/plain;charset="iso-8859-1"' 'Content-Length: 3' \
	    'X-Anything: one,' '	two' '' 'abc' '--B--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN CONTENT_TYPE="$ct" QUERY_STRING=q=1
	[ "$(jqo '.form[] | select(.name == "f") | .content_type')" = "text/plain; charset=utf-8" ]
	[ "$(jqo -c '.form[] | select(.name == "f") | [.headers[] | [.name, .value]]')" = \
	    '[["Content-Disposition","form-data; name=\"f\"; filename=\"a.txt\""],["Content-Type","text/plain; charset=utf-8"],["Content-Transfer-Encoding","binary"],["Content-ID","<p1@example.org>"]]' ]
	# a value part's Content-Type is shown too; folding as before
	[ "$(jqo -c '.form[] | select(.name == "v") | [.headers[] | [.name, .value]]')" = \
	    '[["content-disposition","form-data; name=\"v\""],["Content-Type","text/plain;charset=\"iso-8859-1\""],["Content-Length","3"],["X-Anything","one,\ttwo"]]' ]
	[ "$(value v)" = abc ]
	# a query field has no headers key (DESIGN.md: "headers"?)
	[ "$(jqo '.form[] | select(.name == "q") | has("headers")')" = false ]
	[ "$(check_level form-parse)" = ok ]
	pieces_agree "$ct"
	jq -e '[.form[].headers | length] == [4, 4]' "$FED"
}

@test "part headers: a nested file's own headers are shown, and an urlencoded body has none" {
	mp_body '--OUT' 'Content-Disposition: form-data; name="files"' \
	    'Content-Type: multipart/mixed; boundary=IN' '' \
	    '--IN' 'Content-Disposition: file; filename="a.csv"' \
	    'Content-Type: text/csv; header=present' '' 'x,y' \
	    '--IN' '' 'z' '--IN--' '--OUT--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN \
	    'CONTENT_TYPE=multipart/form-data; boundary=OUT'
	[ "$(jqo '.form[0].content_type')" = "text/csv; header=present" ]
	[ "$(jqo -c '[.form[0].headers[].name]')" = '["Content-Disposition","Content-Type"]' ]
	# a part without headers still is a part: its list is empty
	[ "$(jqo -c '.form[1].headers')" = '[]' ]
	body_file 'a=1&b=2'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=7 CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(jqo '[.form[] | has("headers")] | any')" = false ]
}

@test "part headers: escaped in text and HTML, U+FFFD in JSON, never raw" {
	STDIN=$BATS_TEST_TMPDIR/stdin
	printf -- '--B\r\nContent-Disposition: form-data; name="v"\r\nX-\001Bad: <b>\377\033[31m"q"\r\n\r\nv\r\n--B--\r\n' >"$STDIN"
	MPLEN=$(wc -c <"$STDIN")
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN 'CONTENT_TYPE=multipart/form-data; boundary=B'
	jq -e '.form[0].headers[1] == {"name": "X-\u0001Bad", "value": "<b>\ufffd\u001b[31m\"q\""}' "$OUT"
	cgi PATH_INFO=/text REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN 'CONTENT_TYPE=multipart/form-data; boundary=B'
	grep -qxF '    header Content-Disposition: "form-data; name=\"v\""' "$OUT"
	grep -qxF '    header "X-\x01Bad": "<b>\xFF\x1B[31m\"q\""' "$OUT"
	! LC_ALL=C grep -q $'[\x01\x1b\xff]' "$OUT"
	cgi PATH_INFO=/html REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN 'CONTENT_TYPE=multipart/form-data; boundary=B'
	grep -qF '<span class="meta">header</span> <span class="v">Content-Disposition</span>: <span class="v">form-data; name=&quot;v&quot;</span>' "$OUT"
	grep -qF '&lt;b&gt;' "$OUT"
	! grep -qF '<b>' "$OUT"
	! LC_ALL=C grep -q $'[\x01\x1b\xff]' "$OUT"
	tail -n 1 "$OUT" | grep -qx '</html>'
}

@test "part headers count against CGIDUMP_MAX_FORM: parts with big headers are cut by it, whole headers kept" {
	local i pad
	pad=$(head -c 1000 /dev/zero | tr '\0' p)
	STDIN=$BATS_TEST_TMPDIR/stdin
	for i in $(seq 300); do
		printf -- '--B\r\nContent-Disposition: form-data; name="p"\r\nX-Pad: %s\r\n\r\n\r\n' "$pad"
	done >"$STDIN"
	printf -- '--B--\r\n' >>"$STDIN"
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH="$(wc -c <"$STDIN")" \
	    'CONTENT_TYPE=multipart/form-data; boundary=B' CGIDUMP_MAX_FORM=100K CGIDUMP_MAX_FIELDS=0
	# each part holds more than 1000 bytes of headers: fewer than 100
	# fit in 100 KiB (without them 300 would)
	[ "$(nfields)" -lt 100 ]
	[ "$(nfields)" -gt 50 ]
	jq -e '[.errors[].message] | any(test("CGIDUMP_MAX_FORM \\(102400\\) was reached"))' "$OUT"
	[ "$(check_level form-parse)" = warn ]
	jq -e '[.form[].headers[] | select(.name == "X-Pad") | .value | length] | all(. == 1000)' "$OUT"
	# a header that does not fit is dropped whole, and its part marked
	pad=$(head -c 50000 /dev/zero | tr '\0' p)
	mp_body '--B' 'Content-Disposition: form-data; name="v"' "X-Pad: $pad" '' 'v' '--B--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$MPLEN 'CONTENT_TYPE=multipart/form-data; boundary=B' \
	    CGIDUMP_MAX_FORM=20000 CGIDUMP_MAX_HEADER=60000
	[ "$(jqo -c '[.form[0].headers[].name]')" = '["Content-Disposition"]' ]
	[ "$(jqo '.form[0].truncated')" = true ]
	jq -e '[.errors[].message] | any(test("CGIDUMP_MAX_FORM \\(20000\\) was reached"))' "$OUT"
	CGIDUMP_MAX_FORM=20000 CGIDUMP_MAX_HEADER=60000 pieces_agree 'multipart/form-data; boundary=B'
	jq -e '.form[0].truncated and .cut == 2' "$FED"
}
