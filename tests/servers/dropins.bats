#!/usr/bin/env bats
# tests/servers/dropins.bats: the drop-in files of contrib/ that the
# README tells a Debian administrator to install, with their commented
# lines enabled, behind the real servers (serve.sh configures lighttpd,
# Apache and nginx with these very files).  Each server once: the
# password lines (HTTP Basic auth), and the fence for a browser
# (CGIDUMP_ALLOW and CGIDUMP_EXPIRES, no token).

load lib

teardown() {
	[ -n "${BATS_TEST_COMPLETED:-}" ] || serve_logs
	serve_stop_all
}

# start NAME [ARGS]: $SERVER from serve.sh, as $URL; skip (or fail in CI)
# when it cannot run here.
start() {
	local rc=0
	SERVER=$1
	shift
	require curl
	require jq
	for b in $(sh "$SERVE" bins "$SERVER"); do
		require "$b"
	done
	URL=$(serve "$@") || rc=$?
	[ "$rc" -ne 77 ] || { [ -z "${CGIDUMP_REQUIRE_ALL:-}" ] && skip "$URL"; echo "$URL"; return 1; }
	[ "$rc" -eq 0 ]
}

# The password open-sesame for admin (openssl passwd -apr1 -salt cgidumpT).
HTPASSWD='admin:$apr1$cgidumpT$nNdklyqAiUuaAVkSY9sTB0'

# basic_auth: without the password 401 and no dump, with it the dump.
basic_auth() {
	get /json
	[ "$CODE" = 401 ]
	! grep -q GATEWAY_INTERFACE "$OUT"
	get /json -u admin:wrong
	[ "$CODE" = 401 ]
	get_json /json -u admin:open-sesame
	[ "$CODE" = 200 ]
	[ "$(jqo .mode)" = cgi ]
	[ "$(env_var GATEWAY_INTERFACE)" = CGI/1.1 ]
}

# browser_fence: a browser sends no X-Cgidump-Token; the address and
# expiry lines alone let it in.
browser_fence() {
	get /html -H 'Accept: text/html'
	[ "$CODE" = 200 ]
	head -n 1 "$OUT" | grep -qx '<!DOCTYPE html>'
	get_json /json
	[ "$(env_var CGIDUMP_ALLOW)" = 127.0.0.1,::1 ]
	[ "$(env_var CGIDUMP_EXPIRES)" = 2999-12-31 ]
	[ "$(check_level access-control)" = ok ]
}

@test "lighttpd: the password lines of contrib/lighttpd/50-cgidump.conf: 401 without, the dump with" {
	start lighttpd "--basic-auth=$HTPASSWD"
	basic_auth
}

@test "lighttpd: 50-cgidump.conf's CGIDUMP_ALLOW and CGIDUMP_EXPIRES lines let a browser in" {
	start lighttpd CGIDUMP_ALLOW=127.0.0.1,::1 CGIDUMP_EXPIRES=2999-12-31
	browser_fence
}

@test "apache-cgid: the password lines of contrib/apache/cgidump.conf: 401 without, the dump with" {
	start apache-cgid "--basic-auth=$HTPASSWD"
	basic_auth
}

@test "apache-cgid: cgidump.conf's CGIDUMP_ALLOW and CGIDUMP_EXPIRES lines let a browser in" {
	start apache-cgid CGIDUMP_ALLOW=127.0.0.1,::1 CGIDUMP_EXPIRES=2999-12-31
	browser_fence
}

@test "apache-cgi: the password lines of contrib/apache/cgidump.conf: 401 without, the dump with" {
	start apache-cgi "--basic-auth=$HTPASSWD"
	basic_auth
}

@test "nginx: the password lines of contrib/nginx/cgidump.conf: 401 without, the dump with" {
	start nginx "--basic-auth=$HTPASSWD"
	basic_auth
}

@test "nginx: cgidump.conf's CGIDUMP_ALLOW and CGIDUMP_EXPIRES lines let a browser in" {
	start nginx CGIDUMP_ALLOW=127.0.0.1,::1 CGIDUMP_EXPIRES=2999-12-31
	browser_fence
}

@test "the drop-in files enable nothing by themselves: every setting line is commented" {
	# What a2enconf / lighty-enable-mod switch on as shipped: no fence,
	# no password, so an administrator's file is filled in on purpose.
	! grep -E '^[[:space:]]*(SetEnv|Auth|Require|server\.modules|setenv|auth\.|\$HTTP)' \
	    "$BATS_TEST_DIRNAME/../../contrib/apache/cgidump.conf" \
	    "$BATS_TEST_DIRNAME/../../contrib/lighttpd/50-cgidump.conf"
	! grep -E '^[[:space:]]*(fastcgi_param CGIDUMP_|auth_basic)' \
	    "$BATS_TEST_DIRNAME/../../contrib/nginx/cgidump.conf"
}
