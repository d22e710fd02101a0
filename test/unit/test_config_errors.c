/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */

/*
 * Configuration loader tests, one per error class: every case is a
 * complete file with exactly one mistake, reported once with its exact
 * line and message (the cases' names are the tests' names).
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "config_util.h"

/* ---- one test per error class ------------------------------------------- */

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

int
main(void)
{
	size_t i, n = 0;
	struct CMUnitTest *tests = calloc(ARRAY_SIZE(cases), sizeof(*tests));
	int ret;

	if (tests == NULL)
		return 1;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		tests[n].name = cases[i].name;
		tests[n].test_func = test_error_case;
		tests[n].initial_state = (void *)(uintptr_t)&cases[i];
		n++;
	}
	ret = _cmocka_run_group_tests("config: error cases", tests, n, NULL, NULL);
	free(tests);
	return ret;
}
