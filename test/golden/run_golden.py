#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""Run the golden pcap cases (pcaps/golden/cases.json) against srv6gw.

    /usr/bin/python3 test/golden/run_golden.py --binary build/srv6gw [--case NAME ...]
                                              [--keep] [-j 2] [-v]
    /usr/bin/python3 test/golden/run_golden.py --check-corpus

For each case srv6gw runs once with the two pcap vdevs (edge = net_pcap0,
core = net_pcap1) fed from the case's input pcaps; then every packet that
came out of each port is compared with the expected pcap on raw bytes
(timestamps ignored), and the counters in stats.json with expect_counters.

Comparison rules (see test/golden/README.md):
  * packets in order per port (unless the case is "unordered");
  * an output frame of exactly 60 bytes may carry zero Ethernet padding after
    a shorter expected frame (NIC-style minimum frame padding);
  * flowlabel_packets: the outer IPv6 flow label of those packets is compared
    loosely: it must be non-zero and equal for packets of the same inner flow
    (addresses, protocol, ports; an IPv4 fragment: its datagram);
  * ecmp: the outer DA / SRH segment list of those packets may be any of the
    listed lists; one flow must always use the same list, and every list
    must be used;
  * expect_counters: exact values; every drop counter not listed must be 0.

Prints "ok NAME" or "FAIL NAME: reason" (details indented below), then
"N passed, N failed"; exits 1 if any case failed.
"""

import argparse
import json
import os
import signal
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PCAP_DIR = REPO / "pcaps" / "golden"
CONF = REPO / "conf" / "test" / "golden.conf"
PORTS = ("edge", "core")          # net_pcap0, net_pcap1


# ---------------------------------------------------------------- pcap

def read_pcap(path):
    """Frames of a classic pcap file (either byte order, us or ns)."""
    data = Path(path).read_bytes()
    if len(data) < 24:
        raise ValueError(f"{path}: not a pcap file ({len(data)} bytes)")
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        raise ValueError(f"{path}: unknown pcap magic {magic.hex()} (pcapng is not supported)")
    off, frames = 24, []
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(e + "IIII", data[off:off + 16])
        frames.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return frames


# ---------------------------------------------------------------- packet helpers

def ext_walk(ip6):
    """(upper-layer protocol, offset, fragmented) of an IPv6 packet."""
    nh, off, frag = ip6[6], 40, False
    for _ in range(16):
        if nh not in (0, 43, 60, 44, 51) or off + 8 > len(ip6):
            break
        if nh == 44:
            frag = True
            nh, off = ip6[off], off + 8
        elif nh == 51:
            nh, off = ip6[off], off + 4 * (ip6[off + 1] + 2)
        else:
            nh, off = ip6[off], off + 8 * (ip6[off + 1] + 1)
    return nh, off, frag


def inner_of(frame):
    """The packet carried inside an SRv6/IP-in-IPv6 outer header, or None."""
    if len(frame) < 54 or frame[12:14] != b"\x86\xdd":
        return None
    nh, off, _ = ext_walk(frame[14:])
    if nh in (4, 41):
        return frame[14 + off:]
    return None


def flow_key(inner):
    """Inner flow identity: addresses, protocol, ports (TCP/UDP/SCTP); for an
    IPv4 fragment the datagram's identification instead of the ports."""
    if not inner:
        return None
    if inner[0] >> 4 == 4 and len(inner) >= 20:
        ihl = (inner[0] & 0xF) * 4
        proto = inner[9]
        frag = struct.unpack("!H", inner[6:8])[0] & 0x3FFF
        if frag:
            # a fragment has no ports: what must share a label is the
            # datagram (RFC 791 identification). A datagram srv6gw fragments
            # itself was hashed whole, with its ports (RFC 6438 §3), so
            # fragments of different datagrams of one 3-tuple may differ.
            return ("v4", inner[12:16].hex(), inner[16:20].hex(), proto,
                    "id:" + inner[4:6].hex())
        ports = inner[ihl:ihl + 4] if proto in (6, 17, 132) else b""
        return ("v4", inner[12:16].hex(), inner[16:20].hex(), proto, ports.hex())
    if inner[0] >> 4 == 6 and len(inner) >= 40:
        nh, off, frag = ext_walk(inner)
        ports = inner[off:off + 4] if nh in (6, 17, 132) and not frag else b""
        return ("v6", inner[8:24].hex(), inner[24:40].hex(), nh, ports.hex())
    return None


def flowlabel(frame):
    return struct.unpack("!I", frame[14:18])[0] & 0xFFFFF


def clear_flowlabel(frame):
    b = bytearray(frame)
    b[15] &= 0xF0
    b[16] = 0
    b[17] = 0
    return bytes(b)


def a6(s):
    import socket
    return socket.inet_pton(socket.AF_INET6, s)


def srv6_list(frame):
    """(outer DA, [Segment List[0..LE]]) of an encapsulated frame, as raw
    16-byte strings; the list is empty without an SRH. None if not IPv6."""
    if len(frame) < 54 or frame[12:14] != b"\x86\xdd":
        return None
    da = frame[38:54]
    if frame[20] != 43 or len(frame) < 62:
        return (da, [])
    le = frame[58]
    segs = [frame[62 + 16 * i: 78 + 16 * i] for i in range(le + 1)]
    return (da, segs)


def patch_list(frame, da, segs):
    b = bytearray(frame)
    b[38:54] = da
    for i, sg in enumerate(segs):
        b[62 + 16 * i: 78 + 16 * i] = sg
    return bytes(b)


def show(frame):
    try:
        import logging
        logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
        from scapy.all import Ether
        return Ether(frame).show(dump=True)
    except Exception as e:  # scapy missing or the frame breaks it
        return f"(scapy could not decode: {e})\n" + frame.hex()


def field_diff(exp, act, limit=8):
    """Fields that differ, layer by layer, as decoded by scapy."""
    try:
        import logging
        logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
        from scapy.all import Ether
        from scapy.packet import NoPayload
        le, la = Ether(exp), Ether(act)
    except Exception:
        return []
    out, depth = [], 0
    while not isinstance(le, NoPayload) and not isinstance(la, NoPayload) and len(out) < limit:
        if type(le) is not type(la):
            out.append(f"layer {depth}: expected {le.__class__.__name__}, got {la.__class__.__name__}")
            break
        for f in le.fields_desc:
            try:
                ve, va = le.getfieldval(f.name), la.getfieldval(f.name)
                if ve != va:
                    out.append(f"{le.__class__.__name__}.{f.name}: expected {f.i2repr(le, ve)}, "
                               f"got {f.i2repr(la, va)}")
            except Exception:
                continue
        le, la, depth = le.payload, la.payload, depth + 1
    return ["  differing fields: " + "; ".join(out[:limit])] if out else []


def describe_diff(exp, act, ctx=8):
    n = min(len(exp), len(act))
    first = next((i for i in range(n) if exp[i] != act[i]), n)
    lines = [f"first differing byte at offset {first} (frame lengths: expected {len(exp)}, got {len(act)})"]
    lo = max(0, first - ctx)
    lines.append(f"  expected[{lo}:]: {exp[lo:first + ctx].hex(' ')}")
    lines.append(f"  got     [{lo}:]: {act[lo:first + ctx].hex(' ')}")
    lines += field_diff(exp, act)
    return first, lines


# ---------------------------------------------------------------- comparison

class Result:
    def __init__(self):
        self.reasons = []     # short reasons (first one goes on the FAIL line)
        self.details = []

    def fail(self, reason, details=()):
        self.reasons.append(reason)
        self.details.extend(details)


def normalise(exp, act):
    """Allow zero Ethernet padding up to the 60-byte minimum frame."""
    if len(act) == 60 and len(exp) < 60 and act[len(exp):] == b"\0" * (60 - len(exp)):
        return act[:len(exp)]
    return act


def match_one(case, port, idx, exp, act, ecmp_lists, notes):
    """Compare one expected frame with one actual frame under the case's
    masks. Returns (equal, normalised expected, normalised actual)."""
    act = normalise(exp, act)
    flp = case.get("flowlabel_packets", {}).get(port, [])
    masked = case.get("mask_flowlabel") and idx in flp
    ecmp = case.get("ecmp")
    if masked and ecmp and ecmp.get("port") == port and ecmp_lists:
        got = srv6_list(act)
        if got is not None:
            da, segs = got
            for li, lst in enumerate(ecmp_lists):
                want_da = lst[0]
                want_segs = list(reversed(lst))
                if da == want_da and segs == want_segs:
                    exp = patch_list(exp, da, segs)
                    notes["ecmp"] = li
                    break
    if masked:
        if len(act) >= 18 and act[12:14] == b"\x86\xdd":
            notes["flowlabel"] = flowlabel(act)
            act = clear_flowlabel(act)
        exp = clear_flowlabel(exp)
    return exp == act, exp, act


def compare_port(case, port, expected, actual, res, flows, ecmp_use):
    ecmp = case.get("ecmp")
    ecmp_lists = None
    if ecmp:
        ecmp_lists = [[a6(s) for s in lst] for lst in ecmp["lists"]]

    def record(notes, act):
        key = flow_key(inner_of(act))
        if "flowlabel" in notes:
            if notes["flowlabel"] == 0:
                res.fail(f"{port}: outer flow label is 0", [f"  {port} packet: flow label must be non-zero (RFC 8754 §5.5)"])
            flows.setdefault(key, set()).add(notes["flowlabel"])
        if "ecmp" in notes:
            ecmp_use.setdefault(key, set()).add(notes["ecmp"])

    if case.get("unordered"):
        used = [False] * len(actual)
        for i, e in enumerate(expected):
            for j, a in enumerate(actual):
                if used[j]:
                    continue
                notes = {}
                ok, _, _ = match_one(case, port, i, e, a, ecmp_lists, notes)
                if ok:
                    used[j] = True
                    record(notes, a)
                    break
            else:
                res.fail(f"{port}: expected packet #{i} not found in the output",
                         [f"--- {port}: expected #{i} (no match among {len(actual)} outputs):", show(e)])
        for j, a in enumerate(actual):
            if not used[j]:
                res.fail(f"{port}: unexpected packet #{j}", [f"--- {port}: unexpected output #{j}:", show(a)])
        return

    if len(expected) != len(actual):
        res.fail(f"{port}: {len(actual)} packets out, expected {len(expected)}")
    for i in range(max(len(expected), len(actual))):
        if i >= len(actual):
            res.details += [f"--- {port}: missing packet #{i}, expected:", show(expected[i])]
            continue
        if i >= len(expected):
            res.details += [f"--- {port}: extra packet #{i}:", show(actual[i])]
            continue
        notes = {}
        ok, e, a = match_one(case, port, i, expected[i], actual[i], ecmp_lists, notes)
        if ok:
            record(notes, actual[i])
            continue
        first, lines = describe_diff(e, a)
        res.fail(f"{port}: packet #{i} differs at byte {first}",
                 [f"--- {port} packet #{i}: " + lines[0]] + lines[1:] +
                 (["  (flow label ignored: loose check)"] if "flowlabel" in notes else []) +
                 ["  expected:", show(e), "  got:", show(a)])


def check_counters(case, stats, res):
    exp = case.get("expect_counters", {})
    for key, want in sorted(exp.items()):
        section, _, name = key.partition(".")
        sec = stats.get(section)
        if not isinstance(sec, dict):
            res.fail(f"stats.json has no '{section}' object")
            continue
        if name not in sec:
            res.fail(f"counter {key} missing from stats.json")
            continue
        if sec[name] != want:
            res.fail(f"counter {key} = {sec[name]}, expected {want}")
    drops = stats.get("drops")
    if isinstance(drops, dict) and case.get("strict_drops", True):
        for name, val in sorted(drops.items()):
            if f"drops.{name}" not in exp and isinstance(val, int) and val != 0:
                res.fail(f"unexpected drop counter drops.{name} = {val}")


def srv6gw_cmd(args, inp, out, stats, idx):
    return [str(args.binary), "--no-huge", "-m", str(args.mem), "--no-pci", args.mem_flag,
            "--file-prefix", f"golden{os.getpid()}_{idx}", "-l", "0,1", "--log-level=lib.eal:error",
            f"--vdev=net_pcap0,rx_pcap={inp['edge']},tx_pcap={out['edge']}",
            f"--vdev=net_pcap1,rx_pcap={inp['core']},tx_pcap={out['core']}",
            "--", "-c", str(args.conf), "--idle-exit", "300", "--stats-file", str(stats),
            "--ctl-socket", str(stats) + ".sock"]


# DPDK 22.11 (Debian 12) turns --no-huge into legacy memory mode and then
# refuses --in-memory; --no-shconf gives the same isolation there.
IN_MEMORY_REFUSED = "not compatible with --in-memory"


def run_srv6gw(args, cmd, tmp):
    """Run once; returns (exit status or None on timeout, log text)."""
    log = tmp / "srv6gw.log"
    (tmp / "cmd.txt").write_text(" ".join(cmd) + "\n")
    with open(log, "wb") as lf:
        proc = subprocess.Popen(cmd, stdout=lf, stderr=subprocess.STDOUT, cwd=REPO,
                                start_new_session=True, stdin=subprocess.DEVNULL)
        try:
            rc = proc.wait(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            rc = None
    return rc, log.read_text(errors="replace")


def run_case(args, case, idx):
    res = Result()
    tmp = Path(tempfile.mkdtemp(prefix=f"golden-{case['name']}-"))
    out = {p: tmp / f"out-{p}.pcap" for p in PORTS}
    stats = tmp / "stats.json"
    inp = {p: (args.dir / case["inputs"][p]).resolve() for p in PORTS}
    try:
        rc, text = run_srv6gw(args, srv6gw_cmd(args, inp, out, stats, idx), tmp)
        if rc not in (0, None) and IN_MEMORY_REFUSED in text and args.mem_flag == "--in-memory":
            args.mem_flag = "--no-shconf"
            print("run_golden: this DPDK refuses --in-memory with --no-huge; "
                  "using --no-shconf instead", file=sys.stderr)
        if IN_MEMORY_REFUSED in text:
            for f in list(out.values()) + [stats]:
                f.unlink(missing_ok=True)
            rc, text = run_srv6gw(args, srv6gw_cmd(args, inp, out, stats, idx), tmp)
    except OSError as e:
        res.fail(f"cannot run {args.binary}: {e}")
        return res, tmp
    finally:
        # EAL runtime dir of this run's file prefix (only ours, by name)
        for base in ("/var/run/dpdk", os.path.join(os.environ.get("XDG_RUNTIME_DIR", "/nonexistent"), "dpdk")):
            shutil.rmtree(os.path.join(base, f"golden{os.getpid()}_{idx}"), ignore_errors=True)
    tail = text.splitlines()[-15:]
    if rc is None:
        res.fail(f"timeout after {args.timeout} s", ["  srv6gw log tail:"] + ["    " + l for l in tail])
    elif rc != 0:
        res.fail(f"srv6gw exited with status {rc}", ["  srv6gw log tail:"] + ["    " + l for l in tail])

    flows, ecmp_use = {}, {}
    for p in PORTS:
        expected = read_pcap(args.dir / case["expected"][p])
        if not out[p].exists():
            if rc is not None:
                res.fail(f"{p}: no output pcap written")
            continue
        try:
            actual = read_pcap(out[p])
        except ValueError as e:
            res.fail(str(e))
            continue
        compare_port(case, p, expected, actual, res, flows, ecmp_use)

    for key, labels in flows.items():
        if len(labels) > 1:
            res.fail("packets of one inner flow carry different flow labels",
                     [f"  flow {key}: labels {sorted(hex(l) for l in labels)}"])
    if case.get("ecmp"):
        for key, lists in ecmp_use.items():
            if len(lists) > 1:
                res.fail("one flow used several ECMP segment lists", [f"  flow {key}: lists {sorted(lists)}"])
        used = set().union(*ecmp_use.values()) if ecmp_use else set()
        if len(ecmp_use) > 1 and used != set(range(len(case["ecmp"]["lists"]))):
            res.fail(f"ECMP: only segment list(s) {sorted(used)} used by {len(ecmp_use)} flows")

    if stats.exists():
        try:
            check_counters(case, json.loads(stats.read_text()), res)
        except json.JSONDecodeError as e:
            res.fail(f"stats.json is not JSON: {e}")
    elif rc is not None:
        res.fail("no stats.json written")
    return res, tmp


def check_corpus(args, cases):
    """Without a binary: every file named by cases.json exists and parses."""
    bad = 0
    for c in cases:
        for kind in ("inputs", "expected"):
            for p in PORTS:
                try:
                    read_pcap(args.dir / c[kind][p])
                except (OSError, ValueError, KeyError) as e:
                    print(f"FAIL {c.get('name')}: {e}")
                    bad += 1
        if c.get("mask_flowlabel") and "flowlabel_packets" not in c:
            print(f"FAIL {c['name']}: mask_flowlabel without flowlabel_packets")
            bad += 1
    print(f"{len(cases) - bad} passed, {bad} failed")
    return 1 if bad else 0


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # quiet when piped into head
    ap = argparse.ArgumentParser(description="Golden pcap tests for srv6gw.")
    ap.add_argument("--binary", help="srv6gw binary (e.g. build/srv6gw)")
    ap.add_argument("--case", action="append", default=[], help="run only this case (repeatable)")
    ap.add_argument("--keep", action="store_true", help="keep each case's temp dir (outputs, stats, log)")
    ap.add_argument("-j", "--jobs", type=int, default=1, help="cases run in parallel (default 1)")
    ap.add_argument("--timeout", type=float, default=30, help="seconds per srv6gw run (default 30)")
    ap.add_argument("--conf", default=str(CONF), help="config file (default conf/test/golden.conf)")
    ap.add_argument("--dir", default=str(PCAP_DIR), help="golden pcap directory (default pcaps/golden)")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    ap.add_argument("--check-corpus", action="store_true", help="only check that the corpus files parse")
    ap.add_argument("-m", "--mem", type=int, default=1024, help="EAL memory in MB (default 1024)")
    ap.add_argument("--no-in-memory", action="store_true",
                    help="pass --no-shconf instead of --in-memory to the EAL (automatic when DPDK refuses it)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the temp dir of every case")
    args = ap.parse_args()
    args.dir = Path(args.dir).resolve()
    args.conf = Path(args.conf).resolve()

    doc = json.loads((args.dir / "cases.json").read_text())
    cases = doc["cases"]
    if args.case:
        names = {c["name"] for c in cases}
        unknown = [n for n in args.case if n not in names]
        if unknown:
            sys.exit(f"run_golden: unknown case(s): {', '.join(unknown)}")
        cases = [c for c in cases if c["name"] in args.case]
    if args.list:
        for c in cases:
            print(f"{c['name']:28} {c['description'][:100]}")
        return 0
    if args.check_corpus:
        return check_corpus(args, cases)
    if not args.binary:
        ap.error("--binary is required")
    args.binary = Path(args.binary).resolve()
    args.mem_flag = "--no-shconf" if args.no_in_memory else "--in-memory"
    if not args.binary.exists():
        print(f"run_golden: {args.binary} does not exist (build srv6gw first)")
        print(f"0 passed, {len(cases)} failed")
        return 1

    lock = threading.Lock()
    outcome = {}

    def one(ic):
        idx, c = ic
        res, tmp = run_case(args, c, idx)
        ok = not res.reasons
        with lock:
            if ok:
                print(f"ok {c['name']}" + (f"  ({tmp})" if args.keep or args.verbose else ""))
            else:
                reasons = list(dict.fromkeys(res.reasons))   # unique, in order
                more = f" (+{len(reasons) - 1} more)" if len(reasons) > 1 else ""
                print(f"FAIL {c['name']}: {reasons[0]}{more}")
                for r in reasons[1:]:
                    print(f"    also: {r}")
                for d in res.details:
                    for line in str(d).rstrip("\n").split("\n"):
                        print("    " + line)
                if args.keep:
                    print(f"    kept: {tmp}")
            sys.stdout.flush()
            outcome[c["name"]] = ok
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        list(ex.map(one, enumerate(cases)))
    passed = sum(1 for v in outcome.values() if v)
    failed = len(outcome) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
