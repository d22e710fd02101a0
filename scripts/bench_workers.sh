#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# What a second worker gives, and what it shares (docs/performance-rounds.md,
# "Two workers: where the second one's packets go"). Per round, alternating
# so the host's drift falls on all alike, each for SECS seconds:
#
#   srv6gw: one worker; one process with two workers (two RX queues of
#   net_pcap replaying the capture, as scripts/bench.sh runs them), with
#   each worker's own rate from its workers[] share; two processes of one
#   worker each at once (workers on CPU 1 and CPU 0), which share nothing;
#   testpmd io (--testpmd): one core; one process with two cores; two
#   processes at once.
#
# One JSON line per round and program into $OUT/workers-ab.jsonl, and a
# line of text per round. Not a test: it reports what it measured.
# srv6gw's rates here are whole-run means (start included), testpmd's the
# median of its last three readings, as scripts/bench.sh read them until
# the twenty-fifth round: compare srv6gw's ways with each other, and
# testpmd's, not the one program's with the other's.
#
#   scripts/bench_workers.sh [--rounds N] [--secs S] [--testpmd] SCEN...
#
# Needs build/srv6gw and the captures of scripts/gen_bench.py in
# build/bench/pcaps (scripts/bench.sh makes both); uses 2 MiB hugepages
# when /dev/hugepages has free ones, else --no-huge.
set -u
cd "$(dirname "$0")/.." || exit 1
ROUNDS=4 SECS=5 TESTPMD=0
while [ $# -gt 0 ]; do
	case "$1" in
	--rounds|--secs)
		case "${2:-}" in ""|*[!0-9]*) echo "$1 needs a number" >&2; exit 2 ;; esac
		[ "$2" -ge 1 ] || { echo "$1 needs a number >= 1" >&2; exit 2; }
		if [ "$1" = --rounds ]; then ROUNDS=$2; else SECS=$2; fi
		shift ;;
	--testpmd) TESTPMD=1 ;;
	-h|--help) sed -n '3,22p' "$0"; exit 0 ;;
	-*) echo "unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
[ $# -gt 0 ] || { echo "usage: $0 [--rounds N] [--secs S] [--testpmd] SCEN..." >&2; exit 2; }
BIN=${SRV6GW:-build/srv6gw}
PCAPS=${PCAPS:-build/bench/pcaps}
OUT=${BENCH_OUT:-build/bench}
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
free_hp=$(awk '/HugePages_Free/ { print $2 }' /proc/meminfo)
if grep -qs '/dev/hugepages hugetlbfs' /proc/mounts && [ "${free_hp:-0}" -ge 600 ]; then
	MEM="-m 512 --huge-unlink"
else
	MEM="--no-huge -m 1024"
fi
EAL="--no-pci --no-shconf --log-level=lib.*:error"

# sg TAG LCORES VDEV: one srv6gw run; its stats in $tmp/TAG.json (a run
# that wrote none says so, with its log: not a rate of 0 in silence)
sg() {
	rm -f "$tmp/$1.json"
	# shellcheck disable=SC2086
	timeout -s INT "$SECS" "$BIN" --lcores "$2" $MEM $EAL --file-prefix bw$$$1 \
		--vdev="$3" --vdev=net_null0,no-rx=1 -- -c conf/bench.conf \
		--stats-file "$tmp/$1.json" --ctl-socket "$tmp/$1.sock" >"$tmp/$1.log" 2>&1
	[ -s "$tmp/$1.json" ] || { echo "srv6gw run $1 ($2) wrote no stats:" >&2; tail -5 "$tmp/$1.log" >&2; }
}
# rate TAG: packets sent / time the slowest worker ran, Mpps
rate() {
	jq -r '.tsc_hz as $hz | .events.tx_packets /
		([.workers[] | .busy_cycles + .idle_cycles] | max / $hz) / 1e6 * 100 | round / 100' \
		"$tmp/$1.json" 2>/dev/null || echo 0
}
# shares TAG: each worker's own rate (its tx_packets over its own time), Mpps
shares() {
	jq -c '.tsc_hz as $hz | [.workers[] |
		.tx_packets / ((.busy_cycles + .idle_cycles) / $hz) / 1e6 * 100 | round / 100]' \
		"$tmp/$1.json" 2>/dev/null || echo null
}
# tp TAG LCORES VDEVS EXTRA: one testpmd io run, the median of its last
# three one-second Tx-pps readings summed over its ports, Mpps, into $tmp/TAG
tp() {
	# shellcheck disable=SC2086
	timeout -s INT $((SECS + 3)) stdbuf -oL dpdk-testpmd --lcores "$2" $MEM $EAL \
		--file-prefix bt$$$1 $3 -- --forward-mode=io --stats-period 1 --no-flush-rx \
		--total-num-mbufs=16384 $4 2>/dev/null |
		awk '/Port statistics/ { if (s > 0) v[n++] = s; s = 0 } /Tx-pps/ { s += $2 }
			END { if (s > 0) v[n++] = s; if (n < 3) { print 0; exit }
				a = v[n-3]; b = v[n-2]; c = v[n-1]
				m = (a > b) ? ((b > c) ? b : ((a > c) ? c : a)) : ((a > c) ? a : ((b > c) ? c : b))
				printf "%.2f\n", m / 1e6 }' >"$tmp/$1"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }

for s in "$@"; do
	p=$PCAPS/$s-1024.pcap
	[ -f "$p" ] || { echo "no capture $p (scripts/bench.sh makes them)" >&2; exit 1; }
	v1="net_pcap0,rx_pcap=$p,infinite_rx=1"
	v2="net_pcap0,rx_pcap=$p,rx_pcap=$p,infinite_rx=1"
	for r in $(seq "$ROUNDS"); do
		sg one 0@0,1@1 "$v1"; one=$(rate one)
		sg two 0@0,1@1,2@0 "$v2"; two=$(rate two); sh2=$(shares two)
		sg pa 0@0,1@1 "$v1" & sg pb 0@1,1@0 "$v1"; wait
		pa=$(rate pa); pb=$(rate pb); procs=$(awk -v a="$pa" -v b="$pb" 'BEGIN { print a + b }')
		jq -nc --arg s "$s" --argjson r "$r" --argjson a "$one" --argjson b "$two" \
			--argjson w "$sh2" --argjson c "$procs" \
			'{program: "srv6gw", scenario: $s, round: $r, one: $a, two: $b, two_workers: $w,
			  two_processes: $c}' >>"$OUT/workers-ab.jsonl"
		line="$s round $r: srv6gw 1 worker $one, 2 workers $two (x$(ratio "$two" "$one"); each $sh2), 2 processes $procs (x$(ratio "$procs" "$one"))"
		if [ $TESTPMD = 1 ]; then
			tp t1 0@0,1@1 "--vdev=$v1 --vdev=net_null0,no-rx=1" ""
			tp t2 0@0,1@1,2@0 "--vdev=$v2 --vdev=net_null0,no-rx=1" "--nb-cores=2 --rxq=2 --txq=2"
			tp ta 0@0,1@1 "--vdev=$v1 --vdev=net_null0,no-rx=1" "" &
			tp tb 0@1,1@0 "--vdev=$v1 --vdev=net_null0,no-rx=1" ""; wait
			t1=$(cat "$tmp/t1"); t2=$(cat "$tmp/t2")
			tq=$(awk -v a="$(cat "$tmp/ta")" -v b="$(cat "$tmp/tb")" 'BEGIN { print a + b }')
			jq -nc --arg s "$s" --argjson r "$r" --argjson a "$t1" --argjson b "$t2" \
				--argjson c "$tq" '{program: "testpmd", scenario: $s, round: $r, one: $a,
				two: $b, two_processes: $c}' >>"$OUT/workers-ab.jsonl"
			line="$line | testpmd 1 core $t1, 2 cores $t2 (x$(ratio "$t2" "$t1")), 2 processes $tq (x$(ratio "$tq" "$t1"))"
		fi
		echo "$line"
	done
done
