#!/usr/bin/env bats
# The C unit tests (tests/unit.c): the urlencoded parser fed in every
# split, UTF-8 validation at its edges, SHA-256 against FIPS 180-4.

@test "unit tests: urlencoded splits and limits, UTF-8, SHA-256, duplicate fences" {
	run "$BATS_TEST_DIRNAME/unit"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "ok: 0 failures" ]
}
