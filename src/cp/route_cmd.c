/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * "route add" and "route del" on the control socket (docs/control-protocol.md):
 * change the routes of the running configuration without touching the file.
 *
 * A change is a new configuration: a copy of the running one (or of the one
 * a change earlier in the same poll produced) with the route added, replaced
 * or removed. It is published like a reload (srv6gw_reload_config(): a new
 * generation built off the fast path, one release-store, RCU grace period),
 * so SR policies are evaluated again against the new routes at once: a
 * segment list whose first SID lost its route becomes invalid and the next
 * candidate path takes over (RFC 9256 §5.1). A reload of the file replaces
 * runtime changes with what the file says.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "addr.h"
#include "cp.h"

/** Copy one array of @p n elements of @p size bytes (NULL for none). */
static int
dup_array(void **dst, const void *src, size_t n, size_t size)
{
	*dst = NULL;
	if (n == 0 || src == NULL)
		return 0;
	*dst = malloc(n * size);
	if (*dst == NULL)
		return -1;
	memcpy(*dst, src, n * size);
	return 0;
}

struct srv6gw_config *
srv6gw_config_dup(const struct srv6gw_config *c, unsigned int extra_routes)
{
	struct srv6gw_config *d = malloc(sizeof(*d));

	if (d == NULL)
		return NULL;
	*d = *c;
	d->neighbors = NULL;
	d->tables = NULL;
	d->locators = NULL;
	d->sids = NULL;
	d->nodes = NULL;
	d->policies = NULL;
	d->steering = NULL;
	d->acls = NULL;         /* domain guard (config_guard.c) */
	d->hmac_keys = NULL;
	d->routes = malloc(sizeof(*d->routes) * (c->n_routes + extra_routes + 1));
	if (d->routes != NULL && c->n_routes > 0)
		memcpy(d->routes, c->routes, sizeof(*d->routes) * c->n_routes);
	/* one table more, should the change add one */
	d->tables = malloc(sizeof(*d->tables) * (c->n_tables + 1));
	if (d->tables != NULL)
		memcpy(d->tables, c->tables, sizeof(*d->tables) * c->n_tables);
	if (d->routes == NULL || d->tables == NULL ||
	    dup_array((void **)&d->neighbors, c->neighbors, c->n_neighbors, sizeof(*c->neighbors)) ||
	    dup_array((void **)&d->locators, c->locators, c->n_locators, sizeof(*c->locators)) ||
	    dup_array((void **)&d->sids, c->sids, c->n_sids, sizeof(*c->sids)) ||
	    dup_array((void **)&d->nodes, c->nodes, c->n_nodes, sizeof(*c->nodes)) ||
	    dup_array((void **)&d->policies, c->policies, c->n_policies, sizeof(*c->policies)) ||
	    dup_array((void **)&d->steering, c->steering, c->n_steering, sizeof(*c->steering)) ||
	    dup_array((void **)&d->acls, c->acls, c->n_acls, sizeof(*c->acls)) ||
	    dup_array((void **)&d->hmac_keys, c->hmac_keys, c->n_hmac_keys,
		      sizeof(*c->hmac_keys))) {
		srv6gw_config_free(d);
		return NULL;
	}
	return d;
}

static json_t *
bad(const char *fmt, const char *what)
{
	return srv6gw_ctl_error("bad_argument", fmt, what);
}

/** args.port: a port name of the configuration. */
static json_t *
arg_port(const struct srv6gw_config *cfg, json_t *args, unsigned int *port)
{
	const char *name = json_string_value(json_object_get(args, "port"));

	if (name == NULL)
		return bad("%s: 'port' (a port name) is required", "route add");
	for (*port = 0; *port < cfg->n_ports; (*port)++)
		if (strcmp(cfg->ports[*port].name, name) == 0)
			return NULL;
	return bad("unknown port '%.40s'", name);
}

/** args.table and args.algorithm (both optional, 0). */
static json_t *
arg_table_algo(json_t *args, struct srv6gw_cfg_route *r)
{
	json_t *t = json_object_get(args, "table"), *a = json_object_get(args, "algorithm");
	json_int_t v;

	if (t != NULL) {
		v = json_integer_value(t);
		if (!json_is_integer(t) || v < 0 || v > SRV6GW_MAX_TABLE_ID)
			return bad("%s: 'table' must be an integer 0..65535", "route");
		r->table = (uint32_t)v;
	}
	if (a != NULL) {
		v = json_integer_value(a);
		/* RFC 9350 §4 */
		if (!json_is_integer(a) || (v != 0 && (v < 128 || v > 255)))
			return bad("%s: 'algorithm' must be 0 or 128..255", "route");
		r->algorithm = (uint8_t)v;
	}
	if (r->algorithm != 0 && (r->table != 0 || r->prefix.family != AF_INET6))
		return bad("%s: a Flex-Algo route is IPv6, in no table", "route");
	return NULL;
}

/** The route the request names: prefix, table, algorithm (and via, port for add). */
static json_t *
parse_route(const struct srv6gw_config *cfg, json_t *args, bool add, struct srv6gw_cfg_route *r)
{
	const char *p = json_string_value(json_object_get(args, "prefix"));
	const char *via = json_string_value(json_object_get(args, "via"));
	json_t *err;

	memset(r, 0, sizeof(*r));
	if (p == NULL || srv6gw_prefix_parse(p, &r->prefix.family, r->prefix.a,
					     &r->prefix.len) != 0)
		return bad("%s: 'prefix' must be address/length", "route");
	if (!srv6gw_prefix_is_network(r->prefix.a, r->prefix.len))
		return bad("prefix '%.60s' has host bits set", p);
	err = arg_table_algo(args, r);
	if (err != NULL || !add)
		return err;
	if (json_object_get(args, "via") != NULL) {
		if (via == NULL || srv6gw_ip_parse(via, &r->via.family, r->via.a) != 0 ||
		    r->via.family != r->prefix.family)
			return bad("%s: 'via' must be an address of the prefix's family", "route");
		r->has_via = true;
	}
	return arg_port(cfg, args, &r->port);
}

static bool
same_route(const struct srv6gw_cfg_route *a, const struct srv6gw_cfg_route *b)
{
	return a->table == b->table && a->algorithm == b->algorithm &&
	       a->prefix.family == b->prefix.family && a->prefix.len == b->prefix.len &&
	       memcmp(a->prefix.a, b->prefix.a, 16) == 0;
}

/** Table @p id exists in @p cfg, else is added (kept sorted). */
static void
table_ensure(struct srv6gw_config *cfg, uint32_t id)
{
	unsigned int i = 0;

	while (i < cfg->n_tables && cfg->tables[i] < id)
		i++;
	if (i < cfg->n_tables && cfg->tables[i] == id)
		return;
	memmove(&cfg->tables[i + 1], &cfg->tables[i], sizeof(*cfg->tables) * (cfg->n_tables - i));
	cfg->tables[i] = id;
	cfg->n_tables++;
}

/** Apply the change to @p cfg. @return NULL, or an error reply (del of nothing). */
static json_t *
apply(struct srv6gw_config *cfg, const struct srv6gw_cfg_route *r, bool add)
{
	unsigned int i;

	for (i = 0; i < cfg->n_routes && !same_route(&cfg->routes[i], r); i++)
		;
	if (add) {
		/* "add" replaces a route with the same (table, algorithm, prefix) */
		cfg->routes[i] = *r;
		if (i == cfg->n_routes)
			cfg->n_routes++;
		table_ensure(cfg, r->table);
		return NULL;
	}
	if (i == cfg->n_routes)
		return srv6gw_ctl_error("not_found", "no such route (prefix, table and "
					"algorithm must match)");
	memmove(&cfg->routes[i], &cfg->routes[i + 1], sizeof(*r) * (cfg->n_routes - i - 1));
	cfg->n_routes--;
	return NULL;
}

json_t *
srv6gw_route_request(struct srv6gw_ctl_env *env, json_t *args, bool add, bool *want_reload)
{
	const struct srv6gw_config *base = env->pending_cfg != NULL ? env->pending_cfg :
					   srv6gw_gen_current->cfg;
	struct srv6gw_cfg_route r;
	struct srv6gw_config *nu;
	json_t *err;

	if (args == NULL)
		return bad("%s: args {prefix, via, port, table, algorithm} required", "route");
	err = parse_route(base, args, add, &r);
	if (err != NULL)
		return err;
	nu = srv6gw_config_dup(base, 1);
	if (nu == NULL)
		return srv6gw_ctl_error("internal", "out of memory");
	r.line = 0;     /* not from the file */
	err = apply(nu, &r, add);
	if (err != NULL) {
		srv6gw_config_free(nu);
		return err;
	}
	srv6gw_config_free(env->pending_cfg);
	env->pending_cfg = nu;
	*want_reload = true;    /* published by the control loop, like a reload */
	return NULL;
}
