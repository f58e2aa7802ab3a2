#!/usr/bin/env bats
# Query strings and application/x-www-form-urlencoded bodies, case by
# case (src/urlencoded.c, DESIGN.md "Parsing semantics").  How much of
# the body is read is in body.bats, the limits in limits.bats.

load helpers

@test "Python's doc example: addr is 'At Home', name is 'Joe Blow'" {
	local_run 'name=Joe+Blow&addr=At+Home'
	[ "$status" -eq 0 ]
	[[ "$output" == *'addr = "At Home" (query)'* ]]
	[[ "$output" == *'name = "Joe Blow" (query)'* ]]
	# sorted by name, as print_form() did
	[[ "$output" == *'addr = "At Home"'*'name = "Joe Blow"'* ]]
	local_json -- 'name=Joe+Blow&addr=At+Home'
	[ "$(value name)" = "Joe Blow" ]
	[ "$(value addr)" = "At Home" ]
	# JSON keeps arrival order
	[ "$(jqo '.form[0].name')" = name ]
}

@test "plus is a space, %20 is a space, %2B is a plus" {
	cgi_json QUERY_STRING='a=x+y&b=x%20y&c=x%2By'
	[ "$(value a)" = "x y" ]
	[ "$(value b)" = "x y" ]
	[ "$(value c)" = "x+y" ]
}

@test "hex escapes decode in either case, in names too" {
	cgi_json QUERY_STRING='k%3Dv%26w=%3d%26%2f%2F'
	[ "$(jqo '.form[0].name')" = "k=v&w" ]
	[ "$(jqo '.form[0].value')" = "=&//" ]
}

@test "an invalid % sequence is kept as it is" {
	cgi_json QUERY_STRING='a=%zz&b=%4&c=%&d=100%&e=%%41&f=%4g&g=%+'
	[ "$(value a)" = "%zz" ]
	[ "$(value b)" = "%4" ]
	[ "$(value c)" = "%" ]
	[ "$(value d)" = "100%" ]
	[ "$(value e)" = "%A" ]
	[ "$(value f)" = "%4g" ]
	[ "$(value g)" = "% " ]
}

@test "blank values are kept" {
	cgi_json QUERY_STRING='a=&b=&c=1'
	[ "$(nfields)" -eq 3 ]
	[ "$(value a)" = "" ]
	[ "$(jqo '.form[0].value | length')" -eq 0 ]
	cgi PATH_INFO=/text QUERY_STRING='a=&b=&c=1'
	grep -qx 'a = "" (query)' "$OUT"
}

@test "a name without = is a field with an empty value" {
	cgi_json QUERY_STRING='flag&b=1'
	[ "$(nfields)" -eq 2 ]
	[ "$(jqo '.form[0].name')" = flag ]
	[ "$(jqo '.form[0].value')" = "" ]
}

@test "empty segments (&&, leading and trailing &) are skipped" {
	cgi_json QUERY_STRING='&&a=1&&&b=2&'
	[ "$(nfields)" -eq 2 ]
	[ "$(value a)" = 1 ]
	[ "$(value b)" = 2 ]
}

@test "an empty name is kept and shown as such" {
	cgi_json QUERY_STRING='=x&='
	[ "$(nfields)" -eq 2 ]
	[ "$(jqo '.form[0].name')" = "" ]
	[ "$(jqo '.form[0].value')" = x ]
	cgi PATH_INFO=/text QUERY_STRING='=x'
	grep -qxF '"" = "x" (query)' "$OUT"
}

@test "only & separates: a ; is part of the value (CVE-2021-23336)" {
	cgi_json QUERY_STRING='a=1;b=2&c=3'
	[ "$(nfields)" -eq 2 ]
	[ "$(value a)" = "1;b=2" ]
	[ "$(jqo '[.form[].name] | index("b")')" = null ]
}

@test "an = inside a value is data" {
	cgi_json QUERY_STRING='a=b=c'
	[ "$(value a)" = "b=c" ]
}

@test "unicode arrives decoded, raw or percent-encoded" {
	cgi_json QUERY_STRING='a=%C3%A9t%C3%A9&b=été&%E2%9C%93=1'
	[ "$(value a)" = "été" ]
	[ "$(value b)" = "été" ]
	[ "$(jqo '.form[2].name')" = "✓" ]
	cgi PATH_INFO=/text QUERY_STRING='a=%C3%A9t%C3%A9'
	grep -qx 'a = "été" (query)' "$OUT"
}

@test "invalid UTF-8 is shown visibly: U+FFFD in JSON, \\xNN in text and HTML" {
	cgi_json QUERY_STRING='a=x%FFy&b=%C3&c=%C0%AF&d=%ED%A0%80'
	[ "$(value a)" = "x�y" ]
	[ "$(value b)" = "�" ]
	# overlong "/" and a UTF-16 surrogate are not UTF-8 either
	[ "$(value c)" = "��" ]
	[ "$(value d)" = "���" ]
	cgi PATH_INFO=/text QUERY_STRING='a=x%FFy'
	grep -qF 'a = "x\xFFy" (query)' "$OUT"
	cgi PATH_INFO=/html QUERY_STRING='a=x%FFy'
	grep -qF 'x<span class="x">\xFF</span>y' "$OUT"
}

@test "%00 is shown, and does not cut the value short" {
	cgi_json QUERY_STRING='a=x%00y&b%00c=1'
	[ "$(jqo '.form[0].value | length')" -eq 3 ]
	[ "$(jqo '.form[0].value | explode[1]')" -eq 0 ]
	[ "$(jqo '.form[1].name | length')" -eq 3 ]
	cgi PATH_INFO=/text QUERY_STRING='a=x%00y'
	grep -qF 'a = "x\x00y" (query)' "$OUT"
}

@test "repeated names: grouped in text and HTML, in arrival order in JSON" {
	cgi_json QUERY_STRING='b=1&a=2&b=3'
	[ "$(jqo '[.form[].name] | join(",")')" = "b,a,b" ]
	[ "$(value b 0)" = 1 ]
	[ "$(value b 1)" = 3 ]
	cgi PATH_INFO=/text QUERY_STRING='b=1&a=2&b=3'
	# a first (sorted), then b once with both values in arrival order
	run grep -A2 '^== Form Contents ==' "$OUT"
	[ "${lines[1]}" = 'a = "2" (query)' ]
	[ "${lines[2]}" = 'b = "1" (query)' ]
	run grep -A3 '^== Form Contents ==' "$OUT"
	[ "${lines[3]}" = '  = "3" (query)' ]
	cgi PATH_INFO=/html QUERY_STRING='b=1&a=2&b=3'
	[ "$(grep -c '^<dt><span class="v">b</span></dt>' "$OUT")" -eq 1 ]
}

@test "no query string and no body: 'No form fields.'" {
	cgi PATH_INFO=/text
	grep -qx 'No form fields.' "$OUT"
	cgi PATH_INFO=/html
	grep -qF '<p>No form fields.</p>' "$OUT"
}

@test "POST urlencoded body with a query string: both, query first, tagged" {
	body_file 'name=Joe+Blow&q=body'
	cgi_json REQUEST_METHOD=POST QUERY_STRING='q=query&x=1' \
	    CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=20
	[ "$(jqo '[.form[] | .name + "/" + .source] | join(",")')" = \
	    "q/query,x/query,name/body,q/body" ]
	[ "$(value name)" = "Joe Blow" ]
	[ "$(value q 1)" = body ]
	[ "$(jqo .request.body_bytes)" -eq 20 ]
	[ "$(jqo .request.body_end)" = complete ]
	[ "$(jqo '.errors | length')" -eq 0 ]
}

@test "the urlencoded media type matches with parameters and in any case" {
	body_file 'a=1'
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=3 \
	    CONTENT_TYPE='Application/X-WWW-Form-URLEncoded; charset=UTF-8'
	[ "$(value a)" = 1 ]
	[ "$(jqo .body)" = null ]
}

@test "a body arriving in pieces parses as one (escapes split across reads)" {
	run timeout 20 bash -c '{ printf "a=1%%"; sleep 0.2; printf "41&b"; sleep 0.2; printf "=2+3"; } |
	    env -i GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST PATH_INFO=/json \
	    CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=13 "$0" | sed "1,/^\r$/d"' "$CGIDUMP"
	[ "$status" -eq 0 ]
	[ "$(jq -r '.form[0].value' <<<"$output")" = 1A ]
	[ "$(jq -r '.form[1].value' <<<"$output")" = "2 3" ]
}

@test "many names in random order: text and HTML sort by bytes, arrival order within a name" {
	# 20,000 fields under 300 names, prefixes of one another and
	# UTF-8 among them, so that the sort meets every kind of order.
	python3 -c '
import random
random.seed(12)
names = ["n%d" % random.randint(0, 99) for _ in range(200)] + \
    ["a", "ab", "a_b", "aa", "Z", "%C3%A9", "%C3%A9x", "z"] * 12
names = list(dict.fromkeys(names)) + ["n%d" % i for i in range(200, 300)]
print("&".join("%s=%d" % (random.choice(names), i)
    for i in range(20000)), end="")' >"$BATS_TEST_TMPDIR/form.body"
	STDIN=$BATS_TEST_TMPDIR/form.body
	set -- REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded \
	    CONTENT_LENGTH="$(wc -c <"$STDIN")"
	cgi_json "$@"
	# what the order must be: JSON's arrival order, stably sorted by the
	# names' UTF-8 bytes
	jq -r '.form[] | "\(.name)\t\(.value)"' "$OUT" | python3 -c '
import sys
rows = [l.rstrip("\n").split("\t") for l in sys.stdin]
rows.sort(key=lambda r: r[0].encode())
print("\n".join("%s\t%s" % tuple(r) for r in rows))' >"$BATS_TEST_TMPDIR/want"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/want")" -eq 20000 ]
	cgi PATH_INFO=/text "$@"
	# "name = value", a repeat "  = value"; a name that is not plain
	# ASCII in quotes
	sed -n '/^== Form Contents ==/,/^$/p' "$OUT" | sed '1d;/^$/d' | python3 -c '
import re, sys
for l in sys.stdin:
    m = re.match(r"(  |\x22(.*?)\x22 |(\S+) )= \x22(\d+)\x22 \(body\)$", l)
    if m.group(1) != "  ":
        name = m.group(2) if m.group(2) is not None else m.group(3)
    print("%s\t%s" % (name, m.group(4)))' >"$BATS_TEST_TMPDIR/text"
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/text"
	cgi PATH_INFO=/html "$@"
	# HTML: one <dt> per name, in the same order
	cut -f1 "$BATS_TEST_TMPDIR/want" | uniq >"$BATS_TEST_TMPDIR/names"
	sed -n '/^<section id="form">/,/^<\/section>/p' "$OUT" |
	    sed -n 's|^<dt><span class="v">\(.*\)</span></dt>$|\1|p' \
	    >"$BATS_TEST_TMPDIR/html"
	cmp "$BATS_TEST_TMPDIR/names" "$BATS_TEST_TMPDIR/html"
}
