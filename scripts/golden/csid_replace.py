# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""Cases: REPLACE-C-SID endpoints (RFC 9800 §4.2): index 0 and index > 0,
zero slots, USD/PSP, decapsulation, bounds, bad arguments, HL 1."""

from .case import R_ICMP6_ERR, case
from .config import H6C
from .csid import replace_csid
from .csid_common import D_DECAP_ARG, R16, R32, R9800_REPL, ci4, ci6
from .packets import srv6, v6_dst


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
