#!/usr/bin/env bats
# The C unit tests (tests/unit.c), one test per area.

unit() {
	run "$BATS_TEST_DIRNAME/unit" "$1"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "ok: 0 failures" ]
}

@test "unit: the urlencoded parser in every split, and its limits" {
	unit urlencoded
}

@test "unit: UTF-8 validation at its edges (RFC 3629)" {
	unit utf8
}

@test "unit: SHA-256 against FIPS 180-4 in every step size, and against the portable code on random bytes and splits, for every code this CPU runs" {
	unit sha256
}

@test "unit: a fence set twice with different values refuses" {
	unit access
}

@test "unit: the host judges on hand-made facts (modes, owners, PATH, cwd)" {
	unit hostcheck
}

@test "unit: one verdict per row of the check table; problems decide theirs" {
	unit checks
}

@test "unit: FastCGI and SCGI: a missing SCRIPT_FILENAME, duplicate parameters" {
	unit transport
}

@test "unit: the CSP's style-src hash is the SHA-256 of the stylesheet as built" {
	unit csp
}

@test "unit: each escaper on each class of byte (HTML, JSON, text, quoted values)" {
	unit escape
}

@test "unit: sh quoting for /replay (single quotes, byte variables, printf formats)" {
	unit sh
}

@test "unit: numbers written without printf match printf's, sizes round at their edges" {
	unit numbers
}

@test "unit: the byte helpers' first-byte shortcuts at their edges (empty, NULL, NUL, bytes above 127)" {
	unit bytes
}

@test "unit: a static build's /etc/passwd and /etc/group reader on odd files" {
	unit idfile
}

@test "unit: nsswitch.conf read as glibc reads it: passwd and group files first only when a success there ends the lookup" {
	unit nsswitch
}

@test "unit: the secret-name, secret-value and misspelt-setting rules give their old verdicts on every generated name" {
	unit secrets
}

@test "unit: FastCGI records and name-value pairs in every split, every type, at their bounds (a length is a claim, not an allocation)" {
	unit fastcgi
}

@test "unit: SCGI's netstring (no leading zero, bounded, never read past its comma) and protocol.txt's header rules" {
	unit scgi
}

@test "unit: the sandbox's system call filter gives the allow-list's verdict on every call number and on the four calls' arguments" {
	unit filter
}

@test "unit: the form's arena keeps every string whole across doubling chunks; prefaulted memory keeps its bytes and takes no page fault when written" {
	unit memory
}
