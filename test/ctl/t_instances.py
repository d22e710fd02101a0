"""Instances: srv6gw starts and answers; a second and a third on the same socket
are refused; a restart after kill -9; SIGTERM and the --stats-file.

Part of test/ctl/run.py; the harness is test/ctl/harness.py.
"""
import json
import os
import subprocess
import time

import harness
from harness import (assert_alive, check, Fail, gw_cmd, gw_start, gw_stop, note, result, validate,
                     wait_up)
from t_reload import config_state


def t_start():
    wait_up(harness.GW, harness.SOCK)
    mode = os.stat(harness.SOCK).st_mode & 0o777
    check(mode == 0o660, "socket mode %o, want 660" % mode)


# ------------------------------------------------------------------ instances


def second_instance(prefix):
    p = subprocess.run(gw_cmd(prefix, harness.CONF, harness.SOCK), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=20)
    harness.PREFIXES.append(prefix)
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
    lock = harness.SOCK + ".lock"
    check(os.path.exists(lock), "no lock file %s" % lock)
    rc, out = second_instance("ctl%dsecond2" % os.getpid())
    check(rc != 0, "second srv6gw was not refused: %s" % out[-200:])
    present = os.path.exists(lock)
    prefix = "ctl%dthird" % os.getpid()
    harness.PREFIXES.append(prefix)
    log = open(os.path.join(harness.W, prefix + ".log"), "wb")
    p = subprocess.Popen(gw_cmd(prefix, harness.CONF, harness.SOCK), stdout=log,
                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    p.logpath = log.name
    harness.PROCS.append(p)
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
    harness.GW.kill()
    harness.GW.wait(10)
    check(os.path.exists(harness.SOCK), "no socket file after kill -9 (nothing stale to remove?)")
    harness.GW = gw_start("ctl%drestart" % os.getpid(), harness.CONF, harness.SOCK,
                          stats=harness.STATS)
    wait_up(harness.GW, harness.SOCK)
    g, _, _ = config_state()
    check(g == 1, "new instance generation %d" % g)
    check(result("show config")["started_at"] >= int(time.time()) - 60, "an old instance answers")
    check(os.stat(harness.SOCK).st_mode & 0o777 == 0o660, "socket mode")
    assert_alive()


def t_sigterm_stats_file():
    rc = gw_stop(harness.GW)
    check(rc == 0, "exit status %s after SIGTERM" % rc)
    check(not os.path.exists(harness.SOCK), "socket file left after a clean exit")
    with open(harness.STATS) as f:
        s = json.load(f)
    validate(harness.VALIDATOR, s, "--stats-file")
    check(s["events"]["rx_packets"] > 0, "stats file shows no traffic")
    # (the workers stopped: every share in; the ports' counts are the PMDs')
    wrx = [w["rx_packets"] for w in s["workers"]]
    prx = sum(p["rx_packets"] for p in s["ports"])
    check(sum(wrx) == prx and prx > 0, "workers' rx_packets %s, the ports' %d" % (wrx, prx))
