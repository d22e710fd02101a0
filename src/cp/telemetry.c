/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * DPDK telemetry commands (dpdk-telemetry.py): /srv6gw/info, /srv6gw/stats,
 * /srv6gw/drops. Names and keys stay within [a-z0-9_/] (DPDK refuses others);
 * every return value is checked so a refused key is logged, not lost.
 *
 * Thread-safety: callbacks run on DPDK's telemetry threads. They read only
 * the per-lcore counter blocks (fixed for the life of the process, relaxed
 * loads) and the generation number (an atomic) — never a generation's tables,
 * which a reload may free.
 */
#include <string.h>
#include <rte_telemetry.h>

#include "cp.h"
#include "dp/dp.h"
#include "log.h"

static struct srv6gw_worker *const *tel_workers;
static unsigned int tel_n_workers, tel_n_ports;

uint64_t srv6gw_generation;

static uint64_t
sum(unsigned int idx, bool drop)
{
	uint64_t v = 0;
	unsigned int k;

	for (k = 0; k < tel_n_workers; k++)
		v += __atomic_load_n(drop ? &tel_workers[k]->st->drops[idx] :
				     &tel_workers[k]->st->ev[idx], __ATOMIC_RELAXED);
	return v;
}

static int
fill_counters(struct rte_tel_data *d, bool drop)
{
	unsigned int i, n = drop ? SRV6GW_DROP_COUNT : SRV6GW_EVENT_COUNT;
	int rc = rte_tel_data_start_dict(d);

	for (i = 0; rc == 0 && i < n; i++)
		rc = rte_tel_data_add_dict_u64(d, drop ? srv6gw_drop_names[i] :
					       srv6gw_event_names[i], sum(i, drop));
	return rc;
}

static int
tel_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	return fill_counters(d, false);
}

static int
tel_drops(const char *cmd, const char *params, struct rte_tel_data *d)
{
	return fill_counters(d, true);
}

static int
tel_info(const char *cmd, const char *params, struct rte_tel_data *d)
{
	int rc = rte_tel_data_start_dict(d);

	if (rc == 0)
		rc = rte_tel_data_add_dict_string(d, "version", SRV6GW_VERSION);
	if (rc == 0)
		rc = rte_tel_data_add_dict_u64(d, "generation",
					       __atomic_load_n(&srv6gw_generation, __ATOMIC_RELAXED));
	if (rc == 0)
		rc = rte_tel_data_add_dict_int(d, "workers", (int)tel_n_workers);
	if (rc == 0)
		rc = rte_tel_data_add_dict_int(d, "ports", (int)tel_n_ports);
	return rc;
}

void
srv6gw_telemetry_init(struct srv6gw_worker *const *workers, unsigned int n_workers,
		unsigned int n_ports)
{
	static const struct {
		const char *name;
		telemetry_cb fn;
		const char *help;
	} cmds[] = {
		{ "/srv6gw/info", tel_info, "srv6gw version, generation, workers, ports" },
		{ "/srv6gw/stats", tel_stats, "srv6gw event counters (see docs/stats.md)" },
		{ "/srv6gw/drops", tel_drops, "srv6gw drop counters by reason" },
	};
	unsigned int i;

	tel_workers = workers;
	tel_n_workers = n_workers;
	tel_n_ports = n_ports;
	for (i = 0; i < RTE_DIM(cmds); i++)
		if (rte_telemetry_register_cmd(cmds[i].name, cmds[i].fn, cmds[i].help) != 0)
			SRV6GW_LOG(WARNING, "telemetry: cannot register %s", cmds[i].name);
}
