/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Exact-match table: 16-byte address -> 32-bit value, plus 8 bytes of the
 * owner's data in the same slot (the SID table keeps each SID's hot fields
 * there, struct srv6gw_sid_hot: why, docs/performance-rounds.md "Seventh round":
 * a packet to one of 65,536 random SIDs then touches the slot and its
 * counter row, not also the SID's runtime entry). Holds the SIDs and the
 * local addresses of a generation (IPv4 ones as IPv4-mapped IPv6 addresses,
 * RFC 4291 §2.5.5.2), the lookups every received packet makes.
 *
 * Why not rte_hash: measured with callgrind (docs/performance.md, "SID
 * table"), rte_hash costs ~85 instructions per key singly and ~106 in bulk
 * (signature, bucket walk, key-store indirection), more than the whole
 * End behaviour. Here a key costs one multiply-fold hash and usually one
 * 32-byte slot that holds the key and the value together: open addressing,
 * linear probing, at most half full, no deletion (a generation is built
 * once and then only read).
 *
 * Thread safety: the control thread fills a table in the memory of a
 * generation that no worker can see yet; once the generation is published
 * (release-store) the table is read-only until the generation is freed
 * after an RCU grace period. Lookups take no lock and write nothing.
 *
 * Pure C (no DPDK): the caller provides zeroed, 64-byte aligned memory of
 * srv6gw_addr_tab_mem() bytes (rte_zmalloc in the generation builder).
 */
#ifndef SRV6GW_ADDR_TAB_H
#define SRV6GW_ADDR_TAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/** One slot: key, value and the owner's data in the same half cache line. */
struct srv6gw_addr_slot {
	uint64_t k[2];          /**< the address, as two native-endian words */
	uint32_t v;
	uint32_t used;          /**< 1 when the slot holds a key */
	uint64_t aux;           /**< the owner's data, returned with v on request */
};

struct srv6gw_addr_tab {
	struct srv6gw_addr_slot *slot;
	uint32_t mask;          /**< slots - 1 (a power of two) */
	uint32_t cap;           /**< keys it may hold (half the slots) */
	uint32_t n;             /**< keys it holds */
	uint32_t max_probe;     /**< longest probe sequence of any key: bounds a miss */
	uint8_t shift;          /**< 64 - log2(slots): the hash's top bits index */
};

/** Bytes of slot memory for @p capacity keys. */
size_t srv6gw_addr_tab_mem(uint32_t capacity);

/** Set up @p t over @p mem (zeroed, srv6gw_addr_tab_mem(@p capacity) bytes). */
void srv6gw_addr_tab_init(struct srv6gw_addr_tab *t, void *mem, uint32_t capacity);

/** Insert @p key, or replace its value and data. 0, or -ENOSPC when full. */
int srv6gw_addr_tab_set_aux(struct srv6gw_addr_tab *t, const uint8_t key[16], uint32_t v,
			    uint64_t aux);

/** srv6gw_addr_tab_set_aux() with no data (0). */
static inline int
srv6gw_addr_tab_set(struct srv6gw_addr_tab *t, const uint8_t key[16], uint32_t v)
{
	return srv6gw_addr_tab_set_aux(t, key, v, 0);
}

/** The IPv4-mapped key of the IPv4 address @p addr_be (network order). */
static inline void
srv6gw_addr_tab_key4(uint8_t key[16], uint32_t addr_be)
{
	memset(key, 0, 10);
	key[10] = 0xff;
	key[11] = 0xff;
	memcpy(key + 12, &addr_be, 4);
}

/*
 * Multiply-fold (Fibonacci) hashing: each word times a different odd
 * constant, summed; the top bits index the table, so every key bit counts.
 * Keys that differ in one word only never collide before the shift.
 */
static inline uint64_t
srv6gw_addr_tab_hash(uint64_t lo, uint64_t hi)
{
	return lo * UINT64_C(0x9e3779b97f4a7c15) + hi * UINT64_C(0xc2b2ae3d27d4eb4f);
}

/** First slot of hash @p h (to prefetch it a few keys ahead). */
static inline const struct srv6gw_addr_slot *
srv6gw_addr_tab_home(const struct srv6gw_addr_tab *t, uint64_t h)
{
	return &t->slot[h >> t->shift];
}

/** The slot of the key (@p lo, @p hi) with hash @p h, or NULL. */
static inline const struct srv6gw_addr_slot *
srv6gw_addr_tab_slot(const struct srv6gw_addr_tab *t, uint64_t h, uint64_t lo, uint64_t hi)
{
	uint32_t i = (uint32_t)(h >> t->shift);
	uint32_t probe;

	for (probe = 0; probe < t->max_probe; probe++) {
		const struct srv6gw_addr_slot *s = &t->slot[(i + probe) & t->mask];

		if (s->k[0] == lo && s->k[1] == hi && s->used)
			return s;
		if (!s->used)
			break;
	}
	return NULL;
}

/** Value of the key (@p lo, @p hi) with hash @p h, or -1. */
static inline int64_t
srv6gw_addr_tab_find(const struct srv6gw_addr_tab *t, uint64_t h, uint64_t lo, uint64_t hi)
{
	const struct srv6gw_addr_slot *s = srv6gw_addr_tab_slot(t, h, lo, hi);

	return s != NULL ? (int64_t)s->v : -1;
}

/** Value of @p key, or -1. */
static inline int64_t
srv6gw_addr_tab_get(const struct srv6gw_addr_tab *t, const uint8_t *key)
{
	uint64_t lo, hi;

	memcpy(&lo, key, 8);
	memcpy(&hi, key + 8, 8);
	return srv6gw_addr_tab_find(t, srv6gw_addr_tab_hash(lo, hi), lo, hi);
}

/**
 * Values of @p n keys (-1 for a miss) and, unless @p aux is NULL, their
 * data (left as it was for a miss): per block of 32, hashes and prefetches
 * first, then the compares.
 */
static inline void
srv6gw_addr_tab_get_bulk_aux(const struct srv6gw_addr_tab *t, const uint8_t *const *key,
			     unsigned int n, int32_t *v, uint64_t *aux)
{
	uint64_t h[32], lo[32], hi[32];
	unsigned int i, b, c;

	for (b = 0; b < n; b += c) {
		c = n - b < 32 ? n - b : 32;
		for (i = 0; i < c; i++) {
			memcpy(&lo[i], key[b + i], 8);
			memcpy(&hi[i], key[b + i] + 8, 8);
			h[i] = srv6gw_addr_tab_hash(lo[i], hi[i]);
			__builtin_prefetch(srv6gw_addr_tab_home(t, h[i]));
		}
		for (i = 0; i < c; i++) {
			const struct srv6gw_addr_slot *s =
				srv6gw_addr_tab_slot(t, h[i], lo[i], hi[i]);

			v[b + i] = s != NULL ? (int32_t)s->v : -1;
			if (aux != NULL && s != NULL)
				aux[b + i] = s->aux;
		}
	}
}

/** srv6gw_addr_tab_get_bulk_aux() without the data. */
static inline void
srv6gw_addr_tab_get_bulk(const struct srv6gw_addr_tab *t, const uint8_t *const *key,
			 unsigned int n, int32_t *v)
{
	srv6gw_addr_tab_get_bulk_aux(t, key, n, v, NULL);
}

#endif
