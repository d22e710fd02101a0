/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * SRv6 endpoint behaviours (RFC 8986 §4) and flavours (§4.16).
 *
 * Each behaviour is one entry of a table dispatched by index. A behaviour
 * returns 0 when the packet went on (forwarded, decapsulated, answered) and a
 * negative value when it was dropped; the per-SID counters (RFC 8986 §6
 * CNT-1) count the former.
 *
 * Order of checks follows RFC 8986 §4.1 (S02 Segments Left, S05 Hop Limit,
 * S08-S10 Last Entry/Segments Left, then changes), and every check happens
 * before the packet is changed, so an ICMP error quotes it as received.
 */

#include "dp.h"
#include "end.h"

typedef int (*dp_behavior_fn)(struct srv6gw_worker *w, struct rte_mbuf *m,
			      const struct srv6gw_sid_rt *s);

/* ---- helpers ---- */

static inline int
pp(struct srv6gw_worker *w, struct rte_mbuf *m, uint8_t code, uint32_t ptr,
   enum srv6gw_drop reason)
{
	dp_icmp6_error(w, m, SRV6GW_ICMP6_PARAM_PROB, code, ptr, reason);
	return -1;
}

static inline int
drop(struct srv6gw_worker *w, struct rte_mbuf *m, enum srv6gw_drop reason)
{
	dp_drop(w, m, reason);
	return -1;
}

/** The Routing header at x->rh_off, or NULL if it is not contiguous. */
static inline struct srv6gw_srh *
srh_at(struct rte_mbuf *m, const struct dp_ext *x)
{
	if (x->rh_off + 8u > m->data_len)
		return NULL;
	return rte_pktmbuf_mtod_offset(m, struct srv6gw_srh *, x->rh_off);
}

void
dp_srh_remove(struct rte_mbuf *m, const struct dp_ext *x, const struct srv6gw_srh *srh)
{
	uint16_t len = (srh->hdr_len + 1u) * 8u;
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	struct rte_ipv6_hdr *ip;

	p[x->nh_field] = srh->next_hdr;       /* RFC 8986 §4.16.1 S14.2 */
	memmove(p + len, p, x->rh_off);
	rte_pktmbuf_adj(m, len);
	ip = dp_ip6(m);
	ip->payload_len = rte_cpu_to_be_16(rte_be_to_cpu_16(ip->payload_len) - len);
}

/* ---- decapsulation (shared by End.DX*, End.DT*, USD) ---- */

/** RFC 6040 §4.2 egress: combine outer and inner ECN. false = drop. */
static bool
ecn_decap(struct rte_mbuf *m, uint8_t outer_ecn, bool inner_v6)
{
	uint8_t inner;

	if (outer_ecn != 3)
		return true;
	if (inner_v6) {
		struct rte_ipv6_hdr *ip = dp_ip6(m);
		uint32_t v = rte_be_to_cpu_32(ip->vtc_flow);

		inner = (v >> 20) & 3;
		if (inner == 0)
			return false;
		ip->vtc_flow = rte_cpu_to_be_32(v | (3u << 20));
	} else {
		struct rte_ipv4_hdr *ip = dp_ip4(m);

		inner = ip->type_of_service & 3;
		if (inner == 0)
			return false;
		ip->type_of_service |= 3;
		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	}
	return true;
}

/**
 * Remove the outer IPv6 header and all its extension headers; the inner
 * packet at x->ul_off (protocol 4 or 41) is checked like a received one.
 */
static int
decap(struct srv6gw_worker *w, struct rte_mbuf *m, const struct dp_ext *x)
{
	uint8_t ecn = (uint8_t)(rte_be_to_cpu_32(dp_ip6(m)->vtc_flow) >> 20) & 3;
	bool v6 = x->ul_proto == SRV6GW_IPPROTO_IPV6;

	if (x->ul_off > m->data_len)
		return drop(w, m, SRV6GW_C_inner_malformed);
	rte_pktmbuf_adj(m, x->ul_off);
	if (!(v6 ? dp_ipv6_check(m) : dp_ipv4_check(m)))
		return drop(w, m, SRV6GW_C_inner_malformed);
	if (!ecn_decap(m, ecn, v6))
		return drop(w, m, SRV6GW_C_ecn_ce_not_ect);
	DP_EV(w, decapsulated);
	return 0;
}

/* ---- End, End.X, End.T, End.B6.* ---- */

/** What an End-like behaviour does once the SRH has been advanced. */
enum end_next { NEXT_LOOKUP, NEXT_ADJ, NEXT_ENCAP };

/** RFC 8986 §4.1.1 upper-layer processing (and USP §4.16.2, USD §4.16.3). */
static int
end_upper(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s,
	  struct dp_ext *x)
{
	struct srv6gw_srh *srh;
	int rc;

	if ((s->flavors & SRV6GW_FL_USP) && x->rh_off != 0 && (srh = srh_at(m, x)) != NULL &&
	    srh->type == SRV6GW_SRCRT_TYPE_4 &&
	    x->rh_off + (srh->hdr_len + 1u) * 8u <= m->data_len)
		dp_srh_remove(m, x, srh);  /* USP: S03.1-S03.4, then the next header */
	rc = dp_ext_walk(m, x, false);
	if (rc < 0)
		return (dp_ext_error(w, m, x, rc), -1);
	if (x->frag_off != 0)   /* RFC 8200 §4.5: no reassembly here */
		return drop(w, m, SRV6GW_C_frag_unsupported);
	if ((s->flavors & SRV6GW_FL_USD) &&
	    (x->ul_proto == SRV6GW_IPPROTO_IPV6 || x->ul_proto == SRV6GW_IPPROTO_IPIP)) {
		bool v6 = x->ul_proto == SRV6GW_IPPROTO_IPV6;

		if (decap(w, m, x) < 0)
			return -1;
		if (v6)
			dp_resubmit6(w, m, s->table, false);
		else
			dp_ipv4_route(w, m, s->table, false);
		return 0;
	}
	if (x->ul_proto == SRV6GW_IPPROTO_ICMPV6 && x->frag_off == 0) {
		uint8_t t;

		if (dp_read_u8(m, x->ul_off, &t) &&
		    t == SRV6GW_ICMP6_ECHO_REQUEST) {
			dp_icmp6_echo_reply(w, m, x->ul_off);   /* pinging a SID */
			return 0;
		}
	}
	return pp(w, m, SRV6GW_PP_SR_UPPER, x->ul_off, SRV6GW_C_upper_layer_not_allowed);
}

/* RFC 9800 §4.2.1 in place of RFC 8986 S02-S15; PSP per §4.2.7. */
static int
end_srh_replace(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s,
		struct dp_ext *x, struct srv6gw_srh *srh, bool psp)
{
	bool last = false;
	int rc;

	/* the whole SRH is read from here on: it must be there (memory safety) */
	if (x->rh_off + (srh->hdr_len + 1u) * 8u > m->data_len)
		return drop(w, m, SRV6GW_C_srh_truncated);
	rc = dp_replace_csid(w, m, s, x, srh, &last);
	if (rc == 0)
		return end_upper(w, m, s, x) < 0 ? -1 : 0;
	if (rc > 0 && psp && last)
		dp_srh_remove(m, x, srh);
	return rc;
}

/**
 * The SRH part shared by End, End.X, End.T and End.B6.* (RFC 8986 §4.1
 * S01-S15). Returns 1 when the SRH was advanced and the caller forwards,
 * 0 when the packet was consumed here, -1 when it was dropped.
 */
static int
end_srh(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s, bool psp)
{
	struct rte_ipv6_hdr *ip = dp_ip6(m);
	struct srv6gw_srh *srh;
	struct dp_ext x;
	int max_le, rc;

	rc = dp_ext_walk_rh(m, &x);
	if (rc < 0)
		return (dp_ext_error(w, m, &x, rc), -1);
	srh = x.rh_off != 0 ? srh_at(m, &x) : NULL;
	/* RFC 9259 §2.1.1: O-flag processing comes before the SID executes,
	 * so a NEXT-C-SID shift (which leaves the SRH alone) copies it too */
	if (srh != NULL && unlikely(srh->flags & SRV6GW_SRH_FLAG_O) &&
	    srh->type == SRV6GW_SRCRT_TYPE_4)
		dp_oam_flag(w, m);
	/* RFC 9800 §4.1.1: before S02, and before the upper layer */
	if ((s->flavors & SRV6GW_FL_NEXT_CSID) && (rc = dp_next_csid(w, m, s)) != 0)
		return rc;
	if (x.rh_off == 0)
		return end_upper(w, m, s, &x) < 0 ? -1 : 0;
	if (srh == NULL)        /* not even the fixed part: nothing to point at */
		return drop(w, m, SRV6GW_C_srh_truncated);
	if (srh->type != SRV6GW_SRCRT_TYPE_4) {
		/* RFC 8200 §4.4: unknown routing type */
		if (srh->segments_left == 0)
			return end_upper(w, m, s, &x) < 0 ? -1 : 0;
		return pp(w, m, SRV6GW_PP_ERR_FIELD, x.rh_off + SRV6GW_SRH_OFF_TYPE,
			  SRV6GW_C_rh_unknown_type);
	}
	if (s->flavors & SRV6GW_FL_REPLACE_CSID)
		return end_srh_replace(w, m, s, &x, srh, psp);
	if (srh->segments_left == 0)                            /* S02 */
		return end_upper(w, m, s, &x) < 0 ? -1 : 0;
	if (ip->hop_limits <= 1)                                /* S05 */
		return (dp_icmp6_error(w, m, SRV6GW_ICMP6_TIME_EXCEEDED, 0, 0,
				       SRV6GW_C_ttl_exceeded), -1);
	max_le = srh->hdr_len / 2 - 1;                          /* S08: signed */
	if ((int)srh->last_entry > max_le ||
	    srh->segments_left > srh->last_entry + 1)           /* S09-S10 */
		return pp(w, m, SRV6GW_PP_ERR_FIELD, x.rh_off + SRV6GW_SRH_OFF_SL,
			  SRV6GW_C_srh_malformed);
	if (x.rh_off + (srh->hdr_len + 1u) * 8u > m->data_len)
		return pp(w, m, SRV6GW_PP_ERR_FIELD, x.rh_off + SRV6GW_SRH_OFF_SL,
			  SRV6GW_C_srh_truncated);
	if (!dp_sid_valid_next(srh->segments[srh->segments_left - 1]))
		return drop(w, m, SRV6GW_C_next_sid_invalid);
	end_srh_apply(m, &x, srh, psp);
	return 1;
}

static int
b_end(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s)
{
	int rc = end_srh(w, m, s, s->flavors & SRV6GW_FL_PSP);

	if (rc <= 0)
		return rc;
	dp_resubmit6(w, m, 0, true);                            /* S15 */
	return 0;
}

static int
b_end_t(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s)
{
	int rc = end_srh(w, m, s, s->flavors & SRV6GW_FL_PSP);

	if (rc <= 0)
		return rc;
	dp_resubmit6(w, m, s->table, true);                     /* §4.3: lookup in T */
	return 0;
}

static int
b_end_x(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s)
{
	int rc = end_srh(w, m, s, s->flavors & SRV6GW_FL_PSP);

	if (rc <= 0)
		return rc;
	dp_ipv6_output(w, m, s->nh);                            /* §4.2: via J */
	return 0;
}

static int
b_end_b6(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s)
{
	int rc = end_srh(w, m, s, false);

	if (rc <= 0)
		return rc;
	/* §4.13/§4.14: push a new outer header with the bound policy */
	dp_encap(w, m, s->policy, false,
		 s->behavior == SRV6GW_B_END_B6_ENCAPS_RED ? SRV6GW_ENCAPS_RED : SRV6GW_ENCAPS);
	return 0;
}

/* ---- End.DX4, End.DX6, End.DT4, End.DT6, End.DT46 ---- */

/** RFC 8986 §4.4-4.8 checks; on success @p x holds the inner packet offset. */
static int
decap_checks(struct srv6gw_worker *w, struct rte_mbuf *m, struct dp_ext *x, bool allow4,
	     bool allow6)
{
	struct srv6gw_srh *srh;
	int rc = dp_ext_walk_rh(m, x);

	if (rc < 0)
		return (dp_ext_error(w, m, x, rc), -1);
	if (x->rh_off != 0) {
		srh = srh_at(m, x);
		if (srh == NULL)
			return drop(w, m, SRV6GW_C_srh_truncated);
		if (unlikely(srh->flags & SRV6GW_SRH_FLAG_O) && srh->type == SRV6GW_SRCRT_TYPE_4)
			dp_oam_flag(w, m);                      /* RFC 9259 */
		if (srh->segments_left != 0) {
			if (srh->type != SRV6GW_SRCRT_TYPE_4)
				return pp(w, m, SRV6GW_PP_ERR_FIELD,
					  x->rh_off + SRV6GW_SRH_OFF_TYPE,
					  SRV6GW_C_rh_unknown_type);
			/* S01-S03: "If (Segments Left != 0)" */
			return pp(w, m, SRV6GW_PP_ERR_FIELD, x->rh_off + SRV6GW_SRH_OFF_SL,
				  SRV6GW_C_sid_sl_nonzero);
		}
		rc = dp_ext_walk(m, x, false);
		if (rc < 0)
			return (dp_ext_error(w, m, x, rc), -1);
	}
	if (x->frag_off != 0)
		return drop(w, m, SRV6GW_C_frag_unsupported);
	if ((x->ul_proto == SRV6GW_IPPROTO_IPIP && allow4) ||
	    (x->ul_proto == SRV6GW_IPPROTO_IPV6 && allow6))
		return 0;
	/* "process as per Section 4.1.1": SR Upper-layer Header Error */
	return pp(w, m, SRV6GW_PP_SR_UPPER, x->ul_off, SRV6GW_C_upper_layer_not_allowed);
}

static int
b_end_dx4(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s)
{
	struct dp_ext x;

	if (decap_checks(w, m, &x, true, false) < 0 || decap(w, m, &x) < 0)
		return -1;
	dp_ipv4_output(w, m, s->nh);
	return 0;
}

static int
b_end_dx6(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s)
{
	struct dp_ext x;

	if (decap_checks(w, m, &x, false, true) < 0 || decap(w, m, &x) < 0)
		return -1;
	dp_ipv6_output(w, m, s->nh);
	return 0;
}

static int
b_end_dt(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s)
{
	bool allow4 = s->behavior != SRV6GW_B_END_DT6;
	bool allow6 = s->behavior != SRV6GW_B_END_DT4;
	struct dp_ext x;
	bool v6;

	if (decap_checks(w, m, &x, allow4, allow6) < 0)
		return -1;
	v6 = x.ul_proto == SRV6GW_IPPROTO_IPV6;
	if (decap(w, m, &x) < 0)
		return -1;
	if (v6)
		dp_resubmit6(w, m, s->table, false);
	else
		dp_ipv4_route(w, m, s->table, false);
	return 0;
}

/* ---- the common case of End, End.X and End.T at once ---- */

/**
 * End, End.X and End.T (any flavour but REPLACE-C-SID) for the usual
 * packet, in one function with dp_sid_process() (why: the general way is
 * the behaviour table, end_srh() and its extension header walk, three calls
 * deep, ~60 instructions of calls alone). Same result as the general way.
 * @return 1 forwarded, -1 dropped, 0 not the usual packet: untouched, it
 *         goes the general way.
 */
static __rte_always_inline int
end_express(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s)
{
	struct rte_ipv6_hdr *ip = dp_ip6(m);
	struct srv6gw_srh *srh;
	int rc;

	if (s->behavior > SRV6GW_B_END_T || (s->flavors & SRV6GW_FL_REPLACE_CSID))
		return 0;
	if (s->flavors & SRV6GW_FL_NEXT_CSID) {
		if (!csid_plain(m, ip))
			return 0;
		rc = dp_next_csid(w, m, s);     /* 0: argument zero, untouched */
		if (rc <= 0)
			return rc;
	} else {
		srh = end_srh_plain(m, ip);
		if (srh == NULL)
			return 0;
		end_srh_apply(m, &dp_ext_srh_first, srh, s->flavors & SRV6GW_FL_PSP);
	}
	if (s->behavior == SRV6GW_B_END_X)
		dp_ipv6_output(w, m, s->nh);                    /* §4.2 */
	else    /* S15, §4.3 */
		dp_resubmit6(w, m, s->behavior == SRV6GW_B_END_T ? s->table : 0, true);
	return 1;
}

static const dp_behavior_fn behaviors[SRV6GW_B_COUNT] = {
	[SRV6GW_B_END] = b_end,
	[SRV6GW_B_END_X] = b_end_x,
	[SRV6GW_B_END_T] = b_end_t,
	[SRV6GW_B_END_DX4] = b_end_dx4,
	[SRV6GW_B_END_DX6] = b_end_dx6,
	[SRV6GW_B_END_DT4] = b_end_dt,
	[SRV6GW_B_END_DT6] = b_end_dt,
	[SRV6GW_B_END_DT46] = b_end_dt,
	[SRV6GW_B_END_B6_ENCAPS] = b_end_b6,
	[SRV6GW_B_END_B6_ENCAPS_RED] = b_end_b6,
};

void
dp_sid_process(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t sid_idx)
{
	const struct srv6gw_gen *g = w->g;
	const struct srv6gw_sid_rt *s = &g->sid[sid_idx];
	uint32_t len = m->pkt_len;
	int rc;

	DP_EV(w, sid_processed);
	/* RFC 8754 §5.1 endpoint iACL, §2.1.2 HMAC (guard.c, hmac.c) */
	if (unlikely(s->acl != 0) && !dp_guard_src_ok(g, s->acl, dp_ip6(m)->src_addr)) {
		DP_DROP(w, m, iacl_src);
		return;
	}
	if (unlikely(g->guard != NULL && g->guard->hmac_any) &&
	    dp_hmac_level(g, m, s) >= SRV6GW_HMAC_VERIFY &&
	    dp_hmac_verify(w, m, s, dp_hmac_level(g, m, s)) < 0)
		return;
	rc = end_express(w, m, s);
	if (rc > 0 || (rc == 0 && behaviors[s->behavior](w, m, s) == 0)) {
		/* RFC 8986 §6 CNT-1 */
		struct srv6gw_obj_stats *st = &srv6gw_sid_row(g, w->idx)[sid_idx];

		st->packets++;
		st->bytes += len;
	}
}
