/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Datapath unit tests on synthetic mbufs, the express lane
 * (src/dp/express.c): chunks of usual packets, and of packets it must
 * leave to the general way, give the general way's frames and counters;
 * run heads, runs of equal destinations and uSID containers, one
 * destination for a whole chunk, a headend's steered chunk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "dp_util.h"

/* The usual chunk of test_express_same; @p again: one next SID is ours */
static unsigned int
express_chunk(struct rte_mbuf **in, bool again)
{
	static const char *const e[] = { "fc00:1::e", "fc00:2::e" };
	static const char *const e_psp[] = { "fc00:1::e1", "fc00:2::e" };
	static const char *const e_usp[] = { "fc00:1::e2", "fc00:2::e", "fc00:3::e" };
	static const char *const x[] = { "fc00:1::100", "fc00:5::e" };
	static const char *const x_psp[] = { "fc00:1::101", "fc00:5::e" };
	static const char *const nort[] = { "fc00:1::e", "2001:db8:99::1" };
	static const char *const local[] = { "fc00:1::e", "fc00:1::100", "fc00:6::e" };
	unsigned int n = 0;

	in[n++] = srv6_pkt(e[0], e, 2, 1, 64);
	in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);             /* transit */
	h_ip6_udp(in[n++], "2001:db8:aa::1", "2001:db8:f::5", 64, 20);
	in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);             /* steered: H.Encaps */
	h_ip6_udp(in[n++], "2001:db8:aa::1", "2001:db8:bb::7", 64, 20);
	in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);             /* IPv4 routed */
	h_ip4_udp(in[n++], "198.18.99.1", "198.51.100.1", 40, 20, false);
	in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);             /* IPv4 steered */
	h_ip4_udp(in[n++], "198.18.99.1", "203.0.113.9", 40, 20, true);
	in[n++] = srv6_pkt(e_psp[0], e_psp, 2, 1, 64);
	in[n++] = dx4_pkt();                                    /* End.DX4, SRH at SL 0 */
	in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);             /* End.DT6, no SRH */
	h_ip6(in[n], "fc00:c::2", "fc00:1::a6", SRV6GW_IPPROTO_IPV6, 64);
	h_ip6_udp(in[n], "2001:db8:aa::1", "2001:db8:10::7", 50, 24);
	h_ip6_finish(in[n++]);
	in[n++] = srv6_pkt(e_usp[0], e_usp, 3, 2, 9);
	in[n++] = srv6_pkt(x[0], x, 2, 1, 64);
	in[n++] = usid_pkt("fcbb:bb00:100:8001::");
	in[n++] = srv6_pkt(x_psp[0], x_psp, 2, 1, 64);
	in[n++] = srv6_pkt(nort[0], nort, 2, 1, 64);
	if (again)
		in[n++] = srv6_pkt(local[0], local, 3, 2, 64);
	in[n++] = srv6_pkt(e[0], e, 2, 1, 2);
	return n;
}

/* Packets the express lane must leave to the general way (test_express_refuses). */
static struct rte_mbuf *
unusual_pkt(unsigned int i)
{
	static const char *const dx4[] = { "fc00:1::d4" };
	static const char *const dx4_sl[] = { "fc00:1::d4", "fc00:2::e" };
	static const char *const e[] = { "fc00:1::e", "fc00:2::e" };
	static const char *const acl[] = { "fc00:1::ac", "fc00:2::e" };
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	struct rte_ipv4_hdr *ip4;
	struct rte_ipv6_hdr *ip6;
	struct srv6gw_srh *srh;

	switch (i) {
	case 0:         /* End.DX4, inner checksum wrong: dropped as inner_malformed */
	case 1:         /* End.DX4, inner IPv4 options: accepted by the general way */
		h_ip6(m, "fc00:c::2", "fc00:1::d4", SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPIP, dx4, 1, 0, 0);
		ip4 = h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, 20, false);
		if (i == 0)
			ip4->hdr_checksum ^= 0x0101;
		else
			ip4->version_ihl = 0x46;        /* 4 option bytes: the UDP header's first */
		break;
	case 2:         /* End.DX4 with Segments Left 1: Parameter Problem */
		h_ip6(m, "fc00:c::2", "fc00:1::d4", SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPIP, dx4_sl, 2, 1, 1);
		h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, 20, false);
		break;
	case 3:         /* End.DT6, outer ECN CE (RFC 6040 decapsulation) */
	case 4:         /* End.DT6, inner padding (trimmed by the general way) */
		ip6 = h_ip6(m, "fc00:c::2", "fc00:1::a6", SRV6GW_IPPROTO_IPV6, 64);
		if (i == 3)
			ip6->vtc_flow = rte_cpu_to_be_32(6u << 28 | 3u << 20);
		ip6 = h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:10::7", 50, 24);
		if (i == 3)
			ip6->vtc_flow = rte_cpu_to_be_32(6u << 28 | 1u << 20);
		else
			h_put(m, NULL, 6);
		break;
	case 5:         /* End, Hop Limit 1: Time Exceeded */
	case 6:         /* End, O-flag (RFC 9259) */
		h_ip6(m, "fc00:c::2", "fc00:1::e", SRV6GW_IPPROTO_ROUTING, i == 5 ? 1 : 64);
		srh = h_srh(m, SRV6GW_IPPROTO_IPV6, e, 2, 1, 1);
		if (i == 6)
			srh->flags = SRV6GW_SRH_FLAG_O;
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 32);
		break;
	case 7:         /* transit, Hop Limit 1: Time Exceeded */
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 1, 20);
		return m;
	case 14:        /* End with an iACL, an allowed source: forwarded */
	case 15:        /* ... a source it does not allow: dropped (RFC 8754 §5.1) */
		h_ip6(m, i == 14 ? "fc00:c::2" : "fc00:9::2", "fc00:1::ac",
		      SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPV6, acl, 2, 1, 1);
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 32);
		break;
	case 11:        /* steered, Hop Limit 1: Time Exceeded (RFC 8986 §5.1) */
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:bb::7", 1, 20);
		return m;
	case 12:        /* steered IPv4, DF, too big for the tunnel: Fragmentation Needed */
	case 13:        /* steered IPv4, too big, DF clear: fragmented, then encapsulated */
		rte_pktmbuf_free(m);
		m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
		h_ip4_udp(m, "198.18.99.1", "203.0.113.9", 40, 1400, i == 12);
		return m;
	default:        /* IPv4: checksum wrong (8), TTL 1 (9), to us (10) */
		rte_pktmbuf_free(m);
		m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
		ip4 = h_ip4_udp(m, "198.18.99.1", i == 10 ? "192.0.2.1" : "198.51.100.1",
				i == 9 ? 1 : 40, 20, false);
		if (i == 8)
			ip4->hdr_checksum ^= 0x0100;
		return m;
	}
	h_ip6_finish(m);
	return m;
}

/*
 * What the express lane must not take, it leaves untouched: a usual chunk
 * with one such packet at its end gives the same frames and counters as
 * that chunk with a martian after it (which sends it the general way for
 * sure), packet kind by packet kind. Steered packets the lane hands to
 * dp_encap() as they are, so there the same comparison checks that it
 * answers their errors as the general way does.
 */
static void
test_express_refuses(void **state)
{
	static const char *const e[] = { "fc00:1::e", "fc00:2::e" };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[4];
	unsigned int j, kind;

	(void)state;
	assert_non_null(a);
	for (kind = 0; kind < 16; kind++) {
		for (j = 0; j < 2; j++) {
			struct chunk_out *r = j == 0 ? a : b;

			in[0] = srv6_pkt(e[0], e, 2, 1, 64);
			in[1] = unusual_pkt(kind);
			chunk_run(in, j == 0 ? 2 : add_martian(in, 2), r);
			/* steered packets (11-13) take the lane whatever they hold:
			 * dp_encap() answers them there as anywhere */
			if (j == 1 || kind < 11 || kind > 13)
				assert_int_equal(r->ev[SRV6GW_C_express_packets], 0);
		}
		if (kind == 15)
			assert_int_equal(a->drops[SRV6GW_C_iacl_src], 1);
		assert_int_equal(b->drops[SRV6GW_C_ipv6_martian], 1);
		b->drops[SRV6GW_C_ipv6_martian] = 0;
		b->ev[SRV6GW_C_rx_packets]--;
		a->ev[SRV6GW_C_express_packets] = 0;
		chunks_same(a, b);
	}
	free(a);
}

/*
 * The express lane (src/dp/express.c) answers as the general way does: a
 * chunk of usual End, End.X, uN, End.DX4, End.DT6, transit and steered
 * IPv6 and IPv4 packets goes through it; the same chunk
 * with one martian added at its end (dropped, and sending the whole chunk
 * the general way) must give the same frames, in the same order, and the
 * same counters but for that drop. With a next SID of ours, the lane hands
 * over to the resubmission stage after its changes.
 */
static void
test_express_same(void **state)
{
	struct rte_mbuf *in[DP_BURST];
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	unsigned int n, round;

	(void)state;
	assert_non_null(a);
	for (round = 0; round < 2; round++) {
		n = express_chunk(in, round == 1);
		chunk_run(in, n, a);
		n = express_chunk(in, round == 1);
		chunk_run(in, add_martian(in, n), b);
		assert_int_equal(a->n, n);      /* one frame each (no route: an error) */
		lane_same_as_general(a, b, n);
	}
	free(a);
}

/*
 * Runs of equal destinations (an endpoint's traffic: one SID, one next SID)
 * are looked up once per run, in the SID table (ipv6.c dp_sid_match_bulk)
 * and for the next SIDs (express.c pass 3): each packet must still get its
 * own SID's behaviour and its own next SID's route. The expected frames come
 * from the routes of golden.conf (fc00::/16 to the core, 2001:db8:f::/48 to
 * the edge, 2001:db8:99:: unrouted), and the lane must answer as the general
 * way does.
 */
static void
test_express_runs(void **state)
{
	static const char *const core[] = { "fc00:1::e", "fc00:2::e" };
	static const char *const edge[] = { "fc00:1::e", "2001:db8:f::1" };
	static const char *const nort[] = { "fc00:1::e", "2001:db8:99::1" };
	/* what leaves: the core's frames in order, then the edge's */
	static const char *const want_da[] = { "fc00:2::e", "fc00:2::e", "fc00:2::e",
					       "fc00:c::2", "fc00:2::e", "2001:db8:f::1" };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[10];
	uint8_t da[16];
	unsigned int n, i, j;

	(void)state;
	assert_non_null(a);
	for (j = 0; j < 2; j++) {
		struct chunk_out *r = j == 0 ? a : b;

		n = 0;
		in[n++] = srv6_pkt(core[0], core, 2, 1, 64);
		in[n++] = srv6_pkt(core[0], core, 2, 1, 64);
		in[n++] = srv6_pkt(edge[0], edge, 2, 1, 64);
		in[n++] = dx4_pkt();
		in[n++] = dx4_pkt();
		in[n++] = srv6_pkt(core[0], core, 2, 1, 64);
		in[n++] = srv6_pkt(nort[0], nort, 2, 1, 64);
		in[n++] = srv6_pkt(core[0], core, 2, 1, 64);
		chunk_run(in, j == 0 ? n : add_martian(in, n), r);
	}
	assert_int_equal(a->n, 8);
	for (i = 0; i < 6; i++) {
		const struct rte_ipv6_hdr *ip =
			(const struct rte_ipv6_hdr *)(a->frame[i] + RTE_ETHER_HDR_LEN);

		h_addr(want_da[i], da);
		assert_memory_equal(ip->dst_addr, da, 16);
		if (i == 3)     /* no route: Destination Unreachable back to the source */
			assert_int_equal(ip->proto, IPPROTO_ICMPV6);
	}
	for (i = 6; i < 8; i++)         /* End.DX4: the inner IPv4 packet */
		assert_int_equal(((const struct rte_ether_hdr *)a->frame[i])->ether_type,
				 rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4));
	lane_same_as_general(a, b, 8);
	free(a);
}

/* This worker's CNT-1 packet count of SID @p sid (the harness has one worker). */
static uint64_t
sid_count(const char *sid)
{
	const struct srv6gw_gen *g = srv6gw_gen_get();
	uint8_t a[16];
	int64_t i;

	h_addr(sid, a);
	i = srv6gw_addr_tab_get(&g->sids, a);
	assert_true(i >= 0);
	return g->sid_stats[i].packets;
}

static void
exact_free_cb(void *addr, void *opaque)
{
	free(addr);
	free(opaque);
}

/*
 * @p src's frame moved into an external buffer that ends where the frame
 * does (malloc'd, the shared info apart): under ASan (test/asan) a read past
 * the frame's last byte is an error, where a pool mbuf's data room would
 * hide it. @p src is freed.
 */
static struct rte_mbuf *
exact_copy(struct rte_mbuf *src)
{
	struct rte_mbuf_ext_shared_info *sh = malloc(sizeof(*sh));
	uint16_t len = (uint16_t)src->pkt_len, buf_len = RTE_PKTMBUF_HEADROOM + len;
	uint8_t *buf = malloc(buf_len);
	struct rte_mbuf *m = rte_pktmbuf_alloc(h_pool());

	assert_true(sh != NULL && buf != NULL && m != NULL);
	memcpy(buf + RTE_PKTMBUF_HEADROOM, rte_pktmbuf_mtod(src, void *), len);
	sh->free_cb = exact_free_cb;
	sh->fcb_opaque = sh;
	rte_mbuf_ext_refcnt_set(sh, 1);
	rte_pktmbuf_attach_extbuf(m, buf, (rte_iova_t)(uintptr_t)buf, buf_len, sh);
	m->data_off = RTE_PKTMBUF_HEADROOM;
	m->data_len = m->pkt_len = len;
	rte_pktmbuf_free(src);
	return m;
}

/*
 * Pass 1 of the express lane lets a packet whose deciding header bytes are
 * its run head's take the head's answer (express.c xp_same()), and a
 * uniform chunk (dp_chunk_uniform(): those bytes, the Ethernet destination
 * and EtherType of every frame the first's) skips the Ethernet stage and
 * the classification of all but its first frame. Every single-byte change
 * of a usual End, End with PSP, End.X, uN (with and without an SRH),
 * End.DX4 or End.DT6 packet (never heads: checked in full each) in its
 * Ethernet header and first 112 bytes (the inner header included), made
 * in the first, the second or all of three copies, and every copy of it cut
 * short (40 to 116 bytes, Payload Length to match), put right after that
 * packet and before another copy of it, must give what the general way
 * gives for the same three packets: a byte or a length the checks read but
 * xp_same() or dp_chunk_uniform() missed would let a packet the general
 * way answers otherwise through as usual. The shorter copies end their
 * buffers (exact_copy()), so under ASan a read past their end fails too.
 */
static void
test_express_run_heads(void **state)
{
	static const uint8_t how[][2] = { { 0x01, 0 }, { 0x80, 0 }, { 0, 1 }, { 0xff, 1 } };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[4];
	unsigned int kind, off, k, j, lane = 0, len;

	(void)state;
	assert_non_null(a);
	for (kind = 0; kind < 9; kind++) {
		struct rte_mbuf *t = head_pkt(kind);

		len = t->pkt_len;
		rte_pktmbuf_free(t);
		/* the Ethernet header too (a uniform chunk, dp_chunk_uniform(), compares
		 * its destination and EtherType), in the first frame, the second, or
		 * all three (a uniform chunk of changed frames) */
		for (off = 0; off < 3 * RTE_MIN(len, RTE_ETHER_HDR_LEN + 112u); off++) {
			unsigned int at = off % 3, o = off / 3, f;

			for (k = 0; k < RTE_DIM(how); k++) {
				for (j = 0; j < 2; j++) {
					struct chunk_out *r = j == 0 ? a : b;
					uint8_t *p;

					in[0] = head_pkt(kind);
					in[1] = head_pkt(kind);
					in[2] = head_pkt(kind);
					for (f = 0; f < 3; f++) {
						if (at != 2 && f != at)
							continue;
						p = rte_pktmbuf_mtod_offset(in[f], uint8_t *, o);
						*p = how[k][1] ? how[k][0] : *p ^ how[k][0];
					}
					h_worker()->icmp.last = 0;      /* a full ICMP bucket */
					chunk_run(in, j == 0 ? 3 : add_martian(in, 3), r);
				}
				/* the lane took all three, or none (or the two
				 * the Ethernet stage did not drop) */
				assert_true(a->ev[SRV6GW_C_express_packets] == 0 ||
					    a->ev[SRV6GW_C_express_packets] == 3 ||
					    (o < RTE_ETHER_HDR_LEN &&
					     a->ev[SRV6GW_C_express_packets] == 2));
				lane += a->ev[SRV6GW_C_express_packets] == 3;
				assert_int_equal(b->ev[SRV6GW_C_express_packets], 0);
				/* (the change may make a martian of its own) */
				assert_int_equal(b->drops[SRV6GW_C_ipv6_martian],
						 a->drops[SRV6GW_C_ipv6_martian] + 1);
				b->drops[SRV6GW_C_ipv6_martian]--;
				b->ev[SRV6GW_C_rx_packets]--;
				b->ev[SRV6GW_C_express_packets] = a->ev[SRV6GW_C_express_packets];
				chunks_same(a, b);
			}
		}
	}
	/* most changes (flow label, source, payload) leave the packet usual */
	assert_true(lane > 3 * 9 * 40 * 4 / 2);
	/* and shorter copies, Payload Length to match: within the SRH, or not */
	for (kind = 0; kind < 9; kind++) {
		for (len = 40; len < 120; len += 4) {
			for (j = 0; j < 2; j++) {
				struct chunk_out *r = j == 0 ? a : b;
				struct rte_ipv6_hdr *ip;

				in[0] = head_pkt(kind);
				in[1] = head_pkt(kind);
				in[2] = head_pkt(kind);
				if (in[1]->pkt_len - RTE_ETHER_HDR_LEN > len)
					rte_pktmbuf_trim(in[1], in[1]->pkt_len - RTE_ETHER_HDR_LEN - len);
				ip = rte_pktmbuf_mtod_offset(in[1], struct rte_ipv6_hdr *,
							     RTE_ETHER_HDR_LEN);
				ip->payload_len = rte_cpu_to_be_16(in[1]->pkt_len - RTE_ETHER_HDR_LEN -
								   sizeof(*ip));
				in[1] = exact_copy(in[1]);
				h_worker()->icmp.last = 0;
				chunk_run(in, j == 0 ? 3 : add_martian(in, 3), r);
			}
			assert_int_equal(b->drops[SRV6GW_C_ipv6_martian], 1);
			b->drops[SRV6GW_C_ipv6_martian] = 0;
			b->ev[SRV6GW_C_rx_packets]--;
			b->ev[SRV6GW_C_express_packets] = a->ev[SRV6GW_C_express_packets];
			chunks_same(a, b);
		}
	}
	free(a);
}

/*
 * Runs of equal uSID containers (RFC 9800: not exact SIDs, found by the
 * locator trie and the masked C-SID; classified once per run, ipv6.c
 * dp_ipv6_classify_bulk()): each packet gets its own container's SID,
 * whose CNT-1 counter must move by its own packets; destinations inside
 * the locator that name no SID are dropped as sid_unknown, in a run too.
 */
static void
test_usid_runs(void **state)
{
	static const char *const da[] = {
		"fcbb:bb00:100:8001::", "fcbb:bb00:100:8001::", "fcbb:bb00:101:8001::",
		"fcbb:bb00:100:8001::", "fcbb:bb00:1f9:8001::", "fcbb:bb00:1f9:8001::",
		"fcbb:bb00:101:8001::", "fcbb:bb00:101:8001::",
	};
	uint64_t c100 = sid_count("fcbb:bb00:100::"), c101 = sid_count("fcbb:bb00:101::");
	struct chunk_out *r = calloc(1, sizeof(*r));
	struct rte_mbuf *in[8];
	uint8_t want[16];
	unsigned int i, shifted;

	(void)state;
	assert_non_null(r);
	for (i = 0; i < 8; i++)
		in[i] = usid_pkt(da[i]);
	chunk_run(in, 8, r);
	assert_int_equal(sid_count("fcbb:bb00:100::") - c100, 3);
	assert_int_equal(sid_count("fcbb:bb00:101::") - c101, 3);
	assert_int_equal(r->drops[SRV6GW_C_sid_unknown], 2);
	assert_int_equal(r->ev[SRV6GW_C_csid_shifts], 6);
	/* the shifted ones to the core, and the unknown ones' ICMPv6 errors */
	assert_int_equal(r->n, 6 + r->ev[SRV6GW_C_icmp_errors_sent]);
	h_addr("fcbb:bb00:8001::", want);
	for (i = 0, shifted = 0; i < r->n; i++)
		shifted += memcmp(((const struct rte_ipv6_hdr *)
				   (r->frame[i] + RTE_ETHER_HDR_LEN))->dst_addr, want, 16) == 0;
	assert_int_equal(shifted, 6);
	free(r);
}

/*
 * A chunk whose packets all have one destination is classified once
 * (ipv6.c dp_ipv6_classify_bulk(), one run): every packet must still be
 * processed, and counted, as if classified on its own: uSID shifts, an unknown C-SID,
 * End packets of different flows, transit packets, and a chunk whose last
 * destination differs from the others in its last word only.
 */
static void
test_one_destination(void **state)
{
	static const char *const e[] = { "fc00:1::e", "fc00:2::e" };
	static const char *const psp[] = { "fc00:1::e1", "fc00:2::e" };
	struct chunk_out *r = calloc(1, sizeof(*r));
	struct rte_mbuf *in[6];
	uint64_t c100 = sid_count("fcbb:bb00:100::"), ce = sid_count("fc00:1::e"), cpsp;
	unsigned int i;

	(void)state;
	assert_non_null(r);
	for (i = 0; i < 5; i++)
		in[i] = usid_pkt("fcbb:bb00:100:8001::");
	chunk_run(in, 5, r);
	assert_int_equal(sid_count("fcbb:bb00:100::") - c100, 5);
	assert_int_equal(r->ev[SRV6GW_C_csid_shifts], 5);
	assert_int_equal(r->n, 5);
	for (i = 0; i < 4; i++)
		in[i] = usid_pkt("fcbb:bb00:1f9:8001::");
	chunk_run(in, 4, r);
	assert_int_equal(r->drops[SRV6GW_C_sid_unknown], 4);
	for (i = 0; i < 6; i++)         /* End (S12: Hop Limit - 1), flows told apart by it */
		in[i] = srv6_pkt(e[0], e, 2, 1, (uint8_t)(60 + i));
	chunk_run(in, 6, r);
	assert_int_equal(sid_count("fc00:1::e") - ce, 6);
	assert_int_equal(r->n, 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(((const struct rte_ipv6_hdr *)
				  (r->frame[i] + RTE_ETHER_HDR_LEN))->hop_limits, 59 + i);
	for (i = 0; i < 4; i++) {       /* transit */
		in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
		h_ip6_udp(in[i], "2001:db8:aa::1", "2001:db8:f::5", 64, (uint16_t)(20 + i));
	}
	chunk_run(in, 4, r);
	assert_int_equal(r->ev[SRV6GW_C_forwarded_ipv6], 4);
	assert_int_equal(r->n, 4);
	/* End, and last an End with PSP whose SID differs in its last word only */
	ce = sid_count("fc00:1::e");
	cpsp = sid_count("fc00:1::e1");
	for (i = 0; i < 4; i++)
		in[i] = srv6_pkt(e[0], e, 2, 1, 64);
	in[4] = srv6_pkt(psp[0], psp, 2, 1, 64);
	chunk_run(in, 5, r);
	assert_int_equal(sid_count("fc00:1::e") - ce, 4);
	assert_int_equal(sid_count("fc00:1::e1") - cpsp, 1);
	assert_int_equal(r->n, 5);
	assert_int_equal(r->len[4], r->len[0] - 8 - 2 * 16);    /* PSP: no SRH */
	free(r);
}

/*
 * A headend's chunk, every packet steered, is encapsulated together
 * (encap.c dp_encap_steered(): the flow hashes first, the policy's state
 * once per run of one policy); the packets that are not the usual case
 * (Hop Limit or TTL 1, too big with DF, too big without: fragmented) go
 * through dp_encap() itself. Frames and counters must be the general way's.
 */
static void
test_express_steered(void **state)
{
	static const char *const v4dst[] = { "203.0.113.9", "198.18.1.5", "198.18.1.6",
					     "198.18.1.7", "198.18.1.8", "198.18.10.1",
					     "203.0.113.10" };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[16];
	unsigned int n, i, j;

	(void)state;
	assert_non_null(a);
	for (j = 0; j < 2; j++) {
		struct chunk_out *r = j == 0 ? a : b;

		n = 0;
		for (i = 0; i < 3; i++) {       /* "three", "three", "red3" */
			if (i == 1) {   /* "three" too, but IPv4: a run of one policy, two families */
				in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
				h_ip4_udp(in[n++], "198.51.100.7", "198.18.2.5", 40, 20, false);
			}
			in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
			h_ip6_udp(in[n++], "2001:db8:f::1",
				  i < 2 ? "2001:db8:bb::7" : "2001:db8:aa::3", 64, 20 + i);
		}
		for (i = 0; i < 7; i++) {       /* to-laptop, ecmp x4, u-one, to-laptop */
			in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
			h_ip4_udp(in[n++], "198.51.100.7", v4dst[i], 40, 20, i & 1);
		}
		in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);     /* HL 1: Time Exceeded */
		h_ip6_udp(in[n++], "2001:db8:f::1", "2001:db8:bb::9", 1, 20);
		in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);     /* DF, too big: Frag Needed */
		h_ip4_udp(in[n++], "198.51.100.7", "203.0.113.9", 40, 1400, true);
		in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);     /* too big: fragmented */
		h_ip4_udp(in[n++], "198.51.100.7", "203.0.113.9", 40, 1400, false);
		in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);     /* TTL 1: Time Exceeded */
		h_ip4_udp(in[n++], "198.51.100.7", "203.0.113.9", 1, 20, false);
		chunk_run(in, j == 0 ? n : add_martian(in, n), r);
	}
	/* 11 usual, 2 fragments; 3 ICMP errors, sent or rate-limited */
	assert_int_equal(a->ev[SRV6GW_C_encapsulated], 13);
	assert_int_equal(a->drops[SRV6GW_C_ttl_exceeded], 2);
	assert_int_equal(a->drops[SRV6GW_C_mtu_exceeded], 1);
	assert_int_equal(a->n, 13 + a->ev[SRV6GW_C_icmp_errors_sent]);
	lane_same_as_general(a, b, 15);
	free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_express_same),
		cmocka_unit_test(test_express_runs),
		cmocka_unit_test(test_express_steered),
		cmocka_unit_test(test_usid_runs),
		cmocka_unit_test(test_express_run_heads),
		cmocka_unit_test(test_one_destination),
		cmocka_unit_test(test_express_refuses),
	};

	return cmocka_run_group_tests_name("datapath: the express lane", tests, setup, teardown);
}
