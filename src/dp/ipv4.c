/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* IPv4 input, local delivery (echo), routing and fragmentation. */
#include <rte_fib.h>
#include <rte_ip_frag.h>

#include "dp.h"
#include "tx.h"

bool
dp_ipv4_check(struct rte_mbuf *m)
{
	const struct rte_ipv4_hdr *ip;
	unsigned int hl;
	uint32_t len;

	if (m->data_len < sizeof(*ip))
		return false;
	ip = dp_ip4(m);
	hl = rte_ipv4_hdr_len(ip);
	if ((ip->version_ihl >> 4) != 4 || hl < sizeof(*ip) || hl > m->data_len)
		return false;
	len = rte_be_to_cpu_16(ip->total_length);
	if (len < hl || len > m->pkt_len)
		return false;
	/* RFC 1812 §5.2.2: the header checksum must be verified */
	if (hl == sizeof(*ip) ? !dp_cksum20_ok(ip) : rte_raw_cksum(ip, hl) != 0xffff)
		return false;
	if (len < m->pkt_len)
		rte_pktmbuf_trim(m, m->pkt_len - len);   /* Ethernet padding */
	return true;
}

uint32_t
dp_lookup4(const struct srv6gw_gen *g, unsigned int table, uint32_t dst_be)
{
	struct rte_fib *fib = g->tables[table].v4;
	uint32_t ip = rte_be_to_cpu_32(dst_be);
	uint64_t nh;

	if (fib == NULL)
		return SRV6GW_NH_NONE;
	rte_fib_lookup_bulk(fib, &ip, &nh, 1);
	return (uint32_t)nh;
}

/** Fragment @p m to @p mtu (RFC 791) and send each piece to next hop @p nh. */
static void
fragment_out(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh, uint32_t mtu)
{
	struct rte_mbuf *frags[RTE_LIBRTE_IP_FRAG_MAX_FRAG];
	uint32_t dst = dp_ip4(m)->dst_addr;
	uint16_t port = m->port;
	int32_t n, i;

	n = rte_ipv4_fragment_packet(m, frags, RTE_DIM(frags), (uint16_t)mtu, w->frag_direct,
				     w->frag_indirect);
	if (n < 0) {
		DP_DROP(w, m, frag_failed);
		return;
	}
	rte_pktmbuf_free(m);
	for (i = 0; i < n; i++) {
		dp_ipv4_fix_cksum(frags[i]);
		frags[i]->port = port;
		DP_EV(w, ipv4_fragments_out);
		dp_tx_nexthop(w, frags[i], nh, (const uint8_t *)&dst);
	}
}

void
dp_ipv4_output(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh)
{
	uint32_t mtu = w->g->nexthops[nh].mtu;
	struct rte_ipv4_hdr *ip = dp_ip4(m);

	if (unlikely(m->pkt_len > mtu)) {
		if (ip->fragment_offset & rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG)) {
			/* RFC 1191: fragmentation needed, next-hop MTU in the low 16 bits */
			dp_icmp4_error(w, m, SRV6GW_ICMP4_DST_UNREACH,
				       SRV6GW_ICMP4_CODE_FRAG_NEEDED, mtu, SRV6GW_C_mtu_exceeded);
			return;
		}
		fragment_out(w, m, nh, mtu);
		return;
	}
	dp_tx_nexthop_inline(w, m, nh, (const uint8_t *)&ip->dst_addr);
}

void
dp_ipv4_route(struct srv6gw_worker *w, struct rte_mbuf *m, unsigned int table, bool decrement)
{
	dp_ipv4_route_nh(w, m, dp_lookup4(w->g, table, dp_ip4(m)->dst_addr), decrement);
}

void
dp_ipv4_route_nh(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh, bool decrement)
{
	struct rte_ipv4_hdr *ip = dp_ip4(m);
	uint32_t mtu;

	if (unlikely(nh == SRV6GW_NH_NONE)) {
		dp_icmp4_error(w, m, SRV6GW_ICMP4_DST_UNREACH, 0, 0, SRV6GW_C_no_route);
		return;
	}
	if (decrement) {
		if (unlikely(ip->time_to_live <= 1)) {
			dp_icmp4_error(w, m, SRV6GW_ICMP4_TIME_EXCEEDED, 0, 0,
				       SRV6GW_C_ttl_exceeded);
			return;
		}
		mtu = w->g->nexthops[nh].mtu;
		if (unlikely(m->pkt_len > mtu &&
			     (ip->fragment_offset & rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG)))) {
			dp_ipv4_output(w, m, nh);  /* error quotes the packet as received */
			return;
		}
		dp_ipv4_ttl_dec(ip);
	}
	DP_EV(w, forwarded_ipv4);
	dp_ipv4_output(w, m, nh);
}

static void
local_input(struct srv6gw_worker *w, struct rte_mbuf *m)
{
	struct rte_ipv4_hdr *ip = dp_ip4(m);
	unsigned int hl = rte_ipv4_hdr_len(ip);
	uint8_t t;

	if (ip->next_proto_id == IPPROTO_ICMP &&
	    (ip->fragment_offset & rte_cpu_to_be_16(RTE_IPV4_HDR_MF_FLAG |
						   RTE_IPV4_HDR_OFFSET_MASK)) == 0 &&
	    m->pkt_len >= hl + 8 && dp_read_u8(m, hl, &t) &&
	    t == SRV6GW_ICMP4_ECHO_REQUEST && rte_raw_cksum(rte_pktmbuf_mtod_offset(m, void *, hl),
							    m->data_len - hl) == 0xffff) {
		dp_icmp4_echo_reply(w, m);
		return;
	}
	DP_DROP(w, m, ipv4_local_unhandled);
}

/** RFC 1812 §5.3.7: addresses a router never forwards from / to. */
static inline bool
ipv4_martian(uint32_t src, uint32_t dst)
{
	return (src >> 24) == 0 || (src >> 24) == 127 || (src >> 28) == 0xe ||
	       src == 0xffffffff || (dst >> 24) == 0 || (dst >> 24) == 127;
}

/** The IPv4 header of @p m, @p l2 bytes into its data (0: stripped, or a frame's). */
static __rte_always_inline const struct rte_ipv4_hdr *
ip4_at(const struct rte_mbuf *m, uint32_t l2)
{
	return rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, l2);
}

void
dp_ipv4_classify_bulk(const struct srv6gw_worker *w, uint16_t port, struct rte_mbuf **m,
		unsigned int n, struct dp_pre4 *pre, uint32_t l2)
{
	const struct srv6gw_gen *g = w->g;
	const struct srv6gw_port_rt *pr = &g->ports[port];
	uint8_t key[DP_BURST][16];
	const uint8_t *keys[DP_BURST];
	int32_t pos[DP_BURST];
	uint32_t ips[DP_BURST];
	uint64_t v[DP_BURST];
	unsigned int i, j, k;
	uint32_t last = 0;

	for (i = 0; i < n; i++)
		ips[i] = rte_be_to_cpu_32(ip4_at(m[i], l2)->dst_addr);
	if (g->few.n4 != 0xff) {
		/* few addresses of ours: compared, no table (struct srv6gw_local_few) */
		for (i = 0; i < n; i++) {
			rte_be32_t dst = ip4_at(m[i], l2)->dst_addr;

			pos[i] = -1;
			for (j = 0; j < g->few.n4; j++)
				if (g->few.a4[j] == dst)
					pos[i] = 0;
		}
	} else {
		for (i = 0; i < n; i++) {
			/* local4 holds IPv4-mapped keys (gen_build.c build_local) */
			srv6gw_addr_tab_key4(key[i], ip4_at(m[i], l2)->dst_addr);
			keys[i] = key[i];
		}
		srv6gw_addr_tab_get_bulk(&g->local4, keys, n, pos);
	}
	/* steering and routes in one lookup (src/cp/classify.c; none: no rules) */
	if (pr->class4 != NULL)
		rte_fib_lookup_bulk(pr->class4, ips, v, n);
	else
		memset(v, 0, n * sizeof(v[0]));
	for (i = 0, k = 0; i < n; i++) {
		uint32_t x = (uint32_t)(v[i] >> SRV6GW_CLASS4_SHIFT);

		pre[i].local = pos[i] >= 0;
		pre[i].steer = (v[i] & SRV6GW_CLASS4_MASK) == SRV6GW_CLASS4_STEER ? x : 0;
		pre[i].nh = pre[i].local || pre[i].steer != 0 ? SRV6GW_NH_NONE : x;
		if (pre[i].steer != 0) {
			/* once per run of one policy (the lines stay prefetched) */
			if (pre[i].steer != last)
				dp_policy_prefetch(g, w->idx, pre[i].steer - 1);
			last = pre[i].steer;
		} else if (!pr->class4_routes && !pre[i].local)
			ips[k++] = ips[i];      /* a large main table: looked up second */
	}
	if (k == 0 || g->tables[0].v4 == NULL)
		return;
	rte_fib_lookup_bulk(g->tables[0].v4, ips, v, k);
	for (i = 0, j = 0; i < n; i++)
		if (!pre[i].local && pre[i].steer == 0)
			pre[i].nh = (uint32_t)v[j++];
}

bool
dp_ipv4_classify_same(struct srv6gw_worker *w, uint16_t port, struct rte_mbuf **m,
		      unsigned int n, struct dp_pre4 *pre, uint32_t l2, const rte_be32_t *diff)
{
	struct dp_memo4 *mo = &w->memo4;
	const struct srv6gw_gen *g = w->g;
	const rte_be32_t key = g->ports[port].class4_key;
	const rte_be32_t d0 = ip4_at(m[0], l2)->dst_addr;
	rte_be32_t x = 0;
	unsigned int i;

	/* (our addresses in local4: each packet looks them up; a key shorter
	 * than 8 bits: the first bytes, which tell martians, may differ) */
	if (g->few.n4 == 0xff || (key & RTE_BE32(0xff000000)) != RTE_BE32(0xff000000) ||
	    (diff != NULL && (*diff & key) != 0) ||
	    (diff == NULL && n > 1 && ((ip4_at(m[1], l2)->dst_addr ^ d0) & key) != 0))
		return false;
	for (i = 2; diff == NULL && i < n; i++)
		x |= ip4_at(m[i], l2)->dst_addr ^ d0;
	if ((x & key) != 0)
		return false;
	for (i = 0; i < g->few.n4; i++)
		if (((g->few.a4[i] ^ d0) & key) == 0)
			return false;   /* one of ours may be among them */
	if (mo->gen == g->id && mo->port == port && ((mo->da ^ d0) & key) == 0) {
		*pre = mo->pre;         /* (struct dp_memo4: the last chunk's prefix) */
		if (pre->steer != 0)
			dp_policy_prefetch(g, w->idx, pre->steer - 1);
		return true;
	}
	dp_ipv4_classify_bulk(w, port, m, 1, pre, l2);
	*mo = (struct dp_memo4){ .gen = g->id, .port = port, .da = d0, .pre = *pre };
	return true;
}

void
dp_ipv4_input_pre(struct srv6gw_worker *w, struct rte_mbuf *m, const struct dp_pre4 *pre)
{
	struct rte_ipv4_hdr *ip;
	uint32_t dst;

	if (unlikely(!dp_ipv4_check(m))) {
		DP_DROP(w, m, ipv4_malformed);
		return;
	}
	ip = dp_ip4(m);
	dst = rte_be_to_cpu_32(ip->dst_addr);
	if (unlikely(!dp_ipv4_plain(ip->src_addr) || !dp_ipv4_plain(ip->dst_addr))) {
		if (ipv4_martian(rte_be_to_cpu_32(ip->src_addr), dst)) {
			DP_DROP(w, m, ipv4_martian);
			return;
		}
		if ((dst >> 28) == 0xe || dst == 0xffffffff) {
			DP_DROP(w, m, ipv4_multicast);
			return;
		}
	}
	if (unlikely(w->g->ports[m->port].urpf) && !dp_guard_in4(w, m))  /* BCP 38 */
		return;
	if (pre->local) {
		local_input(w, m);
		return;
	}
	if (pre->steer != 0) {
		dp_encap(w, m, pre->steer - 1, true, -1);
		return;
	}
	dp_ipv4_route_nh(w, m, pre->nh, true);
}

void
dp_ipv4_input(struct srv6gw_worker *w, struct rte_mbuf *m)
{
	struct dp_pre4 pre = { .local = false, .steer = 0, .nh = SRV6GW_NH_NONE };

	/* one packet of the bulk path; a frame too short to hold a header is
	 * dropped by the checks before any of these results is used */
	if (m->data_len >= sizeof(struct rte_ipv4_hdr))
		dp_ipv4_classify_bulk(w, m->port, &m, 1, &pre, 0);
	dp_ipv4_input_pre(w, m, &pre);
}
