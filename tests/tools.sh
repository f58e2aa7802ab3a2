#!/bin/sh
# tests/tools.sh: install what the test suites use that this machine
# lacks, on Debian or Ubuntu, as root: bats, jq, mandoc, groff and man
# (docs.bats); curl, perl and openssl (formats.bats hashes a style); the
# compilers and makes build.bats tries (musl-gcc too), and readelf
# (binutils: is an installed binary stripped? static?); valgrind and GNU
# time (valgrind.bats, the memory bounds of hostile.bats); strace and
# hyperfine (make bench and bench.bats); ab (apache2-utils), nginx and
# fcgiwrap (make bench-fastcgi, .ci/run's load run); shellcheck, dash
# and python3 (replay.bats); the servers of tests/servers/ (Caddy and
# H2O for cgidump's FastCGI mode);
# Chromium, a Java runtime (the Nu Html Checker) and Node.js; then, with
# npm, vnu-jar into tests/.tools and playwright-core into tests/browser.
# Does nothing when all is there.  tests/run.sh calls it; so does
# .ci/run.  Output goes to tests/.apt.log.

set -u
cd "$(dirname "$0")/.." || exit 1
log=tests/.apt.log
export DEBIAN_FRONTEND=noninteractive

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

pkgs=
want() { have "$1" || pkgs="$pkgs $2"; }
want bats bats
want jq jq
want mandoc mandoc
want groff groff-base
want man man-db
want curl curl
want perl perl
want openssl openssl
want readelf binutils
want setpriv util-linux
want valgrind valgrind
want /usr/bin/time time
want strace strace
want pgrep procps
want hyperfine hyperfine
want ab apache2-utils
want gcc gcc
want clang clang
want bmake bmake
want musl-gcc musl-tools
want aarch64-linux-gnu-gcc "gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
want lighttpd lighttpd
want apache2 apache2
want nginx nginx
want fcgiwrap fcgiwrap
want busybox busybox
want mini_httpd mini-httpd
want python3 python3
want caddy caddy
want h2o h2o
want shellcheck shellcheck
want dash dash
want chromium chromium
want java default-jre-headless
want npm "nodejs npm"

vnu=tests/.tools/node_modules/vnu-jar/build/dist/vnu.jar
pw=tests/browser/node_modules/playwright-core
[ -z "$pkgs" ] && [ -f "$vnu" ] && [ -d "$pw" ] && exit 0

if [ "$(id -u)" != 0 ] || ! have apt-get; then
	[ -z "$pkgs" ] || echo "tools.sh: not root with apt-get; missing:$pkgs"
	exit 1
fi
status=0
if [ -n "$pkgs" ]; then
	echo "tools.sh: installing$pkgs with apt-get (log: $log)"
	# The servers' packages must not start system daemons on port 80:
	# the tests start their own.
	rcd=
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		rcd=1
	fi
	# shellcheck disable=SC2086
	# A fresh machine has no package lists yet.
	if ! apt-get install -y -q --no-install-recommends $pkgs \
	    </dev/null >"$log" 2>&1; then
		apt-get update -q </dev/null >>"$log" 2>&1
		apt-get install -y -q --no-install-recommends $pkgs \
		    </dev/null >>"$log" 2>&1 ||
		    { echo "tools.sh: apt-get install failed; see $log"; status=1; }
	fi
	[ -z "$rcd" ] || rm -f /usr/sbin/policy-rc.d
fi
if have npm; then
	if [ ! -f "$vnu" ]; then
		echo "tools.sh: installing vnu-jar with npm into tests/.tools"
		npm install --prefix tests/.tools --no-save --no-audit \
		    --no-fund vnu-jar </dev/null >>"$log" 2>&1 ||
		    { echo "tools.sh: npm install vnu-jar failed"; status=1; }
	fi
	if [ ! -d "$pw" ]; then
		echo "tools.sh: installing playwright-core with npm into tests/browser"
		npm ci --prefix tests/browser --no-audit --no-fund \
		    </dev/null >>"$log" 2>&1 ||
		    { echo "tools.sh: npm ci in tests/browser failed"; status=1; }
	fi
fi
exit $status
