/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */

/*
 * srv6.nodes: the remote SRv6 nodes a policy can name, with one locator per
 * Flex-Algo algorithm (RFC 9350 §14: "a node advertises one locator per
 * algorithm it participates in"). Policies build their SIDs from these
 * locators ("@node" segments, docs/configuration.md).
 *
 *   nodes = ( { name = "r2"; address = "fc00:2::1";
 *               locators = ( { algorithm = 0;   prefix = "fc00:2::/48"; },
 *                            { algorithm = 128; prefix = "fc00:82::/48"; } ); } );
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/addr.h"
#include "cp/config_priv.h"

static const char *const node_keys[] = { "name", "address", "locators", NULL };
static const char *const nloc_keys[] = { "algorithm", "prefix", NULL };

/* RFC 9350 §4: 0 is SPF, 1 strict SPF (not for SRv6 locators), 128..255 Flex-Algo. */
bool
srv6gw_cfg_get_algorithm(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp,
		const char *who, uint8_t dflt, uint8_t *out)
{
	long long v;
	int ret = srv6gw_cfg_get_int(ctx, grp, "algorithm", who, 0, 255, &v);

	*out = dflt;
	if (ret < 0)
		return false;
	if (ret == 0)
		return true;
	if (v != 0 && v < 128) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(config_setting_get_member(grp, "algorithm")),
			"%salgorithm %lld is not a Flex-Algo algorithm: use 0 or 128..255 "
			"(RFC 9350 §4)", who, v);
		return false;
	}
	*out = (uint8_t)v;
	return true;
}

static void
parse_node_locator(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_node *node)
{
	struct srv6gw_cfg_node_locator *nl = &node->locators[node->n_locators];
	char pfx[SRV6GW_PREFIX_STRLEN];
	const char *why;
	bool bad = false;
	unsigned int i;

	memset(nl, 0, sizeof(*nl));
	nl->line = srv6gw_cfg_line(g);
	srv6gw_cfg_check_keys(ctx, g, nloc_keys, who);
	if (!srv6gw_cfg_get_algorithm(ctx, g, who, 0, &nl->algorithm))
		return;
	if (srv6gw_cfg_need(ctx, g, "prefix", T_STRING, who, &bad) == NULL ||
	    srv6gw_cfg_get_prefix(ctx, g, "prefix", who, &nl->prefix) != 1)
		return;
	srv6gw_prefix_format(nl->prefix.family, nl->prefix.a, nl->prefix.len, pfx, sizeof(pfx));
	if (nl->prefix.family != AF_INET6) {
		srv6gw_cfg_error(ctx, nl->line, "%sprefix %s must be IPv6", who, pfx);
		return;
	}
	why = srv6gw_cfg_reserved6(&nl->prefix);
	if (why != NULL) {
		srv6gw_cfg_error(ctx, nl->line, "%sprefix %s overlaps %s", who, pfx, why);
		return;
	}
	/* RFC 9350 §14: one locator per algorithm and node */
	for (i = 0; i < node->n_locators; i++) {
		if (node->locators[i].algorithm == nl->algorithm) {
			srv6gw_cfg_error(ctx, nl->line, "%salgorithm %u already has a locator "
				"(line %d): one locator per algorithm", who, nl->algorithm,
				node->locators[i].line);
			return;
		}
	}
	node->n_locators++;
}

static void
parse_node_locators(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g, const char *who,
		struct srv6gw_cfg_node *node)
{
	const config_setting_t *list, *e;
	bool bad = false;
	int i, n;

	list = srv6gw_cfg_need(ctx, g, "locators", T_LIST, who, &bad);
	if (list == NULL)
		return;
	n = config_setting_length(list);
	if (n < 1 || n > SRV6GW_MAX_NODE_LOCATORS) {
		srv6gw_cfg_error(ctx, srv6gw_cfg_line(list), "%sneeds 1 to %d locators, got %d", who,
			SRV6GW_MAX_NODE_LOCATORS, n);
		return;
	}
	for (i = 0; i < n; i++) {
		e = srv6gw_cfg_group_elem(ctx, list, i, "locators");
		if (e != NULL)
			parse_node_locator(ctx, e, who, node);
	}
}

static void
parse_node(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g)
{
	struct srv6gw_config *cfg = ctx->cfg;
	struct srv6gw_cfg_node *node = &cfg->nodes[cfg->n_nodes];
	char who[CFG_WHO_MAX];
	const config_setting_t *s;
	struct srv6gw_addr a;
	bool bad = false;
	int i;

	memset(node, 0, sizeof(*node));
	node->line = srv6gw_cfg_line(g);
	s = srv6gw_cfg_need(ctx, g, "name", T_STRING, "node: ", &bad);
	if (s == NULL || !srv6gw_cfg_check_name(ctx, s, "node")) {
		srv6gw_cfg_check_keys(ctx, g, node_keys, "node: ");
		ctx->nodes_incomplete = true;
		return;
	}
	snprintf(node->name, sizeof(node->name), "%s", config_setting_get_string(s));
	snprintf(who, sizeof(who), "node '%s': ", node->name);
	for (i = 0; i < (int)cfg->n_nodes; i++) {
		if (strcmp(cfg->nodes[i].name, node->name) == 0) {
			srv6gw_cfg_error(ctx, srv6gw_cfg_line(s), "node name '%s' is already used "
				"at line %d", node->name, cfg->nodes[i].line);
			return; /* references resolve to the first one */
		}
	}
	srv6gw_cfg_check_keys(ctx, g, node_keys, who);
	if (srv6gw_cfg_get_addr(ctx, g, "address", who, AF_INET6, true, &a) == 1) {
		node->has_address = true;
		memcpy(node->address, a.a, 16);
	}
	parse_node_locators(ctx, g, who, node);
	cfg->n_nodes++;
}

int
srv6gw_cfg_parse_nodes(struct srv6gw_cfg_ctx *ctx, const config_setting_t *srv6)
{
	return srv6gw_cfg_group_list(ctx, srv6, "nodes", "srv6: ", "srv6.nodes",
				     (void **)&ctx->cfg->nodes, sizeof(*ctx->cfg->nodes), parse_node,
				     &ctx->nodes_incomplete);
}

/* Nodes are looked up by name while policies are parsed: few, a scan will do. */
int
srv6gw_cfg_node_find(const struct srv6gw_cfg_ctx *ctx, const char *name)
{
	unsigned int i;

	for (i = 0; i < ctx->cfg->n_nodes; i++)
		if (strcmp(ctx->cfg->nodes[i].name, name) == 0)
			return (int)i;
	return -1;
}

const struct srv6gw_cfg_node_locator *
srv6gw_cfg_node_locator(const struct srv6gw_config *cfg, unsigned int node, uint8_t algo)
{
	const struct srv6gw_cfg_node *n = &cfg->nodes[node];
	unsigned int i;

	for (i = 0; i < n->n_locators; i++)
		if (n->locators[i].algorithm == algo)
			return &n->locators[i];
	return NULL;
}

/*
 * No two node locators overlap, and none overlaps a locator of this node: a
 * SID must tell its node and algorithm (RFC 9350 §14.1). Reported at the one
 * defined last. Node locators are few (nodes x algorithms): pairwise.
 */
int
srv6gw_cfg_check_nodes(struct srv6gw_cfg_ctx *ctx)
{
	const struct srv6gw_config *cfg = ctx->cfg;
	char pa[SRV6GW_PREFIX_STRLEN], pb[SRV6GW_PREFIX_STRLEN];
	unsigned int i, j, k, l;

	for (i = 0; i < cfg->n_nodes; i++) {
		for (j = 0; j < cfg->nodes[i].n_locators; j++) {
			const struct srv6gw_cfg_node_locator *a = &cfg->nodes[i].locators[j];

			srv6gw_prefix_format(AF_INET6, a->prefix.a, a->prefix.len, pa, sizeof(pa));
			for (k = 0; k < cfg->n_locators; k++) {
				const struct srv6gw_prefix *p = &cfg->locators[k].prefix;

				if (!srv6gw_prefix_overlaps(a->prefix.a, a->prefix.len, p->a, p->len))
					continue;
				srv6gw_cfg_error(ctx, a->line, "node '%s': locator %s overlaps local "
					"locator '%s' (%s, line %d)", cfg->nodes[i].name, pa,
					cfg->locators[k].name, srv6gw_prefix_format(AF_INET6, p->a,
					p->len, pb, sizeof(pb)), cfg->locators[k].line);
			}
			for (k = 0; k <= i; k++) {
				for (l = 0; l < cfg->nodes[k].n_locators && (k < i || l < j); l++) {
					const struct srv6gw_cfg_node_locator *b =
						&cfg->nodes[k].locators[l];

					if (!srv6gw_prefix_overlaps(a->prefix.a, a->prefix.len,
								    b->prefix.a, b->prefix.len))
						continue;
					srv6gw_cfg_error(ctx, a->line, "node '%s': locator %s overlaps "
						"locator %s of node '%s' (line %d)", cfg->nodes[i].name,
						pa, srv6gw_prefix_format(AF_INET6, b->prefix.a,
						b->prefix.len, pb, sizeof(pb)), cfg->nodes[k].name,
						b->line);
				}
			}
		}
	}
	return 0;
}
