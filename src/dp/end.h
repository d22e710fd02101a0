/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_DP_END_H
#define SRV6GW_DP_END_H

/*
 * The End family's usual packet (RFC 8986 §4.1, RFC 9800 §4.1.1): pure
 * checks that say whether every step would succeed, and the changes that
 * follow. behaviors.c (one packet) and express.c (a whole chunk) share
 * them; anything they do not accept goes to end_srh(), whose checks, in the
 * RFC's order, answer it.
 */

#ifdef __SSE4_1__
#include <smmintrin.h>
#endif

#include "dp.h"
#include "srv6gw/csid.h"

/** Remove the Routing header at x->rh_off (PSP, USP) (behaviors.c). */
void dp_srh_remove(struct rte_mbuf *m, const struct dp_ext *x, const struct srv6gw_srh *srh);

/** The walk result of an SRH right after the IPv6 header (what end_srh_plain() accepts). */
static const struct dp_ext dp_ext_srh_first = {
	.rh_off = sizeof(struct rte_ipv6_hdr),
	.nh_field = offsetof(struct rte_ipv6_hdr, proto),
};

/**
 * S12-S14 and PSP (RFC 8986 §4.1, §4.16.1 S14.1-S14.4) for a packet whose
 * SRH, right after the IPv6 header at @p ip, has Segments Left 1: the
 * header moved by the SRH's length, then its Hop Limit, Next Header (the
 * SRH's), payload length (less the SRH's) and destination (the last SID)
 * set where it now is. Why in this order and not as end_srh_apply() then
 * dp_srh_remove(): the move reads the header in one wide load, which can
 * only take its bytes from the cache once the field stores before it have
 * gone there (a store-forwarding stall, half of End with PSP's cycles
 * end to end); and a fixed 40-byte move needs no call to memmove.
 */
static __rte_always_inline void
end_psp_first(struct rte_mbuf *m, struct rte_ipv6_hdr *ip, const struct srv6gw_srh *srh)
{
	uint16_t len = (srh->hdr_len + 1u) * 8u;
	uint8_t nh = srh->next_hdr, h[sizeof(*ip)], da[16];
	struct rte_ipv6_hdr *to = (struct rte_ipv6_hdr *)((uint8_t *)ip + len);

	/* (the SRH's fields first: the moved header may land on them) */
	memcpy(da, srh->segments[0], 16);
	memcpy(h, ip, sizeof(h));
	memcpy(to, h, sizeof(h));
	to->hop_limits--;                                       /* S12 */
	to->proto = nh;                                         /* S14.2 */
	to->payload_len = rte_cpu_to_be_16(rte_be_to_cpu_16(to->payload_len) - len);
	memcpy(to->dst_addr, da, 16);                           /* S14 */
	rte_pktmbuf_adj(m, len);
}

/** RFC 8986 §4.1 S12-S14 of the header at @p ip, its SRH at @p srh. */
static __rte_always_inline void
end_srh_advance(struct rte_ipv6_hdr *ip, struct srv6gw_srh *srh, uint8_t sl)
{
	ip->hop_limits--;                                       /* S12 */
	srh->segments_left = sl;                                /* S13 */
	memcpy(ip->dst_addr, srh->segments[sl], 16);            /* S14 */
}

/** RFC 8986 §4.1 S12-S14 and PSP (§4.16.1), once every check has passed. */
static __rte_always_inline void
end_srh_apply(struct rte_mbuf *m, const struct dp_ext *x, struct srv6gw_srh *srh, bool psp)
{
	struct rte_ipv6_hdr *ip = dp_ip6(m);
	uint8_t sl = srh->segments_left - 1;

	/* (an SRH right after the header: Next Header is ip->proto) */
	if (psp && sl == 0 && x->rh_off == sizeof(*ip)) {
		end_psp_first(m, ip, srh);
		return;
	}
	end_srh_advance(ip, srh, sl);
	if (psp && sl == 0)                                     /* §4.16.1 PSP */
		dp_srh_remove(m, x, srh);
}

/**
 * RFC 8986 §4.1 S02-S14's checks of the usual packet, all at once: an SRH
 * right after the IPv6 header (what dp_ext_walk_rh() finds first), wholly
 * in the first segment, of type 4, without the O-flag (RFC 9259), with
 * Segments Left > 0 (S02), Hop Limit > 1 (S05), Last Entry and Segments
 * Left consistent (S08-S10) and a valid next SID (srv6-rules P18). These
 * are end_srh()'s checks; as none fails, their order does not matter.
 * @return the SRH, or NULL: the packet is untouched, and end_srh() finds
 *         and answers what is not usual about it.
 */
static __rte_always_inline struct srv6gw_srh *
end_srh_plain(const struct rte_mbuf *m, struct rte_ipv6_hdr *ip)
{
	struct srv6gw_srh *srh = (struct srv6gw_srh *)(ip + 1);
	unsigned int sl;

	if (ip->proto != SRV6GW_IPPROTO_ROUTING || m->data_len < sizeof(*ip) + 8u)
		return NULL;
	sl = srh->segments_left;
	if (srh->type != SRV6GW_SRCRT_TYPE_4 || (srh->flags & SRV6GW_SRH_FLAG_O) || sl == 0 ||
	    ip->hop_limits <= 1 || (int)srh->last_entry > srh->hdr_len / 2 - 1 ||
	    sl > srh->last_entry + 1u || sizeof(*ip) + (srh->hdr_len + 1u) * 8u > m->data_len ||
	    !dp_sid_valid_next(srh->segments[sl - 1]))
		return NULL;
	return srh;
}

/**
 * Whether nothing precedes a NEXT-C-SID shift in end_srh(): no extension
 * header to walk (the walk could fail), or an SRH without the O-flag.
 */
static __rte_always_inline bool
csid_plain(const struct rte_mbuf *m, const struct rte_ipv6_hdr *ip)
{
	const struct srv6gw_srh *srh = (const struct srv6gw_srh *)(ip + 1);

	switch (ip->proto) {
	case SRV6GW_IPPROTO_ROUTING:
		return m->data_len >= sizeof(*ip) + 8u && !(srh->flags & SRV6GW_SRH_FLAG_O);
	case SRV6GW_IPPROTO_HOPOPTS:
	case SRV6GW_IPPROTO_DSTOPTS:
	case SRV6GW_IPPROTO_FRAGMENT:
		return false;
	default:
		return true;
	}
}

/**
 * RFC 9800 §4.1.1 S01-S07 when each check passes: a non-zero argument,
 * Hop Limit > 1, a non-zero next C-SID. @return false otherwise (nothing
 * written): dp_next_csid() answers it. @p out: the shifted address.
 */
static __rte_always_inline bool
csid_shift_plain(const struct srv6gw_csid_rt *c, uint8_t lnfl, const struct rte_ipv6_hdr *ip,
		 uint8_t out[16])
{
	unsigned __int128 da, arg;

#ifdef __SSE4_1__
	/* whole bytes (struct srv6gw_csid_rt): two tests and one shuffle */
	if (likely(c->shuf[15] == 0x80)) {
		__m128i d = _mm_loadu_si128((const __m128i *)(const void *)ip->dst_addr);

		if (_mm_testz_si128(d, _mm_loadu_si128((const __m128i *)(const void *)c->arg_b)) ||
		    ip->hop_limits <= 1)
			return false;
		d = _mm_shuffle_epi8(d, _mm_loadu_si128((const __m128i *)(const void *)c->shuf));
		if (_mm_testz_si128(d, _mm_loadu_si128((const __m128i *)(const void *)c->csid_b)))
			return false;
		_mm_storeu_si128((__m128i *)(void *)out, d);
		return true;
	}
#endif
	da = srv6gw_u128_load(ip->dst_addr);
	arg = da & c->arg;
	if (arg == 0 || ip->hop_limits <= 1)
		return false;
	da = (da & c->keep) | (arg << lnfl);    /* S05-S06 */
	if ((da & c->csid) == 0)
		return false;
	srv6gw_u128_store(out, da);
	return true;
}

#endif
