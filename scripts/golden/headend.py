# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""Cases: the headend (H.Encaps, H.Encaps.Red, steering, ECMP, the MTU:
Packet Too Big, Fragmentation Needed, RFC 791 fragments)."""

from .case import case
from .config import H4, H4B, H6E, POLICIES
from .packets import icmp6, ipv6, v4_dec_ttl, v4_ping, v4_udp, v6_ping, v6_udp


def build_headend_cases():
    # ------------------------------------------------------------ headend
    c = case("encap-v4-to-laptop", "H.Encaps of IPv4 (policy to-laptop, 2 SIDs): outer SA "
             "fc00:1::1 (srv6.source), DA fc00:2::e, HL 64, TC = inner TOS, NH 43; SRH NH 4, "
             "Hdr Ext Len 4, SL 1, LE 1, list [fc00:3::d4, fc00:2::e]; inner TTL-1 with checksum "
             "fixed. UDP of 3 sizes (one with TOS 0xb8) + ICMP echo; sent out core.",
             ["RFC 8986 §5.1", "RFC 8754 §2, §5.5", "RFC 6437"])
    for i, n in enumerate((18, 400, 1372)):
        p = c.send("edge", v4_udp(H4, "203.0.113.5", 41000 + i, 443, n, seed=i, ident=0x2000 + i,
                                  tos=0xB8 if i == 1 else 0))
        c.headend("edge", p, "to-laptop")
    p = c.send("edge", v4_ping(H4, "203.0.113.9", 0x1111, 3, 56))
    c.headend("edge", p, "to-laptop")

    c = case("encap-v6-three", "H.Encaps of IPv6 (policy three: 3 SIDs, source fc00:1::99, "
             "hop_limit 32): SRH NH 41, Hdr Ext Len 6, SL 2, LE 2, list [fc00:4::d6, fc00:3::e, "
             "fc00:2::e]; inner HL-1; outer TC copied from the inner TC (0xb8 on one packet).",
             ["RFC 8986 §5.1", "RFC 8754 §2"])
    for i, n in enumerate((8, 512, 1300)):
        p = c.send("edge", v6_udp(H6E, "2001:db8:bb::5", 42000 + i, 8080, n, seed=i,
                                  tc=0xB8 if i == 1 else 0, fl=0xABCDE))
        c.headend("edge", p, "three")
    p = c.send("edge", v6_ping(H6E, "2001:db8:bb::7", 0x2222, 1, 100))
    c.headend("edge", p, "three")

    c = case("encap-red3", "H.Encaps.Red of IPv6 (policy red3): DA = S1 = fc00:2::e, SRH "
             "without S1: list [fc00:4::d6, fc00:3::e], LE 1, SL 2, Hdr Ext Len 4.",
             ["RFC 8986 §5.2", "RFC 8754 §4.1.1 (reduced SRH)"])
    for i, n in enumerate((33, 777)):
        p = c.send("edge", v6_udp(H6E, "2001:db8:aa::5", 43000 + i, 5201, n, seed=i))
        c.headend("edge", p, "red3")

    c = case("encap-one-sid", "H.Encaps.Red with a single SID (policy one-sid): no SRH, outer "
             "NH 4 directly, DA fc00:3::d4, overhead 40.",
             ["RFC 8986 §5.2", "RFC 8754 §4.1", "srv6-rules P64"])
    for i, n in enumerate((20, 1000)):
        p = c.send("edge", v4_udp(H4, "198.18.0.5", 44000 + i, 5201, n, seed=i, ident=0x3000 + i))
        c.headend("edge", p, "one-sid")

    c = case("encap-one-srh", "H.Encaps with a single SID (policy one-srh): SRH kept, SL 0, "
             "LE 0, Hdr Ext Len 2, list [fc00:3::d4].",
             ["RFC 8986 §5.1", "RFC 8754 §2", "srv6-rules P64"])
    for i, n in enumerate((20, 1000)):
        p = c.send("edge", v4_udp(H4, "198.18.3.5", 45000 + i, 5201, n, seed=i, ident=0x3100 + i))
        c.headend("edge", p, "one-srh")

    c = case("encap-v4-padded", "A padded 60-byte frame carrying a 32-byte IPv4 packet steered "
             "to one-sid: the padding is trimmed before encapsulation (outer payload length 32).",
             ["docs/dataplane.md Receive 2", "srv6-rules P4"])
    p = c.send("edge", v4_udp(H4, "198.18.0.9", 1, 2, 4, ident=0x3200), pad_to=60, pad_byte=0)
    c.headend("edge", p, "one-sid")

    c = case("encap-ecmp", "Policy ecmp has two weighted (1:1) segment lists. 32 UDP flows "
             "(2 packets each, second round after the first) are steered: each output must use "
             "exactly one of the two lists, the same one for both packets of a flow, and both "
             "lists must be used. The expected pcap holds a placeholder pick; the runner "
             "substitutes the list actually used (cases.json 'ecmp').",
             ["RFC 8986 §5.1", "RFC 8754 §5.5", "docs/dataplane.md Headend (several lists)"])
    flows = [(H4 if i % 2 else H4B, f"198.18.1.{10 + i}", 20000 + 37 * i, 6000 + i) for i in range(32)]
    for rnd in range(2):
        for i, (s, d, sp, dp) in enumerate(flows):
            p = c.send("edge", v4_udp(s, d, sp, dp, 64 + 16 * i + rnd, seed=i, ident=0x6000 + 64 * rnd + i))
            c.headend("edge", p, "ecmp")
    c.ecmp = {"port": "core", "lists": [segs for _, segs in POLICIES["ecmp"][1]]}

    c = case("steer-port-core", "Per-port steering: 198.18.2.0/24 arriving on the core port "
             "matches the port-bound rule and is encapsulated by policy three (source fc00:1::99, "
             "HL 32, 3 SIDs) back out core.", ["RFC 8986 §5", "docs/dataplane.md IPv6 classification 5"])
    p = c.send("core", v4_udp(H4, "198.18.2.5", 46000, 5201, 120, ident=0x3300))
    c.headend("core", p, "three")

    c = case("steer-port-edge", "Per-port steering: 198.18.2.0/24 arriving on the EDGE port "
             "does not match the core-only rule and is routed by table 0 (default via "
             "192.0.2.254) with TTL-1.", ["docs/dataplane.md IPv6 classification 5-6"])
    p = c.send("edge", v4_udp(H4, "198.18.2.5", 46001, 5201, 120, ident=0x3301))
    c.route(0, v4_dec_ttl(p))
    c.ev("forwarded_ipv4")

    c = case("encap-v4-ttl1", "Headend, inner IPv4 TTL 1 -> ICMP Time Exceeded to the inner "
             "source (from 192.0.2.1 via edge) instead of encapsulation.",
             ["RFC 8986 §5.1 (S05 routes the inner packet)", "RFC 1812 §5.3.1", "srv6-rules P60"])
    p = c.send("edge", v4_udp(H4, "203.0.113.5", 41500, 443, 60, ttl=1, ident=0x2100))
    c.headend("edge", p, "to-laptop")

    c = case("encap-v6-hl1", "Headend, inner IPv6 HL 1 -> ICMPv6 Time Exceeded to the inner "
             "source from 2001:db8:e::1.", ["RFC 8986 §5.1", "RFC 4443 §3.3", "srv6-rules P60"])
    p = c.send("edge", v6_udp(H6E, "2001:db8:bb::5", 42500, 8080, 60, hl=1))
    c.headend("edge", p, "three")

    c = case("encap-v6-ptb", "Headend MTU, inner IPv6, policy three (overhead 40+8+48=96): a "
             "1404-byte inner packet fits exactly (1500-byte outer); a 1405-byte one gets Packet "
             "Too Big with MTU 1500-96=1404, body truncated to a 1280-byte error.",
             ["RFC 8986 §5", "RFC 4443 §3.2", "RFC 2473 §7", "srv6-rules P57, §1.11"])
    p = c.send("edge", v6_udp(H6E, "2001:db8:bb::5", 42600, 8080, 1404 - 48, seed=1))
    c.headend("edge", p, "three")
    p = c.send("edge", v6_udp(H6E, "2001:db8:bb::5", 42601, 8080, 1405 - 48, seed=2))
    c.headend("edge", p, "three")

    c = case("encap-v4-df", "Headend MTU, inner IPv4 with DF, policy to-laptop (overhead 80): "
             "1420 bytes fits exactly; 1421 bytes gets ICMP type 3 code 4 with next-hop MTU 1420 "
             "(body: 548 bytes of the packet as received, TTL not yet decremented).",
             ["RFC 1191 §4", "RFC 792", "srv6-rules P58"])
    p = c.send("edge", v4_udp(H4, "203.0.113.5", 41600, 443, 1420 - 28, seed=1, ident=0x2200, df=True))
    c.headend("edge", p, "to-laptop")
    p = c.send("edge", v4_udp(H4, "203.0.113.5", 41601, 443, 1421 - 28, seed=2, ident=0x2201, df=True))
    c.headend("edge", p, "to-laptop")

    c = case("encap-v4-fragment", "Headend MTU, inner IPv4 without DF, policy to-laptop "
             "(inner MTU 1420): 1420 bytes passes whole; 1480 bytes and 1421 bytes are "
             "fragmented per RFC 791 (TTL-1 first, 1400 data bytes per fragment, offsets in "
             "8-byte units, same ID, MF on all but the last, checksums recomputed), then each "
             "fragment is encapsulated. All fragments of a datagram must carry the same outer "
             "flow label (fragments have no ports in the flow key).",
             ["RFC 791 §3.2 (fragmentation)", "RFC 8986 §5", "srv6-rules P59", "RFC 6438 §3"],
             decisions=["Flow key of IPv4 fragments (first one included) = (src, dst, protocol) "
                        "without ports, so every fragment of one datagram gets the same outer "
                        "flow label and the same ECMP list (RFC 6438; Linux flow dissector)."])
    p = c.send("edge", v4_udp(H4, "203.0.113.5", 41700, 443, 1420 - 28, seed=1, ident=0x2300))
    c.headend("edge", p, "to-laptop")
    p = c.send("edge", v4_udp(H4, "203.0.113.5", 41701, 443, 1480 - 28, seed=2, ident=0x2301))
    c.headend("edge", p, "to-laptop")
    p = c.send("edge", v4_udp(H4, "203.0.113.5", 41702, 443, 1421 - 28, seed=3, ident=0x2302))
    c.headend("edge", p, "to-laptop")
    # whether fragments count in "encapsulated" is not specified: not asserted
    c.counters.pop("events.encapsulated", None)

    c = case("encap-ptb-about-icmp-error", "Headend MTU, inner packet is itself an ICMPv6 "
             "error (Destination Unreachable, 1450 bytes): too big, dropped, and NO Packet Too "
             "Big about an ICMPv6 error (suppressed).",
             ["RFC 4443 §2.4(e.1)", "srv6-rules P61"])
    inv = v6_udp("2001:db8:bb::5", H6E, 1, 2, 1452)
    err = ipv6(H6E, "2001:db8:bb::5", 58, icmp6(H6E, "2001:db8:bb::5", 1, 4, 0, inv[:1402]))
    assert len(err) == 1450 > 1404
    c.send("edge", err)
    c.drop("mtu_exceeded")
    c.ev("icmp_suppressed")
