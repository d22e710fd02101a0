/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/*
 * srv6gwctl: a thin client of the srv6gw control socket
 * (docs/control-protocol.md).
 *
 *   srv6gwctl [-s PATH] [--json] [--timeout SEC] COMMAND [ARGS]
 *
 * Exit codes: 0 success; 1 srv6gw answered with an error; 2 usage error;
 * 3 no answer (cannot connect, timeout, broken reply).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <jansson.h>

#include "srv6gw/counters.h"

#define EXIT_ERR_REPLY 1
#define EXIT_USAGE 2
#define EXIT_NO_ANSWER 3

static int
usage(void)
{
	fprintf(stderr,
		"usage: srv6gwctl [-s PATH] [--json] [--timeout SEC] COMMAND\n"
		"commands:\n"
		"  show stats | sids | policies | routes | neighbors | ports | config\n"
		"  reload | clear stats | version | help\n"
		"  log level [LEVEL] [--type PATTERN]\n"
		"  route add PREFIX [via ADDR] port NAME [table N] [algorithm A]\n"
		"  route del PREFIX [table N] [algorithm A]\n"
		"  metrics            counters in Prometheus text format\n"
		"  raw JSON           send a request as given\n"
		"exit: 0 ok, 1 error reply, 2 usage, 3 no answer\n");
	return EXIT_USAGE;
}

/** Send one request line and read one reply line. NULL on failure. */
static json_t *
transact(const char *path, const char *req, int timeout_s)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct pollfd p;
	size_t len = 0, cap = 65536;
	char *buf = NULL, *nl = NULL;
	json_error_t jerr;
	json_t *reply = NULL;
	ssize_t n;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return NULL;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		fprintf(stderr, "srv6gwctl: cannot connect to %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req) || write(fd, "\n", 1) != 1)
		goto out;
	buf = malloc(cap);
	while (buf != NULL && nl == NULL) {
		p.fd = fd;
		p.events = POLLIN;
		if (poll(&p, 1, timeout_s * 1000) <= 0) {
			fprintf(stderr, "srv6gwctl: no reply within %d s\n", timeout_s);
			goto out;
		}
		if (len + 4096 > cap) {
			char *b = realloc(buf, cap *= 2);

			if (b == NULL)
				goto out;
			buf = b;
		}
		n = read(fd, buf + len, cap - len);
		if (n <= 0)
			break;
		nl = memchr(buf + len, '\n', n);
		len += n;
	}
	if (nl == NULL) {
		fprintf(stderr, "srv6gwctl: connection closed without a reply\n");
		goto out;
	}
	reply = json_loadb(buf, nl - buf, 0, &jerr);
	if (reply == NULL)
		fprintf(stderr, "srv6gwctl: bad reply: %s\n", jerr.text);
out:
	free(buf);
	if (fd >= 0)
		close(fd);
	return reply;
}

static long long
ival(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *
sval(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s != NULL ? s : "";
}

static char *
join(json_t *arr)
{
	static char buf[4096];
	size_t i, n = 0;
	json_t *v;

	buf[0] = '\0';
	json_array_foreach(arr, i, v)
		n += snprintf(buf + n, n < sizeof(buf) ? sizeof(buf) - n : 0, "%s%s", i ? "," : "",
			      json_string_value(v) ? json_string_value(v) : "");
	return buf;
}

static void
print_counters(json_t *o, const char *title)
{
	const char *k;
	json_t *v;

	printf("%s\n", title);
	json_object_foreach(o, k, v)
		if (json_integer_value(v) != 0)
			printf("  %-28s %lld\n", k, json_integer_value(v));
}

static void
print_stats(json_t *r)
{
	size_t i;
	json_t *v;

	printf("generation %lld\n", ival(r, "generation"));
	print_counters(json_object_get(r, "events"), "events (non-zero):");
	print_counters(json_object_get(r, "drops"), "drops (non-zero):");
	printf("%-10s %14s %14s %12s %10s\n", "PORT", "RX", "TX", "MISSED", "NOMBUF");
	json_array_foreach(json_object_get(r, "ports"), i, v)
		printf("%-10s %14lld %14lld %12lld %10lld\n", sval(v, "name"),
		       ival(v, "rx_packets"), ival(v, "tx_packets"), ival(v, "rx_missed"),
		       ival(v, "rx_nombuf"));
	printf("%-8s %14s %14s %16s %16s\n", "LCORE", "RX", "TX", "BUSY_CYCLES", "IDLE_CYCLES");
	json_array_foreach(json_object_get(r, "workers"), i, v)
		printf("%-8lld %14lld %14lld %16lld %16lld\n", ival(v, "lcore"), ival(v, "rx_packets"),
		       ival(v, "tx_packets"), ival(v, "busy_cycles"), ival(v, "idle_cycles"));
}

static void
print_sids(json_t *r)
{
	size_t i;
	json_t *v;

	printf("%-28s %-18s %-12s %14s %16s\n", "SID", "BEHAVIOR", "FLAVORS", "PACKETS", "BYTES");
	json_array_foreach(json_object_get(r, "sids"), i, v)
		printf("%-28s %-18s %-12s %14lld %16lld\n", sval(v, "sid"), sval(v, "behavior"),
		       join(json_object_get(v, "flavors")), ival(v, "packets"), ival(v, "bytes"));
}

/* One policy's header line: key (RFC 9256 §2.1), binding SID, encapsulation. */
static void
print_policy_head(json_t *v)
{
	printf("%s:", sval(v, "name"));
	if (json_is_integer(json_object_get(v, "color")))
		printf(" color %lld endpoint %s,", ival(v, "color"), sval(v, "endpoint"));
	if (json_is_string(json_object_get(v, "binding_sid")))
		printf(" BSID %s (%s),", sval(v, "binding_sid"), sval(v, "binding_behavior"));
	printf(" %s from %s, hop limit %lld, algorithm %lld: %s, %lld packets, %lld bytes\n",
	       sval(v, "mode"), sval(v, "source"), ival(v, "hop_limit"), ival(v, "algorithm"),
	       sval(v, "state"), ival(v, "packets"), ival(v, "bytes"));
}

static void
print_policies(json_t *r)
{
	size_t i, j, k;
	json_t *v, *c, *l, *lists, *x;

	json_array_foreach(json_object_get(r, "policies"), i, v) {
		print_policy_head(v);
		lists = json_object_get(v, "segment_lists");
		json_array_foreach(json_object_get(v, "candidate_paths"), j, c) {
			printf("  %s cp %lld%s%s%s algorithm %lld: %s\n",
			       json_is_true(json_object_get(c, "active")) ? "*" : " ",
			       ival(c, "preference"), *sval(c, "name") ? " (" : "", sval(c, "name"),
			       *sval(c, "name") ? ")" : "", ival(c, "algorithm"), sval(c, "why"));
			json_array_foreach(json_object_get(c, "segment_lists"), k, x) {
				l = json_array_get(lists, (size_t)json_integer_value(x));
				printf("      weight %-4lld %3lld bytes %12lld packets  %-9s %s\n",
				       ival(l, "weight"), ival(l, "overhead_bytes"),
				       ival(l, "packets"), sval(l, "state"),
				       join(json_object_get(l, "segments")));
				if (ival(l, "saved_bytes") > 0)
					printf("      %-40s compressed: %s (%lld bytes saved)\n", "",
					       join(json_object_get(l, "encoded")),
					       ival(l, "saved_bytes"));
			}
		}
		printf("  reason: %s\n", sval(v, "reason"));
	}
}

static const char *
cell(json_t *v, const char *key, char *num, size_t len)
{
	json_t *f = json_object_get(v, key);

	if (json_is_integer(f)) {
		snprintf(num, len, "%lld", json_integer_value(f));
		return num;
	}
	if (json_is_array(f))
		return join(f);
	return json_is_string(f) && json_string_length(f) ? json_string_value(f) : "-";
}

/** A table with columns as wide as their widest cell. */
static void
print_table(json_t *arr, const char *const *keys, const char *const *heads, int n)
{
	int w[8], k;
	size_t i;
	json_t *v;
	char num[32];

	for (k = 0; k < n; k++)
		w[k] = (int)strlen(heads[k]);
	json_array_foreach(arr, i, v)
		for (k = 0; k < n; k++) {
			int l = (int)strlen(cell(v, keys[k], num, sizeof(num)));

			w[k] = l > w[k] ? l : w[k];
		}
	for (k = 0; k < n; k++)
		printf("%-*s%s", w[k], heads[k], k == n - 1 ? "\n" : "  ");
	json_array_foreach(arr, i, v)
		for (k = 0; k < n; k++)
			printf("%-*s%s", w[k], cell(v, keys[k], num, sizeof(num)),
			       k == n - 1 ? "\n" : "  ");
}

static void
print_human(const char *cmd, json_t *r)
{
	static const char *const rk[] = { "table", "prefix", "via", "port", "type" };
	static const char *const rh[] = { "TABLE", "PREFIX", "VIA", "PORT", "TYPE" };
	static const char *const nk[] = { "port", "address", "mac", "state" };
	static const char *const nh[] = { "PORT", "ADDRESS", "MAC", "STATE" };
	static const char *const pk[] = { "name", "device", "link", "mtu", "mac", "addresses" };
	static const char *const ph[] = { "NAME", "DEVICE", "LINK", "MTU", "MAC", "ADDRESSES" };
	const char *k;
	json_t *v;

	if (strcmp(cmd, "show stats") == 0)
		print_stats(r);
	else if (strcmp(cmd, "show sids") == 0)
		print_sids(r);
	else if (strcmp(cmd, "show policies") == 0)
		print_policies(r);
	else if (strcmp(cmd, "show routes") == 0)
		print_table(json_object_get(r, "routes"), rk, rh, 5);
	else if (strcmp(cmd, "show neighbors") == 0)
		print_table(json_object_get(r, "neighbors"), nk, nh, 4);
	else if (strcmp(cmd, "show ports") == 0)
		print_table(json_object_get(r, "ports"), pk, ph, 6);
	else
		json_object_foreach(r, k, v) {
			char *s = json_is_string(v) ? NULL : json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

			printf("%-16s %s\n", k, s ? s : json_string_value(v));
			free(s);
		}
}

/* ---- Prometheus text exposition ---- */

static void
prom_counter(const char *name, const char *help, const char *labels, json_t *val)
{
	printf("# HELP srv6gw_%s %s\n# TYPE srv6gw_%s counter\n", name, help, name);
	printf("srv6gw_%s%s %lld\n", name, labels, json_integer_value(val));
}

/** @p metric's two samples for object @p v: its rx_packets and tx_packets. */
static void
rx_tx_samples(const char *metric, const char *label, const char *id, json_t *v)
{
	printf("%s{%s=\"%s\",direction=\"rx\"} %lld\n", metric, label, id,
	       ival(v, "rx_packets"));
	printf("%s{%s=\"%s\",direction=\"tx\"} %lld\n", metric, label, id,
	       ival(v, "tx_packets"));
}

static void
print_metrics(json_t *r)
{
	char id[24];
	size_t i;
	json_t *v;
	int k;

	for (k = 0; k < SRV6GW_EVENT_COUNT; k++) {
		char n[80];

		snprintf(n, sizeof(n), "%s_total", srv6gw_event_names[k]);
		prom_counter(n, srv6gw_event_help[k], "",
			     json_object_get(json_object_get(r, "events"), srv6gw_event_names[k]));
	}
	printf("# HELP srv6gw_drops_total packets dropped, by reason\n"
	       "# TYPE srv6gw_drops_total counter\n");
	for (k = 0; k < SRV6GW_DROP_COUNT; k++)
		printf("srv6gw_drops_total{reason=\"%s\"} %lld\n", srv6gw_drop_names[k],
		       ival(json_object_get(r, "drops"), srv6gw_drop_names[k]));
	printf("# HELP srv6gw_port_packets_total packets per port and direction\n"
	       "# TYPE srv6gw_port_packets_total counter\n");
	json_array_foreach(json_object_get(r, "ports"), i, v)
		rx_tx_samples("srv6gw_port_packets_total", "port", sval(v, "name"), v);
	printf("# HELP srv6gw_port_rx_missed_total packets the NIC dropped\n"
	       "# TYPE srv6gw_port_rx_missed_total counter\n");
	json_array_foreach(json_object_get(r, "ports"), i, v)
		printf("srv6gw_port_rx_missed_total{port=\"%s\"} %lld\n", sval(v, "name"),
		       ival(v, "rx_missed"));
	printf("# HELP srv6gw_sid_packets_total packets processed per local SID\n"
	       "# TYPE srv6gw_sid_packets_total counter\n");
	json_array_foreach(json_object_get(r, "sids"), i, v)
		printf("srv6gw_sid_packets_total{sid=\"%s\",behavior=\"%s\"} %lld\n",
		       sval(v, "sid"), sval(v, "behavior"), ival(v, "packets"));
	printf("# HELP srv6gw_policy_packets_total packets steered per policy\n"
	       "# TYPE srv6gw_policy_packets_total counter\n");
	json_array_foreach(json_object_get(r, "policies"), i, v)
		printf("srv6gw_policy_packets_total{policy=\"%s\"} %lld\n", sval(v, "name"),
		       ival(v, "packets"));
	printf("# HELP srv6gw_worker_packets_total packets per worker and direction\n"
	       "# TYPE srv6gw_worker_packets_total counter\n");
	json_array_foreach(json_object_get(r, "workers"), i, v) {
		snprintf(id, sizeof(id), "%lld", ival(v, "lcore"));
		rx_tx_samples("srv6gw_worker_packets_total", "lcore", id, v);
	}
	printf("# HELP srv6gw_worker_busy_cycles_total TSC cycles of loops that had packets\n"
	       "# TYPE srv6gw_worker_busy_cycles_total counter\n");
	json_array_foreach(json_object_get(r, "workers"), i, v)
		printf("srv6gw_worker_busy_cycles_total{lcore=\"%lld\"} %lld\n", ival(v, "lcore"),
		       ival(v, "busy_cycles"));
	printf("# HELP srv6gw_mempool_in_use mbufs in use per pool\n"
	       "# TYPE srv6gw_mempool_in_use gauge\n");
	json_array_foreach(json_object_get(r, "mempools"), i, v)
		printf("srv6gw_mempool_in_use{pool=\"%s\"} %lld\n", sval(v, "name"),
		       ival(v, "in_use"));
	printf("# HELP srv6gw_generation configuration generation\n"
	       "# TYPE srv6gw_generation gauge\nsrv6gw_generation %lld\n",
	       ival(r, "generation"));
}

/**
 * "route add|del PREFIX [via ADDR] [port NAME] [table N] [algorithm A]", in
 * the words of ip-route, into args. @return false on a usage error.
 */
static bool
route_args(int argc, char **argv, json_t *args)
{
	int i;

	if (argc < 3)
		return false;
	json_object_set_new(args, "prefix", json_string(argv[2]));
	for (i = 3; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "via") == 0 || strcmp(argv[i], "port") == 0)
			json_object_set_new(args, argv[i], json_string(argv[i + 1]));
		else if (strcmp(argv[i], "table") == 0 || strcmp(argv[i], "algorithm") == 0)
			json_object_set_new(args, argv[i], json_integer(atoi(argv[i + 1])));
		else
			return false;
	}
	return i == argc;
}

/** Build the request from the words of the command line. */
static char *
build_request(int argc, char **argv, const char **cmd_out, const char *type)
{
	static char cmd[64];
	json_t *req, *args = json_object();
	char *s;

	if (argc == 2 && strcmp(argv[0], "raw") == 0)
		return strdup(argv[1]);
	if (argc == 1 && strcmp(argv[0], "metrics") == 0) {
		snprintf(cmd, sizeof(cmd), "show stats");
		json_object_set_new(args, "raw", json_true());
	} else if (argc >= 2 && argc <= 3 && strcmp(argv[0], "log") == 0 &&
		   strcmp(argv[1], "level") == 0) {
		snprintf(cmd, sizeof(cmd), "log level");
		if (argc >= 3)
			json_object_set_new(args, "level", json_string(argv[2]));
		if (type != NULL)
			json_object_set_new(args, "type", json_string(type));
	} else if (argc >= 3 && strcmp(argv[0], "route") == 0 &&
		   (strcmp(argv[1], "add") == 0 || strcmp(argv[1], "del") == 0)) {
		snprintf(cmd, sizeof(cmd), "route %s", argv[1]);
		if (!route_args(argc, argv, args)) {
			json_decref(args);
			return NULL;
		}
	} else if (argc == 3 && strcmp(argv[0], "oam") == 0 && strcmp(argv[1], "save") == 0) {
		/* the daemon writes the file: give it an absolute path */
		char path[4096], cwd[2048];

		snprintf(cmd, sizeof(cmd), "oam save");
		if (argv[2][0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL)
			snprintf(path, sizeof(path), "%s/%s", cwd, argv[2]);
		else
			snprintf(path, sizeof(path), "%s", argv[2]);
		json_object_set_new(args, "file", json_string(path));
	} else if (argc == 2) {
		snprintf(cmd, sizeof(cmd), "%s %s", argv[0], argv[1]);
	} else if (argc == 1) {
		snprintf(cmd, sizeof(cmd), "%s", argv[0]);
	} else {
		json_decref(args);
		return NULL;
	}
	*cmd_out = cmd;
	req = json_pack("{s:s, s:o}", "command", cmd, "args", args);
	s = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	return s;
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 't' },
		{ "type", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = getenv("SRV6GW_CTL_SOCKET"), *cmd = "", *type = NULL;
	int c, timeout = 10, rc;
	bool raw_json = false;
	json_t *reply, *res;
	char *req;

	if (path == NULL)
		path = "/run/srv6gw/ctl.sock";
	while ((c = getopt_long(argc, argv, "+s:jt:h", lo, NULL)) != -1) {
		switch (c) {
		case 's': path = optarg; break;
		case 'j': raw_json = true; break;
		case 't': timeout = atoi(optarg); break;
		case 'T': type = optarg; break;
		default: return usage();
		}
	}
	req = build_request(argc - optind, argv + optind, &cmd, type);
	if (req == NULL || timeout <= 0)
		return usage();
	reply = transact(path, req, timeout);
	free(req);
	if (reply == NULL)
		return EXIT_NO_ANSWER;
	rc = json_is_true(json_object_get(reply, "ok")) ? 0 : EXIT_ERR_REPLY;
	res = json_object_get(reply, "result");
	if (raw_json) {
		json_dumpf(reply, stdout, JSON_INDENT(2));
		printf("\n");
	} else if (rc != 0) {
		json_t *e = json_object_get(reply, "error"), *v;
		size_t i;

		fprintf(stderr, "srv6gwctl: %s: %s\n", sval(e, "code"), sval(e, "message"));
		json_array_foreach(json_object_get(e, "errors"), i, v)
			fprintf(stderr, "%s:%lld: %s\n", sval(v, "file"), ival(v, "line"),
				sval(v, "text"));
	} else if (strcmp(argv[optind], "metrics") == 0) {
		print_metrics(res);
	} else {
		print_human(cmd, res);
	}
	json_decref(reply);
	return rc;
}
