#!/usr/bin/env python3
"""Top self-time frames, inclusive methods and allocation sites of a JMH `-prof jfr` recording.

Usage: jfr_hotspots.py PROFILE.jfr [TOP]
Reads `jfr print --json` (JDK 17 `jfr` tool on the PATH). Counts jdk.ExecutionSample stacks
(self = top frame, inclusive = any frame, each method counted once per stack) and weights
jdk.ObjectAllocationSample events by their sampled weight (bytes) per allocating frame, skipping
JDK/Netty frames to name the first org.starlane frame as the site.
"""
import collections
import json
import subprocess
import sys


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    for f in stack.get("frames") or []:
        m = f["method"]
        cls = m["type"]["name"].replace("/", ".")
        yield f"{cls}.{m['name']}", f.get("lineNumber", -1)


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    out = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "64", "--events",
         "jdk.ExecutionSample,jdk.ObjectAllocationSample", path],
        check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    self_t, incl, alloc_site, alloc_type = (collections.Counter() for _ in range(4))
    samples = 0
    alloc_total = 0
    for e in events:
        fs = list(frames(e))
        if e["type"] == "jdk.ExecutionSample":
            if not fs:
                continue
            samples += 1
            self_t[f"{fs[0][0]}:{fs[0][1]}"] += 1
            for name in {n for n, _ in fs}:
                incl[name] += 1
        else:
            weight = e["values"].get("weight", 0)
            alloc_total += weight
            cls = e["values"]["objectClass"]["name"].replace("/", ".")
            site = next((f"{n}:{l}" for n, l in fs if n.startswith("org.starlane")
                         and ".benchmarks." not in n), "?")
            first = f"{fs[0][0]}:{fs[0][1]}" if fs else "?"
            alloc_site[f"{cls} <- {first} <- {site}"] += weight
            alloc_type[cls] += weight
    print(f"{path}\n{samples} execution samples")
    print("\nself time (top frame:line)")
    for k, v in self_t.most_common(top):
        print(f"  {100.0 * v / samples:5.1f}%  {k}")
    print("\ninclusive (any frame)")
    for k, v in incl.most_common(top + 10):
        if "openjdk.jmh" in k or "jmh_generated" in k or k.startswith("java.lang.Thread"):
            continue
        print(f"  {100.0 * v / samples:5.1f}%  {k}")
    if alloc_total:
        print("\nallocation (sampled weight share) by class <- allocating frame <- first starlane frame")
        for k, v in alloc_site.most_common(top + 10):
            print(f"  {100.0 * v / alloc_total:5.1f}%  {k}")


if __name__ == "__main__":
    main()
