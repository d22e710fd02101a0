/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_CSID_H
#define SRV6GW_CSID_H
/**
 * @file
 * Compressed SIDs (RFC 9800): the SID structure of a locator and the pure
 * bit operations both paths need. No DPDK; the control path uses the packer
 * to build encapsulation templates and check their size, the fast path uses
 * the 128-bit helpers for the NEXT-C-SID shift and the REPLACE-C-SID write.
 *
 * Bit numbering follows RFC 9800: bit 0 is the most significant bit of the
 * address. A structure is LBL (Locator-Block), LNL (Locator-Node), FL
 * (Function) and AL (Argument) bits with LBL + LNL + FL + AL = 128; the
 * C-SID is the LNL + FL bits after the block (LNFL).
 *
 * Thread-safety: pure functions over caller-owned data.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/** C-SID flavour of a locator (RFC 9800 §4.1, §4.2). */
enum srv6gw_csid_flavor {
	SRV6GW_CSID_NONE = 0,
	SRV6GW_CSID_NEXT,       /**< NEXT-C-SID ("uSID"): C-SIDs shift in the DA */
	SRV6GW_CSID_REPLACE,    /**< REPLACE-C-SID: indexed C-SIDs in the SRH */
};

/** SID structure of a locator (RFC 9800 §3; RFC 9352 §9 SID Structure). */
struct srv6gw_sid_struct {
	uint8_t lbl;            /**< Locator-Block length */
	uint8_t lnl;            /**< Locator-Node length */
	uint8_t fl;             /**< Function length */
	uint8_t al;             /**< Argument length */
	uint8_t flavor;         /**< enum srv6gw_csid_flavor */
};

/** C-SID length: Locator-Node + Function (RFC 9800 §3 "LNFL"). */
static inline unsigned int
srv6gw_csid_len(const struct srv6gw_sid_struct *st)
{
	return st->lnl + st->fl;
}

/** An IPv6 address as a 128-bit number (bit 0 = most significant). */
static inline unsigned __int128
srv6gw_u128_load(const uint8_t a[16])
{
	uint64_t hi, lo;

	memcpy(&hi, a, 8);
	memcpy(&lo, a + 8, 8);
	return ((unsigned __int128)__builtin_bswap64(hi) << 64) | __builtin_bswap64(lo);
}

static inline void
srv6gw_u128_store(uint8_t a[16], unsigned __int128 v)
{
	uint64_t hi = __builtin_bswap64((uint64_t)(v >> 64));
	uint64_t lo = __builtin_bswap64((uint64_t)v);

	memcpy(a, &hi, 8);
	memcpy(a + 8, &lo, 8);
}

/** Mask of bits [from..from+len-1] of a 128-bit value (RFC bit order). */
static inline unsigned __int128
srv6gw_u128_bits(unsigned int from, unsigned int len)
{
	unsigned __int128 ones;

	if (len == 0)
		return 0;
	ones = len >= 128 ? ~(unsigned __int128)0 : (((unsigned __int128)1 << len) - 1);
	return ones << (128 - from - len);
}

/** Index bits of a REPLACE-C-SID argument: ceil(log2(128 / LNFL)). */
static inline unsigned int
srv6gw_csid_index_bits(unsigned int lnfl)
{
	unsigned int n = 128 / lnfl, b = 0;

	while ((1u << b) < n)
		b++;
	return b;
}

/**
 * True if @p sid is a C-SID of structure @p st: nothing set after the
 * C-SID, and the C-SID itself is not 0 (RFC 9800 §4.1: value 0 is reserved).
 */
bool srv6gw_csid_is_csid(const struct srv6gw_sid_struct *st, const uint8_t sid[16]);

/** Check a structure; @return NULL when valid, else why not (for messages). */
const char *srv6gw_sid_struct_check(const struct srv6gw_sid_struct *st);

/**
 * Structure lookup used by the packer: the structure of the C-SID locator
 * whose prefix holds @p sid, or NULL (the packer then keeps @p sid whole).
 */
typedef const struct srv6gw_sid_struct *(*srv6gw_csid_find_fn)(const void *arg,
		const uint8_t sid[16]);

/** Most 128-bit entries a packed list can have (one per SID at worst). */
#define SRV6GW_CSID_MAX_ENTRIES 16

/** A segment list after compression (RFC 9800 §6). */
struct srv6gw_csid_packed {
	/**
	 * Entries in travel order: entry[0] is the first destination address.
	 * NEXT-C-SID: containers. REPLACE-C-SID: entry[0] is the first SID
	 * (argument index 0); later entries are full SIDs or C-SID entries.
	 */
	uint8_t entry[SRV6GW_CSID_MAX_ENTRIES][16];
	unsigned int n;
	unsigned int n_compressed; /**< input SIDs that went into C-SID slots */
};

/**
 * Compress a segment list (travel order, @p n full SIDs) the way RFC 9800
 * §6.1 (NEXT-C-SID) and §6.2 (REPLACE-C-SID) describe: consecutive SIDs of
 * the same block and C-SID flavour share an entry; a SID that no structure
 * covers stays a full 128-bit entry. The result is the identity when @p find
 * knows no SID.
 *
 * @return 0; -1 if @p n is 0 or larger than SRV6GW_CSID_MAX_ENTRIES; -2 if a
 *         REPLACE-C-SID SID is alone in its run but not last (it cannot be
 *         encoded: the node would read the next entry as C-SIDs)
 */
int srv6gw_csid_pack(const uint8_t (*segs)[16], unsigned int n, srv6gw_csid_find_fn find,
		const void *arg, struct srv6gw_csid_packed *out);

#endif /* SRV6GW_CSID_H */
