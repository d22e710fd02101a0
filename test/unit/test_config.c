/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */

/*
 * Configuration loader tests: the golden file loads with the values it
 * spells; every class of error is reported with its exact line and message;
 * the fixtures in test/config/ and the examples in conf/examples/ behave as
 * they say. Run from the source root (meson sets the working directory).
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "srv6gw/config.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------ */

static void
dump_errors(const struct srv6gw_cfg_errors *errs)
{
	srv6gw_cfg_errors_print(errs, stderr);
}

static bool
has_error(const struct srv6gw_cfg_errors *errs, int line, const char *msg)
{
	unsigned int i;

	for (i = 0; i < errs->n; i++)
		if (errs->e[i].line == line && strstr(errs->e[i].text, msg) != NULL)
			return true;
	return false;
}

static void
assert_error(const struct srv6gw_cfg_errors *errs, int line, const char *msg)
{
	if (!has_error(errs, line, msg)) {
		fprintf(stderr, "expected error at line %d containing \"%s\", got:\n", line, msg);
		dump_errors(errs);
		fail();
	}
}

static struct srv6gw_config *
load_ok(const char *text)
{
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *cfg = srv6gw_config_load_string(text, "t.conf", &errs);

	if (cfg == NULL)
		dump_errors(&errs);
	assert_non_null(cfg);
	assert_int_equal(errs.total, 0);
	return cfg;
}

static void
assert_ip(uint8_t family, const uint8_t *a, const char *text)
{
	uint8_t want[16] = { 0 };

	assert_int_equal(inet_pton(family, text, want), 1);
	assert_memory_equal(a, want, 16);
}

/* ---- the golden configuration ------------------------------------------- */

static void
golden_ports(const struct srv6gw_config *c)
{
	static const uint8_t mac0[6] = { 0x02, 0, 0, 0, 0, 0x01 };

	assert_int_equal(c->n_ports, 2);
	assert_string_equal(c->ports[0].name, "edge");
	assert_string_equal(c->ports[0].device, "net_pcap0");
	assert_string_equal(c->ports[0].args, "");
	assert_true(c->ports[0].has_mac);
	assert_memory_equal(c->ports[0].mac, mac0, 6);
	assert_int_equal(c->ports[0].n_ipv4, 1);
	assert_int_equal(c->ports[0].ipv4[0].family, AF_INET);
	assert_int_equal(c->ports[0].ipv4[0].len, 24);
	assert_ip(AF_INET, c->ports[0].ipv4[0].a, "192.0.2.1");
	assert_int_equal(c->ports[0].n_ipv6, 1);
	assert_int_equal(c->ports[0].ipv6[0].family, AF_INET6);
	assert_int_equal(c->ports[0].ipv6[0].len, 64);
	assert_ip(AF_INET6, c->ports[0].ipv6[0].a, "2001:db8:e::1");
	assert_int_equal(c->ports[0].mtu, 1500);
	assert_int_equal(c->ports[0].line, 7);
	assert_string_equal(c->ports[1].name, "core");
	assert_int_equal(c->ports[1].n_ipv4, 0);
	assert_ip(AF_INET6, c->ports[1].ipv6[0].a, "fc00:c::1");
	assert_int_equal(c->ports[1].line, 9);
}

static void
golden_neighbors_routes(const struct srv6gw_config *c)
{
	static const uint8_t mac3[6] = { 0x02, 0, 0, 0, 0x0c, 0x02 };

	assert_int_equal(c->n_neighbors, 4);
	assert_int_equal(c->neighbors[0].port, 0);
	assert_int_equal(c->neighbors[0].addr.family, AF_INET);
	assert_ip(AF_INET, c->neighbors[0].addr.a, "192.0.2.254");
	assert_int_equal(c->neighbors[3].port, 1);
	assert_ip(AF_INET6, c->neighbors[3].addr.a, "fc00:c::2");
	assert_memory_equal(c->neighbors[3].mac, mac3, 6);
	assert_int_equal(c->neighbors[3].line, 17);

	assert_int_equal(c->n_routes, 10);
	assert_int_equal(c->routes[0].prefix.family, AF_INET6);
	assert_int_equal(c->routes[0].prefix.len, 16);
	assert_ip(AF_INET6, c->routes[0].prefix.a, "fc00::");
	assert_true(c->routes[0].has_via);
	assert_ip(AF_INET6, c->routes[0].via.a, "fc00:c::2");
	assert_int_equal(c->routes[0].port, 1);
	assert_int_equal(c->routes[0].table, 0);
	assert_int_equal(c->routes[1].prefix.family, AF_INET);
	assert_int_equal(c->routes[1].prefix.len, 0);
	assert_int_equal(c->routes[1].via.family, AF_INET);
	assert_int_equal(c->routes[3].table, 10);
	assert_int_equal(c->routes[4].table, 20);
	assert_ip(AF_INET, c->routes[4].prefix.a, "198.51.100.0");
	assert_int_equal(c->routes[4].line, 25);

	assert_int_equal(c->n_tables, 3);
	assert_int_equal(c->tables[0], 0);
	assert_int_equal(c->tables[1], 10);
	assert_int_equal(c->tables[2], 20);
	assert_int_equal(c->icmp.rate, 10000);
	assert_int_equal(c->icmp.burst, 1000);
}

static void
golden_sids(const struct srv6gw_config *c)
{
	assert_true(c->has_source);
	assert_ip(AF_INET6, c->source, "fc00:1::1");
	assert_int_equal(c->hop_limit, 64);
	assert_int_equal(c->n_locators, 8);
	assert_string_equal(c->locators[0].name, "main");
	assert_int_equal(c->locators[0].prefix.len, 48);
	assert_ip(AF_INET6, c->locators[0].prefix.a, "fc00:1::");

	assert_int_equal(c->n_sids, 42);
	assert_ip(AF_INET6, c->sids[0].sid, "fc00:1::e");
	assert_int_equal(c->sids[0].behavior, SRV6GW_B_END);
	assert_int_equal(c->sids[0].flavors, 0);
	assert_int_equal(c->sids[0].locator, 0);
	assert_int_equal(c->sids[0].line, 59);
	assert_int_equal(c->sids[5].flavors, SRV6GW_FL_PSP | SRV6GW_FL_USD);
	assert_int_equal(c->sids[7].flavors, SRV6GW_FL_PSP | SRV6GW_FL_USP | SRV6GW_FL_USD);
	assert_int_equal(c->sids[8].behavior, SRV6GW_B_END_X);
	assert_true(c->sids[8].has_nexthop);
	assert_ip(AF_INET6, c->sids[8].nexthop.a, "fc00:c::2");
	assert_int_equal(c->sids[8].port, 1);
	assert_int_equal(c->sids[9].flavors, SRV6GW_FL_PSP);
	assert_int_equal(c->sids[10].behavior, SRV6GW_B_END_T);
	assert_int_equal(c->sids[10].table, 10);
	assert_int_equal(c->sids[11].behavior, SRV6GW_B_END_DX4);
	assert_int_equal(c->sids[11].nexthop.family, AF_INET);
	assert_ip(AF_INET, c->sids[11].nexthop.a, "192.0.2.10");
	assert_int_equal(c->sids[11].port, 0);
	assert_int_equal(c->sids[12].behavior, SRV6GW_B_END_DX6);
	assert_int_equal(c->sids[13].behavior, SRV6GW_B_END_DT4);
	assert_int_equal(c->sids[13].table, 20);
	assert_int_equal(c->sids[14].behavior, SRV6GW_B_END_DT6);
	assert_int_equal(c->sids[15].behavior, SRV6GW_B_END_DT46);
	assert_int_equal(c->sids[15].table, 0);
	assert_int_equal(c->sids[16].behavior, SRV6GW_B_END_B6_ENCAPS);
	assert_int_equal(c->sids[16].policy, 6);
	assert_int_equal(c->sids[17].behavior, SRV6GW_B_END_B6_ENCAPS_RED);
	assert_int_equal(c->sids[17].policy, 6);
}

static void
golden_policies(const struct srv6gw_config *c)
{
	const struct srv6gw_cfg_policy *p = c->policies;

	assert_int_equal(c->n_policies, 17);
	assert_string_equal(p[0].name, "to-laptop");
	assert_int_equal(p[0].mode, SRV6GW_ENCAPS);
	assert_int_equal(p[0].n_lists, 1);
	assert_int_equal(p[0].lists[0].n_segs, 2);
	assert_int_equal(p[0].lists[0].weight, 1);
	/* travel order: the first segment written is visited first */
	assert_ip(AF_INET6, p[0].lists[0].segs[0], "fc00:2::e");
	assert_ip(AF_INET6, p[0].lists[0].segs[1], "fc00:3::d4");
	assert_false(p[0].has_source);
	assert_int_equal(p[0].hop_limit, -1);
	assert_int_equal(p[1].mode, SRV6GW_ENCAPS_RED);
	assert_int_equal(p[1].lists[0].n_segs, 1);
	assert_string_equal(p[4].name, "three");
	assert_true(p[4].has_source);
	assert_ip(AF_INET6, p[4].source, "fc00:1::99");
	assert_int_equal(p[4].hop_limit, 32);
	assert_int_equal(p[4].lists[0].n_segs, 3);
	assert_ip(AF_INET6, p[4].lists[0].segs[2], "fc00:4::d6");
	assert_string_equal(p[5].name, "ecmp");
	assert_int_equal(p[5].n_lists, 2);
	assert_int_equal(p[5].lists[1].weight, 1);
	assert_ip(AF_INET6, p[5].lists[1].segs[0], "fc00:7::e");
	assert_string_equal(p[6].name, "bsid");

	assert_int_equal(c->n_steering, 18);
	assert_int_equal(c->steering[0].match.family, AF_INET);
	assert_int_equal(c->steering[0].match.len, 24);
	assert_ip(AF_INET, c->steering[0].match.a, "203.0.113.0");
	assert_int_equal(c->steering[0].policy, 0);
	assert_int_equal(c->steering[0].port, -1);
	assert_int_equal(c->steering[3].match.family, AF_INET6);
	assert_int_equal(c->steering[3].policy, 3);
	assert_int_equal(c->steering[6].policy, 4);
	assert_int_equal(c->steering[6].port, 1);
}

static void
test_golden(void **state)
{
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *c;

	(void)state;
	c = srv6gw_config_load("conf/test/golden.conf", &errs);
	if (c == NULL)
		dump_errors(&errs);
	assert_non_null(c);
	assert_string_equal(c->file, "conf/test/golden.conf");
	golden_ports(c);
	golden_neighbors_routes(c);
	golden_sids(c);
	golden_policies(c);
	srv6gw_config_free(c);
}

static void
test_defaults(void **state)
{
	struct srv6gw_config *c;

	(void)state;
	c = load_ok("version = 1;\n"
		"ports = ( { name = \"p0\"; device = \"net_null0\"; } );\n"
		"srv6 = { locators = ( { name = \"l\"; prefix = \"fc00::/16\"; } );\n"
		"  sids = ( { sid = \"fc00::1\"; behavior = \"End\"; } );\n"
		"  policies = ( { name = \"p\"; mode = \"encaps\"; source = \"fc00::9\";\n"
		"    segment_lists = ( { segments = [\"fc00:2::1\"]; } ); } );\n"
		"  steering = ( { match = \"::/0\"; policy = \"p\"; } ); };\n");
	assert_int_equal(c->ports[0].mtu, 1500);
	assert_false(c->ports[0].has_mac);
	assert_int_equal(c->ports[0].n_ipv4 + c->ports[0].n_ipv6, 0);
	assert_int_equal(c->n_tables, 1);
	assert_int_equal(c->tables[0], 0);
	assert_int_equal(c->icmp.rate, 100);
	assert_int_equal(c->icmp.burst, 10);
	assert_int_equal(c->nud.reachable_ms, 30000);  /* RFC 4861 §10 REACHABLE_TIME */
	assert_int_equal(c->nud.probes, 3);             /* MAX_UNICAST_SOLICIT */
	assert_false(c->has_source);
	assert_int_equal(c->hop_limit, 64);
	assert_int_equal(c->policies[0].hop_limit, -1);
	assert_int_equal(c->policies[0].lists[0].weight, 1);
	assert_int_equal(c->policies[0].lists[0].line, 6);
	assert_int_equal(c->steering[0].port, -1);
	assert_int_equal(c->n_neighbors + c->n_routes, 0);
	srv6gw_config_free(c);
}

static void
test_tables_sorted(void **state)
{
	struct srv6gw_config *c;

	(void)state;
	c = load_ok("version = 1;\n"
		"ports = ( { name = \"p0\"; device = \"d0\"; ipv6 = [\"2001:db8::1/64\"]; } );\n"
		"routes = ( { prefix = \"::/0\"; port = \"p0\"; table = 300; },\n"
		"  { prefix = \"::/0\"; port = \"p0\"; table = 7; },\n"
		"  { prefix = \"::/0\"; port = \"p0\"; },\n"
		"  { prefix = \"fc00::/7\"; port = \"p0\"; table = 7; via = \"2001:db8::2\"; } );\n"
		"tables = [5, 300];\n");
	/* sorted, distinct, 0 included */
	assert_int_equal(c->n_tables, 4);
	assert_int_equal(c->tables[0], 0);
	assert_int_equal(c->tables[1], 5);
	assert_int_equal(c->tables[2], 7);
	assert_int_equal(c->tables[3], 300);
	srv6gw_config_free(c);
}

static void
test_behavior_names(void **state)
{
	(void)state;
	assert_string_equal(srv6gw_behavior_name(SRV6GW_B_END), "End");
	assert_string_equal(srv6gw_behavior_name(SRV6GW_B_END_X), "End.X");
	assert_string_equal(srv6gw_behavior_name(SRV6GW_B_END_DT46), "End.DT46");
	assert_string_equal(srv6gw_behavior_name(SRV6GW_B_END_B6_ENCAPS_RED), "End.B6.Encaps.Red");
	assert_string_equal(srv6gw_behavior_name(SRV6GW_B_COUNT), "?");
}

/* ---- one test per error class ------------------------------------------- */

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

/* A policy "p" (2 SIDs, encaps) for the SID and steering cases: line S + 1. */
#define POLICY "  policies = ( { name = \"p\"; mode = \"encaps\"; " \
	"segments = [\"fc00:2::1\", \"fc00:3::1\"]; } );\n"

/* A node r2 (algorithms 0 and 128) on one line: S + 1. */
#define NODES "  nodes = ( { name = \"r2\"; address = \"fc00:2::1\"; locators = ( " \
	"{ algorithm = 0; prefix = \"fc00:2::/48\"; }, " \
	"{ algorithm = 128; prefix = \"fc00:2:80::/48\"; } ); } );\n"

struct err_case {
	const char *name;
	const char *text;
	int line;
	const char *msg;
};

#define CASE(n, t, l, m) { #n, t, l, m }

static const struct err_case cases[] = {
	/* top level */
	CASE(version_wrong, "version = 2;\nports = ( { name = \"a\"; device = \"d\"; } );\n",
		1, "version 2 is not supported (expected 1)"),
	CASE(version_missing, "ports = ( { name = \"a\"; device = \"d\"; } );\n",
		0, "'version' is missing"),
	CASE(version_type, "version = \"1\";\nports = ( { name = \"a\"; device = \"d\"; } );\n",
		1, "'version' must be an integer"),
	CASE(unknown_top_key, BASE "rotues = ();\n", B + 1,
		"unknown setting 'rotues' (did you mean 'routes'?)"),
	CASE(unknown_top_key_no_hint, BASE "\n\nfrobnicate = 1;\n", B + 3,
		"unknown setting 'frobnicate'"),
	CASE(integer_overflow, BASE "icmp = {\n  rate = 4294967396;\n};\n", B + 2,
		"integer 4294967396 is out of range"),
	CASE(include_refused, BASE "@include \"/etc/hostname\"\n", B + 1,
		"@include and other directives are not supported"),
	CASE(string_not_closed, BASE "icmp = { rate = 5; };\nx = \"abc\n\n", B + 2,
		"string not closed (missing \")"),
	CASE(comment_not_closed, BASE "/* the end\n  of the file\n", B + 1,
		"comment not closed (missing */)"),
	CASE(entry_not_group, "version = 1;\nports = ( \"edge\" );\n", 2,
		"ports: entry 1 must be a group"),
	CASE(section_type, BASE "neighbors = \"none\";\n", B + 1,
		"'neighbors' must be a list of groups"),

	/* ports */
	CASE(ports_missing, "version = 1;\n", 0, "'ports' is missing"),
	CASE(ports_empty, "version = 1;\nports = ();\n", 2, "'ports' is empty"),
	CASE(port_name_missing, "version = 1;\nports = (\n  { device = \"d\"; }\n);\n", 3,
		"port: 'name' is missing"),
	CASE(port_name_invalid, "version = 1;\nports = (\n  { name = \"edge 1\"; device = \"d\"; }"
		"\n);\n", 3, "port name 'edge 1' is invalid"),
	CASE(port_name_duplicate, "version = 1;\nports = (\n  { name = \"a\"; device = \"d0\"; },\n"
		"  { name = \"a\"; device = \"d1\"; }\n);\n", 4,
		"port name 'a' is already used at line 3"),
	CASE(port_device_missing, "version = 1;\nports = (\n  { name = \"a\"; }\n);\n", 3,
		"port 'a': 'device' is missing"),
	CASE(port_device_duplicate, "version = 1;\nports = (\n"
		"  { name = \"a\"; device = \"d\"; },\n"
		"  { name = \"b\";\n    device = \"d\"; }\n);\n", 5,
		"port 'b': device 'd' is already used by port 'a' (line 3)"),
	CASE(port_unknown_key, "version = 1;\nports = (\n  { name = \"a\"; device = \"d\";\n"
		"    devcie = \"x\"; }\n);\n", 4,
		"port 'a': unknown setting 'devcie' (did you mean 'device'?)"),
	CASE(port_bad_mac, "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  mac = \"02:00:00:00:00\"; } );\n", 3,
		"port 'a': mac '02:00:00:00:00' is not a MAC address"),
	CASE(port_multicast_mac, "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  mac = \"01:00:5e:00:00:01\"; } );\n", 3, "mac 01:00:5e:00:00:01 is multicast"),
	CASE(port_v6_in_ipv4, "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  ipv4 = [\"2001:db8::1/64\"]; } );\n", 3,
		"port 'a': ipv4 '2001:db8::1/64' is not an IPv4 address"),
	CASE(port_v4_in_ipv6, "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  ipv6 = [\"192.0.2.1/24\"]; } );\n", 3,
		"port 'a': ipv6 '192.0.2.1/24' is not an IPv6 address"),
	CASE(port_addr_no_length, "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  ipv4 = [\"192.0.2.1\"]; } );\n", 3, "ipv4 '192.0.2.1': missing /length"),
	CASE(port_addr_bad_length, "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  ipv4 = [\"192.0.2.1/33\"]; } );\n", 3, "ipv4 '192.0.2.1/33': bad prefix length"),
	CASE(port_addr_garbage, "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  ipv6 = [\"2001:db8::g/64\"]; } );\n", 3,
		"ipv6 '2001:db8::g/64': not an IPv4 or IPv6 address"),
	CASE(port_addr_multicast, "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  ipv6 = [\"ff02::1/64\"]; } );\n", 3, "ipv6 ff02::1/64 is multicast"),
	CASE(port_addr_loopback, "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  ipv4 = [\"127.0.0.1/8\"]; } );\n", 3, "ipv4 127.0.0.1/8 is loopback"),
	CASE(port_addr_duplicate, "version = 1;\nports = (\n"
		"  { name = \"a\"; device = \"d0\"; ipv6 = [\"fc00::1/64\"]; },\n"
		"  { name = \"b\"; device = \"d1\";\n    ipv6 = [\"fc00::1/64\"]; }\n);\n", 5,
		"port 'b': ipv6 fc00::1/64: the address is already assigned to port 'a' (line 3)"),
	CASE(port_too_many_addrs, "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  ipv4 = [\"10.0.0.1/8\", \"10.0.0.2/8\", \"10.0.0.3/8\", \"10.0.0.4/8\", "
		"\"10.0.0.5/8\", \"10.0.0.6/8\", \"10.0.0.7/8\", \"10.0.0.8/8\", \"10.0.0.9/8\"];"
		" } );\n", 3, "port 'a': ipv4 has 9 addresses, at most 8 allowed"),
	CASE(port_mtu_low, "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  mtu = 1279; } );\n", 3, "port 'a': mtu 1279 is out of range 1280..9600"),
	CASE(port_mtu_high, "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  mtu = 9601; } );\n", 3, "port 'a': mtu 9601 is out of range 1280..9600"),
	CASE(port_mtu_type, "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  mtu = 1500.0; } );\n", 3, "port 'a': 'mtu' must be an integer"),

	/* neighbours */
	CASE(neigh_unknown_port, BASE "neighbors = (\n"
		"  { port = \"edg\"; address = \"192.0.2.2\"; mac = \"02:00:00:00:00:02\"; } );\n",
		B + 2, "neighbor: unknown port 'edg'"),
	CASE(neigh_bad_mac, BASE "neighbors = (\n"
		"  { port = \"edge\"; address = \"192.0.2.2\"; mac = \"02:00:00:00:00:0g\"; } );\n",
		B + 2, "neighbor: mac '02:00:00:00:00:0g' is not a MAC address"),
	CASE(neigh_bad_address, BASE "neighbors = (\n"
		"  { port = \"edge\"; address = \"192.0.2.256\";\n"
		"    mac = \"02:00:00:00:00:02\"; } );\n",
		B + 2, "neighbor: address '192.0.2.256' is not an IPv4 or IPv6 address"),
	CASE(neigh_multicast, BASE "neighbors = (\n"
		"  { port = \"edge\"; address = \"ff02::1\"; mac = \"02:00:00:00:00:02\"; } );\n",
		B + 2, "neighbor: address ff02::1 is multicast"),
	CASE(neigh_missing_mac, BASE "neighbors = (\n"
		"  { port = \"edge\"; address = \"192.0.2.2\"; } );\n",
		B + 2, "neighbor: 'mac' is missing"),
	CASE(neigh_duplicate, BASE "neighbors = (\n"
		"  { port = \"edge\"; address = \"192.0.2.2\"; mac = \"02:00:00:00:00:02\"; },\n"
		"  { port = \"core\"; address = \"192.0.2.2\"; mac = \"02:00:00:00:00:03\"; },\n"
		"  { port = \"edge\"; address = \"192.0.2.2\"; mac = \"02:00:00:00:00:04\"; } );\n",
		B + 4, "neighbor 192.0.2.2 on port 'edge' is already defined at line 8"),
	CASE(neigh_unknown_key, BASE "neighbors = (\n"
		"  { port = \"edge\"; address = \"192.0.2.2\"; mac = \"02:00:00:00:00:02\";\n"
		"    ttl = 5; } );\n", B + 3, "neighbor: unknown setting 'ttl'"),

	/* routes */
	CASE(route_unknown_port, BASE "routes = (\n"
		"  { prefix = \"10.0.0.0/8\"; via = \"192.0.2.9\"; port = \"wan\"; } );\n",
		B + 2, "route 10.0.0.0/8: unknown port 'wan'"),
	CASE(route_missing_port, BASE "routes = (\n"
		"  { prefix = \"10.0.0.0/8\"; via = \"192.0.2.9\"; } );\n",
		B + 2, "route 10.0.0.0/8: 'port' is missing"),
	CASE(route_bad_prefix, BASE "routes = (\n"
		"  { prefix = \"10.0.0/8\"; port = \"edge\"; } );\n",
		B + 2, "route: prefix '10.0.0/8': not an IPv4 or IPv6 address"),
	CASE(route_prefix_no_length, BASE "routes = (\n"
		"  { prefix = \"fc00::\"; port = \"core\"; } );\n",
		B + 2, "route: prefix 'fc00::': missing /length"),
	CASE(route_host_bits, BASE "routes = (\n"
		"  { prefix = \"10.1.2.3/8\"; port = \"edge\"; } );\n",
		B + 2, "prefix '10.1.2.3/8' has host bits set (did you mean 10.0.0.0/8?)"),
	CASE(route_via_family, BASE "routes = (\n"
		"  { prefix = \"fc00::/16\";\n    via = \"192.0.2.9\"; port = \"core\"; } );\n",
		B + 3, "route fc00::/16: via '192.0.2.9' must be an IPv6 address"),
	CASE(route_via_multicast, BASE "routes = (\n"
		"  { prefix = \"fc00::/16\"; via = \"ff02::2\"; port = \"core\"; } );\n",
		B + 2, "route fc00::/16: via ff02::2 is multicast"),
	CASE(route_duplicate, BASE "routes = (\n"
		"  { prefix = \"fc00::/16\"; port = \"core\"; table = 4; },\n"
		"  { prefix = \"fc00::/16\"; port = \"core\"; },\n"
		"  { prefix = \"fc00::/16\"; port = \"edge\"; table = 4; } );\n",
		B + 4, "route fc00::/16 in table 4 is already defined at line 8"),
	CASE(route_table_range, BASE "routes = (\n"
		"  { prefix = \"fc00::/16\"; port = \"core\";\n    table = 65536; } );\n",
		B + 3, "route fc00::/16: table 65536 is out of range 0..65535"),

	/* tables */
	CASE(tables_duplicate, BASE "tables = [7, 8,\n  7];\n", B + 2,
		"tables: table 7 is listed twice"),
	CASE(tables_range, BASE "tables = [-1];\n", B + 1,
		"tables: table -1 is out of range 0..65535"),
	CASE(tables_type, BASE "tables = [\"ten\"];\n", B + 1,
		"'tables' must be a list of integers"),

	/* icmp */
	CASE(icmp_rate_zero, BASE "icmp = {\n  rate = 0;\n  burst = 10;\n};\n", B + 2,
		"icmp: rate 0 is out of range 1..10000000"),
	CASE(icmp_burst_zero, BASE "icmp = {\n  rate = 10;\n  burst = 0;\n};\n", B + 3,
		"icmp: burst 0 is out of range 1..10000000"),
	CASE(icmp_unknown_key, BASE "icmp = {\n  ratelimit = 10;\n};\n", B + 2,
		"icmp: unknown setting 'ratelimit'"),

	/* neighbor_timers */
	CASE(nud_reachable_short, BASE "neighbor_timers = {\n  reachable_ms = 500;\n};\n", B + 2,
		"neighbor_timers: reachable_ms 500 is out of range 1000..3600000"),
	CASE(nud_probes_zero, BASE "neighbor_timers = {\n  probes = 0;\n};\n", B + 2,
		"neighbor_timers: probes 0 is out of range 1..30"),
	CASE(nud_unknown_key, BASE "neighbor_timers = {\n  base_reachable = 1;\n};\n", B + 2,
		"neighbor_timers: unknown setting 'base_reachable'"),
	CASE(nud_not_group, BASE "neighbor_timers = 5;\n", B + 1,
		"'neighbor_timers' must be a group"),

	/* srv6 globals */
	CASE(srv6_source_required, BASE "srv6 = {\n"
		"  locators = ( { name = \"main\"; prefix = \"fc00:1::/48\"; } );\n"
		"  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\"; segments = [\"fc00:2::1\"]; } );\n" END,
		B + 4, "policy 'p' has no 'source' and srv6.source is not set"),
	CASE(srv6_source_v4, BASE "srv6 = {\n  source = \"192.0.2.1\";\n" END, B + 2,
		"srv6: source '192.0.2.1' must be an IPv6 address"),
	CASE(srv6_source_linklocal, BASE "srv6 = {\n  source = \"fe80::1\";\n" END, B + 2,
		"srv6: source fe80::1 is link-local"),
	CASE(srv6_hop_limit_zero, BASE "srv6 = {\n  hop_limit = 0;\n" END, B + 2,
		"srv6: hop_limit 0 is out of range 1..255"),
	CASE(srv6_hop_limit_high, BASE "srv6 = {\n  hop_limit = 256;\n" END, B + 2,
		"srv6: hop_limit 256 is out of range 1..255"),
	CASE(srv6_unknown_key, SRV6 "  sid = ();\n" END, S + 1,
		"srv6: unknown setting 'sid' (did you mean 'sids'?)"),

	/* locators */
	CASE(locator_duplicate_name, BASE "srv6 = {\n  locators = (\n"
		"    { name = \"a\"; prefix = \"fc00:1::/48\"; },\n"
		"    { name = \"a\"; prefix = \"fc00:2::/48\"; } );\n" END, B + 4,
		"locator name 'a' is already used at line 9"),
	CASE(locator_overlap, BASE "srv6 = {\n  locators = (\n"
		"    { name = \"a\"; prefix = \"fc00::/16\"; },\n"
		"    { name = \"b\"; prefix = \"fc00:1::/48\"; } );\n" END, B + 4,
		"locator 'b' (fc00:1::/48) overlaps locator 'a' (fc00::/16, line 9)"),
	CASE(locator_same_prefix, BASE "srv6 = {\n  locators = (\n"
		"    { name = \"a\"; prefix = \"fc00:1::/48\"; },\n"
		"    { name = \"b\"; prefix = \"fc00:1::/48\"; } );\n" END, B + 4,
		"locator 'b' (fc00:1::/48) overlaps locator 'a' (fc00:1::/48, line 9)"),
	CASE(locator_ipv4, BASE "srv6 = {\n  locators = (\n"
		"    { name = \"a\"; prefix = \"10.0.0.0/8\"; } );\n" END, B + 3,
		"locator 'a': prefix 10.0.0.0/8 must be IPv6"),
	CASE(locator_host_bits, BASE "srv6 = {\n  locators = (\n"
		"    { name = \"a\"; prefix = \"fc00:1::1/48\"; } );\n" END, B + 3,
		"locator 'a': prefix 'fc00:1::1/48' has host bits set (did you mean fc00:1::/48?)"),
	CASE(locator_multicast, BASE "srv6 = {\n  locators = (\n"
		"    { name = \"a\"; prefix = \"::/0\"; } );\n" END, B + 3,
		"locator 'a': prefix ::/0 overlaps ff00::/8 (multicast)"),
	CASE(locator_name_missing, BASE "srv6 = {\n  locators = (\n"
		"    { prefix = \"fc00::/16\"; } );\n" END, B + 3, "locator: 'name' is missing"),

	/* SIDs */
	CASE(sid_duplicate, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End\"; },\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.DT6\"; table = 0; } );\n" END, S + 3,
		"SID fc00:1::e is already defined at line 11"),
	CASE(sid_not_in_locator, SRV6 "  sids = (\n"
		"    { sid = \"fc00:2::e\"; behavior = \"End\"; } );\n" END, S + 2,
		"SID fc00:2::e is not inside any locator"),
	CASE(sid_is_interface_address, BASE "srv6 = {\n"
		"  locators = ( { name = \"c\"; prefix = \"fc00:c::/64\"; } );\n"
		"  sids = ( { sid = \"fc00:c::1\"; behavior = \"End\"; } );\n" END, B + 3,
		"SID fc00:c::1 is an address of port 'core'"),
	CASE(sid_multicast, SRV6 "  sids = (\n"
		"    { sid = \"ff0e::1\"; behavior = \"End\"; } );\n" END, S + 2,
		"SID ff0e::1 is multicast"),
	CASE(sid_unspecified, SRV6 "  sids = (\n"
		"    { sid = \"::\"; behavior = \"End\"; } );\n" END, S + 2,
		"SID :: is the unspecified address"),
	CASE(sid_loopback, SRV6 "  sids = (\n"
		"    { sid = \"::1\"; behavior = \"End\"; } );\n" END, S + 2,
		"SID ::1 is the loopback address"),
	CASE(sid_link_local, SRV6 "  sids = (\n"
		"    { sid = \"fe80::1\"; behavior = \"End\"; } );\n" END, S + 2,
		"SID fe80::1 is link-local"),
	CASE(sid_ipv4, SRV6 "  sids = (\n"
		"    { sid = \"192.0.2.7\"; behavior = \"End\"; } );\n" END, S + 2,
		"SID '192.0.2.7' is not an IPv6 address"),
	CASE(sid_unknown_behavior, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\";\n      behavior = \"End.Y\"; } );\n" END, S + 3,
		"SID fc00:1::e: unknown behavior 'End.Y' (expected End, End.X, End.T"),
	CASE(sid_behavior_case, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"end.dt6\"; table = 0; } );\n" END, S + 2,
		"unknown behavior 'end.dt6' (did you mean 'End.DT6'?)"),
	CASE(sid_behavior_missing, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; } );\n" END, S + 2,
		"SID fc00:1::e: 'behavior' is missing"),
	CASE(sid_unknown_flavor, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End\";\n"
		"      flavors = [\"psp\", \"xsp\"]; } );\n"
		END, S + 3, "SID fc00:1::e: unknown flavor 'xsp' (expected psp, usp, usd, "
		"next-csid or replace-csid)"),
	CASE(sid_flavor_twice, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End\";\n"
		"      flavors = [\"usd\", \"usd\"]; } );\n"
		END, S + 3, "SID fc00:1::e: flavor 'usd' is listed twice"),
	CASE(sid_flavor_on_decap, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.DT6\"; table = 0;\n"
		"      flavors = [\"psp\"]; } );\n" END, S + 3,
		"SID fc00:1::e: flavor 'psp' is not allowed with End.DT6 "
		"(only with End, End.X and End.T)"),
	CASE(sid_endx_no_nexthop, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.X\"; port = \"core\"; } );\n"
		END, S + 2,
		"SID fc00:1::e: End.X needs 'nexthop'"),
	CASE(sid_endx_no_port, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.X\"; nexthop = \"fc00:c::2\"; } );\n"
		END,
		S + 2, "SID fc00:1::e: End.X needs 'port'"),
	CASE(sid_endx_v4_nexthop, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.X\"; port = \"core\";\n"
		"      nexthop = \"192.0.2.9\"; } );\n" END,
		S + 3, "SID fc00:1::e: End.X nexthop must be IPv6, got 192.0.2.9"),
	CASE(sid_endx_unknown_port, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.X\"; nexthop = \"fc00:c::2\";\n"
		"      port = \"cor\"; } );\n" END,
		S + 3, "SID fc00:1::e: unknown port 'cor'"),
	CASE(sid_dx4_v6_nexthop, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.DX4\"; port = \"edge\";\n"
		"      nexthop = \"2001:db8:e::9\"; } );\n" END,
		S + 3, "SID fc00:1::e: End.DX4 nexthop must be IPv4, got 2001:db8:e::9"),
	CASE(sid_dx6_v4_nexthop, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.DX6\"; port = \"edge\";\n"
		"      nexthop = \"192.0.2.9\"; } );\n" END,
		S + 3, "SID fc00:1::e: End.DX6 nexthop must be IPv6, got 192.0.2.9"),
	CASE(sid_dx6_no_port, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.DX6\";\n"
		"      nexthop = \"2001:db8:e::9\"; } );\n"
		END, S + 2, "SID fc00:1::e: End.DX6 needs 'port'"),
	CASE(sid_endt_no_table, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.T\"; } );\n" END, S + 2,
		"SID fc00:1::e: End.T needs 'table'"),
	CASE(sid_endt_unknown_table, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.T\";\n"
		"      table = 10; } );\n" END, S + 3,
		"SID fc00:1::e: table 10 does not exist"),
	CASE(sid_dt4_unknown_table, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.DT4\";\n"
		"      table = 20; } );\n" END, S + 3,
		"SID fc00:1::e: table 20 does not exist (no route uses it and 'tables' does not "
		"list it)"),
	CASE(sid_dt46_table_range, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.DT46\";\n"
		"      table = 100000; } );\n" END,
		S + 3, "SID fc00:1::e: table 100000 is out of range 0..65535"),
	CASE(sid_end_with_table, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End\";\n"
		"      table = 0; } );\n" END, S + 3,
		"SID fc00:1::e: 'table' is not allowed with End"),
	CASE(sid_dt6_with_nexthop, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.DT6\"; table = 0;\n"
		"      nexthop = \"fc00:c::2\"; } );\n" END, S + 3,
		"SID fc00:1::e: 'nexthop' is not allowed with End.DT6"),
	CASE(sid_endx_with_policy, SRV6 POLICY "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End.X\"; nexthop = \"fc00:c::2\";"
		" port = \"core\";\n"
		"      policy = \"p\"; } );\n" END, S + 4,
		"SID fc00:1::e: 'policy' is not allowed with End.X"),
	CASE(sid_b6_no_policy, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::b6\"; behavior = \"End.B6.Encaps\"; } );\n" END, S + 2,
		"SID fc00:1::b6: End.B6.Encaps needs 'policy'"),
	CASE(sid_b6_unknown_policy, SRV6 POLICY "  sids = (\n"
		"    { sid = \"fc00:1::b6\"; behavior = \"End.B6.Encaps.Red\";\n"
		"      policy = \"q\"; } );\n" END, S + 4,
		"SID fc00:1::b6: unknown policy 'q'"),
	CASE(sid_b6_headroom, SRV6 "  policies = ( { name = \"six\"; mode = \"encaps.red\";\n"
		"    segments = [\"fc00:2::1\", \"fc00:2::2\", \"fc00:2::3\", \"fc00:2::4\", "
		"\"fc00:2::5\", \"fc00:2::6\"]; } );\n"
		"  sids = ( { sid = \"fc00:1::b6\"; behavior = \"End.B6.Encaps\";\n"
		"             policy = \"six\"; } );\n" END, S + 4,
		"SID fc00:1::b6: End.B6.Encaps with policy 'six': segment list of 6 SIDs needs 144 "
		"bytes of headroom, at most 128 available (5 SIDs with encaps, 6 with encaps.red, "
		"more when they compress)"),
	CASE(sid_unknown_key, SRV6 "  sids = (\n"
		"    { sid = \"fc00:1::e\"; behavior = \"End\"; flavours = [\"psp\"]; } );\n" END,
		S + 2, "SID fc00:1::e: unknown setting 'flavours' (did you mean 'flavors'?)"),

	/* policies */
	CASE(policy_duplicate, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\"; segments = [\"fc00:2::1\"]; },\n"
		"    { name = \"p\"; mode = \"encaps\"; segments = [\"fc00:2::2\"]; } );\n"
		END, S + 3,
		"policy 'p' is already defined at line 11"),
	CASE(policy_unknown_mode, SRV6 "  policies = (\n"
		"    { name = \"p\"; segments = [\"fc00:2::1\"];\n"
		"      mode = \"encap\"; } );\n" END,
		S + 3, "policy 'p': unknown mode 'encap' (expected encaps or encaps.red)"),
	CASE(policy_mode_missing, SRV6 "  policies = (\n"
		"    { name = \"p\"; segments = [\"fc00:2::1\"]; } );\n" END,
		S + 2, "policy 'p': 'mode' is missing"),
	CASE(policy_no_segments, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\";\n      segments = []; } );\n" END,
		S + 3, "policy 'p': a segment list needs 1 to 16 segments, got 0"),
	CASE(policy_17_segments, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps.red\";\n"
		"      segments = [\"fc00::1\", \"fc00::2\", "
		"\"fc00::3\", \"fc00::4\", \"fc00::5\", \"fc00::6\", \"fc00::7\", \"fc00::8\", "
		"\"fc00::9\", \"fc00::a\", \"fc00::b\", \"fc00::c\", \"fc00::d\", \"fc00::e\", "
		"\"fc00::f\", \"fc00::10\", \"fc00::11\"]; } );\n" END,
		S + 3, "policy 'p': a segment list needs 1 to 16 segments, got 17"),
	CASE(policy_bad_segment, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\";\n"
		"      segments = [\"fc00:2::1\", \"fc00:2:::2\"];"
		" } );\n" END, S + 3, "policy 'p': segment 'fc00:2:::2' is not an IPv6 address"),
	CASE(policy_v4_segment, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\";\n"
		"      segments = [\"192.0.2.1\"]; } );\n" END,
		S + 3, "policy 'p': segment '192.0.2.1' is not an IPv6 address"),
	CASE(policy_multicast_segment, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\";\n"
		"      segments = [\"ff05::2\"]; } );\n" END,
		S + 3, "policy 'p': segment 'ff05::2' is multicast"),
	CASE(policy_both_paths, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\"; segments = [\"fc00:2::1\"];\n"
		"      segment_lists = ( { segments = [\"fc00:2::1\"]; } ); } );\n" END,
		S + 3, "policy 'p': 'segments' and 'segment_lists' are mutually exclusive"),
	CASE(policy_no_path, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\"; } );\n" END,
		S + 2, "policy 'p': one of 'segments', 'segment_lists' or 'candidate_paths' is required"),
	CASE(policy_weight_zero, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\"; segment_lists = (\n"
		"      { weight = 1; segments = [\"fc00:2::1\"]; },\n"
		"      { weight = 0; segments = [\"fc00:2::2\"]; } ); } );\n" END,
		S + 4, "policy 'p' segment list 2: weight 0 is out of range 1..1000"),
	CASE(policy_weight_high, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\"; segment_lists = (\n"
		"      { weight = 1001; segments = [\"fc00:2::1\"]; } ); } );\n" END,
		S + 3, "policy 'p' segment list 1: weight 1001 is out of range 1..1000"),
	CASE(policy_9_lists, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\";\n      segment_lists = ("
		"{ segments = [\"fc00::1\"]; }, { segments = [\"fc00::2\"]; }, "
		"{ segments = [\"fc00::3\"]; }, { segments = [\"fc00::4\"]; }, "
		"{ segments = [\"fc00::5\"]; }, { segments = [\"fc00::6\"]; }, "
		"{ segments = [\"fc00::7\"]; }, { segments = [\"fc00::8\"]; }, "
		"{ segments = [\"fc00::9\"]; }); } );\n" END,
		S + 3, "policy 'p': needs 1 to 8 segment lists, got 9"),
	CASE(policy_empty_lists, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\";\n      segment_lists = (); } );\n" END,
		S + 3, "policy 'p': needs 1 to 8 segment lists, got 0"),
	CASE(policy_headroom_encaps, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\";\n"
		"      segments = [\"fc00:2::1\", \"fc00:2::2\", "
		"\"fc00:2::3\", \"fc00:2::4\", \"fc00:2::5\", \"fc00:2::6\"]; } );\n" END, S + 3,
		"policy 'p': segment list of 6 SIDs needs 144 bytes of headroom, at most 128 "
		"available (5 SIDs with encaps, 6 with encaps.red, more when they compress)"),
	CASE(policy_headroom_red, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps.red\"; segment_lists = (\n"
		"      { segments = [\"fc00:2::1\"]; },\n"
		"      { segments = [\"fc00:2::1\", \"fc00:2::2\", "
		"\"fc00:2::3\", \"fc00:2::4\", \"fc00:2::5\", \"fc00:2::6\", \"fc00:2::7\"]; }"
		" ); } );\n" END, S + 4,
		"policy 'p' segment list 2: segment list of 7 SIDs needs 144 bytes of headroom"),
	CASE(policy_hop_limit, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\"; segments = [\"fc00:2::1\"];\n"
		"      hop_limit = 0; } );\n" END, S + 3,
		"policy 'p': hop_limit 0 is out of range 1..255"),
	CASE(policy_bad_source, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\"; segments = [\"fc00:2::1\"];\n"
		"      source = \"::1\"; } );\n" END, S + 3,
		"policy 'p': source ::1 is the loopback address"),
	CASE(policy_name_invalid, SRV6 "  policies = (\n"
		"    { name = \"\"; mode = \"encaps\"; segments = [\"fc00:2::1\"]; } );\n"
		END, S + 2,
		"policy name '' is invalid"),
	CASE(policy_unknown_key, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\"; segments = [\"fc00:2::1\"];\n"
		"      hoplimit = 5; } );\n" END, S + 3,
		"policy 'p': unknown setting 'hoplimit' (did you mean 'hop_limit'?)"),
	CASE(seglist_unknown_key, SRV6 "  policies = (\n"
		"    { name = \"p\"; mode = \"encaps\"; segment_lists = (\n"
		"      { weigth = 2; segments = [\"fc00:2::1\"]; } ); } );\n" END, S + 3,
		"policy 'p' segment list 1: unknown setting 'weigth' (did you mean 'weight'?)"),

	/* steering */
	CASE(steer_bad_prefix, SRV6 POLICY "  steering = (\n"
		"    { match = \"203.0.113.0\"; policy = \"p\"; } );\n" END, S + 3,
		"steering: match '203.0.113.0': missing /length"),
	CASE(steer_host_bits, SRV6 POLICY "  steering = (\n"
		"    { match = \"2001:db8:aa::1/48\"; policy = \"p\"; } );\n" END, S + 3,
		"steering: match '2001:db8:aa::1/48' has host bits set "
		"(did you mean 2001:db8:aa::/48?)"),
	CASE(steer_unknown_policy, SRV6 POLICY "  steering = (\n"
		"    { match = \"203.0.113.0/24\";\n      policy = \"P\"; } );\n" END, S + 4,
		"steering 203.0.113.0/24: unknown policy 'P'"),
	CASE(steer_missing_policy, SRV6 POLICY "  steering = (\n"
		"    { match = \"203.0.113.0/24\"; } );\n" END, S + 3,
		"steering 203.0.113.0/24: 'policy' is missing"),
	CASE(steer_unknown_port, SRV6 POLICY "  steering = (\n"
		"    { match = \"203.0.113.0/24\"; policy = \"p\";\n"
		"      port = \"lan\"; } );\n" END, S + 4,
		"steering 203.0.113.0/24: unknown port 'lan'"),
	CASE(steer_duplicate_port, SRV6 POLICY "  steering = (\n"
		"    { match = \"203.0.113.0/24\"; policy = \"p\"; port = \"edge\"; },\n"
		"    { match = \"203.0.113.0/24\"; policy = \"p\"; },\n"
		"    { match = \"203.0.113.0/24\"; policy = \"p\"; port = \"edge\"; } );\n"
		END, S + 5,
		"steering 203.0.113.0/24 on port 'edge' is already defined at line 12"),
	CASE(steer_duplicate_any, SRV6 POLICY "  steering = (\n"
		"    { match = \"2001:db8::/32\"; policy = \"p\"; },\n"
		"    { match = \"2001:db8::/32\"; policy = \"p\"; } );\n" END, S + 4,
		"steering 2001:db8::/32 without a port is already defined at line 12"),
	CASE(steer_unknown_key, SRV6 POLICY "  steering = (\n"
		"    { match = \"2001:db8::/32\"; policy = \"p\"; iport = \"edge\"; } );\n"
		END, S + 3,
		"steering 2001:db8::/32: unknown setting 'iport'"),
	/* Flex-Algo nodes (RFC 9350) */
	CASE(node_algorithm_bad, SRV6 "  nodes = ( { name = \"r2\";\n"
		"    locators = ( { algorithm = 5; prefix = \"fc00:2::/48\"; } ); } );\n" END,
		S + 2, "node 'r2': algorithm 5 is not a Flex-Algo algorithm: use 0 or 128..255"),
	CASE(node_algorithm_twice, SRV6 "  nodes = ( { name = \"r2\"; locators = (\n"
		"    { algorithm = 128; prefix = \"fc00:2::/48\"; },\n"
		"    { algorithm = 128; prefix = \"fc00:3::/48\"; } ); } );\n" END,
		S + 3, "node 'r2': algorithm 128 already has a locator (line 11)"),
	CASE(node_overlaps_local, SRV6 "  nodes = ( { name = \"r2\";\n"
		"    locators = ( { prefix = \"fc00:1:0:5::/64\"; } ); } );\n" END, S + 2,
		"node 'r2': locator fc00:1:0:5::/64 overlaps local locator 'main' (fc00:1::/48, line 9)"),
	CASE(node_overlaps_node, SRV6 "  nodes = (\n"
		"    { name = \"r2\"; locators = ( { prefix = \"fc00:2::/48\"; } ); },\n"
		"    { name = \"r3\"; locators = ( { prefix = \"fc00:2:0:1::/64\"; } ); } );\n" END,
		S + 3, "node 'r3': locator fc00:2:0:1::/64 overlaps locator fc00:2::/48 of node 'r2' "
		"(line 11)"),
	CASE(node_name_twice, SRV6 "  nodes = (\n"
		"    { name = \"r2\"; locators = ( { prefix = \"fc00:2::/48\"; } ); },\n"
		"    { name = \"r2\"; locators = ( { prefix = \"fc00:3::/48\"; } ); } );\n" END,
		S + 3, "node name 'r2' is already used at line 11"),
	CASE(node_prefix_v4, SRV6 "  nodes = ( { name = \"r2\";\n"
		"    locators = ( { prefix = \"10.0.0.0/8\"; } ); } );\n" END, S + 2,
		"node 'r2': prefix 10.0.0.0/8 must be IPv6"),
	CASE(node_no_locators, SRV6 "  nodes = ( { name = \"r2\"; } );\n" END, S + 1,
		"node 'r2': 'locators' is missing"),
	CASE(segment_unknown_node, SRV6 NODES "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    segments = [\"@r9\"]; } );\n" END, S + 3,
		"policy 'p': segment '@r9': unknown node 'r9'"),
	CASE(segment_no_algo_locator, SRV6 NODES "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    algorithm = 129; segments = [\"@r2\"]; } );\n" END, S + 3,
		"policy 'p': segment '@r2': node 'r2' has no locator for algorithm 129"),
	CASE(segment_function_in_locator, SRV6 NODES "  policies = ( { name = \"p\";\n"
		"    mode = \"encaps\"; segments = [\"@r2::1:0:0:0:0:1\"]; } );\n" END, S + 3,
		"policy 'p': segment '@r2::1:0:0:0:0:1': the function ::1:0:0:0:0:1 sets bits of the "
		"locator fc00:2::/48 (use bits past /48 only)"),
	CASE(segment_function_garbage, SRV6 NODES "  policies = ( { name = \"p\";\n"
		"    mode = \"encaps\"; segments = [\"@r2:x\"]; } );\n" END, S + 3,
		"policy 'p': segment '@r2:x': the function part ':x' is not an IPv6 address"),
	CASE(endpoint_node_no_address, SRV6 "  nodes = ( { name = \"r2\"; locators = (\n"
		"    { prefix = \"fc00:2::/48\"; } ); } );\n  policies = ( { name = \"p\";\n"
		"    color = 1; endpoint = \"@r2\"; mode = \"encaps\"; } );\n" END, S + 4,
		"policy 'p': endpoint '@r2': node 'r2' has no 'address'"),

	/* RFC 9256 policies */
	CASE(policy_color_alone, SRV6 "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    color = 7; segments = [\"fc00:2::1\"]; } );\n" END, S + 1,
		"policy 'p': 'color' and 'endpoint' go together (RFC 9256 §2.1): 'endpoint' is "
		"missing"),
	CASE(policy_color_endpoint_twice, SRV6 "  policies = (\n"
		"    { name = \"p\"; color = 5; endpoint = \"fc00:3::1\"; mode = \"encaps\";"
		" segments = [\"fc00:2::1\"]; },\n"
		"    { color = 5; endpoint = \"fc00:3::1\"; mode = \"encaps\";"
		" segments = [\"fc00:2::2\"]; } );\n" END, S + 3,
		"policy '(5, fc00:3::1)': color 5 and endpoint fc00:3::1 are already used by policy "
		"'p' (line 11)"),
	CASE(policy_no_name_no_color, SRV6 "  policies = (\n"
		"    { mode = \"encaps\"; segments = [\"fc00:2::1\"]; } );\n" END, S + 2,
		"policy: 'name' is missing (or give 'color' and 'endpoint')"),
	CASE(policy_color_range, SRV6 "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    color = -1; endpoint = \"fc00:3::1\"; segments = [\"fc00:2::1\"]; } );\n" END,
		S + 2, "policy 'p': color -1 is out of range 0..4294967295"),
	CASE(policy_endpoint_multicast, SRV6 "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    color = 1; endpoint = \"ff02::1\"; segments = [\"fc00:2::1\"]; } );\n" END,
		S + 2, "policy 'p': endpoint ff02::1 is multicast"),
	CASE(cpath_preference_twice, SRV6 "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    candidate_paths = ( { preference = 100; segments = [\"fc00:2::1\"]; },\n"
		"      { segments = [\"fc00:2::2\"]; } ); } );\n" END, S + 3,
		"policy 'p' candidate path 100: preference 100 is already used by the candidate "
		"path at line 11"),
	CASE(cpath_and_segments, SRV6 "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    segments = [\"fc00:2::1\"];\n"
		"    candidate_paths = ( { segments = [\"fc00:2::1\"]; } ); } );\n" END, S + 3,
		"policy 'p': 'candidate_paths' excludes 'segments' and 'segment_lists'"),
	CASE(cpath_no_lists, SRV6 "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    candidate_paths = ( { preference = 7; name = \"x\"; } ); } );\n" END, S + 2,
		"policy 'p' candidate path 7: one of 'segments' or 'segment_lists' is required"),
	CASE(cpath_unknown_key, SRV6 "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    candidate_paths = ( { preferense = 7; segments = [\"fc00:2::1\"]; } ); } );\n"
		END, S + 2, "policy 'p' candidate path 100: unknown setting 'preferense' "
		"(did you mean 'preference'?)"),
	CASE(cpath_none, SRV6 "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    candidate_paths = (); } );\n" END, S + 2,
		"policy 'p': needs 1 to 8 candidate paths, got 0"),
	CASE(cpath_list_weight, SRV6 "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    candidate_paths = ( { preference = 9; segment_lists = (\n"
		"      { weight = 0; segments = [\"fc00:2::1\"]; } ); } ); } );\n" END, S + 3,
		"policy 'p' candidate path 9 segment list 1: weight 0 is out of range 1..1000"),
	CASE(policy_invalid_action, SRV6 "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    invalid = \"fallback\"; segments = [\"fc00:2::1\"]; } );\n" END, S + 2,
		"policy 'p': invalid 'fallback': expected drop or route"),
	CASE(bsid_behavior_bad, SRV6 "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    binding_sid = \"fc00:1::b8\"; binding_behavior = \"End.B6.Insert\";\n"
		"    segments = [\"fc00:2::1\"]; } );\n" END, S + 2,
		"policy 'p': binding_behavior 'End.B6.Insert': expected End.B6.Encaps or "
		"End.B6.Encaps.Red"),
	CASE(bsid_outside_locators, SRV6 "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    binding_sid = \"fc00:9::b8\"; segments = [\"fc00:2::1\"]; } );\n" END, S + 2,
		"SID fc00:9::b8 is not inside any locator"),
	CASE(bsid_twice, SRV6 "  sids = ( { sid = \"fc00:1::b8\"; behavior = \"End\"; } );\n"
		"  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    binding_sid = \"fc00:1::b8\"; segments = [\"fc00:2::1\"]; } );\n" END, S + 3,
		"SID fc00:1::b8 is already defined at line 10"),
	CASE(bsid_behavior_alone, SRV6 "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    binding_behavior = \"End.B6.Encaps\"; segments = [\"fc00:2::1\"]; } );\n" END,
		S + 2, "policy 'p': 'binding_behavior' needs 'binding_sid'"),
	CASE(bsid_headroom, SRV6 "  policies = ( { name = \"p\"; mode = \"encaps.red\";\n"
		"    binding_sid = \"fc00:1::b8\"; segments = [\"fc00:2::1\", \"fc00:2::2\", "
		"\"fc00:2::3\", \"fc00:2::4\", \"fc00:2::5\", \"fc00:2::6\"]; } );\n" END, S + 2,
		"policy 'p': binding SID as End.B6.Encaps: segment list of 6 SIDs needs 144 bytes"),

	/* routes per algorithm */
	CASE(route_algorithm_v4, BASE "routes = (\n  { prefix = \"10.0.0.0/8\"; port = \"edge\";\n"
		"    algorithm = 128; } );\n", B + 3,
		"route 10.0.0.0/8: algorithm 128: Flex-Algo routes must be IPv6"),
	CASE(route_algorithm_table, BASE "routes = (\n  { prefix = \"fc00::/16\"; port = \"core\";\n"
		"    table = 5; algorithm = 128; } );\n", B + 3,
		"route fc00::/16: algorithm 128: a Flex-Algo route cannot also have a table (5)"),
	CASE(route_algorithm_one, BASE "routes = (\n  { prefix = \"fc00::/16\"; port = \"core\";\n"
		"    algorithm = 1; } );\n", B + 3,
		"route fc00::/16: algorithm 1 is not a Flex-Algo algorithm"),
	CASE(route_algorithm_twice, BASE "routes = (\n"
		"  { prefix = \"fc00::/16\"; port = \"core\"; algorithm = 128; },\n"
		"  { prefix = \"fc00::/16\"; port = \"edge\"; },\n"
		"  { prefix = \"fc00::/16\"; port = \"edge\"; algorithm = 128; } );\n", B + 4,
		"route fc00::/16 for algorithm 128 is already defined at line 8"),

	/* steering by color (RFC 9256 §8.5) */
	CASE(steer_color_no_policy, SRV6 POLICY "  steering = (\n"
		"    { match = \"10.0.0.0/8\"; color = 7; endpoint = \"fc00:3::1\"; } );\n" END,
		S + 3, "steering 10.0.0.0/8: no policy with color 7 and endpoint fc00:3::1"),
	CASE(steer_color_and_policy, SRV6 POLICY "  steering = (\n"
		"    { match = \"10.0.0.0/8\"; policy = \"p\"; color = 7;\n"
		"      endpoint = \"fc00:3::1\"; } );\n" END, S + 3,
		"steering 10.0.0.0/8: 'policy' and 'color'/'endpoint' are mutually exclusive"),
	CASE(steer_endpoint_alone, SRV6 POLICY "  steering = (\n"
		"    { match = \"10.0.0.0/8\"; endpoint = \"fc00:3::1\"; } );\n" END,
		S + 3, "steering 10.0.0.0/8: 'color' and 'endpoint' go together"),
};

/* ---- RFC 9256 policies and RFC 9350 nodes ------------------------------- */

static void
test_policy_model(void **state)
{
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *c = srv6gw_config_load("conf/test/policy.conf", &errs);
	const struct srv6gw_cfg_policy *p;

	(void)state;
	if (c == NULL)
		dump_errors(&errs);
	assert_non_null(c);
	assert_int_equal(c->n_nodes, 1);
	assert_string_equal(c->nodes[0].name, "r2");
	assert_true(c->nodes[0].has_address);
	assert_int_equal(c->nodes[0].n_locators, 2);
	assert_int_equal(c->nodes[0].locators[1].algorithm, 128);
	assert_int_equal(c->routes[2].algorithm, 128);
	assert_int_equal(c->routes[1].algorithm, 0);
	/* fo: two candidate paths in order, a binding SID */
	p = &c->policies[0];
	assert_true(p->has_color);
	assert_int_equal(p->color, 10);
	assert_ip(AF_INET6, p->endpoint, "fc00:3::1");
	assert_int_equal(p->n_cps, 2);
	assert_int_equal(p->cps[0].preference, 200);
	assert_string_equal(p->cps[0].name, "primary");
	assert_int_equal(p->cps[1].first_list, 1);
	assert_int_equal(p->cps[1].n_lists, 1);
	assert_int_equal(p->n_lists, 2);
	assert_ip(AF_INET6, p->lists[1].segs[0], "fc00:9::e");
	assert_true(p->has_bsid);
	assert_int_equal(c->n_sids, 1);
	assert_true(c->sids[0].from_policy);
	assert_int_equal(c->sids[0].behavior, SRV6GW_B_END_B6_ENCAPS);
	assert_int_equal(c->sids[0].policy, 0);
	assert_int_equal(c->sids[0].line, 42);
	/* the short form is one candidate path of preference 100 */
	p = &c->policies[1];
	assert_int_equal(p->n_cps, 1);
	assert_int_equal(p->cps[0].preference, 100);
	assert_int_equal(p->cps[0].n_lists, 2);
	/* unnamed, algorithm 128: "@r2::d46" from r2's algorithm-128 locator */
	p = &c->policies[2];
	assert_string_equal(p->name, "");
	assert_string_equal(p->label, "(128, fc00:2::1)");
	assert_int_equal(p->algorithm, 128);
	assert_int_equal(p->cps[0].algorithm, 128);
	assert_ip(AF_INET6, p->lists[0].segs[0], "fc00:2:80::d46");
	/* endpoint "@r2" without segments: r2's uN in algorithm 0 */
	p = &c->policies[3];
	assert_ip(AF_INET6, p->endpoint, "fc00:2::1");
	assert_int_equal(p->lists[0].n_segs, 1);
	assert_ip(AF_INET6, p->lists[0].segs[0], "fc00:2::");
	assert_int_equal(c->policies[4].invalid, SRV6GW_INVALID_DROP);
	assert_int_equal(c->policies[5].invalid, SRV6GW_INVALID_ROUTE);
	/* steering by color + endpoint */
	assert_true(c->steering[2].by_color);
	assert_int_equal(c->steering[2].policy, 2);
	assert_int_equal(c->steering[3].policy, 3);
	assert_false(c->steering[0].by_color);
	srv6gw_config_free(c);
}

/* RFC 9256 §8.8.1: no (C, E) policy, a (C, ::) one takes the traffic. */
static void
test_steer_null_endpoint(void **state)
{
	struct srv6gw_config *c;

	(void)state;
	c = load_ok(SRV6 "  policies = (\n"
		"    { name = \"any\"; color = 7; endpoint = \"::\"; mode = \"encaps\";"
		" segments = [\"fc00:2::1\"]; },\n"
		"    { name = \"exact\"; color = 7; endpoint = \"fc00:3::1\"; mode = \"encaps\";"
		" segments = [\"fc00:2::2\"]; } );\n"
		"  steering = (\n"
		"    { match = \"10.1.0.0/16\"; color = 7; endpoint = \"fc00:3::1\"; },\n"
		"    { match = \"10.2.0.0/16\"; color = 7; endpoint = \"fc00:4::1\"; } );\n" END);
	assert_int_equal(c->steering[0].policy, 1);
	assert_int_equal(c->steering[1].policy, 0);
	srv6gw_config_free(c);
}

/* Every case is a complete file with exactly one mistake: exactly one error. */
static void
test_error_case(void **state)
{
	const struct err_case *c = *state;
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *cfg;

	cfg = srv6gw_config_load_string(c->text, "t.conf", &errs);
	if (cfg != NULL || errs.total != 1)
		dump_errors(&errs);
	srv6gw_config_free(cfg);
	assert_null(cfg);
	assert_int_equal(errs.total, 1);
	assert_error(&errs, c->line, c->msg);
}

/* ---- several errors, syntax, files ---------------------------------------- */

static void
test_three_errors(void **state)
{
	struct srv6gw_cfg_errors errs;

	(void)state;
	assert_null(srv6gw_config_load_string(SRV6
		"  hop_limit = 300;\n"                                        /* S + 1 */
		"  sids = (\n"                                                /* S + 2 */
		"    { sid = \"fc00:1::e\"; behavior = \"End\"; },\n"         /* S + 3 */
		"    { sid = \"fc00:9::e\"; behavior = \"End\"; },\n"         /* S + 4 */
		"    { sid = \"fc00:1::f\"; behavior = \"End.Q\"; } );\n"     /* S + 5 */
		END, "t.conf", &errs));
	assert_int_equal(errs.total, 3);
	assert_int_equal(errs.n, 3);
	/* in line order */
	assert_int_equal(errs.e[0].line, S + 1);
	assert_non_null(strstr(errs.e[0].text, "hop_limit 300"));
	assert_int_equal(errs.e[1].line, S + 4);
	assert_non_null(strstr(errs.e[1].text, "not inside any locator"));
	assert_int_equal(errs.e[2].line, S + 5);
	assert_non_null(strstr(errs.e[2].text, "unknown behavior 'End.Q'"));
}

static void
test_syntax_error(void **state)
{
	struct srv6gw_cfg_errors errs;

	(void)state;
	assert_null(srv6gw_config_load_string(BASE "routes = (\n"
		"  { prefix = \"fc00::/16\"; port = ; }\n);\n", "t.conf", &errs));
	assert_int_equal(errs.total, 1);
	assert_error(&errs, B + 2, "syntax error");
}

static void
test_duplicate_key_is_syntax(void **state)
{
	struct srv6gw_cfg_errors errs;

	(void)state;
	assert_null(srv6gw_config_load_string(BASE "icmp = { rate = 5;\n  rate = 6; };\n",
		"t.conf", &errs));
	assert_int_equal(errs.total, 1);
	assert_error(&errs, B + 2, "duplicate setting name");
}

static void
test_print_format(void **state)
{
	struct srv6gw_cfg_errors errs;
	char *out = NULL;
	size_t size = 0;
	FILE *f;

	(void)state;
	assert_null(srv6gw_config_load_string("ports = (\n  { name = \"a\"; device = \"d\";"
		" mtu = 1; } );\n", "x.conf", &errs));
	f = open_memstream(&out, &size);
	assert_non_null(f);
	srv6gw_cfg_errors_print(&errs, f);
	fclose(f);
	assert_string_equal(out, "x.conf: 'version' is missing (write 'version = 1;')\n"
		"x.conf:2: port 'a': mtu 1 is out of range 1280..9600\n");
	free(out);
}

static void
test_error_cap(void **state)
{
	struct srv6gw_cfg_errors errs;
	size_t size = 64 * 100 + 512, off;
	char *text = malloc(size), *out = NULL;
	FILE *f;
	int i;

	(void)state;
	assert_non_null(text);
	off = (size_t)snprintf(text, size, "%s", BASE "neighbors = (\n");
	for (i = 0; i < 70; i++)
		off += (size_t)snprintf(text + off, size - off, "%s{ port = \"x%d\"; "
			"address = \"192.0.2.9\"; mac = \"02:00:00:00:00:09\"; }\n", i ? "," : ""
			, i);
	snprintf(text + off, size - off, ");\n");
	assert_null(srv6gw_config_load_string(text, "t.conf", &errs));
	free(text);
	assert_int_equal(errs.total, 70);
	assert_int_equal(errs.n, SRV6GW_MAX_ERRORS);
	f = open_memstream(&out, &size);
	assert_non_null(f);
	srv6gw_cfg_errors_print(&errs, f);
	fclose(f);
	assert_non_null(strstr(out, "t.conf: 6 more errors not shown\n"));
	free(out);
}

static void
test_too_many_ports(void **state)
{
	struct srv6gw_cfg_errors errs;
	char text[4096];
	size_t off;
	int i;

	(void)state;
	off = (size_t)snprintf(text, sizeof(text), "version = 1;\nports = (\n");
	for (i = 0; i < SRV6GW_MAX_PORTS + 1; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off,
			"%s{ name = \"p%d\"; device = \"d%d\"; }\n", i ? "," : "", i, i);
	snprintf(text + off, sizeof(text) - off, ");\n");
	assert_null(srv6gw_config_load_string(text, "t.conf", &errs));
	assert_int_equal(errs.total, 1);
	assert_error(&errs, 3 + SRV6GW_MAX_PORTS, "too many ports: at most 16");
}

static void
test_long_args(void **state)
{
	struct srv6gw_cfg_errors errs;
	char text[1024], args[SRV6GW_DEV_MAX + 1];
	struct srv6gw_config *c;

	(void)state;
	memset(args, 'a', sizeof(args) - 2);
	args[sizeof(args) - 2] = '\0';   /* 127 characters: fits */
	snprintf(text, sizeof(text), "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  args = \"%s\"; } );\n", args);
	c = load_ok(text);
	assert_string_equal(c->ports[0].args, args);
	srv6gw_config_free(c);
	args[sizeof(args) - 2] = 'a';   /* 128 */
	args[sizeof(args) - 1] = '\0';
	snprintf(text, sizeof(text), "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  args = \"%s\"; } );\n", args);
	assert_null(srv6gw_config_load_string(text, "t.conf", &errs));
	assert_int_equal(errs.total, 1);
	assert_error(&errs, 3, "port 'a': 'args' must be 1 to 127 characters long");
}

static void
test_missing_file(void **state)
{
	struct srv6gw_cfg_errors errs;

	(void)state;
	assert_null(srv6gw_config_load("test/config/no-such-file.conf", &errs));
	assert_int_equal(errs.total, 1);
	assert_string_equal(errs.file, "test/config/no-such-file.conf");
	assert_error(&errs, 0, "cannot open: No such file or directory");
	assert_null(srv6gw_config_load("test/config", &errs));
	assert_error(&errs, 0, "cannot read: is a directory");
}

/* Write @len bytes of @data to a new temporary file; @return its path (free it). */
static char *
temp_file(const void *data, size_t len, off_t size)
{
	char *path = strdup("/tmp/srv6gw-test-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	if (size > 0)
		assert_int_equal(ftruncate(fd, size), 0);
	close(fd);
	return path;
}

static void
test_file_too_large(void **state)
{
	struct srv6gw_cfg_errors errs;
	char *path;

	(void)state;
	/* sparse: 256 MiB + 1 of zeros after a valid beginning */
	path = temp_file("version = 1;\n", 13, (256 << 20) + 1);
	assert_null(srv6gw_config_load(path, &errs));
	assert_int_equal(errs.total, 1);
	assert_error(&errs, 0, "file is larger than 256 MiB");
	unlink(path);
	free(path);
}

static void
test_nul_byte(void **state)
{
	static const char text[] = BASE "\n\0srv6 = 5;\n";
	struct srv6gw_cfg_errors errs;
	char *path;

	(void)state;
	path = temp_file(text, sizeof(text) - 1, 0);
	assert_null(srv6gw_config_load(path, &errs));
	assert_int_equal(errs.total, 1);
	assert_error(&errs, B + 2, "NUL byte");
	unlink(path);
	free(path);
}

static void
test_comments_and_strings(void **state)
{
	struct srv6gw_config *c;

	(void)state;
	/* numbers in comments and strings are not checked as integers */
	c = load_ok("version = 1; # 99999999999\n"
		"/* 88888888888\n @include \"x\" */\n"
		"// 77777777777\n"
		"ports = ( { name = \"a\"; device = \"d\";"
		" args = \"x=66666666666 @include\"; } );\n"
		"icmp = { rate = 0x10; burst = 10; };\n");
	assert_int_equal(c->icmp.rate, 16);
	srv6gw_config_free(c);
}

static void
test_same_prefix_other_table(void **state)
{
	struct srv6gw_config *c;

	(void)state;
	c = load_ok(BASE "routes = (\n"
		"  { prefix = \"fc00::/16\"; port = \"core\"; },\n"
		"  { prefix = \"fc00::/16\"; port = \"core\"; table = 1; },\n"
		"  { prefix = \"fc00::/16\"; via = \"fc00:c::9\"; port = \"core\";"
		" table = 2; } );\n");
	assert_int_equal(c->n_routes, 3);
	assert_false(c->routes[0].has_via);
	assert_int_equal(c->n_tables, 3);
	srv6gw_config_free(c);
}

/* ---- fixtures and examples ------------------------------------------------ */

static int
conf_filter(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return len > 5 && strcmp(d->d_name + len - 5, ".conf") == 0;
}

/* Call @fn on every *.conf in @dir, in name order. @return files seen. */
static int
for_each_conf(const char *dir, void (*fn)(const char *path))
{
	struct dirent **list;
	char path[512];
	int i, n;

	n = scandir(dir, &list, conf_filter, alphasort);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		fn(path);
		free(list[i]);
	}
	free(list);
	return n;
}

static void
check_good(const char *path)
{
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *c = srv6gw_config_load(path, &errs);

	if (c == NULL) {
		fprintf(stderr, "%s should load:\n", path);
		dump_errors(&errs);
	}
	assert_non_null(c);
	srv6gw_config_free(c);
}

/*
 * A bad fixture says what it expects with lines "# expect: LINE: TEXT"; the
 * errors must be exactly those (same count, each found).
 */
static void
check_bad(const char *path)
{
	struct srv6gw_cfg_errors errs;
	char line[512], *msg;
	unsigned int n = 0;
	int at;
	FILE *f;

	assert_null(srv6gw_config_load(path, &errs));
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "# expect: %d:", &at) != 1)
			continue;
		msg = strchr(strchr(line, ':') + 1, ':') + 1;
		msg += strspn(msg, " ");
		msg[strcspn(msg, "\n")] = '\0';
		if (!has_error(&errs, at, msg)) {
			fprintf(stderr, "%s: no error at line %d containing \"%s\"\n",
				path, at, msg);
			dump_errors(&errs);
			fail();
		}
		n++;
	}
	fclose(f);
	if (n == 0 || errs.total != n) {
		fprintf(stderr, "%s: %u expectations, %u errors\n", path, n, errs.total);
		dump_errors(&errs);
		fail();
	}
}

static void
test_good_fixtures(void **state)
{
	(void)state;
	assert_true(for_each_conf("test/config/good", check_good) > 0);
}

static void
test_bad_fixtures(void **state)
{
	(void)state;
	assert_true(for_each_conf("test/config/bad", check_bad) > 0);
}

static void
test_examples(void **state)
{
	(void)state;
	assert_int_equal(for_each_conf("conf/examples", check_good), 6);
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_tables_sorted),
		cmocka_unit_test(test_behavior_names),
		cmocka_unit_test(test_three_errors),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_duplicate_key_is_syntax),
		cmocka_unit_test(test_print_format),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_too_many_ports),
		cmocka_unit_test(test_long_args),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_file_too_large),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_comments_and_strings),
		cmocka_unit_test(test_same_prefix_other_table),
		cmocka_unit_test(test_policy_model),
		cmocka_unit_test(test_steer_null_endpoint),
		cmocka_unit_test(test_good_fixtures),
		cmocka_unit_test(test_bad_fixtures),
		cmocka_unit_test(test_examples),
	};
	size_t i, n = 0, total = ARRAY_SIZE(fixed) + ARRAY_SIZE(cases);
	struct CMUnitTest *tests = calloc(total, sizeof(*tests));
	int ret;

	if (tests == NULL)
		return 1;
	memcpy(tests, fixed, sizeof(fixed));
	n = ARRAY_SIZE(fixed);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		tests[n].name = cases[i].name;
		tests[n].test_func = test_error_case;
		tests[n].initial_state = (void *)(uintptr_t)&cases[i];
		n++;
	}
	ret = _cmocka_run_group_tests("config", tests, n, NULL, NULL);
	free(tests);
	return ret;
}
