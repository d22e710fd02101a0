#!/usr/bin/python3
"""Seed corpora for the fuzz targets, made fresh from the repository's files.

  seeds.py rx DIR      one file per frame of pcaps/golden/*-in-{edge,core}.pcap
                       and pcaps/demo-in.pcap: a flags byte (bit 0 = ingress
                       port: 0 edge, 1 core) then the frame (fuzz_rx.c)
  seeds.py config DIR  every file of conf/ and test/config/{good,bad}/

Standard library only (a classic pcap reader of a few lines).
"""
import glob
import hashlib
import os
import shutil
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def frames(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = data[:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    off = 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(endian + "IIII", data[off:off + 16])
        off += 16
        yield data[off:off + incl]
        off += incl


def put(d, blob):
    with open(os.path.join(d, hashlib.sha1(blob).hexdigest()[:16]), "wb") as f:
        f.write(blob)


def main():
    kind, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    n = 0
    if kind == "rx":
        pcaps = sorted(glob.glob(os.path.join(ROOT, "pcaps/golden/*-in-*.pcap")))
        pcaps.append(os.path.join(ROOT, "pcaps/demo-in.pcap"))
        for p in pcaps:
            port = 1 if p.endswith("-in-core.pcap") else 0
            for fr in frames(p):
                put(out, bytes([port]) + fr)
                n += 1
    elif kind == "config":
        files = glob.glob(os.path.join(ROOT, "conf/**/*.conf"), recursive=True)
        files += glob.glob(os.path.join(ROOT, "test/config/*/*"))
        for p in sorted(files):
            shutil.copy(p, os.path.join(out, os.path.basename(p)))
            n += 1
    else:
        sys.exit("usage: seeds.py rx|config DIR")
    print("%d seeds" % n)


if __name__ == "__main__":
    main()
