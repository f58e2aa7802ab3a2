#!/usr/bin/env bats
# DESIGN.md "Secrets": cookie values, credentials and secret-looking
# variables are hidden unless the administrator or the local user asks.

load helpers

@test "cookie names are shown, cookie values hidden, in every format" {
	local c='session=s3cr3t-value; theme=dark;  empty=; flag'
	cgi_json "HTTP_COOKIE=$c"
	[ "$(env_var -j HTTP_COOKIE)" = "{\"name\":\"HTTP_COOKIE\",\"redacted\":true,\"length\":${#c},\"cookie_names\":[\"session\",\"theme\",\"empty\",\"flag\"]}" ]
	! grep -q s3cr3t "$OUT"
	! grep -q dark "$OUT"
	cgi PATH_INFO=/text "HTTP_COOKIE=$c"
	grep -qF "HTTP_COOKIE = hidden (${#c} bytes), 4 cookies: \"session\" \"theme\" \"empty\" \"flag\"" "$OUT"
	! grep -q s3cr3t "$OUT"
	cgi PATH_INFO=/html "HTTP_COOKIE=$c"
	grep -qF "hidden (${#c} bytes)" "$OUT"
	grep -qF '<span class="v">session</span>' "$OUT"
	! grep -q s3cr3t "$OUT"
}

@test "Authorization headers show only their length" {
	cgi_json HTTP_AUTHORIZATION='Basic dXNlcjpwYXNz' \
	    HTTP_PROXY_AUTHORIZATION='Bearer abc.def'
	[ "$(env_var -j HTTP_AUTHORIZATION)" = '{"name":"HTTP_AUTHORIZATION","redacted":true,"length":18}' ]
	[ "$(env_var -j HTTP_PROXY_AUTHORIZATION)" = '{"name":"HTTP_PROXY_AUTHORIZATION","redacted":true,"length":14}' ]
	! grep -q dXNlcjpwYXNz "$OUT"
	cgi PATH_INFO=/text HTTP_AUTHORIZATION='Basic dXNlcjpwYXNz'
	grep -qx 'HTTP_AUTHORIZATION = hidden (18 bytes)' "$OUT"
}

@test "variables whose names suggest secrets show only their length" {
	local n
	for n in DB_PASSWORD mysql_passwd GPG_PASSPHRASE APP_SECRET GITHUB_TOKEN \
	    HTTP_X_API_KEY AWS_SECRET_ACCESS_KEY GOOGLE_APPLICATION_CREDENTIALS \
	    PRIVATE_DATA SMTP_PASS DB_PW MYSQL_PWD HTTP_X_CGIDUMP_TOKEN; do
		cgi_json "$n=hunter2"
		[ "$(env_var -j "$n")" = "{\"name\":\"$n\",\"redacted\":true,\"length\":7}" ]
		! grep -q hunter2 "$OUT"
	done
}

@test "the access token and the header that carries it show only their length" {
	cgi_json CGIDUMP_TOKEN=hunter2 HTTP_X_CGIDUMP_TOKEN=hunter2
	[ "$(env_var -j CGIDUMP_TOKEN)" = '{"name":"CGIDUMP_TOKEN","redacted":true,"length":7}' ]
	[ "$(env_var -j HTTP_X_CGIDUMP_TOKEN)" = '{"name":"HTTP_X_CGIDUMP_TOKEN","redacted":true,"length":7}' ]
	! grep -q hunter2 "$OUT"
}

@test "ordinary variables are not hidden" {
	cgi_json PASSENGER_APP=x HTTP_KEEP_ALIVE=1 PWD=/srv OLDPWD=/ SPASSKY=1 HTTP_HOST=h
	[ "$(env_var -j OLDPWD)" = '{"name":"OLDPWD","value":"/"}' ]
	[ "$(env_var -j PASSENGER_APP)" = '{"name":"PASSENGER_APP","value":"x"}' ]
	[ "$(env_var -j PWD)" = '{"name":"PWD","value":"/srv"}' ]
	[ "$(env_var -j SPASSKY)" = '{"name":"SPASSKY","value":"1"}' ]
	[ "$(env_var -j HTTP_HOST)" = '{"name":"HTTP_HOST","value":"h"}' ]
}

@test "a URL with a password in it is hidden whatever the variable's name" {
	cgi_json DATABASE_URL='postgres://app:hunter2@db.internal/app' \
	    HOMEPAGE='https://example.com/a:b@c' MIRROR='https://user@example.com/'
	[ "$(env_var -j DATABASE_URL)" = '{"name":"DATABASE_URL","redacted":true,"length":38}' ]
	! grep -q hunter2 "$OUT"
	[ "$(jqo '.environment[] | select(.name == "HOMEPAGE") | .value')" = 'https://example.com/a:b@c' ]
	[ "$(jqo '.environment[] | select(.name == "MIRROR") | .value')" = 'https://user@example.com/' ]
}

@test "a URL with a password in the client's own query is not hidden in one place only" {
	cgi_json QUERY_STRING='u=https://a:b@example.com/' HTTP_REFERER='https://a:b@example.com/'
	[ "$(jqo '.environment[] | select(.name == "QUERY_STRING") | .value')" = 'u=https://a:b@example.com/' ]
	[ "$(jqo '.environment[] | select(.name == "HTTP_REFERER") | .value')" = 'https://a:b@example.com/' ]
	[ "$(jqo '.form[0].value')" = 'https://a:b@example.com/' ]
}

@test "CGIDUMP_REVEAL=1 shows them" {
	cgi_json CGIDUMP_REVEAL=1 HTTP_COOKIE='session=s3cr3t' \
	    HTTP_AUTHORIZATION='Basic dXNlcjpwYXNz' APP_SECRET=hunter2
	[ "$(env_var -j HTTP_COOKIE)" = '{"name":"HTTP_COOKIE","value":"session=s3cr3t"}' ]
	[ "$(env_var -j HTTP_AUTHORIZATION)" = '{"name":"HTTP_AUTHORIZATION","value":"Basic dXNlcjpwYXNz"}' ]
	[ "$(env_var -j APP_SECRET)" = '{"name":"APP_SECRET","value":"hunter2"}' ]
}

@test "CGIDUMP_REVEAL with another value keeps them hidden and says so" {
	for v in yes true 2 ' 1'; do
		cgi_json CGIDUMP_REVEAL="$v" APP_SECRET=hunter2
		! grep -q hunter2 "$OUT"
		[ "$(jqo '.errors[0].id')" = config ]
		[[ "$(jqo '.errors[0].message')" == *"CGIDUMP_REVEAL must be 1 or 0"* ]]
	done
	cgi_json CGIDUMP_REVEAL=0 APP_SECRET=hunter2
	! grep -q hunter2 "$OUT"
	[ "$(jqo '.errors | length')" -eq 0 ]
}

@test "--reveal with a bad CGIDUMP_REVEAL: revealed, and the message does not say hidden" {
	local_json CGIDUMP_REVEAL=yes APP_SECRET=hunter2 -- --reveal
	grep -q hunter2 "$OUT"
	[ "$(jqo '.errors[0].message')" = "CGIDUMP_REVEAL must be 1 or 0" ]
}

@test "--reveal shows them locally; without it they stay hidden" {
	local_json APP_SECRET=hunter2 HTTP_COOKIE=a=b
	! grep -q hunter2 "$OUT"
	local_json APP_SECRET=hunter2 HTTP_COOKIE=a=b -- --reveal
	[ "$(env_var -j APP_SECRET)" = '{"name":"APP_SECRET","value":"hunter2"}' ]
	[ "$(env_var -j HTTP_COOKIE)" = '{"name":"HTTP_COOKIE","value":"a=b"}' ]
}

@test "a client cannot reveal: HTTP_CGIDUMP_REVEAL is just a header" {
	cgi_json HTTP_CGIDUMP_REVEAL=1 APP_SECRET=hunter2
	! grep -q hunter2 "$OUT"
}

@test "a hidden value never leaks through the text or HTML of a form or error" {
	cgi PATH_INFO=/html APP_SECRET='<hunter2>' HTTP_COOKIE='a=<hunter2>'
	! grep -q hunter2 "$OUT"
	cgi PATH_INFO=/text APP_SECRET='<hunter2>' HTTP_COOKIE='a=<hunter2>'
	! grep -q hunter2 "$OUT"
}
