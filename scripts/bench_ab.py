#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""A change's cost in memory, old build against new, on a host whose speed drifts.

    scripts/bench_ab.py [--rounds N] [--pcaps DIR] [--flows F] [--no-huge]
                        [--reference SCEN] OLD_BUILD NEW_BUILD SCENARIO...

Each process of OLD_BUILD/srv6gw-bench or NEW_BUILD/srv6gw-bench runs the
reference scenario (End unless --reference names another: it must be one
whose code the change does not touch), then each scenario followed by the
reference again (end, S1, end, S2, end, ...), and a scenario's figure is
its cycles_per_packet_fast over the mean of its two reference
neighbours', measured a second apart in the same process: the host's drift
between processes (up to 2x on the VMs of docs/performance.md) cancels, a
phase change inside one does not. The two builds alternate, N processes each
(old first in even rounds, new first in odd ones), and the medians are
compared. A scenario whose code did not change is the control: its change is
the method's noise. Not a timing test: it reports, it never fails on speed.

Prints a Markdown table; --jsonl FILE also writes one JSON line per
scenario ({"scenario", "old", "new", "change_pct", "old_cycles",
"new_cycles", "rounds", "reference"}; old/new: median cost over the
reference's). Exit status 2
for bad arguments (a build without srv6gw-bench, a missing capture), 1 when
a process fails or drops packets.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(msg, code=2):
    print(f"bench_ab: {msg}", file=sys.stderr)
    sys.exit(code)


def run_one(binary, pcaps, scen, flows, huge, ref):
    """One process: ref, S1, ref, S2, ...; the scenario / reference-neighbour ratios."""
    seq = [ref]
    for s in scen:
        seq += [s, ref]
    eal = ["-l", "0", "--no-pci", "--no-shconf", "--log-level=lib.*:error"]
    eal += ["-m", "512", "--huge-unlink"] if huge else ["--no-huge", "-m", "1024"]
    args = [binary] + eal + ["--", "-c", os.path.join(ROOT, "conf/bench.conf"), "--port", "in",
                             "--runs", "3", "--packets", "500000"]
    for s in seq:
        args += ["--pcap", os.path.join(pcaps, f"{s}-{flows}.pcap")]
    p = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    rows = [json.loads(l) for l in p.stdout.splitlines() if l.startswith('{"pcap"')]
    if p.returncode != 0 or len(rows) != len(seq):
        fail(f"{binary} exited {p.returncode} with {len(rows)} of {len(seq)} results:\n"
             + p.stderr[-2000:], 1)
    bad = [r["pcap"] for r in rows if r["drops"] != 0 or r["tx_ratio"] != 1]
    if bad:
        fail(f"{binary}: drops or packets not sent on {', '.join(bad)}", 1)
    v = [r["cycles_per_packet_fast"] for r in rows]
    out = {}
    for i, s in enumerate(scen):
        end = (v[2 * i] + v[2 * i + 2]) / 2
        out[s] = (v[2 * i + 1] / end if end > 0 else float("nan"), v[2 * i + 1])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=8, help="processes per build (default 8)")
    ap.add_argument("--pcaps", default=os.path.join(ROOT, "build/bench/pcaps"),
                    help="captures of scripts/gen_bench.py (default build/bench/pcaps)")
    ap.add_argument("--flows", type=int, default=1024, help="which captures (default 1024)")
    ap.add_argument("--no-huge", action="store_true",
                    help="EAL without hugepages (default: hugepages, as scripts/bench.sh)")
    ap.add_argument("--jsonl", help="also write the results as JSON lines to this file")
    ap.add_argument("--reference", default="end",
                    help="the scenario each is measured against (default end); one whose "
                         "code the change does not touch")
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("scenario", nargs="+")
    a = ap.parse_args()
    if a.rounds < 1:
        fail("--rounds must be at least 1")
    a.pcaps = os.path.abspath(a.pcaps)  # (the processes run from the top directory)
    bins = {}
    for tag, d in (("old", a.old), ("new", a.new)):
        b = os.path.join(os.path.abspath(d), "srv6gw-bench")
        if not os.access(b, os.X_OK):
            fail(f"{b}: no srv6gw-bench there (build it: ninja -C {d} srv6gw-bench)")
        bins[tag] = b
    for s in [a.reference] + a.scenario:
        f = os.path.join(a.pcaps, f"{s}-{a.flows}.pcap")
        if not os.path.isfile(f):
            fail(f"{f}: no such capture (scripts/gen_bench.py {a.pcaps} {a.flows})")
    res = {t: {s: [] for s in a.scenario} for t in bins}
    for r in range(a.rounds):
        for t in (("old", "new") if r % 2 == 0 else ("new", "old")):
            for s, x in run_one(bins[t], a.pcaps, a.scenario, a.flows, not a.no_huge,
                                a.reference).items():
                res[t][s].append(x)
    recs = []
    print(f"| scenario (cost / {a.reference}'s) | old | new | change | old cycles | new cycles |")
    print("|---|---|---|---|---|---|")
    for s in a.scenario:
        o = statistics.median(x[0] for x in res["old"][s])
        n = statistics.median(x[0] for x in res["new"][s])
        oc = statistics.median(x[1] for x in res["old"][s])
        nc = statistics.median(x[1] for x in res["new"][s])
        rec = {"scenario": s, "old": round(o, 3), "new": round(n, 3),
               "change_pct": round(100 * (n / o - 1), 1), "old_cycles": round(oc, 1),
               "new_cycles": round(nc, 1), "rounds": a.rounds, "reference": a.reference}
        recs.append(rec)
        print(f"| {s} | {o:.3f} | {n:.3f} | {rec['change_pct']:+.1f} % | {oc:.1f} | {nc:.1f} |")
    if a.jsonl:
        with open(a.jsonl, "w") as f:
            for rec in recs:
                f.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    main()
