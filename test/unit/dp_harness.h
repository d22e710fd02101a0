/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_TEST_DP_HARNESS_H
#define SRV6GW_TEST_DP_HARNESS_H

/*
 * A datapath harness for unit tests (also used by test/fault/fault_dp.c and
 * test/fuzz/fuzz_rx.c; no cmocka in here): EAL without hugepages or devices, two
 * ring-backed ethdevs standing for the ports of conf/test/golden.conf, a
 * generation built from that file, and one worker whose bursts are driven by
 * the test. Packets are built by hand (test_pkt_*), run through
 * dp_process_burst(), and what each port transmitted is read back.
 */

#include <stdint.h>
#include <rte_mbuf.h>

#include "dp/dp.h"

#define H_EDGE 0
#define H_CORE 1

/** How h_init() sets up EAL and the mbuf pools. */
struct h_opts {
	const char *name;               /**< argv[0] of EAL */
	const char *mem_mb;             /**< -m (no hugepages) */
	const char *file_prefix;        /**< --file-prefix, NULL for none */
	const char *log_level;          /**< --log-level */
	unsigned int rx_mbufs;          /**< receive pool (h_pool) */
	unsigned int aux_mbufs;         /**< generated-packet and fragment pools, each */
};

/**
 * EAL, the mbuf pools (cache 0), the two ring-backed ports and the
 * neighbour table, once per process (later calls return 0 at once).
 * @p o NULL: the unit tests' settings. No generation, no worker: h_setup()
 * does all of it; other users (the fuzz_rx target) build their own
 * generation and then call h_worker_new(). 0 on success.
 */
int h_init(const struct h_opts *o);

/** A zeroed worker on the two ports and the pools of h_init() (also h_worker()). */
struct srv6gw_worker *h_worker_new(void);

/** h_init(NULL), then a generation from @p config_path and a worker. 0 on success. */
int h_setup(const char *config_path);
/**
 * A reload: @p config_path built into the next generation (the current's
 * id + 1), which replaces the current one (freed first; on failure there
 * is none); the worker stays, with what it keeps between chunks.
 */
int h_reload(const char *config_path);
void h_teardown(void);

/** The worker (for counters). */
struct srv6gw_worker *h_worker(void);

/** Send frames in on @p port and process them. */
void h_rx(uint16_t port, struct rte_mbuf **pkts, uint16_t n);

/** Take up to @p max transmitted frames of @p port; returns the count. */
unsigned int h_tx(uint16_t port, struct rte_mbuf **out, unsigned int max);

/** Free everything still queued for transmission on every port. */
void h_tx_drain(void);

/** A drop or event counter of the worker. */
uint64_t h_drop(enum srv6gw_drop d);
uint64_t h_event(enum srv6gw_event e);

/* ---- packet builder ---- */

struct rte_mempool *h_pool(void);

/** Ethernet frame to @p port's MAC from a neighbour MAC with @p type. */
struct rte_mbuf *h_eth(uint16_t port, uint16_t ether_type);

/** Append bytes to a frame; returns a pointer to them. */
void *h_put(struct rte_mbuf *m, const void *data, uint16_t len);
/** Move @p m's data (one segment) so that it has @p room bytes of headroom. */
void h_headroom(struct rte_mbuf *m, uint16_t room);

/** Append an IPv6 header; payload length fixed later by h_ip6_finish(). */
struct rte_ipv6_hdr *h_ip6(struct rte_mbuf *m, const char *src, const char *dst, uint8_t nh,
		uint8_t hl);

/**
 * Append an SRH with @p n segments given in travel order (segs[0] first),
 * Segment List[i] = segs[n-1-i]; SL and LE as given.
 */
struct srv6gw_srh *h_srh(struct rte_mbuf *m, uint8_t nh, const char *const *segs, unsigned int n,
		uint8_t sl, uint8_t le);

/** Append an IPv4 header + @p plen payload bytes (UDP); checksum valid. */
struct rte_ipv4_hdr *h_ip4_udp(struct rte_mbuf *m, const char *src, const char *dst,
		uint8_t ttl, uint16_t plen, bool df);

/** Append an inner IPv6/UDP packet with @p plen payload bytes. */
struct rte_ipv6_hdr *h_ip6_udp(struct rte_mbuf *m, const char *src, const char *dst,
		uint8_t hl, uint16_t plen);

/** Append an ICMPv6 echo request (checksum fixed by h_ip6_finish). */
void h_icmp6_echo(struct rte_mbuf *m, uint16_t id, uint16_t seq, uint16_t plen);

/** Set the outer IPv6 payload length (and ICMPv6 checksum if any). */
void h_ip6_finish(struct rte_mbuf *m);

/** Parse an address literal into 16 bytes (or 4 for IPv4). */
void h_addr(const char *s, uint8_t *out);

/** Offset helpers on a transmitted frame (Ethernet header included). */
static inline uint8_t *
h_l3(struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod_offset(m, uint8_t *, RTE_ETHER_HDR_LEN);
}

#endif
