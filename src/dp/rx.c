/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* The worker loop: RX burst -> classify by EtherType -> handlers -> TX flush. */
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_prefetch.h>
#include <rte_rcu_qsbr.h>

#include "dp.h"

/** Ethernet check and dispatch of one received frame. */
static inline void
classify(struct srv6gw_worker *w, struct rte_mbuf *m)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	uint16_t type;

	if (unlikely(m->data_len < sizeof(*eth))) {
		DP_DROP(w, m, l2_truncated);
		return;
	}
	if (unlikely(!rte_is_multicast_ether_addr(&eth->dst_addr) &&
		     !rte_is_same_ether_addr(&eth->dst_addr, &w->g->ports[m->port].mac))) {
		DP_DROP(w, m, l2_other_host);
		return;
	}
	type = eth->ether_type;
	rte_pktmbuf_adj(m, sizeof(*eth));
	switch (type) {
	case RTE_BE16(RTE_ETHER_TYPE_IPV6):
		dp_ipv6_input(w, m);
		break;
	case RTE_BE16(RTE_ETHER_TYPE_IPV4):
		dp_ipv4_input(w, m);
		break;
	case RTE_BE16(RTE_ETHER_TYPE_ARP):
		dp_arp_input(w, m);
		break;
	default:
		DP_DROP(w, m, l2_unknown_ethertype);
	}
}

void
dp_process_burst(struct srv6gw_worker *w, uint16_t in_port, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t bytes = 0;
	uint16_t i;

	for (i = 0; i < n && i < 4; i++)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));
	for (i = 0; i < n; i++) {
		/* prefetch ahead: the header of packet i+4 is in cache by its turn */
		if (i + 4 < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 4], void *));
		pkts[i]->port = in_port;
		bytes += pkts[i]->pkt_len;
		classify(w, pkts[i]);
	}
	DP_EV_ADD(w, rx_packets, n);
	DP_EV_ADD(w, rx_bytes, bytes);
}

/** One pass over this worker's RX queues; returns the packets received. */
static unsigned int
poll_once(struct srv6gw_worker *w)
{
	struct rte_mbuf *pkts[DP_BURST];
	unsigned int q, total = 0;
	uint16_t n;

	for (q = 0; q < w->n_rxq; q++) {
		const struct dp_rxq *rq = &w->rxq[q];

		n = rte_eth_rx_burst(w->dpdk_port[rq->port], rq->queue, pkts, DP_BURST);
		if (n == 0)
			continue;
		dp_process_burst(w, rq->port, pkts, n);
		total += n;
	}
	dp_flush(w);
	return total;
}

int
srv6gw_worker_main(void *arg)
{
	struct srv6gw_worker *w = arg;
	uint64_t t0, t1;

	rte_rcu_qsbr_thread_register(w->qsbr, w->rcu_id);
	rte_rcu_qsbr_thread_online(w->qsbr, w->rcu_id);
	w->tsc_hz = rte_get_tsc_hz();
	t0 = rte_rdtsc();
	while (!__atomic_load_n(w->stop, __ATOMIC_RELAXED)) {
		/* one generation per burst (acquire pairs with the publisher's release) */
		w->g = srv6gw_gen_get();
		w->now = t0;
		unsigned int n = poll_once(w);

		w->g = NULL;
		rte_rcu_qsbr_quiescent(w->qsbr, w->rcu_id);
		t1 = rte_rdtsc();
		if (n != 0) {
			w->st->busy_cycles += t1 - t0;
			__atomic_store_n(&w->last_rx_tsc, t1, __ATOMIC_RELAXED);
		} else {
			w->st->idle_cycles += t1 - t0;
		}
		t0 = t1;
	}
	rte_rcu_qsbr_thread_offline(w->qsbr, w->rcu_id);
	rte_rcu_qsbr_thread_unregister(w->qsbr, w->rcu_id);
	return 0;
}
