# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""Cases: End, End.X, End.T and the PSP/USP/USD flavours, malformed and
unusual SRHs, and the binding SIDs (End.B6.Encaps, End.B6.Encaps.Red); the
helpers the End-based cases share."""

from .case import case
from .config import H6C, H6C2, H6E, H6E2
from .packets import (a6, echo6, fraghdr, ipv6, opthdr, payload, rh, srh, srv6, udp6, v4_udp, v6_dec_hl,
                      v6_udp)
from .rules import end_update, srh_pop

# inner packets and helpers of the End-based cases (decap.py and checks.py use them too)
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


def sl0(sid, inner, nh=41, segs0=None):
    return srv6(H6C, sid, segs0 or [sid, "fc00:b::e"], 0, inner, nh=nh)


# the segment list of the "end" case, also used by later cases
END_SEGS = ["fc00:b::d6", "fc00:b::e", "fc00:1::e"]


def build_end_cases():
    # ------------------------------------------------------------ End and flavours
    c = case("end", "End (fc00:1::e), SL 2 -> 1: HL-1, SL-1, DA = Segment List[1]; SRH "
             "otherwise unchanged; inner IPv6 and inner IPv4, several sizes.",
             ["RFC 8986 §4.1", "RFC 8754 §4.3.1.1"])
    segs = END_SEGS
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


def build_srh_cases():
    # ------------------------------------------------------------ bad SRHs
    segs = END_SEGS
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


def build_binding_cases():
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
