#!/bin/sh
# tests/fuzz/run.sh SECONDS: build each libFuzzer harness with clang
# (-fsanitize=fuzzer,address,undefined) and run it for SECONDS, seeded
# from the request fixtures and from tests/fuzz/seeds/NAME.  Fails on
# any crash; prints the executions.
set -u
cd "$(dirname "$0")/../.." || exit 1
secs=${1:-60}
CLANG=${FUZZ_CC:-clang}
out=tests/fuzz/.work
rm -rf "$out"
mkdir -p "$out"
srcs=
for f in src/*.c; do
	[ "$f" = src/main.c ] || srcs="$srcs $f"
done
status=0
for h in urlencoded header multipart accept cookie chunked fastcgi scgi; do
	if ! $CLANG -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -I. -o "$out/$h" "tests/fuzz/$h.c" $srcs; then
		echo "fuzz $h: does not build"
		status=1
		continue
	fi
	mkdir -p "$out/$h-corpus"
	i=0
	for d in tests/fixtures/*/; do
		i=$((i + 1))
		# The first byte of a body seed picks its piece sizes.
		case $h in
		header)	sed -n 's/^CONTENT_TYPE=//p' "$d/env" >"$out/$h-corpus/$i" ;;
		urlencoded|multipart)
			if [ -f "$d/body" ] && [ "$(wc -c <"$d/body")" -lt 20000 ]; then
				{ printf 'x'; cat "$d/body"; } >"$out/$h-corpus/$i"
			fi ;;
		chunked)
			case $d in
			*/chunked-raw-*/)
				{ printf 'x'; cat "$d/body"; } >"$out/$h-corpus/$i" ;;
			esac ;;
		esac
	done
	# Hand-written seeds: what clients send (accept and cookie have no
	# fixture), chunked framing the two fixtures lack, and what servers
	# send the FastCGI and SCGI parsers (no fixture is a stream).
	if [ -d "tests/fuzz/seeds/$h" ]; then
		cp "tests/fuzz/seeds/$h/"* "$out/$h-corpus/"
	fi
	log=$out/$h.log
	if "$out/$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
	    -dict="tests/fuzz/$h.dict" -artifact_prefix="$out/$h-" \
	    "$out/$h-corpus" >"$log" 2>&1; then
		runs=$(grep -o 'Done [0-9]* runs' "$log" | tail -n 1)
		echo "fuzz $h: ok, $runs in ${secs} s"
	else
		echo "fuzz $h: FAILED"
		tail -n 40 "$log"
		status=1
	fi
done
exit $status
