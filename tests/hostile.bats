#!/usr/bin/env bats
# The attack catalogue (issue 10, "What to build" 3): one named attack a
# test, each with what a visitor then sees (the status, the JSON fact,
# the check's level), each run under a timeout, in every build make
# check uses (gcc, clang, ASan+UBSan).  What other suites already try
# is not repeated here: CONTENT_LENGTH of abc, -3, +3, " 3", 0x3 and
# 2^64 (body.bats), XSS in env, argv, query and multipart fields
# (escaping.bats, the fixtures), and the header injections of
# formats.bats.  Bodies are made here, next to the attack they carry.
#
# Known bugs being fixed elsewhere (issue 10, 1 to 10) have their own
# tests; bugs found here are tests marked skip "BUG: ...".

load helpers

FORMGEN=$BATS_TEST_DIRNAME/formgen
MP='multipart/form-data; boundary=B'
UE=application/x-www-form-urlencoded
XSS='<script>alert(1)</script>"><img src=x onerror=alert(2)>'

# --- what every answer must be ---------------------------------------

# own_headers: the header block holds only cgidump's own lines, each
# from its fixed list and ended by CRLF: nothing from the request
# reached it.  Its first line is left in $FIRST.
own_headers() {
	local line n=0
	FIRST=
	while IFS= read -r line; do
		[ "$line" != $'\r' ] || break
		[[ "$line" == *$'\r' ]] || { echo "a header line not ended by CRLF: $(printf %q "$line")"; return 1; }
		line=${line%$'\r'}
		n=$((n + 1))
		[ "$n" -gt 1 ] || FIRST=$line
		case $line in
		'Status: '*|'HTTP/1.'[01]' '*)
			[ "$n" -eq 1 ] &&
			    [[ "$line" =~ ^(Status:\ |HTTP/1\.[01]\ )(200\ OK|403\ Forbidden|410\ Gone|500\ Internal\ Server\ Error|501\ Not\ Implemented)$ ]] ;;
		'Date: '*)
			[[ "$line" =~ ^Date:\ [A-Z][a-z]{2},\ [0-9]{2}\ [A-Z][a-z]{2}\ [0-9]{4}\ [0-9]{2}:[0-9]{2}:[0-9]{2}\ GMT$ ]] ;;
		'Connection: close'|'Cache-Control: no-store'|\
		'X-Content-Type-Options: nosniff'|'X-Robots-Tag: noindex, nofollow'|\
		'Referrer-Policy: no-referrer'|'X-Frame-Options: DENY'|\
		'Content-Type: text/html; charset=utf-8'|\
		'Content-Type: text/plain; charset=utf-8'|\
		'Content-Type: application/json'|\
		'Content-Disposition: attachment; filename="request.sh"') ;;
		"Content-Security-Policy: default-src 'none'; style-src 'sha256-"*)
			[[ "$line" =~ ^Content-Security-Policy:\ default-src\ \'none\'\;\ style-src\ \'sha256-[A-Za-z0-9+/]{43}=\'\;\ base-uri\ \'none\'\;\ form-action\ \'none\'\;\ frame-ancestors\ \'none\'$ ]] ;;
		*) false ;;
		esac || { echo "not one of cgidump's header lines: $(printf %q "$line")"; return 1; }
	done <"$RAW"
	# 8 lines, or 10 with an nph status line, Date and Connection;
	# /replay's download adds Content-Disposition
	if grep -q '^Content-Disposition: ' "$HDR"; then
		n=$((n - 1))
	fi
	[ "$n" -eq 8 ] || [ "$n" -eq 10 ] || { echo "$n header lines"; cat "$HDR"; return 1; }
}

# safe [FILE] [html]: no byte that can drive a terminal or hide text (C0
# controls but line feed, DEL, C1 as UTF-8, the bidirectional and
# invisible format characters), valid UTF-8; with html, every tag one
# cgidump writes, with only the attributes it writes and values it
# chose (no <script>, no handler, no comment or tag of the request's
# outside escaping), and the page whole.
safe() {
	local f=${1:-$OUT}
	perl -0777 -ne 'my $html = $ENV{SAFE_HTML};
	    if (/([\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8b-\x8f\xa8-\xae]|\xe2\x81[\xa0-\xa4\xa6-\xa9]|\xef\xbb\xbf|\xd8\x9c)/) {
		printf "raw %s at byte %d\n", unpack("H*", $1), $-[0]; exit 1 }
	    exit 0 unless $html;
	    s/^<!DOCTYPE html>\n// or do { print "no doctype\n"; exit 1 };
	    /<\/html>\n\z/ or do { print "the page is not whole\n"; exit 1 };
	    while (/<([^>]*)/g) { my $t = $1;
		next if $t =~ m{^/?(html|head|meta|title|style|body|header|footer|main|nav|h1|h2|p|section|dl|dt|dd|ul|ol|li|span|code|a|br|details|summary)( (class|id|href|lang|charset|name|content|start)="[A-Za-z0-9 #:;=.,/_-]*")*$};
		print "markup cgidump does not write: <$t>\n"; exit 1 }' "$f" || return 1
	iconv -f UTF-8 -t UTF-8 "$f" >/dev/null || { echo "not UTF-8: $f"; return 1; }
}
html_safe() {
	SAFE_HTML=1 safe "${1:-$OUT}"
}
no_raw_controls() {
	SAFE_HTML= safe "${1:-$OUT}"
}

# answer STATUS: the answer is STATUS ("403 Forbidden"), with only
# cgidump's headers.
answer() {
	own_headers || return 1
	[ "${FIRST#Status: }" = "$1" ] || { echo "status $FIRST, not $1"; return 1; }
}

# cut_by_a_limit: the form was cut at CGIDUMP_MAX_FIELDS (20,000 fields)
# or, if fields cost more than 419 bytes each, at CGIDUMP_MAX_FORM
# first (issue 10, bug 10, counts the real cost): either way reported,
# as a limit's doing.
cut_by_a_limit() {
	local n
	n=$(nfields)
	[ "$n" -le 20000 ] && [ "$n" -ge 10000 ] || { echo "$n fields"; return 1; }
	[ "$(check_level form-parse)" = warn ]
	jq -e '[.errors[] | select(.id == "form-parse" and .cause == "limit") | .message] |
	    any(test("^CGIDUMP_MAX_FIELDS \\(20000\\) was reached|CGIDUMP_MAX_FORM"))' "$OUT" >/dev/null
}

# dump_ok: a whole 200 answer with only cgidump's headers.
dump_ok() {
	[ "$status" -eq 0 ] || { echo "exit $status"; return 1; }
	own_headers || return 1
	[ "$FIRST" = "Status: 200 OK" ] || { echo "status $FIRST"; return 1; }
}

# each_format VAR=value ...: the request in html, text and json (PATH_INFO
# $PI/html and so on), each a whole 200 answer, HTML safe, text and JSON
# free of raw controls; the text in $BATS_TEST_TMPDIR/text, the JSON in
# $OUT.
each_format() {
	cgi "$@" PATH_INFO="${PI:-}/html"
	dump_ok
	html_safe
	cgi "$@" PATH_INFO="${PI:-}/text"
	dump_ok
	no_raw_controls
	cp "$OUT" "$BATS_TEST_TMPDIR/text"
	cgi "$@" PATH_INFO="${PI:-}/json"
	dump_ok
	json_ok "$OUT"
	no_raw_controls
}

# mp_body LINE...: a multipart body in $STDIN from these lines, each
# ended by CRLF, with the backslash escapes of printf's %b (\xHH, \\);
# its length in $LEN.
mp_body() {
	local l
	STDIN=$BATS_TEST_TMPDIR/stdin
	: >"$STDIN"
	for l; do
		printf '%b\r\n' "$l" >>"$STDIN"
	done
	LEN=$(wc -c <"$STDIN")
}

# file_part NAME FILENAME DATAFILE: a one-file multipart body in $STDIN,
# boundary B, the file's bytes from DATAFILE.
file_part() {
	STDIN=$BATS_TEST_TMPDIR/stdin
	{
		printf -- '--B\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n\r\n' "$1" "$2"
		cat "$3"
		printf -- '\r\n--B--\r\n'
	} >"$STDIN"
	LEN=$(wc -c <"$STDIN")
}

sha() {
	sha256sum "$@" | cut -d' ' -f1
}

# rss_below KIB: the peak memory of the last rss_cgi run, a generous
# bound; not judged in a sanitizer build, whose runtime takes more.
rss_cgi() {
	local -a RUNAS=()
	if [ -z "${CGIDUMP_SANITIZED:-}" ]; then
		require /usr/bin/time
		RUNAS=(/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss")
	fi
	cgi "$@"
}
rss_below() {
	[ -z "${CGIDUMP_SANITIZED:-}" ] || return 0
	local kb
	kb=$(tail -n 1 "$BATS_TEST_TMPDIR/rss")
	[ "$kb" -lt "$1" ] || { echo "peak memory $kb KiB, not below $1 KiB"; return 1; }
}

# piped 'COMMAND' VAR=value ...: cgi, with stdin a pipe from the shell
# command, which may pause or never end (it is not waited for).
piped() {
	local feeder=$1
	shift
	_split_args "$@"
	_base_env
	RAW=$BATS_TEST_TMPDIR/raw
	status=0
	timeout "$TMO" env -i "${BASE[@]}" "${ENVS[@]}" "$CGIDUMP" \
	    >"$RAW" 2>"$BATS_TEST_TMPDIR/stderr" \
	    < <(bash -c "$feeder" 2>/dev/null 3>&-) || status=$?
	_split_response "$RAW"
	_no_sanitizer_report
}

# exact_env [-0] ENTRY...: cgidump with exactly these environ entries
# (duplicates, entries without '=') and argv { cgidump }, or none (-0).
exact_env() {
	local zero=()
	[ "$1" != -0 ] || { zero=(-0); shift; }
	RAW=$BATS_TEST_TMPDIR/raw
	status=0
	_exec "$FORMGEN" exec "${zero[@]}" "$CGIDUMP" "$@" >"$RAW" \
	    2>"$BATS_TEST_TMPDIR/stderr" || status=$?
	_split_response "$RAW"
	_no_sanitizer_report
}

# --- CONTENT_LENGTH ---------------------------------------------------

@test "hostile: CONTENT_LENGTH of 100,000 digits is refused, quoted cut short, the body not read" {
	local cl
	cl=$(head -c 100000 /dev/zero | tr '\0' 9)
	body_file 'a=1'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH="$cl" CONTENT_TYPE=$UE
	dump_ok
	[ "$(jqo .request.content_length)" = null ]
	[ "$(jqo '.request.content_length_raw | length')" -eq 100000 ]
	[ "$(jqo .request.body_bytes)" -eq 0 ]
	[ "$(nfields)" -eq 0 ]
	[ "$(check_level body-length)" = fail ]
	[[ "$(jqo '.errors[0].message')" == "CONTENT_LENGTH \"${cl:0:64}\"... is not a plain decimal number"* ]]
	[ "$(jqo '.errors[0].message | length')" -lt 400 ]
}

@test "hostile: CONTENT_LENGTH with 1,000 leading zeros is plain digits: 3" {
	body_file 'a=1&b=2'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH="$(head -c 1000 /dev/zero | tr '\0' 0)3" \
	    CONTENT_TYPE=$UE
	dump_ok
	[ "$(jqo .request.content_length)" -eq 3 ]
	[ "$(jqo .request.body_bytes)" -eq 3 ]
	[ "$(nfields)" -eq 1 ]
	[ "$(value a)" = 1 ]
	[ "$(jqo .request.bytes_after_body)" -eq 4 ]
	[ "$(check_level body-length)" = fail ]
}

@test "hostile: CONTENT_LENGTH with a line end, a tab, other scripts' digits, a point or an exponent is refused" {
	local cl
	body_file 'a=1'
	for cl in $'3\n' $'3\r' $'\t3' $'3\r\n\r\na=2' '٣' '３' '³' '3.0' '3e0' '1_0' '3,0' \
	    $'\xef\xbb\xbf3' '0b11' '3 3'; do
		cgi_json REQUEST_METHOD=POST CONTENT_LENGTH="$cl" CONTENT_TYPE=$UE
		dump_ok
		[ "$(jqo -c '[.request.content_length, .request.body_bytes,
		    (.checks[] | select(.id == "body-length") | .level),
		    (.errors[0].message | test("is not a plain decimal number"))]')" = \
		    '[null,0,"fail",true]' ] || { echo "taken: $(printf %q "$cl")"; return 1; }
	done
}

@test "hostile: CONTENT_LENGTH of 2^63 and 2^63-1 (the signed edges) waits for no such body" {
	local cl
	body_file 'a=1'
	for cl in 9223372036854775808 9223372036854775807; do
		cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$cl CONTENT_TYPE=$UE
		dump_ok
		[ "$(jqo -c '[.request.content_length_raw, .request.body_end, .request.body_bytes,
		    .form[0].value, (.checks[] | select(.id == "body-length") | .level)]')" = \
		    "[\"$cl\",\"short\",3,\"1\",\"fail\"]" ]
		[[ "$(jqo '.errors[0].message')" == "CONTENT_LENGTH is $cl but stdin ended after 3 bytes"* ]]
	done
}

@test "hostile: CONTENT_LENGTH of 2^64+3, 2^65 and 2^128 is out of range, not wrapped to a small number" {
	local cl
	body_file 'a=1'
	for cl in 18446744073709551619 36893488147419103232 \
	    340282366920938463463374607431768211459; do
		cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$cl CONTENT_TYPE=$UE
		dump_ok
		[ "$(jqo -c '[.request.content_length, .request.body_bytes, (.form | length),
		    (.checks[] | select(.id == "body-length") | .level)]')" = '[null,0,0,"fail"]' ]
	done
}

@test "hostile: CONTENT_LENGTH of 10^12 on an endless stdin stops at CGIDUMP_MAX_BODY" {
	STDIN=/dev/zero cgi_json REQUEST_METHOD=PUT CONTENT_LENGTH=1000000000000 \
	    CONTENT_TYPE=application/octet-stream CGIDUMP_MAX_BODY=1048576
	dump_ok
	[ "$(jqo .request.body_end)" = limit ]
	[ "$(jqo .request.body_bytes)" -eq 1048576 ]
	[ "$(jqo .body.size)" -eq 1048576 ]
	[ "$(jqo .body.sha256)" = "$(head -c 1048576 /dev/zero | sha)" ]
	[ "$(check_level body-length)" = warn ]
}

@test "hostile: two CONTENT_LENGTH entries in the environment: the first counts, both are shown" {
	body_file 'a=1&b=2'
	exact_env GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/json REQUEST_METHOD=POST \
	    CONTENT_TYPE=$UE CONTENT_LENGTH=3 CONTENT_LENGTH=1000000 <"$STDIN"
	dump_ok
	json_ok "$OUT"
	[ "$(jqo .request.content_length)" -eq 3 ]
	[ "$(jqo .request.body_end)" = complete ]
	[ "$(nfields)" -eq 1 ]
	# the 4 bytes past the first length are reported, not read
	[ "$(check_level body-length)" = fail ]
	[ "$(env_var -j CONTENT_LENGTH | jq -r .value | paste -sd,)" = 3,1000000 ]
}

@test "hostile: CONTENT_LENGTH=0 with a multipart body waiting: nothing parsed, the waiting bytes reported" {
	mp_body '--B' 'Content-Disposition: form-data; name="a"' '' '1' '--B--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=0 CONTENT_TYPE="$MP"
	dump_ok
	[ "$(nfields)" -eq 0 ]
	[ "$(jqo .request.body_end)" = none ]
	[ "$(check_level body-length)" = fail ]
	[[ "$(jqo '.errors[0].message')" == "$LEN more bytes were waiting on stdin after the CONTENT_LENGTH of 0"* ]]
}

# --- bodies that end early, never, or slowly -------------------------

@test "hostile: a multipart body cut inside a part's headers: no field, two failures" {
	STDIN=$BATS_TEST_TMPDIR/stdin
	printf -- '--B\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\nContent-Ty' >"$STDIN"
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=1000 CONTENT_TYPE="$MP"
	dump_ok
	[ "$(nfields)" -eq 0 ]
	[ "$(jqo .request.body_end)" = short ]
	[ "$(check_level body-length)" = fail ]
	[ "$(check_level form-parse)" = fail ]
	jq -e '[.errors[].message] | any(test("ended before its closing boundary"))' "$OUT"
}

@test "hostile: a multipart upload that never ends: after CGIDUMP_TIMEOUT=1 the file is kept, marked incomplete" {
	printf '%s' 0123456789abcdef >"$BATS_TEST_TMPDIR/sent"
	piped 'printf -- "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\n\r\n0123456789abcdef"; exec sleep 8' \
	    PATH_INFO=/json REQUEST_METHOD=POST CONTENT_LENGTH=100000 CONTENT_TYPE="$MP" CGIDUMP_TIMEOUT=1
	dump_ok
	json_ok "$OUT"
	[ "$(jqo .request.body_end)" = timeout ]
	[ "$(jqo '.form[0].incomplete')" = true ]
	[ "$(jqo '.form[0].size')" -eq 16 ]
	[ "$(jqo '.form[0].sha256')" = "$(sha "$BATS_TEST_TMPDIR/sent")" ]
	[ "$(check_level body-length)" = fail ]
	[ "$(check_level form-parse)" = fail ]
}

@test "hostile: a slow body, a piece every 0.25 s for 2 s, arrives whole within CGIDUMP_TIMEOUT=1" {
	mp_body '--B' 'Content-Disposition: form-data; name="a"' '' 'slowly' \
	    '--B' 'Content-Disposition: form-data; name="f"; filename="f.txt"' '' 'and surely' '--B--'
	piped "for i in 0 1 2 3 4 5 6 7; do dd if='$STDIN' bs=$(((LEN + 7) / 8)) skip=\$i count=1 status=none; sleep 0.25; done" \
	    PATH_INFO=/json REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP" CGIDUMP_TIMEOUT=1
	dump_ok
	json_ok "$OUT"
	[ "$(jqo .request.body_end)" = complete ]
	[ "$(value a)" = slowly ]
	[ "$(jqo '.form[1].sha256')" = "$(printf 'and surely' | sha)" ]
	[ "$(check_level body-length)" = ok ]
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: stdin is a directory: the read fails, is reported, and the page is whole" {
	STDIN=/ cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=5 CONTENT_TYPE=$UE
	dump_ok
	[ "$(jqo .request.stdin)" = other ]
	[ "$(jqo .request.body_end)" = error ]
	[ "$(check_level body-length)" = fail ]
	[[ "$(jqo '.errors[0].message')" == "reading stdin failed after 0 bytes: "* ]]
}

@test "hostile: raw chunk framing announcing a 2^64-1 byte chunk ends short, not waiting for it" {
	body_file $'FFFFFFFFFFFFFFFF\r\na=1'
	cgi_json REQUEST_METHOD=POST HTTP_TRANSFER_ENCODING=chunked CONTENT_TYPE=$UE
	dump_ok
	[ "$(jqo .request.chunk_framing)" = true ]
	[ "$(jqo .request.body_end)" = short ]
	[ "$(value a)" = 1 ]
	[ "$(check_level chunk-framing)" = fail ]
	[ "$(check_level body-length)" = fail ]
}

@test "hostile: raw chunk framing with 100 KiB of chunk extensions and 2,000 trailer lines decodes the form" {
	local ext
	ext=$(head -c 100000 /dev/zero | tr '\0' x)
	STDIN=$BATS_TEST_TMPDIR/stdin
	{
		printf '3;%s\r\na=1\r\n4;n="%s"\r\n&b=2\r\n0\r\n' "$ext" "$ext"
		for i in $(seq 2000); do printf 'X-T%d: %s\r\n' "$i" "$i"; done
		printf '\r\n'
	} >"$STDIN"
	cgi_json REQUEST_METHOD=POST HTTP_TRANSFER_ENCODING=chunked CONTENT_TYPE=$UE
	dump_ok
	[ "$(jqo .request.chunk_framing)" = true ]
	[ "$(jqo .request.body_end)" = complete ]
	[ "$(jqo '[.form[] | .name + "=" + .value] | join("&")')" = 'a=1&b=2' ]
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: raw chunk framing whose first read holds only the chunk size is still decoded" {
	skip "BUG: body.c decides whether stdin carries raw chunk framing from the first read(2) alone (dechunk_looks_chunked needs a ';', CR or LF after the hex digits within it): a client whose first TCP segment is just the size ('3', then '\\r\\na=1\\r\\n0\\r\\n\\r\\n') has its framing taken for the body: field '3\\r\\na' = '1\\r\\n0\\r\\n\\r\\n', chunk_framing false, chunk-framing ok, and on a socket that never ends a wait of CGIDUMP_TIMEOUT"
	piped 'printf 3; sleep 0.5; printf "\r\na=1\r\n0\r\n\r\n"; exec sleep 8' \
	    PATH_INFO=/json REQUEST_METHOD=POST HTTP_TRANSFER_ENCODING=chunked \
	    CONTENT_TYPE=$UE CGIDUMP_TIMEOUT=2
	dump_ok
	[ "$(jqo .request.chunk_framing)" = true ]
	[ "$(jqo .request.body_end)" = complete ]
	[ "$(value a)" = 1 ]
	[ "$(check_level chunk-framing)" = fail ]
}

# --- huge and numerous variables -------------------------------------

# many VAR=value ...: cgi with a long list of variables (the helper's
# argument loop costs n^2 for 10,000 of them), format $F.
many() {
	RAW=$BATS_TEST_TMPDIR/raw
	status=0
	_exec env -i "${BASE_ENV[@]}" PATH_INFO="/$F" "$@" "$CGIDUMP" >"$RAW" \
	    2>"$BATS_TEST_TMPDIR/stderr" || status=$?
	_split_response "$RAW"
	_no_sanitizer_report
}

@test "hostile: 10,000 environment variables are all listed, in every format" {
	local vars=() i
	mapfile -t vars < <(seq 10000 | sed 's/.*/V&=x&/')
	F=json RUNAS=(/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss")
	[ -z "${CGIDUMP_SANITIZED:-}" ] || RUNAS=()
	[ -n "${CGIDUMP_SANITIZED:-}" ] || require /usr/bin/time
	many "${vars[@]}"
	RUNAS=()
	dump_ok
	rss_below 65536
	[ "$(jqo -c '[([.environment[] | select(.name | test("^V[0-9]+$"))] | length),
	    (.environment[] | select(.name == "V9999") | .value)]')" = '[10000,"x9999"]' ]
	[ "$(check_level server-environment)" = ok ]
	F=text many "${vars[@]}"
	dump_ok
	no_raw_controls
	[ "$(grep -c '^V[0-9]* = "x[0-9]*"$' "$OUT")" -eq 10000 ]
	F=html many "${vars[@]}"
	dump_ok
	html_safe
}

@test "hostile: a variable name of 100,000 bytes is shown whole" {
	local n
	n=$(head -c 100000 /dev/zero | tr '\0' N)
	each_format "$n=v"
	[ "$(env_var "$n")" = v ]
	[ "$(check_level config)" = ok ]
	grep -qxF "$n = \"v\"" "$BATS_TEST_TMPDIR/text"
}

@test "hostile: environment entries with an empty name or without '=' are shown, not mistaken" {
	exact_env GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/json =x == '' A=1 noequals
	dump_ok
	json_ok "$OUT"
	[ "$(jqo -c '[.environment[] | select(.name == "")]')" = \
	    '[{"name":"","value":"x"},{"name":"","value":"="},{"name":"","value":null}]' ]
	[ "$(env_var A)" = 1 ]
	# judged all the same: the RFC 3875 variables are missing
	[ "$(check_level meta-variables)" = fail ]
	exact_env GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/text =x == '' noequals
	dump_ok
	grep -qxF '"" = "x"' "$OUT"
	grep -qxF '"" (entry has no "=")' "$OUT"
	grep -qxF 'noequals (entry has no "=")' "$OUT"
}

@test "hostile: a client's X-Cgidump-* headers (HTTP_CGIDUMP_*) change no setting and refuse nothing" {
	cgi_json QUERY_STRING='a=1&b=2' HTTP_CGIDUMP_MAX_FIELDS=1 HTTP_CGIDUMP_ALLOW=10.0.0.1 \
	    HTTP_X_CGIDUMP_ALLOW=10.0.0.1 HTTP_CGIDUMP_TIMEOUT=0 HTTP_CGIDUMP_EXPIRES=2000-01-01 \
	    HTTP_CGIDUMP_REVEAL=1 HTTP_COOKIE=s=hidden-value
	dump_ok
	[ "$(nfields)" -eq 2 ]
	[ "$(jqo .limits.max_fields)" -eq 20000 ]
	[ "$(jqo .limits.timeout)" -eq 10 ]
	[ "$(check_level config)" = ok ]
	[ "$(check_level access-control)" = warn ]
	! grep -q hidden-value "$OUT"
}

# --- invalid and overlong UTF-8 --------------------------------------

@test "hostile: an overlong NUL (C0 80) is no NUL: two invalid bytes in every format" {
	each_format QUERY_STRING='a=x%C0%80y'
	[ "$(jqo -c '.form[0].value | explode')" = '[120,65533,65533,121]' ]
	grep -qxF 'a = "x\xC0\x80y" (query)' "$BATS_TEST_TMPDIR/text"
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: overlong forms of '/' and NUL in 3 and 4 bytes (E0 80 AF, E0 80 80, F0 80 80 AF) are invalid" {
	each_format QUERY_STRING='a=%E0%80%AF&b=%E0%80%80&c=%F0%80%80%AF'
	[ "$(jqo -c '[.form[].value | explode | length]')" = '[3,3,4]' ]
	! grep -qF '\u0000' "$OUT"
	[ "$(check_level form-parse)" = ok ]
	! jq -e '[.form[].value] | any(contains("/"))' "$OUT"
	grep -qxF 'a = "\xE0\x80\xAF" (query)' "$BATS_TEST_TMPDIR/text"
	grep -qxF 'c = "\xF0\x80\x80\xAF" (query)' "$BATS_TEST_TMPDIR/text"
}

@test "hostile: UTF-16 surrogates in UTF-8 (ED A0 80, ED BF BF, a pair) are invalid byte by byte" {
	each_format QUERY_STRING='a=%ED%A0%80&b=%ED%BF%BF&c=%ED%A0%BD%ED%B8%80'
	[ "$(jqo -c '[.form[].value | explode | unique]')" = '[[65533],[65533],[65533]]' ]
	[ "$(check_level form-parse)" = ok ]
	[ "$(jqo '.form[2].value | length')" -eq 6 ]
	grep -qxF 'c = "\xED\xA0\xBD\xED\xB8\x80" (query)' "$BATS_TEST_TMPDIR/text"
}

@test "hostile: bytes F5 to FF and code points past U+10FFFF (F4 90 80 80) are invalid" {
	each_format QUERY_STRING='a=%F5%80%80%80&b=%F8%88%80%80%80&c=%FE%FF&d=%F4%90%80%80&e=%F4%8F%BF%BF'
	[ "$(jqo -c '[.form[0:4][].value | explode | unique]')" = '[[65533],[65533],[65533],[65533]]' ]
	# U+10FFFF itself is the last valid one
	[ "$(jqo -c '.form[4].value | explode')" = '[1114111]' ]
	[ "$(check_level form-parse)" = ok ]
	grep -qxF 'd = "\xF4\x90\x80\x80" (query)' "$BATS_TEST_TMPDIR/text"
}

@test "hostile: a sequence cut at the end of a value (F0 9F 98) takes nothing from the next field" {
	each_format QUERY_STRING='a=%F0%9F%98&b=%9F%98%80ok'
	[ "$(jqo -c '.form[0].value | explode')" = '[65533,65533,65533]' ]
	[ "$(jqo -c '.form[1].value | explode')" = '[65533,65533,65533,111,107]' ]
	[ "$(check_level form-parse)" = ok ]
	grep -qxF 'b = "\x9F\x98\x80ok" (query)' "$BATS_TEST_TMPDIR/text"
}

@test "hostile: invalid UTF-8 in environment names and values keeps every format valid UTF-8" {
	each_format "HTTP_X_$(printf '\xc0\x80\xed\xa0\x80\xff')=$(printf 'v\xf5\x80\xe0\x80\x80\xfe')"
	[ "$(check_level header-variables)" = ok ]
	[ "$(jqo -c '[.environment[] | select(.name | startswith("HTTP_X_"))][0] | [(.name | explode[7:]), (.value | explode)]')" = \
	    '[[65533,65533,65533,65533,65533,65533],[118,65533,65533,65533,65533,65533,65533]]' ]
	grep -qF '"HTTP_X_\xC0\x80\xED\xA0\x80\xFF" = "v\xF5\x80\xE0\x80\x80\xFE"' "$BATS_TEST_TMPDIR/text"
}

@test "hostile: invalid UTF-8 in a multipart name, filename and part content type" {
	mp_body '--B' 'Content-Disposition: form-data; name="n\xff\xc0\xaf"; filename="f\xed\xa0\x80.txt"' \
	    'Content-Type: te\xfext/plain' '' 'x' '--B--'
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP"
	[ "$(jqo -c '.form[0] | [(.name | explode), (.filename | explode), (.content_type | explode | length)]')" = \
	    '[[110,65533,65533,65533],[102,65533,65533,65533,46,116,120,116],11]' ]
	grep -qF '"n\xFF\xC0\xAF" = file "f\xED\xA0\x80.txt", 1 bytes, "te\xFExt/plain" (body)' "$BATS_TEST_TMPDIR/text"
	[ "$(check_level form-parse)" = ok ]
}

# --- NUL and control bytes -------------------------------------------

@test "hostile: raw NUL bytes in a urlencoded body's names and values are kept, not cut" {
	STDIN=$BATS_TEST_TMPDIR/stdin
	printf 'a\0b=x\0y&\0=\0' >"$STDIN"
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=12 CONTENT_TYPE=$UE
	dump_ok
	[ "$(jqo -c '[.form[] | [(.name | explode), (.value | explode)]]')" = \
	    '[[[97,0,98],[120,0,121]],[[0],[0]]]' ]
	[ "$(check_level form-parse)" = ok ]
	cgi PATH_INFO=/html REQUEST_METHOD=POST CONTENT_LENGTH=12 CONTENT_TYPE=$UE
	dump_ok
	html_safe
	no_raw_controls
	grep -qF 'x<span class="x">\x00</span>y' "$OUT"
}

@test "hostile: every C0 control and DEL in a multipart filename and content type: kept in JSON, escaped elsewhere" {
	local c='\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f'
	mp_body '--B' "Content-Disposition: form-data; name=\"f\"; filename=\"<$c>\"" \
	    "Content-Type: t/$c" '' "$c" '--B--'
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP"
	[ "$(jqo -c '.form[0].filename | explode')" = \
	    '[60,1,2,3,4,5,6,7,8,9,11,12,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,127,62]' ]
	[ "$(jqo '.form[0].content_type | explode | length')" -eq 32 ]
	[ "$(check_level form-parse)" = ok ]
	[ "$(jqo '.form[0].preview_hex')" = 0102030405060708090b0c0e0f101112131415161718191a1b1c1d1e1f7f ]
	grep -qF 'f = file "<\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0B\x0C\x0E' "$BATS_TEST_TMPDIR/text"
}

@test "hostile: all 256 byte values in one value: exact in text, U+FFFD for the high half in JSON" {
	local q t
	q=$(perl -e 'printf "%%%02X", $_ for 0..255')
	# text: \xNN for controls, DEL and each high byte alone, \" and \\
	t=$(perl -e 'for (0..255) { print $_ < 32 || $_ >= 127 ? sprintf("\\x%02X", $_) :
	    $_ == 34 ? "\\\"" : $_ == 92 ? "\\\\" : chr }')
	each_format QUERY_STRING="v=$q"
	[ "$(jqo -c '.form[0].value | explode | [.[0:128] == [range(128)], (.[128:] | unique)]')" = '[true,[65533]]' ]
	[ "$(check_level form-parse)" = ok ]
	grep -qxF "v = \"$t\" (query)" "$BATS_TEST_TMPDIR/text"
}

@test "hostile: control bytes in PATH_INFO, REQUEST_METHOD and SERVER_PROTOCOL are escaped and judged" {
	PI=$'/x\e[2J\x07' each_format REQUEST_METHOD=$'GE\x01T' SERVER_PROTOCOL=$'HTTP/1.1\x0b'
	[ "$(jqo .request.method)" = $'GE\x01T' ]
	[ "$(check_level meta-variables)" = warn ]
	grep -qxF 'REQUEST_METHOD = "GE\x01T"' "$BATS_TEST_TMPDIR/text"
	grep -qxF 'PATH_INFO = "/x\x1B[2J\x07/text"' "$BATS_TEST_TMPDIR/text"
}

@test "hostile: a NUL and an ESC through filename* (UTF-8''a%00b%1b) are decoded and shown escaped" {
	mp_body '--B' "Content-Disposition: form-data; name=\"f\"; filename=\"safe.txt\"; filename*=UTF-8''a%00b%1b.txt" '' 'x' '--B--'
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP"
	[ "$(jqo -c '.form[0] | [(.filename | explode), .filename_rfc5987]')" = '[[97,0,98,27,46,116,120,116],true]' ]
	[ "$(check_level form-parse)" = ok ]
	grep -qF 'f = file "a\x00b\x1B.txt"' "$BATS_TEST_TMPDIR/text"
}

# --- RTL override and invisible characters ---------------------------

@test "hostile: a right-to-left override filename (invoice<RLO>fdp.exe) shows the override in every format" {
	mp_body '--B' 'Content-Disposition: form-data; name="f"; filename="invoice\xe2\x80\xaefdp.exe"' '' 'MZ' '--B--'
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP"
	grep -qF '"filename":"invoice\u202efdp.exe"' "$OUT"
	[ "$(check_level form-parse)" = ok ]
	grep -qF 'f = file "invoice\u202efdp.exe"' "$BATS_TEST_TMPDIR/text"
	cgi PATH_INFO=/html REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP"
	grep -qF 'invoice<span class="x">\u202e</span>fdp.exe' "$OUT"
}

@test "hostile: zero-width, joiner, BOM, isolate, tag, filler and soft-hyphen characters in names are shown as code points" {
	each_format QUERY_STRING='a%E2%80%8Bb%E2%80%8Dc%EF%BB%BFd%E2%81%A0e%E2%81%A6f%F3%A0%81%81g%E3%85%A4h%C2%ADi%E1%A0%8Ej=1'
	grep -qxF '"a\u200bb\u200dc\ufeffd\u2060e\u2066f\U000e0041g\u3164h\u00adi\u180ej" = "1" (query)' "$BATS_TEST_TMPDIR/text"
	[ "$(jqo -c '.form[0].name | explode')" = \
	    '[97,8203,98,8205,99,65279,100,8288,101,8294,102,917569,103,12644,104,173,105,6158,106]' ]
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: an invisible character cannot pass one variable off as another (PATH<ZWSP>)" {
	each_format "$(printf 'PATH\xe2\x80\x8b')=/tmp/evil" "$(printf '\xe2\x80\xaeHTAP')=x"
	[ "$(env_var PATH)" = /usr/bin:/bin ]
	[ "$(env_var $'PATH\u200b')" = /tmp/evil ]
	grep -qxF '"PATH\u200b" = "/tmp/evil"' "$BATS_TEST_TMPDIR/text"
	grep -qxF '"\u202eHTAP" = "x"' "$BATS_TEST_TMPDIR/text"
	[ "$(check_level path)" = ok ]
}

# --- percent bombs ---------------------------------------------------

@test "hostile: percent bomb: the largest QUERY_STRING (128 KiB) of %25 decodes to 43,680 '%'" {
	local q
	q=$(head -c 43680 /dev/zero | sed 's/\x0/%25/g')
	rss_cgi PATH_INFO=/json QUERY_STRING="a=$q"
	dump_ok
	json_ok "$OUT"
	rss_below 65536
	[ "$(jqo '.form[0].value | length')" -eq 43680 ]
	jq -e '.form[0].value | test("^%+$")' "$OUT"
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: percent bomb: 1 MiB of %25 in a urlencoded body" {
	perl -e 'print "a=", "%25" x 349525' >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin rss_cgi PATH_INFO=/json REQUEST_METHOD=POST \
	    CONTENT_LENGTH=1048577 CONTENT_TYPE=$UE
	dump_ok
	rss_below 65536
	json_ok "$OUT"
	[ "$(jqo '.form[0].value | length')" -eq 349525 ]
	[ "$(check_level form-parse)" = ok ]
	STDIN=$BATS_TEST_TMPDIR/stdin cgi PATH_INFO=/html REQUEST_METHOD=POST \
	    CONTENT_LENGTH=1048577 CONTENT_TYPE=$UE
	dump_ok
	html_safe
}

@test "hostile: percent bomb: 1 MiB of bare '%' and of '%G' is kept literally" {
	perl -e 'print "a=", "%" x 1048576, "&b=", "%G" x 100000' >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin cgi_json REQUEST_METHOD=POST \
	    CONTENT_LENGTH=$(wc -c <"$BATS_TEST_TMPDIR/stdin") CONTENT_TYPE=$UE
	dump_ok
	[ "$(jqo '.form[0].value | length')" -eq 1048576 ]
	jq -e '.form[1].value | test("^(%G)+$") and length == 200000' "$OUT"
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: a double-encoded %2525 decodes once only" {
	each_format QUERY_STRING='a=%2525&%253C=%253Cscript%253E'
	[ "$(value a)" = %25 ]
	[ "$(check_level form-parse)" = ok ]
	[ "$(jqo '.form[1] | .name + .value')" = '%3C%3Cscript%3E' ]
}

@test "hostile: percent-encoded multipart names and filenames are not decoded (%3Cscript%3E, ..%2F)" {
	mp_body '--B' 'Content-Disposition: form-data; name="%3Cscript%3E%00"; filename="..%2F..%2Fetc%2Fpasswd"' '' 'x' '--B--'
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP"
	[ "$(jqo '.form[0].name')" = '%3Cscript%3E%00' ]
	[ "$(check_level form-parse)" = ok ]
	[ "$(jqo '.form[0].filename')" = '..%2F..%2Fetc%2Fpasswd' ]
}

# --- boundary tricks -------------------------------------------------

@test "hostile: an unquoted boundary with a space (no token) is read as Python reads it" {
	mp_body '--a b' 'Content-Disposition: form-data; name="x"' '' '1' '--a b--'
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN 'CONTENT_TYPE=multipart/form-data; boundary=a b'
	[ "$(value x)" = 1 ]
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: a boundary ending in a space is refused (RFC 2046 bcharsnospace) and the body shown" {
	mp_body '--abc ' 'Content-Disposition: form-data; name="x"' '' '1' '--abc --'
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN 'CONTENT_TYPE=multipart/form-data; boundary="abc "'
	[ "$(nfields)" -eq 0 ]
	[ "$(jqo .body.size)" -eq "$LEN" ]
	[ "$(check_level form-parse)" = fail ]
	[[ "$(jqo '.errors[0].message')" == *"a character RFC 2046 §5.1.1 does not allow"* ]]
}

@test "hostile: a 70-character boundary of every special character RFC 2046 allows parses" {
	local b="'()+_,-./:=? 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
	[ "${#b}" -eq 70 ]
	mp_body "--$b" 'Content-Disposition: form-data; name="x"' '' '1' "--$b--"
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN "CONTENT_TYPE=multipart/form-data; boundary=\"$b\""
	[ "$(value x)" = 1 ]
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: a delimiter in another case (--ABC for boundary abc) is no delimiter" {
	mp_body '--ABC' 'Content-Disposition: form-data; name="x"' '' '1' '--ABC--'
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN 'CONTENT_TYPE=multipart/form-data; boundary=abc'
	[ "$(nfields)" -eq 0 ]
	[ "$(check_level form-parse)" = fail ]
	[[ "$(jqo '.errors[0].message')" == 'no boundary "--abc" was found in '*' bytes: there are no parts'* ]]
}

@test "hostile: a quoted boundary hiding a quote or a backslash (\\\" \\\\) is refused" {
	local b
	for b in '"a\"b"' '"a\\b"'; do
		mp_body '--a"b' 'Content-Disposition: form-data; name="x"' '' '1' '--a"b--'
		each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN "CONTENT_TYPE=multipart/form-data; boundary=$b"
		[ "$(nfields)" -eq 0 ]
		[ "$(check_level form-parse)" = fail ]
		[[ "$(jqo '.errors[0].message')" == *"does not allow"* ]]
	done
}

@test "hostile: the boundary inside a line, not after a line end, is data" {
	mp_body '--B' 'Content-Disposition: form-data; name="x"' '' 'foo--B' 'bar --B--' ' --B' '--B--'
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP"
	[ "$(value x)" = $'foo--B\r\nbar --B--\r\n --B' ]
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: a nested boundary equal to the outer one is reported, not silently resolved" {
	mp_body '--OUT' 'Content-Disposition: form-data; name="f"' 'Content-Type: multipart/mixed; boundary=OUT' '' \
	    '--OUT' 'Content-Disposition: file; filename="a"' '' 'A' '--OUT--' \
	    '--OUT' 'Content-Disposition: form-data; name="after"' '' 'z' '--OUT--'
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN 'CONTENT_TYPE=multipart/form-data; boundary=OUT'
	[ "$(check_level form-parse)" = fail ]
	jq -e '[.errors[].message] | any(test("boundary"))' "$OUT"
}

@test "hostile: nested boundaries that are prefixes of each other (B and B1) keep their parts apart" {
	mp_body '--B1' 'Content-Disposition: form-data; name="f"' 'Content-Type: multipart/mixed; boundary=B' '' \
	    '--B' 'Content-Disposition: file; filename="a"' '' 'A' '--B' 'Content-Disposition: file; filename="b"' '' 'B' '--B--' \
	    '--B1' 'Content-Disposition: form-data; name="v"' '' 'after' '--B1--'
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN 'CONTENT_TYPE=multipart/form-data; boundary=B1'
	[ "$(jqo -c '[.form[] | [.name, (.filename // .value), (.preview // "")]]')" = \
	    '[["f","a","A"],["f","b","B"],["v","after",""]]' ]
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: 1 MiB of near-miss delimiter lines inside a file: size and SHA-256 exact" {
	local b=abcdefghijklmnopqrstuvwxyz0123456789
	perl -e 'my $b = shift; for (1..17000) { print "\r\n--", substr($b, 0, $_ % length($b)), "X\r\n-", "-$b"x0, "\n--", substr($b, 0, 35), "\r" }' "$b" |
	    head -c 1048575 >"$BATS_TEST_TMPDIR/data"
	# the last byte no CR: that one would be the delimiter's
	printf x >>"$BATS_TEST_TMPDIR/data"
	! grep -qF -- "--$b" "$BATS_TEST_TMPDIR/data"
	STDIN=$BATS_TEST_TMPDIR/stdin
	{
		printf -- '--%s\r\nContent-Disposition: form-data; name="f"; filename="near"\r\n\r\n' $b
		cat "$BATS_TEST_TMPDIR/data"
		printf -- '\r\n--%s--\r\n' $b
	} >"$STDIN"
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$(wc -c <"$STDIN") \
	    "CONTENT_TYPE=multipart/form-data; boundary=$b"
	dump_ok
	[ "$(jqo '.form[0].size')" -eq 1048576 ]
	[ "$(jqo '.form[0].sha256')" = "$(sha "$BATS_TEST_TMPDIR/data")" ]
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: 1 MiB of CR, LF and '-' inside a file: size and SHA-256 exact" {
	head -c 1048576 /dev/urandom | tr '\000-\377' '\r\n-\r-\n--\r\n\r\r\n-' | tr -s '\r\n-' '\r\n-' |
	    head -c 1048576 >"$BATS_TEST_TMPDIR/data"
	# it must still end without a CR, or the CR of the delimiter would be shared
	printf x >>"$BATS_TEST_TMPDIR/data"
	file_part f crlf "$BATS_TEST_TMPDIR/data"
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP"
	dump_ok
	[ "$(jqo '.form[0].size')" -eq "$(wc -c <"$BATS_TEST_TMPDIR/data")" ]
	[ "$(jqo '.form[0].sha256')" = "$(sha "$BATS_TEST_TMPDIR/data")" ]
	[ "$(check_level form-parse)" = ok ]
}

# --- nesting and field-count bombs, with the default limits ----------

@test "hostile: field-count bomb: 400,000 fields in a body are cut by a limit, reported, memory bounded" {
	perl -e 'print "a=&" x 400000' >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin rss_cgi PATH_INFO=/json REQUEST_METHOD=POST \
	    CONTENT_LENGTH=1200000 CONTENT_TYPE=$UE
	dump_ok
	rss_below 65536
	json_ok "$OUT"
	cut_by_a_limit
	[ "$(jqo .request.body_end)" = complete ]
}

@test "hostile: field-count bomb in the largest QUERY_STRING: 65,000 fields cut by a limit" {
	local q
	q=$(head -c 65000 /dev/zero | sed 's/\x0/a\&/g')
	cgi_json QUERY_STRING="$q"
	dump_ok
	cut_by_a_limit
	cgi PATH_INFO=/html QUERY_STRING="$q"
	dump_ok
	html_safe
}

@test "hostile: 1,000,000 '&' separators make no field and no problem" {
	head -c 1000000 /dev/zero | tr '\0' '&' >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=1000000 CONTENT_TYPE=$UE
	dump_ok
	[ "$(nfields)" -eq 0 ]
	[ "$(jqo '.errors | length')" -eq 0 ]
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: nesting bomb: 100,000 nested multipart levels, cut at CGIDUMP_MAX_DEPTH, memory bounded" {
	perl -e 'for $i (1..100000) { print "--B$i\r\nContent-Disposition: form-data; name=\"x\"\r\nContent-Type: multipart/mixed; boundary=B", $i + 1, "\r\n\r\n" } print "--B1--\r\n"' \
	    >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin rss_cgi PATH_INFO=/json REQUEST_METHOD=POST \
	    CONTENT_LENGTH=$(wc -c <"$BATS_TEST_TMPDIR/stdin") 'CONTENT_TYPE=multipart/form-data; boundary=B1'
	dump_ok
	rss_below 65536
	json_ok "$OUT"
	[ "$(nfields)" -eq 0 ]
	[ "$(check_level form-parse)" = fail ]
	jq -e '[.errors[] | select(.cause == "limit") | .message] | any(test("deeper than CGIDUMP_MAX_DEPTH \\(4\\)"))' "$OUT"
}

@test "hostile: part-count bomb: 50,000 empty file parts are cut by a limit" {
	perl -e 'print "--B\r\nContent-Disposition: form-data; name=f; filename=\"\"\r\n\r\n\r\n" x 50000; print "--B--\r\n"' \
	    >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin rss_cgi PATH_INFO=/json REQUEST_METHOD=POST \
	    CONTENT_LENGTH=$(wc -c <"$BATS_TEST_TMPDIR/stdin") CONTENT_TYPE="$MP"
	dump_ok
	rss_below 65536
	json_ok "$OUT"
	cut_by_a_limit
	[ "$(jqo '.form[-1].size')" -eq 0 ]
}

@test "hostile: a 9 MiB value is cut at CGIDUMP_MAX_FORM, marked truncated, memory bounded" {
	{ printf 'a='; head -c 9437184 /dev/zero | tr '\0' v; } >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin rss_cgi PATH_INFO=/json REQUEST_METHOD=POST \
	    CONTENT_LENGTH=9437186 CONTENT_TYPE=$UE
	dump_ok
	rss_below 65536
	json_ok "$OUT"
	[ "$(jqo '.form[0].truncated')" = true ]
	[ "$(jqo '.form[0].value | length')" -lt 8388608 ]
	[ "$(jqo .request.body_end)" = complete ]
	[ "$(check_level form-parse)" = warn ]
	[[ "$(jqo '.errors[0].message')" == *CGIDUMP_MAX_FORM* ]]
}

@test "hostile: 3,000 junk header lines before Content-Disposition (within CGIDUMP_MAX_HEADER) still name the part" {
	STDIN=$BATS_TEST_TMPDIR/stdin
	{
		printf -- '--B\r\n'
		for i in $(seq 3000); do printf 'X:y\r\n'; done
		printf 'Content-Disposition: form-data; name="deep"\r\n\r\nv\r\n--B--\r\n'
	} >"$STDIN"
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$(wc -c <"$STDIN") CONTENT_TYPE="$MP"
	dump_ok
	[ "$(value deep)" = v ]
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: a Content-Disposition folded over 3,000 continuation lines is one header" {
	STDIN=$BATS_TEST_TMPDIR/stdin
	{
		printf -- '--B\r\nContent-Disposition: form-data;'
		for i in $(seq 3000); do printf '\r\n\t'; done
		printf '\r\n name="folded"\r\n\r\nv\r\n--B--\r\n'
	} >"$STDIN"
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$(wc -c <"$STDIN") CONTENT_TYPE="$MP"
	dump_ok
	[ "$(value folded)" = v ]
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: a 10 MiB preamble without a boundary: no parts, reported, memory bounded" {
	{ head -c 10485760 /dev/zero | tr '\0' -; printf '\r\n--C--\r\n'; } >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin rss_cgi PATH_INFO=/json REQUEST_METHOD=POST \
	    CONTENT_LENGTH=$(wc -c <"$BATS_TEST_TMPDIR/stdin") CONTENT_TYPE="$MP"
	dump_ok
	rss_below 65536
	[ "$(nfields)" -eq 0 ]
	[ "$(jqo .request.body_end)" = complete ]
	[ "$(check_level form-parse)" = fail ]
	[[ "$(jqo '.errors[0].message')" == 'no boundary "--B" was found in '*' bytes: there are no parts'* ]]
}

@test "hostile: CGIDUMP_MAX_HEADER set near 2^64 (a large limit) does not turn into a tiny one" {
	local n
	n=$(head -c 200 /dev/zero | tr '\0' n)
	mp_body '--B' "Content-Disposition: form-data; name=\"$n\"" '' 'v' '--B--'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP" \
	    CGIDUMP_MAX_HEADER=18446744073709551615
	dump_ok
	[ "$(value "$n")" = v ]
	[ "$(check_level form-parse)" = ok ]
}

# --- terminal escapes ------------------------------------------------

@test "hostile: terminal escapes in a multipart name, filename, content type and preview never reach any format raw" {
	local e='\x1b]0;pwned\x07\x1b[2J\x1b[31m\x9b1m\x1bP+q\x1b\\\\'
	mp_body '--B' "Content-Disposition: form-data; name=\"n$e\"; filename=\"f$e\"" "Content-Type: t/$e" '' "$e" \
	    '--B' "Content-Disposition: form-data; name=\"v\"" '' "$e" '--B--'
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP"
	grep -qF '"n\x1B]0;pwned\x07\x1B[2J\x1B[31m\x9B1m\x1BP+q\x1B\\" = file "f\x1B]0;pwned' "$BATS_TEST_TMPDIR/text"
	grep -qF 'v = "\x1B]0;pwned\x07' "$BATS_TEST_TMPDIR/text"
	[ "$(check_level form-parse)" = ok ]
}

@test "hostile: OSC 52 (clipboard), OSC 8 (links) and CSI in PATH_INFO, Accept, Content-Type, User-Agent and method" {
	local e=$'\e]52;c;Y3VybCBldmlsLnNoIHwgc2g=\a\e]8;;http://evil/\e\\click\e]8;;\e\\\e[?1049h'
	PI="/$e" each_format HTTP_ACCEPT="$e" CONTENT_TYPE="$e" HTTP_USER_AGENT="$e" \
	    REQUEST_METHOD="$e"
	[ "$(jqo .request.method)" = "$e" ]
	grep -qF 'HTTP_USER_AGENT = "\x1B]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07\x1B]8;;http://evil/\x1B\\click' "$BATS_TEST_TMPDIR/text"
	[ "$(check_level meta-variables)" = warn ]
}

@test "hostile: terminal escapes quoted in /check verdicts never reach it raw" {
	cgi PATH_INFO=/check GATEWAY_INTERFACE=$'CGI/\e[2J9' SERVER_PROTOCOL=$'\e]0;x\a' \
	    QUERY_STRING=$'a=1;\e[31m' CONTENT_LENGTH=$'\e[5m'
	[ "$status" -eq 0 ]
	answer "500 Internal Server Error"
	own_headers
	no_raw_controls
	grep -q '^warn meta-variables: set, but with values RFC 3875 §4.1 does not allow: GATEWAY_INTERFACE' "$OUT"
	grep -q '^fail body-length: CONTENT_LENGTH "\\x1B\[5m"' "$OUT"
}

@test "hostile: terminal escapes in local mode (--check, -f text, the query argument) never reach the terminal" {
	run --separate-stderr timeout 20 env -i PATH=/usr/bin:/bin LD_PRELOAD=$'\e[2J' \
	    "X=$(printf '\e]0;t\a')" "$CGIDUMP" --check
	[ "$status" -le 1 ]
	printf '%s' "$output" >"$BATS_TEST_TMPDIR/out"
	no_raw_controls "$BATS_TEST_TMPDIR/out"
	grep -q 'library-variables: .*LD_PRELOAD' "$BATS_TEST_TMPDIR/out"
	grep -q '^warn library-variables: ' "$BATS_TEST_TMPDIR/out"
	run timeout 20 env -i PATH=/usr/bin:/bin "X=$(printf '\e[31m')" "$CGIDUMP" -f text $'q=%1b[2J&\e[31m=\x07'
	[ "$status" -eq 0 ]
	printf '%s' "$output" >"$BATS_TEST_TMPDIR/out"
	no_raw_controls "$BATS_TEST_TMPDIR/out"
	grep -qF 'q = "\x1B[2J" (query)' "$BATS_TEST_TMPDIR/out"
}

# --- XSS in every place ----------------------------------------------

@test "hostile: XSS in PATH_INFO and PATH_TRANSLATED is escaped in HTML" {
	PI="/$XSS" each_format PATH_TRANSLATED="/var/www/$XSS"
	[ "$(env_var PATH_INFO)" = "/$XSS/json" ]
	# PATH_TRANSLATED with PATH_INFO, as RFC 3875 §4.1.6 wants
	[ "$(check_level meta-variables)" = ok ]
	cgi PATH_INFO="/$XSS/html"
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;' "$OUT"
}

@test "hostile: XSS in Accept, method, protocol, server software, Host and User-Agent is escaped in HTML" {
	each_format HTTP_ACCEPT="$XSS" REQUEST_METHOD="$XSS" SERVER_PROTOCOL="$XSS" \
	    SERVER_SOFTWARE="$XSS" HTTP_HOST="$XSS" HTTP_USER_AGENT="$XSS"
	[ "$(jqo .request.method)" = "$XSS" ]
	[ "$(check_level meta-variables)" = warn ]
}

@test "hostile: XSS in cookie names is escaped in HTML; the cookie values stay hidden" {
	local c='<script>alert(1)</script>=v1-hidden; ok=v2-hidden; "><img src=x onerror=alert(2)>=v3-hidden'
	each_format HTTP_COOKIE="$c"
	! grep -q 'hidden' "$OUT" "$BATS_TEST_TMPDIR/text"
	# a name ends at its first '=' (RFC 6265 §5.2)
	[ "$(jqo -c '.environment[] | select(.name == "HTTP_COOKIE") | .cookie_names')" = \
	    '["<script>alert(1)</script>","ok","\"><img src"]' ]
	[ "$(check_level secrets)" = ok ]
	cgi PATH_INFO=/html HTTP_COOKIE="$c"
	! grep -q 'hidden' "$OUT"
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$OUT"
}

@test "hostile: XSS through filename* (RFC 5987, percent-decoded) is escaped in HTML" {
	mp_body '--B' "Content-Disposition: form-data; name=\"f\"; filename=\"a.txt\"; filename*=UTF-8''%3Cscript%3Ealert(1)%3C%2Fscript%3E.html" \
	    'Content-Type: text/html' '' '<script>alert(2)</script>' '--B--'
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP"
	[ "$(jqo '.form[0].filename')" = '<script>alert(1)</script>.html' ]
	[ "$(check_level form-parse)" = ok ]
	cgi PATH_INFO=/html REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP"
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;.html' "$OUT"
}

@test "hostile: XSS quoted in check messages and problems is escaped in HTML" {
	body_file 'a=1'
	each_format GATEWAY_INTERFACE="$XSS" QUERY_STRING="x=1;$XSS" CONTENT_LENGTH="$XSS" \
	    REQUEST_METHOD=POST SERVER_PORT="$XSS" CGIDUMP_MAX_FIELDS="$XSS" \
	    CONTENT_TYPE="multipart/form-data; boundary=\"$XSS\""
	[ "$(check_level meta-variables)" = warn ]
	[ "$(check_level query-semicolon)" = warn ]
	[ "$(check_level body-length)" = fail ]
	[ "$(check_level config)" = warn ]
}

@test "hostile: HTML breakers in values stay text: </span></dd>, <!--, <![CDATA[, </style>, pre-escaped &lt;" {
	local q='a=%3C%2Fspan%3E%3C%2Fdd%3E%3C%2Fdl%3E%3C!--&b=%3C!%5BCDATA%5B%5D%5D%3E&c=%3C%2Fstyle%3E%3Cstyle%3E*%7Bdisplay:none%7D&d=%26lt%3Bscript%26gt%3B&e=%26%2360%3B'
	each_format QUERY_STRING="$q"
	[ "$(check_level form-parse)" = ok ]
	cgi PATH_INFO=/html QUERY_STRING="$q"
	grep -qF '&lt;/span&gt;&lt;/dd&gt;&lt;/dl&gt;&lt;!--' "$OUT"
	grep -qF '&amp;lt;script&amp;gt;' "$OUT"
	grep -qF '&amp;#60;' "$OUT"
	[ "$(grep -c '<style>' "$OUT")" -eq 1 ]
}

@test "hostile: /check, /stderr, /replay and a refusal answer XSS as text/plain with nosniff" {
	local p
	for p in /check /stderr /replay; do
		cgi PATH_INFO="/$XSS$p" QUERY_STRING="$XSS" HTTP_X_A="$XSS"
		own_headers
		[ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
		[ "$(header X-Content-Type-Options)" = nosniff ]
	done
	cgi PATH_INFO=/html QUERY_STRING="$XSS" CGIDUMP_TOKEN=t HTTP_X_CGIDUMP_TOKEN="$XSS"
	answer "403 Forbidden"
	[ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
	! grep -q 'script' "$OUT"
}

@test "hostile: JSON breakers in names, values and filenames stay inside their strings" {
	local v='","value":"x"},{"name":"injected' w
	w=${v//\"/\\\"}
	# on the wire \" and \\ (RFC 2045 quoted-pair): a name that ends in
	# a backslash, a filename of quotes, a value of JSON
	mp_body '--B' "Content-Disposition: form-data; name=\"$w\\\\\\\\\"; filename=\"$w\"" '' '"}]}' \
	    '--B' 'Content-Disposition: form-data; name="v"' '' '\\u0000"],"checks":[],"x":["' '--B--'
	each_format REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP" QUERY_STRING='%22%5D%7D=%5C%22'
	[ "$(nfields)" -eq 3 ]
	[ "$(check_level form-parse)" = ok ]
	[ "$(jqo '.form[0].name + .form[0].value')" = '"]}\"' ]
	[ "$(jqo '.form[1].name')" = "$v\\" ]
	[ "$(jqo '.form[1].filename')" = "$v" ]
	[ "$(jqo '.form[1].preview')" = '"}]}' ]
	[ "$(jqo '.form[2].value')" = '\u0000"],"checks":[],"x":["' ]
	[ "$(jqo '.checks | length')" -ge 18 ]
	[ "$(jqo 'has("x")')" = false ]
}

@test "hostile: XSS in local mode's query argument and -f html" {
	run timeout 20 env -i PATH=/usr/bin:/bin "$CGIDUMP" -f html "$(printf '%s' "$XSS" | sed 's/&/%26/g')=1"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/page"
	html_safe "$BATS_TEST_TMPDIR/page"
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$BATS_TEST_TMPDIR/page"
}

# --- CR/LF on the way to a header ------------------------------------

@test "hostile: CR/LF in PATH_INFO, raw and %0d%0a, reaches no header on any endpoint" {
	local p e
	for p in /html /text /json /check /stderr /replay /stream; do
		for e in $'\r\nSet-Cookie: evil=1\r\n\r\n<script>' '%0d%0aSet-Cookie:%20evil=1%0d%0a'; do
			if [ "$p" = /stream ] && [ "$e" = '%0d%0aSet-Cookie:%20evil=1%0d%0a' ]; then
				continue	# 2 s each: once is enough
			fi
			cgi PATH_INFO="/x$e$p" QUERY_STRING="a=$e"
			[ "$status" -eq 0 ]
			own_headers
			! grep -qi 'set-cookie' "$HDR"
		done
	done
}

@test "hostile: CR/LF in every request variable at once, as an nph- program, on every endpoint" {
	local p v vars=()
	ln -s "$CGIDUMP" "$BATS_TEST_TMPDIR/nph-cgidump"
	for v in SERVER_PROTOCOL HTTP_ACCEPT HTTP_HOST HTTP_USER_AGENT REQUEST_METHOD \
	    QUERY_STRING SCRIPT_NAME SERVER_SOFTWARE REMOTE_ADDR HTTP_COOKIE CONTENT_TYPE; do
		vars+=("$v=HTTP/1.1"$'\r\nSet-Cookie: evil=1\r\nLocation: http://evil/\r\n\r\n')
	done
	for p in /html /text /json /check /stderr /replay; do
		CGIDUMP=$BATS_TEST_TMPDIR/nph-cgidump cgi PATH_INFO=$'/\r\nX-Evil: 1\r\n'"$p" "${vars[@]}"
		[ "$status" -eq 0 ]
		head -n 1 "$RAW" | grep -qE $'^HTTP/1\\.0 (200 OK|500 Internal Server Error|501 Not Implemented)\r$'
		own_headers
		! grep -qi 'set-cookie\|location\|x-evil' "$HDR"
	done
	CGIDUMP=$BATS_TEST_TMPDIR/nph-cgidump cgi REQUEST_METHOD=HEAD PATH_INFO=/stream "${vars[@]:0:3}"
	own_headers
	[ ! -s "$OUT" ]
}

@test "hostile: CR/LF in a refused request (403 and 410) reaches no header" {
	cgi CGIDUMP_ALLOW=10.0.0.1 PATH_INFO=$'/\r\nX-Evil: 1\r\n/json' HTTP_ACCEPT=$'\r\nX-Evil: 2'
	answer "403 Forbidden"
	own_headers
	cgi CGIDUMP_EXPIRES=2000-01-01 QUERY_STRING=$'\r\nX-Evil: 3' SERVER_PROTOCOL=$'HTTP/1.1\r\nX-Evil: 4'
	answer "410 Gone"
	own_headers
	! grep -qi 'x-evil' "$RAW"
}

@test "hostile: an empty argv and an nph- SCRIPT_NAME with CR/LF: a clean status line" {
	exact_env -0 GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/json SERVER_PROTOCOL=HTTP/1.1 \
	    SCRIPT_NAME=$'/cgi-bin/nph-x\r\nSet-Cookie: evil=1' REQUEST_METHOD=GET
	[ "$status" -eq 0 ]
	own_headers
	json_ok "$OUT"
	# Linux 5.18 and later hand an empty argv over as { "" }: then
	# argv[0], not SCRIPT_NAME, names the program, and it is not nph-
	if [ "$(jqo -c .argv)" = '[]' ]; then
		head -n 1 "$RAW" | grep -q $'^HTTP/1.1 200 OK\r$'
	else
		[ "$(jqo -c .argv)" = '[""]' ]
		head -n 1 "$RAW" | grep -q $'^Status: 200 OK\r$'
	fi
	! grep -qi 'set-cookie' "$HDR"
	[ "$(check_level isindex-argv)" = ok ]
	[ "$(jqo .host.program_from)" = /proc/self/exe ]
}

# --- filenames that climb out ----------------------------------------

@test "hostile: path traversal in filenames is shown, never used: nothing is created anywhere" {
	local top=$BATS_TEST_TMPDIR/jail name f
	mkdir -p "$top/a/b/c"
	name=pwned-$$-$RANDOM
	mp_body '--B' "Content-Disposition: form-data; name=\"f\"; filename=\"../../../$name-1\"" '' 'x' \
	    '--B' "Content-Disposition: form-data; name=\"f\"; filename=\"$top/$name-2\"" '' 'x' \
	    '--B' "Content-Disposition: form-data; name=\"f\"; filename=\"..\\\\\\\\..\\\\\\\\$name-3\"" '' 'x' \
	    '--B' "Content-Disposition: form-data; name=\"f\"; filename=\"x\"; filename*=UTF-8''..%2F..%2F$name-4" '' 'x' \
	    '--B' "Content-Disposition: form-data; name=\"f\"; filename=\"/tmp/$name-5\"" '' 'x' \
	    '--B' "Content-Disposition: form-data; name=\"f\"; filename=\"C:\\\\\\\\Windows\\\\\\\\$name-6\"" '' 'x' \
	    '--B' "Content-Disposition: form-data; name=\"f\"; filename=\"~/.ssh/authorized_keys\"" '' 'x' '--B--'
	for f in json html text; do
		CWD=$top/a/b/c cgi PATH_INFO=/$f REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP"
		dump_ok
	done
	CWD=$top/a/b/c cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=$LEN CONTENT_TYPE="$MP"
	[ "$(jqo -c '[.form[].filename]')" = "$(jq -nc --arg n "$name" --arg t "$top" \
	    '["../../../\($n)-1", "\($t)/\($n)-2", "..\\..\\\($n)-3", "../../\($n)-4", "/tmp/\($n)-5", "C:\\Windows\\\($n)-6", "~/.ssh/authorized_keys"]')" ]
	[ "$(check_level form-parse)" = ok ]
	# the working directory and everything around it are as they were,
	# and none of the files named exists
	[ "$(cd "$top" && find . | sort | paste -sd' ')" = ". ./a ./a/b ./a/b/c" ]
	[ ! -e "/tmp/$name-5" ]
	[ ! -e "$top/../$name-1" ]
	[ ! -e "/$name-1" ]
}

# --- where the answer goes -------------------------------------------

@test "hostile: a reader that goes away after one byte (| head -c 1): exit 1, quietly, at once" {
	local q
	q=$(seq 0 9999 | sed 's/.*/f&=v&/' | paste -sd '&')
	run timeout 20 bash -c 'env -i GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/html QUERY_STRING="$1" \
	    "$0" 2>"$2" | head -c 1; echo " ${PIPESTATUS[0]}"' "$CGIDUMP" "$q" "$BATS_TEST_TMPDIR/stderr"
	[ "$status" -eq 0 ]
	# S of "Status:", then cgidump's exit status: 1, the output could not be written
	[ "$output" = "S 1" ]
	_no_sanitizer_report
	[ "$(wc -l <"$BATS_TEST_TMPDIR/stderr")" -le 1 ]
}

@test "hostile: stdout closed (>&-): /dev/null takes its place, exit 0, nothing written elsewhere" {
	mkdir "$BATS_TEST_TMPDIR/empty"
	cd "$BATS_TEST_TMPDIR/empty"
	run --separate-stderr timeout 20 bash -c 'env -i GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/json \
	    QUERY_STRING=a=1 "$0" >&-; echo "rc=$?"' "$CGIDUMP"
	[ "$output" = rc=0 ]
	[ -z "$stderr" ]
	[ -z "$(ls -A)" ]
}

@test "hostile: stdout on a full disk (/dev/full): exit 1, no hang" {
	run --separate-stderr timeout 20 bash -c 'env -i GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/json "$0" >/dev/full; echo "rc=$?"' "$CGIDUMP"
	[ "$output" = rc=1 ]
	[[ "$stderr" != *Sanitizer* ]]
}

@test "hostile: a reader that never reads (a stuck stdout)" {
	skip "a write deadline (issue 10, bug 8) is being added elsewhere; its own test covers this"
}

# --- the fences, from the client's side ------------------------------

@test "hostile: X-Forwarded-For, X-Real-IP, Forwarded and Client-IP do not pass CGIDUMP_ALLOW" {
	cgi PATH_INFO=/json CGIDUMP_ALLOW=127.0.0.1 REMOTE_ADDR=203.0.113.9 \
	    HTTP_X_FORWARDED_FOR=127.0.0.1 HTTP_X_REAL_IP=127.0.0.1 HTTP_FORWARDED=for=127.0.0.1 \
	    HTTP_CLIENT_IP=127.0.0.1 HTTP_TRUE_CLIENT_IP=127.0.0.1 HTTP_X_CLIENT_IP=127.0.0.1
	answer "403 Forbidden"
	own_headers
	[ "$(wc -l <"$OUT")" -eq 2 ]
}

@test "hostile: REMOTE_ADDR in other spellings (octal, short, integer, hex, with a port, a list) is refused" {
	local a
	for a in 0177.0.0.1 127.1 2130706433 0x7f.0.0.1 127.0.0.01 127.0.0.1:80 '[127.0.0.1]' \
	    '127.0.0.1, 203.0.113.9' '203.0.113.9, 127.0.0.1' ' 127.0.0.1' $'127.0.0.1\n' '127.0.0.1/8'; do
		cgi PATH_INFO=/json CGIDUMP_ALLOW=127.0.0.1 REMOTE_ADDR="$a"
		answer "403 Forbidden" || { echo "let in: $(printf %q "$a")"; return 1; }
	done
	cgi PATH_INFO=/json CGIDUMP_ALLOW=127.0.0.1 REMOTE_ADDR=::ffff:7f00:1
	answer "200 OK"
}

@test "hostile: a token with a CR/LF, a space, a tab or a case change is refused" {
	local t
	for t in $'s3cret\r\n' 's3cret ' ' s3cret' $'s3cret\t' S3CRET 's3cret%00' $'s3cret\r'; do
		cgi PATH_INFO=/json CGIDUMP_TOKEN=s3cret HTTP_X_CGIDUMP_TOKEN="$t"
		answer "403 Forbidden" || { echo "let in: $(printf %q "$t")"; return 1; }
		own_headers
		! grep -qi s3cret "$RAW"
	done
}

# --- the rest ---------------------------------------------------------

@test "hostile: an Accept header of 128 KiB of media ranges picks its format at once" {
	local a
	a=$(yes 'x/y;q=0.5' | head -n 13000 | paste -sd,)
	cgi HTTP_ACCEPT="$a"
	dump_ok
	[ "$(header Content-Type)" = "text/html; charset=utf-8" ]
	cgi HTTP_ACCEPT="$a,application/json"
	dump_ok
	[ "$(header Content-Type)" = application/json ]
	json_ok "$OUT"
}

@test "hostile: 10,000 ISINDEX words as 10,000 arguments are judged word by word" {
	local args=() q
	q=$(seq 10000 | sed 's/^/w/' | paste -sd+)
	mapfile -t args < <(seq 10000 | sed 's/^/w/')
	cgi_json QUERY_STRING="$q" -- "${args[@]}"
	dump_ok
	[ "$(jqo '.argv | length')" -eq 10001 ]
	[ "$(check_level isindex-argv)" = ok ]
	cgi_json QUERY_STRING="$q" -- "${args[@]:1}"
	[ "$(check_level isindex-argv)" = warn ]
}

@test "hostile: a 100 KiB REQUEST_METHOD and SERVER_PROTOCOL are shown whole and judged" {
	local m
	m=$(head -c 100000 /dev/zero | tr '\0' P)
	each_format REQUEST_METHOD="$m" SERVER_PROTOCOL="$m"
	[ "$(jqo '.request.method | length')" -eq 100000 ]
	[ "$(check_level meta-variables)" = warn ]
}

@test "hostile: a form value encoded a hundred thousand times over does not make the URL-password search quadratic" {
	# "%25" nested: each decoding round peels one level; the search
	# takes a bounded number of rounds, so this ends well inside TMO.
	printf 'v=%%25' >"$BATS_TEST_TMPDIR/body"
	head -c 300000 /dev/zero | tr '\0' '2' | sed 's/22/25/g' >>"$BATS_TEST_TMPDIR/body"
	STDIN=$BATS_TEST_TMPDIR/body
	cgi_json REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded \
	    CONTENT_LENGTH=$(wc -c <"$STDIN")
	[ "$status" -eq 0 ]
	[ "$(jqo '.form[0].name')" = v ]
}
