#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Scenario 3: reduced SRHs (H.Encaps.Red, RFC 8986 §5.2; the SL = LE + 1
# form that RFC 8754 §4.3.1.1 accepts), in both directions.
#
# red2:  rta `encap seg6 mode encap.red segs fc00:1::e,fc00:b::d6`
#        DA fc00:1::e, SRH [fc00:b::d6] LE 0 SL 1 -> gw End -> rtb End.DX6
#        (and rtb -> gw End -> rta End.DX6 for the other direction)
# red3:  `segs fc00:1::e,fc00:1::e2,<DX6>`: SRH [DX6, e2] LE 1 SL 2,
#        through gw End then End
# gwred: plain IPv6 to gw; gw policy mode encaps.red [<peer End>, <peer DX6>]
#        -> Linux End (accepting the reduced SRH) -> Linux End.DX6

SCEN=s3
. "$(dirname "$0")/lib.sh"
iop_init || { iop_summary; exit 1; }
topo_setup

ip -n "$RTA" -6 route add fc00:a::e table 90 encap seg6local action End dev sid0
ip -n "$RTA" -6 route add fc00:a::d6 table 90 \
	encap seg6local action End.DX6 nh6 2001:db8:a::2 dev to-hsa
ip -n "$RTB" -6 route add fc00:b::e table 90 encap seg6local action End dev sid0
ip -n "$RTB" -6 route add fc00:b::d6 table 90 \
	encap seg6local action End.DX6 nh6 2001:db8:b::2 dev to-hsb

s3_gw_linux() {
	ip -n "$GW" -6 route add fc00:1::e table 90 encap seg6local action End dev sid0
	ip -n "$GW" -6 route add fc00:1::e2 table 90 encap seg6local action End dev sid0
	ip -n "$GW" -6 route add 2001:db8:b::/64 \
		encap seg6 mode encap.red segs fc00:b::e,fc00:b::d6 dev east
	ip -n "$GW" -6 route add 2001:db8:a::/64 \
		encap seg6 mode encap.red segs fc00:a::e,fc00:a::d6 dev west
}

gw_start "$IOP_DIR/conf/s3-red.conf" s3_gw_linux || { iop_summary; exit 1; }

F="ipv6.src ipv6.nxt ipv6.routing.nxt ipv6.routing.segleft ipv6.routing.srh.last_entry ipv6.routing.len ipv6.routing.srh.addr"

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

# Linux encap.red through gw's End SIDs.
for case in red2 red3; do
	if [ $case = red2 ]; then MID=; LE=0; LEN=2; ENDS=1; else MID=fc00:1::e2,; LE=1; LEN=4; ENDS=2; fi
	ip -n "$RTA" -6 route replace 2001:db8:b::/64 \
		encap seg6 mode encap.red segs fc00:1::e,${MID}fc00:b::d6 dev to-gw
	ip -n "$RTB" -6 route replace 2001:db8:a::/64 \
		encap seg6 mode encap.red segs fc00:1::e,${MID}fc00:a::d6 dev to-gw
	traffic $case
	for dir in AB BA; do
		if [ $dir = AB ]; then
			IN=$A OUT=$B SRC=fc00:a::1,2001:db8:a::2 DX=fc00:b::d6 arrow="hsa -> hsb"
		else
			IN=$B OUT=$A SRC=fc00:b::1,2001:db8:b::2 DX=fc00:a::d6 arrow="hsb -> hsa"
		fi
		SEGS=$DX${MID:+,${MID%,}}
		pcap_expect "$case $arrow: Linux H.Encaps.Red -> DA fc00:1::e, reduced SRH LE $LE SL $((LE + 1)) [$SEGS]" \
			"$IN" "ipv6.dst == fc00:1::e && icmpv6" "$SRC|43,58|41|$((LE + 1))|$LE|$LEN|$SEGS" $F
		pcap_expect "$case $arrow: gw End$([ $ENDS = 2 ] && echo ' + End') -> DA $DX, SL 0, LE $LE, segments untouched" \
			"$OUT" "ipv6.dst == $DX && icmpv6" "$SRC|43,58|41|0|$LE|$LEN|$SEGS" $F
		HIN=$(pcap_first "$IN" "ipv6.dst == fc00:1::e && icmpv6" ipv6.hlim)
		HOUT="$(( ${HIN%%,*} - ENDS )),${HIN#*,}"
		check_gw_only "$case $arrow: gw -> outer,inner hop limit $HIN -> $HOUT" \
			pcap_match "$OUT" "ipv6.dst == $DX && icmpv6" "$HOUT" ipv6.hlim
		check "$case $arrow: gw -> outer payload length = 40 + inner + SRH $((8 * (LEN + 1)))" \
			plen_check "$OUT" "ipv6.dst == $DX" $((8 * (LEN + 1)))
	done
	pcap_none "$case: no malformed packets and no ICMP errors on rta:to-gw" "$A" "_ws.malformed || $ICMP_ERR"
	pcap_none "$case: no malformed packets and no ICMP errors on rtb:to-gw" "$B" "_ws.malformed || $ICMP_ERR"
done

# gw H.Encaps.Red toward Linux: plain IPv6 from both routers to gw.
case=gwred
ip -n "$RTA" -6 route replace 2001:db8:b::/64 via fc00:12::1 dev to-gw
ip -n "$RTB" -6 route replace 2001:db8:a::/64 via fc00:23::1 dev to-gw
traffic $case
for dir in AB BA; do
	if [ $dir = AB ]; then
		OUT=$B HS=2001:db8:a::2 X=b arrow="hsa -> hsb"
	else
		OUT=$A HS=2001:db8:b::2 X=a arrow="hsb -> hsa"
	fi
	pcap_expect "$case $arrow: gw H.Encaps.Red -> src fc00:1::1, DA fc00:$X::e, SRH [fc00:$X::d6] LE 0 SL 1, len 2" \
		"$OUT" "ipv6.dst == fc00:$X::e && icmpv6" "fc00:1::1,$HS|43,58|41|1|0|2|fc00:$X::d6" $F
	check_gw_only "$case $arrow: gw H.Encaps.Red -> outer hop limit 64, inner 62 (64 - rt - gw)" \
		pcap_match "$OUT" "ipv6.dst == fc00:$X::e && icmpv6" "64,62" ipv6.hlim
	check "$case $arrow: gw H.Encaps.Red -> outer payload length = 40 + inner + 24" \
		plen_check "$OUT" "ipv6.dst == fc00:$X::e" 24
	FL=$(tsh "$OUT" "ipv6.dst == fc00:$X::e && icmpv6.type == 128" ipv6.flow | cut -d, -f1 | sort -u)
	check_gw_only "$case $arrow: gw H.Encaps.Red -> outer flow label non-zero, one per flow (got: $(echo $FL))" \
		test "$(echo "$FL" | grep -c .)" = 1 -a "$FL" != 0x00000 -a -n "$FL"
done
pcap_none "$case: no malformed packets and no ICMP errors on rta:to-gw" "$A" "_ws.malformed || $ICMP_ERR"
pcap_none "$case: no malformed packets and no ICMP errors on rtb:to-gw" "$B" "_ws.malformed || $ICMP_ERR"

gw_stop
check_sid_count fc00:1::e 16
check_sid_count fc00:1::e2 8
check_policy_count red-to-hsb 8
check_policy_count red-to-hsa 8

iop_summary
exit $?
