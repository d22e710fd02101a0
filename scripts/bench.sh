#!/bin/sh
# srv6gw benchmarks (docs/performance.md). Ratios, never absolute pass/fail.
#
#   scripts/bench.sh [--quick]
#
# 1. In memory: srv6gw-bench runs the real burst function over pre-built
#    packets on one lcore: TSC cycles per packet, baseline (alloc + copy +
#    TX to net_null) subtracted, median of several runs, 1 / 1024 / 65536 flows.
# 2. End to end: srv6gw with one worker, RX from net_pcap (infinite_rx=1),
#    TX to net_null; beside it in the same run dpdk-testpmd in io mode over the
#    same vdevs (the I/O floor). The headline is srv6gw Mpps / testpmd Mpps.
# Results: build/bench/results.md (+ .jsonl), printed at the end.
set -eu
cd "$(dirname "$0")/.."
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
scripts/install-deps.sh
scripts/build.sh

OUT=build/bench
mkdir -p "$OUT"
PCAPS=$OUT/pcaps
FLOWS="1 1024 65536"
RUNS=7
PKTS=2000000
SECS=6
if [ $QUICK = 1 ]; then FLOWS="1 1024"; RUNS=3; PKTS=500000; SECS=3; fi
SCEN="route4 route6 encap4-1sid encap4-2sid encap4-nosrh encap6-3sid encap6-red encap4-usid end end-psp end-x end-dx4 end-dt6 un-shift"

# hugepages when the machine has them free, --no-huge otherwise (said in the results)
free_hp=$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)
if [ "${free_hp:-0}" -ge 512 ]; then
	MEM="-m 1024"; MODE="hugepages (2 MiB)"
else
	MEM="--no-huge -m 2048"; MODE="no hugepages (--no-huge)"
fi
EAL="--no-pci --no-shconf --log-level=lib.*:error"

# (kept between runs: 65,536-flow captures take scapy several minutes)
/usr/bin/python3 scripts/gen_bench.py "$PCAPS" $FLOWS

: >"$OUT/inmem.jsonl"
echo "== in memory (cycles per packet, baseline subtracted)"
for s in $SCEN; do
	for f in $FLOWS; do
		# shellcheck disable=SC2086
		build/srv6gw-bench -l 0 $MEM $EAL --file-prefix bench$$ -- -c conf/bench.conf \
			--pcap "$PCAPS/$s-$f.pcap" --port in --runs $RUNS --packets $PKTS 2>/dev/null |
			jq -c --arg s "$s" --argjson f "$f" '. + {scenario: $s, flows: $f}' |
			tee -a "$OUT/inmem.jsonl" | jq -r '"\(.scenario) flows=\(.flows) \(.cycles_per_packet) cyc/pkt"'
	done
done

# median of the last three non-zero "Tx-pps" readings of port 1 (the net_null port)
testpmd_pps() {
	# shellcheck disable=SC2086
	timeout -s INT $((SECS + 2)) stdbuf -oL dpdk-testpmd -l 0,1 $MEM $EAL --file-prefix tp$$ \
		--vdev="net_pcap0,rx_pcap=$1,infinite_rx=1" --vdev=net_null0,no-rx=1 \
		-- --forward-mode=io --stats-period 1 --no-flush-rx 2>/dev/null |
		awk '/Tx-pps/ { if ($2 > 0) v[n++] = $2 } END {
			if (n < 3) { print 0; exit } a = v[n-3]; b = v[n-2]; c = v[n-1];
			m = (a > b) ? ((b > c) ? b : ((a > c) ? c : a)) : ((a > c) ? a : ((b > c) ? c : b));
			print m }'
}

srv6gw_pps() {
	st=$OUT/e2e-stats.json
	rm -f "$st"
	# shellcheck disable=SC2086
	timeout -s INT $SECS build/srv6gw -l 0,1 $MEM $EAL --file-prefix sg$$ \
		--vdev="net_pcap0,rx_pcap=$1,infinite_rx=1" --vdev=net_null0,no-rx=1 \
		-- -c conf/bench.conf --stats-file "$st" --ctl-socket "$OUT/ctl.sock" >/dev/null 2>&1 || true
	# packets sent / time the worker ran (its busy + idle cycles)
	jq -r '(.events.tx_packets) / ((.workers[0].busy_cycles + .workers[0].idle_cycles) / .tsc_hz)
		| floor' "$st"
}

: >"$OUT/e2e.jsonl"
echo "== end to end, 1 worker, 1024 flows (Mpps; ratio to testpmd io on the same vdevs)"
for s in $SCEN; do
	p="$PCAPS/$s-1024.pcap"
	t=$(testpmd_pps "$p")
	g=$(srv6gw_pps "$p")
	jq -nc --arg s "$s" --argjson t "$t" --argjson g "$g" \
		'{scenario: $s, flows: 1024, testpmd_pps: $t, srv6gw_pps: $g,
		  ratio: (if $t > 0 then ($g / $t * 1000 | round / 1000) else null end)}' |
		tee -a "$OUT/e2e.jsonl" |
		jq -r '"\(.scenario) srv6gw \(.srv6gw_pps / 1e6 * 100 | round / 100) Mpps, testpmd \(.testpmd_pps / 1e6 * 100 | round / 100) Mpps, ratio \(.ratio)"'
done

{
	echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) vCPU;" \
		"DPDK $(pkg-config --modversion libdpdk); memory: $MODE; $(date -u +%F)."
	echo
	echo "| scenario | cycles/pkt 1 flow | 1,024 flows | 65,536 flows | e2e Mpps | testpmd Mpps | ratio |"
	echo "|---|---|---|---|---|---|---|"
	for s in $SCEN; do
		c1=$(jq -r --arg s "$s" 'select(.scenario == $s and .flows == 1) | .cycles_per_packet' "$OUT/inmem.jsonl")
		c2=$(jq -r --arg s "$s" 'select(.scenario == $s and .flows == 1024) | .cycles_per_packet' "$OUT/inmem.jsonl")
		c3=$(jq -r --arg s "$s" 'select(.scenario == $s and .flows == 65536) | .cycles_per_packet' "$OUT/inmem.jsonl")
		e=$(jq -r --arg s "$s" 'select(.scenario == $s) | "\(.srv6gw_pps / 1e6 * 100 | round / 100) | \(.testpmd_pps / 1e6 * 100 | round / 100) | \(.ratio)"' "$OUT/e2e.jsonl")
		echo "| $s | ${c1:--} | ${c2:--} | ${c3:--} | $e |"
	done
} >"$OUT/results.md"
echo
cat "$OUT/results.md"
