#!/usr/bin/python3
"""Plots of scripts/bench.sh results (Debian's python3-matplotlib).

usage: bench_plot.py RESULTS_DIR OUT_DIR

Reads RESULTS_DIR/{meta.json,inmem.jsonl,e2e.jsonl,workers.jsonl,scale.jsonl}
and writes OUT_DIR/perf-inmem.png, perf-e2e.png, perf-workers.png and
perf-scale.png (each only when its data is there). Every plot says the
machine, the hugepage mode and the DPDK version it was measured with.
"""
import json
import os
import statistics
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import bench_targets  # noqa: E402  (the targets, one table for both scripts)

TARGETS = {s: t[0] for s, t in bench_targets.E2E.items()}
CYCLE_TARGETS = bench_targets.CYCLES


def rows(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def finish(fig, ax, meta, title, path):
    ax.set_title("%s\n%s; %s; %s; %s" % (title, meta.get("machine", "?"), meta.get("memory", "?"),
                                         meta.get("dpdk", "?"), meta.get("date", "")),
                 fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    print("wrote", path)


def bars(ax, names, series, width=0.8):
    n = len(series)
    for k, (label, values) in enumerate(series):
        xs = [i + (k - (n - 1) / 2) * width / n for i in range(len(names))]
        ax.bar(xs, values, width / n, label=label)
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(names, rotation=40, ha="right", fontsize=8)


def main():
    res, out = sys.argv[1], sys.argv[2]
    meta = json.load(open(os.path.join(res, "meta.json")))
    inmem = rows(os.path.join(res, "inmem.jsonl"))
    if inmem:
        names = list(dict.fromkeys(r["scenario"] for r in inmem))
        flows = sorted({r["flows"] for r in inmem})
        series = []
        for f in flows:
            v = {r["scenario"]: r["cycles_per_packet"] for r in inmem if r["flows"] == f}
            series.append(("%d flows" % f, [v.get(s, 0) for s in names]))
        fig, ax = plt.subplots(figsize=(10, 5))
        bars(ax, names, series)
        for i, s in enumerate(names):
            if s in CYCLE_TARGETS:
                ax.plot([i - 0.4, i + 0.4], [CYCLE_TARGETS[s]] * 2, "k--", lw=1)
        ax.set_ylabel("TSC cycles per packet (baseline subtracted)")
        ax.legend(fontsize=8, title="dashed: target", title_fontsize=8)
        finish(fig, ax, meta, "In memory: dp_process_burst() cycles per packet",
               os.path.join(out, "perf-inmem.png"))
    e2e = rows(os.path.join(res, "e2e.jsonl"))
    if e2e:
        names = [r["scenario"] for r in e2e]
        fig, ax = plt.subplots(figsize=(10, 5))
        bars(ax, names, [("srv6gw / testpmd-io", [r["ratio"] or 0 for r in e2e])])
        for i, s in enumerate(names):
            if s in TARGETS:
                ax.plot([i - 0.4, i + 0.4], [TARGETS[s]] * 2, "k--", lw=1)
        # DPDK's l3fwd, measured in the same run (bench_l3fwd.sh), as a reference line
        for r in rows(os.path.join(res, "l3fwd.jsonl")):
            if r.get("ratio") and r.get("l3fwd", "").startswith("ipv6"):
                ax.axhline(r["ratio"], color="grey", lw=0.8, ls=":")
                ax.text(-0.5, r["ratio"] - 0.03,
                        "DPDK l3fwd, IPv6 LPM, this run: %.2f" % r["ratio"], fontsize=7,
                        ha="left")
        ax.set_ylabel("ratio to testpmd io mode (1 worker, 1,024 flows)")
        ax.set_ylim(0, 1)
        finish(fig, ax, meta, "End to end: srv6gw vs the I/O floor (dashed: target)",
               os.path.join(out, "perf-e2e.png"))
    wk = rows(os.path.join(res, "workers.jsonl"))
    if wk:
        names = [r["scenario"] for r in wk]
        fig, ax = plt.subplots(figsize=(7, 4.5))
        bars(ax, names, [("1 worker", [r["one_pps"] / 1e6 for r in wk]),
                         ("2 workers", [r["two_pps"] / 1e6 for r in wk])])
        ax.set_ylabel("Mpps (net_pcap -> net_null)")
        ax.legend(fontsize=8)
        finish(fig, ax, meta, "Workers: 2 workers + main lcore on 2 vCPUs (oversubscribed)",
               os.path.join(out, "perf-workers.png"))
    sc = [r for r in rows(os.path.join(res, "scale.jsonl")) if r.get("pcap")]
    if sc:
        names = list(dict.fromkeys(r["scenario"] for r in sc if r["size"] != "sids"))
        series = []
        for size in ("small", "full"):
            # the median of the rounds' processes (scripts/bench.sh --scale)
            v = {s: statistics.median(r["cycles_per_packet"] for r in sc
                                      if r["size"] == size and r["scenario"] == s)
                 for s in names if any(r["size"] == size and r["scenario"] == s for r in sc)}
            series.append(({"small": "1k routes/SIDs/prefixes",
                            "full": "1M v4 prefixes, 200k v6 routes, 100k SIDs"}[size],
                           [v.get(s, 0) for s in names]))
        fig, ax = plt.subplots(figsize=(8, 4.5))
        bars(ax, names, series)
        ax.set_ylabel("TSC cycles per packet")
        ax.legend(fontsize=8)
        m = dict(meta)
        # the scale section picks its own memory mode (scripts/bench.sh)
        m["memory"] = sc[0].get("memory", "memory mode not recorded")
        finish(fig, ax, m, "Lookup cost: small vs full-scale tables",
               os.path.join(out, "perf-scale.png"))


if __name__ == "__main__":
    main()
