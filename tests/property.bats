#!/usr/bin/env bats
# No loss (issue 10, "What to build" 4): random forms, made by
# tests/formgen.c from a seed, are sent to cgidump in random pieces with
# random pauses, and every field must come back in the JSON: the same
# names, values and filenames, byte for byte, and each file's size and
# SHA-256 (sha256sum's) equal to what was sent.  urlencoded and
# multipart/form-data, in the query and in the body; CRLF, bare LF and
# mixed line ends; sent with a CONTENT_LENGTH, chunked and decoded, or
# in raw chunk framing.  Names and values are UTF-8 of every kind,
# controls, NUL, bidi and astral planes included, given back exactly;
# in a third of the forms they hold invalid UTF-8 too (lone, overlong,
# surrogate, cut short), which JSON must show as one U+FFFD for each
# such byte, the bytes around it intact.  Files are random bytes, up to
# 200 KiB.  Each body is also fed to the parser alone (tests/feed) in
# random pieces of 1 to 4096 bytes.
#
# Seeds 1 to 50 by default; CGIDUMP_PROPERTY_SEED=N replays one form,
# CGIDUMP_PROPERTY_SEEDS="N M ..." any list.  A failure prints its seed.

load helpers

FORMGEN=$BATS_TEST_DIRNAME/formgen
FEED=$BATS_TEST_DIRNAME/feed

seeds() {
	if [ -n "${CGIDUMP_PROPERTY_SEED:-}" ]; then
		echo "$CGIDUMP_PROPERTY_SEED"
	elif [ -n "${CGIDUMP_PROPERTY_SEEDS:-}" ]; then
		echo "$CGIDUMP_PROPERTY_SEEDS"
	else
		seq 1 50
	fi
}

# Every form once, for all the tests: formgen's files (see formgen.c)
# in $BATS_FILE_TMPDIR/form-SEED.
setup_file() {
	local s
	for s in $(seeds) $(seq 1 50); do
		[ -d "$BATS_FILE_TMPDIR/form-$s" ] && continue
		mkdir -p "$BATS_FILE_TMPDIR/form-$s"
		"$BATS_TEST_DIRNAME/formgen" form "$s" "$BATS_FILE_TMPDIR/form-$s"
	done
}

# form SEED: the request of SEED in $D, its variables in FENV.
form() {
	D=$BATS_FILE_TMPDIR/form-$1
	mapfile -d '' -t FENV <"$D/env"
}

# send SEED: cgidump in CGI mode with the form's variables, its body fed
# on a pipe in random pieces; the response in $RAW, $HDR and $OUT.
send() {
	RAW=$BATS_TEST_TMPDIR/raw
	status=0
	"$FORMGEN" feed "$1" "$D/body" |
	    timeout "$TMO" env -i "${BASE_ENV[@]}" "${FENV[@]}" PATH_INFO=/json \
	    CGIDUMP_TIMEOUT=5 "$CGIDUMP" >"$RAW" 2>"$BATS_TEST_TMPDIR/stderr" ||
	    status=$?
	_split_response "$RAW"
	_no_sanitizer_report
}

# compare DUMP [PARSED]: what cgidump showed (DUMP, its JSON) and, when
# given, what the parser alone gave (PARSED, tests/feed's JSON) against
# what was sent: one line for each thing lost or wrong, none when all
# came back.  A file's sha256 is sha256sum's of the bytes sent.
COMPARE='
def shown: [.[] | if has("sha256") then {name, source, filename, content_type,
    size, sha256, nested: (.nested // false), star: (.filename_rfc5987 // false)}
    else {name, source, value} end];
def first_diff($a; $b): [range([$a, $b] | map(length) | max)] |
    map(select($a[.] != $b[.])) | .[0] | {field: ., sent: $a[.], shown: $b[.]};
($sums | split("\n") | map(select(length > 0) | split("  ") | {(.[1]): .[0]}) |
    add // {}) as $sha |
($sent[0] | map(if has("sha256_of") then .sha256 = $sha[.sha256_of] |
    del(.sha256_of) else . end)) as $want |
$dump[0] as $d | ($d.form | shown) as $got |
$kind[0] as $k |
(if $k.delivery == "none" or ($k.delivery == "length" and $k.body_bytes == 0)
    then ["none", 0] else ["complete", $k.body_bytes] end) as $fin |
[ (if $got != $want then "the form differs: \(first_diff($want; $got) | tojson)"
    else empty end),
  ($d.form[] | select(.truncated or .incomplete) |
    "a field is marked cut or incomplete: \(tojson)"),
  ($d.checks[] | select(.id == "form-parse" and .level != "ok") |
    "form-parse is \(.level): \($d.errors | map(.message) | tojson)"),
  (if [$d.request.body_end, $d.request.body_bytes] != $fin then
    "the body ended \($d.request.body_end) after \($d.request.body_bytes) bytes, not \($fin | tojson)"
    else empty end),
  (if $d.request.chunk_framing != ($k.delivery == "framed") then
    "chunk_framing is \($d.request.chunk_framing) for a \($k.delivery) body" else empty end),
  ($parsed[] | (.form | shown) as $p | ($want | map(select(.source == "body"))) as $w |
    if $p != $w then "the parser alone, in random pieces, differs: \(first_diff($w; $p) | tojson)"
    else empty end)
] | .[]'

compare() {
	local parsed=/dev/null
	[ -z "${2:-}" ] || parsed=$2
	jq -n -r --slurpfile dump "$1" --slurpfile parsed "$parsed" \
	    --slurpfile sent "$D/expect.json" --slurpfile kind "$D/kind" \
	    --rawfile sums <(cd "$D" && { ls f[0-9]* >/dev/null 2>&1 && sha256sum f[0-9]*; }) \
	    "$COMPARE"
}

# check SEED: the form of SEED comes back whole, through cgidump and
# through the parser alone in random pieces; what was lost, if anything,
# is printed with the seed that replays it.
check() {
	local s=$1 ct problems parsed=
	form "$s"
	send "$s"
	[ "$status" -eq 0 ] || { echo "seed $s: exit $status"; return 1; }
	ct=$(<"$D/ctype")
	if [ -n "$ct" ]; then
		parsed=$BATS_TEST_TMPDIR/parsed.json
		"$FEED" "$ct" "$D/payload" "random:$s" >"$parsed"
	fi
	problems=$(compare "$OUT" $parsed) ||
	    { echo "seed $s: the comparison failed: is the JSON valid?"; head -c 300 "$OUT"; return 1; }
	[ -z "$problems" ] && return 0
	echo "seed $s (replay: CGIDUMP_PROPERTY_SEED=$s sh tests/run.sh tests/property.bats):"
	printf '%s\n' "$problems" | cut -c1-600 | head -n 10
	return 1
}

@test "property: the same seed makes the same form, byte for byte" {
	mkdir "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	"$FORMGEN" form 7 "$BATS_TEST_TMPDIR/a"
	"$FORMGEN" form 7 "$BATS_TEST_TMPDIR/b"
	diff -r "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	form 7
	diff -r "$BATS_TEST_TMPDIR/a" "$D"
	form 8
	! diff -r -q "$BATS_TEST_TMPDIR/a" "$D" >/dev/null
}

@test "property: the comparison catches one lost byte, a lost field and a cut (so the test can fail)" {
	local s
	# the first form with a field in the body, a file among them
	for s in $(seq 1 50); do
		form "$s"
		jq -e 'any(.[]; .source == "body") and any(.[]; has("sha256_of"))' \
		    "$D/expect.json" >/dev/null && break
	done
	check "$s"
	run compare "$OUT"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# one byte more in a file's size, one in a value, a field gone, a
	# field marked cut: each is noticed
	jq '(first(.form[] | select(has("sha256")))) as $f |
	    .form |= map(if . == $f then .size += 1 else . end)' "$OUT" >"$OUT.1"
	[[ "$(compare "$OUT.1")" == "the form differs: "* ]]
	jq '.form[-1] |= (if has("sha256") then .sha256 |= "0" + .[1:] else .value += "x" end)' \
	    "$OUT" >"$OUT.2"
	[[ "$(compare "$OUT.2")" == "the form differs: "* ]]
	jq 'del(.form[0])' "$OUT" >"$OUT.3"
	[[ "$(compare "$OUT.3")" == "the form differs: "* ]]
	jq '.form[0].truncated = true' "$OUT" >"$OUT.4"
	[[ "$(compare "$OUT.4")" == "a field is marked cut or incomplete: "* ]]
	jq '.request.body_bytes -= 1' "$OUT" >"$OUT.5"
	[[ "$(compare "$OUT.5")" == "the body ended "* ]]
}

@test "property: 50 random forms come back whole: names, values, filenames, sizes and SHA-256" {
	local s bad=0 n=0
	for s in $(seeds); do
		n=$((n + 1))
		check "$s" || bad=$((bad + 1))
	done
	echo "$bad of $n forms lost something"
	[ "$bad" -eq 0 ]
}

@test "property: the 50 forms hold what they should (types, query, files, nesting, framing, LF, invalid UTF-8)" {
	local c
	c=$(for s in $(seq 1 50); do
		printf '%s\n' "$BATS_FILE_TMPDIR/form-$s/kind" "$BATS_FILE_TMPDIR/form-$s/expect.json"
	done | xargs jq -c -s '[range(0; length; 2) as $i | .[$i] as $k | .[$i + 1] as $e |
	    [($k.type == "multipart"), ($k.type == "urlencoded"),
	    any($e[]; .source == "query"), ([$e[] | select(has("sha256_of"))] | length),
	    ([$e[] | select(.nested)] | length), ([$e[] | select(.star)] | length),
	    ($k.delivery == "chunked"), ($k.delivery == "framed"),
	    ($k.type == "multipart" and $k.eol != "crlf"),
	    ([$e[] | select(.size // 0 > 100000)] | length > 0),
	    ($k.raw and any($e[]; (.name + (.value // "") + (.filename // "")) | contains("\ufffd")))] |
	    map(if . == true then 1 elif . == false then 0 else . end)] |
	    transpose | map(add)')
	echo "[multipart, urlencoded, query, files, nested, filename*, decoded chunked, raw framing, bare LF, big file, invalid UTF-8]: $c"
	jq -e '. as $n | [15, 5, 10, 30, 2, 2, 2, 2, 2, 3, 5] | to_entries |
	    all(.value <= $n[.key])' <<<"$c"
}
