/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Hitless reload.
 *
 * Concurrency essay. Workers read exactly one pointer, srv6gw_gen_current,
 * once per burst, and report an RCU quiescent state (rte_rcu_qsbr) after each
 * burst, when they hold no pointer into any generation. The control thread is
 * the only writer: it builds a complete new generation, publishes it with one
 * release-store, then waits until every worker has reported quiescent since
 * the store. From then on no worker can still see the old generation, which
 * is freed. The wait has a deadline: a stuck worker makes the reload report a
 * timeout and the old generation is parked (not freed, not leaked) until a
 * later poll sees the grace period end. DPDK 22.11's rte_fib/rte_fib6 cannot
 * be updated under readers, which is why whole generations are swapped.
 *
 * Counters: per-SID and per-policy counters of a SID or policy present in both
 * generations keep counting: once the old generation is quiescent its rows
 * are added to the new generation's base (matched by SID address / policy
 * name). Removed objects' counters go away with them.
 */
#include <errno.h>
#include <string.h>
#include <rte_cycles.h>
#include <rte_rcu_qsbr.h>

#include "cp.h"
#include "log.h"

#define GRACE_DEADLINE_MS 1000

/** Settings that only a restart applies (docs/configuration.md). */
static int
restart_only_changed(const struct srv6gw_config *old, const struct srv6gw_config *nu,
		     char *msg, size_t len)
{
	unsigned int i;

	if (old->n_ports != nu->n_ports) {
		snprintf(msg, len, "ports: number changed (%u -> %u); restart to apply",
			 old->n_ports, nu->n_ports);
		return 1;
	}
	for (i = 0; i < old->n_ports; i++) {
		const struct srv6gw_cfg_port *a = &old->ports[i], *b = &nu->ports[i];

		if (strcmp(a->name, b->name) != 0 || strcmp(a->device, b->device) != 0 ||
		    strcmp(a->args, b->args) != 0 || a->has_mac != b->has_mac ||
		    memcmp(a->mac, b->mac, 6) != 0 || a->mtu != b->mtu) {
			snprintf(msg, len, "%s:%d: port %s: name, device, args, mac or mtu "
				 "changed; restart to apply", nu->file, b->line, b->name);
			return 1;
		}
	}
	return 0;
}

static void
sum_rows(const struct srv6gw_obj_stats *rows, unsigned int stride, unsigned int idx,
	 unsigned int n_workers, struct srv6gw_obj_stats *out)
{
	unsigned int k;

	for (k = 0; k < n_workers; k++) {
		out->packets += __atomic_load_n(&rows[k * stride + idx].packets, __ATOMIC_RELAXED);
		out->bytes += __atomic_load_n(&rows[k * stride + idx].bytes, __ATOMIC_RELAXED);
	}
}

/** Same segment list (same SIDs, same encoding)? */
static bool
same_list(const struct srv6gw_seglist_rt *a, const struct srv6gw_seglist_rt *b)
{
	return a->hdr_len == b->hdr_len && a->n_segs == b->n_segs &&
	       memcmp(a->hdr, b->hdr, a->hdr_len) == 0;
}

/**
 * Policy @p j of @p old survives as policy @p i of @p nu: its total keeps
 * counting, and so does each segment list that is still there unchanged.
 */
static void
carry_policy(const struct srv6gw_gen *old, unsigned int j, struct srv6gw_gen *nu, unsigned int i)
{
	const struct srv6gw_policy_rt *op = &old->policies[j], *np = &nu->policies[i];
	unsigned int l, m, k;

	nu->pol_base[i] = old->pol_base[j];
	for (l = 0; l < op->n_lists; l++) {
		struct srv6gw_obj_stats rows = { 0, 0 };

		for (k = 0; k < old->n_workers; k++) {
			const struct srv6gw_obj_stats *r = &srv6gw_pol_row(old, k, j)[l];

			rows.packets += __atomic_load_n(&r->packets, __ATOMIC_RELAXED);
			rows.bytes += __atomic_load_n(&r->bytes, __ATOMIC_RELAXED);
		}
		nu->pol_base[i].packets += rows.packets;
		nu->pol_base[i].bytes += rows.bytes;
		for (m = 0; m < np->n_lists; m++) {
			if (!same_list(&op->lists[l], &np->lists[m]))
				continue;
			nu->list_base[i * SRV6GW_MAX_POLICY_LISTS + m].packets =
				old->list_base[j * SRV6GW_MAX_POLICY_LISTS + l].packets + rows.packets;
			nu->list_base[i * SRV6GW_MAX_POLICY_LISTS + m].bytes =
				old->list_base[j * SRV6GW_MAX_POLICY_LISTS + l].bytes + rows.bytes;
			break;
		}
	}
}

/** Carry counters of surviving SIDs and policies from @p old into @p nu. */
static void
carry_counters(const struct srv6gw_gen *old, struct srv6gw_gen *nu)
{
	unsigned int i, j;
	int64_t v;

	for (i = 0; i < nu->n_sids; i++) {
		v = srv6gw_addr_tab_get(&old->sids, nu->sid[i].sid);
		if (v < 0)
			continue;
		j = (unsigned int)v;
		nu->sid_base[i] = old->sid_base[j];
		sum_rows(old->sid_stats, old->sid_row, j, old->n_workers, &nu->sid_base[i]);
	}
	for (i = 0; i < nu->n_policies; i++)
		for (j = 0; j < old->n_policies; j++)
			if (strcmp(nu->policies[i].name, old->policies[j].name) == 0) {
				carry_policy(old, j, nu, i);
				break;
			}
}

/** Wait for the grace period of @p token; false on timeout. */
static bool
grace_wait(struct rte_rcu_qsbr *q, uint64_t token, unsigned int ms)
{
	uint64_t end = rte_rdtsc() + rte_get_tsc_hz() / 1000 * ms;

	while (rte_rcu_qsbr_check(q, token, false) != 1) {
		if (rte_rdtsc() > end)
			return false;
		rte_delay_us_sleep(50);
	}
	return true;
}

void
srv6gw_reload_poll(struct srv6gw_reloader *r)
{
	if (r->pending == NULL || rte_rcu_qsbr_check(r->qsbr, r->pending_token, false) != 1)
		return;
	carry_counters(r->pending, srv6gw_gen_current);
	srv6gw_guard_carry(r->pending, srv6gw_gen_current);   /* learned path MTUs */
	srv6gw_gen_free(r->pending);
	r->pending = NULL;
}

static int publish(struct srv6gw_reloader *r, struct srv6gw_config *cfg, uint64_t t0);

static int
reload_fail(struct srv6gw_reloader *r, int rc, const char *msg)
{
	r->reloads_failed++;
	snprintf(r->last_error, sizeof(r->last_error), "%s", msg);
	SRV6GW_LOG(ERR, "reload refused: %s", msg);
	return rc;
}

int
srv6gw_reload(struct srv6gw_reloader *r, const char *path, struct srv6gw_cfg_errors *errs)
{
	struct srv6gw_gen *old = srv6gw_gen_current;
	struct srv6gw_config *cfg;
	char msg[256] = "";
	uint64_t t0 = rte_rdtsc();
	int rc;

	srv6gw_reload_poll(r);
	if (r->pending != NULL && !grace_wait(r->qsbr, r->pending_token, GRACE_DEADLINE_MS))
		return reload_fail(r, -EBUSY, "previous generation still in use by a worker");
	srv6gw_reload_poll(r);
	cfg = srv6gw_config_load(path, errs);
	if (cfg == NULL) {
		snprintf(msg, sizeof(msg), "%s:%d: %s", errs->file, errs->n ? errs->e[0].line : 0,
			 errs->n ? errs->e[0].text : "invalid");
		return reload_fail(r, -EINVAL, msg);
	}
	if (restart_only_changed(old->cfg, cfg, msg, sizeof(msg))) {
		srv6gw_config_free(cfg);
		return reload_fail(r, -EBUSY, msg);
	}
	rc = publish(r, cfg, t0);
	if (rc == 0)
		SRV6GW_LOG(INFO, "reloaded %s: generation %lu in %.1f ms", path,
			   (unsigned long)srv6gw_gen_current->id,
			   (double)(rte_rdtsc() - t0) * 1000.0 / rte_get_tsc_hz());
	return rc;
}

int
srv6gw_reload_config(struct srv6gw_reloader *r, struct srv6gw_config *cfg)
{
	uint64_t t0 = rte_rdtsc();
	int rc;

	srv6gw_reload_poll(r);
	if (r->pending != NULL && !grace_wait(r->qsbr, r->pending_token, GRACE_DEADLINE_MS)) {
		srv6gw_config_free(cfg);
		return reload_fail(r, -EBUSY, "previous generation still in use by a worker");
	}
	srv6gw_reload_poll(r);
	rc = publish(r, cfg, t0);
	if (rc == 0)
		SRV6GW_LOG(INFO, "routes changed: generation %lu in %.1f ms",
			   (unsigned long)srv6gw_gen_current->id,
			   (double)(rte_rdtsc() - t0) * 1000.0 / rte_get_tsc_hz());
	return rc;
}

/** Build a generation from @p cfg (taken over) and switch to it, hitless. */
static int
publish(struct srv6gw_reloader *r, struct srv6gw_config *cfg, uint64_t t0 __rte_unused)
{
	struct srv6gw_gen *old = srv6gw_gen_current, *nu;
	char msg[256] = "";

	nu = srv6gw_gen_build(cfg, r->macs, r->n_workers, r->next_id, msg, sizeof(msg));
	if (nu == NULL) {
		srv6gw_config_free(cfg);
		return reload_fail(r, -ENOMEM, msg);
	}
	r->next_id++;
	__atomic_store_n(&srv6gw_gen_current, nu, __ATOMIC_RELEASE);
	__atomic_store_n(&srv6gw_generation, nu->id, __ATOMIC_RELAXED);
	r->pending = old;
	r->pending_token = rte_rcu_qsbr_start(r->qsbr);
	if (!grace_wait(r->qsbr, r->pending_token, GRACE_DEADLINE_MS)) {
		r->grace_timeouts++;
		SRV6GW_LOG(WARNING, "reload: grace period not over after %d ms; old generation "
			   "parked", GRACE_DEADLINE_MS);
	}
	srv6gw_reload_poll(r);
	r->reloads_ok++;
	r->last_error[0] = '\0';
	return 0;
}
