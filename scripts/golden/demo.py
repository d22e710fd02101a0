# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""The demo case: a tour of the gateway on the edge port, also written to
pcaps/demo-in.pcap and pcaps/demo-expected-{edge,core}.pcap."""

import struct

from .case import case
from .config import EDGE_V4_PEER, H4, H4D, H6C, H6E, H6E2, PORTS
from .packets import a4, eth, ipv6, mac, srv6, v4_dec_ttl, v4_ping, v4_udp, v6_ping, v6_udp
from .rules import end_update, srh_pop


def build_demo():
    """The demo: ~22 packets on the edge port, a tour of the appliance."""
    c = case("demo", "Demo mix on the edge port (also written to pcaps/demo-in.pcap and "
             "pcaps/demo-expected-{edge,core}.pcap): encap (to-laptop, three, one-sid), End, End "
             "PSP, End.DX4, End.DT6, pings to a port, a SID and an IPv6 port address, ARP, and "
             "errors (TTL, no route, bad SRH, unknown SID, Packet Too Big).",
             ["RFC 8986", "RFC 8754", "RFC 4443", "RFC 792"])
    segs = ["fc00:b::d6", "fc00:b::e", "fc00:1::e"]
    i6 = lambda n, s: v6_udp("2001:db8:aa::5", H6E2, 7100 + s, 7101, n, seed=s, hl=40)
    i4 = lambda n, s, dst="198.51.100.30": v4_udp("198.18.9.1", dst, 8100 + s, 8101, n, seed=s, ttl=40,
                                                   ident=0x4100 + s)
    for k, n in enumerate((64, 512, 1200)):
        p = c.send("edge", v4_udp(H4, f"203.0.113.{5 + k}", 41000 + k, 443, n, seed=k, ident=0x2000 + k))
        c.headend("edge", p, "to-laptop")
    p = c.send("edge", v4_ping(H4, "203.0.113.9", 0x1111, 3, 56))
    c.headend("edge", p, "to-laptop")
    p = c.send("edge", v6_udp(H6E, "2001:db8:bb::5", 42000, 8080, 256, seed=4))
    c.headend("edge", p, "three")
    p = c.send("edge", v4_udp(H4, "198.18.0.5", 44000, 5201, 100, seed=5, ident=0x3000))
    c.headend("edge", p, "one-sid")
    for k in range(2):
        p = c.send("edge", srv6(H6C, "fc00:1::e", segs, 2, i6(100 + 300 * k, k)))
        c.route(0, end_update(p))
    p = c.send("edge", srv6(H6C, "fc00:1::e1", ["fc00:b::d6", "fc00:1::e1"], 1, i6(80, 3)))
    c.route(0, srh_pop(end_update(p)))
    for k in range(2):
        inner = i4(200 + 400 * k, 10 + k)
        c.send("edge", srv6(H6C, "fc00:1::d4", ["fc00:1::d4"], 0, inner, nh=4))
        c.out("edge", "192.0.2.10", inner)
    for k in range(2):
        inner = v6_udp("2001:db8:aa::5", f"2001:db8:10::{5 + k}", 1, 2, 150 + 500 * k, seed=k, hl=33)
        c.send("edge", ipv6(H6C, "fc00:1::a6", 41, inner))
        c.route(10, inner)
    p = c.send("edge", v4_ping(H4, "192.0.2.1", 0x4d2, 1, 56))
    c.echo_reply4(p)
    p = c.send("edge", v6_ping(H6E, "2001:db8:e::1", 0x4d3, 1, 56))
    c.echo_reply6("2001:db8:e::1", p)
    p = c.send("edge", v6_ping(H6C, "fc00:1::e", 8, 1, 64))
    c.echo_reply6("fc00:1::e", p)
    req = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac(EDGE_V4_PEER) + a4("192.0.2.254") + b"\0" * 6 + a4("192.0.2.1")
    c.send_frame("edge", eth("ff:ff:ff:ff:ff:ff", EDGE_V4_PEER, 0x0806, req + b"\0" * 18))
    rep = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + mac(PORTS["edge"]["mac"]) + a4("192.0.2.1") + \
        mac(EDGE_V4_PEER) + a4("192.0.2.254")
    c.expect("edge", eth(EDGE_V4_PEER, PORTS["edge"]["mac"], 0x0806, rep))
    c.ev("arp_replies_sent")
    p = c.send("edge", v4_udp(H4, H4D, 1234, 33434, 32, ttl=1, ident=0x7701))
    c.icmp4_error("edge", p, 11, 0)
    c.drop("ttl_exceeded")
    p = c.send("edge", v6_udp(H6E, "3fff::1", 5000, 5001, 100))
    c.icmp6_error("edge", p, 1, 0)
    c.drop("no_route")
    p = c.send("edge", srv6(H6C, "fc00:1::e", ["fc00:b::d6", "fc00:1::e"], 3, i6(40, 20)))
    c.icmp6_error("edge", p, 4, 0, 43)
    c.drop("srh_malformed")
    p = c.send("edge", srv6(H6C, "fc00:1::77", ["fc00:b::d6", "fc00:1::77"], 1, i6(30, 21)))
    c.icmp6_error("edge", p, 1, 0)
    c.drop("sid_unknown")
    p = c.send("edge", v6_udp(H6E, "2001:db8:bb::9", 42601, 8080, 1405 - 48, seed=2))
    c.headend("edge", p, "three")
    p = c.send("edge", v4_udp(H4, H4D, 40000, 5201, 300, ident=0x100))
    c.route(0, v4_dec_ttl(p))
    c.ev("forwarded_ipv4")
    # the demo's encapsulated count: 5 packets encapsulated
    c.demo = True
