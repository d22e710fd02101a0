/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_CP_CONFIG_PRIV_H
#define SRV6GW_CP_CONFIG_PRIV_H

/**
 * @file
 * Shared state of one configuration load, between config_parse.c (reads the
 * libconfig tree, checks each entry on its own) and config_validate.c
 * (checks across entries: duplicates, overlaps, headroom).
 *
 * Thread-safety: a context lives on the stack of the loading thread.
 */

#include <stdbool.h>
#include <stdint.h>

#include <libconfig.h>

#include "srv6gw/config.h"

/** Value types, as the user writes them. */
enum cfg_type {
	T_STRING,
	T_INT,
	T_GROUP,
	T_LIST,    /* ( { ... }, ... ); elements checked one by one */
	T_STRINGS, /* [ "...", ... ]; elements checked one by one */
	T_INTS,    /* [ 1, 2 ]; elements checked one by one */
	T_BOOL,
};

#define CFG_WHO_MAX 96

/** Name to index map, sorted by name (ports, locators, policies). */
struct srv6gw_cfg_name {
	const char *name;
	unsigned int idx;
};

/** One load in progress. */
struct srv6gw_cfg_ctx {
	struct srv6gw_config *cfg;
	struct srv6gw_cfg_errors *errs;
	/** Table ids that exist: routes, srv6 "tables", and 0. */
	uint8_t table_known[(SRV6GW_MAX_TABLE_ID + 1) / 8];
	/*
	 * A section had an entry too broken to take part in the checks of the
	 * others (no usable name or table id). Checks that could only fail
	 * because of that entry ("unknown port", "table does not exist", ...)
	 * are skipped, so one mistake gives one error, not a cascade.
	 */
	bool ports_incomplete;
	bool tables_incomplete;
	bool locators_incomplete;
	bool policies_incomplete;
	bool nodes_incomplete;  /**< a node could not be parsed: no "unknown node" */
	bool source_bad;        /**< srv6.source present but invalid */
	bool locators_overlap;  /**< SID lookup must try every locator */
	bool hmac_keys_bad;     /**< the key file had errors: no "unknown key" cascade */
	struct srv6gw_cfg_name *policy_names; /**< sorted, n_policies entries */
};

/** Record an error at @p line (0: none) in ctx->errs. */
void srv6gw_cfg_error(struct srv6gw_cfg_ctx *ctx, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** Mark table @p id as existing. */
void srv6gw_cfg_table_add(struct srv6gw_cfg_ctx *ctx, uint32_t id);

/** Tell whether table @p id exists. */
bool srv6gw_cfg_table_exists(const struct srv6gw_cfg_ctx *ctx, uint32_t id);

/** Build cfg->tables from the known table ids. @return 0 or -ENOMEM. */
int srv6gw_cfg_tables_finish(struct srv6gw_cfg_ctx *ctx);

/**
 * Check that segment list @p sl encapsulated in @p mode (compressed where
 * the locators parsed so far allow) fits the headroom; report "<who>:
 * segment list of N SIDs needs ..." at @p line if not.
 */
bool srv6gw_cfg_headroom_ok(struct srv6gw_cfg_ctx *ctx, int line, const char *who,
		enum srv6gw_encap_mode mode, const struct srv6gw_cfg_seglist *sl);

/** Index the policies by name, report duplicates. @return 0 or -ENOMEM. */
int srv6gw_cfg_policies_index(struct srv6gw_cfg_ctx *ctx);

/** Find a policy by name. @return its index, or -1. */
int srv6gw_cfg_policy_find(const struct srv6gw_cfg_ctx *ctx, const char *name);

/** RFC 9800 checks on a SID whose locator is known (config_csid.c). */
void srv6gw_cfg_check_sid_csid(struct srv6gw_cfg_ctx *ctx, const struct srv6gw_cfg_sid *sid);

/** Checks across entries, after everything is parsed. @return 0 or -ENOMEM. */
int srv6gw_cfg_validate(struct srv6gw_cfg_ctx *ctx);

/*
 * Typed access to settings, shared by the section parsers (config_parse.c
 * defines them; config_net.c, config_sids.c, config_nodes.c and
 * config_policy.c use them). Each reports its own errors, prefixed with @p who.
 */

/** The source line of a setting. */
int srv6gw_cfg_line(const config_setting_t *s);
/** @p key of @p grp if of type @p t; NULL if absent or (reported, *bad) wrong type. */
const config_setting_t *srv6gw_cfg_member(struct srv6gw_cfg_ctx *ctx,
		const config_setting_t *grp, const char *key, enum cfg_type t, const char *who,
		bool *bad);
/** As srv6gw_cfg_member(), absence reported too. */
const config_setting_t *srv6gw_cfg_need(struct srv6gw_cfg_ctx *ctx,
		const config_setting_t *grp, const char *key, enum cfg_type t, const char *who,
		bool *bad);
/** Integer @p key in [min, max]. @return 1 set, 0 absent, -1 error (reported). */
int srv6gw_cfg_get_int(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp,
		const char *key, const char *who, long long min, long long max, long long *out);
/** Report every member of @p grp not in @p keys. */
void srv6gw_cfg_check_keys(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp,
		const char *const *keys, const char *who);
/** Element @p i of a list of groups; NULL (reported) if it is not a group. */
const config_setting_t *srv6gw_cfg_group_elem(struct srv6gw_cfg_ctx *ctx,
		const config_setting_t *list, int i, const char *what);
/** A name of 1..31 characters [A-Za-z0-9._-]; reported if not. */
bool srv6gw_cfg_check_name(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s,
		const char *what);
/** Why @p a cannot be a SID or segment (RFC 4291 scopes); NULL if it can. */
const char *srv6gw_cfg_ip6_not_global(const uint8_t a[16]);
/** Address @p key. @return 1 set, 0 absent, -1 error (reported). */
int srv6gw_cfg_get_addr(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp,
		const char *key, const char *who, uint8_t family, bool global,
		struct srv6gw_addr *out);
/** Network prefix @p key. @return 1 set, 0 absent, -1 error (reported). */
int srv6gw_cfg_get_prefix(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp,
		const char *key, const char *who, struct srv6gw_prefix *out);
/** Port reference @p key. @return 1 set, 0 absent, -1 error (reported). */
int srv6gw_cfg_get_port_ref(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp,
		const char *key, const char *who, unsigned int *idx);
/** A reserved range (multicast, link-local, ::/127) @p p overlaps, or NULL. */
const char *srv6gw_cfg_reserved6(const struct srv6gw_prefix *p);
/** Why @p a cannot be a unicast host (interface, neighbour, next hop); NULL if it can. */
const char *srv6gw_cfg_ip_not_unicast(uint8_t family, const uint8_t a[16]);
/** Prefix text of @p s (setting or array element); @p network: no host bits. Reported if bad. */
bool srv6gw_cfg_parse_prefix(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s,
		const char *who, const char *key, bool network, struct srv6gw_prefix *out);
/** MAC @p key, unicast and not zero. @return 1 set, 0 absent, -1 error (reported). */
int srv6gw_cfg_get_mac(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp,
		const char *key, const char *who, uint8_t mac[6]);
/** Copy string @p s into @p dst of @p size bytes; reported unless 1..size-1 characters. */
bool srv6gw_cfg_copy_string(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s,
		const char *who, char *dst, size_t size);
/** List of groups @p key of @p grp into *@p list. @return its length, 0 if absent or bad. */
int srv6gw_cfg_section(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp,
		const char *key, const char *who, const config_setting_t **list, bool *bad);

/* ---- config_net.c: the top-level network sections ---- */

/** ports (at least one). */
void srv6gw_cfg_parse_ports(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root);
/** neighbors. @return 0 or -ENOMEM. */
int srv6gw_cfg_parse_neighbors(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root);
/** routes (adds their tables). @return 0 or -ENOMEM. */
int srv6gw_cfg_parse_routes(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root);
/** tables: table ids that exist without routes. */
void srv6gw_cfg_parse_tables(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root);
/** icmp: the ICMPv6 error rate limit (defaults if absent). */
void srv6gw_cfg_parse_icmp(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root);
/** neighbor_timers: reachable time and probes (defaults if absent). */
void srv6gw_cfg_parse_nud(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root);

/* config_sids.c: the srv6.locators and srv6.sids lists. */
int srv6gw_cfg_parse_locators(struct srv6gw_cfg_ctx *ctx, const config_setting_t *srv6);
int srv6gw_cfg_parse_sids(struct srv6gw_cfg_ctx *ctx, const config_setting_t *srv6);
/** The words for a type in "'x' must be ..." messages. */
const char *srv6gw_cfg_type_name(enum cfg_type t);
/**
 * A list section of groups: allocate *@p arr (@p elem bytes each) and run
 * @p fn on each group. @return 0 or -ENOMEM.
 */
int srv6gw_cfg_group_list(struct srv6gw_cfg_ctx *ctx, const config_setting_t *parent,
		const char *key, const char *who, const char *what, void **arr, size_t elem,
		void (*fn)(struct srv6gw_cfg_ctx *, const config_setting_t *), bool *incomplete);

/* ---- Flex-Algo (config_nodes.c) and policies (config_policy.c) ---- */

/**
 * RFC 9350 §4: algorithm @p key (default @p dflt): 0 or 128..255.
 * @return false (reported) if present and invalid.
 */
bool srv6gw_cfg_get_algorithm(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp,
		const char *who, uint8_t dflt, uint8_t *out);
/** srv6.nodes. @return 0 or -ENOMEM. */
int srv6gw_cfg_parse_nodes(struct srv6gw_cfg_ctx *ctx, const config_setting_t *srv6);
/** Find a node by name. @return its index or -1. */
int srv6gw_cfg_node_find(const struct srv6gw_cfg_ctx *ctx, const char *name);
/** The locator of node @p node for @p algo, or NULL. */
const struct srv6gw_cfg_node_locator *srv6gw_cfg_node_locator(const struct srv6gw_config *cfg,
		unsigned int node, uint8_t algo);
/** Node locators: one per algorithm, no overlap (nor with local locators). */
int srv6gw_cfg_check_nodes(struct srv6gw_cfg_ctx *ctx);
/** srv6.policies (indexes them by name too). @return 0 or -ENOMEM. */
int srv6gw_cfg_parse_policies(struct srv6gw_cfg_ctx *ctx, const config_setting_t *srv6);
/** Add each policy's binding_sid to cfg->sids. @return 0 or -ENOMEM. */
int srv6gw_cfg_policy_bsids(struct srv6gw_cfg_ctx *ctx);
/** srv6.steering. @return 0 or -ENOMEM. */
int srv6gw_cfg_parse_steering(struct srv6gw_cfg_ctx *ctx, const config_setting_t *srv6);
/** (color, endpoint) unique among policies. @return 0 or -ENOMEM. */
int srv6gw_cfg_check_policy_keys(struct srv6gw_cfg_ctx *ctx);

/* ---- the file as text (config_text.c) ---- */

/** Largest configuration file accepted. */
#define SRV6GW_CFG_MAX_FILE_SIZE (256u << 20)

/**
 * Lexical pre-scan of @p size bytes at @p p: @include, integers outside
 * 32 bits, unclosed comments and strings, each an error of @p ctx.
 * @return the errors found.
 */
unsigned int srv6gw_cfg_prescan(struct srv6gw_cfg_ctx *ctx, const char *p, size_t size);

/** Read @p path whole, NUL-terminated (@p size: its length); NULL after an error in @p errs. */
char *srv6gw_cfg_read_file(const char *path, size_t *size, struct srv6gw_cfg_errors *errs);

/** True (one error in @p errs, at its line) when @p text holds a NUL byte. */
bool srv6gw_cfg_has_nul(const char *text, size_t size, struct srv6gw_cfg_errors *errs);

#endif /* SRV6GW_CP_CONFIG_PRIV_H */
