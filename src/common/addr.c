/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */

#include <arpa/inet.h>
#include <stdio.h>

#include "common/addr.h"

const char *
srv6gw_parse_strerror(int status)
{
	switch (status) {
	case SRV6GW_PARSE_OK:
		return "no error";
	case SRV6GW_PARSE_BAD_ADDR:
		return "not an IPv4 or IPv6 address";
	case SRV6GW_PARSE_NO_LEN:
		return "missing /length";
	case SRV6GW_PARSE_BAD_LEN:
		return "bad prefix length";
	case SRV6GW_PARSE_BAD_MAC:
		return "not a MAC address like 02:00:00:00:00:01";
	}
	return "unknown error";
}

int
srv6gw_ip_parse(const char *s, uint8_t *family, uint8_t a[16])
{
	memset(a, 0, 16);
	if (strchr(s, ':') != NULL) {
		if (inet_pton(AF_INET6, s, a) != 1)
			return SRV6GW_PARSE_BAD_ADDR;
		*family = AF_INET6;
		return 0;
	}
	/* inet_pton() takes only the dotted quad, never octal or short forms. */
	if (inet_pton(AF_INET, s, a) != 1)
		return SRV6GW_PARSE_BAD_ADDR;
	*family = AF_INET;
	return 0;
}

/* Decimal 0..max without sign, spaces or leading zeros. */
static int
parse_len(const char *s, unsigned int max, uint8_t *len)
{
	unsigned int v = 0;
	const char *p;

	if (*s == '\0' || (s[0] == '0' && s[1] != '\0'))
		return SRV6GW_PARSE_BAD_LEN;
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || p - s >= 3)
			return SRV6GW_PARSE_BAD_LEN;
		v = v * 10 + (unsigned int)(*p - '0');
	}
	if (v > max)
		return SRV6GW_PARSE_BAD_LEN;
	*len = (uint8_t)v;
	return 0;
}

int
srv6gw_prefix_parse(const char *s, uint8_t *family, uint8_t a[16], uint8_t *len)
{
	char buf[SRV6GW_IP_STRLEN];
	const char *slash = strchr(s, '/');
	size_t alen;
	int ret;

	alen = slash != NULL ? (size_t)(slash - s) : strlen(s);
	if (alen >= sizeof(buf))
		return SRV6GW_PARSE_BAD_ADDR;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	ret = srv6gw_ip_parse(buf, family, a);
	if (ret != 0)
		return ret;
	if (slash == NULL)
		return SRV6GW_PARSE_NO_LEN;
	return parse_len(slash + 1, srv6gw_family_bits(*family), len);
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
srv6gw_mac_parse(const char *s, uint8_t mac[6])
{
	unsigned int i;
	int hi, lo;

	for (i = 0; i < 6; i++, s += 3) {
		hi = hex_digit(s[0]);
		lo = hi < 0 ? -1 : hex_digit(s[1]);
		if (lo < 0)
			return SRV6GW_PARSE_BAD_MAC;
		if (s[2] != (i == 5 ? '\0' : ':'))
			return SRV6GW_PARSE_BAD_MAC;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

const char *
srv6gw_ip_format(uint8_t family, const uint8_t a[16], char *buf, size_t size)
{
	if ((family != AF_INET && family != AF_INET6) ||
	    inet_ntop(family, a, buf, (socklen_t)size) == NULL)
		snprintf(buf, size, "?");
	return buf;
}

const char *
srv6gw_prefix_format(uint8_t family, const uint8_t a[16], unsigned int len,
		char *buf, size_t size)
{
	char ip[SRV6GW_IP_STRLEN];
	int n;

	srv6gw_ip_format(family, a, ip, sizeof(ip));
	n = snprintf(buf, size, "%s/%u", ip, len);
	if (n < 0 || (size_t)n >= size)
		snprintf(buf, size, "?");
	return buf;
}

const char *
srv6gw_mac_format(const uint8_t mac[6], char *buf, size_t size)
{
	int n;

	n = snprintf(buf, size, "%02x:%02x:%02x:%02x:%02x:%02x",
		mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	if (n < 0 || (size_t)n >= size)
		snprintf(buf, size, "?");
	return buf;
}

void
srv6gw_prefix_mask(uint8_t a[16], unsigned int len)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		if (len >= 8) {
			len -= 8;
			continue;
		}
		a[i] &= (uint8_t)(0xff00u >> len);
		len = 0;
	}
}

bool
srv6gw_prefix_is_network(const uint8_t a[16], unsigned int len)
{
	uint8_t net[16];

	memcpy(net, a, 16);
	srv6gw_prefix_mask(net, len);
	return memcmp(net, a, 16) == 0;
}

bool
srv6gw_prefix_contains(const uint8_t a[16], unsigned int len, const uint8_t b[16])
{
	unsigned int full = len / 8, rest = len % 8;
	uint8_t mask;

	if (memcmp(a, b, full) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (uint8_t)(0xff00u >> rest);
	return ((a[full] ^ b[full]) & mask) == 0;
}

bool
srv6gw_prefix_overlaps(const uint8_t a[16], unsigned int alen,
		const uint8_t b[16], unsigned int blen)
{
	return srv6gw_prefix_contains(a, alen < blen ? alen : blen, b);
}
