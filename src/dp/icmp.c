/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * ICMP and ICMPv6 messages we originate: errors (RFC 4443 §2.4, RFC 792,
 * RFC 1812 §4.3.2) and echo replies. Errors are built in a fresh mbuf from the
 * packet as received, rate limited by a per-worker token bucket, and routed
 * by the main table toward the invoking source.
 */
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "dp.h"

#define ICMP6_ERR_MAX 1280 /* RFC 4443 §2.4(c) */
#define ICMP4_ERR_MAX 576  /* RFC 1812 §4.3.2.3 */

uint16_t
dp_ipv6_l4_cksum(const struct rte_ipv6_hdr *ip, const void *l4, uint32_t len, uint8_t proto)
{
	struct {
		uint8_t src[16];
		uint8_t dst[16];
		rte_be32_t len;
		uint8_t zero[3];
		uint8_t proto;
	} __rte_packed ph;
	uint32_t sum;

	memcpy(ph.src, ip->src_addr, 16);
	memcpy(ph.dst, ip->dst_addr, 16);
	ph.len = rte_cpu_to_be_32(len);
	memset(ph.zero, 0, sizeof(ph.zero));
	ph.proto = proto;
	sum = __rte_raw_cksum(&ph, sizeof(ph), 0);
	sum = __rte_raw_cksum(l4, len, sum);
	return (uint16_t)~__rte_raw_cksum_reduce(sum);
}

bool
dp_icmp_token(struct srv6gw_worker *w)
{
	const struct srv6gw_gen *g = w->g;

	/* RFC 4443 §2.4(f): the configured rate shared by the workers */
	return dp_bucket_take(&w->icmp, w->now, w->tsc_hz, g->icmp_rate / g->n_workers,
			      g->icmp_burst);
}

/** RFC 4443 §2.4(e): may we send an error about this IPv6 packet? */
static bool
icmp6_allowed(const struct rte_mbuf *m, uint8_t type)
{
	const struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod(m, const struct rte_ipv6_hdr *);
	struct dp_ext x;
	uint8_t t;

	if (srv6gw_ip6_is_unspecified(ip->src_addr) || srv6gw_ip6_is_multicast(ip->src_addr) ||
	    srv6gw_ip6_is_loopback(ip->src_addr))
		return false;                                   /* e.6 */
	if (srv6gw_ip6_is_multicast(ip->dst_addr) && type != SRV6GW_ICMP6_PKT_TOO_BIG)
		return false;                                   /* e.3 */
	if (dp_ext_walk(m, &x, false) < 0)
		return true;
	if (x.ul_proto != SRV6GW_IPPROTO_ICMPV6 || x.frag_off != 0)
		return true;
	if (!dp_read_u8(m, x.ul_off, &t))
		return true;
	return t >= 128;                                        /* e.1: not about errors */
}

static const uint8_t *
icmp6_source(const struct srv6gw_worker *w, uint16_t in_port)
{
	const struct srv6gw_gen *g = w->g;

	if (in_port < g->n_ports && g->ports[in_port].has_v6)
		return g->ports[in_port].v6;
	return g->has_src ? g->src : NULL;
}

/**
 * What every error does before its own headers: the checks in their order,
 * each counted when it fails (@p allowed about this packet; @p has_source;
 * a route back, @p nh; a rate token, RFC 4443 §2.4(f)), then a buffer with
 * @p hdr bytes for the headers and, after them, as much of @p m as fits in
 * @p max bytes in all (RFC 4443 §2.4(c), RFC 1812 §4.3.2.3).
 * @return the buffer, the quote's length in @p body; NULL when a check failed.
 */
static struct rte_mbuf *
error_start(struct srv6gw_worker *w, const struct rte_mbuf *m, bool allowed, bool has_source,
	    uint32_t nh, uint32_t hdr, uint32_t max, uint32_t *body)
{
	struct rte_mbuf *e;
	const void *p;
	uint8_t *q;

	if (!allowed) {
		DP_EV(w, icmp_suppressed);
		return NULL;
	}
	if (!has_source) {
		DP_EV(w, icmp_no_source);
		return NULL;
	}
	if (nh == SRV6GW_NH_NONE) {
		DP_EV(w, icmp_no_route);
		return NULL;
	}
	if (!dp_icmp_token(w)) {
		DP_EV(w, icmp_rate_limited);
		return NULL;
	}
	e = rte_pktmbuf_alloc(w->gen_pool);
	if (e == NULL) {
		w->st->drops[SRV6GW_C_no_mbuf]++;
		return NULL;
	}
	*body = RTE_MIN(m->pkt_len, max - hdr);
	q = (uint8_t *)rte_pktmbuf_append(e, (uint16_t)(hdr + *body));
	p = rte_pktmbuf_read(m, 0, *body, q + hdr);
	if (p != q + hdr)
		memcpy(q + hdr, p, *body);
	return e;
}

void
dp_icmp6_error(struct srv6gw_worker *w, struct rte_mbuf *m, uint8_t type, uint8_t code,
		uint32_t param, enum srv6gw_drop reason)
{
	const struct rte_ipv6_hdr *in = dp_ip6(m);
	const uint8_t *src;
	struct rte_ipv6_hdr *ip;
	struct srv6gw_icmp_hdr *ic;
	struct rte_mbuf *e;
	uint32_t body, nh;

	w->st->drops[reason]++;
	src = icmp6_source(w, m->port);
	/* (looked up before the checks: error_start() counts the first that fails) */
	nh = dp_lookup6(w->g, 0, in->src_addr);
	e = error_start(w, m, icmp6_allowed(m, type), src != NULL, nh, sizeof(*ip) + sizeof(*ic),
			ICMP6_ERR_MAX, &body);
	if (e == NULL) {
		rte_pktmbuf_free(m);
		return;
	}
	ip = rte_pktmbuf_mtod(e, struct rte_ipv6_hdr *);
	ic = (struct srv6gw_icmp_hdr *)(ip + 1);
	ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
	ip->payload_len = rte_cpu_to_be_16(sizeof(*ic) + body);
	ip->proto = SRV6GW_IPPROTO_ICMPV6;
	ip->hop_limits = 64;
	memcpy(ip->src_addr, src, 16);
	memcpy(ip->dst_addr, in->src_addr, 16);
	ic->type = type;
	ic->code = code;
	ic->cksum = 0;
	ic->data = rte_cpu_to_be_32(param);
	ic->cksum = dp_ipv6_l4_cksum(ip, ic, sizeof(*ic) + body, SRV6GW_IPPROTO_ICMPV6);
	e->port = m->port;
	DP_EV(w, icmp_errors_sent);
	rte_pktmbuf_free(m);
	dp_ipv6_output(w, e, nh);
}

/** RFC 1812 §4.3.2.7 / RFC 792: may we send an error about this IPv4 packet? */
static bool
icmp4_allowed(const struct rte_mbuf *m)
{
	const struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod(m, const struct rte_ipv4_hdr *);
	uint32_t s = rte_be_to_cpu_32(ip->src_addr), d = rte_be_to_cpu_32(ip->dst_addr);
	unsigned int hl = rte_ipv4_hdr_len(ip);
	uint8_t t;

	if (s == 0 || (s >> 24) == 127 || (s >> 28) == 0xe || s == 0xffffffff)
		return false;
	if ((d >> 28) == 0xe || d == 0xffffffff)
		return false;
	if ((rte_be_to_cpu_16(ip->fragment_offset) & RTE_IPV4_HDR_OFFSET_MASK) != 0)
		return false;
	if (ip->next_proto_id == IPPROTO_ICMP && dp_read_u8(m, hl, &t))
		return t == SRV6GW_ICMP4_ECHO_REPLY || t == SRV6GW_ICMP4_ECHO_REQUEST ||
		       (t >= 13 && t <= 18);                    /* queries only */
	return true;
}

void
dp_icmp4_error(struct srv6gw_worker *w, struct rte_mbuf *m, uint8_t type, uint8_t code,
		uint32_t param, enum srv6gw_drop reason)
{
	const struct rte_ipv4_hdr *in = dp_ip4(m);
	const struct srv6gw_port_rt *pr = &w->g->ports[m->port];
	struct rte_ipv4_hdr *ip;
	struct srv6gw_icmp_hdr *ic;
	struct rte_mbuf *e;
	uint32_t body, nh;

	w->st->drops[reason]++;
	/* (looked up before the checks: error_start() counts the first that fails) */
	nh = dp_lookup4(w->g, 0, in->src_addr);
	e = error_start(w, m, icmp4_allowed(m), pr->has_v4, nh, sizeof(*ip) + sizeof(*ic),
			ICMP4_ERR_MAX, &body);
	if (e == NULL) {
		rte_pktmbuf_free(m);
		return;
	}
	ip = rte_pktmbuf_mtod(e, struct rte_ipv4_hdr *);
	ic = (struct srv6gw_icmp_hdr *)(ip + 1);
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(sizeof(*ip) + sizeof(*ic) + body);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_ICMP;
	memcpy(&ip->src_addr, pr->v4, 4);
	ip->dst_addr = in->src_addr;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	ic->type = type;
	ic->code = code;
	ic->cksum = 0;
	ic->data = rte_cpu_to_be_32(param);
	ic->cksum = (uint16_t)~rte_raw_cksum(ic, sizeof(*ic) + body);
	e->port = m->port;
	DP_EV(w, icmp_errors_sent);
	rte_pktmbuf_free(m);
	dp_ipv4_output(w, e, nh);
}

void
dp_icmp6_echo_reply(struct srv6gw_worker *w, struct rte_mbuf *m, uint16_t ul_off)
{
	struct rte_ipv6_hdr *ip;
	struct srv6gw_icmp_hdr *ic;
	uint8_t dst[16];
	uint32_t len, nh;

	/* RFC 4443 §4.1: Type, Code, Checksum, Identifier, Sequence Number:
	 * a shorter "echo request" is not one (and has no room for the reply) */
	if (m->data_len != m->pkt_len || m->pkt_len < ul_off + 8u) {
		DP_DROP(w, m, ipv6_local_unhandled);
		return;
	}
	ip = dp_ip6(m);
	memcpy(dst, ip->src_addr, 16);
	if (srv6gw_ip6_is_multicast(dst) || srv6gw_ip6_is_unspecified(dst)) {
		DP_DROP(w, m, ipv6_local_unhandled);
		return;
	}
	nh = dp_lookup6(w->g, 0, dst);
	if (nh == SRV6GW_NH_NONE) {
		DP_DROP(w, m, no_route);
		return;
	}
	if (ul_off > sizeof(*ip)) {
		/* drop the extension headers (e.g. an SRH with SL = 0) */
		memmove(rte_pktmbuf_mtod_offset(m, uint8_t *, ul_off - sizeof(*ip)), ip,
			sizeof(*ip));
		rte_pktmbuf_adj(m, ul_off - sizeof(*ip));
		ip = dp_ip6(m);
	}
	len = m->pkt_len - sizeof(*ip);
	ic = (struct srv6gw_icmp_hdr *)(ip + 1);
	/* source: the address that was pinged */
	memcpy(ip->src_addr, ip->dst_addr, 16);
	memcpy(ip->dst_addr, dst, 16);
	ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
	ip->payload_len = rte_cpu_to_be_16(len);
	ip->proto = SRV6GW_IPPROTO_ICMPV6;
	ip->hop_limits = 64;
	ic->type = SRV6GW_ICMP6_ECHO_REPLY;
	ic->code = 0;
	ic->cksum = 0;
	ic->cksum = dp_ipv6_l4_cksum(ip, ic, len, SRV6GW_IPPROTO_ICMPV6);
	DP_EV(w, echo_replies_sent);
	dp_ipv6_output(w, m, nh);
}

void
dp_icmp4_echo_reply(struct srv6gw_worker *w, struct rte_mbuf *m)
{
	struct rte_ipv4_hdr *ip = dp_ip4(m);
	unsigned int hl = rte_ipv4_hdr_len(ip);
	struct srv6gw_icmp_hdr *ic;
	uint32_t tmp, nh, len;

	if (m->data_len != m->pkt_len) {
		DP_DROP(w, m, ipv4_local_unhandled);
		return;
	}
	nh = dp_lookup4(w->g, 0, ip->src_addr);
	if (nh == SRV6GW_NH_NONE) {
		DP_DROP(w, m, no_route);
		return;
	}
	len = m->pkt_len - hl;
	ic = rte_pktmbuf_mtod_offset(m, struct srv6gw_icmp_hdr *, hl);
	tmp = ip->src_addr;
	ip->src_addr = ip->dst_addr;
	ip->dst_addr = tmp;
	ip->time_to_live = 64;
	ip->packet_id = 0;
	ip->fragment_offset = 0;
	ip->type_of_service = 0;
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	ic->type = SRV6GW_ICMP4_ECHO_REPLY;
	ic->cksum = 0;
	ic->cksum = (uint16_t)~rte_raw_cksum(ic, len);
	DP_EV(w, echo_replies_sent);
	dp_ipv4_output(w, m, nh);
}
