# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""The configuration the generator assumes, mirrored from
conf/test/golden.conf (ports, neighbours, routes, locators, SIDs, policies,
steering, the hosts used), and check_conf() that verifies it."""

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
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
    # an endpoint iACL (RFC 8754 §5.1, allowed_sources): in golden.conf for
    # test_dp_express's test_express_refuses; no golden case sends to it
    "fc00:1::ac": ("End", []),
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
