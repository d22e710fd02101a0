/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Policy validity and candidate-path selection (RFC 9256 §2.9, §5.1, §8).
 *
 * Concurrency essay. What a policy sends on depends on two things: the
 * generation (its lists, each resolved to the next hop of its first SID in
 * its algorithm's FIB when the generation was built) and the link state of
 * the ports (srv6gw_link_up, changed by the control thread's link polling).
 * The first changes by a reload, which builds a fresh state with the
 * generation. The second changes under a running generation: the control
 * thread then evaluates every policy again into a new struct srv6gw_pstate,
 * publishes it with one release-store into gen->pstate, and frees the old
 * state once every worker has reported an RCU quiescent state after the
 * store (workers load gen->pstate per encapsulated packet and hold nothing
 * across bursts). No lock, no partial view: a packet sees the old state or
 * the new one. A stuck worker only delays the free; the state waits in a
 * small queue (pending[]), which poll() empties.
 *
 * Rules (docs/design.md):
 *   - a segment list is valid when its first SID has a route in the FIB of
 *     its candidate path's algorithm, and that route's egress port is up;
 *   - a candidate path is valid when one of its lists is;
 *   - the active candidate path is the valid one with the highest
 *     preference (RFC 9256 §2.9); flows are spread over its valid lists by
 *     weight, invalid ones get no share (§2.11);
 *   - no valid candidate path: the policy is down (active = SRV6GW_CP_NONE),
 *     and the fast path drops (policy_down) or routes, per the policy's
 *     "invalid" setting (§8.1, §8.2).
 */
#include <errno.h>
#include <string.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>

#include "cp.h"
#include "log.h"

#define PENDING_MAX 64

/*
 * Replaced states waiting for their grace period.
 *
 * Thread-safety: control thread only.
 */
static struct {
	struct srv6gw_pstate *st;
	struct rte_rcu_qsbr *q;
	uint64_t token;
} pending[PENDING_MAX];
static unsigned int n_pending;
static bool refresh_wanted;
static uint64_t next_seq = 1;

/** Why list @p j of policy @p p cannot carry traffic, or SRV6GW_LS_VALID. */
static uint8_t
list_why(const struct srv6gw_gen *g, const struct srv6gw_policy_rt *p, unsigned int j)
{
	uint32_t nh = p->lists[j].nh;

	if (nh == SRV6GW_NH_NONE)
		return SRV6GW_LS_NO_ROUTE;
	if (!__atomic_load_n(&srv6gw_link_up[g->nexthops[nh].port], __ATOMIC_RELAXED))
		return SRV6GW_LS_LINK_DOWN;
	return SRV6GW_LS_VALID;
}

/** Slots of the weighted selection: list j owns a share ~ its weight. */
static void
fill_sel(const struct srv6gw_cfg_policy *cp, const struct srv6gw_cfg_cpath *path,
	 struct srv6gw_pstate_pol *ps)
{
	unsigned int valid[SRV6GW_MAX_SEGLISTS], n = 0, j, k, slot;
	uint64_t total = 0, acc;

	for (j = path->first_list; j < path->first_list + path->n_lists; j++)
		if (ps->why[j] == SRV6GW_LS_VALID) {
			valid[n++] = j;
			total += cp->lists[j].weight;
		}
	for (slot = 0, k = 0, acc = 0; slot < SRV6GW_SEL_SLOTS; slot++) {
		while (k + 1 < n && (uint64_t)slot * total >=
					    (acc + cp->lists[valid[k]].weight) * SRV6GW_SEL_SLOTS) {
			acc += cp->lists[valid[k]].weight;
			k++;
		}
		ps->sel[slot] = (uint8_t)valid[k];
	}
}

/** One policy: validity of each list, the active path, its selection table. */
static void
eval_policy(const struct srv6gw_gen *g, unsigned int i, struct srv6gw_pstate_pol *ps)
{
	const struct srv6gw_cfg_policy *cp = &g->cfg->policies[i];
	const struct srv6gw_cfg_cpath *best = NULL;
	unsigned int c, j;
	bool valid;

	for (j = 0; j < cp->n_lists; j++)
		ps->why[j] = list_why(g, &g->policies[i], j);
	ps->active = SRV6GW_CP_NONE;
	for (c = 0; c < cp->n_cps; c++) {
		const struct srv6gw_cfg_cpath *path = &cp->cps[c];

		valid = false;
		for (j = path->first_list; j < path->first_list + path->n_lists; j++)
			valid |= ps->why[j] == SRV6GW_LS_VALID;
		if (valid && (best == NULL || path->preference > best->preference)) {
			best = path;
			ps->active = (uint8_t)c;
		}
	}
	/* no valid path: every slot says so (and pstate->one, sel_one()) */
	memset(ps->sel, SRV6GW_SEL_NONE, sizeof(ps->sel));
	if (best != NULL)
		fill_sel(cp, best, ps);
}

/** The list every slot of @p sel names (or SRV6GW_SEL_NONE), else SRV6GW_SEL_MIX. */
static uint8_t
sel_one(const uint8_t *sel)
{
	unsigned int i;

	for (i = 1; i < SRV6GW_SEL_SLOTS; i++)
		if (sel[i] != sel[0])
			return SRV6GW_SEL_MIX;
	return sel[0];
}

struct srv6gw_pstate *
srv6gw_pstate_eval(const struct srv6gw_gen *g, const struct srv6gw_pstate *prev)
{
	struct srv6gw_pstate *st;
	unsigned int i;
	uint8_t *one;

	/* pol[], then one[] (a byte per policy) */
	st = rte_zmalloc("srv6gw_pstate", sizeof(*st) + (sizeof(st->pol[0]) + 1) *
			 RTE_MAX(g->n_policies, 1u), RTE_CACHE_LINE_SIZE);
	if (st == NULL)
		return NULL;
	one = (uint8_t *)&st->pol[RTE_MAX(g->n_policies, 1u)];
	st->one = one;
	st->seq = next_seq++;
	st->n = g->n_policies;
	for (i = 0; i < g->n_policies; i++) {
		eval_policy(g, i, &st->pol[i]);
		one[i] = sel_one(st->pol[i].sel);
		if (prev == NULL)
			continue;
		st->pol[i].changes = prev->pol[i].changes +
				     (prev->pol[i].active != st->pol[i].active);
	}
	return st;
}

static bool
same_state(const struct srv6gw_pstate *a, const struct srv6gw_pstate *b)
{
	unsigned int i;

	for (i = 0; i < a->n; i++)
		if (a->pol[i].active != b->pol[i].active ||
		    memcmp(a->pol[i].why, b->pol[i].why, sizeof(a->pol[i].why)) != 0 ||
		    memcmp(a->pol[i].sel, b->pol[i].sel, sizeof(a->pol[i].sel)) != 0)
			return false;
	return true;
}

/** Free what is past its grace period. @return entries still waiting. */
static unsigned int
reclaim(void)
{
	unsigned int i, k = 0;

	for (i = 0; i < n_pending; i++) {
		if (rte_rcu_qsbr_check(pending[i].q, pending[i].token, false) == 1)
			rte_free(pending[i].st);
		else
			pending[k++] = pending[i];
	}
	n_pending = k;
	return k;
}

static void
log_changes(const struct srv6gw_gen *g, const struct srv6gw_pstate *old,
	    const struct srv6gw_pstate *nu)
{
	unsigned int i;

	for (i = 0; i < nu->n; i++) {
		const struct srv6gw_cfg_policy *p = &g->cfg->policies[i];

		if (old->pol[i].active == nu->pol[i].active)
			continue;
		if (nu->pol[i].active == SRV6GW_CP_NONE)
			SRV6GW_LOG(WARNING, "policy %s: no valid candidate path: down", p->label);
		else
			SRV6GW_LOG(NOTICE, "policy %s: candidate path %u active", p->label,
				   p->cps[nu->pol[i].active].preference);
	}
}

int
srv6gw_pstate_refresh(struct srv6gw_gen *g, struct rte_rcu_qsbr *q)
{
	struct srv6gw_pstate *old = g->pstate, *nu;

	if (q != NULL && n_pending == PENDING_MAX && reclaim() == PENDING_MAX) {
		refresh_wanted = true;
		return -EBUSY;
	}
	nu = srv6gw_pstate_eval(g, old);
	if (nu == NULL) {
		refresh_wanted = true;
		return -ENOMEM;
	}
	refresh_wanted = false;
	if (same_state(old, nu)) {
		rte_free(nu);
		return 0;
	}
	log_changes(g, old, nu);
	__atomic_store_n(&g->pstate, nu, __ATOMIC_RELEASE);
	if (q == NULL) {
		rte_free(old);
		return 1;
	}
	pending[n_pending].st = old;
	pending[n_pending].q = q;
	pending[n_pending].token = rte_rcu_qsbr_start(q);
	n_pending++;
	return 1;
}

void
srv6gw_pstate_invalidate(void)
{
	refresh_wanted = true;
}

void
srv6gw_pstate_poll(struct srv6gw_gen *g, struct rte_rcu_qsbr *q)
{
	if (n_pending > 0)
		reclaim();
	if (refresh_wanted && g != NULL)
		srv6gw_pstate_refresh(g, q);
}

void
srv6gw_pstate_fini(void)
{
	unsigned int i;

	for (i = 0; i < n_pending; i++)
		rte_free(pending[i].st);
	n_pending = 0;
}
