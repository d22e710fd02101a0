/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* IPv6 input, classification, local delivery and routing. */
#include <rte_fib6.h>

#include "dp.h"
#include "tx.h"

bool
dp_ipv6_check(struct rte_mbuf *m)
{
	const struct rte_ipv6_hdr *ip;
	uint32_t len;

	if (m->data_len < sizeof(*ip))
		return false;
	ip = dp_ip6(m);
	if ((rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6)
		return false;
	len = sizeof(*ip) + rte_be_to_cpu_16(ip->payload_len);
	if (len > m->pkt_len)
		return false;
	/* RFC 2675 jumbograms (payload length 0 + Hop-by-Hop) are not supported */
	if (ip->payload_len == 0 && ip->proto == SRV6GW_IPPROTO_HOPOPTS)
		return false;
	if (len < m->pkt_len)
		rte_pktmbuf_trim(m, m->pkt_len - len);   /* Ethernet padding */
	return true;
}

/**
 * Destination Options processing (RFC 8200 §4.2): Pad1/PadN are skipped, an
 * option we do not know is handled by its two high-order type bits.
 */
static int
dstopts_check(const struct rte_mbuf *m, uint32_t off, uint32_t len, struct dp_ext *x)
{
	uint32_t p = off + 2, end = off + len;
	uint8_t b[2];
	const uint8_t *o;

	while (p < end) {
		o = rte_pktmbuf_read(m, p, p + 1 < end ? 2 : 1, b);
		if (o == NULL)
			return -SRV6GW_C_ipv6_malformed;
		if (o[0] == 0) {                /* Pad1 */
			p++;
			continue;
		}
		if (p + 2 > end || p + 2u + o[1] > end)
			return -SRV6GW_C_ipv6_malformed;
		if (o[0] != 1) {                /* not PadN: we know no other option */
			switch (o[0] >> 6) {
			case 0:                 /* skip */
				break;
			case 1:                 /* discard silently */
				x->opt_off = p;
				return -SRV6GW_C_ext_bad_option;
			default:                /* discard, Parameter Problem code 2 */
				x->opt_icmp = 1;
				x->opt_off = p;
				return -SRV6GW_C_ext_bad_option;
			}
		}
		p += 2u + o[1];
	}
	return 0;
}

void
dp_ext_error(struct srv6gw_worker *w, struct rte_mbuf *m, const struct dp_ext *x, int rc)
{
	if (rc == -SRV6GW_C_ext_bad_option && x->opt_icmp)
		dp_icmp6_error(w, m, SRV6GW_ICMP6_PARAM_PROB, SRV6GW_PP_UNREC_OPT, x->opt_off,
			       SRV6GW_C_ext_bad_option);
	else
		dp_drop(w, m, (enum srv6gw_drop)-rc);
}

int
dp_ext_walk(const struct rte_mbuf *m, struct dp_ext *x, bool stop_at_rh)
{
	const struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod(m, const struct rte_ipv6_hdr *);
	uint32_t off = sizeof(*ip);
	uint8_t nh = ip->proto;
	uint16_t nh_field = 6;  /* offset of ip->proto */
	uint8_t b[4];
	const uint8_t *p;
	unsigned int i;

	memset(x, 0, sizeof(*x));
	for (i = 0; i <= DP_MAX_EXT_HDRS; i++) {
		switch (nh) {
		case SRV6GW_IPPROTO_HOPOPTS:
		case SRV6GW_IPPROTO_DSTOPTS:
		case SRV6GW_IPPROTO_ROUTING:
			if (nh == SRV6GW_IPPROTO_ROUTING) {
				if (x->rh_off != 0)
					goto upper;        /* a second RH: see docs/dataplane.md */
				x->rh_off = off;
			}
			p = rte_pktmbuf_read(m, off, 2, b);
			if (p == NULL)
				return -SRV6GW_C_ipv6_malformed;
			if (nh == SRV6GW_IPPROTO_ROUTING && stop_at_rh) {
				x->nh_field = nh_field;
				x->ul_proto = nh;
				x->ul_off = off;
				return 0;
			}
			if (nh == SRV6GW_IPPROTO_DSTOPTS) {
				int rc = dstopts_check(m, off, (p[1] + 1u) * 8, x);

				if (rc < 0)
					return rc;
			}
			nh_field = off;
			nh = p[0];
			off += (p[1] + 1u) * 8;
			break;
		case SRV6GW_IPPROTO_FRAGMENT:
			p = rte_pktmbuf_read(m, off, 4, b);
			if (p == NULL)
				return -SRV6GW_C_ipv6_malformed;
			if ((((uint16_t)p[2] << 8 | p[3]) & 0xfff9) == 0) {
				/* RFC 6946: an atomic fragment is a whole packet */
				nh_field = off;
				nh = p[0];
				off += 8;
				break;
			}
			/* RFC 8200 §4.5: what follows may not be headers; stop here */
			x->frag_off = off;
			goto upper;
		default:
			goto upper;
		}
		if (off > m->pkt_len)
			return -SRV6GW_C_ipv6_malformed;
	}
	return -SRV6GW_C_ext_chain_too_long;
upper:
	x->nh_field = nh_field;
	x->ul_proto = nh;
	x->ul_off = off;
	return 0;
}

uint32_t
dp_lookup6(const struct srv6gw_gen *g, unsigned int table, const uint8_t *dst)
{
	struct rte_fib6 *fib = g->tables[table].v6;
	uint8_t ip[1][RTE_FIB6_IPV6_ADDR_SIZE];
	uint64_t nh;

	if (fib == NULL)
		return SRV6GW_NH_NONE;
	memcpy(ip[0], dst, 16);
	rte_fib6_lookup_bulk(fib, ip, &nh, 1);
	return (uint32_t)nh;
}

void
dp_ipv6_output(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh)
{
	uint32_t mtu = w->g->nexthops[nh].mtu;

	if (unlikely(m->pkt_len > mtu)) {
		/* RFC 8200 §5: routers never fragment; tell the source */
		dp_icmp6_error(w, m, SRV6GW_ICMP6_PKT_TOO_BIG, 0, mtu, SRV6GW_C_mtu_exceeded);
		return;
	}
	dp_tx_nexthop6(w, m, nh);
}

void
dp_ipv6_route(struct srv6gw_worker *w, struct rte_mbuf *m, unsigned int table, bool decrement)
{
	dp_ipv6_route_nh(w, m, dp_lookup6(w->g, table, dp_ip6(m)->dst_addr), decrement);
}

void
dp_ipv6_route_nh(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh, bool decrement)
{
	struct rte_ipv6_hdr *ip = dp_ip6(m);

	if (unlikely(nh == SRV6GW_NH_NONE)) {
		dp_icmp6_error(w, m, SRV6GW_ICMP6_DST_UNREACH, 0, 0, SRV6GW_C_no_route);
		return;
	}
	if (decrement) {
		if (unlikely(ip->hop_limits <= 1)) {
			dp_icmp6_error(w, m, SRV6GW_ICMP6_TIME_EXCEEDED, 0, 0,
				       SRV6GW_C_ttl_exceeded);
			return;
		}
		/* check the MTU on the packet as received, then change it */
		if (unlikely(m->pkt_len > w->g->nexthops[nh].mtu)) {
			dp_ipv6_output(w, m, nh);
			return;
		}
		ip->hop_limits--;
	}
	DP_EV(w, forwarded_ipv6);
	dp_ipv6_output(w, m, nh);
}

/** Routing header at a local, non-SID address (RFC 8754 §4.3.2, RFC 8200 §4.4). */
static bool
local_rh_check(struct srv6gw_worker *w, struct rte_mbuf *m, const struct dp_ext *x)
{
	uint8_t b[4];
	const uint8_t *rh;

	if (x->rh_off == 0)
		return true;
	rh = rte_pktmbuf_read(m, x->rh_off, 4, b);
	if (rh == NULL || rh[SRV6GW_SRH_OFF_SL] == 0)
		return true;    /* SL = 0: ignore the routing header */
	dp_icmp6_error(w, m, SRV6GW_ICMP6_PARAM_PROB, SRV6GW_PP_ERR_FIELD,
		       x->rh_off + SRV6GW_SRH_OFF_TYPE,
		       rh[SRV6GW_SRH_OFF_TYPE] == SRV6GW_SRCRT_TYPE_4 ?
		       SRV6GW_C_srh_to_local_addr : SRV6GW_C_rh_unknown_type);
	return false;
}

/** True if the upper layer at @p x is an ICMPv6 echo request. */
static bool
is_echo_request(const struct rte_mbuf *m, const struct dp_ext *x)
{
	uint8_t t;

	return x->ul_proto == SRV6GW_IPPROTO_ICMPV6 && x->frag_off == 0 &&
	       dp_read_u8(m, x->ul_off, &t) && t == SRV6GW_ICMP6_ECHO_REQUEST;
}

/** Protocols a host knows even when it has no listener (no PP code 1 for them). */
static bool
ul_known(uint8_t p)
{
	switch (p) {
	case SRV6GW_IPPROTO_TCP:
	case SRV6GW_IPPROTO_UDP:
	case SRV6GW_IPPROTO_ICMPV6:
	case SRV6GW_IPPROTO_NONE:
	case SRV6GW_IPPROTO_IPIP:
	case SRV6GW_IPPROTO_IPV6:
	case SRV6GW_IPPROTO_SCTP:
	case SRV6GW_IPPROTO_ROUTING:
	case 50:        /* ESP */
	case 51:        /* AH */
		return true;
	default:
		return false;
	}
}

void
dp_ipv6_local(struct srv6gw_worker *w, struct rte_mbuf *m, const struct dp_ext *x)
{
	if (is_echo_request(m, x)) {
		dp_icmp6_echo_reply(w, m, x->ul_off);
		return;
	}
	if (dp_nd_input(w, m, x))
		return;
	if (dp_pmtu_feedback(w, m, x))  /* RFC 8754 §5.4: PTB for our tunnels */
		return;
	if (!ul_known(x->ul_proto) && x->frag_off == 0) {
		/* RFC 8200 §4: unrecognised Next Header, pointer to its field */
		dp_icmp6_error(w, m, SRV6GW_ICMP6_PARAM_PROB, SRV6GW_PP_UNREC_NH, x->nh_field,
			       SRV6GW_C_ext_unknown_nh);
		return;
	}
	DP_DROP(w, m, ipv6_local_unhandled);
}

static void
local_input(struct srv6gw_worker *w, struct rte_mbuf *m)
{
	struct dp_ext x;
	int rc = dp_ext_walk(m, &x, false);

	if (rc < 0) {
		dp_ext_error(w, m, &x, rc);
		return;
	}
	if (!local_rh_check(w, m, &x))
		return;
	dp_ipv6_local(w, m, &x);
}

static void
multicast_input(struct srv6gw_worker *w, struct rte_mbuf *m)
{
	struct dp_ext x;

	if (dp_ext_walk(m, &x, false) == 0 && dp_nd_input(w, m, &x))
		return;
	DP_DROP(w, m, ipv6_multicast);
}

void
dp_sid_match_bulk(const struct srv6gw_gen *g, const uint8_t *const *da, unsigned int n,
		int32_t *sid, uint64_t *hot)
{
	srv6gw_addr_tab_get_bulk_aux(&g->sids, da, n, sid, hot);
}

/**
 * Our addresses among @p keys (pos[i]: the port, or -1): with few of them,
 * a packet whose destination's first half matches none is not for us, and
 * only the others are looked up (struct srv6gw_local_few).
 */
static inline void
local6_bulk(const struct srv6gw_gen *g, const uint8_t *const *keys, unsigned int k,
	    int32_t *pos)
{
	unsigned int i, j;
	uint64_t lo;

	if (g->few.n6 == 0xff) {
		srv6gw_addr_tab_get_bulk(&g->local6, keys, k, pos);
		return;
	}
	for (i = 0; i < k; i++) {
		memcpy(&lo, keys[i], 8);
		pos[i] = -1;
		for (j = 0; j < g->few.n6; j++)
			if (g->few.p6[j] == lo) {
				pos[i] = (int32_t)srv6gw_addr_tab_get(&g->local6, keys[i]);
				break;
			}
	}
}

/** A class6 value (in v[]) for a destination the exact tables answered: SID or local. */
#define CLASS6_DONE UINT64_MAX

/**
 * The main table's answers, in class6 values, for the destinations @p ip
 * that a classification table without routes answered "no locator, no
 * rule" (a large main table is not copied into it: src/cp/classify.c).
 */
static void
main_routes(const struct srv6gw_gen *g, const uint8_t *const *da, uint64_t *v, unsigned int n)
{
	uint8_t rip[DP_BURST][RTE_FIB6_IPV6_ADDR_SIZE];
	uint64_t nh[DP_BURST];
	uint8_t idx[DP_BURST];
	unsigned int i, k = 0;

	for (i = 0; i < n; i++) {
		if ((v[i] & ~(uint64_t)SRV6GW_CLASS6_OURS) != SRV6GW_CLASS6_ROUTE)
			continue;
		memcpy(rip[k], da[i], 16);
		idx[k++] = (uint8_t)i;
	}
	dp_fib6_bulk(g->tables[0].v6, rip, nh, k, SRV6GW_NH_NONE);
	for (i = 0; i < k; i++)
		v[idx[i]] = nh[i] << SRV6GW_CLASS6_SHIFT | SRV6GW_CLASS6_ROUTE;
}

/**
 * The exact stages for the destinations whose class6 answer may be ours
 * (SRV6GW_CLASS6_OURS): SIDs (RFC 8986 §4: a local SID is processed
 * locally), then our addresses. What they answer is marked CLASS6_DONE in
 * @p v; the rest keeps its class6 answer. Returns how many they answered.
 * @p all: every destination, whatever @p v holds (then the others get 0).
 */
static __rte_always_inline unsigned int
ours6(const struct srv6gw_worker *w, const uint8_t *const *da, uint64_t *v, unsigned int n,
      struct dp_pre6 *pre, bool all)
{
	const struct srv6gw_gen *g = w->g;
	const uint8_t *keys[DP_BURST];
	uint8_t idx[DP_BURST];
	int32_t pos[DP_BURST];
	uint64_t hot[DP_BURST];
	unsigned int i, j, k = 0, done;

	if (all) {
		for (i = 0; i < n; i++) {
			keys[i] = da[i];
			idx[i] = (uint8_t)i;
			v[i] = 0;
		}
		k = n;
	} else {
		for (i = 0; i < n; i++) {
			if (!(v[i] & SRV6GW_CLASS6_OURS))
				continue;
			keys[k] = da[i];
			idx[k++] = (uint8_t)i;
		}
	}
	if (k == 0)
		return 0;
	/* DA -> SID, with its hot fields (struct srv6gw_sid_hot) */
	dp_sid_match_bulk(g, keys, k, pos, hot);
	for (i = 0, j = 0; i < k; i++) {
		struct dp_pre6 *p = &pre[idx[i]];

		if (pos[i] < 0) {
			keys[j] = keys[i];
			idx[j++] = idx[i];
			continue;
		}
		p->sid = pos[i];
		p->hot = srv6gw_sid_hot_unpack(hot[i]);
		dp_sid_prefetch(g, w->idx, (uint32_t)pos[i], p->hot);
		v[idx[i]] = CLASS6_DONE;
	}
	done = k - j;
	if (j == 0)
		return done;
	local6_bulk(g, keys, j, pos);
	for (i = 0; i < j; i++) {
		if (pos[i] < 0)
			continue;
		pre[idx[i]].local = true;
		v[idx[i]] = CLASS6_DONE;
		done++;
	}
	return done;
}

/**
 * The classification table's answers for the destinations the exact stages
 * left (not CLASS6_DONE).
 */
static void
class6_rest(const struct srv6gw_port_rt *pr, const uint8_t *const *da, uint64_t *v,
	    unsigned int n)
{
	uint8_t rip[DP_BURST][RTE_FIB6_IPV6_ADDR_SIZE];
	uint64_t cv[DP_BURST];
	uint8_t idx[DP_BURST];
	unsigned int i, k = 0;

	for (i = 0; i < n; i++) {
		if (v[i] == CLASS6_DONE)
			continue;
		memcpy(rip[k], da[i], 16);
		idx[k++] = (uint8_t)i;
	}
	dp_fib6_bulk(pr->class6, rip, cv, k, SRV6GW_CLASS6_ROUTE);
	for (i = 0; i < k; i++)
		v[idx[i]] = cv[i];
}

/** The destination address of @p m, whose IPv6 header is @p l2 bytes into its data. */
static __rte_always_inline const uint8_t *
da_at(const struct rte_mbuf *m, unsigned int l2)
{
	return rte_pktmbuf_mtod_offset(m, const struct rte_ipv6_hdr *, l2)->dst_addr;
}

/**
 * dp_ipv6_classify_bulk() for @p n packets: one lookup of the port's
 * classification table answers locators (C-SIDs), steering and the main
 * table (src/cp/classify.c, which has the order right), and whether the
 * destination may be a SID or an address of ours; only those go through
 * the exact stages, which answer first (ours6()).
 *
 * Or the other way round (@p exact_first): the exact stages for every
 * packet, then the table for what they leave. The answers are the same; the cost is not: a
 * packet of ours pays one lookup instead of two, any other packet two (and
 * the gathering between them) instead of one (docs/performance-rounds.md, "Eighth
 * round", measured both ways); the caller chooses (dp_ipv6_classify_bulk()).
 * Returns how many packets are ours (a SID or an address of ours).
 */
static __rte_noinline unsigned int
classify6(const struct srv6gw_worker *w, uint16_t port, struct rte_mbuf **m,
	  unsigned int n, struct dp_pre6 *pre, bool exact_first, unsigned int l2, bool *byp)
{
	const struct srv6gw_gen *g = w->g;
	const struct srv6gw_port_rt *pr = &g->ports[port];
	const uint8_t *da[DP_BURST];
	uint8_t ip[DP_BURST][RTE_FIB6_IPV6_ADDR_SIZE];
	uint64_t v[DP_BURST];
	unsigned int i, ours;
	uint32_t last = 0;

	for (i = 0; i < n; i++) {
		da[i] = da_at(m[i], l2);
		pre[i].sid = -1;
		pre[i].local = false;
		pre[i].in_locator = false;
		pre[i].steer = 0;
		pre[i].nh = SRV6GW_NH_NONE;
	}
	if (exact_first) {
		ours = ours6(w, da, v, n, pre, true);
		if (ours != n)
			class6_rest(pr, da, v, n);
	} else {
		for (i = 0; i < n; i++)
			memcpy(ip[i], da[i], 16);
		/* no table: everything may be ours, the main table routes the rest */
		dp_fib6_bulk(pr->class6, ip, v, n, SRV6GW_CLASS6_ROUTE | SRV6GW_CLASS6_OURS);
		ours = ours6(w, da, v, n, pre, false);
	}
	for (i = 0; byp != NULL && i < n; i++)  /* (SRV6GW_CLASS6_OURS's guarantee) */
		byp[i] = v[i] != CLASS6_DONE && !(v[i] & SRV6GW_CLASS6_OURS);
	if (ours == n)
		return ours;
	if (!pr->class6_routes)
		main_routes(g, da, v, n);
	for (i = 0; i < n; i++) {
		struct dp_pre6 *p = &pre[i];
		uint32_t x = (uint32_t)(v[i] >> SRV6GW_CLASS6_SHIFT);
		int sid;

		if (v[i] == CLASS6_DONE)
			continue;
		switch (v[i] & SRV6GW_CLASS6_MASK) {
		case SRV6GW_CLASS6_LOCATOR:
			/* a C-SID with an argument (RFC 9800), or unknown */
			sid = dp_sid_masked(g, x, da[i], &p->hot);
			p->sid = sid >= 0 ? sid : -1;
			p->in_locator = sid < 0;
			if (sid >= 0)
				dp_sid_prefetch(g, w->idx, (uint32_t)sid, p->hot);
			break;
		case SRV6GW_CLASS6_STEER:
			/* once per run of one policy (the lines stay prefetched) */
			if (x != last)
				dp_policy_prefetch(g, w->idx, x - 1);
			p->steer = last = x;
			break;
		default:
			p->nh = x;
		}
	}
	return ours;
}

/**
 * The runs of @p n packets' destinations: equal ones (@p key NULL) or
 * ones equal under @p key (a port's deciding bits). Each run's first
 * packet into @p head, packet i's run into @p run[i]. @return the runs.
 */
static __rte_always_inline unsigned int
dest_runs(struct rte_mbuf **m, unsigned int n, unsigned int l2, const uint8_t *key,
	  struct rte_mbuf **head, uint8_t *run)
{
	const uint8_t *prev = da_at(m[0], l2);
	unsigned int i, k = 1;

	head[0] = m[0];
	run[0] = 0;
	for (i = 1; i < n; i++) {
		const uint8_t *da = da_at(m[i], l2);

		if (!(key == NULL ? dp_addr_eq(da, prev) : dp_addr_eq_key(da, prev, key))) {
			head[k++] = m[i];
			prev = da;
		}
		run[i] = (uint8_t)(k - 1);
	}
	return k;
}

/**
 * classify6() per run of destinations equal in the port's deciding bits
 * (struct srv6gw_port_rt.class6_key: with no prefix longer than /64 in
 * its tables, the first 64 bits or fewer), for @p n packets in @p k runs,
 * whose heads are @p head and packet i's run @p run[i] (NULL: every
 * packet in the one run). A run's head is classified and its members take
 * its answer when that answer follows from those bits alone: a route or
 * steering rule without SRV6GW_CLASS6_OURS; a member of another run (a
 * prefix of ours) is classified for itself. One run whose answer all
 * take, with @p same: as dp_ipv6_classify_bulk()'s. @return how many
 * packets are ours.
 */
static unsigned int
classify6_runs(struct srv6gw_worker *w, uint16_t port, struct rte_mbuf **m, unsigned int n,
	       struct dp_pre6 *pre, unsigned int l2, bool *same, struct rte_mbuf **head,
	       unsigned int k, const uint8_t *run)
{
	struct rte_mbuf *rest[DP_BURST];
	struct dp_pre6 hp[DP_BURST], rp[DP_BURST];
	uint8_t idx[DP_BURST];
	bool byp[DP_BURST];
	unsigned int i, j = 0, ours;

	ours = classify6(w, port, head, k, hp, w->ours_first[port], l2, byp);
	if (k == 1 && byp[0] && same != NULL) {        /* (one answer for all) */
		pre[0] = hp[0];
		*same = true;
		return ours;
	}
	for (i = 0; i < n; i++) {
		const unsigned int r = run == NULL ? 0 : run[i];

		if (byp[r] || head[r] == m[i]) {
			pre[i] = hp[r];
			continue;
		}
		rest[j] = m[i];
		idx[j++] = (uint8_t)i;
	}
	if (j != 0) {
		ours += classify6(w, port, rest, j, rp, w->ours_first[port], l2, NULL);
		for (i = 0; i < j; i++)
			pre[idx[i]] = rp[i];
	}
	return ours;
}

/**
 * Whether the worker's memo answers destination @p da from @p port
 * (struct dp_memo6): an answer kept for the deciding bits, or with
 * @p exact_ok one kept for its one destination.
 */
static __rte_always_inline bool
memo6_hit(const struct srv6gw_worker *w, uint16_t port, const uint8_t *da, bool exact_ok)
{
	const struct dp_memo6 *mo = &w->memo6;

	if (mo->gen != w->g->id || mo->port != port)
		return false;
	if (mo->exact)
		return exact_ok && dp_addr_eq(mo->da, da);
	return dp_addr_eq_key(mo->da, da, w->g->ports[port].class6_key);
}

/** The memo's answer, as classify6() would give it (its SID's or policy's lines prefetched). */
static __rte_always_inline void
memo6_take(const struct srv6gw_worker *w, struct dp_pre6 *pre)
{
	*pre = w->memo6.pre;
	if (pre->sid >= 0)
		dp_sid_prefetch(w->g, w->idx, (uint32_t)pre->sid, pre->hot);
	else if (pre->steer != 0)
		dp_policy_prefetch(w->g, w->idx, pre->steer - 1);
}

/**
 * Keep @p pre, the answer of @p da (@p exact), or of every destination
 * sharing its deciding bits.
 */
static __rte_always_inline void
memo6_keep(struct srv6gw_worker *w, uint16_t port, const uint8_t *da, const struct dp_pre6 *pre,
	   bool exact)
{
	struct dp_memo6 *mo = &w->memo6;

	mo->gen = w->g->id;
	mo->port = port;
	mo->exact = exact;
	memcpy(mo->da, da, 16);
	mo->pre = *pre;
}

/**
 * classify6_runs() of a chunk whose destinations are one run (@p keyed
 * of dp_ipv6_classify_bulk(), with its @p same; the kept answer was not
 * the run's), its one answer kept (struct dp_memo6).
 */
static unsigned int
classify6_keyed(struct srv6gw_worker *w, uint16_t port, struct rte_mbuf **m, unsigned int n,
		struct dp_pre6 *pre, unsigned int l2, bool *same)
{
	const uint8_t *da = da_at(m[0], l2);
	unsigned int ours;

	ours = classify6_runs(w, port, m, n, pre, l2, same, m, 1, NULL);
	if (same != NULL && *same)
		memo6_keep(w, port, da, &pre[0], false);
	return ours;
}

/**
 * classify6_runs() for @p n >= 2 packets whose first two destinations are
 * equal in the port's deciding bits (why: transit traffic to the hosts of
 * one prefix, as the benchmark's, differs only in bits no lookup reads),
 * in the runs dest_runs() finds. Runs of fewer than two packets on
 * average are not worth it: then every packet is classified.
 */
static unsigned int
classify6_key_runs(struct srv6gw_worker *w, uint16_t port, struct rte_mbuf **m,
		   unsigned int n, struct dp_pre6 *pre, unsigned int l2, bool *same)
{
	struct rte_mbuf *head[DP_BURST];
	uint8_t run[DP_BURST];
	unsigned int k;

	k = dest_runs(m, n, l2, w->g->ports[port].class6_key, head, run);
	if (k * 2 > n)          /* (runs too short to pay for themselves) */
		return classify6(w, port, m, n, pre, w->ours_first[port], l2, NULL);
	return classify6_runs(w, port, m, n, pre, l2, same, head, k, run);
}

/**
 * Classify the chunk's packets once per run of equal destinations (why:
 * an endpoint's traffic carries one SID, or one uSID container, for many
 * flows; every stage of classify6() depends on the destination alone, so
 * a run's packets share its answer). Taken when the first two destinations
 * are equal; any other chunk pays that one compare and is classified as
 * one run of the deciding bits (@p keyed: classify6_keyed()), in runs of
 * them (classify6_key_runs()), or packet by packet. A keyed chunk takes
 * the kept answer whatever its first two destinations, and one whose
 * first run's answer all take (not ours) is one answer for all.
 *
 * The order of classify6()'s lookups: the exact ones first for the heads
 * of runs (most likely an endpoint's SIDs, and few), and for a chunk when
 * most of the port's last chunk classified packet by packet was ours
 * (w->ours_first; an endpoint's traffic to many SIDs); the classification
 * table first for the rest (transit and headend traffic).
 */
bool
dp_ipv6_classify_bulk(struct srv6gw_worker *w, uint16_t port, struct rte_mbuf **m,
		unsigned int n, struct dp_pre6 *pre, unsigned int l2, bool *same, bool keyed)
{
	const uint8_t *first = da_at(m[0], l2);
	struct rte_mbuf *head[DP_BURST];
	struct dp_pre6 hp[DP_BURST];
	uint8_t run[DP_BURST];
	bool byp[DP_BURST];
	unsigned int i, k;

	if (same != NULL)
		*same = false;
	if (keyed && same != NULL && memo6_hit(w, port, first, false)) {
		memo6_take(w, &pre[0]);         /* (struct dp_memo6) */
		*same = true;
		return false;
	}
	if (n < 2 || !dp_addr_eq(da_at(m[1], l2), first)) {
		if (keyed)      /* (dp_chunk_uniform() compared the bits: one run) */
			k = classify6_keyed(w, port, m, n, pre, l2, same);
		else if (n >= 2 &&
			 dp_addr_eq_key(da_at(m[1], l2), first, w->g->ports[port].class6_key))
			k = classify6_key_runs(w, port, m, n, pre, l2, same);
		else
			k = classify6(w, port, m, n, pre, w->ours_first[port], l2, NULL);
		w->ours_first[port] = k * 2 > n;
		return false;
	}
	k = dest_runs(m, n, l2, NULL, head, run);
	classify6(w, port, head, k, hp, true, l2, byp);
	if (keyed && same != NULL && byp[0]) {  /* (keyed: all take the first's) */
		pre[0] = hp[0];
		*same = true;
		memo6_keep(w, port, first, &pre[0], false);
		return false;
	}
	for (i = 0; i < n; i++)
		pre[i] = hp[run[i]];
	return true;
}

/* (dp.h; in a uniform chunk every destination is the first's) */
void
dp_ipv6_classify_uniform(struct srv6gw_worker *w, uint16_t port, struct rte_mbuf *m,
		struct dp_pre6 *pre)
{
	const uint8_t *da = da_at(m, 0);
	bool byp;

	if (memo6_hit(w, port, da, true)) {
		memo6_take(w, pre);
		return;
	}
	classify6(w, port, &m, 1, pre, true, 0, &byp);
	memo6_keep(w, port, da, pre, !byp);
}

/** The exact checks of a packet that may be martian or multicast; true = consumed. */
static bool
special_input(struct srv6gw_worker *w, struct rte_mbuf *m, const struct rte_ipv6_hdr *ip)
{
	/* srv6-rules P5 (RFC 4291 §2.5.2/2.5.3, §2.7): martians, never an ICMP */
	if (srv6gw_ip6_is_multicast(ip->src_addr) || srv6gw_ip6_is_loopback(ip->src_addr) ||
	    srv6gw_ip6_is_loopback(ip->dst_addr) || srv6gw_ip6_is_unspecified(ip->dst_addr)) {
		DP_DROP(w, m, ipv6_martian);
		return true;
	}
	if (srv6gw_ip6_is_multicast(ip->dst_addr)) {
		multicast_input(w, m);
		return true;
	}
	if (srv6gw_ip6_is_unspecified(ip->src_addr)) {  /* only for DAD (multicast) */
		DP_DROP(w, m, ipv6_martian);
		return true;
	}
	return false;
}

void
dp_ipv6_input_pre(struct srv6gw_worker *w, struct rte_mbuf *m, const struct dp_pre6 *pre)
{
	struct rte_ipv6_hdr *ip = dp_ip6(m);

	if (unlikely(!dp_ipv6_check_plain(m)) && !dp_ipv6_check(m)) {
		DP_DROP(w, m, ipv6_malformed);
		return;
	}
	if (unlikely(!dp_addr_plain(ip->src_addr[0]) || !dp_addr_plain(ip->dst_addr[0])) &&
	    special_input(w, m, ip))
		return;
	/* RFC 8754 §5.1 domain boundary, uRPF (guard.c) */
	if (unlikely(w->g->ports[m->port].guard6) && !dp_guard_in6(w, m))
		return;
	if (pre->sid >= 0) {
		w->passes = 0;
		dp_sid_process(w, m, (uint32_t)pre->sid);
		return;
	}
	if (pre->local) {
		local_input(w, m);
		return;
	}
	if (unlikely(pre->in_locator)) {
		dp_icmp6_error(w, m, SRV6GW_ICMP6_DST_UNREACH, 0, 0, SRV6GW_C_sid_unknown);
		return;
	}
	if (pre->steer != 0) {
		dp_encap(w, m, pre->steer - 1, true, -1);
		return;
	}
	/* transit: RFC 8754 §4.2, the SRH is not inspected */
	dp_ipv6_route_nh(w, m, pre->nh, true);
}

void
dp_ipv6_input(struct srv6gw_worker *w, struct rte_mbuf *m)
{
	struct dp_pre6 pre = { .sid = -1, .nh = SRV6GW_NH_NONE };

	/* one packet of the bulk path, which needs the whole header at hand */
	if (m->data_len < sizeof(struct rte_ipv6_hdr)) {
		DP_DROP(w, m, ipv6_malformed);
		return;
	}
	dp_ipv6_classify_bulk(w, m->port, &m, 1, &pre, 0, NULL, false);
	dp_ipv6_input_pre(w, m, &pre);
}
