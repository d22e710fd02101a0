/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * RFC 9259 §2.1.1: O-flag processing at a segment endpoint. The packet is
 * counted; when srv6.oam.enabled, a timestamped copy (rte_pcapng_copy from
 * a small dedicated pool: a pcapng Enhanced Packet Block with the Ethernet
 * header as received) goes, rate limited, to the OAM ring the control thread
 * drains. The packet itself goes on untouched, and nothing ever answers the
 * copy's payload ("MUST NOT respond to any upper-layer header").
 */
#define ALLOW_EXPERIMENTAL_API
#include <rte_pcapng.h>
#include <rte_ring.h>

#include "dp.h"

struct rte_ring *srv6gw_oam_ring;
struct rte_mempool *srv6gw_oam_pool;

#define OAM_SNAPLEN 1600

/* RFC 9259 §2.1.1 "SHOULD rate-limit": token bucket, burst = one second's worth */
static bool
oam_token(struct srv6gw_worker *w, uint32_t rate_all)
{
	uint64_t rate = rate_all / w->g->n_workers;

	return dp_bucket_take(&w->guard.oam, w->now, w->tsc_hz, rate, rate ? rate : 1);
}

void
dp_oam_flag(struct srv6gw_worker *w, struct rte_mbuf *m)
{
	const struct srv6gw_guard_rt *gd = w->g->guard;
	struct rte_mbuf *c;

	DP_EV(w, oam_flagged);
	if (gd == NULL || !gd->oam_enabled)
		return;                 /* RFC 9259: not enabled, the flag is ignored */
	if (!oam_token(w, gd->oam_rate)) {
		DP_EV(w, oam_rate_limited);
		return;
	}
	if (srv6gw_oam_ring == NULL || srv6gw_oam_pool == NULL ||
	    rte_pktmbuf_headroom(m) < RTE_ETHER_HDR_LEN) {
		DP_EV(w, oam_copy_failed);
		return;
	}
	/*
	 * The Ethernet header removed on receive is still in the headroom (the
	 * SRH is processed before anything is pushed): show it in the capture.
	 */
	rte_pktmbuf_prepend(m, RTE_ETHER_HDR_LEN);
	c = rte_pcapng_copy(w->dpdk_port[m->port], 0, m, srv6gw_oam_pool, OAM_SNAPLEN,
			    rte_get_tsc_cycles(), RTE_PCAPNG_DIRECTION_IN);
	rte_pktmbuf_adj(m, RTE_ETHER_HDR_LEN);
	if (c == NULL) {
		DP_EV(w, oam_copy_failed);
		return;
	}
	if (rte_ring_mp_enqueue(srv6gw_oam_ring, c) != 0) {
		rte_pktmbuf_free(c);
		DP_EV(w, oam_copy_failed);
		return;
	}
	DP_EV(w, oam_copied);
}
