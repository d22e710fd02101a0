"""Shared harness of the control socket tests (entry point: test/ctl/run.py).

Pass/fail bookkeeping and case(); the srv6gw processes (start, wait until it
answers, stop, cleanup); the socket client (transact, req, result); srv6gwctl
(ctl); the liveness check (assert_alive); the stats schema validator. The run
state below (W, SOCK, CONF, GW, ...) is set by run.py's main(); the test
modules read and set it as harness.NAME.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
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
# set by run.py's main() before the first case:
SRV6GW = SRV6GWCTL = None   # the run's copies of the binaries
SOCK = CONF = STATS = None  # control socket, configuration file, --stats-file
BASE_CONF = None    # conf/bench.conf as read at the start
GW = None           # the srv6gw under test (Popen); t_kill9_restart replaces it
VALIDATOR = None    # docs/stats.schema.json validator
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
