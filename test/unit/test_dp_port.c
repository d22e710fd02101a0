/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Datapath unit tests on synthetic mbufs, the ports: the Ethernet stage's
 * filter, a link that is down, a frame in an external buffer, and
 * neighbour reachability (RFC 4861 §7.3, applied to ARP too).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <cmocka.h>

#include <rte_arp.h>
#include <rte_cycles.h>
#include <rte_malloc.h>

#include "dp_util.h"

/*
 * The Ethernet stage (rx.c l2_input): a frame is ours when its destination
 * is the port's address or a group address (IEEE 802 I/G bit, the first
 * byte's lowest); anything else is dropped as l2_other_host, whatever its
 * source; a frame shorter than an Ethernet header as l2_truncated. Each
 * case alone, then all of them in one burst.
 */
static void
test_l2_filter(void **state)
{
	static const struct {
		int byte;               /* destination byte to change (-1: none) */
		uint8_t x;              /* XORed into it */
		bool ours;
	} c[] = {
		{ -1, 0, true }, { 5, 0x01, false }, { 4, 0x80, false }, { 0, 0x02, false },
		{ 0, 0x01, true },      /* the group bit: a multicast address */
		{ 1, 0x01, false },     /* the same bit in another byte */
		{ 6, 0xff, true },      /* a source byte: not the destination */
		{ 7, 0x5a, true },
	};
	const char *segs[] = { "fc00:1::e", "fc00:2::e" };
	struct rte_mbuf *in[RTE_DIM(c) + 2], *o[RTE_DIM(c) + 2];
	uint64_t other = h_drop(SRV6GW_C_l2_other_host), trunc = h_drop(SRV6GW_C_l2_truncated);
	unsigned int i, round, ours = 0, n, k;

	(void)state;
	for (i = 0; i < RTE_DIM(c); i++)
		ours += c[i].ours;
	for (round = 0; round < 2; round++) {
		for (i = 0, n = 0; i < RTE_DIM(c) + 2; i++) {
			uint8_t *eth;

			in[n] = srv6_pkt("fc00:1::e", segs, 2, 1, 64);
			eth = rte_pktmbuf_mtod(in[n], uint8_t *);
			if (i < RTE_DIM(c) && c[i].byte >= 0)
				eth[c[i].byte] ^= c[i].x;
			else if (i == RTE_DIM(c))               /* broadcast */
				memset(eth, 0xff, RTE_ETHER_ADDR_LEN);
			else if (i == RTE_DIM(c) + 1)           /* 13 bytes */
				rte_pktmbuf_trim(in[n], (uint16_t)(rte_pktmbuf_pkt_len(in[n]) - 13));
			if (round == 1) {
				n++;
				continue;
			}
			h_rx(H_CORE, &in[n], 1);
			k = h_tx(H_CORE, o, RTE_DIM(o));
			assert_int_equal(k, i < RTE_DIM(c) ? c[i].ours : i == RTE_DIM(c));
			if (k != 0)
				rte_pktmbuf_free(o[0]);
		}
		if (round == 1) {
			h_rx(H_CORE, in, (uint16_t)n);
			k = h_tx(H_CORE, o, RTE_DIM(o));
			assert_int_equal(k, ours + 1);
			while (k != 0)
				rte_pktmbuf_free(o[--k]);
		}
		assert_int_equal(h_drop(SRV6GW_C_l2_other_host),
				 other + (round + 1) * (RTE_DIM(c) - ours));
		assert_int_equal(h_drop(SRV6GW_C_l2_truncated), trunc + round + 1);
	}
}

/* A port whose link is down: what would leave through it is dropped, no ICMP */
static void
test_link_down(void **state)
{
	const char *segs[] = { "fc00:1::e", "fc00:2::e" };
	struct rte_mbuf *m = srv6_pkt("fc00:1::e", segs, 2, 1, 64), *o;
	uint64_t before = h_drop(SRV6GW_C_link_down);

	(void)state;
	srv6gw_link_up[H_CORE] = 0;
	h_rx(H_CORE, &m, 1);
	nothing_out();
	assert_int_equal(h_drop(SRV6GW_C_link_down), before + 1);
	srv6gw_link_up[H_CORE] = 1;
	o = one(H_CORE, srv6_pkt("fc00:1::e", segs, 2, 1, 64), H_CORE);
	rte_pktmbuf_free(o);
}

static unsigned int extbuf_freed;

static void
extbuf_free_cb(void *addr, void *opaque)
{
	(void)opaque;
	rte_free(addr);
	extbuf_freed++;
}

/*
 * A packet whose data lives in an external buffer (rte_pktmbuf_attach_extbuf,
 * as PMDs that receive into their own memory deliver it) is forwarded, and
 * when the transmitted mbuf is freed the buffer goes back through its own
 * callback, once; the mbuf returns to its pool. Found by test/fuzz/fuzz_rx:
 * the TX path used to clear every ol_flags bit, RTE_MBUF_F_EXTERNAL with
 * them, so the buffer leaked and the pool mbuf kept pointing at it.
 */
static void
test_extbuf_forward(void **state)
{
	const char *segs[] = { "fc00:1::e", "fc00:2::e" };
	struct rte_mbuf *src = srv6_pkt("fc00:1::e", segs, 2, 1, 64), *m, *o;
	struct rte_mbuf_ext_shared_info *sh;
	unsigned int in_use;
	uint16_t len = (uint16_t)src->pkt_len, buf_len;
	uint8_t *buf;

	(void)state;
	/* + 8: the helper aligns the shared info down to 8 bytes */
	buf_len = (uint16_t)(RTE_PKTMBUF_HEADROOM + len + sizeof(*sh) + 8);
	buf = rte_malloc(NULL, buf_len, 0);
	assert_non_null(buf);
	sh = rte_pktmbuf_ext_shinfo_init_helper(buf, &buf_len, extbuf_free_cb, NULL);
	assert_non_null(sh);
	m = rte_pktmbuf_alloc(h_pool());
	assert_non_null(m);
	rte_pktmbuf_attach_extbuf(m, buf, rte_malloc_virt2iova(buf), buf_len, sh);
	m->data_off = RTE_PKTMBUF_HEADROOM;
	memcpy(rte_pktmbuf_mtod(m, void *), rte_pktmbuf_mtod(src, void *), len);
	m->data_len = m->pkt_len = len;
	rte_pktmbuf_free(src);
	in_use = rte_mempool_in_use_count(h_pool());       /* m included */
	extbuf_freed = 0;
	o = one(H_CORE, m, H_CORE);
	assert_true(RTE_MBUF_HAS_EXTBUF(o));
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::e");
	rte_pktmbuf_free(o);
	assert_int_equal(extbuf_freed, 1);
	assert_int_equal(rte_mempool_in_use_count(h_pool()), in_use - 1);
}

/* ---- neighbour reachability (RFC 4861 §7.3, applied to ARP too) ---- */

static struct rte_mbuf *
to_onlink(void)
{
	struct rte_mbuf *m = h_eth(0, RTE_ETHER_TYPE_IPV4);

	h_ip4_udp(m, "198.51.100.1", "192.0.2.77", 40, 20, false);
	return m;
}

static void
arp_reply_from_77(void)
{
	struct rte_mbuf *m = h_eth(0, RTE_ETHER_TYPE_ARP);
	struct rte_arp_hdr *a = h_put(m, NULL, sizeof(*a));
	const struct rte_ether_addr mac = {{ 0x02, 0, 0, 0, 0xee, 0x77 }};

	a->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
	a->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	a->arp_hlen = 6;
	a->arp_plen = 4;
	a->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REPLY);
	a->arp_data.arp_sha = mac;
	h_addr("192.0.2.77", (uint8_t *)&a->arp_data.arp_sip);
	a->arp_data.arp_tha = srv6gw_gen_current->ports[0].mac;
	h_addr("192.0.2.1", (uint8_t *)&a->arp_data.arp_tip);
	h_rx(0, &m, 1);
}

static struct srv6gw_neigh *
neigh_77(void)
{
	uint8_t a[4];
	uint32_t i;

	h_addr("192.0.2.77", a);
	for (i = 0; i < srv6gw_neigh.n; i++)
		if (srv6gw_neigh.e[i].family == AF_INET && srv6gw_neigh.e[i].port == 0 &&
		    memcmp(srv6gw_neigh.e[i].addr, a, 4) == 0)
			return &srv6gw_neigh.e[i];
	return NULL;
}

/* Frames out of the edge port: how many ARP requests, how many forwarded to ee:77. */
static void
edge_out(unsigned int *arp, unsigned int *fwd)
{
	struct rte_mbuf *o[8];
	unsigned int n = h_tx(0, o, 8), i;

	*arp = *fwd = 0;
	for (i = 0; i < n; i++) {
		struct rte_ether_hdr *e = rte_pktmbuf_mtod(o[i], struct rte_ether_hdr *);

		if (e->ether_type == rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP))
			(*arp)++;
		else if (e->dst_addr.addr_bytes[5] == 0x77)
			(*fwd)++;
		rte_pktmbuf_free(o[i]);
	}
}

/*
 * A learned neighbour is used while confirmed within reachable_ms (30 s by
 * default); used after that, it is probed (ARP request) and still used for
 * `probes` seconds, then given up (MAC forgotten, neigh_unresolved) until it
 * answers again. Time is moved by ageing the entry's time stamps.
 */
static void
test_neighbor_reachability(void **state)
{
	const struct srv6gw_gen *g = srv6gw_gen_current;
	uint64_t unres = h_drop(SRV6GW_C_neigh_unresolved);
	uint64_t probed = h_event(SRV6GW_C_neigh_probed);
	uint64_t expired = h_event(SRV6GW_C_neigh_expired);
	struct rte_mbuf *m;
	struct srv6gw_neigh *n;
	unsigned int arp, fwd;

	(void)state;
	h_tx_drain();
	/* unknown on-link destination: dropped, ARP request, entry requested */
	m = to_onlink();
	h_rx(0, &m, 1);
	assert_int_equal(h_drop(SRV6GW_C_neigh_unresolved), unres + 1);
	srv6gw_neigh_poll();
	n = neigh_77();
	assert_non_null(n);
	h_tx_drain();
	/* the answer is learned; traffic flows */
	arp_reply_from_77();
	m = to_onlink();
	h_rx(0, &m, 1);
	edge_out(&arp, &fwd);
	assert_int_equal(fwd, 1);
	assert_int_equal(arp, 0);
	/* used after a silence far longer than reachable_ms + probes: still used
	 * (an idle neighbour is not given up), and a probe round begins */
	__atomic_store_n(&n->confirmed,
			 rte_rdtsc() - g->nud_reachable_tsc - 10 * g->nud_probe_tsc,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&n->last_solicit, 0, __ATOMIC_RELAXED);
	m = to_onlink();
	h_rx(0, &m, 1);
	edge_out(&arp, &fwd);
	assert_int_equal(fwd, 1);
	assert_int_equal(arp, 1);
	assert_int_equal(h_event(SRV6GW_C_neigh_probed), probed + 1);
	/* probing for longer than `probes` seconds, unanswered: given up, the
	 * packet counts as unresolved */
	__atomic_store_n(&n->probing_since, rte_rdtsc() - g->nud_probe_tsc - 1000,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&n->confirmed, n->probing_since - g->nud_reachable_tsc,
			 __ATOMIC_RELAXED);      /* before the round began */
	__atomic_store_n(&n->last_solicit, 0, __ATOMIC_RELAXED);
	m = to_onlink();
	h_rx(0, &m, 1);
	edge_out(&arp, &fwd);
	assert_int_equal(fwd, 0);
	assert_int_equal(arp, 1);
	assert_int_equal(h_drop(SRV6GW_C_neigh_unresolved), unres + 2);
	assert_int_equal(h_event(SRV6GW_C_neigh_expired), expired + 1);
	assert_int_equal(__atomic_load_n(&n->l2, __ATOMIC_RELAXED), 0);
	/* it answers again: used again */
	arp_reply_from_77();
	m = to_onlink();
	h_rx(0, &m, 1);
	edge_out(&arp, &fwd);
	assert_int_equal(fwd, 1);
	/* static neighbours never age (192.0.2.254, never "heard from") */
	m = h_eth(0, RTE_ETHER_TYPE_IPV4);
	h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, 20, false);
	h_rx(0, &m, 1);
	assert_int_equal(h_event(SRV6GW_C_neigh_expired), expired + 1);
	h_tx_drain();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_l2_filter),
		cmocka_unit_test(test_link_down),
		cmocka_unit_test(test_extbuf_forward),
		cmocka_unit_test(test_neighbor_reachability),
	};

	return cmocka_run_group_tests_name("datapath: ports", tests, setup, teardown);
}
