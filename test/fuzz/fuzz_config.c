/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * libFuzzer target: the configuration loader. Every input is the text of a
 * configuration file, copied into an exactly-sized heap buffer (plus its
 * terminating NUL, so ASan catches any read past it) and handed to
 * srv6gw_config_load_string(). Invariants:
 *  - the result is a configuration xor a non-empty error list;
 *  - every stored error has a message and a line within the text (or 0);
 *  - an accepted configuration builds a generation (srv6gw_gen_build), which
 *    is then freed: what the loader accepts, the table builder must take.
 */
#include <stdlib.h>
#include <string.h>
#include <rte_eal.h>

#include "cp/cp.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char prefix[64];
	char *eal[] = { "fuzz", "--no-huge", "-m", "512", "--no-pci", "--no-shconf", "-l", "0",
			"--file-prefix", prefix, "--log-level", "*:error", NULL };

	snprintf(prefix, sizeof(prefix), "fuzzcfg%d", (int)getpid());
	if (rte_eal_init(RTE_DIM(eal) - 1, eal) < 0 || srv6gw_neigh_init() != 0)
		abort();
	return 0;
}

static unsigned int
count_lines(const char *s, size_t n)
{
	unsigned int lines = 1;

	for (size_t i = 0; i < n && s[i] != '\0'; i++)
		lines += s[i] == '\n';
	return lines;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct srv6gw_cfg_errors errs;
	struct rte_ether_addr macs[SRV6GW_MAX_PORTS];
	struct srv6gw_config *cfg;
	struct srv6gw_gen *g;
	char *text = malloc(size + 1);
	char err[256];
	unsigned int i, lines;

	memcpy(text, data, size);
	text[size] = '\0';
	lines = count_lines(text, size);
	cfg = srv6gw_config_load_string(text, "fuzz.conf", &errs);
	if ((cfg == NULL) == (errs.total == 0))
		abort();
	if (errs.n > errs.total || errs.n > SRV6GW_MAX_ERRORS)
		abort();
	for (i = 0; i < errs.n; i++)
		if (errs.e[i].text[0] == '\0' || errs.e[i].line < 0 ||
		    (unsigned int)errs.e[i].line > lines)
			abort();
	if (cfg != NULL) {
		/* the neighbour table is process-wide and only grows: start empty */
		srv6gw_neigh_fini();
		if (srv6gw_neigh_init() != 0)
			abort();
		memset(macs, 0, sizeof(macs));
		g = srv6gw_gen_build(cfg, macs, 1, 1, err, sizeof(err));
		if (g == NULL) {
			/* the loader promised a consistent file: only resources
			 * (memory, a DPDK table that cannot be created) may fail */
			if (strstr(err, "memory") == NULL && strstr(err, "cannot create") == NULL)
				abort();
			srv6gw_config_free(cfg);
		} else {
			srv6gw_gen_free(g);
		}
	}
	free(text);
	return 0;
}
