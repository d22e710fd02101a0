/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */

/*
 * Checks across configuration entries: duplicates, overlapping locators, SIDs
 * outside every locator or equal to an interface address, headroom, table
 * ids. Entries that failed their own checks are not in the arrays, so these
 * checks see only well-formed entries.
 *
 * Duplicates are found by sorting keys (O(n log n)): route and SID tables can
 * hold hundreds of thousands of entries.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/addr.h"
#include "cp/config_priv.h"

/** A sortable key of one entry: the bytes that must be unique, then the index. */
struct dkey {
	uint8_t k[32];
	unsigned int idx;
};

typedef void (*key_fn)(const struct srv6gw_config *cfg, unsigned int i, struct dkey *key);
typedef void (*dup_fn)(struct srv6gw_cfg_ctx *ctx, unsigned int dup, unsigned int first);

void
srv6gw_cfg_table_add(struct srv6gw_cfg_ctx *ctx, uint32_t id)
{
	ctx->table_known[id / 8] |= (uint8_t)(1u << (id % 8));
}

bool
srv6gw_cfg_table_exists(const struct srv6gw_cfg_ctx *ctx, uint32_t id)
{
	return id <= SRV6GW_MAX_TABLE_ID && (ctx->table_known[id / 8] & (1u << (id % 8)));
}

int
srv6gw_cfg_tables_finish(struct srv6gw_cfg_ctx *ctx)
{
	struct srv6gw_config *cfg = ctx->cfg;
	uint32_t id, n = 0;

	for (id = 0; id <= SRV6GW_MAX_TABLE_ID; id++)
		n += srv6gw_cfg_table_exists(ctx, id);
	cfg->tables = calloc(n, sizeof(*cfg->tables));
	if (cfg->tables == NULL)
		return -ENOMEM;
	for (id = 0; id <= SRV6GW_MAX_TABLE_ID; id++)
		if (srv6gw_cfg_table_exists(ctx, id))
			cfg->tables[cfg->n_tables++] = id;
	return 0;
}

/* Most SIDs a list can have in @mode and still fit the headroom. */
static unsigned int
max_segs(enum srv6gw_encap_mode mode)
{
	unsigned int n = 1;

	while (n < SRV6GW_MAX_SEGS && srv6gw_encap_overhead(mode, n + 1) <= SRV6GW_MAX_ENCAP_BYTES)
		n++;
	return n;
}

/*
 * The outer IPv6 header (40) and SRH (8 + 16 per SID in it, RFC 8754 §2) are
 * prepended in the mbuf headroom; H.Encaps.Red leaves the first SID out of
 * the SRH (RFC 8986 §5.2).
 */
bool
srv6gw_cfg_headroom_ok(struct srv6gw_cfg_ctx *ctx, int line, const char *who,
		enum srv6gw_encap_mode mode, const struct srv6gw_cfg_seglist *sl)
{
	unsigned int need = srv6gw_cfg_list_overhead(ctx->cfg, sl, mode);

	if (need == 0) {
		/* RFC 9800 §4.2.1: a node at index 0 reads the next entry as C-SIDs */
		srv6gw_cfg_error(ctx, line, "%sa replace-csid SID must be followed by another "
			"C-SID of its block, or be the last segment", who);
		return false;
	}
	if (need <= SRV6GW_MAX_ENCAP_BYTES)
		return true;
	srv6gw_cfg_error(ctx, line, "%ssegment list of %u SIDs needs %u bytes of headroom, at most "
		"%u available (%u SIDs with encaps, %u with encaps.red, more when they "
		"compress)", who, sl->n_segs, need, SRV6GW_MAX_ENCAP_BYTES,
		max_segs(SRV6GW_ENCAPS), max_segs(SRV6GW_ENCAPS_RED));
	return false;
}

/* ---- policies by name --------------------------------------------------- */

static int
name_cmp(const void *a, const void *b)
{
	const struct srv6gw_cfg_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

int
srv6gw_cfg_policies_index(struct srv6gw_cfg_ctx *ctx)
{
	const struct srv6gw_config *cfg = ctx->cfg;
	struct srv6gw_cfg_name *names;
	unsigned int i, first = 0;

	if (cfg->n_policies == 0)
		return 0;
	names = calloc(cfg->n_policies, sizeof(*names));
	if (names == NULL)
		return -ENOMEM;
	for (i = 0; i < cfg->n_policies; i++) {
		names[i].name = cfg->policies[i].name;
		names[i].idx = i;
	}
	qsort(names, cfg->n_policies, sizeof(*names), name_cmp);
	for (i = 1; i < cfg->n_policies; i++) {
		if (strcmp(names[i].name, names[first].name) != 0) {
			first = i;
			continue;
		}
		if (names[i].name[0] == '\0')
			continue;       /* unnamed (color, endpoint) policies */
		srv6gw_cfg_error(ctx, cfg->policies[names[i].idx].line,
			"policy '%s' is already defined at line %d", names[i].name,
			cfg->policies[names[first].idx].line);
	}
	ctx->policy_names = names;
	return 0;
}

int
srv6gw_cfg_policy_find(const struct srv6gw_cfg_ctx *ctx, const char *name)
{
	const struct srv6gw_cfg_name *names = ctx->policy_names;
	unsigned int lo = 0, hi = ctx->cfg->n_policies, mid;

	if (names == NULL || name[0] == '\0')
		return -1;
	/* the first of equal names: the policy defined first */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(names[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ctx->cfg->n_policies && strcmp(names[lo].name, name) == 0)
		return (int)names[lo].idx;
	return -1;
}

/* ---- duplicates --------------------------------------------------------- */

static int
dkey_cmp(const void *a, const void *b)
{
	const struct dkey *x = a, *y = b;
	int c = memcmp(x->k, y->k, sizeof(x->k));

	if (c != 0)
		return c;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/*
 * Sort the @n keys made by @key and call @report for each entry equal to an
 * earlier one (first: the earliest). Returns the sorted keys (caller frees)
 * in *sorted if not NULL.
 */
static int
find_dups(struct srv6gw_cfg_ctx *ctx, unsigned int n, key_fn key, dup_fn report,
		struct dkey **sorted)
{
	struct dkey *keys;
	unsigned int i, first = 0;

	if (n == 0)
		return 0;
	keys = calloc(n, sizeof(*keys));
	if (keys == NULL)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		key(ctx->cfg, i, &keys[i]);
		keys[i].idx = i;
	}
	qsort(keys, n, sizeof(*keys), dkey_cmp);
	for (i = 1; i < n && report != NULL; i++) {
		if (memcmp(keys[i].k, keys[first].k, sizeof(keys[i].k)) != 0)
			first = i;
		else
			report(ctx, keys[i].idx, keys[first].idx);
	}
	if (sorted != NULL)
		*sorted = keys;
	else
		free(keys);
	return 0;
}

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void
neigh_key(const struct srv6gw_config *cfg, unsigned int i, struct dkey *key)
{
	const struct srv6gw_cfg_neighbor *nb = &cfg->neighbors[i];

	put_be32(key->k, nb->port);
	key->k[4] = nb->addr.family;
	memcpy(&key->k[5], nb->addr.a, 16);
}

static void
neigh_dup(struct srv6gw_cfg_ctx *ctx, unsigned int dup, unsigned int first)
{
	const struct srv6gw_config *cfg = ctx->cfg;
	const struct srv6gw_cfg_neighbor *nb = &cfg->neighbors[dup];
	char ip[SRV6GW_IP_STRLEN];

	srv6gw_cfg_error(ctx, nb->line, "neighbor %s on port '%s' is already defined at line %d",
		srv6gw_ip_format(nb->addr.family, nb->addr.a, ip, sizeof(ip)),
		cfg->ports[nb->port].name, cfg->neighbors[first].line);
}

static void
route_key(const struct srv6gw_config *cfg, unsigned int i, struct dkey *key)
{
	const struct srv6gw_cfg_route *r = &cfg->routes[i];

	put_be32(key->k, r->table);
	key->k[4] = r->prefix.family;
	key->k[5] = r->prefix.len;
	memcpy(&key->k[6], r->prefix.a, 16);
	key->k[22] = r->algorithm;
}

static void
route_dup(struct srv6gw_cfg_ctx *ctx, unsigned int dup, unsigned int first)
{
	const struct srv6gw_cfg_route *r = &ctx->cfg->routes[dup];
	char pfx[SRV6GW_PREFIX_STRLEN];

	srv6gw_prefix_format(r->prefix.family, r->prefix.a, r->prefix.len, pfx, sizeof(pfx));
	if (r->algorithm != 0)
		srv6gw_cfg_error(ctx, r->line, "route %s for algorithm %u is already defined at "
			"line %d", pfx, r->algorithm, ctx->cfg->routes[first].line);
	else
		srv6gw_cfg_error(ctx, r->line, "route %s in table %u is already defined at line %d",
			pfx, r->table, ctx->cfg->routes[first].line);
}

static void
steer_key(const struct srv6gw_config *cfg, unsigned int i, struct dkey *key)
{
	const struct srv6gw_cfg_steer *st = &cfg->steering[i];

	put_be32(key->k, (uint32_t)(st->port + 1));
	key->k[4] = st->match.family;
	key->k[5] = st->match.len;
	memcpy(&key->k[6], st->match.a, 16);
}

static void
steer_dup(struct srv6gw_cfg_ctx *ctx, unsigned int dup, unsigned int first)
{
	const struct srv6gw_config *cfg = ctx->cfg;
	const struct srv6gw_cfg_steer *st = &cfg->steering[dup];
	char pfx[SRV6GW_PREFIX_STRLEN], port[SRV6GW_NAME_MAX + 16];

	if (st->port < 0)
		snprintf(port, sizeof(port), "without a port");
	else
		snprintf(port, sizeof(port), "on port '%s'", cfg->ports[st->port].name);
	srv6gw_cfg_error(ctx, st->line, "steering %s %s is already defined at line %d",
		srv6gw_prefix_format(st->match.family, st->match.a, st->match.len, pfx,
			sizeof(pfx)), port, cfg->steering[first].line);
}

static void
sid_key(const struct srv6gw_config *cfg, unsigned int i, struct dkey *key)
{
	memcpy(key->k, cfg->sids[i].sid, 16);
}

static void
sid_dup(struct srv6gw_cfg_ctx *ctx, unsigned int dup, unsigned int first)
{
	const struct srv6gw_config *cfg = ctx->cfg;
	char ip[SRV6GW_IP_STRLEN];

	srv6gw_cfg_error(ctx, cfg->sids[dup].line, "SID %s is already defined at line %d",
		srv6gw_ip_format(AF_INET6, cfg->sids[dup].sid, ip, sizeof(ip)),
		cfg->sids[first].line);
}

static void
locname_key(const struct srv6gw_config *cfg, unsigned int i, struct dkey *key)
{
	/* a locator without a valid name gets a unique key (its index) */
	if (cfg->locators[i].name[0] == '\0')
		put_be32(&key->k[1], i);
	else
		memcpy(key->k, cfg->locators[i].name, SRV6GW_NAME_MAX);
}

static void
locname_dup(struct srv6gw_cfg_ctx *ctx, unsigned int dup, unsigned int first)
{
	const struct srv6gw_cfg_locator *loc = ctx->cfg->locators;

	srv6gw_cfg_error(ctx, loc[dup].line, "locator name '%s' is already used at line %d",
		loc[dup].name, loc[first].line);
}

/* Sorted by address then length: a prefix comes before those inside it. */
static void
locpfx_key(const struct srv6gw_config *cfg, unsigned int i, struct dkey *key)
{
	memcpy(key->k, cfg->locators[i].prefix.a, 16);
	key->k[16] = cfg->locators[i].prefix.len;
}

/* ---- locators and SIDs -------------------------------------------------- */

/* Report at the locator defined last: the earlier definition stands. */
static void
report_overlap(struct srv6gw_cfg_ctx *ctx, unsigned int a, unsigned int b)
{
	const struct srv6gw_cfg_locator *loc = ctx->cfg->locators;
	char pa[SRV6GW_PREFIX_STRLEN], pb[SRV6GW_PREFIX_STRLEN];
	unsigned int t;

	if (a < b) {
		t = a;
		a = b;
		b = t;
	}
	srv6gw_cfg_error(ctx, loc[a].line, "locator '%s' (%s) overlaps locator '%s' (%s, "
		"line %d)", loc[a].name,
		srv6gw_prefix_format(AF_INET6, loc[a].prefix.a, loc[a].prefix.len, pa, sizeof(pa)),
		loc[b].name,
		srv6gw_prefix_format(AF_INET6, loc[b].prefix.a, loc[b].prefix.len, pb, sizeof(pb)),
		loc[b].line);
	ctx->locators_overlap = true;
}

/*
 * Locators must not overlap: the locator a SID belongs to must be unique.
 * Sorted by address then length, a prefix comes right after the ones that
 * contain it; a stack of the open containers gives each locator's nearest
 * container, and each overlap is reported once.
 */
static int
check_overlaps(struct srv6gw_cfg_ctx *ctx, const struct dkey *sorted)
{
	const struct srv6gw_cfg_locator *loc = ctx->cfg->locators;
	const struct srv6gw_prefix *top, *p;
	unsigned int i, depth = 0, *stack;

	stack = calloc(ctx->cfg->n_locators, sizeof(*stack));
	if (stack == NULL)
		return -ENOMEM;
	for (i = 0; i < ctx->cfg->n_locators; i++) {
		p = &loc[sorted[i].idx].prefix;
		while (depth > 0) {
			top = &loc[stack[depth - 1]].prefix;
			if (srv6gw_prefix_contains(top->a, top->len, p->a) && top->len <= p->len)
				break;
			depth--;
		}
		if (depth > 0)
			report_overlap(ctx, sorted[i].idx, stack[depth - 1]);
		stack[depth++] = sorted[i].idx;
	}
	free(stack);
	return 0;
}

/* Index of the locator containing @sid, or -1. */
static int
find_locator(const struct srv6gw_cfg_ctx *ctx, const struct dkey *sorted, const uint8_t sid[16])
{
	const struct srv6gw_cfg_locator *loc = ctx->cfg->locators;
	unsigned int lo = 0, hi = ctx->cfg->n_locators, mid, i;

	/* the last locator starting at or before the SID */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (memcmp(sorted[mid].k, sid, 16) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0) {
		i = sorted[lo - 1].idx;
		if (srv6gw_prefix_contains(loc[i].prefix.a, loc[i].prefix.len, sid))
			return (int)i;
	}
	for (i = 0; ctx->locators_overlap && i < ctx->cfg->n_locators; i++)
		if (srv6gw_prefix_contains(loc[i].prefix.a, loc[i].prefix.len, sid))
			return (int)i;
	return -1;
}

/*
 * A SID equal to an interface address would shadow it: the destination is
 * looked up as a SID first (docs/dataplane.md), so pings, ND and the RFC 8754
 * §4.3.2 handling of the address would never happen (the VPP-1500 case).
 */
static const struct srv6gw_cfg_port *
sid_is_ifaddr(const struct srv6gw_config *cfg, const uint8_t sid[16])
{
	unsigned int i, j;

	for (i = 0; i < cfg->n_ports; i++)
		for (j = 0; j < cfg->ports[i].n_ipv6; j++)
			if (memcmp(cfg->ports[i].ipv6[j].a, sid, 16) == 0)
				return &cfg->ports[i];
	return NULL;
}

static void
check_sids(struct srv6gw_cfg_ctx *ctx, const struct dkey *locs)
{
	struct srv6gw_config *cfg = ctx->cfg;
	const struct srv6gw_cfg_port *port;
	struct srv6gw_cfg_sid *sid;
	char ip[SRV6GW_IP_STRLEN];
	unsigned int i;
	int loc;

	for (i = 0; i < cfg->n_sids; i++) {
		sid = &cfg->sids[i];
		srv6gw_ip_format(AF_INET6, sid->sid, ip, sizeof(ip));
		port = sid_is_ifaddr(cfg, sid->sid);
		if (port != NULL)
			srv6gw_cfg_error(ctx, sid->line, "SID %s is an address of port '%s'", ip,
				port->name);
		loc = cfg->n_locators > 0 ? find_locator(ctx, locs, sid->sid) : -1;
		if (loc >= 0) {
			sid->locator = (unsigned int)loc;
			srv6gw_cfg_check_sid_csid(ctx, sid);
		} else if (!ctx->locators_incomplete)
			srv6gw_cfg_error(ctx, sid->line, "SID %s is not inside any locator", ip);
	}
}

static int
check_locators_and_sids(struct srv6gw_cfg_ctx *ctx)
{
	struct dkey *sorted = NULL;
	int ret;

	ret = find_dups(ctx, ctx->cfg->n_locators, locname_key, locname_dup, NULL);
	if (ret == 0)
		ret = find_dups(ctx, ctx->cfg->n_locators, locpfx_key, NULL, &sorted);
	if (ret == 0 && sorted != NULL)
		ret = check_overlaps(ctx, sorted);
	if (ret == 0)
		check_sids(ctx, sorted);
	free(sorted);
	if (ret != 0)
		return ret;
	return find_dups(ctx, ctx->cfg->n_sids, sid_key, sid_dup, NULL);
}

/* RFC 8986 §5: the outer source is the policy's, else srv6.source. */
static void
check_sources(struct srv6gw_cfg_ctx *ctx)
{
	const struct srv6gw_config *cfg = ctx->cfg;
	unsigned int i;

	if (cfg->has_source || ctx->source_bad)
		return;
	for (i = 0; i < cfg->n_policies; i++)
		if (!cfg->policies[i].has_source)
			srv6gw_cfg_error(ctx, cfg->policies[i].line, "policy '%s' has no 'source' "
				"and srv6.source is not set", cfg->policies[i].label);
}

int
srv6gw_cfg_validate(struct srv6gw_cfg_ctx *ctx)
{
	const struct srv6gw_config *cfg = ctx->cfg;
	int ret;

	ret = find_dups(ctx, cfg->n_neighbors, neigh_key, neigh_dup, NULL);
	if (ret == 0)
		ret = find_dups(ctx, cfg->n_routes, route_key, route_dup, NULL);
	if (ret == 0)
		ret = check_locators_and_sids(ctx);
	if (ret == 0)
		ret = srv6gw_cfg_check_nodes(ctx);
	if (ret == 0)
		ret = srv6gw_cfg_check_policy_keys(ctx);
	if (ret == 0)
		ret = find_dups(ctx, cfg->n_steering, steer_key, steer_dup, NULL);
	check_sources(ctx);
	return ret;
}
