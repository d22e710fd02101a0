/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
/* Headend: H.Encaps and H.Encaps.Red (RFC 8986 §5.1, §5.2). */
#ifdef __SSE4_2__
#include <nmmintrin.h>
#endif
#include <rte_hash_crc.h>
#include <rte_ip_frag.h>

#include "check_x8.h"
#include "dp.h"
#include "tx.h"

/** Whether upper-layer protocol @p proto has ports the flow label hashes. */
static __rte_always_inline bool
has_ports(uint8_t proto)
{
	return proto == SRV6GW_IPPROTO_TCP || proto == SRV6GW_IPPROTO_UDP ||
	       proto == SRV6GW_IPPROTO_SCTP;
}

/**
 * Whether IPv4 header @p ip is no fragment (MF clear, offset 0): only then
 * are its ports hashed, so that every fragment of a packet, the first
 * too, takes one flow label (RFC 6437 §2: a flow's packets, one label).
 */
static __rte_always_inline bool
first_fragment(const struct rte_ipv4_hdr *ip)
{
	return (ip->fragment_offset &
		rte_cpu_to_be_16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)) == 0;
}

/*
 * The transport ports of the inner packet as they sit in it (source, then
 * destination), for TCP, UDP and SCTP; 0 for other protocols. Read in place
 * when the first segment holds them.
 */
static inline uint64_t
ports_of(const struct rte_mbuf *m, uint32_t off, uint8_t proto)
{
	uint32_t b, v = 0;
	const void *p;

	if (!has_ports(proto))
		return 0;
	if (likely(off + 4u <= m->data_len))
		p = rte_pktmbuf_mtod_offset(m, const uint8_t *, off);
	else
		p = rte_pktmbuf_read(m, off, 4, &b);
	if (p != NULL)
		memcpy(&v, p, 4);
	return v;
}

static inline uint64_t
load64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/*
 * One CRC32-C step over 8 bytes: rte_hash_crc_8byte()'s result, but as the
 * compiler's intrinsic when the build targets SSE4.2 (x86-64-v2 and up), so
 * it is scheduled like any instruction (DPDK's is an asm volatile behind a
 * run-time dispatch). The CRC (@p h, and the result) is kept in 64 bits,
 * the upper 32 zero, as the instruction takes and gives it (why: a 32-bit
 * value between steps cost a zero-extending move per step).
 */
static inline uint64_t
crc8(uint64_t data, uint64_t h)
{
#ifdef __SSE4_2__
	return _mm_crc32_u64(h, data);
#else
	return rte_hash_crc_8byte(data, (uint32_t)h);
#endif
}

/* The label from the CRC's 32 bits (flow_label()) */
static __rte_always_inline uint32_t
label_of(uint64_t h)
{
	h >>= 12;
	return (uint32_t)(h + (h == 0));
}

/**
 * flow_label() of IPv4 from its two words: @p a = source | destination
 * << 32, @p b = ports | protocol << 32 (also dp_check4_x8()'s).
 */
static __rte_always_inline uint32_t
flow_label4(uint64_t a, uint64_t b)
{
	return label_of(crc8(b, crc8(a, 0x5eed)));
}

/** flow_label() of the IPv6 header @p l3 and @p b = ports | protocol << 32. */
static __rte_always_inline uint32_t
flow_label6(const uint8_t *l3, uint64_t b)
{
	const struct rte_ipv6_hdr *ip = (const struct rte_ipv6_hdr *)l3;
	uint64_t h = 0x5eed;

	h = crc8(load64(ip->src_addr), h);
	h = crc8(load64(ip->src_addr + 8), h);
	h = crc8(load64(ip->dst_addr), h);
	h = crc8(load64(ip->dst_addr + 8), h);
	return label_of(crc8(b, h));
}

/*
 * CRC32 of the inner 5-tuple (the inner header at @p l3; @p ports as they
 * sit in the packet, 0 when it has none; @p proto), 8 bytes at a time:
 * IPv6 addresses as four words, IPv4 addresses as one, then ports |
 * protocol << 32. The words are plain loads into locals (an earlier
 * version hashed a struct through uint64_t loads, which strict aliasing let
 * GCC order before the port stores: release builds hashed stale ports).
 * RFC 6437: 20 bits, uniformly spread (the CRC's top 20: each CRC bit is
 * an XOR over much of the input, so no fold is needed), never 0 (RFC 8754
 * §5.5).
 */
static __rte_always_inline uint32_t
flow_label(const uint8_t *l3, bool is_v6, uint64_t ports, uint8_t proto)
{
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)l3;
	const uint64_t b = ports | (uint64_t)proto << 32;

	if (is_v6)
		return flow_label6(l3, b);
	return flow_label4((uint64_t)ip->src_addr | (uint64_t)ip->dst_addr << 32, b);
}

/** flow_label() of the packet @p l2 bytes into @p m's data. */
static inline uint32_t
flow_hash(const struct rte_mbuf *m, bool is_v6, uint32_t l2)
{
	const uint8_t *l3 = rte_pktmbuf_mtod_offset(m, const uint8_t *, l2);

	if (is_v6) {
		const uint8_t proto = ((const struct rte_ipv6_hdr *)l3)->proto;

		return flow_label(l3, true, ports_of(m, l2 + sizeof(struct rte_ipv6_hdr), proto),
				  proto);
	}
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)l3;
	uint64_t ports = 0;

	/* only the first fragment has ports: hash the others (and it) without */
	if (first_fragment(ip))
		ports = ports_of(m, l2 + rte_ipv4_hdr_len(ip), ip->next_proto_id);
	return flow_label(l3, false, ports, ip->next_proto_id);
}

/** Make sure @p need bytes of headroom exist (fragments come with the default). */
static bool
ensure_headroom(struct rte_mbuf *m, uint16_t need)
{
	uint16_t have = rte_pktmbuf_headroom(m);
	uint16_t shift;

	if (have >= need)
		return true;
	shift = need - have;
	if (rte_pktmbuf_tailroom(m) < shift)
		return false;
	memmove(rte_pktmbuf_mtod_offset(m, uint8_t *, shift), rte_pktmbuf_mtod(m, uint8_t *),
		m->data_len);
	m->data_off += shift;
	return true;
}

/**
 * Copy an outer-header template of @p len (>= 32) bytes in 32-byte blocks, the
 * last one overlapping the one before (why: two to four wide stores instead
 * of a length-dispatched memcpy; never writes past @p len).
 */
static inline void
hdr_copy(uint8_t *d, const uint8_t *s, uint16_t len)
{
	uint16_t o;

	if (likely(len <= 64)) {        /* IPv6 + SRH with one SID, or no SRH */
		memcpy(d, s, 32);
		memcpy(d + len - 32, s + len - 32, 32);
		return;
	}
	for (o = 0; o + 32u <= len; o += 32)
		memcpy(d + o, s + o, 32);
	if (o < len)
		memcpy(d + len - 32, s + len - 32, 32);
}

/** The outer IPv6 header's per-packet fields (RFC 8754 §5.5: the flow label). */
static __rte_always_inline void
outer_fields(struct rte_ipv6_hdr *ip, uint32_t payload_len, uint32_t flow, uint8_t tc)
{
	ip->payload_len = rte_cpu_to_be_16(payload_len);
	ip->vtc_flow = rte_cpu_to_be_32(6u << 28 | (uint32_t)tc << 20 | flow);
}

/**
 * The outer headers of template @p hdr (@p hdr_len bytes, Next Header byte
 * at @p nh_off) at @p h, for an inner packet of @p len bytes.
 */
static __rte_always_inline void
outer_put(uint8_t *h, const uint8_t *hdr, uint16_t hdr_len, uint16_t nh_off, uint32_t len,
	  uint32_t flow, uint8_t tc, bool is_v6)
{
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)h;

	hdr_copy(h, hdr, hdr_len);
	outer_fields(ip, len + hdr_len - sizeof(*ip), flow, tc);
	h[nh_off] = is_v6 ? SRV6GW_IPPROTO_IPV6 : SRV6GW_IPPROTO_IPIP;
}

/** The outer headers of @p sl at @p h, for an inner packet of @p len bytes. */
static __rte_always_inline void
outer_write(uint8_t *h, const struct srv6gw_seglist_rt *sl, uint32_t len, uint32_t flow,
	    uint8_t tc, bool is_v6)
{
	outer_put(h, sl->hdr, sl->hdr_len, sl->nh_off, len, flow, tc, is_v6);
}

/**
 * Push the pre-built outer headers of @p sl onto @p m and send it. When the
 * chunk already resolved the list's next hop (dp_tx_is_cached6()), the
 * Ethernet header goes on with them: one headroom check, one length update.
 */
static __rte_always_inline void
push_and_send(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_seglist_rt *sl,
		uint32_t flow, uint8_t tc, bool is_v6)
{
	uint16_t need = sl->hdr_len + RTE_ETHER_HDR_LEN;
	uint32_t len = m->pkt_len;
	uint8_t *h;

	if (likely(dp_tx_is_cached6(w, sl->nh) && m->data_off >= need)) {
		m->data_off -= need;
		m->data_len += need;
		m->pkt_len += need;
		outer_write(rte_pktmbuf_mtod_offset(m, uint8_t *, RTE_ETHER_HDR_LEN), sl, len,
			    flow, tc, is_v6);
		DP_EV(w, encapsulated);
		dp_tx_cached(w, m);
		return;
	}
	if (unlikely(!ensure_headroom(m, need)) ||
	    (h = (uint8_t *)rte_pktmbuf_prepend(m, sl->hdr_len)) == NULL) {
		DP_DROP(w, m, encap_no_headroom);
		return;
	}
	outer_write(h, sl, len, flow, tc, is_v6);
	DP_EV(w, encapsulated);
	dp_tx_nexthop_fam(w, m, sl->nh, sl->first_sid, 0);
}

/** Fragment an inner IPv4 packet (DF clear) to @p size, encapsulate each piece. */
static void
fragment_and_push(struct srv6gw_worker *w, struct rte_mbuf *m,
		const struct srv6gw_seglist_rt *sl, uint32_t flow, uint8_t tc, uint32_t size)
{
	struct rte_mbuf *frags[RTE_LIBRTE_IP_FRAG_MAX_FRAG];
	int32_t n, i;

	n = rte_ipv4_fragment_packet(m, frags, RTE_DIM(frags), (uint16_t)size, w->frag_direct,
				     w->frag_indirect);
	if (n < 0) {
		DP_DROP(w, m, frag_failed);
		return;
	}
	for (i = 0; i < n; i++) {
		dp_ipv4_fix_cksum(frags[i]);
		frags[i]->port = m->port;
		DP_EV(w, ipv4_fragments_out);
		push_and_send(w, frags[i], sl, flow, tc, false);
	}
	rte_pktmbuf_free(m);
}

/**
 * Inner packet larger than the tunnel MTU: tell the source or fragment.
 * @return true if the packet was fragmented and sent.
 */
static bool
encap_too_big(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_seglist_rt *sl,
		uint32_t flow, uint8_t tc, bool is_v6, uint32_t tmtu, bool inner_route)
{
	struct rte_ipv4_hdr *ip4;

	if (is_v6) {
		/* RFC 8200 §5 / RFC 2473 §7: PTB with the tunnel MTU */
		dp_icmp6_error(w, m, SRV6GW_ICMP6_PKT_TOO_BIG, 0, tmtu, SRV6GW_C_mtu_exceeded);
		return false;
	}
	ip4 = dp_ip4(m);
	if (ip4->fragment_offset & rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG)) {
		/* RFC 1191: fragmentation needed, next-hop MTU = tunnel MTU */
		dp_icmp4_error(w, m, SRV6GW_ICMP4_DST_UNREACH, SRV6GW_ICMP4_CODE_FRAG_NEEDED,
			       tmtu, SRV6GW_C_mtu_exceeded);
		return false;
	}
	if (inner_route)
		dp_ipv4_ttl_dec(ip4);
	fragment_and_push(w, m, sl, flow, tc, tmtu);
	return true;
}

static void
no_route(struct srv6gw_worker *w, struct rte_mbuf *m, bool is_v6)
{
	if (is_v6)
		dp_icmp6_error(w, m, SRV6GW_ICMP6_DST_UNREACH, 0, 0, SRV6GW_C_no_route);
	else
		dp_icmp4_error(w, m, SRV6GW_ICMP4_DST_UNREACH, 0, 0, SRV6GW_C_no_route);
}

/** RFC 8986 §5.1 S05 (we route the inner packet): check and decrement TTL/HL. */
static bool
inner_ttl_ok(struct srv6gw_worker *w, struct rte_mbuf *m, bool is_v6)
{
	if (is_v6) {
		if (dp_ip6(m)->hop_limits > 1)
			return true;
		dp_icmp6_error(w, m, SRV6GW_ICMP6_TIME_EXCEEDED, 0, 0, SRV6GW_C_ttl_exceeded);
	} else {
		if (dp_ip4(m)->time_to_live > 1)
			return true;
		dp_icmp4_error(w, m, SRV6GW_ICMP4_TIME_EXCEEDED, 0, 0, SRV6GW_C_ttl_exceeded);
	}
	return false;
}

/**
 * RFC 9256 §8: no candidate path of the policy is valid. Steered traffic is
 * dropped (§8.2 drop-upon-invalid) or, if the policy says "route", routed as
 * if it were not steered (§8.1); binding-SID traffic is always dropped.
 */
static void
policy_down(struct srv6gw_worker *w, struct rte_mbuf *m, const struct srv6gw_policy_rt *pol,
		bool inner_route, bool is_v6)
{
	if (!inner_route || pol->invalid != SRV6GW_INVALID_ROUTE) {
		DP_DROP(w, m, policy_down);
		return;
	}
	if (is_v6)
		dp_ipv6_route(w, m, 0, true);
	else
		dp_ipv4_route(w, m, 0, true);
}

/**
 * The list a policy gives flow @p flow: its one valid list @p one (its
 * struct srv6gw_pstate.one byte; SRV6GW_SEL_NONE: no valid candidate
 * path), without reading its selection slots @p sel, or the slot of
 * @p flow when several lists share them (SRV6GW_SEL_MIX).
 */
static __rte_always_inline unsigned int
list_of(unsigned int one, const uint8_t *sel, uint32_t flow)
{
	return one != SRV6GW_SEL_MIX ? one : sel[flow % SRV6GW_SEL_SLOTS];
}

void
dp_encap(struct srv6gw_worker *w, struct rte_mbuf *m, uint32_t pol_idx, bool inner_route,
		int mode)
{
	const struct srv6gw_gen *g = w->g;
	const struct srv6gw_policy_rt *pol = &g->policies[pol_idx];
	/* the active candidate path and its valid lists (policy_state.c) */
	const struct srv6gw_pstate *st = __atomic_load_n(&g->pstate, __ATOMIC_ACQUIRE);
	bool is_v6 = (*rte_pktmbuf_mtod(m, uint8_t *) >> 4) == 6;
	uint32_t flow = flow_hash(m, is_v6, 0);
	unsigned int li = list_of(st->one[pol_idx], st->pol[pol_idx].sel, flow);
	const struct srv6gw_seglist_rt *sl;
	struct srv6gw_obj_stats *ps;
	uint32_t mtu, len = m->pkt_len;
	uint8_t tc;

	if (unlikely(li == SRV6GW_SEL_NONE)) {          /* no valid candidate path */
		policy_down(w, m, pol, inner_route, is_v6);
		return;
	}
	sl = (mode < 0 || mode == pol->mode) ? &pol->lists[li] : &pol->alt[li];
	/* RFC 8986 §6 CNT-2, kept per segment list (the policy sums its lists) */
	ps = &srv6gw_pol_row(g, w->idx, pol_idx)[li];
	if (inner_route && !inner_ttl_ok(w, m, is_v6))
		return;
	if (unlikely(sl->nh == SRV6GW_NH_NONE)) {
		no_route(w, m, is_v6);
		return;
	}
	tc = is_v6 ? (uint8_t)(rte_be_to_cpu_32(dp_ip6(m)->vtc_flow) >> 20) :
		     dp_ip4(m)->type_of_service;
	mtu = dp_pmtu_get(w, pol_idx, li, sl != &pol->lists[li], sl->mtu);  /* RFC 8754 §5.4 */
	if (unlikely(len + sl->hdr_len > mtu)) {
		if (encap_too_big(w, m, sl, flow, tc, is_v6, mtu - sl->hdr_len, inner_route)) {
			ps->packets++;
			ps->bytes += len;
		}
		return;
	}
	ps->packets++;
	ps->bytes += len;
	if (inner_route) {
		if (is_v6)
			dp_ip6(m)->hop_limits--;
		else
			dp_ipv4_ttl_dec(dp_ip4(m));
	}
	push_and_send(w, m, sl, flow, tc, is_v6);
}

/** One policy's state for a run of steered packets (dp_encap_steered()). */
struct steer_run {
	const struct srv6gw_policy_rt *pol;
	const struct srv6gw_pstate_pol *pst;
	struct srv6gw_obj_stats *ps;    /**< this worker's counters of the policy's lists */
	unsigned int sole;              /**< struct srv6gw_pstate.one of the policy */
	bool usual;                     /**< a valid path, no path-MTU estimate */
};

static inline void
steer_run_load(const struct srv6gw_worker *w, const struct srv6gw_pstate *st, uint32_t pol_idx,
	       struct steer_run *r)
{
	const struct srv6gw_gen *g = w->g;

	r->pol = &g->policies[pol_idx];
	r->pst = &st->pol[pol_idx];
	r->ps = srv6gw_pol_row(g, w->idx, pol_idx);
	r->sole = st->one[pol_idx];
	/* a valid path; dp_pmtu_get(): with no estimate valid anywhere, the
	 * list's own MTU */
	r->usual = r->sole != SRV6GW_SEL_NONE &&
		   (g->guard == NULL || g->guard->pmtu == NULL ||
		    __atomic_load_n(&g->guard->pmtu_until, __ATOMIC_ACQUIRE) < w->now);
}

/**
 * RFC 8986 §5.1 S05, the inner packet routed first, for a steered packet
 * of family @p is_v6 (its header @p l2 bytes into the data): false (nothing
 * changed) when its TTL/HL is 1 or 0, else decremented (IPv4: with its
 * checksum) and its traffic class in @p tc. @p checked: the caller has
 * seen it above 1 (not tested again; true).
 */
static __rte_always_inline bool
inner_hop(struct rte_mbuf *m, bool is_v6, uint8_t *tc, uint32_t l2, bool checked)
{
	if (is_v6) {
		struct rte_ipv6_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, l2);
		const rte_be32_t vtc = ip->vtc_flow;

		if (!checked && unlikely(ip->hop_limits <= 1))
			return false;
		/* (the class read before the decrement's store, as the build
		 * now orders them: after it, ~15 % of the IPv6 encapsulation
		 * loop's samples sat on that load end to end; read first, the
		 * loop measured 0.7-3.5 % fewer cycles, docs/performance-rounds.md,
		 * twentieth round) */
		*tc = (uint8_t)(rte_be_to_cpu_32(vtc) >> 20);
		ip->hop_limits--;
	} else {
		struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, l2);

		if (!checked && unlikely(ip->time_to_live <= 1))
			return false;
		dp_ipv4_ttl_dec(ip);
		*tc = ip->type_of_service;
	}
	return true;
}

/**
 * Packets 0.. of @p m (@p n, their policies @p pol, flow labels @p flow,
 * families @p v6) in the way of the first, which the run @p r holds: while
 * each is of the first's policy and family (@p one: all are, not compared)
 * and takes its list @p li (usual, @p r; with every slot li's, r->sole, a
 * policy of one valid list, not looked at per packet), whose next hop the
 * chunk has cached (dp_tx_is_cached6()), has a TTL/HL to spare, fits the list's MTU
 * and has headroom for the outer and Ethernet headers, it is encapsulated
 * and queued, its counts kept in registers until the end (why: the
 * per-packet counter and TX-buffer stores made chains through memory, each
 * packet's load waiting on the store before it, as in the eleventh round's
 * TX loop; and the template's fields are loaded once, not after every
 * store into a packet). @p off: the packets are frames, their inner packet
 * that far into the data (the outer headers take the Ethernet header's
 * place). encap_steered() takes the one it stops at.
 * @return how many it took.
 */
static __rte_always_inline unsigned int
encap_lean(struct srv6gw_worker *w, struct rte_mbuf **m, const uint32_t *pol,
	   const uint32_t *flow, const bool *v6, unsigned int n, const struct steer_run *r,
	   unsigned int li, bool one, uint32_t off)
{
	const struct srv6gw_seglist_rt *sl = &r->pol->lists[li];
	const uint8_t *sel = r->pst->sel;
	const uint8_t *hdr = sl->hdr;
	const uint16_t hdr_len = sl->hdr_len, nh_off = sl->nh_off;
	const uint16_t grow = hdr_len + RTE_ETHER_HDR_LEN - off;
	const uint32_t mtu = sl->mtu, pol0 = pol[0];
	const uint64_t l2 = w->txc.l2;
	const uint64_t *tail = w->txc.tail;
	const bool fam = v6[0], one_list = r->sole != SRV6GW_SEL_MIX;
	uint64_t bytes = 0;
	struct dp_txq t;
	unsigned int k;

	dp_txq_open(w, &t, w->txc.port, n);
	for (k = 0; k < n; k++) {
		struct rte_mbuf *p = m[k];
		uint32_t len = p->pkt_len - off;
		uint8_t *h, tc;

		if ((!one && (pol[k] != pol0 || v6[k] != fam)) ||
		    (!one_list && sel[flow[k] % SRV6GW_SEL_SLOTS] != li) ||
		    p->data_off < grow || len + hdr_len > mtu ||
		    !inner_hop(p, fam, &tc, off, false))
			break;
		bytes += len;
		p->data_off -= grow;
		p->data_len += grow;
		p->pkt_len += grow;
		h = rte_pktmbuf_mtod(p, uint8_t *);
		eth_write(h, l2, tail);
		outer_put(h + RTE_ETHER_HDR_LEN, hdr, hdr_len, nh_off, len, flow[k], tc, fam);
		dp_txq_put(&t, p);
	}
	dp_txq_close(w, &t);
	r->ps[li].packets += k;                 /* RFC 8986 §6 CNT-2 */
	r->ps[li].bytes += bytes;
	DP_EV_ADD(w, encapsulated, k);
	return k;
}

/**
 * dp_encap_steered() (@p fam < 0), or dp_encap_one() for frames all of
 * policy pol[0] and of family @p fam (1: IPv6, 0: IPv4; why: no family
 * read and no policy or family compare per packet; and the Ethernet
 * header not stripped first where the outer headers replace it). What
 * does not go through encap_lean() is stripped first.
 */
static __rte_always_inline void
encap_steered(struct srv6gw_worker *w, struct rte_mbuf **m, const uint32_t *pol,
	      unsigned int n, int fam)
{
	const struct srv6gw_pstate *st = __atomic_load_n(&w->g->pstate, __ATOMIC_ACQUIRE);
	const bool one = fam >= 0;
	const uint32_t l2 = one ? RTE_ETHER_HDR_LEN : 0;
	uint32_t flow[DP_BURST];
	bool v6[DP_BURST];
	struct steer_run r = { 0 };
	unsigned int i;

	for (i = 0; i < n; i++) {       /* independent CRC chains, side by side */
		v6[i] = one ? fam == 1 : (*rte_pktmbuf_mtod(m[i], uint8_t *) >> 4) == 6;
		flow[i] = flow_hash(m[i], v6[i], l2);
	}
	for (i = 0; i < n; i++) {
		const struct srv6gw_seglist_rt *sl;
		const uint32_t pi = one ? pol[0] : pol[i];
		unsigned int li;
		bool is_v6 = v6[i];
		uint32_t len;
		uint8_t tc;

		if (i == 0 || (!one && pol[i] != pol[i - 1]))
			steer_run_load(w, st, pi, &r);
		if (unlikely(!r.usual)) {       /* (then li may be SRV6GW_SEL_NONE) */
			if (one)
				dp_l2_strip(m[i]);
			dp_encap(w, m[i], pi, true, -1);
			continue;
		}
		li = list_of(r.sole, r.pst->sel, flow[i]);
		sl = &r.pol->lists[li];
		/* a run of two or more packets of one policy only (why: for
		 * traffic spread over policies, the run's set-up cost more than
		 * it saved; docs/performance-rounds.md, fourteenth round) */
		if (i + 1 < n && (one || pol[i + 1] == pol[i]) && dp_tx_is_cached6(w, sl->nh)) {
			unsigned int k = encap_lean(w, m + i, one ? pol : pol + i, flow + i, v6 + i,
						    n - i, &r, li, one, l2);

			if (k != 0) {   /* (the next one loads its run if it needs to) */
				i += k - 1;
				continue;
			}
		}
		if (one)
			dp_l2_strip(m[i]);
		len = m[i]->pkt_len;
		/* (a list without a next hop has MTU 0: the first test covers it) */
		if (unlikely(len + sl->hdr_len > sl->mtu || !inner_hop(m[i], is_v6, &tc, 0, false))) {
			dp_encap(w, m[i], pi, true, -1);
			continue;
		}
		r.ps[li].packets++;                     /* RFC 8986 §6 CNT-2 */
		r.ps[li].bytes += len;
		if (is_v6)      /* (two copies, each with its family's constants) */
			push_and_send(w, m[i], sl, flow[i], tc, true);
		else
			push_and_send(w, m[i], sl, flow[i], tc, false);
	}
}

__rte_noinline void
dp_encap_steered(struct srv6gw_worker *w, struct rte_mbuf **m, const uint32_t *pol,
		unsigned int n)
{
	encap_steered(w, m, pol, n, -1);
}

__rte_noinline void
dp_encap_one(struct srv6gw_worker *w, struct rte_mbuf **m, uint32_t pol, unsigned int n,
	     bool is_v6)
{
	if (is_v6)      /* (two copies, each with its family's constants) */
		encap_steered(w, m, &pol, n, 1);
	else
		encap_steered(w, m, &pol, n, 0);
}

/*
 * flow_hash() of a frame's packet of @p len bytes, all in the first
 * segment, whose header is plain: IPv6 (@p is_v6) of 40 bytes, whose
 * Next Header is the upper layer's, or IPv4 that dp_ipv4_check_plain()
 * passed (20 bytes). The same label, without reading the header length
 * or the segment's.
 */
static __rte_always_inline uint32_t
flow_hash_plain(const uint8_t *l3, uint32_t len, bool is_v6)
{
	const struct rte_ipv6_hdr *ip6 = (const struct rte_ipv6_hdr *)l3;
	const struct rte_ipv4_hdr *ip4 = (const struct rte_ipv4_hdr *)l3;
	const uint8_t proto = is_v6 ? ip6->proto : ip4->next_proto_id;
	const uint32_t hlen = is_v6 ? sizeof(*ip6) : sizeof(*ip4);
	uint64_t ports = 0;
	uint32_t v;

	/* ports_of(): TCP, UDP or SCTP, ports in the packet (IPv4: the first
	 * fragment) */
	if (has_ports(proto) && len >= hlen + 4 && (is_v6 || first_fragment(ip4))) {
		memcpy(&v, l3 + hlen, 4);
		ports = v;
	}
	return flow_label(l3, is_v6, ports, proto);
}

/**
 * Whether frame @p p's packet (@p l3, @p len bytes) passes what the
 * caller's express way would check of it for a steered chunk (IPv4:
 * dp_express_same4()'s same4_ok(); IPv6: dp_express_shaped()'s
 * destination test, the rest shared with the first, dp_chunk_uniform()),
 * has a TTL/HL to spare, fits @p max and has @p grow bytes of headroom.
 */
static __rte_always_inline bool
same_ok(const struct rte_mbuf *p, const uint8_t *l3, uint32_t len, uint32_t max,
	uint16_t grow, bool is_v6)
{
	const struct rte_ipv6_hdr *ip6 = (const struct rte_ipv6_hdr *)l3;
	const struct rte_ipv4_hdr *ip4 = (const struct rte_ipv4_hdr *)l3;

	if (len > max || p->data_off < grow)
		return false;
	if (is_v6)
		return dp_addr_plain(ip6->dst_addr[0]) && ip6->hop_limits > 1;
	return p->data_len == p->pkt_len && dp_ipv4_check_plain(ip4, len) &&
	       dp_ipv4_plain(ip4->src_addr) && ip4->time_to_live > 1;
}

/**
 * Whether every frame of @p pkts (@p n) passes same_ok() for @p max and
 * @p grow; their flow labels into @p flow.
 */
static __rte_always_inline bool
same_check(struct rte_mbuf **pkts, unsigned int n, uint32_t max, uint16_t grow,
	   uint32_t *flow, bool is_v6)
{
	unsigned int i = 0;

#ifdef DP_CHECK_X8
	/* IPv4: 8 frames at a time (check_x8.h); a block it does not pass,
	 * and what is left, the scalar way */
	uint64_t a[8], b[8];
	unsigned int k;

	for (; !is_v6 && i + 8 <= n && dp_check4_x8(pkts + i, max, grow, a, b); i += 8)
		for (k = 0; k < 8; k++)
			flow[i + k] = flow_label4(a[k], b[k]);
#endif
	for (; i < n; i++) {
		const uint8_t *l3 = rte_pktmbuf_mtod_offset(pkts[i], const uint8_t *,
							    RTE_ETHER_HDR_LEN);
		const uint32_t len = pkts[i]->pkt_len - RTE_ETHER_HDR_LEN;

		if (!same_ok(pkts[i], l3, len, max, grow, is_v6))
			return false;
		flow[i] = flow_hash_plain(l3, len, is_v6);
	}
	return true;
}

/*
 * same_check() per family, each a function of its own (why: inlined in
 * encap_same(), with that function's values live around it, the loop was
 * short of registers and kept its counter and packet pointer in vector
 * registers, moving them back per use: +15 cycles per IPv4 packet,
 * docs/performance-rounds.md, nineteenth round).
 */
static __rte_noinline bool
same_check4(struct rte_mbuf **pkts, unsigned int n, uint32_t max, uint16_t grow, uint32_t *flow)
{
	return same_check(pkts, n, max, grow, flow, false);
}

static __rte_noinline bool
same_check6(struct rte_mbuf **pkts, unsigned int n, uint32_t max, uint16_t grow, uint32_t *flow)
{
	return same_check(pkts, n, max, grow, flow, true);
}

/**
 * The first bytes of every frame of a checked run: the next hop's Ethernet
 * header, then the list's outer headers with the Next Header of the inner
 * family set (RFC 8986 §5.1 S03/S04; RFC 8754 §2). Built on the stack once
 * per chunk, so the compiler sees nothing else write it and keeps its
 * blocks in vector registers across the packets.
 */
struct frame_head {
	uint8_t b[RTE_ETHER_HDR_LEN + SRV6GW_MAX_ENCAP_BYTES + SRV6GW_HMAC_TLV_LEN];
	uint16_t len;           /**< Ethernet + outer headers, >= 54 */
};

static __rte_always_inline void
frame_head_make(struct frame_head *fh, const struct srv6gw_worker *w,
		const struct srv6gw_seglist_rt *sl, bool is_v6)
{
	eth_write(fh->b, w->txc.l2, w->txc.tail);
	memcpy(fh->b + RTE_ETHER_HDR_LEN, sl->hdr, sl->hdr_len);
	fh->b[RTE_ETHER_HDR_LEN + sl->nh_off] = is_v6 ? SRV6GW_IPPROTO_IPV6 : SRV6GW_IPPROTO_IPIP;
	fh->len = RTE_ETHER_HDR_LEN + sl->hdr_len;
}

/**
 * Copy @p fh to @p d in 32-byte blocks, the last one overlapping the one
 * before: @p blocks of them (2: up to 64 bytes, 3: 65 to 96, 4: 97 to
 * 128; a constant, so each block is one load hoisted out of the packet
 * loop and one store), or as many as it takes (0: hdr_copy()).
 */
static __rte_always_inline void
frame_head_put(uint8_t *d, const struct frame_head *fh, unsigned int blocks)
{
	const uint16_t len = fh->len;
	unsigned int o;

	if (blocks == 0) {
		hdr_copy(d, fh->b, len);
		return;
	}
	for (o = 0; o + 1 < blocks; o++)
		memcpy(d + 32 * o, fh->b + 32 * o, 32);
	memcpy(d + len - 32, fh->b + len - 32, 32);
}

/**
 * Encapsulate and queue frames @p m (@p n, flow labels @p flow, family @p
 * is_v6), all checked by the caller for list @p li of run @p r:
 * @p fh's headers in front, the inner TTL/HL decremented (RFC 8986 §5.1
 * S05), the payload length and flow label patched (RFC 8754 §5.5).
 */
static __rte_always_inline void
encap_frames(struct srv6gw_worker *w, struct rte_mbuf **m, const uint32_t *flow,
	     unsigned int n, const struct steer_run *r, unsigned int li,
	     const struct frame_head *fh, unsigned int blocks, bool is_v6)
{
	const uint16_t grow = fh->len - RTE_ETHER_HDR_LEN;     /* (the frame had one) */
	struct dp_txq t;
	unsigned int k;

	dp_txq_open(w, &t, w->txc.port, n);
	for (k = 0; k < n; k++) {
		struct rte_mbuf *p = m[k];
		uint8_t *h, tc;

		inner_hop(p, is_v6, &tc, RTE_ETHER_HDR_LEN, true);
		p->data_off -= grow;
		p->data_len += grow;
		p->pkt_len += grow;
		h = rte_pktmbuf_mtod(p, uint8_t *);
		frame_head_put(h, fh, blocks);
		outer_fields((struct rte_ipv6_hdr *)(h + RTE_ETHER_HDR_LEN),
			     p->pkt_len - RTE_ETHER_HDR_LEN - sizeof(struct rte_ipv6_hdr),
			     flow[k], tc);
		dp_txq_put(&t, p);
	}
	dp_txq_close(w, &t);
	r->ps[li].packets += n;                 /* RFC 8986 §6 CNT-2 */
	r->ps[li].bytes += t.bytes - (uint64_t)n * fh->len;
	DP_EV_ADD(w, encapsulated, n);
}

/** dp_encap_same() for one family (dp.h). */
static __rte_always_inline bool
encap_same(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n, uint32_t pol_idx,
	   bool is_v6)
{
	const struct srv6gw_pstate *st = __atomic_load_n(&w->g->pstate, __ATOMIC_ACQUIRE);
	const struct srv6gw_seglist_rt *sl;
	struct frame_head fh;
	uint32_t flow[DP_BURST];
	struct steer_run r;
	unsigned int li;

	steer_run_load(w, st, pol_idx, &r);
	li = r.sole;
	if (!r.usual || li == SRV6GW_SEL_MIX)
		return false;
	sl = &r.pol->lists[li];
	if (sl->nh == SRV6GW_NH_NONE || sl->mtu < sl->hdr_len ||
	    (!dp_tx_is_cached6(w, sl->nh) && !dp_txc_load(w, sl->nh, 0)))
		return false;
	/* 1. check, and the flow labels (+ Ethernet header - the frame's own) */
	if (!(is_v6 ? same_check6 : same_check4)(pkts, n, sl->mtu - sl->hdr_len, sl->hdr_len,
						 flow))
		return false;
	frame_head_make(&fh, w, sl, is_v6);
	if (fh.len <= 64)               /* no SRH (RFC 8986 §5.2: one SID, reduced) */
		encap_frames(w, pkts, flow, n, &r, li, &fh, 2, is_v6);
	else if (fh.len <= 96)          /* 1 or 2 SIDs */
		encap_frames(w, pkts, flow, n, &r, li, &fh, 3, is_v6);
	else if (fh.len <= 128)
		encap_frames(w, pkts, flow, n, &r, li, &fh, 4, is_v6);
	else
		encap_frames(w, pkts, flow, n, &r, li, &fh, 0, is_v6);
	return true;
}

/* (dp.h) */
bool
dp_encap_same(struct srv6gw_worker *w, struct rte_mbuf **pkts, unsigned int n, uint32_t pol,
	      bool is_v6)
{
	if (is_v6)      /* (two copies, each with its family's constants) */
		return encap_same(w, pkts, n, pol, true);
	return encap_same(w, pkts, n, pol, false);
}
