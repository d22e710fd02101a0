/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Counters as JSON (schema: docs/stats.md). Per-lcore blocks are summed here,
 * on the control thread, with relaxed loads; workers are never stopped.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <stdlib.h>
#include <rte_malloc.h>
#include <rte_mempool.h>
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

/** Extended statistics of a port: {name: value}, names as the driver gives them. */
static json_t *
xstats_json(uint16_t port)
{
	json_t *o = json_object();
	struct rte_eth_xstat_name *names;
	struct rte_eth_xstat *vals;
	int n = rte_eth_xstats_get_names(port, NULL, 0), i;

	if (n <= 0)
		return o;
	names = calloc(n, sizeof(*names));
	vals = calloc(n, sizeof(*vals));
	if (names != NULL && vals != NULL && rte_eth_xstats_get_names(port, names, n) == n &&
	    rte_eth_xstats_get(port, vals, n) == n)
		for (i = 0; i < n; i++)
			json_object_set_new(o, names[vals[i].id].name,
					    json_integer((json_int_t)vals[i].value));
	free(names);
	free(vals);
	return o;
}

static void
mempool_one(struct rte_mempool *mp, void *arg)
{
	json_array_append_new(arg, json_pack("{s:s, s:i, s:i, s:i}", "name", mp->name,
		"size", (int)mp->size, "in_use", (int)rte_mempool_in_use_count(mp),
		"available", (int)rte_mempool_avail_count(mp)));
}

/** Every mempool with its in-use count (the mbuf-leak check reads it). */
static json_t *
mempools_json(void)
{
	json_t *a = json_array();

	rte_mempool_walk(mempool_one, a);
	return a;
}

/** DPDK heap use over every socket: flat across reloads when nothing leaks. */
static json_t *
memory_json(void)
{
	struct rte_malloc_socket_stats ms;
	uint64_t total = 0, alloc = 0, fr = 0;
	unsigned int i;

	for (i = 0; i < rte_socket_count(); i++) {
		if (rte_malloc_get_socket_stats(rte_socket_id_by_idx(i), &ms) != 0)
			continue;
		total += ms.heap_totalsz_bytes;
		alloc += ms.heap_allocsz_bytes;
		fr += ms.heap_freesz_bytes;
	}
	return json_pack("{s:I, s:I, s:I}", "heap_total_bytes", (json_int_t)total,
			 "heap_alloc_bytes", (json_int_t)alloc, "heap_free_bytes", (json_int_t)fr);
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
		json_t *x = xstats_json(ports->id[i]);
		rte_ether_format_addr(mac, sizeof(mac), &g->ports[i].mac);
		json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:s, s:I, s:I, s:I, s:I, s:I, "
						   "s:I, s:I, s:I}",
			"name", g->cfg->ports[i].name, "device", g->cfg->ports[i].device,
			"mtu", (int)g->ports[i].mtu, "mac", mac,
			"rx_packets", (json_int_t)s.ipackets, "tx_packets", (json_int_t)s.opackets,
			"rx_bytes", (json_int_t)s.ibytes, "tx_bytes", (json_int_t)s.obytes,
			"rx_missed", (json_int_t)s.imissed, "rx_errors", (json_int_t)s.ierrors,
			"tx_errors", (json_int_t)s.oerrors, "rx_nombuf", (json_int_t)s.rx_nombuf));
		json_object_set_new(json_array_get(a, json_array_size(a) - 1), "xstats", x);
	}
	return a;
}

static void
obj_sum(const struct srv6gw_obj_stats *base, unsigned int stride, unsigned int idx,
	unsigned int n_workers, const struct srv6gw_obj_stats *carried, uint64_t *pk,
	uint64_t *by)
{
	unsigned int k;

	/* counts carried over from earlier generations (reload keeps counting) */
	*pk = carried[idx].packets;
	*by = carried[idx].bytes;
	for (k = 0; k < n_workers; k++) {
		*pk += rd(&base[k * stride + idx].packets);
		*by += rd(&base[k * stride + idx].bytes);
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
		obj_sum(g->sid_stats, g->sid_row, i, g->n_workers, g->sid_base, &pk, &by);
		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:I}", "sid", buf,
			"behavior", srv6gw_behavior_name(g->sid[i].behavior),
			"packets", (json_int_t)pk, "bytes", (json_int_t)by));
	}
	return a;
}

/** Packets and bytes of list @p l of policy @p p, live rows only. */
static void
list_rows(const struct srv6gw_gen *g, unsigned int p, unsigned int l, uint64_t *pk, uint64_t *by)
{
	unsigned int k;

	*pk = *by = 0;
	for (k = 0; k < g->n_workers; k++) {
		const struct srv6gw_obj_stats *r = &srv6gw_pol_row(g, k, p)[l];

		*pk += rd(&r->packets);
		*by += rd(&r->bytes);
	}
}

static json_t *
policies_json(const struct srv6gw_gen *g)
{
	json_t *a = json_array();
	uint64_t pk, by, tp, tb;
	unsigned int i, l;

	for (i = 0; i < g->n_policies; i++) {
		json_t *lists = json_array();

		/* totals: carried over from earlier generations + every live list */
		tp = g->pol_base[i].packets;
		tb = g->pol_base[i].bytes;
		for (l = 0; l < g->policies[i].n_lists; l++) {
			const struct srv6gw_obj_stats *lb =
				&g->list_base[i * SRV6GW_MAX_POLICY_LISTS + l];

			list_rows(g, i, l, &pk, &by);
			tp += pk;
			tb += by;
			json_array_append_new(lists, json_pack("{s:I, s:I}",
				"packets", (json_int_t)(lb->packets + pk),
				"bytes", (json_int_t)(lb->bytes + by)));
		}
		json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:o}", "name",
			g->policies[i].name, "packets", (json_int_t)tp, "bytes", (json_int_t)tb,
			"segment_lists", lists));
	}
	return a;
}

static json_t *
workers_json(struct srv6gw_worker *const *w, unsigned int n)
{
	json_t *a = json_array();
	unsigned int k;

	for (k = 0; k < n; k++)
		json_array_append_new(a, json_pack("{s:i, s:I, s:I, s:I, s:I}", "lcore",
			(int)w[k]->lcore,
			"rx_packets", (json_int_t)rd(&w[k]->st->ev[SRV6GW_EV(rx_packets)]),
			"tx_packets", (json_int_t)rd(&w[k]->st->ev[SRV6GW_EV(tx_packets)]),
			"busy_cycles", (json_int_t)rd(&w[k]->st->busy_cycles),
			"idle_cycles", (json_int_t)rd(&w[k]->st->idle_cycles)));
	return a;
}

json_t *
srv6gw_stats_json(const struct srv6gw_gen *g, const struct srv6gw_ports *ports,
		struct srv6gw_worker *const *workers, unsigned int n_workers)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"generation", (json_int_t)g->id,
		"tsc_hz", (json_int_t)rte_get_tsc_hz(),
		"memory", memory_json(),
		"events", counters_json(workers, n_workers, false),
		"drops", counters_json(workers, n_workers, true),
		"ports", ports_json(g, ports),
		"workers", workers_json(workers, n_workers),
		"mempools", mempools_json(),
		"sids", sids_json(g),
		"policies", policies_json(g));
}

int
srv6gw_stats_write(FILE *f, const struct srv6gw_gen *g, const struct srv6gw_ports *ports,
		struct srv6gw_worker *const *workers, unsigned int n_workers)
{
	json_t *o = srv6gw_stats_json(g, ports, workers, n_workers);
	int rc;

	if (o == NULL)
		return -1;
	rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_SORT_KEYS);
	fputc('\n', f);
	json_decref(o);
	return rc;
}
