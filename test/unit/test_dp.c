/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Datapath unit tests on synthetic mbufs: every behaviour and flavour of
 * conf/test/golden.conf, the RFC 8754/8986 checks and the headend. Expected
 * values follow the RFC text cited next to each assertion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include <rte_arp.h>
#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_udp.h>

#include "cp/cp.h"
#include "dp/check_x8.h"
#include "dp/end.h"
#include "dp_harness.h"

#define CFG SRV6GW_SOURCE_ROOT "/conf/test/golden.conf"
/* policy "five" of setup_long_list(), in travel order */
#define LONG_LIST "\"fc00:2::e\", \"fc00:3::e\", \"fc00:4::e\", \"fc00:5::e\", " \
	"\"fc00:4::d6\""

static const uint8_t *
l3(struct rte_mbuf *m)
{
	return h_l3(m);
}

static struct rte_ipv6_hdr *
ip6_of(struct rte_mbuf *m)
{
	return (struct rte_ipv6_hdr *)h_l3(m);
}

static void
assert_addr(const uint8_t *got, const char *want)
{
	uint8_t a[16];

	h_addr(want, a);
	assert_memory_equal(got, a, strchr(want, ':') ? 16 : 4);
}

static int
setup(void **state)
{
	(void)state;
	return h_setup(CFG);
}

/*
 * @p load (h_setup() or h_reload()) of golden.conf with each line @p at[i]
 * replaced by @p with[i] (0: done)
 */
static int
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
static int
setup_changed_n(const char *const *at, const char *const *with, unsigned int n)
{
	return load_changed_n(h_setup, at, with, n);
}

/* setup_changed_n() of one line */
static int
setup_changed(const char *at, const char *with)
{
	return setup_changed_n(&at, &with, 1);
}

/* golden.conf with 2001:db8:bb::/48 steered on the core only (test_memo) */
static int
setup_core_rule(void **state)
{
	(void)state;
	return setup_changed("    { match = \"2001:db8:bb::/48\"; policy = \"three\"; },\n",
			     "    { match = \"2001:db8:bb::/48\"; policy = \"three\"; port = \"core\"; },\n");
}

/*
 * golden.conf with a default IPv6 route to the core (test_transit_shaped)
 * and, in table 10, 2001:db8:11::/48 and 2001:db8:10:0:8000::/65 to the
 * core (test_dt6_next_hops)
 */
static int
setup_default_route(void **state)
{
	(void)state;
	return setup_changed("routes = (\n", "routes = (\n"
			     "  { prefix = \"::/0\"; via = \"fc00:c::2\"; port = \"core\"; },\n"
			     "  { prefix = \"2001:db8:11::/48\"; via = \"fc00:c::2\"; port = \"core\";"
			     " table = 10; },\n"
			     "  { prefix = \"2001:db8:10:0:8000::/65\"; via = \"fc00:c::2\";"
			     " port = \"core\"; table = 10; },\n");
}

/* golden.conf with strict uRPF on the core port (test_urpf_chunks) */
static int
setup_urpf(void **state)
{
	(void)state;
	return setup_changed("    ipv6 = [\"fc00:c::1/64\"]; mtu = 1500; }\n",
			     "    ipv6 = [\"fc00:c::1/64\"]; mtu = 1500; urpf = \"strict\"; }\n");
}

/*
 * golden.conf with policy "five", five SIDs (RFC 8754 SRH of 88 bytes, an
 * outer header of 128, the most the headroom takes: with the Ethernet
 * header, over the 128 bytes of the chunk's block copies),
 * steered from 198.18.20.0/24 and 2001:db8:dd::/48 (test_long_list_chunks)
 */
static int
setup_long_list(void **state)
{
	static const char *const at[] = { "  policies = (\n", "  steering = (\n" };
	static const char *const with[] = {
		"  policies = (\n"
		"    { name = \"five\"; mode = \"encaps\"; segments = [" LONG_LIST "]; },\n",
		"  steering = (\n"
		"    { match = \"198.18.20.0/24\"; policy = \"five\"; },\n"
		"    { match = \"2001:db8:dd::/48\"; policy = \"five\"; },\n",
	};

	(void)state;
	return setup_changed_n(at, with, RTE_DIM(at));
}

static int
teardown(void **state)
{
	(void)state;
	h_teardown();
	return 0;
}

/** Send one frame in on @p port; return the single frame out of @p out_port. */
static struct rte_mbuf *
one(uint16_t port, struct rte_mbuf *m, uint16_t out_port)
{
	struct rte_mbuf *o[4];
	unsigned int n;

	h_rx(port, &m, 1);
	n = h_tx(out_port, o, 4);
	assert_int_equal(n, 1);
	return o[0];
}

static void
nothing_out(void)
{
	struct rte_mbuf *o[4];

	assert_int_equal(h_tx(H_EDGE, o, 4), 0);
	assert_int_equal(h_tx(H_CORE, o, 4), 0);
}

/* SRv6 packet from the core: outer IPv6 + SRH(segs) + inner IPv6/UDP */
static struct rte_mbuf *
srv6_pkt(const char *da, const char *const *segs, unsigned int n, uint8_t sl, uint8_t hl)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);

	h_ip6(m, "fc00:c::2", da, SRV6GW_IPPROTO_ROUTING, hl);
	h_srh(m, SRV6GW_IPPROTO_IPV6, segs, n, sl, n - 1);
	h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 32);
	h_ip6_finish(m);
	return m;
}

/* RFC 8986 §4.1: End, SL 2 -> 1, DA = Segment List[1], HL - 1 */
static void
test_end(void **state)
{
	const char *segs[] = { "fc00:1::e", "fc00:2::e", "fc00:3::e" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::e", segs, 3, 2, 64), H_CORE);
	struct srv6gw_srh *s = (struct srv6gw_srh *)(l3(o) + 40);

	(void)state;
	assert_int_equal(ip6_of(o)->hop_limits, 63);
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::e");
	assert_int_equal(s->segments_left, 1);
	rte_pktmbuf_free(o);
}

/* RFC 8986 §4.16.1: PSP at SL 1 -> 0 pops the SRH; at SL 2 it is plain End */
static void
test_end_psp(void **state)
{
	const char *segs[] = { "fc00:1::e1", "fc00:2::e" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::e1", segs, 2, 1, 64), H_CORE);

	(void)state;
	assert_int_equal(ip6_of(o)->proto, SRV6GW_IPPROTO_IPV6);
	assert_int_equal(rte_be_to_cpu_16(ip6_of(o)->payload_len), o->pkt_len - 14 - 40);
	assert_int_equal(o->pkt_len, 14 + 40 + 40 + 8 + 32);
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::e");
	/* the rest of the header as End leaves it (S12: Hop Limit - 1), and
	 * the inner packet right after it */
	assert_int_equal(ip6_of(o)->hop_limits, 63);
	assert_addr(ip6_of(o)->src_addr, "fc00:c::2");
	assert_int_equal(rte_be_to_cpu_32(ip6_of(o)->vtc_flow) >> 28, 6);
	assert_addr(ip6_of(o)->dst_addr + 16 + 8, "2001:db8:aa::1");
	rte_pktmbuf_free(o);

	const char *segs3[] = { "fc00:1::e1", "fc00:2::e", "fc00:3::e" };
	o = one(H_CORE, srv6_pkt("fc00:1::e1", segs3, 3, 2, 64), H_CORE);
	assert_int_equal(ip6_of(o)->proto, SRV6GW_IPPROTO_ROUTING);
	rte_pktmbuf_free(o);
}

/* Two local SIDs in a row: End then End.DX6 (resubmission) */
static void
test_end_then_dx6(void **state)
{
	const char *segs[] = { "fc00:1::e", "fc00:1::d6" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::e", segs, 2, 1, 64), H_EDGE);

	(void)state;
	assert_addr(ip6_of(o)->dst_addr, "2001:db8:f::5");
	assert_int_equal(ip6_of(o)->hop_limits, 50);  /* inner untouched at decap */
	rte_pktmbuf_free(o);
}

/* RFC 8986 §4.16.3 USD: SL = 0, inner IPv6 -> decap + main table */
static void
test_end_usd(void **state)
{
	const char *segs[] = { "fc00:1::e4" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::e4", segs, 1, 0, 64), H_EDGE);

	(void)state;
	assert_addr(ip6_of(o)->dst_addr, "2001:db8:f::5");
	assert_int_equal(h_event(SRV6GW_C_decapsulated) > 0, 1);
	rte_pktmbuf_free(o);
}

/* RFC 8986 §4.1.1: End, SL = 0, UDP upper layer -> PP code 4 at the UL offset */
static void
test_end_sl0_udp_pp4(void **state)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	const char *segs[] = { "fc00:1::e" };
	uint64_t before = h_drop(SRV6GW_C_upper_layer_not_allowed);
	struct rte_mbuf *o;
	struct srv6gw_icmp_hdr *ic;

	(void)state;
	h_ip6(m, "fc00:c::2", "fc00:1::e", SRV6GW_IPPROTO_ROUTING, 64);
	h_srh(m, IPPROTO_UDP, segs, 1, 0, 0);
	h_put(m, NULL, 16);
	h_ip6_finish(m);
	o = one(H_CORE, m, H_CORE);
	ic = (struct srv6gw_icmp_hdr *)(l3(o) + 40);
	assert_int_equal(ic->type, SRV6GW_ICMP6_PARAM_PROB);
	assert_int_equal(ic->code, 4);
	assert_int_equal(rte_be_to_cpu_32(ic->data), 40 + 24);
	assert_addr(ip6_of(o)->src_addr, "fc00:c::1");
	assert_addr(ip6_of(o)->dst_addr, "fc00:c::2");
	assert_int_equal(h_drop(SRV6GW_C_upper_layer_not_allowed), before + 1);
	rte_pktmbuf_free(o);
}

/* RFC 8986 S05: HL <= 1 gives Time Exceeded, checked before the SL checks */
static void
test_end_hl1_before_sl_check(void **state)
{
	const char *segs[] = { "fc00:1::e", "fc00:2::e" };
	struct rte_mbuf *m = srv6_pkt("fc00:1::e", segs, 2, 1, 1);
	struct srv6gw_srh *s = rte_pktmbuf_mtod_offset(m, struct srv6gw_srh *, 14 + 40);
	struct rte_mbuf *o;

	(void)state;
	s->segments_left = 9;  /* also bad */
	o = one(H_CORE, m, H_CORE);
	assert_int_equal(l3(o)[40], SRV6GW_ICMP6_TIME_EXCEEDED);
	rte_pktmbuf_free(o);
}

/* RFC 8754 §4.3.1.1: SL > LE + 1 and LE > max_LE -> PP code 0 at SL */
static void
test_srh_bounds(void **state)
{
	const char *segs[] = { "fc00:1::e", "fc00:2::e" };
	struct rte_mbuf *m = srv6_pkt("fc00:1::e", segs, 2, 1, 64), *o;
	struct srv6gw_srh *s = rte_pktmbuf_mtod_offset(m, struct srv6gw_srh *, 14 + 40);
	struct srv6gw_icmp_hdr *ic;

	(void)state;
	s->segments_left = 3;  /* LE = 1: SL may be at most 2 */
	o = one(H_CORE, m, H_CORE);
	ic = (struct srv6gw_icmp_hdr *)(l3(o) + 40);
	assert_int_equal(ic->type, SRV6GW_ICMP6_PARAM_PROB);
	assert_int_equal(ic->code, 0);
	assert_int_equal(rte_be_to_cpu_32(ic->data), 40 + 3);
	rte_pktmbuf_free(o);

	/* Hdr Ext Len = 0: max_LE = -1 (signed), any LE fails */
	m = srv6_pkt("fc00:1::e", segs, 2, 1, 64);
	s = rte_pktmbuf_mtod_offset(m, struct srv6gw_srh *, 14 + 40);
	s->hdr_len = 0;
	s->last_entry = 0;
	o = one(H_CORE, m, H_CORE);
	ic = (struct srv6gw_icmp_hdr *)(l3(o) + 40);
	assert_int_equal(ic->type, SRV6GW_ICMP6_PARAM_PROB);
	assert_int_equal(rte_be_to_cpu_32(ic->data), 40 + 3);
	rte_pktmbuf_free(o);

	/*
	 * SL == LE + 1 (reduced SRH) is valid: DA <- Segment List[1] = fc00:1::e,
	 * a local SID again, so a second pass leaves DA = Segment List[0].
	 */
	m = srv6_pkt("fc00:1::e", segs, 2, 2, 64);
	o = one(H_CORE, m, H_CORE);
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::e");
	assert_int_equal(ip6_of(o)->hop_limits, 62);
	rte_pktmbuf_free(o);
	h_tx_drain();
}

/* End.X: to the configured adjacency; PSP variant pops */
static void
test_end_x(void **state)
{
	const char *segs[] = { "fc00:1::101", "fc00:9::e" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::101", segs, 2, 1, 64), H_CORE);
	const struct rte_ether_hdr *e = rte_pktmbuf_mtod(o, const struct rte_ether_hdr *);
	static const uint8_t nbr[6] = { 2, 0, 0, 0, 0x0c, 2 };

	(void)state;
	assert_memory_equal(&e->dst_addr, nbr, 6);
	assert_int_equal(ip6_of(o)->proto, SRV6GW_IPPROTO_IPV6);
	rte_pktmbuf_free(o);
}

/* End.T: lookup in table 10 (2001:db8:10::/48 via edge) */
static void
test_end_t(void **state)
{
	const char *segs[] = { "fc00:1::200", "2001:db8:10::7" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::200", segs, 2, 1, 64), H_EDGE);

	(void)state;
	assert_addr(ip6_of(o)->dst_addr, "2001:db8:10::7");
	rte_pktmbuf_free(o);
}

/*
 * The resubmission stage (src/dp/resubmit.c): one burst of packets to local
 * SIDs, so their next lookups are made together, mixing what those lookups
 * can say: another node's SID, table 10 (End.T), a local SID again
 * (End.DX6), a SID-less address of our locator, no route in table 10, and
 * an End.X in the middle, which transmits at once. Each port's output keeps
 * the input order; the errors are the ones a packet sent alone gets.
 */
static void
test_resubmit_burst(void **state)
{
	static const char *const s_core[] = { "fc00:1::e", "fc00:2::e" };
	static const char *const s_t[] = { "fc00:1::200", "2001:db8:10::7" };
	static const char *const s_dx6[] = { "fc00:1::e", "fc00:1::d6" };
	static const char *const s_unk[] = { "fc00:1::e", "fc00:1::dead" };
	static const char *const s_x[] = { "fc00:1::100", "fc00:5::e" };
	static const char *const s_nort[] = { "fc00:1::200", "2001:db8:99::1" };
	static const char *const s_core3[] = { "fc00:1::e", "fc00:3::e" };
	const char *const *segs[] = { s_core, s_t, s_dx6, s_unk, s_x, s_nort, s_core3 };
	/* what each packet's outer destination becomes, on which port */
	static const char *const want_core[] = { "fc00:2::e", "fc00:5::e", "fc00:3::e" };
	static const char *const want_edge[] = { "2001:db8:10::7", "2001:db8:f::5" };
	uint64_t unk = h_drop(SRV6GW_C_sid_unknown), nort = h_drop(SRV6GW_C_no_route);
	struct rte_mbuf *in[7], *o[16];
	unsigned int i, n, k;

	(void)state;
	for (i = 0; i < 7; i++)
		in[i] = srv6_pkt(segs[i][0], segs[i], 2, 1, 64);
	h_rx(H_CORE, in, 7);
	assert_int_equal(h_drop(SRV6GW_C_sid_unknown), unk + 1);
	assert_int_equal(h_drop(SRV6GW_C_no_route), nort + 1);
	n = h_tx(H_CORE, o, 16);
	for (i = 0, k = 0; i < n; i++) {
		if (ip6_of(o[i])->proto == SRV6GW_IPPROTO_ICMPV6) {
			assert_addr(ip6_of(o[i])->dst_addr, "fc00:c::2");  /* errors, to the source */
		} else {
			assert_true(k < 3);
			assert_addr(ip6_of(o[i])->dst_addr, want_core[k++]);
		}
		rte_pktmbuf_free(o[i]);
	}
	assert_int_equal(k, 3);
	n = h_tx(H_EDGE, o, 16);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++) {
		assert_addr(ip6_of(o[i])->dst_addr, want_edge[i]);
		rte_pktmbuf_free(o[i]);
	}
}

/* What one chunk left behind: its frames (port by port) and counter deltas. */
struct chunk_out {
	uint8_t frame[16][1600];
	uint16_t len[16];
	unsigned int n;
	uint64_t drops[SRV6GW_DROP_COUNT];
	uint64_t ev[SRV6GW_EVENT_COUNT];
	uint64_t sid_packets, sid_bytes;
};

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
static void
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
static void
chunk_run(struct rte_mbuf **in, unsigned int n, struct chunk_out *r)
{
	chunk_run_on(H_CORE, in, n, r);
}

/*
 * Two chunks' results are the same: frames in order, counters (not the RX
 * bytes, nor which way each chunk took: the callers hold those).
 */
static void
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
static struct rte_mbuf *
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
static struct rte_mbuf *
usid_pkt(const char *da)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	struct rte_ipv6_hdr *ip = h_ip6(m, "fc00:c::2", da, IPPROTO_UDP, 64);

	h_put(m, NULL, 8 + 24);
	ip->payload_len = rte_cpu_to_be_16(8 + 24);
	return m;
}

/* The usual chunk of test_express_same; @p again: one next SID is ours */
static unsigned int
express_chunk(struct rte_mbuf **in, bool again)
{
	static const char *const e[] = { "fc00:1::e", "fc00:2::e" };
	static const char *const e_psp[] = { "fc00:1::e1", "fc00:2::e" };
	static const char *const e_usp[] = { "fc00:1::e2", "fc00:2::e", "fc00:3::e" };
	static const char *const x[] = { "fc00:1::100", "fc00:5::e" };
	static const char *const x_psp[] = { "fc00:1::101", "fc00:5::e" };
	static const char *const nort[] = { "fc00:1::e", "2001:db8:99::1" };
	static const char *const local[] = { "fc00:1::e", "fc00:1::100", "fc00:6::e" };
	unsigned int n = 0;

	in[n++] = srv6_pkt(e[0], e, 2, 1, 64);
	in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);             /* transit */
	h_ip6_udp(in[n++], "2001:db8:aa::1", "2001:db8:f::5", 64, 20);
	in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);             /* steered: H.Encaps */
	h_ip6_udp(in[n++], "2001:db8:aa::1", "2001:db8:bb::7", 64, 20);
	in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);             /* IPv4 routed */
	h_ip4_udp(in[n++], "198.18.99.1", "198.51.100.1", 40, 20, false);
	in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);             /* IPv4 steered */
	h_ip4_udp(in[n++], "198.18.99.1", "203.0.113.9", 40, 20, true);
	in[n++] = srv6_pkt(e_psp[0], e_psp, 2, 1, 64);
	in[n++] = dx4_pkt();                                    /* End.DX4, SRH at SL 0 */
	in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);             /* End.DT6, no SRH */
	h_ip6(in[n], "fc00:c::2", "fc00:1::a6", SRV6GW_IPPROTO_IPV6, 64);
	h_ip6_udp(in[n], "2001:db8:aa::1", "2001:db8:10::7", 50, 24);
	h_ip6_finish(in[n++]);
	in[n++] = srv6_pkt(e_usp[0], e_usp, 3, 2, 9);
	in[n++] = srv6_pkt(x[0], x, 2, 1, 64);
	in[n++] = usid_pkt("fcbb:bb00:100:8001::");
	in[n++] = srv6_pkt(x_psp[0], x_psp, 2, 1, 64);
	in[n++] = srv6_pkt(nort[0], nort, 2, 1, 64);
	if (again)
		in[n++] = srv6_pkt(local[0], local, 3, 2, 64);
	in[n++] = srv6_pkt(e[0], e, 2, 1, 2);
	return n;
}

/* Packets the express lane must leave to the general way (test_express_refuses). */
static struct rte_mbuf *
unusual_pkt(unsigned int i)
{
	static const char *const dx4[] = { "fc00:1::d4" };
	static const char *const dx4_sl[] = { "fc00:1::d4", "fc00:2::e" };
	static const char *const e[] = { "fc00:1::e", "fc00:2::e" };
	static const char *const acl[] = { "fc00:1::ac", "fc00:2::e" };
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	struct rte_ipv4_hdr *ip4;
	struct rte_ipv6_hdr *ip6;
	struct srv6gw_srh *srh;

	switch (i) {
	case 0:         /* End.DX4, inner checksum wrong: dropped as inner_malformed */
	case 1:         /* End.DX4, inner IPv4 options: accepted by the general way */
		h_ip6(m, "fc00:c::2", "fc00:1::d4", SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPIP, dx4, 1, 0, 0);
		ip4 = h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, 20, false);
		if (i == 0)
			ip4->hdr_checksum ^= 0x0101;
		else
			ip4->version_ihl = 0x46;        /* 4 option bytes: the UDP header's first */
		break;
	case 2:         /* End.DX4 with Segments Left 1: Parameter Problem */
		h_ip6(m, "fc00:c::2", "fc00:1::d4", SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPIP, dx4_sl, 2, 1, 1);
		h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, 20, false);
		break;
	case 3:         /* End.DT6, outer ECN CE (RFC 6040 decapsulation) */
	case 4:         /* End.DT6, inner padding (trimmed by the general way) */
		ip6 = h_ip6(m, "fc00:c::2", "fc00:1::a6", SRV6GW_IPPROTO_IPV6, 64);
		if (i == 3)
			ip6->vtc_flow = rte_cpu_to_be_32(6u << 28 | 3u << 20);
		ip6 = h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:10::7", 50, 24);
		if (i == 3)
			ip6->vtc_flow = rte_cpu_to_be_32(6u << 28 | 1u << 20);
		else
			h_put(m, NULL, 6);
		break;
	case 5:         /* End, Hop Limit 1: Time Exceeded */
	case 6:         /* End, O-flag (RFC 9259) */
		h_ip6(m, "fc00:c::2", "fc00:1::e", SRV6GW_IPPROTO_ROUTING, i == 5 ? 1 : 64);
		srh = h_srh(m, SRV6GW_IPPROTO_IPV6, e, 2, 1, 1);
		if (i == 6)
			srh->flags = SRV6GW_SRH_FLAG_O;
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 32);
		break;
	case 7:         /* transit, Hop Limit 1: Time Exceeded */
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 1, 20);
		return m;
	case 14:        /* End with an iACL, an allowed source: forwarded */
	case 15:        /* ... a source it does not allow: dropped (RFC 8754 §5.1) */
		h_ip6(m, i == 14 ? "fc00:c::2" : "fc00:9::2", "fc00:1::ac",
		      SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPV6, acl, 2, 1, 1);
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 32);
		break;
	case 11:        /* steered, Hop Limit 1: Time Exceeded (RFC 8986 §5.1) */
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:bb::7", 1, 20);
		return m;
	case 12:        /* steered IPv4, DF, too big for the tunnel: Fragmentation Needed */
	case 13:        /* steered IPv4, too big, DF clear: fragmented, then encapsulated */
		rte_pktmbuf_free(m);
		m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
		h_ip4_udp(m, "198.18.99.1", "203.0.113.9", 40, 1400, i == 12);
		return m;
	default:        /* IPv4: checksum wrong (8), TTL 1 (9), to us (10) */
		rte_pktmbuf_free(m);
		m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
		ip4 = h_ip4_udp(m, "198.18.99.1", i == 10 ? "192.0.2.1" : "198.51.100.1",
				i == 9 ? 1 : 40, 20, false);
		if (i == 8)
			ip4->hdr_checksum ^= 0x0100;
		return m;
	}
	h_ip6_finish(m);
	return m;
}

/* Append to @p in a martian (source ::1): the whole chunk goes the general way. */
static unsigned int
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
static void
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
static uint64_t
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

/*
 * What the express lane must not take, it leaves untouched: a usual chunk
 * with one such packet at its end gives the same frames and counters as
 * that chunk with a martian after it (which sends it the general way for
 * sure), packet kind by packet kind. Steered packets the lane hands to
 * dp_encap() as they are, so there the same comparison checks that it
 * answers their errors as the general way does.
 */
static void
test_express_refuses(void **state)
{
	static const char *const e[] = { "fc00:1::e", "fc00:2::e" };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[4];
	unsigned int j, kind;

	(void)state;
	assert_non_null(a);
	for (kind = 0; kind < 16; kind++) {
		for (j = 0; j < 2; j++) {
			struct chunk_out *r = j == 0 ? a : b;

			in[0] = srv6_pkt(e[0], e, 2, 1, 64);
			in[1] = unusual_pkt(kind);
			chunk_run(in, j == 0 ? 2 : add_martian(in, 2), r);
			/* steered packets (11-13) take the lane whatever they hold:
			 * dp_encap() answers them there as anywhere */
			if (j == 1 || kind < 11 || kind > 13)
				assert_int_equal(r->ev[SRV6GW_C_express_packets], 0);
		}
		if (kind == 15)
			assert_int_equal(a->drops[SRV6GW_C_iacl_src], 1);
		assert_int_equal(b->drops[SRV6GW_C_ipv6_martian], 1);
		b->drops[SRV6GW_C_ipv6_martian] = 0;
		b->ev[SRV6GW_C_rx_packets]--;
		a->ev[SRV6GW_C_express_packets] = 0;
		chunks_same(a, b);
	}
	free(a);
}

/*
 * The express lane (src/dp/express.c) answers as the general way does: a
 * chunk of usual End, End.X, uN, End.DX4, End.DT6, transit and steered
 * IPv6 and IPv4 packets goes through it; the same chunk
 * with one martian added at its end (dropped, and sending the whole chunk
 * the general way) must give the same frames, in the same order, and the
 * same counters but for that drop. With a next SID of ours, the lane hands
 * over to the resubmission stage after its changes.
 */
static void
test_express_same(void **state)
{
	struct rte_mbuf *in[DP_BURST];
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	unsigned int n, round;

	(void)state;
	assert_non_null(a);
	for (round = 0; round < 2; round++) {
		n = express_chunk(in, round == 1);
		chunk_run(in, n, a);
		n = express_chunk(in, round == 1);
		chunk_run(in, add_martian(in, n), b);
		assert_int_equal(a->n, n);      /* one frame each (no route: an error) */
		lane_same_as_general(a, b, n);
	}
	free(a);
}

/* Packet @p kind of test_uniform_chunks */
static struct rte_mbuf *
uniform_pkt(unsigned int kind)
{
	static const char *const again[] = { "fc00:1::e", "fc00:1::100", "fc00:5::e" };
	static const char *const none[] = { "fc00:1::e", "3000::1" };
	static const char *const big[] = { "fc00:1::e", "fc00:2::e" };
	struct rte_mbuf *m;

	switch (kind) {
	case 0:         /* the next SID is ours (End.X): the resubmission stage */
		return srv6_pkt(again[0], again, 3, 2, 64);
	case 1:         /* no route to the next SID: Destination Unreachable */
		return srv6_pkt(none[0], none, 2, 1, 64);
	case 2:         /* too big for the next hop's MTU (1500): Packet Too Big */
		m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
		h_ip6(m, "fc00:c::2", big[0], SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPV6, big, 2, 1, 1);
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 1450);
		h_ip6_finish(m);
		return m;
	case 3:         /* End.X, too big likewise */
		m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
		h_ip6(m, "fc00:c::2", again[1], SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPV6, again + 1, 2, 1, 1);
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 1450);
		h_ip6_finish(m);
		return m;
	case 4:         /* End.DT6, no route in its table: Destination Unreachable */
	case 5:         /* End.DT6, too big for the edge (1500): Packet Too Big */
		m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
		h_ip6(m, "fc00:c::2", "fc00:1::a6", SRV6GW_IPPROTO_IPV6, 64);
		/* (the error goes to the inner source: a routed one) */
		h_ip6_udp(m, "2001:db8:f::9", kind == 4 ? "2001:db8:99::7" : "2001:db8:10::7",
			  50, kind == 4 ? 24 : 1460);
		h_ip6_finish(m);
		return m;
	default:        /* End.DX4, too big for the edge, DF clear: two fragments */
		m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
		h_ip6(m, "fc00:c::2", "fc00:1::d4", SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPIP, (const char *const[]){ "fc00:1::d4" }, 1, 0, 0);
		h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, 1480, false);
		h_ip6_finish(m);
		return m;
	}
}

/*
 * A uniform chunk (alike.c dp_chunk_uniform(), dp_express_uniform():
 * every frame the first's but for lengths and payload) whose packets are not simply
 * forwarded: a next SID of ours (after the changes, the resubmission
 * stage), no route to the next SID or to End.DT6's inner destination, and
 * End, End.X, End.DT6 and End.DX4 packets too big for the next hop (the
 * last fragmented). Four copies must give what the general way gives for
 * them (test_express_run_heads covers the usual ones and every changed
 * byte).
 */
static void
test_uniform_chunks(void **state)
{
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int kind, i, j;

	(void)state;
	assert_non_null(a);
	for (kind = 0; kind < 7; kind++) {
		for (j = 0; j < 2; j++) {
			for (i = 0; i < 4; i++)
				in[i] = uniform_pkt(kind);
			h_worker()->icmp.last = 0;      /* a full ICMP bucket */
			chunk_run(in, j == 0 ? 4 : add_martian(in, 4), j == 0 ? a : b);
		}
		/* kind 0: four frames to the core; 6: eight fragments; the
		 * others: four ICMP errors */
		assert_int_equal(a->n, kind == 6 ? 8 : 4);
		if (kind == 1 || kind == 4)
			assert_int_equal(a->drops[SRV6GW_C_no_route], 4);
		else if (kind != 0 && kind != 6)
			assert_int_equal(a->drops[SRV6GW_C_mtu_exceeded], 4);
		lane_same_as_general(a, b, 4);
	}
	free(a);
}

/*
 * Packet of test_uniform_mtu_edge(): @p kind 0 End to fc00:1::e (next SID
 * fc00:2::e), 1 End.DT6 (fc00:1::a6, to 2001:db8:10::7 by the edge), 2
 * End.DX4 (fc00:1::d4, DF set), 3 End with PSP (fc00:1::e1: the SRH goes),
 * 4 End.X (fc00:1::100, to the core), with @p plen bytes of UDP payload.
 */
static struct rte_mbuf *
mtu_edge_pkt(unsigned int kind, uint16_t plen)
{
	static const char *const segs[][2] = {
		{ "fc00:1::e", "fc00:2::e" }, { "fc00:1::e1", "fc00:2::e" },
		{ "fc00:1::100", "fc00:5::e" },
	};
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	const char *const *sl = segs[kind == 3 ? 1 : kind == 4 ? 2 : 0];

	switch (kind) {
	case 0:
	case 3:
	case 4:
		h_ip6(m, "fc00:c::2", sl[0], SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPV6, sl, 2, 1, 1);
		h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, plen);
		break;
	case 1:
		h_ip6(m, "fc00:c::2", "fc00:1::a6", SRV6GW_IPPROTO_IPV6, 64);
		h_ip6_udp(m, "2001:db8:f::9", "2001:db8:10::7", 50, plen);
		break;
	default:
		h_ip6(m, "fc00:c::2", "fc00:1::d4", SRV6GW_IPPROTO_ROUTING, 64);
		h_srh(m, SRV6GW_IPPROTO_IPIP, (const char *const[]){ "fc00:1::d4" }, 1, 0, 0);
		h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, plen, true);
		break;
	}
	h_ip6_finish(m);
	return m;
}

/*
 * Uniform End, End.DT6, End.DX4, End with PSP and End.X chunks whose
 * lengths straddle the next hop's MTU (1500 for all): a short packet and
 * one of just the MTU after the change (End, End.X: the whole packet; the
 * decapsulations: the inner one; PSP: without the SRH), and then one byte
 * over it. dp_express_uniform() tests no length
 * when the chunk's longest frame, less what the change takes off, fits
 * (uniform.c, alike.h xpu_queue()): the one at the MTU must go out, the one over it
 * must not (Packet Too Big, Fragmentation Needed: mtu_exceeded), as the
 * general way answers.
 */
static void
test_uniform_mtu_edge(void **state)
{
	/* (UDP payloads: End 40 + 40 + 48, End.DT6 40 + 8, End.DX4 20 + 8 before;
	 * PSP 40 + 48 left; End.X as End) */
	static const uint16_t at[] = { 1500 - 128, 1500 - 48, 1500 - 28, 1500 - 88, 1500 - 128 };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int kind, over, j, n = 0;

	(void)state;
	assert_non_null(a);
	for (kind = 0; kind < RTE_DIM(at); kind++) {
		for (over = 0; over < 2; over++) {
			for (j = 0; j < 2; j++) {
				in[0] = mtu_edge_pkt(kind, 40);
				in[1] = mtu_edge_pkt(kind, at[kind]);
				n = 2;
				if (over)
					in[n++] = mtu_edge_pkt(kind, at[kind] + 1);
				h_worker()->icmp.last = 0;      /* a full ICMP bucket */
				chunk_run(in, j == 0 ? n : add_martian(in, n), j == 0 ? a : b);
			}
			print_message("kind %u, over %u\n", kind, over);
			assert_int_equal(a->drops[SRV6GW_C_mtu_exceeded], over);
			assert_true(a->n >= 2);
			lane_same_as_general(a, b, n);
		}
	}
	free(a);
}

/*
 * Uniform End chunks (four packets to fc00:1::e, one SRH shape) whose
 * next SIDs differ packet by packet: dp_express_uniform() tests each next
 * SID's validity (RFC 8754 §4.3.1.1 S14's destination, dp_sid_valid_next())
 * only where a run of equal ones starts (uniform.c xpu_check()). A
 * multicast, loopback, unspecified or link-local next SID must be dropped
 * (next_sid_invalid) as the general way drops it, wherever in the chunk
 * it is and however many follow it, and the valid ones forwarded; a chunk
 * of valid ones in runs is the lane's whole.
 */
static void
test_uniform_next_sids(void **state)
{
	static const char *const ok = "2001:db8:f::99", *const ok2 = "2001:db8:f::98";
	static const struct {
		const char *next[4];
		unsigned int invalid;
	} c[] = {
		{ { ok, ok, "ff02::1", "ff02::1" }, 2 },
		{ { ok, "::1", ok, ok }, 1 },
		{ { ok, "fe80::1", "fe80::1", ok }, 2 },
		{ { ok, ok2, ok2, "::" }, 1 },
		/* (::1 is ::2 but for the last 64 bits: the run's compare of all 128) */
		{ { ok, "::2", "::1", ok }, 1 },
		{ { ok, ok, ok2, ok }, 0 },
	};
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int k, i, j;

	(void)state;
	assert_non_null(a);
	for (k = 0; k < RTE_DIM(c); k++) {
		for (j = 0; j < 2; j++) {
			for (i = 0; i < 4; i++) {
				const char *segs[] = { "fc00:1::e", c[k].next[i] };

				in[i] = srv6_pkt("fc00:1::e", segs, 2, 1, 64);
			}
			h_worker()->icmp.last = 0;      /* a full ICMP bucket */
			chunk_run(in, j == 0 ? 4 : add_martian(in, 4), j == 0 ? a : b);
		}
		print_message("chunk %u\n", k);
		assert_int_equal(a->drops[SRV6GW_C_next_sid_invalid], c[k].invalid);
		assert_int_equal(a->n, 4 - c[k].invalid);
		assert_int_equal(same_but_martian(a, b), c[k].invalid == 0 ? 4 : 0);
	}
	free(a);
}

/*
 * Which way each chunk took is counted (chunks, chunks_alike,
 * chunks_general; docs/stats.md), so an operator sees how much of the
 * traffic takes the shorter ways, and a change that sends alike chunks the
 * long way (the same frames out, more work) fails here, not only in
 * test/callgrind's counts: four equal End, End.X or uN packets (uniform:
 * dp_express_uniform()), four transit packets of one flow (uniform, the
 * shaped way), four IPv4 packets to one destination (dp_express_same4())
 * are alike; End, transit and IPv4 together the express lane's per-packet
 * passes; a martian sends its chunk the general way; one packet alone is
 * not compared; a burst of DP_BURST + 8 is two chunks.
 */
static void
test_chunk_ways(void **state)
{
	static const char *const e[] = { "fc00:1::e", "fc00:2::e" };
	static const char *const x[] = { "fc00:1::100", "fc00:5::e" };
	struct chunk_out *a = calloc(1, sizeof(*a));
	struct rte_mbuf *in[DP_BURST + 8];
	unsigned int k, i, n;
	uint64_t c0, a0, g0;

	(void)state;
	assert_non_null(a);
	for (k = 0; k < 7; k++) {
		n = 4;
		for (i = 0; i < n; i++) {
			/* (4: End, transit, IPv4, End; 5: one uN alone) */
			unsigned int kind = k == 4 ? i % 3 : k == 6 ? 0 : k;

			switch (kind) {
			case 0:
				in[i] = srv6_pkt(e[0], e, 2, 1, 64);
				break;
			case 1:
				in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
				h_ip6_udp(in[i], "2001:db8:aa::1", "2001:db8:f::5", 64, 20);
				h_ip6_finish(in[i]);
				break;
			case 2:
				in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
				h_ip4_udp(in[i], "198.18.99.1", "198.51.100.1", 40, 20, false);
				break;
			case 3:
				in[i] = srv6_pkt(x[0], x, 2, 1, 64);
				break;
			default:
				in[i] = usid_pkt("fcbb:bb00:100:8001::");
				break;
			}
		}
		if (k == 5)
			n = 1;
		if (k == 6)
			n = add_martian(in, n);
		chunk_run(in, n, a);
		print_message("chunk %u\n", k);
		assert_int_equal(a->ev[SRV6GW_C_chunks], 1);
		assert_int_equal(a->ev[SRV6GW_C_chunks_alike], k < 4);
		assert_int_equal(a->ev[SRV6GW_C_chunks_general], k == 6);
		assert_int_equal(a->ev[SRV6GW_C_express_packets], k == 6 ? 0 : n);
		for (i = n; k == 5 && i < 4; i++)
			rte_pktmbuf_free(in[i]);
	}
	c0 = h_event(SRV6GW_C_chunks);
	a0 = h_event(SRV6GW_C_chunks_alike);
	g0 = h_event(SRV6GW_C_chunks_general);
	for (i = 0; i < RTE_DIM(in); i++)
		in[i] = srv6_pkt(e[0], e, 2, 1, 64);
	h_rx(H_CORE, in, RTE_DIM(in));
	h_tx_drain();
	assert_int_equal(h_event(SRV6GW_C_chunks) - c0, 2);
	assert_int_equal(h_event(SRV6GW_C_chunks_alike) - a0, 2);
	assert_int_equal(h_event(SRV6GW_C_chunks_general) - g0, 0);
	free(a);
}

/*
 * Uniform chunks (alike.c dp_chunk_uniform(): one flow, every frame the
 * first's but for its length) of transit and steered IPv6 packets, which
 * take the shaped way with one answer for all (rx.c chunk_alike()): to
 * the edge (routed), into "three" (H.Encaps, 3 SIDs) and "red3"
 * (H.Encaps.Red); each as four equal packets, with the third too big for
 * the edge's MTU or for the policy's, and with Hop Limit 1 (Time
 * Exceeded). Each chunk must give what the general way gives, the usual
 * ones in the lane. (Which way of the lane takes them, the shaped one,
 * is held by test/callgrind's one-flow scenarios: before, the same
 * results came from dp_express()'s per-packet passes.)
 */
static void
test_uniform_transit_steered(void **state)
{
	static const char *const dst[] = { "2001:db8:f::5", "2001:db8:bb::5", "2001:db8:aa::5" };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int d, c, i, j;

	(void)state;
	assert_non_null(a);
	for (d = 0; d < RTE_DIM(dst); d++) {
		for (c = 0; c < 3; c++) {
			for (j = 0; j < 2; j++) {
				for (i = 0; i < 4; i++) {
					in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
					h_ip6_udp(in[i], "fc00:c::2", dst[d], c == 2 ? 1 : 64,
						  c == 1 && i == 2 ? 1500 : 40);
					h_ip6_finish(in[i]);
				}
				h_worker()->icmp.last = 0;      /* a full ICMP bucket */
				chunk_run(in, j == 0 ? 4 : add_martian(in, 4), j == 0 ? a : b);
			}
			assert_int_equal(a->n, 4);
			if (c == 0) {
				assert_int_equal(same_but_martian(a, b), 4);
				assert_int_equal(a->ev[d == 0 ? SRV6GW_C_forwarded_ipv6 :
						      SRV6GW_C_encapsulated], 4);
			} else {
				same_but_martian(a, b);
			}
			if (c == 1)
				assert_int_equal(a->drops[SRV6GW_C_mtu_exceeded], 1);
			if (c == 2)
				assert_int_equal(a->drops[SRV6GW_C_ttl_exceeded], 4);
		}
	}
	free(a);
}

/*
 * Transit and headend chunks whose frames are alike but for their
 * destinations (alike.c dp_chunk_uniform() DP_CHUNK_SHAPED,
 * dp_express_shaped()), with a default route, so that every destination
 * has one: the second of three packets to 2001:db8:f::5 (the edge), or to
 * 2001:db8:bb::5 (steered into policy "three"), goes to a multicast,
 * loopback or unspecified address, to one of ours, a SID, an unknown SID
 * of a locator, a prefix steered into "three" or into "red3", elsewhere by
 * the default route (two runs of next hops), or is too big for the edge,
 * just at its MTU or one byte over (to another host of the first's /64:
 * the chunk's destinations are one run of the port's deciding bits, whose
 * answer all take, as with 2001:db8:f::6; the chunk's longest frame tells
 * whether each packet's length is tested). Each chunk must give what the
 * general way gives.
 */
static void
test_transit_shaped(void **state)
{
	static const char *const dst[] = {
		"ff02::1", "::1", "::", "2001:db8:e::1", "fc00:1::e", "fc00:1:0:99::1",
		"2001:db8:bb::7", "2001:db8:aa::7", "3000::1", "2001:db8:f::6",
	};
	static const char *const base[] = { "2001:db8:f::5", "2001:db8:bb::5" };
	static const char *const big[] = { "2001:db8:f::8", "2001:db8:bb::8" };
	/* (the big one's UDP payload: over the edge's MTU of 1500, at it, one over) */
	static const uint16_t big_len[] = { 1500, 1500 - 48, 1500 - 47 };
	const uint8_t *key = srv6gw_gen_current->ports[H_CORE].class6_key;
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int c, i, j, k, lane = 0;

	(void)state;
	assert_non_null(a);
	/* golden.conf's deciding bits are 64 (a /64 locator, our /64s): the
	 * hosts of 2001:db8:f::/64 are one run, classified once */
	for (i = 0; i < 16; i++)
		assert_int_equal(key[i], i < 8 ? 0xff : 0);
	for (k = 0; k < 2; k++) {
		for (c = 0; c < RTE_DIM(dst) + RTE_DIM(big_len); c++) {
			for (j = 0; j < 2; j++) {
				for (i = 0; i < 3; i++) {
					bool odd = i == 1;

					in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
					h_ip6_udp(in[i], "fc00:c::2",
						  !odd ? base[k] : c < RTE_DIM(dst) ? dst[c] : big[k],
						  64, odd && c >= RTE_DIM(dst) ?
						  big_len[c - RTE_DIM(dst)] : 40);
					h_ip6_finish(in[i]);
				}
				h_worker()->icmp.last = 0;      /* a full ICMP bucket */
				chunk_run(in, j == 0 ? 3 : add_martian(in, 3), j == 0 ? a : b);
			}
			lane += same_but_martian(a, b) == 3;
		}
	}
	/* in the lane: with transit, the last two destinations, the steered
	 * ones (dp_express()'s passes: transit and a headend's packets) and
	 * the one at the MTU; with steered packets, the steered ones, the last
	 * two, and the three big ones (with the outer headers all are too big:
	 * dp_encap_steered() hands them to dp_encap(), Packet Too Big) */
	assert_int_equal(lane, 4 + 1 + 5 + 2);
	free(a);
}

/* One of the chunks of test_memo(), on @p port: three frames, @p dst[0..2] */
static unsigned int
memo_chunk(uint16_t port, const char *const *dst, bool v4, bool martian, struct rte_mbuf **in)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		in[i] = h_eth(port, v4 ? RTE_ETHER_TYPE_IPV4 : RTE_ETHER_TYPE_IPV6);
		if (v4) {
			h_ip4_udp(in[i], "192.0.2.77", dst[i], 64, 40 + i, false);
			continue;
		}
		h_ip6_udp(in[i], "fc00:c::2", dst[i], 64, 40 + i);
		h_ip6_finish(in[i]);
	}
	if (!martian)
		return 3;
	in[3] = h_eth(port, RTE_ETHER_TYPE_IPV6);        /* (source ::1: the general way) */
	h_ip6_udp(in[3], "::1", "2001:db8:f::9", 64, 8);
	h_ip6_finish(in[3]);
	return 4;
}

/*
 * test_memo()'s chunk of @p dst[0..2] on @p port, run as it is (@p a) and
 * with a martian (@p b, the general way), each with a full ICMP bucket:
 * the two must be the same. @return the packets the lane took.
 */
static uint64_t
memo_both(uint16_t port, const char *const *dst, bool v4, struct chunk_out *a,
	  struct chunk_out *b)
{
	struct rte_mbuf *in[DP_BURST];
	unsigned int j, n;

	for (j = 0; j < 2; j++) {
		n = memo_chunk(port, dst, v4, j == 1, in);
		h_worker()->icmp.last = 0;
		chunk_run_on(port, in, n, j == 0 ? a : b);
	}
	return same_but_martian(a, b);
}

/*
 * One of test_memo()'s End chunks: three packets to fc00:1::e, received
 * on the core, whose next SID is @p next, or packet i's @p next2[i] when
 * given; run, and the same with a martian (the general way): the two must
 * be the same. @return the first frame's Ethernet destination, as a
 * number.
 */
static uint64_t
memo_end_chunks(const char *next, const char *const *next2, struct chunk_out *a,
		struct chunk_out *b)
{
	struct rte_mbuf *in[DP_BURST];
	uint64_t mac = 0;
	unsigned int i, j, n;

	for (j = 0; j < 2; j++) {
		for (i = 0; i < 3; i++) {
			const char *segs[] = { "fc00:1::e", next2 != NULL ? next2[i] : next };

			in[i] = srv6_pkt("fc00:1::e", segs, 2, 1, 64);
		}
		n = j == 0 ? 3 : add_martian(in, 3);
		h_worker()->icmp.last = 0;     /* a full ICMP bucket */
		chunk_run(in, n, j == 0 ? a : b);
	}
	assert_int_equal(same_but_martian(a, b), 3);
	assert_int_equal(a->n, 3);
	memcpy(&mac, a->frame[0], 6);
	return rte_be_to_cpu_64(mac) >> 16;
}

/*
 * The last one answer a chunk's classification gave, kept for the next
 * (struct dp_memo6, dp_memo4): each chunk of a sequence built to trip a
 * stale answer gives what the general way gives (the same chunk with a
 * martian). IPv6 chunks of three hosts of one /64 (keyed) or of one host
 * (uniform): to 2001:db8:f:: (routed to the edge; the first two
 * destinations equal; the answer is kept), to other hosts of it (the
 * kept answer), one host of it, two then one, to 2001:db8:bb:: (steered
 * into "three" here on the core only) from the core twice, the edge (no
 * route: Destination Unreachable) and the core, to our edge /64 with our
 * address among its hosts (no answer kept: ours may share those bits);
 * to the SID fc00:1::e (kept for that one destination), again, to
 * fc00:1::e1 (End with PSP: not the kept one), two of it then fc00:1::e,
 * fc00:1::e with fc00:1::e1 among them (the kept answer is not the
 * /64's), from the edge; to
 * 2001:db8:f:: from the edge and the core; IPv4 chunks to
 * 198.18.2.0/24, steered on the core only, from the core twice, the
 * edge, the core; then a reload that routes 2001:db8:f::/48 to
 * the core and steers 198.18.2.0/24 into "one-srh" (a new generation, the
 * same worker), after which the chunks must follow the new rules. And End
 * chunks whose one next SID's route is kept (struct dp_memo_next): to
 * 2001:db8:f::99, twice, then with another next SID among them (not one),
 * one to a SID of ours (resubmitted; not kept), and after the reload to
 * 2001:db8:f::99 again, now to the core.
 */
static void
test_memo(void **state)
{
	static const struct {
		uint16_t port;
		bool v4;
		const char *dst[3];
		int lane;               /* packets the lane takes (-1: not the point) */
	} c[] = {
		{ H_CORE, false, { "2001:db8:f::5", "2001:db8:f::5", "2001:db8:f::7" }, 3 },
		{ H_CORE, false, { "2001:db8:f::8", "2001:db8:f::9", "2001:db8:f::a" }, 3 },
		{ H_CORE, false, { "2001:db8:f::b", "2001:db8:f::b", "2001:db8:f::b" }, 3 },
		{ H_CORE, false, { "2001:db8:f::c", "2001:db8:f::c", "2001:db8:f::d" }, 3 },
		{ H_CORE, false, { "2001:db8:bb::5", "2001:db8:bb::6", "2001:db8:bb::7" }, 3 },
		{ H_CORE, false, { "2001:db8:bb::8", "2001:db8:bb::9", "2001:db8:bb::a" }, 3 },
		{ H_EDGE, false, { "2001:db8:bb::8", "2001:db8:bb::9", "2001:db8:bb::a" }, 0 },
		{ H_CORE, false, { "2001:db8:bb::5", "2001:db8:bb::6", "2001:db8:bb::7" }, 3 },
		{ H_CORE, false, { "2001:db8:e::10", "2001:db8:e::1", "2001:db8:e::10" }, 0 },
		{ H_CORE, false, { "fc00:1::e", "fc00:1::e", "fc00:1::e" }, -1 },
		{ H_CORE, false, { "fc00:1::e", "fc00:1::e", "fc00:1::e" }, -1 },
		{ H_CORE, false, { "fc00:1::e1", "fc00:1::e1", "fc00:1::e1" }, -1 },
		{ H_CORE, false, { "fc00:1::e1", "fc00:1::e1", "fc00:1::e" }, -1 },
		{ H_CORE, false, { "fc00:1::e", "fc00:1::e1", "fc00:1::e" }, -1 },
		{ H_EDGE, false, { "fc00:1::e", "fc00:1::e", "fc00:1::e" }, -1 },
		{ H_EDGE, false, { "2001:db8:f::5", "2001:db8:f::6", "2001:db8:f::7" }, 3 },
		{ H_CORE, false, { "2001:db8:f::c", "2001:db8:f::d", "2001:db8:f::e" }, 3 },
		{ H_CORE, true, { "198.18.2.1", "198.18.2.2", "198.18.2.3" }, 3 },
		{ H_CORE, true, { "198.18.2.4", "198.18.2.5", "198.18.2.6" }, 3 },
		{ H_EDGE, true, { "198.18.2.4", "198.18.2.5", "198.18.2.6" }, 3 },
		{ H_CORE, true, { "198.18.2.7", "198.18.2.8", "198.18.2.9" }, 3 },
	};
	static const char *const at[] = {
		"  { prefix = \"2001:db8:f::/48\";  via = \"2001:db8:e::10\"; port = \"edge\"; },\n",
		"    { match = \"198.18.2.0/24\";    policy = \"three\"; port = \"core\"; },\n",
	};
	static const char *const with[] = {
		"  { prefix = \"2001:db8:f::/48\";  via = \"fc00:c::2\"; port = \"core\"; },\n",
		"    { match = \"198.18.2.0/24\";    policy = \"one-srh\"; port = \"core\"; },\n",
	};
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	uint64_t lane;
	uint8_t f[16];
	unsigned int k, j;

	(void)state;
	assert_non_null(a);
	h_addr("2001:db8:f::5", f);
	for (k = 0; k < RTE_DIM(c); k++) {
		print_message("chunk %u\n", k);
		lane = memo_both(c[k].port, c[k].dst, c[k].v4, a, b);
		if (c[k].lane >= 0)
			assert_int_equal(lane, c[k].lane);
		if (k == 0) {   /* (kept: this generation's, the core's, the chunk's head) */
			assert_int_equal(h_worker()->memo6.gen, srv6gw_gen_current->id);
			assert_int_equal(h_worker()->memo6.port, H_CORE);
			assert_memory_equal(h_worker()->memo6.da, f, 16);
		}
		if (strcmp(c[k].dst[1], "2001:db8:e::1") == 0)  /* (nothing kept of it) */
			assert_int_equal(h_worker()->memo6.da[5], 0xbb);
	}
	assert_int_equal(h_worker()->memo4.port, H_CORE);
	assert_int_equal(h_worker()->memo4.gen, srv6gw_gen_current->id);
	assert_int_equal(a->ev[SRV6GW_C_encapsulated], 3);
	/* End chunks: the next SID's route kept (struct dp_memo_next), taken
	 * (to the edge's neighbour); a next SID of ours is not kept */
	for (k = 0; k < 2; k++)
		assert_int_equal(memo_end_chunks("2001:db8:f::99", NULL, a, b), 0x02000000ee10);
	assert_int_equal(h_worker()->memo_next.gen, srv6gw_gen_current->id);
	/* (three next SIDs, the kept one first: each its own route) */
	assert_int_equal(memo_end_chunks(NULL, (const char *[]){ "2001:db8:f::99", "fc00:2::e",
								 "2001:db8:f::99" }, a, b),
			 0x020000000c02);               /* (the core's frames come first) */
	for (j = 0; j < 2; j++) {
		in[0] = srv6_pkt("fc00:1::e", (const char *[]){ "fc00:1::e", "fc00:1::e1" }, 2, 1, 64);
		in[1] = srv6_pkt("fc00:1::e", (const char *[]){ "fc00:1::e", "fc00:1::e1" }, 2, 1, 64);
		h_worker()->icmp.last = 0;
		chunk_run(in, j == 0 ? 2 : add_martian(in, 2), j == 0 ? a : b);
	}
	same_but_martian(a, b);
	h_addr("2001:db8:f::99", f);
	assert_memory_equal(h_worker()->memo_next.da, f, 16);
	/* (the /64's answer kept again, for the reload) */
	assert_int_equal(memo_both(H_CORE, c[1].dst, false, a, b), 3);
	assert_false(h_worker()->memo6.exact);
	assert_int_equal(load_changed_n(h_reload, at, with, RTE_DIM(at)), 0);
	assert_int_equal(memo_end_chunks("2001:db8:f::99", NULL, a, b), 0x020000000c02);
	/* (into "one-srh" now: an SRH of one SID) */
	assert_int_equal(memo_both(H_CORE, c[RTE_DIM(c) - 1].dst, true, a, b), 3);
	assert_int_equal(a->len[0], RTE_ETHER_HDR_LEN + 40 + 8 + 16 + 20 + 8 + 40);
	for (k = 0; k < 2; k++) {
		assert_int_equal(memo_both(H_CORE, c[k].dst, false, a, b), 3);
		assert_int_equal(a->n, 3);      /* to the core now (its neighbour's MAC) */
		for (j = 0; j < 3; j++)
			assert_memory_equal(a->frame[j], "\x02\x00\x00\x00\x0c\x02", 6);
	}
	free(a);
}

/*
 * A uniform chunk of End.DT6 packets (fc00:1::a6, table 10) whose inner
 * destinations take turns between two next hops, with runs of one next
 * hop over several destinations and one destination without a route:
 * dp_express_uniform() looks up per run of destinations equal in the
 * table's deciding bits (its longest prefix, /65 here) and sends per run
 * of one next hop. 2001:db8:10:0:8000::1 follows 2001:db8:10::3, equal to
 * it in the first 64 bits but not the 65th: a key one bit short would send
 * it to the edge with its run. Each packet must leave as the general way
 * sends it, in the same order: three to the edge, four to the core, and
 * Destination Unreachable for the last (to its inner source, via the edge).
 */
static void
test_dt6_next_hops(void **state)
{
	static const char *const dst[] = {
		"2001:db8:10::1", "2001:db8:11::1", "2001:db8:10::2", "2001:db8:10::3",
		"2001:db8:10:0:8000::1", "2001:db8:11::2", "2001:db8:11::2", "2001:db8:99::1",
	};
	static const unsigned int to_core[] = { 1, 4, 5, 6 };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int i, j;

	(void)state;
	assert_non_null(a);
	for (j = 0; j < 2; j++) {
		for (i = 0; i < RTE_DIM(dst); i++) {
			in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
			h_ip6(in[i], "fc00:c::2", "fc00:1::a6", SRV6GW_IPPROTO_IPV6, 64);
			h_ip6_udp(in[i], "2001:db8:f::9", dst[i], 50, 24 + i);
			h_ip6_finish(in[i]);
		}
		h_worker()->icmp.last = 0;      /* a full ICMP bucket */
		chunk_run(in, j == 0 ? RTE_DIM(dst) : add_martian(in, RTE_DIM(dst)), j == 0 ? a : b);
	}
	assert_int_equal(a->n, RTE_DIM(dst));
	assert_int_equal(a->drops[SRV6GW_C_no_route], 1);
	assert_int_equal(a->ev[SRV6GW_C_decapsulated], RTE_DIM(dst));
	/* chunk_run() takes the core's frames first: the inner packets to
	 * 2001:db8:11::/48 and 2001:db8:10:0:8000::/65, in their order (told
	 * by their lengths) */
	for (i = 0; i < RTE_DIM(to_core); i++) {
		unsigned int k = to_core[i];

		assert_addr(a->frame[i] + RTE_ETHER_HDR_LEN + 24, dst[k]);
		assert_int_equal(a->len[i], RTE_ETHER_HDR_LEN + 40 + 8 + 24 + k);
	}
	lane_same_as_general(a, b, RTE_DIM(dst));
	free(a);
}

/*
 * Chunks of IPv4 frames to us (alike.c dp_chunk_uniform() DP_CHUNK_IPV4,
 * dp_express_shaped4()): three packets routed by the default route (to
 * 10.1.1.1, the edge), steered (to 203.0.113.9, policy "to-laptop") or
 * sent on the edge's subnet (to 192.0.2.10, a neighbour on 192.0.2.0/24,
 * where our address 192.0.2.1 is), the second of which has a wrong
 * checksum, TTL 1, options, our address or a loopback, multicast or
 * broadcast destination, a loopback source, another route (198.51.100.1
 * is table 20's, so the main one's default), another policy ("one-sid"),
 * or is too big (DF set, and DF clear), or goes to another MAC, or is ARP,
 * or goes to another host of the first's /24; and the same with two
 * packets to 224.0.0.5 (multicast, dropped). Each chunk must give what
 * the general way gives. golden.conf's IPv4 prefixes are at most /24
 * long, so a chunk whose destinations share their first 24 bits takes
 * the first's classification (dp_ipv4_classify_same()) unless our
 * address is among those hosts: to 192.0.2.10 and 192.0.2.1, each packet
 * is classified, and the one to us answered as ours.
 */
static void
test_ipv4_chunks(void **state)
{
	static const char *const base[] = { "10.1.1.1", "203.0.113.9", "192.0.2.10",
					    "224.0.0.5" };
	static const char *const host[] = { "10.1.1.77", "203.0.113.77", "192.0.2.254",
					    "224.0.0.6" };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int k, c, i, j;
	uint32_t lane[4] = { 0, 0, 0, 0 };

	(void)state;
	assert_non_null(a);
	assert_int_equal(srv6gw_gen_current->ports[H_CORE].class4_key, RTE_BE32(0xffffff00));
	for (k = 0; k < 4; k++) {
		for (c = 0; c < 20; c++) {
			for (j = 0; j < 2; j++) {
				for (i = 0; i < 3; i++) {
					const char *src = "198.18.99.1", *dst = base[k];
					uint16_t plen = 20;
					uint8_t ttl = 40;
					bool df = false;
					struct rte_ipv4_hdr *ip;

					in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
					if (i == 1) {
						switch (c) {
						case 1: ttl = 1; break;
						case 3: dst = "192.0.2.1"; break;
						case 4: dst = "127.0.0.1"; break;
						case 5: dst = "224.0.0.5"; break;
						case 6: dst = "255.255.255.255"; break;
						case 7: src = "127.0.0.1"; break;
						case 8: dst = "198.51.100.1"; break;
						case 9: dst = "198.18.0.7"; break;
						case 10: plen = 1480; df = true; break;
						case 11: plen = 1480; break;
						case 14: dst = "10.1.1.2"; break;
						case 16: dst = host[k]; break;
						default: break;
						}
					}
					ip = h_ip4_udp(in[i], src, dst, ttl, plen, df);
					if (i == 1 && c == 0)
						ip->hdr_checksum ^= 0x0100;
					if (i == 1 && c == 2) {         /* IHL 6, checksum fixed */
						ip->version_ihl = 0x46;
						ip->hdr_checksum = 0;
						ip->hdr_checksum = rte_ipv4_cksum(ip);
					}
					if (i == 1 && c == 12)          /* another host's MAC */
						rte_pktmbuf_mtod(in[i], uint8_t *)[5] ^= 0x10;
					if (i == 1 && c == 13)          /* ARP's EtherType */
						rte_pktmbuf_mtod(in[i], struct rte_ether_hdr *)
							->ether_type = RTE_BE16(RTE_ETHER_TYPE_ARP);
					if (i == 1 && c == 17) {        /* a first fragment */
						ip->fragment_offset =
							RTE_BE16(RTE_IPV4_HDR_MF_FLAG);
						ip->hdr_checksum = 0;
						ip->hdr_checksum = rte_ipv4_cksum(ip);
					}
					if (i == 1 && c == 18) {        /* UDP, 2 bytes of it */
						ip->total_length = RTE_BE16(22);
						rte_pktmbuf_trim(in[i], 26);
						ip->hdr_checksum = 0;
						ip->hdr_checksum = rte_ipv4_cksum(ip);
					}
					if (i == 1 && c == 19)          /* 6 bytes of headroom */
						h_headroom(in[i], 6);
				}
				h_worker()->icmp.last = 0;      /* a full ICMP bucket */
				chunk_run(in, j == 0 ? 3 : add_martian(in, 3), j == 0 ? a : b);
			}
			if (same_but_martian(a, b) == 3)
				lane[k] |= 1u << c;
			if (k == 2 && c == 3)   /* the one to us: ours, not sent on */
				assert_int_equal(a->drops[SRV6GW_C_ipv4_local_unhandled], 1);
			if (k == 3 && c == 15)  /* one answer, but multicast */
				assert_int_equal(a->drops[SRV6GW_C_ipv4_multicast], 3);
		}
	}
	/* in the lane (bit c): routed, the unchanged chunk (15), another
	 * destination of the route (16, 14, 8), a steered one among the
	 * routed (9, dp_express()'s passes), a fragment (17; steered, its
	 * flow label without ports), UDP without its ports (18; the same),
	 * little headroom (19; steered, moved first, dp_encap_same() declines);
	 * steered, those and what the headend answers itself: TTL 1 (1), too
	 * big (10, 11) */
	assert_int_equal(lane[0], 7u << 17 | 1u << 16 | 1u << 15 | 1u << 14 | 1u << 9 | 1u << 8);
	assert_int_equal(lane[1], 7u << 17 | 1u << 16 | 1u << 15 | 1u << 14 | 1u << 11 |
				  1u << 10 | 1u << 9 | 1u << 8 | 1u << 1);
	assert_int_equal(lane[2], 7u << 17 | 1u << 16 | 1u << 15 | 1u << 14 | 1u << 9 | 1u << 8);
	assert_int_equal(lane[3], 0);
	free(a);
}

/* A frame of chunk16_cases(): frame @p i of case @p c, changed for it when @p x */
typedef struct rte_mbuf *(*chunk16_frame)(unsigned int i, unsigned int c, bool x);

/*
 * Chunks of 16 frames, two blocks of 8, for each case c < @p cases: frame
 * i made by @p frame, changed (x) at the first, a middle or the last place
 * of a block, or everywhere when @p all[c]. Each chunk gives what the
 * general way gives (same_but_martian(): frames, flow labels, counters),
 * and the chunks of the cases @p usual marks are the lane's whole.
 */
static void
chunk16_cases(chunk16_frame frame, unsigned int cases, const bool *usual, const bool *all)
{
	static const unsigned int at[] = { 0, 5, 8, 15 };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int c, p, j, i;

	assert_non_null(a);
	for (c = 0; c < cases; c++) {
		for (p = 0; p < RTE_DIM(at); p++) {
			for (j = 0; j < 2; j++) {
				for (i = 0; i < 16; i++)
					in[i] = frame(i, c, all[c] || i == at[p]);
				h_worker()->icmp.last = 0;      /* a full ICMP bucket */
				chunk_run(in, j == 0 ? 16 : add_martian(in, 16), j == 0 ? a : b);
			}
			if (usual[c])
				assert_int_equal(same_but_martian(a, b), 16);
			else
				(void)same_but_martian(a, b);
			if (all[c])
				break;
		}
	}
	free(a);
}

/* test_ipv4_chunks_x8()'s frame: UDP to 203.0.113.9 (steered), changed by case @p c */
static struct rte_mbuf *
chunk16_frame4(unsigned int i, unsigned int c, bool x)
{
	static const char *const s9[] = { "0.1.2.3", "127.0.0.1", "224.0.0.1", "240.0.0.1",
					  "126.1.1.1", "128.0.0.1", "223.255.255.1",
					  "255.255.255.255" };
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
	char src[32];
	uint16_t plen = 20;
	struct rte_ipv4_hdr *ip;
	uint8_t *l4;

	snprintf(src, sizeof(src), "198.18.%u.%u", c, 1 + i);
	if (x && c >= 9 && c <= 16)
		snprintf(src, sizeof(src), "%s", s9[c - 9]);
	if (x && c == 24)
		plen = 0;       /* UDP, 2 bytes of it (below) */
	if (x && c == 27)
		plen = 1480;    /* over the list's MTU */
	ip = h_ip4_udp(m, src, "203.0.113.9", x && c == 7 ? 1 : x && c == 8 ? 2 : 40, plen,
		       x && (c == 23 || c == 27));
	l4 = (uint8_t *)(ip + 1);
	l4[1] = (uint8_t)(i * 7 + c);   /* the source port */
	if (!x)
		return m;
	switch (c) {
	case 1: ip->hdr_checksum ^= 0x0100; return m;
	case 2: ip->hdr_checksum ^= 0x0001; return m;
	case 3: ip->version_ihl = 0x46; break;
	case 4: ip->version_ihl = 0x65; break;
	case 5: ip->total_length = RTE_BE16(49); break;
	case 6: ip->total_length = RTE_BE16(47); break;
	case 17: ip->next_proto_id = IPPROTO_TCP; break;
	case 18: ip->next_proto_id = IPPROTO_ICMP; break;
	case 19: ip->next_proto_id = IPPROTO_SCTP; break;
	case 20: ip->next_proto_id = 0; break;
	case 21: ip->fragment_offset = RTE_BE16(RTE_IPV4_HDR_MF_FLAG); break;  /* a first fragment */
	case 22: ip->fragment_offset = RTE_BE16(1); break;
	case 24:        /* total length 22: under 24 bytes */
		ip->total_length = RTE_BE16(22);
		rte_pktmbuf_trim(m, 6);
		break;
	case 25:        /* exactly 24 bytes */
		ip->total_length = RTE_BE16(24);
		rte_pktmbuf_trim(m, 24);
		break;
	case 26: h_headroom(m, 6); return m;
	case 28: {      /* UDP in a second segment */
		struct rte_mbuf *t = rte_pktmbuf_alloc(h_pool());

		assert_non_null(t);
		h_put(t, l4, 28);
		memset(l4, 0xee, 28);   /* (what a read past the first segment's data would see) */
		rte_pktmbuf_trim(m, 28);
		assert_int_equal(rte_pktmbuf_chain(m, t), 0);
		return m;
	}
	default: return m;
	}
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	return m;
}

/*
 * Chunks of 16 steered IPv4 frames, two blocks of 8 for the headend's
 * 8-at-a-time check (src/dp/check_x8.h, AVX-512 builds; the scalar loop
 * elsewhere), one frame changed at the first, a middle or the last place
 * of a block, case by case (chunk16_cases()). The cases are what the
 * checks decide on (RFC 791 §3.1 header fields, RFC 1812 §5.2.2 checksum
 * and §5.3.7 sources, the TTL, the ports the flow label hashes, RFC 6437)
 * and their edges on the usual side.
 */
static void
test_ipv4_chunks_x8(void **state)
{
	/* cases whose chunk is usual (the lane's, all 16) */
	static const bool usual[29] = {
		[0] = true, [8] = true, [13] = true, [14] = true, [15] = true, [17] = true,
		[18] = true, [19] = true, [20] = true, [21] = true, [22] = true, [23] = true,
		[24] = true, [25] = true,
	};
	static const bool all[29];

	(void)state;
	chunk16_cases(chunk16_frame4, RTE_DIM(usual), usual, all);
}

/* test_ipv6_chunks_16()'s frame: UDP to 2001:db8:bb::/48 (steered), changed by case @p c */
static struct rte_mbuf *
chunk16_frame6(unsigned int i, unsigned int c, bool x)
{
	static const char *const dst11[] = { "ff0e::1", "::", "2001:db8:f::5" };
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	char dst[48];
	struct rte_ipv6_hdr *ip;
	uint8_t *l4;

	snprintf(dst, sizeof(dst), "2001:db8:bb::%x", 1 + i + c * 16);
	if (x && c >= 11)
		snprintf(dst, sizeof(dst), "%s", dst11[c - 11]);
	ip = h_ip6_udp(m, "fc00:c::2", dst, x && c == 1 ? 1 : x && c == 2 ? 2 : 64,
		       x && c == 10 ? 1500 : x && c >= 8 && c <= 9 ? 0 : 20);
	l4 = (uint8_t *)(ip + 1);
	l4[1] = (uint8_t)(i * 7 + c);   /* the source port */
	if (x) {
		switch (c) {
		case 3: ip->proto = IPPROTO_TCP; break;
		case 4: ip->proto = IPPROTO_SCTP; break;
		case 5: ip->proto = IPPROTO_ICMPV6; break;
		case 6: ip->proto = 200; break;
		case 7: h_headroom(m, 6); break;
		case 8: rte_pktmbuf_trim(m, 6); break;  /* 2 bytes after the header */
		case 9: rte_pktmbuf_trim(m, 4); break;  /* 4 bytes */
		default: break;
		}
	}
	h_ip6_finish(m);
	return m;
}

/*
 * test_ipv4_chunks_x8()'s chunks of 16 for IPv6 (its headend checks stay
 * scalar: check_x8.h), steered into "three" (2001:db8:bb::/48, one answer
 * for all). One frame changed at the first, a middle or the last place of
 * a block of 8: Hop Limit 1 and 2 (RFC 8200 §3; the headend decrements
 * it), a destination outside the policy's prefix (multicast, unspecified,
 * elsewhere), little headroom, too big; or every frame: the protocols
 * whose ports the flow label hashes (RFC 6437) and others, 2 and 4 bytes
 * after the header. Each chunk gives what the general way gives, the
 * usual ones in the lane.
 */
static void
test_ipv6_chunks_16(void **state)
{
	static const bool usual[14] = {
		[0] = true, [2] = true, [3] = true, [4] = true, [5] = true, [6] = true,
		[8] = true, [9] = true,
	};
	/* cases changing every frame (a chunk is only alike when its frames
	 * share their Next Header and consistent lengths: dp_chunk_uniform()) */
	static const bool all[14] = {
		[3] = true, [4] = true, [5] = true, [6] = true, [8] = true, [9] = true,
	};

	(void)state;
	chunk16_cases(chunk16_frame6, RTE_DIM(usual), usual, all);
}

/*
 * A port with uRPF (RFC 3704) keeps the express lane out: IPv4 chunks from
 * the core, whose sources are routed via the edge, fail strict uRPF in the
 * general way, routed or steered, and the lane must leave them to it
 * (dp_express_shaped4(), xp_check_chunk()).
 */
static void
test_urpf_chunks(void **state)
{
	static const char *const dst[] = { "10.1.1.1", "203.0.113.9" };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int k, i, j;

	(void)state;
	assert_non_null(a);
	for (k = 0; k < 2; k++) {
		for (j = 0; j < 2; j++) {
			for (i = 0; i < 3; i++) {
				in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
				h_ip4_udp(in[i], "198.18.99.1", dst[k], 40, 20, false);
			}
			chunk_run(in, j == 0 ? 3 : add_martian(in, 3), j == 0 ? a : b);
		}
		assert_int_equal(a->drops[SRV6GW_C_urpf_failed], 3);
		assert_int_equal(a->n, 0);
		b->drops[SRV6GW_C_ipv6_martian]--;
		b->ev[SRV6GW_C_rx_packets]--;
		chunks_same(a, b);
	}
	free(a);
}

/*
 * A chunk of four alike IPv4 frames, and one of four IPv6 frames, steered
 * into policy "five" (setup_long_list(): an outer header of 128 bytes,
 * which the chunk's way copies in a loop, not in fixed blocks;
 * dp_encap_same()). Each frame must carry what RFC 8986 §5.1 and RFC 8754
 * §2 make of it: outer destination the first SID, an SRH listing the five
 * in reverse, Segments Left and Last Entry 4, Next Header the inner
 * family's, payload length the SRH and the inner packet, the inner packet
 * as sent but for its TTL/HL (one less) and IPv4 checksum; and the same
 * as the general way gives (the chunk with a martian). Both chunks are
 * alike (IPv4; IPv6 uniform, its ports outside the compared bytes), so
 * both go through dp_encap_same().
 */
static void
test_long_list_chunks(void **state)
{
	static const char *const segs[] = {
		"fc00:2::e", "fc00:3::e", "fc00:4::e", "fc00:5::e", "fc00:4::d6",
	};
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[DP_BURST];
	unsigned int v6, i, j, k;

	(void)state;
	assert_non_null(a);
	for (v6 = 0; v6 < 2; v6++) {
		uint8_t sent[4][128];
		uint16_t inner = v6 ? 40 + 8 + 30 : 20 + 8 + 30;

		for (j = 0; j < 2; j++) {
			for (i = 0; i < 4; i++) {
				in[i] = h_eth(H_CORE, v6 ? RTE_ETHER_TYPE_IPV6 :
							   RTE_ETHER_TYPE_IPV4);
				if (v6) {
					h_ip6_udp(in[i], "fc00:c::2", "2001:db8:dd::5", 64, 30);
					h_ip6_finish(in[i]);
				} else {
					h_ip4_udp(in[i], "198.18.99.1", "198.18.20.9", 40, 30,
						  false);
				}
				/* (each packet its own ports: its own flow label) */
				h_l3(in[i])[inner - 38 + 1] = (uint8_t)i;
				memcpy(sent[i], rte_pktmbuf_mtod_offset(in[i], uint8_t *,
									RTE_ETHER_HDR_LEN), inner);
			}
			chunk_run(in, j == 0 ? 4 : add_martian(in, 4), j == 0 ? a : b);
		}
		assert_int_equal(same_but_martian(a, b), 4);
		assert_int_equal(a->n, 4);
		for (i = 0; i < 4; i++) {
			const uint8_t *f = a->frame[i] + RTE_ETHER_HDR_LEN;
			const struct rte_ipv6_hdr *o = (const struct rte_ipv6_hdr *)f;
			const struct srv6gw_srh *s = (const struct srv6gw_srh *)(f + 40);
			const uint8_t *p = f + 40 + 8 + 16 * RTE_DIM(segs);

			assert_int_equal(a->len[i], RTE_ETHER_HDR_LEN + 40 + 8 + 80 + inner);
			assert_int_equal(rte_be_to_cpu_16(o->payload_len), 8 + 80 + inner);
			assert_int_equal(o->proto, SRV6GW_IPPROTO_ROUTING);
			assert_addr(o->src_addr, "fc00:1::1");
			assert_addr(o->dst_addr, segs[0]);
			assert_int_equal(s->next_hdr,
					 v6 ? SRV6GW_IPPROTO_IPV6 : SRV6GW_IPPROTO_IPIP);
			assert_int_equal(s->hdr_len, 2 * RTE_DIM(segs));
			assert_int_equal(s->segments_left, RTE_DIM(segs) - 1);
			assert_int_equal(s->last_entry, RTE_DIM(segs) - 1);
			for (k = 0; k < RTE_DIM(segs); k++)
				assert_addr(s->segments[k], segs[RTE_DIM(segs) - 1 - k]);
			/* the inner packet: TTL/HL one less (IPv4: its checksum
			 * fixed), the rest as sent */
			if (v6) {
				assert_int_equal(p[7], sent[i][7] - 1);
				assert_memory_equal(p, sent[i], 7);
				assert_memory_equal(p + 8, sent[i] + 8, inner - 8);
			} else {
				assert_int_equal(p[8], sent[i][8] - 1);
				assert_int_equal(rte_raw_cksum(p, 20), 0xffff);
				assert_memory_equal(p, sent[i], 8);
				assert_memory_equal(p + 12, sent[i] + 12, inner - 12);
			}
		}
		/* four flows, four labels (RFC 8754 §5.5) */
		for (i = 1; i < 4; i++)
			assert_memory_not_equal(a->frame[i] + RTE_ETHER_HDR_LEN + 1,
						a->frame[0] + RTE_ETHER_HDR_LEN + 1, 3);
	}
	free(a);
}

/*
 * Runs of equal destinations (an endpoint's traffic: one SID, one next SID)
 * are looked up once per run, in the SID table (ipv6.c dp_sid_match_bulk)
 * and for the next SIDs (express.c pass 3): each packet must still get its
 * own SID's behaviour and its own next SID's route. The expected frames come
 * from the routes of golden.conf (fc00::/16 to the core, 2001:db8:f::/48 to
 * the edge, 2001:db8:99:: unrouted), and the lane must answer as the general
 * way does.
 */
static void
test_express_runs(void **state)
{
	static const char *const core[] = { "fc00:1::e", "fc00:2::e" };
	static const char *const edge[] = { "fc00:1::e", "2001:db8:f::1" };
	static const char *const nort[] = { "fc00:1::e", "2001:db8:99::1" };
	/* what leaves: the core's frames in order, then the edge's */
	static const char *const want_da[] = { "fc00:2::e", "fc00:2::e", "fc00:2::e",
					       "fc00:c::2", "fc00:2::e", "2001:db8:f::1" };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[10];
	uint8_t da[16];
	unsigned int n, i, j;

	(void)state;
	assert_non_null(a);
	for (j = 0; j < 2; j++) {
		struct chunk_out *r = j == 0 ? a : b;

		n = 0;
		in[n++] = srv6_pkt(core[0], core, 2, 1, 64);
		in[n++] = srv6_pkt(core[0], core, 2, 1, 64);
		in[n++] = srv6_pkt(edge[0], edge, 2, 1, 64);
		in[n++] = dx4_pkt();
		in[n++] = dx4_pkt();
		in[n++] = srv6_pkt(core[0], core, 2, 1, 64);
		in[n++] = srv6_pkt(nort[0], nort, 2, 1, 64);
		in[n++] = srv6_pkt(core[0], core, 2, 1, 64);
		chunk_run(in, j == 0 ? n : add_martian(in, n), r);
	}
	assert_int_equal(a->n, 8);
	for (i = 0; i < 6; i++) {
		const struct rte_ipv6_hdr *ip =
			(const struct rte_ipv6_hdr *)(a->frame[i] + RTE_ETHER_HDR_LEN);

		h_addr(want_da[i], da);
		assert_memory_equal(ip->dst_addr, da, 16);
		if (i == 3)     /* no route: Destination Unreachable back to the source */
			assert_int_equal(ip->proto, IPPROTO_ICMPV6);
	}
	for (i = 6; i < 8; i++)         /* End.DX4: the inner IPv4 packet */
		assert_int_equal(((const struct rte_ether_hdr *)a->frame[i])->ether_type,
				 rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4));
	lane_same_as_general(a, b, 8);
	free(a);
}

/* This worker's CNT-1 packet count of SID @p sid (the harness has one worker). */
static uint64_t
sid_count(const char *sid)
{
	const struct srv6gw_gen *g = srv6gw_gen_get();
	uint8_t a[16];
	int64_t i;

	h_addr(sid, a);
	i = srv6gw_addr_tab_get(&g->sids, a);
	assert_true(i >= 0);
	return g->sid_stats[i].packets;
}

static void
exact_free_cb(void *addr, void *opaque)
{
	free(addr);
	free(opaque);
}

/*
 * @p src's frame moved into an external buffer that ends where the frame
 * does (malloc'd, the shared info apart): under ASan (test/asan) a read past
 * the frame's last byte is an error, where a pool mbuf's data room would
 * hide it. @p src is freed.
 */
static struct rte_mbuf *
exact_copy(struct rte_mbuf *src)
{
	struct rte_mbuf_ext_shared_info *sh = malloc(sizeof(*sh));
	uint16_t len = (uint16_t)src->pkt_len, buf_len = RTE_PKTMBUF_HEADROOM + len;
	uint8_t *buf = malloc(buf_len);
	struct rte_mbuf *m = rte_pktmbuf_alloc(h_pool());

	assert_true(sh != NULL && buf != NULL && m != NULL);
	memcpy(buf + RTE_PKTMBUF_HEADROOM, rte_pktmbuf_mtod(src, void *), len);
	sh->free_cb = exact_free_cb;
	sh->fcb_opaque = sh;
	rte_mbuf_ext_refcnt_set(sh, 1);
	rte_pktmbuf_attach_extbuf(m, buf, (rte_iova_t)(uintptr_t)buf, buf_len, sh);
	m->data_off = RTE_PKTMBUF_HEADROOM;
	m->data_len = m->pkt_len = len;
	rte_pktmbuf_free(src);
	return m;
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
static struct rte_mbuf *
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

/*
 * What dp_chunk_uniform() (alike.c) makes of four copies of an End frame:
 * uniform as they are; shaped when the destination of one or more differs
 * from the first's (the first's own included), from that frame on, and
 * keyed when they differ only outside the deciding bits given (the first
 * 64 or none; not when all 128 are, or when none are given); mixed when a
 * deciding byte (Hop Limit) or the length of a frame before or after that
 * one differs too. The longest frame is noted wherever it is. The frames
 * stay as they came.
 */
static void
test_chunk_kinds(void **state)
{
	static const struct {
		int8_t dst[2];          /* frames whose destination's last byte differs */
		int8_t kd;              /* a frame whose destination's 8th byte differs */
		int8_t hl, cut;         /* a frame whose Hop Limit differs, one 8 bytes short */
		int16_t key;            /* the deciding bits given: the first ones (-1: NULL) */
		enum dp_chunk_kind want;
	} c[] = {
		{ { -1, -1 }, -1, -1, -1, -1, DP_CHUNK_UNIFORM },
		{ { 2, -1 }, -1, -1, -1, -1, DP_CHUNK_SHAPED },
		{ { 1, 3 }, -1, -1, -1, -1, DP_CHUNK_SHAPED },
		{ { 0, -1 }, -1, -1, -1, -1, DP_CHUNK_SHAPED },
		{ { -1, -1 }, -1, 2, -1, -1, DP_CHUNK_MIXED },
		{ { 2, -1 }, -1, 1, -1, -1, DP_CHUNK_MIXED },
		{ { 2, -1 }, -1, 2, -1, -1, DP_CHUNK_MIXED },
		{ { 1, -1 }, -1, 3, -1, -1, DP_CHUNK_MIXED },
		{ { 1, -1 }, -1, -1, 3, -1, DP_CHUNK_MIXED },
		{ { 2, -1 }, -1, -1, 1, -1, DP_CHUNK_MIXED },
		{ { -1, -1 }, -1, -1, -1, 64, DP_CHUNK_UNIFORM },
		{ { 2, -1 }, -1, -1, -1, 64, DP_CHUNK_KEYED },
		{ { 1, 3 }, -1, -1, -1, 64, DP_CHUNK_KEYED },
		{ { 0, -1 }, -1, -1, -1, 64, DP_CHUNK_KEYED },
		{ { 2, -1 }, -1, -1, -1, 128, DP_CHUNK_SHAPED },
		{ { -1, -1 }, 1, -1, -1, 64, DP_CHUNK_SHAPED },
		{ { 2, -1 }, 3, -1, -1, 64, DP_CHUNK_SHAPED },
		{ { 1, -1 }, 2, -1, -1, 64, DP_CHUNK_SHAPED },
		{ { 1, -1 }, 2, -1, -1, 0, DP_CHUNK_KEYED },
		{ { 2, -1 }, -1, 3, -1, 64, DP_CHUNK_MIXED },
		{ { 2, -1 }, -1, 1, -1, 64, DP_CHUNK_MIXED },
		{ { 1, -1 }, 3, -1, 2, 64, DP_CHUNK_MIXED },
	};
	const unsigned int dst = RTE_ETHER_HDR_LEN + 24, hl = RTE_ETHER_HDR_LEN + 7;
	struct rte_mbuf *in[4];
	uint8_t key[16];
	unsigned int k, i, j;
	struct dp_alike facts;
	uint64_t mac;

	(void)state;
	for (k = 0; k < RTE_DIM(c); k++) {
		for (i = 0; i < 4; i++)
			in[i] = head_pkt(0);
		memcpy(&mac, rte_pktmbuf_mtod(in[0], void *), 8);
		mac = rte_le_to_cpu_64(mac);
		for (j = 0; j < 2; j++)
			if (c[k].dst[j] >= 0)
				rte_pktmbuf_mtod(in[c[k].dst[j]], uint8_t *)[dst + 15] ^= 1;
		if (c[k].kd >= 0)
			rte_pktmbuf_mtod(in[c[k].kd], uint8_t *)[dst + 7] ^= 0x10;
		if (c[k].hl >= 0)
			rte_pktmbuf_mtod(in[c[k].hl], uint8_t *)[hl]--;
		if (c[k].cut >= 0)
			rte_pktmbuf_trim(in[c[k].cut], 8);
		for (i = 0; i < 16; i++)
			key[i] = (int)i * 8 < c[k].key ? 0xff : 0;
		print_message("case %u\n", k);
		assert_int_equal(dp_chunk_uniform(in, 4, mac, c[k].key < 0 ? NULL : key, &facts),
				 c[k].want);
		if (c[k].want != DP_CHUNK_MIXED)       /* (the one 8 bytes short is not) */
			assert_int_equal(facts.longest, in[0]->pkt_len);
		for (i = 0; i < 4; i++) {
			assert_int_equal(in[i]->data_off, RTE_PKTMBUF_HEADROOM);
			rte_pktmbuf_free(in[i]);
		}
	}
	/* the longest frame, wherever it is: a uniform, a shaped and a keyed
	 * chunk with one frame 8 bytes longer, before or after the frame
	 * whose destination differs */
	for (k = 0; k < 3 * 4; k++) {
		unsigned int at = k % 4;
		uint16_t plen;

		for (i = 0; i < 4; i++)
			in[i] = head_pkt(0);
		memcpy(&mac, rte_pktmbuf_mtod(in[0], void *), 8);
		mac = rte_le_to_cpu_64(mac);
		if (k >= 4)
			rte_pktmbuf_mtod(in[2], uint8_t *)[dst + 15] ^= 1;
		memset(rte_pktmbuf_append(in[at], 8), 0, 8);
		memcpy(&plen, rte_pktmbuf_mtod_offset(in[at], uint8_t *, RTE_ETHER_HDR_LEN + 4), 2);
		plen = rte_cpu_to_be_16(rte_be_to_cpu_16(plen) + 8);
		memcpy(rte_pktmbuf_mtod_offset(in[at], uint8_t *, RTE_ETHER_HDR_LEN + 4), &plen, 2);
		for (i = 0; i < 16; i++)
			key[i] = i < 8 ? 0xff : 0;
		assert_int_equal(dp_chunk_uniform(in, 4, mac, k >= 8 ? key : NULL, &facts),
				 k < 4 ? DP_CHUNK_UNIFORM : k < 8 ? DP_CHUNK_SHAPED : DP_CHUNK_KEYED);
		assert_int_equal(facts.longest, in[at]->pkt_len);
		assert_int_equal(facts.longest, in[(at + 1) % 4]->pkt_len + 8);
		for (i = 0; i < 4; i++)
			rte_pktmbuf_free(in[i]);
	}
}

/*
 * What dp_chunk_uniform() notes of a chunk of IPv4 frames to us: each
 * destination's difference from the first's, ORed (struct dp_alike),
 * which dp_ipv4_classify_same() reads instead of the destinations: none,
 * then each octet in turn differing in one of frames 1-3.
 */
static void
test_chunk_ipv4_diff(void **state)
{
	static const char *const dst[] = { "198.18.0.1", "198.18.0.1", "198.18.0.1", "198.18.0.1" };
	struct rte_mbuf *in[4];
	struct dp_alike facts;
	unsigned int k, i;
	uint8_t want[4];
	uint64_t mac;

	(void)state;
	for (k = 0; k <= 4; k++) {      /* (k >= 1) a frame differs in octet k - 1 */
		memset(want, 0, sizeof(want));
		for (i = 0; i < 4; i++) {
			in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
			h_ip4_udp(in[i], "192.0.2.77", dst[i], 64, 40, false);
		}
		if (k > 0) {
			rte_pktmbuf_mtod_offset(in[1 + k % 3], uint8_t *,
						RTE_ETHER_HDR_LEN + 16)[k - 1] ^= 0x81;
			want[k - 1] = 0x81;
		}
		memcpy(&mac, rte_pktmbuf_mtod(in[0], void *), 8);
		mac = rte_le_to_cpu_64(mac);
		assert_int_equal(dp_chunk_uniform(in, 4, mac, NULL, &facts), DP_CHUNK_IPV4);
		assert_memory_equal(&facts.dst4_diff, want, 4);
		for (i = 0; i < 4; i++)
			rte_pktmbuf_free(in[i]);
	}
}

/*
 * Pass 1 of the express lane lets a packet whose deciding header bytes are
 * its run head's take the head's answer (express.c xp_same()), and a
 * uniform chunk (dp_chunk_uniform(): those bytes, the Ethernet destination
 * and EtherType of every frame the first's) skips the Ethernet stage and
 * the classification of all but its first frame. Every single-byte change
 * of a usual End, End with PSP, End.X, uN (with and without an SRH),
 * End.DX4 or End.DT6 packet (never heads: checked in full each) in its
 * Ethernet header and first 112 bytes (the inner header included), made
 * in the first, the second or all of three copies, and every copy of it cut
 * short (40 to 116 bytes, Payload Length to match), put right after that
 * packet and before another copy of it, must give what the general way
 * gives for the same three packets: a byte or a length the checks read but
 * xp_same() or dp_chunk_uniform() missed would let a packet the general
 * way answers otherwise through as usual. The shorter copies end their
 * buffers (exact_copy()), so under ASan a read past their end fails too.
 */
static void
test_express_run_heads(void **state)
{
	static const uint8_t how[][2] = { { 0x01, 0 }, { 0x80, 0 }, { 0, 1 }, { 0xff, 1 } };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[4];
	unsigned int kind, off, k, j, lane = 0, len;

	(void)state;
	assert_non_null(a);
	for (kind = 0; kind < 9; kind++) {
		struct rte_mbuf *t = head_pkt(kind);

		len = t->pkt_len;
		rte_pktmbuf_free(t);
		/* the Ethernet header too (a uniform chunk, dp_chunk_uniform(), compares
		 * its destination and EtherType), in the first frame, the second, or
		 * all three (a uniform chunk of changed frames) */
		for (off = 0; off < 3 * RTE_MIN(len, RTE_ETHER_HDR_LEN + 112u); off++) {
			unsigned int at = off % 3, o = off / 3, f;

			for (k = 0; k < RTE_DIM(how); k++) {
				for (j = 0; j < 2; j++) {
					struct chunk_out *r = j == 0 ? a : b;
					uint8_t *p;

					in[0] = head_pkt(kind);
					in[1] = head_pkt(kind);
					in[2] = head_pkt(kind);
					for (f = 0; f < 3; f++) {
						if (at != 2 && f != at)
							continue;
						p = rte_pktmbuf_mtod_offset(in[f], uint8_t *, o);
						*p = how[k][1] ? how[k][0] : *p ^ how[k][0];
					}
					h_worker()->icmp.last = 0;      /* a full ICMP bucket */
					chunk_run(in, j == 0 ? 3 : add_martian(in, 3), r);
				}
				/* the lane took all three, or none (or the two
				 * the Ethernet stage did not drop) */
				assert_true(a->ev[SRV6GW_C_express_packets] == 0 ||
					    a->ev[SRV6GW_C_express_packets] == 3 ||
					    (o < RTE_ETHER_HDR_LEN &&
					     a->ev[SRV6GW_C_express_packets] == 2));
				lane += a->ev[SRV6GW_C_express_packets] == 3;
				assert_int_equal(b->ev[SRV6GW_C_express_packets], 0);
				/* (the change may make a martian of its own) */
				assert_int_equal(b->drops[SRV6GW_C_ipv6_martian],
						 a->drops[SRV6GW_C_ipv6_martian] + 1);
				b->drops[SRV6GW_C_ipv6_martian]--;
				b->ev[SRV6GW_C_rx_packets]--;
				b->ev[SRV6GW_C_express_packets] = a->ev[SRV6GW_C_express_packets];
				chunks_same(a, b);
			}
		}
	}
	/* most changes (flow label, source, payload) leave the packet usual */
	assert_true(lane > 3 * 9 * 40 * 4 / 2);
	/* and shorter copies, Payload Length to match: within the SRH, or not */
	for (kind = 0; kind < 9; kind++) {
		for (len = 40; len < 120; len += 4) {
			for (j = 0; j < 2; j++) {
				struct chunk_out *r = j == 0 ? a : b;
				struct rte_ipv6_hdr *ip;

				in[0] = head_pkt(kind);
				in[1] = head_pkt(kind);
				in[2] = head_pkt(kind);
				if (in[1]->pkt_len - RTE_ETHER_HDR_LEN > len)
					rte_pktmbuf_trim(in[1], in[1]->pkt_len - RTE_ETHER_HDR_LEN - len);
				ip = rte_pktmbuf_mtod_offset(in[1], struct rte_ipv6_hdr *,
							     RTE_ETHER_HDR_LEN);
				ip->payload_len = rte_cpu_to_be_16(in[1]->pkt_len - RTE_ETHER_HDR_LEN -
								   sizeof(*ip));
				in[1] = exact_copy(in[1]);
				h_worker()->icmp.last = 0;
				chunk_run(in, j == 0 ? 3 : add_martian(in, 3), r);
			}
			assert_int_equal(b->drops[SRV6GW_C_ipv6_martian], 1);
			b->drops[SRV6GW_C_ipv6_martian] = 0;
			b->ev[SRV6GW_C_rx_packets]--;
			b->ev[SRV6GW_C_express_packets] = a->ev[SRV6GW_C_express_packets];
			chunks_same(a, b);
		}
	}
	free(a);
}

/*
 * Runs of equal uSID containers (RFC 9800: not exact SIDs, found by the
 * locator trie and the masked C-SID; classified once per run, ipv6.c
 * dp_ipv6_classify_bulk()): each packet gets its own container's SID,
 * whose CNT-1 counter must move by its own packets; destinations inside
 * the locator that name no SID are dropped as sid_unknown, in a run too.
 */
static void
test_usid_runs(void **state)
{
	static const char *const da[] = {
		"fcbb:bb00:100:8001::", "fcbb:bb00:100:8001::", "fcbb:bb00:101:8001::",
		"fcbb:bb00:100:8001::", "fcbb:bb00:1f9:8001::", "fcbb:bb00:1f9:8001::",
		"fcbb:bb00:101:8001::", "fcbb:bb00:101:8001::",
	};
	uint64_t c100 = sid_count("fcbb:bb00:100::"), c101 = sid_count("fcbb:bb00:101::");
	struct chunk_out *r = calloc(1, sizeof(*r));
	struct rte_mbuf *in[8];
	uint8_t want[16];
	unsigned int i, shifted;

	(void)state;
	assert_non_null(r);
	for (i = 0; i < 8; i++)
		in[i] = usid_pkt(da[i]);
	chunk_run(in, 8, r);
	assert_int_equal(sid_count("fcbb:bb00:100::") - c100, 3);
	assert_int_equal(sid_count("fcbb:bb00:101::") - c101, 3);
	assert_int_equal(r->drops[SRV6GW_C_sid_unknown], 2);
	assert_int_equal(r->ev[SRV6GW_C_csid_shifts], 6);
	/* the shifted ones to the core, and the unknown ones' ICMPv6 errors */
	assert_int_equal(r->n, 6 + r->ev[SRV6GW_C_icmp_errors_sent]);
	h_addr("fcbb:bb00:8001::", want);
	for (i = 0, shifted = 0; i < r->n; i++)
		shifted += memcmp(((const struct rte_ipv6_hdr *)
				   (r->frame[i] + RTE_ETHER_HDR_LEN))->dst_addr, want, 16) == 0;
	assert_int_equal(shifted, 6);
	free(r);
}

/*
 * A chunk whose packets all have one destination is classified once
 * (ipv6.c dp_ipv6_classify_bulk(), one run): every packet must still be
 * processed, and counted, as if classified on its own: uSID shifts, an unknown C-SID,
 * End packets of different flows, transit packets, and a chunk whose last
 * destination differs from the others in its last word only.
 */
static void
test_one_destination(void **state)
{
	static const char *const e[] = { "fc00:1::e", "fc00:2::e" };
	static const char *const psp[] = { "fc00:1::e1", "fc00:2::e" };
	struct chunk_out *r = calloc(1, sizeof(*r));
	struct rte_mbuf *in[6];
	uint64_t c100 = sid_count("fcbb:bb00:100::"), ce = sid_count("fc00:1::e"), cpsp;
	unsigned int i;

	(void)state;
	assert_non_null(r);
	for (i = 0; i < 5; i++)
		in[i] = usid_pkt("fcbb:bb00:100:8001::");
	chunk_run(in, 5, r);
	assert_int_equal(sid_count("fcbb:bb00:100::") - c100, 5);
	assert_int_equal(r->ev[SRV6GW_C_csid_shifts], 5);
	assert_int_equal(r->n, 5);
	for (i = 0; i < 4; i++)
		in[i] = usid_pkt("fcbb:bb00:1f9:8001::");
	chunk_run(in, 4, r);
	assert_int_equal(r->drops[SRV6GW_C_sid_unknown], 4);
	for (i = 0; i < 6; i++)         /* End (S12: Hop Limit - 1), flows told apart by it */
		in[i] = srv6_pkt(e[0], e, 2, 1, (uint8_t)(60 + i));
	chunk_run(in, 6, r);
	assert_int_equal(sid_count("fc00:1::e") - ce, 6);
	assert_int_equal(r->n, 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(((const struct rte_ipv6_hdr *)
				  (r->frame[i] + RTE_ETHER_HDR_LEN))->hop_limits, 59 + i);
	for (i = 0; i < 4; i++) {       /* transit */
		in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
		h_ip6_udp(in[i], "2001:db8:aa::1", "2001:db8:f::5", 64, (uint16_t)(20 + i));
	}
	chunk_run(in, 4, r);
	assert_int_equal(r->ev[SRV6GW_C_forwarded_ipv6], 4);
	assert_int_equal(r->n, 4);
	/* End, and last an End with PSP whose SID differs in its last word only */
	ce = sid_count("fc00:1::e");
	cpsp = sid_count("fc00:1::e1");
	for (i = 0; i < 4; i++)
		in[i] = srv6_pkt(e[0], e, 2, 1, 64);
	in[4] = srv6_pkt(psp[0], psp, 2, 1, 64);
	chunk_run(in, 5, r);
	assert_int_equal(sid_count("fc00:1::e") - ce, 4);
	assert_int_equal(sid_count("fc00:1::e1") - cpsp, 1);
	assert_int_equal(r->n, 5);
	assert_int_equal(r->len[4], r->len[0] - 8 - 2 * 16);    /* PSP: no SRH */
	free(r);
}

/*
 * A headend's chunk, every packet steered, is encapsulated together
 * (encap.c dp_encap_steered(): the flow hashes first, the policy's state
 * once per run of one policy); the packets that are not the usual case
 * (Hop Limit or TTL 1, too big with DF, too big without: fragmented) go
 * through dp_encap() itself. Frames and counters must be the general way's.
 */
static void
test_express_steered(void **state)
{
	static const char *const v4dst[] = { "203.0.113.9", "198.18.1.5", "198.18.1.6",
					     "198.18.1.7", "198.18.1.8", "198.18.10.1",
					     "203.0.113.10" };
	struct chunk_out *a = calloc(2, sizeof(*a)), *b = a + 1;
	struct rte_mbuf *in[16];
	unsigned int n, i, j;

	(void)state;
	assert_non_null(a);
	for (j = 0; j < 2; j++) {
		struct chunk_out *r = j == 0 ? a : b;

		n = 0;
		for (i = 0; i < 3; i++) {       /* "three", "three", "red3" */
			if (i == 1) {   /* "three" too, but IPv4: a run of one policy, two families */
				in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
				h_ip4_udp(in[n++], "198.51.100.7", "198.18.2.5", 40, 20, false);
			}
			in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
			h_ip6_udp(in[n++], "2001:db8:f::1",
				  i < 2 ? "2001:db8:bb::7" : "2001:db8:aa::3", 64, 20 + i);
		}
		for (i = 0; i < 7; i++) {       /* to-laptop, ecmp x4, u-one, to-laptop */
			in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
			h_ip4_udp(in[n++], "198.51.100.7", v4dst[i], 40, 20, i & 1);
		}
		in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);     /* HL 1: Time Exceeded */
		h_ip6_udp(in[n++], "2001:db8:f::1", "2001:db8:bb::9", 1, 20);
		in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);     /* DF, too big: Frag Needed */
		h_ip4_udp(in[n++], "198.51.100.7", "203.0.113.9", 40, 1400, true);
		in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);     /* too big: fragmented */
		h_ip4_udp(in[n++], "198.51.100.7", "203.0.113.9", 40, 1400, false);
		in[n] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);     /* TTL 1: Time Exceeded */
		h_ip4_udp(in[n++], "198.51.100.7", "203.0.113.9", 1, 20, false);
		chunk_run(in, j == 0 ? n : add_martian(in, n), r);
	}
	/* 11 usual, 2 fragments; 3 ICMP errors, sent or rate-limited */
	assert_int_equal(a->ev[SRV6GW_C_encapsulated], 13);
	assert_int_equal(a->drops[SRV6GW_C_ttl_exceeded], 2);
	assert_int_equal(a->drops[SRV6GW_C_mtu_exceeded], 1);
	assert_int_equal(a->n, 13 + a->ev[SRV6GW_C_icmp_errors_sent]);
	lane_same_as_general(a, b, 15);
	free(a);
}

/*
 * Encapsulation with little headroom: a chunk's second packet to the same
 * policy would take the Ethernet header with the outer ones in one push
 * (encap.c push_and_send(), the next hop already resolved), but has 20
 * bytes of headroom; its data is moved and it leaves as the first one.
 */
static void
test_encap_headroom(void **state)
{
	struct rte_mbuf *in[2], *o[4];
	unsigned int n;

	(void)state;
	in[0] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6_udp(in[0], "2001:db8:f::1", "2001:db8:bb::7", 64, 20);
	in[1] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6_udp(in[1], "2001:db8:f::1", "2001:db8:bb::7", 64, 20);
	h_headroom(in[1], 6);           /* 20 once the Ethernet header is off */
	h_rx(H_CORE, in, 2);
	n = h_tx(H_CORE, o, 4);
	n += h_tx(H_EDGE, o + n, 4 - n);
	assert_int_equal(n, 2);
	assert_int_equal(h_drop(SRV6GW_C_encap_no_headroom), 0);
	/* IPv6 + SRH with 3 SIDs + the 68-byte inner packet */
	assert_int_equal(o[0]->pkt_len, 14 + 40 + 8 + 48 + 68);
	assert_int_equal(o[1]->pkt_len, o[0]->pkt_len);
	assert_int_equal(o[1]->data_len, o[1]->pkt_len);
	assert_memory_equal(rte_pktmbuf_mtod(o[1], uint8_t *), rte_pktmbuf_mtod(o[0], uint8_t *),
			    o[0]->pkt_len);
	assert_addr(((const struct rte_ipv6_hdr *)h_l3(o[1]))->dst_addr, "fc00:2::e");
	rte_pktmbuf_free(o[0]);
	rte_pktmbuf_free(o[1]);
}

/**
 * RFC 9800 §4.1.1 S01-S06 bit by bit, the reference for csid_shift_plain():
 * false when the argument is 0, the Hop Limit <= 1, or the next C-SID is 0.
 */
static bool
ref_shift(const uint8_t *a, uint8_t hl, unsigned int lbl, unsigned int lnfl, uint8_t *out)
{
	unsigned int p, arg = 0, csid = 0;

	memset(out, 0, 16);
	for (p = 0; p < 128; p++) {
		unsigned int q = p < lbl ? p : p + lnfl;       /* the bit that lands at p */
		unsigned int bit = q < 128 ? (a[q / 8] >> (7 - q % 8)) & 1 : 0;

		out[p / 8] |= (uint8_t)(bit << (7 - p % 8));
		if (p >= lbl + lnfl)
			arg |= (a[p / 8] >> (7 - p % 8)) & 1;
		if (p >= lbl && p < lbl + lnfl)
			csid |= bit;
	}
	return arg != 0 && hl > 1 && csid != 0;
}

/* An IPv4 address a.b.c.d in host order (RTE_IPV4() shifts an int: UB past 127;
 * used by the AVX-512 builds' test_check4_x8 only) */
static __rte_unused uint32_t
ip4_of(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	return a << 24 | b << 16 | c << 8 | d;
}

/*
 * dp_check4_x8() called directly: 8 usual IPv4 frames unlike each other
 * (TCP, UDP, SCTP, ICMP, a first fragment (MF), a later one, DF; 24 to 31
 * bytes; sources at the edges dp_ipv4_plain() passes) pass, with the flow
 * label's words (RFC 6437): source | destination << 32 and ports (TCP,
 * UDP, SCTP, unfragmented) | protocol << 32. Then one frame at a time
 * fails one check (the answer is then the scalar loop's, so a check that
 * refused usual frames would only be slower: this is what holds it to
 * passing them, test_ipv4_chunks_x8 to refusing the others). AVX-512
 * builds.
 */
static void
test_check4_x8(void **state)
{
#ifdef DP_CHECK_X8
	static const uint8_t proto[8] = { IPPROTO_UDP, IPPROTO_TCP, IPPROTO_SCTP, IPPROTO_ICMP,
					  IPPROTO_UDP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_UDP };
	static const uint16_t frag[8] = { 0, 0, 0, 0, RTE_IPV4_HDR_MF_FLAG, 3, RTE_IPV4_HDR_DF_FLAG,
					  0 };
	/* sources' first octets at the edges dp_ipv4_plain() passes */
	static const uint8_t o1[8] = { 1, 126, 128, 223, 10, 100, 172, 192 };
	struct rte_mbuf *m[8];
	uint64_t a[8], b[8];
	unsigned int k, f;

	(void)state;
	for (f = 0; f < 15; f++) {
		for (k = 0; k < 8; k++) {
			struct rte_ipv4_hdr *ip;
			uint8_t *p;
			unsigned int j;

			m[k] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV4);
			ip = h_put(m[k], NULL, sizeof(*ip));
			p = h_put(m[k], NULL, 4 + k);
			for (j = 0; j < 4 + k; j++)
				p[j] = (uint8_t)(0xa0 + j + k);
			memset(p + 4 + k, 0xee, 8);     /* (past the packet) */
			ip->version_ihl = RTE_IPV4_VHL_DEF;
			ip->total_length = rte_cpu_to_be_16(24 + k);
			ip->fragment_offset = rte_cpu_to_be_16(frag[k]);
			ip->time_to_live = f == 1 && k == 2 ? 1 : 2 + k;
			ip->next_proto_id = proto[k];
			ip->src_addr = rte_cpu_to_be_32(f == 2 && k == 4 ? ip4_of(224, 0, 0, 1) :
							ip4_of(o1[k], 2, 3, k));
			ip->dst_addr = rte_cpu_to_be_32(ip4_of(203, 0, 113, k));
			ip->hdr_checksum = rte_ipv4_cksum(ip);
			if (f == 3 && k == 7)
				ip->hdr_checksum ^= 1;
			if (f == 4 && k == 0)
				ip->dst_addr ^= 1;      /* (its checksum no longer fits) */
			if (f == 5 && k == 6) {
				ip->version_ihl = 0x46;
				ip->hdr_checksum = 0;
				ip->hdr_checksum = rte_ipv4_cksum(ip);
			}
			if (f == 6 && k == 1) {
				ip->total_length = rte_cpu_to_be_16(26);
				ip->hdr_checksum = 0;
				ip->hdr_checksum = rte_ipv4_cksum(ip);
			}
			if (f >= 10 && k == 3) {        /* 0.x, 127.x; TTL 0 */
				if (f < 12)
					ip->src_addr = rte_cpu_to_be_32(f == 10 ?
									ip4_of(0, 1, 2, 3) :
									ip4_of(127, 0, 0, 1));
				else
					ip->time_to_live = 0;
				ip->hdr_checksum = 0;
				ip->hdr_checksum = rte_ipv4_cksum(ip);
			}
			if (f == 13 && k == 0) {        /* 22 bytes: the scalar loop's */
				rte_pktmbuf_trim(m[k], 2);
				ip->total_length = rte_cpu_to_be_16(22);
				ip->hdr_checksum = 0;
				ip->hdr_checksum = rte_ipv4_cksum(ip);
			}
		}
		if (f == 14) {          /* 4 of frame 6's bytes in a second segment */
			struct rte_mbuf *t = rte_pktmbuf_alloc(h_pool());

			assert_non_null(t);
			h_put(t, rte_pktmbuf_mtod_offset(m[6], uint8_t *, m[6]->data_len - 4), 4);
			rte_pktmbuf_trim(m[6], 4);
			assert_int_equal(rte_pktmbuf_chain(m[6], t), 0);
		}
		if (f == 7)
			h_headroom(m[5], 30);
		if (dp_check4_x8(m, f == 8 ? 30 : 60, f == 9 ? 0 : 40, a, b)) {
			assert_true(f == 0 || f == 9);          /* (9: no headroom asked) */
			for (k = 0; k < 8; k++) {
				const struct rte_ipv4_hdr *ip =
					rte_pktmbuf_mtod_offset(m[k], struct rte_ipv4_hdr *, 14);
				uint32_t ports = 0;

				if (proto[k] != IPPROTO_ICMP && (frag[k] & 0x3fff) == 0)
					memcpy(&ports, ip + 1, 4);
				assert_int_equal(a[k], (uint64_t)ip->src_addr |
						       (uint64_t)ip->dst_addr << 32);
				assert_int_equal(b[k], ports | (uint64_t)proto[k] << 32);
			}
		} else {
			assert_true(f != 0 && f != 9);
		}
		for (k = 0; k < 8; k++)
			rte_pktmbuf_free(m[k]);
	}
#else
	(void)state;
	skip();
#endif
}

/*
 * The IPv4 header checksum check without folds (dp.h dp_cksum20_ok())
 * against rte_raw_cksum()'s folded sum: random headers, the same with a
 * checksum made valid by rte_ipv4_cksum(), and the all-zero and all-ones
 * headers (sums 0 and 0xffff's multiples).
 */
static void
test_cksum20_ok(void **state)
{
	uint8_t hdr[20];
	uint64_t x = 0x853c49e6748fea9bull;
	unsigned int round, k, valid = 0;

	(void)state;
	for (round = 0; round < 20000; round++) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)hdr;

		for (k = 0; k < 20; k++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			hdr[k] = round < 2 ? (round == 0 ? 0 : 0xff) : (uint8_t)(x >> 56);
		}
		if (round >= 2 && round % 2 == 0) {
			ip->version_ihl = 0x45;
			ip->hdr_checksum = 0;
			ip->hdr_checksum = rte_ipv4_cksum(ip);
		}
		if (round % 4 == 2)     /* and one bit off */
			hdr[(x >> 24) % 20] ^= (uint8_t)(1u << ((x >> 16) % 8));
		valid += dp_cksum20_ok(hdr);
		assert_int_equal(dp_cksum20_ok(hdr), rte_raw_cksum(hdr, 20) == 0xffff);
	}
	assert_true(valid > 4000 && valid < 6000);
}

/*
 * The masked compares of the run heads and of uniform chunks (dp.h
 * dp_masked_eq() of 48 and 64 bytes, with SSE4.1, AVX2 or for 64 bytes
 * AVX-512 where the build has them, and its word-by-word form) against a
 * byte by byte rule: random bytes and
 * masks, and copies that differ from the reference in one byte, inside the
 * mask or outside it.
 */
static void
test_masked_eq48(void **state)
{
	uint8_t p[64 + 1], mask[64] __rte_aligned(16), b[64] __rte_aligned(16);
	uint64_t x = 0x2545f4914f6cdd1dull;
	unsigned int round, k, hits = 0, len;

	(void)state;
	for (round = 0; round < 8000; round++) {
		bool want = true;

		len = round < 4000 ? 48 : 64;
		for (k = 0; k < len; k++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			p[1 + k] = (uint8_t)(x >> 56);
			mask[k] = round % 3 == 0 ? (uint8_t)(x >> 48) : (x >> 40) & 1 ? 0xff : 0;
			b[k] = p[1 + k] & mask[k];
		}
		if (round % 2 == 1) {           /* one byte off (p + 1: unaligned) */
			k = (unsigned int)(x >> 20) % len;
			p[1 + k] ^= (uint8_t)(1u << ((x >> 8) % 8));
		}
		for (k = 0; k < len; k++)
			want &= (p[1 + k] & mask[k]) == b[k];
		hits += want;
		if (len == 48)
			assert_int_equal(dp_masked_eq48(p + 1, mask, b), want);
		else
			assert_int_equal(dp_masked_eq(p + 1, mask, b, 64), want);
		assert_int_equal(dp_masked_eq_words(p + 1, mask, b, len), want);
	}
	assert_true(hits > 4000 && hits < 8000);        /* both answers were tried */
}

/*
 * The NEXT-C-SID shift both ways (end.h csid_shift_plain(): a byte shuffle
 * when the structure is in whole bytes, as the loader requires, else the
 * 128-bit masks) against the RFC's bit rule, for every C-SID SID of the
 * configuration: random destinations, and ones with a zero argument or a
 * zero next C-SID, Hop Limit 64 and 1.
 */
static void
test_csid_shift_paths(void **state)
{
	const struct srv6gw_gen *g = srv6gw_gen_current;
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned int i, k, sids = 0;

	(void)state;
	for (i = 0; i < g->n_sids; i++) {
		const struct srv6gw_sid_rt *s = &g->sid[i];
		struct srv6gw_csid_rt wide = g->sid_csid[i];

		if (!(s->flavors & SRV6GW_FL_NEXT_CSID))
			continue;
		sids++;
		assert_int_equal(g->sid_csid[i].shuf[15], 0x80);        /* whole bytes */
		memset(wide.shuf, 0, sizeof(wide.shuf));
		for (k = 0; k < 600; k++) {
			struct rte_ipv6_hdr ip = { .hop_limits = k % 5 == 0 ? 1 : 64 };
			uint8_t want[16], got[16], got2[16];
			unsigned int b, lb = s->lbl / 8, ll = s->lnfl / 8;
			bool ok;

			for (b = 0; b < 16; b++) {
				x = x * 6364136223846793005ull + 1442695040888963407ull;
				ip.dst_addr[b] = (uint8_t)(x >> 56);
			}
			if (k % 7 == 1)         /* no argument */
				memset(ip.dst_addr + lb + ll, 0, 16 - lb - ll);
			if (k % 7 == 2 && lb + 2 * ll <= 16)    /* the next C-SID is 0 */
				memset(ip.dst_addr + lb + ll, 0, ll);
			ok = ref_shift(ip.dst_addr, ip.hop_limits, s->lbl, s->lnfl, want);
			memset(got, 0xee, 16);
			memset(got2, 0xee, 16);
			assert_int_equal(csid_shift_plain(&g->sid_csid[i], s->lnfl, &ip, got), ok);
			assert_int_equal(csid_shift_plain(&wide, s->lnfl, &ip, got2), ok);
			if (ok) {
				assert_memory_equal(got, want, 16);
				assert_memory_equal(got2, want, 16);
			}
		}
	}
	assert_true(sids >= 2);
}

/* End.DX4 with and without SRH (VPP-1120) */
static void
test_dx4(void **state)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6), *o;
	const struct rte_ether_hdr *e;
	static const uint8_t nbr[6] = { 2, 0, 0, 0, 0xee, 0x0a };

	(void)state;
	h_ip6(m, "fc00:c::2", "fc00:1::d4", SRV6GW_IPPROTO_IPIP, 64);
	h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, 20, false);
	h_ip6_finish(m);
	o = one(H_CORE, m, H_EDGE);
	e = rte_pktmbuf_mtod(o, const struct rte_ether_hdr *);
	assert_memory_equal(&e->dst_addr, nbr, 6);
	assert_int_equal(e->ether_type, rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4));
	assert_int_equal(((struct rte_ipv4_hdr *)l3(o))->time_to_live, 40);
	rte_pktmbuf_free(o);

	o = one(H_CORE, dx4_pkt(), H_EDGE);
	assert_int_equal(o->pkt_len, 14 + 20 + 8 + 20);
	rte_pktmbuf_free(o);
}

/* RFC 8986 §4.4: decap SID with SL != 0 -> PP code 0 at SL */
static void
test_decap_sl_nonzero(void **state)
{
	const char *segs[] = { "fc00:1::d6", "fc00:2::e" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::d6", segs, 2, 1, 64), H_CORE);
	struct srv6gw_icmp_hdr *ic = (struct srv6gw_icmp_hdr *)(l3(o) + 40);

	(void)state;
	assert_int_equal(ic->type, SRV6GW_ICMP6_PARAM_PROB);
	assert_int_equal(ic->code, 0);
	assert_int_equal(rte_be_to_cpu_32(ic->data), 43);
	assert_true(h_drop(SRV6GW_C_sid_sl_nonzero) >= 1);
	rte_pktmbuf_free(o);
}

/* End.DT4 with inner IPv6 -> PP code 4 (§4.1.1); End.DT4 table 20 */
static void
test_dt4(void **state)
{
	const char *segs[] = { "fc00:1::a4" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::a4", segs, 1, 0, 64), H_CORE);
	struct srv6gw_icmp_hdr *ic = (struct srv6gw_icmp_hdr *)(l3(o) + 40);
	struct rte_mbuf *m;

	(void)state;
	assert_int_equal(ic->type, SRV6GW_ICMP6_PARAM_PROB);
	assert_int_equal(ic->code, 4);
	assert_int_equal(rte_be_to_cpu_32(ic->data), 40 + 24);
	rte_pktmbuf_free(o);

	m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6(m, "fc00:c::2", "fc00:1::a4", SRV6GW_IPPROTO_IPIP, 64);
	h_ip4_udp(m, "192.0.2.77", "198.51.100.33", 9, 10, false);
	h_ip6_finish(m);
	o = one(H_CORE, m, H_EDGE);
	assert_addr(l3(o) + 16, "198.51.100.33");
	rte_pktmbuf_free(o);
}

/* End.DT6 table 10 and End.DT46 both families */
static void
test_dt6_dt46(void **state)
{
	const char *segs[] = { "fc00:1::a6" };
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6), *o;

	(void)state;
	h_ip6(m, "fc00:c::2", "fc00:1::a6", SRV6GW_IPPROTO_ROUTING, 64);
	h_srh(m, SRV6GW_IPPROTO_IPV6, segs, 1, 0, 0);
	h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:10::99", 7, 8);
	h_ip6_finish(m);
	o = one(H_CORE, m, H_EDGE);
	assert_addr(ip6_of(o)->dst_addr, "2001:db8:10::99");
	rte_pktmbuf_free(o);

	m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6(m, "fc00:c::2", "fc00:1::a46", SRV6GW_IPPROTO_IPIP, 64);
	h_ip4_udp(m, "198.51.100.1", "192.0.2.10", 40, 20, false);
	h_ip6_finish(m);
	o = one(H_CORE, m, H_EDGE);
	assert_addr(l3(o) + 16, "192.0.2.10");
	rte_pktmbuf_free(o);
}

/* RFC 6040 §4.2: outer CE over inner Not-ECT is dropped */
static void
test_ecn(void **state)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	struct rte_ipv6_hdr *ip;
	uint64_t before = h_drop(SRV6GW_C_ecn_ce_not_ect);

	(void)state;
	ip = h_ip6(m, "fc00:c::2", "fc00:1::d4", SRV6GW_IPPROTO_IPIP, 64);
	ip->vtc_flow = rte_cpu_to_be_32(6u << 28 | 3u << 20);
	h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, 20, false);
	h_ip6_finish(m);
	h_rx(H_CORE, &m, 1);
	nothing_out();
	assert_int_equal(h_drop(SRV6GW_C_ecn_ce_not_ect), before + 1);
}

/* H.Encaps (RFC 8986 §5.1) of IPv4: 2 SIDs, inner TTL - 1, flow label != 0 */
static void
test_encaps_v4(void **state)
{
	struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4), *o;
	struct srv6gw_srh *s;
	struct rte_ipv4_hdr *in;

	(void)state;
	h_ip4_udp(m, "192.0.2.10", "203.0.113.5", 64, 30, false);
	o = one(H_EDGE, m, H_CORE);
	assert_addr(ip6_of(o)->src_addr, "fc00:1::1");
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::e");
	assert_int_equal(ip6_of(o)->proto, SRV6GW_IPPROTO_ROUTING);
	assert_int_equal(ip6_of(o)->hop_limits, 64);
	assert_true((rte_be_to_cpu_32(ip6_of(o)->vtc_flow) & 0xfffff) != 0);
	s = (struct srv6gw_srh *)(l3(o) + 40);
	assert_int_equal(s->next_hdr, SRV6GW_IPPROTO_IPIP);
	assert_int_equal(s->hdr_len, 4);
	assert_int_equal(s->segments_left, 1);
	assert_int_equal(s->last_entry, 1);
	assert_addr(s->segments[0], "fc00:3::d4");
	assert_addr(s->segments[1], "fc00:2::e");
	in = (struct rte_ipv4_hdr *)(l3(o) + 40 + 40);
	assert_int_equal(in->time_to_live, 63);
	assert_int_equal(rte_raw_cksum(in, 20), 0xffff);
	rte_pktmbuf_free(o);
}

/* H.Encaps.Red (RFC 8986 §5.2): first SID only in DA; 1 SID = no SRH */
static void
test_encaps_red(void **state)
{
	struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV6), *o;
	struct srv6gw_srh *s;

	(void)state;
	h_ip6_udp(m, "2001:db8:f::1", "2001:db8:aa::5", 10, 30);
	o = one(H_EDGE, m, H_CORE);
	s = (struct srv6gw_srh *)(l3(o) + 40);
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::e");
	assert_int_equal(s->hdr_len, 4);
	assert_int_equal(s->segments_left, 2);
	assert_int_equal(s->last_entry, 1);
	assert_addr(s->segments[0], "fc00:4::d6");
	assert_addr(s->segments[1], "fc00:3::e");
	assert_int_equal(s->next_hdr, SRV6GW_IPPROTO_IPV6);
	rte_pktmbuf_free(o);

	m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4);
	h_ip4_udp(m, "192.0.2.10", "198.18.0.5", 64, 30, false);
	o = one(H_EDGE, m, H_CORE);
	assert_int_equal(ip6_of(o)->proto, SRV6GW_IPPROTO_IPIP);
	assert_addr(ip6_of(o)->dst_addr, "fc00:3::d4");
	rte_pktmbuf_free(o);
}

/* RFC 8754 §5.5: same flow -> same label and list; flows spread over lists */
static void
test_ecmp_flowlabel(void **state)
{
	const struct srv6gw_gen *g = srv6gw_gen_current;
	const struct srv6gw_obj_stats *r = srv6gw_pol_row(g, 0, 5);
	uint64_t before[2] = { r[0].packets, r[1].packets };
	unsigned int i, used[2] = { 0, 0 };

	(void)state;
	for (i = 0; i < 64; i++) {
		char dst[32];
		struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4), *o;
		struct srv6gw_srh *s;

		snprintf(dst, sizeof(dst), "198.18.1.%u", i + 1);
		h_ip4_udp(m, "192.0.2.10", dst, 64, 30, false);
		o = one(H_EDGE, m, H_CORE);
		s = (struct srv6gw_srh *)(l3(o) + 40);
		used[s->segments[1][3] == 0x05 ? 0 : 1]++;  /* fc00:5::e vs fc00:7::e */
		rte_pktmbuf_free(o);
	}
	assert_true(used[0] > 8 && used[1] > 8);
	/* CNT-2 per segment list: policy "ecmp" (index 5) counted each list's share */
	assert_string_equal(g->policies[5].name, "ecmp");
	assert_int_equal(r[0].packets - before[0], used[0]);
	assert_int_equal(r[1].packets - before[1], used[1]);
}

/*
 * RFC 6438 §3 / RFC 8754 §5.5: the flow label is a hash of the inner
 * 5-tuple, so flows that differ only in their source port get different
 * labels (and spread over the ECMP lists). Release builds used to hash
 * stale ports (strict aliasing in the hash input), found by the
 * ASan build's golden run where the labels did differ.
 */
static void
test_flowlabel_ports(void **state)
{
	unsigned int i, j, distinct = 0, used[2] = { 0, 0 };
	uint32_t label[16];

	(void)state;
	for (i = 0; i < RTE_DIM(label); i++) {
		struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4), *o;
		struct rte_udp_hdr *u;
		struct srv6gw_srh *s;

		h_ip4_udp(m, "192.0.2.10", "198.18.1.1", 64, 30, false);
		u = rte_pktmbuf_mtod_offset(m, struct rte_udp_hdr *,
					    RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr));
		u->src_port = rte_cpu_to_be_16(40000 + i);
		o = one(H_EDGE, m, H_CORE);
		label[i] = rte_be_to_cpu_32(ip6_of(o)->vtc_flow) & 0xfffff;
		s = (struct srv6gw_srh *)(l3(o) + 40);
		used[s->segments[1][3] == 0x05 ? 0 : 1]++;  /* fc00:5::e vs fc00:7::e */
		rte_pktmbuf_free(o);
	}
	for (i = 0; i < RTE_DIM(label); i++) {
		for (j = 0; j < i && label[j] != label[i]; j++)
			;
		distinct += j == i;
	}
	assert_true(distinct >= 12);    /* 16 ports: a 20-bit hash hardly collides */
	assert_true(used[0] > 0 && used[1] > 0);
}

/*
 * RFC 6437 §3 / RFC 8754 §5.5: every fragment of a datagram gets the same
 * flow label, so the first fragment (MF set, offset 0), whose ports are in
 * it, is hashed without them like the later ones; whole datagrams with
 * other ports get other labels.
 */
static uint32_t
label_of(uint16_t sport, uint16_t frag)
{
	struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4), *o;
	struct rte_ipv4_hdr *ip = h_ip4_udp(m, "192.0.2.10", "198.18.1.1", 64, 30, false);
	struct rte_udp_hdr *u = (struct rte_udp_hdr *)(ip + 1);
	uint32_t label;

	u->src_port = rte_cpu_to_be_16(sport);
	ip->fragment_offset = rte_cpu_to_be_16(frag);
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	o = one(H_EDGE, m, H_CORE);
	label = rte_be_to_cpu_32(ip6_of(o)->vtc_flow) & 0xfffff;
	rte_pktmbuf_free(o);
	return label;
}

static void
test_flowlabel_fragments(void **state)
{
	uint32_t later = label_of(40000, 185), whole = label_of(40000, 0);
	unsigned int i, differ = 0;

	(void)state;
	assert_int_not_equal(later, 0);
	for (i = 0; i < 8; i++) {
		assert_int_equal(label_of(40000 + i, RTE_IPV4_HDR_MF_FLAG), later);
		assert_int_equal(label_of(40000 + i, RTE_IPV4_HDR_MF_FLAG | 185), later);
		differ += label_of(40000 + i, 0) != whole;
	}
	assert_true(differ >= 6);       /* 7 other ports: a 20-bit hash hardly collides */
}

/* P57/P58/P59: MTU at the headend */
static void
test_encap_mtu(void **state)
{
	struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4), *o[8];
	struct srv6gw_icmp_hdr *ic;
	unsigned int n;

	(void)state;
	/* 1500 - 20 - 8 = 1472 payload: inner 1500 + 80 > 1500 */
	h_ip4_udp(m, "192.0.2.10", "203.0.113.5", 64, 1472, true);
	o[0] = one(H_EDGE, m, H_EDGE);
	ic = (struct srv6gw_icmp_hdr *)(l3(o[0]) + 20);
	assert_int_equal(ic->type, 3);
	assert_int_equal(ic->code, 4);
	assert_int_equal(rte_be_to_cpu_32(ic->data) & 0xffff, 1500 - 80);
	rte_pktmbuf_free(o[0]);

	m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4);
	h_ip4_udp(m, "192.0.2.10", "203.0.113.5", 64, 1472, false);
	h_rx(H_EDGE, &m, 1);
	n = h_tx(H_CORE, o, 8);
	assert_int_equal(n, 2);
	for (unsigned int i = 0; i < n; i++) {
		assert_true(o[i]->pkt_len - 14 <= 1500);
		rte_pktmbuf_free(o[i]);
	}

	m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV6);
	h_ip6_udp(m, "2001:db8:f::1", "2001:db8:aa::5", 10, 1452);
	o[0] = one(H_EDGE, m, H_EDGE);
	ic = (struct srv6gw_icmp_hdr *)(l3(o[0]) + 40);
	assert_int_equal(ic->type, SRV6GW_ICMP6_PKT_TOO_BIG);
	assert_int_equal(rte_be_to_cpu_32(ic->data), 1500 - 40 - 8 - 32);
	rte_pktmbuf_free(o[0]);
}

/* End.B6.Encaps: End processing, then a new outer header from policy "bsid" */
static void
test_b6_encaps(void **state)
{
	const char *segs[] = { "fc00:1::b6", "fc00:2::e" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:1::b6", segs, 2, 1, 64), H_CORE);
	struct rte_ipv6_hdr *inner = (struct rte_ipv6_hdr *)(l3(o) + 40 + 8 + 32);
	struct srv6gw_srh *s2 = (struct srv6gw_srh *)(inner + 1);

	(void)state;
	assert_addr(ip6_of(o)->dst_addr, "fc00:8::e");
	assert_addr(inner->dst_addr, "fc00:2::e");
	assert_int_equal(inner->hop_limits, 63);
	assert_int_equal(s2->segments_left, 0);
	rte_pktmbuf_free(o);
}

/* Transit (RFC 8754 §4.2): a malformed SRH to a non-local DA is forwarded */
static void
test_transit_untouched(void **state)
{
	const char *segs[] = { "fc00:5::1", "fc00:6::1" };
	struct rte_mbuf *m = srv6_pkt("fc00:5::1", segs, 2, 7, 64), *o;

	(void)state;
	o = one(H_CORE, m, H_CORE);
	assert_int_equal(((struct srv6gw_srh *)(l3(o) + 40))->segments_left, 7);
	assert_int_equal(ip6_of(o)->hop_limits, 63);
	rte_pktmbuf_free(o);
}

/* RFC 8754 §4.3.2 / RFC 8986 CNT-3: SRH SL > 0 to a local address, not a SID */
static void
test_srh_to_local_address(void **state)
{
	const char *segs[] = { "fc00:c::1", "fc00:2::e" };
	struct rte_mbuf *o = one(H_CORE, srv6_pkt("fc00:c::1", segs, 2, 1, 64), H_CORE);
	struct srv6gw_icmp_hdr *ic = (struct srv6gw_icmp_hdr *)(l3(o) + 40);

	(void)state;
	assert_int_equal(ic->type, SRV6GW_ICMP6_PARAM_PROB);
	assert_int_equal(rte_be_to_cpu_32(ic->data), 42);
	assert_true(h_drop(SRV6GW_C_srh_to_local_addr) >= 1);
	rte_pktmbuf_free(o);
}

/* Ping a SID (no SRH) and a port address */
static void
test_ping_sid(void **state)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6), *o;

	(void)state;
	h_ip6(m, "fc00:c::2", "fc00:1::e", SRV6GW_IPPROTO_ICMPV6, 64);
	h_icmp6_echo(m, 7, 1, 24);
	h_ip6_finish(m);
	o = one(H_CORE, m, H_CORE);
	assert_int_equal(l3(o)[40], SRV6GW_ICMP6_ECHO_REPLY);
	assert_addr(ip6_of(o)->src_addr, "fc00:1::e");
	assert_int_equal(dp_ipv6_l4_cksum(ip6_of(o), l3(o) + 40, o->pkt_len - 54, 58), 0);
	rte_pktmbuf_free(o);
}

/* An IPv4 echo request from the edge neighbour 192.0.2.10 to @p dst. */
static struct rte_mbuf *
echo4_pkt(const char *dst)
{
	struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4);
	struct rte_ipv4_hdr *ip = h_ip4_udp(m, "192.0.2.10", dst, 64, 16, false);
	uint8_t *ic = (uint8_t *)(ip + 1);
	uint16_t ck;

	ip->next_proto_id = IPPROTO_ICMP;
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	memset(ic, 0, 8);
	ic[0] = 8;                      /* echo request, id 0, seq 0 */
	ck = (uint16_t)~rte_raw_cksum(ic, 8 + 16);
	memcpy(ic + 2, &ck, 2);
	return m;
}

/*
 * Our addresses, answered from the few-address words (struct
 * srv6gw_local_few) and, with those switched off, from the tables: the
 * same echo replies either way, also from a policy's source address that
 * shares its first half with another of ours.
 */
static void
test_local_few(void **state)
{
	static const char *const six[] = { "2001:db8:e::1", "fc00:1::99", "fc00:1::1" };
	struct srv6gw_gen *g = (struct srv6gw_gen *)srv6gw_gen_get();
	struct srv6gw_local_few saved = g->few;
	struct rte_mbuf *m, *o;
	unsigned int mode, i;

	(void)state;
	/* 2001:db8:e::/64, fc00:c::/64 (the ports), fc00:1::/64 (the sources) */
	assert_int_equal(g->few.n6, 3);
	assert_int_equal(g->few.n4, 1);
	for (mode = 0; mode < 2; mode++) {
		if (mode == 1)
			g->few.n6 = g->few.n4 = 0xff;
		for (i = 0; i < 3; i++) {
			m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV6);
			h_ip6(m, "2001:db8:e::10", six[i], SRV6GW_IPPROTO_ICMPV6, 64);
			h_icmp6_echo(m, 7, (uint16_t)i, 24);
			h_ip6_finish(m);
			o = one(H_EDGE, m, H_EDGE);
			assert_int_equal(l3(o)[40], SRV6GW_ICMP6_ECHO_REPLY);
			assert_addr(ip6_of(o)->src_addr, six[i]);
			rte_pktmbuf_free(o);
		}
		o = one(H_EDGE, echo4_pkt("192.0.2.1"), H_EDGE);
		assert_int_equal(l3(o)[20], 0);         /* echo reply */
		assert_addr((const uint8_t *)&((struct rte_ipv4_hdr *)l3(o))->src_addr, "192.0.2.1");
		rte_pktmbuf_free(o);
	}
	g->few = saved;
}

/* RFC 4443 §2.4(e.1): no error about an ICMPv6 error */
static void
test_no_error_about_error(void **state)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	struct srv6gw_icmp_hdr *ic;
	uint64_t sup = h_event(SRV6GW_C_icmp_suppressed);

	(void)state;
	h_ip6(m, "fc00:c::2", "fc00:77::1", SRV6GW_IPPROTO_ICMPV6, 1);
	ic = h_put(m, NULL, sizeof(*ic));
	ic->type = SRV6GW_ICMP6_DST_UNREACH;
	h_ip6_finish(m);
	h_rx(H_CORE, &m, 1);
	nothing_out();
	assert_int_equal(h_event(SRV6GW_C_icmp_suppressed), sup + 1);
}

/*
 * The Ethernet stage (rx.c l2_input): a frame is ours when its destination
 * is the port's address or a group address (IEEE 802 I/G bit, the first
 * byte's lowest); anything else is dropped as l2_other_host, whatever its
 * source; a frame shorter than an Ethernet header as l2_truncated. Each
 * case alone, then all of them in one burst.
 */
static void
test_l2_filter(void **state)
{
	static const struct {
		int byte;               /* destination byte to change (-1: none) */
		uint8_t x;              /* XORed into it */
		bool ours;
	} c[] = {
		{ -1, 0, true }, { 5, 0x01, false }, { 4, 0x80, false }, { 0, 0x02, false },
		{ 0, 0x01, true },      /* the group bit: a multicast address */
		{ 1, 0x01, false },     /* the same bit in another byte */
		{ 6, 0xff, true },      /* a source byte: not the destination */
		{ 7, 0x5a, true },
	};
	const char *segs[] = { "fc00:1::e", "fc00:2::e" };
	struct rte_mbuf *in[RTE_DIM(c) + 2], *o[RTE_DIM(c) + 2];
	uint64_t other = h_drop(SRV6GW_C_l2_other_host), trunc = h_drop(SRV6GW_C_l2_truncated);
	unsigned int i, round, ours = 0, n, k;

	(void)state;
	for (i = 0; i < RTE_DIM(c); i++)
		ours += c[i].ours;
	for (round = 0; round < 2; round++) {
		for (i = 0, n = 0; i < RTE_DIM(c) + 2; i++) {
			uint8_t *eth;

			in[n] = srv6_pkt("fc00:1::e", segs, 2, 1, 64);
			eth = rte_pktmbuf_mtod(in[n], uint8_t *);
			if (i < RTE_DIM(c) && c[i].byte >= 0)
				eth[c[i].byte] ^= c[i].x;
			else if (i == RTE_DIM(c))               /* broadcast */
				memset(eth, 0xff, RTE_ETHER_ADDR_LEN);
			else if (i == RTE_DIM(c) + 1)           /* 13 bytes */
				rte_pktmbuf_trim(in[n], (uint16_t)(rte_pktmbuf_pkt_len(in[n]) - 13));
			if (round == 1) {
				n++;
				continue;
			}
			h_rx(H_CORE, &in[n], 1);
			k = h_tx(H_CORE, o, RTE_DIM(o));
			assert_int_equal(k, i < RTE_DIM(c) ? c[i].ours : i == RTE_DIM(c));
			if (k != 0)
				rte_pktmbuf_free(o[0]);
		}
		if (round == 1) {
			h_rx(H_CORE, in, (uint16_t)n);
			k = h_tx(H_CORE, o, RTE_DIM(o));
			assert_int_equal(k, ours + 1);
			while (k != 0)
				rte_pktmbuf_free(o[--k]);
		}
		assert_int_equal(h_drop(SRV6GW_C_l2_other_host),
				 other + (round + 1) * (RTE_DIM(c) - ours));
		assert_int_equal(h_drop(SRV6GW_C_l2_truncated), trunc + round + 1);
	}
}

/* A port whose link is down: what would leave through it is dropped, no ICMP */
static void
test_link_down(void **state)
{
	const char *segs[] = { "fc00:1::e", "fc00:2::e" };
	struct rte_mbuf *m = srv6_pkt("fc00:1::e", segs, 2, 1, 64), *o;
	uint64_t before = h_drop(SRV6GW_C_link_down);

	(void)state;
	srv6gw_link_up[H_CORE] = 0;
	h_rx(H_CORE, &m, 1);
	nothing_out();
	assert_int_equal(h_drop(SRV6GW_C_link_down), before + 1);
	srv6gw_link_up[H_CORE] = 1;
	o = one(H_CORE, srv6_pkt("fc00:1::e", segs, 2, 1, 64), H_CORE);
	rte_pktmbuf_free(o);
}

/*
 * RFC 4443 §2.4(f) / srv6-rules P68: a flood of error-triggering packets gets
 * at most the bucket's worth of errors; good traffic in the same bursts is
 * forwarded untouched.
 */
static void
test_icmp_rate_limit(void **state)
{
	struct srv6gw_gen *g = srv6gw_gen_current;
	uint32_t rate = g->icmp_rate, burst = g->icmp_burst;
	uint64_t lim = h_event(SRV6GW_C_icmp_rate_limited);
	struct rte_mbuf *in[32], *out[64];
	unsigned int i, n, errors = 0, good = 0;

	(void)state;
	g->icmp_rate = 1;
	g->icmp_burst = 5;
	h_worker()->icmp.last = 0;      /* a fresh bucket: full, 5 tokens */
	for (i = 0; i < 32; i++) {
		in[i] = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
		h_ip6_udp(in[i], "fc00:c::2", i % 2 ? "2001:db8:f::1" : "2001:db8:f::2",
			  i % 2 ? 1 : 64, 16);        /* odd: hop limit 1 -> error */
	}
	h_rx(H_CORE, in, 32);
	n = h_tx(H_CORE, out, 64);
	for (i = 0; i < n; i++) {
		errors += l3(out[i])[40] == SRV6GW_ICMP6_TIME_EXCEEDED;
		rte_pktmbuf_free(out[i]);
	}
	n = h_tx(H_EDGE, out, 64);
	for (i = 0; i < n; i++) {
		good++;
		rte_pktmbuf_free(out[i]);
	}
	g->icmp_rate = rate;
	g->icmp_burst = burst;
	h_worker()->icmp.last = 0;
	assert_int_equal(errors, 5);
	assert_int_equal(good, 16);
	assert_int_equal(h_event(SRV6GW_C_icmp_rate_limited), lim + 11);
}

static unsigned int extbuf_freed;

static void
extbuf_free_cb(void *addr, void *opaque)
{
	(void)opaque;
	rte_free(addr);
	extbuf_freed++;
}

/*
 * A packet whose data lives in an external buffer (rte_pktmbuf_attach_extbuf,
 * as PMDs that receive into their own memory deliver it) is forwarded, and
 * when the transmitted mbuf is freed the buffer goes back through its own
 * callback, once; the mbuf returns to its pool. Found by test/fuzz/fuzz_rx:
 * the TX path used to clear every ol_flags bit, RTE_MBUF_F_EXTERNAL with
 * them, so the buffer leaked and the pool mbuf kept pointing at it.
 */
static void
test_extbuf_forward(void **state)
{
	const char *segs[] = { "fc00:1::e", "fc00:2::e" };
	struct rte_mbuf *src = srv6_pkt("fc00:1::e", segs, 2, 1, 64), *m, *o;
	struct rte_mbuf_ext_shared_info *sh;
	unsigned int in_use;
	uint16_t len = (uint16_t)src->pkt_len, buf_len;
	uint8_t *buf;

	(void)state;
	/* + 8: the helper aligns the shared info down to 8 bytes */
	buf_len = (uint16_t)(RTE_PKTMBUF_HEADROOM + len + sizeof(*sh) + 8);
	buf = rte_malloc(NULL, buf_len, 0);
	assert_non_null(buf);
	sh = rte_pktmbuf_ext_shinfo_init_helper(buf, &buf_len, extbuf_free_cb, NULL);
	assert_non_null(sh);
	m = rte_pktmbuf_alloc(h_pool());
	assert_non_null(m);
	rte_pktmbuf_attach_extbuf(m, buf, rte_malloc_virt2iova(buf), buf_len, sh);
	m->data_off = RTE_PKTMBUF_HEADROOM;
	memcpy(rte_pktmbuf_mtod(m, void *), rte_pktmbuf_mtod(src, void *), len);
	m->data_len = m->pkt_len = len;
	rte_pktmbuf_free(src);
	in_use = rte_mempool_in_use_count(h_pool());       /* m included */
	extbuf_freed = 0;
	o = one(H_CORE, m, H_CORE);
	assert_true(RTE_MBUF_HAS_EXTBUF(o));
	assert_addr(ip6_of(o)->dst_addr, "fc00:2::e");
	rte_pktmbuf_free(o);
	assert_int_equal(extbuf_freed, 1);
	assert_int_equal(rte_mempool_in_use_count(h_pool()), in_use - 1);
}

/*
 * RFC 4443 §4.1: an echo request has at least 8 bytes of ICMPv6 (type, code,
 * checksum, identifier, sequence). One cut short after its type byte, to a
 * local address and to a SID, gets no reply: the reply would write its
 * checksum past the end of the packet (found by test/fuzz/fuzz_rx).
 */
static void
test_echo_truncated(void **state)
{
	const char *const das[] = { "2001:db8:e::1", "fc00:1::e" };
	uint64_t before = h_drop(SRV6GW_C_ipv6_local_unhandled);
	unsigned int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct rte_mbuf *m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV6);
		struct rte_ipv6_hdr *ip = h_ip6(m, "2001:db8:e::10", das[i],
						SRV6GW_IPPROTO_ICMPV6, 64);
		uint8_t *t = h_put(m, NULL, 4);

		t[0] = SRV6GW_ICMP6_ECHO_REQUEST;
		ip->payload_len = rte_cpu_to_be_16(4);
		h_rx(H_EDGE, &m, 1);
		nothing_out();
	}
	assert_int_equal(h_drop(SRV6GW_C_ipv6_local_unhandled), before + 2);
}

/* ---- neighbour reachability (RFC 4861 §7.3, applied to ARP too) ---- */

static struct rte_mbuf *
to_onlink(void)
{
	struct rte_mbuf *m = h_eth(0, RTE_ETHER_TYPE_IPV4);

	h_ip4_udp(m, "198.51.100.1", "192.0.2.77", 40, 20, false);
	return m;
}

static void
arp_reply_from_77(void)
{
	struct rte_mbuf *m = h_eth(0, RTE_ETHER_TYPE_ARP);
	struct rte_arp_hdr *a = h_put(m, NULL, sizeof(*a));
	const struct rte_ether_addr mac = {{ 0x02, 0, 0, 0, 0xee, 0x77 }};

	a->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
	a->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	a->arp_hlen = 6;
	a->arp_plen = 4;
	a->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REPLY);
	a->arp_data.arp_sha = mac;
	h_addr("192.0.2.77", (uint8_t *)&a->arp_data.arp_sip);
	a->arp_data.arp_tha = srv6gw_gen_current->ports[0].mac;
	h_addr("192.0.2.1", (uint8_t *)&a->arp_data.arp_tip);
	h_rx(0, &m, 1);
}

static struct srv6gw_neigh *
neigh_77(void)
{
	uint8_t a[4];
	uint32_t i;

	h_addr("192.0.2.77", a);
	for (i = 0; i < srv6gw_neigh.n; i++)
		if (srv6gw_neigh.e[i].family == AF_INET && srv6gw_neigh.e[i].port == 0 &&
		    memcmp(srv6gw_neigh.e[i].addr, a, 4) == 0)
			return &srv6gw_neigh.e[i];
	return NULL;
}

/* Frames out of the edge port: how many ARP requests, how many forwarded to ee:77. */
static void
edge_out(unsigned int *arp, unsigned int *fwd)
{
	struct rte_mbuf *o[8];
	unsigned int n = h_tx(0, o, 8), i;

	*arp = *fwd = 0;
	for (i = 0; i < n; i++) {
		struct rte_ether_hdr *e = rte_pktmbuf_mtod(o[i], struct rte_ether_hdr *);

		if (e->ether_type == rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP))
			(*arp)++;
		else if (e->dst_addr.addr_bytes[5] == 0x77)
			(*fwd)++;
		rte_pktmbuf_free(o[i]);
	}
}

/*
 * Each worker's row of SID counters, and of policy counters, starts on a
 * cache line of its own (two workers counting neighbouring SIDs would
 * otherwise write one line, which costs both of them a miss per packet),
 * and the stats report still sums every worker's count of a SID and of a
 * policy's list. A policy's lists are side by side in the row, one entry
 * each (policies of 1, 2 and 2 lists: 5 entries, no two policies' lists
 * overlapping).
 */
static void
test_counter_rows_own_lines(void **state)
{
	static const char text[] =
		"version = 1;\n"
		"ports = ( { name = \"core\"; device = \"net_null0\"; ipv6 = [\"fc00:c::1/64\"]; } );\n"
		"srv6 = {\n"
		"  source = \"fc00:c::1\";\n"
		"  locators = ( { name = \"main\"; prefix = \"fc00:1::/48\"; } );\n"
		"  sids = ( { sid = \"fc00:1::1\"; behavior = \"End\"; },\n"
		"           { sid = \"fc00:1::2\"; behavior = \"End\"; },\n"
		"           { sid = \"fc00:1::3\"; behavior = \"End\"; flavors = [\"psp\"]; },\n"
		"           { sid = \"fc00:1::4\"; behavior = \"End\"; },\n"
		"           { sid = \"fc00:1::5\"; behavior = \"End\"; } );\n"
		"  policies = ( { name = \"a\"; mode = \"encaps\"; segments = [\"fc00:2::e\"]; },\n"
		"    { name = \"b\"; mode = \"encaps\"; segment_lists = (\n"
		"      { weight = 1; segments = [\"fc00:2::e\"]; },\n"
		"      { weight = 1; segments = [\"fc00:3::e\"]; } ); },\n"
		"    { name = \"c\"; mode = \"encaps\"; segment_lists = (\n"
		"      { weight = 1; segments = [\"fc00:2::e\"]; },\n"
		"      { weight = 1; segments = [\"fc00:3::e\"]; } ); } );\n"
		"};\n";
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *cfg = srv6gw_config_load_string(text, "rows.conf", &errs);
	struct rte_ether_addr macs[SRV6GW_MAX_PORTS];
	struct srv6gw_ports ports;
	char err[256] = "";
	struct srv6gw_gen *g;
	unsigned int k, last;
	json_t *j, *s;

	(void)state;
	if (cfg == NULL)
		srv6gw_cfg_errors_print(&errs, stderr);
	assert_non_null(cfg);
	memset(macs, 0, sizeof(macs));
	g = srv6gw_gen_build(cfg, macs, 3, 99, err, sizeof(err));
	if (g == NULL)
		fprintf(stderr, "gen_build: %s\n", err);
	assert_non_null(g);
	assert_int_equal(g->n_sids, 5);
	assert_true(g->n_sids % 4 != 0);        /* rows of n_sids would straddle lines */
	last = g->n_sids - 1;
	for (k = 0; k < 3; k++) {
		uintptr_t first = (uintptr_t)&srv6gw_sid_row(g, k)[0];

		assert_int_equal(first % RTE_CACHE_LINE_SIZE, 0);
		if (k > 0)
			assert_true((uintptr_t)&srv6gw_sid_row(g, k - 1)[last] / RTE_CACHE_LINE_SIZE <
				    first / RTE_CACHE_LINE_SIZE);
		srv6gw_sid_row(g, k)[last].packets = 1u << k;
		srv6gw_sid_row(g, k)[last].bytes = 100u << k;
	}
	assert_int_equal(g->n_policies, 3);
	assert_int_equal(g->pol_first[0], 0);
	assert_int_equal(g->pol_first[1], 1);
	assert_int_equal(g->pol_first[2], 3);
	assert_int_equal(g->pol_row, 8);        /* 5 entries, whole lines */
	for (k = 0; k < 3; k++) {
		uintptr_t first = (uintptr_t)srv6gw_pol_row(g, k, 0);

		assert_int_equal(first % RTE_CACHE_LINE_SIZE, 0);
		if (k > 0)
			assert_true((uintptr_t)&srv6gw_pol_row(g, k - 1, 2)[1] /
				    RTE_CACHE_LINE_SIZE < first / RTE_CACHE_LINE_SIZE);
		srv6gw_pol_row(g, k, 1)[1].packets = 1u << k;   /* "b", its second list */
		srv6gw_pol_row(g, k, 2)[0].packets = 10u << k;  /* "c", its first */
	}
	memset(&ports, 0, sizeof(ports));
	j = srv6gw_stats_json(g, &ports, NULL, 0);
	assert_non_null(j);
	s = json_array_get(json_object_get(j, "sids"), last);
	assert_int_equal(json_integer_value(json_object_get(s, "packets")), 7);
	assert_int_equal(json_integer_value(json_object_get(s, "bytes")), 700);
	for (k = 0; k < 3; k++) {
		static const json_int_t want[3][2] = { { 0, 0 }, { 0, 7 }, { 70, 0 } };
		json_t *pol = json_array_get(json_object_get(j, "policies"), k);
		json_t *lists = json_object_get(pol, "segment_lists");

		assert_int_equal(json_integer_value(json_object_get(pol, "packets")),
				 want[k][0] + want[k][1]);
		assert_int_equal(json_integer_value(json_object_get(json_array_get(lists, 0),
								    "packets")), want[k][0]);
		if (k > 0)
			assert_int_equal(json_integer_value(json_object_get(
						 json_array_get(lists, 1), "packets")), want[k][1]);
	}
	json_decref(j);
	srv6gw_gen_free(g);
}

/*
 * A learned neighbour is used while confirmed within reachable_ms (30 s by
 * default); used after that, it is probed (ARP request) and still used for
 * `probes` seconds, then given up (MAC forgotten, neigh_unresolved) until it
 * answers again. Time is moved by ageing the entry's time stamps.
 */
static void
test_neighbor_reachability(void **state)
{
	const struct srv6gw_gen *g = srv6gw_gen_current;
	uint64_t unres = h_drop(SRV6GW_C_neigh_unresolved);
	uint64_t probed = h_event(SRV6GW_C_neigh_probed);
	uint64_t expired = h_event(SRV6GW_C_neigh_expired);
	struct rte_mbuf *m;
	struct srv6gw_neigh *n;
	unsigned int arp, fwd;

	(void)state;
	h_tx_drain();
	/* unknown on-link destination: dropped, ARP request, entry requested */
	m = to_onlink();
	h_rx(0, &m, 1);
	assert_int_equal(h_drop(SRV6GW_C_neigh_unresolved), unres + 1);
	srv6gw_neigh_poll();
	n = neigh_77();
	assert_non_null(n);
	h_tx_drain();
	/* the answer is learned; traffic flows */
	arp_reply_from_77();
	m = to_onlink();
	h_rx(0, &m, 1);
	edge_out(&arp, &fwd);
	assert_int_equal(fwd, 1);
	assert_int_equal(arp, 0);
	/* used after a silence far longer than reachable_ms + probes: still used
	 * (an idle neighbour is not given up), and a probe round begins */
	__atomic_store_n(&n->confirmed,
			 rte_rdtsc() - g->nud_reachable_tsc - 10 * g->nud_probe_tsc,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&n->last_solicit, 0, __ATOMIC_RELAXED);
	m = to_onlink();
	h_rx(0, &m, 1);
	edge_out(&arp, &fwd);
	assert_int_equal(fwd, 1);
	assert_int_equal(arp, 1);
	assert_int_equal(h_event(SRV6GW_C_neigh_probed), probed + 1);
	/* probing for longer than `probes` seconds, unanswered: given up, the
	 * packet counts as unresolved */
	__atomic_store_n(&n->probing_since, rte_rdtsc() - g->nud_probe_tsc - 1000,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&n->confirmed, n->probing_since - g->nud_reachable_tsc,
			 __ATOMIC_RELAXED);      /* before the round began */
	__atomic_store_n(&n->last_solicit, 0, __ATOMIC_RELAXED);
	m = to_onlink();
	h_rx(0, &m, 1);
	edge_out(&arp, &fwd);
	assert_int_equal(fwd, 0);
	assert_int_equal(arp, 1);
	assert_int_equal(h_drop(SRV6GW_C_neigh_unresolved), unres + 2);
	assert_int_equal(h_event(SRV6GW_C_neigh_expired), expired + 1);
	assert_int_equal(__atomic_load_n(&n->l2, __ATOMIC_RELAXED), 0);
	/* it answers again: used again */
	arp_reply_from_77();
	m = to_onlink();
	h_rx(0, &m, 1);
	edge_out(&arp, &fwd);
	assert_int_equal(fwd, 1);
	/* static neighbours never age (192.0.2.254, never "heard from") */
	m = h_eth(0, RTE_ETHER_TYPE_IPV4);
	h_ip4_udp(m, "198.51.100.1", "203.0.113.9", 40, 20, false);
	h_rx(0, &m, 1);
	assert_int_equal(h_event(SRV6GW_C_neigh_expired), expired + 1);
	h_tx_drain();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_end),
		cmocka_unit_test(test_end_psp),
		cmocka_unit_test(test_end_then_dx6),
		cmocka_unit_test(test_end_usd),
		cmocka_unit_test(test_end_sl0_udp_pp4),
		cmocka_unit_test(test_end_hl1_before_sl_check),
		cmocka_unit_test(test_srh_bounds),
		cmocka_unit_test(test_end_x),
		cmocka_unit_test(test_end_t),
		cmocka_unit_test(test_resubmit_burst),
		cmocka_unit_test(test_l2_filter),
		cmocka_unit_test(test_express_same),
		cmocka_unit_test(test_express_runs),
		cmocka_unit_test(test_express_steered),
		cmocka_unit_test(test_encap_headroom),
		cmocka_unit_test(test_csid_shift_paths),
		cmocka_unit_test(test_masked_eq48),
		cmocka_unit_test(test_cksum20_ok),
		cmocka_unit_test(test_check4_x8),
		cmocka_unit_test(test_usid_runs),
		cmocka_unit_test(test_express_run_heads),
		cmocka_unit_test(test_uniform_chunks),
		cmocka_unit_test(test_uniform_next_sids),
		cmocka_unit_test(test_uniform_mtu_edge),
		cmocka_unit_test(test_uniform_transit_steered),
		cmocka_unit_test(test_chunk_ways),
		cmocka_unit_test(test_chunk_kinds),
		cmocka_unit_test(test_chunk_ipv4_diff),
		cmocka_unit_test(test_ipv4_chunks),
		cmocka_unit_test(test_ipv4_chunks_x8),
		cmocka_unit_test(test_ipv6_chunks_16),
		cmocka_unit_test(test_one_destination),
		cmocka_unit_test(test_express_refuses),
		cmocka_unit_test(test_dx4),
		cmocka_unit_test(test_decap_sl_nonzero),
		cmocka_unit_test(test_dt4),
		cmocka_unit_test(test_dt6_dt46),
		cmocka_unit_test(test_ecn),
		cmocka_unit_test(test_encaps_v4),
		cmocka_unit_test(test_encaps_red),
		cmocka_unit_test(test_ecmp_flowlabel),
		cmocka_unit_test(test_flowlabel_ports),
		cmocka_unit_test(test_flowlabel_fragments),
		cmocka_unit_test(test_encap_mtu),
		cmocka_unit_test(test_b6_encaps),
		cmocka_unit_test(test_transit_untouched),
		cmocka_unit_test(test_srh_to_local_address),
		cmocka_unit_test(test_ping_sid),
		cmocka_unit_test(test_local_few),
		cmocka_unit_test(test_no_error_about_error),
		cmocka_unit_test(test_link_down),
		cmocka_unit_test(test_icmp_rate_limit),
		cmocka_unit_test(test_extbuf_forward),
		cmocka_unit_test(test_echo_truncated),
		cmocka_unit_test(test_neighbor_reachability),
		cmocka_unit_test(test_counter_rows_own_lines),
	};

	const struct CMUnitTest with_default_route[] = {
		cmocka_unit_test(test_transit_shaped),
		cmocka_unit_test(test_dt6_next_hops),
	};
	const struct CMUnitTest with_core_rule[] = {
		cmocka_unit_test(test_memo),
	};
	const struct CMUnitTest with_urpf[] = {
		cmocka_unit_test(test_urpf_chunks),
	};
	const struct CMUnitTest with_long_list[] = {
		cmocka_unit_test(test_long_list_chunks),
	};
	int rc = cmocka_run_group_tests_name("datapath", tests, setup, teardown);

	rc += cmocka_run_group_tests_name("datapath, default route", with_default_route,
					  setup_default_route, teardown);
	rc += cmocka_run_group_tests_name("datapath, a core's own rule", with_core_rule,
					  setup_core_rule, teardown);
	rc += cmocka_run_group_tests_name("datapath, uRPF", with_urpf, setup_urpf, teardown);
	return rc + cmocka_run_group_tests_name("datapath, a long segment list", with_long_list,
						setup_long_list, teardown);
}
