/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Datapath unit tests on synthetic mbufs, ICMP: echo replies from a SID and
 * from our addresses (the few-address words and the tables), no reply to a
 * truncated echo request, no error about an error, and the errors' rate
 * limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "dp_util.h"

/* Ping a SID (no SRH) and a port address */
static void
test_ping_sid(void **state)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6), *o;

	(void)state;
	h_ip6(m, "fc00:c::2", "fc00:1::e", SRV6GW_IPPROTO_ICMPV6, 64);
	h_icmp6_echo(m, 7, 1, 24);
	h_ip6_finish(m);
	o = one(H_CORE, m, H_CORE);
	assert_int_equal(l3(o)[40], SRV6GW_ICMP6_ECHO_REPLY);
	assert_addr(ip6_of(o)->src_addr, "fc00:1::e");
	assert_int_equal(dp_ipv6_l4_cksum(ip6_of(o), l3(o) + 40, o->pkt_len - 54, 58), 0);
	rte_pktmbuf_free(o);
}

/* An IPv4 echo request from the edge neighbour 192.0.2.10 to @p dst. */
static struct rte_mbuf *
echo4_pkt(const char *dst)
{
	struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4);
	struct rte_ipv4_hdr *ip = h_ip4_udp(m, "192.0.2.10", dst, 64, 16, false);
	uint8_t *ic = (uint8_t *)(ip + 1);
	uint16_t ck;

	ip->next_proto_id = IPPROTO_ICMP;
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	memset(ic, 0, 8);
	ic[0] = 8;                      /* echo request, id 0, seq 0 */
	ck = (uint16_t)~rte_raw_cksum(ic, 8 + 16);
	memcpy(ic + 2, &ck, 2);
	return m;
}

/*
 * Our addresses, answered from the few-address words (struct
 * srv6gw_local_few) and, with those switched off, from the tables: the
 * same echo replies either way, also from a policy's source address that
 * shares its first half with another of ours.
 */
static void
test_local_few(void **state)
{
	static const char *const six[] = { "2001:db8:e::1", "fc00:1::99", "fc00:1::1" };
	struct srv6gw_gen *g = (struct srv6gw_gen *)srv6gw_gen_get();
	struct srv6gw_local_few saved = g->few;
	struct rte_mbuf *m, *o;
	unsigned int mode, i;

	(void)state;
	/* 2001:db8:e::/64, fc00:c::/64 (the ports), fc00:1::/64 (the sources) */
	assert_int_equal(g->few.n6, 3);
	assert_int_equal(g->few.n4, 1);
	for (mode = 0; mode < 2; mode++) {
		if (mode == 1)
			g->few.n6 = g->few.n4 = 0xff;
		for (i = 0; i < 3; i++) {
			m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV6);
			h_ip6(m, "2001:db8:e::10", six[i], SRV6GW_IPPROTO_ICMPV6, 64);
			h_icmp6_echo(m, 7, (uint16_t)i, 24);
			h_ip6_finish(m);
			o = one(H_EDGE, m, H_EDGE);
			assert_int_equal(l3(o)[40], SRV6GW_ICMP6_ECHO_REPLY);
			assert_addr(ip6_of(o)->src_addr, six[i]);
			rte_pktmbuf_free(o);
		}
		o = one(H_EDGE, echo4_pkt("192.0.2.1"), H_EDGE);
		assert_int_equal(l3(o)[20], 0);         /* echo reply */
		assert_addr((const uint8_t *)&((struct rte_ipv4_hdr *)l3(o))->src_addr, "192.0.2.1");
		rte_pktmbuf_free(o);
	}
	g->few = saved;
}

/* RFC 4443 §2.4(e.1): no error about an ICMPv6 error */
static void
test_no_error_about_error(void **state)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	struct srv6gw_icmp_hdr *ic;
	uint64_t sup = h_event(SRV6GW_C_icmp_suppressed);

	(void)state;
	h_ip6(m, "fc00:c::2", "fc00:77::1", SRV6GW_IPPROTO_ICMPV6, 1);
	ic = h_put(m, NULL, sizeof(*ic));
	ic->type = SRV6GW_ICMP6_DST_UNREACH;
	h_ip6_finish(m);
	h_rx(H_CORE, &m, 1);
	nothing_out();
	assert_int_equal(h_event(SRV6GW_C_icmp_suppressed), sup + 1);
}

/*
 * RFC 4443 §2.4(f) / srv6-rules P68: a flood of error-triggering packets gets
 * at most the bucket's worth of errors; good traffic in the same bursts is
 * forwarded untouched.
 */
static void
test_icmp_rate_limit(void **state)
{
	struct srv6gw_gen *g = srv6gw_gen_current;
	uint32_t rate = g->icmp_rate, burst = g->icmp_burst;
	uint64_t lim = h_event(SRV6GW_C_icmp_rate_limited);
	struct rte_mbuf *in[32], *out[64];
	unsigned int i, n, errors = 0, good = 0;

	(void)state;
	g->icmp_rate = 1;
	g->icmp_burst = 5;
	h_worker()->icmp.last = 0;      /* a fresh bucket: full, 5 tokens */
	for (i = 0; i < 32; i++) {
		in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
		h_ip6_udp(in[i], "fc00:c::2", i % 2 ? "2001:db8:f::1" : "2001:db8:f::2",
			  i % 2 ? 1 : 64, 16);        /* odd: hop limit 1 -> error */
	}
	h_rx(H_CORE, in, 32);
	n = h_tx(H_CORE, out, 64);
	for (i = 0; i < n; i++) {
		errors += l3(out[i])[40] == SRV6GW_ICMP6_TIME_EXCEEDED;
		rte_pktmbuf_free(out[i]);
	}
	n = h_tx(H_EDGE, out, 64);
	for (i = 0; i < n; i++) {
		good++;
		rte_pktmbuf_free(out[i]);
	}
	g->icmp_rate = rate;
	g->icmp_burst = burst;
	h_worker()->icmp.last = 0;
	assert_int_equal(errors, 5);
	assert_int_equal(good, 16);
	assert_int_equal(h_event(SRV6GW_C_icmp_rate_limited), lim + 11);
}

/*
 * RFC 4443 §4.1: an echo request has at least 8 bytes of ICMPv6 (type, code,
 * checksum, identifier, sequence). One cut short after its type byte, to a
 * local address and to a SID, gets no reply: the reply would write its
 * checksum past the end of the packet (found by test/fuzz/fuzz_rx).
 */
static void
test_echo_truncated(void **state)
{
	const char *const das[] = { "2001:db8:e::1", "fc00:1::e" };
	uint64_t before = h_drop(SRV6GW_C_ipv6_local_unhandled);
	unsigned int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV6);
		struct rte_ipv6_hdr *ip = h_ip6(m, "2001:db8:e::10", das[i],
						SRV6GW_IPPROTO_ICMPV6, 64);
		uint8_t *t = h_put(m, NULL, 4);

		t[0] = SRV6GW_ICMP6_ECHO_REQUEST;
		ip->payload_len = rte_cpu_to_be_16(4);
		h_rx(H_EDGE, &m, 1);
		nothing_out();
	}
	assert_int_equal(h_drop(SRV6GW_C_ipv6_local_unhandled), before + 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ping_sid),
		cmocka_unit_test(test_local_few),
		cmocka_unit_test(test_no_error_about_error),
		cmocka_unit_test(test_icmp_rate_limit),
		cmocka_unit_test(test_echo_truncated),
	};

	return cmocka_run_group_tests_name("datapath: ICMP", tests, setup, teardown);
}
