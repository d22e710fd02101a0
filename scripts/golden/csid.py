# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""The compressed-SID model (RFC 9800): C-SID locators, source-node packing
(csid_pack, csid_encode), the NEXT-C-SID shift and REPLACE-C-SID processing."""

import ipaddress
import re

from .config import LOCATORS
from .packets import a6, s6, v6_dst
from .rules import srh_off, srh_pop


# ---------------------------------------------------------------------------
# Compressed SIDs (RFC 9800), written from the RFC text (/work/notes/rfc9800.md
# pseudocode; shared/reference/srv6-rules.md §1.6). Bit 0 is the most
# significant bit of an address; slot i of a REPLACE-C-SID entry is bits
# [i*LNFL..(i+1)*LNFL-1].
# ---------------------------------------------------------------------------

def u128(addr):
    return int.from_bytes(a6(addr), "big")


def a128(v):
    return s6(v.to_bytes(16, "big"))


def structure(st):
    """(LBL, LNL, FL, AL) of a structure as written in golden.conf."""
    if isinstance(st, str):
        m = re.fullmatch(r"F(\d\d)(\d\d)", st)
        b, c = int(m.group(1)), int(m.group(2))
        return (b, c, 0, 128 - b - c)
    return st


def csid_locator(addr):
    """(LBL, LNFL, flavour) of the C-SID locator, local or remote, that holds
    addr; None outside every C-SID locator."""
    ip = ipaddress.ip_address(addr)
    for prefix, st, fl, _ in LOCATORS.values():
        if st is not None and ip in ipaddress.ip_network(prefix):
            lbl, lnl, fn, _ = structure(st)
            return (lbl, lnl + fn, fl)
    return None


def is_csid(v, lbl, lnfl):
    """Block + a non-zero C-SID and nothing after it (RFC 9800 §4.1: C-SID 0
    is reserved)."""
    return (v & ((1 << (128 - lbl - lnfl)) - 1)) == 0 and (v >> (128 - lbl - lnfl)) & ((1 << lnfl) - 1) != 0


def slot_get(e, i, lnfl):
    return (e >> (128 - (i + 1) * lnfl)) & ((1 << lnfl) - 1)


def slot_set(e, i, lnfl, c):
    return e | (c << (128 - (i + 1) * lnfl))


def csid_pack(segs):
    """Segment list (travel order) -> (entries in travel order, SIDs that went
    into C-SID entries). RFC 9800 §6.1 / §6.2 as described in the notes §4.1,
    §4.2:
    NEXT-C-SID: a container starts with a C-SID SID (block + C-SID); the
    following SIDs of the same block and structure go into the most
    significant free argument bits while they fit; a SID whose bits after
    the block are longer than one C-SID (a node + function "uDT") may be
    the last one of a container if they fit.
    REPLACE-C-SID: the first SID of a run in full (index 0); the next C-SIDs
    packed 128/LNFL per entry, the first to be processed in the lowest-order
    slot (K-1), then K-2, ...; unused high-order slots zero."""
    out, ncomp, i = [], 0, 0
    while i < len(segs):
        st = csid_locator(segs[i])
        v = u128(segs[i])
        if st is None or not is_csid(v, st[0], st[1]):
            out.append(segs[i])
            i += 1
            continue
        lbl, lnfl, fl = st
        blk = v >> (128 - lbl)

        def same(j):
            return csid_locator(segs[j]) == st and u128(segs[j]) >> (128 - lbl) == blk

        if fl == "next-csid":
            c, pos, j = v, lbl + lnfl, i + 1
            while j < len(segs) and same(j):
                tail = u128(segs[j]) & ((1 << (128 - lbl)) - 1)
                if tail == 0:
                    break
                tz = (tail & -tail).bit_length() - 1          # trailing zero bits
                need = 128 - lbl - tz                          # significant bits after the block
                if need > 128 - pos:
                    break
                c |= tail >> (pos - lbl)
                j += 1
                if need > lnfl:                                # longer than one C-SID: last one
                    break
                pos += lnfl
            out.append(a128(c))
            ncomp += j - i
            i = j
            continue
        K = 128 // lnfl
        r = 1
        while i + r < len(segs) and same(i + r) and is_csid(u128(segs[i + r]), lbl, lnfl):
            r += 1
        assert not (r == 1 and i + 1 < len(segs)), "a lone REPLACE-C-SID SID must be last"
        # decision: a run followed by more SIDs must not end in a FULL entry
        # (the node at index 0 would read the next entry as C-SIDs, S20-S25):
        # its last two SIDs then form a run of their own
        if i + r < len(segs) and (r - 1) % K == 0:
            r -= 2
        out.append(segs[i])
        rest = segs[i + 1:i + r]
        for g in range(0, len(rest), K):
            e = 0
            for k, sid in enumerate(rest[g:g + K]):
                e = slot_set(e, K - 1 - k, lnfl, (u128(sid) >> (128 - lbl - lnfl)) & ((1 << lnfl) - 1))
            out.append(a128(e))
        ncomp += r
        i += r
    return out, ncomp


def csid_encode(segs, mode):
    """(entries, entries in the SRH): RFC 8754 §4.1/4.1.1 with entries in place
    of SIDs; a single container of several C-SIDs needs no SRH (RFC 9800 §6,
    notes §4.1), in encaps mode too (srv6gw's rule, decision)."""
    entries, ncomp = csid_pack(segs)
    n = len(entries)
    if n == 1 and ncomp > 1:
        return entries, 0
    return entries, (n if mode == "encaps" else n - 1)


def next_csid_shift(p, lbl, lnfl):
    """RFC 9800 §4.1.1 S05-S07: DA.Argument (bits [LBL+LNFL..127]) copied into
    bits [LBL..LBL+AL-1], bits [LBL+AL..127] zero, Hop Limit - 1. SL and the
    SRH untouched."""
    v = u128(v6_dst(p))
    al = 128 - lbl - lnfl
    arg = v & ((1 << al) - 1)
    assert arg != 0
    new = ((v >> (128 - lbl)) << (128 - lbl)) | (arg << lnfl)
    q = bytearray(p)
    q[24:40] = new.to_bytes(16, "big")
    q[7] -= 1
    return bytes(q)


def replace_csid(p, lbl, lnfl, psp=False):
    """RFC 9800 §4.2.1 S02-S29 (+ §4.2.7 PSP after S17 and S28) on packet p
    (IPv6 + SRH). Returns ("upper",), ("te",), ("pp", pointer) or ("fwd", q)."""
    K = 128 // lnfl
    ib = (K - 1).bit_length()                       # ceil(log2(128/LNFL))
    v = u128(v6_dst(p))
    idx = v & ((1 << ib) - 1)
    off, _ = srh_off(p)
    hel, sl, le = p[off + 1], p[off + 3], p[off + 4]

    def entry(i):
        return int.from_bytes(p[off + 8 + 16 * i:off + 24 + 16 * i], "big")

    def nothing_left(sl_, idx_):
        return sl_ == 0 and (idx_ == 0 or slot_get(entry(0), idx_ - 1, lnfl) == 0)

    if nothing_left(sl, idx):                                       # S02
        return ("upper",)
    if p[7] <= 1:                                                   # S05
        return ("te",)
    max_le = hel // 2 - 1                                           # S08
    q = bytearray(p)
    if idx != 0:
        if le > max_le or sl > le:                                  # S10
            return ("pp", off + 3)
        idx -= 1                                                    # S13
        if slot_get(entry(sl), idx, lnfl) == 0:                     # S14
            sl -= 1                                                 # S15
            q[off + 3] = sl
            q[7] -= 1                                               # S16
            q[24:40] = entry(sl).to_bytes(16, "big")                # S17
            q = bytes(q)
            return ("fwd", srh_pop(q) if psp and sl == 0 else q)
    else:
        if le > max_le or sl > le + 1:                              # S21
            return ("pp", off + 3)
        sl -= 1                                                     # S24
        idx = K - 1                                                 # S25
    q[off + 3] = sl
    q[7] -= 1                                                       # S27
    csid_mask = ((1 << lnfl) - 1) << (128 - lbl - lnfl)
    new = (v & ~csid_mask & ~((1 << ib) - 1)) | (slot_get(entry(sl), idx, lnfl) << (128 - lbl - lnfl)) | idx
    q[24:40] = new.to_bytes(16, "big")                              # S28
    q = bytes(q)
    if psp and nothing_left(sl, idx):                               # S28.1
        q = srh_pop(q)
    return ("fwd", q)
