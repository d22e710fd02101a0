"""The driver side of test/lib/netns.sh, shared by test/fault/drive.py and
test/reload/drive.py (standard library only).

run.sh (through netns.sh) builds the namespaces and veths

    NS_SRC: w0 ==veth== west  [NS_GW: srv6gw]  east ==veth== e0 :NS_DST

and passes NS_WORK, NS_SRC, NS_GW, NS_DST, NS_SRV6GW, NS_SRV6GWCTL and
NS_PREFIX in the environment. This module has what both drivers do in it:
"ok NAME[: detail]" / "FAIL NAME: why" lines and their counts (written to
WORK/result for run.sh), starting processes (each listed in WORK/pids for
run.sh's trap), srv6gwctl calls, waiting for srv6gw's links, and the counted
stream of test/reload/traffic.py (IPv4 -> policy "steady": H.Encaps with
SEGMENTS from OUTER_SRC) between w0 and e0.
"""
import json
import os
import subprocess
import time

E = os.environ
WORK = E["NS_WORK"]
NS_SRC, NS_GW, NS_DST = E["NS_SRC"], E["NS_GW"], E["NS_DST"]
SRV6GW, SRV6GWCTL = E["NS_SRV6GW"], E["NS_SRV6GWCTL"]
PREFIX = E["NS_PREFIX"]
PY = "/usr/bin/python3"
TRAFFIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reload", "traffic.py")

# the veths of netns.sh
MAC = {"w0": "02:00:00:0a:00:02", "west": "02:00:00:0a:00:01",
       "east": "02:00:00:0b:00:01", "e0": "02:00:00:0b:00:02"}
# policy "steady" of both tests' configurations, as traffic.py recv checks it
OUTER_SRC = "2001:db8:1::1"
SEGMENTS = ["2001:db8:5::d4", "2001:db8:6::d4"]
# af_packet rings of 4096 frames (default 512): room for 0.8 s of a 5 kpps
# stream should the worker be descheduled by a busy machine
AFP = "blocksz=4096,framesz=2048,framecnt=4096,qpairs=1"
SOCK = os.path.join(WORK, "ctl.sock")
CONF = os.path.join(WORK, "srv6gw.conf")

COUNT = {"pass": 0, "fail": 0}
PROCS = []


# ------------------------------------------------------------------ results

def ok(name, detail=""):
    COUNT["pass"] += 1
    print("ok %s%s" % (name, (": " + detail) if detail else ""), flush=True)


def fail(name, why):
    COUNT["fail"] += 1
    print("FAIL %s: %s" % (name, why), flush=True)


def note(msg):
    print("# " + msg, flush=True)


def check(name, cond, detail="", why=None):
    """ok NAME[: detail] if cond, else FAIL NAME: why (or detail)."""
    if cond:
        ok(name, detail)
    else:
        fail(name, why or detail)
    return cond


def write_result():
    """WORK/result: "PASSED FAILED", what run.sh adds to its own counts."""
    with open(os.path.join(WORK, "result"), "w") as f:
        f.write("%d %d\n" % (COUNT["pass"], COUNT["fail"]))


# ---------------------------------------------------------------- processes

def start(args, log, stdin=subprocess.DEVNULL):
    """Start args with its output in WORK/log; listed in WORK/pids."""
    p = subprocess.Popen(args, stdout=open(os.path.join(WORK, log), "wb"),
                         stderr=subprocess.STDOUT, stdin=stdin)
    p.log = os.path.join(WORK, log)
    PROCS.append(p)
    with open(os.path.join(WORK, "pids"), "a") as f:
        f.write("%d\n" % p.pid)
    return p


def tail(p, n=10):
    """The last n lines of a started process's log, on one line."""
    try:
        return " | ".join(open(p.log, errors="replace").read().splitlines()[-n:])
    except OSError:
        return ""


def stop_all():
    """Terminate (then kill) every started process that still runs."""
    for p in PROCS:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)


# ------------------------------------------------------------------ srv6gwctl

def ctl(*args, timeout=30):
    """srv6gwctl on SOCK: (exit status, stdout, seconds it took)."""
    rc, out, _, dt = _ctl(args, timeout)
    return rc, out, dt


def _ctl(args, timeout):
    t = time.monotonic()
    p = subprocess.run([SRV6GWCTL, "-s", SOCK, "--timeout", "20"] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return (p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"),
            time.monotonic() - t)


def ctl_json(*args):
    """srv6gwctl --json: (exit status, the reply, seconds); RuntimeError if none."""
    rc, out, err, dt = _ctl(("--json",) + args, 30)
    if rc == 3 or not out.strip():
        raise RuntimeError("srv6gwctl %s: exit %d %s" % (" ".join(args), rc, err.strip()))
    return rc, json.loads(out), dt


def stats():
    rc, r, _ = ctl_json("raw", '{"command":"show stats","args":{"raw":true}}')
    if rc != 0:
        raise RuntimeError("show stats: %r" % r)
    return r["result"]


def links_up(p, seconds=30):
    """Wait until srv6gw (process p) reports both ports up; False if not in time."""
    end = time.monotonic() + seconds
    while time.monotonic() < end and p.poll() is None:
        try:
            ports = ctl_json("show", "ports")[1]["result"]["ports"]
            if [x["link"] for x in ports] == ["up", "up"]:
                return True
        except (RuntimeError, ValueError, KeyError, subprocess.TimeoutExpired):
            pass
        time.sleep(0.2)
    return False


# ------------------------------------------------------------------ traffic

def recv_start(stop, ready, out, sent_file, eth_src, log):
    """traffic.py recv on e0 (NS_DST): counts the stream's frames, each the
    H.Encaps of what was sent, from eth_src; results in out once stop exists."""
    return start(["ip", "netns", "exec", NS_DST, PY, TRAFFIC, "recv", "--iface", "e0",
                  "--stop", stop, "--ready", ready, "--out", out, "--sent-file", sent_file,
                  "--eth-src", eth_src, "--eth-dst", MAC["e0"], "--outer-src", OUTER_SRC,
                  "--segments", ",".join(SEGMENTS)], log)


def recv_ready(recv, ready, seconds=15):
    """Wait until the receiver wrote its ready file (or ended); True if it did."""
    end = time.monotonic() + seconds
    while not os.path.exists(ready) and time.monotonic() < end and recv.poll() is None:
        time.sleep(0.05)
    return os.path.exists(ready)


def send_start(rate, stop, out, log):
    """traffic.py send on w0 (NS_SRC) toward west, rate pps, until stop exists."""
    return start(["ip", "netns", "exec", NS_SRC, PY, TRAFFIC, "send", "--iface", "w0",
                  "--src-mac", MAC["w0"], "--dst-mac", MAC["west"], "--rate", str(rate),
                  "--stop", stop, "--out", out], log)


def wait_all(procs, seconds=30):
    """Wait for each process, killing the one that does not end in time."""
    for p in procs:
        try:
            p.wait(seconds)
        except subprocess.TimeoutExpired:
            p.kill()
