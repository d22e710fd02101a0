# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The srv6gw authors
"""The golden pcap generator, by concern; scripts/gen_golden.py runs it."""
