/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * The IPv6 and IPv4 classifications (dp_ipv6_classify_bulk(),
 * dp_ipv4_classify_bulk(), src/cp/classify.c) on conf/test/classify.conf,
 * whose locators, steering rules and routes nest inside one another. The
 * expected answers are the stages' order (docs/design.md,
 * "Classification"): a SID, then one of our addresses,
 * then a local locator (RFC 8986 §3.3, RFC 9800 §6: a C-SID or an unknown
 * SID) before any steering rule or route inside it, a steering rule
 * (RFC 9256 §8) before any route inside it, else the longest route.
 * Every case in both orders of the IPv6 lookups (exact tables first, or
 * the classification table first: w->ours_first), and in runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dp_harness.h"

#define CFG SRV6GW_SOURCE_ROOT "/conf/test/classify.conf"

enum want_kind { W_SID, W_LOCAL, W_INLOC, W_STEER, W_ROUTE, W_CONNECTED, W_NOROUTE };

struct want {
	const char *dst;
	uint16_t port;          /**< ingress */
	enum want_kind kind;
	const char *what;       /**< W_STEER: the policy; W_ROUTE: the via; W_CONNECTED: the port */
};

static const struct want cases[] = {
	/* the locator fc00:1::/48 inside steering rule fc00::/16 */
	{ "fc00:1::e",          H_EDGE, W_SID,    NULL },
	{ "fc00:1:0:5::1",      H_EDGE, W_INLOC,  NULL },   /* steering rule inside it */
	{ "fc00:1:0:7::1",      H_EDGE, W_INLOC,  NULL },   /* route inside it */
	{ "fc00:1:0:ffff::1",   H_EDGE, W_INLOC,  NULL },   /* a rule as long as it */
	{ "fc00:1:1::1",        H_EDGE, W_STEER,  "wide" }, /* just above it */
	{ "fc00:0:ffff::1",     H_EDGE, W_STEER,  "wide" }, /* just below it */
	{ "fc00:2::1",          H_EDGE, W_STEER,  "wide" }, /* route inside the rule */
	{ "fc00:c::7",          H_EDGE, W_STEER,  "wide" }, /* even the connected one */
	{ "fc01::1",            H_EDGE, W_ROUTE,  "2001:db8:e::fe" },
	/* a NEXT-C-SID locator: the container's first C-SID, or unknown */
	{ "fcbb:bb00:1::",      H_EDGE, W_SID,    NULL },
	{ "fcbb:bb00:1:2:3::",  H_EDGE, W_SID,    NULL },
	{ "fcbb:bb00:1:ffff::1", H_EDGE, W_SID,   NULL },   /* its argument: ffff */
	{ "fcbb:bb00:2::1",     H_EDGE, W_ROUTE,  "2001:db8:e::fe" },
	/* steering rules and the routes around them */
	{ "2001:db8:aa:1::1",   H_EDGE, W_STEER,  "aa" },   /* longer route inside */
	{ "2001:db8:aa:2::1",   H_EDGE, W_STEER,  "aa" },
	{ "2001:db8:ab::1",     H_EDGE, W_ROUTE,  "fc00:c::2" },
	{ "2001:db8:ab::2",     H_EDGE, W_ROUTE,  "fc00:c::2" },    /* one answer for both */
	{ "2001:db8:cc:ffff::", H_EDGE, W_STEER,  "cc" },   /* a route as long */
	{ "2001:db8:cd::1",     H_EDGE, W_ROUTE,  "fc00:c::3" },
	{ "2001:db9::1",        H_EDGE, W_ROUTE,  "2001:db8:e::fe" },
	{ "::1:2",              H_EDGE, W_ROUTE,  "2001:db8:e::fe" },
	/* our address, and its connected prefix */
	{ "2001:db8:e::1",      H_EDGE, W_LOCAL,  NULL },
	{ "2001:db8:e::5",      H_EDGE, W_CONNECTED, "edge" },
	/* our addresses outside the locators (policy sources), and their neighbours */
	{ "2001:db8:aa:5::e",   H_EDGE, W_LOCAL,  NULL },   /* in a steering /48 */
	{ "2001:db8:aa:5::f",   H_EDGE, W_STEER,  "aa" },   /* same /64, not a SID */
	{ "2001:db8:aa:6::e",   H_EDGE, W_STEER,  "aa" },
	{ "2001:db8:dd:1:2::e", H_EDGE, W_LOCAL,  NULL },   /* in a /80 route */
	{ "2001:db8:dd:1:2::f", H_EDGE, W_ROUTE,  "fc00:c::3" },
	{ "2001:db8:dd:1:3::e", H_EDGE, W_ROUTE,  "fc00:c::2" },
	{ "2001:db8:de::e",     H_EDGE, W_LOCAL,  NULL },   /* in a /32 route */
	{ "2001:db8:de::f",     H_EDGE, W_ROUTE,  "fc00:c::2" },
	{ "2001:db8:de:0:1::e", H_EDGE, W_ROUTE,  "fc00:c::2" },
	{ "3ffe:1::e",          H_EDGE, W_LOCAL,  NULL },   /* the default route's */
	{ "3ffe:1::f",          H_EDGE, W_ROUTE,  "2001:db8:e::fe" },
	{ "3ffe:1::e",          H_CORE, W_LOCAL,  NULL },   /* a port's own table */
	{ "2001:db8:aa:5::e",   H_CORE, W_LOCAL,  NULL },
	/* a rule of the core port only */
	{ "2001:db8:bb::1",     H_CORE, W_STEER,  "coreonly" },
	{ "2001:db8:bb::1",     H_EDGE, W_ROUTE,  "fc00:c::2" },
	{ "2001:db8:aa::9",     H_CORE, W_STEER,  "aa" },
	{ "fc00:1:0:5::1",      H_CORE, W_INLOC,  NULL },
	{ "2001:db8:cc::1",     H_CORE, W_STEER,  "coreonly" }, /* its rule over "cc" */
};

/* IPv4: steering rules, then routes */
static const struct want cases4[] = {
	{ "10.1.2.3",    H_EDGE, W_STEER, "aa" },           /* a route inside the rule */
	{ "10.1.0.1",    H_EDGE, W_STEER, "aa" },           /* a route as long */
	{ "10.2.2.200",  H_EDGE, W_STEER, "cc" },           /* a /25 route inside */
	{ "10.3.3.3",    H_EDGE, W_ROUTE, "192.0.2.254" },  /* a /32 route */
	{ "10.3.3.4",    H_EDGE, W_ROUTE, "192.0.3.2" },
	{ "10.9.9.1",    H_EDGE, W_STEER, "wide" },         /* a /25 rule inside a route */
	{ "10.9.9.200",  H_EDGE, W_ROUTE, "192.0.3.2" },
	{ "8.8.8.8",     H_EDGE, W_ROUTE, "192.0.2.254" },
	{ "192.0.2.1",   H_EDGE, W_LOCAL, NULL },
	{ "192.0.2.77",  H_EDGE, W_CONNECTED, "edge" },
	{ "10.8.1.1",    H_CORE, W_STEER, "coreonly" },
	{ "10.8.1.1",    H_EDGE, W_ROUTE, "192.0.3.2" },
	{ "10.1.9.9",    H_CORE, W_STEER, "aa" },
	{ "10.2.2.200",  H_CORE, W_STEER, "coreonly" },     /* its rule over "cc" */
};

static int
setup(void **state)
{
	(void)state;
	if (h_setup(CFG) != 0)
		return -1;
	/* a small main table is in the classification table */
	return srv6gw_gen_current->ports[H_EDGE].class6_routes &&
	       srv6gw_gen_current->ports[H_CORE].class6_routes &&
	       srv6gw_gen_current->ports[H_EDGE].class4_routes &&
	       srv6gw_gen_current->ports[H_CORE].class4_routes ? 0 : -1;
}

/**
 * h_setup() on a copy of CFG with what @p emit writes after the line
 * @p after (0 on success).
 */
static int
setup_with(const char *after, void (*emit)(FILE *))
{
	char path[] = "/tmp/srv6gw-classify-XXXXXX";
	FILE *in, *out;
	char line[512];
	int fd, rc;

	in = fopen(CFG, "r");
	if (in == NULL)
		return -1;
	fd = mkstemp(path);
	out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (out == NULL) {
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		fclose(in);
		return -1;
	}
	while (fgets(line, sizeof(line), in) != NULL) {
		fputs(line, out);
		if (strcmp(line, after) == 0)
			emit(out);
	}
	fclose(in);
	fclose(out);
	rc = h_setup(path);
	unlink(path);
	return rc;
}

/*
 * The same configuration with FILLERS routes more (3fff:N::/48 via
 * fc00:c::3, 172.16.N/32 via 192.0.3.2): main tables too large to be
 * copied into the classification tables, which then hold locators and
 * steering rules only.
 */
#define FILLERS 11000
#define FILLERS4 33000

static void
emit_fillers(FILE *out)
{
	unsigned int i;

	for (i = 0; i < FILLERS; i++)
		fprintf(out, "  { prefix = \"3fff:%x::/48\"; via = \"fc00:c::3\"; "
			"port = \"core\"; },\n", i);
	for (i = 0; i < FILLERS4; i++)
		fprintf(out, "  { prefix = \"172.16.%u.%u/32\"; via = \"192.0.3.2\"; "
			"port = \"core\"; },\n", i >> 8, i & 255);
}

static int
setup_big(void **state)
{
	int rc;

	(void)state;
	rc = setup_with("routes = (\n", emit_fillers);
	if (rc == 0 && (srv6gw_gen_current->ports[H_EDGE].class6_routes ||
			srv6gw_gen_current->ports[H_EDGE].class4_routes))
		return -1;      /* not the case this group is for */
	return rc;
}

/*
 * The same configuration with MANY policies more, whose sources are
 * addresses of ours outside the locators, each in a /64 of its own
 * (3ffd:N::e): more than the classification table flags one by one, so
 * all of it carries the flag (src/cp/classify.c).
 */
#define MANY 300

static void
emit_many(FILE *out)
{
	unsigned int i;

	for (i = 0; i < MANY; i++)
		fprintf(out, "    { name = \"p%u\"; mode = \"encaps\"; segments = [\"fc00:2::e\"]; "
			"source = \"3ffd:%x::e\"; },\n", i, i);
}

static int
setup_many(void **state)
{
	(void)state;
	return setup_with("  policies = (\n", emit_many);
}

/*
 * A configuration with neither steering rules nor locators: no
 * classification tables at all, the main tables answer alone.
 */
static const char bare_conf[] =
	"version = 1;\n"
	"ports = (\n"
	"  { name = \"edge\"; device = \"net_pcap0\"; mac = \"02:00:00:00:00:01\";\n"
	"    ipv4 = [\"192.0.2.1/24\"]; ipv6 = [\"2001:db8:e::1/64\"]; },\n"
	"  { name = \"core\"; device = \"net_pcap1\"; mac = \"02:00:00:00:00:02\";\n"
	"    ipv4 = [\"192.0.3.1/24\"]; ipv6 = [\"fc00:c::1/64\"]; }\n"
	");\n"
	"neighbors = (\n"
	"  { port = \"edge\"; address = \"192.0.2.254\"; mac = \"02:00:00:00:ee:fe\"; },\n"
	"  { port = \"core\"; address = \"192.0.3.2\"; mac = \"02:00:00:00:0c:02\"; },\n"
	"  { port = \"core\"; address = \"fc00:c::2\"; mac = \"02:00:00:00:0c:02\"; }\n"
	");\n"
	"routes = (\n"
	"  { prefix = \"0.0.0.0/0\"; via = \"192.0.2.254\"; port = \"edge\"; },\n"
	"  { prefix = \"10.0.0.0/8\"; via = \"192.0.3.2\"; port = \"core\"; },\n"
	"  { prefix = \"2001:db8::/32\"; via = \"fc00:c::2\"; port = \"core\"; }\n"
	");\n";

/** h_setup() on a configuration of @p a then @p b (NULL: none) written to a file (0 on success). */
static int
setup_text(const char *a, const char *b)
{
	char path[] = "/tmp/srv6gw-classify-text-XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (out == NULL) {
		if (fd >= 0)
			close(fd);
		unlink(path);
		return -1;
	}
	rc = fputs(a, out) >= 0 && (b == NULL || fputs(b, out) >= 0) ? 0 : -1;
	if (fclose(out) != 0)
		rc = -1;
	if (rc == 0)
		rc = h_setup(path);
	unlink(path);
	return rc;
}

static int
setup_bare(void **state)
{
	const struct srv6gw_port_rt *pr;

	(void)state;
	if (setup_text(bare_conf, NULL) != 0)
		return -1;
	pr = &srv6gw_gen_current->ports[H_EDGE];
	return pr->class4 == NULL && pr->class6 == NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	h_teardown();
	return 0;
}

/** An IPv6/UDP packet to @p dst, its data starting at the IPv6 header (as rx.c leaves it). */
static struct rte_mbuf *
pkt(uint16_t port, const char *dst)
{
	struct rte_mbuf *m = h_eth(port, RTE_ETHER_TYPE_IPV6);

	h_ip6_udp(m, "2001:db8:e::9", dst, 64, 8);
	rte_pktmbuf_adj(m, RTE_ETHER_HDR_LEN);
	return m;
}

/** An IPv4/UDP packet to @p dst, its data starting at the IPv4 header. */
static struct rte_mbuf *
pkt4(uint16_t port, const char *dst)
{
	struct rte_mbuf *m = h_eth(port, RTE_ETHER_TYPE_IPV4);

	h_ip4_udp(m, "192.0.2.9", dst, 64, 8, false);
	rte_pktmbuf_adj(m, RTE_ETHER_HDR_LEN);
	return m;
}

/** The steering and route parts of an answer (IPv4 and IPv6). */
static void
check_onward(const struct want *c, uint32_t steer, uint32_t nh, unsigned int alen)
{
	const struct srv6gw_gen *g = srv6gw_gen_current;
	uint8_t via[16];

	if (c->kind == W_STEER) {
		assert_true(steer > 0 && steer <= g->n_policies);
		assert_string_equal(g->policies[steer - 1].name, c->what);
	} else {
		assert_int_equal(steer, 0);
	}
	if (c->kind == W_ROUTE) {
		assert_true(nh != SRV6GW_NH_NONE && nh < g->n_nexthops);
		assert_false(g->nexthops[nh].connected);
		h_addr(c->what, via);
		assert_memory_equal(g->nexthops[nh].addr, via, alen);
	} else if (c->kind == W_CONNECTED) {
		assert_true(nh != SRV6GW_NH_NONE && nh < g->n_nexthops);
		assert_true(g->nexthops[nh].connected);
		assert_int_equal(g->nexthops[nh].port, strcmp(c->what, "edge") ? H_CORE : H_EDGE);
	} else {
		assert_int_equal(nh, SRV6GW_NH_NONE);
	}
}

static void
check4(const struct want *c, const struct dp_pre4 *p)
{
	print_message("%s from port %u\n", c->dst, c->port);
	assert_int_equal(p->local, c->kind == W_LOCAL);
	check_onward(c, p->steer, p->nh, 4);
}

static void
check(const struct want *c, const struct dp_pre6 *p)
{
	print_message("%s from port %u\n", c->dst, c->port);
	assert_int_equal(p->local, c->kind == W_LOCAL);
	assert_int_equal(p->in_locator, c->kind == W_INLOC);
	assert_int_equal(p->sid >= 0, c->kind == W_SID);
	if (p->sid >= 0)
		assert_true((uint32_t)p->sid < srv6gw_gen_current->n_sids);
	check_onward(c, p->steer, p->nh, 16);
}

/**
 * IPv6 chunks dp_ipv6_classify_bulk() gave one answer for all (its @p same),
 * and IPv4 chunks dp_ipv4_classify_same() did.
 */
static unsigned int n_same, n_same4;

/**
 * Classify @p n packets from @p port: IPv4 into @p pre4 if given (one
 * answer for all when dp_ipv4_classify_same() finds it, as rx.c asks), else
 * IPv6 into @p pre6, the exact tables first if @p ours_first, told that
 * every destination is the first's in the port's deciding bits if
 * @p keyed (dp_chunk_uniform()'s DP_CHUNK_KEYED); one answer for all
 * (dp_ipv6_classify_bulk()'s @p same) is copied to every packet.
 */
static void
classify(uint16_t port, struct rte_mbuf **m, unsigned int n, struct dp_pre6 *pre6,
	 struct dp_pre4 *pre4, bool ours_first, bool keyed)
{
	struct srv6gw_worker *w = h_worker();
	struct dp_pre4 one;
	rte_be32_t diff;
	unsigned int i;
	bool same;

	w->g = srv6gw_gen_current;
	w->ours_first[port] = ours_first;
	if (pre4 != NULL) {
		/* (with the destinations' difference as dp_chunk_uniform() notes
		 * it, and without: the same answer) */
		for (i = 1, diff = 0; i < n; i++)
			diff |= rte_pktmbuf_mtod(m[i], struct rte_ipv4_hdr *)->dst_addr ^
				rte_pktmbuf_mtod(m[0], struct rte_ipv4_hdr *)->dst_addr;
		same = dp_ipv4_classify_same(w, port, m, n, pre4, 0, &diff);
		w->memo4.gen = 0;       /* (nothing kept: the second finds its own) */
		assert_int_equal(dp_ipv4_classify_same(w, port, m, n, &one, 0, NULL), same);
		if (same) {
			assert_int_equal(one.local, pre4[0].local);
			assert_int_equal(one.steer, pre4[0].steer);
			assert_int_equal(one.nh, pre4[0].nh);
		}
		if (!same)
			dp_ipv4_classify_bulk(w, port, m, n, pre4, 0);
		n_same4 += same;
		for (i = 1; same && i < n; i++)
			pre4[i] = pre4[0];
	} else {
		dp_ipv6_classify_bulk(w, port, m, n, pre6, 0, &same, keyed);
		n_same += same;
		for (i = 1; same && i < n; i++)
			pre6[i] = pre6[0];
	}
	w->g = NULL;
}

/**
 * Whether the destinations of the @p n IPv6 packets @p m from @p port are
 * the first's in the port's deciding bits, as dp_chunk_uniform() would
 * tell dp_ipv6_classify_bulk() (@p keyed).
 */
static bool
keyed_of(uint16_t port, struct rte_mbuf **m, unsigned int n)
{
	const uint8_t *key = srv6gw_gen_current->ports[port].class6_key;
	const uint8_t *d0 = rte_pktmbuf_mtod(m[0], struct rte_ipv6_hdr *)->dst_addr;
	unsigned int i;

	for (i = 1; i < n; i++)
		if (!dp_addr_eq_key(rte_pktmbuf_mtod(m[i], struct rte_ipv6_hdr *)->dst_addr,
				    d0, key))
			return false;
	return n >= 2;
}

/**
 * The @p nc IPv6 (@p v4 false) or IPv4 cases @p c, each alone, then each
 * port's side by side, each case @p copies times in a row (runs of equal
 * destinations).
 */
static void
run_cases_order(const struct want *c, unsigned int nc, bool v4, unsigned int copies,
		bool ours_first)
{
	struct rte_mbuf *m[DP_BURST];
	struct dp_pre6 pre6[DP_BURST];
	struct dp_pre4 pre4[DP_BURST];
	const struct want *w[DP_BURST];
	unsigned int i, j, n, first;
	uint16_t port;

	for (i = 0; i < nc; i++) {
		m[0] = v4 ? pkt4(c[i].port, c[i].dst) : pkt(c[i].port, c[i].dst);
		classify(c[i].port, m, 1, pre6, v4 ? pre4 : NULL, ours_first, false);
		if (v4)
			check4(&c[i], &pre4[0]);
		else
			check(&c[i], &pre6[0]);
		rte_pktmbuf_free(m[0]);
	}
	for (port = 0; port < 2; port++) {
		for (first = 0; first < nc; first = i) {  /* as many chunks as it takes */
			for (i = first, n = 0; i < nc && n + copies <= DP_BURST; i++) {
				for (j = 0; c[i].port == port && j < copies; j++) {
					w[n] = &c[i];
					m[n++] = v4 ? pkt4(port, c[i].dst) : pkt(port, c[i].dst);
				}
			}
			if (n == 0)
				continue;
			classify(port, m, n, pre6, v4 ? pre4 : NULL, ours_first,
				 !v4 && keyed_of(port, m, n));
			for (j = 0; j < n; j++) {
				if (v4)
					check4(w[j], &pre4[j]);
				else
					check(w[j], &pre6[j]);
				rte_pktmbuf_free(m[j]);
			}
		}
	}
}

static void
run_cases(const struct want *c, unsigned int nc, bool v4, unsigned int copies)
{
	run_cases_order(c, nc, v4, copies, false);
	if (!v4)
		run_cases_order(c, nc, v4, copies, true);
}

/**
 * Chunks whose first two destinations are equal in their port's deciding
 * bits (struct srv6gw_port_rt.class6_key) but not equal, which
 * dp_ipv6_classify_bulk() classifies per run of such destinations: for
 * every ordered pair of the @p nc cases @p c of one port whose
 * destinations are so, the chunk a, b, a, b, b. A member may take its
 * run head's answer only when no address of ours can share the head's
 * prefix: a local address after a route or steering rule of the same
 * prefix, or before one, must keep its own answer. Each chunk is
 * classified twice: found to be one run (dest_runs()), and told so
 * (@p keyed, DP_CHUNK_KEYED). @return the pairs.
 */
static unsigned int
run_key_pairs(const struct want *c, unsigned int nc, bool ours_first)
{
	static const unsigned int order[] = { 0, 1, 0, 1, 1 };
	struct rte_mbuf *m[RTE_DIM(order)];
	struct dp_pre6 pre6[RTE_DIM(order)];
	uint8_t a[16], b[16];
	unsigned int i, j, k, t, pairs = 0;

	for (i = 0; i < nc; i++) {
		for (j = 0; j < nc; j++) {
			const struct want *w[2] = { &c[i], &c[j] };

			h_addr(c[i].dst, a);
			h_addr(c[j].dst, b);
			if (c[i].port != c[j].port || dp_addr_eq(a, b) ||
			    !dp_addr_eq_key(a, b,
					    srv6gw_gen_current->ports[c[i].port].class6_key))
				continue;
			pairs++;
			for (k = 0; k < RTE_DIM(order); k++)
				m[k] = pkt(c[i].port, w[order[k]]->dst);
			for (t = 0; t < 2; t++) {
				memset(pre6, 0xa5, sizeof(pre6));
				classify(c[i].port, m, RTE_DIM(order), pre6, NULL, ours_first,
					 t == 1);
				for (k = 0; k < RTE_DIM(order); k++)
					check(w[order[k]], &pre6[k]);
			}
			for (k = 0; k < RTE_DIM(order); k++)
				rte_pktmbuf_free(m[k]);
		}
	}
	return pairs;
}

/** The deciding bits of @p port: the first @p bits. */
static void
assert_key(uint16_t port, unsigned int bits)
{
	const uint8_t *key = srv6gw_gen_current->ports[port].class6_key;
	unsigned int i;

	for (i = 0; i < 128; i++)
		assert_int_equal((key[i / 8] >> (7 - i % 8)) & 1, i < bits);
}

static void
test_ipv6(void **state)
{
	(void)state;
	run_cases(cases, RTE_DIM(cases), false, 1);
	run_cases(cases, RTE_DIM(cases), false, 2);
}

/*
 * Runs of destinations equal in the deciding bits: conf/test/classify.conf's
 * longest prefix is the /80 route (our address 2001:db8:dd:1:2::e flags it),
 * so the key is 80 bits on both ports, whether the main table is in the
 * classification table or not; the pairs are the neighbours of our
 * addresses (same prefix, one ours) and of one another, and two hosts of
 * a route, the one pair whose chunk takes one answer for all.
 */
static void
test_key_runs(void **state)
{
	(void)state;
	assert_key(H_EDGE, 80);
	assert_key(H_CORE, 80);
	/* IPv4: the /32 route (in class4, or in the large main table) */
	assert_int_equal(srv6gw_gen_current->ports[H_EDGE].class4_key, RTE_BE32(0xffffffff));
	assert_int_equal(srv6gw_gen_current->ports[H_CORE].class4_key, RTE_BE32(0xffffffff));
	n_same = 0;
	assert_true(run_key_pairs(cases, RTE_DIM(cases), false) >= 10);
	assert_true(run_key_pairs(cases, RTE_DIM(cases), true) >= 10);
	/* 2001:db8:ab::1 and ::2, both orders, both lookup orders, found or
	 * told to be one run: one answer */
	assert_int_equal(n_same, 8);
}

static void
test_ipv4(void **state)
{
	(void)state;
	run_cases(cases4, RTE_DIM(cases4), true, 1);
}

/* the large main tables' own routes, looked up second */
static void
test_fillers(void **state)
{
	static const struct want c6[] = {
		{ "3fff:5::1",      H_EDGE, W_ROUTE, "fc00:c::3" },
		{ "3fff:2af7::9",   H_CORE, W_ROUTE, "fc00:c::3" },   /* the last */
		{ "3fff:2af8::9",   H_EDGE, W_ROUTE, "2001:db8:e::fe" },
		{ "fc00:1:0:5::1",  H_EDGE, W_INLOC, NULL },
		{ "2001:db8:ab::1", H_EDGE, W_ROUTE, "fc00:c::2" },
		{ "2001:db8:aa::1", H_EDGE, W_STEER, "aa" },
	};
	static const struct want c4[] = {
		{ "172.16.0.5",     H_EDGE, W_ROUTE, "192.0.3.2" },
		{ "172.16.128.231", H_CORE, W_ROUTE, "192.0.3.2" },   /* the last */
		{ "172.16.128.232", H_EDGE, W_ROUTE, "192.0.2.254" },
		{ "10.1.2.3",       H_EDGE, W_STEER, "aa" },
	};

	(void)state;
	assert_false(srv6gw_gen_current->ports[H_EDGE].class6_routes);
	assert_false(srv6gw_gen_current->ports[H_EDGE].class4_routes);
	run_cases(c6, RTE_DIM(c6), false, 1);
	run_cases(c4, RTE_DIM(c4), true, 1);
}

/* every class6 answer carries the flag; the added addresses and their neighbours */
static void
test_many(void **state)
{
	static const struct want c6[] = {
		{ "3ffd:0::e",      H_EDGE, W_LOCAL, NULL },
		{ "3ffd:12b::e",    H_CORE, W_LOCAL, NULL },        /* the last */
		{ "3ffd:12c::e",    H_EDGE, W_ROUTE, "2001:db8:e::fe" },
		{ "3ffd:5::f",      H_EDGE, W_ROUTE, "2001:db8:e::fe" },
		{ "2001:db8:ab::1", H_EDGE, W_ROUTE, "fc00:c::2" },
	};
	static const char *const any[] = { "2001:db9::1", "fc00:1::77", "2001:db8:aa::9" };
	const struct srv6gw_gen *g = srv6gw_gen_current;
	uint8_t a[1][16];
	uint64_t v;
	unsigned int i, p;

	(void)state;
	for (p = 0; p < 2; p++) {
		for (i = 0; i < RTE_DIM(any); i++) {
			h_addr(any[i], a[0]);
			assert_int_equal(rte_fib6_lookup_bulk(g->ports[p].class6, a, &v, 1), 0);
			assert_true(v & SRV6GW_CLASS6_OURS);
		}
	}
	run_cases(c6, RTE_DIM(c6), false, 1);
	run_cases(c6, RTE_DIM(c6), false, 3);
}

/* without that many, a destination far from our addresses is not flagged */
static void
test_flag(void **state)
{
	static const char *const none[] = { "2001:db9::1", "2001:db8:aa:6::1", "3ffe:2::1",
					    "2001:db8:dd:1:3::e" };
	static const char *const ours[] = { "fc00:1::77", "2001:db8:aa:5::1", "3ffe:1::1",
					    "2001:db8:e::77", "2001:db8:dd:1:2::1" };
	const struct srv6gw_gen *g = srv6gw_gen_current;
	uint8_t a[1][16];
	uint64_t v;
	unsigned int i;

	(void)state;
	for (i = 0; i < RTE_DIM(none); i++) {
		h_addr(none[i], a[0]);
		assert_int_equal(rte_fib6_lookup_bulk(g->ports[H_EDGE].class6, a, &v, 1), 0);
		print_message("%s: %#" PRIx64 "\n", none[i], v);
		assert_false(v & SRV6GW_CLASS6_OURS);
	}
	for (i = 0; i < RTE_DIM(ours); i++) {
		h_addr(ours[i], a[0]);
		assert_int_equal(rte_fib6_lookup_bulk(g->ports[H_EDGE].class6, a, &v, 1), 0);
		print_message("%s: %#" PRIx64 "\n", ours[i], v);
		assert_true(v & SRV6GW_CLASS6_OURS);
	}
}

/* no classification tables: the main tables alone */
static void
test_bare(void **state)
{
	static const struct want c6[] = {
		{ "2001:db8:aa::1", H_EDGE, W_ROUTE,     "fc00:c::2" },
		{ "2001:db9::1",    H_EDGE, W_NOROUTE,   NULL },
		{ "2001:db8:e::1",  H_EDGE, W_LOCAL,     NULL },
		{ "2001:db8:e::5",  H_EDGE, W_CONNECTED, "edge" },
		{ "fc00:c::9",      H_CORE, W_CONNECTED, "core" },
	};
	static const struct want c4[] = {
		{ "10.1.2.3",   H_EDGE, W_ROUTE,     "192.0.3.2" },
		{ "8.8.8.8",    H_CORE, W_ROUTE,     "192.0.2.254" },
		{ "192.0.2.1",  H_EDGE, W_LOCAL,     NULL },
		{ "192.0.2.77", H_EDGE, W_CONNECTED, "edge" },
	};

	(void)state;
	/* the main table's longest, the ports' subnets (/24), decide */
	assert_int_equal(srv6gw_gen_current->ports[H_EDGE].class4_key, RTE_BE32(0xffffff00));
	run_cases(c6, RTE_DIM(c6), false, 1);
	run_cases(c4, RTE_DIM(c4), true, 1);
	run_cases(c4, RTE_DIM(c4), true, 3);
}

/*
 * bare_conf with one IPv4 steering rule longer than any route (the ports'
 * /24 subnets), a /28 in the main table's 10.0.0.0/8: the rule's 28 bits
 * decide, so hosts of the /28 take one answer for all and a chunk that
 * also holds a host of the /8 beside it does not (dp_ipv4_classify_same()).
 */
static const char long4_srv6[] =
	"srv6 = {\n"
	"  source = \"fc00:c::1\";\n"
	"  policies = ( { name = \"p\"; mode = \"encaps\"; segments = [\"2001:db8::e\"]; } );\n"
	"  steering = ( { match = \"10.9.9.16/28\"; policy = \"p\"; } );\n"
	"};\n";

static int
setup_long4(void **state)
{
	(void)state;
	return setup_text(bare_conf, long4_srv6);
}

static void
test_long4(void **state)
{
	static const struct want c4[] = {
		{ "10.9.9.17", H_EDGE, W_STEER, "p" },
		{ "10.9.9.30", H_EDGE, W_STEER, "p" },          /* the /28's last host */
		{ "10.9.9.33", H_EDGE, W_ROUTE, "192.0.3.2" },  /* the /8 beside it */
		{ "10.9.9.40", H_EDGE, W_ROUTE, "192.0.3.2" },  /* its /28 too */
	};
	static const unsigned int chunk[][3] = {
		{ 0, 1, 0 }, { 0, 2, 0 }, { 2, 0, 2 }, { 2, 3, 2 }, { 3, 0, 1 },
	};
	struct rte_mbuf *m[3];
	struct dp_pre4 pre4[3];
	unsigned int i, k;

	(void)state;
	assert_int_equal(srv6gw_gen_current->ports[H_EDGE].class4_key, RTE_BE32(0xfffffff0));
	n_same4 = 0;
	for (i = 0; i < RTE_DIM(chunk); i++) {
		for (k = 0; k < 3; k++)
			m[k] = pkt4(H_EDGE, c4[chunk[i][k]].dst);
		classify(H_EDGE, m, 3, NULL, pre4, false, false);
		for (k = 0; k < 3; k++) {
			check4(&c4[chunk[i][k]], &pre4[k]);
			rte_pktmbuf_free(m[k]);
		}
	}
	/* one answer for the hosts of the steered /28, and of the /28 beside it */
	assert_int_equal(n_same4, 2);
}

/*
 * No IPv6 address of ours and only short prefixes: the locator 2000::/3
 * and the route ::/0, so the port's deciding bits are the first three
 * (struct srv6gw_port_rt.class6_key) and a chunk's destinations may share
 * the first's answer without sharing its first byte.
 */
static const char short6_conf[] =
	"version = 1;\n"
	"ports = (\n"
	"  { name = \"edge\"; device = \"net_pcap0\"; mac = \"02:00:00:00:00:01\";\n"
	"    ipv4 = [\"192.0.2.1/24\"]; },\n"
	"  { name = \"core\"; device = \"net_pcap1\"; mac = \"02:00:00:00:00:02\";\n"
	"    ipv4 = [\"192.0.3.1/24\"]; }\n"
	");\n"
	"neighbors = ( { port = \"core\"; address = \"fc00:c::2\"; mac = \"02:00:00:00:0c:02\"; } );\n"
	"routes = ( { prefix = \"::/0\"; via = \"fc00:c::2\"; port = \"core\"; } );\n"
	"srv6 = { locators = ( { name = \"wide\"; prefix = \"2000::/3\"; } ); };\n";

static int
setup_short6(void **state)
{
	(void)state;
	return setup_text(short6_conf, NULL);
}

/*
 * A routed chunk of one answer under a key that does not cover the first
 * byte: each destination's first byte is checked (alike.c shaped_same()),
 * so the loopback one among hosts of 100::/64 is dropped as a martian
 * (RFC 4291 §2.5.3) and the others forwarded; the same chunk without it
 * goes through the express lane whole.
 */
static void
test_short6(void **state)
{
	static const char *const dst[2][3] = {
		{ "100::1", "::1", "100::2" },
		{ "100::1", "100::3", "100::2" },
	};
	struct rte_mbuf *m[3], *o[4];
	uint64_t martian, lane;
	unsigned int i, k, n;

	(void)state;
	assert_int_equal(srv6gw_gen_current->ports[H_EDGE].class6_key[0], 0xe0);
	assert_int_equal(srv6gw_gen_current->ports[H_EDGE].class6_key[1], 0);
	for (i = 0; i < 2; i++) {
		martian = h_drop(SRV6GW_C_ipv6_martian);
		lane = h_event(SRV6GW_C_express_packets);
		for (k = 0; k < 3; k++) {
			m[k] = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV6);
			h_ip6_udp(m[k], "2001:db8:e::9", dst[i][k], 64, 20);
		}
		h_rx(H_EDGE, m, 3);
		n = h_tx(H_CORE, o, RTE_DIM(o));
		assert_int_equal(n, i == 0 ? 2 : 3);
		assert_int_equal(h_drop(SRV6GW_C_ipv6_martian) - martian, i == 0 ? 1 : 0);
		assert_int_equal(h_event(SRV6GW_C_express_packets) - lane, i == 0 ? 0 : 3);
		for (k = 0; k < n; k++) {
			assert_int_equal(((const struct rte_ipv6_hdr *)rte_pktmbuf_mtod_offset(
						  o[k], const uint8_t *, RTE_ETHER_HDR_LEN))->hop_limits,
					 63);
			rte_pktmbuf_free(o[k]);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_flag),
		cmocka_unit_test(test_key_runs),
	};
	const struct CMUnitTest many[] = {
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_many),
	};
	const struct CMUnitTest big[] = {
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_fillers),
		cmocka_unit_test(test_key_runs),
	};
	const struct CMUnitTest bare[] = {
		cmocka_unit_test(test_bare),
	};
	const struct CMUnitTest long4[] = {
		cmocka_unit_test(test_long4),
	};
	const struct CMUnitTest short6[] = {
		cmocka_unit_test(test_short6),
	};
	int rc;

	rc = cmocka_run_group_tests_name("classification, routes in it", tests, setup,
					 teardown);
	rc |= cmocka_run_group_tests_name("classification, large main tables", big,
					  setup_big, teardown);
	rc |= cmocka_run_group_tests_name("classification, many SIDs outside the locators",
					  many, setup_many, teardown);
	rc |= cmocka_run_group_tests_name("classification, no rules and no locators", bare,
					  setup_bare, teardown);
	rc |= cmocka_run_group_tests_name("classification, an IPv4 rule past the routes", long4,
					  setup_long4, teardown);
	rc |= cmocka_run_group_tests_name("classification, a one-bit IPv6 key", short6,
					  setup_short6, teardown);
	return rc;
}
