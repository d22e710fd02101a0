#!/bin/sh
# Command-line behaviour of srv6gw: --check-config on good and bad files,
# option errors, and "a bad file is refused whole and no packet is sent".
# Prints one line per case and ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
BIN=${SRV6GW:-build/srv6gw}
pass=0
fail=0
tmp=$(mktemp -d)
ns=s6cli$$
cleanup() {
	[ -n "${gwpid:-}" ] && kill -INT "$gwpid" 2>/dev/null && sleep 1
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

ok() { pass=$((pass + 1)); echo "ok $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

# 1. every good file passes --check-config (exit 0), without EAL or ports
for f in conf/test/golden.conf conf/demo.conf conf/examples/*.conf test/config/good/*.conf; do
	[ -f "$f" ] || continue
	if out=$("$BIN" -- -c "$f" --check-config 2>&1); then
		ok "check-config good $f"
	else
		ko "check-config good $f" "$out"
	fi
done

# 2. every bad file fails (exit 1) and every error line is file:line: message
#    (an error about the file as a whole, e.g. a missing section, is "file: message")
for f in test/config/bad/*.conf; do
	out=$("$BIN" -- -c "$f" --check-config 2>&1)
	rc=$?
	if [ $rc -ne 1 ]; then
		ko "check-config bad $f" "exit $rc, want 1"
	elif ! printf '%s\n' "$out" | grep -Eq "^$f:([0-9]+:)? "; then
		ko "check-config bad $f" "no file:line: message in: $out"
	elif printf '%s\n' "$out" | grep -Ev "^$f:([0-9]+:)? " | grep -q .; then
		ko "check-config bad $f" "a line without file:line: $out"
	else
		ok "check-config bad $f"
	fi
done

# 3. a missing file and bad options
out=$("$BIN" -- -c "$tmp/nope.conf" --check-config 2>&1)
[ $? -eq 1 ] && printf '%s' "$out" | grep -q "nope.conf" && ok "missing file" ||
	ko "missing file" "$out"
"$BIN" -- --bogus >/dev/null 2>&1
[ $? -eq 2 ] && ok "unknown option exits 2" || ko "unknown option exits 2" "exit $?"
"$BIN" -l 0 >/dev/null 2>&1
[ $? -eq 2 ] && ok "no -- separator exits 2" || ko "no -- separator exits 2" "exit $?"
"$BIN" -- -V | grep -q "^srv6gw [0-9]" && ok "version" || ko "version" "no version"

# 4. a bad file is refused whole: non-zero exit, no packet sent, no stats
/usr/bin/python3 - "$tmp/in.pcap" <<'PY'
import sys
from scapy.all import Ether, IP, UDP, wrpcap
wrpcap(sys.argv[1], [Ether(dst="02:00:00:00:00:01") / IP(dst="203.0.113.5") / UDP()] * 3)
PY
sed 's/hop_limit = 64;/hop_limit = 999;/' conf/test/golden.conf >"$tmp/bad.conf"
timeout 30 "$BIN" -l 0,1 --no-huge -m 512 --no-pci --no-shconf --file-prefix cli$$ \
	--log-level='lib.*:error' \
	--vdev="net_pcap0,rx_pcap=$tmp/in.pcap,tx_pcap=$tmp/out0.pcap" \
	--vdev="net_pcap1,rx_pcap=$tmp/in.pcap,tx_pcap=$tmp/out1.pcap" \
	-- -c "$tmp/bad.conf" --idle-exit 200 --stats-file "$tmp/stats.json" \
	--ctl-socket "$tmp/bad.sock" >"$tmp/log" 2>&1
rc=$?
if [ $rc -ne 1 ]; then
	ko "bad file refused at start" "exit $rc"
elif [ -s "$tmp/out0.pcap" ] || [ -s "$tmp/out1.pcap" ] || [ -e "$tmp/stats.json" ]; then
	ko "bad file refused at start" "ports were opened or packets sent"
elif ! grep -q "bad.conf:[0-9]*: " "$tmp/log"; then
	ko "bad file refused at start" "no file:line message: $(cat "$tmp/log")"
else
	ok "bad file refused at start"
fi

# 5. two workers: each owns RX/TX queue k of every port (two pcap queues per port)
/usr/bin/python3 - "$tmp" <<'PY'
import sys
from scapy.all import Ether, IP, UDP, Raw, wrpcap
d = sys.argv[1]
e = Ether(src="02:00:00:00:ee:fe", dst="02:00:00:00:00:01")
wrpcap(d + "/q0.pcap", [e / IP(src="192.0.2.10", dst="203.0.113.%d" % i) / UDP() / Raw(b"a" * 20)
                        for i in range(1, 51)])
wrpcap(d + "/q1.pcap", [e / IP(src="192.0.2.11", dst="203.0.113.%d" % i) / UDP() / Raw(b"b" * 20)
                        for i in range(1, 41)])
wrpcap(d + "/none.pcap", [])
PY
timeout 30 "$BIN" --lcores 0@0,1@0,2@0 --no-huge -m 1024 --no-pci --no-shconf --file-prefix cli2w$$ \
	--log-level='lib.*:error' \
	--vdev="net_pcap0,rx_pcap=$tmp/q0.pcap,rx_pcap=$tmp/q1.pcap,tx_pcap=$tmp/e0.pcap,tx_pcap=$tmp/e1.pcap" \
	--vdev="net_pcap1,rx_pcap=$tmp/none.pcap,rx_pcap=$tmp/none.pcap,tx_pcap=$tmp/c0.pcap,tx_pcap=$tmp/c1.pcap" \
	-- -c conf/test/golden.conf --idle-exit 300 --stats-file "$tmp/2w.json" \
	--ctl-socket "$tmp/2w.sock" >"$tmp/2w.log" 2>&1
# (workers[k]: queue k's 50 and 40 packets, received and sent, as their own)
got=$(jq -r '"\(.events.rx_packets) \(.events.tx_packets) \(.workers | length) \(.policies[] | select(.name == "to-laptop") | .packets) \([.workers[] | "\(.rx_packets)/\(.tx_packets)"] | join(","))"' "$tmp/2w.json" 2>/dev/null)
n0=$(/usr/bin/python3 -c "from scapy.all import rdpcap; print(len(rdpcap('$tmp/c0.pcap')))" 2>/dev/null)
n1=$(/usr/bin/python3 -c "from scapy.all import rdpcap; print(len(rdpcap('$tmp/c1.pcap')))" 2>/dev/null)
if [ "$got" = "90 90 2 90 50/50,40/40" ] && [ "$n0" = 50 ] && [ "$n1" = 40 ]; then
	ok "two workers, one queue each"
else
	ko "two workers, one queue each" "stats '$got', core queue 0: $n0, queue 1: $n1"
fi

# 5b. a receive pool per worker: RX queue k fills from worker k's pool. net_pcap
#     with infinite_rx holds each queue's capture in mbufs of that queue's
#     pool (200 frames in queue 0, 20 in queue 1), so while it runs
#     srv6gw_rx holds at least 200 and srv6gw_rx1 at least 20 but fewer than
#     200 (one pool for both would show none of srv6gw_rx1, or 220 in one)
/usr/bin/python3 - "$tmp" <<'PY'
import sys
from scapy.all import Ether, IP, UDP, Raw, wrpcap
d = sys.argv[1]
e = Ether(src="02:00:00:00:ee:fe", dst="02:00:00:00:00:01")
for name, n in (("p0", 200), ("p1", 20)):
    wrpcap("%s/%s.pcap" % (d, name), [e / IP(src="192.0.2.10", dst="203.0.113.%d" % (1 + i % 200)) /
                                      UDP() / Raw(b"a" * 20) for i in range(n)])
PY
timeout 30 "$BIN" --lcores 0@0,1@0,2@0 --no-huge -m 1024 --no-pci --no-shconf --file-prefix clipool$$ \
	--log-level='lib.*:error' \
	--vdev="net_pcap0,rx_pcap=$tmp/p0.pcap,rx_pcap=$tmp/p1.pcap,infinite_rx=1" \
	--vdev="net_pcap1,rx_pcap=$tmp/none.pcap,rx_pcap=$tmp/none.pcap,tx_pcap=/dev/null,tx_pcap=/dev/null" \
	-- -c conf/test/golden.conf --ctl-socket "$tmp/pool.sock" >"$tmp/pool.log" 2>&1 &
poolpid=$!
pools=""
for _ in $(seq 1 50); do
	sleep 0.2
	pools=$(build/srv6gwctl -s "$tmp/pool.sock" --json show stats 2>/dev/null |
		jq -r '[.result.mempools[] | select(.name | startswith("srv6gw_rx")) |
			"\(.name)=\(.in_use)/\(.size)"] | join(" ")' 2>/dev/null) || pools=""
	[ -n "$pools" ] && break
done
kill -INT "$poolpid" 2>/dev/null
wait "$poolpid" 2>/dev/null
# shellcheck disable=SC2086
set -- $pools "" ""
p0=$1; p1=$2
u0=${p0#srv6gw_rx=}; u0=${u0%/*}; u1=${p1#srv6gw_rx1=}; u1=${u1%/*}
case "$u0$u1" in *[!0-9]*|"") u0=-1 u1=-1 ;; esac
if [ "${p0%%=*}" = srv6gw_rx ] && [ "${p1%%=*}" = srv6gw_rx1 ] && [ $# = 4 ] &&
	[ "$u0" -ge 200 ] && [ "$u1" -ge 20 ] && [ "$u1" -lt 200 ] &&
	[ "${p0#*/}" = 8832 ] && [ "${p1#*/}" = 8832 ]; then
	ok "a receive pool per worker"
else
	ko "a receive pool per worker" "pools: '$pools' (want srv6gw_rx >= 200 and srv6gw_rx1 20..199 in use, 8832 each)"
fi

# 6. other PMDs and a real kernel on the wire: net_tap in a namespace of its
#    own (the kernel pings srv6gw over IPv4 and IPv6: ARP, ND, echo), net_ring,
#    and link state: the tap going down and up shows in show ports (LSC poll)
printf '%s\n' 'version = 1;' 'ports = (' \
	'  { name = "tap"; device = "net_tap0"; ipv4 = ["192.0.2.1/24"]; ipv6 = ["2001:db8:e::1/64"]; },' \
	'  { name = "ring"; device = "net_ring0"; ipv6 = ["fc00:c::1/64"]; } );' \
	'neighbor_timers = { reachable_ms = 1000; probes = 1; };' >"$tmp/tap.conf"
ip netns add "$ns" && ip netns exec "$ns" ip link set lo up
ip netns exec "$ns" "$BIN" -l 0,1 --no-huge -m 1024 --no-pci --no-shconf --file-prefix tap$$ \
	--log-level='lib.*:error' --log-level='pmd.*:crit' --vdev=net_tap0,iface=s6t0 --vdev=net_ring0 \
	-- -c "$tmp/tap.conf" --ctl-socket "$tmp/tap.sock" >"$tmp/tap.log" 2>&1 &
gwpid=$!
ctl() { build/srv6gwctl -s "$tmp/tap.sock" "$@"; }
for _ in $(seq 1 50); do [ -S "$tmp/tap.sock" ] && ctl version >/dev/null 2>&1 && break; sleep 0.2; done
ip netns exec "$ns" ip addr add 192.0.2.2/24 dev s6t0
ip netns exec "$ns" ip addr add 2001:db8:e::2/64 dev s6t0 nodad
ip netns exec "$ns" ip link set s6t0 up
sleep 0.5
ip netns exec "$ns" ping -c 2 -W 2 192.0.2.1 >/dev/null 2>&1 && ok "net_tap: the kernel pings srv6gw (ARP, echo)" ||
	ko "net_tap: the kernel pings srv6gw (ARP, echo)" "no reply"
ip netns exec "$ns" ping -6 -c 2 -W 2 2001:db8:e::1 >/dev/null 2>&1 && ok "net_tap: IPv6 ping (ND, echo)" ||
	ko "net_tap: IPv6 ping (ND, echo)" "no reply"
st=$(ctl --json show neighbors | jq -r '.result.neighbors[] | select(.address == "192.0.2.2") | .state')
[ "$st" = learned ] && ok "neighbour learned from the kernel's ARP request" ||
	ko "neighbour learned from the kernel's ARP request" "state '$st'"
# neighbour reachability with the kernel as the neighbour (reachable 1 s, 1
# probe): used after more than 2 s of silence, it is probed while still used
# (not given up) and answers; told to ignore ARP (arp_ignore=8) it is given
# up after a second of probing; listening again, it is re-learned from the
# answer to the next solicitation
ip netns exec "$ns" sysctl -qw net.ipv4.neigh.s6t0.base_reachable_time_ms=600000
ev() { ctl --json show stats | jq -r ".result.$1"; }
sleep 1.5
ip netns exec "$ns" ping -c 2 -i 0.5 -W 2 192.0.2.1 >/dev/null 2>&1
pr=$(ev events.neigh_probed)
[ "${pr:-0}" -ge 1 ] && [ "$(ev events.neigh_expired)" = 0 ] &&
	ok "silent neighbour probed, kept (the kernel answers the probe)" ||
	ko "silent neighbour probed, kept (the kernel answers the probe)" \
		"neigh_probed '$pr', neigh_expired '$(ev events.neigh_expired)'"
ip netns exec "$ns" sysctl -qw net.ipv4.conf.s6t0.arp_ignore=8
sleep 2.5
un0=$(ev drops.neigh_unresolved)
ip netns exec "$ns" ping -c 6 -i 0.5 -W 1 192.0.2.1 >/dev/null 2>&1
ex=$(ev events.neigh_expired)
un1=$(ev drops.neigh_unresolved)
[ "${ex:-0}" -ge 1 ] && [ "${un1:-0}" -gt "${un0:-0}" ] &&
	ok "unanswered probes: neighbour given up, replies counted as neigh_unresolved" ||
	ko "unanswered probes: neighbour given up, replies counted as neigh_unresolved" \
		"neigh_expired '$ex', neigh_unresolved $un0 -> $un1"
ip netns exec "$ns" sysctl -qw net.ipv4.conf.s6t0.arp_ignore=0
ip netns exec "$ns" ping -c 6 -i 0.5 -W 2 192.0.2.1 >/dev/null 2>&1 &&
	ok "neighbour answers again: re-learned, replies flow" ||
	ko "neighbour answers again: re-learned, replies flow" "no reply"
ring=$(ctl --json show ports | jq -r '.result.ports[] | select(.name == "ring") | .link')
[ "$ring" = up ] && ok "net_ring port up" || ko "net_ring port up" "link '$ring'"
link() { ctl --json show ports | jq -r '.result.ports[] | select(.name == "tap") | "\(.link) \(.link_changes)"'; }
ip netns exec "$ns" ip link set s6t0 down
sleep 0.5
l1=$(link)
ip netns exec "$ns" ip link set s6t0 up
sleep 0.5
l2=$(link)
if [ "$l1" = "down 1" ] && [ "$l2" = "up 2" ]; then
	ok "link down/up seen (LSC)"
else
	ko "link down/up seen (LSC)" "after down: '$l1', after up: '$l2'"
fi
kill -INT "$gwpid" 2>/dev/null
wait "$gwpid"
rc=$?
gwpid=
[ $rc -eq 0 ] && ok "net_tap/net_ring: clean exit" || ko "net_tap/net_ring: clean exit" "exit $rc"

# 7. docs/stats.md lists exactly the counters of include/srv6gw/counters.h
/usr/bin/python3 scripts/gen_stats_doc.py --check >/dev/null && ok "stats doc up to date" ||
	ko "stats doc up to date" "run scripts/gen_stats_doc.py"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
