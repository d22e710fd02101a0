/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_LOG_H
#define SRV6GW_LOG_H

/* Dynamic DPDK log types srv6gw.* (set with --log-level=srv6gw.*:debug). */
#include <rte_log.h>

extern int srv6gw_logtype;

#define SRV6GW_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_##level, srv6gw_logtype, "srv6gw: " fmt "\n", ##__VA_ARGS__)

#endif
