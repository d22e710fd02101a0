#!/usr/bin/python3
"""Faults survived by a running srv6gw, driven from test/fault/run.sh.

run.sh builds the namespaces and veths (src w0 == west [gw: srv6gw on
net_af_packet] east == e0 dst) and removes them on exit. This script starts
srv6gw, the streams and the fault for each scenario, and prints
"ok NAME: numbers" / "FAIL NAME: why" lines; run.sh prints the summary.
Every process it starts is listed in WORK/pids for run.sh's trap. What it
shares with test/reload/drive.py is in test/lib/nsdrive.py.

Scenarios (README.md): flap, reload_flap, unresolved, error_flood, mempool.
After each: srv6gw alive and answering, a fresh stream forwarded without
loss, every srv6gw mbuf pool back to its in-use count from before, and the
counters explain every packet: rx = tx - generated + drops.
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from nsdrive import (AFP, CONF, MAC as VETH_MAC, NS_GW, NS_SRC, OUTER_SRC,  # noqa: E402
                     PREFIX, PY, SEGMENTS, SOCK, SRV6GW, WORK, check, ctl, ctl_json, fail,
                     links_up, note, recv_ready, recv_start, send_start, start, stats,
                     stop_all, tail, wait_all, write_result)

E = os.environ
FLAPS = int(E.get("FAULT_FLAPS", "1000"))
HALF = float(E.get("FAULT_FLAP_HALF", "0.005"))    # s down, then s up
ONLY = E.get("FAULT_ONLY", "").split()
HERE = os.path.dirname(os.path.abspath(__file__))
BLAST = os.path.join(HERE, "blast.py")
MAC = dict(VETH_MAC, teast="02:00:00:0b:00:11")
EAST_SRC = [MAC["east"]]      # the source MAC of what srv6gw sends out of east
ICMP_RATE, ICMP_BURST = 100, 10

RESULTS = {}


def pools(s):
    return {p["name"]: p["in_use"] for p in s["mempools"] if p["name"].startswith("srv6gw_")}


# ------------------------------------------------------------------ config

CONF_TEXT = """# fault tests (test/fault/README.md)
version = 1;
ports = (
  { name = "west"; device = "%(west_dev)s"; mac = "%(west)s"; ipv4 = ["192.0.2.1/24"];
    ipv6 = ["2001:db8:a::1/64"]; mtu = 1500; },
  { name = "east"; device = "%(east_dev)s";%(east_mac)s ipv6 = ["2001:db8:b::1/64"]; mtu = 1500; }
);
neighbors = (
  { port = "east"; address = "2001:db8:b::2"; mac = "%(e0)s"; },
  { port = "west"; address = "2001:db8:a::10"; mac = "%(w0)s"; }
);
routes = (
%(extra)s  { prefix = "2001:db8:5::/48"; via = "2001:db8:b::2"; port = "east"; },
  { prefix = "2001:db8:99::/48"; via = "2001:db8:b::99"; port = "east"; }
);
icmp = { rate = %(rate)d; burst = %(burst)d; };
srv6 = {
  source = "%(src)s";
  locators = ( { name = "main"; prefix = "2001:db8:1::/48"; } );
  sids = ( { sid = "2001:db8:1::e"; behavior = "End"; } );
  policies = (
    { name = "steady"; mode = "encaps"; segments = ["%(s0)s", "%(s1)s"]; },
    { name = "dead"; mode = "encaps"; segments = ["2001:db8:99::d4"]; }
  );
  steering = (
    { match = "203.0.113.0/24"; policy = "steady"; },
    { match = "198.51.100.0/24"; policy = "dead"; }
  );
};
"""


def conf(extra=False, east_dev="net_af_packet1", west_dev="net_af_packet0"):
    tap = east_dev.startswith("net_tap")
    return CONF_TEXT % dict(east_dev=east_dev, west_dev=west_dev, west=MAC["west"], e0=MAC["e0"],
                            east_mac=' mac = "%s";' % MAC["teast"] if tap else "", w0=MAC["w0"], src=OUTER_SRC, s0=SEGMENTS[0],
                            s1=SEGMENTS[1], rate=ICMP_RATE, burst=ICMP_BURST,
                            extra='  { prefix = "2001:db8:77::/48"; via = "2001:db8:b::2"; '
                                  'port = "east"; },\n' if extra else "")


def install(text):
    with open(CONF + ".tmp", "w") as f:
        f.write(text)
    os.rename(CONF + ".tmp", CONF)


# ------------------------------------------------------------------ srv6gw

class Gw:
    """srv6gw in the gw namespace. east_tap: the east port is a net_tap device
    (teast) bridged to the veth east, because net_af_packet never reports a
    link change (its link is up from start to stop), while net_tap reports
    the kernel interface's state: flapping teast is a port flapping."""

    def __init__(self, tag, mbufs=None, east_tap=False, west_pcap=False):
        self.tag = tag
        self.east_tap = east_tap
        EAST_SRC[0] = MAC["teast"] if east_tap else MAC["east"]
        install(conf(east_dev="net_tap0" if east_tap else "net_af_packet1",
                     west_dev="net_pcap0" if west_pcap else "net_af_packet0"))
        east = "--vdev=net_tap0,iface=teast" if east_tap else \
            "--vdev=net_af_packet1,iface=east," + AFP
        # net_pcap on the interface (libpcap) counts the frames it read but
        # found no mbuf for (rx_nombuf); net_af_packet leaves them in its ring
        # and counts nothing
        west = "--vdev=net_pcap0,iface=west" if west_pcap else \
            "--vdev=net_af_packet0,iface=west," + AFP
        args = ["ip", "netns", "exec", NS_GW, SRV6GW, "-l", "0,1", "--no-huge", "-m", "1024",
                "--no-pci", "--no-shconf", "--file-prefix", PREFIX + tag,
                "--log-level=lib.*:error", "--log-level=pmd.*:crit", west, east,
                "--", "-c", CONF, "--ctl-socket", SOCK]
        if mbufs:
            args += ["--mbufs", str(mbufs)]
        self.p = start(args, "srv6gw-%s.log" % tag)
        self.up = links_up(self.p, 30)
        if self.up and east_tap:
            # teast (made by the PMD) and the veth east in one bridge
            for cmd in (["link", "add", "br-e", "type", "bridge"],
                        ["link", "set", "teast", "master", "br-e"],
                        ["link", "set", "east", "master", "br-e"],
                        ["link", "set", "br-e", "up"]):
                r = subprocess.run(["ip", "-n", NS_GW] + cmd, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
                if r.returncode != 0:
                    note("ip %s: %s" % (" ".join(cmd), r.stdout.decode().strip()))
                    self.up = False

    def teardown(self):
        if self.east_tap:
            subprocess.run(["ip", "-n", NS_GW, "link", "del", "br-e"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def alive(self):
        return self.p.poll() is None

    def stop(self):
        if self.alive():
            self.p.send_signal(signal.SIGTERM)
        try:
            return self.p.wait(20)
        except subprocess.TimeoutExpired:
            self.p.kill()
            return None


# ------------------------------------------------------------------ traffic

class Stream:
    """The counted stream of test/reload/traffic.py: IPv4 -> policy steady."""

    def __init__(self, tag, rate):
        self.tag = tag
        self.stop_file = os.path.join(WORK, tag + ".stop")
        self.sent_file = os.path.join(WORK, tag + ".sent.json")
        self.recv_file = os.path.join(WORK, tag + ".recv.json")
        ready = os.path.join(WORK, tag + ".ready")
        self.recv = recv_start(self.stop_file, ready, self.recv_file, self.sent_file,
                               EAST_SRC[0], tag + ".recv.log")
        recv_ready(self.recv, ready, 15)
        self.send = send_start(rate, self.stop_file, self.sent_file, tag + ".send.log")

    def finish(self):
        open(self.stop_file, "w").close()
        wait_all((self.send, self.recv), 30)
        try:
            sent = json.load(open(self.sent_file))
            got = json.load(open(self.recv_file))
        except (OSError, ValueError):
            return None, None
        return sent, got


def blast(kind, rate=0, seconds=0.0, count=0, tag=None):
    out = os.path.join(WORK, (tag or kind) + ".blast.json")
    args = ["ip", "netns", "exec", NS_SRC, PY, BLAST, "--iface", "w0", "--kind", kind,
            "--src-mac", MAC["w0"], "--dst-mac", MAC["west"], "--rate", str(rate),
            "--out", out]
    args += ["--seconds", str(seconds)] if seconds else ["--count", str(count)]
    return start(args, (tag or kind) + ".blast.log"), out


def probe(name, gw, rate=1000, seconds=2.0, lossy_rx=False):
    """A fresh stream after the fault: every packet must arrive. lossy_rx: the
    west PMD (net_pcap through libpcap, a small kernel buffer, and a pool of
    16 mbufs) may miss frames when the worker is descheduled; then every frame
    must be accounted for: arrived, or counted by the PMD (missed, no mbuf)."""
    s0 = stats()
    st = Stream(name + "-probe", rate)
    time.sleep(seconds)
    sent, got = st.finish()
    s1 = stats()
    w0, w1 = port(s0, "west"), port(s1, "west")
    why = "; srv6gw %s, port west rx %d nombuf %d missed %d" % (
        json.dumps(delta(s0, s1)), w1["rx_packets"] - w0["rx_packets"],
        w1["rx_nombuf"] - w0["rx_nombuf"], w1["rx_missed"] - w0["rx_missed"])
    if sent is None:
        fail(name + ": forwarding after the fault", "no stream result")
        return
    missed = w1["rx_missed"] - w0["rx_missed"]
    nombuf = w1["rx_nombuf"] - w0["rx_nombuf"]
    if lossy_rx:
        good = got["bad_encap"] == 0 and \
            got["matched"] + missed + nombuf == sent["sent"] and \
            got["matched"] == delta(s0, s1)["events"].get("tx_packets", 0)
    else:
        good = got["matched"] == sent["sent"] and got.get("missing") == 0 and \
            got["bad_encap"] == 0
    check(name + ": forwarding after the fault", good,
          "%d/%d packets of a new stream arrived, encapsulated%s" % (
              got["matched"], sent["sent"],
              " (+ %d missed, %d without mbuf: all accounted for)" % (missed, nombuf)
              if lossy_rx else ""),
          "sent %d, received %d, missing %s, bad %d" % (sent["sent"], got["matched"],
                                                        got.get("missing"), got["bad_encap"]) +
          why)


def settle(before):
    """Wait (bounded) until srv6gw's pools are back where they were."""
    end = time.monotonic() + 5
    while True:
        s = stats()
        if pools(s) == before or time.monotonic() > end:
            return s
        time.sleep(0.2)


GENERATED = ("icmp_errors_sent", "nd_solicit_sent", "arp_requests_sent", "arp_replies_sent",
             "nd_advert_sent", "ipv4_fragments_out")


def delta(s0, s1):
    d = {"events": {}, "drops": {}}
    for k in ("events", "drops"):
        for n, v in s1[k].items():
            if v - s0[k].get(n, 0):
                d[k][n] = v - s0[k].get(n, 0)
    return d


def explain(name, s0, s1):
    """rx = tx - generated + drops: every received packet left or was counted."""
    d = delta(s0, s1)
    ev, dr = d["events"], d["drops"]
    rx = ev.get("rx_packets", 0)
    tx = ev.get("tx_packets", 0)
    gen = sum(ev.get(k, 0) for k in GENERATED)
    # a generated packet that could not be built is a drop of its own (no_mbuf)
    drops = sum(dr.values())
    check(name + ": counters explain every packet",
          rx == tx - gen + drops,
          "rx %d = tx %d - generated %d + drops %d %s" % (rx, tx, gen, drops, json.dumps(dr)),
          "rx %d != tx %d - generated %d + drops %d; events %s drops %s" % (
              rx, tx, gen, drops, json.dumps(ev), json.dumps(dr)))
    return d


def pools_back(name, before, s):
    now = pools(s)
    check(name + ": mbuf pools back to baseline", now == before,
          "in use %s" % json.dumps(now), "in use %s, before %s" % (now, before))


def steady(s):
    return next(p["packets"] for p in s["policies"] if p["name"] == "steady")


def stream_check(name, what, s0, s1, sent, got):
    """The counted stream through a fault: srv6gw must forward every stream
    packet it received (policy steady's counter) and the receiver must get
    every one of them, correctly encapsulated. What never reached srv6gw
    (the sender's kernel or the PMD's ring overflowing while the worker was
    descheduled: net_af_packet counts none of it) is reported, not judged:
    it depends on the machine's speed, not on srv6gw."""
    if sent is None:
        fail(name + ": " + what, "no stream result")
        return
    fwd = steady(s1) - steady(s0)
    before = sent["sent"] - fwd
    check(name + ": " + what,
          got["matched"] == fwd and got["bad_encap"] == 0 and got["duplicates"] == 0,
          "%d/%d arrived: every stream packet srv6gw received was forwarded%s" % (
              got["matched"], sent["sent"],
              "" if before == 0 else " (%d never reached srv6gw: PMD ring overflow)" % before),
          "sent %d, srv6gw encapsulated %d, received %d (bad %d, duplicates %d)" % (
              sent["sent"], fwd, got["matched"], got["bad_encap"], got["duplicates"]))


def port(s, name):
    return next(p for p in s["ports"] if p["name"] == name)


# ------------------------------------------------------------------ scenarios

class Flapper(threading.Thread):
    """iface down / up FLAPS times, HALF seconds each, through one `ip -batch -`
    (it runs each line as it reads it), so the storm lasts long enough for
    traffic, the link poll (100 ms) and the control socket to meet it."""

    def __init__(self, n, half, iface, hold_every=50, hold=0.15):
        super().__init__(daemon=True)
        self.n, self.half, self.iface = n, half, iface
        self.hold_every, self.hold = hold_every, hold
        self.rc = None
        self.p = start(["ip", "-n", NS_GW, "-batch", "-"], "flap.log", stdin=subprocess.PIPE)

    def run(self):
        try:
            for i in range(self.n):
                for state in ("down", "up"):
                    self.p.stdin.write(b"link set %s %s\n" % (self.iface.encode(),
                                                              state.encode()))
                    self.p.stdin.flush()
                    # every hold_every-th cycle stays down long enough for
                    # srv6gw's 100 ms link poll to see it
                    time.sleep(self.hold if state == "down" and
                               i % self.hold_every == self.hold_every - 1 else self.half)
            self.p.stdin.close()
        except OSError:
            pass
        self.rc = self.p.wait()

    def poll(self):
        return None if self.is_alive() else self.rc


def poll_stats_while(p, lat):
    """Ask for the counters every 50 ms while process p runs; latencies into lat."""
    errors = 0
    while p.poll() is None:
        try:
            rc, _, dt = ctl("--json", "show", "stats")
            lat.append(dt)
            if rc != 0:
                errors += 1
        except subprocess.TimeoutExpired:
            errors += 1
        time.sleep(0.05)
    return errors


def sc_flap(gw, with_reloads=False):
    name = "reload_flap" if with_reloads else "flap"
    s0 = stats()
    base = pools(s0)
    ports0 = {p["name"]: p["link_changes"] for p in ctl_json("show", "ports")[1]["result"]["ports"]}
    st = Stream(name, 2000)
    time.sleep(1.0)
    t = time.monotonic()
    fl = Flapper(FLAPS, HALF, "teast" if gw.east_tap else "east")
    fl.start()
    lat, reloads, bad_reloads = [], 0, []
    if with_reloads:
        # reload as fast as the replies come, alternating two valid files,
        # for as long as the flap storm lasts
        dev = "net_tap0" if gw.east_tap else "net_af_packet1"
        texts = [conf(True, dev), conf(False, dev)]
        while fl.poll() is None:
            install(texts[reloads % 2])
            rc, out, dt = ctl("--json", "reload")
            lat.append(dt)
            reloads += 1
            try:
                r = json.loads(out)
            except ValueError:
                r = {}
            if rc != 0 or r.get("ok") is not True:
                bad_reloads.append("#%d exit %d %s" % (reloads, rc, out.strip()[:200]))
        errors = 0
    else:
        errors = poll_stats_while(fl, lat)
    fl.join()
    t_flap = time.monotonic() - t
    # the storm ends with "up"; the stream runs on a little
    time.sleep(1.0)
    sent, got = st.finish()
    alive = gw.alive()
    check(name + ": srv6gw survived %d down/up cycles of east under a 2 kpps stream" % FLAPS,
          alive and fl.rc == 0,
          "%d transitions in %.1f s, srv6gw running" % (2 * FLAPS, t_flap),
          "srv6gw %s, ip -batch exit %s: %s" % ("running" if alive else "exited",
                                                  fl.rc, tail(gw.p)))
    if not alive:
        return
    if with_reloads:
        c = ctl_json("show", "config")[1]["result"]
        check(name + ": %d reloads during the storm all ok" % reloads,
              reloads > 0 and not bad_reloads and c["grace_timeouts"] == 0,
              "%d reloads, slowest reply %.2f s, generation %d, grace timeouts %d" % (
                  reloads, max(lat), c["generation"], c["grace_timeouts"]),
              "%d reloads, failures %s, grace_timeouts %s" % (reloads, bad_reloads[:3],
                                                               c["grace_timeouts"]))
    else:
        check(name + ": control socket answered during the storm", errors == 0 and lat,
              "%d 'show stats' answered, slowest %.3f s" % (len(lat), max(lat) if lat else 0),
              "%d errors of %d requests" % (errors, len(lat)))
    s1 = settle(base)
    ports1 = {p["name"]: (p["link"], p["link_changes"])
              for p in ctl_json("show", "ports")[1]["result"]["ports"]}
    d = explain(name, s0, s1)
    if sent is not None:
        lost = sent["sent"] - got["matched"]
        note("%s: stream sent %d, arrived %d (lost during the storm %d, %.1f%%); link_changes "
             "seen by srv6gw: east %d; port east tx_errors %d; link now %s" % (
                 name, sent["sent"], got["matched"], lost, 100.0 * lost / max(sent["sent"], 1),
                 ports1["east"][1] - ports0["east"], port(s1, "east")["tx_errors"],
                 ports1["east"][0]))
        # a policy whose only path leaves through a down port is invalid
        # (policy_down, RFC 9256 §8.2); other packets to a down port: link_down
        counted = sum(d["drops"].get(k, 0) for k in ("link_down", "policy_down", "tx_full"))
        note("%s: stream packets lost %d, srv6gw's link_down + policy_down + tx_full %d" % (
            name, lost, counted))
        RESULTS[name] = dict(transitions=2 * FLAPS, seconds=round(t_flap, 1), lost=lost,
                             counted_drops=counted,
                             stream_sent=sent["sent"], stream_arrived=got["matched"],
                             link_changes=ports1["east"][1] - ports0["east"],
                             east_tx_errors=port(s1, "east")["tx_errors"],
                             drops=d["drops"], reloads=reloads,
                             ctl_slowest=round(max(lat), 3) if lat else None,
                             ctl_requests=len(lat))
        check(name + ": no malformed or duplicated packet",
              got["bad_encap"] == 0 and got["duplicates"] == 0,
              "bad %d, duplicates %d" % (got["bad_encap"], got["duplicates"]))
    pools_back(name, base, s1)
    probe(name, gw)


def sc_unresolved(gw):
    name = "unresolved"
    s0 = stats()
    base = pools(s0)
    st = Stream(name, 2000)
    time.sleep(0.5)
    t = time.monotonic()
    b, out = blast("dead", rate=5000, seconds=5.0, tag=name)
    b.wait()
    t_dead = time.monotonic() - t
    time.sleep(0.5)
    sent, got = st.finish()
    s1 = settle(base)
    d = explain(name, s0, s1)
    dead = json.load(open(out))["sent"]
    nu = d["drops"].get("neigh_unresolved", 0)
    ns = d["events"].get("nd_solicit_sent", 0)
    stream_check(name, "good stream untouched by 5 kpps to a next hop that never answers",
                 s0, s1, sent, got)
    # every received packet of the dead stream (rx minus the counted stream)
    # is neigh_unresolved; one solicitation per neighbour per second
    dead_rx = d["events"].get("rx_packets", 0) - (steady(s1) - steady(s0))
    check(name + ": every packet to it dropped as neigh_unresolved, solicitations paced",
          nu == dead_rx and nu > 0 and 1 <= ns <= t_dead + 2,
          "%d sent in %.1f s, %d received, neigh_unresolved %d, Neighbor Solicitations %d" % (
              dead, t_dead, dead_rx, nu, ns),
          "sent %d, received %d, neigh_unresolved %d, nd_solicit_sent %d in %.1f s" % (
              dead, dead_rx, nu, ns, t_dead))
    RESULTS[name] = dict(sent=dead, received=dead_rx, seconds=round(t_dead, 1),
                         neigh_unresolved=nu,
                         nd_solicit_sent=ns, stream_sent=sent and sent["sent"],
                         stream_arrived=got and got["matched"])
    pools_back(name, base, s1)
    probe(name, gw)


def sc_error_flood(gw):
    name = "error_flood"
    s0 = stats()
    base = pools(s0)
    st = Stream(name, 2000)
    time.sleep(0.5)
    t = time.monotonic()
    b, out = blast("hl1", rate=0, seconds=4.0, tag=name)
    b.wait()
    time.sleep(0.3)
    t_flood = time.monotonic() - t     # an upper bound of the time errors could be sent in
    sent, got = st.finish()
    s1 = settle(base)
    d = explain(name, s0, s1)
    bl = json.load(open(out))
    te = d["drops"].get("ttl_exceeded", 0)
    errs = d["events"].get("icmp_errors_sent", 0)
    rl = d["events"].get("icmp_rate_limited", 0)
    limit = ICMP_BURST + ICMP_RATE * t_flood
    stream_check(name, "good stream untouched by a flood of hop-limit-1 packets "
                 "(%d at %.0f pps)" % (bl["sent"], bl["sent"] / bl["seconds"]), s0, s1, sent, got)
    flood_rx = d["events"].get("rx_packets", 0) - (steady(s1) - steady(s0))
    check(name + ": ICMP held to its rate (RFC 4443 2.4(f))",
          te == flood_rx and errs <= limit and errs + rl == te and rl > 0,
          "%d Time Exceeded triggers received, %d errors sent in %.1f s (limit burst %d + "
          "%d/s = %.0f), %d rate limited" % (te, errs, t_flood, ICMP_BURST, ICMP_RATE, limit,
                                             rl),
          "flood received %d, ttl_exceeded %d, icmp_errors_sent %d (limit %.0f), "
          "rate_limited %d" % (flood_rx, te, errs, limit, rl))
    RESULTS[name] = dict(flood=bl["sent"], flood_received=flood_rx,
                         flood_pps=round(bl["sent"] / bl["seconds"]),
                         seconds=round(t_flood, 1), ttl_exceeded=te, icmp_errors_sent=errs,
                         icmp_rate_limited=rl, limit=round(limit),
                         stream_sent=sent and sent["sent"], stream_arrived=got and got["matched"])
    pools_back(name, base, s1)
    probe(name, gw)


def sc_mempool(gw, mbufs):
    name = "mempool"
    s0 = stats()
    base = pools(s0)
    size = next(p["size"] for p in s0["mempools"] if p["name"] == "srv6gw_rx")
    lat = []
    b, out = blast("good", rate=0, seconds=4.0, tag=name)
    errors = poll_stats_while(b, lat)
    time.sleep(0.5)
    alive = gw.alive()
    check(name + ": srv6gw survived a receive pool of %d mbufs under a flood" % size, alive,
          "running; control socket answered %d times (slowest %.3f s), %d errors" % (
              len(lat), max(lat) if lat else 0, errors), tail(gw.p))
    if not alive:
        return
    s1 = settle(base)
    d = explain(name, s0, s1)
    bl = json.load(open(out))
    w = port(s1, "west")
    nombuf = w["rx_nombuf"] - port(s0, "west")["rx_nombuf"]
    rx = d["events"].get("rx_packets", 0)
    check(name + ": allocation failures counted (rx_nombuf), no ICMP for them",
          nombuf > 0 and d["events"].get("icmp_errors_sent", 0) == 0,
          "%d frames sent at %.0f pps, %d received, rx_nombuf %d" % (
              bl["sent"], bl["sent"] / bl["seconds"], rx, nombuf),
          "rx_nombuf %d, icmp_errors_sent %d" % (nombuf, d["events"].get("icmp_errors_sent", 0)))
    missed = w["rx_missed"] - port(s0, "west")["rx_missed"]
    check(name + ": every frame accounted for: received + rx_nombuf + rx_missed = sent",
          rx + nombuf + missed == bl["sent"],
          "%d + %d + %d = %d" % (rx, nombuf, missed, bl["sent"]))
    RESULTS[name] = dict(pool=size, rx_missed=missed, flood=bl["sent"], flood_pps=round(bl["sent"] / bl["seconds"]),
                         received=rx, rx_nombuf=nombuf, tx=d["events"].get("tx_packets", 0),
                         drops=d["drops"])
    pools_back(name, base, s1)
    probe(name, gw, lossy_rx=True)


def want(name):
    return not ONLY or name in ONLY


def main():
    install(conf())
    for text in (conf(), conf(True)):
        with open(CONF + ".chk", "w") as f:
            f.write(text)
        r = subprocess.run([SRV6GW, "--", "-c", CONF + ".chk", "--check-config"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            fail("configuration valid", r.stdout.decode(errors="replace"))
            return
    if any(want(n) for n in ("unresolved", "error_flood")):
        gw = Gw("a")
        if not check("srv6gw up on net_af_packet west/east", gw.up, "links up",
                     "not up: %s" % tail(gw.p)):
            return
        for n, f in (("unresolved", sc_unresolved), ("error_flood", sc_error_flood)):
            if want(n) and gw.alive():
                f(gw)
        rc = gw.stop()
        check("srv6gw stops cleanly after the faults (SIGTERM)", rc == 0, "exit 0",
              "exit status %s: %s" % (rc, tail(gw.p)))
    if any(want(n) for n in ("flap", "reload_flap")):
        gw = Gw("t", east_tap=True)
        if check("srv6gw up on net_af_packet west, net_tap east (bridged to the veth)",
                 gw.up, "links up", "not up: %s" % tail(gw.p)):
            for n, f in (("flap", lambda g: sc_flap(g, False)),
                         ("reload_flap", lambda g: sc_flap(g, True))):
                if want(n) and gw.alive():
                    f(gw)
            rc = gw.stop()
            check("srv6gw stops cleanly after the flap storms (SIGTERM)", rc == 0, "exit 0",
                  "exit status %s: %s" % (rc, tail(gw.p)))
        gw.teardown()
    if want("mempool"):
        gw = Gw("b", mbufs=16, west_pcap=True)
        if check("srv6gw up with --mbufs 16", gw.up, "links up", "not up: %s" % tail(gw.p)):
            sc_mempool(gw, 16)
            rc = gw.stop()
            check("srv6gw stops cleanly after the mempool fault (SIGTERM)", rc == 0, "exit 0",
                  "exit status %s: %s" % (rc, tail(gw.p)))
    with open(os.path.join(WORK, "numbers.json"), "w") as f:
        json.dump(RESULTS, f, indent=1)
    print("# numbers: " + json.dumps(RESULTS), flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:     # a crash of the driver is a failure, never a pass
        import traceback
        traceback.print_exc()
        fail("driver", repr(e))
    finally:
        stop_all()
        write_result()
