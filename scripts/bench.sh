#!/bin/sh
# srv6gw benchmarks (docs/performance.md). Ratios, never absolute pass/fail.
#
#   scripts/bench.sh [--quick] [--scale] [--no-inmem] [--no-e2e] [--no-hmac] [--no-plots]
#                    [--rounds N] [--scenarios 'end route6 ...']
#
# --scenarios limits the in-memory, end-to-end and workers sections to those
# scenarios; BENCH_OUT=DIR puts results and captures there (default
# build/bench). test/bench/run.sh runs a short one as a test of the tool.
#
# 1. In memory: srv6gw-bench runs the real burst function over pre-built
#    packets on one lcore: TSC cycles per packet, baseline (alloc + copy +
#    TX to net_null) subtracted, median of paired runs, 1 / 1024 / 65536 flows.
# 2. End to end: srv6gw with one worker, RX from net_pcap (infinite_rx=1),
#    TX to net_null; beside it in the same run dpdk-testpmd in io mode over the
#    same vdevs (the I/O floor). The two alternate, T G T G T G T: each
#    srv6gw run's ratio is to the mean of the testpmd runs on either side;
#    the headline is the median of the 3 ratios (2 with --quick, N with
#    --rounds N).
#    DPDK's own l3fwd (scripts/bench_l3fwd.sh) forwards the route4/route6
#    captures over the same vdevs too: a second reference, plain LPM routing.
# 3. Workers: the same end to end with 2 workers (two RX queues of net_pcap,
#    each replaying the capture) against 1 worker, for 3 scenarios, beside
#    testpmd io with 1 and 2 forwarding cores placed the same way. Runs
#    alternate, 1 2 1 2 ... 1 (each program), each 2-worker run's speed-up
#    to the mean of the 1-worker runs on either side; the headline is the
#    median of the speed-ups (as many rounds as end to end).
# 4. --scale (~5-10 minutes, ~3.3 GiB of memory, hugepages reserved for it
#    when the kernel can give them): 1M IPv4 steering prefixes,
#    200k IPv6 routes, 100k SIDs, 10k policies (scripts/gen_scale.py): load,
#    build and reload time, memory, cycles per packet against small tables
#    (3 processes of each, alternating: the medians' ratio, and each pair's);
#    and srv6gw reloading a 100k-SID configuration under traffic.
# 5. SRH HMAC (scripts/bench_hmac.sh): HMAC computation and verification per
#    packet, End with hmac = "require" and a headend with an HMAC key, each
#    beside the same scenario without HMAC (build/bench/hmac.txt).
# 6. Plots (python3-matplotlib) into docs/perf-*.png.
# Results: $BENCH_OUT/results.md (+ .jsonl), printed at the end.
# The machine is shared: wrap the run in `flock /tmp/srv6gw-heavy.lock`.
set -eu
cd "$(dirname "$0")/.."
QUICK=0 SCALE=0 INMEM=1 E2E=1 PLOTS=1 HMAC=1 ONLY="" ROUNDS=""
USAGE="usage: $0 [--quick] [--scale] [--no-inmem] [--no-e2e] [--no-hmac] [--no-plots] [--rounds N] [--scenarios 'A B...']"
while [ $# -gt 0 ]; do
	case $1 in
	--quick) QUICK=1 ;;
	--scale) SCALE=1 ;;
	--no-inmem) INMEM=0 ;;
	--no-e2e) E2E=0 ;;
	--no-plots) PLOTS=0 ;;
	--no-hmac) HMAC=0 ;;
	--scenarios) [ $# -ge 2 ] || { echo "$USAGE" >&2; exit 2; }; ONLY=$2; shift ;;
	--rounds)
		case "${2:-}" in ""|*[!0-9]*) echo "$USAGE" >&2; exit 2 ;; esac
		[ "$2" -ge 1 ] || { echo "$USAGE" >&2; exit 2; }
		ROUNDS=$2; shift ;;
	*) echo "$USAGE" >&2; exit 2 ;;
	esac
	shift
done
ALL=$(/usr/bin/python3 scripts/gen_bench.py --list) || exit 1   # (the one list of scenarios)
SCEN=$ALL
if [ -n "$ONLY" ]; then
	for s in $ONLY; do
		case " $ALL " in *" $s "*) ;; *) echo "bench: unknown scenario $s (one of: $ALL)" >&2; exit 2 ;; esac
	done
	SCEN=$ONLY
fi
scripts/install-deps.sh
scripts/build.sh

# BENCH_OUT: where results and captures go (test/bench/ keeps its own)
OUT=${BENCH_OUT:-build/bench}
mkdir -p "$OUT"
PCAPS=$OUT/pcaps
FLOWS="1 1024 65536"
RUNS=7
PKTS=2000000
SECS=4
E2E_ROUNDS=3
SCALE_ROUNDS=3
if [ $QUICK = 1 ]; then FLOWS="1 1024"; RUNS=3; PKTS=500000; SECS=3; E2E_ROUNDS=2; SCALE_ROUNDS=1; fi
# --rounds N: N srv6gw runs per scenario end to end (the headline is their
# ratios' median; more rounds for a steadier one on a drifting host)
[ -n "$ROUNDS" ] && E2E_ROUNDS=$ROUNDS

# reserve_hp N: make N 2 MiB hugepages free if the kernel can give them
# (a fresh machine may have none reserved, nor hugetlbfs mounted: DPDK then
# fails with "Cannot get hugepage information"); the count the machine had
# is restored, and a mount made here undone, when the script exits. Sets
# free_hp to how many are free and usable (0 without a hugetlbfs mount).
# Not run in a subshell: hp_restore must see what it changed.
HP_ORIG="" HP_MOUNTED=0
hp_restore() {
	[ -n "$HP_ORIG" ] && echo "$HP_ORIG" >/proc/sys/vm/nr_hugepages
	[ $HP_MOUNTED = 1 ] && umount /dev/hugepages
	return 0
}
trap hp_restore EXIT                    # (a no-op unless reserve_hp changed something)
trap 'exit 130' INT TERM                # (dash runs EXIT traps on exit only)
reserve_hp() {
	if ! grep -q '^[^ ]* [^ ]* hugetlbfs ' /proc/mounts && [ "$(id -u)" = 0 ]; then
		mkdir -p /dev/hugepages &&
			mount -t hugetlbfs -o pagesize=2M nodev /dev/hugepages && HP_MOUNTED=1
	fi
	free_hp=$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)
	if [ "${free_hp:-0}" -lt "$1" ] && [ -w /proc/sys/vm/nr_hugepages ]; then
		[ -n "$HP_ORIG" ] || HP_ORIG=$(cat /proc/sys/vm/nr_hugepages)
		echo $(($(cat /proc/sys/vm/nr_hugepages) + $1 - ${free_hp:-0})) \
			>/proc/sys/vm/nr_hugepages || true
		free_hp=$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)
	fi
	grep -q '^[^ ]* [^ ]* hugetlbfs ' /proc/mounts || free_hp=0
}

# hugepages (reserved here if need be), --no-huge when the kernel cannot
# give them (said in the results); others may take hugepages meanwhile:
# keep a margin
reserve_hp 640
if [ "${free_hp:-0}" -ge 384 ]; then
	# --huge-unlink: no hugepage files left behind by a process that is
	# stopped before its EAL cleanup (timeout, or this script interrupted)
	MEM="-m 512 --huge-unlink"; MODE="hugepages (2 MiB)"
else
	MEM="--no-huge -m 2048"; MODE="no hugepages (--no-huge)"
fi
EAL="--no-pci --no-shconf --log-level=lib.*:error"
MACHINE="$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) vCPU"
DPDK="DPDK $(pkg-config --modversion libdpdk)"
jq -nc --arg m "$MACHINE" --arg d "$DPDK" --arg h "$MODE" --arg t "$(date -u +%F)" \
	'{machine: $m, dpdk: $d, memory: $h, date: $t}' >"$OUT/meta.json"

# (kept between runs: 65,536-flow captures take scapy several minutes)
/usr/bin/python3 scripts/gen_bench.py "$PCAPS" $FLOWS

[ $INMEM = 1 ] && : >"$OUT/inmem.jsonl"
: >>"$OUT/inmem.jsonl"    # (kept from an earlier run with --no-inmem)
[ $INMEM = 1 ] && echo "== in memory (cycles per packet, baseline subtracted)"
[ $INMEM = 1 ] && for f in $FLOWS; do
	args=""
	for s in $SCEN; do args="$args --pcap $PCAPS/$s-$f.pcap"; done
	# shellcheck disable=SC2086
	build/srv6gw-bench -l 0 $MEM $EAL --file-prefix bench$$ -- -c conf/bench.conf \
		--port in --runs $RUNS --packets $PKTS $args 2>/dev/null | grep '"pcap"' |
		jq -c --argjson f "$f" '. + {scenario: (.pcap | split("/")[-1] | rtrimstr(".pcap") |
			sub("-[0-9]+$"; "")), flows: $f}' |
		tee -a "$OUT/inmem.jsonl" | jq -r '"\(.scenario) flows=\(.flows) \(.cycles_per_packet) cyc/pkt (fastest moment \(.cycles_per_packet_fast); baseline spread \(.baseline_spread))"'
done

# testpmd_pps PCAP [CORES]: median of the last three non-zero "Tx-pps"
# readings of port 1 (the net_null port); with 2 cores, placed and fed as
# srv6gw's 2 workers are (srv6gw_pps)
testpmd_pps() {
	if [ "${2:-1}" = 2 ]; then
		lc="--lcores 0@0,1@1,2@0"
		vdev="net_pcap0,rx_pcap=$1,rx_pcap=$1,infinite_rx=1"
		q="--nb-cores=2 --rxq=2 --txq=2"
	else
		lc="-l 0,1"
		vdev="net_pcap0,rx_pcap=$1,infinite_rx=1"
		q=""
	fi
	# shellcheck disable=SC2086
	# a small pool: testpmd's default (155,456 mbufs) takes seconds to fault in
	# without hugepages, and the first readings would be zeros
	timeout -s INT $((SECS + 4)) stdbuf -oL dpdk-testpmd $lc $MEM $EAL --file-prefix tp$$ \
		--vdev="$vdev" --vdev=net_null0,no-rx=1 \
		-- --forward-mode=io --stats-period 1 --no-flush-rx --total-num-mbufs=16384 $q 2>/dev/null |
		awk '/Tx-pps/ { if ($2 > 0) v[n++] = $2 } END {
			if (n < 3) { print 0; exit } a = v[n-3]; b = v[n-2]; c = v[n-1];
			m = (a > b) ? ((b > c) ? b : ((a > c) ? c : a)) : ((a > c) ? a : ((b > c) ? c : b));
			print m }'
}

# srv6gw_pps PCAP [WORKERS]: "MEDIAN WHOLE". MEDIAN is read the way
# testpmd_pps reads testpmd: the run lasts as long (SECS + 4 s), its stats
# are polled once a second over the control socket (srv6gwctl, a small
# client: one fork and exec a second), and the figure is the median of the
# last three non-zero one-second rates, each the packets the workers sent
# in the interval over the longest time a worker ran in it (its busy +
# idle TSC cycles, so the poll's own timing does not enter); 0 with fewer
# than three, as testpmd_pps. WHOLE is the whole run's rate (packets sent
# / time the slowest worker ran, start included): the statistic until the
# twenty-fifth round (over runs of SECS then), kept on record.
srv6gw_pps() {
	st=$OUT/e2e-stats.json
	smp=$OUT/e2e-samples
	rm -rf "$st" "$smp"
	mkdir -p "$smp"
	if [ "${2:-1}" = 2 ]; then
		# 2 vCPUs: worker 2 shares CPU 0 with the main lcore (which mostly sleeps)
		lc="--lcores 0@0,1@1,2@0"
		vdev="net_pcap0,rx_pcap=$1,rx_pcap=$1,infinite_rx=1"
	else
		lc="-l 0,1"
		vdev="net_pcap0,rx_pcap=$1,infinite_rx=1"
	fi
	# shellcheck disable=SC2086
	timeout -s INT $((SECS + 4)) build/srv6gw $lc $MEM $EAL --file-prefix sg$$ \
		--vdev="$vdev" --vdev=net_null0,no-rx=1 \
		-- -c conf/bench.conf --stats-file "$st" --ctl-socket "$OUT/ctl.sock" >/dev/null 2>&1 &
	pid=$!
	i=0
	while kill -0 $pid 2>/dev/null; do
		sleep 1
		i=$((i + 1))
		build/srv6gwctl -s "$OUT/ctl.sock" --json --timeout 1 show stats \
			>"$smp/$i.json" 2>/dev/null || rm -f "$smp/$i.json"
	done
	wait $pid || true
	# (the samples in poll order; a poll before the socket was up, or as
	# the process ended, left nothing)
	# (each sample's packets and cycles from its workers[] entries, read
	# together per worker; an interval's time is the longest any worker
	# ran in it)
	med=$(for f in $(ls "$smp" | sort -n); do cat "$smp/$f"; done |
		jq -sr '[.[] | .result | select(. != null) |
			{hz: .tsc_hz, tx: ([.workers[].tx_packets] | add),
			 c: [.workers[] | .busy_cycles + .idle_cycles]}] as $s |
			[range(1; $s | length) | . as $i |
			 ([range($s[$i].c | length) | $s[$i].c[.] - $s[$i - 1].c[.]] | max) as $dc |
			 select($dc > 0) | ($s[$i].tx - $s[$i - 1].tx) / ($dc / $s[$i].hz) |
			 select(. > 0)] | .[-3:] |
			if length < 3 then 0 else sort | .[1] | floor end' 2>/dev/null) || med=0
	whole=$(jq -r '.tsc_hz as $hz | .events.tx_packets /
		([.workers[] | .busy_cycles + .idle_cycles] | max / $hz) | floor' "$st" 2>/dev/null) ||
		whole=0
	echo "${med:-0} ${whole:-0}"
}

: >"$OUT/e2e.jsonl"
: >"$OUT/workers.jsonl"
: >"$OUT/l3fwd.jsonl"
if [ $E2E = 1 ]; then
	echo "== end to end, 1 worker, 1024 flows (Mpps; ratio to testpmd io on the same vdevs)"
	# This VM's speed drifts by up to a third within seconds (testpmd's own
	# one-second readings on one capture went 34 -> 45 -> 35 Mpps in 30 s):
	# srv6gw and testpmd runs alternate, T G T G ... T ($E2E_ROUNDS srv6gw
	# runs), each srv6gw run's ratio taken against the mean of the testpmd
	# runs on either side of it; the headline is the median of those ratios,
	# and the record keeps every round and the spread
	for s in $SCEN; do
		p="$PCAPS/$s-1024.pcap"
		tp=$(testpmd_pps "$p")
		rounds=""
		for r in $(seq "$E2E_ROUNDS"); do
			g=$(srv6gw_pps "$p")
			tn=$(testpmd_pps "$p")
			rounds="$rounds{\"srv6gw_pps\": ${g% *}, \"srv6gw_run_pps\": ${g#* },
				\"testpmd_before_pps\": $tp, \"testpmd_after_pps\": $tn}"
			tp=$tn
		done
		# (jq -s reads the rounds' objects, back to back, as one array)
		echo "$rounds" | jq -sc --arg s "$s" '
			def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
				else (.[length / 2 - 1] + .[length / 2]) / 2 end;
			map(. + (((.testpmd_before_pps + .testpmd_after_pps) / 2) as $t |
				{ratio: (if $t > 0 then .srv6gw_pps / $t else 0 end),
				 ratio_run: (if $t > 0 then .srv6gw_run_pps / $t else 0 end)})) as $r |
			{scenario: $s, flows: 1024, rounds: $r,
			 srv6gw_pps: ([$r[].srv6gw_pps] | median | floor),
			 testpmd_pps: ([$r[0].testpmd_before_pps] + [$r[].testpmd_after_pps] | median | floor),
			 ratio: ([$r[].ratio] | median * 1000 | round / 1000),
			 ratio_min: ([$r[].ratio] | min * 1000 | round / 1000),
			 ratio_max: ([$r[].ratio] | max * 1000 | round / 1000),
			 ratio_run: ([$r[].ratio_run] | median * 1000 | round / 1000)}' |
			tee -a "$OUT/e2e.jsonl" |
			jq -r '"\(.scenario) srv6gw \(.srv6gw_pps / 1e6 * 100 | round / 100) Mpps, testpmd \(.testpmd_pps / 1e6 * 100 | round / 100) Mpps, ratio \(.ratio) (rounds \([.rounds[].ratio * 1000 | round / 1000] | map(tostring) | join(" "))); whole runs \(.ratio_run)"'
	done
	echo "== DPDK l3fwd on the route4/route6 captures (scripts/bench_l3fwd.sh)"
	nh=""
	[ "$MEM" = "-m 512 --huge-unlink" ] || nh=--no-huge
	scripts/bench_l3fwd.sh $nh >"$OUT/l3fwd.jsonl" ||
		echo "(a check of the l3fwd run failed: build-l3fwd/results.jsonl says which)"
	jq -r '"l3fwd \(.l3fwd) \(.mpps) Mpps, testpmd \(.testpmd_mpps) Mpps, ratio \(.ratio)"' \
		"$OUT/l3fwd.jsonl"
	echo "== workers: 1 vs 2 (2 vCPUs: 2 workers + main lcore oversubscribe; testpmd io likewise)"
	# one-run pairs swing with the host's drift (speed-ups of 1.27-1.98 for
	# testpmd in the same minutes): the runs alternate as the end-to-end
	# ones do, 1 2 1 2 ... 1 for srv6gw and, beside each, for testpmd
	# ($E2E_ROUNDS 2-worker runs each); each 2-worker run's speed-up is to
	# the mean of the 1-worker runs on either side of it, and the headline
	# is the median of those, with every round and the spread on record
	for s in encap4-1sid end route6; do
		case " $SCEN " in *" $s "*) ;; *) continue ;; esac
		p="$PCAPS/$s-1024.pcap"
		g1=$(srv6gw_pps "$p" 1 | cut -d' ' -f1)
		t1=$(testpmd_pps "$p" 1)
		rounds=""
		for r in $(seq "$E2E_ROUNDS"); do
			g2=$(srv6gw_pps "$p" 2 | cut -d' ' -f1)
			t2=$(testpmd_pps "$p" 2)
			g1n=$(srv6gw_pps "$p" 1 | cut -d' ' -f1)
			t1n=$(testpmd_pps "$p" 1)
			rounds="$rounds{\"one_before\": $g1, \"two\": $g2, \"one_after\": $g1n,
				\"testpmd_one_before\": $t1, \"testpmd_two\": $t2, \"testpmd_one_after\": $t1n}"
			g1=$g1n t1=$t1n
		done
		echo "$rounds" | jq -sc --arg s "$s" '
			def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
				else (.[length / 2 - 1] + .[length / 2]) / 2 end;
			def up(a; b): if a > 0 then b / a else 0 end;
			def r2: . * 100 | round / 100;
			map(. + {speedup: up((.one_before + .one_after) / 2; .two),
				 testpmd_speedup: up((.testpmd_one_before + .testpmd_one_after) / 2;
					.testpmd_two)}) as $r |
			{scenario: $s, rounds: $r,
			 one_pps: ([$r[0].one_before] + [$r[].one_after] | median | floor),
			 two_pps: ([$r[].two] | median | floor),
			 speedup: ([$r[].speedup] | median | r2),
			 speedup_min: ([$r[].speedup] | min | r2), speedup_max: ([$r[].speedup] | max | r2),
			 testpmd_one_pps: ([$r[0].testpmd_one_before] + [$r[].testpmd_one_after] |
				median | floor),
			 testpmd_two_pps: ([$r[].testpmd_two] | median | floor),
			 testpmd_speedup: ([$r[].testpmd_speedup] | median | r2),
			 testpmd_speedup_min: ([$r[].testpmd_speedup] | min | r2),
			 testpmd_speedup_max: ([$r[].testpmd_speedup] | max | r2)}' |
			tee -a "$OUT/workers.jsonl" |
			jq -r '"\(.scenario) 1 worker \(.one_pps / 1e6 * 100 | round / 100) Mpps, 2 workers \(.two_pps / 1e6 * 100 | round / 100) Mpps, x\(.speedup) (rounds \([.rounds[].speedup * 100 | round / 100] | map(tostring) | join(" "))); testpmd io x\(.testpmd_speedup) (rounds \([.rounds[].testpmd_speedup * 100 | round / 100] | map(tostring) | join(" ")))"'
	done
fi

if [ $SCALE = 1 ]; then
	: >"$OUT/scale.jsonl"
	SC=$OUT/scale
	echo "== scale: generating configurations and captures"
	/usr/bin/python3 scripts/gen_scale.py "$SC/full"
	/usr/bin/python3 scripts/gen_scale.py "$SC/small" --steer4 1000 --routes6 1000 --sids 1000 \
		--policies 100
	# 4,096 flows: net_pcap holds a whole capture in mbufs for infinite_rx
	/usr/bin/python3 scripts/gen_scale.py "$SC/sids" --steer4 1 --routes6 1 --sids 100000 \
		--policies 1 --flows 4096
	# two generations of the full tables need ~2.8 GiB (+ pools): reserve that
	# many 2 MiB hugepages for the section if fewer are free and the kernel
	# can give them (the previous count is restored at exit); else --no-huge
	need=1700
	reserve_hp $need
	if [ "${free_hp:-0}" -ge $need ]; then
		# --huge-unlink: 3.3 GiB of hugepage files must not outlive a
		# process that is stopped before its EAL cleanup
		SMEM="-m 3300 --huge-unlink"; SMODE="hugepages (2 MiB), -m 3300"
	else
		SMEM="--no-huge -m 4096"; SMODE="no hugepages (--no-huge -m 4096)"
	fi
	echo "   memory: $SMODE"
	# small and full alternate, $SCALE_ROUNDS processes each (why: this
	# VM's speed moves by up to 1.6x between processes, so one pair's
	# ratio says as much of the phases as of the tables; the table gives
	# the medians' ratio and each pair's); load, build and reload times,
	# and the 100k-SID-only configuration, from the first round
	for r in $(seq "$SCALE_ROUNDS"); do
		for size in small full sids; do
			[ "$r" -gt 1 ] && [ $size = sids ] && continue
			rl="--reload 3"
			[ "$r" -gt 1 ] && rl=""
			args=""
			for k in encap4 route6 end; do args="$args --pcap $SC/$size/scale-$k.pcap"; done
			[ $size = sids ] && args="--pcap $SC/$size/scale-end.pcap"
			for s in encap4-1sid route6 end; do args="$args --pcap $PCAPS/$s-1024.pcap"; done
			echo "-- $size (round $r)"
			# shellcheck disable=SC2086
			build/srv6gw-bench -l 0 $SMEM $EAL --file-prefix bsc$$ -- -c "$SC/$size/scale.conf" \
				--port in --runs $RUNS --packets $PKTS $rl $args 2>/dev/null |
				jq -c --arg z "$size" --arg mem "$SMODE" --argjson r "$r" \
					'. + {size: $z, memory: $mem, round: $r} | if .pcap then . + {scenario: (.pcap |
					split("/")[-1] | rtrimstr(".pcap") | sub("-1024$"; ""))} else . end' |
				tee -a "$OUT/scale.jsonl" | jq -r 'if .setup then "load \(.load_ms) ms, build \(.build_ms) ms, heap \(.gen_heap_mib) MiB" + (if .reloads > 0 then ", reload \(.reload_ms) ms, two generations \(.two_gen_heap_mib) MiB" else "" end) else "\(.scenario) \(.cycles_per_packet) cyc/pkt" end'
		done
	done
	echo "-- srv6gw reloading 100k SIDs under traffic (End, 4,096 flows)"
	log=$OUT/scale-reload.log
	st=$OUT/scale-reload-stats.json
	rm -f "$st" "$OUT/rl.sock"
	# shellcheck disable=SC2086
	build/srv6gw -l 0,1 $SMEM $EAL --file-prefix srl$$ \
		--vdev="net_pcap0,rx_pcap=$SC/sids/scale-end.pcap,infinite_rx=1" \
		--vdev=net_null0,no-rx=1 -- -c "$SC/sids/scale.conf" --stats-file "$st" \
		--ctl-socket "$OUT/rl.sock" >"$log" 2>&1 &
	pid=$!
	i=0
	while [ ! -S "$OUT/rl.sock" ] && [ $i -lt 120 ]; do sleep 1; i=$((i + 1)); done
	sleep 2
	for r in 1 2 3; do build/srv6gwctl -s "$OUT/rl.sock" --timeout 60 reload >/dev/null || true; sleep 1; done
	kill -INT $pid 2>/dev/null || true
	wait $pid || true
	ms=$(sed -n 's/.*reloaded .* in \([0-9.]*\) ms.*/\1/p' "$log" | tr '\n' ' ')
	jq -c --arg ms "$ms" '{reload_e2e: true, reload_ms: ($ms | split(" ") | map(select(. != "")
		| tonumber)), rx: .events.rx_packets, tx: .events.tx_packets,
		drops: ([.drops[]] | add), generation: .generation}' "$st" |
		tee -a "$OUT/scale.jsonl"
fi

{
	echo "Machine: $MACHINE; $DPDK; memory: $MODE; $(date -u +%F)."
	echo
	echo "In memory: median cycles per packet (in brackets: at the machine's fastest moment, srv6gw-bench's cycles_per_packet_fast)."
	echo
	echo "End to end: srv6gw's and testpmd's rates each the median of their last three one-second readings; whole runs: srv6gw's rate over each whole run instead (the statistic until the twenty-fifth round, over these runs)."
	echo
	echo "| scenario | cycles/pkt 1 flow | 1,024 flows | 65,536 flows | e2e Mpps | testpmd Mpps | ratio (rounds' min–max) | whole runs |"
	echo "|---|---|---|---|---|---|---|---|"
	for s in $SCEN; do
		c1=$(jq -r --arg s "$s" 'select(.scenario == $s and .flows == 1) | "\(.cycles_per_packet)\(if .cycles_per_packet_fast then " (\(.cycles_per_packet_fast))" else "" end)"' "$OUT/inmem.jsonl")
		c2=$(jq -r --arg s "$s" 'select(.scenario == $s and .flows == 1024) | "\(.cycles_per_packet)\(if .cycles_per_packet_fast then " (\(.cycles_per_packet_fast))" else "" end)"' "$OUT/inmem.jsonl")
		c3=$(jq -r --arg s "$s" 'select(.scenario == $s and .flows == 65536) | "\(.cycles_per_packet)\(if .cycles_per_packet_fast then " (\(.cycles_per_packet_fast))" else "" end)"' "$OUT/inmem.jsonl")
		e=$(jq -r --arg s "$s" 'select(.scenario == $s) | "\(.srv6gw_pps / 1e6 * 100 | round / 100) | \(.testpmd_pps / 1e6 * 100 | round / 100) | \(.ratio) (\(.ratio_min // "-")–\(.ratio_max // "-")) | \(.ratio_run // "-")"' "$OUT/e2e.jsonl")
		echo "| $s | ${c1:--} | ${c2:--} | ${c3:--} | ${e:-- | - | - | -} |"
	done
	if [ -s "$OUT/l3fwd.jsonl" ]; then
		echo
		echo "| DPDK l3fwd | l3fwd Mpps | testpmd Mpps | l3fwd / testpmd | srv6gw Mpps (same capture) | srv6gw / l3fwd |"
		echo "|---|---|---|---|---|---|"
		jq -r '"\(.l3fwd) \(.mpps) \(.testpmd_mpps) \(.ratio)"' "$OUT/l3fwd.jsonl" |
		while read -r mode mp tp r; do
			case $mode in ipv4*) sc=route4 ;; *) sc=route6 ;; esac
			g=$(jq -r --arg s "$sc" 'select(.scenario == $s) | .srv6gw_pps / 1e6 * 100 | round / 100' "$OUT/e2e.jsonl")
			rr=$(echo "$g $mp" | awk '{ if ($2 > 0 && $1 != "") printf "%.3f", $1 / $2; else print "-" }')
			echo "| $mode | $mp | $tp | $r | ${g:--} | $rr |"
		done
	fi
	if [ -s "$OUT/workers.jsonl" ]; then
		echo
		echo "| scenario | 1 worker Mpps | 2 workers Mpps | speed-up (rounds' min-max) | testpmd io 1 / 2 cores Mpps | its speed-up (min-max) |"
		echo "|---|---|---|---|---|---|"
		jq -r '"| \(.scenario) | \(.one_pps / 1e6 * 100 | round / 100) | \(.two_pps / 1e6 * 100 | round / 100) | \(.speedup) (\(.speedup_min)-\(.speedup_max)) | \((.testpmd_one_pps // 0) / 1e6 * 100 | round / 100) / \((.testpmd_two_pps // 0) / 1e6 * 100 | round / 100) | \(.testpmd_speedup // "-") (\(.testpmd_speedup_min)-\(.testpmd_speedup_max)) |"' "$OUT/workers.jsonl"
	fi
	if [ $SCALE = 1 ] && [ -s "$OUT/scale.jsonl" ]; then
		echo
		echo "Scale (memory: $SMODE):"
		echo
		jq -r 'select(.setup and (.round // 1) == 1) | "* \(.size): \(.sids) SIDs, \(.policies) policies: load \(.load_ms) ms, build \(.build_ms) ms, generation \(.gen_heap_mib) MiB, reload (parse + build) median \(.reload_ms) ms, two generations \(.two_gen_heap_mib) MiB"' "$OUT/scale.jsonl"
		jq -r 'select(.reload_e2e) | "* srv6gw, 100k SIDs, reloads under traffic: \(.reload_ms) ms; rx \(.rx), tx \(.tx), drops \(.drops)"' "$OUT/scale.jsonl"
		echo
		echo "Median of the rounds' processes per size (small and full alternating), the"
		echo "medians' ratio, and each round's pair's ratio."
		echo
		echo "| capture | small tables cyc/pkt | full scale cyc/pkt | ratio | rounds' ratios |"
		echo "|---|---|---|---|---|"
		jq -rs 'def median: sort | if length == 0 then null elif length % 2 == 1 then
				.[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
			map(select(.pcap and .size != "sids")) | group_by(.scenario)[] |
			(map(select(.size == "small")) | sort_by(.round // 1)) as $s |
			(map(select(.size == "full")) | sort_by(.round // 1)) as $f |
			([$s[].cycles_per_packet] | median) as $a |
			([$f[].cycles_per_packet] | median) as $b |
			"| \(.[0].scenario) | \($a) | \($b) | \(if $a > 0 then ($b / $a * 100 | round / 100) else "-" end) | \([$s[] as $x | $f[] | select((.round // 1) == ($x.round // 1) and $x.cycles_per_packet > 0) | (.cycles_per_packet / $x.cycles_per_packet * 100 | round / 100 | tostring)] | join(" ")) |"' "$OUT/scale.jsonl"
	fi
	# the issue's targets, as this run reads against them (never an exit status)
	echo
	# (only the sections this run measured: the files of the others may be
	# an earlier run's)
	secs=""
	[ $E2E = 1 ] && secs="$secs,e2e,workers"
	[ $INMEM = 1 ] && secs="$secs,inmem"
	[ $SCALE = 1 ] && secs="$secs,scale"
	/usr/bin/python3 scripts/bench_targets.py "$OUT" --sections "${secs#,}"
} >"$OUT/results.md"
if [ $HMAC = 1 ]; then
	echo "== SRH HMAC (scripts/bench_hmac.sh)"
	OUT=/tmp/srv6gw-bench-hmac sh scripts/bench_hmac.sh | tee "$OUT/hmac.txt"
fi
# a measurement that read nothing (a program that did not start, no
# telemetry) is a failed run, never a result: say which and exit 1
bad=""
if [ $INMEM = 1 ]; then
	for s in $SCEN; do
		# (-s: jq 1.6's -e reads only the last input's result)
		jq -se --arg s "$s" 'any(.[]; .scenario == $s and .flows == 1024)' \
			"$OUT/inmem.jsonl" >/dev/null || bad="$bad inmem:$s"
	done
fi
if [ $E2E = 1 ]; then
	bad="$bad $(jq -r 'select(.srv6gw_pps == 0 or .testpmd_pps == 0 or
		any(.rounds[]; .srv6gw_pps == 0 or .srv6gw_run_pps == 0 or
		    .testpmd_before_pps == 0 or .testpmd_after_pps == 0)) | "e2e:\(.scenario)"' \
		"$OUT/e2e.jsonl" | tr '\n' ' ')"
	bad="$bad $(jq -r 'select(.one_pps == 0 or .two_pps == 0 or .testpmd_one_pps == 0 or
		.testpmd_two_pps == 0 or any(.rounds[]; [.[]] | any(. == 0))) |
		"workers:\(.scenario)"' "$OUT/workers.jsonl" | tr '\n' ' ')"
	[ -s "$OUT/l3fwd.jsonl" ] || bad="$bad l3fwd"
	bad="$bad $(jq -r 'select((.mpps // 0) == 0) | "l3fwd:\(.l3fwd)"' "$OUT/l3fwd.jsonl" |
		tr '\n' ' ')"
fi
if [ $SCALE = 1 ]; then
	# (every round's process of small and full, and the sids one, gave its setup)
	for z in small full sids; do
		n=$SCALE_ROUNDS
		[ $z = sids ] && n=1
		jq -se --arg z "$z" --argjson n "$n" '[.[] | select(.setup and .size == $z)] |
			length == $n' "$OUT/scale.jsonl" >/dev/null || bad="$bad scale:$z"
	done
	jq -se 'any(.[]; .reload_e2e and .rx > 0)' "$OUT/scale.jsonl" >/dev/null ||
		bad="$bad scale:reload"
fi
bad=$(echo $bad)
if [ $PLOTS = 1 ] && [ -z "$bad" ]; then
	/usr/bin/python3 scripts/bench_plot.py "$OUT" docs
fi
echo
cat "$OUT/results.md"
[ $HMAC = 1 ] && { echo; echo "SRH HMAC:"; cat "$OUT/hmac.txt"; }

if [ -n "$bad" ]; then
	echo "bench: these measurements failed (read nothing): $bad" >&2
	exit 1
fi
exit 0
