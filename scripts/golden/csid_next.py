# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""Cases: NEXT-C-SID endpoints (RFC 9800 §4.1): the shift, argument 0,
flavours, End.X/End.T, decapsulating SIDs, errors and the [ILL] vectors."""

from .case import R_ICMP6_ERR, case
from .config import H6C
from .csid import a128, next_csid_shift, u128
from .csid_common import D_DECAP_ARG, D_ERR_AFTER, F32, R9800_NEXT, S48, ci4, ci6
from .packets import echo6, ipv6, payload, srv6, v6_dst
from .rules import end_update, srh_pop


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
