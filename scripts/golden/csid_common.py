# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""What the C-SID case modules share: RFC references, decision texts, the
inner packets and the locator structures (LBL, LNFL)."""

from .config import H6E2
from .packets import v4_udp, v6_udp

R9800_NEXT = "RFC 9800 §4.1.1 (NEXT-C-SID S01-S09)"
R9800_REPL = "RFC 9800 §4.2.1 (REPLACE-C-SID S01-S30)"
D_DECAP_ARG = ("A decapsulating SID with a C-SID flavour is matched on block + C-SID whatever "
               "follows (RFC 9800 §4.1: 'MUST accept any argument value'); the argument is "
               "ignored and the behaviour is exactly RFC 8986's (notes §3.4: 'Their "
               "processing is exactly the RFC 8986 processing').")
D_ERR_AFTER = ("An error raised by the FIB lookup after the shift quotes the packet as shifted "
               "(HL-1, new DA), like every error after SID processing (README decision 1).")

# inner packets of the C-SID cases
def ci6(n, seed=0, dst=None):
    return v6_udp("2001:db8:aa::5", dst or H6E2, 9000 + seed, 9001, n, seed=seed, hl=40)


def ci4(n, seed=0, dst="198.19.5.5"):
    return v4_udp("198.18.9.1", dst, 9100 + seed, 9101, n, seed=seed, ttl=40, ident=0x4800 + seed)


F32 = (32, 16)      # F3216: LBL 32, LNFL 16
S48 = (48, 16)      # 48/16: LBL 48, LNFL 16
R16 = (48, 16)      # REPLACE, 16-bit C-SIDs
R32 = (48, 32)      # REPLACE, 32-bit C-SIDs (node 16 + function 16)
