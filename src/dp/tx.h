/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_DP_TX_H
#define SRV6GW_DP_TX_H

/*
 * Transmit, inline for the hot callers (IPv6/IPv4 output, encapsulation,
 * the resubmission stage): the Ethernet header of a gateway next hop and
 * the per-port TX buffer. What is not the common case goes to tx.c's
 * dp_tx_nexthop_slow(); cold callers use the out-of-line dp_tx_nexthop().
 *
 * Thread-safety: the TX buffers and the per-chunk next-hop cache (w->txc)
 * are the worker's own; neighbour entries are read with acquire loads
 * (written by neigh_learn() on any lcore), and a cached one is at most a
 * chunk old.
 */

#include "dp.h"
#include "neigh.h"

/** Transmit the @p port buffer of @p w now (tx.c). */
void dp_flush_port(struct srv6gw_worker *w, uint16_t port);

/** dp_tx_nexthop() for whatever is not its common case, which it tells apart (tx.c). */
void dp_tx_nexthop_slow(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh_idx,
			const uint8_t *dst);

/**
 * The offload fields of a rewritten packet are stale: reset them, but keep
 * the two that say where the data lives (an external buffer, e.g. from a
 * PMD that receives into its own memory, or another mbuf): without them
 * the free path hands the foreign buffer to our pool.
 */
static inline void
dp_mbuf_tx_reset(struct rte_mbuf *m)
{
	m->ol_flags &= RTE_MBUF_F_EXTERNAL | RTE_MBUF_F_INDIRECT;
	m->packet_type = 0;
}

/** Put @p m into the TX buffer of @p port, which has room (dp_tx_l2()). */
static inline void
dp_txb_put(struct srv6gw_worker *w, struct rte_mbuf *m, uint16_t port)
{
	dp_mbuf_tx_reset(m);
	w->txbytes[port] += m->pkt_len;
	w->txb[port][w->txn[port]++] = m;
}

/** Queue a frame that already has its Ethernet header on @p port. */
static inline void
dp_tx_l2(struct srv6gw_worker *w, struct rte_mbuf *m, uint16_t port)
{
	/* packets that came in before this one and wait for their lookup go
	 * first: what leaves keeps the order it came in (resubmit.c) */
	if (unlikely(w->n_resub6 != 0))
		dp_resubmit_run(w);
	if (unlikely(w->txn[port] == DP_TXB_SIZE))
		dp_flush_port(w, port);
	dp_txb_put(w, m, port);
}

/**
 * A run of packets queued on one port whose count and bytes stay in
 * registers until dp_txq_close() (why: stored per packet, w->txn[] and
 * w->txbytes[] make a chain through memory, load, add, store, the next
 * packet's load waiting on the store, which the stores into the mbufs keep
 * the compiler from breaking; end to end that wait was the largest cost of
 * a uniform chunk's TX loop, docs/performance-rounds.md eleventh round). Between
 * open and close nothing else may queue on any port: close before calling
 * anything that may transmit. Thread safety: none needed, a dp_txq lives
 * on its worker's stack and points into that worker's own buffers.
 */
struct dp_txq {
	struct rte_mbuf **q;    /**< the port's next free TX buffer slot */
	uint32_t bytes;
	uint16_t n;
	uint16_t port;
};

/* a chunk's run fits an emptied buffer (dp_txq_open()'s flush) */
_Static_assert(DP_TXB_SIZE >= DP_BURST, "DP_TXB_SIZE below DP_BURST");

/** Open @p t on @p port with room for @p room more packets (dp_tx_l2()'s order). */
static __rte_always_inline void
dp_txq_open(struct srv6gw_worker *w, struct dp_txq *t, uint16_t port, unsigned int room)
{
	/* packets that came in before these and wait for their lookup go first */
	if (unlikely(w->n_resub6 != 0))
		dp_resubmit_run(w);
	if (w->txn[port] + room > DP_TXB_SIZE)
		dp_flush_port(w, port);
	*t = (struct dp_txq){ .q = &w->txb[port][w->txn[port]], .port = port };
}

/** Queue @p m, whose frame is complete, on @p t (open, with room). */
static __rte_always_inline void
dp_txq_put(struct dp_txq *t, struct rte_mbuf *m)
{
	dp_mbuf_tx_reset(m);
	t->bytes += m->pkt_len;
	t->q[t->n++] = m;
}

/** Store what @p t (open) queued into the TX buffer's count and bytes. */
static __rte_always_inline void
dp_txq_close(struct srv6gw_worker *w, const struct dp_txq *t)
{
	w->txn[t->port] += t->n;
	w->txbytes[t->port] += t->bytes;
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

/** Forget the next hop dp_tx_nexthop_inline() cached (start of every chunk). */
static inline void
dp_txc_reset(struct srv6gw_worker *w)
{
	w->txc.nh = DP_TXC_NONE;
}

/** Write the cached next hop's Ethernet header at @p m's start and queue it. */
static __rte_always_inline void
dp_tx_cached(struct srv6gw_worker *w, struct rte_mbuf *m)
{
	eth_write(rte_pktmbuf_mtod(m, void *), w->txc.l2, w->txc.tail);
	dp_tx_l2(w, m, w->txc.port);
}

/**
 * Cache next hop @p nh_idx for packets of family @p v4 (1: IPv4) for the
 * rest of the chunk (w->txc) if it is dp_tx_nexthop_fam()'s common case: a
 * gateway next hop (its neighbour entry is fixed per generation) on a link
 * that is up, whose neighbour is static or was confirmed within
 * reachable_ms. @return false when it is not (nothing cached).
 */
static __rte_always_inline bool
dp_txc_load(struct srv6gw_worker *w, uint32_t nh_idx, uint8_t v4)
{
	const struct srv6gw_gen *g = w->g;
	const struct srv6gw_nexthop *nh = &g->nexthops[nh_idx];
	const struct srv6gw_neigh *n;
	uint64_t l2;

	if (unlikely(nh->connected ||
		     !__atomic_load_n(&srv6gw_link_up[nh->port], __ATOMIC_RELAXED)))
		return false;
	n = &srv6gw_neigh.e[nh->neigh];
	l2 = __atomic_load_n(&n->l2, __ATOMIC_ACQUIRE);     /* pairs with neigh_learn() */
	if (unlikely(!(l2 & SRV6GW_NEIGH_VALID)) ||
	    (!(l2 & SRV6GW_NEIGH_STATIC) && unlikely(!neigh_fresh(w, n))))
		return false;
	w->txc = (struct dp_txc){
		.nh = nh_idx, .v4 = v4, .port = nh->port, .l2 = l2,
		.tail = &g->ports[nh->port].eth_tail[!v4],
	};
	return true;
}

/**
 * dp_tx_nexthop() with its common case inline (dp_txc_load(), and headroom
 * for the Ethernet header), everything else in dp_tx_nexthop_slow(). @p v4:
 * @p m is IPv4 (1) or IPv6 (0), as the caller knows.
 */
static __rte_always_inline void
dp_tx_nexthop_fam(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh_idx,
		  const uint8_t *dst, uint8_t v4)
{
	if (unlikely(m->data_off < RTE_ETHER_HDR_LEN))
		goto slow;
	if (likely(nh_idx == w->txc.nh && v4 == w->txc.v4))
		goto push;
	if (unlikely(!dp_txc_load(w, nh_idx, v4)))
		goto slow;
push:
	m->data_off -= RTE_ETHER_HDR_LEN;
	m->data_len += RTE_ETHER_HDR_LEN;
	m->pkt_len += RTE_ETHER_HDR_LEN;
	dp_tx_cached(w, m);
	return;
slow:
	dp_tx_nexthop_slow(w, m, nh_idx, dst);
}

/** dp_tx_nexthop_fam() for a packet of either family. */
static __rte_always_inline void
dp_tx_nexthop_inline(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh_idx,
		     const uint8_t *dst)
{
	dp_tx_nexthop_fam(w, m, nh_idx, dst, (*rte_pktmbuf_mtod(m, uint8_t *) >> 4) == 4);
}

/** dp_tx_nexthop_fam() for an IPv6 packet. */
static __rte_always_inline void
dp_tx_nexthop6(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh_idx)
{
	dp_tx_nexthop_fam(w, m, nh_idx, dp_ip6(m)->dst_addr, 0);
}

/** dp_tx_nexthop_fam() for an IPv4 packet. */
static __rte_always_inline void
dp_tx_nexthop4(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh_idx)
{
	dp_tx_nexthop_fam(w, m, nh_idx, (const uint8_t *)&dp_ip4(m)->dst_addr, 1);
}

/**
 * Whether IPv6 packets to next hop @p nh_idx take the chunk's cached one
 * (w->txc, which dp_tx_nexthop_fam() found usable earlier in the chunk):
 * then the caller may push the Ethernet header with its own and send with
 * dp_tx_cached() (why: one headroom check and length update for both).
 */
static __rte_always_inline bool
dp_tx_is_cached6(const struct srv6gw_worker *w, uint32_t nh_idx)
{
	return nh_idx == w->txc.nh && !w->txc.v4;
}

#endif
