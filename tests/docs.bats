#!/usr/bin/env bats
# The manual and the README: lint-clean, complete, and true.

load helpers

TOP=$BATS_TEST_DIRNAME/..

# The CGIDUMP_* variables the program reads.
source_vars() {
	grep -ho 'CGIDUMP_[A-Z_]*' "$TOP"/src/*.c | grep -v '^CGIDUMP_VERSION$' | sort -u
}

@test "the man page is clean under mandoc -Tlint" {
	run mandoc -Tlint -W warning "$TOP/man/cgidump.1"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "the man page has the sections a manual needs" {
	local s
	for s in NAME SYNOPSIS DESCRIPTION ENVIRONMENT 'EXIT STATUS' EXAMPLES \
	    'SECURITY CONSIDERATIONS' 'SEE ALSO' STANDARDS; do
		grep -qx "\.Sh $s" "$TOP/man/cgidump.1" || { echo "no $s"; return 1; }
	done
	grep -q 'RFC 3875' "$TOP/man/cgidump.1"
}

@test "the man page documents every option and every CGIDUMP_ variable" {
	local v page
	page=$(mandoc -Tutf8 "$TOP/man/cgidump.1" | col -b)
	for v in -f --format --reveal -h --help -V --version; do
		grep -qF -- "$v" <<<"$page" || { echo "no $v"; return 1; }
	done
	for v in $(source_vars); do
		grep -qF "$v" <<<"$page" || { echo "no $v"; return 1; }
	done
	for v in body-length form-parse config; do
		grep -qF "$v" <<<"$page" || { echo "no error id $v"; return 1; }
	done
}

@test "the README names every CGIDUMP_ variable and every option" {
	local v
	for v in $(source_vars) --format --reveal --help --version; do
		grep -qF -- "$v" "$TOP/README" || { echo "no $v"; return 1; }
	done
}

@test "the README's two commands are the ones that work" {
	grep -qxF "    ./configure && make && ./cgidump 'name=Joe+Blow&addr=At+Home'" "$TOP/README"
	grep -qxF "    make check" "$TOP/README"
	local dir=$BATS_TEST_TMPDIR/clone
	mkdir -p "$dir/src"
	cp "$TOP"/src/*.[ch] "$dir/src/"
	cp -R "$TOP/man" "$TOP/configure" "$TOP/Makefile" "$dir/"
	cd "$dir"
	run sh -c "$(sed -n "s/^    \(\.\/configure && make && .*\)$/\1/p" "$TOP/README")"
	[ "$status" -eq 0 ]
	[[ "$output" == *'addr = "At Home" (query)'* ]]
	[[ "$output" == *'name = "Joe Blow" (query)'* ]]
}

@test "cgidump -h and the man page agree on the synopsis" {
	run "$CGIDUMP" -h
	[[ "${lines[0]}" == "usage: cgidump [-f html|text|json] [--reveal] [query-string]" ]]
	mandoc -Tutf8 "$TOP/man/cgidump.1" | col -b | grep -q 'cgidump \[-f html|text|json\] \[--reveal\]'
}
