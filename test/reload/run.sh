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
# trap. Environment: SRV6GW, SRV6GWCTL (default build/...), RELOAD_RATE (pps,
# default 5000), RELOAD_COUNT (default 100), RELOAD_LCORES (default 0,1),
# RELOAD_KEEP=1 (keep the work directory).
set -u
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=/usr/bin/python3
ID=$$
NS_SRC=rl$ID-src
NS_GW=rl$ID-gw
NS_DST=rl$ID-dst
WORK=
DONE=0
PASS=0
FAIL=0

ok() { echo "ok $*"; PASS=$((PASS + 1)); }
fail() { echo "FAIL $*"; FAIL=$((FAIL + 1)); }

CLEANED=0
# teardown: processes this run started (listed by drive.py, by pid), the
# namespaces (their veths go with them), the EAL runtime dir, the work dir
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
	rm -rf "/var/run/dpdk/rl$ID"
	if [ -n "$WORK" ] && [ -d "$WORK" ]; then
		if [ "$FAIL" -gt 0 ] || [ "${RELOAD_KEEP:-0}" = 1 ]; then
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

# ---- prerequisites
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
WORK=$(mktemp -d /tmp/srv6gw-reload.XXXXXX)
# run copies: a rebuild during the run must not pull the binaries away
cp "$SRC_GW" "$WORK/srv6gw" && cp "$SRC_CTL" "$WORK/srv6gwctl"

# ---- topology
setup() {
	set -e
	for ns in $NS_SRC $NS_GW $NS_DST; do
		ip netns add "$ns"
		# no IPv6 at all (no link-local, RS, MLD, DAD): only the test's frames
		# reach srv6gw and e0, so every srv6gw counter belongs to the stream
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
		# the sending side must not leave checksums to an offload
		ip netns exec "$1" ethtool -K "$2" tx off >/dev/null
		ip -n "$1" link set "$2" up
	done
	set +e
}
if ! (setup) >"$WORK/setup.log" 2>&1; then
	fail "topology setup: $(tail -3 "$WORK/setup.log" | tr '\n' ' ')"
	finish
fi
ok "topology: $NS_SRC w0 -- west $NS_GW east -- e0 $NS_DST (no addresses, IPv6 off)"

# ---- the test itself
RL_WORK=$WORK RL_NS_SRC=$NS_SRC RL_NS_GW=$NS_GW RL_NS_DST=$NS_DST \
	RL_SRV6GW=$WORK/srv6gw RL_SRV6GWCTL=$WORK/srv6gwctl RL_PREFIX=rl$ID \
	timeout 400 $PY test/reload/drive.py &
echo $! >>"$WORK/pids"     # in the background so that a signal to us is handled at once
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

# nothing of ours may survive: the namespaces go in the trap
finish
