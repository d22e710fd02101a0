/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */

/*
 * Configuration loader: file -> text -> libconfig tree -> struct srv6gw_config.
 *
 * 1. The file is read into memory once (at most 256 MiB) and scanned for
 *    what libconfig 1.5 would accept silently (config_text.c): NUL bytes (the rest of the
 *    file would be ignored), @include (a second file, unchecked and not
 *    covered by the atomic rename) and integers that do not fit in 32 bits
 *    (libconfig wraps them: "mtu = 4294968796" would read as 1500).
 * 2. libconfig parses the text; a syntax error stops there.
 * 3. Every section is walked: unknown keys, types, ranges, address
 *    syntax, references by name (the network sections in config_net.c, the
 *    srv6 lists in config_sids.c, config_nodes.c and config_policy.c, with
 *    the typed-access helpers defined here). config_validate.c then checks
 *    across entries (duplicates, overlaps, locators).
 *
 * Every semantic error is collected with its line; the configuration is
 * returned only if there is none.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libconfig.h>

#include "common/addr.h"
#include "cp/config_guard.h"
#include "cp/config_priv.h"
#include "srv6gw/config.h"

#define CFG_HOP_LIMIT_DEFAULT 64

static const char *const root_keys[] = {
	"version", "ports", "neighbors", "neighbor_timers", "routes", "tables", "icmp", "srv6",
	NULL
};
static const char *const srv6_keys[] = {
	"source", "hop_limit", "locators", "nodes", "sids", "policies", "steering",
	"hmac_keys", "hmac_h_flag", "oam", "pmtu_timeout", NULL
};
static const char *const type_names[] = {
	[T_STRING] = "a string (\"...\")",
	[T_INT] = "an integer",
	[T_GROUP] = "a group ({ ... })",
	[T_LIST] = "a list of groups (( { ... }, ... ))",
	[T_STRINGS] = "a list of strings ([\"...\", ...])",
	[T_INTS] = "a list of integers ([1, 2])",
	[T_BOOL] = "true or false",
};

void
srv6gw_cfg_error(struct srv6gw_cfg_ctx *ctx, int line, const char *fmt, ...)
{
	struct srv6gw_cfg_errors *errs = ctx->errs;
	struct srv6gw_cfg_error *e;
	va_list ap;

	errs->total++;
	if (errs->n >= SRV6GW_MAX_ERRORS)
		return;
	e = &errs->e[errs->n++];
	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
}

static int
line_of(const config_setting_t *s)
{
	return (int)config_setting_source_line(s);
}

/* ---- typed access to settings ------------------------------------------ */

static bool
elems_are(const config_setting_t *s, int type)
{
	int i, n = config_setting_length(s);

	for (i = 0; i < n; i++)
		if (config_setting_type(config_setting_get_elem(s, i)) != type)
			return false;
	return true;
}

static bool
type_ok(const config_setting_t *s, enum cfg_type t)
{
	int type = config_setting_type(s);

	switch (t) {
	case T_STRING:
		return type == CONFIG_TYPE_STRING;
	case T_INT:
		return type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64;
	case T_GROUP:
		return type == CONFIG_TYPE_GROUP;
	case T_LIST:
		return type == CONFIG_TYPE_LIST || type == CONFIG_TYPE_ARRAY;
	case T_STRINGS:
		return (type == CONFIG_TYPE_LIST || type == CONFIG_TYPE_ARRAY) &&
			elems_are(s, CONFIG_TYPE_STRING);
	case T_INTS:
		return (type == CONFIG_TYPE_LIST || type == CONFIG_TYPE_ARRAY) &&
			(elems_are(s, CONFIG_TYPE_INT) || elems_are(s, CONFIG_TYPE_INT64));
	case T_BOOL:
		return type == CONFIG_TYPE_BOOL;
	}
	return false;
}

/*
 * Find @key in @grp. NULL if absent, or if of the wrong type: then the error
 * is reported and *bad set. @who prefixes messages ("port 'edge': " or "").
 */
static const config_setting_t *
member(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		enum cfg_type t, const char *who, bool *bad)
{
	const config_setting_t *s = config_setting_get_member(grp, key);

	if (s == NULL || type_ok(s, t))
		return s;
	srv6gw_cfg_error(ctx, line_of(s), "%s'%s' must be %s", who, key, type_names[t]);
	*bad = true;
	return NULL;
}

/* As member(), but absence is an error too (reported at the group's line). */
static const config_setting_t *
need(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		enum cfg_type t, const char *who, bool *bad)
{
	bool wrong = false;
	const config_setting_t *s = member(ctx, grp, key, t, who, &wrong);

	if (s == NULL) {
		if (!wrong)
			srv6gw_cfg_error(ctx, line_of(grp), "%s'%s' is missing", who, key);
		*bad = true;
	}
	return s;
}

/*
 * Read integer @key within [min, max].
 * @return 1 if set, 0 if absent, -1 on error (reported).
 */
static int
get_int(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		const char *who, long long min, long long max, long long *out)
{
	bool bad = false;
	const config_setting_t *s = member(ctx, grp, key, T_INT, who, &bad);
	long long v;

	if (s == NULL)
		return bad ? -1 : 0;
	v = config_setting_get_int64(s);
	if (v < min || v > max) {
		srv6gw_cfg_error(ctx, line_of(s), "%s%s %lld is out of range %lld..%lld",
			who, key, v, min, max);
		return -1;
	}
	*out = v;
	return 1;
}

static size_t
edit_distance(const char *a, const char *b)
{
	size_t row[SRV6GW_NAME_MAX + 1], la = strlen(a), lb = strlen(b), i, j;
	size_t diag, up, best;

	if (la > SRV6GW_NAME_MAX || lb > SRV6GW_NAME_MAX)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/*
 * The known key closest to @name, for "did you mean": at most one edit in
 * three characters of the longer word ("policy" -> "policies").
 */
static const char *
closest_key(const char *const *keys, const char *name)
{
	const char *best = NULL;
	size_t d, len, best_d = SIZE_MAX;

	for (; *keys != NULL; keys++) {
		len = strlen(*keys) > strlen(name) ? strlen(*keys) : strlen(name);
		d = edit_distance(*keys, name);
		if (d <= (len + 2) / 3 && d < best_d) {
			best = *keys;
			best_d = d;
		}
	}
	return best;
}

/* Report every member of @grp not in @keys (typos must not be ignored). */
static void
check_keys(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *const *keys,
		const char *who)
{
	const config_setting_t *s;
	const char *const *k;
	const char *name, *hint;
	int i, n = config_setting_length(grp);

	for (i = 0; i < n; i++) {
		s = config_setting_get_elem(grp, (unsigned int)i);
		name = config_setting_name(s);
		for (k = keys; *k != NULL && strcmp(*k, name) != 0; k++)
			;
		if (*k != NULL)
			continue;
		hint = closest_key(keys, name);
		if (hint != NULL)
			srv6gw_cfg_error(ctx, line_of(s),
				"%sunknown setting '%s' (did you mean '%s'?)", who, name, hint);
		else
			srv6gw_cfg_error(ctx, line_of(s), "%sunknown setting '%s'", who, name);
	}
}

/*
 * Element @i of a list of groups; NULL (reported) if it is not a group.
 */
static const config_setting_t *
group_elem(struct srv6gw_cfg_ctx *ctx, const config_setting_t *list, int i, const char *what)
{
	const config_setting_t *e = config_setting_get_elem(list, (unsigned int)i);

	if (config_setting_is_group(e))
		return e;
	srv6gw_cfg_error(ctx, line_of(e), "%s: entry %d must be a group ({ ... })", what, i + 1);
	return NULL;
}

/* Names: 1..31 characters of [A-Za-z0-9._-] (they appear in JSON and logs). */
static bool
check_name(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s, const char *what)
{
	const char *name = config_setting_get_string(s);
	size_t len = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"0123456789._-");

	if (len > 0 && name[len] == '\0' && len < SRV6GW_NAME_MAX)
		return true;
	srv6gw_cfg_error(ctx, line_of(s), "%s name '%s' is invalid: use 1 to %d characters "
		"among A-Z a-z 0-9 . _ -", what, name, SRV6GW_NAME_MAX - 1);
	return false;
}

/* ---- addresses ---------------------------------------------------------- */

/*
 * Why an IPv6 address cannot be a SID, segment or source: RFC 4291 §2.5.2
 * (unspecified), §2.5.3 (loopback), §2.5.6 (link-local: never forwarded),
 * §2.7 (multicast). NULL if it can.
 */
static const char *
ip6_not_global(const uint8_t a[16])
{
	if (srv6gw_ip6_is_unspecified(a))
		return "the unspecified address";
	if (srv6gw_ip6_is_loopback(a))
		return "the loopback address";
	if (srv6gw_ip6_is_multicast(a))
		return "multicast (ff00::/8)";
	if (srv6gw_ip6_is_linklocal(a))
		return "link-local (fe80::/10)";
	return NULL;
}

/* Why an address cannot be a unicast host (interface, neighbour, next hop). */
static const char *
ip_not_unicast(uint8_t family, const uint8_t a[16])
{
	if (family == AF_INET6) {
		if (srv6gw_ip6_is_unspecified(a))
			return "the unspecified address";
		if (srv6gw_ip6_is_loopback(a))
			return "the loopback address";
		if (srv6gw_ip6_is_multicast(a))
			return "multicast (ff00::/8)";
		return NULL;
	}
	/* RFC 1122 §3.2.1.3, RFC 5771, RFC 1112 §4 */
	if (srv6gw_ip4_is_zeronet(a))
		return "in 0.0.0.0/8";
	if (srv6gw_ip4_is_loopback(a))
		return "loopback (127.0.0.0/8)";
	if (srv6gw_ip4_is_multicast(a))
		return "multicast (224.0.0.0/4)";
	if (srv6gw_ip4_is_reserved(a))
		return "reserved or broadcast (240.0.0.0/4)";
	return NULL;
}

/*
 * Read address @key (no prefix length). @family: AF_INET, AF_INET6 or 0
 * (either). @global: an IPv6 SID-like address (not link-local either).
 * @return 1 if set, 0 if absent, -1 on error (reported).
 */
static int
get_addr(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		const char *who, uint8_t family, bool global, struct srv6gw_addr *out)
{
	bool bad = false;
	const config_setting_t *s = member(ctx, grp, key, T_STRING, who, &bad);
	const char *text, *why;

	if (s == NULL)
		return bad ? -1 : 0;
	text = config_setting_get_string(s);
	if (srv6gw_ip_parse(text, &out->family, out->a) != 0) {
		srv6gw_cfg_error(ctx, line_of(s), "%s%s '%s' is not %s address", who, key, text,
			family == AF_INET ? "an IPv4" : family == AF_INET6 ? "an IPv6" :
			"an IPv4 or IPv6");
		return -1;
	}
	if (family != 0 && out->family != family) {
		srv6gw_cfg_error(ctx, line_of(s), "%s%s '%s' must be an %s address", who, key,
			text, srv6gw_family_name(family));
		return -1;
	}
	why = global && out->family == AF_INET6 ? ip6_not_global(out->a) :
		ip_not_unicast(out->family, out->a);
	if (why != NULL) {
		srv6gw_cfg_error(ctx, line_of(s), "%s%s %s is %s", who, key, text, why);
		return -1;
	}
	return 1;
}

/*
 * Parse prefix text of setting @s (the setting or an array element).
 * @network: host bits must be zero.
 */
static bool
parse_prefix(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s, const char *who,
		const char *key, bool network, struct srv6gw_prefix *out)
{
	const char *text = config_setting_get_string(s);
	char net[SRV6GW_PREFIX_STRLEN];
	uint8_t a[16];
	int ret;

	ret = srv6gw_prefix_parse(text, &out->family, out->a, &out->len);
	if (ret != 0) {
		srv6gw_cfg_error(ctx, line_of(s), "%s%s '%s': %s (expected address/length)",
			who, key, text, srv6gw_parse_strerror(ret));
		return false;
	}
	if (network && !srv6gw_prefix_is_network(out->a, out->len)) {
		memcpy(a, out->a, 16);
		srv6gw_prefix_mask(a, out->len);
		srv6gw_cfg_error(ctx, line_of(s), "%s%s '%s' has host bits set (did you mean %s?)",
			who, key, text,
			srv6gw_prefix_format(out->family, a, out->len, net, sizeof(net)));
		return false;
	}
	return true;
}

/* Read network prefix @key. @return 1 if set, 0 if absent, -1 on error. */
static int
get_prefix(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		const char *who, struct srv6gw_prefix *out)
{
	bool bad = false;
	const config_setting_t *s = member(ctx, grp, key, T_STRING, who, &bad);

	if (s == NULL)
		return bad ? -1 : 0;
	return parse_prefix(ctx, s, who, key, true, out) ? 1 : -1;
}

/* Read MAC @key: unicast, not zero. @return 1 if set, 0 if absent, -1 on error. */
static int
get_mac(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		const char *who, uint8_t mac[6])
{
	bool bad = false;
	const config_setting_t *s = member(ctx, grp, key, T_STRING, who, &bad);
	const char *text;

	if (s == NULL)
		return bad ? -1 : 0;
	text = config_setting_get_string(s);
	if (srv6gw_mac_parse(text, mac) != 0) {
		srv6gw_cfg_error(ctx, line_of(s), "%smac '%s' is %s", who, text,
			srv6gw_parse_strerror(SRV6GW_PARSE_BAD_MAC));
		return -1;
	}
	if (srv6gw_mac_is_multicast(mac) || srv6gw_mac_is_zero(mac)) {
		srv6gw_cfg_error(ctx, line_of(s), "%smac %s is %s, not a unicast address", who,
			text, srv6gw_mac_is_zero(mac) ? "all zeros" : "multicast");
		return -1;
	}
	return 1;
}

/* Find port @name. Reports "unknown port" unless the port list is incomplete. */
static bool
resolve_port(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s, const char *who,
		unsigned int *idx)
{
	const char *name = config_setting_get_string(s);
	unsigned int i;

	for (i = 0; i < ctx->cfg->n_ports; i++) {
		if (strcmp(ctx->cfg->ports[i].name, name) == 0) {
			*idx = i;
			return true;
		}
	}
	if (!ctx->ports_incomplete)
		srv6gw_cfg_error(ctx, line_of(s), "%sunknown port '%s'", who, name);
	return false;
}

/* Read port reference @key. @return 1 if set, 0 if absent, -1 on error. */
static int
get_port_ref(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		const char *who, unsigned int *idx)
{
	bool bad = false;
	const config_setting_t *s = member(ctx, grp, key, T_STRING, who, &bad);

	if (s == NULL)
		return bad ? -1 : 0;
	return resolve_port(ctx, s, who, idx) ? 1 : -1;
}

static bool
copy_string(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s, const char *who,
		char *dst, size_t size)
{
	const char *text = config_setting_get_string(s);
	size_t len = strlen(text);

	if (len == 0 || len >= size) {
		srv6gw_cfg_error(ctx, line_of(s), "%s'%s' must be 1 to %zu characters long", who,
			config_setting_name(s), size - 1);
		return false;
	}
	memcpy(dst, text, len + 1);
	return true;
}

/* ---- lists of groups ---------------------------------------------------- */

/*
 * A top-level or srv6 list of groups. @return its length, 0 if absent (or
 * reported as the wrong type: *bad set).
 */
static int
section(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		const char *who, const config_setting_t **list, bool *bad)
{
	*list = member(ctx, grp, key, T_LIST, who, bad);
	return *list == NULL ? 0 : config_setting_length(*list);
}

/* Run @fn on each group of @list. @return false if an element was not a group. */
static bool
each_group(struct srv6gw_cfg_ctx *ctx, const config_setting_t *list, const char *what,
		void (*fn)(struct srv6gw_cfg_ctx *, const config_setting_t *))
{
	const config_setting_t *g;
	int i, n = config_setting_length(list);
	bool all = true;

	for (i = 0; i < n; i++) {
		g = group_elem(ctx, list, i, what);
		if (g != NULL)
			fn(ctx, g);
		else
			all = false;
	}
	return all;
}

/**
 * A list section whose elements are groups: allocate @p elem-sized slots for
 * them in *@p arr and run @p fn on each. @p incomplete (may be NULL) is set
 * when the section or one of its elements had the wrong type, so later
 * checks do not report errors that only follow from this one.
 * @return 0 or -ENOMEM
 */
static int
group_list(struct srv6gw_cfg_ctx *ctx, const config_setting_t *parent, const char *key,
		const char *who, const char *what, void **arr, size_t elem,
		void (*fn)(struct srv6gw_cfg_ctx *, const config_setting_t *), bool *incomplete)
{
	const config_setting_t *list;
	bool bad = false;
	int n = section(ctx, parent, key, who, &list, &bad);

	if (bad && incomplete != NULL)
		*incomplete = true;
	if (n == 0)
		return 0;
	*arr = calloc((size_t)n, elem);
	if (*arr == NULL)
		return -ENOMEM;
	if (!each_group(ctx, list, what, fn) && incomplete != NULL)
		*incomplete = true;
	return 0;
}

/* ---- the helpers above, for the other section parsers (config_priv.h) ---- */

int
srv6gw_cfg_line(const config_setting_t *s)
{
	return line_of(s);
}

const config_setting_t *
srv6gw_cfg_member(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		enum cfg_type t, const char *who, bool *bad)
{
	return member(ctx, grp, key, t, who, bad);
}

const config_setting_t *
srv6gw_cfg_need(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		enum cfg_type t, const char *who, bool *bad)
{
	return need(ctx, grp, key, t, who, bad);
}

int
srv6gw_cfg_get_int(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		const char *who, long long min, long long max, long long *out)
{
	return get_int(ctx, grp, key, who, min, max, out);
}

void
srv6gw_cfg_check_keys(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp,
		const char *const *keys, const char *who)
{
	check_keys(ctx, grp, keys, who);
}

const config_setting_t *
srv6gw_cfg_group_elem(struct srv6gw_cfg_ctx *ctx, const config_setting_t *list, int i,
		const char *what)
{
	return group_elem(ctx, list, i, what);
}

bool
srv6gw_cfg_check_name(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s, const char *what)
{
	return check_name(ctx, s, what);
}

const char *
srv6gw_cfg_ip6_not_global(const uint8_t a[16])
{
	return ip6_not_global(a);
}

int
srv6gw_cfg_get_addr(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		const char *who, uint8_t family, bool global, struct srv6gw_addr *out)
{
	return get_addr(ctx, grp, key, who, family, global, out);
}

int
srv6gw_cfg_get_prefix(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		const char *who, struct srv6gw_prefix *out)
{
	return get_prefix(ctx, grp, key, who, out);
}

int
srv6gw_cfg_get_port_ref(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp,
		const char *key, const char *who, unsigned int *idx)
{
	return get_port_ref(ctx, grp, key, who, idx);
}

const char *
srv6gw_cfg_type_name(enum cfg_type t)
{
	return type_names[t];
}

int
srv6gw_cfg_group_list(struct srv6gw_cfg_ctx *ctx, const config_setting_t *parent,
		const char *key, const char *who, const char *what, void **arr, size_t elem,
		void (*fn)(struct srv6gw_cfg_ctx *, const config_setting_t *), bool *incomplete)
{
	return group_list(ctx, parent, key, who, what, arr, elem, fn, incomplete);
}

const char *
srv6gw_cfg_ip_not_unicast(uint8_t family, const uint8_t a[16])
{
	return ip_not_unicast(family, a);
}

bool
srv6gw_cfg_parse_prefix(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s, const char *who,
		const char *key, bool network, struct srv6gw_prefix *out)
{
	return parse_prefix(ctx, s, who, key, network, out);
}

int
srv6gw_cfg_get_mac(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		const char *who, uint8_t mac[6])
{
	return get_mac(ctx, grp, key, who, mac);
}

bool
srv6gw_cfg_copy_string(struct srv6gw_cfg_ctx *ctx, const config_setting_t *s, const char *who,
		char *dst, size_t size)
{
	return copy_string(ctx, s, who, dst, size);
}

int
srv6gw_cfg_section(struct srv6gw_cfg_ctx *ctx, const config_setting_t *grp, const char *key,
		const char *who, const config_setting_t **list, bool *bad)
{
	return section(ctx, grp, key, who, list, bad);
}

/* ---- version ------------------------------------------------------------ */

static void
parse_version(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root)
{
	bool bad = false;
	const config_setting_t *s = member(ctx, root, "version", T_INT, "", &bad);

	if (s == NULL) {
		if (!bad)
			srv6gw_cfg_error(ctx, 0, "'version' is missing (write 'version = 1;')");
		return;
	}
	if (config_setting_get_int64(s) != 1)
		srv6gw_cfg_error(ctx, line_of(s), "version %lld is not supported (expected 1)",
			config_setting_get_int64(s));
}

/* ---- srv6 group --------------------------------------------------------- */

static void
parse_srv6_globals(struct srv6gw_cfg_ctx *ctx, const config_setting_t *srv6)
{
	struct srv6gw_config *cfg = ctx->cfg;
	struct srv6gw_addr src;
	long long hl;
	int ret;

	ret = get_addr(ctx, srv6, "source", "srv6: ", AF_INET6, true, &src);
	if (ret == 1) {
		cfg->has_source = true;
		memcpy(cfg->source, src.a, 16);
	} else if (ret < 0) {
		ctx->source_bad = true;
	}
	/* RFC 8200 §3: an 8-bit field; 0 would be discarded by the next hop */
	if (get_int(ctx, srv6, "hop_limit", "srv6: ", 1, 255, &hl) == 1)
		cfg->hop_limit = (uint8_t)hl;
}

static int
parse_srv6(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root)
{
	bool bad = false;
	const config_setting_t *srv6 = member(ctx, root, "srv6", T_GROUP, "", &bad);
	int ret;

	if (srv6 == NULL) {
		ctx->source_bad = bad;
		ctx->policies_incomplete = bad;
		ctx->locators_incomplete = bad;
		ctx->nodes_incomplete = bad;
		return 0;
	}
	check_keys(ctx, srv6, srv6_keys, "srv6: ");
	parse_srv6_globals(ctx, srv6);
	srv6gw_cfg_guard_srv6(ctx, srv6);
	ret = srv6gw_cfg_parse_locators(ctx, srv6);
	if (ret == 0)
		ret = srv6gw_cfg_parse_nodes(ctx, srv6);
	if (ret == 0)
		ret = srv6gw_cfg_parse_policies(ctx, srv6);
	if (ret == 0)
		ret = srv6gw_cfg_parse_sids(ctx, srv6);
	if (ret == 0)
		ret = srv6gw_cfg_policy_bsids(ctx);
	if (ret == 0)
		ret = srv6gw_cfg_parse_steering(ctx, srv6);
	return ret;
}

static int
parse_root(struct srv6gw_cfg_ctx *ctx, const config_setting_t *root)
{
	int ret;

	check_keys(ctx, root, root_keys, "");
	parse_version(ctx, root);
	srv6gw_cfg_parse_ports(ctx, root);
	ret = srv6gw_cfg_parse_neighbors(ctx, root);
	if (ret == 0)
		ret = srv6gw_cfg_parse_routes(ctx, root);
	if (ret != 0)
		return ret;
	srv6gw_cfg_parse_tables(ctx, root);
	srv6gw_cfg_parse_icmp(ctx, root);
	srv6gw_cfg_parse_nud(ctx, root);
	ret = parse_srv6(ctx, root);
	if (ret == 0)
		ret = srv6gw_cfg_tables_finish(ctx);
	return ret;
}

/* ---- loading ------------------------------------------------------------ */

static void
errors_init(struct srv6gw_cfg_errors *errs, const char *name)
{
	memset(errs, 0, sizeof(*errs));
	snprintf(errs->file, sizeof(errs->file), "%s", name != NULL ? name : "<string>");
}

/* Stable sort by line, so messages come out in file order. */
static void
errors_sort(struct srv6gw_cfg_errors *errs)
{
	struct srv6gw_cfg_error tmp;
	unsigned int i, j;

	for (i = 1; i < errs->n; i++) {
		tmp = errs->e[i];
		for (j = i; j > 0 && errs->e[j - 1].line > tmp.line; j--)
			errs->e[j] = errs->e[j - 1];
		errs->e[j] = tmp;
	}
}

/* Parse @text with libconfig and check it. @return 0 or -ENOMEM. */
static int
load_tree(struct srv6gw_cfg_ctx *ctx, const char *text)
{
	config_t lc;
	int ret = 0;

	config_init(&lc);
	if (config_read_string(&lc, text) != CONFIG_TRUE) {
		srv6gw_cfg_error(ctx, config_error_line(&lc), "%s", config_error_text(&lc) != NULL ?
			config_error_text(&lc) : "syntax error");
	} else {
		ret = parse_root(ctx, config_root_setting(&lc));
		if (ret == 0)
			ret = srv6gw_cfg_validate(ctx);
		if (ret == 0)
			ret = srv6gw_cfg_guard_validate(ctx);
	}
	config_destroy(&lc);
	return ret;
}

static struct srv6gw_config *
load_text(const char *text, size_t size, struct srv6gw_cfg_errors *errs)
{
	struct srv6gw_cfg_ctx *ctx;
	struct srv6gw_config *cfg;
	int ret = -ENOMEM;

	ctx = calloc(1, sizeof(*ctx));
	cfg = calloc(1, sizeof(*cfg));
	if (ctx != NULL && cfg != NULL) {
		ctx->cfg = cfg;
		ctx->errs = errs;
		snprintf(cfg->file, sizeof(cfg->file), "%s", errs->file);
		cfg->hop_limit = CFG_HOP_LIMIT_DEFAULT;
		srv6gw_cfg_table_add(ctx, 0);
		ret = 0;
		if (size > SRV6GW_CFG_MAX_FILE_SIZE)
			srv6gw_cfg_error(ctx, 0, "file is %zu bytes, at most %u allowed", size,
				SRV6GW_CFG_MAX_FILE_SIZE);
		else if (srv6gw_cfg_prescan(ctx, text, size) == 0)
			ret = load_tree(ctx, text);
	}
	if (ret != 0) {
		errs->total++;
		if (errs->n < SRV6GW_MAX_ERRORS) {
			errs->e[errs->n].line = 0;
			snprintf(errs->e[errs->n++].text, sizeof(errs->e[0].text), "out of memory");
		}
	}
	if (ctx != NULL)
		free(ctx->policy_names);
	free(ctx);
	errors_sort(errs);
	if (errs->total == 0)
		return cfg;
	srv6gw_config_free(cfg);
	return NULL;
}

struct srv6gw_config *
srv6gw_config_load_string(const char *text, const char *name, struct srv6gw_cfg_errors *errs)
{
	errors_init(errs, name);
	return load_text(text, strlen(text), errs);
}

struct srv6gw_config *
srv6gw_config_load(const char *path, struct srv6gw_cfg_errors *errs)
{
	struct srv6gw_config *cfg;
	size_t size = 0;
	char *text;

	errors_init(errs, path);
	text = srv6gw_cfg_read_file(path, &size, errs);
	if (text == NULL)
		return NULL;
	if (srv6gw_cfg_has_nul(text, size, errs)) {
		free(text);
		return NULL;
	}
	cfg = load_text(text, size, errs);
	free(text);
	return cfg;
}

void
srv6gw_config_free(struct srv6gw_config *cfg)
{
	if (cfg == NULL)
		return;
	free(cfg->neighbors);
	free(cfg->routes);
	free(cfg->tables);
	free(cfg->locators);
	free(cfg->sids);
	free(cfg->nodes);
	free(cfg->policies);
	free(cfg->steering);
	srv6gw_cfg_guard_free(cfg);
	free(cfg);
}

void
srv6gw_cfg_errors_print(const struct srv6gw_cfg_errors *errs, FILE *f)
{
	const struct srv6gw_cfg_error *e;
	unsigned int i;

	for (i = 0; i < errs->n; i++) {
		e = &errs->e[i];
		if (e->line > 0)
			fprintf(f, "%s:%d: %s\n", errs->file, e->line, e->text);
		else
			fprintf(f, "%s: %s\n", errs->file, e->text);
	}
	if (errs->total > errs->n)
		fprintf(f, "%s: %u more errors not shown\n", errs->file, errs->total - errs->n);
}
