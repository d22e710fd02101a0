/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Datapath unit tests on synthetic mbufs, a chunk's lookups: chunks whose
 * destinations differ (classified per run of the deciding bits; IPv4 to
 * us), End.DT6 next hops per run, the last answer kept for the next chunk
 * (struct dp_memo6, dp_memo4, dp_memo_next) across a reload, and uRPF
 * keeping the express lane out. Each against the general way; each file
 * variant of golden.conf its own group.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "dp_util.h"

/* golden.conf with 2001:db8:bb::/48 steered on the core only (test_memo) */
static int
setup_core_rule(void **state)
{
	(void)state;
	return setup_changed("    { match = \"2001:db8:bb::/48\"; policy = \"three\"; },\n",
			     "    { match = \"2001:db8:bb::/48\"; policy = \"three\"; port = \"core\"; },\n");
}

/*
 * golden.conf with a default IPv6 route to the core (test_transit_shaped)
 * and, in table 10, 2001:db8:11::/48 and 2001:db8:10:0:8000::/65 to the
 * core (test_dt6_next_hops)
 */
static int
setup_default_route(void **state)
{
	(void)state;
	return setup_changed("routes = (\n", "routes = (\n"
			     "  { prefix = \"::/0\"; via = \"fc00:c::2\"; port = \"core\"; },\n"
			     "  { prefix = \"2001:db8:11::/48\"; via = \"fc00:c::2\"; port = \"core\";"
			     " table = 10; },\n"
			     "  { prefix = \"2001:db8:10:0:8000::/65\"; via = \"fc00:c::2\";"
			     " port = \"core\"; table = 10; },\n");
}

/* golden.conf with strict uRPF on the core port (test_urpf_chunks) */
static int
setup_urpf(void **state)
{
	(void)state;
	return setup_changed("    ipv6 = [\"fc00:c::1/64\"]; mtu = 1500; }\n",
			     "    ipv6 = [\"fc00:c::1/64\"]; mtu = 1500; urpf = \"strict\"; }\n");
}

/*
 * Transit and headend chunks whose frames are alike but for their
 * destinations (alike.c dp_chunk_uniform() DP_CHUNK_SHAPED,
 * dp_express_shaped()), with a default route, so that every destination
 * has one: the second of three packets to 2001:db8:f::5 (the edge), or to
 * 2001:db8:bb::5 (steered into policy "three"), goes to a multicast,
 * loopback or unspecified address, to one of ours, a SID, an unknown SID
 * of a locator, a prefix steered into "three" or into "red3", elsewhere by
 * the default route (two runs of next hops), or is too big for the edge,
 * just at its MTU or one byte over (to another host of the first's /64:
 * the chunk's destinations are one run of the port's deciding bits, whose
 * answer all take, as with 2001:db8:f::6; the chunk's longest frame tells
 * whether each packet's length is tested). Each chunk must give what the
 * general way gives.
 */
static void
test_transit_shaped(void **state)
{
	static const char *const dst[] = {
		"ff02::1", "::1", "::", "2001:db8:e::1", "fc00:1::e", "fc00:1:0:99::1",
		"2001:db8:bb::7", "2001:db8:aa::7", "3000::1", "2001:db8:f::6",
	};
	static const char *const base[] = { "2001:db8:f::5", "2001:db8:bb::5" };
	static const char *const big[] = { "2001:db8:f::8", "2001:db8:bb::8" };
	/* (the big one's UDP payload: over the edge's MTU of 1500, at it, one over) */
	static const uint16_t big_len[] = { 1500, 1500 - 48, 1500 - 47 };
	const uint8_t *key = srv6gw_gen_current->ports[H_CORE].class6_key;
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int c, i, j, k, lane = 0;

	(void)state;
	assert_non_null(a);
	/* golden.conf's deciding bits are 64 (a /64 locator, our /64s): the
	 * hosts of 2001:db8:f::/64 are one run, classified once */
	for (i = 0; i < 16; i++)
		assert_int_equal(key[i], i < 8 ? 0xff : 0);
	for (k = 0; k < 2; k++) {
		for (c = 0; c < RTE_DIM(dst) + RTE_DIM(big_len); c++) {
			for (j = 0; j < 2; j++) {
				for (i = 0; i < 3; i++) {
					bool odd = i == 1;

					in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
					h_ip6_udp(in[i], "fc00:c::2",
						  !odd ? base[k] : c < RTE_DIM(dst) ? dst[c] : big[k],
						  64, odd && c >= RTE_DIM(dst) ?
						  big_len[c - RTE_DIM(dst)] : 40);
					h_ip6_finish(in[i]);
				}
				h_worker()->icmp.last = 0;      /* a full ICMP bucket */
				chunk_run(in, j == 0 ? 3 : add_martian(in, 3), j == 0 ? a : b);
			}
			lane += same_but_martian(a, b) == 3;
		}
	}
	/* in the lane: with transit, the last two destinations, the steered
	 * ones (dp_express()'s passes: transit and a headend's packets) and
	 * the one at the MTU; with steered packets, the steered ones, the last
	 * two, and the three big ones (with the outer headers all are too big:
	 * dp_encap_steered() hands them to dp_encap(), Packet Too Big) */
	assert_int_equal(lane, 4 + 1 + 5 + 2);
	free(a);
}

/* One of the chunks of test_memo(), on @p port: three frames, @p dst[0..2] */
static unsigned int
memo_chunk(uint16_t port, const char *const *dst, bool v4, bool martian, struct rte_mbuf **in)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		in[i] = h_eth(port, v4 ? RTE_ETHER_TYPE_IPV4 : RTE_ETHER_TYPE_IPV6);
		if (v4) {
			h_ip4_udp(in[i], "192.0.2.77", dst[i], 64, 40 + i, false);
			continue;
		}
		h_ip6_udp(in[i], "fc00:c::2", dst[i], 64, 40 + i);
		h_ip6_finish(in[i]);
	}
	if (!martian)
		return 3;
	in[3] = h_eth(port, RTE_ETHER_TYPE_IPV6);        /* (source ::1: the general way) */
	h_ip6_udp(in[3], "::1", "2001:db8:f::9", 64, 8);
	h_ip6_finish(in[3]);
	return 4;
}

/*
 * test_memo()'s chunk of @p dst[0..2] on @p port, run as it is (@p a) and
 * with a martian (@p b, the general way), each with a full ICMP bucket:
 * the two must be the same. @return the packets the lane took.
 */
static uint64_t
memo_both(uint16_t port, const char *const *dst, bool v4, struct chunk_out *a,
	  struct chunk_out *b)
{
	struct rte_mbuf *in[DP_BURST];
	unsigned int j, n;

	for (j = 0; j < 2; j++) {
		n = memo_chunk(port, dst, v4, j == 1, in);
		h_worker()->icmp.last = 0;
		chunk_run_on(port, in, n, j == 0 ? a : b);
	}
	return same_but_martian(a, b);
}

/*
 * One of test_memo()'s End chunks: three packets to fc00:1::e, received
 * on the core, whose next SID is @p next, or packet i's @p next2[i] when
 * given; run, and the same with a martian (the general way): the two must
 * be the same. @return the first frame's Ethernet destination, as a
 * number.
 */
static uint64_t
memo_end_chunks(const char *next, const char *const *next2, struct chunk_out *a,
		struct chunk_out *b)
{
	struct rte_mbuf *in[DP_BURST];
	uint64_t mac = 0;
	unsigned int i, j, n;

	for (j = 0; j < 2; j++) {
		for (i = 0; i < 3; i++) {
			const char *segs[] = { "fc00:1::e", next2 != NULL ? next2[i] : next };

			in[i] = srv6_pkt("fc00:1::e", segs, 2, 1, 64);
		}
		n = j == 0 ? 3 : add_martian(in, 3);
		h_worker()->icmp.last = 0;     /* a full ICMP bucket */
		chunk_run(in, n, j == 0 ? a : b);
	}
	assert_int_equal(same_but_martian(a, b), 3);
	assert_int_equal(a->n, 3);
	memcpy(&mac, a->frame[0], 6);
	return rte_be_to_cpu_64(mac) >> 16;
}

/*
 * The last one answer a chunk's classification gave, kept for the next
 * (struct dp_memo6, dp_memo4): each chunk of a sequence built to trip a
 * stale answer gives what the general way gives (the same chunk with a
 * martian). IPv6 chunks of three hosts of one /64 (keyed) or of one host
 * (uniform): to 2001:db8:f:: (routed to the edge; the first two
 * destinations equal; the answer is kept), to other hosts of it (the
 * kept answer), one host of it, two then one, to 2001:db8:bb:: (steered
 * into "three" here on the core only) from the core twice, the edge (no
 * route: Destination Unreachable) and the core, to our edge /64 with our
 * address among its hosts (no answer kept: ours may share those bits);
 * to the SID fc00:1::e (kept for that one destination), again, to
 * fc00:1::e1 (End with PSP: not the kept one), two of it then fc00:1::e,
 * fc00:1::e with fc00:1::e1 among them (the kept answer is not the
 * /64's), from the edge; to
 * 2001:db8:f:: from the edge and the core; IPv4 chunks to
 * 198.18.2.0/24, steered on the core only, from the core twice, the
 * edge, the core; then a reload that routes 2001:db8:f::/48 to
 * the core and steers 198.18.2.0/24 into "one-srh" (a new generation, the
 * same worker), after which the chunks must follow the new rules. And End
 * chunks whose one next SID's route is kept (struct dp_memo_next): to
 * 2001:db8:f::99, twice, then with another next SID among them (not one),
 * one to a SID of ours (resubmitted; not kept), and after the reload to
 * 2001:db8:f::99 again, now to the core.
 */
static void
test_memo(void **state)
{
	static const struct {
		uint16_t port;
		bool v4;
		const char *dst[3];
		int lane;               /* packets the lane takes (-1: not the point) */
	} c[] = {
		{ H_CORE, false, { "2001:db8:f::5", "2001:db8:f::5", "2001:db8:f::7" }, 3 },
		{ H_CORE, false, { "2001:db8:f::8", "2001:db8:f::9", "2001:db8:f::a" }, 3 },
		{ H_CORE, false, { "2001:db8:f::b", "2001:db8:f::b", "2001:db8:f::b" }, 3 },
		{ H_CORE, false, { "2001:db8:f::c", "2001:db8:f::c", "2001:db8:f::d" }, 3 },
		{ H_CORE, false, { "2001:db8:bb::5", "2001:db8:bb::6", "2001:db8:bb::7" }, 3 },
		{ H_CORE, false, { "2001:db8:bb::8", "2001:db8:bb::9", "2001:db8:bb::a" }, 3 },
		{ H_EDGE, false, { "2001:db8:bb::8", "2001:db8:bb::9", "2001:db8:bb::a" }, 0 },
		{ H_CORE, false, { "2001:db8:bb::5", "2001:db8:bb::6", "2001:db8:bb::7" }, 3 },
		{ H_CORE, false, { "2001:db8:e::10", "2001:db8:e::1", "2001:db8:e::10" }, 0 },
		{ H_CORE, false, { "fc00:1::e", "fc00:1::e", "fc00:1::e" }, -1 },
		{ H_CORE, false, { "fc00:1::e", "fc00:1::e", "fc00:1::e" }, -1 },
		{ H_CORE, false, { "fc00:1::e1", "fc00:1::e1", "fc00:1::e1" }, -1 },
		{ H_CORE, false, { "fc00:1::e1", "fc00:1::e1", "fc00:1::e" }, -1 },
		{ H_CORE, false, { "fc00:1::e", "fc00:1::e1", "fc00:1::e" }, -1 },
		{ H_EDGE, false, { "fc00:1::e", "fc00:1::e", "fc00:1::e" }, -1 },
		{ H_EDGE, false, { "2001:db8:f::5", "2001:db8:f::6", "2001:db8:f::7" }, 3 },
		{ H_CORE, false, { "2001:db8:f::c", "2001:db8:f::d", "2001:db8:f::e" }, 3 },
		{ H_CORE, true, { "198.18.2.1", "198.18.2.2", "198.18.2.3" }, 3 },
		{ H_CORE, true, { "198.18.2.4", "198.18.2.5", "198.18.2.6" }, 3 },
		{ H_EDGE, true, { "198.18.2.4", "198.18.2.5", "198.18.2.6" }, 3 },
		{ H_CORE, true, { "198.18.2.7", "198.18.2.8", "198.18.2.9" }, 3 },
	};
	static const char *const at[] = {
		"  { prefix = \"2001:db8:f::/48\";  via = \"2001:db8:e::10\"; port = \"edge\"; },\n",
		"    { match = \"198.18.2.0/24\";    policy = \"three\"; port = \"core\"; },\n",
	};
	static const char *const with[] = {
		"  { prefix = \"2001:db8:f::/48\";  via = \"fc00:c::2\"; port = \"core\"; },\n",
		"    { match = \"198.18.2.0/24\";    policy = \"one-srh\"; port = \"core\"; },\n",
	};
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	uint64_t lane;
	uint8_t f[16];
	unsigned int k, j;

	(void)state;
	assert_non_null(a);
	h_addr("2001:db8:f::5", f);
	for (k = 0; k < RTE_DIM(c); k++) {
		print_message("chunk %u\n", k);
		lane = memo_both(c[k].port, c[k].dst, c[k].v4, a, b);
		if (c[k].lane >= 0)
			assert_int_equal(lane, c[k].lane);
		if (k == 0) {   /* (kept: this generation's, the core's, the chunk's head) */
			assert_int_equal(h_worker()->memo6.gen, srv6gw_gen_current->id);
			assert_int_equal(h_worker()->memo6.port, H_CORE);
			assert_memory_equal(h_worker()->memo6.da, f, 16);
		}
		if (strcmp(c[k].dst[1], "2001:db8:e::1") == 0)  /* (nothing kept of it) */
			assert_int_equal(h_worker()->memo6.da[5], 0xbb);
	}
	assert_int_equal(h_worker()->memo4.port, H_CORE);
	assert_int_equal(h_worker()->memo4.gen, srv6gw_gen_current->id);
	assert_int_equal(a->ev[SRV6GW_C_encapsulated], 3);
	/* End chunks: the next SID's route kept (struct dp_memo_next), taken
	 * (to the edge's neighbour); a next SID of ours is not kept */
	for (k = 0; k < 2; k++)
		assert_int_equal(memo_end_chunks("2001:db8:f::99", NULL, a, b), 0x02000000ee10);
	assert_int_equal(h_worker()->memo_next.gen, srv6gw_gen_current->id);
	/* (three next SIDs, the kept one first: each its own route) */
	assert_int_equal(memo_end_chunks(NULL, (const char *[]){ "2001:db8:f::99", "fc00:2::e",
								 "2001:db8:f::99" }, a, b),
			 0x020000000c02);               /* (the core's frames come first) */
	for (j = 0; j < 2; j++) {
		in[0] = srv6_pkt("fc00:1::e", (const char *[]){ "fc00:1::e", "fc00:1::e1" }, 2, 1, 64);
		in[1] = srv6_pkt("fc00:1::e", (const char *[]){ "fc00:1::e", "fc00:1::e1" }, 2, 1, 64);
		h_worker()->icmp.last = 0;
		chunk_run(in, j == 0 ? 2 : add_martian(in, 2), j == 0 ? a : b);
	}
	same_but_martian(a, b);
	h_addr("2001:db8:f::99", f);
	assert_memory_equal(h_worker()->memo_next.da, f, 16);
	/* (the /64's answer kept again, for the reload) */
	assert_int_equal(memo_both(H_CORE, c[1].dst, false, a, b), 3);
	assert_false(h_worker()->memo6.exact);
	assert_int_equal(load_changed_n(h_reload, at, with, RTE_DIM(at)), 0);
	assert_int_equal(memo_end_chunks("2001:db8:f::99", NULL, a, b), 0x020000000c02);
	/* (into "one-srh" now: an SRH of one SID) */
	assert_int_equal(memo_both(H_CORE, c[RTE_DIM(c) - 1].dst, true, a, b), 3);
	assert_int_equal(a->len[0], RTE_ETHER_HDR_LEN + 40 + 8 + 16 + 20 + 8 + 40);
	for (k = 0; k < 2; k++) {
		assert_int_equal(memo_both(H_CORE, c[k].dst, false, a, b), 3);
		assert_int_equal(a->n, 3);      /* to the core now (its neighbour's MAC) */
		for (j = 0; j < 3; j++)
			assert_memory_equal(a->frame[j], "\x02\x00\x00\x00\x0c\x02", 6);
	}
	free(a);
}

/*
 * A uniform chunk of End.DT6 packets (fc00:1::a6, table 10) whose inner
 * destinations take turns between two next hops, with runs of one next
 * hop over several destinations and one destination without a route:
 * dp_express_uniform() looks up per run of destinations equal in the
 * table's deciding bits (its longest prefix, /65 here) and sends per run
 * of one next hop. 2001:db8:10:0:8000::1 follows 2001:db8:10::3, equal to
 * it in the first 64 bits but not the 65th: a key one bit short would send
 * it to the edge with its run. Each packet must leave as the general way
 * sends it, in the same order: three to the edge, four to the core, and
 * Destination Unreachable for the last (to its inner source, via the edge).
 */
static void
test_dt6_next_hops(void **state)
{
	static const char *const dst[] = {
		"2001:db8:10::1", "2001:db8:11::1", "2001:db8:10::2", "2001:db8:10::3",
		"2001:db8:10:0:8000::1", "2001:db8:11::2", "2001:db8:11::2", "2001:db8:99::1",
	};
	static const unsigned int to_core[] = { 1, 4, 5, 6 };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int i, j;

	(void)state;
	assert_non_null(a);
	for (j = 0; j < 2; j++) {
		for (i = 0; i < RTE_DIM(dst); i++) {
			in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
			h_ip6(in[i], "fc00:c::2", "fc00:1::a6", SRV6GW_IPPROTO_IPV6, 64);
			h_ip6_udp(in[i], "2001:db8:f::9", dst[i], 50, 24 + i);
			h_ip6_finish(in[i]);
		}
		h_worker()->icmp.last = 0;      /* a full ICMP bucket */
		chunk_run(in, j == 0 ? RTE_DIM(dst) : add_martian(in, RTE_DIM(dst)), j == 0 ? a : b);
	}
	assert_int_equal(a->n, RTE_DIM(dst));
	assert_int_equal(a->drops[SRV6GW_C_no_route], 1);
	assert_int_equal(a->ev[SRV6GW_C_decapsulated], RTE_DIM(dst));
	/* chunk_run() takes the core's frames first: the inner packets to
	 * 2001:db8:11::/48 and 2001:db8:10:0:8000::/65, in their order (told
	 * by their lengths) */
	for (i = 0; i < RTE_DIM(to_core); i++) {
		unsigned int k = to_core[i];

		assert_addr(a->frame[i] + RTE_ETHER_HDR_LEN + 24, dst[k]);
		assert_int_equal(a->len[i], RTE_ETHER_HDR_LEN + 40 + 8 + 24 + k);
	}
	lane_same_as_general(a, b, RTE_DIM(dst));
	free(a);
}

/*
 * Chunks of IPv4 frames to us (alike.c dp_chunk_uniform() DP_CHUNK_IPV4,
 * dp_express_shaped4()): three packets routed by the default route (to
 * 10.1.1.1, the edge), steered (to 203.0.113.9, policy "to-laptop") or
 * sent on the edge's subnet (to 192.0.2.10, a neighbour on 192.0.2.0/24,
 * where our address 192.0.2.1 is), the second of which has a wrong
 * checksum, TTL 1, options, our address or a loopback, multicast or
 * broadcast destination, a loopback source, another route (198.51.100.1
 * is table 20's, so the main one's default), another policy ("one-sid"),
 * or is too big (DF set, and DF clear), or goes to another MAC, or is ARP,
 * or goes to another host of the first's /24; and the same with two
 * packets to 224.0.0.5 (multicast, dropped). Each chunk must give what
 * the general way gives. golden.conf's IPv4 prefixes are at most /24
 * long, so a chunk whose destinations share their first 24 bits takes
 * the first's classification (dp_ipv4_classify_same()) unless our
 * address is among those hosts: to 192.0.2.10 and 192.0.2.1, each packet
 * is classified, and the one to us answered as ours.
 */
static void
test_ipv4_chunks(void **state)
{
	static const char *const base[] = { "10.1.1.1", "203.0.113.9", "192.0.2.10",
					    "224.0.0.5" };
	static const char *const host[] = { "10.1.1.77", "203.0.113.77", "192.0.2.254",
					    "224.0.0.6" };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int k, c, i, j;
	uint32_t lane[4] = { 0, 0, 0, 0 };

	(void)state;
	assert_non_null(a);
	assert_int_equal(srv6gw_gen_current->ports[H_CORE].class4_key, RTE_BE32(0xffffff00));
	for (k = 0; k < 4; k++) {
		for (c = 0; c < 20; c++) {
			for (j = 0; j < 2; j++) {
				for (i = 0; i < 3; i++) {
					const char *src = "198.18.99.1", *dst = base[k];
					uint16_t plen = 20;
					uint8_t ttl = 40;
					bool df = false;
					struct rte_ipv4_hdr *ip;

					in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
					if (i == 1) {
						switch (c) {
						case 1: ttl = 1; break;
						case 3: dst = "192.0.2.1"; break;
						case 4: dst = "127.0.0.1"; break;
						case 5: dst = "224.0.0.5"; break;
						case 6: dst = "255.255.255.255"; break;
						case 7: src = "127.0.0.1"; break;
						case 8: dst = "198.51.100.1"; break;
						case 9: dst = "198.18.0.7"; break;
						case 10: plen = 1480; df = true; break;
						case 11: plen = 1480; break;
						case 14: dst = "10.1.1.2"; break;
						case 16: dst = host[k]; break;
						default: break;
						}
					}
					ip = h_ip4_udp(in[i], src, dst, ttl, plen, df);
					if (i == 1 && c == 0)
						ip->hdr_checksum ^= 0x0100;
					if (i == 1 && c == 2) {         /* IHL 6, checksum fixed */
						ip->version_ihl = 0x46;
						ip->hdr_checksum = 0;
						ip->hdr_checksum = rte_ipv4_cksum(ip);
					}
					if (i == 1 && c == 12)          /* another host's MAC */
						rte_pktmbuf_mtod(in[i], uint8_t *)[5] ^= 0x10;
					if (i == 1 && c == 13)          /* ARP's EtherType */
						rte_pktmbuf_mtod(in[i], struct rte_ether_hdr *)
							->ether_type = RTE_BE16(RTE_ETHER_TYPE_ARP);
					if (i == 1 && c == 17) {        /* a first fragment */
						ip->fragment_offset =
							RTE_BE16(RTE_IPV4_HDR_MF_FLAG);
						ip->hdr_checksum = 0;
						ip->hdr_checksum = rte_ipv4_cksum(ip);
					}
					if (i == 1 && c == 18) {        /* UDP, 2 bytes of it */
						ip->total_length = RTE_BE16(22);
						rte_pktmbuf_trim(in[i], 26);
						ip->hdr_checksum = 0;
						ip->hdr_checksum = rte_ipv4_cksum(ip);
					}
					if (i == 1 && c == 19)          /* 6 bytes of headroom */
						h_headroom(in[i], 6);
				}
				h_worker()->icmp.last = 0;      /* a full ICMP bucket */
				chunk_run(in, j == 0 ? 3 : add_martian(in, 3), j == 0 ? a : b);
			}
			if (same_but_martian(a, b) == 3)
				lane[k] |= 1u << c;
			if (k == 2 && c == 3)   /* the one to us: ours, not sent on */
				assert_int_equal(a->drops[SRV6GW_C_ipv4_local_unhandled], 1);
			if (k == 3 && c == 15)  /* one answer, but multicast */
				assert_int_equal(a->drops[SRV6GW_C_ipv4_multicast], 3);
		}
	}
	/* in the lane (bit c): routed, the unchanged chunk (15), another
	 * destination of the route (16, 14, 8), a steered one among the
	 * routed (9, dp_express()'s passes), a fragment (17; steered, its
	 * flow label without ports), UDP without its ports (18; the same),
	 * little headroom (19; steered, moved first, dp_encap_same() declines);
	 * steered, those and what the headend answers itself: TTL 1 (1), too
	 * big (10, 11) */
	assert_int_equal(lane[0], 7u << 17 | 1u << 16 | 1u << 15 | 1u << 14 | 1u << 9 | 1u << 8);
	assert_int_equal(lane[1], 7u << 17 | 1u << 16 | 1u << 15 | 1u << 14 | 1u << 11 |
				  1u << 10 | 1u << 9 | 1u << 8 | 1u << 1);
	assert_int_equal(lane[2], 7u << 17 | 1u << 16 | 1u << 15 | 1u << 14 | 1u << 9 | 1u << 8);
	assert_int_equal(lane[3], 0);
	free(a);
}

/*
 * A port with uRPF (RFC 3704) keeps the express lane out: IPv4 chunks from
 * the core, whose sources are routed via the edge, fail strict uRPF in the
 * general way, routed or steered, and the lane must leave them to it
 * (dp_express_shaped4(), xp_check_chunk()).
 */
static void
test_urpf_chunks(void **state)
{
	static const char *const dst[] = { "10.1.1.1", "203.0.113.9" };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int k, i, j;

	(void)state;
	assert_non_null(a);
	for (k = 0; k < 2; k++) {
		for (j = 0; j < 2; j++) {
			for (i = 0; i < 3; i++) {
				in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
				h_ip4_udp(in[i], "198.18.99.1", dst[k], 40, 20, false);
			}
			chunk_run(in, j == 0 ? 3 : add_martian(in, 3), j == 0 ? a : b);
		}
		assert_int_equal(a->drops[SRV6GW_C_urpf_failed], 3);
		assert_int_equal(a->n, 0);
		b->drops[SRV6GW_C_ipv6_martian]--;
		b->ev[SRV6GW_C_rx_packets]--;
		chunks_same(a, b);
	}
	free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4_chunks),
	};
	const struct CMUnitTest with_default_route[] = {
		cmocka_unit_test(test_transit_shaped),
		cmocka_unit_test(test_dt6_next_hops),
	};
	const struct CMUnitTest with_core_rule[] = {
		cmocka_unit_test(test_memo),
	};
	const struct CMUnitTest with_urpf[] = {
		cmocka_unit_test(test_urpf_chunks),
	};
	int rc = cmocka_run_group_tests_name("datapath: lookups", tests, setup, teardown);

	rc += cmocka_run_group_tests_name("datapath: lookups, default route", with_default_route,
					  setup_default_route, teardown);
	rc += cmocka_run_group_tests_name("datapath: lookups, a core's own rule", with_core_rule,
					  setup_core_rule, teardown);
	return rc + cmocka_run_group_tests_name("datapath: lookups, uRPF", with_urpf,
						setup_urpf, teardown);
}
