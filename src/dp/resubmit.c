/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * The resubmission stage: IPv6 packets that local processing sends on with
 * a new destination (End and End.T after S14, NEXT-C-SID shifts, End.DT6
 * and USD after decapsulation) wait here until the end of the chunk, then
 * are looked up together: the locator trie, the SID table and each routing
 * table once per stage for all of them (rte_fib6_lookup_bulk), instead of
 * two trie walks per packet. They then go on in the order they came in;
 * a packet that is a local SID again re-enters here, so the stage repeats
 * until it is empty (DP_MAX_PASSES bounds any one packet). Order across
 * the chunk is kept too: before any packet is transmitted, dp_tx_l2() runs
 * this stage, so packets that came in earlier leave earlier. Waiting only
 * pays when the batches are large: rx.c turns it on for a chunk whose
 * packets are mostly to local SIDs (w->resub_batch); otherwise each packet
 * is looked up at once, as if this stage were not there.
 * That call may nest once per pass (a packet's own resubmission runs
 * before the next waiting packet is sent), bounded by DP_MAX_PASSES.
 *
 * Thread-safety: w->resub6 is the worker's own; read-only generation data.
 */
#include "dp.h"

/** What one waiting packet's lookups said. */
struct resub_result {
	int sid;          /**< index into g->sid[], or DP_SID_* */
	uint32_t nh;      /**< next hop when sid == DP_SID_NOT_OURS */
};

/** RFC 8986 S15 and §4.3 for one packet whose lookups are done. */
static void
resub_act(struct srv6gw_worker *w, const struct dp_resub6 *e, const struct resub_result *r)
{
	if (r->sid >= 0) {
		w->passes = e->passes + 1u;
		if (w->passes >= DP_MAX_PASSES) {
			DP_DROP(w, e->m, loop_detected);
			return;
		}
		dp_sid_process(w, e->m, (uint32_t)r->sid);
		return;
	}
	if (r->sid == DP_SID_UNKNOWN) {  /* as for a received packet: ours, no SID */
		dp_icmp6_error(w, e->m, SRV6GW_ICMP6_DST_UNREACH, 0, 0, SRV6GW_C_sid_unknown);
		return;
	}
	dp_ipv6_route_nh(w, e->m, r->nh, false);
}

/**
 * Look up in @p fib the destinations @p ip[i] of the packets @p i with
 * @p want[i] (of @p n); @p v[i] receives the result. When all are wanted,
 * as usual, the gathered destinations go to the lookup as they are.
 */
static void
lookup_some(struct rte_fib6 *fib, uint8_t ip[][RTE_FIB6_IPV6_ADDR_SIZE], const bool *want,
	    unsigned int n, uint64_t *v, uint64_t none)
{
	uint8_t sub[DP_BURST][RTE_FIB6_IPV6_ADDR_SIZE];
	uint64_t sv[DP_BURST];
	uint8_t idx[DP_BURST];
	unsigned int i, k = 0;

	for (i = 0; i < n; i++)
		if (want[i])
			idx[k++] = (uint8_t)i;
	if (k == n) {
		dp_fib6_bulk(fib, ip, v, n, none);
		return;
	}
	for (i = 0; i < k; i++)
		memcpy(sub[i], ip[idx[i]], 16);
	dp_fib6_bulk(fib, sub, sv, k, none);
	for (i = 0; i < k; i++)
		v[idx[i]] = sv[i];
}

/** The SID stage: the locator trie for every packet that asks for it. */
static void
resub_sids(const struct srv6gw_gen *g, const struct dp_resub6 *e, unsigned int n,
	   uint8_t ip[][RTE_FIB6_IPV6_ADDR_SIZE], struct resub_result *r)
{
	uint64_t v[DP_BURST];
	bool want[DP_BURST];
	unsigned int i;

	for (i = 0; i < n; i++) {
		r[i].sid = DP_SID_NOT_OURS;
		want[i] = e[i].sid_check;
	}
	if (g->locators == NULL)
		return;
	lookup_some(g->locators, ip, want, n, v, 0);
	/* every SID lies in a local locator (the loader checks it): outside
	 * them, no SID table probe at all */
	for (i = 0; i < n; i++)
		if (want[i] && v[i] != 0)
			r[i].sid = dp_sid_match_in(g, v[i], ip[i]);
}

/** The route stage: one bulk lookup per routing table the packets use. */
static void
resub_routes(const struct srv6gw_gen *g, const struct dp_resub6 *e, unsigned int n,
	     uint8_t ip[][RTE_FIB6_IPV6_ADDR_SIZE], struct resub_result *r)
{
	uint64_t v[DP_BURST];
	bool done[DP_BURST], want[DP_BURST];
	unsigned int i, j;

	for (i = 0; i < n; i++)
		done[i] = r[i].sid != DP_SID_NOT_OURS;
	for (i = 0; i < n; i++) {
		uint16_t t = e[i].table;

		if (done[i])
			continue;
		for (j = 0; j < n; j++) {
			want[j] = !done[j] && e[j].table == t;
			done[j] |= want[j];
		}
		lookup_some(g->tables[t].v6, ip, want, n, v, SRV6GW_NH_NONE);
		for (j = 0; j < n; j++)
			if (want[j])
				r[j].nh = (uint32_t)v[j];
	}
}

/** One packet on its own: the same lookups, without the batch's gathering. */
static void
resub_one(struct srv6gw_worker *w, const struct dp_resub6 *e)
{
	const uint8_t *da = dp_ip6(e->m)->dst_addr;
	struct resub_result r = { .sid = DP_SID_NOT_OURS };

	if (e->sid_check)
		r.sid = dp_sid_match(w->g, da);
	if (r.sid == DP_SID_NOT_OURS)
		r.nh = dp_lookup6(w->g, e->table, da);
	resub_act(w, e, &r);
}

void
dp_resubmit6_now(struct srv6gw_worker *w, struct rte_mbuf *m, unsigned int table, bool sid_check)
{
	struct dp_resub6 e = {
		.m = m, .table = (uint16_t)table, .passes = (uint8_t)w->passes,
		.sid_check = sid_check,
	};

	resub_one(w, &e);
}

void
dp_resubmit_run(struct srv6gw_worker *w)
{
	struct dp_resub6 e[DP_BURST];
	struct resub_result r[DP_BURST];
	uint8_t ip[DP_BURST][RTE_FIB6_IPV6_ADDR_SIZE];
	unsigned int i, n;

	while ((n = w->n_resub6) != 0) {
		memcpy(e, w->resub6, n * sizeof(e[0]));
		w->n_resub6 = 0;
		for (i = 0; i < n; i++)
			memcpy(ip[i], dp_ip6(e[i].m)->dst_addr, 16);
		resub_sids(w->g, e, n, ip, r);
		resub_routes(w->g, e, n, ip, r);
		for (i = 0; i < n; i++)
			resub_act(w, &e[i], &r[i]);
	}
}
