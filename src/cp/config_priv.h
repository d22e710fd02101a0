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

#include "srv6gw/config.h"

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

#endif /* SRV6GW_CP_CONFIG_PRIV_H */
