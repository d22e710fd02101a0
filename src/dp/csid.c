/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Compressed SIDs on the fast path (RFC 9800): matching a destination to a
 * C-SID whatever its argument, the NEXT-C-SID shift (§4.1.1) and the
 * REPLACE-C-SID SRH processing (§4.2.1).
 *
 * Like behaviors.c, every check happens before the packet is changed, so an
 * ICMP error quotes the packet as received.
 */
#include <rte_fib6.h>

#include "dp.h"
#include "end.h"
#include "srv6gw/csid.h"

/*
 * RFC 9800 §4.1 / §6.4: in a C-SID locator a SID with a C-SID flavour is a
 * prefix of LBL + LNFL bits, any argument after it; a SID without one is
 * only ever its exact address (RFC 8986 §3.1).
 */
int
dp_sid_masked(const struct srv6gw_gen *g, uint64_t loc_v, const uint8_t *da,
	      struct srv6gw_sid_hot *hot)
{
	const struct srv6gw_loc_rt *loc = &g->locs[loc_v - 1];
	const struct srv6gw_addr_slot *s;
	struct srv6gw_sid_hot h;
	uint64_t lo, hi;

	if (loc->csid == SRV6GW_CSID_NONE)
		return DP_SID_UNKNOWN;
	memcpy(&lo, da, 8);
	memcpy(&hi, da + 8, 8);
	lo &= loc->sid_mask[0];
	hi &= loc->sid_mask[1];
	s = srv6gw_addr_tab_slot(&g->sids, srv6gw_addr_tab_hash(lo, hi), lo, hi);
	if (s == NULL)
		return DP_SID_UNKNOWN;
	h = srv6gw_sid_hot_unpack(s->aux);
	if (!(h.flavors & SRV6GW_FL_CSID))
		return DP_SID_UNKNOWN;
	if (hot != NULL)
		*hot = h;
	return (int)s->v;
}

/* The local locator @p da is in: index + 1 into g->locs, 0 if none. */
static inline uint64_t
locator_of(const struct srv6gw_gen *g, const uint8_t *da, uint8_t ip[1][RTE_FIB6_IPV6_ADDR_SIZE])
{
	uint64_t v = 0;

	if (g->locators == NULL)
		return 0;
	memcpy(ip[0], da, 16);
	rte_fib6_lookup_bulk(g->locators, ip, &v, 1);
	return v;
}

int
dp_sid_in_locator(const struct srv6gw_gen *g, const uint8_t *da)
{
	uint8_t ip[1][RTE_FIB6_IPV6_ADDR_SIZE];
	uint64_t v = locator_of(g, da, ip);

	return v == 0 ? DP_SID_NOT_OURS : dp_sid_masked(g, v, ip[0], NULL);
}

/*
 * Every SID lies in a local locator (the loader checks it), so a destination
 * outside them costs one trie lookup and no hash miss: the common case after
 * a shift or an SRH update, whose next SID is usually another node's.
 */
int
dp_sid_match(const struct srv6gw_gen *g, const uint8_t *da)
{
	uint8_t ip[1][RTE_FIB6_IPV6_ADDR_SIZE];
	uint64_t v = locator_of(g, da, ip);

	return v == 0 ? DP_SID_NOT_OURS : dp_sid_match_in(g, v, ip[0]);
}

int
dp_sid_match_in(const struct srv6gw_gen *g, uint64_t loc_v, const uint8_t *da)
{
	int64_t i = srv6gw_addr_tab_get(&g->sids, da);

	return i >= 0 ? (int)i : dp_sid_masked(g, loc_v, da, NULL);
}

int
dp_next_csid(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s)
{
	struct rte_ipv6_hdr *ip = dp_ip6(m);
	const struct srv6gw_csid_rt *c = &w->g->sid_csid[s - w->g->sid];
	uint8_t da[16];

	/* S01-S07 when each check passes (end.h), else which one failed */
	if (unlikely(!csid_shift_plain(c, s->lnfl, ip, da))) {
		if ((srv6gw_u128_load(ip->dst_addr) & c->arg) == 0)    /* S01 */
			return 0;
		if (ip->hop_limits <= 1)                                /* S02-S04 */
			dp_icmp6_error(w, m, SRV6GW_ICMP6_TIME_EXCEEDED, 0, 0,
				       SRV6GW_C_ttl_exceeded);
		else    /* §4.1: C-SID 0 is reserved; with C-SIDs left, malformed (P54) */
			dp_icmp6_error(w, m, SRV6GW_ICMP6_DST_UNREACH, 0, 0,
				       SRV6GW_C_csid_zero);
		return -1;
	}
	memcpy(ip->dst_addr, da, 16);
	ip->hop_limits--;                               /* S07 */
	DP_EV(w, csid_shifts);
	return 1;                                       /* S08: caller forwards */
}

/* C-SID at index @p idx of a REPLACE-C-SID entry: bits [idx*L..(idx+1)*L-1]. */
static inline unsigned __int128
entry_csid(const uint8_t *entry, unsigned int idx, unsigned int lnfl)
{
	return (srv6gw_u128_load(entry) >> (128 - (idx + 1) * lnfl)) &
	       srv6gw_u128_bits(128 - lnfl, lnfl);
}

/* RFC 9800 §4.2.1 S02: nothing left to do in the SRH. */
static inline bool
replace_done(const struct srv6gw_srh *srh, unsigned int idx, unsigned int lnfl)
{
	return srh->segments_left == 0 &&
	       (idx == 0 || srh->hdr_len < 2 || entry_csid(srh->segments[0], idx - 1, lnfl) == 0);
}

int
dp_replace_csid(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s,
		const struct dp_ext *x, struct srv6gw_srh *srh, bool *last)
{
	struct rte_ipv6_hdr *ip = dp_ip6(m);
	unsigned int ib = srv6gw_csid_index_bits(s->lnfl), per = 128 / s->lnfl;
	unsigned int csid_end = s->lbl + s->lnfl, idx;
	unsigned __int128 da = srv6gw_u128_load(ip->dst_addr);
	unsigned __int128 argm = srv6gw_u128_bits(csid_end, 128 - csid_end);
	unsigned __int128 imask = ((unsigned __int128)1 << ib) - 1, c;
	int max_le;
	uint8_t sl;

	idx = (unsigned int)(da & imask);
	/*
	 * The argument of an End-type REPLACE-C-SID SID is the index alone; a
	 * value elsewhere in it, or an index no container has, is not ours to
	 * guess at (srv6-rules P56).
	 */
	if ((da & argm & ~imask) != 0 || idx >= per)
		return (dp_drop(w, m, SRV6GW_C_csid_bad_arg), -1);
	if (replace_done(srh, idx, s->lnfl))            /* S02-S04 */
		return 0;
	if (ip->hop_limits <= 1) {                      /* S05-S07 */
		dp_icmp6_error(w, m, SRV6GW_ICMP6_TIME_EXCEEDED, 0, 0, SRV6GW_C_ttl_exceeded);
		return -1;
	}
	max_le = srh->hdr_len / 2 - 1;                  /* S08 */
	/* S10 / S21: with an index, Segment List[SL] itself is read: SL <= LE */
	if ((int)srh->last_entry > max_le ||
	    srh->segments_left > srh->last_entry + (idx != 0 ? 0 : 1)) {
		dp_icmp6_error(w, m, SRV6GW_ICMP6_PARAM_PROB, SRV6GW_PP_ERR_FIELD,
			       x->rh_off + SRV6GW_SRH_OFF_SL, SRV6GW_C_srh_malformed);
		return -1;
	}
	sl = srh->segments_left;
	if (idx != 0 && entry_csid(srh->segments[sl], idx - 1, s->lnfl) == 0) {
		/*
		 * S13-S18: the container ended (a zero slot); the next entry is a
		 * full SID. SL > 0 here: with SL = 0, S02 would have stopped.
		 */
		if (!dp_sid_valid_next(srh->segments[sl - 1]))
			return (dp_drop(w, m, SRV6GW_C_next_sid_invalid), -1);
		srh->segments_left = --sl;
		ip->hop_limits--;
		memcpy(ip->dst_addr, srh->segments[sl], 16);
		*last = sl == 0;        /* PSP after S17: RFC 8986 §4.16.1 */
		return 1;
	}
	if (idx != 0) {
		idx--;                                          /* S13 */
	} else {
		sl--;                                           /* S24 */
		idx = per - 1;                                  /* S25 */
	}
	c = entry_csid(srh->segments[sl], idx, s->lnfl);
	if (c == 0) {   /* an empty container: C-SID 0 is reserved (§4.1) */
		dp_icmp6_error(w, m, SRV6GW_ICMP6_DST_UNREACH, 0, 0, SRV6GW_C_csid_zero);
		return -1;
	}
	srh->segments_left = sl;
	ip->hop_limits--;                                       /* S27 */
	/* S28: the C-SID into bits [LBL..LBL+LNFL-1], the index into the argument */
	da &= ~(srv6gw_u128_bits(s->lbl, s->lnfl) | argm);
	da |= (c << (128 - csid_end)) | idx;
	srv6gw_u128_store(ip->dst_addr, da);
	DP_EV(w, csid_replaced);
	*last = replace_done(srh, idx, s->lnfl);        /* PSP after S28 (S28.1) */
	return 1;
}
