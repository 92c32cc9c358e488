#!/usr/bin/env python3
"""Markdown tables from a JMH JSON result file (`-rf json`), as used in docs/performance.md.

Usage: results_table.py RESULT.json
One row per benchmark and parameter set: ops/s with its 99.9% error, MB/s (the `bytes` auxiliary
counter / 10^6, where present), gc.alloc.rate.norm in B/op (with -prof gc), and the spread of the
measurement iterations (min..max ops/s) so that noise is visible.
"""
import json
import sys


def fmt(value, digits=0):
    return f"{value:,.{digits}f}"


def main():
    results = json.load(open(sys.argv[1]))
    groups = {}
    for r in results:
        cls, method = r["benchmark"].rsplit(".", 2)[-2:]
        groups.setdefault(cls, []).append((method, r))
    for cls, rows in groups.items():
        print(f"\n#### {cls}\n")
        print("| method | params | ops/s | ± (99.9%) | min..max ops/s | MB/s | B/op |")
        print("|---|---|--:|--:|--:|--:|--:|")
        for method, r in rows:
            params = ", ".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
            pm = r["primaryMetric"]
            raw = [x for fork in pm["rawData"] for x in fork]
            sec = r.get("secondaryMetrics", {})
            mbs = sec.get("bytes")
            mb = (f"{fmt(mbs['score'] / 1e6, 1)} ± {fmt(mbs['scoreError'] / 1e6, 1)}"
                  if mbs else "")
            norm = sec.get("gc.alloc.rate.norm")
            bop = fmt(norm["score"]) if norm else ""
            print(f"| {method} | {params} | {fmt(pm['score'])} | {fmt(pm['scoreError'])} "
                  f"| {fmt(min(raw))}..{fmt(max(raw))} | {mb} | {bop} |")


if __name__ == "__main__":
    main()
