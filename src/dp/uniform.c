/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Uniform chunks of an endpoint's traffic: every frame the first's but for
 * lengths and payload (alike.c dp_chunk_uniform()), the first an End,
 * End.X, uN, End.DX4 or End.DT6 packet. dp_express_uniform() checks the
 * first packet as the lane's pass 1 does (express.h), the others for what
 * differs per packet (the next SID; the decapsulation's outer ECN, SRH
 * Next Header and inner header), finding the runs of destinations to look
 * up on the way; then changes the frames in place, counts once, looks up
 * once per run and sends per run of one next hop (alike.h), without a
 * per-packet answer. What it declines goes on to dp_express(), untouched.
 * The result is the general way's, packet for packet and counter for
 * counter: test_uniform_chunks, test_uniform_next_sids,
 * test_uniform_mtu_edge (test_dp_uniform), test_dt6_next_hops, test_memo
 * (test_dp_lookup) and test_express_run_heads (test_dp_express) compare
 * them.
 *
 * Thread-safety: the worker's own state and the read-only generation.
 */
#include "alike.h"

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
 * (why: not a pass of their own over the packets; docs/performance-rounds.md,
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
 * cost more than the changes themselves; docs/performance-rounds.md, tenth
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
