/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */

/*
 * Allocation failures in the configuration loader: the Nth allocation of a
 * load fails, for every N until a load succeeds. Each load must fail cleanly
 * ("out of memory", nothing leaked: run under valgrind) or succeed.
 *
 * The loader is compiled into this file with its allocator calls redirected,
 * so libconfig and libc keep their own allocator.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libconfig.h>

/* < 0: never fail; 0: fail this allocation and the next ones; > 0: count down. */
static long fail_after = -1;
static unsigned long n_allocs;

static bool
should_fail(void)
{
	n_allocs++;
	if (fail_after < 0)
		return false;
	if (fail_after == 0) {
		errno = ENOMEM;
		return true;
	}
	fail_after--;
	return false;
}

static void *
oom_malloc(size_t size)
{
	return should_fail() ? NULL : malloc(size);
}

static void *
oom_calloc(size_t n, size_t size)
{
	return should_fail() ? NULL : calloc(n, size);
}

static void *
oom_realloc(void *p, size_t size)
{
	return should_fail() ? NULL : realloc(p, size);
}

#define malloc oom_malloc
#define calloc oom_calloc
#define realloc oom_realloc
#include "cp/config_parse.c"
#include "cp/config_text.c"
#include "cp/config_net.c"
#include "cp/config_sids.c"
#include "cp/config_nodes.c"
#include "cp/config_policy.c"
#include "cp/config_validate.c"
#include "cp/config_csid.c"
#include "cp/config_guard.c"
#include "cp/hmac_keys.c"
#undef malloc
#undef calloc
#undef realloc

static bool
says_oom(const struct srv6gw_cfg_errors *errs)
{
	unsigned int i;

	for (i = 0; i < errs->n; i++)
		if (strstr(errs->e[i].text, "out of memory") != NULL ||
		    strstr(errs->e[i].text, strerror(ENOMEM)) != NULL)
			return true;
	return false;
}

/* Fail allocation 0, 1, 2, ... of loading @path until the load succeeds. */
static void
fail_each_allocation(const char *path)
{
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *cfg;
	unsigned long total;
	long k;

	fail_after = -1;
	n_allocs = 0;
	cfg = srv6gw_config_load(path, &errs);
	assert_non_null(cfg);
	srv6gw_config_free(cfg);
	total = n_allocs;
	assert_true(total > 0);
	for (k = 0; k < (long)total; k++) {
		fail_after = k;
		cfg = srv6gw_config_load(path, &errs);
		fail_after = -1;
		if (cfg == NULL && !says_oom(&errs)) {
			fprintf(stderr, "%s, allocation %ld failed:\n", path, k);
			srv6gw_cfg_errors_print(&errs, stderr);
		}
		assert_null(cfg);
		assert_true(says_oom(&errs));
	}
}

static void
test_oom_golden(void **state)
{
	(void)state;
	fail_each_allocation("conf/test/golden.conf");
}

static void
test_oom_examples(void **state)
{
	(void)state;
	fail_each_allocation("conf/examples/headend-endpoint.conf");
	fail_each_allocation("test/config/good/router-only.conf");
	fail_each_allocation("conf/test/policy.conf");
}

/* A file with errors and a failing allocation: still one clean refusal. */
static void
test_oom_with_errors(void **state)
{
	struct srv6gw_cfg_errors errs;
	long k;

	(void)state;
	for (k = 0; k < 12; k++) {
		fail_after = k;
		assert_null(srv6gw_config_load("test/config/bad/duplicates.conf", &errs));
		fail_after = -1;
		assert_true(errs.total > 0);
	}
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom_golden),
		cmocka_unit_test(test_oom_examples),
		cmocka_unit_test(test_oom_with_errors),
	};

	return cmocka_run_group_tests_name("config_oom", tests, NULL, NULL);
}
