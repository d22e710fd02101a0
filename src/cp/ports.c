/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* Port bring-up: probe, configure (queues, RSS, MTU, MAC), start, stop. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_log.h>

#include "cp.h"
#include "log.h"

#define NB_RXD 1024
#define NB_TXD 1024

static int
port_fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/** Find the ethdev of a configured device, probing it when devargs are given. */
static int
port_find(const struct srv6gw_cfg_port *cp, uint16_t *id, char *err, size_t len)
{
	char spec[2 * SRV6GW_DEV_MAX + 2];
	int rc;

	if (rte_eth_dev_get_port_by_name(cp->device, id) == 0)
		return 0;
	if (cp->args[0] == '\0')
		return port_fail(err, len, "port %s: no DPDK device named \"%s\" (give it with "
				 "--vdev/-a, or set args to probe it)", cp->name, cp->device);
	snprintf(spec, sizeof(spec), "%s,%s", cp->device, cp->args);
	rc = rte_dev_probe(spec);
	if (rc < 0 || rte_eth_dev_get_port_by_name(cp->device, id) != 0)
		return port_fail(err, len, "port %s: cannot probe \"%s\": %s", cp->name, spec,
				 rte_strerror(-rc));
	return 0;
}

static int
port_setup(const struct srv6gw_cfg_port *cp, uint16_t id, unsigned int n_workers,
	   struct rte_mempool *const *pool, uint16_t *n_rxq, char *err, size_t len)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	uint16_t nrx, q;
	int rc;

	memset(&conf, 0, sizeof(conf));
	rc = rte_eth_dev_info_get(id, &info);
	if (rc != 0)
		return port_fail(err, len, "port %s: %s", cp->name, rte_strerror(-rc));
	if (info.max_tx_queues < n_workers)
		return port_fail(err, len, "port %s: device has %u TX queues, %u workers need "
				 "one each", cp->name, info.max_tx_queues, n_workers);
	nrx = RTE_MIN((uint16_t)n_workers, info.max_rx_queues);
	if (nrx > 1 && info.flow_type_rss_offloads != 0) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_IP & info.flow_type_rss_offloads;
	}
	if (cp->mtu + RTE_ETHER_HDR_LEN > RTE_MBUF_DEFAULT_DATAROOM &&
	    (info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER))
		conf.rxmode.offloads |= RTE_ETH_RX_OFFLOAD_SCATTER;
	conf.intr_conf.lsc = (*info.dev_flags & RTE_ETH_DEV_INTR_LSC) ? 1 : 0;
	rc = rte_eth_dev_configure(id, nrx, n_workers, &conf);
	if (rc != 0)
		return port_fail(err, len, "port %s: configure: %s", cp->name, rte_strerror(-rc));
	rc = rte_eth_dev_set_mtu(id, cp->mtu);
	if (rc != 0 && rc != -ENOTSUP)
		SRV6GW_LOG(WARNING, "port %s: cannot set MTU %u: %s (MTU enforced in software)",
			   cp->name, cp->mtu, rte_strerror(-rc));
	for (q = 0; q < nrx; q++) {
		rc = rte_eth_rx_queue_setup(id, q, NB_RXD, rte_eth_dev_socket_id(id), NULL, pool[q]);
		if (rc != 0)
			return port_fail(err, len, "port %s: RX queue %u: %s", cp->name, q,
					 rte_strerror(-rc));
	}
	for (q = 0; q < n_workers; q++) {
		rc = rte_eth_tx_queue_setup(id, q, NB_TXD, rte_eth_dev_socket_id(id), NULL);
		if (rc != 0)
			return port_fail(err, len, "port %s: TX queue %u: %s", cp->name, q,
					 rte_strerror(-rc));
	}
	*n_rxq = nrx;
	return 0;
}

/** Use the configured MAC; where the device refuses it, listen promiscuously. */
static void
port_mac(const struct srv6gw_cfg_port *cp, uint16_t id, struct rte_ether_addr *mac)
{
	if (cp->has_mac) {
		memcpy(mac, cp->mac, 6);
		if (rte_eth_dev_default_mac_addr_set(id, mac) != 0)
			rte_eth_promiscuous_enable(id);
	} else {
		rte_eth_macaddr_get(id, mac);
	}
	/* ND uses solicited-node multicast groups (RFC 4861) */
	rte_eth_allmulticast_enable(id);
}

int
srv6gw_ports_init(const struct srv6gw_config *cfg, unsigned int n_workers,
		struct rte_mempool *const *pool, struct srv6gw_ports *ports, char *err, size_t errlen)
{
	unsigned int i;
	int rc;

	memset(ports, 0, sizeof(*ports));
	for (i = 0; i < cfg->n_ports; i++) {
		const struct srv6gw_cfg_port *cp = &cfg->ports[i];
		uint16_t id;

		rc = port_find(cp, &id, err, errlen);
		if (rc == 0)
			rc = port_setup(cp, id, n_workers, pool, &ports->n_rxq[i], err, errlen);
		if (rc != 0)
			return rc;
		ports->id[i] = id;
		ports->n = i + 1;
		port_mac(cp, id, &ports->mac[i]);
		rc = rte_eth_dev_start(id);
		if (rc != 0)
			return port_fail(err, errlen, "port %s: start: %s", cp->name,
					 rte_strerror(-rc));
	}
	return 0;
}

void
srv6gw_ports_fini(struct srv6gw_ports *ports)
{
	unsigned int i;

	for (i = 0; i < ports->n; i++) {
		rte_eth_dev_stop(ports->id[i]);
		rte_eth_dev_close(ports->id[i]);
	}
	ports->n = 0;
}
