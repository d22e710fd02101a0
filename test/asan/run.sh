#!/bin/sh
# The unit tests and the golden pcap tests once more, built with
# AddressSanitizer + UndefinedBehaviorSanitizer (test/asan/README.md).
# Configures ./build-asan on first use, builds it, runs both, prints
# "N passed, N failed" over the two; exit 1 on any failure.
set -u
cd "$(dirname "$0")/../.."
B=build-asan
pass=0
fail=0
# alignment: DPDK's rte_hash_crc reads unaligned words on purpose (x86);
# no recovery: the first undefined behaviour ends the program with an error
if [ ! -f $B/build.ninja ]; then
	if ! nice meson setup $B -Db_sanitize=address,undefined -Db_lto=false \
		-Dbuildtype=debug -Db_lundef=false \
		-Dc_args="-fno-sanitize=alignment -fno-sanitize-recover=undefined" \
		>/tmp/srv6gw-asan-setup.$$ 2>&1; then
		cat /tmp/srv6gw-asan-setup.$$
		rm -f /tmp/srv6gw-asan-setup.$$
		echo "FAIL meson setup $B"
		echo "0 passed, 1 failed"
		exit 1
	fi
	rm -f /tmp/srv6gw-asan-setup.$$
fi
if ! nice ninja -C $B >$B/asan-build.log 2>&1; then
	tail -30 $B/asan-build.log
	echo "FAIL build $B"
	echo "0 passed, 1 failed"
	exit 1
fi
# ASan errors end the process (halt_on_error is ASan's default); leaks are
# errors (detect_leaks=1, exit status 23). Suppressions: libconfig-internal
# leaks only, each documented in the file. DPDK's own memory (EAL, rte_malloc,
# mempools, --no-huge) is not malloc'd, so LeakSanitizer neither scans nor
# reports it.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
LSAN_OPTIONS=suppressions=$(pwd)/test/fuzz/lsan.supp
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS

if nice meson test -C $B --suite unit --print-errorlogs >$B/asan-unit.log 2>&1; then
	pass=$((pass + 1))
	n=$(awk '/\[  PASSED  \] [0-9]+ test/ { n += $4 } END { print n + 0 }' \
		$B/meson-logs/testlog.txt)
	echo "ok unit tests under ASan+UBSan ($n cmocka cases)"
else
	fail=$((fail + 1))
	echo "FAIL unit tests under ASan+UBSan"
	grep -E "ERROR|runtime error|FAILED|Summary|^[0-9]+/[0-9]+ " $B/asan-unit.log | head -40
fi

if nice /usr/bin/python3 test/golden/run_golden.py --binary $B/srv6gw -j 2 -m 512 \
	>$B/asan-golden.log 2>&1; then
	pass=$((pass + 1))
	echo "ok golden pcap tests under ASan+UBSan ($(tail -1 $B/asan-golden.log))"
else
	fail=$((fail + 1))
	echo "FAIL golden pcap tests under ASan+UBSan"
	grep -v "^ok " $B/asan-golden.log | head -60
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
