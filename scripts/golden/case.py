# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""The Case class (a case's input frames, expected frames and counters, with
the rules that derive expected outputs: routing, ICMP errors, echo replies,
the headend), H.Encaps (encap), and the ordered list of cases."""

import struct

from .config import (CORE_PEER, EDGE_V4_PEER, EDGE_V6_PEER, ICMP4_MAX, ICMP6_MAX, POLICIES, PORTS,
                     SRV6_HOP_LIMIT, SRV6_SOURCE)
from .csid import csid_encode
from .packets import (echo4, echo6, eth, icmp4, icmp6, ipv4, ipv6, ipver, placeholder_flowlabel, srh,
                      v4_dec_ttl, v4_dst, v4_src, v6_dec_hl, v6_dst, v6_src, v6_tc)
from .rules import fragment4, l2, lookup, upper_layer


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
