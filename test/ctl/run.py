#!/usr/bin/python3
"""Control socket and srv6gwctl tests (see test/ctl/README.md).

usage: /usr/bin/python3 test/ctl/run.py [-v]

Runs srv6gw on a net_pcap port replaying a capture forever (infinite_rx) and a
net_null port, so the worker forwards at full speed the whole time: after
every abuse of the socket the test checks that srv6gw still answers and that
rx_packets still grows. Needs root (setuid to nobody, DPDK), Debian's
/usr/bin/python3 with scapy and python3-jsonschema.

Prints "ok NAME" or "FAIL NAME: why" per case, ends with exactly
"N passed, N failed"; exit status 1 if anything failed. Bounded: every socket
operation has a timeout and a watchdog ends the run after WATCHDOG_S.
Environment: SRV6GW, SRV6GWCTL (binaries, default build/...), CTL_KEEP=1
(keep the work directory).
"""
import errno
import json
import os
import re
import resource
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WATCHDOG_S = 170
VERBOSE = "-v" in sys.argv

PASS = 0
FAIL = 0
PROCS = []          # every srv6gw we started (Popen)
PREFIXES = []       # their EAL file prefixes (runtime dirs removed at the end)
W = None            # work directory
T0 = time.monotonic()


class Fail(Exception):
    pass


class Abort(BaseException):
    """Watchdog or signal: ends the run (not caught by a case)."""


def note(msg):
    print("# " + msg, flush=True)


def ok(name):
    global PASS
    PASS += 1
    print("ok " + name, flush=True)


def fail(name, why):
    global FAIL
    FAIL += 1
    print("FAIL %s: %s" % (name, str(why).replace("\n", " | ")[:600]), flush=True)


def case(name):
    """case(name)(fn, *args): run one case, print ok/FAIL; True if it passed."""
    def run(fn, *args):
        t = time.monotonic()
        try:
            fn(*args)
        except Fail as e:
            fail(name, e)
            return False
        except Exception as e:  # a bug in the test or an unexpected error
            fail(name, "%s: %s" % (type(e).__name__, e))
            if VERBOSE:
                traceback.print_exc()
            return False
        ok(name)
        if VERBOSE:
            note("%s: %.2f s" % (name, time.monotonic() - t))
        return True
    return run


def check(cond, why):
    if not cond:
        raise Fail(why)


# ------------------------------------------------------------------ counters


def header_keys():
    """Event and drop keys, in order, from include/srv6gw/counters.h."""
    src = open(os.path.join(ROOT, "include/srv6gw/counters.h")).read()
    drops_part, events_part = src.split("#define SRV6GW_EVENTS")
    pat = re.compile(r'X\((\w+), "([^"]*)"\)')
    return [k for k, _ in pat.findall(events_part)], [k for k, _ in pat.findall(drops_part)]


EVENTS, DROPS = header_keys()

# ---------------------------------------------------------------- processes


def gw_cmd(prefix, conf, sock, stats=None, pcap=None):
    cmd = [SRV6GW, "-l", "0,1", "--no-huge", "-m", "1024", "--no-pci", "--no-shconf",
           "--file-prefix", prefix, "--log-level=lib.*:error",
           "--vdev=net_pcap0,rx_pcap=%s,infinite_rx=1" % (pcap or os.path.join(W, "in.pcap")),
           "--vdev=net_null0,no-rx=1", "--", "-c", conf, "--ctl-socket", sock]
    if stats:
        cmd += ["--stats-file", stats]
    return cmd


def gw_start(prefix, conf, sock, stats=None):
    PREFIXES.append(prefix)
    log = open(os.path.join(W, prefix + ".log"), "wb")
    p = subprocess.Popen(gw_cmd(prefix, conf, sock, stats), stdout=log, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL)
    p.logpath = log.name
    PROCS.append(p)
    return p


def log_tail(p, n=10):
    try:
        return " | ".join(open(p.logpath, errors="replace").read().splitlines()[-n:])
    except OSError:
        return ""


def wait_up(p, sock, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if p.poll() is not None:
            raise Fail("srv6gw exited with %s: %s" % (p.returncode, log_tail(p)))
        if os.path.exists(sock):
            try:
                kind, r = transact(sock, {"command": "version"}, timeout=2)
                if kind == "reply" and r.get("ok"):
                    return
            except OSError:
                pass
        time.sleep(0.1)
    raise Fail("srv6gw did not answer on %s within %d s: %s" % (sock, timeout, log_tail(p)))


def gw_stop(p, sig=signal.SIGTERM, timeout=10):
    """Stop p with sig; return its exit status (None if it had to be killed)."""
    if p.poll() is not None:
        return p.returncode
    p.send_signal(sig)
    try:
        return p.wait(timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait(5)
        return None


def cleanup():
    for p in PROCS:
        if p.poll() is None:
            gw_stop(p)
    for pre in PREFIXES:
        d = "/var/run/dpdk/" + pre
        if re.fullmatch(r"ctl\d+[a-z0-9]*", pre) and os.path.isdir(d):
            shutil.rmtree(d, ignore_errors=True)
    if W and os.path.isdir(W):
        if FAIL or os.environ.get("CTL_KEEP") == "1":
            note("work directory kept: " + W)
        else:
            shutil.rmtree(W, ignore_errors=True)


# ------------------------------------------------------------------- socket


def transact(sock, req, timeout=5.0, close_after_send=False):
    """Send one request (dict -> JSON line; bytes as given) and read one line.

    Returns ("reply", obj), ("closed", partial_bytes) or ("timeout", partial).
    A reply that is not JSON raises Fail.
    """
    data = req if isinstance(req, bytes) else (json.dumps(req) + "\n").encode()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(sock)
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        if close_after_send:
            return ("closed", b"")
        buf = b""
        end = time.monotonic() + timeout
        while b"\n" not in buf:
            s.settimeout(max(0.01, end - time.monotonic()))
            try:
                d = s.recv(65536)
            except ConnectionResetError:
                d = b""
            except socket.timeout:
                return ("timeout", buf)
            if not d:
                return ("closed", buf)
            buf += d
        line = buf.split(b"\n", 1)[0]
        try:
            return ("reply", json.loads(line))
        except ValueError as e:
            raise Fail("reply is not JSON (%s): %r" % (e, line[:200]))
    finally:
        s.close()


def check_envelope(r):
    check(isinstance(r, dict), "reply not an object: %r" % (r,))
    check(r.get("api_version") == 1, "api_version != 1: %r" % (r,))
    check(isinstance(r.get("ok"), bool), "ok not a boolean: %r" % (r,))
    if r["ok"]:
        check(isinstance(r.get("command"), str) and "result" in r, "ok reply without command/result")
    else:
        e = r.get("error")
        check(isinstance(e, dict) and isinstance(e.get("code"), str) and
              isinstance(e.get("message"), str), "error reply without error.code/message: %r" % r)


def req(cmd, args=None, sock=None, timeout=10.0):
    """A request that must be answered; returns the reply (any ok)."""
    o = {"command": cmd}
    if args is not None:
        o["args"] = args
    kind, r = transact(sock or SOCK, o, timeout)
    if kind != "reply":
        raise Fail("%s: no reply (%s %r)" % (cmd, kind, r[:100]))
    check_envelope(r)
    return r


def result(cmd, args=None, sock=None, timeout=10.0):
    r = req(cmd, args, sock, timeout)
    check(r["ok"] is True, "%s: %r" % (cmd, r.get("error")))
    check(r["command"] == cmd, "%s: reply says command %r" % (cmd, r["command"]))
    return r["result"]


def raw_stats(sock=None):
    return result("show stats", {"raw": True}, sock)


def rx(sock=None):
    return raw_stats(sock)["events"]["rx_packets"]


def assert_alive(what="", sock=None, proc=None):
    """srv6gw answers and the worker still forwards (rx_packets grows within 2 s)."""
    proc = proc or GW
    check(proc.poll() is None, "srv6gw died %s (status %s): %s" % (what, proc.returncode,
                                                               log_tail(proc)))
    a = rx(sock)
    end = time.monotonic() + 2
    while True:
        time.sleep(0.02)
        b = rx(sock)
        if b > a:
            return
        check(time.monotonic() < end, "rx_packets did not grow %s (%d -> %d in 2 s)" % (
            what, a, b))


def ctl(*args, sock=None, timeout=20, env=None):
    """Run srv6gwctl; return (exit status, stdout, stderr)."""
    cmd = [SRV6GWCTL]
    if sock is not False:
        cmd += ["-s", sock or SOCK]
    cmd += list(args)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                       env=env)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


# ------------------------------------------------------------------- schema


def schema_validator():
    import jsonschema
    schema = json.load(open(os.path.join(ROOT, "docs/stats.schema.json")))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def validate(v, obj, what):
    errs = sorted(v.iter_errors(obj), key=lambda e: list(e.path))
    check(not errs, "%s does not match docs/stats.schema.json: %s" % (
        what, "; ".join("%s: %s" % ("/".join(map(str, e.path)), e.message[:150])
                        for e in errs[:5])))


# --------------------------------------------------------------------- cases


COMMANDS = ["show stats", "show sids", "show policies", "show routes", "show neighbors",
            "show ports", "show config", "reload", "clear stats", "log level", "version", "help"]


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


def t_start():
    wait_up(GW, SOCK)
    mode = os.stat(SOCK).st_mode & 0o777
    check(mode == 0o660, "socket mode %o, want 660" % mode)


def t_help_lists_all():
    h = result("help")
    missing = [c for c in COMMANDS if c not in h]
    check(not missing, "help does not list %s" % missing)
    check(all(isinstance(v, str) for v in h.values()), "help values not strings")


# Result keys per command, as docs/control-protocol.md lists them.
DOC_KEYS = {
    "show sids": ("sids", ["sid", "behavior", "locator", "flavors", "packets", "bytes"]),
    "show policies": ("policies", ["name", "mode", "source", "hop_limit", "segment_lists",
                                   "packets", "bytes", "color", "endpoint", "algorithm",
                                   "binding_sid", "invalid", "state", "reason",
                                   "active_candidate_path", "active_changes",
                                   "candidate_paths"]),
    "show routes": ("routes", ["table", "prefix", "port", "type"]),
    "show neighbors": ("neighbors", ["port", "address", "mac", "state"]),
    "show ports": ("ports", ["name", "device", "port_id", "mac", "mtu", "addresses", "link",
                             "speed_mbps", "rx_queues", "link_changes"]),
    "show config": (None, ["file", "generation", "loaded_at", "started_at", "reloads_ok",
                           "reloads_failed", "grace_timeouts", "last_error", "counts"]),
    "reload": (None, ["generation"]),
    "clear stats": (None, ["cleared_at"]),
    "log level": (None, ["level"]),
    "version": (None, ["version", "dpdk", "api_version"]),
}


def t_commands_socket():
    for c in COMMANDS:
        r = result(c)
        check(isinstance(r, dict), "%s: result not an object" % c)
        if c in DOC_KEYS:
            lst, keys = DOC_KEYS[c]
            items = r.get(lst) if lst else [r]
            check(isinstance(items, list) and items, "%s: no %s list" % (c, lst))
            for it in items:
                missing = [k for k in keys if k not in it]
                check(not missing, "%s: result lacks documented keys %s" % (c, missing))
        if c == "show policies":
            for p in r["policies"]:
                for sl in p["segment_lists"]:
                    missing = [k for k in ("segments", "weight", "overhead_bytes",
                                           "first_sid_reachable", "candidate_path", "valid",
                                           "state", "egress_port", "why", "packets",
                                           "bytes") if k not in sl]
                    check(not missing, "show policies: segment list lacks %s" % missing)
        if c == "version":
            check(r["api_version"] == 1, "version: api_version %r" % r["api_version"])
    for c in COMMANDS:  # with an explicit empty args object too
        result(c, {})
    assert_alive()


def t_commands_ctl_human():
    for c in COMMANDS + ["metrics"]:
        rc, out, err = ctl(*c.split())
        check(rc == 0, "srv6gwctl %s: exit %d: %s" % (c, rc, err.strip()))
        check(out.strip() != "", "srv6gwctl %s: no output" % c)
        check(err.strip() == "", "srv6gwctl %s: stderr %r" % (c, err[:200]))
    rc, out, err = ctl("raw", '{"command":"version"}')
    check(rc == 0 and out.strip(), "srv6gwctl raw: exit %d %s" % (rc, err))


def t_commands_ctl_json():
    for c in COMMANDS + ["metrics"]:
        rc, out, err = ctl("--json", *c.split())
        check(rc == 0, "srv6gwctl --json %s: exit %d: %s" % (c, rc, err.strip()))
        try:
            r = json.loads(out)
        except ValueError as e:
            raise Fail("srv6gwctl --json %s: output not JSON: %s" % (c, e))
        check_envelope(r)
        check(r["ok"] is True, "srv6gwctl --json %s: not ok" % c)
        want = "show stats" if c == "metrics" else c
        check(r["command"] == want, "srv6gwctl --json %s: command %r" % (c, r["command"]))
    rc, out, _ = ctl("--json", "show", "stats")
    validate(VALIDATOR, json.loads(out)["result"], "srv6gwctl --json show stats")


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
    validate(VALIDATOR, result("show stats"), "show stats")
    validate(VALIDATOR, raw_stats(), "show stats raw")


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
    validate(VALIDATOR, n1, "show stats after clear")
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


def bad_input(payload, codes, timeout=5.0):
    """payload gets an error reply with a code in codes, or the connection is closed."""
    kind, r = transact(SOCK, payload, timeout)
    if kind == "reply":
        check_envelope(r)
        check(r["ok"] is False, "accepted: %r" % (r,))
        check(r["error"]["code"] in codes, "error code %r, want one of %s" % (r["error"]["code"],
                                                                             codes))
    else:
        check(kind == "closed", "neither a reply nor closed within %.0f s" % timeout)
        check(r == b"", "closed after a partial reply %r" % r[:100])
    assert_alive("afterwards")


# Expected codes: docs/control-protocol.md, "Access and limits".
BAD_INPUTS = [
    ("request > 64 KiB without newline", b'{"command":"' + b"a" * 70000, ["too_large"]),
    ("request > 64 KiB with newline", b'{"command":"' + b"a" * 70000 + b'"}\n', ["too_large"]),
    ("truncated JSON", b'{"command": "show st\n', ["bad_json"]),
    ("truncated JSON object", b'{"command": "show stats", "args": {\n', ["bad_json"]),
    ("JSON nested 10000 deep (arrays)", b"[" * 10000 + b"]" * 10000 + b"\n", ["bad_request"]),
    ("JSON nested 10000 deep (objects in args)", b'{"command":"version","args":' +
     b'{"a":' * 10000 + b"1" + b"}" * 10000 + b"}\n", ["bad_request"]),
    ("JSON nested 17 deep", b"[" * 17 + b"]" * 17 + b"\n", ["bad_request"]),
    ("NUL byte", b'{"command":"version"\x00}\n', ["bad_request"]),
    ("NUL byte in string", b'{"command":"vers\x00ion"}\n', ["bad_request"]),
    ("escaped NUL in string", b'{"command":"version\\u0000"}\n', ["bad_json", "bad_request"]),
    ("invalid UTF-8", b'{"command":"vers\xff\xfeion"}\n', ["bad_json"]),
    ("overlong UTF-8", b'{"command":"\xc0\xafversion"}\n', ["bad_json"]),
    ("empty line", b"\n", ["bad_json"]),
    ("trailing garbage", b'{"command":"version"} x\n', ["bad_json"]),
    ("not an object (array)", b'["show stats"]\n', ["bad_request"]),
    # valid JSON but not an object: jansson refuses scalars at the top as a parse error
    ("not an object (string)", b'"show stats"\n', ["bad_request", "bad_json"]),
    ("not an object (number)", b"42\n", ["bad_request", "bad_json"]),
    ("missing command", b'{"args":{}}\n', ["bad_request"]),
    ("command not a string", b'{"command":["show","stats"]}\n', ["bad_request"]),
    ("unknown command", b'{"command":"format disk"}\n', ["unknown_command"]),
    ("args not an object", b'{"command":"show stats","args":[1,2]}\n', ["bad_request"]),
    ("args a string", b'{"command":"version","args":"raw"}\n', ["bad_request"]),
    ("duplicate keys", b'{"command":"version","command":"reload"}\n', ["bad_json", "bad_request"]),
]


def t_silent_clients():
    """Idle clients are closed after ~10 s; others are served meanwhile."""
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    partial = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.connect(SOCK)
    partial.connect(SOCK)
    partial.sendall(b'{"command": "vers')
    t0 = time.monotonic()
    closed = {}
    sel = selectors.DefaultSelector()
    sel.register(silent, selectors.EVENT_READ, "silent")
    sel.register(partial, selectors.EVENT_READ, "partial")
    served = 0
    worst = 0.0
    try:
        while len(closed) < 2 and time.monotonic() - t0 < 14:
            t = time.monotonic()
            result("version")
            worst = max(worst, time.monotonic() - t)
            served += 1
            for key, _ in sel.select(timeout=0.25):
                try:
                    d = key.fileobj.recv(4096)
                except ConnectionResetError:
                    d = b""
                if not d:   # (a reply before the close would be fine too)
                    closed[key.data] = time.monotonic() - t0
                    sel.unregister(key.fileobj)
    finally:
        silent.close()
        partial.close()
        sel.close()
    note("idle clients closed after %s; %d requests served meanwhile (slowest %.3f s)" % (
        ", ".join("%s %.1f s" % kv for kv in sorted(closed.items())), served, worst))
    for k in ("silent", "partial"):
        check(k in closed, "%s client still open after 14 s" % k)
        check(8.5 <= closed[k] <= 13.5, "%s client closed after %.1f s, want ~10" % (k, closed[k]))
    check(served >= 20, "only %d requests served while idle clients waited" % served)
    check(worst < 2.0, "a request took %.2f s while idle clients waited" % worst)
    assert_alive()


def t_sequential_requests():
    """docs/control-protocol.md: the next request may follow on the same connection."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(SOCK)
    f = s.makefile("rb")
    try:
        for i, c in enumerate(["version", "show config", "show stats", "help", "nope", "version"]
                              * 3):
            s.sendall((json.dumps({"command": c}) + "\n").encode())
            line = f.readline()
            check(line.endswith(b"\n"), "request %d (%s): no reply line" % (i + 1, c))
            r = json.loads(line)
            check_envelope(r)
            check(r["ok"] == (c != "nope"), "request %d (%s): %r" % (i + 1, c, r))
        # an error reply does not close the connection either
        s.sendall(b'{"command":\n')
        r = json.loads(f.readline())
        check(r["error"]["code"] == "bad_json", "bad JSON: %r" % r)
        s.sendall(b'{"command":"version"}\n')
        r = json.loads(f.readline())
        check(r.get("ok") is True, "request after an error reply: %r" % r)
    finally:
        f.close()
        s.close()
    assert_alive()


def t_disconnect_after_send():
    for i in range(30):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(SOCK)
        s.sendall(b'{"command":"show stats"}\n')
        if i % 2:   # abortive close (unread data, RST-like for UNIX sockets)
            s.shutdown(socket.SHUT_RDWR)
        s.close()
    for i in range(10):  # leave while the reply is being written
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        s.connect(SOCK)
        s.sendall(b'{"command":"show stats"}\n')
        s.recv(10)
        s.close()
    time.sleep(0.2)
    assert_alive()


def t_thousand_connections():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, max(hard, 4096)), max(hard, 4096)))
    socks = []
    conn_refused = 0
    try:
        end = time.monotonic() + 20
        while len(socks) < 1000 and time.monotonic() < end:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.setblocking(False)
            try:
                s.connect(SOCK)
            except BlockingIOError:     # backlog full: srv6gw has not accepted yet
                s.close()
                time.sleep(0.001)
                continue
            except ConnectionRefusedError:
                s.close()
                conn_refused += 1
                time.sleep(0.001)
                continue
            socks.append(s)
        check(len(socks) == 1000, "only %d connections in 20 s" % len(socks))
        line = b'{"command":"version"}\n'
        state = {}
        for s in socks:
            try:
                s.send(line)
            except (BrokenPipeError, ConnectionResetError):
                pass
            except BlockingIOError:
                pass
            state[s] = b""
        sel = selectors.DefaultSelector()
        for s in socks:
            sel.register(s, selectors.EVENT_READ)
        answered = busy = closed = 0
        other = []
        pending = set(socks)
        end = time.monotonic() + 20
        while pending and time.monotonic() < end:
            for key, _ in sel.select(timeout=0.5):
                s = key.fileobj
                try:
                    d = s.recv(65536)
                except BlockingIOError:
                    continue
                except ConnectionResetError:
                    d = b""
                if d:
                    state[s] += d
                    if b"\n" not in state[s]:
                        continue
                    r = json.loads(state[s].split(b"\n", 1)[0])
                    if r.get("ok") and r.get("command") == "version":
                        answered += 1
                    elif not r.get("ok") and r.get("error", {}).get("code") == "busy":
                        busy += 1
                    else:
                        other.append(r)
                elif state[s]:
                    other.append(state[s][:100])
                else:
                    closed += 1
                pending.discard(s)
                sel.unregister(s)
        sel.close()
        note("1000 connections: %d answered, %d busy, %d closed, %d other, %d still waiting "
             "(connect refused %d times)" % (answered, busy, closed, len(other), len(pending),
                                             conn_refused))
        check(not pending, "%d connections neither answered nor closed after 20 s" % len(pending))
        check(not other, "unexpected replies: %r" % other[:3])
        check(answered >= 1, "no connection was served")
        check(answered + busy + closed == 1000, "counts do not add up")
    finally:
        for s in socks:
            s.close()
    time.sleep(0.3)
    result("version")
    assert_alive()


def as_nobody(fn):
    """Run fn() in a child with uid/gid 65534 and no groups; returns what fn returned."""
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(rfd)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            res = fn()
        except BaseException as e:
            res = {"exception": "%s: %s" % (type(e).__name__, e)}
        os.write(wfd, json.dumps(res).encode())
        os._exit(0)
    os.close(wfd)
    data = b""
    end = time.monotonic() + 15
    while time.monotonic() < end:
        d = os.read(rfd, 65536)
        if not d:
            break
        data += d
    os.close(rfd)
    os.waitpid(pid, 0)
    return json.loads(data or b"null")


def nobody_connect():
    uid = os.getuid()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    try:
        s.connect(SOCK)
    except OSError as e:
        return {"uid": uid, "connect_errno": e.errno}
    try:
        s.sendall(b'{"command":"show stats"}\n')
    except OSError:
        pass
    buf = b""
    try:
        while b"\n" not in buf:
            d = s.recv(65536)
            if not d:
                break
            buf += d
    except OSError as e:
        return {"uid": uid, "recv_errno": e.errno, "data": buf.decode(errors="replace")}
    return {"uid": uid, "data": buf.decode(errors="replace")}


def judge_nobody(res):
    check(res and "exception" not in res, "child failed: %r" % res)
    check(res["uid"] == 65534, "child did not become nobody")
    if "connect_errno" in res:
        check(res["connect_errno"] in (errno.EACCES, errno.EPERM),
              "connect failed with %s, want EACCES" % errno.errorcode.get(res["connect_errno"]))
        return "connect: %s" % errno.errorcode[res["connect_errno"]]
    line = res.get("data", "").split("\n")[0]
    if not line:
        raise Fail("connected and got no reply (want {\"code\":\"forbidden\"}): %r" % res)
    r = json.loads(line)
    check(r.get("ok") is False and r.get("error", {}).get("code") == "forbidden",
          "a non-allowed user got %s" % line[:200])
    return "reply: forbidden"


def t_forbidden_perms():
    how = judge_nobody(as_nobody(nobody_connect))
    note("nobody, socket 0660 in a 0700 directory: " + how)
    assert_alive()


def t_forbidden_peercred():
    """Even when the file permissions let nobody in, SO_PEERCRED must refuse."""
    dmode = os.stat(W).st_mode & 0o777
    smode = os.stat(SOCK).st_mode & 0o777
    os.chmod(W, 0o711)
    os.chmod(SOCK, 0o666)
    try:
        res = as_nobody(nobody_connect)
    finally:
        os.chmod(SOCK, smode)
        os.chmod(W, dmode)
    how = judge_nobody(res)
    check(how == "reply: forbidden", "expected the forbidden reply, got %s" % how)
    assert_alive()


def t_socket_group():
    """docs/control-protocol.md: root, srv6gw's user "or the socket's group" are admitted.

    The usual way a socket gets a group other than srv6gw's own: a setgid
    directory (install -d -g GROUP -m 2770 /run/srv6gw). A user whose
    (primary) group is that group can open the socket (mode 0660) and must be
    served, not told "forbidden".
    """
    gdir = os.path.join(W, "grp")
    os.mkdir(gdir)
    os.chown(gdir, 0, 65534)
    os.chmod(gdir, 0o2770)
    gsock = os.path.join(gdir, "ctl.sock")
    p = gw_start("ctl%dgrp" % os.getpid(), CONF, gsock)
    dmode = os.stat(W).st_mode & 0o777
    try:
        wait_up(p, gsock)
        st = os.stat(gsock)
        check(st.st_gid == 65534, "socket group %d, want 65534 (setgid directory)" % st.st_gid)
        os.chmod(W, 0o711)
        global SOCK
        saved, SOCK = SOCK, gsock
        try:
            res = as_nobody(nobody_connect)
        finally:
            SOCK = saved
            os.chmod(W, dmode)
        check(res and "exception" not in res and res.get("uid") == 65534, "child: %r" % res)
        check("connect_errno" not in res, "connect failed: %s" % errno.errorcode.get(
            res.get("connect_errno"), res.get("connect_errno")))
        line = res.get("data", "").split("\n")[0]
        check(line, "no reply")
        r = json.loads(line)
        check(r.get("ok") is True, "a member of the socket's group (gid 65534, socket %s "
              "root:65534 0660) got %s" % (gsock, line[:160]))
    finally:
        gw_stop(p)


def t_ctl_missing_socket():
    rc, out, err = ctl("show", "stats", sock=os.path.join(W, "nope.sock"))
    check(rc == 3, "exit %d, want 3 (%s)" % (rc, err.strip()))
    # a socket file nobody listens on (as a dead srv6gw leaves it)
    dead = os.path.join(W, "dead.sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(dead)
    s.close()
    rc, out, err = ctl("version", sock=dead)
    check(rc == 3, "dead socket: exit %d, want 3 (%s)" % (rc, err.strip()))
    env = dict(os.environ, SRV6GW_CTL_SOCKET=os.path.join(W, "nope2.sock"))
    rc, out, err = ctl("version", sock=False, env=env)
    check(rc == 3, "SRV6GW_CTL_SOCKET missing: exit %d, want 3" % rc)


def t_ctl_usage():
    for args in ([], ["--bogus", "version"], ["show", "stats", "extra"],
                 ["--timeout", "0", "version"], ["-s"]):
        rc, out, err = ctl(*args)
        check(rc == 2, "srv6gwctl %s: exit %d, want 2" % (" ".join(args), rc))
        check("usage" in err, "srv6gwctl %s: no usage message" % " ".join(args))


def t_ctl_error_reply():
    rc, out, err = ctl("show", "nothing")
    check(rc == 1, "unknown command: exit %d, want 1" % rc)
    check("unknown_command" in err, "no error code on stderr: %r" % err)
    rc, out, err = ctl("--json", "raw", '{"command":"nope"}')
    check(rc == 1 and json.loads(out)["error"]["code"] == "unknown_command",
          "raw unknown command: exit %d %r" % (rc, out[:200]))


# ------------------------------------------------------------------ reloads


def write_conf(text):
    tmp = CONF + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, CONF)


def config_state():
    c = result("show config")
    return c["generation"], c["reloads_ok"], c["reloads_failed"]


def obj_packets(s):
    return ({p["name"]: p["packets"] for p in s["policies"]},
            {x["sid"]: x["packets"] for x in s["sids"]})


MODIFIED = None


def modified_conf():
    t = BASE_CONF.replace("routes = (\n", "routes = (\n  { prefix = \"2001:db8:99::/48\"; "
                          "via = \"fc00:c::2\"; port = \"out\"; },\n", 1)
    t = t.replace("sids = (\n", "sids = (\n    { sid = \"fc00:1::e9\"; behavior = \"End\"; },\n", 1)
    check(t.count("2001:db8:99::/48") == 1 and t.count("fc00:1::e9") == 1,
          "could not modify conf/bench.conf (anchors moved?)")
    return t


def t_policies_failover():
    """conf/test/policy.conf: show policies says which candidate path is active
    and why; route del/add move policy fo between its paths without a reload
    of the file (RFC 9256 §5.1)."""
    conf = os.path.join(W, "policy.conf")
    text = open(os.path.join(ROOT, "conf/test/policy.conf")).read()
    with open(conf, "w") as f:
        f.write(text.replace('"net_pcap1"', '"net_null0"'))
    sock = os.path.join(W, "pol.sock")
    p = gw_start("ctl%dpol" % os.getpid(), conf, sock)
    try:
        wait_up(p, sock)
        pols = {x["name"]: x for x in result("show policies", sock=sock)["policies"]}
        fo = pols["fo"]
        check(fo["color"] == 10 and fo["endpoint"] == "fc00:3::1", "fo key: %r" % fo)
        check(fo["binding_sid"] == "fc00:1::b8" and fo["binding_behavior"] == "End.B6.Encaps",
              "fo BSID: %r" % fo)
        check(fo["active_candidate_path"] == 200 and fo["state"] == "up", "fo: %r" % fo)
        check([c["preference"] for c in fo["candidate_paths"]] == [200, 100], "fo cps")
        check(fo["candidate_paths"][0]["active"] and fo["candidate_paths"][0]["name"] == "primary",
              "fo cp 200 not active")
        check("most preferred valid" in fo["reason"], "fo reason: %s" % fo["reason"])
        check("(128, fc00:2::1)" in pols and pols["(128, fc00:2::1)"]["algorithm"] == 128,
              "unnamed color policy missing: %s" % sorted(pols))
        dead = pols["dead"]
        check(dead["state"] == "down" and dead["active_candidate_path"] is None, "dead up?")
        check("first SID fc00:77::1 has no route in algorithm 0" in dead["reason"],
              "dead reason: %s" % dead["reason"])
        check(dead["segment_lists"][0]["state"] == "no_route", "dead list state")
        gen0 = result("show config", sock=sock)["generation"]
        r = req("route del", {"prefix": "fc00:2::/32"}, sock=sock)
        check(r["ok"] is True and r["result"]["generation"] == gen0 + 1,
              "route del reply: %r" % r)
        fo = {x["name"]: x for x in result("show policies", sock=sock)["policies"]}["fo"]
        check(fo["active_candidate_path"] == 100, "after route del: active %r" %
              fo["active_candidate_path"])
        check("cp 200 invalid: first SID fc00:2::e has no route in algorithm 0" in fo["reason"],
              "after route del, reason: %s" % fo["reason"])
        check(result("show config", sock=sock)["generation"] == gen0 + 1, "generation")
        rc, out, _ = ctl("show", "policies", sock=sock)
        check(rc == 0 and "* cp 100 (backup)" in out, "srv6gwctl: %s" % out[:300])
        rc, out, err = ctl("route", "add", "fc00:2::/32", "via", "fc00:c::2", "port", "core",
                           sock=sock)
        check(rc == 0, "srv6gwctl route add: %s %s" % (out, err))
        fo = {x["name"]: x for x in result("show policies", sock=sock)["policies"]}["fo"]
        check(fo["active_candidate_path"] == 200, "after route add: %r" %
              fo["active_candidate_path"])
        r = req("route del", {"prefix": "fc00:99::/32"}, sock=sock)
        check(r["ok"] is False and r["error"]["code"] == "not_found", "del of nothing: %r" % r)
        r = req("route add", {"prefix": "fc00:2::1/32", "port": "core"}, sock=sock)
        check(r["ok"] is False and r["error"]["code"] == "bad_argument", "host bits: %r" % r)
        r = req("route add", {"prefix": "fc00:2::/32", "port": "nope"}, sock=sock)
        check(r["ok"] is False and "unknown port" in r["error"]["message"], "port: %r" % r)
        r = req("route add", {"prefix": "10.0.0.0/8", "port": "core", "algorithm": 128},
                sock=sock)
        check(r["ok"] is False, "IPv4 Flex-Algo route accepted: %r" % r)
    finally:
        gw_stop(p)


def t_reload_valid():
    g0, ok0, _ = config_state()
    pol0, sid0 = obj_packets(raw_stats())
    write_conf(modified_conf())
    r = req("reload", timeout=15)
    check(r["ok"] is True, "reload refused: %r" % r.get("error"))
    check(r["result"].get("generation") == g0 + 1, "generation %r, want %d" % (
        r["result"].get("generation"), g0 + 1))
    g1, ok1, _ = config_state()
    check(g1 == g0 + 1 and ok1 == ok0 + 1, "show config: generation %d reloads_ok %d" % (g1, ok1))
    routes = result("show routes")["routes"]
    check(any(x["prefix"] == "2001:db8:99::/48" for x in routes), "new route not shown")
    sids = [x["sid"] for x in result("show sids")["sids"]]
    check("fc00:1::e9" in sids, "new SID not shown")
    time.sleep(0.1)
    pol1, sid1 = obj_packets(raw_stats())
    check(pol1["to-laptop"] > pol0["to-laptop"], "policy to-laptop: %d after reload, %d before" % (
        pol1["to-laptop"], pol0["to-laptop"]))
    check(sid1["fc00:1::e"] > sid0["fc00:1::e"], "SID fc00:1::e: %d after reload, %d before" % (
        sid1["fc00:1::e"], sid0["fc00:1::e"]))
    check(sid1.get("fc00:1::e9") == 0, "new SID fc00:1::e9 counts %r" % sid1.get("fc00:1::e9"))
    validate(VALIDATOR, raw_stats(), "show stats after reload")
    assert_alive()


def t_reload_broken_syntax():
    g0, _, f0 = config_state()
    lines = MODIFIED.split("\n")
    idx = next(i for i, l in enumerate(lines) if 'name = "to-laptop"' in l)
    lines[idx] = lines[idx].replace('"fc00:3::d4"]', '"fc00:3::d4"')   # unclosed [
    check(lines[idx] != MODIFIED.split("\n")[idx], "could not break the file")
    write_conf("\n".join(lines))
    r = req("reload", timeout=15)
    check(r["ok"] is False, "broken file accepted")
    e = r["error"]
    check(e["code"] == "reload_failed", "code %r" % e["code"])
    errs = e.get("errors")
    check(isinstance(errs, list) and errs, "no errors list: %r" % e)
    check(all(set(x) >= {"file", "line", "text"} for x in errs), "errors without file/line/text")
    check(errs[0]["file"] == CONF, "file %r, want %r" % (errs[0]["file"], CONF))
    check(errs[0]["line"] == idx + 1, "line %r, want %d (%s)" % (errs[0]["line"], idx + 1,
                                                                errs[0]["text"]))
    g1, _, f1 = config_state()
    check(g1 == g0, "generation changed %d -> %d" % (g0, g1))
    check(f1 == f0 + 1, "reloads_failed %d -> %d" % (f0, f1))
    check(result("show config")["last_error"], "last_error empty after a failed reload")
    rc, out, err = ctl("reload")
    check(rc == 1, "srv6gwctl reload of a broken file: exit %d" % rc)
    check(re.search(r"^%s:%d: " % (re.escape(CONF), idx + 1), err, re.M),
          "srv6gwctl did not print file:line: %r" % err[:300])
    assert_alive()


def t_reload_broken_semantic():
    g0, _, f0 = config_state()
    lines = MODIFIED.split("\n")
    idx = next(i for i, l in enumerate(lines) if 'policy = "to-laptop"' in l)
    lines[idx] = lines[idx].replace('"to-laptop"', '"no-such-policy"')
    idx2 = next(i for i, l in enumerate(lines) if 'hop_limit = 64;' in l)
    lines[idx2] = lines[idx2].replace("64", "999")
    write_conf("\n".join(lines))
    r = req("reload", timeout=15)
    check(r["ok"] is False and r["error"]["code"] == "reload_failed", "accepted or wrong code")
    got = sorted((x["file"], x["line"]) for x in r["error"]["errors"])
    want = sorted([(CONF, idx + 1), (CONF, idx2 + 1)])
    check(got == want, "errors at %s, want %s (%s)" % (got, want, [x["text"] for x in
                                                                   r["error"]["errors"]]))
    g1, _, f1 = config_state()
    check(g1 == g0 and f1 == f0 + 1, "generation %d->%d reloads_failed %d->%d" % (g0, g1, f0, f1))
    assert_alive()


def t_reload_restart_only():
    g0, _, f0 = config_state()
    t = MODIFIED.replace('mtu = 1500;', 'mtu = 1400;', 1)
    check(t != MODIFIED, "no mtu = 1500 in the file")
    write_conf(t)
    r = req("reload", timeout=15)
    check(r["ok"] is False, "an MTU change was accepted by a reload")
    check("restart" in r["error"]["message"], "message does not say restart: %r" %
          r["error"]["message"])
    g1, _, f1 = config_state()
    check(g1 == g0 and f1 == f0 + 1, "generation %d->%d reloads_failed %d->%d" % (g0, g1, f0, f1))
    ports = result("show ports")["ports"]
    check([p["mtu"] for p in ports if p["name"] == "in"] == [1500], "MTU changed anyway")
    write_conf(MODIFIED)
    assert_alive()


def t_reload_sighup():
    write_conf(BASE_CONF)
    g0, ok0, _ = config_state()
    pol0, sid0 = obj_packets(raw_stats())
    GW.send_signal(signal.SIGHUP)
    end = time.monotonic() + 10
    while time.monotonic() < end:
        g1, ok1, _ = config_state()
        if g1 != g0:
            break
        time.sleep(0.05)
    check(g1 == g0 + 1 and ok1 == ok0 + 1, "after SIGHUP generation %d->%d reloads_ok %d->%d" % (
        g0, g1, ok0, ok1))
    sids = [x["sid"] for x in result("show sids")["sids"]]
    check("fc00:1::e9" not in sids, "SIGHUP did not load the file (removed SID still there)")
    pol1, sid1 = obj_packets(raw_stats())
    check(pol1["to-laptop"] >= pol0["to-laptop"] and sid1["fc00:1::e"] >= sid0["fc00:1::e"],
          "counters went back after SIGHUP reload")
    assert_alive()


def t_reload_concurrent():
    """Several clients asking for a reload at once are all answered."""
    g0, _, _ = config_state()
    socks = []
    for _ in range(5):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(15)
        s.connect(SOCK)
        socks.append(s)
    for s in socks:
        s.sendall(b'{"command":"reload"}\n')
    gens = []
    for s in socks:
        buf = b""
        while b"\n" not in buf:
            d = s.recv(65536)
            if not d:
                break
            buf += d
        s.close()
        check(b"\n" in buf, "a reload request got no reply")
        r = json.loads(buf.split(b"\n")[0])
        check(r.get("ok") is True, "reload reply %r" % r)
        gens.append(r["result"]["generation"])
    g1, _, _ = config_state()
    check(all(g0 < g <= g1 for g in gens), "generations %s not in (%d, %d]" % (gens, g0, g1))
    assert_alive()


# -------------------------------------------------------------------- log level


def t_log_level():
    r = result("log level", {"level": "debug"})
    check(r.get("level") == "debug", "set: %r" % r)
    r = result("log level")
    check(r.get("level") == "debug", "after setting debug, log level says %r" % r.get("level"))
    rc, out, err = ctl("log", "level")
    check(rc == 0 and re.search(r"^level\s+debug$", out, re.M), "srv6gwctl log level: %r" % out)
    r = req("log level", {"level": "verbose"})
    check(r["ok"] is False and r["error"]["code"] == "bad_argument", "bad level: %r" % r)
    rc, out, err = ctl("log", "level", "chatty")
    check(rc == 1, "srv6gwctl log level chatty: exit %d, want 1" % rc)
    r = req("log level", {"type": "lib.eal", "level": "debug"})
    check(r["ok"] is False, "type outside srv6gw.* accepted: %r" % r)
    r = req("log level", {"level": 7})
    check(r["ok"] is False or r["result"]["level"] == "debug", "numeric level: %r" % r)
    rc, out, err = ctl("log", "level", "info")
    check(rc == 0 and "info" in out, "back to info: exit %d %r" % (rc, out))
    check(result("log level")["level"] == "info", "level not back to info")
    assert_alive()


# ------------------------------------------------------------------ instances


def second_instance(prefix):
    p = subprocess.run(gw_cmd(prefix, CONF, SOCK), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=20)
    PREFIXES.append(prefix)
    return p.returncode, p.stdout.decode(errors="replace")


def t_second_instance():
    rc, out = second_instance("ctl%dsecond" % os.getpid())
    check(rc != 0, "second srv6gw on the same socket exited 0: %s" % out[-300:])
    check("another srv6gw" in out or "running" in out, "no clear message: %r" % out[-300:])
    note("second instance: exit %d: %s" % (rc, out.strip().splitlines()[-1] if out.strip() else ""))
    assert_alive("after a second instance was refused")


def t_third_instance():
    """A refused instance must not remove the running one's lock file, else the next
    instance takes the lock, unlinks the running one's socket and binds its own."""
    lock = SOCK + ".lock"
    check(os.path.exists(lock), "no lock file %s" % lock)
    rc, out = second_instance("ctl%dsecond2" % os.getpid())
    check(rc != 0, "second srv6gw was not refused: %s" % out[-200:])
    present = os.path.exists(lock)
    prefix = "ctl%dthird" % os.getpid()
    PREFIXES.append(prefix)
    log = open(os.path.join(W, prefix + ".log"), "wb")
    p = subprocess.Popen(gw_cmd(prefix, CONF, SOCK), stdout=log, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL)
    p.logpath = log.name
    PROCS.append(p)
    try:
        rc = p.wait(5)      # a refused instance stops before EAL: at once
    except subprocess.TimeoutExpired:
        rc = None
    if rc is None:
        gw_stop(p)
        raise Fail("a third srv6gw started on the socket of a running one (lock file %s after "
                   "the refused second instance) -- the first one lost its socket" %
                   ("present" if present else "GONE"))
    check(rc != 0, "third instance exited 0")
    check(present, "lock file %s vanished after a refused instance" % lock)
    assert_alive()


def t_kill9_restart():
    global GW
    GW.kill()
    GW.wait(10)
    check(os.path.exists(SOCK), "no socket file after kill -9 (nothing stale to remove?)")
    GW = gw_start("ctl%drestart" % os.getpid(), CONF, SOCK, stats=STATS)
    wait_up(GW, SOCK)
    g, _, _ = config_state()
    check(g == 1, "new instance generation %d" % g)
    check(result("show config")["started_at"] >= int(time.time()) - 60, "an old instance answers")
    check(os.stat(SOCK).st_mode & 0o777 == 0o660, "socket mode")
    assert_alive()


def t_sigterm_stats_file():
    rc = gw_stop(GW)
    check(rc == 0, "exit status %s after SIGTERM" % rc)
    check(not os.path.exists(SOCK), "socket file left after a clean exit")
    with open(STATS) as f:
        s = json.load(f)
    validate(VALIDATOR, s, "--stats-file")
    check(s["events"]["rx_packets"] > 0, "stats file shows no traffic")
    # (the workers stopped: every share in; the ports' counts are the PMDs')
    wrx = [w["rx_packets"] for w in s["workers"]]
    prx = sum(p["rx_packets"] for p in s["ports"])
    check(sum(wrx) == prx and prx > 0, "workers' rx_packets %s, the ports' %d" % (wrx, prx))


# ----------------------------------------------------------------------- main


def make_pcap(path):
    from scapy.all import Ether, IP, IPv6, UDP, Raw, wrpcap
    from scapy.layers.inet6 import IPv6ExtHdrSegmentRouting
    edge = dict(src="02:00:00:00:ee:fe", dst="02:00:00:00:00:01")
    pkts = [Ether(**edge) / IP(src="192.0.2.%d" % (10 + i), dst="203.0.113.%d" % (1 + i)) /
            UDP(sport=1024 + i, dport=4789) / Raw(b"\x00" * 18) for i in range(8)]
    for i in range(2):  # End SID fc00:1::e, forwarded to fc00:2::e
        inner = IPv6(src="2001:db8:aa::%x" % (i + 1), dst="2001:db8:f::1") / \
            UDP(sport=1024 + i, dport=4789) / Raw(b"\x00" * 16)
        pkts.append(Ether(src="02:00:00:00:0c:02", dst="02:00:00:00:00:01") /
                    IPv6(src="fc00:c::2", dst="fc00:1::e", hlim=64) /
                    IPv6ExtHdrSegmentRouting(addresses=["fc00:2::e", "fc00:1::e"], segleft=1,
                                             lastentry=1, nh=41) / inner)
    wrpcap(path, pkts)


def main():
    global W, SOCK, CONF, STATS, GW, SRV6GW, SRV6GWCTL, VALIDATOR, BASE_CONF, MODIFIED
    def abort(sig, _frame):
        raise Abort("watchdog: run longer than %d s" % WATCHDOG_S if sig == signal.SIGALRM
                    else "signal %d" % sig)
    signal.signal(signal.SIGALRM, abort)
    signal.signal(signal.SIGTERM, abort)
    signal.signal(signal.SIGINT, abort)
    signal.alarm(WATCHDOG_S)
    W = tempfile.mkdtemp(prefix="srv6gw-ctl.")
    try:
        if os.geteuid() != 0:
            fail("prerequisites", "must run as root")
            return
        # run copies: a rebuild during the run must not pull the binaries away
        for var, name in (("SRV6GW", "srv6gw"), ("SRV6GWCTL", "srv6gwctl")):
            src = os.environ.get(var, os.path.join(ROOT, "build", name))
            if not os.access(src, os.X_OK):
                fail("prerequisites", "%s missing: %s (run scripts/build.sh)" % (name, src))
                return
            shutil.copy(src, os.path.join(W, name))
        SRV6GW, SRV6GWCTL = os.path.join(W, "srv6gw"), os.path.join(W, "srv6gwctl")
        SOCK = os.path.join(W, "ctl.sock")
        CONF = os.path.join(W, "srv6gw.conf")
        STATS = os.path.join(W, "stats.json")
        BASE_CONF = open(os.path.join(ROOT, "conf/bench.conf")).read()
        with open(CONF, "w") as f:
            f.write(BASE_CONF)
        make_pcap(os.path.join(W, "in.pcap"))

        if not case("stats schema file matches counters.h")(t_schema_file):
            return
        VALIDATOR = schema_validator()
        GW = gw_start("ctl%d" % os.getpid(), CONF, SOCK, stats=STATS)
        if not case("srv6gw starts and answers on its socket (0660)")(t_start):
            return
        MODIFIED = modified_conf()
        case("help lists every command")(t_help_lists_all)
        case("every command via the socket")(t_commands_socket)
        case("every command via srv6gwctl (human output)")(t_commands_ctl_human)
        case("every command via srv6gwctl --json")(t_commands_ctl_json)
        case("metrics is valid Prometheus text")(t_metrics)
        case("live show stats matches the schema")(t_stats_schema)
        case("counters are monotonic")(t_monotonic)
        case("clear stats: cleared view restarts, raw keeps growing")(t_clear_stats)
        for name, payload, codes in BAD_INPUTS:
            case("bad input: " + name)(bad_input, payload, codes)
        case("idle clients closed after ~10 s, others served meanwhile")(t_silent_clients)
        case("several requests one after another on one connection")(t_sequential_requests)
        case("clients leaving right after sending show stats")(t_disconnect_after_send)
        case("1000 connections at once")(t_thousand_connections)
        case("user nobody: refused by the socket's permissions")(t_forbidden_perms)
        case("user nobody with a world-writable socket: forbidden (SO_PEERCRED)")(
            t_forbidden_peercred)
        case("member of the socket's group (setgid directory) is admitted")(t_socket_group)
        case("srv6gwctl: no srv6gw at the path exits 3")(t_ctl_missing_socket)
        case("srv6gwctl: bad usage exits 2")(t_ctl_usage)
        case("srv6gwctl: error reply exits 1")(t_ctl_error_reply)
        case("show policies: candidate paths and why; route del/add fail over and back")(
            t_policies_failover)
        case("reload of a valid modified file (renamed into place)")(t_reload_valid)
        case("reload of a file with a syntax error: refused, file:line")(t_reload_broken_syntax)
        case("reload of a file with semantic errors: refused, every file:line")(
            t_reload_broken_semantic)
        case("reload changing a port MTU: refused (restart only)")(t_reload_restart_only)
        case("SIGHUP reloads")(t_reload_sighup)
        case("reload asked by 5 clients at once")(t_reload_concurrent)
        case("log level debug, then log level shows it; bad level refused")(t_log_level)
        case("second srv6gw on the same socket refused, first keeps running")(t_second_instance)
        case("after kill -9 a new srv6gw starts on the same socket")(t_kill9_restart)
        case("third srv6gw on the same socket refused too")(t_third_instance)
        case("SIGTERM: clean exit, --stats-file matches the schema")(t_sigterm_stats_file)
    except Abort as e:
        fail("run aborted", e)
    finally:
        signal.alarm(0)
        cleanup()
        note("%.1f s" % (time.monotonic() - T0))
        print("%d passed, %d failed" % (PASS, FAIL), flush=True)


if __name__ == "__main__":
    main()
    sys.exit(1 if FAIL else 0)
