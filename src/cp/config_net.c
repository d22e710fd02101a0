/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * The network sections: ports (name, device, addresses, MTU), neighbors,
 * routes (with their Flex-Algo algorithm), tables, icmp and neighbor_timers.
 * Split out of config_parse.c, whose typed-access helpers it uses through
 * config_priv.h.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <libconfig.h>

#include "common/addr.h"
#include "cp/config_guard.h"
#include "cp/config_priv.h"
#include "srv6gw/config.h"

#define CFG_MTU_MIN 1280 /* RFC 8200 §5: minimum IPv6 link MTU */
#define CFG_MTU_MAX 9600
#define CFG_MTU_DEFAULT 1500
#define CFG_ICMP_RATE_DEFAULT 100
#define CFG_ICMP_BURST_DEFAULT 10
#define CFG_ICMP_MAX 10000000

static const char *const port_keys[] = {
	"name", "device", "args", "mac", "ipv4", "ipv6", "mtu",
	"role", "urpf", "drop_srh", "hmac", NULL
};
static const char *const neigh_keys[] = { "port", "address", "mac", NULL };
static const char *const route_keys[] = {
	"prefix", "via", "port", "table", "algorithm", NULL
};
static const char *const icmp_keys[] = { "rate", "burst", NULL };
static const char *const nud_keys[] = { "reachable_ms", "probes", NULL };

/* ---- ports -------------------------------------------------------------- */

/* The port, among those up to and including @self, that has address @a. */
static const struct srv6gw_cfg_port *
ifaddr_owner(const struct srv6gw_config *cfg, const struct srv6gw_cfg_port *self,
		uint8_t family, const uint8_t a[16])
{
	const struct srv6gw_cfg_port *p;
	const struct srv6gw_ifaddr *ia;
	unsigned int i, j, n;

	for (i = 0; &cfg->ports[i] <= self; i++) {
		p = &cfg->ports[i];
		ia = family == AF_INET ? p->ipv4 : p->ipv6;
		n = family == AF_INET ? p->n_ipv4 : p->n_ipv6;
		for (j = 0; j < n; j++)
			if (memcmp(ia[j].a, a, 16) == 0)
				return p;
	}
	return NULL;
}

static void
parse_ifaddr(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s, const char *who,
		const char *key, struct srv6gw_cfg_port *port, uint8_t family)
{
	struct srv6gw_prefix pfx;
	const struct srv6gw_cfg_port *owner;
	struct srv6gw_ifaddr *ia = family == AF_INET ? port->ipv4 : port->ipv6;
	unsigned int *n = family == AF_INET ? &port->n_ipv4 : &port->n_ipv6;
	const char *text = config_setting_get_string(s), *why;

	if (!srv6gw_cfg_parse_prefix(ctx, s, who, key, false, &pfx))
		return;
	if (pfx.family != family) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%s%s '%s' is not an %s address", who,
			key, text, srv6gw_family_name(family));
		return;
	}
	why = srv6gw_cfg_ip_not_unicast(family, pfx.a);
	if (why != NULL || pfx.len == 0) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%s%s %s is %s", who, key, text,
			why != NULL ? why : "not an interface address (length 0)");
		return;
	}
	owner = ifaddr_owner(ctx->cfg, port, family, pfx.a);
	if (owner != NULL) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s),
			"%s%s %s: the address is already assigned to port '%s' (line %d)", who,
			key, text, owner->name, owner->line);
		return;
	}
	ia[*n].family = family;
	ia[*n].len = pfx.len;
	memcpy(ia[*n].a, pfx.a, 16);
	(*n)++;
}

static void
parse_ifaddrs(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		const char *key, struct srv6gw_cfg_port *port, uint8_t family)
{
	bool bad = false;
	const config_setting_t *list = srv6gw_cfg_member(ctx, g, key, T_STRINGS, who, &bad);
	int i, n;

	if (list == NULL)
		return;
	n = config_setting_length(list);
	if (n > SRV6GW_MAX_PORT_ADDRS) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(list),
			"%s%s has %d addresses, at most %d allowed", who, key, n,
			SRV6GW_MAX_PORT_ADDRS);
		return;
	}
	for (i = 0; i < n; i++)
		parse_ifaddr(ctx, config_setting_get_elem(list, (unsigned int)i), who, key, port,
			family);
}

static void
parse_port_device(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_port *p)
{
	const struct srv6gw_config *cfg = ctx->cfg;
	const config_setting_t *s;
	bool bad = false;
	unsigned int i;

	s = srv6gw_cfg_need(ctx, g, "device", T_STRING, who, &bad);
	if (s == NULL || !srv6gw_cfg_copy_string(ctx, s, who, p->device, sizeof(p->device)))
		return;
	for (i = 0; &cfg->ports[i] < p; i++) {
		if (strcmp(cfg->ports[i].device, p->device) == 0) {
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(s),
				"%sdevice '%s' is already used by port '%s' (line %d)", who,
				p->device, cfg->ports[i].name, cfg->ports[i].line);
			return;
		}
	}
}

/* The port name; duplicates are refused here, ports are few. */
static bool
parse_port_name(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g,
		struct srv6gw_cfg_port *p)
{
	const struct srv6gw_config *cfg = ctx->cfg;
	const config_setting_t *s;
	bool bad = false;
	unsigned int i;

	s = srv6gw_cfg_need(ctx, g, "name", T_STRING, "port: ", &bad);
	if (s == NULL || !srv6gw_cfg_check_name(ctx, s, "port"))
		return false;
	for (i = 0; &cfg->ports[i] < p; i++) {
		if (strcmp(cfg->ports[i].name, config_setting_get_string(s)) == 0) {
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(s),
				"port name '%s' is already used at line %d",
				config_setting_get_string(s), cfg->ports[i].line);
			break; /* references to it resolve to the first one */
		}
	}
	strcpy(p->name, config_setting_get_string(s));
	return true;
}

static void
parse_port(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, struct srv6gw_cfg_port *p)
{
	char who[CFG_WHO_MAX];
	const config_setting_t *s;
	bool bad = false;
	long long v;

	p->line = srv6gw_cfg_line(g);
	p->mtu = CFG_MTU_DEFAULT;
	if (!parse_port_name(ctx, g, p))
		ctx->ports_incomplete = true;
	if (p->name[0] != '\0')
		snprintf(who, sizeof(who), "port '%s': ", p->name);
	else
		snprintf(who, sizeof(who), "port: ");
	srv6gw_cfg_check_keys(ctx, g, port_keys, who);
	parse_port_device(ctx, g, who, p);
	s = srv6gw_cfg_member(ctx, g, "args", T_STRING, who, &bad);
	if (s != NULL)
		srv6gw_cfg_copy_string(ctx, s, who, p->args, sizeof(p->args));
	p->has_mac = srv6gw_cfg_get_mac(ctx, g, "mac", who, p->mac) == 1;
	parse_ifaddrs(ctx, g, who, "ipv4", p, AF_INET);
	parse_ifaddrs(ctx, g, who, "ipv6", p, AF_INET6);
	/* RFC 8200 §5: every IPv6 link has an MTU of at least 1280 */
	if (srv6gw_cfg_get_int(ctx, g, "mtu", who, CFG_MTU_MIN, CFG_MTU_MAX, &v) == 1)
		p->mtu = (uint32_t)v;
	srv6gw_cfg_guard_port(ctx, g, who, p);
}

void
srv6gw_cfg_parse_ports(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root)
{
	struct srv6gw_config *cfg = ctx->cfg;
	const config_setting_t *list, *g;
	bool bad = false;
	int i, n;

	n = srv6gw_cfg_section(ctx, root, "ports", "", &list, &bad);
	if (n == 0) {
		if (!bad)
			srv6gw_cfg_error(ctx, list != NULL ? srv6gw_cfg_line(list) : 0,
				"'ports' %s: at least one port is needed",
				list != NULL ? "is empty" : "is missing");
		ctx->ports_incomplete = true;
		return;
	}
	for (i = 0; i < n; i++) {
		g = srv6gw_cfg_group_elem(ctx, list, i, "ports");
		if (g == NULL) {
			ctx->ports_incomplete = true;
			continue;
		}
		if (cfg->n_ports == SRV6GW_MAX_PORTS) {
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(g), "too many ports: at most %d",
				SRV6GW_MAX_PORTS);
			ctx->ports_incomplete = true;
			return;
		}
		parse_port(ctx, g, &cfg->ports[cfg->n_ports++]);
	}
}

/* ---- neighbours, routes, tables, icmp ----------------------------------- */

static void
parse_neighbor(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g)
{
	struct srv6gw_config *cfg = ctx->cfg;
	struct srv6gw_cfg_neighbor *nb = &cfg->neighbors[cfg->n_neighbors];
	const char *who = "neighbor: ";
	bool bad = false, ok = true;

	memset(nb, 0, sizeof(*nb));
	srv6gw_cfg_check_keys(ctx, g, neigh_keys, who);
	if (srv6gw_cfg_need(ctx, g, "port", T_STRING, who, &bad) == NULL ||
	    srv6gw_cfg_get_port_ref(ctx, g, "port", who, &nb->port) != 1)
		ok = false;
	if (srv6gw_cfg_need(ctx, g, "address", T_STRING, who, &bad) == NULL ||
	    srv6gw_cfg_get_addr(ctx, g, "address", who, 0, false, &nb->addr) != 1)
		ok = false;
	if (srv6gw_cfg_need(ctx, g, "mac", T_STRING, who, &bad) == NULL ||
	    srv6gw_cfg_get_mac(ctx, g, "mac", who, nb->mac) != 1)
		ok = false;
	nb->line = srv6gw_cfg_line(g);
	if (ok)
		cfg->n_neighbors++;
}

int
srv6gw_cfg_parse_neighbors(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root)
{
	return srv6gw_cfg_group_list(ctx, root, "neighbors", "", "neighbors",
			(void **)&ctx->cfg->neighbors, sizeof(*ctx->cfg->neighbors),
			parse_neighbor, NULL);
}

/*
 * RFC 9350: a route computed for a Flex-Algo algorithm goes to that
 * algorithm's own FIB, used for the segment lists of policies of that
 * algorithm. SRv6 locators are IPv6, and algorithm FIBs shadow the main
 * table only.
 */
static bool
parse_route_algorithm(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_route *r, bool pfx_ok)
{
	const config_setting_t *s = config_setting_get_member(g, "algorithm");

	if (!srv6gw_cfg_get_algorithm(ctx, g, who, 0, &r->algorithm))
		return false;
	if (r->algorithm == 0)
		return true;
	if (pfx_ok && r->prefix.family != AF_INET6) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s),
			"%salgorithm %u: Flex-Algo routes must be IPv6", who, r->algorithm);
		return false;
	}
	if (r->table != 0) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%salgorithm %u: a Flex-Algo route "
			"cannot also have a table (%u)", who, r->algorithm, r->table);
		return false;
	}
	return true;
}

static void
parse_route(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g)
{
	struct srv6gw_config *cfg = ctx->cfg;
	struct srv6gw_cfg_route *r = &cfg->routes[cfg->n_routes];
	char who[CFG_WHO_MAX], pfx[SRV6GW_PREFIX_STRLEN];
	long long table = 0;
	bool bad = false, ok, pfx_ok;
	int ret;

	memset(r, 0, sizeof(*r));
	r->line = srv6gw_cfg_line(g);
	pfx_ok = srv6gw_cfg_need(ctx, g, "prefix", T_STRING, "route: ", &bad) != NULL &&
		srv6gw_cfg_get_prefix(ctx, g, "prefix", "route: ", &r->prefix) == 1;
	ok = pfx_ok;
	if (ok)
		snprintf(who, sizeof(who), "route %s: ", srv6gw_prefix_format(r->prefix.family,
			r->prefix.a, r->prefix.len, pfx, sizeof(pfx)));
	else
		snprintf(who, sizeof(who), "route: ");
	srv6gw_cfg_check_keys(ctx, g, route_keys, who);
	/* the table exists even if this route is broken: no cascade of errors */
	ret = srv6gw_cfg_get_int(ctx, g, "table", who, 0, SRV6GW_MAX_TABLE_ID, &table);
	if (ret < 0) {
		ctx->tables_incomplete = true;
		ok = false;
	}
	srv6gw_cfg_table_add(ctx, (uint32_t)table);
	r->table = (uint32_t)table;
	/* no IPv4 next hop for IPv6 routes or the reverse (no RFC 8950) */
	ret = srv6gw_cfg_get_addr(ctx, g, "via", who, pfx_ok ? r->prefix.family : 0, false,
			&r->via);
	r->has_via = ret == 1;
	if (ret < 0)
		ok = false;
	if (srv6gw_cfg_need(ctx, g, "port", T_STRING, who, &bad) == NULL ||
	    srv6gw_cfg_get_port_ref(ctx, g, "port", who, &r->port) != 1)
		ok = false;
	if (!parse_route_algorithm(ctx, g, who, r, pfx_ok))
		ok = false;
	if (ok)
		cfg->n_routes++;
}

int
srv6gw_cfg_parse_routes(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root)
{
	return srv6gw_cfg_group_list(ctx, root, "routes", "", "routes", (void **)&ctx->cfg->routes,
			sizeof(*ctx->cfg->routes), parse_route, &ctx->tables_incomplete);
}

/* tables = [10, 20]: tables that exist without routes (yet). */
void
srv6gw_cfg_parse_tables(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root)
{
	uint8_t seen[(SRV6GW_MAX_TABLE_ID + 1) / 8] = { 0 };
	bool bad = false;
	const config_setting_t *list = srv6gw_cfg_member(ctx, root, "tables", T_INTS, "", &bad);
	const config_setting_t *e;
	long long id;
	int i, n;

	if (bad)
		ctx->tables_incomplete = true;
	n = list != NULL ? config_setting_length(list) : 0;
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(list, (unsigned int)i);
		id = config_setting_get_int64(e);
		if (id < 0 || id > SRV6GW_MAX_TABLE_ID) {
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(e),
				"tables: table %lld is out of range 0..%d", id,
				SRV6GW_MAX_TABLE_ID);
			ctx->tables_incomplete = true;
			continue;
		}
		if (seen[id / 8] & (1u << (id % 8)))
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(e),
				"tables: table %lld is listed twice", id);
		seen[id / 8] |= (uint8_t)(1u << (id % 8));
		srv6gw_cfg_table_add(ctx, (uint32_t)id);
	}
}

/* RFC 4443 §2.4(f): rate limit of ICMPv6 errors, a token bucket. */
void
srv6gw_cfg_parse_icmp(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root)
{
	struct srv6gw_cfg_icmp *icmp = &ctx->cfg->icmp;
	bool bad = false;
	const config_setting_t *g = srv6gw_cfg_member(ctx, root, "icmp", T_GROUP, "", &bad);
	long long v;

	icmp->rate = CFG_ICMP_RATE_DEFAULT;
	icmp->burst = CFG_ICMP_BURST_DEFAULT;
	if (g == NULL)
		return;
	srv6gw_cfg_check_keys(ctx, g, icmp_keys, "icmp: ");
	if (srv6gw_cfg_get_int(ctx, g, "rate", "icmp: ", 1, CFG_ICMP_MAX, &v) == 1)
		icmp->rate = (uint32_t)v;
	if (srv6gw_cfg_get_int(ctx, g, "burst", "icmp: ", 1, CFG_ICMP_MAX, &v) == 1)
		icmp->burst = (uint32_t)v;
}

/*
 * RFC 4861 §10 REACHABLE_TIME (30 s) and MAX_UNICAST_SOLICIT (3), one probe
 * a second (RETRANS_TIMER); the same for ARP entries.
 */
void
srv6gw_cfg_parse_nud(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root)
{
	struct srv6gw_cfg_nud *nud = &ctx->cfg->nud;
	bool bad = false;
	const config_setting_t *g = srv6gw_cfg_member(ctx, root, "neighbor_timers", T_GROUP, "",
			&bad);
	long long v;

	nud->reachable_ms = 30000;
	nud->probes = 3;
	if (g == NULL)
		return;
	srv6gw_cfg_check_keys(ctx, g, nud_keys, "neighbor_timers: ");
	if (srv6gw_cfg_get_int(ctx, g, "reachable_ms", "neighbor_timers: ", 1000, 3600000, &v) == 1)
		nud->reachable_ms = (uint32_t)v;
	if (srv6gw_cfg_get_int(ctx, g, "probes", "neighbor_timers: ", 1, 30, &v) == 1)
		nud->probes = (uint32_t)v;
}
