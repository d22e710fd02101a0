#!/bin/sh
# Install what srv6gw needs to build, run its demo and run its tests on
# Debian 12 (run as root). Idempotent: packages already present are skipped.
#   scripts/install-deps.sh [PACKAGE...]   (extra packages a tool needs too)
set -eu

PKGS="build-essential pkg-config meson ninja-build
  dpdk dpdk-dev libdpdk-dev libconfig-dev libjansson-dev libcmocka-dev libpcap-dev libssl-dev
  python3 python3-scapy python3-jsonschema python3-matplotlib tshark tcpdump iproute2 iputils-ping traceroute ethtool procps valgrind jq
  clang-14 libclang-rt-14-dev $*"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	# tshark asks whether non-root users may capture: answer no
	echo "wireshark-common wireshark-common/install-setuid boolean false" |
		debconf-set-selections
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
