#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Run the srv6gw <-> Linux kernel SRv6 interop scenarios (README.md).
#
#   test/interop/run.sh                 all scenarios
#   test/interop/run.sh s2 s4           only those (s1..s8 or script names)
#
#   SRV6GW=path      srv6gw binary (default build/srv6gw); nothing is built here
#   INTEROP_GW=linux Linux SRv6 router in srv6gw's place (harness self-test)
#   INTEROP_TIMEOUT  seconds per scenario (default 300)
#   INTEROP_KEEP=1   keep pcaps/logs/stats of passing scenarios too
#
# Prints every "ok NAME" / "FAIL NAME" line of the scenarios and ends with
# exactly "N passed, N failed"; exits 1 if anything failed. Needs root.

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export SRV6GW=${SRV6GW:-$ROOT/build/srv6gw}
INTEROP_GW=${INTEROP_GW:-srv6gw}
TIMEOUT=${INTEROP_TIMEOUT:-300}

ALL=(s1_dx4.sh s2_psp.sh s3_red.sh s4_dt6.sh s5_more.sh s6_usid.sh s7_hmac.sh s8_oam.sh)
SEL=()
if [ $# -eq 0 ]; then
	SEL=("${ALL[@]}")
else
	for a in "$@"; do
		m=
		for s in "${ALL[@]}"; do
			case $s in "$a"|"$a"_*|"$a".sh) m=$s ;; esac
		done
		if [ -z "$m" ]; then
			echo "unknown scenario '$a' (have: ${ALL[*]})" >&2
			exit 2
		fi
		SEL+=("$m")
	done
fi

PASS=0
FAIL=0

if [ "$INTEROP_GW" != linux ] && [ ! -x "$SRV6GW" ]; then
	echo "FAIL srv6gw binary missing or not executable: $SRV6GW" \
		"(build it with: meson setup build && ninja -C build; or set SRV6GW)"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "FAIL interop tests need root (network namespaces)"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ "$INTEROP_GW" = linux ]; then
	echo "# INTEROP_GW=linux: a Linux SRv6 router stands in for srv6gw"
else
	echo "# srv6gw: $SRV6GW"
fi
# Run a snapshot of the binary, so a rebuild during the run (ninja relinks
# build/srv6gw in place) cannot pull it away between scenarios.
SNAP=
if [ "$INTEROP_GW" != linux ]; then
	SNAP=$(mktemp /tmp/srv6gw-interop-bin.XXXXXX)
	cp "$SRV6GW" "$SNAP" && chmod 755 "$SNAP" && export SRV6GW=$SNAP
	trap 'rm -f "$SNAP"' EXIT
fi

for s in "${SEL[@]}"; do
	name=${s%.sh}
	echo "# --- $name"
	log=$(mktemp)
	start=$SECONDS
	timeout --kill-after=20 "$TIMEOUT" bash "$HERE/$s" 2>&1 |
	while IFS= read -r line; do
		# a scenario's own summary line becomes a comment; run.sh's is last
		if [[ $line =~ ^[0-9]+\ passed,\ [0-9]+\ failed$ ]]; then
			line="# $name: $line"
		fi
		printf '%s\n' "$line"
		printf '%s\n' "$line" >>"$log"
	done
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "FAIL $name timed out after ${TIMEOUT}s"
		f=$((f + 1))
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $name exited with status $rc without a FAIL line"
		f=$((f + 1))
	elif [ "$rc" -eq 0 ] && [ "$p" -eq 0 ]; then
		echo "FAIL $name ran no check"
		f=$((f + 1))
	fi
	echo "# $name took $((SECONDS - start))s"
	PASS=$((PASS + p))
	FAIL=$((FAIL + f))
	rm -f "$log"
done

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
