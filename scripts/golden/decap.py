# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""Cases: the decapsulating SIDs (End.DX4, End.DX6, End.DT4, End.DT6,
End.DT46): SL checks, wrong or malformed inner packets, ECN, fragments."""

from .case import case
from .config import H4D, H6C, H6E
from .endpoint import inner4, inner6, sl0
from .packets import fraghdr, ipv4, ipv6, payload, srv6, udp4, udp6, v4_fix_csum, v4_ping, v4_udp, v6_ping, v6_udp
from .rules import set_ce


def build_decap_cases():
    # ------------------------------------------------------------ decap SIDs
    c = case("end-dx4", "End.DX4 (fc00:1::d4) with an SL-0 SRH and without an SRH: the outer "
             "header and extension headers are removed and the inner IPv4 packet is sent "
             "unchanged (TTL not decremented) to 192.0.2.10 on edge.",
             ["RFC 8986 §4.4", "srv6-rules P28"])
    i4 = v4_udp("198.18.9.1", "198.51.100.20", 1, 2, 500, ttl=17, ident=0x5000)
    c.send("core", sl0("fc00:1::d4", i4, nh=4))
    c.out("edge", "192.0.2.10", i4)
    i4 = v4_ping("198.18.9.1", "198.51.100.21", 3, 4, 1000, ttl=9)
    c.send("core", ipv6(H6C, "fc00:1::d4", 4, i4))
    c.out("edge", "192.0.2.10", i4)
    c.ev("decapsulated", 2)

    c = case("end-dx6", "End.DX6 (fc00:1::d6) with an SL-0 SRH and without: inner IPv6 sent "
             "unchanged to 2001:db8:e::10 on edge.", ["RFC 8986 §4.5", "srv6-rules P28"])
    i6 = v6_udp("2001:db8:aa::5", "2001:db8:77::1", 1, 2, 300, hl=20)
    c.send("core", sl0("fc00:1::d6", i6))
    c.out("edge", "2001:db8:e::10", i6)
    i6 = v6_ping("2001:db8:aa::5", "2001:db8:77::2", 5, 6, 900, hl=2)
    c.send("core", ipv6(H6C, "fc00:1::d6", 41, i6))
    c.out("edge", "2001:db8:e::10", i6)
    c.ev("decapsulated", 2)

    c = case("end-dt4", "End.DT4 (fc00:1::a4, table 20): inner IPv4 to 198.51.100.20 looked up "
             "in table 20 (via 192.0.2.10); inner TTL not decremented.", ["RFC 8986 §4.7"])
    i4 = v4_udp("198.18.9.1", "198.51.100.20", 11, 12, 256, ttl=30, ident=0x5100)
    c.send("core", sl0("fc00:1::a4", i4, nh=4))
    c.route(20, i4)
    i4 = v4_udp("198.18.9.1", "198.51.100.99", 11, 12, 20, ttl=30, ident=0x5101)
    c.send("core", ipv6(H6C, "fc00:1::a4", 4, i4))
    c.route(20, i4)
    c.ev("decapsulated", 2)

    c = case("end-dt4-no-route", "End.DT4 (table 20), inner destination 198.19.0.1 has no route "
             "in table 20 -> no_route; the ICMPv4 error would need an IPv4 source on the "
             "ingress port (core has none) -> not sent (icmp_no_source).",
             ["docs/dataplane.md ICMP errors (Source)", "RFC 1812 §4.3.2.4"])
    c.send("core", ipv6(H6C, "fc00:1::a4", 4, v4_udp("198.18.9.1", H4D, 11, 12, 20, ident=0x5102)))
    c.drop("no_route")
    c.ev("icmp_no_source")

    c = case("end-dt6", "End.DT6 (fc00:1::a6, table 10): inner IPv6 to 2001:db8:10::5 via "
             "2001:db8:e::10 on edge; inner HL not decremented. Also with outer HL 1 (the outer "
             "hop limit is not checked at a decapsulating SID).",
             ["RFC 8986 §4.6", "srv6-rules P23"])
    i6 = v6_udp("2001:db8:aa::5", "2001:db8:10::5", 1, 2, 200, hl=33)
    c.send("core", sl0("fc00:1::a6", i6))
    c.route(10, i6)
    i6 = v6_udp("2001:db8:aa::5", "2001:db8:10::6", 1, 2, 50, hl=33)
    c.send("core", srv6(H6C, "fc00:1::a6", ["fc00:1::a6"], 0, i6, hl=1))
    c.route(10, i6)
    c.ev("decapsulated", 2)

    c = case("end-dt6-no-route", "End.DT6 (table 10), inner destination 2001:db8:77::1 not in "
             "table 10 -> ICMPv6 Destination Unreachable code 0 about the inner packet, from "
             "fc00:c::1 (ingress port) to the inner source 2001:db8:f::5 (routed via edge).",
             ["RFC 8986 §4.6", "RFC 4443 §3.1"],
             decisions=["An error about a decapsulated packet quotes the inner packet (the one "
                        "being routed) and is sourced from the ingress port of the outer packet."])
    i6 = v6_udp(H6E, "2001:db8:77::1", 1, 2, 50)
    c.send("core", sl0("fc00:1::a6", i6))
    c.icmp6_error("core", i6, 1, 0)
    c.drop("no_route")

    c = case("end-dt46", "End.DT46 (fc00:1::a46, table 0): inner IPv4 (default via "
             "192.0.2.254) and inner IPv6 (2001:db8:f::/48 via 2001:db8:e::10) both decapsulated.",
             ["RFC 8986 §4.8"])
    i4 = inner4(150, 9)
    c.send("core", sl0("fc00:1::a46", i4, nh=4))
    c.route(0, i4)
    i6 = inner6(150, 10)
    c.send("core", ipv6(H6C, "fc00:1::a46", 41, i6))
    c.route(0, i6)
    c.ev("decapsulated", 2)

    c = case("decap-sl-nonzero", "Decapsulating SIDs reached with SL != 0: End.DT6 with SL 1 and "
             "End.DX4 with SL 2 -> Parameter Problem code 0 at Segments Left (43).",
             ["RFC 8986 §4.4-4.8", "srv6-rules P26"])
    p = c.send("core", srv6(H6C, "fc00:1::a6", ["fc00:b::d6", "fc00:1::a6"], 1, inner6(30)))
    c.icmp6_error("core", p, 4, 0, 43)
    p = c.send("core", srv6(H6C, "fc00:1::d4", ["fc00:b::d6", "fc00:b::e", "fc00:1::d4"], 2, inner4(30), nh=4))
    c.icmp6_error("core", p, 4, 0, 43)
    c.drop("sid_sl_nonzero", 2)

    c = case("decap-wrong-inner", "Wrong upper layer at decapsulating SIDs -> Parameter Problem "
             "code 4 at the upper-layer header: End.DT4 with inner IPv6 and no SRH (pointer 40), "
             "End.DX6 with inner IPv4 after an SL-0 SRH (pointer 64), End.DT46 with UDP (40).",
             ["RFC 8986 §4.4-4.8 -> §4.1.1", "srv6-rules P27"])
    p = c.send("core", ipv6(H6C, "fc00:1::a4", 41, inner6(30)))
    c.icmp6_error("core", p, 4, 4, 40)
    p = c.send("core", srv6(H6C, "fc00:1::d6", ["fc00:1::d6"], 0, inner4(30), nh=4))
    c.icmp6_error("core", p, 4, 4, 64)
    p = c.send("core", ipv6(H6C, "fc00:1::a46", 17, udp6(H6C, "fc00:1::a46", 1, 1, payload(12))))
    c.icmp6_error("core", p, 4, 4, 40)
    c.drop("upper_layer_not_allowed", 3)

    c = case("decap-inner-malformed", "Decapsulated packets checked like received ones: inner "
             "IPv6 whose payload length exceeds what is left (DX6), inner IPv4 whose total "
             "length exceeds what is left (DT4), inner IPv4 with a bad header checksum (DX4), "
             "inner IPv4 with IHL 4 (DT46) -> inner_malformed, no ICMP.",
             ["docs/dataplane.md End.D* step 4", "srv6-rules P29"])
    bad6 = inner6(100)[:120]
    c.send("core", sl0("fc00:1::d6", bad6))
    bad4 = inner4(100)[:90]
    c.send("core", ipv6(H6C, "fc00:1::a4", 4, bad4))
    bad4 = ipv4("198.18.9.1", "198.51.100.20", 17, udp4("198.18.9.1", "198.51.100.20", 1, 2, payload(20)),
                bad_csum=True)
    c.send("core", ipv6(H6C, "fc00:1::d4", 4, bad4))
    bad4 = bytearray(inner4(40))
    bad4[0] = 0x44
    c.send("core", ipv6(H6C, "fc00:1::a46", 4, v4_fix_csum(bytes(bad4))))
    c.drop("inner_malformed", 4)

    c = case("decap-ecn", "RFC 6040 at decapsulation: outer CE over inner ECT(0) IPv4 (DX4) -> "
             "inner CE, checksum fixed; outer CE over inner ECT(1) IPv6 (DT6) -> inner CE; outer "
             "ECT(0) over inner Not-ECT (DX6) -> inner unchanged; outer CE over inner Not-ECT "
             "(DX6) -> dropped (ecn_ce_not_ect).", ["RFC 6040 §4.2", "srv6-rules P30"])
    i4 = v4_udp("198.18.9.1", "198.51.100.20", 1, 2, 100, tos=0x02, ttl=20, ident=0x5200)
    c.send("core", ipv6(H6C, "fc00:1::d4", 4, i4, tc=0x03))
    c.out("edge", "192.0.2.10", set_ce(i4))
    i6 = v6_udp("2001:db8:aa::5", "2001:db8:10::7", 1, 2, 100, tc=0xB9, hl=20)
    c.send("core", srv6(H6C, "fc00:1::a6", ["fc00:1::a6", "fc00:b::e"], 0, i6, tc=0xB3))
    c.route(10, set_ce(i6))
    i6 = v6_udp("2001:db8:aa::5", "2001:db8:77::3", 1, 2, 100, tc=0x00, hl=20)
    c.send("core", ipv6(H6C, "fc00:1::d6", 41, i6, tc=0x02))
    c.out("edge", "2001:db8:e::10", i6)
    i6 = v6_udp("2001:db8:aa::5", "2001:db8:77::4", 1, 2, 100, tc=0x00, hl=20)
    c.send("core", ipv6(H6C, "fc00:1::d6", 41, i6, tc=0x03))
    c.drop("ecn_ce_not_ect")

    c = case("decap-fragment", "Fragments at a decapsulating SID (End.DT6): a first fragment "
             "and a non-first fragment -> frag_unsupported, no Parameter Problem.",
             ["RFC 8200 §4.5", "docs/dataplane.md Endpoint behaviours", "srv6-rules P49"])
    i6 = inner6(200)
    c.send("core", ipv6(H6C, "fc00:1::a6", 44, fraghdr(41, 0, True, 0xF00D) + i6[:104]))
    c.send("core", ipv6(H6C, "fc00:1::a6", 44, fraghdr(41, 13, False, 0xF00D) + i6[104:]))
    c.drop("frag_unsupported", 2)
