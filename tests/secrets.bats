#!/usr/bin/env bats
# DESIGN.md "Secrets": cookie values, credentials and secret-looking
# variables are hidden unless the administrator or the local user asks.

load helpers

@test "cookie names are shown, cookie values hidden, in every format" {
	local c='session=s3cr3t-value; theme=dark;  empty=; flag'
	cgi_json "HTTP_COOKIE=$c"
	[ "$(env_var -j HTTP_COOKIE)" = "{\"name\":\"HTTP_COOKIE\",\"redacted\":true,\"length\":${#c},\"cookie_names\":[\"session\",\"theme\",\"empty\",\"\"]}" ]
	! grep -q s3cr3t "$OUT"
	! grep -q dark "$OUT"
	cgi PATH_INFO=/text "HTTP_COOKIE=$c"
	grep -qF "HTTP_COOKIE = hidden (${#c} bytes), 4 cookies: \"session\" \"theme\" \"empty\" \"\"" "$OUT"
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

@test "a URL with a password in the client's own variables is hidden, in the Environment, the Request section and the form" {
	local q='u=https://a:pw1@example.com/&x=1'
	local -a vars=("QUERY_STRING=$q" "REQUEST_URI=/cgi-bin/cgidump?$q"
	    HTTP_REFERER='https://a:pw2@example.com/' HTTP_ORIGIN='https://a:pw3@example.com')
	cgi_json "${vars[@]}"
	[ "$(env_var -j QUERY_STRING)" = "{\"name\":\"QUERY_STRING\",\"redacted\":true,\"length\":${#q}}" ]
	[ "$(env_var -j HTTP_REFERER)" = '{"name":"HTTP_REFERER","redacted":true,"length":26}' ]
	[ "$(env_var HTTP_ORIGIN)" = '<redacted>' ]
	[ "$(env_var REQUEST_URI)" = '<redacted>' ]
	[ "$(jqo -c '.request | [.query_string, .query_string_redacted, .query_string_length]')" = "[null,true,${#q}]" ]
	[ "$(jqo -c '.form[0]')" = '{"name":"u","source":"query","redacted":true,"length":26}' ]
	[ "$(jqo -c '.form[1]')" = '{"name":"x","source":"query","value":"1"}' ]
	! grep -q 'pw[123]' "$OUT"
	cgi PATH_INFO=/text "${vars[@]}"
	grep -qx 'u = hidden (26 bytes) (query)' "$OUT"
	grep -qx "query string:    hidden (${#q} bytes)" "$OUT"
	! grep -q 'pw[123]' "$OUT"
	cgi PATH_INFO=/html "${vars[@]}"
	grep -qF 'hidden (26 bytes)' "$OUT"
	grep -qF "hidden (${#q} bytes)" "$OUT"
	! grep -q 'pw[123]' "$OUT"
	# Percent-encoded once, as a URL's own query holds it: hidden too.
	cgi_json QUERY_STRING='next=https%3A%2F%2Fu%3Apw4%40example.com%2F' \
	    REQUEST_URI='/x?next=https%3A%2F%2Fu%3Apw4%40example.com%2F'
	[ "$(env_var QUERY_STRING)" = '<redacted>' ]
	[ "$(env_var REQUEST_URI)" = '<redacted>' ]
	[ "$(jqo '.form[0].redacted')" = true ]
	! grep -qi 'pw4' "$OUT"
	# A URL without a password, or a client's own password field, is shown.
	cgi_json QUERY_STRING='u=https://a@example.com/&password=x' HTTP_REFERER='https://example.com/a:b@c'
	[ "$(env_var QUERY_STRING)" = 'u=https://a@example.com/&password=x' ]
	[ "$(env_var HTTP_REFERER)" = 'https://example.com/a:b@c' ]
	[ "$(value password)" = x ]
	[ "$(jqo .request.query_string)" = 'u=https://a@example.com/&password=x' ]
}

@test "a body's form values holding a URL with a password are hidden, urlencoded or multipart" {
	body_file 'u=http%3A%2F%2Fme%3Apw5%40h%2F&v=2'
	cgi_json REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded \
	    CONTENT_LENGTH=$(wc -c <"$STDIN")
	[ "$(jqo -c '.form[0]')" = '{"name":"u","source":"body","redacted":true,"length":16}' ]
	[ "$(value v)" = 2 ]
	! grep -q pw5 "$OUT"
	body_file $'--XX\r\nContent-Disposition: form-data; name="dsn"\r\n\r\npostgres://app:pw6@db/app\r\n--XX--\r\n'
	cgi PATH_INFO=/text REQUEST_METHOD=POST 'CONTENT_TYPE=multipart/form-data; boundary=XX' \
	    CONTENT_LENGTH=$(wc -c <"$STDIN")
	grep -qx 'dsn = hidden (25 bytes) (body)' "$OUT"
	! grep -q pw6 "$OUT"
	# --reveal and CGIDUMP_REVEAL=1 show them.
	cgi_json REQUEST_METHOD=POST 'CONTENT_TYPE=multipart/form-data; boundary=XX' \
	    CONTENT_LENGTH=$(wc -c <"$STDIN") CGIDUMP_REVEAL=1 QUERY_STRING='q=ftp://a:pw7@h/'
	[ "$(value dsn)" = 'postgres://app:pw6@db/app' ]
	[ "$(value q)" = 'ftp://a:pw7@h/' ]
	[ "$(jqo .request.query_string)" = 'q=ftp://a:pw7@h/' ]
	[ "$(env_var QUERY_STRING)" = 'q=ftp://a:pw7@h/' ]
	local_json -- --reveal 'q=ftp://a:pw8@h/'
	[ "$(jqo .request.query_string)" = 'q=ftp://a:pw8@h/' ]
	local_json -- 'q=ftp://a:pw8@h/'
	[ "$(jqo .request.query_string_redacted)" = true ]
	[ "$(jqo -c .form[0])" = '{"name":"q","source":"query","redacted":true,"length":14}' ]
}

@test "a URL password stays hidden when a limit cuts the value before its '@'" {
	local m
	# 24 bytes of the record, 4 of the name, then 20 to 32 of the value
	for m in 48 52 56 60; do
		cgi_json CGIDUMP_MAX_FORM=$m 'QUERY_STRING=next=http://user:hunterZZZZZZZZZZZZ@host/'
		[ "$(jqo '.form[0].truncated')" = true ]
		[ "$(jqo '.form[0].redacted')" = true ]
		! grep -q 'http://user:hunt' "$OUT"
	done
}

@test "a part header or an unparsable header line holding a URL password is hidden, in every format" {
	local fmt
	body_file $'--B\r\nContent-Disposition: form-data; name="a"\r\nX-Ref: http://u:hunter2@h/\r\nX-Enc: http%3A%2F%2Fu%3Ahunter8%40h\r\nhttp%3A%2F%2Fu%3AhunterB%40h\r\n\r\nv\r\n--B--\r\n'
	for fmt in json text html check; do
		cgi PATH_INFO=/$fmt REQUEST_METHOD=POST 'CONTENT_TYPE=multipart/form-data; boundary=B' \
		    CONTENT_LENGTH=$(wc -c <"$STDIN")
		! grep -q hunter "$OUT"
	done
	cgi_json REQUEST_METHOD=POST 'CONTENT_TYPE=multipart/form-data; boundary=B' \
	    CONTENT_LENGTH=$(wc -c <"$STDIN")
	[ "$(jqo -c '.form[0].headers[1]')" = '{"name":"X-Ref","redacted":true,"length":19}' ]
	[ "$(jqo '.form[0].headers[0].value')" = 'form-data; name="a"' ]
	jqo -e '.errors[] | select(.message | test("no colon.*not shown: it holds a URL with a password"))'
	cgi PATH_INFO=/text REQUEST_METHOD=POST 'CONTENT_TYPE=multipart/form-data; boundary=B' \
	    CONTENT_LENGTH=$(wc -c <"$STDIN")
	grep -qx '    header X-Ref: hidden (19 bytes)' "$OUT"
}

@test "a URL password encoded twice is hidden in the form, QUERY_STRING and the Request section alike" {
	cgi PATH_INFO=/text 'QUERY_STRING=next=http%253A%252F%252Fu%253AhunterW%2540h'
	! grep -q hunterW "$OUT"
	grep -qx 'next = hidden (28 bytes) (query)' "$OUT"
	grep -qx 'QUERY_STRING = hidden (43 bytes)' "$OUT"
}

@test "a '#' in a URL's password does not end the search for it" {
	cgi_json 'DB_URL=redis://:hunter#1@cache:6379'
	! grep -q hunter "$OUT"
	[ "$(jqo -c '.environment[] | select(.name == "DB_URL")')" = '{"name":"DB_URL","redacted":true,"length":28}' ]
}

@test "Apache's SERVER_SIGNATURE is shown in every format, not taken for a secret" {
	local sig='<address>Apache/2.4.62 (Debian) Server at localhost Port 80</address>'
	cgi_json "SERVER_SIGNATURE=$sig" "REDIRECT_SERVER_SIGNATURE=$sig"
	[ "$(env_var SERVER_SIGNATURE)" = "$sig" ]
	[ "$(env_var REDIRECT_SERVER_SIGNATURE)" = "$sig" ]
	cgi PATH_INFO=/text "SERVER_SIGNATURE=$sig"
	grep -qF "SERVER_SIGNATURE = \"$sig\"" "$OUT"
	cgi PATH_INFO=/html "SERVER_SIGNATURE=$sig"
	grep -qF 'Apache/2.4.62 (Debian) Server at localhost Port 80' "$OUT"
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

@test "a cookie without a name is listed as nameless, its value hidden" {
	# RFC 6265bis §5.6: "S3CR3T" is a cookie with an empty name and
	# that value (a browser sends it for Set-Cookie: S3CR3T; HttpOnly).
	local c='theme=dark; S3CR3T; =0TH3R'
	cgi_json "HTTP_COOKIE=$c"
	[ "$(env_var -j HTTP_COOKIE)" = "{\"name\":\"HTTP_COOKIE\",\"redacted\":true,\"length\":${#c},\"cookie_names\":[\"theme\",\"\",\"\"]}" ]
	cgi PATH_INFO=/text "HTTP_COOKIE=$c"
	grep -qxF "HTTP_COOKIE = hidden (${#c} bytes), 3 cookies: \"theme\" \"\" \"\"" "$OUT"
	cgi PATH_INFO=/html "HTTP_COOKIE=$c"
	grep -qF "3 cookies:" "$OUT"
	for f in json text html; do
		cgi PATH_INFO=/$f "HTTP_COOKIE=$c"
		! grep -qi 's3cr3t\|0th3r' "$OUT"
	done
}

@test "Apache's REDIRECT_ copies are judged by the name under the prefix" {
	cgi_json REDIRECT_HTTP_COOKIE='sid=s3cr3t; theme=dark' \
	    REDIRECT_REDIRECT_HTTP_COOKIE='sid=s3cr3t' \
	    REDIRECT_HTTP_AUTHORIZATION='Basic dXNlcjpwYXNz' \
	    REDIRECT_APP_SECRET=s3cr3t REDIRECT_REDIRECT_DB_PASS=s3cr3t \
	    REDIRECT_STATUS=200 REDIRECT_URL=/old \
	    REDIRECT_QUERY_STRING='u=https://a:b@example.com/'
	[ "$(env_var -j REDIRECT_HTTP_COOKIE)" = '{"name":"REDIRECT_HTTP_COOKIE","redacted":true,"length":22,"cookie_names":["sid","theme"]}' ]
	[ "$(env_var -j REDIRECT_REDIRECT_HTTP_COOKIE)" = '{"name":"REDIRECT_REDIRECT_HTTP_COOKIE","redacted":true,"length":10,"cookie_names":["sid"]}' ]
	[ "$(env_var -j REDIRECT_HTTP_AUTHORIZATION)" = '{"name":"REDIRECT_HTTP_AUTHORIZATION","redacted":true,"length":18}' ]
	[ "$(env_var REDIRECT_APP_SECRET)" = '<redacted>' ]
	[ "$(env_var REDIRECT_REDIRECT_DB_PASS)" = '<redacted>' ]
	! grep -q 's3cr3t\|dXNlcjpwYXNz' "$OUT"
	[ "$(env_var REDIRECT_STATUS)" = 200 ]
	[ "$(env_var REDIRECT_URL)" = /old ]
	# A URL with a password is hidden in the client's variables too.
	[ "$(env_var REDIRECT_QUERY_STRING)" = '<redacted>' ]
	cgi PATH_INFO=/text REDIRECT_HTTP_COOKIE='sid=s3cr3t; theme=dark'
	grep -qxF 'REDIRECT_HTTP_COOKIE = hidden (22 bytes), 2 cookies: "sid" "theme"' "$OUT"
}

@test "WordPress's salts and keys show only their length" {
	local n envs=() w
	for w in AUTH SECURE_AUTH LOGGED_IN NONCE; do
		envs+=("${w}_SALT=hunter2" "${w}_KEY=hunter2"
		    "WORDPRESS_${w}_SALT=hunter2" "WORDPRESS_${w}_KEY=hunter2")
	done
	cgi_json "${envs[@]}"
	for n in "${envs[@]}"; do
		[ "$(env_var -j "${n%%=*}")" = "{\"name\":\"${n%%=*}\",\"redacted\":true,\"length\":7}" ]
	done
	! grep -q hunter2 "$OUT"
}

@test "more names that suggest secrets: JWT, bearer, session ids, DSN, auth, API keys" {
	local n
	for n in JWT HTTP_X_JWT_ASSERTION BEARER HTTP_X_BEARER SESSION_ID \
	    PHPSESSID Shib-Session-ID DBPASS PGPASS MY_APIKEY \
	    MY_API_KEY STRIPE_API-KEY AUTH BASIC_AUTH HTTP_X_AUTH SENTRY_DSN \
	    DSN HTTP_COOKIE2 REMEMBER_COOKIE AUTH_PASSWORD PASSWORD_SALT; do
		cgi_json "$n=hunter2"
		[ "$(env_var -j "$n")" = "{\"name\":\"$n\",\"redacted\":true,\"length\":7}" ] ||
		    { echo "shown: $n"; return 1; }
		! grep -q hunter2 "$OUT"
	done
}

@test "a password inside a connection string hides the whole value" {
	local v n=0
	for v in 'Server=db;User Id=sa;Password=hunter2;' \
	    'Server=db;User Id=sa;Password = hunter2' \
	    'Driver={ODBC Driver 18};Server=db;UID=sa;PWD=hunter2' \
	    'server=db;uid=sa;pwd=hunter2;' 'Data Source=db;Passwd=hunter2' \
	    'host=db user=app password=hunter2 dbname=app' \
	    'jdbc:postgresql://db/app?user=app&password=hunter2' \
	    'jdbc:sqlserver://db;user=sa;password=hunter2' \
	    'user=app pass=hunter2' 'mysql.default_pw=hunter2' \
	    '-Xmx1g -Djavax.net.ssl.keyStorePassword=hunter2' \
	    '{"spring.datasource.password": "hunter2"}' \
	    'PlainLoginModule required username="u" password="hunter2";' \
	    'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=aHVudGVy==;EndpointSuffix=core.windows.net' \
	    'Endpoint=sb://a.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=hunter2' \
	    'https://a.blob.core.windows.net/c?sv=2022-11-02&sig=hunter2' \
	    'https://api.example.com/v1?api_key=hunter2' \
	    'redis://:hunter2@cache:6379/0' 'amqp://app:hunter2@mq/'; do
		n=$((n + 1))
		cgi_json "ConnectionStrings__Default=$v"
		[ "$(env_var -j ConnectionStrings__Default)" = "{\"name\":\"ConnectionStrings__Default\",\"redacted\":true,\"length\":${#v}}" ] ||
		    { echo "shown: $v"; return 1; }
		! grep -q 'hunter2\|aHVudGVy' "$OUT"
		cgi PATH_INFO=/text "CS$n=$v"
		grep -qxF "CS$n = hidden (${#v} bytes)" "$OUT"
		! grep -q 'hunter2\|aHVudGVy' "$OUT"
	done
}

@test "a PEM private key is hidden whatever the variable's name" {
	local k=$'-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAhunter2\n-----END RSA PRIVATE KEY-----\n'
	cgi_json "SAML_SP_PEM=$k"
	[ "$(env_var -j SAML_SP_PEM)" = "{\"name\":\"SAML_SP_PEM\",\"redacted\":true,\"length\":${#k}}" ]
	! grep -q hunter2 "$OUT"
}

@test "values with pairs that hold no secret are shown" {
	local v n=0 cert=$'-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUabcKey=\nMIIBszCCAVmgAwIBAgIUabcKey==\n-----END CERTIFICATE-----'
	for v in 'Server=db;User Id=sa;Integrated Security=true' \
	    '-Xmx1g -Djavax.net.ssl.keyStore=/etc/ks.jks -Djavax.net.ssl.keyStoreType=JKS' \
	    'Endpoint=sb://a/;SharedAccessKeyName=Root' 'mode=bypass' \
	    'session.cookie_secure=1' 'password_file=/run/secrets/db' \
	    'unix:path=/run/user/0/bus,guid=abc' 'rs=0:di=01;34:*.tar=01;31' \
	    "$cert" 'postgres://app@db/app' 'https://example.com/a:b@c'; do
		n=$((n + 1))
		cgi_json "V$n=$v"
		[ "$(env_var "V$n")" = "$v" ] || { echo "hidden: $v"; return 1; }
	done
}

@test "the variables real servers and shells set are not hidden" {
	local n
	local -a vars=(
	    'SERVER_SIGNATURE=<address>Apache/2.4.71 (Debian) Server at localhost Port 80</address>'
	    SERVER_SOFTWARE=Apache/2.4.71 SERVER_ADMIN=webmaster@localhost
	    AUTH_TYPE=Basic AUTH_USER=joe REMOTE_USER=joe
	    DOCUMENT_ROOT=/var/www CONTEXT_DOCUMENT_ROOT=/usr/lib/cgi-bin/
	    CONTEXT_PREFIX=/cgi-bin/ REQUEST_SCHEME=http UNIQUE_ID=ZabcdAAAA
	    SCRIPT_FILENAME=/usr/lib/cgi-bin/cgidump REDIRECT_STATUS=200
	    REMOTE_PORT=40000 HTTPS=on 'CGI_PATTERN=**.cgi'
	    'CONTENT_TYPE=multipart/form-data; boundary=B; token=x'
	    'HTTP_ACCEPT_ENCODING=gzip, deflate, br' HTTP_KEEP_ALIVE=300
	    HTTP_SEC_WEBSOCKET_KEY=dGhlIHNhbXBsZSBub25jZQ== HTTP_SEC_FETCH_MODE=cors
	    SSL_PROTOCOL=TLSv1.3 SSL_CIPHER_USEKEYSIZE=256 SSL_CIPHER_ALGKEYSIZE=256
	    SSL_SERVER_A_KEY=rsaEncryption SSL_CLIENT_A_KEY=id-ecPublicKey
	    SSL_SERVER_A_SIG=sha256WithRSAEncryption SSL_SESSION_RESUMED=Initial
	    SSL_SECURE_RENEG=true 'SSL_CLIENT_S_DN=CN=joe,OU=people,emailAddress=j@x'
	    SSL_CLIENT_VERIFY=SUCCESS SSL_TLS_SNI=localhost
	    'SSL_CLIENT_CERT=-----BEGIN CERTIFICATE----- MIIB -----END CERTIFICATE-----'
	    PWD=/srv OLDPWD=/ SSH_AUTH_SOCK=/tmp/ssh-x/agent.1 XDG_SESSION_ID=3
	    XDG_SESSION_TYPE=tty DESKTOP_SESSION=gnome SESSION_DRIVER=file
	    'DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/0/bus'
	    GIT_ASKPASS=/usr/bin/ksshaskpass SSH_ASKPASS=/usr/bin/ssh-askpass
	    PGPASSFILE=/root/.pgpass XAUTHORITY=/root/.Xauthority
	    GIT_AUTHOR_NAME=joe PASSENGER_APP_ENV=production
	    'LS_COLORS=rs=0:di=01;34:ln=01;36:*.tar=01;31'
	    'ASAN_OPTIONS=detect_leaks=1:abort_on_error=1'
	    PHP_VALUE=upload_max_filesize=10M)
	cgi_json "${vars[@]}"
	for n in "${vars[@]}"; do
		[ "$(env_var "${n%%=*}")" = "${n#*=}" ] || { echo "hidden: ${n%%=*}"; return 1; }
	done
}

# hidden_names: the names the JSON dump in $OUT hides, sorted, one line.
hidden_names() {
	jq -r '[.environment[] | select(.redacted) | .name] | sort | join(" ")' "$OUT"
}

@test "each surveyed server's full variable set: exactly the credentials and cookies are hidden" {
	# cgi-server-survey.md's servers, for an HTTPS GET (where the server
	# does TLS) with Basic credentials and a cookie; the variables each
	# sets (mod_ssl's StdEnvVars and ExportCertData, lighttpd's
	# mod_openssl, Debian's fastcgi_params).
	local cert='-----BEGIN CERTIFICATE----- MIIBszCCAVmgAwIBAgIUUg== -----END CERTIFICATE-----'
	local -a common=(GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET
	    QUERY_STRING=a=1 REMOTE_ADDR=127.0.0.1 SERVER_PORT=443
	    SERVER_PROTOCOL=HTTP/1.1 SCRIPT_NAME=/cgi-bin/cgidump
	    SERVER_NAME=localhost PATH_INFO=/json AUTH_TYPE=Basic REMOTE_USER=joe
	    HTTP_ACCEPT='*/*' 'HTTP_USER_AGENT=curl/8.5.0')
	local -a tls=(HTTPS=on SSL_PROTOCOL=TLSv1.3 SSL_CIPHER=TLS_AES_256_GCM_SHA384
	    SSL_CIPHER_USEKEYSIZE=256 SSL_CIPHER_ALGKEYSIZE=256 SSL_CLIENT_VERIFY=SUCCESS
	    'SSL_CLIENT_S_DN=CN=joe,O=Example' SSL_CLIENT_S_DN_CN=joe
	    'SSL_CLIENT_I_DN=CN=Example CA' SSL_CLIENT_M_SERIAL=52
	    "SSL_CLIENT_CERT=$cert")
	local -a lighttpd=("${common[@]}" "${tls[@]}" SERVER_SOFTWARE=lighttpd/1.4.69
	    SERVER_ADDR=127.0.0.1 REDIRECT_STATUS=200 REQUEST_URI=/cgi-bin/cgidump/json?a=1
	    REQUEST_SCHEME=https SCRIPT_FILENAME=/var/www/cgi-bin/cgidump
	    DOCUMENT_ROOT=/var/www PATH_TRANSLATED=/var/www/json REMOTE_PORT=40000
	    CONTENT_LENGTH=0 HTTP_HOST=localhost 'HTTP_AUTHORIZATION=Basic am9lOnB3'
	    'HTTP_COOKIE=sid=abc')
	local -a apache=("${common[@]}" "${tls[@]}" 'SERVER_SOFTWARE=Apache/2.4.71 (Debian)'
	    'SERVER_SIGNATURE=<address>Apache/2.4.71 (Debian) Server at localhost Port 443</address>'
	    SERVER_ADDR=127.0.0.1 SERVER_ADMIN=webmaster@localhost
	    DOCUMENT_ROOT=/var/www REQUEST_SCHEME=https CONTEXT_PREFIX=/cgi-bin/
	    CONTEXT_DOCUMENT_ROOT=/usr/lib/cgi-bin/ SCRIPT_FILENAME=/usr/lib/cgi-bin/cgidump
	    REMOTE_PORT=40000 REQUEST_URI=/cgi-bin/cgidump/json?a=1
	    PATH_TRANSLATED=/var/www/json UNIQUE_ID=ZabcdAAAAAE PATH=/usr/bin:/bin
	    HTTP_HOST=localhost 'HTTP_COOKIE=sid=abc' 'HTTP_AUTHORIZATION=Basic am9lOnB3'
	    SSL_TLS_SNI=localhost SSL_SERVER_A_KEY=rsaEncryption
	    SSL_SERVER_A_SIG=sha256WithRSAEncryption SSL_CLIENT_A_KEY=id-ecPublicKey
	    SSL_CLIENT_A_SIG=ecdsa-with-SHA256 SSL_SESSION_ID=5f1c0a29d4b87e53aa
	    SSL_SESSION_RESUMED=Initial SSL_SECURE_RENEG=false SSL_COMPRESS_METHOD=NULL
	    SSL_CIPHER_EXPORT=false 'SSL_VERSION_LIBRARY=OpenSSL/3.0.15'
	    SSL_VERSION_INTERFACE=mod_ssl/2.4.71 SSL_SERVER_M_SERIAL=1A
	    'SSL_SERVER_S_DN=CN=localhost' 'SSL_SERVER_V_END=Dec  1 00:00:00 2027 GMT'
	    "SSL_SERVER_CERT=$cert" "SSL_CLIENT_CERT_CHAIN_0=$cert" SSL_HANDSHAKE_RTT=1234
	    SSL_CLIENT_V_REMAIN=365)
	local -a nginx=("${common[@]}" SERVER_SOFTWARE=nginx/1.22.1 HTTPS=on
	    REQUEST_URI=/cgi-bin/cgidump/json?a=1 DOCUMENT_URI=/cgi-bin/cgidump/json
	    DOCUMENT_ROOT=/var/www REQUEST_SCHEME=https REMOTE_PORT=40000
	    SERVER_ADDR=127.0.0.1 REDIRECT_STATUS=200 CONTENT_TYPE= CONTENT_LENGTH=
	    SCRIPT_FILENAME=/usr/lib/cgi-bin/cgidump HTTP_HOST=localhost
	    'HTTP_AUTHORIZATION=Basic am9lOnB3' 'HTTP_COOKIE=sid=abc'
	    PATH=/usr/bin:/bin INVOCATION_ID=0123456789abcdef0123456789abcdef
	    JOURNAL_STREAM=8:12345 SYSTEMD_EXEC_PID=42 LISTEN_PID=42 LISTEN_FDS=1
	    LISTEN_FDNAMES=fcgiwrap.socket HOME=/var/www USER=www-data LOGNAME=www-data
	    SHELL=/usr/sbin/nologin LANG=C.UTF-8)
	local -a busybox=("${common[@]}" 'SERVER_SOFTWARE=busybox httpd/1.35.0'
	    REQUEST_URI=/cgi-bin/cgidump/json?a=1 SCRIPT_FILENAME=/www/cgi-bin/cgidump
	    REMOTE_PORT=40000 HTTP_HOST=localhost 'HTTP_AUTHORIZATION=Basic am9lOnB3'
	    'HTTP_COOKIE=sid=abc' PATH=/usr/bin:/bin)
	local -a mini_httpd=("${common[@]}" 'SERVER_SOFTWARE=mini_httpd/1.30 26Oct2018'
	    HTTPS=on PATH_TRANSLATED=/www/json HTTP_HOST=localhost 'HTTP_COOKIE=sid=abc'
	    'CGI_PATTERN=**.cgi|/cgi-bin/*' PATH=/usr/local/bin:/usr/ucb:/bin:/usr/bin)
	local -a python=("${common[@]}" 'SERVER_SOFTWARE=SimpleHTTP/0.6 Python/3.11.2'
	    SERVER_PROTOCOL=HTTP/1.0 PATH_TRANSLATED=/srv/json REMOTE_HOST= CONTENT_TYPE=text/plain
	    CONTENT_LENGTH= 'HTTP_COOKIE=sid=abc' HTTP_REFERER=https://localhost/)
	local s want
	for s in lighttpd apache nginx busybox mini_httpd python; do
		local -n vars=$s
		case $s in
		lighttpd|apache|nginx|busybox) want='HTTP_AUTHORIZATION HTTP_COOKIE' ;;
		*) want=HTTP_COOKIE ;;
		esac
		cgi_json "${vars[@]}"
		[ "$(hidden_names)" = "$want" ] || { echo "$s hides: $(hidden_names), not $want"; return 1; }
		unset -n vars
	done
}
