#!/usr/bin/env bats
# Who may see the dump (DESIGN.md "Who may see it"): CGIDUMP_ALLOW,
# CGIDUMP_TOKEN and CGIDUMP_EXPIRES, and what a refusal looks like.

load helpers

# A value that must never appear in a refusal.
MARK=zq7-leak-marker

# allowed [VAR=value ...]: the dump is served.
allowed() {
	cgi PATH_INFO=/json "$@"
	[ "$(header Status)" = "200 OK" ] || { echo "refused: $(cat "$OUT")"; return 1; }
	jq -e '.environment | length > 0' "$OUT" >/dev/null
}

# cgi_refused CODE [VAR=value ...]: cgidump, run in CGI mode with these
# variables, refuses with CODE: a short plain-text refusal and no dump.
cgi_refused() {
	local code=$1 reason=Forbidden
	shift
	[ "$code" = 410 ] && reason=Gone
	cgi PATH_INFO=/json SECRET_MARK=$MARK "$@"
	[ "$(header Status)" = "$code $reason" ] || { echo "status $(header Status)"; cat "$OUT"; return 1; }
	[ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
	[ "$(header Cache-Control)" = no-store ]
	[ "$(head -n 1 "$OUT")" = "$code $reason" ]
	[ "$(wc -l <"$OUT")" -eq 2 ]
	sed -n 2p "$OUT" | grep -q '^cgidump: .*\.$'
	! grep -q "$MARK" "$RAW"
	! grep -q '127\.0\.0\.1\|::1\|10\.1\.2\.3' "$RAW"
	! grep -qi 'environment\|SERVER_SOFTWARE\|test/1.0' "$RAW"
}

@test "no setting: anyone may look" {
	allowed
}

@test "CGIDUMP_ALLOW: an IPv4 address, a list, CIDR ranges and their edges" {
	allowed CGIDUMP_ALLOW=127.0.0.1
	allowed CGIDUMP_ALLOW='10.0.0.1, 127.0.0.1'
	allowed CGIDUMP_ALLOW=127.0.0.0/8
	allowed CGIDUMP_ALLOW=0.0.0.0/0
	allowed CGIDUMP_ALLOW=127.0.0.1/32
	cgi_refused 403 CGIDUMP_ALLOW=127.0.0.2/32
	cgi_refused 403 CGIDUMP_ALLOW=10.0.0.0/8
	allowed CGIDUMP_ALLOW=192.168.1.128/25 REMOTE_ADDR=192.168.1.128
	allowed CGIDUMP_ALLOW=192.168.1.128/25 REMOTE_ADDR=192.168.1.255
	cgi_refused 403 CGIDUMP_ALLOW=192.168.1.128/25 REMOTE_ADDR=192.168.1.127
	allowed CGIDUMP_ALLOW=10.0.0.0/8 REMOTE_ADDR=10.200.0.1
}

@test "CGIDUMP_ALLOW: the refusal names the setting, not the address" {
	cgi_refused 403 CGIDUMP_ALLOW=10.0.0.0/8 REMOTE_ADDR=10.1.2.3x
	cgi_refused 403 CGIDUMP_ALLOW=10.0.0.0/8
	grep -q 'CGIDUMP_ALLOW' "$OUT"
}

@test "CGIDUMP_ALLOW: IPv6 addresses, ranges /0 /128 and scope zones" {
	allowed CGIDUMP_ALLOW=::1 REMOTE_ADDR=::1
	allowed CGIDUMP_ALLOW=::1/128 REMOTE_ADDR=0:0:0:0:0:0:0:1
	cgi_refused 403 CGIDUMP_ALLOW=::2/128 REMOTE_ADDR=::1
	allowed CGIDUMP_ALLOW=2001:db8::/32 REMOTE_ADDR=2001:db8:ffff::1
	cgi_refused 403 CGIDUMP_ALLOW=2001:db8::/32 REMOTE_ADDR=2001:db9::1
	allowed CGIDUMP_ALLOW=::/0 REMOTE_ADDR=2001:db8::1
	allowed CGIDUMP_ALLOW=fe80::/10 REMOTE_ADDR=fe80::1%eth0
	cgi_refused 403 CGIDUMP_ALLOW=127.0.0.1 REMOTE_ADDR=::1
}

@test "CGIDUMP_ALLOW: IPv4-mapped IPv6 matches IPv4, both ways" {
	allowed CGIDUMP_ALLOW=127.0.0.1 REMOTE_ADDR=::ffff:127.0.0.1
	allowed CGIDUMP_ALLOW=127.0.0.0/8 REMOTE_ADDR=::FFFF:127.1.2.3
	allowed CGIDUMP_ALLOW=::ffff:127.0.0.1 REMOTE_ADDR=127.0.0.1
	allowed CGIDUMP_ALLOW=::ffff:0:0/96 REMOTE_ADDR=8.8.8.8
	cgi_refused 403 CGIDUMP_ALLOW=10.0.0.0/8 REMOTE_ADDR=::ffff:127.0.0.1
	# ::/0 holds every address, IPv4 ones too; 0.0.0.0/0 only IPv4.
	allowed CGIDUMP_ALLOW=::/0 REMOTE_ADDR=127.0.0.1
	cgi_refused 403 CGIDUMP_ALLOW=0.0.0.0/0 REMOTE_ADDR=2001:db8::1
}

@test "CGIDUMP_ALLOW: a missing or unreadable REMOTE_ADDR is refused" {
	UNSET=REMOTE_ADDR cgi_refused 403 CGIDUMP_ALLOW=0.0.0.0/0
	cgi_refused 403 CGIDUMP_ALLOW=0.0.0.0/0 REMOTE_ADDR=
	cgi_refused 403 CGIDUMP_ALLOW=0.0.0.0/0 REMOTE_ADDR=localhost
	cgi_refused 403 CGIDUMP_ALLOW=0.0.0.0/0 REMOTE_ADDR=127.0.0.1x
}

@test "CGIDUMP_ALLOW: garbage fails closed and says which setting is wrong" {
	local bad
	for bad in '' garbage 127.0.0.1/33 ::1/129 10.0.0.0/ 10.0.0.0/-1 \
	    '10.0.0.0/8,' ',127.0.0.1' '127.0.0.1,,::1' 127.0.0.256 \
	    127.1 0127.0.0.1 '127.0.0.1/8x' 'fe80::1%eth0' '1.2.3.4/0032' \
	    '127.0.0.1 ::1' 10.1.2.3/8 ::1/64 '::ffff:10.0.0.0/8'; do
		cgi_refused 403 "CGIDUMP_ALLOW=$bad"
		grep -q 'CGIDUMP_ALLOW is malformed' "$OUT" || { echo "not malformed: '$bad'"; cat "$OUT"; return 1; }
	done
	cgi_refused 403 CGIDUMP_ALLOW='127.0.0.1, junk'
	grep -q 'entry 2' "$OUT"
}

@test "CGIDUMP_ALLOW: an IPv4 range written as IPv6 takes its prefix in IPv6 bits" {
	allowed CGIDUMP_ALLOW=::ffff:10.0.0.0/104 REMOTE_ADDR=10.9.8.7
	cgi_refused 403 CGIDUMP_ALLOW=::ffff:10.0.0.0/104 REMOTE_ADDR=203.0.113.9
	# /8 of an IPv6 address would hold every IPv4 client: refused as malformed.
	cgi_refused 403 CGIDUMP_ALLOW=::ffff:10.0.0.0/8 REMOTE_ADDR=203.0.113.9
	grep -q 'CGIDUMP_ALLOW is malformed' "$OUT"
}

@test "a misspelt fence refuses every request" {
	local v
	for v in CGIDUMP_ALLOWED=10.0.0.1 CGIDUMP_EXPIRE=2000-01-01 \
	    CGIDUMP_TOKENS=t CGIDUMP_DENY=10.0.0.1 CGIDUMP_ALLOW_FROM=1.2.3.4; do
		cgi_refused 403 "$v"
		grep -q "\"${v%%=*}\" is not a setting cgidump knows" "$OUT"
	done
}

@test "any misspelt setting or prefix refuses every request, naming the variable and not its value" {
	local n
	for n in CGIDUMP_ALOW cgidump_allow Cgidump_Allow CGIDUMP_TOKN \
	    CGI_DUMP_ALLOW CGIDUMPALLOW CGIDUMP-ALLOW CGIDMP_ALLOW CGIDUMP__ALLOW \
	    CGIDUPM_TOKEN XCGIDUMP_ALLOW cgi_dump_expires CGIDUMP_MAXBODY \
	    CGIDUMP_REVEL CGIDUMP_ Cgidump_ CGIDUMP_NEW_THING REDIRECT_CGIDUMP_ALOW; do
		cgi_refused 403 "$n=$MARK"
		grep -qF "cgidump: \"$n\" is not a setting cgidump knows" "$OUT" ||
		    { echo "not named: $n"; cat "$OUT"; return 1; }
		grep -q 'every request is refused' "$OUT"
	done
	# The setting it is one edit from, when there is one.
	cgi_refused 403 CGIDUMP_ALOW=10.0.0.0/8
	grep -qF '"CGIDUMP_ALOW" is not a setting cgidump knows (a typo for CGIDUMP_ALLOW?)' "$OUT"
	cgi_refused 403 CGI_DUMP_MAX_BODY=1
	grep -qF '(a typo for CGIDUMP_MAX_BODY?)' "$OUT"
	cgi_refused 403 CGIDUMP_NEW_THING=1
	grep -qF '"CGIDUMP_NEW_THING" is not a setting cgidump knows (a typo?)' "$OUT"
}

@test "a misspelt setting's name is escaped in the refusal" {
	local n=$'CGIDUMP_A\x01"L\\\x1b[2J\nOW\xff'
	cgi_refused 403 "$n=$MARK"
	grep -qF 'cgidump: "CGIDUMP_A\x01\"L\\\x1B[2J\x0AOW\xFF" is not a setting' "$OUT"
	[ "$(od -An -tx1 -v "$OUT" | tr -s ' ' '\n' | grep -cxE '0[0-9b-f]|1[0-9a-f]|7f|ff')" -eq 0 ]
	cgi_refused 403 "CGIDUMP_$(printf 'X%.0s' $(seq 200))=$MARK"
	grep -qF "cgidump: \"CGIDUMP_$(printf 'X%.0s' $(seq 56))\"... is not a setting" "$OUT"
}

@test "real settings and ordinary variables do not trip the misspelt-setting fence" {
	allowed CGIDUMP_REVEAL=0 CGIDUMP_STRICT=0 CGIDUMP_MAX_BODY=10 \
	    CGIDUMP_MAX_FIELDS=10 CGIDUMP_MAX_FORM=1024 CGIDUMP_MAX_HEADER=100 \
	    CGIDUMP_MAX_DEPTH=2 CGIDUMP_TIMEOUT=3 CGIDUMP_ALLOW=127.0.0.1 \
	    CGIDUMP_TOKEN=t HTTP_X_CGIDUMP_TOKEN=t CGIDUMP_EXPIRES=2999-01-01 \
	    CGI_PATTERN='**.cgi' CGI_ROOT=/srv DOCUMENT_ROOT=/var/www \
	    CONTEXT_DOCUMENT_ROOT=/usr/lib/cgi-bin/ GIT_DUMP=1 CGIDEBUG=1 \
	    HTTP_CGIDUMP_ALLOW=x HTTP_X_CGIDUMP_ALOW=x REDIRECT_CGIDUMP_REVEAL=0 \
	    REDIRECT_CGIDUMP_ALLOW=127.0.0.1 REDIRECT_STATUS=200 \
	    CGIDUMP=/usr/lib/cgi-bin/cgidump
	[ "$(jqo '[.errors[] | select(.id == "config")] | length')" -eq 0 ]
}

@test "a fence set only for the URL before an internal redirect refuses every request" {
	cgi_refused 403 REDIRECT_CGIDUMP_ALLOW=10.0.0.0/8
	grep -qF '"REDIRECT_CGIDUMP_ALLOW" is set but CGIDUMP_ALLOW is not' "$OUT"
	cgi_refused 403 REDIRECT_REDIRECT_CGIDUMP_TOKEN=t
	grep -qF 'CGIDUMP_TOKEN is not' "$OUT"
	allowed REDIRECT_CGIDUMP_ALLOW=10.0.0.0/8 CGIDUMP_ALLOW=127.0.0.1
}

@test "locally a misspelt setting is a warning and the dump goes on" {
	local_json CGIDUMP_ALOW=10.0.0.0/8 CGIDUMP_MAXBODY=10
	jq -e '[.errors[] | select(.id == "config") | .message] |
	    any(test("CGIDUMP_ALOW.*a typo for CGIDUMP_ALLOW")) and
	    any(test("CGIDUMP_MAXBODY.*a typo for CGIDUMP_MAX_BODY"))' "$OUT"
	jq -e '.checks[] | select(.id == "config") | .level == "warn"' "$OUT"
	jq -e '.environment | length > 0' "$OUT"
}

@test "CGIDUMP_TOKEN: right, wrong, missing, of another length, empty header" {
	allowed CGIDUMP_TOKEN=correct-horse HTTP_X_CGIDUMP_TOKEN=correct-horse
	cgi_refused 403 CGIDUMP_TOKEN=correct-horse HTTP_X_CGIDUMP_TOKEN=correct-horsf
	grep -q 'X-Cgidump-Token' "$OUT"
	! grep -q 'correct-hors' "$RAW"
	cgi_refused 403 CGIDUMP_TOKEN=correct-horse
	cgi_refused 403 CGIDUMP_TOKEN=correct-horse HTTP_X_CGIDUMP_TOKEN=correct
	cgi_refused 403 CGIDUMP_TOKEN=correct-horse HTTP_X_CGIDUMP_TOKEN=correct-horse-battery
	cgi_refused 403 CGIDUMP_TOKEN=correct-horse HTTP_X_CGIDUMP_TOKEN=
	# Only the header counts: not the query, not another header.
	cgi_refused 403 CGIDUMP_TOKEN=t QUERY_STRING=token=t HTTP_CGIDUMP_TOKEN=t
}

@test "CGIDUMP_TOKEN: an empty setting fails closed" {
	cgi_refused 403 CGIDUMP_TOKEN= HTTP_X_CGIDUMP_TOKEN=
	grep -q 'CGIDUMP_TOKEN is empty' "$OUT"
}

@test "CGIDUMP_EXPIRES: a moment just before and just after, in UTC" {
	local now
	now=$(date -u +%s)
	allowed CGIDUMP_EXPIRES="$(date -u -d "@$((now + 60))" +%Y-%m-%dT%H:%M:%SZ)"
	cgi_refused 410 CGIDUMP_EXPIRES="$(date -u -d "@$((now - 1))" +%Y-%m-%dT%H:%M:%SZ)"
	grep -q 'expired' "$OUT"
	allowed CGIDUMP_EXPIRES="$(date -u -d "@$((now + 120))" '+%Y-%m-%d %H:%M')"
	cgi_refused 410 CGIDUMP_EXPIRES="$(date -u -d "@$((now - 120))" +%Y-%m-%dT%H:%M)"
	# A date: through that day, UTC.
	allowed CGIDUMP_EXPIRES="$(date -u +%Y-%m-%d)"
	cgi_refused 410 CGIDUMP_EXPIRES="$(date -u -d "@$((now - 86400))" +%Y-%m-%d)"
	# The local time zone does not matter.
	TZ=Pacific/Kiritimati allowed CGIDUMP_EXPIRES="$(date -u -d "@$((now + 60))" +%Y-%m-%dT%H:%M:%SZ)" TZ=Pacific/Kiritimati
	cgi_refused 410 CGIDUMP_EXPIRES=1999-12-31 TZ=Pacific/Honolulu
}

@test "CGIDUMP_EXPIRES: malformed dates fail closed" {
	local bad
	for bad in '' tomorrow 2026-13-01 2026-02-30 2025-02-29 2026-1-01 \
	    2026-01-01T24:00 2026-01-01T12:60 2026-01-01T12:00:60 \
	    '2026-01-01T12:00+02:00' 2026-01-01T 20260101 '2026-01-01 ' \
	    2026-01-01x 2999-01-01Z 2999-01-01z; do
		cgi_refused 403 "CGIDUMP_EXPIRES=$bad"
		grep -q 'CGIDUMP_EXPIRES is malformed' "$OUT" || { echo "accepted: '$bad'"; return 1; }
	done
	allowed CGIDUMP_EXPIRES=2400-02-29
}

@test "CGIDUMP_EXPIRES: the malformed-date message quotes the value, escaped, and every form it names is taken" {
	local form n=0
	cgi_refused 403 CGIDUMP_EXPIRES=$'31.12.2026\x1b[2J"'
	grep -qF 'CGIDUMP_EXPIRES is malformed: "31.12.2026\x1B[2J\"" is not a date' "$OUT"
	[ "$(od -An -tx1 -v "$OUT" | tr -s ' ' '\n' | grep -cxE '0[0-9b-f]|1[0-9a-f]|7f')" -eq 0 ]
	# Each `form` the message names: never the malformed refusal (a date
	# gone by the time this runs answers 410 Gone, and that is taken too).
	sed -n 2p "$OUT" | grep -o '`[^`]*`' | tr -d '`' >"$BATS_TEST_TMPDIR/forms"
	while IFS= read -r form; do
		n=$((n + 1))
		cgi PATH_INFO=/json CGIDUMP_EXPIRES="$form"
		if grep -q 'malformed' "$OUT"; then
			echo "named but refused as malformed: '$form'"
			return 1
		fi
		case $(header Status) in
		"200 OK"|"410 Gone") ;;
		*) echo "'$form': status $(header Status)"; return 1 ;;
		esac
	done <"$BATS_TEST_TMPDIR/forms"
	# the date, with a time, with seconds, with a Z each, with a space
	[ "$n" -eq 6 ]
}

@test "a malformed setting refuses even a request the others allow" {
	cgi_refused 403 CGIDUMP_ALLOW=junk CGIDUMP_TOKEN=t HTTP_X_CGIDUMP_TOKEN=t
	cgi_refused 403 CGIDUMP_ALLOW=127.0.0.1 CGIDUMP_EXPIRES=junk
	# Expired beats everything else.
	cgi_refused 410 CGIDUMP_ALLOW=10.0.0.0/8 CGIDUMP_EXPIRES=2000-01-01
}

@test "all fences at once: each one can refuse" {
	local later="CGIDUMP_EXPIRES=2999-01-01"
	allowed CGIDUMP_ALLOW=127.0.0.1 CGIDUMP_TOKEN=t HTTP_X_CGIDUMP_TOKEN=t "$later"
	cgi_refused 403 CGIDUMP_ALLOW=10.0.0.1 CGIDUMP_TOKEN=t HTTP_X_CGIDUMP_TOKEN=t "$later"
	cgi_refused 403 CGIDUMP_ALLOW=127.0.0.1 CGIDUMP_TOKEN=t HTTP_X_CGIDUMP_TOKEN=u "$later"
}

@test "a refusal is the same under every format and endpoint, and HEAD gets no body" {
	local p first
	for p in /json /html /text /check /stream /stderr /replay /; do
		cgi PATH_INFO=$p CGIDUMP_ALLOW=10.0.0.1
		[ "$(header Status)" = "403 Forbidden" ]
		[ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
		[ -z "$first" ] && first=$(cat "$OUT")
		[ "$(cat "$OUT")" = "$first" ]
		[ ! -s "$BATS_TEST_TMPDIR/stderr" ]
	done
	cgi HTTP_ACCEPT=application/json CGIDUMP_ALLOW=10.0.0.1
	[ "$(cat "$OUT")" = "$first" ]
	cgi REQUEST_METHOD=HEAD CGIDUMP_ALLOW=10.0.0.1
	[ "$(header Status)" = "403 Forbidden" ]
	[ ! -s "$OUT" ]
}

@test "a refused request's body is not read, so a socket that never ends cannot hold it" {
	require perl
	body_file 'a=b'
	# With a socket whose client never finishes, reading would wait
	# CGIDUMP_TIMEOUT; a refusal answers at once.
	STDIN_SOCKET=1 cgi_refused 403 REQUEST_METHOD=POST CONTENT_LENGTH=1000000 \
	    CGIDUMP_ALLOW=10.0.0.1 CGIDUMP_TIMEOUT=30
}

@test "nph- programs refuse with a full status line" {
	local d
	d=$(mktemp -d)
	cp "$CGIDUMP" "$d/nph-cgidump"
	CGIDUMP=$d/nph-cgidump cgi CGIDUMP_TOKEN=t
	head -n 1 "$RAW" | grep -q $'^HTTP/1.1 403 Forbidden\r$'
	rm -rf "$d"
}

@test "local runs are not fenced: no one else sees them" {
	local_run -f json
	[ "$status" -eq 0 ]
	run timeout "$TMO" env -i PATH=/usr/bin:/bin CGIDUMP_ALLOW=10.0.0.1 "$CGIDUMP" -f json
	[ "$status" -eq 0 ]
	jq -e '.mode == "local"' <<<"$output"
}
