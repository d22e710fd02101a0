#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Scenario 8: OAM (RFC 9259), ICMP feedback (RFC 8754 §5.4) and the SR
# domain boundary (RFC 8754 §5.1), with real ping, traceroute and Linux
# routers.
#
# ping:   ping from rta to gw's End SID fc00:1::e (no SRH; echo answered).
# trace:  traceroute -6 from rta to hsb through gw End: rta's route is
#         `encap seg6 mode inline segs fc00:1::e` (the SA stays rta's own,
#         so the errors come back to it). Hop 1 is gw: End with hop limit 1
#         answers Time Exceeded (RFC 8986 §4.1 S05); hop 2 is rtb, hop 3 hsb.
# oflag:  scapy sends SRv6 packets with the O-flag (RFC 9259 §2.1, flags
#         0x20) through gw End: they reach rtb untouched and unanswered
#         by gw; `srv6gwctl oam save` writes the copies as pcapng, at most
#         srv6.oam.rate (20) per second.
# ptb:    hsa -> 2001:db8:bb::2 is steered by gw into policy "far"
#         [fc00:b::e, fc00:bb::d6] (80 bytes of overhead); rtb's link to hsb
#         (the End.DT6) has MTU 1400, so rtb sends Packet Too Big (1400) to
#         gw's source fc00:1::1. gw traces it to the policy through the
#         quoted SRH, lowers the list's path MTU and answers the next big
#         packets with PTB MTU 1320 to hsa: hsa's kernel caches it, fragments,
#         and the ping gets through.
# edge:   gw restarted with west external (drop_srh, strict uRPF): rta can no
#         longer reach gw's SID or 5f00::/16, nor send an SRH or a spoofed
#         source through; rtb (internal) still pings the SID; a SID with
#         allowed_sources answers only sources in them.

SCEN=s8
. "$(dirname "$0")/lib.sh"
iop_init || { iop_summary; exit 1; }
if [ "$INTEROP_GW" = linux ]; then
	skip "scenario 8 checks srv6gw's own OAM and PTB handling (INTEROP_GW=linux)"
	iop_summary
	exit $?
fi
command -v traceroute >/dev/null 2>&1 || {
	fail "prerequisites (missing: traceroute; apt-get install traceroute)"; iop_summary; exit 1; }
topo_setup
CTL=${SRV6GWCTL:-$IOP_ROOT/build/srv6gwctl}

ip -n "$RTA" -6 route add 2001:db8:a::/64 dev to-hsa 2>/dev/null
ip -n "$RTA" -6 route add 2001:db8:bb::/64 via fc00:12::1 dev to-gw
ip -n "$RTB" -6 route add 2001:db8:a::/64 via fc00:23::1 dev to-gw
ip -n "$RTB" -6 route add fc00:b::e table 90 encap seg6local action End dev sid0
# hsb is the End.DT6 fc00:bb::d6 (table 255, the local table: delivery to
# bb::2, as the kernel selftest srv6_iptunnel_cache.sh does)
ip -n "$RTB" -6 route add fc00:bb::/48 via 2001:db8:b::2 dev to-hsb
ip -n "$RTB" link set to-hsb mtu 1400
ip -n "$HSB" link set veth0 mtu 1400
run_q nsx "$HSB" sysctl -w net.ipv6.conf.all.forwarding=1 \
	net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.veth0.seg6_enabled=1
ip -n "$HSB" -6 route add fc00:bb::d6 encap seg6local action End.DT6 table 255 dev veth0

gw_start "$IOP_DIR/conf/s8-oam.conf" || { iop_summary; exit 1; }

# ------------------------------------------------------------------ ping

ping_check "ping: rta -> gw End SID fc00:1::e (echo answered)" "$RTA" fc00:1::e

# ----------------------------------------------------------------- trace

ip -n "$RTA" -6 route add 2001:db8:b::/64 encap seg6 mode inline segs fc00:1::e dev to-gw
nsx "$RTA" ping -c 1 -W 1 2001:db8:b::2 >/dev/null 2>&1   # ND warm-up
TR=$(nsx "$RTA" traceroute -6 -n -q 1 -w 2 -m 5 2001:db8:b::2 2>&1)
echo "$TR" | sed 's/^/#   /'
hop() { echo "$TR" | awk -v h="$1" '$1 == h { print $2 }'; }
check "trace: hop 1 = gw fc00:12::1 (End, hop limit 1: Time Exceeded, RFC 8986 S05)" \
	test "$(hop 1)" = fc00:12::1
check "trace: hop 2 = rtb fc00:23::b (gw End forwarded with the hop limit decremented)" \
	test "$(hop 2)" = fc00:23::b
check "trace: hop 3 = hsb 2001:db8:b::2" test "$(hop 3)" = 2001:db8:b::2
ping_check "trace: ping rta -> hsb through gw End (inline SRH)" "$RTA" 2001:db8:b::2

# ----------------------------------------------------------------- oflag

cat >"$WORK/oflag.py" <<'EOF'
# N SRv6 echo requests from rta with the O-flag (RFC 9259: flags bit 2 = 0x20)
# to gw End fc00:1::e, then hsb; echo ids 0x5100 + i.
import sys
from scapy.all import IPv6, ICMPv6EchoRequest, send
from scapy.layers.inet6 import IPv6ExtHdrSegmentRouting
n = int(sys.argv[1])
pkts = []
for i in range(n):
    p = IPv6(src="fc00:12::a", dst="fc00:1::e", hlim=64) / \
        IPv6ExtHdrSegmentRouting(addresses=["2001:db8:b::2", "fc00:1::e"], segleft=1,
                                 lastentry=1) / \
        ICMPv6EchoRequest(id=0x5100 + i, data=b"oam")
    raw = bytearray(bytes(p))
    # scapy names the flag bits after an old draft: set the byte itself
    raw[40 + 5] = 0x20
    pkts.append(IPv6(bytes(raw)))
send(pkts, verbose=False, inter=0)
EOF
cap_start oflag-B "$RTB" to-gw
cap_start oflag-A "$RTA" to-gw
OUT=$(nsx "$RTA" $PY "$WORK/oflag.py" 60 2>&1) || note "oflag.py: $OUT"
sleep 0.5
cap_stop oflag-B
cap_stop oflag-A
n=$(pcap_count "$WORK/oflag-B.pcap" "icmpv6.type == 128 && icmpv6.echo.identifier >= 0x5100 && ipv6.dst == 2001:db8:b::2")
check "oflag: gw End forwarded the O-flag packets to rtb ($n of 60)" test "$n" -ge 55
pcap_expect "oflag: forwarded untouched but for End: SL 0, flags 0x20 kept" "$WORK/oflag-B.pcap" \
	"icmpv6.type == 128 && icmpv6.echo.identifier >= 0x5100 && ipv6.dst == 2001:db8:b::2" \
	"0|0x20|2001:db8:b::2,fc00:1::e" ipv6.routing.segleft ipv6.routing.srh.flags ipv6.routing.srh.addr
n=$(pcap_count "$WORK/oflag-A.pcap" "ipv6.src == fc00:12::1 && icmpv6.type == 129")
check "oflag: gw did not answer the payload (RFC 9259 §2.1.1: $n echo replies from gw)" test "$n" -eq 0
rm -f "$WORK/oam.pcapng"
OUT=$("$CTL" -s "$WORK/ctl.sock" oam save "$WORK/oam.pcapng" 2>&1)
note "srv6gwctl oam save: $OUT"
n=$(pcap_count "$WORK/oam.pcapng" "ipv6.routing.type == 4 && icmpv6.echo.identifier >= 0x5100")
check "oflag: srv6gwctl oam save wrote the copies as pcapng ($n; rate 20/s, burst 20)" \
	test "$n" -ge 1 -a "$n" -le 40
pcap_expect "oflag: copies are the packets as received (Ethernet from rta, SL 1, flags 0x20)" \
	"$WORK/oam.pcapng" "icmpv6.echo.identifier >= 0x5100" \
	"$MAC_RTA_GW|fc00:1::e|1|0x20" eth.src ipv6.dst ipv6.routing.segleft ipv6.routing.srh.flags
check "oflag: the capture has timestamps (first packet time > 0)" \
	test "$(tshark -n -r "$WORK/oam.pcapng" -T fields -e frame.time_epoch -c 1 2>/dev/null | cut -d. -f1)" -gt 1000000000

# ------------------------------------------------------------------- ptb

cap_start ptb-A "$RTA" to-gw
cap_start ptb-B "$RTB" to-gw
cap_start ptb-H "$HSB" veth0
ping_check "ptb: small ping hsa -> hsb bb::2 through policy far and hsb's End.DT6" \
	"$HSA" -I 2001:db8:a::2 2001:db8:bb::2
# 1300 B of ICMP payload: 1348 B inner, 1428 B outer: fits gw's links, not
# rtb's 1400-byte link to hsb.
# (-I: for bb::2 hsa would pick 2001:db8:aa::2, unroutable here)
for i in 1 2 3; do
	nsx "$HSA" ping -c 1 -W 1 -s 1300 -I 2001:db8:a::2 2001:db8:bb::2 >/dev/null 2>&1
done
ping_check "ptb: ping -s 1300 hsa -> hsb bb::2 gets through after the PTBs (fragments)" \
	"$HSA" -s 1300 -I 2001:db8:a::2 2001:db8:bb::2
cap_stop ptb-A
cap_stop ptb-B
cap_stop ptb-H
check "ptb: Linux rtb sent Packet Too Big MTU 1400 to gw's policy source fc00:1::1" \
	pcap_match_err "$WORK/ptb-B.pcap" "icmpv6.type == 2 && ipv6.dst == fc00:1::1" \
	"1400" icmpv6.mtu
check "ptb: gw sent Packet Too Big MTU 1320 (1400 - 80) to hsa" \
	pcap_match_err "$WORK/ptb-A.pcap" "icmpv6.type == 2 && ipv6.src == fc00:12::1" \
	"1320|2001:db8:a::2,2001:db8:bb::2" icmpv6.mtu ipv6.dst
check "ptb: hsa's kernel cached path MTU 1320 for bb::2" \
	q sh -c "ip netns exec $HSA ip -6 route get 2001:db8:bb::2 | grep -q 'mtu 1320'"

gw_stop
n=$(stats_event oam_flagged); check "stats: oam_flagged = $n (>= 55)" test "${n:-0}" -ge 55
n=$(stats_event oam_rate_limited); check "stats: oam_rate_limited = $n (> 0: 60 packets at once, rate 20)" test "${n:-0}" -gt 0
n=$(stats_event pmtu_lowered); check "stats: pmtu_lowered = $n (>= 1)" test "${n:-0}" -ge 1
check_drop_min mtu_exceeded 1
check_drop_min ttl_exceeded 1

# ------------------------------------------------------------------ edge

cat >"$WORK/edge.py" <<'EOF'
# From rta (outside): an SRH toward a host behind gw, a packet to 5f00::/16,
# and a spoofed source whose route back is not via west (strict uRPF).
# Sent as frames to gw's west MAC (no route lookup in scapy).
import sys
from scapy.all import Ether, IPv6, ICMPv6EchoRequest, sendp
from scapy.layers.inet6 import IPv6ExtHdrSegmentRouting
e = Ether(src=sys.argv[1], dst=sys.argv[2])
sendp([e / IPv6(src="2001:db8:a::2", dst="2001:db8:b::2") /
       IPv6ExtHdrSegmentRouting(addresses=["2001:db8:b::2"], segleft=0, lastentry=0) /
       ICMPv6EchoRequest(id=0x6601),
       e / IPv6(src="2001:db8:a::2", dst="5f00::1") / ICMPv6EchoRequest(id=0x6602),
       e / IPv6(src="2001:db8:b::99", dst="2001:db8:b::2") / ICMPv6EchoRequest(id=0x6603)] * 3,
      iface="to-gw", verbose=False)
EOF
ip -n "$RTA" -6 route replace 2001:db8:b::/64 via fc00:12::1 dev to-gw
gw_start "$IOP_DIR/conf/s8-edge.conf" || { iop_summary; exit 1; }
ping_fail_check "edge: ping from outside (rta) to gw's SID fc00:1::e dropped" "$RTA" fc00:1::e
ping_check "edge: ping from inside (rtb) to fc00:1::e answered" "$RTB" fc00:1::e
ping_check "edge: plain IPv6 hsa -> hsb through the external port" "$HSA" 2001:db8:b::2
ping_fail_check "edge: fc00:1::e9 (allowed_sources fc00:b::/48) from fc00:23::b dropped" \
	"$RTB" fc00:1::e9
ping_check "edge: fc00:1::e9 from fc00:b::1 answered" "$RTB" -I fc00:b::1 fc00:1::e9
cap_start edge-H "$HSB" veth0
OUT=$(nsx "$RTA" $PY "$WORK/edge.py" $MAC_RTA_GW $MAC_GW_WEST 2>&1) || note "edge.py: $OUT"
sleep 0.5
cap_stop edge-H
n=$(pcap_count "$WORK/edge-H.pcap" "icmpv6.echo.identifier >= 0x6601 && icmpv6.echo.identifier <= 0x6603")
check "edge: SRH, 5f00::/16 and spoofed-source packets from outside never reached hsb ($n)" \
	test "$n" -eq 0
gw_stop
check_drop_min iacl_ext 6
check_drop_min iacl_srh 3
check_drop_min urpf_failed 3
check_drop_min iacl_src 3

iop_summary
exit $?
