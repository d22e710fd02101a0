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
 * Our addresses (RFC 8986 §4: a packet is processed locally when its
 * destination is a local SID; and our interface addresses) are answered by
 * exact tables (the SIDs, local6), looked up before this one. Most packets
 * are not ours, so the workers look up this table first and the exact
 * tables only when the answer carries SRV6GW_CLASS6_OURS. The flag is set
 * so that the longest prefix matching any address of ours carries it:
 *  - every locator entry (its SIDs, and those to come, live there);
 *  - for an address of ours outside every locator, the longest prefix P
 *    that matches it: when P is /64 or longer it gains the flag; when it is
 *    shorter (or there is none), the address's /64 goes in with P's value
 *    (or "no route") and the flag. The /64 answers as P for everything it
 *    holds: a prefix between P and the /64 matching part of the /64 would
 *    contain the address and be longer than P.
 * With more than SRV6GW_OURS6_MAX such /64s, every entry and the default
 * carry the flag (every destination is looked up in the exact tables, as
 * when the table is missing).
 *
 * srv6gw_classify_build() makes the tables of a generation: one for the
 * port-less steering rules, one more per port with rules of its own.
 *
 * Thread-safety: built by the control thread with its generation; read-only
 * once published (include/srv6gw/gen.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_errno.h>
#include <rte_fib.h>
#include <rte_fib6.h>
#include <rte_rib.h>
#include <rte_rib6.h>

#include "cp.h"

/** One generation's classification build (srv6gw_classify_build()); failures say why in err. */
struct cbuild {
	struct srv6gw_gen *g;
	const struct srv6gw_config *cfg;
	char *err;
	size_t errlen;
	uint8_t (*ours)[16];    /**< our addresses outside every locator, one per /64 */
	unsigned int n_ours;
	bool ours_all;          /**< too many /64s of them: every value carries the flag */
};

/** Most /64s of our addresses outside locators that get an entry of their own. */
#define SRV6GW_OURS6_MAX 256u

/** 2-byte entries: 15 bits for a value or a tbl8 group index */
#define MAX_2B 32767u

/* ---- IPv6 ---- */

/**
 * Whether @p rib holds a prefix of a stage other than @p stage (an earlier
 * one) covering @p a/@p len.
 */
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

static struct rte_fib6 *
class6_new(const char *name, unsigned int prefixes, uint64_t groups, uint64_t max_value,
	   bool ours_all)
{
	struct rte_fib6_conf c = {
		.type = RTE_FIB6_TRIE,
		/* no route */
		.default_nh = SRV6GW_CLASS6_ROUTE | (ours_all ? SRV6GW_CLASS6_OURS : 0),
		.max_routes = (int)prefixes + 16,
		.trie.num_tbl8 = (uint32_t)groups,
	};
	uint64_t max_v = max_value << SRV6GW_CLASS6_SHIFT | SRV6GW_CLASS6_OURS |
			 SRV6GW_CLASS6_MASK;

	/* an entry holds a value or a tbl8 index, and one flag bit */
	c.trie.nh_sz = groups <= MAX_2B && max_v <= MAX_2B ? RTE_FIB6_TRIE_2B :
		       groups < 1u << 31 && max_v < 1u << 31 ? RTE_FIB6_TRIE_4B :
								 RTE_FIB6_TRIE_8B;
	return rte_fib6_create(name, SOCKET_ID_ANY, &c);
}

/**
 * Add @p a/@p len of @p stage unless an earlier stage covers it; @p flags:
 * SRV6GW_CLASS6_OURS or 0.
 */
static int
class6_add(struct rte_fib6 *c, const uint8_t *a, uint8_t len, uint32_t stage,
		  uint64_t value, uint64_t flags)
{
	if (covered6(rte_fib6_get_rib(c), a, len, stage))
		return 0;
	return rte_fib6_add(c, a, len, value << SRV6GW_CLASS6_SHIFT | flags | stage);
}

static int
class6_add_fib(struct rte_fib6 *c, struct rte_fib6 *fib, uint32_t stage, uint64_t flags)
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
		if ((rc = class6_add(c, zero, 0, stage, v, flags)) < 0)
			return rc;
	}
	for (n = NULL; (n = rte_rib6_get_nxt(rib, zero, 0, n, RTE_RIB6_GET_NXT_ALL)) != NULL;) {
		rte_rib6_get_ip(n, a);
		rte_rib6_get_depth(n, &d);
		rte_rib6_get_nh(n, &v);
		if (d != 0 && (rc = class6_add(c, a, d, stage, v, flags)) < 0)
			return rc;
	}
	return 0;
}

/**
 * The flag for our address @p a outside every locator (see the top of the
 * file): on the longest prefix matching it when that is /64 or longer,
 * else on a /64 of its own with that prefix's value.
 */
static int
ours6_mark(struct rte_fib6 *c, const uint8_t *a)
{
	struct rte_rib6_node *n = rte_rib6_lookup(rte_fib6_get_rib(c), a);
	uint64_t v = SRV6GW_CLASS6_ROUTE;       /* no route */
	uint8_t p[16], d = 0;

	if (n != NULL) {
		rte_rib6_get_nh(n, &v);
		rte_rib6_get_depth(n, &d);
	}
	if (v & SRV6GW_CLASS6_OURS)
		return 0;
	if (n != NULL && d >= 64) {
		rte_rib6_get_ip(n, p);
		return rte_fib6_add(c, p, d, v | SRV6GW_CLASS6_OURS);
	}
	memcpy(p, a, 8);
	memset(p + 8, 0, 8);
	return rte_fib6_add(c, p, 64, v | SRV6GW_CLASS6_OURS);
}

static int
cmp16(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

/** Our addresses of table @p t that no locator holds, into b->ours. */
static void
ours6_from(struct cbuild *b, const struct srv6gw_addr_tab *t, unsigned int *n)
{
	uint64_t v;
	uint32_t i;

	for (i = 0; t->slot != NULL && i <= t->mask; i++) {
		uint8_t *a = b->ours[*n];

		if (!t->slot[i].used)
			continue;
		memcpy(a, t->slot[i].k, 16);
		if (b->g->locators != NULL && rte_fib6_lookup_bulk(b->g->locators,
				(uint8_t (*)[16])a, &v, 1) == 0 && v != SRV6GW_NH_NONE)
			continue;
		(*n)++;
	}
}

/**
 * Our IPv6 addresses (SIDs, local6) outside every locator, one per /64, in
 * b->ours; b->ours_all when they are more than SRV6GW_OURS6_MAX /64s.
 * -1 when out of memory.
 */
static int
ours6_collect(struct cbuild *b)
{
	const struct srv6gw_gen *g = b->g;
	unsigned int n = 0, i, k = 0;

	b->ours = malloc(sizeof(*b->ours) * ((size_t)g->sids.n + g->local6.n + 1));
	if (b->ours == NULL)
		return snprintf(b->err, b->errlen, "out of memory (classification)"), -1;
	ours6_from(b, &g->sids, &n);
	ours6_from(b, &g->local6, &n);
	qsort(b->ours, n, sizeof(*b->ours), cmp16);
	for (i = 0; i < n; i++)
		if (k == 0 || memcmp(b->ours[k - 1], b->ours[i], 8) != 0)
			memcpy(b->ours[k++], b->ours[i], 16);
	b->n_ours = k;
	b->ours_all = k > SRV6GW_OURS6_MAX;
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

static struct rte_fib *
class4_new(const char *name, unsigned int prefixes, uint64_t groups, uint64_t max_value)
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

static int
class4_add(struct rte_fib *c, uint32_t a, uint8_t len, uint32_t stage, uint64_t value)
{
	if (covered4(rte_fib_get_rib(c), a, len, stage))
		return 0;
	return rte_fib_add(c, a, len, value << SRV6GW_CLASS4_SHIFT | stage);
}

static int
class4_add_fib(struct rte_fib *c, struct rte_fib *fib, uint32_t stage)
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
		if ((rc = class4_add(c, 0, 0, stage, v)) < 0)
			return rc;
	}
	for (n = NULL; (n = rte_rib_get_nxt(rib, 0, 0, n, RTE_RIB_GET_NXT_ALL)) != NULL;) {
		rte_rib_get_ip(n, &a);
		rte_rib_get_depth(n, &d);
		rte_rib_get_nh(n, &v);
		if (d != 0 && (rc = class4_add(c, a, d, stage, v)) < 0)
			return rc;
	}
	return 0;
}

/* ---- the tables of a generation ---- */

/** The steering rules for @p port (-1: the port-less ones only) into classification tables. */
static int
steer_fill(struct cbuild *b, struct rte_fib *c4, struct rte_fib6 *c6, int port)
{
	const struct srv6gw_config *cfg = b->cfg;
	unsigned int pass, i;
	uint32_t a;
	int rc;

	/* port-less rules first, then this port's rules replace equal prefixes */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < cfg->n_steering; i++) {
			const struct srv6gw_cfg_steer *s = &cfg->steering[i];

			if ((pass == 0 && s->port != -1) || (pass == 1 && s->port != port))
				continue;
			if (pass == 1 && port == -1)
				continue;
			if (s->match.family == AF_INET) {
				memcpy(&a, s->match.a, 4);
				rc = class4_add(c4, rte_be_to_cpu_32(a), s->match.len,
						       SRV6GW_CLASS4_STEER, s->policy + 1u);
			} else {
				rc = class6_add(c6, s->match.a, s->match.len,
						       SRV6GW_CLASS6_STEER, s->policy + 1u,
						       b->ours_all ? SRV6GW_CLASS6_OURS : 0);
			}
			if (rc < 0)
				return snprintf(b->err, b->errlen, "%s:%d: cannot add steering rule",
						cfg->file, s->line), -1;
		}
	}
	return 0;
}

/**
 * The classification tables (src/cp/classify.c) of one set of steering
 * rules (port @p port, -1: the port-less ones), into @p out. @p n, @p t,
 * @p maxp: the IPv4 [0] and IPv6 [1] rules, the tbl8 groups they may need,
 * and their largest value (policy + 1).
 *
 * The main table's routes join while the table can keep 2-byte entries
 * (at most 32,767 tbl8 groups reserved: DPDK's tables reserve one per byte
 * past /24 per prefix); a larger main table is not copied (its memory
 * twice), the workers look it up second (class6_routes, class4_routes 0).
 * A family without steering rules (and, for IPv6, without locators) gets
 * no table at all: the main table alone answers, as it would in one.
 */
static int
class_of(struct cbuild *b, int port, const unsigned int *n, const unsigned int *t,
	 const uint32_t *maxp, struct srv6gw_port_rt *out)
{
	const struct srv6gw_config *cfg = b->cfg;
	struct srv6gw_gen *g = b->g;
	unsigned int nm4, tm4, nm6, tm6, tl = 0, i;
	uint64_t g4 = 16 + t[0], g6 = 64 + t[1];
	bool want4, want6;
	uint64_t max4 = RTE_MAX(maxp[0], g->n_nexthops);
	uint64_t max6 = RTE_MAX(RTE_MAX(maxp[1], cfg->n_locators + 1u), g->n_nexthops);
	char what[16], name[64];

	srv6gw_count_routes(cfg, 0, &nm4, &tm4, &nm6, &tm6);
	for (i = 0; i < cfg->n_locators; i++)
		tl += srv6gw_tbl8_need(cfg->locators[i].prefix.len);
	g6 += tl;
	if (!b->ours_all)
		g6 += (uint64_t)b->n_ours * srv6gw_tbl8_need(64);     /* ours6_mark()'s /64s */
	/* a family with no stage before the routes has no table: the main one answers */
	want4 = n[0] != 0;
	want6 = n[1] != 0 || g->locators != NULL;
	out->class4_routes = want4 && g4 + tm4 <= 32767;
	out->class6_routes = want6 && g6 + tm6 <= 32767;
	if (port < 0)
		snprintf(what, sizeof(what), "any");
	else
		snprintf(what, sizeof(what), "p%d", port);
	snprintf(name, sizeof(name), "%s_c4%s", g->name, what);
	if (want4)
		out->class4 = class4_new(name, n[0] + (out->class4_routes ? nm4 : 0),
						out->class4_routes ? g4 + tm4 : g4, max4);
	snprintf(name, sizeof(name), "%s_c6%s", g->name, what);
	if (want6)
		out->class6 = class6_new(name, cfg->n_locators + n[1] + b->n_ours +
						(out->class6_routes ? nm6 : 0),
						out->class6_routes ? g6 + tm6 : g6, max6, b->ours_all);
	if ((want4 && out->class4 == NULL) || (want6 && out->class6 == NULL))
		return snprintf(b->err, b->errlen, "cannot create the classification tables: %s",
				rte_strerror(rte_errno)), -1;
	/* the stages in their order; every locator holds SIDs of ours */
	if (want6 && class6_add_fib(out->class6, g->locators, SRV6GW_CLASS6_LOCATOR,
				    SRV6GW_CLASS6_OURS) < 0)
		return snprintf(b->err, b->errlen,
				"cannot add the locators to the classification table"), -1;
	if (steer_fill(b, out->class4, out->class6, port) < 0)
		return -1;
	if ((out->class6_routes &&
	     class6_add_fib(out->class6, g->tables[0].v6, SRV6GW_CLASS6_ROUTE,
			    b->ours_all ? SRV6GW_CLASS6_OURS : 0) < 0) ||
	    (out->class4_routes &&
	     class4_add_fib(out->class4, g->tables[0].v4, SRV6GW_CLASS4_ROUTE) < 0))
		return snprintf(b->err, b->errlen,
				"cannot add the routes to the classification tables"), -1;
	/* then the flag for our addresses outside the locators */
	for (i = 0; want6 && !b->ours_all && i < b->n_ours; i++)
		if (ours6_mark(out->class6, b->ours[i]) < 0)
			return snprintf(b->err, b->errlen,
					"cannot add our addresses to the classification table"), -1;
	/* the bits that decide an answer (without a table, everything may be ours) */
	memset(out->class6_key, out->class6 == NULL ? 0xff : 0, sizeof(out->class6_key));
	srv6gw_fib6_key(out->class6, out->class6_key);
	if (!out->class6_routes)
		srv6gw_fib6_key(g->tables[0].v6, out->class6_key);
	out->class4_key = rte_cpu_to_be_32(srv6gw_fib4_mask(out->class4) |
					   (out->class4_routes ? 0 : srv6gw_fib4_mask(g->tables[0].v4)));
	return 0;
}

static int
classify_build(struct cbuild *b)
{
	struct srv6gw_gen *g = b->g;
	const struct srv6gw_config *cfg = b->cfg;
	unsigned int n[2] = { 0, 0 }, t[2] = { 0, 0 }, i, p;
	uint32_t maxp[2] = { 0, 0 };
	struct srv6gw_port_rt any = { 0 };
	int rc;

	if (ours6_collect(b) < 0)
		return -1;
	for (i = 0; i < cfg->n_steering; i++) {
		unsigned int f = cfg->steering[i].match.family == AF_INET ? 0 : 1;

		n[f]++;
		t[f] += srv6gw_tbl8_need(cfg->steering[i].match.len);
		maxp[f] = RTE_MAX(maxp[f], cfg->steering[i].policy + 1u);
	}
	rc = class_of(b, -1, n, t, maxp, &any);
	g->class4_any = any.class4;     /* (freed with the generation, should one be missing) */
	g->class6_any = any.class6;
	g->class4_any_routes = any.class4_routes;
	g->class6_any_routes = any.class6_routes;
	if (rc < 0)
		return -1;
	for (p = 0; p < cfg->n_ports; p++) {
		struct srv6gw_port_rt *pr = &g->ports[p];
		bool own = false;

		for (i = 0; i < cfg->n_steering; i++)
			own |= cfg->steering[i].port == (int)p;
		pr->class4 = any.class4;
		pr->class6 = any.class6;
		pr->class4_routes = any.class4_routes;
		pr->class6_routes = any.class6_routes;
		memcpy(pr->class6_key, any.class6_key, sizeof(pr->class6_key));
		pr->class4_key = any.class4_key;
		if (own && class_of(b, (int)p, n, t, maxp, pr) < 0)
			return -1;
	}
	return 0;
}

int
srv6gw_classify_build(struct srv6gw_gen *g, const struct srv6gw_config *cfg, char *err,
		      size_t errlen)
{
	struct cbuild b = { .g = g, .cfg = cfg, .err = err, .errlen = errlen };
	int rc = classify_build(&b);

	free(b.ours);
	return rc;
}
