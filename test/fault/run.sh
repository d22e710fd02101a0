#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Faults survived (test/fault/README.md, numbers in docs/robustness.md):
#
#  1. in-process (build/test/fault/fault_dp): TX ring full, generated-packet
#     and fragment pools exhausted, a flood of error-triggering packets;
#  2. srv6gw on net_af_packet in network namespaces (drive.py):
#
#     src ns: w0 ==veth== west  [gw ns: srv6gw]  east ==veth== e0 :dst ns
#
#     an unresolvable next hop under load, a flood of error-triggering
#     packets, east flapping FAULT_FLAPS (1000) times under traffic, reloads
#     during a flap storm, and a receive pool of 16 mbufs under a flood.
#
# Prints "ok NAME: numbers" / "FAIL NAME: why" and "N passed, N failed";
# exit 1 on failure. Namespaces, veths and processes go in the EXIT trap
# (test/lib/netns.sh, shared with test/reload/run.sh).
# Environment: SRV6GW, SRV6GWCTL, FAULT_DP (binaries, default build/...),
# FAULT_FLAPS (1000), FAULT_ONLY="flap mempool ..." (a subset of the
# namespace scenarios), FAULT_KEEP=1 (keep the work directory).
set -u
cd "$(dirname "$0")/../.."
. test/lib/netns.sh      # topology, ok/fail/finish, cleanup (the EXIT trap)
ns_init ft "${FAULT_KEEP:-0}"

# ---- 1. in-process faults
FDP=${FAULT_DP:-$ROOT/build/test/fault/fault_dp}
if [ -x "$FDP" ]; then
	out=$(nice "$FDP" 2>&1)
	rc=$?
	echo "$out" | grep -E '^(ok|FAIL) '
	p=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	PASS=$((PASS + ${p:-0}))
	FAIL=$((FAIL + ${f:-0}))
	if [ $rc -ne 0 ] && [ "${f:-0}" = 0 ]; then
		fail "fault_dp exit status $rc: $(echo "$out" | tail -5 | tr '\n' ' ')"
	fi
else
	fail "fault_dp missing: $FDP (scripts/build.sh)"
fi

# ---- 2. srv6gw in namespaces
ns_prereq
ns_workdir fault
ns_topology
ns_drive 600 nice $PY test/fault/drive.py
finish
