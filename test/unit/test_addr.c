/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */

/* Address, prefix and MAC helpers (src/common/addr.c). */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <string.h>

#include "common/addr.h"

static void
test_ip_parse(void **state)
{
	static const uint8_t v4[16] = { 192, 0, 2, 1 };
	static const uint8_t v6[16] = { 0xfc, 0, 0, 1, [15] = 0xe };
	uint8_t a[16], fam;

	(void)state;
	assert_int_equal(srv6gw_ip_parse("192.0.2.1", &fam, a), 0);
	assert_int_equal(fam, AF_INET);
	assert_memory_equal(a, v4, 16);   /* the other 12 bytes are zero */
	assert_int_equal(srv6gw_ip_parse("fc00:1::e", &fam, a), 0);
	assert_int_equal(fam, AF_INET6);
	assert_memory_equal(a, v6, 16);
	assert_int_equal(srv6gw_ip_parse("::ffff:192.0.2.1", &fam, a), 0);
	assert_int_equal(fam, AF_INET6);
	assert_int_equal(srv6gw_ip_parse("", &fam, a), SRV6GW_PARSE_BAD_ADDR);
	assert_int_equal(srv6gw_ip_parse("192.0.2", &fam, a), SRV6GW_PARSE_BAD_ADDR);
	assert_int_equal(srv6gw_ip_parse("192.0.2.256", &fam, a), SRV6GW_PARSE_BAD_ADDR);
	assert_int_equal(srv6gw_ip_parse("010.0.0.1", &fam, a), SRV6GW_PARSE_BAD_ADDR);
	assert_int_equal(srv6gw_ip_parse(" 192.0.2.1", &fam, a), SRV6GW_PARSE_BAD_ADDR);
	assert_int_equal(srv6gw_ip_parse("fe80::1%eth0", &fam, a), SRV6GW_PARSE_BAD_ADDR);
	assert_int_equal(srv6gw_ip_parse("fc00:::1", &fam, a), SRV6GW_PARSE_BAD_ADDR);
	assert_int_equal(srv6gw_ip_parse("192.0.2.1/24", &fam, a), SRV6GW_PARSE_BAD_ADDR);
}

static void
test_prefix_parse(void **state)
{
	uint8_t a[16], fam, len;

	(void)state;
	assert_int_equal(srv6gw_prefix_parse("10.1.2.3/8", &fam, a, &len), 0);
	assert_int_equal(fam, AF_INET);
	assert_int_equal(len, 8);
	assert_int_equal(a[3], 3);   /* host bits kept */
	assert_int_equal(srv6gw_prefix_parse("::/0", &fam, a, &len), 0);
	assert_int_equal(len, 0);
	assert_int_equal(srv6gw_prefix_parse("fc00::1/128", &fam, a, &len), 0);
	assert_int_equal(len, 128);
	assert_int_equal(srv6gw_prefix_parse("0.0.0.0/32", &fam, a, &len), 0);
	assert_int_equal(srv6gw_prefix_parse("fc00::", &fam, a, &len), SRV6GW_PARSE_NO_LEN);
	assert_int_equal(srv6gw_prefix_parse("fc00::/", &fam, a, &len), SRV6GW_PARSE_BAD_LEN);
	assert_int_equal(srv6gw_prefix_parse("fc00::/129", &fam, a, &len), SRV6GW_PARSE_BAD_LEN);
	assert_int_equal(srv6gw_prefix_parse("10.0.0.0/33", &fam, a, &len),
		SRV6GW_PARSE_BAD_LEN);
	assert_int_equal(srv6gw_prefix_parse("10.0.0.0/08", &fam, a, &len),
		SRV6GW_PARSE_BAD_LEN);
	assert_int_equal(srv6gw_prefix_parse("10.0.0.0/-1", &fam, a, &len),
		SRV6GW_PARSE_BAD_LEN);
	assert_int_equal(srv6gw_prefix_parse("10.0.0.0/8 ", &fam, a, &len),
		SRV6GW_PARSE_BAD_LEN);
	assert_int_equal(srv6gw_prefix_parse("10.0.0.0/1000", &fam, a, &len),
		SRV6GW_PARSE_BAD_LEN);
	assert_int_equal(srv6gw_prefix_parse("10.0.0/8", &fam, a, &len),
		SRV6GW_PARSE_BAD_ADDR);
	assert_int_equal(srv6gw_prefix_parse("1111:2222:3333:4444:5555:6666:7777:8888:9999/64",
		&fam, a, &len), SRV6GW_PARSE_BAD_ADDR);
	assert_string_equal(srv6gw_parse_strerror(SRV6GW_PARSE_NO_LEN), "missing /length");
}

static void
test_mac(void **state)
{
	static const uint8_t want[6] = { 0x02, 0, 0, 0, 0x0c, 0xfe };
	uint8_t mac[6];
	char buf[SRV6GW_MAC_STRLEN];

	(void)state;
	assert_int_equal(srv6gw_mac_parse("02:00:00:00:0c:FE", mac), 0);
	assert_memory_equal(mac, want, 6);
	assert_string_equal(srv6gw_mac_format(mac, buf, sizeof(buf)), "02:00:00:00:0c:fe");
	assert_string_equal(srv6gw_mac_format(mac, buf, 5), "?");
	assert_int_equal(srv6gw_mac_parse("02:00:00:00:0c", mac), SRV6GW_PARSE_BAD_MAC);
	assert_int_equal(srv6gw_mac_parse("02:00:00:00:0c:fe:", mac), SRV6GW_PARSE_BAD_MAC);
	assert_int_equal(srv6gw_mac_parse("02-00-00-00-0c-fe", mac), SRV6GW_PARSE_BAD_MAC);
	assert_int_equal(srv6gw_mac_parse("2:0:0:0:c:fe", mac), SRV6GW_PARSE_BAD_MAC);
	assert_int_equal(srv6gw_mac_parse("02:00:00:00:0c:fg", mac), SRV6GW_PARSE_BAD_MAC);
	assert_int_equal(srv6gw_mac_parse("", mac), SRV6GW_PARSE_BAD_MAC);
	assert_true(srv6gw_mac_is_multicast((const uint8_t[6]){ 0x01, 0, 0x5e, 0, 0, 1 }));
	assert_true(srv6gw_mac_is_multicast((const uint8_t[6]){ 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff }));
	assert_false(srv6gw_mac_is_multicast(want));
	assert_true(srv6gw_mac_is_zero((const uint8_t[6]){ 0 }));
	assert_false(srv6gw_mac_is_zero(want));
}

static void
test_format(void **state)
{
	uint8_t a[16], fam, len;
	char buf[SRV6GW_PREFIX_STRLEN];

	(void)state;
	assert_int_equal(srv6gw_prefix_parse("2001:0db8:0000::0001/64", &fam, a, &len), 0);
	assert_string_equal(srv6gw_ip_format(fam, a, buf, sizeof(buf)), "2001:db8::1");
	assert_string_equal(srv6gw_prefix_format(fam, a, len, buf, sizeof(buf)),
		"2001:db8::1/64");
	assert_int_equal(srv6gw_prefix_parse("198.51.100.0/24", &fam, a, &len), 0);
	assert_string_equal(srv6gw_prefix_format(fam, a, len, buf, sizeof(buf)),
		"198.51.100.0/24");
	assert_string_equal(srv6gw_ip_format(0, a, buf, sizeof(buf)), "?");
	assert_string_equal(srv6gw_prefix_format(fam, a, len, buf, 10), "?");
}

static void
test_mask_contains(void **state)
{
	uint8_t a[16], b[16], fam, len, blen;

	(void)state;
	assert_int_equal(srv6gw_prefix_parse("fc00:1:ffff::1/35", &fam, a, &len), 0);
	assert_false(srv6gw_prefix_is_network(a, len));
	srv6gw_prefix_mask(a, len);
	assert_true(srv6gw_prefix_is_network(a, len));
	assert_int_equal(srv6gw_ip_parse("fc00:1:e000::", &fam, b), 0);
	assert_memory_equal(a, b, 16);
	srv6gw_prefix_mask(b, 0);
	assert_true(srv6gw_ip6_is_unspecified(b));

	assert_int_equal(srv6gw_prefix_parse("fc00:1::/48", &fam, a, &len), 0);
	assert_int_equal(srv6gw_ip_parse("fc00:1:0:ffff::1", &fam, b), 0);
	assert_true(srv6gw_prefix_contains(a, len, b));
	assert_int_equal(srv6gw_ip_parse("fc00:2::1", &fam, b), 0);
	assert_false(srv6gw_prefix_contains(a, len, b));
	assert_true(srv6gw_prefix_contains(a, 0, b));
	assert_false(srv6gw_prefix_contains(a, 128, b));
	assert_true(srv6gw_prefix_contains(a, 128, a));

	/* 10.0.0.0/7 vs 11.0.0.0/8: the bit after the 7th decides */
	assert_int_equal(srv6gw_prefix_parse("10.0.0.0/7", &fam, a, &len), 0);
	assert_int_equal(srv6gw_prefix_parse("11.0.0.0/8", &fam, b, &blen), 0);
	assert_true(srv6gw_prefix_overlaps(a, len, b, blen));
	assert_true(srv6gw_prefix_overlaps(b, blen, a, len));
	assert_int_equal(srv6gw_prefix_parse("12.0.0.0/8", &fam, b, &blen), 0);
	assert_false(srv6gw_prefix_overlaps(a, len, b, blen));
}

static void
test_predicates(void **state)
{
	uint8_t a[16], fam;

	(void)state;
	srv6gw_ip_parse("::", &fam, a);
	assert_true(srv6gw_ip6_is_unspecified(a));
	srv6gw_ip_parse("::1", &fam, a);
	assert_true(srv6gw_ip6_is_loopback(a));
	assert_false(srv6gw_ip6_is_unspecified(a));
	srv6gw_ip_parse("ff02::1:ff00:1", &fam, a);
	assert_true(srv6gw_ip6_is_multicast(a));
	srv6gw_ip_parse("febf::1", &fam, a);
	assert_true(srv6gw_ip6_is_linklocal(a));
	srv6gw_ip_parse("fec0::1", &fam, a);
	assert_false(srv6gw_ip6_is_linklocal(a));
	srv6gw_ip_parse("0.1.2.3", &fam, a);
	assert_true(srv6gw_ip4_is_zeronet(a));
	srv6gw_ip_parse("127.255.0.1", &fam, a);
	assert_true(srv6gw_ip4_is_loopback(a));
	srv6gw_ip_parse("239.1.1.1", &fam, a);
	assert_true(srv6gw_ip4_is_multicast(a));
	srv6gw_ip_parse("255.255.255.255", &fam, a);
	assert_true(srv6gw_ip4_is_reserved(a));
	assert_false(srv6gw_ip4_is_multicast(a));
	assert_int_equal(srv6gw_family_bits(AF_INET), 32);
	assert_int_equal(srv6gw_family_bits(AF_INET6), 128);
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ip_parse),
		cmocka_unit_test(test_prefix_parse),
		cmocka_unit_test(test_mac),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_mask_contains),
		cmocka_unit_test(test_predicates),
	};

	return cmocka_run_group_tests_name("addr", tests, NULL, NULL);
}
