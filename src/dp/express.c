/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * The express lane: a chunk of IPv6 packets whose every one is usual, i.e.
 * an End or End.X packet (RFC 8986 §4.1-4.2, with PSP/USP/USD, or a
 * NEXT-C-SID shift, RFC 9800 §4.1.1), a transit packet (RFC 8754 §4.2) or a
 * steered one (H.Encaps), is processed in passes over the whole chunk
 * instead of packet by packet through the general stages (why: the general
 * way is up to six calls deep per packet, dp_ipv6_input_pre() to
 * dp_tx_l2(), and reloads the same state in each; docs/performance-rounds.md
 * "Fourth round").
 *
 *   1. check: every packet, without changing any (end.h's pure checks, and
 *      dp_ipv6_input_pre()'s: header, martians, no guard, no source ACL,
 *      no HMAC; for transit, a route, Hop Limit and MTU). One packet that is
 *      not usual sends the whole chunk the general way, untouched. In a
 *      chunk classified in runs, an End, End.X or uN packet whose header
 *      bytes that decide those checks are its run head's takes the head's
 *      answer (struct xp_head).
 *   2. change: S12-S14 or the shift, PSP, the per-SID counters (CNT-1).
 *   3. look up the new destinations of the End packets: the locator trie
 *      (a local SID again: from here every packet goes the general way, in
 *      order, through the resubmission stage), then the main routing
 *      table, both in bulk, once per run of equal destinations.
 *   4. transmit, in arrival order (so the order rule of resubmit.c holds),
 *      as dp_ipv6_route_nh() (End after S15; transit), dp_ipv6_output()
 *      (End.X) and dp_encap() (steered) would.
 *
 * Alike chunks (alike.c, called by rx.c before anything per packet) take
 * shorter ways with one answer for the chunk; what they decline comes to
 * dp_express(). The checks both use are express.h's.
 *
 * The result is the general way's, packet for packet and counter for
 * counter; test_express_same, test_express_run_heads (test_dp_express),
 * test_uniform_chunks (test_dp_uniform), test_transit_shaped and
 * test_ipv4_chunks (test_dp_lookup) compare them.
 *
 * Thread-safety: the worker's own state and the read-only generation.
 */
#include "express.h"


/** Pass 4 for one packet, in arrival order; @p nh: an End or End.DT6 packet's route. */
static __rte_always_inline void
xp_send(struct srv6gw_worker *w, const struct xp *x, uint32_t nh)
{
	struct rte_mbuf *m = x->m;

	switch (x->kind) {
	case XP_END:            /* as dp_ipv6_route_nh(), no Hop Limit change */
	case XP_DT6:
		if (unlikely(nh == SRV6GW_NH_NONE)) {
			dp_ipv6_route_nh(w, m, nh, false);      /* Destination Unreachable */
			return;
		}
		DP_EV(w, forwarded_ipv6);
		xp_output(w, m, nh);
		return;
	case XP_END_X:
		xp_output(w, m, x->arg);
		return;
	case XP_DX4:
		xp_output4(w, m, x->arg);
		return;
	case XP_ROUTE:          /* the route, Hop Limit and MTU were checked */
		dp_ip6(m)->hop_limits--;
		DP_EV(w, forwarded_ipv6);
		dp_tx_nexthop6(w, m, x->nh);
		return;
	case XP_ROUTE4:         /* the route, TTL and MTU were checked */
		dp_ipv4_ttl_dec(dp_ip4(m));
		DP_EV(w, forwarded_ipv4);
		dp_tx_nexthop4(w, m, x->nh);
		return;
	case XP_STEER:
	case XP_STEER4:
		dp_encap(w, m, x->idx - 1, true, -1);
		return;
	}
}

/**
 * Pass 4 for a headend's chunk, when all its @p n packets are steered:
 * encapsulated together (dp_encap_steered()). @return false: not all are.
 */
static bool
xp_steer_all(struct srv6gw_worker *w, const struct xp *x, unsigned int n)
{
	struct rte_mbuf *m[DP_BURST];
	uint32_t pol[DP_BURST];
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (x[i].kind < XP_STEER)
			return false;
		m[i] = x[i].m;
		pol[i] = x[i].idx - 1;
	}
	dp_encap_steered(w, m, pol, n);
	return true;
}

/** After pass 2, the general way's next step for every packet, in order. */
static void
xp_general(struct srv6gw_worker *w, const struct xp *x, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = x[i].m;

		switch (x[i].kind) {
		case XP_END:
			w->passes = 0;
			dp_resubmit6(w, m, 0, true);                    /* S15 */
			break;
		case XP_END_X:
			dp_ipv6_output(w, m, x[i].arg);                 /* §4.2 */
			break;
		case XP_DX4:
			dp_ipv4_output(w, m, x[i].arg);                 /* §4.5 */
			break;
		case XP_DT6:
			w->passes = 0;
			dp_resubmit6(w, m, x[i].arg, false);            /* §4.6 */
			break;
		case XP_ROUTE:
			dp_ipv6_route_nh(w, m, x[i].nh, true);
			break;
		case XP_ROUTE4:
			dp_ipv4_route_nh(w, m, x[i].nh, true);
			break;
		case XP_STEER:
		case XP_STEER4:
			dp_encap(w, m, x[i].idx - 1, true, -1);
			break;
		}
	}
}

/*
 * The bytes of an IPv6 packet (from its header on) that decide pass 1 for
 * an End, End.X or uN packet, i.e. everything xp_check() reads but the
 * lengths, which xp_same() checks itself: the version; Next Header and Hop
 * Limit; the source's first byte (dp_addr_plain()); the destination, which
 * decides the classification, the SID and its shift; with an SRH right
 * after the header (Next Header 43, in the mask), its Hdr Ext Len, Routing
 * Type, Segments Left, Last Entry and Flags (end_srh_plain(), csid_plain()).
 * Without one, the bytes after the header are payload: not compared.
 */
#define XP_HEAD_BYTES 48
static const uint8_t xp_mask_plain[XP_HEAD_BYTES] __rte_aligned(16) = {
	[0] = 0xf0, [6] = 0xff, [7] = 0xff, [8] = 0xff, [24 ... 39] = 0xff,
};
static const uint8_t xp_mask_srh[XP_HEAD_BYTES] __rte_aligned(16) = {
	[0] = 0xf0, [6] = 0xff, [7] = 0xff, [8] = 0xff, [24 ... 39] = 0xff,
	[41 ... 45] = 0xff,
};

/**
 * A run head of pass 1: the last End, End.X or uN packet it checked in
 * full, in a chunk the classification found in runs (in any other, e.g. a
 * mix of kinds, a head would rarely serve the next packet). A later packet
 * whose masked bytes are the head's (xp_same()) would pass every check the
 * head passed, with the same answer (why: an endpoint's traffic is runs of
 * one SID with one SRH shape, and matching 48 bytes costs a fraction of
 * the checks; docs/performance-rounds.md, ninth round). Lives on pass 1's stack.
 */
struct xp_head {
	const struct xp *x;             /**< the head's answer; NULL: no head */
	const uint8_t *mask;            /**< xp_mask_plain or xp_mask_srh */
	uint8_t b[XP_HEAD_BYTES] __rte_aligned(16);    /**< its bytes, masked */
	uint16_t need;                  /**< the bytes the checks read (>= 48) */
	uint8_t next;                   /**< End, End.X: the next SID's index (SL - 1) */
};

/** Make the packet @p m, checked in full as @p x, the run head @p h if it can be one. */
static __rte_always_inline void
xp_head_set(struct xp_head *h, const struct xp *x, const struct rte_mbuf *m)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	const struct srv6gw_srh *srh = (const struct srv6gw_srh *)(p + sizeof(struct rte_ipv6_hdr));
	unsigned int k;

	if ((x->kind != XP_END && x->kind != XP_END_X) || m->data_len < XP_HEAD_BYTES)
		return;
	h->mask = p[offsetof(struct rte_ipv6_hdr, proto)] == SRV6GW_IPPROTO_ROUTING ?
		  xp_mask_srh : xp_mask_plain;
	for (k = 0; k < XP_HEAD_BYTES; k++)
		h->b[k] = p[k] & h->mask[k];
	h->need = XP_HEAD_BYTES;
	h->next = 0;
	if (x->srh != NULL) {
		h->need = RTE_MAX(h->need, sizeof(struct rte_ipv6_hdr) + (srh->hdr_len + 1u) * 8u);
		h->next = srh->segments_left - 1;
	}
	h->x = x;
}

/**
 * Pass 1 for a packet of @p h's run: its lengths are what xp_check() wants
 * (dp_ipv6_check_plain(); the SRH and the 48 bytes within the first
 * segment), its masked bytes are the head's, and its own next SID is valid
 * (dp_sid_valid_next(): the segments are not compared). Then the head's
 * answer is its own (xp_same()). @p compared: in a uniform chunk,
 * dp_chunk_uniform() compared the bytes already (with the first frame's,
 * the head's bytes). @return false: check it in full.
 */
static __rte_always_inline bool
xp_same_ok(const struct xp_head *h, const struct rte_mbuf *m, bool compared)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	const struct srv6gw_srh *srh =
		(const struct srv6gw_srh *)(p + sizeof(struct rte_ipv6_hdr));
	uint16_t plen;

	if (m->data_len != m->pkt_len || m->data_len < h->need)
		return false;
	memcpy(&plen, p + offsetof(struct rte_ipv6_hdr, payload_len), 2);
	if (plen == 0 || sizeof(struct rte_ipv6_hdr) + rte_be_to_cpu_16(plen) != m->pkt_len ||
	    (!compared && !dp_masked_eq48(p, h->mask, h->b)))
		return false;
	return h->x->srh == NULL || dp_sid_valid_next(srh->segments[h->next]);
}

/** xp_same_ok(), and then the head's answer in @p x as the packet's own. */
static __rte_always_inline bool
xp_same(const struct xp_head *h, struct rte_mbuf *m, struct xp *x, bool compared)
{
	struct srv6gw_srh *srh = (struct srv6gw_srh *)(dp_ip6(m) + 1);

	if (!xp_same_ok(h, m, compared))
		return false;
	*x = *h->x;
	x->len = m->pkt_len;
	if (x->srh != NULL)
		x->srh = srh;
	return true;
}

/**
 * Pass 1 over the chunk: @return the number of packets in @p x, or -1 when
 * one is not usual. @p t6: the one table of its End.DT6 SIDs (-1: none).
 */
static int
xp_check_chunk(const struct srv6gw_gen *g, struct rte_mbuf **pkts, unsigned int n,
	       const uint8_t *kind, const struct dp_pre4 *pre4, const struct dp_pre6 *pre6,
	       bool runs6, bool uniform, struct xp *x, int *t6)
{
	const struct srv6gw_port_rt *port = &g->ports[pkts[0]->port];
	bool guard6 = port->guard6, urpf = port->urpf;
	unsigned int i, c = 0, j4 = 0, j6 = 0;
	struct xp_head h;

	h.x = NULL;
	*t6 = -1;
	for (i = 0; i < n; i++) {
		switch (kind[i]) {
		case DP_L2_DONE:        /* dropped by the Ethernet stage */
			continue;
		case DP_L2_IPV6:        /* not with dp_ipv6_input_pre()'s port guard */
			if (guard6)
				return -1;
			/* (its classification is the head's: the same destination) */
			if (h.x != NULL && xp_same(&h, pkts[i], &x[c], uniform)) {
				j6++;
				break;
			}
			if (!xp_check(g, pkts[i], &pre6[j6++], &x[c]))
				return -1;
			if (runs6)      /* (else every head would be one packet's) */
				xp_head_set(&h, &x[c], pkts[i]);
			break;
		case DP_L2_IPV4:        /* nor with its uRPF */
			if (urpf || !xp_check4(g, pkts[i], &pre4[j4++], &x[c]))
				return -1;
			break;
		default:
			return -1;
		}
		x[c].m = pkts[i];
		if (x[c].kind == XP_DT6) {
			if (*t6 >= 0 && *t6 != (int)x[c].arg)
				return -1;
			*t6 = (int)x[c].arg;
		}
		c++;
	}
	return (int)c;
}

bool
dp_express(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
	   const uint8_t *kind, const struct dp_pre4 *pre4, const struct dp_pre6 *pre6,
	   bool runs6, bool uniform)
{
	const struct srv6gw_gen *g = w->g;
	struct srv6gw_obj_stats *row;
	struct xp x[DP_BURST];
	uint8_t ip[DP_BURST][RTE_FIB6_IPV6_ADDR_SIZE], ip6t[DP_BURST][RTE_FIB6_IPV6_ADDR_SIZE];
	uint64_t v[DP_BURST], vt[DP_BURST];
	unsigned int i, k = 0, kt = 0, sids = 0, c;
	int t6, rc;
	bool again = false;

	if (g->guard != NULL && g->guard->hmac_any)     /* dp_sid_process()'s HMAC */
		return false;
	rc = xp_check_chunk(g, pkts, n, kind, pre4, pre6, runs6, uniform, x, &t6);      /* 1. check */
	if (rc < 0)
		return false;
	c = (unsigned int)rc;
	row = srv6gw_sid_row(g, w->idx);
	for (i = 0; i < c; i++) {                               /* 2. change */
		if (x[i].kind > XP_DT6)
			continue;
		sids++;
		xp_change(w, x[i].m, &x[i], row);
		if (x[i].kind == XP_END) {
			/* one lookup per run of equal next SIDs: one policy's packets */
			const uint8_t *da = dp_ip6(x[i].m)->dst_addr;

			if (k == 0 || !dp_addr_eq(ip[k - 1], da))
				memcpy(ip[k++], da, 16);
			x[i].nh = k - 1;
		} else if (x[i].kind == XP_DT6)
			memcpy(ip6t[kt++], dp_ip6(x[i].m)->dst_addr, 16);
	}
	DP_EV_ADD(w, sid_processed, sids);
	DP_EV_ADD(w, express_packets, c);
	/* 3. look up: a next SID of ours is the resubmission stage's */
	if (k != 0 && g->locators != NULL) {
		dp_fib6_bulk(g->locators, ip, v, k, 0);
		for (i = 0; i < k; i++)
			again |= v[i] != 0;
	}
	if (again) {
		xp_general(w, x, c);
		return true;
	}
	dp_fib6_bulk(g->tables[0].v6, ip, v, k, SRV6GW_NH_NONE);
	if (kt != 0)
		dp_fib6_bulk(g->tables[t6].v6, ip6t, vt, kt, SRV6GW_NH_NONE);
	if (c != 0 && x[0].kind >= XP_STEER && xp_steer_all(w, x, c))
		return true;
	for (i = 0, kt = 0; i < c; i++) {                       /* 4. transmit */
		uint32_t nh = 0;

		if (x[i].kind == XP_END)
			nh = (uint32_t)v[x[i].nh];
		else if (x[i].kind == XP_DT6)
			nh = (uint32_t)vt[kt++];
		xp_send(w, &x[i], nh);
	}
	return true;
}
