#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Scenario 7: the SRH HMAC TLV (RFC 8754 §2.1.2) with the Linux kernel as
# the peer, both ways.
#
# sign:   plain IPv6 hsa -> hsb steered by gw into policy "sign" (H.Encaps,
#         [fc00:b::e, fc00:b::d6], HMAC SHA-256 key 7) or "sign1" ([fc00:b::d6],
#         SHA-1 key 11); rtb has seg6_require_hmac = 1 on to-gw: Linux accepts
#         only packets whose HMAC it recomputes. The TLV of every captured
#         packet is also recomputed here with Python's hmac module from the
#         RFC's text (SA, Last Entry, Flags, Key ID, Segment List).
# tamper: copies of a captured gw packet, sent into rtb by scapy: the intact
#         copy is forwarded, copies with the source, a segment, the flags or
#         the HMAC changed are dropped by Linux.
# verify: rta `encap seg6 ... hmac K` toward gw End fc00:1::e (hmac "require"):
#         SHA-256 and SHA-1 keys and a second SHA-256 key (rollover) verify; an
#         unknown key and a wrong secret give Parameter Problem code 0 pointing
#         at the HMAC TLV (offset 80 with two segments); no TLV is dropped
#         silently; End fc00:1::e1 (port level "verify") forwards a packet
#         without TLV. Failures are logged once a second.

SCEN=s7
. "$(dirname "$0")/lib.sh"
iop_init || { iop_summary; exit 1; }
topo_setup

K7=s7-key-seven-0123456789abcdef
K8=rollover-key-eight
K11=s7-sha1-eleven
K12=right-secret-12

# linux_key NS ID ALGO SECRET: `ip sr hmac set` reads the secret with getpass.
linux_key() {
	printf '%s' "$4" | ip netns exec "$1" setsid -w ip sr hmac set "$2" "$3" >/dev/null 2>&1
}

KEYS=$WORK/s7-hmac.keys
cat >"$KEYS" <<EOF
# srv6gw HMAC keys for scenario 7: <key-id> <sha256|sha1> <hex:...|text:...>
7  sha256 text:$K7
8  sha256 hex:$(printf '%s' "$K8" | od -An -tx1 | tr -d ' \n')
11 sha1   text:$K11
12 sha256 text:$K12
EOF
chmod 600 "$KEYS"
cp "$IOP_DIR/conf/s7-hmac.conf" "$WORK/s7-hmac.conf"

ip -n "$RTA" -6 route add 2001:db8:a::/64 dev to-hsa 2>/dev/null
ip -n "$RTA" -6 route add 2001:db8:b::/64 via fc00:12::1 dev to-gw
ip -n "$RTA" -6 route add 2001:db8:bb::/64 via fc00:12::1 dev to-gw
ip -n "$RTB" -6 route add 2001:db8:a::/64 via fc00:23::1 dev to-gw
ip -n "$RTB" -6 route add fc00:b::e table 90 encap seg6local action End dev sid0
ip -n "$RTB" -6 route add fc00:b::d6 table 90 \
	encap seg6local action End.DX6 nh6 2001:db8:b::2 dev to-hsb
for k in "7 sha256 $K7" "11 sha1 $K11"; do
	set -- $k
	linux_key "$RTB" "$1" "$2" "$3"
	linux_key "$RTA" "$1" "$2" "$3"
done
linux_key "$RTA" 8 sha256 "$K8"
linux_key "$RTB" 8 sha256 "$K8"
linux_key "$RTA" 9 sha256 unknown-to-gw
linux_key "$RTA" 12 sha256 wrong-secret-12
run_q nsx "$RTB" sysctl -w net.ipv6.conf.to-gw.seg6_require_hmac=1

s7_gw_linux() {
	linux_key "$GW" 7 sha256 "$K7"
	linux_key "$GW" 8 sha256 "$K8"
	linux_key "$GW" 11 sha1 "$K11"
	linux_key "$GW" 12 sha256 "$K12"
	run_q nsx "$GW" sysctl -w net.ipv6.conf.west.seg6_require_hmac=0
	ip -n "$GW" -6 route add 2001:db8:a::/64 via fc00:12::a dev west
	ip -n "$GW" -6 route add fc00:1::e table 90 encap seg6local action End dev sid0
	ip -n "$GW" -6 route add fc00:1::e1 table 90 encap seg6local action End dev sid0
	ip -n "$GW" -6 route add 2001:db8:b::/64 \
		encap seg6 mode encap segs fc00:b::e,fc00:b::d6 hmac 7 dev east
	ip -n "$GW" -6 route add 2001:db8:bb::/64 \
		encap seg6 mode encap segs fc00:b::d6 hmac 11 dev east
}

gw_start "$WORK/s7-hmac.conf" s7_gw_linux || { iop_summary; exit 1; }

# ------------------------------------------------------------------ sign

cat >"$WORK/hmac_check.py" <<EOF
# Recompute the HMAC TLV of every SRv6 packet from fc00:1::1 in a pcap
# (RFC 8754 §2.1.2.1; SHA-1 zero padded to 32 bytes as Linux does).
import hashlib, hmac, ipaddress, sys
from scapy.all import rdpcap
keys = {7: (hashlib.sha256, b"$K7"), 11: (hashlib.sha1, b"$K11")}
src = ipaddress.ip_address("fc00:1::1").packed
n = bad = 0
for p in rdpcap(sys.argv[1]):
    raw = bytes(p)
    if raw[12:14] != b"\x86\xdd" or raw[14 + 6] != 43 or raw[22:38] != src:
        continue
    ip, srh = raw[14:], raw[54:]
    total, le, flags = (srh[1] + 1) * 8, srh[4], srh[5]
    off, hoff = 8 + 16 * (le + 1), None
    while off < total:
        if srh[off] == 0:
            off += 1
            continue
        if srh[off] == 5:
            hoff = off
        off += 2 + srh[off + 1]
    n += 1
    if hoff is None:
        print("no HMAC TLV"); bad += 1; continue
    t = srh[hoff:hoff + 40]
    kid = int.from_bytes(t[4:8], "big")
    h, secret = keys[kid]
    text = ip[8:24] + bytes([le, flags]) + t[4:8] + srh[8:8 + 16 * (le + 1)]
    mac = hmac.new(secret, text, h).digest().ljust(32, b"\0")
    if t[1] != 38 or t[2] & 0x80 or t[8:40] != mac or not flags & 0x08:
        print("bad TLV: len %d D %d key %d flags %#x mac %s want %s" % (
            t[1], t[2] >> 7, kid, flags, t[8:40].hex(), mac.hex()))
        bad += 1
print("%d packets, %d bad" % (n, bad))
sys.exit(0 if n > 0 and bad == 0 else 1)
EOF

cap_start sign-B "$RTB" to-gw
ping_check "sign: ping hsa -> hsb (gw HMAC SHA-256 key 7, rtb seg6_require_hmac=1)" "$HSA" 2001:db8:b::2
# (-I: hsa would pick 2001:db8:aa::2 as the source for bb::2, unroutable here)
ping_check "sign: ping hsa -> hsb bb::2 (gw HMAC SHA-1 key 11, rtb seg6_require_hmac=1)" "$HSA" -I 2001:db8:a::2 2001:db8:bb::2
udp_check "sign: udp hsa -> hsb echo (1000 B)" "$HSA" 2001:db8:a::2 "$HSB" 2001:db8:b::2
cap_stop sign-B
OUT=$($PY "$WORK/hmac_check.py" "$WORK/sign-B.pcap" 2>&1)
if [ $? -eq 0 ]; then ok "sign: every HMAC TLV gw sent recomputes from the RFC text ($OUT)"
else fail "sign: HMAC TLVs recomputed from the RFC text"; echo "$OUT" | sed 's/^/#   /' | tail -5; fi
pcap_expect "sign: gw H.Encaps -> SRH LE 1 + 40-byte TLV (Hdr Ext Len 9), H flag for Linux" \
	"$WORK/sign-B.pcap" "ipv6.dst == fc00:b::e && icmpv6" "fc00:1::1,2001:db8:a::2|43,58|9|1|1|fc00:b::d6,fc00:b::e" \
	ipv6.src ipv6.nxt ipv6.routing.len ipv6.routing.segleft ipv6.routing.srh.last_entry \
	ipv6.routing.srh.addr

# Linux looks for the HMAC TLV only when its pre-RFC H flag (0x08) is set:
# without srv6.hmac_h_flag, rtb (seg6_require_hmac = 1) finds "no HMAC" and
# drops (docs/security.md).
if [ "$INTEROP_GW" != linux ]; then
	CTL=${SRV6GWCTL:-$IOP_ROOT/build/srv6gwctl}
	sed -i 's/^  hmac_h_flag = true;/  hmac_h_flag = false;/' "$WORK/s7-hmac.conf"
	q "$CTL" -s "$WORK/ctl.sock" reload
	ping_fail_check "sign: hmac_h_flag = false -> Linux rtb drops (it needs flag 0x08)" \
		"$HSA" 2001:db8:b::2
	sed -i 's/^  hmac_h_flag = false;/  hmac_h_flag = true;/' "$WORK/s7-hmac.conf"
	q "$CTL" -s "$WORK/ctl.sock" reload
	ping_check "sign: hmac_h_flag = true again -> accepted" "$HSA" 2001:db8:b::2
fi

# ---------------------------------------------------------------- tamper

cat >"$WORK/tamper.py" <<'EOF'
# Copies of a captured gw -> rtb echo request, each with its own echo id:
# 0x7001 intact (only the inner packet, which the HMAC does not cover, is
# changed), 0x7002 source changed, 0x7003 a segment changed, 0x7004 the HMAC
# changed, 0x7005 a flag changed. Sent on "east" (gw's link to rtb).
import ipaddress, sys
from scapy.all import rdpcap, sendp, IPv6, ICMPv6EchoRequest
src = ipaddress.ip_address("fc00:1::1").packed
dst = ipaddress.ip_address("fc00:b::e").packed
for p in rdpcap(sys.argv[1]):
    raw = bytes(p)
    if raw[12:14] == b"\x86\xdd" and raw[22:38] == src and raw[38:54] == dst:
        break
else:
    sys.exit("no packet to tamper with")
total = (raw[55] + 1) * 8
inner = 54 + total
hmac_off = 54 + total - 40 + 8
def variant(ident, off=None, xor=0):
    b = bytearray(raw)
    if off is not None:
        b[off] ^= xor
    i = IPv6(bytes(b[inner:]))
    if ICMPv6EchoRequest not in i:
        sys.exit("not an echo request")
    i[ICMPv6EchoRequest].id = ident
    del i[ICMPv6EchoRequest].cksum
    b[inner:] = bytes(i)
    return bytes(b)
pkts = [variant(0x7001), variant(0x7002, 14 + 8 + 15, 1), variant(0x7003, 54 + 8 + 15, 1),
        variant(0x7004, hmac_off, 0x80), variant(0x7005, 54 + 5, 0x01)]
for _ in range(3):
    sendp(pkts, iface="east", verbose=False)
EOF
cap_start tamper-H "$RTB" to-hsb
OUT=$(nsx "$GW" $PY "$WORK/tamper.py" "$WORK/sign-B.pcap" 2>&1) || note "tamper.py: $OUT"
sleep 0.5
cap_stop tamper-H
T=$WORK/tamper-H.pcap
c() { pcap_count "$T" "icmpv6.type == 128 && icmpv6.echo.identifier == $1"; }
check "tamper: intact copy (inner changed only) forwarded by Linux to hsb ($(c 0x7001) of 3)" \
	test "$(c 0x7001)" -ge 1
for v in "0x7002 source address" "0x7003 Segment List[0]" "0x7004 HMAC" "0x7005 Flags"; do
	set -- $v
	id=$1; shift
	check "tamper: copy with $* changed dropped by Linux ($(c $id) seen)" test "$(c $id)" -eq 0
done

# ---------------------------------------------------------------- verify

# verify_case NAME SEGS HMAC_ARG EXPECT(ok|fail)
verify_case() {
	local name=$1 segs=$2 harg=$3 want=$4
	ip -n "$RTA" -6 route replace 2001:db8:b::/64 \
		encap seg6 mode encap segs "$segs" $harg dev to-gw
	if [ "$want" = ok ]; then
		ping_check "verify: $name" "$HSA" 2001:db8:b::2
	else
		ping_fail_check "verify: $name" "$HSA" 2001:db8:b::2
	fi
}

cap_start verify-A "$RTA" to-gw
verify_case "rta HMAC SHA-256 key 7 -> gw End (require) verifies, rtb too" fc00:1::e,fc00:b::d6 "hmac 7" ok
verify_case "rta HMAC key 8 (second SHA-256 key: rollover) verifies" fc00:1::e,fc00:b::d6 "hmac 8" ok
ip -n "$RTA" -6 route replace 2001:db8:bb::/64 \
	encap seg6 mode encap segs fc00:1::e,fc00:b::d6 hmac 11 dev to-gw
ping_check "verify: rta HMAC SHA-1 key 11 -> gw End verifies, rtb too" "$HSA" -I 2001:db8:a::2 2001:db8:bb::2
cap_stop verify-A
check_gw_only "verify: no ICMP error from gw for valid HMACs" \
	test "$(pcap_count "$WORK/verify-A.pcap" "icmpv6.type == 4")" -eq 0

cap_start bad-A "$RTA" to-gw
verify_case "rta key 9 (unknown to gw) -> dropped" fc00:1::e,fc00:b::d6 "hmac 9" fail
cap_stop bad-A
# (code of the error, then of the quoted echo request; sources of the error,
# then of the quoted outer and inner headers)
check_gw_only "verify: unknown key -> Parameter Problem code 0, pointer 80 (the HMAC TLV) to fc00:a::1" \
	pcap_match_err "$WORK/bad-A.pcap" "icmpv6.type == 4 && ipv6.src == fc00:12::1" \
	"0,0|80|fc00:12::1,fc00:a::1,2001:db8:a::2" icmpv6.code icmpv6.pointer ipv6.src

cap_start wrong-A "$RTA" to-gw
verify_case "rta key 12 with another secret -> dropped" fc00:1::e,fc00:b::d6 "hmac 12" fail
cap_stop wrong-A
check_gw_only "verify: wrong HMAC -> Parameter Problem code 0, pointer 80" \
	pcap_match_err "$WORK/wrong-A.pcap" "icmpv6.type == 4 && ipv6.src == fc00:12::1" \
	"0,0|80" icmpv6.code icmpv6.pointer

cap_start none-A "$RTA" to-gw
if [ "$INTEROP_GW" = linux ]; then
	skip "verify: no HMAC at a require SID (Linux's level is per interface, INTEROP_GW=linux)"
else
	verify_case "no HMAC at End fc00:1::e (require) -> dropped" fc00:1::e,fc00:b::d6 "" fail
fi
cap_stop none-A
check_gw_only "verify: missing HMAC dropped silently (no ICMP error)" \
	test "$(pcap_count "$WORK/none-A.pcap" "icmpv6.type == 4")" -eq 0
run_q nsx "$RTB" sysctl -w net.ipv6.conf.to-gw.seg6_require_hmac=0
verify_case "no HMAC at End fc00:1::e1 (port level verify) -> forwarded" fc00:1::e1,fc00:b::d6 "" ok
sleep 1.5
check_gw_only "verify: HMAC failures logged (rate limited, one line per second)" \
	grep -qE 'HMAC: [0-9]+ verification failure' "$WORK/gw.log"

# The key file is read again at each reload: a readable-by-all or broken one
# refuses the reload (file:line), a good one is taken.
if [ "$INTEROP_GW" != linux ]; then
	CTL=${SRV6GWCTL:-$IOP_ROOT/build/srv6gwctl}
	chmod 644 "$KEYS"
	OUT=$("$CTL" -s "$WORK/ctl.sock" reload 2>&1)
	check "reload: key file mode 0644 -> reload refused, error names the key file" \
		q sh -c "echo '$OUT' | grep -q 's7-hmac.keys: mode 0644'"
	chmod 600 "$KEYS"
	echo "13 md5 text:nope" >>"$KEYS"
	OUT=$("$CTL" -s "$WORK/ctl.sock" reload 2>&1)
	check "reload: bad key line -> refused with the key file's line (6)" \
		q sh -c "echo '$OUT' | grep -q 's7-hmac.keys:6: algorithm must be sha256 or sha1'"
	sed -i '$d' "$KEYS"
	OUT=$("$CTL" -s "$WORK/ctl.sock" reload 2>&1)
	check "reload: good key file again -> reload ok" test $? -eq 0
	verify_case "reload: rta key 7 -> gw End (require) after the reloads" \
		fc00:1::e,fc00:b::d6 "hmac 7" ok
fi

gw_stop
check_policy_count sign 3
check_policy_count sign1 3
check_sid_count fc00:1::e 9
check_drop_min hmac_unknown_key 1
check_drop_min hmac_invalid 1
check_drop_min hmac_missing 1
if [ "$INTEROP_GW" != linux ]; then
	n=$(stats_event hmac_verified)
	check "stats: hmac_verified = $n (>= 9)" test "${n:-0}" -ge 9
fi

iop_summary
exit $?
