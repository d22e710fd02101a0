"""Reloads: a valid modified file, syntax and semantic errors, a restart-only
change, SIGHUP, five clients at once; the configuration helpers.

Part of test/ctl/run.py; the harness is test/ctl/harness.py.
"""
import json
import os
import re
import signal
import socket
import time

import harness
from harness import assert_alive, check, ctl, raw_stats, req, result, validate


def write_conf(text):
    tmp = harness.CONF + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, harness.CONF)


def config_state():
    c = result("show config")
    return c["generation"], c["reloads_ok"], c["reloads_failed"]


def obj_packets(s):
    return ({p["name"]: p["packets"] for p in s["policies"]},
            {x["sid"]: x["packets"] for x in s["sids"]})


MODIFIED = None     # modified_conf(), set by run.py's main()


def modified_conf():
    t = harness.BASE_CONF.replace("routes = (\n", "routes = (\n  { prefix = \"2001:db8:99::/48\"; "
                          "via = \"fc00:c::2\"; port = \"out\"; },\n", 1)
    t = t.replace("sids = (\n", "sids = (\n    { sid = \"fc00:1::e9\"; behavior = \"End\"; },\n", 1)
    check(t.count("2001:db8:99::/48") == 1 and t.count("fc00:1::e9") == 1,
          "could not modify conf/bench.conf (anchors moved?)")
    return t


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
    validate(harness.VALIDATOR, raw_stats(), "show stats after reload")
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
    check(errs[0]["file"] == harness.CONF, "file %r, want %r" % (errs[0]["file"], harness.CONF))
    check(errs[0]["line"] == idx + 1, "line %r, want %d (%s)" % (errs[0]["line"], idx + 1,
                                                                errs[0]["text"]))
    g1, _, f1 = config_state()
    check(g1 == g0, "generation changed %d -> %d" % (g0, g1))
    check(f1 == f0 + 1, "reloads_failed %d -> %d" % (f0, f1))
    check(result("show config")["last_error"], "last_error empty after a failed reload")
    rc, out, err = ctl("reload")
    check(rc == 1, "srv6gwctl reload of a broken file: exit %d" % rc)
    check(re.search(r"^%s:%d: " % (re.escape(harness.CONF), idx + 1), err, re.M),
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
    want = sorted([(harness.CONF, idx + 1), (harness.CONF, idx2 + 1)])
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
    write_conf(harness.BASE_CONF)
    g0, ok0, _ = config_state()
    pol0, sid0 = obj_packets(raw_stats())
    harness.GW.send_signal(signal.SIGHUP)
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
        s.connect(harness.SOCK)
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
