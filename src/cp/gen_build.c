/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Build a generation (every table the fast path reads) from a validated
 * configuration, entirely off the fast path. See include/srv6gw/gen.h for
 * the publication and reclamation rules.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_fib.h>
#include <rte_fib6.h>
#include <rte_rib.h>
#include <rte_ip.h>
#include <rte_malloc.h>
#include <rte_rib6.h>

#include "addr.h"
#include "cp.h"
#include "srv6gw/proto.h"

struct srv6gw_gen *srv6gw_gen_current;

struct build {
	struct srv6gw_gen *g;
	struct srv6gw_config *cfg;
	unsigned int max_nh;
	char *err;
	size_t errlen;
};

static int
fail(struct build *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->err, b->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static void
obj_name(const struct srv6gw_gen *g, char *buf, size_t len, const char *what)
{
	snprintf(buf, len, "%s_%s", g->name, what);
}

/* ---- FIB creation ---- */

static struct rte_fib6 *
fib6_new(struct srv6gw_gen *g, const char *what, unsigned int routes, unsigned int tbl8)
{
	struct rte_fib6_conf c = {
		.type = RTE_FIB6_TRIE,
		.default_nh = SRV6GW_NH_NONE,
		.max_routes = (int)routes + 16,
		/*
		 * 2-byte entries (values are limited to 32767 by the IPv4 tables
		 * anyway) take 32 instead of 64 MiB per table and half the tbl8
		 * memory, but an entry also holds the tbl8 index: beyond 32767
		 * groups (about 10k /48 routes) only 4-byte entries work.
		 */
		.trie = { .nh_sz = tbl8 + 64 < 32768 ? RTE_FIB6_TRIE_2B : RTE_FIB6_TRIE_4B,
			  .num_tbl8 = tbl8 + 64 },
	};
	char name[64];

	obj_name(g, name, sizeof(name), what);
	return rte_fib6_create(name, SOCKET_ID_ANY, &c);
}

static struct rte_fib *
fib4_new(struct srv6gw_gen *g, const char *what, unsigned int routes, unsigned int tbl8)
{
	struct rte_fib_conf c = {
		.type = RTE_FIB_DIR24_8,
		.default_nh = SRV6GW_NH_NONE,
		.max_routes = (int)routes + 16,
		/*
		 * 2-byte entries (32 MiB per table, values up to 32767), but an
		 * entry also holds the tbl8 index: beyond 32767 groups (as many
		 * prefixes longer than /24) only 4-byte entries work
		 */
		.dir24_8 = { .nh_sz = tbl8 + 16 < 32768 ? RTE_FIB_DIR24_8_2B : RTE_FIB_DIR24_8_4B,
			     .num_tbl8 = tbl8 + 16 },
	};
	char name[64];

	obj_name(g, name, sizeof(name), what);
	return rte_fib_create(name, SOCKET_ID_ANY, &c);
}

unsigned int
srv6gw_tbl8_need(unsigned int depth)
{
	return depth <= 24 ? 0 : (depth - 24 + 7) / 8;
}

static int
fib_add(struct rte_fib *f4, struct rte_fib6 *f6, const struct srv6gw_prefix *p, uint64_t v)
{
	if (p->family == AF_INET) {
		uint32_t a;

		memcpy(&a, p->a, 4);
		return rte_fib_add(f4, rte_be_to_cpu_32(a), p->len, v);
	}
	return rte_fib6_add(f6, p->a, p->len, v);
}

/* ---- tables and next hops ---- */

void
srv6gw_fib6_key(struct rte_fib6 *f, uint8_t key[16])
{
	static const uint8_t any[16];
	struct rte_rib6_node *nd = NULL;
	uint8_t d, max = 0;
	unsigned int i;

	if (f == NULL)
		return;
	while ((nd = rte_rib6_get_nxt(rte_fib6_get_rib(f), any, 0, nd,
				      RTE_RIB6_GET_NXT_ALL)) != NULL) {
		rte_rib6_get_depth(nd, &d);
		max = RTE_MAX(max, d);
	}
	for (i = 0; i < max / 8u; i++)
		key[i] = 0xff;
	if (max % 8u != 0)
		key[i] |= (uint8_t)(0xff00u >> (max % 8u));
}

uint32_t
srv6gw_fib4_mask(struct rte_fib *f)
{
	struct rte_rib_node *nd = NULL;
	uint8_t d, max = 0;

	if (f == NULL)
		return 0;
	while ((nd = rte_rib_get_nxt(rte_fib_get_rib(f), 0, 0, nd, RTE_RIB_GET_NXT_ALL)) != NULL) {
		rte_rib_get_depth(nd, &d);
		max = RTE_MAX(max, d);
	}
	return (uint32_t)(UINT64_C(0xffffffff) << (32 - max));
}

static int
table_index(const struct srv6gw_config *cfg, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < cfg->n_tables; i++)
		if (cfg->tables[i] == id)
			return (int)i;
	return -1;
}

static uint32_t
nexthop_add(struct build *b, uint16_t port, uint8_t family, bool connected, const uint8_t *addr)
{
	struct srv6gw_gen *g = b->g;
	struct srv6gw_nexthop *nh;
	unsigned int alen = family == AF_INET ? 4 : 16;
	unsigned int i;
	int32_t n;

	for (i = 1; i < g->n_nexthops; i++) {
		nh = &g->nexthops[i];
		if (nh->port == port && nh->family == family && nh->connected == connected &&
		    (connected || memcmp(nh->addr, addr, alen) == 0))
			return i;
	}
	if (g->n_nexthops >= b->max_nh)
		return SRV6GW_NH_NONE;
	nh = &g->nexthops[g->n_nexthops];
	nh->port = port;
	nh->family = family;
	nh->connected = connected;
	nh->mtu = g->ports[port].mtu;       /* build_ports() ran first */
	if (!connected) {
		memcpy(nh->addr, addr, alen);
		n = srv6gw_neigh_ensure(port, family, addr);
		if (n < 0)
			return SRV6GW_NH_NONE;
		nh->neigh = (uint32_t)n;
	}
	return g->n_nexthops++;
}

void
srv6gw_count_routes(const struct srv6gw_config *cfg, unsigned int t, unsigned int *n4,
		    unsigned int *t4, unsigned int *n6, unsigned int *t6)
{
	unsigned int i, j;

	*n4 = *t4 = *n6 = *t6 = 0;
	for (i = 0; i < cfg->n_routes; i++) {
		const struct srv6gw_cfg_route *r = &cfg->routes[i];

		if (r->table != cfg->tables[t] || r->algorithm != 0)
			continue;
		if (r->prefix.family == AF_INET) {
			(*n4)++;
			*t4 += srv6gw_tbl8_need(r->prefix.len);
		} else {
			(*n6)++;
			*t6 += srv6gw_tbl8_need(r->prefix.len);
		}
	}
	if (cfg->tables[t] != 0)
		return;
	for (i = 0; i < cfg->n_ports; i++) {            /* connected routes */
		for (j = 0; j < cfg->ports[i].n_ipv4; j++) {
			(*n4)++;
			*t4 += srv6gw_tbl8_need(cfg->ports[i].ipv4[j].len);
		}
		for (j = 0; j < cfg->ports[i].n_ipv6; j++) {
			(*n6)++;
			*t6 += srv6gw_tbl8_need(cfg->ports[i].ipv6[j].len);
		}
	}
}

void
srv6gw_ifaddr_prefix(const struct srv6gw_ifaddr *ia, struct srv6gw_prefix *p)
{
	p->family = ia->family;
	p->len = ia->len;
	memcpy(p->a, ia->a, 16);
	srv6gw_prefix_mask(p->a, ia->len);
}

/**
 * Connected routes of every port, in the main table (config routes win), or
 * only the IPv6 ones in a Flex-Algo FIB (@p v4 NULL).
 */
static int
add_connected(struct build *b, struct rte_fib *v4, struct rte_fib6 *v6)
{
	struct srv6gw_config *cfg = b->cfg;
	struct srv6gw_prefix p;
	unsigned int i, j;
	uint32_t nh;

	for (i = 0; i < cfg->n_ports; i++) {
		const struct srv6gw_cfg_port *cp = &cfg->ports[i];

		for (j = 0; j < cp->n_ipv4 + cp->n_ipv6; j++) {
			const struct srv6gw_ifaddr *ia = j < cp->n_ipv4 ? &cp->ipv4[j] :
							   &cp->ipv6[j - cp->n_ipv4];

			if (ia->family == AF_INET && v4 == NULL)
				continue;
			srv6gw_ifaddr_prefix(ia, &p);
			nh = nexthop_add(b, i, ia->family, true, NULL);
			if (nh == SRV6GW_NH_NONE || fib_add(v4, v6, &p, nh) < 0)
				return fail(b, "port %s: cannot add connected route", cp->name);
		}
	}
	return 0;
}

static int
build_tables(struct build *b)
{
	struct srv6gw_config *cfg = b->cfg;
	struct srv6gw_gen *g = b->g;
	unsigned int t, i, n4, t4, n6, t6;
	char what[24];

	g->n_tables = cfg->n_tables;
	g->tables = rte_zmalloc(NULL, sizeof(*g->tables) * cfg->n_tables, 0);
	if (g->tables == NULL)
		return fail(b, "out of memory (tables)");
	for (t = 0; t < cfg->n_tables; t++) {
		g->tables[t].id = cfg->tables[t];
		srv6gw_count_routes(cfg, t, &n4, &t4, &n6, &t6);
		snprintf(what, sizeof(what), "t%u_4", cfg->tables[t]);
		if (n4 > 0 && (g->tables[t].v4 = fib4_new(g, what, n4, t4)) == NULL)
			return fail(b, "table %u: cannot create IPv4 FIB: %s", cfg->tables[t],
				    rte_strerror(rte_errno));
		snprintf(what, sizeof(what), "t%u_6", cfg->tables[t]);
		if (n6 > 0 && (g->tables[t].v6 = fib6_new(g, what, n6, t6)) == NULL)
			return fail(b, "table %u: cannot create IPv6 FIB: %s", cfg->tables[t],
				    rte_strerror(rte_errno));
	}
	if (add_connected(b, g->tables[0].v4, g->tables[0].v6) < 0)
		return -1;
	for (i = 0; i < cfg->n_routes; i++) {
		const struct srv6gw_cfg_route *r = &cfg->routes[i];
		struct srv6gw_table *tb = &g->tables[table_index(cfg, r->table)];
		uint32_t nh;

		if (r->algorithm != 0)
			continue;       /* build_algos() */
		nh = nexthop_add(b, r->port, r->prefix.family, !r->has_via, r->via.a);
		if (nh == SRV6GW_NH_NONE || fib_add(tb->v4, tb->v6, &r->prefix, nh) < 0)
			return fail(b, "%s:%d: cannot add route", cfg->file, r->line);
	}
	for (t = 0; t < cfg->n_tables; t++)
		srv6gw_fib6_key(g->tables[t].v6, g->tables[t].v6_key);
	return 0;
}

/* ---- Flex-Algo FIBs (RFC 9350) ---- */

static bool
algo_used(const struct srv6gw_config *cfg, uint8_t a)
{
	unsigned int i, j;

	for (i = 0; i < cfg->n_routes; i++)
		if (cfg->routes[i].algorithm == a)
			return true;
	for (i = 0; i < cfg->n_policies; i++)
		for (j = 0; j < cfg->policies[i].n_cps; j++)
			if (cfg->policies[i].cps[j].algorithm == a)
				return true;
	return false;
}

/** One algorithm's FIB: its routes plus the connected IPv6 routes. */
static int
algo_fill(struct build *b, struct srv6gw_algo_fib *af)
{
	struct srv6gw_config *cfg = b->cfg;
	unsigned int i, j, n = 0, t8 = 0;
	char what[16];
	uint32_t nh;

	for (i = 0; i < cfg->n_ports; i++)
		for (j = 0; j < cfg->ports[i].n_ipv6; j++) {
			n++;
			t8 += srv6gw_tbl8_need(cfg->ports[i].ipv6[j].len);
		}
	for (i = 0; i < cfg->n_routes; i++)
		if (cfg->routes[i].algorithm == af->algorithm) {
			n++;
			t8 += srv6gw_tbl8_need(cfg->routes[i].prefix.len);
		}
	snprintf(what, sizeof(what), "a%u_6", af->algorithm);
	af->v6 = fib6_new(b->g, what, n, t8);
	if (af->v6 == NULL)
		return fail(b, "algorithm %u: cannot create its FIB: %s", af->algorithm,
			    rte_strerror(rte_errno));
	if (add_connected(b, NULL, af->v6) < 0)
		return -1;
	for (i = 0; i < cfg->n_routes; i++) {
		const struct srv6gw_cfg_route *r = &cfg->routes[i];

		if (r->algorithm != af->algorithm)
			continue;
		nh = nexthop_add(b, r->port, AF_INET6, !r->has_via, r->via.a);
		if (nh == SRV6GW_NH_NONE || rte_fib6_add(af->v6, r->prefix.a, r->prefix.len, nh) < 0)
			return fail(b, "%s:%d: cannot add route", cfg->file, r->line);
	}
	return 0;
}

/**
 * A FIB per Flex-Algo algorithm in use (by a route or a candidate path): a
 * segment list of algorithm A is resolved in A's FIB only, never in
 * algorithm 0's (RFC 9350 §14.1: no fallback to another algorithm).
 */
static int
build_algos(struct build *b)
{
	struct srv6gw_gen *g = b->g;
	unsigned int a;

	g->algos = rte_zmalloc(NULL, sizeof(*g->algos) * 128, 0);
	if (g->algos == NULL)
		return fail(b, "out of memory (algorithms)");
	for (a = 128; a <= 255; a++) {
		if (!algo_used(b->cfg, (uint8_t)a))
			continue;
		g->algos[g->n_algos].algorithm = (uint8_t)a;
		if (algo_fill(b, &g->algos[g->n_algos++]) < 0)
			return -1;
	}
	return 0;
}

struct rte_fib6 *
srv6gw_algo_fib6(const struct srv6gw_gen *g, uint8_t algorithm)
{
	unsigned int i;

	if (algorithm == 0)
		return g->tables[0].v6;
	for (i = 0; i < g->n_algos; i++)
		if (g->algos[i].algorithm == algorithm)
			return g->algos[i].v6;
	return NULL;
}

/* ---- local addresses, SIDs, locators ---- */

/* An empty address table for @p n keys, in the generation's memory. */
static int
tab_new(struct srv6gw_addr_tab *t, unsigned int n)
{
	void *mem = rte_zmalloc(NULL, srv6gw_addr_tab_mem(n), RTE_CACHE_LINE_SIZE);

	if (mem == NULL)
		return -1;
	srv6gw_addr_tab_init(t, mem, n);
	return 0;
}

static int
local6_add(struct srv6gw_gen *g, const uint8_t *a)
{
	if (srv6gw_addr_tab_get(&g->local6, a) >= 0)
		return 0;
	return srv6gw_addr_tab_set(&g->local6, a, SRV6GW_LOCAL_NO_PORT);
}

/* Add @p w to the @p n words of @p set unless there (n 0xff: too many). */
static void
few_add(uint64_t *set, uint8_t *n, uint64_t w)
{
	unsigned int i;

	if (*n == 0xff)
		return;
	for (i = 0; i < *n; i++)
		if (set[i] == w)
			return;
	if (*n == SRV6GW_LOCAL_FEW) {
		*n = 0xff;
		return;
	}
	set[(*n)++] = w;
}

/* g->few from the local address tables (struct srv6gw_local_few). */
static void
build_few(struct srv6gw_gen *g)
{
	struct srv6gw_local_few *f = &g->few;
	uint64_t a4[SRV6GW_LOCAL_FEW];
	unsigned int i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i <= g->local6.mask; i++)
		if (g->local6.slot[i].used)
			few_add(f->p6, &f->n6, g->local6.slot[i].k[0]);
	/* the IPv4-mapped key's last 4 bytes are the address (addr_tab_key4) */
	for (i = 0; i <= g->local4.mask; i++)
		if (g->local4.slot[i].used)
			few_add(a4, &f->n4, g->local4.slot[i].k[1] >> 32);
	for (i = 0; f->n4 != 0xff && i < f->n4; i++)
		f->a4[i] = (uint32_t)a4[i];
}

static int
build_local(struct build *b)
{
	struct srv6gw_config *cfg = b->cfg;
	struct srv6gw_gen *g = b->g;
	unsigned int i, j;

	if (tab_new(&g->local4, SRV6GW_MAX_PORTS * SRV6GW_MAX_PORT_ADDRS) < 0 ||
	    tab_new(&g->local6, SRV6GW_MAX_PORTS * SRV6GW_MAX_PORT_ADDRS +
		    cfg->n_policies + 1) < 0)
		return fail(b, "out of memory (address tables)");
	for (i = 0; i < cfg->n_ports; i++) {
		for (j = 0; j < cfg->ports[i].n_ipv4; j++) {
			uint8_t key[16];
			uint32_t a;

			memcpy(&a, cfg->ports[i].ipv4[j].a, 4);
			srv6gw_addr_tab_key4(key, a);
			if (srv6gw_addr_tab_set(&g->local4, key, i) < 0)
				return fail(b, "cannot add local address");
		}
		for (j = 0; j < cfg->ports[i].n_ipv6; j++)
			if (srv6gw_addr_tab_set(&g->local6, cfg->ports[i].ipv6[j].a, i) < 0)
				return fail(b, "cannot add local address");
	}
	/*
	 * Encapsulation sources are ours too (like a loopback): echo requests and
	 * ICMP errors sent back to them are delivered locally, never routed or
	 * mistaken for an unknown SID. SRV6GW_LOCAL_NO_PORT: no ND for them.
	 */
	if (cfg->has_source && local6_add(g, cfg->source) < 0)
		return fail(b, "cannot add the source address");
	for (i = 0; i < cfg->n_policies; i++)
		if (cfg->policies[i].has_source && local6_add(g, cfg->policies[i].source) < 0)
			return fail(b, "cannot add a policy source address");
	build_few(g);
	return 0;
}

/* Local locators: "unknown SID" answers, and the C-SID masked lookups. */
static int
build_locators(struct build *b)
{
	struct srv6gw_config *cfg = b->cfg;
	struct srv6gw_gen *g = b->g;
	unsigned int i, tbl8 = 0;
	uint8_t mask[16];

	if (cfg->n_locators == 0)
		return 0;
	g->locs = rte_zmalloc(NULL, sizeof(*g->locs) * cfg->n_locators, 0);
	if (g->locs == NULL)
		return fail(b, "out of memory (locators)");
	for (i = 0; i < cfg->n_locators; i++)
		tbl8 += srv6gw_tbl8_need(cfg->locators[i].prefix.len);
	g->locators = fib6_new(g, "loc", cfg->n_locators, tbl8);
	if (g->locators == NULL)
		return fail(b, "cannot create the locator table: %s", rte_strerror(rte_errno));
	for (i = 0; i < cfg->n_locators; i++) {
		const struct srv6gw_cfg_locator *l = &cfg->locators[i];

		if (l->remote)
			continue;       /* another node's: only its structure matters */
		g->locs[i].csid = l->has_struct ? l->st.flavor : SRV6GW_CSID_NONE;
		g->locs[i].sid_len = l->st.lbl + srv6gw_csid_len(&l->st);
		memset(mask, 0xff, sizeof(mask));
		srv6gw_prefix_mask(mask, g->locs[i].sid_len);
		memcpy(g->locs[i].sid_mask, mask, sizeof(mask));
		if (rte_fib6_add(g->locators, l->prefix.a, l->prefix.len, i + 1) < 0)
			return fail(b, "%s:%d: cannot add locator", cfg->file, l->line);
	}
	return 0;
}

/*
 * The byte form of a C-SID SID's shift (struct srv6gw_csid_rt): with the
 * Locator-Block (@p lbl bits) and the C-SID (@p lnfl) in whole bytes,
 * RFC 9800 §4.1.1 S05-S06 (the argument moved left by the C-SID's length,
 * zeros after it) is a byte shuffle.
 */
static void
csid_bytes(struct srv6gw_csid_rt *c, unsigned int lbl, unsigned int lnfl)
{
	unsigned int i, b = lbl / 8, l = lnfl / 8;

	srv6gw_u128_store(c->arg_b, c->arg);
	srv6gw_u128_store(c->csid_b, c->csid);
	memset(c->shuf, 0, sizeof(c->shuf));
	if (lbl % 8 != 0 || lnfl % 8 != 0 || l == 0 || b + l > 16)
		return;
	for (i = 0; i < 16; i++)
		c->shuf[i] = i < b ? (uint8_t)i : i + l < 16 ? (uint8_t)(i + l) : 0x80;
}

static int
build_sids(struct build *b)
{
	struct srv6gw_config *cfg = b->cfg;
	struct srv6gw_gen *g = b->g;
	unsigned int i;

	g->n_sids = cfg->n_sids;
	g->sid = rte_zmalloc(NULL, sizeof(*g->sid) * RTE_MAX(cfg->n_sids, 1u), 0);
	g->sid_csid = rte_zmalloc(NULL, sizeof(*g->sid_csid) * RTE_MAX(cfg->n_sids, 1u), 0);
	if (g->sid == NULL || g->sid_csid == NULL || tab_new(&g->sids, cfg->n_sids) < 0)
		return fail(b, "out of memory (SID table)");
	for (i = 0; i < cfg->n_sids; i++) {
		const struct srv6gw_cfg_sid *c = &cfg->sids[i];
		struct srv6gw_sid_rt *s = &g->sid[i];
		int t = table_index(cfg, c->table);

		memcpy(s->sid, c->sid, 16);
		s->behavior = c->behavior;
		s->flavors = c->flavors;
		if (c->flavors & SRV6GW_FL_CSID) {
			const struct srv6gw_sid_struct *st = &cfg->locators[c->locator].st;

			s->lbl = st->lbl;
			s->lnfl = srv6gw_csid_len(st);
			g->sid_csid[i].keep = srv6gw_u128_bits(0, s->lbl);
			g->sid_csid[i].csid = srv6gw_u128_bits(s->lbl, s->lnfl);
			g->sid_csid[i].arg = srv6gw_u128_bits(s->lbl + s->lnfl,
							      128 - s->lbl - s->lnfl);
			csid_bytes(&g->sid_csid[i], s->lbl, s->lnfl);
		}
		s->table = t < 0 ? 0 : t;
		s->policy = c->policy;
		if (c->has_nexthop) {
			s->nh = nexthop_add(b, c->port, c->nexthop.family, false, c->nexthop.a);
			if (s->nh == SRV6GW_NH_NONE)
				return fail(b, "%s:%d: cannot add next hop", cfg->file, c->line);
		}
		if (srv6gw_addr_tab_set(&g->sids, s->sid, i) < 0)
			return fail(b, "%s:%d: cannot add SID", cfg->file, c->line);
	}
	return build_locators(b);
}

/**
 * Each SID's hot fields into its table slot (struct srv6gw_sid_hot), once
 * the guard stage has set its allowed_sources: the slot's key exists, so
 * this only replaces its data.
 */
static int
build_sid_hot(struct build *b)
{
	struct srv6gw_gen *g = b->g;
	unsigned int i;

	for (i = 0; i < g->n_sids; i++)
		if (srv6gw_addr_tab_set_aux(&g->sids, g->sid[i].sid, i,
					    srv6gw_sid_hot_pack(&g->sid[i])) < 0)
			return fail(b, "cannot add SID %u", i);
	return 0;
}

/* ---- policies ---- */

/**
 * Pre-build the outer IPv6 header (+ SRH) of one segment list
 * (RFC 8986 §5.1 H.Encaps, §5.2 H.Encaps.Red), with the SIDs compressed
 * where the locators allow (RFC 9800 §6): the entries are containers
 * (NEXT-C-SID) or C-SID entries (REPLACE-C-SID), the first one in the DA.
 */
static void
template_build(struct build *b, const struct srv6gw_cfg_policy *p,
	       const struct srv6gw_cfg_seglist *l, enum srv6gw_encap_mode mode,
	       struct rte_fib6 *fib, struct srv6gw_seglist_rt *sl)
{
	struct srv6gw_gen *g = b->g;
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)sl->hdr;
	struct srv6gw_srh *srh = (struct srv6gw_srh *)(ip + 1);
	struct srv6gw_csid_packed pk;
	unsigned int in_srh, n, i;
	int rc;
	uint8_t dst[1][RTE_FIB6_IPV6_ADDR_SIZE];
	uint64_t nh = SRV6GW_NH_NONE;

	memset(sl, 0, sizeof(*sl));
	rc = srv6gw_cfg_list_encode(b->cfg, l, mode, &pk);
	in_srh = rc < 0 ? 0 : (unsigned int)rc;        /* the loader refused rc < 0 */
	n = pk.n;
	sl->n_segs = l->n_segs;
	sl->n_entries = n;
	sl->hdr_len = 40 + (in_srh == 0 ? 0 : 8 + 16 * in_srh);
	memcpy(sl->first_sid, pk.entry[0], 16);
	ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
	ip->hop_limits = p->hop_limit >= 0 ? (uint8_t)p->hop_limit : g->hop_limit;
	memcpy(ip->src_addr, p->has_source ? p->source : g->src, 16);
	memcpy(ip->dst_addr, pk.entry[0], 16);
	if (in_srh == 0) {
		sl->nh_off = offsetof(struct rte_ipv6_hdr, proto);
	} else {
		ip->proto = SRV6GW_IPPROTO_ROUTING;
		sl->nh_off = sizeof(*ip);
		srh->hdr_len = 2 * in_srh;
		srh->type = SRV6GW_SRCRT_TYPE_4;
		srh->segments_left = n - 1;
		srh->last_entry = in_srh - 1;
		/* Segment List[0] is the last segment (RFC 8754 §2) */
		for (i = 0; i < in_srh; i++)
			memcpy(srh->segments[i], pk.entry[n - 1 - i], 16);
	}
	srv6gw_guard_template(g, b->cfg, p, mode, sl);  /* RFC 8754 §2.1.2 HMAC TLV */
	/*
	 * the route toward the first entry (the outer destination), in the
	 * candidate path's algorithm's FIB
	 */
	memcpy(dst[0], pk.entry[0], 16);
	if (fib != NULL)
		rte_fib6_lookup_bulk(fib, dst, &nh, 1);
	sl->nh = (uint32_t)nh;
	sl->mtu = sl->nh == SRV6GW_NH_NONE ? 0 : g->nexthops[sl->nh].mtu;
}

static int
build_policies(struct build *b)
{
	struct srv6gw_config *cfg = b->cfg;
	struct srv6gw_gen *g = b->g;
	unsigned int i, c, j;

	g->n_policies = cfg->n_policies;
	g->policies = rte_zmalloc(NULL, sizeof(*g->policies) * RTE_MAX(cfg->n_policies, 1u),
				  RTE_CACHE_LINE_SIZE);
	if (g->policies == NULL)
		return fail(b, "out of memory (policies)");
	for (i = 0; i < cfg->n_policies; i++) {
		const struct srv6gw_cfg_policy *p = &cfg->policies[i];
		struct srv6gw_policy_rt *pr = &g->policies[i];
		enum srv6gw_encap_mode alt = p->mode == SRV6GW_ENCAPS ? SRV6GW_ENCAPS_RED :
									 SRV6GW_ENCAPS;

		snprintf(pr->name, sizeof(pr->name), "%s", p->label);
		pr->mode = p->mode;
		pr->invalid = p->invalid;
		pr->n_lists = p->n_lists;
		for (c = 0; c < p->n_cps; c++) {
			const struct srv6gw_cfg_cpath *cp = &p->cps[c];
			struct rte_fib6 *fib = srv6gw_algo_fib6(g, cp->algorithm);

			for (j = cp->first_list; j < cp->first_list + cp->n_lists; j++) {
				template_build(b, p, &p->lists[j], p->mode, fib, &pr->lists[j]);
				template_build(b, p, &p->lists[j], alt, fib, &pr->alt[j]);
			}
		}
	}
	/* which candidate path is active, with which lists: policy_state.c */
	g->pstate = srv6gw_pstate_eval(g, NULL);
	if (g->pstate == NULL)
		return fail(b, "out of memory (policy state)");
	return 0;
}

/* ---- ports, neighbours, counters ---- */

/** Our MAC and @p type as bytes 6-13 of an Ethernet header, in wire order. */
static void
eth_tail(struct srv6gw_port_rt *pr, unsigned int i, uint16_t type)
{
	uint8_t b[8];
	uint16_t be = rte_cpu_to_be_16(type);

	memcpy(b, &pr->mac, 6);
	memcpy(b + 6, &be, 2);
	memcpy(&pr->eth_tail[i], b, 8);
}

static int
build_ports(struct build *b, const struct rte_ether_addr *macs)
{
	struct srv6gw_config *cfg = b->cfg;
	struct srv6gw_gen *g = b->g;
	unsigned int i;

	g->n_ports = cfg->n_ports;
	for (i = 0; i < cfg->n_ports; i++) {
		const struct srv6gw_cfg_port *cp = &cfg->ports[i];
		struct srv6gw_port_rt *pr = &g->ports[i];

		if (cp->has_mac)
			memcpy(&pr->mac, cp->mac, 6);
		else
			pr->mac = macs[i];
		pr->mtu = cp->mtu;
		eth_tail(pr, 0, RTE_ETHER_TYPE_IPV4);
		eth_tail(pr, 1, RTE_ETHER_TYPE_IPV6);
		pr->has_v4 = cp->n_ipv4 > 0;
		pr->has_v6 = cp->n_ipv6 > 0;
		if (pr->has_v4)
			memcpy(pr->v4, cp->ipv4[0].a, 4);
		if (pr->has_v6)
			memcpy(pr->v6, cp->ipv6[0].a, 16);
	}
	return 0;
}

static int
build_neighbors(struct build *b)
{
	struct srv6gw_config *cfg = b->cfg;
	unsigned int i;

	srv6gw_neigh_unstatic(cfg);
	for (i = 0; i < cfg->n_neighbors; i++) {
		const struct srv6gw_cfg_neighbor *n = &cfg->neighbors[i];
		int32_t idx = srv6gw_neigh_ensure(n->port, n->addr.family, n->addr.a);

		if (idx < 0)
			return fail(b, "%s:%d: neighbour table full", cfg->file, n->line);
		srv6gw_neigh_set_static(idx, n->mac);
	}
	return 0;
}

static int
build_counters(struct build *b, unsigned int n_workers)
{
	struct srv6gw_gen *g = b->g;
	unsigned int i, n;

	g->n_workers = n_workers;
	/* rows of whole cache lines: no line written by two workers */
	g->sid_row = RTE_ALIGN_CEIL(RTE_MAX(g->n_sids, 1u),
				    RTE_CACHE_LINE_SIZE / sizeof(*g->sid_stats));
	g->sid_stats = rte_zmalloc(NULL, sizeof(*g->sid_stats) * n_workers * g->sid_row,
				  RTE_CACHE_LINE_SIZE);
	g->pol_first = rte_zmalloc(NULL, sizeof(*g->pol_first) * RTE_MAX(g->n_policies, 1u), 0);
	if (g->pol_first == NULL)
		return fail(b, "out of memory (counters)");
	for (i = 0, n = 0; i < g->n_policies; i++) {    /* each policy's lists side by side */
		g->pol_first[i] = n;
		n += RTE_MAX(g->policies[i].n_lists, 1u);
	}
	g->pol_row = RTE_ALIGN_CEIL(RTE_MAX(n, 1u), RTE_CACHE_LINE_SIZE / sizeof(*g->pol_stats));
	g->pol_stats = rte_zmalloc(NULL, sizeof(*g->pol_stats) * n_workers * g->pol_row,
				  RTE_CACHE_LINE_SIZE);
	g->list_base = rte_zmalloc(NULL, sizeof(*g->list_base) * RTE_MAX(g->n_policies, 1u) *
				   SRV6GW_MAX_POLICY_LISTS, 0);
	g->sid_base = rte_zmalloc(NULL, sizeof(*g->sid_base) * RTE_MAX(g->n_sids, 1u), 0);
	g->pol_base = rte_zmalloc(NULL, sizeof(*g->pol_base) * RTE_MAX(g->n_policies, 1u), 0);
	if (g->sid_stats == NULL || g->pol_stats == NULL || g->sid_base == NULL ||
	    g->pol_base == NULL || g->list_base == NULL)
		return fail(b, "out of memory (counters)");
	return 0;
}

struct srv6gw_gen *
srv6gw_gen_build(struct srv6gw_config *cfg, const struct rte_ether_addr *macs,
		unsigned int n_workers, uint64_t id, char *err, size_t errlen)
{
	struct build b = { .cfg = cfg, .err = err, .errlen = errlen };
	struct srv6gw_gen *g;

	g = rte_zmalloc("srv6gw_gen", sizeof(*g), RTE_CACHE_LINE_SIZE);
	if (g == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	b.g = g;
	g->cfg = cfg;           /* read by the builders; reset on failure */
	g->id = id;
	snprintf(g->name, sizeof(g->name), "g%lu", (unsigned long)id);
	memcpy(g->src, cfg->source, 16);
	g->has_src = cfg->has_source;
	g->hop_limit = cfg->hop_limit;
	g->icmp_rate = cfg->icmp.rate;
	g->icmp_burst = cfg->icmp.burst;
	g->nud_reachable_tsc = (uint64_t)cfg->nud.reachable_ms * rte_get_tsc_hz() / 1000;
	g->nud_probe_tsc = (uint64_t)cfg->nud.probes * rte_get_tsc_hz();
	b.max_nh = cfg->n_routes + cfg->n_sids + SRV6GW_MAX_PORTS * SRV6GW_MAX_PORT_ADDRS * 2 + 2;
	g->nexthops = rte_zmalloc(NULL, sizeof(*g->nexthops) * b.max_nh, 0);
	g->n_nexthops = 1;      /* 0 = no route */
	if (g->nexthops == NULL || build_ports(&b, macs) < 0 || build_neighbors(&b) < 0 ||
	    build_tables(&b) < 0 || build_algos(&b) < 0 || build_local(&b) < 0 ||
	    build_sids(&b) < 0 || srv6gw_guard_build(g, cfg, err, errlen) < 0 ||
	    build_sid_hot(&b) < 0 || build_policies(&b) < 0 ||
	    srv6gw_classify_build(g, cfg, err, errlen) < 0 || build_counters(&b, n_workers) < 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "out of memory");
		g->cfg = NULL;
		srv6gw_gen_free(g);
		return NULL;
	}
	g->cfg = cfg;
	return g;
}

void
srv6gw_gen_free(struct srv6gw_gen *g)
{
	unsigned int i;

	if (g == NULL)
		return;
	for (i = 0; i < g->n_ports; i++) {
		if (g->ports[i].class4 != g->class4_any)
			rte_fib_free(g->ports[i].class4);
		if (g->ports[i].class6 != g->class6_any)
			rte_fib6_free(g->ports[i].class6);
	}
	rte_fib_free(g->class4_any);
	rte_fib6_free(g->class6_any);
	for (i = 0; g->tables != NULL && i < g->n_tables; i++) {
		rte_fib_free(g->tables[i].v4);
		rte_fib6_free(g->tables[i].v6);
	}
	rte_fib6_free(g->locators);
	for (i = 0; g->algos != NULL && i < g->n_algos; i++)
		rte_fib6_free(g->algos[i].v6);
	rte_free(g->algos);
	rte_free(g->pstate);
	rte_free(g->locs);
	rte_free(g->sids.slot);
	rte_free(g->local4.slot);
	rte_free(g->local6.slot);
	rte_free(g->tables);
	rte_free(g->sid);
	rte_free(g->sid_csid);
	rte_free(g->policies);
	rte_free(g->nexthops);
	rte_free(g->sid_stats);
	rte_free(g->pol_stats);
	rte_free(g->pol_first);
	rte_free(g->sid_base);
	rte_free(g->pol_base);
	rte_free(g->list_base);
	srv6gw_guard_free(g);
	srv6gw_config_free(g->cfg);
	rte_free(g);
}
