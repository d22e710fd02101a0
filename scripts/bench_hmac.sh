#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# SRH HMAC costs (docs/performance.md, "SRH HMAC"):
#   1. srv6gw-hmac-bench: one HMAC four ways, and dp_hmac_verify() alone;
#   2. srv6gw-bench, the real burst function: the "end" scenario of
#      scripts/gen_bench.py against the same frames carrying an HMAC TLV
#      (key 7) at an End SID with hmac = "require" (conf/bench.conf plus a
#      key file), and "encap4-2sid" against the same with hmac_key = 7 (the
#      headend copies a precomputed TLV: no hashing per packet).
# Run as root after a build; uses /tmp/srv6gw-bench-hmac. Interleaved runs,
# median cycles per packet each; on a shared VM compare within one run only.
set -eu
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/srv6gw-bench-hmac}
RUNS=${RUNS:-5}
PKTS=${PKTS:-200000}
mkdir -p "$OUT"
/usr/bin/python3 scripts/gen_bench.py "$OUT" 1024 >/dev/null

printf '7 sha256 text:bench-key-0123456789abcdef0123456789\n' >"$OUT/bench.keys"
chmod 600 "$OUT/bench.keys"
sed -e "s|^srv6 = {|srv6 = {\n  hmac_keys = \"$OUT/bench.keys\";|" \
    -e 's|{ sid = "fc00:1::e";   behavior = "End"; }|{ sid = "fc00:1::e";   behavior = "End"; hmac = "require"; }|' \
    -e 's|\(name = "to-laptop";[^}]*\)}|\1 hmac_key = 7; }|' \
    conf/bench.conf >"$OUT/hmac.conf"
grep -q 'hmac = "require"' "$OUT/hmac.conf" && grep -q 'hmac_key = 7' "$OUT/hmac.conf" || {
	echo "conf/bench.conf changed: cannot derive the HMAC configuration" >&2; exit 1; }

# the "end" frames with an HMAC TLV made here from the RFC 8754 text
/usr/bin/python3 - "$OUT/end-1024.pcap" "$OUT/end-hmac-1024.pcap" <<'EOF'
import hashlib, hmac, sys
from scapy.all import PcapReader, PcapWriter, Ether
key = b"bench-key-0123456789abcdef0123456789"
kid = (7).to_bytes(4, "big")
w = PcapWriter(sys.argv[2], sync=False)
for p in PcapReader(sys.argv[1]):
    b = bytearray(bytes(p))
    le = b[54 + 4]
    at = 54 + 8 + 16 * (le + 1)                 # after Segment List[LE]
    b[54 + 1] += 5                              # Hdr Ext Len: + 40 bytes
    text = bytes(b[22:38]) + bytes(b[58:60]) + kid + bytes(b[62:at])
    b[at:at] = bytes([5, 38, 0, 0]) + kid + hmac.new(key, text, hashlib.sha256).digest()
    b[18:20] = (int.from_bytes(b[18:20], "big") + 40).to_bytes(2, "big")
    w.write(Ether(bytes(b)))
w.close()
EOF
cp "$OUT/end-1024.pcap.port" "$OUT/end-hmac-1024.pcap.port"

echo "== srv6gw-hmac-bench"
build/srv6gw-hmac-bench --iters 200000
echo "== srv6gw-bench (cycles per packet, baseline subtracted; drops must be 0)"
bench() {
	build/srv6gw-bench -l 0 --no-huge -m 512 --no-pci --no-shconf --log-level='lib.*:error' \
		--file-prefix bhm$$ -- -c "$1" --pcap "$OUT/$2-1024.pcap" --port in --runs "$RUNS" \
		--packets "$PKTS" 2>/dev/null | grep '"pcap"' | jq -r --arg n "$3" '"\($n): \(.cycles_per_packet) cyc/pkt, drops \(.drops)"'
}
for i in 1 2 3; do
	bench conf/bench.conf end "end"
	bench "$OUT/hmac.conf" end-hmac "end + HMAC verify (require)"
	bench conf/bench.conf encap4-2sid "encap4-2sid"
	bench "$OUT/hmac.conf" encap4-2sid "encap4-2sid + HMAC TLV"
done
