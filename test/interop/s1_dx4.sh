#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Scenario 1: IPv4 over SRv6 between srv6gw and the Linux kernel.
#
#   hsa -> hsb: hsa --IPv4--> rta --IPv4--> gw  H.Encaps (policy [fc00:b::d4])
#               --SRv6--> rtb  End.DX4 (Linux seg6local) --IPv4--> hsb
#   hsb -> hsa: hsb --IPv4--> rtb  `encap seg6 mode encap segs fc00:1::d4`
#               --SRv6--> gw  End.DX4 (srv6gw) --IPv4--> rta --> hsa
#
# Checks: ping and a UDP echo started from each host; the SRH srv6gw builds
# (RFC 8986 §5.1, one-SID H.Encaps keeps an SRH per docs/dataplane.md) and
# the decapsulated IPv4 it sends, from captures on rta:to-gw and rtb:to-gw;
# the SID and policy counters in srv6gw's stats JSON.

SCEN=s1
. "$(dirname "$0")/lib.sh"
iop_init || { iop_summary; exit 1; }
topo_setup

# Linux side
ip -n "$RTA" route add 198.51.100.0/24 via 192.0.2.65 dev to-gw
ip -n "$RTB" -6 route add fc00:b::d4 table 90 \
	encap seg6local action End.DX4 nh4 198.51.100.2 dev to-hsb
ip -n "$RTB" route add 192.0.2.0/26 encap seg6 mode encap segs fc00:1::d4 dev to-gw

# What srv6gw does, built with Linux (INTEROP_GW=linux)
s1_gw_linux() {
	ip -n "$GW" route add 192.0.2.0/26 via 192.0.2.66 dev west
	# Linux End.DX4 looks nh4 up and, on a connected route, ARPs for the
	# inner destination; a gateway host route makes 192.0.2.66 the next hop.
	ip -n "$GW" route add 192.0.2.66/32 via 192.0.2.66 dev west onlink
	ip -n "$GW" route add 198.51.100.0/24 encap seg6 mode encap segs fc00:b::d4 dev east
	ip -n "$GW" -6 route add fc00:1::d4 table 90 \
		encap seg6local action End.DX4 nh4 192.0.2.66 dev west
}

gw_start "$IOP_DIR/conf/s1-dx4.conf" s1_gw_linux || { iop_summary; exit 1; }

ping_check "rta -> gw 192.0.2.65 (ARP + IPv4 echo by the gw)" "$RTA" 192.0.2.65

cap_start A "$RTA" to-gw
cap_start B "$RTB" to-gw
ping_check "ping hsa -> hsb (gw H.Encaps -> Linux End.DX4; reply Linux encap -> gw End.DX4)" \
	"$HSA" 198.51.100.2
ping_check "ping hsb -> hsa (Linux encap -> gw End.DX4; reply gw H.Encaps -> Linux End.DX4)" \
	"$HSB" 192.0.2.2
udp_check "udp hsa -> hsb echo (1000 B)" "$HSA" 192.0.2.2 "$HSB" 198.51.100.2
udp_check "udp hsb -> hsa echo (1000 B)" "$HSB" 198.51.100.2 "$HSA" 192.0.2.2
udp_check "udp hsa -> hsb echo (1400 B)" "$HSA" 192.0.2.2 "$HSB" 198.51.100.2 1400
cap_stop A
cap_stop B

A=$WORK/A.pcap
B=$WORK/B.pcap
F_SRH="ipv6.src|ipv6.nxt|ipv6.routing.type|ipv6.routing.len|ipv6.routing.nxt|ipv6.routing.segleft|ipv6.routing.srh.last_entry|ipv6.routing.srh.addr"

# gw's H.Encaps, seen by rtb: one-SID SRH, SL 0, LE 0, next header 4.
GWENC="ipv6.dst == fc00:b::d4 && ip.src == 192.0.2.2"
pcap_expect "pcap: gw H.Encaps -> outer src fc00:1::1, SRH type 4 len 2, nh 4, SL 0, LE 0, [fc00:b::d4]" \
	"$B" "$GWENC" "fc00:1::1|43|4|2|4|0|0|fc00:b::d4" ${F_SRH//|/ }
check_gw_only "pcap: gw H.Encaps -> outer hop limit 64 (srv6.hop_limit), inner TTL 62 (headend decrements)" \
	pcap_match "$B" "$GWENC && icmp" "64|62" ipv6.hlim ip.ttl
check_gw_only "pcap: gw H.Encaps -> SRH flags 0, tag 0" \
	pcap_match "$B" "$GWENC" "0x00|0000" ipv6.routing.srh.flags ipv6.routing.srh.tag
FL=$(tsh "$B" "$GWENC && icmp" ipv6.flow | sort -u)
check_gw_only "pcap: gw H.Encaps -> flow label non-zero and constant per flow (got: $(echo $FL))" \
	test "$(echo "$FL" | grep -c .)" = 1 -a "$FL" != 0x00000 -a -n "$FL"
pcap_expect "pcap: gw H.Encaps -> Ethernet src = gw east MAC, dst = rtb MAC" \
	"$B" "$GWENC" "$MAC_GW_EAST|$MAC_RTB_GW" eth.src eth.dst

# Linux's H.Encaps toward gw's End.DX4 (what srv6gw has to accept).
pcap_expect "pcap: Linux H.Encaps -> outer src fc00:b::1, SRH nh 4, SL 0, LE 0, [fc00:1::d4]" \
	"$B" "ipv6.dst == fc00:1::d4" "fc00:b::1|43|4|2|4|0|0|fc00:1::d4" ${F_SRH//|/ }

# gw's End.DX4 output, seen by rta: bare IPv4 (outer IPv6 and SRH gone),
# to rta's MAC, inner TTL untouched (docs/dataplane.md: not decremented).
DX4OUT="ip.src == 198.51.100.2 && ip.dst == 192.0.2.2"
pcap_expect "pcap: gw End.DX4 -> bare IPv4 from gw west MAC to rta MAC" \
	"$A" "$DX4OUT" "$MAC_GW_WEST|$MAC_RTA_GW|0x0800|" eth.src eth.dst eth.type ipv6.nxt
TTL_IN=$(pcap_first "$B" "ipv6.dst == fc00:1::d4 && icmp" ip.ttl)
check_gw_only "pcap: gw End.DX4 -> inner TTL unchanged ($TTL_IN)" \
	pcap_match "$A" "$DX4OUT && icmp" "$TTL_IN" ip.ttl
pcap_none "pcap: no malformed packets and no ICMP errors on rta:to-gw" "$A" "_ws.malformed || $ICMP_ERR"
pcap_none "pcap: no malformed packets and no ICMP errors on rtb:to-gw" "$B" "_ws.malformed || $ICMP_ERR"

gw_stop
check_sid_count fc00:1::d4 8
check_policy_count to-hsb-dx4 8

iop_summary
exit $?
