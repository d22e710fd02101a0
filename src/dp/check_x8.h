/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * The IPv4 headend's per-frame checks for 8 frames at once, with AVX-512
 * (F, DQ, BW, VL), when the build targets it (cpu_isa=native on such a
 * CPU, or x86-64-v4). Used by encap.c's same_check(): a block the vector
 * test passes is answered here; any other block (a frame that fails, or a
 * case left to the scalar code: a packet of under 24 bytes) goes through
 * the scalar loop from that block on, so the answers are the scalar code's.
 *
 * Why: the scalar loop was ~75 instructions per frame, the largest part of
 * the IPv4 headend's own work end to end (docs/performance-rounds.md, twentieth
 * round). Here each frame's mbuf fields and total length are compared in
 * scalar code and its first 24 header bytes loaded into a vector; the
 * header checks of 8 frames (version, checksum, source, TTL, the ports'
 * rule) are ~40 vector instructions; only the flow label's two CRC steps
 * stay per frame. Not for IPv6: its scalar checks are few (~45
 * instructions with its four-word CRC), and a version with gathers read
 * ~5 cycles a frame slower there.
 *
 * Thread safety: reads the frames and their mbufs, writes only its outputs.
 */
#ifndef SRV6GW_DP_CHECK_X8_H
#define SRV6GW_DP_CHECK_X8_H

#if defined(__AVX512F__) && defined(__AVX512DQ__) && defined(__AVX512BW__) && \
	defined(__AVX512VL__)
#define DP_CHECK_X8 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <immintrin.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "srv6gw/proto.h"

/**
 * Word @p w (8 bytes) of each of 8 frames' headers, loaded as 4 words per
 * frame, two frames per vector (@p x01: frames 0 and 1, ...): one vector
 * of 8 lanes, frame k in lane k (why not gathers, one per word: on this
 * AMD host they read about even with the scalar loop, these loads and
 * shuffles 17-22 % faster; docs/performance-rounds.md, twentieth round).
 */
static __rte_always_inline __m512i
x8_word(__m512i x01, __m512i x23, __m512i x45, __m512i x67, unsigned int w)
{
	const __m512i idx = _mm512_set_epi64(12 + w, 8 + w, 4 + w, w, 12 + w, 8 + w, 4 + w, w);
	const __m512i lo = _mm512_permutex2var_epi64(x01, idx, x23);
	const __m512i hi = _mm512_permutex2var_epi64(x45, idx, x67);

	return _mm512_inserti64x4(lo, _mm512_castsi512_si256(hi), 1);
}

/**
 * Whether the 8 frames @p pkts (each an Ethernet header, then IPv4) surely
 * pass encap.c's same_ok() for @p max and @p grow, with at least 24 bytes
 * of packet in one segment. Then, per frame, @p a[k] = source | destination
 * << 32 and @p b[k] = ports | protocol << 32 as flow_label4() hashes
 * them (ports only for TCP, UDP or SCTP, unfragmented). false: ask the
 * scalar check (a frame fails, or is one it leaves to it); @p a, @p b then
 * hold nothing of use.
 */
static __rte_always_inline bool
dp_check4_x8(struct rte_mbuf *const *pkts, uint32_t max, uint16_t grow, uint64_t *a,
	     uint64_t *b)
{
	const __m512i m8 = _mm512_set1_epi64(0xff), m32 = _mm512_set1_epi64(0xffffffff);
	__m512i x01, x23, x45, x67, q0, q1, q2, s, t, ports, proto;
	__m256i y[8];
	unsigned int k;
	__mmask8 ok;

	/* same_ok(): fits max, has the headroom, one segment; 24 bytes, so
	 * the header and the ports are in it; the total length is the
	 * packet's (per frame: the mbuf's fields are no vector's) */
	for (k = 0; k < 8; k++) {
		const struct rte_mbuf *m = pkts[k];
		const uint32_t len = m->pkt_len - RTE_ETHER_HDR_LEN;
		const struct rte_ipv4_hdr *ip;

		if (len > max || m->data_off < grow || m->data_len != m->pkt_len || len < 24)
			return false;
		ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, RTE_ETHER_HDR_LEN);
		if (rte_be_to_cpu_16(ip->total_length) != len)
			return false;
		y[k] = _mm256_maskz_loadu_epi8(0xffffff, ip);  /* (24 bytes, no more) */
	}
	/* the 8 headers' words 0-2 as a vector each (qK: word K of frames 0-7) */
	x01 = _mm512_inserti64x4(_mm512_castsi256_si512(y[0]), y[1], 1);
	x23 = _mm512_inserti64x4(_mm512_castsi256_si512(y[2]), y[3], 1);
	x45 = _mm512_inserti64x4(_mm512_castsi256_si512(y[4]), y[5], 1);
	x67 = _mm512_inserti64x4(_mm512_castsi256_si512(y[6]), y[7], 1);
	q0 = x8_word(x01, x23, x45, x67, 0);    /* version/IHL, TOS, total length, id, fragment */
	q1 = x8_word(x01, x23, x45, x67, 1);    /* TTL, protocol, checksum, source */
	q2 = x8_word(x01, x23, x45, x67, 2);    /* destination, the first 4 bytes after it */
	/* dp_ipv4_check_plain(): version 4 and no options (RFC 791 §3.1) */
	ok = _mm512_cmpeq_epu64_mask(_mm512_and_si512(q0, m8), _mm512_set1_epi64(0x45));
	/* dp_cksum20_ok(): the five 32-bit words' sum S, S % 0xffff == 0 (its
	 * S != 0 holds: the first word has 0x45 in it) */
	s = _mm512_add_epi64(_mm512_add_epi64(_mm512_and_si512(q0, m32), _mm512_srli_epi64(q0, 32)),
			     _mm512_add_epi64(_mm512_and_si512(q1, m32), _mm512_srli_epi64(q1, 32)));
	s = _mm512_add_epi64(s, _mm512_and_si512(q2, m32));
	ok &= _mm512_cmple_epu64_mask(_mm512_mullo_epi64(s, _mm512_set1_epi64(
						(long long)UINT64_C(0xfffefffefffeffff))),
				      _mm512_set1_epi64(0x0001000100010001));
	/* dp_ipv4_plain() of the source: first octet 1-126 or 128-223 */
	t = _mm512_and_si512(_mm512_srli_epi64(q1, 32), m8);
	ok &= _mm512_cmplt_epu64_mask(_mm512_sub_epi64(t, _mm512_set1_epi64(1)),
				      _mm512_set1_epi64(126)) |
	      _mm512_cmplt_epu64_mask(_mm512_sub_epi64(t, _mm512_set1_epi64(128)),
				      _mm512_set1_epi64(96));
	/* a TTL to spare (RFC 8986 §5.1 S05's decrement) */
	ok &= _mm512_cmpgt_epu64_mask(_mm512_and_si512(q1, m8), _mm512_set1_epi64(1));
	if (ok != 0xff)
		return false;
	/* flow_hash_plain()'s words: ports for TCP, UDP, SCTP, unfragmented
	 * (MF and offset zero: bytes 6-7 & 0x3fff, as loaded 0xff3f) */
	proto = _mm512_and_si512(_mm512_srli_epi64(q1, 8), m8);
	ok = (_mm512_cmpeq_epu64_mask(proto, _mm512_set1_epi64(SRV6GW_IPPROTO_TCP)) |
	      _mm512_cmpeq_epu64_mask(proto, _mm512_set1_epi64(SRV6GW_IPPROTO_UDP)) |
	      _mm512_cmpeq_epu64_mask(proto, _mm512_set1_epi64(SRV6GW_IPPROTO_SCTP))) &
	     _mm512_testn_epi64_mask(_mm512_srli_epi64(q0, 48), _mm512_set1_epi64(0xff3f));
	ports = _mm512_maskz_mov_epi64(ok, _mm512_srli_epi64(q2, 32));
	_mm512_storeu_si512(a, _mm512_or_si512(_mm512_srli_epi64(q1, 32),
					       _mm512_slli_epi64(q2, 32)));
	_mm512_storeu_si512(b, _mm512_or_si512(ports, _mm512_slli_epi64(proto, 32)));
	return true;
}

#endif
#endif
