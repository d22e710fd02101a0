/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * The classification tables (docs/design.md, "Classification"): one FIB
 * that answers, in one lookup, the prefix stages a destination that is
 * neither a SID nor one of our addresses goes through. IPv6 (rte_fib6):
 * local locator (RFC 8986 §3.3: a C-SID, or an unknown SID), steering rule
 * (RFC 9256 §8), main-table route. IPv4 (rte_fib): steering rule, route.
 * A value holds the stage in its low bits (SRV6GW_CLASS6_*, SRV6GW_CLASS4_*).
 *
 * The stages are ordered: a locator answers for every destination inside
 * it, whatever steering rule or route is longer; a steering rule answers
 * before any route. A FIB answers the longest prefix instead. So the stages
 * go in one after the other, and a prefix goes in only when no prefix of an
 * earlier stage covers it (is as short or shorter and contains it); then the
 * longest prefix that matches a destination is one of the first stage that
 * has one:
 *  - a prefix that matches, of a later stage than the first matching
 *    stage S, lies inside the S prefix that matches (both contain the
 *    destination, so one contains the other) unless it is shorter; inside,
 *    it was left out;
 *  - the longest matching prefix of S itself was not left out: an earlier
 *    stage's prefix covering it would match the destination too.
 * An equal prefix of the same stage replaces the value (a port's steering
 * rule over a port-less one).
 *
 * gen_build.c decides whether the main table's routes join (while the table
 * can keep 2-byte entries) and sizes the table; this file fills it.
 *
 * Thread-safety: built by the control thread with its generation; read-only
 * once published (include/srv6gw/gen.h).
 */
#include <errno.h>
#include <string.h>
#include <rte_common.h>
#include <rte_errno.h>
#include <rte_fib.h>
#include <rte_fib6.h>
#include <rte_rib.h>
#include <rte_rib6.h>

#include "cp.h"

/** 2-byte entries: 15 bits for a value or a tbl8 group index */
#define MAX_2B 32767u

/* ---- IPv6 ---- */

/** Whether @p rib holds a prefix of a stage other than @p stage (an earlier one) covering @p a/@p len. */
static bool
covered6(struct rte_rib6 *rib, const uint8_t *a, uint8_t len, uint32_t stage)
{
	struct rte_rib6_node *n;
	uint64_t v;
	uint8_t d;

	/* every prefix containing a, longest first */
	for (n = rte_rib6_lookup(rib, a); n != NULL; n = rte_rib6_lookup_parent(n)) {
		rte_rib6_get_depth(n, &d);
		rte_rib6_get_nh(n, &v);
		if (d <= len && (v & SRV6GW_CLASS6_MASK) != stage)
			return true;
	}
	return false;
}

struct rte_fib6 *
srv6gw_class6_new(const char *name, unsigned int prefixes, uint64_t groups, uint64_t max_value)
{
	struct rte_fib6_conf c = {
		.type = RTE_FIB6_TRIE,
		.default_nh = SRV6GW_CLASS6_ROUTE,      /* no route */
		.max_routes = (int)prefixes + 16,
		.trie.num_tbl8 = (uint32_t)groups,
	};
	uint64_t max_v = max_value << SRV6GW_CLASS6_SHIFT | SRV6GW_CLASS6_MASK;

	/* an entry holds a value or a tbl8 index, and one flag bit */
	c.trie.nh_sz = groups <= MAX_2B && max_v <= MAX_2B ? RTE_FIB6_TRIE_2B :
		       groups < 1u << 31 && max_v < 1u << 31 ? RTE_FIB6_TRIE_4B :
								 RTE_FIB6_TRIE_8B;
	return rte_fib6_create(name, SOCKET_ID_ANY, &c);
}

int
srv6gw_class6_add(struct rte_fib6 *c, const uint8_t *a, uint8_t len, uint32_t stage,
		  uint64_t value)
{
	if (covered6(rte_fib6_get_rib(c), a, len, stage))
		return 0;
	return rte_fib6_add(c, a, len, value << SRV6GW_CLASS6_SHIFT | stage);
}

int
srv6gw_class6_add_fib(struct rte_fib6 *c, struct rte_fib6 *fib, uint32_t stage)
{
	static const uint8_t zero[16];
	struct rte_rib6 *rib;
	struct rte_rib6_node *n;
	uint8_t a[16], d;
	uint64_t v;
	int rc;

	if (fib == NULL)
		return 0;
	rib = rte_fib6_get_rib(fib);
	n = rte_rib6_lookup_exact(rib, zero, 0);        /* ::/0, which get_nxt() skips */
	if (n != NULL) {
		rte_rib6_get_nh(n, &v);
		if ((rc = srv6gw_class6_add(c, zero, 0, stage, v)) < 0)
			return rc;
	}
	for (n = NULL; (n = rte_rib6_get_nxt(rib, zero, 0, n, RTE_RIB6_GET_NXT_ALL)) != NULL;) {
		rte_rib6_get_ip(n, a);
		rte_rib6_get_depth(n, &d);
		rte_rib6_get_nh(n, &v);
		if (d != 0 && (rc = srv6gw_class6_add(c, a, d, stage, v)) < 0)
			return rc;
	}
	return 0;
}

/* ---- IPv4 ---- */

/** covered6() for IPv4. */
static bool
covered4(struct rte_rib *rib, uint32_t a, uint8_t len, uint32_t stage)
{
	struct rte_rib_node *n;
	uint64_t v;
	uint8_t d;

	for (n = rte_rib_lookup(rib, a); n != NULL; n = rte_rib_lookup_parent(n)) {
		rte_rib_get_depth(n, &d);
		rte_rib_get_nh(n, &v);
		if (d <= len && (v & SRV6GW_CLASS4_MASK) != stage)
			return true;
	}
	return false;
}

struct rte_fib *
srv6gw_class4_new(const char *name, unsigned int prefixes, uint64_t groups, uint64_t max_value)
{
	struct rte_fib_conf c = {
		.type = RTE_FIB_DIR24_8,
		.default_nh = SRV6GW_CLASS4_ROUTE,      /* no route */
		.max_routes = (int)prefixes + 16,
		.dir24_8.num_tbl8 = (uint32_t)groups,
	};
	uint64_t max_v = max_value << SRV6GW_CLASS4_SHIFT | SRV6GW_CLASS4_MASK;

	c.dir24_8.nh_sz = groups <= MAX_2B && max_v <= MAX_2B ? RTE_FIB_DIR24_8_2B :
							      RTE_FIB_DIR24_8_4B;
	return rte_fib_create(name, SOCKET_ID_ANY, &c);
}

int
srv6gw_class4_add(struct rte_fib *c, uint32_t a, uint8_t len, uint32_t stage, uint64_t value)
{
	if (covered4(rte_fib_get_rib(c), a, len, stage))
		return 0;
	return rte_fib_add(c, a, len, value << SRV6GW_CLASS4_SHIFT | stage);
}

int
srv6gw_class4_add_fib(struct rte_fib *c, struct rte_fib *fib, uint32_t stage)
{
	struct rte_rib *rib;
	struct rte_rib_node *n;
	uint32_t a;
	uint64_t v;
	uint8_t d;
	int rc;

	if (fib == NULL)
		return 0;
	rib = rte_fib_get_rib(fib);
	n = rte_rib_lookup_exact(rib, 0, 0);    /* the default route, which get_nxt() skips */
	if (n != NULL) {
		rte_rib_get_nh(n, &v);
		if ((rc = srv6gw_class4_add(c, 0, 0, stage, v)) < 0)
			return rc;
	}
	for (n = NULL; (n = rte_rib_get_nxt(rib, 0, 0, n, RTE_RIB_GET_NXT_ALL)) != NULL;) {
		rte_rib_get_ip(n, &a);
		rte_rib_get_depth(n, &d);
		rte_rib_get_nh(n, &v);
		if (d != 0 && (rc = srv6gw_class4_add(c, a, d, stage, v)) < 0)
			return rc;
	}
	return 0;
}
