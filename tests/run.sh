#!/bin/sh
# tests/run.sh: run the whole suite (what `make check` does).
#
# It needs bats-core; most suites need jq too, docs.bats mandoc, and the
# server, browser and HTML suites more.  It installs nothing on the
# machine but bats, and that only when bats is missing: as root with
# apt-get (a fresh Debian has no npm), else with npm into tests/.tools
# (ignored by git).  A suite whose tools are missing is skipped with one
# line that says why.  With CGIDUMP_INSTALL=1 (`make check-all`, as root
# with apt-get) it first installs everything every suite uses
# (tests/tools.sh).  It ends with the failed tests, one line each (file
# and name), and "N passed, N failed".
#
#	sh tests/run.sh [bats files...]	(default: every suite, html.bats last)

set -u
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
tools=$top/tests/.tools
PATH=$tools/node_modules/.bin:$PATH
export PATH

have() { command -v "$1" >/dev/null 2>&1; }

# make check-all: everything every suite uses is installed first (as
# root with apt-get; tests/tools.sh says so when it cannot).  make check
# installs bats alone, when it is missing; a suite whose other tools are
# missing is skipped below, visibly.
if [ -n "${CGIDUMP_INSTALL:-}" ]; then
	sh tests/tools.sh || echo "run.sh: tests/tools.sh could not install everything"
fi
if ! have bats; then
	if [ "$(id -u)" = 0 ] && have apt-get; then
		echo "run.sh: bats is missing: installing it with apt-get (log: tests/.apt.log)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		    --no-install-recommends bats </dev/null >tests/.apt.log 2>&1 ||
		    { DEBIAN_FRONTEND=noninteractive apt-get update -q \
			</dev/null >>tests/.apt.log 2>&1 &&
		    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends bats </dev/null >>tests/.apt.log 2>&1; } ||
		    echo "run.sh: apt-get install bats failed; see tests/.apt.log"
	elif have npm; then
		echo "run.sh: bats is missing: installing bats-core with npm into tests/.tools"
		mkdir -p "$tools"
		npm install --prefix "$tools" --no-save --silent bats \
		    >/dev/null 2>&1 || echo "run.sh: npm install bats failed"
	fi
fi
if ! have bats; then
	echo "run.sh: bats is missing -- install it (Debian, as root: apt-get install bats), or run make check as root to have it installed"
	echo "0 passed, 1 failed"
	exit 1
fi

[ -x ./cgidump ] || { echo "run.sh: ./cgidump is not built: run ./configure && make"; echo "0 passed, 1 failed"; exit 1; }

have_path() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }

# needs FILE: what a suite needs that this machine lacks, if anything.
needs() {
	m=
	# The helpers that read JSON (json_ok, jqo, check_level, env_var,
	# nfields, value) run jq; tests/servers/lib.bash too.
	if ! have jq; then
		case $1 in
		*/servers/*|*/browser/*) m="$m jq" ;;
		*) grep -qwE 'jq|json_ok|jqo|check_level|env_var|cgi_json|nfields|value' "$1" &&
			m="$m jq" ;;
		esac
	fi
	case $1 in
	*/docs.bats) have_path mandoc || m="$m mandoc" ;;
	*/servers/dropins.bats)
		have_path lighttpd || m="$m lighttpd"
		have_path apache2 || m="$m apache2"
		have_path nginx || m="$m nginx"
		have_path fcgiwrap || m="$m fcgiwrap" ;;
	*/servers/lighttpd.bats|*/servers/lighttpd-fastcgi.bats)
		have_path lighttpd || m="$m lighttpd" ;;
	*/servers/apache-*.bats) have_path apache2 || m="$m apache2" ;;
	*/servers/nginx.bats)
		have_path nginx || m="$m nginx"
		have_path fcgiwrap || m="$m fcgiwrap" ;;
	*/servers/nginx-fastcgi.bats|*/servers/nginx-scgi.bats)
		have_path nginx || m="$m nginx" ;;
	*/servers/caddy-fastcgi.bats) have_path caddy || m="$m caddy" ;;
	*/servers/h2o-fastcgi.bats) have_path h2o || m="$m h2o" ;;
	*/servers/busybox.bats) have_path busybox || m="$m busybox" ;;
	*/servers/mini_httpd.bats) have_path mini_httpd || m="$m mini_httpd" ;;
	*/servers/python.bats) have_path python3 || m="$m python3" ;;
	*/browser/*.bats)
		have_path lighttpd || m="$m lighttpd"
		have_path chromium || m="$m chromium"
		have_path node || m="$m node"
		[ -d "$top/tests/browser/node_modules/playwright-core" ] ||
		    m="$m playwright-core(npm ci --prefix tests/browser)" ;;
	*/html.bats)
		have_path java || m="$m java"
		[ -f "$top/tests/.tools/node_modules/vnu-jar/build/dist/vnu.jar" ] ||
		    [ -n "${VNU_JAR:-}" ] ||
		    m="$m vnu-jar(npm install --prefix tests/.tools vnu-jar)" ;;
	esac
	echo "$m"
}

if [ $# -eq 0 ]; then
	# The core suites, then real servers and the browser, and last the
	# validation of every HTML page they all made.
	core=
	for t in tests/*.bats; do
		[ "$t" = tests/html.bats ] || core="$core $t"
	done
	# shellcheck disable=SC2086 # the names have no spaces
	set -- $core tests/servers/*.bats tests/browser/*.bats tests/html.bats
fi
# A suite whose tools are missing is skipped, visibly, one line each;
# in CI (CGIDUMP_REQUIRE_ALL) it runs, and its tests fail instead.
files=
skipped=0
for f in "$@"; do
	[ -f "$f" ] || continue
	m=$(needs "$f")
	if [ -n "$m" ] && [ -z "${CGIDUMP_REQUIRE_ALL:-}" ]; then
		# Debian's packages for them (npm's say their own command).
		pk=$(echo "$m" | sed 's/ [a-z-]*([^)]*)//g; s/ java/ default-jre-headless/; s/ mini_httpd/ mini-httpd/')
		echo "run.sh: skipping $f: missing$m${pk:+ (Debian: apt-get install$pk)}"
		skipped=$((skipped + 1))
		continue
	fi
	files="$files $f"
done
# The pages html.bats validates.  A run.sh started by a test (build.bats)
# keeps the outer run's pages.
if [ -z "${CGIDUMP_HTML_DIR:-}" ]; then
	CGIDUMP_HTML_DIR=$top/tests/.html
	rm -rf "$CGIDUMP_HTML_DIR"
fi
mkdir -p "$CGIDUMP_HTML_DIR"
export CGIDUMP_HTML_DIR
set -- $files
if [ $# -eq 0 ]; then
	echo "run.sh: every suite asked for was skipped"
	echo "0 passed, 0 failed"
	exit 1
fi
out=$(mktemp "${TMPDIR:-/tmp}/cgidump-tap.XXXXXX") || exit 1
# CGIDUMP_JOBS=N runs N suites at a time, with GNU parallel (.ci/run
# does for the sanitizer build); the tests of a suite stay in order.
jobs=
if [ "${CGIDUMP_JOBS:-1}" -gt 1 ] 2>/dev/null && command -v parallel >/dev/null
then
	jobs="--jobs $CGIDUMP_JOBS --no-parallelize-within-files"
fi
# shellcheck disable=SC2086 # $jobs is a list of options
bats --tap $jobs "$@" | tee "$out"
passed=$(grep -c '^ok ' "$out")
failed=$(grep -c '^not ok ' "$out")
planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out" | head -n 1)
# The failed tests by file and name: bats says the file in the comment
# after each "not ok" line.
if [ "$failed" -gt 0 ]; then
	echo "run.sh: failed:"
	awk '
	function flush() { if (name != "") print "  " (file != "" ? file ": " : "") name; name = ""; file = "" }
	/^not ok / { flush(); name = $0; sub(/^not ok [0-9]+ /, "", name); next }
	/^ok / { flush(); next }
	name != "" && file == "" && /test file / {
		f = $0; sub(/.*test file /, "", f); sub(/,.*/, "", f); sub(/\)$/, "", f)
		sub(/^.*\/tests\//, "tests/", f); file = f
	}
	END { flush() }' "$out"
fi
rm -f "$out"
# A test file that could not even start leaves tests unreported.
if [ -n "$planned" ] && [ $((passed + failed)) -lt "$planned" ]; then
	echo "run.sh: $((planned - passed - failed)) tests did not run (a file could not start, see above)"
	failed=$((planned - passed))
fi
# Skipped suites are not passes: say so once more, just above the sum.
[ "$skipped" -eq 0 ] ||
    echo "run.sh: $skipped suites skipped for missing tools (listed above); make check-all, as root, installs them and runs everything"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
