# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""Byte-level packet builders (Ethernet, IPv4, IPv6, UDP, ICMP, SRH and other
extension headers), field access on raw IP packets and the inner flow key."""

import socket
import struct
import zlib


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
