#!/bin/sh
# tests/bench/run.sh [get] [upload] [form]: what `make bench` runs
# (issue 12).  A report, not a test: it prints the machine, then one
# table of figures, each cgidump's against a baseline measured in the
# same run (the machines are noisy, so only ratios mean much), with the
# target and whether it is met.  Default: all three sets.
#
#	get	a GET with Apache's 37 variables (get.env), to HTML and JSON:
#		wall time against a minimal C CGI that prints its
#		environment (envcgi.c), dynamic and static; instructions
#		(callgrind); system calls (strace -c -f); peak RSS of both
#		builds
#	upload	a multipart upload of one file of random bytes (100 MiB,
#		1 GiB), fed through a pipe: throughput against openssl dgst
#		-sha256 and, with CGIDUMP_SHA256=portable, sha256sum; peak
#		RSS in every format and its growth from 1 MiB; files
#		created; the SHA-256 against sha256sum's
#	form	an urlencoded body of 1,000,000 fields, limits off, to JSON
#		and HTML: wall time against sha256sum, growth from 100,000
#		fields, peak RSS against the body's size
#
# It builds everything it runs in a temporary directory, removed after:
# cgidump from this tree (the default build; a static one; static
# without the sandbox for callgrind, as valgrind cannot run a program
# under a seccomp filter), envcgi dynamic and static, and timeit.c, the
# timer that runs commands in turn, A B A B ..., and takes medians
# (hyperfine -N does the GET's when installed: BENCH_HYPERFINE=0 says
# not to).  Environment: CC (default: config.mk's, else cc), BENCH_QUICK=1
# (tiny sizes, one run each: tests/bench.bats), BENCH_RUNS (GET rounds,
# default 300).  Exit 0 with any figure measured, targets met or not;
# 2 when a tool is missing or a build fails, 1 when a figure could not
# be measured.

set -u
cd "$(dirname "$0")/../.." || exit 2
export LC_ALL=C

[ $# -gt 0 ] || set -- get upload form
for s in "$@"; do
	case $s in
	get|upload|form) ;;
	*) echo "bench: unknown set '$s' (get, upload, form)" >&2; exit 2 ;;
	esac
done
sets=" $* "
want() { case $sets in *" $1 "*) return 0 ;; esac; return 1; }

quick=${BENCH_QUICK:-}
if [ -n "$quick" ]; then
	getruns=3
	upmib="1 2"
	upruns=1
	fields="1000 10000"
	formruns=1
else
	getruns=${BENCH_RUNS:-300}
	upmib="1 100 1024"
	upruns=3
	fields="100000 1000000"
	formruns=3
fi

if [ -z "${CC:-}" ]; then
	CC=$(sed -n 's/^CC = //p' config.mk 2>/dev/null)
	[ -n "$CC" ] || CC=cc
fi

# Every tool the chosen sets need, before anything is built.
missing=
need() {
	command -v "$1" >/dev/null 2>&1 || missing="$missing $1 (Debian: apt-get install $2)"
}
need "$CC" "gcc (or give CC=)"
need make make
need awk mawk
need /usr/bin/time time
if want get; then
	need valgrind valgrind
	need strace strace
fi
if want upload; then
	need strace strace
	need openssl openssl
	need sha256sum coreutils
fi
want form && need sha256sum coreutils
if [ -n "$missing" ]; then
	echo "bench: cannot measure: missing$missing" >&2
	exit 2
fi
hyperfine=
if [ "${BENCH_HYPERFINE:-1}" != 0 ] && command -v hyperfine >/dev/null 2>&1; then
	hyperfine=hyperfine
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cgidump-bench.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
rows=$tmp/rows
: >"$rows"
status=0

say() { echo "bench: $*" >&2; }

# row FIGURE CGIDUMP BASELINE RATIO TARGET RESULT: one line of the table.
row() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$rows"
}

# fail FIGURE WHY: a figure that could not be measured.
fail() {
	row "$1" - - - - "could not measure: $2"
	status=1
}

# judge VALUE OP LIMIT: "met" or "missed".
judge() {
	awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
		ok = (op == "<=") ? v <= l : v >= l
		print ok ? "met" : "missed"
	}'
}

# calc EXPR: EXPR, with two decimals.
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }

# inenv FILE CMD [ARG ...]: CMD with exactly the environment in FILE
# (one NAME=value a line, # comments), as a server starts a CGI.
inenv() {
	_f=$1
	shift
	_n=$#
	while IFS= read -r _l; do
		case $_l in \#*|'') continue ;; esac
		set -- "$@" "$_l"
	done <"$_f"
	# The command came first: move it behind the variables.
	while [ "$_n" -gt 0 ]; do
		set -- "$@" "$1"
		shift
		_n=$((_n - 1))
	done
	env -i "$@"
}

# --- the machine ---------------------------------------------------------

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
[ -n "$cpu" ] || cpu=$(uname -m)
if grep -qw -e sha_ni -e sha2 /proc/cpuinfo 2>/dev/null; then
	shani=yes
else
	shani=no
fi
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
ccv=$($CC --version 2>/dev/null | head -n 1)
echo "machine: $cpu, $cores cores, $(uname -sr) $(uname -m), $ccv, SHA extensions: $shani"
echo "tree: $(git log -1 --format='%h %cs' 2>/dev/null || echo 'not a git checkout')"

# --- builds --------------------------------------------------------------

# build NAME [CONFIGURE ARG ...]: cgidump from this tree in $tmp/NAME.
build() {
	_d=$tmp/$1
	shift
	mkdir -p "$_d/src"
	cp src/*.[ch] "$_d/src/" &&
	    cp -R configure Makefile man "$_d/" || exit 2
	say "building cgidump ($*)"
	if ! (cd "$_d" && ./configure CC="$CC" "$@" && make cgidump) \
	    >"$_d.log" 2>&1; then
		cat "$_d.log" >&2
		say "cannot measure: the build ./configure $* failed"
		exit 2
	fi
}

# ./configure --static comes with issue 12; before it, the linker's flag.
if grep -q -e '--static' configure; then
	static=--static
	staticnote="./configure --static"
else
	static=LDFLAGS=-static
	staticnote="LDFLAGS=-static (this configure has no --static yet)"
fi
build default
default=$tmp/default/cgidump
if want get; then
	build static $static
	build static-nosb $static --disable-sandbox
	echo "static build: $staticnote"
fi
if ! { $CC -O2 -o "$tmp/timeit" tests/bench/timeit.c &&
    $CC -O2 -o "$tmp/envcgi-dyn" tests/bench/envcgi.c &&
    $CC -O2 -static -o "$tmp/envcgi-static" tests/bench/envcgi.c; } \
    >"$tmp/cc.log" 2>&1; then
	cat "$tmp/cc.log" >&2
	say "cannot measure: $CC cannot build the timer and baselines (a static one needs libc6-dev)"
	exit 2
fi
timeit=$tmp/timeit
# A tree that does not know CGIDUMP_SHA256 (issue 12 adds it) hashes
# with the code it has.
# with the code it has; it must not be set there, as cgidump refuses
# a setting it does not know.
portable=CGIDUMP_SHA256=portable
if want upload && ! grep -q CGIDUMP_SHA256 src/*.c; then
	portable=
	echo "portable SHA-256: this tree has no CGIDUMP_SHA256, so its only SHA-256 was measured"
fi
[ -n "$hyperfine" ] && want get && echo "GET wall times: $($hyperfine --version) -N, $getruns runs in rounds of 10"

# Figures' units.
ms() { awk -v s="$1" 'BEGIN { printf "%.2f ms", s * 1000 }'; }
kib() { awk -v k="$1" 'BEGIN { printf "%.2f MiB", k / 1024 }'; }
mbs() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f MB/s", b / s / 1e6 }'; }
secs() { awk -v s="$1" 'BEGIN { printf "%.2f s", s }'; }
num() { awk -v n="$1" 'BEGIN { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); print s }'; }

# hyperfine_times ENV OUT CMD ...: hyperfine -N's medians of the
# commands, one line each, in rounds of 10 runs so that drift falls on
# all alike; hyperfine hands its environment, ENV's, on.
hyperfine_times() {
	_env=$1
	_out=$2
	shift 2
	: >"$tmp/hf.all"
	_r=0
	while [ "$_r" -lt "$getruns" ]; do
		inenv "$_env" $hyperfine -N --style none --warmup 2 --runs 10 \
		    --export-json "$tmp/hf.json" "$@" >/dev/null 2>&1 || return 1
		# The "times" array of each command, in their order.
		awk '/"command":/ { c++ } /"times":/ { t = 1; next }
		    t && /\]/ { t = 0 } t { gsub(/[ ,]/, ""); print c, $0 }' \
		    "$tmp/hf.json" >>"$tmp/hf.all"
		_r=$((_r + 10))
	done
	_i=1
	: >"$_out"
	for _c in "$@"; do
		awk -v c=$_i '$1 == c { print $2 }' "$tmp/hf.all" | sort -g |
		    awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m }' >>"$_out"
		_i=$((_i + 1))
	done
}

# --- GET -----------------------------------------------------------------

# callgrind_ir ENV PROG: the instructions PROG executes (callgrind's Ir).
callgrind_ir() {
	inenv "$1" valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
	    "$2" >/dev/null 2>"$tmp/cg.err" </dev/null || return 1
	sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$tmp/cg.err" | head -n 1
}

# syscalls ENV PROG: the system calls PROG makes (strace -c -f total).
syscalls() {
	inenv "$1" strace -c -f -o "$tmp/st.out" "$2" >/dev/null 2>&1 </dev/null ||
	    return 1
	awk '$NF == "total" { print $4 }' "$tmp/st.out"
}

# peak_rss ENV PROG: PROG's peak RSS in KiB (GNU time's %M).
peak_rss() {
	inenv "$1" /usr/bin/time -f %M -o "$tmp/time.out" "$2" \
	    >/dev/null 2>&1 </dev/null || return 1
	tail -n 1 "$tmp/time.out"
}

# answers ENV PROG [INPUT]: PROG's answer to the request in ENV is a
# dump (200), not a refusal or an error page that would be timed
# instead; else say what it answered.
answers() {
	inenv "$1" "$2" <"${3:-/dev/null}" >"$tmp/answer" 2>/dev/null
	_st=$(head -n 1 "$tmp/answer" | tr -d '\r')
	[ "$_st" = "Status: 200 OK" ] && return 0
	echo "cgidump answered '$_st'"
	return 1
}

bench_get() {
	sed 's|^REQUEST_URI=/cgi-bin/cgidump|&/json|' tests/bench/get.env >"$tmp/get-json.env"
	printf 'PATH_INFO=/json\nPATH_TRANSLATED=/var/www/html/json\n' >>"$tmp/get-json.env"
	for fmt in html json; do
		envf=tests/bench/get.env
		[ $fmt = json ] && envf=$tmp/get-json.env
		say "GET $fmt: wall time, $getruns runs of each in turn"
		if ! why=$(answers "$envf" "$default") ||
		    ! why=$(answers "$envf" "$tmp/static/cgidump"); then
			: >"$tmp/wall"
		elif [ -n "$hyperfine" ]; then
			hyperfine_times "$envf" "$tmp/wall" "$tmp/envcgi-dyn" \
			    "$default" "$tmp/envcgi-static" "$tmp/static/cgidump" ||
			    : >"$tmp/wall"
		else
			inenv "$envf" "$timeit" -w 5 -n "$getruns" "$tmp/envcgi-dyn" -- \
			    "$default" -- "$tmp/envcgi-static" -- "$tmp/static/cgidump" \
			    >"$tmp/wall" 2>"$tmp/wall.err" || : >"$tmp/wall"
		fi
		if [ "$(wc -l <"$tmp/wall")" -ne 4 ]; then
			fail "GET $fmt: wall, default build" "${why:-timing failed}"
			fail "GET $fmt: wall, static build" "${why:-timing failed}"
			why=
		else
			# shellcheck disable=SC2046 # four numbers
			set -- $(awk '{ print $1 }' "$tmp/wall")
			r=$(calc "$2 / $1")
			row "GET $fmt: wall, default build" "$(ms "$2")" \
			    "$(ms "$1") envcgi dynamic" "${r}x" "<= 1.1x" \
			    "$(judge "$r" '<=' 1.1)"
			r=$(calc "$4 / $3")
			row "GET $fmt: wall, static build" "$(ms "$4")" \
			    "$(ms "$3") envcgi static" "${r}x" "<= 1.3x" \
			    "$(judge "$r" '<=' 1.3)"
		fi

		say "GET $fmt: instructions (callgrind), system calls (strace), peak RSS"
		a=$(callgrind_ir "$envf" "$tmp/static-nosb/cgidump")
		b=$(callgrind_ir "$envf" "$tmp/envcgi-static")
		if [ -n "$a" ] && [ -n "$b" ]; then
			row "GET $fmt: instructions, static build" "$(num "$a")" \
			    "$(num "$b") envcgi static" "$(calc "$a / $b")x" \
			    "<= 600,000" "$(judge "$a" '<=' 600000)"
		else
			fail "GET $fmt: instructions, static build" "valgrind failed"
		fi
		a=$(syscalls "$envf" "$tmp/static/cgidump")
		b=$(syscalls "$envf" "$tmp/envcgi-static")
		if [ -n "$a" ] && [ -n "$b" ]; then
			r=$(calc "$a / $b")
			row "GET $fmt: system calls, static build" "$a" \
			    "$b envcgi static" "${r}x" "<= 2x" "$(judge "$r" '<=' 2)"
		else
			fail "GET $fmt: system calls, static build" "strace failed"
		fi
		a=$(peak_rss "$envf" "$default")
		b=$(peak_rss "$envf" "$tmp/envcgi-dyn")
		if [ -n "$a" ] && [ -n "$b" ]; then
			row "GET $fmt: peak RSS, default build" "$(kib "$a")" \
			    "$(kib "$b") envcgi dynamic" "$(calc "$a / $b")x" \
			    "<= 1.5 MiB" "$(judge "$a" '<=' 1536)"
		else
			fail "GET $fmt: peak RSS, default build" "GNU time failed"
		fi
		# The default build's RSS counts the pages of the shared libc
		# it touches (envcgi dynamic's most of all); the static one's
		# only what the program uses.
		a=$(peak_rss "$envf" "$tmp/static/cgidump")
		b=$(peak_rss "$envf" "$tmp/envcgi-static")
		if [ -n "$a" ] && [ -n "$b" ]; then
			row "GET $fmt: peak RSS, static build" "$(kib "$a")" \
			    "$(kib "$b") envcgi static" "$(calc "$a / $b")x" \
			    "<= 1.5 MiB" "$(judge "$a" '<=' 1536)"
		else
			fail "GET $fmt: peak RSS, static build" "GNU time failed"
		fi
	done
}

want get && bench_get

# post_env FILE CONTENT_TYPE LENGTH [NAME=value ...]: get.env made the
# POST of a body, with more variables.
post_env() {
	_f=$1
	grep -v -e '^#' -e '^REQUEST_METHOD=' -e '^QUERY_STRING=' \
	    -e '^REQUEST_URI=' tests/bench/get.env >"$_f"
	printf 'REQUEST_METHOD=POST\nQUERY_STRING=\nREQUEST_URI=/cgi-bin/cgidump\n' >>"$_f"
	printf 'CONTENT_TYPE=%s\nCONTENT_LENGTH=%s\n' "$2" "$3" >>"$_f"
	shift 3
	for _v in "$@"; do
		printf '%s\n' "$_v" >>"$_f"
	done
}


bench_upload() {
	b=bench-boundary-7d2f
	small=${upmib%% *}
	big=${upmib##* }
	empty=$tmp/tmpdir
	mkdir -p "$empty"
	for mib in $upmib; do
		size=$mib\ MiB
		[ "$mib" -ge 1024 ] && size=$((mib / 1024))\ GiB
		say "upload $size: writing the body"
		head -c $((mib * 1048576)) /dev/urandom >"$tmp/file"
		sum=$(sha256sum <"$tmp/file" | cut -d ' ' -f 1)
		{
			printf -- '--%s\r\nContent-Disposition: form-data; name="f"; filename="r.bin"\r\n' $b
			printf 'Content-Type: application/octet-stream\r\n\r\n'
			cat "$tmp/file"
			printf -- '\r\n--%s--\r\n' $b
		} >"$tmp/body"
		rm -f "$tmp/file"
		len=$(wc -c <"$tmp/body")
		post_env "$tmp/up.env" "multipart/form-data; boundary=$b" "$len" \
		    "TMPDIR=$empty"

		if [ "$mib" != "$small" ]; then
			say "upload $size: throughput, $upruns runs of each in turn"
			if inenv "$tmp/up.env" "$timeit" -n $upruns -p "$tmp/body" \
			    PATH_INFO=/json "$default" -- openssl dgst -sha256 -- \
			    PATH_INFO=/json $portable "$default" -- \
			    sha256sum >"$tmp/up" 2>"$tmp/up.err"; then
				# shellcheck disable=SC2046 # four numbers
				set -- $(awk '{ print $1 }' "$tmp/up")
				r=$(calc "$2 / $1")
				row "upload $size: throughput, json" "$(mbs "$len" "$1")" \
				    "$(mbs "$len" "$2") openssl dgst" "${r}x" ">= 0.8x" \
				    "$(judge "$r" '>=' 0.8)"
				r=$(calc "$4 / $3")
				row "upload $size: throughput, portable SHA-256" \
				    "$(mbs "$len" "$3")" "$(mbs "$len" "$4") sha256sum" \
				    "${r}x" ">= 1.0x" "$(judge "$r" '>=' 1.0)"
				eval "sumrss_$mib=$(awk 'NR == 4 { print $4 }' "$tmp/up")"
			else
				cat "$tmp/up.err" >&2
				fail "upload $size: throughput, json" "a run failed"
				fail "upload $size: throughput, portable SHA-256" "a run failed"
			fi
		fi

		say "upload $size: peak RSS and SHA-256 in each format"
		bad=
		# As a server hands it the body: through a pipe.
		# shellcheck disable=SC2002
		cat "$tmp/body" | inenv "$tmp/up.env" PATH_INFO=/json $portable \
		    "$default" >"$tmp/out" 2>/dev/null
		grep -q "$sum" "$tmp/out" || bad=" portable SHA-256"
		for fmt in html json text; do
			# shellcheck disable=SC2002
			if cat "$tmp/body" | inenv "$tmp/up.env" PATH_INFO=/$fmt \
			    /usr/bin/time -f %M -o "$tmp/time.out" "$default" \
			    >"$tmp/out" 2>/dev/null; then
				eval "rss_${fmt}_$mib=$(tail -n 1 "$tmp/time.out")"
			else
				eval "rss_${fmt}_$mib="
			fi
			grep -q "$sum" "$tmp/out" || bad="$bad $fmt"
		done
		if [ -z "$bad" ]; then
			row "upload $size: SHA-256 in every format" \
			    "$(echo "$sum" | cut -c 1-12)..." \
			    "$(echo "$sum" | cut -c 1-12)... sha256sum" - \
			    "equal" met
		else
			row "upload $size: SHA-256 in every format" "differs:$bad" \
			    "$(echo "$sum" | cut -c 1-12)... sha256sum" - \
			    "equal" missed
		fi

		# Files opened for writing, made or created in memory.
		if [ "$mib" = "$small" ]; then
			say "upload $size: files created (strace)"
			# shellcheck disable=SC2002
			if cat "$tmp/body" | inenv "$tmp/up.env" PATH_INFO=/json \
			    strace -f -o "$tmp/files.out" \
			    -e 'trace=/^(open|openat|openat2|creat|memfd_create)$' \
			    "$default" >/dev/null 2>&1; then
				created=$(grep -E -c 'O_WRONLY|O_RDWR|O_CREAT|O_TMPFILE|creat\(|memfd_create\(' "$tmp/files.out")
			else
				created=
			fi
		fi
		rm -f "$tmp/body"
	done

	for fmt in html json text; do
		eval "a=\$rss_${fmt}_$big a0=\$rss_${fmt}_$small"
		sr=$(eval "echo \${sumrss_$big:-}")
		if [ -z "$a" ] || [ -z "$a0" ]; then
			fail "upload: peak RSS, $fmt" "a run failed"
			continue
		fi
		# The largest over every size.
		m=$a
		for mib in $upmib; do
			eval "v=\$rss_${fmt}_$mib"
			[ -n "$v" ] && [ "$v" -gt "$m" ] && m=$v
		done
		row "upload: peak RSS, $fmt, largest of all sizes" "$(kib "$m")" \
		    "${sr:+$(kib "$sr") sha256sum}" \
		    "${sr:+$(calc "$m / $sr")x}" "<= 2 MiB" "$(judge "$m" '<=' 2048)"
		d=$((a - a0))
		[ "$d" -ge 0 ] || d=$((-d))
		row "upload: RSS change, $fmt, $small MiB to $size" "$d KiB" \
		    "$(kib "$a0") at $small MiB" - "<= 256 KiB" \
		    "$(judge "$d" '<=' 256)"
	done
	if [ -z "$created" ]; then
		fail "upload: files created" "strace failed"
	else
		n=$((created + $(find "$empty" ! -path "$empty" | wc -l)))
		if [ "$n" -eq 0 ]; then
			row "upload: files created (strace, TMPDIR)" 0 - - none met
		else
			row "upload: files created (strace, TMPDIR)" "$n" - - none missed
		fi
	fi
}

want upload && bench_upload

bench_form() {
	small=${fields%% *}
	big=${fields##* }
	for n in $fields; do
		say "form $(num "$n") fields: writing the body"
		# Names and values as a browser sends them: + and %XX.
		awk -v n="$n" 'BEGIN {
			for (i = 1; i <= n; i++)
				printf "%sname%07d=Joe+Blow%%2C+%07d", (i > 1 ? "&" : ""), i, i
		}' >"$tmp/body"
		len=$(wc -c <"$tmp/body")
		post_env "$tmp/form.env" application/x-www-form-urlencoded "$len" \
		    CGIDUMP_MAX_BODY=0 CGIDUMP_MAX_FIELDS=0 CGIDUMP_MAX_FORM=0 \
		    CGIDUMP_DEADLINE=0
		# The fields must all be there, or a refusal or a limit was timed.
		if [ "$n" = "$small" ]; then
			{ cat "$tmp/form.env"; echo PATH_INFO=/json; } >"$tmp/form-json.env"
			if ! why=$(answers "$tmp/form-json.env" "$default" "$tmp/body"); then
				fail "form: every field parsed" "$why"
			elif grep -q "\"name$(printf %07d "$n")\"" "$tmp/answer" &&
			    grep -q '"errors":\[\]' "$tmp/answer"; then
				row "form: every field parsed" "$(num "$n")" - - \
				    "$(num "$n")" met
			else
				row "form: every field parsed" "fewer" - - \
				    "$(num "$n")" missed
			fi
		fi
		say "form $(num "$n") fields: wall time, $formruns runs of each in turn"
		if inenv "$tmp/form.env" "$timeit" -n $formruns -p "$tmp/body" \
		    PATH_INFO=/json "$default" -- PATH_INFO=/html "$default" -- \
		    sha256sum >"$tmp/form" 2>"$tmp/form.err"; then
			# shellcheck disable=SC2046 # six numbers
			set -- $(awk '{ print $1, $4 }' "$tmp/form")
			eval "json_$n=$1 jsonrss_$n=$2 html_$n=$3 htmlrss_$n=$4 sum_$n=$5 len_$n=$len"
		else
			cat "$tmp/form.err" >&2
			eval "json_$n= html_$n="
		fi
		rm -f "$tmp/body"
	done
	eval "s=\$sum_$big len=\$len_$big"
	for fmt in json html; do
		t='' t0='' rss=''
		eval "t=\$${fmt}_$big t0=\$${fmt}_$small rss=\$${fmt}rss_$big"
		if [ -z "$t" ] || [ -z "$t0" ]; then
			fail "form $(num "$big") fields: wall, $fmt" "a run failed"
			continue
		fi
		r=$(calc "$t / $s")
		row "form $(num "$big") fields: wall, $fmt" "$(secs "$t")" \
		    "$(secs "$s") sha256sum" "${r}x" "<= 3x" "$(judge "$r" '<=' 3)"
		r=$(calc "$t / $t0")
		row "form $fmt: growth, $(num "$small") to $(num "$big") fields" \
		    "$(secs "$t")" "$(secs "$t0") at $(num "$small")" "${r}x" \
		    "<= 12x" "$(judge "$r" '<=' 12)"
		row "form $(num "$big") fields: peak RSS, $fmt" "$(kib "$rss")" \
		    "$(kib $((len / 1024))) body" "$(calc "$rss * 1024 / $len")x" \
		    "<= 2x body + 4 MiB" "$(judge "$rss" '<=' $((len / 512 + 4096)))"
	done
}

want form && bench_form

# --- the table -----------------------------------------------------------

echo
awk -F '\t' '
	function line(k,	i) {
		for (i = 1; i <= 6; i++)
			printf (i < 6 ? "%-" w[i] "s  " : "%s\n"), c[k, i]
	}
	{ for (i = 1; i <= NF; i++) c[NR, i] = $i }
	END {
		split("figure|cgidump|baseline|ratio|target|result", h, "|")
		for (i = 1; i <= 6; i++) {
			c[0, i] = h[i]
			for (r = 0; r <= NR; r++)
				if (length(c[r, i]) > w[i])
					w[i] = length(c[r, i])
			c[-1, i] = ""
			while (length(c[-1, i]) < w[i])
				c[-1, i] = c[-1, i] "-"
		}
		line(0)
		line(-1)
		for (r = 1; r <= NR; r++)
			line(r)
	}' "$rows"
exit $status
