# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""Cases: more C-SID situations: repeated local C-SIDs, the shift before
the SRH checks, End then shift, ping, SIDs without a C-SID flavour in a C-SID
locator, an empty REPLACE entry, REPLACE without an SRH, End.B6.Encaps."""

from .case import case
from .config import H6C
from .csid import next_csid_shift
from .csid_common import F32, R9800_NEXT, R9800_REPL, ci4, ci6
from .packets import echo6, ipv6, payload, srv6
from .rules import end_update


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
