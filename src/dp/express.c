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
 * Alike chunks (dp_chunk_uniform(), called by rx.c before anything per
 * packet) take shorter ways with one answer for the chunk: a uniform one
 * (every frame the first's but for lengths and payload: an endpoint's
 * traffic) dp_express_uniform(), a shaped one (the same but for the
 * destinations: transit, a headend's IPv6) dp_express_shaped(), an IPv4
 * one dp_express_shaped4(); what they decline comes to dp_express().
 *
 * The result is the general way's, packet for packet and counter for
 * counter; test_dp's test_express_same, test_express_run_heads,
 * test_uniform_chunks, test_transit_shaped and test_ipv4_chunks compare
 * them.
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
 * Pass 1 of End.DX4 / End.DT6 (decap_checks() and decap() of behaviors.c):
 * no SRH or one with Segments Left 0, without the O-flag, right before the
 * inner packet of protocol @p proto; an outer ECN other than CE (no
 * RFC 6040 change); an inner header that dp_ipv4_check()/dp_ipv6_check()
 * would accept as it is (no options, no padding).
 */
static __rte_always_inline bool
xp_check_decap(struct rte_mbuf *m, uint8_t proto, struct xp *x)
{
	struct rte_ipv6_hdr *ip = dp_ip6(m);
	const struct srv6gw_srh *srh = (const struct srv6gw_srh *)(ip + 1);
	uint32_t off = sizeof(*ip), len;
	uint8_t nh = ip->proto;
	const uint8_t *in;

	if (((rte_be_to_cpu_32(ip->vtc_flow) >> 20) & 3) == 3)
		return false;
	if (nh == SRV6GW_IPPROTO_ROUTING) {
		if (m->data_len < off + 8u || srh->type != SRV6GW_SRCRT_TYPE_4 ||
		    (srh->flags & SRV6GW_SRH_FLAG_O) || srh->segments_left != 0)
			return false;
		off += (srh->hdr_len + 1u) * 8u;
		nh = srh->next_hdr;
	}
	if (nh != proto || off >= m->data_len)
		return false;
	x->inner = (uint16_t)off;
	len = m->data_len - off;
	in = rte_pktmbuf_mtod_offset(m, const uint8_t *, off);
	if (proto == SRV6GW_IPPROTO_IPIP)
		return dp_ipv4_check_plain((const struct rte_ipv4_hdr *)in, len);
	return len > sizeof(struct rte_ipv6_hdr) && (in[0] >> 4) == 6 &&
	       sizeof(struct rte_ipv6_hdr) +
	       rte_be_to_cpu_16(((const struct rte_ipv6_hdr *)in)->payload_len) == len;
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

/*
 * The same for a frame (dp_chunk_uniform()): the Ethernet destination and
 * EtherType (rx.c l2_input()), then the bytes above from the IPv6 header on.
 */
#define XP_FRAME_BYTES 64
#define XP_F(k) ((k) + RTE_ETHER_HDR_LEN)
/* (without the destination, which dp_chunk_uniform() compares apart) */
static const uint8_t xp_fmask_plain[XP_FRAME_BYTES] __rte_aligned(16) = {
	[0 ... 5] = 0xff, [12 ... 13] = 0xff, [XP_F(0)] = 0xf0, [XP_F(6) ... XP_F(8)] = 0xff,
};
static const uint8_t xp_fmask_srh[XP_FRAME_BYTES] __rte_aligned(16) = {
	[0 ... 5] = 0xff, [12 ... 13] = 0xff, [XP_F(0)] = 0xf0, [XP_F(6) ... XP_F(8)] = 0xff,
	[XP_F(41) ... XP_F(45)] = 0xff,
};
#define XP_F_DST XP_F(offsetof(struct rte_ipv6_hdr, dst_addr))

/**
 * A run head of pass 1: the last End, End.X or uN packet it checked in
 * full, in a chunk the classification found in runs (in any other, e.g. a
 * mix of kinds, a head would rarely serve the next packet). A later packet
 * whose masked bytes are the head's (xp_same()) would pass every check the
 * head passed, with the same answer (why: an endpoint's traffic is runs of
 * one SID with one SRH shape, and matching 48 bytes costs a fraction of
 * the checks; docs/performance.md, ninth round). Lives on pass 1's stack.
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
 * dp_chunk_uniform() for a chunk whose first frame is IPv4 to our MAC
 * (@p e: its first 8 bytes, as loaded): DP_CHUNK_IPV4 when every frame is
 * that and holds an IPv4 header (l2_input()'s DP_L2_IPV4).
 */
static enum dp_chunk_kind
chunk_ipv4(struct rte_mbuf *const *pkts, unsigned int n, uint64_t e)
{
	const uint64_t mask = rte_cpu_to_le_64(RTE_LEN2MASK(48, uint64_t));
	unsigned int i;

	for (i = 1; i < n; i++) {
		const uint8_t *p = rte_pktmbuf_mtod(pkts[i], const uint8_t *);
		uint64_t d;

		if (pkts[i]->data_len < RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr))
			return DP_CHUNK_MIXED;
		memcpy(&d, p, 8);
		if (((d ^ e) & mask) != 0 || p[12] != RTE_ETHER_TYPE_IPV4 >> 8 ||
		    p[13] != (RTE_ETHER_TYPE_IPV4 & 0xff))
			return DP_CHUNK_MIXED;
	}
	return DP_CHUNK_IPV4;
}

enum dp_chunk_kind
dp_chunk_uniform(struct rte_mbuf *const *pkts, unsigned int n, uint64_t mac)
{
	const uint8_t *p0 = rte_pktmbuf_mtod(pkts[0], const uint8_t *);
	uint8_t b[XP_FRAME_BYTES] __rte_aligned(16);
	unsigned int i, k, need = XP_FRAME_BYTES;
	const uint8_t *mask;
	bool same_dst = true;
	uint64_t e;

	/* the first frame: to our MAC (no group address), IPv6 (rx.c l2_input()) */
	if (pkts[0]->data_len < RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr))
		return DP_CHUNK_MIXED;
	memcpy(&e, p0, 8);
	if (((rte_le_to_cpu_64(e) ^ mac) & RTE_LEN2MASK(48, uint64_t)) != 0)
		return DP_CHUNK_MIXED;
	if (p0[12] == RTE_ETHER_TYPE_IPV4 >> 8 && p0[13] == (RTE_ETHER_TYPE_IPV4 & 0xff))
		return chunk_ipv4(pkts, n, e);
	if (pkts[0]->data_len < XP_FRAME_BYTES ||
	    p0[12] != RTE_ETHER_TYPE_IPV6 >> 8 || p0[13] != (RTE_ETHER_TYPE_IPV6 & 0xff))
		return DP_CHUNK_MIXED;
	if (p0[XP_F(offsetof(struct rte_ipv6_hdr, proto))] == SRV6GW_IPPROTO_ROUTING) {
		mask = xp_fmask_srh;
		need = RTE_MAX(need, XP_F(sizeof(struct rte_ipv6_hdr)) +
			       (p0[XP_F(sizeof(struct rte_ipv6_hdr) + 1)] + 1u) * 8u);
	} else {
		mask = xp_fmask_plain;
	}
	for (k = 0; k < XP_FRAME_BYTES; k++)
		b[k] = p0[k] & mask[k];
	/* every frame: its lengths as xp_same_ok() wants them (an SRH wholly
	 * in the first segment); every other: the first's masked bytes, and
	 * whether its destination is the first's */
	for (i = 0; i < n; i++) {
		const uint8_t *p = rte_pktmbuf_mtod(pkts[i], const uint8_t *);
		uint16_t plen;

		memcpy(&plen, p + XP_F(offsetof(struct rte_ipv6_hdr, payload_len)), 2);
		if (pkts[i]->data_len != pkts[i]->pkt_len || pkts[i]->data_len < need ||
		    plen == 0 || XP_F(sizeof(struct rte_ipv6_hdr)) + rte_be_to_cpu_16(plen) !=
				 pkts[i]->pkt_len ||
		    (i != 0 && !dp_masked_eq(p, mask, b, XP_FRAME_BYTES)))
			return DP_CHUNK_MIXED;
		same_dst &= dp_addr_eq(p + XP_F_DST, p0 + XP_F_DST);
	}
	return same_dst ? DP_CHUNK_UNIFORM : DP_CHUNK_SHAPED;
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

/**
 * Pass 4 of a uniform chunk for @p n packets to next hop @p nh, of family
 * @p v4 (End.DX4's, or IPv6). @p routed: @p nh is a route's answer (End
 * after S15, End.DT6), sent as dp_ipv6_route_nh() would; else it is the
 * SID's adjacency (End.X, End.DX4). With the next hop cached for the chunk
 * (dp_txc_load()), each packet within its MTU gets its Ethernet header and
 * is queued; from the first that is not on, each goes
 * through xp_output() / xp_output4() (why: the next hop, its MTU, its
 * Ethernet header and the TX buffer's room are looked at once per run,
 * not per packet).
 */
static __rte_always_inline void
xpu_send(struct srv6gw_worker *w, struct rte_mbuf **m, unsigned int n, uint32_t nh,
	 bool routed, uint8_t v4)
{
	unsigned int i = 0;

	if (routed) {
		if (unlikely(nh == SRV6GW_NH_NONE)) {
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

		/* dp_tx_l2()'s order and room, for the run at once */
		if (unlikely(w->n_resub6 != 0))
			dp_resubmit_run(w);
		if (w->txn[port] + n > DP_TXB_SIZE)
			dp_flush_port(w, port);
		/* (headroom for the Ethernet header: stripped from these very
		 * frames, and the changes only take bytes off their front) */
		for (; i < n && likely(m[i]->pkt_len <= mtu); i++) {
			m[i]->data_off -= RTE_ETHER_HDR_LEN;
			m[i]->data_len += RTE_ETHER_HDR_LEN;
			m[i]->pkt_len += RTE_ETHER_HDR_LEN;
			eth_write(rte_pktmbuf_mtod(m[i], void *), l2, &tail);
			dp_txb_put(w, m[i], port);
		}
	}
	for (; i < n; i++) {
		if (v4)
			xp_output4(w, m[i], nh);
		else
			xp_output(w, m[i], nh);
	}
}

/**
 * Pass 1 of dp_express_uniform() for packets 1 to @p n - 1 of a uniform
 * chunk whose first packet passed it as @p x0: what dp_chunk_uniform() did not
 * compare. End and End.X: the next SID (xp_same_ok()); End.DX4 and
 * End.DT6: the decapsulation's checks (xp_check_decap(): the outer ECN,
 * the SRH's Next Header, the inner header; the inner offset is the
 * first's, as Next Header and the SRH's length were compared).
 * @return false: another kind, or one packet is not so.
 */
static bool
xpu_check(struct rte_mbuf **pkts, unsigned int n, const struct xp *x0)
{
	unsigned int i, next;
	uint8_t proto;
	struct xp t;

	switch (x0->kind) {
	case XP_END:
	case XP_END_X:
		if (x0->srh == NULL)                    /* a shift: nothing per packet */
			return true;
		next = x0->srh->segments_left - 1u;
		for (i = 1; i < n; i++)
			if (!dp_sid_valid_next(((const struct srv6gw_srh *)(dp_ip6(pkts[i]) + 1))
					       ->segments[next]))
				return false;
		return true;
	case XP_DX4:
	case XP_DT6:
		proto = x0->kind == XP_DX4 ? SRV6GW_IPPROTO_IPIP : SRV6GW_IPPROTO_IPV6;
		for (i = 1; i < n; i++)
			if (!xp_check_decap(pkts[i], proto, &t))
				return false;
		return true;
	default:
		return false;
	}
}

/**
 * Pass 2 of dp_express_uniform(): every packet changed as @p x0 says
 * (xp_change() without its counters), one loop per kind of change.
 * @return the lengths as received (CNT-1).
 */
static uint64_t
xpu_change(struct rte_mbuf **pkts, unsigned int n, const struct xp *x0)
{
	uint64_t bytes = 0;
	unsigned int i;

	if (x0->kind >= XP_DX4) {
		for (i = 0; i < n; i++) {
			bytes += pkts[i]->pkt_len;
			rte_pktmbuf_adj(pkts[i], x0->inner);            /* decap() */
		}
	} else if (x0->srh != NULL && (x0->flavors & SRV6GW_FL_PSP)) {
		for (i = 0; i < n; i++) {
			struct rte_ipv6_hdr *ip6 = dp_ip6(pkts[i]);

			bytes += pkts[i]->pkt_len;
			end_srh_apply(pkts[i], &dp_ext_srh_first, (struct srv6gw_srh *)(ip6 + 1),
				      true);
		}
	} else if (x0->srh != NULL) {
		for (i = 0; i < n; i++) {
			struct rte_ipv6_hdr *ip6 = dp_ip6(pkts[i]);

			bytes += pkts[i]->pkt_len;
			end_srh_apply(pkts[i], &dp_ext_srh_first, (struct srv6gw_srh *)(ip6 + 1),
				      false);
		}
	} else {
		for (i = 0; i < n; i++) {
			struct rte_ipv6_hdr *ip6 = dp_ip6(pkts[i]);

			bytes += pkts[i]->pkt_len;
			memcpy(ip6->dst_addr, x0->da, 16);              /* RFC 9800 S05-S06 */
			ip6->hop_limits--;                              /* S07 */
		}
	}
	return bytes;
}

/**
 * The destinations pass 3 of dp_express_uniform() looks up (End: the next
 * SIDs, End.DT6: the inner ones, as pass 2 left them) in @p ip, one per
 * run of equal ones; run r is packets @p first[r] to first[r + 1] - 1.
 * @return the number of runs.
 */
static unsigned int
xpu_runs(struct rte_mbuf **pkts, unsigned int n, uint8_t ip[][RTE_FIB6_IPV6_ADDR_SIZE],
	 uint8_t *first)
{
	unsigned int i, k = 0;

	for (i = 0; i < n; i++) {
		const uint8_t *da = dp_ip6(pkts[i])->dst_addr;

		if (k == 0 || !dp_addr_eq(ip[k - 1], da)) {
			memcpy(ip[k], da, 16);
			first[k++] = (uint8_t)i;
		}
	}
	first[k] = (uint8_t)n;
	return k;
}

/*
 * (dp.h) The passes with the first packet's answer for all, no answer per
 * packet (why: the per-packet answers, the kind of each and its counter
 * cost more than the changes themselves; docs/performance.md, tenth
 * round). The same changes, lookups, counters and frames as the passes of
 * dp_express().
 */
int
dp_express_uniform(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
		   const struct dp_pre6 *pre6)
{
	const struct srv6gw_gen *g = w->g;
	uint8_t ip[DP_BURST][RTE_FIB6_IPV6_ADDR_SIZE], first[DP_BURST + 1];
	uint64_t v[DP_BURST], bytes;
	struct srv6gw_obj_stats *st;
	unsigned int i, k = 0;
	bool again = false;
	struct xp x0;

	/* (dp_express()'s refusals: the HMAC of dp_sid_process(), a port guard) */
	if ((g->guard != NULL && g->guard->hmac_any) || g->ports[pkts[0]->port].guard6 ||
	    !xp_check(g, pkts[0], &pre6[0], &x0))
		return 0;
	if (!xpu_check(pkts, n, &x0))                           /* 1. check */
		return -1;
	bytes = xpu_change(pkts, n, &x0);                       /* 2. change */
	if (x0.kind >= XP_DX4)
		DP_EV_ADD(w, decapsulated, n);
	else if (x0.srh == NULL)
		DP_EV_ADD(w, csid_shifts, n);
	st = &srv6gw_sid_row(g, w->idx)[x0.idx];                /* RFC 8986 §6 CNT-1 */
	st->packets += n;
	st->bytes += bytes;
	DP_EV_ADD(w, sid_processed, n);
	DP_EV_ADD(w, express_packets, n);
	if (x0.kind == XP_END_X || x0.kind == XP_DX4) {         /* 4. to the adjacency */
		xpu_send(w, pkts, n, x0.arg, false, x0.kind == XP_DX4);
		return 1;
	}
	k = xpu_runs(pkts, n, ip, first);                       /* 3. look up */
	if (x0.kind == XP_END && g->locators != NULL) {
		dp_fib6_bulk(g->locators, ip, v, k, 0);
		for (i = 0; i < k; i++)
			again |= v[i] != 0;
		if (again) {    /* a next SID of ours: the resubmission stage's */
			for (i = 0; i < n; i++) {
				w->passes = 0;
				dp_resubmit6(w, pkts[i], 0, true);      /* S15 */
			}
			return 1;
		}
	}
	dp_fib6_bulk(g->tables[x0.kind == XP_END ? 0 : x0.arg].v6, ip, v, k, SRV6GW_NH_NONE);
	for (i = 0; i < k; i++)                                 /* 4. transmit, in order */
		xpu_send(w, pkts + first[i], first[i + 1] - first[i], (uint32_t)v[i], true, 0);
	return 1;
}

/*
 * (dp.h) The first packet passes pass 1 in full (xp_check()) as transit
 * or steered; the others share its version, Next Header, Hop Limit, the
 * source's first byte and consistent lengths (dp_chunk_uniform()), so each
 * is checked for its own destination's first byte and classification, and
 * transit for its route and MTU (xp_check(), xp_onward()).
 */
bool
dp_express_shaped(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
		  const struct dp_pre6 *pre6)
{
	const struct srv6gw_gen *g = w->g;
	uint32_t nh = SRV6GW_NH_NONE, mtu = 0, pol[DP_BURST];
	unsigned int i, j;
	bool steer;
	struct xp x0;

	if ((g->guard != NULL && g->guard->hmac_any) || g->ports[pkts[0]->port].guard6 ||
	    !xp_check(g, pkts[0], &pre6[0], &x0) ||
	    (x0.kind != XP_ROUTE && x0.kind != XP_STEER))
		return false;
	steer = x0.kind == XP_STEER;
	pol[0] = pre6[0].steer - 1;
	for (i = 1; i < n; i++) {                               /* 1. check */
		const struct dp_pre6 *pre = &pre6[i];

		if (!dp_addr_plain(dp_ip6(pkts[i])->dst_addr[0]) || pre->sid >= 0 ||
		    pre->local || pre->in_locator || (pre->steer != 0) != steer)
			return false;
		if (steer) {
			pol[i] = pre->steer - 1;
			continue;
		}
		if (pre->nh != nh) {
			nh = pre->nh;
			mtu = g->nexthops[nh].mtu;      /* (0 for SRV6GW_NH_NONE) */
		}
		if (nh == SRV6GW_NH_NONE || pkts[i]->pkt_len > mtu)
			return false;
	}
	DP_EV_ADD(w, express_packets, n);
	if (steer) {                                            /* 4. H.Encaps */
		dp_encap_steered(w, pkts, pol, n);
		return true;
	}
	for (i = 0; i < n; i++)                                 /* 2. change */
		dp_ip6(pkts[i])->hop_limits--;
	DP_EV_ADD(w, forwarded_ipv6, n);
	for (i = 0; i < n; i = j) {                             /* 4. transmit, in order */
		for (j = i + 1; j < n && pre6[j].nh == pre6[i].nh; j++)
			;
		xpu_send(w, pkts + i, j - i, pre6[i].nh, false, 0);
	}
	return true;
}

/* (dp.h) Every packet checked in full (its header differs): xp_check4(). */
bool
dp_express_shaped4(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
		   const struct dp_pre4 *pre4)
{
	const struct srv6gw_gen *g = w->g;
	uint32_t pol[DP_BURST];
	unsigned int i, j;
	bool steer = false;
	struct xp x;

	if ((g->guard != NULL && g->guard->hmac_any) || g->ports[pkts[0]->port].urpf)
		return false;
	for (i = 0; i < n; i++) {                               /* 1. check */
		if (!xp_check4(g, pkts[i], &pre4[i], &x))
			return false;
		if (i == 0)
			steer = x.kind == XP_STEER4;
		else if ((x.kind == XP_STEER4) != steer)
			return false;
		pol[i] = x.idx - 1;
	}
	DP_EV_ADD(w, express_packets, n);
	if (steer) {                                            /* 4. H.Encaps */
		dp_encap_steered(w, pkts, pol, n);
		return true;
	}
	for (i = 0; i < n; i++)                                 /* 2. change */
		dp_ipv4_ttl_dec(dp_ip4(pkts[i]));
	DP_EV_ADD(w, forwarded_ipv4, n);
	for (i = 0; i < n; i = j) {                             /* 4. transmit, in order */
		for (j = i + 1; j < n && pre4[j].nh == pre4[i].nh; j++)
			;
		xpu_send(w, pkts + i, j - i, pre4[i].nh, false, 1);
	}
	return true;
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
