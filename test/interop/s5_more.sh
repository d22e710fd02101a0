#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Scenario 5: more srv6gw behaviours with Linux as the peer.
#
# b6dx6: hsa -> hsb: rta `encap seg6 mode encap segs fc00:1::b6,fc00:b::d6`
#          -> gw End.B6.Encaps (SL 1 -> 0, then a new outer header and SRH
#          [fc00:b::a6]) -> rtb End.DT6 table 90 (removes gw's outer header)
#          -> rtb End.DX6 fc00:b::d6 (removes rta's) -> hsb
#        hsb -> hsa: rtb `encap seg6 mode encap segs fc00:1::d6` -> gw End.DX6
#          -> rta -> hsa
# endx:  hsa -> hsb: rta `segs fc00:1::c1,fc00:c::d6` -> gw End.X to rtb
#          (gw has no route for fc00:c::/48) -> rtb End.DX6 fc00:c::d6
# ptb:   plain IPv6 hsa -> hsb steered by gw into a three-SID H.Encaps (96 B
#          overhead); a 1488-byte packet gets Packet Too Big (MTU 1404) and
#          the Linux host must accept it, lower its path MTU and fragment;
#          the way back is gw plain IPv6 routing. Then a hop limit 2 ping
#          gets Time Exceeded from gw (inner hop limit 1 at the headend).

SCEN=s5
. "$(dirname "$0")/lib.sh"
iop_init || { iop_summary; exit 1; }
topo_setup

ip -n "$RTA" -6 route add 2001:db8:a::/64 dev to-hsa 2>/dev/null
ip -n "$RTB" -6 rule add to fc00:c::/48 lookup 90 prio 998
ip -n "$RTB" -6 route add fc00:b::d6 table 90 \
	encap seg6local action End.DX6 nh6 2001:db8:b::2 dev to-hsb
ip -n "$RTB" -6 route add fc00:c::d6 table 90 \
	encap seg6local action End.DX6 nh6 2001:db8:b::2 dev to-hsb
ip -n "$RTB" -6 route add fc00:b::a6 table 90 \
	encap seg6local action End.DT6 table 90 dev sid0
ip -n "$RTB" -6 route add fc00:b::e table 90 encap seg6local action End dev sid0
ip -n "$RTB" -6 route add fc00:b::e2 table 90 encap seg6local action End dev sid0

s5_gw_linux() {
	ip -n "$GW" -6 route add 2001:db8:a::/64 via fc00:12::a dev west
	# Linux End.DX6 resolves nh6 through a route; make fc00:12::a a gateway.
	ip -n "$GW" -6 route add fc00:12::a/128 via fc00:12::a dev west
	ip -n "$GW" -6 route add fc00:1::d6 table 90 \
		encap seg6local action End.DX6 nh6 fc00:12::a dev west
	ip -n "$GW" -6 route add fc00:1::c1 table 90 \
		encap seg6local action End.X nh6 fc00:23::b dev east
	ip -n "$GW" -6 route add fc00:1::b6 table 90 \
		encap seg6local action End.B6.Encaps srh segs fc00:b::a6 dev sid0
	ip -n "$GW" -6 route add 2001:db8:b::/64 \
		encap seg6 mode encap segs fc00:b::e,fc00:b::e2,fc00:b::d6 dev east
}

gw_start "$IOP_DIR/conf/s5-more.conf" s5_gw_linux || { iop_summary; exit 1; }

F="ipv6.src ipv6.nxt ipv6.routing.nxt ipv6.routing.segleft ipv6.routing.srh.last_entry ipv6.routing.srh.addr"

traffic() {
	local case=$1
	cap_start $case-A "$RTA" to-gw
	cap_start $case-B "$RTB" to-gw
	ping_check "$case: ping hsa -> hsb" "$HSA" 2001:db8:b::2
	ping_check "$case: ping hsb -> hsa" "$HSB" 2001:db8:a::2
	udp_check "$case: udp hsa -> hsb echo (1000 B)" "$HSA" 2001:db8:a::2 "$HSB" 2001:db8:b::2
	udp_check "$case: udp hsb -> hsa echo (1000 B)" "$HSB" 2001:db8:b::2 "$HSA" 2001:db8:a::2
	cap_stop $case-A
	cap_stop $case-B
	A=$WORK/$case-A.pcap
	B=$WORK/$case-B.pcap
}

# gw End.DX6 toward rta: the bare inner packet, hop limit untouched.
DX6OUT="ipv6.src == 2001:db8:b::2 && ipv6.dst == 2001:db8:a::2 && icmpv6"
check_dx6_out() {
	local case=$1 hin
	pcap_expect "$case: gw End.DX6 -> bare IPv6 to rta's MAC" \
		"$A" "$DX6OUT" "$MAC_GW_WEST|$MAC_RTA_GW|2001:db8:b::2|58|" \
		eth.src eth.dst ipv6.src ipv6.nxt ipv6.routing.type
	hin=$(pcap_first "$B" "ipv6.dst == fc00:1::d6 && icmpv6" ipv6.hlim)
	check_gw_only "$case: gw End.DX6 -> inner hop limit unchanged (${hin#*,})" \
		pcap_match "$A" "$DX6OUT" "${hin#*,}" ipv6.hlim
}

case=b6dx6
ip -n "$RTA" -6 route replace 2001:db8:b::/64 encap seg6 mode encap segs fc00:1::b6,fc00:b::d6 dev to-gw
ip -n "$RTB" -6 route replace 2001:db8:a::/64 encap seg6 mode encap segs fc00:1::d6 dev to-gw
traffic $case
pcap_expect "$case: gw End.B6.Encaps -> outer fc00:1::1 -> fc00:b::a6 SRH [fc00:b::a6]; inner SRH SL 0 -> fc00:b::d6" \
	"$B" "ipv6.dst == fc00:b::a6 && icmpv6" \
	"fc00:1::1,fc00:a::1,2001:db8:a::2|43,43,58|41,41|0,0|0,1|fc00:b::a6,fc00:b::d6,fc00:1::b6" $F
HIN=$(pcap_first "$A" "ipv6.dst == fc00:1::b6 && icmpv6" ipv6.hlim)
check_gw_only "$case: gw End.B6.Encaps -> hop limits 64 (policy), $(( ${HIN%%,*} - 1 )) (End), ${HIN#*,} (untouched)" \
	pcap_match "$B" "ipv6.dst == fc00:b::a6 && icmpv6" "64,$(( ${HIN%%,*} - 1 )),${HIN#*,}" ipv6.hlim
pcap_expect "$case: Linux H.Encaps -> gw End.DX6 fc00:1::d6, SRH SL 0" \
	"$B" "ipv6.dst == fc00:1::d6 && icmpv6" "fc00:b::1,2001:db8:b::2|43,58|41|0|0|fc00:1::d6" $F
check_dx6_out $case
pcap_none "$case: no malformed packets and no ICMP errors on rta:to-gw" "$A" "_ws.malformed || $ICMP_ERR"
pcap_none "$case: no malformed packets and no ICMP errors on rtb:to-gw" "$B" "_ws.malformed || $ICMP_ERR"

case=endx
ip -n "$RTA" -6 route replace 2001:db8:b::/64 encap seg6 mode encap segs fc00:1::c1,fc00:c::d6 dev to-gw
traffic $case
pcap_expect "$case: gw End.X -> DA fc00:c::d6 (no route in gw), SL 0, to rtb's MAC" \
	"$B" "ipv6.dst == fc00:c::d6 && icmpv6" \
	"$MAC_GW_EAST|$MAC_RTB_GW|fc00:a::1,2001:db8:a::2|43,58|41|0|1|fc00:c::d6,fc00:1::c1" eth.src eth.dst $F
check_dx6_out $case
pcap_none "$case: no malformed packets and no ICMP errors on rta:to-gw" "$A" "_ws.malformed || $ICMP_ERR"
pcap_none "$case: no malformed packets and no ICMP errors on rtb:to-gw" "$B" "_ws.malformed || $ICMP_ERR"

case=ptb
ip -n "$RTA" -6 route replace 2001:db8:b::/64 via fc00:12::1 dev to-gw
ip -n "$RTB" -6 route replace 2001:db8:a::/64 via fc00:23::1 dev to-gw
traffic $case
pcap_expect "$case: gw H.Encaps, three SIDs -> DA fc00:b::e, SRH SL 2 LE 2 [fc00:b::d6,fc00:b::e2,fc00:b::e]" \
	"$B" "ipv6.dst == fc00:b::e && icmpv6" \
	"fc00:1::1,2001:db8:a::2|43,58|41|2|2|fc00:b::d6,fc00:b::e2,fc00:b::e" $F
pcap_expect "$case: gw plain IPv6 routing hsb -> hsa, hop limit 64 -> 62" \
	"$A" "ipv6.src == 2001:db8:b::2 && icmpv6" "58|62" ipv6.nxt ipv6.hlim
# Packet Too Big: 1440 B of UDP = 1488 B inner + 96 B > 1500.
# (Linux as headend sends its PTB to the outer source, itself: gw-only.)
cap_start ptb2-A "$RTA" to-gw
if [ "$INTEROP_GW" = linux ]; then
	skip "$case: udp hsa -> hsb echo 1440 B (srv6gw-only check, INTEROP_GW=linux)"
else
	udp_check "$case: udp hsa -> hsb echo (1440 B: PTB from gw, then fragments)" \
		"$HSA" 2001:db8:a::2 "$HSB" 2001:db8:b::2 1440
fi
cap_stop ptb2-A
# RFC 4443: quotes the packet as received (hop limit 63 after rta), checksum
# good, error packet cut to 1280 bytes (1294 with Ethernet).
check_gw_only "$case: gw sent Packet Too Big MTU 1404 from fc00:12::1 to hsa (1280 B, checksum ok)" \
	pcap_match_err "$WORK/ptb2-A.pcap" "icmpv6.type == 2" \
	"fc00:12::1,2001:db8:a::2|2001:db8:a::2,2001:db8:b::2|64,63|1404|1|1294" \
	ipv6.src ipv6.dst ipv6.hlim icmpv6.mtu icmpv6.checksum.status frame.len
check_gw_only "$case: Linux hsa accepted the PTB (route cache mtu 1404)" \
	q sh -c "ip netns exec $HSA ip -6 route get 2001:db8:b::2 | grep -q 'mtu 1404'"
# Hop limit 2: rta forwards with 1, gw (headend) must answer Time Exceeded.
OUT=$(nsx "$HSA" ping -c 1 -W 2 -t 2 2001:db8:b::2 2>&1)
check_gw_only "$case: ping -t 2 -> Time Exceeded from gw fc00:12::1" \
	q sh -c "echo '$OUT' | grep -q 'From fc00:12::1.*Time exceeded'"

gw_stop
check_sid_count fc00:1::b6 8
check_sid_count fc00:1::d6 16
check_sid_count fc00:1::c1 4
check_policy_count three 4
check_drop_min mtu_exceeded 1
check_drop_min ttl_exceeded 1

iop_summary
exit $?
