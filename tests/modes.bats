#!/usr/bin/env bats
# CGI mode and local mode (DESIGN.md "Modes").

load helpers

@test "local mode: text by default, no CGI headers" {
	local_run
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "cgidump $(sed -n 's/.*CGIDUMP_VERSION[^"]*"\([^"]*\)".*/\1/p' "$BATS_TEST_DIRNAME/../src/dump.h"): what the server handed this CGI program" ]
	[[ "$output" != *"Content-Type:"* ]]
	[[ "$output" != *"Status:"* ]]
}

@test "local mode: -f html, -f text, -f json, -fjson, --format json, --format=json" {
	local_run -f html
	[ "${lines[0]}" = "<!DOCTYPE html>" ]
	local_run -f text
	[[ "${lines[0]}" == "cgidump "* ]]
	for opt in '-f json' -fjson '--format json' --format=json; do
		# shellcheck disable=SC2086
		local_run $opt
		[ "$status" -eq 0 ]
		jq -e '.mode == "local"' <<<"$output"
	done
}

@test "local mode: -h prints the usage and exits 0" {
	local_run -h
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "usage: cgidump "* ]]
	[[ "$output" == *"--reveal"* ]]
	local_run --help
	[ "$status" -eq 0 ]
}

@test "local mode: -V prints the version and exits 0" {
	local_run -V
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^cgidump\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	local_run --version
	[ "$status" -eq 0 ]
}

@test "local mode: an unknown option is a one-line error and exit 2" {
	run timeout 10 env -i "$CGIDUMP" -x
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	[ "$output" = "cgidump: unknown option '-x' (cgidump -h lists the options)" ]
	run timeout 10 env -i "$CGIDUMP" --bogus
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
}

@test "local mode: a bad format, a missing format, two query strings: exit 2" {
	run timeout 10 env -i "$CGIDUMP" -f xml
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown format (html, text or json): 'xml'"* ]]
	run timeout 10 env -i "$CGIDUMP" -f
	[ "$status" -eq 2 ]
	[[ "$output" == *"missing format after '-f'"* ]]
	run timeout 10 env -i "$CGIDUMP" a=1 b=2
	[ "$status" -eq 2 ]
	[[ "$output" == *"more than one query string"* ]]
}

@test "local mode: an option's error message escapes what it quotes" {
	run timeout 10 env -i "$CGIDUMP" $'-\e[31mx'
	[ "$status" -eq 2 ]
	[[ "$output" == *'\x1B[31mx'* ]]
	[[ "$output" != *$'\e'* ]]
}

@test "local mode: the positional query string is used when QUERY_STRING is unset" {
	local_json -- 'a=1&b=2'
	[ "$(jqo '.form | length')" -eq 2 ]
	[ "$(jqo .request.query_string_from)" = argv ]
	local_json QUERY_STRING='c=3'
	[ "$(jqo '.form | length')" -eq 1 ]
	[ "$(jqo '.form[0].name')" = c ]
}

@test "local mode: QUERY_STRING and a query-string argument together are refused" {
	run --separate-stderr timeout "$TMO" env -i PATH=/usr/bin:/bin \
	    QUERY_STRING='c=3' "$CGIDUMP" 'a=1'
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"QUERY_STRING is set"* ]]
	[[ "$stderr" == *"unset QUERY_STRING, or drop the argument"* ]]
	# Empty is set too (RFC 3875 §4.1.7), and would win just the same.
	run --separate-stderr timeout "$TMO" env -i PATH=/usr/bin:/bin \
	    QUERY_STRING= "$CGIDUMP" -f json 'a=1'
	[ "$status" -eq 2 ]
	[ -z "$output" ]
}

@test "local mode: -- ends the options; - is a query string" {
	local_json -- -- '-x=1'
	[ "$(jqo '.form[0].name')" = -x ]
}

@test "local mode: a faked POST reads its body from stdin" {
	body_file 'name=Joe+Blow&addr=At+Home'
	local_json REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded \
	    CONTENT_LENGTH=26
	[ "$(jqo .mode)" = local ]
	[ "$(jqo '.form[0].value')" = "Joe Blow" ]
	[ "$(jqo '.form[0].source')" = body ]
}

@test "local mode: the README's faked POST works as written" {
	cd "$BATS_TEST_TMPDIR"
	printf 'a=1&b=2' >body
	run timeout 10 env -i PATH=/usr/bin:/bin sh -c \
	    'REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=7 "$0" <body' "$CGIDUMP"
	[ "$status" -eq 0 ]
	[[ "$output" == *'a = "1" (body)'* ]]
	[[ "$output" == *'b = "2" (body)'* ]]
}

@test "local mode without a faked body does not read stdin" {
	# stdin stays open and silent, like a terminal: no wait.
	run timeout 20 bash -c 'exec 3< <(exec sleep 10 2>/dev/null)
	    timeout 3 "$0" a=1 <&3 >/dev/null; echo "rc=$?"' "$CGIDUMP"
	[ "$output" = rc=0 ]
}

@test "CGI mode: argv is shown, never parsed (ISINDEX ?--reveal reveals nothing)" {
	cgi_json HTTP_COOKIE='session=s3cr3t' QUERY_STRING='--reveal' -- --reveal
	[ "$(jqo '.argv[1]')" = --reveal ]
	[ "$(jqo '.environment[] | select(.name == "HTTP_COOKIE") | .redacted')" = true ]
	! grep -q s3cr3t "$OUT"
	[ "$(jqo '.form[0].name')" = --reveal ]
}

@test "CGI mode: options are data, not options (-h, -V, -f json, unknown)" {
	cgi PATH_INFO=/text -- -h
	[ "$status" -eq 0 ]
	[ "$(header Status)" = "200 OK" ]
	grep -qF 'argv[1] = "-h"' "$OUT"
	cgi PATH_INFO=/text -- -f json -x
	[ "$status" -eq 0 ]
	[ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
	grep -qF 'argv[3] = "-x"' "$OUT"
}

@test "CGI mode: a positional argument is not taken as the query string" {
	cgi_json -- 'a=1'
	[ "$(jqo '.form | length')" -eq 0 ]
}

@test "CGI mode is chosen by GATEWAY_INTERFACE alone, even when empty" {
	run timeout 10 env -i GATEWAY_INTERFACE= "$CGIDUMP"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = $'Status: 200 OK\r' ]
}

@test "local mode: --strict and --quiet without --check are usage errors" {
	local_run --strict
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"--strict applies only to --check: add --check, or drop --strict"* ]]
	local_run --quiet -f json
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"--quiet applies only to --check"* ]]
	local_run --check --strict --quiet
	[ "$status" -le 1 ]
}

@test "local mode: --check -f html is a usage error, not a silent text" {
	local_run --check -f html
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"--check prints text or json, not html"* ]]
	local_run --check -f text
	[ "$status" -le 1 ]
	[[ "${lines[0]}" == "cgidump checks: "* ]]
}

@test "-h names --quiet and says which query string wins" {
	local_run -h
	[ "$status" -eq 0 ]
	[[ "$output" == *"--quiet"* ]]
	[[ "$output" == *"used only when QUERY_STRING is unset"* ]]
}
