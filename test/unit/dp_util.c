/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * What the datapath unit tests (test_dp_*.c) share: the golden
 * configuration's set-up, one-frame and one-chunk runs with what came out,
 * the comparison of a chunk with the same chunk the general way (a martian
 * added), and the packets several of the files build. See dp_util.h.
 * cmocka asserts are used here; dp_harness.c stays without them (test/fault
 * and test/fuzz build it too).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "dp_util.h"

void
assert_addr(const uint8_t *got, const char *want)
{
	uint8_t a[16];

	h_addr(want, a);
	assert_memory_equal(got, a, strchr(want, ':') ? 16 : 4);
}

int
setup(void **state)
{
	(void)state;
	return h_setup(CFG);
}

/*
 * @p load (h_setup() or h_reload()) of golden.conf with each line @p at[i]
 * replaced by @p with[i] (0: done)
 */
int
load_changed_n(int (*load)(const char *), const char *const *at, const char *const *with,
	       unsigned int n)
{
	char path[] = "/tmp/srv6gw-dp-XXXXXX", line[512];
	int fd = mkstemp(path), rc;
	FILE *in = fopen(CFG, "r"), *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	unsigned int i;

	if (in == NULL || out == NULL)
		return -1;
	while (fgets(line, sizeof(line), in) != NULL) {
		for (i = 0; i < n && strcmp(line, at[i]) != 0; i++)
			;
		fputs(i < n ? with[i] : line, out);
	}
	fclose(in);
	fclose(out);
	rc = load(path);
	unlink(path);
	return rc;
}

/* h_setup() on golden.conf with each line @p at[i] replaced by @p with[i] (0: done) */
int
setup_changed_n(const char *const *at, const char *const *with, unsigned int n)
{
	return load_changed_n(h_setup, at, with, n);
}

/* setup_changed_n() of one line */
int
setup_changed(const char *at, const char *with)
{
	return setup_changed_n(&at, &with, 1);
}

int
teardown(void **state)
{
	(void)state;
	h_teardown();
	return 0;
}

/** Send one frame in on @p port; return the single frame out of @p out_port. */
struct rte_mbuf *
one(uint16_t port, struct rte_mbuf *m, uint16_t out_port)
{
	struct rte_mbuf *o[4];
	unsigned int n;

	h_rx(port, &m, 1);
	n = h_tx(out_port, o, 4);
	assert_int_equal(n, 1);
	return o[0];
}

void
nothing_out(void)
{
	struct rte_mbuf *o[4];

	assert_int_equal(h_tx(H_EDGE, o, 4), 0);
	assert_int_equal(h_tx(H_CORE, o, 4), 0);
}

/* SRv6 packet from the core: outer IPv6 + SRH(segs) + inner IPv6/UDP */
struct rte_mbuf *
srv6_pkt(const char *da, const char *const *segs, unsigned int n, uint8_t sl, uint8_t hl)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);

	h_ip6(m, "fc00:c::2", da, SRV6GW_IPPROTO_ROUTING, hl);
	h_srh(m, SRV6GW_IPPROTO_IPV6, segs, n, sl, n - 1);
	h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 32);
	h_ip6_finish(m);
	return m;
}

/*
 * The SID counters (CNT-1) and the policies' per-list counters (CNT-2) of
 * the current generation, each row weighted by its index + 1: a count on
 * the wrong SID or list changes the sum.
 */
static void
sid_totals(uint64_t *packets, uint64_t *bytes)
{
	const struct srv6gw_gen *g = srv6gw_gen_get();
	unsigned int i;

	*packets = *bytes = 0;
	for (i = 0; i < g->n_sids; i++) {
		*packets += g->sid_stats[i].packets * (i + 1);
		*bytes += g->sid_stats[i].bytes * (i + 1);
	}
	for (i = 0; i < g->pol_row; i++) {
		*packets += g->pol_stats[i].packets * (i + 1) << 20;
		*bytes += g->pol_stats[i].bytes * (i + 1) << 20;
	}
}

/* Send @p n frames in on @p port as one chunk, then record what came out. */
void
chunk_run_on(uint16_t port, struct rte_mbuf **in, unsigned int n, struct chunk_out *r)
{
	static const uint16_t ports[] = { H_CORE, H_EDGE };
	uint64_t p0, b0;
	struct rte_mbuf *o[16];
	unsigned int i, j, k;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < SRV6GW_DROP_COUNT; i++)
		r->drops[i] = h_drop(i);
	for (i = 0; i < SRV6GW_EVENT_COUNT; i++)
		r->ev[i] = h_event(i);
	sid_totals(&p0, &b0);
	h_rx(port, in, (uint16_t)n);
	for (i = 0; i < SRV6GW_DROP_COUNT; i++)
		r->drops[i] = h_drop(i) - r->drops[i];
	for (i = 0; i < SRV6GW_EVENT_COUNT; i++)
		r->ev[i] = h_event(i) - r->ev[i];
	sid_totals(&r->sid_packets, &r->sid_bytes);
	r->sid_packets -= p0;
	r->sid_bytes -= b0;
	for (j = 0; j < 2; j++) {
		k = h_tx(ports[j], o, 16);
		for (i = 0; i < k; i++) {
			const void *f;

			assert_true(r->n < 16 && o[i]->pkt_len <= sizeof(r->frame[0]));
			r->len[r->n] = (uint16_t)o[i]->pkt_len;
			/* (every segment: a frame may have several) */
			f = rte_pktmbuf_read(o[i], 0, o[i]->pkt_len, r->frame[r->n]);
			assert_non_null(f);
			if (f != r->frame[r->n])
				memcpy(r->frame[r->n], f, o[i]->pkt_len);
			r->n++;
			rte_pktmbuf_free(o[i]);
		}
	}
}

/* chunk_run_on() the core */
void
chunk_run(struct rte_mbuf **in, unsigned int n, struct chunk_out *r)
{
	chunk_run_on(H_CORE, in, n, r);
}

/*
 * Two chunks' results are the same: frames in order, counters (not the RX
 * bytes, nor which way each chunk took: the callers hold those).
 */
void
chunks_same(struct chunk_out *a, struct chunk_out *b)
{
	unsigned int i;

	a->ev[SRV6GW_C_rx_bytes] = b->ev[SRV6GW_C_rx_bytes] = 0;
	a->ev[SRV6GW_C_chunks_alike] = b->ev[SRV6GW_C_chunks_alike] = 0;
	a->ev[SRV6GW_C_chunks_general] = b->ev[SRV6GW_C_chunks_general] = 0;
	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		assert_int_equal(a->len[i], b->len[i]);
		assert_memory_equal(a->frame[i], b->frame[i], a->len[i]);
	}
	assert_memory_equal(a->drops, b->drops, sizeof(a->drops));
	assert_memory_equal(a->ev, b->ev, sizeof(a->ev));
	assert_int_equal(a->sid_packets, b->sid_packets);
	assert_int_equal(a->sid_bytes, b->sid_bytes);
}

/* End.DX4 fc00:1::d4 with an SRH at Segments Left 0, a UDP/IPv4 packet inside (TTL 40) */
struct rte_mbuf *
dx4_pkt(void)
{
	static const char *const dx4[] = { "fc00:1::d4" };
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);

	h_ip6(m, "fc00:c::2", dx4[0], SRV6GW_IPPROTO_ROUTING, 64);
	h_srh(m, SRV6GW_IPPROTO_IPIP, dx4, 1, 0, 0);
	h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, 20, false);
	h_ip6_finish(m);
	return m;
}

/* uN: a NEXT-C-SID container with no SRH, UDP inside */
struct rte_mbuf *
usid_pkt(const char *da)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	struct rte_ipv6_hdr *ip = h_ip6(m, "fc00:c::2", da, IPPROTO_UDP, 64);

	h_put(m, NULL, 8 + 24);
	ip->payload_len = rte_cpu_to_be_16(8 + 24);
	return m;
}

/* Append to @p in a martian (source ::1): the whole chunk goes the general way. */
unsigned int
add_martian(struct rte_mbuf **in, unsigned int n)
{
	static const char *const e[] = { "fc00:1::e", "fc00:2::e" };

	in[n] = srv6_pkt(e[0], e, 2, 1, 64);
	h_addr("::1", rte_pktmbuf_mtod_offset(in[n], struct rte_ipv6_hdr *,
					      RTE_ETHER_HDR_LEN)->src_addr);
	return n + 1;
}

/*
 * @p a: a chunk the lane took whole (@p n packets); @p b: the same chunk
 * with add_martian(), taken the general way. Same frames and counters but
 * for the martian's drop, its RX count and the lane's own counter.
 */
void
lane_same_as_general(struct chunk_out *a, struct chunk_out *b, unsigned int n)
{
	assert_int_equal(a->ev[SRV6GW_C_express_packets], n);
	assert_int_equal(b->ev[SRV6GW_C_express_packets], 0);
	assert_int_equal(a->ev[SRV6GW_C_chunks_general], 0);
	assert_int_equal(b->ev[SRV6GW_C_chunks_general], 1);
	assert_int_equal(b->ev[SRV6GW_C_chunks_alike], 0);
	assert_int_equal(b->drops[SRV6GW_C_ipv6_martian], 1);
	b->drops[SRV6GW_C_ipv6_martian] = 0;
	b->ev[SRV6GW_C_express_packets] = n;
	b->ev[SRV6GW_C_rx_packets]--;
	chunks_same(a, b);
}

/*
 * @p a: a chunk as it came; @p b: the same with add_martian() (the general
 * way). Same frames and counters but for the martian's drop and RX count
 * and the lane's own counter. @return how many packets the lane took of a.
 */
uint64_t
same_but_martian(struct chunk_out *a, struct chunk_out *b)
{
	uint64_t lane = a->ev[SRV6GW_C_express_packets];

	assert_int_equal(b->ev[SRV6GW_C_express_packets], 0);
	assert_int_equal(b->ev[SRV6GW_C_chunks_general], 1);
	assert_int_equal(a->ev[SRV6GW_C_chunks_general], lane == 0);
	/* (a changed packet may be a martian of its own) */
	assert_int_equal(b->drops[SRV6GW_C_ipv6_martian], a->drops[SRV6GW_C_ipv6_martian] + 1);
	b->drops[SRV6GW_C_ipv6_martian]--;
	b->ev[SRV6GW_C_rx_packets]--;
	b->ev[SRV6GW_C_express_packets] = lane;
	chunks_same(a, b);
	return lane;
}

/* uN with an SRH (no O-flag) in front of its payload: shifted all the same */
static struct rte_mbuf *
usid_srh_pkt(void)
{
	static const char *const segs[] = { "fc00:2::e" };
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);

	h_ip6(m, "fc00:c::2", "fcbb:bb00:100:8001::", SRV6GW_IPPROTO_ROUTING, 64);
	h_srh(m, IPPROTO_UDP, segs, 1, 0, 0);
	h_put(m, NULL, 8 + 24);
	h_ip6_finish(m);
	return m;
}

/*
 * The packets of test_express_run_heads: End, End with PSP, End.X, uN with
 * and without SRH (run heads), End.DX4 (SRH at Segments Left 0), End.DT6
 * (no SRH) and transit without and with an SRH, which are never heads.
 */
struct rte_mbuf *
head_pkt(unsigned int kind)
{
	static const char *const e[] = { "fc00:1::e", "fc00:2::e" };
	static const char *const e_psp[] = { "fc00:1::e1", "fc00:2::e", "fc00:3::e" };
	static const char *const x[] = { "fc00:1::100", "fc00:5::e" };
	struct rte_mbuf *m;

	switch (kind) {
	case 0:
		return srv6_pkt(e[0], e, 2, 1, 64);
	case 1:
		return srv6_pkt(e_psp[0], e_psp, 3, 1, 64);
	case 2:
		return srv6_pkt(x[0], x, 2, 1, 64);
	case 3:
		return usid_pkt("fcbb:bb00:100:8001::");
	case 4:
		return usid_srh_pkt();
	case 5:
		return dx4_pkt();
	case 6:         /* End.DT6, no SRH */
		m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
		h_ip6(m, "fc00:c::2", "fc00:1::a6", SRV6GW_IPPROTO_IPV6, 64);
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:10::7", 50, 24);
		h_ip6_finish(m);
		return m;
	case 7:         /* transit (to the edge) */
		m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
		h_ip6_udp(m, "fc00:c::2", "2001:db8:f::5", 64, 40);
		h_ip6_finish(m);
		return m;
	default:        /* transit with an SRH (RFC 8754 §4.2: not ours, routed) */
		return srv6_pkt(e[1], e, 2, 1, 64);
	}
}
