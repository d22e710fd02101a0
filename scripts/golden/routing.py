# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""Cases: IP forwarding (TTL/HL, no route, padding, ICMP error truncation)
and traffic for the gateway itself (ping, ARP, ND, unhandled, multicast)."""

import ipaddress
import struct

from .case import BODY_NOTE, R_ICMP4_ERR, R_ICMP6_ERR, case
from .config import CORE_PEER, EDGE_V4_PEER, EDGE_V6_PEER, H4, H4D, H6C, H6C2, H6E, H6E2, PORTS
from .packets import (a4, a6, eth, icmp6, ipv6, mac, v4_dec_ttl, v4_ping, v4_udp, v6_dec_hl, v6_ping,
                      v6_udp)


def build_routing_cases():
    # ------------------------------------------------------------ routing
    c = case("route-v4", "IPv4 routed core->edge by the default route: TTL-1, header "
             "checksum updated, everything else unchanged; UDP of 4 sizes and an ICMP echo "
             "(DF set on one). " + "Ingress core (no IPv4 address needed to forward).",
             ["RFC 1812 §5.2.4.3, §5.3.1", "RFC 1624", "docs/dataplane.md Forwarding"])
    for i, n in enumerate((18, 200, 1000, 1472)):
        p = c.send("core", v4_udp(H4, H4D, 40000 + i, 5201, n, seed=i, ident=0x100 + i, tos=0x20 * i,
                                  df=(i == 2)))
        c.route(0, v4_dec_ttl(p))
    p = c.send("core", v4_ping(H4, "198.19.0.9", 0x77, 1, 56))
    c.route(0, v4_dec_ttl(p))
    c.ev("forwarded_ipv4", 5)

    c = case("route-v6-edge-to-core", "IPv6 routed edge->core (fc00::/16 via fc00:c::2): HL-1 "
             "only; traffic class and flow label preserved; several sizes incl. a 1500-byte packet.",
             ["RFC 8200 §3", "docs/dataplane.md Forwarding"])
    for i, n in enumerate((10, 300, 1452)):
        p = c.send("edge", v6_udp(H6E, H6C2, 50000 + i, 5202, n, seed=i, tc=0x28, fl=0x12345 + i))
        c.route(0, v6_dec_hl(p))
    p = c.send("edge", v6_ping(H6E, H6C2, 0x99, 7, 64))
    c.route(0, v6_dec_hl(p))
    c.ev("forwarded_ipv6", 4)

    c = case("route-v6-core-to-edge", "IPv6 routed core->edge (2001:db8:f::/48 via "
             "2001:db8:e::10): HL-1.", ["RFC 8200 §3", "docs/dataplane.md Forwarding"])
    for i, n in enumerate((64, 700)):
        p = c.send("core", v6_udp(H6C, H6E2, 1000 + i, 2000, n, seed=i, hl=3 + i))
        c.route(0, v6_dec_hl(p))
    c.ev("forwarded_ipv6", 2)

    c = case("route-padded", "Ethernet padding is trimmed (docs Receive 2-3): a small IPv4 "
             "and a small IPv6 packet arrive padded with NON-zero bytes to 60 bytes; the routed "
             "copies carry no padding (the runner only tolerates zero padding to 60 bytes).",
             ["RFC 894", "docs/dataplane.md Receive", "srv6-rules P4"])
    p = c.send("core", v4_udp(H4, H4D, 7, 7, 4, seed=1, ident=0x5150), pad_to=60, pad_byte=0xAA)
    c.route(0, v4_dec_ttl(p))
    p = c.send("core", ipv6(H6C, H6E, 59, b""), pad_to=60, pad_byte=0xBB)
    c.route(0, v6_dec_hl(p))
    c.ev("forwarded_ipv4")
    c.ev("forwarded_ipv6")

    c = case("route-v4-ttl", "IPv4 with TTL 1 and TTL 0 -> ICMP Time Exceeded code 0 from "
             "192.0.2.1 (edge's IPv4) back via the default route; an echo request with TTL 1 "
             "also gets one (only errors are exempt). TTL 2 is forwarded with TTL 1. " + BODY_NOTE,
             ["RFC 792", "RFC 1812 §5.3.1", R_ICMP4_ERR])
    for ttl in (1, 0):
        p = c.send("edge", v4_udp(H4, H4D, 1234, 33434, 32, ttl=ttl, ident=0x7700 + ttl))
        c.icmp4_error("edge", p, 11, 0)
        c.drop("ttl_exceeded")
    p = c.send("edge", v4_ping(H4, H4D, 5, 5, 24, ttl=1))
    c.icmp4_error("edge", p, 11, 0)
    c.drop("ttl_exceeded")
    p = c.send("edge", v4_udp(H4, H4D, 1234, 33435, 32, ttl=2, ident=0x7702))
    c.route(0, v4_dec_ttl(p))

    c = case("route-v6-hl1-edge", "IPv6 with HL 1 (and 0) from the edge -> ICMPv6 Time "
             "Exceeded code 0 from 2001:db8:e::1, routed back to 2001:db8:f::5 via edge. "
             + BODY_NOTE, ["RFC 8200 §3", "RFC 4443 §3.3", R_ICMP6_ERR])
    for hl in (1, 0):
        p = c.send("edge", v6_udp(H6E, H6C2, 3333, 33434 + hl, 40, hl=hl))
        c.icmp6_error("edge", p, 3, 0)
        c.drop("ttl_exceeded")

    c = case("route-v6-hl1-core", "IPv6 with HL 1 from the core -> Time Exceeded from fc00:c::1 "
             "(core's first IPv6) out of the core port.", ["RFC 4443 §3.3", R_ICMP6_ERR])
    p = c.send("core", v6_ping(H6C, H6E, 1, 1, 32, hl=1))
    c.icmp6_error("core", p, 3, 0)
    c.drop("ttl_exceeded")

    c = case("route-v6-no-route", "IPv6 to 3fff::1 (outside every table-0 route) -> ICMPv6 "
             "Destination Unreachable code 0, from 2001:db8:e::1 to the edge source.",
             ["RFC 4443 §3.1", R_ICMP6_ERR, "docs/dataplane.md Forwarding"])
    p = c.send("edge", v6_udp(H6E, "3fff::1", 5000, 5001, 100))
    c.icmp6_error("edge", p, 1, 0)
    c.drop("no_route")

    c = case("icmp6-truncate-1280", "Time Exceeded about a 1500-byte IPv6 packet: the body is "
             "truncated so the whole ICMPv6 error is exactly 1280 bytes (1232 bytes of body).",
             ["RFC 4443 §2.4(c)", "srv6-rules P70"])
    p = c.send("edge", v6_udp(H6E, H6C2, 9, 9, 1452, hl=1))
    c.icmp6_error("edge", p, 3, 0)
    c.drop("ttl_exceeded")

    c = case("icmp4-truncate-576", "Time Exceeded about a 1500-byte IPv4 packet: the body is "
             "truncated so the whole ICMP error is exactly 576 bytes (548 bytes of body).",
             ["RFC 1812 §4.3.2.3", "docs/dataplane.md ICMP errors"])
    p = c.send("edge", v4_udp(H4, H4D, 9, 9, 1472, ttl=1, ident=0xBEEF))
    c.icmp4_error("edge", p, 11, 0)
    c.drop("ttl_exceeded")


def build_local_cases():
    # ------------------------------------------------------------ local / ND / ARP
    c = case("ping-v4-port", "ICMP echo to 192.0.2.1 (edge) -> echo reply from 192.0.2.1, TTL "
             "64, IPv4 ID 0, TOS 0, same identifier/sequence/data; two sizes.",
             ["RFC 792 (Echo)", "docs/dataplane.md ICMP errors (echo replies)"],
             decisions=["Echo replies are sent with DF clear (the page fixes ID 0 and TOS 0, "
                        "not the flags)."])
    for seq, n in ((1, 56), (2, 1000)):
        p = c.send("edge", v4_ping(H4, "192.0.2.1", 0x4d2, seq, n, ipid=0x900 + seq, df=True, tos=0x10))
        c.echo_reply4(p)

    c = case("ping-v6-port", "ICMPv6 echo to 2001:db8:e::1 (edge) -> echo reply from "
             "2001:db8:e::1, HL 64, TC 0, flow label 0, routed to 2001:db8:f::5 via edge.",
             ["RFC 4443 §4.2"],
             decisions=["IPv6 echo replies carry traffic class 0 and flow label 0 (the page "
                        "fixes only HL 64)."])
    for seq, n in ((1, 56), (2, 1200)):
        p = c.send("edge", v6_ping(H6E, "2001:db8:e::1", 0x4d3, seq, n, tc=0x20, fl=0x777))
        c.echo_reply6("2001:db8:e::1", p)

    c = case("ping-v6-core-port", "ICMPv6 echo to fc00:c::1 from the core -> reply out core.",
             ["RFC 4443 §4.2"])
    p = c.send("core", v6_ping(H6C, "fc00:c::1", 7, 1, 32))
    c.echo_reply6("fc00:c::1", p)

    c = case("ping-sid", "ICMPv6 echo to the End SID fc00:1::e without an SRH (upper-layer "
             "processing allows ICMPv6 echo) -> reply sourced from fc00:1::e.",
             ["RFC 8986 §4.1.1", "RFC 9259", "srv6-rules P25"])
    p = c.send("core", v6_ping(H6C, "fc00:1::e", 8, 1, 64))
    c.echo_reply6("fc00:1::e", p)

    c = case("arp", "ARP request (broadcast, padded to 60) for 192.0.2.1 -> ARP reply "
             "(42 bytes: the runner tolerates zero padding to 60); a request for 192.0.2.99 "
             "(not ours) is dropped.", ["RFC 826"])
    def arp(op, sha, spa, tha, tpa):
        return struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + mac(sha) + a4(spa) + mac(tha) + a4(tpa)
    req = arp(1, EDGE_V4_PEER, "192.0.2.254", "00:00:00:00:00:00", "192.0.2.1")
    c.send_frame("edge", eth("ff:ff:ff:ff:ff:ff", EDGE_V4_PEER, 0x0806, req + b"\0" * 18))
    c.expect("edge", eth(EDGE_V4_PEER, PORTS["edge"]["mac"], 0x0806,
                         arp(2, PORTS["edge"]["mac"], "192.0.2.1", EDGE_V4_PEER, "192.0.2.254")))
    c.ev("arp_replies_sent")
    req = arp(1, EDGE_V4_PEER, "192.0.2.254", "00:00:00:00:00:00", "192.0.2.99")
    c.send_frame("edge", eth("ff:ff:ff:ff:ff:ff", EDGE_V4_PEER, 0x0806, req + b"\0" * 18))
    c.drop("arp_not_for_us")

    def ns_na(c, port, peer_ip, peer_mac, target):
        sn = ipaddress.ip_address(target).packed
        snm = "ff02::1:ff" + format(sn[13], "02x") + ":" + format(sn[14] << 8 | sn[15], "x")
        ns = ipv6(peer_ip, snm, 58, icmp6(peer_ip, snm, 135, 0, 0, a6(target) + bytes([1, 1]) + mac(peer_mac)),
                  hl=255)
        c.send_frame(port, eth("33:33:" + ":".join(f"{b:02x}" for b in ipaddress.ip_address(snm).packed[12:]),
                               peer_mac, 0x86DD, ns))
        pm = PORTS[port]["mac"]
        na = ipv6(target, peer_ip, 58,
                  icmp6(target, peer_ip, 136, 0, 0xE0000000, a6(target) + bytes([2, 1]) + mac(pm)), hl=255)
        c.expect(port, eth(peer_mac, pm, 0x86DD, na))
        c.ev("nd_advert_sent")

    c = case("nd-core", "Neighbor Solicitation (to the solicited-node group, SLLA option) for "
             "fc00:c::1 -> Neighbor Advertisement to the solicitor: R=1 S=1 O=1, target "
             "fc00:c::1, TLLA option = core MAC, HL 255.", ["RFC 4861 §4.4, §7.2.4"],
             decisions=["NA: TC 0, flow label 0; Override set (not an anycast address)."])
    ns_na(c, "core", "fc00:c::2", CORE_PEER, "fc00:c::1")

    c = case("nd-edge", "Neighbor Solicitation for 2001:db8:e::1 on edge -> Neighbor "
             "Advertisement (R, S, O, TLLA = edge MAC).", ["RFC 4861 §7.2.4"])
    ns_na(c, "edge", "2001:db8:e::10", EDGE_V6_PEER, "2001:db8:e::1")

    c = case("local-unhandled", "UDP to a local IPv4 address and to a local IPv6 address: "
             "not echo / ND -> dropped (ipv4_local_unhandled, ipv6_local_unhandled), no ICMP.",
             ["docs/dataplane.md IPv6 classification 3"])
    c.send("edge", v4_udp(H4, "192.0.2.1", 1000, 161, 40))
    c.send("edge", v6_udp(H6E, "2001:db8:e::1", 1000, 161, 40))
    c.drop("ipv4_local_unhandled")
    c.drop("ipv6_local_unhandled")

    c = case("multicast-drop", "IPv6 UDP to ff02::1 (not ND) -> ipv6_multicast; IPv4 UDP to "
             "255.255.255.255 and to 224.0.0.251 -> ipv4_multicast. No ICMP.",
             ["docs/dataplane.md IPv6 classification 1", "RFC 4443 §2.4(e.3)"])
    l3 = v6_udp(H6E, "ff02::1", 9999, 9999, 30)
    c.send_frame("edge", eth("33:33:00:00:00:01", EDGE_V6_PEER, 0x86DD, l3))
    l3 = v4_udp(H4, "255.255.255.255", 9998, 9998, 30)
    c.send_frame("edge", eth("ff:ff:ff:ff:ff:ff", EDGE_V4_PEER, 0x0800, l3))
    l3 = v4_udp(H4, "224.0.0.251", 9999, 9999, 30)
    c.send_frame("edge", eth("01:00:5e:00:00:fb", EDGE_V4_PEER, 0x0800, l3))
    c.drop("ipv6_multicast")
    c.drop("ipv4_multicast", 2)
