/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_CP_HMAC_KEYS_H
#define SRV6GW_CP_HMAC_KEYS_H

/**
 * @file
 * The HMAC key file (format: src/cp/hmac_keys.c, docs/security.md).
 * Pure C, no DPDK and no crypto: the keys are expanded into hash states
 * when a generation is built (src/dp/hmac.c).
 */

#include <stdbool.h>
#include <stddef.h>

#include "srv6gw/config.h"

/** Error callback: @p line in the key file, @p msg. */
typedef void (*srv6gw_hmac_keys_err_fn)(void *arg, int line, const char *msg);

/**
 * Read a key file into memory after checking its type, size and mode.
 * @return 0 (free *text), or -1 with a reason in @p why
 */
int srv6gw_hmac_keys_read(const char *path, char **text, size_t *len, char *why,
		size_t why_len);

/**
 * Parse the text of a key file. Errors go to @p err, one per bad line.
 * @param out  set to an array of SRV6GW_MAX_HMAC_KEYS slots (free()),
 *             *n_out of them used, sorted by key id
 * @return the number of NUL errors (>= 0), or -ENOMEM
 */
int srv6gw_hmac_keys_parse(const char *text, size_t len, struct srv6gw_hmac_key **out,
		unsigned int *n_out, srv6gw_hmac_keys_err_fn err, void *arg);

#endif
