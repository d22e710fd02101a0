/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * The IPv6 classification table (docs/design.md, "Classification"): one
 * rte_fib6 that answers, in one lookup, the three prefix stages a
 * destination that is neither a SID nor one of our addresses goes through:
 * local locator (RFC 8986 §3.3: a C-SID, or an unknown SID), steering rule
 * (RFC 9256 §8), main-table route.
 *
 * The stages are ordered: a locator answers for every destination inside
 * it, whatever steering rule or route is longer; a steering rule answers
 * before any route. A FIB answers the longest prefix instead. So a prefix
 * goes in only when no prefix of an earlier stage covers it (is as short or
 * shorter and contains it), and then the longest prefix that matches a
 * destination is one of the first stage that has one:
 *  - a prefix that matches, of a later stage than the first matching
 *    stage S, lies inside the S prefix that matches (both contain the
 *    destination, so one contains the other) unless it is shorter; inside,
 *    it was left out;
 *  - the longest matching prefix of S itself was not left out: an earlier
 *    stage's prefix covering it would match the destination too.
 *
 * Built by the control thread with its generation, from the locator,
 * steering and main tables (their RIBs list the prefixes); read-only once
 * published (include/srv6gw/gen.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <rte_common.h>
#include <rte_errno.h>
#include <rte_fib6.h>
#include <rte_rib6.h>

#include "cp.h"

struct c6_prefix {
	uint8_t a[16];
	uint8_t len;
	uint64_t v;             /**< value << SRV6GW_CLASS6_SHIFT | stage */
};

struct c6_list {
	struct c6_prefix *p;
	unsigned int n, cap;
	uint64_t max_v;
};

/** Whether a prefix of @p rib (NULL: none) covers @p a/@p len: as short or shorter, containing it. */
static bool
covered(struct rte_rib6 *rib, const uint8_t *a, uint8_t len)
{
	struct rte_rib6_node *n;
	uint8_t d;

	if (rib == NULL)
		return false;
	/* every prefix containing a, longest first */
	for (n = rte_rib6_lookup(rib, a); n != NULL; n = rte_rib6_lookup_parent(n)) {
		rte_rib6_get_depth(n, &d);
		if (d <= len)
			return true;
	}
	return false;
}

static int
push(struct c6_list *l, const uint8_t *a, uint8_t len, uint64_t v)
{
	if (l->n == l->cap) {
		unsigned int cap = l->cap ? l->cap * 2 : 64;
		struct c6_prefix *p = realloc(l->p, sizeof(*p) * cap);

		if (p == NULL) {
			rte_errno = ENOMEM;
			return -1;
		}
		l->p = p;
		l->cap = cap;
	}
	memcpy(l->p[l->n].a, a, 16);
	l->p[l->n].len = len;
	l->p[l->n].v = v;
	l->n++;
	if (v > l->max_v)
		l->max_v = v;
	return 0;
}

/** One RIB node of stage @p stage into @p l, unless a prefix of @p earlier covers it. */
static int
take(struct c6_list *l, struct rte_rib6_node *n, uint32_t stage, struct rte_rib6 *const *earlier,
     unsigned int n_earlier)
{
	uint8_t a[16], len;
	uint64_t nh;
	unsigned int i;

	rte_rib6_get_ip(n, a);
	rte_rib6_get_depth(n, &len);
	rte_rib6_get_nh(n, &nh);
	for (i = 0; i < n_earlier; i++)
		if (covered(earlier[i], a, len))
			return 0;
	return push(l, a, len, nh << SRV6GW_CLASS6_SHIFT | stage);
}

/** Every prefix of @p fib (NULL: none) as stage @p stage, but those @p earlier cover. */
static int
take_all(struct c6_list *l, struct rte_fib6 *fib, uint32_t stage, struct rte_rib6 *const *earlier,
	 unsigned int n_earlier)
{
	static const uint8_t zero[16];
	struct rte_rib6 *rib;
	struct rte_rib6_node *n;
	uint8_t d;

	if (fib == NULL)
		return 0;
	rib = rte_fib6_get_rib(fib);
	/* the default route (::/0), which get_nxt() below may not list */
	n = rte_rib6_lookup_exact(rib, zero, 0);
	if (n != NULL && take(l, n, stage, earlier, n_earlier) < 0)
		return -1;
	for (n = NULL; (n = rte_rib6_get_nxt(rib, zero, 0, n, RTE_RIB6_GET_NXT_ALL)) != NULL;) {
		rte_rib6_get_depth(n, &d);
		if (d != 0 && take(l, n, stage, earlier, n_earlier) < 0)
			return -1;
	}
	return 0;
}

/** 2-byte entries: 15 bits for a value or a tbl8 group index */
#define MAX_GROUPS_2B 32767u

/**
 * tbl8 groups to give a TRIE for @p l: DPDK's TRIE reserves, for a prefix
 * longer than /24, one group per byte past the longest prefix covering it
 * (or /24), and refuses a prefix once the reservations would pass the
 * table's groups; one group per byte past /24 is the bound.
 */
static uint64_t
trie_groups(const struct c6_list *l)
{
	uint64_t groups = 64;
	unsigned int i;

	for (i = 0; i < l->n; i++)
		groups += l->p[i].len <= 24 ? 0 : (l->p[i].len - 24u + 7) / 8;
	return groups;
}

/** @p l in a new TRIE named @p name of @p groups tbl8 groups; NULL, rte_errno set, if it does not fit. */
static struct rte_fib6 *
trie_of(const struct c6_list *l, const char *name, uint64_t groups)
{
	struct rte_fib6_conf c = {
		.type = RTE_FIB6_TRIE,
		.default_nh = SRV6GW_CLASS6_ROUTE,      /* no route */
		.max_routes = (int)l->n + 16,
		.trie.num_tbl8 = (uint32_t)groups,
	};
	struct rte_fib6 *fib;
	unsigned int i;
	int rc;

	/* an entry holds a value or a tbl8 index, and one flag bit */
	c.trie.nh_sz = groups <= MAX_GROUPS_2B && l->max_v <= MAX_GROUPS_2B ? RTE_FIB6_TRIE_2B :
		       groups < 1u << 31 && l->max_v < 1u << 31 ? RTE_FIB6_TRIE_4B :
								     RTE_FIB6_TRIE_8B;
	fib = rte_fib6_create(name, SOCKET_ID_ANY, &c);
	for (i = 0; fib != NULL && i < l->n; i++) {
		rc = rte_fib6_add(fib, l->p[i].a, l->p[i].len, l->p[i].v);
		if (rc < 0) {
			rte_fib6_free(fib);
			rte_errno = -rc;
			return NULL;
		}
	}
	return fib;
}

struct rte_fib6 *
srv6gw_class6_build(const struct srv6gw_gen *g, const char *what, struct rte_fib6 *steer,
		    bool *with_routes)
{
	struct rte_rib6 *earlier[2] = { NULL, NULL };
	struct c6_list l = { 0 };
	struct rte_fib6 *fib = NULL;
	uint64_t groups;
	unsigned int n_first, i;
	char name[64];

	if (g->locators != NULL)
		earlier[0] = rte_fib6_get_rib(g->locators);
	if (take_all(&l, g->locators, SRV6GW_CLASS6_LOCATOR, NULL, 0) < 0)
		goto out;
	if (take_all(&l, steer, SRV6GW_CLASS6_STEER, earlier, 1) < 0)
		goto out;
	if (steer != NULL)
		earlier[1] = rte_fib6_get_rib(steer);
	n_first = l.n;
	if (take_all(&l, g->n_tables ? g->tables[0].v6 : NULL, SRV6GW_CLASS6_ROUTE, earlier, 2) < 0)
		goto out;
	/*
	 * The routes join while the table can keep 2-byte entries (32 MiB,
	 * and at most 16 MiB of tbl8 groups); a main table larger than that
	 * is not copied (its memory twice) but looked up second.
	 */
	groups = trie_groups(&l);
	*with_routes = groups <= MAX_GROUPS_2B;
	if (!*with_routes) {
		for (l.n = n_first, l.max_v = 0, i = 0; i < l.n; i++)
			l.max_v = RTE_MAX(l.max_v, l.p[i].v);
		groups = trie_groups(&l);
	}
	snprintf(name, sizeof(name), "%s_%s", g->name, what);
	fib = trie_of(&l, name, groups);
out:
	free(l.p);
	return fib;
}
