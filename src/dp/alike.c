/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Alike chunks: the express lane's shorter ways for a chunk whose frames
 * repeat the first's deciding bytes (docs/design.md "A burst, stage by
 * stage", step 0; docs/performance.md, tenth round). rx.c asks
 * dp_chunk_uniform() before anything per packet, then offers
 *
 *   - a uniform chunk (every frame the first's but for lengths and
 *     payload: an endpoint's traffic) to dp_express_uniform(), or when
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
 * packet and counter for counter: test_dp's test_express_run_heads,
 * test_uniform_chunks, test_uniform_next_sids, test_uniform_mtu_edge,
 * test_dt6_next_hops, test_uniform_transit_steered, test_transit_shaped,
 * test_ipv4_chunks, test_urpf_chunks and test_long_list_chunks compare
 * them.
 *
 * Thread-safety: the worker's own state and the read-only generation.
 */
#include "express.h"

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

/**
 * xp_check_decap() of a packet of a uniform chunk whose first packet,
 * inner packet at @p inner, passed it: dp_chunk_uniform() compared Next
 * Header, and with an SRH its length, type, Segments Left and flags, so
 * the inner packet is where the first's is; what is left to check is the
 * outer ECN (RFC 6040: not CE), the SRH's Next Header and the inner header
 * (@p proto's, as xp_check_decap() checks it).
 */
static __rte_always_inline bool
xpu_decap_ok(const struct rte_mbuf *m, uint32_t l2, uint16_t inner, uint8_t proto)
{
	const uint8_t *ip = rte_pktmbuf_mtod_offset(m, const uint8_t *, l2);
	const uint8_t *in = ip + inner;
	uint32_t len;

	if ((ip[1] & 0x30) == 0x30 || m->data_len <= l2 + inner ||
	    (inner != sizeof(struct rte_ipv6_hdr) &&
	     ((const struct srv6gw_srh *)(ip + sizeof(struct rte_ipv6_hdr)))->next_hdr != proto))
		return false;
	len = m->data_len - l2 - inner;
	return xp_inner_ok(in, len, proto);
}

/** Where pass 3's runs of a uniform chunk's packets go (xpu_check()). */
struct xpu_runs {
	uint8_t ip[DP_BURST][RTE_FIB6_IPV6_ADDR_SIZE];  /**< run r's destination */
	uint8_t first[DP_BURST + 1];    /**< run r: packets first[r] to first[r + 1] - 1 */
	unsigned int k;                 /**< the number of runs */
};

/**
 * The last run's destination as two words (@p w), under the table's
 * deciding bits @p key (NULL: all 128), as xpu_check() keeps it in
 * registers (why: stores into the runs' bytes would make the compiler
 * load it again for every packet).
 */
struct xpu_last {
	uint64_t w[2];
	uint64_t key[2];
};

/** Open run @p k of @p r with @p da, packet @p i's; @p l: now its. @return k + 1. */
static __rte_always_inline unsigned int
xpu_run_open(struct xpu_runs *r, struct xpu_last *l, unsigned int k, const uint8_t *da,
	     unsigned int i)
{
	memcpy(r->ip[k], da, 16);
	r->first[k] = (uint8_t)i;
	memcpy(l->w, da, 16);
	l->w[0] &= l->key[0];
	l->w[1] &= l->key[1];
	return k + 1;
}

/** Whether @p da is in the last run @p l (under its key). */
static __rte_always_inline bool
xpu_run_same(const struct xpu_last *l, const uint8_t *da)
{
	uint64_t d[2];

	memcpy(d, da, 16);
	return (((d[0] & l->key[0]) ^ l->w[0]) | ((d[1] & l->key[1]) ^ l->w[1])) == 0;
}

/** @p l's key: @p key's bits, or all 128 (NULL). */
static __rte_always_inline void
xpu_last_init(struct xpu_last *l, const uint8_t *key)
{
	if (key == NULL) {
		l->key[0] = UINT64_MAX;
		l->key[1] = UINT64_MAX;
	} else {
		memcpy(l->key, key, 16);
	}
}

/**
 * Pass 1 of dp_express_uniform() for packets 1 to @p n - 1 of a uniform
 * chunk whose first packet passed it as @p x0: what dp_chunk_uniform() did not
 * compare. End and End.X: the next SID (xp_same_ok()); End.DX4 and
 * End.DT6: the decapsulation's checks (xp_check_decap(): the outer ECN,
 * the SRH's Next Header, the inner header; the inner offset is the
 * first's, as Next Header and the SRH's length were compared). @p off:
 * where the IPv6 header of packets 1 to @p n - 1 starts (RTE_ETHER_HDR_LEN
 * when they are frames still; packet 0's at 0).
 * On the way, the destinations pass 3 looks up go into @p r, one per run
 * (why: not a pass of their own over the packets; docs/performance.md,
 * twenty-third round): End's next SIDs, equal ones one run (they meet the
 * locators too; a next SID the last run's is valid as that run's was),
 * End.DT6's inner destinations, one run while equal under @p key (the
 * table's deciding bits: to the hosts of one prefix). They are the bytes
 * pass 2 makes the destination (S14: Segments[SL - 1]; the decapsulated
 * header's), read before it runs. End.X, End.DX4 and a shift leave
 * @p r empty (k 0): the first two send to their adjacency, a shift's one
 * destination is its first packet's.
 * @return false: another kind, or one packet is not so.
 */
static bool
xpu_check(struct rte_mbuf **pkts, unsigned int n, const struct xp *x0, unsigned int off,
	  const uint8_t *key, struct xpu_runs *r)
{
	const unsigned int da = offsetof(struct rte_ipv6_hdr, dst_addr);
	unsigned int i, at, k = 0;
	struct xpu_last l;

	r->k = 0;
	switch (x0->kind) {
	case XP_END:
	case XP_END_X:
		if (x0->srh == NULL)                    /* a shift: nothing per packet */
			return true;
		at = off + sizeof(struct rte_ipv6_hdr) + offsetof(struct srv6gw_srh, segments) +
		     (x0->srh->segments_left - 1u) * 16u;
		if (x0->kind == XP_END_X) {
			for (i = 1; i < n; i++)
				if (!dp_sid_valid_next(
					    rte_pktmbuf_mtod_offset(pkts[i], const uint8_t *, at)))
					return false;
			return true;
		}
		xpu_last_init(&l, NULL);
		k = xpu_run_open(r, &l, 0, x0->srh->segments[x0->srh->segments_left - 1], 0);
		for (i = 1; i < n; i++) {
			const uint8_t *s = rte_pktmbuf_mtod_offset(pkts[i], const uint8_t *, at);

			if (xpu_run_same(&l, s))
				continue;
			if (!dp_sid_valid_next(s))
				return false;
			k = xpu_run_open(r, &l, k, s, i);
		}
		break;
	case XP_DX4:
		for (i = 1; i < n; i++)
			if (!xpu_decap_ok(pkts[i], off, x0->inner, SRV6GW_IPPROTO_IPIP))
				return false;
		return true;
	case XP_DT6:
		at = x0->inner + da;
		xpu_last_init(&l, key);
		k = xpu_run_open(r, &l, 0, rte_pktmbuf_mtod_offset(pkts[0], const uint8_t *, at),
				 0);
		for (i = 1; i < n; i++) {
			const uint8_t *d = rte_pktmbuf_mtod_offset(pkts[i], const uint8_t *,
								   off + at);

			if (!xpu_decap_ok(pkts[i], off, x0->inner, SRV6GW_IPPROTO_IPV6))
				return false;
			if (!xpu_run_same(&l, d))
				k = xpu_run_open(r, &l, k, d, i);
		}
		break;
	default:
		return false;
	}
	r->first[k] = (uint8_t)n;
	r->k = k;
	return true;
}

/**
 * Pass 2 of dp_express_uniform() for End and End.X with PSP, the one
 * change that moves the IPv6 header (end_srh_apply(); the others change
 * frames, xpu_change_framed()), on stripped packets. @return the lengths
 * as received (CNT-1).
 */
static uint64_t
xpu_change_psp(struct rte_mbuf **pkts, unsigned int n)
{
	uint64_t bytes = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct rte_ipv6_hdr *ip6 = dp_ip6(pkts[i]);

		bytes += pkts[i]->pkt_len;
		end_srh_apply(pkts[i], &dp_ext_srh_first, (struct srv6gw_srh *)(ip6 + 1), true);
	}
	return bytes;
}

/**
 * Pass 2 of dp_express_uniform() (xp_change() without its counters) for
 * frames whose Ethernet header's place is held (why: the Ethernet stage's
 * strip and xpu_queue()'s push would each store every packet's data
 * offset and lengths; End, End.X without PSP and a shift
 * change packets in place, a decapsulation takes its outer headers off
 * the front in one step). @return the lengths as received (CNT-1,
 * without the Ethernet header).
 */
static uint64_t
xpu_change_framed(struct rte_mbuf **pkts, unsigned int n, const struct xp *x0)
{
	const uint16_t inner = x0->inner;
	uint64_t bytes = 0;
	unsigned int i;

	if (x0->kind >= XP_DX4) {
		for (i = 0; i < n; i++) {                       /* decap() */
			bytes += pkts[i]->pkt_len;
			pkts[i]->data_off += inner;
			pkts[i]->data_len -= inner;
			pkts[i]->pkt_len -= inner;
		}
		return bytes - (uint64_t)n * RTE_ETHER_HDR_LEN;
	}
	for (i = 0; i < n; i++) {
		struct rte_ipv6_hdr *ip6 = rte_pktmbuf_mtod_offset(pkts[i], struct rte_ipv6_hdr *,
								   RTE_ETHER_HDR_LEN);

		bytes += pkts[i]->pkt_len;
		if (x0->srh != NULL) {
			struct srv6gw_srh *srh = (struct srv6gw_srh *)(ip6 + 1);

			end_srh_advance(ip6, srh, srh->segments_left - 1);
		} else {
			memcpy(ip6->dst_addr, x0->da, 16);              /* RFC 9800 S05-S06 */
			ip6->hop_limits--;                              /* S07 */
		}
	}
	return bytes - (uint64_t)n * RTE_ETHER_HDR_LEN;
}

/**
 * Whether the worker's kept next destination (struct dp_memo_next) is
 * @p da, in this generation.
 */
static __rte_always_inline bool
memo_next_hit(const struct srv6gw_worker *w, const uint8_t *da)
{
	return w->memo_next.gen == w->g->id && dp_addr_eq(w->memo_next.da, da);
}

/** Keep @p da's route, @p nh (no locator of ours holds @p da). */
static __rte_always_inline void
memo_next_keep(struct srv6gw_worker *w, const uint8_t *da, uint32_t nh)
{
	w->memo_next.gen = w->g->id;
	memcpy(w->memo_next.da, da, 16);
	w->memo_next.nh = nh;
}

/*
 * (dp.h) The passes with the first packet's answer for all, no answer per
 * packet (why: the per-packet answers, the kind of each and its counter
 * cost more than the changes themselves; docs/performance.md, tenth
 * round). The same changes, lookups, counters and frames as the passes of
 * dp_express(). But for PSP, the frames are changed as frames: not
 * stripped and pushed again (xpu_change_framed()).
 */
int
dp_express_uniform(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
		   const struct dp_pre6 *pre6, uint32_t longest)
{
	const struct srv6gw_gen *g = w->g;
	uint64_t v[DP_BURST], bytes;
	struct srv6gw_obj_stats *st;
	struct xpu_runs r;
	unsigned int i, j;
	uint32_t top;                   /* no packet is longer after pass 2 */
	bool again = false, framed;
	struct xp x0;

	/* (dp_express()'s refusals: the HMAC of dp_sid_process(), a port guard) */
	if (guard_on(g, pkts[0]->port, false) ||
	    !xp_check(g, pkts[0], &pre6[0], &x0)) {
		xpu_strip(pkts + 1, n - 1);
		return 0;
	}
	framed = x0.kind > XP_END_X || x0.srh == NULL || !(x0.flavors & SRV6GW_FL_PSP);
	if (!framed)
		xpu_strip(pkts + 1, n - 1);
	if (!xpu_check(pkts, n, &x0, framed ? RTE_ETHER_HDR_LEN : 0,           /* 1. check */
		       x0.kind == XP_DT6 ? g->tables[x0.arg].v6_key : NULL, &r)) {
		if (framed)
			xpu_strip(pkts + 1, n - 1);
		return -1;
	}
	if (framed) {                                           /* 2. change */
		dp_l2_unstrip(pkts[0]);                /* (as the others) */
		bytes = xpu_change_framed(pkts, n, &x0);
		/* (a decapsulation takes its outer headers off every packet) */
		top = longest - (x0.kind >= XP_DX4 ? x0.inner : 0);
	} else {
		bytes = xpu_change_psp(pkts, n);
		top = longest - RTE_ETHER_HDR_LEN;     /* (stripped, PSP takes more) */
	}
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
		xpu_send(w, pkts, n, x0.arg, false, x0.kind == XP_DX4, framed, false, top);
		return 1;
	}
	if (x0.kind == XP_END && x0.srh == NULL) {      /* 3. look up: a shift, */
		memcpy(r.ip[0], x0.da, 16);             /* one destination for all */
		r.first[0] = 0;
		r.first[1] = (uint8_t)n;
		r.k = 1;
	}                                               /* (else xpu_check()'s runs) */
	if (x0.kind == XP_END && r.k == 1 && memo_next_hit(w, r.ip[0])) {       /* (kept) */
		xpu_send(w, pkts, n, w->memo_next.nh, true, 0, framed, false, top);
		return 1;
	}
	if (x0.kind == XP_END && g->locators != NULL) {
		dp_fib6_bulk(g->locators, r.ip, v, r.k, 0);
		for (i = 0; i < r.k; i++)
			again |= v[i] != 0;
		if (again) {    /* a next SID of ours: the resubmission stage's */
			if (framed)
				xpu_strip(pkts, n);
			for (i = 0; i < n; i++) {
				w->passes = 0;
				dp_resubmit6(w, pkts[i], 0, true);      /* S15 */
			}
			return 1;
		}
	}
	dp_fib6_bulk(g->tables[x0.kind == XP_END ? 0 : x0.arg].v6, r.ip, v, r.k, SRV6GW_NH_NONE);
	if (x0.kind == XP_END && r.k == 1)
		memo_next_keep(w, r.ip[0], (uint32_t)v[0]);
	for (i = 0; i < r.k; i = j) {                   /* 4. transmit, in order, */
		for (j = i + 1; j < r.k && v[j] == v[i]; j++)   /* per run of one next hop */
			;
		xpu_send(w, pkts + r.first[i], r.first[j] - r.first[i], (uint32_t)v[i], true, 0,
			 framed, false, top);
	}
	return 1;
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
