/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */

/*
 * srv6.policies and srv6.steering: the RFC 9256 SR policy model.
 *
 * A policy is keyed by (color, endpoint) and/or a name (RFC 9256 §2.1). It
 * holds candidate paths with a preference (§2.2, §2.7), each with weighted
 * segment lists (§2.11), and may own a binding SID (§6). The short forms
 * "segments = [...]" and "segment_lists = (...)" directly on the policy are
 * one candidate path of preference 100.
 *
 * A segment is a full SID, or "@node[::function]": the locator of a node of
 * srv6.nodes for the candidate path's algorithm (RFC 9350 §14), with the
 * function bits ORed in (none: the locator address itself, the node's uN).
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "common/addr.h"
#include "cp/config_guard.h"
#include "cp/config_priv.h"

#define CFG_WEIGHT_MAX 1000
#define CFG_PREF_DEFAULT 100 /* RFC 9256 §2.7 */

static const char *const policy_keys[] = {
	"name", "color", "endpoint", "algorithm", "mode", "segments", "segment_lists",
	"candidate_paths", "binding_sid", "binding_behavior", "invalid", "source", "hop_limit",
	"hmac_key", NULL
};
static const char *const cpath_keys[] = {
	"preference", "name", "algorithm", "segments", "segment_lists", NULL
};
static const char *const seglist_keys[] = { "weight", "segments", NULL };
static const char *const steer_keys[] = { "match", "policy", "color", "endpoint", "port", NULL };

/* ---- segments ----------------------------------------------------------- */

/*
 * "@node" or "@node::function": node's locator for @algo, function bits
 * ORed in. They must lie past the locator length. @return false (reported).
 */
static bool
node_segment(struct srv6gw_cfg_ctx *ctx, int line, const char *who, const char *text,
		uint8_t algo, uint8_t sid[16])
{
	const struct srv6gw_cfg_node_locator *nl;
	char name[SRV6GW_NAME_MAX], pfx[SRV6GW_PREFIX_STRLEN];
	const char *fn = strchr(text + 1, ':');
	size_t len = fn != NULL ? (size_t)(fn - text - 1) : strlen(text + 1);
	uint8_t func[16] = { 0 }, masked[16];
	unsigned int i;
	int node;

	if (len == 0 || len >= sizeof(name)) {
		srv6gw_cfg_error(ctx, line, "%ssegment '%s': expected @node or @node::function",
			who, text);
		return false;
	}
	memcpy(name, text + 1, len);
	name[len] = '\0';
	if (fn != NULL && inet_pton(AF_INET6, fn, func) != 1) {
		srv6gw_cfg_error(ctx, line, "%ssegment '%s': the function part '%s' is not an IPv6 "
			"address like ::d46", who, text, fn);
		return false;
	}
	node = srv6gw_cfg_node_find(ctx, name);
	if (node < 0) {
		if (!ctx->nodes_incomplete)
			srv6gw_cfg_error(ctx, line, "%ssegment '%s': unknown node '%s'", who, text,
				name);
		return false;
	}
	nl = srv6gw_cfg_node_locator(ctx->cfg, (unsigned int)node, algo);
	if (nl == NULL) {
		srv6gw_cfg_error(ctx, line, "%ssegment '%s': node '%s' has no locator for "
			"algorithm %u", who, text, name, algo);
		return false;
	}
	memcpy(masked, func, 16);
	srv6gw_prefix_mask(masked, nl->prefix.len);
	srv6gw_prefix_format(AF_INET6, nl->prefix.a, nl->prefix.len, pfx, sizeof(pfx));
	if (memcmp(masked, (uint8_t[16]){ 0 }, 16) != 0) {
		srv6gw_cfg_error(ctx, line, "%ssegment '%s': the function %s sets bits of the "
			"locator %s (use bits past /%u only)", who, text, fn, pfx, nl->prefix.len);
		return false;
	}
	for (i = 0; i < 16; i++)
		sid[i] = nl->prefix.a[i] | func[i];
	return true;
}

/* One segment: a full SID or a node reference. @return false (reported). */
static bool
parse_segment(struct srv6gw_cfg_ctx *ctx, const config_setting_t *e, const char *who,
		uint8_t algo, uint8_t sid[16])
{
	const char *text = config_setting_get_string(e), *why;
	uint8_t family;

	if (text[0] == '@') {
		if (!node_segment(ctx, srv6gw_cfg_line(e), who, text, algo, sid))
			return false;
	} else if (srv6gw_ip_parse(text, &family, sid) != 0 || family != AF_INET6) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(e), "%ssegment '%s' is not an IPv6 address",
			who, text);
		return false;
	}
	why = srv6gw_cfg_ip6_not_global(sid);
	if (why != NULL) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(e), "%ssegment '%s' is %s", who, text, why);
		return false;
	}
	return true;
}

/*
 * Segments of one list, in travel order. n_segs is the count written, even if
 * a segment is bad; 0 if the count itself is out of range.
 */
static bool
parse_segments(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s, const char *who,
		uint8_t algo, struct srv6gw_cfg_seglist *sl)
{
	int i, n = config_setting_length(s);
	bool ok = true;

	if (n < 1 || n > SRV6GW_MAX_SEGS) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sa segment list needs 1 to %d segments, "
			"got %d", who, SRV6GW_MAX_SEGS, n);
		return false;
	}
	sl->n_segs = (unsigned int)n;
	for (i = 0; i < n; i++)
		if (!parse_segment(ctx, config_setting_get_elem(s, (unsigned int)i), who, algo,
				   sl->segs[i]))
			ok = false;
	return ok;
}

/* ---- segment lists and candidate paths --------------------------------- */

/** A new list slot of @p pol, or NULL (reported) when the policy is full. */
static struct srv6gw_cfg_seglist *
new_list(struct srv6gw_cfg_ctx *ctx, struct srv6gw_cfg_policy *pol, int line, const char *who)
{
	struct srv6gw_cfg_seglist *sl;

	if (pol->n_lists == SRV6GW_MAX_POLICY_LISTS) {
		srv6gw_cfg_error(ctx, line, "%sa policy holds at most %d segment lists over all its "
			"candidate paths", who, SRV6GW_MAX_POLICY_LISTS);
		return NULL;
	}
	sl = &pol->lists[pol->n_lists++];
	sl->line = line;
	sl->weight = 1;
	return sl;
}

static void
parse_seglist(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *pwho,
		struct srv6gw_cfg_policy *pol, uint8_t algo, int idx, bool mode_ok)
{
	struct srv6gw_cfg_seglist *sl;
	char who[CFG_WHO_MAX * 2];
	const config_setting_t *s;
	bool bad = false;
	long long w;

	snprintf(who, sizeof(who), "%.*s segment list %d: ", (int)strlen(pwho) - 2, pwho,
		idx + 1);
	sl = new_list(ctx, pol, srv6gw_cfg_line(g), who);
	if (sl == NULL)
		return;
	srv6gw_cfg_check_keys(ctx, g, seglist_keys, who);
	if (srv6gw_cfg_get_int(ctx, g, "weight", who, 1, CFG_WEIGHT_MAX, &w) == 1)
		sl->weight = (uint32_t)w;
	s = srv6gw_cfg_need(ctx, g, "segments", T_STRINGS, who, &bad);
	if (s != NULL && parse_segments(ctx, s, who, algo, sl) && mode_ok)
		srv6gw_cfg_headroom_ok(ctx, srv6gw_cfg_line(s), who, pol->mode, sl);
}

static void
parse_seglists(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s, const char *who,
		struct srv6gw_cfg_policy *pol, uint8_t algo, bool mode_ok)
{
	const config_setting_t *g;
	int i, n = config_setting_length(s);

	if (n < 1 || n > SRV6GW_MAX_SEGLISTS) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sneeds 1 to %d segment lists, got %d",
			who, SRV6GW_MAX_SEGLISTS, n);
		return;
	}
	for (i = 0; i < n; i++) {
		g = srv6gw_cfg_group_elem(ctx, s, i, "segment_lists");
		if (g != NULL)
			parse_seglist(ctx, g, who, pol, algo, i, mode_ok);
	}
}

/* "segments = [...]": one list of weight 1. */
static void
parse_one_list(struct srv6gw_cfg_ctx *ctx, const config_setting_t *segs, const char *who,
		struct srv6gw_cfg_policy *pol, uint8_t algo, bool mode_ok)
{
	struct srv6gw_cfg_seglist *sl = new_list(ctx, pol, srv6gw_cfg_line(segs), who);

	if (sl != NULL && parse_segments(ctx, segs, who, algo, sl) && mode_ok)
		srv6gw_cfg_headroom_ok(ctx, srv6gw_cfg_line(segs), who, pol->mode, sl);
}

/*
 * The lists of one candidate path: "segments" or "segment_lists", exactly
 * one. @p ep_node (>= 0): with neither, the endpoint node's uN SID for the
 * algorithm is the one segment. @p top: the short form on the policy itself.
 */
static void
parse_cp_lists(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_policy *pol, struct srv6gw_cfg_cpath *cp, bool mode_ok,
		int ep_node, bool top)
{
	const config_setting_t *segs, *lists;
	struct srv6gw_cfg_seglist *sl;
	bool bad = false;
	char ref[SRV6GW_NAME_MAX + 1];

	segs = srv6gw_cfg_member(ctx, g, "segments", T_STRINGS, who, &bad);
	lists = srv6gw_cfg_member(ctx, g, "segment_lists", T_LIST, who, &bad);
	cp->first_list = pol->n_lists;
	if (segs != NULL && lists != NULL) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(lists), "%s'segments' and 'segment_lists' are "
			"mutually exclusive", who);
	} else if (lists != NULL) {
		parse_seglists(ctx, lists, who, pol, cp->algorithm, mode_ok);
	} else if (segs != NULL) {
		parse_one_list(ctx, segs, who, pol, cp->algorithm, mode_ok);
	} else if (ep_node >= 0) {
		sl = new_list(ctx, pol, cp->line, who);
		snprintf(ref, sizeof(ref), "@%s", ctx->cfg->nodes[ep_node].name);
		if (sl != NULL && node_segment(ctx, cp->line, who, ref, cp->algorithm, sl->segs[0]))
			sl->n_segs = 1;
	} else if (!bad) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(g), "%sone of 'segments'%s 'segment_lists'%s "
			"is required", who, top ? "," : " or", top ? " or 'candidate_paths'" : "");
	}
	cp->n_lists = pol->n_lists - cp->first_list;
}

static void
parse_cpath(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *pwho,
		struct srv6gw_cfg_policy *pol, bool mode_ok, int ep_node)
{
	struct srv6gw_cfg_cpath *cp = &pol->cps[pol->n_cps];
	char who[CFG_WHO_MAX + 32];
	const config_setting_t *s;
	long long v = CFG_PREF_DEFAULT;
	bool bad = false;
	unsigned int i;

	memset(cp, 0, sizeof(*cp));
	cp->line = srv6gw_cfg_line(g);
	srv6gw_cfg_get_int(ctx, g, "preference", pwho, 0, UINT32_MAX, &v);
	cp->preference = (uint32_t)v;
	snprintf(who, sizeof(who), "%.*s candidate path %u: ", (int)strlen(pwho) - 2, pwho,
		cp->preference);
	srv6gw_cfg_check_keys(ctx, g, cpath_keys, who);
	s = srv6gw_cfg_member(ctx, g, "name", T_STRING, who, &bad);
	if (s != NULL && srv6gw_cfg_check_name(ctx, s, "candidate path"))
		snprintf(cp->name, sizeof(cp->name), "%s", config_setting_get_string(s));
	/* RFC 9256 §2.9 breaks ties by origin; a static file has one origin */
	for (i = 0; i < pol->n_cps; i++)
		if (pol->cps[i].preference == cp->preference)
			srv6gw_cfg_error(ctx, cp->line, "%spreference %u is already used by the "
				"candidate path at line %d", who, cp->preference, pol->cps[i].line);
	srv6gw_cfg_get_algorithm(ctx, g, who, pol->algorithm, &cp->algorithm);
	pol->n_cps++;
	parse_cp_lists(ctx, g, who, pol, cp, mode_ok, ep_node, false);
}

static void
parse_cpaths(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s, const char *who,
		struct srv6gw_cfg_policy *pol, bool mode_ok, int ep_node)
{
	const config_setting_t *g;
	int i, n = config_setting_length(s);

	if (n < 1 || n > SRV6GW_MAX_CPATHS) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sneeds 1 to %d candidate paths, got %d",
			who, SRV6GW_MAX_CPATHS, n);
		return;
	}
	for (i = 0; i < n; i++) {
		g = srv6gw_cfg_group_elem(ctx, s, i, "candidate_paths");
		if (g != NULL)
			parse_cpath(ctx, g, who, pol, mode_ok, ep_node);
	}
}

/* "candidate_paths", or the short forms: one candidate path of preference 100. */
static void
parse_policy_paths(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_policy *pol, bool mode_ok, int ep_node)
{
	struct srv6gw_cfg_cpath *cp;
	bool bad = false;
	const config_setting_t *cps = srv6gw_cfg_member(ctx, g, "candidate_paths", T_LIST, who,
							&bad);

	if (cps != NULL && (config_setting_get_member(g, "segments") != NULL ||
			    config_setting_get_member(g, "segment_lists") != NULL)) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(cps), "%s'candidate_paths' excludes "
			"'segments' and 'segment_lists' (put them in a candidate path)", who);
		return;
	}
	if (cps != NULL) {
		parse_cpaths(ctx, cps, who, pol, mode_ok, ep_node);
		return;
	}
	if (bad)
		return;
	cp = &pol->cps[pol->n_cps++];
	cp->line = pol->line;
	cp->preference = CFG_PREF_DEFAULT;
	cp->algorithm = pol->algorithm;
	parse_cp_lists(ctx, g, who, pol, cp, mode_ok, ep_node, true);
}

/* ---- policy attributes -------------------------------------------------- */

/* @return true if the mode is known (the headroom can be checked). */
static bool
parse_policy_mode(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_policy *pol)
{
	bool bad = false;
	const config_setting_t *s = srv6gw_cfg_need(ctx, g, "mode", T_STRING, who, &bad);
	const char *mode;

	if (s == NULL)
		return false;
	mode = config_setting_get_string(s);
	/* RFC 8986 §5.1 H.Encaps, §5.2 H.Encaps.Red */
	if (strcmp(mode, "encaps") == 0) {
		pol->mode = SRV6GW_ENCAPS;
		return true;
	}
	if (strcmp(mode, "encaps.red") == 0) {
		pol->mode = SRV6GW_ENCAPS_RED;
		return true;
	}
	srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sunknown mode '%s' (expected encaps or "
		"encaps.red)", who, mode);
	return false;
}

/*
 * An endpoint: an IPv6 address (:: is the null endpoint, RFC 9256 §8.8.1) or
 * "@node", the node's address. *@p node is the node's index or -1.
 * @return 1 set, 0 absent, -1 error (reported).
 */
static int
get_endpoint(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *who,
		uint8_t ep[16], int *node)
{
	bool bad = false;
	const config_setting_t *s = srv6gw_cfg_member(ctx, grp, "endpoint", T_STRING, who, &bad);
	const char *text, *why;
	uint8_t family;

	*node = -1;
	if (s == NULL)
		return bad ? -1 : 0;
	text = config_setting_get_string(s);
	if (text[0] == '@') {
		*node = srv6gw_cfg_node_find(ctx, text + 1);
		if (*node < 0) {
			if (!ctx->nodes_incomplete)
				srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sendpoint '%s': unknown "
					"node '%s'", who, text, text + 1);
			return -1;
		}
		if (!ctx->cfg->nodes[*node].has_address) {
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sendpoint '%s': node '%s' has no "
				"'address'", who, text, text + 1);
			return -1;
		}
		memcpy(ep, ctx->cfg->nodes[*node].address, 16);
		return 1;
	}
	if (srv6gw_ip_parse(text, &family, ep) != 0 || family != AF_INET6) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sendpoint '%s' is not an IPv6 address "
			"or @node", who, text);
		return -1;
	}
	why = srv6gw_ip6_is_unspecified(ep) ? NULL : srv6gw_cfg_ip6_not_global(ep);
	if (why != NULL) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sendpoint %s is %s", who, text, why);
		return -1;
	}
	return 1;
}

/*
 * RFC 9256 §2.1: color (32 bits) and endpoint, both or neither.
 * @return 1 both set, 0 neither, -1 error (reported).
 */
static int
parse_color_endpoint(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		uint32_t *color, uint8_t ep[16], int *ep_node)
{
	long long c;
	int rc = srv6gw_cfg_get_int(ctx, g, "color", who, 0, UINT32_MAX, &c);
	int re = get_endpoint(ctx, g, who, ep, ep_node);

	if (rc < 0 || re < 0)
		return -1;
	if (rc != re) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(g), "%s'color' and 'endpoint' go together "
			"(RFC 9256 §2.1): '%s' is missing", who, rc ? "endpoint" : "color");
		return -1;
	}
	*color = (uint32_t)c;
	return rc;
}

static void
label_policy(struct srv6gw_cfg_policy *pol)
{
	char ep[SRV6GW_IP_STRLEN];

	if (pol->name[0] != '\0')
		snprintf(pol->label, sizeof(pol->label), "%s", pol->name);
	else
		snprintf(pol->label, sizeof(pol->label), "(%u, %s)", pol->color,
			 srv6gw_ip_format(AF_INET6, pol->endpoint, ep, sizeof(ep)));
}

/* RFC 9256 §8.1/§8.2: what steered traffic gets when nothing is valid. */
static void
parse_invalid(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_policy *pol)
{
	bool bad = false;
	const config_setting_t *s = srv6gw_cfg_member(ctx, g, "invalid", T_STRING, who, &bad);
	const char *v;

	if (s == NULL)
		return;
	v = config_setting_get_string(s);
	if (strcmp(v, "drop") == 0)
		pol->invalid = SRV6GW_INVALID_DROP;
	else if (strcmp(v, "route") == 0)
		pol->invalid = SRV6GW_INVALID_ROUTE;
	else
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sinvalid '%s': expected drop or route",
			who, v);
}

/*
 * RFC 9256 §6: the policy's binding SID, bound as End.B6.Encaps(.Red)
 * (RFC 8986 §4.13, §4.14). Applied in that behaviour's mode, so every list
 * must fit the headroom in that mode too. It becomes a SID in
 * srv6gw_cfg_policy_bsids() and is checked with the other SIDs.
 */
static void
parse_bsid(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_policy *pol, bool mode_ok)
{
	bool bad = false;
	const config_setting_t *b = srv6gw_cfg_member(ctx, g, "binding_behavior", T_STRING, who,
						      &bad);
	enum srv6gw_encap_mode mode;
	struct srv6gw_addr a;
	char bwho[CFG_WHO_MAX + 40];
	unsigned int i;
	int ret = srv6gw_cfg_get_addr(ctx, g, "binding_sid", who, AF_INET6, true, &a);

	pol->bsid_behavior = SRV6GW_B_END_B6_ENCAPS;
	if (b != NULL && strcmp(config_setting_get_string(b), "End.B6.Encaps.Red") == 0) {
		pol->bsid_behavior = SRV6GW_B_END_B6_ENCAPS_RED;
	} else if (b != NULL && strcmp(config_setting_get_string(b), "End.B6.Encaps") != 0) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(b), "%sbinding_behavior '%s': expected "
			"End.B6.Encaps or End.B6.Encaps.Red", who, config_setting_get_string(b));
		return;
	}
	if (b != NULL && ret == 0) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(b), "%s'binding_behavior' needs "
			"'binding_sid'", who);
		return;
	}
	if (ret != 1)
		return;
	pol->has_bsid = true;
	memcpy(pol->bsid, a.a, 16);
	pol->bsid_line = srv6gw_cfg_line(config_setting_get_member(g, "binding_sid"));
	mode = pol->bsid_behavior == SRV6GW_B_END_B6_ENCAPS ? SRV6GW_ENCAPS : SRV6GW_ENCAPS_RED;
	if (!mode_ok || mode == pol->mode)
		return;
	snprintf(bwho, sizeof(bwho), "%sbinding SID as %s: ", who,
		 srv6gw_behavior_name(pol->bsid_behavior));
	for (i = 0; i < pol->n_lists; i++)
		if (pol->lists[i].n_segs > 0 &&
		    !srv6gw_cfg_headroom_ok(ctx, pol->bsid_line, bwho, mode, &pol->lists[i]))
			return;
}

/* The name, or color and endpoint: what identifies the policy. */
static bool
parse_policy_id(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g,
		struct srv6gw_cfg_policy *pol, int *ep_node)
{
	bool bad = false;
	const config_setting_t *s = srv6gw_cfg_member(ctx, g, "name", T_STRING, "policy: ", &bad);
	char who[CFG_WHO_MAX];
	int ret;

	if (s != NULL && !srv6gw_cfg_check_name(ctx, s, "policy"))
		return false;
	if (s != NULL)
		snprintf(pol->name, sizeof(pol->name), "%s", config_setting_get_string(s));
	if (s != NULL)
		snprintf(who, sizeof(who), "policy '%s': ", pol->name);
	else
		snprintf(who, sizeof(who), "policy: ");
	ret = parse_color_endpoint(ctx, g, who, &pol->color, pol->endpoint, ep_node);
	if (ret < 0)
		return s != NULL;   /* named: can still be referred to */
	pol->has_color = ret == 1;
	if (s == NULL && !pol->has_color) {
		if (!bad)
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(g), "policy: 'name' is missing (or give "
				"'color' and 'endpoint')");
		return false;
	}
	return true;
}

static void
parse_policy(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g)
{
	struct srv6gw_config *cfg = ctx->cfg;
	struct srv6gw_cfg_policy *pol = &cfg->policies[cfg->n_policies];
	struct srv6gw_addr src;
	char who[CFG_WHO_MAX];
	long long hl;
	bool mode_ok;
	int ret, ep_node = -1;

	memset(pol, 0, sizeof(*pol));
	pol->line = srv6gw_cfg_line(g);
	pol->hop_limit = -1;
	if (!parse_policy_id(ctx, g, pol, &ep_node)) {
		/* nothing can refer to it: check only its keys */
		srv6gw_cfg_check_keys(ctx, g, policy_keys, "policy: ");
		ctx->policies_incomplete = true;
		return;
	}
	label_policy(pol);
	cfg->n_policies++;
	snprintf(who, sizeof(who), "policy '%s': ", pol->label);
	srv6gw_cfg_check_keys(ctx, g, policy_keys, who);
	srv6gw_cfg_get_algorithm(ctx, g, who, 0, &pol->algorithm);
	parse_invalid(ctx, g, who, pol);
	mode_ok = parse_policy_mode(ctx, g, who, pol);
	parse_policy_paths(ctx, g, who, pol, mode_ok, ep_node);
	parse_bsid(ctx, g, who, pol, mode_ok);
	ret = srv6gw_cfg_get_addr(ctx, g, "source", who, AF_INET6, true, &src);
	/* a bad source is reported once, not again as a missing one */
	pol->has_source = ret != 0;
	if (ret == 1)
		memcpy(pol->source, src.a, 16);
	if (srv6gw_cfg_get_int(ctx, g, "hop_limit", who, 1, 255, &hl) == 1)
		pol->hop_limit = (int)hl;
	srv6gw_cfg_guard_policy(ctx, g, who, pol);      /* RFC 8754 §2.1.2 HMAC TLV */
}

int
srv6gw_cfg_parse_policies(struct srv6gw_cfg_ctx *ctx, const config_setting_t *srv6)
{
	int ret = srv6gw_cfg_group_list(ctx, srv6, "policies", "srv6: ", "srv6.policies",
					(void **)&ctx->cfg->policies, sizeof(*ctx->cfg->policies),
					parse_policy, &ctx->policies_incomplete);

	return ret != 0 ? ret : srv6gw_cfg_policies_index(ctx);
}

/* Binding SIDs declared on policies join the SIDs (same checks, same table). */
int
srv6gw_cfg_policy_bsids(struct srv6gw_cfg_ctx *ctx)
{
	struct srv6gw_config *cfg = ctx->cfg;
	struct srv6gw_cfg_sid *sids, *s;
	unsigned int i, n = 0;

	for (i = 0; i < cfg->n_policies; i++)
		n += cfg->policies[i].has_bsid;
	if (n == 0)
		return 0;
	sids = realloc(cfg->sids, sizeof(*sids) * (cfg->n_sids + n));
	if (sids == NULL)
		return -ENOMEM;
	cfg->sids = sids;
	for (i = 0; i < cfg->n_policies; i++) {
		if (!cfg->policies[i].has_bsid)
			continue;
		s = &cfg->sids[cfg->n_sids++];
		memset(s, 0, sizeof(*s));
		memcpy(s->sid, cfg->policies[i].bsid, 16);
		s->behavior = cfg->policies[i].bsid_behavior;
		s->policy = i;
		s->from_policy = true;
		s->line = cfg->policies[i].bsid_line;
	}
	return 0;
}

/* ---- (color, endpoint) unique ------------------------------------------- */

static int
ce_cmp(const void *a, const void *b, void *arg)
{
	const struct srv6gw_config *cfg = arg;
	const struct srv6gw_cfg_policy *x = &cfg->policies[*(const unsigned int *)a];
	const struct srv6gw_cfg_policy *y = &cfg->policies[*(const unsigned int *)b];
	int c;

	if (x->color != y->color)
		return x->color < y->color ? -1 : 1;
	c = memcmp(x->endpoint, y->endpoint, 16);
	if (c != 0)
		return c;
	return x->line - y->line;
}

int
srv6gw_cfg_check_policy_keys(struct srv6gw_cfg_ctx *ctx)
{
	const struct srv6gw_config *cfg = ctx->cfg;
	const struct srv6gw_cfg_policy *a, *b;
	unsigned int *idx, i, n = 0;
	char ep[SRV6GW_IP_STRLEN];

	idx = calloc(cfg->n_policies + 1, sizeof(*idx));
	if (idx == NULL)
		return -ENOMEM;
	for (i = 0; i < cfg->n_policies; i++)
		if (cfg->policies[i].has_color)
			idx[n++] = i;
	qsort_r(idx, n, sizeof(*idx), ce_cmp, (void *)cfg);
	for (i = 1; i < n; i++) {
		a = &cfg->policies[idx[i - 1]];
		b = &cfg->policies[idx[i]];
		if (a->color != b->color || memcmp(a->endpoint, b->endpoint, 16) != 0)
			continue;
		srv6gw_cfg_error(ctx, b->line, "policy '%s': color %u and endpoint %s are already "
			"used by policy '%s' (line %d)", b->label, b->color,
			srv6gw_ip_format(AF_INET6, b->endpoint, ep, sizeof(ep)), a->label, a->line);
	}
	free(idx);
	return 0;
}

/* ---- steering ----------------------------------------------------------- */

/*
 * RFC 9256 §8.5/§8.8.1: a destination with color C and endpoint E is steered
 * into the policy (C, E); failing that, into (C, ::), the null endpoint.
 */
static int
policy_by_color(const struct srv6gw_config *cfg, uint32_t color, const uint8_t ep[16])
{
	int i, null_ep = -1;

	for (i = 0; i < (int)cfg->n_policies; i++) {
		const struct srv6gw_cfg_policy *p = &cfg->policies[i];

		if (!p->has_color || p->color != color)
			continue;
		if (memcmp(p->endpoint, ep, 16) == 0)
			return i;
		if (srv6gw_ip6_is_unspecified(p->endpoint) && null_ep < 0)
			null_ep = i;
	}
	return null_ep;
}

static bool
steer_by_color(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_steer *st)
{
	uint8_t ep[16];
	uint32_t color;
	int node, idx, ret = parse_color_endpoint(ctx, g, who, &color, ep, &node);
	char text[SRV6GW_IP_STRLEN];

	if (ret <= 0)
		return ret == 0;
	st->by_color = true;
	idx = policy_by_color(ctx->cfg, color, ep);
	if (idx < 0) {
		if (!ctx->policies_incomplete)
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(g), "%sno policy with color %u and "
				"endpoint %s (nor the null endpoint ::)", who, color,
				srv6gw_ip_format(AF_INET6, ep, text, sizeof(text)));
		return false;
	}
	st->policy = (unsigned int)idx;
	return true;
}

/* "policy" by name, or "color" and "endpoint": exactly one way. */
static bool
steer_target(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_steer *st)
{
	bool bad = false;
	const config_setting_t *s = srv6gw_cfg_member(ctx, g, "policy", T_STRING, who, &bad);
	bool by_color = config_setting_get_member(g, "color") != NULL ||
			config_setting_get_member(g, "endpoint") != NULL;
	int idx;

	if (bad)
		return false;
	if (s != NULL && by_color) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(g), "%s'policy' and 'color'/'endpoint' are "
			"mutually exclusive", who);
		return false;
	}
	if (by_color)
		return steer_by_color(ctx, g, who, st);
	if (s == NULL) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(g), "%s'policy' is missing (or give 'color' "
			"and 'endpoint')", who);
		return false;
	}
	idx = srv6gw_cfg_policy_find(ctx, config_setting_get_string(s));
	if (idx < 0 && !ctx->policies_incomplete)
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "%sunknown policy '%s'", who,
			config_setting_get_string(s));
	st->policy = idx < 0 ? 0 : (unsigned int)idx;
	return idx >= 0 || ctx->policies_incomplete;
}

static void
parse_steer(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g)
{
	struct srv6gw_config *cfg = ctx->cfg;
	struct srv6gw_cfg_steer *st = &cfg->steering[cfg->n_steering];
	char who[CFG_WHO_MAX], pfx[SRV6GW_PREFIX_STRLEN];
	unsigned int port;
	bool bad = false, ok;
	int ret;

	memset(st, 0, sizeof(*st));
	ok = srv6gw_cfg_need(ctx, g, "match", T_STRING, "steering: ", &bad) != NULL &&
		srv6gw_cfg_get_prefix(ctx, g, "match", "steering: ", &st->match) == 1;
	if (ok)
		snprintf(who, sizeof(who), "steering %s: ", srv6gw_prefix_format(st->match.family,
			st->match.a, st->match.len, pfx, sizeof(pfx)));
	else
		snprintf(who, sizeof(who), "steering: ");
	srv6gw_cfg_check_keys(ctx, g, steer_keys, who);
	if (!steer_target(ctx, g, who, st))
		ok = false;
	st->port = -1;
	ret = srv6gw_cfg_get_port_ref(ctx, g, "port", who, &port);
	if (ret == 1)
		st->port = (int)port;
	st->line = srv6gw_cfg_line(g);
	if (ok && ret >= 0)
		cfg->n_steering++;
}

int
srv6gw_cfg_parse_steering(struct srv6gw_cfg_ctx *ctx, const config_setting_t *srv6)
{
	return srv6gw_cfg_group_list(ctx, srv6, "steering", "srv6: ", "srv6.steering",
				     (void **)&ctx->cfg->steering, sizeof(*ctx->cfg->steering),
				     parse_steer, NULL);
}
