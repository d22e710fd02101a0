#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""Generate the golden pcap test corpus (pcaps/golden/) and the demo pcaps.

Every expected packet is computed here, from the RFC rules (RFC 8200, 8754,
8986, 9800, 4443, 792, 791, 1812, 6040, 4861, 826) and the written rules in
docs/dataplane.md, applied to the configuration in conf/test/golden.conf.
Compressed SIDs (RFC 9800) follow the pseudocode in /work/notes/rfc9800.md and
shared/reference/srv6-rules.md §1.6, checked against the worked examples of
draft-clad-spring-srv6-srh-compression-illus ([ILL]) by asserts.
Nothing is ever recorded from srv6gw's output.

Packets are built byte by byte (struct), with the generator's own checksum
code; the self-check at the end re-parses every frame with scapy and compares
scapy's checksums and lengths with ours, so the two implementations check
each other.

The output is deterministic: fixed payloads, fixed pcap timestamps, no
randomness. Run with Debian's python (scapy 2.5):

    /usr/bin/python3 scripts/gen_golden.py            # write + self-check
    /usr/bin/python3 scripts/gen_golden.py --check    # self-check only

Per case NAME it writes pcaps/golden/NAME-in-edge.pcap, NAME-in-core.pcap
(input per port; empty pcap when none), NAME-exp-edge.pcap, NAME-exp-core.pcap
(expected output per port, in order; empty when none) and one
pcaps/golden/cases.json. It also writes pcaps/demo-in.pcap (fed to the edge
port) and pcaps/demo-expected-edge.pcap / pcaps/demo-expected-core.pcap.

This file runs the generator; its code is in the package scripts/golden/,
one module per concern: config (golden.conf mirrored), packets (builders),
rules, csid (the RFC 9800 model), case (the Case class and H.Encaps), the
case families (routing, headend, endpoint, decap, checks, csid_*), demo, pcap
and selfcheck. build_cases() below fixes the order of the cases.
"""

import argparse
import json
import sys
from pathlib import Path

from golden.case import CASES
from golden.checks import build_receive_cases, build_suppression_cases
from golden.config import OUT_DIR, REPO, check_conf
from golden.csid_headend import build_csid_headend_cases
from golden.csid_more import build_csid_more_cases
from golden.csid_next import build_csid_next_cases
from golden.csid_replace import build_csid_replace_cases
from golden.decap import build_decap_cases
from golden.demo import build_demo
from golden.endpoint import build_binding_cases, build_end_cases, build_srh_cases
from golden.headend import build_headend_cases
from golden.pcap import read_pcap, write_pcap
from golden.routing import build_local_cases, build_routing_cases
from golden.selfcheck import selfcheck, tshark_check


def build_cases():
    """Every case, in the order of cases.json."""
    build_routing_cases()
    build_headend_cases()
    build_local_cases()
    build_end_cases()
    build_srh_cases()
    build_decap_cases()
    build_binding_cases()
    build_suppression_cases()
    build_receive_cases()
    build_csid_cases()
    build_demo()


def build_csid_cases():
    build_csid_next_cases()
    build_csid_replace_cases()
    build_csid_headend_cases()
    build_csid_more_cases()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only re-generate in memory and verify the files on disk")
    ap.add_argument("--out", default=str(OUT_DIR), help="output directory (default pcaps/golden)")
    ap.add_argument("--no-tshark", action="store_true", help="skip the tshark cross-check")
    args = ap.parse_args()
    outdir = Path(args.out)
    check_conf()
    build_cases()
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    for c in CASES:
        c.ev("rx_packets", len(c.inp["edge"]) + len(c.inp["core"]))
        c.ev("tx_packets", len(c.exp["edge"]) + len(c.exp["core"]))
    doc = {
        "generator": "scripts/gen_golden.py",
        "config": "conf/test/golden.conf",
        "note": "Expected packets are computed from the RFCs and docs/dataplane.md, never "
                "recorded from srv6gw. Regenerate with /usr/bin/python3 scripts/gen_golden.py.",
        "cases": [],
    }
    for c in CASES:
        e = {
            "name": c.name,
            "description": c.description,
            "rfc": c.rfc,
            "inputs": {p: f"{c.name}-in-{p}.pcap" for p in ("edge", "core")},
            "expected": {p: f"{c.name}-exp-{p}.pcap" for p in ("edge", "core")},
            "mask_flowlabel": bool(c.mask_flowlabel),
            "expect_counters": dict(sorted(c.counters.items())),
            "unordered": c.unordered,
        }
        if c.mask_flowlabel:
            e["flowlabel_packets"] = {p: c.fl_idx[p] for p in ("edge", "core")}
        if c.ecmp:
            e["ecmp"] = c.ecmp
        if c.decisions:
            e["decisions"] = c.decisions
        if c.bug:
            e["datapath_bug"] = c.bug
        doc["cases"].append(e)
    cases_json = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    problems = []
    if args.check:
        cj = outdir / "cases.json"
        if not cj.exists() or cj.read_text() != cases_json:
            problems.append("cases.json differs from what the generator produces")
    if not args.check:
        outdir.mkdir(parents=True, exist_ok=True)
        for old in outdir.glob("*.pcap"):
            old.unlink()
        for c in CASES:
            for port in ("edge", "core"):
                write_pcap(outdir / f"{c.name}-in-{port}.pcap", c.inp[port])
                write_pcap(outdir / f"{c.name}-exp-{port}.pcap", c.exp[port])
            if getattr(c, "demo", False) and outdir.resolve() == OUT_DIR.resolve():
                assert not c.inp["core"]
                write_pcap(REPO / "pcaps" / "demo-in.pcap", c.inp["edge"])
                write_pcap(REPO / "pcaps" / "demo-expected-edge.pcap", c.exp["edge"])
                write_pcap(REPO / "pcaps" / "demo-expected-core.pcap", c.exp["core"])
        (outdir / "cases.json").write_text(cases_json)
    n, more = selfcheck(CASES, outdir)
    problems += more
    if outdir.resolve() == OUT_DIR.resolve():
        demo = [c for c in CASES if getattr(c, "demo", False)][0]
        for fname, want in (("demo-in.pcap", demo.inp["edge"]), ("demo-expected-edge.pcap", demo.exp["edge"]),
                            ("demo-expected-core.pcap", demo.exp["core"])):
            f = REPO / "pcaps" / fname
            if not f.exists() or read_pcap(f) != want:
                problems.append(f"pcaps/{fname} differs from the demo case")
    if not args.no_tshark:
        problems += tshark_check(outdir, CASES)
    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(CASES)} cases, {n} frames checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
