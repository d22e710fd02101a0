# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""Cases: the headend with compressed segment lists (RFC 9800 §6): NEXT-C-SID
containers and REPLACE-C-SID entries in H.Encaps and H.Encaps.Red."""

from .case import case
from .config import H4, H6E, POLICIES
from .csid import csid_encode, u128
from .packets import v4_udp, v6_udp


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
