#!/usr/bin/env bats
# The SHA-256 of uploads (src/sha256.c): computed with the CPU's SHA-256
# instructions where it has them and with the portable code, which
# CGIDUMP_SHA256=portable forces; both must equal sha256sum(1), and the
# Process section names the code that hashed.  tests/unit.c holds the
# FIPS 180-4 vectors and the codes against each other.

load helpers

# The code sha256.c picks on this machine, from the CPU's own flags.
expected_impl() {
	local flags
	flags=$(grep -m1 -E '^(flags|Features)' /proc/cpuinfo 2>/dev/null)
	case $(uname -m) in
	x86_64)
		if [[ " $flags " == *" sha_ni "* && " $flags " == *" sse4_1 "* &&
		    " $flags " == *" ssse3 "* ]]; then
			echo sha-ni
			return
		fi
		;;
	aarch64)
		if [[ " $flags " == *" sha2 "* ]]; then
			echo armv8
			return
		fi
		;;
	esac
	echo portable
}

# Three files of random bytes (a few blocks and an odd tail, less than
# a block, none) in one multipart body in $STDIN.
setup() {
	local b=Sha256Boundary f
	head -c 1048583 /dev/urandom >"$BATS_TEST_TMPDIR/f1"
	head -c 55 /dev/urandom >"$BATS_TEST_TMPDIR/f2"
	: >"$BATS_TEST_TMPDIR/f3"
	STDIN=$BATS_TEST_TMPDIR/stdin
	for f in f1 f2 f3; do
		printf -- '--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n\r\n' $b $f $f
		cat "$BATS_TEST_TMPDIR/$f"
		printf '\r\n'
	done >"$STDIN"
	printf -- '--%s--\r\n' $b >>"$STDIN"
	UPLOAD=(REQUEST_METHOD=POST "CONTENT_TYPE=multipart/form-data; boundary=$b"
	    CONTENT_LENGTH="$(wc -c <"$STDIN")")
}

# Every file's SHA-256 in the dump in $OUT is sha256sum's.
hashes_match() {
	local i f
	for i in 0 1 2; do
		f=f$((i + 1))
		[ "$(jqo ".form[$i].filename")" = "$f" ]
		[ "$(jqo ".form[$i].sha256")" = "$(sha256sum <"$BATS_TEST_TMPDIR/$f" | cut -d' ' -f1)" ]
	done
}

@test "uploads hashed with the code the CPU allows equal sha256sum, and the dump names it" {
	cgi_json "${UPLOAD[@]}"
	hashes_match
	[ "$(jqo '.process.sha256')" = "$(expected_impl)" ]
}

@test "CGIDUMP_SHA256=portable: the portable code hashes, equal to sha256sum, and the dump says so" {
	cgi_json "${UPLOAD[@]}" CGIDUMP_SHA256=portable
	hashes_match
	[ "$(jqo '.process.sha256')" = portable ]
	[ "$(jqo '.errors | length')" -eq 0 ]
	cgi "${UPLOAD[@]}" CGIDUMP_SHA256=portable PATH_INFO=/text
	grep -qxE 'sha256: +portable' "$OUT"
	cgi "${UPLOAD[@]}" CGIDUMP_SHA256=portable PATH_INFO=/html
	grep -qF '<dt>sha256</dt><dd>portable</dd>' "$OUT"
}

@test "CGIDUMP_SHA256 other than portable is reported, and the usual code hashes" {
	cgi_json "${UPLOAD[@]}" CGIDUMP_SHA256=fast
	hashes_match
	[ "$(jqo '.process.sha256')" = "$(expected_impl)" ]
	[ "$(jqo '.errors[0].id')" = config ]
	[[ "$(jqo '.errors[0].message')" == "CGIDUMP_SHA256 can only be portable;"* ]]
}
