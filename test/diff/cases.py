"""The malformed and edge-case packets of the differential test (README.md).

Each case: a packet sent from the source host (2001:db8:a::10) to the device
under test, the verdict RFC text prescribes (checked against srv6gw), and,
where the Linux kernel's seg6local is known to act otherwise, its verdict and
the reference that explains the difference.

`rfc` is one verdict or a list of the verdicts the RFC text allows.
Verdicts: "fwd <DA>" (an IPv6 packet left toward the sink with that outer
destination), "fwd4" (the decapsulated IPv4 packet left), "icmp T/C" (an
ICMPv6 error of type T code C came back; for Parameter Problem
"icmp 4/C@PTR" with the pointer), "drop" (nothing came out).

Packets are built byte by byte (no scapy needed) so malformed fields stay
malformed. A tag (DIFF + case number) in the payload finds the packet again
in the captures, also inside ICMP errors.
"""
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from frames import csum  # noqa: E402

SRC = "2001:db8:a::10"


def a6(s):
    return socket.inet_pton(socket.AF_INET6, s)


def udp6(src, dst, tag):
    pay = tag + bytes(16)
    u = struct.pack("!HHHH", 40000, 9, 8 + len(pay), 0) + pay
    ph = a6(src) + a6(dst) + struct.pack("!IxxxB", len(u), 17)
    c = csum(ph + u) or 0xffff
    return u[:6] + struct.pack("!H", c) + u[8:]


def ip6(src, dst, nh, payload, hl=64, plen=None):
    return struct.pack("!IHBB", 6 << 28, len(payload) if plen is None else plen, nh, hl) + \
        a6(src) + a6(dst) + payload


def inner6(tag, dst="2001:db8:f::5"):
    return ip6("2001:db8:aa::1", dst, 17, udp6("2001:db8:aa::1", dst, tag), hl=50)


def inner4(tag, dst="198.51.100.5"):
    pay = tag + bytes(16)
    u = struct.pack("!HHHH", 40000, 9, 8 + len(pay), 0) + pay
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(u), 1, 0, 50, 17, 0,
                    socket.inet_aton("192.0.2.10"), socket.inet_aton(dst))
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + u


def srh(nh, segs, sl, le=None, hdr_len=None, rtype=4, tlv=b""):
    """segs in path order (S1 first); Segment List[0] is the last one."""
    body = b"".join(a6(s) for s in reversed(segs)) + tlv
    if hdr_len is None:
        hdr_len = len(body) // 8
    if le is None:
        le = len(segs) - 1
    return struct.pack("!BBBBBBH", nh, hdr_len, rtype, sl, le, 0, 0) + body


def case_list():
    """[(name, description, packet-builder(tag) -> IPv6 bytes, rfc, linux, why)]"""
    C = []

    def add(name, desc, build, rfc, linux=None, why=None):
        C.append(dict(name=name, desc=desc, build=build, rfc=rfc, linux=linux, why=why))

    E, E2 = "fc00:1::e", "fc00:2::e"
    add("end_ok", "End, SL 1 of 2: DA <- Segment List[0]",
        lambda t: ip6(SRC, E, 43, srh(41, [E, E2], 1) + inner6(t)),
        "fwd fc00:2::e")
    add("end_reduced", "End, reduced SRH: SL = LE + 1 (RFC 8754 §4.1.1)",
        lambda t: ip6(SRC, E, 43, srh(41, [E2], 1, le=0) + inner6(t)),
        "fwd fc00:2::e")
    add("end_sl_gt_le1", "End, SL 3 > LE + 1 = 2",
        lambda t: ip6(SRC, E, 43, srh(41, [E, E2], 3) + inner6(t)),
        "icmp 4/0@43", "drop",
        "RFC 8754 §4.3.1.1 / RFC 8986 §4.1 S09-S10: Parameter Problem code 0 at "
        "Segments Left; Linux seg6_validate_srh() drops the packet without an error")
    add("end_le_gt_max", "End, LE 3 > Hdr Ext Len / 2 - 1 = 1",
        lambda t: ip6(SRC, E, 43, srh(41, [E, E2], 1, le=3) + inner6(t)),
        "icmp 4/0@43", "drop",
        "RFC 8754 §4.3.1.1: max_last_entry check -> Parameter Problem code 0; Linux drops "
        "silently")
    add("end_hdrlen0", "End, Hdr Ext Len 0 (no segment) with SL 1",
        lambda t: ip6(SRC, E, 43, srh(41, [], 1, le=0, hdr_len=0) + inner6(t)),
        "icmp 4/0@43", "drop",
        "RFC 8754 §4.3.1.1: max_last_entry = -1, so any LE fails -> Parameter Problem "
        "code 0; Linux drops silently")
    add("end_sl0_udp", "End, SL 0, upper layer UDP",
        lambda t: ip6(SRC, E, 43, srh(17, [E, E2], 0) + udp6(SRC, E, t)),
        "icmp 4/4@80", "drop",
        "RFC 8986 §4.1.1 / RFC 8754 §4.3.1.2: an upper layer not allowed -> Parameter "
        "Problem code 4 at the upper-layer header; Linux End only accepts SL > 0 and drops")
    add("end_hl1", "End, hop limit 1, SL 1",
        lambda t: ip6(SRC, E, 43, srh(41, [E, E2], 1) + inner6(t), hl=1),
        "icmp 3/0")
    add("end_hl1_bad_sl", "End, hop limit 1 and SL > LE + 1",
        lambda t: ip6(SRC, E, 43, srh(41, [E, E2], 3) + inner6(t), hl=1),
        "icmp 3/0", "drop",
        "RFC 8986 §4.1 checks the hop limit (S05) before the SRH (S09): Time Exceeded; "
        "Linux validates the SRH first and drops")
    add("end_srh_truncated", "End, Hdr Ext Len claims 2 segments, the packet has 1",
        lambda t: ip6(SRC, E, 43, srh(59, [E2], 1, le=1, hdr_len=4) + t),
        # RFC 4443 §3.4 allows Parameter Problem code 0 for an erroneous
        # header field (docs/dataplane.md: pointer at Segments Left, which is
        # inside the packet); srv6-rules P8 drops without an error
        ["icmp 4/0@43", "drop"], "drop",
        "RFC 4443 §3.4: a header field srv6gw cannot process -> Parameter Problem code 0 "
        "(docs/dataplane.md End step 2); Linux drops the truncated SRH silently")
    add("end_tlv_overrun", "End, a TLV whose length runs past the SRH",
        lambda t: ip6(SRC, E, 43, srh(41, [E, E2], 1, tlv=bytes([7, 10]) + bytes(6)) +
                  inner6(t)),
        "fwd fc00:2::e", "drop",
        "RFC 8754 §4.3.1.1: TLV processing only 'if local policy requires' it (srv6gw "
        "processes TLVs only for HMAC, never reading past the SRH); Linux "
        "seg6_validate_srh() always walks the TLVs and drops")
    add("end_pad1_last", "End, PadN (5 bytes) then Pad1 as the last byte",
        lambda t: ip6(SRC, E, 43, srh(41, [E, E2], 1, tlv=bytes([4, 5]) + bytes(5) +
                                      bytes([0])) + inner6(t)),
        "fwd fc00:2::e", "drop",
        "RFC 8754 §2.1.1.1: Pad1 is one byte without a length; Linux reads every TLV as "
        "type + length and rejects the trailing Pad1")
    add("end_tlv_unknown", "End, an unknown TLV (type 9, 6 bytes)",
        lambda t: ip6(SRC, E, 43, srh(41, [E, E2], 1, tlv=bytes([9, 6]) + bytes(6)) +
                  inner6(t)),
        "fwd fc00:2::e")
    add("end_rh0", "Routing Type 0 with SL 1 to the End SID",
        lambda t: ip6(SRC, E, 43, srh(41, [E, E2], 1, rtype=0) + inner6(t)),
        "icmp 4/0@42", "drop",
        "RFC 8200 §4.4 / RFC 5095: an unrecognised (deprecated) Routing Type with SL > 0 -> "
        "Parameter Problem code 0 at Routing Type; Linux's seg6local finds no SRH and drops")
    add("dx4_ok", "End.DX4, SRH SL 0, inner IPv4",
        lambda t: ip6(SRC, "fc00:1::d4", 43, srh(4, ["fc00:1::d4"], 0) + inner4(t)),
        "fwd4")
    add("dx4_no_srh", "End.DX4 without an SRH",
        lambda t: ip6(SRC, "fc00:1::d4", 4, inner4(t)),
        "fwd4")
    add("dx4_sl1", "End.DX4 with SL 1",
        lambda t: ip6(SRC, "fc00:1::d4", 43, srh(4, ["fc00:1::d4", E2], 1) + inner4(t)),
        "icmp 4/0@43", "drop",
        "RFC 8986 §4.4: SL != 0 at End.DX4 -> Parameter Problem code 0 at Segments Left; "
        "Linux decap_and_validate() drops")
    add("dx4_inner_v6", "End.DX4, SL 0, inner IPv6",
        lambda t: ip6(SRC, "fc00:1::d4", 43, srh(41, ["fc00:1::d4"], 0) + inner6(t)),
        "icmp 4/4@64", "drop",
        "RFC 8986 §4.4 -> §4.1.1: an upper layer other than IPv4 -> Parameter Problem "
        "code 4; Linux drops")
    add("dt6_ok", "End.DT6, SRH SL 0, inner IPv6 looked up in table 100",
        lambda t: ip6(SRC, "fc00:1::a6", 43, srh(41, ["fc00:1::a6"], 0) + inner6(t)),
        "fwd 2001:db8:f::5")
    add("dt6_hl1", "End.DT6, outer hop limit 1: decapsulated all the same",
        lambda t: ip6(SRC, "fc00:1::a6", 43, srh(41, ["fc00:1::a6"], 0) + inner6(t), hl=1),
        "fwd 2001:db8:f::5")
    add("dt6_inner_v4", "End.DT6, SL 0, inner IPv4",
        lambda t: ip6(SRC, "fc00:1::a6", 43, srh(4, ["fc00:1::a6"], 0) + inner4(t)),
        "icmp 4/4@64", "drop",
        "RFC 8986 §4.6 -> §4.1.1: Parameter Problem code 4; Linux drops")
    add("transit_bad_srh", "Transit (DA not local) with a malformed SRH (SL 5, LE 0)",
        lambda t: ip6(SRC, "fc00:9::1", 43, srh(41, ["fc00:9::1"], 5) + inner6(t)),
        "fwd fc00:9::1")
    add("srh_to_interface", "SRH with SL 1 to an interface address that is no SID",
        lambda t: ip6(SRC, "2001:db8:a::1", 43, srh(41, ["2001:db8:a::1", E2], 1) + inner6(t)),
        "icmp 4/0@42", "fwd fc00:2::e",
        "RFC 8754 §4.3.2 (and RFC 8986 §6 CNT-3): a local address that is not a SID, SL > 0 "
        "-> Parameter Problem code 0 at Routing Type; Linux with seg6_enabled processes an "
        "SRH to any local address like End (ipv6_srh_rcv)")
    add("unknown_next_header", "Next Header 253 to an interface address",
        lambda t: ip6(SRC, "2001:db8:a::1", 253, t + bytes(16)),
        "icmp 4/1@6")
    add("dstopt_action10_before_srh",
        "Destination Options (option type 0x80: discard + Parameter Problem) before the SRH",
        lambda t: ip6(SRC, E, 60, bytes([43, 0, 0x80, 4, 0, 0, 0, 0]) +
                  srh(41, [E, E2], 1) + inner6(t)),
        "icmp 4/2@42", "fwd fc00:2::e",
        "RFC 8200 §4 / §4.2: headers are processed in order, an unknown option with action "
        "10 -> Parameter Problem code 2 at the option; the kernel's seg6local route is "
        "taken before the extension headers are looked at")
    add("plen_overrun", "IPv6 payload length larger than the packet",
        lambda t: ip6(SRC, E, 43, srh(41, [E, E2], 1) + inner6(t), plen=400),
        "drop")
    return C
