/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Faults of the datapath that a process can stage by itself (see
 * test/fault/README.md): the real burst function (dp_process_burst +
 * dp_flush) on two net_ring ports (test/unit/dp_harness.c) with
 * conf/test/golden.conf, and a clock this program drives, so the ICMP rate
 * limit is checked against simulated time, never the machine's speed.
 *
 *   tx_full       the core port's TX ring is never drained
 *   gen_pool      every mbuf of the generated-packet pool is held
 *   frag_pool     every mbuf of the fragmentation pool is held
 *   error_flood   100 kpps of Time-Exceeded triggers among good packets
 *
 * After each: nothing leaked (every pool back to its in-use count from
 * before), the named counters explain every packet, and good traffic flows
 * again. Prints "ok NAME: numbers" / "FAIL NAME: why" and "N passed, N failed".
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_mempool.h>

#include "dp_harness.h"

#ifndef SRV6GW_SOURCE_ROOT
#define SRV6GW_SOURCE_ROOT "."
#endif

static unsigned int n_pass, n_fail;
static uint64_t now;            /* the simulated TSC */

#define CHECK(name, cond, ...) do {                                     \
	if (cond) {                                                     \
		n_pass++;                                               \
		printf("ok %s: ", name);                                \
	} else {                                                        \
		n_fail++;                                               \
		printf("FAIL %s: ", name);                              \
	}                                                               \
	printf(__VA_ARGS__);                                            \
	printf("\n");                                                   \
} while (0)

/* good: End fc00:1::e, SL 1 -> forwarded to fc00:2::e out of core.
 * bad: the same with hop limit 1 -> Time Exceeded (RFC 8986 S05) to fc00:c::2 */
static struct rte_mbuf *
end_pkt(uint8_t hl)
{
	static const char *const segs[] = { "fc00:1::e", "fc00:2::e" };
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);

	h_ip6(m, "fc00:c::2", "fc00:1::e", SRV6GW_IPPROTO_ROUTING, hl);
	h_srh(m, SRV6GW_IPPROTO_IPV6, segs, 2, 1, 1);
	h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 32);
	h_ip6_finish(m);
	return m;
}

/* IPv4 without DF, 1480 bytes, to policy to-laptop (tunnel MTU 1420): fragmented */
static struct rte_mbuf *
big_v4(void)
{
	struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4);

	h_ip4_udp(m, "192.0.2.10", "203.0.113.5", 64, 1480 - 28, false);
	return m;
}

static void
burst(uint16_t port, struct rte_mbuf **m, uint16_t n)
{
	struct srv6gw_worker *w = h_worker();

	w->g = srv6gw_gen_current;
	w->now = now;
	dp_process_burst(w, port, m, n);
	dp_flush(w);
}

/** Free what left on @p port; count ICMPv6 Time Exceeded and other frames. */
static void
drain(uint16_t port, uint64_t *te, uint64_t *other)
{
	struct rte_mbuf *o[64];
	unsigned int n, i;

	while ((n = h_tx(port, o, 64)) > 0)
		for (i = 0; i < n; i++) {
			const uint8_t *p = rte_pktmbuf_mtod(o[i], const uint8_t *);

			/* Ethernet + IPv6, next header 58, type 3 */
			if (o[i]->data_len >= 14 + 40 + 1 && p[14 + 6] == 58 &&
			    p[14 + 40] == 3)
				(*te)++;
			else
				(*other)++;
			rte_pktmbuf_free(o[i]);
		}
}

struct pools {
	unsigned int rx, gen, fd, fi;
};

static void
pools_now(struct pools *p)
{
	struct srv6gw_worker *w = h_worker();

	p->rx = rte_mempool_in_use_count(h_pool());
	p->gen = rte_mempool_in_use_count(w->gen_pool);
	p->fd = rte_mempool_in_use_count(w->frag_direct);
	p->fi = rte_mempool_in_use_count(w->frag_indirect);
}

static bool
pools_same(const struct pools *a, const struct pools *b)
{
	return a->rx == b->rx && a->gen == b->gen && a->fd == b->fd && a->fi == b->fi;
}

/** Take every free mbuf of @p mp; returns how many (held in @p held). */
static unsigned int
hold_all(struct rte_mempool *mp, struct rte_mbuf **held, unsigned int max)
{
	unsigned int n = 0;

	while (n < max && (held[n] = rte_pktmbuf_alloc(mp)) != NULL)
		n++;
	return n;
}

static void
release(struct rte_mbuf **held, unsigned int n)
{
	while (n > 0)
		rte_pktmbuf_free(held[--n]);
}

/*
 * TX queue full (srv6-rules F9): the core port's ring (1023 slots) is never
 * drained while 4096 good packets arrive. What does not fit is freed and
 * counted as tx_full, never answered with ICMP (RFC 4443 §3.1: no errors for
 * congestion); the ring's mbufs are all that is in use; once it drains,
 * the pool is back to its baseline and forwarding resumes.
 */
static void
f_tx_full(void)
{
	struct pools p0, p1;
	struct rte_mbuf *m[32];
	uint64_t tx0 = h_event(SRV6GW_C_tx_packets), full0 = h_drop(SRV6GW_C_tx_full);
	uint64_t icmp0 = h_event(SRV6GW_C_icmp_errors_sent), te = 0, other = 0;
	uint64_t b0 = h_event(SRV6GW_C_tx_bytes), sent, full, held, bytes, one;
	unsigned int i, k;

	pools_now(&p0);
	for (i = 0; i < 4096 / 32; i++) {
		for (k = 0; k < 32; k++)
			m[k] = end_pkt(64);
		now += rte_get_tsc_hz() / 10000;
		burst(H_CORE, m, 32);
	}
	sent = h_event(SRV6GW_C_tx_packets) - tx0;
	full = h_drop(SRV6GW_C_tx_full) - full0;
	bytes = h_event(SRV6GW_C_tx_bytes) - b0;
	held = rte_mempool_in_use_count(h_pool()) - p0.rx;
	CHECK("tx_full: 4096 packets into a ring that is never drained",
	      sent + full == 4096 && full > 0 && held == sent &&
	      h_event(SRV6GW_C_icmp_errors_sent) == icmp0,
	      "tx_packets %" PRIu64 " (the ring), tx_full %" PRIu64 ", mbufs held by the ring "
	      "%" PRIu64 ", ICMP errors %" PRIu64, sent, full, held,
	      h_event(SRV6GW_C_icmp_errors_sent) - icmp0);
	drain(H_CORE, &te, &other);
	drain(H_EDGE, &te, &other);
	pools_now(&p1);
	CHECK("tx_full: ring drained, pools back to baseline", pools_same(&p0, &p1) &&
	      other == sent, "%" PRIu64 " frames drained; in use rx %u gen %u (baseline %u %u)",
	      other, p1.rx, p1.gen, p0.rx, p0.gen);
	b0 = h_event(SRV6GW_C_tx_bytes);
	m[0] = end_pkt(64);
	burst(H_CORE, m, 1);
	other = 0;
	drain(H_CORE, &te, &other);
	one = h_event(SRV6GW_C_tx_bytes) - b0;
	CHECK("tx_full: forwarding resumes", other == 1, "%" PRIu64 " frame out", other);
	/* tx_bytes counts what the ring took, not what it refused */
	CHECK("tx_full: tx_bytes of the sent frames only", one > 0 && bytes == sent * one,
	      "tx_bytes %" PRIu64 " for %" PRIu64 " frames of %" PRIu64, bytes, sent, one);
}

/*
 * The generated-packet pool exhausted (F8): every mbuf of srv6gw_gen held.
 * Error-triggering packets are still dropped (ttl_exceeded) and the ICMP
 * that cannot be built is counted (no_mbuf); nothing leaks; released, the
 * next error is sent.
 */
static void
f_gen_pool(void)
{
	static struct rte_mbuf *held[4096];
	struct srv6gw_worker *w = h_worker();
	struct pools p0, p1;
	struct rte_mbuf *m[16];
	uint64_t nm0 = h_drop(SRV6GW_C_no_mbuf), ttl0 = h_drop(SRV6GW_C_ttl_exceeded);
	uint64_t te = 0, other = 0;
	unsigned int n, k;

	pools_now(&p0);
	n = hold_all(w->gen_pool, held, RTE_DIM(held));
	for (k = 0; k < 16; k++)
		m[k] = end_pkt(1);
	now += rte_get_tsc_hz();        /* a full ICMP bucket */
	burst(H_CORE, m, 16);
	drain(H_CORE, &te, &other);
	CHECK("gen_pool: 16 errors with all generated-packet mbufs held",
	      h_drop(SRV6GW_C_no_mbuf) - nm0 == 16 && h_drop(SRV6GW_C_ttl_exceeded) - ttl0 == 16 &&
	      te == 0 && other == 0 && rte_mempool_in_use_count(h_pool()) == p0.rx,
	      "%u mbufs held; ttl_exceeded +%" PRIu64 ", no_mbuf +%" PRIu64 ", frames out %" PRIu64
	      ", receive pool in use %u (baseline %u)", n, h_drop(SRV6GW_C_ttl_exceeded) - ttl0,
	      h_drop(SRV6GW_C_no_mbuf) - nm0, te + other, rte_mempool_in_use_count(h_pool()),
	      p0.rx);
	release(held, n);
	m[0] = end_pkt(1);
	now += rte_get_tsc_hz();
	burst(H_CORE, m, 1);
	drain(H_CORE, &te, &other);
	pools_now(&p1);
	CHECK("gen_pool: released, the next error is sent, pools at baseline",
	      te == 1 && pools_same(&p0, &p1), "%" PRIu64 " Time Exceeded out", te);
}

/*
 * The fragmentation pool exhausted (F8): every direct fragment mbuf held.
 * An IPv4 packet that needs fragmenting before encapsulation is dropped as
 * frag_failed; nothing leaks; released, it is fragmented and sent.
 */
static void
f_frag_pool(void)
{
	static struct rte_mbuf *held[4096];
	struct srv6gw_worker *w = h_worker();
	struct pools p0, p1;
	struct rte_mbuf *m;
	uint64_t ff0 = h_drop(SRV6GW_C_frag_failed), te = 0, other = 0;
	unsigned int n;

	pools_now(&p0);
	n = hold_all(w->frag_direct, held, RTE_DIM(held));
	m = big_v4();
	burst(H_EDGE, &m, 1);
	drain(H_CORE, &te, &other);
	drain(H_EDGE, &te, &other);
	CHECK("frag_pool: 1480-byte IPv4 to a 1420-byte tunnel, fragment mbufs all held",
	      h_drop(SRV6GW_C_frag_failed) - ff0 == 1 && other == 0 &&
	      rte_mempool_in_use_count(h_pool()) == p0.rx,
	      "%u mbufs held; frag_failed +%" PRIu64 ", frames out %" PRIu64, n,
	      h_drop(SRV6GW_C_frag_failed) - ff0, other);
	release(held, n);
	m = big_v4();
	burst(H_EDGE, &m, 1);
	drain(H_CORE, &te, &other);
	pools_now(&p1);
	CHECK("frag_pool: released, the packet goes out in 2 fragments, pools at baseline",
	      other == 2 && pools_same(&p0, &p1), "%" PRIu64 " frames out", other);
}

/*
 * A flood of error-triggering packets (P68, RFC 4443 §2.4(f), RFC 8754
 * §7.4): 200,000 packets with hop limit 1 and 200,000 good ones, interleaved,
 * over 2 simulated seconds (100 kpps of each). golden.conf: rate 10000/s,
 * burst 1000. Every good packet is forwarded; errors sent <= burst + rate x
 * time; the others are counted as icmp_rate_limited; nothing leaks.
 */
static void
f_error_flood(void)
{
	const uint64_t hz = rte_get_tsc_hz(), per = 200000, bursts = per / 16;
	const struct srv6gw_gen *g = srv6gw_gen_current;
	struct pools p0, p1;
	struct rte_mbuf *m[32];
	uint64_t te = 0, other = 0, sent0 = h_event(SRV6GW_C_icmp_errors_sent);
	uint64_t rl0 = h_event(SRV6GW_C_icmp_rate_limited), sent, rl, max, t0;
	unsigned int i, k;

	pools_now(&p0);
	/* let the bucket fill, and start the flood from there */
	now += 10 * hz;
	t0 = now;
	for (i = 0; i < bursts; i++) {
		for (k = 0; k < 32; k++)
			m[k] = end_pkt(k & 1 ? 1 : 64);
		now = t0 + (i + 1) * 2 * hz / bursts;
		burst(H_CORE, m, 32);
		drain(H_CORE, &te, &other);
	}
	sent = h_event(SRV6GW_C_icmp_errors_sent) - sent0;
	rl = h_event(SRV6GW_C_icmp_rate_limited) - rl0;
	max = g->icmp_burst + (uint64_t)g->icmp_rate * 2;
	CHECK("error_flood: every good packet forwarded", other == per,
	      "%" PRIu64 " of %" PRIu64 " good packets out", other, per);
	CHECK("error_flood: ICMP held to its rate", te == sent && sent <= max &&
	      sent >= (uint64_t)g->icmp_rate * 2 * 9 / 10 && sent + rl == per,
	      "%" PRIu64 " Time Exceeded sent for %" PRIu64 " triggers in 2 s (limit burst %u + "
	      "rate %u/s x 2 s = %" PRIu64 "), icmp_rate_limited %" PRIu64,
	      sent, per, g->icmp_burst, g->icmp_rate, max, rl);
	pools_now(&p1);
	CHECK("error_flood: pools at baseline", pools_same(&p0, &p1),
	      "in use rx %u gen %u (baseline %u %u)", p1.rx, p1.gen, p0.rx, p0.gen);
}

int
main(void)
{
	if (h_setup(SRV6GW_SOURCE_ROOT "/conf/test/golden.conf") != 0) {
		printf("FAIL setup\n0 passed, 1 failed\n");
		return 1;
	}
	now = rte_rdtsc();
	f_tx_full();
	f_gen_pool();
	f_frag_pool();
	f_error_flood();
	h_teardown();
	printf("%u passed, %u failed\n", n_pass, n_fail);
	return n_fail != 0;
}
