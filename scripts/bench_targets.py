#!/usr/bin/python3
"""The performance targets (docs/performance.md, "Targets"), and how one
scripts/bench.sh run reads against them.

usage: bench_targets.py RESULTS_DIR [--sections e2e,workers,inmem,scale]

Reads RESULTS_DIR/{e2e,inmem,workers,scale}.jsonl (only the sections
named: scripts/bench.sh names those its run measured, as the files of the
others may be an earlier run's) and prints a Markdown table, one row per
target the run measured: what it read, the bound, and "met" or "missed
by" how much; a target the run did not measure (a section or scenario
left out) has no row. Writes the same rows as JSON lines to
RESULTS_DIR/targets.jsonl (with the bound as a number, "limit", and
"at_least": whether it is a floor or a ceiling). Not a test: a missed target is a finding of the
run, and the exit status is 0 whatever was read (2 only for bad usage).
bench_plot.py draws its target marks from the tables here.
"""
import json
import os
import statistics
import sys

# End to end, one worker, 1,024 flows: srv6gw / testpmd io, at least
E2E = {
    "encap4-1sid": (0.60, "H.Encaps IPv4, 1 SID"),
    "encap6-1sid": (0.60, "H.Encaps IPv6, 1 SID"),
    "encap4-3sid": (0.55, "H.Encaps IPv4, 3 SIDs"),
    "encap6-3sid": (0.55, "H.Encaps IPv6, 3 SIDs"),
    "end": (0.65, "End"),
    "end-dx4": (0.65, "End.DX4"),
    "end-dt6": (0.65, "End.DT6"),
    "un-shift": (0.70, "uN"),
    "route6": (0.70, "IPv6 routing"),
}
# In memory, the bench configuration's small ("hot") tables: TSC cycles a
# packet, at most, at every flow count measured (H.Encaps: each
# encapsulation of one policy's traffic; encap4-spread, a policy per
# packet in turn, is a stress case with no target)
CYCLES = {
    "encap4-1sid": 50, "encap4-2sid": 50, "encap4-3sid": 50, "encap4-nosrh": 50,
    "encap6-1sid": 50, "encap6-3sid": 50, "encap6-red": 50, "encap4-usid": 50,
    "end": 40, "un-shift": 35,
}
SPEEDUP = 1.8           # 2 workers / 1, at least
SCALE = 2.0             # full-scale / small-table cycles a packet, at most
RELOAD_MS = 2000        # 100k SIDs reloaded under traffic, each, at most


def rows(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def verdict(value, target, at_least):
    """("met" | "missed by X", met) for @value against @target."""
    met = value >= target if at_least else value <= target
    if met:
        return "met", True
    return "missed by %s" % round(abs(value - target), 3), False


def row(target, scenario, measured, detail, limit, at_least, unit=""):
    """A table row: @measured against @limit (a floor when @at_least)."""
    v, ok = verdict(measured, limit, at_least)
    return {"target": target, "scenario": scenario, "measured": measured, "unit": unit,
            "detail": detail, "limit": limit, "at_least": at_least,
            "bound": "%s %s%s" % ("≥" if at_least else "≤",
                                  "%.2f" % limit if isinstance(limit, float) else limit, unit),
            "verdict": v, "met": ok}


def e2e_rows(res):
    out = []
    for r in rows(os.path.join(res, "e2e.jsonl")):
        t = E2E.get(r.get("scenario"))
        if t is None:
            continue
        out.append(row("end to end, one worker: %s" % t[1], r["scenario"], r["ratio"],
                       "rounds %s–%s" % (r.get("ratio_min"), r.get("ratio_max")),
                       t[0], True))
    return out


def inmem_rows(res):
    out = []
    by = {}
    for r in rows(os.path.join(res, "inmem.jsonl")):
        if r.get("scenario") in CYCLES and isinstance(r.get("cycles_per_packet"), (int, float)):
            by.setdefault(r["scenario"], []).append(r)
    for s, rs in by.items():
        worst = max(rs, key=lambda r: r["cycles_per_packet"])
        out.append(row("in memory: %s, cycles a packet" % s, s, worst["cycles_per_packet"],
                       "the most of %s flow counts: %s flows (baseline spread %s)" %
                       (len(rs), worst.get("flows"), worst.get("baseline_spread")),
                       CYCLES[s], False))
    return out


def workers_rows(res):
    out = []
    for r in rows(os.path.join(res, "workers.jsonl")):
        out.append(row("2 workers / 1: %s" % r["scenario"], r["scenario"], r["speedup"],
                       "rounds %s–%s; testpmd io's own %s" %
                       (r.get("speedup_min"), r.get("speedup_max"), r.get("testpmd_speedup")),
                       SPEEDUP, True, "×"))
    return out


def scale_rows(res):
    out = []
    recs = rows(os.path.join(res, "scale.jsonl"))
    cyc = {}
    for r in recs:
        if r.get("pcap") and r.get("size") in ("small", "full") and \
                r.get("scenario", "").startswith("scale-"):
            cyc.setdefault((r["scenario"], r["size"]), []).append(r["cycles_per_packet"])
    for s in sorted({k[0] for k in cyc}):
        small, full = cyc.get((s, "small")), cyc.get((s, "full"))
        if not small or not full or statistics.median(small) <= 0:
            continue
        ratio = round(statistics.median(full) / statistics.median(small), 2)
        out.append(row("full scale / small tables: %s" % s, s, ratio,
                       "medians of %d and %d processes" % (len(full), len(small)),
                       SCALE, False, "×"))
    for r in recs:
        if not r.get("reload_e2e"):
            continue
        ms = r.get("reload_ms") or []
        lost = r.get("drops", 1) != 0 or r.get("rx") != r.get("tx")
        worst = max(ms) if ms else None
        ok = worst is not None and worst <= RELOAD_MS and not lost
        if ok:
            v = "met"
        elif worst is None:
            v = "missed: no reload read"
        else:
            v = "missed: %s ms, %s dropped, rx %s / tx %s" % (worst, r.get("drops"), r.get("rx"),
                                                            r.get("tx"))
        out.append({"target": "100k SIDs reloaded under traffic", "scenario": "scale-sids",
                    "measured": worst, "unit": " ms",
                    "detail": "the longest of %d reloads; %s dropped" % (len(ms), r.get("drops")),
                    "limit": RELOAD_MS, "at_least": False,
                    "bound": "≤ %s ms each, no loss" % RELOAD_MS, "verdict": v, "met": ok})
    return out


SECTIONS = {"e2e": e2e_rows, "inmem": inmem_rows, "workers": workers_rows, "scale": scale_rows}


def main():
    args = sys.argv[1:]
    names = list(SECTIONS)
    if len(args) == 3 and args[1] == "--sections":
        names = [n for n in args[2].split(",") if n]
        args = args[:1]
    if len(args) != 1 or not os.path.isdir(args[0]) or any(n not in SECTIONS for n in names):
        sys.stderr.write("usage: bench_targets.py RESULTS_DIR [--sections %s]\n" %
                         ",".join(SECTIONS))
        return 2
    res = args[0]
    out = [r for n in SECTIONS if n in names for r in SECTIONS[n](res)]
    with open(os.path.join(res, "targets.jsonl"), "w") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    if not out:
        print("No target was measured in this run.")
        return 0
    met = sum(r["met"] for r in out)
    print("Targets (issue 6; docs/performance.md): %d of %d met in this run." % (met, len(out)))
    print()
    print("| target | this run | how it was read | bound | verdict |")
    print("|---|---|---|---|---|")
    for r in out:
        print("| %s | %s%s | %s | %s | %s |" % (r["target"], r["measured"], r["unit"],
                                               r["detail"], r["bound"], r["verdict"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
