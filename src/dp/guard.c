/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * SR domain boundary (RFC 8754 §5.1, RFC 9602, draft-ietf-spring-srv6-security):
 *
 * - external ports drop packets to our locators, the SID blocks of C-SID
 *   locators and 5f00::/16 (iacl_ext), and, with drop_srh, any packet with
 *   a Segment Routing Header (iacl_srh);
 * - SIDs with allowed_sources drop other sources (iacl_src);
 * - uRPF, loose or strict, per port, for IPv6 and IPv4 sources (BCP 38).
 *
 * Every check happens before anything else looks at the packet beyond the
 * IPv6/IPv4 header checks, and drops silently: an ICMP error would tell an
 * outsider what the domain holds.
 */
#include <rte_fib6.h>

#include "dp.h"

/** uRPF on the main table: loose = any route back, strict = via the ingress port. */
static inline bool
urpf_ok(const struct srv6gw_gen *g, uint32_t nh, uint8_t mode, uint16_t port)
{
	if (nh == SRV6GW_NH_NONE)
		return false;
	return mode != SRV6GW_URPF_STRICT || g->nexthops[nh].port == port;
}

bool
dp_guard_in6(struct srv6gw_worker *w, struct rte_mbuf *m)
{
	const struct srv6gw_gen *g = w->g;
	const struct srv6gw_port_rt *pr = &g->ports[m->port];
	const struct rte_ipv6_hdr *ip = dp_ip6(m);

	if (pr->role == SRV6GW_ROLE_EXTERNAL && g->guard->blocks != NULL) {
		uint8_t a[1][RTE_FIB6_IPV6_ADDR_SIZE];
		uint64_t v = 0;

		memcpy(a[0], ip->dst_addr, 16);
		rte_fib6_lookup_bulk(g->guard->blocks, a, &v, 1);
		if (v != 0) {
			DP_DROP(w, m, iacl_ext);
			return false;
		}
	}
	if (pr->drop_srh) {
		struct dp_ext x;
		uint8_t t;

		/* a chain we cannot walk is dropped later with its own reason */
		if (dp_ext_walk_rh(m, &x) == 0 && x.rh_off != 0 &&
		    dp_read_u8(m, x.rh_off + SRV6GW_SRH_OFF_TYPE, &t) && t == SRV6GW_SRCRT_TYPE_4) {
			DP_DROP(w, m, iacl_srh);
			return false;
		}
	}
	/* link-local sources (ND, RFC 4861) have no route back by design */
	if (pr->urpf != SRV6GW_URPF_OFF && !srv6gw_ip6_is_linklocal(ip->src_addr) &&
	    !urpf_ok(g, dp_lookup6(g, 0, ip->src_addr), pr->urpf, m->port)) {
		DP_DROP(w, m, urpf_failed);
		return false;
	}
	return true;
}

bool
dp_guard_in4(struct srv6gw_worker *w, struct rte_mbuf *m)
{
	const struct srv6gw_gen *g = w->g;
	const struct srv6gw_port_rt *pr = &g->ports[m->port];

	if (!urpf_ok(g, dp_lookup4(g, 0, dp_ip4(m)->src_addr), pr->urpf, m->port)) {
		DP_DROP(w, m, urpf_failed);
		return false;
	}
	return true;
}

bool
dp_guard_src_ok(const struct srv6gw_gen *g, uint16_t acl, const uint8_t *src)
{
	const struct srv6gw_acl_rt *a = &g->guard->acls[acl - 1];
	uint64_t s[2];
	uint32_t i;

	memcpy(s, src, 16);
	for (i = 0; i < a->n; i++)
		if (((s[0] & a->p[i].mask[0]) == a->p[i].a[0]) &&
		    ((s[1] & a->p[i].mask[1]) == a->p[i].a[1]))
			return true;
	return false;
}
