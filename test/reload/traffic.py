#!/usr/bin/python3
"""Paced sender and counting receiver for the hitless-reload test (README.md).

  traffic.py send --iface IF --src-mac M --dst-mac M --rate PPS --stop FILE --out FILE
  traffic.py recv --iface IF --stop FILE --ready FILE --out FILE
                  --eth-src M --eth-dst M --outer-src A --segments A,B,...

Both use AF_PACKET raw sockets (standard library only; scapy is not needed).
Frames carry MAGIC and a 64-bit sequence number in the UDP payload, so the
receiver counts each packet once, finds duplicates and lists gaps.

send: IPv4/UDP 192.0.2.10 -> 203.0.113.1..8 (8 flows), RATE packets per
second in 1 ms slices, until FILE --stop exists; writes {"sent": N, ...}.
recv: counts frames that carry MAGIC; each must be exactly the H.Encaps of the
sent packet (outer Ethernet, IPv6 with an SRH listing SEGMENTS, the IPv4 packet
unchanged but its TTL); stops once --stop exists and nothing arrived for 1.5 s.
"""
import argparse
import ipaddress
import json
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from frames import csum, ipv4_udp, mac  # noqa: E402

MAGIC = b"SRv6RLD1"
PAYLOAD_PAD = 16
ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_STATISTICS = 6
SO_RCVBUFFORCE = 33
N_FLOWS = 8
MAX_SEQ = 4_000_000


def inner(flow, seq):
    payload = MAGIC + struct.pack("!Q", seq) + b"\0" * PAYLOAD_PAD
    return ipv4_udp("203.0.113.%d" % (1 + flow), len(payload)) + payload


def cmd_send(a):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((a.iface, 0))
    eth = mac(a.dst_mac) + mac(a.src_mac) + b"\x08\x00"
    plen = len(MAGIC) + 8 + PAYLOAD_PAD
    heads = [eth + ipv4_udp("203.0.113.%d" % (1 + f), plen) for f in range(N_FLOWS)]
    tail = b"\0" * PAYLOAD_PAD
    sent = errors = 0
    t0 = time.monotonic()
    last_check = 0.0
    while sent < MAX_SEQ:
        now = time.monotonic()
        if now - last_check > 0.05:
            last_check = now
            if os.path.exists(a.stop) or now - t0 > a.max_seconds:
                break
        target = min(int((now - t0) * a.rate), MAX_SEQ)
        while sent < target:
            frame = heads[sent % N_FLOWS] + MAGIC + struct.pack("!Q", sent) + tail
            try:
                s.send(frame)
            except OSError:     # ENOBUFS: try the same packet again
                errors += 1
                time.sleep(0.0005)
                continue
            sent += 1
        time.sleep(0.001)
    dt = time.monotonic() - t0
    with open(a.out + ".tmp", "w") as f:
        json.dump({"sent": sent, "seconds": round(dt, 3), "pps": round(sent / dt if dt else 0),
                   "send_retries": errors}, f)
    os.rename(a.out + ".tmp", a.out)


def cmd_recv(a):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    try:
        s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 256 << 20)
    except OSError:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 256 << 20)
    s.bind((a.iface, 0))
    s.settimeout(0.2)
    segs = [ipaddress.IPv6Address(x).packed for x in a.segments.split(",")]
    n = len(segs)
    # what H.Encaps must produce (RFC 8986 5.1), field by field
    exp_eth = mac(a.eth_dst) + mac(a.eth_src) + b"\x86\xdd"
    exp_src = ipaddress.IPv6Address(a.outer_src).packed
    exp_srh = bytes([4, 2 * n, 4, n - 1, n - 1, 0, 0, 0]) + b"".join(reversed(segs))
    off_inner = 14 + 40 + len(exp_srh)
    seen = bytearray(MAX_SEQ)
    st = {"matched": 0, "duplicates": 0, "bad_encap": 0, "other_frames": 0, "bad_examples": []}
    open(a.ready, "w").close()
    last = time.monotonic()
    t0 = last
    buf = bytearray(4096)
    view = memoryview(buf)
    while True:
        try:
            ln = s.recv_into(buf)
        except socket.timeout:
            now = time.monotonic()
            if os.path.exists(a.stop) and now - last > 1.5 or now - t0 > a.max_seconds:
                break
            continue
        last = time.monotonic()
        fr = bytes(view[:ln])
        i = fr.find(MAGIC)
        if i < 0:
            st["other_frames"] += 1
            continue
        seq = struct.unpack_from("!Q", fr, i + len(MAGIC))[0]
        why = None
        if fr[:14] != exp_eth:
            why = "ethernet header %s" % fr[:14].hex()
        elif fr[14] >> 4 != 6 or fr[20] != 43 or fr[21] != 64:
            why = "IPv6 version/next header/hop limit %d/%d/%d" % (fr[14] >> 4, fr[20], fr[21])
        elif fr[22:38] != exp_src or fr[38:54] != segs[0]:
            why = "outer addresses %s -> %s" % (ipaddress.IPv6Address(fr[22:38]),
                                                ipaddress.IPv6Address(fr[38:54]))
        elif fr[54:54 + len(exp_srh)] != exp_srh:
            why = "SRH %s" % fr[54:54 + len(exp_srh)].hex()
        elif struct.unpack_from("!H", fr, 18)[0] != ln - 54:
            why = "payload length %d for %d bytes" % (struct.unpack_from("!H", fr, 18)[0], ln - 54)
        else:
            want = inner(seq % N_FLOWS, seq)
            got = fr[off_inner:]
            # the inner TTL may be decremented (with the header checksum updated)
            if len(got) != len(want) or got[:8] != want[:8] or got[9:10] != want[9:10] or \
                    got[12:] != want[12:] or csum(got[:20]) != 0:
                why = "inner packet %s" % got[:40].hex()
        if why:
            st["bad_encap"] += 1
            if len(st["bad_examples"]) < 3:
                st["bad_examples"].append("seq %d: %s" % (seq, why))
            continue
        if seq >= MAX_SEQ:
            continue
        if seen[seq]:
            st["duplicates"] += 1
        else:
            seen[seq] = 1
            st["matched"] += 1
    try:
        raw = s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8)
        st["socket_packets"], st["socket_drops"] = struct.unpack("II", raw)
    except OSError:
        pass
    if a.sent_file and os.path.exists(a.sent_file):
        sent = json.load(open(a.sent_file))["sent"]
        missing = [i for i in range(sent) if not seen[i]]
        st["missing"] = len(missing)
        st["missing_examples"] = missing[:10]
        st["beyond_sent"] = sum(seen[sent:sent + 1000])
    with open(a.out + ".tmp", "w") as f:
        json.dump(st, f)
    os.rename(a.out + ".tmp", a.out)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("send")
    s.add_argument("--iface", required=True)
    s.add_argument("--src-mac", required=True)
    s.add_argument("--dst-mac", required=True)
    s.add_argument("--rate", type=int, default=5000)
    s.add_argument("--stop", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--max-seconds", type=float, default=240)
    r = sub.add_parser("recv")
    r.add_argument("--iface", required=True)
    r.add_argument("--stop", required=True)
    r.add_argument("--ready", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--sent-file")
    r.add_argument("--eth-src", required=True)
    r.add_argument("--eth-dst", required=True)
    r.add_argument("--outer-src", required=True)
    r.add_argument("--segments", required=True)
    r.add_argument("--max-seconds", type=float, default=300)
    a = p.parse_args()
    if a.cmd == "send":
        cmd_send(a)
    else:
        cmd_recv(a)


if __name__ == "__main__":
    sys.exit(main())
