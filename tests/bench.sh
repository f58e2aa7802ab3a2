#!/bin/sh
# tests/bench.sh [MiB ...]: upload speed and memory, measured against
# sha256sum on the same bytes in the same run (a benchmark, not a test:
# these machines are noisy, so only the ratios mean much).
#
# For each size (default 100 and 1024 MiB) it writes one multipart body
# holding a file of random bytes, then times ./cgidump reading it from a
# pipe as a server would hand it, and sha256sum reading the same bytes.
# Needs GNU time (/usr/bin/time, Debian package "time").
set -u
cd "$(dirname "$0")/.." || exit 1
[ -x ./cgidump ] || { echo "bench: build ./cgidump first"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 1; }
[ $# -gt 0 ] || set -- 100 1024
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cgidump-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
b=bench-boundary-7d2f
printf '%-6s %-10s %10s %10s %12s %s\n' MiB program seconds MB/s "peak RSS KiB" sha256
for mib in "$@"; do
	head -c "$((mib * 1048576))" /dev/urandom >"$tmp/file"
	{
		printf -- '--%s\r\nContent-Disposition: form-data; name="f"; filename="r.bin"\r\n' $b
		printf 'Content-Type: application/octet-stream\r\n\r\n'
		cat "$tmp/file"
		printf -- '\r\n--%s--\r\n' $b
	} >"$tmp/body"
	len=$(wc -c <"$tmp/body")
	cat "$tmp/body" | GATEWAY_INTERFACE=CGI/1.1 PATH_INFO=/json \
	    REQUEST_METHOD=POST CONTENT_TYPE="multipart/form-data; boundary=$b" \
	    CONTENT_LENGTH="$len" /usr/bin/time -f '%e %M' -o "$tmp/t1" \
	    ./cgidump >"$tmp/out"
	cat "$tmp/file" | /usr/bin/time -f '%e %M' -o "$tmp/t2" sha256sum >"$tmp/sum"
	s1=$(sed -n 's/.*"sha256":"\([0-9a-f]*\)".*/\1/p' "$tmp/out" | head -n 1)
	s2=$(cut -d' ' -f1 "$tmp/sum")
	[ "$s1" = "$s2" ] || echo "bench: SHA-256 MISMATCH at $mib MiB: $s1 vs $s2"
	read -r e1 m1 <"$tmp/t1"
	read -r e2 m2 <"$tmp/t2"
	awk -v mib="$mib" -v e1="$e1" -v m1="$m1" -v e2="$e2" -v m2="$m2" \
	    -v s="$(echo "$s1" | cut -c1-16)" 'BEGIN {
		mb = mib * 1.048576
		printf "%-6s %-10s %10.2f %10.0f %12d %s\n", mib, "cgidump", e1, (e1 > 0 ? mb / e1 : 0), m1, s
		printf "%-6s %-10s %10.2f %10.0f %12d %s\n", mib, "sha256sum", e2, (e2 > 0 ? mb / e2 : 0), m2, s
		printf "%-6s ratio: cgidump takes %.2fx the time of sha256sum, %.2fx its memory\n", mib, (e2 > 0 ? e1 / e2 : 0), m1 / m2
	}'
	rm -f "$tmp/body" "$tmp/file"
done
