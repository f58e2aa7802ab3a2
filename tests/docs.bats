#!/usr/bin/env bats
# The manual and the README: lint-clean, complete, and true.

load helpers

TOP=$BATS_TEST_DIRNAME/..

# The CGIDUMP_* variables the program reads.
source_vars() {
	grep -ho 'CGIDUMP_[A-Z_]*' "$TOP"/src/*.c | grep -v '^CGIDUMP_VERSION$' | sort -u
}

# The ids of the server-setup checks, as the program lists them.
source_check_ids() {
	"$CGIDUMP" --list-checks | awk '{ print $1 }' | sort -u
}

# The manual as plain text: mandoc's overstrike (a character, a
# backspace, the character or _) undone byte-wise, so in any locale, and
# tabs expanded.  Not col(1): a fresh Debian has no bsdextrautils.
man_text() {
	mandoc -Tutf8 "$TOP/man/cgidump.1" |
	    LC_ALL=C sed -E 's/[^\x80-\xbf][\x80-\xbf]*\x08//g' | expand
}

# The mdoc source of the manual's "Checks" subsection.
man_checks() {
	sed -n '/^\.Ss Checks$/,/^\.S[hs] /p' "$TOP/man/cgidump.1"
}

@test "the man page is clean under mandoc -Tlint, down to style" {
	require mandoc
	# Only "referenced manual not found" (and its mandoc.db variant) is
	# left out: it says which manuals this machine has installed (a
	# fresh Debian has no read(2)), not whether the page is right.
	run sh -c 'mandoc -Tlint -W style "$0" 2>&1' "$TOP/man/cgidump.1"
	local rest
	rest=$(grep -v -e 'STYLE: referenced manual not found: Xr ' \
	    -e 'outdated mandoc.db lacks ' <<<"$output" || true)
	[ -z "$rest" ] || { echo "$rest"; return 1; }
}

# The page's last words, and its footer (the .Dd date), as groff renders
# them: what a page cut short by a groff error loses first.
man_tail_ok() {
	local date
	date=$(sed -n 's/^\.Dd //p' "$TOP/man/cgidump.1")
	grep -q '^SECURITY CONSIDERATIONS$' <<<"$1" || { echo "no SECURITY CONSIDERATIONS"; return 1; }
	grep -q 'build there\.$' <<<"$1" || { echo "the last paragraph is cut off"; return 1; }
	grep -q "^[A-Za-z].* $date  *[A-Za-z]" <<<"$(tail -n 3 <<<"$1")" ||
	    { echo "no footer with $date"; return 1; }
}

@test "the man page renders completely under groff -ww, with no diagnostics" {
	# tests/tools.sh installs groff-base; elsewhere it may be missing.
	require groff
	local out
	out=$(groff -mandoc -Tutf8 -ww "$TOP/man/cgidump.1" 2>"$BATS_TEST_TMPDIR/err")
	[ ! -s "$BATS_TEST_TMPDIR/err" ] || { cat "$BATS_TEST_TMPDIR/err"; return 1; }
	# Overstrike (bold, underline) undone, as in man_text.
	out=$(LC_ALL=C sed -E 's/[^\x80-\xbf][\x80-\xbf]*\x08//g' <<<"$out")
	man_tail_ok "$out"
}

@test "man -l renders the whole page, with nothing on stderr (Debian's man-db)" {
	require man
	local out
	out=$(MANPAGER=cat MAN_KEEP_FORMATTING= MANWIDTH=80 LC_ALL=C.UTF-8 \
	    man -l "$TOP/man/cgidump.1" 2>"$BATS_TEST_TMPDIR/err")
	[ ! -s "$BATS_TEST_TMPDIR/err" ] || { cat "$BATS_TEST_TMPDIR/err"; return 1; }
	out=$(LC_ALL=C sed -E 's/[^\x80-\xbf][\x80-\xbf]*\x08//g' <<<"$out")
	man_tail_ok "$out"
}

@test "the man page has the sections a manual needs" {
	local s
	for s in NAME SYNOPSIS DESCRIPTION ENVIRONMENT 'EXIT STATUS' EXAMPLES \
	    'SECURITY CONSIDERATIONS' 'SEE ALSO' STANDARDS; do
		grep -qx "\.Sh $s" "$TOP/man/cgidump.1" || { echo "no $s"; return 1; }
	done
	grep -q 'RFC 3875' "$TOP/man/cgidump.1"
}

@test "the man page documents every option and every CGIDUMP_ variable" {
	local v page
	page=$(man_text)
	for v in -f --format --check --strict --reveal -h --help -V --version \
	    --fastcgi --scgi --socket-mode --socket-owner; do
		grep -qF -- "$v" <<<"$page" || { echo "no $v"; return 1; }
	done
	for v in $(source_vars); do
		grep -qF "$v" <<<"$page" || { echo "no $v"; return 1; }
	done
	for v in body-length form-parse config; do
		grep -qF "$v" <<<"$page" || { echo "no error id $v"; return 1; }
	done
	for v in /check /stream /stderr /replay --replay; do
		grep -qF -- "$v" <<<"$page" || { echo "no endpoint $v"; return 1; }
	done
}

@test "the man page lists every check id, each with its levels" {
	local id ids n=0
	ids=$(source_check_ids)
	[ -n "$ids" ]
	for id in $ids; do
		n=$((n + 1))
		man_checks | grep -qxF ".It Cm $id" || { echo "no check $id"; return 1; }
	done
	# Every entry of the list says which level it gives, and no entry
	# names an id the program does not have.
	[ "$(man_checks | grep -c '^\.It Cm ')" -eq "$n" ]
	man_checks | awk '/^\.It Cm /{ if (id != "" && !lvl) { print "no level for " id; bad = 1 }
	    id = $3; lvl = 0; next }
	    /^\.Cm (ok|warn|fail)/ { lvl = 1 }
	    /^\.El/ { if (id != "" && !lvl) { print "no level for " id; bad = 1 }; id = "" }
	    END { exit bad }'
	# The local-run rule: "not judged" at level ok.
	man_checks | grep -qF 'not judged'
}

@test "the README names every CGIDUMP_ variable and every option" {
	local v
	for v in $(source_vars) --format --check --strict --reveal --help --version \
	    --fastcgi --scgi --socket-mode --socket-owner; do
		grep -qF -- "$v" "$TOP/README" || { echo "no $v"; return 1; }
	done
}

@test "the README lists every check id" {
	local id ids
	ids=$(source_check_ids)
	[ -n "$ids" ]
	for id in $ids; do
		grep -q "^| \`$id\` " "$TOP/README" || { echo "no check $id"; return 1; }
	done
}

@test "the README documents /check, /stream, /stderr and each server's way of setting the variables" {
	local v
	for v in /cgidump/check /cgidump/stream /cgidump/stderr 'curl -f' 'curl -N' \
	    X-Cgidump-Token CGIDUMP_ALLOW CGIDUMP_TOKEN CGIDUMP_EXPIRES CGIDUMP_STRICT \
	    'Fencing it in' 'Checking a deployment' 'Simulate a request' \
	    '403 Forbidden' '410 Gone'; do
		grep -qF -- "$v" "$TOP/README" || { echo "no $v"; return 1; }
	done
	# Apache, nginx + fcgiwrap, lighttpd, busybox httpd: each its own way.
	grep -qE '^ +SetEnv CGIDUMP_ALLOW ' "$TOP/README"
	grep -qE '^ +fastcgi_param CGIDUMP_ALLOW ".*";$' "$TOP/README"
	grep -qE '^ +setenv\.add-environment = \( "CGIDUMP_ALLOW" => ' "$TOP/README"
	grep -qE '^ +server\.modules \+= \( "mod_setenv" \)$' "$TOP/README"
	grep -qE '^ +(env -i .*)?CGIDUMP_ALLOW=[^ ]+ \\?$' "$TOP/README"
	grep -qE 'busybox httpd .*-u www-data' "$TOP/README"
}

@test "the README's simulated request behaves as it says" {
	local cmd
	cmd=$(sed -n '/^    env -i PATH=.* GATEWAY_INTERFACE=/,/\.\/cgidump$/p' "$TOP/README" |
	    sed 's/\\$//' | tr -s ' \n' '  ')
	[ -n "$cmd" ]
	cd "$(dirname "$CGIDUMP")"
	run sh -c "$cmd" </dev/null
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Status: 500 Internal Server Error"* ]]
	grep -q '^fail httpoxy: ' <<<"$output"
	if [ "$(id -u)" != 0 ]; then
		[ "$(grep -c '^fail ' <<<"$output")" -eq 1 ]
	fi
}

@test "the README's two commands are the ones that work" {
	grep -qxF "    ./configure && make && ./cgidump 'name=Joe+Blow&addr=At+Home'" "$TOP/README"
	grep -qxF "    make check-all" "$TOP/README"
	grep -q "^check-all:" "$TOP/Makefile"
	local dir=$BATS_TEST_TMPDIR/clone
	mkdir -p "$dir/src"
	cp "$TOP"/src/*.[ch] "$dir/src/"
	cp -R "$TOP/man" "$TOP/configure" "$TOP/Makefile" "$dir/"
	cd "$dir"
	run sh -c "$(sed -n "s/^    \(\.\/configure && make && .*\)$/\1/p" "$TOP/README")"
	[ "$status" -eq 0 ]
	[[ "$output" == *'addr = "At Home" (query)'* ]]
	[[ "$output" == *'name = "Joe Blow" (query)'* ]]
}

@test "cgidump -h and the man page agree on the synopsis" {
	local page want got
	run "$CGIDUMP" -h
	[ "${lines[0]}" = "usage: cgidump [-f html|text|json] [--check [--strict] [--quiet]]" ]
	[[ "${lines[1]}" =~ ^\ +\[--reveal\]\ \[query-string\]$ ]]
	[[ "${lines[2]}" =~ ^\ +cgidump\ --replay\[=curl\]\ \[--reveal\]\ \[query-string\]$ ]]
	[[ "${lines[3]}" =~ ^\ +cgidump\ --fastcgi\ addr\ \|\ --scgi\ addr\ \[--reveal\]$ ]]
	[[ "${lines[4]}" =~ ^\ +\[--socket-mode\ mode\]\ \[--socket-owner\ user\[:group\]\]$ ]]
	[[ "${lines[5]}" =~ ^\ +cgidump\ -h\ \|\ -V$ ]]
	page=$(man_text)
	grep -q '^ *cgidump \[-f html|text|json\] \[--check \[--strict\] \[--quiet\]\] \[--reveal\]' <<<"$page"
	# The same words, however each wraps them.
	want=$(printf '%s\n' "${lines[@]:0:6}" | sed 's/^usage://' | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')
	got=$(sed -n '/^SYNOPSIS$/,/^DESCRIPTION$/p' <<<"$page" | sed '1d;$d' |
	    tr -s ' \n' '  ' | sed 's/^ //; s/ $//')
	[ "$got" = "$want" ] || { echo "man: $got"; echo "-h:  $want"; return 1; }
}

# The README quotes each drop-in file of contrib/ whole, indented by
# four spaces: what it shows is what the server tests run.
@test "the README's drop-in snippets are the files in contrib/, verbatim" {
	local f want readme
	readme=$(cat "$TOP/README")
	for f in apache/cgidump.conf nginx/cgidump.conf lighttpd/50-cgidump.conf; do
		want=$(sed 's/^\(.\)/    \1/' "$TOP/contrib/$f")
		[[ "$readme" == *"$want"* ]] || { echo "the README does not quote contrib/$f as it is"; return 1; }
		grep -qF "cp contrib/$f " "$TOP/README" || { echo "no cp line for contrib/$f"; return 1; }
	done
}

@test "the README and the man page say a browser cannot send the token, and give the browser's way" {
	grep -qF 'a browser cannot send an' "$TOP/README"
	grep -qF 'Basic auth' "$TOP/README"
	local page
	page=$(man_text | tr -s ' \n' '  ')
	grep -qF 'A browser cannot send a header' <<<"$page"
	grep -qF 'Basic auth' <<<"$page"
}

@test "the README's Debian statements: serve-cgi-bin.conf, fcgiwrap -f, no systemctl needed" {
	grep -qF 'conf-available/serve-cgi-bin.conf' "$TOP/README"
	! grep -qF "Debian's default site already has" "$TOP/README"
	! grep -qF 'journalctl -u fcgiwrap' "$TOP/README"
	grep -qF 'FastCGI sent in stderr' "$TOP/README"
	grep -qF 'apachectl -k graceful' "$TOP/README"
	grep -qF 'service apache2 reload' "$TOP/README"
	grep -qF 'spawn-fcgi' "$TOP/README"
}
