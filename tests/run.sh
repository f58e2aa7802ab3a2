#!/bin/sh
# tests/run.sh: run the whole suite (what `make check` does).
#
# It needs bats-core, jq and mandoc; the server, browser and HTML suites
# need more.  It installs nothing on the machine: bats-core comes from
# npm into tests/.tools (ignored by git) when it has to, and a suite whose
# tools are missing is skipped with one line that says why.  With
# CGIDUMP_INSTALL=1 (`make check-all`, as root with apt-get) it first
# installs everything every suite uses (tests/tools.sh).  The last line
# is "N passed, N failed".
#
#	sh tests/run.sh [bats files...]	(default: every suite, html.bats last)

set -u
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
tools=$top/tests/.tools
PATH=$tools/node_modules/.bin:$PATH
export PATH

have() { command -v "$1" >/dev/null 2>&1; }

missing_pkgs() {
	m=
	have bats || m="$m bats"
	have jq || m="$m jq"
	have mandoc || m="$m mandoc"
	echo "$m"
}

# make check-all: everything every suite uses is installed first (as
# root with apt-get; tests/tools.sh says so when it cannot).  make check
# installs nothing: a suite whose tools are missing is skipped below,
# visibly.
if [ -n "${CGIDUMP_INSTALL:-}" ]; then
	sh tests/tools.sh || echo "run.sh: tests/tools.sh could not install everything"
fi
need=$(missing_pkgs)
case $need in
*bats*)
	if have npm; then
		echo "run.sh: installing bats-core with npm into tests/.tools"
		mkdir -p "$tools"
		npm install --prefix "$tools" --no-save --silent bats \
		    >/dev/null 2>&1 || echo "run.sh: npm install bats failed"
	fi
	need=$(missing_pkgs) ;;
esac
if [ -n "$need" ]; then
	echo "run.sh: missing:$need -- install them (Debian: apt-get install$need), or run make check-all as root to install everything"
	echo "0 passed, 1 failed"
	exit 1
fi

[ -x ./cgidump ] || { echo "run.sh: ./cgidump is not built: run ./configure && make"; echo "0 passed, 1 failed"; exit 1; }

have_path() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }

# needs FILE: what a suite needs that this machine lacks, if anything.
needs() {
	m=
	case $1 in
	*/servers/lighttpd.bats) have_path lighttpd || m="$m lighttpd" ;;
	*/servers/apache-*.bats) have_path apache2 || m="$m apache2" ;;
	*/servers/nginx.bats)
		have_path nginx || m="$m nginx"
		have_path fcgiwrap || m="$m fcgiwrap" ;;
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
	set -- $(ls tests/*.bats | grep -v '^tests/html\.bats$') \
	    tests/servers/*.bats tests/browser/*.bats tests/html.bats
fi
# A suite whose tools are missing is skipped, visibly, one line each;
# in CI (CGIDUMP_REQUIRE_ALL) it runs, and its tests fail instead.
files=
for f in "$@"; do
	[ -f "$f" ] || continue
	m=$(needs "$f")
	if [ -n "$m" ] && [ -z "${CGIDUMP_REQUIRE_ALL:-}" ]; then
		echo "run.sh: skipping $f: missing$m"
		continue
	fi
	files="$files $f"
done
CGIDUMP_HTML_DIR=$top/tests/.html
rm -rf "$CGIDUMP_HTML_DIR"
mkdir -p "$CGIDUMP_HTML_DIR"
export CGIDUMP_HTML_DIR
set -- $files
if [ $# -eq 0 ]; then
	echo "run.sh: every suite asked for was skipped"
	echo "0 passed, 0 failed"
	exit 1
fi
out=$top/tests/.tap
bats --tap "$@" | tee "$out"
passed=$(grep -c '^ok ' "$out")
failed=$(grep -c '^not ok ' "$out")
planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out" | head -n 1)
rm -f "$out"
# A test file that could not even start leaves tests unreported.
if [ -n "$planned" ] && [ $((passed + failed)) -lt "$planned" ]; then
	failed=$((planned - passed))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
