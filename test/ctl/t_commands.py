"""Every command: help lists them all; each via the socket with its documented
result keys, via srv6gwctl (human and --json); log level.

Part of test/ctl/run.py; the harness is test/ctl/harness.py.
"""
import json
import re

import harness
from harness import assert_alive, check, check_envelope, ctl, Fail, req, result, validate


COMMANDS = ["show stats", "show sids", "show policies", "show routes", "show neighbors",
            "show ports", "show config", "reload", "clear stats", "log level", "version", "help"]


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
    validate(harness.VALIDATOR, json.loads(out)["result"], "srv6gwctl --json show stats")


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
