/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * srv6.locators and srv6.sids: locator prefixes and SID structures (RFC 9800),
 * SIDs with their behaviours (RFC 8986 §4) and flavours (§4.16). Split out of
 * config_parse.c, whose typed-access helpers it uses through config_priv.h.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <libconfig.h>

#include "common/addr.h"
#include "cp/config_guard.h"
#include "cp/config_priv.h"
#include "srv6gw/config.h"
#include "srv6gw/csid.h"

/* SID attributes besides "sid" and "behavior". */
#define A_NEXTHOP 0x01u
#define A_PORT 0x02u
#define A_TABLE 0x04u
#define A_POLICY 0x08u
#define A_FLAVORS 0x10u

/** What a behaviour needs (RFC 8986 §4) and allows besides that. */
struct cfg_behavior {
	const char *name;
	uint32_t required;
	uint32_t allowed;
	uint8_t nh_family; /* family of "nexthop" when A_NEXTHOP */
};

/*
 * PSP, USP and USD are defined for End, End.X and End.T only (RFC 8986
 * §4.16); the C-SID flavours also for the decapsulating behaviours, whose
 * SID is the last C-SID of a container (RFC 9800 §4.3).
 */
static const struct cfg_behavior behaviors[SRV6GW_B_COUNT] = {
	[SRV6GW_B_END] = { "End", 0, A_FLAVORS, 0 },
	[SRV6GW_B_END_X] = { "End.X", A_NEXTHOP | A_PORT, A_NEXTHOP | A_PORT | A_FLAVORS,
		AF_INET6 },
	[SRV6GW_B_END_T] = { "End.T", A_TABLE, A_TABLE | A_FLAVORS, 0 },
	[SRV6GW_B_END_DX4] = { "End.DX4", A_NEXTHOP | A_PORT, A_NEXTHOP | A_PORT | A_FLAVORS,
		AF_INET },
	[SRV6GW_B_END_DX6] = { "End.DX6", A_NEXTHOP | A_PORT, A_NEXTHOP | A_PORT | A_FLAVORS,
		AF_INET6 },
	[SRV6GW_B_END_DT4] = { "End.DT4", A_TABLE, A_TABLE | A_FLAVORS, 0 },
	[SRV6GW_B_END_DT6] = { "End.DT6", A_TABLE, A_TABLE | A_FLAVORS, 0 },
	[SRV6GW_B_END_DT46] = { "End.DT46", A_TABLE, A_TABLE | A_FLAVORS, 0 },
	[SRV6GW_B_END_B6_ENCAPS] = { "End.B6.Encaps", A_POLICY, A_POLICY, 0 },
	[SRV6GW_B_END_B6_ENCAPS_RED] = { "End.B6.Encaps.Red", A_POLICY, A_POLICY, 0 },
};

/* Attribute bit -> key, in the order they are checked. */
static const struct {
	uint32_t bit;
	const char *key;
} sid_attrs[] = {
	{ A_NEXTHOP, "nexthop" },
	{ A_PORT, "port" },
	{ A_TABLE, "table" },
	{ A_POLICY, "policy" },
	{ A_FLAVORS, "flavors" },
};

static const char *const loc_keys[] = {
	"name", "prefix", "structure", "csid", "remote", "allowed_sources", NULL
};
static const char *const struct_keys[] = { "block", "node", "function", "argument", NULL };
static const char *const sid_keys[] = {
	"sid", "behavior", "flavors", "nexthop", "port", "table", "policy",
	"hmac", "allowed_sources", NULL
};


const char *
srv6gw_behavior_name(enum srv6gw_behavior b)
{
	if ((unsigned int)b >= SRV6GW_B_COUNT)
		return "?";
	return behaviors[b].name;
}

/* ---- srv6: locators ----------------------------------------------------- */

/* Ranges a locator must stay out of: no SID can be there (RFC 4291). */
static const struct {
	uint8_t a[16];
	uint8_t len;
	const char *text;
} reserved6[] = {
	{ { 0xff }, 8, "ff00::/8 (multicast)" },
	{ { 0xfe, 0x80 }, 10, "fe80::/10 (link-local)" },
	{ { 0 }, 127, "::/127 (unspecified and loopback)" },
};

const char *
srv6gw_cfg_reserved6(const struct srv6gw_prefix *p)
{
	unsigned int i;

	for (i = 0; i < sizeof(reserved6) / sizeof(reserved6[0]); i++)
		if (srv6gw_prefix_overlaps(p->a, p->len, reserved6[i].a, reserved6[i].len))
			return reserved6[i].text;
	return NULL;
}

/* "F3216": a 32-bit block and 16-bit C-SIDs that are all node (RFC 9800 §3). */
static bool
struct_shorthand(const char *text, struct srv6gw_sid_struct *st)
{
	unsigned int b, c;
	char tail;

	if (sscanf(text, "F%2u%2u%c", &b, &c, &tail) != 2 || strlen(text) != 5 ||
	    b + c > 128)
		return false;
	st->lbl = (uint8_t)b;
	st->lnl = (uint8_t)c;
	st->fl = 0;
	st->al = (uint8_t)(128 - b - c);
	return true;
}

/* structure = "F3216" or { block = 32; node = 16; function = 0; argument = 80; } */
static bool
parse_structure(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s, const char *who,
		struct srv6gw_sid_struct *st)
{
	static const char *const keys[] = { "block", "node", "function", "argument" };
	long long v[4] = { 0, 0, 0, 0 };
	unsigned int i;
	bool ok = true;

	if (config_setting_type(s) == CONFIG_TYPE_STRING) {
		if (struct_shorthand(config_setting_get_string(s), st))
			return true;
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sstructure '%s' is not of the form "
			"F<block><C-SID> (e.g. F3216)", who, config_setting_get_string(s));
		return false;
	}
	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%s'structure' must be a string (\"F3216\") "
			"or a group ({ block = 32; node = 16; function = 0; argument = 80; })", who);
		return false;
	}
	srv6gw_cfg_check_keys(ctx, s, struct_keys, who);
	for (i = 0; i < 4; i++)
		if (srv6gw_cfg_get_int(ctx, s, keys[i], who, 0, 128, &v[i]) != 1) {
			if (config_setting_get_member(s, keys[i]) == NULL)
				srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sstructure: '%s' is missing",
					who, keys[i]);
			ok = false;
		}
	st->lbl = (uint8_t)v[0];
	st->lnl = (uint8_t)v[1];
	st->fl = (uint8_t)v[2];
	st->al = (uint8_t)v[3];
	return ok;
}

/*
 * SID structure and C-SID flavour of a locator (RFC 9800 §3, §4): the
 * locator prefix covers the block and at most the whole C-SID.
 */
static void
parse_locator_csid(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_locator *loc)
{
	const config_setting_t *s = config_setting_get_member(g, "structure");
	const config_setting_t *c;
	const char *name, *why;
	bool bad = false;

	c = srv6gw_cfg_member(ctx, g, "remote", T_BOOL, who, &bad);
	loc->remote = c != NULL && config_setting_get_bool(c);
	c = srv6gw_cfg_member(ctx, g, "csid", T_STRING, who, &bad);
	if (c != NULL) {
		name = config_setting_get_string(c);
		if (strcmp(name, "next-csid") == 0)
			loc->st.flavor = SRV6GW_CSID_NEXT;
		else if (strcmp(name, "replace-csid") == 0)
			loc->st.flavor = SRV6GW_CSID_REPLACE;
		else
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(c), "%sunknown csid '%s' (expected "
				"next-csid or replace-csid)", who, name);
	}
	if (s == NULL) {
		if (c != NULL)
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(c), "%s'csid' needs 'structure'", who);
		loc->st.flavor = SRV6GW_CSID_NONE;
		return;
	}
	if (!parse_structure(ctx, s, who, &loc->st)) {
		loc->st.flavor = SRV6GW_CSID_NONE;
		return;
	}
	why = srv6gw_sid_struct_check(&loc->st);
	if (why == NULL && (loc->prefix.len < loc->st.lbl ||
			    loc->prefix.len > loc->st.lbl + srv6gw_csid_len(&loc->st)))
		why = "the prefix length must lie between the block length and block + C-SID";
	if (why != NULL) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sstructure %u/%u/%u/%u: %s", who,
			loc->st.lbl, loc->st.lnl, loc->st.fl, loc->st.al, why);
		loc->st.flavor = SRV6GW_CSID_NONE;
		return;
	}
	loc->has_struct = true;
}

static void
parse_locator(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g)
{
	struct srv6gw_config *cfg = ctx->cfg;
	struct srv6gw_cfg_locator *loc = &cfg->locators[cfg->n_locators];
	char who[CFG_WHO_MAX];
	const config_setting_t *s;
	bool bad = false, ok = true;
	unsigned int i;

	memset(loc, 0, sizeof(*loc));
	loc->line = srv6gw_cfg_line(g);
	s = srv6gw_cfg_need(ctx, g, "name", T_STRING, "locator: ", &bad);
	ok = s != NULL && srv6gw_cfg_check_name(ctx, s, "locator");
	if (ok) {
		strcpy(loc->name, config_setting_get_string(s));
		snprintf(who, sizeof(who), "locator '%s': ", loc->name);
	} else {
		snprintf(who, sizeof(who), "locator: ");
	}
	srv6gw_cfg_check_keys(ctx, g, loc_keys, who);
	if (srv6gw_cfg_need(ctx, g, "prefix", T_STRING, who, &bad) == NULL ||
	    srv6gw_cfg_get_prefix(ctx, g, "prefix", who, &loc->prefix) != 1) {
		ctx->locators_incomplete = true;
		return;
	}
	s = config_setting_get_member(g, "prefix");
	if (loc->prefix.family != AF_INET6) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sprefix %s must be IPv6", who,
			config_setting_get_string(s));
		ctx->locators_incomplete = true;
		return;
	}
	for (i = 0; i < sizeof(reserved6) / sizeof(reserved6[0]); i++) {
		if (srv6gw_prefix_overlaps(loc->prefix.a, loc->prefix.len, reserved6[i].a,
				reserved6[i].len)) {
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sprefix %s overlaps %s", who,
				config_setting_get_string(s), reserved6[i].text);
			ctx->locators_incomplete = true;
			return;
		}
	}
	if (!ok)
		ctx->locators_incomplete = true;
	parse_locator_csid(ctx, g, who, loc);
	srv6gw_cfg_guard_locator(ctx, g, who, loc);
	cfg->n_locators++;
}

/* ---- srv6: SIDs --------------------------------------------------------- */

static int
behavior_find(const char *name)
{
	int i;

	for (i = 0; i < SRV6GW_B_COUNT; i++)
		if (strcmp(behaviors[i].name, name) == 0)
			return i;
	return -1;
}

static void
report_bad_behavior(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s, const char *who)
{
	const char *name = config_setting_get_string(s);
	char list[160];
	size_t off = 0;
	int i;

	for (i = 0; i < SRV6GW_B_COUNT; i++) {
		if (strcasecmp(behaviors[i].name, name) == 0) {
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sunknown behavior '%s' (did you mean "
				"'%s'?)", who, name, behaviors[i].name);
			return;
		}
	}
	for (i = 0; i < SRV6GW_B_COUNT && off < sizeof(list); i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s", i ? ", " : "",
			behaviors[i].name);
	srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sunknown behavior '%s' (expected %s)", who, name,
		list);
}

/*
 * RFC 8986 §4.16: PSP, USP and USD, in any combination, on End, End.X and
 * End.T; RFC 9800 §4: one C-SID flavour, which End.DX* and End.DT* take too.
 */
static void
parse_flavors(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_sid *sid)
{
	static const char *const names[] = { "psp", "usp", "usd", "next-csid", "replace-csid" };
	static const uint32_t bits[] = { SRV6GW_FL_PSP, SRV6GW_FL_USP, SRV6GW_FL_USD,
		SRV6GW_FL_NEXT_CSID, SRV6GW_FL_REPLACE_CSID };
	bool bad = false, decap = sid->behavior >= SRV6GW_B_END_DX4;
	const config_setting_t *list = srv6gw_cfg_member(ctx, g, "flavors", T_STRINGS, who, &bad);
	const config_setting_t *e;
	const char *name;
	int i, j, n = list != NULL ? config_setting_length(list) : 0;

	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(list, (unsigned int)i);
		name = config_setting_get_string(e);
		for (j = 0; j < 5 && strcmp(name, names[j]) != 0; j++)
			;
		if (j == 5)
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(e), "%sunknown flavor '%s' (expected psp, "
				"usp, usd, next-csid or replace-csid)", who, name);
		else if (sid->flavors & bits[j])
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(e), "%sflavor '%s' is listed twice", who,
				name);
		else if (decap && !(bits[j] & SRV6GW_FL_CSID))
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(e), "%sflavor '%s' is not allowed with %s "
				"(only with End, End.X and End.T)", who, name,
				behaviors[sid->behavior].name);
		else if ((bits[j] & SRV6GW_FL_CSID) && (sid->flavors & SRV6GW_FL_CSID))
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(e), "%snext-csid and replace-csid cannot be "
				"combined", who);
		else
			sid->flavors |= bits[j];
	}
}

/* Attributes present that the behaviour has no use for, or missing ones. */
static void
check_sid_attrs(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		const struct cfg_behavior *b)
{
	const config_setting_t *s;
	unsigned int i;

	for (i = 0; i < sizeof(sid_attrs) / sizeof(sid_attrs[0]); i++) {
		s = config_setting_get_member(g, sid_attrs[i].key);
		if (s != NULL && !(b->allowed & sid_attrs[i].bit)) {
			if (sid_attrs[i].bit == A_FLAVORS)
				srv6gw_cfg_error(ctx, srv6gw_cfg_line(s),
					"%sflavors are not allowed with %s (only with End, End.X, "
					"End.T, End.DX* and End.DT*)", who, b->name);
			else
				srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%s'%s' is not allowed with %s",
					who, sid_attrs[i].key, b->name);
		} else if (s == NULL && (b->required & sid_attrs[i].bit)) {
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(g), "%s%s needs '%s'", who, b->name,
				sid_attrs[i].key);
		}
	}
}

static void
parse_sid_table(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_sid *sid)
{
	long long t;

	if (srv6gw_cfg_get_int(ctx, g, "table", who, 0, SRV6GW_MAX_TABLE_ID, &t) != 1)
		return;
	sid->table = (uint32_t)t;
	if (!ctx->tables_incomplete && !srv6gw_cfg_table_exists(ctx, sid->table))
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(config_setting_get_member(g, "table")),
			"%stable %lld does not exist (no route uses it and 'tables' does not "
			"list it)", who, t);
}

/*
 * End.B6.Encaps(.Red) (RFC 8986 §4.13, §4.14): the bound policy is applied
 * in the SID's mode, so its lists must fit the headroom in that mode too.
 */
static void
parse_sid_policy(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_sid *sid)
{
	const config_setting_t *s = config_setting_get_member(g, "policy");
	enum srv6gw_encap_mode mode = sid->behavior == SRV6GW_B_END_B6_ENCAPS ?
		SRV6GW_ENCAPS : SRV6GW_ENCAPS_RED;
	const struct srv6gw_cfg_policy *pol;
	char bwho[CFG_WHO_MAX * 2];
	unsigned int i;
	int idx;

	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%s'policy' must be %s", who,
			srv6gw_cfg_type_name(T_STRING));
		return;
	}
	idx = srv6gw_cfg_policy_find(ctx, config_setting_get_string(s));
	if (idx < 0) {
		if (!ctx->policies_incomplete)
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sunknown policy '%s'", who,
				config_setting_get_string(s));
		return;
	}
	sid->policy = (unsigned int)idx;
	pol = &ctx->cfg->policies[idx];
	if (pol->mode == mode)
		return; /* the policy's own check covers it */
	snprintf(bwho, sizeof(bwho), "%s%s with policy '%s': ", who,
		behaviors[sid->behavior].name, pol->name);
	for (i = 0; i < pol->n_lists; i++)
		if (pol->lists[i].n_segs > 0 &&
		    !srv6gw_cfg_headroom_ok(ctx, srv6gw_cfg_line(s), bwho, mode, &pol->lists[i]))
			return;
}

static void
parse_sid_nexthop(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_sid *sid)
{
	const struct cfg_behavior *b = &behaviors[sid->behavior];
	const config_setting_t *s = config_setting_get_member(g, "nexthop");
	struct srv6gw_addr nh;
	char msg[CFG_WHO_MAX + 16];

	snprintf(msg, sizeof(msg), "%s%s ", who, b->name);
	if (srv6gw_cfg_get_addr(ctx, g, "nexthop", msg, 0, false, &nh) != 1)
		return;
	if (nh.family != b->nh_family) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%s%s nexthop must be %s, got %s", who, b->name,
			srv6gw_family_name(b->nh_family), config_setting_get_string(s));
		return;
	}
	sid->has_nexthop = true;
	sid->nexthop = nh;
}

/* Attributes of a SID whose behaviour is known. */
static void
parse_sid_attrs(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_sid *sid)
{
	const struct cfg_behavior *b = &behaviors[sid->behavior];
	const config_setting_t *s;

	check_sid_attrs(ctx, g, who, b);
	if ((b->allowed & A_NEXTHOP) && config_setting_get_member(g, "nexthop") != NULL)
		parse_sid_nexthop(ctx, g, who, sid);
	if (b->allowed & A_PORT)
		srv6gw_cfg_get_port_ref(ctx, g, "port", who, &sid->port);
	if (b->allowed & A_TABLE)
		parse_sid_table(ctx, g, who, sid);
	s = config_setting_get_member(g, "policy");
	if ((b->allowed & A_POLICY) && s != NULL)
		parse_sid_policy(ctx, g, who, sid);
	if (b->allowed & A_FLAVORS)
		parse_flavors(ctx, g, who, sid);
}

/* A SID is a global IPv6 address (RFC 8986 §3.1; RFC 4291 scopes). */
static bool
parse_sid_addr(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, struct srv6gw_addr *a)
{
	bool bad = false;
	const config_setting_t *s = srv6gw_cfg_need(ctx, g, "sid", T_STRING, "SID: ", &bad);
	const char *text, *why;

	if (s == NULL)
		return false;
	text = config_setting_get_string(s);
	if (srv6gw_ip_parse(text, &a->family, a->a) != 0 || a->family != AF_INET6) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "SID '%s' is not an IPv6 address", text);
		return false;
	}
	why = srv6gw_cfg_ip6_not_global(a->a);
	if (why != NULL) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "SID %s is %s", text, why);
		return false;
	}
	return true;
}

static void
parse_sid(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g)
{
	struct srv6gw_config *cfg = ctx->cfg;
	struct srv6gw_cfg_sid *sid = &cfg->sids[cfg->n_sids];
	struct srv6gw_addr a;
	char who[CFG_WHO_MAX], text[SRV6GW_IP_STRLEN];
	const config_setting_t *s;
	bool bad = false, ok;
	int b;

	memset(sid, 0, sizeof(*sid));
	ok = parse_sid_addr(ctx, g, &a);
	if (ok)
		snprintf(who, sizeof(who), "SID %s: ", srv6gw_ip_format(AF_INET6, a.a, text,
			sizeof(text)));
	else
		snprintf(who, sizeof(who), "SID: ");
	srv6gw_cfg_check_keys(ctx, g, sid_keys, who);
	s = srv6gw_cfg_need(ctx, g, "behavior", T_STRING, who, &bad);
	b = s != NULL ? behavior_find(config_setting_get_string(s)) : -1;
	if (s != NULL && b < 0)
		report_bad_behavior(ctx, s, who);
	if (b >= 0) {
		sid->behavior = (enum srv6gw_behavior)b;
		parse_sid_attrs(ctx, g, who, sid);
	}
	srv6gw_cfg_guard_sid(ctx, g, who, sid);
	if (!ok)
		return;
	memcpy(sid->sid, a.a, 16);
	sid->line = srv6gw_cfg_line(g);
	cfg->n_sids++;
}

int
srv6gw_cfg_parse_locators(struct srv6gw_cfg_ctx *ctx, const config_setting_t *srv6)
{
	return srv6gw_cfg_group_list(ctx, srv6, "locators", "srv6: ", "srv6.locators",
			  (void **)&ctx->cfg->locators, sizeof(*ctx->cfg->locators), parse_locator,
			  &ctx->locators_incomplete);
}

int
srv6gw_cfg_parse_sids(struct srv6gw_cfg_ctx *ctx, const config_setting_t *srv6)
{
	return srv6gw_cfg_group_list(ctx, srv6, "sids", "srv6: ", "srv6.sids", (void **)&ctx->cfg->sids,
			  sizeof(*ctx->cfg->sids), parse_sid, NULL);
}

