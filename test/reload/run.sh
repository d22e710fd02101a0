#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Hitless reload under traffic (test/reload/README.md):
#
#   src ns: w0 ==veth== west  [gw ns: srv6gw on net_af_packet]  east ==veth== e0 :dst ns
#
# A steady IPv4 stream enters west, is encapsulated by policy "steady" and
# leaves east as SRv6, while srv6gwctl reloads the configuration RELOAD_COUNT
# times (two valid files that differ off the stream's path, and a broken one).
# Pass: zero loss, no drop, reload counts as expected, no mbuf leak, flat heap.
#
# Prints "ok NAME" / "FAIL NAME: why" lines and ends with "N passed, N failed";
# exit 1 on failure. Namespaces, veths and processes are removed by the EXIT
# trap (test/lib/netns.sh, shared with test/fault/run.sh). Environment:
# SRV6GW, SRV6GWCTL (default build/...), RELOAD_RATE (pps, default 5000),
# RELOAD_COUNT (default 100), RELOAD_LCORES (default 0,1), RELOAD_KEEP=1
# (keep the work directory).
set -u
cd "$(dirname "$0")/../.."
. test/lib/netns.sh      # topology, ok/fail/finish, cleanup (the EXIT trap)
ns_init rl "${RELOAD_KEEP:-0}"

# ---- prerequisites
ns_prereq
ns_workdir reload

# ---- topology (no addresses, IPv6 off: test/lib/netns.sh)
ns_topology
ok "topology: $NS_SRC w0 -- west $NS_GW east -- e0 $NS_DST (no addresses, IPv6 off)"

# ---- the test itself
ns_drive 400 $PY test/reload/drive.py

# nothing of ours may survive: the namespaces go in the trap
finish
