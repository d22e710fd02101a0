"""Frame-building helpers shared by the AF_PACKET senders of the namespace
tests, test/reload/traffic.py and test/fault/blast.py (standard library only)."""
import socket
import struct


def mac(s):
    """"02:00:00:0a:00:01" -> 6 bytes."""
    return bytes(int(x, 16) for x in s.split(":"))


def csum(data):
    """The Internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def ipv4_udp(dst, plen, sport=40000, src="192.0.2.10"):
    """IPv4 (DF, TTL 64, header checksum valid) + UDP headers (port sport -> 9,
    checksum 0: none) for a payload of plen bytes, which the caller appends."""
    total = 20 + 8 + plen
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, 0, 0x4000, 64, 17, 0,
                      socket.inet_aton(src), socket.inet_aton(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + struct.pack("!HHHH", sport, 9, 8 + plen, 0)
