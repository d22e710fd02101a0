"""Statistics: docs/stats.schema.json against counters.h, metrics (Prometheus
text), live show stats against the schema, monotonic counters, clear stats.

Part of test/ctl/run.py; the harness is test/ctl/harness.py.
"""
import json
import os
import re
import time

import harness
from harness import check, ctl, DROPS, EVENTS, raw_stats, result, ROOT, validate


def t_schema_file():
    import jsonschema  # noqa: F401  (python3-jsonschema installed?)
    schema = json.load(open(os.path.join(ROOT, "docs/stats.schema.json")))
    jsonschema.Draft7Validator.check_schema(schema)
    check(schema.get("$schema", "").startswith("http://json-schema.org/draft-07/"),
          "not a draft-07 schema")
    for key, want in (("events", EVENTS), ("drops", DROPS)):
        s = schema["properties"][key]
        check(s.get("additionalProperties") is False, "%s: additionalProperties must be false" % key)
        check(s.get("required") == want, "%s: required keys differ from counters.h: missing %s, "
              "extra %s" % (key, sorted(set(want) - set(s.get("required", []))),
                            sorted(set(s.get("required", [])) - set(want))))
        check(sorted(s.get("properties", {})) == sorted(want), "%s: properties differ from "
              "counters.h" % key)


PROM_SAMPLE = re.compile(r'^(srv6gw_[a-z0-9_]+)(\{([a-z_]+="[^"\\\n]*")(,[a-z_]+="[^"\\\n]*")*\})? '
                         r'(0|[1-9][0-9]*)$')
PROM_HELP = re.compile(r'^# HELP (srv6gw_[a-z0-9_]+) \S.*$')
PROM_TYPE = re.compile(r'^# TYPE (srv6gw_[a-z0-9_]+) (counter|gauge)$')


def t_metrics():
    rc, out, err = ctl("metrics")
    check(rc == 0, "exit %d: %s" % (rc, err))
    helps, types, seen, samples = {}, {}, set(), {}
    last = None
    for n, line in enumerate(out.splitlines(), 1):
        m = PROM_HELP.match(line)
        if m:
            check(m.group(1) not in helps, "line %d: second HELP for %s" % (n, m.group(1)))
            helps[m.group(1)] = n
            continue
        m = PROM_TYPE.match(line)
        if m:
            name, kind = m.groups()
            check(name not in types, "line %d: second TYPE for %s" % (n, name))
            check(kind != "counter" or name.endswith("_total"),
                  "line %d: counter %s does not end in _total" % (n, name))
            types[name] = (kind, n)
            continue
        m = PROM_SAMPLE.match(line)
        check(m, "line %d is neither HELP, TYPE nor a sample: %r" % (n, line))
        name = m.group(1)
        check(name in helps and name in types, "line %d: %s without HELP/TYPE before it" % (n, name))
        check(last is None or last == name or name not in seen,
              "line %d: samples of %s not grouped" % (n, name))
        key = (name, m.group(2) or "")
        check(key not in samples, "line %d: duplicate sample %s%s" % (n, name, m.group(2) or ""))
        samples[key] = int(m.group(5))
        seen.add(name)
        last = name
    check(set(helps) == set(types), "HELP and TYPE lines do not match")
    for name in types:
        check(name in seen, "%s declared without samples" % name)
    for e in EVENTS:
        check(("srv6gw_%s_total" % e, "") in samples, "no sample for event %s" % e)
    for d in DROPS:
        check(("srv6gw_drops_total", '{reason="%s"}' % d) in samples, "no sample for drop %s" % d)
    # the families docs/control-protocol.md lists, with their types
    for name, kind in (("srv6gw_drops_total", "counter"), ("srv6gw_port_packets_total", "counter"),
                       ("srv6gw_port_rx_missed_total", "counter"),
                       ("srv6gw_sid_packets_total", "counter"),
                       ("srv6gw_policy_packets_total", "counter"),
                       ("srv6gw_worker_packets_total", "counter"),
                       ("srv6gw_worker_busy_cycles_total", "counter"),
                       ("srv6gw_mempool_in_use", "gauge"), ("srv6gw_generation", "gauge")):
        check(types.get(name, ("none",))[0] == kind, "%s: type %s, want %s" % (
            name, types.get(name, ("none",))[0], kind))
    check(samples[("srv6gw_rx_packets_total", "")] > 0, "rx_packets_total is 0")
    check(samples.get(("srv6gw_policy_packets_total", '{policy="to-laptop"}'), 0) > 0,
          "policy to-laptop not counted in metrics")


def t_stats_schema():
    validate(harness.VALIDATOR, result("show stats"), "show stats")
    validate(harness.VALIDATOR, raw_stats(), "show stats raw")


def counters(s):
    """Every counter of a stats object: {path: value} (gauges left out)."""
    out = {}
    for k in EVENTS:
        out["events." + k] = s["events"][k]
    for k in DROPS:
        out["drops." + k] = s["drops"][k]
    for p in s["ports"]:
        for k in ("rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_missed", "rx_errors",
                  "tx_errors", "rx_nombuf"):
            out["ports.%s.%s" % (p["name"], k)] = p[k]
        for k, v in p.get("xstats", {}).items():
            out["ports.%s.xstats.%s" % (p["name"], k)] = v
    for w in s["workers"]:
        for k in ("rx_packets", "tx_packets", "busy_cycles", "idle_cycles"):
            out["workers.%d.%s" % (w["lcore"], k)] = w[k]
    for x in s["sids"]:
        for k in ("packets", "bytes"):
            out["sids.%s.%s" % (x["sid"], k)] = x[k]
    for x in s["policies"]:
        for k in ("packets", "bytes"):
            out["policies.%s.%s" % (x["name"], k)] = x[k]
    return out


def t_monotonic():
    a = counters(raw_stats())
    time.sleep(0.2)
    b = counters(raw_stats())
    down = ["%s %d -> %d" % (k, a[k], b[k]) for k in a if k in b and b[k] < a[k]]
    check(not down, "counters went down: %s" % down[:5])
    check(set(a) == set(b), "counter set changed: %s" % (set(a) ^ set(b)))
    check(b["events.rx_packets"] > a["events.rx_packets"], "rx_packets did not grow")
    check(b["policies.to-laptop.packets"] > a["policies.to-laptop.packets"],
          "policy to-laptop did not count")
    check(b["sids.fc00:1::e.packets"] > a["sids.fc00:1::e.packets"], "SID fc00:1::e did not count")


def t_clear_stats():
    r0 = raw_stats()["events"]["rx_packets"]
    res = result("clear stats")
    check(isinstance(res.get("cleared_at"), int), "clear stats result has no cleared_at: %r" % res)
    n1 = result("show stats")
    r1 = raw_stats()
    grown = r1["events"]["rx_packets"] - r0
    v = n1["events"]["rx_packets"]
    check(v <= grown, "after clear, rx_packets %d > packets received since (%d)" % (v, grown))
    check(v < r0, "after clear, rx_packets %d not near 0 (was %d)" % (v, r0))
    check(n1.get("cleared_at") == res["cleared_at"], "show stats cleared_at %r != %r" % (
        n1.get("cleared_at"), res["cleared_at"]))
    check("cleared_at" not in r1, "raw show stats has cleared_at")
    validate(harness.VALIDATOR, n1, "show stats after clear")
    pol = {p["name"]: p["packets"] for p in n1["policies"]}
    rawpol = {p["name"]: p["packets"] for p in r1["policies"]}
    check(pol["to-laptop"] < rawpol["to-laptop"], "policy counter not cleared (%d vs raw %d)" % (
        pol["to-laptop"], rawpol["to-laptop"]))
    time.sleep(0.1)
    n2 = result("show stats")
    r2 = raw_stats()
    check(n2["events"]["rx_packets"] > v, "cleared view does not grow")
    check(r2["events"]["rx_packets"] > r1["events"]["rx_packets"], "raw view does not grow")
    check(r2["events"]["rx_packets"] >= r0 + n2["events"]["rx_packets"],
          "raw view restarted too (raw %d < %d + %d)" % (r2["events"]["rx_packets"], r0,
                                                        n2["events"]["rx_packets"]))
    a, b = counters(n1), counters(n2)
    down = ["%s %d -> %d" % (k, a[k], b[k]) for k in a if k in b and b[k] < a[k]]
    check(not down, "cleared counters went down: %s" % down[:5])
