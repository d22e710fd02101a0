/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* Compressed SIDs (RFC 9800): structure checks and the headend packer. */
#include "srv6gw/csid.h"

bool
srv6gw_csid_is_csid(const struct srv6gw_sid_struct *st, const uint8_t sid[16])
{
	unsigned __int128 v = srv6gw_u128_load(sid);
	unsigned int lnfl = srv6gw_csid_len(st);

	if (v & srv6gw_u128_bits(st->lbl + lnfl, 128 - st->lbl - lnfl))
		return false;
	return (v & srv6gw_u128_bits(st->lbl, lnfl)) != 0;
}

const char *
srv6gw_sid_struct_check(const struct srv6gw_sid_struct *st)
{
	unsigned int lnfl = srv6gw_csid_len(st);

	if ((unsigned int)st->lbl + st->lnl + st->fl + st->al != 128)
		return "block + node + function + argument lengths must add up to 128";
	if (st->flavor == SRV6GW_CSID_NONE)
		return NULL;
	/* RFC 9800 §4.1.1 / §4.2.1: C-SID lengths 16 and 32 are the ones defined */
	if (lnfl != 16 && lnfl != 32)
		return "a C-SID (node + function) must be 16 or 32 bits long";
	if (st->lbl == 0 || st->lbl % 8 != 0)
		return "the block length must be a non-zero multiple of 8";
	if (st->flavor == SRV6GW_CSID_NEXT && st->al < lnfl)
		return "NEXT-C-SID needs room for at least one more C-SID in the argument";
	if (st->flavor == SRV6GW_CSID_REPLACE &&
	    st->al < srv6gw_csid_index_bits(lnfl))
		return "REPLACE-C-SID needs the argument to hold the C-SID index";
	return NULL;
}

/* Block bits of @p v under @p st. */
static unsigned __int128
block_of(const struct srv6gw_sid_struct *st, unsigned __int128 v)
{
	return v & srv6gw_u128_bits(0, st->lbl);
}

static bool
same_kind(const struct srv6gw_sid_struct *a, const struct srv6gw_sid_struct *b)
{
	return a != NULL && b != NULL && a->flavor == b->flavor && a->lbl == b->lbl &&
	       srv6gw_csid_len(a) == srv6gw_csid_len(b);
}

/* segs[j] is a C-SID of @p st's kind and block @p blk. */
static bool
csid_of(const uint8_t seg[16], srv6gw_csid_find_fn find, const void *arg,
	const struct srv6gw_sid_struct *st, unsigned __int128 blk)
{
	const struct srv6gw_sid_struct *sj = find(arg, seg);

	return same_kind(st, sj) && block_of(st, srv6gw_u128_load(seg)) == blk &&
	       srv6gw_csid_is_csid(sj, seg);
}

/*
 * NEXT-C-SID (RFC 9800 §6.1): a container is the block followed by as many
 * C-SIDs of that block as fit, the rest zero; the next SID of another block,
 * flavour or length starts a new entry. A SID of the same block that is
 * longer than a C-SID (e.g. an End.DT6 node + function, "uDT") may end a
 * container when its bits after the block fit in the room left.
 */
static unsigned int
pack_next(const uint8_t (*segs)[16], unsigned int n, unsigned int i, srv6gw_csid_find_fn find,
	  const void *arg, const struct srv6gw_sid_struct *st, struct srv6gw_csid_packed *out)
{
	unsigned int lnfl = srv6gw_csid_len(st), pos = st->lbl + lnfl, j = i + 1;
	unsigned __int128 c = srv6gw_u128_load(segs[i]);
	unsigned __int128 blk = block_of(st, c), v, tail;

	while (j < n && pos < 128) {
		v = srv6gw_u128_load(segs[j]);
		tail = v & ~srv6gw_u128_bits(0, st->lbl);
		if (pos + lnfl <= 128 && csid_of(segs[j], find, arg, st, blk)) {
			c |= tail >> (pos - st->lbl);   /* to bits [pos..pos+lnfl-1] */
			pos += lnfl;
			j++;
			continue;
		}
		/* the last SID of the container, longer than one C-SID */
		if (same_kind(st, find(arg, segs[j])) && block_of(st, v) == blk && tail != 0 &&
		    (tail & srv6gw_u128_bits(128 - (pos - st->lbl), pos - st->lbl)) == 0) {
			c |= tail >> (pos - st->lbl);
			j++;
		}
		break;
	}
	srv6gw_u128_store(out->entry[out->n++], c);
	out->n_compressed += j - i;
	return j;
}

/* Length of the run of SIDs from @p i that share @p st's kind and block. */
static unsigned int
run_len(const uint8_t (*segs)[16], unsigned int n, unsigned int i, srv6gw_csid_find_fn find,
	const void *arg, const struct srv6gw_sid_struct *st)
{
	unsigned __int128 blk = block_of(st, srv6gw_u128_load(segs[i]));
	unsigned int j = i + 1;

	while (j < n && csid_of(segs[j], find, arg, st, blk))
		j++;
	return j - i;
}

/*
 * REPLACE-C-SID (RFC 9800 §6.2): the first SID of a run is written in full
 * (its index 0 sends the node to the next entry); the C-SIDs that follow are
 * packed K = 128/LNFL per entry, the first to be used in the lowest-order
 * slot (index K-1: the index counts down, §4.2.1 S13/S25, slot i = bits
 * [i*LNFL..(i+1)*LNFL-1]). A zero slot tells the node that the next entry is
 * a full SID (S14-S17), so a run followed by more SIDs must end in a
 * container that is not full: when it would be, its last two SIDs become a
 * run of their own. A lone REPLACE SID can only be the last one (a node at
 * index 0 always reads the next entry as C-SIDs): -1.
 */
static int
pack_replace(const uint8_t (*segs)[16], unsigned int n, unsigned int i,
	     srv6gw_csid_find_fn find, const void *arg, const struct srv6gw_sid_struct *st,
	     struct srv6gw_csid_packed *out)
{
	unsigned int lnfl = srv6gw_csid_len(st), per = 128 / lnfl;
	unsigned int r = run_len(segs, n, i, find, arg, st), end, k;
	unsigned __int128 v, e;

	if (r == 1 && i + 1 < n)
		return -1;
	if (i + r < n && (r - 1) % per == 0)
		r -= 2;         /* r - 1 >= per >= 4, so both parts keep >= 2 SIDs */
	end = i + r;
	memcpy(out->entry[out->n++], segs[i], 16);
	out->n_compressed++;
	for (i++; i < end;) {
		e = 0;
		for (k = 0; k < per && i < end; k++, i++) {
			v = srv6gw_u128_load(segs[i]) & srv6gw_u128_bits(st->lbl, lnfl);
			e |= (v >> (128 - st->lbl - lnfl)) << (k * lnfl);
		}
		srv6gw_u128_store(out->entry[out->n++], e);
		out->n_compressed += k;
	}
	return (int)end;
}

int
srv6gw_csid_pack(const uint8_t (*segs)[16], unsigned int n, srv6gw_csid_find_fn find,
		 const void *arg, struct srv6gw_csid_packed *out)
{
	unsigned int i = 0;

	memset(out, 0, sizeof(*out));
	if (n == 0 || n > SRV6GW_CSID_MAX_ENTRIES)
		return -1;
	while (i < n) {
		const struct srv6gw_sid_struct *st = find != NULL ? find(arg, segs[i]) : NULL;

		if (st == NULL || st->flavor == SRV6GW_CSID_NONE || !srv6gw_csid_is_csid(st, segs[i])) {
			memcpy(out->entry[out->n++], segs[i], 16);
			i++;
		} else if (st->flavor == SRV6GW_CSID_NEXT) {
			i = pack_next(segs, n, i, find, arg, st, out);
		} else {
			int next = pack_replace(segs, n, i, find, arg, st, out);

			if (next < 0)
				return -2;
			i = (unsigned int)next;
		}
	}
	return 0;
}
