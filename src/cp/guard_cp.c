/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Control-thread side of the SR-domain guard (docs/security.md):
 *
 * - srv6gw_guard_build(): the guard part of a generation (domain blocks,
 *   allowed_sources lists, expanded HMAC keys, per-list path MTU entries)
 *   and the per-port / per-SID settings;
 * - srv6gw_guard_template(): the HMAC TLV of a policy's segment list,
 *   computed once here: the source is fixed, so the headend copies it with
 *   the rest of the template and a packet costs no hashing at all;
 * - srv6gw_guard_poll(): once a second, one log line per worker whose HMAC
 *   verifications failed since the last one (no logging on the fast path),
 *   and the drain of the O-flag ring into a bounded buffer;
 * - srv6gw_oam_save(): that buffer as a pcapng file (srv6gwctl oam save).
 */
#define ALLOW_EXPERIMENTAL_API
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_fib6.h>
#include <rte_malloc.h>
#include <rte_pcapng.h>
#include <rte_ring.h>

#include "addr.h"
#include "cp.h"
#include "dp/dp.h"
#include "log.h"

#define OAM_RING_SIZE 1024
#define OAM_POOL_SIZE 1023
#define OAM_KEEP 1024           /* copies kept for "oam save" (oldest dropped) */

static const uint8_t srv6_sid_block[16] = { 0x5f, 0x00 };     /* RFC 9602 */

static struct rte_fib6 *
blocks_build(struct srv6gw_gen *g, const struct srv6gw_config *cfg)
{
	struct rte_fib6_conf c = {
		.type = RTE_FIB6_TRIE,
		.default_nh = 0,
		.max_routes = (int)cfg->n_locators * 2 + 16,
		.trie = { .nh_sz = RTE_FIB6_TRIE_4B, .num_tbl8 = cfg->n_locators * 32 + 64 },
	};
	struct rte_fib6 *f;
	char name[64];
	unsigned int i;

	snprintf(name, sizeof(name), "%s_gblk", g->name);
	f = rte_fib6_create(name, SOCKET_ID_ANY, &c);
	if (f == NULL)
		return NULL;
	if (rte_fib6_add(f, srv6_sid_block, 16, 1) < 0)
		goto err;
	for (i = 0; i < cfg->n_locators; i++) {
		const struct srv6gw_cfg_locator *l = &cfg->locators[i];
		uint8_t blk[16];

		if (rte_fib6_add(f, l->prefix.a, l->prefix.len, 1) < 0)
			goto err;
		/* RFC 9800 §3: a C-SID locator's block is its first `block` bits */
		if (l->has_struct && l->st.flavor != SRV6GW_CSID_NONE && l->st.lbl > 0) {
			memcpy(blk, l->prefix.a, 16);
			srv6gw_prefix_mask(blk, l->st.lbl);
			if (rte_fib6_add(f, blk, l->st.lbl, 1) < 0)
				goto err;
		}
	}
	return f;
err:
	rte_fib6_free(f);
	return NULL;
}

static void
acl_fill(struct srv6gw_acl_rt *a, const struct srv6gw_cfg_acl *c)
{
	unsigned int i, b;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < c->n; i++) {
		uint8_t mask[16] = { 0 };

		for (b = 0; b < c->p[i].len; b++)
			mask[b / 8] |= (uint8_t)(0x80 >> (b % 8));
		memcpy(a->p[i].mask, mask, 16);
		memcpy(a->p[i].a, c->p[i].a, 16);
	}
	a->n = c->n;
}

int
srv6gw_guard_build(struct srv6gw_gen *g, const struct srv6gw_config *cfg, char *err,
		   size_t errlen)
{
	struct srv6gw_guard_rt *gd;
	bool external = false;
	unsigned int i;

	gd = rte_zmalloc("srv6gw_guard", sizeof(*gd), RTE_CACHE_LINE_SIZE);
	if (gd == NULL)
		goto nomem;
	g->guard = gd;
	for (i = 0; i < cfg->n_ports; i++) {
		const struct srv6gw_cfg_port *cp = &cfg->ports[i];
		struct srv6gw_port_rt *pr = &g->ports[i];

		pr->role = cp->role;
		pr->urpf = cp->urpf;
		pr->drop_srh = cp->drop_srh;
		pr->hmac = cp->hmac;
		pr->guard6 = cp->role == SRV6GW_ROLE_EXTERNAL || cp->drop_srh ||
			     cp->urpf != SRV6GW_URPF_OFF;
		external |= cp->role == SRV6GW_ROLE_EXTERNAL;
		gd->hmac_any |= cp->hmac >= SRV6GW_HMAC_VERIFY;
	}
	if (external && (gd->blocks = blocks_build(g, cfg)) == NULL) {
		snprintf(err, errlen, "cannot create the domain block table: %s",
			 rte_strerror(rte_errno));
		return -1;
	}
	gd->n_acls = cfg->n_acls;
	gd->acls = rte_zmalloc(NULL, sizeof(*gd->acls) * RTE_MAX(cfg->n_acls, 1u), 0);
	if (gd->acls == NULL)
		goto nomem;
	for (i = 0; i < cfg->n_acls; i++)
		acl_fill(&gd->acls[i], &cfg->acls[i]);
	for (i = 0; i < cfg->n_sids && i < g->n_sids; i++) {
		const struct srv6gw_cfg_sid *c = &cfg->sids[i];
		unsigned int acl = c->acl != 0 ? c->acl :
				   c->locator < cfg->n_locators ? cfg->locators[c->locator].acl : 0;

		g->sid[i].hmac = c->hmac;
		g->sid[i].acl = (uint16_t)acl;
		gd->hmac_any |= c->hmac >= SRV6GW_HMAC_VERIFY;
	}
	gd->n_keys = cfg->n_hmac_keys;
	gd->keys = srv6gw_hmac_states_build(cfg);
	if (gd->keys == NULL)
		goto nomem;
	gd->oam_enabled = cfg->oam_enabled;
	gd->oam_rate = cfg->oam_rate;
	gd->pmtu_timeout_tsc = (uint64_t)cfg->pmtu_timeout * rte_get_tsc_hz();
	if (cfg->pmtu_timeout != 0) {
		gd->pmtu = rte_zmalloc(NULL, sizeof(*gd->pmtu) * RTE_MAX(cfg->n_policies, 1u) * 2 *
				       SRV6GW_MAX_POLICY_LISTS, RTE_CACHE_LINE_SIZE);
		if (gd->pmtu == NULL)
			goto nomem;
	}
	return 0;
nomem:
	snprintf(err, errlen, "out of memory (guard)");
	return -1;
}

void
srv6gw_guard_template(const struct srv6gw_gen *g, const struct srv6gw_config *cfg,
		      const struct srv6gw_cfg_policy *p, enum srv6gw_encap_mode mode,
		      struct srv6gw_seglist_rt *sl)
{
	if (p->hmac_key == 0 || g->guard == NULL)
		return;
	/*
	 * RFC 8754 §2.1.2: D is set when the list is reduced (the first SID is
	 * only in the DA). A list without an SRH (one SID, reduced; refused by
	 * the loader for the policy's own mode) cannot carry the TLV: such an
	 * End.B6.Encaps.Red alternative goes without it.
	 */
	srv6gw_hmac_tlv_append(g->guard->keys, g->guard->n_keys, p->hmac_key, sl->hdr,
			       &sl->hdr_len, mode == SRV6GW_ENCAPS_RED, cfg->hmac_h_flag);
}

void
srv6gw_guard_free(struct srv6gw_gen *g)
{
	struct srv6gw_guard_rt *gd = g->guard;

	if (gd == NULL)
		return;
	rte_fib6_free(gd->blocks);
	rte_free(gd->acls);
	srv6gw_hmac_states_free(gd->keys, gd->n_keys);
	rte_free(gd->pmtu);
	rte_free(gd);
	g->guard = NULL;
}

/* ---- control thread: failure log, OAM ring ---- */

static struct {
	uint64_t last_poll;
	uint64_t logged[SRV6GW_MAX_WORKERS];
	struct rte_mbuf *keep[OAM_KEEP];  /* circular, pcapng-formatted copies */
	unsigned int head, n;
	uint64_t overwritten;
} G;

int
srv6gw_oam_init(void)
{
	srv6gw_oam_pool = rte_pktmbuf_pool_create("srv6gw_oam", OAM_POOL_SIZE, 0, 0,
						  rte_pcapng_mbuf_size(1600), rte_socket_id());
	srv6gw_oam_ring = rte_ring_create("srv6gw_oam", OAM_RING_SIZE, rte_socket_id(),
					  RING_F_SC_DEQ);
	if (srv6gw_oam_pool == NULL || srv6gw_oam_ring == NULL) {
		SRV6GW_LOG(ERR, "cannot create the OAM ring/pool: %s", rte_strerror(rte_errno));
		return -1;
	}
	return 0;
}

void
srv6gw_oam_fini(void)
{
	struct rte_mbuf *m;

	while (srv6gw_oam_ring != NULL && rte_ring_dequeue(srv6gw_oam_ring, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	for (; G.n > 0; G.n--)
		rte_pktmbuf_free(G.keep[(G.head + OAM_KEEP - G.n) % OAM_KEEP]);
	rte_ring_free(srv6gw_oam_ring);
	rte_mempool_free(srv6gw_oam_pool);
	srv6gw_oam_ring = NULL;
	srv6gw_oam_pool = NULL;
}

static void
oam_drain(void)
{
	struct rte_mbuf *m;

	while (srv6gw_oam_ring != NULL && rte_ring_sc_dequeue(srv6gw_oam_ring, (void **)&m) == 0) {
		if (G.n == OAM_KEEP) {
			rte_pktmbuf_free(G.keep[G.head]);  /* the oldest */
			G.n--;
			G.overwritten++;
		}
		G.keep[G.head] = m;
		G.head = (G.head + 1) % OAM_KEEP;
		G.n++;
	}
}

static void
log_failures(struct srv6gw_worker *const *workers, unsigned int n_workers)
{
	char s[SRV6GW_IP_STRLEN], d[SRV6GW_IP_STRLEN];
	unsigned int k;

	for (k = 0; k < n_workers && k < SRV6GW_MAX_WORKERS; k++) {
		const struct dp_hmac_fail *f = &workers[k]->guard.fail;
		uint64_t n = __atomic_load_n(&f->count, __ATOMIC_ACQUIRE);

		if (n == G.logged[k])
			continue;
		/* the "last" fields may be torn by a concurrent failure: diagnostic only */
		SRV6GW_LOG(WARNING, "HMAC: %lu verification failure(s) on worker %u in the last "
			   "second; last: %s from %s to %s, key id %u, port %u",
			   (unsigned long)(n - G.logged[k]), k,
			   f->reason < SRV6GW_DROP_COUNT ? srv6gw_drop_names[f->reason] : "?",
			   srv6gw_ip_format(AF_INET6, f->src, s, sizeof(s)),
			   srv6gw_ip_format(AF_INET6, f->dst, d, sizeof(d)), f->key_id, f->port);
		G.logged[k] = n;
	}
}

void
srv6gw_guard_poll(struct srv6gw_worker *const *workers, unsigned int n_workers)
{
	uint64_t now = rte_get_tsc_cycles();

	oam_drain();
	if (now - G.last_poll < rte_get_tsc_hz())
		return;
	G.last_poll = now;
	log_failures(workers, n_workers);
}

int
srv6gw_oam_save(const char *path, unsigned int *written, char *err, size_t errlen)
{
	rte_pcapng_t *pc;
	unsigned int i;
	int fd;

	oam_drain();
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	pc = rte_pcapng_fdopen(fd, NULL, NULL, "srv6gw " SRV6GW_VERSION,
			       "SRv6 O-flag copies (RFC 9259)");
	if (pc == NULL) {
		close(fd);
		snprintf(err, errlen, "cannot start the pcapng file: %s", rte_strerror(rte_errno));
		return -1;
	}
	/* oldest first; the copies stay in the buffer (a second save gets them again) */
	for (i = 0; i < G.n; i++) {
		struct rte_mbuf *m = G.keep[(G.head + OAM_KEEP - G.n + i) % OAM_KEEP];

		if (rte_pcapng_write_packets(pc, &m, 1) < 0) {
			snprintf(err, errlen, "write %s: %s", path, strerror(errno));
			rte_pcapng_close(pc);
			return -1;
		}
	}
	rte_pcapng_close(pc);
	*written = G.n;
	return 0;
}

/* ---- reload: learned path MTUs survive for unchanged segment lists ---- */

static bool
same_template(const struct srv6gw_seglist_rt *a, const struct srv6gw_seglist_rt *b)
{
	return a->hdr_len != 0 && a->hdr_len == b->hdr_len && memcmp(a->hdr, b->hdr, a->hdr_len) == 0;
}

void
srv6gw_guard_carry(const struct srv6gw_gen *old, struct srv6gw_gen *nu)
{
	uint64_t now = rte_get_tsc_cycles();
	unsigned int i, j, a, l, m;

	if (old->guard == NULL || nu->guard == NULL || old->guard->pmtu == NULL ||
	    nu->guard->pmtu == NULL)
		return;
	/* nothing valid to carry: skip the policy-by-policy walk */
	if (__atomic_load_n(&old->guard->pmtu_until, __ATOMIC_ACQUIRE) < now)
		return;
	for (i = 0; i < nu->n_policies; i++) {
		const struct srv6gw_policy_rt *np = &nu->policies[i];

		for (j = 0; j < old->n_policies; j++) {
			const struct srv6gw_policy_rt *op = &old->policies[j];

			if (strcmp(np->name, op->name) != 0)
				continue;
			for (a = 0; a < 2; a++)
				for (l = 0; l < op->n_lists; l++)
					for (m = 0; m < np->n_lists; m++) {
						const struct srv6gw_pmtu *oe = &old->guard->pmtu[
							(j * 2 + a) * SRV6GW_MAX_POLICY_LISTS + l];
						struct srv6gw_pmtu *ne = &nu->guard->pmtu[
							(i * 2 + a) * SRV6GW_MAX_POLICY_LISTS + m];
						uint64_t oexp = __atomic_load_n(&oe->expires,
										__ATOMIC_ACQUIRE);
						uint64_t nexp;

						if (oexp == 0 || oexp < now ||
						    !same_template(a ? &op->alt[l] : &op->lists[l],
								   a ? &np->alt[m] : &np->lists[m]))
							continue;
						/* the new generation is live: only ever lower it */
						nexp = __atomic_load_n(&ne->expires, __ATOMIC_ACQUIRE);
						if (nexp >= now && nexp != 0 &&
						    __atomic_load_n(&ne->mtu, __ATOMIC_RELAXED) <= oe->mtu)
							continue;
						__atomic_store_n(&ne->mtu, oe->mtu, __ATOMIC_RELAXED);
						__atomic_store_n(&ne->expires, oexp, __ATOMIC_RELEASE);
						srv6gw_pmtu_until_raise(&nu->guard->pmtu_until, oexp);
					}
			break;
		}
	}
}
