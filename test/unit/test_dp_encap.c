/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Datapath unit tests on synthetic mbufs, the headend: H.Encaps and
 * H.Encaps.Red (RFC 8986 §5), the flow label and ECMP over segment lists
 * (RFC 6437, RFC 8754 §5.5), the MTU and the headroom; and steered chunks:
 * the 8-at-a-time checks (src/dp/check_x8.h) on chunks of 16, and a long
 * segment list's outer header (dp_encap_same()).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include <rte_udp.h>

#include "dp_util.h"

/* policy "five" of setup_long_list(), in travel order */
#define LONG_LIST "\"fc00:2::e\", \"fc00:3::e\", \"fc00:4::e\", \"fc00:5::e\", " \
	"\"fc00:4::d6\""

/*
 * golden.conf with policy "five", five SIDs (RFC 8754 SRH of 88 bytes, an
 * outer header of 128, the most the headroom takes: with the Ethernet
 * header, over the 128 bytes of the chunk's block copies),
 * steered from 198.18.20.0/24 and 2001:db8:dd::/48 (test_long_list_chunks)
 */
static int
setup_long_list(void **state)
{
	static const char *const at[] = { "  policies = (\n", "  steering = (\n" };
	static const char *const with[] = {
		"  policies = (\n"
		"    { name = \"five\"; mode = \"encaps\"; segments = [" LONG_LIST "]; },\n",
		"  steering = (\n"
		"    { match = \"198.18.20.0/24\"; policy = \"five\"; },\n"
		"    { match = \"2001:db8:dd::/48\"; policy = \"five\"; },\n",
	};

	(void)state;
	return setup_changed_n(at, with, RTE_DIM(at));
}

/*
 * Encapsulation with little headroom: a chunk's second packet to the same
 * policy would take the Ethernet header with the outer ones in one push
 * (encap.c push_and_send(), the next hop already resolved), but has 20
 * bytes of headroom; its data is moved and it leaves as the first one.
 */
static void
test_encap_headroom(void **state)
{
	struct rte_mbuf *in[2], *o[4];
	unsigned int n;

	(void)state;
	in[0] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6_udp(in[0], "2001:db8:f::1", "2001:db8:bb::7", 64, 20);
	in[1] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6_udp(in[1], "2001:db8:f::1", "2001:db8:bb::7", 64, 20);
	h_headroom(in[1], 6);           /* 20 once the Ethernet header is off */
	h_rx(H_CORE, in, 2);
	n = h_tx(H_CORE, o, 4);
	n += h_tx(H_EDGE, o + n, 4 - n);
	assert_int_equal(n, 2);
	assert_int_equal(h_drop(SRV6GW_C_encap_no_headroom), 0);
	/* IPv6 + SRH with 3 SIDs + the 68-byte inner packet */
	assert_int_equal(o[0]->pkt_len, 14 + 40 + 8 + 48 + 68);
	assert_int_equal(o[1]->pkt_len, o[0]->pkt_len);
	assert_int_equal(o[1]->data_len, o[1]->pkt_len);
	assert_memory_equal(rte_pktmbuf_mtod(o[1], uint8_t *), rte_pktmbuf_mtod(o[0], uint8_t *),
			    o[0]->pkt_len);
	assert_addr(((const struct rte_ipv6_hdr *)h_l3(o[1]))->dst_addr, "fc00:2::e");
	rte_pktmbuf_free(o[0]);
	rte_pktmbuf_free(o[1]);
}

/* A frame of chunk16_cases(): frame @p i of case @p c, changed for it when @p x */
typedef struct rte_mbuf *(*chunk16_frame)(unsigned int i, unsigned int c, bool x);

/*
 * Chunks of 16 frames, two blocks of 8, for each case c < @p cases: frame
 * i made by @p frame, changed (x) at the first, a middle or the last place
 * of a block, or everywhere when @p all[c]. Each chunk gives what the
 * general way gives (same_but_martian(): frames, flow labels, counters),
 * and the chunks of the cases @p usual marks are the lane's whole.
 */
static void
chunk16_cases(chunk16_frame frame, unsigned int cases, const bool *usual, const bool *all)
{
	static const unsigned int at[] = { 0, 5, 8, 15 };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int c, p, j, i;

	assert_non_null(a);
	for (c = 0; c < cases; c++) {
		for (p = 0; p < RTE_DIM(at); p++) {
			for (j = 0; j < 2; j++) {
				for (i = 0; i < 16; i++)
					in[i] = frame(i, c, all[c] || i == at[p]);
				h_worker()->icmp.last = 0;      /* a full ICMP bucket */
				chunk_run(in, j == 0 ? 16 : add_martian(in, 16), j == 0 ? a : b);
			}
			if (usual[c])
				assert_int_equal(same_but_martian(a, b), 16);
			else
				(void)same_but_martian(a, b);
			if (all[c])
				break;
		}
	}
	free(a);
}

/* test_ipv4_chunks_x8()'s frame: UDP to 203.0.113.9 (steered), changed by case @p c */
static struct rte_mbuf *
chunk16_frame4(unsigned int i, unsigned int c, bool x)
{
	static const char *const s9[] = { "0.1.2.3", "127.0.0.1", "224.0.0.1", "240.0.0.1",
					  "126.1.1.1", "128.0.0.1", "223.255.255.1",
					  "255.255.255.255" };
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
	char src[32];
	uint16_t plen = 20;
	struct rte_ipv4_hdr *ip;
	uint8_t *l4;

	snprintf(src, sizeof(src), "198.18.%u.%u", c, 1 + i);
	if (x && c >= 9 && c <= 16)
		snprintf(src, sizeof(src), "%s", s9[c - 9]);
	if (x && c == 24)
		plen = 0;       /* UDP, 2 bytes of it (below) */
	if (x && c == 27)
		plen = 1480;    /* over the list's MTU */
	ip = h_ip4_udp(m, src, "203.0.113.9", x && c == 7 ? 1 : x && c == 8 ? 2 : 40, plen,
		       x && (c == 23 || c == 27));
	l4 = (uint8_t *)(ip + 1);
	l4[1] = (uint8_t)(i * 7 + c);   /* the source port */
	if (!x)
		return m;
	switch (c) {
	case 1: ip->hdr_checksum ^= 0x0100; return m;
	case 2: ip->hdr_checksum ^= 0x0001; return m;
	case 3: ip->version_ihl = 0x46; break;
	case 4: ip->version_ihl = 0x65; break;
	case 5: ip->total_length = RTE_BE16(49); break;
	case 6: ip->total_length = RTE_BE16(47); break;
	case 17: ip->next_proto_id = IPPROTO_TCP; break;
	case 18: ip->next_proto_id = IPPROTO_ICMP; break;
	case 19: ip->next_proto_id = IPPROTO_SCTP; break;
	case 20: ip->next_proto_id = 0; break;
	case 21: ip->fragment_offset = RTE_BE16(RTE_IPV4_HDR_MF_FLAG); break;  /* a first fragment */
	case 22: ip->fragment_offset = RTE_BE16(1); break;
	case 24:        /* total length 22: under 24 bytes */
		ip->total_length = RTE_BE16(22);
		rte_pktmbuf_trim(m, 6);
		break;
	case 25:        /* exactly 24 bytes */
		ip->total_length = RTE_BE16(24);
		rte_pktmbuf_trim(m, 24);
		break;
	case 26: h_headroom(m, 6); return m;
	case 28: {      /* UDP in a second segment */
		struct rte_mbuf *t = rte_pktmbuf_alloc(h_pool());

		assert_non_null(t);
		h_put(t, l4, 28);
		memset(l4, 0xee, 28);   /* (what a read past the first segment's data would see) */
		rte_pktmbuf_trim(m, 28);
		assert_int_equal(rte_pktmbuf_chain(m, t), 0);
		return m;
	}
	default: return m;
	}
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	return m;
}

/*
 * Chunks of 16 steered IPv4 frames, two blocks of 8 for the headend's
 * 8-at-a-time check (src/dp/check_x8.h, AVX-512 builds; the scalar loop
 * elsewhere), one frame changed at the first, a middle or the last place
 * of a block, case by case (chunk16_cases()). The cases are what the
 * checks decide on (RFC 791 §3.1 header fields, RFC 1812 §5.2.2 checksum
 * and §5.3.7 sources, the TTL, the ports the flow label hashes, RFC 6437)
 * and their edges on the usual side.
 */
static void
test_ipv4_chunks_x8(void **state)
{
	/* cases whose chunk is usual (the lane's, all 16) */
	static const bool usual[29] = {
		[0] = true, [8] = true, [13] = true, [14] = true, [15] = true, [17] = true,
		[18] = true, [19] = true, [20] = true, [21] = true, [22] = true, [23] = true,
		[24] = true, [25] = true,
	};
	static const bool all[29];

	(void)state;
	chunk16_cases(chunk16_frame4, RTE_DIM(usual), usual, all);
}

/* test_ipv6_chunks_16()'s frame: UDP to 2001:db8:bb::/48 (steered), changed by case @p c */
static struct rte_mbuf *
chunk16_frame6(unsigned int i, unsigned int c, bool x)
{
	static const char *const dst11[] = { "ff0e::1", "::", "2001:db8:f::5" };
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	char dst[48];
	struct rte_ipv6_hdr *ip;
	uint8_t *l4;

	snprintf(dst, sizeof(dst), "2001:db8:bb::%x", 1 + i + c * 16);
	if (x && c >= 11)
		snprintf(dst, sizeof(dst), "%s", dst11[c - 11]);
	ip = h_ip6_udp(m, "fc00:c::2", dst, x && c == 1 ? 1 : x && c == 2 ? 2 : 64,
		       x && c == 10 ? 1500 : x && c >= 8 && c <= 9 ? 0 : 20);
	l4 = (uint8_t *)(ip + 1);
	l4[1] = (uint8_t)(i * 7 + c);   /* the source port */
	if (x) {
		switch (c) {
		case 3: ip->proto = IPPROTO_TCP; break;
		case 4: ip->proto = IPPROTO_SCTP; break;
		case 5: ip->proto = IPPROTO_ICMPV6; break;
		case 6: ip->proto = 200; break;
		case 7: h_headroom(m, 6); break;
		case 8: rte_pktmbuf_trim(m, 6); break;  /* 2 bytes after the header */
		case 9: rte_pktmbuf_trim(m, 4); break;  /* 4 bytes */
		default: break;
		}
	}
	h_ip6_finish(m);
	return m;
}

/*
 * test_ipv4_chunks_x8()'s chunks of 16 for IPv6 (its headend checks stay
 * scalar: check_x8.h), steered into "three" (2001:db8:bb::/48, one answer
 * for all). One frame changed at the first, a middle or the last place of
 * a block of 8: Hop Limit 1 and 2 (RFC 8200 §3; the headend decrements
 * it), a destination outside the policy's prefix (multicast, unspecified,
 * elsewhere), little headroom, too big; or every frame: the protocols
 * whose ports the flow label hashes (RFC 6437) and others, 2 and 4 bytes
 * after the header. Each chunk gives what the general way gives, the
 * usual ones in the lane.
 */
static void
test_ipv6_chunks_16(void **state)
{
	static const bool usual[14] = {
		[0] = true, [2] = true, [3] = true, [4] = true, [5] = true, [6] = true,
		[8] = true, [9] = true,
	};
	/* cases changing every frame (a chunk is only alike when its frames
	 * share their Next Header and consistent lengths: dp_chunk_uniform()) */
	static const bool all[14] = {
		[3] = true, [4] = true, [5] = true, [6] = true, [8] = true, [9] = true,
	};

	(void)state;
	chunk16_cases(chunk16_frame6, RTE_DIM(usual), usual, all);
}

/*
 * A chunk of four alike IPv4 frames, and one of four IPv6 frames, steered
 * into policy "five" (setup_long_list(): an outer header of 128 bytes,
 * which the chunk's way copies in a loop, not in fixed blocks;
 * dp_encap_same()). Each frame must carry what RFC 8986 §5.1 and RFC 8754
 * §2 make of it: outer destination the first SID, an SRH listing the five
 * in reverse, Segments Left and Last Entry 4, Next Header the inner
 * family's, payload length the SRH and the inner packet, the inner packet
 * as sent but for its TTL/HL (one less) and IPv4 checksum; and the same
 * as the general way gives (the chunk with a martian). Both chunks are
 * alike (IPv4; IPv6 uniform, its ports outside the compared bytes), so
 * both go through dp_encap_same().
 */
static void
test_long_list_chunks(void **state)
{
	static const char *const segs[] = {
		"fc00:2::e", "fc00:3::e", "fc00:4::e", "fc00:5::e", "fc00:4::d6",
	};
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int v6, i, j, k;

	(void)state;
	assert_non_null(a);
	for (v6 = 0; v6 < 2; v6++) {
		uint8_t sent[4][128];
		uint16_t inner = v6 ? 40 + 8 + 30 : 20 + 8 + 30;

		for (j = 0; j < 2; j++) {
			for (i = 0; i < 4; i++) {
				in[i] = h_eth(H_CORE, v6 ? RTE_ETHER_TYPE_IPV6 :
							   RTE_ETHER_TYPE_IPV4);
				if (v6) {
					h_ip6_udp(in[i], "fc00:c::2", "2001:db8:dd::5", 64, 30);
					h_ip6_finish(in[i]);
				} else {
					h_ip4_udp(in[i], "198.18.99.1", "198.18.20.9", 40, 30,
						  false);
				}
				/* (each packet its own ports: its own flow label) */
				h_l3(in[i])[inner - 38 + 1] = (uint8_t)i;
				memcpy(sent[i], rte_pktmbuf_mtod_offset(in[i], uint8_t *,
									RTE_ETHER_HDR_LEN), inner);
			}
			chunk_run(in, j == 0 ? 4 : add_martian(in, 4), j == 0 ? a : b);
		}
		assert_int_equal(same_but_martian(a, b), 4);
		assert_int_equal(a->n, 4);
		for (i = 0; i < 4; i++) {
			const uint8_t *f = a->frame[i] + RTE_ETHER_HDR_LEN;
			const struct rte_ipv6_hdr *o = (const struct rte_ipv6_hdr *)f;
			const struct srv6gw_srh *s = (const struct srv6gw_srh *)(f + 40);
			const uint8_t *p = f + 40 + 8 + 16 * RTE_DIM(segs);

			assert_int_equal(a->len[i], RTE_ETHER_HDR_LEN + 40 + 8 + 80 + inner);
			assert_int_equal(rte_be_to_cpu_16(o->payload_len), 8 + 80 + inner);
			assert_int_equal(o->proto, SRV6GW_IPPROTO_ROUTING);
			assert_addr(o->src_addr, "fc00:1::1");
			assert_addr(o->dst_addr, segs[0]);
			assert_int_equal(s->next_hdr,
					 v6 ? SRV6GW_IPPROTO_IPV6 : SRV6GW_IPPROTO_IPIP);
			assert_int_equal(s->hdr_len, 2 * RTE_DIM(segs));
			assert_int_equal(s->segments_left, RTE_DIM(segs) - 1);
			assert_int_equal(s->last_entry, RTE_DIM(segs) - 1);
			for (k = 0; k < RTE_DIM(segs); k++)
				assert_addr(s->segments[k], segs[RTE_DIM(segs) - 1 - k]);
			/* the inner packet: TTL/HL one less (IPv4: its checksum
			 * fixed), the rest as sent */
			if (v6) {
				assert_int_equal(p[7], sent[i][7] - 1);
				assert_memory_equal(p, sent[i], 7);
				assert_memory_equal(p + 8, sent[i] + 8, inner - 8);
			} else {
				assert_int_equal(p[8], sent[i][8] - 1);
				assert_int_equal(rte_raw_cksum(p, 20), 0xffff);
				assert_memory_equal(p, sent[i], 8);
				assert_memory_equal(p + 12, sent[i] + 12, inner - 12);
			}
		}
		/* four flows, four labels (RFC 8754 §5.5) */
		for (i = 1; i < 4; i++)
			assert_memory_not_equal(a->frame[i] + RTE_ETHER_HDR_LEN + 1,
						a->frame[0] + RTE_ETHER_HDR_LEN + 1, 3);
	}
	free(a);
}

/* H.Encaps (RFC 8986 §5.1) of IPv4: 2 SIDs, inner TTL - 1, flow label != 0 */
static void
test_encaps_v4(void **state)
{
	struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4), *o;
	struct srv6gw_srh *s;
	struct rte_ipv4_hdr *in;

	(void)state;
	h_ip4_udp(m, "192.0.2.10", "203.0.113.5", 64, 30, false);
	o = one(H_EDGE, m, H_CORE);
	assert_addr(ip6_of(o)->src_addr, "fc00:1::1");
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::e");
	assert_int_equal(ip6_of(o)->proto, SRV6GW_IPPROTO_ROUTING);
	assert_int_equal(ip6_of(o)->hop_limits, 64);
	assert_true((rte_be_to_cpu_32(ip6_of(o)->vtc_flow) & 0xfffff) != 0);
	s = (struct srv6gw_srh *)(l3(o) + 40);
	assert_int_equal(s->next_hdr, SRV6GW_IPPROTO_IPIP);
	assert_int_equal(s->hdr_len, 4);
	assert_int_equal(s->segments_left, 1);
	assert_int_equal(s->last_entry, 1);
	assert_addr(s->segments[0], "fc00:3::d4");
	assert_addr(s->segments[1], "fc00:2::e");
	in = (struct rte_ipv4_hdr *)(l3(o) + 40 + 40);
	assert_int_equal(in->time_to_live, 63);
	assert_int_equal(rte_raw_cksum(in, 20), 0xffff);
	rte_pktmbuf_free(o);
}

/* H.Encaps.Red (RFC 8986 §5.2): first SID only in DA; 1 SID = no SRH */
static void
test_encaps_red(void **state)
{
	struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV6), *o;
	struct srv6gw_srh *s;

	(void)state;
	h_ip6_udp(m, "2001:db8:f::1", "2001:db8:aa::5", 10, 30);
	o = one(H_EDGE, m, H_CORE);
	s = (struct srv6gw_srh *)(l3(o) + 40);
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::e");
	assert_int_equal(s->hdr_len, 4);
	assert_int_equal(s->segments_left, 2);
	assert_int_equal(s->last_entry, 1);
	assert_addr(s->segments[0], "fc00:4::d6");
	assert_addr(s->segments[1], "fc00:3::e");
	assert_int_equal(s->next_hdr, SRV6GW_IPPROTO_IPV6);
	rte_pktmbuf_free(o);

	m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4);
	h_ip4_udp(m, "192.0.2.10", "198.18.0.5", 64, 30, false);
	o = one(H_EDGE, m, H_CORE);
	assert_int_equal(ip6_of(o)->proto, SRV6GW_IPPROTO_IPIP);
	assert_addr(ip6_of(o)->dst_addr, "fc00:3::d4");
	rte_pktmbuf_free(o);
}

/* RFC 8754 §5.5: same flow -> same label and list; flows spread over lists */
static void
test_ecmp_flowlabel(void **state)
{
	const struct srv6gw_gen *g = srv6gw_gen_current;
	const struct srv6gw_obj_stats *r = srv6gw_pol_row(g, 0, 5);
	uint64_t before[2] = { r[0].packets, r[1].packets };
	unsigned int i, used[2] = { 0, 0 };

	(void)state;
	for (i = 0; i < 64; i++) {
		char dst[32];
		struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4), *o;
		struct srv6gw_srh *s;

		snprintf(dst, sizeof(dst), "198.18.1.%u", i + 1);
		h_ip4_udp(m, "192.0.2.10", dst, 64, 30, false);
		o = one(H_EDGE, m, H_CORE);
		s = (struct srv6gw_srh *)(l3(o) + 40);
		used[s->segments[1][3] == 0x05 ? 0 : 1]++;  /* fc00:5::e vs fc00:7::e */
		rte_pktmbuf_free(o);
	}
	assert_true(used[0] > 8 && used[1] > 8);
	/* CNT-2 per segment list: policy "ecmp" (index 5) counted each list's share */
	assert_string_equal(g->policies[5].name, "ecmp");
	assert_int_equal(r[0].packets - before[0], used[0]);
	assert_int_equal(r[1].packets - before[1], used[1]);
}

/*
 * RFC 6438 §3 / RFC 8754 §5.5: the flow label is a hash of the inner
 * 5-tuple, so flows that differ only in their source port get different
 * labels (and spread over the ECMP lists). Release builds used to hash
 * stale ports (strict aliasing in the hash input), found by the
 * ASan build's golden run where the labels did differ.
 */
static void
test_flowlabel_ports(void **state)
{
	unsigned int i, j, distinct = 0, used[2] = { 0, 0 };
	uint32_t label[16];

	(void)state;
	for (i = 0; i < RTE_DIM(label); i++) {
		struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4), *o;
		struct rte_udp_hdr *u;
		struct srv6gw_srh *s;

		h_ip4_udp(m, "192.0.2.10", "198.18.1.1", 64, 30, false);
		u = rte_pktmbuf_mtod_offset(m, struct rte_udp_hdr *,
					    RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr));
		u->src_port = rte_cpu_to_be_16(40000 + i);
		o = one(H_EDGE, m, H_CORE);
		label[i] = rte_be_to_cpu_32(ip6_of(o)->vtc_flow) & 0xfffff;
		s = (struct srv6gw_srh *)(l3(o) + 40);
		used[s->segments[1][3] == 0x05 ? 0 : 1]++;  /* fc00:5::e vs fc00:7::e */
		rte_pktmbuf_free(o);
	}
	for (i = 0; i < RTE_DIM(label); i++) {
		for (j = 0; j < i && label[j] != label[i]; j++)
			;
		distinct += j == i;
	}
	assert_true(distinct >= 12);    /* 16 ports: a 20-bit hash hardly collides */
	assert_true(used[0] > 0 && used[1] > 0);
}

/*
 * RFC 6437 §3 / RFC 8754 §5.5: every fragment of a datagram gets the same
 * flow label, so the first fragment (MF set, offset 0), whose ports are in
 * it, is hashed without them like the later ones; whole datagrams with
 * other ports get other labels.
 */
static uint32_t
label_of(uint16_t sport, uint16_t frag)
{
	struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4), *o;
	struct rte_ipv4_hdr *ip = h_ip4_udp(m, "192.0.2.10", "198.18.1.1", 64, 30, false);
	struct rte_udp_hdr *u = (struct rte_udp_hdr *)(ip + 1);
	uint32_t label;

	u->src_port = rte_cpu_to_be_16(sport);
	ip->fragment_offset = rte_cpu_to_be_16(frag);
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	o = one(H_EDGE, m, H_CORE);
	label = rte_be_to_cpu_32(ip6_of(o)->vtc_flow) & 0xfffff;
	rte_pktmbuf_free(o);
	return label;
}

static void
test_flowlabel_fragments(void **state)
{
	uint32_t later = label_of(40000, 185), whole = label_of(40000, 0);
	unsigned int i, differ = 0;

	(void)state;
	assert_int_not_equal(later, 0);
	for (i = 0; i < 8; i++) {
		assert_int_equal(label_of(40000 + i, RTE_IPV4_HDR_MF_FLAG), later);
		assert_int_equal(label_of(40000 + i, RTE_IPV4_HDR_MF_FLAG | 185), later);
		differ += label_of(40000 + i, 0) != whole;
	}
	assert_true(differ >= 6);       /* 7 other ports: a 20-bit hash hardly collides */
}

/* P57/P58/P59: MTU at the headend */
static void
test_encap_mtu(void **state)
{
	struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4), *o[8];
	struct srv6gw_icmp_hdr *ic;
	unsigned int n;

	(void)state;
	/* 1500 - 20 - 8 = 1472 payload: inner 1500 + 80 > 1500 */
	h_ip4_udp(m, "192.0.2.10", "203.0.113.5", 64, 1472, true);
	o[0] = one(H_EDGE, m, H_EDGE);
	ic = (struct srv6gw_icmp_hdr *)(l3(o[0]) + 20);
	assert_int_equal(ic->type, 3);
	assert_int_equal(ic->code, 4);
	assert_int_equal(rte_be_to_cpu_32(ic->data) & 0xffff, 1500 - 80);
	rte_pktmbuf_free(o[0]);

	m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4);
	h_ip4_udp(m, "192.0.2.10", "203.0.113.5", 64, 1472, false);
	h_rx(H_EDGE, &m, 1);
	n = h_tx(H_CORE, o, 8);
	assert_int_equal(n, 2);
	for (unsigned int i = 0; i < n; i++) {
		assert_true(o[i]->pkt_len - 14 <= 1500);
		rte_pktmbuf_free(o[i]);
	}

	m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV6);
	h_ip6_udp(m, "2001:db8:f::1", "2001:db8:aa::5", 10, 1452);
	o[0] = one(H_EDGE, m, H_EDGE);
	ic = (struct srv6gw_icmp_hdr *)(l3(o[0]) + 40);
	assert_int_equal(ic->type, SRV6GW_ICMP6_PKT_TOO_BIG);
	assert_int_equal(rte_be_to_cpu_32(ic->data), 1500 - 40 - 8 - 32);
	rte_pktmbuf_free(o[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encap_headroom),
		cmocka_unit_test(test_ipv4_chunks_x8),
		cmocka_unit_test(test_ipv6_chunks_16),
		cmocka_unit_test(test_encaps_v4),
		cmocka_unit_test(test_encaps_red),
		cmocka_unit_test(test_ecmp_flowlabel),
		cmocka_unit_test(test_flowlabel_ports),
		cmocka_unit_test(test_flowlabel_fragments),
		cmocka_unit_test(test_encap_mtu),
	};
	const struct CMUnitTest with_long_list[] = {
		cmocka_unit_test(test_long_list_chunks),
	};
	int rc = cmocka_run_group_tests_name("datapath: headend", tests, setup, teardown);

	return rc + cmocka_run_group_tests_name("datapath: headend, a long segment list",
						with_long_list, setup_long_list, teardown);
}
