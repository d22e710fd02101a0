/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_TEST_CONFIG_UTIL_H
#define SRV6GW_TEST_CONFIG_UTIL_H

/*
 * What the configuration loader's unit tests (test/unit/test_config_*.c)
 * share: error look-ups and asserts, a load that must succeed, an address
 * compare, and the text every case starts from (BASE, SRV6). cmocka is
 * used (include <cmocka.h> before this header).
 */

#include <stdbool.h>
#include <stdint.h>

#include "srv6gw/config.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Six lines of ports, shared by most cases: the next line is 7. */
#define BASE \
	"version = 1;\n" \
	"ports = (\n" \
	"  { name = \"edge\"; device = \"net_null0\"; ipv4 = [\"192.0.2.1/24\"];\n" \
	"    ipv6 = [\"2001:db8:e::1/64\"]; },\n" \
	"  { name = \"core\"; device = \"net_null1\"; ipv6 = [\"fc00:c::1/64\"]; }\n" \
	");\n"
#define B 6

/* BASE, then an srv6 group with a source and one locator: the next line is 10. */
#define SRV6 BASE \
	"srv6 = {\n" \
	"  source = \"fc00:1::1\";\n" \
	"  locators = ( { name = \"main\"; prefix = \"fc00:1::/48\"; } );\n"
#define S 9
#define END "};\n"

/** Print @p errs to stderr. */
void dump_errors(const struct srv6gw_cfg_errors *errs);
/** @p errs has an error at @p line whose text contains @p msg. */
bool has_error(const struct srv6gw_cfg_errors *errs, int line, const char *msg);
/** has_error(), or the test fails with every error printed. */
void assert_error(const struct srv6gw_cfg_errors *errs, int line, const char *msg);
/** Load @p text (as "t.conf"), which must give a configuration and no error. */
struct srv6gw_config *load_ok(const char *text);
/** The 16 bytes at @p a are the address literal @p text of @p family (zero-padded). */
void assert_ip(uint8_t family, const uint8_t *a, const char *text);

#endif
