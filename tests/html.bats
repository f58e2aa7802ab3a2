#!/usr/bin/env bats
# Every HTML page the suite made, validated by the Nu Html Checker
# (npm vnu-jar, run by a Java runtime).  tests/run.sh runs this file
# last, after the other suites have left their pages in
# $CGIDUMP_HTML_DIR (see keep_html in helpers.bash).

load helpers

vnu_jar() {
	local top=$BATS_TEST_DIRNAME/.. j
	for j in "${VNU_JAR:-}" "$top/tests/.tools/node_modules/vnu-jar/build/dist/vnu.jar"; do
		[ -n "$j" ] && [ -f "$j" ] && { echo "$j"; return 0; }
	done
	return 1
}

setup() {
	require java
	VNU=$(vnu_jar) || {
		[ -z "${CGIDUMP_REQUIRE_ALL:-}" ] || { echo "vnu.jar is required here"; return 1; }
		skip "vnu-jar is not installed (npm install --prefix tests/.tools vnu-jar)"
	}
}

@test "the Nu Html Checker finds the errors in a broken page (so the next test can fail)" {
	printf '<!DOCTYPE html>\n<html lang="en"><head><title>x</title></head><body><p><div></p></span></body></html>\n' \
	    >"$BATS_TEST_TMPDIR/broken.html"
	run java -jar "$VNU" --errors-only --format gnu "$BATS_TEST_TMPDIR/broken.html"
	[ "$status" -ne 0 ]
	[[ "$output" == *"error"* ]]
}

@test "every HTML page the suite made is valid HTML, with no error" {
	[ -n "${CGIDUMP_HTML_DIR:-}" ] || skip "run by tests/run.sh, which collects the pages"
	local n
	n=$(find "$CGIDUMP_HTML_DIR" -name '*.html' | wc -l)
	echo "# $n pages" >&3
	# The whole suite makes hundreds; none means the collection broke.
	[ "$n" -ge 1 ] || { echo "no page was collected in $CGIDUMP_HTML_DIR"; return 1; }
	run java -jar "$VNU" --errors-only --format gnu --skip-non-html "$CGIDUMP_HTML_DIR"
	[ "$status" -eq 0 ] || { printf '%s\n' "$output" | head -n 40; return 1; }
	[ -z "$output" ]
}
