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
# exit 1 on failure. Namespaces, veths and processes go in the EXIT trap.
# Environment: SRV6GW, SRV6GWCTL, FAULT_DP (binaries, default build/...),
# FAULT_FLAPS (1000), FAULT_ONLY="flap mempool ..." (a subset of the
# namespace scenarios), FAULT_KEEP=1 (keep the work directory).
set -u
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=/usr/bin/python3
ID=$$
NS_SRC=ft$ID-src
NS_GW=ft$ID-gw
NS_DST=ft$ID-dst
WORK=
DONE=0
PASS=0
FAIL=0

ok() { echo "ok $*"; PASS=$((PASS + 1)); }
fail() { echo "FAIL $*"; FAIL=$((FAIL + 1)); }

CLEANED=0
teardown() {
	local p
	[ "$CLEANED" = 1 ] && return 0
	CLEANED=1
	if [ -n "$WORK" ] && [ -f "$WORK/pids" ]; then
		while read -r p; do
			kill -0 "$p" 2>/dev/null && kill -TERM "$p" 2>/dev/null
		done <"$WORK/pids"
		sleep 1
		while read -r p; do
			kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
		done <"$WORK/pids"
	fi
	for ns in $NS_SRC $NS_GW $NS_DST; do
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf /var/run/dpdk/ft$ID*
	if [ -n "$WORK" ] && [ -d "$WORK" ]; then
		if [ "$FAIL" -gt 0 ] || [ "${FAULT_KEEP:-0}" = 1 ]; then
			echo "# work directory kept: $WORK"
		else
			rm -rf "$WORK"
		fi
	fi
	return 0
}

cleanup() {
	local rc=$?
	set +e
	if [ "$DONE" != 1 ]; then
		fail "run aborted (exit status $rc)"
		teardown
		echo "$PASS passed, $FAIL failed"
		[ $rc -eq 0 ] && rc=1
	fi
	teardown
	exit $rc
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

finish() {
	DONE=1
	teardown
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
	exit $?
}

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
missing=
[ "$(id -u)" = 0 ] || missing="$missing root"
for t in ip ethtool sysctl; do
	command -v $t >/dev/null 2>&1 || missing="$missing $t"
done
[ -x $PY ] || missing="$missing $PY"
SRC_GW=${SRV6GW:-$ROOT/build/srv6gw}
SRC_CTL=${SRV6GWCTL:-$ROOT/build/srv6gwctl}
[ -x "$SRC_GW" ] && [ -x "$SRC_CTL" ] || missing="$missing srv6gw/srv6gwctl (scripts/build.sh)"
if [ -n "$missing" ]; then
	fail "prerequisites (missing:$missing)"
	finish
fi
WORK=$(mktemp -d /tmp/srv6gw-fault.XXXXXX)
cp "$SRC_GW" "$WORK/srv6gw" && cp "$SRC_CTL" "$WORK/srv6gwctl"

setup() {
	set -e
	for ns in $NS_SRC $NS_GW $NS_DST; do
		ip netns add "$ns"
		# no IPv6 (no link-local, RS, MLD, DAD): only the test's frames reach
		# srv6gw, so its counters belong to the test; e0 never answers ND,
		# which makes 2001:db8:b::99 an unresolvable next hop
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	ip link add name w0 netns "$NS_SRC" address 02:00:00:0a:00:02 type veth \
		peer name west netns "$NS_GW" address 02:00:00:0a:00:01
	ip link add name east netns "$NS_GW" address 02:00:00:0b:00:01 type veth \
		peer name e0 netns "$NS_DST" address 02:00:00:0b:00:02
	for pair in "$NS_SRC w0" "$NS_GW west" "$NS_GW east" "$NS_DST e0"; do
		set -- $pair
		ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"
		ip netns exec "$1" ethtool -K "$2" tx off >/dev/null
		ip -n "$1" link set "$2" up
	done
	set +e
}
if ! (setup) >"$WORK/setup.log" 2>&1; then
	fail "topology setup: $(tail -3 "$WORK/setup.log" | tr '\n' ' ')"
	finish
fi

FT_WORK=$WORK FT_NS_SRC=$NS_SRC FT_NS_GW=$NS_GW FT_NS_DST=$NS_DST \
	FT_SRV6GW=$WORK/srv6gw FT_SRV6GWCTL=$WORK/srv6gwctl FT_PREFIX=ft$ID \
	timeout 600 nice $PY test/fault/drive.py &
echo $! >>"$WORK/pids"
wait $!
rc=$?
if [ -f "$WORK/result" ]; then
	read -r p f <"$WORK/result"
	PASS=$((PASS + p))
	FAIL=$((FAIL + f))
else
	fail "driver ended without a result (exit status $rc)"
fi
[ $rc -ne 0 ] && [ "$FAIL" -eq 0 ] && fail "driver exit status $rc"
finish
