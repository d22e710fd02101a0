/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* Building the exact-match address table (include/srv6gw/addr_tab.h). */
#include <errno.h>

#include "srv6gw/addr_tab.h"

/* Slots for @p capacity keys: a power of two, at least twice the keys. */
static uint32_t
slots_for(uint32_t capacity)
{
	uint32_t s = 16;

	while (s < 2ull * capacity)
		s <<= 1;
	return s;
}

size_t
srv6gw_addr_tab_mem(uint32_t capacity)
{
	return (size_t)slots_for(capacity) * sizeof(struct srv6gw_addr_slot);
}

void
srv6gw_addr_tab_init(struct srv6gw_addr_tab *t, void *mem, uint32_t capacity)
{
	uint32_t slots = slots_for(capacity);

	t->slot = mem;
	t->mask = slots - 1;
	t->cap = slots / 2;
	t->n = 0;
	t->max_probe = 0;
	t->shift = (uint8_t)(64 - __builtin_ctz(slots));
}

int
srv6gw_addr_tab_set_aux(struct srv6gw_addr_tab *t, const uint8_t key[16], uint32_t v,
			uint64_t aux)
{
	uint64_t lo, hi;
	uint32_t i, probe;

	memcpy(&lo, key, 8);
	memcpy(&hi, key + 8, 8);
	i = (uint32_t)(srv6gw_addr_tab_hash(lo, hi) >> t->shift);
	for (probe = 0; probe <= t->mask; probe++) {
		struct srv6gw_addr_slot *s = &t->slot[(i + probe) & t->mask];

		if (s->used && s->k[0] == lo && s->k[1] == hi) {
			s->v = v;
			s->aux = aux;
			return 0;
		}
		if (s->used)
			continue;
		if (t->n >= t->cap)
			return -ENOSPC;
		s->k[0] = lo;
		s->k[1] = hi;
		s->v = v;
		s->aux = aux;
		s->used = 1;
		t->n++;
		if (probe + 1 > t->max_probe)
			t->max_probe = probe + 1;
		return 0;
	}
	return -ENOSPC;
}
