/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_GEN_H
#define SRV6GW_GEN_H

/**
 * @file
 * A generation: every lookup table the fast path reads, built from one
 * validated configuration.
 *
 * Thread-safety: a generation is built by the control thread, then published
 * with one release-store of srv6gw_gen_current; from then on it is read-only
 * for every thread. Workers load the pointer once per burst (acquire) and
 * report an RCU quiescent state once per loop; the control thread frees a
 * replaced generation only after an rte_rcu_qsbr grace period. The only
 * writable parts are the per-worker counter arrays (sid_stats, pol_stats),
 * each row written by exactly one worker, and the @c pstate pointer (policy
 * validity, struct srv6gw_pstate), which the control thread replaces when a
 * link changes state.
 *
 * Neighbour state is not part of a generation (learned MACs survive a
 * reload): see struct srv6gw_neigh_table.
 */

#include <stdint.h>
#include <rte_common.h>
#include <rte_ether.h>

#include "srv6gw/addr_tab.h"
#include "srv6gw/config.h"
#include "srv6gw/guard.h"

struct rte_hash;
struct rte_fib;
struct rte_fib6;

#define SRV6GW_MAX_WORKERS 16
#define SRV6GW_NH_NONE 0 /**< FIB value for "no route" */

/**
 * A classification table's value (struct srv6gw_port_rt.class6): the stage
 * that answers in its low bits, that stage's value above them.
 */
#define SRV6GW_CLASS6_ROUTE   0u /**< main-table next hop (0: no route) */
#define SRV6GW_CLASS6_LOCATOR 1u /**< local locator: index + 1 */
#define SRV6GW_CLASS6_STEER   2u /**< steering rule: policy index + 1 */
#define SRV6GW_CLASS6_MASK    3u
/**
 * Flag on a class6 value: the prefix holds some SID or address of ours, so
 * a destination it answers for is looked up in the SID and local address
 * tables (which answer first); without it, neither table can hold it and
 * the class6 answer stands (src/cp/classify.c builds the guarantee).
 */
#define SRV6GW_CLASS6_OURS    4u
#define SRV6GW_CLASS6_SHIFT   3
/** The same for IPv4 (struct srv6gw_port_rt.class4): steering, else a route. */
#define SRV6GW_CLASS4_ROUTE   0u /**< main-table next hop (0: no route) */
#define SRV6GW_CLASS4_STEER   1u /**< steering rule: policy index + 1 */
#define SRV6GW_CLASS4_SHIFT   1
#define SRV6GW_CLASS4_MASK    1u
#define SRV6GW_LOCAL_NO_PORT 0xffff /**< local address bound to no port */

/** A resolved next hop (an adjacency). Index 0 is unused (= no route). */
struct srv6gw_nexthop {
	uint16_t port;
	uint8_t family;     /**< AF_INET / AF_INET6 */
	uint8_t connected;  /**< on-link: the packet's destination is the neighbour */
	uint32_t neigh;     /**< neighbour index (when !connected) */
	uint32_t mtu;       /**< the port's MTU, copied at build (one load less per packet) */
	uint8_t addr[16];
};

/** One routing table (VRF-lite): IPv4 and IPv6 FIBs, either may be NULL. */
struct srv6gw_table {
	uint32_t id;
	struct rte_fib *v4;
	struct rte_fib6 *v6;
	/**
	 * The bits of an IPv6 destination that decide its lookup in @c v6:
	 * the first (longest prefix length of the table) bits. Two
	 * destinations equal under this mask get the same answer, so a run of
	 * them is looked up once (dp_addr_eq_key(); srv6gw_fib6_key()).
	 */
	uint8_t v6_key[16];
};

/**
 * A segment list with its pre-built outer headers: an encapsulation is one
 * copy of @c hdr, then patching payload length, traffic class, flow label
 * and the next header field (why: no per-packet SRH assembly). The fields
 * an encapsulation reads come first and the list starts a cache line, so
 * a template of up to 50 bytes shares one line with them and one of up to
 * 114 (an SRH with four SIDs is 112) two: a steered packet of a policy not
 * in the cache misses two lines here, not three (docs/performance-rounds.md,
 * tenth round).
 */
struct srv6gw_seglist_rt {
	uint16_t hdr_len;
	uint16_t nh_off;    /**< offset in hdr of the next-header byte to patch */
	uint32_t nh;        /**< next hop toward the first SID (resolved at build) */
	uint32_t mtu;       /**< MTU of that next hop's port (0 without one) */
	uint8_t n_segs;     /**< SIDs of the configured list */
	uint8_t n_entries;  /**< 128-bit entries once compressed (RFC 9800 §6) */
	/** IPv6 header [+ SRH [+ HMAC TLV, docs/security.md]] */
	uint8_t hdr[SRV6GW_MAX_ENCAP_BYTES + SRV6GW_HMAC_TLV_LEN];
	uint8_t first_sid[16]; /**< the first entry: the outer destination */
} __rte_cache_aligned;

/** Weighted-list selection table size: flows map by hash % 64. */
#define SRV6GW_SEL_SLOTS 64

/**
 * A policy's segment lists, every candidate path's, in configuration order
 * (the candidate paths themselves are in gen->cfg). Which ones carry traffic
 * is in struct srv6gw_pstate, not here: that changes without a new generation.
 */
struct srv6gw_policy_rt {
	char name[SRV6GW_POLICY_LABEL_MAX]; /**< name, or "(color, endpoint)" */
	struct srv6gw_seglist_rt lists[SRV6GW_MAX_POLICY_LISTS];
	/** the same lists in the other mode, for End.B6.Encaps(.Red) */
	struct srv6gw_seglist_rt alt[SRV6GW_MAX_POLICY_LISTS];
	uint8_t mode;       /**< enum srv6gw_encap_mode */
	uint8_t invalid;    /**< enum srv6gw_invalid_action */
	uint8_t n_lists;
};

/** No candidate path is valid (struct srv6gw_pstate_pol.active). */
#define SRV6GW_CP_NONE 0xff

/** Why a segment list is (in)valid (RFC 9256 §5.1). */
enum srv6gw_list_state {
	SRV6GW_LS_VALID = 0,
	SRV6GW_LS_NO_ROUTE,     /**< no route to the first SID in the algorithm's FIB */
	SRV6GW_LS_LINK_DOWN,    /**< the route's egress port is link-down */
};

/** A selection slot of a policy without a valid candidate path. */
#define SRV6GW_SEL_NONE 0xff
/** struct srv6gw_pstate.one: the slots name more than one list (read them). */
#define SRV6GW_SEL_MIX 0xfe

/**
 * The published state of one policy. The selection slots fill the first
 * cache line alone: an encapsulation of a policy with several valid lists
 * (struct srv6gw_pstate.one SRV6GW_SEL_MIX) and dp_encap() read nothing
 * else here (a policy without a valid path has every slot
 * SRV6GW_SEL_NONE), so a policy not in the cache costs one line of its
 * state, not two; the others' encapsulations read only its byte of one[].
 */
struct srv6gw_pstate_pol {
	/** slot -> list, the valid lists of @c active; SRV6GW_SEL_NONE: none is */
	uint8_t sel[SRV6GW_SEL_SLOTS] __rte_cache_aligned;
	uint8_t active;                        /**< candidate path index, or SRV6GW_CP_NONE */
	uint8_t why[SRV6GW_MAX_POLICY_LISTS];  /**< enum srv6gw_list_state of each list */
	uint32_t changes;                      /**< times @c active changed (this generation) */
};

/**
 * Validity of every policy of a generation, and the active candidate path
 * and weighted selection derived from it (src/cp/policy_state.c).
 *
 * Thread-safety: built by the control thread, immutable once published with
 * one release-store into gen->pstate; workers load that pointer (acquire)
 * per packet they encapsulate and never keep it past their burst. A
 * replaced state is freed after an rte_rcu_qsbr grace period (or with its
 * generation, which has had one).
 */
struct srv6gw_pstate {
	uint64_t seq;                           /**< evaluation number, 1.. */
	unsigned int n;                         /**< policies */
	/**
	 * [policy]: the list every selection slot of pol[policy] names
	 * (SRV6GW_SEL_NONE: no valid path), or SRV6GW_SEL_MIX when they name
	 * more than one. Why, beside the slots: a steered packet of a policy
	 * of one valid list reads this byte, not the policy's line of slots;
	 * with many policies that line was a cache miss per packet, and these
	 * bytes of 10,000 policies are 10 KB (docs/performance-rounds.md, nineteenth
	 * round). In the same allocation, after pol[].
	 */
	const uint8_t *one;
	struct srv6gw_pstate_pol pol[];
};

/** One algorithm's own IPv6 FIB (RFC 9350), for policies of that algorithm. */
struct srv6gw_algo_fib {
	uint8_t algorithm;  /**< 128..255 (0 is tables[0]) */
	struct rte_fib6 *v6;
};

struct srv6gw_sid_rt {
	uint8_t sid[16];
	uint8_t behavior;   /**< enum srv6gw_behavior */
	uint8_t flavors;    /**< SRV6GW_FL_* */
	uint8_t lbl;        /**< C-SID flavours: Locator-Block length (RFC 9800) */
	uint8_t lnfl;       /**< C-SID flavours: C-SID length */
	uint16_t table;     /**< index into tables[] */
	uint32_t nh;        /**< End.X / End.DX*: next hop index */
	uint32_t policy;    /**< End.B6.*: policy index */
	uint8_t hmac;       /**< enum srv6gw_hmac_level, INHERIT = the ingress port's */
	uint8_t pad;
	uint16_t acl;       /**< allowed_sources: 1 + index into guard->acls, 0 = any */
};

/**
 * The fields of a SID that the express lane reads (src/dp/express.c), kept
 * in the SID's address-table slot as its 8 bytes of data (why: a packet to
 * a SID then reads its slot and its counter row; at scale, where SIDs are
 * random, the runtime entry was a third cache miss per packet:
 * docs/performance-rounds.md "Seventh round"). A copy of struct srv6gw_sid_rt's,
 * made with it by the generation builder and as read-only as it.
 */
struct srv6gw_sid_hot {
	uint8_t behavior;       /**< enum srv6gw_behavior */
	uint8_t flavors;        /**< SRV6GW_FL_* */
	uint8_t lnfl;           /**< C-SID flavours: C-SID length */
	uint8_t acl;            /**< 1: allowed_sources is set */
	uint32_t arg;           /**< End.X, End.DX*: the next hop; End.DT*: the table */
};

/** @p s's hot fields, as the SID table's slot data. */
static inline uint64_t
srv6gw_sid_hot_pack(const struct srv6gw_sid_rt *s)
{
	struct srv6gw_sid_hot h = {
		.behavior = s->behavior, .flavors = s->flavors, .lnfl = s->lnfl,
		.acl = s->acl != 0,
		.arg = s->behavior == SRV6GW_B_END_X || s->behavior == SRV6GW_B_END_DX4 ||
		       s->behavior == SRV6GW_B_END_DX6 ? s->nh : s->table,
	};
	uint64_t v;

	memcpy(&v, &h, sizeof(v));
	return v;
}

/** The hot fields in slot data @p v. */
static inline struct srv6gw_sid_hot
srv6gw_sid_hot_unpack(uint64_t v)
{
	struct srv6gw_sid_hot h;

	memcpy(&h, &v, sizeof(h));
	return h;
}

/**
 * A C-SID flavoured SID's masks, precomputed (RFC bit order, bit 0 the most
 * significant): what NEXT-C-SID keeps (the Locator-Block), where the
 * argument lies (after block + C-SID) and where the C-SID lies.
 *
 * The first 48 bytes (one cache line with @c keep) serve the express
 * lane's NEXT-C-SID shift when the block and the C-SID are whole bytes (as
 * in every structure of RFC 9800's examples): the argument and C-SID masks
 * in network order, and the shift itself as a byte shuffle (SSSE3 pshufb
 * control: byte i of the new address is byte shuf[i] of the old one, 0x80
 * a zero). shuf[15] is 0x80 in every such shuffle; all zero otherwise,
 * and the lane shifts with the 128-bit masks below (end.h).
 */
struct srv6gw_csid_rt {
	uint8_t arg_b[16];
	uint8_t csid_b[16];
	uint8_t shuf[16];
	unsigned __int128 keep;
	unsigned __int128 arg;
	unsigned __int128 csid;
};

#define SRV6GW_LOCAL_FEW 8      /**< struct srv6gw_local_few's capacity */

/**
 * Our addresses when they are few (why: most received packets are not for
 * us, and comparing a handful of words answers that without hashing and
 * probing local6/local4; the tables stay the answer when a word matches).
 * Built with the generation from local6 and local4.
 */
struct srv6gw_local_few {
	uint8_t n6;     /**< distinct first halves of our IPv6 addresses, 0xff: too many */
	uint8_t n4;     /**< our IPv4 addresses, 0xff: too many */
	uint64_t p6[SRV6GW_LOCAL_FEW];  /**< first 8 bytes, as memcpy loads them */
	uint32_t a4[SRV6GW_LOCAL_FEW];  /**< network order */
};

/** Per-SID / per-policy counters, one row per worker. */
struct srv6gw_obj_stats {
	uint64_t packets;
	uint64_t bytes;
};

struct srv6gw_port_rt {
	struct rte_ether_addr mac;
	uint32_t mtu;
	/**
	 * Bytes 6-13 of the Ethernet header of what leaves this port: our MAC
	 * and the EtherType, [0] IPv4, [1] IPv6 (one 8-byte store in
	 * dp_tx_nexthop, after the neighbour's MAC)
	 */
	uint64_t eth_tail[2];
	uint8_t has_v4, has_v6;
	uint8_t v4[4];      /**< first IPv4 address (ICMP source) */
	uint8_t v6[16];     /**< first IPv6 address (ICMP/ND source) */
	/**
	 * IPv4 steering for this port and main-table routes in one table (may
	 * be shared): values SRV6GW_CLASS4_*; without the routes
	 * (class4_routes 0) when the main table is large, as class6; NULL
	 * when there are no IPv4 steering rules
	 */
	struct rte_fib *class4;
	/**
	 * IPv6 locators, steering for this port and main-table routes in one
	 * table (src/cp/classify.c; may be shared): values SRV6GW_CLASS6_*.
	 * Without the routes (class6_routes 0) when the main table is large:
	 * then a "no locator, no rule" answer is looked up in tables[0].v6.
	 * NULL when there are no IPv6 steering rules, local locators, SIDs or
	 * IPv6 addresses of ours.
	 */
	struct rte_fib6 *class6;
	uint8_t guard6;     /**< some IPv6 ingress check (role, drop_srh, urpf) is on */
	uint8_t role;       /**< enum srv6gw_port_role */
	uint8_t urpf;       /**< enum srv6gw_urpf */
	uint8_t drop_srh;
	uint8_t hmac;       /**< enum srv6gw_hmac_level */
	uint8_t class6_routes; /**< class6 holds the main table's routes */
	/**
	 * The bits of a destination that decide its class6 answer (and, with
	 * class6_routes 0, its main-table route): as srv6gw_table.v6_key, the
	 * longest prefix of those tables (64 unless one is longer: our
	 * addresses are flagged on /64s). All ones without class6 (then
	 * everything may be ours).
	 */
	uint8_t class6_key[16];
	uint8_t class4_routes; /**< class4 holds the main table's routes */
	/**
	 * The bits of an IPv4 destination that decide its class4 answer (and,
	 * with class4_routes 0 or no class4, its main-table route), as a mask
	 * in network order: the longest prefix of those tables. Our addresses
	 * are not in it (struct srv6gw_local_few answers for them).
	 */
	rte_be32_t class4_key;
};

/** A local locator (RFC 9800 §3: how its SIDs are matched). */
struct srv6gw_loc_rt {
	uint8_t csid;       /**< enum srv6gw_csid_flavor */
	/**
	 * C-SID locators: a destination in the locator is looked up as a SID
	 * after masking it to this length (block + C-SID): the argument that
	 * follows may hold anything (RFC 9800 §4.1 "MUST accept any argument").
	 */
	uint8_t sid_len;
	/** sid_len as a byte mask, read as two native words (one AND each) */
	uint64_t sid_mask[2];
};

struct srv6gw_gen {
	uint64_t id;                    /**< generation number, 1.. */
	struct srv6gw_config *cfg;      /**< the configuration it was built from */
	unsigned int n_ports;
	struct srv6gw_port_rt ports[SRV6GW_MAX_PORTS];
	struct srv6gw_nexthop *nexthops;
	unsigned int n_nexthops;
	struct srv6gw_table *tables;    /**< tables[0] is the main table */
	unsigned int n_tables;
	struct srv6gw_addr_tab local6;  /**< our IPv6 addresses -> port */
	struct srv6gw_addr_tab local4;  /**< our IPv4 addresses (IPv4-mapped) -> port */
	struct srv6gw_local_few few;    /**< a short answer to "ours?" (local6/local4) */
	struct srv6gw_addr_tab sids;    /**< SID -> index into sid[] */
	struct srv6gw_sid_rt *sid;
	struct srv6gw_csid_rt *sid_csid; /**< same index as sid[]: C-SID masks (else 0) */
	unsigned int n_sids;
	struct rte_fib6 *locators;      /**< local locator prefixes (value = index + 1) */
	struct srv6gw_loc_rt *locs;     /**< per locator, same index as cfg->locators */
	struct srv6gw_policy_rt *policies;
	unsigned int n_policies;
	/** policy validity: replaced at run time (release-store), see struct srv6gw_pstate */
	struct srv6gw_pstate *pstate;
	struct srv6gw_algo_fib *algos;  /**< Flex-Algo FIBs (control path: list resolution) */
	unsigned int n_algos;
	struct rte_fib *class4_any;     /**< class4 of the ports without rules of their own */
	uint8_t class4_any_routes;
	struct rte_fib6 *class6_any;    /**< class6 of the ports without rules of their own */
	uint8_t class6_any_routes;
	uint8_t src[16];                /**< srv6.source */
	uint8_t has_src;
	uint8_t hop_limit;
	uint32_t icmp_rate, icmp_burst;
	/** neighbor_timers in TSC cycles: probe a learned entry used this long
	 *  after it was last confirmed; give it up after nud_probe_tsc of
	 *  unanswered probing (tx.c) */
	uint64_t nud_reachable_tsc, nud_probe_tsc;
	unsigned int n_workers;
	/**
	 * [worker * sid_row + sid]: one row per worker, each starting on a
	 * cache line of its own (sid_row = n_sids rounded up to a line's worth
	 * of entries) so two workers counting neighbouring SIDs never write the
	 * same line (srv6gw_sid_row()).
	 */
	struct srv6gw_obj_stats *sid_stats;
	unsigned int sid_row;
	/**
	 * [worker * pol_row + pol_first[policy] + list]: one row per worker,
	 * each starting on a cache line of its own as sid_stats' do, the lists
	 * of each policy side by side (policy i's n_lists entries, at least
	 * one, from pol_first[i]; srv6gw_pol_row()). Why not a fixed
	 * SRV6GW_MAX_POLICY_LISTS entries per policy: a packet counts on one
	 * entry, and with many policies of a list or two the fixed layout
	 * spread those over a cache line per policy (256 bytes; 2.5 MB per
	 * worker at 10,000 policies, a miss per steered packet), where dense
	 * they take 160 KB (docs/performance-rounds.md, nineteenth round).
	 */
	struct srv6gw_obj_stats *pol_stats;
	uint32_t *pol_first;            /**< [policy]: its first list's entry in a row */
	unsigned int pol_row;           /**< entries per worker's row, a multiple of 4 */
	/**
	 * Counts carried over from earlier generations for SIDs and policies that
	 * survived a reload (control thread only; reported = base + live rows).
	 */
	struct srv6gw_obj_stats *sid_base;
	struct srv6gw_obj_stats *pol_base;   /**< per policy (totals) */
	struct srv6gw_obj_stats *list_base;  /**< [policy * SRV6GW_MAX_POLICY_LISTS + list] */
	char name[32];                  /**< prefix of the DPDK object names */
	struct srv6gw_guard_rt *guard;  /**< domain guard, HMAC, OAM, PMTU (never NULL once built) */
};

/** The generation the workers use. Written by the control thread only. */
extern struct srv6gw_gen *srv6gw_gen_current;

/** Load the current generation (workers: once per burst). */
static inline const struct srv6gw_gen *
srv6gw_gen_get(void)
{
	return __atomic_load_n(&srv6gw_gen_current, __ATOMIC_ACQUIRE);
}

/**
 * Link state of each configured port: 1 up, 0 down.
 *
 * Thread-safety: written by the control thread (link polling and LSC
 * events), read by workers before transmitting; single bytes, relaxed atomics.
 */
extern uint8_t srv6gw_link_up[SRV6GW_MAX_PORTS];

/* ---- neighbours ---------------------------------------------------------- */

#define SRV6GW_NEIGH_MAX 4096

/* l2 word: bits 0..47 MAC (network order bytes in low 6 bytes), flags above */
#define SRV6GW_NEIGH_VALID (1ull << 48)
#define SRV6GW_NEIGH_STATIC (1ull << 49)

/** A neighbour entry; its index never changes once created. */
struct srv6gw_neigh {
	uint64_t l2;              /**< atomic: MAC | flags */
	uint64_t last_solicit;    /**< atomic: TSC of the last ARP/NS sent */
	uint64_t confirmed;       /**< atomic: TSC of the last ARP/ND message from it */
	uint64_t probing_since;   /**< atomic: TSC the current probe round began, 0 = none */
	uint16_t port;
	uint8_t family;
	uint8_t addr[16];
} __rte_cache_aligned;

/** Worker @p worker's row of SID counters in @p g (indexed by SID). */
static inline struct srv6gw_obj_stats *
srv6gw_sid_row(const struct srv6gw_gen *g, unsigned int worker)
{
	return &g->sid_stats[(size_t)worker * g->sid_row];
}

/**
 * Worker @p worker's counters of policy @p pol in @p g: one entry per
 * segment list, [0 .. n_lists) (the layout of pol_stats).
 */
static inline struct srv6gw_obj_stats *
srv6gw_pol_row(const struct srv6gw_gen *g, unsigned int worker, uint32_t pol)
{
	return &g->pol_stats[(size_t)worker * g->pol_row + g->pol_first[pol]];
}

/** Neighbour lookup key. */
struct srv6gw_neigh_key {
	uint16_t port;
	uint8_t family;
	uint8_t pad;
	uint8_t addr[16];
};

/**
 * The neighbour table, shared by all generations.
 *
 * Thread-safety: @c hash uses RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF; only the
 * control thread adds keys (entries are never deleted while running), any
 * worker may look up. Each entry's @c l2 and @c last_solicit are 64-bit atomics
 * that workers update (learning, solicitation throttle); static entries are
 * never overwritten. Workers ask the control thread to create entries through
 * @c req (multi-producer, single-consumer ring of struct srv6gw_neigh_req).
 */
struct srv6gw_neigh_table {
	struct rte_hash *hash;
	struct srv6gw_neigh *e;
	uint32_t n;               /**< entries in use (control thread) */
	struct rte_ring *req;
};

struct srv6gw_neigh_req {
	struct srv6gw_neigh_key key;
	uint64_t l2;              /**< MAC learned, or 0 */
};

extern struct srv6gw_neigh_table srv6gw_neigh;

#endif
