/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* Neighbour table: creation of entries (single writer: the control thread). */
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "cp.h"

struct srv6gw_neigh_table srv6gw_neigh;

int
srv6gw_neigh_init(void)
{
	struct rte_hash_parameters hp = {
		.name = "srv6gw_neigh",
		.entries = SRV6GW_NEIGH_MAX,
		.key_len = sizeof(struct srv6gw_neigh_key),
		.hash_func = rte_hash_crc,
		.socket_id = SOCKET_ID_ANY,
		/* lock-free readers (workers), one writer (this thread) */
		.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF,
	};

	srv6gw_neigh.hash = rte_hash_create(&hp);
	srv6gw_neigh.e = rte_zmalloc("srv6gw_neigh_e", sizeof(struct srv6gw_neigh) *
				     SRV6GW_NEIGH_MAX, RTE_CACHE_LINE_SIZE);
	srv6gw_neigh.req = rte_ring_create_elem("srv6gw_neigh_req",
						sizeof(struct srv6gw_neigh_req), 1024,
						SOCKET_ID_ANY, RING_F_SC_DEQ);
	if (srv6gw_neigh.hash == NULL || srv6gw_neigh.e == NULL || srv6gw_neigh.req == NULL)
		return -ENOMEM;
	return 0;
}

void
srv6gw_neigh_fini(void)
{
	rte_hash_free(srv6gw_neigh.hash);
	rte_free(srv6gw_neigh.e);
	rte_ring_free(srv6gw_neigh.req);
	memset(&srv6gw_neigh, 0, sizeof(srv6gw_neigh));
}

int32_t
srv6gw_neigh_ensure(uint16_t port, uint8_t family, const uint8_t *addr)
{
	struct srv6gw_neigh_key k;
	struct srv6gw_neigh *n;
	void *data;
	uint32_t idx;

	memset(&k, 0, sizeof(k));
	k.port = port;
	k.family = family;
	memcpy(k.addr, addr, family == AF_INET ? 4 : 16);
	if (rte_hash_lookup_data(srv6gw_neigh.hash, &k, &data) >= 0)
		return (int32_t)(uintptr_t)data;
	if (srv6gw_neigh.n >= SRV6GW_NEIGH_MAX)
		return -ENOSPC;
	idx = srv6gw_neigh.n;
	n = &srv6gw_neigh.e[idx];
	n->port = port;
	n->family = family;
	memcpy(n->addr, k.addr, 16);
	/* entry fully written before the key becomes visible to readers */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	if (rte_hash_add_key_data(srv6gw_neigh.hash, &k, (void *)(uintptr_t)idx) < 0)
		return -ENOSPC;
	srv6gw_neigh.n++;
	return (int32_t)idx;
}

void
srv6gw_neigh_set_static(int32_t idx, const uint8_t *mac)
{
	uint64_t v = SRV6GW_NEIGH_VALID | SRV6GW_NEIGH_STATIC;
	int i;

	for (i = 0; i < 6; i++)
		v |= (uint64_t)mac[i] << (8 * i);
	__atomic_store_n(&srv6gw_neigh.e[idx].l2, v, __ATOMIC_RELAXED);
}

unsigned int
srv6gw_neigh_poll(void)
{
	struct srv6gw_neigh_req r[32];
	unsigned int n, i;
	int32_t idx;

	n = rte_ring_sc_dequeue_burst_elem(srv6gw_neigh.req, r, sizeof(r[0]), RTE_DIM(r), NULL);
	for (i = 0; i < n; i++) {
		idx = srv6gw_neigh_ensure(r[i].key.port, r[i].key.family, r[i].key.addr);
		if (idx < 0 || r[i].l2 == 0)
			continue;
		uint64_t old = __atomic_load_n(&srv6gw_neigh.e[idx].l2, __ATOMIC_RELAXED);

		if (!(old & SRV6GW_NEIGH_STATIC)) {
			/* learned from a message just received: reachable from now */
			__atomic_store_n(&srv6gw_neigh.e[idx].confirmed, rte_rdtsc(),
					 __ATOMIC_RELAXED);
			__atomic_store_n(&srv6gw_neigh.e[idx].l2, r[i].l2, __ATOMIC_RELEASE);
		}
	}
	return n;
}

/** Is (port, family, addr) a static neighbour of @p cfg? */
static bool
cfg_has_static(const struct srv6gw_config *cfg, const struct srv6gw_neigh *n)
{
	unsigned int i, alen = n->family == AF_INET ? 4 : 16;

	for (i = 0; i < cfg->n_neighbors; i++) {
		const struct srv6gw_cfg_neighbor *c = &cfg->neighbors[i];

		if (c->port == n->port && c->addr.family == n->family &&
		    memcmp(c->addr.a, n->addr, alen) == 0)
			return true;
	}
	return false;
}

void
srv6gw_neigh_unstatic(const struct srv6gw_config *cfg)
{
	uint32_t i;

	/* static entries gone from the new file become unresolved (re-learned) */
	for (i = 0; i < srv6gw_neigh.n; i++) {
		struct srv6gw_neigh *n = &srv6gw_neigh.e[i];
		uint64_t l2 = __atomic_load_n(&n->l2, __ATOMIC_RELAXED);

		if ((l2 & SRV6GW_NEIGH_STATIC) && !cfg_has_static(cfg, n))
			__atomic_store_n(&n->l2, 0, __ATOMIC_RELAXED);
	}
}
