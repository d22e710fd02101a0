/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */

/*
 * Configuration loader tests, the files: every fixture in test/config/good
 * loads, every one in test/config/bad gives exactly the errors it expects
 * ("# expect: LINE: TEXT"), and the examples in conf/examples/ load. Run
 * from the source root (meson sets the working directory).
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_util.h"

/* ---- fixtures and examples ------------------------------------------------ */

static int
conf_filter(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return len > 5 && strcmp(d->d_name + len - 5, ".conf") == 0;
}

/* Call @fn on every *.conf in @dir, in name order. @return files seen. */
static int
for_each_conf(const char *dir, void (*fn)(const char *path))
{
	struct dirent **list;
	char path[512];
	int i, n;

	n = scandir(dir, &list, conf_filter, alphasort);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		fn(path);
		free(list[i]);
	}
	free(list);
	return n;
}

static void
check_good(const char *path)
{
	struct srv6gw_cfg_errors errs;
	struct srv6gw_config *c = srv6gw_config_load(path, &errs);

	if (c == NULL) {
		fprintf(stderr, "%s should load:\n", path);
		dump_errors(&errs);
	}
	assert_non_null(c);
	srv6gw_config_free(c);
}

/*
 * A bad fixture says what it expects with lines "# expect: LINE: TEXT"; the
 * errors must be exactly those (same count, each found).
 */
static void
check_bad(const char *path)
{
	struct srv6gw_cfg_errors errs;
	char line[512], *msg;
	unsigned int n = 0;
	int at;
	FILE *f;

	assert_null(srv6gw_config_load(path, &errs));
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "# expect: %d:", &at) != 1)
			continue;
		msg = strchr(strchr(line, ':') + 1, ':') + 1;
		msg += strspn(msg, " ");
		msg[strcspn(msg, "\n")] = '\0';
		if (!has_error(&errs, at, msg)) {
			fprintf(stderr, "%s: no error at line %d containing \"%s\"\n",
				path, at, msg);
			dump_errors(&errs);
			fail();
		}
		n++;
	}
	fclose(f);
	if (n == 0 || errs.total != n) {
		fprintf(stderr, "%s: %u expectations, %u errors\n", path, n, errs.total);
		dump_errors(&errs);
		fail();
	}
}

static void
test_good_fixtures(void **state)
{
	(void)state;
	assert_true(for_each_conf("test/config/good", check_good) > 0);
}

static void
test_bad_fixtures(void **state)
{
	(void)state;
	assert_true(for_each_conf("test/config/bad", check_bad) > 0);
}

static void
test_examples(void **state)
{
	(void)state;
	assert_int_equal(for_each_conf("conf/examples", check_good), 6);
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_fixtures),
		cmocka_unit_test(test_bad_fixtures),
		cmocka_unit_test(test_examples),
	};

	return cmocka_run_group_tests_name("config: fixtures and examples", tests, NULL, NULL);
}
