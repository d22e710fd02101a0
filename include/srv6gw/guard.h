/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_GUARD_H
#define SRV6GW_GUARD_H

/**
 * @file
 * The SR-domain guard's part of a generation (docs/security.md): domain
 * blocks dropped on external ports (RFC 8754 §5.1, RFC 9602), allowed
 * source lists of SIDs, expanded HMAC keys (RFC 8754 §2.1.2), O-flag
 * settings (RFC 9259) and the per-policy path MTU (RFC 8754 §5.4).
 *
 * Thread-safety: built by the control thread with the generation and
 * read-only afterwards, except @c pmtu and @c pmtu_until: any worker that
 * receives a Packet Too Big for one of our tunnels writes the entry it
 * matched (mtu, then expiry with a release store), then raises
 * @c pmtu_until to that expiry (atomic max, release); encapsulating
 * workers load @c pmtu_until (acquire) and, only while it lies ahead, the
 * entry's expiry (acquire), then the MTU. Two workers writing the same entry at once leave
 * one of the two values, both valid estimates. After a reload's grace period
 * the control thread carries valid entries of unchanged segment lists into
 * the new (live) generation, only ever lowering its entries; a PTB that
 * reaches the old generation between publication and that point is lost.
 */

#include <stdbool.h>
#include <stdint.h>

#include "srv6gw/config.h"

struct rte_fib6;
struct rte_ring;
struct rte_mempool;

/** RFC 9259 §2: the O-flag is bit 2 of the SRH Flags (bit 0 = most significant). */
#define SRV6GW_SRH_FLAG_O 0x20
/** Linux's SR6_FLAG1_HMAC: the pre-RFC H flag its verifier needs (docs/security.md). */
#define SRV6GW_SRH_FLAG_H_LINUX 0x08
/** RFC 8754 §2.1.2 */
#define SRV6GW_SRH_TLV_PAD1 0
#define SRV6GW_SRH_TLV_PADN 4
#define SRV6GW_SRH_TLV_HMAC 5
#define SRV6GW_HMAC_TLV_DLEN 38   /**< HMAC TLV length field with a 32-byte HMAC */
#define SRV6GW_HMAC_D_BIT 0x80    /**< in the first byte after the length */

/** One allowed_sources list, as value/mask pairs (fast path: AND + compare). */
struct srv6gw_acl_rt {
	uint32_t n;
	struct {
		uint64_t a[2];
		uint64_t mask[2];
	} p[16];
};

/** A learned path MTU of one segment list (see the thread-safety note). */
struct srv6gw_pmtu {
	uint64_t expires;       /**< TSC; 0 = nothing learned */
	uint32_t mtu;
	uint32_t pad;
};

struct srv6gw_hmac_state;   /**< an expanded key (src/dp/hmac.c) */

struct srv6gw_guard_rt {
	/** DA prefixes never accepted from external ports (value 1). */
	struct rte_fib6 *blocks;
	struct srv6gw_acl_rt *acls;     /**< [0..n_acls) */
	unsigned int n_acls;
	struct srv6gw_hmac_state *keys; /**< sorted by id */
	unsigned int n_keys;
	uint8_t hmac_any;               /**< some port or SID verifies HMAC */
	uint8_t oam_enabled;
	uint32_t oam_rate;              /**< copies per second, all workers */
	uint64_t pmtu_timeout_tsc;      /**< 0: PTB feedback off */
	/** [(policy * 2 + alt) * SRV6GW_MAX_POLICY_LISTS + list] */
	struct srv6gw_pmtu *pmtu;
	/**
	 * The latest expiry of any @c pmtu entry (TSC, 0: none yet), only ever
	 * raised (atomic max, srv6gw_pmtu_until_raise()): while it lies in the
	 * past no estimate is valid and the encapsulation reads no entry
	 */
	uint64_t pmtu_until;
};

/** Raise @p until to @p exp if that is later (any thread). */
static inline void
srv6gw_pmtu_until_raise(uint64_t *until, uint64_t exp)
{
	uint64_t cur = __atomic_load_n(until, __ATOMIC_RELAXED);

	while (cur < exp && !__atomic_compare_exchange_n(until, &cur, exp, true,
							 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		;
}

/** O-flag copies: workers enqueue pcapng-formatted mbufs, the control thread drains. */
extern struct rte_ring *srv6gw_oam_ring;
/** The pool the copies come from (small, separate from RX). */
extern struct rte_mempool *srv6gw_oam_pool;

/* ---- HMAC (src/dp/hmac.c), for the table builder ---- */

/** Expand the keys of @p cfg (inner/outer hash states). NULL: out of memory. */
struct srv6gw_hmac_state *srv6gw_hmac_states_build(const struct srv6gw_config *cfg);
/** Wipe and free states built by srv6gw_hmac_states_build(). */
void srv6gw_hmac_states_free(struct srv6gw_hmac_state *s, unsigned int n);

/**
 * HMAC of RFC 8754 §2.1.2.1 with key @p k: 32 bytes into @p out (SHA-1 zero
 * padded). @p le_flags points at Last Entry followed by Flags.
 */
void srv6gw_hmac_compute(const struct srv6gw_hmac_state *k, const uint8_t *sa,
		const uint8_t *le_flags, const uint8_t *key_id_be, const uint8_t *segs,
		unsigned int n_segs, uint8_t out[32]);

/**
 * Append an HMAC TLV to the pre-built IPv6 + SRH @p hdr (room for 40 more
 * bytes): grows Hdr Ext Len and *@p hdr_len, sets D when @p d_bit, Linux's
 * H flag when @p h_flag, and computes the HMAC with key @p key_id.
 * @return 0, or -1 if there is no SRH or no such key
 */
int srv6gw_hmac_tlv_append(const struct srv6gw_hmac_state *keys, unsigned int n_keys,
		uint32_t key_id, uint8_t *hdr, uint16_t *hdr_len, bool d_bit, bool h_flag);

#endif
