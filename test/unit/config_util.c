/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* Helpers of the configuration loader's unit tests: see config_util.h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "config_util.h"

void
dump_errors(const struct srv6gw_cfg_errors *errs)
{
	srv6gw_cfg_errors_print(errs, stderr);
}

bool
has_error(const struct srv6gw_cfg_errors *errs, int line, const char *msg)
{
	unsigned int i;

	for (i = 0; i < errs->n; i++)
		if (errs->e[i].line == line && strstr(errs->e[i].text, msg) != NULL)
			return true;
	return false;
}

void
assert_error(const struct srv6gw_cfg_errors *errs, int line, const char *msg)
{
	if (!has_error(errs, line, msg)) {
		fprintf(stderr, "expected error at line %d containing \"%s\", got:\n", line, msg);
		dump_errors(errs);
		fail();
	}
}

struct srv6gw_config *
load_ok(const char *text)
{
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *cfg = srv6gw_config_load_string(text, "t.conf", &errs);

	if (cfg == NULL)
		dump_errors(&errs);
	assert_non_null(cfg);
	assert_int_equal(errs.total, 0);
	return cfg;
}

void
assert_ip(uint8_t family, const uint8_t *a, const char *text)
{
	uint8_t want[16] = { 0 };

	assert_int_equal(inet_pton(family, text, want), 1);
	assert_memory_equal(a, want, 16);
}
