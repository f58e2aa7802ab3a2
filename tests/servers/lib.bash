# tests/servers/lib.bash: cgidump behind a real web server, driven by
# curl.  Loaded by tests/servers/suite.bash; builds on tests/helpers.bash
# (header, jqo, require, check_level, env_var).
#
#   serve [VAR=value ...]      start $SERVER (serve.sh) with cgidump in its
#                              cgi-bin, these settings in its configuration;
#                              prints the base URL.  teardown_file stops it.
#   serve_require              in setup: skip, or fail under
#                              CGIDUMP_REQUIRE_ALL, when $SERVER cannot run.
#   get PATH [curl args ...]   curl $URL/cgi-bin/cgidump PATH; leaves $CODE
#                              (HTTP status), $HDR (the final header block,
#                              CRs removed) and $OUT (the body); returns
#                              curl's exit status.
#   raw_request REQUEST        REQUEST, byte-exact, to $URL's port; the
#                              whole answer until the server closes, in $RAW.
#   upload_file                a 50 MiB random file, made once per bats run:
#                              $BIG and its $BIG_SHA256.
#
# Every request has a time limit: nothing can hang the suite.

CGIDUMP=${CGIDUMP:-$BATS_TEST_DIRNAME/../../cgidump}
CGIDUMP=$(cd "$(dirname "$CGIDUMP")" && pwd)/$(basename "$CGIDUMP")
export CGIDUMP
load ../helpers

SERVE=$BATS_TEST_DIRNAME/serve.sh
# Servers live in sbin, which a user's PATH may lack (serve.sh adds it).
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
# Seconds for one request; the 50 MiB upload gets more.
CURL_TMO=${CURL_TMO:-20}

# The servers started by this file, one directory a line.
_servers() {
	echo "$BATS_FILE_TMPDIR/servers"
}

serve() {
	local dir
	dir=$(mktemp -d "${TMPDIR:-/tmp}/cgidump-$SERVER.XXXXXX") || return 1
	echo "$dir" >>"$(_servers)"
	# On 77 (the server cannot run here), serve.sh says why on stdout.
	# Not bats' fd 3: a server left behind must not hold its output.
	sh "$SERVE" start "$SERVER" "$dir" "$@" 3>&-
}

# In setup_file: the server every test of the file uses, as $URL.
serve_file() {
	local out rc=0
	out=$(serve) || rc=$?
	case $rc in
	0)	export URL=$out ;;
	77)	echo "$out" >"$BATS_FILE_TMPDIR/unavailable" ;;
	*)	echo "$out"; return "$rc" ;;
	esac
}

serve_stop_all() {
	local dir
	[ -f "$(_servers)" ] || return 0
	while IFS= read -r dir; do
		sh "$SERVE" stop "$dir"
		rm -rf "$dir"
	done <"$(_servers)"
	rm -f "$(_servers)"
}

serve_require() {
	local b reason
	require curl
	require jq
	for b in $(sh "$SERVE" bins "$SERVER"); do
		require "$b"
	done
	[ -f "$BATS_FILE_TMPDIR/unavailable" ] || return 0
	reason=$(cat "$BATS_FILE_TMPDIR/unavailable")
	[ -z "${CGIDUMP_REQUIRE_ALL:-}" ] || { echo "$reason (required here)"; return 1; }
	skip "$reason"
}

# After a failed test: the servers' own logs, to see why.
serve_logs() {
	local dir f
	[ -f "$(_servers)" ] || return 0
	while IFS= read -r dir; do
		for f in "$dir"/server.log "$dir"/error.log; do
			[ -s "$f" ] || continue
			echo "--- $f"
			tail -n 15 "$f"
		done
	done <"$(_servers)"
}

get() {
	local path=$1 rc=0
	shift
	HDR=$BATS_TEST_TMPDIR/headers
	OUT=$BATS_TEST_TMPDIR/body
	: >"$HDR.raw"
	: >"$OUT"
	CODE=$(curl -sS --max-time "$CURL_TMO" -D "$HDR.raw" -o "$OUT" \
	    -w '%{http_code}' "$@" "$URL/cgi-bin/cgidump$path") || rc=$?
	# The last block: a "100 Continue" comes before the real answer.
	tr -d '\r' <"$HDR.raw" | awk 'BEGIN { RS = "" } { b = $0 } END { print b }' >"$HDR"
	keep_html "$OUT"
	return "$rc"
}

# get_json PATH [curl args]: get, and the body must be JSON.
get_json() {
	get "$@"
	json_ok "$OUT"
}

raw_request() {
	local port=${URL##*:}
	RAW=$BATS_TEST_TMPDIR/raw
	timeout "$CURL_TMO" bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" &&
	    printf %s "$2" >&3 && cat <&3' _ "$port" "$1" >"$RAW"
}

# The status cgidump answered with: python's http.server does not
# honour Status: (it always answers 200 and passes the line on as a
# header), so there it is the Status: header.
cgi_status() {
	if [ "$STATUS_HONOURED" = 1 ]; then
		echo "$CODE"
	else
		[ "$CODE" = 200 ] || { echo "http.server answered $CODE"; return 1; }
		header Status | cut -d' ' -f1
	fi
}

upload_file() {
	BIG=$BATS_RUN_TMPDIR/upload-50MiB.bin
	if [ ! -s "$BIG.sha256" ]; then
		head -c 52428800 /dev/urandom >"$BIG.$$"
		mv "$BIG.$$" "$BIG"
		sha256sum "$BIG" | cut -d' ' -f1 >"$BIG.sha256.$$"
		mv "$BIG.sha256.$$" "$BIG.sha256"
	fi
	BIG_SHA256=$(cat "$BIG.sha256")
}
