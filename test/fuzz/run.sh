#!/bin/sh
# Build the libFuzzer targets with clang (ASan + UBSan) and run each for a
# bounded time over its seed corpus. Prints "N passed, N failed".
#   test/fuzz/run.sh [SECONDS]      (default 30 per target)
set -u
cd "$(dirname "$0")/../.."
SECS=${1:-30}
OUT=build/fuzz
mkdir -p "$OUT"
pass=0
fail=0
# alignment: DPDK hashes unaligned keys with word loads on purpose (x86)
CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-sanitize=alignment
  -std=gnu11 -D_GNU_SOURCE -DSRV6GW_VERSION=\"fuzz\" -Iinclude -Isrc -Isrc/common
  $(pkg-config --cflags libdpdk libconfig jansson)"
LIBS="$(pkg-config --libs libdpdk libconfig jansson)"
SRC="src/common/*.c src/dp/*.c $(ls src/cp/*.c | grep -v main.c)"

# shellcheck disable=SC2086
if ! clang-14 $CFLAGS -o "$OUT/fuzz_ctl" test/fuzz/fuzz_ctl.c $SRC $LIBS 2>"$OUT/build.log"; then
	cat "$OUT/build.log"
	echo "FAIL build fuzz_ctl"
	echo "0 passed, 1 failed"
	exit 1
fi
work=$(mktemp -d)
cp test/fuzz/corpus/ctl/* "$work/"
# ASan: DPDK reserves its memory its own way; leaks of the process-lifetime
# state (EAL, generation) are not the handler's
if ASAN_OPTIONS=detect_leaks=1 "$OUT/fuzz_ctl" -max_total_time="$SECS" -max_len=70000 \
	-rss_limit_mb=4096 "$work" >"$OUT/fuzz_ctl.log" 2>&1; then
	pass=$((pass + 1))
	echo "ok fuzz_ctl ($(ls "$work" | wc -l) corpus files after $SECS s)"
else
	fail=$((fail + 1))
	echo "FAIL fuzz_ctl"
	tail -40 "$OUT/fuzz_ctl.log"
fi
rm -rf "$work"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
