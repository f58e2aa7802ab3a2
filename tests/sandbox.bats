#!/usr/bin/env bats
# The sandbox (src/sandbox.c): what the Process section says, and that a
# run which tries to leave it after the request is read is stopped.
# tests/cgidump-escape is cgidump built with SANDBOX_ESCAPE_TEST: after
# entering the sandbox it tries what SANDBOX_ESCAPE names.

load helpers

ESCAPE=$BATS_TEST_DIRNAME/cgidump-escape

# Where the filter can be on: a Linux build on an architecture it knows,
# without a sanitizer whose runtime needs more (configure turns it off).
filter_expected() {
	[ "$(uname -s)" = Linux ] || return 1
	[ -z "${CGIDUMP_SANITIZED:-}" ] || return 1
	case $(uname -m) in
	x86_64|aarch64|riscv64|i?86) return 0 ;;
	esac
	return 1
}

escape_run() {
	run --separate-stderr timeout "$TMO" env -i "${BASE_ENV[@]}" \
	    PATH_INFO=/json SANDBOX_ESCAPE="$1" "$ESCAPE"
}

@test "sandbox: the Process section says it is on, in JSON, text and HTML" {
	filter_expected || skip "no system call filter in this build"
	cgi_json
	[ "$(jq -r .process.sandbox.method "$OUT")" = seccomp ]
	[ "$(jq -r .process.sandbox.active "$OUT")" = true ]
	[ "$(jq -r .process.sandbox.no_new_privs "$OUT")" = true ]
	[ "$(jq -r .process.sandbox.no_new_files "$OUT")" = true ]
	[ "$(jq -r .process.sandbox.syscalls "$OUT")" -ge 10 ]
	[ "$(jq -r .process.sandbox.note "$OUT")" = null ]
	cgi PATH_INFO=/text
	grep -qE '^sandbox: +on: seccomp filter \([0-9]+ system calls\), no new privileges; no new files' "$OUT"
	cgi PATH_INFO=/html
	grep -qF '<dt>sandbox</dt><dd>on: seccomp filter' "$OUT"
}

@test "sandbox: a sanitizer build says why the filter is off" {
	[ -n "${CGIDUMP_SANITIZED:-}" ] || skip "not a sanitizer build"
	cgi_json
	[ "$(jq -r .process.sandbox.active "$OUT")" = false ]
	[[ "$(jq -r .process.sandbox.note "$OUT")" == *sanitizer* ]]
	# LeakSanitizer opens /proc at exit
	[ "$(jq -r .process.sandbox.no_new_files "$OUT")" = false ]
	[ "$(jq -r .process.sandbox.cpu_seconds "$OUT")" -gt 0 ]
}

@test "sandbox: local mode is sandboxed too" {
	filter_expected || skip "no system call filter in this build"
	local_run -f text
	[ "$status" -eq 0 ]
	grep -qE '^sandbox: +on: seccomp' "$BATS_TEST_TMPDIR/local.out"
}

@test "sandbox: the escape build answers normally when it tries nothing" {
	escape_run ""
	[ "$status" -eq 0 ]
	sed '1,/^\r$/d' <<<"$output" | jq -e .process.sandbox >/dev/null
}

@test "sandbox: open(2) after the request is read kills the process, with one line" {
	filter_expected || skip "no system call filter in this build"
	escape_run open
	# killed by SIGSYS (31): the server logs the signal
	[ "$status" -eq $((128 + 31)) ]
	[[ "$output" != *escaped* ]]
	[[ "$stderr" != *escaped* ]]
	[[ "$stderr" == *"cgidump: sandbox: system call open"*" is not allowed"* ]]
	[ "$(grep -c . <<<"$stderr")" -eq 1 ]
}

@test "sandbox: execve(2) after the request is read kills the process, with one line" {
	filter_expected || skip "no system call filter in this build"
	escape_run execve
	[ "$status" -eq $((128 + 31)) ]
	[[ "$output" != *escaped* ]]
	[[ "$stderr" != *escaped* ]]
	[[ "$stderr" == *"cgidump: sandbox: system call execve ("*") is not allowed"* ]]
}

@test "sandbox: no new descriptors even where no filter can be had" {
	[ "$(uname -s)" = Linux ] || skip "Linux only"
	[ -z "${CGIDUMP_SANITIZED:-}" ] || skip "a sanitizer build opens files at exit"
	escape_run open
	if filter_expected; then
		[ "$status" -eq $((128 + 31)) ]
	else
		# the descriptor limit alone refuses the open
		[ "$status" -eq 0 ]
		[[ "$stderr" == *"escape: open failed: Too many open files"* ]]
	fi
}

@test "sandbox: CPU seconds and address space follow the configured limits" {
	[ "$(uname -s)" = Linux ] || skip "Linux only"
	cgi_json CGIDUMP_MAX_FORM=8M
	[ "$(jq -r .process.sandbox.cpu_seconds "$OUT")" -gt 0 ]
	if [ -z "${CGIDUMP_SANITIZED:-}" ]; then
		small=$(jq -r .process.sandbox.address_space "$OUT")
		cgi_json CGIDUMP_MAX_FORM=24M
		big=$(jq -r .process.sandbox.address_space "$OUT")
		# four times the form's memory, so 16 MiB more form is 64 MiB
		# more address space (give or take what is mapped at start)
		diff=$(( (big - small) >> 20 ))
		[ "$diff" -ge 60 ]
		[ "$diff" -le 68 ]
	fi
	cgi_json CGIDUMP_MAX_FORM=0
	[ "$(jq -r .process.sandbox.address_space "$OUT")" = null ]
}

@test "sandbox: bodies of every kind are read and parsed inside it" {
	filter_expected || skip "no system call filter in this build"
	STDIN=$BATS_TEST_TMPDIR/body.in
	printf -- '--B\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n%s\r\n--B--\r\n' \
	    "$(head -c 100000 /dev/zero | tr '\0' x)" >"$STDIN"
	cgi_json REQUEST_METHOD=POST "CONTENT_TYPE=multipart/form-data; boundary=B" \
	    CONTENT_LENGTH=$(wc -c <"$STDIN")
	[ "$(jq -r '.form[0].size' "$OUT")" = 100000 ]
	[ "$(jq -r .process.sandbox.active "$OUT")" = true ]
	# and from a pipe, as most servers give it
	run --separate-stderr timeout "$TMO" bash -c 'cat "$1" | env -i "${@:3}" "$2"' _ \
	    "$STDIN" "$CGIDUMP" "${BASE_ENV[@]}" PATH_INFO=/json REQUEST_METHOD=POST \
	    "CONTENT_TYPE=multipart/form-data; boundary=B" CONTENT_LENGTH=$(wc -c <"$STDIN")
	[ "$status" -eq 0 ]
	[ "$(sed '1,/^\r$/d' <<<"$output" | jq -r '.form[0].size')" = 100000 ]
}
