/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Counters as JSON (schema: docs/stats.md). Per-lcore blocks are summed here,
 * on the control thread, with relaxed loads; workers are never stopped.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "cp.h"
#include "dp/dp.h"

static uint64_t
rd(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static json_t *
counters_json(struct srv6gw_worker *const *w, unsigned int n, bool drops)
{
	unsigned int count = drops ? SRV6GW_DROP_COUNT : SRV6GW_EVENT_COUNT, i, k;
	json_t *o = json_object();

	for (i = 0; i < count; i++) {
		uint64_t v = 0;

		for (k = 0; k < n; k++)
			v += rd(drops ? &w[k]->st->drops[i] : &w[k]->st->ev[i]);
		json_object_set_new(o, drops ? srv6gw_drop_names[i] : srv6gw_event_names[i],
				    json_integer((json_int_t)v));
	}
	return o;
}

static json_t *
ports_json(const struct srv6gw_gen *g, const struct srv6gw_ports *ports)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; i < ports->n; i++) {
		struct rte_eth_stats s;
		char mac[RTE_ETHER_ADDR_FMT_SIZE];

		memset(&s, 0, sizeof(s));
		rte_eth_stats_get(ports->id[i], &s);
		rte_ether_format_addr(mac, sizeof(mac), &g->ports[i].mac);
		json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:s, s:I, s:I, s:I, s:I, s:I, "
						   "s:I, s:I, s:I}",
			"name", g->cfg->ports[i].name, "device", g->cfg->ports[i].device,
			"mtu", (int)g->ports[i].mtu, "mac", mac,
			"rx_packets", (json_int_t)s.ipackets, "tx_packets", (json_int_t)s.opackets,
			"rx_bytes", (json_int_t)s.ibytes, "tx_bytes", (json_int_t)s.obytes,
			"rx_missed", (json_int_t)s.imissed, "rx_errors", (json_int_t)s.ierrors,
			"tx_errors", (json_int_t)s.oerrors, "rx_nombuf", (json_int_t)s.rx_nombuf));
	}
	return a;
}

static void
obj_sum(const struct srv6gw_obj_stats *base, unsigned int n_obj, unsigned int idx,
	unsigned int n_workers, const struct srv6gw_obj_stats *carried, uint64_t *pk,
	uint64_t *by)
{
	unsigned int k;

	/* counts carried over from earlier generations (reload keeps counting) */
	*pk = carried[idx].packets;
	*by = carried[idx].bytes;
	for (k = 0; k < n_workers; k++) {
		*pk += rd(&base[k * n_obj + idx].packets);
		*by += rd(&base[k * n_obj + idx].bytes);
	}
}

static json_t *
sids_json(const struct srv6gw_gen *g)
{
	json_t *a = json_array();
	char buf[INET6_ADDRSTRLEN];
	uint64_t pk, by;
	unsigned int i;

	for (i = 0; i < g->n_sids; i++) {
		inet_ntop(AF_INET6, g->sid[i].sid, buf, sizeof(buf));
		obj_sum(g->sid_stats, g->n_sids, i, g->n_workers, g->sid_base, &pk, &by);
		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:I}", "sid", buf,
			"behavior", srv6gw_behavior_name(g->sid[i].behavior),
			"packets", (json_int_t)pk, "bytes", (json_int_t)by));
	}
	return a;
}

static json_t *
policies_json(const struct srv6gw_gen *g)
{
	json_t *a = json_array();
	uint64_t pk, by;
	unsigned int i;

	for (i = 0; i < g->n_policies; i++) {
		obj_sum(g->pol_stats, g->n_policies, i, g->n_workers, g->pol_base, &pk, &by);
		json_array_append_new(a, json_pack("{s:s, s:I, s:I}", "name", g->policies[i].name,
			"packets", (json_int_t)pk, "bytes", (json_int_t)by));
	}
	return a;
}

static json_t *
workers_json(struct srv6gw_worker *const *w, unsigned int n)
{
	json_t *a = json_array();
	unsigned int k;

	for (k = 0; k < n; k++)
		json_array_append_new(a, json_pack("{s:i, s:I, s:I}", "lcore", (int)w[k]->lcore,
			"busy_cycles", (json_int_t)rd(&w[k]->st->busy_cycles),
			"idle_cycles", (json_int_t)rd(&w[k]->st->idle_cycles)));
	return a;
}

int
srv6gw_stats_write(FILE *f, const struct srv6gw_gen *g, const struct srv6gw_ports *ports,
		struct srv6gw_worker *const *workers, unsigned int n_workers)
{
	json_t *o = json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}",
		"generation", (json_int_t)g->id,
		"tsc_hz", (json_int_t)rte_get_tsc_hz(),
		"events", counters_json(workers, n_workers, false),
		"drops", counters_json(workers, n_workers, true),
		"ports", ports_json(g, ports),
		"workers", workers_json(workers, n_workers),
		"sids", sids_json(g),
		"policies", policies_json(g));
	int rc;

	if (o == NULL)
		return -1;
	rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_SORT_KEYS);
	fputc('\n', f);
	json_decref(o);
	return rc;
}
