#!/bin/sh
# Run every srv6gw test on Debian 12 as root: installs what is missing,
# builds, then runs the unit tests (cmocka), the command-line tests, the
# golden corpus regenerated from the RFC rules and compared (gen_golden.py --check), the
# golden pcap tests and the Linux-kernel interop tests in network namespaces,
# the fuzz targets, the unit and golden tests under ASan/UBSan, the fault
# tests, the differential test against the kernel's seg6local, the
# callgrind instructions-per-packet check and a short run of the benchmark
# tool (test/bench/: that it measures, not how fast).
# Ends with "N passed, N failed" over all suites; exits non-zero on failure.
set -u
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

total_pass=0
total_fail=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# suite NAME COMMAND...: run it, show its output, add its "N passed, N failed"
suite() {
	name=$1
	shift
	echo "=== $name"
	"$@" >"$log/$name" 2>&1
	rc=$?
	cat "$log/$name"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log/$name" | tail -1)
	p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	[ -n "$p" ] || p=0
	[ -n "$f" ] || f=0
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1     # a suite that crashed counts as a failure
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	echo "=== $name: $p passed, $f failed (exit $rc)"
}

unit_tests() {
	meson test -C build --print-errorlogs >"$log/meson" 2>&1
	rc=$?
	cat "$log/meson"
	# count cmocka cases (every test program is cmocka); a program that
	# crashed before its summary still shows up in meson's Fail count
	ok=$(awk '/\[  PASSED  \] [0-9]+ test/ { n += $4 } END { print n + 0 }' \
		build/meson-logs/testlog.txt)
	bad=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$log/meson" | tail -1)
	echo "$ok passed, ${bad:-0} failed"
	return $rc
}

# the golden corpus is the generator's: regenerated in memory from the RFC
# rules (scripts/gen_golden.py) and compared with pcaps/golden and the
# demo captures, frame for frame, and dissected by tshark
golden_gen() {
	if /usr/bin/python3 scripts/gen_golden.py --check; then
		echo "1 passed, 0 failed"
	else
		echo "0 passed, 1 failed"
		return 1
	fi
}

suite unit unit_tests
suite cli test/cli/run.sh
suite golden-gen golden_gen
suite golden /usr/bin/python3 test/golden/run_golden.py --binary build/srv6gw -j 2
suite ctl /usr/bin/python3 test/ctl/run.py
suite policy test/policy/run.sh
suite reload test/reload/run.sh
suite capture test/capture/run.sh
suite interop test/interop/run.sh
suite fuzz test/fuzz/run.sh 40
suite asan test/asan/run.sh
suite fault test/fault/run.sh
suite diff test/diff/run.sh
suite callgrind test/callgrind/run.sh
suite bench test/bench/run.sh

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
