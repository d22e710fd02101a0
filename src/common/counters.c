/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* Counter names and help strings, generated from the X-macro lists. */
#include "srv6gw/counters.h"

#define NAME(name, help) #name,
#define HELP(name, help) help,
const char *const srv6gw_drop_names[SRV6GW_DROP_COUNT] = { SRV6GW_DROP_REASONS(NAME) };
const char *const srv6gw_drop_help[SRV6GW_DROP_COUNT] = { SRV6GW_DROP_REASONS(HELP) };
const char *const srv6gw_event_names[SRV6GW_EVENT_COUNT] = { SRV6GW_EVENTS(NAME) };
const char *const srv6gw_event_help[SRV6GW_EVENT_COUNT] = { SRV6GW_EVENTS(HELP) };
#undef NAME
#undef HELP
