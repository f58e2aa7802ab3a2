#!/usr/bin/env bats
# make bench (tests/bench/run.sh) in its quick mode, BENCH_QUICK=1: tiny
# sizes, one run of each.  What a user sees: the machine, then one table
# with every figure of issue 12's targets, each measured, and nothing
# left behind.  No timing and no target is asserted here: the bench is
# a report, and met or missed depends on the machine.  Of make
# bench-fastcgi (tests/bench/fastcgi-load.sh), only what it refuses:
# .ci/run runs it, once, with 500 requests.

load helpers

setup() {
	require valgrind
	require strace
	require openssl
	require sha256sum
	[ -x /usr/bin/time ] || require /usr/bin/time
}

@test "make bench, quick: the machine, then one table with every figure measured" {
	local f n
	TMPDIR=$BATS_TEST_TMPDIR BENCH_QUICK=1 \
	    sh "$BATS_TEST_DIRNAME/bench/run.sh" >"$BATS_TEST_TMPDIR/out" \
	    2>"$BATS_TEST_TMPDIR/err" ||
	    { cat "$BATS_TEST_TMPDIR/err" "$BATS_TEST_TMPDIR/out"; return 1; }
	cat "$BATS_TEST_TMPDIR/out"
	grep -q '^machine: .*cores, .*SHA extensions: \(yes\|no\)$' "$BATS_TEST_TMPDIR/out"
	grep -q '^figure  *cgidump  *baseline  *ratio  *target  *result$' "$BATS_TEST_TMPDIR/out"
	for f in 'GET html: wall, default build' 'GET html: wall, static build' \
	    'GET html: instructions, static build' \
	    'GET html: system calls, static build' \
	    'GET html: peak RSS, default build' \
	    'GET html: peak RSS, static build' \
	    'GET json: wall, default build' 'GET json: wall, static build' \
	    'GET json: instructions, static build' \
	    'GET json: system calls, static build' \
	    'GET json: peak RSS, default build' \
	    'GET json: peak RSS, static build' \
	    'upload 2 MiB: throughput, json' \
	    'upload 2 MiB: throughput, portable SHA-256' \
	    'upload 1 MiB: SHA-256 in every format' \
	    'upload 2 MiB: SHA-256 in every format' \
	    'upload: peak RSS, html' 'upload: peak RSS, json' \
	    'upload: peak RSS, text' 'upload: RSS change, html' \
	    'upload: RSS change, json' 'upload: RSS change, text' \
	    'upload: files created' 'form: every field parsed' \
	    'form 10,000 fields: wall, json' 'form json: growth' \
	    'form 10,000 fields: peak RSS, json' \
	    'form 10,000 fields: wall, html' 'form html: growth' \
	    'form 10,000 fields: peak RSS, html'; do
		n=$(grep -c -F "$f" "$BATS_TEST_TMPDIR/out")
		[ "$n" -eq 1 ] || { echo "'$f': $n rows"; return 1; }
	done
	# Every row after the rule ends in a verdict: none could not be measured.
	if grep 'could not measure' "$BATS_TEST_TMPDIR/out"; then
		return 1
	fi
	n=$(sed '1,/^----/d' "$BATS_TEST_TMPDIR/out" | grep -c -v -E '  (met|missed)$' || true)
	[ "$n" -eq 0 ]
	n=$(sed '1,/^----/d' "$BATS_TEST_TMPDIR/out" | wc -l)
	[ "$n" -eq 30 ]
	# Its fixtures and builds are gone.
	if ls -d "$BATS_TEST_TMPDIR"/cgidump-bench.* 2>/dev/null; then
		return 1
	fi
}

@test "make bench: a set it does not know is refused before anything is built" {
	run -2 sh "$BATS_TEST_DIRNAME/bench/run.sh" get uplaod
	[[ $output == *"unknown set 'uplaod' (get, upload, form)"* ]]
}

@test "make bench-fastcgi: a COUNT that is not a number, or too small for 64 clients, is refused before anything starts" {
	run -2 sh "$BATS_TEST_DIRNAME/bench/fastcgi-load.sh" 2O000
	[[ $output == *"COUNT must be a number of requests, not '2O000'"* ]]
	run -2 sh "$BATS_TEST_DIRNAME/bench/fastcgi-load.sh" 99
	[[ $output == *"COUNT must be 100 to 10000000, not 99"* ]]
	run -2 sh "$BATS_TEST_DIRNAME/bench/fastcgi-load.sh" 500 600
	[[ $output == *"usage: fastcgi-load [COUNT]"* ]]
}
