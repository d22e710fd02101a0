/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* Transmit: Ethernet header, neighbour resolution, per-port TX buffers. */
#include <rte_ethdev.h>
#include <rte_hash.h>
#include <rte_ring.h>

#include "dp.h"
#include "neigh.h"
#include "tx.h"

uint8_t srv6gw_link_up[SRV6GW_MAX_PORTS];

void
dp_flush_port(struct srv6gw_worker *w, uint16_t port)
{
	uint16_t n = w->txn[port];
	uint16_t sent = rte_eth_tx_burst(w->dpdk_port[port], w->txq[port], w->txb[port], n);
	uint64_t bytes = w->txbytes[port];
	uint16_t i;

	/* RFC 4443 §3.1: congestion drops never produce ICMP, just a counter
	 * (the sent ones are not read again: the PMD may have freed them) */
	for (i = sent; i < n; i++) {
		bytes -= w->txb[port][i]->pkt_len;
		DP_DROP(w, w->txb[port][i], tx_full);
	}
	DP_EV_ADD(w, tx_packets, sent);
	DP_EV_ADD(w, tx_bytes, bytes);
	w->txn[port] = 0;
	w->txbytes[port] = 0;
}

void
dp_flush(struct srv6gw_worker *w)
{
	uint16_t p;

	for (p = 0; p < w->n_ports; p++)
		if (w->txn[p] != 0)
			dp_flush_port(w, p);
}

/**
 * Reachability of a learned neighbour (RFC 4861 §7.3, applied to ARP
 * entries too). Confirmed within neighbor_timers.reachable_ms, it is used as
 * is. Used later than that, it is still used, and a probe round begins: an
 * ARP request / NS a second (neigh_solicit); any ARP/ND message from it
 * confirms it again. After `probes` seconds of probing without one it is
 * given up: the MAC is forgotten and its packets count as neigh_unresolved
 * while the solicitations go on. Like Linux' STALE state, an idle neighbour
 * costs nothing and its first packet after a silence is never dropped.
 * @return false when given up.
 */
static bool
neigh_reachable(struct srv6gw_worker *w, struct srv6gw_neigh *n, uint64_t l2)
{
	const struct srv6gw_gen *g = w->g;
	uint64_t conf = __atomic_load_n(&n->confirmed, __ATOMIC_RELAXED);
	uint64_t since;

	if (likely(neigh_fresh(w, n)))
		return true;
	since = __atomic_load_n(&n->probing_since, __ATOMIC_RELAXED);
	if (since == 0 || (int64_t)(conf - since) > 0) {
		/* a new round (one worker starts it; the others see its start) */
		if (!__atomic_compare_exchange_n(&n->probing_since, &since, w->now, false,
						 __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			return true;
		since = w->now;
	}
	if ((int64_t)(w->now - since) <= (int64_t)g->nud_probe_tsc) {
		if (neigh_solicit(w, n))
			DP_EV(w, neigh_probed);
		return true;
	}
	/* one worker forgets it; a learn in between wins (the exchange fails) */
	if (__atomic_compare_exchange_n(&n->l2, &l2, 0, false, __ATOMIC_RELAXED,
					__ATOMIC_RELAXED))
		DP_EV(w, neigh_expired);
	return false;
}

/** Resolve the neighbour entry of @p nh for destination @p dst, or NULL. */
static struct srv6gw_neigh *
nexthop_neigh(struct srv6gw_worker *w, const struct srv6gw_nexthop *nh, const uint8_t *dst,
		uint8_t family)
{
	struct srv6gw_neigh_key key;
	int32_t idx;

	if (!nh->connected)
		return &srv6gw_neigh.e[nh->neigh];
	neigh_key_make(&key, nh->port, family, dst);
	idx = neigh_lookup(&key);
	if (idx < 0) {
		neigh_request(&key, 0);
		return NULL;
	}
	return &srv6gw_neigh.e[idx];
}

void
dp_tx_nexthop_slow(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh_idx, const uint8_t *dst)
{
	const struct srv6gw_nexthop *nh = &w->g->nexthops[nh_idx];
	uint8_t ver = *rte_pktmbuf_mtod(m, uint8_t *) >> 4;
	uint8_t family = ver == 4 ? AF_INET : AF_INET6;
	const struct srv6gw_port_rt *pr = &w->g->ports[nh->port];
	struct srv6gw_neigh *n;
	struct rte_ether_hdr *eth;
	uint64_t l2;

	/* RFC 4443 §3.1 spirit: a dead link is not a routing error, no ICMP */
	if (unlikely(!__atomic_load_n(&srv6gw_link_up[nh->port], __ATOMIC_RELAXED))) {
		DP_DROP(w, m, link_down);
		return;
	}

	n = nexthop_neigh(w, nh, dst, family);
	if (unlikely(n == NULL)) {
		DP_DROP(w, m, neigh_unresolved);
		return;
	}
	l2 = __atomic_load_n(&n->l2, __ATOMIC_ACQUIRE);     /* pairs with neigh_learn() */
	if (unlikely(!(l2 & SRV6GW_NEIGH_VALID)) ||
	    unlikely(!(l2 & SRV6GW_NEIGH_STATIC) && !neigh_reachable(w, n, l2))) {
		neigh_solicit(w, n);
		DP_DROP(w, m, neigh_unresolved);
		return;
	}
	eth = (struct rte_ether_hdr *)rte_pktmbuf_prepend(m, sizeof(*eth));
	if (unlikely(eth == NULL)) {
		DP_DROP(w, m, encap_no_headroom);
		return;
	}
	eth_write(eth, l2, &pr->eth_tail[family != AF_INET]);
	dp_tx_l2(w, m, nh->port);
}

void
dp_tx_nexthop(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh_idx, const uint8_t *dst)
{
	dp_tx_nexthop_inline(w, m, nh_idx, dst);
}
