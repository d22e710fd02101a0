/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * SRH HMAC TLV (RFC 8754 §2.1.2), with OpenSSL's libcrypto SHA-256/SHA-1.
 *
 * HMAC(K, text) = H((K ^ opad) || H((K ^ ipad) || text)) (RFC 2104). Keys are
 * at most one block long, so the inner and outer hash states after the
 * first block depend on the key only: they are computed once per key when a
 * generation is built, and a verification copies the two states (a struct
 * copy on the stack, no allocation) and hashes the text and the inner digest.
 * Measured against OpenSSL 3's EVP/HMAC contexts in docs/performance.md:
 * EVP_MAC_CTX_dup allocates (provider dupctx) and costs 3-4x more.
 *
 * Thread-safety: the expanded states belong to a generation and are only
 * read; every verification hashes in its own stack copies, so no writable
 * crypto state is shared between lcores (and nothing needs a lock).
 *
 * Text hashed (RFC 8754 §2.1.2.1, and Linux seg6_hmac_compute):
 * source address (16) || Last Entry (1) || Flags (1) || HMAC Key ID (4) ||
 * Segment List[0..Last Entry]. DA and Segments Left are not covered.
 * A SHA-1 digest (20 bytes) is followed by 12 zero bytes in the 32-byte
 * field, as Linux writes and compares it.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <rte_malloc.h>

#include "dp.h"

struct srv6gw_hmac_state {
	uint32_t id;
	uint8_t alg;
	union {
		struct {
			SHA256_CTX in, out;
		} s256;
		struct {
			SHA_CTX in, out;
		} s1;
	};
};

static void
expand(struct srv6gw_hmac_state *st, const struct srv6gw_hmac_key *k)
{
	uint8_t ipad[64], opad[64];
	unsigned int i;

	memset(ipad, 0x36, sizeof(ipad));
	memset(opad, 0x5c, sizeof(opad));
	/* keys are <= 64 bytes = one block of SHA-1 and SHA-256: used as they are */
	for (i = 0; i < k->len; i++) {
		ipad[i] ^= k->secret[i];
		opad[i] ^= k->secret[i];
	}
	st->id = k->id;
	st->alg = k->alg;
	if (k->alg == SRV6GW_HMAC_SHA256) {
		SHA256_Init(&st->s256.in);
		SHA256_Update(&st->s256.in, ipad, 64);
		SHA256_Init(&st->s256.out);
		SHA256_Update(&st->s256.out, opad, 64);
	} else {
		SHA1_Init(&st->s1.in);
		SHA1_Update(&st->s1.in, ipad, 64);
		SHA1_Init(&st->s1.out);
		SHA1_Update(&st->s1.out, opad, 64);
	}
	OPENSSL_cleanse(ipad, sizeof(ipad));
	OPENSSL_cleanse(opad, sizeof(opad));
}

struct srv6gw_hmac_state *
srv6gw_hmac_states_build(const struct srv6gw_config *cfg)
{
	struct srv6gw_hmac_state *s;
	unsigned int i;

	s = rte_zmalloc("srv6gw_hmac", sizeof(*s) * RTE_MAX(cfg->n_hmac_keys, 1u),
			RTE_CACHE_LINE_SIZE);
	if (s == NULL)
		return NULL;
	for (i = 0; i < cfg->n_hmac_keys; i++)
		expand(&s[i], &cfg->hmac_keys[i]);
	return s;
}

void
srv6gw_hmac_states_free(struct srv6gw_hmac_state *s, unsigned int n)
{
	if (s == NULL)
		return;
	OPENSSL_cleanse(s, sizeof(*s) * RTE_MAX(n, 1u));
	rte_free(s);
}

static const struct srv6gw_hmac_state *
key_find(const struct srv6gw_hmac_state *keys, unsigned int n, uint32_t id)
{
	unsigned int lo = 0, hi = n;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (keys[mid].id == id)
			return &keys[mid];
		if (keys[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
srv6gw_hmac_compute(const struct srv6gw_hmac_state *k, const uint8_t *sa,
		    const uint8_t *le_flags, const uint8_t *key_id_be, const uint8_t *segs,
		    unsigned int n_segs, uint8_t out[32])
{
	if (k->alg == SRV6GW_HMAC_SHA256) {
		SHA256_CTX c = k->s256.in;
		uint8_t inner[SHA256_DIGEST_LENGTH];

		SHA256_Update(&c, sa, 16);
		SHA256_Update(&c, le_flags, 2);
		SHA256_Update(&c, key_id_be, 4);
		SHA256_Update(&c, segs, 16u * n_segs);
		SHA256_Final(inner, &c);
		c = k->s256.out;
		SHA256_Update(&c, inner, sizeof(inner));
		SHA256_Final(out, &c);
	} else {
		SHA_CTX c = k->s1.in;
		uint8_t inner[SHA_DIGEST_LENGTH];

		SHA1_Update(&c, sa, 16);
		SHA1_Update(&c, le_flags, 2);
		SHA1_Update(&c, key_id_be, 4);
		SHA1_Update(&c, segs, 16u * n_segs);
		SHA1_Final(inner, &c);
		c = k->s1.out;
		SHA1_Update(&c, inner, sizeof(inner));
		SHA1_Final(out, &c);
		/* Linux seg6_hmac: the 20-byte digest, zero padded to the 32-byte field */
		memset(out + SHA_DIGEST_LENGTH, 0, 32 - SHA_DIGEST_LENGTH);
	}
}

int
srv6gw_hmac_tlv_append(const struct srv6gw_hmac_state *keys, unsigned int n_keys,
		       uint32_t key_id, uint8_t *hdr, uint16_t *hdr_len, bool d_bit, bool h_flag)
{
	const struct srv6gw_hmac_state *k = key_find(keys, n_keys, key_id);
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)hdr;
	struct srv6gw_srh *srh = (struct srv6gw_srh *)(ip + 1);
	uint8_t *t = hdr + *hdr_len;
	rte_be32_t id = rte_cpu_to_be_32(key_id);

	if (k == NULL || *hdr_len == sizeof(*ip) || ip->proto != SRV6GW_IPPROTO_ROUTING)
		return -1;      /* no key, or no SRH to carry the TLV */
	if (h_flag)
		srh->flags |= SRV6GW_SRH_FLAG_H_LINUX;
	srh->hdr_len += SRV6GW_HMAC_TLV_LEN / 8;
	memset(t, 0, SRV6GW_HMAC_TLV_LEN);
	t[0] = SRV6GW_SRH_TLV_HMAC;
	t[1] = SRV6GW_HMAC_TLV_DLEN;
	/* D: the destination is not in the (reduced) segment list (§2.1.2) */
	t[2] = d_bit ? SRV6GW_HMAC_D_BIT : 0;
	memcpy(t + 4, &id, 4);
	srv6gw_hmac_compute(k, ip->src_addr, &srh->last_entry, t + 4, srh->segments[0],
			    srh->last_entry + 1u, t + 8);
	*hdr_len += SRV6GW_HMAC_TLV_LEN;
	return 0;
}

/** Remember a failure for the control thread's once-a-second log line. */
static void
note_failure(struct srv6gw_worker *w, const struct rte_mbuf *m, uint32_t key_id,
	     enum srv6gw_drop reason)
{
	const struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod(m, const struct rte_ipv6_hdr *);
	struct dp_hmac_fail *f = &w->guard.fail;

	memcpy(f->src, ip->src_addr, 16);
	memcpy(f->dst, ip->dst_addr, 16);
	f->key_id = key_id;
	f->reason = (uint16_t)reason;
	f->port = m->port;
	__atomic_store_n(&f->count, f->count + 1, __ATOMIC_RELEASE);
}

static int
fail(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t ptr, uint32_t key_id,
     enum srv6gw_drop reason)
{
	note_failure(w, m, key_id, reason);
	/* §2.1.2.1: Parameter Problem code 0 pointing to the HMAC TLV, rate limited */
	dp_icmp6_error(w, m, SRV6GW_ICMP6_PARAM_PROB, SRV6GW_PP_ERR_FIELD, ptr, reason);
	return -1;
}

static int
missing(struct srv6gw_worker *w, struct rte_mbuf *m, uint8_t level)
{
	if (level != SRV6GW_HMAC_REQUIRE)
		return 0;
	/* Linux seg6_require_hmac = 1 drops silently; so do we (counted, logged) */
	note_failure(w, m, 0, SRV6GW_C_hmac_missing);
	dp_drop(w, m, SRV6GW_C_hmac_missing);
	return -1;
}

int
dp_hmac_verify(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s,
	       uint8_t level)
{
	const struct srv6gw_guard_rt *gd = w->g->guard;
	const struct rte_ipv6_hdr *ip;
	const struct srv6gw_hmac_state *k;
	const struct srv6gw_srh *srh;
	const uint8_t *p;
	uint32_t off, total, hoff = 0, key_id, rh;
	uint8_t mac[32];
	struct dp_ext x;
	int max_le;
	bool d;

	if (dp_ext_walk_rh(m, &x) < 0 || x.rh_off == 0)
		return missing(w, m, level);
	rh = x.rh_off;
	if (rh + 8u > m->data_len)
		return fail(w, m, rh, 0, SRV6GW_C_hmac_malformed);
	p = rte_pktmbuf_mtod_offset(m, const uint8_t *, rh);
	srh = (const struct srv6gw_srh *)p;
	if (srh->type != SRV6GW_SRCRT_TYPE_4)
		return missing(w, m, level);
	/* P34: nothing is read past the SRH, and the SRH is in the first segment */
	total = (srh->hdr_len + 1u) * 8u;
	if (rh + total > m->data_len)
		return fail(w, m, rh + 1, 0, SRV6GW_C_hmac_malformed);
	max_le = srh->hdr_len / 2 - 1;                  /* signed: -1 when empty */
	if ((int)srh->last_entry > max_le)
		return fail(w, m, rh + 4, 0, SRV6GW_C_hmac_malformed);
	/* RFC 8754 §2.1: TLVs follow the segment list; Pad1 has no length byte */
	for (off = 8u + 16u * (srh->last_entry + 1u); off < total;) {
		if (p[off] == SRV6GW_SRH_TLV_PAD1) {
			off++;
			continue;
		}
		if (off + 2 > total || off + 2u + p[off + 1] > total)
			return fail(w, m, rh + off, 0, SRV6GW_C_hmac_malformed);
		if (p[off] == SRV6GW_SRH_TLV_HMAC) {
			if (hoff != 0)  /* two HMAC TLVs: which one would count? */
				return fail(w, m, rh + off, 0, SRV6GW_C_hmac_malformed);
			hoff = off;
		}
		off += 2u + p[off + 1];
	}
	if (hoff == 0)
		return missing(w, m, level);
	if (p[hoff + 1] != SRV6GW_HMAC_TLV_DLEN)        /* P40 */
		return fail(w, m, rh + hoff, 0, SRV6GW_C_hmac_malformed);
	key_id = rte_be_to_cpu_32(*(const unaligned_uint32_t *)(p + hoff + 4));
	k = gd == NULL ? NULL : key_find(gd->keys, gd->n_keys, key_id);
	if (k == NULL)                                  /* P37 */
		return fail(w, m, rh + hoff, key_id, SRV6GW_C_hmac_unknown_key);
	/*
	 * §2.1.2.1: the current segment must be the destination, unless D says
	 * the list is reduced and we are at the segment that is not in it.
	 * C-SID SIDs skip it: their DA is a shifted container (RFC 9800).
	 */
	ip = rte_pktmbuf_mtod(m, const struct rte_ipv6_hdr *);
	d = p[hoff + 2] & SRV6GW_HMAC_D_BIT;
	if (!(s->flavors & SRV6GW_FL_CSID) &&
	    !((d && srh->segments_left > srh->last_entry) ||
	      (srh->segments_left <= srh->last_entry &&
	       memcmp(ip->dst_addr, srh->segments[srh->segments_left], 16) == 0)))
		return fail(w, m, rh + hoff, key_id, SRV6GW_C_hmac_invalid);
	srv6gw_hmac_compute(k, ip->src_addr, &srh->last_entry, p + hoff + 4, srh->segments[0],
			    srh->last_entry + 1u, mac);
	/* constant time (Linux CVE-2025-39702) */
	if (CRYPTO_memcmp(mac, p + hoff + 8, sizeof(mac)) != 0)   /* P38 */
		return fail(w, m, rh + hoff, key_id, SRV6GW_C_hmac_invalid);
	DP_EV(w, hmac_verified);
	return 0;
}
