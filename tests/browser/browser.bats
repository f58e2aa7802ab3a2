#!/usr/bin/env bats
# tests/browser/browser.bats: cgidump behind lighttpd, in headless Chromium.
#
# A real form page, filled and submitted by the browser (multipart,
# urlencoded and GET), read back as JSON and as the HTML page; XSS
# payloads that must stay text; screenshots of the page in
# tests/browser/artifacts/ (ignored by git), to be looked at.
#
# Needs Debian's chromium (/usr/bin/chromium), node, lighttpd and
# playwright-core (npm ci --prefix tests/browser); without one of them
# every test skips and says why, or fails under CGIDUMP_REQUIRE_ALL.
#
# browser.mjs runs all scenarios in one browser, once, in setup_file
# (starting Chromium costs more than a scenario); each test here reports
# its scenario's result and, when it failed, what it saw.

CGIDUMP=${CGIDUMP:-$BATS_TEST_DIRNAME/../../cgidump}
CGIDUMP=$(cd "$(dirname "$CGIDUMP")" && pwd)/$(basename "$CGIDUMP")
export CGIDUMP
load ../helpers

SERVE=$BATS_TEST_DIRNAME/../servers/serve.sh
CHROMIUM=/usr/bin/chromium

# Why the browser tests cannot run here, one reason a line; nothing when
# they can.  lighttpd is serve.sh's to check (it exits 77 and says why).
_missing() {
	command -v node >/dev/null ||
	    echo "node is not installed (apt-get install nodejs npm)"
	[ -x "$CHROMIUM" ] ||
	    echo "$CHROMIUM is not installed (apt-get install chromium)"
	[ -f "$BATS_TEST_DIRNAME/node_modules/playwright-core/package.json" ] ||
	    echo "playwright-core is not installed (npm ci --prefix tests/browser)"
}

setup_file() {
	local why out rc=0
	why=$(_missing)
	if [ -n "$why" ]; then
		echo "$why" | tr '\n' ';' | sed 's/;$//; s/;/; /g' \
		    >"$BATS_FILE_TMPDIR/unavailable"
		return 0
	fi
	# serve.sh: the directory and its parents must be searchable by
	# nobody, which $BATS_FILE_TMPDIR is not.
	SRV=$(mktemp -d "${TMPDIR:-/tmp}/cgidump-browser.XXXXXX") || return 1
	export SRV
	# 3>&-: a server left running must not hold bats' output open.
	out=$(sh "$SERVE" start lighttpd "$SRV" 3>&-) || rc=$?
	case $rc in
	0)	;;
	77)	echo "$out" >"$BATS_FILE_TMPDIR/unavailable"
		return 0 ;;
	*)	echo "serve.sh start lighttpd failed ($rc): $out"
		return 1 ;;
	esac
	# browser.mjs bounds itself (a watchdog at 100 s); timeout is the
	# last resort.
	timeout -k 5 120 node "$BATS_TEST_DIRNAME/browser.mjs" "$SRV" \
	    "$BATS_FILE_TMPDIR/work" "$BATS_FILE_TMPDIR/results" \
	    >"$BATS_FILE_TMPDIR/browser.log" 2>&1 3>&- || true
}

teardown_file() {
	[ -n "${SRV:-}" ] || return 0
	sh "$SERVE" stop "$SRV"
	rm -rf "$SRV"
}

setup() {
	local reason
	[ -f "$BATS_FILE_TMPDIR/unavailable" ] || return 0
	reason=$(cat "$BATS_FILE_TMPDIR/unavailable")
	[ -z "${CGIDUMP_REQUIRE_ALL:-}" ] || { echo "$reason (required here)"; return 1; }
	skip "$reason"
}

# scenario NAME: passes when browser.mjs passed scenario NAME; shows what
# it saw, and the server's logs, when not.
scenario() {
	local r=$BATS_FILE_TMPDIR/results/$1 f
	cat "$r.log" 2>/dev/null
	# A sanitizer build reports on the CGI's stderr: the server's logs.
	for f in "$SRV/server.log" "$SRV/error.log"; do
		if [ -f "$f" ] && grep -qE 'Sanitizer|runtime error:' "$f"; then
			echo "--- $f"
			cat "$f"
			return 1
		fi
	done
	[ -f "$r.ok" ] && return 0
	[ -f "$r.fail" ] || {
		echo "scenario $1 did not run; browser.mjs said:"
		tail -n 40 "$BATS_FILE_TMPDIR/browser.log"
	}
	for f in "$SRV/server.log" "$SRV/error.log"; do
		[ -s "$f" ] || continue
		echo "--- $f"
		tail -n 15 "$f"
	done
	return 1
}

@test "browser: multipart form, as JSON: every value, checkbox and option in order, filenames, sizes, SHA-256, the empty file input" {
	scenario multipart-json
}

@test "browser: multipart form, as the HTML page: the same, shown" {
	scenario multipart-html
}

@test "browser: urlencoded form, as JSON: every value; file inputs as their names" {
	scenario urlencoded-json
}

@test "browser: urlencoded form, as the HTML page" {
	scenario urlencoded-html
}

@test "browser: GET form, as JSON: the action's query replaced by the form" {
	scenario get-json
}

@test "browser: GET form, as the HTML page" {
	scenario get-html
}

@test "browser: GET form with a line break in a textarea: lighttpd itself answers 400 (url-ctrls-reject)" {
	scenario get-newline
}

@test "browser: XSS control: the detectors catch the payloads in an unescaped page" {
	scenario xss-control
}

@test "browser: XSS in the path, the query and a header: no script, no dialog, shown as text" {
	scenario xss-query
}

@test "browser: XSS in a multipart form's names, values and filenames: no script, shown as text" {
	scenario xss-multipart
}

@test "browser: XSS in a urlencoded form's names, values and filenames: no script, shown as text" {
	scenario xss-urlencoded
}

@test "browser: screenshots at 1280 and 390 px (and dark), no sideways scrolling: tests/browser/artifacts/" {
	scenario screenshots
}
