/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_CP_CONFIG_GUARD_H
#define SRV6GW_CP_CONFIG_GUARD_H

/**
 * @file
 * Loader hooks for the SR-domain guard settings (src/cp/config_guard.c):
 * each reads its keys from one libconfig group and reports errors with
 * their line through srv6gw_cfg_error().
 */

#include <libconfig.h>

#include "cp/config_priv.h"

/** Port keys role, urpf, drop_srh, hmac. */
void srv6gw_cfg_guard_port(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g,
		const char *who, struct srv6gw_cfg_port *p);
/** Locator key allowed_sources. */
void srv6gw_cfg_guard_locator(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g,
		const char *who, struct srv6gw_cfg_locator *loc);
/** SID keys hmac, allowed_sources. */
void srv6gw_cfg_guard_sid(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g,
		const char *who, struct srv6gw_cfg_sid *sid);
/** Policy key hmac_key. */
void srv6gw_cfg_guard_policy(struct srv6gw_cfg_ctx *ctx, const config_setting_t *g,
		const char *who, struct srv6gw_cfg_policy *pol);
/** srv6 keys hmac_keys (reads the key file), hmac_h_flag, oam, pmtu_timeout. */
void srv6gw_cfg_guard_srv6(struct srv6gw_cfg_ctx *ctx, const config_setting_t *srv6);
/** Checks across entries (key references, modes). @return 0 */
int srv6gw_cfg_guard_validate(struct srv6gw_cfg_ctx *ctx);
/** Free what the hooks allocated (secrets are wiped). */
void srv6gw_cfg_guard_free(struct srv6gw_config *cfg);

#endif
