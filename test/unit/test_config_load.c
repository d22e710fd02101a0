/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */

/*
 * Configuration loader tests, what loads: the golden file with the values
 * it spells, the defaults, the tables, the behaviour names, RFC 9256
 * policies and RFC 9350 nodes, comments and strings, one prefix in several
 * tables. Run from the source root (meson sets the working directory).
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_util.h"

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

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_tables_sorted),
		cmocka_unit_test(test_behavior_names),
		cmocka_unit_test(test_comments_and_strings),
		cmocka_unit_test(test_same_prefix_other_table),
		cmocka_unit_test(test_policy_model),
		cmocka_unit_test(test_steer_null_endpoint),
	};

	return cmocka_run_group_tests_name("config: what loads", tests, NULL, NULL);
}
