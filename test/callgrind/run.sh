#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Instructions per packet of the real burst function, under callgrind, against
# a checked-in baseline (test/callgrind/README.md). Not a timing test:
# instruction counts do not move with the machine's load.
#
#   test/callgrind/run.sh            # check: fail when a scenario exceeds baseline + TOLERANCE %
#   test/callgrind/run.sh --update   # rewrite baseline.txt from this run
#
# valgrind 3.19 cannot decode AVX-512, which -march=native emits on this
# machine, so the check uses its own build of srv6gw-bench in build-callgrind/
# with -Dcpu_isa=x86-64-v2 (same sources, same optimisation and LTO).
# Prints "ok|FAIL scenario ..." lines and "N passed, N failed".
# Environment: TOLERANCE (percent, default 15), CG_PACKETS (default 4096).
set -u
cd "$(dirname "$0")/../.."
DIR=test/callgrind
BUILD=build-callgrind
TOL=${TOLERANCE:-15}
PKTS=${CG_PACKETS:-4096}
FLOWS=256
# also with one flow (every frame alike: the uniform chunk's ways), as
# "<scenario>-1flow"
ONE_FLOW="route6 encap6-1sid encap6-red encap4-1sid end"
UPDATE=0
[ "${1:-}" = "--update" ] && UPDATE=1
SCEN=$(/usr/bin/python3 scripts/gen_bench.py --list) || {
	echo "FAIL scenario list"; echo "0 passed, 1 failed"; exit 1; }

if [ ! -f $BUILD/build.ninja ]; then
	nice meson setup $BUILD -Dcpu_isa=x86-64-v2 >/dev/null || {
		echo "FAIL setup of $BUILD"; echo "0 passed, 1 failed"; exit 1; }
fi
nice ninja -C $BUILD srv6gw-bench >/dev/null || {
	echo "FAIL build of $BUILD/srv6gw-bench"; echo "0 passed, 1 failed"; exit 1; }
PCAPS=$BUILD/pcaps
for f in $FLOWS 1; do
	/usr/bin/python3 scripts/gen_bench.py $PCAPS $f || {
		echo "FAIL pcaps"; echo "0 passed, 1 failed"; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=""
for s in $SCEN; do args="$args --pcap $PCAPS/$s-$FLOWS.pcap"; done
for s in $ONE_FLOW; do args="$args --pcap $PCAPS/$s-1.pcap"; done
# shellcheck disable=SC2086
if ! nice valgrind --tool=callgrind --collect-atstart=no --dump-before=nothing \
	--callgrind-out-file="$work/cg.out" \
	$BUILD/srv6gw-bench -l 0 --no-huge -m 1024 --no-pci --no-shconf \
	--file-prefix cg$$ --log-level=lib.*:error -- -c conf/bench.conf --port in \
	--callgrind --packets "$PKTS" $args >"$work/bench.log" 2>"$work/valgrind.log"; then
	cat "$work/valgrind.log" "$work/bench.log"
	echo "FAIL srv6gw-bench under callgrind"
	echo "0 passed, 1 failed"
	exit 1
fi

# every dump names its pcap in "desc: Trigger: Client Request: PATH"; totals: Ir
: >"$work/result.txt"
for f in "$work"/cg.out*; do
	trig=$(sed -n 's/^desc: Trigger: Client Request: //p' "$f")
	[ -n "$trig" ] || continue
	ir=$(sed -n 's/^totals: //p' "$f" | awk '{print $1}')
	s=$(basename "$trig" .pcap | sed "s/-$FLOWS\$//; s/-1\$/-1flow/")
	echo "$s $(awk -v i="$ir" -v n="$PKTS" 'BEGIN { printf "%.1f", i / n }')" >>"$work/result.txt"
done
sort -o "$work/result.txt" "$work/result.txt"

if [ $UPDATE = 1 ] && [ -n "$(jq -r 'select(.tx_packets < .packets) | .pcap' "$work/bench.log")" ]; then
	echo "FAIL not updating: a scenario sent fewer packets than it received"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ $UPDATE = 1 ]; then
	{
		echo "# Instructions per packet (callgrind Ir), test/callgrind/run.sh --update"
		echo "# $(gcc -dumpfullversion) -march=x86-64-v2, DPDK $(pkg-config --modversion libdpdk)," \
			"valgrind $(valgrind --version | sed 's/valgrind-//'), $FLOWS flows (-1flow: 1), $PKTS packets"
		cat "$work/result.txt"
	} >$DIR/baseline.txt
	cat $DIR/baseline.txt
	echo "$(wc -l <"$work/result.txt") passed, 0 failed"
	exit 0
fi

pass=0
fail=0
# a scenario that stops forwarding would look like a big improvement: every
# one of them sends one packet per packet received
bad=$(jq -r 'select(.tx_packets < .packets) | .pcap' "$work/bench.log")
for p in $bad; do
	echo "FAIL $(basename "$p" .pcap): fewer packets sent than received (see srv6gw-bench --pcap $p)"
	fail=$((fail + 1))
done
for s in $SCEN $(for o in $ONE_FLOW; do echo "$o-1flow"; done); do
	got=$(awk -v s="$s" '$1 == s { print $2 }' "$work/result.txt")
	base=$(awk -v s="$s" '$1 == s { print $2 }' $DIR/baseline.txt)
	if [ -z "$got" ] || [ -z "$base" ]; then
		echo "FAIL $s: no count (got '${got}', baseline '${base}')"
		fail=$((fail + 1))
		continue
	fi
	verdict=$(awk -v g="$got" -v b="$base" -v t="$TOL" 'BEGIN {
		d = (g - b) / b * 100;
		printf "%s %+.1f%%", (d > t) ? "FAIL" : "ok", d }')
	case $verdict in
	ok*) pass=$((pass + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
	echo "${verdict%% *} $s: $got instructions/packet (baseline $base, ${verdict#* }, tolerance +$TOL%)"
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
