/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The srv6gw authors
 */
#ifndef SRV6GW_COUNTERS_H
#define SRV6GW_COUNTERS_H

/**
 * @file
 * Global counters, declared once.
 *
 * Each X() entry yields an enum value, the JSON key (the name as written) and
 * a help string. Drop reasons are one list; every packet srv6gw discards
 * increments exactly one of them. Events are everything else worth counting.
 *
 * Thread-safety: counters live in per-lcore, cache-aligned blocks
 * (struct srv6gw_lcore_stats) written only by the owning lcore with plain
 * stores; readers on the control thread sum all lcores with relaxed loads.
 * They only ever grow; "clear" moves a baseline kept by the reader.
 */

#include <stdint.h>

/* X(name, help) */
#define SRV6GW_DROP_REASONS(X) \
	X(l2_unknown_ethertype, "Ethernet type is not IPv4, IPv6 or ARP") \
	X(l2_other_host, "unicast frame for another MAC address") \
	X(l2_truncated, "frame shorter than its headers") \
	X(arp_malformed, "ARP packet not Ethernet/IPv4 or truncated") \
	X(arp_not_for_us, "ARP request for an address we do not own") \
	X(ipv4_malformed, "IPv4 header invalid (version, IHL, length, checksum)") \
	X(ipv6_malformed, "IPv6 header invalid (version, payload length, jumbogram)") \
	X(ipv4_martian, "IPv4 source multicast/broadcast/loopback/0, or destination loopback/0") \
	X(ipv6_martian, "IPv6 source multicast/loopback (or :: to unicast), or destination loopback/::") \
	X(ipv4_local_unhandled, "IPv4 to a local address, not an echo request") \
	X(ipv6_local_unhandled, "IPv6 to a local address, not echo/ND") \
	X(ipv6_multicast, "IPv6 multicast not handled (not ND for us)") \
	X(ipv4_multicast, "IPv4 multicast or broadcast destination") \
	X(ttl_exceeded, "TTL or hop limit expired (Time Exceeded sent)") \
	X(no_route, "no route to the destination") \
	X(neigh_unresolved, "next hop has no link-layer address yet") \
	X(mtu_exceeded, "packet larger than the egress MTU (PTB/frag-needed sent)") \
	X(frag_failed, "IPv4 fragmentation failed (no mbuf)") \
	X(srh_malformed, "SRH fails RFC 8754 checks (Parameter Problem sent)") \
	X(srh_truncated, "SRH longer than the packet") \
	X(rh_unknown_type, "unsupported Routing Type with Segments Left > 0") \
	X(srh_to_local_addr, "SRH with SL > 0 to a local address that is not a SID (RFC 8986 CNT-3)") \
	X(sid_sl_nonzero, "decapsulating SID reached with Segments Left != 0") \
	X(upper_layer_not_allowed, "upper-layer header not allowed at this SID (RFC 8986 4.1.1)") \
	X(sid_unknown, "destination inside a locator but no such SID") \
	X(inner_malformed, "decapsulated packet is invalid") \
	X(ext_chain_too_long, "extension header chain too long to walk") \
	X(ext_bad_option, "Destination Option we do not know, action bits say discard (RFC 8200 4.2)") \
	X(ext_unknown_nh, "unrecognised Next Header at a local address (Parameter Problem code 1)") \
	X(frag_unsupported, "fragment where a whole packet is needed") \
	X(ecn_ce_not_ect, "outer CE with inner Not-ECT at decapsulation (RFC 6040)") \
	X(next_sid_invalid, "next SID is multicast, unspecified, loopback or link-local") \
	X(loop_detected, "too many passes of one packet through local SIDs") \
	X(csid_zero, "NEXT-C-SID shift exposed the reserved C-SID 0 mid-container (RFC 9800 4.1)") \
	X(csid_bad_arg, "REPLACE-C-SID argument has bits set outside the C-SID index") \
	X(encap_no_headroom, "no headroom for the outer headers") \
	X(policy_down, "SR policy with no valid candidate path (RFC 9256 8.2 drop-upon-invalid)") \
	X(tx_full, "TX queue full") \
	X(link_down, "egress port link down") \
	X(no_mbuf, "no mbuf for a generated packet") \
	X(iacl_ext, "external port: destination in our locators, SID blocks or 5f00::/16 (RFC 8754 5.1, RFC 9602)") \
	X(iacl_srh, "external port with drop_srh: packet carries a Segment Routing Header") \
	X(iacl_src, "source not in the SID's allowed_sources (RFC 8754 5.1)") \
	X(urpf_failed, "uRPF: no route back to the source (loose) or not via the ingress port (strict)") \
	X(hmac_missing, "HMAC required but no SRH HMAC TLV (RFC 8754 2.1.2)") \
	X(hmac_malformed, "SRH TLVs overrun the SRH, or HMAC TLV length not 38 (Parameter Problem sent)") \
	X(hmac_unknown_key, "HMAC key id not in the key file (Parameter Problem sent)") \
	X(hmac_invalid, "HMAC or destination check failed (Parameter Problem sent)") \
	X(ptb_unmatched, "Packet Too Big about no segment list of ours (RFC 8754 5.4)")

#define SRV6GW_EVENTS(X) \
	X(rx_packets, "packets received") \
	X(rx_bytes, "bytes received") \
	X(chunks, "chunks of received frames processed as one (a burst, in pieces of at most 32): rx_packets / chunks is the mean chunk") \
	X(chunks_alike, "chunks whose frames were alike (one shape) and took one of the lane's shorter ways whole: uniform, shaped or IPv4 (docs/design.md)") \
	X(chunks_general, "chunks with a packet the express lane does not take, each of their packets taken the general way") \
	X(tx_packets, "packets transmitted") \
	X(tx_bytes, "bytes transmitted") \
	X(forwarded_ipv4, "IPv4 packets routed") \
	X(forwarded_ipv6, "IPv6 packets routed (incl. SRv6 transit)") \
	X(encapsulated, "packets encapsulated by a headend policy") \
	X(decapsulated, "packets decapsulated by an End.D* SID") \
	X(sid_processed, "packets processed by a local SID") \
	X(csid_shifts, "NEXT-C-SID shifts of the destination address (RFC 9800 4.1)") \
	X(express_packets, "packets processed by the express lane (chunks of usual End, End.X, uN, End.DX4, End.DT6, transit and steered packets; alike chunks' shorter ways included, docs/design.md)") \
	X(csid_replaced, "REPLACE-C-SID C-SIDs written into the destination (RFC 9800 4.2)") \
	X(ipv4_fragments_out, "fragments made before encapsulation") \
	X(arp_replies_sent, "ARP replies sent") \
	X(arp_requests_sent, "ARP requests sent") \
	X(nd_advert_sent, "Neighbor Advertisements sent") \
	X(nd_solicit_sent, "Neighbor Solicitations sent") \
	X(neigh_learned, "link-layer addresses learned") \
	X(neigh_probed, "probes of learned neighbours used after neighbor_timers.reachable_ms of silence") \
	X(neigh_expired, "learned neighbours given up: neighbor_timers.probes seconds of probes unanswered") \
	X(echo_replies_sent, "ICMP/ICMPv6 echo replies sent") \
	X(icmp_errors_sent, "ICMP/ICMPv6 error messages sent") \
	X(icmp_rate_limited, "ICMP errors not sent: rate limit") \
	X(icmp_suppressed, "ICMP errors not sent: RFC 4443 2.4(e) / RFC 1812") \
	X(icmp_no_source, "ICMP errors not sent: no source address") \
	X(icmp_no_route, "ICMP errors not sent: no route back to the source") \
	X(hmac_verified, "SRH HMAC TLVs verified (RFC 8754 2.1.2)") \
	X(oam_flagged, "SRHs with the O-flag processed (RFC 9259)") \
	X(oam_copied, "O-flag packets copied to the OAM ring") \
	X(oam_rate_limited, "O-flag copies not made: rate limit") \
	X(oam_copy_failed, "O-flag copies not made: no mbuf or OAM ring full") \
	X(pmtu_lowered, "Packet Too Big for one of our segment lists: its path MTU lowered (RFC 8754 5.4)")

#define SRV6GW_X_ENUM(name, help) SRV6GW_C_##name,
enum srv6gw_drop {
	SRV6GW_DROP_REASONS(SRV6GW_X_ENUM)
	SRV6GW_DROP_COUNT
};
enum srv6gw_event {
	SRV6GW_EVENTS(SRV6GW_X_ENUM)
	SRV6GW_EVENT_COUNT
};
#undef SRV6GW_X_ENUM

#define SRV6GW_DROP(name) SRV6GW_C_##name
#define SRV6GW_EV(name) SRV6GW_C_##name

/** JSON keys, index by enum value. */
extern const char *const srv6gw_drop_names[SRV6GW_DROP_COUNT];
extern const char *const srv6gw_drop_help[SRV6GW_DROP_COUNT];
extern const char *const srv6gw_event_names[SRV6GW_EVENT_COUNT];
extern const char *const srv6gw_event_help[SRV6GW_EVENT_COUNT];

#endif
