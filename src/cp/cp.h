/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_CP_H
#define SRV6GW_CP_H

/**
 * @file
 * Control-path internals: table building, ports, neighbours, stats.
 * Everything here runs on the main lcore (the control thread).
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <rte_ether.h>

#include "srv6gw/config.h"
#include "srv6gw/gen.h"

struct srv6gw_worker;
struct rte_mempool;

/** Create the neighbour table. @return 0 or -errno. */
int srv6gw_neigh_init(void);
void srv6gw_neigh_fini(void);
/** Find or create the entry for (port, family, addr). @return index or -errno. */
int32_t srv6gw_neigh_ensure(uint16_t port, uint8_t family, const uint8_t *addr);
/** Make entry @p idx static with @p mac (config neighbours win). */
void srv6gw_neigh_set_static(int32_t idx, const uint8_t *mac);
/** Static entries absent from @p cfg lose their address (before a rebuild). */
void srv6gw_neigh_unstatic(const struct srv6gw_config *cfg);
/** Serve the workers' requests. @return requests handled. */
unsigned int srv6gw_neigh_poll(void);

/**
 * Build a generation from @p cfg (which it takes ownership of on success).
 *
 * @param macs  MAC address of each configured port
 * @param err   message on failure
 * @return the generation, or NULL
 */
struct srv6gw_gen *srv6gw_gen_build(struct srv6gw_config *cfg, const struct rte_ether_addr *macs,
		unsigned int n_workers, uint64_t id, char *err, size_t errlen);

/** The IPv6 FIB of Flex-Algo @p algorithm (0: the main table); NULL if none. */
struct rte_fib6 *srv6gw_algo_fib6(const struct srv6gw_gen *g, uint8_t algorithm);
/**
 * The classification tables of generation @p g (src/cp/classify.c): its
 * ports' class4/class6, once its tables, locators, next hops and policies
 * are built. 0, or -1 with a message in @p err.
 */
int srv6gw_classify_build(struct srv6gw_gen *g, const struct srv6gw_config *cfg, char *err,
		size_t errlen);
/**
 * OR into @p key the bits of an IPv6 address that decide its lookup in @p f
 * (NULL: none): the first (longest prefix length in @p f) bits (gen_build.c;
 * struct srv6gw_table.v6_key).
 */
void srv6gw_fib6_key(struct rte_fib6 *f, uint8_t key[16]);
/**
 * The IPv4 counterpart: the mask (host order) of the first (longest prefix
 * length in @p f) bits, 0 for NULL or a default route alone.
 */
uint32_t srv6gw_fib4_mask(struct rte_fib *f);
/** tbl8 groups a prefix of @p depth may need in a TRIE/DIR24_8 (one per byte past /24). */
unsigned int srv6gw_tbl8_need(unsigned int depth);
/** Routes of table index @p t per family, and their tbl8 groups, to size FIBs (gen_build.c). */
void srv6gw_count_routes(const struct srv6gw_config *cfg, unsigned int t, unsigned int *n4,
		unsigned int *t4, unsigned int *n6, unsigned int *t6);

/* ---- policy validity (policy_state.c, docs/design.md) ---- */

struct rte_rcu_qsbr;

/**
 * Evaluate every policy of @p g against the link state now (RFC 9256 §5.1:
 * a segment list is valid when its first SID has a usable route; the active
 * candidate path is the most preferred one with a valid list).
 * @param prev  the state it replaces (keeps its change counts), or NULL
 * @return a new state (rte_malloc), or NULL when out of memory
 */
struct srv6gw_pstate *srv6gw_pstate_eval(const struct srv6gw_gen *g,
		const struct srv6gw_pstate *prev);

/**
 * Re-evaluate the policies of @p g and, if anything changed, publish the new
 * state (one release-store); the old one is freed once every worker has been
 * quiescent (@p q; NULL: at once, when no worker runs). Control thread only.
 * @return 1 published, 0 nothing changed, -errno (retried by the next poll)
 */
int srv6gw_pstate_refresh(struct srv6gw_gen *g, struct rte_rcu_qsbr *q);

/** Ask for a refresh at the next srv6gw_pstate_poll() (a link changed). */
void srv6gw_pstate_invalidate(void);

/** Free the states whose grace period is over; refresh if asked. */
void srv6gw_pstate_poll(struct srv6gw_gen *g, struct rte_rcu_qsbr *q);

/** Free every state still waiting (at exit, workers stopped). */
void srv6gw_pstate_fini(void);

/** The connected prefix of an interface address (host bits cleared). */
void srv6gw_ifaddr_prefix(const struct srv6gw_ifaddr *ia, struct srv6gw_prefix *p);

/** Free a generation and its configuration (NULL allowed). */
void srv6gw_gen_free(struct srv6gw_gen *g);

/** Ports as started by srv6gw_ports_init(). */
struct srv6gw_ports {
	unsigned int n;
	uint16_t id[SRV6GW_MAX_PORTS];          /**< ethdev port ids */
	uint16_t n_rxq[SRV6GW_MAX_PORTS];
	struct rte_ether_addr mac[SRV6GW_MAX_PORTS];
};

/**
 * Probe (when the config gives devargs), configure and start every port:
 * one RX queue per worker (as many as the device has), RX queue k filled from
 * @p pool[k] (worker k's), one TX queue per worker.
 * @return 0 or -errno, with a message in @p err.
 */
int srv6gw_ports_init(const struct srv6gw_config *cfg, unsigned int n_workers,
		struct rte_mempool *const *pool, struct srv6gw_ports *ports, char *err,
		size_t errlen);
/** Stop and close every port (flushes net_pcap output files). */
void srv6gw_ports_fini(struct srv6gw_ports *ports);

/**
 * Reload state (control thread only).
 */
struct srv6gw_reloader {
	struct rte_rcu_qsbr *qsbr;
	const struct rte_ether_addr *macs;
	unsigned int n_workers;
	uint64_t next_id;
	uint64_t reloads_ok;
	uint64_t reloads_failed;
	uint64_t grace_timeouts;
	struct srv6gw_gen *pending;     /**< replaced, waiting for its grace period */
	uint64_t pending_token;
	char last_error[256];
};

/**
 * Load @p path and, if valid, publish it as the new generation (hitless):
 * parse and validate, build every table off the fast path, publish with one
 * release-store, wait an RCU grace period (with a deadline) and free the old
 * generation. On any error the running generation is untouched.
 *
 * @param errs  filled with every configuration error
 * @return 0, -EINVAL (bad file), -EBUSY (restart-only setting changed or the
 *         previous generation is still in use), -ENOMEM
 */
int srv6gw_reload(struct srv6gw_reloader *r, const char *path, struct srv6gw_cfg_errors *errs);

/**
 * Publish @p cfg (already valid; taken over in every case) as the new
 * generation, hitless, like srv6gw_reload() after loading a file.
 * @return 0, -EBUSY (previous generation still in use), -ENOMEM
 */
int srv6gw_reload_config(struct srv6gw_reloader *r, struct srv6gw_config *cfg);

/** Copy a configuration, with room for @p extra_routes more routes. NULL: no memory. */
struct srv6gw_config *srv6gw_config_dup(const struct srv6gw_config *c, unsigned int extra_routes);

struct srv6gw_ctl_env;
struct json_t;

/**
 * "route add" / "route del": check the arguments, prepare the new
 * configuration in env->pending_cfg and set *@p want_reload (the control
 * loop publishes it). @return an error reply, or NULL when deferred.
 */
struct json_t *srv6gw_route_request(struct srv6gw_ctl_env *env, struct json_t *args, bool add,
		bool *want_reload);

/** Retry freeing a generation whose grace period timed out. */
void srv6gw_reload_poll(struct srv6gw_reloader *r);

/* ---- control socket (ctl.c, ctl_cmds.c; docs/control-protocol.md) ---- */

#define SRV6GW_API_VERSION 1

struct json_t;

/** What the control commands see of the running process (control thread only). */
struct srv6gw_ctl_env {
	const char *config_path;
	const struct srv6gw_ports *ports;
	struct srv6gw_worker *const *workers;
	unsigned int n_workers;
	struct srv6gw_reloader *reloader;
	int64_t started;                /**< unix time of start */
	int64_t loaded;                 /**< unix time the running generation was loaded */
	struct json_t *baseline;        /**< "clear stats" snapshot, or NULL */
	int64_t baseline_time;
	/** route add/del result waiting for the control loop to publish it, or NULL */
	struct srv6gw_config *pending_cfg;
	bool file_reload;               /**< a client asked for "reload" (of the file) */
};

struct srv6gw_ctl;

/** Create the socket (one srv6gw per path). NULL with a message on error. */
struct srv6gw_ctl *srv6gw_ctl_open(const char *path, char *err, size_t len);
void srv6gw_ctl_close(struct srv6gw_ctl *c);
/**
 * Serve the socket for up to @p timeout_ms. @return true when clients asked
 * for a reload: the caller reloads once and calls srv6gw_ctl_reload_done().
 */
bool srv6gw_ctl_poll(struct srv6gw_ctl *c, struct srv6gw_ctl_env *env, int timeout_ms);
/** Send @p reply (consumed) to every client waiting for the reload. */
void srv6gw_ctl_reload_done(struct srv6gw_ctl *c, struct json_t *reply);

/**
 * Handle one request (the JSON text of one line, not NUL-terminated).
 * @param want_reload  set when the request is a reload (reply comes later)
 * @return the reply object (never NULL unless @p want_reload is set)
 */
struct json_t *srv6gw_ctl_request(struct srv6gw_ctl_env *env, const char *buf, size_t len,
		bool *want_reload);
/** The reply to a reload: ok, or every configuration error. */
struct json_t *srv6gw_ctl_reload_reply(const struct srv6gw_ctl_env *env, int rc,
		const struct srv6gw_cfg_errors *errs);
/** An error reply. */
struct json_t *srv6gw_ctl_error(const char *code, const char *fmt, ...);

/** Link state: register LSC callbacks and take a first look. */
void srv6gw_link_init(const struct srv6gw_ports *ports);
/**
 * Re-check link states (every 100 ms, at once after an LSC event, or when
 * forced). @return true if a port changed state (policies need a refresh).
 */
bool srv6gw_link_poll(const struct srv6gw_ports *ports, bool force);
/** How often the link of @p port changed state. */
uint64_t srv6gw_link_changes(unsigned int port);

/** The running generation's number, for readers that may not touch it (atomic). */
extern uint64_t srv6gw_generation;

/* ---- SR domain guard, HMAC, OAM (guard_cp.c; docs/security.md) ---- */

/** Guard part of generation @p g (after its SIDs, before its policies). 0 or -1 + @p err. */
int srv6gw_guard_build(struct srv6gw_gen *g, const struct srv6gw_config *cfg, char *err,
		size_t errlen);
/** Add the policy's HMAC TLV to a freshly built template (no-op without hmac_key). */
void srv6gw_guard_template(const struct srv6gw_gen *g, const struct srv6gw_config *cfg,
		const struct srv6gw_cfg_policy *p, enum srv6gw_encap_mode mode,
		struct srv6gw_seglist_rt *sl);
/**
 * After a reload's grace period: learned path MTUs of @p old's segment lists
 * that are unchanged in @p nu (same policy name, same header) carry over
 * (only lowering the live entries of @p nu).
 */
void srv6gw_guard_carry(const struct srv6gw_gen *old, struct srv6gw_gen *nu);
/** Free the guard part of @p g. */
void srv6gw_guard_free(struct srv6gw_gen *g);
/** Create the O-flag ring and pool (before the workers start). 0 or -1. */
int srv6gw_oam_init(void);
void srv6gw_oam_fini(void);
/** Control loop: drain the O-flag ring; once a second, log HMAC failures. */
void srv6gw_guard_poll(struct srv6gw_worker *const *workers, unsigned int n_workers);
/** Write the O-flag copies kept so far to @p path (pcapng). 0, or -1 + @p err. */
int srv6gw_oam_save(const char *path, unsigned int *written, char *err, size_t errlen);

/** Register the /srv6gw/... DPDK telemetry commands. */
void srv6gw_telemetry_init(struct srv6gw_worker *const *workers, unsigned int n_workers,
		unsigned int n_ports);

/** Every counter as a JSON object (schema: docs/stats.md); NULL on error. */
struct json_t *srv6gw_stats_json(const struct srv6gw_gen *g, const struct srv6gw_ports *ports,
		struct srv6gw_worker *const *workers, unsigned int n_workers);

/**
 * Write every counter as JSON (schema: docs/stats.md).
 */
int srv6gw_stats_write(FILE *f, const struct srv6gw_gen *g, const struct srv6gw_ports *ports,
		struct srv6gw_worker *const *workers, unsigned int n_workers);

#endif
