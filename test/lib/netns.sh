# SPDX-License-Identifier: BSD-3-Clause
#
# The namespace topology, bookkeeping and cleanup shared by test/fault/run.sh
# and test/reload/run.sh (bash; sourced from the repository root, set -u):
#
#   TAG<pid>-src: w0 ==veth== west  [TAG<pid>-gw: srv6gw]  east ==veth== e0 :TAG<pid>-dst
#
# Fixed MACs, IPv6 off in all three kernels (no link-local, RS, MLD, DAD), so
# only a test's frames reach srv6gw and e0 never answers ND. The driver (a
# python script using test/lib/nsdrive.py) starts srv6gw and the traffic and
# lists every process it starts in $WORK/pids; the EXIT trap kills those, by
# pid, deletes the namespaces (their veths go with them), the EAL runtime
# directories of the run and the work directory (kept on failure or KEEP=1).
#
#   ns_init TAG KEEP    ID, PREFIX=TAG$ID, NS_SRC/NS_GW/NS_DST, PASS/FAIL,
#                       ok/fail/finish, the traps; KEEP=1 keeps $WORK
#   ns_prereq           root, ip, ethtool, sysctl, $PY, srv6gw and srv6gwctl
#                       ($SRV6GW/$SRV6GWCTL, default build/...); else a
#                       failure and finish
#   ns_workdir NAME     WORK=/tmp/srv6gw-NAME.XXXXXX with run copies of the
#                       binaries (a rebuild during the run must not pull them away)
#   ns_topology         the namespaces and veths; a failure and finish if not
#   ns_drive SECS CMD.. the driver under `timeout SECS`, with NS_* in its
#                       environment; adds the counts it writes to $WORK/result
#   finish              teardown, "N passed, N failed", exit 1 on failure

PY=/usr/bin/python3
ROOT=$(pwd)
ID=$$
WORK=
DONE=0
PASS=0
FAIL=0
CLEANED=0

ok() { echo "ok $*"; PASS=$((PASS + 1)); }
fail() { echo "FAIL $*"; FAIL=$((FAIL + 1)); }

ns_init() {
	PREFIX=$1$ID
	NS_KEEP=$2
	NS_SRC=$PREFIX-src
	NS_GW=$PREFIX-gw
	NS_DST=$PREFIX-dst
	trap ns_cleanup EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
	trap 'exit 129' HUP
}

# teardown: processes this run started (listed by the driver, by pid), the
# namespaces (their veths go with them), the EAL runtime dirs, the work dir
teardown() {
	local p ns
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
	# the drivers' EAL file prefixes: PREFIX, or PREFIX and a letter
	rm -rf "/var/run/dpdk/$PREFIX" "/var/run/dpdk/$PREFIX"[a-z]
	if [ -n "$WORK" ] && [ -d "$WORK" ]; then
		if [ "$FAIL" -gt 0 ] || [ "$NS_KEEP" = 1 ]; then
			echo "# work directory kept: $WORK"
		else
			rm -rf "$WORK"
		fi
	fi
	return 0
}

ns_cleanup() {
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

finish() {
	DONE=1
	teardown
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
	exit $?
}

ns_prereq() {
	local missing='' t
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
}

ns_workdir() {
	WORK=$(mktemp -d "/tmp/srv6gw-$1.XXXXXX")
	cp "$SRC_GW" "$WORK/srv6gw" && cp "$SRC_CTL" "$WORK/srv6gwctl"
}

ns_setup() {
	set -e
	for ns in $NS_SRC $NS_GW $NS_DST; do
		ip netns add "$ns"
		# no IPv6 at all: only the test's frames reach srv6gw and e0, so its
		# counters belong to the test; e0 never answers ND
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	ip link add name w0 netns "$NS_SRC" address 02:00:00:0a:00:02 type veth \
		peer name west netns "$NS_GW" address 02:00:00:0a:00:01
	ip link add name east netns "$NS_GW" address 02:00:00:0b:00:01 type veth \
		peer name e0 netns "$NS_DST" address 02:00:00:0b:00:02
	for pair in "$NS_SRC w0" "$NS_GW west" "$NS_GW east" "$NS_DST e0"; do
		# shellcheck disable=SC2086  # "NS IFACE": two words
		set -- $pair
		ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"
		# the sending side must not leave checksums to an offload
		ip netns exec "$1" ethtool -K "$2" tx off >/dev/null
		ip -n "$1" link set "$2" up
	done
	set +e
}

ns_topology() {
	if ! (ns_setup) >"$WORK/setup.log" 2>&1; then
		fail "topology setup: $(tail -3 "$WORK/setup.log" | tr '\n' ' ')"
		finish
	fi
}

ns_drive() {
	local secs=$1 rc p f
	shift
	NS_WORK=$WORK NS_SRC=$NS_SRC NS_GW=$NS_GW NS_DST=$NS_DST \
		NS_SRV6GW=$WORK/srv6gw NS_SRV6GWCTL=$WORK/srv6gwctl NS_PREFIX=$PREFIX \
		timeout "$secs" "$@" &
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
	return 0
}
