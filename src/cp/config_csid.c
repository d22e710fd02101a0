/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Compressed SIDs in the configuration (RFC 9800): which locator structure a
 * SID belongs to, how a policy's segment list is encoded, and the checks on
 * C-SID flavoured SIDs. Used by the loader (headroom, errors), the table
 * builder (templates) and `show policies`.
 */
#include <string.h>

#include "common/addr.h"
#include "config_priv.h"

const struct srv6gw_sid_struct *
srv6gw_cfg_csid_find(const void *arg, const uint8_t sid[16])
{
	const struct srv6gw_config *cfg = arg;
	const struct srv6gw_cfg_locator *loc;
	unsigned int i;

	for (i = 0; i < cfg->n_locators; i++) {
		loc = &cfg->locators[i];
		if (loc->has_struct && loc->st.flavor != SRV6GW_CSID_NONE &&
		    srv6gw_prefix_contains(loc->prefix.a, loc->prefix.len, sid))
			return &loc->st;
	}
	return NULL;
}

int
srv6gw_cfg_list_encode(const struct srv6gw_config *cfg, const struct srv6gw_cfg_seglist *sl,
		       enum srv6gw_encap_mode mode, struct srv6gw_csid_packed *out)
{
	if (srv6gw_csid_pack((const uint8_t (*)[16])sl->segs, sl->n_segs, srv6gw_cfg_csid_find,
			     cfg, out) != 0)
		return -1;
	/*
	 * RFC 9800 §6: the first entry goes in the destination address; with
	 * compression, one container needs no SRH at all (RFC 8754 §4.1.1).
	 */
	if (out->n == 1 && out->n_compressed > 1)
		return 0;       /* only NEXT-C-SID packs several SIDs in one entry */
	return (int)(mode == SRV6GW_ENCAPS_RED ? out->n - 1 : out->n);
}

unsigned int
srv6gw_cfg_list_overhead(const struct srv6gw_config *cfg, const struct srv6gw_cfg_seglist *sl,
			 enum srv6gw_encap_mode mode)
{
	struct srv6gw_csid_packed p;
	int in_srh = srv6gw_cfg_list_encode(cfg, sl, mode, &p);

	if (in_srh < 0)
		return 0;
	return 40 + (in_srh == 0 ? 0 : 8 + 16 * (unsigned int)in_srh);
}

void
srv6gw_cfg_check_sid_csid(struct srv6gw_cfg_ctx *ctx, const struct srv6gw_cfg_sid *sid)
{
	const struct srv6gw_cfg_locator *loc = &ctx->cfg->locators[sid->locator];
	char ip[SRV6GW_IP_STRLEN];
	uint8_t want;

	srv6gw_ip_format(AF_INET6, sid->sid, ip, sizeof(ip));
	if (loc->remote) {
		srv6gw_cfg_error(ctx, sid->line, "SID %s is inside locator '%s', which is "
			"remote (another node's)", ip, loc->name);
		return;
	}
	if (!(sid->flavors & SRV6GW_FL_CSID))
		return;
	want = (sid->flavors & SRV6GW_FL_NEXT_CSID) ? SRV6GW_CSID_NEXT : SRV6GW_CSID_REPLACE;
	if (!loc->has_struct || loc->st.flavor != want) {
		srv6gw_cfg_error(ctx, sid->line, "SID %s: flavor %s needs its locator '%s' to "
			"declare a structure with csid = \"%s\"", ip,
			want == SRV6GW_CSID_NEXT ? "next-csid" : "replace-csid", loc->name,
			want == SRV6GW_CSID_NEXT ? "next-csid" : "replace-csid");
		return;
	}
	/* RFC 9800 §4: the SID is block + C-SID; value 0 is reserved (§4.1) */
	if (!srv6gw_csid_is_csid(&loc->st, sid->sid))
		srv6gw_cfg_error(ctx, sid->line, "SID %s is not a C-SID of locator '%s' (block "
			"%u bits + C-SID %u bits, nothing set after it, C-SID not 0)", ip,
			loc->name, loc->st.lbl, srv6gw_csid_len(&loc->st));
}
