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
	[ "$(env_var REDIRECT_QUERY_STRING)" = 'u=https://a:b@example.com/' ]
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
	    SSL_SESSION_ID PHPSESSID Shib-Session-ID DBPASS PGPASS MY_APIKEY \
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
