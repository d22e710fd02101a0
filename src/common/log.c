/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#include "log.h"

RTE_LOG_REGISTER(srv6gw_logtype, srv6gw.main, INFO);
