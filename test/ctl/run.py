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
import os
import shutil
import signal
import sys
import tempfile
import time

import harness
import t_reload
from harness import (Abort, case, cleanup, fail, gw_start, note, ROOT, schema_validator, T0,
                     WATCHDOG_S)
from t_access import t_forbidden_peercred, t_forbidden_perms, t_socket_group
from t_commands import (t_commands_ctl_human, t_commands_ctl_json, t_commands_socket,
                        t_help_lists_all, t_log_level)
from t_ctl import t_ctl_error_reply, t_ctl_missing_socket, t_ctl_usage
from t_instances import (t_kill9_restart, t_second_instance, t_sigterm_stats_file, t_start,
                         t_third_instance)
from t_policies import t_policies_failover
from t_reload import (modified_conf, t_reload_broken_semantic, t_reload_broken_syntax,
                      t_reload_concurrent, t_reload_restart_only, t_reload_sighup, t_reload_valid)
from t_socket import (bad_input, BAD_INPUTS, t_disconnect_after_send, t_sequential_requests,
                      t_silent_clients, t_thousand_connections)
from t_stats import t_clear_stats, t_metrics, t_monotonic, t_schema_file, t_stats_schema


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
    def abort(sig, _frame):
        raise Abort("watchdog: run longer than %d s" % WATCHDOG_S if sig == signal.SIGALRM
                    else "signal %d" % sig)
    signal.signal(signal.SIGALRM, abort)
    signal.signal(signal.SIGTERM, abort)
    signal.signal(signal.SIGINT, abort)
    signal.alarm(WATCHDOG_S)
    harness.W = tempfile.mkdtemp(prefix="srv6gw-ctl.")
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
            shutil.copy(src, os.path.join(harness.W, name))
        harness.SRV6GW = os.path.join(harness.W, "srv6gw")
        harness.SRV6GWCTL = os.path.join(harness.W, "srv6gwctl")
        harness.SOCK = os.path.join(harness.W, "ctl.sock")
        harness.CONF = os.path.join(harness.W, "srv6gw.conf")
        harness.STATS = os.path.join(harness.W, "stats.json")
        harness.BASE_CONF = open(os.path.join(ROOT, "conf/bench.conf")).read()
        with open(harness.CONF, "w") as f:
            f.write(harness.BASE_CONF)
        make_pcap(os.path.join(harness.W, "in.pcap"))

        if not case("stats schema file matches counters.h")(t_schema_file):
            return
        harness.VALIDATOR = schema_validator()
        harness.GW = gw_start("ctl%d" % os.getpid(), harness.CONF, harness.SOCK,
                              stats=harness.STATS)
        if not case("srv6gw starts and answers on its socket (0660)")(t_start):
            return
        t_reload.MODIFIED = modified_conf()
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
        print("%d passed, %d failed" % (harness.PASS, harness.FAIL), flush=True)


if __name__ == "__main__":
    main()
    sys.exit(1 if harness.FAIL else 0)
