/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* The worker loop: RX burst -> classify by EtherType -> handlers -> TX flush. */
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_prefetch.h>
#include <rte_rcu_qsbr.h>

#include "dp.h"
#include "tx.h"

/**
 * A MAC address's first 8 bytes as one word, byte 0 in the low bits
 * (@p a must have 8 readable bytes: in a frame, the source's first two
 * follow the destination).
 */
static inline uint64_t
mac_word(const void *a)
{
	uint64_t v;

	memcpy(&v, a, sizeof(v));
	return rte_le_to_cpu_64(v);
}

#define MAC_BITS RTE_LEN2MASK(48, uint64_t)     /**< the 6 address bytes of a mac_word() */

/**
 * Ethernet check of one received frame; strips the header of what it keeps.
 * @p mac: the receiving port's address as mac_word() reads it.
 */
static inline enum dp_l2_kind
l2_input(struct srv6gw_worker *w, struct rte_mbuf *m, uint64_t mac)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	uint64_t dst;
	uint16_t type;

	if (unlikely(m->data_len < sizeof(*eth))) {
		DP_DROP(w, m, l2_truncated);
		return DP_L2_DONE;
	}
	/* ours, or a group address (the I/G bit, the first byte's lowest) */
	dst = mac_word(eth);
	if (unlikely(((dst ^ mac) & MAC_BITS) != 0 && !(dst & 1))) {
		DP_DROP(w, m, l2_other_host);
		return DP_L2_DONE;
	}
	type = eth->ether_type;
	dp_l2_strip(m);
	switch (type) {
	case RTE_BE16(RTE_ETHER_TYPE_IPV6):
		return m->data_len >= sizeof(struct rte_ipv6_hdr) ? DP_L2_IPV6 : DP_L2_IPV6_SHORT;
	case RTE_BE16(RTE_ETHER_TYPE_IPV4):
		return m->data_len >= sizeof(struct rte_ipv4_hdr) ? DP_L2_IPV4 : DP_L2_IPV4_SHORT;
	case RTE_BE16(RTE_ETHER_TYPE_ARP):
		return DP_L2_ARP;
	default:
		DP_DROP(w, m, l2_unknown_ethertype);
		return DP_L2_DONE;
	}
}

/**
 * Whether local processing's lookups wait for the end of the chunk
 * (resubmit.c): when at least 3/4 of the chunk's frames are IPv6 packets to
 * local SIDs. Packets keep their order, so any other packet transmitted in
 * between ends a batch: in a mixed chunk the batches would be too small to
 * pay for the waiting, and each packet is looked up on its own.
 */
static inline bool
resub_worth(const struct dp_pre6 *pre6, unsigned int n6, unsigned int n)
{
	unsigned int i, sids = 0;

	if (n6 * 4 < n * 3)
		return false;
	for (i = 0; i < n6; i++)
		sids += pre6[i].sid >= 0;
	return sids * 4 >= n * 3;
}

/** What the stages before the express lane found for a chunk. */
struct chunk {
	uint8_t kind[DP_BURST];         /**< enum dp_l2_kind of each frame */
	struct dp_pre4 pre4[DP_BURST];  /**< the IPv4 packets', in arrival order */
	struct dp_pre6 pre6[DP_BURST];  /**< the IPv6 packets', in arrival order */
	unsigned int n6;
	bool runs6;                     /**< dp_ipv6_classify_bulk() found runs */
	bool uniform;                   /**< DP_CHUNK_UNIFORM */
	struct dp_alike alike;          /**< what dp_chunk_uniform() noted */
};

/**
 * A chunk of frames to us that dp_chunk_uniform() found alike (@p shape:
 * not DP_CHUNK_MIXED): every frame is what l2_input() takes as IPv6 (or
 * IPv4, DP_CHUNK_IPV4), stripped without checking again (an IPv6 chunk's
 * first frame here, the others by dp_express_uniform() or
 * dp_express_shaped(), which keep the frames of the packets they change
 * in place); a uniform chunk is classified by its first packet (one
 * destination) and offered to dp_express_uniform() when that is a SID,
 * else (transit or steered: one flow) to dp_express_shaped() with that
 * one answer for all, a shaped or keyed one classified in bulk from its
 * frames (a keyed one told that its destinations are one run of the
 * port's deciding bits) and offered to dp_express_shaped(),
 * an IPv4 one to dp_express_same4() as frames when its destinations take
 * one answer, else stripped to dp_express_shaped4(). @return true: done;
 * else @p c is filled in for the other stages, every frame stripped.
 */
static bool
chunk_alike(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
	    enum dp_chunk_kind shape, struct chunk *c)
{
	unsigned int i;

	if (shape == DP_CHUNK_IPV4) {
		if (dp_ipv4_classify_same(w, pkts[0]->port, pkts, n, c->pre4,
					  RTE_ETHER_HDR_LEN, &c->alike.dst4_diff)) {
			if (dp_express_same4(w, pkts, n, c->pre4))
				return true;
			for (i = 1; i < n; i++)
				c->pre4[i] = c->pre4[0];
		} else {
			for (i = 0; i < n; i++)
				dp_l2_strip(pkts[i]);
			dp_ipv4_classify_bulk(w, pkts[0]->port, pkts, n, c->pre4, 0);
			if (dp_express_shaped4(w, pkts, n, c->pre4))
				return true;
		}
		for (i = 0; i < n; i++)
			c->kind[i] = DP_L2_IPV4;
		c->n6 = 0;
		c->runs6 = false;
		w->resub_batch = false;                 /* (resub_worth()) */
		return false;
	}
	if (shape == DP_CHUNK_UNIFORM) {
		dp_l2_strip(pkts[0]);
		dp_ipv6_classify_uniform(w, pkts[0]->port, pkts[0], &c->pre6[0]);
		w->resub_batch = c->pre6[0].sid >= 0;   /* (resub_worth()) */
		/* a SID's chunk to dp_express_uniform(); transit or steered
		 * (one destination, so one answer for all) to the shaped way's
		 * (why: dp_express_uniform() serves SIDs only, and such a
		 * chunk, one flow, went through dp_express()'s per-packet
		 * passes: ~1.6x the instructions) */
		if (c->pre6[0].sid >= 0 ?
			    dp_express_uniform(w, pkts, n, c->pre6, c->alike.longest) == 1 :
			    dp_express_shaped(w, pkts, n, c->pre6, true, c->alike.longest))
			return true;
		for (i = 1; i < n; i++)
			c->pre6[i] = c->pre6[0];
		c->runs6 = true;
	} else {
		bool same;

		c->runs6 = dp_ipv6_classify_bulk(w, pkts[0]->port, pkts, n, c->pre6,
						 RTE_ETHER_HDR_LEN, &same, shape == DP_CHUNK_KEYED);
		dp_l2_strip(pkts[0]);
		if (dp_express_shaped(w, pkts, n, c->pre6, same, c->alike.longest))
			return true;
		for (i = 1; same && i < n; i++)
			c->pre6[i] = c->pre6[0];
		w->resub_batch = resub_worth(c->pre6, n, n);
	}
	for (i = 0; i < n; i++)
		c->kind[i] = DP_L2_IPV6;
	c->n6 = n;
	return false;
}

/** The Ethernet stage (@p mac: the port's, as mac_word() reads it) and the bulk lookups. */
static void
chunk_stages(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n, uint64_t mac,
	     struct chunk *c)
{
	struct rte_mbuf *v4[DP_BURST], *v6[DP_BURST];
	unsigned int i, n4 = 0;

	c->n6 = 0;
	for (i = 0; i < n; i++) {
		c->kind[i] = l2_input(w, pkts[i], mac);
		if (c->kind[i] == DP_L2_IPV4)
			v4[n4++] = pkts[i];
		else if (c->kind[i] == DP_L2_IPV6)
			v6[c->n6++] = pkts[i];
	}
	if (n4 != 0)
		dp_ipv4_classify_bulk(w, pkts[0]->port, v4, n4, c->pre4, 0);
	c->runs6 = c->n6 != 0 &&
		   dp_ipv6_classify_bulk(w, pkts[0]->port, v6, c->n6, c->pre6, 0, NULL, false);
	w->resub_batch = resub_worth(c->pre6, c->n6, n);
}

/** Each packet in arrival order, the general way. */
static void
chunk_general(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
	      const struct chunk *c)
{
	unsigned int i, j4 = 0, j6 = 0;

	for (i = 0; i < n; i++) {
		switch (c->kind[i]) {
		case DP_L2_IPV4:
			dp_ipv4_input_pre(w, pkts[i], &c->pre4[j4++]);
			break;
		case DP_L2_IPV4_SHORT:
			dp_ipv4_input(w, pkts[i]);
			break;
		case DP_L2_IPV6:
			dp_ipv6_input_pre(w, pkts[i], &c->pre6[j6++]);
			break;
		case DP_L2_IPV6_SHORT:
			dp_ipv6_input(w, pkts[i]);
			break;
		case DP_L2_ARP:
			dp_arp_input(w, pkts[i]);
			break;
		default:
			break;
		}
	}
}

/**
 * One burst of at most DP_BURST frames in three stages: Ethernet checks;
 * the lookups of every IPv4 and every IPv6 packet at once (bulk); then each
 * packet in arrival order, so what leaves keeps the order it came in. A
 * chunk of alike IPv6 frames (dp_chunk_uniform()) takes a shorter way
 * through the first two (chunk_alike()), and the express lane takes what
 * is usual (express.c).
 */
static void
process_chunk(struct srv6gw_worker *w, struct rte_mbuf **pkts, uint16_t n)
{
	enum dp_chunk_kind shape = DP_CHUNK_MIXED;
	uint64_t mac = 0;
	struct chunk c;

	dp_txc_reset(w);
	DP_EV_ADD(w, chunks, 1);
	/* a chunk is one port's (dp_process_burst()) */
	memcpy(&mac, &w->g->ports[pkts[0]->port].mac, RTE_ETHER_ADDR_LEN);
	mac = rte_le_to_cpu_64(mac);
	if (n > 1)
		shape = dp_chunk_uniform(pkts, n, mac, w->g->ports[pkts[0]->port].class6_key,
					 &c.alike);
	c.uniform = shape == DP_CHUNK_UNIFORM;
	if (shape != DP_CHUNK_MIXED) {
		if (chunk_alike(w, pkts, n, shape, &c)) {
			DP_EV_ADD(w, chunks_alike, 1);
			dp_resubmit_run(w);
			return;
		}
	} else {
		chunk_stages(w, pkts, n, mac, &c);
	}
	if (!dp_express(w, pkts, n, c.kind, c.pre4, c.pre6, c.runs6, c.uniform)) {
		DP_EV_ADD(w, chunks_general, 1);
		chunk_general(w, pkts, n, &c);
	}
	dp_resubmit_run(w);
}

void
dp_process_burst(struct srv6gw_worker *w, uint16_t in_port, struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t bytes = 0;
	uint16_t i, c;

	for (i = 0; i < n; i++) {
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));
		pkts[i]->port = in_port;
		bytes += pkts[i]->pkt_len;
	}
	for (i = 0; i < n; i += c) {
		c = RTE_MIN(n - i, DP_BURST);
		process_chunk(w, pkts + i, c);
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
	dp_txc_reset(w);
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
