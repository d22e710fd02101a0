/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_COMMON_ADDR_H
#define SRV6GW_COMMON_ADDR_H

/**
 * @file
 * IPv4/IPv6 address, prefix and MAC address helpers.
 *
 * Pure C (no DPDK): used by the configuration parser and usable by the fast
 * path. An address is 16 bytes in network byte order; an IPv4 address uses
 * the first 4 bytes and the other 12 are zero. The family is AF_INET or
 * AF_INET6.
 *
 * Thread-safety: every function is reentrant and keeps no state.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#define SRV6GW_IP_STRLEN 46                        /**< INET6_ADDRSTRLEN */
#define SRV6GW_PREFIX_STRLEN (SRV6GW_IP_STRLEN + 4) /**< address, '/', 3 digits */
#define SRV6GW_MAC_STRLEN 18                       /**< "xx:xx:xx:xx:xx:xx" */

/** Results of the parsers: 0 or a negative SRV6GW_PARSE_* value. */
enum srv6gw_parse_status {
	SRV6GW_PARSE_OK = 0,
	SRV6GW_PARSE_BAD_ADDR = -1, /**< not an IPv4 or IPv6 address */
	SRV6GW_PARSE_NO_LEN = -2,   /**< prefix without "/len" */
	SRV6GW_PARSE_BAD_LEN = -3,  /**< "/len" not a number in range */
	SRV6GW_PARSE_BAD_MAC = -4,  /**< not six ':'-separated hex pairs */
};

/**
 * Describe a parser result.
 *
 * @param status  a value returned by one of the parsers below
 * @return a static string such as "missing /length"
 */
const char *srv6gw_parse_strerror(int status);

/**
 * Parse an IPv4 (dotted quad) or IPv6 address, without a prefix length.
 *
 * @param s       text, e.g. "192.0.2.1" or "fc00::1"
 * @param family  set to AF_INET or AF_INET6
 * @param a       set to the address (network byte order, zero padded)
 * @return 0, or SRV6GW_PARSE_BAD_ADDR
 */
int srv6gw_ip_parse(const char *s, uint8_t *family, uint8_t a[16]);

/**
 * Parse "address/length". Host bits are kept as written; check them with
 * srv6gw_prefix_is_network().
 *
 * @param s       text, e.g. "fc00::/16"
 * @param family  set to AF_INET or AF_INET6
 * @param a       set to the address part
 * @param len     set to the length (0..32 or 0..128)
 * @return 0, SRV6GW_PARSE_BAD_ADDR, SRV6GW_PARSE_NO_LEN or SRV6GW_PARSE_BAD_LEN
 */
int srv6gw_prefix_parse(const char *s, uint8_t *family, uint8_t a[16], uint8_t *len);

/**
 * Parse a MAC address written as six ':'-separated pairs of hex digits.
 *
 * @param s    text, e.g. "02:00:00:00:00:01"
 * @param mac  set to the address
 * @return 0, or SRV6GW_PARSE_BAD_MAC
 */
int srv6gw_mac_parse(const char *s, uint8_t mac[6]);

/**
 * Format an address.
 *
 * @param family  AF_INET or AF_INET6
 * @param a       the address
 * @param buf     output, at least SRV6GW_IP_STRLEN bytes for any address
 * @param size    size of @p buf
 * @return @p buf ("?" if the family is unknown or @p buf too small)
 */
const char *srv6gw_ip_format(uint8_t family, const uint8_t a[16], char *buf, size_t size);

/**
 * Format a prefix as "address/len".
 *
 * @param buf   output, at least SRV6GW_PREFIX_STRLEN bytes for any prefix
 * @return @p buf ("?" on error, as srv6gw_ip_format())
 */
const char *srv6gw_prefix_format(uint8_t family, const uint8_t a[16], unsigned int len,
		char *buf, size_t size);

/**
 * Format a MAC address as "xx:xx:xx:xx:xx:xx".
 *
 * @param buf   output, at least SRV6GW_MAC_STRLEN bytes
 * @return @p buf ("?" if @p buf is too small)
 */
const char *srv6gw_mac_format(const uint8_t mac[6], char *buf, size_t size);

/**
 * Clear the bits of @p a after the first @p len bits.
 *
 * @param a    address, changed in place
 * @param len  prefix length, 0..128
 */
void srv6gw_prefix_mask(uint8_t a[16], unsigned int len);

/**
 * Tell whether every bit of @p a after the first @p len bits is zero.
 *
 * @return true if "a/len" names a network (no host bits set)
 */
bool srv6gw_prefix_is_network(const uint8_t a[16], unsigned int len);

/**
 * Tell whether the first @p len bits of @p a and @p b are equal, i.e. whether
 * address @p b is inside prefix "a/len".
 *
 * @param a    prefix address
 * @param len  prefix length, 0..128
 * @param b    address to test
 */
bool srv6gw_prefix_contains(const uint8_t a[16], unsigned int len, const uint8_t b[16]);

/**
 * Tell whether two prefixes of one family share at least one address, which
 * for prefixes means that one contains the other.
 */
bool srv6gw_prefix_overlaps(const uint8_t a[16], unsigned int alen,
		const uint8_t b[16], unsigned int blen);

/** Bits in an address of @p family: 32 for AF_INET, 128 otherwise. */
static inline unsigned int
srv6gw_family_bits(uint8_t family)
{
	return family == AF_INET ? 32 : 128;
}

/** "IPv4" or "IPv6", for messages. */
static inline const char *
srv6gw_family_name(uint8_t family)
{
	return family == AF_INET ? "IPv4" : "IPv6";
}

/** The unspecified address :: (RFC 4291 §2.5.2). */
static inline bool
srv6gw_ip6_is_unspecified(const uint8_t a[16])
{
	static const uint8_t zero[16];

	return memcmp(a, zero, 16) == 0;
}

/** The loopback address ::1 (RFC 4291 §2.5.3). */
static inline bool
srv6gw_ip6_is_loopback(const uint8_t a[16])
{
	static const uint8_t one[16] = { [15] = 1 };

	return memcmp(a, one, 16) == 0;
}

/** Multicast, ff00::/8 (RFC 4291 §2.7). */
static inline bool
srv6gw_ip6_is_multicast(const uint8_t a[16])
{
	return a[0] == 0xff;
}

/** Link-local unicast, fe80::/10 (RFC 4291 §2.5.6). */
static inline bool
srv6gw_ip6_is_linklocal(const uint8_t a[16])
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

/** "This network", 0.0.0.0/8 (RFC 1122 §3.2.1.3). */
static inline bool
srv6gw_ip4_is_zeronet(const uint8_t a[4])
{
	return a[0] == 0;
}

/** Loopback, 127.0.0.0/8 (RFC 1122 §3.2.1.3). */
static inline bool
srv6gw_ip4_is_loopback(const uint8_t a[4])
{
	return a[0] == 127;
}

/** Multicast, 224.0.0.0/4 (RFC 5771). */
static inline bool
srv6gw_ip4_is_multicast(const uint8_t a[4])
{
	return (a[0] & 0xf0) == 0xe0;
}

/** Reserved 240.0.0.0/4, which includes the limited broadcast address. */
static inline bool
srv6gw_ip4_is_reserved(const uint8_t a[4])
{
	return (a[0] & 0xf0) == 0xf0;
}

/** Group bit of a MAC address (IEEE 802: multicast or broadcast). */
static inline bool
srv6gw_mac_is_multicast(const uint8_t mac[6])
{
	return (mac[0] & 0x01) != 0;
}

/** 00:00:00:00:00:00. */
static inline bool
srv6gw_mac_is_zero(const uint8_t mac[6])
{
	return (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]) == 0;
}

#endif /* SRV6GW_COMMON_ADDR_H */
