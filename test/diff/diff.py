#!/usr/bin/python3
"""Differential test: the same malformed packets through the Linux kernel's
seg6local and through srv6gw (README.md). Run by test/diff/run.sh, which
owns the namespaces' clean-up.

  diff.py run WORK ID        build both topologies one after the other, send,
                             capture, compare; print ok/FAIL lines
  diff.py send IFACE DSTMAC  (inside the source namespace) send every case

Topology (one per device under test, namespaces d<ID>{k,g}-{src,dut,sink}):

  src: s0 ==veth== in [dut] out ==veth== k0 :sink

  linux: dut is a Linux router: seg6local End fc00:1::e, End.DX4 fc00:1::d4
         (nh4 10.0.0.2), End.DT6 fc00:1::a6 (table 100), routes to the sink.
  srv6gw: dut runs srv6gw on net_af_packet (in, out), IPv6 off in the
         kernel of that namespace, the equivalent configuration.
tcpdump on s0 (ICMP errors coming back) and k0 (what was forwarded).
"""
import json
import os
import signal
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cases  # noqa: E402

PY = "/usr/bin/python3"
MAC = {"s0": "02:00:00:0d:00:10", "in": "02:00:00:0d:00:01",
       "out": "02:00:00:0d:01:01", "k0": "02:00:00:0d:01:02"}
SPACING = 0.05          # s between packets: under every ICMP limit of both


def sh(*args, check=True, **kw):
    return subprocess.run(list(args), check=check, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, **kw)


def tag(i):
    return b"DIFF%04d" % i


# ------------------------------------------------------------------ send

def cmd_send(iface, dst_mac):
    import socket
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    eth = bytes(int(x, 16) for x in dst_mac.split(":")) + \
        bytes(int(x, 16) for x in MAC["s0"].split(":")) + b"\x86\xdd"
    for i, c in enumerate(cases.case_list()):
        s.send(eth + c["build"](tag(i)))
        time.sleep(SPACING)


# ------------------------------------------------------------------ pcap

def frames(path):
    try:
        data = open(path, "rb").read()
    except OSError:
        return
    if len(data) < 24:
        return
    e = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack(e + "I", data[off + 8:off + 12])[0]
        yield data[off + 16:off + 16 + incl]
        off += 16 + incl


def verdicts(src_pcap, sink_pcap, n):
    v = {i: [] for i in range(n)}
    for fr in frames(sink_pcap):
        for i in range(n):
            if tag(i) in fr:
                if fr[12:14] == b"\x86\xdd":
                    import ipaddress
                    v[i].append("fwd %s" % ipaddress.IPv6Address(fr[38:54]))
                elif fr[12:14] == b"\x08\x00":
                    v[i].append("fwd4")
    s0 = bytes(int(x, 16) for x in MAC["s0"].split(":"))
    for fr in frames(src_pcap):
        if fr[6:12] == s0 or fr[12:14] != b"\x86\xdd" or fr[20] != 58:
            continue        # what the source sent, or not ICMPv6
        t, c = fr[54], fr[55]
        if t >= 128:
            continue        # not an error (ND, echo)
        for i in range(n):
            if tag(i) in fr[62:]:
                ptr = struct.unpack("!I", fr[58:62])[0]
                v[i].append("icmp %d/%d@%d" % (t, c, ptr) if t == 4 else "icmp %d/%d" % (t, c))
    return {i: (" + ".join(sorted(set(x))) if x else "drop") for i, x in v.items()}


# ------------------------------------------------------------------ topologies

def topo(ID, k):
    return {"src": "d%s%s-src" % (ID, k), "dut": "d%s%s-dut" % (ID, k),
            "sink": "d%s%s-sink" % (ID, k)}


def build_topology(ns, kernel_dut):
    for n in ns.values():
        sh("ip", "netns", "add", n)
    sh("ip", "link", "add", "s0", "netns", ns["src"], "address", MAC["s0"], "type", "veth",
       "peer", "name", "in", "netns", ns["dut"], "address", MAC["in"])
    sh("ip", "link", "add", "out", "netns", ns["dut"], "address", MAC["out"], "type", "veth",
       "peer", "name", "k0", "netns", ns["sink"], "address", MAC["k0"])
    x = lambda n, *a: sh("ip", "netns", "exec", ns[n], *a)
    for n, dev in (("src", "s0"), ("sink", "k0"), ("dut", "in"), ("dut", "out")):
        x(n, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
          "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.%s.accept_dad=0" % dev)
        x(n, "ethtool", "-K", dev, "tx", "off")
    x("src", "ip", "-6", "addr", "add", "2001:db8:a::10/64", "dev", "s0", "nodad")
    x("src", "ip", "link", "set", "s0", "up")
    x("src", "ip", "-6", "route", "add", "default", "via", "2001:db8:a::1")
    # the sink only listens: no addresses that could answer, IPv6 off
    x("sink", "sysctl", "-qw", "net.ipv6.conf.k0.disable_ipv6=1")
    x("sink", "ip", "link", "set", "k0", "up")
    if kernel_dut:
        x("dut", "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1", "net.ipv4.ip_forward=1",
          "net.ipv6.icmp.ratelimit=0", "net.ipv4.icmp_ratelimit=0",
          "net.ipv6.conf.all.seg6_enabled=1", "net.ipv6.conf.in.seg6_enabled=1",
          "net.ipv4.icmp_msgs_per_sec=100000", "net.ipv4.icmp_msgs_burst=100000")
        x("dut", "ip", "-6", "addr", "add", "2001:db8:a::1/64", "dev", "in", "nodad")
        x("dut", "ip", "-6", "addr", "add", "2001:db8:b::1/64", "dev", "out", "nodad")
        x("dut", "ip", "addr", "add", "10.0.0.1/24", "dev", "out")
        x("dut", "ip", "link", "set", "in", "up")
        x("dut", "ip", "link", "set", "out", "up")
        x("dut", "ip", "-6", "neigh", "replace", "2001:db8:b::2", "lladdr", MAC["k0"],
          "dev", "out", "nud", "permanent")
        x("dut", "ip", "-6", "neigh", "replace", "2001:db8:a::10", "lladdr", MAC["s0"],
          "dev", "in", "nud", "permanent")
        x("dut", "ip", "neigh", "replace", "10.0.0.2", "lladdr", MAC["k0"], "dev", "out",
          "nud", "permanent")
        # End.DX4 nh4 looks up the route to nh4, but on a connected subnet the
        # kernel resolves the link-layer address of the inner destination:
        # give it one (the sink), so the decapsulated packet can leave
        x("dut", "ip", "neigh", "replace", "198.51.100.5", "lladdr", MAC["k0"], "dev", "out",
          "nud", "permanent")
        for r in (["fc00:2::/32", "via", "2001:db8:b::2", "dev", "out"],
                  ["fc00:9::/32", "via", "2001:db8:b::2", "dev", "out"],
                  ["2001:db8:f::/48", "via", "2001:db8:b::2", "dev", "out", "table", "100"],
                  ["fc00:1::e/128", "encap", "seg6local", "action", "End", "dev", "out"],
                  ["fc00:1::d4/128", "encap", "seg6local", "action", "End.DX4", "nh4",
                   "10.0.0.2", "dev", "out"],
                  ["fc00:1::a6/128", "encap", "seg6local", "action", "End.DT6", "table",
                   "100", "dev", "out"]):
            x("dut", "ip", "-6", "route", "add", *r)
    else:
        for dev in ("in", "out"):
            x("dut", "sysctl", "-qw", "net.ipv6.conf.%s.disable_ipv6=1" % dev)
            x("dut", "ip", "link", "set", dev, "up")


SRV6GW_CONF = """# differential test (test/diff/README.md): what the Linux side configures
version = 1;
ports = (
  { name = "in"; device = "net_af_packet0"; mac = "%(in)s"; ipv6 = ["2001:db8:a::1/64"]; },
  { name = "out"; device = "net_af_packet1"; mac = "%(out)s"; ipv4 = ["10.0.0.1/24"];
    ipv6 = ["2001:db8:b::1/64"]; }
);
neighbors = (
  { port = "out"; address = "2001:db8:b::2"; mac = "%(k0)s"; },
  { port = "out"; address = "10.0.0.2"; mac = "%(k0)s"; },
  { port = "in"; address = "2001:db8:a::10"; mac = "%(s0)s"; }
);
routes = (
  { prefix = "fc00:2::/32"; via = "2001:db8:b::2"; port = "out"; },
  { prefix = "fc00:9::/32"; via = "2001:db8:b::2"; port = "out"; },
  { prefix = "2001:db8:f::/48"; via = "2001:db8:b::2"; port = "out"; table = 100; }
);
icmp = { rate = 10000; burst = 1000; };
srv6 = {
  source = "2001:db8:b::1";
  locators = ( { name = "main"; prefix = "fc00:1::/48"; } );
  sids = (
    { sid = "fc00:1::e"; behavior = "End"; },
    { sid = "fc00:1::d4"; behavior = "End.DX4"; nexthop = "10.0.0.2"; port = "out"; },
    { sid = "fc00:1::a6"; behavior = "End.DT6"; table = 100; }
  );
};
"""


def run_dut(work, ID, kind, srv6gw, ctl, procs):
    ns = topo(ID, kind[0])
    build_topology(ns, kind == "linux")
    gw = None
    if kind == "srv6gw":
        conf = os.path.join(work, "srv6gw.conf")
        open(conf, "w").write(SRV6GW_CONF % MAC)
        sock = os.path.join(work, "ctl.sock")
        afp = "blocksz=4096,framesz=2048,framecnt=512,qpairs=1"
        gw = subprocess.Popen(["ip", "netns", "exec", ns["dut"], srv6gw, "-l", "0,1",
                               "--no-huge", "-m", "512", "--no-pci", "--no-shconf",
                               "--file-prefix", "d%sg" % ID, "--log-level=lib.*:error",
                               "--vdev=net_af_packet0,iface=in," + afp,
                               "--vdev=net_af_packet1,iface=out," + afp, "--",
                               "-c", conf, "--ctl-socket", sock,
                               "--stats-file", os.path.join(work, "stats.json")],
                              stdout=open(os.path.join(work, "srv6gw.log"), "wb"),
                              stderr=subprocess.STDOUT)
        procs.append(gw)
        end = time.monotonic() + 30
        while time.monotonic() < end and gw.poll() is None:
            r = subprocess.run([ctl, "-s", sock, "--json", "show", "ports"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            if r.returncode == 0 and json.loads(r.stdout)["result"]["ports"][0]["link"] == "up":
                break
            time.sleep(0.2)
        if gw.poll() is not None:
            raise RuntimeError("srv6gw exited: " + open(os.path.join(work, "srv6gw.log")).read())
    pc = {}
    for n, dev in (("src", "s0"), ("sink", "k0")):
        pc[n] = os.path.join(work, "%s-%s.pcap" % (kind, n))
        p = subprocess.Popen(["ip", "netns", "exec", ns[n], "tcpdump", "-i", dev, "-U", "-n",
                              "-w", pc[n], "-s", "2000"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        procs.append(p)
        pc[n + "_proc"] = p
    # tcpdump says "listening on" when its capture is open
    for n in ("src", "sink"):
        pc[n + "_proc"].stderr.readline()
    time.sleep(0.3)
    sh("ip", "netns", "exec", ns["src"], PY, os.path.abspath(__file__), "send", "s0", MAC["in"])
    time.sleep(1.0)
    for n in ("src", "sink"):
        pc[n + "_proc"].send_signal(signal.SIGINT)
        pc[n + "_proc"].wait(10)
    if gw is not None:
        gw.send_signal(signal.SIGTERM)
        gw.wait(20)
    for n in ns.values():
        sh("ip", "netns", "del", n, check=False)
    return verdicts(pc["src"], pc["sink"], len(cases.case_list()))


def cmd_run(work, ID):
    srv6gw = os.environ["DIFF_SRV6GW"]
    ctl = os.environ["DIFF_SRV6GWCTL"]
    procs = []
    res = {"pass": 0, "fail": 0}

    def ok(m):
        res["pass"] += 1
        print("ok " + m, flush=True)

    def fail(m):
        res["fail"] += 1
        print("FAIL " + m, flush=True)

    try:
        lx = run_dut(work, ID, "linux", srv6gw, ctl, procs)
        gw = run_dut(work, ID, "srv6gw", srv6gw, ctl, procs)
        table = []
        for i, c in enumerate(cases.case_list()):
            l, g = lx[i], gw[i]
            table.append(dict(name=c["name"], desc=c["desc"], rfc=c["rfc"], linux=l, srv6gw=g,
                              why=c["why"]))
            rfc = c["rfc"] if isinstance(c["rfc"], list) else [c["rfc"]]
            if g not in rfc:
                fail("%s: srv6gw %s, RFC says %s (%s)" % (c["name"], g, c["rfc"], c["desc"]))
            elif l == g:
                ok("%s: both %s (%s)" % (c["name"], g, c["desc"]))
            elif c["linux"] is not None and l == c["linux"]:
                ok("%s: srv6gw %s, Linux %s: expected difference: %s" % (c["name"], g, l,
                                                                         c["why"]))
            else:
                fail("%s: srv6gw %s, Linux %s: unexplained difference (listed: Linux %s)" % (
                    c["name"], g, l, c["linux"] or "same as srv6gw"))
        with open(os.path.join(work, "verdicts.json"), "w") as f:
            json.dump(table, f, indent=1)
    except Exception as e:      # noqa: BLE001 - a broken run is a failure
        import traceback
        traceback.print_exc()
        fail("run: %r" % e)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    with open(os.path.join(work, "result"), "w") as f:
        f.write("%d %d\n" % (res["pass"], res["fail"]))


if __name__ == "__main__":
    if sys.argv[1] == "send":
        cmd_send(sys.argv[2], sys.argv[3])
    else:
        cmd_run(sys.argv[2], sys.argv[3])
