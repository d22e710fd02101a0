/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* ARP (RFC 826) and IPv6 Neighbor Discovery (RFC 4861) for our addresses. */
#include <rte_arp.h>
#include <rte_cycles.h>
#include <rte_hash.h>

#include "dp.h"
#include "neigh.h"
#include "tx.h"

void
neigh_learn_addr(struct srv6gw_worker *w, uint16_t port, uint8_t family, const uint8_t *addr,
		const struct rte_ether_addr *mac, bool create)
{
	struct srv6gw_neigh_key k;
	int32_t idx;

	if (rte_is_multicast_ether_addr(mac) || rte_is_zero_ether_addr(mac))
		return;
	neigh_key_make(&k, port, family, addr);
	idx = neigh_lookup(&k);
	if (idx >= 0) {
		if (neigh_learn(&srv6gw_neigh.e[idx], mac, w->now))
			DP_EV(w, neigh_learned);
	} else if (create) {
		neigh_request(&k, neigh_mac_l2(mac) | SRV6GW_NEIGH_VALID);
	}
}

/* ---- ARP ---- */

static struct rte_ether_hdr *
eth_of(struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod_offset(m, struct rte_ether_hdr *, -(int)sizeof(struct rte_ether_hdr));
}

static bool
is_our_v4(const struct srv6gw_gen *g, uint16_t port, uint32_t addr_be)
{
	uint8_t key[16];

	srv6gw_addr_tab_key4(key, addr_be);
	return srv6gw_addr_tab_get(&g->local4, key) == port;
}

void
dp_arp_input(struct srv6gw_worker *w, struct rte_mbuf *m)
{
	struct rte_arp_hdr *a = rte_pktmbuf_mtod(m, struct rte_arp_hdr *);
	uint16_t port = m->port;
	uint32_t tip;

	if (m->data_len < sizeof(*a) || a->arp_hardware != rte_cpu_to_be_16(RTE_ARP_HRD_ETHER) ||
	    a->arp_protocol != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) || a->arp_hlen != 6 ||
	    a->arp_plen != 4) {
		DP_DROP(w, m, arp_malformed);
		return;
	}
	tip = a->arp_data.arp_tip;
	if (a->arp_opcode == rte_cpu_to_be_16(RTE_ARP_OP_REPLY)) {
		neigh_learn_addr(w, port, AF_INET, (uint8_t *)&a->arp_data.arp_sip,
				&a->arp_data.arp_sha, false);
		rte_pktmbuf_free(m);
		return;
	}
	if (a->arp_opcode != rte_cpu_to_be_16(RTE_ARP_OP_REQUEST) ||
	    !is_our_v4(w->g, port, tip)) {
		DP_DROP(w, m, arp_not_for_us);
		return;
	}
	/* RFC 826: the requester's mapping is learned by the target */
	neigh_learn_addr(w, port, AF_INET, (uint8_t *)&a->arp_data.arp_sip,
			&a->arp_data.arp_sha, true);
	/* answer in place */
	struct rte_ether_hdr *eth = eth_of(m);
	const struct rte_ether_addr *mac = &w->g->ports[port].mac;

	a->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REPLY);
	a->arp_data.arp_tha = a->arp_data.arp_sha;
	a->arp_data.arp_tip = a->arp_data.arp_sip;
	a->arp_data.arp_sha = *mac;
	a->arp_data.arp_sip = tip;
	eth->dst_addr = a->arp_data.arp_tha;
	eth->src_addr = *mac;
	rte_pktmbuf_prepend(m, sizeof(*eth));
	rte_pktmbuf_trim(m, m->pkt_len - sizeof(*eth) - sizeof(*a));
	DP_EV(w, arp_replies_sent);
	dp_tx_l2(w, m, port);
}

/* ---- Neighbor Discovery ---- */

/** Find option @p type in ND options [opt, end); returns its MAC or NULL. */
static const struct rte_ether_addr *
nd_opt_lla(const uint8_t *opt, const uint8_t *end, uint8_t type)
{
	while (opt + 2 <= end) {
		unsigned int len = opt[1] * 8u;

		if (len == 0 || opt + len > end)
			return NULL;
		if (opt[0] == type && len >= 8)
			return (const struct rte_ether_addr *)(opt + 2);
		opt += len;
	}
	return NULL;
}

static bool
is_our_v6(const struct srv6gw_gen *g, uint16_t port, const uint8_t *addr)
{
	return srv6gw_addr_tab_get(&g->local6, addr) == port;
}

/** Answer a Neighbor Solicitation in place (RFC 4861 §7.2.4). */
static void
nd_advertise(struct srv6gw_worker *w, struct rte_mbuf *m, const struct rte_ether_addr *slla)
{
	struct rte_ipv6_hdr *ip = dp_ip6(m);
	struct srv6gw_nd_msg *nd = (struct srv6gw_nd_msg *)(ip + 1);
	const struct rte_ether_addr *mac = &w->g->ports[m->port].mac;
	struct rte_ether_hdr *eth = eth_of(m);
	uint8_t *opt = (uint8_t *)(nd + 1);
	uint32_t flags = SRV6GW_NA_FLAG_ROUTER | SRV6GW_NA_FLAG_OVERRIDE;
	uint16_t plen = sizeof(*nd) + 8;

	if (srv6gw_ip6_is_unspecified(ip->src_addr)) {
		/* DAD probe: answer to all-nodes, not solicited */
		static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };

		memcpy(ip->dst_addr, all_nodes, 16);
		eth->dst_addr = (struct rte_ether_addr){ { 0x33, 0x33, 0, 0, 0, 1 } };
	} else {
		flags |= SRV6GW_NA_FLAG_SOLICITED;
		memcpy(ip->dst_addr, ip->src_addr, 16);
		eth->dst_addr = slla != NULL ? *slla : eth->src_addr;
	}
	memcpy(ip->src_addr, nd->target, 16);
	ip->hop_limits = 255;
	ip->payload_len = rte_cpu_to_be_16(plen);
	ip->proto = SRV6GW_IPPROTO_ICMPV6;
	nd->type = SRV6GW_ND_NEIGHBOR_ADVERT;
	nd->code = 0;
	nd->flags = rte_cpu_to_be_32(flags);
	opt[0] = SRV6GW_ND_OPT_TLLA;
	opt[1] = 1;
	memcpy(opt + 2, mac, 6);
	nd->cksum = 0;
	nd->cksum = dp_ipv6_l4_cksum(ip, nd, plen, SRV6GW_IPPROTO_ICMPV6);
	rte_pktmbuf_trim(m, m->pkt_len - sizeof(*ip) - plen);
	eth->src_addr = *mac;
	rte_pktmbuf_prepend(m, sizeof(*eth));
	DP_EV(w, nd_advert_sent);
	dp_tx_l2(w, m, m->port);
}

bool
dp_nd_input(struct srv6gw_worker *w, struct rte_mbuf *m, const struct dp_ext *x)
{
	struct rte_ipv6_hdr *ip = dp_ip6(m);
	struct srv6gw_nd_msg *nd;
	const uint8_t *end;
	const struct rte_ether_addr *lla;
	uint32_t len;

	if (x->ul_proto != SRV6GW_IPPROTO_ICMPV6 || x->ul_off != sizeof(*ip))
		return false;
	len = rte_be_to_cpu_16(ip->payload_len);
	if (len < sizeof(*nd) || m->data_len < sizeof(*ip) + len)
		return false;
	nd = (struct srv6gw_nd_msg *)(ip + 1);
	if (nd->type != SRV6GW_ND_NEIGHBOR_SOLICIT && nd->type != SRV6GW_ND_NEIGHBOR_ADVERT)
		return false;
	/* RFC 4861 §7.1: hop limit 255, code 0, valid checksum */
	if (ip->hop_limits != 255 || nd->code != 0 ||
	    dp_ipv6_l4_cksum(ip, nd, len, SRV6GW_IPPROTO_ICMPV6) != 0) {
		DP_DROP(w, m, ipv6_malformed);
		return true;
	}
	end = (const uint8_t *)nd + len;
	if (nd->type == SRV6GW_ND_NEIGHBOR_ADVERT) {
		lla = nd_opt_lla((const uint8_t *)(nd + 1), end, SRV6GW_ND_OPT_TLLA);
		if (lla != NULL)
			neigh_learn_addr(w, m->port, AF_INET6, nd->target, lla, false);
		rte_pktmbuf_free(m);
		return true;
	}
	if (!is_our_v6(w->g, m->port, nd->target)) {
		DP_DROP(w, m, ipv6_multicast);
		return true;
	}
	lla = nd_opt_lla((const uint8_t *)(nd + 1), end, SRV6GW_ND_OPT_SLLA);
	if (lla != NULL && !srv6gw_ip6_is_unspecified(ip->src_addr))
		neigh_learn_addr(w, m->port, AF_INET6, ip->src_addr, lla, true);
	nd_advertise(w, m, lla);
	return true;
}

/* ---- solicitation ---- */

static struct rte_mbuf *
build_arp_request(struct srv6gw_worker *w, const struct srv6gw_neigh *n)
{
	const struct srv6gw_port_rt *pr = &w->g->ports[n->port];
	struct rte_mbuf *m;
	struct rte_ether_hdr *eth;
	struct rte_arp_hdr *a;

	if ((m = rte_pktmbuf_alloc(w->gen_pool)) == NULL)
		return NULL;
	eth = (struct rte_ether_hdr *)rte_pktmbuf_append(m, sizeof(*eth) + sizeof(*a));
	a = (struct rte_arp_hdr *)(eth + 1);
	memset(&eth->dst_addr, 0xff, 6);
	eth->src_addr = pr->mac;
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP);
	a->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
	a->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	a->arp_hlen = 6;
	a->arp_plen = 4;
	a->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REQUEST);
	a->arp_data.arp_sha = pr->mac;
	memcpy(&a->arp_data.arp_sip, pr->v4, 4);
	memset(&a->arp_data.arp_tha, 0, 6);
	memcpy(&a->arp_data.arp_tip, n->addr, 4);
	DP_EV(w, arp_requests_sent);
	return m;
}

static struct rte_mbuf *
build_ns(struct srv6gw_worker *w, const struct srv6gw_neigh *n)
{
	const struct srv6gw_port_rt *pr = &w->g->ports[n->port];
	const uint16_t plen = sizeof(struct srv6gw_nd_msg) + 8;
	struct rte_ether_hdr *eth;
	struct rte_ipv6_hdr *ip;
	struct srv6gw_nd_msg *nd;
	struct rte_mbuf *m;
	uint8_t *opt;

	if ((m = rte_pktmbuf_alloc(w->gen_pool)) == NULL)
		return NULL;
	eth = (struct rte_ether_hdr *)rte_pktmbuf_append(m, sizeof(*eth) + sizeof(*ip) + plen);
	ip = (struct rte_ipv6_hdr *)(eth + 1);
	nd = (struct srv6gw_nd_msg *)(ip + 1);
	opt = (uint8_t *)(nd + 1);
	/* solicited-node multicast, RFC 4291 §2.7.1; MAC per RFC 2464 §7 */
	static const uint8_t sn[13] = { 0xff, 0x02, [11] = 1, [12] = 0xff };
	memcpy(ip->dst_addr, sn, 13);
	memcpy(ip->dst_addr + 13, n->addr + 13, 3);
	eth->dst_addr = (struct rte_ether_addr){ { 0x33, 0x33, 0xff, n->addr[13], n->addr[14],
						     n->addr[15] } };
	eth->src_addr = pr->mac;
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6);
	ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
	ip->payload_len = rte_cpu_to_be_16(plen);
	ip->proto = SRV6GW_IPPROTO_ICMPV6;
	ip->hop_limits = 255;
	memcpy(ip->src_addr, pr->v6, 16);
	memset(nd, 0, sizeof(*nd));
	nd->type = SRV6GW_ND_NEIGHBOR_SOLICIT;
	memcpy(nd->target, n->addr, 16);
	opt[0] = SRV6GW_ND_OPT_SLLA;
	opt[1] = 1;
	memcpy(opt + 2, &pr->mac, 6);
	nd->cksum = dp_ipv6_l4_cksum(ip, nd, plen, SRV6GW_IPPROTO_ICMPV6);
	DP_EV(w, nd_solicit_sent);
	return m;
}

bool
neigh_solicit(struct srv6gw_worker *w, struct srv6gw_neigh *n)
{
	uint64_t last = __atomic_load_n(&n->last_solicit, __ATOMIC_RELAXED);
	const struct srv6gw_port_rt *pr = &w->g->ports[n->port];
	struct rte_mbuf *m;

	/* no address of that family on the port: nothing to ask from */
	if (n->family == AF_INET ? !pr->has_v4 : !pr->has_v6)
		return false;
	if (last != 0 && w->now - last < w->tsc_hz)
		return false;
	/* one worker wins the right to solicit this second */
	if (!__atomic_compare_exchange_n(&n->last_solicit, &last, w->now, false,
			__ATOMIC_RELAXED, __ATOMIC_RELAXED))
		return false;
	m = n->family == AF_INET ? build_arp_request(w, n) : build_ns(w, n);
	if (m == NULL) {
		w->st->drops[SRV6GW_C_no_mbuf]++;
		return false;
	}
	dp_tx_l2(w, m, n->port);
	return true;
}
