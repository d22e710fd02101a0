# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""Cases: ICMP error suppression, martian addresses, options and upper
layers srv6gw does not know, and the receive checks (layer 2, IPv4, IPv6)."""

import struct

from .case import case
from .config import EDGE_V6_PEER, H4, H4D, H6C, H6C2, H6E, PORTS
from .endpoint import END_SEGS, end_ok, inner6
from .packets import (eth, fraghdr, icmp4, icmp6, ipv4, ipv6, mac, opthdr, payload, srh, udp4, udp6,
                      v4_fix_csum, v4_udp, v6_udp)


def build_suppression_cases():
    # ------------------------------------------------------------ ICMP suppression
    segs = END_SEGS
    c = case("icmp-suppress-v6", "Time-Exceeded-triggering IPv6 packets that must NOT get an "
             "error: an ICMPv6 Destination Unreachable, an ICMPv6 Packet Too Big, a packet from a "
             "multicast source (ff0e::1) and one from the unspecified source (::). The ICMPv6 "
             "errors are dropped (ttl_exceeded) with the error suppressed; the two martian "
             "sources are dropped on receipt (ipv6_martian, srv6-rules P5), never answered.",
             ["RFC 4443 §2.4(e.1), (e.6)", "srv6-rules P5, P69"])
    inv = v6_udp(H6C2, H6E, 1, 2, 40)
    c.send("edge", ipv6(H6E, H6C2, 58, icmp6(H6E, H6C2, 1, 3, 0, inv), hl=1))
    c.send("edge", ipv6(H6E, H6C2, 58, icmp6(H6E, H6C2, 2, 0, 1280, inv), hl=1))
    c.send("edge", v6_udp("ff0e::1", H6C2, 1, 2, 20, hl=1))
    c.send("edge", v6_udp("::", H6C2, 1, 2, 20, hl=1))
    c.drop("ttl_exceeded", 2)
    c.drop("ipv6_martian", 2)
    c.ev("icmp_suppressed", 2)

    c = case("icmp-suppress-v4", "Time-Exceeded-triggering IPv4 packets that must NOT get an "
             "error: an ICMP Destination Unreachable, a non-first fragment, a multicast source "
             "(224.0.0.9), the unspecified source 0.0.0.0. The last two are martians (RFC 1812 "
             "§5.3.7) dropped on receipt (ipv4_martian).",
             ["RFC 1812 §4.3.2.7, §5.3.7", "RFC 792", "docs/dataplane.md ICMP errors"])
    inv = v4_udp(H4D, H4, 1, 2, 20)
    c.send("edge", ipv4(H4, H4D, 1, icmp4(3, 3, 0, inv), ttl=1))
    c.send("edge", ipv4(H4, H4D, 17, payload(64), ttl=1, ident=0x99, frag=10))
    c.send("edge", v4_udp("224.0.0.9", H4D, 9997, 9997, 20, ttl=1))
    c.send("edge", v4_udp("0.0.0.0", H4D, 9996, 9996, 20, ttl=1))
    c.drop("ttl_exceeded", 2)
    c.drop("ipv4_martian", 2)
    c.ev("icmp_suppressed", 2)

    c = case("martians-v6", "IPv6 martians are dropped on receipt without an error: source "
             "::1, destination ::1, multicast source ff02::1, unspecified destination.",
             ["RFC 4291 §2.5.2, §2.5.3, §2.7", "RFC 4443 §2.4(e.6)", "srv6-rules P5"])
    c.send("edge", v6_udp("::1", H6C2, 1, 2, 20))
    c.send("edge", v6_udp(H6E, "::1", 1, 2, 20))
    c.send("core", v6_udp("ff02::1", H6E, 1, 2, 20))
    c.send("core", v6_udp(H6C, "::", 1, 2, 20))
    c.drop("ipv6_martian", 4)

    c = case("martians-v4", "IPv4 martians are dropped without an error: source 127.0.0.1, "
             "destination 127.0.0.1, source 255.255.255.255, destination 0.0.0.1.",
             ["RFC 1812 §5.3.7", "srv6-rules P5"])
    c.send("edge", v4_udp("127.0.0.1", H4D, 1, 2, 20))
    c.send("edge", v4_udp(H4, "127.0.0.1", 1, 2, 20))
    c.send("edge", v4_udp("255.255.255.255", H4D, 1, 2, 20))
    c.send("edge", v4_udp(H4, "0.0.0.1", 1, 2, 20))
    c.drop("ipv4_martian", 4)

    c = case("jumbogram", "Payload Length 0 with a Hop-by-Hop header (an RFC 2675 jumbogram, "
             "not supported) is dropped as ipv6_malformed, even in transit, never truncated.",
             ["RFC 2675", "srv6-rules P6"])
    jumbo = bytes([0xc2, 4]) + struct.pack("!I", 70000)
    body = opthdr(17, jumbo) + udp6(H6C, H6E, 1, 2, payload(40))
    c.send("core", ipv6(H6C, H6E, 0, body, plen=0))
    c.drop("ipv6_malformed")

    c = case("dstopt-unknown-option", "A Destination Options header before the SRH at an End "
             "SID carries an option we do not know: action bits 00 skip it (End processed), 01 "
             "discard silently, 10 and 11 discard with Parameter Problem code 2 pointing at the "
             "option type (offset 42).",
             ["RFC 8200 §4.2", "srv6-rules P45"])
    for otype in (0x0a, 0x4a, 0x8a, 0xca):
        opts = bytes([otype, 2, 0xab, 0xcd])
        p = c.send("core", ipv6(H6C, "fc00:1::e", 60,
                                opthdr(43, opts) + srh(41, segs, 2) + inner6(60, otype)))
        if otype == 0x0a:
            end_ok(c, p)
        elif otype >= 0x80:
            c.icmp6_error("core", p, 4, 2, 42)
    c.ev("sid_processed", 4)
    c.drop("ext_bad_option", 3)

    c = case("local-unknown-nh", "IPv6 to a port address with an upper layer srv6gw does not "
             "recognise (protocol 250): Parameter Problem code 1 pointing at the Next Header "
             "field (offset 6); known protocols without a listener (UDP) are only dropped.",
             ["RFC 8200 §4", "RFC 4443 §3.4", "srv6-rules P46"])
    p = c.send("edge", ipv6(H6E, "2001:db8:e::1", 250, payload(24)))
    c.icmp6_error("edge", p, 4, 1, 6)
    c.drop("ext_unknown_nh")

    c = case("decap-atomic-fragment", "End.DX6 with an atomic fragment (Fragment header, offset "
             "0, M 0) between the outer header and the inner IPv6: treated as a whole packet and "
             "decapsulated.", ["RFC 6946", "srv6-rules P52"])
    i6 = v6_udp("2001:db8:aa::5", "2001:db8:77::1", 1, 2, 200, hl=20)
    c.send("core", ipv6(H6C, "fc00:1::d6", 44, fraghdr(41, 0, False, 0x1234) + i6))
    c.out("edge", "2001:db8:e::10", i6)
    c.ev("decapsulated")
    c.ev("sid_processed")


def build_receive_cases():
    # ------------------------------------------------------------ receive checks
    c = case("l2-bad", "Layer-2 drops: unknown EtherType 0x88b5, a VLAN-tagged frame (0x8100, "
             "not handled), a unicast frame for another MAC (02:00:00:00:99:99), and a 10-byte "
             "runt (l2_truncated).", ["docs/dataplane.md Receive 1"])
    good = v6_udp(H6E, H6C2, 1, 2, 30)
    c.send_frame("edge", eth(PORTS["edge"]["mac"], EDGE_V6_PEER, 0x88B5, payload(46)))
    c.send_frame("edge", eth(PORTS["edge"]["mac"], EDGE_V6_PEER, 0x8100, struct.pack("!HH", 100, 0x86DD) + good))
    c.send_frame("edge", eth("02:00:00:00:99:99", EDGE_V6_PEER, 0x86DD, good))
    c.send_frame("edge", mac(PORTS["edge"]["mac"]) + mac(EDGE_V6_PEER)[:4])
    c.drop("l2_unknown_ethertype", 2)
    c.drop("l2_other_host")
    c.drop("l2_truncated")

    c = case("ipv4-malformed", "IPv4 receive checks -> ipv4_malformed, no ICMP: bad header "
             "checksum, IHL 4, total length larger than the frame, version 5 under 0x0800.",
             ["RFC 1812 §5.2.2", "docs/dataplane.md Receive 2"])
    c.send("edge", ipv4(H4, H4D, 17, udp4(H4, H4D, 1, 2, payload(30)), bad_csum=True))
    q = bytearray(v4_udp(H4, H4D, 1, 2, 30))
    q[0] = 0x44
    c.send("edge", v4_fix_csum(bytes(q)))
    c.send("edge", ipv4(H4, H4D, 17, udp4(H4, H4D, 1, 2, payload(30)), tot_len=200))
    c.send("edge", ipv4(H4, H4D, 17, udp4(H4, H4D, 1, 2, payload(30)), version=5))
    c.drop("ipv4_malformed", 4)

    c = case("ipv6-malformed", "IPv6 receive checks -> ipv6_malformed, no ICMP: version 4 under "
             "0x86dd, payload length larger than the frame, and a 30-byte frame shorter than "
             "the IPv6 header.", ["RFC 8200 §3", "docs/dataplane.md Receive 3", "srv6-rules P1-P3"],
             decisions=["A frame shorter than 14 + 40 bytes with EtherType IPv6 counts as "
                        "ipv6_malformed (docs Receive 3: 40 + payload length > bytes received); "
                        "l2_truncated is kept for frames shorter than the Ethernet header."])
    c.send_frame("edge", eth(PORTS["edge"]["mac"], EDGE_V6_PEER, 0x86DD,
                             ipv6(H6E, H6C2, 17, udp6(H6E, H6C2, 1, 2, payload(30)), version=4)))
    c.send("edge", ipv6(H6E, H6C2, 17, udp6(H6E, H6C2, 1, 2, payload(30)), plen=300))
    c.send_frame("edge", eth(PORTS["edge"]["mac"], EDGE_V6_PEER, 0x86DD, ipv6(H6E, H6C2, 59, b"")[:30]))
    c.drop("ipv6_malformed", 3)
