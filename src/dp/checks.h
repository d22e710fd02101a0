/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_DP_CHECKS_H
#define SRV6GW_DP_CHECKS_H

/*
 * The usual packet's header checks without a call (the IPv4 header's
 * checksum in five adds, the plain IPv4 and IPv6 headers, the addresses
 * that skip the martian rules), shared by the general way (ipv4.c,
 * ipv6.c) and the express lane and its shorter ways. Included by dp.h.
 *
 * Thread-safety: pure functions of their arguments.
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

/** The 32-bit word at @p p, in memory order (unaligned). */
static inline uint64_t
dp_load32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/**
 * Whether the option-less 20-byte header at @p p has a valid checksum, i.e.
 * rte_raw_cksum() of it is 0xffff, without its loop or folds (why: 2^16 = 1
 * modulo 0xffff, so the folded one's-complement sum is the plain sum S of
 * the five 32-bit words modulo 0xffff, in 1..0xffff when S != 0; valid
 * means S = 0 modulo 0xffff, S != 0: five adds and a multiply by a
 * constant. Either byte order: a byte swap multiplies a sum by 256, which
 * is prime to 0xffff).
 */
static inline bool
dp_cksum20_ok(const void *p)
{
	const uint8_t *b = p;
	/* five loads of their own (why: one 20-byte memcpy became a vector
	 * copy to the stack read back in words, a store-forwarding wait) */
	uint64_t s = dp_load32(b) + dp_load32(b + 4) + dp_load32(b + 8) + dp_load32(b + 12) +
		     dp_load32(b + 16);

	/* s % 0xffff == 0 as one multiply by 0xffff's inverse modulo 2^64 and
	 * a compare with (2^64 - 1) / 0xffff (why: GCC emitted a 64-bit div
	 * for the % in some inlined copies, ~14 % of End.DX4's lane) */
	return s * UINT64_C(0xfffefffefffeffff) <= UINT64_C(0x0001000100010001) && s != 0;
}

/**
 * dp_ipv4_check()'s usual answer for the IPv4 header at @p ip with @p len
 * bytes from it to the end of the packet, all in one segment: version 4, no
 * options, a total length of exactly @p len, a valid checksum.
 */
static inline bool
dp_ipv4_check_plain(const struct rte_ipv4_hdr *ip, uint32_t len)
{
	return len >= sizeof(*ip) && ip->version_ihl == 0x45 &&
	       rte_be_to_cpu_16(ip->total_length) == len && dp_cksum20_ok(ip);
}

/**
 * dp_ipv6_check()'s usual answer without the call, for a packet with a
 * header's worth of data: one segment that holds version 6 and exactly its
 * non-zero payload length (no padding to trim). false: ask dp_ipv6_check().
 */
static inline bool
dp_ipv6_check_plain(const struct rte_mbuf *m)
{
	const struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod(m, const struct rte_ipv6_hdr *);
	uint16_t plen = rte_be_to_cpu_16(ip->payload_len);

	return (ip->vtc_flow & rte_cpu_to_be_32(0xf0000000)) == rte_cpu_to_be_32(0x60000000) &&
	       plen != 0 && sizeof(*ip) + plen == m->pkt_len && m->data_len == m->pkt_len;
}

/*
 * Every address ipv4.c's martian and multicast checks single out has a
 * first octet of 0, 127 or 224 and above: one whose two addresses start
 * with 1-126 or 128-223 skips them.
 */
static inline bool
dp_ipv4_plain(rte_be32_t a)
{
	uint8_t o = ((const uint8_t *)&a)[0];

	return (uint8_t)(o - 1u) < 126u || (uint8_t)(o - 128u) < 96u;
}

/*
 * Every address srv6-rules P5 singles out (::, ::1, ff00::/8) starts with
 * 0x00 or 0xff: a packet whose two addresses start otherwise is neither
 * martian nor multicast, and skips the exact checks (ipv6.c special_input).
 */
static inline bool
dp_addr_plain(uint8_t first)
{
	return (uint8_t)(first + 1u) > 1u;
}

#endif
