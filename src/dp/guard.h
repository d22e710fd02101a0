/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_DP_GUARD_H
#define SRV6GW_DP_GUARD_H

/**
 * @file
 * Fast-path part of the SR-domain guard (docs/security.md, docs/dataplane.md):
 * ingress checks of external ports and uRPF (guard.c), allowed_sources of
 * SIDs, HMAC TLV verification (hmac.c), O-flag copies (oam.c) and Packet
 * Too Big feedback for our tunnels (pmtu.c). Each is called with one line
 * from the code it guards; everything here is per worker and lock-free.
 */

#include <stdint.h>

/** Why the last HMAC verification of a worker failed (for the log line). */
struct dp_hmac_fail {
	uint64_t count;         /**< failures so far (atomic store by the worker) */
	uint8_t src[16];        /**< last failure: outer source address */
	uint8_t dst[16];        /**< ... destination address */
	uint32_t key_id;
	uint16_t reason;        /**< enum srv6gw_drop */
	uint16_t port;
};

/**
 * A worker's guard state.
 *
 * Thread-safety: written by its worker only. @c fail is read by the control
 * thread once a second for a log line: the count is an atomic, the other
 * fields may be torn (diagnostic only, documented).
 */
struct dp_guard_state {
	struct dp_bucket oam;   /**< O-flag copies (RFC 9259 §2.1.1 rate limit) */
	struct dp_bucket ptb;   /**< PTB feedback searches */
	struct dp_hmac_fail fail;
};

#endif
