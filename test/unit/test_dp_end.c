/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Datapath unit tests on synthetic mbufs, endpoint behaviours: End and its
 * flavours (PSP, USD), End.X, End.T, the decapsulations (End.DX4, End.DT4,
 * End.DT6, End.DT46; RFC 6040 ECN), End.B6.Encaps, the resubmission of a
 * packet to a local SID again, and the RFC 8754/8986 checks of the SRH
 * (bounds, Segments Left, Hop Limit, transit, a local address that is not
 * a SID). Expected values follow the RFC text cited next to each assertion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "dp_util.h"

/* RFC 8986 §4.1: End, SL 2 -> 1, DA = Segment List[1], HL - 1 */
static void
test_end(void **state)
{
	const char *segs[] = { "fc00:1::e", "fc00:2::e", "fc00:3::e" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::e", segs, 3, 2, 64), H_CORE);
	struct srv6gw_srh *s = (struct srv6gw_srh *)(l3(o) + 40);

	(void)state;
	assert_int_equal(ip6_of(o)->hop_limits, 63);
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::e");
	assert_int_equal(s->segments_left, 1);
	rte_pktmbuf_free(o);
}

/* RFC 8986 §4.16.1: PSP at SL 1 -> 0 pops the SRH; at SL 2 it is plain End */
static void
test_end_psp(void **state)
{
	const char *segs[] = { "fc00:1::e1", "fc00:2::e" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::e1", segs, 2, 1, 64), H_CORE);

	(void)state;
	assert_int_equal(ip6_of(o)->proto, SRV6GW_IPPROTO_IPV6);
	assert_int_equal(rte_be_to_cpu_16(ip6_of(o)->payload_len), o->pkt_len - 14 - 40);
	assert_int_equal(o->pkt_len, 14 + 40 + 40 + 8 + 32);
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::e");
	/* the rest of the header as End leaves it (S12: Hop Limit - 1), and
	 * the inner packet right after it */
	assert_int_equal(ip6_of(o)->hop_limits, 63);
	assert_addr(ip6_of(o)->src_addr, "fc00:c::2");
	assert_int_equal(rte_be_to_cpu_32(ip6_of(o)->vtc_flow) >> 28, 6);
	assert_addr(ip6_of(o)->dst_addr + 16 + 8, "2001:db8:aa::1");
	rte_pktmbuf_free(o);

	const char *segs3[] = { "fc00:1::e1", "fc00:2::e", "fc00:3::e" };
	o = one(H_CORE, srv6_pkt("fc00:1::e1", segs3, 3, 2, 64), H_CORE);
	assert_int_equal(ip6_of(o)->proto, SRV6GW_IPPROTO_ROUTING);
	rte_pktmbuf_free(o);
}

/* Two local SIDs in a row: End then End.DX6 (resubmission) */
static void
test_end_then_dx6(void **state)
{
	const char *segs[] = { "fc00:1::e", "fc00:1::d6" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::e", segs, 2, 1, 64), H_EDGE);

	(void)state;
	assert_addr(ip6_of(o)->dst_addr, "2001:db8:f::5");
	assert_int_equal(ip6_of(o)->hop_limits, 50);  /* inner untouched at decap */
	rte_pktmbuf_free(o);
}

/* RFC 8986 §4.16.3 USD: SL = 0, inner IPv6 -> decap + main table */
static void
test_end_usd(void **state)
{
	const char *segs[] = { "fc00:1::e4" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::e4", segs, 1, 0, 64), H_EDGE);

	(void)state;
	assert_addr(ip6_of(o)->dst_addr, "2001:db8:f::5");
	assert_int_equal(h_event(SRV6GW_C_decapsulated) > 0, 1);
	rte_pktmbuf_free(o);
}

/* RFC 8986 §4.1.1: End, SL = 0, UDP upper layer -> PP code 4 at the UL offset */
static void
test_end_sl0_udp_pp4(void **state)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	const char *segs[] = { "fc00:1::e" };
	uint64_t before = h_drop(SRV6GW_C_upper_layer_not_allowed);
	struct rte_mbuf *o;
	struct srv6gw_icmp_hdr *ic;

	(void)state;
	h_ip6(m, "fc00:c::2", "fc00:1::e", SRV6GW_IPPROTO_ROUTING, 64);
	h_srh(m, IPPROTO_UDP, segs, 1, 0, 0);
	h_put(m, NULL, 16);
	h_ip6_finish(m);
	o = one(H_CORE, m, H_CORE);
	ic = (struct srv6gw_icmp_hdr *)(l3(o) + 40);
	assert_int_equal(ic->type, SRV6GW_ICMP6_PARAM_PROB);
	assert_int_equal(ic->code, 4);
	assert_int_equal(rte_be_to_cpu_32(ic->data), 40 + 24);
	assert_addr(ip6_of(o)->src_addr, "fc00:c::1");
	assert_addr(ip6_of(o)->dst_addr, "fc00:c::2");
	assert_int_equal(h_drop(SRV6GW_C_upper_layer_not_allowed), before + 1);
	rte_pktmbuf_free(o);
}

/* RFC 8986 S05: HL <= 1 gives Time Exceeded, checked before the SL checks */
static void
test_end_hl1_before_sl_check(void **state)
{
	const char *segs[] = { "fc00:1::e", "fc00:2::e" };
	struct rte_mbuf *m = srv6_pkt("fc00:1::e", segs, 2, 1, 1);
	struct srv6gw_srh *s = rte_pktmbuf_mtod_offset(m, struct srv6gw_srh *, 14 + 40);
	struct rte_mbuf *o;

	(void)state;
	s->segments_left = 9;  /* also bad */
	o = one(H_CORE, m, H_CORE);
	assert_int_equal(l3(o)[40], SRV6GW_ICMP6_TIME_EXCEEDED);
	rte_pktmbuf_free(o);
}

/* RFC 8754 §4.3.1.1: SL > LE + 1 and LE > max_LE -> PP code 0 at SL */
static void
test_srh_bounds(void **state)
{
	const char *segs[] = { "fc00:1::e", "fc00:2::e" };
	struct rte_mbuf *m = srv6_pkt("fc00:1::e", segs, 2, 1, 64), *o;
	struct srv6gw_srh *s = rte_pktmbuf_mtod_offset(m, struct srv6gw_srh *, 14 + 40);
	struct srv6gw_icmp_hdr *ic;

	(void)state;
	s->segments_left = 3;  /* LE = 1: SL may be at most 2 */
	o = one(H_CORE, m, H_CORE);
	ic = (struct srv6gw_icmp_hdr *)(l3(o) + 40);
	assert_int_equal(ic->type, SRV6GW_ICMP6_PARAM_PROB);
	assert_int_equal(ic->code, 0);
	assert_int_equal(rte_be_to_cpu_32(ic->data), 40 + 3);
	rte_pktmbuf_free(o);

	/* Hdr Ext Len = 0: max_LE = -1 (signed), any LE fails */
	m = srv6_pkt("fc00:1::e", segs, 2, 1, 64);
	s = rte_pktmbuf_mtod_offset(m, struct srv6gw_srh *, 14 + 40);
	s->hdr_len = 0;
	s->last_entry = 0;
	o = one(H_CORE, m, H_CORE);
	ic = (struct srv6gw_icmp_hdr *)(l3(o) + 40);
	assert_int_equal(ic->type, SRV6GW_ICMP6_PARAM_PROB);
	assert_int_equal(rte_be_to_cpu_32(ic->data), 40 + 3);
	rte_pktmbuf_free(o);

	/*
	 * SL == LE + 1 (reduced SRH) is valid: DA <- Segment List[1] = fc00:1::e,
	 * a local SID again, so a second pass leaves DA = Segment List[0].
	 */
	m = srv6_pkt("fc00:1::e", segs, 2, 2, 64);
	o = one(H_CORE, m, H_CORE);
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::e");
	assert_int_equal(ip6_of(o)->hop_limits, 62);
	rte_pktmbuf_free(o);
	h_tx_drain();
}

/* End.X: to the configured adjacency; PSP variant pops */
static void
test_end_x(void **state)
{
	const char *segs[] = { "fc00:1::101", "fc00:9::e" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::101", segs, 2, 1, 64), H_CORE);
	const struct rte_ether_hdr *e = rte_pktmbuf_mtod(o, const struct rte_ether_hdr *);
	static const uint8_t nbr[6] = { 2, 0, 0, 0, 0x0c, 2 };

	(void)state;
	assert_memory_equal(&e->dst_addr, nbr, 6);
	assert_int_equal(ip6_of(o)->proto, SRV6GW_IPPROTO_IPV6);
	rte_pktmbuf_free(o);
}

/* End.T: lookup in table 10 (2001:db8:10::/48 via edge) */
static void
test_end_t(void **state)
{
	const char *segs[] = { "fc00:1::200", "2001:db8:10::7" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::200", segs, 2, 1, 64), H_EDGE);

	(void)state;
	assert_addr(ip6_of(o)->dst_addr, "2001:db8:10::7");
	rte_pktmbuf_free(o);
}

/*
 * The resubmission stage (src/dp/resubmit.c): one burst of packets to local
 * SIDs, so their next lookups are made together, mixing what those lookups
 * can say: another node's SID, table 10 (End.T), a local SID again
 * (End.DX6), a SID-less address of our locator, no route in table 10, and
 * an End.X in the middle, which transmits at once. Each port's output keeps
 * the input order; the errors are the ones a packet sent alone gets.
 */
static void
test_resubmit_burst(void **state)
{
	static const char *const s_core[] = { "fc00:1::e", "fc00:2::e" };
	static const char *const s_t[] = { "fc00:1::200", "2001:db8:10::7" };
	static const char *const s_dx6[] = { "fc00:1::e", "fc00:1::d6" };
	static const char *const s_unk[] = { "fc00:1::e", "fc00:1::dead" };
	static const char *const s_x[] = { "fc00:1::100", "fc00:5::e" };
	static const char *const s_nort[] = { "fc00:1::200", "2001:db8:99::1" };
	static const char *const s_core3[] = { "fc00:1::e", "fc00:3::e" };
	const char *const *segs[] = { s_core, s_t, s_dx6, s_unk, s_x, s_nort, s_core3 };
	/* what each packet's outer destination becomes, on which port */
	static const char *const want_core[] = { "fc00:2::e", "fc00:5::e", "fc00:3::e" };
	static const char *const want_edge[] = { "2001:db8:10::7", "2001:db8:f::5" };
	uint64_t unk = h_drop(SRV6GW_C_sid_unknown), nort = h_drop(SRV6GW_C_no_route);
	struct rte_mbuf *in[7], *o[16];
	unsigned int i, n, k;

	(void)state;
	for (i = 0; i < 7; i++)
		in[i] = srv6_pkt(segs[i][0], segs[i], 2, 1, 64);
	h_rx(H_CORE, in, 7);
	assert_int_equal(h_drop(SRV6GW_C_sid_unknown), unk + 1);
	assert_int_equal(h_drop(SRV6GW_C_no_route), nort + 1);
	n = h_tx(H_CORE, o, 16);
	for (i = 0, k = 0; i < n; i++) {
		if (ip6_of(o[i])->proto == SRV6GW_IPPROTO_ICMPV6) {
			assert_addr(ip6_of(o[i])->dst_addr, "fc00:c::2");  /* errors, to the source */
		} else {
			assert_true(k < 3);
			assert_addr(ip6_of(o[i])->dst_addr, want_core[k++]);
		}
		rte_pktmbuf_free(o[i]);
	}
	assert_int_equal(k, 3);
	n = h_tx(H_EDGE, o, 16);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++) {
		assert_addr(ip6_of(o[i])->dst_addr, want_edge[i]);
		rte_pktmbuf_free(o[i]);
	}
}

/* End.DX4 with and without SRH (VPP-1120) */
static void
test_dx4(void **state)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6), *o;
	const struct rte_ether_hdr *e;
	static const uint8_t nbr[6] = { 2, 0, 0, 0, 0xee, 0x0a };

	(void)state;
	h_ip6(m, "fc00:c::2", "fc00:1::d4", SRV6GW_IPPROTO_IPIP, 64);
	h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, 20, false);
	h_ip6_finish(m);
	o = one(H_CORE, m, H_EDGE);
	e = rte_pktmbuf_mtod(o, const struct rte_ether_hdr *);
	assert_memory_equal(&e->dst_addr, nbr, 6);
	assert_int_equal(e->ether_type, rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4));
	assert_int_equal(((struct rte_ipv4_hdr *)l3(o))->time_to_live, 40);
	rte_pktmbuf_free(o);

	o = one(H_CORE, dx4_pkt(), H_EDGE);
	assert_int_equal(o->pkt_len, 14 + 20 + 8 + 20);
	rte_pktmbuf_free(o);
}

/* RFC 8986 §4.4: decap SID with SL != 0 -> PP code 0 at SL */
static void
test_decap_sl_nonzero(void **state)
{
	const char *segs[] = { "fc00:1::d6", "fc00:2::e" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::d6", segs, 2, 1, 64), H_CORE);
	struct srv6gw_icmp_hdr *ic = (struct srv6gw_icmp_hdr *)(l3(o) + 40);

	(void)state;
	assert_int_equal(ic->type, SRV6GW_ICMP6_PARAM_PROB);
	assert_int_equal(ic->code, 0);
	assert_int_equal(rte_be_to_cpu_32(ic->data), 43);
	assert_true(h_drop(SRV6GW_C_sid_sl_nonzero) >= 1);
	rte_pktmbuf_free(o);
}

/* End.DT4 with inner IPv6 -> PP code 4 (§4.1.1); End.DT4 table 20 */
static void
test_dt4(void **state)
{
	const char *segs[] = { "fc00:1::a4" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::a4", segs, 1, 0, 64), H_CORE);
	struct srv6gw_icmp_hdr *ic = (struct srv6gw_icmp_hdr *)(l3(o) + 40);
	struct rte_mbuf *m;

	(void)state;
	assert_int_equal(ic->type, SRV6GW_ICMP6_PARAM_PROB);
	assert_int_equal(ic->code, 4);
	assert_int_equal(rte_be_to_cpu_32(ic->data), 40 + 24);
	rte_pktmbuf_free(o);

	m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6(m, "fc00:c::2", "fc00:1::a4", SRV6GW_IPPROTO_IPIP, 64);
	h_ip4_udp(m, "192.0.2.77", "198.51.100.33", 9, 10, false);
	h_ip6_finish(m);
	o = one(H_CORE, m, H_EDGE);
	assert_addr(l3(o) + 16, "198.51.100.33");
	rte_pktmbuf_free(o);
}

/* End.DT6 table 10 and End.DT46 both families */
static void
test_dt6_dt46(void **state)
{
	const char *segs[] = { "fc00:1::a6" };
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6), *o;

	(void)state;
	h_ip6(m, "fc00:c::2", "fc00:1::a6", SRV6GW_IPPROTO_ROUTING, 64);
	h_srh(m, SRV6GW_IPPROTO_IPV6, segs, 1, 0, 0);
	h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:10::99", 7, 8);
	h_ip6_finish(m);
	o = one(H_CORE, m, H_EDGE);
	assert_addr(ip6_of(o)->dst_addr, "2001:db8:10::99");
	rte_pktmbuf_free(o);

	m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6(m, "fc00:c::2", "fc00:1::a46", SRV6GW_IPPROTO_IPIP, 64);
	h_ip4_udp(m, "198.51.100.1", "192.0.2.10", 40, 20, false);
	h_ip6_finish(m);
	o = one(H_CORE, m, H_EDGE);
	assert_addr(l3(o) + 16, "192.0.2.10");
	rte_pktmbuf_free(o);
}

/* RFC 6040 §4.2: outer CE over inner Not-ECT is dropped */
static void
test_ecn(void **state)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	struct rte_ipv6_hdr *ip;
	uint64_t before = h_drop(SRV6GW_C_ecn_ce_not_ect);

	(void)state;
	ip = h_ip6(m, "fc00:c::2", "fc00:1::d4", SRV6GW_IPPROTO_IPIP, 64);
	ip->vtc_flow = rte_cpu_to_be_32(6u << 28 | 3u << 20);
	h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, 20, false);
	h_ip6_finish(m);
	h_rx(H_CORE, &m, 1);
	nothing_out();
	assert_int_equal(h_drop(SRV6GW_C_ecn_ce_not_ect), before + 1);
}

/* End.B6.Encaps: End processing, then a new outer header from policy "bsid" */
static void
test_b6_encaps(void **state)
{
	const char *segs[] = { "fc00:1::b6", "fc00:2::e" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::b6", segs, 2, 1, 64), H_CORE);
	struct rte_ipv6_hdr *inner = (struct rte_ipv6_hdr *)(l3(o) + 40 + 8 + 32);
	struct srv6gw_srh *s2 = (struct srv6gw_srh *)(inner + 1);

	(void)state;
	assert_addr(ip6_of(o)->dst_addr, "fc00:8::e");
	assert_addr(inner->dst_addr, "fc00:2::e");
	assert_int_equal(inner->hop_limits, 63);
	assert_int_equal(s2->segments_left, 0);
	rte_pktmbuf_free(o);
}

/* Transit (RFC 8754 §4.2): a malformed SRH to a non-local DA is forwarded */
static void
test_transit_untouched(void **state)
{
	const char *segs[] = { "fc00:5::1", "fc00:6::1" };
	struct rte_mbuf *m = srv6_pkt("fc00:5::1", segs, 2, 7, 64), *o;

	(void)state;
	o = one(H_CORE, m, H_CORE);
	assert_int_equal(((struct srv6gw_srh *)(l3(o) + 40))->segments_left, 7);
	assert_int_equal(ip6_of(o)->hop_limits, 63);
	rte_pktmbuf_free(o);
}

/* RFC 8754 §4.3.2 / RFC 8986 CNT-3: SRH SL > 0 to a local address, not a SID */
static void
test_srh_to_local_address(void **state)
{
	const char *segs[] = { "fc00:c::1", "fc00:2::e" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:c::1", segs, 2, 1, 64), H_CORE);
	struct srv6gw_icmp_hdr *ic = (struct srv6gw_icmp_hdr *)(l3(o) + 40);

	(void)state;
	assert_int_equal(ic->type, SRV6GW_ICMP6_PARAM_PROB);
	assert_int_equal(rte_be_to_cpu_32(ic->data), 42);
	assert_true(h_drop(SRV6GW_C_srh_to_local_addr) >= 1);
	rte_pktmbuf_free(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_end),
		cmocka_unit_test(test_end_psp),
		cmocka_unit_test(test_end_then_dx6),
		cmocka_unit_test(test_end_usd),
		cmocka_unit_test(test_end_sl0_udp_pp4),
		cmocka_unit_test(test_end_hl1_before_sl_check),
		cmocka_unit_test(test_srh_bounds),
		cmocka_unit_test(test_end_x),
		cmocka_unit_test(test_end_t),
		cmocka_unit_test(test_resubmit_burst),
		cmocka_unit_test(test_dx4),
		cmocka_unit_test(test_decap_sl_nonzero),
		cmocka_unit_test(test_dt4),
		cmocka_unit_test(test_dt6_dt46),
		cmocka_unit_test(test_ecn),
		cmocka_unit_test(test_b6_encaps),
		cmocka_unit_test(test_transit_untouched),
		cmocka_unit_test(test_srh_to_local_address),
	};

	return cmocka_run_group_tests_name("datapath: endpoint behaviours", tests, setup, teardown);
}
