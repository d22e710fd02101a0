/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */

/*
 * Compressed SIDs (RFC 9800) on the control side: the headend packer against
 * the worked examples of the RFC's companion illustrations draft and the
 * Linux kernel selftests (vectors typed in from those documents, not from
 * srv6gw's output), and the loader's C-SID checks, one error each.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srv6gw/config.h"
#include "srv6gw/csid.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the packer ---------------------------------------------------------- */

struct blocks {
	struct srv6gw_sid_struct st[2];
	uint8_t pfx[2][16];
	unsigned int len[2];
	unsigned int n;
};

static const struct srv6gw_sid_struct *
find(const void *arg, const uint8_t sid[16])
{
	const struct blocks *b = arg;
	unsigned int i, bit;

	for (i = 0; i < b->n; i++) {
		for (bit = 0; bit < b->len[i]; bit++)
			if (((sid[bit / 8] ^ b->pfx[i][bit / 8]) >> (7 - bit % 8)) & 1)
				break;
		if (bit == b->len[i])
			return &b->st[i];
	}
	return NULL;
}

static void
a6(const char *s, uint8_t out[16])
{
	assert_int_equal(inet_pton(AF_INET6, s, out), 1);
}

static void
add_block(struct blocks *b, const char *pfx, unsigned int len, uint8_t lbl, uint8_t lnl,
	  uint8_t fl, uint8_t flavor)
{
	a6(pfx, b->pfx[b->n]);
	b->len[b->n] = len;
	b->st[b->n] = (struct srv6gw_sid_struct){ lbl, lnl, fl, (uint8_t)(128 - lbl - lnl - fl),
		flavor };
	b->n++;
}

/* Pack @segs (NULL-terminated) and compare with @want (NULL-terminated). */
static void
check_pack(const struct blocks *b, const char *const *segs, const char *const *want)
{
	uint8_t in[SRV6GW_CSID_MAX_ENTRIES][16], w[16];
	struct srv6gw_csid_packed out;
	char got[64];
	unsigned int n = 0, i;

	while (segs[n] != NULL)
		a6(segs[n], in[n]), n++;
	assert_int_equal(srv6gw_csid_pack((const uint8_t (*)[16])in, n, find, b, &out), 0);
	for (i = 0; want[i] != NULL; i++) {
		assert_true(i < out.n);
		a6(want[i], w);
		inet_ntop(AF_INET6, out.entry[i], got, sizeof(got));
		if (memcmp(w, out.entry[i], 16) != 0)
			fail_msg("entry %u: got %s, want %s", i, got, want[i]);
	}
	assert_int_equal(out.n, i);
}

/* draft-clad-spring-srv6-srh-compression-illus, NEXT-C-SID case 1 (LBL 48) */
static void
test_next_illustration(void **state)
{
	static const char *const segs[] = { "2001:db8:b:1200::", "2001:db8:b:1300::",
		"2001:db8:b:1400::", "2001:db8:b:1500::", "2001:db8:b:1600::",
		"2001:db8:b:1700::", "2001:db8:b:1800::", NULL };
	static const char *const want[] = { "2001:db8:b:1200:1300:1400:1500:1600",
		"2001:db8:b:1700:1800::", NULL };
	struct blocks b = { .n = 0 };

	(void)state;
	add_block(&b, "2001:db8:b::", 48, 48, 16, 0, SRV6GW_CSID_NEXT);
	check_pack(&b, segs, want);
}

/* Linux srv6_end_next_csid_l3vpn_test.sh: uN, uN, then node + function uDT */
static void
test_next_udt_tail(void **state)
{
	static const char *const segs[] = { "fcbb:0:400::", "fcbb:0:300::",
		"fcbb:0:200:d46::", NULL };
	static const char *const want[] = { "fcbb:0:400:300:200:d46::", NULL };
	struct blocks b = { .n = 0 };

	(void)state;
	add_block(&b, "fcbb::", 32, 32, 16, 0, SRV6GW_CSID_NEXT);
	check_pack(&b, segs, want);
}

/* A SID outside every block ends the container and stays whole. */
static void
test_next_mixed(void **state)
{
	static const char *const segs[] = { "fc00:2::e", "fcbb:0:1::", "fcbb:0:2::",
		"2001:db8::d6", NULL };
	static const char *const want[] = { "fc00:2::e", "fcbb:0:1:2::", "2001:db8::d6", NULL };
	struct blocks b = { .n = 0 };

	(void)state;
	add_block(&b, "fcbb::", 32, 32, 16, 0, SRV6GW_CSID_NEXT);
	check_pack(&b, segs, want);
}

/* Illustrations draft, REPLACE-C-SID case 1 (LBL 48, 16-bit C-SIDs, K = 8). */
static void
test_replace_illustration(void **state)
{
	static const char *const segs[] = { "2001:db8:b:1200::", "2001:db8:b:1300::",
		"2001:db8:b:1400::", "2001:db8:b:1500::", "2001:db8:b:1600::",
		"2001:db8:b:1700::", "2001:db8:b:1800::", NULL };
	static const char *const want[] = { "2001:db8:b:1200::",
		"0:0:1800:1700:1600:1500:1400:1300", NULL };
	struct blocks b = { .n = 0 };

	(void)state;
	add_block(&b, "2001:db8:b::", 48, 48, 16, 0, SRV6GW_CSID_REPLACE);
	check_pack(&b, segs, want);
}

/* 32-bit C-SIDs (K = 4): a partial container, the first C-SID lowest. */
static void
test_replace_32(void **state)
{
	static const char *const segs[] = { "2001:db8:b2:1:1::", "2001:db8:b2:2:1::",
		"2001:db8:b2:3:1::", "2001:db8:b2:4:1::", NULL };
	static const char *const want[] = { "2001:db8:b2:1:1::", "::4:1:3:1:2:1", NULL };
	struct blocks b = { .n = 0 };

	(void)state;
	add_block(&b, "2001:db8:b2::", 48, 48, 16, 16, SRV6GW_CSID_REPLACE);
	check_pack(&b, segs, want);
}

/*
 * A run followed by a full SID must end in a container with a zero slot
 * (RFC 9800 §4.2.1 S14): 1 + 4 C-SIDs would fill it, so the last two SIDs
 * form a run of their own.
 */
static void
test_replace_split(void **state)
{
	static const char *const segs[] = { "2001:db8:b2:1:1::", "2001:db8:b2:2:1::",
		"2001:db8:b2:3:1::", "2001:db8:b2:4:1::", "2001:db8:b2:5:1::", "fc00:9::d6",
		NULL };
	static const char *const want[] = { "2001:db8:b2:1:1::", "::3:1:2:1",
		"2001:db8:b2:4:1::", "::5:1", "fc00:9::d6", NULL };
	struct blocks b = { .n = 0 };

	(void)state;
	add_block(&b, "2001:db8:b2::", 48, 48, 16, 16, SRV6GW_CSID_REPLACE);
	check_pack(&b, segs, want);
}

/* A lone REPLACE SID before another SID cannot be encoded. */
static void
test_replace_lone(void **state)
{
	uint8_t in[2][16];
	struct srv6gw_csid_packed out;
	struct blocks b = { .n = 0 };

	(void)state;
	add_block(&b, "2001:db8:b2::", 48, 48, 16, 16, SRV6GW_CSID_REPLACE);
	a6("2001:db8:b2:1:1::", in[0]);
	a6("fc00:9::d6", in[1]);
	assert_int_equal(srv6gw_csid_pack((const uint8_t (*)[16])in, 2, find, &b, &out), -2);
	/* ... but it may be the last one */
	assert_int_equal(srv6gw_csid_pack((const uint8_t (*)[16])&in[1], 1, find, &b, &out), 0);
}

/* ---- the loader ------------------------------------------------------------ */

/* Ports and the srv6 head; the next line is 7. */
#define HEAD \
	"version = 1;\n" \
	"ports = ( { name = \"core\"; device = \"net_null0\"; ipv6 = [\"fc00:c::1/64\"]; } );\n" \
	"routes = ( { prefix = \"fcbb::/16\"; via = \"fc00:c::2\"; port = \"core\"; } );\n" \
	"srv6 = {\n" \
	"  source = \"fc00:c::1\";\n" \
	"  locators = (\n"
#define L 7
#define LOC_OK "    { name = \"n1\"; prefix = \"fcbb:0:1::/48\"; structure = \"F3216\";" \
	" csid = \"next-csid\"; },\n" \
	"    { name = \"far\"; prefix = \"fcbb:0:100::/40\"; structure = \"F3216\";" \
	" csid = \"next-csid\"; remote = true; },\n" \
	"    { name = \"r\"; prefix = \"fcbb:1::/48\"; structure = { block = 48; node = 16;" \
	" function = 16; argument = 48; }; csid = \"replace-csid\"; }\n" \
	"  );\n"

static void
expect_one(const char *text, int line, const char *msg)
{
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *cfg = srv6gw_config_load_string(text, "t.conf", &errs);
	unsigned int i;

	srv6gw_config_free(cfg);
	for (i = 0; i < errs.n; i++)
		fprintf(stderr, "  %d: %s\n", errs.e[i].line, errs.e[i].text);
	assert_null(cfg);
	assert_int_equal(errs.total, 1);
	assert_int_equal(errs.e[0].line, line);
	if (strstr(errs.e[0].text, msg) == NULL)
		fail_msg("want \"%s\"", msg);
}

static void
test_loader_errors(void **state)
{
	(void)state;
	expect_one(HEAD "    { name = \"a\"; prefix = \"fcbb:0:1::/48\"; csid = \"next-csid\"; }\n"
		   "  );\n};\n", L, "locator 'a': 'csid' needs 'structure'");
	expect_one(HEAD "    { name = \"a\"; prefix = \"fcbb:0:1::/48\"; structure = \"F32x6\"; }\n"
		   "  );\n};\n", L, "structure 'F32x6' is not of the form F<block><C-SID>");
	expect_one(HEAD "    { name = \"a\"; prefix = \"fcbb:0:1::/48\"; structure = { block = 32;"
		   " node = 16; function = 0; argument = 64; }; }\n  );\n};\n", L,
		   "must add up to 128");
	expect_one(HEAD "    { name = \"a\"; prefix = \"fcbb:0:1::/48\"; structure = { block = 32;"
		   " node = 24; function = 0; argument = 72; }; csid = \"next-csid\"; }\n"
		   "  );\n};\n", L, "must be 16 or 32 bits long");
	expect_one(HEAD "    { name = \"a\"; prefix = \"fcbb:0:1:2::/64\"; structure = \"F3216\";"
		   " csid = \"next-csid\"; }\n  );\n};\n", L,
		   "prefix length must lie between the block length and block + C-SID");
	expect_one(HEAD "    { name = \"a\"; prefix = \"fcbb:0:1::/48\"; structure = \"F3216\";"
		   " csid = \"uSID\"; }\n  );\n};\n", L, "unknown csid 'uSID'");
	/* SIDs */
	expect_one(HEAD LOC_OK "  sids = ( { sid = \"fcbb:0:1::\"; behavior = \"End\";\n"
		   "    flavors = [\"replace-csid\"]; } );\n};\n", L + 4,
		   "flavor replace-csid needs its locator 'n1' to declare a structure with "
		   "csid = \"replace-csid\"");
	expect_one(HEAD LOC_OK "  sids = ( { sid = \"fcbb:0:1:5::\"; behavior = \"End\";\n"
		   "    flavors = [\"next-csid\"]; } );\n};\n", L + 4,
		   "SID fcbb:0:1:5:: is not a C-SID of locator 'n1'");
	expect_one(HEAD LOC_OK "  sids = ( { sid = \"fcbb:0:101::\"; behavior = \"End\"; } );\n"
		   "};\n", L + 4, "inside locator 'far', which is remote");
	expect_one(HEAD LOC_OK "  sids = ( { sid = \"fcbb:0:1::\"; behavior = \"End\";\n"
		   "    flavors = [\"next-csid\", \"replace-csid\"]; } );\n};\n", L + 5,
		   "next-csid and replace-csid cannot be combined");
	expect_one(HEAD LOC_OK "  sids = ( { sid = \"fcbb:0:1::\"; behavior = \"End.DT6\"; "
		   "table = 0;\n    flavors = [\"next-csid\", \"usd\"]; } );\n};\n", L + 5,
		   "flavor 'usd' is not allowed with End.DT6");
	/* a lone replace-csid SID before another SID (RFC 9800 §4.2.1) */
	expect_one(HEAD LOC_OK "  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		   "    segments = [\"fcbb:1:0:2:1::\", \"fc00:9::d6\"]; } );\n};\n", L + 5,
		   "a replace-csid SID must be followed by another C-SID of its block");
}

/* Eight uSIDs fit (two containers) where eight full SIDs would not. */
static void
test_loader_compressed_headroom(void **state)
{
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *cfg;
	struct srv6gw_csid_packed pk;

	(void)state;
	cfg = srv6gw_config_load_string(HEAD LOC_OK
		"  sids = ( { sid = \"fcbb:0:1::\"; behavior = \"End\"; flavors = [\"next-csid\", "
		"\"psp\"]; } );\n"
		"  policies = ( { name = \"p\"; mode = \"encaps\";\n"
		"    segments = [\"fcbb:0:101::\", \"fcbb:0:102::\", \"fcbb:0:103::\", "
		"\"fcbb:0:104::\", \"fcbb:0:105::\", \"fcbb:0:106::\", \"fcbb:0:107::\", "
		"\"fcbb:0:108::\"]; } );\n};\n", "t.conf", &errs);
	assert_non_null(cfg);
	assert_int_equal(srv6gw_cfg_list_encode(cfg, &cfg->policies[0].lists[0], SRV6GW_ENCAPS,
						&pk), 2);
	assert_int_equal(pk.n_compressed, 8);
	assert_int_equal(srv6gw_cfg_list_overhead(cfg, &cfg->policies[0].lists[0],
						  SRV6GW_ENCAPS), 40 + 8 + 32);
	/* six uSIDs: one container, no SRH even in encaps mode */
	cfg->policies[0].lists[0].n_segs = 6;
	assert_int_equal(srv6gw_cfg_list_overhead(cfg, &cfg->policies[0].lists[0],
						  SRV6GW_ENCAPS), 40);
	srv6gw_config_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next_illustration),
		cmocka_unit_test(test_next_udt_tail),
		cmocka_unit_test(test_next_mixed),
		cmocka_unit_test(test_replace_illustration),
		cmocka_unit_test(test_replace_32),
		cmocka_unit_test(test_replace_split),
		cmocka_unit_test(test_replace_lone),
		cmocka_unit_test(test_loader_errors),
		cmocka_unit_test(test_loader_compressed_headroom),
	};

	return cmocka_run_group_tests_name("csid", tests, NULL, NULL);
}
