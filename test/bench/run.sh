#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The benchmark tool itself, as a test (not a timing test: nothing here
# depends on how fast the machine is). A short scripts/bench.sh run (--quick,
# three scenarios, no HMAC, no plots) into a directory of its own, then
# checks that every part measured something real: the in-memory runs sent
# every packet without a drop, srv6gw, testpmd and l3fwd all moved packets
# end to end (srv6gw read per second and over its whole run, the two of
# one run), the workers section ran both ways, the targets table has a row
# per target measured with each verdict right, the machine's hugepage
# count is what it was and docs/ was not touched. This is what caught
# bench.sh reporting zeros (and exiting 0) on a machine without hugetlbfs.
# Then scripts/bench_ab.py, the build against itself, one round: both
# builds measured, and a missing capture refused by name.
# Prints ok/FAIL lines and "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
OUT=$(mktemp -d /tmp/srv6gw-benchtest.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
PASS=0
FAIL=0
SCEN="end encap4-1sid route6"

ok() { echo "ok $1"; PASS=$((PASS + 1)); }
bad() { echo "FAIL $1"; FAIL=$((FAIL + 1)); }
check() {       # check NAME JQ-FILTER FILE: the filter (over all records) is true
	if jq -se "$2" "$3" >/dev/null 2>&1; then ok "$1"; else bad "$1"; jq -c . "$3" 2>/dev/null | head -20; fi
}

hp_before=$(cat /proc/sys/vm/nr_hugepages)
mnt_before=$(grep -c ' hugetlbfs ' /proc/mounts)
docs_before=$(cd docs && cat perf-*.png | md5sum)

BENCH_OUT=$OUT scripts/bench.sh --quick --no-hmac --no-plots \
	--scenarios "$SCEN" >"$OUT/bench.log" 2>&1
rc=$?
if [ $rc = 0 ]; then ok "bench.sh exits 0"; else bad "bench.sh exits $rc"; tail -30 "$OUT/bench.log"; fi

sed -n 's/^Machine: /# /p' "$OUT/results.md"      # the machine and memory mode it ran in
n=$(echo $SCEN | wc -w)
check "in memory: $n scenarios x 2 flow counts, every packet sent, no drop" \
	"length == $((n * 2)) and all(.[]; .tx_ratio == 1 and .drops == 0 and .packets > 0
	 and (.cycles_per_packet | type) == \"number\" and
	 (.cycles_per_packet_fast | type) == \"number\" and .baseline_spread >= 1)" "$OUT/inmem.jsonl"
check "end to end: srv6gw and testpmd moved packets on every scenario" \
	"length == $n and all(.[]; .srv6gw_pps > 0 and .testpmd_pps > 0 and .ratio > 0 and
	 (.rounds | length) == 2 and all(.rounds[]; .srv6gw_pps > 0 and .testpmd_before_pps > 0
	 and .testpmd_after_pps > 0) and .rounds[0].testpmd_after_pps ==
	 .rounds[1].testpmd_before_pps)" "$OUT/e2e.jsonl"
# srv6gw's one-second readings (the figure) and its whole-run rate, both
# read, and of one run: within a factor of 2 of each other
check "end to end: srv6gw read per second (median of 3) and over its whole run" \
	"length == $n and all(.[]; .ratio_run > 0 and all(.rounds[]; .srv6gw_run_pps > 0 and
	 .srv6gw_pps < 2 * .srv6gw_run_pps and .srv6gw_run_pps < 2 * .srv6gw_pps))" \
	"$OUT/e2e.jsonl"
check "l3fwd: IPv4 and IPv6 LPM measured beside testpmd" \
	'length == 2 and all(.[]; .mpps > 0 and .testpmd_mpps > 0)' "$OUT/l3fwd.jsonl"
check "workers: 1 and 2 workers, testpmd 1 and 2 cores, alternating, on the 3 scenarios" \
	'length == 3 and all(.[]; .one_pps > 0 and .two_pps > 0 and .testpmd_one_pps > 0
	 and .testpmd_two_pps > 0 and .speedup > 0 and .testpmd_speedup > 0 and
	 (.rounds | length) == 2 and all(.rounds[]; .one_before > 0 and .two > 0 and
	 .one_after > 0 and .testpmd_one_before > 0 and .testpmd_two > 0 and
	 .testpmd_one_after > 0) and .rounds[0].one_after == .rounds[1].one_before and
	 .rounds[0].testpmd_one_after == .rounds[1].testpmd_one_before and
	 .speedup_min <= .speedup and .speedup <= .speedup_max)' "$OUT/workers.jsonl"
# the targets table: a row per target measured (3 end to end, End and
# encap4-1sid in memory, 3 workers; none of scale, not run), each verdict
# its figure's against its bound
check "targets: the run read against the issue's targets, each verdict right" \
	'length == 8 and all(.[]; (.verdict == "met") == .met and
	 (if .at_least then .measured >= .limit else .measured <= .limit end) == .met) and
	 ([.[] | select(.target | startswith("end to end"))] | length) == 3 and
	 ([.[] | select(.target | startswith("in memory"))] | length) == 2 and
	 ([.[] | select(.target | startswith("2 workers"))] | length) == 3' "$OUT/targets.jsonl"
if grep -q "^| end | " "$OUT/results.md" && grep -q "^Machine: " "$OUT/results.md" &&
	grep -q "^Targets (issue 6" "$OUT/results.md"; then
	ok "results.md names the machine and has the table"
else
	bad "results.md names the machine and has the table"
fi
if [ "$(cat /proc/sys/vm/nr_hugepages)" = "$hp_before" ] &&
	[ "$(grep -c ' hugetlbfs ' /proc/mounts)" = "$mnt_before" ]; then
	ok "hugepage count and mounts as before ($hp_before, $mnt_before)"
else
	bad "hugepages: $hp_before -> $(cat /proc/sys/vm/nr_hugepages), mounts $mnt_before -> $(grep -c ' hugetlbfs ' /proc/mounts)"
fi
if [ "$(cd docs && cat perf-*.png | md5sum)" = "$docs_before" ]; then
	ok "docs/perf-*.png untouched with --no-plots"
else
	bad "docs/perf-*.png changed"
fi
# a bad argument is refused before anything runs
if BENCH_OUT=$OUT sh scripts/bench.sh --scenarios "no-such" >/dev/null 2>&1; then
	bad "an unknown scenario is refused"
else
	ok "an unknown scenario is refused"
fi
# scripts/bench_ab.py (docs/performance.md, a change's cost on a drifting
# host): the build against itself over the captures just made; one round
if /usr/bin/python3 scripts/bench_ab.py --rounds 1 --no-huge --pcaps "$OUT/pcaps" \
	--jsonl "$OUT/ab.jsonl" build build encap4-1sid route6 >"$OUT/ab.log" 2>&1; then
	ok "bench_ab.py exits 0"
else
	bad "bench_ab.py exits non-zero"; cat "$OUT/ab.log"
fi
check "bench_ab.py: both scenarios, old and new measured against End" \
	'length == 2 and all(.[]; .old > 0 and .new > 0 and .old_cycles > 0 and .new_cycles > 0
	 and .rounds == 1) and [.[].scenario] == ["encap4-1sid", "route6"]' "$OUT/ab.jsonl"
/usr/bin/python3 scripts/bench_ab.py --pcaps "$OUT/pcaps" build build no-such >"$OUT/ab-bad.log" 2>&1
rc=$?
if [ $rc = 2 ] && grep -q "no-such-1024.pcap: no such capture" "$OUT/ab-bad.log"; then
	ok "bench_ab.py refuses a missing capture, naming it (exit 2)"
else
	bad "bench_ab.py on a missing capture: exit $rc"; cat "$OUT/ab-bad.log"
fi
echo "$PASS passed, $FAIL failed"
[ $FAIL = 0 ]
