/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_DP_H
#define SRV6GW_DP_H

/**
 * @file
 * Fast-path internals shared by the files of src/dp/. Nothing here is used by
 * the control path except struct srv6gw_worker (set up once before the
 * workers start) and srv6gw_worker_main().
 *
 * Packet ownership: every handler takes an mbuf whose data starts at the L3
 * header (the Ethernet header has been removed on receive) and consumes it:
 * it ends in exactly one of dp_tx_nexthop()/dp_tx_l2() (transmit), dp_drop()
 * (free + drop counter) or an ICMP conversion (which frees the invoking
 * packet itself).
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <rte_branch_prediction.h>
#include <rte_common.h>
#include <rte_ether.h>
#include <rte_fib6.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "addr.h"
#include "checks.h"
#include "cmp.h"
#include "srv6gw/counters.h"
#include "srv6gw/gen.h"
#include "srv6gw/proto.h"

/**
 * A token bucket of one worker (ICMP errors, OAM copies, PTB searches).
 * Tokens are counted in TSC cycles times the rate, so refilling needs no
 * division. Thread-safety: owned and used by one worker only.
 */
struct dp_bucket {
	uint64_t tokens;
	uint64_t last;          /**< TSC of the last refill, 0 = never (starts full) */
};

/**
 * Take one token from @p b, refilled at @p rate per second up to @p burst
 * (@p now and @p hz in TSC cycles). @return false when empty.
 */
static inline bool
dp_bucket_take(struct dp_bucket *b, uint64_t now, uint64_t hz, uint64_t rate, uint64_t burst)
{
	uint64_t cap = burst * hz, dt = now - b->last;

	if (rate == 0)
		rate = 1;
	if (unlikely(b->last == 0))
		b->tokens = cap;
	b->last = now;
	/* elapsed time capped so that dt * rate cannot overflow */
	if (dt > hz * 64)
		dt = hz * 64;
	b->tokens += dt * rate;
	if (b->tokens > cap)
		b->tokens = cap;
	if (b->tokens < hz)
		return false;
	b->tokens -= hz;
	return true;
}

#include "guard.h"

#define DP_BURST 32
#define DP_TXB_SIZE 64
#define DP_MAX_PASSES 8   /**< local SID passes per packet (loop bound) */
#define DP_MAX_EXT_HDRS 8 /**< extension headers walked per packet (RFC 8883) */

/** An IPv6 packet waiting in the resubmission stage (resubmit.c). */
struct dp_resub6 {
	struct rte_mbuf *m;
	uint16_t table;                 /**< routing table of the lookup */
	uint8_t passes;                 /**< local SID passes so far */
	bool sid_check;                 /**< a local SID again before the route? */
};

/** struct dp_txc.nh when nothing is cached: an index no next hop has. */
#define DP_TXC_NONE UINT32_MAX

/**
 * The next hop dp_tx_nexthop_inline() last resolved in the current chunk,
 * with what it found (why: a chunk's packets mostly leave through one next
 * hop; its neighbour entry, link state and port are read once per chunk).
 * rx.c forgets it at the start of every chunk, so a neighbour or link
 * change is seen by the next chunk at the latest.
 */
struct dp_txc {
	uint32_t nh;            /**< DP_TXC_NONE (no next hop's index, not even SRV6GW_NH_NONE): nothing cached */
	uint8_t v4;             /**< the packets' family (the EtherType) */
	uint16_t port;
	uint64_t l2;            /**< the neighbour's MAC word (eth_write) */
	const uint64_t *tail;   /**< the port's MAC + EtherType word */
};

/** Per-lcore counters; written only by the owning lcore. */
struct srv6gw_lcore_stats {
	uint64_t drops[SRV6GW_DROP_COUNT];
	uint64_t ev[SRV6GW_EVENT_COUNT];
	uint64_t busy_cycles;
	uint64_t idle_cycles;
} __rte_cache_aligned;

struct dp_rxq {
	uint16_t port;   /**< config port index */
	uint16_t queue;
};

/**
 * Lookups for one IPv4 packet, made for a whole burst before any packet is
 * acted on (why: bulk hash and FIB lookups pipeline their memory accesses).
 * They are pure reads of the generation: a packet that a later check drops
 * simply does not use them.
 */
struct dp_pre4 {
	bool local;         /**< destination is one of our addresses */
	uint32_t steer;     /**< steering value: policy index + 1, 0 = none */
	uint32_t nh;        /**< main-table next hop (only if !local && !steer) */
};

/**
 * Lookups for one IPv6 packet, made for a whole burst first (see struct
 * dp_pre4), in the order they are used: SID, local address, locator,
 * steering, main-table route. Later ones are only made when earlier ones miss.
 */
struct dp_pre6 {
	int32_t sid;        /**< index into g->sid[], -1 = not a local SID */
	struct srv6gw_sid_hot hot;      /**< a local SID's hot fields */
	bool local;         /**< one of our (non-SID) addresses */
	bool in_locator;    /**< inside a locator but no such SID */
	uint32_t steer;     /**< steering value: policy index + 1, 0 = none */
	uint32_t nh;        /**< main-table next hop */
};

/**
 * The last one answer an IPv6 chunk's classification gave (rx.c: a keyed
 * chunk, DP_CHUNK_KEYED, whose destinations take one answer, or a uniform
 * chunk),
 * kept for the next such chunk: the same generation (@p gen,
 * srv6gw_gen.id; 0: none kept), port and destination under the port's
 * deciding bits give the same answer (every stage of the classification
 * reads those bits alone, and such an answer is only kept when no SID or
 * address of ours can share them), so its lookups are skipped (why: a
 * headend's traffic into one tunnel, or transit to the hosts of one
 * prefix, comes in chunk after chunk of one prefix). A uniform chunk's
 * answer that is ours (a SID: an endpoint's traffic of one SID or uSID
 * container) is kept for its one destination (@p exact), and only a
 * uniform chunk takes it.
 */
struct dp_memo6 {
	uint64_t gen;
	uint16_t port;
	bool exact;
	uint8_t da[16];
	struct dp_pre6 pre;
};
/**
 * The next destination of the last uniform chunk of End or uN packets all
 * of whose next SIDs are one (uniform.c dp_express_uniform()): no locator of
 * ours holds it (they go on), and its route in the main table, @p nh, in
 * generation @p gen (0: none kept); the next such chunk to it takes them
 * without the two lookups (why: an endpoint's traffic of one SID list or
 * uSID container has one next SID chunk after chunk).
 */
struct dp_memo_next {
	uint64_t gen;
	uint8_t da[16];
	uint32_t nh;
};
/** dp_memo6 for IPv4 (dp_ipv4_classify_same()). */
struct dp_memo4 {
	uint64_t gen;
	uint16_t port;
	rte_be32_t da;
	struct dp_pre4 pre;
};

/**
 * A worker's private state.
 *
 * Thread-safety: filled by the control thread before the worker is launched,
 * then owned by the worker alone (stats are read, never written, by others).
 */
struct srv6gw_worker {
	unsigned int idx;           /**< 0..n_workers-1 */
	unsigned int lcore;
	unsigned int rcu_id;
	unsigned int n_rxq;
	struct dp_rxq rxq[SRV6GW_MAX_PORTS];
	uint16_t n_ports;
	uint16_t dpdk_port[SRV6GW_MAX_PORTS]; /**< config port index -> ethdev port */
	uint16_t txq[SRV6GW_MAX_PORTS];
	uint16_t txn[SRV6GW_MAX_PORTS];
	/** bytes in txb[port] (counted as they are queued: once sent, the
	 *  packets are the PMD's and may be freed already) */
	uint32_t txbytes[SRV6GW_MAX_PORTS];
	struct rte_mbuf *txb[SRV6GW_MAX_PORTS][DP_TXB_SIZE];
	struct srv6gw_lcore_stats *st;
	struct rte_mempool *gen_pool;   /**< generated packets (ICMP, ARP, NS) */
	struct rte_mempool *frag_direct;
	struct rte_mempool *frag_indirect;
	struct dp_bucket icmp;          /**< RFC 4443 §2.4(f) error rate */
	uint64_t tsc_hz;
	uint64_t now;                   /**< TSC at the start of the burst */
	const struct srv6gw_gen *g;     /**< generation for the current burst */
	unsigned int passes;            /**< local SID passes for the current packet */
	bool resub_batch;               /**< this chunk's lookups wait (resubmit.c) */
	/** per port: its last chunk was mostly SIDs or addresses of ours (ipv6.c classify6()) */
	bool ours_first[SRV6GW_MAX_PORTS];
	struct dp_memo6 memo6;          /**< the last one IPv6 answer (ipv6.c) */
	struct dp_memo4 memo4;          /**< the last one IPv4 answer (ipv4.c) */
	struct dp_memo_next memo_next;  /**< the last one next SID's route (uniform.c) */
	unsigned int n_resub6;          /**< packets in resub6[] */
	struct dp_resub6 resub6[DP_BURST]; /**< resubmission stage (resubmit.c) */
	struct dp_txc txc;              /**< transmit cache of the chunk (tx.h) */
	struct rte_rcu_qsbr *qsbr;
	volatile bool *stop;
	uint64_t last_rx_tsc;           /**< for --idle-exit */
	struct dp_guard_state guard;    /**< domain guard, HMAC, OAM (src/dp/guard.h) */
} __rte_cache_aligned;

/** Worker entry point for rte_eal_remote_launch(). */
int srv6gw_worker_main(void *arg);

/** Process one burst of received frames (the benchmark calls this too). */
void dp_process_burst(struct srv6gw_worker *w, uint16_t in_port,
		struct rte_mbuf **pkts, uint16_t n);

/** Transmit what is buffered. */
void dp_flush(struct srv6gw_worker *w);

/* ---- counters ---- */

#define DP_EV(w, name) ((w)->st->ev[SRV6GW_C_##name]++)
#define DP_EV_ADD(w, name, v) ((w)->st->ev[SRV6GW_C_##name] += (v))

static inline void
dp_drop(struct srv6gw_worker *w, struct rte_mbuf *m, enum srv6gw_drop reason)
{
	w->st->drops[reason]++;
	rte_pktmbuf_free(m);
}

#define DP_DROP(w, m, name) dp_drop((w), (m), SRV6GW_C_##name)

/* ---- addresses: predicates come from src/common/addr.h ---- */

/** rte_pktmbuf_adj() of the Ethernet header, without its length check (made before). */
static inline void
dp_l2_strip(struct rte_mbuf *m)
{
	m->data_off += RTE_ETHER_HDR_LEN;
	m->data_len -= RTE_ETHER_HDR_LEN;
	m->pkt_len -= RTE_ETHER_HDR_LEN;
}

/** dp_l2_strip() undone: the frame's Ethernet header taken back (its bytes still there). */
static inline void
dp_l2_unstrip(struct rte_mbuf *m)
{
	m->data_off -= RTE_ETHER_HDR_LEN;
	m->data_len += RTE_ETHER_HDR_LEN;
	m->pkt_len += RTE_ETHER_HDR_LEN;
}

static inline struct rte_ipv6_hdr *
dp_ip6(struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod(m, struct rte_ipv6_hdr *);
}

static inline struct rte_ipv4_hdr *
dp_ip4(struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod(m, struct rte_ipv4_hdr *);
}

/** Read the byte at @p off into @p v (any segment). false if beyond the packet. */
static inline bool
dp_read_u8(const struct rte_mbuf *m, uint32_t off, uint8_t *v)
{
	const uint8_t *p = rte_pktmbuf_read(m, off, 1, v);

	if (p == NULL)
		return false;
	*v = *p;
	return true;
}

/* ---- IPv6 extension header walk ---- */

/** Result of walking the IPv6 extension headers of a packet. */
struct dp_ext {
	uint16_t rh_off;      /**< offset of the first Routing header, 0 = none */
	uint16_t frag_off;    /**< offset of a Fragment header, 0 = none */
	uint16_t ul_off;      /**< offset of the upper-layer header */
	uint16_t nh_field;    /**< offset of the next-header byte naming the upper layer */
	uint8_t ul_proto;     /**< upper-layer protocol */
	uint8_t opt_icmp;     /**< ext_bad_option: answer Parameter Problem code 2 */
	uint16_t opt_off;     /**< ext_bad_option: offset of the option type */
};

/** Drop a packet whose extension-header walk failed with @p rc (< 0). */
void dp_ext_error(struct srv6gw_worker *w, struct rte_mbuf *m, const struct dp_ext *x, int rc);

/**
 * Walk the extension headers after the IPv6 header (bounded, RFC 8883) up to
 * and including the first Routing header, or to the upper layer.
 * @return 0, or a negative drop reason.
 */
int dp_ext_walk(const struct rte_mbuf *m, struct dp_ext *x, bool stop_at_rh);

/**
 * dp_ext_walk(m, x, true) with its usual case inline: the Routing header
 * right after the IPv6 header (RFC 8754 §2), what the walk's loop would
 * find. Callers that stop at the Routing header use this.
 */
static inline int
dp_ext_walk_rh(const struct rte_mbuf *m, struct dp_ext *x)
{
	const struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod(m, const struct rte_ipv6_hdr *);

	if (likely(ip->proto == SRV6GW_IPPROTO_ROUTING && m->data_len >= sizeof(*ip) + 2u)) {
		*x = (struct dp_ext){ .rh_off = sizeof(*ip), .ul_off = sizeof(*ip),
				      .nh_field = offsetof(struct rte_ipv6_hdr, proto),
				      .ul_proto = SRV6GW_IPPROTO_ROUTING };
		return 0;
	}
	return dp_ext_walk(m, x, true);
}

/** Recompute the IPv4 header checksum (rte_ipv4_fragment_packet leaves it 0). */
static inline void
dp_ipv4_fix_cksum(struct rte_mbuf *m)
{
	struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod(m, struct rte_ipv4_hdr *);

	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
}

/** Decrement the IPv4 TTL with an incremental checksum update (RFC 1624). */
static inline void
dp_ipv4_ttl_dec(struct rte_ipv4_hdr *ip)
{
	uint32_t sum = (uint32_t)ip->hdr_checksum + rte_cpu_to_be_16(0x0100);

	ip->time_to_live--;
	ip->hdr_checksum = (uint16_t)(sum + (sum >> 16));
}

/* ---- input / forwarding (ipv4.c, ipv6.c) ---- */

/**
 * Prefetch what dp_encap_steered() reads first of policy @p pol for worker
 * @p widx: the template and next hop of its first list and the worker's
 * counter of it; of its one valid list too when that is another (a
 * failover, a preferred path listed second); its selection slots when it
 * has several lists to choose from (why: with many policies each of
 * these is a cache and TLB miss; the classification stage knows the
 * policy a burst earlier).
 */
static inline void
dp_policy_prefetch(const struct srv6gw_gen *g, unsigned int widx, uint32_t pol)
{
	const struct srv6gw_pstate *st = __atomic_load_n(&g->pstate, __ATOMIC_ACQUIRE);
	const struct srv6gw_seglist_rt *sl = g->policies[pol].lists;
	const struct srv6gw_obj_stats *row = srv6gw_pol_row(g, widx, pol);
	const unsigned int one = st->one[pol];

	/* the list's fields with the first 50 bytes of its template and the
	 * rest of a template of up to 114 (struct srv6gw_seglist_rt), its
	 * counter (dense: 4 lists a line), the slots (struct srv6gw_pstate) */
	rte_prefetch0(sl);
	rte_prefetch0((const uint8_t *)sl + RTE_CACHE_LINE_SIZE);
	rte_prefetch0(row);
	if (likely(one == 0))
		return;
	if (one == SRV6GW_SEL_MIX) {
		rte_prefetch0(st->pol[pol].sel);
	} else if (one != SRV6GW_SEL_NONE) {
		rte_prefetch0(&sl[one]);
		rte_prefetch0((const uint8_t *)&sl[one] + RTE_CACHE_LINE_SIZE);
		rte_prefetch0(&row[one]);
	}
}

/**
 * Touch what SID @p sid (hot fields @p h) is processed with first, from the
 * classification stage, so a burst of packets to many different SIDs
 * overlaps those misses: this worker's counter row; for a NEXT-C-SID SID
 * its masks; for a behaviour the express lane does not take from @p h
 * (End, End.X, End.DX4, End.DT6), its runtime entry.
 */
static inline void
dp_sid_prefetch(const struct srv6gw_gen *g, unsigned int widx, uint32_t sid,
		struct srv6gw_sid_hot h)
{
	rte_prefetch0(&srv6gw_sid_row(g, widx)[sid]);
	if (h.flavors & SRV6GW_FL_NEXT_CSID)
		rte_prefetch0(&g->sid_csid[sid]);
	if (h.behavior != SRV6GW_B_END && h.behavior != SRV6GW_B_END_X &&
	    h.behavior != SRV6GW_B_END_DX4 && h.behavior != SRV6GW_B_END_DT6)
		rte_prefetch0(&g->sid[sid]);
}

/**
 * Fill @p pre for @p n (<= DP_BURST) IPv4 packets received on @p port, each
 * with at least an IPv4 header's worth of data @p l2 bytes into it (0:
 * stripped; RTE_ETHER_HDR_LEN: frames).
 */
void dp_ipv4_classify_bulk(const struct srv6gw_worker *w, uint16_t port, struct rte_mbuf **m,
		unsigned int n, struct dp_pre4 *pre, uint32_t l2);
/**
 * dp_ipv4_classify_bulk() (and its @p l2) for a chunk of @p n >= 1 such
 * packets whose destinations all take the first's answer: equal in the
 * port's deciding bits (struct srv6gw_port_rt.class4_key, at least 8 of
 * them) and none of our addresses among those bits' hosts. Then fills
 * @p pre[0] alone and @return true (each packet's classification is
 * pre[0]); else false, @p pre untouched. @p diff: the destinations' XOR
 * with the first's, ORed, when the caller has it (struct dp_alike; NULL:
 * computed here). Writes nothing else but the worker's kept answer
 * (struct dp_memo4).
 */
bool dp_ipv4_classify_same(struct srv6gw_worker *w, uint16_t port, struct rte_mbuf **m,
		unsigned int n, struct dp_pre4 *pre, uint32_t l2, const rte_be32_t *diff);
/** IPv4 input with the lookups of dp_ipv4_classify_bulk() already made. */
void dp_ipv4_input_pre(struct srv6gw_worker *w, struct rte_mbuf *m, const struct dp_pre4 *pre);
void dp_ipv4_input(struct srv6gw_worker *w, struct rte_mbuf *m);

/**
 * The exact "destination address -> local SID" stage of received packets, for
 * @p n (<= DP_BURST) addresses at once: @p sid[i] is the index into g->sid[]
 * or -1, @p hot[i] its hot fields (as the table slot holds them). What it misses and is no local address goes to the locator stage of
 * dp_ipv6_classify_bulk(), where dp_sid_masked() makes the masked C-SID
 * match (RFC 9800); resubmissions use dp_sid_match().
 */
void dp_sid_match_bulk(const struct srv6gw_gen *g, const uint8_t *const *da, unsigned int n,
		int32_t *sid, uint64_t *hot);
/**
 * Fill @p pre for @p n (<= DP_BURST) IPv6 packets received on @p port,
 * each with its IPv6 header @p l2 bytes into its data (0, or
 * RTE_ETHER_HDR_LEN for frames not stripped yet, alike.c).
 * @return true when it classified them by runs of equal destinations (the
 * first two are equal: an endpoint's traffic), which the express lane's
 * run heads follow (dp_express()). With @p same (else NULL), when every
 * packet takes the first's answer (one run of destinations equal in the
 * port's deciding bits, not ours) only @p pre[0] is filled and *@p same
 * is set: the caller copies it where it needs the others. @p keyed: every
 * destination is known to be the first's in those bits (DP_CHUNK_KEYED),
 * so they are not compared again.
 */
bool dp_ipv6_classify_bulk(struct srv6gw_worker *w, uint16_t port, struct rte_mbuf **m,
		unsigned int n, struct dp_pre6 *pre, unsigned int l2, bool *same, bool keyed);
/**
 * dp_ipv6_classify_bulk() of a chunk dp_chunk_uniform() found uniform, for
 * its first packet @p m: every packet's answer.
 */
void dp_ipv6_classify_uniform(struct srv6gw_worker *w, uint16_t port, struct rte_mbuf *m,
		struct dp_pre6 *pre);
/** What the Ethernet stage of rx.c decided for a frame. */
enum dp_l2_kind {
	DP_L2_DONE,             /**< consumed (dropped) */
	DP_L2_IPV4,
	DP_L2_IPV4_SHORT,       /**< shorter than an IPv4 header */
	DP_L2_IPV6,
	DP_L2_IPV6_SHORT,       /**< shorter than an IPv6 header */
	DP_L2_ARP,
};

/**
 * The express lane (express.c): the @p n (<= DP_BURST) frames of a chunk,
 * @p kind[i] each, the IPv4 ones classified in @p pre4 and the IPv6 ones in
 * @p pre6 (in arrival order), when every IPv4/IPv6 packet is usual (End,
 * End.X, uN, End.DX4, End.DT6, transit, steered) and there is nothing else.
 * @p runs6: dp_ipv6_classify_bulk() found runs (then End, End.X and uN
 * packets may take their run head's checks); @p uniform: the chunk is
 * uniform (dp_chunk_uniform(): the head's bytes are already compared).
 * @return false when one is not: then none was touched.
 */
bool dp_express(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
		const uint8_t *kind, const struct dp_pre4 *pre4, const struct dp_pre6 *pre6,
		bool runs6, bool uniform);
/** What dp_chunk_uniform() notes of an alike chunk's frames on its way. */
struct dp_alike {
	/** DP_CHUNK_UNIFORM, _KEYED, _SHAPED: the longest frame (pkt_len) */
	uint32_t longest;
	/** DP_CHUNK_IPV4: every destination XOR the first's, ORed */
	rte_be32_t dst4_diff;
};

/** What dp_chunk_uniform() found a chunk to be. */
enum dp_chunk_kind {
	DP_CHUNK_MIXED,         /**< anything else */
	DP_CHUNK_SHAPED,        /**< a uniform chunk's but for the destinations */
	DP_CHUNK_UNIFORM,       /**< a uniform chunk */
	DP_CHUNK_IPV4,          /**< IPv4 frames to the port's MAC, a header's worth each */
	DP_CHUNK_KEYED,         /**< shaped, the destinations the first's in the key */
};

/**
 * Whether the @p n (2..DP_BURST) frames of a chunk, as received, are a
 * uniform chunk: IPv6 frames to the port's own MAC @p mac (a mac_word()
 * of rx.c), each with its lengths consistent and the bytes the express
 * lane's checks of an End, End.X or uN packet read equal to the first
 * frame's (alike.c). Then the Ethernet stage's answer, the
 * classification and those checks of the first frame are every frame's
 * (@p uniform of dp_express()). DP_CHUNK_SHAPED: so but for the
 * destinations (transit and headend traffic: dp_express_shaped()).
 * DP_CHUNK_KEYED: shaped, and every destination the first's in the bits
 * of @p key (the port's deciding bits, struct srv6gw_port_rt.class6_key;
 * NULL: never so), so one classification may answer for all
 * (dp_ipv6_classify_bulk()'s @p keyed). DP_CHUNK_IPV4: IPv4 frames to the
 * port's own MAC, each with at least an IPv4 header (l2_input()'s
 * DP_L2_IPV4; dp_express_shaped4()). What it notes on its way goes
 * into *@p facts (struct dp_alike). Reads, writes nothing else.
 */
enum dp_chunk_kind dp_chunk_uniform(struct rte_mbuf *const *pkts, unsigned int n,
				    uint64_t mac, const uint8_t *key, struct dp_alike *facts);
/**
 * The express lane for a chunk dp_chunk_uniform() found DP_CHUNK_SHAPED or
 * DP_CHUNK_KEYED, or DP_CHUNK_UNIFORM with a destination that is no SID
 * (then @p same)
 * (the first frame's Ethernet header stripped, the others' not yet;
 * classified in @p pre6) whose every packet is transit the lane takes (a
 * route, the Hop Limit, the MTU; no SID, address or rule of ours),
 * decremented as frames and sent per run of one next hop, or whose every
 * packet is steered (dp_encap_steered()); without a per-packet answer
 * (alike.c). @p same: every packet's classification is @p pre6[0] (the
 * others are not filled in; dp_ipv6_classify_bulk(), or
 * dp_ipv6_classify_uniform() for a uniform chunk). @p longest: the
 * longest frame's length as received (dp_chunk_uniform()). @return true:
 * done; false: not so, every frame's Ethernet header stripped and nothing
 * else touched.
 */
bool dp_express_shaped(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
			const struct dp_pre6 *pre6, bool same, uint32_t longest);
/**
 * The express lane for a chunk dp_chunk_uniform() found DP_CHUNK_IPV4
 * (Ethernet headers stripped, classified in @p pre4) whose every packet is
 * IPv4 transit the lane takes (xp_check4()), TTL decremented and sent per
 * run of one next hop, or whose every packet is steered
 * (dp_encap_steered()); without a per-packet answer (alike.c).
 * @return true: done; false: not so, nothing touched.
 */
bool dp_express_shaped4(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
			const struct dp_pre4 *pre4);
/**
 * dp_express_shaped4() for a chunk of IPv4 frames (not stripped) whose
 * every packet's classification is @p pre (dp_ipv4_classify_same()): routed
 * as frames (TTL and checksum changed in place, the new Ethernet header
 * where the old one was), or stripped and encapsulated (dp_encap_one()).
 * @return true: done; false: not so, every frame stripped and nothing
 * else touched.
 */
bool dp_express_same4(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
		      const struct dp_pre4 *pre);
/**
 * The express lane for a uniform chunk (dp_chunk_uniform(); the first
 * frame's Ethernet header stripped, the others' not yet) whose first
 * packet, classified in @p pre6[0], is an End, End.X, uN, End.DX4 or
 * End.DT6 packet that passes every check of the lane's pass 1, and whose
 * every other packet passes what pass 1 would check of it with the first
 * as its run head (uniform.c). @return 1: done; 0: for the general way (the
 * first packet is not usual); -1: for dp_express() (another kind of first
 * packet, or a packet that is not as the first). On 0 and -1 every
 * frame's Ethernet header is stripped and nothing else touched.
 * @p longest: the longest frame's length as received (dp_chunk_uniform()).
 */
int dp_express_uniform(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
		       const struct dp_pre6 *pre6, uint32_t longest);
/**
 * IPv6 input with the lookups of dp_ipv6_classify_bulk() already made, for
 * a packet with at least a header's worth of data in its first segment.
 */
void dp_ipv6_input_pre(struct srv6gw_worker *w, struct rte_mbuf *m, const struct dp_pre6 *pre);
void dp_ipv6_input(struct srv6gw_worker *w, struct rte_mbuf *m);

/**
 * Validate an IPv4 packet held at the mbuf data start and trim L2 padding.
 * @return true if valid.
 */
bool dp_ipv4_check(struct rte_mbuf *m);
bool dp_ipv6_check(struct rte_mbuf *m);

/**
 * Route an IPv6 packet by table @p table (index into g->tables).
 * @param decrement  decrement the hop limit (Time Exceeded at <= 1)
 */
void dp_ipv6_route(struct srv6gw_worker *w, struct rte_mbuf *m, unsigned int table,
		bool decrement);
void dp_ipv4_route(struct srv6gw_worker *w, struct rte_mbuf *m, unsigned int table,
		bool decrement);
/** dp_ipv6_route() with the next hop already looked up (SRV6GW_NH_NONE: no route). */
void dp_ipv6_route_nh(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh, bool decrement);
/** dp_ipv4_route() with the next hop already looked up (SRV6GW_NH_NONE: no route). */
void dp_ipv4_route_nh(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh, bool decrement);

/** Lookup helpers: next hop index or SRV6GW_NH_NONE. */
uint32_t dp_lookup6(const struct srv6gw_gen *g, unsigned int table, const uint8_t *dst);
uint32_t dp_lookup4(const struct srv6gw_gen *g, unsigned int table, uint32_t dst_be);

/** Send an IPv6/IPv4 packet to next hop @p nh with MTU handling (no TTL change). */
void dp_ipv6_output(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh);
void dp_ipv4_output(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh);

/** Local delivery of IPv6 packets to one of our addresses or SIDs (echo). */
void dp_ipv6_local(struct srv6gw_worker *w, struct rte_mbuf *m, const struct dp_ext *x);

/* ---- SRv6 (behaviors.c, csid.c, encap.c) ---- */

void dp_sid_process(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t sid_idx);

/** srv6-rules P18: a next SID is never multicast, ::, loopback or link-local. */
static inline bool
dp_sid_valid_next(const uint8_t *a)
{
	/* each of them starts with 0x00, 0xfe or 0xff: one byte tells most */
	if (likely(a[0] != 0x00 && a[0] < 0xfe))
		return true;
	return !srv6gw_ip6_is_multicast(a) && !srv6gw_ip6_is_unspecified(a) &&
	       !srv6gw_ip6_is_loopback(a) && !srv6gw_ip6_is_linklocal(a);
}

/** dp_sid_match(): not a SID, and outside every local locator. */
#define DP_SID_NOT_OURS (-1)
/** dp_sid_match(): inside a local locator, but no such SID. */
#define DP_SID_UNKNOWN (-2)

/**
 * The local SID a destination address names: an exact match, else, in a
 * C-SID locator, the SID the address starts with whatever argument follows
 * (RFC 9800 §4.1, §4.2). @return the index into g->sid[], or DP_SID_*.
 */
int dp_sid_match(const struct srv6gw_gen *g, const uint8_t *da);

/**
 * The C-SID flavoured SID that @p da names inside the local locator @p loc_v
 * (the locator trie's value: index + 1), whatever argument follows.
 * @return its index (and, unless @p hot is NULL, its hot fields there), or
 * DP_SID_UNKNOWN.
 */
int dp_sid_masked(const struct srv6gw_gen *g, uint64_t loc_v, const uint8_t *da,
		  struct srv6gw_sid_hot *hot);

/** dp_sid_match() once the locator trie said @p loc_v (non-zero) for @p da. */
int dp_sid_match_in(const struct srv6gw_gen *g, uint64_t loc_v, const uint8_t *da);

/** dp_resubmit6() without waiting: this packet's lookups at once. */
void dp_resubmit6_now(struct srv6gw_worker *w, struct rte_mbuf *m, unsigned int table,
		      bool sid_check);

/**
 * After local processing (End S15, End.T, decapsulation), an IPv6 packet is
 * looked up again: in the local SIDs first when @p sid_check, then in
 * routing table @p table (the Hop Limit was already handled). In a chunk
 * that is mostly SID traffic the lookup waits for the end of the chunk and
 * is made for every such packet at once, otherwise at once (resubmit.c);
 * packets keep their order either way.
 */
static inline void
dp_resubmit6(struct srv6gw_worker *w, struct rte_mbuf *m, unsigned int table, bool sid_check)
{
	if (w->resub_batch && likely(w->n_resub6 < DP_BURST)) {
		w->resub6[w->n_resub6++] = (struct dp_resub6){
			.m = m, .table = (uint16_t)table, .passes = (uint8_t)w->passes,
			.sid_check = sid_check,
		};
		return;
	}
	/* a mixed chunk (rx.c), or full (only when local processing makes
	 * more packets than it receives): this one alone, now */
	dp_resubmit6_now(w, m, table, sid_check);
}

/** Run the resubmission stage until it is empty (end of every chunk). */
void dp_resubmit_run(struct srv6gw_worker *w);

/** rte_fib6_lookup_bulk() of the @p n addresses in @p ip, or @p none without a FIB. */
static inline void
dp_fib6_bulk(struct rte_fib6 *fib, uint8_t ip[][RTE_FIB6_IPV6_ADDR_SIZE], uint64_t *v,
	     unsigned int n, uint64_t none)
{
	unsigned int i;

	if (fib != NULL && n != 0) {
		rte_fib6_lookup_bulk(fib, ip, v, (int)n);
		return;
	}
	for (i = 0; i < n; i++)
		v[i] = none;
}

/** dp_sid_match() without the exact lookup (the caller made it). */
int dp_sid_in_locator(const struct srv6gw_gen *g, const uint8_t *da);

/**
 * RFC 9800 §4.1.1 S01-S09, NEXT-C-SID: with a non-zero argument, check the
 * Hop Limit and shift the next C-SID into place.
 * @return 1 shifted (the caller forwards: S08), 0 argument zero (go on
 *         with the SRH), -1 dropped
 */
int dp_next_csid(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s);

/**
 * RFC 9800 §4.2.1, REPLACE-C-SID processing of the SRH at @p x / @p srh
 * (a type 4 routing header, wholly in the first segment).
 * @param last  set when the packet is now at its last segment (PSP applies)
 * @return 1 advanced (the caller forwards), 0 nothing left (upper layer),
 *         -1 dropped
 */
int dp_replace_csid(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s,
		const struct dp_ext *x, struct srv6gw_srh *srh, bool *last);

/**
 * Encapsulate @p m (an IPv4 or IPv6 packet) with policy @p pol and forward it.
 * @param inner_route  decrement the inner TTL/HL first (headend steering)
 * @param mode  -1: the policy's own mode, else SRV6GW_ENCAPS(_RED)
 */
void dp_encap(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t pol, bool inner_route,
		int mode);

/**
 * dp_encap(w, m[i], pol[i], true, -1) for each of @p n steered packets, in
 * order (an express chunk of steered packets only): the flow hashes first,
 * then per packet, with the policy's state loaded once per run of one
 * policy, and a run's packets that take one list and its cached next hop
 * encapsulated with the counts in registers (encap.c encap_lean()). What
 * is not the usual case (no valid path, TTL/HL 1, no route,
 * too big, a path-MTU estimate) goes through dp_encap() itself.
 */
void dp_encap_steered(struct srv6gw_worker *w, struct rte_mbuf **m, const uint32_t *pol,
		unsigned int n);
/**
 * dp_encap_steered() for @p n frames (Ethernet headers not stripped, each
 * a header's worth) all steered into policy @p pol and all of one family
 * (@p is_v6): a shaped chunk's one answer.
 */
void dp_encap_one(struct srv6gw_worker *w, struct rte_mbuf **m, uint32_t pol, unsigned int n,
		  bool is_v6);
/**
 * dp_encap_one() for @p n frames of family @p is_v6 steered into policy
 * @p pol, taken whole in two passes when the policy has one valid list (no
 * path-MTU estimate) whose next hop is cachable (dp_txc_load()) and every
 * packet passes its express way's checks (IPv4: header, checksum, source;
 * IPv6: destination), has a TTL/HL to spare, fits the list's MTU and has
 * room for its headers: first each packet checked and its flow label
 * computed, then each encapsulated and queued behind one Ethernet and
 * outer header prepared for the chunk (encap.c encap_frames()). Why: the
 * checks, the flow hash and the encapsulation's own tests were three
 * passes over each packet's header. @return false, nothing changed: one
 * of those is not so; the caller takes the chunk its usual way.
 */
bool dp_encap_same(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n,
		   uint32_t pol, bool is_v6);

/* ---- SR domain guard (guard.c, hmac.c, oam.c, pmtu.c; docs/security.md) ---- */

/** Ingress checks of a port with guard6 set: false = dropped. */
bool dp_guard_in6(struct srv6gw_worker *w, struct rte_mbuf *m);
/** IPv4 uRPF of a port with urpf set: false = dropped. */
bool dp_guard_in4(struct srv6gw_worker *w, struct rte_mbuf *m);
/** allowed_sources of SID @p s (s->acl != 0): false = not allowed. */
bool dp_guard_src_ok(const struct srv6gw_gen *g, uint16_t acl, const uint8_t *src);

/** HMAC level for SID @p s on the packet's ingress port. */
static inline uint8_t
dp_hmac_level(const struct srv6gw_gen *g, const struct rte_mbuf *m, const struct srv6gw_sid_rt *s)
{
	return s->hmac != SRV6GW_HMAC_INHERIT ? s->hmac : g->ports[m->port].hmac;
}

/**
 * RFC 8754 §2.1.2.1 at SID @p s with @p level (not ignore): find and check
 * the HMAC TLV of the packet's SRH. @return 0 go on, -1 dropped (consumed)
 */
int dp_hmac_verify(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_sid_rt *s,
		uint8_t level);

/** RFC 9259: SRH with the O-flag at a SID (counted; copied when enabled). */
void dp_oam_flag(struct srv6gw_worker *w, struct rte_mbuf *m);

/** RFC 8754 §5.4: an ICMPv6 error to a local address. true = consumed. */
bool dp_pmtu_feedback(struct srv6gw_worker *w, struct rte_mbuf *m, const struct dp_ext *x);

/** The path MTU of a segment list: @p mtu, or less if a PTB said so. */
static inline uint32_t
dp_pmtu_get(const struct srv6gw_worker *w, uint32_t pol, unsigned int li, bool alt, uint32_t mtu)
{
	const struct srv6gw_pmtu *e;
	uint64_t exp;
	uint32_t p;

	if (w->g->guard == NULL || w->g->guard->pmtu == NULL ||
	    likely(__atomic_load_n(&w->g->guard->pmtu_until, __ATOMIC_ACQUIRE) < w->now))
		return mtu;     /* no estimate is valid: no random read per policy */
	e = &w->g->guard->pmtu[(pol * 2 + alt) * SRV6GW_MAX_POLICY_LISTS + li];
	exp = __atomic_load_n(&e->expires, __ATOMIC_ACQUIRE);
	if (likely(exp == 0) || exp < w->now)
		return mtu;
	p = __atomic_load_n(&e->mtu, __ATOMIC_RELAXED);
	return p < mtu ? p : mtu;
}

/* ---- ICMP (icmp.c) ---- */

void dp_icmp6_error(struct srv6gw_worker *w, struct rte_mbuf *m, uint8_t type, uint8_t code,
		uint32_t param, enum srv6gw_drop reason);
void dp_icmp4_error(struct srv6gw_worker *w, struct rte_mbuf *m, uint8_t type, uint8_t code,
		uint32_t param, enum srv6gw_drop reason);
void dp_icmp6_echo_reply(struct srv6gw_worker *w, struct rte_mbuf *m, uint16_t ul_off);
void dp_icmp4_echo_reply(struct srv6gw_worker *w, struct rte_mbuf *m);
bool dp_icmp_token(struct srv6gw_worker *w);

/* ---- neighbours and L2 (neigh.c, tx.c) ---- */

void dp_arp_input(struct srv6gw_worker *w, struct rte_mbuf *m);
/** Handle ND (NS/NA) packets; returns false if @p m is not ND (not consumed). */
bool dp_nd_input(struct srv6gw_worker *w, struct rte_mbuf *m, const struct dp_ext *x);

/**
 * Add the Ethernet header for next hop @p nh and queue @p m on its port.
 * @param dst  the packet's destination (used for on-link next hops)
 */
void dp_tx_nexthop(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t nh,
		const uint8_t *dst);
/* dp_tx_l2() and the inline dp_tx_nexthop_inline(): tx.h */

/** Checksum of an IPv6 upper-layer payload (pseudo-header included). */
uint16_t dp_ipv6_l4_cksum(const struct rte_ipv6_hdr *ip, const void *l4, uint32_t len,
		uint8_t proto);

#endif
