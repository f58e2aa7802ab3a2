#!/bin/sh
# tests/bench/fastcgi-load.sh [COUNT]: issue 14's "load and faults"
# (make bench-fastcgi).  A report, not a timed test: the figures depend
# on the machine, only the checks decide the exit status.
#
# It runs ./cgidump (built beforehand; nothing is built here) behind one
# nginx with three locations:
#	/f/	fastcgi_pass to `cgidump --fastcgi unix:...` (the daemon)
#	/fs/	the same daemon, fastcgi_request_buffering off and a short
#		client_body_timeout: a client's upload reaches cgidump as it
#		arrives, so a client that goes away or stalls mid-upload
#		reaches it too (used by the faults only)
#	/k/	the same daemon through an upstream with keepalive and
#		fastcgi_keep_conn on: nginx keeps its connections, and
#		sends request after request on each (FCGI_KEEP_CONN)
#	/c/	fcgiwrap running ./cgidump as a CGI program
#	/z/, /zk/ the floor: tests/bench/fcgifloor.c, the least a FastCGI
#		responder that shows its parameters can do (built here with
#		cc), without and with kept connections: what any FastCGI
#		program could reach through this nginx on this machine
# Then, through /f/, /k/, /z/, /zk/ and /c/, COUNT requests at concurrency 64 with
# ab: nine in ten a GET of /json, one in ten a multipart POST of a
# 100 KiB file (two ab at once, 58 and 6 clients), and the requests/s and
# p99 latency of each way and the ratios of /f/ and /k/ to /c/ (target:
# FastCGI at least 5 times fcgiwrap + CGI; "met" or "missed", never a
# failure), and the floor's (/z/, /zk/) against /c/ and the daemon's
# against the floor's: how much of the target the machine allows.
#
# Checks (any failed one: FAIL and exit 1): every answer complete (ab:
# no failed request, no non-2xx; nginx: every load request logged with
# 200 and no error logged), a sample of uploads whose SHA-256 in the
# JSON is the file's, through each way; the daemon's parent: RSS flat
# (grown by at most 1 MiB), its descriptors back to their count at the
# start, no zombie in its session.  Then the faults, each followed by
# the same checks of the parent and a request that must be answered: a
# client that disconnects mid-upload, nginx aborting a request whose
# client stalls (client_body_timeout), and SIGKILL for the connection's
# process during a /stream request (pkill -KILL -P parent); during the
# first two, other clients' requests go on and must all be answered.
#
# fcgiwrap runs 64 workers (-c 64) and the daemon as many connections
# (CGIDUMP_MAX_CHILDREN=64), one for each client, so that neither side
# is bounded by fewer; /k/ keeps up to 32 idle connections in each of
# nginx's 2 workers, 64 in all (more than the daemon takes, and kept
# ones would hold its children while a new connection waits).  As
# root, nginx's workers, fcgiwrap and the daemon run as nobody.
# LOAD_KEEP=1 keeps the directory with the logs and configuration.
# Exit: 0 all checks passed, 1 one failed, 2 a tool or ./cgidump missing
# or a bad COUNT.

set -u
cd "$(dirname "$0")/../.." || exit 2
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH LC_ALL=C
me=fastcgi-load
CC=${CC:-cc}	# builds the floor

count=${1:-20000}
case $count in
''|*[!0-9]*) echo "$me: COUNT must be a number of requests, not '$count'" >&2; exit 2 ;;
esac
# Both ab need at least as many requests as clients.
if [ "$count" -lt 100 ] || [ "$count" -gt 10000000 ]; then
	echo "$me: COUNT must be 100 to 10000000, not $count" >&2
	exit 2
fi
[ $# -le 1 ] || { echo "usage: $me [COUNT]" >&2; exit 2; }

missing=
for t in nginx:nginx fcgiwrap:fcgiwrap ab:apache2-utils curl:curl \
    perl:perl sha256sum:coreutils setsid:util-linux awk:mawk \
    "${CC%% *}:build-essential"; do
	command -v "${t%%:*}" >/dev/null 2>&1 ||
	    missing="$missing ${t%%:*} (apt-get install ${t#*:})"
done
[ -z "$missing" ] || { echo "$me: missing:$missing" >&2; exit 2; }
[ -x ./cgidump ] || { echo "$me: no ./cgidump: run ./configure && make first" >&2; exit 2; }
[ -f /etc/nginx/fastcgi_params ] || { echo "$me: no /etc/nginx/fastcgi_params" >&2; exit 2; }

# /tmp, not TMPDIR: nobody must be able to reach the sockets and CGI.
D=$(mktemp -d /tmp/cgidump-load.XXXXXX) || exit 2
pids=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	for p in $pids; do
		kill -TERM "-$p" 2>/dev/null
	done
	for p in $pids; do
		i=0
		while kill -0 "-$p" 2>/dev/null && [ "$i" -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -KILL "-$p" 2>/dev/null
	done
	if [ -n "${LOAD_KEEP:-}" ]; then
		echo "$me: kept $D" >&2
	else
		rm -rf "$D"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

failed=0
rows=
# row FIGURE FASTCGI CGI RESULT: one line of the table, printed at the end.
row() {
	rows="$rows$(printf '%-44s %-16s %-14s %s' "$1" "$2" "$3" "$4")
"
	case $4 in
	FAIL*) failed=1 ;;
	esac
}
verdict() { if [ "$1" = 0 ]; then echo ok; else echo FAIL; fi; }

mkdir -p "$D/www/c" "$D/www/f" "$D/www/fs" "$D/www/k" "$D/run" "$D/tmp" \
    "$D/up" || exit 2
chmod 755 "$D" "$D/www" "$D/www/c" "$D/www/f" "$D/www/fs" "$D/www/k"
for l in c f fs k; do
	cp ./cgidump "$D/www/$l/cgidump" && chmod 755 "$D/www/$l/cgidump" || exit 2
done
cp /etc/nginx/fastcgi_params "$D/fastcgi_params" || exit 2
$CC -O2 -o "$D/fcgifloor" tests/bench/fcgifloor.c ||
    { echo "$me: cannot build tests/bench/fcgifloor.c" >&2; exit 2; }

user=''
group=''
asuser=''
if [ "$(id -u)" = 0 ]; then
	user=nobody
	group=$(id -gn nobody) || { echo "$me: no user nobody" >&2; exit 2; }
	chown "$user:$group" "$D/run" "$D/tmp"
	asuser="setpriv --reuid=$user --regid=$group --clear-groups"
fi

# launch NAME CMD...: CMD in a session of its own (its pid is its
# session and group: cleanup ends them with their children), with an
# environment of PATH only, output to $D/NAME.log.
launch() {
	n=$1
	shift
	setsid env -i PATH="$PATH" "$@" </dev/null >>"$D/$n.log" 2>&1 &
	pids="$pids $!"
	lastpid=$!
}

# The port: a free one, asked of the kernel's table.
listening() {
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v p="$(printf '%04X' "$1")" '
	    $4 == "0A" && substr($2, length($2) - 3) == p { f = 1 }
	    END { exit !f }'
}
while :; do
	port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
	listening "$port" || break
done
base=http://127.0.0.1:$port

# location PREFIX UPSTREAM [EXTRA]: a location the way contrib/nginx/
# cgidump.conf writes one; UPSTREAM is unix:SOCKET or an upstream's name.
location() {
	cat <<-EOF
	    location /$1/ {
	        fastcgi_split_path_info ^(/$1/[^/]+)(/.*)\$;
	        include $D/fastcgi_params;
	        fastcgi_param SCRIPT_FILENAME $D/www\$fastcgi_script_name;
	        fastcgi_param PATH_INFO \$fastcgi_path_info;
	        fastcgi_param HTTP_PROXY "";
	        fastcgi_pass $2;
	        ${3:-}
	    }
	EOF
}
{
	cat <<-EOF
	daemon off;
	worker_processes 2;
	pid $D/run/nginx.pid;
	error_log $D/error.log info;
	EOF
	[ -n "$user" ] && echo "user $user $group;"
	cat <<-EOF
	events { worker_connections 1024; }
	http {
	    log_format load '\$status \$request_method \$uri \$upstream_status';
	    access_log $D/access.log load;
	    client_body_temp_path $D/tmp/body;
	    fastcgi_temp_path $D/tmp/fastcgi;
	    proxy_temp_path $D/tmp/proxy;
	    scgi_temp_path $D/tmp/scgi;
	    uwsgi_temp_path $D/tmp/uwsgi;
	    client_max_body_size 0;
	    upstream kept {
	        server unix:$D/run/cgidump.sock;
	        keepalive 32;
	    }
	    upstream floorkept {
	        server unix:$D/run/floor.sock;
	        keepalive 32;
	    }
	    server {
	        listen 127.0.0.1:$port;
	        root $D/www;
	EOF
	location f "unix:$D/run/cgidump.sock"
	location fs "unix:$D/run/cgidump.sock" \
	    'fastcgi_request_buffering off; client_body_timeout 2s;'
	location k kept 'fastcgi_keep_conn on;'
	location c "unix:$D/run/fcgiwrap.sock"
	location z "unix:$D/run/floor.sock"
	location zk floorkept 'fastcgi_keep_conn on;'
	echo '    }'
	echo '}'
} >"$D/nginx.conf"

# shellcheck disable=SC2086 # $asuser is a command and its options
launch daemon env CGIDUMP_MAX_CHILDREN=64 $asuser "$D/www/f/cgidump" --fastcgi "unix:$D/run/cgidump.sock"
daemon=$lastpid
# shellcheck disable=SC2086
launch fcgiwrap $asuser fcgiwrap -f -c 64 -s "unix:$D/run/fcgiwrap.sock"
# shellcheck disable=SC2086
launch floor $asuser "$D/fcgifloor" "$D/run/floor.sock" 64
launch nginx nginx -p "$D" -c "$D/nginx.conf" -e "$D/error.log"
# The daemon's pid is that of setpriv, which execs it.
i=0
until [ -S "$D/run/cgidump.sock" ] && [ -S "$D/run/fcgiwrap.sock" ] &&
    [ -S "$D/run/floor.sock" ] &&
    curl -fs -o /dev/null "$base/f/cgidump/json" &&
    curl -fs -o /dev/null "$base/c/cgidump/json" &&
    curl -fs -o /dev/null "$base/z/cgidump/json"; do
	i=$((i + 1))
	if [ $i -ge 100 ]; then
		tail -n 5 "$D"/*.log >&2
		echo "$me: nginx, fcgiwrap, the floor or the daemon did not answer on $base" >&2
		exit 1
	fi
	sleep 0.1
done

# --- facts about the daemon's parent ---------------------------------

rss() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$daemon/status" 2>/dev/null; }
fds() { find "/proc/$daemon/fd" -mindepth 1 2>/dev/null | wc -l | tr -d ' '; }
# The parent's descriptors once back at the start's: while other
# clients' requests run, it holds each accepted one for a moment, until
# it has forked that connection's process; a leaked one never goes.
# The count of one look, looked again for up to 5 s while it is not
# the start's (a bounded wait, not a timed assertion).
fds_back() {
	f=$(fds)
	i=0
	while [ "$f" != "$fds0" ] && [ $i -lt 50 ]; do
		sleep 0.1
		f=$(fds)
		i=$((i + 1))
	done
	printf '%s' "$f"
}
alive() {
	[ -r "/proc/$daemon/stat" ] &&
	    ! sed 's/^.*) //' "/proc/$daemon/stat" | grep -q '^Z'
}
# The processes of its session other than itself: connection and
# request processes; "Z" for each zombie.
session_states() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v s="$daemon" '
	    { pid = $1; sub(/^.*\) /, "") }
	    $4 == s && pid != s { print $1 }'
}
# Its zombies that stay: while other clients' requests run, a process
# that has just ended is a zombie until its parent runs, a moment
# later; a leaked one never goes.  The zombies of one look, less those
# reaped within 5 s (a bounded wait, not a timed assertion).
session_zombies() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v s="$daemon" '
	    { pid = $1; sub(/^.*\) /, "") }
	    $4 == s && pid != s && $1 == "Z" { print pid }'
}
zombies() {
	zs=$(session_zombies)
	i=0
	while [ -n "$zs" ] && [ $i -lt 50 ]; do
		sleep 0.1
		now=$(session_zombies)
		zs=$(for z in $zs; do
			printf '%s\n' "$now" | grep -qx "$z" && echo "$z"
		done)
		i=$((i + 1))
	done
	printf '%s' "$zs" | grep -c . || true
}
# Until its children are gone (every connection closed), at most 20 s:
# a bounded wait, not a timed assertion.
settle() {
	i=0
	while [ -n "$(session_states)" ] && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
# health LABEL: the parent alive, answering, its descriptors back, no
# zombie: one row.
health() {
	settle
	z=$(zombies)
	f=$(fds_back)
	code=$(curl -s -o "$D/health.json" -w '%{http_code}' "$base/f/cgidump/json")
	bad=0
	alive || bad=1
	[ "$code" = 200 ] && grep -q '"mode": *"fastcgi"' "$D/health.json" || bad=1
	[ "$f" = "$fds0" ] || bad=1
	[ "$z" = 0 ] || bad=1
	settle
	row "$1" "fds $f, zombies $z" "next: $code" "$(verdict $bad)"
}

# Warm: a few of each before the first figures.
for i in 1 2 3 4 5; do
	curl -s -o /dev/null "$base/f/cgidump/json"
done
settle
rss0=$(rss)
fds0=$(fds)

# --- the load --------------------------------------------------------

# A multipart body: a field, then a 100 KiB file of random bytes.
bnd=cgidumpLoadBoundary7MA4YWxkTrZu0gW
head -c 102400 /dev/urandom >"$D/up/file.bin"
{
	printf -- '--%s\r\nContent-Disposition: form-data; name="note"\r\n\r\nload\r\n' "$bnd"
	printf -- '--%s\r\nContent-Disposition: form-data; name="upload"; filename="file.bin"\r\n' "$bnd"
	printf 'Content-Type: application/octet-stream\r\n\r\n'
	cat "$D/up/file.bin"
	printf '\r\n--%s--\r\n' "$bnd"
} >"$D/up/body"

nposts=$((count / 10))
ngets=$((count - nposts))

# ab_field FILE LABEL: the number after "LABEL:" in ab's report.
# ab prints "Non-2xx responses" only when there is one: 0 then.
ab_field() {
	awk -v l="$2:" 'index($0, l) == 1 { v = $(split(l, x, " ") + 1) }
	    END { print v + 0 }' "$1"
}

# load PREFIX: the COUNT requests through /PREFIX/; sets rps, p99,
# abok (0: every answer complete), bad (ab's failed/non-2xx) and seen
# (what nginx logged).
load() {
	lines0=$(wc -l <"$D/access.log")
	errs0=$(grep -c '\[\(error\|crit\|alert\|emerg\)\]' "$D/error.log" || true)
	t0=$(date +%s%N)
	ab -l -q -n "$ngets" -c 58 -g "$D/$1.get.tsv" \
	    "$base/$1/cgidump/json" >"$D/$1.get.ab" 2>&1 &
	g=$!
	ab -l -q -n "$nposts" -c 6 -g "$D/$1.post.tsv" -p "$D/up/body" \
	    -T "multipart/form-data; boundary=$bnd" \
	    "$base/$1/cgidump/json" >"$D/$1.post.ab" 2>&1
	ps=$?
	wait $g
	gs=$?
	t1=$(date +%s%N)
	rps=$(awk -v n="$count" -v t=$((t1 - t0)) 'BEGIN { printf "%.0f", n / (t / 1e9) }')
	# p99 of every request of both: ab -g's ttime (ms), column 5.
	p99=$(cat "$D/$1.get.tsv" "$D/$1.post.tsv" | awk -F '\t' '$5 ~ /^[0-9]+$/ { print $5 }' |
	    sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < NR * 0.99) i++; if (i < 1) i = 1; print v[i] }')
	# Complete: ab's own count, no failure, no non-2xx (a line ab
	# prints only when there is one); nginx logged each with a 200 and
	# no error.
	abok=0
	for k in get post; do
		f=$D/$1.$k.ab
		want=$ngets
		[ $k = post ] && want=$nposts
		[ "$(ab_field "$f" 'Complete requests')" = "$want" ] || abok=1
		[ "$(ab_field "$f" 'Failed requests')" = 0 ] || abok=1
		! grep -q '^Non-2xx responses' "$f" || abok=1
	done
	[ $ps = 0 ] && [ $gs = 0 ] || abok=1
	logged=$(sed "1,${lines0}d" "$D/access.log" | awk -v p="/$1/" '
	    index($3, p) == 1 && $1 == 200 && $4 == 200 { n++ } END { print n + 0 }')
	other=$(sed "1,${lines0}d" "$D/access.log" | awk '$1 != 200 || $4 != 200' | wc -l | tr -d ' ')
	errs=$(($(grep -c '\[\(error\|crit\|alert\|emerg\)\]' "$D/error.log" || true) - errs0))
	nf=0 nx=0
	for k in get post; do
		nf=$((nf + $(ab_field "$D/$1.$k.ab" 'Failed requests')))
		nx=$((nx + $(ab_field "$D/$1.$k.ab" 'Non-2xx responses')))
	done
	bad="$nf/$nx"
	[ "$logged" = "$count" ] && [ "$other" = 0 ] && [ "$errs" = 0 ] || abok=1
	seen="$logged/$other/$errs"
}

# A sample of uploads through each way, each a file of its own size:
# the SHA-256 in the JSON must be the file's.
sha_ok() {
	good=0
	for n in 1 2 3 4 5; do
		head -c $((n * 37411 + 13)) /dev/urandom >"$D/up/s$n"
		want=$(sha256sum <"$D/up/s$n" | cut -d ' ' -f 1)
		curl -s -F "note=sample" -F "upload=@$D/up/s$n" \
		    "$base/$1/cgidump/json" >"$D/up/$1.s$n.json"
		grep -q "\"sha256\": *\"$want\"" "$D/up/$1.s$n.json" &&
		    good=$((good + 1))
	done
	echo "$good"
}

load f
rps_f=$rps p99_f=$p99 ok_f=$abok bad_f=$bad seen_f=$seen
load k
rps_k=$rps p99_k=$p99 ok_k=$abok bad_k=$bad seen_k=$seen
sk=$(sha_ok k)
# A reload closes nginx's idle kept connections (its old workers end).
kill -HUP "$(cat "$D/run/nginx.pid")"
settle
rss1=$(rss)
fds1=$(fds)
z1=$(zombies)
load z
rps_z=$rps ok_z=$abok bad_z=$bad seen_z=$seen
load zk
rps_zk=$rps ok_zk=$abok bad_zk=$bad seen_zk=$seen
load c
rps_c=$rps p99_c=$p99 ok_c=$abok bad_c=$bad seen_c=$seen

row requests "$count" "$count" "$ngets GET, $nposts POST"
row "requests/s" "$rps_f" "$rps_c" ""
row "p99 latency (ms)" "$p99_f" "$p99_c" ""
# ratio_row LABEL RPS: RPS against fcgiwrap's, met or missed.
ratio_row() {
	ratio=$(awk -v a="$2" -v b="$rps_c" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }')
	met=missed
	awk -v r="$ratio" 'BEGIN { exit !(r == "inf" || r + 0 >= 5) }' && met=met
	row "$1" "${ratio}x" "" "$met"
}
ratio_row "requests/s ratio (target >= 5)" "$rps_f"
row "every answer complete, 200" "$(verdict "$ok_f")" "$(verdict "$ok_c")" \
    "$(verdict $((ok_f + ok_c)))"
row "  ab: failed/non-2xx" "$bad_f" "$bad_c" ""
row "  nginx log: 200s/others/errors" "$seen_f" "$seen_c" ""
row "kept connections (/k/): requests/s" "$rps_k" "" ""
row "  p99 latency (ms)" "$p99_k" "" ""
ratio_row "  requests/s ratio (target >= 5)" "$rps_k"
row "  every answer complete, 200" "$(verdict "$ok_k")" "" "$(verdict "$ok_k")"
row "  ab: failed/non-2xx" "$bad_k" "" ""
row "  nginx log: 200s/others/errors" "$seen_k" "" ""
# floor_row LABEL RPS OK BAD SEEN DAEMON: the floor's figures, and the
# daemon's requests/s as a share of the floor's.
floor_row() {
	row "$1: requests/s" "$2" "" ""
	row "  requests/s ratio" "$(awk -v a="$2" -v b="$rps_c" 'BEGIN {
	    if (b > 0) printf "%.1fx", a / b; else print "inf" }')" "" ""
	row "  the daemon's share of the floor" "$(awk -v a="$6" -v b="$2" 'BEGIN {
	    if (b > 0) printf "%.0f%%", 100 * a / b; else print "-" }')" "" ""
	row "  every answer complete, 200 ($4; $5)" "$(verdict "$3")" "" \
	    "$(verdict "$3")"
}
floor_row "floor (fcgifloor.c) /z/" "$rps_z" "$ok_z" "$bad_z" "$seen_z" "$rps_f"
floor_row "floor kept /zk/" "$rps_zk" "$ok_zk" "$bad_zk" "$seen_zk" "$rps_k"

sf=$(sha_ok f)
sc=$(sha_ok c)
row "upload SHA-256 as the file's" "$sf/5, kept $sk/5" "$sc/5" \
    "$(verdict $((15 - sf - sc - sk)))"

growth=$((rss1 - rss0))
b=0
[ "$growth" -le 1024 ] || b=1
row "parent RSS KiB: start, after load" "$rss0" "$rss1" "+$growth $(verdict $b)"
b=0
[ "$fds1" = "$fds0" ] || b=1
row "parent fds: start, after load" "$fds0" "$fds1" "$(verdict $b)"
b=0
[ "$z1" = 0 ] || b=1
row "zombies after load" "$z1" "" "$(verdict $b)"

# --- faults ----------------------------------------------------------

# Other clients while the faults happen: two loops of GETs, each
# answer's status one a line.
: >"$D/bg.codes"
touch "$D/bg.on"
bg() {
	while [ -f "$D/bg.on" ]; do
		curl -s -o /dev/null -w '%{http_code}\n' "$base/f/cgidump/json" >>"$D/bg.codes"
	done
}
bg 3>&- &
bg1=$!
bg 3>&- &
bg2=$!

# 1. A client that goes away mid-upload: 1 MiB at 64 KiB/s, given 1 s
# (less than client_body_timeout: the client is the one that goes).
head -c 1048576 /dev/urandom >"$D/up/big"
curl -s -o /dev/null --limit-rate 64k --max-time 1 -F "upload=@$D/up/big" \
    "$base/fs/cgidump/json"
c1=$?
health "fault 1: client gone mid-upload (curl: $c1)"
# That it happened: nginx saw the client go, mid-body.
b=0
grep -q '^\(400\|499\) POST /fs/' "$D/access.log" || b=1
row "  nginx: 400 or 499, client gone" "$(verdict $b)" "" "$(verdict $b)"

# 2. nginx aborts a request: the client sends half of its body and
# stalls past client_body_timeout (2 s); nginx closes the upstream.
perl -MIO::Socket::INET -e '
	alarm 20;
	my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$ARGV[0]") or exit 2;
	print $s "POST /fs/cgidump/json HTTP/1.1\r\nHost: 127.0.0.1\r\n",
	    "Content-Type: application/octet-stream\r\n",
	    "Content-Length: 200000\r\nConnection: close\r\n\r\n", "x" x 100000;
	sleep 4;
	my $r = join "", <$s>;
	print $r =~ m{^HTTP/1\.[01] (\d+)} ? $1 : "none", "\n";
' "$port" >"$D/stall.out" 2>&1
health "fault 2: nginx aborts a stalled upload"
b=0
grep -q '^408 POST /fs/' "$D/access.log" || b=1
row "  nginx: 408, client timed out" "$(verdict $b)" "" "$(verdict $b)"

rm -f "$D/bg.on"
wait $bg1 $bg2
n=$(wc -l <"$D/bg.codes" | tr -d ' ')
okn=$(grep -c '^200$' "$D/bg.codes" || true)
b=0
[ "$n" -gt 0 ] && [ "$okn" = "$n" ] || b=1
row "others' requests during faults 1-2" "$okn/$n 200" "" "$(verdict $b)"

# 3. SIGKILL for the connection's process of a /stream request (the
# only connection: the others have stopped).
settle
curl -s -o "$D/stream.out" "$base/f/cgidump/stream" 3>&- &
spid=$!
i=0
while [ -z "$(session_states)" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
sleep 0.5
pkill -KILL -P "$daemon"
k=$?
wait $spid
health "fault 3: SIGKILL during /stream (pkill: $k)"
grep -q "a connection's process (pid [0-9]*) ended by signal 9" "$D/daemon.log"
logged=$?
row "the daemon logged the killed process" "$(verdict $logged)" "" "$(verdict $logged)"

# After all: the parent's RSS still flat and nginx ever answering.
settle
rss2=$(rss)
growth=$((rss2 - rss0))
b=0
[ "$growth" -le 1024 ] || b=1
row "parent RSS KiB: start, after faults" "$rss0" "$rss2" "+$growth $(verdict $b)"

echo "fastcgi-load: $count requests each way, concurrency 64 (58 GET /json + 6 POST 100 KiB), $(nproc 2>/dev/null || echo '?') cores"
printf '%-44s %-16s %-14s %s\n' figure fastcgi fcgiwrap+cgi result
echo "------------------------------------------------------------------------------------------"
printf '%s' "$rows"
if [ $failed = 0 ]; then
	echo PASS
else
	echo "--- daemon's log"; tail -n 20 "$D/daemon.log"
	echo "--- nginx's errors"; grep '\[\(error\|crit\|alert\)\]' "$D/error.log" | tail -n 10
	echo FAIL
fi
exit $failed
