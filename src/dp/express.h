/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_DP_EXPRESS_H
#define SRV6GW_DP_EXPRESS_H

/*
 * The express lane's answer for one packet and the pure checks that make
 * it (pass 1), with the common case of output: shared by the lane's passes
 * (express.c) and its shorter ways for alike chunks (alike.c, uniform.c).
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
	XP_DX4,         /**< End.DX4 (§4.5: decapsulate, to its IPv4 adjacency) */
	XP_DT6,         /**< End.DT6 (§4.6: decapsulate, look up in its table) */
	XP_ROUTE,       /**< transit: routed by the main table (RFC 8754 §4.2) */
	XP_ROUTE4,      /**< IPv4, routed by the main table */
	XP_STEER,       /**< steered into a policy (H.Encaps, encap.c); the last two */
	XP_STEER4,      /**< IPv4, steered into a policy */
};

/** What the check pass decided for one packet. */
struct xp {
	enum xp_kind kind;
	struct rte_mbuf *m;
	uint32_t nh;                    /**< transit: the main table's next hop;
					 *   End: its new destination's index in pass 3 */
	uint32_t idx;                   /**< steered: the policy's index + 1;
					 *   a local SID's kinds: the SID's index */
	uint32_t arg;                   /**< End.X, End.DX4: the next hop; End.DT6: the table */
	uint8_t flavors;                /**< a local SID's kinds: its flavours */
	struct srv6gw_srh *srh;         /**< End, End.X: the SRH to advance, NULL: a shift */
	uint8_t da[16];                 /**< shift: the new destination */
	uint32_t len;                   /**< the length as received (CNT-1) */
	uint16_t inner;                 /**< decapsulation: the inner packet's offset */
};

/**
 * Whether the inner packet at @p in, @p len bytes to the end of the
 * packet, is one dp_ipv4_check() (@p proto IPIP) or dp_ipv6_check() would
 * accept as it is: no options, no padding.
 */
static __rte_always_inline bool
xp_inner_ok(const uint8_t *in, uint32_t len, uint8_t proto)
{
	if (proto == SRV6GW_IPPROTO_IPIP)
		return dp_ipv4_check_plain((const struct rte_ipv4_hdr *)in, len);
	return len > sizeof(struct rte_ipv6_hdr) && (in[0] >> 4) == 6 &&
	       sizeof(struct rte_ipv6_hdr) +
	       rte_be_to_cpu_16(((const struct rte_ipv6_hdr *)in)->payload_len) == len;
}

/**
 * Pass 1 of End.DX4 / End.DT6 (decap_checks() and decap() of behaviors.c):
 * no SRH or one with Segments Left 0, without the O-flag, right before the
 * inner packet of protocol @p proto; an outer ECN other than CE (no
 * RFC 6040 change); an inner header that dp_ipv4_check()/dp_ipv6_check()
 * would accept as it is (xp_inner_ok()).
 */
static __rte_always_inline bool
xp_check_decap(struct rte_mbuf *m, uint8_t proto, struct xp *x)
{
	struct rte_ipv6_hdr *ip = dp_ip6(m);
	const struct srv6gw_srh *srh = (const struct srv6gw_srh *)(ip + 1);
	uint32_t off = sizeof(*ip), len, dlen = m->data_len;
	uint8_t nh = ip->proto;
	const uint8_t *in;

	if (((rte_be_to_cpu_32(ip->vtc_flow) >> 20) & 3) == 3)
		return false;
	if (nh == SRV6GW_IPPROTO_ROUTING) {
		if (dlen < off + 8u || srh->type != SRV6GW_SRCRT_TYPE_4 ||
		    (srh->flags & SRV6GW_SRH_FLAG_O) || srh->segments_left != 0)
			return false;
		off += (srh->hdr_len + 1u) * 8u;
		nh = srh->next_hdr;
	}
	if (nh != proto || off >= dlen)
		return false;
	x->inner = (uint16_t)off;
	len = dlen - off;
	in = (const uint8_t *)ip + off;
	return xp_inner_ok(in, len, proto);
}

/**
 * Pass 1 for a packet to local SID @p sid of hot fields @p h
 * (dp_sid_process(), end_express(), b_end_d*()).
 */
static __rte_always_inline bool
xp_check_sid(const struct srv6gw_gen *g, struct rte_mbuf *m, int32_t sid,
	     struct srv6gw_sid_hot h, struct xp *x)
{
	struct rte_ipv6_hdr *ip = dp_ip6(m);

	if (h.acl)                      /* no iACL */
		return false;
	x->idx = (uint32_t)sid;       /* its counter row (CNT-1) */
	x->len = m->pkt_len;
	x->arg = h.arg;
	x->flavors = h.flavors;
	switch (h.behavior) {
	case SRV6GW_B_END_DX4:
		x->kind = XP_DX4;
		return xp_check_decap(m, SRV6GW_IPPROTO_IPIP, x);
	case SRV6GW_B_END_DT6:
		x->kind = XP_DT6;
		return xp_check_decap(m, SRV6GW_IPPROTO_IPV6, x);
	case SRV6GW_B_END:
	case SRV6GW_B_END_X:
		break;
	default:
		return false;
	}
	x->kind = h.behavior == SRV6GW_B_END ? XP_END : XP_END_X;
	if (h.flavors & SRV6GW_FL_REPLACE_CSID)
		return false;
	if (h.flavors & SRV6GW_FL_NEXT_CSID) {
		x->srh = NULL;
		return csid_plain(m, ip) &&
		       csid_shift_plain(&g->sid_csid[sid], h.lnfl, ip, x->da);
	}
	x->srh = end_srh_plain(m, ip);
	return x->srh != NULL;
}

/**
 * Pass 1's end for a packet that is not for us, classified @p steer (policy
 * + 1, 0: none) and @p nh (the main table's next hop), with TTL/HL @p ttl:
 * steered (@p steer_kind: dp_encap() answers whatever it holds), or routed
 * (@p route_kind) when it has a route, a TTL/HL to spare and fits the MTU
 * (dp_ipv6_route_nh(), dp_ipv4_route_nh()).
 */
static __rte_always_inline bool
xp_onward(const struct srv6gw_gen *g, const struct rte_mbuf *m, uint32_t steer, uint32_t nh,
	  uint8_t ttl, enum xp_kind route_kind, enum xp_kind steer_kind, struct xp *x)
{
	x->idx = steer;
	x->nh = nh;
	if (steer != 0) {
		x->kind = steer_kind;
		return true;
	}
	x->kind = route_kind;
	return nh != SRV6GW_NH_NONE && ttl > 1 &&
	       m->pkt_len <= g->nexthops[nh].mtu;
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

	/* a valid header, no martian, no multicast */
	if (!dp_ipv6_check_plain(m) || !dp_addr_plain(ip->src_addr[0]) ||
	    !dp_addr_plain(ip->dst_addr[0]))
		return false;
	if (pre->sid >= 0)
		return xp_check_sid(g, m, pre->sid, pre->hot, x);
	if (pre->local || pre->in_locator)
		return false;
	return xp_onward(g, m, pre->steer, pre->nh, ip->hop_limits, XP_ROUTE, XP_STEER, x);
}

/**
 * Pass 1 for one IPv4 packet: would dp_ipv4_input_pre() find it usual? A
 * header dp_ipv4_check() takes as it is, no martian or multicast, not to
 * us; steered, or with a route, TTL > 1 and within the MTU.
 */
static __rte_always_inline bool
xp_check4(const struct srv6gw_gen *g, struct rte_mbuf *m, const struct dp_pre4 *pre,
	  struct xp *x)
{
	const struct rte_ipv4_hdr *ip = dp_ip4(m);

	if (m->data_len != m->pkt_len || !dp_ipv4_check_plain(ip, m->pkt_len) ||
	    !dp_ipv4_plain(ip->src_addr) || !dp_ipv4_plain(ip->dst_addr) || pre->local)
		return false;
	return xp_onward(g, m, pre->steer, pre->nh, ip->time_to_live, XP_ROUTE4, XP_STEER4, x);
}

/** Pass 2 for one packet: the behaviour's changes and its counters (@p row: this worker's). */
static __rte_always_inline void
xp_change(struct srv6gw_worker *w, struct rte_mbuf *m, const struct xp *x,
	  struct srv6gw_obj_stats *row)
{
	struct srv6gw_obj_stats *st = &row[x->idx];
	struct rte_ipv6_hdr *ip = dp_ip6(m);

	if (x->kind >= XP_DX4) {
		rte_pktmbuf_adj(m, x->inner);                   /* decap() */
		DP_EV(w, decapsulated);
	} else if (x->srh != NULL) {
		end_srh_apply(m, &dp_ext_srh_first, x->srh, x->flavors & SRV6GW_FL_PSP);
	} else {
		memcpy(ip->dst_addr, x->da, 16);                /* RFC 9800 S05-S06 */
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

	if (unlikely(m->pkt_len > g->nexthops[nh].mtu)) {
		dp_ipv6_output(w, m, nh);       /* Packet Too Big */
		return;
	}
	dp_tx_nexthop6(w, m, nh);
}

/** dp_ipv4_output() with the common case inline (End.DX4). */
static __rte_always_inline void
xp_output4(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh)
{
	const struct srv6gw_gen *g = w->g;

	if (unlikely(m->pkt_len > g->nexthops[nh].mtu)) {
		dp_ipv4_output(w, m, nh);       /* fragments, or Fragmentation Needed */
		return;
	}
	dp_tx_nexthop4(w, m, nh);
}

#endif
