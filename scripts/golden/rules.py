# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""The single-packet forwarding rules: table lookup, Ethernet toward a
neighbour, IPv4 fragmentation, the extension-header walk, End's SRH update,
PSP/USP removal and RFC 6040 decapsulation ECN."""

import ipaddress
import struct

from .config import NEIGH, PORTS, ROUTES
from .packets import eth, ipver, v4_fix_csum


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
