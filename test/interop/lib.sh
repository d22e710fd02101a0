# SPDX-License-Identifier: BSD-3-Clause
#
# Shared harness for the srv6gw <-> Linux kernel SRv6 interop tests.
# Sourced by the scenario scripts (s1_*.sh ... s5_*.sh); not run directly.
#
# Topology (see README.md):
#
#   hsa ---- rta ---- gw (srv6gw on net_af_packet) ---- rtb ---- hsb
#
# Every namespace, veth and background process belongs to this run (the
# names carry a per-run id) and is removed by the EXIT trap.
#
# Environment:
#   SRV6GW       srv6gw binary (default: <repo>/build/srv6gw). Never built here.
#   INTEROP_GW   "srv6gw" (default) or "linux": put a Linux SRv6 router in the
#                gw namespace instead of srv6gw, to validate the harness and
#                the expectations themselves. Checks of srv6gw-only documented
#                behaviour and of the stats JSON are skipped in that mode.
#   INTEROP_KEEP 1: keep the work directory (pcaps, logs, stats) on success
#                too; it is always kept on failure.
#   INTEROP_LCORES  EAL core list for srv6gw (default 0,1).
#   V            1: print every command's output (debug).

set -u

IOP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IOP_ROOT=$(cd "$IOP_DIR/../.." && pwd)
SRV6GW=${SRV6GW:-$IOP_ROOT/build/srv6gw}
INTEROP_GW=${INTEROP_GW:-srv6gw}
INTEROP_KEEP=${INTEROP_KEEP:-0}
INTEROP_LCORES=${INTEROP_LCORES:-0,1}
V=${V:-0}
PY=/usr/bin/python3

IOP_ID=${INTEROP_ID:-$$}
HSA=iop$IOP_ID-hsa
RTA=iop$IOP_ID-rta
GW=iop$IOP_ID-gw
RTB=iop$IOP_ID-rtb
HSB=iop$IOP_ID-hsb
ALL_NS="$HSA $RTA $GW $RTB $HSB"

PASS=0
FAIL=0
SKIP=0
SCEN=${SCEN:-interop}
BG_PIDS=()
GW_PID=
WORK=
IOP_DONE=0
IOP_PHASE=init

# ---------------------------------------------------------------- reporting

ok()   { echo "ok $SCEN $*"; PASS=$((PASS + 1)); }
fail() { echo "FAIL $SCEN $*"; FAIL=$((FAIL + 1)); }
skip() { echo "# skip $SCEN $*"; SKIP=$((SKIP + 1)); }
note() { echo "# $*"; }

# check NAME CMD...: run CMD, ok/FAIL by its exit status.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name"; fi
}

# check_gw_only NAME CMD...: a check of srv6gw's own documented behaviour,
# skipped when a Linux router stands in for srv6gw.
check_gw_only() {
	if [ "$INTEROP_GW" = linux ]; then
		skip "$1 (srv6gw-only check, INTEROP_GW=linux)"
		return 0
	fi
	check "$@"
}

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# q CMD...: run CMD without output (for check).
q() { "$@" >/dev/null 2>&1; }

run_q() {
	if [ "$V" = 1 ]; then "$@"; else "$@" >/dev/null 2>&1; fi
}

# ------------------------------------------------------------ prerequisites

iop_prereq() {
	local missing=
	[ "$(id -u)" = 0 ] || missing="$missing root"
	for t in ip ethtool tcpdump tshark ping sysctl timeout; do
		command -v $t >/dev/null 2>&1 || missing="$missing $t"
	done
	[ -x $PY ] || missing="$missing $PY"
	if [ -n "$missing" ]; then
		fail "prerequisites (missing:$missing; apt-get install iproute2 ethtool tcpdump tshark iputils-ping python3)"
		return 1
	fi
	if [ "$INTEROP_GW" != linux ] && [ ! -x "$SRV6GW" ]; then
		fail "srv6gw binary missing or not executable: $SRV6GW (build it: meson setup build && ninja -C build)"
		return 1
	fi
	return 0
}

# ------------------------------------------------------------------ cleanup

iop_cleanup() {
	local rc=$?
	local p
	set +e
	if [ "$IOP_DONE" != 1 ]; then
		fail "aborted (exit status $rc during: $IOP_PHASE)"
		echo "$PASS passed, $FAIL failed"
		[ $rc -eq 0 ] && rc=1
	fi
	if [ -n "$GW_PID" ] && kill -0 "$GW_PID" 2>/dev/null; then
		kill -TERM "$GW_PID" 2>/dev/null
		for _ in $(seq 1 50); do kill -0 "$GW_PID" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$GW_PID" 2>/dev/null
	fi
	for p in "${BG_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in "${BG_PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	for ns in $ALL_NS; do
		ip netns del "$ns" 2>/dev/null
	done
	if [ -n "$WORK" ] && [ -d "$WORK" ]; then
		if [ "$FAIL" -gt 0 ] || [ "$INTEROP_KEEP" = 1 ]; then
			note "artifacts kept in $WORK"
		else
			rm -rf "$WORK"
		fi
	fi
	return $rc
}

# iop_init: prerequisites, trap, work dir. Returns non-zero if the scenario
# cannot run (a FAIL has been printed).
iop_init() {
	trap iop_cleanup EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
	trap 'exit 129' HUP
	iop_prereq || return 1
	WORK=$(mktemp -d /tmp/srv6gw-interop-$SCEN.XXXXXX)
	iop_write_udp_tool
	return 0
}

# iop_summary: the scenario's last line; exit status 1 on any failure.
iop_summary() {
	IOP_DONE=1
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}

# ----------------------------------------------------------------- topology
#
#  hsa veth0 ---- to-hsa rta to-gw ---- west  gw  east ---- to-gw rtb to-hsb ---- veth0 hsb
#
#  hsa-rta  192.0.2.0/26     2001:db8:a::/64   (hsa .2 ::2, rta .1 ::1)
#           + 2001:db8:aa::2/64 on hsa (reached only via gw End.DT6 table 10)
#  rta-gw   192.0.2.64/26    fc00:12::/64      (rta .66 ::a, gw .65 ::1)
#  gw-rtb                    fc00:23::/64      (gw ::1, rtb ::b)
#  rtb-hsb  198.51.100.0/24  2001:db8:b::/64   (rtb .1 ::1, hsb .2 ::2)
#           + 2001:db8:bb::2/64 on hsb (reached only via rtb End.DT6 table 100)
#  locators: rta fc00:a::/48, gw fc00:1::/48, rtb fc00:b::/48
#  encap sources: rta fc00:a::1, rtb fc00:b::1, gw fc00:1::1

# Known MACs, so static neighbours and `mac =` in configs can be tested.
MAC_RTA_GW=02:00:00:12:00:0a
MAC_GW_WEST=02:00:00:12:00:01
MAC_GW_EAST=02:00:00:23:00:01
MAC_RTB_GW=02:00:00:23:00:0b

ns_common_sysctl() {
	local ns=$1
	run_q nsx "$ns" sysctl -w net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 \
		net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
}

# router_sysctl NS: forwarding and SRv6 on. Also creates "sid0", the device
# seg6local routes hang off (kselftests use a dummy device; this kernel has
# no dummy driver, and a route via lo would become a reject route), as one
# end of a veth pair whose other end stays in the namespace.
router_sysctl() {
	local ns=$1
	run_q nsx "$ns" sysctl -w net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1 \
		net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.default.seg6_enabled=1
	ip -n "$ns" link add name sid0 type veth peer name sid0p
	ip -n "$ns" link set sid0p up
	ip -n "$ns" link set sid0 up
}

# if_up NS IF: no DAD, seg6 on, TX checksum offload off (af_packet would
# otherwise hand srv6gw packets with unfinished checksums), up.
if_up() {
	local ns=$1 dev=$2
	run_q nsx "$ns" sysctl -w net.ipv6.conf.$dev.accept_dad=0 \
		net.ipv6.conf.$dev.seg6_enabled=1 net.ipv4.conf.$dev.rp_filter=0
	run_q nsx "$ns" ethtool -K "$dev" tx off
	ip -n "$ns" link set "$dev" up
}

topo_setup() {
	local ns
	IOP_PHASE="topology setup"
	set -e
	for ns in $ALL_NS; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
		ns_common_sysctl "$ns"
	done
	ip link add name veth0 netns "$HSA" type veth peer name to-hsa netns "$RTA"
	ip link add name to-gw netns "$RTA" address $MAC_RTA_GW type veth \
		peer name west netns "$GW" address $MAC_GW_WEST
	ip link add name east netns "$GW" address $MAC_GW_EAST type veth \
		peer name to-gw netns "$RTB" address $MAC_RTB_GW
	ip link add name to-hsb netns "$RTB" type veth peer name veth0 netns "$HSB"

	# hosts
	if_up "$HSA" veth0
	ip -n "$HSA" addr add 192.0.2.2/26 dev veth0
	ip -n "$HSA" -6 addr add 2001:db8:a::2/64 dev veth0 nodad
	ip -n "$HSA" -6 addr add 2001:db8:aa::2/64 dev veth0 nodad
	ip -n "$HSA" route add default via 192.0.2.1
	ip -n "$HSA" -6 route add default via 2001:db8:a::1

	if_up "$HSB" veth0
	ip -n "$HSB" addr add 198.51.100.2/24 dev veth0
	ip -n "$HSB" -6 addr add 2001:db8:b::2/64 dev veth0 nodad
	ip -n "$HSB" -6 addr add 2001:db8:bb::2/64 dev veth0 nodad
	ip -n "$HSB" route add default via 198.51.100.1
	ip -n "$HSB" -6 route add default via 2001:db8:b::1

	# Linux routers (kselftest pattern: SIDs in table 90 selected by an
	# ip -6 rule for the locator, unreachable default there).
	router_sysctl "$RTA"
	if_up "$RTA" to-hsa
	if_up "$RTA" to-gw
	ip -n "$RTA" addr add 192.0.2.1/26 dev to-hsa
	ip -n "$RTA" -6 addr add 2001:db8:a::1/64 dev to-hsa nodad
	ip -n "$RTA" addr add 192.0.2.66/26 dev to-gw
	ip -n "$RTA" -6 addr add fc00:12::a/64 dev to-gw nodad
	ip -n "$RTA" -6 addr add fc00:a::1/128 dev lo nodad
	ip -n "$RTA" -6 route add fc00::/16 via fc00:12::1 dev to-gw
	ip -n "$RTA" -6 rule add to fc00:a::/48 lookup 90 prio 999
	ip -n "$RTA" -6 route add unreachable default metric 4278198272 table 90
	nsx "$RTA" ip sr tunsrc set fc00:a::1

	router_sysctl "$RTB"
	if_up "$RTB" to-hsb
	if_up "$RTB" to-gw
	ip -n "$RTB" addr add 198.51.100.1/24 dev to-hsb
	ip -n "$RTB" -6 addr add 2001:db8:b::1/64 dev to-hsb nodad
	ip -n "$RTB" -6 addr add fc00:23::b/64 dev to-gw nodad
	ip -n "$RTB" -6 addr add fc00:b::1/128 dev lo nodad
	ip -n "$RTB" -6 route add fc00::/16 via fc00:23::1 dev to-gw
	ip -n "$RTB" -6 rule add to fc00:b::/48 lookup 90 prio 999
	ip -n "$RTB" -6 route add unreachable default metric 4278198272 table 90
	nsx "$RTB" ip sr tunsrc set fc00:b::1

	# gw namespace: srv6gw owns west/east through af_packet; the kernel
	# must not answer for it: no addresses, IPv6 off, then up.
	if [ "$INTEROP_GW" != linux ]; then
		for dev in west east; do
			run_q nsx "$GW" sysctl -w net.ipv6.conf.$dev.disable_ipv6=1
			run_q nsx "$GW" sysctl -w net.ipv4.conf.$dev.arp_ignore=8
			ip -n "$GW" link set "$dev" up
		done
	else
		router_sysctl "$GW"
		if_up "$GW" west
		if_up "$GW" east
		ip -n "$GW" addr add 192.0.2.65/26 dev west
		ip -n "$GW" -6 addr add fc00:12::1/64 dev west nodad
		ip -n "$GW" -6 addr add fc00:23::1/64 dev east nodad
		ip -n "$GW" -6 addr add fc00:1::1/128 dev lo nodad
		ip -n "$GW" -6 route add fc00:a::/48 via fc00:12::a dev west
		ip -n "$GW" -6 route add fc00:b::/48 via fc00:23::b dev east
		ip -n "$GW" -6 rule add to fc00:1::/48 lookup 90 prio 999
		ip -n "$GW" -6 route add unreachable default metric 4278198272 table 90
		nsx "$GW" ip sr tunsrc set fc00:1::1
	fi
	set +e
	IOP_PHASE="tests"
}

# --------------------------------------------------------------- the gateway

# gw_start CONF [LINUX_SETUP_FUNCTION]: start srv6gw with CONF in the gw
# namespace (or, with INTEROP_GW=linux, call LINUX_SETUP_FUNCTION to make the
# gw namespace an equivalent Linux SRv6 node), then wait until it answers
# ping on both port addresses. Prints ok/FAIL "gw up".
gw_start() {
	local conf=$1 linux_fn=${2:-}
	if [ "$INTEROP_GW" = linux ]; then
		if [ -z "$linux_fn" ]; then
			fail "gw up (no Linux stand-in for this scenario)"
			return 1
		fi
		( set -e; $linux_fn )
		if [ $? -ne 0 ]; then
			fail "gw up (Linux stand-in setup failed)"
			return 1
		fi
	else
		local out
		if ! out=$("$SRV6GW" -- --check-config -c "$conf" 2>&1); then
			fail "gw config $(basename "$conf") refused by srv6gw --check-config"
			echo "$out" | sed 's/^/#   /' | tail -20
			return 1
		fi
		ip netns exec "$GW" "$SRV6GW" -l "$INTEROP_LCORES" --no-huge -m 1024 \
			--no-pci --no-shconf --file-prefix "iop$IOP_ID" \
			--vdev=net_af_packet0,iface=west \
			--vdev=net_af_packet1,iface=east \
			-- -c "$conf" --stats-file "$WORK/stats.json" --ctl-socket "$WORK/ctl.sock" \
			>"$WORK/gw.log" 2>&1 &
		GW_PID=$!
	fi
	local i
	for i in $(seq 1 60); do
		if [ -n "$GW_PID" ] && ! kill -0 "$GW_PID" 2>/dev/null; then
			wait "$GW_PID"
			fail "gw up (srv6gw exited with status $?; log below)"
			sed 's/^/#   /' "$WORK/gw.log" | tail -30
			GW_PID=
			return 1
		fi
		if nsx "$RTA" ping -c 1 -W 1 fc00:12::1 >/dev/null 2>&1 &&
		   nsx "$RTB" ping -c 1 -W 1 fc00:23::1 >/dev/null 2>&1; then
			ok "gw up (answers ping on fc00:12::1 and fc00:23::1)"
			return 0
		fi
		sleep 0.5
	done
	fail "gw up (no echo reply from fc00:12::1/fc00:23::1 within 30 s)"
	[ -f "$WORK/gw.log" ] && sed 's/^/#   /' "$WORK/gw.log" | tail -30
	return 1
}

# gw_stop: SIGTERM srv6gw, wait for it, check the stats JSON was written.
gw_stop() {
	[ "$INTEROP_GW" = linux ] && return 0
	[ -n "$GW_PID" ] || return 0
	kill -TERM "$GW_PID" 2>/dev/null
	local i rc
	for i in $(seq 1 100); do
		kill -0 "$GW_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$GW_PID" 2>/dev/null; then
		kill -KILL "$GW_PID"
		wait "$GW_PID" 2>/dev/null
		GW_PID=
		fail "gw stop (srv6gw ignored SIGTERM for 10 s)"
		return 1
	fi
	wait "$GW_PID"
	rc=$?
	GW_PID=
	if [ $rc -ne 0 ]; then
		local sig=
		[ $rc -gt 128 ] && sig=" = signal $((rc - 128))"
		fail "gw stop (srv6gw exit status $rc$sig after SIGTERM)"
		sed 's/^/#   /' "$WORK/gw.log" | tail -20
	fi
	local err
	if ! err=$($PY -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/stats.json" 2>&1); then
		fail "gw stop (no valid stats JSON: $(echo "$err" | tail -1); $(stat -c %s "$WORK/stats.json" 2>/dev/null || echo 0) bytes)"
		return 1
	fi
	[ $rc -eq 0 ] && ok "gw stop (clean exit, stats JSON written)"
	note "srv6gw stats: $($PY - "$WORK/stats.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
d = {k: v for k, v in s.get("drops", {}).items() if v}
sids = ["%s=%s" % (x.get("sid"), x.get("packets")) for x in s.get("sids", [])]
pols = ["%s=%s" % (x.get("name"), x.get("packets")) for x in s.get("policies", [])]
print("drops", d, "| sids", " ".join(sids), "| policies", " ".join(pols))
EOF
)"
	return 0
}

# stats_sid_packets SID: packets counted for SID in the stats JSON ("" if absent).
stats_sid_packets() {
	$PY - "$WORK/stats.json" "$1" 2>/dev/null <<'EOF'
import ipaddress, json, sys
s = json.load(open(sys.argv[1]))
want = ipaddress.ip_address(sys.argv[2])
for x in s.get("sids", []):
    try:
        if ipaddress.ip_address(str(x.get("sid")).split("/")[0]) == want:
            print(int(x.get("packets", 0)))
            break
    except ValueError:
        pass
EOF
}

# stats_policy_packets NAME
stats_policy_packets() {
	$PY - "$WORK/stats.json" "$1" 2>/dev/null <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
for x in s.get("policies", []):
    if x.get("name") == sys.argv[2]:
        print(int(x.get("packets", 0)))
        break
EOF
}

# stats_drop NAME: value of drop counter NAME (0 if absent, "" if the
# JSON cannot be read).
stats_drop() {
	$PY - "$WORK/stats.json" "$1" 2>/dev/null <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
print(int(s.get("drops", {}).get(sys.argv[2], 0)))
EOF
}

# check_drop_min NAME MIN: drop counter NAME is at least MIN.
check_drop_min() {
	local name=$1 min=$2 n
	[ "$INTEROP_GW" = linux ] && { skip "stats: drop $name >= $min (INTEROP_GW=linux)"; return 0; }
	n=$(stats_drop "$name")
	if [ -n "$n" ] && [ "$n" -ge "$min" ]; then
		ok "stats: drop counter $name = $n (>= $min)"
	else
		fail "stats: drop counter $name = '${n:-no valid stats JSON}', expected >= $min"
	fi
}

# check_sid_count SID MIN: stats JSON counts at least MIN packets on SID.
# stats_event NAME: an event counter of the final stats JSON.
stats_event() {
	$PY - "$WORK/stats.json" "$1" 2>/dev/null <<'EOF2'
import json, sys
s = json.load(open(sys.argv[1]))
print(int(s.get("events", {}).get(sys.argv[2], 0)))
EOF2
}

check_sid_count() {
	local sid=$1 min=$2 n
	[ "$INTEROP_GW" = linux ] && { skip "stats: $sid >= $min packets (INTEROP_GW=linux)"; return 0; }
	n=$(stats_sid_packets "$sid")
	if [ -n "$n" ] && [ "$n" -ge "$min" ]; then
		ok "stats: SID $sid counted $n packets (>= $min)"
	else
		fail "stats: SID $sid counted '${n:-absent or no valid stats JSON}' packets, expected >= $min"
	fi
}

check_policy_count() {
	local pol=$1 min=$2 n
	[ "$INTEROP_GW" = linux ] && { skip "stats: policy $pol >= $min packets (INTEROP_GW=linux)"; return 0; }
	n=$(stats_policy_packets "$pol")
	if [ -n "$n" ] && [ "$n" -ge "$min" ]; then
		ok "stats: policy $pol counted $n packets (>= $min)"
	else
		fail "stats: policy $pol counted '${n:-absent or no valid stats JSON}' packets, expected >= $min"
	fi
}

# ------------------------------------------------------------------ traffic

# ping_check NAME NS [ping args...] DST: one unchecked warm-up echo (lets
# ARP/ND resolve: srv6gw drops the packet that triggers a resolution), then
# 3 echoes that must all be answered.
ping_check() {
	local name=$1 ns=$2
	shift 2
	nsx "$ns" ping -c 1 -W 1 "$@" >/dev/null 2>&1
	local out
	out=$(nsx "$ns" ping -c 3 -i 0.2 -W 2 "$@" 2>&1)
	# a loaded machine can lose the first echoes after a route change (the
	# kernel peers resolving, srv6gw descheduled): one more round, then judge
	echo "$out" | grep -q ' 3 received' ||
		out=$(nsx "$ns" ping -c 3 -i 0.2 -W 2 "$@" 2>&1)
	if echo "$out" | grep -q ' 3 received'; then
		ok "$name"
	else
		fail "$name"
		echo "$out" | sed 's/^/#   /' | tail -4
	fi
}

# ping_fail_check NAME NS [ping args...] DST: the echo must NOT be answered.
ping_fail_check() {
	local name=$1 ns=$2
	shift 2
	nsx "$ns" ping -c 1 -W 1 "$@" >/dev/null 2>&1
	if nsx "$ns" ping -c 2 -i 0.3 -W 1 "$@" 2>&1 | grep -q ' 0 received'; then
		ok "$name"
	else
		fail "$name (got an answer; isolation broken)"
	fi
}

iop_write_udp_tool() {
	cat >"$WORK/udp.py" <<'EOF'
# UDP echo for the interop tests.
#   server ADDR PORT READYFILE SECONDS: echo each datagram back with the same
#     size, its first 48 bytes replaced by the sender's address as the server
#     saw it (space padded).
#   client SRC DST PORT SIZE: send SIZE (>= 64) bytes, 48 bytes of padding
#     then random hex (3 tries, 1 s each), and require the exact echo from
#     DST:PORT carrying SRC as the address the server saw.
import ipaddress, os, socket, sys, time

HDR = 48

def fam(a):
    return socket.AF_INET6 if ":" in a else socket.AF_INET

mode = sys.argv[1]
if mode == "server":
    addr, port, ready, secs = sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
    s = socket.socket(fam(addr), socket.SOCK_DGRAM)
    s.bind((addr, port))
    open(ready, "w").close()
    end = time.time() + secs
    while time.time() < end:
        s.settimeout(max(0.1, end - time.time()))
        try:
            data, peer = s.recvfrom(65535)
        except socket.timeout:
            break
        print("from", peer, len(data), "bytes", flush=True)
        s.sendto(peer[0].encode().ljust(HDR)[:HDR] + data[HDR:], peer)
    sys.exit(0)

src, dst, port, size = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
s = socket.socket(fam(dst), socket.SOCK_DGRAM)
s.bind((src, 0))
s.settimeout(1.0)
payload = b"#" * HDR + os.urandom(size).hex().encode()[:size - HDR]
for attempt in range(3):
    s.sendto(payload, (dst, port))
    end = time.time() + 1.0
    while time.time() < end:
        try:
            data, peer = s.recvfrom(65535)
        except socket.timeout:
            break
        if ipaddress.ip_address(peer[0]) != ipaddress.ip_address(dst) or peer[1] != port:
            print("reply from unexpected peer", peer)
            continue
        try:
            seen = ipaddress.ip_address(data[:HDR].decode().strip())
        except (UnicodeDecodeError, ValueError):
            seen = None
        if len(data) == len(payload) and data[HDR:] == payload[HDR:] and \
           seen == ipaddress.ip_address(src):
            print("ok after %d send(s)" % (attempt + 1))
            sys.exit(0)
        print("bad echo: seen=%s len=%d/%d" % (seen, len(data), len(payload)))
print("no valid echo after 3 tries")
sys.exit(1)
EOF
}

# udp_check NAME CLIENT_NS SRC SERVER_NS DST [SIZE]: UDP echo of SIZE
# (default 1000) bytes from SRC to DST:PORT and back; the server must see SRC
# as the source and the client must get the same payload back from DST.
UDP_PORT=40000
udp_check() {
	local name=$1 cns=$2 src=$3 sns=$4 dst=$5 size=${6:-1000}
	UDP_PORT=$((UDP_PORT + 1))
	local ready="$WORK/udp-ready.$UDP_PORT" spid out i
	ip netns exec "$sns" $PY "$WORK/udp.py" server "$dst" $UDP_PORT "$ready" 10 \
		>"$WORK/udp-server.$UDP_PORT.log" 2>&1 &
	spid=$!
	BG_PIDS+=("$spid")
	for i in $(seq 1 50); do [ -e "$ready" ] && break; sleep 0.1; done
	out=$(nsx "$cns" timeout 10 $PY "$WORK/udp.py" client "$src" "$dst" $UDP_PORT "$size" 2>&1)
	if [ $? -eq 0 ]; then
		ok "$name"
	else
		fail "$name"
		echo "$out" | sed 's/^/#   /' | tail -4
		sed 's/^/#   server: /' "$WORK/udp-server.$UDP_PORT.log" | tail -4
	fi
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
}

# ----------------------------------------------------------------- captures

declare -A CAP_PID

# cap_start TAG NS DEV: capture everything on DEV into $WORK/TAG.pcap.
# Background processes are started with `ip netns exec` itself, never via a
# shell function: ip execs the command, so $! is the process to stop.
cap_start() {
	local tag=$1 ns=$2 dev=$3 i
	ip netns exec "$ns" tcpdump -i "$dev" -n -U -s 0 -w "$WORK/$tag.pcap" \
		>"$WORK/$tag.tcpdump.log" 2>&1 &
	CAP_PID[$tag]=$!
	BG_PIDS+=("${CAP_PID[$tag]}")
	for i in $(seq 1 50); do
		grep -q 'listening on' "$WORK/$tag.tcpdump.log" 2>/dev/null && return 0
		sleep 0.1
	done
	note "tcpdump $tag did not report 'listening on'"
}

cap_stop() {
	local tag=$1
	sleep 0.3
	kill -TERM "${CAP_PID[$tag]}" 2>/dev/null
	wait "${CAP_PID[$tag]}" 2>/dev/null
}

# ICMP errors quote the packet that caused them, so a display filter on
# addresses would match them too: tsh never returns them (check for them
# with pcap_none "$ICMP_ERR").
ICMP_ERR="icmpv6.type < 128 || icmp.type == 3 || icmp.type == 11 || icmp.type == 12"

# tsh PCAP FILTER FIELD...: one line per packet matching FILTER and not an
# ICMP error, fields separated by '|', repeated fields (outer and inner
# header) joined by ','.
tsh() {
	local f=$1 y=$2
	shift 2
	local args=() e
	for e in "$@"; do args+=(-e "$e"); done
	local excl=" && !($ICMP_ERR)"
	[ "${TSH_ERRORS:-0}" = 1 ] && excl=
	tshark -n -r "$f" -Y "($y)$excl" -T fields -E separator='|' -E occurrence=a \
		-E aggregator=, "${args[@]}" 2>/dev/null
}

# pcap_match PCAP FILTER EXPECTED FIELD...: at least one packet matches
# FILTER and every matching packet has exactly EXPECTED as its field line.
# Prints what differs on failure.
pcap_match() {
	local f=$1 y=$2 want=$3
	shift 3
	local got n bad
	got=$(tsh "$f" "$y" "$@")
	n=$(printf '%s' "$got" | grep -c '^')
	bad=0
	[ "$n" -gt 0 ] && bad=$(printf '%s\n' "$got" | grep -v -x -F -- "$want" | grep -c '^')
	PCAP_N=$n
	if [ "$n" -gt 0 ] && [ "$bad" -eq 0 ]; then
		return 0
	fi
	note "  $n packets matched '$y', $bad differ"
	note "  fields: $*"
	note "  want:   $want"
	printf '%s\n' "$got" | sort | uniq -c | head -5 | sed 's/^/#   got: /'
	return 1
}

# pcap_match_err: pcap_match that includes ICMP errors.
pcap_match_err() {
	local TSH_ERRORS=1
	pcap_match "$@"
}

# pcap_expect NAME PCAP FILTER EXPECTED FIELD...: pcap_match as a check.
pcap_expect() {
	local name=$1
	shift
	if pcap_match "$@"; then ok "$name ($PCAP_N pkts)"; else fail "$name"; fi
}

# pcap_count PCAP FILTER: number of packets matching FILTER.
pcap_count() {
	tshark -n -r "$1" -Y "$2" 2>/dev/null | grep -c '^'
}

# pcap_none NAME PCAP FILTER: no packet matches FILTER.
pcap_none() {
	local n
	n=$(pcap_count "$2" "$3")
	if [ "$n" -eq 0 ]; then ok "$1"; else
		fail "$1 ($n packets match '$3')"
		tshark -n -r "$2" -Y "$3" 2>/dev/null | head -3 | sed 's/^/#   /'
	fi
}

# pcap_first PCAP FILTER FIELD: the field of the first matching packet.
pcap_first() {
	tsh "$1" "$2" "$3" | head -1
}

# plen_check PCAP FILTER EXTRA: every packet matching FILTER is IPv6 in IPv6
# whose outer Payload Length = 40 + inner Payload Length + EXTRA (the bytes
# of extension headers between the two IPv6 headers).
plen_check() {
	local f=$1 y=$2 extra=$3 got bad
	got=$(tsh "$f" "$y" ipv6.plen)
	[ -n "$got" ] || { note "  no packet matched '$y'"; return 1; }
	bad=$(printf '%s\n' "$got" | awk -F, -v x="$extra" \
		'NF != 2 || $1 != 40 + $2 + x { print }' | head -3)
	[ -z "$bad" ] && return 0
	note "  outer,inner payload lengths not matching +40+$extra: $(echo $bad)"
	return 1
}
