/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * srv6gw-hmac-bench: TSC cycles of one SRH HMAC (RFC 8754 §2.1.2) per packet.
 *
 *   srv6gw-hmac-bench [--no-huge -m 256 ...] [-- --iters N]
 *
 * 1. The hash itself for 2, 4 and 8 segments, four ways with OpenSSL 3:
 *    - "state copy" (what srv6gw does, src/dp/hmac.c): inner and outer
 *      SHA states pre-expanded per key, copied on the stack per packet;
 *    - EVP_MD_CTX_copy_ex of pre-expanded EVP digest contexts;
 *    - EVP_MAC (HMAC) with EVP_MAC_CTX_dup of an initialised context;
 *    - the one-shot HMAC() (key expansion every time).
 * 2. dp_hmac_verify() on a whole packet (extension header walk, TLV walk,
 *    key lookup, DA check, HMAC, constant-time compare), 2 and 8 segments.
 * Median of 5 runs of N iterations, minus an empty loop (for 2., also the
 * fastest run: on a shared VM the median moves with the neighbours' load).
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "dp/dp.h"

#define RUNS 5

static const char secret[] = "benchmark-secret-0123456789abcdef";
static unsigned int iters = 200000;
static volatile uint8_t sink;

static int
cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

typedef void (*bench_fn)(void *arg, uint8_t *text, unsigned int len);

static double
measure(bench_fn fn, void *arg, uint8_t *text, unsigned int len)
{
	uint64_t r[RUNS], t0;
	unsigned int i, k;

	for (k = 0; k < RUNS; k++) {
		t0 = rte_rdtsc_precise();
		for (i = 0; i < iters; i++) {
			text[0] = (uint8_t)i;     /* nothing is loop-invariant */
			fn(arg, text, len);
		}
		r[k] = rte_rdtsc_precise() - t0;
	}
	qsort(r, RUNS, sizeof(r[0]), cmp64);
	return (double)r[RUNS / 2] / iters;
}

static void
empty(void *arg, uint8_t *text, unsigned int len)
{
	sink ^= text[len - 1];
}

struct copy_arg {
	struct srv6gw_hmac_state *st;
};

static void
state_copy(void *arg, uint8_t *text, unsigned int len)
{
	struct copy_arg *a = arg;
	uint8_t out[32];

	/* same text layout as the SRH: SA | LE,flags | key id | segments */
	srv6gw_hmac_compute(a->st, text, text + 16, text + 18, text + 22, (len - 22) / 16, out);
	sink ^= out[0];
}

struct evp_arg {
	EVP_MD_CTX *in, *out, *w;
};

static void
evp_copy(void *arg, uint8_t *text, unsigned int len)
{
	struct evp_arg *a = arg;
	uint8_t inner[32], out[32];
	unsigned int n;

	EVP_MD_CTX_copy_ex(a->w, a->in);
	EVP_DigestUpdate(a->w, text, len);
	EVP_DigestFinal_ex(a->w, inner, &n);
	EVP_MD_CTX_copy_ex(a->w, a->out);
	EVP_DigestUpdate(a->w, inner, n);
	EVP_DigestFinal_ex(a->w, out, &n);
	sink ^= out[0];
}

struct mac_arg {
	EVP_MAC_CTX *ctx;
};

static void
mac_dup(void *arg, uint8_t *text, unsigned int len)
{
	struct mac_arg *a = arg;
	EVP_MAC_CTX *c = EVP_MAC_CTX_dup(a->ctx);
	uint8_t out[32];
	size_t n;

	EVP_MAC_update(c, text, len);
	EVP_MAC_final(c, out, &n, sizeof(out));
	EVP_MAC_CTX_free(c);
	sink ^= out[0];
}

static void
oneshot(void *arg, uint8_t *text, unsigned int len)
{
	uint8_t out[32];
	unsigned int n;

	HMAC(EVP_sha256(), secret, sizeof(secret) - 1, text, len, out, &n);
	sink ^= out[0];
}

/* An SRv6 packet with a valid HMAC TLV (key 7), and a generation around it. */
static struct rte_mbuf *
signed_packet(struct rte_mempool *mp, const struct srv6gw_hmac_state *st, unsigned int n)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	uint16_t len = sizeof(struct rte_ipv6_hdr) + 8 + 16 * n;
	uint8_t *p = (uint8_t *)rte_pktmbuf_append(m, len + 40 + 40);
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)p;
	struct srv6gw_srh *srh = (struct srv6gw_srh *)(ip + 1);
	unsigned int i;

	memset(p, 0, len + 80);
	ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
	ip->payload_len = rte_cpu_to_be_16(len - 40 + 40 + 40);
	ip->proto = SRV6GW_IPPROTO_ROUTING;
	ip->hop_limits = 64;
	ip->src_addr[0] = 0xfc;
	ip->src_addr[15] = 2;
	srh->next_hdr = SRV6GW_IPPROTO_IPV6;
	srh->hdr_len = 2 * n;
	srh->type = SRV6GW_SRCRT_TYPE_4;
	srh->segments_left = n - 1;
	srh->last_entry = n - 1;
	for (i = 0; i < n; i++) {
		srh->segments[i][0] = 0xfc;
		srh->segments[i][15] = (uint8_t)(i + 1);
	}
	memcpy(ip->dst_addr, srh->segments[n - 1], 16);
	/* the inner IPv6 header after the TLV: version only, never parsed */
	p[len + 40] = 0x60;
	srv6gw_hmac_tlv_append(st, 1, 7, p, &len, false, false);
	return m;
}

int
main(int argc, char **argv)
{
	char *eal[] = { argv[0], "--no-huge", "-m", "256", "--no-pci", "--no-shconf", "-l", "0",
			"--log-level", "lib.*:error", NULL };
	static const unsigned int segs[] = { 2, 4, 8 };
	struct srv6gw_hmac_key key = { .id = 7, .alg = SRV6GW_HMAC_SHA256 };
	struct srv6gw_config cfg;
	struct copy_arg ca;
	struct evp_arg ea;
	struct mac_arg ma;
	uint8_t ipad[64], opad[64], text[22 + 16 * 16];
	OSSL_PARAM params[2];
	EVP_MAC *mac;
	unsigned int i, j;
	double base;

	for (i = 1; i + 1 < (unsigned int)argc; i++)
		if (strcmp(argv[i], "--iters") == 0)
			iters = (unsigned int)atoi(argv[i + 1]);
	if (rte_eal_init(RTE_DIM(eal) - 1, eal) < 0)
		return 1;
	memset(text, 0xa5, sizeof(text));
	key.len = sizeof(secret) - 1;
	memcpy(key.secret, secret, key.len);
	memset(&cfg, 0, sizeof(cfg));
	cfg.hmac_keys = &key;
	cfg.n_hmac_keys = 1;
	ca.st = srv6gw_hmac_states_build(&cfg);

	memset(ipad, 0x36, 64);
	memset(opad, 0x5c, 64);
	for (i = 0; i < key.len; i++) {
		ipad[i] ^= key.secret[i];
		opad[i] ^= key.secret[i];
	}
	ea.in = EVP_MD_CTX_new();
	ea.out = EVP_MD_CTX_new();
	ea.w = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ea.in, EVP_sha256(), NULL);
	EVP_DigestUpdate(ea.in, ipad, 64);
	EVP_DigestInit_ex(ea.out, EVP_sha256(), NULL);
	EVP_DigestUpdate(ea.out, opad, 64);
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	ma.ctx = EVP_MAC_CTX_new(mac);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	EVP_MAC_init(ma.ctx, (const unsigned char *)secret, key.len, params);

	printf("{\"hash\": [");
	for (j = 0; j < RTE_DIM(segs); j++) {
		unsigned int len = 22 + 16 * segs[j];

		base = measure(empty, NULL, text, len);
		printf("%s\n  {\"segments\": %u, \"text_bytes\": %u, \"state_copy\": %.0f, "
		       "\"evp_md_ctx_copy\": %.0f, \"evp_mac_dup\": %.0f, \"hmac_oneshot\": %.0f}",
		       j ? "," : "", segs[j], len, measure(state_copy, &ca, text, len) - base,
		       measure(evp_copy, &ea, text, len) - base,
		       measure(mac_dup, &ma, text, len) - base,
		       measure(oneshot, NULL, text, len) - base);
	}
	printf("\n], \"verify\": [");
	{
		struct rte_mempool *mp = rte_pktmbuf_pool_create("hb", 63, 0, 0,
								 RTE_MBUF_DEFAULT_BUF_SIZE, 0);
		struct srv6gw_gen *g = rte_zmalloc(NULL, sizeof(*g), 64);
		struct srv6gw_guard_rt *gd = rte_zmalloc(NULL, sizeof(*gd), 64);
		struct srv6gw_worker *w = rte_zmalloc(NULL, sizeof(*w), 64);
		struct srv6gw_sid_rt sid = { .hmac = SRV6GW_HMAC_REQUIRE };

		gd->keys = ca.st;
		gd->n_keys = 1;
		g->guard = gd;
		g->n_workers = 1;
		w->g = g;
		w->st = rte_zmalloc(NULL, sizeof(*w->st), 64);
		for (j = 0; j < 2; j++) {
			unsigned int n = j ? 8 : 2;
			struct rte_mbuf *m = signed_packet(mp, ca.st, n);
			uint64_t r[RUNS], t0;
			unsigned int k;

			for (k = 0; k < RUNS; k++) {
				t0 = rte_rdtsc_precise();
				for (i = 0; i < iters; i++)
					if (dp_hmac_verify(w, m, &sid, SRV6GW_HMAC_REQUIRE) != 0)
						return 2;
				r[k] = rte_rdtsc_precise() - t0;
			}
			qsort(r, RUNS, sizeof(r[0]), cmp64);
			/* median, and the fastest run (least disturbed on a shared VM) */
			printf("%s\n  {\"segments\": %u, \"cycles\": %.0f, \"cycles_min\": %.0f}",
			       j ? "," : "", n, (double)r[RUNS / 2] / iters, (double)r[0] / iters);
			rte_pktmbuf_free(m);
		}
		if (w->st->ev[SRV6GW_C_hmac_verified] != 2ull * RUNS * iters)
			return 3;
	}
	printf("\n], \"tsc_hz\": %lu}\n", (unsigned long)rte_get_tsc_hz());
	return 0;
}
