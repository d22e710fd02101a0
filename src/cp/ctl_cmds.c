/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Control commands: request parsing, dispatch by command name, and one
 * handler per command. Pure functions of the request and the process state,
 * so the fuzz target drives srv6gw_ctl_request() directly.
 * Protocol and every command: docs/control-protocol.md.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_version.h>

#include "addr.h"
#include "cp.h"
#include "log.h"
#include "srv6gw/proto.h"

#define MAX_DEPTH 16

typedef json_t *(*cmd_fn)(struct srv6gw_ctl_env *env, json_t *args);

json_t *
srv6gw_ctl_error(const char *code, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/*
	 * Messages may quote the request (parser errors, command names cut at a
	 * byte count): keep them ASCII so they are always valid UTF-8 (found by
	 * the fuzzer: json_pack refuses invalid UTF-8 and no reply was built).
	 */
	for (char *p = msg; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80 || (unsigned char)*p < 0x20)
			*p = '?';
	return json_pack("{s:i, s:b, s:{s:s, s:s}}", "api_version", SRV6GW_API_VERSION,
			 "ok", 0, "error", "code", code, "message", msg);
}

static json_t *
ok_reply(const char *cmd, json_t *result)
{
	return json_pack("{s:i, s:b, s:s, s:o}", "api_version", SRV6GW_API_VERSION, "ok", 1,
			 "command", cmd, "result", result);
}

static const struct srv6gw_gen *
gen(void)
{
	return srv6gw_gen_current;
}

static json_t *
addr_str(uint8_t family, const uint8_t *a)
{
	char buf[SRV6GW_PREFIX_STRLEN];

	return json_string(srv6gw_ip_format(family, a, buf, sizeof(buf)));
}

static json_t *
prefix_str(const struct srv6gw_prefix *p)
{
	char buf[SRV6GW_PREFIX_STRLEN];

	return json_string(srv6gw_prefix_format(p->family, p->a, p->len, buf, sizeof(buf)));
}

/* ---- clear stats: a baseline subtracted from every counter ---- */

static const char *const id_keys[] = { "sid", "name", "lcore", NULL };

static json_t *
find_peer(json_t *arr, json_t *item)
{
	size_t i;
	json_t *x;
	unsigned int k;

	for (k = 0; id_keys[k] != NULL; k++) {
		json_t *id = json_object_get(item, id_keys[k]);

		if (id == NULL)
			continue;
		json_array_foreach(arr, i, x)
			if (json_equal(json_object_get(x, id_keys[k]), id))
				return x;
		return NULL;
	}
	return NULL;
}

/** cur -= base for every integer counter present in both (in place). */
static void
subtract(json_t *cur, json_t *base)
{
	const char *key;
	json_t *v, *b;
	size_t i;

	if (json_is_object(cur)) {
		json_object_foreach(cur, key, v) {
			if (strcmp(key, "generation") == 0 || strcmp(key, "tsc_hz") == 0 ||
			    strcmp(key, "mtu") == 0 || strcmp(key, "lcore") == 0 ||
			    strcmp(key, "size") == 0 || strcmp(key, "in_use") == 0 ||
			    strcmp(key, "available") == 0 || strncmp(key, "heap_", 5) == 0)
				continue;
			b = json_object_get(base, key);
			if (json_is_integer(v) && json_is_integer(b) &&
			    json_integer_value(v) >= json_integer_value(b))
				json_integer_set(v, json_integer_value(v) - json_integer_value(b));
			else if (b != NULL)
				subtract(v, b);
		}
	} else if (json_is_array(cur)) {
		json_array_foreach(cur, i, v) {
			b = find_peer(base, v);
			if (b != NULL)
				subtract(v, b);
		}
	}
}

static json_t *
stats_now(struct srv6gw_ctl_env *env)
{
	return srv6gw_stats_json(gen(), env->ports, env->workers, env->n_workers);
}

static json_t *
cmd_show_stats(struct srv6gw_ctl_env *env, json_t *args)
{
	json_t *s = stats_now(env);

	if (s == NULL)
		return NULL;
	if (env->baseline != NULL && !json_is_true(json_object_get(args, "raw"))) {
		subtract(s, env->baseline);
		json_object_set_new(s, "cleared_at", json_integer(env->baseline_time));
	}
	return s;
}

static json_t *
cmd_clear_stats(struct srv6gw_ctl_env *env, json_t *args)
{
	json_decref(env->baseline);
	env->baseline = stats_now(env);
	env->baseline_time = time(NULL);
	return json_pack("{s:I}", "cleared_at", (json_int_t)env->baseline_time);
}

/* ---- show ---- */

static json_t *
seg_array(const uint8_t (*segs)[16], unsigned int n)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, addr_str(AF_INET6, segs[i]));
	return a;
}

static json_t *
cmd_show_sids(struct srv6gw_ctl_env *env, json_t *args)
{
	json_t *st = stats_now(env), *a = json_array(), *sids;
	const struct srv6gw_config *cfg = gen()->cfg;
	unsigned int i;

	sids = json_object_get(st, "sids");
	for (i = 0; i < cfg->n_sids; i++) {
		const struct srv6gw_cfg_sid *s = &cfg->sids[i];
		json_t *o = json_pack("{s:o, s:s, s:s}", "sid", addr_str(AF_INET6, s->sid),
				      "behavior", srv6gw_behavior_name(s->behavior),
				      "locator", cfg->locators[s->locator].name);
		json_t *fl = json_array();

		if (s->flavors & SRV6GW_FL_PSP)
			json_array_append_new(fl, json_string("psp"));
		if (s->flavors & SRV6GW_FL_USP)
			json_array_append_new(fl, json_string("usp"));
		if (s->flavors & SRV6GW_FL_USD)
			json_array_append_new(fl, json_string("usd"));
		if (s->flavors & SRV6GW_FL_NEXT_CSID)
			json_array_append_new(fl, json_string("next-csid"));
		if (s->flavors & SRV6GW_FL_REPLACE_CSID)
			json_array_append_new(fl, json_string("replace-csid"));
		json_object_set_new(o, "flavors", fl);
		if (s->has_nexthop) {
			json_object_set_new(o, "nexthop", addr_str(s->nexthop.family, s->nexthop.a));
			json_object_set_new(o, "port", json_string(cfg->ports[s->port].name));
		}
		if (s->behavior == SRV6GW_B_END_T || (s->behavior >= SRV6GW_B_END_DT4 &&
						      s->behavior <= SRV6GW_B_END_DT46))
			json_object_set_new(o, "table", json_integer(s->table));
		if (s->behavior == SRV6GW_B_END_B6_ENCAPS ||
		    s->behavior == SRV6GW_B_END_B6_ENCAPS_RED)
			json_object_set_new(o, "policy", json_string(cfg->policies[s->policy].label));
		json_object_set(o, "packets",
				json_object_get(json_array_get(sids, i), "packets"));
		json_object_set(o, "bytes", json_object_get(json_array_get(sids, i), "bytes"));
		json_array_append_new(a, o);
	}
	json_decref(st);
	return json_pack("{s:o}", "sids", a);
}

/*
 * How a segment list goes on the wire (RFC 9800 §6): the 128-bit entries
 * after compression, the first one the outer destination, and the bytes
 * compression saves against the same list uncompressed.
 */
static void
add_encoding(json_t *o, const struct srv6gw_config *cfg, const struct srv6gw_cfg_seglist *l,
	     enum srv6gw_encap_mode mode, unsigned int hdr_len)
{
	struct srv6gw_csid_packed pk;

	if (srv6gw_cfg_list_encode(cfg, l, mode, &pk) < 0)
		return;
	json_object_set_new(o, "encoded", seg_array((const uint8_t (*)[16])pk.entry, pk.n));
	json_object_set_new(o, "compressed_sids", json_integer(pk.n_compressed));
	json_object_set_new(o, "saved_bytes",
			    json_integer((json_int_t)srv6gw_encap_overhead(mode, l->n_segs) -
					 (json_int_t)hdr_len));
}

/* ---- show policies: RFC 9256 candidate paths, validity and why ---- */

/** Why list @p j of policy @p i is (in)valid, in words. */
static void
list_reason(const struct srv6gw_gen *g, unsigned int i, unsigned int j, uint8_t why,
	    uint8_t algo, char *buf, size_t len)
{
	const struct srv6gw_config *cfg = g->cfg;
	const struct srv6gw_seglist_rt *sl = &g->policies[i].lists[j];
	char sid[SRV6GW_IP_STRLEN];

	srv6gw_ip_format(AF_INET6, sl->first_sid, sid, sizeof(sid));
	if (why == SRV6GW_LS_NO_ROUTE)
		snprintf(buf, len, "first SID %s has no route in algorithm %u", sid, algo);
	else if (why == SRV6GW_LS_LINK_DOWN)
		snprintf(buf, len, "first SID %s: egress port '%s' is down", sid,
			 cfg->ports[g->nexthops[sl->nh].port].name);
	else
		snprintf(buf, len, "first SID %s via port '%s'", sid,
			 cfg->ports[g->nexthops[sl->nh].port].name);
}

static json_t *
list_json(const struct srv6gw_gen *g, unsigned int i, unsigned int j,
	  const struct srv6gw_cfg_cpath *cp, const struct srv6gw_pstate_pol *ps, json_t *cnt)
{
	const struct srv6gw_cfg_policy *p = &g->cfg->policies[i];
	const struct srv6gw_seglist_rt *sl = &g->policies[i].lists[j];
	static const char *const states[] = { "valid", "no_route", "link_down" };
	json_t *c = json_array_get(cnt, j);
	char why[160];

	json_t *o;

	list_reason(g, i, j, ps->why[j], cp->algorithm, why, sizeof(why));
	o = json_pack("{s:o, s:i, s:i, s:I, s:b, s:b, s:s, s:s, s:s, s:O, s:O}",
		"segments", seg_array((const uint8_t (*)[16])p->lists[j].segs, p->lists[j].n_segs),
		"weight", (int)p->lists[j].weight, "overhead_bytes", (int)sl->hdr_len,
		"candidate_path", (json_int_t)cp->preference,
		"first_sid_reachable", sl->nh != SRV6GW_NH_NONE,
		"valid", ps->why[j] == SRV6GW_LS_VALID, "state", states[ps->why[j]],
		"egress_port", sl->nh != SRV6GW_NH_NONE ?
			g->cfg->ports[g->nexthops[sl->nh].port].name : "",
		"why", why, "packets", json_object_get(c, "packets"),
		"bytes", json_object_get(c, "bytes"));
	if (o != NULL)
		add_encoding(o, g->cfg, &p->lists[j], p->mode, sl->hdr_len);
	return o;
}

/** A candidate path: valid if one of its lists is; why not, list by list. */
static json_t *
cpath_json(const struct srv6gw_gen *g, unsigned int i, unsigned int c,
	   const struct srv6gw_pstate_pol *ps, char *why, size_t len)
{
	const struct srv6gw_cfg_cpath *cp = &g->cfg->policies[i].cps[c];
	json_t *idx = json_array();
	unsigned int j, n_valid = 0;
	size_t off;
	char r[160];

	for (j = cp->first_list; j < cp->first_list + cp->n_lists; j++) {
		json_array_append_new(idx, json_integer(j));
		n_valid += ps->why[j] == SRV6GW_LS_VALID;
	}
	if (n_valid > 0) {
		snprintf(why, len, "valid: %u of %u segment lists valid", n_valid, cp->n_lists);
	} else {
		off = (size_t)snprintf(why, len, "invalid:");
		for (j = cp->first_list; j < cp->first_list + cp->n_lists && off < len; j++) {
			list_reason(g, i, j, ps->why[j], cp->algorithm, r, sizeof(r));
			off += (size_t)snprintf(why + off, len - off, "%s %s", j > cp->first_list ?
						";" : "", r);
		}
	}
	return json_pack("{s:I, s:s, s:i, s:b, s:b, s:s, s:o}", "preference",
		(json_int_t)cp->preference, "name", cp->name, "algorithm", cp->algorithm,
		"valid", n_valid > 0, "active", ps->active == c, "why", why, "segment_lists", idx);
}

/**
 * Why the active candidate path is the active one (RFC 9256 §2.9): the most
 * preferred valid path; every more preferred one is invalid, and says why.
 */
static void
policy_reason(const struct srv6gw_cfg_policy *p, const struct srv6gw_pstate_pol *ps,
	      char (*cp_why)[512], char *buf, size_t len)
{
	size_t off;
	unsigned int c;

	if (ps->active == SRV6GW_CP_NONE) {
		off = (size_t)snprintf(buf, len, "down: no valid candidate path (traffic %s)",
				       p->invalid == SRV6GW_INVALID_ROUTE ? "routed" : "dropped");
	} else {
		const struct srv6gw_cfg_cpath *a = &p->cps[ps->active];

		off = (size_t)snprintf(buf, len, "candidate path %u%s%s%s active: the most "
				       "preferred valid one", a->preference, a->name[0] ? " (" : "",
				       a->name, a->name[0] ? ")" : "");
	}
	for (c = 0; c < p->n_cps && off < len; c++) {
		if (c == ps->active || (ps->active != SRV6GW_CP_NONE &&
					p->cps[c].preference < p->cps[ps->active].preference))
			continue;
		off += (size_t)snprintf(buf + off, len - off, "; cp %u %s", p->cps[c].preference,
					cp_why[c]);
	}
}

static json_t *
policy_json(const struct srv6gw_gen *g, unsigned int i, const struct srv6gw_pstate_pol *ps,
	    json_t *pst)
{
	const struct srv6gw_config *cfg = g->cfg;
	const struct srv6gw_cfg_policy *p = &cfg->policies[i];
	json_t *cnt = json_object_get(pst, "segment_lists"), *lists = json_array(), *cps = json_array();
	char cp_why[SRV6GW_MAX_CPATHS][512], reason[1024];
	unsigned int c, j;
	json_t *o;

	for (c = 0; c < p->n_cps; c++) {
		json_array_append_new(cps, cpath_json(g, i, c, ps, cp_why[c], sizeof(cp_why[c])));
		for (j = p->cps[c].first_list; j < p->cps[c].first_list + p->cps[c].n_lists; j++)
			json_array_append_new(lists, list_json(g, i, j, &p->cps[c], ps, cnt));
	}
	policy_reason(p, ps, cp_why, reason, sizeof(reason));
	o = json_pack("{s:s, s:s, s:s, s:o, s:i, s:i, s:s, s:s, s:s, s:I, s:o, s:o, s:O, s:O}",
		"name", p->label, "mode", p->mode == SRV6GW_ENCAPS ? "encaps" : "encaps.red",
		"invalid", p->invalid == SRV6GW_INVALID_ROUTE ? "route" : "drop",
		"source", addr_str(AF_INET6, p->has_source ? p->source : cfg->source),
		"hop_limit", p->hop_limit >= 0 ? p->hop_limit : cfg->hop_limit,
		"algorithm", p->algorithm,
		"state", ps->active == SRV6GW_CP_NONE ? "down" : "up", "reason", reason,
		"configured_name", p->name, "active_changes", (json_int_t)ps->changes,
		"candidate_paths", cps, "segment_lists", lists,
		"packets", json_object_get(pst, "packets"), "bytes", json_object_get(pst, "bytes"));
	json_object_set_new(o, "color", p->has_color ? json_integer(p->color) : json_null());
	json_object_set_new(o, "endpoint", p->has_color ? addr_str(AF_INET6, p->endpoint) :
			    json_null());
	json_object_set_new(o, "active_candidate_path", ps->active == SRV6GW_CP_NONE ?
			    json_null() : json_integer(p->cps[ps->active].preference));
	json_object_set_new(o, "binding_sid", p->has_bsid ? addr_str(AF_INET6, p->bsid) :
			    json_null());
	if (p->has_bsid)
		json_object_set_new(o, "binding_behavior",
				    json_string(srv6gw_behavior_name(p->bsid_behavior)));
	return o;
}

static json_t *
cmd_show_policies(struct srv6gw_ctl_env *env, json_t *args)
{
	const struct srv6gw_gen *g = gen();
	const struct srv6gw_pstate *st = __atomic_load_n(&g->pstate, __ATOMIC_ACQUIRE);
	json_t *stats = stats_now(env), *a = json_array(), *ps = json_object_get(stats, "policies");
	unsigned int i;

	for (i = 0; i < g->cfg->n_policies; i++)
		json_array_append_new(a, policy_json(g, i, &st->pol[i], json_array_get(ps, i)));
	json_decref(stats);
	return json_pack("{s:o, s:I}", "policies", a, "state_seq", (json_int_t)st->seq);
}

static json_t *
cmd_show_routes(struct srv6gw_ctl_env *env, json_t *args)
{
	const struct srv6gw_config *cfg = gen()->cfg;
	json_t *a = json_array();
	unsigned int i, j;

	for (i = 0; i < cfg->n_ports; i++) {
		const struct srv6gw_cfg_port *p = &cfg->ports[i];

		for (j = 0; j < p->n_ipv4 + p->n_ipv6; j++) {
			const struct srv6gw_ifaddr *ia = j < p->n_ipv4 ? &p->ipv4[j] :
							   &p->ipv6[j - p->n_ipv4];
			struct srv6gw_prefix pf;

			srv6gw_ifaddr_prefix(ia, &pf);
			json_array_append_new(a, json_pack("{s:i, s:o, s:s, s:s}", "table", 0,
				"prefix", prefix_str(&pf), "port", p->name, "type", "connected"));
		}
	}
	for (i = 0; i < cfg->n_routes; i++) {
		const struct srv6gw_cfg_route *r = &cfg->routes[i];
		json_t *o = json_pack("{s:i, s:o, s:s, s:s}", "table", (int)r->table,
				      "prefix", prefix_str(&r->prefix),
				      "port", cfg->ports[r->port].name, "type", "static");

		if (r->has_via)
			json_object_set_new(o, "via", addr_str(r->via.family, r->via.a));
		if (r->algorithm != 0)  /* RFC 9350: in that algorithm's own FIB */
			json_object_set_new(o, "algorithm", json_integer(r->algorithm));
		json_array_append_new(a, o);
	}
	return json_pack("{s:o}", "routes", a);
}

static json_t *
cmd_show_neighbors(struct srv6gw_ctl_env *env, json_t *args)
{
	const struct srv6gw_config *cfg = gen()->cfg;
	json_t *a = json_array();
	uint32_t i;

	for (i = 0; i < srv6gw_neigh.n; i++) {
		const struct srv6gw_neigh *n = &srv6gw_neigh.e[i];
		uint64_t l2 = __atomic_load_n(&n->l2, __ATOMIC_RELAXED);
		uint8_t b[6];
		char mac[SRV6GW_MAC_STRLEN];
		int k;

		for (k = 0; k < 6; k++)         /* the l2 word's layout: gen.h */
			b[k] = (uint8_t)(l2 >> (8 * k));
		srv6gw_mac_format(b, mac, sizeof(mac));
		json_array_append_new(a, json_pack("{s:s, s:o, s:s, s:s}",
			"port", n->port < cfg->n_ports ? cfg->ports[n->port].name : "?",
			"address", addr_str(n->family, n->addr),
			"mac", (l2 & SRV6GW_NEIGH_VALID) ? mac : "",
			"state", (l2 & SRV6GW_NEIGH_STATIC) ? "static" :
				 (l2 & SRV6GW_NEIGH_VALID) ? "learned" : "incomplete"));
	}
	return json_pack("{s:o}", "neighbors", a);
}

static json_t *
cmd_show_ports(struct srv6gw_ctl_env *env, json_t *args)
{
	const struct srv6gw_gen *g = gen();
	const struct srv6gw_config *cfg = g->cfg;
	json_t *a = json_array();
	unsigned int i, j;

	for (i = 0; i < env->ports->n; i++) {
		const struct srv6gw_cfg_port *p = &cfg->ports[i];
		struct rte_eth_link link;
		char mac[RTE_ETHER_ADDR_FMT_SIZE];
		json_t *addrs = json_array();

		memset(&link, 0, sizeof(link));
		rte_eth_link_get_nowait(env->ports->id[i], &link);
		rte_ether_format_addr(mac, sizeof(mac), &g->ports[i].mac);
		for (j = 0; j < p->n_ipv4; j++)
			json_array_append_new(addrs, addr_str(AF_INET, p->ipv4[j].a));
		for (j = 0; j < p->n_ipv6; j++)
			json_array_append_new(addrs, addr_str(AF_INET6, p->ipv6[j].a));
		json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:i, s:o, s:s, s:I, s:i, s:I}",
			"name", p->name, "device", p->device, "port_id", env->ports->id[i],
			"mac", mac, "mtu", (int)p->mtu, "addresses", addrs,
			"link", srv6gw_link_up[i] ? "up" : "down",
			"speed_mbps", (json_int_t)link.link_speed,
			"rx_queues", env->ports->n_rxq[i],
			"link_changes", (json_int_t)srv6gw_link_changes(i));

		/* docs/security.md: the domain guard settings in force */
		json_object_set_new(o, "guard", json_pack("{s:s, s:s, s:b, s:s}",
			"role", p->role == SRV6GW_ROLE_EXTERNAL ? "external" : "internal",
			"urpf", p->urpf == SRV6GW_URPF_STRICT ? "strict" :
				p->urpf == SRV6GW_URPF_LOOSE ? "loose" : "off",
			"drop_srh", p->drop_srh,
			"hmac", p->hmac == SRV6GW_HMAC_REQUIRE ? "require" :
				p->hmac == SRV6GW_HMAC_VERIFY ? "verify" : "ignore"));
		json_array_append_new(a, o);
	}
	return json_pack("{s:o}", "ports", a);
}

static json_t *
cmd_show_config(struct srv6gw_ctl_env *env, json_t *args)
{
	const struct srv6gw_gen *g = gen();
	const struct srv6gw_reloader *r = env->reloader;

	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:{s:i, s:i, s:i, s:i, s:i}}",
		"file", env->config_path, "generation", (json_int_t)g->id,
		"loaded_at", (json_int_t)env->loaded, "started_at", (json_int_t)env->started,
		"reloads_ok", (json_int_t)r->reloads_ok,
		"reloads_failed", (json_int_t)r->reloads_failed,
		"grace_timeouts", (json_int_t)r->grace_timeouts,
		"last_error", r->last_error,
		"counts", "ports", (int)g->cfg->n_ports, "routes", (int)g->cfg->n_routes,
		"sids", (int)g->n_sids, "policies", (int)g->n_policies,
		"steering", (int)g->cfg->n_steering);
}

static json_t *
cmd_version(struct srv6gw_ctl_env *env, json_t *args)
{
	return json_pack("{s:s, s:s, s:i}", "version", SRV6GW_VERSION, "dpdk", rte_version(),
			 "api_version", SRV6GW_API_VERSION);
}

static const char *const level_names[] = {
	[RTE_LOG_EMERG] = "emerg", [RTE_LOG_ALERT] = "alert", [RTE_LOG_CRIT] = "crit",
	[RTE_LOG_ERR] = "err", [RTE_LOG_WARNING] = "warning", [RTE_LOG_NOTICE] = "notice",
	[RTE_LOG_INFO] = "info", [RTE_LOG_DEBUG] = "debug",
};

static json_t *
cmd_log_level(struct srv6gw_ctl_env *env, json_t *args)
{
	const char *pattern = json_string_value(json_object_get(args, "type"));
	const char *level = json_string_value(json_object_get(args, "level"));
	uint32_t lv;
	int cur;

	if ((json_object_get(args, "level") != NULL && level == NULL) ||
	    (json_object_get(args, "type") != NULL && pattern == NULL))
		return srv6gw_ctl_error("bad_argument", "type and level are strings");
	if (pattern == NULL)
		pattern = "srv6gw.*";
	if (strncmp(pattern, "srv6gw.", 7) != 0)
		return srv6gw_ctl_error("bad_argument", "type must match srv6gw.*");
	if (level != NULL) {
		for (lv = RTE_LOG_EMERG; lv <= RTE_LOG_DEBUG; lv++)
			if (strcmp(level, level_names[lv]) == 0)
				break;
		if (lv > RTE_LOG_DEBUG)
			return srv6gw_ctl_error("bad_argument", "level: one of emerg alert crit "
						"err warning notice info debug");
		if (rte_log_set_level_pattern(pattern, lv) != 0)
			return srv6gw_ctl_error("bad_argument", "cannot set %s", pattern);
	}
	cur = rte_log_get_level(srv6gw_logtype);
	return json_pack("{s:s, s:s}", "type", "srv6gw.main", "level",
			 cur >= (int)RTE_LOG_EMERG && cur <= (int)RTE_LOG_DEBUG ?
			 level_names[cur] : "?");
}

static json_t *cmd_help(struct srv6gw_ctl_env *env, json_t *args);

/* RFC 9259 O-flag copies kept by the control thread, as pcapng (docs/security.md) */
static json_t *
cmd_oam_save(struct srv6gw_ctl_env *env, json_t *args)
{
	const char *file = json_string_value(json_object_get(args, "file"));
	unsigned int n = 0;
	char err[300];

	if (file == NULL || file[0] != '/')
		return srv6gw_ctl_error("bad_argument", "file: an absolute path is needed");
	if (srv6gw_oam_save(file, &n, err, sizeof(err)) != 0)
		return srv6gw_ctl_error("failed", "%s", err);
	return json_pack("{s:s, s:i}", "file", file, "packets", (json_int_t)n);
}

static const struct {
	const char *name;
	cmd_fn fn;
	const char *help;
} commands[] = {
	{ "show stats", cmd_show_stats, "every counter (args: raw=true ignores clear stats)" },
	{ "show sids", cmd_show_sids, "local SIDs with their counters" },
	{ "show policies", cmd_show_policies,
	  "policies, candidate paths (active and why), segment lists, counters" },
	{ "show routes", cmd_show_routes, "routes of every table" },
	{ "show neighbors", cmd_show_neighbors, "neighbour table" },
	{ "show ports", cmd_show_ports, "ports, link state, addresses" },
	{ "show config", cmd_show_config, "file, generation, load time, reloads" },
	{ "reload", NULL, "reload the configuration file (hitless)" },
	{ "route add", NULL, "args: prefix, port, via, table, algorithm; replaces the same "
	  "(table, algorithm, prefix); new generation, hitless" },
	{ "route del", NULL, "args: prefix, table, algorithm; new generation, hitless" },
	{ "clear stats", cmd_clear_stats, "move the baseline of show stats" },
	{ "log level", cmd_log_level, "args: type (srv6gw.*), level" },
	{ "oam save", cmd_oam_save, "write the O-flag packet copies to a pcapng file (args: file)" },
	{ "version", cmd_version, "versions and api_version" },
	{ "help", cmd_help, "this list" },
};

static json_t *
cmd_help(struct srv6gw_ctl_env *env, json_t *args)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < RTE_DIM(commands); i++)
		json_object_set_new(o, commands[i].name, json_string(commands[i].help));
	return o;
}

/** Reject nesting deeper than MAX_DEPTH before the parser recurses. */
static bool
too_deep(const char *buf, size_t len)
{
	int depth = 0;
	bool str = false, esc = false;
	size_t i;

	for (i = 0; i < len; i++) {
		char ch = buf[i];

		if (str) {
			if (esc)
				esc = false;
			else if (ch == '\\')
				esc = true;
			else if (ch == '"')
				str = false;
		} else if (ch == '"') {
			str = true;
		} else if (ch == '{' || ch == '[') {
			if (++depth > MAX_DEPTH)
				return true;
		} else if (ch == '}' || ch == ']') {
			depth--;
		}
	}
	return false;
}

json_t *
srv6gw_ctl_request(struct srv6gw_ctl_env *env, const char *buf, size_t len, bool *want_reload)
{
	json_error_t jerr;
	json_t *req, *args, *reply, *res;
	const char *cmd;
	size_t i;

	*want_reload = false;
	if (memchr(buf, '\0', len) != NULL)
		return srv6gw_ctl_error("bad_request", "NUL byte in request");
	if (too_deep(buf, len))
		return srv6gw_ctl_error("bad_request", "JSON nested deeper than %d", MAX_DEPTH);
	req = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (req == NULL)
		return srv6gw_ctl_error("bad_json", "line %d column %d: %s", jerr.line,
					jerr.column, jerr.text);
	cmd = json_string_value(json_object_get(req, "command"));
	args = json_object_get(req, "args");
	if (!json_is_object(req) || cmd == NULL || (args != NULL && !json_is_object(args))) {
		json_decref(req);
		return srv6gw_ctl_error("bad_request", "expected {\"command\": \"...\", "
					"\"args\": {...}}");
	}
	for (i = 0; i < RTE_DIM(commands); i++)
		if (strcmp(cmd, commands[i].name) == 0)
			break;
	if (i == RTE_DIM(commands)) {
		reply = srv6gw_ctl_error("unknown_command", "unknown command \"%.64s\" (try help)",
					 cmd);
	} else if (strncmp(cmd, "route ", 6) == 0) {
		reply = srv6gw_route_request(env, args, strcmp(cmd, "route add") == 0, want_reload);
	} else if (commands[i].fn == NULL) {
		env->file_reload = true;
		*want_reload = true;
		reply = NULL;
	} else {
		res = commands[i].fn(env, args);
		if (res == NULL)
			reply = srv6gw_ctl_error("internal", "out of memory");
		else if (json_is_false(json_object_get(res, "ok")))
			reply = res;    /* a handler's own error reply */
		else
			reply = ok_reply(commands[i].name, res);
	}
	json_decref(req);
	return reply;
}

json_t *
srv6gw_ctl_reload_reply(const struct srv6gw_ctl_env *env, int rc,
		const struct srv6gw_cfg_errors *errs)
{
	json_t *list;
	unsigned int i;

	if (rc == 0)
		return ok_reply("reload", json_pack("{s:I}", "generation",
						     (json_int_t)gen()->id));
	list = json_array();
	if (rc == -EINVAL)
		for (i = 0; i < errs->n; i++)
			json_array_append_new(list, json_pack("{s:s, s:i, s:s}", "file", errs->file,
				"line", errs->e[i].line, "text", errs->e[i].text));
	else
		json_array_append_new(list, json_pack("{s:s, s:i, s:s}", "file",
			env->config_path, "line", 0, "text", env->reloader->last_error));
	return json_pack("{s:i, s:b, s:{s:s, s:s, s:o}}", "api_version", SRV6GW_API_VERSION,
			 "ok", 0, "error", "code", "reload_failed", "message",
			 env->reloader->last_error, "errors", list);
}
