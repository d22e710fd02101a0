#!/usr/bin/python3
"""Send prepared Ethernet frames on an interface (AF_PACKET, standard library).

  blast.py --iface IF --kind KIND --src-mac M --dst-mac M [--rate PPS]
           [--count N | --seconds S] --out FILE

KIND is one of the frames the fault tests need (test/fault/README.md):
  hl1      IPv6 2001:db8:a::10 -> SID 2001:db8:1::e, SRH (2001:db8:1::e,
           2001:db8:5::e) SL 1, hop limit 1: Time Exceeded (RFC 8986 S05)
  dead     IPv4/UDP 192.0.2.10 -> 198.51.100.1..8: steered to a policy whose
           next hop never resolves
  good     IPv4/UDP 192.0.2.10 -> 203.0.113.1..8 (policy steady), no sequence
RATE 0 = as fast as the socket takes them. Writes {"sent": N, "seconds": T}.
"""
import argparse
import json
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from frames import ipv4_udp, mac  # noqa: E402


def a6(s):
    return socket.inet_pton(socket.AF_INET6, s)


def v4_udp(dst, plen=32):
    return ipv4_udp(dst, plen, sport=40001) + bytes(plen)


def hl1(i):
    segs = [a6("2001:db8:5::e"), a6("2001:db8:1::e")]   # Segment List[0] = last
    udp = struct.pack("!HHHH", 40000 + i, 9, 8 + 16, 0) + bytes(16)
    inner = struct.pack("!IHBB", 6 << 28, len(udp), 17, 64) + a6("2001:db8:aa::1") + \
        a6("2001:db8:f::5") + udp
    srh = struct.pack("!BBBBBBH", 41, 4, 4, 1, 1, 0, 0) + b"".join(segs)
    pay = srh + inner
    return struct.pack("!IHBB", 6 << 28, len(pay), 43, 1) + a6("2001:db8:a::10") + \
        a6("2001:db8:1::e") + pay


def frames(kind, src, dst):
    out = []
    for i in range(8):
        if kind == "hl1":
            out.append(dst + src + b"\x86\xdd" + hl1(i))
        elif kind == "dead":
            out.append(dst + src + b"\x08\x00" + v4_udp("198.51.100.%d" % (i + 1)))
        elif kind == "good":
            out.append(dst + src + b"\x08\x00" + v4_udp("203.0.113.%d" % (i + 1)))
        else:
            raise SystemExit("unknown kind " + kind)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--iface", required=True)
    p.add_argument("--kind", required=True)
    p.add_argument("--src-mac", required=True)
    p.add_argument("--dst-mac", required=True)
    p.add_argument("--rate", type=int, default=0)
    p.add_argument("--count", type=int, default=0)
    p.add_argument("--seconds", type=float, default=0)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    fr = frames(a.kind, mac(a.src_mac), mac(a.dst_mac))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    sent = 0
    t0 = time.monotonic()
    end = t0 + a.seconds if a.seconds else None
    slice_ = 0.001
    while True:
        if a.count and sent >= a.count:
            break
        now = time.monotonic()
        if end is not None and now >= end:
            break
        if a.rate:
            due = int((now - t0) * a.rate) - sent
            if due <= 0:
                time.sleep(slice_)
                continue
        else:
            due = 64
        if a.count:
            due = min(due, a.count - sent)
        for _ in range(due):
            try:
                s.send(fr[sent % len(fr)])
            except BlockingIOError:
                time.sleep(0.0005)
                continue
            except OSError:
                time.sleep(0.0005)      # ENOBUFS on a busy veth: retry later
                continue
            sent += 1
    dt = time.monotonic() - t0
    with open(a.out, "w") as f:
        json.dump({"sent": sent, "seconds": dt}, f)


if __name__ == "__main__":
    main()
