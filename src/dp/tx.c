/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* Transmit: Ethernet header, neighbour resolution, per-port TX buffers. */
#include <rte_ethdev.h>
#include <rte_hash.h>
#include <rte_ring.h>

#include "dp.h"
#include "neigh.h"

uint8_t srv6gw_link_up[SRV6GW_MAX_PORTS];

static void
flush_port(struct srv6gw_worker *w, uint16_t port)
{
	uint16_t n = w->txn[port];
	uint16_t sent = rte_eth_tx_burst(w->dpdk_port[port], w->txq[port], w->txb[port], n);
	uint64_t bytes = 0;
	uint16_t i;

	for (i = 0; i < sent; i++)
		bytes += w->txb[port][i]->pkt_len;
	DP_EV_ADD(w, tx_packets, sent);
	DP_EV_ADD(w, tx_bytes, bytes);
	/* RFC 4443 §3.1: congestion drops never produce ICMP, just a counter. */
	for (i = sent; i < n; i++)
		DP_DROP(w, w->txb[port][i], tx_full);
	w->txn[port] = 0;
}

void
dp_flush(struct srv6gw_worker *w)
{
	uint16_t p;

	for (p = 0; p < w->n_ports; p++)
		if (w->txn[p] != 0)
			flush_port(w, p);
}

void
dp_tx_l2(struct srv6gw_worker *w, struct rte_mbuf *m, uint16_t port)
{
	/* packets that came in before this one and wait for their lookup go
	 * first: what leaves keeps the order it came in (resubmit.c) */
	if (unlikely(w->n_resub6 != 0))
		dp_resubmit_run(w);
	if (unlikely(w->txn[port] == DP_TXB_SIZE))
		flush_port(w, port);
	/* offload fields of a rewritten packet are stale: reset them, but keep
	 * the two that say where the data lives (an external buffer, e.g. from
	 * a PMD that receives into its own memory, or another mbuf): without
	 * them the free path hands the foreign buffer to our pool */
	m->ol_flags &= RTE_MBUF_F_EXTERNAL | RTE_MBUF_F_INDIRECT;
	m->packet_type = 0;
	w->txb[port][w->txn[port]++] = m;
}

/** Confirmed within neighbor_timers.reachable_ms (as seen from this worker). */
static inline bool
neigh_fresh(const struct srv6gw_worker *w, const struct srv6gw_neigh *n)
{
	uint64_t conf = __atomic_load_n(&n->confirmed, __ATOMIC_RELAXED);

	/* another worker's clock may be a little ahead: negative = just now */
	return (int64_t)(w->now - conf) <= (int64_t)w->g->nud_reachable_tsc;
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

/**
 * The Ethernet header in two 8-byte stores: @p l2 holds the neighbour's MAC
 * in wire order in its low six bytes (neigh_mac_l2, byte i at bits 8i); the
 * second store, our MAC and the EtherType (port eth_tail), overwrites the
 * other two.
 */
static inline void
eth_write(void *eth, uint64_t l2, const uint64_t *tail)
{
	l2 = rte_cpu_to_le_64(l2);
	memcpy(eth, &l2, 8);
	memcpy((uint8_t *)eth + 6, tail, 8);
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

/** dp_tx_nexthop() for whatever is not its common case, which it tells apart. */
static __rte_noinline void
tx_nexthop_slow(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh_idx, const uint8_t *dst)
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

/*
 * The common case inline, everything else in tx_nexthop_slow(): a gateway
 * next hop (its neighbour entry is fixed per generation) on a link that is
 * up, whose neighbour is static or was confirmed within reachable_ms, and
 * headroom for the Ethernet header. Small, so that it needs few registers.
 */
void
dp_tx_nexthop(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh_idx, const uint8_t *dst)
{
	const struct srv6gw_gen *g = w->g;
	const struct srv6gw_nexthop *nh = &g->nexthops[nh_idx];
	const struct srv6gw_neigh *n;
	bool v4 = (*rte_pktmbuf_mtod(m, uint8_t *) >> 4) == 4;
	void *eth;
	uint64_t l2;

	if (unlikely(nh->connected || m->data_off < RTE_ETHER_HDR_LEN ||
		     !__atomic_load_n(&srv6gw_link_up[nh->port], __ATOMIC_RELAXED)))
		goto slow;
	n = &srv6gw_neigh.e[nh->neigh];
	l2 = __atomic_load_n(&n->l2, __ATOMIC_ACQUIRE);     /* pairs with neigh_learn() */
	if (unlikely(!(l2 & SRV6GW_NEIGH_VALID)) ||
	    (!(l2 & SRV6GW_NEIGH_STATIC) && unlikely(!neigh_fresh(w, n))))
		goto slow;
	m->data_off -= RTE_ETHER_HDR_LEN;
	m->data_len += RTE_ETHER_HDR_LEN;
	m->pkt_len += RTE_ETHER_HDR_LEN;
	eth = rte_pktmbuf_mtod(m, void *);
	eth_write(eth, l2, &g->ports[nh->port].eth_tail[!v4]);
	dp_tx_l2(w, m, nh->port);
	return;
slow:
	tx_nexthop_slow(w, m, nh_idx, dst);
}
