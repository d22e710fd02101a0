/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_DP_NEIGH_H
#define SRV6GW_DP_NEIGH_H

/* Neighbour table access from the fast path (see struct srv6gw_neigh_table). */

#include <string.h>
#include <sys/socket.h>
#include <rte_ether.h>
#include <rte_hash.h>
#include <rte_ring.h>

#include "dp.h"

static inline void
neigh_key_make(struct srv6gw_neigh_key *k, uint16_t port, uint8_t family, const uint8_t *addr)
{
	memset(k, 0, sizeof(*k));
	k->port = port;
	k->family = family;
	memcpy(k->addr, addr, family == AF_INET ? 4 : 16);
}

/** Index of the entry for @p k, or -1. Lock-free read (RW_CONCURRENCY_LF). */
static inline int32_t
neigh_lookup(const struct srv6gw_neigh_key *k)
{
	void *data;

	if (rte_hash_lookup_data(srv6gw_neigh.hash, k, &data) < 0)
		return -1;
	return (int32_t)(uintptr_t)data;
}

/** Ask the control thread to create (and optionally fill) an entry. */
static inline void
neigh_request(const struct srv6gw_neigh_key *k, uint64_t l2)
{
	struct srv6gw_neigh_req r;

	r.key = *k;
	r.l2 = l2;
	/* a full ring only delays resolution; the next packet asks again */
	(void)rte_ring_mp_enqueue_elem(srv6gw_neigh.req, &r, sizeof(r));
}

static inline uint64_t
neigh_mac_l2(const struct rte_ether_addr *mac)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < RTE_ETHER_ADDR_LEN; i++)
		v |= (uint64_t)mac->addr_bytes[i] << (8 * i);
	return v;
}

static inline void
neigh_l2_mac(uint64_t l2, struct rte_ether_addr *mac)
{
	int i;

	for (i = 0; i < RTE_ETHER_ADDR_LEN; i++)
		mac->addr_bytes[i] = (uint8_t)(l2 >> (8 * i));
}

/**
 * Learn @p mac for entry @p n unless it is static, and note that the
 * neighbour was heard from at @p now (its reachability, see dp_tx_nexthop).
 * @return true when the address changed.
 */
static inline bool
neigh_learn(struct srv6gw_neigh *n, const struct rte_ether_addr *mac, uint64_t now)
{
	uint64_t old = __atomic_load_n(&n->l2, __ATOMIC_RELAXED);
	uint64_t nv = neigh_mac_l2(mac) | SRV6GW_NEIGH_VALID;

	if (old & SRV6GW_NEIGH_STATIC)
		return false;
	__atomic_store_n(&n->confirmed, now, __ATOMIC_RELAXED);
	if (old == nv)
		return false;
	/* release: whoever sees the new MAC sees its confirmation too */
	__atomic_store_n(&n->l2, nv, __ATOMIC_RELEASE);
	return true;
}

/** Send an ARP request / NS for @p n, at most once a second per entry. true = sent. */
bool neigh_solicit(struct srv6gw_worker *w, struct srv6gw_neigh *n);

/** Learn from a received packet: update the entry or ask for its creation. */
void neigh_learn_addr(struct srv6gw_worker *w, uint16_t port, uint8_t family,
		const uint8_t *addr, const struct rte_ether_addr *mac, bool create);

#endif
