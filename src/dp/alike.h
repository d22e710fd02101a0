/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_DP_ALIKE_H
#define SRV6GW_DP_ALIKE_H

/*
 * What the alike chunks' ways share (alike.c: the frame scan, transit,
 * headends' IPv6 and IPv4; uniform.c: the endpoints'): the port guard that
 * keeps them out, and pass 4 for packets to one next hop, queued as
 * frames with the next hop's Ethernet header and its MTU looked at once
 * per run.
 *
 * Thread-safety: the worker's own state and the read-only generation.
 */
#include "express.h"


/**
 * Whether a port's ingress guard keeps the lane's alike ways out of a
 * chunk received on @p port: HMAC anywhere, or the port's IPv6 checks
 * (guard6), or for IPv4 (@p v4) its uRPF; the general way applies them.
 */
static inline bool
guard_on(const struct srv6gw_gen *g, uint16_t port, bool v4)
{
	return (g->guard != NULL && g->guard->hmac_any) ||
	       (v4 ? g->ports[port].urpf != 0 : g->ports[port].guard6 != 0);
}

/** The Ethernet headers of @p n frames stripped (rx.c's Ethernet stage). */
static inline void
xpu_strip(struct rte_mbuf **m, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		dp_l2_strip(m[i]);
}

/**
 * The TTL (@p v4; with its checksum) or Hop Limit of @p m decremented, its
 * header after an Ethernet header's place when @p framed.
 */
static __rte_always_inline void
xpu_hop(struct rte_mbuf *m, uint8_t v4, bool framed)
{
	const uint32_t off = framed ? RTE_ETHER_HDR_LEN : 0;

	if (v4)
		dp_ipv4_ttl_dec(rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, off));
	else
		rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, off)->hop_limits--;
}

/** xpu_queue()'s @p top when every packet's length was checked against the next hop's MTU. */
#define XPU_ALL_FIT 0u

/** xpu_queue() for one packet @p m. */
static __rte_always_inline void
xpu_queue_one(struct dp_txq *t, struct rte_mbuf *m, uint64_t l2, uint64_t *tail, bool framed,
	      uint8_t v4, bool hop)
{
	/* (headroom for the Ethernet header: stripped from this very
	 * frame, and the changes only take bytes off its front) */
	if (!framed) {
		m->data_off -= RTE_ETHER_HDR_LEN;
		m->data_len += RTE_ETHER_HDR_LEN;
		m->pkt_len += RTE_ETHER_HDR_LEN;
	}
	if (hop)
		xpu_hop(m, v4, true);
	eth_write(rte_pktmbuf_mtod(m, void *), l2, tail);
	dp_txq_put(t, m);
}

/**
 * Queue the first of @p n packets that fit @p mtu on @p port, each with its
 * Ethernet header (@p l2, @p tail: eth_write()); returns how many.
 * @p framed: the packets are frames still, their Ethernet header's place
 * held (dp_express_uniform()); else stripped. @p hop: each one's TTL/HL
 * (family @p v4) decremented as it is queued (xpu_hop(); why: not a pass
 * of its own over the packets). @p top: no packet's pkt_len is longer
 * (dp_chunk_uniform()'s longest frame, less what the changes took off;
 * XPU_ALL_FIT: every length was checked against this MTU before); when it
 * fits, no packet's length is tested.
 */
static __rte_always_inline unsigned int
xpu_queue(struct srv6gw_worker *w, struct rte_mbuf **m, unsigned int n, uint16_t port,
	  uint32_t mtu, uint64_t l2, uint64_t tail, bool framed, uint8_t v4, bool hop,
	  uint32_t top)
{
	const uint32_t max = mtu + (framed ? RTE_ETHER_HDR_LEN : 0);
	struct dp_txq t;
	unsigned int i;

	dp_txq_open(w, &t, port, n);
	if (top <= max) {
		for (i = 0; i < n; i++)
			xpu_queue_one(&t, m[i], l2, &tail, framed, v4, hop);
	} else {
		for (i = 0; i < n && likely(m[i]->pkt_len <= max); i++)
			xpu_queue_one(&t, m[i], l2, &tail, framed, v4, hop);
	}
	dp_txq_close(w, &t);
	return i;
}

/**
 * Pass 4 of a uniform chunk for @p n packets to next hop @p nh, of family
 * @p v4 (End.DX4's, or IPv6). @p routed: @p nh is a route's answer (End
 * after S15, End.DT6), sent as dp_ipv6_route_nh() would; else it is the
 * SID's adjacency (End.X, End.DX4). With the next hop cached for the chunk
 * (dp_txc_load()), each packet within its MTU gets its Ethernet header and
 * is queued; from the first that is not on, each goes
 * through xp_output() / xp_output4() (why: the next hop, its MTU, its
 * Ethernet header and the TX buffer's room are looked at once per run,
 * not per packet). @p framed: as xpu_queue()'s; what does not go
 * through it is stripped first. @p hop (with @p routed false): each
 * packet's TTL/HL decremented on its way (xpu_hop()). @p top: no
 * packet is longer (xpu_queue(); XPU_ALL_FIT: every one fits).
 */
static __rte_always_inline void
xpu_send(struct srv6gw_worker *w, struct rte_mbuf **m, unsigned int n, uint32_t nh,
	 bool routed, uint8_t v4, bool framed, bool hop, uint32_t top)
{
	unsigned int i = 0;

	if (routed) {
		if (unlikely(nh == SRV6GW_NH_NONE)) {
			if (framed)
				xpu_strip(m, n);
			for (i = 0; i < n; i++)
				dp_ipv6_route_nh(w, m[i], nh, false);   /* Destination Unreachable */
			return;
		}
		DP_EV_ADD(w, forwarded_ipv6, n);
	}
	if ((nh == w->txc.nh && v4 == w->txc.v4) || dp_txc_load(w, nh, v4)) {
		const uint32_t mtu = w->g->nexthops[nh].mtu;
		const uint16_t port = w->txc.port;
		const uint64_t l2 = w->txc.l2, tail = *w->txc.tail;

		i = xpu_queue(w, m, n, port, mtu, l2, tail, framed, v4, hop, top);
	}
	if (framed)
		xpu_strip(m + i, n - i);
	for (; i < n; i++) {
		if (hop)
			xpu_hop(m[i], v4, false);
		if (v4)
			xp_output4(w, m[i], nh);
		else
			xp_output(w, m[i], nh);
	}
}

/**
 * Pass 4 for @p n routed packets of family @p v4, packet i to next hop
 * @p nh[i]: in arrival order, per run of one next hop (xpu_send(), and
 * its @p framed and @p top).
 */
static __rte_always_inline void
xpu_send_routed(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
		const uint32_t *nh, uint8_t v4, bool framed, bool hop, uint32_t top)
{
	unsigned int i, j;

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && nh[j] == nh[i]; j++)
			;
		xpu_send(w, pkts + i, j - i, nh[i], false, v4, framed, hop, top);
	}
}

#endif
