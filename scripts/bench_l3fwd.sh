#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# A second I/O-floor reference: DPDK's own example l3fwd (LPM lookup, IPv4
# and IPv6) over the virtual devices of scripts/bench.sh, beside dpdk-testpmd
# in io mode over the same vdevs, in the same run.
#
#   scripts/bench_l3fwd.sh [--rebuild] [--intervals N] [--no-huge]
#
#   --rebuild      rebuild build-l3fwd/l3fwd (otherwise built only if missing)
#   --intervals N  one-second rate samples per program (default 4)
#   --no-huge      --no-huge -m 1024 even when hugepages are free
#
# Prints one JSON line per mode on stdout:
#   {"l3fwd": "ipv4-lpm", "mpps": X, "testpmd_mpps": Y, "ratio": X/Y}
# and the details (every interval, loss and misrouting checks, testpmd's own
# Tx-pps) into build-l3fwd/results.jsonl; a readable line per mode on stderr.
# Exits 1 if a check failed (a lookup miss, lost packets, CPU 1 not ours
# alone: see below); the numbers are then printed all the same.
#
# Build: Debian's dpdk-doc ships the example sources in
# /usr/share/dpdk/examples/l3fwd; they are copied into build-l3fwd/src and
# compiled out of tree against the installed libdpdk (pkg-config), with one
# patch: l3fwd asks for Rx checksum offload unconditionally, which net_pcap
# does not offer (rte_eth_dev_configure fails), and l3fwd never reads the
# result (the IPv4 checks of DO_RFC_1812_CHECKS look at header fields only).
#
# Traffic: the captures of scripts/gen_bench.py, route4-1024 (64 B IPv4/UDP to
# 198.51.100.1-250) and route6-1024 (78 B IPv6/UDP to 2001:db8:f::1:0-13ff),
# the frames srv6gw routes in scripts/bench.sh. l3fwd's built-in table
# (198.18.x.0/24, 2001:200:0:x::/64 -> port x) matches neither, so l3fwd gets
# rule files (--rule_ipv4/--rule_ipv6) with the prefixes of conf/bench.conf,
# 198.51.100.0/24 and 2001:db8:f::/48, both to port 1 (net_null). l3fwd does
# not look at the destination MAC; net_pcap gives no packet type, hence
# --parse-ptype. A lookup miss would be sent back out of port 0 (counted).
# l3fwd runs on one lcore (main = forwarding lcore 1; with a second lcore it
# wants 2 Tx queues per port and net_pcap has 1):
#   l3fwd -l 1 <mem> --no-pci --no-shconf --file-prefix P
#     --vdev=net_pcap0,rx_pcap=CAPTURE,infinite_rx=1 --vdev=net_null0,no-rx=1
#     -- -p 0x3 --config="(0,0,1)" --lookup=lpm --parse-ptype
#     --rule_ipv4=build-l3fwd/rules_v4.cfg --rule_ipv6=build-l3fwd/rules_v6.cfg
# and testpmd exactly as scripts/bench.sh runs it (-l 0,1, io, forwarding on
# lcore 1). Memory as there: -m 512 in hugepages if 384 are free, else
# --no-huge -m 1024 (recorded in results.jsonl).
#
# Rate: both programs are read the same way, through the EAL telemetry
# socket (/ethdev/stats, which works with --no-shconf): port 1 (net_null)
# opackets, sampled once a second from CPU 0 while forwarding runs on CPU 1,
# after a 1 s warm-up; the median of the per-second rates. Checked on the
# same samples: port 0 sent nothing (no lookup miss) and port 1 sent what
# port 0 received (no loss, no mbuf shortage); and the forwarding thread
# had CPU 1 to itself (its CPU time >= 95% of the window, steal < 5%): the
# lock keeps other benchmarks away, not every busy-polling DPDK process.
# testpmd's own per-second Tx-pps (what scripts/bench.sh reads; median of
# the non-zero ones) is recorded as a cross-check of the method.
#
# The machine is shared: the build and the runs take /tmp/srv6gw-heavy.lock
# themselves (waiting for it), unless the caller already holds it (runs this
# under `flock /tmp/srv6gw-heavy.lock`). About 25 s with 4 intervals.
set -euo pipefail
cd "$(dirname "$0")/.."

REBUILD=0
INTERVALS=4
NOHUGE=0
while [ $# -gt 0 ]; do
	case $1 in
	--rebuild) REBUILD=1 ;;
	--intervals) INTERVALS=${2:?}; shift ;;
	--no-huge) NOHUGE=1 ;;
	*) echo "usage: $0 [--rebuild] [--intervals N] [--no-huge]" >&2; exit 2 ;;
	esac
	shift
done

OUT=build-l3fwd
L3FWD=$OUT/l3fwd
LOCK=/tmp/srv6gw-heavy.lock
mkdir -p "$OUT/logs"

# the machine is shared: builds and runs wait for the lock other benchmarks
# take, unless an ancestor (`flock $LOCK CMD`) holds it and passed it down
held=0
for fd in /proc/"$$"/fd/*; do
	if [ "$(readlink "$fd")" = "$LOCK" ]; then held=1; fi
done
if [ $held = 0 ]; then
	exec 9>>"$LOCK"
	echo "waiting for $LOCK" >&2
	flock 9
fi

# ---------------------------------------------------------------- packages
# srv6gw's own packages plus dpdk-doc, which ships the example sources
scripts/install-deps.sh dpdk-doc >&2

# ---------------------------------------------------------------- build
EX=/usr/share/dpdk/examples
if [ $REBUILD = 1 ] || [ ! -x "$L3FWD" ]; then
	echo "building $L3FWD from $EX/l3fwd (DPDK $(pkg-config --modversion libdpdk))" >&2
	rm -rf "$OUT/src"
	mkdir -p "$OUT/src"
	cp -r "$EX/l3fwd" "$EX/common" "$OUT/src/"
	sed -i 's|^\t\t\.offloads = RTE_ETH_RX_OFFLOAD_CHECKSUM,$|\t\t.offloads = 0, /* srv6gw: the vdevs offer no Rx checksum offload */|' \
		"$OUT/src/l3fwd/main.c"
	grep -q 'srv6gw: the vdevs' "$OUT/src/l3fwd/main.c" ||
		{ echo "patching l3fwd main.c failed (source changed?)" >&2; exit 1; }
	# the sources and flags of the example's own Makefile (its shared build)
	SRC=$OUT/src/l3fwd
	# shellcheck disable=SC2046
	cc -O3 $(pkg-config --cflags libdpdk) -DALLOW_EXPERIMENTAL_API -I"$OUT/src/common" \
		"$SRC"/{main,l3fwd_acl,l3fwd_lpm,l3fwd_fib,l3fwd_em,l3fwd_event}.c \
		"$SRC"/{l3fwd_event_generic,l3fwd_event_internal_port}.c \
		-o "$L3FWD" $(pkg-config --libs libdpdk)
fi

# ---------------------------------------------------------------- captures
# the ones scripts/bench.sh made, else only route4/route6 from its builders
PCAPS=build/bench/pcaps
if [ ! -e "$PCAPS/route4-1024.pcap.port" ] || [ ! -e "$PCAPS/route6-1024.pcap.port" ]; then
	PCAPS=$OUT/pcaps
	/usr/bin/python3 - "$PCAPS" <<-'EOF'
	import os, sys
	sys.path.insert(0, "scripts")
	from gen_bench import SCENARIOS
	from scapy.all import PcapWriter
	out = sys.argv[1]
	os.makedirs(out, exist_ok=True)
	for name in ("route4", "route6"):
	    path = os.path.join(out, "%s-1024.pcap" % name)
	    if os.path.exists(path + ".port"):
	        continue
	    w = PcapWriter(path, sync=False)
	    for i in range(1024):
	        w.write(SCENARIOS[name][1](i))
	    w.close()
	    open(path + ".port", "w").write("in\n")
	EOF
fi

# l3fwd rule files: conf/bench.conf's prefixes for these captures, to port 1
printf '# srv6gw route4 (conf/bench.conf) -> port 1 (net_null)\nR198.51.100.0/24 1\n' >"$OUT/rules_v4.cfg"
printf '# srv6gw route6 (conf/bench.conf) -> port 1 (net_null)\nR2001:db8:f::/48 1\n' >"$OUT/rules_v6.cfg"

# ---------------------------------------------------------------- settings
# as scripts/bench.sh: hugepages when enough are free, --no-huge otherwise
free_hp=$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)
if [ "${free_hp:-0}" -ge 384 ] && [ $NOHUGE = 0 ]; then
	MEM="-m 512 --huge-unlink"     # no hugepage files outlive a stopped run
else
	MEM="--no-huge -m 1024"
fi
EAL="--no-pci --no-shconf --log-level=lib.*:error"
RUNDIR=/var/run/dpdk
[ "$(id -u)" = 0 ] || RUNDIR=${XDG_RUNTIME_DIR:-/tmp}/dpdk

# telemetry sampler: RUNDIR PREFIX INTERVALS -> one JSON object on stdout;
# rates from port 1's opackets over CLOCK_MONOTONIC, checks over the window
# shellcheck disable=SC2016
SAMPLER='
import json, os, socket, statistics, sys, time
sock_path = os.path.join(sys.argv[1], sys.argv[2], "dpdk_telemetry.v2")
n = int(sys.argv[3])
deadline = time.monotonic() + 15
while True:                                  # EAL init, LPM tables: wait
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        s.connect(sock_path)
        break
    except OSError:
        s.close()
        if time.monotonic() > deadline:
            sys.exit("no telemetry socket at " + sock_path)
        time.sleep(0.1)
info = json.loads(s.recv(1024))
maxlen, pid = info["max_output_len"], info["pid"]
def stats(port):
    s.send(b"/ethdev/stats,%d" % port)
    return json.loads(s.recv(maxlen))["/ethdev/stats"]
def ticks():                                 # CPU time of each of its threads
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            st = open("/proc/%d/task/%s/stat" % (pid, tid)).read()
        except OSError:
            continue
        f = st[st.rindex(")") + 2:].split()
        out[tid] = int(f[11]) + int(f[12])   # utime + stime
    return out
def cpu1():                                  # (all, steal) jiffies of CPU 1
    for line in open("/proc/stat"):
        if line.startswith("cpu1 "):
            f = [int(x) for x in line.split()[1:]]
            return sum(f[:8]), f[7]
def sample():                                # port 1 first: its time is the mid-point
    t0 = time.monotonic(); p1 = stats(1); t1 = time.monotonic()
    return (t0 + t1) / 2, stats(0), p1, t1 - t0
while sample()[2]["opackets"] == 0:          # forwarding has started ...
    if time.monotonic() > deadline:
        sys.exit("port 1 sent nothing")
    time.sleep(0.05)
time.sleep(1.0)                              # ... warm-up
samples = [sample()]
ticks0, cpu0 = ticks(), cpu1()
for _ in range(n):
    time.sleep(max(0.0, samples[-1][0] + 1.0 - time.monotonic()))
    samples.append(sample())
ticks1, cpu1_ = ticks(), cpu1()
rates = [(b[2]["opackets"] - a[2]["opackets"]) / (b[0] - a[0]) for a, b in zip(samples, samples[1:])]
(ta, a0, a1, _), (tb, b0, b1, _) = samples[0], samples[-1]
d = lambda x, y, k: y[k] - x[k]
# the forwarding thread (the busiest) should have had CPU 1 to itself
busiest = max(ticks1[t] - ticks0.get(t, 0) for t in ticks1)
print(json.dumps({
    "pps": statistics.median(rates), "interval_pps": [round(r) for r in rates],
    "seconds": round(tb - ta, 3),
    "fwd_cpu_share": round(busiest / os.sysconf("SC_CLK_TCK") / (tb - ta), 3),
    "cpu1_steal_share": round((cpu1_[1] - cpu0[1]) / max(cpu1_[0] - cpu0[0], 1), 3),
    "max_query_ms": round(max(x[3] for x in samples) * 1e3, 3),
    "rx": d(a0, b0, "ipackets"), "tx": d(a1, b1, "opackets"),
    "misrouted": d(a0, b0, "opackets"),      # sent back out of port 0
    "not_forwarded": d(a0, b0, "ipackets") - d(a1, b1, "opackets") - d(a0, b0, "opackets"),
    "rx_nombuf": d(a0, b0, "rx_nombuf"), "imissed": d(a0, b0, "imissed"),
    "oerrors": d(a1, b1, "oerrors")}))
'

# on any exit: stop what is still running (timeout passes SIGTERM on and
# SIGKILLs 3 s later), remove our EAL runtime directories
RUNNING=""
PREFIXES=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	if [ -n "$RUNNING" ]; then
		kill -TERM "$RUNNING" 2>/dev/null || true
		wait "$RUNNING" 2>/dev/null || true
	fi
	for f in $PREFIXES; do rm -rf "${RUNDIR:?}/$f"; done
}
trap cleanup EXIT

# measure NAME LOG RESULT CMD...: start a DPDK program (--file-prefix NAME)
# in the background, sample its ports, stop it; the sampler's JSON to RESULT
measure() {
	local name=$1 log=$2 result=$3 rc=0
	shift 3
	PREFIXES="$PREFIXES $name"
	# hard limit: the program ends by itself even if this script is killed
	timeout -k 3 -s TERM $((INTERVALS + 20)) "$@" </dev/null >"$log" 2>&1 &
	RUNNING=$!
	taskset -c 0 /usr/bin/python3 -c "$SAMPLER" "$RUNDIR" "$name" "$INTERVALS" >"$result" || rc=$?
	kill -TERM "$RUNNING" 2>/dev/null || true
	wait "$RUNNING" || true
	RUNNING=""
	rm -rf "${RUNDIR:?}/$name"
	if [ $rc != 0 ]; then
		echo "$name: measurement failed, see $log" >&2
		tail -5 "$log" >&2
		return 1
	fi
}

# ---------------------------------------------------------------- measure
failed=0
: >"$OUT/results.jsonl"
for mode in ipv4-lpm ipv6-lpm; do
	case $mode in
	ipv4-lpm) pcap=$PCAPS/route4-1024.pcap ;;
	ipv6-lpm) pcap=$PCAPS/route6-1024.pcap ;;
	esac
	# shellcheck disable=SC2054 # commas inside vdev arguments
	VDEVS=(--vdev="net_pcap0,rx_pcap=$pcap,infinite_rx=1" --vdev=net_null0,no-rx=1)

	# testpmd io, as scripts/bench.sh runs it: main lcore 0, forwarding lcore 1
	tlog=$OUT/logs/$mode-testpmd.log
	# shellcheck disable=SC2086
	measure "l3tp$$-$mode" "$tlog" "$OUT/logs/$mode-testpmd.json" stdbuf -oL dpdk-testpmd -l 0,1 $MEM $EAL \
		--file-prefix "l3tp$$-$mode" "${VDEVS[@]}" \
		-- --forward-mode=io --stats-period 1 --no-flush-rx --total-num-mbufs=16384

	# l3fwd: one lcore (1), main and forwarding; port 0 queue 0 on lcore 1
	llog=$OUT/logs/$mode-l3fwd.log
	# shellcheck disable=SC2086
	measure "l3fwd$$-$mode" "$llog" "$OUT/logs/$mode-l3fwd.json" "$L3FWD" -l 1 $MEM $EAL \
		--file-prefix "l3fwd$$-$mode" "${VDEVS[@]}" \
		-- -p 0x3 --config="(0,0,1)" --lookup=lpm --parse-ptype \
		--rule_ipv4="$OUT/rules_v4.cfg" --rule_ipv6="$OUT/rules_v6.cfg"

	/usr/bin/python3 - "$mode" "$OUT/logs/$mode-l3fwd.json" "$OUT/logs/$mode-testpmd.json" "$tlog" "$pcap" "$MEM" "$OUT/results.jsonl" <<-'EOF' || failed=1
	import json, sys
	mode, l, t, tlog, pcap, mem, path = sys.argv[1:]
	l, t = json.load(open(l)), json.load(open(t))
	# testpmd's own per-second Tx-pps (port 1's, the non-zero ones): median
	tx = sorted(int(x.split()[1]) for x in open(tlog) if x.split()[:1] == ["Tx-pps:"])
	tx = [v for v in tx if v > 0]
	tself = tx[len(tx) // 2] if tx else 0
	mpps = round(l["pps"] / 1e6, 3)
	tmpps = round(t["pps"] / 1e6, 3)
	ratio = round(l["pps"] / t["pps"], 3) if t["pps"] > 0 else None
	print(json.dumps({"l3fwd": mode, "mpps": mpps, "testpmd_mpps": tmpps, "ratio": ratio}))
	ok = all(x[k] == 0 for x in (l, t) for k in ("misrouted", "rx_nombuf", "imissed", "oerrors")) \
	    and all(abs(x["not_forwarded"]) < 0.001 * max(x["rx"], 1) for x in (l, t))
	# another busy process on CPU 1 (or the hypervisor) makes the rates meaningless
	quiet = all(x["fwd_cpu_share"] >= 0.95 and x["cpu1_steal_share"] < 0.05 for x in (l, t))
	with open(path, "a") as f:
	    f.write(json.dumps({"l3fwd": mode, "mpps": mpps, "testpmd_mpps": tmpps, "ratio": ratio,
	                        "checks_ok": ok, "cpu1_quiet": quiet, "pcap": pcap, "memory": mem,
	                        "l3fwd_detail": l, "testpmd_detail": t,
	                        "testpmd_selfreported_mpps": round(tself / 1e6, 3)}) + "\n")
	print("%s: l3fwd %.2f Mpps %s, testpmd io %.2f Mpps %s (its own Tx-pps %.2f), ratio %s%s" % (
	    mode, mpps, [round(r / 1e6, 2) for r in l["interval_pps"]], tmpps,
	    [round(r / 1e6, 2) for r in t["interval_pps"]], tself / 1e6, ratio,
	    ("" if ok else "  CHECK FAILED: misrouted/lost packets, see results.jsonl") +
	    ("" if quiet else "  NOT QUIET: CPU 1 shared (fwd thread %.0f%%/%.0f%% of it), rerun" % (
	        100 * l["fwd_cpu_share"], 100 * t["fwd_cpu_share"]))),
	    file=sys.stderr)
	sys.exit(0 if ok and quiet else 1)
	EOF
done
exit $failed
