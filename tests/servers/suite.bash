#!/usr/bin/env bats
# tests/servers/suite.bash: cgidump behind a real web server, end to end
# with curl (issue 5).  Every tests/servers/NAME.bats is a link to this
# file and runs it against server NAME (see serve.sh); what differs
# between servers is in expect.bash.  One server per file, started once.

SERVER=$(basename "$BATS_TEST_FILENAME" .bats)
load lib
load expect

setup_file() {
	serve_file
}

teardown_file() {
	serve_stop_all
}

setup() {
	serve_require
}

teardown() {
	[ -n "${BATS_TEST_COMPLETED:-}" ] || serve_logs
}

# got_refusal CODE: the answer get fetched is cgidump turning the
# request away with CODE, in a line or two of plain text ("cgidump:
# why") and without the dump.
got_refusal() {
	[ "$(cgi_status)" = "$1" ]
	[ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
	grep -q '^cgidump: ' "$OUT"
	[ "$(wc -c <"$OUT")" -lt 1024 ]
	! grep -qE 'GATEWAY_INTERFACE|SERVER_SOFTWARE|CGI/1\.1|nobody' "$OUT"
}

# body_fields: the form's fields from the body, as name=value lines.
body_fields() {
	jq -r '.form[] | select(.source == "body") | "\(.name)=\(.value)"' "$OUT"
}

@test "$SERVER: the Python doc example ?name=Joe+Blow&addr=At+Home" {
	get_json '/json?name=Joe+Blow&addr=At+Home'
	[ "$(cgi_status)" = 200 ]
	jq -e --arg mode "$MODE" '.mode == $mode and [.form[] | [.name, .value, .source]] ==
	    [["name", "Joe Blow", "query"], ["addr", "At Home", "query"]]' "$OUT"
	[ "$(env_var GATEWAY_INTERFACE)" = CGI/1.1 ]
	[[ "$(env_var SERVER_SOFTWARE)" =~ $SOFTWARE ]]
}

if [ "$MODE" = cgi ]; then
	transport_says="a CGI program: no transport, no served-by line"
else
	transport_says="$MODE from cgidump's daemon listening on $LISTEN, one request a connection"
fi
@test "$SERVER: $transport_says" {
	local dir want=$LISTEN
	dir=$(head -n 1 "$BATS_FILE_TMPDIR/servers")
	[ "$want" != SOCK ] || want=unix:$dir/run/cgidump.sock
	get_json /json
	if [ "$MODE" = cgi ]; then
		jq -e 'has("transport") | not' "$OUT"
		get /text
		! grep -qE "^served by: " "$OUT"
		return
	fi
	jq -e --arg l "$want" '.transport | .listen == $l and .request == 1' "$OUT"
	get /text
	grep -qE "^served by: +" "$OUT"
}

@test "$SERVER: cgidump runs as $RUNS_AS, the privileges check says $PRIVILEGES" {
	get_json /json
	[ "$(jqo '.process.euser + ":" + .process.egroup')" = "$RUNS_AS" ]
	[ "$(check_level privileges)" = "$PRIVILEGES" ]
}

@test "$SERVER: /html, /text and /json choose the format" {
	get /html
	[ "$(cgi_status)" = 200 ]
	[ "$(header Content-Type)" = "text/html; charset=utf-8" ]
	head -n 1 "$OUT" | grep -qx '<!DOCTYPE html>'
	get /text
	[ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
	head -n 1 "$OUT" | grep -q '^cgidump .*: what the server handed this CGI program$'
	get_json /json
	[ "$(header Content-Type)" = application/json ]
	[ "$(header Cache-Control)" = no-store ]
	[ "$(header X-Content-Type-Options)" = nosniff ]
}

if [ "$ACCEPT" = 1 ]; then
	accept_says="the Accept header chooses the format"
else
	accept_says="Accept never reaches the program: always HTML"
fi
@test "$SERVER: $accept_says" {
	local a want
	for a in 'application/json=application/json' 'text/plain=text/plain' \
	    'text/html;q=0.5, application/json=application/json'; do
		get '' -H "Accept: ${a%=*}"
		[ "$(cgi_status)" = 200 ]
		want=${a##*=}
		[ "$ACCEPT" = 1 ] || want=text/html
		header Content-Type | grep -q "^$want"
	done
	get ''
	[ "$(header Content-Type)" = "text/html; charset=utf-8" ]
}

@test "$SERVER: HEAD gets the headers only, on the wire ($HEAD_SAYS)" {
	raw_request $'HEAD /cgi-bin/cgidump/json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'
	_split_response "$RAW"
	head -n 1 "$HDR" | grep -qE '^HTTP/1\.[01] 200 '
	[ "$(header Content-Type)" = application/json ]
	[ ! -s "$OUT" ]
}

@test "$SERVER: a urlencoded POST with a query string, fields from both: $POST_SAYS" {
	local data='name=Joe+Blow&addr=At+Home' rc=0
	if [ "$POST_DROPPED" = 1 ]; then
		# the limitation, as it is: nothing comes back
		get '/json?q=1' --data "$data" || rc=$?
		[ "$rc" -eq 52 ]
		[ "$CODE" = 000 ]
	fi
	get_json '/json?q=1&name=Query' "${POST_ARGS[@]}" --data "$data"
	[ "$(cgi_status)" = 200 ]
	jq -e '[.form[] | [.name, .value, .source]] == [["q", "1", "query"],
	    ["name", "Query", "query"], ["name", "Joe Blow", "body"],
	    ["addr", "At Home", "body"]]' "$OUT"
	jq -e '.request | .method == "POST" and .content_length == 26 and
	    .body_bytes == 26 and .body_end == "complete"' "$OUT"
	[ "$(check_level body-length)" = ok ]
	[ "$(check_level form-parse)" = ok ]
}

@test "$SERVER: a 50 MiB multipart upload: the SHA-256 in the dump is sha256sum's" {
	upload_file
	CURL_TMO=300 get_json /json -F note=hello \
	    -F "file=@$BIG;filename=upload.bin;type=application/octet-stream"
	[ "$(cgi_status)" = 200 ]
	jq -e --arg sha "$BIG_SHA256" '[.form[] | select(.name == "file")][0] |
	    .filename == "upload.bin" and .size == 52428800 and .sha256 == $sha and
	    .content_type == "application/octet-stream"' "$OUT"
	jq -e '.form[0] | .name == "note" and .value == "hello"' "$OUT"
	[ "$(jqo .request.body_end)" = complete ]
	[ "$(check_level form-parse)" = ok ]
}

@test "$SERVER: a chunked upload: $CHUNKED_SAYS" {
	local big
	big=$(head -c 65536 /dev/zero | tr '\0' x)
	get_json '/json?q=1' "${POST_ARGS[@]}" -H 'Transfer-Encoding: chunked' \
	    --data 'name=Joe+Blow&addr=At+Home'
	[ "$(cgi_status)" = 200 ]
	case $CHUNKED in
	decoded|to-eof)
		[ "$(body_fields)" = $'name=Joe Blow\naddr=At Home' ]
		[ "$(jqo .request.chunk_framing)" = false ]
		[ "$(check_level chunk-framing)" = ok ] ;;&
	decoded)
		[ "$(jqo .request.content_length)" = 26 ]
		[ "$(jqo .request.read_to_eof)" = false ]
		[ "$(check_level body-length)" = ok ] ;;
	to-eof)
		[ "$(jqo .request.content_length)" = null ]
		[ "$(jqo .request.read_to_eof)" = true ]
		[ "$(check_level body-length)" = warn ] ;;
	raw)
		[ "$(jqo .request.content_length)" = null ]
		[ "$(jqo .request.chunk_framing)" = true ]
		[ "$(body_fields)" = $'name=Joe Blow\naddr=At Home' ]
		[ "$(check_level chunk-framing)" = fail ] ;;
	minus-one)
		# the body comes, but CONTENT_LENGTH says -1: not read
		[ "$(jqo .request.content_length_raw)" = -1 ]
		[ "$(jqo .request.content_length)" = null ]
		[ "$(jqo .request.body_bytes)" = 0 ]
		[ "$(jqo .request.bytes_after_body)" = 26 ]
		[ -z "$(body_fields)" ]
		[ "$(check_level body-length)" = fail ] ;;
	hidden)
		[ "$(env_var HTTP_TRANSFER_ENCODING)" = '<unset>' ]
		[ "$(jqo .request.content_length)" = null ]
		[ "$(jqo .request.body_bytes)" = 0 ]
		[ -z "$(body_fields)" ]
		[ "$(jqo .request.chunk_framing)" = false ]
		# A POST with a type and no length: body-length warns that a
		# body may have gone unread; if the framing was already waiting
		# on stdin, it fails.
		if [ "$(jqo '.request.bytes_after_body > 0')" = true ]; then
			[ "$(check_level body-length)" = fail ]
		else
			[ "$(check_level body-length)" = warn ]
		fi ;;
	*)
		false ;;
	esac
	# a body larger than busybox's first buffer
	get_json '/json?q=1' "${POST_ARGS[@]}" -H 'Transfer-Encoding: chunked' \
	    --data "name=Joe+Blow&big=$big&addr=At+Home"
	case $CHUNKED in
	decoded|to-eof)
		[ "$(jqo .request.body_end)" = complete ]
		[ "$(body_fields)" = "name=Joe Blow"$'\n'"big=$big"$'\n'"addr=At Home" ] ;;
	raw)
		# only what came in with the headers: a part of the framing, or none
		[ "$(jqo '[.form[] | select(.name == "addr")] | length')" = 0 ]
		if [ "$(jqo .request.body_bytes)" != 0 ]; then
			[ "$(jqo .request.body_end)" = short ]
			[ "$(check_level body-length)" = fail ]
		fi ;;
	hidden|minus-one)
		[ "$(jqo .request.body_bytes)" = 0 ]
		[ -z "$(body_fields)" ] ;;
	esac
}

@test "$SERVER: an ISINDEX query ?foo+bar: arguments $ISINDEX_ARGS, isindex-argv $ISINDEX_LEVEL" {
	local dir
	dir=$(head -n 1 "$BATS_FILE_TMPDIR/servers")
	get_json '/json?foo+bar'
	# SOCK: the daemon's socket, in this run's directory
	[ "$(jq -c '.argv[1:]' "$OUT" | sed "s|unix:$dir/run/cgidump.sock|SOCK|")" = "$ISINDEX_ARGS" ]
	[ "$(check_level isindex-argv)" = "$ISINDEX_LEVEL" ]
}

# fails: the ids of the checks that failed, sorted, from /check in $OUT.
fails() {
	sed -n 's/^fail \([a-z0-9-]*\): .*/\1/p' "$OUT" | sort | paste -sd ' ' -
}

# check_answer FAILS: /check in $OUT answers for exactly these failures.
check_answer() {
	[ "$(fails)" = "$1" ]
	if [ -n "$1" ]; then
		[ "$(cgi_status)" = 500 ]
	else
		[ "$(cgi_status)" = 200 ]
	fi
	[ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
	head -n 1 "$OUT" | grep -qE "^cgidump checks: $(echo $1 | wc -w) fail, [0-9]+ warn, [0-9]+ ok, [0-9]+ skip\$"
}

if [ "$PROXY_PASSED" = 1 ]; then
	proxy_says="becomes HTTP_PROXY: httpoxy fails"
else
	proxy_says="never becomes HTTP_PROXY: httpoxy ok"
fi
@test "$SERVER: a Proxy: header $proxy_says" {
	local want=$PLAIN_FAILS
	get_json /json -H 'Proxy: http://evil.example'
	if [ "$PROXY_PASSED" = 1 ]; then
		[ "$(env_var HTTP_PROXY)" = http://evil.example ]
		[ "$(check_level httpoxy)" = fail ]
		want=$(printf '%s\n' $PLAIN_FAILS httpoxy | sort | paste -sd ' ' -)
	else
		[ "$(env_var HTTP_PROXY)" = '<unset>' ]
		[ "$(check_level httpoxy)" = ok ]
	fi
	get /check -H 'Proxy: http://evil.example'
	check_answer "$want"
}

@test "$SERVER: /check on a plain GET: $PLAIN_SAYS$STATUS_NOTE; the same verdicts as the JSON" {
	local id n
	get /check
	check_answer "$PLAIN_FAILS"
	n=$(head -n 1 "$OUT" | awk '{ print $3 + $5 + $7 + $9 }')
	[ "$(tail -n +2 "$OUT" | grep -cE '^(fail|warn|ok  |skip) [a-z0-9-]+: .')" -eq "$n" ]
	[ "$(wc -l <"$OUT")" -eq $((n + 1)) ]
	tail -n +2 "$OUT" | awk '{ sub(":$", "", $2); print $1, $2 }' >"$BATS_TEST_TMPDIR/verdicts"
	for id in meta-variables body-length httpoxy privileges form-parse \
	    chunk-framing stdin-socket isindex-argv server-environment; do
		grep -q " $id\$" "$BATS_TEST_TMPDIR/verdicts"
	done
	get_json /json
	diff <(jqo '.checks[] | "\(.level) \(.id)"' | sort) <(sort "$BATS_TEST_TMPDIR/verdicts")
}

@test "$SERVER: /check answers 500 when a check fails (a multipart body cut short)$STATUS_NOTE" {
	get /check "${POST_ARGS[@]}" -H 'Content-Type: multipart/form-data; boundary=XX' \
	    --data-binary $'--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'
	[ "$(cgi_status)" = 500 ]
	grep -q '^fail form-parse: ' "$OUT"
	head -n 1 "$OUT" | grep -qE '^cgidump checks: [1-9][0-9]* fail, '
}

@test "$SERVER: CGIDUMP_ALLOW=127.0.0.1 and CGIDUMP_TOKEN: $SETTINGS_SAYS$STATUS_NOTE" {
	URL=$(serve CGIDUMP_ALLOW=127.0.0.1 CGIDUMP_TOKEN=s3cret-t0ken)
	get /json -H 'X-Cgidump-Token: s3cret-t0ken'
	if [ "$SETTINGS" = 0 ]; then
		[ "$(cgi_status)" = 200 ]
		[ "$(env_var CGIDUMP_ALLOW)" = '<unset>' ]
		[ "$(check_level access-control)" = warn ]
		get /json -H 'X-Cgidump-Token: wrong'
		[ "$(cgi_status)" = 200 ]
		return
	fi
	if [ "$TOKEN_HEADER" = 1 ]; then
		[ "$(cgi_status)" = 200 ]
		[ "$(check_level access-control)" = ok ]
	else
		got_refusal 403
	fi
	get /json -H 'X-Cgidump-Token: wrong'
	got_refusal 403
	get /json
	got_refusal 403
	get /check
	got_refusal 403
}

@test "$SERVER: CGIDUMP_ALLOW=10.0.0.0/8, a client at 127.0.0.1: $ALLOW_SAYS$STATUS_NOTE" {
	URL=$(serve CGIDUMP_ALLOW=10.0.0.0/8)
	get /json
	if [ "$SETTINGS" = 1 ]; then
		got_refusal 403
	else
		[ "$(cgi_status)" = 200 ]
		[ "$(env_var CGIDUMP_ALLOW)" = '<unset>' ]
	fi
}

@test "$SERVER: CGIDUMP_EXPIRES in the past: $EXPIRES_SAYS$STATUS_NOTE" {
	URL=$(serve CGIDUMP_EXPIRES=2001-01-01)
	get /html
	if [ "$SETTINGS" = 1 ]; then
		got_refusal 410
	else
		[ "$(cgi_status)" = 200 ]
		get_json /json
		[ "$(env_var CGIDUMP_EXPIRES)" = '<unset>' ]
	fi
}

@test "$SERVER: /stderr's line lands in $STDERR_SAYS, as the page says" {
	local dir marker i=0
	dir=$(head -n 1 "$BATS_FILE_TMPDIR/servers")
	get /stderr
	[ "$(cgi_status)" = 200 ]
	grep -qF "$STDERR_PAGE" "$OUT"
	marker=$(grep -o 'cgidump-stderr-[0-9]*-[0-9]*-[0-9a-f]\{16\}' "$OUT" | head -n 1)
	[ -n "$marker" ]
	if [ "$STDERR_IN" = nowhere ]; then
		# XXX: that it is in no log cannot be shown without a wait
		return
	fi
	if [ "$STDERR_IN" = answer ]; then
		grep -qF "$marker: cgidump wrote this" "$HDR.raw"
		return
	fi
	# The server writes its log after the answer: wait for it, with
	# a hang guard only.
	while ! grep -qF "$marker" "$dir/$STDERR_IN" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || { echo "no $marker in $STDERR_IN"; return 1; }
		sleep 0.1
	done
	if [ -n "$STDERR_LOG_SAYS" ]; then
		grep -F "$marker" "$dir/$STDERR_IN" | grep -qF "$STDERR_LOG_SAYS"
	fi
}


@test "$SERVER: static .html pages in the document root are text/html" {
	local dir
	dir=$(head -n 1 "$BATS_FILE_TMPDIR/servers")
	printf '<!DOCTYPE html>\n<title>form</title>\n' >"$dir/www/form.html"
	chmod 644 "$dir/www/form.html"
	curl -sS --max-time "$CURL_TMO" -o "$BATS_TEST_TMPDIR/page" \
	    -w '%{http_code} %{content_type}\n' "$URL/form.html" >"$BATS_TEST_TMPDIR/got"
	grep -qE '^200 text/html(;.*)?$' "$BATS_TEST_TMPDIR/got"
	cmp "$BATS_TEST_TMPDIR/page" "$dir/www/form.html"
}

# Issue 13: a request captured behind the server with /replay, run
# locally into cgidump itself, is the request the server hands a CGI
# program (its /json of the same request, made twice); and the curl
# form sends the same form and files again.
REPLAY_MP=$'--RpL\r\nContent-Disposition: form-data; name="note"\r\n\r\n$(touch pwned) \'%s\r\n--RpL\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'

# replay_upload: a multipart body with a binary file, in $BATS_TEST_TMPDIR/mp.
replay_upload() {
	{
		printf '%s' "$REPLAY_MP"
		head -c 20000 /dev/urandom
		printf '\r\n--RpL--\r\n'
	} >"$BATS_TEST_TMPDIR/mp"
}

# What two requests alike share: not the client's port, the path asked
# for or what servers make of it, nor how stdin reached the program.
replay_same() {
	local f='{request: (.request | del(.stdin)), form, body, errors, argv: .argv[1:],
	    environment: [.environment[] | select(.name | test("^(REMOTE_PORT|PATH_INFO|PATH_TRANSLATED|REQUEST_URI|UNIQUE_ID|SCRIPT_URI|SCRIPT_URL)$") | not)]}'
	diff <(jq -S "$f" "$1") <(jq -S "$f" "$2")
}

@test "$SERVER: a request captured with /replay and replayed locally gives the server's dump" {
	local run=$BATS_TEST_TMPDIR/run
	case $SERVER in
	lighttpd|apache-*) ;;
	*) skip "the replay round trip runs behind lighttpd and Apache" ;;
	esac
	replay_upload
	get_json '/json?q=1' -H 'Content-Type: multipart/form-data; boundary=RpL' \
	    -H 'X-Odd: `touch pwned`' --data-binary "@$BATS_TEST_TMPDIR/mp"
	cp "$OUT" "$BATS_TEST_TMPDIR/server.json"
	get '/replay?q=1' -H 'Content-Type: multipart/form-data; boundary=RpL' \
	    -H 'X-Odd: `touch pwned`' --data-binary "@$BATS_TEST_TMPDIR/mp"
	[ "$CODE" = 200 ]
	[ "$(header Content-Disposition)" = 'attachment; filename="request.sh"' ]
	cp "$OUT" "$BATS_TEST_TMPDIR/request.sh"
	mkdir "$run"
	(cd "$run" && timeout 20 sh "$BATS_TEST_TMPDIR/request.sh" PATH_INFO=/json "$CGIDUMP") \
	    >"$BATS_TEST_TMPDIR/replayed"
	[ -z "$(ls -A "$run")" ]
	_split_response "$BATS_TEST_TMPDIR/replayed"
	json_ok "$OUT"
	[ "$(jqo '.form[2].size')" = 20000 ]
	replay_same "$BATS_TEST_TMPDIR/server.json" "$OUT"
}

@test "$SERVER: /replay?as=curl sent back to the server gives the same form and files (same hashes)" {
	local run=$BATS_TEST_TMPDIR/run
	[ "$SERVER" = lighttpd ] || skip "the curl form is sent to lighttpd"
	replay_upload
	get_json /json -H 'Content-Type: multipart/form-data; boundary=RpL' \
	    -H 'X-Odd: `touch pwned`' --data-binary "@$BATS_TEST_TMPDIR/mp"
	cp "$OUT" "$BATS_TEST_TMPDIR/server.json"
	get '/replay?as=curl' -H 'Content-Type: multipart/form-data; boundary=RpL' \
	    -H 'X-Odd: `touch pwned`' --data-binary "@$BATS_TEST_TMPDIR/mp"
	[ "$CODE" = 200 ]
	cp "$OUT" "$BATS_TEST_TMPDIR/send.sh"
	grep -qF "cgidump_url='$URL/cgi-bin/cgidump/json'" "$BATS_TEST_TMPDIR/send.sh"
	mkdir "$run"
	(cd "$run" && timeout 20 sh "$BATS_TEST_TMPDIR/send.sh" -sS) >"$BATS_TEST_TMPDIR/sent.json"
	[ -z "$(ls -A "$run")" ]
	OUT=$BATS_TEST_TMPDIR/sent.json
	json_ok "$OUT"
	diff <(jq -S .form "$BATS_TEST_TMPDIR/server.json") <(jq -S .form "$OUT")
	jq -e '.form[1].size == 20000' "$OUT"
	[ "$(env_var HTTP_X_ODD)" = '`touch pwned`' ]
	[ "$(env_var HTTP_USER_AGENT)" = "$(jq -r '.environment[] | select(.name == "HTTP_USER_AGENT") | .value' "$BATS_TEST_TMPDIR/server.json")" ]
}
