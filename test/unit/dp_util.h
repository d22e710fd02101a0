/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_TEST_DP_UTIL_H
#define SRV6GW_TEST_DP_UTIL_H

/*
 * What the datapath unit tests (test/unit/test_dp_*.c) share, on top of
 * dp_harness.h: set-ups on conf/test/golden.conf (as it is, or with lines
 * changed), one frame or one chunk run and what came out of it, a chunk
 * compared with the same chunk sent the general way (add_martian()), and
 * packets several of the files build. Unlike dp_harness.c these use cmocka
 * (include <cmocka.h> before this header); test/fault and test/fuzz do not
 * link them.
 */

#include <stdbool.h>
#include <stdint.h>
#include <rte_mbuf.h>

#include "cp/cp.h"
#include "dp_harness.h"

/* golden.conf, from the source root meson passes (SRV6GW_SOURCE_ROOT) */
#define CFG SRV6GW_SOURCE_ROOT "/conf/test/golden.conf"

/* ---- frames ---- */

/** The L3 header of a transmitted frame (h_l3()). */
static inline const uint8_t *
l3(struct rte_mbuf *m)
{
	return h_l3(m);
}

/** The IPv6 header of a transmitted frame. */
static inline struct rte_ipv6_hdr *
ip6_of(struct rte_mbuf *m)
{
	return (struct rte_ipv6_hdr *)h_l3(m);
}

/** @p got equals the address literal @p want (16 bytes, or 4 for IPv4). */
void assert_addr(const uint8_t *got, const char *want);

/* ---- set-ups (cmocka group set-ups and teardown) ---- */

/** h_setup() of golden.conf. */
int setup(void **state);
/** h_teardown(). */
int teardown(void **state);

/**
 * @p load (h_setup() or h_reload()) of golden.conf with each line @p at[i]
 * replaced by @p with[i] (0: done)
 */
int load_changed_n(int (*load)(const char *), const char *const *at, const char *const *with,
		   unsigned int n);
/** h_setup() on golden.conf with each line @p at[i] replaced by @p with[i] (0: done) */
int setup_changed_n(const char *const *at, const char *const *with, unsigned int n);
/** setup_changed_n() of one line */
int setup_changed(const char *at, const char *with);

/* ---- one frame ---- */

/** Send one frame in on @p port; return the single frame out of @p out_port. */
struct rte_mbuf *one(uint16_t port, struct rte_mbuf *m, uint16_t out_port);
/** Nothing was transmitted on either port. */
void nothing_out(void);

/* ---- packets ---- */

/** SRv6 packet from the core: outer IPv6 + SRH(segs) + inner IPv6/UDP */
struct rte_mbuf *srv6_pkt(const char *da, const char *const *segs, unsigned int n, uint8_t sl,
			  uint8_t hl);
/** End.DX4 fc00:1::d4 with an SRH at Segments Left 0, a UDP/IPv4 packet inside (TTL 40) */
struct rte_mbuf *dx4_pkt(void);
/** uN: a NEXT-C-SID container with no SRH, UDP inside */
struct rte_mbuf *usid_pkt(const char *da);
/**
 * Packet @p kind of test_express_run_heads (and test_chunk_kinds): End,
 * End with PSP, End.X, uN with and without SRH (run heads), End.DX4 (SRH
 * at Segments Left 0), End.DT6 (no SRH) and transit without and with an
 * SRH, which are never heads.
 */
struct rte_mbuf *head_pkt(unsigned int kind);

/* ---- one chunk, and the general way's answer to it ---- */

/* What one chunk left behind: its frames (port by port) and counter deltas. */
struct chunk_out {
	uint8_t frame[16][1600];
	uint16_t len[16];
	unsigned int n;
	uint64_t drops[SRV6GW_DROP_COUNT];
	uint64_t ev[SRV6GW_EVENT_COUNT];
	uint64_t sid_packets, sid_bytes;
};

/** Send @p n frames in on @p port as one chunk, then record what came out. */
void chunk_run_on(uint16_t port, struct rte_mbuf **in, unsigned int n, struct chunk_out *r);
/** chunk_run_on() the core */
void chunk_run(struct rte_mbuf **in, unsigned int n, struct chunk_out *r);
/**
 * Two chunks' results are the same: frames in order, counters (not the RX
 * bytes, nor which way each chunk took: the callers hold those).
 */
void chunks_same(struct chunk_out *a, struct chunk_out *b);
/** Append to @p in a martian (source ::1): the whole chunk goes the general way. */
unsigned int add_martian(struct rte_mbuf **in, unsigned int n);
/**
 * @p a: a chunk the lane took whole (@p n packets); @p b: the same chunk
 * with add_martian(), taken the general way: the same but for the
 * martian's drop, its RX count and the lane's own counter.
 */
void lane_same_as_general(struct chunk_out *a, struct chunk_out *b, unsigned int n);
/**
 * @p a: a chunk as it came; @p b: the same with add_martian() (the general
 * way): the same but for the martian's drop and RX count and the lane's
 * own counter. @return how many packets the lane took of a.
 */
uint64_t same_but_martian(struct chunk_out *a, struct chunk_out *b);

#endif
