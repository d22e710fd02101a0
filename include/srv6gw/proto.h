/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_PROTO_H
#define SRV6GW_PROTO_H

/**
 * @file
 * Wire formats DPDK 22.11 lacks: the Segment Routing Header (RFC 8754 §2)
 * and ICMPv6 / Neighbor Discovery constants. Field names follow DPDK 23.03's
 * struct rte_ipv6_routing_ext so a later port is a rename.
 */

#include <stdint.h>
#include <rte_byteorder.h>

#define SRV6GW_IPPROTO_HOPOPTS 0
#define SRV6GW_IPPROTO_IPIP 4
#define SRV6GW_IPPROTO_TCP 6
#define SRV6GW_IPPROTO_UDP 17
#define SRV6GW_IPPROTO_IPV6 41
#define SRV6GW_IPPROTO_ROUTING 43
#define SRV6GW_IPPROTO_FRAGMENT 44
#define SRV6GW_IPPROTO_ICMPV6 58
#define SRV6GW_IPPROTO_NONE 59
#define SRV6GW_IPPROTO_DSTOPTS 60
#define SRV6GW_IPPROTO_SCTP 132

#define SRV6GW_SRCRT_TYPE_4 4 /**< Segment Routing Header, RFC 8754 */

/** Segment Routing Header (RFC 8754 §2), followed by the segment list. */
struct srv6gw_srh {
	uint8_t next_hdr;
	uint8_t hdr_len;       /**< 8-octet units, not counting the first 8 */
	uint8_t type;          /**< 4 */
	uint8_t segments_left;
	uint8_t last_entry;
	uint8_t flags;
	rte_be16_t tag;
	uint8_t segments[][16];
} __rte_packed;

#define SRV6GW_SRH_OFF_TYPE 2
#define SRV6GW_SRH_OFF_SL 3

/* ICMPv6 (RFC 4443, RFC 4861) */
#define SRV6GW_ICMP6_DST_UNREACH 1
#define SRV6GW_ICMP6_PKT_TOO_BIG 2
#define SRV6GW_ICMP6_TIME_EXCEEDED 3
#define SRV6GW_ICMP6_PARAM_PROB 4
#define SRV6GW_ICMP6_ECHO_REQUEST 128
#define SRV6GW_ICMP6_ECHO_REPLY 129
#define SRV6GW_ND_NEIGHBOR_SOLICIT 135
#define SRV6GW_ND_NEIGHBOR_ADVERT 136
#define SRV6GW_ND_OPT_SLLA 1
#define SRV6GW_ND_OPT_TLLA 2

/** Parameter Problem codes (RFC 4443 §3.4, RFC 8754 §4.3.1.2). */
#define SRV6GW_PP_ERR_FIELD 0
#define SRV6GW_PP_UNREC_NH 1
#define SRV6GW_PP_UNREC_OPT 2
#define SRV6GW_PP_SR_UPPER 4

/* ICMPv4 (RFC 792) */
#define SRV6GW_ICMP4_ECHO_REPLY 0
#define SRV6GW_ICMP4_DST_UNREACH 3
#define SRV6GW_ICMP4_ECHO_REQUEST 8
#define SRV6GW_ICMP4_TIME_EXCEEDED 11
#define SRV6GW_ICMP4_PARAM_PROB 12
#define SRV6GW_ICMP4_CODE_FRAG_NEEDED 4

/** Generic ICMP / ICMPv6 header with the 4-byte type-specific word. */
struct srv6gw_icmp_hdr {
	uint8_t type;
	uint8_t code;
	rte_be16_t cksum;
	rte_be32_t data;
} __rte_packed;

/** IPv6 Neighbor Solicitation / Advertisement body (RFC 4861 §4.3/4.4). */
struct srv6gw_nd_msg {
	uint8_t type;
	uint8_t code;
	rte_be16_t cksum;
	rte_be32_t flags;      /**< NA: R|S|O in the top bits */
	uint8_t target[16];
} __rte_packed;

#define SRV6GW_NA_FLAG_ROUTER 0x80000000u
#define SRV6GW_NA_FLAG_SOLICITED 0x40000000u
#define SRV6GW_NA_FLAG_OVERRIDE 0x20000000u

#endif
