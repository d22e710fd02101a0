#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""Generate the golden pcap test corpus (pcaps/golden/) and the demo pcaps.

Every expected packet is computed here, from the RFC rules (RFC 8200, 8754,
8986, 9800, 4443, 792, 791, 1812, 6040, 4861, 826) and the written rules in
docs/dataplane.md, applied to the configuration in conf/test/golden.conf.
Compressed SIDs (RFC 9800) follow the pseudocode in /work/notes/rfc9800.md and
shared/reference/srv6-rules.md §1.6, checked against the worked examples of
draft-clad-spring-srv6-srh-compression-illus ([ILL]) by asserts.
Nothing is ever recorded from srv6gw's output.

Packets are built byte by byte (struct), with this file's own checksum code;
the self-check at the end re-parses every frame with scapy and compares
scapy's checksums and lengths with ours, so the two implementations check
each other.

The output is deterministic: fixed payloads, fixed pcap timestamps, no
randomness. Run with Debian's python (scapy 2.5):

    /usr/bin/python3 scripts/gen_golden.py            # write + self-check
    /usr/bin/python3 scripts/gen_golden.py --check    # self-check only

Per case NAME it writes pcaps/golden/NAME-in-edge.pcap, NAME-in-core.pcap
(input per port; empty pcap when none), NAME-exp-edge.pcap, NAME-exp-core.pcap
(expected output per port, in order; empty when none) and one
pcaps/golden/cases.json. It also writes pcaps/demo-in.pcap (fed to the edge
port) and pcaps/demo-expected-edge.pcap / pcaps/demo-expected-core.pcap.
"""

import argparse
import ipaddress
import json
import re
import socket
import struct
import sys
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "pcaps" / "golden"
CONF = REPO / "conf" / "test" / "golden.conf"

# ---------------------------------------------------------------------------
# The configuration, mirrored from conf/test/golden.conf. check_conf() makes
# sure every value used here is literally present in that file.
# ---------------------------------------------------------------------------

PORTS = {
    "edge": {"mac": "02:00:00:00:00:01", "v4": ["192.0.2.1"], "v6": ["2001:db8:e::1"], "mtu": 1500},
    "core": {"mac": "02:00:00:00:00:02", "v4": [], "v6": ["fc00:c::1"], "mtu": 1500},
}
NEIGH = {
    ("edge", "192.0.2.254"): "02:00:00:00:ee:fe",
    ("edge", "192.0.2.10"): "02:00:00:00:ee:0a",
    ("edge", "2001:db8:e::10"): "02:00:00:00:ee:10",
    ("core", "fc00:c::2"): "02:00:00:00:0c:02",
}
# (table, prefix, via, port)
ROUTES = [
    (0, "fc00::/16", "fc00:c::2", "core"),
    (0, "0.0.0.0/0", "192.0.2.254", "edge"),
    (0, "2001:db8:f::/48", "2001:db8:e::10", "edge"),
    (10, "2001:db8:10::/48", "2001:db8:e::10", "edge"),
    (20, "198.51.100.0/24", "192.0.2.10", "edge"),
    (0, "fcbb:bb00:8000::/33", "fc00:c::2", "core"),
    (0, "2001:db8:b::/48", "fc00:c::2", "core"),
    (0, "2001:db8:c::/48", "fc00:c::2", "core"),
    (0, "2001:db8:b2::/48", "fc00:c::2", "core"),
    (10, "fcbb:bb00:800::/40", "2001:db8:e::10", "edge"),
]
SRV6_SOURCE = "fc00:1::1"
SRV6_HOP_LIMIT = 64
# name -> (prefix, structure or None, C-SID flavour or None, remote). A
# structure is the literal "F3216" (block 32, node 16, function 0, argument 80)
# or (block, node, function, argument) as written in the group form.
S4816 = (48, 16, 0, 64)
S481616 = (48, 16, 16, 48)
LOCATORS = {
    "main": ("fc00:1::/48", None, None, False),
    "usid": ("fcbb:bb00:100::/40", "F3216", "next-csid", False),
    "usid48": ("2001:db8:b:1200::/56", S4816, "next-csid", False),
    "rep16": ("2001:db8:c:1200::/56", S4816, "replace-csid", False),
    "rep32": ("2001:db8:b2:1::/64", S481616, "replace-csid", False),
    "usid-far": ("fcbb:bb00:8000::/33", "F3216", "next-csid", True),
    "rep16-far": ("2001:db8:c:8000::/49", S4816, "replace-csid", True),
    "rep32-far": ("2001:db8:b2:8000::/49", S481616, "replace-csid", True),
}
SIDS = {
    "fc00:1::e": ("End", []),
    "fc00:1::e1": ("End", ["psp"]),
    "fc00:1::e2": ("End", ["usp"]),
    "fc00:1::e3": ("End", ["psp", "usp"]),
    "fc00:1::e4": ("End", ["usd"]),
    "fc00:1::e5": ("End", ["psp", "usd"]),
    "fc00:1::e6": ("End", ["usp", "usd"]),
    "fc00:1::e7": ("End", ["psp", "usp", "usd"]),
    "fc00:1::100": ("End.X", []),
    "fc00:1::101": ("End.X", ["psp"]),
    "fc00:1::200": ("End.T", []),
    "fc00:1::d4": ("End.DX4", []),
    "fc00:1::d6": ("End.DX6", []),
    "fc00:1::a4": ("End.DT4", []),
    "fc00:1::a6": ("End.DT6", []),
    "fc00:1::a46": ("End.DT46", []),
    "fc00:1::b6": ("End.B6.Encaps", []),
    "fc00:1::b7": ("End.B6.Encaps.Red", []),
    "fc00:1::b8": ("End.B6.Encaps", []),
    # NEXT-C-SID, F3216
    "fcbb:bb00:100::": ("End", ["next-csid"]),
    "fcbb:bb00:101::": ("End", ["next-csid", "psp"]),
    "fcbb:bb00:102::": ("End", ["next-csid", "usp"]),
    "fcbb:bb00:103::": ("End", ["next-csid", "usd"]),
    "fcbb:bb00:1a0::": ("End.X", ["next-csid"]),
    "fcbb:bb00:1b0::": ("End.T", ["next-csid"]),
    "fcbb:bb00:1d6::": ("End.DT6", ["next-csid"]),
    "fcbb:bb00:1d4::": ("End.DT4", ["next-csid"]),
    "fcbb:bb00:146::": ("End.DT46", ["next-csid"]),
    "fcbb:bb00:1c4::": ("End.DX4", ["next-csid"]),
    "fcbb:bb00:1c6::": ("End.DX6", ["next-csid"]),
    "fcbb:bb00:1e0::": ("End", []),
    "fcbb:bb00:1e6::": ("End.DT6", []),
    # NEXT-C-SID, 48/16
    "2001:db8:b:1200::": ("End", ["next-csid"]),
    "2001:db8:b:1201::": ("End", ["next-csid", "usd"]),
    # REPLACE-C-SID, 16-bit C-SIDs
    "2001:db8:c:1200::": ("End", ["replace-csid"]),
    "2001:db8:c:1201::": ("End", ["replace-csid", "psp"]),
    "2001:db8:c:1202::": ("End", ["replace-csid", "usd"]),
    "2001:db8:c:12d6::": ("End.DT6", ["replace-csid"]),
    # REPLACE-C-SID, 32-bit C-SIDs
    "2001:db8:b2:1:1::": ("End", ["replace-csid"]),
    "2001:db8:b2:1:2::": ("End", ["replace-csid", "psp"]),
    "2001:db8:b2:1:46::": ("End.DT46", ["replace-csid"]),
}
# name -> (mode, [ (weight, [S1..Sn]) ], source or None, hop_limit or None)
POLICIES = {
    "to-laptop": ("encaps", [(1, ["fc00:2::e", "fc00:3::d4"])], None, None),
    "one-sid": ("encaps.red", [(1, ["fc00:3::d4"])], None, None),
    "one-srh": ("encaps", [(1, ["fc00:3::d4"])], None, None),
    "red3": ("encaps.red", [(1, ["fc00:2::e", "fc00:3::e", "fc00:4::d6"])], None, None),
    "three": ("encaps", [(1, ["fc00:2::e", "fc00:3::e", "fc00:4::d6"])], "fc00:1::99", 32),
    "ecmp": ("encaps", [(1, ["fc00:5::e", "fc00:6::d4"]), (1, ["fc00:7::e", "fc00:6::d4"])], None, None),
    "bsid": ("encaps", [(1, ["fc00:8::e", "fc00:9::d6"])], None, None),
    # lists that compress (RFC 9800 §6)
    "u-one": ("encaps", [(1, ["fcbb:bb00:8100::", "fcbb:bb00:8200::", "fcbb:bb00:8300::"])], None, None),
    "u-one-red": ("encaps.red", [(1, ["fcbb:bb00:8100::", "fcbb:bb00:8600:d6::"])], None, None),
    "u-six": ("encaps", [(1, [f"fcbb:bb00:{k}00::" for k in range(81, 87)])], None, None),
    "u-two": ("encaps", [(1, [f"fcbb:bb00:{k}00::" for k in range(81, 89)])], None, None),
    "u-mixed": ("encaps.red", [(1, ["fc00:2::e", "fcbb:bb00:8100::", "fcbb:bb00:8200::",
                                    "fcbb:bb00:8300:d6::"])], None, None),
    "u-long": ("encaps.red", [(1, [f"fcbb:bb00:{k}00::" for k in range(81, 89)] + ["fc00:4::d6"])],
               None, None),
    "r16": ("encaps", [(1, [f"2001:db8:c:{k}00::" for k in range(81, 85)])], None, None),
    "r16-red": ("encaps.red", [(1, [f"2001:db8:c:{k}00::" for k in range(81, 85)])], None, None),
    "r32-mixed": ("encaps", [(1, [f"2001:db8:b2:800{k}:1::" for k in range(1, 4)] + ["fc00:4::d6"])],
                  None, None),
    "r32-split": ("encaps.red", [(1, [f"2001:db8:b2:800{k}:1::" for k in range(1, 6)] + ["fc00:4::d6"])],
                  None, None),
}
# (match prefix, policy, port or None)
STEERING = [
    ("203.0.113.0/24", "to-laptop", None),
    ("198.18.0.0/24", "one-sid", None),
    ("198.18.3.0/24", "one-srh", None),
    ("2001:db8:aa::/48", "red3", None),
    ("2001:db8:bb::/48", "three", None),
    ("198.18.1.0/24", "ecmp", None),
    ("198.18.2.0/24", "three", "core"),
    ("198.18.10.0/24", "u-one", None),
    ("198.18.11.0/24", "u-one-red", None),
    ("2001:db8:cc::/48", "u-one-red", None),
    ("198.18.12.0/24", "u-six", None),
    ("198.18.13.0/24", "u-two", None),
    ("198.18.14.0/24", "u-mixed", None),
    ("198.18.15.0/24", "u-long", None),
    ("198.18.16.0/24", "r16", None),
    ("198.18.17.0/24", "r16-red", None),
    ("198.18.18.0/24", "r32-mixed", None),
    ("198.18.19.0/24", "r32-split", None),
]
# End.X / End.DX* adjacencies and End.T / End.DT* tables
SID_NEXTHOP = {
    "fc00:1::100": ("core", "fc00:c::2"),
    "fc00:1::101": ("core", "fc00:c::2"),
    "fc00:1::d4": ("edge", "192.0.2.10"),
    "fc00:1::d6": ("edge", "2001:db8:e::10"),
    "fcbb:bb00:1a0::": ("edge", "2001:db8:e::10"),
    "fcbb:bb00:1c4::": ("edge", "192.0.2.10"),
    "fcbb:bb00:1c6::": ("edge", "2001:db8:e::10"),
}
SID_TABLE = {"fc00:1::200": 10, "fc00:1::a4": 20, "fc00:1::a6": 10, "fc00:1::a46": 0,
             "fcbb:bb00:1b0::": 10, "fcbb:bb00:1d6::": 10, "fcbb:bb00:1d4::": 20, "fcbb:bb00:146::": 0,
             "2001:db8:c:12d6::": 10, "2001:db8:b2:1:46::": 0, "fcbb:bb00:1e6::": 10}
SID_POLICY = {"fc00:1::b6": "bsid", "fc00:1::b7": "bsid", "fc00:1::b8": "u-one"}

# Neighbours that send us traffic (source MAC of injected frames).
EDGE_V4_PEER = "02:00:00:00:ee:fe"   # 192.0.2.254, the edge IPv4 router
EDGE_V6_PEER = "02:00:00:00:ee:10"   # 2001:db8:e::10, the edge IPv6 router
CORE_PEER = "02:00:00:00:0c:02"      # fc00:c::2, the core router

# Hosts used as sources/destinations (chosen so that every reply/error has a
# table-0 route, and never inside a connected prefix, so the result does not
# depend on whether srv6gw installs connected routes for port prefixes).
H4 = "198.51.100.7"       # IPv4 host behind the edge router (default route)
H4B = "198.51.100.8"
H4D = "198.19.0.1"        # IPv4 destination reached by the default route
H6E = "2001:db8:f::5"     # IPv6 host behind edge (2001:db8:f::/48 via edge)
H6E2 = "2001:db8:f::9"
H6C = "fc00:a::1"         # SRv6 domain node behind core (fc00::/16 via core)
H6C2 = "fc00:b::1"

ICMP6_MAX = 1280
ICMP4_MAX = 576


def check_conf():
    """Fail loudly if golden.conf no longer says what this file assumes."""
    text = CONF.read_text()
    flat = re.sub(r"\s+", " ", text)
    needles = []
    for name, p in PORTS.items():
        needles += [f'name = "{name}"', f'mac = "{p["mac"]}"', f'mtu = {p["mtu"]}']
        needles += [a for a in p["v4"] + p["v6"]]
    needles.append('ipv6 = ["fc00:c::1/64"]')
    for (port, addr), mac in NEIGH.items():
        needles.append(f'{{ port = "{port}"; address = "{addr}"; mac = "{mac}"; }}')
    for table, prefix, via, port in ROUTES:
        s = f'prefix = "{prefix}"; via = "{via}"; port = "{port}";'
        needles.append(s + (f" table = {table};" if table else " }"))
    needles += [f'source = "{SRV6_SOURCE}"', f"hop_limit = {SRV6_HOP_LIMIT};"]
    for name, (prefix, st, fl, remote) in LOCATORS.items():
        s = f'{{ name = "{name}"; prefix = "{prefix}";'
        if st is not None:
            s += (f' structure = "{st}";' if isinstance(st, str) else
                  " structure = {{ block = {}; node = {}; function = {}; argument = {}; }};".format(*st))
            s += f' csid = "{fl}";'
        if remote:
            s += " remote = true;"
        needles.append(s + " }")
    needles.append("icmp = { rate = 10000; burst = 1000; };")
    entries = {m.group(1): m.group(2) for m in re.finditer(r'\{ sid = "([^"]+)";([^}]*)\}', flat)}
    if set(entries) != set(SIDS):
        sys.exit(f"gen_golden: golden.conf SIDs {sorted(entries)} != {sorted(SIDS)}")
    for sid, body in entries.items():
        beh, fl = SIDS[sid]
        want = [f'behavior = "{beh}";']
        want.append("flavors = [" + ", ".join(f'"{f}"' for f in fl) + "];" if fl else "")
        if sid in SID_NEXTHOP:
            want.append(f'nexthop = "{SID_NEXTHOP[sid][1]}"; port = "{SID_NEXTHOP[sid][0]}";')
        if sid in SID_TABLE:
            want.append(f"table = {SID_TABLE[sid]};")
        if sid in SID_POLICY:
            want.append(f'policy = "{SID_POLICY[sid]}";')
        if not fl and "flavors" in body:
            sys.exit(f"gen_golden: golden.conf gives {sid} flavours")
        for w in want:
            if w not in body:
                sys.exit(f"gen_golden: golden.conf entry for {sid} lacks {w!r}: {body}")
    for name, (mode, lists, src, hl) in POLICIES.items():
        needles.append(f'name = "{name}"; mode = "{mode}";')
        for w, segs in lists:
            needles.append("segments = [" + ", ".join(f'"{s}"' for s in segs) + "]")
        if src:
            needles.append(f'source = "{src}"; hop_limit = {hl};')
    for match, pol, port in STEERING:
        s = f'{{ match = "{match}"; policy = "{pol}";'
        s += f' port = "{port}"; }}' if port else " }"
        needles.append(s)
    missing = [n for n in needles if n not in flat]
    if missing:
        sys.exit("gen_golden: conf/test/golden.conf does not match this generator:\n  "
                 + "\n  ".join(missing))
    # the number of SIDs / policies / steering rules / routes must match too
    # ("{ sid = ": "csid = " of the locators contains "sid = ")
    for what, n in (("{ sid = ", len(SIDS)), ("match = ", len(STEERING)),
                    ("prefix = ", len(ROUTES) + len(LOCATORS)),
                    ("structure = ", sum(1 for l in LOCATORS.values() if l[1])),
                    ("remote = ", sum(1 for l in LOCATORS.values() if l[3])),
                    ("csid = ", sum(1 for l in LOCATORS.values() if l[2]))):
        if flat.count(what) != n:
            sys.exit(f"gen_golden: golden.conf has {flat.count(what)} '{what}' entries, expected {n}")


# ---------------------------------------------------------------------------
# Byte-level builders
# ---------------------------------------------------------------------------

def a4(s):
    return socket.inet_pton(socket.AF_INET, s)


def a6(s):
    return socket.inet_pton(socket.AF_INET6, s)


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def s6(b):
    return socket.inet_ntop(socket.AF_INET6, bytes(b))


def s4(b):
    return socket.inet_ntop(socket.AF_INET, bytes(b))


def csum(data):
    """RFC 1071 Internet checksum."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def l4sum6(src, dst, nh, msg):
    ph = a6(src) + a6(dst) + struct.pack("!IxxxB", len(msg), nh)
    return csum(ph + msg)


def l4sum4(src, dst, proto, msg):
    ph = a4(src) + a4(dst) + struct.pack("!xBH", proto, len(msg))
    return csum(ph + msg)


def payload(n, seed=0):
    """Deterministic printable payload of n bytes."""
    text = (f"srv6gw golden payload #{seed:03d} "
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ").encode()
    return (text * (n // len(text) + 1))[:n]


def eth(dst, src, etype, data):
    return mac(dst) + mac(src) + struct.pack("!H", etype) + data


def ipv4(src, dst, proto, data, ttl=64, tos=0, ident=0, df=False, mf=False, frag=0,
         tot_len=None, ihl=5, options=b"", bad_csum=False, version=4):
    assert len(options) == (ihl - 5) * 4 or bad_csum or ihl < 5
    flags = (0x4000 if df else 0) | (0x2000 if mf else 0) | frag
    tl = tot_len if tot_len is not None else 20 + len(options) + len(data)
    h = struct.pack("!BBHHHBBH4s4s", (version << 4) | ihl, tos, tl, ident, flags, ttl, proto, 0,
                    a4(src), a4(dst)) + options
    c = csum(h)
    if bad_csum:
        c ^= 0x5A5A
    return h[:10] + struct.pack("!H", c) + h[12:] + data


def ipv6(src, dst, nh, data, hl=64, tc=0, fl=0, plen=None, version=6):
    pl = len(data) if plen is None else plen
    return struct.pack("!IHBB", (version << 28) | (tc << 20) | fl, pl, nh, hl) + a6(src) + a6(dst) + data


def udp4(src, dst, sport, dport, data):
    u = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    c = l4sum4(src, dst, 17, u) or 0xFFFF
    return u[:6] + struct.pack("!H", c) + u[8:]


def udp6(src, dst, sport, dport, data):
    """dst = final destination (pseudo-header), RFC 8200 §8.1."""
    u = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    c = l4sum6(src, dst, 17, u) or 0xFFFF
    return u[:6] + struct.pack("!H", c) + u[8:]


def icmp4(typ, code, rest, body):
    m = struct.pack("!BBHI", typ, code, 0, rest) + body
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


def icmp6(src, dst, typ, code, rest, body):
    m = struct.pack("!BBHI", typ, code, 0, rest) + body
    return m[:2] + struct.pack("!H", l4sum6(src, dst, 58, m)) + m[4:]


def echo4(ident, seq, data, reply=False):
    return icmp4(0 if reply else 8, 0, (ident << 16) | seq, data)


def echo6(src, dst, ident, seq, data, reply=False):
    return icmp6(src, dst, 129 if reply else 128, 0, (ident << 16) | seq, data)


def srh(nh, segs, sl, le=None, hel=None, flags=0, tag=0, tlv=b"", rtype=4):
    """Segment Routing Header (RFC 8754 §2). segs = Segment List[0], [1], ...
    (wire order: Segment List[0] is the LAST segment visited)."""
    body = b"".join(a6(s) for s in segs) + tlv
    if hel is None:
        assert len(body) % 8 == 0
        hel = len(body) // 8
    if le is None:
        le = len(segs) - 1
    return struct.pack("!BBBBBBH", nh, hel, rtype, sl, le, flags, tag) + body


def rh(nh, rtype, sl, data):
    """Generic Routing header (RFC 8200 §4.4); data = type-specific part (4+8k bytes)."""
    assert (4 + len(data)) % 8 == 0
    return struct.pack("!BBBB", nh, (4 + len(data)) // 8 - 1, rtype, sl) + data


def opthdr(nh, opts=b""):
    """Hop-by-Hop / Destination Options header padded with PadN to 8n bytes."""
    n = 2 + len(opts)
    pad = (-n) % 8
    if pad == 1:
        padb = b"\x00"
    elif pad:
        padb = bytes([1, pad - 2]) + b"\0" * (pad - 2)
    else:
        padb = b""
    return struct.pack("!BB", nh, (n + pad) // 8 - 1) + opts + padb


def fraghdr(nh, offset, more, ident):
    return struct.pack("!BBHI", nh, 0, (offset << 3) | (1 if more else 0), ident)


def v4_udp(src, dst, sport, dport, n, seed=0, ttl=64, tos=0, ident=0x1234, df=False):
    return ipv4(src, dst, 17, udp4(src, dst, sport, dport, payload(n, seed)), ttl=ttl, tos=tos,
                ident=ident, df=df)


def v4_ping(src, dst, ident, seq, n, ttl=64, ipid=0x4242, df=False, tos=0):
    return ipv4(src, dst, 1, echo4(ident, seq, payload(n, seq)), ttl=ttl, ident=ipid, df=df, tos=tos)


def v6_udp(src, dst, sport, dport, n, seed=0, hl=64, tc=0, fl=0):
    return ipv6(src, dst, 17, udp6(src, dst, sport, dport, payload(n, seed)), hl=hl, tc=tc, fl=fl)


def v6_ping(src, dst, ident, seq, n, hl=64, tc=0, fl=0):
    return ipv6(src, dst, 58, echo6(src, dst, ident, seq, payload(n, seq)), hl=hl, tc=tc, fl=fl)


def srv6(src, dst, segs, sl, inner, nh=41, hl=64, tc=0, fl=0, le=None, hel=None, flags=0,
         tag=0, tlv=b""):
    """Outer IPv6 + SRH + inner packet, as an SR source would send it."""
    return ipv6(src, dst, 43, srh(nh, segs, sl, le, hel, flags, tag, tlv) + inner, hl=hl, tc=tc, fl=fl)


# --- field access on raw IP packets -----------------------------------------

def v6_src(p):
    return s6(p[8:24])


def v6_dst(p):
    return s6(p[24:40])


def v6_tc(p):
    return (struct.unpack("!I", p[:4])[0] >> 20) & 0xFF


def v4_src(p):
    return s4(p[12:16])


def v4_dst(p):
    return s4(p[16:20])


def ipver(p):
    return p[0] >> 4


def v4_fix_csum(p):
    q = bytearray(p)
    ihl = (q[0] & 0xF) * 4
    q[10:12] = b"\0\0"
    q[10:12] = struct.pack("!H", csum(bytes(q[:ihl])))
    return bytes(q)


def v4_dec_ttl(p):
    """RFC 1812 §5.3.1: TTL - 1, header checksum updated (recomputed here)."""
    q = bytearray(p)
    q[8] -= 1
    return v4_fix_csum(bytes(q))


def v6_dec_hl(p):
    q = bytearray(p)
    q[7] -= 1
    return bytes(q)


def flow_key(inner):
    """The inner flow identity: addresses, protocol, and ports for TCP/UDP/SCTP
    when the packet is not a fragment (a fragment's key has no ports, so all
    fragments of one datagram share a flow label, as Linux' flow dissector
    does by default). Used for the placeholder flow label and the ECMP pick."""
    if ipver(inner) == 4:
        ihl = (inner[0] & 0xF) * 4
        proto = inner[9]
        fragmented = struct.unpack("!H", inner[6:8])[0] & 0x3FFF
        ports = inner[ihl:ihl + 4] if proto in (6, 17, 132) and not fragmented else b""
        return (inner[12:16], inner[16:20], proto, ports)
    nh, off, fragmented = inner[6], 40, False
    while nh in (0, 43, 60, 44) and off + 8 <= len(inner):
        if nh == 44:
            fragmented = True
            nh, off = inner[off], off + 8
        else:
            nh, off = inner[off], off + 8 * (inner[off + 1] + 1)
    ports = inner[off:off + 4] if nh in (6, 17, 132) and not fragmented else b""
    return (inner[8:24], inner[24:40], nh, ports)


def placeholder_flowlabel(inner):
    """A non-zero 20-bit label for the expected pcaps. srv6gw's real hash is
    not specified: the runner compares outer flow labels loosely
    (non-zero, equal within one inner flow) wherever mask_flowlabel is set."""
    k = flow_key(inner)
    v = zlib.crc32(k[0] + k[1] + bytes([k[2]]) + k[3]) & 0xFFFFF
    return v or 1


# ---------------------------------------------------------------------------
# Model of the forwarding rules (docs/dataplane.md)
# ---------------------------------------------------------------------------

def lookup(table, addr):
    """Longest-prefix match in table; returns (port, nexthop) or None."""
    ip = ipaddress.ip_address(addr)
    best = None
    for t, prefix, via, port in ROUTES:
        net = ipaddress.ip_network(prefix)
        if t != table or net.version != ip.version or ip not in net:
            continue
        if best is None or net.prefixlen > best[0]:
            best = (net.prefixlen, port, via)
    return None if best is None else (best[1], best[2])


def l2(port, nh, l3):
    family = 0x86DD if ipver(l3) == 6 else 0x0800
    return eth(NEIGH[(port, nh)], PORTS[port]["mac"], family, l3)


class Case:
    def __init__(self, name, description, rfc, decisions=None, mask_flowlabel=False,
                 unordered=False):
        self.name = name
        self.description = description
        self.rfc = rfc
        self.decisions = decisions or []
        self.mask_flowlabel = mask_flowlabel
        self.unordered = unordered
        self.inp = {"edge": [], "core": []}
        self.exp = {"edge": [], "core": []}
        self.fl_idx = {"edge": [], "core": []}
        self.counters = {}
        self.ecmp = None
        # a datapath bug this case exposes (it is expected to FAIL until fixed);
        # written to cases.json as "datapath_bug"
        self.bug = None

    # counters ------------------------------------------------------------
    def drop(self, name, n=1):
        k = "drops." + name
        self.counters[k] = self.counters.get(k, 0) + n

    def ev(self, name, n=1):
        k = "events." + name
        self.counters[k] = self.counters.get(k, 0) + n

    # input ---------------------------------------------------------------
    def send_frame(self, port, frame):
        self.inp[port].append(frame)

    def send(self, port, l3, pad_to=None, pad_byte=0, src_mac=None, dst_mac=None):
        """Inject an IP packet on a port, from that port's neighbour."""
        if src_mac is None:
            src_mac = CORE_PEER if port == "core" else (EDGE_V4_PEER if ipver(l3) == 4 else EDGE_V6_PEER)
        etype = 0x86DD if ipver(l3) == 6 else 0x0800
        f = eth(dst_mac or PORTS[port]["mac"], src_mac, etype, l3)
        if pad_to and len(f) < pad_to:
            f += bytes([pad_byte]) * (pad_to - len(f))
        self.inp[port].append(f)
        return l3

    # expected output -----------------------------------------------------
    def expect(self, port, frame, flowlabel=False):
        if flowlabel:
            self.fl_idx[port].append(len(self.exp[port]))
        self.exp[port].append(frame)

    def route(self, table, l3, flowlabel=False):
        """Expect l3 to leave via table's route toward its destination."""
        dst = v6_dst(l3) if ipver(l3) == 6 else v4_dst(l3)
        r = lookup(table, dst)
        assert r, f"{self.name}: no route for {dst} in table {table}"
        self.expect(r[0], l2(r[0], r[1], l3), flowlabel)
        return r[0]

    def out(self, port, nh, l3, flowlabel=False):
        """Expect l3 on port toward the static neighbour nh (End.X / DX*)."""
        self.expect(port, l2(port, nh, l3), flowlabel)

    # ICMP errors (RFC 4443 §2.2, §2.4; RFC 792; RFC 1812 §4.3.2.3) -------
    def icmp6_error(self, in_port, invoking, typ, code, param=0):
        src = PORTS[in_port]["v6"][0] if PORTS[in_port]["v6"] else SRV6_SOURCE
        dst = v6_src(invoking)
        body = invoking[:ICMP6_MAX - 48]
        l3 = ipv6(src, dst, 58, icmp6(src, dst, typ, code, param, body), hl=64)
        self.route(0, l3)
        self.ev("icmp_errors_sent")

    def icmp4_error(self, in_port, invoking, typ, code, rest=0):
        if not PORTS[in_port]["v4"]:
            self.ev("icmp_no_source")
            return
        src = PORTS[in_port]["v4"][0]
        dst = v4_src(invoking)
        body = invoking[:ICMP4_MAX - 28]
        l3 = ipv4(src, dst, 1, icmp4(typ, code, rest, body), ttl=64, tos=0, ident=0, df=False)
        self.route(0, l3)
        self.ev("icmp_errors_sent")

    def echo_reply6(self, pinged, request):
        """Echo reply (RFC 4443 §4.2): from the pinged address, HL 64, TC 0,
        FL 0, same identifier, sequence and data. request = IPv6 packet whose
        upper layer (after any skipped extension headers) is the request."""
        icmp = upper_layer(request)
        assert icmp[0] == 128
        ident, seq = struct.unpack("!HH", icmp[4:8])
        dst = v6_src(request)
        l3 = ipv6(pinged, dst, 58, echo6(pinged, dst, ident, seq, icmp[8:], reply=True), hl=64)
        self.route(0, l3)
        self.ev("echo_replies_sent")

    def echo_reply4(self, request):
        ihl = (request[0] & 0xF) * 4
        icmp = request[ihl:]
        assert icmp[0] == 8
        ident, seq = struct.unpack("!HH", icmp[4:8])
        l3 = ipv4(v4_dst(request), v4_src(request), 1, echo4(ident, seq, icmp[8:], reply=True),
                  ttl=64, tos=0, ident=0, df=False)
        self.route(0, l3)
        self.ev("echo_replies_sent")

    # headend (RFC 8986 §5; docs/dataplane.md "Headend") ------------------
    def headend(self, in_port, inner, policy, mode=None, hop_limit=None, source=None,
                list_idx=None, count_encap=True, route_inner=True):
        pmode, lists, psrc, phl = POLICIES[policy]
        mode = mode or pmode
        v4 = ipver(inner) == 4
        # the inner packet is routed first (RFC 8986 §5.1 S05 / RFC 8200 / RFC 1812)
        ttl = inner[8] if v4 else inner[7]
        if route_inner and ttl <= 1:
            self.drop("ttl_exceeded")
            if v4:
                self.icmp4_error(in_port, inner, 11, 0)
            else:
                self.icmp6_error(in_port, inner, 3, 0)
            return
        if list_idx is None:
            # placeholder pick: 5-tuple hash, weight-proportional. The runner
            # accepts any configured list (see cases.json "ecmp") and checks
            # per-flow consistency instead.
            total = sum(w for w, _ in lists)
            h = placeholder_flowlabel(inner) % total
            for i, (w, _) in enumerate(lists):
                if h < w:
                    list_idx = i
                    break
                h -= w
        segs = lists[list_idx][1]
        # RFC 9800 §6: the list as encoded (compressed where the locators allow)
        entries, in_srh = csid_encode(segs, mode)
        overhead = 40 + (8 + 16 * in_srh if in_srh else 0)
        egress = lookup(0, entries[0])
        assert egress
        mtu = PORTS[egress[0]]["mtu"] - overhead
        if len(inner) > mtu:
            if not v4:
                self.drop("mtu_exceeded")
                self.icmp6_error(in_port, inner, 2, 0, mtu)
                return
            if struct.unpack("!H", inner[6:8])[0] & 0x4000:
                self.drop("mtu_exceeded")
                self.icmp4_error(in_port, inner, 3, 4, mtu)
                return
            frags = fragment4(v4_dec_ttl(inner), mtu)
            self.ev("ipv4_fragments_out", len(frags))
            for f in frags:
                self.expect(egress[0], l2(egress[0], egress[1],
                                          encap(f, segs, mode, source or psrc or SRV6_SOURCE,
                                                hop_limit or phl or SRV6_HOP_LIMIT)), True)
            return
        # End.B6.* already did the (single) hop-limit decrement in End processing
        dec = inner if not route_inner else (v4_dec_ttl(inner) if v4 else v6_dec_hl(inner))
        self.expect(egress[0], l2(egress[0], egress[1],
                                  encap(dec, segs, mode, source or psrc or SRV6_SOURCE,
                                        hop_limit or phl or SRV6_HOP_LIMIT)), True)
        if count_encap:
            self.ev("encapsulated")
        self.mask_flowlabel = True

    def files(self):
        return {p: (f"{self.name}-in-{p}.pcap", f"{self.name}-exp-{p}.pcap") for p in ("edge", "core")}


def encap(inner, segs, mode, source, hop_limit):
    """H.Encaps / H.Encaps.Red outer headers (RFC 8986 §5.1, §5.2; RFC 8754 §2;
    docs/dataplane.md). segs in travel order S1..Sn; they are first encoded
    with compressed SIDs where the locators allow (RFC 9800 §6, csid_encode):
    the n entries then take the place of the SIDs (DA = first entry, SL =
    n-1; encaps: all n in the SRH, LE n-1; encaps.red: the first left out, LE
    n-2, no SRH for one entry; one container of several C-SIDs: no SRH)."""
    v4 = ipver(inner) == 4
    inh = 4 if v4 else 41
    tc = inner[1] if v4 else v6_tc(inner)
    entries, in_srh = csid_encode(segs, mode)
    n = len(entries)
    if in_srh:
        hdr = srh(inh, list(reversed(entries[n - in_srh:])), sl=n - 1, le=in_srh - 1)
        nh = 43
    else:
        hdr, nh = b"", inh
    return ipv6(source, entries[0], nh, hdr + inner, hl=hop_limit, tc=tc, fl=placeholder_flowlabel(inner))


def fragment4(pkt, mtu):
    """RFC 791 fragmentation: payload per fragment = floor((mtu - ihl)/8)*8,
    offsets in 8-byte units, same ID/TOS/TTL/protocol, MF on all but the
    last, DF clear, header checksum recomputed. No options in the corpus."""
    ihl = (pkt[0] & 0xF) * 4
    assert ihl == 20
    hdr, data = pkt[:ihl], pkt[ihl:]
    per = (mtu - ihl) // 8 * 8
    frags = []
    off = 0
    while off < len(data):
        chunk = data[off:off + per]
        more = off + per < len(data)
        q = bytearray(hdr)
        q[2:4] = struct.pack("!H", ihl + len(chunk))
        q[6:8] = struct.pack("!H", (0x2000 if more else 0) | (off // 8))
        frags.append(v4_fix_csum(bytes(q)) + chunk)
        off += per
    return frags


def ext_chain(p):
    """Walk the IPv6 extension headers: list of (type, offset, length,
    offset of the Next Header field that names this header)."""
    out = []
    nh, nh_off, off = p[6], 6, 40
    while nh in (0, 43, 60, 44):
        ln = 8 if nh == 44 else 8 * (p[off + 1] + 1)
        out.append((nh, off, ln, nh_off))
        nh, nh_off, off = p[off], off, off + ln
    out.append((nh, off, None, nh_off))
    return out


def upper_layer(p):
    _, off, _, _ = ext_chain(p)[-1]
    return p[off:]


def srh_off(p):
    for t, off, ln, nh_off in ext_chain(p):
        if t == 43:
            return off, nh_off
    raise AssertionError("no SRH")


def end_update(p):
    """RFC 8986 §4.1 S12-S14: HL - 1, SL - 1, DA = Segment List[SL]."""
    off, _ = srh_off(p)
    q = bytearray(p)
    sl = q[off + 3] - 1
    q[off + 3] = sl
    q[24:40] = q[off + 8 + 16 * sl: off + 8 + 16 * sl + 16]
    q[7] -= 1
    return bytes(q)


def srh_pop(p):
    """PSP / USP (RFC 8986 §4.16.1, §4.16.2): preceding Next Header = SRH's,
    Payload Length -= 8*(Hdr Ext Len+1), SRH removed."""
    off, nh_off = srh_off(p)
    ln = 8 * (p[off + 1] + 1)
    q = bytearray(p)
    q[nh_off] = p[off]
    del q[off:off + ln]
    q[4:6] = struct.pack("!H", struct.unpack("!H", p[4:6])[0] - ln)
    return bytes(q)


def set_ce(inner):
    """RFC 6040 §4.2: outer CE over inner ECT(0)/ECT(1) -> inner CE."""
    q = bytearray(inner)
    if ipver(inner) == 4:
        q[1] |= 3
        return v4_fix_csum(bytes(q))
    q[1] |= 0x30   # ECN bits are the low 2 bits of TC: bits 4-5 of byte 1
    return bytes(q)


# ---------------------------------------------------------------------------
# Compressed SIDs (RFC 9800), written from the RFC text (/work/notes/rfc9800.md
# pseudocode; shared/reference/srv6-rules.md §1.6). Bit 0 is the most
# significant bit of an address; slot i of a REPLACE-C-SID entry is bits
# [i*LNFL..(i+1)*LNFL-1].
# ---------------------------------------------------------------------------

def u128(addr):
    return int.from_bytes(a6(addr), "big")


def a128(v):
    return s6(v.to_bytes(16, "big"))


def structure(st):
    """(LBL, LNL, FL, AL) of a structure as written in golden.conf."""
    if isinstance(st, str):
        m = re.fullmatch(r"F(\d\d)(\d\d)", st)
        b, c = int(m.group(1)), int(m.group(2))
        return (b, c, 0, 128 - b - c)
    return st


def csid_locator(addr):
    """(LBL, LNFL, flavour) of the C-SID locator, local or remote, that holds
    addr; None outside every C-SID locator."""
    ip = ipaddress.ip_address(addr)
    for prefix, st, fl, _ in LOCATORS.values():
        if st is not None and ip in ipaddress.ip_network(prefix):
            lbl, lnl, fn, _ = structure(st)
            return (lbl, lnl + fn, fl)
    return None


def is_csid(v, lbl, lnfl):
    """Block + a non-zero C-SID and nothing after it (RFC 9800 §4.1: C-SID 0
    is reserved)."""
    return (v & ((1 << (128 - lbl - lnfl)) - 1)) == 0 and (v >> (128 - lbl - lnfl)) & ((1 << lnfl) - 1) != 0


def slot_get(e, i, lnfl):
    return (e >> (128 - (i + 1) * lnfl)) & ((1 << lnfl) - 1)


def slot_set(e, i, lnfl, c):
    return e | (c << (128 - (i + 1) * lnfl))


def csid_pack(segs):
    """Segment list (travel order) -> (entries in travel order, SIDs that went
    into C-SID entries). RFC 9800 §6.1 / §6.2 as described in the notes §4.1,
    §4.2:
    NEXT-C-SID: a container starts with a C-SID SID (block + C-SID); the
    following SIDs of the same block and structure go into the most
    significant free argument bits while they fit; a SID whose bits after
    the block are longer than one C-SID (a node + function "uDT") may be
    the last one of a container if they fit.
    REPLACE-C-SID: the first SID of a run in full (index 0); the next C-SIDs
    packed 128/LNFL per entry, the first to be processed in the lowest-order
    slot (K-1), then K-2, ...; unused high-order slots zero."""
    out, ncomp, i = [], 0, 0
    while i < len(segs):
        st = csid_locator(segs[i])
        v = u128(segs[i])
        if st is None or not is_csid(v, st[0], st[1]):
            out.append(segs[i])
            i += 1
            continue
        lbl, lnfl, fl = st
        blk = v >> (128 - lbl)

        def same(j):
            return csid_locator(segs[j]) == st and u128(segs[j]) >> (128 - lbl) == blk

        if fl == "next-csid":
            c, pos, j = v, lbl + lnfl, i + 1
            while j < len(segs) and same(j):
                tail = u128(segs[j]) & ((1 << (128 - lbl)) - 1)
                if tail == 0:
                    break
                tz = (tail & -tail).bit_length() - 1          # trailing zero bits
                need = 128 - lbl - tz                          # significant bits after the block
                if need > 128 - pos:
                    break
                c |= tail >> (pos - lbl)
                j += 1
                if need > lnfl:                                # longer than one C-SID: last one
                    break
                pos += lnfl
            out.append(a128(c))
            ncomp += j - i
            i = j
            continue
        K = 128 // lnfl
        r = 1
        while i + r < len(segs) and same(i + r) and is_csid(u128(segs[i + r]), lbl, lnfl):
            r += 1
        assert not (r == 1 and i + 1 < len(segs)), "a lone REPLACE-C-SID SID must be last"
        # decision: a run followed by more SIDs must not end in a FULL entry
        # (the node at index 0 would read the next entry as C-SIDs, S20-S25):
        # its last two SIDs then form a run of their own
        if i + r < len(segs) and (r - 1) % K == 0:
            r -= 2
        out.append(segs[i])
        rest = segs[i + 1:i + r]
        for g in range(0, len(rest), K):
            e = 0
            for k, sid in enumerate(rest[g:g + K]):
                e = slot_set(e, K - 1 - k, lnfl, (u128(sid) >> (128 - lbl - lnfl)) & ((1 << lnfl) - 1))
            out.append(a128(e))
        ncomp += r
        i += r
    return out, ncomp


def csid_encode(segs, mode):
    """(entries, entries in the SRH): RFC 8754 §4.1/4.1.1 with entries in place
    of SIDs; a single container of several C-SIDs needs no SRH (RFC 9800 §6,
    notes §4.1), in encaps mode too (srv6gw's rule, decision)."""
    entries, ncomp = csid_pack(segs)
    n = len(entries)
    if n == 1 and ncomp > 1:
        return entries, 0
    return entries, (n if mode == "encaps" else n - 1)


def next_csid_shift(p, lbl, lnfl):
    """RFC 9800 §4.1.1 S05-S07: DA.Argument (bits [LBL+LNFL..127]) copied into
    bits [LBL..LBL+AL-1], bits [LBL+AL..127] zero, Hop Limit - 1. SL and the
    SRH untouched."""
    v = u128(v6_dst(p))
    al = 128 - lbl - lnfl
    arg = v & ((1 << al) - 1)
    assert arg != 0
    new = ((v >> (128 - lbl)) << (128 - lbl)) | (arg << lnfl)
    q = bytearray(p)
    q[24:40] = new.to_bytes(16, "big")
    q[7] -= 1
    return bytes(q)


def replace_csid(p, lbl, lnfl, psp=False):
    """RFC 9800 §4.2.1 S02-S29 (+ §4.2.7 PSP after S17 and S28) on packet p
    (IPv6 + SRH). Returns ("upper",), ("te",), ("pp", pointer) or ("fwd", q)."""
    K = 128 // lnfl
    ib = (K - 1).bit_length()                       # ceil(log2(128/LNFL))
    v = u128(v6_dst(p))
    idx = v & ((1 << ib) - 1)
    off, _ = srh_off(p)
    hel, sl, le = p[off + 1], p[off + 3], p[off + 4]

    def entry(i):
        return int.from_bytes(p[off + 8 + 16 * i:off + 24 + 16 * i], "big")

    def nothing_left(sl_, idx_):
        return sl_ == 0 and (idx_ == 0 or slot_get(entry(0), idx_ - 1, lnfl) == 0)

    if nothing_left(sl, idx):                                       # S02
        return ("upper",)
    if p[7] <= 1:                                                   # S05
        return ("te",)
    max_le = hel // 2 - 1                                           # S08
    q = bytearray(p)
    if idx != 0:
        if le > max_le or sl > le:                                  # S10
            return ("pp", off + 3)
        idx -= 1                                                    # S13
        if slot_get(entry(sl), idx, lnfl) == 0:                     # S14
            sl -= 1                                                 # S15
            q[off + 3] = sl
            q[7] -= 1                                               # S16
            q[24:40] = entry(sl).to_bytes(16, "big")                # S17
            q = bytes(q)
            return ("fwd", srh_pop(q) if psp and sl == 0 else q)
    else:
        if le > max_le or sl > le + 1:                              # S21
            return ("pp", off + 3)
        sl -= 1                                                     # S24
        idx = K - 1                                                 # S25
    q[off + 3] = sl
    q[7] -= 1                                                       # S27
    csid_mask = ((1 << lnfl) - 1) << (128 - lbl - lnfl)
    new = (v & ~csid_mask & ~((1 << ib) - 1)) | (slot_get(entry(sl), idx, lnfl) << (128 - lbl - lnfl)) | idx
    q[24:40] = new.to_bytes(16, "big")                              # S28
    q = bytes(q)
    if psp and nothing_left(sl, idx):                               # S28.1
        q = srh_pop(q)
    return ("fwd", q)


# ---------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------

CASES = []


def case(name, description, rfc, **kw):
    c = Case(name, description, rfc, **kw)
    CASES.append(c)
    return c


R_ICMP6_ERR = "RFC 4443 §2.2, §2.4(c)"
R_ICMP4_ERR = "RFC 792; RFC 1812 §4.3.2.3"
BODY_NOTE = ("ICMP body = invoking packet as received (IP header onward, Ethernet padding "
             "trimmed), error source = ingress port's first address of the family, HL/TTL 64")


def build_cases():
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

    # ------------------------------------------------------------ End and flavours
    inner6 = lambda n, seed=0: v6_udp("2001:db8:aa::5", H6E2, 7000 + seed, 7001, n, seed=seed, hl=40)
    inner4 = lambda n, seed=0, **kw: v4_udp("198.18.9.1", "198.19.5.5", 8000 + seed, 8001, n, seed=seed,
                                            ttl=40, ident=0x4000 + seed, **kw)

    def end_ok(c, pkt, table=0, port_nh=None):
        out = end_update(pkt)
        if port_nh:
            c.out(port_nh[0], port_nh[1], out)
        else:
            c.route(table, out)
        return out

    c = case("end", "End (fc00:1::e), SL 2 -> 1: HL-1, SL-1, DA = Segment List[1]; SRH "
             "otherwise unchanged; inner IPv6 and inner IPv4, several sizes.",
             ["RFC 8986 §4.1", "RFC 8754 §4.3.1.1"])
    segs = ["fc00:b::d6", "fc00:b::e", "fc00:1::e"]
    for i, n in enumerate((20, 600, 1300)):
        p = c.send("core", srv6(H6C, "fc00:1::e", segs, 2, inner6(n, i), hl=64 - i))
        end_ok(c, p)
    p = c.send("core", srv6(H6C, "fc00:1::e", segs, 2, inner4(100), nh=4))
    end_ok(c, p)
    c.ev("sid_processed", 4)

    c = case("end-reduced-srh", "End with a reduced SRH (SL == LE+1: SL 2, LE 1) is valid: DA "
             "= Segment List[1].", ["RFC 8754 §4.1.1, §4.3.1.1", "srv6-rules P12"])
    p = c.send("core", srv6(H6C, "fc00:1::e", ["fc00:b::d6", "fc00:b::e"], 2, inner6(50)))
    end_ok(c, p)
    c.ev("sid_processed")

    c = case("end-flags-tag", "End with SRH Flags 0x11 and Tag 0xbeef: ignored on receipt and "
             "passed on unchanged.", ["RFC 8754 §2", "srv6-rules P20"])
    p = c.send("core", srv6(H6C, "fc00:1::e", segs, 2, inner6(50), flags=0x11, tag=0xBEEF))
    end_ok(c, p)
    c.ev("sid_processed")

    c = case("end-tlv", "End with an SRH carrying TLVs after the segment list: an unknown TLV "
             "(type 0x7e, 4 bytes) then two Pad1 bytes (Hdr Ext Len 7). TLVs are ignored on "
             "receipt and passed on unchanged; Pad1 has no length byte.",
             ["RFC 8754 §2.1, §2.1.1", "srv6-rules P35, P36"])
    tlv = bytes([0x7E, 4, 1, 2, 3, 4, 0, 0])
    p = c.send("core", srv6(H6C, "fc00:1::e", segs, 2, inner6(60), tlv=tlv))
    assert p[41] == 7
    end_ok(c, p)
    c.ev("sid_processed")

    c = case("end-inconsistent-da", "DA = fc00:1::e but Segment List[SL] is another address: "
             "not an error, processed normally (RFC 8754 does not compare them).",
             ["RFC 8754 §4.3.1.1", "srv6-rules P17"])
    p = c.send("core", srv6(H6C, "fc00:1::e", ["fc00:b::d6", "fc00:b::e", "fc00:b::99"], 2, inner6(50)))
    end_ok(c, p)
    c.ev("sid_processed")

    c = case("end-hbh-destopt", "End with a Hop-by-Hop header, and with a Destination Options "
             "header, before the SRH: both are skipped (kept as they are) and the SRH is processed.",
             ["RFC 8200 §4.1", "docs/dataplane.md Endpoint behaviours", "srv6-rules P44"])
    for first in (0, 60):
        inner = inner6(80, first)
        s = srh(41, segs, 2)
        p = c.send("core", ipv6(H6C, "fc00:1::e", first, opthdr(43) + s + inner))
        end_ok(c, p)
    c.ev("sid_processed", 2)

    c = case("end-frag-after-srh", "End with the SRH followed by a Fragment header (the SRH is a "
             "per-fragment header): processed and forwarded like any End packet.",
             ["RFC 8200 §4.5", "srv6-rules P48"])
    frag_payload = udp6(H6C, "fc00:b::d6", 1, 2, payload(200))[:136]
    p = c.send("core", ipv6(H6C, "fc00:1::e", 43, srh(44, segs, 2) + fraghdr(17, 0, True, 0xCAFE) + frag_payload))
    end_ok(c, p)
    c.ev("sid_processed")

    c = case("end-psp-sl2", "End with PSP (fc00:1::e1) at SL 2 -> 1: behaves as plain End, the "
             "SRH stays.", ["RFC 8986 §4.16.1", "srv6-rules P31"])
    p = c.send("core", srv6(H6C, "fc00:1::e1", ["fc00:b::d6", "fc00:b::e", "fc00:1::e1"], 2, inner6(70)))
    end_ok(c, p)
    c.ev("sid_processed")

    c = case("end-psp-sl1", "End with PSP (fc00:1::e1) at SL 1 -> 0: DA = Segment List[0], "
             "SRH removed, IPv6 Next Header = SRH's (41 / 4), Payload Length reduced by the SRH "
             "length; inner IPv6 and inner IPv4.", ["RFC 8986 §4.16.1"])
    for inner, nh in ((inner6(70), 41), (inner4(70), 4)):
        p = c.send("core", srv6(H6C, "fc00:1::e1", ["fc00:b::d6", "fc00:1::e1"], 1, inner, nh=nh))
        c.route(0, srh_pop(end_update(p)))
    c.ev("sid_processed", 2)

    c = case("end-psp-tlv", "PSP at SL 1 -> 0 with an SRH carrying a PadN TLV (Hdr Ext Len 5): "
             "the whole SRH including the TLV is removed.",
             ["RFC 8986 §4.16.1", "RFC 8754 §2.1.1", "srv6-rules P32"])
    tlv = bytes([4, 6]) + b"\0" * 6
    p = c.send("core", srv6(H6C, "fc00:1::e1", ["fc00:b::d6", "fc00:1::e1"], 1, inner6(90), tlv=tlv))
    assert p[40 + 1] == 5
    c.route(0, srh_pop(end_update(p)))
    c.ev("sid_processed")

    def sl0(sid, inner, nh=41, segs0=None):
        return srv6(H6C, sid, segs0 or [sid, "fc00:b::e"], 0, inner, nh=nh)

    c = case("end-usp-echo", "End with USP (fc00:1::e2) at SL 0 with an ICMPv6 echo request "
             "after the SRH: the SRH is removed, then the echo is answered (reply sourced from "
             "the SID, no SRH).", ["RFC 8986 §4.16.2, §4.1.1", "RFC 4443 §4.2"])
    echo = echo6(H6C, "fc00:1::e2", 0x55, 1, payload(48))
    p = c.send("core", sl0("fc00:1::e2", echo, nh=58))
    c.echo_reply6("fc00:1::e2", p)

    c = case("end-usp-udp", "End with USP (fc00:1::e2) at SL 0 with UDP after the SRH: USP "
             "removes the SRH first (RFC 8986 §4.16.2 S03.1-S03.4), then the upper layer is "
             "processed: UDP is not allowed -> Parameter Problem code 4. The error quotes the "
             "packet as it is at that point, without the SRH (Next Header 17, payload length "
             "reduced by 40), so the pointer to the UDP header is 40.",
             ["RFC 8986 §4.1.1, §4.16.2", "RFC 8754 §4.3.1.2", "docs/design.md (USP decision)"],
             decisions=["USP then Parameter Problem code 4: the error quotes the packet after the "
                        "SRH removal and points into it (docs/design.md; RFC 8986 processes USP "
                        "before the upper layer), not the packet as received."])
    p = c.send("core", sl0("fc00:1::e2", udp6(H6C, "fc00:1::e2", 5, 6, payload(30)), nh=17))
    c.icmp6_error("core", srh_pop(p), 4, 4, 40)
    c.drop("upper_layer_not_allowed")

    c = case("end-psp-usp", "fc00:1::e3 (PSP+USP): SL 1 -> PSP pops the SRH and forwards; SL 0 "
             "with an echo request -> USP pops and the echo is answered.",
             ["RFC 8986 §4.16.1, §4.16.2"])
    p = c.send("core", srv6(H6C, "fc00:1::e3", ["fc00:b::d6", "fc00:1::e3"], 1, inner6(30)))
    c.route(0, srh_pop(end_update(p)))
    p = c.send("core", sl0("fc00:1::e3", echo6(H6C, "fc00:1::e3", 0x56, 2, payload(20)), nh=58))
    c.echo_reply6("fc00:1::e3", p)

    c = case("end-usd", "End with USD (fc00:1::e4) at SL 0: inner IPv6 and inner IPv4 are "
             "decapsulated (outer header + SRH removed) and looked up in table 0; the inner "
             "TTL/HL is not decremented. Also without an SRH (NH 41 directly).",
             ["RFC 8986 §4.16.3"],
             decisions=["USD does not decrement the inner HL/TTL, like End.DT* (docs: 'the "
                        "headend did it'); RFC 8986 §4.16.3 says only 'submit to the egress "
                        "FIB lookup'."])
    i6 = inner6(100, 1)
    i4 = inner4(100, 2)
    p = c.send("core", sl0("fc00:1::e4", i6))
    c.route(0, i6)
    p = c.send("core", sl0("fc00:1::e4", i4, nh=4))
    c.route(0, i4)
    i6b = inner6(40, 3)
    c.send("core", ipv6(H6C, "fc00:1::e4", 41, i6b))
    c.route(0, i6b)

    c = case("end-psp-usd", "fc00:1::e5 (PSP+USD): SL 1 -> PSP pop then forward; SL 0 with "
             "inner IPv4 -> decapsulated.", ["RFC 8986 §4.16.1, §4.16.3"])
    p = c.send("core", srv6(H6C, "fc00:1::e5", ["fc00:b::d6", "fc00:1::e5"], 1, inner6(30, 4)))
    c.route(0, srh_pop(end_update(p)))
    i4 = inner4(64, 5)
    c.send("core", sl0("fc00:1::e5", i4, nh=4))
    c.route(0, i4)

    c = case("end-usp-usd", "fc00:1::e6 (USP+USD): SL 0 with inner IPv6 -> decapsulated; SL 0 "
             "with an echo request -> USP pops and answers; SL 0 with UDP -> USP pops, then "
             "Parameter Problem code 4 quoting the popped packet, pointer 40.",
             ["RFC 8986 §4.16.2, §4.16.3, §4.1.1", "docs/design.md (USP decision)"])
    i6 = inner6(64, 6)
    c.send("core", sl0("fc00:1::e6", i6))
    c.route(0, i6)
    p = c.send("core", sl0("fc00:1::e6", echo6(H6C, "fc00:1::e6", 0x57, 3, payload(10)), nh=58))
    c.echo_reply6("fc00:1::e6", p)
    p = c.send("core", sl0("fc00:1::e6", udp6(H6C, "fc00:1::e6", 5, 6, payload(30)), nh=17))
    c.icmp6_error("core", srh_pop(p), 4, 4, 40)
    c.drop("upper_layer_not_allowed")

    c = case("end-psp-usp-usd", "fc00:1::e7 (PSP+USP+USD): SL 1 -> PSP pop; SL 0 with inner "
             "IPv4 -> decapsulated.", ["RFC 8986 §4.16"])
    p = c.send("core", srv6(H6C, "fc00:1::e7", ["fc00:b::d6", "fc00:1::e7"], 1, inner4(30, 7), nh=4))
    c.route(0, srh_pop(end_update(p)))
    i4 = inner4(300, 8)
    c.send("core", sl0("fc00:1::e7", i4, nh=4))
    c.route(0, i4)

    c = case("end-sl0-upper-layer", "Plain End (fc00:1::e, no USD) at SL 0 with inner IPv6 "
             "(NH 41) -> Parameter Problem code 4 pointing at the inner header (offset 64 = 40 + "
             "24-byte SRH); without an SRH, UDP -> code 4 at offset 40. The SL-0 SRH with an echo "
             "request is answered (ICMPv6 echo is allowed).",
             ["RFC 8986 §4.1.1", "RFC 8754 §4.3.1.2", "srv6-rules P24"],
             decisions=["End/End.X/End.T with SL 0 or no SRH follow the upper-layer rules "
                        "(upper_layer_not_allowed), not the sid_no_srh counter listed in "
                        "counters.h."])
    p = c.send("core", srv6(H6C, "fc00:1::e", ["fc00:1::e"], 0, inner6(20)))
    c.icmp6_error("core", p, 4, 4, 64)
    p = c.send("core", ipv6(H6C, "fc00:1::e", 17, udp6(H6C, "fc00:1::e", 9, 9, payload(20))))
    c.icmp6_error("core", p, 4, 4, 40)
    c.drop("upper_layer_not_allowed", 2)
    p = c.send("core", srv6(H6C, "fc00:1::e", ["fc00:1::e"], 0, echo6(H6C, "fc00:1::e", 0x58, 1, payload(8)), nh=58))
    c.echo_reply6("fc00:1::e", p)

    c = case("end-x", "End.X (fc00:1::100), SL 2 -> 1: the packet goes to the configured "
             "adjacency fc00:c::2 on core, although the new DA (2001:db8:f::77) would be routed "
             "out edge by table 0.", ["RFC 8986 §4.2"])
    p = c.send("core", srv6(H6C, "fc00:1::100", ["fc00:b::d6", "2001:db8:f::77", "fc00:1::100"], 2, inner6(200)))
    end_ok(c, p, port_nh=("core", "fc00:c::2"))
    c.ev("sid_processed")

    c = case("end-x-psp", "End.X with PSP (fc00:1::101), SL 1 -> 0: SRH popped, sent to "
             "fc00:c::2 on core (DA 2001:db8:f::78 would route to edge).", ["RFC 8986 §4.2, §4.16.1"])
    p = c.send("core", srv6(H6C, "fc00:1::101", ["2001:db8:f::78", "fc00:1::101"], 1, inner4(60), nh=4))
    c.out("core", "fc00:c::2", srh_pop(end_update(p)))
    c.ev("sid_processed")

    c = case("end-t", "End.T (fc00:1::200, table 10), SL 1 -> 0: DA 2001:db8:10::5 is looked up "
             "in table 10 (via 2001:db8:e::10 on edge); table 0 has no route for it.",
             ["RFC 8986 §4.3"])
    p = c.send("core", srv6(H6C, "fc00:1::200", ["2001:db8:10::5", "fc00:1::200"], 1, inner6(120)))
    end_ok(c, p, table=10)
    c.ev("sid_processed")

    c = case("end-t-no-route", "End.T (table 10) whose new DA 2001:db8:99::5 has no route in "
             "table 10 -> ICMPv6 Destination Unreachable code 0. The body is the packet as "
             "submitted to the lookup (HL-1, SL-1, DA updated).",
             ["RFC 8986 §4.3", "RFC 8754 §4.3.1.1 (resubmit to the IPv6 module)", "RFC 4443 §3.1"],
             decisions=["An error raised by the FIB lookup AFTER SID processing quotes the "
                        "packet as modified by the SID (what the IPv6 module was given, as Linux "
                        "does); the 'as received' rule of docs/dataplane.md applies to checks "
                        "made before any change."])
    p = c.send("core", srv6(H6C, "fc00:1::200", ["2001:db8:99::5", "fc00:1::200"], 1, inner6(120)))
    c.icmp6_error("core", end_update(p), 1, 0)
    c.drop("no_route")

    c = case("end-hl1", "End, End.X and End.T with HL 1 and a valid SRH (SL 1) -> Time Exceeded "
             "code 0 from fc00:c::1, before any change.", ["RFC 8986 §4.1 S05", "srv6-rules P21"])
    for sid in ("fc00:1::e", "fc00:1::100", "fc00:1::200"):
        p = c.send("core", srv6(H6C, sid, ["fc00:b::d6", sid], 1, inner6(30), hl=1))
        c.icmp6_error("core", p, 3, 0)
    c.drop("ttl_exceeded", 3)

    c = case("end-hl1-bad-sl", "End with HL 1 AND a bad SRH (SL 5 > LE+1): the hop limit is "
             "checked first (RFC 8986 order) -> Time Exceeded, not Parameter Problem.",
             ["RFC 8986 §4.1 S05 before S08-S10", "srv6-rules §1.2, P21"])
    p = c.send("core", srv6(H6C, "fc00:1::e", ["fc00:b::d6", "fc00:1::e"], 5, inner6(30), hl=1))
    c.icmp6_error("core", p, 3, 0)
    c.drop("ttl_exceeded")

    c = case("end-loop-8", "SID list that loops through fc00:1::e 8 times (SL 8, Segment "
             "List[1..8] = fc00:1::e, [0] = fc00:b::1): 8 passes are allowed; the packet leaves "
             "with SL 0, DA fc00:b::1 and HL 64-8 = 56.",
             ["docs/dataplane.md End step 5", "srv6-rules P19"])
    p = c.send("core", srv6(H6C, "fc00:1::e", ["fc00:b::1"] + ["fc00:1::e"] * 8, 8, inner6(40)))
    q = p
    for _ in range(8):
        q = end_update(q)
    c.route(0, q)

    c = case("end-loop-9", "Same with 9 loops (SL 9): after 8 passes the DA is still a local "
             "SID -> dropped (loop_detected), no ICMP.",
             ["docs/dataplane.md End step 5", "srv6-rules P19"],
             decisions=["'At most 8 passes per packet' counts the first pass; the 9th is refused."])
    c.send("core", srv6(H6C, "fc00:1::e", ["fc00:b::1"] + ["fc00:1::e"] * 9, 9, inner6(40)))
    c.drop("loop_detected")

    c = case("end-next-sid-invalid", "End whose next SID is ff02::1, fe80::1, ::1 or :: -> "
             "dropped (next_sid_invalid), no ICMP.",
             ["srv6-rules P18", "include/srv6gw/counters.h next_sid_invalid"],
             decisions=["docs/dataplane.md does not describe next_sid_invalid; following the "
                        "checklist (P18) the packet is dropped silently after the SRH checks."])
    for bad in ("ff02::1", "fe80::1", "::1", "::"):
        c.send("core", srv6(H6C, "fc00:1::e", [bad, "fc00:1::e"], 1, inner6(40)))
    c.drop("next_sid_invalid", 4)

    # ------------------------------------------------------------ bad SRHs
    c = case("srh-hel0", "SRH with Hdr Ext Len 0 and SL 1 (LE 0): max_LE = 0/2-1 = -1 (signed), "
             "LE 0 > -1 -> Parameter Problem code 0, pointer 43 (Segments Left).",
             ["RFC 8754 §4.3.1.1", "RFC 8986 §4.1 S08-S10", "srv6-rules P10"])
    p = c.send("core", ipv6(H6C, "fc00:1::e", 43, srh(41, [], 1, le=0, hel=0) + inner6(40)))
    c.icmp6_error("core", p, 4, 0, 43)
    c.drop("srh_malformed")

    c = case("srh-sl-gt-le", "SRH with SL 3 > LE+1 = 2 -> Parameter Problem code 0, pointer 43.",
             ["RFC 8754 §4.3.1.1", "srv6-rules P11"])
    p = c.send("core", srv6(H6C, "fc00:1::e", ["fc00:b::d6", "fc00:1::e"], 3, inner6(40)))
    c.icmp6_error("core", p, 4, 0, 43)
    c.drop("srh_malformed")

    c = case("srh-le-gt-max", "SRH with Hdr Ext Len 4 (max_LE 1) but LE 2 -> Parameter Problem "
             "code 0, pointer 43.", ["RFC 8754 §4.3.1.1", "srv6-rules P9"])
    p = c.send("core", srv6(H6C, "fc00:1::e", ["fc00:b::d6", "fc00:1::e"], 1, inner6(40), le=2))
    c.icmp6_error("core", p, 4, 0, 43)
    c.drop("srh_malformed")

    c = case("srh-hbh-bad-sl", "Pointer offsets count from the start of the IPv6 header: HbH (8 "
             "bytes) then an SRH with SL > LE+1 -> pointer 48+3 = 51.",
             ["RFC 4443 §3.4", "RFC 8754 §4.3.1.1"])
    p = c.send("core", ipv6(H6C, "fc00:1::e", 0, opthdr(43) + srh(41, ["fc00:b::d6", "fc00:1::e"], 4) + inner6(30)))
    c.icmp6_error("core", p, 4, 0, 51)
    c.drop("srh_malformed")

    c = case("srh-truncated", "SRH whose Hdr Ext Len (6: 56 bytes) runs past the end of the "
             "packet (only 40 bytes of payload) -> srh_truncated with Parameter Problem code 0 "
             "at Segments Left (43), no read of Segment List[SL].",
             ["RFC 8754 §4.3.1.1", "docs/dataplane.md End step 2", "srv6-rules P8"])
    full = srh(41, ["fc00:b::d6", "fc00:b::e", "fc00:1::e"], 2)
    p = c.send("core", ipv6(H6C, "fc00:1::e", 43, full[:40]))
    c.icmp6_error("core", p, 4, 0, 43)
    c.drop("srh_truncated")

    c = case("srh-truncated-fixed", "Only 2 bytes of SRH (Next Header, Hdr Ext Len) after the "
             "IPv6 header: the fixed part is cut -> dropped (srh_truncated) with NO ICMP: the "
             "Segments Left field the pointer would designate is not in the packet.",
             ["srv6-rules P7", "RFC 4443 §3.4"],
             decisions=["SRH cut inside its 8-byte fixed part (Segments Left absent): "
                        "srh_truncated without ICMP (checklist P7); when the fixed part is "
                        "present (case srh-truncated) the PP code 0 at SL of docs/dataplane.md "
                        "is sent."])
    c.send("core", ipv6(H6C, "fc00:1::e", 43, bytes([41, 6])))
    c.drop("srh_truncated")

    c = case("rh-unknown-sl0", "Routing header type 253 (unknown) with SL 0 to fc00:1::e and an "
             "echo request after it: the RH is ignored and the upper layer is processed -> echo "
             "reply.", ["RFC 8200 §4.4", "srv6-rules P13"])
    echo = echo6(H6C, "fc00:1::e", 0x59, 1, payload(40))
    p = c.send("core", ipv6(H6C, "fc00:1::e", 43, rh(58, 253, 0, b"\0" * 4 + a6("fc00:b::1")) + echo))
    c.echo_reply6("fc00:1::e", p)

    c = case("rh-unknown-sl1", "Routing header type 253 with SL 1 to fc00:1::e -> Parameter "
             "Problem code 0 pointing at the Routing Type (42).",
             ["RFC 8200 §4.4", "srv6-rules P14"])
    p = c.send("core", ipv6(H6C, "fc00:1::e", 43, rh(41, 253, 1, b"\0" * 4 + a6("fc00:b::1")) + inner6(20)))
    c.icmp6_error("core", p, 4, 0, 42)
    c.drop("rh_unknown_type")

    c = case("two-srh", "Two SRHs (team decision for srv6-rules P43, docs/design.md: a second "
             "Routing header is an upper-layer header): End fc00:1::e with the first SRH at SL 0 "
             "followed by a second SRH (SL 1) -> Parameter Problem code 4 pointing at the second "
             "SRH (40 + 24 = 64); End.DT6 the same; End with the first SRH at SL 1 -> processed "
             "normally, the second SRH travels untouched.",
             ["RFC 8200 §4.1", "RFC 8986 §4.1.1", "docs/design.md", "srv6-rules P43"])
    second = srh(41, ["fc00:b::d6", "fc00:b::e"], 1) + inner6(30)
    p = c.send("core", ipv6(H6C, "fc00:1::e", 43, srh(43, ["fc00:1::e"], 0) + second))
    c.icmp6_error("core", p, 4, 4, 64)
    p = c.send("core", ipv6(H6C, "fc00:1::a6", 43, srh(43, ["fc00:1::a6"], 0) + second))
    c.icmp6_error("core", p, 4, 4, 64)
    c.drop("upper_layer_not_allowed", 2)
    p = c.send("core", ipv6(H6C, "fc00:1::e", 43, srh(43, ["fc00:b::1", "fc00:1::e"], 1) + second))
    c.route(0, end_update(p))

    c = case("srh-to-local-addr", "SRH with SL 1 to the core interface address fc00:c::1 (not a "
             "SID) -> Parameter Problem code 0 at the Routing Type (42), counted as CNT-3 "
             "(srh_to_local_addr).", ["RFC 8754 §4.3.2", "RFC 8986 §6 CNT-3", "srv6-rules P15"])
    p = c.send("core", srv6(H6C, "fc00:c::1", ["fc00:b::d6", "fc00:c::1"], 1, inner6(30)))
    c.icmp6_error("core", p, 4, 0, 42)
    c.drop("srh_to_local_addr")

    c = case("srh-to-local-addr-sl0", "SRH with SL 0 and an echo request to fc00:c::1: the SRH "
             "is ignored (RFC 8754 §4.3.2) and the echo answered.",
             ["RFC 8754 §4.3.2", "RFC 4443 §4.2"],
             decisions=["docs/dataplane.md only describes SL > 0 for local addresses; SL 0 is "
                        "taken from RFC 8754 §4.3.2: ignore the SRH, process the next header."])
    p = c.send("core", srv6(H6C, "fc00:c::1", ["fc00:c::1"], 0, echo6(H6C, "fc00:c::1", 0x5A, 1, payload(16)), nh=58))
    c.echo_reply6("fc00:c::1", p)

    c = case("sid-unknown", "DA fc00:1::77 is inside the locator fc00:1::/48 but no SID -> "
             "ICMPv6 Destination Unreachable code 0 (sid_unknown), although fc00::/16 would "
             "route it.", ["docs/dataplane.md IPv6 classification 4", "RFC 4443 §3.1"])
    p = c.send("core", srv6(H6C, "fc00:1::77", ["fc00:b::d6", "fc00:1::77"], 1, inner6(30)))
    c.icmp6_error("core", p, 1, 0)
    c.drop("sid_unknown")

    c = case("transit-malformed-srh", "Transit packet (DA fc00:b::1 not local) with a garbage "
             "SRH (Hdr Ext Len 0, SL 5, LE 9): the SRH is not inspected; forwarded with HL-1 and "
             "every other byte unchanged.", ["RFC 8754 §4.2", "srv6-rules P16"])
    p = c.send("edge", ipv6(H6E, H6C2, 43, srh(41, [], 5, le=9, hel=0, flags=0xFF, tag=0xFFFF) + inner6(60)))
    c.route(0, v6_dec_hl(p))
    c.ev("forwarded_ipv6")

    c = case("ext-chain-too-long", "12 Destination Options headers before the SRH to fc00:1::e: "
             "more than the 8 headers walked -> dropped (ext_chain_too_long), no ICMP.",
             ["docs/dataplane.md Endpoint behaviours", "RFC 8883", "srv6-rules P47"],
             decisions=["No ICMPv6 for ext_chain_too_long (RFC 8883 code 7 is optional; "
                        "counters.h only names an error for ext_unknown_nh)."])
    chain = b"".join(opthdr(60) for _ in range(11)) + opthdr(43)
    c.send("core", ipv6(H6C, "fc00:1::e", 60, chain + srh(41, segs, 2) + inner6(20)))
    c.drop("ext_chain_too_long")

    c = case("frag-before-srh", "Fragment header before the SRH at End -> frag_unsupported "
             "(the SRH must be a per-fragment header), no ICMP.",
             ["RFC 8200 §4.5", "docs/dataplane.md Endpoint behaviours", "srv6-rules P51"])
    c.send("core", ipv6(H6C, "fc00:1::e", 44, fraghdr(43, 0, True, 0xD00D) + srh(41, segs, 2) + inner6(40)[:48]))
    c.drop("frag_unsupported")

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

    # ------------------------------------------------------------ binding SIDs
    c = case("end-b6-encaps", "End.B6.Encaps (fc00:1::b6): End processing first (HL-1, SL 1 -> "
             "0, DA = fc00:b::d6), then a new outer IPv6 + SRH from policy bsid (SA fc00:1::1, DA "
             "fc00:8::e, HL 64, list [fc00:9::d6, fc00:8::e], SL 1, NH 41); the received SRH stays "
             "inside. Outer TC copied from the inner (processed) IPv6 header.",
             ["RFC 8986 §4.13"])
    p = c.send("core", srv6(H6C, "fc00:1::b6", ["fc00:b::d6", "fc00:1::b6"], 1, inner6(300), tc=0x48))
    c.headend("core", end_update(p), "bsid", mode="encaps", count_encap=False, route_inner=False)
    c.ev("sid_processed")

    c = case("end-b6-encaps-red", "End.B6.Encaps.Red (fc00:1::b7): End processing, then reduced "
             "encapsulation from policy bsid: DA fc00:8::e, SRH [fc00:9::d6] with LE 0, SL 1.",
             ["RFC 8986 §4.14"])
    p = c.send("core", srv6(H6C, "fc00:1::b7", ["fc00:b::d6", "fc00:b::e", "fc00:1::b7"], 2, inner4(300), nh=4))
    c.headend("core", end_update(p), "bsid", mode="encaps.red", count_encap=False, route_inner=False)
    c.ev("sid_processed")

    # ------------------------------------------------------------ ICMP suppression
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

    build_csid_cases()
    build_demo()


def build_csid_cases():
    build_csid_next_cases()
    build_csid_replace_cases()
    build_csid_headend_cases()
    build_csid_more_cases()


R9800_NEXT = "RFC 9800 §4.1.1 (NEXT-C-SID S01-S09)"
R9800_REPL = "RFC 9800 §4.2.1 (REPLACE-C-SID S01-S30)"
D_DECAP_ARG = ("A decapsulating SID with a C-SID flavour is matched on block + C-SID whatever "
               "follows (RFC 9800 §4.1: 'MUST accept any argument value'); the argument is "
               "ignored and the behaviour is exactly RFC 8986's (notes §3.4: 'Their "
               "processing is exactly the RFC 8986 processing').")
D_ERR_AFTER = ("An error raised by the FIB lookup after the shift quotes the packet as shifted "
               "(HL-1, new DA), like every error after SID processing (README decision 1).")

# inner packets of the C-SID cases
def ci6(n, seed=0, dst=None):
    return v6_udp("2001:db8:aa::5", dst or H6E2, 9000 + seed, 9001, n, seed=seed, hl=40)


def ci4(n, seed=0, dst="198.19.5.5"):
    return v4_udp("198.18.9.1", dst, 9100 + seed, 9101, n, seed=seed, ttl=40, ident=0x4800 + seed)


F32 = (32, 16)      # F3216: LBL 32, LNFL 16
S48 = (48, 16)      # 48/16: LBL 48, LNFL 16
R16 = (48, 16)      # REPLACE, 16-bit C-SIDs
R32 = (48, 32)      # REPLACE, 32-bit C-SIDs (node 16 + function 16)


def build_csid_next_cases():
    U = "fcbb:bb00:"
    c = case("csid-next-shift", "NEXT-C-SID End (uN fcbb:bb00:100::, F3216) with a non-zero "
             "argument: DA fcbb:bb00:100:8100:8200:8300:8400:8500 (five C-SIDs left) -> DA "
             "fcbb:bb00:8100:8200:8300:8400:8500:0 (argument moved to bits 32..111, zero fill), "
             "HL-1, routed (fcbb:bb00:8000::/33 via core). Without an SRH (reduced encapsulation, "
             "one container), and with an SRH at SL 1 which stays untouched (SL not modified "
             "on a shift); inner IPv6 and IPv4.",
             [R9800_NEXT, "RFC 9800 §4.1 (SL not modified)", "srv6-rules §1.6"])
    da = U + "100:8100:8200:8300:8400:8500"
    p = c.send("core", ipv6(H6C, da, 41, ci6(80, 1)))
    q = next_csid_shift(p, *F32)
    assert v6_dst(q) == "fcbb:bb00:8100:8200:8300:8400:8500:0"
    c.route(0, q)
    p = c.send("core", srv6(H6C, da, ["fc00:b::d6", da], 1, ci6(300, 2)))
    c.route(0, next_csid_shift(p, *F32))
    p = c.send("core", ipv6(H6C, U + "100:8100:8200::", 4, ci4(100, 3)))
    c.route(0, next_csid_shift(p, *F32))
    c.ev("csid_shifts", 3)
    c.ev("sid_processed", 3)

    c = case("csid-next-shift-48", "NEXT-C-SID 48/16 with the [ILL] Case 1 vector: the node "
             "2001:db8:b:1200:: (End, next-csid) receives DA 2001:db8:b:1200:1300:1400:1500:1600 "
             "with the SRH (2001:db8:b:1700:1800::, 2001:db8:b:1200:1300:1400:1500:1600; SL 1) "
             "-> DA 2001:db8:b:1300:1400:1500:1600::, SL still 1, HL-1, routed "
             "(2001:db8:b::/48 via core).",
             [R9800_NEXT, "draft-clad-spring-srv6-srh-compression-illus-00 Case 1 (N12)"])
    ill = ["2001:db8:b:1700:1800::", "2001:db8:b:1200:1300:1400:1500:1600"]
    p = c.send("core", srv6(H6C, ill[1], ill, 1, ci6(120, 4)))
    q = next_csid_shift(p, *S48)
    assert v6_dst(q) == "2001:db8:b:1300:1400:1500:1600:0"
    c.route(0, q)
    c.ev("csid_shifts")
    c.ev("sid_processed")

    c = case("csid-next-arg0-srh", "NEXT-C-SID End with argument 0 and an SRH with SL 1: the "
             "container is used up, so normal RFC 8986 End processing takes the next container "
             "from the SRH: SL 1 -> 0, DA = Segment List[0], HL-1. F3216 (uN fcbb:bb00:100::, "
             "next container fcbb:bb00:8700:8800::) and 48/16 ([ILL] N16: next container "
             "2001:db8:b:1700:1800::).",
             [R9800_NEXT + " S10-S23", "RFC 8986 §4.1", "[ILL] Case 1 (N16)"])
    p = c.send("core", srv6(H6C, U + "100::", [U + "8700:8800::", U + "8100:8200:100::"], 1, ci6(60, 5)))
    c.route(0, end_update(p))
    p = c.send("core", srv6(H6C, "2001:db8:b:1200::", ill, 1, ci6(60, 6)))
    q = end_update(p)
    assert v6_dst(q) == "2001:db8:b:1700:1800::"
    c.route(0, q)
    c.ev("sid_processed", 2)

    c = case("csid-next-psp", "NEXT-C-SID + PSP (fcbb:bb00:101::): argument 0 at SL 1 -> SL 0, "
             "DA = Segment List[0] and the SRH is popped (Next Header 41, payload length -40); "
             "argument != 0 at SL 1 -> only the shift, the SRH stays (PSP never on a shift); "
             "argument 0 at SL 2 -> plain End, SRH kept.",
             ["RFC 9800 §4.1.7 (PSP unchanged)", "RFC 8986 §4.16.1", R9800_NEXT])
    p = c.send("core", srv6(H6C, U + "101::", [U + "8700:8800::", U + "101::"], 1, ci6(70, 7)))
    c.route(0, srh_pop(end_update(p)))
    p = c.send("core", srv6(H6C, U + "101:8100::", [U + "8700:8800::", U + "101:8100::"], 1, ci6(70, 8)))
    c.route(0, next_csid_shift(p, *F32))
    p = c.send("core", srv6(H6C, U + "101::", [U + "8700::", U + "8600::", U + "101::"], 2, ci4(70, 9), nh=4))
    c.route(0, end_update(p))
    c.ev("csid_shifts")
    c.ev("sid_processed", 3)

    c = case("csid-next-usd", "NEXT-C-SID + USD (fcbb:bb00:103::): argument 0 at SL 0 -> the "
             "inner IPv6 is decapsulated and looked up in table 0 (inner HL untouched); argument "
             "0 without an SRH, inner IPv4 -> decapsulated; argument != 0 at SL 0 -> shifted and "
             "forwarded, NOT decapsulated (the NEXT-C-SID block runs before the upper-layer "
             "processing). 48/16, [ILL] N17/N18: 2001:db8:b:1201:1800:: at SL 0 shifts to "
             "2001:db8:b:1800::; 2001:db8:b:1201:: at SL 0 decapsulates.",
             ["RFC 9800 §4.1.7 (USD: the block before the upper layer)", "RFC 8986 §4.16.3",
              "[ILL] Case 1 (N17, N18)"],
             decisions=["USD does not decrement the inner HL/TTL (README decision 3)."])
    i6 = ci6(90, 10)
    c.send("core", srv6(H6C, U + "103::", [U + "103::", U + "8100:103::"], 0, i6))
    c.route(0, i6)
    i4 = ci4(90, 11)
    c.send("core", ipv6(H6C, U + "103::", 4, i4))
    c.route(0, i4)
    p = c.send("core", srv6(H6C, U + "103:8100::", [U + "103:8100::"], 0, ci6(90, 12)))
    c.route(0, next_csid_shift(p, *F32))
    p = c.send("core", srv6(H6C, "2001:db8:b:1201:1800::", ill, 0, ci6(90, 13)))
    q = next_csid_shift(p, *S48)
    assert v6_dst(q) == "2001:db8:b:1800::"
    c.route(0, q)
    i6 = ci6(90, 14)
    c.send("core", srv6(H6C, "2001:db8:b:1201::", ill, 0, i6))
    c.route(0, i6)
    c.ev("csid_shifts", 2)
    c.ev("sid_processed", 5)

    c = case("csid-next-usp", "NEXT-C-SID + USP (fcbb:bb00:102::): at SL 0 with argument 0 and "
             "an echo request after the SRH, USP removes the SRH and the echo is answered from "
             "the SID; with argument != 0 at SL 0 the packet is shifted and forwarded with its "
             "SRH (USP only applies once the argument is used up).",
             ["RFC 9800 §4.1.7 (USP unchanged)", "RFC 8986 §4.16.2", "RFC 4443 §4.2", R9800_NEXT])
    echo = echo6(H6C, U + "102::", 0x61, 1, payload(40))
    p = c.send("core", srv6(H6C, U + "102::", [U + "102::"], 0, echo, nh=58))
    c.echo_reply6(U + "102::", p)
    p = c.send("core", srv6(H6C, U + "102:8100::", [U + "102:8100::"], 0, ci6(50, 15)))
    c.route(0, next_csid_shift(p, *F32))
    c.ev("csid_shifts")

    c = case("csid-next-end-x", "NEXT-C-SID End.X (uA fcbb:bb00:1a0::, adjacency 2001:db8:e::10 "
             "on edge): DA fcbb:bb00:1a0:8100:8200:: -> shifted to fcbb:bb00:8100:8200:: and "
             "sent to the adjacency (edge), although table 0 routes fcbb:bb00:8000::/33 to core; "
             "argument 0 with an SRH at SL 1 -> plain End.X, also to the adjacency.",
             ["RFC 9800 §4.1.2 (End.X: S08 'via a member of J')", "RFC 8986 §4.2"])
    p = c.send("core", ipv6(H6C, U + "1a0:8100:8200::", 41, ci6(110, 16)))
    c.out("edge", "2001:db8:e::10", next_csid_shift(p, *F32))
    p = c.send("core", srv6(H6C, U + "1a0::", [U + "8300::", U + "1a0::"], 1, ci4(110, 17), nh=4))
    c.out("edge", "2001:db8:e::10", end_update(p))
    c.ev("csid_shifts")
    c.ev("sid_processed", 2)

    c = case("csid-next-end-t", "NEXT-C-SID End.T (fcbb:bb00:1b0::, table 10): DA "
             "fcbb:bb00:1b0:800:: -> shifted to fcbb:bb00:800:: and looked up in table 10 "
             "(fcbb:bb00:800::/40 via 2001:db8:e::10 on edge; table 0 has no route for it); "
             "argument 0 with SL 1 -> plain End.T, new DA 2001:db8:10::5 in table 10.",
             ["RFC 9800 §4.1.3 (End.T: S08.1-S08.2)", "RFC 8986 §4.3"])
    p = c.send("core", ipv6(H6C, U + "1b0:800::", 41, ci6(130, 18)))
    c.route(10, next_csid_shift(p, *F32))
    p = c.send("core", srv6(H6C, U + "1b0::", ["2001:db8:10::5", U + "1b0::"], 1, ci6(130, 19)))
    c.route(10, end_update(p))
    c.ev("csid_shifts")
    c.ev("sid_processed", 2)

    # decapsulating SIDs with the NEXT-C-SID flavour ("uDT", "uDX")
    def decap_case(name, sid, desc, rfc, inners, out):
        c = case(name, desc, rfc, decisions=[D_DECAP_ARG])
        base = u128(sid)
        for k, (inner, nh) in enumerate(inners):
            arg = a128(base | (0x1234_5678 << (48 - 16 * (k % 2))))   # bits after the C-SID
            if k == 0:      # trailing argument, no SRH
                c.send("core", ipv6(H6C, arg, nh, inner))
            elif k == 1:    # trailing argument, SRH at SL 0
                c.send("core", srv6(H6C, arg, [arg, U + "8100::"], 0, inner, nh=nh))
            else:           # exact SID, SRH at SL 0
                c.send("core", srv6(H6C, sid, [sid], 0, inner, nh=nh))
            out(c, inner)
        c.ev("decapsulated", len(inners))
        c.ev("sid_processed", len(inners))
        return c

    decap_case("csid-next-dt6", U + "1d6::", "End.DT6 with the next-csid flavour (uDT6 "
               "fcbb:bb00:1d6::, table 10), matched on block + C-SID: with a trailing argument "
               "(fcbb:bb00:1d6:1234:5678::, no SRH), with a trailing argument and an SRH at SL 0, "
               "and exactly with SL 0: the inner IPv6 (to 2001:db8:10::5) is decapsulated and "
               "routed in table 10, inner HL untouched.",
               ["RFC 8986 §4.6", "RFC 9800 §4.1 (any argument)", "srv6-rules P53"],
               [(ci6(100, 20 + k, dst="2001:db8:10::5"), 41) for k in range(3)],
               lambda c, i: c.route(10, i))
    decap_case("csid-next-dt4", U + "1d4::", "End.DT4 next-csid (uDT4 fcbb:bb00:1d4::, table "
               "20): trailing argument without SRH, trailing argument with SL 0, exact SID with "
               "SL 0 -> inner IPv4 to 198.51.100.20 routed in table 20 (via 192.0.2.10), TTL "
               "untouched.", ["RFC 8986 §4.7", "RFC 9800 §4.1 (any argument)"],
               [(ci4(100, 23 + k, dst="198.51.100.20"), 4) for k in range(3)],
               lambda c, i: c.route(20, i))
    decap_case("csid-next-dt46", U + "146::", "End.DT46 next-csid (fcbb:bb00:146::, table 0): "
               "inner IPv4 with a trailing argument (no SRH), inner IPv6 with a trailing argument "
               "and SL 0, inner IPv4 exact with SL 0 -> decapsulated and routed in table 0.",
               ["RFC 8986 §4.8", "RFC 9800 §4.1 (any argument)"],
               [(ci4(100, 26), 4), (ci6(100, 27), 41), (ci4(60, 28), 4)],
               lambda c, i: c.route(0, i))
    decap_case("csid-next-dx4", U + "1c4::", "End.DX4 next-csid (fcbb:bb00:1c4::, adjacency "
               "192.0.2.10 on edge): trailing argument, trailing argument with SL 0, exact with "
               "SL 0 -> inner IPv4 sent unchanged to 192.0.2.10.",
               ["RFC 8986 §4.4", "RFC 9800 §4.1 (any argument)"],
               [(ci4(100, 29 + k, dst="198.51.100.21"), 4) for k in range(3)],
               lambda c, i: c.out("edge", "192.0.2.10", i))
    decap_case("csid-next-dx6", U + "1c6::", "End.DX6 next-csid (fcbb:bb00:1c6::, adjacency "
               "2001:db8:e::10 on edge): trailing argument, trailing argument with SL 0, exact "
               "with SL 0 -> inner IPv6 sent unchanged to 2001:db8:e::10.",
               ["RFC 8986 §4.5", "RFC 9800 §4.1 (any argument)"],
               [(ci6(100, 32 + k, dst="2001:db8:77::1"), 41) for k in range(3)],
               lambda c, i: c.out("edge", "2001:db8:e::10", i))

    c = case("csid-next-decap-sl1", "uDT6 (fcbb:bb00:1d6::) with a trailing argument reached at "
             "SL 1 -> Parameter Problem code 0 at Segments Left (43), as any decapsulating SID "
             "with SL != 0.", ["RFC 8986 §4.6 S01-S03", "srv6-rules P26"], decisions=[D_DECAP_ARG])
    da = U + "1d6:1::"
    p = c.send("core", srv6(H6C, da, ["fc00:b::d6", da], 1, ci6(40, 35, dst="2001:db8:10::5")))
    c.icmp6_error("core", p, 4, 0, 43)
    c.drop("sid_sl_nonzero")

    c = case("csid-next-local-again", "A shift that lands on another local C-SID is processed "
             "again: fcbb:bb00:100:101:8100:: -> uN shifts to fcbb:bb00:101:8100:: (local, "
             "next-csid+psp) -> shifts to fcbb:bb00:8100:: (HL-2, out core); uN then uDT6: "
             "fcbb:bb00:100:1d6:: -> fcbb:bb00:1d6:: -> decapsulated into table 10; uN with "
             "argument 0 at SL 1 whose Segment List[0] is the local uDT6 -> End, then decap.",
             [R9800_NEXT + " S08 (FIB lookup: the new DA may be local)", "RFC 8754 §4.3.1.1",
              "RFC 8986 §4.6"])
    p = c.send("core", ipv6(H6C, U + "100:101:8100::", 41, ci6(70, 36)))
    q = next_csid_shift(next_csid_shift(p, *F32), *F32)
    assert v6_dst(q) == U + "8100::"
    c.route(0, q)
    i6 = ci6(70, 37, dst="2001:db8:10::5")
    c.send("core", ipv6(H6C, U + "100:1d6::", 41, i6))
    c.route(10, i6)
    i6 = ci6(70, 38, dst="2001:db8:10::6")
    c.send("core", srv6(H6C, U + "100::", [U + "1d6::", U + "100::"], 1, i6))
    c.route(10, i6)
    c.ev("csid_shifts", 3)
    c.ev("sid_processed", 6)
    c.ev("decapsulated", 2)

    c = case("csid-next-hl1", "NEXT-C-SID with HL 1 and a non-zero argument -> ICMPv6 Time "
             "Exceeded code 0 before any change (quoted as received), with and without an SRH "
             "(F3216 uN, 48/16, uA End.X); uN + uDT6 with HL 1 also gets Time Exceeded (the uN "
             "shift checks the HL). HL 2 is shifted with HL 1.",
             [R9800_NEXT + " S02-S04", "srv6-rules P22", R_ICMP6_ERR])
    for da, segs in ((U + "100:8100::", None), (U + "100:8100::", [U + "8700::", U + "100:8100::"]),
                     ("2001:db8:b:1200:1300::", None), (U + "1a0:8100::", None), (U + "100:1d6::", None)):
        if segs:
            p = c.send("core", srv6(H6C, da, segs, 1, ci6(30, 39), hl=1))
        else:
            p = c.send("core", ipv6(H6C, da, 41, ci6(30, 40), hl=1))
        c.icmp6_error("core", p, 3, 0)
    c.drop("ttl_exceeded", 5)
    p = c.send("core", ipv6(H6C, U + "100:8100::", 41, ci6(30, 41), hl=2))
    c.route(0, next_csid_shift(p, *F32))
    c.ev("csid_shifts")

    c = case("csid-next-any-arg", "NEXT-C-SID accepts any argument value: DA "
             "fcbb:bb00:100:ffff:ffff:ffff:ffff:ffff -> fcbb:bb00:ffff:ffff:ffff:ffff:ffff:0; "
             "DA fcbb:bb00:100:8100::1 (a stray low bit) -> fcbb:bb00:8100:0:0:0:1:0; both "
             "routed to core.",
             ["RFC 9800 §4.1 ('MUST accept any argument value')", "srv6-rules P53"])
    for k, da in enumerate((U + "100:ffff:ffff:ffff:ffff:ffff", U + "100:8100::1")):
        p = c.send("core", ipv6(H6C, da, 41, ci6(30, 42 + k)))
        c.route(0, next_csid_shift(p, *F32))
    c.ev("csid_shifts", 2)

    c = case("csid-next-zero-mid", "NEXT-C-SID container with a zero C-SID in the middle: DA "
             "fcbb:bb00:100:0:8200:: and fcbb:bb00:100::1 would shift to a DA whose C-SID is 0 "
             "while bits remain -> ICMPv6 Destination Unreachable code 0 (csid_zero), the "
             "packet quoted as received.",
             ["RFC 9800 §4.1 (C-SID 0 reserved, end of container)", "srv6-rules P54", R_ICMP6_ERR],
             decisions=["srv6gw checks the reserved C-SID 0 before the shift and answers like a "
                        "failed lookup (DU code 0), quoting the packet unchanged."])
    for k, da in enumerate((U + "100:0:8200::", U + "100::1")):
        p = c.send("core", ipv6(H6C, da, 41, ci6(30, 44 + k)))
        c.icmp6_error("core", p, 1, 0)
    c.drop("csid_zero", 2)

    c = case("csid-next-no-route", "NEXT-C-SID shift to a C-SID that no route covers: DA "
             "fcbb:bb00:100:500:: -> fcbb:bb00:500:: has no route in table 0 -> ICMPv6 "
             "Destination Unreachable code 0 (no_route), quoting the shifted packet.",
             [R9800_NEXT + " S08", "RFC 4443 §3.1", "srv6-rules P54"], decisions=[D_ERR_AFTER])
    p = c.send("core", ipv6(H6C, U + "100:500::", 41, ci6(30, 46)))
    c.icmp6_error("core", next_csid_shift(p, *F32), 1, 0)
    c.drop("no_route")
    c.ev("csid_shifts")

    c = case("csid-next-sid-unknown", "DA inside the local C-SID locator fcbb:bb00:100::/40 "
             "whose C-SID (0x01ff) is not configured, without and with an argument -> ICMPv6 "
             "Destination Unreachable code 0 (sid_unknown), although it is no local SID.",
             ["docs/dataplane.md IPv6 classification 4", "RFC 9800 §4.1 (SID = block + C-SID "
              "prefix)", "RFC 4443 §3.1"])
    for k, da in enumerate((U + "1ff::", U + "1ff:8100::")):
        p = c.send("core", srv6(H6C, da, ["fc00:b::d6", da], 1, ci6(30, 47 + k)))
        c.icmp6_error("core", p, 1, 0)
    c.drop("sid_unknown", 2)


def build_csid_replace_cases():
    C = "2001:db8:c:"
    B2 = "2001:db8:b2:"
    ILLC = "0:0:1800:1700:1600:1500:1400:1300"     # [ILL] REPLACE-C-SID container

    def fwd(c, p, st, psp=False, expect_da=None, table=0):
        r = replace_csid(p, *st, psp=psp)
        assert r[0] == "fwd", r
        if expect_da:
            assert v6_dst(r[1]) == expect_da, (v6_dst(r[1]), expect_da)
        c.route(table, r[1])
        return r[1]

    c = case("csid-replace-idx0", "REPLACE-C-SID End with argument index 0 (a full SID): SL-1 "
             "and the C-SID in the lowest-order slot (index K-1) of the next entry is written "
             "into the DA with index K-1, HL-1. [ILL] vector: DA 2001:db8:c:1200::, reduced SRH "
             "(one entry 0000:0000:1800:1700:1600:1500:1400:1300, SL 1, LE 0) -> DA "
             "2001:db8:c:1300::7, SL 0; the same with a full SRH (LE 1); 32-bit C-SIDs: DA "
             "2001:db8:b2:1:1::, entry ::4:1:3:1:2:1 -> 2001:db8:b2:2:1::3; and SL 2 -> 1 with a "
             "full SID after the container.",
             [R9800_REPL + " S20-S29", "[ILL] REPLACE-C-SID Case 1 (N12)", "srv6-rules §1.6"])
    p = c.send("core", srv6(H6C, C + "1200::", [ILLC], 1, ci6(80, 50)))
    fwd(c, p, R16, expect_da=C + "1300::7")
    p = c.send("core", srv6(H6C, C + "1200::", [ILLC, C + "1200::"], 1, ci6(80, 51)))
    fwd(c, p, R16, expect_da=C + "1300::7")
    p = c.send("core", srv6(H6C, B2 + "1:1::", ["::4:1:3:1:2:1"], 1, ci4(80, 52), nh=4))
    fwd(c, p, R32, expect_da=B2 + "2:1::3")
    p = c.send("core", srv6(H6C, C + "1200::", ["fc00:b::d6", "::1400:1300", C + "1200::"], 2, ci6(80, 53)))
    fwd(c, p, R16, expect_da=C + "1300::7")
    c.ev("csid_replaced", 4)
    c.ev("sid_processed", 4)

    c = case("csid-replace-next-slot", "REPLACE-C-SID End with index > 0: the index is "
             "decremented and the C-SID of that slot of Segment List[SL] replaces ours, SL "
             "unchanged, HL-1. 2001:db8:c:1200::7 + [ILL] entry at SL 0 -> 2001:db8:c:1400::6; "
             "2001:db8:c:1200::3 -> 2001:db8:c:1800::2; 32-bit 2001:db8:b2:1:1::2 + ::4:1:1:1:2:1 "
             "-> 2001:db8:b2:4:1::1; index 5 at SL 1 (LE 1) reads slot 4 of Segment List[1].",
             [R9800_REPL + " S09-S13, S27-S29", "[ILL] REPLACE-C-SID Case 1 (N13-N17)"])
    p = c.send("core", srv6(H6C, C + "1200::7", [ILLC], 0, ci6(60, 54)))
    fwd(c, p, R16, expect_da=C + "1400::6")
    p = c.send("core", srv6(H6C, C + "1200::3", [ILLC], 0, ci6(60, 55)))
    fwd(c, p, R16, expect_da=C + "1800::2")
    p = c.send("core", srv6(H6C, B2 + "1:1::2", ["::4:1:1:1:2:1"], 0, ci6(60, 56)))
    fwd(c, p, R32, expect_da=B2 + "4:1::1")
    p = c.send("core", srv6(H6C, C + "1200::5", ["fc00:b::d6", "0:0:0:1600:1500:1200:1400:1300"], 1,
                            ci6(60, 57), le=1))
    fwd(c, p, R16, expect_da=C + "1500::4")
    c.ev("csid_replaced", 4)
    c.ev("sid_processed", 4)

    c = case("csid-replace-zero-slot", "REPLACE-C-SID End whose next slot is 0 (the container "
             "ended): SL-1, HL-1, DA = the full 128-bit Segment List[SL]. 16-bit: "
             "2001:db8:c:1200::6 with Segment List[1] = ::1200:1300 -> DA fc00:b::d6, SL 0; "
             "32-bit: 2001:db8:b2:1:1::2 with ::1:1:2:1 -> fc00:b::d6; and a full SID that is "
             "itself a local REPLACE SID (2001:db8:c:1200::, index 0) is processed again and "
             "takes the first C-SID of the next entry (-> 2001:db8:c:1300::7, SL 0).",
             [R9800_REPL + " S13-S18", "RFC 8754 §4.3.1.1"])
    p = c.send("core", srv6(H6C, C + "1200::6", ["fc00:b::d6", "::1200:1300"], 1, ci6(60, 58)))
    fwd(c, p, R16, expect_da="fc00:b::d6")
    p = c.send("core", srv6(H6C, B2 + "1:1::2", ["fc00:b::d6", "::1:1:2:1"], 1, ci4(60, 59), nh=4))
    fwd(c, p, R32, expect_da="fc00:b::d6")
    p = c.send("core", srv6(H6C, C + "1200::7", ["::1400:1300", C + "1200::", "::1200"], 2, ci6(60, 60)))
    r = replace_csid(p, *R16)
    assert r[0] == "fwd" and v6_dst(r[1]) == C + "1200::"
    fwd(c, r[1], R16, expect_da=C + "1300::7")
    c.ev("csid_replaced", 1)
    c.ev("sid_processed", 4)

    c = case("csid-replace-last-usd", "REPLACE-C-SID + USD (2001:db8:c:1202::) at its last "
             "segment (S02: SL 0 and index 0, or the next slot of Segment List[0] is 0): the SRH "
             "is done and the upper layer is processed: inner IPv6 / IPv4 decapsulated into "
             "table 0. With a C-SID left (2001:db8:c:1202::6, slot 5 = 0x1500) it is forwarded "
             "instead. Plain End (2001:db8:c:1200::6) at its last segment with inner IPv6 -> "
             "Parameter Problem code 4 at the inner header (64).",
             [R9800_REPL + " S02-S04", "RFC 9800 §4.2.7 (USD unchanged)", "RFC 8986 §4.16.3, §4.1.1"],
             decisions=["USD does not decrement the inner HL/TTL (README decision 3)."])
    i6 = ci6(100, 61)
    c.send("core", srv6(H6C, C + "1202::6", ["::1202:1300"], 0, i6))
    c.route(0, i6)
    i4 = ci4(100, 62)
    c.send("core", srv6(H6C, C + "1202::", ["::1202:1300"], 0, i4, nh=4))
    c.route(0, i4)
    p = c.send("core", srv6(H6C, C + "1202::6", ["::1500:1202:1300"], 0, ci6(100, 63)))
    fwd(c, p, R16, expect_da=C + "1500::5")
    p = c.send("core", srv6(H6C, C + "1200::6", ["::1200:1300"], 0, ci6(100, 64)))
    assert replace_csid(p, *R16)[0] == "upper"
    c.icmp6_error("core", p, 4, 4, 64)
    c.drop("upper_layer_not_allowed")
    c.ev("csid_replaced", 1)

    c = case("csid-replace-dt", "REPLACE-C-SID walk ending at a replace-flavoured decapsulating "
             "SID: 2001:db8:c:1200::6 with entry 0:0:0:0:0:12d6:1200:1300 at SL 0 -> DA "
             "2001:db8:c:12d6::5, which is the local End.DT6 (matched on block + C-SID, the index "
             "ignored) -> inner IPv6 decapsulated into table 10; the same End.DT6 reached directly "
             "with index 3; 32-bit: 2001:db8:b2:1:1::2 with ::1:46:1:1:2:1 -> 2001:db8:b2:1:46::1, "
             "the local End.DT46 -> inner IPv4 routed in table 0.",
             ["RFC 9800 §4.2.8 (End.DT* with REPLACE-C-SID: RFC 8986 processing)", R9800_REPL,
              "RFC 8986 §4.6, §4.8"], decisions=[D_DECAP_ARG])
    i6 = ci6(100, 65, dst="2001:db8:10::5")
    p = c.send("core", srv6(H6C, C + "1200::6", ["0:0:0:0:0:12d6:1200:1300"], 0, i6))
    assert v6_dst(replace_csid(p, *R16)[1]) == C + "12d6::5"
    c.route(10, i6)
    i6 = ci6(100, 66, dst="2001:db8:10::6")
    c.send("core", srv6(H6C, C + "12d6::3", ["0:0:0:0:12d6:1200:1300:1100"], 0, i6))
    c.route(10, i6)
    i4 = ci4(100, 67)
    p = c.send("core", srv6(H6C, B2 + "1:1::2", ["::1:46:1:1:2:1"], 0, i4, nh=4))
    assert v6_dst(replace_csid(p, *R32)[1]) == B2 + "1:46::1"
    c.route(0, i4)
    c.ev("csid_replaced", 2)
    c.ev("decapsulated", 3)
    c.ev("sid_processed", 5)

    c = case("csid-replace-psp", "REPLACE-C-SID + PSP: after S17 with SL 0 (2001:db8:c:1201::6, "
             "zero slot, SL 1 -> 0, DA fc00:b::d6) the SRH is popped; after S28 when nothing is "
             "left in Segment List[0] (2001:db8:c:1201::7 + ::1400:1201 -> 2001:db8:c:1400::6) it "
             "is popped (S28.1); with a C-SID still left (::1500:1400:1201) the SRH stays; 32-bit "
             "(2001:db8:b2:1:2::, index 0, SL 1 -> 0, only slot 3 used) -> popped.",
             ["RFC 9800 §4.2.7 (PSP after S17 and S28, S28.1)", "RFC 8986 §4.16.1"])
    p = c.send("core", srv6(H6C, C + "1201::6", ["fc00:b::d6", "::1201:1300"], 1, ci6(70, 68)))
    q = fwd(c, p, R16, psp=True, expect_da="fc00:b::d6")
    assert q[6] == 41
    p = c.send("core", srv6(H6C, C + "1201::7", ["::1400:1201"], 0, ci6(70, 69)))
    q = fwd(c, p, R16, psp=True, expect_da=C + "1400::6")
    assert q[6] == 41
    p = c.send("core", srv6(H6C, C + "1201::7", ["::1500:1400:1201"], 0, ci6(70, 70)))
    q = fwd(c, p, R16, psp=True, expect_da=C + "1400::6")
    assert q[6] == 43
    p = c.send("core", srv6(H6C, B2 + "1:2::", ["::2:1"], 1, ci4(70, 71), nh=4))
    q = fwd(c, p, R32, psp=True, expect_da=B2 + "2:1::3")
    assert q[6] == 4
    c.ev("csid_replaced", 3)
    c.ev("sid_processed", 4)

    c = case("csid-replace-sl-gt-le", "REPLACE-C-SID bounds: index 5 (!= 0) with SL 1 and LE 0 "
             "(Segment List[1] would be read past the list) -> Parameter Problem code 0 at "
             "Segments Left (43), srh_malformed, although SL <= LE+1 passes the RFC 8986 check; "
             "index 0 with SL 2 > LE+1 = 1 -> the same. (Index 0 with SL 1 and LE 0 is valid: "
             "csid-replace-idx0.)",
             [R9800_REPL + " S10-S11, S21-S22", "srv6-rules P55", R_ICMP6_ERR])
    p = c.send("core", srv6(H6C, C + "1200::5", [ILLC], 1, ci6(40, 72)))
    assert replace_csid(p, *R16) == ("pp", 43)
    c.icmp6_error("core", p, 4, 0, 43)
    p = c.send("core", srv6(H6C, C + "1200::", [ILLC], 2, ci6(40, 73)))
    assert replace_csid(p, *R16) == ("pp", 43)
    c.icmp6_error("core", p, 4, 0, 43)
    c.drop("srh_malformed", 2)

    c = case("csid-replace-bad-arg", "REPLACE-C-SID argument with bits outside the index "
             "(16-bit C-SIDs: index = low 3 bits; 32-bit: low 2 bits): 2001:db8:c:1200::8, "
             "2001:db8:c:1200:0:1::, 2001:db8:b2:1:1::4 -> dropped (csid_bad_arg), no ICMP.",
             ["RFC 9800 §4.2 (Arg.Index = low ceil(log2(128/LNFL)) bits)", "srv6-rules P56"],
             decisions=["srv6-rules P56 allows a drop or PP(0); srv6gw drops silently "
                        "(csid_bad_arg), before the S02 check."])
    c.send("core", srv6(H6C, C + "1200::8", [ILLC], 0, ci6(40, 74)))
    c.send("core", srv6(H6C, C + "1200:0:1::", [ILLC], 1, ci6(40, 75)))
    c.send("core", srv6(H6C, B2 + "1:1::4", ["::4:1:3:1:2:1"], 0, ci6(40, 76)))
    c.drop("csid_bad_arg", 3)

    c = case("csid-replace-hl1", "REPLACE-C-SID with HL 1: index 7 at SL 0 with a C-SID left, "
             "and index 0 at SL 1 -> ICMPv6 Time Exceeded code 0 quoting the packet as received; "
             "at the last segment (S02 before S05: 2001:db8:c:1202::6, nothing left, USD) HL 1 is "
             "not checked and the inner packet is decapsulated.",
             [R9800_REPL + " S02-S07", R_ICMP6_ERR])
    p = c.send("core", srv6(H6C, C + "1200::7", [ILLC], 0, ci6(40, 77), hl=1))
    c.icmp6_error("core", p, 3, 0)
    p = c.send("core", srv6(H6C, C + "1200::", [ILLC], 1, ci6(40, 78), hl=1))
    c.icmp6_error("core", p, 3, 0)
    c.drop("ttl_exceeded", 2)
    i6 = ci6(40, 79)
    c.send("core", srv6(H6C, C + "1202::6", ["::1202:1300"], 0, i6, hl=1))
    c.route(0, i6)


def build_csid_headend_cases():
    R_HE = ["RFC 9800 §6 (SR source node)", "RFC 8986 §5.1, §5.2", "RFC 8754 §4.1, §4.1.1"]
    D_ONE = ("A list that compresses into ONE container of several C-SIDs is sent without an "
             "SRH in encaps mode too (RFC 8754 §4.1.1: one segment and no TLV/flag needed -> "
             "the SRH MAY be omitted; srv6gw omits it).")

    def steer(c, policy, dsts, v6=False, sizes=(40, 700), df=False):
        for k, (d, n) in enumerate(zip(dsts, sizes)):
            if v6:
                p = c.send("edge", v6_udp(H6E, d, 44200 + k, 5201, n, seed=k))
            else:
                p = c.send("edge", v4_udp(H4, d, 44200 + k, 5201, n, seed=k, ident=0x3400 + k, df=df))
            c.headend("edge", p, policy)

    c = case("csid-encap-next-one", "H.Encaps with policy u-one (three F3216 uSIDs of the remote "
             "locator fcbb:bb00:8000::/33): one container fcbb:bb00:8100:8200:8300:: in the DA and "
             "NO SRH (outer Next Header 4, overhead 40) although the mode is encaps. MTU with that "
             "overhead: a 1460-byte DF packet fits, 1461 bytes gets ICMP type 3 code 4 with MTU "
             "1460.", R_HE + ["RFC 9800 §6.1", "RFC 1191 §4"], decisions=[D_ONE])
    steer(c, "u-one", ["198.18.10.5", "198.18.10.6"])
    p = c.send("edge", v4_udp(H4, "198.18.10.7", 47100, 5201, 1460 - 28, seed=3, ident=0x3480, df=True))
    c.headend("edge", p, "u-one")
    p = c.send("edge", v4_udp(H4, "198.18.10.7", 47101, 5201, 1461 - 28, seed=4, ident=0x3481, df=True))
    c.headend("edge", p, "u-one")
    assert csid_encode(POLICIES["u-one"][1][0][1], "encaps") == (["fcbb:bb00:8100:8200:8300::"], 0)

    c = case("csid-encap-next-one-red", "H.Encaps.Red with policy u-one-red: uN fcbb:bb00:8100:: "
             "then the uDT fcbb:bb00:8600:d6:: (node + function, 32 bits after the block) fit one "
             "container fcbb:bb00:8100:8600:d6::, no SRH; inner IPv4 and inner IPv6 "
             "(2001:db8:cc::/48).", R_HE + ["RFC 9800 §6.1 (last SID of a container)"])
    steer(c, "u-one-red", ["198.18.11.5"], sizes=(300,))
    steer(c, "u-one-red", ["2001:db8:cc::5"], v6=True, sizes=(300,))
    assert csid_encode(POLICIES["u-one-red"][1][0][1], "encaps.red") == (["fcbb:bb00:8100:8600:d6::"], 0)

    c = case("csid-encap-next-six", "One 128-bit container carries six instructions (F3216): "
             "policy u-six lists six uSIDs fcbb:bb00:8100:: .. fcbb:bb00:8600:: in encaps mode "
             "(six full SIDs would need 40+8+96 = 144 bytes, more than the 128 available: the "
             "list only loads because it compresses) -> DA "
             "fcbb:bb00:8100:8200:8300:8400:8500:8600, no SRH.",
             R_HE + ["RFC 9800 §6.1", "srv6-rules §1.6"], decisions=[D_ONE])
    steer(c, "u-six", ["198.18.12.5", "198.18.12.6"])

    c = case("csid-encap-next-two", "Policy u-two (encaps, eight uSIDs): two containers, "
             "fcbb:bb00:8100:8200:8300:8400:8500:8600 (full) and fcbb:bb00:8700:8800::, so an "
             "SRH with both (SL 1, LE 1, Segment List[0] = the second container), DA = the first.",
             R_HE + ["RFC 9800 §6.1"])
    steer(c, "u-two", ["198.18.13.5", "198.18.13.6"])

    c = case("csid-encap-next-mixed", "Policy u-mixed (encaps.red): a full SID fc00:2::e, then "
             "uSIDs fcbb:bb00:8100::, 8200:: and the uDT fcbb:bb00:8300:d6:: -> entries "
             "[fc00:2::e, fcbb:bb00:8100:8200:8300:d6::]: DA fc00:2::e, reduced SRH with the "
             "container only (SL 1, LE 0).", R_HE + ["RFC 9800 §3 (mixed sequences)"])
    steer(c, "u-mixed", ["198.18.14.5", "198.18.14.6"])

    c = case("csid-encap-next-long", "Policy u-long (encaps.red, nine SIDs: eight uSIDs and "
             "fc00:4::d6) -> three entries: two containers and the full SID; DA = first "
             "container, SRH [fc00:4::d6, fcbb:bb00:8700:8800::], SL 2, LE 1 (nine full SIDs "
             "would need 40+8+128 bytes).", R_HE + ["RFC 9800 §6.1"])
    steer(c, "u-long", ["198.18.15.5", "198.18.15.6"])

    c = case("csid-encap-replace", "Policy r16 (encaps, four REPLACE-C-SID SIDs of "
             "2001:db8:c:8000::/49, 16-bit C-SIDs): the first SID in full (index 0) and one "
             "entry ::8400:8300:8200 (the first C-SID to be used in the lowest-order slot 7): "
             "DA 2001:db8:c:8100::, SRH [::8400:8300:8200, 2001:db8:c:8100::], SL 1, LE 1.",
             R_HE + ["RFC 9800 §6.2"])
    steer(c, "r16", ["198.18.16.5", "198.18.16.6"])
    assert csid_encode(POLICIES["r16"][1][0][1], "encaps") == (["2001:db8:c:8100::", "::8400:8300:8200"], 2)

    c = case("csid-encap-replace-red", "Policy r16-red (encaps.red, same SIDs): DA "
             "2001:db8:c:8100::, reduced SRH with the one C-SID entry (SL 1, LE 0) - the layout "
             "of the [ILL] REPLACE-C-SID example.", R_HE + ["RFC 9800 §6.2", "[ILL] REPLACE-C-SID Case 1"])
    steer(c, "r16-red", ["198.18.17.5"], sizes=(500,))
    steer(c, "r16-red", ["198.18.17.6"], sizes=(60,))

    c = case("csid-encap-replace-mixed", "Policy r32-mixed (encaps): three REPLACE-C-SID SIDs "
             "with 32-bit C-SIDs, then the full SID fc00:4::d6 that ends the run -> entries "
             "[2001:db8:b2:8001:1::, ::8003:1:8002:1 (slots 3 and 2; slot 1 zero ends it), "
             "fc00:4::d6]: SRH SL 2, LE 2.", R_HE + ["RFC 9800 §6.2 (rule 3: a run ended before "
                                                     "a non-C-SID SID)"])
    steer(c, "r32-mixed", ["198.18.18.5", "198.18.18.6"])
    assert csid_encode(POLICIES["r32-mixed"][1][0][1], "encaps")[0][1] == "::8003:1:8002:1"

    c = case("csid-encap-replace-split", "Policy r32-split (encaps.red): five REPLACE-C-SID SIDs "
             "(32-bit) then fc00:4::d6. Four C-SIDs after the first SID would fill an entry, and "
             "a node at index 0 reads the entry after a full one as C-SIDs, not as the full SID "
             "fc00:4::d6; so the run is cut: [8001:1 full, ::8003:1:8002:1] and [8004:1 full, "
             "::8005:1], then fc00:4::d6: DA 2001:db8:b2:8001:1::, SRH of four entries, SL 4, LE 3.",
             R_HE + ["RFC 9800 §4.2.1 S20-S25, §6.2"],
             decisions=["A REPLACE-C-SID run followed by more SIDs must not end in a full "
                        "C-SID entry (the node would take the next entry as C-SIDs, S24-S28); "
                        "srv6gw's rule, followed here: the run's last two SIDs then form a run "
                        "of their own (full SID + one C-SID). RFC 9800 leaves the choice to the "
                        "source (any path-equivalent encoding)."])
    steer(c, "r32-split", ["198.18.19.5", "198.18.19.6"])
    ents = csid_encode(POLICIES["r32-split"][1][0][1], "encaps.red")
    assert [u128(e) for e in ents[0]] == [u128(e) for e in (
        "2001:db8:b2:8001:1::", "::8003:1:8002:1", "2001:db8:b2:8004:1::", "::8005:1", "fc00:4::d6")], ents
    assert ents[1] == 4


def build_csid_more_cases():
    U = "fcbb:bb00:"
    C = "2001:db8:c:"

    c = case("csid-next-six-local", "A container of six C-SIDs that are all local: DA "
             "fcbb:bb00:100:100:100:100:100:103 (no SRH) is shifted five times by the uN "
             "(HL-5), then fcbb:bb00:103:: (next-csid+usd) with argument 0 and no SRH "
             "decapsulates the inner IPv6 into table 0: six passes, within the 8-pass bound.",
             [R9800_NEXT, "RFC 9800 §4.1.7 (USD)", "docs/dataplane.md End step 5"])
    i6 = ci6(90, 80)
    c.send("core", ipv6(H6C, U + "100:100:100:100:100:103", 41, i6))
    c.route(0, i6)
    c.ev("csid_shifts", 5)
    c.ev("sid_processed", 6)

    c = case("csid-next-srh-unchecked", "NEXT-C-SID: with a non-zero argument the shift comes "
             "before any SRH check (the block sits between S01 and S02 of RFC 8986 End): a uN "
             "DA with an SRH whose SL 5 > LE+1 is shifted and forwarded, SRH untouched, no "
             "Parameter Problem; the same SRH with argument 0 -> Parameter Problem code 0 at SL.",
             [R9800_NEXT + " (inserted between S01 and S02)", "RFC 8754 §4.3.1.1"])
    p = c.send("core", srv6(H6C, U + "100:8100::", ["fc00:b::d6", U + "100:8100::"], 5, ci6(40, 81)))
    c.route(0, next_csid_shift(p, *F32))
    p = c.send("core", srv6(H6C, U + "100::", ["fc00:b::d6", U + "100::"], 5, ci6(40, 82)))
    c.icmp6_error("core", p, 4, 0, 43)
    c.drop("srh_malformed")
    c.ev("csid_shifts")

    c = case("csid-next-end-then-shift", "NEXT-C-SID End with argument 0 at SL 1 whose Segment "
             "List[0] is a container starting with a local C-SID (fcbb:bb00:101:8100::): End "
             "copies it into the DA (SL 0), the new DA is local again and shifts to "
             "fcbb:bb00:8100:: (HL-2); the SRH stays although 101 has PSP (PSP never on a "
             "shift).", [R9800_NEXT, "RFC 8986 §4.1 S14-S15", "RFC 9800 §4.1.7"])
    p = c.send("core", srv6(H6C, U + "100::", [U + "101:8100::", U + "100::"], 1, ci6(40, 83)))
    c.route(0, next_csid_shift(end_update(p), *F32))
    c.ev("csid_shifts")
    c.ev("sid_processed", 2)

    c = case("csid-next-ping", "Pinging a NEXT-C-SID SID directly (argument 0, no SRH): "
             "fcbb:bb00:100:: and the [ILL] Case 3 SID 2001:db8:b:1200:: answer the echo request "
             "from the SID.", ["RFC 9800 §10.1 (argument 0 when pinging a SID)",
                               "[ILL] NEXT-C-SID Case 3", "RFC 4443 §4.2"])
    for k, sid in enumerate((U + "100::", "2001:db8:b:1200::")):
        p = c.send("core", ipv6(H6C, sid, 58, echo6(H6C, sid, 0x62, k, payload(32))))
        c.echo_reply6(sid, p)

    c = case("csid-plain-sid-arg", "SIDs WITHOUT a C-SID flavour inside the C-SID locator "
             "(fcbb:bb00:1e0:: End, fcbb:bb00:1e6:: End.DT6) are ordinary /128 SIDs: the exact "
             "addresses work (End at SL 1, End.DT6 at SL 0), but fcbb:bb00:1e0:8100:: and "
             "fcbb:bb00:1e6:5:: are no SID: inside the local locator -> ICMPv6 Destination "
             "Unreachable code 0 (sid_unknown), like any other address of the locator that is "
             "no SID.",
             ["RFC 9800 §4.1, §4.2 (only SIDs of a C-SID flavour take an argument; FIB entry "
              "LBL+LNFL for those)", "RFC 8986 §3.1 (a SID without argument is the whole address)",
              "docs/dataplane.md IPv6 classification 4"],
             decisions=["The masked (block + C-SID) match applies to SIDs with a C-SID flavour "
                        "only (and decapsulating SIDs with the csid flavour); a SID configured "
                        "without one is matched exactly, as before C-SIDs."])
    p = c.send("core", srv6(H6C, U + "1e0::", ["fc00:b::d6", U + "1e0::"], 1, ci6(40, 84)))
    c.route(0, end_update(p))
    i6 = ci6(40, 85, dst="2001:db8:10::5")
    c.send("core", srv6(H6C, U + "1e6::", [U + "1e6::"], 0, i6))
    c.route(10, i6)
    p = c.send("core", srv6(H6C, U + "1e0:8100::", ["fc00:b::d6", U + "1e0:8100::"], 1, ci6(40, 86)))
    c.icmp6_error("core", p, 1, 0)
    p = c.send("core", srv6(H6C, U + "1e6:5::", [U + "1e6:5::"], 0, ci6(40, 87, dst="2001:db8:10::5")))
    c.icmp6_error("core", p, 1, 0)
    c.drop("sid_unknown", 2)

    c = case("csid-replace-empty-entry", "REPLACE-C-SID End at index 0 whose next entry is all "
             "zero (no C-SID in slot K-1: C-SID 0 is reserved, the entry is no container) -> "
             "ICMPv6 Destination Unreachable code 0 (csid_zero) quoting the packet as received, "
             "not a DA with C-SID 0.",
             [R9800_REPL + " S24-S28", "RFC 9800 §4.1 (C-SID 0 reserved)", "srv6-rules P54"],
             decisions=["srv6gw treats a zero C-SID where S28 would write one like the NEXT-C-SID "
                        "zero C-SID (P54): Destination Unreachable code 0, csid_zero, before any "
                        "change. A literal reading of S28 would write C-SID 0 and look the DA up."])
    p = c.send("core", srv6(H6C, C + "1200::", ["::"], 1, ci6(40, 88)))
    c.icmp6_error("core", p, 1, 0)
    c.drop("csid_zero")

    c = case("csid-replace-no-srh", "REPLACE-C-SID + USD (2001:db8:c:1202::5) without any SRH: "
             "the REPLACE pseudocode only runs 'when an SRH is processed', so the upper layer is "
             "processed directly: the inner IPv4 is decapsulated (USD).",
             [R9800_REPL + " S01 (when an SRH is processed)", "RFC 8986 §4.1.1, §4.16.3"])
    i4 = ci4(60, 89)
    c.send("core", ipv6(H6C, C + "1202::5", 4, i4))
    c.route(0, i4)

    c = case("csid-end-b6-encaps", "End.B6.Encaps (fc00:1::b8) bound to policy u-one, whose "
             "three uSIDs compress into one container: End processing (SL 1 -> 0), then an outer "
             "IPv6 header with DA fcbb:bb00:8100:8200:8300:: and no SRH; the processed packet "
             "(with its SRH) inside.", ["RFC 8986 §4.13", "RFC 9800 §6.1"])
    p = c.send("core", srv6(H6C, "fc00:1::b8", ["fc00:b::d6", "fc00:1::b8"], 1, ci6(200, 90)))
    c.headend("core", end_update(p), "u-one", mode="encaps", count_encap=False, route_inner=False)
    c.ev("sid_processed")


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


# ---------------------------------------------------------------------------
# pcap I/O (classic libpcap format, microsecond timestamps, fixed times)
# ---------------------------------------------------------------------------

T0 = 1767225600  # 2026-01-01T00:00:00Z, fixed


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", T0 + i // 1000, (i % 1000) * 1000, len(fr), len(fr)))
            f.write(fr)


def read_pcap(path):
    data = Path(path).read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    assert magic in (0xA1B2C3D4, 0xA1B23C4D), path
    off, out = 24, []
    while off < len(data):
        _, _, incl, _ = struct.unpack("<IIII", data[off:off + 16])
        out.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return out


# ---------------------------------------------------------------------------
# Self-check: scapy re-parses every frame and recomputes checksums/lengths
# ---------------------------------------------------------------------------

def selfcheck(cases, outdir):
    import logging
    logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
    from scapy.all import Ether, IP, IPv6, UDP, ICMP, conf as sconf
    from scapy.layers.inet6 import IPv6ExtHdrSegmentRouting, in6_chksum
    from scapy.utils import checksum as s_checksum
    sconf.dot15d4_protocol = None

    problems = []
    counted = 0
    stats = {"l4v6": 0, "v4hdr": 0, "icmp4": 0, "udp4": 0}
    # frames deliberately broken on input; their checksums/lengths are not checked
    broken_inputs = {"ipv4-malformed", "ipv6-malformed", "l2-bad", "srh-truncated", "jumbogram",
                     "srh-truncated-fixed", "decap-inner-malformed", "srh-hel0", "transit-malformed-srh"}

    def chk_ipv4(hdr_bytes, where):
        if s_checksum(hdr_bytes) != 0:
            problems.append(f"{where}: IPv4 header checksum")

    def chk_l4_v6(pkt, where):
        """Upper-layer checksum by scapy's own code (pseudo-header with the final
        destination taken from the SRH, RFC 8200 §8.1)."""
        ip6 = pkt[IPv6]
        layer = ip6.payload
        while layer is not None and layer.__class__.__name__.startswith("IPv6ExtHdr"):
            if layer.__class__.__name__ == "IPv6ExtHdrFragment" and (layer.m or layer.offset):
                return   # a fragment: the checksum covers the whole datagram
            layer = layer.payload
        if layer is None:
            return
        names = [f.name for f in layer.fields_desc]
        field = "chksum" if "chksum" in names else "cksum" if "cksum" in names else None
        cls = layer.__class__.__name__
        if field is None or cls.endswith("error") or not (cls == "UDP" or cls.startswith("ICMPv6")):
            return
        nh = 17 if layer.__class__.__name__ == "UDP" else 58
        raw_l4 = bytes(layer)
        if nh == 17:
            raw_l4 = raw_l4[:layer.len]
            z = raw_l4[:6] + b"\0\0" + raw_l4[8:]
        else:
            z = raw_l4[:2] + b"\0\0" + raw_l4[4:]
        want = in6_chksum(nh, layer, z)
        if nh == 17 and want == 0:
            want = 0xFFFF
        stats["l4v6"] += 1
        if want != getattr(layer, field):
            problems.append(f"{where}: {layer.__class__.__name__} checksum {getattr(layer, field):#x} "
                            f"!= scapy {want:#x}")

    def chk_v4(ipb, where):
        """IPv4 header, ICMP and UDP checksums (scapy's code)."""
        from scapy.layers.inet import in4_chksum
        ip = IP(ipb)
        stats["v4hdr"] += 1
        chk_ipv4(ipb[:ip.ihl * 4], where)
        if ip.flags.MF or ip.frag:
            return
        if ip.proto == 1 and ICMP in ip:
            m = ipb[ip.ihl * 4:ip.len]
            stats["icmp4"] += 1
            if s_checksum(m) != 0:
                problems.append(f"{where}: ICMP checksum")
        if ip.proto == 17 and UDP in ip:
            u = ip[UDP]
            z = bytes(u)[:u.len]
            z = z[:6] + b"\0\0" + z[8:]
            stats["udp4"] += 1
            if (in4_chksum(17, ip, z) or 0xFFFF) != u.chksum:
                problems.append(f"{where}: UDP/IPv4 checksum")

    for c in cases:
        for port in ("edge", "core"):
            for kind in ("in", "exp"):
                path = outdir / f"{c.name}-{kind}-{port}.pcap"
                frames = read_pcap(path)
                want = c.inp[port] if kind == "in" else c.exp[port]
                if frames != want:
                    problems.append(f"{path.name}: pcap round trip differs")
                for i, fr in enumerate(frames):
                    counted += 1
                    where = f"{path.name}#{i}"
                    if kind == "in" and c.name in broken_inputs:
                        continue
                    if len(fr) < 14:
                        continue
                    pkt = Ether(fr)
                    if bytes(pkt) != fr:
                        problems.append(f"{where}: scapy re-serialisation differs")
                    if kind == "exp" and len(fr) > 1514:
                        problems.append(f"{where}: larger than MTU 1500 + 14")
                    if kind == "exp" and pkt.src != PORTS[port]["mac"]:
                        problems.append(f"{where}: source MAC {pkt.src} is not the {port} port MAC")
                    if kind == "in" and pkt.dst not in (PORTS[port]["mac"],) and not (int(pkt.dst[:2], 16) & 1) \
                            and c.name != "l2-bad":
                        problems.append(f"{where}: input not addressed to the port MAC")
                    if IP in pkt and pkt.type == 0x0800:
                        ip = pkt[IP]
                        chk_v4(fr[14:14 + ip.len], where)
                        if ip.len != len(fr) - 14 and not (len(fr) == 60 and ip.len < 46):
                            problems.append(f"{where}: IPv4 total length {ip.len} vs frame {len(fr) - 14}")
                        if ip.proto == 1 and fr[14 + ip.ihl * 4] in (3, 11) and ip.len > ICMP4_MAX:
                            problems.append(f"{where}: ICMP error > 576 bytes")
                    if pkt.type == 0x86DD and IPv6 in pkt:
                        ip6 = pkt[IPv6]
                        if 40 + ip6.plen != len(fr) - 14 and not (len(fr) == 60 and ip6.plen < 6):
                            problems.append(f"{where}: IPv6 payload length {ip6.plen} vs frame {len(fr) - 54}")
                        if IPv6ExtHdrSegmentRouting in ip6 and c.name not in broken_inputs:
                            s = ip6[IPv6ExtHdrSegmentRouting]
                            if s.type == 4 and not (s.lastentry <= s.len // 2 - 1 and s.segleft <= s.lastentry + 1) \
                                    and not c.name.startswith(("srh-", "end-hl1-bad", "demo", "decap-sl", "csid-replace-sl",
                                                             "csid-next-srh-unchecked")):
                                problems.append(f"{where}: unexpected invalid SRH")
                        if ip6.nh == 58 and kind == "exp":
                            t = fr[54]
                            if t < 128 and ip6.plen + 40 > ICMP6_MAX:
                                problems.append(f"{where}: ICMPv6 error > 1280 bytes")
                            if t < 128 and ip6.hlim != 64:
                                problems.append(f"{where}: ICMPv6 error HL")
                        chk_l4_v6(pkt, where)
                        # encapsulated: check the inner packet too
                        if kind == "exp" and c.name not in broken_inputs:
                            chain = ext_chain(fr[14:])
                            t, off, _, _ = chain[-1]
                            inner = fr[14 + off:]
                            if t == 4 and inner:
                                chk_v4(inner, where + " inner")
                            if t == 41 and inner:
                                ipi = IPv6(inner)
                                if 40 + ipi.plen != len(inner):
                                    problems.append(f"{where}: inner IPv6 length")
                                chk_l4_v6(ipi, where + " inner")
                # the flow-label mask indices must point at SRv6 outer headers
        for port in ("edge", "core"):
            for idx in c.fl_idx[port]:
                fr = c.exp[port][idx]
                if fr[12:14] != b"\x86\xdd" or fr[20] not in (43, 41, 4):
                    problems.append(f"{c.name}: flow-label mask on a non-encapsulated packet")
                if (struct.unpack("!I", fr[14:18])[0] & 0xFFFFF) == 0:
                    problems.append(f"{c.name}: placeholder flow label 0")
        drops = [k for k in c.counters if k.startswith("drops.")]
        if not c.exp["edge"] and not c.exp["core"] and not drops:
            problems.append(f"{c.name}: no output and no drop counter")
    print("checksums verified by scapy:", stats)
    return counted, problems


TSHARK_FIELDS = [
    # (file, frame index, [(field, expected value: first occurrence)])
    ("encap-v6-three-exp-core.pcap", 0, [
        ("ipv6.src", "fc00:1::99,2001:db8:f::5"), ("ipv6.dst", "fc00:2::e,2001:db8:bb::5"),
        ("ipv6.hlim", "32,63"), ("ipv6.nxt", "43,17"), ("ipv6.routing.type", "4"), ("ipv6.routing.nxt", "41"),
        ("ipv6.routing.len", "6"), ("ipv6.routing.segleft", "2"), ("ipv6.routing.srh.last_entry", "2"),
        ("ipv6.routing.srh.addr", "fc00:4::d6,fc00:3::e,fc00:2::e"), ("udp.checksum.status", "1")]),
    ("encap-red3-exp-core.pcap", 0, [
        ("ipv6.dst", "fc00:2::e,2001:db8:aa::5"), ("ipv6.routing.len", "4"), ("ipv6.routing.segleft", "2"),
        ("ipv6.routing.srh.last_entry", "1"), ("ipv6.routing.srh.addr", "fc00:4::d6,fc00:3::e")]),
    ("encap-one-sid-exp-core.pcap", 0, [("ipv6.nxt", "4"), ("ipv6.dst", "fc00:3::d4"), ("ip.ttl", "63"),
                                        ("ip.checksum.status", "1"), ("udp.checksum.status", "1")]),
    ("encap-one-srh-exp-core.pcap", 0, [("ipv6.routing.segleft", "0"), ("ipv6.routing.srh.last_entry", "0"),
                                        ("ipv6.routing.srh.addr", "fc00:3::d4"), ("ipv6.routing.nxt", "4")]),
    ("encap-v4-to-laptop-exp-core.pcap", 1, [("ipv6.tclass", "0x000000b8"), ("ip.dsfield", "0xb8"),
                                             ("ipv6.routing.srh.addr", "fc00:3::d4,fc00:2::e")]),
    ("encap-v4-fragment-exp-core.pcap", 2, [("ip.flags.mf", "0"), ("ip.frag_offset", "175"),
                                            ("ip.id", "0x2301"), ("ip.ttl", "63"), ("ip.len", "80"),
                                            ("ip.checksum.status", "1")]),
    ("end-exp-core.pcap", 0, [("ipv6.dst", "fc00:b::e,2001:db8:f::9"), ("ipv6.hlim", "63,40"),
                              ("ipv6.routing.segleft", "1"),
                              ("ipv6.routing.srh.last_entry", "2")]),
    ("end-psp-sl1-exp-core.pcap", 0, [("ipv6.nxt", "41,17"), ("ipv6.dst", "fc00:b::d6,2001:db8:f::9"),
                                      ("ipv6.plen", "118,78"), ("ipv6.hlim", "63,40")]),
    ("end-b6-encaps-exp-core.pcap", 0, [("ipv6.src", "fc00:1::1,fc00:a::1,2001:db8:aa::5"),
                                        ("ipv6.dst", "fc00:8::e,fc00:b::d6,2001:db8:f::9"), ("ipv6.hlim", "64,63,40"),
                                        ("ipv6.routing.segleft", "1,0"),
                                        ("ipv6.routing.srh.addr", "fc00:9::d6,fc00:8::e,fc00:b::d6,fc00:1::b6")]),
    ("srh-sl-gt-le-exp-core.pcap", 0, [("icmpv6.type", "4"), ("icmpv6.code", "0"), ("icmpv6.pointer", "43"),
                                       ("icmpv6.checksum.status", "1"), ("ipv6.src", "fc00:c::1,fc00:a::1,2001:db8:aa::5")]),
    ("srh-to-local-addr-exp-core.pcap", 0, [("icmpv6.type", "4"), ("icmpv6.pointer", "42")]),
    ("end-usp-udp-exp-core.pcap", 0, [("icmpv6.code", "4"), ("icmpv6.pointer", "40"), ("ipv6.nxt", "58,17"),
                                      ("ipv6.plen", "86,38")]),
    ("encap-v6-ptb-exp-edge.pcap", 0, [("icmpv6.type", "2"), ("icmpv6.mtu", "1404"), ("frame.len", "1294"),
                                       ("ipv6.src", "2001:db8:e::1,2001:db8:f::5")]),
    ("encap-v4-df-exp-edge.pcap", 0, [("icmp.type", "3"), ("icmp.code", "4"), ("icmp.mtu", "1420"),
                                      ("ip.len", "576,1421"), ("icmp.checksum.status", "1")]),
    ("nd-core-exp-core.pcap", 0, [("icmpv6.type", "136"), ("icmpv6.nd.na.flag.r", "1"),
                                  ("icmpv6.nd.na.flag.s", "1"), ("icmpv6.nd.na.flag.o", "1"),
                                  ("icmpv6.nd.na.target_address", "fc00:c::1"),
                                  ("icmpv6.opt.linkaddr", "02:00:00:00:00:02")]),
    ("arp-exp-edge.pcap", 0, [("arp.opcode", "2"), ("arp.src.proto_ipv4", "192.0.2.1"),
                              ("arp.src.hw_mac", "02:00:00:00:00:01")]),
    # compressed SIDs (RFC 9800): the [ILL] vectors and the packed headend lists
    ("csid-next-shift-48-exp-core.pcap", 0, [
        ("ipv6.dst", "2001:db8:b:1300:1400:1500:1600:0,2001:db8:f::9"), ("ipv6.hlim", "63,40"),
        ("ipv6.routing.segleft", "1"),
        ("ipv6.routing.srh.addr", "2001:db8:b:1700:1800::,2001:db8:b:1200:1300:1400:1500:1600")]),
    ("csid-replace-idx0-exp-core.pcap", 0, [
        ("ipv6.dst", "2001:db8:c:1300::7,2001:db8:f::9"), ("ipv6.routing.segleft", "0"),
        ("ipv6.routing.srh.last_entry", "0"), ("ipv6.routing.srh.addr", "::1800:1700:1600:1500:1400:1300")]),
    ("csid-replace-psp-exp-core.pcap", 1, [("ipv6.dst", "2001:db8:c:1400::6,2001:db8:f::9"),
                                           ("ipv6.nxt", "41,17")]),
    ("csid-encap-next-six-exp-core.pcap", 0, [("ipv6.dst", "fcbb:bb00:8100:8200:8300:8400:8500:8600"),
                                              ("ipv6.nxt", "4"), ("ipv6.plen", "68")]),
    ("csid-encap-replace-exp-core.pcap", 0, [
        ("ipv6.dst", "2001:db8:c:8100::"), ("ipv6.routing.segleft", "1"), ("ipv6.routing.srh.last_entry", "1"),
        ("ipv6.routing.srh.addr", "::8400:8300:8200,2001:db8:c:8100::")]),
]

# inputs and outputs that are broken on purpose (tshark complaints expected)
TSHARK_BROKEN = ("srh-", "transit-malformed-srh", "decap-inner-malformed", "l2-bad", "ipv4-malformed",
                 "ipv6-malformed", "jumbogram", "end-hl1-bad-sl", "csid-replace-sl-gt-le",
                 "csid-next-srh-unchecked",
                 "demo-in-edge.pcap#19",
                 "demo-exp-core.pcap#10")


def tshark_check(outdir, cases):
    """Let tshark decode the corpus: selected SRH/ICMP fields must match, and no
    frame outside the deliberately broken ones may be malformed or carry a
    bad checksum (tshark validates IP/UDP/ICMP/ICMPv6 checksums, using the SRH
    final destination for the pseudo-header)."""
    import subprocess
    import tempfile
    problems = []
    base = ["tshark", "-n", "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"]
    try:
        subprocess.run(["tshark", "-v"], capture_output=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError) as e:
        return [f"tshark not usable: {e}"]
    for fname, idx, fields in TSHARK_FIELDS:
        cmd = base + ["-r", str(outdir / fname), "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"]
        for f, _ in fields:
            cmd += ["-e", f]
        lines = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout.split("\n")
        got = lines[idx].split("\t") if idx < len(lines) else []
        for (f, want), val in zip(fields, got + [""] * len(fields)):
            if val != want:
                problems.append(f"tshark {fname}#{idx}: {f} = {val!r}, expected {want!r}")
    # the whole corpus in one capture
    frames, where = [], []
    for c in cases:
        for port in ("edge", "core"):
            for kind, lst in (("in", c.inp[port]), ("exp", c.exp[port])):
                for i, fr in enumerate(lst):
                    frames.append(fr)
                    where.append(f"{c.name}-{kind}-{port}.pcap#{i}")
    with tempfile.TemporaryDirectory() as td:
        allp = Path(td) / "all.pcap"
        write_pcap(allp, frames)
        out = subprocess.run(base + ["-r", str(allp), "-T", "fields", "-e", "frame.number", "-e",
                                     "_ws.expert.message", "-Y",
                                     "_ws.malformed || _ws.expert.severity >= 6291456"],
                             capture_output=True, text=True, timeout=300).stdout
    for line in out.splitlines():
        num, _, msg = line.partition("\t")
        w = where[int(num) - 1]
        if not any(w.startswith(b) or w == b for b in TSHARK_BROKEN):
            problems.append(f"tshark: {w}: {msg}")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only re-generate in memory and verify the files on disk")
    ap.add_argument("--out", default=str(OUT_DIR), help="output directory (default pcaps/golden)")
    ap.add_argument("--no-tshark", action="store_true", help="skip the tshark cross-check")
    args = ap.parse_args()
    outdir = Path(args.out)
    check_conf()
    build_cases()
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    for c in CASES:
        c.ev("rx_packets", len(c.inp["edge"]) + len(c.inp["core"]))
        c.ev("tx_packets", len(c.exp["edge"]) + len(c.exp["core"]))
    doc = {
        "generator": "scripts/gen_golden.py",
        "config": "conf/test/golden.conf",
        "note": "Expected packets are computed from the RFCs and docs/dataplane.md, never "
                "recorded from srv6gw. Regenerate with /usr/bin/python3 scripts/gen_golden.py.",
        "cases": [],
    }
    for c in CASES:
        e = {
            "name": c.name,
            "description": c.description,
            "rfc": c.rfc,
            "inputs": {p: f"{c.name}-in-{p}.pcap" for p in ("edge", "core")},
            "expected": {p: f"{c.name}-exp-{p}.pcap" for p in ("edge", "core")},
            "mask_flowlabel": bool(c.mask_flowlabel),
            "expect_counters": dict(sorted(c.counters.items())),
            "unordered": c.unordered,
        }
        if c.mask_flowlabel:
            e["flowlabel_packets"] = {p: c.fl_idx[p] for p in ("edge", "core")}
        if c.ecmp:
            e["ecmp"] = c.ecmp
        if c.decisions:
            e["decisions"] = c.decisions
        if c.bug:
            e["datapath_bug"] = c.bug
        doc["cases"].append(e)
    cases_json = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    problems = []
    if args.check:
        cj = outdir / "cases.json"
        if not cj.exists() or cj.read_text() != cases_json:
            problems.append("cases.json differs from what the generator produces")
    if not args.check:
        outdir.mkdir(parents=True, exist_ok=True)
        for old in outdir.glob("*.pcap"):
            old.unlink()
        for c in CASES:
            for port in ("edge", "core"):
                write_pcap(outdir / f"{c.name}-in-{port}.pcap", c.inp[port])
                write_pcap(outdir / f"{c.name}-exp-{port}.pcap", c.exp[port])
            if getattr(c, "demo", False) and outdir.resolve() == OUT_DIR.resolve():
                assert not c.inp["core"]
                write_pcap(REPO / "pcaps" / "demo-in.pcap", c.inp["edge"])
                write_pcap(REPO / "pcaps" / "demo-expected-edge.pcap", c.exp["edge"])
                write_pcap(REPO / "pcaps" / "demo-expected-core.pcap", c.exp["core"])
        (outdir / "cases.json").write_text(cases_json)
    n, more = selfcheck(CASES, outdir)
    problems += more
    if outdir.resolve() == OUT_DIR.resolve():
        demo = [c for c in CASES if getattr(c, "demo", False)][0]
        for fname, want in (("demo-in.pcap", demo.inp["edge"]), ("demo-expected-edge.pcap", demo.exp["edge"]),
                            ("demo-expected-core.pcap", demo.exp["core"])):
            f = REPO / "pcaps" / fname
            if not f.exists() or read_pcap(f) != want:
                problems.append(f"pcaps/{fname} differs from the demo case")
    if not args.no_tshark:
        problems += tshark_check(outdir, CASES)
    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(CASES)} cases, {n} frames checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
