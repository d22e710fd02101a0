#!/usr/bin/python3
"""Write the benchmark input pcaps: one frame per flow, for every scenario.

usage: gen_bench.py OUTDIR [FLOWS...]   (default flows: 1 1024 65536)
       gen_bench.py --list              (the scenarios, in report order)

The frames target conf/bench.conf: they all enter port "in" (its MAC), and
every scenario leaves by port "out". scripts/bench.sh feeds them to
srv6gw-bench (in memory) and to srv6gw and dpdk-testpmd (end to end).
"""
import multiprocessing
import os
import sys

# Every scenario, in the order the reports list them: the one list that
# scripts/bench.sh and test/callgrind/run.sh read (--list, answered before
# scapy is imported, so it works before scripts/install-deps.sh has run).
ORDER = ["route4", "route6", "route6-spread", "encap4-1sid", "encap4-2sid", "encap4-3sid",
         "encap4-nosrh", "encap6-1sid", "encap6-3sid", "encap6-red", "encap4-usid",
         "encap4-spread", "end", "end-psp", "end-x", "end-dx4", "end-dt6", "un-shift", "mix"]
if __name__ == "__main__" and sys.argv[1:] == ["--list"]:
    print(" ".join(ORDER))
    sys.exit(0)

from scapy.all import Ether, IP, IPv6, UDP, Raw, PcapWriter
from scapy.layers.inet6 import IPv6ExtHdrSegmentRouting

EDGE = dict(src="02:00:00:00:ee:fe", dst="02:00:00:00:00:01")
CORE = dict(src="02:00:00:00:0c:02", dst="02:00:00:00:00:01")


def a6(prefix, i):
    """prefix ("2001:db8:f::") + a 32-bit host part, valid for any flow count."""
    return "%s%x:%x" % (prefix, (i >> 16) & 0xffff, i & 0xffff)


def v4(dst, i, size=64):
    """IPv4/UDP frame of `size` bytes (without FCS) for flow i."""
    pkt = IP(src="192.0.2.%d" % (10 + i % 200), dst=dst, ttl=64) / \
        UDP(sport=1024 + (i // 200) % 60000, dport=4789)
    pad = size - 14 - len(pkt)
    return Ether(**EDGE) / pkt / Raw(b"\x00" * max(pad, 0))


def v6(dst, i, size=78, mac=EDGE):
    pkt = IPv6(src=a6("2001:db8:f::", i + 1), dst=dst, hlim=64) / \
        UDP(sport=1024 + i % 60000, dport=4789)
    pad = size - 14 - len(pkt)
    return Ether(**mac) / pkt / Raw(b"\x00" * max(pad, 0))


def srv6(da, segs, sl, inner, i):
    """SRv6 frame from the core: segs in travel order."""
    srh = IPv6ExtHdrSegmentRouting(addresses=list(reversed(segs)), segleft=sl,
                                   lastentry=len(segs) - 1,
                                   nh=41 if inner.version == 6 else 4)
    return Ether(**CORE) / IPv6(src=a6("fc00:c::", 2 + i), dst=da, hlim=64) / \
        srh / inner


def inner4(i):
    return IP(src="198.51.100.%d" % (1 + i % 250), dst="192.0.2.10") / \
        UDP(sport=1024 + i % 60000, dport=4789) / Raw(b"\x00" * 18)


def inner6(dst, i):
    return IPv6(src=a6("2001:db8:aa::", i + 1), dst=dst) / \
        UDP(sport=1024 + i % 60000, dport=4789) / Raw(b"\x00" * 16)


# conf/bench.conf's IPv4 steering prefixes, one per policy (to-laptop,
# one-sid, one-srh, usid6, three)
SPREAD4 = ["203.0.113", "198.18.0", "198.18.3", "198.18.4", "198.18.5"]

SCENARIOS = {
    # name: (ingress port, frame builder)
    "route4": ("in", lambda i: v4("198.51.100.%d" % (1 + i % 250), i)),
    "route6": ("in", lambda i: v6(a6("2001:db8:f::", 0x100 + i), i, mac=CORE)),
    # every flow to a /64 of its own: no two destinations of a chunk share
    # the bits the classification reads (the route6 hosts share their /64)
    "route6-spread": ("in", lambda i: v6("2001:db8:f:%x::1" % (i & 0xffff), i, mac=CORE)),
    "encap4-1sid": ("in", lambda i: v4("198.18.3.%d" % (1 + i % 250), i)),
    "encap4-2sid": ("in", lambda i: v4("203.0.113.%d" % (1 + i % 250), i)),
    "encap4-nosrh": ("in", lambda i: v4("198.18.0.%d" % (1 + i % 250), i)),
    "encap6-3sid": ("in", lambda i: v6(a6("2001:db8:bb::", 1 + i), i)),
    "encap6-red": ("in", lambda i: v6(a6("2001:db8:aa::", 1 + i), i)),
    "end": ("in", lambda i: srv6("fc00:1::e", ["fc00:1::e", "fc00:2::e"], 1,
                                   inner6("2001:db8:f::1", i), i)),
    "end-psp": ("in", lambda i: srv6("fc00:1::e1", ["fc00:1::e1", "fc00:2::e"], 1,
                                       inner6("2001:db8:f::1", i), i)),
    "end-x": ("in", lambda i: srv6("fc00:1::100", ["fc00:1::100", "fc00:2::e"], 1,
                                     inner6("2001:db8:f::1", i), i)),
    "end-dx4": ("in", lambda i: srv6("fc00:1::d4", ["fc00:1::d4"], 0, inner4(i), i)),
    "end-dt6": ("in", lambda i: srv6("fc00:1::a6", ["fc00:1::a6"], 0,
                                       inner6(a6("2001:db8:10::", 1 + i), i), i)),
    # RFC 9800: uN shifts its container (no SRH); 6 uSIDs in one container
    "un-shift": ("in", lambda i: Ether(**CORE) /
                 IPv6(src=a6("fc00:c::", 2 + i), dst="fcbb:bb00:1:2:3:4::", hlim=64) /
                 inner6("2001:db8:f::1", i)),
    "encap4-usid": ("in", lambda i: v4("198.18.4.%d" % (1 + i % 250), i)),
    "encap4-3sid": ("in", lambda i: v4("198.18.5.%d" % (1 + i % 250), i)),
    "encap6-1sid": ("in", lambda i: v6(a6("2001:db8:cc::", 1 + i), i)),
    # a headend's traffic spread over its policies: frame i steered into the
    # i mod 5-th IPv4 policy, so no two packets in a row share one (the
    # other encap captures are one policy's)
    "encap4-spread": ("in", lambda i: v4("%s.%d" % (SPREAD4[i % 5], 1 + (i // 5) % 250), i)),
}

# An edge box's mix, frame i from MIX[i % 10]: half headend (IPv4 with an
# SRH or a uSID container, IPv6 with 3 SIDs), three in ten endpoint (End,
# End.DX4, uN) plus End.DT6, the rest plain IPv6/IPv4 routing.
MIX = ["encap4-1sid", "encap4-1sid", "encap4-usid", "encap6-3sid", "end", "end-dx4",
       "un-shift", "end-dt6", "route6", "route4"]
SCENARIOS["mix"] = ("in", lambda i: SCENARIOS[MIX[i % len(MIX)]][1](i))
assert sorted(SCENARIOS) == sorted(ORDER), "ORDER must list every scenario once"


def write(job):
    """One capture: scenario `name`, `n` flows, into `path` (then path.port)."""
    name, n, path = job
    port, build = SCENARIOS[name]
    w = PcapWriter(path, sync=False)
    for i in range(n):
        w.write(build(i))
    w.close()
    with open(path + ".port", "w") as f:
        f.write(port + "\n")
    return path


def main():
    out = sys.argv[1]
    flows = [int(f) for f in sys.argv[2:]] or [1, 1024, 65536]
    os.makedirs(out, exist_ok=True)
    jobs = []
    for name in SCENARIOS:
        for n in flows:
            path = os.path.join(out, "%s-%d.pcap" % (name, n))
            if not os.path.exists(path + ".port"):
                jobs.append((name, n, path))  # (else made: .port is written last)
    # one process per CPU (scapy builds ~1,000 frames a second on one core:
    # the 65,536-flow captures took 20 minutes on one core of a 2-vCPU VM);
    # the largest first, so the last ones to finish are short
    jobs.sort(key=lambda j: -j[1])
    with multiprocessing.Pool(os.cpu_count() or 1) as pool:
        for _ in pool.imap_unordered(write, jobs):
            pass


if __name__ == "__main__":
    main()
