/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * libFuzzer target: the control-socket request handler. Every input is one
 * request line, copied into an exactly-sized heap buffer (so ASan catches any
 * over-read), handed to srv6gw_ctl_request() against a real generation built
 * from conf/test/golden.conf. A reply must always come back (or a reload be
 * requested) and must be a JSON object with "ok".
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include <rte_eal.h>
#include <rte_malloc.h>

#include "cp/cp.h"
#include "dp/dp.h"

static struct srv6gw_ctl_env env;
static struct srv6gw_ports ports;
static struct srv6gw_reloader reloader;
static struct srv6gw_worker *workers[1];
/* the generation lives in DPDK memory, which LeakSanitizer does not scan:
 * keep the configuration it owns reachable from here */
static struct srv6gw_config *keep_cfg;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char prefix[64];
	char *eal[] = { "fuzz", "--no-huge", "-m", "1024", "--no-pci", "--no-shconf", "-l", "0",
			"--file-prefix", prefix, "--log-level", "*:error", NULL };
	struct rte_ether_addr macs[SRV6GW_MAX_PORTS];
	struct srv6gw_cfg_errors errs;
	const char *conf = getenv("SRV6GW_FUZZ_CONF");
	struct srv6gw_config *cfg;
	char err[256];

	/* a runtime directory of its own, removed by run.sh */
	snprintf(prefix, sizeof(prefix), "fuzzctl%d", (int)getpid());
	if (conf == NULL)
		conf = "conf/test/golden.conf";
	if (rte_eal_init(RTE_DIM(eal) - 1, eal) < 0 || srv6gw_neigh_init() != 0)
		abort();
	cfg = srv6gw_config_load(conf, &errs);
	if (cfg == NULL)
		abort();
	keep_cfg = cfg;
	memset(macs, 0, sizeof(macs));
	srv6gw_gen_current = srv6gw_gen_build(cfg, macs, 1, 1, err, sizeof(err));
	if (srv6gw_gen_current == NULL)
		abort();
	workers[0] = calloc(1, sizeof(*workers[0]));
	workers[0]->st = calloc(1, sizeof(*workers[0]->st));
	env.config_path = conf;
	env.ports = &ports;
	env.workers = workers;
	env.n_workers = 1;
	env.reloader = &reloader;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	bool reload = false;
	json_t *reply;

	memcpy(buf, data, size);
	reply = srv6gw_ctl_request(&env, buf, size, &reload);
	if (reply == NULL && !reload)
		abort();
	if (reply != NULL && !json_is_boolean(json_object_get(reply, "ok")))
		abort();
	json_decref(reply);
	free(buf);
	return 0;
}
