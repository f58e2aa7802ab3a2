#!/usr/bin/env bats
# Every place input can reach, with every target's escaping: HTML
# escaped, JSON intact, text with no byte that can drive a terminal.

load helpers

XSS1='<script>alert(1)</script>'
XSS2='"><img src=x onerror=alert(2)>'
XSS3="' onmouseover='alert(3)"

# No payload may appear unescaped in the HTML page.
assert_no_raw_html() {
	! grep -qF '<script>alert' "$OUT"
	! grep -qF '<img src=x' "$OUT"
	! grep -qF "' onmouseover='" "$OUT"
	! grep -qF '"><img' "$OUT"
}

@test "XSS in environment names and values: escaped in HTML" {
	cgi "HTTP_X_A=$XSS1" "HTTP_X_B=$XSS2" "HTTP_X_C=$XSS3" \
	    "HTTP_$XSS1=name" "X$XSS2=name2"
	[ "$status" -eq 0 ]
	assert_no_raw_html
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$OUT"
	grep -qF '&quot;&gt;&lt;img src=x onerror=alert(2)&gt;' "$OUT"
	grep -qF '&#39; onmouseover=&#39;alert(3)' "$OUT"
	grep -qF '<dt><span class="v">HTTP_&lt;script&gt;alert(1)&lt;/script&gt;</span></dt>' "$OUT"
}

@test "XSS in environment names and values: intact in JSON" {
	cgi_json "HTTP_X_A=$XSS1" "HTTP_X_B=$XSS2" "HTTP_X_C=$XSS3" "HTTP_$XSS1=name"
	[ "$(jqo '.environment[] | select(.name == "HTTP_X_A") | .value')" = "$XSS1" ]
	[ "$(jqo '.environment[] | select(.name == "HTTP_X_B") | .value')" = "$XSS2" ]
	[ "$(jqo '.environment[] | select(.name == "HTTP_X_C") | .value')" = "$XSS3" ]
	[ "$(jqo --arg n "HTTP_$XSS1" '.environment[] | select(.name == $n) | .value')" = name ]
}

@test "XSS in argv: escaped in HTML, intact in JSON" {
	cgi -- "$XSS1" "$XSS2" "$XSS3"
	assert_no_raw_html
	grep -qF '<li><span class="v">&lt;script&gt;alert(1)&lt;/script&gt;</span></li>' "$OUT"
	cgi_json -- "$XSS1" "$XSS2" "$XSS3"
	[ "$(jqo '.argv[1]')" = "$XSS1" ]
	[ "$(jqo '.argv[2]')" = "$XSS2" ]
	[ "$(jqo '.argv[3]')" = "$XSS3" ]
}

@test "XSS in form names and values: escaped in HTML, intact in JSON" {
	local q='%3Cscript%3Ealert(1)%3C%2Fscript%3E=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(2)%3E&x=%27+onmouseover%3D%27alert(3)'
	cgi QUERY_STRING="$q"
	assert_no_raw_html
	grep -qF '<dt><span class="v">&lt;script&gt;alert(1)&lt;/script&gt;</span></dt>' "$OUT"
	cgi_json QUERY_STRING="$q"
	[ "$(jqo '.form[0].name')" = "$XSS1" ]
	[ "$(jqo '.form[0].value')" = "$XSS2" ]
	[ "$(jqo '.form[1].value')" = "$XSS3" ]
}

@test "XSS in a urlencoded body and its content type" {
	body_file 'a=%3Cscript%3Ealert(1)%3C%2Fscript%3E'
	cgi REQUEST_METHOD=POST CONTENT_LENGTH=37 \
	    "CONTENT_TYPE=application/x-www-form-urlencoded; x=$XSS2"
	assert_no_raw_html
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$OUT"
}

@test "XSS in a non-form body's preview and a bad CONTENT_LENGTH" {
	body_file "$XSS1"
	cgi REQUEST_METHOD=POST CONTENT_LENGTH=25 CONTENT_TYPE=text/html
	assert_no_raw_html
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$OUT"
	cgi REQUEST_METHOD=POST "CONTENT_LENGTH=$XSS2"
	assert_no_raw_html
	grep -qF 'CONTENT_LENGTH &quot;\&quot;&gt;&lt;img' "$OUT"
}

@test "XSS in the working directory: a directory named <b>x</b>" {
	local dir="$BATS_TEST_TMPDIR/<b>x<\/b>\"'"
	mkdir -p "$dir"
	cd "$dir"
	cgi
	! grep -qF '<b>x' "$OUT"
	grep -qF '&lt;b&gt;x&lt;' "$OUT"
	cgi_json
	[ "$(jqo .cwd)" = "$dir" ]
	cgi PATH_INFO=/text
	grep -qF "\"$BATS_TEST_TMPDIR/<b>x<\\\\/b>\\\"'\"" "$OUT"
}

@test "terminal escapes never reach a terminal in text mode" {
	local esc=$'\e]0;pwned\a\e[2J\e[31mred\r\b\x7f'
	cgi PATH_INFO=/text "HTTP_X_T=$esc" "HTTP_X_$esc=1" \
	    QUERY_STRING='t=%1B%5B31mred%9B%07' -- "$esc"
	[ "$status" -eq 0 ]
	# no control byte at all, other than the line feeds
	! LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$OUT"
	grep -qF 'HTTP_X_T = "\x1B]0;pwned\x07\x1B[2J\x1B[31mred\x0D\x08\x7F"' "$OUT"
	grep -qF 't = "\x1B[31mred\x9B\x07" (query)' "$OUT"
	grep -qF 'argv[1] = "\x1B]0;pwned' "$OUT"
}

@test "local text output escapes too (the default format)" {
	run timeout 10 env -i "X=$(printf '\e[31m')" "$CGIDUMP"
	[ "$status" -eq 0 ]
	[[ "$output" != *$'\e'* ]]
	[[ "$output" == *'X = "\x1B[31m"'* ]]
}

@test "C1 controls and bidi overrides are shown as code points" {
	# U+009B (CSI as UTF-8), U+202E (right-to-left override), U+200B
	cgi PATH_INFO=/text QUERY_STRING='a=%C2%9B&b=abc%E2%80%AEdef&c=%E2%80%8B'
	grep -qF 'a = "\u009b" (query)' "$OUT"
	grep -qF 'b = "abc\u202edef" (query)' "$OUT"
	grep -qF 'c = "\u200b" (query)' "$OUT"
	cgi PATH_INFO=/html QUERY_STRING='b=abc%E2%80%AEdef'
	grep -qF 'abc<span class="x">\u202e</span>def' "$OUT"
	cgi_json QUERY_STRING='b=abc%E2%80%AEdef'
	grep -qF '"value":"abc\u202edef"' "$OUT"
	[ "$(jqo '.form[0].value')" = $'abc\u202edef' ]
}

@test "backslashes and quotes are escaped in text so escapes stay unambiguous" {
	cgi PATH_INFO=/text QUERY_STRING='a=%5Cx1B&b=%22q%22'
	grep -qF 'a = "\\x1B" (query)' "$OUT"
	grep -qF 'b = "\"q\"" (query)' "$OUT"
}

@test "JSON escapes control characters as RFC 8259 requires" {
	cgi_json QUERY_STRING='a=%01%09%0A%0D%1F%7F%22%5C'
	grep -qF '"value":"\u0001\t\n\r\u001f\u007f\"\\"' "$OUT"
	[ "$(jq -c '.form[0].value | explode' "$OUT")" = "[1,9,10,13,31,127,34,92]" ]
}

@test "HTML control bytes are marked, a line feed keeps its line break" {
	cgi QUERY_STRING='a=one%0D%0Atwo%00'
	grep -qF 'one<span class="x">\x0D\x0A' "$OUT"
	grep -qF 'two<span class="x">\x00</span>' "$OUT"
	! LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$OUT"
}

@test "text names cannot pass for cgidump's own words or another field's values" {
	cgi PATH_INFO=/text QUERY_STRING='a=1&+=2&(empty+name)=3&=4&%0A=5'
	grep -qxF '"" = "4" (query)' "$OUT"
	grep -qxF '" " = "2" (query)' "$OUT"
	grep -qxF '"(empty name)" = "3" (query)' "$OUT"
	grep -qxF '"\x0A" = "5" (query)' "$OUT"
	grep -qxF 'a = "1" (query)' "$OUT"
}

@test "a quoted value in a message is cut at a character boundary and stays one string" {
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH="$(printf 'x%.0s' $(seq 63))é\"tail"
	[[ "$(jqo '.errors[0].message')" == "CONTENT_LENGTH \"$(printf 'x%.0s' $(seq 63))\"... is not"* ]]
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH='1" but all is well'
	[[ "$(jqo '.errors[0].message')" == 'CONTENT_LENGTH "1\" but all is well" is not'* ]]
}

@test "the same payloads in the error messages are escaped" {
	cgi PATH_INFO=/text REQUEST_METHOD=POST CONTENT_LENGTH=$'\e[2J'
	! grep -q $'\e' "$OUT"
	grep -qF 'CONTENT_LENGTH "\x1B[2J" is not' "$OUT"
}

@test "a NUL in a field name is shown as \\x00 in text, not written raw" {
	cgi PATH_INFO=/text QUERY_STRING='a%00b=1'
	grep -qxF '"a\x00b" = "1" (query)' "$OUT"
	! LC_ALL=C grep -qa $'\x01' "$OUT"
	[ "$(tr -cd '\000' <"$OUT" | wc -c)" -eq 0 ]
}

# no_raw_controls FILE: no byte of FILE is a C0 control but the line
# feed, nor DEL.  (od, so that a NUL counts like any other byte.)
no_raw_controls() {
	local bad
	bad=$(od -An -v -tx1 "$1" | tr -s ' ' '\n' |
	    grep -xE '0[0-9b-f]|1[0-9a-f]|7f' | sort -u | tr '\n' ' ')
	[ -z "$bad" ] || { echo "raw bytes in $1: $bad"; return 1; }
}

# CTL: every C0 control and DEL but NUL (an environment cannot hold one).
ctl_bytes() {
	local i
	CTL=()
	for i in $(seq 1 31) 127; do
		CTL+=("$(printf "\\x$(printf %02x "$i")")")
	done
	# $(...) ate the line feed: put it back.
	CTL[9]=$'\n'
}

@test "no control byte reaches any format from names and values anywhere" {
	local q= i c fmt envs=() cookie= body= hex
	ctl_bytes
	# Query names and values: every control byte, NUL included.
	for i in $(seq 0 31) 127; do
		hex=$(printf %02X "$i")
		q+="n%${hex}x=v%${hex}w&"
	done
	# Environment names and values, cookie names and the nameless cookie.
	for c in "${CTL[@]}"; do
		envs+=("X${c}Y=v${c}w")
		cookie+="k${c}n=1; ${c}nameless; "
	done
	envs+=("HTTP_X_CTL=${CTL[*]}" "HTTP_COOKIE=$cookie")
	for fmt in text html json; do
		cgi PATH_INFO=/$fmt QUERY_STRING="$q" "${envs[@]}" -- "${CTL[@]}"
		[ "$status" -eq 0 ]
		no_raw_controls "$OUT"
	done
	grep -qF '"n\x00x" = "v\x00w" (query)' <(cgi PATH_INFO=/text QUERY_STRING="$q"; cat "$OUT")
	# Multipart names and filenames: raw bytes, NUL included (not CR
	# and LF, which end a header line), and a header line with no colon.
	for i in $(seq 0 31) 127; do
		[ "$i" -eq 10 ] || [ "$i" -eq 13 ] && continue
		hex=$(printf %02x "$i")
		body+="--B\r\nContent-Disposition: form-data; name=\"n\\x${hex}x\"; filename=\"f\\x${hex}y\"\r\n\r\nv\\x${hex}\r\n"
		body+="--B\r\nBad\\x${hex}line\r\n\r\nz\r\n"
	done
	STDIN=$BATS_TEST_TMPDIR/mp
	printf -- "${body}--B--\r\n" >"$STDIN"
	[ "$(tr -cd '\000' <"$STDIN" | wc -c)" -eq 4 ]
	for fmt in text html json check; do
		cgi PATH_INFO=/$fmt REQUEST_METHOD=POST \
		    CONTENT_TYPE='multipart/form-data; boundary=B' \
		    CONTENT_LENGTH="$(wc -c <"$STDIN")"
		no_raw_controls "$OUT"
	done
	grep -qF '"n\x00x" = file "f\x00y"' <(cgi PATH_INFO=/text REQUEST_METHOD=POST \
	    CONTENT_TYPE='multipart/form-data; boundary=B' \
	    CONTENT_LENGTH="$(wc -c <"$STDIN")"; cat "$OUT")
	STDIN=
	# What the verdicts quote: a bad CONTENT_LENGTH, a library
	# variable's name, PATH entries.
	for fmt in text html json check; do
		cgi PATH_INFO=/$fmt REQUEST_METHOD=POST \
		    "CONTENT_LENGTH=1${CTL[*]}" "BASH_FUNC_${CTL[0]}x%%=() { :; }" \
		    "LD_PRELOAD=/l${CTL[26]}b.so" "PATH=/usr/bin:rel${CTL[6]}:/bin"
		no_raw_controls "$OUT"
	done
	grep -qF 'x1B' "$OUT"
}
