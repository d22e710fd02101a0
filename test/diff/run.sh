#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Differential test (test/diff/README.md): the malformed packets of
# test/diff/cases.py through the Linux kernel's seg6local and through srv6gw
# with the equivalent configuration; verdicts compared, every difference
# explained in cases.py with its RFC reference, srv6gw's verdict checked
# against the RFC. Prints ok/FAIL lines and "N passed, N failed".
# Environment: SRV6GW, SRV6GWCTL (default build/...), DIFF_KEEP=1.
set -u
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=/usr/bin/python3
ID=$$
WORK=
PASS=0
FAIL=0
DONE=0

teardown() {
	local n
	for n in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^d${ID}[kg]-"); do
		ip netns del "$n" 2>/dev/null
	done
	rm -rf "/var/run/dpdk/d${ID}g"
	if [ -n "$WORK" ] && [ -d "$WORK" ]; then
		if [ "$FAIL" -gt 0 ] || [ "${DIFF_KEEP:-0}" = 1 ]; then
			echo "# work directory kept: $WORK"
		else
			rm -rf "$WORK"
		fi
	fi
}
cleanup() {
	local rc=$?
	set +e
	if [ "$DONE" != 1 ]; then
		FAIL=$((FAIL + 1))
		echo "FAIL run aborted (exit status $rc)"
		teardown
		echo "$PASS passed, $FAIL failed"
		exit 1
	fi
	teardown
	exit $rc
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

missing=
[ "$(id -u)" = 0 ] || missing="$missing root"
for t in ip ethtool tcpdump sysctl; do
	command -v $t >/dev/null 2>&1 || missing="$missing $t"
done
SRC_GW=${SRV6GW:-$ROOT/build/srv6gw}
SRC_CTL=${SRV6GWCTL:-$ROOT/build/srv6gwctl}
[ -x "$SRC_GW" ] && [ -x "$SRC_CTL" ] || missing="$missing srv6gw/srv6gwctl"
if [ -n "$missing" ]; then
	echo "FAIL prerequisites (missing:$missing)"
	DONE=1
	echo "0 passed, 1 failed"
	exit 1
fi
WORK=$(mktemp -d /tmp/srv6gw-diff.XXXXXX)
cp "$SRC_GW" "$WORK/srv6gw" && cp "$SRC_CTL" "$WORK/srv6gwctl"
DIFF_SRV6GW=$WORK/srv6gw DIFF_SRV6GWCTL=$WORK/srv6gwctl timeout 300 \
	nice $PY test/diff/diff.py run "$WORK" "$ID"
if [ -f "$WORK/result" ]; then
	read -r PASS FAIL <"$WORK/result"
else
	FAIL=$((FAIL + 1))
	echo "FAIL driver ended without a result"
fi
DONE=1
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
