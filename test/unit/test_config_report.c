/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */

/*
 * Configuration loader tests, how errors are reported: several in one
 * file in line order, syntax errors, the printed format and its cap, the
 * limits (ports, device arguments), and the file itself (missing, a
 * directory, too large, a NUL byte).
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_util.h"

/* ---- several errors, syntax, files ---------------------------------------- */

static void
test_three_errors(void **state)
{
	struct srv6gw_cfg_errors errs;

	(void)state;
	assert_null(srv6gw_config_load_string(SRV6
		"  hop_limit = 300;\n"                                        /* S + 1 */
		"  sids = (\n"                                                /* S + 2 */
		"    { sid = \"fc00:1::e\"; behavior = \"End\"; },\n"         /* S + 3 */
		"    { sid = \"fc00:9::e\"; behavior = \"End\"; },\n"         /* S + 4 */
		"    { sid = \"fc00:1::f\"; behavior = \"End.Q\"; } );\n"     /* S + 5 */
		END, "t.conf", &errs));
	assert_int_equal(errs.total, 3);
	assert_int_equal(errs.n, 3);
	/* in line order */
	assert_int_equal(errs.e[0].line, S + 1);
	assert_non_null(strstr(errs.e[0].text, "hop_limit 300"));
	assert_int_equal(errs.e[1].line, S + 4);
	assert_non_null(strstr(errs.e[1].text, "not inside any locator"));
	assert_int_equal(errs.e[2].line, S + 5);
	assert_non_null(strstr(errs.e[2].text, "unknown behavior 'End.Q'"));
}

static void
test_syntax_error(void **state)
{
	struct srv6gw_cfg_errors errs;

	(void)state;
	assert_null(srv6gw_config_load_string(BASE "routes = (\n"
		"  { prefix = \"fc00::/16\"; port = ; }\n);\n", "t.conf", &errs));
	assert_int_equal(errs.total, 1);
	assert_error(&errs, B + 2, "syntax error");
}

static void
test_duplicate_key_is_syntax(void **state)
{
	struct srv6gw_cfg_errors errs;

	(void)state;
	assert_null(srv6gw_config_load_string(BASE "icmp = { rate = 5;\n  rate = 6; };\n",
		"t.conf", &errs));
	assert_int_equal(errs.total, 1);
	assert_error(&errs, B + 2, "duplicate setting name");
}

static void
test_print_format(void **state)
{
	struct srv6gw_cfg_errors errs;
	char *out = NULL;
	size_t size = 0;
	FILE *f;

	(void)state;
	assert_null(srv6gw_config_load_string("ports = (\n  { name = \"a\"; device = \"d\";"
		" mtu = 1; } );\n", "x.conf", &errs));
	f = open_memstream(&out, &size);
	assert_non_null(f);
	srv6gw_cfg_errors_print(&errs, f);
	fclose(f);
	assert_string_equal(out, "x.conf: 'version' is missing (write 'version = 1;')\n"
		"x.conf:2: port 'a': mtu 1 is out of range 1280..9600\n");
	free(out);
}

static void
test_error_cap(void **state)
{
	struct srv6gw_cfg_errors errs;
	size_t size = 64 * 100 + 512, off;
	char *text = malloc(size), *out = NULL;
	FILE *f;
	int i;

	(void)state;
	assert_non_null(text);
	off = (size_t)snprintf(text, size, "%s", BASE "neighbors = (\n");
	for (i = 0; i < 70; i++)
		off += (size_t)snprintf(text + off, size - off, "%s{ port = \"x%d\"; "
			"address = \"192.0.2.9\"; mac = \"02:00:00:00:00:09\"; }\n", i ? "," : ""
			, i);
	snprintf(text + off, size - off, ");\n");
	assert_null(srv6gw_config_load_string(text, "t.conf", &errs));
	free(text);
	assert_int_equal(errs.total, 70);
	assert_int_equal(errs.n, SRV6GW_MAX_ERRORS);
	f = open_memstream(&out, &size);
	assert_non_null(f);
	srv6gw_cfg_errors_print(&errs, f);
	fclose(f);
	assert_non_null(strstr(out, "t.conf: 6 more errors not shown\n"));
	free(out);
}

static void
test_too_many_ports(void **state)
{
	struct srv6gw_cfg_errors errs;
	char text[4096];
	size_t off;
	int i;

	(void)state;
	off = (size_t)snprintf(text, sizeof(text), "version = 1;\nports = (\n");
	for (i = 0; i < SRV6GW_MAX_PORTS + 1; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off,
			"%s{ name = \"p%d\"; device = \"d%d\"; }\n", i ? "," : "", i, i);
	snprintf(text + off, sizeof(text) - off, ");\n");
	assert_null(srv6gw_config_load_string(text, "t.conf", &errs));
	assert_int_equal(errs.total, 1);
	assert_error(&errs, 3 + SRV6GW_MAX_PORTS, "too many ports: at most 16");
}

static void
test_long_args(void **state)
{
	struct srv6gw_cfg_errors errs;
	char text[1024], args[SRV6GW_DEV_MAX + 1];
	struct srv6gw_config *c;

	(void)state;
	memset(args, 'a', sizeof(args) - 2);
	args[sizeof(args) - 2] = '\0';   /* 127 characters: fits */
	snprintf(text, sizeof(text), "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  args = \"%s\"; } );\n", args);
	c = load_ok(text);
	assert_string_equal(c->ports[0].args, args);
	srv6gw_config_free(c);
	args[sizeof(args) - 2] = 'a';   /* 128 */
	args[sizeof(args) - 1] = '\0';
	snprintf(text, sizeof(text), "version = 1;\nports = ( { name = \"a\"; device = \"d\";\n"
		"  args = \"%s\"; } );\n", args);
	assert_null(srv6gw_config_load_string(text, "t.conf", &errs));
	assert_int_equal(errs.total, 1);
	assert_error(&errs, 3, "port 'a': 'args' must be 1 to 127 characters long");
}

static void
test_missing_file(void **state)
{
	struct srv6gw_cfg_errors errs;

	(void)state;
	assert_null(srv6gw_config_load("test/config/no-such-file.conf", &errs));
	assert_int_equal(errs.total, 1);
	assert_string_equal(errs.file, "test/config/no-such-file.conf");
	assert_error(&errs, 0, "cannot open: No such file or directory");
	assert_null(srv6gw_config_load("test/config", &errs));
	assert_error(&errs, 0, "cannot read: is a directory");
}

/* Write @len bytes of @data to a new temporary file; @return its path (free it). */
static char *
temp_file(const void *data, size_t len, off_t size)
{
	char *path = strdup("/tmp/srv6gw-test-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	if (size > 0)
		assert_int_equal(ftruncate(fd, size), 0);
	close(fd);
	return path;
}

static void
test_file_too_large(void **state)
{
	struct srv6gw_cfg_errors errs;
	char *path;

	(void)state;
	/* sparse: 256 MiB + 1 of zeros after a valid beginning */
	path = temp_file("version = 1;\n", 13, (256 << 20) + 1);
	assert_null(srv6gw_config_load(path, &errs));
	assert_int_equal(errs.total, 1);
	assert_error(&errs, 0, "file is larger than 256 MiB");
	unlink(path);
	free(path);
}

static void
test_nul_byte(void **state)
{
	static const char text[] = BASE "\n\0srv6 = 5;\n";
	struct srv6gw_cfg_errors errs;
	char *path;

	(void)state;
	path = temp_file(text, sizeof(text) - 1, 0);
	assert_null(srv6gw_config_load(path, &errs));
	assert_int_equal(errs.total, 1);
	assert_error(&errs, B + 2, "NUL byte");
	unlink(path);
	free(path);
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_errors),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_duplicate_key_is_syntax),
		cmocka_unit_test(test_print_format),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_too_many_ports),
		cmocka_unit_test(test_long_args),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_file_too_large),
		cmocka_unit_test(test_nul_byte),
	};

	return cmocka_run_group_tests_name("config: reports and files", tests, NULL, NULL);
}
