/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_DP_CMP_H
#define SRV6GW_DP_CMP_H

/*
 * Compares of header bytes under a mask and of 16-byte addresses, with the
 * widest vectors the build has (the frame scan of alike.c, the express
 * lane's runs, the classification's runs). Included by dp.h.
 *
 * Thread-safety: pure functions of their arguments.
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#ifdef __AVX2__
#include <immintrin.h>
#elif defined(__SSE4_1__)
#include <smmintrin.h>
#endif
#include <rte_common.h>

/**
 * Whether the @p len (a multiple of 16) bytes at @p p, ANDed with @p mask,
 * are @p b (which the caller masked likewise): word by word.
 * dp_masked_eq() is the same with 16-byte compares where the build has
 * SSE4.1 (@p mask and @p b 16-byte aligned), 32-byte ones with AVX2 and
 * one 64-byte compare for 64 bytes with AVX-512 (why: the frame scan,
 * alike.c chunk_scan(), makes one per IPv6 frame; one load, one
 * and-xor, one test instead of two of each). dp_masked_eq48(): 48 bytes.
 */
static __rte_always_inline bool
dp_masked_eq_words(const uint8_t *p, const uint8_t *mask, const uint8_t *b, unsigned int len)
{
	uint64_t d = 0, v, mk, bk;
	unsigned int k;

	for (k = 0; k < len; k += 8) {
		memcpy(&v, p + k, 8);
		memcpy(&mk, mask + k, 8);
		memcpy(&bk, b + k, 8);
		d |= (v & mk) ^ bk;
	}
	return d == 0;
}

static __rte_always_inline bool
dp_masked_eq(const uint8_t *p, const uint8_t *mask, const uint8_t *b, unsigned int len)
{
#ifdef __AVX512F__
	if (len == 64) {        /* 0x6a: (p & mask) ^ b, as a ternary logic table */
		const __m512i d = _mm512_ternarylogic_epi64(_mm512_loadu_si512(p),
							    _mm512_loadu_si512(mask),
							    _mm512_loadu_si512(b), 0x6a);

		return _mm512_test_epi64_mask(d, d) == 0;
	}
#endif
#ifdef __AVX2__
	if (len % 32 == 0) {    /* 32-byte compares (mask and b: loaded unaligned) */
		__m256i d = _mm256_setzero_si256();
		unsigned int k;

		for (k = 0; k < len; k += 32)
			d = _mm256_or_si256(d, _mm256_xor_si256(
				_mm256_and_si256(
					_mm256_loadu_si256((const __m256i *)(const void *)(p + k)),
					_mm256_loadu_si256((const __m256i *)(const void *)(mask + k))),
				_mm256_loadu_si256((const __m256i *)(const void *)(b + k))));
		return _mm256_testz_si256(d, d);
	}
#endif
#ifdef __SSE4_1__
	__m128i d = _mm_setzero_si128();
	unsigned int k;

	for (k = 0; k < len; k += 16)
		d = _mm_or_si128(d, _mm_xor_si128(
			_mm_and_si128(_mm_loadu_si128((const __m128i *)(const void *)(p + k)),
				      _mm_load_si128((const __m128i *)(const void *)(mask + k))),
			_mm_load_si128((const __m128i *)(const void *)(b + k))));
	return _mm_testz_si128(d, d);
#else
	return dp_masked_eq_words(p, mask, b, len);
#endif
}

static __rte_always_inline bool
dp_masked_eq48(const uint8_t *p, const uint8_t *mask, const uint8_t *b)
{
	return dp_masked_eq(p, mask, b, 48);
}

/** Whether the 16-byte addresses @p a and @p b are equal (two word compares). */
static inline bool
dp_addr_eq(const uint8_t *a, const uint8_t *b)
{
	uint64_t a0, a1, b0, b1;

	memcpy(&a0, a, 8);
	memcpy(&a1, a + 8, 8);
	memcpy(&b0, b, 8);
	memcpy(&b1, b + 8, 8);
	return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

/**
 * Whether the 16-byte addresses @p a and @p b are equal under @p key (a
 * table's deciding bits, struct srv6gw_table.v6_key): then a lookup
 * answers both alike.
 */
static inline bool
dp_addr_eq_key(const uint8_t *a, const uint8_t *b, const uint8_t *key)
{
	uint64_t a0, a1, b0, b1, k0, k1;

	memcpy(&a0, a, 8);
	memcpy(&a1, a + 8, 8);
	memcpy(&b0, b, 8);
	memcpy(&b1, b + 8, 8);
	memcpy(&k0, key, 8);
	memcpy(&k1, key + 8, 8);
	return (((a0 ^ b0) & k0) | ((a1 ^ b1) & k1)) == 0;
}

#endif
