/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * srv6gw-lookup-bench: the measurements behind the table choices of
 * docs/design.md. For N random IPv6 prefixes (lengths /32../64) it compares
 * rte_fib6 (TRIE) and rte_lpm6: build time and bulk lookup cycles; for N
 * random /128 SIDs it compares rte_hash (bulk) with rte_fib6 /128 routes.
 *
 *   srv6gw-lookup-bench [EAL options] -- [N ...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_fib6.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>

#include "srv6gw/addr_tab.h"
#include <rte_lpm6.h>
#include <rte_malloc.h>
#include <rte_random.h>

#define LOOKUPS (1u << 20)
#define BULK 32

static void
rand_addr(uint8_t *a)
{
	uint64_t x = rte_rand(), y = rte_rand();

	memcpy(a, &x, 8);
	memcpy(a + 8, &y, 8);
	a[0] = 0xfc;    /* inside fc00::/8 like our SID space */
}

static double
per_lookup(uint64_t cycles)
{
	return (double)cycles / LOOKUPS;
}

static void
bench_prefixes(unsigned int n, uint8_t (*pfx)[16], uint8_t *len, uint8_t (*q)[16])
{
	struct rte_fib6_conf fc = {
		.type = RTE_FIB6_TRIE, .default_nh = 0, .max_routes = (int)n + 1,
		.trie = { .nh_sz = RTE_FIB6_TRIE_4B, .num_tbl8 = n * 5 + 64 },
	};
	struct rte_lpm6_config lc = { .max_rules = n + 1, .number_tbl8s = n * 5 + 64 };
	struct rte_fib6 *fib = rte_fib6_create("lb_fib6", SOCKET_ID_ANY, &fc);
	struct rte_lpm6 *lpm = rte_lpm6_create("lb_lpm6", SOCKET_ID_ANY, &lc);
	uint64_t nh[BULK], t0, t_fib_add, t_lpm_add, t_fib, t_lpm;
	int32_t nh32[BULK];
	unsigned int i;

	t0 = rte_rdtsc();
	for (i = 0; i < n; i++)
		rte_fib6_add(fib, pfx[i], len[i], i + 1);
	t_fib_add = rte_rdtsc() - t0;
	t0 = rte_rdtsc();
	for (i = 0; i < n; i++)
		rte_lpm6_add(lpm, pfx[i], len[i], i + 1);
	t_lpm_add = rte_rdtsc() - t0;
	t0 = rte_rdtsc();
	for (i = 0; i < LOOKUPS; i += BULK)
		rte_fib6_lookup_bulk(fib, &q[i % (LOOKUPS / 4)], nh, BULK);
	t_fib = rte_rdtsc() - t0;
	t0 = rte_rdtsc();
	for (i = 0; i < LOOKUPS; i += BULK)
		rte_lpm6_lookup_bulk_func(lpm, &q[i % (LOOKUPS / 4)], nh32, BULK);
	t_lpm = rte_rdtsc() - t0;
	printf("{\"table\": \"prefixes\", \"n\": %u, \"fib6_add_cycles\": %.0f, "
	       "\"lpm6_add_cycles\": %.0f, \"fib6_lookup_cycles\": %.1f, "
	       "\"lpm6_lookup_cycles\": %.1f}\n", n, (double)t_fib_add / n,
	       (double)t_lpm_add / n, per_lookup(t_fib), per_lookup(t_lpm));
	rte_fib6_free(fib);
	rte_lpm6_free(lpm);
}

static void
bench_sids(unsigned int n, uint8_t (*sid)[16], uint8_t (*q)[16])
{
	struct rte_hash_parameters hp = {
		.name = "lb_hash", .entries = n * 2, .key_len = 16,
		.hash_func = rte_hash_crc, .socket_id = SOCKET_ID_ANY,
	};
	struct rte_fib6_conf fc = {
		.type = RTE_FIB6_TRIE, .default_nh = 0, .max_routes = (int)n + 1,
		.trie = { .nh_sz = RTE_FIB6_TRIE_4B, .num_tbl8 = n * 14 + 64 },
	};
	struct rte_hash *h = rte_hash_create(&hp);
	struct rte_fib6 *fib = rte_fib6_create("lb_sidfib", SOCKET_ID_ANY, &fc);
	struct srv6gw_addr_tab tab;
	void *mem = rte_zmalloc(NULL, srv6gw_addr_tab_mem(n), RTE_CACHE_LINE_SIZE);
	const void *keys[BULK];
	void *data[BULK];
	int32_t v[BULK];
	static volatile uint32_t sink;  /* the results are used: not optimised away */
	uint64_t hits;
	uint64_t nh[BULK], t0, t_hash, t_fib, t_tab;
	unsigned int i, j;

	srv6gw_addr_tab_init(&tab, mem, n);
	for (i = 0; i < n; i++) {
		rte_hash_add_key_data(h, sid[i], (void *)(uintptr_t)(i + 1));
		rte_fib6_add(fib, sid[i], 128, i + 1);
		srv6gw_addr_tab_set(&tab, sid[i], i + 1);
	}
	t0 = rte_rdtsc();
	for (i = 0; i < LOOKUPS; i += BULK) {
		for (j = 0; j < BULK; j++)
			keys[j] = q[(i + j) % (LOOKUPS / 4)];
		rte_hash_lookup_bulk_data(h, keys, BULK, &hits, data);
	}
	t_hash = rte_rdtsc() - t0;
	t0 = rte_rdtsc();
	for (i = 0; i < LOOKUPS; i += BULK)
		rte_fib6_lookup_bulk(fib, &q[i % (LOOKUPS / 4)], nh, BULK);
	t_fib = rte_rdtsc() - t0;
	t0 = rte_rdtsc();
	for (i = 0; i < LOOKUPS; i += BULK) {
		for (j = 0; j < BULK; j++)
			keys[j] = q[(i + j) % (LOOKUPS / 4)];
		srv6gw_addr_tab_get_bulk(&tab, (const uint8_t *const *)keys, BULK, v);
		for (j = 0; j < BULK; j++)
			sink += (uint32_t)v[j];
	}
	t_tab = rte_rdtsc() - t0;
	printf("{\"table\": \"sids\", \"n\": %u, \"hash_bulk_lookup_cycles\": %.1f, "
	       "\"addr_tab_bulk_lookup_cycles\": %.1f, \"fib6_128_lookup_cycles\": %.1f}\n",
	       n, per_lookup(t_hash), per_lookup(t_tab), per_lookup(t_fib));
	rte_free(mem);
	rte_hash_free(h);
	rte_fib6_free(fib);
}

int
main(int argc, char **argv)
{
	int k = rte_eal_init(argc, argv), a;
	static uint8_t q[LOOKUPS / 4][16];

	if (k < 0)
		return 1;
	argc -= k;
	argv += k;
	for (a = 1; a < argc || a == 1; a++) {
		unsigned int n = a < argc ? (unsigned int)atoi(argv[a]) : 16384, i;
		uint8_t (*pfx)[16] = calloc(n, 16);
		uint8_t *len = calloc(n, 1);

		for (i = 0; i < n; i++) {
			rand_addr(pfx[i]);
			len[i] = 32 + (uint8_t)(rte_rand() % 33);
		}
		/* queries: half hit a prefix, half are random */
		for (i = 0; i < LOOKUPS / 4; i++) {
			if (i & 1)
				memcpy(q[i], pfx[rte_rand() % n], 16);
			else
				rand_addr(q[i]);
		}
		bench_prefixes(n, pfx, len, q);
		bench_sids(n, pfx, q);
		free(pfx);
		free(len);
	}
	rte_eal_cleanup();
	return 0;
}
