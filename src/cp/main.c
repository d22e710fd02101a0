/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * srv6gw [EAL options] -- -c FILE [--check-config] [--ctl-socket PATH]
 *                         [--idle-exit MS] [--stats-file PATH] [--mbufs N]
 *
 * The main lcore runs the control work (neighbour requests, signals, stats);
 * every other lcore of the EAL core list is a worker (src/dp/rx.c).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_pdump.h>
#include <rte_rcu_qsbr.h>

#include "cp.h"
#include "dp/dp.h"
#include "log.h"

#ifndef SRV6GW_VERSION
#define SRV6GW_VERSION "0.1.0"
#endif

struct opts {
	const char *config;
	const char *ctl_socket;
	const char *stats_file;
	bool check_only;
	unsigned int idle_exit_ms;
	unsigned int mbufs;     /**< each receive pool's size; 0 = computed */
};

struct app {
	struct opts o;
	struct srv6gw_ports ports;
	/* rx_pool[k]: worker k's receive pool (create_pools()); thread safety:
	 * created before the workers start and freed after they stop; only
	 * worker k's RX queues take mbufs from it (rte_mempool, per-lcore
	 * cache), and they go back to it wherever they are freed */
	struct rte_mempool *rx_pool[SRV6GW_MAX_WORKERS], *gen_pool, *frag_direct, *frag_indirect;
	struct rte_rcu_qsbr *qsbr;
	struct srv6gw_worker *workers[SRV6GW_MAX_WORKERS];
	unsigned int n_workers;
	struct srv6gw_reloader reloader;
	struct srv6gw_ctl *ctl;
	struct srv6gw_ctl_env env;
	bool pdump;
	volatile bool stop;
};

static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

static void
usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [EAL options] -- -c FILE [options]\n"
		"  -c, --config FILE      configuration file (required)\n"
		"  --check-config         validate the file, print errors, exit 0/1\n"
		"  --ctl-socket PATH      control socket (default /run/srv6gw/ctl.sock)\n"
		"  --idle-exit MS         exit once no packet arrived for MS milliseconds\n"
		"  --stats-file PATH      write every counter as JSON there on exit\n"
		"  --mbufs N              mbufs in each worker's receive pool (default:\n"
		"                         sized from the ports; smaller is for tests)\n"
		"  -V, --version          print the version\n", prog);
}

/** Parse our options (those after "--"). @return 0, 1 (exit ok) or -1. */
static int
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check-config", no_argument, NULL, 'k' },
		{ "ctl-socket", required_argument, NULL, 's' },
		{ "idle-exit", required_argument, NULL, 'i' },
		{ "stats-file", required_argument, NULL, 'f' },
		{ "mbufs", required_argument, NULL, 'm' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	o->ctl_socket = "/run/srv6gw/ctl.sock";
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:Vh", lo, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'k': o->check_only = true; break;
		case 's': o->ctl_socket = optarg; break;
		case 'f': o->stats_file = optarg; break;
		case 'i':
			o->idle_exit_ms = (unsigned int)strtoul(optarg, &end, 10);
			if (*end != '\0' || o->idle_exit_ms == 0) {
				fprintf(stderr, "srv6gw: --idle-exit needs a positive number\n");
				return -1;
			}
			break;
		case 'm':
			o->mbufs = (unsigned int)strtoul(optarg, &end, 10);
			if (*end != '\0' || o->mbufs < 16) {
				fprintf(stderr, "srv6gw: --mbufs needs a number >= 16\n");
				return -1;
			}
			break;
		case 'V': printf("srv6gw %s\n", SRV6GW_VERSION); return 1;
		case 'h': usage(argv[0]); return 1;
		default: usage(argv[0]); return -1;
		}
	}
	if (optind != argc || o->config == NULL) {
		usage(argv[0]);
		return -1;
	}
	optind = 0;     /* glibc: full getopt reset before EAL parses its own options */
	return 0;
}

/** Index of "--" in argv, or argc. */
static int
find_sep(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			return i;
	return argc;
}

static struct srv6gw_config *
load_config(const char *path)
{
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *cfg = srv6gw_config_load(path, &errs);

	if (cfg == NULL)
		srv6gw_cfg_errors_print(&errs, stderr);
	return cfg;
}

/**
 * Worker @p k's receive pool, "srv6gw_rx" for the first (the name a single
 * worker's pool always had), "srv6gw_rxK" for the others; on the worker
 * lcore's NUMA socket when it has memory there (as l3fwd places its pools).
 */
static struct rte_mempool *
rx_pool_create(unsigned int k, unsigned int lcore, unsigned int n, unsigned int cache)
{
	struct rte_mempool *mp;
	char name[RTE_MEMPOOL_NAMESIZE];

	if (k == 0)
		snprintf(name, sizeof(name), "srv6gw_rx");
	else
		snprintf(name, sizeof(name), "srv6gw_rx%u", k);
	mp = rte_pktmbuf_pool_create(name, n, cache, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
				     (int)rte_lcore_to_socket_id(lcore));
	if (mp == NULL && rte_errno == ENOMEM) {
		SRV6GW_LOG(WARNING, "pool %s: no memory on socket %u (lcore %u's), any socket",
			   name, rte_lcore_to_socket_id(lcore), lcore);
		mp = rte_pktmbuf_pool_create(name, n, cache, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
					     SOCKET_ID_ANY);
	}
	if (mp == NULL)
		SRV6GW_LOG(ERR, "cannot create mbuf pool %s (%u mbufs): %s", name, n,
			   rte_strerror(rte_errno));
	return mp;
}

/**
 * The receive pools, one per worker: RX queue k of every port takes its
 * mbufs from worker k's pool (why: with one pool for all, two workers
 * forwarded 7-13 % fewer packets of the IPv4 headend than with a pool
 * each, End and IPv6 routing alike within noise; docs/performance-rounds.md,
 * twenty-second round). Each is sized for its worker:
 * per port 1024 RX and 1024 TX descriptors and 64 in its TX buffer, the
 * per-lcore cache's 512, and 4096 to spare (copying vdevs such as
 * net_pcap with infinite_rx keep a capture's worth). Then the pools of
 * generated packets and fragments, shared.
 */
static int
create_pools(struct app *a, unsigned int n_ports)
{
	unsigned int n = n_ports * (1024 + 1024 + 64) + 512 + 4096;
	unsigned int cache = 256, k = 0, lcore;
	bool ok = true;

	if (a->o.mbufs != 0) {
		/* a pool smaller than the rings: for exhaustion tests. The
		 * per-lcore cache must stay below n / 1.5 (rte_mempool) */
		n = a->o.mbufs;
		cache = RTE_MIN(cache, n / 2);
	}
	RTE_LCORE_FOREACH_WORKER(lcore) {
		a->rx_pool[k] = rx_pool_create(k, lcore, n, cache);
		ok &= a->rx_pool[k++] != NULL;
	}
	/* generated packets have their own pool: errors cannot starve RX */
	a->gen_pool = rte_pktmbuf_pool_create("srv6gw_gen", 2047, 32, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
					      rte_socket_id());
	a->frag_direct = rte_pktmbuf_pool_create("srv6gw_fragd", 2047, 32, 0,
						 RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	a->frag_indirect = rte_pktmbuf_pool_create("srv6gw_fragi", 2047, 32, 0, 0, rte_socket_id());
	if (!ok || a->gen_pool == NULL || a->frag_direct == NULL || a->frag_indirect == NULL) {
		SRV6GW_LOG(ERR, "cannot create mbuf pools: %s (hugepages? try --no-huge -m 1024)",
			   rte_strerror(rte_errno));
		return -1;
	}
	return 0;
}

static int
create_workers(struct app *a)
{
	unsigned int lcore, k = 0, p;
	size_t sz = rte_rcu_qsbr_get_memsize(a->n_workers);

	a->qsbr = rte_zmalloc("srv6gw_qsbr", sz, RTE_CACHE_LINE_SIZE);
	if (a->qsbr == NULL || rte_rcu_qsbr_init(a->qsbr, a->n_workers) != 0)
		return -1;
	RTE_LCORE_FOREACH_WORKER(lcore) {
		struct srv6gw_worker *w = rte_zmalloc("srv6gw_worker", sizeof(*w),
						      RTE_CACHE_LINE_SIZE);

		if (w == NULL)
			return -1;
		w->st = rte_zmalloc("srv6gw_stats", sizeof(*w->st), RTE_CACHE_LINE_SIZE);
		if (w->st == NULL)
			return -1;
		w->idx = k;
		w->lcore = lcore;
		w->rcu_id = k;
		w->qsbr = a->qsbr;
		w->stop = &a->stop;
		w->gen_pool = a->gen_pool;
		w->frag_direct = a->frag_direct;
		w->frag_indirect = a->frag_indirect;
		w->n_ports = a->ports.n;
		for (p = 0; p < a->ports.n; p++) {
			w->dpdk_port[p] = a->ports.id[p];
			w->txq[p] = k;
			if (k < a->ports.n_rxq[p]) {
				w->rxq[w->n_rxq].port = p;
				w->rxq[w->n_rxq].queue = k;
				w->n_rxq++;
			}
		}
		a->workers[k++] = w;
	}
	return 0;
}

static uint64_t
last_rx(const struct app *a)
{
	uint64_t t = 0, v;
	unsigned int k;

	for (k = 0; k < a->n_workers; k++) {
		v = __atomic_load_n(&a->workers[k]->last_rx_tsc, __ATOMIC_RELAXED);
		t = RTE_MAX(t, v);
	}
	return t;
}

/** One reload for SIGHUP and/or socket requests (coalesced), replies sent. */
static void
do_reload(struct app *a, bool for_clients)
{
	bool for_file = a->env.pending_cfg == NULL;
	struct srv6gw_cfg_errors errs;
	int rc;

	memset(&errs, 0, sizeof(errs));
	rc = 0;
	if (a->env.pending_cfg != NULL) {
		/* route add/del (route_cmd.c): the running configuration, changed */
		rc = srv6gw_reload_config(&a->reloader, a->env.pending_cfg);
		a->env.pending_cfg = NULL;
		for_file = for_file || a->env.file_reload;
	}
	/* then the file, if asked: it says what the routes are */
	if (for_file)
		rc = srv6gw_reload(&a->reloader, a->o.config, &errs);
	a->env.file_reload = false;
	if (rc == -EINVAL)
		srv6gw_cfg_errors_print(&errs, stderr);
	if (rc == 0)
		a->env.loaded = time(NULL);
	if (for_clients)
		srv6gw_ctl_reload_done(a->ctl, srv6gw_ctl_reload_reply(&a->env, rc, &errs));
}

/** The control loop of the main lcore: socket, reloads, neighbours, idle exit. */
static void
control_loop(struct app *a)
{
	uint64_t hz = rte_get_tsc_hz(), start = rte_rdtsc();
	uint64_t idle = (uint64_t)a->o.idle_exit_ms * hz / 1000;
	bool clients;

	while (!got_signal || got_signal == SIGHUP) {
		/* waits up to 1 ms for socket activity: the loop's only sleep */
		clients = srv6gw_ctl_poll(a->ctl, &a->env, 1);
		if (got_signal == SIGHUP || clients) {
			/* several SIGHUPs or requests before we get here are one reload */
			if (got_signal == SIGHUP) {
				got_signal = 0;
				a->env.file_reload = true;
			}
			do_reload(a, clients);
		}
		srv6gw_reload_poll(&a->reloader);
		srv6gw_guard_poll(a->workers, a->n_workers);
		srv6gw_neigh_poll();
		srv6gw_link_poll(&a->ports, false);
		/* a link changed: policies evaluated again, published without a reload */
		srv6gw_pstate_poll(srv6gw_gen_current, a->qsbr);
		if (idle != 0 && rte_rdtsc() - RTE_MAX(last_rx(a), start) > idle) {
			SRV6GW_LOG(INFO, "idle for %u ms, exiting", a->o.idle_exit_ms);
			break;
		}
	}
}

static void
write_stats(struct app *a)
{
	FILE *f;

	if (a->o.stats_file == NULL || srv6gw_gen_current == NULL)
		return;
	f = fopen(a->o.stats_file, "w");
	if (f == NULL) {
		SRV6GW_LOG(ERR, "cannot write %s: %s", a->o.stats_file, strerror(errno));
		return;
	}
	srv6gw_stats_write(f, srv6gw_gen_current, &a->ports, a->workers, a->n_workers);
	fclose(f);
}

static int
run(struct app *a, struct srv6gw_config *cfg)
{
	char err[256] = "";
	struct srv6gw_gen *g;
	unsigned int k;

	k = rte_lcore_count() - 1;
	if (k == 0 || k > SRV6GW_MAX_WORKERS) {
		/* (n_workers stays 0: cleanup() walks that many) */
		SRV6GW_LOG(ERR, "need 1..%d worker lcores besides the main one (e.g. -l 0,1)",
			   SRV6GW_MAX_WORKERS);
		return -1;
	}
	a->n_workers = k;
	if (create_pools(a, cfg->n_ports) < 0 || srv6gw_neigh_init() < 0 || srv6gw_oam_init() < 0)
		return -1;
	if (srv6gw_ports_init(cfg, a->n_workers, a->rx_pool, &a->ports, err, sizeof(err)) < 0) {
		SRV6GW_LOG(ERR, "%s", err);
		return -1;
	}
	g = srv6gw_gen_build(cfg, a->ports.mac, a->n_workers, 1, err, sizeof(err));
	if (g == NULL) {
		SRV6GW_LOG(ERR, "%s", err);
		return -1;
	}
	__atomic_store_n(&srv6gw_gen_current, g, __ATOMIC_RELEASE);
	__atomic_store_n(&srv6gw_generation, g->id, __ATOMIC_RELAXED);
	if (create_workers(a) < 0) {
		SRV6GW_LOG(ERR, "cannot create workers");
		return -1;
	}
	a->reloader.qsbr = a->qsbr;
	a->reloader.macs = a->ports.mac;
	a->reloader.n_workers = a->n_workers;
	a->reloader.next_id = 2;
	a->env.config_path = a->o.config;
	a->env.ports = &a->ports;
	a->env.workers = a->workers;
	a->env.n_workers = a->n_workers;
	a->env.reloader = &a->reloader;
	a->env.started = a->env.loaded = time(NULL);
	srv6gw_telemetry_init(a->workers, a->n_workers, a->ports.n);
	srv6gw_link_init(&a->ports);
	/* the policies were evaluated before the first link check: again, before traffic */
	srv6gw_pstate_refresh(g, NULL);
	/* dpdk-dumpcap needs the multi-process channel: not with --no-shconf/--in-memory */
	if (rte_pdump_init() != 0)
		SRV6GW_LOG(NOTICE, "packet capture (dpdk-dumpcap) unavailable: %s",
			   rte_strerror(rte_errno));
	else
		a->pdump = true;
	for (k = 0; k < a->n_workers; k++)
		rte_eal_remote_launch(srv6gw_worker_main, a->workers[k], a->workers[k]->lcore);
	SRV6GW_LOG(INFO, "running: %u ports, %u workers, %u SIDs, %u policies", cfg->n_ports,
		   a->n_workers, cfg->n_sids, cfg->n_policies);
	control_loop(a);
	__atomic_store_n(&a->stop, true, __ATOMIC_RELAXED);
	rte_eal_mp_wait_lcore();
	return 0;
}

static void
cleanup(struct app *a)
{
	unsigned int k;

	write_stats(a);
	if (a->pdump)
		rte_pdump_uninit();
	srv6gw_ctl_close(a->ctl);
	json_decref(a->env.baseline);
	srv6gw_config_free(a->env.pending_cfg);
	srv6gw_ports_fini(&a->ports);
	srv6gw_gen_free(srv6gw_gen_current);
	srv6gw_gen_current = NULL;
	srv6gw_pstate_fini();
	srv6gw_neigh_fini();
	srv6gw_oam_fini();
	for (k = 0; k < a->n_workers; k++) {
		if (a->workers[k] != NULL)
			rte_free(a->workers[k]->st);
		rte_free(a->workers[k]);
	}
	rte_free(a->qsbr);
	for (k = 0; k < a->n_workers; k++)
		rte_mempool_free(a->rx_pool[k]);
	rte_mempool_free(a->gen_pool);
	rte_mempool_free(a->frag_direct);
	rte_mempool_free(a->frag_indirect);
}

int
main(int argc, char **argv)
{
	static struct app a;
	struct srv6gw_config *cfg;
	char err[256];
	int sep = find_sep(argc, argv), rc;

	/* our options are parsed first so --check-config never touches EAL or a port */
	if (sep >= argc) {
		usage(argv[0]);
		return 2;
	}
	rc = parse_opts(argc - sep, argv + sep, &a.o);
	if (rc != 0)
		return rc < 0 ? 2 : 0;
	if (a.o.check_only) {
		cfg = load_config(a.o.config);
		if (cfg == NULL)
			return 1;
		printf("%s: ok (%u ports, %u routes, %u SIDs, %u policies)\n", a.o.config,
		       cfg->n_ports, cfg->n_routes, cfg->n_sids, cfg->n_policies);
		srv6gw_config_free(cfg);
		return 0;
	}
	cfg = load_config(a.o.config);
	if (cfg == NULL)
		return 1;
	/* before EAL: a second instance on the same socket stops here, untouched */
	a.ctl = srv6gw_ctl_open(a.o.ctl_socket, err, sizeof(err));
	if (a.ctl == NULL) {
		fprintf(stderr, "srv6gw: %s\n", err);
		srv6gw_config_free(cfg);
		return 1;
	}
	if (rte_eal_init(sep, argv) < 0) {
		fprintf(stderr, "srv6gw: EAL initialisation failed: %s\n", rte_strerror(rte_errno));
		srv6gw_config_free(cfg);
		srv6gw_ctl_close(a.ctl);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	rc = run(&a, cfg);
	if (rc < 0 && srv6gw_gen_current == NULL)
		srv6gw_config_free(cfg);
	cleanup(&a);
	rte_eal_cleanup();
	return rc < 0 ? 1 : 0;
}
