/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_CONFIG_H
#define SRV6GW_CONFIG_H

/**
 * @file
 * Parsed configuration model.
 *
 * This is the control path's view of a configuration file: plain C values,
 * already checked for syntax and meaning by srv6gw_config_load(). The fast
 * path never sees it; src/cp/gen_build.c turns it into lookup tables.
 *
 * Thread-safety: a struct srv6gw_config is owned by the control thread that
 * loaded it; it is immutable once srv6gw_config_load() returns and is freed
 * with srv6gw_config_free().
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "srv6gw/csid.h"

#define SRV6GW_NAME_MAX 32      /**< names incl. NUL */
#define SRV6GW_DEV_MAX 128      /**< DPDK device name / devargs incl. NUL */
#define SRV6GW_MAX_PORTS 16
#define SRV6GW_MAX_PORT_ADDRS 8 /**< per family, per port */
#define SRV6GW_MAX_SEGS 16      /**< SIDs in one segment list (parser cap) */
#define SRV6GW_MAX_SEGLISTS 8   /**< weighted segment lists per candidate path */
#define SRV6GW_MAX_CPATHS 8     /**< candidate paths per policy (RFC 9256 §2.2) */
#define SRV6GW_MAX_POLICY_LISTS 16 /**< segment lists of a policy, all candidate paths */
#define SRV6GW_MAX_NODE_LOCATORS 8 /**< locators of one remote node (one per algorithm) */
#define SRV6GW_POLICY_LABEL_MAX 64 /**< policy name or "(color, endpoint)" incl. NUL */
#define SRV6GW_MAX_TABLE_ID 65535
#define SRV6GW_MAX_ERRORS 64    /**< errors kept per load */

/** Bytes of outer headers that fit the mbuf headroom (see docs/design.md). */
#define SRV6GW_MAX_ENCAP_BYTES 128

/** An IPv4 or IPv6 address; IPv4 uses the first 4 bytes of @c a. */
struct srv6gw_addr {
	uint8_t family; /**< AF_INET or AF_INET6 */
	uint8_t a[16];
};

/** An IPv4 or IPv6 prefix, host bits zero. */
struct srv6gw_prefix {
	uint8_t family; /**< AF_INET or AF_INET6 */
	uint8_t len;
	uint8_t a[16];
};

/** An interface address: host bits kept, plus the on-link prefix length. */
struct srv6gw_ifaddr {
	uint8_t family;
	uint8_t len;
	uint8_t a[16];
};

/** RFC 8986 behaviours implemented by srv6gw (index into the behaviour table). */
enum srv6gw_behavior {
	SRV6GW_B_END = 0,
	SRV6GW_B_END_X,
	SRV6GW_B_END_T,
	SRV6GW_B_END_DX4,
	SRV6GW_B_END_DX6,
	SRV6GW_B_END_DT4,
	SRV6GW_B_END_DT6,
	SRV6GW_B_END_DT46,
	SRV6GW_B_END_B6_ENCAPS,
	SRV6GW_B_END_B6_ENCAPS_RED,
	SRV6GW_B_COUNT
};

/** Flavour bits (RFC 8986 §4.16, RFC 9800 §4). */
#define SRV6GW_FL_PSP 0x1u
#define SRV6GW_FL_USP 0x2u
#define SRV6GW_FL_USD 0x4u
#define SRV6GW_FL_NEXT_CSID 0x8u     /**< RFC 9800 §4.1 NEXT-C-SID */
#define SRV6GW_FL_REPLACE_CSID 0x10u /**< RFC 9800 §4.2 REPLACE-C-SID */
#define SRV6GW_FL_CSID (SRV6GW_FL_NEXT_CSID | SRV6GW_FL_REPLACE_CSID)

/**
 * HMAC verification level of a port or SID (RFC 8754 §2.1.2.1 leaves it to
 * local configuration; the three levels are Linux's seg6_require_hmac -1/0/1).
 */
enum srv6gw_hmac_level {
	/** SID only: use the ingress port's level (0: SIDs made elsewhere, e.g. binding SIDs) */
	SRV6GW_HMAC_INHERIT = 0,
	SRV6GW_HMAC_IGNORE,      /**< do not look at the HMAC TLV */
	SRV6GW_HMAC_VERIFY,      /**< verify it when present */
	SRV6GW_HMAC_REQUIRE,     /**< drop packets without a valid one */
};

/** HMAC algorithms (RFC 8754 §2.1.2: SHA-256 mandatory; SHA-1 for Linux). */
enum srv6gw_hmac_alg {
	SRV6GW_HMAC_SHA256 = 0,
	SRV6GW_HMAC_SHA1,
};

#define SRV6GW_HMAC_SECRET_MAX 64   /**< bytes (one SHA block: never pre-hashed) */
#define SRV6GW_MAX_HMAC_KEYS 256
#define SRV6GW_HMAC_TLV_LEN 40      /**< type, length 38, D/reserved, key id, 32 B */
#define SRV6GW_MAX_ACL_PREFIXES 16  /**< allowed_sources entries per SID/locator */

/** One HMAC key of the key file (docs/security.md). */
struct srv6gw_hmac_key {
	uint32_t id;                /**< 1..2^32-1 */
	uint8_t alg;                /**< enum srv6gw_hmac_alg */
	uint8_t len;                /**< secret length, 1..SRV6GW_HMAC_SECRET_MAX */
	uint8_t secret[SRV6GW_HMAC_SECRET_MAX];
	int line;                   /**< line in the key file */
};

/** An allowed_sources list (RFC 8754 §5.1 endpoint iACL). */
struct srv6gw_cfg_acl {
	struct srv6gw_prefix p[SRV6GW_MAX_ACL_PREFIXES];
	unsigned int n;
};

/** Port role at the SR domain boundary (RFC 8754 §5.1). */
enum srv6gw_port_role {
	SRV6GW_ROLE_INTERNAL = 0,
	SRV6GW_ROLE_EXTERNAL,
};

/** Unicast reverse-path forwarding check (BCP 38 / RFC 3704). */
enum srv6gw_urpf {
	SRV6GW_URPF_OFF = 0,
	SRV6GW_URPF_LOOSE,          /**< any route back to the source */
	SRV6GW_URPF_STRICT,         /**< the route back leaves by the ingress port */
};

/** Headend modes (RFC 8986 §5). */
enum srv6gw_encap_mode {
	SRV6GW_ENCAPS = 0, /**< H.Encaps: full SRH */
	SRV6GW_ENCAPS_RED, /**< H.Encaps.Red: first SID only in DA; 1 SID = no SRH */
};

struct srv6gw_cfg_port {
	char name[SRV6GW_NAME_MAX];
	char device[SRV6GW_DEV_MAX]; /**< DPDK device name (vdev or PCI) */
	char args[SRV6GW_DEV_MAX];   /**< optional devargs: probe the device ourselves */
	struct srv6gw_ifaddr ipv4[SRV6GW_MAX_PORT_ADDRS];
	unsigned int n_ipv4;
	struct srv6gw_ifaddr ipv6[SRV6GW_MAX_PORT_ADDRS];
	unsigned int n_ipv6;
	uint32_t mtu;               /**< L3 MTU, default 1500, >= 1280 */
	bool has_mac;
	uint8_t mac[6];
	uint8_t role;               /**< enum srv6gw_port_role */
	uint8_t urpf;               /**< enum srv6gw_urpf */
	bool drop_srh;              /**< drop any packet with a Routing Header type 4 */
	uint8_t hmac;               /**< enum srv6gw_hmac_level, default ignore */
	int line;
};

struct srv6gw_cfg_neighbor {
	unsigned int port;          /**< index into ports[] */
	struct srv6gw_addr addr;
	uint8_t mac[6];
	int line;
};

struct srv6gw_cfg_route {
	struct srv6gw_prefix prefix;
	bool has_via;               /**< false: on-link (connected) route */
	struct srv6gw_addr via;
	unsigned int port;          /**< index into ports[] */
	uint32_t table;             /**< 0 = main */
	uint8_t algorithm;          /**< RFC 9350: 0 (main table) or 128..255 (its own FIB) */
	int line;
};

/** One locator of a remote node for one algorithm (RFC 9350 §14). */
struct srv6gw_cfg_node_locator {
	uint8_t algorithm;          /**< 0 or 128..255 */
	struct srv6gw_prefix prefix;
	int line;
};

/** A remote SRv6 node: its locators per Flex-Algo algorithm. */
struct srv6gw_cfg_node {
	char name[SRV6GW_NAME_MAX];
	bool has_address;
	uint8_t address[16];        /**< router id / loopback: the endpoint "@name" */
	struct srv6gw_cfg_node_locator locators[SRV6GW_MAX_NODE_LOCATORS];
	unsigned int n_locators;
	int line;
};

struct srv6gw_cfg_locator {
	char name[SRV6GW_NAME_MAX];
	struct srv6gw_prefix prefix;
	bool has_struct;            /**< "structure" given */
	/** SID structure and C-SID flavour (RFC 9800 §3); flavor NONE = classic */
	struct srv6gw_sid_struct st;
	/**
	 * Another node's locator: not installed here, only tells the headend
	 * how that node's SIDs compress (RFC 9800 §6).
	 */
	bool remote;
	unsigned int acl;           /**< allowed_sources: 1 + index into acls[], 0 = any */
	int line;
};

struct srv6gw_cfg_sid {
	uint8_t sid[16];
	enum srv6gw_behavior behavior;
	uint32_t flavors;           /**< SRV6GW_FL_* */
	bool has_nexthop;           /**< End.X, End.DX4, End.DX6 */
	struct srv6gw_addr nexthop;
	unsigned int port;          /**< End.X/DX*: egress port index */
	uint32_t table;             /**< End.T/DT*: lookup table */
	unsigned int policy;        /**< End.B6.*: index into policies[] */
	unsigned int locator;       /**< index into locators[] containing the SID */
	uint8_t hmac;               /**< enum srv6gw_hmac_level (INHERIT: the port's) */
	unsigned int acl;           /**< allowed_sources: 1 + index into acls[], 0 = locator's */
	bool from_policy;           /**< a policy's binding_sid, not a sids entry */
	int line;
};

struct srv6gw_cfg_seglist {
	uint8_t segs[SRV6GW_MAX_SEGS][16]; /**< in travel order: segs[0] visited first */
	unsigned int n_segs;
	uint32_t weight;            /**< >= 1, default 1 */
	int line;
};

/** A candidate path (RFC 9256 §2.2): its lists are lists[first_list..+n_lists). */
struct srv6gw_cfg_cpath {
	char name[SRV6GW_NAME_MAX]; /**< optional ("" when none) */
	uint32_t preference;        /**< RFC 9256 §2.7: higher wins; default 100 */
	uint8_t algorithm;          /**< underlay algorithm; default: the policy's */
	unsigned int first_list;    /**< index into the policy's lists[] */
	unsigned int n_lists;
	int line;
};

/** What happens to steered traffic when no candidate path is valid. */
enum srv6gw_invalid_action {
	SRV6GW_INVALID_DROP = 0,    /**< RFC 9256 §8.2 drop-upon-invalid (default) */
	SRV6GW_INVALID_ROUTE,       /**< RFC 9256 §8.1: steering removed, route normally */
};

struct srv6gw_cfg_policy {
	char name[SRV6GW_NAME_MAX]; /**< "" for an unnamed (color, endpoint) policy */
	char label[SRV6GW_POLICY_LABEL_MAX]; /**< name, or "(color, endpoint)" */
	bool has_color;             /**< color and endpoint given (RFC 9256 §2.1 key) */
	uint32_t color;
	uint8_t endpoint[16];       /**< IPv6; :: is the null endpoint (RFC 9256 §8.8.1) */
	uint8_t algorithm;          /**< RFC 9350 algorithm of the underlay, default 0 */
	enum srv6gw_invalid_action invalid;
	bool has_bsid;              /**< binding SID declared on the policy */
	uint8_t bsid[16];
	enum srv6gw_behavior bsid_behavior; /**< End.B6.Encaps or End.B6.Encaps.Red */
	int bsid_line;
	enum srv6gw_encap_mode mode;
	/** every segment list of every candidate path, path after path */
	struct srv6gw_cfg_seglist lists[SRV6GW_MAX_POLICY_LISTS];
	unsigned int n_lists;
	struct srv6gw_cfg_cpath cps[SRV6GW_MAX_CPATHS];
	unsigned int n_cps;
	bool has_source;
	uint8_t source[16];         /**< outer SA; else srv6.source */
	int hop_limit;              /**< outer HL; -1 = srv6.hop_limit */
	uint32_t hmac_key;          /**< HMAC TLV key id, 0 = no HMAC TLV */
	int line;
};

struct srv6gw_cfg_steer {
	struct srv6gw_prefix match;
	unsigned int policy;        /**< index into policies[] (by name or by color) */
	bool by_color;              /**< written as color + endpoint (RFC 9256 §8.5) */
	int port;                   /**< ingress port index, -1 = any */
	int line;
};

struct srv6gw_cfg_icmp {
	uint32_t rate;              /**< tokens per second, >= 1 (default 100) */
	uint32_t burst;             /**< bucket size, >= 1 (default 10) */
};

/** neighbor_timers: reachability of learned neighbours (RFC 4861 §7.3, ARP alike). */
struct srv6gw_cfg_nud {
	uint32_t reachable_ms;      /**< confirmed this long ago: probe (default 30000) */
	uint32_t probes;            /**< unanswered probes, one a second, then unresolved (3) */
};

/**
 * A whole configuration file, validated.
 * Every array here is also copied by srv6gw_config_dup() (src/cp/route_cmd.c):
 * a new one must be added there too.
 */
struct srv6gw_config {
	char file[256];
	struct srv6gw_cfg_port ports[SRV6GW_MAX_PORTS];
	unsigned int n_ports;
	struct srv6gw_cfg_neighbor *neighbors;
	unsigned int n_neighbors;
	struct srv6gw_cfg_route *routes;
	unsigned int n_routes;
	uint32_t *tables;           /**< distinct table ids in use (0 always present) */
	unsigned int n_tables;
	bool has_source;
	uint8_t source[16];         /**< srv6.source */
	uint8_t hop_limit;          /**< srv6.hop_limit, default 64 */
	struct srv6gw_cfg_locator *locators;
	unsigned int n_locators;
	struct srv6gw_cfg_sid *sids;
	unsigned int n_sids;
	struct srv6gw_cfg_node *nodes;
	unsigned int n_nodes;
	struct srv6gw_cfg_policy *policies;
	unsigned int n_policies;
	struct srv6gw_cfg_steer *steering;
	unsigned int n_steering;
	struct srv6gw_cfg_icmp icmp;
	struct srv6gw_cfg_nud nud;
	/* domain boundary, HMAC and OAM (config_guard.c, docs/security.md) */
	struct srv6gw_cfg_acl *acls;
	unsigned int n_acls;
	char hmac_keys_file[256];   /**< srv6.hmac_keys, "" = none */
	struct srv6gw_hmac_key *hmac_keys; /**< sorted by id */
	unsigned int n_hmac_keys;
	bool hmac_h_flag;           /**< srv6.hmac_h_flag: set Linux's SRH H flag (0x08) */
	bool oam_enabled;           /**< srv6.oam.enabled (RFC 9259 O-flag punt) */
	uint32_t oam_rate;          /**< O-flag copies per second (all workers) */
	uint32_t pmtu_timeout;      /**< srv6.pmtu_timeout seconds (RFC 8201 §4), 0 = off */
};

/** One error found while loading a file. */
struct srv6gw_cfg_error {
	int line;                   /**< 0 when not tied to a line */
	char text[200];
};

/** All errors found while loading a file. */
struct srv6gw_cfg_errors {
	char file[256];
	struct srv6gw_cfg_error e[SRV6GW_MAX_ERRORS];
	unsigned int n;             /**< errors stored (capped) */
	unsigned int total;         /**< errors found */
};

/**
 * Parse and validate a configuration file.
 *
 * Either the whole file is accepted or nothing is: on any error the result
 * is NULL and @p errs holds every error found (syntax errors stop parsing;
 * semantic errors are all collected).
 *
 * @param path  file to read (at most 256 MiB)
 * @param errs  filled with the errors; may not be NULL
 * @return a new configuration, or NULL on error
 */
struct srv6gw_config *srv6gw_config_load(const char *path, struct srv6gw_cfg_errors *errs);

/**
 * Parse and validate a configuration held in memory (used by the fuzzer and
 * unit tests). @p name is used as the file name in messages.
 */
struct srv6gw_config *srv6gw_config_load_string(const char *text, const char *name,
		struct srv6gw_cfg_errors *errs);

/** Free a configuration returned by srv6gw_config_load*(). NULL is allowed. */
void srv6gw_config_free(struct srv6gw_config *cfg);

/** Print every error as "file:line: message\n" to @p f. */
void srv6gw_cfg_errors_print(const struct srv6gw_cfg_errors *errs, FILE *f);

/** The HMAC key with id @p id of the key file, or NULL. */
const struct srv6gw_hmac_key *srv6gw_cfg_hmac_key(const struct srv6gw_config *cfg, uint32_t id);

/** Name of a behaviour as written in the config ("End.DX4"). */
const char *srv6gw_behavior_name(enum srv6gw_behavior b);

/**
 * Outer header bytes an encapsulation adds (IPv6 40 + SRH), for @p n SIDs in
 * @p mode. Used by validation (headroom) and the MTU checks.
 */
static inline unsigned int
srv6gw_encap_overhead(enum srv6gw_encap_mode mode, unsigned int n)
{
	unsigned int in_srh = mode == SRV6GW_ENCAPS_RED ? n - 1 : n;

	return 40 + (in_srh == 0 ? 0 : 8 + 16 * in_srh);
}

/**
 * C-SID structure of the locator (local or remote) that @p sid is a C-SID
 * of, or NULL. @p cfg is a const struct srv6gw_config * (srv6gw_csid_find_fn).
 */
const struct srv6gw_sid_struct *srv6gw_cfg_csid_find(const void *cfg, const uint8_t sid[16]);

/**
 * Encode segment list @p sl for @p mode with compressed SIDs where the
 * locators allow it (RFC 9800 §6): @p out gets the entries in travel order.
 *
 * @return the number of entries that go into the SRH (0: no SRH), or -1
 *         when the list cannot be encoded (a REPLACE-C-SID SID alone in
 *         its run but not last; the loader refuses such lists)
 */
int srv6gw_cfg_list_encode(const struct srv6gw_config *cfg,
		const struct srv6gw_cfg_seglist *sl, enum srv6gw_encap_mode mode,
		struct srv6gw_csid_packed *out);

/** Outer header bytes (IPv6 + SRH) of @p sl once encoded for @p mode; 0 if it cannot be. */
unsigned int srv6gw_cfg_list_overhead(const struct srv6gw_config *cfg,
		const struct srv6gw_cfg_seglist *sl, enum srv6gw_encap_mode mode);

#endif
