#!/bin/sh
# The srv6gw demo (Debian 12, as root): install what is missing, build, run
# srv6gw on two net_pcap ports with conf/demo.conf over pcaps/demo-in.pcap,
# then print what left each port (decoded by tshark), whether it matches the
# packets expected by the RFC rules, and the counters.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh

out=$(mktemp -d /tmp/srv6gw-demo.XXXXXX)
/usr/bin/python3 -c "from scapy.all import wrpcap; wrpcap('$out/empty.pcap', [])"
echo "== running srv6gw (1 worker, net_pcap0 = edge <- pcaps/demo-in.pcap, net_pcap1 = core)"
build/srv6gw -l 0,1 --no-huge -m 1024 --no-pci --no-shconf --file-prefix srv6gw-demo \
	--log-level='lib.*:error' \
	--vdev="net_pcap0,rx_pcap=pcaps/demo-in.pcap,tx_pcap=$out/edge-out.pcap" \
	--vdev="net_pcap1,rx_pcap=$out/empty.pcap,tx_pcap=$out/core-out.pcap" \
	-- -c conf/demo.conf --idle-exit 500 --stats-file "$out/stats.json" --ctl-socket "$out/ctl.sock"

echo
echo "== in: pcaps/demo-in.pcap (into edge)"
tshark -n -r pcaps/demo-in.pcap 2>/dev/null
for port in edge core; do
	echo
	echo "== out of $port"
	echo "#  outer-src outer-dst SL segments(list[0..]) | inner-src inner-dst | info"
	tshark -n -r "$out/$port-out.pcap" -T fields -E separator='|' -e frame.number \
		-e ipv6.src -e ipv6.dst -e ipv6.routing.segleft -e ipv6.routing.srh.addr \
		-e ip.src -e ip.dst -e _ws.col.Info 2>/dev/null |
		awk -F'|' '{ printf "%2s  %s %s SL=%s [%s] | %s %s | %s\n", $1, $2, $3, $4, $5, $6, $7, $8 }'
done
echo
/usr/bin/python3 - "$out" <<'PY'
import sys
from scapy.all import rdpcap
out = sys.argv[1]
for port in ("edge", "core"):
    got = [bytes(p) for p in rdpcap(f"{out}/{port}-out.pcap")]
    want = [bytes(p) for p in rdpcap(f"pcaps/demo-expected-{port}.pcap")]
    # the outer flow label is a hash (RFC 6437): compare everything else
    def mask(b):
        if len(b) > 18 and b[12:14] == b"\x86\xdd":
            b = bytearray(b); b[15] &= 0xf0; b[16] = b[17] = 0; return bytes(b)
        return b
    same = len(got) == len(want) and all(mask(g)[:len(w)] == mask(w) for g, w in zip(got, want))
    print(f"== {port}: {len(got)} packets, {'match' if same else 'DIFFER FROM'} "
          f"pcaps/demo-expected-{port}.pcap")
PY
echo
echo "== counters (non-zero), from $out/stats.json"
jq -r '(.events, .drops) | to_entries[] | select(.value > 0) | "\(.key) \(.value)"' \
	"$out/stats.json" | column -t
echo
jq -r '.sids[] | select(.packets > 0) | "sid \(.sid) \(.behavior) packets=\(.packets)"' \
	"$out/stats.json"
jq -r '.policies[] | select(.packets > 0) | "policy \(.name) packets=\(.packets)"' \
	"$out/stats.json"
echo
echo "output pcaps and stats: $out"
