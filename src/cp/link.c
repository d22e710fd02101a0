/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * Link state: ports whose device raises LSC interrupts get a callback that
 * only asks for a re-check (it runs on the EAL interrupt thread, where
 * nothing else may be done); every port is also polled by the control thread
 * every 100 ms, so devices without LSC (vdevs) are covered. A port that goes
 * down makes its next hops unusable: workers drop what would leave through it
 * (`link_down`) until it comes back, and SR policies are evaluated again at
 * once (policy_state.c): a candidate path whose lists all leave through a
 * down port gives way to the next one, without a reload.
 */
#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "cp.h"
#include "log.h"

static volatile int lsc_pending;
static uint64_t link_changes[SRV6GW_MAX_PORTS];

static int
lsc_event(uint16_t port, enum rte_eth_event_type type, void *arg, void *ret)
{
	__atomic_store_n(&lsc_pending, 1, __ATOMIC_RELAXED);
	return 0;
}

void
srv6gw_link_init(const struct srv6gw_ports *ports)
{
	unsigned int i;

	for (i = 0; i < ports->n; i++) {
		rte_eth_dev_callback_register(ports->id[i], RTE_ETH_EVENT_INTR_LSC, lsc_event,
					      NULL);
		srv6gw_link_up[i] = 1;  /* until the first check says otherwise */
	}
	srv6gw_link_poll(ports, true);
}

bool
srv6gw_link_poll(const struct srv6gw_ports *ports, bool force)
{
	bool changed = false;
	static uint64_t next;
	uint64_t now = rte_rdtsc();
	struct rte_eth_link l;
	unsigned int i;
	uint8_t up;

	if (!force && !__atomic_exchange_n(&lsc_pending, 0, __ATOMIC_RELAXED) && now < next)
		return false;
	next = now + rte_get_tsc_hz() / 10;
	for (i = 0; i < ports->n; i++) {
		if (rte_eth_link_get_nowait(ports->id[i], &l) != 0)
			continue;
		up = l.link_status == RTE_ETH_LINK_UP;
		if (up == __atomic_load_n(&srv6gw_link_up[i], __ATOMIC_RELAXED))
			continue;
		__atomic_store_n(&srv6gw_link_up[i], up, __ATOMIC_RELAXED);
		link_changes[i]++;
		changed = true;
		SRV6GW_LOG(NOTICE, "port %u link %s", i, up ? "up" : "down");
	}
	if (changed)
		srv6gw_pstate_invalidate();
	return changed;
}

uint64_t
srv6gw_link_changes(unsigned int port)
{
	return port < SRV6GW_MAX_PORTS ? link_changes[port] : 0;
}
