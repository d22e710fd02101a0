"""show policies (conf/test/policy.conf): candidate paths and why; route del/add
fail over and back.

Part of test/ctl/run.py; the harness is test/ctl/harness.py.
"""
import os

import harness
from harness import check, ctl, gw_start, gw_stop, req, result, ROOT, wait_up


def t_policies_failover():
    """conf/test/policy.conf: show policies says which candidate path is active
    and why; route del/add move policy fo between its paths without a reload
    of the file (RFC 9256 §5.1)."""
    conf = os.path.join(harness.W, "policy.conf")
    text = open(os.path.join(ROOT, "conf/test/policy.conf")).read()
    with open(conf, "w") as f:
        f.write(text.replace('"net_pcap1"', '"net_null0"'))
    sock = os.path.join(harness.W, "pol.sock")
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
