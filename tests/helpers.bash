# tests/helpers.bash: run the real binary as a server or a shell would.
#
#   cgi [VAR=value ...] [-- arg ...]   CGI mode in a clean environment;
#                                      stdin from $STDIN (a file) or empty.
#                                      Leaves $HDR and $OUT (body) files.
#   cgi_json [VAR=value ...]           the same with PATH_INFO=/json, and
#                                      checks that $OUT is valid JSON.
#   local_run [args ...]               local mode in a clean environment.
#
# Every run has a timeout: a hang is a failure, never a stuck suite.

bats_require_minimum_version 1.5.0

CGIDUMP=${CGIDUMP:-$BATS_TEST_DIRNAME/../cgidump}
TMO=${TMO:-20}

# The request every CGI test starts from: what RFC 3875 §4.1 says a
# server sets, for a plain GET.
BASE_ENV=(
	PATH=/usr/bin:/bin
	GATEWAY_INTERFACE=CGI/1.1
	REQUEST_METHOD=GET
	QUERY_STRING=
	REMOTE_ADDR=127.0.0.1
	SCRIPT_NAME=/cgi-bin/cgidump
	SERVER_NAME=localhost
	SERVER_PORT=80
	SERVER_PROTOCOL=HTTP/1.1
	SERVER_SOFTWARE=test/1.0
)

# Split "VAR=value ... -- args" into env assignments and arguments.
_split_args() {
	ENVS=()
	ARGS=()
	while [ $# -gt 0 ]; do
		if [ "$1" = -- ]; then
			shift
			ARGS=("$@")
			return
		fi
		ENVS+=("$1")
		shift
	done
}

# Write the header block (up to the first empty line, CRs removed) to
# $HDR and the rest, byte-exact, to $OUT.
_split_response() {
	local LC_ALL=C raw=$1 line n=0
	HDR=$BATS_TEST_TMPDIR/headers
	OUT=$BATS_TEST_TMPDIR/body
	: >"$HDR"
	while IFS= read -r line; do
		n=$((n + ${#line} + 1))
		line=${line%$'\r'}
		[ -z "$line" ] && break
		printf '%s\n' "$line" >>"$HDR"
	done <"$raw"
	tail -c +$((n + 1)) "$raw" >"$OUT"
}

# A sanitizer build reports on stderr; any report fails the test.
_no_sanitizer_report() {
	if grep -qE 'Sanitizer|runtime error:' "$BATS_TEST_TMPDIR/stderr"; then
		cat "$BATS_TEST_TMPDIR/stderr"
		return 1
	fi
}

# BASE_ENV without the names in $UNSET (space-separated).
_base_env() {
	local v
	BASE=()
	for v in "${BASE_ENV[@]}"; do
		[[ " ${UNSET:-} " == *" ${v%%=*} "* ]] || BASE+=("$v")
	done
}

# Optional knobs, for the checks: $UNSET drops variables of BASE_ENV,
# $RUNAS (an array) is a command prefix such as setpriv, $CWD is where
# the program runs, and STDIN_SOCKET=1 makes stdin a socket whose other
# end sends $STDIN and closes.
_exec() {
	local -a sock=()
	[ -z "${STDIN_SOCKET:-}" ] || sock=(perl "$BATS_TEST_DIRNAME/socket-stdin.pl")
	(
		[ -z "${CWD:-}" ] || cd "$CWD" || exit 1
		exec timeout "$TMO" ${sock[@]+"${sock[@]}"} \
		    ${RUNAS[@]+"${RUNAS[@]}"} "$@"
	) <"${STDIN:-/dev/null}"
}

# Every HTML page a test makes is kept, when tests/run.sh asks for it
# (CGIDUMP_HTML_DIR), for the Nu Html Checker to validate (html.bats).
keep_html() {
	[ -n "${CGIDUMP_HTML_DIR:-}" ] || return 0
	head -c 15 "$1" | grep -qi '^<!DOCTYPE html>' || return 0
	_html_n=$((${_html_n:-0} + 1))
	cp "$1" "$CGIDUMP_HTML_DIR/$(basename "$BATS_TEST_FILENAME" .bats)-$BATS_SUITE_TEST_NUMBER-$_html_n.html"
}

cgi() {
	_split_args "$@"
	_base_env
	RAW=$BATS_TEST_TMPDIR/raw
	status=0
	_exec env -i "${BASE[@]}" "${ENVS[@]}" "$CGIDUMP" "${ARGS[@]}" \
	    >"$RAW" 2>"$BATS_TEST_TMPDIR/stderr" || status=$?
	_split_response "$RAW"
	keep_html "$OUT"
	_no_sanitizer_report
}

# json_ok FILE: FILE holds valid JSON; if not, say so and show its start.
json_ok() {
	jq -e . "$1" >/dev/null || { echo "invalid JSON:"; head -c 2000 "$1"; return 1; }
}

cgi_json() {
	cgi PATH_INFO=/json "$@"
	[ "$status" -eq 0 ] || { echo "exit $status"; return 1; }
	json_ok "$OUT"
}

local_run() {
	run --separate-stderr timeout "$TMO" env -i PATH=/usr/bin:/bin \
	    "$CGIDUMP" "$@"
	printf '%s' "$stderr" >"$BATS_TEST_TMPDIR/stderr"
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/local.out"
	keep_html "$BATS_TEST_TMPDIR/local.out"
	_no_sanitizer_report
}

# local_json [VAR=value ...] [-- args]: local mode, -f json, into $OUT.
local_json() {
	_split_args "$@"
	OUT=$BATS_TEST_TMPDIR/body
	status=0
	timeout "$TMO" env -i PATH=/usr/bin:/bin "${ENVS[@]}" \
	    "$CGIDUMP" -f json "${ARGS[@]}" <"${STDIN:-/dev/null}" >"$OUT" \
	    2>"$BATS_TEST_TMPDIR/stderr" || status=$?
	_no_sanitizer_report
	[ "$status" -eq 0 ] || { echo "exit $status"; return 1; }
	json_ok "$OUT"
}

# header NAME: the value of response header NAME in $HDR (CR removed).
header() {
	grep -i "^$1:" "$HDR" | head -n 1 | sed 's/^[^:]*: *//' | tr -d '\r'
}

# jqo FILTER: jq -r on the last output.
jqo() {
	jq -r "$@" "$OUT"
}

# check_level ID [FILE]: the level (ok, warn or fail) of check ID in the
# JSON dump in FILE, default $OUT; "count N" when the dump has not
# exactly one check ID, so a missing or doubled check is no level.
check_level() {
	jq -r --arg id "$1" '[.checks[] | select(.id == $id)] |
	    if length == 1 then .[0].level else "count \(length)" end' "${2:-$OUT}"
}

# env_var [-j] NAME: variable NAME in the environment of the JSON dump
# in $OUT: its value, "<redacted>" when the dump hides it, "<unset>"
# when it is not there.  With -j, its whole entry instead, as compact
# JSON ({"name":..,"value":..} or {"name":..,"redacted":true,
# "length":..}), a line for each entry of that name, none when unset.
env_var() {
	if [ "$1" = -j ]; then
		jq -c --arg n "$2" '.environment[] | select(.name == $n)' "$OUT"
	else
		jq -r --arg n "$1" '[.environment[] | select(.name == $n) |
		    (.value // "<redacted>")] | if length == 0 then "<unset>" else .[0] end' "$OUT"
	fi
}

# value NAME [N]: the Nth (0-based, default 0) value of form field NAME
# in the JSON in $OUT; "null" when there is none.
value() {
	jq -r --arg n "$1" --argjson i "${2:-0}" \
	    '[.form[] | select(.name == $n)][$i].value' "$OUT"
}

# nfields: how many form fields the JSON in $OUT has.
nfields() {
	jq '.form | length' "$OUT"
}

# A fresh body file for STDIN.
body_file() {
	STDIN=$BATS_TEST_TMPDIR/stdin
	printf '%s' "$1" > "$STDIN"
}

# require TOOL: skip without it, unless CI demands everything
# (CGIDUMP_REQUIRE_ALL, set by .ci/run).
require() {
	command -v "$1" >/dev/null && return 0
	[ -z "${CGIDUMP_REQUIRE_ALL:-}" ] || { echo "$1 is required here"; return 1; }
	skip "$1 is not installed"
}
