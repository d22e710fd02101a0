/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * srv6gw-bench: TSC cycles per packet of the real burst function.
 *
 *   srv6gw-bench [EAL options] -- -c FILE --pcap FILE [--pcap FILE...] --port NAME
 *                [--runs N] [--packets N] [--burst N] [--callgrind] [--reload N]
 *
 * Frames of the pcap (one per flow) are copied into fresh mbufs, pushed
 * through dp_process_burst() on this lcore and transmitted to net_null ports
 * (which free them). The same loop without dp_process_burst() (alloc, copy,
 * TX to net_null) is the baseline, run right before each timed run, so the
 * figure reported is the datapath's own cost: the median over runs of
 * (cycles - baseline cycles) / packets. One JSON line per --pcap.
 *
 * --callgrind (run under valgrind --tool=callgrind --collect-atstart=no):
 * instead of timing, one untimed pass over the frames, then --packets packets
 * with collection on only around dp_process_burst() + dp_flush(); the counts
 * are dumped once per pcap (CALLGRIND_DUMP_STATS_AT with the pcap's path), so
 * test/callgrind/run.sh reads instructions per packet from the dump files.
 * Outside valgrind the client requests do nothing.
 *
 * Always printed first: one "setup" JSON line with the time to load the
 * configuration and build its generation, and the DPDK heap in use. With
 * --reload N it also times N rebuilds of a second generation from the file
 * while the first one is alive (what a reload does before its pointer swap)
 * and reports the heap with both generations alive.
 */
#include <getopt.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rte_dev.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_mbuf.h>
#include <valgrind/callgrind.h>

#include "cp/cp.h"
#include "dp/dp.h"

#define MAX_FRAMES 65536
#define MAX_PCAPS 32

struct frame {
	uint16_t len;
	uint8_t data[RTE_MBUF_DEFAULT_DATAROOM];
};

struct bench {
	const char *config, *pcap, *port;
	const char *pcaps[MAX_PCAPS];
	unsigned int n_pcaps;
	bool callgrind;
	unsigned int reloads;
	unsigned int runs, packets, burst;
	struct frame *frames;
	unsigned int n_frames;
	struct rte_mempool *pool, *gen_pool, *fd, *fi;
	uint16_t null_port[SRV6GW_MAX_PORTS];
	int in_port;
	struct srv6gw_worker *w;
	volatile bool stop;
};

static int
parse(struct bench *b, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "pcap", required_argument, NULL, 'p' },
		{ "port", required_argument, NULL, 'i' },
		{ "runs", required_argument, NULL, 'r' },
		{ "packets", required_argument, NULL, 'n' },
		{ "burst", required_argument, NULL, 'b' },
		{ "callgrind", no_argument, NULL, 'g' },
		{ "reload", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	b->runs = 7;
	b->packets = 2000000;
	b->burst = DP_BURST;
	while ((c = getopt_long(argc, argv, "c:", lo, NULL)) != -1) {
		switch (c) {
		case 'c': b->config = optarg; break;
		case 'p':
			if (b->n_pcaps == MAX_PCAPS)
				return -1;
			b->pcaps[b->n_pcaps++] = optarg;
			break;
		case 'i': b->port = optarg; break;
		case 'r': b->runs = (unsigned int)atoi(optarg); break;
		case 'n': b->packets = (unsigned int)atoi(optarg); break;
		case 'b': b->burst = (unsigned int)atoi(optarg); break;
		case 'g': b->callgrind = true; break;
		case 'R': b->reloads = (unsigned int)atoi(optarg); break;
		default: return -1;
		}
	}
	if (b->config == NULL || b->n_pcaps == 0 || b->port == NULL || b->runs == 0 ||
	    b->burst == 0 || b->burst > DP_BURST)
		return -1;
	return 0;
}

static int
load_pcap(struct bench *b)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *p = pcap_open_offline(b->pcap, err);

	if (p == NULL) {
		fprintf(stderr, "bench: %s\n", err);
		return -1;
	}
	if (b->frames == NULL)
		b->frames = calloc(MAX_FRAMES, sizeof(*b->frames));
	if (b->frames == NULL) {
		pcap_close(p);
		return -1;
	}
	b->n_frames = 0;
	while (b->n_frames < MAX_FRAMES && pcap_next_ex(p, &h, &d) == 1) {
		if (h->caplen > RTE_MBUF_DEFAULT_DATAROOM - RTE_PKTMBUF_HEADROOM)
			continue;
		b->frames[b->n_frames].len = h->caplen;
		memcpy(b->frames[b->n_frames].data, d, h->caplen);
		b->n_frames++;
	}
	pcap_close(p);
	return b->n_frames == 0 ? -1 : 0;
}

static int
null_ports(struct bench *b, unsigned int n)
{
	struct rte_eth_conf conf;
	unsigned int i;
	char name[32];

	memset(&conf, 0, sizeof(conf));
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "net_null%u", 90 + i);
		if (rte_dev_probe(name) != 0 ||
		    rte_eth_dev_get_port_by_name(name, &b->null_port[i]) != 0)
			return -1;
		if (rte_eth_dev_configure(b->null_port[i], 1, 1, &conf) != 0 ||
		    rte_eth_rx_queue_setup(b->null_port[i], 0, 512, 0, NULL, b->pool) != 0 ||
		    rte_eth_tx_queue_setup(b->null_port[i], 0, 512, 0, NULL) != 0 ||
		    rte_eth_dev_start(b->null_port[i]) != 0)
			return -1;
	}
	return 0;
}

/** Bytes allocated from the DPDK heaps, all sockets. */
static uint64_t
heap_used(void)
{
	struct rte_malloc_socket_stats st;
	uint64_t sum = 0;
	int s;

	for (s = 0; s < RTE_MAX_NUMA_NODES; s++)
		if (rte_malloc_get_socket_stats(s, &st) == 0)
			sum += st.heap_allocsz_bytes;
	return sum;
}

static double
ms_since(uint64_t t0)
{
	return (double)(rte_rdtsc() - t0) * 1000.0 / (double)rte_get_tsc_hz();
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/**
 * Rebuild the generation from the file @p n times while the current one is
 * alive; each new one replaces the old (the bench has no other reader).
 */
static int
reloads(struct bench *b, double *median_ms, uint64_t *peak)
{
	struct rte_ether_addr macs[SRV6GW_MAX_PORTS];
	struct srv6gw_cfg_errors errs;
	double ms[64];
	unsigned int i, n = RTE_MIN(b->reloads, 64u);
	char err[256] = "";

	memset(macs, 0, sizeof(macs));
	*peak = 0;
	for (i = 0; i < n; i++) {
		uint64_t t0 = rte_rdtsc();
		struct srv6gw_config *cfg = srv6gw_config_load(b->config, &errs);
		struct srv6gw_gen *nu, *old = srv6gw_gen_current;

		if (cfg == NULL)
			return -1;
		nu = srv6gw_gen_build(cfg, macs, 1, old->id + 1, err, sizeof(err));
		if (nu == NULL) {
			fprintf(stderr, "bench: %s\n", err);
			return -1;
		}
		ms[i] = ms_since(t0);
		*peak = RTE_MAX(*peak, heap_used());
		__atomic_store_n(&srv6gw_gen_current, nu, __ATOMIC_RELEASE);
		b->w->g = nu;
		srv6gw_gen_free(old);
	}
	qsort(ms, n, sizeof(ms[0]), cmp_dbl);
	*median_ms = ms[n / 2];
	return 0;
}

static int
setup(struct bench *b)
{
	struct srv6gw_cfg_errors errs;
	struct rte_ether_addr macs[SRV6GW_MAX_PORTS];
	struct srv6gw_config *cfg;
	char err[256] = "";
	unsigned int i;

	b->pool = rte_pktmbuf_pool_create("b_pool", 16383, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	b->gen_pool = rte_pktmbuf_pool_create("b_gen", 2047, 32, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	b->fd = rte_pktmbuf_pool_create("b_fd", 2047, 32, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	b->fi = rte_pktmbuf_pool_create("b_fi", 2047, 32, 0, 0, 0);
	if (b->pool == NULL || b->gen_pool == NULL || b->fd == NULL || b->fi == NULL ||
	    srv6gw_neigh_init() != 0)
		return -1;
	uint64_t heap0 = heap_used(), t0 = rte_rdtsc(), peak = 0;
	double load_ms, build_ms, reload_ms = 0;

	cfg = srv6gw_config_load(b->config, &errs);
	load_ms = ms_since(t0);
	if (cfg == NULL) {
		srv6gw_cfg_errors_print(&errs, stderr);
		return -1;
	}
	b->in_port = -1;
	for (i = 0; i < cfg->n_ports; i++)
		if (strcmp(cfg->ports[i].name, b->port) == 0)
			b->in_port = (int)i;
	if (b->in_port < 0 || null_ports(b, cfg->n_ports) != 0) {
		fprintf(stderr, "bench: unknown port %s or no net_null\n", b->port);
		return -1;
	}
	memset(macs, 0, sizeof(macs));
	/* links up before the build: it evaluates the policies against them */
	memset(srv6gw_link_up, 1, sizeof(srv6gw_link_up));
	t0 = rte_rdtsc();
	srv6gw_gen_current = srv6gw_gen_build(cfg, macs, 1, 1, err, sizeof(err));
	build_ms = ms_since(t0);
	if (srv6gw_gen_current == NULL) {
		fprintf(stderr, "bench: %s\n", err);
		return -1;
	}
	b->w = rte_zmalloc(NULL, sizeof(*b->w), RTE_CACHE_LINE_SIZE);
	b->w->st = rte_zmalloc(NULL, sizeof(*b->w->st), RTE_CACHE_LINE_SIZE);
	b->w->n_ports = cfg->n_ports;
	for (i = 0; i < cfg->n_ports; i++)
		b->w->dpdk_port[i] = b->null_port[i];
	b->w->gen_pool = b->gen_pool;
	b->w->frag_direct = b->fd;
	b->w->frag_indirect = b->fi;
	b->w->tsc_hz = rte_get_tsc_hz();
	b->w->stop = &b->stop;
	b->w->g = srv6gw_gen_current;
	uint64_t heap1 = heap_used();

	if (b->reloads != 0 && reloads(b, &reload_ms, &peak) != 0)
		return -1;
	printf("{\"setup\": \"%s\", \"sids\": %u, \"policies\": %u, \"nexthops\": %u, "
	       "\"load_ms\": %.1f, \"build_ms\": %.1f, \"gen_heap_mib\": %.1f, "
	       "\"reloads\": %u, \"reload_ms\": %.1f, \"two_gen_heap_mib\": %.1f}\n",
	       b->config, srv6gw_gen_current->n_sids, srv6gw_gen_current->n_policies,
	       srv6gw_gen_current->n_nexthops, load_ms, build_ms,
	       (double)(heap1 - heap0) / 1048576.0, b->reloads, reload_ms,
	       peak > heap0 ? (double)(peak - heap0) / 1048576.0 : 0.0);
	fflush(stdout);
	return 0;
}

/** Fill @p n fresh mbufs with the next frames. */
static unsigned int
fill(struct bench *b, struct rte_mbuf **m, unsigned int n, unsigned int *next)
{
	unsigned int i;

	if (rte_pktmbuf_alloc_bulk(b->pool, m, n) != 0)
		return 0;
	for (i = 0; i < n; i++) {
		const struct frame *f = &b->frames[*next];

		rte_memcpy(rte_pktmbuf_mtod(m[i], void *), f->data, f->len);
		m[i]->data_len = m[i]->pkt_len = f->len;
		if (++*next == b->n_frames)
			*next = 0;
	}
	return n;
}

/** One timed run; @p work false = baseline (no datapath). Returns cycles. */
static uint64_t
run_once(struct bench *b, bool work)
{
	struct rte_mbuf *m[DP_BURST];
	unsigned int done = 0, next = 0, n;
	uint64_t t0 = rte_rdtsc_precise();

	while (done < b->packets) {
		n = fill(b, m, b->burst, &next);
		if (n == 0)
			continue;
		if (work) {
			b->w->now = rte_rdtsc();
			dp_process_burst(b->w, (uint16_t)b->in_port, m, (uint16_t)n);
			dp_flush(b->w);
		} else {
			uint16_t s = rte_eth_tx_burst(b->null_port[0], 0, m, (uint16_t)n);

			if (s < n)
				rte_pktmbuf_free_bulk(m + s, n - s);
		}
		done += n;
	}
	return rte_rdtsc_precise() - t0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/**
 * Instruction count mode: collect only around the datapath (burst + flush),
 * after one untimed pass that resolves and warms everything once.
 */
static void
count_instructions(struct bench *b)
{
	struct rte_mbuf *m[DP_BURST];
	unsigned int done = 0, next = 0, n;
	unsigned int warm = RTE_MAX(b->n_frames, b->burst);

	while (done < warm) {
		n = fill(b, m, b->burst, &next);
		if (n == 0)
			continue;
		b->w->now = rte_rdtsc();
		dp_process_burst(b->w, (uint16_t)b->in_port, m, (uint16_t)n);
		dp_flush(b->w);
		done += n;
	}
	done = 0;
	next = 0;
	CALLGRIND_ZERO_STATS;
	while (done < b->packets) {
		n = fill(b, m, b->burst, &next);
		if (n == 0)
			continue;
		b->w->now = rte_rdtsc();        /* as the worker loop does, uncounted */
		CALLGRIND_TOGGLE_COLLECT;
		dp_process_burst(b->w, (uint16_t)b->in_port, m, (uint16_t)n);
		dp_flush(b->w);
		CALLGRIND_TOGGLE_COLLECT;
		done += n;
	}
	CALLGRIND_DUMP_STATS_AT(b->pcap);
	printf("{\"pcap\": \"%s\", \"flows\": %u, \"packets\": %u, \"tx_packets\": %lu}\n",
	       b->pcap, b->n_frames, done,
	       (unsigned long)b->w->st->ev[SRV6GW_C_tx_packets]);
}

/*
 * Besides the median difference, the cost at the machine's least disturbed
 * moment: a shared VM's speed moves by up to 1.6x in phases of seconds to
 * tens of seconds, scaling the baseline and the work of a pair alike (why:
 * on 2026-11-28's host the same baseline read 30 and 50 cycles per packet
 * minutes apart), so each pair's work / baseline ratio is taken, and their
 * median's excess over 1 is scaled by the fastest baseline of the runs
 * (docs/performance.md, "How to measure").
 */
static void
report(struct bench *b)
{
	int64_t diff[64];
	uint64_t base[64];
	double ratio[64];
	unsigned int r, runs = RTE_MIN(b->runs, 64u), k;
	uint64_t out = 0, drops = 0;

	run_once(b, true);      /* warm caches and tables */
	for (r = 0; r < runs; r++) {
		uint64_t work;

		/* baseline and work back to back: the pair sees the same machine state */
		base[r] = run_once(b, false);
		work = run_once(b, true);
		diff[r] = (int64_t)work - (int64_t)base[r];
		ratio[r] = (double)work / (double)base[r];
	}
	qsort(base, runs, sizeof(base[0]), cmp_u64);
	qsort(diff, runs, sizeof(diff[0]), cmp_i64);
	qsort(ratio, runs, sizeof(ratio[0]), cmp_dbl);
	out = b->w->st->ev[SRV6GW_C_tx_packets];
	for (k = 0; k < SRV6GW_DROP_COUNT; k++)
		drops += b->w->st->drops[k];
	printf("{\"pcap\": \"%s\", \"flows\": %u, \"packets\": %u, \"runs\": %u, "
	       "\"cycles_per_packet\": %.1f, \"baseline_cycles_per_packet\": %.1f, "
	       "\"cycles_per_packet_fast\": %.1f, \"baseline_cycles_per_packet_min\": %.1f, "
	       "\"baseline_spread\": %.2f, \"tx_ratio\": %.3f, \"drops\": %lu}\n",
	       b->pcap, b->n_frames, b->packets, runs,
	       (double)diff[runs / 2] / b->packets,
	       (double)base[runs / 2] / b->packets,
	       (ratio[runs / 2] - 1.0) * (double)base[0] / b->packets,
	       (double)base[0] / b->packets, (double)base[runs - 1] / (double)base[0],
	       (double)out / ((double)b->packets * (runs + 1)), (unsigned long)drops);
}

int
main(int argc, char **argv)
{
	static struct bench b;
	int n = rte_eal_init(argc, argv);
	unsigned int i;

	if (n < 0)
		return 1;
	if (parse(&b, argc - n, argv + n) != 0) {
		fprintf(stderr, "usage: srv6gw-bench [EAL] -- -c FILE --pcap FILE [--pcap FILE...] "
			"--port NAME [--runs N] [--packets N] [--burst N] [--callgrind]\n");
		return 2;
	}
	if (setup(&b) != 0)
		return 1;
	for (i = 0; i < b.n_pcaps; i++) {
		b.pcap = b.pcaps[i];
		if (load_pcap(&b) != 0)
			return 1;
		memset(b.w->st, 0, sizeof(*b.w->st));
		if (b.callgrind)
			count_instructions(&b);
		else
			report(&b);
		fflush(stdout);
	}
	srv6gw_gen_free(srv6gw_gen_current);
	rte_eal_cleanup();
	return 0;
}
