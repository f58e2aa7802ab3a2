#!/usr/bin/env bats
# The request fixtures (tests/fixtures/*/, see NOTES there): each run
# through cgidump and checked against its expect.json, and each body
# fed to the parser in pieces of every size.

load helpers

FIX=$BATS_TEST_DIRNAME/fixtures
FEED=$BATS_TEST_DIRNAME/feed

# fixture_body DIR: the body, gzipped or not.
fixture_body() {
	if [ -f "$1/body.gz" ]; then gzip -dc "$1/body.gz"; else cat "$1/body"; fi
}

fixture_expect() {
	if [ -f "$1/expect.json.gz" ]; then gzip -dc "$1/expect.json.gz"; else cat "$1/expect.json"; fi
}

# run_fixture DIR FORMAT: cgidump in CGI mode on the fixture, body in $OUT.
run_fixture() {
	local d=$1 envs=()
	mapfile -t envs <"$d/env"
	fixture_body "$d" >"$BATS_TEST_TMPDIR/stdin"
	STDIN=$BATS_TEST_TMPDIR/stdin cgi PATH_INFO="/$2" "${envs[@]}"
}

@test "there are at least 60 fixtures" {
	[ "$(find "$FIX" -mindepth 1 -maxdepth 1 -type d | wc -l)" -ge 60 ]
}

@test "every fixture gives its expected form, body and errors (JSON)" {
	local d bad=0
	for d in "$FIX"/*/; do
		d=${d%/}
		run_fixture "$d" json
		if ! jq -e . "$OUT" >/dev/null ||
		    [ "$(jq -S '{form, body, errors, body_end: .request.body_end}' "$OUT")" != \
		    "$(fixture_expect "$d" | jq -S .)" ]; then
			echo "differs: ${d##*/}"
			bad=$((bad + 1))
		fi
	done
	[ "$bad" -eq 0 ]
}

@test "every fixture's body parses the same whole, in 1-byte and in random pieces" {
	local d ct whole bad=0 envs mode
	for d in "$FIX"/*/; do
		d=${d%/}
		# raw chunk framing is undone before the parser sees it
		grep -q '^HTTP_TRANSFER_ENCODING=' "$d/env" && continue
		ct=$(sed -n 's/^CONTENT_TYPE=//p' "$d/env")
		case $ct in multipart/*|application/x-www-form-urlencoded*) ;; *) continue ;; esac
		fixture_body "$d" >"$BATS_TEST_TMPDIR/b"
		mapfile -t envs < <(grep '^CGIDUMP_' "$d/env")
		whole=$(env "${envs[@]}" "$FEED" "$ct" "$BATS_TEST_TMPDIR/b" whole)
		for mode in 1 random:1 random:2 random:3; do
			if [ "$(env "${envs[@]}" "$FEED" "$ct" "$BATS_TEST_TMPDIR/b" $mode)" != "$whole" ]; then
				echo "differs in $mode pieces: ${d##*/}"
				bad=$((bad + 1))
			fi
		done
	done
	[ "$bad" -eq 0 ]
}

@test "every fixture gives a complete HTML page with every payload escaped" {
	local d bad=0
	for d in "$FIX"/*/; do
		d=${d%/}
		run_fixture "$d" html
		if [ "$status" -ne 0 ] || ! tail -n 1 "$OUT" | grep -qx '</html>' ||
		    grep -qE '<(script|img|svg|b)[ >]' "$OUT"; then
			echo "bad page: ${d##*/}"
			bad=$((bad + 1))
		fi
	done
	[ "$bad" -eq 0 ]
}

@test "every fixture gives a text dump without control bytes" {
	local d bad=0
	for d in "$FIX"/*/; do
		d=${d%/}
		run_fixture "$d" text
		if [ "$status" -ne 0 ] || LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$OUT"; then
			echo "bad text: ${d##*/}"
			bad=$((bad + 1))
		fi
	done
	[ "$bad" -eq 0 ]
}

@test "uploads: the SHA-256 in the dump is sha256sum's for files of odd sizes" {
	local n sum b=AaB03x
	for n in 0 1 55 56 63 64 65 1000 65535 65536 65537 300001; do
		head -c "$n" /dev/urandom >"$BATS_TEST_TMPDIR/f"
		sum=$(sha256sum "$BATS_TEST_TMPDIR/f" | cut -d' ' -f1)
		{
			printf -- '--%s\r\nContent-Disposition: form-data; name="f"; filename="f"\r\n\r\n' $b
			cat "$BATS_TEST_TMPDIR/f"
			printf -- '\r\n--%s--\r\n' $b
		} >"$BATS_TEST_TMPDIR/stdin"
		STDIN=$BATS_TEST_TMPDIR/stdin cgi_json REQUEST_METHOD=POST \
		    CONTENT_TYPE="multipart/form-data; boundary=$b" \
		    CONTENT_LENGTH="$(wc -c <"$BATS_TEST_TMPDIR/stdin")"
		[ "$(jqo '.form[0].sha256')" = "$sum" ] || { echo "size $n"; return 1; }
		[ "$(jqo '.form[0].size')" -eq "$n" ]
	done
}

@test "a non-form body's SHA-256 is sha256sum's" {
	STDIN=$BATS_TEST_TMPDIR/stdin
	head -c 100003 /dev/urandom >"$STDIN"
	cgi_json REQUEST_METHOD=PUT \
	    CONTENT_TYPE=application/octet-stream CONTENT_LENGTH=100003
	[ "$(jqo .body.sha256)" = "$(sha256sum "$STDIN" | cut -d' ' -f1)" ]
	[ "$(jqo .body.size)" -eq 100003 ]
	jq -e '.body.preview_hex | length == 128' "$OUT"
}
