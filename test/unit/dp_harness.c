/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* Unit-test harness for the datapath: see dp_harness.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include "cp/cp.h"
#include "dp_harness.h"

static struct {
	bool eal;
	struct rte_mempool *pool, *gen_pool, *fd, *fi;
	struct rte_ring *rx[2], *tx[2];
	uint16_t port[2];
	struct srv6gw_worker *w;
	struct rte_rcu_qsbr *qsbr;
	volatile bool stop;
} H;

static const uint8_t nbr_mac[2][6] = {
	{ 0x02, 0, 0, 0, 0xee, 0xfe },      /* edge neighbour 192.0.2.254 */
	{ 0x02, 0, 0, 0, 0x0c, 0x02 },      /* core neighbour fc00:c::2 */
};

/* the unit tests' EAL and pools */
static const struct h_opts h_defaults = {
	.name = "unit", .mem_mb = "512", .file_prefix = NULL, .log_level = "lib.*:error",
	.rx_mbufs = 4095, .aux_mbufs = 1023,
};

int
h_init(const struct h_opts *o)
{
	char *argv[16];
	int argc = 0;

	if (H.eal)
		return 0;
	if (o == NULL)
		o = &h_defaults;
	argv[argc++] = (char *)o->name;
	argv[argc++] = "--no-huge";
	argv[argc++] = "-m";
	argv[argc++] = (char *)o->mem_mb;
	argv[argc++] = "--no-pci";
	argv[argc++] = "--no-shconf";
	argv[argc++] = "-l";
	argv[argc++] = "0";
	if (o->file_prefix != NULL) {
		argv[argc++] = "--file-prefix";
		argv[argc++] = (char *)o->file_prefix;
	}
	argv[argc++] = "--log-level";
	argv[argc++] = (char *)o->log_level;
	argv[argc] = NULL;
	if (rte_eal_init(argc, argv) < 0)
		return -1;
	H.eal = true;
	/* cache size 0: rte_mempool_in_use_count() is exact */
	H.pool = rte_pktmbuf_pool_create("h_pool", o->rx_mbufs, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	H.gen_pool = rte_pktmbuf_pool_create("h_gen", o->aux_mbufs, 0, 0,
					     RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	H.fd = rte_pktmbuf_pool_create("h_fd", o->aux_mbufs, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	H.fi = rte_pktmbuf_pool_create("h_fi", o->aux_mbufs, 0, 0, 0, 0);
	if (H.pool == NULL || H.gen_pool == NULL || H.fd == NULL || H.fi == NULL)
		return -1;
	for (int i = 0; i < 2; i++) {
		char n[32];

		snprintf(n, sizeof(n), "h_rx%d", i);
		H.rx[i] = rte_ring_create(n, 1024, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
		snprintf(n, sizeof(n), "h_tx%d", i);
		H.tx[i] = rte_ring_create(n, 1024, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
		snprintf(n, sizeof(n), "h_port%d", i);
		int p = rte_eth_from_rings(n, &H.rx[i], 1, &H.tx[i], 1, 0);

		if (p < 0)
			return -1;
		struct rte_eth_conf conf;

		memset(&conf, 0, sizeof(conf));
		H.port[i] = (uint16_t)p;
		if (rte_eth_dev_configure(H.port[i], 1, 1, &conf) != 0 ||
		    rte_eth_rx_queue_setup(H.port[i], 0, 1024, 0, NULL, H.pool) != 0 ||
		    rte_eth_tx_queue_setup(H.port[i], 0, 1024, 0, NULL) != 0 ||
		    rte_eth_dev_start(H.port[i]) != 0)
			return -1;
	}
	return srv6gw_neigh_init();
}

struct srv6gw_worker *
h_worker_new(void)
{
	H.w = rte_zmalloc(NULL, sizeof(*H.w), RTE_CACHE_LINE_SIZE);
	if (H.w == NULL)
		abort();
	H.w->st = rte_zmalloc(NULL, sizeof(*H.w->st), RTE_CACHE_LINE_SIZE);
	if (H.w->st == NULL)
		abort();
	H.w->n_ports = 2;
	H.w->dpdk_port[0] = H.port[0];
	H.w->dpdk_port[1] = H.port[1];
	H.w->gen_pool = H.gen_pool;
	H.w->frag_direct = H.fd;
	H.w->frag_indirect = H.fi;
	H.w->tsc_hz = rte_get_tsc_hz();
	H.w->stop = &H.stop;
	return H.w;
}

int
h_setup(const char *config_path)
{
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *cfg;
	struct rte_ether_addr macs[SRV6GW_MAX_PORTS];
	char err[256] = "";
	struct srv6gw_gen *g;

	if (h_init(NULL) < 0)
		return -1;
	cfg = srv6gw_config_load(config_path, &errs);
	if (cfg == NULL) {
		srv6gw_cfg_errors_print(&errs, stderr);
		return -1;
	}
	memset(macs, 0, sizeof(macs));
	/* every port up before the build: policies are evaluated against it */
	memset(srv6gw_link_up, 1, sizeof(srv6gw_link_up));
	g = srv6gw_gen_build(cfg, macs, 1, 1, err, sizeof(err));
	if (g == NULL) {
		fprintf(stderr, "gen_build: %s\n", err);
		srv6gw_config_free(cfg);
		return -1;
	}
	srv6gw_gen_current = g;
	memset(srv6gw_link_up, 1, sizeof(srv6gw_link_up));
	h_worker_new();
	return 0;
}

int
h_reload(const char *config_path)
{
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *cfg = srv6gw_config_load(config_path, &errs);
	struct rte_ether_addr macs[SRV6GW_MAX_PORTS];
	const uint64_t id = srv6gw_gen_current->id + 1;
	char err[256] = "";

	if (cfg == NULL) {
		srv6gw_cfg_errors_print(&errs, stderr);
		return -1;
	}
	/* (the old one first: the unit tests' memory holds one generation) */
	h_tx_drain();
	srv6gw_gen_free(srv6gw_gen_current);
	memset(macs, 0, sizeof(macs));
	/* every port up before the build, as h_setup() */
	memset(srv6gw_link_up, 1, sizeof(srv6gw_link_up));
	srv6gw_gen_current = srv6gw_gen_build(cfg, macs, 1, id, err, sizeof(err));
	if (srv6gw_gen_current == NULL) {
		fprintf(stderr, "gen_build: %s\n", err);
		srv6gw_config_free(cfg);
		return -1;
	}
	return 0;
}

void
h_teardown(void)
{
	h_tx_drain();
	srv6gw_gen_free(srv6gw_gen_current);
	srv6gw_gen_current = NULL;
	if (H.w != NULL)
		rte_free(H.w->st);
	rte_free(H.w);
	H.w = NULL;
}

struct srv6gw_worker *
h_worker(void)
{
	return H.w;
}

struct rte_mempool *
h_pool(void)
{
	return H.pool;
}

void
h_rx(uint16_t port, struct rte_mbuf **pkts, uint16_t n)
{
	H.w->g = srv6gw_gen_current;
	H.w->now = rte_rdtsc();
	dp_process_burst(H.w, port, pkts, n);
	dp_flush(H.w);
}

unsigned int
h_tx(uint16_t port, struct rte_mbuf **out, unsigned int max)
{
	return rte_ring_dequeue_burst(H.tx[port], (void **)out, max, NULL);
}

void
h_tx_drain(void)
{
	struct rte_mbuf *m[64];
	unsigned int n, i, p;

	for (p = 0; p < 2; p++)
		while ((n = h_tx(p, m, 64)) > 0)
			for (i = 0; i < n; i++)
				rte_pktmbuf_free(m[i]);
}

uint64_t
h_drop(enum srv6gw_drop d)
{
	return H.w->st->drops[d];
}

uint64_t
h_event(enum srv6gw_event e)
{
	return H.w->st->ev[e];
}

/* ---- builder ---- */

void
h_addr(const char *s, uint8_t *out)
{
	if (inet_pton(AF_INET6, s, out) != 1 && inet_pton(AF_INET, s, out) != 1)
		abort();
}

void *
h_put(struct rte_mbuf *m, const void *data, uint16_t len)
{
	void *p = rte_pktmbuf_append(m, len);

	if (p == NULL)
		abort();
	if (data != NULL)
		memcpy(p, data, len);
	else
		memset(p, 0, len);
	return p;
}

void
h_headroom(struct rte_mbuf *m, uint16_t room)
{
	memmove((uint8_t *)m->buf_addr + room, rte_pktmbuf_mtod(m, uint8_t *), m->data_len);
	m->data_off = room;
}

struct rte_mbuf *
h_eth(uint16_t port, uint16_t ether_type)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(H.pool);
	struct rte_ether_hdr *e = h_put(m, NULL, sizeof(*e));

	memcpy(&e->dst_addr, &srv6gw_gen_current->ports[port].mac, 6);
	memcpy(&e->src_addr, nbr_mac[port], 6);
	e->ether_type = rte_cpu_to_be_16(ether_type);
	return m;
}

struct rte_ipv6_hdr *
h_ip6(struct rte_mbuf *m, const char *src, const char *dst, uint8_t nh, uint8_t hl)
{
	struct rte_ipv6_hdr *ip = h_put(m, NULL, sizeof(*ip));

	ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
	ip->proto = nh;
	ip->hop_limits = hl;
	h_addr(src, ip->src_addr);
	h_addr(dst, ip->dst_addr);
	return ip;
}

struct srv6gw_srh *
h_srh(struct rte_mbuf *m, uint8_t nh, const char *const *segs, unsigned int n, uint8_t sl,
      uint8_t le)
{
	struct srv6gw_srh *s = h_put(m, NULL, 8 + 16 * n);
	unsigned int i;

	s->next_hdr = nh;
	s->hdr_len = 2 * n;
	s->type = 4;
	s->segments_left = sl;
	s->last_entry = le;
	for (i = 0; i < n; i++)
		h_addr(segs[n - 1 - i], s->segments[i]);
	return s;
}

struct rte_ipv4_hdr *
h_ip4_udp(struct rte_mbuf *m, const char *src, const char *dst, uint8_t ttl, uint16_t plen,
	  bool df)
{
	struct rte_ipv4_hdr *ip = h_put(m, NULL, sizeof(*ip));
	struct rte_udp_hdr *u = h_put(m, NULL, sizeof(*u));
	uint8_t *d = h_put(m, NULL, plen);

	for (unsigned int i = 0; i < plen; i++)
		d[i] = (uint8_t)i;
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(sizeof(*ip) + sizeof(*u) + plen);
	ip->packet_id = rte_cpu_to_be_16(0x1234);
	ip->fragment_offset = df ? rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG) : 0;
	ip->time_to_live = ttl;
	ip->next_proto_id = IPPROTO_UDP;
	h_addr(src, (uint8_t *)&ip->src_addr);
	h_addr(dst, (uint8_t *)&ip->dst_addr);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	u->src_port = rte_cpu_to_be_16(1000);
	u->dst_port = rte_cpu_to_be_16(2000);
	u->dgram_len = rte_cpu_to_be_16(sizeof(*u) + plen);
	return ip;
}

struct rte_ipv6_hdr *
h_ip6_udp(struct rte_mbuf *m, const char *src, const char *dst, uint8_t hl, uint16_t plen)
{
	struct rte_ipv6_hdr *ip = h_ip6(m, src, dst, IPPROTO_UDP, hl);
	struct rte_udp_hdr *u = h_put(m, NULL, sizeof(*u));

	h_put(m, NULL, plen);
	ip->payload_len = rte_cpu_to_be_16(sizeof(*u) + plen);
	u->src_port = rte_cpu_to_be_16(1000);
	u->dst_port = rte_cpu_to_be_16(2000);
	u->dgram_len = ip->payload_len;
	return ip;
}

void
h_icmp6_echo(struct rte_mbuf *m, uint16_t id, uint16_t seq, uint16_t plen)
{
	struct srv6gw_icmp_hdr *ic = h_put(m, NULL, sizeof(*ic));

	ic->type = SRV6GW_ICMP6_ECHO_REQUEST;
	ic->data = rte_cpu_to_be_32((uint32_t)id << 16 | seq);
	h_put(m, NULL, plen);
}

void
h_ip6_finish(struct rte_mbuf *m)
{
	struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *,
							  RTE_ETHER_HDR_LEN);
	struct dp_ext x;
	struct rte_mbuf tmp;

	ip->payload_len = rte_cpu_to_be_16(m->pkt_len - RTE_ETHER_HDR_LEN - sizeof(*ip));
	/* compute an ICMPv6 checksum when the upper layer is ICMPv6 */
	tmp = *m;
	tmp.data_off += RTE_ETHER_HDR_LEN;
	tmp.data_len -= RTE_ETHER_HDR_LEN;
	tmp.pkt_len -= RTE_ETHER_HDR_LEN;
	if (dp_ext_walk(&tmp, &x, false) == 0 && x.ul_proto == SRV6GW_IPPROTO_ICMPV6) {
		struct srv6gw_icmp_hdr *ic = (struct srv6gw_icmp_hdr *)((uint8_t *)ip + x.ul_off);
		uint8_t final_dst[16];
		struct rte_ipv6_hdr ph = *ip;

		/* RFC 8200 §8.1: the pseudo-header uses the final destination */
		memcpy(final_dst, ip->dst_addr, 16);
		if (x.rh_off != 0) {
			struct srv6gw_srh *s = (struct srv6gw_srh *)((uint8_t *)ip + x.rh_off);

			memcpy(final_dst, s->segments[0], 16);
		}
		memcpy(ph.dst_addr, final_dst, 16);
		ic->cksum = 0;
		ic->cksum = dp_ipv6_l4_cksum(&ph, ic, m->pkt_len - RTE_ETHER_HDR_LEN - x.ul_off,
					     SRV6GW_IPPROTO_ICMPV6);
	}
}
