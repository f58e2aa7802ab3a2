#!/usr/bin/env bats
# What each section shows: working directory, arguments, environment,
# the CGI variable list, the request and the process.

load helpers

# run_envp ENTRY...: run cgidump (CGI mode, JSON) with exactly these
# environ entries, which a shell cannot make (no '=', duplicates).
run_envp() {
	local helper=$BATS_TEST_TMPDIR/envp
	cat >"$helper.c" <<'C'
#include <stdio.h>
#include <unistd.h>
int
main(int argc, char *argv[])
{
	(void)argc;
	execve(argv[1], (char *[]){ argv[1], NULL }, argv + 2);
	perror("execve");
	return 127;
}
C
	cc -o "$helper" "$helper.c"
	OUT=$BATS_TEST_TMPDIR/raw
	timeout 10 "$helper" "$CGIDUMP" GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/json "$@" \
	    </dev/null | sed '1,/^\r$/d' >"$OUT"
	jq -e . "$OUT" >/dev/null
}

@test "Current Working Directory: the directory the program runs in" {
	cd "$BATS_TEST_TMPDIR"
	cgi_json
	[ "$(jqo .cwd)" = "$BATS_TEST_TMPDIR" ]
	[ "$(jqo .cwd_error)" = null ]
	cgi PATH_INFO=/text
	grep -qx "\"$BATS_TEST_TMPDIR\"" "$OUT"
}

@test "Current Working Directory: when getcwd fails, the error is shown" {
	mkdir "$BATS_TEST_TMPDIR/gone"
	cd "$BATS_TEST_TMPDIR/gone"
	rmdir "$BATS_TEST_TMPDIR/gone"
	cgi_json
	[ "$(jqo .cwd)" = null ]
	[ "$(jqo .cwd_error)" = "No such file or directory" ]
	cgi PATH_INFO=/text
	grep -qx 'unknown: getcwd failed: No such file or directory' "$OUT"
	cgi PATH_INFO=/html
	grep -qF 'getcwd failed: No such file or directory' "$OUT"
}

@test "Command Line Arguments: every argument, in order, argv[0] first" {
	cgi_json -- one 'two words' '' three
	[ "$(jqo '.argv | length')" -eq 5 ]
	[ "$(jqo '.argv[0]')" = "$CGIDUMP" ]
	[ "$(jqo '.argv[2]')" = "two words" ]
	[ "$(jqo '.argv[3]')" = "" ]
	cgi PATH_INFO=/text -- one 'two words'
	grep -qx 'argv\[2\] = "two words"' "$OUT"
	cgi PATH_INFO=/html -- one
	grep -qF '<ol start="0">' "$OUT"
}

@test "Shell Environment: sorted by name, every variable" {
	cgi PATH_INFO=/text ZZZ=last AAA=first MMM=middle
	run sed -n '/^== Shell Environment ==$/,/^$/p' "$OUT"
	local names
	names=$(printf '%s\n' "${lines[@]:1}" | sed 's/ .*//')
	[ "$names" = "$(printf '%s\n' "$names" | LC_ALL=C sort)" ]
	[[ "$names" == *AAA*MMM*ZZZ* ]]
	cgi_json ZZZ=last AAA=first
	jq -e '[.environment[].name] == ([.environment[].name] | sort)' "$OUT"
}

@test "Shell Environment: empty is not unset" {
	cgi_json EMPTY_ONE=
	[ "$(jqo '.environment[] | select(.name == "EMPTY_ONE") | .value')" = "" ]
	cgi PATH_INFO=/text EMPTY_ONE=
	grep -qx 'EMPTY_ONE = "" (empty)' "$OUT"
	cgi PATH_INFO=/html EMPTY_ONE=
	grep -qF '<span class="v">EMPTY_ONE</span></dt><dd><span class="v"></span> <span class="note">(empty)</span>' "$OUT"
}

@test "Shell Environment: duplicate entries and entries without = are shown" {
	run_envp DUP=first NOEQUALS DUP=second
	[ "$(jq -c '[.environment[] | select(.name == "DUP") | .value]' "$OUT")" = '["first","second"]' ]
	[ "$(jq -c '.environment[] | select(.name == "NOEQUALS")' "$OUT")" = '{"name":"NOEQUALS","value":null}' ]
}

@test "These environment variables could have been set: set, empty or unset" {
	cgi_json QUERY_STRING= HTTP_HOST=example.org
	[ "$(jqo '.cgi_variables[] | select(.name == "QUERY_STRING") | .state')" = empty ]
	[ "$(jqo '.cgi_variables[] | select(.name == "REQUEST_METHOD") | .state')" = set ]
	[ "$(jqo '.cgi_variables[] | select(.name == "AUTH_TYPE") | .state')" = unset ]
	[ "$(jqo '.cgi_variables[] | select(.name == "HTTP_HOST") | .state')" = set ]
	# Python's list: 25 CGI variables and 6 common headers
	[ "$(jqo '.cgi_variables | length')" -eq 31 ]
	cgi PATH_INFO=/text QUERY_STRING=
	grep -qE '^QUERY_STRING +empty$' "$OUT"
	grep -qE '^AUTH_TYPE +unset$' "$OUT"
	grep -qE '^SERVER_SOFTWARE +set$' "$OUT"
	cgi PATH_INFO=/html QUERY_STRING=
	grep -qF '<li><code>QUERY_STRING</code><span class="tag">empty</span></li>' "$OUT"
}

@test "Request: method, query string, content type and length, bytes read" {
	body_file 'a=1'
	cgi_json REQUEST_METHOD=POST QUERY_STRING='x=1' CONTENT_LENGTH=3 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	jq -e '.request == {"method":"POST","query_string":"x=1",
	    "content_type":"application/x-www-form-urlencoded","content_length":3,
	    "content_length_raw":"3","content_length_digits":"3","body_bytes":3,
	    "body_end":"complete",
	    "bytes_after_body":0,"stdin":"file","read_to_eof":false,
	    "chunk_framing":false}' "$OUT"
	cgi PATH_INFO=/text REQUEST_METHOD=POST CONTENT_LENGTH=3 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	grep -qx 'method:          "POST"' "$OUT"
	grep -qx 'content length:  3 bytes' "$OUT"
	grep -qx 'body read:       3 bytes, complete' "$OUT"
}

# multipart_body: two values and a file of 2,000 bytes, in $STDIN.
multipart_body() {
	STDIN=$BATS_TEST_TMPDIR/stdin
	{
		printf -- '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n'
		printf -- '--B\r\nContent-Disposition: form-data; name="b"\r\n\r\n2\r\n'
		printf -- '--B\r\nContent-Disposition: form-data; name="f"; filename="f.bin"\r\n\r\n'
		head -c 2000 /dev/zero | tr '\0' y
		printf -- '\r\n--B--\r\n'
	} >"$STDIN"
	LEN=$(wc -c <"$STDIN")
}

@test "Arrived: one line right under the verdicts says what came, in text and HTML" {
	multipart_body
	cgi PATH_INFO=/text REQUEST_METHOD=POST CONTENT_LENGTH=$LEN \
	    'CONTENT_TYPE=multipart/form-data; boundary=B'
	[ "$LEN" -eq 2180 ]
	grep -qx "arrived: POST · 2.1 KiB (2,180 bytes) of 2,180 announced, complete · 2 fields, 1 file" "$OUT"
	# after the last verdict and a blank line, before the next heading
	[ "$(grep -B2 '^arrived: ' "$OUT" | head -n 1 | cut -c1-5)" = "ok   " ]
	[ "$(grep -A2 '^arrived: ' "$OUT" | sed -n 3p)" = "== Current Working Directory ==" ]
	cgi PATH_INFO=/html REQUEST_METHOD=POST CONTENT_LENGTH=$LEN \
	    'CONTENT_TYPE=multipart/form-data; boundary=B'
	grep -qxF "<p class=\"arrived\"><span class=\"meta\">Arrived:</span> <span class=\"v\">POST</span> · 2.1 KiB (2,180 bytes) of 2,180 announced, complete · 2 fields, 1 file</p>" "$OUT"
	[ "$(grep -B1 '^<p class="arrived">' "$OUT" | head -n 1)" = "</section>" ]
	[ "$(grep -A1 '^<p class="arrived">' "$OUT" | sed -n 2p)" = '<section id="cwd">' ]
	# the method is the request's: escaped, and quoted in text when odd
	STDIN=
	cgi PATH_INFO=/text REQUEST_METHOD=$'G<T\e'
	grep -qxF 'arrived: "G<T\x1B" · no body · 0 fields, 0 files' "$OUT"
	cgi PATH_INFO=/html REQUEST_METHOD='<b>'
	grep -qF 'Arrived:</span> <span class="v">&lt;b&gt;</span> · no body' "$OUT"
}

@test "Arrived: a short body, a large one, none, and one waiting without a CONTENT_LENGTH" {
	body_file 'a=1'
	cgi PATH_INFO=/text REQUEST_METHOD=POST CONTENT_LENGTH=10 \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	grep -qx 'arrived: POST · 3 bytes of 10 announced, incomplete (short) · 1 field, 0 files' "$OUT"
	cgi PATH_INFO=/text REQUEST_METHOD=POST \
	    CONTENT_TYPE=application/x-www-form-urlencoded
	grep -qx 'arrived: POST · no body, 3 bytes more waiting on stdin, not read · 0 fields, 0 files' "$OUT"
	cgi PATH_INFO=/text REQUEST_METHOD=POST CONTENT_LENGTH=x
	grep -qx 'arrived: POST · no body, CONTENT_LENGTH is not a length, 3 bytes more waiting on stdin, not read · 0 fields, 0 files' "$OUT"
	STDIN=
	cgi PATH_INFO=/text QUERY_STRING='a=1&b=2&c=3' CGIDUMP_MAX_FIELDS=2
	grep -qx 'arrived: GET · no body · 2 fields, 0 files (a limit cut the form short)' "$OUT"
	STDIN=$BATS_TEST_TMPDIR/big
	head -c 1234567 /dev/zero >"$STDIN"
	cgi PATH_INFO=/text REQUEST_METHOD=PUT CONTENT_LENGTH=1234567 \
	    CONTENT_TYPE=application/octet-stream
	grep -qx 'arrived: PUT · 1.2 MiB (1,234,567 bytes) of 1,234,567 announced, complete · 0 fields, 0 files' "$OUT"
	cgi PATH_INFO=/html REQUEST_METHOD=PUT CONTENT_LENGTH=1234567 \
	    CONTENT_TYPE=application/octet-stream
	grep -qF '</span> · 1.2 MiB (1,234,567 bytes) of 1,234,567 announced, complete · 0 fields, 0 files</p>' "$OUT"
}

@test "sizes of bodies, files and limits in KiB, MiB, GiB with the exact bytes beside; JSON keeps numbers" {
	multipart_body
	local env=(REQUEST_METHOD=POST CONTENT_LENGTH=$LEN
	    'CONTENT_TYPE=multipart/form-data; boundary=B'
	    CGIDUMP_MAX_BODY=3G CGIDUMP_MAX_FORM=1048535 CGIDUMP_MAX_HEADER=1023)
	cgi PATH_INFO=/text "${env[@]}"
	# 2,000 bytes are 1.95 KiB: rounded to a tenth
	grep -qx 'f = file "f.bin", 2.0 KiB (2,000 bytes), no content type (body)' "$OUT"
	grep -qx 'content length:  2.1 KiB (2,180 bytes)' "$OUT"
	grep -qx 'CGIDUMP_MAX_BODY     3.0 GiB (3,221,225,472 bytes)' "$OUT"
	# 1023.96 KiB is shown as 1.0 MiB, not 1024.0 KiB
	grep -qx 'CGIDUMP_MAX_FORM     1.0 MiB (1,048,535 bytes)' "$OUT"
	# under 1 KiB: the bytes once
	grep -qx 'CGIDUMP_MAX_HEADER   1,023 bytes' "$OUT"
	grep -qx 'CGIDUMP_MAX_FIELDS   20000 fields' "$OUT"
	cgi PATH_INFO=/html "${env[@]}"
	grep -qF '<span class="meta">2.0 KiB (2,000 bytes),</span>' "$OUT"
	grep -qF '<dt><code>CGIDUMP_MAX_BODY</code></dt><dd>3.0 GiB (3,221,225,472 bytes)</dd>' "$OUT"
	grep -qF '<dt><code>CGIDUMP_MAX_HEADER</code></dt><dd>1,023 bytes</dd>' "$OUT"
	cgi_json "${env[@]}"
	[ "$(jqo '.form[2].size')" = 2000 ]
	[ "$(jqo '.limits.max_body')" = 3221225472 ]
	# a body that is no form: its Body section and the Request section
	STDIN=$BATS_TEST_TMPDIR/big
	head -c 1536 /dev/zero >"$STDIN"
	cgi PATH_INFO=/text REQUEST_METHOD=POST CONTENT_LENGTH=1536 \
	    CONTENT_TYPE=application/octet-stream
	grep -qx 'size:            1.5 KiB (1,536 bytes)' "$OUT"
	grep -qx 'body read:       1.5 KiB (1,536 bytes), complete' "$OUT"
	grep -qx 'content length:  1.5 KiB (1,536 bytes)' "$OUT"
	cgi PATH_INFO=/html REQUEST_METHOD=POST CONTENT_LENGTH=1536 \
	    CONTENT_TYPE=application/octet-stream
	grep -qF '<dt>size</dt><dd>1.5 KiB (1,536 bytes)</dd>' "$OUT"
	grep -qF '<dt>Body read</dt><dd>1.5 KiB (1,536 bytes) <span class="tag">complete</span>' "$OUT"
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=1536 \
	    CONTENT_TYPE=application/octet-stream
	[ "$(jqo '.body.size')" = 1536 ]
}

@test "a local run as root: the note says privileges fails by design, and its commands make it pass" {
	local cmd
	local_run -f text
	if [ "$(id -u)" -ne 0 ]; then
		! grep -q '^note: run as root' "$BATS_TEST_TMPDIR/local.out"
		skip "not root: the note is for root only"
	fi
	grep -qF 'note: run as root, `privileges` fails by design: a CGI program must not run as root.' "$BATS_TEST_TMPDIR/local.out"
	local_run -f html
	grep -qF '<p class="note">Note: run as root, <code>privileges</code> fails by design' "$BATS_TEST_TMPDIR/local.out"
	# each command it gives, pasted, runs it as nobody and privileges passes
	local_run -f text
	su nobody -s /bin/sh -c "test -x '$(realpath "$CGIDUMP")'" ||
	    skip "nobody cannot reach $CGIDUMP"
	grep '^note: ' "$BATS_TEST_TMPDIR/local.out" | grep -o '`[^`]*`' | tr -d '`' |
	    grep -E '^(su|setpriv) ' >"$BATS_TEST_TMPDIR/cmds"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/cmds")" -eq 2 ]
	while IFS= read -r cmd; do
		[[ $cmd != setpriv* ]] || command -v setpriv >/dev/null || continue
		run env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin sh -c "$cmd"
		grep -q '^ok   privileges: ' <<<"$output" ||
		    { echo "'$cmd' gave: $output"; return 1; }
	done <"$BATS_TEST_TMPDIR/cmds"
}

@test "a CGI run gets no local-run note" {
	cgi PATH_INFO=/text
	! grep -q '^note: ' "$OUT"
	cgi PATH_INFO=/html
	! grep -q '<p class="note">Note: ' "$OUT"
}

@test "Request: an empty or zero CONTENT_LENGTH means no body (nginx, lighttpd on GET)" {
	cgi_json CONTENT_LENGTH=
	[ "$(jqo .request.content_length)" = null ]
	[ "$(jqo .request.content_length_raw)" = "" ]
	[ "$(jqo '.errors | length')" -eq 0 ]
	cgi_json CONTENT_LENGTH=0
	[ "$(jqo .request.content_length)" -eq 0 ]
	[ "$(jqo .request.body_bytes)" -eq 0 ]
}

@test "Request: bytes on stdin without a CONTENT_LENGTH are reported, not read" {
	body_file 'a=1'
	cgi_json REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(jqo '.form | length')" -eq 0 ]
	[ "$(jqo .request.bytes_after_body)" -eq 3 ]
	[ "$(jqo '.errors[0].id')" = body-length ]
	[[ "$(jqo '.errors[0].message')" == *"3 bytes were waiting on stdin but there is no CONTENT_LENGTH"* ]]
	cgi_json REQUEST_METHOD=POST CONTENT_LENGTH=x CONTENT_TYPE=application/x-www-form-urlencoded
	[[ "$(jqo '.errors[1].message')" == *"3 bytes were waiting on stdin but there is no valid CONTENT_LENGTH"* ]]
}

@test "Process: ids, names, groups, umask, pids, host, time and limits" {
	cgi_json
	[ "$(jqo .process.uid)" -eq "$(id -u)" ]
	[ "$(jqo .process.euid)" -eq "$(id -u)" ]
	[ "$(jqo .process.gid)" -eq "$(id -g)" ]
	[ "$(jqo .process.user)" = "$(id -un)" ]
	[ "$(jqo .process.group)" = "$(id -gn)" ]
	[ "$(jqo .process.umask)" = "$(umask)" ]
	[ "$(jqo .process.hostname)" = "$(hostname)" ]
	jq -e '.process.pid > 0 and .process.ppid > 0' "$OUT"
	jq -e '.process.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")' "$OUT"
	jq -e '.process.groups | type == "array"' "$OUT"
	[ "$(jqo .process.rlimits.nofile.soft)" -eq "$(ulimit -Sn)" ]
	jq -e '.process.rlimits | has("cpu") and has("as")' "$OUT"
}

static_build() {
	grep -q '^#define STATIC_BUILD 1' "$BATS_TEST_DIRNAME/../config.h"
}

# nss_conf TEXT [PASSWD GROUP]: RUNAS (what it was, run after) runs the
# program in a mount namespace of its own where /etc/nsswitch.conf
# holds TEXT (printf %b), and /etc/passwd and /etc/group these lines;
# the real files are never touched.  Only a dynamic glibc build reads
# nsswitch.conf.
nss_conf() {
	static_build && skip "a static build reads /etc/passwd and /etc/group alone"
	getconf GNU_LIBC_VERSION >/dev/null 2>&1 || skip "not glibc: no nsswitch.conf"
	[ "$(id -u)" = 0 ] || skip "needs root, for a mount namespace"
	require unshare
	[ -f /etc/nsswitch.conf ] || skip "no /etc/nsswitch.conf to mount over"
	unshare -m true 2>/dev/null || skip "no mount namespace can be made here"
	local t=$BATS_TEST_TMPDIR m
	printf '%b' "$1" >"$t/nsswitch.conf"
	m="mount --bind $t/nsswitch.conf /etc/nsswitch.conf"
	if [ $# -gt 1 ]; then
		printf '%s\n' "$2" >"$t/passwd"
		printf '%s\n' "$3" >"$t/group"
		m="$m && mount --bind $t/passwd /etc/passwd && mount --bind $t/group /etc/group"
	fi
	RUNAS=(unshare -m sh -c "$m && exec \"\$@\"" sh ${RUNAS[@]+"${RUNAS[@]}"})
}

# names_from: where the names of the test below come from: the files
# in a static build; in a dynamic one, where nsswitch.conf (nss_conf)
# begins with the files, those, and NSS for the group they lack.
names_from() {
	if static_build; then
		echo files
	else
		echo "files, nss"
	fi
}

@test "Process: every id named, supplementary groups too, repeats and all, and where the names came from" {
	require setpriv
	require getent
	[ "$(id -u)" = 0 ] || skip "needs root, to set the groups"
	# uid 0 and gid 0 again among the groups, and a group with no name
	RUNAS=(setpriv --reuid=0 --regid=0 --groups=0,2,3,2,987654)
	static_build || nss_conf 'passwd: files\ngroup: files\n'
	cgi_json
	[ "$(jqo .process.names_from)" = "$(names_from)" ]
	[ "$(jqo .process.user)" = "$(getent passwd 0 | cut -d: -f1)" ]
	[ "$(jqo .process.euser)" = "$(jqo .process.user)" ]
	[ "$(jqo .process.group)" = "$(getent group 0 | cut -d: -f1)" ]
	# Linux keeps the list sorted, with its repeats
	[ "$(jq -c '[.process.groups[].gid]' "$OUT")" = '[0,2,2,3,987654]' ]
	[ "$(jqo '.process.groups[1].name')" = "$(getent group 2 | cut -d: -f1)" ]
	[ "$(jqo '.process.groups[2].name')" = "$(getent group 2 | cut -d: -f1)" ]
	[ "$(jqo '.process.groups[3].name')" = "$(getent group 3 | cut -d: -f1)" ]
	[ "$(jqo '.process.groups[4].name')" = null ]
	cgi PATH_INFO=/text
	grep -q "^groups: .*987654 " "$OUT"
	grep -qx "names from: *$(names_from)" "$OUT"
	cgi PATH_INFO=/html
	grep -q "<dt>names from</dt><dd>$(names_from)</dd>" "$OUT"
}

@test "Process: where nsswitch.conf begins passwd and group with files, the files name every id, each read once, and nscd is never asked" {
	local st=$BATS_TEST_TMPDIR/st
	RUNAS=()
	if [ -z "${CGIDUMP_SANITIZED:-}" ]; then
		require strace
		RUNAS=(strace -f -qq -o "$st")
	fi
	nss_conf 'passwd: files [NOTFOUND=return] systemd\ngroup:\tfiles systemd\nhosts: files dns\n' \
	    'filesroot:x:0:0:planted:/root:/bin/sh' 'filesgrp:x:0:'
	cgi_json
	[ "$(jqo .process.user)" = filesroot ]
	[ "$(jqo .process.group)" = filesgrp ]
	[ "$(jqo .process.names_from)" = files ]
	[ -n "${CGIDUMP_SANITIZED:-}" ] && return 0
	! grep -E '(socket|connect)\(' "$st"
	[ "$(grep -c 'open.*"/etc/passwd"' "$st")" = 1 ]
	[ "$(grep -c 'open.*"/etc/group"' "$st")" = 1 ]
	[ "$(grep -c 'open.*"/etc/nsswitch.conf"' "$st")" = 1 ]
}

@test "Process: where nsswitch.conf puts another service first, or goes on after the files' success, or is one glibc refuses, NSS names the ids" {
	local conf
	for conf in 'passwd: systemd files\ngroup: systemd files\n' \
	    'passwd: files [SUCCESS=continue] systemd\ngroup: files [SUCCESS=merge] systemd\n' \
	    'passwd: ldap\ngroup: ldap\n# a last line with no newline is never read\npasswd: files'; do
		RUNAS=()
		nss_conf "$conf" 'filesroot:x:0:0:planted:/root:/bin/sh' 'filesgrp:x:0:'
		cgi_json
		[ "$(jqo .process.names_from)" = nss ] || { echo "$conf"; return 1; }
	done
	# glibc refuses a bad criterion in any database it knows: no names
	RUNAS=()
	nss_conf 'passwd: files\ngroup: files\nhosts: files [NOTFOUND=maybe] dns\n'
	cgi_json
	[ "$(jqo .process.names_from)" = nss ]
	[ "$(jqo .process.user)" = null ]
}

@test "Process: the umask is read without being changed, and limits show" {
	(umask 027 && cgi_json && [ "$(jqo .process.umask)" = 0027 ])
	(ulimit -Sn 77 && cgi PATH_INFO=/text && grep -qx 'open files:      soft 77 files, hard .*' "$OUT")
	(ulimit -St 5 && cgi_json && [ "$(jqo .process.rlimits.cpu.soft)" -eq 5 ])
}

@test "a large environment: the kernel's largest value, and over 1 MiB in all" {
	local big i args=()
	# Linux caps one environment string, NAME=value and its NUL, at
	# 128 KiB (MAX_ARG_STRLEN): no server can pass a single 1 MiB value.
	big=$(head -c 131069 /dev/zero | tr '\0' x)
	cgi_json X="$big"
	[ "$(jqo '.environment[] | select(.name == "X") | .value | length')" -eq 131069 ]
	big=${big:0:120000}
	for i in 1 2 3 4 5 6 7 8 9; do
		args+=("BIG$i=$big")
	done
	cgi_json "${args[@]}"
	[ "$(jq '[.environment[] | select(.name | startswith("BIG")) | .value | length] | add' "$OUT")" -eq 1080000 ]
	cgi PATH_INFO=/html "${args[@]}"
	tail -n 1 "$OUT" | grep -qx '</html>'
	cgi PATH_INFO=/text "${args[@]}"
	grep -q '^BIG9 = "xxxx' "$OUT"
}

@test "closed standard descriptors are not mistaken for input" {
	# With fd 0 closed, the next open(2) (/etc/passwd for the user name)
	# would take its place; the body must not be read from it.
	run timeout 10 bash -c 'env -i GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/json REQUEST_METHOD=POST \
	    CONTENT_LENGTH=5 CONTENT_TYPE=text/plain "$0" <&- | sed "1,/^\r$/d"' "$CGIDUMP"
	[ "$status" -eq 0 ]
	[ "$(jq .request.body_bytes <<<"$output")" -eq 0 ]
	[ "$(jq -r .request.body_end <<<"$output")" = short ]
}
