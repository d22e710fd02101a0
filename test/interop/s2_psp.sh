#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Scenario 2: Linux H.Encaps with three SIDs through srv6gw End (+PSP) to a
# Linux End.DX6 (IPv6 over SRv6), in both directions:
#
#   hsa -> hsb: rta `encap seg6 mode encap segs fc00:1::e,fc00:1::X,fc00:b::d6`
#               -> gw End (SL 2->1) -> gw End[.PSP] X (SL 1->0)
#               -> rtb End.DX6 -> hsb
#   hsb -> hsa: rtb `... segs fc00:1::e,fc00:1::X,fc00:a::d6` -> gw -> rta End.DX6
#
# Case "nopsp": X = fc00:1::e2 (End): the packet leaves gw with its SRH, SL 0.
# Case "psp":   X = fc00:1::e1 (End, PSP flavour): the SRH is gone (RFC 8986
#               §4.16.1), outer next header 41, payload length shrunk by 56.
# Both verified on captures of rtb:to-gw and rta:to-gw.

SCEN=s2
. "$(dirname "$0")/lib.sh"
iop_init || { iop_summary; exit 1; }
topo_setup

ip -n "$RTA" -6 route add fc00:a::d6 table 90 \
	encap seg6local action End.DX6 nh6 2001:db8:a::2 dev to-hsa
ip -n "$RTB" -6 route add fc00:b::d6 table 90 \
	encap seg6local action End.DX6 nh6 2001:db8:b::2 dev to-hsb

s2_gw_linux() {
	ip -n "$GW" -6 route add fc00:1::e table 90 encap seg6local action End dev sid0
	ip -n "$GW" -6 route add fc00:1::e1 table 90 encap seg6local action End flavors psp dev sid0
	ip -n "$GW" -6 route add fc00:1::e2 table 90 encap seg6local action End dev sid0
}

gw_start "$IOP_DIR/conf/s2-psp.conf" s2_gw_linux || { iop_summary; exit 1; }

# An SRv6 SID without SRH and an ICMPv6 echo request as upper layer: srv6gw
# answers (docs/dataplane.md, RFC 8986 §4.1.1 allows it by local policy).
check_gw_only "ping gw End SID fc00:1::e from rta (no SRH: echo answered)" \
	q nsx "$RTA" ping -c 2 -i 0.2 -W 2 fc00:1::e

F="ipv6.src|ipv6.nxt|ipv6.routing.nxt|ipv6.routing.segleft|ipv6.routing.srh.last_entry|ipv6.routing.len|ipv6.routing.srh.addr"
F="${F//|/ }"

# hlim_of PCAP FILTER: "outer,inner" hop limits of the first match.
hlim_of() { pcap_first "$1" "$2" ipv6.hlim; }

for case in nopsp psp; do
	if [ $case = psp ]; then X=fc00:1::e1; else X=fc00:1::e2; fi
	ip -n "$RTA" -6 route replace 2001:db8:b::/64 \
		encap seg6 mode encap segs fc00:1::e,$X,fc00:b::d6 dev to-gw
	ip -n "$RTB" -6 route replace 2001:db8:a::/64 \
		encap seg6 mode encap segs fc00:1::e,$X,fc00:a::d6 dev to-gw

	cap_start $case-A "$RTA" to-gw
	cap_start $case-B "$RTB" to-gw
	ping_check "$case: ping hsa -> hsb (segs fc00:1::e,$X,fc00:b::d6)" "$HSA" 2001:db8:b::2
	ping_check "$case: ping hsb -> hsa (segs fc00:1::e,$X,fc00:a::d6)" "$HSB" 2001:db8:a::2
	udp_check "$case: udp hsa -> hsb echo (1000 B)" "$HSA" 2001:db8:a::2 "$HSB" 2001:db8:b::2
	udp_check "$case: udp hsb -> hsa echo (1000 B)" "$HSB" 2001:db8:b::2 "$HSA" 2001:db8:a::2
	udp_check "$case: udp hsa -> hsb echo (1300 B)" "$HSA" 2001:db8:a::2 "$HSB" 2001:db8:b::2 1300
	cap_stop $case-A
	cap_stop $case-B
	A=$WORK/$case-A.pcap
	B=$WORK/$case-B.pcap

	for dir in AB BA; do
		if [ $dir = AB ]; then
			IN=$A OUT=$B SRC=fc00:a::1,2001:db8:a::2 DX=fc00:b::d6 arrow="hsa -> hsb"
		else
			IN=$B OUT=$A SRC=fc00:b::1,2001:db8:b::2 DX=fc00:a::d6 arrow="hsb -> hsa"
		fi
		SEGS="$DX,$X,fc00:1::e"
		# What Linux sent to gw: full SRH, SL 2, LE 2.
		pcap_expect "$case $arrow: Linux H.Encaps -> DA fc00:1::e, SRH SL 2, LE 2, [$SEGS]" \
			"$IN" "ipv6.dst == fc00:1::e && icmpv6" "$SRC|43,58|41|2|2|6|$SEGS" $F
		HIN=$(hlim_of "$IN" "ipv6.dst == fc00:1::e && icmpv6")
		HOUT="$(( ${HIN%%,*} - 2 )),${HIN#*,}"
		# What gw sent on: DA = the DX6 SID, SL 0, two hops consumed.
		if [ $case = psp ]; then
			pcap_expect "$case $arrow: gw End + End.PSP -> DA $DX, no SRH, next header 41" \
				"$OUT" "ipv6.dst == $DX && icmpv6" "$SRC|41,58|||||" $F
		else
			pcap_expect "$case $arrow: gw End + End -> DA $DX, SRH kept, SL 0, LE 2, [$SEGS]" \
				"$OUT" "ipv6.dst == $DX && icmpv6" "$SRC|43,58|41|0|2|6|$SEGS" $F
		fi
		# RFC 8986 §4.1 S12: each End decrements the hop limit (Linux
		# decrements once per node, hence gw-only).
		check_gw_only "$case $arrow: gw -> outer,inner hop limit $HIN -> $HOUT (2 End), inner unchanged" \
			pcap_match "$OUT" "ipv6.dst == $DX && icmpv6" "$HOUT" ipv6.hlim
		# Outer payload length = inner packet (+ SRH when kept), for every
		# packet gw forwarded (ICMPv6 and UDP).
		if [ $case = psp ]; then SRHB=0; else SRHB=56; fi
		check "$case $arrow: gw -> outer payload length = 40 + inner payload length + $SRHB" \
			plen_check "$OUT" "ipv6.dst == $DX" $SRHB
	done
	pcap_none "$case: no malformed packets and no ICMP errors on rta:to-gw" "$A" "_ws.malformed || $ICMP_ERR"
	pcap_none "$case: no malformed packets and no ICMP errors on rtb:to-gw" "$B" "_ws.malformed || $ICMP_ERR"
done

gw_stop
check_sid_count fc00:1::e 16
check_sid_count fc00:1::e1 8
check_sid_count fc00:1::e2 8

iop_summary
exit $?
