#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Scenario 6: compressed SIDs (RFC 9800 NEXT-C-SID, "uSID", F3216) between
# srv6gw and the Linux kernel's `flavors next-csid lblen 32 nflen 16`.
#
# gwhead: srv6gw is the headend and compresses its policies into one
#   container each (no SRH); Linux End and End.X next-csid are midpoints:
#   hsa -> rta -> gw H.Encaps [fcbb:bb00:b:b:d6::] -> rtb uN (shift)
#          -> rtb End.DX6 fcbb:bb00:b:d6:: -> hsb
#   hsb -> rtb -> gw H.Encaps [fcbb:bb00:ea:1:a:d6::] -> rta uA (End.X
#          next-csid, shift, back to gw) -> gw uN (shift) -> rta End.DX6 -> hsa
# linuxhead: Linux encapsulates containers; srv6gw is uN, uA and uDT6:
#   hsa -> rta `encap.red segs fcbb:bb00:1:e001:b:d6::` -> gw uN -> gw uA
#          (out east) -> rtb End.DX6 -> hsb
#   hsb -> rtb `encap.red segs fcbb:bb00:1:e006::` -> gw uN -> gw uDT6
#          (decapsulate, main table) -> rta -> hsa
# Captures: A = rta:to-gw, B = rtb:to-gw; stats: SID counters, csid_shifts.

SCEN=s6
. "$(dirname "$0")/lib.sh"
iop_init || { iop_summary; exit 1; }
topo_setup

NC="flavors next-csid lblen 32 nflen 16"
for r in "$RTA:fc00:12::1" "$RTB:fc00:23::1"; do
	ns=${r%%:*} via=${r#*:}
	ip -n "$ns" -6 route add fcbb:bb00::/32 via "$via" dev to-gw
done
ip -n "$RTA" -6 rule add to fcbb:bb00:a::/48 lookup 90 prio 998
ip -n "$RTA" -6 rule add to fcbb:bb00:ea::/48 lookup 90 prio 998
ip -n "$RTA" -6 route add fcbb:bb00:ea::/48 table 90 \
	encap seg6local action End.X nh6 fc00:12::1 $NC dev to-gw
ip -n "$RTA" -6 route add fcbb:bb00:a:d6::/64 table 90 \
	encap seg6local action End.DX6 nh6 2001:db8:a::2 dev to-hsa
ip -n "$RTB" -6 rule add to fcbb:bb00:b::/48 lookup 90 prio 998
ip -n "$RTB" -6 route add fcbb:bb00:b::/48 table 90 encap seg6local action End $NC dev sid0
ip -n "$RTB" -6 route add fcbb:bb00:b:d6::/64 table 90 \
	encap seg6local action End.DX6 nh6 2001:db8:b::2 dev to-hsb

# no Linux stand-in: Linux has no per-ingress-port steering into policies
gw_start "$IOP_DIR/conf/s6-usid.conf" || { iop_summary; exit 1; }

F="ipv6.src ipv6.nxt ipv6.routing.segleft"
# hl_of PCAP FILTER: the outer hop limit of the first match.
hl_of() { local h; h=$(pcap_first "$1" "$2" ipv6.hlim); echo "${h%%,*}"; }

# ---- gwhead: plain IPv6 to gw, srv6gw compresses
ip -n "$RTA" -6 route replace 2001:db8:b::/64 via fc00:12::1 dev to-gw
ip -n "$RTB" -6 route replace 2001:db8:a::/64 via fc00:23::1 dev to-gw
cap_start gh-A "$RTA" to-gw
cap_start gh-B "$RTB" to-gw
ping_check "gwhead: ping hsa -> hsb (policies to-b / to-a, one container each)" \
	"$HSA" 2001:db8:b::2
ping_check "gwhead: ping hsb -> hsa" "$HSB" 2001:db8:a::2
udp_check "gwhead: udp hsa -> hsb echo (1000 B)" "$HSA" 2001:db8:a::2 "$HSB" 2001:db8:b::2
udp_check "gwhead: udp hsb -> hsa echo (1300 B)" "$HSB" 2001:db8:b::2 "$HSA" 2001:db8:a::2 1300
cap_stop gh-A
cap_stop gh-B
A=$WORK/gh-A.pcap
B=$WORK/gh-B.pcap
# RFC 9800 §6.1: rtb uN (b) then rtb End.DX6 (b:d6) share one container;
# one container, so no SRH (RFC 8754 §4.1.1): next header 41.
pcap_expect "gwhead hsa -> hsb: gw H.Encaps DA fcbb:bb00:b:b:d6::, no SRH, next header 41" \
	"$B" "ipv6.dst == fcbb:bb00:b:b:d6:: && icmpv6" "fc00:1::1,2001:db8:a::2|41,58|" $F
pcap_expect "gwhead hsb -> hsa: gw H.Encaps DA fcbb:bb00:ea:1:a:d6:: toward rta's uA" \
	"$A" "ipv6.dst == fcbb:bb00:ea:1:a:d6:: && icmpv6" "fc00:1::1,2001:db8:b::2|41,58|" $F
# Linux End.X next-csid shifted (ea gone) and sent the packet back to gw
pcap_expect "gwhead hsb -> hsa: Linux uA shifted -> DA fcbb:bb00:1:a:d6:: back to gw" \
	"$A" "ipv6.dst == fcbb:bb00:1:a:d6:: && icmpv6 && eth.dst == $MAC_GW_WEST" \
	"fc00:1::1,2001:db8:b::2|41,58|" $F
# srv6gw uN shifted once more (RFC 9800 §4.1.1 S05-S07: hop limit - 1)
pcap_expect "gwhead hsb -> hsa: gw uN shifted -> DA fcbb:bb00:a:d6:: to rta's End.DX6" \
	"$A" "ipv6.dst == fcbb:bb00:a:d6:: && icmpv6" "fc00:1::1,2001:db8:b::2|41,58|" $F
H1=$(hl_of "$A" "ipv6.dst == fcbb:bb00:1:a:d6:: && icmpv6 && eth.dst == $MAC_GW_WEST")
H2=$(hl_of "$A" "ipv6.dst == fcbb:bb00:a:d6:: && icmpv6")
if [ -n "$H1" ] && [ -n "$H2" ] && [ "$H2" -eq $((H1 - 1)) ]; then
	ok "gwhead: gw uN decremented the outer hop limit ($H1 -> $H2)"
else
	fail "gwhead: gw uN hop limit: in '$H1', out '$H2' (want in - 1)"
fi
check "gwhead hsa -> hsb: outer payload length = 40 + inner (no SRH)" \
	plen_check "$B" "ipv6.dst == fcbb:bb00:b:b:d6::" 0
pcap_none "gwhead: no malformed packets and no ICMP errors on rta:to-gw" "$A" "_ws.malformed || $ICMP_ERR"
pcap_none "gwhead: no malformed packets and no ICMP errors on rtb:to-gw" "$B" "_ws.malformed || $ICMP_ERR"

# ---- linuxhead: Linux encapsulates containers, srv6gw is uN / uA / uDT6
ip -n "$RTA" -6 route replace 2001:db8:b::/64 \
	encap seg6 mode encap.red segs fcbb:bb00:1:e001:b:d6:: dev to-gw
ip -n "$RTB" -6 route replace 2001:db8:a::/64 \
	encap seg6 mode encap.red segs fcbb:bb00:1:e006:: dev to-gw
cap_start lh-A "$RTA" to-gw
cap_start lh-B "$RTB" to-gw
ping_check "linuxhead: ping hsa -> hsb (gw uN + uA; gw uN + uDT6 back)" "$HSA" 2001:db8:b::2
ping_check "linuxhead: ping hsb -> hsa" "$HSB" 2001:db8:a::2
udp_check "linuxhead: udp hsa -> hsb echo (1000 B)" "$HSA" 2001:db8:a::2 "$HSB" 2001:db8:b::2
udp_check "linuxhead: udp hsb -> hsa echo (1300 B)" "$HSB" 2001:db8:b::2 "$HSA" 2001:db8:a::2 1300
cap_stop lh-A
cap_stop lh-B
A=$WORK/lh-A.pcap
B=$WORK/lh-B.pcap
pcap_expect "linuxhead hsa -> hsb: Linux sent DA fcbb:bb00:1:e001:b:d6::, no SRH" \
	"$A" "ipv6.dst == fcbb:bb00:1:e001:b:d6:: && icmpv6" "fc00:a::1,2001:db8:a::2|41,58|" $F
pcap_expect "linuxhead hsa -> hsb: gw uN + uA -> DA fcbb:bb00:b:d6:: out east" \
	"$B" "ipv6.dst == fcbb:bb00:b:d6:: && icmpv6 && eth.src == $MAC_GW_EAST" \
	"fc00:a::1,2001:db8:a::2|41,58|" $F
H1=$(hl_of "$A" "ipv6.dst == fcbb:bb00:1:e001:b:d6:: && icmpv6")
H2=$(hl_of "$B" "ipv6.dst == fcbb:bb00:b:d6:: && icmpv6 && eth.src == $MAC_GW_EAST")
if [ -n "$H1" ] && [ -n "$H2" ] && [ "$H2" -eq $((H1 - 2)) ]; then
	ok "linuxhead: two shifts at gw, outer hop limit $H1 -> $H2"
else
	fail "linuxhead: hop limit at gw: in '$H1', out '$H2' (want in - 2)"
fi
# uDT6 decapsulated: hsb's packet reaches rta as plain IPv6
pcap_expect "linuxhead hsb -> hsa: gw uN + uDT6 -> plain IPv6 to rta" \
	"$A" "ipv6.dst == 2001:db8:a::2 && icmpv6 && eth.src == $MAC_GW_WEST" \
	"2001:db8:b::2|58|" $F
pcap_none "linuxhead: no malformed packets and no ICMP errors on rta:to-gw" "$A" "_ws.malformed || $ICMP_ERR"
pcap_none "linuxhead: no malformed packets and no ICMP errors on rtb:to-gw" "$B" "_ws.malformed || $ICMP_ERR"

gw_stop
check_sid_count fcbb:bb00:1:: 20
check_sid_count fcbb:bb00:e001:: 8
check_sid_count fcbb:bb00:e006:: 8
check_policy_count to-b 8
check_policy_count to-a 8
n=$(stats_event csid_shifts)
if [ -n "$n" ] && [ "$n" -ge 40 ]; then
	ok "stats: csid_shifts = $n (>= 40)"
else
	fail "stats: csid_shifts = '$n', expected >= 40"
fi

iop_summary
exit $?
