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
 * dp_tx_l2(), and reloads the same state in each; docs/performance.md
 * "Fourth round").
 *
 *   1. check: every packet, without changing any (end.h's pure checks, and
 *      dp_ipv6_input_pre()'s: header, martians, no guard, no source ACL,
 *      no HMAC; for transit, a route, Hop Limit and MTU). One packet that is
 *      not usual sends the whole chunk the general way, untouched.
 *   2. change: S12-S14 or the shift, PSP, the per-SID counters (CNT-1).
 *   3. look up the new destinations of the End packets: the locator trie
 *      (a local SID again: from here every packet goes the general way, in
 *      order, through the resubmission stage), then the main routing
 *      table, both in bulk.
 *   4. transmit, in arrival order (so the order rule of resubmit.c holds),
 *      as dp_ipv6_route_nh() (End after S15; transit), dp_ipv6_output()
 *      (End.X) and dp_encap() (steered) would.
 *
 * The result is the general way's, packet for packet and counter for
 * counter; test_dp's test_express_same compares them.
 *
 * Thread-safety: the worker's own state and the read-only generation.
 */
#include "dp.h"
#include "end.h"
#include "tx.h"

/** What an express packet is. */
enum xp_kind {
	XP_END,         /**< End (S15: the main table's lookup) */
	XP_END_X,       /**< End.X (§4.2: to its adjacency) */
	XP_ROUTE,       /**< transit: routed by the main table (RFC 8754 §4.2) */
	XP_STEER,       /**< steered into a policy (H.Encaps, encap.c) */
};

/** What the check pass decided for one packet. */
struct xp {
	enum xp_kind kind;
	const struct srv6gw_sid_rt *s;  /**< End, End.X: the SID */
	struct srv6gw_srh *srh;         /**< the SRH to advance, NULL: a C-SID shift */
	unsigned __int128 da;           /**< shift: the new destination */
	uint32_t len;                   /**< the length as received (CNT-1) */
};

/** Pass 1 for a packet to local SID @p sid (dp_sid_process() and end_express()). */
static __rte_always_inline bool
xp_check_sid(const struct srv6gw_gen *g, struct rte_mbuf *m, int32_t sid, struct xp *x)
{
	struct rte_ipv6_hdr *ip = dp_ip6(m);
	const struct srv6gw_sid_rt *s = &g->sid[sid];

	/* no iACL; End or End.X, without REPLACE-C-SID */
	if (s->acl != 0 || (s->behavior != SRV6GW_B_END && s->behavior != SRV6GW_B_END_X) ||
	    (s->flavors & SRV6GW_FL_REPLACE_CSID))
		return false;
	x->kind = s->behavior == SRV6GW_B_END ? XP_END : XP_END_X;
	x->s = s;
	x->len = m->pkt_len;
	if (s->flavors & SRV6GW_FL_NEXT_CSID) {
		x->srh = NULL;
		return csid_plain(m, ip) &&
		       csid_shift_plain(&g->sid_csid[sid], s->lnfl, ip, &x->da);
	}
	x->srh = end_srh_plain(m, ip);
	return x->srh != NULL;
}

/**
 * Pass 1 for one packet: would dp_ipv6_input_pre() find it usual (and in
 * what way)? Writes nothing but @p x.
 */
static __rte_always_inline bool
xp_check(const struct srv6gw_gen *g, struct rte_mbuf *m, const struct dp_pre6 *pre,
	 struct xp *x)
{
	struct rte_ipv6_hdr *ip = dp_ip6(m);
	uint32_t nh = pre->nh;

	/* a valid header, no martian, no multicast */
	if (!dp_ipv6_check_plain(m) || !dp_addr_plain(ip->src_addr[0]) ||
	    !dp_addr_plain(ip->dst_addr[0]))
		return false;
	if (pre->sid >= 0)
		return xp_check_sid(g, m, pre->sid, x);
	if (pre->local || pre->in_locator)
		return false;
	if (pre->steer != 0) {
		x->kind = XP_STEER;
		return true;
	}
	/* dp_ipv6_route_nh(): a route, Hop Limit > 1, within the MTU */
	x->kind = XP_ROUTE;
	return nh != SRV6GW_NH_NONE && ip->hop_limits > 1 &&
	       m->pkt_len <= g->ports[g->nexthops[nh].port].mtu;
}

/** Pass 2 for one packet: the behaviour's changes and its counters. */
static __rte_always_inline void
xp_change(struct srv6gw_worker *w, struct rte_mbuf *m, const struct xp *x)
{
	const struct srv6gw_gen *g = w->g;
	struct srv6gw_obj_stats *st = &g->sid_stats[w->idx * g->n_sids + (x->s - g->sid)];
	struct rte_ipv6_hdr *ip = dp_ip6(m);

	if (x->srh != NULL) {
		end_srh_apply(m, &dp_ext_srh_first, x->srh, x->s->flavors & SRV6GW_FL_PSP);
	} else {
		srv6gw_u128_store(ip->dst_addr, x->da);         /* RFC 9800 S05-S06 */
		ip->hop_limits--;                               /* S07 */
		DP_EV(w, csid_shifts);
	}
	st->packets++;                                          /* RFC 8986 §6 CNT-1 */
	st->bytes += x->len;
}

/** dp_ipv6_output() with the common case inline (End.X; End after its route). */
static __rte_always_inline void
xp_output(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh)
{
	const struct srv6gw_gen *g = w->g;

	if (unlikely(m->pkt_len > g->ports[g->nexthops[nh].port].mtu)) {
		dp_ipv6_output(w, m, nh);       /* Packet Too Big */
		return;
	}
	dp_tx_nexthop_inline(w, m, nh, dp_ip6(m)->dst_addr);
}

/** Pass 4 for one packet, in arrival order; @p nh: an End packet's route. */
static __rte_always_inline void
xp_send(struct srv6gw_worker *w, struct rte_mbuf *m, const struct xp *x,
	const struct dp_pre6 *pre, uint32_t nh)
{
	switch (x->kind) {
	case XP_END:            /* as dp_ipv6_route_nh(), no Hop Limit change */
		if (unlikely(nh == SRV6GW_NH_NONE)) {
			dp_ipv6_route_nh(w, m, nh, false);      /* Destination Unreachable */
			return;
		}
		DP_EV(w, forwarded_ipv6);
		xp_output(w, m, nh);
		return;
	case XP_END_X:
		xp_output(w, m, x->s->nh);
		return;
	case XP_ROUTE:          /* the route, Hop Limit and MTU were checked */
		dp_ip6(m)->hop_limits--;
		DP_EV(w, forwarded_ipv6);
		dp_tx_nexthop_inline(w, m, pre->nh, dp_ip6(m)->dst_addr);
		return;
	case XP_STEER:
		dp_encap(w, m, pre->steer - 1, true, -1);
		return;
	}
}

/** After pass 2, the general way's next step for every packet, in order. */
static void
xp_general(struct srv6gw_worker *w, struct rte_mbuf **m, unsigned int n, const struct xp *x,
	   const struct dp_pre6 *pre)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		switch (x[i].kind) {
		case XP_END:
			w->passes = 0;
			dp_resubmit6(w, m[i], 0, true);                 /* S15 */
			break;
		case XP_END_X:
			dp_ipv6_output(w, m[i], x[i].s->nh);            /* §4.2 */
			break;
		case XP_ROUTE:
			dp_ipv6_route_nh(w, m[i], pre[i].nh, true);
			break;
		case XP_STEER:
			dp_encap(w, m[i], pre[i].steer - 1, true, -1);
			break;
		}
	}
}

bool
dp_express6(struct srv6gw_worker *w, struct rte_mbuf **m, unsigned int n,
	    const struct dp_pre6 *pre)
{
	const struct srv6gw_gen *g = w->g;
	struct xp x[DP_BURST];
	uint8_t ip[DP_BURST][RTE_FIB6_IPV6_ADDR_SIZE];
	uint64_t v[DP_BURST];
	unsigned int i, k = 0, sids = 0;
	bool again = false;

	/* dp_ipv6_input_pre()'s port guard, dp_sid_process()'s HMAC */
	if (g->ports[m[0]->port].guard6 || (g->guard != NULL && g->guard->hmac_any))
		return false;
	for (i = 0; i < n; i++)                                 /* 1. check */
		if (!xp_check(g, m[i], &pre[i], &x[i]))
			return false;
	for (i = 0; i < n; i++) {                               /* 2. change */
		if (x[i].kind > XP_END_X)
			continue;
		sids++;
		xp_change(w, m[i], &x[i]);
		if (x[i].kind == XP_END)
			memcpy(ip[k++], dp_ip6(m[i])->dst_addr, 16);
	}
	DP_EV_ADD(w, sid_processed, sids);
	DP_EV_ADD(w, express_packets, n);
	/* 3. look up: a next SID of ours is the resubmission stage's */
	if (k != 0 && g->locators != NULL) {
		dp_fib6_bulk(g->locators, ip, v, k, 0);
		for (i = 0; i < k; i++)
			again |= v[i] != 0;
	}
	if (again) {
		xp_general(w, m, n, x, pre);
		return true;
	}
	dp_fib6_bulk(g->tables[0].v6, ip, v, k, SRV6GW_NH_NONE);
	for (i = 0, k = 0; i < n; i++)                          /* 4. transmit */
		xp_send(w, m[i], &x[i], &pre[i], x[i].kind == XP_END ? (uint32_t)v[k++] : 0);
	return true;
}
