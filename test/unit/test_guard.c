/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * The SR-domain guard on synthetic mbufs (docs/security.md): HMAC TLV
 * verification and generation (RFC 8754 §2.1.2), the domain boundary and
 * uRPF (RFC 8754 §5.1, RFC 9602), allowed_sources, O-flag copies (RFC 9259)
 * and Packet Too Big feedback (RFC 8754 §5.4).
 *
 * Expected HMACs are computed here with OpenSSL's one-shot HMAC() over the
 * fields RFC 8754 §2.1.2.1 lists, independently of src/dp/hmac.c (which
 * uses pre-expanded SHA states); pointers and codes come from the RFCs.
 * The configuration is written at run time: the key file must be 0600.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <rte_ring.h>

#include "cp/cp.h"
#include "dp_harness.h"

static char dir[64];
static char conf_path[128];

static const char key7[] = "unit-test-key-seven";
static const char key11[] = "unit-sha1";

static const char *const conf_text =
	"version = 1;\n"
	"ports = (\n"
	"  { name = \"edge\"; device = \"net_pcap0\"; mac = \"02:00:00:00:00:01\";\n"
	"    ipv4 = [\"192.0.2.1/24\"]; ipv6 = [\"2001:db8:e::1/64\"]; mtu = 1500;\n"
	"    role = \"external\"; drop_srh = true; urpf = \"strict\"; },\n"
	"  { name = \"core\"; device = \"net_pcap1\"; mac = \"02:00:00:00:00:02\";\n"
	"    ipv6 = [\"fc00:c::1/64\"]; mtu = 1500; urpf = \"loose\"; hmac = \"verify\"; }\n"
	");\n"
	"neighbors = (\n"
	"  { port = \"edge\"; address = \"192.0.2.254\";    mac = \"02:00:00:00:ee:fe\"; },\n"
	"  { port = \"edge\"; address = \"2001:db8:e::10\"; mac = \"02:00:00:00:ee:10\"; },\n"
	"  { port = \"core\"; address = \"fc00:c::2\";      mac = \"02:00:00:00:0c:02\"; }\n"
	");\n"
	"routes = (\n"
	"  { prefix = \"fc00::/16\";       via = \"fc00:c::2\";      port = \"core\"; },\n"
	"  { prefix = \"fcbb:bb00::/32\";  via = \"fc00:c::2\";      port = \"core\"; },\n"
	"  { prefix = \"0.0.0.0/0\";       via = \"192.0.2.254\";    port = \"edge\"; },\n"
	"  { prefix = \"2001:db8:f::/48\"; via = \"2001:db8:e::10\"; port = \"edge\"; }\n"
	");\n"
	"icmp = { rate = 10000; burst = 1000; };\n"
	"srv6 = {\n"
	"  source = \"fc00:1::1\";\n"
	"  hmac_keys = \"guard.keys\";\n"
	"  oam = { enabled = true; rate = 1000; };\n"
	"  locators = ( { name = \"main\"; prefix = \"fc00:1::/48\"; },\n"
	"               { name = \"u\"; prefix = \"fcbb:bb00:1::/48\"; structure = \"F3216\";\n"
	"                 csid = \"next-csid\"; } );\n"
	"  sids = (\n"
	"    { sid = \"fc00:1::e\";  behavior = \"End\"; hmac = \"require\"; },\n"
	"    { sid = \"fc00:1::e1\"; behavior = \"End\"; },\n"
	"    { sid = \"fcbb:bb00:1::\"; behavior = \"End\"; flavors = [\"next-csid\"]; },\n"
	"    { sid = \"fc00:1::e2\"; behavior = \"End\"; hmac = \"ignore\";\n"
	"      allowed_sources = [\"fc00:c::/64\"]; },\n"
	"    { sid = \"fc00:1::d6\"; behavior = \"End.DX6\"; nexthop = \"2001:db8:e::10\";\n"
	"      port = \"edge\"; hmac = \"require\"; }\n"
	"  );\n"
	"  policies = (\n"
	"    { name = \"signed\"; mode = \"encaps\"; segments = [\"fc00:2::e\", \"fc00:3::d6\"];\n"
	"      hmac_key = 7; },\n"
	"    { name = \"signed-red\"; mode = \"encaps.red\";\n"
	"      segments = [\"fc00:2::e\", \"fc00:3::e\", \"fc00:4::d6\"]; hmac_key = 11; },\n"
	"    { name = \"plain\"; mode = \"encaps\"; segments = [\"fc00:2::e\", \"fc00:3::d4\"];\n"
	"      binding_sid = \"fc00:1::b6\"; },\n"
	"    { name = \"long-signed\"; mode = \"encaps\"; hmac_key = 4000000000L;\n"
	"      segments = [\"fc00:2::e\", \"fc00:3::e\", \"fc00:4::e\", \"fc00:5::e\", \"fc00:6::d6\"]; }\n"
	"  );\n"
	"  steering = (\n"
	"    { match = \"2001:db8:f:1::/64\"; policy = \"signed\"; port = \"core\"; },\n"
	"    { match = \"2001:db8:f:2::/64\"; policy = \"signed-red\"; port = \"core\"; },\n"
	"    { match = \"203.0.113.0/24\";   policy = \"plain\"; },\n"
	"    { match = \"2001:db8:f:3::/64\"; policy = \"long-signed\"; port = \"core\"; }\n"
	"  );\n"
	"};\n";

static int
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fputs(text, f);
	fclose(f);
	return chmod(path, mode);
}

/* the configuration setup() writes: conf_text, or a variant of it */
static const char *conf_now = conf_text;

static int
setup(void **state)
{
	char keys[128], kt[256];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/srv6gw-guard.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(keys, sizeof(keys), "%s/guard.keys", dir);
	snprintf(kt, sizeof(kt), "# test keys\n7 sha256 text:%s\n11 sha1 text:%s\n"
		 "4000000000 sha256 hex:00112233445566778899aabbccddeeff\n", key7, key11);
	snprintf(conf_path, sizeof(conf_path), "%s/guard.conf", dir);
	if (write_file(keys, kt, 0600) != 0 || write_file(conf_path, conf_now, 0644) != 0)
		return -1;
	if (h_setup(conf_path) != 0)
		return -1;
	return srv6gw_oam_init();
}

/*
 * conf_text without the core port's guards (its loose uRPF and HMAC
 * "verify"): the SIDs' own HMAC settings alone keep their packets from
 * the express lane (test_hmac_chunks).
 */
static int
setup_plain_core(void **state)
{
	static const char guards[] = " urpf = \"loose\"; hmac = \"verify\";";
	static char text[4096];
	const char *at = strstr(conf_text, guards);

	if (at == NULL || strlen(conf_text) >= sizeof(text))
		return -1;
	snprintf(text, sizeof(text), "%.*s%s", (int)(at - conf_text), conf_text,
		 at + strlen(guards));
	conf_now = text;
	return setup(state);
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	h_teardown();
	srv6gw_oam_fini();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
assert_addr(const uint8_t *got, const char *want)
{
	uint8_t a[16];

	h_addr(want, a);
	assert_memory_equal(got, a, strchr(want, ':') ? 16 : 4);
}

static unsigned int
out(uint16_t port, struct rte_mbuf **o, unsigned int max)
{
	return h_tx(port, o, max);
}

static void
nothing_out(void)
{
	struct rte_mbuf *o[4];

	assert_int_equal(h_tx(H_EDGE, o, 4), 0);
	assert_int_equal(h_tx(H_CORE, o, 4), 0);
}

/* ---- packets ---- */

struct tlv_opts {
	bool present;
	uint32_t key_id;
	const char *secret;
	bool sha1;
	uint8_t len;            /* TLV length field (38) */
	bool d_bit;
	bool flip;              /* corrupt the HMAC */
	bool overrun;           /* a trailing TLV whose length runs past the SRH */
};

/* RFC 8754 §2.1.2.1 text: SA, LE, Flags, Key ID, Segment List, with HMAC() */
static void
ref_hmac(const struct tlv_opts *t, const uint8_t *sa, uint8_t le, uint8_t flags,
	 const uint8_t *segs, uint8_t out32[32])
{
	uint8_t text[16 + 2 + 4 + 16 * 16];
	unsigned int len = 0, mdlen = 0;
	rte_be32_t id = rte_cpu_to_be_32(t->key_id);

	memcpy(text, sa, 16);
	text[16] = le;
	text[17] = flags;
	memcpy(text + 18, &id, 4);
	memcpy(text + 22, segs, 16u * (le + 1));
	len = 22 + 16u * (le + 1);
	memset(out32, 0, 32);
	HMAC(t->sha1 ? EVP_sha1() : EVP_sha256(), t->secret, (int)strlen(t->secret), text, len,
	     out32, &mdlen);
}

/*
 * From the core: outer IPv6 SA fc00:c::2 -> @p da, SRH [segs] SL/LE, optional
 * HMAC TLV (and a trailing bad TLV), then IPv6/UDP.
 */
static struct rte_mbuf *
pkt(const char *src, const char *da, const char *const *segs, unsigned int n, uint8_t sl,
    uint8_t flags, const struct tlv_opts *t)
{
	struct rte_mbuf *m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	struct rte_ipv6_hdr *ip = h_ip6(m, src, da, SRV6GW_IPPROTO_ROUTING, 64);
	struct srv6gw_srh *s = h_srh(m, SRV6GW_IPPROTO_IPV6, segs, n, sl, n - 1);

	s->flags = flags;
	if (t != NULL && t->present) {
		uint8_t tlv[40] = { SRV6GW_SRH_TLV_HMAC, t->len };
		rte_be32_t id = rte_cpu_to_be_32(t->key_id);

		tlv[2] = t->d_bit ? 0x80 : 0;
		memcpy(tlv + 4, &id, 4);
		ref_hmac(t, ip->src_addr, s->last_entry, s->flags, s->segments[0], tlv + 8);
		if (t->flip)
			tlv[20] ^= 1;
		if (t->len == 30) {     /* 32 bytes of TLV, then PadN over the rest */
			tlv[32] = SRV6GW_SRH_TLV_PADN;
			tlv[33] = 6;
			memset(tlv + 34, 0, 6);
		}
		h_put(m, tlv, 40);
		s->hdr_len += 5;
		if (t->overrun) {
			uint8_t bad[8] = { 0x7e, 30 };   /* 32 bytes claimed, 8 there */

			h_put(m, bad, 8);
			s->hdr_len += 1;
		}
	}
	h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 32);
	h_ip6_finish(m);
	return m;
}

static const char *const segs2[] = { "fc00:1::e", "fc00:2::e" };

static struct tlv_opts
good7(void)
{
	return (struct tlv_opts){ .present = true, .key_id = 7, .secret = key7, .len = 38 };
}

/* the single ICMPv6 error sent to the core: type, code, pointer */
static void
expect_pp(uint8_t code, uint32_t ptr)
{
	struct rte_mbuf *o[4];
	const uint8_t *p;

	assert_int_equal(out(H_CORE, o, 4), 1);
	p = h_l3(o[0]);
	assert_int_equal(p[6], SRV6GW_IPPROTO_ICMPV6);
	assert_int_equal(p[40], SRV6GW_ICMP6_PARAM_PROB);
	assert_int_equal(p[41], code);
	assert_int_equal(rte_be_to_cpu_32(*(const uint32_t *)(p + 44)), ptr);
	assert_addr(p + 24, "fc00:c::2");
	rte_pktmbuf_free(o[0]);
	nothing_out();
}

/* P38/P41: a valid HMAC verifies at End (require), whatever SL is */
static void
test_hmac_ok(void **state)
{
	struct tlv_opts t = good7();
	uint64_t v = h_event(SRV6GW_C_hmac_verified);
	struct rte_mbuf *m, *o[4];

	(void)state;
	m = pkt("fc00:c::2", "fc00:1::e", segs2, 2, 1, 0, &t);
	h_rx(H_CORE, &m, 1);
	assert_int_equal(out(H_CORE, o, 4), 1);
	assert_addr(((struct rte_ipv6_hdr *)h_l3(o[0]))->dst_addr, "fc00:2::e");
	rte_pktmbuf_free(o[0]);
	assert_int_equal(h_event(SRV6GW_C_hmac_verified), v + 1);
	/* SHA-1, zero padded (Linux), several keys at once (rollover) */
	t = (struct tlv_opts){ .present = true, .key_id = 11, .secret = key11, .sha1 = true,
			       .len = 38 };
	m = pkt("fc00:c::2", "fc00:1::e", segs2, 2, 1, 0, &t);
	h_rx(H_CORE, &m, 1);
	assert_int_equal(out(H_CORE, o, 4), 1);
	rte_pktmbuf_free(o[0]);
	assert_int_equal(h_event(SRV6GW_C_hmac_verified), v + 2);
}

/* P38: HMAC mismatch -> PP code 0 at the TLV (40 + 8 + 2 * 16 = 80) */
static void
test_hmac_mismatch(void **state)
{
	struct tlv_opts t = good7();
	uint64_t d = h_drop(SRV6GW_C_hmac_invalid);
	struct rte_mbuf *m;

	(void)state;
	t.flip = true;
	m = pkt("fc00:c::2", "fc00:1::e", segs2, 2, 1, 0, &t);
	h_rx(H_CORE, &m, 1);
	expect_pp(0, 80);
	assert_int_equal(h_drop(SRV6GW_C_hmac_invalid), d + 1);
	assert_true(h_worker()->guard.fail.count > 0);
	/* a flag changed en route: the flags are in the text */
	t.flip = false;
	m = pkt("fc00:c::2", "fc00:1::e", segs2, 2, 1, 0, &t);
	rte_pktmbuf_mtod_offset(m, uint8_t *, 14 + 40)[5] ^= 0x01;
	h_rx(H_CORE, &m, 1);
	expect_pp(0, 80);
	/* the source changed: it is in the text too */
	m = pkt("fc00:c::3", "fc00:1::e", segs2, 2, 1, 0, &t);
	rte_pktmbuf_mtod_offset(m, uint8_t *, 14 + 8)[15] = 2;   /* SA back, HMAC for ::3 */
	h_rx(H_CORE, &m, 1);
	expect_pp(0, 80);
	assert_int_equal(h_drop(SRV6GW_C_hmac_invalid), d + 3);
}

/* §2.1.2.1: D = 0 and DA != Segment List[SL] -> verification fails */
static void
test_hmac_da_check(void **state)
{
	const char *segs[] = { "fc00:1::e9", "fc00:2::e" };   /* DA fc00:1::e is not SL[1] */
	struct tlv_opts t = good7();
	uint64_t d = h_drop(SRV6GW_C_hmac_invalid);
	struct rte_mbuf *m, *o[4];

	(void)state;
	m = pkt("fc00:c::2", "fc00:1::e", segs, 2, 1, 0, &t);
	h_rx(H_CORE, &m, 1);
	expect_pp(0, 80);
	assert_int_equal(h_drop(SRV6GW_C_hmac_invalid), d + 1);
	/* reduced list (SL = LE + 1) with D = 1: the DA is not in it, allowed */
	const char *red[] = { "fc00:2::e" };
	t.d_bit = true;
	m = pkt("fc00:c::2", "fc00:1::e", red, 1, 1, 0, &t);
	h_rx(H_CORE, &m, 1);
	assert_int_equal(out(H_CORE, o, 4), 1);
	assert_addr(((struct rte_ipv6_hdr *)h_l3(o[0]))->dst_addr, "fc00:2::e");
	rte_pktmbuf_free(o[0]);
}

/*
 * The same in chunks, on a port without guards of its own (rx.c,
 * alike.c: a chunk of equal frames takes the express lane's shorter
 * ways, which must leave HMAC SIDs to the general way): three packets to
 * the require SID without a TLV are all dropped, three with a valid one
 * all verified and forwarded.
 */
static void
test_hmac_chunks(void **state)
{
	struct tlv_opts t = good7();
	uint64_t miss = h_drop(SRV6GW_C_hmac_missing), v = h_event(SRV6GW_C_hmac_verified);
	struct rte_mbuf *m[3], *o[4];
	unsigned int i;

	(void)state;
	for (i = 0; i < 3; i++)
		m[i] = pkt("fc00:c::2", "fc00:1::e", segs2, 2, 1, 0, NULL);
	h_rx(H_CORE, m, 3);
	nothing_out();
	assert_int_equal(h_drop(SRV6GW_C_hmac_missing), miss + 3);
	for (i = 0; i < 3; i++)
		m[i] = pkt("fc00:c::2", "fc00:1::e", segs2, 2, 1, 0, &t);
	h_rx(H_CORE, m, 3);
	assert_int_equal(out(H_CORE, o, 4), 3);
	for (i = 0; i < 3; i++)
		rte_pktmbuf_free(o[i]);
	assert_int_equal(h_event(SRV6GW_C_hmac_verified), v + 3);
}

/* P39: required but absent -> dropped, no ICMP; P37 unknown key -> PP */
static void
test_hmac_missing_unknown(void **state)
{
	struct tlv_opts t = good7();
	uint64_t miss = h_drop(SRV6GW_C_hmac_missing), unk = h_drop(SRV6GW_C_hmac_unknown_key);
	struct rte_mbuf *m, *o[4];

	(void)state;
	m = pkt("fc00:c::2", "fc00:1::e", segs2, 2, 1, 0, NULL);
	h_rx(H_CORE, &m, 1);
	nothing_out();
	assert_int_equal(h_drop(SRV6GW_C_hmac_missing), miss + 1);
	t.key_id = 99;
	m = pkt("fc00:c::2", "fc00:1::e", segs2, 2, 1, 0, &t);
	h_rx(H_CORE, &m, 1);
	expect_pp(0, 80);
	assert_int_equal(h_drop(SRV6GW_C_hmac_unknown_key), unk + 1);
	/* port level "verify": no TLV passes, a bad TLV does not */
	const char *segs1[] = { "fc00:1::e1", "fc00:2::e" };
	m = pkt("fc00:c::2", "fc00:1::e1", segs1, 2, 1, 0, NULL);
	h_rx(H_CORE, &m, 1);
	assert_int_equal(out(H_CORE, o, 4), 1);
	rte_pktmbuf_free(o[0]);
	t = good7();
	t.flip = true;
	m = pkt("fc00:c::2", "fc00:1::e1", segs1, 2, 1, 0, &t);
	h_rx(H_CORE, &m, 1);
	expect_pp(0, 80);
	/* a decapsulating SID with require and no SRH at all */
	m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6(m, "fc00:c::2", "fc00:1::d6", SRV6GW_IPPROTO_IPV6, 64);
	h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 32);
	h_ip6_finish(m);
	h_rx(H_CORE, &m, 1);
	nothing_out();
	assert_int_equal(h_drop(SRV6GW_C_hmac_missing), miss + 2);
}

/* a binding SID declared on a policy takes its port's level (core: verify) */
static void
test_hmac_bsid_inherits(void **state)
{
	const char *segs[] = { "fc00:1::b6", "fc00:2::e" };
	struct tlv_opts t = good7();
	struct rte_mbuf *m, *o[4];

	(void)state;
	m = pkt("fc00:c::2", "fc00:1::b6", segs, 2, 1, 0, NULL);        /* no TLV: goes on */
	h_rx(H_CORE, &m, 1);
	assert_int_equal(out(H_CORE, o, 4), 1);
	assert_addr(((struct rte_ipv6_hdr *)h_l3(o[0]))->dst_addr, "fc00:2::e");  /* new outer */
	rte_pktmbuf_free(o[0]);
	t.flip = true;
	m = pkt("fc00:c::2", "fc00:1::b6", segs, 2, 1, 0, &t);
	h_rx(H_CORE, &m, 1);
	expect_pp(0, 80);
}

/* P34/P40: TLV length != 38, or a TLV running past the SRH */
static void
test_hmac_malformed(void **state)
{
	struct tlv_opts t = good7();
	uint64_t d = h_drop(SRV6GW_C_hmac_malformed);
	struct rte_mbuf *m;

	(void)state;
	t.len = 30;     /* 8 bytes of it are then read as another TLV: fine, length wrong */
	m = pkt("fc00:c::2", "fc00:1::e", segs2, 2, 1, 0, &t);
	h_rx(H_CORE, &m, 1);
	expect_pp(0, 80);
	t = good7();
	t.overrun = true;
	m = pkt("fc00:c::2", "fc00:1::e", segs2, 2, 1, 0, &t);
	h_rx(H_CORE, &m, 1);
	expect_pp(0, 120);      /* the bad TLV after the HMAC TLV */
	assert_int_equal(h_drop(SRV6GW_C_hmac_malformed), d + 2);
}

/* headend: the template carries the HMAC TLV, D = 0 (encaps) / 1 (encaps.red) */
static void
test_hmac_headend(void **state)
{
	struct rte_mbuf *m, *o[4];
	const uint8_t *p;
	const struct srv6gw_srh *s;
	struct tlv_opts t = good7();
	uint8_t mac[32];

	(void)state;
	m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6_udp(m, "fc00:c::2", "2001:db8:f:1::5", 64, 100);
	h_rx(H_CORE, &m, 1);
	assert_int_equal(out(H_CORE, o, 4), 1);
	p = h_l3(o[0]);
	s = (const struct srv6gw_srh *)(p + 40);
	assert_int_equal(p[6], SRV6GW_IPPROTO_ROUTING);
	assert_int_equal(s->hdr_len, 4 + 5);            /* 2 SIDs + 40 B TLV */
	assert_int_equal(s->last_entry, 1);
	assert_int_equal(s->segments_left, 1);
	p += 40 + 8 + 32;
	assert_int_equal(p[0], 5);
	assert_int_equal(p[1], 38);
	assert_int_equal(p[2], 0);                      /* D = 0 */
	assert_int_equal(rte_be_to_cpu_32(*(const uint32_t *)(p + 4)), 7);
	ref_hmac(&t, h_l3(o[0]) + 8, s->last_entry, s->flags, s->segments[0], mac);
	assert_memory_equal(p + 8, mac, 32);
	assert_int_equal(s->next_hdr, SRV6GW_IPPROTO_IPV6);
	rte_pktmbuf_free(o[0]);
	/* encaps.red, SHA-1: 2 of 3 SIDs in the SRH, SL = LE + 1, D = 1 */
	m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6_udp(m, "fc00:c::2", "2001:db8:f:2::5", 64, 100);
	h_rx(H_CORE, &m, 1);
	assert_int_equal(out(H_CORE, o, 4), 1);
	p = h_l3(o[0]);
	s = (const struct srv6gw_srh *)(p + 40);
	assert_int_equal(s->last_entry, 1);
	assert_int_equal(s->segments_left, 2);
	p += 40 + 8 + 32;
	assert_int_equal(p[2], 0x80);
	t = (struct tlv_opts){ .key_id = 11, .secret = key11, .sha1 = true };
	ref_hmac(&t, h_l3(o[0]) + 8, s->last_entry, s->flags, s->segments[0], mac);
	assert_memory_equal(p + 8, mac, 32);
	rte_pktmbuf_free(o[0]);
}

/* 5 SIDs + the TLV = 168 bytes: more than the 128-byte headroom, still sent */
static void
test_hmac_headend_long(void **state)
{
	struct rte_mbuf *m, *o[4];
	const struct srv6gw_srh *s;
	const uint8_t *p;
	uint8_t mac[32];
	static const uint8_t key[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
					 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
	uint8_t text[22 + 80];
	unsigned int len = 0;

	(void)state;
	m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6_udp(m, "fc00:c::2", "2001:db8:f:3::5", 64, 1200);
	h_rx(H_CORE, &m, 1);
	assert_int_equal(out(H_CORE, o, 4), 1);
	p = h_l3(o[0]);
	s = (const struct srv6gw_srh *)(p + 40);
	assert_int_equal(o[0]->pkt_len, 14 + 40 + 8 + 80 + 40 + 40 + 8 + 1200);
	assert_int_equal(s->hdr_len, 10 + 5);
	assert_int_equal(s->segments_left, 4);
	assert_addr(((const struct rte_ipv6_hdr *)p)->dst_addr, "fc00:2::e");
	p += 40 + 8 + 80;
	assert_int_equal(rte_be_to_cpu_32(*(const uint32_t *)(p + 4)), 4000000000u);
	/* key 4000000000 is "hex:00112233445566778899aabbccddeeff" */
	memcpy(text, h_l3(o[0]) + 8, 16);
	text[16] = s->last_entry;
	text[17] = s->flags;
	memcpy(text + 18, p + 4, 4);
	memcpy(text + 22, s->segments[0], 80);
	HMAC(EVP_sha256(), key, 16, text, sizeof(text), mac, &len);
	assert_memory_equal(p + 8, mac, 32);
	rte_pktmbuf_free(o[0]);
}

/* RFC 8754 §5.1 / RFC 9602 on the external edge port; drop_srh */
static void
test_boundary(void **state)
{
	const char *dsts[] = { "fc00:1::e", "fc00:1::77", "5f00::1", "fcbb:bb00:99::1" };
	uint64_t d = h_drop(SRV6GW_C_iacl_ext);
	struct rte_mbuf *m, *o[4];
	unsigned int i;

	(void)state;
	for (i = 0; i < RTE_DIM(dsts); i++) {
		m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV6);
		h_ip6_udp(m, "2001:db8:f::5", dsts[i], 64, 20);
		h_rx(H_EDGE, &m, 1);
		nothing_out();
	}
	assert_int_equal(h_drop(SRV6GW_C_iacl_ext), d + RTE_DIM(dsts));
	/* an ordinary destination from the edge is routed */
	m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV6);
	h_ip6_udp(m, "2001:db8:f::5", "fc00:9::1", 64, 20);
	h_rx(H_EDGE, &m, 1);
	assert_int_equal(out(H_CORE, o, 4), 1);
	rte_pktmbuf_free(o[0]);
	/* drop_srh: an SRH toward anything */
	d = h_drop(SRV6GW_C_iacl_srh);
	m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV6);
	h_ip6(m, "2001:db8:f::5", "fc00:9::1", SRV6GW_IPPROTO_ROUTING, 64);
	h_srh(m, SRV6GW_IPPROTO_IPV6, segs2, 2, 0, 1);
	h_ip6_udp(m, "2001:db8:aa::1", "2001:db8:f::5", 50, 32);
	h_ip6_finish(m);
	h_rx(H_EDGE, &m, 1);
	nothing_out();
	assert_int_equal(h_drop(SRV6GW_C_iacl_srh), d + 1);
	/* the same SIDs from the (internal) core port are processed */
	m = pkt("fc00:c::2", "fc00:1::e2", (const char *const[]){ "fc00:1::e2", "fc00:2::e" }, 2, 1,
		0, NULL);
	h_rx(H_CORE, &m, 1);
	assert_int_equal(out(H_CORE, o, 4), 1);
	rte_pktmbuf_free(o[0]);
}

/* allowed_sources (RFC 8754 §5.1 endpoint iACL) and uRPF */
static void
test_sources(void **state)
{
	uint64_t d = h_drop(SRV6GW_C_iacl_src), u = h_drop(SRV6GW_C_urpf_failed);
	const char *segs[] = { "fc00:1::e2", "fc00:2::e" };
	struct rte_mbuf *m, *o[4];

	(void)state;
	m = pkt("fc00:9::2", "fc00:1::e2", segs, 2, 1, 0, NULL);   /* routed, not allowed */
	h_rx(H_CORE, &m, 1);
	nothing_out();
	assert_int_equal(h_drop(SRV6GW_C_iacl_src), d + 1);
	/* loose uRPF on core: no route back to 2001:db8:99::1 */
	m = pkt("2001:db8:99::1", "fc00:1::e1", (const char *const[]){ "fc00:1::e1", "fc00:2::e" },
		2, 1, 0, NULL);
	h_rx(H_CORE, &m, 1);
	nothing_out();
	assert_int_equal(h_drop(SRV6GW_C_urpf_failed), u + 1);
	/* strict uRPF on edge: fc00:9::5 is routed via core, not edge */
	m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV6);
	h_ip6_udp(m, "fc00:9::5", "2001:db8:f::6", 64, 20);
	h_rx(H_EDGE, &m, 1);
	nothing_out();
	assert_int_equal(h_drop(SRV6GW_C_urpf_failed), u + 2);
	/* ... 2001:db8:f::5 is routed via edge: passes */
	m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV6);
	h_ip6_udp(m, "2001:db8:f::5", "2001:db8:f::6", 64, 20);
	h_rx(H_EDGE, &m, 1);
	assert_int_equal(out(H_EDGE, o, 4), 1);
	rte_pktmbuf_free(o[0]);
	/* IPv4, strict on edge: the default route is via edge, passes */
	m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4);
	h_ip4_udp(m, "198.51.100.7", "203.0.113.9", 64, 20, false);
	h_rx(H_EDGE, &m, 1);
	assert_int_equal(out(H_CORE, o, 4), 1);
	rte_pktmbuf_free(o[0]);
	assert_int_equal(h_drop(SRV6GW_C_urpf_failed), u + 2);
}

/* RFC 9259: O-flag counted, copied to the ring, packet forwarded untouched */
static void
test_oam(void **state)
{
	const char *segs[] = { "fc00:1::e2", "fc00:2::e" };
	uint64_t f = h_event(SRV6GW_C_oam_flagged), c = h_event(SRV6GW_C_oam_copied);
	struct rte_mbuf *m, *o[4];
	char path[128];
	unsigned int n = 0;
	char err[128];
	uint8_t magic[4];
	FILE *fp;

	(void)state;
	m = pkt("fc00:c::2", "fc00:1::e2", segs, 2, 1, SRV6GW_SRH_FLAG_O, NULL);
	h_rx(H_CORE, &m, 1);
	assert_int_equal(out(H_CORE, o, 4), 1);
	assert_int_equal(h_l3(o[0])[40 + 5], SRV6GW_SRH_FLAG_O);   /* untouched flag */
	assert_addr(((struct rte_ipv6_hdr *)h_l3(o[0]))->dst_addr, "fc00:2::e");
	rte_pktmbuf_free(o[0]);
	assert_int_equal(h_event(SRV6GW_C_oam_flagged), f + 1);
	assert_int_equal(h_event(SRV6GW_C_oam_copied), c + 1);
	assert_int_equal(rte_ring_count(srv6gw_oam_ring), 1);
	snprintf(path, sizeof(path), "%s/oam.pcapng", dir);
	assert_int_equal(srv6gw_oam_save(path, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 1);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(fread(magic, 1, 4, fp), 4);
	fclose(fp);
	assert_int_equal(magic[0], 0x0a);       /* pcapng Section Header Block */
	assert_int_equal(magic[3], 0x0a);
}

/* RFC 9259 §2.1.1: O-flag processing precedes the SID, a NEXT-C-SID shift too */
static void
test_oam_csid_shift(void **state)
{
	const char *segs[] = { "fc00:2::e" };
	uint64_t f = h_event(SRV6GW_C_oam_flagged), c = h_event(SRV6GW_C_oam_copied);
	unsigned int q = rte_ring_count(srv6gw_oam_ring);
	struct rte_mbuf *m, *o[4];

	(void)state;
	m = pkt("fc00:c::2", "fcbb:bb00:1:2::", segs, 1, 1, SRV6GW_SRH_FLAG_O, NULL);
	h_rx(H_CORE, &m, 1);
	assert_int_equal(out(H_CORE, o, 4), 1);
	/* RFC 9800 §4.1.1: the DA shifted, the SRH left as it was */
	assert_addr(((struct rte_ipv6_hdr *)h_l3(o[0]))->dst_addr, "fcbb:bb00:2::");
	assert_int_equal(h_l3(o[0])[40 + 3], 1);                   /* Segments Left */
	assert_int_equal(h_l3(o[0])[40 + 5], SRV6GW_SRH_FLAG_O);
	rte_pktmbuf_free(o[0]);
	assert_int_equal(h_event(SRV6GW_C_oam_flagged), f + 1);
	assert_int_equal(h_event(SRV6GW_C_oam_copied), c + 1);
	assert_int_equal(rte_ring_count(srv6gw_oam_ring), q + 1);
}

/* RFC 8754 §5.4: PTB about a list of ours lowers its path MTU */
static void
test_ptb_feedback(void **state)
{
	struct rte_mbuf *m, *o[4], *c[3];
	uint64_t ev = h_event(SRV6GW_C_pmtu_lowered), un = h_drop(SRV6GW_C_ptb_unmatched);
	unsigned int i;
	const char *segs[] = { "fc00:2::e", "fc00:3::d4" };
	struct srv6gw_icmp_hdr ic = { .type = SRV6GW_ICMP6_PKT_TOO_BIG };
	const uint8_t *p;

	(void)state;
	/* before: a 1400-byte DF packet fits 1500 - 80 */
	m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4);
	h_ip4_udp(m, "198.51.100.7", "203.0.113.9", 64, 1400 - 28, true);
	h_rx(H_EDGE, &m, 1);
	assert_int_equal(out(H_CORE, o, 4), 1);
	rte_pktmbuf_free(o[0]);
	/* PTB from a core router: MTU 1400, quoting our outer packet as it left */
	ic.data = rte_cpu_to_be_32(1400);
	m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6(m, "fc00:c::2", "fc00:1::1", SRV6GW_IPPROTO_ICMPV6, 64);
	h_put(m, &ic, sizeof(ic));
	h_ip6(m, "fc00:1::1", "fc00:3::d4", SRV6GW_IPPROTO_ROUTING, 60);
	h_srh(m, SRV6GW_IPPROTO_IPIP, segs, 2, 0, 1);
	h_ip6_finish(m);
	h_rx(H_CORE, &m, 1);
	nothing_out();
	assert_int_equal(h_event(SRV6GW_C_pmtu_lowered), ev + 1);
	/* now: fragmentation needed, next-hop MTU 1400 - 80 (RFC 1191) */
	m = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4);
	h_ip4_udp(m, "198.51.100.7", "203.0.113.9", 64, 1400 - 28, true);
	h_rx(H_EDGE, &m, 1);
	assert_int_equal(out(H_EDGE, o, 4), 1);
	p = h_l3(o[0]);
	assert_int_equal(p[9], IPPROTO_ICMP);
	assert_int_equal(p[20], SRV6GW_ICMP4_DST_UNREACH);
	assert_int_equal(p[21], SRV6GW_ICMP4_CODE_FRAG_NEEDED);
	assert_int_equal(rte_be_to_cpu_16(*(const uint16_t *)(p + 26)), 1400 - 80);
	rte_pktmbuf_free(o[0]);
	/* a chunk of three that fit, to hosts of one /24: with an estimate in
	 * force, each encapsulated whole (TTL 63), right after the SRH */
	for (i = 0; i < 3; i++) {
		static const char *const dst[] = { "203.0.113.9", "203.0.113.10", "203.0.113.9" };

		c[i] = h_eth(H_EDGE, RTE_ETHER_TYPE_IPV4);
		h_ip4_udp(c[i], "198.51.100.7", dst[i], 64, 1000, true);
	}
	h_rx(H_EDGE, c, 3);
	assert_int_equal(out(H_CORE, o, 4), 3);
	for (i = 0; i < 3; i++) {
		p = h_l3(o[i]);
		assert_int_equal(p[6], SRV6GW_IPPROTO_ROUTING);
		p += 40 + (p[41] + 1u) * 8u;
		assert_int_equal(p[0], 0x45);
		assert_int_equal(p[8], 63);                             /* TTL */
		assert_int_equal(p[19], i == 1 ? 10 : 9);
		rte_pktmbuf_free(o[i]);
	}
	/* a PTB about a list we do not have: counted, nothing changes */
	m = h_eth(H_CORE, RTE_ETHER_TYPE_IPV6);
	h_ip6(m, "fc00:c::2", "fc00:1::1", SRV6GW_IPPROTO_ICMPV6, 64);
	h_put(m, &ic, sizeof(ic));
	h_ip6(m, "fc00:1::1", "fc00:3::d4", SRV6GW_IPPROTO_ROUTING, 60);
	h_srh(m, SRV6GW_IPPROTO_IPIP, (const char *const[]){ "fc00:2::e", "fc00:3::99" }, 2, 0, 1);
	h_ip6_finish(m);
	h_rx(H_CORE, &m, 1);
	nothing_out();
	assert_int_equal(h_drop(SRV6GW_C_ptb_unmatched), un + 1);
}

/*
 * A reload keeps the path MTU learned for an unchanged segment list. (The
 * new generation is the running one's policies with fresh guard state: two
 * full generations do not fit the harness's memory.)
 */
static void
test_pmtu_carry(void **state)
{
	const struct srv6gw_gen *cur = srv6gw_gen_current;
	unsigned int plain = 2;         /* policies: signed, signed-red, plain */
	size_t sz = sizeof(struct srv6gw_pmtu) * cur->n_policies * 2 * SRV6GW_MAX_POLICY_LISTS;
	struct srv6gw_guard_rt gd = *cur->guard;
	struct srv6gw_gen nu = *cur;
	const struct srv6gw_pmtu *e;

	(void)state;
	gd.pmtu = calloc(1, sz);
	assert_non_null(gd.pmtu);
	nu.guard = &gd;
	/* test_ptb_feedback lowered "plain" list 0 to 1400 in the running generation */
	assert_string_equal(cur->policies[plain].name, "plain");
	e = &cur->guard->pmtu[(plain * 2) * SRV6GW_MAX_POLICY_LISTS];
	assert_int_equal(e->mtu, 1400);
	srv6gw_guard_carry(cur, &nu);
	e = &gd.pmtu[(plain * 2) * SRV6GW_MAX_POLICY_LISTS];
	assert_int_equal(e->mtu, 1400);
	assert_true(e->expires > 0);
	assert_int_equal(gd.pmtu[0].expires, 0);       /* "signed" learned nothing */
	/* a list whose header changed (another source, say) starts afresh */
	memset(gd.pmtu, 0, sz);
	nu.policies = malloc(sizeof(*nu.policies) * cur->n_policies);
	assert_non_null(nu.policies);
	memcpy(nu.policies, cur->policies, sizeof(*nu.policies) * cur->n_policies);
	nu.policies[plain].lists[0].hdr[8 + 15] ^= 1;
	srv6gw_guard_carry(cur, &nu);
	assert_int_equal(gd.pmtu[(plain * 2) * SRV6GW_MAX_POLICY_LISTS].expires, 0);
	free(nu.policies);
	free(gd.pmtu);
}

/* key file: refused when others may read it; every bad line with file:line */
static void
test_keyfile_errors(void **state)
{
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *cfg;
	char keys[128], conf[512], all[2048] = "";
	unsigned int i;

	(void)state;
	snprintf(keys, sizeof(keys), "%s/bad.keys", dir);
	snprintf(conf, sizeof(conf), "version = 1;\nports = ( { name = \"p\"; device = "
		 "\"net_null0\"; ipv6 = [\"fc00:c::1/64\"]; } );\nsrv6 = {\n  source = "
		 "\"fc00:1::1\";\n  hmac_keys = \"%s\";\n  policies = ( { name = \"x\"; mode = \"encaps\"; "
		 "segments = [\"fc00:2::e\"]; hmac_key = 5; } );\n};\n", keys);
	assert_int_equal(write_file(keys, "7 sha256 text:abc\n", 0644), 0);
	cfg = srv6gw_config_load_string(conf, "t.conf", &errs);
	assert_null(cfg);
	assert_int_equal(errs.n, 1);
	assert_int_equal(errs.e[0].line, 5);
	assert_non_null(strstr(errs.e[0].text, "mode 0644"));
	assert_int_equal(write_file(keys, "# c\n0 sha256 text:a\n6 md5 text:a\n"
				    "8 sha256 hex:abc\n9 sha1 secret\n10 sha256 text:a extra\n"
				    "11 sha1 text:a\n11 sha256 text:b\n4294967296 sha1 text:a\n",
				    0600), 0);
	cfg = srv6gw_config_load_string(conf, "t.conf", &errs);
	assert_null(cfg);
	for (i = 0; i < errs.n; i++) {
		strcat(all, errs.e[i].text);
		strcat(all, "\n");
	}
	/* one error per bad line, none for the unknown hmac_key 5 (cascade) */
	assert_int_equal(errs.n, 7);
	assert_non_null(strstr(all, "bad.keys:2: key id must be"));
	assert_non_null(strstr(all, "bad.keys:3: algorithm must be"));
	assert_non_null(strstr(all, "bad.keys:4: hex secret"));
	assert_non_null(strstr(all, "bad.keys:5: secret must start"));
	assert_non_null(strstr(all, "bad.keys:6: expected"));
	assert_non_null(strstr(all, "bad.keys:8: key id 11 already defined at line 7"));
	assert_non_null(strstr(all, "bad.keys:9: key id must be"));
	/* good file, unknown key id, encaps.red with one SID */
	assert_int_equal(write_file(keys, "7 sha256 text:abc\n", 0600), 0);
	cfg = srv6gw_config_load_string(conf, "t.conf", &errs);
	assert_null(cfg);
	assert_int_equal(errs.n, 1);
	assert_non_null(strstr(errs.e[0].text, "hmac_key 5 is not in"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmac_ok),
		cmocka_unit_test(test_hmac_mismatch),
		cmocka_unit_test(test_hmac_da_check),
		cmocka_unit_test(test_hmac_missing_unknown),
		cmocka_unit_test(test_hmac_malformed),
		cmocka_unit_test(test_hmac_bsid_inherits),
		cmocka_unit_test(test_hmac_headend),
		cmocka_unit_test(test_hmac_headend_long),
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_oam),
		cmocka_unit_test(test_oam_csid_shift),
		cmocka_unit_test(test_ptb_feedback),
		cmocka_unit_test(test_pmtu_carry),
		cmocka_unit_test(test_keyfile_errors),
	};

	const struct CMUnitTest plain_core[] = {
		cmocka_unit_test(test_hmac_chunks),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);

	return rc + cmocka_run_group_tests_name("guard, no port guards on core", plain_core,
						setup_plain_core, teardown);
}
