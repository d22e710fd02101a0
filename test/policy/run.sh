#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# SR policy failover and Flex-Algo on a live srv6gw, with the Linux kernel on
# the wire (net_tap ports in a namespace of their own):
#
#              +-------- srv6gw --------+
#   kernel --- | in (pin)        a (pa) | --- kernel: fc00:a::2 (primary next hop)
#  192.0.2.2   | 192.0.2.1       b (pb) | --- kernel: fc00:b::2 (backup next hop)
#              +------------------------+
#
# Policy "fo" (RFC 9256) has candidate path 200 through port a and 100 through
# port b. The kernel sends UDP toward 203.0.113.0/24; tcpdump on pa and pb
# shows which path srv6gw uses. "ip link set pa down" (net_tap raises the
# link change, srv6gw's link polling sees it) must move the traffic to port b
# at once, without a reload (the generation stays 1); "up" brings it back.
# Flex-Algo (RFC 9350): fc00:20::/32 is reached through port a in algorithm 0
# and through port b in algorithm 128; color 100 and color 128 steer to the
# same endpoint node r2 in each algorithm.
#
# Needs root, iproute2, tcpdump, jq, /usr/bin/python3. Prints "ok NAME" or
# "FAIL NAME: why" per check and ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
BIN=${SRV6GW:-build/srv6gw}
CTL=${SRV6GWCTL:-build/srv6gwctl}
pass=0
fail=0
tmp=$(mktemp -d)
ns=s6pol$$
gwpid=
cleanup() {
	if [ -n "$gwpid" ] && kill -0 "$gwpid" 2>/dev/null; then
		kill -TERM "$gwpid"
		for _ in $(seq 1 50); do kill -0 "$gwpid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$gwpid" 2>/dev/null
	fi
	ip netns del "$ns" 2>/dev/null
	if [ "$fail" -gt 0 ]; then echo "# work directory kept: $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

ok() { pass=$((pass + 1)); echo "ok $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
nsx() { ip netns exec "$ns" "$@"; }
ctl() { "$CTL" -s "$tmp/ctl.sock" "$@"; }
active() { ctl --json show policies | jq -r ".result.policies[] | select(.name == \"$1\") | .active_candidate_path"; }

cat >"$tmp/gw.conf" <<'CONF'
version = 1;
ports = (
  { name = "in"; device = "net_tap0"; ipv4 = ["192.0.2.1/24"]; },
  { name = "a";  device = "net_tap1"; ipv6 = ["fc00:a::1/64"]; },
  { name = "b";  device = "net_tap2"; ipv6 = ["fc00:b::1/64"]; }
);
routes = (
  { prefix = "fc00:a0::/32"; via = "fc00:a::2"; port = "a"; },
  { prefix = "fc00:b0::/32"; via = "fc00:b::2"; port = "b"; },
  { prefix = "fc00:20::/32"; via = "fc00:a::2"; port = "a"; },
  { prefix = "fc00:20::/32"; via = "fc00:b::2"; port = "b"; algorithm = 128; }
);
srv6 = {
  source = "fc00:1::1";
  locators = ( { name = "main"; prefix = "fc00:1::/48"; } );
  nodes = ( { name = "r2"; address = "fc00:20::1";
              locators = ( { algorithm = 0; prefix = "fc00:20::/48"; },
                           { algorithm = 128; prefix = "fc00:20:80::/48"; } ); } );
  policies = (
    { name = "fo"; color = 10; endpoint = "fc00:3::1"; mode = "encaps";
      candidate_paths = (
        { preference = 200; name = "via-a"; segments = ["fc00:a0::e", "fc00:3::d4"]; },
        { preference = 100; name = "via-b"; segments = ["fc00:b0::e", "fc00:3::d4"]; } ); },
    { name = "lowlat"; color = 128; endpoint = "@r2"; algorithm = 128; mode = "encaps.red";
      segments = ["@r2::d4"]; },
    { name = "igp"; color = 100; endpoint = "@r2"; mode = "encaps.red"; segments = ["@r2::d4"]; }
  );
  steering = (
    { match = "203.0.113.0/24";  policy = "fo"; },
    { match = "198.51.100.0/24"; color = 128; endpoint = "fc00:20::1"; },
    { match = "198.18.0.0/24";   color = 100; endpoint = "fc00:20::1"; }
  );
};
CONF

for t in ip tcpdump jq; do
	command -v $t >/dev/null || { ko "prerequisites" "$t missing"; echo "$pass passed, $fail failed"; exit 1; }
done
ip netns add "$ns" && nsx ip link set lo up
nsx sysctl -qw net.ipv6.conf.all.keep_addr_on_down=1 net.ipv6.conf.default.keep_addr_on_down=1
# ip netns exec execs srv6gw: $! is srv6gw itself (not a subshell), so the
# EXIT trap stops it, and its exit status and stats file are its own
ip netns exec "$ns" "$BIN" -l 0,1 --no-huge -m 1024 --no-pci --no-shconf --file-prefix pol$$ \
	--log-level='lib.*:error' --log-level='pmd.*:crit' \
	--vdev=net_tap0,iface=pin --vdev=net_tap1,iface=pa --vdev=net_tap2,iface=pb \
	-- -c "$tmp/gw.conf" --ctl-socket "$tmp/ctl.sock" --stats-file "$tmp/stats.json" \
	>"$tmp/gw.log" 2>&1 &
gwpid=$!
for _ in $(seq 1 100); do [ -S "$tmp/ctl.sock" ] && ctl version >/dev/null 2>&1 && break; sleep 0.2; done
nsx ip addr add 192.0.2.2/24 dev pin
nsx ip addr add fc00:a::2/64 dev pa nodad
nsx ip addr add fc00:b::2/64 dev pb nodad
for i in pin pa pb; do nsx ip link set $i up; done
for d in 203.0.113.0/24 198.51.100.0/24 198.18.0.0/24; do nsx ip route add $d via 192.0.2.1 dev pin; done
sleep 1

# send N UDP datagrams to DST (a few first, so ARP/ND are resolved)
send() {
	nsx /usr/bin/python3 - "$1" "$2" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(int(sys.argv[2])):
    s.sendto(b"policy-test %d" % i, (sys.argv[1], 9000 + i % 7))
    time.sleep(0.005)
PY
}

# phase NAME DST: capture on pa and pb while 20 datagrams go to DST;
# sets $na and $nb to the packets seen on each with outer destination $3 / $4.
phase() {
	send "$2" 3
	sleep 0.3
	# ip netns exec execs tcpdump: $! is tcpdump itself, which SIGINT stops
	ip netns exec "$ns" tcpdump -U -n -i pa -w "$tmp/$1-a.pcap" ip6 >/dev/null 2>"$tmp/$1-a.log" &
	local ta=$!
	ip netns exec "$ns" tcpdump -U -n -i pb -w "$tmp/$1-b.pcap" ip6 >/dev/null 2>"$tmp/$1-b.log" &
	local tb=$!
	# capturing only once both say so (a loaded machine starts them slowly)
	for _ in $(seq 1 100); do
		grep -q "listening on" "$tmp/$1-a.log" "$tmp/$1-b.log" 2>/dev/null &&
			[ "$(grep -l "listening on" "$tmp/$1-a.log" "$tmp/$1-b.log" | wc -l)" = 2 ] && break
		sleep 0.1
	done
	sleep 0.2
	send "$2" 20
	# until 20 of them are written (tcpdump -U), at most 10 s, then a little more
	for _ in $(seq 1 50); do
		count "$1" "$3" "$4"
		[ $((na + nb)) -ge 20 ] && break
		sleep 0.2
	done
	sleep 0.3
	kill -INT $ta $tb 2>/dev/null
	wait $ta $tb 2>/dev/null
	count "$1" "$3" "$4"
}

count() {
	na=$(tcpdump -n -r "$tmp/$1-a.pcap" "ip6 dst $2" 2>/dev/null | grep -c .)
	nb=$(tcpdump -n -r "$tmp/$1-b.pcap" "ip6 dst $3" 2>/dev/null | grep -c .)
}

gen0=$(ctl --json show config | jq -r .result.generation)
# the links came up after srv6gw started: count the changes from here
ch0=$(ctl --json show policies | jq -r '.result.policies[] | select(.name == "fo") | .active_changes')
[ "$(active fo)" = 200 ] && ok "fo: candidate path 200 (via port a) active at start" ||
	ko "fo: candidate path 200 active at start" "active $(active fo)"
phase up 203.0.113.5 fc00:a0::e fc00:b0::e
[ "$na" -ge 20 ] && [ "$nb" -eq 0 ] && ok "traffic on the preferred path (port a: $na, port b: $nb)" ||
	ko "traffic on the preferred path" "port a: $na, port b: $nb"

nsx ip link set pa down
sleep 0.6
[ "$(active fo)" = 100 ] && ok "link a down: candidate path 100 active" ||
	ko "link a down: candidate path 100 active" "active $(active fo)"
why=$(ctl --json show policies | jq -r '.result.policies[] | select(.name == "fo") | .reason')
case "$why" in
*"cp 200 invalid: first SID fc00:a0::e: egress port 'a' is down"*) ok "show policies says why: $why" ;;
*) ko "show policies says why" "$why" ;;
esac
phase down 203.0.113.5 fc00:a0::e fc00:b0::e
[ "$nb" -ge 20 ] && [ "$na" -eq 0 ] && ok "traffic moved to the backup path (port b: $nb, port a: $na)" ||
	ko "traffic moved to the backup path" "port a: $na, port b: $nb"

nsx ip link set pa up
sleep 0.6
[ "$(active fo)" = 200 ] && ok "link a up: candidate path 200 active again" ||
	ko "link a up: candidate path 200 active again" "active $(active fo)"
phase back 203.0.113.5 fc00:a0::e fc00:b0::e
[ "$na" -ge 20 ] && [ "$nb" -eq 0 ] && ok "traffic back on the preferred path (port a: $na, port b: $nb)" ||
	ko "traffic back on the preferred path" "port a: $na, port b: $nb"
gen1=$(ctl --json show config | jq -r .result.generation)
[ "$gen0" = 1 ] && [ "$gen1" = 1 ] && ok "no reload: generation still 1" ||
	ko "no reload" "generation $gen0 -> $gen1"
ch=$(ctl --json show policies | jq -r '.result.policies[] | select(.name == "fo") | .active_changes')
[ "$ch" = $((ch0 + 2)) ] && ok "fo: 2 changes of the active path counted" ||
	ko "fo: active_changes" "$ch0 -> $ch"

# Flex-Algo: the same /32 through a (algorithm 0) and b (algorithm 128)
phase fa128 198.51.100.5 fc00:20::d4 fc00:20:80::d4
[ "$nb" -ge 20 ] && [ "$na" -eq 0 ] &&
	ok "color 128 -> algorithm 128: fc00:20:80::d4 through port b ($nb)" ||
	ko "color 128 -> algorithm 128 through port b" "port a: $na, port b: $nb"
phase fa0 198.18.0.5 fc00:20::d4 fc00:20:80::d4
[ "$na" -ge 20 ] && [ "$nb" -eq 0 ] &&
	ok "color 100 -> algorithm 0: fc00:20::d4 through port a ($na)" ||
	ko "color 100 -> algorithm 0 through port a" "port a: $na, port b: $nb"

kill -TERM "$gwpid"
wait "$gwpid"
rc=$?
gwpid=
[ $rc -eq 0 ] && ok "clean exit" || ko "clean exit" "exit $rc: $(tail -3 "$tmp/gw.log")"
pd=$(jq -r .drops.policy_down "$tmp/stats.json")
[ "$pd" = 0 ] && ok "no policy_down drop (a valid path was always there)" || ko "policy_down" "$pd"
lists=$(jq -r '.policies[] | select(.name == "fo") | [.segment_lists[].packets] | map(tostring) | join(" ")' "$tmp/stats.json")
set -- $lists
[ "${1:-0}" -ge 40 ] && [ "${2:-0}" -ge 20 ] && ok "per-list counters: via-a $1, via-b $2" ||
	ko "per-list counters" "$lists"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
