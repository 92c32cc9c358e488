#!/usr/bin/env python3
"""Median (and min..max) of bench RESULT lines over rounds: summarize.py results/bench-*.txt"""
import re, sys, statistics, collections
d = collections.defaultdict(list)
for f in sys.argv[1:]:
    for line in open(f):
        m = re.match(r"RESULT (\S+)\s+(\S+)\s+inflight=(\d+)\s+ops/s=\s*(\d+)\s+avgBatch=\s*([\d.]+)\s+p50ms=\s*([\d.]+)\s+p99ms=\s*([\d.]+)", line)
        if m:
            d[(m[1], m[2], int(m[3]))].append((int(m[4]), float(m[6]), float(m[7])))
for k in sorted(d):
    ops = [x[0] for x in d[k]]
    print(f"{k[0]:14s} {k[1]:6s} {k[2]:5d}  median {statistics.median(ops):7.0f}/s  range {min(ops)}..{max(ops)}  "
          f"p50 {statistics.median([x[1] for x in d[k]]):.1f} ms  p99 {statistics.median([x[2] for x in d[k]]):.0f} ms  (n={len(ops)})")
