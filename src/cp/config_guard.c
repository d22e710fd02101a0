/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Configuration of the SR domain guard (docs/security.md): port roles,
 * uRPF, SRH filtering, allowed_sources of SIDs and locators (RFC 8754 §5.1),
 * HMAC verification levels and keys (RFC 8754 §2.1.2), O-flag punting
 * (RFC 9259) and the policy path-MTU timeout (RFC 8754 §5.4, RFC 8201).
 *
 * Called by config_parse.c with one line per section, so the rest of the
 * loader does not change; errors go to the same list, with their line.
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "common/addr.h"
#include "cp/config_guard.h"
#include "cp/hmac_keys.h"

#define OAM_RATE_DEFAULT 100
#define PMTU_TIMEOUT_DEFAULT 600 /* RFC 8201 §4: "at least 5 minutes", 10 recommended */

static int
gd_line(const config_setting_t *s)
{
	return (int)config_setting_source_line(s);
}

/* A string member with one of @names (index returned), absent: -1, bad: -2. */
static int
gd_enum(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *key,
	 const char *who, const char *const *names, const char *expect)
{
	const config_setting_t *s = config_setting_get_member(g, key);
	const char *v;
	int i;

	if (s == NULL)
		return -1;
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		srv6gw_cfg_error(ctx, gd_line(s), "%s'%s' must be a string: %s", who, key, expect);
		return -2;
	}
	v = config_setting_get_string(s);
	for (i = 0; names[i] != NULL; i++)
		if (strcmp(v, names[i]) == 0)
			return i;
	srv6gw_cfg_error(ctx, gd_line(s), "%s%s \"%s\": must be %s", who, key, v, expect);
	return -2;
}

/* A boolean member: 1 true, 0 false, -1 absent, -2 bad. */
static int
gd_bool(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *key, const char *who)
{
	const config_setting_t *s = config_setting_get_member(g, key);

	if (s == NULL)
		return -1;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		srv6gw_cfg_error(ctx, gd_line(s), "%s'%s' must be true or false", who, key);
		return -2;
	}
	return config_setting_get_bool(s) ? 1 : 0;
}

/* An integer member in [min, max]: 1 set, 0 absent, -1 bad. */
static int
gd_u32(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *key, const char *who,
	long long min, long long max, uint32_t *out)
{
	const config_setting_t *s = config_setting_get_member(g, key);
	long long v;

	if (s == NULL)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_INT && config_setting_type(s) != CONFIG_TYPE_INT64) {
		srv6gw_cfg_error(ctx, gd_line(s), "%s'%s' must be an integer", who, key);
		return -1;
	}
	v = config_setting_get_int64(s);
	if (v < min || v > max) {
		srv6gw_cfg_error(ctx, gd_line(s), "%s%s %lld is out of range %lld..%lld", who, key,
				 v, min, max);
		return -1;
	}
	*out = (uint32_t)v;
	return 1;
}

static const char *const gd_hmac_names[] = { "ignore", "verify", "require", NULL };
static const char *const gd_hmac_expect = "\"ignore\", \"verify\" (if present) or \"require\"";

void
srv6gw_cfg_guard_port(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		      struct srv6gw_cfg_port *p)
{
	static const char *const roles[] = { "internal", "external", NULL };
	static const char *const urpf[] = { "off", "loose", "strict", NULL };
	int v;

	v = gd_enum(ctx, g, "role", who, roles, "\"internal\" or \"external\"");
	p->role = v >= 0 ? (uint8_t)v : SRV6GW_ROLE_INTERNAL;
	v = gd_enum(ctx, g, "urpf", who, urpf, "\"off\", \"loose\" or \"strict\"");
	p->urpf = v >= 0 ? (uint8_t)v : SRV6GW_URPF_OFF;
	v = gd_bool(ctx, g, "drop_srh", who);
	p->drop_srh = v == 1;
	v = gd_enum(ctx, g, "hmac", who, gd_hmac_names, gd_hmac_expect);
	p->hmac = v >= 0 ? (uint8_t)(SRV6GW_HMAC_IGNORE + v) : SRV6GW_HMAC_IGNORE;
}

/* allowed_sources = [ "prefix", ... ]: a new entry of cfg->acls; 1 + its index, 0 = none. */
static unsigned int
gd_acl(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who)
{
	struct srv6gw_config *cfg = ctx->cfg;
	const config_setting_t *s = config_setting_get_member(g, "allowed_sources"), *e;
	struct srv6gw_cfg_acl acl, *na;
	char text[SRV6GW_IP_STRLEN + 8];
	int i, n, rc;
	bool ok = true;

	if (s == NULL)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_ARRAY && config_setting_type(s) != CONFIG_TYPE_LIST) {
		srv6gw_cfg_error(ctx, gd_line(s), "%s'allowed_sources' must be a list of IPv6 "
				 "prefixes ([\"fc00::/16\", ...])", who);
		return 0;
	}
	n = config_setting_length(s);
	if (n < 1 || n > SRV6GW_MAX_ACL_PREFIXES) {
		srv6gw_cfg_error(ctx, gd_line(s), "%sallowed_sources needs 1 to %d prefixes, got %d",
				 who, SRV6GW_MAX_ACL_PREFIXES, n);
		return 0;
	}
	memset(&acl, 0, sizeof(acl));
	for (i = 0; i < n; i++) {
		struct srv6gw_prefix *p = &acl.p[acl.n];
		const char *v;

		e = config_setting_get_elem(s, (unsigned int)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			srv6gw_cfg_error(ctx, gd_line(s), "%sallowed_sources: element %d is not a "
					 "string", who, i + 1);
			ok = false;
			continue;
		}
		v = config_setting_get_string(e);
		rc = srv6gw_prefix_parse(v, &p->family, p->a, &p->len);
		if (rc != 0 || p->family != AF_INET6) {
			srv6gw_cfg_error(ctx, gd_line(s), "%sallowed_sources: \"%s\" is not an IPv6 "
					 "prefix%s%s", who, v, rc != 0 ? ": " : "",
					 rc != 0 ? srv6gw_parse_strerror(rc) : "");
			ok = false;
			continue;
		}
		if (!srv6gw_prefix_is_network(p->a, p->len)) {
			srv6gw_prefix_mask(p->a, p->len);
			srv6gw_cfg_error(ctx, gd_line(s), "%sallowed_sources: \"%s\" has host bits set "
					 "(did you mean %s?)", who, v,
					 srv6gw_prefix_format(AF_INET6, p->a, p->len, text,
							      sizeof(text)));
			ok = false;
			continue;
		}
		acl.n++;
	}
	if (!ok)
		return 0;
	na = realloc(cfg->acls, sizeof(*na) * (cfg->n_acls + 1));
	if (na == NULL) {
		srv6gw_cfg_error(ctx, 0, "out of memory");
		return 0;
	}
	cfg->acls = na;
	cfg->acls[cfg->n_acls] = acl;
	return ++cfg->n_acls;
}

void
srv6gw_cfg_guard_locator(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g,
			 const char *who, struct srv6gw_cfg_locator *loc)
{
	loc->acl = gd_acl(ctx, g, who);
	if (loc->acl != 0 && loc->remote)
		srv6gw_cfg_error(ctx, gd_line(g), "%sallowed_sources on a remote locator: it has "
				 "no SIDs here", who);
}

void
srv6gw_cfg_guard_sid(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		     struct srv6gw_cfg_sid *sid)
{
	int v = gd_enum(ctx, g, "hmac", who, gd_hmac_names, gd_hmac_expect);

	sid->hmac = v >= 0 ? (uint8_t)(SRV6GW_HMAC_IGNORE + v) : SRV6GW_HMAC_INHERIT;
	sid->acl = gd_acl(ctx, g, who);
}

void
srv6gw_cfg_guard_policy(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
			struct srv6gw_cfg_policy *pol)
{
	uint32_t id = 0;

	pol->hmac_key = 0;
	if (gd_u32(ctx, g, "hmac_key", who, 1, UINT32_MAX, &id) == 1)
		pol->hmac_key = id;
}

struct keyerr {
	struct srv6gw_cfg_ctx *ctx;
	const char *path;
	int line;       /* of "hmac_keys" in the main file */
};

static void
gd_key_error(void *arg, int line, const char *msg)
{
	struct keyerr *k = arg;

	k->ctx->hmac_keys_bad = true;
	srv6gw_cfg_error(k->ctx, k->line, "srv6: hmac_keys: %s:%d: %s", k->path, line, msg);
}

/* Relative key file paths are relative to the main file's directory. */
static void
gd_key_path(const struct srv6gw_config *cfg, const char *v, char *out, size_t len)
{
	char dir[sizeof(cfg->file)];

	if (v[0] == '/' || strchr(cfg->file, '/') == NULL) {
		snprintf(out, len, "%s", v);
		return;
	}
	snprintf(dir, sizeof(dir), "%s", cfg->file);
	snprintf(out, len, "%s/%s", dirname(dir), v);
}

static void
gd_keys(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s)
{
	struct srv6gw_config *cfg = ctx->cfg;
	struct keyerr ke = { .ctx = ctx, .line = gd_line(s) };
	char why[160], *text = NULL;
	size_t len = 0;
	int rc;

	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		srv6gw_cfg_error(ctx, gd_line(s), "srv6: 'hmac_keys' must be a string (a path)");
		return;
	}
	gd_key_path(cfg, config_setting_get_string(s), cfg->hmac_keys_file,
		 sizeof(cfg->hmac_keys_file));
	ke.path = cfg->hmac_keys_file;
	if (srv6gw_hmac_keys_read(cfg->hmac_keys_file, &text, &len, why, sizeof(why)) != 0) {
		srv6gw_cfg_error(ctx, gd_line(s), "srv6: hmac_keys: %s: %s", cfg->hmac_keys_file,
				 why);
		ctx->hmac_keys_bad = true;
		return;
	}
	rc = srv6gw_hmac_keys_parse(text, len, &cfg->hmac_keys, &cfg->n_hmac_keys, gd_key_error, &ke);
	/* the secrets do not linger in freed memory */
	memset(text, 0, len);
	free(text);
	if (rc == -ENOMEM)
		srv6gw_cfg_error(ctx, gd_line(s), "out of memory");
}

void
srv6gw_cfg_guard_srv6(struct srv6gw_cfg_ctx *ctx, const config_setting_t *srv6)
{
	struct srv6gw_config *cfg = ctx->cfg;
	const config_setting_t *s;
	int v;

	cfg->oam_rate = OAM_RATE_DEFAULT;
	cfg->pmtu_timeout = PMTU_TIMEOUT_DEFAULT;
	s = config_setting_get_member(srv6, "hmac_keys");
	if (s != NULL)
		gd_keys(ctx, s);
	v = gd_bool(ctx, srv6, "hmac_h_flag", "srv6: ");
	cfg->hmac_h_flag = v == 1;
	gd_u32(ctx, srv6, "pmtu_timeout", "srv6: ", 0, 86400, &cfg->pmtu_timeout);
	s = config_setting_get_member(srv6, "oam");
	if (s != NULL) {
		static const char *const keys[] = { "enabled", "rate", NULL };
		const config_setting_t *e;
		unsigned int i, j;

		if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
			srv6gw_cfg_error(ctx, gd_line(s), "srv6: 'oam' must be a group "
					 "({ enabled = true; rate = 100; })");
			return;
		}
		for (i = 0; (e = config_setting_get_elem(s, i)) != NULL; i++) {
			for (j = 0; keys[j] != NULL; j++)
				if (strcmp(config_setting_name(e), keys[j]) == 0)
					break;
			if (keys[j] == NULL)
				srv6gw_cfg_error(ctx, gd_line(e), "srv6.oam: unknown key '%s' "
						 "(known: enabled, rate)", config_setting_name(e));
		}
		v = gd_bool(ctx, s, "enabled", "srv6.oam: ");
		cfg->oam_enabled = v == 1;
		gd_u32(ctx, s, "rate", "srv6.oam: ", 1, 1000000, &cfg->oam_rate);
	}
}

const struct srv6gw_hmac_key *
srv6gw_cfg_hmac_key(const struct srv6gw_config *cfg, uint32_t id)
{
	unsigned int lo = 0, hi = cfg->n_hmac_keys;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (cfg->hmac_keys[mid].id == id)
			return &cfg->hmac_keys[mid];
		if (cfg->hmac_keys[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
srv6gw_cfg_guard_validate(struct srv6gw_cfg_ctx *ctx)
{
	const struct srv6gw_config *cfg = ctx->cfg;
	unsigned int i, j;

	for (i = 0; i < cfg->n_policies; i++) {
		const struct srv6gw_cfg_policy *p = &cfg->policies[i];

		if (p->hmac_key == 0)
			continue;
		if (cfg->hmac_keys_file[0] == '\0') {
			srv6gw_cfg_error(ctx, p->line, "policy '%s': hmac_key %u but no srv6.hmac_keys "
					 "file", p->label, p->hmac_key);
			continue;
		}
		if (srv6gw_cfg_hmac_key(cfg, p->hmac_key) == NULL && !ctx->hmac_keys_bad) {
			srv6gw_cfg_error(ctx, p->line, "policy '%s': hmac_key %u is not in %s",
					 p->label, p->hmac_key, cfg->hmac_keys_file);
			continue;
		}
		/*
		 * RFC 8754 erratum 7081: no reduced SRH with TLVs and one segment;
		 * a one-SID encaps.red list has no SRH to carry the TLV at all.
		 */
		for (j = 0; j < p->n_lists; j++) {
			if (p->mode == SRV6GW_ENCAPS_RED && p->lists[j].n_segs == 1)
				srv6gw_cfg_error(ctx, p->lists[j].line ? p->lists[j].line : p->line,
						 "policy '%s': an encaps.red list of one SID has no "
						 "SRH for the HMAC TLV (RFC 8754 erratum 7081): use "
						 "mode \"encaps\"", p->label);
		}
	}
	for (i = 0; i < cfg->n_sids; i++) {
		const struct srv6gw_cfg_sid *s = &cfg->sids[i];
		char text[SRV6GW_IP_STRLEN];

		if (s->hmac != SRV6GW_HMAC_INHERIT && s->hmac != SRV6GW_HMAC_IGNORE &&
		    cfg->hmac_keys_file[0] == '\0')
			srv6gw_cfg_error(ctx, s->line, "SID %s: hmac = \"%s\" but no srv6.hmac_keys "
					 "file", srv6gw_ip_format(AF_INET6, s->sid, text, sizeof(text)),
					 gd_hmac_names[s->hmac - SRV6GW_HMAC_IGNORE]);
	}
	for (i = 0; i < cfg->n_ports; i++) {
		const struct srv6gw_cfg_port *p = &cfg->ports[i];

		if (p->hmac != SRV6GW_HMAC_IGNORE && cfg->hmac_keys_file[0] == '\0')
			srv6gw_cfg_error(ctx, p->line, "port '%s': hmac = \"%s\" but no "
					 "srv6.hmac_keys file", p->name,
					 gd_hmac_names[p->hmac - SRV6GW_HMAC_IGNORE]);
	}
	return 0;
}

void
srv6gw_cfg_guard_free(struct srv6gw_config *cfg)
{
	free(cfg->acls);
	if (cfg->hmac_keys != NULL)     /* (a copy, srv6gw_config_dup, has n_hmac_keys) */
		memset(cfg->hmac_keys, 0, sizeof(*cfg->hmac_keys) * cfg->n_hmac_keys);
	free(cfg->hmac_keys);
}
