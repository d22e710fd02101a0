#!/bin/sh
# Prepare a host for srv6gw: reserve and mount hugepages, bind NICs to vfio-pci.
# Wraps DPDK's dpdk-hugepages.py and dpdk-devbind.py (Debian package dpdk).
#
#   srv6gw-setup.sh [--hugepages MiB] [--bind PCI]... [--driver vfio-pci] [--status]
#
# Idempotent: what is already in place is left alone. Exit non-zero with a
# message when a step fails.
set -eu
HP=""
DRIVER=vfio-pci
BIND=""
STATUS=0
while [ $# -gt 0 ]; do
	case "$1" in
	--hugepages) HP=$2; shift 2 ;;
	--bind) BIND="$BIND $2"; shift 2 ;;
	--driver) DRIVER=$2; shift 2 ;;
	--status) STATUS=1; shift ;;
	-h|--help) sed -n '2,9p' "$0"; exit 0 ;;
	*) echo "srv6gw-setup: unknown argument $1" >&2; exit 2 ;;
	esac
done
command -v dpdk-hugepages.py >/dev/null || { echo "srv6gw-setup: install the dpdk package" >&2; exit 1; }
if [ $STATUS = 1 ]; then
	dpdk-hugepages.py --show
	dpdk-devbind.py --status-dev net
	exit 0
fi
if [ -n "$HP" ]; then
	have=$(awk '/HugePages_Total/ {print $2}' /proc/meminfo)
	want=$((HP / 2))
	if [ "$have" -lt "$want" ]; then
		dpdk-hugepages.py --pagesize 2M --reserve "${HP}M"
	fi
	mountpoint -q /dev/hugepages || dpdk-hugepages.py --mount
fi
for dev in $BIND; do
	cur=$(dpdk-devbind.py --status-dev net | grep "^$dev" | sed -n 's/.*drv=\([^ ]*\).*/\1/p')
	if [ "$cur" != "$DRIVER" ]; then
		modprobe "$DRIVER" 2>/dev/null || true
		dpdk-devbind.py --bind="$DRIVER" "$dev"
	fi
done
