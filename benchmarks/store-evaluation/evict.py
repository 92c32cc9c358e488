#!/usr/bin/env python3
"""Drop one store's files from the OS page cache (fsync, then POSIX_FADV_DONTNEED), for cold-start timings."""
import os, sys
n = 0
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        fd = os.open(os.path.join(root, f), os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            n += 1
        finally:
            os.close(fd)
print(f"evicted {n} files under {sys.argv[1]}")
