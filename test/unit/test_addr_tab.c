/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * The exact-match address table (include/srv6gw/addr_tab.h) against a
 * sorted array as the reference: random and structured (SID-like) keys,
 * hits, misses, replacement, a full table, the all-zero key, bulk = single.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "srv6gw/addr_tab.h"

struct ref {
	uint8_t k[16];
	uint32_t v;
};

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint64_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
rand_key(uint8_t k[16])
{
	uint64_t a = next_rand(), b = next_rand();

	memcpy(k, &a, 8);
	memcpy(k + 8, &b, 8);
}

static int
ref_cmp(const void *a, const void *b)
{
	return memcmp(((const struct ref *)a)->k, ((const struct ref *)b)->k, 16);
}

/* The reference answer for @p k: value or -1. */
static int64_t
ref_get(const struct ref *r, size_t n, const uint8_t *k)
{
	struct ref key;
	const struct ref *hit;

	memcpy(key.k, k, 16);
	hit = bsearch(&key, r, n, sizeof(*r), ref_cmp);
	return hit == NULL ? -1 : (int64_t)hit->v;
}

static struct srv6gw_addr_tab *
tab_new(uint32_t cap)
{
	struct srv6gw_addr_tab *t = malloc(sizeof(*t));
	size_t len = srv6gw_addr_tab_mem(cap);
	void *mem = aligned_alloc(64, len);

	assert_non_null(t);
	assert_non_null(mem);
	memset(mem, 0, len);
	srv6gw_addr_tab_init(t, mem, cap);
	return t;
}

static void
tab_free(struct srv6gw_addr_tab *t)
{
	free(t->slot);
	free(t);
}

/* Fill @p t with the @p n keys of @p r (values i * 7 + 1), then check every
 * key, @p n random misses, and bulk = single for both. */
static void
check_against_ref(struct srv6gw_addr_tab *t, struct ref *r, size_t n)
{
	const uint8_t *keys[32];
	int32_t bulk[32];
	uint8_t miss[32][16];
	size_t i, j;

	for (i = 0; i < n; i++) {
		r[i].v = (uint32_t)(i * 7 + 1);
		assert_int_equal(srv6gw_addr_tab_set(t, r[i].k, r[i].v), 0);
	}
	assert_int_equal(t->n, n);
	qsort(r, n, sizeof(*r), ref_cmp);
	for (i = 0; i < n; i++)
		assert_int_equal(srv6gw_addr_tab_get(t, r[i].k), r[i].v);
	for (i = 0; i + 32 <= n; i += 32) {
		for (j = 0; j < 32; j++) {
			rand_key(miss[j]);
			/* every other key a hit: bulk mixes hits and misses */
			keys[j] = (j & 1) ? r[i + j].k : miss[j];
		}
		srv6gw_addr_tab_get_bulk(t, keys, 32, bulk);
		for (j = 0; j < 32; j++) {
			assert_int_equal(bulk[j], ref_get(r, n, keys[j]));
			assert_int_equal(bulk[j], srv6gw_addr_tab_get(t, keys[j]));
		}
	}
}

/* The data a key of bulk_sizes() carries (all 64 bits differ per key). */
static uint64_t
aux_of(unsigned int i)
{
	return (uint64_t)i * UINT64_C(0x0101010100000001) ^ UINT64_C(0xa5a5a5a5a5a5a5a5);
}

/* Bulk over more than one block of 32, and over nothing; with the data. */
static void
bulk_sizes(void **state)
{
	struct srv6gw_addr_tab *t = tab_new(100);
	uint8_t k[70][16];
	const uint8_t *keys[70];
	int32_t v[71], v2[70];
	uint64_t aux[71];
	unsigned int i;

	(void)state;
	for (i = 0; i < 70; i++) {
		rand_key(k[i]);
		keys[i] = k[i];
		if (i % 3 == 0)
			assert_int_equal(srv6gw_addr_tab_set_aux(t, k[i], i, aux_of(i + 1)), 0);
		aux[i] = 7;
	}
	/* a replacement changes value and data */
	assert_int_equal(srv6gw_addr_tab_set_aux(t, k[3], 3, aux_of(3)), 0);
	v[70] = 12345;
	aux[70] = 54321;
	srv6gw_addr_tab_get_bulk_aux(t, keys, 70, v, aux);
	srv6gw_addr_tab_get_bulk(t, keys, 70, v2);
	for (i = 0; i < 70; i++) {
		assert_int_equal(v[i], i % 3 == 0 ? (int32_t)i : -1);
		assert_int_equal(v2[i], v[i]);
		/* a miss leaves its data as it was */
		assert_int_equal(aux[i], i % 3 != 0 ? 7 : aux_of(i == 3 ? 3 : i + 1));
	}
	assert_int_equal(v[70], 12345);         /* nothing written past n */
	assert_int_equal(aux[70], 54321);
	assert_int_equal(t->n, 24);
	v[0] = 777;
	srv6gw_addr_tab_get_bulk(t, keys, 0, v);
	assert_int_equal(v[0], 777);
	tab_free(t);
}

static void
random_keys(void **state)
{
	size_t n = 50000;
	struct ref *r = calloc(n, sizeof(*r));
	struct srv6gw_addr_tab *t = tab_new((uint32_t)n);
	size_t i;

	(void)state;
	for (i = 0; i < n; i++)
		rand_key(r[i].k);
	check_against_ref(t, r, n);
	tab_free(t);
	free(r);
}

/* SIDs of one locator: fc00:0:<node>::<function>, as a configuration lists them. */
static void
structured_keys(void **state)
{
	size_t n = 65536;
	struct ref *r = calloc(n, sizeof(*r));
	struct srv6gw_addr_tab *t = tab_new((uint32_t)n);
	size_t i;

	(void)state;
	for (i = 0; i < n; i++) {
		r[i].k[0] = 0xfc;
		r[i].k[4] = (uint8_t)(i >> 12);
		r[i].k[14] = (uint8_t)(i >> 8);
		r[i].k[15] = (uint8_t)i;
	}
	check_against_ref(t, r, n);
	print_message("65536 structured keys: longest probe %u slots\n", t->max_probe);
	/* multiply-fold spreads a counting field: short probe sequences */
	assert_true(t->max_probe <= 16);
	tab_free(t);
	free(r);
}

static void
ipv4_mapped_keys(void **state)
{
	size_t n = 4096;
	struct ref *r = calloc(n, sizeof(*r));
	struct srv6gw_addr_tab *t = tab_new((uint32_t)n);
	uint8_t k[16];
	size_t i;

	(void)state;
	for (i = 0; i < n; i++) {
		uint32_t a = htonl(0x0a000000u + (uint32_t)i * 3);

		srv6gw_addr_tab_key4(r[i].k, a);
	}
	check_against_ref(t, r, n);
	srv6gw_addr_tab_key4(k, htonl(0x0a000001u));    /* 10.0.0.1: not a multiple of 3 */
	assert_int_equal(srv6gw_addr_tab_get(t, k), -1);
	assert_int_equal(k[10], 0xff);
	assert_int_equal(k[11], 0xff);
	assert_int_equal(k[12], 10);
	assert_int_equal(k[15], 1);
	tab_free(t);
	free(r);
}

static void
replace_zero_key_and_full(void **state)
{
	struct srv6gw_addr_tab *t = tab_new(4);
	uint8_t zero[16] = { 0 }, k[16];
	uint32_t i;

	(void)state;
	/* an empty slot is all zeros: the zero key must still miss, then hit */
	assert_int_equal(srv6gw_addr_tab_get(t, zero), -1);
	assert_int_equal(srv6gw_addr_tab_set(t, zero, 5), 0);
	assert_int_equal(srv6gw_addr_tab_get(t, zero), 5);
	assert_int_equal(srv6gw_addr_tab_set(t, zero, 6), 0);  /* replaced, not added */
	assert_int_equal(srv6gw_addr_tab_get(t, zero), 6);
	assert_int_equal(t->n, 1);
	/* 4 keys asked for, 16 slots, room for 8: the ninth is refused */
	for (i = 1; i < t->cap; i++) {
		rand_key(k);
		assert_int_equal(srv6gw_addr_tab_set(t, k, i), 0);
	}
	rand_key(k);
	assert_int_equal(srv6gw_addr_tab_set(t, k, 99), -ENOSPC);
	assert_int_equal(srv6gw_addr_tab_get(t, k), -1);
	assert_int_equal(srv6gw_addr_tab_get(t, zero), 6);
	tab_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_keys),
		cmocka_unit_test(bulk_sizes),
		cmocka_unit_test(structured_keys),
		cmocka_unit_test(ipv4_mapped_keys),
		cmocka_unit_test(replace_zero_key_and_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
