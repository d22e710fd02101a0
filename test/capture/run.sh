#!/bin/sh
# DPDK telemetry and live capture against a running srv6gw. Both need the
# multi-process channel and hugepages, so this test reserves 2 MiB pages (and
# gives back what it added) and mounts hugetlbfs on /dev/hugepages if nothing
# is mounted there (a private --huge-dir mount is not found by dpdk-dumpcap's
# secondary process).
# Prints "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
BIN=${SRV6GW:-build/srv6gw}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
tmp=$(mktemp -d)
pf=s6cap$$
HP=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
old_hp=$(cat $HP)
cleanup() {
	[ -n "${gwpid:-}" ] && kill -INT "$gwpid" 2>/dev/null && wait "$gwpid" 2>/dev/null
	# the primary keeps its hugepage files for dpdk-dumpcap to attach (no
	# --huge-unlink here): remove them, or 512 MiB stay taken after the test
	rm -f /dev/hugepages/"$pf"map_*
	[ -n "${mounted:-}" ] && umount /dev/hugepages 2>/dev/null
	echo "$old_hp" >$HP 2>/dev/null
	[ -n "${KEEP:-}" ] && { echo "kept $tmp"; return; }
	rm -rf "$tmp" "/var/run/dpdk/$pf" "/tmp/$pf.pcap"
}
trap cleanup EXIT

echo $((old_hp + 320)) >$HP
if ! mountpoint -q /dev/hugepages; then
	mkdir -p /dev/hugepages
	mount -t hugetlbfs -o pagesize=2M nodev /dev/hugepages ||
		{ ko "hugetlbfs" "cannot mount"; echo "$pass passed, $fail failed"; exit 1; }
	mounted=1
fi
/usr/bin/python3 scripts/gen_bench.py "$tmp/pcaps" 1024 >/dev/null 2>&1
# DPDK 22.11's secondary process (dumpcap) gets the vdev arguments cut at 64
# characters: keep them short, or its net_pcap probe fails
short=/tmp/$pf.pcap
cp "$tmp/pcaps/encap4-2sid-1024.pcap" "$short"
"$BIN" -l 0,1 -m 512 --no-pci --file-prefix $pf --log-level='lib.*:error' \
	--vdev="net_pcap0,rx_pcap=$short,infinite_rx=1" \
	--vdev=net_null0,no-rx=1 -- -c conf/bench.conf --ctl-socket "$tmp/ctl.sock" \
	>"$tmp/gw.log" 2>&1 &
gwpid=$!
for _ in $(seq 1 50); do build/srv6gwctl -s "$tmp/ctl.sock" version >/dev/null 2>&1 && break; sleep 0.2; done

tel() { echo "$1" | timeout 10 dpdk-telemetry.py -f $pf 2>/dev/null | tail -1; }
v=$(tel /srv6gw/info | jq -r '."/srv6gw/info" | "\(.version) \(.generation) \(.workers)"' 2>/dev/null)
[ "$v" = "0.1.0 1 1" ] && ok "telemetry /srv6gw/info" || ko "telemetry /srv6gw/info" "got '$v'"
n=$(tel /srv6gw/stats | jq -r '."/srv6gw/stats".encapsulated' 2>/dev/null)
[ "${n:-0}" -gt 0 ] 2>/dev/null && ok "telemetry /srv6gw/stats (encapsulated $n)" ||
	ko "telemetry /srv6gw/stats" "encapsulated '$n'"
k=$(tel /srv6gw/drops | jq -r '."/srv6gw/drops" | keys | length' 2>/dev/null)
want=$(grep -c '^	X(' include/srv6gw/counters.h)
nev=$(tel /srv6gw/stats | jq -r '."/srv6gw/stats" | keys | length' 2>/dev/null)
[ $(( ${k:-0} + ${nev:-0} )) -eq "$want" ] && ok "telemetry: every counter exported" ||
	ko "telemetry: every counter exported" "drops $k + events $nev != $want"
p=$(tel /ethdev/list)
echo "$p" | grep -q '\[0, 1\]' && ok "telemetry /ethdev/list" || ko "telemetry /ethdev/list" "$p"

# dpdk-dumpcap: see docs/control-protocol.md on the snap length
timeout 20 dpdk-dumpcap --file-prefix=$pf -i net_pcap0 -c 10 -s 128 -w "$tmp/cap.pcapng" \
	>"$tmp/dumpcap.log" 2>&1
c=$(tshark -r "$tmp/cap.pcapng" -Y 'ip.dst == 203.0.113.0/24 && udp' 2>/dev/null | wc -l)
[ "$c" -ge 10 ] && ok "dpdk-dumpcap captures live RX traffic ($c packets)" ||
	ko "dpdk-dumpcap captures live RX traffic" "$c matching packets; $(tail -2 "$tmp/dumpcap.log")"
build/srv6gwctl -s "$tmp/ctl.sock" version >/dev/null && ok "srv6gw still serving after capture" ||
	ko "srv6gw still serving after capture" "no answer"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
