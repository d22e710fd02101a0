#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Scenario 4: End.DT6 on both sides.
#
#   Linux: rtb `seg6local action End.DT6 table 100`, 2001:db8:bb::/64 only
#          in table 100.
#   gw:    srv6gw End.DT6 fc00:1::a6 table 10, 2001:db8:aa::/64 only in
#          table 10 (main has 2001:db8:a::/64 instead).
#
# srh:    rta `encap seg6 mode encap segs fc00:b::a6` (gw is a transit
#         node) and rtb `... segs fc00:1::a6` -> gw End.DT6 -> rta -> hsa.
# nosrh:  the same with encap.red and one SID: no SRH at all; both DT6
#         implementations must accept a packet without SRH.
# gwred1: gw H.Encaps.Red with one SID (no SRH) toward rtb's End.DT6.
# isolation: a DT6 packet whose inner destination is only in the main
#         table (gw) or not in table 100 (rtb) must not be delivered.

SCEN=s4
. "$(dirname "$0")/lib.sh"
iop_init || { iop_summary; exit 1; }
topo_setup

ip -n "$RTA" -6 route add 2001:db8:aa::/64 via 2001:db8:a::2 dev to-hsa
ip -n "$RTB" -6 route add fc00:b::a6 table 90 \
	encap seg6local action End.DT6 table 100 dev to-hsb
ip -n "$RTB" -6 route add 2001:db8:bb::/64 via 2001:db8:b::2 dev to-hsb table 100

s4_gw_linux() {
	ip -n "$GW" -6 neigh replace fc00:12::a lladdr $MAC_RTA_GW dev west nud permanent
	ip -n "$GW" -6 neigh replace fc00:23::b lladdr $MAC_RTB_GW dev east nud permanent
	ip -n "$GW" -6 route add 2001:db8:a::/64 via fc00:12::a dev west
	ip -n "$GW" -6 route add 2001:db8:aa::/64 via fc00:12::a dev west table 10
	ip -n "$GW" -6 route add fc00:1::a6 table 90 \
		encap seg6local action End.DT6 table 10 dev sid0
	ip -n "$GW" -6 route add 2001:db8:bb::/64 \
		encap seg6 mode encap.red segs fc00:b::a6 dev east
}

gw_start "$IOP_DIR/conf/s4-dt6.conf" s4_gw_linux || { iop_summary; exit 1; }

F="ipv6.src ipv6.nxt ipv6.routing.nxt ipv6.routing.segleft ipv6.routing.srh.last_entry ipv6.routing.srh.addr"
TOBB="ipv6.dst == fc00:b::a6 && icmpv6"		# toward rtb's DT6 (on rtb:to-gw)
TOA6="ipv6.dst == fc00:1::a6 && icmpv6"		# toward gw's DT6 (on rtb:to-gw)
DT6OUT="ipv6.src == 2001:db8:bb::2 && ipv6.dst == 2001:db8:aa::2 && icmpv6"

traffic() {
	local case=$1
	cap_start $case-A "$RTA" to-gw
	cap_start $case-B "$RTB" to-gw
	ping_check "$case: ping hsa -> hsb (2001:db8:aa::2 -> 2001:db8:bb::2)" \
		"$HSA" -I 2001:db8:aa::2 2001:db8:bb::2
	ping_check "$case: ping hsb -> hsa (2001:db8:bb::2 -> 2001:db8:aa::2)" \
		"$HSB" -I 2001:db8:bb::2 2001:db8:aa::2
	udp_check "$case: udp hsa -> hsb echo (1000 B)" "$HSA" 2001:db8:aa::2 "$HSB" 2001:db8:bb::2
	udp_check "$case: udp hsb -> hsa echo (1000 B)" "$HSB" 2001:db8:bb::2 "$HSA" 2001:db8:aa::2
	udp_check "$case: udp hsb -> hsa echo (1376 B, 1488 B on the wire with one-SID SRH)" "$HSB" 2001:db8:bb::2 "$HSA" 2001:db8:aa::2 1376
	cap_stop $case-A
	cap_stop $case-B
	A=$WORK/$case-A.pcap
	B=$WORK/$case-B.pcap
}

# gw's End.DT6 output on rta:to-gw: a bare IPv6 packet, from the pinned
# port MAC to the static neighbour's MAC, inner hop limit as it arrived.
check_dt6_out() {
	local case=$1
	pcap_expect "$case: gw End.DT6 (table 10) -> bare IPv6 to rta, gw MAC -> static neighbour MAC" \
		"$A" "$DT6OUT" "$MAC_GW_WEST|$MAC_RTA_GW|58|" eth.src eth.dst ipv6.nxt ipv6.routing.type
	local hin
	hin=$(pcap_first "$B" "$TOA6 && ipv6.src == 2001:db8:bb::2" ipv6.hlim)
	check_gw_only "$case: gw End.DT6 -> inner hop limit unchanged (${hin#*,})" \
		pcap_match "$A" "$DT6OUT" "${hin#*,}" ipv6.hlim
}

case=srh
ip -n "$RTA" -6 route replace 2001:db8:bb::/64 encap seg6 mode encap segs fc00:b::a6 dev to-gw
ip -n "$RTB" -6 route replace 2001:db8:aa::/64 encap seg6 mode encap segs fc00:1::a6 dev to-gw
traffic $case
pcap_expect "$case: Linux H.Encaps -> gw DT6: SRH SL 0, LE 0, [fc00:1::a6]" \
	"$B" "$TOA6" "fc00:b::1,2001:db8:bb::2|43,58|41|0|0|fc00:1::a6" $F
pcap_expect "$case: gw transit of rta's SRv6 packet to rtb's DT6: SRH untouched" \
	"$B" "$TOBB" "fc00:a::1,2001:db8:aa::2|43,58|41|0|0|fc00:b::a6" $F
HIN=$(pcap_first "$A" "$TOBB" ipv6.hlim)
check_gw_only "$case: gw transit -> outer hop limit -1 ($HIN -> $(( ${HIN%%,*} - 1 )),${HIN#*,})" \
	pcap_match "$B" "$TOBB" "$(( ${HIN%%,*} - 1 )),${HIN#*,}" ipv6.hlim
check_dt6_out $case
pcap_none "$case: no malformed packets and no ICMP errors on rta:to-gw" "$A" "_ws.malformed || $ICMP_ERR"
pcap_none "$case: no malformed packets and no ICMP errors on rtb:to-gw" "$B" "_ws.malformed || $ICMP_ERR"

# Isolation (kselftest style): the inner destination is reachable in the
# main table of the decapsulating node but not in its DT6 table.
ip -n "$RTB" -6 route replace 2001:db8:a::/64 encap seg6 mode encap segs fc00:1::a6 dev to-gw
ping_fail_check "isolation: hsb -> gw End.DT6 -> 2001:db8:a::2 (main table only) not delivered" \
	"$HSB" -I 2001:db8:b::2 2001:db8:a::2
ip -n "$RTB" -6 route del 2001:db8:a::/64
ip -n "$RTA" -6 route replace 2001:db8:b::/64 encap seg6 mode encap segs fc00:b::a6 dev to-gw
ping_fail_check "isolation: hsa -> rtb End.DT6 -> 2001:db8:b::2 (not in table 100) not delivered" \
	"$HSA" -I 2001:db8:a::2 2001:db8:b::2
ip -n "$RTA" -6 route del 2001:db8:b::/64

case=nosrh
ip -n "$RTA" -6 route replace 2001:db8:bb::/64 encap seg6 mode encap.red segs fc00:b::a6 dev to-gw
ip -n "$RTB" -6 route replace 2001:db8:aa::/64 encap seg6 mode encap.red segs fc00:1::a6 dev to-gw
traffic $case
pcap_expect "$case: Linux H.Encaps.Red, one SID -> gw DT6: no SRH, next header 41" \
	"$B" "$TOA6" "fc00:b::1,2001:db8:bb::2|41,58||||" $F
pcap_expect "$case: gw transit to rtb's DT6: still no SRH" \
	"$B" "$TOBB" "fc00:a::1,2001:db8:aa::2|41,58||||" $F
check_dt6_out $case
pcap_none "$case: no malformed packets and no ICMP errors on rta:to-gw" "$A" "_ws.malformed || $ICMP_ERR"
pcap_none "$case: no malformed packets and no ICMP errors on rtb:to-gw" "$B" "_ws.malformed || $ICMP_ERR"

case=gwred1
ip -n "$RTA" -6 route replace 2001:db8:bb::/64 via fc00:12::1 dev to-gw
ip -n "$RTB" -6 route replace 2001:db8:aa::/64 encap seg6 mode encap segs fc00:1::a6 dev to-gw
traffic $case
pcap_expect "$case: gw H.Encaps.Red, one SID -> rtb DT6: src fc00:1::1, no SRH, next header 41" \
	"$B" "$TOBB" "fc00:1::1,2001:db8:aa::2|41,58||||" $F
check_gw_only "$case: gw H.Encaps.Red -> outer hop limit 64, inner 62" \
	pcap_match "$B" "$TOBB" "64,62" ipv6.hlim
check "$case: gw H.Encaps.Red -> outer payload length = 40 + inner" \
	plen_check "$B" "ipv6.dst == fc00:b::a6" 0
pcap_expect "$case: gw -> rtb frames from the pinned east MAC to the static neighbour's MAC" \
	"$B" "$TOBB" "$MAC_GW_EAST|$MAC_RTB_GW" eth.src eth.dst
check_dt6_out $case
pcap_none "$case: no malformed packets and no ICMP errors on rta:to-gw" "$A" "_ws.malformed || $ICMP_ERR"
pcap_none "$case: no malformed packets and no ICMP errors on rtb:to-gw" "$B" "_ws.malformed || $ICMP_ERR"

gw_stop
check_sid_count fc00:1::a6 24
check_policy_count to-bb-dt6 8
check_drop_min no_route 3	# the isolation packets

iop_summary
exit $?
