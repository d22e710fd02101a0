/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * SR policies on the datapath (conf/test/policy.conf): candidate-path
 * failover when a link goes down and back when it comes up (RFC 9256 §2.9,
 * §5.1), weighted lists losing an invalid member (§2.11), drop or route when
 * nothing is valid (§8.1, §8.2), a binding SID declared on a policy (§6),
 * steering by color and Flex-Algo FIBs (RFC 9350). Real ring ports, the real
 * generation and the real policy_state.c; the link state is what link.c
 * writes, then srv6gw_pstate_refresh() as the control loop calls it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <rte_udp.h>

#include "cp/cp.h"
#include "dp_harness.h"

#define CFG SRV6GW_SOURCE_ROOT "/conf/test/policy.conf"

enum { P_FO, P_PARTIAL, P_ALGO128, P_IGP, P_DEAD, P_DEADROUTE, P_LATER };

static struct rte_ipv6_hdr *
ip6_of(struct rte_mbuf *m)
{
	return (struct rte_ipv6_hdr *)h_l3(m);
}

static void
assert_addr(const uint8_t *got, const char *want)
{
	uint8_t a[16];

	h_addr(want, a);
	assert_memory_equal(got, a, strchr(want, ':') ? 16 : 4);
}

static void
set_link(uint16_t port, bool up)
{
	srv6gw_link_up[port] = up;
	srv6gw_pstate_refresh(srv6gw_gen_current, NULL);
}

static int
setup(void **state)
{
	(void)state;
	return h_setup(CFG);
}

static int
teardown(void **state)
{
	(void)state;
	h_teardown();
	return 0;
}

/* every test starts with both links up */
static int
links_up(void **state)
{
	(void)state;
	set_link(H_EDGE, true);
	set_link(H_CORE, true);
	h_tx_drain();
	return 0;
}

/* An IPv4/UDP packet from the site to @dst, source port @sport. */
static struct rte_mbuf *
site_pkt(const char *dst, uint16_t sport)
{
	struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4);
	struct rte_ipv4_hdr *ip = h_ip4_udp(m, "192.0.2.10", dst, 64, 30, false);

	((struct rte_udp_hdr *)(ip + 1))->src_port = rte_cpu_to_be_16(sport);
	return m;
}

/* Send one packet in on @in; it must come out of @out (and nothing else). */
static struct rte_mbuf *
one(uint16_t in, struct rte_mbuf *m, uint16_t out)
{
	struct rte_mbuf *o[4];

	h_rx(in, &m, 1);
	assert_int_equal(h_tx(out, o, 4), 1);
	assert_int_equal(h_tx(out == H_EDGE ? H_CORE : H_EDGE, o + 1, 3), 0);
	return o[0];
}

/* Frames transmitted on @port, freed; returns how many. */
static unsigned int
take(uint16_t port)
{
	struct rte_mbuf *o[8];
	unsigned int i, n = h_tx(port, o, 8);

	for (i = 0; i < n; i++)
		rte_pktmbuf_free(o[i]);
	return n;
}

static const struct srv6gw_pstate_pol *
pstate(unsigned int pol)
{
	return &srv6gw_gen_current->pstate->pol[pol];
}

/* struct srv6gw_pstate.one of policy @p pol: its one list, or NONE, or MIX */
static unsigned int
pstate_one(unsigned int pol)
{
	return srv6gw_gen_current->pstate->one[pol];
}

static uint64_t
list_packets(unsigned int pol, unsigned int list)
{
	const struct srv6gw_gen *g = srv6gw_gen_current;

	return srv6gw_pol_row(g, 0, pol)[list].packets;
}

/* The preferred candidate path (200, via core) carries the traffic. */
static void
test_primary(void **state)
{
	struct rte_mbuf *o = one(H_EDGE, site_pkt("203.0.113.5", 1), H_CORE);

	(void)state;
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::e");
	assert_int_equal(pstate(P_FO)->active, 0);
	assert_int_equal(pstate_one(P_FO), 0);
	rte_pktmbuf_free(o);
}

/* Core link down: cp 200 invalid, cp 100 (via edge) takes over; and back. */
static void
test_failover_and_back(void **state)
{
	uint64_t before = list_packets(P_FO, 1);
	uint32_t changes = pstate(P_FO)->changes;
	struct rte_mbuf *o;

	(void)state;
	set_link(H_CORE, false);
	assert_int_equal(pstate(P_FO)->active, 1);
	assert_int_equal(pstate(P_FO)->why[0], SRV6GW_LS_LINK_DOWN);
	assert_int_equal(pstate(P_FO)->why[1], SRV6GW_LS_VALID);
	assert_int_equal(pstate_one(P_FO), 1);
	o = one(H_EDGE, site_pkt("203.0.113.5", 1), H_EDGE);
	assert_addr(ip6_of(o)->dst_addr, "fc00:9::e");
	rte_pktmbuf_free(o);
	assert_int_equal(list_packets(P_FO, 1), before + 1);   /* CNT-2 of the backup list */
	assert_int_equal(h_drop(SRV6GW_C_link_down), 0);

	set_link(H_CORE, true);
	assert_int_equal(pstate(P_FO)->active, 0);
	assert_int_equal(pstate(P_FO)->changes, changes + 2);
	o = one(H_EDGE, site_pkt("203.0.113.5", 1), H_CORE);
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::e");
	rte_pktmbuf_free(o);
}

/* A refresh with nothing changed publishes nothing. */
static void
test_refresh_no_change(void **state)
{
	const struct srv6gw_pstate *st = srv6gw_gen_current->pstate;

	(void)state;
	assert_int_equal(srv6gw_pstate_refresh(srv6gw_gen_current, NULL), 0);
	assert_ptr_equal(srv6gw_gen_current->pstate, st);
	srv6gw_link_up[H_CORE] = 0;
	assert_int_equal(srv6gw_pstate_refresh(srv6gw_gen_current, NULL), 1);
	assert_ptr_not_equal(srv6gw_gen_current->pstate, st);
}

/* RFC 9256 §2.11: an invalid list of the active path gets no flows. */
static void
test_weighted_lists(void **state)
{
	unsigned int i, used[2] = { 0, 0 };
	struct rte_mbuf *m;
	char dst[32];

	(void)state;
	for (i = 0; i < 64; i++) {
		snprintf(dst, sizeof(dst), "198.18.1.%u", i + 1);
		m = site_pkt(dst, (uint16_t)(1000 + i));
		h_rx(H_EDGE, &m, 1);
		used[0] += take(H_CORE);
		used[1] += take(H_EDGE);
	}
	assert_true(used[0] > 8 && used[1] > 8);
	assert_int_equal(used[0] + used[1], 64);
	assert_int_equal(pstate_one(P_PARTIAL), SRV6GW_SEL_MIX);
	set_link(H_CORE, false);
	assert_int_equal(pstate(P_PARTIAL)->active, 0);         /* still the same path */
	for (i = 0; i < 64; i++) {
		snprintf(dst, sizeof(dst), "198.18.1.%u", i + 1);
		m = site_pkt(dst, (uint16_t)(1000 + i));
		rte_pktmbuf_free(one(H_EDGE, m, H_EDGE));
	}
	for (i = 0; i < SRV6GW_SEL_SLOTS; i++)
		assert_int_equal(pstate(P_PARTIAL)->sel[i], 1);
	assert_int_equal(pstate_one(P_PARTIAL), 1);
}

/*
 * A chunk of four packets into policy @p a (policy index @p pa, alike
 * IPv4 frames to @p dst[0..3]: dp_encap_same(); with @p pb's packet
 * third, dp_encap_steered()'s runs) must leave on @p port to @p sid, and
 * count on list 1 of each (RFC 8986 §6 CNT-2).
 */
static void
chunk_on_list1(const char *const *dst, unsigned int pa, unsigned int pb, uint16_t port,
	       const char *sid)
{
	struct rte_mbuf *m[4], *o[8];
	uint64_t a = list_packets(pa, 1), b = list_packets(pb, 1);
	unsigned int i, n;

	for (i = 0; i < 4; i++)
		m[i] = site_pkt(dst[i], (uint16_t)(2000 + i));
	h_rx(H_EDGE, m, 4);
	assert_int_equal(take(port == H_EDGE ? H_CORE : H_EDGE), 0);
	n = h_tx(port, o, 8);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++) {
		assert_addr(ip6_of(o[i])->dst_addr, sid);
		rte_pktmbuf_free(o[i]);
	}
	assert_int_equal(list_packets(pa, 1), a + (pa == pb ? 4 : 3));
	if (pa != pb)
		assert_int_equal(list_packets(pb, 1), b + 1);
}

/*
 * Chunks into a policy whose one carrying list is its second
 * (pstate->one 1) take that list, not list 0: "later" (its preferred
 * path listed second, list 0 valid too), then with the core link down
 * "fo" and "partial" (their first lists invalid), via the edge to
 * fc00:9::e.
 */
static void
test_sole_list_chunks(void **state)
{
	static const char *const later[4] = { "198.18.6.5", "198.18.6.6", "198.18.6.7",
					      "198.18.6.8" };
	static const char *const fo[2][4] = {
		{ "203.0.113.5", "203.0.113.6", "203.0.113.7", "203.0.113.8" },
		{ "203.0.113.5", "203.0.113.6", "198.18.1.7", "203.0.113.8" },
	};

	(void)state;
	assert_int_equal(pstate_one(P_LATER), 1);
	assert_int_equal(pstate(P_LATER)->why[0], SRV6GW_LS_VALID);
	chunk_on_list1(later, P_LATER, P_LATER, H_CORE, "fc00:2::e");
	set_link(H_CORE, false);
	assert_int_equal(pstate_one(P_FO), 1);
	assert_int_equal(pstate_one(P_PARTIAL), 1);
	chunk_on_list1(fo[0], P_FO, P_FO, H_EDGE, "fc00:9::e");
	chunk_on_list1(fo[1], P_FO, P_PARTIAL, H_EDGE, "fc00:9::e");
}

/* Both links down: no valid path for "fo": dropped and counted (§8.2). */
static void
test_all_invalid_drop(void **state)
{
	struct rte_mbuf *m = site_pkt("203.0.113.5", 1);
	uint64_t before = h_drop(SRV6GW_C_policy_down);

	(void)state;
	set_link(H_CORE, false);
	set_link(H_EDGE, false);
	assert_int_equal(pstate(P_FO)->active, SRV6GW_CP_NONE);
	assert_int_equal(pstate_one(P_FO), SRV6GW_SEL_NONE);
	h_rx(H_EDGE, &m, 1);
	assert_int_equal(take(H_CORE) + take(H_EDGE), 0);
	assert_int_equal(h_drop(SRV6GW_C_policy_down), before + 1);
}

/* No route to the only SID: down from the start; "route" routes instead (§8.1). */
static void
test_no_route(void **state)
{
	struct rte_mbuf *m = site_pkt("198.18.4.1", 1);
	uint64_t before = h_drop(SRV6GW_C_policy_down);
	struct rte_mbuf *r, *c[3], *o[4];
	unsigned int i;

	(void)state;
	assert_int_equal(pstate(P_DEAD)->active, SRV6GW_CP_NONE);
	assert_int_equal(pstate(P_DEAD)->why[0], SRV6GW_LS_NO_ROUTE);
	h_rx(H_EDGE, &m, 1);
	assert_int_equal(take(H_CORE) + take(H_EDGE), 0);
	assert_int_equal(h_drop(SRV6GW_C_policy_down), before + 1);

	r = one(H_EDGE, site_pkt("198.18.5.1", 1), H_EDGE);    /* 0.0.0.0/0 via edge */
	assert_int_equal(((struct rte_ipv4_hdr *)h_l3(r))->version_ihl >> 4, 4);
	assert_int_equal(((struct rte_ipv4_hdr *)h_l3(r))->time_to_live, 63);
	assert_int_equal(h_drop(SRV6GW_C_policy_down), before + 1);
	rte_pktmbuf_free(r);

	/* a chunk of three to hosts of the /24 (one answer, as frames:
	 * alike.c dp_express_same4(), encap.c dp_encap_one()): each stripped
	 * before dp_encap() routes it */
	for (i = 0; i < 3; i++)
		c[i] = site_pkt(i == 1 ? "198.18.5.2" : "198.18.5.1", (uint16_t)(1 + i));
	h_rx(H_EDGE, c, 3);
	assert_int_equal(h_tx(H_EDGE, o, 4), 3);
	assert_int_equal(take(H_CORE), 0);
	for (i = 0; i < 3; i++) {
		const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)h_l3(o[i]);

		assert_int_equal(ip->version_ihl, 0x45);
		assert_int_equal(ip->time_to_live, 63);
		assert_int_equal(((const uint8_t *)&ip->dst_addr)[3], i == 1 ? 2 : 1);
		rte_pktmbuf_free(o[i]);
	}
}

/*
 * RFC 9350: color 128 -> the algorithm-128 policy: SID from r2's algorithm-128
 * locator, routed in algorithm 128's FIB (edge); color 100 -> algorithm 0:
 * r2's uN (its locator address), main table (core). Same /32 in both FIBs.
 */
static void
test_flex_algo(void **state)
{
	struct rte_mbuf *o = one(H_EDGE, site_pkt("198.18.2.1", 1), H_EDGE);

	(void)state;
	assert_addr(ip6_of(o)->dst_addr, "fc00:2:80::d46");
	assert_int_equal(ip6_of(o)->proto, SRV6GW_IPPROTO_IPIP);  /* .Red, 1 SID: no SRH */
	rte_pktmbuf_free(o);
	o = one(H_EDGE, site_pkt("198.18.3.1", 1), H_CORE);
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::");
	rte_pktmbuf_free(o);
	/* algorithm 128 never falls back to algorithm 0 (RFC 9350 §14.1) */
	set_link(H_EDGE, false);
	assert_int_equal(pstate(P_ALGO128)->active, SRV6GW_CP_NONE);
	assert_int_equal(pstate(P_IGP)->active, 0);
}

/* RFC 9256 §6: the binding SID on policy "fo" (End.B6.Encaps) follows failover. */
static void
test_bsid_on_policy(void **state)
{
	const char *segs[] = { "fc00:1::b8", "fc00:5::1" };
	struct rte_mbuf *m, *o;

	(void)state;
	m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6(m, "fc00:c::2", "fc00:1::b8", SRV6GW_IPPROTO_ROUTING, 64);
	h_srh(m, SRV6GW_IPPROTO_IPV6, segs, 2, 1, 1);
	h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 32);
	h_ip6_finish(m);
	set_link(H_CORE, false);
	o = one(H_CORE, m, H_EDGE);
	assert_addr(ip6_of(o)->dst_addr, "fc00:9::e");
	assert_int_equal(ip6_of(o)->proto, SRV6GW_IPPROTO_ROUTING);
	rte_pktmbuf_free(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_primary, links_up),
		cmocka_unit_test_setup(test_failover_and_back, links_up),
		cmocka_unit_test_setup(test_refresh_no_change, links_up),
		cmocka_unit_test_setup(test_weighted_lists, links_up),
		cmocka_unit_test_setup(test_sole_list_chunks, links_up),
		cmocka_unit_test_setup(test_all_invalid_drop, links_up),
		cmocka_unit_test_setup(test_no_route, links_up),
		cmocka_unit_test_setup(test_flex_algo, links_up),
		cmocka_unit_test_setup(test_bsid_on_policy, links_up),
	};

	return cmocka_run_group_tests_name("policy datapath", tests, setup, teardown);
}
