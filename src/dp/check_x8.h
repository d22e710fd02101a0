/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * The headend's per-frame checks for 8 frames at once, with AVX-512 (F and
 * DQ), when the build targets it (cpu_isa=native on such a CPU, or
 * x86-64-v4). Used by encap.c's same_check(): a block the vector test
 * passes is answered here; any other block (a frame that fails, or a case
 * left to the scalar code: an IPv4 packet of under 24 bytes) goes through
 * the scalar loop from that block on, so the answers are the scalar code's.
 *
 * Why: the scalar loop was ~75 instructions per IPv4 frame, the largest
 * part of the IPv4 headend's own work end to end, and ~45 per IPv6 frame
 * (docs/performance.md, twentieth round); here the checks of 8 frames are
 * ~40 (IPv4) or ~20 (IPv6) vector instructions and the reads gathers, and
 * only the flow label's CRC steps stay per frame.
 *
 * Thread safety: reads the frames and their mbufs, writes only its outputs.
 */
#ifndef SRV6GW_DP_CHECK_X8_H
#define SRV6GW_DP_CHECK_X8_H

#if defined(__AVX512F__) && defined(__AVX512DQ__)
#define DP_CHECK_X8 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <immintrin.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#include "srv6gw/proto.h"

/** The 8 bytes at each lane's address + @p off (an unmasked gather). */
static __rte_always_inline __m512i
x8_load(__m512i addr, size_t off)
{
	return _mm512_i64gather_epi64(_mm512_add_epi64(addr, _mm512_set1_epi64((long long)off)),
				      NULL, 1);
}

/**
 * Whether the 8 frames @p pkts (each an Ethernet header, then IPv4) surely
 * pass encap.c's same_ok() for @p max and @p grow, with at least 24 bytes
 * of packet in one segment. Then, per frame, @p a[k] = source | destination
 * << 32 and @p b[k] = ports | protocol << 32 as flow_label() hashes them
 * (ports only for the first fragment of TCP, UDP or SCTP). false: ask the
 * scalar check (a frame fails, or is one it leaves to it); @p a, @p b then
 * hold nothing of use.
 */
static __rte_always_inline bool
dp_check4_x8(struct rte_mbuf *const *pkts, uint32_t max, uint16_t grow, uint64_t *a,
	     uint64_t *b)
{
	const __m512i m8 = _mm512_set1_epi64(0xff), m16 = _mm512_set1_epi64(0xffff);
	const __m512i m32 = _mm512_set1_epi64(0xffffffff);
	const __m512i mv = _mm512_loadu_si512((const void *)pkts);
	/* pkt_len | data_len << 32 (the next field), data_off, buf_addr */
	const __m512i ql = x8_load(mv, offsetof(struct rte_mbuf, pkt_len));
	const __m512i off = _mm512_and_si512(x8_load(mv, offsetof(struct rte_mbuf, data_off)),
					     m16);
	const __m512i pkt_len = _mm512_and_si512(ql, m32);
	/* (below 14 it wraps to over 2^63: over max) */
	const __m512i len = _mm512_sub_epi64(pkt_len, _mm512_set1_epi64(RTE_ETHER_HDR_LEN));
	__m512i l3, q0, q1, q2, s, t, ports, proto;
	__mmask8 ok;

	/* same_ok(): fits max, has the headroom, one segment; 24 bytes, so
	 * the header and the ports are in it */
	ok = _mm512_cmpeq_epu64_mask(_mm512_and_si512(_mm512_srli_epi64(ql, 32), m16), pkt_len) &
	     _mm512_cmple_epu64_mask(len, _mm512_set1_epi64(max)) &
	     _mm512_cmpge_epu64_mask(off, _mm512_set1_epi64(grow)) &
	     _mm512_cmpge_epu64_mask(len, _mm512_set1_epi64(24));
	if (ok != 0xff)
		return false;
	l3 = _mm512_add_epi64(_mm512_add_epi64(x8_load(mv, offsetof(struct rte_mbuf, buf_addr)),
					       off), _mm512_set1_epi64(RTE_ETHER_HDR_LEN));
	q0 = x8_load(l3, 0);    /* version/IHL, TOS, total length, id, fragment */
	q1 = x8_load(l3, 8);    /* TTL, protocol, checksum, source */
	q2 = x8_load(l3, 16);   /* destination, the first 4 bytes after the header */
	/* dp_ipv4_check_plain(): version 4 and no options (RFC 791 §3.1) */
	ok = _mm512_cmpeq_epu64_mask(_mm512_and_si512(q0, m8), _mm512_set1_epi64(0x45));
	/* total length (big-endian, bytes 2-3) = the packet's */
	t = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi64(q0, 24), m8),
			    _mm512_and_si512(_mm512_srli_epi64(q0, 8), _mm512_set1_epi64(0xff00)));
	ok &= _mm512_cmpeq_epu64_mask(t, len);
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
	/* flow_hash_plain()'s words: ports for TCP, UDP, SCTP, first fragment
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

/**
 * The IPv6 counterpart of dp_check4_x8(): whether the 8 frames @p pkts
 * (each an Ethernet header, then IPv6) surely pass same_ok() for @p max
 * and @p grow. Then @p l3[k] = the frame's IPv6 header and @p b[k] =
 * ports | protocol << 32 as flow_label() hashes them (ports for TCP, UDP,
 * SCTP with 4 bytes after the header); false: ask the scalar check. It
 * reads what the scalar check reads (the Next Header, Hop Limit and
 * destination's first byte, the ports only where it reads them).
 */
static __rte_always_inline bool
dp_check6_x8(struct rte_mbuf *const *pkts, uint32_t max, uint16_t grow, uint64_t *l3,
	     uint64_t *b)
{
	const __m512i m8 = _mm512_set1_epi64(0xff), m16 = _mm512_set1_epi64(0xffff);
	const __m512i mv = _mm512_loadu_si512((const void *)pkts);
	const __m512i off = _mm512_and_si512(x8_load(mv, offsetof(struct rte_mbuf, data_off)),
					     m16);
	const __m512i len = _mm512_sub_epi64(_mm512_and_si512(x8_load(mv, offsetof(struct rte_mbuf,
								       pkt_len)),
							      _mm512_set1_epi64(0xffffffff)),
					     _mm512_set1_epi64(RTE_ETHER_HDR_LEN));
	__m512i h, q0, first, proto, ports;
	__mmask8 ok;

	ok = _mm512_cmple_epu64_mask(len, _mm512_set1_epi64(max)) &
	     _mm512_cmpge_epu64_mask(off, _mm512_set1_epi64(grow));
	if (ok != 0xff)
		return false;
	h = _mm512_add_epi64(_mm512_add_epi64(x8_load(mv, offsetof(struct rte_mbuf, buf_addr)),
					      off), _mm512_set1_epi64(RTE_ETHER_HDR_LEN));
	q0 = x8_load(h, 0);             /* version, class, label, length, NH, HL */
	/* dp_addr_plain(): the destination's first byte neither 0 nor 0xff */
	first = _mm512_and_si512(x8_load(h, 24), m8);
	ok = _mm512_cmplt_epu64_mask(_mm512_sub_epi64(first, _mm512_set1_epi64(1)),
				     _mm512_set1_epi64(0xfe)) &
	     _mm512_cmpgt_epu64_mask(_mm512_srli_epi64(q0, 56), _mm512_set1_epi64(1));
	if (ok != 0xff)
		return false;
	proto = _mm512_and_si512(_mm512_srli_epi64(q0, 48), m8);
	ok = (_mm512_cmpeq_epu64_mask(proto, _mm512_set1_epi64(SRV6GW_IPPROTO_TCP)) |
	      _mm512_cmpeq_epu64_mask(proto, _mm512_set1_epi64(SRV6GW_IPPROTO_UDP)) |
	      _mm512_cmpeq_epu64_mask(proto, _mm512_set1_epi64(SRV6GW_IPPROTO_SCTP))) &
	     _mm512_cmpge_epu64_mask(len, _mm512_set1_epi64(44));
	ports = _mm512_mask_i64gather_epi64(_mm512_setzero_si512(), ok,
					    _mm512_add_epi64(h, _mm512_set1_epi64(40)), NULL, 1);
	ports = _mm512_and_si512(ports, _mm512_set1_epi64(0xffffffff));
	_mm512_storeu_si512(l3, h);
	_mm512_storeu_si512(b, _mm512_or_si512(ports, _mm512_slli_epi64(proto, 32)));
	return true;
}

#endif
#endif
