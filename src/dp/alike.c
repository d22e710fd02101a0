/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Alike chunks: the express lane's shorter ways for a chunk whose frames
 * repeat the first's deciding bytes (docs/design.md "A burst, stage by
 * stage", step 0; docs/performance-rounds.md, tenth round). rx.c asks
 * dp_chunk_uniform() before anything per packet, then offers
 *
 *   - a uniform chunk (every frame the first's but for lengths and
 *     payload: an endpoint's traffic) to dp_express_uniform()
 *     (uniform.c), or when
 *     its one destination is no SID (one flow of transit or a headend's
 *     IPv6) to dp_express_shaped() with one answer for all,
 *   - a shaped one (the same but for the destinations: transit, a
 *     headend's IPv6) to dp_express_shaped(), classified once when it is
 *     keyed (its destinations one run of the port's deciding bits: to
 *     the hosts of one prefix) and the run's answer is every packet's,
 *     or taking the worker's kept answer (struct dp_memo6),
 *   - an IPv4 one to dp_express_same4() (one answer for all, as frames)
 *     or dp_express_shaped4().
 *
 * Each checks the first packet as the lane's pass 1 does (express.h) and
 * the others for what differs per packet, then changes, counts, looks up
 * and sends without a per-packet answer. What they decline goes on to
 * dp_express(), untouched. The result is the general way's, packet for
 * packet and counter for counter: test_uniform_transit_steered
 * (test_dp_uniform), test_transit_shaped, test_ipv4_chunks,
 * test_urpf_chunks (test_dp_lookup) and test_long_list_chunks
 * (test_dp_encap) compare them (the uniform ones': uniform.c). What
 * these ways and uniform.c's share (the port guard, pass 4) is alike.h's.
 *
 * Thread-safety: the worker's own state and the read-only generation.
 */
#include "alike.h"

/*
 * The bytes of a frame that decide pass 1 for an End, End.X or uN packet
 * (express.c's run heads, XP_HEAD_BYTES), as dp_chunk_uniform() compares
 * them: the Ethernet destination and EtherType (rx.c l2_input()), then the
 * version; Next Header and Hop Limit; the source's first byte; with an SRH
 * right after the header, its Hdr Ext Len, Routing Type, Segments Left,
 * Last Entry and Flags.
 */
#define XP_FRAME_BYTES 64
#define XP_F(k) ((k) + RTE_ETHER_HDR_LEN)
/* (without the destination: a shaped chunk's frames differ there) */
static const uint8_t xp_fmask_plain[XP_FRAME_BYTES] __rte_aligned(16) = {
	[0 ... 5] = 0xff, [12 ... 13] = 0xff, [XP_F(0)] = 0xf0, [XP_F(6) ... XP_F(8)] = 0xff,
};
static const uint8_t xp_fmask_srh[XP_FRAME_BYTES] __rte_aligned(16) = {
	[0 ... 5] = 0xff, [12 ... 13] = 0xff, [XP_F(0)] = 0xf0, [XP_F(6) ... XP_F(8)] = 0xff,
	[XP_F(41) ... XP_F(45)] = 0xff,
};
/* (with it: a uniform chunk's) */
static const uint8_t xp_umask_plain[XP_FRAME_BYTES] __rte_aligned(16) = {
	[0 ... 5] = 0xff, [12 ... 13] = 0xff, [XP_F(0)] = 0xf0, [XP_F(6) ... XP_F(8)] = 0xff,
	[XP_F(24) ... XP_F(39)] = 0xff,
};
static const uint8_t xp_umask_srh[XP_FRAME_BYTES] __rte_aligned(16) = {
	[0 ... 5] = 0xff, [12 ... 13] = 0xff, [XP_F(0)] = 0xf0, [XP_F(6) ... XP_F(8)] = 0xff,
	[XP_F(24) ... XP_F(39)] = 0xff, [XP_F(41) ... XP_F(45)] = 0xff,
};
_Static_assert(XP_F(offsetof(struct rte_ipv6_hdr, dst_addr)) == XP_F(24) &&
	       XP_F(sizeof(struct rte_ipv6_hdr) + 6) <= XP_FRAME_BYTES,
	       "the frame masks' offsets");

/**
 * dp_chunk_uniform() for a chunk whose first frame is IPv4 to our MAC
 * (@p e: its first 8 bytes, as loaded; the frame holds an IPv4 header):
 * DP_CHUNK_IPV4 when every frame is that and holds an IPv4 header
 * (l2_input()'s DP_L2_IPV4), with every destination's difference from the
 * first's ORed into *@p diff (why: dp_ipv4_classify_same() then makes no
 * pass of its own over the destinations).
 */
static enum dp_chunk_kind
chunk_ipv4(struct rte_mbuf *const *pkts, unsigned int n, uint64_t e, rte_be32_t *diff)
{
	const uint64_t mask = rte_cpu_to_le_64(RTE_LEN2MASK(48, uint64_t));
	const unsigned int dst = RTE_ETHER_HDR_LEN + offsetof(struct rte_ipv4_hdr, dst_addr);
	rte_be32_t d0, x = 0;
	unsigned int i;

	memcpy(&d0, rte_pktmbuf_mtod_offset(pkts[0], const uint8_t *, dst), 4);
	for (i = 1; i < n; i++) {
		const uint8_t *p = rte_pktmbuf_mtod(pkts[i], const uint8_t *);
		rte_be32_t da;
		uint64_t d;
		uint16_t et;

		if (pkts[i]->data_len < RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr))
			return DP_CHUNK_MIXED;
		memcpy(&d, p, 8);
		memcpy(&et, p + 12, 2);
		if (((d ^ e) & mask) != 0 || et != RTE_BE16(RTE_ETHER_TYPE_IPV4))
			return DP_CHUNK_MIXED;
		memcpy(&da, p + dst, 4);
		x |= da ^ d0;
	}
	*diff = x;
	return DP_CHUNK_IPV4;
}

/**
 * From frame @p i of @p n on, the first that does not have its lengths as
 * xp_same_ok() wants them (one segment holding exactly the header and its
 * payload length, at least @p need bytes: an SRH wholly in it; since need
 * >= 64, the payload length is not 0) or not the first's bytes under
 * @p mask (@p b: the first's, masked); @p n when every one has. The
 * longest of those that have goes into *@p longest (when longer).
 */
static __rte_always_inline unsigned int
chunk_scan(struct rte_mbuf *const *pkts, unsigned int i, unsigned int n, unsigned int need,
	   const uint8_t *mask, const uint8_t *b, uint32_t *longest)
{
	uint32_t most = *longest;

	for (; i < n; i++) {
		const uint8_t *p = rte_pktmbuf_mtod(pkts[i], const uint8_t *);
		uint16_t plen;

		if (pkts[i]->data_len != pkts[i]->pkt_len || pkts[i]->data_len < need)
			break;
		/* (read once the frame is known to hold it) */
		memcpy(&plen, p + XP_F(offsetof(struct rte_ipv6_hdr, payload_len)), 2);
		if (XP_F(sizeof(struct rte_ipv6_hdr)) + rte_be_to_cpu_16(plen) != pkts[i]->pkt_len ||
		    !dp_masked_eq(p, mask, b, XP_FRAME_BYTES))
			break;
		most = RTE_MAX(most, pkts[i]->pkt_len);
	}
	*longest = most;
	return i;
}

/**
 * dp_chunk_uniform()'s scan under a shaped chunk's mask @p smask with the
 * destination's bits of @p key added, from frame @p i (why: the frames
 * before it are the first's in their whole destination): the first frame
 * not the first's so, @p n when every one is.
 */
static unsigned int
chunk_scan_keyed(struct rte_mbuf *const *pkts, unsigned int i, unsigned int n,
		 unsigned int need, const uint8_t *smask, const uint8_t *key, uint32_t *longest)
{
	const uint8_t *p0 = rte_pktmbuf_mtod(pkts[0], const uint8_t *);
	uint8_t km[XP_FRAME_BYTES] __rte_aligned(16), bk[XP_FRAME_BYTES] __rte_aligned(16);
	unsigned int k;

	memcpy(km, smask, XP_FRAME_BYTES);
	memcpy(km + XP_F(offsetof(struct rte_ipv6_hdr, dst_addr)), key, 16);
	for (k = 0; k < XP_FRAME_BYTES; k++)
		bk[k] = p0[k] & km[k];
	return chunk_scan(pkts, i, n, need, km, bk, longest);
}

enum dp_chunk_kind
dp_chunk_uniform(struct rte_mbuf *const *pkts, unsigned int n, uint64_t mac,
		 const uint8_t *key, struct dp_alike *facts)
{
	uint32_t *longest = &facts->longest;
	const uint8_t *p0 = rte_pktmbuf_mtod(pkts[0], const uint8_t *);
	uint8_t bu[XP_FRAME_BYTES] __rte_aligned(16), bs[XP_FRAME_BYTES] __rte_aligned(16);
	const uint8_t *umask = xp_umask_plain, *smask = xp_fmask_plain;
	unsigned int i, k, need = XP_FRAME_BYTES;
	uint64_t e;

	/* the first frame: to our MAC (no group address), IPv6 (rx.c l2_input()) */
	if (pkts[0]->data_len < RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr))
		return DP_CHUNK_MIXED;
	memcpy(&e, p0, 8);
	if (((rte_le_to_cpu_64(e) ^ mac) & RTE_LEN2MASK(48, uint64_t)) != 0)
		return DP_CHUNK_MIXED;
	if (p0[12] == RTE_ETHER_TYPE_IPV4 >> 8 && p0[13] == (RTE_ETHER_TYPE_IPV4 & 0xff))
		return chunk_ipv4(pkts, n, e, &facts->dst4_diff);
	if (pkts[0]->data_len < XP_FRAME_BYTES ||
	    p0[12] != RTE_ETHER_TYPE_IPV6 >> 8 || p0[13] != (RTE_ETHER_TYPE_IPV6 & 0xff))
		return DP_CHUNK_MIXED;
	if (p0[XP_F(offsetof(struct rte_ipv6_hdr, proto))] == SRV6GW_IPPROTO_ROUTING) {
		umask = xp_umask_srh;
		smask = xp_fmask_srh;
		need = RTE_MAX(need, XP_F(sizeof(struct rte_ipv6_hdr)) +
			       (p0[XP_F(sizeof(struct rte_ipv6_hdr) + 1)] + 1u) * 8u);
	}
	for (k = 0; k < XP_FRAME_BYTES; k++)
		bu[k] = p0[k] & umask[k];
	/* every frame as the first, destination included (why: one compare
	 * per frame); from the first whose destination differs, without it */
	*longest = 0;
	i = chunk_scan(pkts, 0, n, need, umask, bu, longest);
	if (i == n)
		return DP_CHUNK_UNIFORM;
	/* from there, with the destination's deciding bits (why: transit to
	 * the hosts of one prefix is classified once, with no pass over the
	 * destinations); from the first whose bits differ, without them */
	if (key != NULL) {
		i = chunk_scan_keyed(pkts, i, n, need, smask, key, longest);
		if (i == n)
			return DP_CHUNK_KEYED;
	}
	for (k = 0; k < XP_FRAME_BYTES; k++)
		bs[k] = p0[k] & smask[k];
	return chunk_scan(pkts, i, n, need, smask, bs, longest) == n ? DP_CHUNK_SHAPED :
								       DP_CHUNK_MIXED;
}


/**
 * Passes 2 and 4 of dp_express_shaped() for @p n checked packets: into
 * their policies @p pol (@p steer), or routed, packet i to next hop
 * @p nhs[i] (NULL: all to @p nh).
 */
static __rte_always_inline bool
shaped_out(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n, bool steer,
	   const uint32_t *pol, const uint32_t *nhs, uint32_t nh)
{
	DP_EV_ADD(w, express_packets, n);
	if (steer) {                                            /* 4. H.Encaps */
		xpu_strip(pkts + 1, n - 1);
		dp_encap_steered(w, pkts, pol, n);
		return true;
	}
	dp_l2_unstrip(pkts[0]);                                /* (as the others) */
	DP_EV_ADD(w, forwarded_ipv6, n);
	/* (every length was checked: shaped_same(), dp_express_shaped()) */
	if (nhs == NULL)                        /* 2. change (Hop Limit), 4. transmit */
		xpu_send(w, pkts, n, nh, false, 0, true, true, XPU_ALL_FIT);
	else
		xpu_send_routed(w, pkts, n, nhs, 0, true, true, XPU_ALL_FIT);
	return true;
}

/**
 * Whether frames 1.. of @p n have a destination whose first byte is
 * plain (@p dst; else it is known to be) and fit @p mtu.
 */
static __rte_always_inline bool
shaped_fit(struct rte_mbuf **pkts, unsigned int n, uint32_t mtu, bool dst)
{
	unsigned int i;

	for (i = 1; i < n; i++)
		if ((dst && !dp_addr_plain(rte_pktmbuf_mtod_offset(
				    pkts[i], const struct rte_ipv6_hdr *,
				    RTE_ETHER_HDR_LEN)->dst_addr[0])) ||
		    pkts[i]->pkt_len - RTE_ETHER_HDR_LEN > mtu)
			return false;
	return true;
}

/**
 * dp_express_shaped() for a chunk whose packets all take the first's
 * classification, which passed pass 1 in full: steered into policy @p pol,
 * or routed to @p nh (the first's route, so not SRV6GW_NH_NONE). Each
 * other packet is checked for its destination's first byte and, routed,
 * its MTU (not when the chunk's longest frame, @p longest, fits it); then
 * all are sent to the one next hop, or encapsulated. The
 * first byte is not looked at again when the port's deciding bits cover
 * it (why: then dp_ipv6_classify_bulk()'s one answer says that every
 * destination has the first's, which xp_check() passed; a uniform
 * chunk's destinations are the first's).
 */
static bool
shaped_same(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n, bool steer,
	    uint32_t pol, uint32_t nh, uint32_t longest)
{
	/* (no frame's length to test when the longest fits) */
	const uint32_t mtu = steer || longest - RTE_ETHER_HDR_LEN <= w->g->nexthops[nh].mtu ?
			     UINT32_MAX : w->g->nexthops[nh].mtu;

	if (steer) {    /* checked, hashed and encapsulated in two passes */
		dp_l2_unstrip(pkts[0]);                        /* (as the others) */
		if (dp_encap_same(w, pkts, n, pol, true)) {
			DP_EV_ADD(w, express_packets, n);
			return true;
		}
		dp_l2_strip(pkts[0]);
	}
	if (w->g->ports[pkts[0]->port].class6_key[0] == 0xff ?          /* 1. check */
		    mtu != UINT32_MAX && !shaped_fit(pkts, n, mtu, false) :
		    !shaped_fit(pkts, n, mtu, true)) {
		xpu_strip(pkts + 1, n - 1);
		return false;
	}
	if (steer) {                                            /* 4. H.Encaps */
		DP_EV_ADD(w, express_packets, n);
		dp_l2_unstrip(pkts[0]);                        /* (as the others) */
		dp_encap_one(w, pkts, pol, n, true);
		return true;
	}
	return shaped_out(w, pkts, n, false, NULL, NULL, nh);
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
		  const struct dp_pre6 *pre6, bool same, uint32_t longest)
{
	const struct srv6gw_gen *g = w->g;
	uint32_t nh = SRV6GW_NH_NONE, mtu = 0, pol[DP_BURST], nhs[DP_BURST];
	unsigned int i;
	bool steer;
	struct xp x0;

	if (guard_on(g, pkts[0]->port, false) ||
	    !xp_check(g, pkts[0], &pre6[0], &x0) ||
	    (x0.kind != XP_ROUTE && x0.kind != XP_STEER))
		goto decline;
	steer = x0.kind == XP_STEER;
	pol[0] = pre6[0].steer - 1;
	nhs[0] = pre6[0].nh;
	if (same)
		return shaped_same(w, pkts, n, steer, pol[0], nhs[0], longest);
	for (i = 1; i < n; i++) {                               /* 1. check */
		const struct dp_pre6 *pre = &pre6[i];

		if (!dp_addr_plain(rte_pktmbuf_mtod_offset(pkts[i], const struct rte_ipv6_hdr *,
							   RTE_ETHER_HDR_LEN)->dst_addr[0]) ||
		    pre->sid >= 0 || pre->local || pre->in_locator || (pre->steer != 0) != steer)
			goto decline;
		if (steer) {
			pol[i] = pre->steer - 1;
			continue;
		}
		if (pre->nh != nh) {
			nh = pre->nh;
			mtu = g->nexthops[nh].mtu;      /* (0 for SRV6GW_NH_NONE) */
		}
		if (nh == SRV6GW_NH_NONE || pkts[i]->pkt_len - RTE_ETHER_HDR_LEN > mtu)
			goto decline;
		nhs[i] = nh;
	}
	return shaped_out(w, pkts, n, steer, pol, nhs, 0);
decline:
	xpu_strip(pkts + 1, n - 1);
	return false;
}

/**
 * Pass 1 of dp_express_same4() for @p n frames: what xp_check4() checks of
 * each packet, with the one answer: routed (@p route), a TTL to spare and
 * @p mtu. Not the destinations: their first byte is the first's (the
 * port's key covers it, dp_ipv4_classify_same()), which was checked.
 */
static __rte_always_inline bool
same4_ok(struct rte_mbuf **pkts, unsigned int n, bool route, uint32_t mtu)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct rte_ipv4_hdr *ip =
			rte_pktmbuf_mtod_offset(pkts[i], const struct rte_ipv4_hdr *,
						RTE_ETHER_HDR_LEN);
		const uint32_t len = pkts[i]->pkt_len - RTE_ETHER_HDR_LEN;

		if (pkts[i]->data_len != pkts[i]->pkt_len || !dp_ipv4_check_plain(ip, len) ||
		    !dp_ipv4_plain(ip->src_addr) || (route && (ip->time_to_live <= 1 || len > mtu)))
			return false;
	}
	return true;
}

/* (dp.h) The frames' packets checked with the one answer (same4_ok()). */
bool
dp_express_same4(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
		 const struct dp_pre4 *pre)
{
	const struct srv6gw_gen *g = w->g;

	if (guard_on(g, pkts[0]->port, true) || pre->local ||
	    !dp_ipv4_plain(rte_pktmbuf_mtod_offset(pkts[0], const struct rte_ipv4_hdr *,
						   RTE_ETHER_HDR_LEN)->dst_addr))
		goto decline;
	if (pre->steer != 0) {
		/* checked, hashed and encapsulated in two passes, or each step alone */
		if (!dp_encap_same(w, pkts, n, pre->steer - 1, false)) {
			if (!same4_ok(pkts, n, false, 0))          /* 1. check */
				goto decline;
			dp_encap_one(w, pkts, pre->steer - 1, n, false); /* 4. H.Encaps */
		}
		DP_EV_ADD(w, express_packets, n);
		return true;
	}
	if (pre->nh == SRV6GW_NH_NONE || !same4_ok(pkts, n, true, g->nexthops[pre->nh].mtu))
		goto decline;
	DP_EV_ADD(w, express_packets, n);
	DP_EV_ADD(w, forwarded_ipv4, n);
	/* 2. change (TTL), 4. transmit (same4_ok() checked the lengths) */
	xpu_send(w, pkts, n, pre->nh, false, 1, true, true, XPU_ALL_FIT);
	return true;
decline:
	xpu_strip(pkts, n);
	return false;
}

/* (dp.h) Every packet checked in full (its header differs): xp_check4(). */
bool
dp_express_shaped4(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
		   const struct dp_pre4 *pre4)
{
	const struct srv6gw_gen *g = w->g;
	uint32_t pol[DP_BURST], nhs[DP_BURST];
	unsigned int i;
	bool steer = false;
	struct xp x;

	if (guard_on(g, pkts[0]->port, true))
		return false;
	for (i = 0; i < n; i++) {                               /* 1. check */
		if (!xp_check4(g, pkts[i], &pre4[i], &x))
			return false;
		if (i == 0)
			steer = x.kind == XP_STEER4;
		else if ((x.kind == XP_STEER4) != steer)
			return false;
		pol[i] = x.idx - 1;
		nhs[i] = x.nh;
	}
	DP_EV_ADD(w, express_packets, n);
	if (steer) {                                            /* 4. H.Encaps */
		dp_encap_steered(w, pkts, pol, n);
		return true;
	}
	DP_EV_ADD(w, forwarded_ipv4, n);
	/* 2. change (TTL), 4. transmit (xp_onward() checked the lengths) */
	xpu_send_routed(w, pkts, n, nhs, 1, false, true, XPU_ALL_FIT);
	return true;
}
