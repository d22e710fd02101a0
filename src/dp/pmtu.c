/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * ICMPv6 errors about packets we encapsulated (RFC 8754 §5.4): a Packet Too
 * Big sent by a router of the SR domain toward our policy source quotes the
 * outer packet: its source is the policy's, its SRH carries the segment list
 * (DA and Segments Left have changed on the way, the list has not). The
 * list is looked up among the templates of the generation and its path MTU
 * lowered for srv6.pmtu_timeout seconds (RFC 8201 §4: never below 1280);
 * dp_encap() then answers oversize inner packets with PTB / fragmentation
 * needed carrying MTU - overhead, so the original sender learns the size.
 *
 * The search is linear in the segment lists, so it is rate limited (per
 * worker, 100 searches/s): a PTB flood costs a bounded amount of CPU. A PTB
 * can only lower an estimate, to no less than 1280, for the list it names
 * exactly (source and every segment): the RFC 8201 §5.1 and RFC 8754 §7
 * attack surface.
 */
#include "dp.h"

#define PTB_SEARCH_RATE 100
#define IPV6_MIN_MTU 1280

static bool
ptb_token(struct srv6gw_worker *w)
{
	return dp_bucket_take(&w->guard.ptb, w->now, w->tsc_hz, PTB_SEARCH_RATE,
			      PTB_SEARCH_RATE);
}

/** Does template @p sl describe the quoted outer header @p q (+ SRH @p srh)? */
static bool
same_list(const struct srv6gw_seglist_rt *sl, const struct rte_ipv6_hdr *q,
	  const struct srv6gw_srh *srh, uint32_t srh_bytes)
{
	const struct rte_ipv6_hdr *t = (const struct rte_ipv6_hdr *)sl->hdr;
	const struct srv6gw_srh *ts = (const struct srv6gw_srh *)(t + 1);

	if (sl->hdr_len == 0 || memcmp(t->src_addr, q->src_addr, 16) != 0)
		return false;
	if (srh == NULL)        /* no SRH: a one-entry list, the DA is its SID */
		return sl->hdr_len == sizeof(*t) && memcmp(sl->first_sid, q->dst_addr, 16) == 0;
	if (sl->hdr_len == sizeof(*t) || ts->last_entry != srh->last_entry)
		return false;
	return 16u * (srh->last_entry + 1u) <= srh_bytes - 8u &&
	       memcmp(ts->segments, srh->segments, 16u * (srh->last_entry + 1u)) == 0;
}

static void
lower(struct srv6gw_worker *w, struct srv6gw_pmtu *e, uint32_t mtu)
{
	uint64_t exp = __atomic_load_n(&e->expires, __ATOMIC_ACQUIRE);

	/* an estimate only goes down while it is valid (RFC 8201 §4) */
	if (exp != 0 && exp >= w->now && __atomic_load_n(&e->mtu, __ATOMIC_RELAXED) <= mtu)
		return;
	exp = w->now + w->g->guard->pmtu_timeout_tsc;
	__atomic_store_n(&e->mtu, mtu, __ATOMIC_RELAXED);
	__atomic_store_n(&e->expires, exp, __ATOMIC_RELEASE);
	srv6gw_pmtu_until_raise(&w->g->guard->pmtu_until, exp);
}

bool
dp_pmtu_feedback(struct srv6gw_worker *w, struct rte_mbuf *m, const struct dp_ext *x)
{
	const struct srv6gw_gen *g = w->g;
	struct {
		struct srv6gw_icmp_hdr ic;
		struct rte_ipv6_hdr ip;
		uint8_t srh[8 + 16 * SRV6GW_MAX_SEGS];
	} __rte_packed buf;
	const struct srv6gw_srh *srh = NULL;
	const void *q;
	uint32_t have, mtu, i, j, a, srh_bytes = 0;
	bool found = false;

	if (x->ul_proto != SRV6GW_IPPROTO_ICMPV6 || x->frag_off != 0 || g->guard == NULL ||
	    g->guard->pmtu == NULL)
		return false;
	if (m->pkt_len < x->ul_off + sizeof(buf.ic) + sizeof(buf.ip))
		return false;
	have = RTE_MIN(m->pkt_len - x->ul_off, (uint32_t)sizeof(buf));
	q = rte_pktmbuf_read(m, x->ul_off, have, &buf);
	if (q == NULL)
		return false;
	if (q != (const void *)&buf)
		memcpy(&buf, q, have);
	if (buf.ic.type != SRV6GW_ICMP6_PKT_TOO_BIG)
		return false;
	if (!ptb_token(w)) {
		DP_DROP(w, m, ptb_unmatched);
		return true;
	}
	mtu = RTE_MAX(rte_be_to_cpu_32(buf.ic.data), (uint32_t)IPV6_MIN_MTU);
	if (buf.ip.proto == SRV6GW_IPPROTO_ROUTING) {
		srh_bytes = have - sizeof(buf.ic) - sizeof(buf.ip);
		if (srh_bytes < 8)
			goto unmatched;
		srh = (const struct srv6gw_srh *)buf.srh;
	}
	for (i = 0; i < g->n_policies && !found; i++) {
		const struct srv6gw_policy_rt *p = &g->policies[i];

		for (a = 0; a < 2 && !found; a++) {
			for (j = 0; j < p->n_lists; j++) {
				const struct srv6gw_seglist_rt *sl = a ? &p->alt[j] : &p->lists[j];

				if (!same_list(sl, &buf.ip, srh, srh_bytes))
					continue;
				if (mtu < g->nexthops[sl->nh].mtu)
					lower(w, &g->guard->pmtu[(i * 2 + a) * SRV6GW_MAX_POLICY_LISTS + j],
					      mtu);
				found = true;
				break;
			}
		}
	}
	if (!found)
		goto unmatched;
	DP_EV(w, pmtu_lowered);
	rte_pktmbuf_free(m);
	return true;
unmatched:
	DP_DROP(w, m, ptb_unmatched);
	return true;
}
