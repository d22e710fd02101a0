# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""The self-check of the written corpus: scapy re-parses every frame and
recomputes checksums and lengths; tshark decodes selected fields and the
whole corpus."""

import struct
from pathlib import Path

from .config import ICMP4_MAX, ICMP6_MAX, PORTS
from .pcap import read_pcap, write_pcap
from .rules import ext_chain


# ---------------------------------------------------------------------------
# Self-check: scapy re-parses every frame and recomputes checksums/lengths
# ---------------------------------------------------------------------------

def selfcheck(cases, outdir):
    import logging
    logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
    from scapy.all import Ether, IP, IPv6, UDP, ICMP, conf as sconf
    from scapy.layers.inet6 import IPv6ExtHdrSegmentRouting, in6_chksum
    from scapy.utils import checksum as s_checksum
    sconf.dot15d4_protocol = None

    problems = []
    counted = 0
    stats = {"l4v6": 0, "v4hdr": 0, "icmp4": 0, "udp4": 0}
    # frames deliberately broken on input; their checksums/lengths are not checked
    broken_inputs = {"ipv4-malformed", "ipv6-malformed", "l2-bad", "srh-truncated", "jumbogram",
                     "srh-truncated-fixed", "decap-inner-malformed", "srh-hel0", "transit-malformed-srh"}

    def chk_ipv4(hdr_bytes, where):
        if s_checksum(hdr_bytes) != 0:
            problems.append(f"{where}: IPv4 header checksum")

    def chk_l4_v6(pkt, where):
        """Upper-layer checksum by scapy's own code (pseudo-header with the final
        destination taken from the SRH, RFC 8200 §8.1)."""
        ip6 = pkt[IPv6]
        layer = ip6.payload
        while layer is not None and layer.__class__.__name__.startswith("IPv6ExtHdr"):
            if layer.__class__.__name__ == "IPv6ExtHdrFragment" and (layer.m or layer.offset):
                return   # a fragment: the checksum covers the whole datagram
            layer = layer.payload
        if layer is None:
            return
        names = [f.name for f in layer.fields_desc]
        field = "chksum" if "chksum" in names else "cksum" if "cksum" in names else None
        cls = layer.__class__.__name__
        if field is None or cls.endswith("error") or not (cls == "UDP" or cls.startswith("ICMPv6")):
            return
        nh = 17 if layer.__class__.__name__ == "UDP" else 58
        raw_l4 = bytes(layer)
        if nh == 17:
            raw_l4 = raw_l4[:layer.len]
            z = raw_l4[:6] + b"\0\0" + raw_l4[8:]
        else:
            z = raw_l4[:2] + b"\0\0" + raw_l4[4:]
        want = in6_chksum(nh, layer, z)
        if nh == 17 and want == 0:
            want = 0xFFFF
        stats["l4v6"] += 1
        if want != getattr(layer, field):
            problems.append(f"{where}: {layer.__class__.__name__} checksum {getattr(layer, field):#x} "
                            f"!= scapy {want:#x}")

    def chk_v4(ipb, where):
        """IPv4 header, ICMP and UDP checksums (scapy's code)."""
        from scapy.layers.inet import in4_chksum
        ip = IP(ipb)
        stats["v4hdr"] += 1
        chk_ipv4(ipb[:ip.ihl * 4], where)
        if ip.flags.MF or ip.frag:
            return
        if ip.proto == 1 and ICMP in ip:
            m = ipb[ip.ihl * 4:ip.len]
            stats["icmp4"] += 1
            if s_checksum(m) != 0:
                problems.append(f"{where}: ICMP checksum")
        if ip.proto == 17 and UDP in ip:
            u = ip[UDP]
            z = bytes(u)[:u.len]
            z = z[:6] + b"\0\0" + z[8:]
            stats["udp4"] += 1
            if (in4_chksum(17, ip, z) or 0xFFFF) != u.chksum:
                problems.append(f"{where}: UDP/IPv4 checksum")

    for c in cases:
        for port in ("edge", "core"):
            for kind in ("in", "exp"):
                path = outdir / f"{c.name}-{kind}-{port}.pcap"
                frames = read_pcap(path)
                want = c.inp[port] if kind == "in" else c.exp[port]
                if frames != want:
                    problems.append(f"{path.name}: pcap round trip differs")
                for i, fr in enumerate(frames):
                    counted += 1
                    where = f"{path.name}#{i}"
                    if kind == "in" and c.name in broken_inputs:
                        continue
                    if len(fr) < 14:
                        continue
                    pkt = Ether(fr)
                    if bytes(pkt) != fr:
                        problems.append(f"{where}: scapy re-serialisation differs")
                    if kind == "exp" and len(fr) > 1514:
                        problems.append(f"{where}: larger than MTU 1500 + 14")
                    if kind == "exp" and pkt.src != PORTS[port]["mac"]:
                        problems.append(f"{where}: source MAC {pkt.src} is not the {port} port MAC")
                    if kind == "in" and pkt.dst not in (PORTS[port]["mac"],) and not (int(pkt.dst[:2], 16) & 1) \
                            and c.name != "l2-bad":
                        problems.append(f"{where}: input not addressed to the port MAC")
                    if IP in pkt and pkt.type == 0x0800:
                        ip = pkt[IP]
                        chk_v4(fr[14:14 + ip.len], where)
                        if ip.len != len(fr) - 14 and not (len(fr) == 60 and ip.len < 46):
                            problems.append(f"{where}: IPv4 total length {ip.len} vs frame {len(fr) - 14}")
                        if ip.proto == 1 and fr[14 + ip.ihl * 4] in (3, 11) and ip.len > ICMP4_MAX:
                            problems.append(f"{where}: ICMP error > 576 bytes")
                    if pkt.type == 0x86DD and IPv6 in pkt:
                        ip6 = pkt[IPv6]
                        if 40 + ip6.plen != len(fr) - 14 and not (len(fr) == 60 and ip6.plen < 6):
                            problems.append(f"{where}: IPv6 payload length {ip6.plen} vs frame {len(fr) - 54}")
                        if IPv6ExtHdrSegmentRouting in ip6 and c.name not in broken_inputs:
                            s = ip6[IPv6ExtHdrSegmentRouting]
                            if s.type == 4 and not (s.lastentry <= s.len // 2 - 1 and s.segleft <= s.lastentry + 1) \
                                    and not c.name.startswith(("srh-", "end-hl1-bad", "demo", "decap-sl", "csid-replace-sl",
                                                             "csid-next-srh-unchecked")):
                                problems.append(f"{where}: unexpected invalid SRH")
                        if ip6.nh == 58 and kind == "exp":
                            t = fr[54]
                            if t < 128 and ip6.plen + 40 > ICMP6_MAX:
                                problems.append(f"{where}: ICMPv6 error > 1280 bytes")
                            if t < 128 and ip6.hlim != 64:
                                problems.append(f"{where}: ICMPv6 error HL")
                        chk_l4_v6(pkt, where)
                        # encapsulated: check the inner packet too
                        if kind == "exp" and c.name not in broken_inputs:
                            chain = ext_chain(fr[14:])
                            t, off, _, _ = chain[-1]
                            inner = fr[14 + off:]
                            if t == 4 and inner:
                                chk_v4(inner, where + " inner")
                            if t == 41 and inner:
                                ipi = IPv6(inner)
                                if 40 + ipi.plen != len(inner):
                                    problems.append(f"{where}: inner IPv6 length")
                                chk_l4_v6(ipi, where + " inner")
                # the flow-label mask indices must point at SRv6 outer headers
        for port in ("edge", "core"):
            for idx in c.fl_idx[port]:
                fr = c.exp[port][idx]
                if fr[12:14] != b"\x86\xdd" or fr[20] not in (43, 41, 4):
                    problems.append(f"{c.name}: flow-label mask on a non-encapsulated packet")
                if (struct.unpack("!I", fr[14:18])[0] & 0xFFFFF) == 0:
                    problems.append(f"{c.name}: placeholder flow label 0")
        drops = [k for k in c.counters if k.startswith("drops.")]
        if not c.exp["edge"] and not c.exp["core"] and not drops:
            problems.append(f"{c.name}: no output and no drop counter")
    print("checksums verified by scapy:", stats)
    return counted, problems


TSHARK_FIELDS = [
    # (file, frame index, [(field, expected value: first occurrence)])
    ("encap-v6-three-exp-core.pcap", 0, [
        ("ipv6.src", "fc00:1::99,2001:db8:f::5"), ("ipv6.dst", "fc00:2::e,2001:db8:bb::5"),
        ("ipv6.hlim", "32,63"), ("ipv6.nxt", "43,17"), ("ipv6.routing.type", "4"), ("ipv6.routing.nxt", "41"),
        ("ipv6.routing.len", "6"), ("ipv6.routing.segleft", "2"), ("ipv6.routing.srh.last_entry", "2"),
        ("ipv6.routing.srh.addr", "fc00:4::d6,fc00:3::e,fc00:2::e"), ("udp.checksum.status", "1")]),
    ("encap-red3-exp-core.pcap", 0, [
        ("ipv6.dst", "fc00:2::e,2001:db8:aa::5"), ("ipv6.routing.len", "4"), ("ipv6.routing.segleft", "2"),
        ("ipv6.routing.srh.last_entry", "1"), ("ipv6.routing.srh.addr", "fc00:4::d6,fc00:3::e")]),
    ("encap-one-sid-exp-core.pcap", 0, [("ipv6.nxt", "4"), ("ipv6.dst", "fc00:3::d4"), ("ip.ttl", "63"),
                                        ("ip.checksum.status", "1"), ("udp.checksum.status", "1")]),
    ("encap-one-srh-exp-core.pcap", 0, [("ipv6.routing.segleft", "0"), ("ipv6.routing.srh.last_entry", "0"),
                                        ("ipv6.routing.srh.addr", "fc00:3::d4"), ("ipv6.routing.nxt", "4")]),
    ("encap-v4-to-laptop-exp-core.pcap", 1, [("ipv6.tclass", "0x000000b8"), ("ip.dsfield", "0xb8"),
                                             ("ipv6.routing.srh.addr", "fc00:3::d4,fc00:2::e")]),
    ("encap-v4-fragment-exp-core.pcap", 2, [("ip.flags.mf", "0"), ("ip.frag_offset", "175"),
                                            ("ip.id", "0x2301"), ("ip.ttl", "63"), ("ip.len", "80"),
                                            ("ip.checksum.status", "1")]),
    ("end-exp-core.pcap", 0, [("ipv6.dst", "fc00:b::e,2001:db8:f::9"), ("ipv6.hlim", "63,40"),
                              ("ipv6.routing.segleft", "1"),
                              ("ipv6.routing.srh.last_entry", "2")]),
    ("end-psp-sl1-exp-core.pcap", 0, [("ipv6.nxt", "41,17"), ("ipv6.dst", "fc00:b::d6,2001:db8:f::9"),
                                      ("ipv6.plen", "118,78"), ("ipv6.hlim", "63,40")]),
    ("end-b6-encaps-exp-core.pcap", 0, [("ipv6.src", "fc00:1::1,fc00:a::1,2001:db8:aa::5"),
                                        ("ipv6.dst", "fc00:8::e,fc00:b::d6,2001:db8:f::9"), ("ipv6.hlim", "64,63,40"),
                                        ("ipv6.routing.segleft", "1,0"),
                                        ("ipv6.routing.srh.addr", "fc00:9::d6,fc00:8::e,fc00:b::d6,fc00:1::b6")]),
    ("srh-sl-gt-le-exp-core.pcap", 0, [("icmpv6.type", "4"), ("icmpv6.code", "0"), ("icmpv6.pointer", "43"),
                                       ("icmpv6.checksum.status", "1"), ("ipv6.src", "fc00:c::1,fc00:a::1,2001:db8:aa::5")]),
    ("srh-to-local-addr-exp-core.pcap", 0, [("icmpv6.type", "4"), ("icmpv6.pointer", "42")]),
    ("end-usp-udp-exp-core.pcap", 0, [("icmpv6.code", "4"), ("icmpv6.pointer", "40"), ("ipv6.nxt", "58,17"),
                                      ("ipv6.plen", "86,38")]),
    ("encap-v6-ptb-exp-edge.pcap", 0, [("icmpv6.type", "2"), ("icmpv6.mtu", "1404"), ("frame.len", "1294"),
                                       ("ipv6.src", "2001:db8:e::1,2001:db8:f::5")]),
    ("encap-v4-df-exp-edge.pcap", 0, [("icmp.type", "3"), ("icmp.code", "4"), ("icmp.mtu", "1420"),
                                      ("ip.len", "576,1421"), ("icmp.checksum.status", "1")]),
    ("nd-core-exp-core.pcap", 0, [("icmpv6.type", "136"), ("icmpv6.nd.na.flag.r", "1"),
                                  ("icmpv6.nd.na.flag.s", "1"), ("icmpv6.nd.na.flag.o", "1"),
                                  ("icmpv6.nd.na.target_address", "fc00:c::1"),
                                  ("icmpv6.opt.linkaddr", "02:00:00:00:00:02")]),
    ("arp-exp-edge.pcap", 0, [("arp.opcode", "2"), ("arp.src.proto_ipv4", "192.0.2.1"),
                              ("arp.src.hw_mac", "02:00:00:00:00:01")]),
    # compressed SIDs (RFC 9800): the [ILL] vectors and the packed headend lists
    ("csid-next-shift-48-exp-core.pcap", 0, [
        ("ipv6.dst", "2001:db8:b:1300:1400:1500:1600:0,2001:db8:f::9"), ("ipv6.hlim", "63,40"),
        ("ipv6.routing.segleft", "1"),
        ("ipv6.routing.srh.addr", "2001:db8:b:1700:1800::,2001:db8:b:1200:1300:1400:1500:1600")]),
    ("csid-replace-idx0-exp-core.pcap", 0, [
        ("ipv6.dst", "2001:db8:c:1300::7,2001:db8:f::9"), ("ipv6.routing.segleft", "0"),
        ("ipv6.routing.srh.last_entry", "0"), ("ipv6.routing.srh.addr", "::1800:1700:1600:1500:1400:1300")]),
    ("csid-replace-psp-exp-core.pcap", 1, [("ipv6.dst", "2001:db8:c:1400::6,2001:db8:f::9"),
                                           ("ipv6.nxt", "41,17")]),
    ("csid-encap-next-six-exp-core.pcap", 0, [("ipv6.dst", "fcbb:bb00:8100:8200:8300:8400:8500:8600"),
                                              ("ipv6.nxt", "4"), ("ipv6.plen", "68")]),
    ("csid-encap-replace-exp-core.pcap", 0, [
        ("ipv6.dst", "2001:db8:c:8100::"), ("ipv6.routing.segleft", "1"), ("ipv6.routing.srh.last_entry", "1"),
        ("ipv6.routing.srh.addr", "::8400:8300:8200,2001:db8:c:8100::")]),
]

# inputs and outputs that are broken on purpose (tshark complaints expected)
TSHARK_BROKEN = ("srh-", "transit-malformed-srh", "decap-inner-malformed", "l2-bad", "ipv4-malformed",
                 "ipv6-malformed", "jumbogram", "end-hl1-bad-sl", "csid-replace-sl-gt-le",
                 "csid-next-srh-unchecked",
                 "demo-in-edge.pcap#19",
                 "demo-exp-core.pcap#10")


def tshark_check(outdir, cases):
    """Let tshark decode the corpus: selected SRH/ICMP fields must match, and no
    frame outside the deliberately broken ones may be malformed or carry a
    bad checksum (tshark validates IP/UDP/ICMP/ICMPv6 checksums, using the SRH
    final destination for the pseudo-header)."""
    import subprocess
    import tempfile
    problems = []
    base = ["tshark", "-n", "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"]
    try:
        subprocess.run(["tshark", "-v"], capture_output=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError) as e:
        return [f"tshark not usable: {e}"]
    for fname, idx, fields in TSHARK_FIELDS:
        cmd = base + ["-r", str(outdir / fname), "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"]
        for f, _ in fields:
            cmd += ["-e", f]
        lines = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout.split("\n")
        got = lines[idx].split("\t") if idx < len(lines) else []
        for (f, want), val in zip(fields, got + [""] * len(fields)):
            if val != want:
                problems.append(f"tshark {fname}#{idx}: {f} = {val!r}, expected {want!r}")
    # the whole corpus in one capture
    frames, where = [], []
    for c in cases:
        for port in ("edge", "core"):
            for kind, lst in (("in", c.inp[port]), ("exp", c.exp[port])):
                for i, fr in enumerate(lst):
                    frames.append(fr)
                    where.append(f"{c.name}-{kind}-{port}.pcap#{i}")
    with tempfile.TemporaryDirectory() as td:
        allp = Path(td) / "all.pcap"
        write_pcap(allp, frames)
        out = subprocess.run(base + ["-r", str(allp), "-T", "fields", "-e", "frame.number", "-e",
                                     "_ws.expert.message", "-Y",
                                     "_ws.malformed || _ws.expert.severity >= 6291456"],
                             capture_output=True, text=True, timeout=300).stdout
    for line in out.splitlines():
        num, _, msg = line.partition("\t")
        w = where[int(num) - 1]
        if not any(w.startswith(b) or w == b for b in TSHARK_BROKEN):
            problems.append(f"tshark: {w}: {msg}")
    return problems
