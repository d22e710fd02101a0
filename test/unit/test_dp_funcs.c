/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Datapath unit tests, the fast path's pieces called directly against a
 * reference: the NEXT-C-SID shift (end.h csid_shift_plain()), the masked
 * compares, the IPv4 checksum check, the 8-at-a-time IPv4 check
 * (check_x8.h, AVX-512 builds), and the counter rows' layout with the
 * stats report's sums.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include <jansson.h>

#include "dp/check_x8.h"
#include "dp/end.h"
#include "dp_util.h"

/**
 * RFC 9800 §4.1.1 S01-S06 bit by bit, the reference for csid_shift_plain():
 * false when the argument is 0, the Hop Limit <= 1, or the next C-SID is 0.
 */
static bool
ref_shift(const uint8_t *a, uint8_t hl, unsigned int lbl, unsigned int lnfl, uint8_t *out)
{
	unsigned int p, arg = 0, csid = 0;

	memset(out, 0, 16);
	for (p = 0; p < 128; p++) {
		unsigned int q = p < lbl ? p : p + lnfl;       /* the bit that lands at p */
		unsigned int bit = q < 128 ? (a[q / 8] >> (7 - q % 8)) & 1 : 0;

		out[p / 8] |= (uint8_t)(bit << (7 - p % 8));
		if (p >= lbl + lnfl)
			arg |= (a[p / 8] >> (7 - p % 8)) & 1;
		if (p >= lbl && p < lbl + lnfl)
			csid |= bit;
	}
	return arg != 0 && hl > 1 && csid != 0;
}

/* An IPv4 address a.b.c.d in host order (RTE_IPV4() shifts an int: UB past 127;
 * used by the AVX-512 builds' test_check4_x8 only) */
static __rte_unused uint32_t
ip4_of(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	return a << 24 | b << 16 | c << 8 | d;
}

/*
 * dp_check4_x8() called directly: 8 usual IPv4 frames unlike each other
 * (TCP, UDP, SCTP, ICMP, a first fragment (MF), a later one, DF; 24 to 31
 * bytes; sources at the edges dp_ipv4_plain() passes) pass, with the flow
 * label's words (RFC 6437): source | destination << 32 and ports (TCP,
 * UDP, SCTP, unfragmented) | protocol << 32. Then one frame at a time
 * fails one check (the answer is then the scalar loop's, so a check that
 * refused usual frames would only be slower: this is what holds it to
 * passing them, test_ipv4_chunks_x8 to refusing the others). AVX-512
 * builds.
 */
static void
test_check4_x8(void **state)
{
#ifdef DP_CHECK_X8
	static const uint8_t proto[8] = { IPPROTO_UDP, IPPROTO_TCP, IPPROTO_SCTP, IPPROTO_ICMP,
					  IPPROTO_UDP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_UDP };
	static const uint16_t frag[8] = { 0, 0, 0, 0, RTE_IPV4_HDR_MF_FLAG, 3, RTE_IPV4_HDR_DF_FLAG,
					  0 };
	/* sources' first octets at the edges dp_ipv4_plain() passes */
	static const uint8_t o1[8] = { 1, 126, 128, 223, 10, 100, 172, 192 };
	struct rte_mbuf *m[8];
	uint64_t a[8], b[8];
	unsigned int k, f;

	(void)state;
	for (f = 0; f < 15; f++) {
		for (k = 0; k < 8; k++) {
			struct rte_ipv4_hdr *ip;
			uint8_t *p;
			unsigned int j;

			m[k] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
			ip = h_put(m[k], NULL, sizeof(*ip));
			p = h_put(m[k], NULL, 4 + k);
			for (j = 0; j < 4 + k; j++)
				p[j] = (uint8_t)(0xa0 + j + k);
			memset(p + 4 + k, 0xee, 8);     /* (past the packet) */
			ip->version_ihl = RTE_IPV4_VHL_DEF;
			ip->total_length = rte_cpu_to_be_16(24 + k);
			ip->fragment_offset = rte_cpu_to_be_16(frag[k]);
			ip->time_to_live = f == 1 && k == 2 ? 1 : 2 + k;
			ip->next_proto_id = proto[k];
			ip->src_addr = rte_cpu_to_be_32(f == 2 && k == 4 ? ip4_of(224, 0, 0, 1) :
							ip4_of(o1[k], 2, 3, k));
			ip->dst_addr = rte_cpu_to_be_32(ip4_of(203, 0, 113, k));
			ip->hdr_checksum = rte_ipv4_cksum(ip);
			if (f == 3 && k == 7)
				ip->hdr_checksum ^= 1;
			if (f == 4 && k == 0)
				ip->dst_addr ^= 1;      /* (its checksum no longer fits) */
			if (f == 5 && k == 6) {
				ip->version_ihl = 0x46;
				ip->hdr_checksum = 0;
				ip->hdr_checksum = rte_ipv4_cksum(ip);
			}
			if (f == 6 && k == 1) {
				ip->total_length = rte_cpu_to_be_16(26);
				ip->hdr_checksum = 0;
				ip->hdr_checksum = rte_ipv4_cksum(ip);
			}
			if (f >= 10 && k == 3) {        /* 0.x, 127.x; TTL 0 */
				if (f < 12)
					ip->src_addr = rte_cpu_to_be_32(f == 10 ?
									ip4_of(0, 1, 2, 3) :
									ip4_of(127, 0, 0, 1));
				else
					ip->time_to_live = 0;
				ip->hdr_checksum = 0;
				ip->hdr_checksum = rte_ipv4_cksum(ip);
			}
			if (f == 13 && k == 0) {        /* 22 bytes: the scalar loop's */
				rte_pktmbuf_trim(m[k], 2);
				ip->total_length = rte_cpu_to_be_16(22);
				ip->hdr_checksum = 0;
				ip->hdr_checksum = rte_ipv4_cksum(ip);
			}
		}
		if (f == 14) {          /* 4 of frame 6's bytes in a second segment */
			struct rte_mbuf *t = rte_pktmbuf_alloc(h_pool());

			assert_non_null(t);
			h_put(t, rte_pktmbuf_mtod_offset(m[6], uint8_t *, m[6]->data_len - 4), 4);
			rte_pktmbuf_trim(m[6], 4);
			assert_int_equal(rte_pktmbuf_chain(m[6], t), 0);
		}
		if (f == 7)
			h_headroom(m[5], 30);
		if (dp_check4_x8(m, f == 8 ? 30 : 60, f == 9 ? 0 : 40, a, b)) {
			assert_true(f == 0 || f == 9);          /* (9: no headroom asked) */
			for (k = 0; k < 8; k++) {
				const struct rte_ipv4_hdr *ip =
					rte_pktmbuf_mtod_offset(m[k], struct rte_ipv4_hdr *, 14);
				uint32_t ports = 0;

				if (proto[k] != IPPROTO_ICMP && (frag[k] & 0x3fff) == 0)
					memcpy(&ports, ip + 1, 4);
				assert_int_equal(a[k], (uint64_t)ip->src_addr |
						       (uint64_t)ip->dst_addr << 32);
				assert_int_equal(b[k], ports | (uint64_t)proto[k] << 32);
			}
		} else {
			assert_true(f != 0 && f != 9);
		}
		for (k = 0; k < 8; k++)
			rte_pktmbuf_free(m[k]);
	}
#else
	(void)state;
	skip();
#endif
}

/*
 * The IPv4 header checksum check without folds (dp.h dp_cksum20_ok())
 * against rte_raw_cksum()'s folded sum: random headers, the same with a
 * checksum made valid by rte_ipv4_cksum(), and the all-zero and all-ones
 * headers (sums 0 and 0xffff's multiples).
 */
static void
test_cksum20_ok(void **state)
{
	uint8_t hdr[20];
	uint64_t x = 0x853c49e6748fea9bull;
	unsigned int round, k, valid = 0;

	(void)state;
	for (round = 0; round < 20000; round++) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)hdr;

		for (k = 0; k < 20; k++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			hdr[k] = round < 2 ? (round == 0 ? 0 : 0xff) : (uint8_t)(x >> 56);
		}
		if (round >= 2 && round % 2 == 0) {
			ip->version_ihl = 0x45;
			ip->hdr_checksum = 0;
			ip->hdr_checksum = rte_ipv4_cksum(ip);
		}
		if (round % 4 == 2)     /* and one bit off */
			hdr[(x >> 24) % 20] ^= (uint8_t)(1u << ((x >> 16) % 8));
		valid += dp_cksum20_ok(hdr);
		assert_int_equal(dp_cksum20_ok(hdr), rte_raw_cksum(hdr, 20) == 0xffff);
	}
	assert_true(valid > 4000 && valid < 6000);
}

/*
 * The masked compares of the run heads and of uniform chunks (dp.h
 * dp_masked_eq() of 48 and 64 bytes, with SSE4.1, AVX2 or for 64 bytes
 * AVX-512 where the build has them, and its word-by-word form) against a
 * byte by byte rule: random bytes and
 * masks, and copies that differ from the reference in one byte, inside the
 * mask or outside it.
 */
static void
test_masked_eq48(void **state)
{
	uint8_t p[64 + 1], mask[64] __rte_aligned(16), b[64] __rte_aligned(16);
	uint64_t x = 0x2545f4914f6cdd1dull;
	unsigned int round, k, hits = 0, len;

	(void)state;
	for (round = 0; round < 8000; round++) {
		bool want = true;

		len = round < 4000 ? 48 : 64;
		for (k = 0; k < len; k++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			p[1 + k] = (uint8_t)(x >> 56);
			mask[k] = round % 3 == 0 ? (uint8_t)(x >> 48) : (x >> 40) & 1 ? 0xff : 0;
			b[k] = p[1 + k] & mask[k];
		}
		if (round % 2 == 1) {           /* one byte off (p + 1: unaligned) */
			k = (unsigned int)(x >> 20) % len;
			p[1 + k] ^= (uint8_t)(1u << ((x >> 8) % 8));
		}
		for (k = 0; k < len; k++)
			want &= (p[1 + k] & mask[k]) == b[k];
		hits += want;
		if (len == 48)
			assert_int_equal(dp_masked_eq48(p + 1, mask, b), want);
		else
			assert_int_equal(dp_masked_eq(p + 1, mask, b, 64), want);
		assert_int_equal(dp_masked_eq_words(p + 1, mask, b, len), want);
	}
	assert_true(hits > 4000 && hits < 8000);        /* both answers were tried */
}

/*
 * The NEXT-C-SID shift both ways (end.h csid_shift_plain(): a byte shuffle
 * when the structure is in whole bytes, as the loader requires, else the
 * 128-bit masks) against the RFC's bit rule, for every C-SID SID of the
 * configuration: random destinations, and ones with a zero argument or a
 * zero next C-SID, Hop Limit 64 and 1.
 */
static void
test_csid_shift_paths(void **state)
{
	const struct srv6gw_gen *g = srv6gw_gen_current;
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned int i, k, sids = 0;

	(void)state;
	for (i = 0; i < g->n_sids; i++) {
		const struct srv6gw_sid_rt *s = &g->sid[i];
		struct srv6gw_csid_rt wide = g->sid_csid[i];

		if (!(s->flavors & SRV6GW_FL_NEXT_CSID))
			continue;
		sids++;
		assert_int_equal(g->sid_csid[i].shuf[15], 0x80);        /* whole bytes */
		memset(wide.shuf, 0, sizeof(wide.shuf));
		for (k = 0; k < 600; k++) {
			struct rte_ipv6_hdr ip = { .hop_limits = k % 5 == 0 ? 1 : 64 };
			uint8_t want[16], got[16], got2[16];
			unsigned int b, lb = s->lbl / 8, ll = s->lnfl / 8;
			bool ok;

			for (b = 0; b < 16; b++) {
				x = x * 6364136223846793005ull + 1442695040888963407ull;
				ip.dst_addr[b] = (uint8_t)(x >> 56);
			}
			if (k % 7 == 1)         /* no argument */
				memset(ip.dst_addr + lb + ll, 0, 16 - lb - ll);
			if (k % 7 == 2 && lb + 2 * ll <= 16)    /* the next C-SID is 0 */
				memset(ip.dst_addr + lb + ll, 0, ll);
			ok = ref_shift(ip.dst_addr, ip.hop_limits, s->lbl, s->lnfl, want);
			memset(got, 0xee, 16);
			memset(got2, 0xee, 16);
			assert_int_equal(csid_shift_plain(&g->sid_csid[i], s->lnfl, &ip, got), ok);
			assert_int_equal(csid_shift_plain(&wide, s->lnfl, &ip, got2), ok);
			if (ok) {
				assert_memory_equal(got, want, 16);
				assert_memory_equal(got2, want, 16);
			}
		}
	}
	assert_true(sids >= 2);
}

/*
 * Each worker's row of SID counters, and of policy counters, starts on a
 * cache line of its own (two workers counting neighbouring SIDs would
 * otherwise write one line, which costs both of them a miss per packet),
 * and the stats report still sums every worker's count of a SID and of a
 * policy's list. A policy's lists are side by side in the row, one entry
 * each (policies of 1, 2 and 2 lists: 5 entries, no two policies' lists
 * overlapping).
 */
static void
test_counter_rows_own_lines(void **state)
{
	static const char text[] =
		"version = 1;\n"
		"ports = ( { name = \"core\"; device = \"net_null0\"; ipv6 = [\"fc00:c::1/64\"]; } );\n"
		"srv6 = {\n"
		"  source = \"fc00:c::1\";\n"
		"  locators = ( { name = \"main\"; prefix = \"fc00:1::/48\"; } );\n"
		"  sids = ( { sid = \"fc00:1::1\"; behavior = \"End\"; },\n"
		"           { sid = \"fc00:1::2\"; behavior = \"End\"; },\n"
		"           { sid = \"fc00:1::3\"; behavior = \"End\"; flavors = [\"psp\"]; },\n"
		"           { sid = \"fc00:1::4\"; behavior = \"End\"; },\n"
		"           { sid = \"fc00:1::5\"; behavior = \"End\"; } );\n"
		"  policies = ( { name = \"a\"; mode = \"encaps\"; segments = [\"fc00:2::e\"]; },\n"
		"    { name = \"b\"; mode = \"encaps\"; segment_lists = (\n"
		"      { weight = 1; segments = [\"fc00:2::e\"]; },\n"
		"      { weight = 1; segments = [\"fc00:3::e\"]; } ); },\n"
		"    { name = \"c\"; mode = \"encaps\"; segment_lists = (\n"
		"      { weight = 1; segments = [\"fc00:2::e\"]; },\n"
		"      { weight = 1; segments = [\"fc00:3::e\"]; } ); } );\n"
		"};\n";
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *cfg = srv6gw_config_load_string(text, "rows.conf", &errs);
	struct rte_ether_addr macs[SRV6GW_MAX_PORTS];
	struct srv6gw_ports ports;
	char err[256] = "";
	struct srv6gw_gen *g;
	unsigned int k, last;
	json_t *j, *s;

	(void)state;
	if (cfg == NULL)
		srv6gw_cfg_errors_print(&errs, stderr);
	assert_non_null(cfg);
	memset(macs, 0, sizeof(macs));
	g = srv6gw_gen_build(cfg, macs, 3, 99, err, sizeof(err));
	if (g == NULL)
		fprintf(stderr, "gen_build: %s\n", err);
	assert_non_null(g);
	assert_int_equal(g->n_sids, 5);
	assert_true(g->n_sids % 4 != 0);        /* rows of n_sids would straddle lines */
	last = g->n_sids - 1;
	for (k = 0; k < 3; k++) {
		uintptr_t first = (uintptr_t)&srv6gw_sid_row(g, k)[0];

		assert_int_equal(first % RTE_CACHE_LINE_SIZE, 0);
		if (k > 0)
			assert_true((uintptr_t)&srv6gw_sid_row(g, k - 1)[last] / RTE_CACHE_LINE_SIZE <
				    first / RTE_CACHE_LINE_SIZE);
		srv6gw_sid_row(g, k)[last].packets = 1u << k;
		srv6gw_sid_row(g, k)[last].bytes = 100u << k;
	}
	assert_int_equal(g->n_policies, 3);
	assert_int_equal(g->pol_first[0], 0);
	assert_int_equal(g->pol_first[1], 1);
	assert_int_equal(g->pol_first[2], 3);
	assert_int_equal(g->pol_row, 8);        /* 5 entries, whole lines */
	for (k = 0; k < 3; k++) {
		uintptr_t first = (uintptr_t)srv6gw_pol_row(g, k, 0);

		assert_int_equal(first % RTE_CACHE_LINE_SIZE, 0);
		if (k > 0)
			assert_true((uintptr_t)&srv6gw_pol_row(g, k - 1, 2)[1] /
				    RTE_CACHE_LINE_SIZE < first / RTE_CACHE_LINE_SIZE);
		srv6gw_pol_row(g, k, 1)[1].packets = 1u << k;   /* "b", its second list */
		srv6gw_pol_row(g, k, 2)[0].packets = 10u << k;  /* "c", its first */
	}
	memset(&ports, 0, sizeof(ports));
	j = srv6gw_stats_json(g, &ports, NULL, 0);
	assert_non_null(j);
	s = json_array_get(json_object_get(j, "sids"), last);
	assert_int_equal(json_integer_value(json_object_get(s, "packets")), 7);
	assert_int_equal(json_integer_value(json_object_get(s, "bytes")), 700);
	for (k = 0; k < 3; k++) {
		static const json_int_t want[3][2] = { { 0, 0 }, { 0, 7 }, { 70, 0 } };
		json_t *pol = json_array_get(json_object_get(j, "policies"), k);
		json_t *lists = json_object_get(pol, "segment_lists");

		assert_int_equal(json_integer_value(json_object_get(pol, "packets")),
				 want[k][0] + want[k][1]);
		assert_int_equal(json_integer_value(json_object_get(json_array_get(lists, 0),
								    "packets")), want[k][0]);
		if (k > 0)
			assert_int_equal(json_integer_value(json_object_get(
						 json_array_get(lists, 1), "packets")), want[k][1]);
	}
	json_decref(j);
	srv6gw_gen_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csid_shift_paths),
		cmocka_unit_test(test_masked_eq48),
		cmocka_unit_test(test_cksum20_ok),
		cmocka_unit_test(test_check4_x8),
		cmocka_unit_test(test_counter_rows_own_lines),
	};

	return cmocka_run_group_tests_name("datapath: functions", tests, setup, teardown);
}
