/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * libFuzzer target: the receive path, every behaviour behind it.
 *
 * EAL, the pools, two net_ring ports and the worker are set up once by the
 * unit-test harness (test/unit/dp_harness.c, h_init/h_worker_new; it has no
 * cmocka in it), and a generation is built from conf/test/golden.conf
 * (override: SRV6GW_FUZZ_RX_CONF), which has every SID behaviour and flavour,
 * policies of every mode, steering, routes in several tables and static
 * neighbours.
 *
 * Input layout: byte 0 = flags, the rest = one Ethernet frame.
 *   bit 0: ingress port (0 edge, 1 core)
 *   bit 1: 0 = the frame sits in an external buffer of exactly
 *             RTE_PKTMBUF_HEADROOM + len bytes (malloc'd, attached with
 *             rte_pktmbuf_attach_extbuf): the packet ends exactly at the end
 *             of the allocation, so any read past it hits an ASan redzone;
 *          1 = an ordinary pool mbuf with the frame placed so that it ends
 *             exactly at the end of the data room (tailroom 0)
 *   bit 2: split the frame into two chained segments at offset
 *          14 + 8 * (bits 3..7) (multi-segment receive, as with scatter RX)
 *
 * Per input: build the mbuf(s), run dp_process_burst() + dp_flush() (the
 * worker's own functions), let the control side take neighbour requests,
 * drain both TX rings (freeing what was sent; every generated frame within
 * the RFC 4443 / RFC 1812 size limits), and check that every mbuf
 * pool is back to its in-use count from before (pools have no per-lcore
 * cache, so the count is exact). A leaked or double-freed mbuf aborts.
 * External buffers are freed by their callback when the last reference
 * goes, so a leaked one is also a LeakSanitizer report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <rte_mbuf.h>

#include "cp/cp.h"
#include "dp/dp.h"
#include "dp_harness.h"     /* test/unit: EAL, pools, ring ports, worker */

static struct {
	struct srv6gw_worker *w;
	struct rte_mempool *pools[4];
	unsigned int base[4];
	/* the generation lives in DPDK memory, which LeakSanitizer does not
	 * scan: keep the configuration it owns reachable from here */
	struct srv6gw_config *cfg;
} F;

/* called when the last reference to an external buffer goes */
static void
extbuf_free(void *addr, void *opaque)
{
	free(addr);     /* [headroom | frame] */
	free(opaque);   /* the shared info, allocated apart */
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char prefix[64];
	/* cache size 0 (h_init): rte_mempool_in_use_count() is exact after every input */
	const struct h_opts opts = {
		.name = "fuzz", .mem_mb = "1024", .file_prefix = prefix, .log_level = "*:error",
		.rx_mbufs = 1023, .aux_mbufs = 511,
	};
	const char *conf = getenv("SRV6GW_FUZZ_RX_CONF");
	struct rte_ether_addr macs[SRV6GW_MAX_PORTS];
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *cfg;
	char err[256] = "";

	snprintf(prefix, sizeof(prefix), "fuzzrx%d", (int)getpid());
	if (conf == NULL)
		conf = "conf/test/golden.conf";
	if (h_init(&opts) != 0)
		abort();
	cfg = srv6gw_config_load(conf, &errs);
	if (cfg == NULL) {
		srv6gw_cfg_errors_print(&errs, stderr);
		abort();
	}
	F.cfg = cfg;
	memset(macs, 0, sizeof(macs));
	/* links up before the build: a policy whose lists' links are down is
	 * down (RFC 9256 §8), and its encapsulation would never be fuzzed */
	memset(srv6gw_link_up, 1, sizeof(srv6gw_link_up));
	srv6gw_gen_current = srv6gw_gen_build(cfg, macs, 1, 1, err, sizeof(err));
	if (srv6gw_gen_current == NULL) {
		fprintf(stderr, "gen_build: %s\n", err);
		abort();
	}
	F.w = h_worker_new();
	F.pools[0] = h_pool();
	F.pools[1] = F.w->gen_pool;
	F.pools[2] = F.w->frag_direct;
	F.pools[3] = F.w->frag_indirect;
	for (int i = 0; i < 4; i++)
		F.base[i] = rte_mempool_in_use_count(F.pools[i]);
	return 0;
}

/** An mbuf whose data is an exactly-sized malloc'd copy of @p d (after headroom). */
static struct rte_mbuf *
mbuf_ext(const uint8_t *d, uint16_t len)
{
	struct rte_mbuf_ext_shared_info *sh;
	struct rte_mbuf *m = rte_pktmbuf_alloc(h_pool());
	uint16_t buf_len = RTE_PKTMBUF_HEADROOM + len;
	uint8_t *buf;

	if (m == NULL)
		abort();
	/* [headroom | frame] ends the allocation; the shinfo is allocated apart
	 * from it so nothing valid follows the last byte of the frame */
	buf = malloc(buf_len);
	sh = malloc(sizeof(*sh));
	if (buf == NULL || sh == NULL)
		abort();
	memset(buf, 0xa5, RTE_PKTMBUF_HEADROOM);
	memcpy(buf + RTE_PKTMBUF_HEADROOM, d, len);
	sh->free_cb = extbuf_free;
	sh->fcb_opaque = sh;
	rte_mbuf_ext_refcnt_set(sh, 1);
	rte_pktmbuf_attach_extbuf(m, buf, (rte_iova_t)(uintptr_t)buf, buf_len, sh);
	m->data_off = RTE_PKTMBUF_HEADROOM;
	m->data_len = len;
	m->pkt_len = len;
	return m;
}

/** A pool mbuf with @p d placed so it ends exactly at the end of the data room. */
static struct rte_mbuf *
mbuf_pool(const uint8_t *d, uint16_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(h_pool());

	if (m == NULL)
		abort();
	m->data_off = (uint16_t)(m->buf_len - len);
	m->data_len = len;
	m->pkt_len = len;
	memcpy(rte_pktmbuf_mtod(m, uint8_t *), d, len);
	return m;
}

static struct rte_mbuf *
mbuf_make(const uint8_t *d, uint16_t len, bool ext)
{
	return ext ? mbuf_ext(d, len) : mbuf_pool(d, len);
}

/*
 * What srv6gw generates (ICMP errors, ARP, ND: mbufs of its generated-packet
 * pool) is bounded: RFC 4443 §2.4(c), an ICMPv6 error is at most 1280 bytes;
 * RFC 1812 §4.3.2.3, an ICMPv4 error at most 576. Plus 14 of Ethernet.
 */
static void
check_generated_size(const struct rte_mbuf *m)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);

	if (m->pool != F.w->gen_pool || m->data_len < 14)
		return;
	if (p[12] == 0x86 && p[13] == 0xdd && m->pkt_len > 14 + 1280)
		abort();
	if (p[12] == 0x08 && p[13] == 0x00 && m->pkt_len > 14 + 576)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rte_mbuf *m, *tail, *out[64];
	uint16_t in_port, len, cut;
	unsigned int n, i, p;
	uint8_t flags;

	if (size < 1 || size > 1 + 1900)
		return -1;      /* one frame of a 1500-byte MTU port, and some */
	flags = data[0];
	data++;
	len = (uint16_t)(size - 1);
	in_port = flags & 1;
	cut = (uint16_t)(14 + 8 * (flags >> 3));
	if ((flags & 4) && len > cut) {
		m = mbuf_make(data, cut, !(flags & 2));
		tail = mbuf_make(data + cut, (uint16_t)(len - cut), !(flags & 2));
		if (rte_pktmbuf_chain(m, tail) != 0)
			abort();
	} else {
		m = mbuf_make(data, len, !(flags & 2));
	}

	/* (each input on its own: nothing kept from the one before, struct
	 * dp_memo6; one frame a burst never takes a kept answer anyway) */
	F.w->memo6.gen = F.w->memo4.gen = F.w->memo_next.gen = 0;
	h_rx(in_port, &m, 1);   /* dp_process_burst() + dp_flush() */
	F.w->g = NULL;
	/* what the control thread does between bursts: neighbour requests */
	srv6gw_neigh_poll();
	for (p = 0; p < 2; p++)
		while ((n = h_tx((uint16_t)p, out, RTE_DIM(out))) > 0)
			for (i = 0; i < n; i++) {
				if (rte_mbuf_check(out[i], 1, NULL) != 0)
					abort();        /* a malformed mbuf was transmitted */
				check_generated_size(out[i]);
				rte_pktmbuf_free(out[i]);
			}
	if (getenv("SRV6GW_FUZZ_RX_DEBUG") != NULL) {
		for (i = 0; i < SRV6GW_DROP_COUNT; i++)
			if (F.w->st->drops[i] != 0)
				fprintf(stderr, "drop %s %lu\n", srv6gw_drop_names[i],
					(unsigned long)F.w->st->drops[i]);
		for (i = 0; i < SRV6GW_EVENT_COUNT; i++)
			if (F.w->st->ev[i] != 0)
				fprintf(stderr, "event %s %lu\n", srv6gw_event_names[i],
					(unsigned long)F.w->st->ev[i]);
	}
	for (i = 0; i < 4; i++)
		if (rte_mempool_in_use_count(F.pools[i]) != F.base[i]) {
			fprintf(stderr, "mbuf leak: pool %s in use %u, baseline %u\n",
				F.pools[i]->name, rte_mempool_in_use_count(F.pools[i]),
				F.base[i]);
			abort();
		}
	return 0;
}
