/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Datapath unit tests on synthetic mbufs, alike chunks: what
 * dp_chunk_uniform() (src/dp/alike.c) makes of a chunk, which way each
 * chunk takes (the chunk counters), and uniform chunks (src/dp/uniform.c:
 * resubmission, errors, the MTU's edge, next SIDs; transit and steered
 * packets) against the general way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "dp_util.h"

/* Packet @p kind of test_uniform_chunks */
static struct rte_mbuf *
uniform_pkt(unsigned int kind)
{
	static const char *const again[] = { "fc00:1::e", "fc00:1::100", "fc00:5::e" };
	static const char *const none[] = { "fc00:1::e", "3000::1" };
	static const char *const big[] = { "fc00:1::e", "fc00:2::e" };
	struct rte_mbuf *m;

	switch (kind) {
	case 0:         /* the next SID is ours (End.X): the resubmission stage */
		return srv6_pkt(again[0], again, 3, 2, 64);
	case 1:         /* no route to the next SID: Destination Unreachable */
		return srv6_pkt(none[0], none, 2, 1, 64);
	case 2:         /* too big for the next hop's MTU (1500): Packet Too Big */
		m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
		h_ip6(m, "fc00:c::2", big[0], SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPV6, big, 2, 1, 1);
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 1450);
		h_ip6_finish(m);
		return m;
	case 3:         /* End.X, too big likewise */
		m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
		h_ip6(m, "fc00:c::2", again[1], SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPV6, again + 1, 2, 1, 1);
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 1450);
		h_ip6_finish(m);
		return m;
	case 4:         /* End.DT6, no route in its table: Destination Unreachable */
	case 5:         /* End.DT6, too big for the edge (1500): Packet Too Big */
		m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
		h_ip6(m, "fc00:c::2", "fc00:1::a6", SRV6GW_IPPROTO_IPV6, 64);
		/* (the error goes to the inner source: a routed one) */
		h_ip6_udp(m, "2001:db8:f::9", kind == 4 ? "2001:db8:99::7" : "2001:db8:10::7",
			  50, kind == 4 ? 24 : 1460);
		h_ip6_finish(m);
		return m;
	default:        /* End.DX4, too big for the edge, DF clear: two fragments */
		m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
		h_ip6(m, "fc00:c::2", "fc00:1::d4", SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPIP, (const char *const[]){ "fc00:1::d4" }, 1, 0, 0);
		h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, 1480, false);
		h_ip6_finish(m);
		return m;
	}
}

/*
 * A uniform chunk (alike.c dp_chunk_uniform(), dp_express_uniform():
 * every frame the first's but for lengths and payload) whose packets are not simply
 * forwarded: a next SID of ours (after the changes, the resubmission
 * stage), no route to the next SID or to End.DT6's inner destination, and
 * End, End.X, End.DT6 and End.DX4 packets too big for the next hop (the
 * last fragmented). Four copies must give what the general way gives for
 * them (test_express_run_heads covers the usual ones and every changed
 * byte).
 */
static void
test_uniform_chunks(void **state)
{
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int kind, i, j;

	(void)state;
	assert_non_null(a);
	for (kind = 0; kind < 7; kind++) {
		for (j = 0; j < 2; j++) {
			for (i = 0; i < 4; i++)
				in[i] = uniform_pkt(kind);
			h_worker()->icmp.last = 0;      /* a full ICMP bucket */
			chunk_run(in, j == 0 ? 4 : add_martian(in, 4), j == 0 ? a : b);
		}
		/* kind 0: four frames to the core; 6: eight fragments; the
		 * others: four ICMP errors */
		assert_int_equal(a->n, kind == 6 ? 8 : 4);
		if (kind == 1 || kind == 4)
			assert_int_equal(a->drops[SRV6GW_C_no_route], 4);
		else if (kind != 0 && kind != 6)
			assert_int_equal(a->drops[SRV6GW_C_mtu_exceeded], 4);
		lane_same_as_general(a, b, 4);
	}
	free(a);
}

/*
 * Packet of test_uniform_mtu_edge(): @p kind 0 End to fc00:1::e (next SID
 * fc00:2::e), 1 End.DT6 (fc00:1::a6, to 2001:db8:10::7 by the edge), 2
 * End.DX4 (fc00:1::d4, DF set), 3 End with PSP (fc00:1::e1: the SRH goes),
 * 4 End.X (fc00:1::100, to the core), with @p plen bytes of UDP payload.
 */
static struct rte_mbuf *
mtu_edge_pkt(unsigned int kind, uint16_t plen)
{
	static const char *const segs[][2] = {
		{ "fc00:1::e", "fc00:2::e" }, { "fc00:1::e1", "fc00:2::e" },
		{ "fc00:1::100", "fc00:5::e" },
	};
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	const char *const *sl = segs[kind == 3 ? 1 : kind == 4 ? 2 : 0];

	switch (kind) {
	case 0:
	case 3:
	case 4:
		h_ip6(m, "fc00:c::2", sl[0], SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPV6, sl, 2, 1, 1);
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, plen);
		break;
	case 1:
		h_ip6(m, "fc00:c::2", "fc00:1::a6", SRV6GW_IPPROTO_IPV6, 64);
		h_ip6_udp(m, "2001:db8:f::9", "2001:db8:10::7", 50, plen);
		break;
	default:
		h_ip6(m, "fc00:c::2", "fc00:1::d4", SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPIP, (const char *const[]){ "fc00:1::d4" }, 1, 0, 0);
		h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, plen, true);
		break;
	}
	h_ip6_finish(m);
	return m;
}

/*
 * Uniform End, End.DT6, End.DX4, End with PSP and End.X chunks whose
 * lengths straddle the next hop's MTU (1500 for all): a short packet and
 * one of just the MTU after the change (End, End.X: the whole packet; the
 * decapsulations: the inner one; PSP: without the SRH), and then one byte
 * over it. dp_express_uniform() tests no length
 * when the chunk's longest frame, less what the change takes off, fits
 * (uniform.c, alike.h xpu_queue()): the one at the MTU must go out, the one over it
 * must not (Packet Too Big, Fragmentation Needed: mtu_exceeded), as the
 * general way answers.
 */
static void
test_uniform_mtu_edge(void **state)
{
	/* (UDP payloads: End 40 + 40 + 48, End.DT6 40 + 8, End.DX4 20 + 8 before;
	 * PSP 40 + 48 left; End.X as End) */
	static const uint16_t at[] = { 1500 - 128, 1500 - 48, 1500 - 28, 1500 - 88, 1500 - 128 };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int kind, over, j, n = 0;

	(void)state;
	assert_non_null(a);
	for (kind = 0; kind < RTE_DIM(at); kind++) {
		for (over = 0; over < 2; over++) {
			for (j = 0; j < 2; j++) {
				in[0] = mtu_edge_pkt(kind, 40);
				in[1] = mtu_edge_pkt(kind, at[kind]);
				n = 2;
				if (over)
					in[n++] = mtu_edge_pkt(kind, at[kind] + 1);
				h_worker()->icmp.last = 0;      /* a full ICMP bucket */
				chunk_run(in, j == 0 ? n : add_martian(in, n), j == 0 ? a : b);
			}
			print_message("kind %u, over %u\n", kind, over);
			assert_int_equal(a->drops[SRV6GW_C_mtu_exceeded], over);
			assert_true(a->n >= 2);
			lane_same_as_general(a, b, n);
		}
	}
	free(a);
}

/*
 * Uniform End chunks (four packets to fc00:1::e, one SRH shape) whose
 * next SIDs differ packet by packet: dp_express_uniform() tests each next
 * SID's validity (RFC 8754 §4.3.1.1 S14's destination, dp_sid_valid_next())
 * only where a run of equal ones starts (uniform.c xpu_check()). A
 * multicast, loopback, unspecified or link-local next SID must be dropped
 * (next_sid_invalid) as the general way drops it, wherever in the chunk
 * it is and however many follow it, and the valid ones forwarded; a chunk
 * of valid ones in runs is the lane's whole.
 */
static void
test_uniform_next_sids(void **state)
{
	static const char *const ok = "2001:db8:f::99", *const ok2 = "2001:db8:f::98";
	static const struct {
		const char *next[4];
		unsigned int invalid;
	} c[] = {
		{ { ok, ok, "ff02::1", "ff02::1" }, 2 },
		{ { ok, "::1", ok, ok }, 1 },
		{ { ok, "fe80::1", "fe80::1", ok }, 2 },
		{ { ok, ok2, ok2, "::" }, 1 },
		/* (::1 is ::2 but for the last 64 bits: the run's compare of all 128) */
		{ { ok, "::2", "::1", ok }, 1 },
		{ { ok, ok, ok2, ok }, 0 },
	};
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int k, i, j;

	(void)state;
	assert_non_null(a);
	for (k = 0; k < RTE_DIM(c); k++) {
		for (j = 0; j < 2; j++) {
			for (i = 0; i < 4; i++) {
				const char *segs[] = { "fc00:1::e", c[k].next[i] };

				in[i] = srv6_pkt("fc00:1::e", segs, 2, 1, 64);
			}
			h_worker()->icmp.last = 0;      /* a full ICMP bucket */
			chunk_run(in, j == 0 ? 4 : add_martian(in, 4), j == 0 ? a : b);
		}
		print_message("chunk %u\n", k);
		assert_int_equal(a->drops[SRV6GW_C_next_sid_invalid], c[k].invalid);
		assert_int_equal(a->n, 4 - c[k].invalid);
		assert_int_equal(same_but_martian(a, b), c[k].invalid == 0 ? 4 : 0);
	}
	free(a);
}

/*
 * Which way each chunk took is counted (chunks, chunks_alike,
 * chunks_general; docs/stats.md), so an operator sees how much of the
 * traffic takes the shorter ways, and a change that sends alike chunks the
 * long way (the same frames out, more work) fails here, not only in
 * test/callgrind's counts: four equal End, End.X or uN packets (uniform:
 * dp_express_uniform()), four transit packets of one flow (uniform, the
 * shaped way), four IPv4 packets to one destination (dp_express_same4())
 * are alike; End, transit and IPv4 together the express lane's per-packet
 * passes; a martian sends its chunk the general way; one packet alone is
 * not compared; a burst of DP_BURST + 8 is two chunks.
 */
static void
test_chunk_ways(void **state)
{
	static const char *const e[] = { "fc00:1::e", "fc00:2::e" };
	static const char *const x[] = { "fc00:1::100", "fc00:5::e" };
	struct chunk_out *a = calloc(1, sizeof(*a));
	struct rte_mbuf *in[DP_BURST + 8];
	unsigned int k, i, n;
	uint64_t c0, a0, g0;

	(void)state;
	assert_non_null(a);
	for (k = 0; k < 7; k++) {
		n = 4;
		for (i = 0; i < n; i++) {
			/* (4: End, transit, IPv4, End; 5: one uN alone) */
			unsigned int kind = k == 4 ? i % 3 : k == 6 ? 0 : k;

			switch (kind) {
			case 0:
				in[i] = srv6_pkt(e[0], e, 2, 1, 64);
				break;
			case 1:
				in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
				h_ip6_udp(in[i], "2001:db8:aa::1", "2001:db8:f::5", 64, 20);
				h_ip6_finish(in[i]);
				break;
			case 2:
				in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
				h_ip4_udp(in[i], "198.18.99.1", "198.51.100.1", 40, 20, false);
				break;
			case 3:
				in[i] = srv6_pkt(x[0], x, 2, 1, 64);
				break;
			default:
				in[i] = usid_pkt("fcbb:bb00:100:8001::");
				break;
			}
		}
		if (k == 5)
			n = 1;
		if (k == 6)
			n = add_martian(in, n);
		chunk_run(in, n, a);
		print_message("chunk %u\n", k);
		assert_int_equal(a->ev[SRV6GW_C_chunks], 1);
		assert_int_equal(a->ev[SRV6GW_C_chunks_alike], k < 4);
		assert_int_equal(a->ev[SRV6GW_C_chunks_general], k == 6);
		assert_int_equal(a->ev[SRV6GW_C_express_packets], k == 6 ? 0 : n);
		for (i = n; k == 5 && i < 4; i++)
			rte_pktmbuf_free(in[i]);
	}
	c0 = h_event(SRV6GW_C_chunks);
	a0 = h_event(SRV6GW_C_chunks_alike);
	g0 = h_event(SRV6GW_C_chunks_general);
	for (i = 0; i < RTE_DIM(in); i++)
		in[i] = srv6_pkt(e[0], e, 2, 1, 64);
	h_rx(H_CORE, in, RTE_DIM(in));
	h_tx_drain();
	assert_int_equal(h_event(SRV6GW_C_chunks) - c0, 2);
	assert_int_equal(h_event(SRV6GW_C_chunks_alike) - a0, 2);
	assert_int_equal(h_event(SRV6GW_C_chunks_general) - g0, 0);
	free(a);
}

/*
 * Uniform chunks (alike.c dp_chunk_uniform(): one flow, every frame the
 * first's but for its length) of transit and steered IPv6 packets, which
 * take the shaped way with one answer for all (rx.c chunk_alike()): to
 * the edge (routed), into "three" (H.Encaps, 3 SIDs) and "red3"
 * (H.Encaps.Red); each as four equal packets, with the third too big for
 * the edge's MTU or for the policy's, and with Hop Limit 1 (Time
 * Exceeded). Each chunk must give what the general way gives, the usual
 * ones in the lane. (Which way of the lane takes them, the shaped one,
 * is held by test/callgrind's one-flow scenarios: before, the same
 * results came from dp_express()'s per-packet passes.)
 */
static void
test_uniform_transit_steered(void **state)
{
	static const char *const dst[] = { "2001:db8:f::5", "2001:db8:bb::5", "2001:db8:aa::5" };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int d, c, i, j;

	(void)state;
	assert_non_null(a);
	for (d = 0; d < RTE_DIM(dst); d++) {
		for (c = 0; c < 3; c++) {
			for (j = 0; j < 2; j++) {
				for (i = 0; i < 4; i++) {
					in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
					h_ip6_udp(in[i], "fc00:c::2", dst[d], c == 2 ? 1 : 64,
						  c == 1 && i == 2 ? 1500 : 40);
					h_ip6_finish(in[i]);
				}
				h_worker()->icmp.last = 0;      /* a full ICMP bucket */
				chunk_run(in, j == 0 ? 4 : add_martian(in, 4), j == 0 ? a : b);
			}
			assert_int_equal(a->n, 4);
			if (c == 0) {
				assert_int_equal(same_but_martian(a, b), 4);
				assert_int_equal(a->ev[d == 0 ? SRV6GW_C_forwarded_ipv6 :
						      SRV6GW_C_encapsulated], 4);
			} else {
				same_but_martian(a, b);
			}
			if (c == 1)
				assert_int_equal(a->drops[SRV6GW_C_mtu_exceeded], 1);
			if (c == 2)
				assert_int_equal(a->drops[SRV6GW_C_ttl_exceeded], 4);
		}
	}
	free(a);
}

/*
 * What dp_chunk_uniform() (alike.c) makes of four copies of an End frame:
 * uniform as they are; shaped when the destination of one or more differs
 * from the first's (the first's own included), from that frame on, and
 * keyed when they differ only outside the deciding bits given (the first
 * 64 or none; not when all 128 are, or when none are given); mixed when a
 * deciding byte (Hop Limit) or the length of a frame before or after that
 * one differs too. The longest frame is noted wherever it is. The frames
 * stay as they came.
 */
static void
test_chunk_kinds(void **state)
{
	static const struct {
		int8_t dst[2];          /* frames whose destination's last byte differs */
		int8_t kd;              /* a frame whose destination's 8th byte differs */
		int8_t hl, cut;         /* a frame whose Hop Limit differs, one 8 bytes short */
		int16_t key;            /* the deciding bits given: the first ones (-1: NULL) */
		enum dp_chunk_kind want;
	} c[] = {
		{ { -1, -1 }, -1, -1, -1, -1, DP_CHUNK_UNIFORM },
		{ { 2, -1 }, -1, -1, -1, -1, DP_CHUNK_SHAPED },
		{ { 1, 3 }, -1, -1, -1, -1, DP_CHUNK_SHAPED },
		{ { 0, -1 }, -1, -1, -1, -1, DP_CHUNK_SHAPED },
		{ { -1, -1 }, -1, 2, -1, -1, DP_CHUNK_MIXED },
		{ { 2, -1 }, -1, 1, -1, -1, DP_CHUNK_MIXED },
		{ { 2, -1 }, -1, 2, -1, -1, DP_CHUNK_MIXED },
		{ { 1, -1 }, -1, 3, -1, -1, DP_CHUNK_MIXED },
		{ { 1, -1 }, -1, -1, 3, -1, DP_CHUNK_MIXED },
		{ { 2, -1 }, -1, -1, 1, -1, DP_CHUNK_MIXED },
		{ { -1, -1 }, -1, -1, -1, 64, DP_CHUNK_UNIFORM },
		{ { 2, -1 }, -1, -1, -1, 64, DP_CHUNK_KEYED },
		{ { 1, 3 }, -1, -1, -1, 64, DP_CHUNK_KEYED },
		{ { 0, -1 }, -1, -1, -1, 64, DP_CHUNK_KEYED },
		{ { 2, -1 }, -1, -1, -1, 128, DP_CHUNK_SHAPED },
		{ { -1, -1 }, 1, -1, -1, 64, DP_CHUNK_SHAPED },
		{ { 2, -1 }, 3, -1, -1, 64, DP_CHUNK_SHAPED },
		{ { 1, -1 }, 2, -1, -1, 64, DP_CHUNK_SHAPED },
		{ { 1, -1 }, 2, -1, -1, 0, DP_CHUNK_KEYED },
		{ { 2, -1 }, -1, 3, -1, 64, DP_CHUNK_MIXED },
		{ { 2, -1 }, -1, 1, -1, 64, DP_CHUNK_MIXED },
		{ { 1, -1 }, 3, -1, 2, 64, DP_CHUNK_MIXED },
	};
	const unsigned int dst = RTE_ETHER_HDR_LEN + 24, hl = RTE_ETHER_HDR_LEN + 7;
	struct rte_mbuf *in[4];
	uint8_t key[16];
	unsigned int k, i, j;
	struct dp_alike facts;
	uint64_t mac;

	(void)state;
	for (k = 0; k < RTE_DIM(c); k++) {
		for (i = 0; i < 4; i++)
			in[i] = head_pkt(0);
		memcpy(&mac, rte_pktmbuf_mtod(in[0], void *), 8);
		mac = rte_le_to_cpu_64(mac);
		for (j = 0; j < 2; j++)
			if (c[k].dst[j] >= 0)
				rte_pktmbuf_mtod(in[c[k].dst[j]], uint8_t *)[dst + 15] ^= 1;
		if (c[k].kd >= 0)
			rte_pktmbuf_mtod(in[c[k].kd], uint8_t *)[dst + 7] ^= 0x10;
		if (c[k].hl >= 0)
			rte_pktmbuf_mtod(in[c[k].hl], uint8_t *)[hl]--;
		if (c[k].cut >= 0)
			rte_pktmbuf_trim(in[c[k].cut], 8);
		for (i = 0; i < 16; i++)
			key[i] = (int)i * 8 < c[k].key ? 0xff : 0;
		print_message("case %u\n", k);
		assert_int_equal(dp_chunk_uniform(in, 4, mac, c[k].key < 0 ? NULL : key, &facts),
				 c[k].want);
		if (c[k].want != DP_CHUNK_MIXED)       /* (the one 8 bytes short is not) */
			assert_int_equal(facts.longest, in[0]->pkt_len);
		for (i = 0; i < 4; i++) {
			assert_int_equal(in[i]->data_off, RTE_PKTMBUF_HEADROOM);
			rte_pktmbuf_free(in[i]);
		}
	}
	/* the longest frame, wherever it is: a uniform, a shaped and a keyed
	 * chunk with one frame 8 bytes longer, before or after the frame
	 * whose destination differs */
	for (k = 0; k < 3 * 4; k++) {
		unsigned int at = k % 4;
		uint16_t plen;

		for (i = 0; i < 4; i++)
			in[i] = head_pkt(0);
		memcpy(&mac, rte_pktmbuf_mtod(in[0], void *), 8);
		mac = rte_le_to_cpu_64(mac);
		if (k >= 4)
			rte_pktmbuf_mtod(in[2], uint8_t *)[dst + 15] ^= 1;
		memset(rte_pktmbuf_append(in[at], 8), 0, 8);
		memcpy(&plen, rte_pktmbuf_mtod_offset(in[at], uint8_t *, RTE_ETHER_HDR_LEN + 4), 2);
		plen = rte_cpu_to_be_16(rte_be_to_cpu_16(plen) + 8);
		memcpy(rte_pktmbuf_mtod_offset(in[at], uint8_t *, RTE_ETHER_HDR_LEN + 4), &plen, 2);
		for (i = 0; i < 16; i++)
			key[i] = i < 8 ? 0xff : 0;
		assert_int_equal(dp_chunk_uniform(in, 4, mac, k >= 8 ? key : NULL, &facts),
				 k < 4 ? DP_CHUNK_UNIFORM : k < 8 ? DP_CHUNK_SHAPED : DP_CHUNK_KEYED);
		assert_int_equal(facts.longest, in[at]->pkt_len);
		assert_int_equal(facts.longest, in[(at + 1) % 4]->pkt_len + 8);
		for (i = 0; i < 4; i++)
			rte_pktmbuf_free(in[i]);
	}
}

/*
 * What dp_chunk_uniform() notes of a chunk of IPv4 frames to us: each
 * destination's difference from the first's, ORed (struct dp_alike),
 * which dp_ipv4_classify_same() reads instead of the destinations: none,
 * then each octet in turn differing in one of frames 1-3.
 */
static void
test_chunk_ipv4_diff(void **state)
{
	static const char *const dst[] = { "198.18.0.1", "198.18.0.1", "198.18.0.1", "198.18.0.1" };
	struct rte_mbuf *in[4];
	struct dp_alike facts;
	unsigned int k, i;
	uint8_t want[4];
	uint64_t mac;

	(void)state;
	for (k = 0; k <= 4; k++) {      /* (k >= 1) a frame differs in octet k - 1 */
		memset(want, 0, sizeof(want));
		for (i = 0; i < 4; i++) {
			in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
			h_ip4_udp(in[i], "192.0.2.77", dst[i], 64, 40, false);
		}
		if (k > 0) {
			rte_pktmbuf_mtod_offset(in[1 + k % 3], uint8_t *,
						RTE_ETHER_HDR_LEN + 16)[k - 1] ^= 0x81;
			want[k - 1] = 0x81;
		}
		memcpy(&mac, rte_pktmbuf_mtod(in[0], void *), 8);
		mac = rte_le_to_cpu_64(mac);
		assert_int_equal(dp_chunk_uniform(in, 4, mac, NULL, &facts), DP_CHUNK_IPV4);
		assert_memory_equal(&facts.dst4_diff, want, 4);
		for (i = 0; i < 4; i++)
			rte_pktmbuf_free(in[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uniform_chunks),
		cmocka_unit_test(test_uniform_next_sids),
		cmocka_unit_test(test_uniform_mtu_edge),
		cmocka_unit_test(test_uniform_transit_steered),
		cmocka_unit_test(test_chunk_ways),
		cmocka_unit_test(test_chunk_kinds),
		cmocka_unit_test(test_chunk_ipv4_diff),
	};

	return cmocka_run_group_tests_name("datapath: alike chunks", tests, setup, teardown);
}
