#!/usr/bin/python3
"""The hitless-reload proof, driven from test/reload/run.sh (see README.md).

run.sh builds the namespaces and veths and removes them on exit; this script
starts srv6gw, the receiver and the sender (each in its namespace), reloads
the configuration RELOADS times under traffic, stops everything it started,
and prints "ok NAME" / "FAIL NAME: why" lines (no summary: run.sh prints it).
Every process it starts is listed in WORK/pids for run.sh's trap. What it
shares with test/fault/drive.py is in test/lib/nsdrive.py.
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from nsdrive import (AFP, CONF, COUNT, MAC, OUTER_SRC, PREFIX,  # noqa: E402
                     SEGMENTS, SOCK, SRV6GW, WORK, NS_GW, check, ctl_json, fail,
                     links_up, note, recv_ready, recv_start, send_start, start, stats,
                     stop_all, wait_all, write_result)
from nsdrive import tail as _tail  # noqa: E402

E = os.environ
RATE = int(E.get("RELOAD_RATE", "5000"))
RELOADS = int(E.get("RELOAD_COUNT", "100"))
LCORES = E.get("RELOAD_LCORES", "0,1")
# the reloads are spread over this many seconds (at least), so the stream
# runs ~SPREAD + 3 s: about 30 s and 140k packets by default
SPREAD = float(E.get("RELOAD_SPREAD", "26"))

STATS = os.path.join(WORK, "stats.json")
STOP = os.path.join(WORK, "stop")


def tail(p, n=15):
    return _tail(p, n)


def show_config():
    return ctl_json("show", "config")[1]["result"]


def pool(s, name="srv6gw_rx"):
    return next(p for p in s["mempools"] if p["name"] == name)


# --------------------------------------------------------------- configs

CONF_A = """# hitless-reload test, file A (test/reload/README.md)
version = 1;
ports = (
  { name = "west"; device = "net_af_packet0"; ipv4 = ["192.0.2.1/24"];
    ipv6 = ["2001:db8:a::1/64"]; mtu = 1500; },
  { name = "east"; device = "net_af_packet1"; ipv6 = ["2001:db8:b::1/64"]; mtu = 1500; }
);
neighbors = (
  { port = "east"; address = "2001:db8:b::2"; mac = "%(e0)s"; }
);
routes = (
%(routes)s  { prefix = "2001:db8:5::/48"; via = "2001:db8:b::2"; port = "east"; }
);
srv6 = {
  source = "%(src)s";
  hop_limit = 64;
  locators = ( { name = "main"; prefix = "2001:db8:1::/48"; } );
  sids = (
%(sids)s    { sid = "2001:db8:1::e"; behavior = "End"; }
  );
  policies = (
%(policies)s    { name = "steady"; mode = "encaps"; segments = ["%(s0)s", "%(s1)s"]; }
  );
  steering = (
%(steering)s    { match = "203.0.113.0/24"; policy = "steady"; }
  );
};
"""


def conf(extra):
    d = dict(e0=MAC["e0"], src=OUTER_SRC, s0=SEGMENTS[0], s1=SEGMENTS[1], routes="", sids="",
             policies="", steering="")
    if extra:   # file B: things off the steady flow's path
        d.update(routes='  { prefix = "2001:db8:77::/48"; via = "2001:db8:b::2"; port = "east"; },\n',
                 sids='    { sid = "2001:db8:1::e2"; behavior = "End"; flavors = ["psp"]; },\n'
                      '    { sid = "2001:db8:1::a6"; behavior = "End.DT6"; table = 0; },\n',
                 policies='    { name = "spare"; mode = "encaps.red"; '
                          'segments = ["2001:db8:77::1"]; },\n',
                 steering='    { match = "198.51.100.0/24"; policy = "spare"; },\n')
    return CONF_A % d


def broken():
    lines = conf(False).split("\n")
    i = next(k for k, l in enumerate(lines) if "hop_limit = 64;" in l)
    lines[i] = "  hop_limit = 64"          # then a stray token on the next line
    lines.insert(i + 1, "  this is not libconfig;")
    return "\n".join(lines), i + 2


def install(text):
    with open(CONF + ".tmp", "w") as f:
        f.write(text)
    os.rename(CONF + ".tmp", CONF)


# ------------------------------------------------------------------ main


def run():
    files = {"A": conf(False), "B": conf(True)}
    files["bad"], bad_line = broken()
    for k, v in files.items():
        with open(os.path.join(WORK, k + ".conf"), "w") as f:
            f.write(v)
    install(files["A"])
    for name in ("A", "B"):
        r = subprocess.run([SRV6GW, "--", "-c", os.path.join(WORK, name + ".conf"),
                            "--check-config"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            fail("config %s valid" % name, r.stdout.decode(errors="replace").strip())
            return

    gw = start(["ip", "netns", "exec", NS_GW, SRV6GW, "-l", LCORES, "--no-huge", "-m", "1024",
                "--no-pci", "--no-shconf", "--file-prefix", PREFIX, "--log-level=lib.*:error",
                "--vdev=net_af_packet0,iface=west," + AFP,
                "--vdev=net_af_packet1,iface=east," + AFP,
                "--", "-c", CONF, "--ctl-socket", SOCK, "--stats-file", STATS], "srv6gw.log")
    up = links_up(gw, 30)
    if not check("srv6gw up on net_af_packet west/east, links up", up,
                 why="not up within 30 s (status %s): %s" % (gw.poll(), tail(gw))):
        return
    s0 = stats()
    base_pools = {p["name"]: p["in_use"] for p in s0["mempools"]}
    note("before traffic: srv6gw_rx %s" % json.dumps(pool(s0)))

    ready = os.path.join(WORK, "recv.ready")
    recv = recv_start(STOP, ready, os.path.join(WORK, "recv.json"),
                      os.path.join(WORK, "sent.json"), MAC["east"], "recv.log")
    if not check("receiver ready on e0", recv_ready(recv, ready, 15), why=tail(recv)):
        return
    t_traffic = time.monotonic()
    send = send_start(RATE, STOP, os.path.join(WORK, "sent.json"), "send.log")
    time.sleep(2.0)
    s1 = stats()
    flowing = s1["events"]["encapsulated"] > 0
    if not check("traffic flows before the reloads", flowing,
                 why="nothing encapsulated after 2 s: events %s, drops %s; sender: %s" % (
                     {k: v for k, v in s1["events"].items() if v},
                     {k: v for k, v in s1["drops"].items() if v}, tail(send))):
        open(STOP, "w").close()
        return

    # ---- the reloads: A, B, broken, A, B, broken, ...
    order = ["A", "B", "bad"]
    results = []
    heap = {}
    slow = 0.0
    t_rel = time.monotonic()
    for i in range(1, RELOADS + 1):
        wait = t_rel + (i - 1) * SPREAD / RELOADS - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        kind = order[(i - 1) % 3]
        install(files[kind])
        t = time.monotonic()
        rc, r, _ = ctl_json("reload")
        slow = max(slow, time.monotonic() - t)
        results.append((i, kind, rc, r))
        s = stats()
        heap[i] = (kind if kind != "bad" else order[(i - 2) % 3], s["memory"]["heap_alloc_bytes"])
        if gw.poll() is not None:
            break
    t_rel = time.monotonic() - t_rel
    time.sleep(1.0)
    open(STOP, "w").close()
    wait_all((send, recv), 30)
    t_traffic = time.monotonic() - t_traffic
    note("%d reloads in %.1f s (slowest %.2f s); traffic for %.1f s" % (len(results), t_rel,
                                                                        slow, t_traffic))

    # ---- reload replies
    bad = []
    gen = 1
    for i, kind, rc, r in results:
        if kind == "bad":
            e = r.get("error", {})
            errs = e.get("errors") or [{}]
            if rc != 1 or r.get("ok") is not False or e.get("code") != "reload_failed" or \
                    errs[0].get("file") != CONF or errs[0].get("line") != bad_line:
                bad.append("#%d (broken): exit %d %s" % (i, rc, json.dumps(r)[:200]))
        else:
            gen += 1
            if rc != 0 or r.get("ok") is not True or r["result"].get("generation") != gen:
                bad.append("#%d (%s): exit %d %s, want generation %d" % (i, kind, rc,
                                                                         json.dumps(r)[:200], gen))
    n_bad = sum(1 for x in results if x[1] == "bad")
    n_ok = len(results) - n_bad
    check("%d reloads: %d valid ones answered ok with generation +1, %d broken refused with "
          "file:line" % (RELOADS, n_ok, n_bad), not bad and len(results) == RELOADS,
          why="; ".join(bad[:3]) or "only %d reloads done" % len(results))
    c = show_config()
    check("show config: reloads_ok %d, reloads_failed %d, generation %d, no grace timeout" % (
        n_ok, n_bad, 1 + n_ok),
        c["reloads_ok"] == n_ok and c["reloads_failed"] == n_bad and
        c["generation"] == 1 + n_ok and c["grace_timeouts"] == 0,
        why="reloads_ok %s reloads_failed %s generation %s grace_timeouts %s" % (
            c["reloads_ok"], c["reloads_failed"], c["generation"], c["grace_timeouts"]))

    # ---- traffic
    try:
        sent = json.load(open(os.path.join(WORK, "sent.json")))
        got = json.load(open(os.path.join(WORK, "recv.json")))
    except (OSError, ValueError) as e:
        fail("zero loss", "no sender/receiver result (%s): %s | %s" % (e, tail(send), tail(recv)))
        return
    n = sent["sent"]
    note("sender: %s" % json.dumps(sent))
    note("receiver: %s" % json.dumps({k: v for k, v in got.items() if k != "bad_examples"}))
    check("zero loss: received == sent (%d packets at %d pps during the reloads)" % (n, RATE),
          got["matched"] == n and got.get("missing") == 0,
          why="sent %d, received %d (missing %s, e.g. seq %s; receiver socket drops %s)" % (
              n, got["matched"], got.get("missing"), got.get("missing_examples"),
              got.get("socket_drops")))
    check("no duplicate, every frame the expected H.Encaps (SRH %s)" % ",".join(SEGMENTS),
          got["duplicates"] == 0 and got["bad_encap"] == 0,
          why="duplicates %d, bad %d: %s" % (got["duplicates"], got["bad_encap"],
                                         got["bad_examples"]))

    # ---- srv6gw's own counters
    end = time.monotonic() + 5
    while time.monotonic() < end:
        s2 = stats()
        if s2["events"]["rx_packets"] >= n and s2["events"]["tx_packets"] >= n:
            break
        time.sleep(0.1)
    ev = s2["events"]
    drops = {k: v for k, v in s2["drops"].items() if v}
    steady = next(p["packets"] for p in s2["policies"] if p["name"] == "steady")
    ports = {p["name"]: p for p in s2["ports"]}
    check("srv6gw counted every packet: rx = encapsulated = tx = policy steady = %d" % n,
          ev["rx_packets"] == n and ev["encapsulated"] == n and ev["tx_packets"] == n and
          steady == n,
          why="rx %d encapsulated %d tx %d steady %d" % (ev["rx_packets"], ev["encapsulated"],
                                                    ev["tx_packets"], steady))
    check("srv6gw drop counters all 0", not drops, why="drops %s" % drops)
    check("ports: west rx = east tx = %d, nothing missed or in error" % n,
          ports["west"]["rx_packets"] == n and ports["east"]["tx_packets"] == n and
          all(p[k] == 0 for p in ports.values() for k in ("rx_missed", "rx_errors", "tx_errors",
                                                          "rx_nombuf")),
          why=json.dumps({k: {x: v[x] for x in ("rx_packets", "tx_packets", "rx_missed", "rx_errors",
                                            "tx_errors", "rx_nombuf")}
                      for k, v in ports.items()}))

    # ---- mbufs: srv6gw_rx in_use back to its value before traffic.
    # in_use = size - rte_mempool_avail_count(), and the available count
    # includes every per-lcore cache, so it is exact: no cache slack needed.
    end = time.monotonic() + 3
    while True:
        s3 = stats()
        now_pools = {p["name"]: p["in_use"] for p in s3["mempools"]}
        if now_pools == base_pools or time.monotonic() > end:
            break
        time.sleep(0.2)
    note("after traffic: srv6gw_rx %s" % json.dumps(pool(s3)))
    check("mbufs: srv6gw_rx in_use after traffic = before (%d)" % base_pools["srv6gw_rx"],
          now_pools.get("srv6gw_rx") == base_pools["srv6gw_rx"],
          why="in_use %s, before %d" % (now_pools.get("srv6gw_rx"), base_pools["srv6gw_rx"]))
    mbuf_pools = sorted(k for k in base_pools if k.startswith("srv6gw_"))
    check("mbufs: every srv6gw pool (%s) back to its value before traffic" % ",".join(mbuf_pools),
          all(now_pools.get(k) == base_pools[k] for k in mbuf_pools),
          why="before %s, after %s" % ({k: base_pools[k] for k in mbuf_pools},
                                   {k: now_pools.get(k) for k in mbuf_pools}))
    # the other mempools belong to a generation's tables (rte_fib): as many as
    # before, none of an old generation left behind
    others0 = sorted(k for k in base_pools if not k.startswith("srv6gw_"))
    others1 = sorted(k for k in now_pools if not k.startswith("srv6gw_"))
    check("mempools of old generations freed (%d before, %d after)" % (len(others0),
                                                                       len(others1)),
          len(others1) == len(others0),
          why="before %s, after %s" % (others0, others1))

    # ---- heap: flat. Reloads alternate between files, so compare the values
    # seen while the same file runs: the second time a file is running
    # (after the first few reloads) is its reference; every later value equals it.
    seen, refs, diffs = {}, {}, []
    for i, (k, h) in sorted(heap.items()):
        seen[k] = seen.get(k, 0) + 1
        if seen[k] == 2:
            refs[k] = (i, h)
        elif seen[k] > 2 and h != refs[k][1]:
            diffs.append("#%d (%s running) %+d" % (i, k, h - refs[k][1]))
    for k in sorted(refs):
        pts = [(i, h) for i, (kk, h) in sorted(heap.items()) if kk == k]
        note("heap_alloc_bytes while %s runs, after reloads %s ... %s" % (
            k, ", ".join("#%d %d" % x for x in pts[:3]), ", ".join("#%d %d" % x for x in pts[-2:])))
    last_i = max(heap)
    last_k, last_h = heap[last_i]
    ref = refs.get(last_k, (last_i, last_h))
    check("DPDK heap flat: heap_alloc_bytes after reload #%d = after reload #%d (%d bytes, "
          "file %s running)" % (last_i, ref[0], ref[1], last_k),
          last_h == ref[1] and not diffs,
          why="after #%d: %+d bytes; differences: %s" % (last_i, last_h - ref[1], diffs[:8]))

    # ---- clean exit
    gw.send_signal(signal.SIGTERM)
    try:
        rc = gw.wait(15)
    except subprocess.TimeoutExpired:
        gw.kill()
        rc = "killed after 15 s"
    check("srv6gw exits cleanly on SIGTERM", rc == 0, why="exit status %s: %s" % (rc, tail(gw)))


def main():
    try:
        run()
    except Exception as e:
        fail("driver", "%s: %s" % (type(e).__name__, e))
    finally:
        open(STOP, "w").close()
        stop_all()
        print("# driver: %d passed, %d failed" % (COUNT["pass"], COUNT["fail"]), flush=True)
        write_result()
    return 1 if COUNT["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
