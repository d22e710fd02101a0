#!/bin/sh
# Build the libFuzzer targets with clang (ASan + UBSan) and run each for a
# bounded time over its seed corpus. Prints "N passed, N failed".
#   test/fuzz/run.sh [SECONDS] [TARGET...]   (default 30 s per target, all targets)
# Targets: fuzz_ctl (control-socket requests), fuzz_config (configuration
# loader), fuzz_rx (receive path, every behaviour). See test/fuzz/README.md.
set -u
cd "$(dirname "$0")/../.."
SECS=${1:-30}
[ $# -gt 0 ] && shift
TARGETS=${*:-fuzz_ctl fuzz_config fuzz_rx}
OUT=build/fuzz
OBJ=$OUT/obj
PY=/usr/bin/python3
mkdir -p "$OBJ"
pass=0
fail=0
# alignment: DPDK hashes unaligned keys with word loads on purpose (x86)
CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
  -fno-sanitize=alignment -std=gnu11 -D_GNU_SOURCE -DSRV6GW_VERSION=\"fuzz\"
  -Iinclude -Isrc -Isrc/common $(pkg-config --cflags libdpdk libconfig jansson)"
LDFLAGS="-fsanitize=fuzzer,address,undefined"
LIBS="$(pkg-config --libs libdpdk libconfig jansson libcrypto) -lrte_net_ring"
SRC="src/common/*.c src/dp/*.c $(ls src/cp/*.c | grep -v main.c)"

# the srv6gw sources once, then one link per target
objs=
build_failed=0
for s in $SRC; do
	o=$OBJ/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')
	objs="$objs $o"
	if [ ! -f "$o" ] || [ "$s" -nt "$o" ] || [ -n "$(find include src -name '*.h' -newer "$o" | head -1)" ]; then
		# shellcheck disable=SC2086
		clang-14 $CFLAGS -c -o "$o" "$s" 2>>"$OUT/build.log" || build_failed=1
	fi
done
if [ "$build_failed" = 1 ]; then
	cat "$OUT/build.log"
	echo "FAIL build (srv6gw sources)"
	echo "0 passed, 1 failed"
	exit 1
fi

corpus() {       # TARGET DIR: fill DIR with the target's seeds
	case $1 in
	fuzz_ctl) cp test/fuzz/corpus/ctl/* "$2/" ;;
	fuzz_config) $PY test/fuzz/seeds.py config "$2" >/dev/null ;;
	fuzz_rx) $PY test/fuzz/seeds.py rx "$2" >/dev/null ;;
	esac
}

# sources linked into one target besides test/fuzz/TARGET.c, with its flags:
# fuzz_rx runs on the unit tests' datapath harness (no cmocka in it)
extra() {
	case $1 in
	fuzz_rx) echo "-Itest/unit test/unit/dp_harness.c" ;;
	esac
}

maxlen() {
	case $1 in
	fuzz_ctl) echo 70000 ;;
	fuzz_config) echo 16384 ;;
	fuzz_rx) echo 1901 ;;
	esac
}

for t in $TARGETS; do
	# shellcheck disable=SC2086
	if ! clang-14 $LDFLAGS -o "$OUT/$t" $(echo "$CFLAGS" | sed 's/fuzzer-no-link,//') \
		"test/fuzz/$t.c" $(extra "$t") $objs $LIBS 2>"$OUT/$t.build.log"; then
		cat "$OUT/$t.build.log"
		echo "FAIL build $t"
		fail=$((fail + 1))
		continue
	fi
	work=$(mktemp -d)
	corpus "$t" "$work"
	n0=$(ls "$work" | wc -l)
	# LeakSanitizer on: a leak in the code under test fails the run. DPDK's
	# own memory (EAL, rte_malloc, mempools) is not malloc'd and not scanned;
	# what the targets keep for the process lifetime stays reachable.
	# -artifact_prefix: a crashing input is kept in build/fuzz/ as crash-*.
	if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$(pwd)/test/fuzz/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 \
		nice "$OUT/$t" -max_total_time="$SECS" -max_len="$(maxlen "$t")" \
		-rss_limit_mb=4096 -timeout=10 -artifact_prefix="$OUT/" -print_final_stats=1 \
		"$work" >"$OUT/$t.log" 2>&1; then
		pass=$((pass + 1))
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/$t.log")
		cov=$(grep -o 'cov: [0-9]*' "$OUT/$t.log" | tail -1)
		echo "ok $t ($n0 seeds -> $(ls "$work" | wc -l) corpus files, ${execs:-?} runs, $cov, $SECS s)"
	else
		fail=$((fail + 1))
		echo "FAIL $t"
		tail -40 "$OUT/$t.log"
	fi
	rm -rf "$work"
	# the EAL runtime directory of the target (fuzzctl<pid>, fuzzcfg<pid>,
	# fuzzrx<pid>): nothing else uses these prefixes
	rm -rf /var/run/dpdk/fuzz${t#fuzz_}[0-9]* 2>/dev/null
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
